//! Data completeness: which institutions did not report which years, which fields
//! they left empty that a rule needed, and which years their data was invalid (with
//! the data errors that made it so: a school shown as 数据无效 is told why).
//!
//! Built from the findings of every reported year rather than from the columns, so
//! it lists exactly the gaps that stopped a rule from being judged — not every empty
//! cell (a milestone done in an earlier year may rightly be left empty). The
//! findings are read once and grouped by institution, so the cost grows with the
//! findings, not with institutions times findings.

use std::collections::HashMap;

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
    // Per institution, the years (indices into `years`) in which its data was invalid.
    let mut invalid_in: Vec<Vec<usize>> = vec![Vec::new(); data.institutions.len()];
    for (y, (_, findings)) in years.iter().enumerate() {
        for f in findings {
            if let (Some(i), Status::Invalid) = (f.institution(), f.status)
                && let Some(seen) = invalid_in.get_mut(i)
                && seen.last() != Some(&y)
            {
                seen.push(y);
            }
            let (Some(i), Message::NotReported(fs)) = (f.institution(), &f.message) else { continue };
            let Some(per_year) = empty.get_mut(i) else { continue };
            if per_year.is_empty() {
                per_year.resize(years.len(), Vec::new());
            }
            per_year[y].extend(fs.iter().copied());
        }
    }
    let files = files_of(data);
    let file_errors = errors_by_file(diags);
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
        let invalid = if invalid_in[i].is_empty() {
            Vec::new()
        } else {
            let errors = errors_of(&files, &file_errors, diags, i);
            let more = errors.len().saturating_sub(ERRORS_SHOWN);
            let shown: Vec<Text> = errors.into_iter().take(ERRORS_SHOWN).collect();
            invalid_in[i].iter().map(|y| (years[*y].0, shown.clone(), more)).collect()
        };
        if !missing_years.is_empty() || !missing_fields.is_empty() || !invalid.is_empty() {
            out.push(Gap { school: inst.name.clone(), missing_years, missing_fields, invalid });
        }
    }
    out
}

/// Per institution, the paths of the files its rows came from (each once).
fn files_of(data: &Dataset) -> Vec<Vec<&str>> {
    let mut files: Vec<Vec<&str>> = vec![Vec::new(); data.institutions.len()];
    for r in &data.rows {
        if let (Some(list), Some(f)) = (files.get_mut(r.institution), data.files.get(r.file))
            && !list.contains(&f.path.as_str())
        {
            list.push(f.path.as_str());
        }
    }
    files
}

/// The data errors of each file, as indices into `diags` (in order).
fn errors_by_file(diags: &Diagnostics) -> HashMap<&str, Vec<usize>> {
    let mut by_file: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, d) in diags.items().iter().enumerate() {
        if let (Level::Error, Some(f)) = (d.level, d.location.file.as_deref()) {
            by_file.entry(f).or_default().push(n);
        }
    }
    by_file
}

/// The data errors in the files institution `i`'s rows came from (the errors that
/// made a year of it invalid are among them), in the order they were reported, as
/// `file:row` and message.
fn errors_of(
    files: &[Vec<&str>],
    by_file: &HashMap<&str, Vec<usize>>,
    diags: &Diagnostics,
    i: usize,
) -> Vec<Text> {
    let mut at: Vec<usize> = files[i].iter().filter_map(|f| by_file.get(f)).flatten().copied().collect();
    at.sort_unstable();
    at.dedup();
    at.into_iter()
        .map(|n| {
            let d = &diags.items()[n];
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
        .collect()
}
