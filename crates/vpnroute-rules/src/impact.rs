//! What a change does to traffic. [`plan_impact`] compares each gateway's (and transit-router
//! connection's) tables before a plan with the tables the plan leaves ([`crate::plan::end_state`]);
//! [`failover`] compares a gateway's tables with each of its connections up and down. Both
//! answer with the exact traffic whose next hop changes, as disjoint source x destination
//! blocks, each with its route before and after.
//!
//! Exact, not sampled: the traffic space is cut into blocks that every route either holds or
//! misses (`analysis::regions`), so one packet's lookup answers for its whole block; only the
//! blocks under a route that changed are looked at.

use crate::analysis::lookup::{Match, RouteKind, RouteTable, Router};
use crate::analysis::regions::{self, Dirty, Footprint, Rect};
use crate::model::routes::{BgpRoute, DestinationRoute, PolicyRoute};
use crate::model::snapshot::TableSnapshot;
use crate::ops::Target;
use crate::plan::{end_state, PlanRequest};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::net::Ipv4Addr;
use std::ops::ControlFlow;

/// Where a packet goes: the route that takes it and its next hop.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outcome {
    /// `None`: no route holds the packet, which is not routed through the gateway.
    pub kind: Option<RouteKind>,
    /// The route, as people name it (`10.0.0.0/24`, `192.168.0.0/24 -> 10.0.0.0/24, priority 5`).
    pub route: Option<String>,
    /// `None` when not routed, or when the route's connection is down and nothing takes over.
    pub next_hop: Option<String>,
}

/// Inclusive addresses `first` to `last`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddressRange {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub first: Ipv4Addr,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub last: Ipv4Addr,
}

impl AddressRange {
    fn of((first, last): (u32, u32)) -> Self {
        AddressRange {
            first: first.into(),
            last: last.into(),
        }
    }

    /// How many addresses.
    pub fn addresses(&self) -> u64 {
        u64::from(u32::from(self.last) - u32::from(self.first)) + 1
    }
}

/// `via vco-a (10.0.0.0/24)`, or why the traffic goes nowhere.
impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.route, &self.next_hop) {
            (None, _) => f.write_str("not routed"),
            (Some(route), None) => write!(f, "dropped ({route}: its connection is down)"),
            (Some(route), Some(hop)) => write!(f, "via {hop} ({route})"),
        }
    }
}

/// `first-last`, or the one address.
impl fmt::Display for AddressRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

/// `sources -> destinations: before => after`.
impl fmt::Display for TrafficBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} -> {}: {} => {}",
            self.source, self.destination, self.before, self.after
        )
    }
}

impl TrafficBlock {
    /// How many (source, destination) address pairs: up to 2^64.
    pub fn pairs(&self) -> u128 {
        u128::from(self.source.addresses()) * u128::from(self.destination.addresses())
    }
}

/// Traffic whose outcome changes: every packet from `source` to `destination`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrafficBlock {
    pub source: AddressRange,
    pub destination: AddressRange,
    pub before: Outcome,
    pub after: Outcome,
}

/// The traffic a plan changes on one gateway or transit-router connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TargetImpact {
    #[cfg_attr(
        feature = "ts",
        ts(type = "{ kind: \"gateway\" | \"connection\", id: string }")
    )]
    pub target: Target,
    /// Largest first.
    pub blocks: Vec<TrafficBlock>,
}

/// The traffic that moves, or stops being routed, when one connection is down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConnectionFailover {
    pub connection: String,
    /// Largest first; empty when nothing goes through the connection.
    pub blocks: Vec<TrafficBlock>,
}

type PolicyKey<'a> = (Footprint, &'a str, u8, u8);
type DestinationKey<'a> = (Footprint, &'a str, u8);
type BgpKey<'a> = (Footprint, &'a str);

/// A policy route as compared: where it applies, its next hop, weight and priority.
fn policy_key(r: &PolicyRoute) -> PolicyKey<'_> {
    (
        Footprint::new(Some(&r.route_source), &r.route_dest),
        r.next_hop.as_str(),
        r.weight.value(),
        r.priority,
    )
}

fn destination_key(r: &DestinationRoute) -> DestinationKey<'_> {
    (
        Footprint::new(None, &r.route_dest),
        r.next_hop.as_str(),
        r.weight.value(),
    )
}

fn bgp_key(r: &BgpRoute) -> BgpKey<'_> {
    (Footprint::new(None, &r.route_dest), r.next_hop.as_str())
}

fn keys<'a, R, K>(routes: &'a [R], key: fn(&'a R) -> K) -> Vec<K> {
    routes.iter().map(key).collect()
}

/// Adds to `out` the footprints of the routes that differ between `before` and `after`: those
/// only one side has, and those whose place in their list's order moved (a route deleted and
/// created again comes last among equals). Returns the routes that did not change.
fn changed<K: Eq + Hash + Copy>(
    before: &[K],
    after: &[K],
    footprint: impl Fn(&K) -> Footprint,
    out: &mut Vec<Footprint>,
) -> Vec<K> {
    let count = |keys: &[K]| {
        let mut counts: HashMap<K, usize> = HashMap::with_capacity(keys.len());
        for key in keys {
            *counts.entry(*key).or_default() += 1;
        }
        counts
    };
    let (mut in_after, mut in_before) = (count(after), count(before));
    let common = |keys: &[K], other: &mut HashMap<K, usize>, out: &mut Vec<Footprint>| {
        let mut kept = Vec::with_capacity(keys.len());
        for key in keys {
            match other.get_mut(key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    kept.push(*key);
                }
                _ => out.push(footprint(key)),
            }
        }
        kept
    };
    let before_common = common(before, &mut in_after, out);
    let after_common = common(after, &mut in_before, out);
    let mut j = 0;
    let mut unchanged = Vec::with_capacity(before_common.len());
    for key in &before_common {
        if after_common.get(j) == Some(key) {
            j += 1;
            unchanged.push(*key);
        } else {
            out.push(footprint(key));
        }
    }
    out.extend(after_common[j..].iter().map(&footprint));
    unchanged
}

/// A route as reports name it, not yet written out: two are equal exactly when their names
/// are, so blocks merge on it as on the text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RouteName {
    Policy(Ipv4Net, Ipv4Net, u8),
    Destination(Ipv4Net),
    Bgp(Ipv4Net),
}

impl RouteName {
    fn of(table: &RouteTable, kind: RouteKind, chosen: usize) -> Self {
        match kind {
            RouteKind::Policy => {
                let r = &table.policy_routes[chosen];
                RouteName::Policy(r.route_source, r.route_dest, r.priority)
            }
            RouteKind::Destination => {
                RouteName::Destination(table.destination_routes[chosen].route_dest)
            }
            RouteKind::Bgp => RouteName::Bgp(table.bgp_routes[chosen].route_dest),
        }
    }
}

impl fmt::Display for RouteName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteName::Policy(source, dest, priority) => {
                write!(f, "{source} -> {dest}, priority {priority}")
            }
            RouteName::Destination(dest) => write!(f, "{dest}"),
            RouteName::Bgp(dest) => write!(f, "{dest} (bgp)"),
        }
    }
}

/// Where a route sends a packet, cheap to compare and written out only per block: the kind
/// and name of the route taken, and its next hop unless that connection is down; `None` when
/// no route holds the packet.
type Taken<'a> = Option<(RouteKind, RouteName, Option<&'a str>)>;

/// An outcome as reports show it.
fn outcome(taken: Taken<'_>) -> Outcome {
    match taken {
        None => Outcome {
            kind: None,
            route: None,
            next_hop: None,
        },
        Some((kind, name, hop)) => Outcome {
            kind: Some(kind),
            route: Some(name.to_string()),
            next_hop: hop.map(str::to_owned),
        },
    }
}

/// One side of a comparison: a table, compiled, and the connections down.
struct Side<'a> {
    table: &'a RouteTable,
    router: &'a Router,
    down: &'a [String],
}

impl<'a> Side<'a> {
    /// The route a packet takes, and its next hop unless that connection is down: cheap
    /// enough for every block, where [`Side::outcome`] is written only for those that change.
    fn route(&self, (source, destination): (Ipv4Addr, Ipv4Addr)) -> Option<(Match, Option<&str>)> {
        let found = self
            .router
            .route_with_down(source, destination, self.down)?;
        let hop = self.router.next_hop_of(&found);
        let up = !self.down.iter().any(|d| d == hop);
        Some((found, up.then_some(hop)))
    }

    /// `route` (from [`Side::route`]) as blocks compare it.
    fn taken<'r>(&self, route: &Option<(Match, Option<&'r str>)>) -> Taken<'r> {
        route.as_ref().map(|(found, hop)| {
            (
                found.kind,
                RouteName::of(self.table, found.kind, found.chosen),
                *hop,
            )
        })
    }
}

/// Whether two routes send a packet to different places (or one of them nowhere).
fn moved(was: &Option<(Match, Option<&str>)>, is: &Option<(Match, Option<&str>)>) -> bool {
    match (was, is) {
        (None, None) => false,
        (Some((_, a)), Some((_, b))) => a != b,
        _ => true,
    }
}

/// Where answers may differ: the footprints of the policy routes that changed, then those of
/// the routes by destination that changed, which the unchanged policy routes (`shields`)
/// override wherever they hold a packet.
struct Changes {
    policy: Vec<Footprint>,
    by_destination: Vec<Footprint>,
    shields: Vec<Footprint>,
}

/// Visits every rectangle under `changes` that no route cuts.
fn visit_changes(edges: &[Footprint], mut changes: Changes, visit: &mut impl FnMut(Rect)) {
    for list in [
        &mut changes.policy,
        &mut changes.by_destination,
        &mut changes.shields,
    ] {
        list.sort_unstable();
        list.dedup();
    }
    let footprints: Vec<Footprint> = changes
        .policy
        .iter()
        .chain(&changes.by_destination)
        .copied()
        .collect();
    let hidden: Vec<bool> = changes
        .policy
        .iter()
        .map(|_| false)
        .chain(changes.by_destination.iter().map(|_| true))
        .collect();
    let dirty = Dirty {
        footprints: &footprints,
        hidden_by_shields: &hidden,
        shields: &changes.shields,
    };
    let _ = regions::walk(edges, &dirty, &mut |rect| {
        visit(rect);
        ControlFlow::Continue(())
    });
}

/// The moved blocks, those that changed alike merged, largest first, as reports show them.
fn blocks_of(found: Vec<(Rect, (Taken<'_>, Taken<'_>))>) -> Vec<TrafficBlock> {
    regions::merge(found)
        .into_iter()
        .map(|(rect, (before, after))| TrafficBlock {
            source: AddressRange::of(rect.source),
            destination: AddressRange::of(rect.destination),
            before: outcome(before),
            after: outcome(after),
        })
        .collect()
}

/// The blocks under `changes` whose next hop differs between `before` and `after`.
fn differences(
    before: &Side<'_>,
    after: &Side<'_>,
    edges: &[Footprint],
    changes: Changes,
) -> Vec<TrafficBlock> {
    let mut found = Vec::new();
    visit_changes(edges, changes, &mut |rect| {
        let packet = rect.packet();
        let (was, is) = (before.route(packet), after.route(packet));
        if moved(&was, &is) {
            found.push((rect, (before.taken(&was), after.taken(&is))));
        }
    });
    blocks_of(found)
}

/// The traffic whose next hop changes between two route tables.
pub fn table_impact(before: &RouteTable, after: &RouteTable) -> Vec<TrafficBlock> {
    let mut policy = Vec::new();
    let unchanged = changed(
        &keys(&before.policy_routes, policy_key),
        &keys(&after.policy_routes, policy_key),
        |k| k.0,
        &mut policy,
    );
    let mut by_destination = Vec::new();
    changed(
        &keys(&before.destination_routes, destination_key),
        &keys(&after.destination_routes, destination_key),
        |k| k.0,
        &mut by_destination,
    );
    changed(
        &keys(&before.bgp_routes, bgp_key),
        &keys(&after.bgp_routes, bgp_key),
        |k| k.0,
        &mut by_destination,
    );
    if policy.is_empty() && by_destination.is_empty() {
        return Vec::new();
    }
    let changes = Changes {
        policy,
        by_destination,
        shields: unchanged.iter().map(|k| k.0).collect(),
    };
    let (before_router, after_router) = (
        Router::new(before.clone(), []),
        Router::new(after.clone(), []),
    );
    differences(
        &Side {
            table: before,
            router: &before_router,
            down: &[],
        },
        &Side {
            table: after,
            router: &after_router,
            down: &[],
        },
        &regions::footprints(&[before, after]),
        changes,
    )
}

/// The routes of a gateway in `snapshot`, or of a transit-router connection (vco routes are
/// destination routes of the connection).
fn route_table(snapshot: &TableSnapshot, target: &Target) -> RouteTable {
    match target {
        Target::Gateway(id) => snapshot
            .gateway(Some(id))
            .map(|g| RouteTable {
                policy_routes: g.policy_routes.clone(),
                destination_routes: g.destination_routes.clone(),
                bgp_routes: g.bgp_routes.clone(),
            })
            .unwrap_or_default(),
        Target::Connection(id) => snapshot
            .connection(Some(id))
            .map(|c| RouteTable {
                destination_routes: c.routes.clone(),
                ..RouteTable::default()
            })
            .unwrap_or_default(),
    }
}

/// The traffic `plan` changes, gateway by gateway and connection by connection: the tables of
/// `snapshot` against those the plan's accepted rows leave. Targets whose traffic does not
/// change are left out.
pub fn plan_impact(plan: &[PlanRequest], snapshot: &TableSnapshot) -> Vec<TargetImpact> {
    let after = end_state(plan, snapshot);
    let mut targets: Vec<Target> = after
        .gateways
        .iter()
        .map(|g| Target::Gateway(g.vpn_gateway_id.clone()))
        .chain(
            after
                .connections
                .iter()
                .map(|c| Target::Connection(c.vpn_connection_id.clone())),
        )
        .collect();
    targets.sort();
    targets.dedup();
    targets
        .into_iter()
        .filter_map(|target| {
            let blocks = table_impact(
                &route_table(snapshot, &target),
                &route_table(&after, &target),
            );
            (!blocks.is_empty()).then_some(TargetImpact { target, blocks })
        })
        .collect()
}

/// For each connection of gateway `gateway_id` (those `snapshot` lists, and every next hop of
/// its routes), the traffic that moves or stops being routed while that connection alone is
/// down. `None` when the snapshot does not hold the gateway.
pub fn failover(snapshot: &TableSnapshot, gateway_id: &str) -> Option<Vec<ConnectionFailover>> {
    let gateway = snapshot.gateway(Some(gateway_id))?;
    let table = route_table(snapshot, &Target::Gateway(gateway_id.to_owned()));
    let mut connections: Vec<String> = gateway
        .connections
        .iter()
        .cloned()
        .chain(table.policy_routes.iter().map(|r| r.next_hop.clone()))
        .chain(table.destination_routes.iter().map(|r| r.next_hop.clone()))
        .chain(table.bgp_routes.iter().map(|r| r.next_hop.clone()))
        .collect();
    connections.sort();
    connections.dedup();
    // Only traffic that leaves through a connection can move when it is down: one walk over
    // every route finds where each packet goes, and only those blocks are looked up again
    // with their own connection down.
    let footprints = regions::footprints(&[&table]);
    let everything = Changes {
        policy: footprints.clone(),
        by_destination: Vec::new(),
        shields: Vec::new(),
    };
    // One compiled table serves every side: a connection being down changes only which
    // route of a pair is chosen, which each lookup decides.
    let router = Router::new(table.clone(), []);
    let up = Side {
        table: &table,
        router: &router,
        down: &[],
    };
    let each_down: Vec<[String; 1]> = connections.iter().map(|c| [c.clone()]).collect();
    let downs: Vec<Side<'_>> = each_down
        .iter()
        .map(|down| Side {
            table: &table,
            router: &router,
            down,
        })
        .collect();
    let mut found: Vec<Vec<(Rect, (Taken<'_>, Taken<'_>))>> = vec![Vec::new(); connections.len()];
    visit_changes(&footprints, everything, &mut |rect| {
        let packet = rect.packet();
        let was = up.route(packet);
        let Some((_, Some(hop))) = &was else {
            return;
        };
        let Ok(i) = connections.binary_search_by(|c| c.as_str().cmp(hop)) else {
            return;
        };
        let is = downs[i].route(packet);
        if moved(&was, &is) {
            found[i].push((rect, (up.taken(&was), downs[i].taken(&is))));
        }
    });
    Some(
        connections
            .into_iter()
            .zip(found)
            .map(|(connection, found)| ConnectionFailover {
                connection,
                blocks: blocks_of(found),
            })
            .collect(),
    )
}
