//! The plan file exactly as written: a serde mirror of `plan.toml`.
//!
//! Nothing here is trusted. These types accept any well-formed TOML of the right
//! shape (`deny_unknown_fields` catches typos with a line and column for free) and
//! keep the spans of every table and of every value a later check may blame, so
//! `validate` and `lint` point at the exact line and column of a rule's `due`, a
//! field's `type` or an unknown `applies_to` name, not at the table around it.
//! Only [`crate::plan::Plan`] is used downstream.
//!
//! The same types generate the plan's and the registry's JSON Schemas
//! (`crate::schema`), so their doc comments are what an editor shows a plan author:
//! write them for that reader. `Spanned` and `Datetime` have no schema of their own;
//! `#[schemars(with = ...)]` names what they hold.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::lang::Text;
use crate::schema::TomlDate;

/// A wjvet plan: an action plan's tasks, targets and deadlines as data, and the
/// columns a submission has. Reference: docs/plan-format.md.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "wjvet plan file")]
pub struct RawPlanFile {
    /// The plan format's version; this version of wjvet reads 1.
    #[schemars(extend("enum" = [1]))]
    #[schemars(with = "u32")]
    pub schema_version: Spanned<u32>,
    /// The plan document itself: title, number, issuer, period.
    pub plan: RawMeta,
    /// The kinds of school the plan distinguishes; institutions and scopes name them.
    #[serde(default)]
    #[schemars(with = "Vec<RawSchoolType>")]
    pub school_types: Vec<Spanned<RawSchoolType>>,
    /// Names the plan uses for groups of institutions (实施学校), by school type.
    #[serde(default)]
    #[schemars(with = "Vec<RawScope>")]
    pub scopes: Vec<Spanned<RawScope>>,
    /// Institutions the plan names.
    #[serde(default)]
    #[schemars(with = "Vec<RawInstitution>")]
    pub institutions: Vec<Spanned<RawInstitution>>,
    /// The columns of a submission.
    #[serde(default)]
    #[schemars(with = "Vec<RawField>")]
    pub fields: Vec<Spanned<RawField>>,
    /// The plan's numbered tasks (一览表), each with its rules.
    #[serde(default)]
    #[schemars(with = "Vec<RawTask>")]
    pub tasks: Vec<Spanned<RawTask>>,
    /// Record-level inputs (花名册): their columns, the counts derived from them and
    /// the annual field each verifies, and the rules every record must meet.
    #[serde(default)]
    #[schemars(with = "Vec<crate::plan::raw_roster::RawRoster>")]
    pub rosters: Vec<Spanned<crate::plan::raw_roster::RawRoster>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// A short id for the plan, e.g. "wenjiao-2018-206".
    pub id: String,
    /// The plan's title, in Chinese.
    pub title: String,
    /// The plan's title, in English.
    pub title_en: String,
    /// The document number (文号), as the document prints it, e.g. "某教发〔2024〕1号".
    pub doc_number: String,
    /// Who issued the plan, in Chinese.
    pub issuer: String,
    /// Who issued the plan, in English.
    pub issuer_en: String,
    /// The day the plan was issued: a TOML date such as 2018-12-26.
    #[schemars(with = "TomlDate")]
    pub issued: Spanned<Datetime>,
    /// The first and the last year the plan covers, e.g. [2018, 2020].
    #[schemars(with = "[i32; 2]")]
    pub period: Spanned<[i32; 2]>,
    /// The years a submission row may be for; outside them a year is a typo.
    #[serde(default)]
    #[schemars(with = "Option<[i32; 2]>")]
    pub data_years: Option<Spanned<[i32; 2]>>,
    /// The plan's text, whose words the citations quote (a path).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
}

/// A kind of school the plan distinguishes (公办中职, 技工学校...). The engine has
/// none built in: every plan declares its own.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSchoolType {
    /// The key institutions' `type` and scopes' `types` name, e.g. "public_vocational".
    #[schemars(with = "String")]
    pub key: Spanned<String>,
    /// The name in Chinese, as a submission's 学校类型 may write it.
    pub label: String,
    /// The name in English.
    pub label_en: String,
    /// Other words a submission's 学校类型 cell may use for this type.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A name the plan uses for a group of institutions (实施学校), e.g. 区内各中职学校.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScope {
    /// The id rules name in `applies_to`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The name as the plan writes it, in Chinese.
    pub label: String,
    /// The name in English.
    pub label_en: String,
    /// Keys of the plan's `[[school_types]]` in the group, e.g. ["public_vocational"].
    #[schemars(with = "Vec<String>")]
    pub types: Vec<Spanned<String>>,
}

/// An institution: a school the plan names, or one of a registry's district.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInstitution {
    /// A short id rules may name in `applies_to`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The full name, as a submission's 学校名称 writes it.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The name in English.
    #[serde(default)]
    pub name_en: Option<String>,
    /// The school type: a key of the plan's `[[school_types]]`, e.g. "public_vocational".
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub school_type: Spanned<String>,
    /// Other names a submission may use.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub aliases: Vec<Spanned<String>>,
    /// The 10-digit national school code (学校标识码), as text.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub code: Option<Spanned<String>>,
}

/// A column of a submission.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    /// Lowercase ASCII letters, digits and underscores; also the English header.
    #[schemars(with = "String")]
    pub key: Spanned<String>,
    /// The Chinese header.
    #[schemars(with = "String")]
    pub label: Spanned<String>,
    /// The English header.
    #[schemars(with = "String")]
    pub label_en: Spanned<String>,
    /// What the column holds: count (whole numbers), decimal, percent (85% / 0.85 / 85),
    /// bool (是/否), date, completion (a date or 未完成), text.
    #[serde(rename = "type")]
    #[schemars(extend("enum" = ["count", "decimal", "percent", "bool", "date", "completion", "text"]))]
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// The unit shown after a value, in Chinese, e.g. "人".
    #[serde(default)]
    pub unit: Option<String>,
    /// The unit in English.
    #[serde(default)]
    pub unit_en: Option<String>,
    /// The smallest value allowed (numbers only).
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub min: Option<Spanned<i64>>,
    /// Fields whose value in the same row this one may not exceed.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub at_most: Option<Spanned<Vec<String>>>,
    /// Other headers accepted for this column.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub aliases: Vec<Spanned<String>>,
    /// What to enter, in both languages.
    pub description: Text,
}

/// One of the plan's numbered tasks (一览表), with the rules that check it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    /// The task's number in the plan's table; rule ids start with it (T01., T18.).
    #[schemars(with = "u32")]
    pub number: Spanned<u32>,
    /// The action (行动) the task belongs to, as written.
    pub action: String,
    /// The sub-action, as written.
    pub sub_action: String,
    /// The task (工作任务), as written.
    pub task: String,
    /// The indicator (工作指标), as written.
    pub indicator: String,
    /// The sections responsible (责任科室), as written.
    pub sections: Vec<String>,
    /// English labels for `--lang en` reports (optional; `sections_en` one per section).
    #[schemars(with = "Option<String>")]
    pub action_en: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub sub_action_en: Option<Spanned<String>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub sections_en: Option<Spanned<Vec<String>>>,
    /// The institutions that carry the task out (实施学校), as written.
    pub implementers: Vec<String>,
    /// The clauses the task's rules encode, quoted exactly.
    #[serde(default)]
    #[schemars(with = "Vec<RawCitation>")]
    pub citations: Vec<Spanned<RawCitation>>,
    /// The checks that encode the task.
    #[serde(default)]
    #[schemars(with = "Vec<RawRule>")]
    pub rules: Vec<Spanned<RawRule>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCitation {
    /// Where in the plan, e.g. "三（三）3" or "一览表 18".
    pub clause: String,
    /// The plan's exact words.
    #[schemars(with = "String")]
    pub text: Spanned<String>,
}

/// One rule. Which keys are required depends on `kind`; `validate` checks that
/// (docs/plan-format.md has the table).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// T<NN>.<slug>: the two-digit task number, then lowercase letters, digits and hyphens.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// What the rule checks, in Chinese.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// What the rule checks, in English.
    #[schemars(with = "String")]
    pub title_en: Spanned<String>,
    /// What kind of check; it decides which other keys the rule takes.
    #[schemars(extend("enum" = [
        "threshold", "district", "milestone", "filing", "growth", "count", "evidence", "manual", "all_of",
        "share_of_institutions"
    ]))]
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// School types, scope ids or institution ids the rule is about.
    #[schemars(with = "Vec<String>")]
    pub applies_to: Spanned<Vec<Spanned<String>>>,
    /// growth and manual rules: "district" judges the district as a whole.
    #[serde(default)]
    #[schemars(extend("enum" = ["school", "district"]))]
    #[schemars(with = "Option<String>")]
    pub level: Option<Spanned<String>>,
    /// What is measured: a field key, or a ratio { numerator, denominator }.
    #[serde(default)]
    #[schemars(with = "Option<RawMeasure>")]
    pub measure: Option<Spanned<RawMeasure>>,
    /// How the measure is compared with the target.
    #[serde(default)]
    #[schemars(extend("enum" = [">=", ">", "<=", "<", "==", "between"]))]
    #[schemars(with = "Option<String>")]
    pub comparator: Option<Spanned<String>>,
    /// The target.
    #[serde(default)]
    #[schemars(with = "Option<RawTarget>")]
    pub target: Option<Spanned<RawTarget>>,
    /// count rules: the test each institution is counted by.
    #[serde(default)]
    #[schemars(with = "Option<RawCondition>")]
    pub condition: Option<Spanned<RawCondition>>,
    /// milestone, filing and evidence rules: the field that is read.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub field: Option<Spanned<String>>,
    /// milestone and filing rules: a field holding the evidence (optional).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub evidence: Option<Spanned<String>>,
    /// manual rules: fields to show the reviewer.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub fields: Vec<Spanned<String>>,
    /// all_of rules: the rules an institution must all meet.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub rules: Option<Spanned<Vec<Spanned<String>>>>,
    /// share_of_institutions rules: the rule whose passes are counted.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub rule: Option<Spanned<String>>,
    /// A one-time deadline, inclusive: a TOML date such as 2020-12-31.
    #[serde(default)]
    #[schemars(with = "Option<TomlDate>")]
    pub due: Option<Spanned<Datetime>>,
    /// A deadline that recurs every year.
    #[serde(default)]
    #[schemars(with = "Option<RawEveryYear>")]
    pub every_year: Option<Spanned<RawEveryYear>>,
    /// "error" counts against the exit code; "warning" does not.
    #[schemars(extend("enum" = ["error", "warning"]))]
    #[schemars(with = "String")]
    pub severity: Spanned<String>,
    /// Why this severity: the word of the plan that decided it.
    #[schemars(with = "String")]
    pub severity_reason: Spanned<String>,
    /// How vague wording was read, in both languages.
    #[serde(default)]
    pub interpretation: Option<Text>,
    /// One of the plan's headline targets, shown first in the annual report.
    #[serde(default)]
    pub headline: bool,
}

/// What is measured: `measure = "field"` or `measure = { numerator = "a", denominator = "b" }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawMeasure {
    Field(String),
    Ratio(RawRatio),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRatio {
    /// The field summed above the line.
    pub numerator: String,
    /// The field summed below the line.
    pub denominator: String,
    /// District rules only: the numerator sums over these instead of `applies_to`.
    #[serde(default)]
    pub numerator_applies_to: Option<Vec<String>>,
    /// What a zero denominator means: `not_applicable` (nothing to measure, the
    /// default) or `fail` (the share cannot be met).
    // A plain string, not an enum: `measure` is an untagged enum, which cannot carry
    // spans within, so `validate` blames the whole `measure` value.
    #[serde(default)]
    #[schemars(extend("enum" = ["not_applicable", "fail"]))]
    pub when_zero: Option<String>,
    /// `percent` (the default: a share, target "85%") or `per` (an amount per unit
    /// of the denominator, 生均: target 33).
    #[serde(default)]
    #[schemars(extend("enum" = ["percent", "per"]))]
    pub unit: Option<String>,
}

/// The target: `15000`, `"85%"` (a share or decimal is a string, never a float),
/// `["45%", "55%"]` (with `between`), or `true` / `false`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawTarget {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Range(Vec<RawScalar>),
}

/// One end of a `between` range.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawScalar {
    Int(i64),
    Float(f64),
    Text(String),
}

/// count rules: the test an institution must pass to be counted.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    /// What is measured for each institution.
    #[schemars(with = "RawMeasure")]
    pub measure: Spanned<RawMeasure>,
    /// How the measure is compared with the target.
    #[schemars(extend("enum" = [">=", ">", "<=", "<", "==", "between"]))]
    #[schemars(with = "String")]
    pub comparator: Spanned<String>,
    /// The target each institution's measure is compared with.
    #[schemars(with = "RawTarget")]
    pub target: Spanned<RawTarget>,
}

/// A deadline that recurs: `every_year = { due = "06-30", from = 2019, to = 2020 }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEveryYear {
    /// The day of each year, "MM-DD", inclusive.
    #[schemars(pattern(r"^\d{1,2}-\d{1,2}$"))]
    #[schemars(with = "String")]
    pub due: Spanned<String>,
    /// The first year the deadline applies.
    pub from: i32,
    /// The last year the deadline applies.
    pub to: i32,
}

/// The registry file (`--registry`): the district's institutions, same shape as the
/// plan's `[[institutions]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "wjvet registry file")]
pub struct RawRegistryFile {
    /// Every institution of the district.
    #[serde(default)]
    #[schemars(with = "Vec<RawInstitution>")]
    pub institutions: Vec<Spanned<RawInstitution>>,
}
