//! `wjvet plan check`: a plan file validated, then linted, every problem collected.
//!
//! Validation errors come first and stop there (a plan that does not validate has
//! nothing sound to lint). A valid plan is linted ([`super::lint`]) with its source
//! text when `[plan] source` names one: for the embedded plan that is the text
//! compiled in beside it, for a plan file a path relative to the file's directory,
//! so a plan and its source text travel together.

use std::path::Path;

use super::lint::{Original, lint};
use super::{EMBEDDED_PLAN, EMBEDDED_SOURCE, Plan, parse_plan, read_text};
use crate::diag::Diagnostics;

/// What checking a plan found.
#[derive(Debug)]
pub struct PlanCheck {
    /// The file as named in diagnostics.
    pub origin: String,
    /// The plan, when it validates.
    pub plan: Option<Plan>,
    /// Validation errors, or else lint warnings.
    pub diagnostics: Diagnostics,
}

/// Checks the plan at `path`, or the embedded plan.
pub fn check(path: Option<&Path>) -> PlanCheck {
    let (origin, text) = match path {
        None => ("plan.toml (embedded)".to_string(), EMBEDDED_PLAN.to_string()),
        Some(p) => {
            let origin = p.display().to_string();
            match read_text(p, &origin) {
                Ok(t) => (origin, t),
                Err(diagnostics) => return PlanCheck { origin, plan: None, diagnostics },
            }
        }
    };
    let plan = match parse_plan(&text, &origin) {
        Ok(plan) => plan,
        Err(diagnostics) => return PlanCheck { origin, plan: None, diagnostics },
    };
    let source = match (&plan.meta.source, path) {
        (None, _) => Ok(None),
        (Some(_), None) => Ok(Some(EMBEDDED_SOURCE.to_string())),
        (Some(rel), Some(p)) => {
            let full = p.parent().unwrap_or(Path::new("")).join(rel);
            std::fs::read_to_string(&full).map(Some).map_err(|e| e.to_string())
        }
    };
    let original = match &source {
        Ok(None) => Original::None,
        Ok(Some(t)) => Original::Text(t),
        Err(e) => Original::Unreadable(e),
    };
    let diagnostics = lint(&plan, &text, &origin, original);
    PlanCheck { origin, plan: Some(plan), diagnostics }
}
