//! Reading every page of a list the service pages (routes, connections, gateways), while it
//! may change under the reader. No I/O: the caller asks for [`CompleteRead::page`] and hands
//! each answer to [`CompleteRead::take`].
//!
//! Pages are read until the entries reach the answer's `TotalCount`, or a page comes back
//! short or empty (so at most `ceil(TotalCount / page size) + 1` pages). When
//! `TotalCount` moves between pages, the list changed while it was read: the read starts
//! again from page 1, up to three times. A list that keeps changing is kept as the union of
//! every entry seen (by identity), marked unstable.

use std::collections::BTreeSet;

/// How many times a read starts again when the list changes under it.
const RESTARTS: u32 = 3;

/// The page size of every complete read: the largest the describes take.
pub const PAGE_SIZE: u32 = 50;

/// A read of every page of one list, in progress.
#[derive(Clone, Debug)]
pub struct CompleteRead<T> {
    /// The identity of an entry, for the union of an unstable read.
    identity: fn(&T) -> String,
    /// The page to ask for next; `None` once the read is over.
    next: Option<u32>,
    /// `TotalCount` as the current pass saw it first.
    total: Option<u32>,
    restarts_left: u32,
    /// The entries of the current pass.
    entries: Vec<T>,
    /// Entries of earlier passes, kept for the union when the list will not hold still.
    earlier: Vec<T>,
    /// The list changed under every pass.
    unstable: bool,
}

/// The list as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadList<T> {
    pub entries: Vec<T>,
    /// The list held still for one whole pass: `entries` is exactly the list. When `false`,
    /// it is the union of every pass and may hold entries that are gone, or miss new ones.
    pub stable: bool,
}

impl<T> CompleteRead<T> {
    /// A read from page 1; `identity` tells entries apart across passes.
    pub fn new(identity: fn(&T) -> String) -> Self {
        CompleteRead {
            identity,
            next: Some(1),
            total: None,
            restarts_left: RESTARTS,
            entries: Vec::new(),
            earlier: Vec::new(),
            unstable: false,
        }
    }

    /// The page to ask for next (`PageNumber`, from 1, with `PageSize` [`PAGE_SIZE`]), or
    /// `None` when the read is over.
    pub fn page(&self) -> Option<u32> {
        self.next
    }

    /// Takes the answer to [`Self::page`]: its `TotalCount` and its entries.
    pub fn take(&mut self, total_count: u32, entries: Vec<T>) {
        let Some(page) = self.next else {
            return;
        };
        if self.total.is_some_and(|total| total != total_count) {
            self.earlier.append(&mut self.entries);
            self.earlier.extend(entries);
            if self.restarts_left == 0 {
                self.unstable = true;
                self.next = None;
                return;
            }
            self.restarts_left -= 1;
            self.total = None;
            self.next = Some(1);
            return;
        }
        self.total = Some(total_count);
        let short = entries.len() < PAGE_SIZE as usize;
        self.entries.extend(entries);
        let done = short || self.entries.len() >= total_count as usize;
        self.next = (!done).then_some(page + 1);
    }

    /// The list read; complete once [`Self::page`] is `None`.
    pub fn finish(self) -> ReadList<T> {
        if !self.unstable {
            return ReadList {
                entries: self.entries,
                stable: true,
            };
        }
        let mut seen = BTreeSet::new();
        let entries = self
            .earlier
            .into_iter()
            .filter(|entry| seen.insert((self.identity)(entry)))
            .collect();
        ReadList {
            entries,
            stable: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(entry: &u32) -> String {
        entry.to_string()
    }

    /// Reads `pages` (each a `TotalCount` and its entries) until the reader stops asking.
    fn read(pages: &[(u32, Vec<u32>)]) -> (Vec<u32>, ReadList<u32>) {
        let mut reader = CompleteRead::new(id);
        let mut asked = Vec::new();
        let mut answers = pages.iter();
        while let Some(page) = reader.page() {
            asked.push(page);
            let (total, entries) = answers
                .next()
                .expect("the reader asked for a page too many");
            reader.take(*total, entries.clone());
        }
        assert!(answers.next().is_none(), "the reader stopped early");
        (asked, reader.finish())
    }

    fn range(from: u32, to: u32) -> Vec<u32> {
        (from..to).collect()
    }

    #[test]
    fn every_page_is_read_until_the_total_is_reached() {
        let (asked, list) = read(&[
            (120, range(0, 50)),
            (120, range(50, 100)),
            (120, range(100, 120)),
        ]);
        assert_eq!(asked, [1, 2, 3]);
        assert_eq!(list.entries, range(0, 120));
        assert!(list.stable);
    }

    #[test]
    fn a_total_of_whole_pages_ends_without_asking_for_an_empty_page() {
        let (asked, list) = read(&[(100, range(0, 50)), (100, range(50, 100))]);
        assert_eq!(asked, [1, 2]);
        assert_eq!(list.entries.len(), 100);
    }

    #[test]
    fn a_short_or_empty_page_ends_the_read() {
        let (asked, list) = read(&[(120, range(0, 50)), (120, range(50, 60))]);
        assert_eq!(asked, [1, 2]);
        assert_eq!(list.entries.len(), 60);
        let (asked, list) = read(&[(0, Vec::new())]);
        assert_eq!(asked, [1]);
        assert!(list.entries.is_empty() && list.stable);
    }

    #[test]
    fn entries_beyond_the_total_end_the_read() {
        let (asked, list) = read(&[(1, range(0, 50))]);
        assert_eq!(asked, [1]);
        assert_eq!(list.entries.len(), 50);
    }

    #[test]
    fn a_list_that_changes_is_read_again_from_page_one() {
        let (asked, list) = read(&[
            (60, range(0, 50)),
            (61, range(49, 99)),
            (61, range(0, 50)),
            (61, range(50, 61)),
        ]);
        assert_eq!(asked, [1, 2, 1, 2]);
        assert_eq!(list.entries, range(0, 61));
        assert!(list.stable);
    }

    #[test]
    fn a_list_that_keeps_changing_is_the_union_of_every_pass_marked_unstable() {
        let pages = [
            (60, range(0, 50)),
            (61, range(100, 150)),
            (62, range(0, 50)),
            (63, range(200, 250)),
            (64, range(0, 50)),
            (65, range(300, 350)),
            (66, range(0, 50)),
            (67, range(400, 450)),
        ];
        let (asked, list) = read(&pages);
        assert_eq!(asked, [1, 2, 1, 2, 1, 2, 1, 2]);
        assert!(!list.stable);
        let mut entries = list.entries.clone();
        entries.sort_unstable();
        entries.dedup();
        assert_eq!(entries.len(), list.entries.len(), "each entry once");
        for expected in [0, 49, 100, 149, 200, 300, 400, 449] {
            assert!(list.entries.contains(&expected), "{expected} is missing");
        }
    }
}
