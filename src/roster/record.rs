//! One roster row: its cells read by column kind, and the plan's conditions on it.
//!
//! Conditions are three-valued. A condition on an empty cell is neither true nor
//! false but unknown: a row is counted only when every condition of the count is
//! true, and a record check is met only when every requirement is true, so an empty
//! cell never passes for a value (what is not recorded cannot be shown). An
//! identity number is kept as [`IdNumber`], whose only printable form is masked.

use chrono::{Months, NaiveDate};

use super::model::{ColumnId, ColumnKind, Condition, Operand, RecordCheck, Roster, Test, Words};
use crate::fold::fold;
use crate::lang::Text;
use crate::num::{Num, Stored, widen};
use crate::pii::{IdNumber, Pseudonym};
use crate::text;

/// A roster cell, read.
#[derive(Debug, Clone)]
pub enum Cell {
    /// A number as stored (16 bytes: a row's cells cross between threads, so their
    /// size is part of reading a roster's cost); widened to compare.
    Num(Stored),
    Bool(bool),
    Date(NaiveDate),
    /// A text, folded (width, case, spaces) for comparison.
    Word(String),
    /// A choice, as its index in the column's choices.
    Choice(u32),
    Id(IdNumber),
    /// A name: only whether it is there is kept.
    Name,
}

/// The cells of one row, by column; `None` is an empty (or unreadable) cell.
pub type Cells = Vec<Option<Cell>>;

/// Whether `cond` holds for `cells`; `None` when a cell it needs is empty.
pub fn holds(cond: &Condition, cells: &Cells, as_of: NaiveDate) -> Option<bool> {
    let cell = cells[cond.column.index()].as_ref();
    match &cond.test {
        Test::Filled(f) => Some(cell.is_some() == *f),
        Test::IsBool(b) => match cell? {
            Cell::Bool(v) => Some(v == b),
            _ => None,
        },
        Test::Is(words) => is_one_of(cell?, words),
        Test::IsNot(words) => is_one_of(cell?, words).map(|b| !b),
        Test::Compare { at_least, with } => compare(cell?, *at_least, with, cells, as_of),
    }
}

/// A comparison of `cell` with a number, another cell or the evaluation date; apart
/// from [`holds`] so the common tests (filled, yes/no, one of) stay a small function.
#[inline(never)]
fn compare(cell: &Cell, at_least: bool, with: &Operand, cells: &Cells, as_of: NaiveDate) -> Option<bool> {
    let ord = match (cell, with) {
        (Cell::Num(a), Operand::Number(b)) => crate::num::cmp(&widen(a), b),
        (Cell::Num(a), Operand::Column { column, times, .. }) => match cells[column.index()].as_ref()? {
            Cell::Num(b) => match times {
                Some(t) => crate::num::cmp(&widen(a), &crate::num::product(&widen(b), t)),
                None => crate::num::cmp(&widen(a), &widen(b)),
            },
            _ => return None,
        },
        (Cell::Date(a), Operand::Column { column, plus_months, .. }) => {
            match cells[column.index()].as_ref()? {
                Cell::Date(b) => a.cmp(&shift(*b, *plus_months)?),
                _ => return None,
            }
        }
        (Cell::Date(a), Operand::AsOf { plus_months }) => a.cmp(&shift(as_of, *plus_months)?),
        _ => return None,
    };
    Some(if at_least { ord.is_ge() } else { ord.is_le() })
}

/// Whether a text or choice cell is one of `words`; `None` for another kind.
fn is_one_of(cell: &Cell, words: &Words) -> Option<bool> {
    match cell {
        Cell::Word(w) => Some(words.folded.contains(w)),
        Cell::Choice(i) => Some(words.choices.get(*i as usize).copied().unwrap_or(false)),
        _ => None,
    }
}

/// `d` moved by whole months (the last day of a shorter month when needed).
fn shift(d: NaiveDate, months: i32) -> Option<NaiveDate> {
    let m = Months::new(months.unsigned_abs());
    if months >= 0 { d.checked_add_months(m) } else { d.checked_sub_months(m) }
}

/// The first condition of `conds` that is not true, with whether it was unknown.
pub fn first_unmet<'c>(
    conds: &'c [Condition],
    cells: &Cells,
    as_of: NaiveDate,
) -> Option<(&'c Condition, bool)> {
    conds.iter().find_map(|c| match holds(c, cells, as_of) {
        Some(true) => None,
        Some(false) => Some((c, false)),
        None => Some((c, true)),
    })
}

/// The requirement a record breaks of a per-record check (not a group limit): the
/// first not true, with whether it was unknown; `None` when the check does not apply
/// (its `when` is not all true) or is met. The one reading of a check, for the tally
/// and for `explain` alike.
pub fn breach<'c>(check: &'c RecordCheck, cells: &Cells, as_of: NaiveDate) -> Option<(&'c Condition, bool)> {
    if check.group.is_some() || !all_hold(&check.when, cells, as_of) {
        return None;
    }
    first_unmet(&check.require, cells, as_of)
}

/// The value a group limit groups a record by: a text as folded, a choice as its
/// index (a limit's `by` column is one or the other, so the two never meet); `None`
/// when the cell is empty. The one key of a group, for the tally and for `explain`.
pub fn group_value(cell: Option<&Cell>) -> Option<std::borrow::Cow<'_, str>> {
    match cell? {
        Cell::Word(w) => Some(std::borrow::Cow::Borrowed(w)),
        Cell::Choice(i) => Some(std::borrow::Cow::Owned(i.to_string())),
        _ => None,
    }
}

/// Whether every condition holds (unknown counts as not).
pub fn all_hold(conds: &[Condition], cells: &Cells, as_of: NaiveDate) -> bool {
    conds.iter().all(|c| holds(c, cells, as_of) == Some(true))
}

/// A condition as a person reads it: 「每日工作小时」不超过 8.
pub fn describe(cond: &Condition, roster: &Roster) -> Text {
    let label = &roster.column(cond.column).label;
    let (zh, en) = (&label.zh, &label.en);
    match &cond.test {
        Test::Filled(true) => text!("「{zh}」已填写", "{en:?} is filled in"),
        Test::Filled(false) => text!("「{zh}」为空", "{en:?} is empty"),
        Test::IsBool(b) => {
            let (wz, we) = if *b { ("是", "yes") } else { ("否", "no") };
            text!("「{zh}」为{wz}", "{en:?} is {we}")
        }
        Test::Is(_) | Test::IsNot(_) => {
            let words = original_words(cond, roster);
            if matches!(cond.test, Test::Is(_)) {
                text!("「{zh}」为{words}", "{en:?} is {words}")
            } else {
                text!("「{zh}」不为{words}", "{en:?} is not {words}")
            }
        }
        Test::Compare { at_least, with } => {
            let (oz, oe) = operand_text(with, roster);
            let oz = oz.as_str();
            let oe = oe.as_str();
            let is_date = roster.column(cond.column).kind == ColumnKind::Date;
            match (*at_least, is_date) {
                (true, false) => text!("「{zh}」不低于{oz}", "{en:?} is at least {oe}"),
                (false, false) => text!("「{zh}」不超过{oz}", "{en:?} is at most {oe}"),
                (true, true) => text!("「{zh}」不早于{oz}", "{en:?} is on or after {oe}"),
                (false, true) => text!("「{zh}」不晚于{oz}", "{en:?} is on or before {oe}"),
            }
        }
    }
}

fn original_words(cond: &Condition, roster: &Roster) -> String {
    let words = match &cond.test {
        Test::Is(w) | Test::IsNot(w) => &w.folded,
        _ => return String::new(),
    };
    let col = roster.column(cond.column);
    let shown: Vec<String> = match &col.kind {
        ColumnKind::Choice(choices) => {
            choices.iter().filter(|c| words.contains(&fold(c))).map(|c| format!("「{c}」")).collect()
        }
        _ => words.iter().map(|w| format!("「{w}」")).collect(),
    };
    shown.join("/")
}

fn operand_text(with: &Operand, roster: &Roster) -> (String, String) {
    match with {
        Operand::Number(n) => {
            let s = crate::num::format_num(n, 2, crate::num::Round::Down);
            (format!(" {s}"), s)
        }
        Operand::AsOf { plus_months } => months(" 评估日", "the evaluation date", *plus_months),
        Operand::Column { column, times, plus_months } => {
            let l = &roster.column(*column).label;
            let (mut zh, mut en) = months(&format!("「{}」", l.zh), &format!("{:?}", l.en), *plus_months);
            if let Some(t) = times {
                let pct = crate::num::format_num(&(t * Num::from_integer(100)), 2, crate::num::Round::Down);
                zh = format!("{zh}的 {pct}%");
                en = format!("{pct}% of {en}");
            }
            (zh, en)
        }
    }
}

fn months(zh: &str, en: &str, plus: i32) -> (String, String) {
    match plus {
        0 => (zh.to_string(), en.to_string()),
        p if p > 0 => (format!("{zh}后 {p} 个月"), format!("{p} months after {en}")),
        p => {
            let p = -p;
            if p % 12 == 0 {
                let y = p / 12;
                (format!("{zh}前 {y} 年"), format!("{y} years before {en}"))
            } else {
                (format!("{zh}前 {p} 个月"), format!("{p} months before {en}"))
            }
        }
    }
}

/// A cell's value as shown in a message: never a personal column's (an identity
/// number as `who` shows people: masked or pseudonymised).
pub fn shown(raw: &str, kind: &ColumnKind, who: &Pseudonym) -> String {
    match kind {
        ColumnKind::IdNumber => who.cell(raw),
        ColumnKind::Name => crate::pii::mask_name(raw),
        _ => raw.trim().to_string(),
    }
}

/// Reads the id in `cells` at `column`, if any, as `who` shows people (masked, or
/// a keyed `pid:`).
pub fn masked_id(cells: &Cells, column: Option<ColumnId>, who: &Pseudonym) -> Option<String> {
    match cells.get(column?.index())?.as_ref()? {
        Cell::Id(id) => Some(who.person(id)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::model::{Column, ColumnKind};

    fn roster(cols: &[(&str, ColumnKind)]) -> Roster {
        Roster {
            key: "r".into(),
            label: Text::new("r", "r"),
            description: Text::default(),
            columns: cols
                .iter()
                .map(|(k, kind)| Column {
                    key: (*k).into(),
                    label: Text::new(*k, *k),
                    kind: kind.clone(),
                    required: false,
                    aliases: Vec::new(),
                    description: Text::default(),
                    birth_date_of: None,
                })
                .collect(),
            unique: Vec::new(),
            counts: Vec::new(),
            checks: Vec::new(),
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn an_empty_cell_is_unknown_never_a_pass() {
        let c = Condition {
            column: ColumnId(0),
            test: Test::Compare { at_least: false, with: Operand::Number(Num::from_integer(8)) },
        };
        let as_of = d(2020, 12, 31);
        assert_eq!(holds(&c, &vec![None], as_of), None);
        assert_eq!(holds(&c, &vec![Some(Cell::Num(Stored::from_integer(8)))], as_of), Some(true));
        assert_eq!(holds(&c, &vec![Some(Cell::Num(Stored::new(81, 10)))], as_of), Some(false));
        assert!(!all_hold(std::slice::from_ref(&c), &vec![None], as_of));
    }

    #[test]
    fn a_share_of_another_column_is_exact() {
        // pay >= 80% of the probation wage: 2400 of 3000 is exactly 80%.
        let c = Condition {
            column: ColumnId(0),
            test: Test::Compare {
                at_least: true,
                with: Operand::Column { column: ColumnId(1), times: Some(Num::new(4, 5)), plus_months: 0 },
            },
        };
        let n = |v: i64| Some(Cell::Num(Stored::from_integer(v)));
        let as_of = d(2020, 12, 31);
        assert_eq!(holds(&c, &vec![n(2400), n(3000)], as_of), Some(true));
        assert_eq!(holds(&c, &vec![n(2399), n(3000)], as_of), Some(false));
        assert_eq!(holds(&c, &vec![n(2400), None], as_of), None);
    }

    #[test]
    fn dates_move_by_months_and_age_is_a_date_bound() {
        // Born on or before the start date minus 16 years: 16 on the start day passes.
        let c = Condition {
            column: ColumnId(0),
            test: Test::Compare {
                at_least: false,
                with: Operand::Column { column: ColumnId(1), times: None, plus_months: -192 },
            },
        };
        let dt = |y, m, dd| Some(Cell::Date(d(y, m, dd)));
        let as_of = d(2020, 12, 31);
        assert_eq!(holds(&c, &vec![dt(2004, 3, 1), dt(2020, 3, 1)], as_of), Some(true));
        assert_eq!(holds(&c, &vec![dt(2004, 3, 2), dt(2020, 3, 1)], as_of), Some(false));
        let r = roster(&[("birth", ColumnKind::Date), ("start", ColumnKind::Date)]);
        assert_eq!(describe(&c, &r).zh, "「birth」不晚于「start」前 16 年");
    }
}
