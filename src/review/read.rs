//! The two forms of the reviews file read into the same raw entries: the filled
//! review sheet (`.xlsx`, `.csv`..., through the submission readers' raw-row layer)
//! and a TOML list like the exemptions file.
//!
//! Nothing is judged here: every value keeps the place it was written (file, row
//! and column for a sheet; file and line for TOML) so that validation (`load`) can
//! point at it. A sheet row may be left undecided; a TOML entry exists to decide.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::sheet::{COLUMNS, Col};
use crate::data::{RawRow, ReadOptions};
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::lines::Lines;
use crate::text;

fn invalid(at: &Location, message: crate::lang::Text) -> Diagnostic {
    Diagnostic::new(Code::ReviewInvalid, at.clone(), message)
}

/// One value as written, and where.
pub(super) type Cell = Option<(String, Location)>;

/// One decision as written, before validation.
#[derive(Debug, Default)]
pub(super) struct Entry {
    pub(super) at: Location,
    /// A sheet row may be left undecided; a TOML entry exists to give a decision.
    pub(super) may_be_undecided: bool,
    /// Where each empty cell of a sheet row is, so a missing value is pointed at.
    pub(super) empty: HashMap<&'static str, Location>,
    pub(super) institution: Cell,
    pub(super) year: Cell,
    pub(super) rule: Cell,
    pub(super) decision: Cell,
    pub(super) inspector: Cell,
    pub(super) date: Cell,
    pub(super) basis: Cell,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    review: Vec<Spanned<RawEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    rule: Option<Spanned<String>>,
    institution: Option<Spanned<String>>,
    year: Option<Spanned<i64>>,
    decision: Option<Spanned<String>>,
    inspector: Option<Spanned<String>>,
    date: Option<Spanned<toml::Value>>,
    basis: Option<Spanned<String>>,
}

pub(super) fn from_toml(path: &Path, file: &str, diags: &mut Diagnostics) -> Vec<Entry> {
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            diags.push(invalid(
                &Location::file(file),
                text!("无法读取核查结论文件：{e}", "cannot read the reviews file: {e}"),
            ));
            return Vec::new();
        }
    };
    let lines = Lines::new(&source);
    let line_of = |span: std::ops::Range<usize>| lines.locate(file, &span);
    let raw: RawFile = match toml::from_str(&source) {
        Ok(r) => r,
        Err(e) => {
            let at = e.span().map_or_else(|| Location::file(file), line_of);
            let msg = e.message().trim_end().to_string();
            diags.push(invalid(
                &at,
                text!("核查结论文件格式错误：{msg}", "the reviews file is malformed: {msg}"),
            ));
            return Vec::new();
        }
    };
    let text_cell = |v: Option<Spanned<String>>| {
        v.filter(|s| !s.get_ref().trim().is_empty())
            .map(|s| (s.get_ref().trim().to_string(), line_of(s.span())))
    };
    raw.review
        .into_iter()
        .map(|entry| {
            let at = line_of(entry.span());
            let e = entry.into_inner();
            Entry {
                at,
                may_be_undecided: false,
                empty: HashMap::new(),
                institution: text_cell(e.institution),
                year: e.year.map(|y| (y.get_ref().to_string(), line_of(y.span()))),
                rule: text_cell(e.rule),
                decision: text_cell(e.decision),
                inspector: text_cell(e.inspector),
                date: e.date.map(|d| {
                    let text = match d.get_ref() {
                        toml::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (text, line_of(d.span()))
                }),
                basis: text_cell(e.basis),
            }
        })
        .collect()
}

/// Whether a header cell names `col`: its Chinese header or English key, ignoring
/// anything in brackets after it and the case of the key.
fn names(cell: &str, col: &Col) -> bool {
    let cell = crate::data::normalise(cell);
    let head = cell.split(['（', '(']).next().unwrap_or("").trim();
    head == col.zh || head.eq_ignore_ascii_case(col.key)
}

pub(super) fn from_sheet(path: &Path, file: &str, diags: &mut Diagnostics) -> Vec<Entry> {
    let Some(rows) = crate::data::read_rows(path, &ReadOptions::default(), diags) else { return Vec::new() };
    let by_key = |key: &str| COLUMNS.iter().find(|c| c.key == key).unwrap_or(&COLUMNS[0]);
    let header = rows
        .iter()
        .take(10)
        .position(|r| ["rule", "decision"].iter().all(|k| r.iter().any(|c| names(c, by_key(k)))));
    let Some(h) = header else {
        diags.push(
            invalid(
                &Location::file(file),
                text!(
                    "找不到核查表的表头（规则、核查结论等列）",
                    "no header of a review sheet (rule, decision...) was found"
                ),
            )
            .hint(text!(
                "用 wjvet review-sheet 生成核查表后填写",
                "fill in a sheet made by wjvet review-sheet"
            )),
        );
        return Vec::new();
    };
    let head = &rows[h];
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut missing = Vec::new();
    for col in COLUMNS.iter().filter(|c| c.read) {
        match head.iter().position(|c| names(c, col)) {
            Some(i) => {
                at.insert(col.key, i);
            }
            None if col.key == "basis" => {}
            None => missing.push(format!("{}（{}）", col.zh, col.key)),
        }
    }
    if !missing.is_empty() {
        let list = missing.join("、");
        diags.push(invalid(
            &Location::file(file).row(head.line),
            text!("核查表缺少列：{list}", "the review sheet lacks the columns {list}"),
        ));
        return Vec::new();
    }
    let cell = |r: &RawRow, key: &str| -> Cell {
        let i = *at.get(key)?;
        let text = r.cell(i).trim();
        (!text.is_empty())
            .then(|| (text.to_string(), Location::file(file).row(r.line).column(i, head.cell(i).trim())))
    };
    rows[h + 1..]
        .iter()
        .filter(|r| !r.is_blank())
        .map(|r| Entry {
            at: Location::file(file).row(r.line),
            may_be_undecided: true,
            empty: COLUMNS
                .iter()
                .filter_map(|c| {
                    let i = *at.get(c.key)?;
                    let place = Location::file(file).row(r.line).column(i, head.cell(i).trim());
                    r.cell(i).trim().is_empty().then_some((c.key, place))
                })
                .collect(),
            institution: cell(r, "institution"),
            year: cell(r, "year"),
            rule: cell(r, "rule"),
            decision: cell(r, "decision"),
            inspector: cell(r, "inspector"),
            date: cell(r, "date"),
            basis: cell(r, "basis"),
        })
        .collect()
}
