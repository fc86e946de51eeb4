//! Which route a packet takes, on hand-made tables.

use vpnroute_rules::lookup::{BgpRoute, RouteKind, RouteTable, Router};
use vpnroute_rules::{DestinationRoute, PolicyRoute, Weight};

fn policy(source: &str, dest: &str, hop: &str, weight: Weight, priority: u8) -> PolicyRoute {
    PolicyRoute {
        route_source: source.parse().unwrap(),
        route_dest: dest.parse().unwrap(),
        next_hop: hop.to_owned(),
        weight,
        priority,
    }
}

fn destination(dest: &str, hop: &str, weight: Weight) -> DestinationRoute {
    DestinationRoute {
        route_dest: dest.parse().unwrap(),
        next_hop: hop.to_owned(),
        weight,
    }
}

fn table() -> RouteTable {
    RouteTable {
        policy_routes: vec![
            policy(
                "10.0.0.0/8",
                "172.16.0.0/12",
                "vco-wide",
                Weight::Active,
                20,
            ),
            policy(
                "10.1.0.0/16",
                "172.16.0.0/16",
                "vco-narrow",
                Weight::Active,
                5,
            ),
            policy(
                "10.1.0.0/16",
                "172.16.0.0/16",
                "vco-narrow-standby",
                Weight::Standby,
                5,
            ),
        ],
        destination_routes: vec![
            destination("192.168.0.0/16", "vco-dest-wide", Weight::Active),
            destination("192.168.1.0/24", "vco-dest-narrow", Weight::Active),
            destination("192.168.1.0/24", "vco-dest-standby", Weight::Standby),
        ],
        bgp_routes: vec![BgpRoute {
            route_dest: "0.0.0.0/0".parse().unwrap(),
            next_hop: "vco-bgp".to_owned(),
        }],
    }
}

fn ask(router: &Router, source: &str, dest: &str) -> (Option<RouteKind>, Option<String>, String) {
    let found = router.lookup(source.parse().unwrap(), dest.parse().unwrap());
    (found.kind, found.next_hop, found.reason)
}

#[test]
fn policy_priority_beats_prefix_length() {
    let router = Router::new(table(), []);
    let (kind, hop, reason) = ask(&router, "10.1.2.3", "172.16.9.9");
    assert_eq!(
        (kind, hop.as_deref()),
        (Some(RouteKind::Policy), Some("vco-narrow"))
    );
    assert!(reason.contains("priority 5"), "{reason}");
    let (_, hop, _) = ask(&router, "10.2.0.1", "172.16.9.9");
    assert_eq!(
        hop.as_deref(),
        Some("vco-wide"),
        "only the wide policy holds the source"
    );
}

#[test]
fn the_standby_carries_traffic_when_the_active_connection_is_down() {
    let router = Router::new(
        table(),
        ["vco-narrow".to_owned(), "vco-dest-narrow".to_owned()],
    );
    let (_, hop, reason) = ask(&router, "10.1.2.3", "172.16.9.9");
    assert_eq!(hop.as_deref(), Some("vco-narrow-standby"));
    assert!(
        reason.contains("vco-narrow of the active route is down"),
        "{reason}"
    );
    let (kind, hop, _) = ask(&router, "10.9.9.9", "192.168.1.7");
    assert_eq!(
        (kind, hop.as_deref()),
        (Some(RouteKind::Destination), Some("vco-dest-standby"))
    );
}

#[test]
fn both_down_keeps_the_active_route() {
    let router = Router::new(
        table(),
        ["vco-dest-narrow".to_owned(), "vco-dest-standby".to_owned()],
    );
    assert_eq!(
        ask(&router, "10.9.9.9", "192.168.1.7").1.as_deref(),
        Some("vco-dest-narrow")
    );
}

#[test]
fn destination_routes_use_the_longest_prefix_then_bgp() {
    let router = Router::new(table(), []);
    assert_eq!(
        ask(&router, "1.1.1.1", "192.168.1.7").1.as_deref(),
        Some("vco-dest-narrow")
    );
    assert_eq!(
        ask(&router, "1.1.1.1", "192.168.2.7").1.as_deref(),
        Some("vco-dest-wide")
    );
    let (kind, hop, reason) = ask(&router, "1.1.1.1", "8.8.8.8");
    assert_eq!(
        (kind, hop.as_deref()),
        (Some(RouteKind::Bgp), Some("vco-bgp"))
    );
    assert!(reason.contains("BGP"), "{reason}");
}

#[test]
fn a_packet_no_route_holds_is_not_routed() {
    let router = Router::new(RouteTable::default(), []);
    let (kind, hop, reason) = ask(&router, "10.0.0.1", "10.0.0.2");
    assert_eq!((kind, hop), (None, None));
    assert!(reason.contains("not routed"), "{reason}");
}
