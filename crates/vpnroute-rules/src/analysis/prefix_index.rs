//! Compiled prefix sets: the deepest stored prefix holding an address (for packet lookups),
//! and, for each of a set of (source, destination) pairs, every pair overlapping it (for
//! table checks), without comparing every pair.
//!
//! Two prefixes overlap exactly when one contains the other. Stored prefixes are sorted by
//! (start, length) into a tree of nested prefixes. A packet lookup cuts the address space
//! into elementary intervals, each pointing at the deepest prefix covering it: one binary
//! search, then a walk up the (short) chain of enclosing prefixes. A table check joins each
//! source prefix's pairs with the pairs inside it by one merge in destination order (see
//! [`Overlaps::find`]): the work follows the number of overlaps, not the square of the table.

use crate::analysis::{packed_sort, parallel};
use crate::model::net::span;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;
use std::ops::Range;

/// Nested prefixes compiled for point queries: the deepest prefix holding an address.
#[derive(Clone, Debug, Default)]
pub(crate) struct PrefixTree {
    pub prefixes: Vec<Ipv4Net>,
    parent: Vec<Option<u32>>,
    /// Start of each elementary interval, ascending, the first being 0.
    starts: Vec<u32>,
    /// The deepest prefix covering each elementary interval.
    deepest: Vec<Option<u32>>,
}

impl PrefixTree {
    pub fn build(prefixes: Vec<Ipv4Net>) -> Self {
        let (prefixes, parent) = Self::nesting(prefixes);
        let end = |p: &Ipv4Net| u128::from(u32::from(p.broadcast())) + 1;
        let mut bounds: Vec<u128> = prefixes
            .iter()
            .flat_map(|p| [u128::from(u32::from(p.network())), end(p)])
            .collect();
        bounds.push(0);
        packed_sort::sort(&mut bounds);
        bounds.dedup();
        let (mut starts, mut deepest) = (Vec::new(), Vec::new());
        let mut open: Vec<u32> = Vec::new();
        let mut next = 0;
        for bound in bounds.into_iter().filter(|&b| b <= u128::from(u32::MAX)) {
            while open
                .last()
                .is_some_and(|&top| end(&prefixes[top as usize]) <= bound)
            {
                open.pop();
            }
            while next < prefixes.len() && u128::from(u32::from(prefixes[next].network())) == bound
            {
                open.push(next as u32);
                next += 1;
            }
            starts.push(bound as u32);
            deepest.push(open.last().copied());
        }
        PrefixTree {
            prefixes,
            parent,
            starts,
            deepest,
        }
    }

    /// The distinct prefixes in tree order, and the one directly enclosing each.
    fn nesting(prefixes: Vec<Ipv4Net>) -> (Vec<Ipv4Net>, Vec<Option<u32>>) {
        let mut keys: Vec<u128> = prefixes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                u128::from(u32::from(p.network())) << 40
                    | u128::from(p.prefix_len()) << 32
                    | i as u128
            })
            .collect();
        packed_sort::sort(&mut keys);
        let mut prefixes = packed_sort::permute(prefixes, &keys);
        prefixes.dedup();
        let spans: Vec<(u32, u32)> = prefixes.iter().map(span).collect();
        let mut parent = Vec::with_capacity(prefixes.len());
        let mut open: Vec<u32> = Vec::new();
        for (i, &(start, _)) in spans.iter().enumerate() {
            // In tree order an open earlier prefix that reaches `start` contains this one.
            while open
                .last()
                .is_some_and(|&top| spans[top as usize].1 < start)
            {
                open.pop();
            }
            parent.push(open.last().copied());
            open.push(i as u32);
        }
        (prefixes, parent)
    }

    /// The deepest prefix containing `address`, then each enclosing one.
    pub fn chain(&self, address: Ipv4Addr) -> impl Iterator<Item = usize> + '_ {
        let x = u32::from(address);
        let slot = self.starts.partition_point(|&s| s <= x).saturating_sub(1);
        let mut node = self.deepest.get(slot).copied().flatten();
        std::iter::from_fn(move || {
            let current = node?;
            node = self.parent[current as usize];
            Some(current as usize)
        })
    }

    pub fn position(&self, prefix: &Ipv4Net) -> usize {
        self.prefixes
            .binary_search_by_key(&(u32::from(prefix.network()), prefix.prefix_len()), |p| {
                (u32::from(p.network()), p.prefix_len())
            })
            .unwrap_or(0)
    }
}

/// Prefix order on address intervals: by start, the wider first. In this order a prefix
/// comes before every prefix inside it.
fn order(span: (u32, u32)) -> (u32, u32) {
    (span.0, u32::MAX - span.1)
}

/// Lists stored compactly: list `i` is `items[offsets[i]..offsets[i + 1]]`.
pub(crate) struct Lists<T> {
    pub offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default + Send + Sync> Lists<T> {
    /// Builds `count` lists from (list, item) pairs, keeping each list's items in the order given.
    pub fn build(count: usize, pairs: impl Iterator<Item = (u32, T)> + Clone) -> Self {
        let mut offsets = vec![0u32; count + 1];
        for (list, _) in pairs.clone() {
            offsets[list as usize + 1] += 1;
        }
        for i in 0..count {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut items = vec![T::default(); offsets[count] as usize];
        for (list, item) in pairs {
            items[fill[list as usize] as usize] = item;
            fill[list as usize] += 1;
        }
        Lists { offsets, items }
    }

    pub fn get(&self, list: usize) -> &[T] {
        &self.items[self.offsets[list] as usize..self.offsets[list + 1] as usize]
    }
}

/// A pair as the merge sees it: id, destination interval and source prefix, side by side.
#[derive(Clone, Copy, Default)]
struct Member {
    id: u32,
    node: u32,
    dest: (u32, u32),
    priority: u8,
}

impl Member {
    /// Match order: priority first, then the pair's position.
    fn rank(&self) -> (u8, u32) {
        (self.priority, self.id)
    }
}

/// For each of a list of (source, destination) pairs, the pairs before it in match order
/// (priority, then position) that overlap it in both dimensions, leaving out identical pairs.
pub(crate) struct Overlaps(Lists<u32>);

impl Overlaps {
    /// Finds every overlapping pair of `pairs`, in time proportional to the number of pairs
    /// times the nesting depth of the sources, plus the number of overlaps found. Each
    /// overlap is kept once, for the pair of the two that is later in match order.
    ///
    /// Of two pairs whose sources overlap, one source contains the other. So for each source
    /// prefix P, its own pairs are joined with the pairs whose source lies inside P (P's
    /// subtree, P included). Both sides are in destination order, and one merge over them
    /// with a stack of open destinations per side emits exactly the pairs whose destinations
    /// overlap: each item meets the open items of the other side, which all contain it.
    pub fn find(pairs: &[(Ipv4Net, Ipv4Net)], priorities: &[u8]) -> Self {
        let (sources, parent) = PrefixTree::nesting(pairs.iter().map(|(s, _)| *s).collect());
        let node_of = |s: &Ipv4Net| {
            sources.partition_point(|p| {
                (u32::from(p.network()), p.prefix_len()) < (u32::from(s.network()), s.prefix_len())
            })
        };
        let members: Vec<Member> = pairs
            .iter()
            .enumerate()
            .map(|(id, (s, d))| Member {
                id: id as u32,
                node: node_of(s) as u32,
                dest: span(d),
                priority: priorities[id],
            })
            .collect();
        let mut keys: Vec<u128> = members
            .iter()
            .map(|m| {
                let (start, wider_first) = order(m.dest);
                u128::from(start) << 64 | u128::from(wider_first) << 32 | u128::from(m.id)
            })
            .collect();
        packed_sort::sort(&mut keys);
        let members = packed_sort::permute(members, &keys);
        let nodes = sources.len();
        // Per source prefix: its own pairs, and the pairs of its subtree, both in destination order.
        let own = Lists::build(nodes, members.iter().map(|m| (m.node, *m)));
        let parent = &parent;
        let chain = move |m: Member| {
            let mut at = Some(m.node);
            std::iter::from_fn(move || {
                let node = at?;
                at = parent[node as usize];
                Some((node, m))
            })
        };
        let memberships: Vec<(u32, Member)> = members.iter().flat_map(|&m| chain(m)).collect();
        let subtree = Lists::build(nodes, memberships.iter().copied());
        let merge = |nodes: Range<usize>| {
            let mut found: Vec<(u32, u32)> = Vec::new();
            let (mut open_inner, mut open_own): (Vec<Member>, Vec<Member>) =
                (Vec::new(), Vec::new());
            for node in nodes {
                let (inner, own) = (subtree.get(node), own.get(node));
                let (mut i, mut o) = (0, 0);
                open_inner.clear();
                open_own.clear();
                while i < inner.len() || o < own.len() {
                    // On equal destinations the node's own pair goes first, so the other side finds it open.
                    let take_own = i == inner.len()
                        || (o < own.len() && order(own[o].dest) <= order(inner[i].dest));
                    let item = if take_own { own[o] } else { inner[i] };
                    for open in [&mut open_inner, &mut open_own] {
                        while open.last().is_some_and(|top| top.dest.1 < item.dest.0) {
                            open.pop();
                        }
                    }
                    if take_own {
                        for q in &open_inner {
                            record(&mut found, node, q, &item);
                        }
                        open_own.push(item);
                        o += 1;
                    } else {
                        for r in &open_own {
                            record(&mut found, node, &item, r);
                        }
                        open_inner.push(item);
                        i += 1;
                    }
                }
            }
            found
        };
        let found = parallel::run(
            parallel::parts(nodes, |n| subtree.offsets[n] as usize),
            merge,
        );
        Overlaps(Lists::build(pairs.len(), found.iter().flatten().copied()))
    }

    /// How many overlaps pairs `0..id` have: the work of looking at them.
    pub fn work_before(&self, id: usize) -> usize {
        self.0.offsets[id] as usize
    }

    /// The pairs before pair `id` that overlap it.
    pub fn before(&self, id: usize) -> &[u32] {
        self.0.get(id)
    }
}

/// Records that pair `inner` (source inside prefix `node`) and pair `own` (source `node`)
/// overlap, for the later of the two, unless they are identical. Pairs of the same source
/// meet twice in the merge (each as `inner` and as `own`); only one meeting records them.
fn record(found: &mut Vec<(u32, u32)>, node: usize, inner: &Member, own: &Member) {
    let same_source = inner.node as usize == node;
    if same_source && (inner.dest == own.dest || inner.rank() < own.rank()) {
        return;
    }
    if inner.rank() > own.rank() {
        found.push((inner.id, own.id));
    } else {
        found.push((own.id, inner.id));
    }
}
