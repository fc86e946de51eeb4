//! The one sort of the engine: keys packed into `u128`s, most significant field first and an
//! index last, so that equal keys cannot come out in a different order.
//!
//! Why not `sort_by_key` where each sort happens: every element type and key closure
//! instantiates a sort of its own, and the nine of them were about 30 KB of the npm `.wasm`.

/// Sorts `keys` ascending.
pub(crate) fn sort(keys: &mut [u128]) {
    keys.sort_unstable();
}

/// The index packed into the low 32 bits of a key.
pub(crate) fn index(key: u128) -> usize {
    key as u32 as usize
}

/// `items` in the order of the indexes packed into `keys` (each index once).
pub(crate) fn permute<T>(items: Vec<T>, keys: &[u128]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|&key| slots[index(key)].take())
        .collect()
}
