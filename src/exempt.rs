//! Exemptions: approved, dated, reasoned exceptions to a rule for an institution and
//! year, applied after evaluation and never hiding anything.
//!
//! An exemption must say why, who approved it and until when; an entry without a
//! reason, an approver or an expiry is rejected (exit code 2), like a plan error.
//! Applied, it turns a `fail`, `late` or `missing` finding into `exempted`, keeps the
//! original status and the reason beside it, and is counted apart in every summary.
//! It fails closed: on the evaluation date after its expiry it no longer applies and
//! is reported as expired; one that covers nothing is reported as unused; and
//! `--no-exemptions` shows the raw results for audit. Expiry is judged against the
//! evaluation date (`--as-of`), not the wall clock, so a run is reproducible.
//!
//! Exemptions are keyed by (rule, institution, year): two entries with the same key
//! are refused, naming both lines, since which one applied would depend on their
//! order. The key is also how a finding finds its exemption, so applying them costs
//! one lookup per finding however many there are.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::data::Dataset;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::eval::{EvalOptions, Exemption as Applied, Finding, Status};
use crate::fold::{closest, fold};
use crate::lines::Lines;
use crate::near::NearNames;
use crate::plan::{Level, Plan};
use crate::schema::TomlDate;
use crate::text;

/// An exemptions file (`--exemptions FILE`): approved, dated, reasoned exceptions
/// to a rule for an institution and year.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "wjvet exemptions file")]
pub(crate) struct RawFile {
    /// One `[[exemption]]` table per (rule, institution, year).
    #[serde(default)]
    #[schemars(with = "Vec<RawExemption>")]
    exemption: Vec<Spanned<RawExemption>>,
}

/// One exemption. It needs a rule, a reason, who approved it, a year (or years) and
/// an expiry date; institution is required for a school rule.
// The keys are `Option` so that validation names every missing one at once; the
// schema marks them `required`, which is what validation enforces.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [{ "required": ["year"] }, { "required": ["years"] }]))]
struct RawExemption {
    /// The id of the rule exempted, as `wjvet rules` lists it.
    #[schemars(required, with = "Option<String>")]
    rule: Option<Spanned<String>>,
    /// The institution exempted, by name, alias, id or code; omit for a district rule.
    #[schemars(with = "Option<String>")]
    institution: Option<Spanned<String>>,
    /// The year exempted (or give `years`).
    year: Option<i32>,
    /// The years exempted (or give `year`).
    #[serde(default)]
    years: Vec<i32>,
    /// Why the exemption was granted.
    #[schemars(required, pattern(r"\S"))]
    reason: Option<String>,
    /// Who approved it.
    #[schemars(required, pattern(r"\S"))]
    approved_by: Option<String>,
    /// The approving document's number (optional).
    document: Option<String>,
    /// The last day it applies, a TOML date such as 2021-06-30; judged against the
    /// evaluation date (`--as-of`).
    #[schemars(with = "Option<TomlDate>", required)]
    expires: Option<Spanned<Datetime>>,
}

/// One validated exemption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemption {
    /// Index into `Plan::rules`.
    pub rule: usize,
    /// Index into `Dataset::institutions`; `None` for a district rule.
    pub institution: Option<usize>,
    pub years: Vec<i32>,
    pub reason: String,
    pub approved_by: String,
    pub document: Option<String>,
    pub expires: NaiveDate,
    /// Where it was written, for messages.
    pub file: String,
    pub line: u32,
}

/// What became of one exemption in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Covered this many findings.
    Applied(usize),
    /// Matched a finding, but had expired on the evaluation date.
    Expired,
    /// Matched no finding it could cover.
    Unused,
}

/// Reads and validates an exemptions file against the plan and the institutions known
/// to the dataset. Every problem is reported.
pub fn load(path: &Path, plan: &Plan, data: &Dataset) -> Result<Vec<Exemption>, Diagnostics> {
    let file = path.display().to_string();
    let mut diags = Diagnostics::default();
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::ExemptionInvalid,
                Location::file(&file),
                text!("无法读取豁免文件：{e}", "cannot read the exemptions file: {e}"),
            ));
            return Err(diags);
        }
    };
    // An entry's line is a binary search, not a count of every newline before it
    // (which made 20,000 entries quadratic in the file).
    let lines = Lines::new(&source);
    let raw: RawFile = match toml::from_str(&source) {
        Ok(r) => r,
        Err(e) => {
            let loc = e.span().map_or_else(|| Location::file(&file), |s| lines.locate(&file, &s));
            let msg = e.message().trim_end().to_string();
            diags.push(Diagnostic::new(
                Code::ExemptionInvalid,
                loc,
                text!("豁免文件格式错误：{msg}", "the exemptions file is malformed: {msg}"),
            ));
            return Err(diags);
        }
    };
    let mut out = Vec::new();
    // What `Dataset::find_institution` finds, as one lookup per name rather than a
    // scan of every institution: the registry first, then the first name that folds
    // the same. Suggestions for unknown names are indexed the first time one is needed.
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, inst) in data.institutions.iter().enumerate() {
        by_name.entry(fold(&inst.name)).or_insert(i);
    }
    let find = |name: &str| data.registry.lookup(name).or_else(|| by_name.get(&fold(name)).copied());
    let near: OnceLock<NearNames> = OnceLock::new();
    let near =
        || near.get_or_init(|| NearNames::from_names(data.institutions.iter().map(|i| i.name.as_str())));
    // (rule, institution, year) -> the line of the first exemption with that key.
    let mut seen: HashMap<(usize, Option<usize>, i32), u32> = HashMap::new();
    for entry in raw.exemption {
        let entry_loc = lines.locate(&file, &entry.span());
        let line = entry_loc.row.unwrap_or(0);
        let e = entry.into_inner();
        let loc = || entry_loc.clone();
        // A key's own line and column when it is written, else the entry's.
        let at = |span: Option<std::ops::Range<usize>>| span.map_or_else(loc, |s| lines.locate(&file, &s));
        let mut missing = Vec::new();
        for (key, present) in [
            ("rule", e.rule.is_some()),
            ("reason", e.reason.as_deref().is_some_and(|r| !r.trim().is_empty())),
            ("approved_by", e.approved_by.as_deref().is_some_and(|r| !r.trim().is_empty())),
            ("expires", e.expires.is_some()),
            ("year / years", e.year.is_some() || !e.years.is_empty()),
        ] {
            if !present {
                missing.push(key);
            }
        }
        if !missing.is_empty() {
            let keys = missing.join(", ");
            diags.push(
                Diagnostic::new(
                    Code::ExemptionInvalid,
                    loc(),
                    text!("豁免缺少 {keys}", "the exemption lacks {keys}"),
                )
                .hint(text!(
                    "每项豁免必须写明理由（reason）、批准人（approved_by）、年度（year）和有效期（expires）",
                    "every exemption needs a reason, approved_by, a year and an expires date"
                )),
            );
            continue;
        }
        let expires = e.expires.as_ref().and_then(|d| match (d.get_ref().date, d.get_ref().time) {
            (Some(date), None) => {
                NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
            }
            _ => None,
        });
        let Some(expires) = expires else {
            diags.push(Diagnostic::new(
                Code::ExemptionInvalid,
                at(e.expires.as_ref().map(Spanned::span)),
                text!("expires 应为日期（如 2021-06-30）", "expires should be a date such as 2021-06-30"),
            ));
            continue;
        };
        let rule_at = at(e.rule.as_ref().map(Spanned::span));
        let rule_id = e.rule.map(Spanned::into_inner).unwrap_or_default();
        let Some(rule) = plan.rules.iter().position(|r| r.id == rule_id) else {
            let mut d = Diagnostic::new(
                Code::ExemptionUnknownRule,
                rule_at,
                text!("计划中没有规则「{rule_id}」", "the plan has no rule {rule_id:?}"),
            )
            .value(rule_id.clone());
            if let Some(s) = closest(&rule_id, plan.rules.iter().map(|r| r.id.as_str())) {
                d = d.hint(text!("是不是「{s}」？", "did you mean {s:?}?"));
            }
            diags.push(d);
            continue;
        };
        let level = plan.rules[rule].kind.level();
        let institution = match (level, e.institution) {
            (Level::District, None) => None,
            (Level::District, Some(name)) => {
                diags.push(
                    Diagnostic::new(
                        Code::ExemptionInvalid,
                        at(Some(name.span())),
                        text!(
                            "「{rule_id}」是全区规则，豁免不应指定学校",
                            "{rule_id:?} is a district rule: name no institution"
                        ),
                    )
                    .value(name.into_inner()),
                );
                continue;
            }
            (Level::School, None) => {
                diags.push(Diagnostic::new(
                    Code::ExemptionInvalid,
                    loc(),
                    text!(
                        "「{rule_id}」按学校评判，豁免须写明 institution",
                        "{rule_id:?} is judged per institution: name the institution"
                    ),
                ));
                continue;
            }
            (Level::School, Some(spanned)) => match find(spanned.get_ref()) {
                Some(i) => Some(i),
                None => {
                    let name = spanned.get_ref();
                    let mut d = Diagnostic::new(
                        Code::ExemptionUnknownInstitution,
                        at(Some(spanned.span())),
                        text!(
                            "「{name}」既不在登记名册中，也不在数据中",
                            "{name:?} is neither registered nor in the data"
                        ),
                    )
                    .value(name.clone());
                    if let Some(s) = near().closest(&fold(name)) {
                        d = d.hint(text!("是不是「{s}」？", "did you mean {s:?}?"));
                    }
                    diags.push(d);
                    continue;
                }
            },
        };
        let mut years = e.years;
        years.extend(e.year);
        years.sort_unstable();
        years.dedup();
        let mut clash: Option<(u32, Vec<i32>)> = None;
        for &year in &years {
            match seen.entry((rule, institution, year)) {
                Entry::Vacant(v) => {
                    v.insert(line);
                }
                Entry::Occupied(o) => clash.get_or_insert_with(|| (*o.get(), Vec::new())).1.push(year),
            }
        }
        if let Some((first, clashing)) = clash {
            let who = institution
                .map_or_else(|| "全区 / district".to_string(), |i| data.institutions[i].name.clone());
            let years: Vec<String> = clashing.iter().map(i32::to_string).collect();
            let (zh_years, en_years) = (years.join("、"), years.join(", "));
            diags.push(
                Diagnostic::new(
                    Code::ExemptionDuplicate,
                    loc(),
                    text!(
                        "「{rule_id}」对「{who}」{zh_years} 年的豁免与 {file}:{first} 的豁免重复",
                        "the exemption of {rule_id} for {who} in {en_years} duplicates the one at {file}:{first}"
                    ),
                )
                .hint(text!(
                    "同一规则、学校和年度只能有一项豁免：合并两项或删除其中一项",
                    "keep one exemption per rule, institution and year: merge the two or delete one"
                )),
            );
            continue;
        }
        out.push(Exemption {
            rule,
            institution,
            years,
            reason: e.reason.unwrap_or_default(),
            approved_by: e.approved_by.unwrap_or_default(),
            document: e.document,
            expires,
            file: file.clone(),
            line,
        });
    }
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

/// The statuses an exemption can cover: what would count against compliance.
fn coverable(s: Status) -> bool {
    matches!(s, Status::Fail | Status::Late | Status::Missing)
}

/// Applies `exemptions` to `findings` as of the evaluation date; returns what became
/// of each exemption, in file order.
pub fn apply(exemptions: &[Exemption], findings: &mut [Finding], opts: EvalOptions) -> Vec<Outcome> {
    let mut outcomes = vec![Outcome::Unused; exemptions.len()];
    // [`load`] refuses two exemptions with one key; given them anyway, the first holds.
    let mut index: HashMap<(usize, Option<usize>, i32), usize> = HashMap::new();
    for (i, e) in exemptions.iter().enumerate() {
        for &year in &e.years {
            index.entry((e.rule, e.institution, year)).or_insert(i);
        }
    }
    for f in findings.iter_mut() {
        if !coverable(f.status) {
            continue;
        }
        let Some(&i) = index.get(&(f.rule(), f.institution(), f.year)) else { continue };
        let e = &exemptions[i];
        if opts.as_of > e.expires {
            if outcomes[i] == Outcome::Unused {
                outcomes[i] = Outcome::Expired;
            }
            continue;
        }
        outcomes[i] = match outcomes[i] {
            Outcome::Applied(n) => Outcome::Applied(n + 1),
            _ => Outcome::Applied(1),
        };
        f.exempt(Applied {
            original: f.status,
            reason: e.reason.clone(),
            approved_by: e.approved_by.clone(),
            document: e.document.clone(),
            expires: e.expires,
        });
    }
    outcomes
}

/// An exemption and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExemptionState {
    pub exemption: Exemption,
    pub outcome: Outcome,
}

/// Warnings for exemptions that expired or covered nothing.
pub fn notices(states: &[ExemptionState], plan: &Plan, data: &Dataset, as_of: NaiveDate) -> Diagnostics {
    let mut d = Diagnostics::default();
    for ExemptionState { exemption: e, outcome: o } in states {
        let rule = &plan.rules[e.rule].id;
        let who = e
            .institution
            .map_or_else(|| "全区 / district".to_string(), |i| data.institutions[i].name.clone());
        let loc = Location::file(&e.file).row(e.line);
        let expires = e.expires;
        match o {
            Outcome::Applied(_) => {}
            Outcome::Expired => d.push(
                Diagnostic::new(
                    Code::ExemptionExpired,
                    loc,
                    text!(
                        "「{rule}」对「{who}」的豁免已于 {expires} 到期（评估日 {as_of}），未予适用",
                        "the exemption of {rule} for {who} expired on {expires} (evaluation date {as_of}) and was not applied"
                    ),
                )
                .hint(text!("如仍需豁免，请重新审批并更新有效期", "if it is still needed, have it approved again with a new expiry")),
            ),
            Outcome::Unused => d.push(
                Diagnostic::new(
                    Code::ExemptionUnused,
                    loc,
                    text!(
                        "「{rule}」对「{who}」的豁免没有对应的未达标结果，未被使用",
                        "the exemption of {rule} for {who} covers no failing, late or missing result and was not used"
                    ),
                )
                .hint(text!("核对规则、学校和年度；已达标的可删除此豁免", "check the rule, institution and year; if the target is met, remove it")),
            ),
        }
    }
    d
}
