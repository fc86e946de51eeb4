//! Which route a packet takes: policy routes by priority and creation order, else the
//! longest destination prefix, else BGP; within an active/standby pair, the route whose
//! connection is up.
//!
//! A [`Router`] compiles the tables once. Each set of prefixes becomes a sorted array of
//! elementary address intervals, each pointing at the deepest prefix covering it, so a lookup
//! is one binary search plus a walk up the (short) chain of enclosing prefixes.

use crate::analysis::packed_sort;
use crate::analysis::prefix_index::PrefixTree;
pub use crate::model::routes::BgpRoute;
use crate::model::routes::{DestinationRoute, PolicyRoute, Weight};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// The routes a gateway has, each list in creation order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct RouteTable {
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<PolicyRoute>>", optional))]
    pub policy_routes: Vec<PolicyRoute>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<DestinationRoute>>", optional))]
    pub destination_routes: Vec<DestinationRoute>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<BgpRoute>>", optional))]
    pub bgp_routes: Vec<BgpRoute>,
}

/// Which list the matched route is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RouteKind {
    Policy,
    Destination,
    Bgp,
}

/// The route a packet takes, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lookup {
    /// `None` when the packet is not routed through the gateway.
    pub kind: Option<RouteKind>,
    /// Position of the route in its list (from 0).
    pub index: Option<usize>,
    pub next_hop: Option<String>,
    pub reason: String,
}

/// A matched route: the one the rules select (`matched`) and, within its active/standby
/// pair, the one that carries the traffic (`chosen`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub kind: RouteKind,
    pub matched: usize,
    pub chosen: usize,
    pub choice: PairChoice,
}

/// How the route was chosen within its pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairChoice {
    /// No pair: one route.
    Single,
    ActiveUp {
        active: usize,
    },
    StandbyBecauseActiveDown {
        active: usize,
        standby: usize,
    },
    BothDown {
        active: usize,
    },
}

/// Routes compiled for fast lookups.
#[derive(Clone, Debug)]
pub struct Router {
    table: RouteTable,
    /// Searched in turn: it is only asked about the pair a lookup ends on.
    down: Vec<String>,
    /// Policy routes by destination prefix; each group in match order.
    policy_by_dest: PrefixTree,
    policy_groups: Vec<Vec<usize>>,
    destination: PrefixTree,
    destination_groups: Vec<Vec<usize>>,
    bgp: PrefixTree,
    bgp_groups: Vec<Vec<usize>>,
}

fn grouped(tree: &PrefixTree, dests: impl Iterator<Item = Ipv4Net>) -> Vec<Vec<usize>> {
    let mut groups = vec![Vec::new(); tree.prefixes.len()];
    for (i, dest) in dests.enumerate() {
        groups[tree.position(&dest)].push(i);
    }
    groups
}

impl Router {
    /// Compiles `table`; `down` lists the connections known to be down.
    pub fn new(table: RouteTable, down: impl IntoIterator<Item = String>) -> Self {
        let policy_by_dest =
            PrefixTree::build(table.policy_routes.iter().map(|r| r.route_dest).collect());
        let mut policy_groups = grouped(
            &policy_by_dest,
            table.policy_routes.iter().map(|r| r.route_dest),
        );
        for group in &mut policy_groups {
            let mut keys: Vec<u128> = group
                .iter()
                .map(|&i| u128::from(table.policy_routes[i].priority) << 32 | i as u128)
                .collect();
            packed_sort::sort(&mut keys);
            *group = keys.into_iter().map(packed_sort::index).collect();
        }
        let destination = PrefixTree::build(
            table
                .destination_routes
                .iter()
                .map(|r| r.route_dest)
                .collect(),
        );
        let destination_groups = grouped(
            &destination,
            table.destination_routes.iter().map(|r| r.route_dest),
        );
        let bgp = PrefixTree::build(table.bgp_routes.iter().map(|r| r.route_dest).collect());
        let bgp_groups = grouped(&bgp, table.bgp_routes.iter().map(|r| r.route_dest));
        Router {
            down: down.into_iter().collect(),
            table,
            policy_by_dest,
            policy_groups,
            destination,
            destination_groups,
            bgp,
            bgp_groups,
        }
    }

    /// The route a packet from `source` to `destination` takes, without the explanation:
    /// the fast path for bulk lookups.
    pub fn route(&self, source: Ipv4Addr, destination: Ipv4Addr) -> Option<Match> {
        self.route_with_down(source, destination, &self.down)
    }

    /// [`Router::route`] with the connections `down` down instead of the router's own: which
    /// connections are down only decides within an active/standby pair, so one compiled
    /// table answers for any of them.
    pub fn route_with_down(
        &self,
        source: Ipv4Addr,
        destination: Ipv4Addr,
        down: &[String],
    ) -> Option<Match> {
        let policies = &self.table.policy_routes;
        let first_policy = self
            .policy_by_dest
            .chain(destination)
            .filter_map(|node| {
                self.policy_groups[node]
                    .iter()
                    .copied()
                    .find(|&i| policies[i].route_source.contains(&source))
            })
            .min_by_key(|&i| (policies[i].priority, i));
        if let Some(first) = first_policy {
            let matched = &policies[first];
            let pair = self.policy_groups[self.policy_by_dest.position(&matched.route_dest)]
                .iter()
                .copied()
                .filter(|&i| {
                    policies[i].route_source == matched.route_source
                        && policies[i].priority == matched.priority
                });
            let (chosen, choice) =
                pick(pair, down, |i| (&policies[i].next_hop, policies[i].weight));
            return Some(Match {
                kind: RouteKind::Policy,
                matched: first,
                chosen,
                choice,
            });
        }
        let dests = &self.table.destination_routes;
        if let Some(node) = self.destination.chain(destination).next() {
            let group = &self.destination_groups[node];
            let (chosen, choice) = pick(group.iter().copied(), down, |i| {
                (&dests[i].next_hop, dests[i].weight)
            });
            return Some(Match {
                kind: RouteKind::Destination,
                matched: group[0],
                chosen,
                choice,
            });
        }
        self.bgp.chain(destination).next().map(|node| {
            let chosen = self.bgp_groups[node][0];
            Match {
                kind: RouteKind::Bgp,
                matched: chosen,
                chosen,
                choice: PairChoice::Single,
            }
        })
    }

    /// The route a packet from `source` to `destination` takes, and why.
    pub fn lookup(&self, source: Ipv4Addr, destination: Ipv4Addr) -> Lookup {
        let Some(found) = self.route(source, destination) else {
            return Lookup {
                kind: None,
                index: None,
                next_hop: None,
                reason: format!(
                    "no route holds {destination}: the packet is not routed through this gateway"
                ),
            };
        };
        let why = match found.kind {
            RouteKind::Policy => {
                let policies = &self.table.policy_routes;
                let m = &policies[found.matched];
                format!(
                    "policy route #{} ({} -> {}, priority {}) is the first policy, by priority then creation order, whose source holds {source} and whose destination holds {destination}",
                    found.matched + 1,
                    m.route_source,
                    m.route_dest,
                    m.priority
                )
            }
            RouteKind::Destination => {
                let dests = &self.table.destination_routes;
                format!(
                    "no policy route matches; destination route #{} ({}) is the longest prefix holding {destination}",
                    found.matched + 1,
                    dests[found.matched].route_dest
                )
            }
            RouteKind::Bgp => {
                let bgp = &self.table.bgp_routes;
                format!(
                    "no policy or destination route matches; the BGP route {} is the longest prefix holding {destination}",
                    bgp[found.chosen].route_dest
                )
            }
        };
        let reason = match found.choice {
            PairChoice::Single => why,
            PairChoice::ActiveUp { active } => format!("{why}; the active route #{} is used: its connection is up", active + 1),
            PairChoice::StandbyBecauseActiveDown { active, standby } => format!(
                "{why}; connection {} of the active route is down, so the standby route #{} carries the traffic",
                self.next_hop(found.kind, active),
                standby + 1
            ),
            PairChoice::BothDown { active } => format!("{why}; both connections of the pair are down; the active route #{} stays", active + 1),
        };
        Lookup {
            kind: Some(found.kind),
            index: Some(found.chosen),
            next_hop: Some(self.next_hop(found.kind, found.chosen).to_owned()),
            reason,
        }
    }

    /// The connection a matched route sends the packet to.
    pub fn next_hop_of(&self, found: &Match) -> &str {
        self.next_hop(found.kind, found.chosen)
    }

    fn next_hop(&self, kind: RouteKind, index: usize) -> &str {
        match kind {
            RouteKind::Policy => &self.table.policy_routes[index].next_hop,
            RouteKind::Destination => &self.table.destination_routes[index].next_hop,
            RouteKind::Bgp => &self.table.bgp_routes[index].next_hop,
        }
    }
}

/// Within an active/standby pair: the active route if its connection is up, else the
/// standby if its connection is up, else the active one.
fn pick<'a>(
    pair: impl Iterator<Item = usize>,
    down: &[String],
    route: impl Fn(usize) -> (&'a String, Weight),
) -> (usize, PairChoice) {
    let (mut first, mut active, mut standby) = (None, None, None);
    for i in pair {
        first.get_or_insert(i);
        match route(i).1 {
            Weight::Active => active = active.or(Some(i)),
            Weight::Standby => standby = standby.or(Some(i)),
        }
    }
    let up = |i: usize| !down.iter().any(|d| d == route(i).0);
    match (active, standby) {
        (Some(active), Some(_)) if up(active) => (active, PairChoice::ActiveUp { active }),
        (Some(active), Some(standby)) if up(standby) => (
            standby,
            PairChoice::StandbyBecauseActiveDown { active, standby },
        ),
        (Some(active), Some(_)) => (active, PairChoice::BothDown { active }),
        _ => (first.unwrap_or_default(), PairChoice::Single),
    }
}
