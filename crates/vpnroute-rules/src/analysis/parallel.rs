//! Splitting a large, independent computation over the machine's cores.
//!
//! Only table analysis uses it: its per-prefix merges and per-route shadow checks are
//! independent, and a 100,000-route table is checked in a fraction of the single-core time.
//! Results come back in order, so the output does not depend on the number of cores. Where
//! there are no threads (wasm), the work runs as one part.

use std::ops::Range;

/// How many parts large work is split into here.
fn cores() -> usize {
    if cfg!(target_family = "wasm") {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// Below this much work, splitting costs more than it saves.
const WORTH_SPLITTING: usize = 16_384;

/// Cuts `0..len` into contiguous parts of about equal work, where `work_before(i)` is the
/// work of items `0..i` (non-decreasing).
pub(crate) fn parts(len: usize, work_before: impl Fn(usize) -> usize) -> Vec<Range<usize>> {
    let total = work_before(len);
    let count = cores();
    if count <= 1 || total < WORTH_SPLITTING {
        return std::iter::once(0..len).collect();
    }
    let mut cuts = vec![0];
    for k in 1..count {
        let target = total * k / count;
        let cut = partition(len, |i| work_before(i) < target).max(*cuts.last().unwrap_or(&0));
        cuts.push(cut);
    }
    cuts.push(len);
    cuts.windows(2)
        .map(|w| w[0]..w[1])
        .filter(|r| !r.is_empty())
        .collect()
}

/// The first `i` in `0..=len` for which `before(i)` is false (`before` is true, then false).
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let middle = low + (high - low) / 2;
        if before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// Runs `work` on each part, in parallel where there is more than one, and returns the
/// results in the parts' order.
pub(crate) fn run<T: Send>(
    parts: Vec<Range<usize>>,
    work: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    // wasm has no threads; the `cfg!` also keeps the thread code out of its build.
    if cfg!(target_family = "wasm") || parts.len() <= 1 {
        return parts.into_iter().map(&work).collect();
    }
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
