//! The validated rosters of a plan: what evaluation of a record runs on.
//!
//! Built only by `plan::validate::rosters`, so every column a condition names
//! exists and has a kind the test suits (a number compared with a number, a date with
//! a date, a choice with one of its own words), every count verifies a count field,
//! and every check has a severity. Reading a roster never re-checks any of that.

use crate::lang::Text;
use crate::num::Num;
use crate::plan::FieldId;

/// Index of a column in [`Roster::columns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ColumnId(pub u16);

impl ColumnId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// One kind of roster the plan declares.
#[derive(Debug, Clone)]
pub struct Roster {
    pub key: String,
    pub label: Text,
    pub description: Text,
    pub columns: Vec<Column>,
    /// Columns identifying a record within an institution and year.
    pub unique: Vec<ColumnId>,
    pub counts: Vec<Count>,
    pub checks: Vec<RecordCheck>,
}

impl Roster {
    pub fn column(&self, id: ColumnId) -> &Column {
        &self.columns[id.index()]
    }

    /// The columns a header must name for a file to be read as this roster: the
    /// required ones.
    pub fn required(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.required)
    }

    /// Whether any column holds personal data.
    pub fn id_column(&self) -> Option<ColumnId> {
        self.columns.iter().position(|c| c.kind == ColumnKind::IdNumber).map(|i| ColumnId(i as u16))
    }
}

/// What a roster column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Count,
    Decimal,
    Bool,
    Date,
    /// One of the listed words (as the plan writes them).
    Choice(Vec<String>),
    /// A resident identity number: validated, printed only masked.
    IdNumber,
    /// A person's name: read, never printed.
    Name,
}

impl ColumnKind {
    pub fn key(&self) -> &'static str {
        match self {
            ColumnKind::Text => "text",
            ColumnKind::Count => "count",
            ColumnKind::Decimal => "decimal",
            ColumnKind::Bool => "bool",
            ColumnKind::Date => "date",
            ColumnKind::Choice(_) => "choice",
            ColumnKind::IdNumber => "id_number",
            ColumnKind::Name => "name",
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, ColumnKind::Count | ColumnKind::Decimal)
    }

    /// Whether the column holds personal data, which no output may show whole.
    pub fn is_personal(&self) -> bool {
        matches!(self, ColumnKind::IdNumber | ColumnKind::Name)
    }
}

/// A roster column.
#[derive(Debug, Clone)]
pub struct Column {
    pub key: String,
    pub label: Text,
    pub kind: ColumnKind,
    pub required: bool,
    pub aliases: Vec<String>,
    pub description: Text,
    /// For a birth date: the identity-number column whose birth date stands in for an
    /// empty cell.
    pub birth_date_of: Option<ColumnId>,
}

/// A count derived per institution and year.
#[derive(Debug, Clone)]
pub struct Count {
    /// The annual field it verifies (and fills when empty).
    pub verifies: FieldId,
    pub when: Vec<Condition>,
    /// Only records breaking no error-severity check are counted.
    pub lawful_only: bool,
    pub interpretation: Option<String>,
}

/// Whether breaking a record check makes a record unlawful.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckSeverity {
    Error,
    Warning,
}

/// A rule each record (or each group of records) must meet.
#[derive(Debug, Clone)]
pub struct RecordCheck {
    pub id: String,
    pub label: Text,
    pub article: Text,
    pub severity: CheckSeverity,
    pub when: Vec<Condition>,
    pub require: Vec<Condition>,
    pub group: Option<GroupLimit>,
    pub interpretation: Option<String>,
}

/// At most `share` of the largest `of` value among a group's records.
#[derive(Debug, Clone)]
pub struct GroupLimit {
    pub by: ColumnId,
    pub of: ColumnId,
    pub share: Num,
}

/// One test of one column.
#[derive(Debug, Clone)]
pub struct Condition {
    pub column: ColumnId,
    pub test: Test,
}

#[derive(Debug, Clone)]
pub enum Test {
    /// The cell is one of these words; for a bool, `Bool`.
    Is(Words),
    IsNot(Words),
    IsBool(bool),
    Filled(bool),
    /// The cell compared with an operand: `at_least` is `Ge`, `at_most` is `Le`.
    Compare {
        at_least: bool,
        with: Operand,
    },
}

/// The words of an `is` / `is_not` test, folded; for a choice column also as a
/// mask over the column's choices, so a choice cell (read as its index) is tested
/// without comparing text.
#[derive(Debug, Clone)]
pub struct Words {
    pub folded: Vec<String>,
    /// Per choice of the column, in the plan's order, whether it is one of the words
    /// (empty for a text column).
    pub choices: Vec<bool>,
}

/// What a cell is compared with.
#[derive(Debug, Clone)]
pub enum Operand {
    Number(Num),
    /// Another column's value, times a factor (numbers) or moved by months (dates).
    Column {
        column: ColumnId,
        times: Option<Num>,
        plus_months: i32,
    },
    /// The evaluation date, moved by months.
    AsOf {
        plus_months: i32,
    },
}
