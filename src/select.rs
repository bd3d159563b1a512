//! Selecting what a run reports: rules by id or glob, tasks, institutions, sections
//! (责任科室) and severity.
//!
//! A selection narrows the report, never the evaluation: every rule is still judged
//! (district sums need every school), then only the selected findings are kept and
//! summarised. A selection that matches nothing is an error, and so is each single
//! `--rule`, `--task`, `--school` or `--section` value that matches nothing: a typo
//! must never turn into a silent pass.

use crate::data::Dataset;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::eval::Finding;
use crate::fold::{closest, fold};
use crate::plan::{Plan, Severity};
use crate::text;

/// What to keep. Empty lists mean "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Rule ids or glob patterns (`T15.*`, `T2?.*`).
    pub rules: Vec<String>,
    pub tasks: Vec<u32>,
    /// Institution names, aliases or codes. With any, district findings are left out.
    pub schools: Vec<String>,
    /// 责任科室, as written in the plan (成职教科...).
    pub sections: Vec<String>,
    pub severity: Option<Severity>,
    /// Also keep the findings each selected composite rule (`all_of`,
    /// `share_of_institutions`) was judged from, so `explain` can list them. They are
    /// never summarised in place of the selected rule.
    pub with_parts: bool,
}

/// A resolved selection.
#[derive(Debug, Clone)]
pub struct Chosen {
    /// Indexed by rule.
    rules: Vec<bool>,
    /// Dataset institution indices, or `None` for all institutions and the district.
    institutions: Option<Vec<usize>>,
}

impl Chosen {
    pub fn keeps(&self, f: &Finding) -> bool {
        self.keeps_rule(f.rule()) && self.keeps_institution(f.institution())
    }

    pub fn keeps_rule(&self, rule: usize) -> bool {
        self.rules[rule]
    }

    pub fn keeps_institution(&self, inst: Option<usize>) -> bool {
        match (&self.institutions, inst) {
            (None, _) => true,
            (Some(set), Some(i)) => set.contains(&i),
            (Some(_), None) => false,
        }
    }
}

fn nothing(what: &str, value: &str, hint: Option<&str>) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::EmptySelection,
        Location::default(),
        text!("{what}「{value}」没有匹配项", "{what} {value:?} matches nothing"),
    )
    .value(value);
    if let Some(h) = hint {
        d = d.hint(text!("是不是「{h}」？", "did you mean {h:?}?"));
    }
    d
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
            && self.tasks.is_empty()
            && self.schools.is_empty()
            && self.sections.is_empty()
            && self.severity.is_none()
    }

    /// Resolves the selection against the plan and the data; every value that matches
    /// nothing is reported.
    pub fn resolve(&self, plan: &Plan, data: &Dataset) -> Result<Chosen, Diagnostics> {
        let mut diags = Diagnostics::default();
        let ids = || plan.rules.iter().map(|r| r.id.as_str());
        let mut patterns = Vec::new();
        for p in &self.rules {
            match glob::Pattern::new(p) {
                Ok(pat) if plan.rules.iter().any(|r| pat.matches(&r.id)) => patterns.push(pat),
                Ok(_) => diags.push(nothing("--rule", p, closest(p, ids()))),
                Err(e) => {
                    let msg = e.to_string();
                    diags.push(
                        Diagnostic::new(
                            Code::EmptySelection,
                            Location::default(),
                            text!(
                                "--rule「{p}」不是有效的通配模式：{msg}",
                                "--rule {p:?} is not a valid pattern: {msg}"
                            ),
                        )
                        .value(p.clone()),
                    );
                }
            }
        }
        for t in &self.tasks {
            if plan.task(*t).is_none() {
                diags.push(nothing("--task", &t.to_string(), None));
            }
        }
        let sections: Vec<String> = plan.tasks.iter().flat_map(|t| t.sections.iter().cloned()).collect();
        for s in &self.sections {
            if !sections.iter().any(|known| fold(known) == fold(s)) {
                diags.push(nothing("--section", s, closest(s, sections.iter().map(String::as_str))));
            }
        }
        let mut institutions = Vec::new();
        for s in &self.schools {
            match data.find_institution(s) {
                Some(i) => institutions.push(i),
                None => diags.push(nothing(
                    "--school",
                    s,
                    closest(s, data.institutions.iter().map(|i| i.name.as_str())),
                )),
            }
        }
        let mut rules: Vec<bool> = plan
            .rules
            .iter()
            .map(|r| {
                (patterns.is_empty() || patterns.iter().any(|p| p.matches(&r.id)))
                    && (self.tasks.is_empty() || self.tasks.contains(&r.task))
                    && (self.severity.is_none_or(|s| r.severity == s))
                    && (self.sections.is_empty()
                        || plan.task(r.task).is_some_and(|t| {
                            t.sections.iter().any(|sec| self.sections.iter().any(|s| fold(s) == fold(sec)))
                        }))
            })
            .collect();
        if diags.is_empty() && !rules.contains(&true) {
            diags.push(Diagnostic::new(
                Code::EmptySelection,
                Location::default(),
                text!("所选条件合在一起没有匹配任何规则", "the selection as a whole matches no rule"),
            ));
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if self.with_parts {
            let parts: Vec<usize> = plan
                .rules
                .iter()
                .zip(&rules)
                .filter(|(_, kept)| **kept)
                .flat_map(|(r, _)| r.kind.parts())
                .collect();
            for p in parts {
                rules[p] = true;
            }
        }
        let institutions = (!self.schools.is_empty()).then_some(institutions);
        Ok(Chosen { rules, institutions })
    }
}
