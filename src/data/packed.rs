//! A row's field cells in 8 bytes each, the form every [`super::Row`] keeps them in.
//!
//! A parsed [`Value`] is 24 bytes (a number is a 16-byte `Ratio<i64>`), yet nearly every
//! cell is empty, a whole number, a yes/no, a date or 未完成; at a million rows of 64
//! cells that difference is a gigabyte. So each cell is one 8-byte [`Cell`] holding
//! those kinds inline, and whatever does not fit (text, fractions, whole numbers
//! outside `i32`) is a `Cell::Other` naming its place in the row's side list of full
//! values. The key decision is a plain enum rather than hand-packed bits: rustc lays
//! `i32`, `bool`, `NaiveDate` and `u32` payloads beside a one-byte tag in 8 bytes (a
//! unit test holds it there), so no tag can be unknown and no date out of range; the
//! one invariant left, that an `Other` index is in the side list, is kept by this file
//! alone. Reading gives a [`Cow`]: inline kinds are built on the spot (they own no
//! heap memory), side values are lent, so text is never copied to be looked at. Every
//! value reads back exactly as given, numerator and denominator as stored, so what
//! is shown, summed and compared does not change.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::model::Value;
use crate::num::{Num, Stored};

/// One cell: the common kinds inline, anything else a place in the side list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Empty,
    /// A whole number whose stored form is `n/1` with `n` in `i32`.
    Whole(i32),
    Bool(bool),
    Date(NaiveDate),
    NotDone,
    /// Index into [`PackedValues::other`].
    Other(u32),
}

/// The cells of one row, indexed by field.
#[derive(Clone, Default)]
pub struct PackedValues {
    cells: Box<[Cell]>,
    /// The values that do not fit in a [`Cell`], in the order they were added.
    other: Box<[Value]>,
}

impl PackedValues {
    /// Packs a row's parsed cells.
    pub fn new(values: Vec<Option<Value>>) -> PackedValues {
        let mut other = Vec::new();
        let cells = values.into_iter().map(|v| pack(v, &mut other)).collect();
        PackedValues { cells, other: other.into_boxed_slice() }
    }

    /// The cell at `i`: `None` when empty or past the end.
    pub fn get(&self, i: usize) -> Option<Cow<'_, Value>> {
        self.unpack(*self.cells.get(i)?)
    }

    /// The cell at `i` as a number, if it holds one; builds no [`Value`].
    pub fn num(&self, i: usize) -> Option<Num> {
        match self.cells.get(i)? {
            Cell::Whole(n) => Some(Num::from_integer(i128::from(*n))),
            Cell::Other(at) => match &self.other[*at as usize] {
                Value::Num(n) => Some(crate::num::widen(n)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Replaces the cell at `i` (which must exist). A side value replaced by an inline
    /// one stays in the side list, unread: rows are rarely changed after reading.
    pub fn set(&mut self, i: usize, value: Option<Value>) {
        let mut other = std::mem::take(&mut self.other).into_vec();
        match (self.cells[i], value) {
            (Cell::Other(at), Some(v)) if !fits_inline(&v) => other[at as usize] = v,
            (_, v) => self.cells[i] = pack(v, &mut other),
        }
        self.other = other.into_boxed_slice();
    }

    /// Every cell in field order.
    pub fn iter(&self) -> impl Iterator<Item = Option<Cow<'_, Value>>> {
        self.cells.iter().map(|c| self.unpack(*c))
    }

    /// The number of cells that are not empty.
    pub fn filled(&self) -> usize {
        self.cells.iter().filter(|c| **c != Cell::Empty).count()
    }

    fn unpack(&self, cell: Cell) -> Option<Cow<'_, Value>> {
        Some(match cell {
            Cell::Empty => return None,
            Cell::Whole(n) => Cow::Owned(Value::Num(Stored::from_integer(i64::from(n)))),
            Cell::Bool(b) => Cow::Owned(Value::Bool(b)),
            Cell::Date(d) => Cow::Owned(Value::Date(d)),
            Cell::NotDone => Cow::Owned(Value::NotDone),
            Cell::Other(at) => Cow::Borrowed(&self.other[at as usize]),
        })
    }
}

/// The same cells, compared as values (a fraction equals its reduced form, as
/// `Vec<Option<Value>>` compared them), not by how they are packed.
impl PartialEq for PackedValues {
    fn eq(&self, other: &PackedValues) -> bool {
        self.cells.len() == other.cells.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for PackedValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The inline form of `v`, if it has one.
fn inline(v: &Value) -> Option<Cell> {
    Some(match v {
        Value::Num(n) if *n.denom() == 1 => Cell::Whole(i32::try_from(*n.numer()).ok()?),
        Value::Num(_) | Value::Text(_) => return None,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Date(d) => Cell::Date(*d),
        Value::NotDone => Cell::NotDone,
    })
}

fn fits_inline(v: &Value) -> bool {
    inline(v).is_some()
}

fn pack(value: Option<Value>, other: &mut Vec<Value>) -> Cell {
    let Some(v) = value else { return Cell::Empty };
    inline(&v).unwrap_or_else(|| {
        // A row has one cell per plan field; no plan has four billion fields.
        let at = u32::try_from(other.len()).expect("fewer than 2^32 cells in a row");
        other.push(v);
        Cell::Other(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact equality: the numerator and denominator as stored, not only the value
    /// (`Ratio`'s own `==` calls 2/4 and 1/2 equal).
    fn exact(v: &Option<Value>) -> String {
        format!("{v:?}")
    }

    fn round_trip(values: Vec<Option<Value>>) -> PackedValues {
        let packed = PackedValues::new(values.clone());
        let back: Vec<Option<Value>> = packed.iter().map(|v| v.map(Cow::into_owned)).collect();
        assert_eq!(back.iter().map(exact).collect::<Vec<_>>(), values.iter().map(exact).collect::<Vec<_>>());
        for (i, v) in values.iter().enumerate() {
            assert_eq!(exact(&packed.get(i).map(Cow::into_owned)), exact(v), "cell {i}");
        }
        packed
    }

    fn whole(n: i64) -> Option<Value> {
        Some(Value::Num(Stored::from_integer(n)))
    }

    fn date(y: i32, m: u32, d: u32) -> Option<Value> {
        Some(Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    #[test]
    fn a_cell_is_8_bytes() {
        assert_eq!(std::mem::size_of::<Cell>(), 8);
    }

    #[test]
    fn every_kind_reads_back_and_only_what_does_not_fit_goes_aside() {
        let values = vec![
            None,
            whole(0),
            whole(385),
            whole(-7),
            Some(Value::Bool(true)),
            Some(Value::Bool(false)),
            date(2019, 2, 28),
            Some(Value::NotDone),
            Some(Value::Text("川教〔2019〕12号".into())),
            Some(Value::Num(Stored::new(17, 20))),
            Some(Value::Num(Stored::new(-3, 2))),
            None,
        ];
        let p = round_trip(values);
        assert_eq!(p.other.len(), 3, "text and two fractions, nothing else");
        assert_eq!(p.filled(), 10);
        assert_eq!(p.cells.len(), 12);
        assert_eq!(p.get(12), None, "past the end is empty");
    }

    #[test]
    fn whole_numbers_at_the_edges_of_i32_stay_inline_one_past_goes_aside_untruncated() {
        let edges =
            [i64::from(i32::MAX), i64::from(i32::MIN), i64::from(i32::MAX) + 1, i64::from(i32::MIN) - 1];
        let p =
            round_trip(edges.iter().map(|&n| whole(n)).chain([whole(i64::MAX), whole(i64::MIN)]).collect());
        assert_eq!(p.cells[..2], [Cell::Whole(i32::MAX), Cell::Whole(i32::MIN)]);
        assert_eq!(p.cells[2..], [Cell::Other(0), Cell::Other(1), Cell::Other(2), Cell::Other(3)]);
        assert_eq!(p.num(2), Some(Num::from_integer(2_147_483_648)));
        assert_eq!(p.num(3), Some(Num::from_integer(-2_147_483_649)));
        assert_eq!(p.num(5), Some(Num::from_integer(i128::from(i64::MIN))));
    }

    #[test]
    fn fractions_keep_their_stored_form() {
        // Unreduced and negative-denominator forms are not what parsing makes, but
        // whatever is stored reads back as stored.
        let odd =
            [Stored::new_raw(2, 4), Stored::new_raw(4, 2), Stored::new_raw(1, -3), Stored::new_raw(5, 1)];
        let p = round_trip(odd.iter().map(|n| Some(Value::Num(*n))).collect());
        assert_eq!(p.cells[3], Cell::Whole(5), "only n/1 is inline");
        assert_eq!(p.num(0), Some(Num::new_raw(2, 4)));
    }

    #[test]
    fn dates_far_in_the_past_and_future() {
        round_trip(vec![
            Some(Value::Date(NaiveDate::MIN)),
            Some(Value::Date(NaiveDate::MAX)),
            date(1, 1, 1),
            date(0, 12, 31),
            date(-4000, 3, 1),
            date(9999, 12, 31),
        ]);
    }

    #[test]
    fn num_reads_numbers_only() {
        let p =
            PackedValues::new(vec![whole(12), Some(Value::Bool(true)), Some(Value::Text("12".into())), None]);
        assert_eq!(p.num(0), Some(Num::from_integer(12)));
        assert_eq!((p.num(1), p.num(2), p.num(3), p.num(4)), (None, None, None, None));
    }

    #[test]
    fn set_replaces_a_cell_of_any_kind_with_any_kind() {
        let mut p = PackedValues::new(vec![None, Some(Value::Text("a".into())), whole(1), None]);
        p.set(0, whole(40));
        p.set(1, Some(Value::Text("b".into())));
        p.set(2, Some(Value::Num(Stored::new(1, 3))));
        p.set(3, whole(i64::MAX));
        assert_eq!(p.other.len(), 3, "the text's place is reused");
        let expected = vec![
            whole(40),
            Some(Value::Text("b".into())),
            Some(Value::Num(Stored::new(1, 3))),
            whole(i64::MAX),
        ];
        assert_eq!(p, PackedValues::new(expected));
        p.set(1, None);
        p.set(2, whole(2));
        assert_eq!((p.get(1), p.num(2)), (None, Some(Num::from_integer(2))));
    }

    #[test]
    fn equality_is_by_value_as_before_not_by_packing() {
        let inline = PackedValues::new(vec![whole(2), None]);
        let aside = PackedValues::new(vec![Some(Value::Num(Stored::new_raw(4, 2))), None]);
        assert_eq!(inline, aside, "4/2 == 2 as Ratio compares them");
        assert_eq!(
            vec![whole(2), None] == vec![Some(Value::Num(Stored::new_raw(4, 2))), None],
            inline == aside,
            "the same answer as the vectors gave"
        );
        assert_ne!(inline, PackedValues::new(vec![whole(2)]), "lengths differ");
        assert_ne!(inline, PackedValues::new(vec![whole(3), None]));
        assert_ne!(
            PackedValues::new(vec![Some(Value::Text("x".into()))]),
            PackedValues::new(vec![Some(Value::Text("y".into()))])
        );
    }

    mod properties {
        use super::*;
        use chrono::Datelike;
        use proptest::prelude::*;

        fn value() -> impl Strategy<Value = Option<Value>> {
            let day = NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce();
            prop_oneof![
                Just(None),
                any::<i64>().prop_map(whole),
                (-70_000i64..70_000).prop_map(whole),
                (any::<i64>(), any::<i64>().prop_filter("a denominator", |d| *d != 0))
                    .prop_map(|(n, d)| Some(Value::Num(Stored::new_raw(n, d)))),
                any::<bool>().prop_map(|b| Some(Value::Bool(b))),
                day.prop_map(|d| Some(Value::Date(NaiveDate::from_num_days_from_ce_opt(d).unwrap()))),
                Just(Some(Value::NotDone)),
                "\\PC{0,8}".prop_map(|s| Some(Value::Text(s.into()))),
            ]
        }

        proptest! {
            #[test]
            fn any_row_packs_and_reads_back_as_itself(values in prop::collection::vec(value(), 0..80)) {
                round_trip(values);
            }
        }
    }
}
