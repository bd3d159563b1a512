//! The identity columns every submission carries: which institution, which year,
//! which kind of school.
//!
//! These belong to the engine, not to a plan: any plan's data is one row per
//! institution per year. Plan fields may not reuse these names (checked when the plan
//! is validated), so a header can never mean two things.

use crate::lang::Text;

/// One of the identity columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Identity {
    School,
    Year,
    SchoolType,
}

impl Identity {
    pub const ALL: [Identity; 3] = [Identity::School, Identity::Year, Identity::SchoolType];

    pub fn key(self) -> &'static str {
        match self {
            Identity::School => "school",
            Identity::Year => "year",
            Identity::SchoolType => "school_type",
        }
    }

    pub fn label(self) -> Text {
        match self {
            Identity::School => Text::new("学校名称", "School"),
            Identity::Year => Text::new("年度", "Year"),
            Identity::SchoolType => Text::new("学校类型", "School type"),
        }
    }

    /// Every header text accepted for this column.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Identity::School => &["school", "学校名称", "学校", "School", "school_name"],
            Identity::Year => &["year", "年度", "年份", "Year"],
            Identity::SchoolType => &["school_type", "学校类型", "School type", "办学类型"],
        }
    }

    /// Whether a file without this column is rejected.
    pub fn required(self) -> bool {
        !matches!(self, Identity::SchoolType)
    }
}
