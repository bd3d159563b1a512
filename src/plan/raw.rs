//! The plan file exactly as written: a serde mirror of `plan.toml`.
//!
//! Nothing here is trusted. These types accept any well-formed TOML of the right
//! shape (`deny_unknown_fields` catches typos with a line and column for free) and
//! keep the spans of every table and of every value a later check may blame, so
//! `validate` and `lint` point at the exact line and column of a rule's `due`, a
//! field's `type` or an unknown `applies_to` name, not at the table around it.
//! Only [`crate::plan::Plan`] is used downstream.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::lang::Text;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlanFile {
    pub schema_version: Spanned<u32>,
    pub plan: RawMeta,
    #[serde(default)]
    pub school_types: Vec<Spanned<RawSchoolType>>,
    #[serde(default)]
    pub scopes: Vec<Spanned<RawScope>>,
    #[serde(default)]
    pub institutions: Vec<Spanned<RawInstitution>>,
    #[serde(default)]
    pub fields: Vec<Spanned<RawField>>,
    #[serde(default)]
    pub tasks: Vec<Spanned<RawTask>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub id: String,
    pub title: String,
    pub title_en: String,
    pub doc_number: String,
    pub issuer: String,
    pub issuer_en: String,
    pub issued: Spanned<Datetime>,
    pub period: Spanned<[i32; 2]>,
    /// The years a submission row may be for; outside them a year is a typo.
    #[serde(default)]
    pub data_years: Option<Spanned<[i32; 2]>>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

/// A kind of school the plan distinguishes (公办中职, 技工学校...). The engine has
/// none built in: every plan declares its own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSchoolType {
    pub key: Spanned<String>,
    pub label: String,
    pub label_en: String,
    /// Other words a submission's 学校类型 cell may use for this type.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A name the plan uses for a group of institutions (实施学校), e.g. 区内各中职学校.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScope {
    pub id: Spanned<String>,
    pub label: String,
    pub label_en: String,
    pub types: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInstitution {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(rename = "type")]
    pub school_type: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub code: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    pub key: Spanned<String>,
    pub label: Spanned<String>,
    pub label_en: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub unit_en: Option<String>,
    #[serde(default)]
    pub min: Option<Spanned<i64>>,
    #[serde(default)]
    pub at_most: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub description: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    pub number: Spanned<u32>,
    pub action: String,
    pub sub_action: String,
    pub task: String,
    pub indicator: String,
    pub sections: Vec<String>,
    /// English labels for `--lang en` reports (optional; `sections_en` one per section).
    pub action_en: Option<Spanned<String>>,
    pub sub_action_en: Option<Spanned<String>>,
    pub sections_en: Option<Spanned<Vec<String>>>,
    pub implementers: Vec<String>,
    #[serde(default)]
    pub citations: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    pub rules: Vec<Spanned<RawRule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCitation {
    pub clause: String,
    pub text: Spanned<String>,
}

/// One rule. Which keys are required depends on `kind`; `validate` checks that.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub title_en: Spanned<String>,
    pub kind: Spanned<String>,
    pub applies_to: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub level: Option<Spanned<String>>,
    /// Spanned here, not inside: `measure` is an untagged enum, which cannot carry
    /// spans within, so a problem anywhere in it is shown at the whole value.
    #[serde(default)]
    pub measure: Option<Spanned<RawMeasure>>,
    #[serde(default)]
    pub comparator: Option<Spanned<String>>,
    #[serde(default)]
    pub target: Option<Spanned<RawTarget>>,
    #[serde(default)]
    pub condition: Option<Spanned<RawCondition>>,
    #[serde(default)]
    pub field: Option<Spanned<String>>,
    #[serde(default)]
    pub evidence: Option<Spanned<String>>,
    #[serde(default)]
    pub fields: Vec<Spanned<String>>,
    /// `all_of`: the rules an institution must all meet.
    #[serde(default)]
    pub rules: Option<Spanned<Vec<Spanned<String>>>>,
    /// `share_of_institutions`: the rule whose passes are counted.
    #[serde(default)]
    pub rule: Option<Spanned<String>>,
    #[serde(default)]
    pub due: Option<Spanned<Datetime>>,
    #[serde(default)]
    pub every_year: Option<Spanned<RawEveryYear>>,
    pub severity: Spanned<String>,
    pub severity_reason: Spanned<String>,
    #[serde(default)]
    pub interpretation: Option<Text>,
    /// One of the plan's headline targets, shown first in the annual report.
    #[serde(default)]
    pub headline: bool,
}

/// `measure = "field"` or `measure = { numerator = "a", denominator = "b" }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawMeasure {
    Field(String),
    Ratio(RawRatio),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRatio {
    pub numerator: String,
    pub denominator: String,
    /// District rules only: the numerator sums over these instead of `applies_to`.
    #[serde(default)]
    pub numerator_applies_to: Option<Vec<String>>,
    /// What a zero denominator means: `not_applicable` (nothing to measure, the
    /// default) or `fail` (the share cannot be met).
    #[serde(default)]
    /// (A plain string: `measure` is an untagged enum, which cannot carry spans.)
    pub when_zero: Option<String>,
    /// `percent` (the default: a share, target "85%") or `per` (an amount per unit
    /// of the denominator, 生均: target 33).
    #[serde(default)]
    pub unit: Option<String>,
}

/// `target = 15000`, `target = "85%"`, `target = ["45%", "55%"]`, `target = true`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawTarget {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Range(Vec<RawScalar>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawScalar {
    Int(i64),
    Float(f64),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    pub measure: Spanned<RawMeasure>,
    pub comparator: Spanned<String>,
    pub target: Spanned<RawTarget>,
}

/// A deadline that recurs: `every_year = { due = "06-30", from = 2019, to = 2020 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEveryYear {
    pub due: Spanned<String>,
    pub from: i32,
    pub to: i32,
}

/// The registry file (`--registry`): the district's institutions, same shape as the
/// plan's `[[institutions]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegistryFile {
    #[serde(default)]
    pub institutions: Vec<Spanned<RawInstitution>>,
}
