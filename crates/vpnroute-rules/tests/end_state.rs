//! `plan::end_state`: the tables a plan leaves, made by the same walk as its checks.

use vpnroute_rules::model::routes::{PublishedRoute, RouteType};
use vpnroute_rules::{
    end_state, ConnectionSnapshot, DestinationRoute, GatewaySnapshot, Operation, PlanRequest,
    PolicyRoute, TableSnapshot, Weight,
};

fn row(operation: Operation, pairs: &[(&str, &str)]) -> PlanRequest {
    PlanRequest {
        operation,
        params: pairs.iter().copied().collect(),
    }
}

fn route(dest: &str, hop: &str, weight: Weight) -> DestinationRoute {
    DestinationRoute {
        route_dest: dest.parse().unwrap(),
        next_hop: hop.to_owned(),
        weight,
    }
}

fn published(route_type: RouteType, dest: &str, hop: &str) -> PublishedRoute {
    PublishedRoute {
        route_type,
        route_dest: dest.parse().unwrap(),
        next_hop: hop.to_owned(),
    }
}

fn snapshot() -> TableSnapshot {
    TableSnapshot {
        gateways: vec![GatewaySnapshot {
            vpn_gateway_id: "vpn-a1".to_owned(),
            connections: vec!["vco-x1".to_owned(), "vco-x2".to_owned()],
            destination_routes: vec![
                route("10.0.0.0/24", "vco-x1", Weight::Active),
                route("10.0.0.0/24", "vco-x2", Weight::Standby),
                route("10.9.0.0/24", "vco-x1", Weight::Active),
            ],
            policy_routes: vec![PolicyRoute {
                route_source: "192.168.1.0/24".parse().unwrap(),
                route_dest: "172.16.0.0/24".parse().unwrap(),
                next_hop: "vco-x1".to_owned(),
                weight: Weight::Active,
                priority: 10,
            }],
            published: vec![published(RouteType::Dbr, "10.9.0.0/24", "vco-x1")],
            ..GatewaySnapshot::default()
        }],
        connections: vec![ConnectionSnapshot {
            vpn_connection_id: "vco-c1".to_owned(),
            routes: vec![route("10.1.0.0/24", "vco-c1", Weight::Active)],
            ..ConnectionSnapshot::default()
        }],
        ..TableSnapshot::default()
    }
}

const GW: (&str, &str) = ("VpnGatewayId", "vpn-a1");
const REGION: (&str, &str) = ("RegionId", "cn-hangzhou");

#[test]
fn accepted_rows_are_made_in_order_and_refused_ones_change_nothing() {
    let plan = [
        // The swap of a pair: delete the standby, demote the active, add the new active.
        row(
            Operation::DeleteVpnRouteEntry,
            &[
                REGION,
                GW,
                ("RouteDest", "10.0.0.0/24"),
                ("NextHop", "vco-x2"),
                ("Weight", "0"),
            ],
        ),
        row(
            Operation::ModifyVpnRouteEntryWeight,
            &[
                REGION,
                GW,
                ("RouteDest", "10.0.0.0/24"),
                ("NextHop", "vco-x1"),
                ("Weight", "100"),
                ("NewWeight", "0"),
            ],
        ),
        row(
            Operation::CreateVpnRouteEntry,
            &[
                REGION,
                GW,
                ("RouteDest", "10.0.0.0/24"),
                ("NextHop", "vco-x2"),
                ("Weight", "100"),
                ("PublishVpc", "true"),
            ],
        ),
        // Refused: the route is not there.
        row(
            Operation::DeleteVpnRouteEntry,
            &[
                REGION,
                GW,
                ("RouteDest", "10.7.0.0/24"),
                ("NextHop", "vco-x1"),
                ("Weight", "100"),
            ],
        ),
        row(
            Operation::ModifyVpnPbrRouteEntryPriority,
            &[
                REGION,
                GW,
                ("RouteSource", "192.168.1.0/24"),
                ("RouteDest", "172.16.0.0/24"),
                ("NextHop", "vco-x1"),
                ("Weight", "100"),
                ("NewPriority", "5"),
            ],
        ),
        row(
            Operation::PublishVpnRouteEntry,
            &[
                REGION,
                GW,
                ("RouteDest", "10.9.0.0/24"),
                ("NextHop", "vco-x1"),
                ("RouteType", "dbr"),
                ("PublishVpc", "false"),
            ],
        ),
        row(
            Operation::CreateVcoRouteEntry,
            &[
                REGION,
                ("VpnConnectionId", "vco-c2"),
                ("RouteDest", "10.2.0.0/24"),
                ("NextHop", "vco-c2"),
                ("Weight", "100"),
            ],
        ),
        row(
            Operation::DeleteVcoRouteEntry,
            &[
                REGION,
                ("VpnConnectionId", "vco-c1"),
                ("RouteDest", "10.1.0.0/24"),
                ("NextHop", "vco-c1"),
                ("Weight", "100"),
            ],
        ),
    ];
    let end = end_state(&plan, &snapshot());
    let gateway = end.gateway(Some("vpn-a1")).unwrap();
    assert_eq!(
        gateway.destination_routes,
        [
            route("10.0.0.0/24", "vco-x1", Weight::Standby),
            route("10.9.0.0/24", "vco-x1", Weight::Active),
            route("10.0.0.0/24", "vco-x2", Weight::Active),
        ]
    );
    assert_eq!(gateway.policy_routes[0].priority, 5);
    assert_eq!(
        gateway.published,
        [published(RouteType::Dbr, "10.0.0.0/24", "vco-x2")]
    );
    assert_eq!(gateway.connections, ["vco-x1", "vco-x2"]);
    assert!(end.connection(Some("vco-c1")).unwrap().routes.is_empty());
    assert_eq!(
        end.connection(Some("vco-c2")).unwrap().routes,
        [route("10.2.0.0/24", "vco-c2", Weight::Active)],
        "a connection the snapshot lacks is added with what the plan puts in it"
    );
}

#[test]
fn a_plan_of_creates_ends_with_them_in_the_tables() {
    let plan = [
        row(
            Operation::CreateVpnRouteEntry,
            &[
                REGION,
                GW,
                ("RouteDest", "10.5.0.0/24"),
                ("NextHop", "vco-x1"),
                ("Weight", "100"),
                ("PublishVpc", "false"),
            ],
        ),
        // Refused: a duplicate of the row before.
        row(
            Operation::CreateVpnRouteEntry,
            &[
                REGION,
                GW,
                ("RouteDest", "10.5.0.0/24"),
                ("NextHop", "vco-x1"),
                ("Weight", "100"),
                ("PublishVpc", "false"),
            ],
        ),
    ];
    let end = end_state(&plan, &snapshot());
    let routes = &end.gateway(Some("vpn-a1")).unwrap().destination_routes;
    assert_eq!(routes.len(), 4);
    assert_eq!(routes[3], route("10.5.0.0/24", "vco-x1", Weight::Active));
    assert_eq!(end.connections, snapshot().connections);
}
