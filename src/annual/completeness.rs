//! Data completeness: which institutions did not report which years, and which
//! fields they left empty that a rule needed.
//!
//! Built from the findings of every reported year rather than from the columns, so
//! it lists exactly the gaps that stopped a rule from being judged — not every empty
//! cell (a milestone done in an earlier year may rightly be left empty). The
//! findings are read once and grouped by institution, so the cost grows with the
//! findings, not with institutions times findings.

use crate::data::Dataset;
use crate::eval::{Finding, Message};
use crate::lang::Text;
use crate::plan::{FieldId, Plan};

/// One institution's gaps.
#[derive(Debug, Clone)]
pub struct Gap {
    pub school: String,
    /// Years of the report with no row from this institution.
    pub missing_years: Vec<i32>,
    /// Per year with a row: the fields a rule needed and found empty (plan order).
    pub missing_fields: Vec<(i32, Vec<Text>)>,
}

/// Institutions with at least one gap, in dataset order.
pub fn build(plan: &Plan, data: &Dataset, years: &[(i32, Vec<Finding>)]) -> Vec<Gap> {
    // Per institution, per year covered (in `years` order): the fields found empty.
    let mut empty: Vec<Vec<Vec<FieldId>>> = vec![Vec::new(); data.institutions.len()];
    for (y, (_, findings)) in years.iter().enumerate() {
        for f in findings {
            let (Some(i), Message::NotReported(fs)) = (f.institution, &f.message) else { continue };
            let Some(per_year) = empty.get_mut(i) else { continue };
            if per_year.is_empty() {
                per_year.resize(years.len(), Vec::new());
            }
            per_year[y].extend(fs.iter().copied());
        }
    }
    let mut out = Vec::new();
    for (i, inst) in data.institutions.iter().enumerate() {
        let reported: Vec<i32> =
            years.iter().map(|(y, _)| *y).filter(|y| data.row(i, *y).is_some()).collect();
        // An institution is expected every year when the registry lists the district,
        // or when it reported at least once in the years covered.
        let expected = (data.registry.complete && inst.registered.is_some()) || !reported.is_empty();
        let missing_years: Vec<i32> = if expected {
            years.iter().map(|(y, _)| *y).filter(|y| !reported.contains(y)).collect()
        } else {
            Vec::new()
        };
        let mut missing_fields = Vec::new();
        for ((year, _), mut fields) in years.iter().zip(std::mem::take(&mut empty[i])) {
            fields.sort_unstable();
            fields.dedup();
            if !fields.is_empty() {
                let labels = fields.iter().map(|f| plan.field(*f).label.clone()).collect();
                missing_fields.push((*year, labels));
            }
        }
        if !missing_years.is_empty() || !missing_fields.is_empty() {
            out.push(Gap { school: inst.name.clone(), missing_years, missing_fields });
        }
    }
    out
}
