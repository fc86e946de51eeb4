use ipnet::Ipv4Net;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::net::Ipv4Addr;
use std::time::Instant;
use vpnroute_rules::actions::{RouteHome, TableRoute};
use vpnroute_rules::impact::plan_impact;
use vpnroute_rules::plan::PlanRequest;
use vpnroute_rules::{DestinationRoute, GatewaySnapshot, Operation, PolicyRoute, Quotas, TableSnapshot, Target, Weight, end_state};
/// A prefix inside `base/base_len` with a length typical of VPN tables (/16 to /28).
fn realistic_prefix(rng: &mut StdRng, base: Ipv4Net) -> Ipv4Net {
    let len = rng.random_range(base.prefix_len().max(16)..=28);
    let host_bits = 32 - u32::from(base.prefix_len());
    let offset = rng.random::<u32>() & ((1u64 << host_bits) - 1) as u32;
    Ipv4Net::new(Ipv4Addr::from(u32::from(base.network()) | offset), len)
        .unwrap()
        .trunc()
}

fn policy_table(n: usize, seed: u64) -> Vec<PolicyRoute> {
    let mut rng = StdRng::seed_from_u64(seed);
    let sources: [Ipv4Net; 2] = [
        "10.0.0.0/8".parse().unwrap(),
        "192.168.0.0/16".parse().unwrap(),
    ];
    let dests: [Ipv4Net; 2] = [
        "172.16.0.0/12".parse().unwrap(),
        "100.128.0.0/9".parse().unwrap(),
    ];
    (0..n)
        .map(|_| {
            let (source_base, dest_base) = (
                sources[rng.random_range(0..2)],
                dests[rng.random_range(0..2)],
            );
            PolicyRoute {
                route_source: realistic_prefix(&mut rng, source_base),
                route_dest: realistic_prefix(&mut rng, dest_base),
                next_hop: format!("vco-conn{}", rng.random_range(0..8)),
                weight: if rng.random_bool(0.8) {
                    Weight::Active
                } else {
                    Weight::Standby
                },
                priority: rng.random_range(1..=10),
            }
        })
        .collect()
}

/// A gateway of `n` routes, half policy and half destination, over 20 connections.
fn gateway(n: usize, seed: u64) -> GatewaySnapshot {
    let mut rng = StdRng::seed_from_u64(seed);
    let connections: Vec<String> = (0..20).map(|i| format!("vco-conn{i}")).collect();
    let policy_routes = policy_table(n / 2, seed)
        .into_iter()
        .map(|r| PolicyRoute {
            next_hop: connections[rng.random_range(0..20)].clone(),
            ..r
        })
        .collect();
    let destination_routes = (0..n - n / 2)
        .map(|_| DestinationRoute {
            route_dest: realistic_prefix(&mut rng, "172.16.0.0/12".parse().unwrap()),
            next_hop: connections[rng.random_range(0..20)].clone(),
            weight: Weight::Active,
        })
        .collect();
    GatewaySnapshot {
        vpn_gateway_id: "vpn-bench".to_owned(),
        connections,
        policy_routes,
        destination_routes,
        ..GatewaySnapshot::default()
    }
}

/// 100 rows against `gateway`: deletes, weight changes and creates of destination routes.
fn plan_of_100(gateway: &GatewaySnapshot, seed: u64) -> Vec<PlanRequest> {
    let mut rng = StdRng::seed_from_u64(seed);
    let target = Target::Gateway(gateway.vpn_gateway_id.clone());
    let home = RouteHome {
        region_id: "cn-hangzhou",
        target: &target,
    };
    let routes = &gateway.destination_routes;
    (0..100)
        .map(|row| {
            let route = &routes[rng.random_range(0..routes.len())];
            match row % 3 {
                0 => home.delete(TableRoute::Destination(route)),
                1 => home.change_weight(TableRoute::Destination(route)),
                _ => {
                    let mut create = home.delete(TableRoute::Destination(route));
                    create.operation = Operation::CreateVpnRouteEntry;
                    create.params.set(
                        "RouteDest",
                        realistic_prefix(&mut rng, "172.16.0.0/12".parse().unwrap()).to_string(),
                    );
                    create.params.set("Weight", "100");
                    create.params.push("PublishVpc", "false");
                    create
                }
            }
        })
        .collect()
}


fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let gateway = gateway(n, 21);
    let plan = plan_of_100(&gateway, 22);
    let snapshot = TableSnapshot { gateways: vec![gateway], quotas: Quotas { destination_routes: usize::MAX, policy_routes: usize::MAX, ..Quotas::default() }, ..TableSnapshot::default() };
    let t = Instant::now();
    let after = end_state(&plan, &snapshot);
    println!("end_state {:?}", t.elapsed());
    let _ = after;
    let t = Instant::now();
    let impact = plan_impact(&plan, &snapshot);
    println!("nodes {} work {}", vpnroute_rules::regions::NODES.load(std::sync::atomic::Ordering::Relaxed), vpnroute_rules::regions::WORK.load(std::sync::atomic::Ordering::Relaxed));
    println!("plan_impact {:?} blocks {}", t.elapsed(), impact.iter().map(|i| i.blocks.len()).sum::<usize>());
}
