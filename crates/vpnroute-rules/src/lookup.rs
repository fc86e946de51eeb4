//! Which route a packet takes: policy routes by priority and creation order, else the
//! longest destination prefix, else BGP; within an active/standby pair, the route whose
//! connection is up.
//!
//! A [`Router`] compiles the tables once. Each set of prefixes becomes a sorted array of
//! elementary address intervals, each pointing at the deepest prefix covering it, so a lookup
//! is one binary search plus a walk up the (short) chain of enclosing prefixes.

use crate::table::{DestinationRoute, PolicyRoute};
use crate::Weight;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::net::Ipv4Addr;

/// A route learned by BGP (DescribeVcoRouteEntries with RouteEntryType `bgp`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BgpRoute {
    pub route_dest: Ipv4Net,
    pub next_hop: String,
}

/// The routes a gateway has, each list in creation order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RouteTable {
    pub policy_routes: Vec<PolicyRoute>,
    pub destination_routes: Vec<DestinationRoute>,
    pub bgp_routes: Vec<BgpRoute>,
}

/// Which list the matched route is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RouteKind {
    Policy,
    Destination,
    Bgp,
}

/// The route a packet takes, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lookup {
    /// `None` when the packet is not routed through the gateway.
    pub kind: Option<RouteKind>,
    /// Position of the route in its list (from 0).
    pub index: Option<usize>,
    pub next_hop: Option<String>,
    pub reason: String,
}

/// Nested prefixes compiled for point queries: the deepest prefix holding an address.
#[derive(Clone, Debug, Default)]
struct PrefixTree {
    prefixes: Vec<Ipv4Net>,
    parent: Vec<Option<u32>>,
    /// Start of each elementary interval, ascending, the first being 0.
    starts: Vec<u32>,
    /// The deepest prefix covering each elementary interval.
    deepest: Vec<Option<u32>>,
}

impl PrefixTree {
    fn build(mut prefixes: Vec<Ipv4Net>) -> Self {
        prefixes.sort_unstable_by_key(|p| (u32::from(p.network()), p.prefix_len()));
        prefixes.dedup();
        let end = |p: &Ipv4Net| u64::from(u32::from(p.broadcast())) + 1;
        let mut parent = Vec::with_capacity(prefixes.len());
        let mut open: Vec<u32> = Vec::new();
        for (i, prefix) in prefixes.iter().enumerate() {
            while open.last().is_some_and(|&top| !prefixes[top as usize].contains(prefix)) {
                open.pop();
            }
            parent.push(open.last().copied());
            open.push(i as u32);
        }
        let mut bounds: Vec<u64> = prefixes.iter().flat_map(|p| [u64::from(u32::from(p.network())), end(p)]).collect();
        bounds.push(0);
        bounds.sort_unstable();
        bounds.dedup();
        let (mut starts, mut deepest) = (Vec::new(), Vec::new());
        let mut open: Vec<u32> = Vec::new();
        let mut next = 0;
        for bound in bounds.into_iter().filter(|&b| b <= u64::from(u32::MAX)) {
            while open.last().is_some_and(|&top| end(&prefixes[top as usize]) <= bound) {
                open.pop();
            }
            while next < prefixes.len() && u64::from(u32::from(prefixes[next].network())) == bound {
                open.push(next as u32);
                next += 1;
            }
            starts.push(bound as u32);
            deepest.push(open.last().copied());
        }
        PrefixTree { prefixes, parent, starts, deepest }
    }

    /// The deepest prefix containing `address`, then each enclosing one.
    fn chain(&self, address: Ipv4Addr) -> impl Iterator<Item = usize> + '_ {
        let x = u32::from(address);
        let slot = self.starts.partition_point(|&s| s <= x).saturating_sub(1);
        let mut node = self.deepest.get(slot).copied().flatten();
        std::iter::from_fn(move || {
            let current = node?;
            node = self.parent[current as usize];
            Some(current as usize)
        })
    }

    fn position(&self, prefix: &Ipv4Net) -> usize {
        self.prefixes
            .binary_search_by_key(&(u32::from(prefix.network()), prefix.prefix_len()), |p| (u32::from(p.network()), p.prefix_len()))
            .unwrap_or(0)
    }
}

/// Routes compiled for fast lookups.
#[derive(Clone, Debug)]
pub struct Router {
    table: RouteTable,
    down: HashSet<String>,
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
        let policy_by_dest = PrefixTree::build(table.policy_routes.iter().map(|r| r.route_dest).collect());
        let mut policy_groups = grouped(&policy_by_dest, table.policy_routes.iter().map(|r| r.route_dest));
        for group in &mut policy_groups {
            group.sort_by_key(|&i| (table.policy_routes[i].priority, i));
        }
        let destination = PrefixTree::build(table.destination_routes.iter().map(|r| r.route_dest).collect());
        let destination_groups = grouped(&destination, table.destination_routes.iter().map(|r| r.route_dest));
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

    /// The route a packet from `source` to `destination` takes.
    pub fn lookup(&self, source: Ipv4Addr, destination: Ipv4Addr) -> Lookup {
        let policies = &self.table.policy_routes;
        let first_policy = self
            .policy_by_dest
            .chain(destination)
            .filter_map(|node| self.policy_groups[node].iter().copied().find(|&i| policies[i].route_source.contains(&source)))
            .min_by_key(|&i| (policies[i].priority, i));
        if let Some(first) = first_policy {
            let matched = &policies[first];
            let pair: Vec<usize> = self.policy_groups[self.policy_by_dest.position(&matched.route_dest)]
                .iter()
                .copied()
                .filter(|&i| policies[i].route_source == matched.route_source && policies[i].priority == matched.priority)
                .collect();
            let chosen = self.pick(&pair, |i| (&policies[i].next_hop, policies[i].weight));
            let why = format!(
                "policy route #{} ({} -> {}, priority {}) is the first policy, by priority then creation order, whose source holds {source} and whose destination holds {destination}",
                first + 1,
                matched.route_source,
                matched.route_dest,
                matched.priority
            );
            let next_hop = &policies[chosen.0].next_hop;
            return self.answer(RouteKind::Policy, chosen, next_hop, why);
        }
        let dests = &self.table.destination_routes;
        if let Some(node) = self.destination.chain(destination).next() {
            let group = &self.destination_groups[node];
            let chosen = self.pick(group, |i| (&dests[i].next_hop, dests[i].weight));
            let why = format!(
                "no policy route matches; destination route #{} ({}) is the longest prefix holding {destination}",
                group[0] + 1,
                dests[group[0]].route_dest
            );
            let next_hop = &dests[chosen.0].next_hop;
            return self.answer(RouteKind::Destination, chosen, next_hop, why);
        }
        let bgp = &self.table.bgp_routes;
        if let Some(node) = self.bgp.chain(destination).next() {
            let chosen = self.bgp_groups[node][0];
            let why = format!(
                "no policy or destination route matches; the BGP route {} is the longest prefix holding {destination}",
                bgp[chosen].route_dest
            );
            return self.answer(RouteKind::Bgp, (chosen, None), &bgp[chosen].next_hop, why);
        }
        Lookup { kind: None, index: None, next_hop: None, reason: format!("no route holds {destination}: the packet is not routed through this gateway") }
    }

    /// Within an active/standby pair: the active route if its connection is up, else the
    /// standby if its connection is up, else the active one. Returns the choice and, for a
    /// pair, why.
    fn pick<'a>(&self, pair: &[usize], route: impl Fn(usize) -> (&'a String, Weight)) -> (usize, Option<String>) {
        let up = |i: usize| !self.down.contains(route(i).0);
        let with = |weight: Weight| pair.iter().copied().find(|&i| route(i).1 == weight);
        match (with(Weight::Active), with(Weight::Standby)) {
            (Some(active), Some(_)) if up(active) => (active, Some(format!("the active route #{} is used: its connection is up", active + 1))),
            (Some(active), Some(standby)) if up(standby) => (
                standby,
                Some(format!("connection {} of the active route is down, so the standby route #{} carries the traffic", route(active).0, standby + 1)),
            ),
            (Some(active), Some(_)) => (active, Some(format!("both connections of the pair are down; the active route #{} stays", active + 1))),
            _ => (pair[0], None),
        }
    }

    fn answer(&self, kind: RouteKind, (chosen, pair_reason): (usize, Option<String>), next_hop: &str, why: String) -> Lookup {
        let reason = match pair_reason {
            Some(pair) => format!("{why}; {pair}"),
            None => why,
        };
        Lookup { kind: Some(kind), index: Some(chosen), next_hop: Some(next_hop.to_owned()), reason }
    }
}
