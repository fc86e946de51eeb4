//! Table analysis: new routes checked against a gateway's routes and against each other.
//!
//! Routes are grouped by destination in a hash map, so a table of n routes plus a batch of m
//! is checked in O(n + m), never pairwise.

use crate::diagnostic::Diagnostic;
use crate::net::overlaps;
use crate::prefix_index::PrefixIndex;
use crate::registry::RuleMeta;
use crate::rules::table::{
    CONNECTION_POLICY_ROUTE_QUOTA, CONNECTION_QUOTA, POLICY_ROUTE_DUPLICATE, POLICY_ROUTE_PRIORITY_OVERLAP, POLICY_ROUTE_QUOTA,
    POLICY_ROUTE_SHADOWED, POLICY_ROUTE_WEIGHT_CONFLICT, ROUTE_DUPLICATE, ROUTE_PAIRING, ROUTE_QUOTA, ROUTE_UNKNOWN_NEXT_HOP,
    TUNNEL_CIDR_IN_USE, VCO_ROUTE_QUOTA,
};
use crate::Weight;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// A destination route of a VPN gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DestinationRoute {
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    pub weight: Weight,
}

impl fmt::Display for DestinationRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} via {} ({})", self.route_dest, self.next_hop, self.weight.role())
    }
}

/// Which entry a finding is about: one already in the table, or one of the new batch.
/// Indexes count from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "table", content = "index", rename_all = "camelCase")]
pub enum EntryRef {
    Existing(usize),
    New(usize),
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryRef::Existing(i) => write!(f, "existing route #{}", i + 1),
            EntryRef::New(i) => write!(f, "new route #{}", i + 1),
        }
    }
}

/// One table conflict: the entry it is reported on and, where there is one, the entry it
/// conflicts with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableFinding {
    pub entry: EntryRef,
    pub other: Option<EntryRef>,
    pub diagnostic: Diagnostic,
}

/// Limits on how many entries a gateway may hold; the documented defaults, all settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quotas {
    /// Destination routes per gateway.
    pub destination_routes: usize,
    /// Policy routes per gateway.
    pub policy_routes: usize,
    /// IPsec connections per gateway.
    pub connections: usize,
    /// Routes per IPsec connection (vco routes); undocumented, so the destination-route default.
    pub vco_routes: usize,
    /// Blocks in each of `LocalSubnet` and `RemoteSubnet`.
    pub subnets_per_side: usize,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas { destination_routes: 20, policy_routes: 20, connections: 10, vco_routes: 20, subnets_per_side: 10 }
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
    check_routes_by_destination(existing, new, connections, quotas.destination_routes, &ROUTE_QUOTA)
}

/// Checks `new` routes of one IPsec connection (vco routes) against its `existing` ones:
/// the destination-route rules, with the connection's own quota.
pub fn check_vco_routes(existing: &[DestinationRoute], new: &[DestinationRoute], quotas: &Quotas) -> Vec<TableFinding> {
    check_routes_by_destination(existing, new, None, quotas.vco_routes, &VCO_ROUTE_QUOTA)
}

fn check_routes_by_destination(
    existing: &[DestinationRoute],
    new: &[DestinationRoute],
    connections: Option<&[String]>,
    quota: usize,
    quota_rule: &'static RuleMeta,
) -> Vec<TableFinding> {
    let mut by_dest: HashMap<Ipv4Net, Vec<(EntryRef, &DestinationRoute)>> = HashMap::new();
    for (i, route) in existing.iter().enumerate() {
        by_dest.entry(route.route_dest).or_default().push((EntryRef::Existing(i), route));
    }
    let mut findings = Vec::new();
    let mut count = existing.len();
    for (i, route) in new.iter().enumerate() {
        let entry = EntryRef::New(i);
        let mut report = |other: Option<EntryRef>, diagnostic: Diagnostic| {
            findings.push(TableFinding { entry, other, diagnostic });
        };
        if let Some(known) = connections {
            if !known.iter().any(|c| *c == route.next_hop) {
                report(
                    None,
                    ROUTE_UNKNOWN_NEXT_HOP.on("NextHop", format!("{} is not a connection of this gateway.", route.next_hop)),
                );
                continue;
            }
        }
        let same_dest = by_dest.entry(route.route_dest).or_default();
        if let Some((other, twin)) = same_dest.iter().find(|(_, r)| r.next_hop == route.next_hop) {
            report(
                Some(*other),
                ROUTE_DUPLICATE.on("RouteDest", format!("{route} duplicates {other}: {twin}.")),
            );
            continue;
        }
        if let Some((other, twin)) = same_dest.iter().find(|(_, r)| r.weight == route.weight) {
            report(
                Some(*other),
                ROUTE_PAIRING
                    .on(
                        "Weight",
                        format!(
                            "{route} has the same destination and weight as {other}: {twin}. An active/standby pair needs one route of weight 100 and one of weight 0."
                        ),
                    )
                    .with_suggestion(route.weight.other().value().to_string()),
            );
            continue;
        }
        if count >= quota {
            report(None, quota_rule.on("RouteDest", format!("{route} would be route {}; the quota is {quota}.", count + 1)));
            continue;
        }
        same_dest.push((entry, route));
        count += 1;
    }
    findings
}

/// A policy-based route of a VPN gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyRoute {
    pub route_source: Ipv4Net,
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    pub weight: Weight,
    pub priority: u8,
}

impl fmt::Display for PolicyRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} -> {} via {} (priority {}, {})",
            self.route_source,
            self.route_dest,
            self.next_hop,
            self.priority,
            self.weight.role()
        )
    }
}

impl PolicyRoute {
    fn same_flow(&self, other: &PolicyRoute) -> bool {
        self.route_source == other.route_source && self.route_dest == other.route_dest
    }
}

/// Policy routes indexed by source, then destination; values are positions in `routes`.
#[derive(Default)]
struct PolicyIndex {
    by_source: PrefixIndex<PrefixIndex<Vec<usize>>>,
}

impl PolicyIndex {
    fn insert(&mut self, route: &PolicyRoute, position: usize) {
        self.by_source.entry(route.route_source).entry(route.route_dest).push(position);
    }

    /// Every stored position whose source and destination both overlap `route`'s.
    fn for_each_overlapping(&self, route: &PolicyRoute, mut f: impl FnMut(usize)) {
        self.by_source.for_each_overlapping(&route.route_source, |_, by_dest| {
            by_dest.for_each_overlapping(&route.route_dest, |_, positions| positions.iter().for_each(|&p| f(p)));
        });
    }
}

/// Checks `new` policy routes against `existing` ones and each other: duplicates, the
/// active/standby pairing, same-priority overlaps, unknown next hops and the quota; then
/// warns about every route of the resulting table that can never match.
///
/// The routes are indexed by prefix (see [`PrefixIndex`]), so a table of 100,000 routes is
/// checked without comparing every pair. `existing` is in creation order.
pub fn check_policy_routes(
    existing: &[PolicyRoute],
    new: &[PolicyRoute],
    connections: Option<&[String]>,
    quotas: &Quotas,
) -> Vec<TableFinding> {
    let mut accepted: Vec<(EntryRef, &PolicyRoute)> = existing.iter().enumerate().map(|(i, r)| (EntryRef::Existing(i), r)).collect();
    let mut flows: HashMap<(Ipv4Net, Ipv4Net), Vec<usize>> = HashMap::new();
    let mut by_priority: HashMap<u8, PolicyIndex> = HashMap::new();
    for (position, (_, route)) in accepted.iter().enumerate() {
        flows.entry((route.route_source, route.route_dest)).or_default().push(position);
        by_priority.entry(route.priority).or_default().insert(route, position);
    }
    let mut findings = Vec::new();
    for (i, route) in new.iter().enumerate() {
        let entry = EntryRef::New(i);
        let finding = policy_conflict(route, &accepted, &flows, &by_priority, connections, quotas);
        if let Some((other, diagnostic)) = finding {
            findings.push(TableFinding { entry, other, diagnostic });
            continue;
        }
        let position = accepted.len();
        accepted.push((entry, route));
        flows.entry((route.route_source, route.route_dest)).or_default().push(position);
        by_priority.entry(route.priority).or_default().insert(route, position);
    }
    findings.extend(shadowed_policy_routes(&accepted));
    findings
}

fn policy_conflict(
    route: &PolicyRoute,
    accepted: &[(EntryRef, &PolicyRoute)],
    flows: &HashMap<(Ipv4Net, Ipv4Net), Vec<usize>>,
    by_priority: &HashMap<u8, PolicyIndex>,
    connections: Option<&[String]>,
    quotas: &Quotas,
) -> Option<(Option<EntryRef>, Diagnostic)> {
    if let Some(known) = connections {
        if !known.iter().any(|c| *c == route.next_hop) {
            let message = format!("{} is not a connection of this gateway.", route.next_hop);
            return Some((None, ROUTE_UNKNOWN_NEXT_HOP.on("NextHop", message)));
        }
    }
    let same_flow = flows.get(&(route.route_source, route.route_dest)).map(Vec::as_slice).unwrap_or_default();
    if let Some(&p) = same_flow.iter().find(|&&p| accepted[p].1.next_hop == route.next_hop) {
        let (other, twin) = accepted[p];
        return Some((Some(other), POLICY_ROUTE_DUPLICATE.on("RouteDest", format!("{route} duplicates {other}: {twin}."))));
    }
    if let Some(&p) = same_flow.iter().find(|&&p| accepted[p].1.weight == route.weight) {
        let (other, twin) = accepted[p];
        let message = format!(
            "{route} has the same source, destination and weight as {other}: {twin}. A pair needs one route of weight 100 and one of weight 0."
        );
        let diagnostic = POLICY_ROUTE_WEIGHT_CONFLICT.on("Weight", message).with_suggestion(route.weight.other().value().to_string());
        return Some((Some(other), diagnostic));
    }
    let mut overlap: Option<usize> = None;
    if let Some(index) = by_priority.get(&route.priority) {
        index.for_each_overlapping(route, |p| {
            if !accepted[p].1.same_flow(route) && overlap.is_none_or(|q| p < q) {
                overlap = Some(p);
            }
        });
    }
    if let Some(p) = overlap {
        let (other, twin) = accepted[p];
        let message = format!(
            "{route} overlaps {other}: {twin}, at the same priority. Give one of them another priority, or make them not overlap."
        );
        return Some((Some(other), POLICY_ROUTE_PRIORITY_OVERLAP.on("Priority", message)));
    }
    if accepted.len() >= quotas.policy_routes {
        let message = format!("{route} would be policy route {} of this gateway; the quota is {}.", accepted.len() + 1, quotas.policy_routes);
        return Some((None, POLICY_ROUTE_QUOTA.on("RouteDest", message)));
    }
    None
}

/// How many cells the coverage search may visit for one route before it gives up; a route
/// it gives up on is not reported.
const COVERAGE_BUDGET: u32 = 4096;

/// Routes of the table that can never match, each named with the first route matched before it.
fn shadowed_policy_routes(table: &[(EntryRef, &PolicyRoute)]) -> Vec<TableFinding> {
    let mut index = PolicyIndex::default();
    for (position, (_, route)) in table.iter().enumerate() {
        index.insert(route, position);
    }
    // Match order: priority first, then creation order (the table's order).
    let rank = |p: usize| (table[p].1.priority, p);
    let mut findings = Vec::new();
    for (position, (entry, route)) in table.iter().enumerate() {
        let mut earlier: Vec<usize> = Vec::new();
        index.for_each_overlapping(route, |p| {
            if rank(p) < rank(position) && !table[p].1.same_flow(route) {
                earlier.push(p);
            }
        });
        if earlier.is_empty() {
            continue;
        }
        earlier.sort_unstable_by_key(|&p| rank(p));
        let rectangles: Vec<(Ipv4Net, Ipv4Net)> = earlier.iter().map(|&p| (table[p].1.route_source, table[p].1.route_dest)).collect();
        let mut budget = COVERAGE_BUDGET;
        if covers(route.route_source, route.route_dest, &rectangles, &mut budget) == Some(true) {
            let (other, first) = table[earlier[0]];
            let message = format!("{route} can never match: routes matched before it, starting with {other} ({first}), cover all of its traffic.");
            findings.push(TableFinding { entry: *entry, other: Some(other), diagnostic: POLICY_ROUTE_SHADOWED.on("RouteDest", message) });
        }
    }
    findings
}

/// Whether the union of `rectangles` covers `source x dest`; `None` when the budget runs out.
fn covers(source: Ipv4Net, dest: Ipv4Net, rectangles: &[(Ipv4Net, Ipv4Net)], budget: &mut u32) -> Option<bool> {
    *budget = budget.checked_sub(1)?;
    let relevant: Vec<(Ipv4Net, Ipv4Net)> =
        rectangles.iter().copied().filter(|(s, d)| overlaps(s, &source) && overlaps(d, &dest)).collect();
    if relevant.is_empty() {
        return Some(false);
    }
    if relevant.iter().any(|(s, d)| s.contains(&source) && d.contains(&dest)) {
        return Some(true);
    }
    // Some rectangle is narrower than the cell in one dimension: split the cell there.
    let split_source = relevant.iter().any(|(s, _)| s.prefix_len() > source.prefix_len());
    let halves = |net: Ipv4Net| net.subnets(net.prefix_len() + 1).map(|mut it| (it.next(), it.next()));
    let (first, second) = halves(if split_source { source } else { dest }).ok()?;
    for half in [first?, second?] {
        let (s, d) = if split_source { (half, dest) } else { (source, half) };
        if !covers(s, d, &relevant, budget)? {
            return Some(false);
        }
    }
    Some(true)
}

/// Checks a new connection against the gateway: the connection quota, BGP tunnel CIDRs
/// already in use, and the policy routes its subnet pairs would add.
pub fn check_new_connection(
    request: &crate::ops::create_vpn_connection::CreateVpnConnection,
    existing_connections: usize,
    tunnel_cidrs_in_use: &[Ipv4Net],
    policy_routes: usize,
    quotas: &Quotas,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if existing_connections >= quotas.connections {
        found.push(CONNECTION_QUOTA.on(
            "VpnGatewayId",
            format!("The gateway already has {existing_connections} connections; the quota is {}.", quotas.connections),
        ));
    }
    for (path, net) in request.tunnel_cidrs() {
        if tunnel_cidrs_in_use.contains(&net) {
            found.push(TUNNEL_CIDR_IN_USE.on(&path, format!("{net} is already the BGP tunnel CIDR of another connection of this gateway.")));
        }
    }
    let added = request.policy_routes_added();
    if added > 0 && policy_routes + added > quotas.policy_routes {
        found.push(CONNECTION_POLICY_ROUTE_QUOTA.on(
            "LocalSubnet",
            format!(
                "{} x {} subnet pairs add {added} policy routes to the gateway's {policy_routes}; the quota is {}.",
                request.local_subnet.len(),
                request.remote_subnet.len(),
                quotas.policy_routes
            ),
        ));
    }
    found
}
