//! The annual inspection summary (年度督查汇总): one model of the year, built once
//! from a [`Report`], laid out by the renderers in `render::annual`.
//!
//! Between stage four (report) and five (render). [`build`] takes the checked report
//! year and re-evaluates every earlier year in the data, each as of its own
//! 31 December; years after the report year are ignored, so a 2019 summary reads
//! the same whether or not 2020 has been submitted. Everything a renderer shows is
//! decided here: numbers stay exact (shown through `num::display`), sentences are
//! [`Text`] in both languages, and the order is fixed, so the HTML, XLSX and
//! Markdown of one year agree line for line.

mod completeness;
mod conclusions;
mod exemptions;
mod headline;
mod narrative;
mod problems;
pub mod projection;
mod rosters;
mod scorecard;
mod tally;

use chrono::NaiveDate;

pub use completeness::Gap;
pub use exemptions::ExemptionLine;
pub use headline::{Headline, Outlook, Point};
pub use narrative::Narrative;
pub use problems::{Delay, Problem};
pub use rosters::{RosterBreach, RosterChecks, RosterMismatch};
pub use scorecard::{Cell, Line, RuleHead, School, Scorecard};
pub use tally::{COLUMNS, Group, Tally, TaskLine};

use crate::eval::{self, EvalOptions, Finding};
use crate::lang::Text;
use crate::report::Report;

/// What the report is about and where its data came from.
#[derive(Debug, Clone)]
pub struct Header {
    pub plan_title: Text,
    pub doc_number: String,
    pub issuer: Text,
    pub plan_period: (i32, i32),
    /// The report year.
    pub year: i32,
    /// The evaluation date of the report year.
    pub as_of: NaiveDate,
    /// Every year covered, ascending, the report year last.
    pub years: Vec<i32>,
    /// Submission file names (no directories, so the report does not depend on
    /// where the files were kept).
    pub files: Vec<String>,
    /// Rows read for the years covered.
    pub rows: usize,
    /// Institutions with a row in the report year.
    pub reporting: usize,
    /// Institutions in the registry, when a registry file listed the district.
    pub registered: Option<usize>,
}

/// Status counts of one year.
#[derive(Debug, Clone)]
pub struct YearTotals {
    pub year: i32,
    pub tally: Tally,
}

/// The whole annual summary.
#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub header: Header,
    /// Key sentences for the opening paragraph.
    pub conclusions: Vec<Text>,
    /// 主要成效, 存在问题, 整改要求: paragraphs templated from the numbers.
    pub narrative: Narrative,
    /// All findings of the report year.
    pub totals: Tally,
    pub by_year: Vec<YearTotals>,
    pub headlines: Vec<Headline>,
    pub actions: Vec<Group>,
    pub sections: Vec<Group>,
    pub scorecard: Scorecard,
    pub schools: Vec<School>,
    pub problems: Vec<Problem>,
    pub gaps: Vec<Gap>,
    /// Reported figures the rosters did not support, and record-check breaches per
    /// school: part of the completeness section.
    pub rosters: RosterChecks,
    /// Every exemption given (`--exemptions`), applied or not.
    pub exemptions: Vec<ExemptionLine>,
    /// Every rule the report names, in plan order: its id and title, for the
    /// appendix where the reader who sees only titles looks an id up.
    pub rule_index: Vec<(String, Text)>,
    /// The plan's English labels of actions, sub-actions and sections, by Chinese name.
    pub labels_en: std::collections::BTreeMap<String, String>,
    /// The sign-off (`report --meta`): header lines and a signature block.
    pub signoff: Option<crate::signoff::SignOff>,
    /// Last run's problems against this year's (`--previous`).
    pub follow_up: Option<crate::follow_up::FollowUp>,
}

/// The findings of every year covered by `report`: earlier years in the data, each
/// evaluated as of its 31 December, then the report year's own findings.
pub fn evaluate_years(report: &Report) -> Vec<(i32, Vec<Finding>)> {
    let year = report.opts.year;
    let exemptions: Vec<_> = report.exemptions.iter().map(|s| s.exemption.clone()).collect();
    let reviews: Vec<_> = report.reviews.iter().map(|s| s.review.clone()).collect();
    let mut out: Vec<(i32, Vec<Finding>)> = report
        .data
        .years()
        .into_iter()
        .filter(|y| *y < year)
        .map(|y| {
            let opts = EvalOptions::end_of_year(y);
            let mut findings = eval::evaluate(&report.plan, &report.data, opts);
            // Decisions name their year, so an earlier year's hold there too.
            crate::review::apply(&reviews, &mut findings);
            // The same approved exemptions hold for every year they name.
            crate::exempt::apply(&exemptions, &mut findings, opts);
            (y, findings)
        })
        .collect();
    out.push((year, report.findings.clone()));
    out
}

impl AnnualReport {
    /// An action's, sub-action's or section's name in `lang`: the plan's English
    /// label, or the Chinese name where the plan gives none.
    pub fn label<'a>(&'a self, zh: &'a str, lang: crate::lang::Lang) -> &'a str {
        match lang {
            crate::lang::Lang::En => self.labels_en.get(zh).map_or(zh, String::as_str),
            crate::lang::Lang::Zh => zh,
        }
    }

    /// Several names in `lang`, joined as a list.
    pub fn labels(&self, zh: &[String], lang: crate::lang::Lang) -> String {
        let v: Vec<&str> = zh.iter().map(|n| self.label(n, lang)).collect();
        v.join(lang.pick("、", ", "))
    }
}

/// Chinese name -> English label, from every task that gives one (validation made
/// them agree across tasks).
fn labels_en(plan: &crate::plan::Plan) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for t in &plan.tasks {
        for (zh, en) in [(&t.action, &t.action_en), (&t.sub_action, &t.sub_action_en)] {
            if let Some(en) = en {
                out.insert(zh.clone(), en.clone());
            }
        }
        if let Some(en) = &t.sections_en {
            out.extend(t.sections.iter().cloned().zip(en.iter().cloned()));
        }
    }
    out
}

/// The rules `a` names anywhere (scorecard, headlines, problems, exemptions), in
/// plan order.
fn rule_index(plan: &crate::plan::Plan, a: &AnnualReport) -> Vec<(String, Text)> {
    let named: std::collections::HashSet<&str> = a
        .scorecard
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .chain(a.headlines.iter().map(|h| h.rule_id.as_str()))
        .chain(a.problems.iter().map(|p| p.rule_id.as_str()))
        .chain(a.exemptions.iter().map(|e| e.rule_id.as_str()))
        .collect();
    plan.rules
        .iter()
        .filter(|r| named.contains(r.id.as_str()))
        .map(|r| (r.id.clone(), r.title.clone()))
        .collect()
}

/// Builds the summary of `report`'s year.
pub fn build(report: &Report) -> AnnualReport {
    let plan = &report.plan;
    let data = &report.data;
    let years = evaluate_years(report);
    let year_list: Vec<i32> = years.iter().map(|(y, _)| *y).collect();
    let meta = &plan.meta;
    let mut files: Vec<String> = data
        .files
        .iter()
        .map(|f| {
            std::path::Path::new(&f.path)
                .file_name()
                .map_or(f.path.clone(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    files.dedup();
    let header = Header {
        plan_title: meta.title.clone(),
        doc_number: meta.doc_number.clone(),
        issuer: meta.issuer.clone(),
        plan_period: meta.period,
        year: report.opts.year,
        as_of: report.opts.as_of,
        years: year_list.clone(),
        files,
        rows: data.rows.iter().filter(|r| year_list.contains(&r.year)).count(),
        reporting: data.institutions_in(report.opts.year).len(),
        registered: data.registry.complete.then_some(data.registry.institutions.len()),
    };
    let lines = tally::tasks(plan, &report.findings);
    let mut annual = AnnualReport {
        header,
        conclusions: Vec::new(),
        narrative: Narrative::default(),
        totals: Tally::of(&report.findings),
        by_year: years.iter().map(|(y, fs)| YearTotals { year: *y, tally: Tally::of(fs) }).collect(),
        headlines: headline::build(plan, data, &year_list, report.opts.as_of, &report.findings),
        actions: tally::by_action(plan, &lines),
        sections: tally::by_section(&lines),
        scorecard: scorecard::build(report),
        schools: scorecard::schools(report),
        problems: problems::build(report),
        gaps: completeness::build(plan, data, &years, &report.diagnostics),
        rosters: rosters::build(plan, data, &year_list, &report.diagnostics),
        exemptions: exemptions::build(report),
        signoff: None,
        rule_index: Vec::new(),
        labels_en: labels_en(plan),
        follow_up: report.follow_up.clone(),
    };
    annual.conclusions = conclusions::write(&annual);
    annual.narrative = narrative::write(&annual);
    annual.rule_index = rule_index(plan, &annual);
    annual
}
