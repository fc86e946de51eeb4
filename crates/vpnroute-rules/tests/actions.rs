//! The requests the console builds on a table's rows: each names its route as the table holds
//! it, so the plan check finds the route, and a pair swap is clean and leaves the pair swapped.

use vpnroute_rules::actions::{active_partner, active_policy_partner, RouteHome, TableRoute};
use vpnroute_rules::plan_file::{parse_plan, to_json};
use vpnroute_rules::{
    check_plan, ConnectionSnapshot, DestinationRoute, GatewaySnapshot, PlanRequest, PolicyRoute,
    TableSnapshot, Target, Weight,
};

fn destination(dest: &str, hop: &str, weight: Weight) -> DestinationRoute {
    DestinationRoute {
        route_dest: dest.parse().unwrap(),
        next_hop: hop.to_owned(),
        weight,
    }
}

fn policy(hop: &str, weight: Weight) -> PolicyRoute {
    PolicyRoute {
        route_source: "192.168.1.0/24".parse().unwrap(),
        route_dest: "10.0.0.0/24".parse().unwrap(),
        next_hop: hop.to_owned(),
        weight,
        priority: 10,
    }
}

fn snapshot() -> TableSnapshot {
    TableSnapshot {
        gateways: vec![GatewaySnapshot {
            vpn_gateway_id: "vpn-a1".to_owned(),
            destination_routes: vec![
                destination("10.0.0.0/24", "vco-x1", Weight::Active),
                destination("10.0.0.0/24", "vco-x2", Weight::Standby),
            ],
            policy_routes: vec![
                policy("vco-x1", Weight::Active),
                policy("vco-x2", Weight::Standby),
            ],
            ..GatewaySnapshot::default()
        }],
        connections: vec![ConnectionSnapshot {
            vpn_connection_id: "vco-c1".to_owned(),
            routes: vec![
                destination("10.1.0.0/24", "vco-c1", Weight::Active),
                destination("10.1.0.0/24", "vco-c2", Weight::Standby),
            ],
            ..ConnectionSnapshot::default()
        }],
        ..TableSnapshot::default()
    }
}

fn rules_found(plan: &[PlanRequest], snapshot: &TableSnapshot) -> Vec<(usize, String)> {
    check_plan(plan, snapshot)
        .into_iter()
        .map(|f| (f.request, f.diagnostic.rule.into_owned()))
        .collect()
}

#[test]
fn each_table_swaps_its_pair_in_three_clean_rows() {
    let snapshot = snapshot();
    let gateway = Target::Gateway("vpn-a1".to_owned());
    let connection = Target::Connection("vco-c1".to_owned());
    let on_gateway = RouteHome {
        region_id: "cn-hangzhou",
        target: &gateway,
    };
    let on_connection = RouteHome {
        region_id: "cn-hangzhou",
        target: &connection,
    };
    let table = &snapshot.gateways[0].destination_routes;
    let active = active_partner(table, &table[1]).expect("the standby's partner");
    assert_eq!(active, &table[0]);
    assert_eq!(
        active_partner(table, &table[0]),
        None,
        "an active route is not swapped in"
    );
    let swaps = [
        on_gateway.pair_swap(
            TableRoute::Destination(active),
            TableRoute::Destination(&table[1]),
            true,
        ),
        {
            let policies = &snapshot.gateways[0].policy_routes;
            let active = active_policy_partner(policies, &policies[1]).unwrap();
            on_gateway.pair_swap(
                TableRoute::Policy(active),
                TableRoute::Policy(&policies[1]),
                false,
            )
        },
        {
            let routes = &snapshot.connections[0].routes;
            on_connection.pair_swap(
                TableRoute::Destination(&routes[0]),
                TableRoute::Destination(&routes[1]),
                true,
            )
        },
    ];
    for swap in &swaps {
        assert_eq!(swap.len(), 3);
        assert_eq!(rules_found(swap, &snapshot), vec![], "{swap:?}");
        let demote_first: Vec<_> = vec![swap[1].clone()];
        assert_eq!(
            rules_found(&demote_first, &snapshot),
            vec![(0, "weight-change-in-pair".to_owned())],
            "without the delete first, the change breaks the pair"
        );
        let text = to_json(swap);
        let sorted = |requests: Vec<PlanRequest>| -> Vec<_> {
            requests
                .into_iter()
                .map(|r| {
                    let mut params = r.params.0;
                    params.sort();
                    (r.operation, params)
                })
                .collect()
        };
        let read = parse_plan("swap.json", &text).unwrap();
        assert_eq!(
            sorted(read.into_iter().map(|r| r.request).collect()),
            sorted(swap.clone()),
            "the plan text reads back as written"
        );
    }
    let names: Vec<&str> = swaps[2].iter().map(|r| r.operation.name()).collect();
    assert_eq!(
        names,
        [
            "DeleteVcoRouteEntry",
            "ModifyVcoRouteEntryWeight",
            "CreateVcoRouteEntry"
        ]
    );
}

#[test]
fn row_actions_name_the_route_the_table_holds() {
    let snapshot = snapshot();
    let gateway = Target::Gateway("vpn-a1".to_owned());
    let home = RouteHome {
        region_id: "cn-hangzhou",
        target: &gateway,
    };
    let gateway_tables = &snapshot.gateways[0];
    let route = TableRoute::Destination(&gateway_tables.destination_routes[1]);
    let requests = [
        home.delete(route),
        home.publish(route, true),
        home.delete(TableRoute::Policy(&gateway_tables.policy_routes[1])),
    ];
    for request in &requests {
        assert_eq!(
            rules_found(std::slice::from_ref(request), &snapshot),
            vec![],
            "{request:?}"
        );
    }
    let mut priority = home.change_priority(&gateway_tables.policy_routes[0]);
    let found = rules_found(std::slice::from_ref(&priority), &snapshot);
    assert_eq!(
        found,
        vec![(0, "required-field-missing".to_owned())],
        "NewPriority is the user's to fill in"
    );
    priority.params.set("NewPriority", "5");
    assert_eq!(
        rules_found(&[priority], &snapshot),
        vec![(0, "pair-priority-split".to_owned())]
    );
}
