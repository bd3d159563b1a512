//! One school's records behind a derived count: which roster rows were counted,
//! which were not, and why — for `explain`.
//!
//! The [`Tally`](super::Tally) keeps no rows, so the roster files are read again
//! through the same reader ([`crate::data::stream_rosters`]), keeping only the rows
//! of one institution and year, and of those at most [`SHOWN`] counted and
//! [`SHOWN`] uncounted per count (the rest are only counted): memory stays bounded
//! whatever the roster's size. A row's reason is the first condition of the count
//! that was false or unknown, worded by [`record::describe`]; a row that met them
//! all but breaks an error-severity record check is named with that check. Rows are
//! named by file, row and masked identity number, never by name.

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{CheckSeverity, Roster};
use super::record::{self, Cells};
use crate::data::{Dataset, ReadOptions, RosterRow};
use crate::lang::{Lang, Text};
use crate::num::{self, Num, Round};
use crate::plan::{FieldId, Plan};
use crate::text;

/// How many counted rows, and how many uncounted rows, are listed per count.
pub const SHOWN: usize = 200;

/// One derived count of one school and year, with its records.
#[derive(Debug, Clone, Serialize)]
pub struct CountTrace {
    /// The roster's label.
    pub roster: String,
    /// The annual field the count verifies: its key and label.
    pub field: String,
    pub label: String,
    /// The count derived from the roster (`null`: the roster lists no row of the
    /// school and year).
    pub derived: Option<u64>,
    /// The annual figure as reported (`null` when the cell was empty).
    pub reported: Option<String>,
    /// `agree`, `differ`, `filled` (the empty cell was filled from the roster) or
    /// `no-roster-rows`.
    pub agreement: &'static str,
    /// Rows of the school and year read, counted and not counted.
    pub counted: u64,
    pub not_counted: u64,
    /// The rows listed, in the order read.
    pub rows: Vec<TracedRow>,
    /// Rows read but not listed (past [`SHOWN`]).
    pub rows_not_listed: u64,
}

/// One roster row, as `explain` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct TracedRow {
    pub file: String,
    pub row: u32,
    /// The identity number, masked (`null` when the roster has none or it is empty).
    pub id: Option<String>,
    pub counted: bool,
    /// Why it was not counted (`null` when counted).
    pub reason: Option<String>,
}

/// The counts of the rosters read that verify one of `fields`, each with the rows of
/// institution `inst` in `year` (re-read from disk; see the module comment).
pub fn trace(
    plan: &Plan,
    data: &Dataset,
    read: &ReadOptions,
    fields: &[FieldId],
    inst: usize,
    year: i32,
    lang: Lang,
) -> Vec<CountTrace> {
    // (roster, count) pairs to trace, in the rule's order of fields, for rosters read.
    let wanted: Vec<(usize, usize)> = fields
        .iter()
        .flat_map(|f| {
            plan.rosters.iter().enumerate().flat_map(move |(ri, r)| {
                r.counts
                    .iter()
                    .enumerate()
                    .filter(move |(_, c)| c.verifies == *f)
                    .map(move |(ci, _)| (ri, ci))
            })
        })
        .filter(|(ri, _)| data.rosters.files.iter().any(|(_, r)| r == ri))
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<CountTrace> =
        wanted.iter().map(|&(ri, ci)| head(plan, data, ri, ci, inst, year, lang)).collect();
    let paths: Vec<std::path::PathBuf> = data
        .rosters
        .files
        .iter()
        .filter(|(_, r)| wanted.iter().any(|(ri, _)| ri == r))
        .filter_map(|(fi, _)| data.files.get(*fi))
        .map(|f| {
            // A file shown under a label (standard input) is read from its real path.
            read.labels
                .iter()
                .find(|(_, l)| *l == f.path)
                .map_or_else(|| f.path.clone().into(), |(p, _)| p.clone())
        })
        .collect();
    let school = data.institutions[inst].name.clone();
    let as_of = read.as_of.unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default());
    // Per count: rows listed, [not counted, counted].
    let mut listed = vec![[0usize; 2]; wanted.len()];
    let mut each = |r: &RosterRow<'_>| {
        if r.school != school || r.year != year {
            return;
        }
        let roster = &plan.rosters[r.roster];
        let unlawful =
            if r.error { None } else { first_breach(roster, r.roster, data, r.cells, year, as_of) };
        for (k, &(ri, ci)) in wanted.iter().enumerate() {
            if ri != r.roster {
                continue;
            }
            let reason = reason(roster, ci, r, unlawful, as_of);
            let t = &mut out[k];
            let listed = &mut listed[k][usize::from(reason.is_none())];
            if reason.is_none() {
                t.counted += 1;
            } else {
                t.not_counted += 1;
            }
            if *listed < SHOWN {
                *listed += 1;
                t.rows.push(TracedRow {
                    file: r.file.to_string(),
                    row: r.line,
                    id: record::masked_id(r.cells, roster.id_column(), &read.pseudonym),
                    counted: reason.is_none(),
                    reason: reason.map(|t| t.get(lang).to_string()),
                });
            } else {
                t.rows_not_listed += 1;
            }
        }
    };
    crate::data::stream_rosters(plan, data, &paths, read, &mut each);
    out
}

/// The count's figures, before its rows are read.
fn head(plan: &Plan, data: &Dataset, ri: usize, ci: usize, inst: usize, year: i32, lang: Lang) -> CountTrace {
    let roster = &plan.rosters[ri];
    let count = &roster.counts[ci];
    let field = plan.field(count.verifies);
    let derived = data.rosters.per.get(&(ri, inst, year)).map(|a| a.counts[ci]);
    let row = data.row(inst, year);
    let filled = row.is_some_and(|r| r.from_roster.contains(&count.verifies));
    let value = row.and_then(|r| r.num(count.verifies));
    let agreement = match (derived, &value) {
        (None, _) => "no-roster-rows",
        _ if filled => "filled",
        (Some(d), Some(v)) if *v == Num::from_integer(i128::from(d)) => "agree",
        _ => "differ",
    };
    CountTrace {
        roster: roster.label.get(lang).to_string(),
        field: field.key.clone(),
        label: field.label.get(lang).to_string(),
        derived,
        reported: if filled { None } else { value.map(|v| num::format_num(&v, 2, Round::Down)) },
        agreement,
        counted: 0,
        not_counted: 0,
        rows: Vec::new(),
        rows_not_listed: 0,
    }
}

/// Why row `r` is not counted by count `ci`, or `None` when it is.
fn reason(
    roster: &Roster,
    ci: usize,
    r: &RosterRow<'_>,
    unlawful: Option<usize>,
    as_of: NaiveDate,
) -> Option<Text> {
    if r.error {
        return Some(text!(
            "记录有错误，未计入（见 wjvet check 的诊断）",
            "the record has an error and is not counted (see the diagnostics of wjvet check)"
        ));
    }
    let count = &roster.counts[ci];
    if let Some((cond, unknown)) = record::first_unmet(&count.when, r.cells, as_of) {
        let rule = record::describe(cond, roster);
        let (rz, re) = (&rule.zh, &rule.en);
        return Some(if unknown {
            text!("未填写，无法确认{rz}", "not recorded, so it cannot be shown that {re}")
        } else {
            text!("不符合条件：{rz}", "fails: {re}")
        });
    }
    let check = &roster.checks[unlawful.filter(|_| count.lawful_only)?];
    let (lz, le, az, ae) = (&check.label.zh, &check.label.en, &check.article.zh, &check.article.en);
    Some(text!("不符合「{lz}」（{az}），不计入", "breaks {le:?} ({ae}), so not counted"))
}

/// The first error-severity record check the row breaks, group limits included (a
/// group over its limit, or with no value to hold it to, in the tally of the first reading).
fn first_breach(
    roster: &Roster,
    ri: usize,
    data: &Dataset,
    cells: &Cells,
    year: i32,
    as_of: NaiveDate,
) -> Option<usize> {
    roster.checks.iter().enumerate().find_map(|(ci, check)| {
        if check.severity != CheckSeverity::Error {
            return None;
        }
        let broke = match &check.group {
            None => record::breach(check, cells, as_of).is_some(),
            Some(_) if !record::all_hold(&check.when, cells, as_of) => false,
            Some(limit) => {
                let key = record::group_value(cells[limit.by.index()].as_ref())?;
                data.rosters.groups.get((ri, ci, year), &key)?.breaks(limit.share)
            }
        };
        broke.then_some(ci)
    })
}
