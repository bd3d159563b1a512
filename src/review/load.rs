//! Validating the reviews file: the raw entries of either form (`read`) turned into
//! [`Review`]s against the plan and the institutions known.
//!
//! Every problem is collected before giving up, each pointing at the cell or line
//! it is about, so the inspector fixes the whole sheet at once. A sheet row with no
//! decision and nothing else filled in is simply not decided yet; a row with an
//! inspector, a date or a basis but no decision is refused, as is everything else
//! that is not certain: an unknown word, rule or institution, a rule wjvet computes
//! itself, a district rule given to a school or the reverse, two decisions for one
//! result.

use std::collections::HashMap;
use std::path::Path;

use super::read::{Cell, Entry, from_sheet, from_toml};
use super::{Decision, Review};
use crate::data::Dataset;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::fold::closest;
use crate::plan::{Level, Plan, RuleKind};
use crate::text;

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
