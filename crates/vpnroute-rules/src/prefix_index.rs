//! An index of IPv4 prefixes that finds every stored prefix overlapping a given one.
//!
//! Two prefixes overlap exactly when one contains the other. Containing prefixes are found
//! by hashing the query truncated to each stored length (at most 33 lookups, usually a dozen);
//! contained ones by a range scan over the stored starts. No query looks at unrelated entries.

use ipnet::Ipv4Net;
use std::collections::{BTreeSet, HashMap};

#[derive(Clone, Debug)]
pub(crate) struct PrefixIndex<V> {
    exact: HashMap<Ipv4Net, V>,
    starts: BTreeSet<(u32, u8)>,
    /// Bit n is set when a prefix of length n is stored.
    lengths: u64,
}

impl<V> Default for PrefixIndex<V> {
    fn default() -> Self {
        PrefixIndex { exact: HashMap::new(), starts: BTreeSet::new(), lengths: 0 }
    }
}

impl<V: Default> PrefixIndex<V> {
    /// The value stored at exactly `net`, created empty if absent.
    pub fn entry(&mut self, net: Ipv4Net) -> &mut V {
        if !self.exact.contains_key(&net) {
            self.starts.insert((u32::from(net.network()), net.prefix_len()));
            self.lengths |= 1 << net.prefix_len();
        }
        self.exact.entry(net).or_default()
    }
}

impl<V> PrefixIndex<V> {
    /// Calls `f` for every stored prefix that contains `net`, equals it or lies inside it.
    pub fn for_each_overlapping(&self, net: &Ipv4Net, mut f: impl FnMut(&Ipv4Net, &V)) {
        let len = net.prefix_len();
        for shorter in (0..=len).filter(|l| self.lengths & (1 << l) != 0) {
            let key = Ipv4Net::new(net.network(), shorter).map(|n| n.trunc()).unwrap_or(*net);
            if let Some(value) = self.exact.get(&key) {
                f(&key, value);
            }
        }
        if len == 32 || self.lengths >> (len + 1) == 0 {
            return;
        }
        let first = u32::from(net.network());
        let last = u32::from(net.broadcast());
        for &(start, l) in self.starts.range((first, len + 1)..=(last, 32)) {
            if l > len {
                let key = Ipv4Net::new(start.into(), l).unwrap_or(*net);
                if let Some(value) = self.exact.get(&key) {
                    f(&key, value);
                }
            }
        }
    }
}
