//! Property tests: the indexed table checks and the compiled lookup agree with brute-force
//! references, every model round-trips through its wire form, and no input makes a parser
//! panic.

use ipnet::Ipv4Net;
use proptest::prelude::*;
use std::net::Ipv4Addr;
use vpnroute_rules::lookup::{BgpRoute, RouteKind, RouteTable, Router};
use vpnroute_rules::model::json::parse_flat_object;
use vpnroute_rules::model::net::{overlaps, parse_cidr, parse_cidr_lenient};
use vpnroute_rules::ops::create_vco_route_entry::CreateVcoRouteEntry;
use vpnroute_rules::ops::create_vpn_connection::{
    BgpConfig, CreateVpnConnection, HealthCheckConfig, IkeConfig, IpsecConfig, Tag, TunnelOptions,
};
use vpnroute_rules::ops::create_vpn_pbr_route_entry::CreateVpnPbrRouteEntry;
use vpnroute_rules::ops::create_vpn_route_entry::CreateVpnRouteEntry;
use vpnroute_rules::ops::describe_vco_route_entries::{DescribeVcoRouteEntries, RouteEntryType};
use vpnroute_rules::ops::RouteFields;
use vpnroute_rules::ops::{self, OperationModule};
use vpnroute_rules::rules::destination_routes::check_destination_routes;
use vpnroute_rules::rules::policy_routes::check_policy_routes;
use vpnroute_rules::{
    check, DestinationRoute, EntryRef, GatewayFacts, Operation, PolicyRoute, Quotas, Weight,
    WireParams,
};

/// A prefix inside `base/8`'s first /20, so random tables overlap often.
fn prefix(base: u8, min_len: u8) -> impl Strategy<Value = Ipv4Net> {
    (any::<u16>(), min_len..=28u8).prop_map(move |(bits, len)| {
        let address = Ipv4Addr::new(base, 0, (bits >> 8) as u8 & 0x0f, bits as u8);
        Ipv4Net::new(address, len).unwrap().trunc()
    })
}

/// An address inside `base/8`'s first /20, where the random prefixes lie.
fn address(base: u8) -> impl Strategy<Value = Ipv4Addr> {
    any::<u16>().prop_map(move |bits| Ipv4Addr::new(base, 0, (bits >> 8) as u8 & 0x0f, bits as u8))
}

fn policy_route() -> impl Strategy<Value = PolicyRoute> {
    (
        prefix(10, 18),
        prefix(172, 18),
        0u8..3,
        any::<bool>(),
        1u8..4,
    )
        .prop_map(|(source, dest, hop, active, priority)| PolicyRoute {
            route_source: source,
            route_dest: dest,
            next_hop: format!("vco-{hop}"),
            weight: if active {
                Weight::Active
            } else {
                Weight::Standby
            },
            priority,
        })
}

/// The pairwise reference for the policy-route conflict rules.
fn pairwise_conflicts(
    routes: &[PolicyRoute],
    quota: usize,
) -> Vec<(usize, &'static str, Option<usize>)> {
    let mut accepted: Vec<usize> = Vec::new();
    let mut found = Vec::new();
    for (i, r) in routes.iter().enumerate() {
        let same_flow =
            |a: &PolicyRoute| a.route_source == r.route_source && a.route_dest == r.route_dest;
        let first = |test: &dyn Fn(&PolicyRoute) -> bool| {
            accepted.iter().copied().find(|&a| test(&routes[a]))
        };
        let verdict = if let Some(a) = first(&|a| same_flow(a) && a.next_hop == r.next_hop) {
            Some(("policy-route-duplicate", Some(a)))
        } else if let Some(a) = first(&|a| same_flow(a) && a.weight == r.weight) {
            Some(("policy-route-weight-conflict", Some(a)))
        } else if let Some(a) = first(&|a| {
            a.priority == r.priority
                && !same_flow(a)
                && overlaps(&a.route_source, &r.route_source)
                && overlaps(&a.route_dest, &r.route_dest)
        }) {
            Some(("policy-route-priority-overlap", Some(a)))
        } else if accepted.len() >= quota {
            Some(("policy-route-quota", None))
        } else {
            None
        };
        match verdict {
            Some((rule, other)) => found.push((i, rule, other)),
            None => accepted.push(i),
        }
    }
    found
}

/// A destination among eight (four addresses, two lengths, not truncated), so that random
/// tables share destinations often.
fn destination_route() -> impl Strategy<Value = DestinationRoute> {
    (0u32..4, 31u8..=32, 0u8..4, any::<bool>()).prop_map(|(host, len, hop, active)| {
        DestinationRoute {
            route_dest: Ipv4Net::new(Ipv4Addr::from(0x0a00_0000 + host), len).unwrap(),
            next_hop: format!("vco-{hop}"),
            weight: if active {
                Weight::Active
            } else {
                Weight::Standby
            },
        }
    })
}

/// The pairwise reference for the destination-route rules: the existing routes are in the
/// table, and a new route joins it once it passes.
fn pairwise_destination_findings(
    existing: &[DestinationRoute],
    new: &[DestinationRoute],
    connections: Option<&[String]>,
    quota: usize,
) -> Vec<(EntryRef, &'static str, Option<EntryRef>)> {
    let mut table: Vec<(EntryRef, &DestinationRoute)> = existing
        .iter()
        .enumerate()
        .map(|(i, r)| (EntryRef::Existing(i), r))
        .collect();
    let mut found = Vec::new();
    for (i, r) in new.iter().enumerate() {
        let same_dest = |test: &dyn Fn(&DestinationRoute) -> bool| {
            table
                .iter()
                .find(|(_, t)| t.route_dest == r.route_dest && test(t))
                .map(|(entry, _)| *entry)
        };
        let verdict = if connections.is_some_and(|known| !known.contains(&r.next_hop)) {
            Some(("route-unknown-next-hop", None))
        } else if let Some(other) = same_dest(&|t| t.next_hop == r.next_hop) {
            Some(("route-duplicate", Some(other)))
        } else if let Some(other) = same_dest(&|t| t.weight == r.weight) {
            Some(("route-pairing", Some(other)))
        } else if table.len() >= quota {
            Some(("route-quota", None))
        } else {
            None
        };
        match verdict {
            Some((rule, other)) => found.push((EntryRef::New(i), rule, other)),
            None => table.push((EntryRef::New(i), r)),
        }
    }
    found
}

/// A table large enough that the analysis is split over threads still agrees with the
/// pairwise reference, finding for finding.
#[test]
fn a_large_table_split_over_threads_agrees_with_the_pairwise_reference() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let routes: Vec<PolicyRoute> = (0..6000)
        .map(|_| policy_route().new_tree(&mut runner).unwrap().current())
        .collect();
    let quotas = Quotas {
        policy_routes: usize::MAX,
        ..Quotas::default()
    };
    let found: Vec<(usize, String, Option<usize>)> =
        check_policy_routes(&[], &routes, None, &quotas)
            .into_iter()
            .filter(|f| f.diagnostic.rule != "policy-route-shadowed")
            .map(|f| {
                let EntryRef::New(i) = f.entry else {
                    unreachable!()
                };
                (
                    i,
                    f.diagnostic.rule.into_owned(),
                    f.other.map(|o| match o {
                        EntryRef::New(j) => j,
                        EntryRef::Existing(_) => unreachable!(),
                    }),
                )
            })
            .collect();
    let expected: Vec<_> = pairwise_conflicts(&routes, usize::MAX)
        .into_iter()
        .map(|(i, r, o)| (i, r.to_owned(), o))
        .collect();
    assert!(
        expected.len() > 100,
        "the table should have conflicts to find"
    );
    assert_eq!(found, expected);
}

fn small_prefix() -> impl Strategy<Value = Ipv4Net> {
    (0u32..16, 28u8..=32).prop_map(|(host, len)| {
        Ipv4Net::new(Ipv4Addr::from(0x0a00_0000 + host), len)
            .unwrap()
            .trunc()
    })
}

fn small_policy_route() -> impl Strategy<Value = PolicyRoute> {
    (small_prefix(), small_prefix(), 1u8..3).prop_map(|(s, d, priority)| PolicyRoute {
        route_source: s,
        route_dest: d,
        next_hop: "vco-a".to_owned(),
        weight: Weight::Active,
        priority,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn prefix_overlap_is_sharing_an_address(a in prefix(10, 16), b in prefix(10, 16)) {
        let shared = u32::from(a.network()).max(u32::from(b.network())) <= u32::from(a.broadcast()).min(u32::from(b.broadcast()));
        prop_assert_eq!(overlaps(&a, &b), shared);
        prop_assert_eq!(overlaps(&a, &b), a.contains(&b) || b.contains(&a));
    }

    #[test]
    fn policy_conflicts_agree_with_the_pairwise_reference(
        routes in prop::collection::vec(policy_route(), 0..40),
        quota in 1usize..45,
    ) {
        let quotas = Quotas { policy_routes: quota, ..Quotas::default() };
        let found: Vec<_> = check_policy_routes(&[], &routes, None, &quotas)
            .into_iter()
            .filter(|f| f.diagnostic.rule != "policy-route-shadowed")
            .map(|f| {
                let EntryRef::New(i) = f.entry else { unreachable!() };
                let other = f.other.map(|o| match o { EntryRef::New(j) => j, EntryRef::Existing(_) => unreachable!() });
                (i, f.diagnostic.rule.into_owned(), other)
            })
            .collect();
        let expected: Vec<_> = pairwise_conflicts(&routes, quota).into_iter().map(|(i, r, o)| (i, r.to_owned(), o)).collect();
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn destination_route_checks_agree_with_the_pairwise_reference(
        existing in prop::collection::vec(destination_route(), 0..10),
        new in prop::collection::vec(destination_route(), 0..30),
        known in prop::option::of(prop::collection::vec(0u8..4, 0..4)),
        quota in 1usize..40,
    ) {
        let connections: Option<Vec<String>> =
            known.map(|hops| hops.iter().map(|hop| format!("vco-{hop}")).collect());
        let quotas = Quotas { destination_routes: quota, ..Quotas::default() };
        let found: Vec<_> = check_destination_routes(&existing, &new, connections.as_deref(), &quotas)
            .into_iter()
            .map(|f| (f.entry, f.diagnostic.rule.into_owned(), f.other))
            .collect();
        let expected: Vec<_> = pairwise_destination_findings(&existing, &new, connections.as_deref(), quota)
            .into_iter()
            .map(|(entry, rule, other)| (entry, rule.to_owned(), other))
            .collect();
        prop_assert_eq!(found, expected);
    }

    /// In a 16 x 16 address space every point can be tried: a route is shadowed exactly when
    /// every (source, destination) point of it matches an earlier route first.
    #[test]
    fn shadowing_agrees_with_trying_every_point(routes in prop::collection::vec(small_policy_route(), 1..12)) {
        let quotas = Quotas { policy_routes: 100, ..Quotas::default() };
        let findings = check_policy_routes(&[], &routes, None, &quotas);
        let accepted: Vec<usize> = (0..routes.len()).filter(|i| !findings.iter().any(|f| f.entry == EntryRef::New(*i) && f.diagnostic.is_error())).collect();
        let shadowed: Vec<usize> = findings.iter().filter(|f| f.diagnostic.rule == "policy-route-shadowed").map(|f| match f.entry { EntryRef::New(i) => i, EntryRef::Existing(_) => unreachable!() }).collect();
        let rank = |i: usize| (routes[i].priority, accepted.iter().position(|&a| a == i).unwrap());
        let mut expected = Vec::new();
        for &i in &accepted {
            let r = &routes[i];
            let earlier: Vec<usize> = accepted.iter().copied().filter(|&a| rank(a) < rank(i) && !(routes[a].route_source == r.route_source && routes[a].route_dest == r.route_dest)).collect();
            let all_covered = r.route_source.hosts().chain([r.route_source.network(), r.route_source.broadcast()]).all(|s| {
                r.route_dest.hosts().chain([r.route_dest.network(), r.route_dest.broadcast()]).all(|d| {
                    earlier.iter().any(|&a| routes[a].route_source.contains(&s) && routes[a].route_dest.contains(&d))
                })
            });
            if all_covered {
                expected.push(i);
            }
        }
        let mut shadowed = shadowed;
        shadowed.sort_unstable();
        expected.sort_unstable();
        prop_assert_eq!(shadowed, expected);
    }

    #[test]
    fn lookup_agrees_with_a_linear_scan(
        policies in prop::collection::vec(policy_route(), 0..25),
        dests in prop::collection::vec((prefix(172, 14), 0u8..3, any::<bool>()), 0..25),
        bgp in prop::collection::vec((prefix(172, 12), 0u8..3), 0..8),
        packets in prop::collection::vec((address(10), address(172)), 1..20),
        down in prop::collection::vec(0u8..3, 0..2),
    ) {
        let destination_routes: Vec<DestinationRoute> = dests.iter().map(|(d, hop, active)| DestinationRoute {
            route_dest: *d, next_hop: format!("vco-{hop}"), weight: if *active { Weight::Active } else { Weight::Standby },
        }).collect();
        let bgp_routes: Vec<BgpRoute> = bgp.iter().map(|(d, hop)| BgpRoute { route_dest: *d, next_hop: format!("vco-{hop}") }).collect();
        let down: Vec<String> = down.iter().map(|h| format!("vco-{h}")).collect();
        let table = RouteTable { policy_routes: policies.clone(), destination_routes: destination_routes.clone(), bgp_routes: bgp_routes.clone() };
        let router = Router::new(table, down.clone());
        let up = |hop: &str| !down.iter().any(|d| d == hop);
        for (s, d) in packets {
            let got = router.lookup(s, d);
            let first = (0..policies.len()).filter(|&i| policies[i].route_source.contains(&s) && policies[i].route_dest.contains(&d)).min_by_key(|&i| (policies[i].priority, i));
            let pick = |pair: Vec<(usize, &str, Weight)>| {
                let active = pair.iter().find(|p| p.2 == Weight::Active);
                let standby = pair.iter().find(|p| p.2 == Weight::Standby);
                match (active, standby) {
                    (Some(a), Some(_)) if up(a.1) => a.0,
                    (Some(_), Some(b)) if up(b.1) => b.0,
                    (Some(a), Some(_)) => a.0,
                    _ => pair[0].0,
                }
            };
            let expected = if let Some(m) = first {
                let pair = (0..policies.len()).filter(|&i| policies[i].route_source == policies[m].route_source && policies[i].route_dest == policies[m].route_dest && policies[i].priority == policies[m].priority)
                    .map(|i| (i, policies[i].next_hop.as_str(), policies[i].weight)).collect();
                Some((RouteKind::Policy, pick(pair)))
            } else if let Some(len) = destination_routes.iter().filter(|r| r.route_dest.contains(&d)).map(|r| r.route_dest.prefix_len()).max() {
                let pair = (0..destination_routes.len()).filter(|&i| destination_routes[i].route_dest.contains(&d) && destination_routes[i].route_dest.prefix_len() == len)
                    .map(|i| (i, destination_routes[i].next_hop.as_str(), destination_routes[i].weight)).collect();
                Some((RouteKind::Destination, pick(pair)))
            } else {
                let best = (0..bgp_routes.len()).filter(|&i| bgp_routes[i].route_dest.contains(&d)).max_by_key(|&i| (bgp_routes[i].route_dest.prefix_len(), std::cmp::Reverse(i)));
                best.map(|i| (RouteKind::Bgp, i))
            };
            prop_assert_eq!(got.kind.zip(got.index), expected, "{} -> {}: {}", s, d, got.reason);
        }
    }
}

fn token() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,10}"
}

fn route_fields() -> impl Strategy<Value = RouteFields> {
    (
        prop::sample::select(vec!["cn-hangzhou", "ap-southeast-1", "us-west-1"]),
        (1u8..99, any::<u8>(), 16u8..=32),
        token(),
        any::<bool>(),
        prop::option::of("[a-zA-Z0-9][a-zA-Z0-9 ._-]{0,30}"),
        prop::option::of(Just("Ipsec".to_owned())),
        any::<bool>(),
        prop::option::of("[a-zA-Z0-9-]{1,64}"),
    )
        .prop_map(
            |(
                region,
                (b, c, len),
                hop,
                active,
                description,
                overlay_mode,
                dry_run,
                client_token,
            )| RouteFields {
                region_id: region.to_owned(),
                route_dest: Ipv4Net::new(Ipv4Addr::new(10, b, c, 0), len)
                    .unwrap()
                    .trunc(),
                next_hop: format!("vco-{hop}"),
                weight: if active {
                    Weight::Active
                } else {
                    Weight::Standby
                },
                description,
                overlay_mode,
                dry_run,
                client_token,
            },
        )
}

fn choice(values: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(values).prop_map(str::to_owned))
}

fn ike() -> impl Strategy<Value = IkeConfig> {
    (
        prop::option::of("[!-~]{1,100}"),
        choice(&["ikev1", "ikev2"]),
        choice(&["main", "aggressive"]),
        choice(&["aes", "aes192", "aes256", "des", "3des"]),
        choice(&["md5", "sha1", "sha256", "sha384", "sha512"]),
        choice(&["group1", "group2", "group5", "group14"]),
        prop::option::of(0u32..=86400),
        prop::option::of("[!-~]{1,100}"),
        prop::option::of("[a-z0-9.]{1,20}"),
    )
        .prop_map(
            |(
                psk,
                ike_version,
                ike_mode,
                ike_enc_alg,
                ike_auth_alg,
                ike_pfs,
                ike_lifetime,
                local_id,
                remote_id,
            )| IkeConfig {
                psk,
                ike_version,
                ike_mode,
                ike_enc_alg,
                ike_auth_alg,
                ike_pfs,
                ike_lifetime,
                local_id,
                remote_id,
            },
        )
}

fn ipsec() -> impl Strategy<Value = IpsecConfig> {
    (
        choice(&["aes", "aes256"]),
        choice(&["sha1", "sha256"]),
        choice(&["disabled", "group2", "group14"]),
        prop::option::of(0u32..=86400),
    )
        .prop_map(
            |(ipsec_enc_alg, ipsec_auth_alg, ipsec_pfs, ipsec_lifetime)| IpsecConfig {
                ipsec_enc_alg,
                ipsec_auth_alg,
                ipsec_pfs,
                ipsec_lifetime,
            },
        )
}

/// A BGP config whose tunnel CIDR is `169.254.third.fourth/30`, clear of the reserved blocks.
fn bgp(third: u8, with_enable: bool) -> impl Strategy<Value = BgpConfig> {
    (
        prop::option::of(any::<bool>()),
        prop::option::of(1u32..),
        0u8..64,
        1u8..3,
    )
        .prop_map(move |(enable, asn, block, host)| {
            let net = Ipv4Net::new(Ipv4Addr::new(169, 254, third, block * 4), 30).unwrap();
            BgpConfig {
                enable_bgp: enable.filter(|_| with_enable),
                local_asn: asn,
                tunnel_cidr: Some(net),
                local_bgp_ip: Some(Ipv4Addr::from(u32::from(net.network()) + u32::from(host))),
            }
        })
}

fn connection() -> impl Strategy<Value = CreateVpnConnection> {
    let subnets = || {
        prop::collection::btree_set(0u8..200, 1..4).prop_map(|s| {
            s.into_iter()
                .map(|i| Ipv4Net::new(Ipv4Addr::new(10, i, 0, 0), 16).unwrap())
                .collect::<Vec<_>>()
        })
    };
    let flags = prop::array::uniform5(prop::option::of(any::<bool>()));
    let tunnel = |role: &'static str, third: u8| {
        (
            token(),
            prop::option::of(ike()),
            prop::option::of(ipsec()),
            prop::option::of(bgp(third, false)),
            prop::option::of(any::<bool>()),
        )
            .prop_map(
                // A tunnel object without keys sends nothing, so it reads back as absent.
                move |(cgw, ike, ipsec, bgp, dpd)| TunnelOptions {
                    customer_gateway_id: format!("cgw-{cgw}"),
                    role: role.to_owned(),
                    enable_dpd: dpd,
                    enable_nat_traversal: None,
                    remote_ca_certificate: None,
                    tunnel_ike_config: ike.filter(|c| *c != IkeConfig::default()),
                    tunnel_ipsec_config: ipsec.filter(|c| *c != IpsecConfig::default()),
                    tunnel_bgp_config: bgp,
                },
            )
    };
    let health =
        (prop::option::of(1u32..60), prop::option::of(1u32..10)).prop_map(|(interval, retry)| {
            HealthCheckConfig {
                enable: Some(true),
                dip: Some(Ipv4Addr::new(192, 168, 10, 1)),
                sip: Some(Ipv4Addr::new(10, 10, 1, 1)),
                interval,
                retry,
            }
        });
    // An empty value is absent on the wire (`Key=`), so values here are never empty.
    let tags = prop::collection::vec(
        ("[a-z][a-z0-9]{0,10}", prop::option::of("[a-z0-9 ]{1,20}")),
        0..4,
    )
    .prop_map(|t| {
        t.into_iter()
            .map(|(key, value)| Tag { key, value })
            .collect::<Vec<_>>()
    });
    (
        (
            token(),
            token(),
            prop::option::of("[a-z][a-z0-9_-]{1,20}"),
            subnets(),
            subnets(),
            flags,
        ),
        (
            prop::option::of(ike()),
            prop::option::of(ipsec()),
            prop::option::of(bgp(10, true)),
            prop::option::of(health),
            tags,
        ),
        (
            any::<bool>(),
            tunnel("master", 20),
            tunnel("slave", 30),
            any::<bool>(),
            prop::option::of("[a-z0-9-]{1,30}"),
        ),
    )
        .prop_map(
            |(
                (gw, cgw, name, local, remote, f),
                (ike, ipsec, bgp, health, tags),
                (dual, master, slave, dry_run, client_token),
            )| {
                CreateVpnConnection {
                    region_id: "cn-hangzhou".to_owned(),
                    vpn_gateway_id: format!("vpn-{gw}"),
                    customer_gateway_id: (!dual).then(|| format!("cgw-{cgw}")),
                    name,
                    local_subnet: local,
                    remote_subnet: remote,
                    effect_immediately: f[0],
                    auto_config_route: f[1],
                    enable_dpd: if dual { None } else { f[2] },
                    enable_nat_traversal: if dual { None } else { f[3] },
                    enable_tunnels_bgp: f[4],
                    ike_config: if dual { None } else { ike },
                    ipsec_config: if dual { None } else { ipsec },
                    bgp_config: if dual { None } else { bgp },
                    health_check_config: if dual { None } else { health },
                    remote_ca_certificate: None,
                    tags,
                    tunnel_options_specification: if dual {
                        vec![master, slave]
                    } else {
                        Vec::new()
                    },
                    dry_run,
                    client_token,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn route_requests_round_trip_through_the_wire(route in route_fields(), gw in token(), publish in any::<bool>(), source in (0u8..255, 8u8..=32), priority in prop::option::of(1u8..=100)) {
        let facts = GatewayFacts::default();
        let dest = CreateVpnRouteEntry { vpn_gateway_id: format!("vpn-{gw}"), publish_vpc: publish, route: route.clone() };
        let parsed = ops::read::<CreateVpnRouteEntry>(&dest.to_wire(), &facts);
        prop_assert_eq!(parsed.value.as_ref(), Some(&dest), "{:?}", parsed.diagnostics);
        let pbr = CreateVpnPbrRouteEntry {
            vpn_gateway_id: format!("vpn-{gw}"),
            route_source: Ipv4Net::new(Ipv4Addr::new(192, 168, source.0, 0), source.1).unwrap().trunc(),
            priority,
            publish_vpc: publish,
            route: route.clone(),
        };
        let parsed = ops::read::<CreateVpnPbrRouteEntry>(&pbr.to_wire(), &facts);
        prop_assert_eq!(parsed.value.as_ref(), Some(&pbr), "{:?}", parsed.diagnostics);
        let vco = CreateVcoRouteEntry { vpn_connection_id: format!("vco-{gw}"), route };
        let parsed = ops::read::<CreateVcoRouteEntry>(&vco.to_wire(), &facts);
        prop_assert_eq!(parsed.value.as_ref(), Some(&vco), "{:?}", parsed.diagnostics);
    }

    #[test]
    fn describe_requests_round_trip(id in token(), bgp in any::<bool>(), page in 1u32..1000, size in 1u32..=50) {
        let request = DescribeVcoRouteEntries {
            region_id: "cn-hangzhou".to_owned(),
            vpn_connection_id: format!("vco-{id}"),
            route_entry_type: if bgp { RouteEntryType::Bgp } else { RouteEntryType::Custom },
            page_number: page,
            page_size: size,
            client_token: None,
        };
        let parsed = ops::read::<DescribeVcoRouteEntries>(&request.to_wire(), &GatewayFacts::default());
        prop_assert_eq!(parsed.value, Some(request));
    }

    #[test]
    fn connections_round_trip_through_the_wire(request in connection()) {
        let wire = request.to_wire();
        let parsed = ops::read::<CreateVpnConnection>(&wire, &GatewayFacts::default());
        prop_assert_eq!(parsed.value.as_ref(), Some(&request), "{:?}\n{:?}", parsed.diagnostics, wire);
    }
}

/// Keys the fuzzing draws from: real field names and paths, so the nested readers are reached.
const KEYS: &[&str] = &[
    "RegionId",
    "VpnGatewayId",
    "RouteDest",
    "RouteSource",
    "NextHop",
    "Weight",
    "Priority",
    "PublishVpc",
    "Description",
    "OverlayMode",
    "DryRun",
    "ClientToken",
    "VpnConnectionId",
    "RouteEntryType",
    "PageNumber",
    "PageSize",
    "CustomerGatewayId",
    "Name",
    "LocalSubnet",
    "RemoteSubnet",
    "IkeConfig",
    "IpsecConfig",
    "BgpConfig",
    "HealthCheckConfig",
    "RemoteCaCertificate",
    "Tags.1.Key",
    "Tags.x.Value",
    "Tags.99999999999.Key",
    "TunnelOptionsSpecification.1.Role",
    "TunnelOptionsSpecification.2.TunnelBgpConfig.TunnelCidr",
    "TunnelOptionsSpecification.1.TunnelIkeConfig.Psk",
    "TunnelOptionsSpecification.0.CustomerGatewayId",
    "TunnelOptionsSpecification.1.",
    ".",
    "",
];

fn fuzz_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9./,{}\":a-z -]{0,40}",
        Just("{\"LocalAsn\":\"1.99999999999\",\"TunnelCidr\":\"169.254.0.0/0\",\"LocalBgpIp\":\"255.255.255.255\"}".to_owned()),
        Just("{\"\\ud800\":1}".to_owned()),
        Just("0.0.0.0/0".to_owned()),
        Just("255.255.255.255/32".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn no_parameters_make_any_operation_panic(
        pairs in prop::collection::vec((prop_oneof![prop::sample::select(KEYS).prop_map(str::to_owned), any::<String>()], fuzz_value()), 0..12),
        dual in any::<bool>(),
    ) {
        let params: WireParams = pairs.into_iter().collect();
        let facts = if dual { GatewayFacts { tunnel_mode: Some(vpnroute_rules::TunnelMode::Dual), ..GatewayFacts::default() } } else { GatewayFacts::default() };
        for &operation in Operation::ALL {
            for diagnostic in check(operation, &params, &facts) {
                prop_assert!(!diagnostic.message.is_empty());
                prop_assert!(!diagnostic.field.is_empty() || params.keys().any(str::is_empty));
            }
        }
    }

    #[test]
    fn no_text_makes_the_json_reader_panic(text in prop_oneof![any::<String>(), "[{}\\[\\]\":,0-9a-z\\\\ .eE+-]{0,60}"]) {
        let _ = parse_flat_object(&text);
    }
}

/// The strict CIDR grammar as the standard library states it: its IPv4 address parser (no
/// leading zeros), then a length of one or two digits.
fn strict_cidr_reference(text: &str) -> Option<Ipv4Net> {
    let (address, length) = text.split_once('/')?;
    if length.is_empty() || length.len() > 2 || !length.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Ipv4Net::new(address.parse::<Ipv4Addr>().ok()?, length.parse().ok()?).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// The lenient reader takes what ipnet's `FromStr` takes, which is what its serde reads;
    /// the strict one takes what the standard library's address parser takes.
    #[test]
    fn cidrs_are_read_as_ipnet_and_the_standard_library_read_them(
        text in "[0-9./]{0,20}",
        near in "[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{0,4}\\.[0-9]{1,4}/[0-9]{0,3}",
        net in (any::<u32>(), 0u8..=32).prop_map(|(a, n)| Ipv4Net::new(Ipv4Addr::from(a), n).unwrap()),
    ) {
        prop_assert_eq!(parse_cidr_lenient(&text), text.parse::<Ipv4Net>().ok());
        prop_assert_eq!(parse_cidr_lenient(&near), near.parse::<Ipv4Net>().ok());
        prop_assert_eq!(parse_cidr_lenient(&net.to_string()), Some(net));
        prop_assert_eq!(parse_cidr(&text), strict_cidr_reference(&text));
        prop_assert_eq!(parse_cidr(&near), strict_cidr_reference(&near));
        prop_assert_eq!(parse_cidr(&net.to_string()), Some(net));
    }
}
