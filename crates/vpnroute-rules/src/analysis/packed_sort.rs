//! The one sort of the engine: keys packed into `u128`s, most significant field first and an
//! index last, so that equal keys cannot come out in a different order.
//!
//! One sort of `u128` keys rather than `sort_by_key` at each place: every element type and
//! key closure would instantiate a sort of its own.

use ipnet::Ipv4Net;

/// A prefix packed into 40 bits of a sort key: its address, then its length.
pub(crate) fn prefix_key(net: &Ipv4Net) -> u128 {
    u128::from(u32::from(net.addr())) << 8 | u128::from(net.prefix_len())
}

/// Sorts `keys` ascending.
pub(crate) fn sort(keys: &mut [u128]) {
    keys.sort_unstable();
}

/// The index packed into the low 32 bits of a key.
pub(crate) fn index(key: u128) -> usize {
    key as u32 as usize
}

/// Numbers the runs of sorted `keys` that are equal above the index bits, from 0 in key
/// order: the run of each index, and how many runs there are.
pub(crate) fn groups(keys: &[u128]) -> (Vec<u32>, usize) {
    let mut group_of = vec![0u32; keys.len()];
    let mut count = 0u32;
    for (n, &key) in keys.iter().enumerate() {
        if n == 0 || keys[n - 1] >> 32 != key >> 32 {
            count += 1;
        }
        group_of[index(key)] = count - 1;
    }
    (group_of, count as usize)
}

/// `items` in the order of the indexes packed into `keys` (each index once).
pub(crate) fn permute<T>(items: Vec<T>, keys: &[u128]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|&key| slots[index(key)].take())
        .collect()
}
