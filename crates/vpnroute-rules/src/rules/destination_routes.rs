//! The destination-route table rules, for a gateway's destination routes and for the routes of
//! an IPsec connection attached to a transit router (vco routes).
//!
//! Routes are grouped by destination with one sort, never compared pairwise: a table of n
//! routes plus a batch of m costs a sort of n + m keys.

use crate::analysis::packed_sort::{self, prefix_key};
use crate::messages::{message, Message};
use crate::model::diagnostic::Diagnostic;
use crate::model::routes::{DestinationRoute, EntryRef, Quotas, RouteSet, TableFinding};
use crate::model::rule::{declare_rule, ErrorCode, RuleMeta};

declare_rule! {
    /// A route with the same destination and the same next hop already exists.
    ///
    /// ## Why
    /// A destination route is identified by (RouteDest, NextHop); the service refuses a second
    /// one whatever its weight.
    pub ROUTE_DUPLICATE {
        id: "route-duplicate",
        severity: Error,
        fields: ["RouteDest", "NextHop"],
        code: ErrorCode::Api("VpnRouteEntry.AlreadyExists"),
    }
}

declare_rule! {
    /// Routes to the same destination break the active/standby pairing: they need different
    /// next hops and different weights, so at most one active (100) and one standby (0).
    ///
    /// ## Example
    /// Two routes to `10.0.0.0/24`, both with weight 100.
    pub ROUTE_PAIRING {
        id: "route-pairing",
        severity: Error,
        fields: ["RouteDest", "Weight"],
        code: ErrorCode::Api("VpnRouteEntry.BackupRoute"),
    }
}

declare_rule! {
    /// `NextHop` is not a connection of this gateway.
    ///
    /// Checked only when the gateway's connections are known.
    pub ROUTE_UNKNOWN_NEXT_HOP {
        id: "route-unknown-next-hop",
        severity: Error,
        fields: ["NextHop"],
        code: ErrorCode::Api("InvalidNextHop.NotFound"),
    }
}

declare_rule! {
    /// The gateway would have more destination routes than its quota (20 by default, a setting).
    pub ROUTE_QUOTA {
        id: "route-quota",
        severity: Error,
        fields: ["RouteDest"],
        code: ErrorCode::Api("CreateDbrRoutesQuotaFull.QuotaFull"),
    }
}

declare_rule! {
    /// An IPsec connection would have more routes than its quota (20 by default, a setting;
    /// the documents give no number, so vpnroute assumes the destination-route quota).
    pub VCO_ROUTE_QUOTA {
        id: "vco-route-quota",
        severity: Error,
        fields: ["RouteDest"],
        code: ErrorCode::Api("Resource.QuotaFull"),
    }
}

/// Checks `new` destination routes against `existing` ones and each other.
///
/// `connections` lists the gateway's connection ids when they are known. A new route that
/// fails is not counted as added, so later routes of the batch are checked as the service
/// would check them.
pub fn check_destination_routes(
    existing: &[DestinationRoute],
    new: &[DestinationRoute],
    connections: Option<&[String]>,
    quotas: &Quotas,
) -> Vec<TableFinding> {
    check_routes_by_destination(
        existing,
        new,
        connections,
        quotas.destination_routes,
        &ROUTE_QUOTA,
        RouteSet::Planned,
    )
}

/// Finds the conflicts among the destination routes a gateway already holds, each route checked
/// against those before it, as the gateway view marks them. Findings name the routes as
/// existing ones (`EntryRef::Existing`). The quota is left out: the gateway took every route.
pub fn audit_destination_routes(
    routes: &[DestinationRoute],
    connections: Option<&[String]>,
) -> Vec<TableFinding> {
    check_routes_by_destination(
        &[],
        routes,
        connections,
        usize::MAX,
        &ROUTE_QUOTA,
        RouteSet::Installed,
    )
}

/// Checks `new` routes of one IPsec connection (vco routes) against its `existing` ones:
/// the destination-route rules, with the connection's own quota.
pub fn check_vco_routes(
    existing: &[DestinationRoute],
    new: &[DestinationRoute],
    quotas: &Quotas,
) -> Vec<TableFinding> {
    check_routes_by_destination(
        existing,
        new,
        None,
        quotas.vco_routes,
        &VCO_ROUTE_QUOTA,
        RouteSet::Planned,
    )
}

fn check_routes_by_destination(
    existing: &[DestinationRoute],
    new: &[DestinationRoute],
    connections: Option<&[String]>,
    quota: usize,
    quota_rule: &'static RuleMeta,
    batch: RouteSet,
) -> Vec<TableFinding> {
    let mut keys: Vec<u128> = existing
        .iter()
        .chain(new)
        .enumerate()
        .map(|(i, route)| prefix_key(&route.route_dest) << 32 | i as u128)
        .collect();
    packed_sort::sort(&mut keys);
    let (group_of, groups) = packed_sort::groups(&keys);
    // The routes of each destination: the existing ones, then each new one as it passes.
    let mut by_dest: Vec<Vec<(EntryRef, &DestinationRoute)>> = vec![Vec::new(); groups];
    for (i, route) in existing.iter().enumerate() {
        by_dest[group_of[i] as usize].push((EntryRef::Existing(i), route));
    }
    let mut findings = Vec::new();
    let mut count = existing.len();
    for (i, route) in new.iter().enumerate() {
        let entry = batch.entry(i);
        let mut report = |other: Option<EntryRef>, diagnostic: Diagnostic| {
            findings.push(TableFinding {
                entry,
                other,
                diagnostic,
            });
        };
        if let Some(known) = connections {
            if !known.contains(&route.next_hop) {
                report(
                    None,
                    ROUTE_UNKNOWN_NEXT_HOP.on(
                        "NextHop",
                        message!("route-unknown-next-hop", next_hop = &route.next_hop),
                    ),
                );
                continue;
            }
        }
        let same_dest = &mut by_dest[group_of[existing.len() + i] as usize];
        if let Some((other, twin)) = same_dest.iter().find(|(_, r)| r.next_hop == route.next_hop) {
            report(
                Some(*other),
                ROUTE_DUPLICATE.on(
                    "RouteDest",
                    message!(
                        "route-duplicate",
                        route = route,
                        other = other.kind_key(),
                        twin = twin
                    ),
                ),
            );
            continue;
        }
        if let Some((other, twin)) = same_dest.iter().find(|(_, r)| r.weight == route.weight) {
            report(
                Some(*other),
                ROUTE_PAIRING
                    .on(
                        "Weight",
                        message!(
                            "route-pairing",
                            route = route,
                            other = other.kind_key(),
                            twin = twin
                        ),
                    )
                    .with_suggestion(route.weight.other().value().to_string()),
            );
            continue;
        }
        if count >= quota {
            report(
                None,
                // The quota rule's own message: `route-quota` or `vco-route-quota`.
                quota_rule.on(
                    "RouteDest",
                    Message::new(quota_rule.id)
                        .arg("route", route)
                        .arg("position", count + 1)
                        .arg("quota", quota),
                ),
            );
            continue;
        }
        same_dest.push((entry, route));
        count += 1;
    }
    findings
}
