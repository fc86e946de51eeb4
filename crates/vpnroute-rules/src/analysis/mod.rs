//! Algorithms the table rules and lookups use; none of them knows a rule.

pub(crate) mod coverage;
pub(crate) mod packed_sort;
pub(crate) mod parallel;
pub(crate) mod prefix_index;
