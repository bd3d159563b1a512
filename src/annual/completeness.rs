//! Data completeness: which institutions did not report which years, which fields
//! they left empty that a rule needed, and which years their data was invalid (with
//! the data errors that made it so: a school shown as 数据无效 is told why).
//!
//! Built from the findings of every reported year rather than from the columns, so
//! it lists exactly the gaps that stopped a rule from being judged — not every empty
//! cell (a milestone done in an earlier year may rightly be left empty). The
//! findings are read once and grouped by institution, so the cost grows with the
//! findings, not with institutions times findings.

use crate::data::Dataset;
use crate::diag::{Diagnostics, Level};
use crate::eval::{Finding, Message, Status};
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
    /// Per year whose data was invalid: the data errors in the institution's files
    /// (at most [`ERRORS_SHOWN`] each, then how many more), as `file:row` and message.
    pub invalid: Vec<(i32, Vec<Text>, usize)>,
}

/// How many data errors are quoted per invalid year; the rest are counted.
pub const ERRORS_SHOWN: usize = 3;

/// Institutions with at least one gap, in dataset order.
pub fn build(plan: &Plan, data: &Dataset, years: &[(i32, Vec<Finding>)], diags: &Diagnostics) -> Vec<Gap> {
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
        let invalid = invalid_years(data, i, years, diags);
        if !missing_years.is_empty() || !missing_fields.is_empty() || !invalid.is_empty() {
            out.push(Gap { school: inst.name.clone(), missing_years, missing_fields, invalid });
        }
    }
    out
}

/// The years institution `i` is `invalid` in, each with the data errors of the files
/// its rows came from (the errors that made it invalid are among them).
fn invalid_years(
    data: &Dataset,
    i: usize,
    years: &[(i32, Vec<Finding>)],
    diags: &Diagnostics,
) -> Vec<(i32, Vec<Text>, usize)> {
    let mut out = Vec::new();
    for (year, findings) in years {
        if !findings.iter().any(|f| f.institution == Some(i) && f.status == Status::Invalid) {
            continue;
        }
        let files: Vec<&str> = data
            .rows
            .iter()
            .filter(|r| r.institution == i)
            .filter_map(|r| data.files.get(r.file).map(|f| f.path.as_str()))
            .collect();
        let errors: Vec<Text> = diags
            .items()
            .iter()
            .filter(|d| {
                d.level == Level::Error && d.location.file.as_deref().is_some_and(|f| files.contains(&f))
            })
            .map(|d| {
                let place = match (&d.location.file, d.location.row) {
                    (Some(f), Some(r)) => format!("{f}:{r}"),
                    (Some(f), None) => f.clone(),
                    _ => String::new(),
                };
                let value = d.value.as_deref().map(|v| format!(" {v:?}")).unwrap_or_default();
                Text::new(
                    format!("{place}{value}：{}", d.message.zh),
                    format!("{place}{value}: {}", d.message.en),
                )
            })
            .collect();
        let more = errors.len().saturating_sub(ERRORS_SHOWN);
        out.push((*year, errors.into_iter().take(ERRORS_SHOWN).collect(), more));
    }
    out
}
