//! The impact and failover reports held to a brute-force reference: on random tables whose
//! routes all lie in 10.0.0.0/28, every one of the 16 x 16 packets of that block (and packets
//! from and to addresses around it, since destination routes take any source) is looked up
//! before and after, and the reported blocks must hold exactly the packets whose next hop
//! changed, each with the outcome the lookup gives, without overlapping.

use ipnet::Ipv4Net;
use proptest::prelude::*;
use std::net::Ipv4Addr;
use vpnroute_rules::impact::{failover, table_impact, Outcome, TrafficBlock};
use vpnroute_rules::lookup::{BgpRoute, RouteTable, Router};
use vpnroute_rules::{DestinationRoute, GatewaySnapshot, PolicyRoute, TableSnapshot, Weight};

const BASE: u32 = 0x0a00_0000;
const HOPS: [&str; 3] = ["vco-a", "vco-b", "vco-c"];

fn prefix() -> impl Strategy<Value = Ipv4Net> {
    (28u8..=32, 0u32..16).prop_map(|(len, offset)| {
        Ipv4Net::new(Ipv4Addr::from(BASE + offset), len)
            .unwrap()
            .trunc()
    })
}

fn hop() -> impl Strategy<Value = String> {
    prop::sample::select(&HOPS[..]).prop_map(str::to_owned)
}

fn weight() -> impl Strategy<Value = Weight> {
    prop_oneof![Just(Weight::Active), Just(Weight::Standby)]
}

fn policy() -> impl Strategy<Value = PolicyRoute> {
    (prefix(), prefix(), hop(), weight(), 1u8..=3).prop_map(
        |(route_source, route_dest, next_hop, weight, priority)| PolicyRoute {
            route_source,
            route_dest,
            next_hop,
            weight,
            priority,
        },
    )
}

fn destination() -> impl Strategy<Value = DestinationRoute> {
    (prefix(), hop(), weight()).prop_map(|(route_dest, next_hop, weight)| DestinationRoute {
        route_dest,
        next_hop,
        weight,
    })
}

fn bgp() -> impl Strategy<Value = BgpRoute> {
    (prefix(), hop()).prop_map(|(route_dest, next_hop)| BgpRoute {
        route_dest,
        next_hop,
    })
}

fn table() -> impl Strategy<Value = RouteTable> {
    (
        prop::collection::vec(policy(), 0..6),
        prop::collection::vec(destination(), 0..6),
        prop::collection::vec(bgp(), 0..3),
    )
        .prop_map(
            |(policy_routes, destination_routes, bgp_routes)| RouteTable {
                policy_routes,
                destination_routes,
                bgp_routes,
            },
        )
}

/// A change to a table: what a plan's rows can do to it.
#[derive(Clone, Debug)]
enum Edit {
    DeletePolicy(usize),
    DeleteDestination(usize),
    AddPolicy(PolicyRoute),
    AddDestination(DestinationRoute),
    FlipPolicyWeight(usize),
    FlipDestinationWeight(usize),
    SetPriority(usize, u8),
    /// Deleted and created again: the same route, last in creation order.
    RecreatePolicy(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::DeletePolicy),
        any::<usize>().prop_map(Edit::DeleteDestination),
        policy().prop_map(Edit::AddPolicy),
        destination().prop_map(Edit::AddDestination),
        any::<usize>().prop_map(Edit::FlipPolicyWeight),
        any::<usize>().prop_map(Edit::FlipDestinationWeight),
        (any::<usize>(), 1u8..=3).prop_map(|(i, p)| Edit::SetPriority(i, p)),
        any::<usize>().prop_map(Edit::RecreatePolicy),
    ]
}

fn apply(table: &RouteTable, edits: &[Edit]) -> RouteTable {
    let mut t = table.clone();
    for edit in edits {
        let (p, d) = (t.policy_routes.len(), t.destination_routes.len());
        match edit {
            Edit::DeletePolicy(i) if p > 0 => {
                t.policy_routes.remove(i % p);
            }
            Edit::DeleteDestination(i) if d > 0 => {
                t.destination_routes.remove(i % d);
            }
            Edit::AddPolicy(r) => t.policy_routes.push(r.clone()),
            Edit::AddDestination(r) => t.destination_routes.push(r.clone()),
            Edit::FlipPolicyWeight(i) if p > 0 => {
                let r = &mut t.policy_routes[i % p];
                r.weight = r.weight.other();
            }
            Edit::FlipDestinationWeight(i) if d > 0 => {
                let r = &mut t.destination_routes[i % d];
                r.weight = r.weight.other();
            }
            Edit::SetPriority(i, priority) if p > 0 => t.policy_routes[i % p].priority = *priority,
            Edit::RecreatePolicy(i) if p > 0 => {
                let r = t.policy_routes.remove(i % p);
                t.policy_routes.push(r);
            }
            _ => {}
        }
    }
    t
}

/// The next hop of a packet, or `None` when it is not routed or its connection is down.
fn hop_of(router: &Router, down: &[String], s: u32, d: u32) -> (bool, Option<String>) {
    match router.lookup(Ipv4Addr::from(s), Ipv4Addr::from(d)).next_hop {
        None => (false, None),
        Some(hop) => (true, (!down.contains(&hop)).then_some(hop)),
    }
}

/// The 16 addresses of 10.0.0.0/28 and some on either side of it.
fn addresses() -> impl Iterator<Item = u32> + Clone {
    (BASE..BASE + 16).chain([0, BASE - 1, BASE + 16, u32::MAX])
}

fn packets() -> impl Iterator<Item = (u32, u32)> {
    addresses().flat_map(|s| addresses().map(move |d| (s, d)))
}

fn overlap(a: &TrafficBlock, b: &TrafficBlock) -> bool {
    let meets =
        |(af, al): (Ipv4Addr, Ipv4Addr), (bf, bl): (Ipv4Addr, Ipv4Addr)| af <= bl && bf <= al;
    meets(
        (a.source.first, a.source.last),
        (b.source.first, b.source.last),
    ) && meets(
        (a.destination.first, a.destination.last),
        (b.destination.first, b.destination.last),
    )
}

fn block_of(blocks: &[TrafficBlock], s: u32, d: u32) -> Vec<&TrafficBlock> {
    blocks
        .iter()
        .filter(|b| {
            let (sf, sl) = (u32::from(b.source.first), u32::from(b.source.last));
            let (df, dl) = (
                u32::from(b.destination.first),
                u32::from(b.destination.last),
            );
            (sf..=sl).contains(&s) && (df..=dl).contains(&d)
        })
        .collect()
}

fn routed(outcome: &Outcome) -> (bool, Option<String>) {
    (outcome.kind.is_some(), outcome.next_hop.clone())
}

/// The blocks hold exactly the packets whose answer differs between the two sides, with the
/// answer of each side, and do not overlap.
fn holds_exactly(
    blocks: &[TrafficBlock],
    before: (&Router, &[String]),
    after: (&Router, &[String]),
) -> Result<(), TestCaseError> {
    for (i, a) in blocks.iter().enumerate() {
        for b in &blocks[i + 1..] {
            prop_assert!(!overlap(a, b), "{:?} overlaps {:?}", a, b);
        }
    }
    for (s, d) in packets() {
        let was = hop_of(before.0, before.1, s, d);
        let is = hop_of(after.0, after.1, s, d);
        let found = block_of(blocks, s, d);
        prop_assert!(found.len() <= 1, "blocks overlap at {s:x} {d:x}");
        if was == is {
            prop_assert!(
                found.is_empty(),
                "unchanged {s:x} -> {d:x} reported: {found:?}"
            );
        } else {
            prop_assert_eq!(
                found.len(),
                1,
                "changed {:x} -> {:x} ({:?} to {:?}) missed",
                s,
                d,
                was,
                is
            );
            prop_assert_eq!(routed(&found[0].before), was);
            prop_assert_eq!(routed(&found[0].after), is);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn impact_is_exactly_the_packets_whose_next_hop_changes(before in table(), edits in prop::collection::vec(edit(), 0..5)) {
        let after = apply(&before, &edits);
        let blocks = table_impact(&before, &after);
        let (r0, r1) = (Router::new(before.clone(), []), Router::new(after.clone(), []));
        holds_exactly(&blocks, (&r0, &[]), (&r1, &[]))?;
        let mut sizes: Vec<u128> = blocks.iter().map(|b| b.pairs()).collect();
        let sorted = { let mut s = sizes.clone(); s.sort_by(|a, b| b.cmp(a)); s };
        prop_assert_eq!(std::mem::take(&mut sizes), sorted, "largest first");
        if edits.is_empty() {
            prop_assert!(blocks.is_empty(), "a plan that changes nothing reports nothing");
        }
    }

    #[test]
    fn failover_is_exactly_the_packets_that_move_when_a_connection_is_down(table in table()) {
        let snapshot = TableSnapshot {
            gateways: vec![GatewaySnapshot {
                vpn_gateway_id: "vpn-a".to_owned(),
                policy_routes: table.policy_routes.clone(),
                destination_routes: table.destination_routes.clone(),
                bgp_routes: table.bgp_routes.clone(),
                ..GatewaySnapshot::default()
            }],
            ..TableSnapshot::default()
        };
        let report = failover(&snapshot, "vpn-a").unwrap();
        let up = Router::new(table.clone(), []);
        for connection in &report {
            let down = vec![connection.connection.clone()];
            let router = Router::new(table.clone(), down.clone());
            holds_exactly(&connection.blocks, (&up, &[]), (&router, &down))?;
        }
    }
}

#[test]
fn merged_blocks_are_as_few_as_the_changes_allow() {
    let route = |dest: &str, hop: &str| DestinationRoute {
        route_dest: dest.parse().unwrap(),
        next_hop: hop.to_owned(),
        weight: Weight::Active,
    };
    let before = RouteTable {
        destination_routes: vec![route("10.0.0.0/24", "vco-a"), route("10.0.1.0/24", "vco-a")],
        ..RouteTable::default()
    };
    let after = RouteTable {
        destination_routes: vec![route("10.0.0.0/23", "vco-b")],
        ..RouteTable::default()
    };
    let blocks = table_impact(&before, &after);
    assert_eq!(
        blocks.len(),
        2,
        "two routes before, so two befores: {blocks:#?}"
    );
    assert_eq!(blocks[0].source.first, Ipv4Addr::new(0, 0, 0, 0));
    assert_eq!(blocks[0].source.last, Ipv4Addr::new(255, 255, 255, 255));
    assert_eq!(blocks[0].pairs(), 256 * (1u128 << 32));
    let same = RouteTable {
        destination_routes: vec![route("10.0.0.0/24", "vco-b"), route("10.0.1.0/24", "vco-b")],
        ..RouteTable::default()
    };
    let moved = table_impact(&before, &same);
    assert_eq!(moved.len(), 2, "each route is named in its block");
    let one_route = RouteTable {
        destination_routes: vec![route("10.0.0.0/23", "vco-a")],
        ..RouteTable::default()
    };
    let merged = table_impact(&one_route, &after);
    assert_eq!(merged.len(), 1, "one /23 block, not two /24s: {merged:#?}");
    assert_eq!(merged[0].destination.first, Ipv4Addr::new(10, 0, 0, 0));
    assert_eq!(merged[0].destination.last, Ipv4Addr::new(10, 0, 1, 255));
}

#[test]
fn an_intent_file_is_read_and_a_broken_intent_names_its_first_counterexample() {
    let text = r#"
[[intent]]
name = "branch to HQ"
gateway = "vpn-a"
from = "10.1.0.0/16"
to = "172.16.0.0/12"
via = "vco-a"
backup = "vco-b"

[[intent]]
gateway = "vpn-a"
never_via = "vco-x"
"#;
    let intents = vpnroute_rules::intents::parse_intents("intents.toml", text).unwrap();
    assert_eq!(intents.len(), 2);
    let route = |dest: &str, hop: &str, weight| DestinationRoute {
        route_dest: dest.parse().unwrap(),
        next_hop: hop.to_owned(),
        weight,
    };
    let snapshot = TableSnapshot {
        gateways: vec![GatewaySnapshot {
            vpn_gateway_id: "vpn-a".to_owned(),
            destination_routes: vec![
                route("172.16.0.0/12", "vco-a", Weight::Active),
                route("172.16.0.0/12", "vco-b", Weight::Standby),
            ],
            policy_routes: vec![PolicyRoute {
                route_source: "10.1.2.0/24".parse().unwrap(),
                route_dest: "172.16.5.0/24".parse().unwrap(),
                next_hop: "vco-x".to_owned(),
                weight: Weight::Active,
                priority: 5,
            }],
            ..GatewaySnapshot::default()
        }],
        ..TableSnapshot::default()
    };
    let findings = vpnroute_rules::intents::check_intents(&intents, &snapshot, None);
    let messages: Vec<(usize, &str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f.intent,
                f.diagnostic.rule.as_ref(),
                f.diagnostic.message.as_str(),
            )
        })
        .collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert_eq!(messages[0].1, "intent-via");
    assert_eq!(
        messages[0].2,
        "branch to HQ: a packet from 10.1.2.0 to 172.16.5.0 leaves via vco-x (policy route 10.1.2.0/24 -> 172.16.5.0/24, priority 5); it should leave via vco-a."
    );
    assert_eq!(messages[1].1, "intent-never-via");
    assert!(messages[1]
        .2
        .starts_with("intent 2: a packet from 10.1.2.0 to 172.16.5.0 leaves via vco-x"));

    let wrong = "[[intent]]\ngateway = \"vpn-a\"\nvia = \"vco-a\"\nnever_via = \"vco-b\"\n";
    let problem = vpnroute_rules::intents::parse_intents("bad.toml", wrong).unwrap_err();
    assert!(problem.contains("bad.toml: intent 1"), "{problem}");
    assert!(problem.contains("exactly one of"), "{problem}");
    let as_json = r#"{"intent": [
        {"name": "branch to HQ", "gateway": "vpn-a", "from": "10.1.0.0/16", "to": "172.16.0.0/12", "via": "vco-a", "backup": "vco-b"},
        {"gateway": "vpn-a", "never_via": "vco-x"}]}"#;
    assert_eq!(
        vpnroute_rules::intents::parse_intents("intents.json", as_json).unwrap(),
        intents,
        "the JSON form reads as the TOML file does"
    );
    let typo = "[[intent]]\ngateway = \"vpn-a\"\nvai = \"vco-a\"\n";
    assert!(vpnroute_rules::intents::parse_intents("typo.toml", typo)
        .unwrap_err()
        .contains("vai"));
}

#[test]
fn the_intent_schema_names_exactly_the_fields_intents_are_read_with() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../intents.schema.json")).unwrap();
    let mut in_schema: Vec<String> = schema["$defs"]["intent"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let full = vpnroute_rules::model::intent::Intent {
        name: "n".to_owned(),
        gateway: "vpn-a".to_owned(),
        from: "10.0.0.0/8".parse().unwrap(),
        to: "172.16.0.0/12".parse().unwrap(),
        via: Some("vco-a".to_owned()),
        backup: Some("vco-b".to_owned()),
        never_via: Some("vco-x".to_owned()),
        routed: Some(false),
    };
    let mut read_with: Vec<String> = serde_json::to_value(&full)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    in_schema.sort();
    read_with.sort();
    assert_eq!(in_schema, read_with);
    assert_eq!(
        schema["$defs"]["intent"]["required"],
        serde_json::json!(["gateway"])
    );
}
