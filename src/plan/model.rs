//! The validated plan: the types evaluation runs on.
//!
//! These types are built only by `validate`, so every reference in them resolves: a
//! rule's fields are indices into `Plan::fields`, its institutions indices into the
//! registry, its target has the shape its comparator needs, and its schedule suits
//! its kind. Evaluation never re-checks any of that.

use chrono::NaiveDate;
use serde::Serialize;

use crate::lang::{Lang, Text};
use crate::num::{Num, Unit};

/// Index of a field in [`Plan::fields`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId(pub u16);

impl FieldId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The plan with everything resolved.
#[derive(Debug, Clone)]
pub struct Plan {
    pub meta: Meta,
    pub school_types: Vec<SchoolTypeDef>,
    pub scopes: Vec<ScopeDef>,
    pub institutions: Vec<Institution>,
    pub fields: Vec<Field>,
    pub tasks: Vec<Task>,
    /// All rules in plan order (task by task, as written).
    pub rules: Vec<Rule>,
    /// Record-level inputs (花名册) and what is derived and checked from them.
    pub rosters: Vec<crate::roster::Roster>,
}

impl Plan {
    pub fn field(&self, id: FieldId) -> &Field {
        &self.fields[id.index()]
    }

    pub fn task(&self, number: u32) -> Option<&Task> {
        self.tasks.iter().find(|t| t.number == number)
    }

    /// For each field, whether a deadline rule (milestone, filing) reads it: a wrong
    /// date there decides a verdict, so an implausible one is an error, not a warning.
    pub fn deadline_fields(&self) -> Vec<bool> {
        let mut out = vec![false; self.fields.len()];
        for r in &self.rules {
            if let RuleKind::Milestone { field, .. } | RuleKind::Filing { field, .. } = &r.kind {
                out[field.index()] = true;
            }
        }
        out
    }

    /// The declared school type `s` names (key, label or alias), if any.
    pub fn school_type(&self, s: &str) -> Option<SchoolType> {
        self.school_types
            .iter()
            .position(|t| t.is_named(s))
            .and_then(|i| u8::try_from(i).ok())
            .map(SchoolType)
    }

    pub fn field_by_key(&self, key: &str) -> Option<FieldId> {
        self.fields.iter().position(|f| f.key == key).and_then(|i| u16::try_from(i).ok()).map(FieldId)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub id: String,
    pub title: Text,
    pub doc_number: String,
    pub issuer: Text,
    pub issued: NaiveDate,
    pub period: (i32, i32),
    /// The years a submission row may be for (`[plan] data_years`, by default the
    /// period widened by [`Meta::DATA_YEARS_BEFORE`] and [`Meta::DATA_YEARS_AFTER`]):
    /// a row for any other year is a typo (`implausible-year`), never a year judged.
    pub data_years: (i32, i32),
    pub source: Option<String>,
}

impl Meta {
    /// Years before the plan period that rows may still be for by default: the
    /// baseline a growth rule compares with.
    pub const DATA_YEARS_BEFORE: i32 = 3;
    /// Years after the plan period that rows may still be for by default: a target
    /// stays in force after its year, and bureaus check on.
    pub const DATA_YEARS_AFTER: i32 = 5;
}

/// A kind of school, as the plan declares it (`[[school_types]]`): an index into
/// [`Plan::school_types`]. The engine knows no school types of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchoolType(pub u8);

impl SchoolType {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The plan's key (`public_vocational`), as JSON and CSV output write it.
    pub fn key(self, plan: &Plan) -> &str {
        &plan.school_types[self.index()].key
    }

    /// The label a person reads (公办中职 / public vocational).
    pub fn label(self, plan: &Plan, lang: Lang) -> &str {
        plan.school_types[self.index()].label.get(lang)
    }
}

/// One declared school type: its key, its labels, and the other words a
/// submission's 学校类型 cell may use for it.
#[derive(Debug, Clone)]
pub struct SchoolTypeDef {
    pub key: String,
    pub label: Text,
    pub aliases: Vec<String>,
}

impl SchoolTypeDef {
    /// Whether `s` names this type: its key, either label or an alias, ignoring
    /// width, case and spaces as institution names are matched.
    pub fn is_named(&self, s: &str) -> bool {
        let wanted = crate::fold::fold(s);
        [&self.key, &self.label.zh, &self.label.en]
            .into_iter()
            .chain(&self.aliases)
            .any(|n| crate::fold::fold(n) == wanted)
    }
}

/// A named group of institutions (实施学校), e.g. 区内各中职学校 = all vocational types.
#[derive(Debug, Clone)]
pub struct ScopeDef {
    pub id: String,
    pub label: Text,
    pub types: Vec<SchoolType>,
}

/// An institution the plan or the registry names.
#[derive(Debug, Clone)]
pub struct Institution {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub school_type: SchoolType,
    pub aliases: Vec<String>,
    pub code: Option<String>,
}

/// What kind of value a field holds; decides parsing, validation and display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// A whole number of persons, rooms, classes... (never negative).
    Count,
    /// An exact decimal amount.
    Decimal,
    /// A share, written 85%, 0.85 or 85.
    Percent,
    /// 是/否.
    Bool,
    /// A calendar date.
    Date,
    /// The date something was completed, or 未完成 (not done yet).
    Completion,
    /// Free text such as a document number.
    Text,
}

impl FieldKind {
    pub fn key(self) -> &'static str {
        match self {
            FieldKind::Count => "count",
            FieldKind::Decimal => "decimal",
            FieldKind::Percent => "percent",
            FieldKind::Bool => "bool",
            FieldKind::Date => "date",
            FieldKind::Completion => "completion",
            FieldKind::Text => "text",
        }
    }

    pub const ALL: [FieldKind; 7] = [
        FieldKind::Count,
        FieldKind::Decimal,
        FieldKind::Percent,
        FieldKind::Bool,
        FieldKind::Date,
        FieldKind::Completion,
        FieldKind::Text,
    ];

    pub fn parse(s: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.key() == s)
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, FieldKind::Count | FieldKind::Decimal | FieldKind::Percent)
    }
}

/// An input column defined by the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub key: String,
    pub label: Text,
    pub kind: FieldKind,
    pub unit: Option<Text>,
    pub min: Option<i64>,
    /// This field's value may not exceed these fields' values in the same row.
    #[serde(skip)]
    pub at_most: Vec<FieldId>,
    pub aliases: Vec<String>,
    pub description: Text,
}

/// One of the plan's numbered tasks (一览表).
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub number: u32,
    pub action: String,
    pub sub_action: String,
    pub task: String,
    pub indicator: String,
    pub sections: Vec<String>,
    /// English labels (validated: non-empty, one per section, one per Chinese name).
    pub action_en: Option<String>,
    pub sub_action_en: Option<String>,
    pub sections_en: Option<Vec<String>>,
    pub implementers: Vec<String>,
    pub citations: Vec<Citation>,
}

/// A clause of the plan and the exact words a rule encodes.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub clause: String,
    pub text: String,
}

/// Severity of a rule: whether missing it fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        }
    }
}

/// Which institutions a rule (or a term of it) is about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    pub types: Vec<SchoolType>,
    /// Indices into [`Plan::institutions`].
    pub institutions: Vec<usize>,
}

impl Scope {
    /// A scope made only of named institutions is fully known without a registry.
    pub fn is_named_only(&self) -> bool {
        self.types.is_empty()
    }
}

/// Whether a rule is judged per institution or over the district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    School,
    District,
}

/// `>=`, `>`, `<=`, `<`, `==`, or a closed range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparator {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "between")]
    Between,
}

impl Comparator {
    pub fn parse(s: &str) -> Option<Comparator> {
        Some(match s {
            ">=" => Comparator::Ge,
            ">" => Comparator::Gt,
            "<=" => Comparator::Le,
            "<" => Comparator::Lt,
            "==" => Comparator::Eq,
            "between" => Comparator::Between,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Gt => ">",
            Comparator::Le => "≤",
            Comparator::Lt => "<",
            Comparator::Eq => "=",
            Comparator::Between => "∈",
        }
    }

    /// Whether more of the measure can only help: then a partial sum that already
    /// meets the target is a definite pass.
    pub fn rewards_more(self) -> bool {
        matches!(self, Comparator::Ge | Comparator::Gt)
    }
}

/// A target value, shaped for its comparator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Num(Num),
    Range(Num, Num),
    Bool(bool),
}

/// What a numeric rule measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// One field's value (summed over institutions for district rules).
    Field(FieldId),
    /// numerator / denominator; for district rules a ratio of sums, never an average
    /// of ratios. `numerator_scope` narrows the numerator's institutions.
    Ratio {
        numerator: FieldId,
        denominator: FieldId,
        numerator_scope: Option<Scope>,
        when_zero: WhenZero,
        unit: RatioUnit,
    },
}

/// How a ratio is read (`unit` in plan.toml): a share of a whole, written and
/// shown as a percentage (85% of teachers), or an amount per unit of the
/// denominator (生均: 33 m² of land per student, 20 students per teacher), written
/// and shown as a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RatioUnit {
    #[default]
    Percent,
    Per,
}

/// What a ratio's zero denominator means (`when_zero` in plan.toml): nothing to
/// measure (no interns, so no intern needs insurance), or a share that cannot be met
/// (a school reporting 0 full-time teachers has not reached 85% qualified teachers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WhenZero {
    #[default]
    NotApplicable,
    Fail,
}

impl Measure {
    pub fn fields(&self) -> Vec<FieldId> {
        match self {
            Measure::Field(f) => vec![*f],
            Measure::Ratio { numerator, denominator, .. } => vec![*numerator, *denominator],
        }
    }

    pub fn unit(&self, plan: &Plan) -> Unit {
        match self {
            Measure::Ratio { unit: RatioUnit::Percent, .. } => Unit::Percent,
            Measure::Ratio { unit: RatioUnit::Per, .. } => Unit::Plain,
            Measure::Field(f) if plan.field(*f).kind == FieldKind::Percent => Unit::Percent,
            Measure::Field(_) => Unit::Plain,
        }
    }
}

/// A measured condition: `measure comparator target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Target,
}

/// When a rule is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Once, by this date (inclusive: the day counts whole).
    By(NaiveDate),
    /// Every year from `from` to `to`, by `month`-`day` of that year.
    EveryYear { month: u32, day: u32, from: i32, to: i32 },
}

/// What a rule checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleKind {
    /// A number or ratio per institution.
    Threshold(Condition),
    /// Fields summed over the institutions in scope, then the formula applied.
    District(Condition),
    /// Something done once by a date: the completion date is reported.
    Milestone { field: FieldId, evidence: Option<FieldId> },
    /// Something filed every year by a day of that year: the filing date is reported.
    Filing { field: FieldId, evidence: Option<FieldId> },
    /// This year's value against last year's.
    Growth { measure: Measure, comparator: Comparator, level: Level },
    /// How many institutions in scope meet `condition`, against a target count.
    Count { condition: Condition, comparator: Comparator, target: Num },
    /// The institution reports a reference to evidence (a document number, a file).
    Evidence { field: FieldId },
    /// Needs the inspector's judgement; the listed fields are shown to help.
    Manual { fields: Vec<FieldId>, level: Level },
    /// The institution meets every one of these school-level rules (indices into
    /// [`Plan::rules`], each earlier in the plan); those outside its scope are skipped.
    AllOf { rules: Vec<usize> },
    /// The share of institutions in scope whose finding for `rule` (a school-level
    /// rule earlier in the plan) is a pass, against a target share.
    ShareOf { rule: usize, comparator: Comparator, target: Num },
}

impl RuleKind {
    pub fn key(&self) -> &'static str {
        match self {
            RuleKind::Threshold(_) => "threshold",
            RuleKind::District(_) => "district",
            RuleKind::Milestone { .. } => "milestone",
            RuleKind::Filing { .. } => "filing",
            RuleKind::Growth { .. } => "growth",
            RuleKind::Count { .. } => "count",
            RuleKind::Evidence { .. } => "evidence",
            RuleKind::Manual { .. } => "manual",
            RuleKind::AllOf { .. } => "all_of",
            RuleKind::ShareOf { .. } => "share_of_institutions",
        }
    }

    /// The rules a composite rule is judged from (indices into [`Plan::rules`]).
    pub fn parts(&self) -> Vec<usize> {
        match self {
            RuleKind::AllOf { rules } => rules.clone(),
            RuleKind::ShareOf { rule, .. } => vec![*rule],
            _ => Vec::new(),
        }
    }

    pub fn level(&self) -> Level {
        match self {
            RuleKind::District(_) | RuleKind::Count { .. } | RuleKind::ShareOf { .. } => Level::District,
            RuleKind::Growth { level, .. } | RuleKind::Manual { level, .. } => *level,
            _ => Level::School,
        }
    }
}

/// One checkable rule of a task.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub task: u32,
    pub title: Text,
    pub kind: RuleKind,
    pub applies_to: Scope,
    /// The words of `applies_to` as written in plan.toml, for display.
    pub applies_to_keys: Vec<String>,
    pub schedule: Schedule,
    pub severity: Severity,
    pub severity_reason: String,
    pub interpretation: Option<Text>,
    /// A headline target of the plan (`headline = true`): the annual report charts
    /// it first. Only numeric threshold and district rules can be headlines.
    pub headline: bool,
}

impl Rule {
    /// The last date the rule falls due: its one date, or the due day of its last year.
    pub fn final_due(&self) -> Option<NaiveDate> {
        match self.schedule {
            Schedule::By(d) => Some(d),
            Schedule::EveryYear { to, .. } => self.due_for(to),
        }
    }

    /// For a recurring deadline, the due date of the year before `year` (whether or
    /// not that year is in range): a filing dated on or before it belongs to an
    /// earlier cycle and cannot count for `year`.
    pub fn previous_due(&self, year: i32) -> Option<NaiveDate> {
        match self.schedule {
            Schedule::By(_) => None,
            Schedule::EveryYear { month, day, .. } => NaiveDate::from_ymd_opt(year - 1, month, day)
                .or_else(|| NaiveDate::from_ymd_opt(year - 1, month, 28)),
        }
    }

    /// The due date for the reporting `year`, or `None` when the rule does not apply
    /// to that year (a recurring deadline outside its range).
    pub fn due_for(&self, year: i32) -> Option<NaiveDate> {
        match self.schedule {
            Schedule::By(d) => Some(d),
            Schedule::EveryYear { month, day, from, to } => {
                if year < from || year > to {
                    None
                } else {
                    NaiveDate::from_ymd_opt(year, month, day)
                        .or_else(|| NaiveDate::from_ymd_opt(year, month, 28))
                }
            }
        }
    }
}
