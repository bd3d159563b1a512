//! The exemptions of the annual summary (豁免事项): every exemption given with
//! `--exemptions`, with who it excuses from which rule, why, who approved it, the
//! document and the expiry, and what became of it on the evaluation date.
//!
//! All of them are listed, not only those applied: an expired or unused exemption is
//! something leadership signing the report should see too. The order is the file's,
//! so the list reads against the approval documents it came from.

use chrono::NaiveDate;

use crate::exempt::{ExemptionState, Outcome};
use crate::lang::Text;
use crate::report::Report;

/// One exemption as the summary lists it.
#[derive(Debug, Clone)]
pub struct ExemptionLine {
    /// The institution's name; `None` for a district rule.
    pub school: Option<String>,
    pub rule_id: String,
    pub rule_title: Text,
    pub years: Vec<i32>,
    pub reason: String,
    pub approved_by: String,
    pub document: Option<String>,
    pub expires: NaiveDate,
    pub outcome: Outcome,
}

impl ExemptionLine {
    /// `已适用（1 项）`, `已过期，未适用`, `未使用`.
    pub fn outcome_text(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self.outcome, lang) {
            (Outcome::Applied(n), Lang::Zh) => format!("已适用（{n} 项）"),
            (Outcome::Applied(n), Lang::En) => format!("applied ({n})"),
            (Outcome::Expired, _) => lang.pick("已过期，未适用", "expired, not applied").to_string(),
            (Outcome::Unused, _) => lang.pick("未使用", "unused").to_string(),
        }
    }
}

/// The exemptions of `report`, in the order of the file.
pub fn build(report: &Report) -> Vec<ExemptionLine> {
    report
        .exemptions
        .iter()
        .map(|ExemptionState { exemption: e, outcome }| {
            let rule = &report.plan.rules[e.rule];
            ExemptionLine {
                school: e.institution.map(|i| report.data.institutions[i].name.clone()),
                rule_id: rule.id.clone(),
                rule_title: rule.title.clone(),
                years: e.years.clone(),
                reason: e.reason.clone(),
                approved_by: e.approved_by.clone(),
                document: e.document.clone(),
                expires: e.expires,
                outcome: *outcome,
            }
        })
        .collect()
}
