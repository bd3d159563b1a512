//! The key a record is known by, to find a person listed twice (`duplicate-record`).
//!
//! The key decision: when the plan's unique columns hold only identity numbers,
//! choices, yes/no and dates, their values are packed into one 64-bit integer
//! exactly (an identity number is below 10^17, a choice is its index), so two
//! records share a key only when they are the same record: no hash, no collision, and
//! nothing to compute per row but a few multiplications. The shipped rosters are
//! unique by identity number, and by identity number and kind of placement, which
//! pack. Any other kind (text, numbers) falls back to a 64-bit hash of the values,
//! decided per roster so the two kinds of key never meet in one set.

use std::hash::{Hash, Hasher};

use chrono::Datelike;

use super::model::{ColumnId, ColumnKind, Roster};
use super::record::{Cell, Cells};

/// How one roster's records are keyed.
#[derive(Debug, Clone)]
pub enum UniqueKey {
    /// Per unique column, its number of values (an empty cell is one more): the key
    /// is the values as digits of these radixes.
    Exact(Vec<(ColumnId, u64)>),
    Hashed,
}

/// The identity numbers there can be: below 10^17.
const IDS: u64 = 100_000_000_000_000_000;
/// The days a date can be, as chrono counts them (an `i32`).
const DAYS: u64 = 1 << 32;

impl UniqueKey {
    pub fn of(roster: &Roster) -> UniqueKey {
        let mut radixes = Vec::new();
        let mut room: u64 = u64::MAX;
        for &u in &roster.unique {
            let values = match &roster.column(u).kind {
                ColumnKind::IdNumber => IDS,
                ColumnKind::Choice(words) => words.len() as u64,
                ColumnKind::Bool => 2,
                ColumnKind::Date => DAYS,
                _ => return UniqueKey::Hashed,
            };
            // One more for an empty cell.
            let radix = values + 1;
            room /= radix;
            if room == 0 {
                return UniqueKey::Hashed;
            }
            radixes.push((u, radix));
        }
        UniqueKey::Exact(radixes)
    }

    /// The key of a record whose cells are `cells`; `text` gives a unique cell's text
    /// (normalised and folded), for hashed keys of cells not read into values.
    pub fn key(&self, roster: &Roster, cells: &Cells, text: impl Fn(ColumnId) -> String) -> u64 {
        match self {
            UniqueKey::Exact(radixes) => radixes.iter().fold(0, |key, &(u, radix)| {
                let digit = match &cells[u.index()] {
                    None => 0,
                    Some(Cell::Id(id)) => 1 + id.ordinal(),
                    Some(Cell::Choice(i)) => 1 + u64::from(*i),
                    Some(Cell::Bool(b)) => 1 + u64::from(*b),
                    Some(Cell::Date(d)) => 1 + u64::from(d.num_days_from_ce().cast_unsigned()),
                    // Not one of the kinds packed (`of` made sure): cannot be.
                    Some(_) => 0,
                };
                key * radix + digit.min(radix - 1)
            }),
            UniqueKey::Hashed => {
                // A fixed key: the same input gives the same answer on every run.
                let mut h = std::hash::DefaultHasher::new();
                for &u in &roster.unique {
                    match &cells[u.index()] {
                        Some(Cell::Word(w)) => w.hash(&mut h),
                        Some(Cell::Choice(i)) => i.hash(&mut h),
                        Some(Cell::Date(d)) => d.hash(&mut h),
                        Some(Cell::Id(id)) => id.hash(&mut h),
                        _ => text(u).hash(&mut h),
                    }
                }
                h.finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pii::IdNumber;

    fn plan() -> crate::plan::Plan {
        crate::plan::load(None).unwrap()
    }

    fn id(first17: &str) -> IdNumber {
        let check = crate::pii::check_char(first17.as_bytes()) as char;
        IdNumber::parse(&format!("{first17}{check}")).unwrap()
    }

    #[test]
    fn the_shipped_rosters_are_keyed_exactly_and_each_record_apart() {
        let plan = plan();
        let interns = plan.rosters.iter().find(|r| r.key == "internships").unwrap();
        let UniqueKey::Exact(radixes) = UniqueKey::of(interns) else {
            panic!("identity number and kind pack")
        };
        assert_eq!(radixes.len(), 2);
        let (idc, kind) = (radixes[0].0, radixes[1].0);
        let mut cells: Cells = vec![None; interns.columns.len()];
        let mut key = |i: Option<&IdNumber>, k: Option<u32>| {
            cells[idc.index()] = i.map(|i| Cell::Id(i.clone()));
            cells[kind.index()] = k.map(Cell::Choice);
            UniqueKey::of(interns).key(interns, &cells, |_| unreachable!("no text is hashed"))
        };
        let (a, b) = (id("99000020030101001"), id("99000020030101002"));
        let max = id("99999919991231999");
        let keys = [
            key(Some(&a), Some(0)),
            key(Some(&a), Some(1)),
            key(Some(&b), Some(0)),
            key(Some(&b), None),
            key(None, Some(0)),
            key(None, None),
            key(Some(&max), Some(1)),
        ];
        let distinct: std::collections::HashSet<u64> = keys.iter().copied().collect();
        assert_eq!(distinct.len(), keys.len(), "{keys:?}");
        assert_eq!(key(Some(&a), Some(1)), keys[1], "the same record, the same key");
        let teachers = plan.rosters.iter().find(|r| r.key == "teachers").unwrap();
        assert!(matches!(UniqueKey::of(teachers), UniqueKey::Exact(_)));
    }

    #[test]
    fn kinds_that_do_not_pack_or_do_not_fit_are_hashed() {
        let plan = plan();
        let mut r = plan.rosters.iter().find(|r| r.key == "internships").unwrap().clone();
        let text = r.columns.iter().position(|c| matches!(c.kind, ColumnKind::Text)).unwrap();
        let idc = r.columns.iter().position(|c| matches!(c.kind, ColumnKind::IdNumber)).unwrap();
        r.unique = vec![r.unique[0], ColumnId(text as u16)];
        assert!(matches!(UniqueKey::of(&r), UniqueKey::Hashed), "text is hashed");
        // Two identity numbers need 114 bits: hashed, never truncated.
        r.unique = vec![ColumnId(idc as u16), ColumnId(idc as u16)];
        assert!(matches!(UniqueKey::of(&r), UniqueKey::Hashed));
    }
}
