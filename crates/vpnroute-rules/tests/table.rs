//! Destination-route table rules, and a property test against a pairwise reference.

use ipnet::Ipv4Net;
use proptest::prelude::*;
use vpnroute_rules::rules::destination_routes::{
    audit_destination_routes, check_destination_routes,
};
use vpnroute_rules::rules::policy_routes::{audit_policy_routes, check_policy_routes};
use vpnroute_rules::{DestinationRoute, EntryRef, PolicyRoute, Quotas, Weight};

fn route(dest: &str, hop: &str, weight: Weight) -> DestinationRoute {
    DestinationRoute {
        route_dest: dest.parse().unwrap(),
        next_hop: hop.to_owned(),
        weight,
    }
}

fn policy(source: &str, dest: &str, hop: &str, priority: u8) -> PolicyRoute {
    PolicyRoute {
        route_source: source.parse().unwrap(),
        route_dest: dest.parse().unwrap(),
        next_hop: hop.to_owned(),
        weight: Weight::Active,
        priority,
    }
}

fn connections() -> Vec<String> {
    vec!["vco-a".to_owned(), "vco-b".to_owned(), "vco-c".to_owned()]
}

#[test]
fn an_active_and_a_standby_route_pair_up() {
    let existing = [route("10.0.0.0/24", "vco-a", Weight::Active)];
    let new = [route("10.0.0.0/24", "vco-b", Weight::Standby)];
    assert!(
        check_destination_routes(&existing, &new, Some(&connections()), &Quotas::default())
            .is_empty()
    );
}

#[test]
fn the_same_destination_and_next_hop_is_a_duplicate_whatever_the_weight() {
    let existing = [route("10.0.0.0/24", "vco-a", Weight::Active)];
    let new = [route("10.0.0.0/24", "vco-a", Weight::Standby)];
    let found = check_destination_routes(&existing, &new, None, &Quotas::default());
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].diagnostic.code.as_deref(),
        Some("VpnRouteEntry.AlreadyExists")
    );
    assert_eq!(
        (found[0].entry, found[0].other),
        (EntryRef::New(0), Some(EntryRef::Existing(0)))
    );
    assert!(
        found[0]
            .diagnostic
            .message
            .contains("duplicates the existing route 10.0.0.0/24 via vco-a (active)"),
        "{}",
        found[0].diagnostic.message
    );
}

#[test]
fn two_active_routes_to_one_destination_break_the_pairing() {
    let new = [
        route("10.0.0.0/24", "vco-a", Weight::Active),
        route("10.0.0.0/24", "vco-b", Weight::Active),
    ];
    let found = check_destination_routes(&[], &new, None, &Quotas::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].diagnostic.rule, "route-pairing");
    assert_eq!(
        found[0].diagnostic.code.as_deref(),
        Some("VpnRouteEntry.BackupRoute")
    );
    assert_eq!(
        (found[0].entry, found[0].other),
        (EntryRef::New(1), Some(EntryRef::New(0)))
    );
    assert_eq!(found[0].diagnostic.suggestion.as_deref(), Some("0"));
}

#[test]
fn a_third_route_to_a_paired_destination_is_refused() {
    let existing = [
        route("10.0.0.0/24", "vco-a", Weight::Active),
        route("10.0.0.0/24", "vco-b", Weight::Standby),
    ];
    let found = check_destination_routes(
        &existing,
        &[route("10.0.0.0/24", "vco-c", Weight::Standby)],
        None,
        &Quotas::default(),
    );
    assert_eq!(found[0].diagnostic.rule, "route-pairing");
}

#[test]
fn overlapping_but_different_destinations_do_not_conflict() {
    let existing = [route("10.0.0.0/16", "vco-a", Weight::Active)];
    let new = [route("10.0.0.0/24", "vco-a", Weight::Active)];
    assert!(check_destination_routes(&existing, &new, None, &Quotas::default()).is_empty());
}

#[test]
fn a_next_hop_that_is_not_a_connection_of_the_gateway_is_refused() {
    let found = check_destination_routes(
        &[],
        &[route("10.0.0.0/24", "vco-z", Weight::Active)],
        Some(&connections()),
        &Quotas::default(),
    );
    assert_eq!(
        found[0].diagnostic.code.as_deref(),
        Some("InvalidNextHop.NotFound")
    );
    assert_eq!(found[0].diagnostic.field, "NextHop");
}

#[test]
fn the_quota_counts_existing_and_accepted_new_routes() {
    let quotas = Quotas {
        destination_routes: 3,
        ..Quotas::default()
    };
    let existing: Vec<_> = (0..2)
        .map(|i| route(&format!("10.{i}.0.0/16"), "vco-a", Weight::Active))
        .collect();
    let new = [
        route("10.9.0.0/16", "vco-a", Weight::Active),
        route("10.9.0.0/16", "vco-a", Weight::Active),
        route("10.8.0.0/16", "vco-a", Weight::Active),
    ];
    let found = check_destination_routes(&existing, &new, None, &quotas);
    let rules: Vec<_> = found
        .iter()
        .map(|f| (f.entry, f.diagnostic.rule.as_ref()))
        .collect();
    assert_eq!(
        rules,
        [
            (EntryRef::New(1), "route-duplicate"),
            (EntryRef::New(2), "route-quota")
        ]
    );
    assert_eq!(
        found[1].diagnostic.code.as_deref(),
        Some("CreateDbrRoutesQuotaFull.QuotaFull")
    );
    let at_quota = check_destination_routes(&existing, &new[..1], None, &quotas);
    assert!(at_quota.is_empty(), "route 3 of a quota of 3 is allowed");
}

/// The pairwise reference: for each new route, in order, compare with every accepted one.
fn pairwise(
    existing: &[DestinationRoute],
    new: &[DestinationRoute],
    quota: usize,
) -> Vec<(usize, &'static str)> {
    let mut accepted: Vec<&DestinationRoute> = existing.iter().collect();
    let mut found = Vec::new();
    for (i, r) in new.iter().enumerate() {
        let verdict = if accepted
            .iter()
            .any(|a| a.route_dest == r.route_dest && a.next_hop == r.next_hop)
        {
            Some("route-duplicate")
        } else if accepted
            .iter()
            .any(|a| a.route_dest == r.route_dest && a.weight == r.weight)
        {
            Some("route-pairing")
        } else if accepted.len() >= quota {
            Some("route-quota")
        } else {
            None
        };
        match verdict {
            Some(rule) => found.push((i, rule)),
            None => accepted.push(r),
        }
    }
    found
}

fn arb_route() -> impl Strategy<Value = DestinationRoute> {
    (0u8..4, 0u8..3, 22u8..25, prop::bool::ANY).prop_map(|(net, hop, len, active)| {
        DestinationRoute {
            route_dest: Ipv4Net::new([10, 0, net, 0].into(), len).unwrap().trunc(),
            next_hop: format!("vco-{hop}"),
            weight: if active {
                Weight::Active
            } else {
                Weight::Standby
            },
        }
    })
}

proptest! {
    #[test]
    fn the_grouped_check_agrees_with_the_pairwise_reference(
        new in prop::collection::vec(arb_route(), 0..30),
        quota in 1usize..25,
    ) {
        let found: Vec<_> = check_destination_routes(&[], &new, None, &Quotas { destination_routes: quota, ..Quotas::default() })
            .into_iter()
            .map(|f| match f.entry { EntryRef::New(i) => (i, f.diagnostic.rule.into_owned()), EntryRef::Existing(_) => unreachable!() })
            .collect();
        let expected: Vec<_> = pairwise(&[], &new, quota).into_iter().map(|(i, r)| (i, r.to_owned())).collect();
        prop_assert_eq!(found, expected);
    }
}

#[test]
fn an_audit_of_installed_routes_names_them_as_existing_and_ignores_the_quota() {
    let mut routes: Vec<_> = (0..25)
        .map(|i| route(&format!("10.{i}.0.0/16"), "vco-a", Weight::Active))
        .collect();
    routes.push(route("10.3.0.0/16", "vco-a", Weight::Active));
    routes.push(route("10.4.0.0/16", "vco-z", Weight::Active));
    let found = audit_destination_routes(&routes, Some(&connections()));
    let seen: Vec<_> = found
        .iter()
        .map(|f| (f.entry, f.other, f.diagnostic.rule.as_ref()))
        .collect();
    assert_eq!(
        seen,
        [
            (
                EntryRef::Existing(25),
                Some(EntryRef::Existing(3)),
                "route-duplicate"
            ),
            (EntryRef::Existing(26), None, "route-unknown-next-hop"),
        ]
    );
    assert!(
        found[0]
            .diagnostic
            .message
            .contains("duplicates the existing route 10.3.0.0/16"),
        "{}",
        found[0].diagnostic.message
    );
    // The same routes planned on an empty gateway do run into the quota.
    let planned = check_destination_routes(&[], &routes, None, &Quotas::default());
    assert!(planned.iter().any(|f| f.diagnostic.rule == "route-quota"));
}

#[test]
fn an_audit_of_installed_policy_routes_names_the_route_that_shadows_as_existing() {
    let routes = [
        policy("10.0.0.0/8", "172.16.0.0/12", "vco-a", 5),
        policy("10.1.0.0/16", "172.16.1.0/24", "vco-b", 9),
    ];
    let found = audit_policy_routes(&routes, Some(&connections()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].entry, EntryRef::Existing(1));
    assert_eq!(found[0].other, Some(EntryRef::Existing(0)));
    assert_eq!(found[0].diagnostic.rule, "policy-route-shadowed");
    assert!(
        found[0]
            .diagnostic
            .message
            .contains("starting with the existing route 10.0.0.0/8"),
        "{}",
        found[0].diagnostic.message
    );
    let planned = check_policy_routes(&[], &routes, None, &Quotas::default());
    assert_eq!(planned[0].entry, EntryRef::New(1));
    assert!(planned[0].diagnostic.message.contains("the planned route"));
}
