//! The traffic space (source address x destination address) cut into rectangles that every
//! route either holds whole or misses, so that one packet of a rectangle stands for all of it.
//!
//! Only the part of the space where an answer may differ ("dirty") is cut: first the
//! destinations, at the edges of every route's destination prefix; then, within each
//! destination interval, the sources, at the edges of the routes that hold that interval.
//! The work follows the routes near the change, not the whole table.

use crate::analysis::lookup::RouteTable;
use ipnet::Ipv4Net;
use std::collections::HashMap;
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

    pub fn first(self) -> u32 {
        self.addr
    }

    pub fn last(self) -> u32 {
        self.addr | !Self::mask(self.len)
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

/// What a footprint is to the walk.
#[derive(Clone, Copy)]
enum Role {
    /// A route whose edges cut the space.
    Edge,
    /// Where answers may differ; `hidden` when a shield hides it.
    Dirty {
        hidden: bool,
    },
    Shield,
}

/// Visits, destination by destination and source by source, every rectangle of the traffic
/// space that no footprint cuts and that a dirty footprint holds, unless all such footprints
/// are hidden by a shield that holds the rectangle; stops when `visit` breaks.
///
/// Prefixes nest or miss each other, so the footprints that hold a destination interval are
/// found by its first address at each prefix length present.
pub fn walk(
    edges: &[Footprint],
    dirty: &Dirty<'_>,
    visit: &mut impl FnMut(Rect) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let hidden = dirty
        .hidden_by_shields
        .iter()
        .copied()
        .chain(std::iter::repeat(false));
    let roles = edges
        .iter()
        .map(|f| (f, Role::Edge))
        .chain(
            dirty
                .footprints
                .iter()
                .zip(hidden)
                .map(|(f, hidden)| (f, Role::Dirty { hidden })),
        )
        .chain(dirty.shields.iter().map(|f| (f, Role::Shield)));
    let mut by_destination: HashMap<Prefix, Vec<(Prefix, Role)>> = HashMap::new();
    for (f, role) in roles {
        by_destination
            .entry(f.destination)
            .or_default()
            .push((f.source, role));
    }
    let mut lengths: Vec<u8> = by_destination.keys().map(|p| p.len).collect();
    lengths.sort_unstable();
    lengths.dedup();
    let mut points: Vec<u64> = by_destination
        .keys()
        .flat_map(|p| [u64::from(p.first()), u64::from(p.last()) + 1])
        .chain([0, 1 << 32])
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut dirty_destinations: Vec<(u64, u64)> = dirty
        .footprints
        .iter()
        .map(|f| {
            (
                u64::from(f.destination.first()),
                u64::from(f.destination.last()) + 1,
            )
        })
        .collect();
    dirty_destinations.sort_unstable();
    // The intervals, merged: sorted and disjoint, so one pointer walks them.
    let mut merged: Vec<(u64, u64)> = Vec::with_capacity(dirty_destinations.len());
    for (first, end) in dirty_destinations {
        match merged.last_mut() {
            Some(last) if first <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((first, end)),
        }
    }
    let mut next = 0;
    for bounds in points.windows(2) {
        let (start, end) = (bounds[0], bounds[1]);
        while next < merged.len() && merged[next].1 <= start {
            next += 1;
        }
        if merged.get(next).is_none_or(|&(first, _)| first > start) {
            continue;
        }
        let here: Vec<(Prefix, Role)> = lengths
            .iter()
            .filter_map(|&len| {
                by_destination.get(&Prefix {
                    addr: start as u32 & Prefix::mask(len),
                    len,
                })
            })
            .flatten()
            .copied()
            .collect();
        sweep_sources(&here, (start as u32, (end - 1) as u32), visit)?;
    }
    ControlFlow::Continue(())
}

/// Within one destination interval, held whole by the footprints of `here`: visits each
/// source interval that a dirty footprint holds and no shield hides.
fn sweep_sources(
    here: &[(Prefix, Role)],
    destination: (u32, u32),
    visit: &mut impl FnMut(Rect) -> ControlFlow<()>,
) -> ControlFlow<()> {
    // Where a footprint starts or ends on the source side, and what it adds there: shields,
    // dirty footprints, and dirty footprints no shield hides.
    let mut events: Vec<(u64, i32, i32, i32)> = Vec::with_capacity(2 * here.len() + 2);
    for (source, role) in here {
        let (shield, all, visible) = match role {
            Role::Edge => (0, 0, 0),
            Role::Shield => (1, 0, 0),
            Role::Dirty { hidden } => (0, 1, i32::from(!hidden)),
        };
        events.push((u64::from(source.first()), shield, all, visible));
        events.push((u64::from(source.last()) + 1, -shield, -all, -visible));
    }
    events.push((0, 0, 0, 0));
    events.push((1 << 32, 0, 0, 0));
    events.sort_unstable();
    let (mut shields, mut all, mut visible) = (0, 0, 0);
    let mut i = 0;
    while i < events.len() {
        let start = events[i].0;
        while i < events.len() && events[i].0 == start {
            shields += events[i].1;
            all += events[i].2;
            visible += events[i].3;
            i += 1;
        }
        let Some(&(end, ..)) = events.get(i) else {
            break;
        };
        if all > 0 && (visible > 0 || shields == 0) {
            visit(Rect {
                source: (start as u32, (end - 1) as u32),
                destination,
            })?;
        }
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
    /// One packet of the rectangle, which answers for all of it.
    pub fn packet(&self) -> (Ipv4Addr, Ipv4Addr) {
        (
            Ipv4Addr::from(self.source.0),
            Ipv4Addr::from(self.destination.0),
        )
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
