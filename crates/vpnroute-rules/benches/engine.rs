//! The engine's speed targets, printed by `cargo xtask bench`:
//! one request in under 2 µs, 100,000 policy routes analysed in under 100 ms, one
//! million packet lookups against 10,000 routes in under 200 ms, a 100-row plan's impact on
//! 10,000 routes in under 100 ms, and failover for 20 connections of 10,000 routes in under
//! 500 ms.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use ipnet::Ipv4Net;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::hint::black_box;
use std::net::Ipv4Addr;
use std::time::Duration;
use vpnroute_rules::actions::{RouteHome, TableRoute};
use vpnroute_rules::impact::{failover, plan_impact};
use vpnroute_rules::lookup::{RouteTable, Router};
use vpnroute_rules::plan::PlanRequest;
use vpnroute_rules::rules::policy_routes::check_policy_routes;
use vpnroute_rules::{
    check, DestinationRoute, GatewayFacts, GatewaySnapshot, Operation, PolicyRoute, Quotas,
    TableSnapshot, Target, Weight, WireParams,
};

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

fn validation(c: &mut Criterion) {
    let params: WireParams = [
        ("RegionId", "cn-hangzhou"),
        ("VpnGatewayId", "vpn-bp1a3kqjiiq9legfx0001"),
        ("RouteSource", "192.168.1.0/24"),
        ("RouteDest", "10.0.0.0/24"),
        ("NextHop", "vco-bp15oes1py4i66rmd0001"),
        ("Weight", "100"),
        ("Priority", "10"),
        ("PublishVpc", "true"),
        ("Description", "branch office"),
        ("ClientToken", "02fb3da4-130e-11e9-8e44-001sdfg"),
    ]
    .into_iter()
    .collect();
    let facts = GatewayFacts::default();
    let mut group = c.benchmark_group("validate_one_request");
    group.bench_function("CreateVpnPbrRouteEntry", |b| {
        b.iter(|| {
            check(
                Operation::CreateVpnPbrRouteEntry,
                black_box(&params),
                &facts,
            )
        })
    });
    let mut bad = params.clone();
    bad.set("RouteDest", "100.64.1.1/24");
    bad.set("Weight", "50");
    group.bench_function("CreateVpnPbrRouteEntry_with_errors", |b| {
        b.iter(|| check(Operation::CreateVpnPbrRouteEntry, black_box(&bad), &facts))
    });
    group.finish();
}

fn table_analysis(c: &mut Criterion) {
    let quotas = Quotas {
        policy_routes: usize::MAX,
        ..Quotas::default()
    };
    let mut group = c.benchmark_group("policy_table_analysis");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for n in [1_000, 10_000, 100_000] {
        let routes = policy_table(n, 7);
        group.throughput(Throughput::Elements(n as u64));
        // The findings (tens of thousands of messages at 100,000 routes) are freed outside the
        // timed region: the goal is the analysis, not the allocator returning its results.
        group.bench_with_input(BenchmarkId::from_parameter(n), &routes, |b, routes| {
            b.iter_with_large_drop(|| check_policy_routes(&[], black_box(routes), None, &quotas))
        });
    }
    group.finish();
}

fn lookups(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(11);
    let policy_routes = policy_table(2_000, 3);
    let destination_routes: Vec<DestinationRoute> = (0..8_000)
        .map(|_| DestinationRoute {
            route_dest: realistic_prefix(&mut rng, "172.16.0.0/12".parse().unwrap()),
            next_hop: format!("vco-conn{}", rng.random_range(0..8)),
            weight: if rng.random_bool(0.8) {
                Weight::Active
            } else {
                Weight::Standby
            },
        })
        .collect();
    let router = Router::new(
        RouteTable {
            policy_routes,
            destination_routes,
            bgp_routes: Vec::new(),
        },
        ["vco-conn3".to_owned()],
    );
    let packets: Vec<(Ipv4Addr, Ipv4Addr)> = (0..1_000_000)
        .map(|_| {
            let source = Ipv4Addr::from(0x0a00_0000 | (rng.random::<u32>() & 0x00ff_ffff));
            let dest = Ipv4Addr::from(0xac10_0000 | (rng.random::<u32>() & 0x000f_ffff));
            (source, dest)
        })
        .collect();
    let mut group = c.benchmark_group("packet_lookup");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(packets.len() as u64));
    group.bench_function("1M_packets_10k_routes", |b| {
        b.iter_batched(
            || (),
            |()| {
                packets
                    .iter()
                    .filter(|(s, d)| router.route(*s, *d).is_some())
                    .count()
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
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

fn impact(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan_impact");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for n in [1_000, 10_000, 100_000] {
        let gateway = gateway(n, 21);
        let plan = plan_of_100(&gateway, 22);
        let snapshot = TableSnapshot {
            gateways: vec![gateway],
            quotas: Quotas {
                destination_routes: usize::MAX,
                policy_routes: usize::MAX,
                ..Quotas::default()
            },
            ..TableSnapshot::default()
        };
        group.bench_with_input(BenchmarkId::from_parameter(n), &snapshot, |b, snapshot| {
            b.iter(|| black_box(plan_impact(&plan, snapshot)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("failover");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for n in [1_000, 10_000] {
        let snapshot = TableSnapshot {
            gateways: vec![gateway(n, 23)],
            ..TableSnapshot::default()
        };
        group.bench_with_input(
            BenchmarkId::new("20_connections", n),
            &snapshot,
            |b, snapshot| b.iter(|| black_box(failover(snapshot, "vpn-bench"))),
        );
    }
    group.finish();
}

criterion_group!(benches, validation, table_analysis, lookups, impact);
criterion_main!(benches);
