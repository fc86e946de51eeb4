//! Algorithms the rules use; none of them decides what is valid. `lookup` is which route a
//! packet takes (re-exported at the crate root), `regions` cuts the traffic space into
//! rectangles that every route either holds or misses.

pub(crate) mod coverage;
pub mod lookup;
pub(crate) mod packed_sort;
pub(crate) mod parallel;
pub(crate) mod prefix_index;
pub(crate) mod regions;
