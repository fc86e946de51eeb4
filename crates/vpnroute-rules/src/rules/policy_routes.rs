//! The policy-route table rules: duplicates, the active/standby pairing, same-priority
//! overlaps, unknown next hops, the quota, and routes that can never match.
//!
//! Overlapping routes are found through the prefix index (`analysis::prefix_index`), so work
//! follows the overlaps that exist, never all pairs.

use crate::analysis::coverage::covers;
use crate::analysis::packed_sort::{self, prefix_key};
use crate::analysis::parallel;
use crate::analysis::prefix_index::{Lists, Overlaps};
use crate::messages::message;
use crate::model::net::span;
use crate::model::routes::{EntryRef, PolicyRoute, Quotas, RouteSet, TableFinding};
use crate::model::rule::{declare_rule, ErrorCode};
use crate::rules::destination_routes::ROUTE_UNKNOWN_NEXT_HOP;
use ipnet::Ipv4Net;

declare_rule! {
    /// A policy route with the same source, destination and next hop already exists.
    pub POLICY_ROUTE_DUPLICATE {
        id: "policy-route-duplicate",
        severity: Error,
        fields: ["RouteSource", "RouteDest", "NextHop"],
        code: ErrorCode::Api("VpnRouteEntry.AlreadyExists"),
    }
}

declare_rule! {
    /// A policy route with the same source, destination and weight already exists.
    ///
    /// ## Why
    /// Two policies for one flow form an active/standby pair only with weights 100 and 0.
    pub POLICY_ROUTE_WEIGHT_CONFLICT {
        id: "policy-route-weight-conflict",
        severity: Error,
        fields: ["RouteSource", "RouteDest", "Weight"],
        code: ErrorCode::Api("VpnRouteEntry.SrcDestWeightConflict"),
    }
}

declare_rule! {
    /// Two policy routes of the same priority overlap: their sources overlap and their
    /// destinations overlap. Only the exact active/standby pair (same source and destination)
    /// may share a priority.
    ///
    /// ## Example
    /// `10.0.0.0/16 -> 172.16.0.0/12` and `10.0.1.0/24 -> 172.16.5.0/24`, both priority 10.
    pub POLICY_ROUTE_PRIORITY_OVERLAP {
        id: "policy-route-priority-overlap",
        severity: Error,
        fields: ["RouteSource", "RouteDest", "Priority"],
        code: ErrorCode::Api("VpnRouteEntry.SamePriorityPbrRoutePrefixOverlap"),
    }
}

declare_rule! {
    /// The gateway would have more policy routes than its quota (20 by default, a setting).
    pub POLICY_ROUTE_QUOTA {
        id: "policy-route-quota",
        severity: Error,
        fields: ["RouteSource", "RouteDest"],
        code: ErrorCode::Api("CreatePbrRoutesQuotaFull.QuotaFull"),
    }
}

declare_rule! {
    /// A policy route can never match: routes matched before it (smaller priority, or the same
    /// priority and created earlier) cover its whole source x destination space.
    pub POLICY_ROUTE_SHADOWED {
        id: "policy-route-shadowed",
        severity: Warning,
        fields: ["RouteSource", "RouteDest", "Priority"],
        code: ErrorCode::None,
    }
}

/// Checks `new` policy routes against `existing` ones and each other: duplicates, the
/// active/standby pairing, same-priority overlaps, unknown next hops and the quota; then
/// warns about every route of the resulting table that can never match.
///
/// The routes are indexed by prefix (see `analysis::prefix_index`), so a table of 100,000 routes is
/// checked without comparing every pair. `existing` is in creation order.
pub fn check_policy_routes(
    existing: &[PolicyRoute],
    new: &[PolicyRoute],
    connections: Option<&[String]>,
    quotas: &Quotas,
) -> Vec<TableFinding> {
    check_policy_batch(existing, new, connections, quotas, RouteSet::Planned)
}

/// Finds the conflicts among the policy routes a gateway already holds, each route checked
/// against those before it, and the routes that can never match, as the gateway view marks
/// them. Findings name the routes as existing ones (`EntryRef::Existing`). The quota is left
/// out: the gateway took every route.
pub fn audit_policy_routes(
    routes: &[PolicyRoute],
    connections: Option<&[String]>,
) -> Vec<TableFinding> {
    let unlimited = Quotas {
        policy_routes: usize::MAX,
        ..Quotas::default()
    };
    check_policy_batch(&[], routes, connections, &unlimited, RouteSet::Installed)
}

fn check_policy_batch(
    existing: &[PolicyRoute],
    new: &[PolicyRoute],
    connections: Option<&[String]>,
    quotas: &Quotas,
    batch: RouteSet,
) -> Vec<TableFinding> {
    let all: Vec<(EntryRef, &PolicyRoute)> = existing
        .iter()
        .enumerate()
        .map(|(i, r)| (EntryRef::Existing(i), r))
        .chain(new.iter().enumerate().map(|(i, r)| (batch.entry(i), r)))
        .collect();
    let pairs: Vec<(Ipv4Net, Ipv4Net)> = all
        .iter()
        .map(|(_, r)| (r.route_source, r.route_dest))
        .collect();
    let priorities: Vec<u8> = all.iter().map(|(_, r)| r.priority).collect();
    // Match order: priority first, then creation order (the order of `all`). For each route,
    // the routes before it in that order that overlap it, found once for both the conflict
    // check (same priority, so created earlier) and the shadow pass. Same-flow partners are
    // left out: they are checked by identity.
    let overlapping = Overlaps::find(&pairs, &priorities);
    // Routes with the same source and destination (a flow), each flow's in creation order.
    // Key: source and destination, then the position.
    let mut by_flow: Vec<u128> = pairs
        .iter()
        .enumerate()
        .map(|(p, (s, d))| prefix_key(s) << 72 | prefix_key(d) << 32 | p as u128)
        .collect();
    packed_sort::sort(&mut by_flow);
    let (flow_of, flows) = packed_sort::groups(&by_flow);
    let flows = Lists::build(
        flows,
        by_flow.iter().map(|&k| {
            let p = packed_sort::index(k);
            (flow_of[p], p as u32)
        }),
    );
    // Existing routes are in the table; one of the batch only once it passes.
    let mut accepted: Vec<bool> = (0..all.len()).map(|p| p < existing.len()).collect();
    let mut conflicts: Vec<(usize, Conflict)> = Vec::new();
    let mut count = existing.len();
    for position in existing.len()..all.len() {
        let same_flow = flows.get(flow_of[position] as usize);
        let table = PolicyTable {
            all: &all,
            priorities: &priorities,
            accepted: &accepted,
            count,
        };
        if let Some(conflict) = table.conflict(
            position,
            same_flow,
            overlapping.before(position),
            connections,
            quotas,
        ) {
            conflicts.push((position, conflict));
            continue;
        }
        accepted[position] = true;
        count += 1;
    }
    // Messages are written after the (sequential) acceptance pass, split over the cores.
    let describe = |part: std::ops::Range<usize>| {
        conflicts[part]
            .iter()
            .map(|&(position, conflict)| conflict.finding(&all, position, quotas))
            .collect::<Vec<_>>()
    };
    let mut findings: Vec<TableFinding> =
        parallel::run(parallel::parts(conflicts.len(), |i| i * 64), describe)
            .into_iter()
            .flatten()
            .collect();
    findings.extend(shadowed_policy_routes(
        &all,
        &pairs,
        &priorities,
        &accepted,
        &overlapping,
    ));
    findings
}

/// The policy table while a batch is being checked.
struct PolicyTable<'a, 'r> {
    all: &'a [(EntryRef, &'r PolicyRoute)],
    priorities: &'a [u8],
    accepted: &'a [bool],
    count: usize,
}

/// Which rule a new policy route breaks, and against which earlier route.
#[derive(Clone, Copy)]
enum Conflict {
    UnknownNextHop,
    Duplicate(usize),
    SameWeight(usize),
    PriorityOverlap(usize),
    Quota(usize),
}

impl Conflict {
    fn finding(
        self,
        all: &[(EntryRef, &PolicyRoute)],
        position: usize,
        quotas: &Quotas,
    ) -> TableFinding {
        let (entry, route) = all[position];
        let (other, diagnostic) = match self {
            Conflict::UnknownNextHop => {
                let text = message!("route-unknown-next-hop", next_hop = &route.next_hop);
                (None, ROUTE_UNKNOWN_NEXT_HOP.on("NextHop", text))
            }
            Conflict::Duplicate(p) => {
                let (other, twin) = all[p];
                let text = message!(
                    "policy-route-duplicate",
                    route = route,
                    other = other.kind_key(),
                    twin = twin
                );
                (Some(other), POLICY_ROUTE_DUPLICATE.on("RouteDest", text))
            }
            Conflict::SameWeight(p) => {
                let (other, twin) = all[p];
                let text = message!(
                    "policy-route-weight-conflict",
                    route = route,
                    other = other.kind_key(),
                    twin = twin
                );
                let diagnostic = POLICY_ROUTE_WEIGHT_CONFLICT
                    .on("Weight", text)
                    .with_suggestion(route.weight.other().value().to_string());
                (Some(other), diagnostic)
            }
            Conflict::PriorityOverlap(p) => {
                let (other, twin) = all[p];
                let text = message!(
                    "policy-route-priority-overlap",
                    route = route,
                    other = other.kind_key(),
                    twin = twin
                );
                (
                    Some(other),
                    POLICY_ROUTE_PRIORITY_OVERLAP.on("Priority", text),
                )
            }
            Conflict::Quota(count) => {
                let text = message!(
                    "policy-route-quota",
                    route = route,
                    position = count + 1,
                    quota = quotas.policy_routes
                );
                (None, POLICY_ROUTE_QUOTA.on("RouteDest", text))
            }
        };
        TableFinding {
            entry,
            other,
            diagnostic,
        }
    }
}

impl PolicyTable<'_, '_> {
    /// The first rule the route at `position` breaks against the routes accepted before it.
    fn conflict(
        &self,
        position: usize,
        same_flow: &[u32],
        overlapping: &[u32],
        connections: Option<&[String]>,
        quotas: &Quotas,
    ) -> Option<Conflict> {
        let all = self.all;
        let route = all[position].1;
        if connections.is_some_and(|known| !known.contains(&route.next_hop)) {
            return Some(Conflict::UnknownNextHop);
        }
        let earlier_same_flow = || {
            same_flow
                .iter()
                .map(|&p| p as usize)
                .filter(|&p| p < position && self.accepted[p])
        };
        if let Some(p) = earlier_same_flow().find(|&p| all[p].1.next_hop == route.next_hop) {
            return Some(Conflict::Duplicate(p));
        }
        if let Some(p) = earlier_same_flow().find(|&p| all[p].1.weight == route.weight) {
            return Some(Conflict::SameWeight(p));
        }
        let overlap = overlapping
            .iter()
            .map(|&p| p as usize)
            .filter(|&p| self.accepted[p] && self.priorities[p] == route.priority)
            .min();
        if let Some(p) = overlap {
            return Some(Conflict::PriorityOverlap(p));
        }
        (self.count >= quotas.policy_routes).then_some(Conflict::Quota(self.count))
    }
}

/// How many cells the coverage search may visit for one route before it gives up; a route
/// it gives up on is not reported.
const COVERAGE_BUDGET: u32 = 4096;

/// Accepted routes that can never match, each named with the first route matched before it.
fn shadowed_policy_routes(
    all: &[(EntryRef, &PolicyRoute)],
    pairs: &[(Ipv4Net, Ipv4Net)],
    priorities: &[u8],
    accepted: &[bool],
    overlapping: &Overlaps,
) -> Vec<TableFinding> {
    let rank = |p: usize| u128::from(priorities[p]) << 32 | p as u128;
    let check = |positions: std::ops::Range<usize>| {
        let mut findings = Vec::new();
        let (mut earlier, mut rectangles): (Vec<u128>, Vec<(Ipv4Net, Ipv4Net)>) =
            (Vec::new(), Vec::new());
        for position in positions.filter(|&p| accepted[p]) {
            let (entry, route) = all[position];
            earlier.clear();
            earlier.extend(
                overlapping
                    .before(position)
                    .iter()
                    .map(|&p| p as usize)
                    .filter(|&p| accepted[p])
                    .map(rank),
            );
            if earlier.is_empty() {
                continue;
            }
            packed_sort::sort(&mut earlier);
            rectangles.clear();
            rectangles.extend(earlier.iter().map(|&k| pairs[packed_sort::index(k)]));
            let (source, dest) = (span(&route.route_source), span(&route.route_dest));
            let holds =
                |outer: (u32, u32), inner: (u32, u32)| outer.0 <= inner.0 && inner.1 <= outer.1;
            let contains =
                |(s, d): &(Ipv4Net, Ipv4Net)| holds(span(s), source) && holds(span(d), dest);
            let mut budget = COVERAGE_BUDGET;
            if rectangles.iter().any(contains)
                || covers(
                    route.route_source,
                    route.route_dest,
                    &rectangles,
                    &mut budget,
                ) == Some(true)
            {
                let (other, first) = all[packed_sort::index(earlier[0])];
                let text = message!(
                    "policy-route-shadowed",
                    route = route,
                    other = other.kind_key(),
                    first = first
                );
                findings.push(TableFinding {
                    entry,
                    other: Some(other),
                    diagnostic: POLICY_ROUTE_SHADOWED.on("RouteDest", text),
                });
            }
        }
        findings
    };
    parallel::run(
        parallel::parts(all.len(), |p| overlapping.work_before(p)),
        check,
    )
    .into_iter()
    .flatten()
    .collect()
}
