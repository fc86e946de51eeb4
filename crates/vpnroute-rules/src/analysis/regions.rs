//! The traffic space (source address x destination address) cut into blocks that every route
//! either holds whole or misses, so that one packet of a block stands for all of it.
//!
//! A block is a source prefix x a destination prefix. Starting from the whole space, a block
//! is halved (on the side where some route's prefix lies strictly inside it) until no route
//! cuts it. Only blocks that meet a "dirty" footprint (where an answer may differ) are cut
//! further or visited, so the work follows the routes near the change, not the whole table.

use crate::analysis::lookup::RouteTable;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;
use std::ops::ControlFlow;

/// A prefix as its first address and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Prefix {
    pub addr: u32,
    pub len: u8,
}

impl Prefix {
    pub const ALL: Prefix = Prefix { addr: 0, len: 0 };

    pub fn of(net: &Ipv4Net) -> Self {
        Prefix {
            addr: u32::from(net.network()),
            len: net.prefix_len(),
        }
    }

    fn mask(len: u8) -> u32 {
        if len == 0 {
            0
        } else {
            u32::MAX << (32 - len)
        }
    }

    /// Whether the two share an address: the shorter holds the longer.
    fn meets(self, other: Prefix) -> bool {
        (self.addr ^ other.addr) & Self::mask(self.len.min(other.len)) == 0
    }

    pub fn first(self) -> u32 {
        self.addr
    }

    pub fn last(self) -> u32 {
        self.addr | !Self::mask(self.len)
    }

    fn halves(self) -> [Prefix; 2] {
        let len = self.len + 1;
        [
            Prefix {
                addr: self.addr,
                len,
            },
            Prefix {
                addr: self.addr | 1 << (32 - len),
                len,
            },
        ]
    }
}

/// Where a route applies: its sources (any, for routes by destination only) x its destinations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Footprint {
    pub source: Prefix,
    pub destination: Prefix,
}

impl Footprint {
    pub fn new(source: Option<&Ipv4Net>, destination: &Ipv4Net) -> Self {
        Footprint {
            source: source.map_or(Prefix::ALL, Prefix::of),
            destination: Prefix::of(destination),
        }
    }

    fn meets(&self, block: &Block) -> bool {
        self.source.meets(block.source) && self.destination.meets(block.destination)
    }

    /// Whether it holds every packet of `block`.
    fn holds(&self, block: &Block) -> bool {
        self.meets(block)
            && self.source.len <= block.source.len
            && self.destination.len <= block.destination.len
    }

    /// Whether it meets `block` without holding it whole: it lies strictly inside on a side,
    /// so a smaller block than `block` is needed for one packet to answer for all.
    fn cuts(&self, block: &Block) -> bool {
        self.meets(block)
            && (self.source.len > block.source.len || self.destination.len > block.destination.len)
    }
}

/// Source prefix x destination prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub source: Prefix,
    pub destination: Prefix,
}

impl Block {
    pub const ALL: Block = Block {
        source: Prefix::ALL,
        destination: Prefix::ALL,
    };

    /// One packet of the block, which answers for all of it.
    pub fn packet(&self) -> (Ipv4Addr, Ipv4Addr) {
        (
            Ipv4Addr::from(self.source.addr),
            Ipv4Addr::from(self.destination.addr),
        )
    }
}

/// Where answers may differ, and what can hide the difference.
pub struct Dirty<'a> {
    /// Footprints where an answer may differ.
    pub footprints: &'a [Footprint],
    /// Those of `footprints` that a shield hides (routes by destination, which any policy
    /// route matched first overrides), flagged in the same order.
    pub hidden_by_shields: &'a [bool],
    /// Footprints that decide the answer for every packet they hold, the same on both sides
    /// (policy routes that did not change).
    pub shields: &'a [Footprint],
}

/// Visits, in address order, every block of `within` that no footprint of `edges` or of the
/// dirty ones cuts and that meets a dirty footprint; stops when `visit` breaks. Blocks that
/// meet no dirty footprint, or whose dirty footprints are all hidden by a shield holding the
/// whole block, are neither cut nor visited.
pub fn walk(
    within: Block,
    edges: &[Footprint],
    dirty: &Dirty<'_>,
    visit: &mut impl FnMut(Block) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let edges: Vec<&Footprint> = edges
        .iter()
        .chain(dirty.footprints)
        .filter(|f| f.cuts(&within))
        .collect();
    let flagged: Vec<(&Footprint, bool)> = dirty
        .footprints
        .iter()
        .zip(
            dirty
                .hidden_by_shields
                .iter()
                .copied()
                .chain(std::iter::repeat(false)),
        )
        .filter(|(f, _)| f.meets(&within))
        .collect();
    let shields: Vec<&Footprint> = dirty.shields.iter().filter(|f| f.meets(&within)).collect();
    descend(within, &edges, &flagged, &shields, visit)
}

fn descend(
    block: Block,
    edges: &[&Footprint],
    dirty: &[(&Footprint, bool)],
    shields: &[&Footprint],
    visit: &mut impl FnMut(Block) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if dirty.is_empty() {
        return ControlFlow::Continue(());
    }
    if dirty.iter().all(|(_, hidden)| *hidden) && shields.iter().any(|s| s.holds(&block)) {
        return ControlFlow::Continue(());
    }
    let Some(cut) = edges.first() else {
        return visit(block);
    };
    let on_source = cut.source.len > block.source.len;
    let halves = if on_source {
        block
            .source
            .halves()
            .map(|source| Block { source, ..block })
    } else {
        block.destination.halves().map(|destination| Block {
            destination,
            ..block
        })
    };
    for half in halves {
        let edges: Vec<&Footprint> = edges.iter().copied().filter(|f| f.cuts(&half)).collect();
        let dirty: Vec<(&Footprint, bool)> = dirty
            .iter()
            .copied()
            .filter(|(f, _)| f.meets(&half))
            .collect();
        let shields: Vec<&Footprint> = shields.iter().copied().filter(|f| f.meets(&half)).collect();
        descend(half, &edges, &dirty, &shields, visit)?;
    }
    ControlFlow::Continue(())
}

/// A rectangle of the traffic space: inclusive address ranges on each side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rect {
    pub source: (u32, u32),
    pub destination: (u32, u32),
}

impl Rect {
    pub fn of(block: Block) -> Rect {
        Rect {
            source: (block.source.first(), block.source.last()),
            destination: (block.destination.first(), block.destination.last()),
        }
    }

    /// The number of (source, destination) pairs.
    pub fn size(&self) -> u128 {
        let side = |(first, last): (u32, u32)| u128::from(last - first) + 1;
        side(self.source) * side(self.destination)
    }
}

/// Merges rectangles of the same `label` that sit side by side (same range on one side,
/// adjacent on the other) until none do, then orders them by size, largest first.
pub fn merge<L: Clone + Ord>(mut rects: Vec<(Rect, L)>) -> Vec<(Rect, L)> {
    loop {
        let before = rects.len();
        for along_destination in [true, false] {
            rects.sort_by(|(a, la), (b, lb)| {
                let key = |r: &Rect| {
                    if along_destination {
                        (r.source, r.destination)
                    } else {
                        (r.destination, r.source)
                    }
                };
                la.cmp(lb).then(key(a).cmp(&key(b)))
            });
            let mut merged: Vec<(Rect, L)> = Vec::with_capacity(rects.len());
            for (rect, label) in rects.drain(..) {
                if let Some((last, last_label)) = merged.last_mut() {
                    let joined = if along_destination {
                        last.source == rect.source
                            && u64::from(last.destination.1) + 1 == u64::from(rect.destination.0)
                    } else {
                        last.destination == rect.destination
                            && u64::from(last.source.1) + 1 == u64::from(rect.source.0)
                    };
                    if *last_label == label && joined {
                        if along_destination {
                            last.destination.1 = rect.destination.1;
                        } else {
                            last.source.1 = rect.source.1;
                        }
                        continue;
                    }
                }
                merged.push((rect, label));
            }
            rects = merged;
        }
        if rects.len() == before {
            break;
        }
    }
    rects.sort_by(|(a, la), (b, lb)| b.size().cmp(&a.size()).then(a.cmp(b)).then(la.cmp(lb)));
    rects
}

/// Where every route of `tables` applies, sorted, without repeats.
pub fn footprints(tables: &[&RouteTable]) -> Vec<Footprint> {
    let mut all: Vec<Footprint> = tables
        .iter()
        .flat_map(|t| {
            t.policy_routes
                .iter()
                .map(|r| Footprint::new(Some(&r.route_source), &r.route_dest))
                .chain(
                    t.destination_routes
                        .iter()
                        .map(|r| Footprint::new(None, &r.route_dest)),
                )
                .chain(
                    t.bgp_routes
                        .iter()
                        .map(|r| Footprint::new(None, &r.route_dest)),
                )
        })
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}
