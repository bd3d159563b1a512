//! Reading the reviews file: the filled review sheet (`.xlsx`, `.csv`... read by the
//! submission readers' raw-row layer) or a TOML list like the exemptions file.
//!
//! Both forms become the same raw entries, each value with the place it was written
//! (file, row and column for a sheet; file and line for TOML), and one validation
//! turns them into [`Review`]s, collecting every problem before giving up, so the
//! inspector fixes the whole sheet at once. A sheet row with no decision and nothing
//! else filled in is simply not decided yet; a row with an inspector, a date or a
//! basis but no decision is refused, as is everything else that is not certain.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::sheet::{COLUMNS, Col};
use super::{Decision, Review};
use crate::data::{Dataset, RawRow, ReadOptions};
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::fold::closest;
use crate::plan::{Level, Plan, RuleKind};
use crate::text;

/// One value as written, and where.
type Cell = Option<(String, Location)>;

/// One decision as written, before validation.
#[derive(Debug, Default)]
struct Entry {
    at: Location,
    /// A sheet row may be left undecided; a TOML entry exists to give a decision.
    may_be_undecided: bool,
    /// Where each empty cell of a sheet row is, so a missing value is pointed at.
    empty: HashMap<&'static str, Location>,
    institution: Cell,
    year: Cell,
    rule: Cell,
    decision: Cell,
    inspector: Cell,
    date: Cell,
    basis: Cell,
}

/// Reads and validates a reviews file against the plan and the institutions known to
/// the dataset. Every problem is reported.
pub fn load(path: &Path, plan: &Plan, data: &Dataset) -> Result<Vec<Review>, Diagnostics> {
    let file = path.display().to_string();
    let mut diags = Diagnostics::default();
    let is_toml = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let entries =
        if is_toml { from_toml(path, &file, &mut diags) } else { from_sheet(path, &file, &mut diags) };
    if diags.has_errors() {
        return Err(diags);
    }
    let mut out: Vec<Review> = Vec::new();
    let mut seen: HashMap<(usize, Option<usize>, i32), u32> = HashMap::new();
    for e in entries {
        if let Some(r) = validate(e, plan, data, &mut diags) {
            let (rule, line) = (&plan.rules[r.rule].id, r.line);
            if let Some(first) = seen.insert((r.rule, r.institution, r.year), r.line) {
                let who = super::subject(r.institution, data);
                let (file, y) = (&r.file, r.year);
                diags.push(
                    Diagnostic::new(
                        Code::ReviewDuplicate,
                        Location::file(file).row(line),
                        text!(
                            "「{rule}」对「{who}」的 {y} 年结果有两条核查结论（另一条在第 {first} 行）",
                            "two decisions for {rule}, {who}, {y} (the other at row {first})"
                        ),
                    )
                    .hint(text!(
                        "每项结果只写一条结论；删除多余的一条",
                        "one decision per result: delete the extra one"
                    )),
                );
                continue;
            }
            out.push(r);
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

fn invalid(at: &Location, message: crate::lang::Text) -> Diagnostic {
    Diagnostic::new(Code::ReviewInvalid, at.clone(), message)
}

/// Turns one entry into a decision, or reports why not.
fn validate(e: Entry, plan: &Plan, data: &Dataset, diags: &mut Diagnostics) -> Option<Review> {
    let Some((word, word_at)) = e.decision else {
        if !e.may_be_undecided {
            diags.push(invalid(&e.at, text!("核查结论缺少 decision", "the decision lacks decision")).hint(
                text!(
                    "填写 decision：达标、未达标 或 不适用",
                    "write decision: 达标, 未达标 or 不适用 (or pass, fail, not_applicable)"
                ),
            ));
        } else if e.inspector.is_some() || e.date.is_some() || e.basis.is_some() {
            diags.push(
                invalid(
                    &e.at,
                    text!(
                        "此行填了核查人、日期或依据，但没有核查结论",
                        "the row has an inspector, a date or a basis but no decision"
                    ),
                )
                .hint(text!(
                    "填写核查结论（达标、未达标、不适用），或清空此行",
                    "write the decision (达标, 未达标, 不适用) or clear the row"
                )),
            );
        }
        return None;
    };
    let mut ok = true;
    let decision = Decision::parse(&word);
    if decision.is_none() {
        ok = false;
        diags.push(
            invalid(&word_at, text!("无法识别的核查结论", "the decision is not one wjvet knows"))
                .value(word.clone())
                .expected(text!(
                    "达标、未达标 或 不适用",
                    "达标, 未达标 or 不适用 (or pass, fail, not_applicable)"
                )),
        );
    }
    let mut required = Vec::new();
    let fields = [
        ("rule", "规则", &e.rule),
        ("year", "年度", &e.year),
        ("inspector", "核查人", &e.inspector),
        ("date", "核查日期", &e.date),
    ];
    for (key, zh, cell) in fields {
        if cell.is_none() {
            required.push((key, zh));
        }
    }
    if !required.is_empty() {
        let keys = required.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
        let names = required.iter().map(|(k, zh)| format!("{zh}（{k}）")).collect::<Vec<_>>().join("、");
        // One missing cell is pointed at; several, the row.
        let at = match required.as_slice() {
            [(key, _)] => e.empty.get(key).unwrap_or(&e.at),
            _ => &e.at,
        };
        diags.push(invalid(at, text!("核查结论缺少{names}", "the decision lacks {keys}")).hint(text!(
            "每条结论都要写明规则、年度、核查人（inspector）和核查日期（date）",
            "every decision needs the rule, the year, an inspector and a date"
        )));
        return None;
    }
    let (Some((rule_id, rule_at)), Some((year, year_at)), Some((inspector, _)), Some((date, date_at))) =
        (e.rule, e.year, e.inspector, e.date)
    else {
        return None;
    };
    let year = match crate::data::normalise(&year).parse::<i32>() {
        Ok(y) if (1000..=9999).contains(&y) => Some(y),
        _ => {
            diags.push(
                invalid(&year_at, text!("年度不是四位年份", "the year is not a four-digit year"))
                    .value(year.clone()),
            );
            None
        }
    };
    let date = match crate::data::parse_date(&crate::data::normalise(&date)) {
        Ok(d) => Some(d),
        Err(p) => {
            let mut d = invalid(&date_at, text!("核查日期无法识别", "the review date is not a date"))
                .value(date.clone())
                .expected(p.expected);
            if let Some(h) = p.hint {
                d = d.hint(h);
            }
            diags.push(d);
            None
        }
    };
    let rule = rule_of(&rule_id, &rule_at, plan, diags)?;
    let institution = institution_of(rule, e.institution, &e.at, plan, data, diags)?;
    let (Some(decision), Some(year), Some(date), true) = (decision, year, date, ok) else { return None };
    Some(Review {
        rule,
        institution,
        year,
        decision,
        inspector,
        date,
        basis: e.basis.map(|(b, _)| b),
        file: e.at.file.clone().unwrap_or_default(),
        line: e.at.row.unwrap_or(0),
    })
}

/// The rule a decision names: it must exist and be one an inspector decides.
fn rule_of(id: &str, at: &Location, plan: &Plan, diags: &mut Diagnostics) -> Option<usize> {
    let Some(i) = plan.rules.iter().position(|r| r.id == id) else {
        let mut d = Diagnostic::new(
            Code::ReviewUnknownRule,
            at.clone(),
            text!("计划中没有规则「{id}」", "the plan has no rule {id:?}"),
        )
        .value(id);
        if let Some(s) = closest(id, plan.rules.iter().map(|r| r.id.as_str())) {
            d = d.hint(text!("是不是「{s}」？", "did you mean {s:?}?"));
        }
        diags.push(d);
        return None;
    };
    if !matches!(plan.rules[i].kind, RuleKind::Manual { .. }) {
        let kind = plan.rules[i].kind.key();
        diags.push(
            Diagnostic::new(
                Code::ReviewComputedRule,
                at.clone(),
                text!(
                    "「{id}」由 wjvet 按数据评判（{kind}），不接受人工核查结论",
                    "{id:?} is judged by wjvet from the data ({kind}), not by an inspector"
                ),
            )
            .value(id)
            .hint(text!(
                "只有人工核查（manual）规则可填结论；计算结果只能通过豁免文件（--exemptions）改变",
                "only manual rules take a decision; a computed result is changed only by an exemption (--exemptions)"
            )),
        );
        return None;
    }
    Some(i)
}

/// Whether `name` stands for the district rather than an institution.
fn is_district(name: &str) -> bool {
    let n = crate::data::normalise(name);
    n.is_empty() || n == "全区" || n.eq_ignore_ascii_case("district")
}

/// The institution a decision names: none (全区) for a district rule, a known one
/// for a rule judged per institution. `Some(None)` is the district.
fn institution_of(
    rule: usize,
    name: Cell,
    at: &Location,
    plan: &Plan,
    data: &Dataset,
    diags: &mut Diagnostics,
) -> Option<Option<usize>> {
    let id = &plan.rules[rule].id;
    let (name, name_at) = name.unwrap_or_else(|| (String::new(), at.clone()));
    match (plan.rules[rule].kind.level(), is_district(&name)) {
        (Level::District, true) => Some(None),
        (Level::District, false) => {
            diags.push(
                invalid(
                    &name_at,
                    text!(
                        "「{id}」是全区规则，单位应填「全区」",
                        "{id:?} is a district rule: write 全区 as the institution"
                    ),
                )
                .value(name),
            );
            None
        }
        (Level::School, true) => {
            diags.push(invalid(
                &name_at,
                text!(
                    "「{id}」按学校评判，须写明学校",
                    "{id:?} is judged per institution: name the institution"
                ),
            ));
            None
        }
        (Level::School, false) => match data.find_institution(&name) {
            Some(i) => Some(Some(i)),
            None => {
                let mut d = Diagnostic::new(
                    Code::ReviewUnknownInstitution,
                    name_at,
                    text!(
                        "「{name}」既不在登记名册中，也不在数据中",
                        "{name:?} is neither registered nor in the data"
                    ),
                )
                .value(name.clone());
                if let Some(s) = closest(&name, data.institutions.iter().map(|i| i.name.as_str())) {
                    d = d.hint(text!("是不是「{s}」？", "did you mean {s:?}?"));
                }
                diags.push(d);
                None
            }
        },
    }
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

fn from_toml(path: &Path, file: &str, diags: &mut Diagnostics) -> Vec<Entry> {
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
    let line_of = |offset: usize| {
        let n = source.as_bytes()[..offset.min(source.len())].iter().filter(|&&b| b == b'\n').count() + 1;
        Location::file(file).row(u32::try_from(n).unwrap_or(u32::MAX))
    };
    let raw: RawFile = match toml::from_str(&source) {
        Ok(r) => r,
        Err(e) => {
            let at = e.span().map_or_else(|| Location::file(file), |s| line_of(s.start));
            let msg = e.message().to_string();
            diags.push(invalid(
                &at,
                text!("核查结论文件格式错误：{msg}", "the reviews file is malformed: {msg}"),
            ));
            return Vec::new();
        }
    };
    let text_cell = |v: Option<Spanned<String>>| {
        v.filter(|s| !s.get_ref().trim().is_empty())
            .map(|s| (s.get_ref().trim().to_string(), line_of(s.span().start)))
    };
    raw.review
        .into_iter()
        .map(|entry| {
            let at = line_of(entry.span().start);
            let e = entry.into_inner();
            Entry {
                at,
                may_be_undecided: false,
                empty: HashMap::new(),
                institution: text_cell(e.institution),
                year: e.year.map(|y| (y.get_ref().to_string(), line_of(y.span().start))),
                rule: text_cell(e.rule),
                decision: text_cell(e.decision),
                inspector: text_cell(e.inspector),
                date: e.date.map(|d| {
                    let text = match d.get_ref() {
                        toml::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (text, line_of(d.span().start))
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

fn from_sheet(path: &Path, file: &str, diags: &mut Diagnostics) -> Vec<Entry> {
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
