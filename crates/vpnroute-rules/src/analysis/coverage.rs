//! Whether a set of (source x destination) rectangles covers another rectangle exactly.

use crate::model::net::overlaps;
use ipnet::Ipv4Net;

/// Whether the union of `rectangles` covers `source x dest`; `None` when the budget runs out.
pub(crate) fn covers(
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
