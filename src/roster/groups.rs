//! The groups a group limit counts (one host enterprise, one year), kept compact.
//!
//! A nation's internship roster names hundreds of thousands of hosts, and every one
//! must be counted to the end of the input before any can be judged, so a group is
//! what dominates memory. The key decision is to keep each group in one fixed-size
//! slot with no allocation of its own: its name as first written lives in one
//! shared text arena, and its per-institution figures in one shared `u64` arena, a
//! block per institution chained from the slot (a host is nearly always one
//! school's, so nearly always one block). A group is found by a 64-bit keyed hash of
//! its folded value, with a random key each run: with a fixed, public key a host
//! name could be written to collide with a big host's and borrow its staff figure,
//! a false pass; by chance the odds are about 1 in 10^8 for a million hosts.
//!
//! A group spans schools, so a row left out of its own school's counts for an error
//! (a mistyped identity number, a duplicate) is still a placement at its host: it is
//! kept as `unsure`, and a group that is within its limit only without such rows is
//! not shown to be within it. Otherwise one school's broken roster would let another
//! school's placements pass.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault};

use super::tally::{KeyHasher, Prehashed};
use crate::num::Num;

/// `(roster, check, year)`: the groups of one limit in one year.
pub type LimitKey = (usize, usize, i32);

/// Every group of every limit.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// Per limit and year, per keyed hash of the folded value.
    slots: HashMap<LimitKey, HashMap<u64, Slot, BuildHasherDefault<Prehashed>>, KeyHasher>,
    /// The random key of the hashes.
    keys: std::hash::RandomState,
    /// Every group's value as first written, one after another.
    names: String,
    /// Per group and institution, a block: institution, next block (or
    /// [`END`]), records, then one figure per lawful-only count.
    blocks: Vec<u64>,
}

/// One group, without its name and blocks (see [`Groups`]).
#[derive(Debug, Clone)]
struct Slot {
    size: u64,
    /// Rows at the group that were not counted for an error of their own.
    unsure: u64,
    largest: Largest,
    first: (u32, u32),
    /// Where the name starts in [`Groups::names`], and its length.
    name_at: usize,
    name_len: u32,
    /// The width of each of the group's blocks: 3 + the roster's lawful-only counts.
    width: u32,
    /// The first block, in [`Groups::blocks`]; [`NO_BLOCK`] while only unsure rows
    /// are in the group.
    block: usize,
}

/// "No block yet": a group of unsure rows only.
const NO_BLOCK: usize = usize::MAX;

/// The largest value of a limit's column in a group: nearly always a whole number,
/// kept in place; any other exactly, boxed.
#[derive(Debug, Clone)]
enum Largest {
    None,
    Whole(i64),
    Exact(Box<Num>),
}

impl Largest {
    fn get(&self) -> Option<Num> {
        match self {
            Largest::None => None,
            Largest::Whole(n) => Some(Num::from_integer(i128::from(*n))),
            Largest::Exact(n) => Some(**n),
        }
    }

    fn of(n: Num) -> Largest {
        match i64::try_from(n.to_integer()) {
            Ok(w) if n.is_integer() => Largest::Whole(w),
            _ => Largest::Exact(Box::new(n)),
        }
    }
}

/// A record counted in a group.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub institution: usize,
    /// The value of the limit's column, when given.
    pub of: Option<Num>,
    /// Per lawful-only count of the roster (in plan order), whether the record is in it.
    pub lawful_counted: &'a [bool],
    /// The file (index into the dataset's files) and row of the record.
    pub at: (usize, u32),
}

/// A group, read.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    pub size: u64,
    /// Rows at the group not counted for an error of their own.
    pub unsure: u64,
    /// The largest value of the limit's column among the group's records.
    pub largest: Option<Num>,
    /// Where the group's first record is.
    pub first: (usize, u32),
    /// The value as first written, for messages.
    pub shown: &'a str,
    groups: &'a Groups,
    block: usize,
    width: usize,
}

impl Group<'_> {
    /// Whether the group breaks its limit: more records than `share` of its largest
    /// value, counting its unsure rows, or no value given at all. Conditions are
    /// three-valued: a limit nothing can be compared with, or kept only if rows with
    /// errors are left out, is not shown to be kept, as a record whose cell is empty
    /// does not meet a requirement on it. A group of unsure rows only has no record
    /// to judge.
    pub fn breaks(&self, share: Num) -> bool {
        let all = Num::from_integer(i128::from(self.size.saturating_add(self.unsure)));
        self.size > 0 && self.largest.is_none_or(|l| all > l * share)
    }

    /// Whether the counted records alone are more than `share` of the largest value.
    pub fn over(&self, share: Num) -> bool {
        self.largest.is_some_and(|l| Num::from_integer(i128::from(self.size)) > l * share)
    }

    /// Per institution (in the order first seen): records in the group, and per
    /// lawful-only count how many of them it counted.
    pub fn by_institution(&self) -> Vec<(usize, u64, Vec<u64>)> {
        let mut out = Vec::new();
        let mut at = self.block;
        while let Some(b) = self.groups.blocks.get(at..at.saturating_add(self.width)) {
            out.push((usize::try_from(b[0]).unwrap_or(usize::MAX), b[2], b[3..].to_vec()));
            // `END` (u64::MAX) is past every block, so the loop stops.
            at = usize::try_from(b[1]).unwrap_or(usize::MAX);
        }
        out
    }
}

impl Groups {
    /// Counts `member` in the group `value` (folded) of `limit`; `shown` gives the
    /// value as written when the group is new.
    pub fn add<'s>(
        &mut self,
        limit: LimitKey,
        value: &str,
        shown: impl FnOnce() -> &'s str,
        member: Member<'_>,
    ) {
        let width = 3 + member.lawful_counted.len();
        let institution = u64::try_from(member.institution).unwrap_or(u64::MAX);
        let (slot, blocks) = self.slot(limit, value, shown, member.at);
        if slot.block == NO_BLOCK {
            slot.width = width as u32;
            slot.block = push_block(blocks, institution, width);
        }
        slot.size += 1;
        if let Some(n) = member.of
            && slot.largest.get().is_none_or(|l| n > l)
        {
            slot.largest = Largest::of(n);
        }
        // The institution's block, appended to the chain when new.
        let mut at = slot.block;
        while blocks[at] != institution {
            match blocks[at + 1] {
                END => {
                    let new = push_block(blocks, institution, width);
                    blocks[at + 1] = new as u64;
                    at = new;
                }
                next => at = next as usize,
            }
        }
        let b = &mut blocks[at..at + width];
        b[2] += 1;
        for (figure, counted) in b[3..].iter_mut().zip(member.lawful_counted) {
            *figure += u64::from(*counted);
        }
    }

    /// Counts a row at the group `value` (folded) of `limit` that was not counted
    /// for an error of its own, at `at` (file, row).
    pub fn add_unsure<'s>(
        &mut self,
        limit: LimitKey,
        value: &str,
        shown: impl FnOnce() -> &'s str,
        at: (usize, u32),
    ) {
        self.slot(limit, value, shown, at).0.unsure += 1;
    }

    /// The slot of the group `value` (folded) of `limit`, new (with no block yet)
    /// when first seen at `at`; and the blocks.
    fn slot<'s>(
        &mut self,
        limit: LimitKey,
        value: &str,
        shown: impl FnOnce() -> &'s str,
        at: (usize, u32),
    ) -> (&mut Slot, &mut Vec<u64>) {
        let key = self.keys.hash_one(value);
        let names = &mut self.names;
        let slot = self.slots.entry(limit).or_default().entry(key).or_insert_with(|| {
            // A name longer than 4 GiB (no host's) is kept empty rather than cut.
            let text = Some(shown()).filter(|t| u32::try_from(t.len()).is_ok()).unwrap_or("");
            let name_at = names.len();
            names.push_str(text);
            Slot {
                size: 0,
                unsure: 0,
                largest: Largest::None,
                first: (u32::try_from(at.0).unwrap_or(u32::MAX), at.1),
                name_at,
                name_len: text.len() as u32,
                width: 3,
                block: NO_BLOCK,
            }
        });
        (slot, &mut self.blocks)
    }

    /// The group `value` (folded) of a limit and year.
    pub fn get(&self, limit: LimitKey, value: &str) -> Option<Group<'_>> {
        let slot = self.slots.get(&limit)?.get(&self.keys.hash_one(value))?;
        Some(self.read(slot))
    }

    /// The groups `keep` keeps, with their limit and year, ordered by limit, year and
    /// value as written, then where each first appears: output never depends on the
    /// hash key. Only those kept are read out: a nation has hundreds of thousands of
    /// groups, a handful over their limit.
    pub fn sorted_where(
        &self,
        mut keep: impl FnMut(LimitKey, &Group<'_>) -> bool,
    ) -> Vec<(LimitKey, Group<'_>)> {
        let mut all: Vec<(LimitKey, Group<'_>)> = Vec::new();
        for (limit, slots) in &self.slots {
            all.extend(slots.values().map(|s| self.read(s)).filter(|g| keep(*limit, g)).map(|g| (*limit, g)));
        }
        all.sort_by(|a, b| (a.0, a.1.shown, a.1.first).cmp(&(b.0, b.1.shown, b.1.first)));
        all
    }

    fn read<'a>(&'a self, slot: &Slot) -> Group<'a> {
        let (start, len) = (slot.name_at, slot.name_len as usize);
        Group {
            size: slot.size,
            unsure: slot.unsure,
            largest: slot.largest.get(),
            first: (slot.first.0 as usize, slot.first.1),
            shown: self.names.get(start..start + len).unwrap_or(""),
            groups: self,
            block: slot.block,
            width: slot.width as usize,
        }
    }
}

/// "No next block".
const END: u64 = u64::MAX;

/// Appends an empty block for `institution` and returns where it starts.
fn push_block(blocks: &mut Vec<u64>, institution: u64, width: usize) -> usize {
    let at = blocks.len();
    blocks.extend([institution, END, 0]);
    blocks.resize(at + width, 0);
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(institution: usize, of: Option<i128>, lawful: &[bool], row: u32) -> Member<'_> {
        Member { institution, of: of.map(Num::from_integer), lawful_counted: lawful, at: (0, row) }
    }

    #[test]
    fn a_group_counts_each_institution_in_its_own_block() {
        let mut g = Groups::default();
        let limit = (1, 2, 2020);
        g.add(limit, "host", || "Host ", member(7, Some(400), &[true, false], 2));
        g.add(limit, "host", || unreachable!("named once"), member(9, Some(500), &[true, true], 3));
        g.add(limit, "host", || unreachable!("named once"), member(7, None, &[false, true], 4));
        g.add(limit, "other", || "Other", member(7, Some(10), &[true, true], 5));
        let host = g.get(limit, "host").unwrap();
        assert_eq!(
            (host.size, host.largest, host.first, host.shown),
            (3, Some(Num::from_integer(500)), (0, 2), "Host ")
        );
        assert_eq!(host.by_institution(), vec![(7, 2, vec![1, 1]), (9, 1, vec![1, 1])]);
        let other = g.get(limit, "other").unwrap();
        assert_eq!(other.by_institution(), vec![(7, 1, vec![1, 1])]);
        assert!(g.get(limit, "nobody").is_none());
        assert!(g.get((1, 2, 2021), "host").is_none(), "another year, another group");
    }

    #[test]
    fn rows_left_out_for_errors_decide_whether_a_group_is_shown_within_its_limit() {
        let mut g = Groups::default();
        let limit = (0, 0, 2020);
        g.add_unsure(limit, "h", || "H", (0, 2));
        let only = g.get(limit, "h").unwrap();
        assert_eq!((only.size, only.unsure, only.by_institution().len()), (0, 1, 0));
        assert!(!only.breaks(Num::from_integer(0)), "no record of its own to judge");
        g.add(limit, "h", || unreachable!("named once"), member(7, Some(20), &[true], 3));
        g.add(limit, "h", || unreachable!("named once"), member(7, None, &[true], 4));
        let h = g.get(limit, "h").unwrap();
        assert_eq!((h.size, h.unsure, h.first, h.by_institution()), (2, 1, (0, 2), vec![(7, 2, vec![2])]));
        let tenth = Num::new(1, 10);
        assert!(!h.over(tenth) && h.breaks(tenth), "2 of 20 kept, 3 of 20 not: not shown");
        assert!(!h.breaks(Num::new(3, 20)), "3 of 20 within 15%");
    }

    #[test]
    fn the_largest_value_is_kept_exactly_and_decides_the_limit() {
        let mut g = Groups::default();
        let limit = (0, 0, 2020);
        let half = Num::new(21, 2);
        g.add(limit, "h", || "h", Member { institution: 0, of: Some(half), lawful_counted: &[], at: (0, 2) });
        g.add(limit, "h", || "h", member(0, Some(10), &[], 3));
        assert_eq!(g.get(limit, "h").unwrap().largest, Some(half), "10.5 > 10, kept exactly");
        // 2 records against 10% of 10.5 = 1.05: over; against 20% (2.1): not over.
        assert!(g.get(limit, "h").unwrap().breaks(Num::new(1, 10)));
        assert!(!g.get(limit, "h").unwrap().breaks(Num::new(2, 10)));
        let big = Num::from_integer(i128::from(i64::MAX) * 4);
        g.add(limit, "h", || "h", Member { institution: 0, of: Some(big), lawful_counted: &[], at: (0, 4) });
        assert_eq!(g.get(limit, "h").unwrap().largest, Some(big), "past i64, kept boxed");
        g.add(limit, "n", || "n", member(0, None, &[], 5));
        assert!(
            g.get(limit, "n").unwrap().breaks(Num::from_integer(1)),
            "no value given: not shown to be kept"
        );
    }

    #[test]
    fn groups_are_sorted_by_limit_and_name_whatever_the_hash_key() {
        let mut g = Groups::default();
        for (i, name) in ["丙", "甲", "乙", "b", "a"].iter().enumerate() {
            g.add((0, 0, 2020), name, || name, member(0, Some(1), &[], i as u32));
        }
        g.add((0, 0, 2019), "z", || "z", member(0, Some(1), &[], 9));
        let order: Vec<&str> = g.sorted_where(|_, _| true).iter().map(|(_, gr)| gr.shown).collect();
        assert_eq!(order, ["z", "a", "b", "丙", "乙", "甲"]);
    }
}
