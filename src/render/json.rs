//! The JSON report: one versioned document for machines.
//!
//! A contract (see docs/json-schema.json): fixed field names, `null` rather than an
//! omitted key, exact numbers as integers or decimal strings (never floats), and
//! `schema_version` bumped on any incompatible change. Sentences follow `--lang`;
//! everything a program would branch on is a stable key.
//!
//! One shape for every run: a run whose data is invalid (exit code 3) writes the same
//! document with `verdict: "invalid"`, `compliant: null`, no results, zero counts
//! and the diagnostics, so a CI step reads one schema whatever happened. `verdict`
//! and `compliant` follow the exit code: they are judged at the `fail_on` the run
//! used, which the document records.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use crate::diag::Diagnostic;
use crate::eval::{Actual, Finding, describe_target};
use crate::lang::Lang;
use crate::num;
use crate::plan::{Comparator, Rule, RuleKind, Schedule, Target};
use crate::report::{FailOn, Invalid, Report, Summary, Verdict};

/// Bumped whenever a field changes meaning or disappears (2: one shape for invalid
/// data, `verdict` and `fail_on`, `compliant` at the run's threshold, results with
/// `institution_id`, `file` and `row`, `warnings_omitted`; 3: inspectors' decisions,
/// `reviews` and each result's `review`, so a `review` rule may now be `pass`; 4: the
/// `follow_up` block of `--previous`, `null` without it).
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    plan: PlanInfo<'a>,
    as_of: Option<String>,
    year: Option<i32>,
    lang: Lang,
    fail_on: FailOn,
    verdict: Verdict,
    /// `null` when the data is invalid: nothing was judged.
    compliant: Option<bool>,
    files: Vec<FileInfo<'a>>,
    results: ResultList<'a>,
    summary: Summary,
    exemptions: Vec<ExemptionItem<'a>>,
    reviews: Vec<ReviewEntry<'a>>,
    diagnostics: Vec<DiagnosticItem<'a>>,
    /// Warnings found but not listed (`--max-diagnostics`).
    warnings_omitted: usize,
    /// Errors found but not listed: only past 10,000 errors (absent when none).
    #[serde(skip_serializing_if = "is_zero")]
    errors_omitted: usize,
    /// Last run's problems against these results; `null` without `--previous`.
    follow_up: Option<super::follow_up::Block<'a>>,
}

/// The results of an evaluated run, or none.
#[derive(Serialize)]
#[serde(untagged)]
enum ResultList<'a> {
    Evaluated(Results<'a>),
    None(Vec<ResultItem<'a>>),
}

/// An exemption given with `--exemptions` and what became of it.
#[derive(Serialize)]
struct ExemptionItem<'a> {
    rule: &'a str,
    school: Option<&'a str>,
    years: &'a [i32],
    reason: &'a str,
    approved_by: &'a str,
    document: Option<&'a str>,
    expires: String,
    /// `applied`, `expired` or `unused`.
    outcome: &'static str,
    /// How many results it covered.
    applied_to: usize,
}

/// The exemption covering one result.
#[derive(Serialize)]
struct AppliedItem<'a> {
    /// The status the result had before the exemption.
    original_status: &'static str,
    reason: &'a str,
    approved_by: &'a str,
    document: Option<&'a str>,
    expires: String,
}

/// An inspector's decision given with `--reviews` and what became of it.
#[derive(Serialize)]
struct ReviewEntry<'a> {
    rule: &'a str,
    /// `null` for a district rule (全区).
    school: Option<&'a str>,
    year: i32,
    /// `pass`, `fail` or `not_applicable`.
    decision: &'static str,
    inspector: &'a str,
    date: String,
    basis: Option<&'a str>,
    file: &'a str,
    row: u32,
    /// `applied` or `unused`.
    outcome: &'static str,
}

/// The decision that settled one result.
#[derive(Serialize)]
struct ReviewedItem<'a> {
    /// The status before the decision: always `review`.
    original_status: &'static str,
    inspector: &'a str,
    date: String,
    basis: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct PlanInfo<'a> {
    id: &'a str,
    title: &'a str,
    doc_number: &'a str,
    issuer: &'a str,
    issued: String,
}

#[derive(Serialize)]
struct FileInfo<'a> {
    path: &'a str,
    encoding: &'a str,
    sheet: Option<&'a str>,
    header_row: u32,
    rows_read: usize,
    rows_used: usize,
    rows_skipped: usize,
}

fn file_info(f: &crate::data::SourceFile) -> FileInfo<'_> {
    FileInfo {
        path: &f.path,
        encoding: &f.encoding,
        sheet: f.sheet.as_deref(),
        header_row: f.header_row,
        rows_read: f.rows_read,
        rows_used: f.rows_used,
        rows_skipped: f.rows_skipped,
    }
}

/// The results, serialised one at a time as they are produced: a province-scale
/// report has close to a million of them and need not exist twice in memory.
pub(super) struct Results<'a> {
    report: &'a Report,
    lang: Lang,
    /// Per rule: the machine target and its text, computed once.
    targets: Vec<(Value, String)>,
    /// Per institution: its stable id, folded once rather than once per result.
    ids: Vec<String>,
}

impl<'a> Results<'a> {
    pub(super) fn new(report: &'a Report, lang: Lang) -> Results<'a> {
        let targets = report
            .plan
            .rules
            .iter()
            .map(|r| (target_value(r), describe_target(&report.plan, r, lang)))
            .collect();
        let ids = (0..report.data.institutions.len()).map(|i| report.institution_id(i)).collect();
        Results { report, lang, targets, ids }
    }

    /// Each result as its own serialisable item (for JSON Lines).
    pub(super) fn items(&'a self) -> impl Iterator<Item = impl Serialize + 'a> + 'a {
        self.report.findings.iter().map(move |f| result(self, f))
    }
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.report.findings.iter().map(|f| result(self, f)))
    }
}

#[derive(Serialize)]
pub(super) struct ResultItem<'a> {
    rule: &'a str,
    task: u32,
    kind: &'static str,
    title: &'a str,
    school: Option<&'a str>,
    /// The registry id, or a stable id for an unregistered school (see
    /// [`Report::institution_id`]); `null` for a district result.
    institution_id: Option<&'a str>,
    school_type: Option<&'a str>,
    /// The file and Excel row the institution reported the year in.
    file: Option<&'a str>,
    row: Option<u32>,
    year: i32,
    status: &'static str,
    severity: crate::plan::Severity,
    counts_against: bool,
    actual: Option<ActualJson<'a>>,
    actual_text: Option<String>,
    target: &'a Value,
    target_text: &'a str,
    due: Option<Day>,
    overdue: bool,
    message: String,
    exemption: Option<AppliedItem<'a>>,
    review: Option<ReviewedItem<'a>>,
}

/// A date as JSON (`"2020-12-31"`), written straight to the output: a report has a
/// due date per result, and a `String` each is an allocation each.
pub(super) struct Day(pub(super) chrono::NaiveDate);

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A result's `actual` value in its machine form, written straight to the output
/// rather than built as a `serde_json::Value` per result. Exact numbers are integers
/// or decimal strings ([`num::json_num`]); an object's keys come in the order
/// `serde_json` writes a `Value`'s keys (sorted), so the document is unchanged.
pub(super) struct ActualJson<'a>(&'a Actual);

impl Serialize for ActualJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let exact = |n: &num::Stored| num::json_num(&num::widen(n));
        match self.0 {
            Actual::Number { value, .. } => exact(value).serialize(s),
            Actual::Ratio { numerator, denominator, .. } => {
                let value = num::json_num(&(num::widen(numerator) / num::widen(denominator)));
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("denominator", &exact(denominator))?;
                m.serialize_entry("numerator", &exact(numerator))?;
                m.serialize_entry("value", &value)?;
                m.end()
            }
            Actual::Date(d) => Day(*d).serialize(s),
            Actual::NotDone => s.serialize_str("not_done"),
            Actual::Bool(b) => s.serialize_bool(*b),
            Actual::Text(t) => s.serialize_str(t),
            Actual::Count { met, of } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("met", met)?;
                m.serialize_entry("of", of)?;
                m.end()
            }
            Actual::Growth { previous, current, .. } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("current", &exact(current))?;
                m.serialize_entry("previous", &exact(previous))?;
                m.end()
            }
        }
    }
}

#[derive(Serialize)]
pub(super) struct DiagnosticItem<'a> {
    code: &'static str,
    level: crate::diag::Level,
    file: Option<&'a str>,
    row: Option<u32>,
    column: Option<&'a str>,
    column_letter: Option<&'a str>,
    value: Option<&'a str>,
    message: &'a str,
    expected: Option<&'a str>,
    hint: Option<&'a str>,
}

/// A diagnostic in the JSON shape shared by every document wjvet writes (JSON, JSON Lines).
pub(super) fn diagnostic_item(d: &Diagnostic, lang: Lang) -> DiagnosticItem<'_> {
    DiagnosticItem {
        code: d.code.name(),
        level: d.level,
        file: d.location.file.as_deref(),
        row: d.location.row,
        column: d.location.column.as_deref(),
        column_letter: d.location.column_letter.as_deref(),
        value: d.value.as_deref(),
        message: d.message.get(lang),
        expected: d.expected.as_ref().map(|t| t.get(lang)),
        hint: d.hint.as_ref().map(|t| t.get(lang)),
    }
}

/// The machine form of a rule's target: `{"comparator": ">=", "value": ...}`.
pub fn target_value(rule: &Rule) -> Value {
    let cmp = |c: Comparator| serde_json::to_value(c).unwrap_or(Value::Null);
    let val = |t: &Target| match t {
        Target::Num(n) => num::to_json(n),
        Target::Range(a, b) => json!([num::to_json(a), num::to_json(b)]),
        Target::Bool(b) => json!(b),
    };
    match &rule.kind {
        RuleKind::Threshold(c) | RuleKind::District(c) => {
            json!({ "comparator": cmp(c.comparator), "value": val(&c.target) })
        }
        RuleKind::Milestone { .. } | RuleKind::Filing { .. } => {
            let due = match rule.schedule {
                Schedule::By(d) => d.to_string(),
                Schedule::EveryYear { month, day, .. } => format!("--{month:02}-{day:02}"),
            };
            json!({ "comparator": "<=", "value": due })
        }
        RuleKind::Growth { comparator, .. } => {
            json!({ "comparator": cmp(*comparator), "value": "previous_year" })
        }
        RuleKind::Count { comparator, target, .. } => {
            json!({ "comparator": cmp(*comparator), "value": num::to_json(target) })
        }
        RuleKind::ShareOf { comparator, target, .. } => {
            json!({ "comparator": cmp(*comparator), "value": num::to_json(target) })
        }
        RuleKind::Evidence { .. } | RuleKind::Manual { .. } | RuleKind::AllOf { .. } => {
            json!({ "comparator": null, "value": null })
        }
    }
}

fn result<'a>(results: &'a Results<'a>, f: &'a Finding) -> ResultItem<'a> {
    let (report, lang): (&'a Report, Lang) = (results.report, results.lang);
    let rule = report.rule(f);
    let (target, target_text) = &results.targets[f.rule()];
    let source = report.source_of(f);
    ResultItem {
        rule: &rule.id,
        task: rule.task,
        kind: rule.kind.key(),
        title: rule.title.get(lang),
        school: report.school(f),
        institution_id: f.institution().map(|i| results.ids[i].as_str()),
        school_type: f.institution().map(|i| report.data.institutions[i].school_type.key(&report.plan)),
        file: source.map(|(file, _)| file),
        row: source.map(|(_, row)| row),
        year: f.year,
        status: f.status.key(),
        severity: rule.severity,
        counts_against: f.counts_against(),
        actual: f.actual.as_ref().map(ActualJson),
        actual_text: f.actual.as_ref().map(|a| a.show(lang)),
        target,
        target_text,
        due: f.due.map(Day),
        overdue: f.overdue,
        message: f.sentence(&report.plan, lang),
        exemption: f.exempted().map(|e| AppliedItem {
            original_status: e.original.key(),
            reason: &e.reason,
            approved_by: &e.approved_by,
            document: e.document.as_deref(),
            expires: e.expires.to_string(),
        }),
        review: f.reviewed().map(|r| ReviewedItem {
            original_status: r.original.key(),
            inspector: &r.inspector,
            date: r.date.to_string(),
            basis: r.basis.as_deref(),
        }),
    }
}

/// Writes the report as one JSON document followed by a newline.
pub fn write(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let verdict = report.verdict();
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
        plan: plan_info(&report.plan, lang),
        as_of: Some(report.opts.as_of.to_string()),
        year: Some(report.opts.year),
        lang,
        fail_on: report.fail_on,
        verdict,
        compliant: (verdict != Verdict::Invalid).then_some(verdict == Verdict::Compliant),
        files: report.data.files.iter().map(file_info).collect(),
        results: ResultList::Evaluated(Results::new(report, lang)),
        summary: report.summary.clone(),
        exemptions: report
            .exemptions
            .iter()
            .map(|st| {
                let e = &st.exemption;
                let (outcome, applied_to) = match st.outcome {
                    crate::exempt::Outcome::Applied(n) => ("applied", n),
                    crate::exempt::Outcome::Expired => ("expired", 0),
                    crate::exempt::Outcome::Unused => ("unused", 0),
                };
                ExemptionItem {
                    rule: &report.plan.rules[e.rule].id,
                    school: e.institution.map(|i| report.data.institutions[i].name.as_str()),
                    years: &e.years,
                    reason: &e.reason,
                    approved_by: &e.approved_by,
                    document: e.document.as_deref(),
                    expires: e.expires.to_string(),
                    outcome,
                    applied_to,
                }
            })
            .collect(),
        reviews: report
            .reviews
            .iter()
            .map(|st| {
                let r = &st.review;
                ReviewEntry {
                    rule: &report.plan.rules[r.rule].id,
                    school: r.institution.map(|i| report.data.institutions[i].name.as_str()),
                    year: r.year,
                    decision: r.decision.status().key(),
                    inspector: &r.inspector,
                    date: r.date.to_string(),
                    basis: r.basis.as_deref(),
                    file: &r.file,
                    row: r.line,
                    outcome: match st.outcome {
                        crate::review::Outcome::Applied => "applied",
                        crate::review::Outcome::Unused => "unused",
                    },
                }
            })
            .collect(),
        diagnostics: report.diagnostics.items().iter().map(|d| diagnostic_item(d, lang)).collect(),
        warnings_omitted: report.diagnostics.warnings_omitted(),
        errors_omitted: report.diagnostics.errors_omitted(),
        follow_up: report.follow_up.as_ref().map(super::follow_up::Block::of),
    };
    let mut buffered = io::BufWriter::with_capacity(super::BUFFER, &mut *out);
    serde_json::to_writer_pretty(&mut buffered, &doc)?;
    writeln!(buffered)?;
    buffered.flush()
}

/// Writes the document of a run whose data is invalid: the same shape as a report,
/// with verdict `invalid`, the files read, no results and the diagnostics.
pub fn write_invalid(out: &mut dyn Write, run: &Invalid, lang: Lang) -> io::Result<()> {
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
        plan: plan_info(run.plan, lang),
        as_of: None,
        year: run.year,
        lang,
        fail_on: run.fail_on,
        verdict: Verdict::Invalid,
        compliant: None,
        files: run.files.iter().map(file_info).collect(),
        results: ResultList::None(Vec::new()),
        summary: Summary::of(run.plan, &[]),
        exemptions: Vec::new(),
        reviews: Vec::new(),
        diagnostics: run.diagnostics.items().iter().map(|d| diagnostic_item(d, lang)).collect(),
        warnings_omitted: run.diagnostics.warnings_omitted(),
        errors_omitted: run.diagnostics.errors_omitted(),
        follow_up: None,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

pub(super) const TOOL: Tool = Tool { name: env!("CARGO_PKG_NAME"), version: env!("CARGO_PKG_VERSION") };

fn plan_info(plan: &crate::plan::Plan, lang: Lang) -> PlanInfo<'_> {
    let meta = &plan.meta;
    PlanInfo {
        id: &meta.id,
        title: meta.title.get(lang),
        doc_number: &meta.doc_number,
        issuer: meta.issuer.get(lang),
        issued: meta.issued.to_string(),
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use num_rational::Ratio;
    use serde_json::json;

    use super::*;
    use crate::num::Unit;

    /// Each value as it was written when results built a `serde_json::Value`: the
    /// oracle the streamed form must match byte for byte.
    fn as_value(a: &Actual) -> Value {
        let exact = |n: &num::Stored| num::to_json(&num::widen(n));
        match a {
            Actual::Number { value, .. } => exact(value),
            Actual::Ratio { numerator, denominator, .. } => json!({
                "value": num::to_json(&(num::widen(numerator) / num::widen(denominator))),
                "numerator": exact(numerator),
                "denominator": exact(denominator),
            }),
            Actual::Date(d) => json!(d.to_string()),
            Actual::NotDone => json!("not_done"),
            Actual::Bool(b) => json!(b),
            Actual::Text(t) => json!(t),
            Actual::Count { met, of } => json!({ "met": met, "of": of }),
            Actual::Growth { previous, current, .. } => json!({
                "previous": exact(previous),
                "current": exact(current),
            }),
        }
    }

    #[test]
    fn actual_values_stream_exactly_as_values_were_written() {
        let s = |n: i64, d: i64| Ratio::new_raw(n, d);
        let all = [
            Actual::Number { value: s(15000, 1), unit: Unit::Plain },
            Actual::Number { value: s(17, 20), unit: Unit::Percent },
            Actual::Ratio { numerator: s(17, 1), denominator: s(20, 1), unit: Unit::Percent },
            Actual::Ratio { numerator: s(1, 1), denominator: s(3, 1), unit: Unit::Plain },
            Actual::Ratio { numerator: s(9, 2), denominator: s(3, 1), unit: Unit::Plain },
            Actual::Date(NaiveDate::from_ymd_opt(2019, 6, 30).unwrap_or_default()),
            Actual::NotDone,
            Actual::Bool(true),
            Actual::Text("佐证 \"材料\"\n1".into()),
            Actual::Count { met: 6, of: 8 },
            Actual::Growth { previous: s(725, 1), current: s(1601, 2), unit: Unit::Plain },
        ];
        // Inside a result, as the report writes it (not through `json!`, which would
        // build a Value and sort the keys itself).
        #[derive(Serialize)]
        struct Item<T> {
            actual: T,
            after: u8,
        }
        for a in &all {
            let streamed = serde_json::to_string_pretty(&Item { actual: ActualJson(a), after: 1 }).ok();
            let built = serde_json::to_string_pretty(&Item { actual: as_value(a), after: 1 }).ok();
            assert_eq!(streamed, built, "{a:?}");
        }
    }

    #[test]
    fn a_day_is_written_as_its_iso_date() {
        let d = NaiveDate::from_ymd_opt(2020, 12, 31).unwrap_or_default();
        assert_eq!(serde_json::to_string(&Day(d)).ok().as_deref(), Some("\"2020-12-31\""));
    }
}
