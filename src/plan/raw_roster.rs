//! The `[[rosters]]` of a plan file exactly as written: record-level inputs (花名册).
//!
//! A roster is a file with one row per person or placement. The plan declares its
//! columns (like `[[fields]]`), the counts derived from its rows and the annual field
//! each count verifies, and the checks every record must pass. Nothing about teachers
//! or internships is known to the engine: another plan declares its own rosters. The
//! conditions are a deliberately small language (a column compared with a value,
//! another column or the evaluation date) so a plan author can read every one and no
//! condition can run away; `validate::rosters` resolves every name in it.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::lang::Text;

/// A kind of roster: its columns, what is counted from it, what each record must meet.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRoster {
    /// Lowercase ASCII letters, digits and underscores, e.g. "internships";
    /// `wjvet template --roster KEY` writes its template.
    #[schemars(with = "String")]
    pub key: Spanned<String>,
    /// The roster's name in Chinese, e.g. 学生实习信息表.
    pub label: String,
    /// The roster's name in English.
    pub label_en: String,
    /// What one row is and who keeps the roster, in both languages.
    pub description: Text,
    /// Columns whose values together identify one record: a second row with the same
    /// values in the same institution and year is a duplicate (`duplicate-record`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub unique: Vec<Spanned<String>>,
    /// The columns, besides the identity columns 学校名称 and 年度 every roster has.
    #[schemars(with = "Vec<RawColumn>")]
    pub columns: Vec<Spanned<RawColumn>>,
    /// Counts derived per institution and year, each verifying an annual field.
    #[serde(default)]
    #[schemars(with = "Vec<RawCount>")]
    pub counts: Vec<Spanned<RawCount>>,
    /// Rules every record (row) must meet, each citing where it comes from.
    #[serde(default)]
    #[schemars(with = "Vec<RawRecordCheck>")]
    pub checks: Vec<Spanned<RawRecordCheck>>,
}

/// A column of a roster.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawColumn {
    /// Lowercase ASCII letters, digits and underscores; conditions name columns by it.
    #[schemars(with = "String")]
    pub key: Spanned<String>,
    /// The Chinese header.
    #[schemars(with = "String")]
    pub label: Spanned<String>,
    /// The English header.
    pub label_en: String,
    /// What the column holds: text, count, decimal, bool (是/否), date, choice (one of
    /// `choices`), id_number (a resident identity number, personal data: printed only
    /// masked) or name (a person's name, personal data: never printed).
    #[serde(rename = "type")]
    #[schemars(extend("enum" = ["text", "count", "decimal", "bool", "date", "choice", "id_number", "name"]))]
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// Whether every row must fill the column; an empty cell is then `missing-value`.
    #[serde(default)]
    pub required: bool,
    /// The words a choice column accepts (compared ignoring width, case and spaces).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub choices: Vec<Spanned<String>>,
    /// For a date column holding a birth date: an id_number column whose embedded
    /// birth date stands in when this cell is empty.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub or_birth_date_of: Option<Spanned<String>>,
    /// Other headers accepted for this column.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What to enter, in both languages (the template's guide shows it).
    pub description: Text,
}

/// A count derived from a roster for each institution and year.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCount {
    /// The annual field (a `[[fields]]` key, a count) this count verifies: a
    /// different reported figure is `roster-mismatch`, and an empty one is filled
    /// from the roster so rules can judge it.
    #[schemars(with = "String")]
    pub verifies: Spanned<String>,
    /// The rows counted: every condition must hold (an empty list counts every row).
    #[serde(default)]
    #[schemars(with = "Vec<RawCondition>")]
    pub when: Vec<Spanned<RawCondition>>,
    /// Count only rows that break none of the roster's error-severity checks.
    #[serde(default)]
    pub lawful_only: bool,
    /// How a vague sentence of the plan is read here, if it is one.
    #[serde(default)]
    pub interpretation: Option<String>,
}

/// A rule each record must meet.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRecordCheck {
    /// A unique id such as "P.hours-day".
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// What the rule requires, in Chinese.
    pub label: String,
    /// What the rule requires, in English.
    pub label_en: String,
    /// The document and article the rule comes from, as written, e.g.
    /// 《职业学校学生实习管理规定》第十六条.
    pub article: String,
    /// The document and article in English.
    pub article_en: String,
    /// error: a record breaking it is not lawful (counts with `lawful_only` leave it
    /// out); warning: it is reported and nothing else.
    #[schemars(extend("enum" = ["error", "warning"]))]
    #[schemars(with = "String")]
    pub severity: Spanned<String>,
    /// The records the rule applies to (all of them when empty).
    #[serde(default)]
    #[schemars(with = "Vec<RawCondition>")]
    pub when: Vec<Spanned<RawCondition>>,
    /// What such a record must meet: every condition. An empty cell a condition
    /// needs breaks the rule (what is not recorded cannot be shown).
    #[serde(default)]
    #[schemars(with = "Vec<RawCondition>")]
    pub require: Vec<Spanned<RawCondition>>,
    /// A limit on each group of records instead of on each record: the records in
    /// `when` that share the `group_by` column (and the year) are counted.
    #[serde(default)]
    pub group: Option<RawGroupLimit>,
    /// How a vague sentence of the regulation is read here, if it is one.
    #[serde(default)]
    pub interpretation: Option<String>,
}

/// A limit on how many records one group may hold, e.g. interns at one host at most
/// 10% of its staff on post.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGroupLimit {
    /// The column whose value forms the groups (compared ignoring width, case, spaces).
    #[schemars(with = "String")]
    pub by: Spanned<String>,
    /// A number column: the group may hold at most `share` of its largest value.
    #[schemars(with = "String")]
    pub at_most_share_of: Spanned<String>,
    /// The share, e.g. "10%".
    #[schemars(with = "String")]
    pub share: Spanned<String>,
}

/// One condition on a record: a column, and exactly one test of it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    /// The column tested.
    pub column: String,
    /// The cell is one of these words (a choice or text), or 是/否 for a bool.
    #[serde(default)]
    pub is: Option<OneOrMany>,
    /// The cell is none of these words; an empty cell is not "none of them".
    #[serde(default)]
    pub is_not: Option<OneOrMany>,
    /// true: the cell is not empty; false: it is empty.
    #[serde(default)]
    pub filled: Option<bool>,
    /// The cell is at least this: a number, "80%" of another column (with `times`), a
    /// column key, or "as_of" (the evaluation date) for a date.
    #[serde(default)]
    pub at_least: Option<Operand>,
    /// The cell is at most this (as `at_least`).
    #[serde(default)]
    pub at_most: Option<Operand>,
    /// Multiplies a column operand, e.g. "80%".
    #[serde(default)]
    pub times: Option<String>,
    /// Moves a date operand by whole months, e.g. 6 or -6.
    #[serde(default)]
    pub plus_months: Option<i32>,
}

/// One word or several.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// What a column is compared with.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Operand {
    /// A whole number.
    Integer(i64),
    /// A column key, "as_of", or a decimal written as text ("7.5").
    Name(String),
}
