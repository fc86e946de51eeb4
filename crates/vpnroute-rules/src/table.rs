//! Table analysis: new routes checked against a gateway's routes and against each other.
//!
//! Routes are grouped by destination (or by source and destination) with one sort, never
//! compared pairwise: a table of n routes plus a batch of m costs a sort of n + m keys, plus
//! the work of the overlaps that exist.

use crate::diagnostic::Diagnostic;
use crate::net::{overlaps, span};
use crate::packed_sort;
use crate::parallel;
use crate::prefix_index::{Lists, Overlaps};
use crate::registry::RuleMeta;
use crate::rules::table::{
    CONNECTION_POLICY_ROUTE_QUOTA, CONNECTION_QUOTA, POLICY_ROUTE_DUPLICATE,
    POLICY_ROUTE_PRIORITY_OVERLAP, POLICY_ROUTE_QUOTA, POLICY_ROUTE_SHADOWED,
    POLICY_ROUTE_WEIGHT_CONFLICT, ROUTE_DUPLICATE, ROUTE_PAIRING, ROUTE_QUOTA,
    ROUTE_UNKNOWN_NEXT_HOP, TUNNEL_CIDR_IN_USE, VCO_ROUTE_QUOTA,
};
use crate::Weight;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A destination route of a VPN gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DestinationRoute {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    #[cfg_attr(feature = "ts", ts(type = "0 | 100"))]
    pub weight: Weight,
}

impl fmt::Display for DestinationRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} via {} ({})",
            self.route_dest,
            self.next_hop,
            self.weight.role()
        )
    }
}

/// Which entry a finding is about: one already in the table, or one of the new batch.
/// Indexes count from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "table", content = "index", rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EntryRef {
    Existing(usize),
    New(usize),
}

impl EntryRef {
    /// How a message names the table the entry is in; the entry itself is described by its fields.
    fn kind(self) -> &'static str {
        match self {
            EntryRef::Existing(_) => "the existing route",
            EntryRef::New(_) => "the planned route",
        }
    }
}

/// What the routes being checked are, which decides how findings name them.
#[derive(Clone, Copy)]
enum Batch {
    /// Routes to be added: `EntryRef::New`.
    Planned,
    /// Routes a gateway already holds, each checked against those before it: `EntryRef::Existing`.
    Installed,
}

impl Batch {
    fn entry(self, index: usize) -> EntryRef {
        match self {
            Batch::Planned => EntryRef::New(index),
            Batch::Installed => EntryRef::Existing(index),
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
        Quotas {
            destination_routes: 20,
            policy_routes: 20,
            connections: 10,
            vco_routes: 20,
            subnets_per_side: 10,
        }
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
        Batch::Planned,
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
        Batch::Installed,
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
        Batch::Planned,
    )
}

/// A prefix packed into 40 bits of a sort key: its address, then its length.
fn prefix_key(net: &Ipv4Net) -> u128 {
    u128::from(u32::from(net.addr())) << 8 | u128::from(net.prefix_len())
}

fn check_routes_by_destination(
    existing: &[DestinationRoute],
    new: &[DestinationRoute],
    connections: Option<&[String]>,
    quota: usize,
    quota_rule: &'static RuleMeta,
    batch: Batch,
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
                        format!("{} is not a connection of this gateway.", route.next_hop),
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
                    format!("{route} duplicates {} {twin}.", other.kind()),
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
                        format!(
                            "{route} has the same destination and weight as {} {twin}. An active/standby pair needs one route of weight 100 and one of weight 0.",
                            other.kind()
                        ),
                    )
                    .with_suggestion(route.weight.other().value().to_string()),
            );
            continue;
        }
        if count >= quota {
            report(
                None,
                quota_rule.on(
                    "RouteDest",
                    format!(
                        "{route} would be route {}; the quota is {quota}.",
                        count + 1
                    ),
                ),
            );
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyRoute {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub route_source: Ipv4Net,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    #[cfg_attr(feature = "ts", ts(type = "0 | 100"))]
    pub weight: Weight,
    pub priority: u8,
}

impl fmt::Display for PolicyRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_prefix(f, &self.route_source)?;
        f.write_str(" -> ")?;
        write_prefix(f, &self.route_dest)?;
        write!(
            f,
            " via {} (priority {}, {})",
            self.next_hop,
            self.priority,
            self.weight.role()
        )
    }
}

/// Writes `a.b.c.d/n` directly: a 100,000-route analysis writes tens of thousands of these,
/// and the generic formatting machinery was a visible share of its time.
fn write_prefix(f: &mut fmt::Formatter<'_>, net: &Ipv4Net) -> fmt::Result {
    let mut text = [0u8; 18];
    let mut len = 0;
    let [a, b, c, d] = net.addr().octets();
    for (number, after) in [
        (a, b'.'),
        (b, b'.'),
        (c, b'.'),
        (d, b'/'),
        (net.prefix_len(), 0),
    ] {
        for (digit, needed) in [
            (number / 100, number >= 100),
            (number / 10 % 10, number >= 10),
            (number % 10, true),
        ] {
            if needed {
                text[len] = b'0' + digit;
                len += 1;
            }
        }
        if after != 0 {
            text[len] = after;
            len += 1;
        }
    }
    f.write_str(std::str::from_utf8(&text[..len]).map_err(|_| fmt::Error)?)
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
    check_policy_batch(existing, new, connections, quotas, Batch::Planned)
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
    check_policy_batch(&[], routes, connections, &unlimited, Batch::Installed)
}

fn check_policy_batch(
    existing: &[PolicyRoute],
    new: &[PolicyRoute],
    connections: Option<&[String]>,
    quotas: &Quotas,
    batch: Batch,
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

/// A message written into a buffer sized for two routes, so it is not regrown while written.
fn message(args: fmt::Arguments<'_>) -> String {
    let mut text = String::with_capacity(256);
    fmt::Write::write_fmt(&mut text, args).expect("writing to a String cannot fail");
    text
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
                let text = message(format_args!(
                    "{} is not a connection of this gateway.",
                    route.next_hop
                ));
                (None, ROUTE_UNKNOWN_NEXT_HOP.on("NextHop", text))
            }
            Conflict::Duplicate(p) => {
                let (other, twin) = all[p];
                let text = message(format_args!("{route} duplicates {} {twin}.", other.kind()));
                (Some(other), POLICY_ROUTE_DUPLICATE.on("RouteDest", text))
            }
            Conflict::SameWeight(p) => {
                let (other, twin) = all[p];
                let text = message(format_args!(
                    "{route} has the same source, destination and weight as {} {twin}. A pair needs one route of weight 100 and one of weight 0.",
                    other.kind()
                ));
                let diagnostic = POLICY_ROUTE_WEIGHT_CONFLICT
                    .on("Weight", text)
                    .with_suggestion(route.weight.other().value().to_string());
                (Some(other), diagnostic)
            }
            Conflict::PriorityOverlap(p) => {
                let (other, twin) = all[p];
                let text = message(format_args!(
                    "{route} overlaps {} {twin} at the same priority. Give one of them another priority, or make them not overlap.",
                    other.kind()
                ));
                (
                    Some(other),
                    POLICY_ROUTE_PRIORITY_OVERLAP.on("Priority", text),
                )
            }
            Conflict::Quota(count) => {
                let text = message(format_args!(
                    "{route} would be policy route {} of this gateway; the quota is {}.",
                    count + 1,
                    quotas.policy_routes
                ));
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
                let text = message(format_args!(
                    "{route} can never match: routes matched before it, starting with {} {first}, cover all of its traffic.",
                    other.kind()
                ));
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

/// Whether the union of `rectangles` covers `source x dest`; `None` when the budget runs out.
fn covers(
    source: Ipv4Net,
    dest: Ipv4Net,
    rectangles: &[(Ipv4Net, Ipv4Net)],
    budget: &mut u32,
) -> Option<bool> {
    *budget = budget.checked_sub(1)?;
    let relevant: Vec<(Ipv4Net, Ipv4Net)> = rectangles
        .iter()
        .copied()
        .filter(|(s, d)| overlaps(s, &source) && overlaps(d, &dest))
        .collect();
    if relevant.is_empty() {
        return Some(false);
    }
    if relevant
        .iter()
        .any(|(s, d)| s.contains(&source) && d.contains(&dest))
    {
        return Some(true);
    }
    // Some rectangle is narrower than the cell in one dimension: split the cell there.
    let split_source = relevant
        .iter()
        .any(|(s, _)| s.prefix_len() > source.prefix_len());
    let halves = |net: Ipv4Net| {
        net.subnets(net.prefix_len() + 1)
            .map(|mut it| (it.next(), it.next()))
    };
    let (first, second) = halves(if split_source { source } else { dest }).ok()?;
    for half in [first?, second?] {
        let (s, d) = if split_source {
            (half, dest)
        } else {
            (source, half)
        };
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
            format!(
                "The gateway already has {existing_connections} connections; the quota is {}.",
                quotas.connections
            ),
        ));
    }
    for (path, net) in request.tunnel_cidrs() {
        if tunnel_cidrs_in_use.contains(&net) {
            found.push(TUNNEL_CIDR_IN_USE.on(
                &path,
                format!(
                    "{net} is already the BGP tunnel CIDR of another connection of this gateway."
                ),
            ));
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
