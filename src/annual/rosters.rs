//! What the rosters say, for the completeness section: each reported figure a roster
//! did not support, and per school and year how many records broke each record check.
//!
//! Aggregates only, never a person: everything here comes from the
//! [`Tally`](crate::roster::Tally), which keeps no row. A mismatch is listed exactly
//! when loading reported it (`roster-mismatch` at the annual row), so a school whose
//! roster rows had errors (and whose figures were therefore not cross-checked) is
//! not listed with a count that left those rows out.

use crate::data::Dataset;
use crate::diag::{Code, Diagnostics};
use crate::lang::Text;
use crate::num::{self, Num, Round};
use crate::plan::Plan;

/// A reported figure the roster does not support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterMismatch {
    pub school: String,
    pub year: i32,
    pub roster: Text,
    pub field: Text,
    pub reported: String,
    pub roster_count: u64,
}

/// Records of one school and year breaking one record check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterBreach {
    pub school: String,
    pub year: i32,
    pub roster: Text,
    /// The check's label and the article it cites.
    pub check: Text,
    pub article: Text,
    pub records: u64,
}

/// Both lists, in (roster, institution, year) order, then plan order.
#[derive(Debug, Clone, Default)]
pub struct RosterChecks {
    pub mismatches: Vec<RosterMismatch>,
    pub breaches: Vec<RosterBreach>,
}

impl RosterChecks {
    pub fn is_empty(&self) -> bool {
        self.mismatches.is_empty() && self.breaches.is_empty()
    }
}

/// The roster checks of the `years` covered.
pub fn build(plan: &Plan, data: &Dataset, years: &[i32], diags: &Diagnostics) -> RosterChecks {
    let mut out = RosterChecks::default();
    for (&(ri, inst, year), agg) in &data.rosters.per {
        if !years.contains(&year) {
            continue;
        }
        let roster = &plan.rosters[ri];
        let school = &data.institutions[inst].name;
        if let Some(row) = data.row(inst, year)
            && mismatch_reported(data, row, diags)
        {
            for (ci, count) in roster.counts.iter().enumerate() {
                let derived = agg.counts[ci];
                match row.num(count.verifies) {
                    Some(v) if v != Num::from_integer(i128::from(derived)) => {
                        out.mismatches.push(RosterMismatch {
                            school: school.clone(),
                            year,
                            roster: roster.label.clone(),
                            field: plan.field(count.verifies).label.clone(),
                            reported: num::format_num(&v, 2, Round::Down),
                            roster_count: derived,
                        });
                    }
                    _ => {}
                }
            }
        }
        for (ci, check) in roster.checks.iter().enumerate() {
            if agg.breaches[ci] > 0 {
                out.breaches.push(RosterBreach {
                    school: school.clone(),
                    year,
                    roster: roster.label.clone(),
                    check: check.label.clone(),
                    article: check.article.clone(),
                    records: agg.breaches[ci],
                });
            }
        }
    }
    out
}

/// Whether loading reported a `roster-mismatch` at `row` (its file and line).
fn mismatch_reported(data: &Dataset, row: &crate::data::Row, diags: &Diagnostics) -> bool {
    let Some(file) = data.files.get(row.file) else { return false };
    diags.items().iter().any(|d| {
        d.code == Code::RosterMismatch
            && d.location.file.as_deref() == Some(file.path.as_str())
            && d.location.row == Some(row.line)
    })
}
