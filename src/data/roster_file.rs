//! Reading a roster file: its header mapped to the roster's columns, each row read,
//! checked and added to the aggregates, and nothing of the row kept.
//!
//! A file is a roster when its header names every required column of one of the
//! plan's `[[rosters]]` (besides 学校名称 and 年度): the clerk does not have to say
//! which file is which. Rows are identified (institution, year) exactly as
//! submission rows are, through the same registry matching, so a roster can never
//! count for a school its annual row does not name. A row with any error is not
//! counted and makes its institution and year invalid, like an annual row; a
//! duplicate record is an error, never counted twice. A personal cell (identity
//! number, name) is shown in a diagnostic only masked (an identity number, with
//! `--pii-key`, as its keyed `pid:`).

use std::collections::VecDeque;

use chrono::NaiveDate;

use super::cell::{self};
use super::header::HeaderMap;
use super::identity::Identity;
use super::load::{Cx, next_data_row};
use super::model::{ColumnRef, SourceFile};
use super::notes::Cell as NotedCell;
use super::prefetch::Prefetched;
use super::roster_cells::{CellReader, Parsed};
use super::table::RawRow;
use crate::diag::{Code, Diagnostic, Location};
use crate::fold::fold;
use crate::roster::groups::Member;
use crate::roster::model::{CheckSeverity, ColumnKind, Roster};
use crate::roster::record::{self, Cell, Cells};
use crate::roster::unique::UniqueKey;
use crate::text;

/// A roster row as [`super::stream_rosters`] shows it: where it is, whose it is,
/// its cells, and whether an error kept it out of the counts.
#[derive(Debug)]
pub struct RosterRow<'a> {
    /// Index of the roster in the plan.
    pub roster: usize,
    pub file: &'a str,
    pub line: u32,
    /// The institution's name as the dataset has it (registered name, else as read).
    pub school: &'a str,
    pub year: i32,
    pub cells: &'a Cells,
    /// The row had an error (a cell, or a duplicate record) and was not counted.
    pub error: bool,
}

/// A roster's header: identity columns and, per roster column, where it is.
pub(super) struct RosterHeader {
    pub roster: usize,
    pub map: HeaderMap,
    pub columns: Vec<Option<ColumnRef>>,
    /// Per column, whether a count, check, group or uniqueness reads its value (a
    /// text column nobody reads is only checked for being filled).
    pub needed: Vec<bool>,
    /// Per column, its choices folded (empty for other kinds).
    pub choices: Vec<Vec<String>>,
    /// How a record is known, for `duplicate-record`.
    pub unique: UniqueKey,
}

impl Cx<'_> {
    /// The roster whose required columns `names` all name, if any.
    pub(super) fn roster_of(&self, names: &[String]) -> Option<usize> {
        let folded: Vec<String> = names.iter().map(|n| fold(n)).collect();
        self.plan.rosters.iter().position(|r| r.required().all(|c| folded.iter().any(|h| column_named(c, h))))
    }

    /// Maps the header of a roster file, reporting unknown and missing columns.
    pub(super) fn roster_header(
        &mut self,
        roster: usize,
        names: &[String],
        file: &str,
        line: u32,
    ) -> RosterHeader {
        let r = &self.plan.rosters[roster];
        let mut columns: Vec<Option<ColumnRef>> = vec![None; r.columns.len()];
        let mut map = HeaderMap::default();
        for (index, header) in names.iter().enumerate() {
            let f = fold(header);
            if f.is_empty() {
                map.blank.push(index);
                continue;
            }
            let col = ColumnRef { index, header: header.trim().to_string() };
            if let Some(id) = Identity::ALL.into_iter().find(|i| i.names().iter().any(|n| fold(n) == f)) {
                map.identity.entry(id).or_insert(col);
            } else if let Some(c) = r.columns.iter().position(|c| column_named(c, &f)) {
                if let Some(first) = &columns[c] {
                    let (letter, first_name) =
                        (crate::diag::column_letter(first.index), first.header.clone());
                    self.diags.push(
                        Diagnostic::new(
                            Code::DuplicateColumn,
                            Location::file(file).row(line).column(index, header.trim()),
                            text!(
                                "列「{header}」与 {letter} 列「{first_name}」是同一列",
                                "column {header:?} is the same column as {letter} {first_name:?}"
                            ),
                        )
                        .hint(text!("删除其中一列", "delete one of the two columns")),
                    );
                } else {
                    columns[c] = Some(col);
                }
            } else {
                let (lz, le) = (&r.label.zh, &r.label.en);
                self.diags.push(
                    Diagnostic::new(
                        Code::UnknownColumn,
                        Location::file(file).row(line).column(index, header.trim()),
                        text!(
                            "列「{header}」不是{lz}的列，已忽略",
                            "column {header:?} is not a column of the {le} and is ignored"
                        ),
                    )
                    .value(header.clone()),
                );
            }
        }
        for id in Identity::ALL.into_iter().filter(|i| i.required() && !map.identity.contains_key(i)) {
            // Without the school or the year no row can be counted for anyone: say so,
            // never skip the rows quietly.
            let label = id.label();
            let (zh, en, rz, re) = (&label.zh, &label.en, &r.label.zh, &r.label.en);
            self.diags.push(
                Diagnostic::new(
                    Code::MissingIdentityColumn,
                    Location::file(file).row(line),
                    text!(
                        "{rz}缺少「{zh}」列，其中的记录无法计入任何学校",
                        "the {re} lacks the {en:?} column, so none of its records can be counted for a school"
                    ),
                )
                .expected(text!("表头中有「{zh}」", "a header {zh:?}")),
            );
        }
        let r = &self.plan.rosters[roster];
        let needed = needed_columns(r);
        for (i, c) in r.columns.iter().enumerate() {
            if columns[i].is_none() && needed[i] {
                let (zh, en, rz, re, key) = (&c.label.zh, &c.label.en, &r.label.zh, &r.label.en, &r.key);
                self.diags.push(
                    Diagnostic::new(
                        Code::MissingColumn,
                        Location::file(file).row(line),
                        text!("{rz}缺少「{zh}」列", "the {re} lacks the {en:?} column"),
                    )
                    .expected(text!("表头中有「{zh}」", "a header {zh:?}"))
                    .hint(text!(
                        "用 wjvet template --roster {key} 生成的模板包含所有列",
                        "the template from wjvet template --roster {key} has every column"
                    )),
                );
            }
        }
        let choices = r
            .columns
            .iter()
            .map(|c| match &c.kind {
                ColumnKind::Choice(words) => words.iter().map(|w| fold(w)).collect(),
                _ => Vec::new(),
            })
            .collect();
        RosterHeader { roster, map, columns, needed, choices, unique: UniqueKey::of(r) }
    }

    /// Reads every data row of a roster file into the aggregates.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn roster_rows(
        &mut self,
        name: &str,
        rows: &mut Prefetched<'_, Parsed>,
        ahead: &mut VecDeque<RawRow>,
        header: &[String],
        reader: &CellReader<'_>,
        source: &mut SourceFile,
        fixed_width: bool,
        file_index: usize,
    ) {
        let (plan, rh) = (self.plan, reader.header);
        let roster = &plan.rosters[rh.roster];
        let id_col = roster.id_column();
        let can_read = Identity::ALL.iter().filter(|i| i.required()).all(|i| rh.map.identity.contains_key(i));
        // A file without a column a count or check reads (`missing-column`, said once
        // at its header) cannot show what any row counts: a count over it is unknown,
        // not 0, so each row is one with an error and its school's year is invalid.
        let lacking = rh.columns.iter().zip(&rh.needed).any(|(c, needed)| *needed && c.is_none());
        let mut raw = RawRow::default();
        // The row's cells, read on the reader's thread unless `fresh` is false.
        let (mut parsed, mut fresh) = (Parsed::default(), false);
        let mut blanks: Vec<u32> = Vec::new();
        // What a row's checks broke and which counts it is in, reused row to row.
        let mut scratch = (Vec::new(), Vec::new(), Vec::new());
        // The last year's 31 December, the evaluation date without `--as-of`.
        let mut last_end: Option<(i32, NaiveDate)> = None;
        // The last row's school and year cells and what they were read as: a roster
        // lists one school's people together, so the registry is asked once per run of
        // rows, not once per row.
        let mut last: Option<(String, String, usize, i32)> = None;
        let (school_col, year_col) = (
            rh.map.identity.get(&Identity::School).map(|c| c.index),
            rh.map.identity.get(&Identity::Year).map(|c| c.index),
        );
        // Every cell a diagnostic of these rows echoes is masked at the end, whatever
        // its column: an identity number typed in the wrong one is still someone's.
        let mark = self.diags.mark();
        while next_data_row(rows, ahead, &mut raw, (&mut parsed, &mut fresh), &mut blanks, &mut self.diags) {
            self.blank_rows(name, &mut blanks, source);
            source.rows_read += 1;
            let before = self.diags.errors();
            self.roster_notes(name, &source.encoding, header, rh, &raw);
            if !can_read {
                source.rows_skipped += 1;
                continue;
            }
            let (school, year_text) =
                (school_col.map_or("", |i| raw.cell(i)), year_col.map_or("", |i| raw.cell(i)));
            let cached = match &last {
                Some((s, y, inst, year))
                    if raw.len() == header.len()
                        && rh.map.blank.is_empty()
                        && s == school
                        && y == year_text =>
                {
                    Some((*inst, *year))
                }
                _ => None,
            };
            let (inst, year) = match cached {
                Some(k) => k,
                None => {
                    let Some(row) = self.row(name, file_index, header, fixed_width, &rh.map, &raw) else {
                        source.rows_skipped += 1;
                        if let Some(key) = self.identity_of(&rh.map, &raw) {
                            self.dataset.invalid.insert(key);
                        }
                        continue;
                    };
                    last = Some((school.to_string(), year_text.to_string(), row.institution, row.year));
                    (row.institution, row.year)
                }
            };
            if !fresh {
                reader.read(&raw, &mut parsed);
            }
            for d in parsed.problems.drain(..) {
                self.diags.push(d);
            }
            let cells = &parsed.cells;
            if self.diags.errors() == before && !lacking {
                // A duplicate is reported as `duplicate-record` and not counted.
                self.unique(rh.roster, roster, inst, year, &raw, rh, cells, name);
            }
            let as_of = match (self.as_of, last_end) {
                (Some(d), _) => d,
                (None, Some((y, d))) if y == year => d,
                (None, _) => {
                    let d = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
                    last_end = Some((year, d));
                    d
                }
            };
            if self.diags.errors() > before || lacking {
                source.rows_skipped += 1;
                self.dataset.invalid.insert((inst, year));
                self.unsure_in_groups(
                    rh.roster,
                    roster,
                    year,
                    (file_index, raw.line),
                    cells,
                    &raw,
                    rh,
                    as_of,
                );
                self.show_row(rh.roster, name, raw.line, inst, year, cells, true);
                continue;
            }
            source.rows_used += 1;
            self.tally_row(
                rh.roster,
                roster,
                inst,
                year,
                (file_index, raw.line),
                cells,
                &raw,
                rh,
                name,
                as_of,
                id_col,
                &mut scratch,
            );
            self.show_row(rh.roster, name, raw.line, inst, year, cells, false);
        }
        source.trailing_blank_rows = blanks.len();
        let who = &self.pseudonym;
        for d in self.diags.since_mut(mark) {
            if let Some(v) = d.value.as_deref().and_then(|v| who.ids_in(v)) {
                d.value = Some(v);
            }
            for m in [&mut d.message.zh, &mut d.message.en] {
                if let Some(masked) = who.ids_in(m) {
                    *m = masked;
                }
            }
        }
    }

    /// Hands the row to the hook of [`super::stream_rosters`], when there is one.
    #[allow(clippy::too_many_arguments)]
    fn show_row(
        &mut self,
        roster: usize,
        file: &str,
        line: u32,
        inst: usize,
        year: i32,
        cells: &Cells,
        error: bool,
    ) {
        if let Some(each) = self.each_roster_row.as_mut() {
            let school = &self.dataset.institutions[inst].name;
            each(&RosterRow { roster, file, line, school, year, cells, error });
        }
    }

    /// Notes on a roster row's cells, a personal cell's text masked.
    fn roster_notes(
        &mut self,
        file: &str,
        encoding: &str,
        header: &[String],
        rh: &RosterHeader,
        raw: &RawRow,
    ) {
        let roster = &self.plan.rosters[rh.roster];
        for (index, note) in raw.notes() {
            let column = header.get(*index).map_or("", |h| h.trim());
            let kind = rh
                .columns
                .iter()
                .position(|c| c.as_ref().is_some_and(|c| c.index == *index))
                .map(|i| &roster.columns[i].kind);
            let text = record::shown(raw.cell(*index), kind.unwrap_or(&ColumnKind::Text), &self.pseudonym);
            let cell = NotedCell { line: raw.line, index: *index, column, text: &text };
            self.cell_note(file, encoding, &cell, note, kind.is_some());
        }
    }

    /// `false` (and a `duplicate-record` error) when the record was seen before.
    #[allow(clippy::too_many_arguments)]
    fn unique(
        &mut self,
        ri: usize,
        roster: &Roster,
        inst: usize,
        year: i32,
        raw: &RawRow,
        rh: &RosterHeader,
        cells: &Cells,
        file: &str,
    ) -> bool {
        if roster.unique.is_empty() {
            return true;
        }
        let text = |u: crate::roster::ColumnId| {
            let text = rh.columns[u.index()].as_ref().map_or("", |c| raw.cell(c.index));
            fold(&cell::normalise(text))
        };
        let key = rh.unique.key(roster, cells, text);
        if self.dataset.rosters.first_sighting((ri, inst, year), key) {
            return true;
        }
        let who = record::masked_id(cells, roster.id_column(), &self.pseudonym).unwrap_or_default();
        let cols: Vec<&str> = roster.unique.iter().map(|u| roster.column(*u).label.zh.as_str()).collect();
        let cols_en: Vec<&str> = roster.unique.iter().map(|u| roster.column(*u).label.en.as_str()).collect();
        let (cz, ce) = (cols.join("、"), cols_en.join(", "));
        self.diags.push(
            Diagnostic::new(
                Code::DuplicateRecord,
                Location::file(file).row(raw.line),
                text!(
                    "{who} 在同一学校同一年度出现了两次（{cz}相同），只计一次也不可靠",
                    "{who} appears twice for the same school and year (same {ce}); counting it once would be a guess too"
                ),
            )
            .hint(text!("删除重复的一行，或改正录错的号码", "delete the repeated row or correct the mistyped number")),
        );
        false
    }

    /// Adds a valid row to the aggregates and reports each record check it breaks.
    #[allow(clippy::too_many_arguments)]
    fn tally_row(
        &mut self,
        ri: usize,
        roster: &Roster,
        inst: usize,
        year: i32,
        at: (usize, u32),
        cells: &Cells,
        raw: &RawRow,
        rh: &RosterHeader,
        file: &str,
        as_of: NaiveDate,
        id_col: Option<crate::roster::ColumnId>,
        scratch: &mut (Vec<bool>, Vec<bool>, Vec<bool>),
    ) {
        let mut lawful = true;
        let (broke, counted, in_lawful) = (&mut scratch.0, &mut scratch.1, &mut scratch.2);
        broke.clear();
        broke.resize(roster.checks.len(), false);
        for (ci, check) in roster.checks.iter().enumerate() {
            let Some((cond, unknown)) = record::breach(check, cells, as_of) else { continue };
            broke[ci] = true;
            if check.severity == CheckSeverity::Error {
                lawful = false;
            }
            let who =
                record::masked_id(cells, id_col, &self.pseudonym).unwrap_or_else(|| format!("{}", raw.line));
            let col = rh.columns[cond.column.index()].as_ref();
            let c = roster.column(cond.column);
            let value =
                col.map(|c2| record::shown(raw.cell(c2.index), &c.kind, &self.pseudonym)).unwrap_or_default();
            self.diags.push_with(Code::RecordViolation, || {
                let rule = record::describe(cond, roster);
                let (lz, le, az, ae) =
                    (&check.label.zh, &check.label.en, &check.article.zh, &check.article.en);
                let (rz, re) = (&rule.zh, &rule.en);
                let mut loc = Location::file(file).row(raw.line);
                if let Some(c2) = col {
                    loc = loc.column(c2.index, &c2.header);
                }
                let (why_zh, why_en) = if unknown {
                    (
                        format!("未填写，无法确认{rz}"),
                        format!("not recorded, so it cannot be shown that {re}"),
                    )
                } else {
                    (rz.to_string(), re.to_string())
                };
                Diagnostic::new(
                    Code::RecordViolation,
                    loc,
                    text!("{who}：不符合「{lz}」（{az}）", "{who}: breaks {le:?} ({ae})"),
                )
                .value(value.clone())
                .expected(crate::lang::Text::new(why_zh, why_en))
                .hint({
                    let id = &check.id;
                    text!("[{id}] 核实并纠正此记录", "[{id}] verify and correct this record")
                })
            });
        }
        counted.clear();
        counted.extend(
            roster
                .counts
                .iter()
                .map(|c| (!c.lawful_only || lawful) && record::all_hold(&c.when, cells, as_of)),
        );
        let agg = self.dataset.rosters.agg((ri, inst, year), roster.counts.len(), roster.checks.len(), at);
        agg.rows += 1;
        for (i, b) in broke.iter().enumerate() {
            agg.breaches[i] += u64::from(*b);
        }
        for (i, c) in counted.iter().enumerate() {
            agg.counts[i] += u64::from(*c);
        }
        for (ci, check) in roster.checks.iter().enumerate() {
            let Some(g) = &check.group else { continue };
            if !record::all_hold(&check.when, cells, as_of) {
                continue;
            }
            let Some(key) = record::group_value(cells[g.by.index()].as_ref()) else { continue };
            let of = match &cells[g.of.index()] {
                Some(Cell::Num(n)) => Some(crate::num::widen(n)),
                _ => None,
            };
            let shown = || rh.columns[g.by.index()].as_ref().map_or("", |c| raw.cell(c.index).trim());
            in_lawful.clear();
            in_lawful
                .extend(counted.iter().zip(&roster.counts).filter(|(_, c)| c.lawful_only).map(|(k, _)| *k));
            let member = Member { institution: inst, of, lawful_counted: in_lawful, at };
            self.dataset.rosters.groups.add((ri, ci, year), &key, shown, member);
        }
    }
}

impl Cx<'_> {
    /// A row left out of its school's counts for an error of its own is still a
    /// placement at its host: counted as unsure in each group it may be in (its
    /// group value read, no condition of the limit known to be false), so another
    /// school's placements there are not judged as if it were not.
    #[allow(clippy::too_many_arguments)]
    fn unsure_in_groups(
        &mut self,
        ri: usize,
        roster: &Roster,
        year: i32,
        at: (usize, u32),
        cells: &Cells,
        raw: &RawRow,
        rh: &RosterHeader,
        as_of: NaiveDate,
    ) {
        for (ci, check) in roster.checks.iter().enumerate() {
            let Some(g) = &check.group else { continue };
            if check.when.iter().any(|c| record::holds(c, cells, as_of) == Some(false)) {
                continue;
            }
            let Some(key) = record::group_value(cells[g.by.index()].as_ref()) else { continue };
            let shown = || rh.columns[g.by.index()].as_ref().map_or("", |c| raw.cell(c.index).trim());
            self.dataset.rosters.groups.add_unsure((ri, ci, year), &key, shown, at);
        }
    }
}

/// Whether `folded` (a folded header) names roster column `c`.
fn column_named(c: &crate::roster::Column, folded: &str) -> bool {
    [&c.key, &c.label.zh, &c.label.en].into_iter().chain(&c.aliases).any(|n| fold(n) == folded)
}

/// Per column, whether a count, check or uniqueness reads it (or it is required): a
/// file without such a column cannot be checked as the plan says.
fn needed_columns(r: &Roster) -> Vec<bool> {
    let mut out: Vec<bool> = r.columns.iter().map(|c| c.required).collect();
    let mut mark = |conds: &[crate::roster::Condition]| {
        for c in conds {
            out[c.column.index()] = true;
            if let crate::roster::model::Test::Compare {
                with: crate::roster::model::Operand::Column { column, .. },
                ..
            } = &c.test
            {
                out[column.index()] = true;
            }
        }
    };
    for c in &r.counts {
        mark(&c.when);
    }
    for c in &r.checks {
        mark(&c.when);
        mark(&c.require);
    }
    for c in &r.checks {
        if let Some(g) = &c.group {
            out[g.by.index()] = true;
            out[g.of.index()] = true;
        }
    }
    for u in &r.unique {
        out[u.index()] = true;
    }
    out
}
