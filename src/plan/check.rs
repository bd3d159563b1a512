//! `wjvet plan check`: a plan file validated, then linted, every problem collected.
//!
//! Validation errors come first and stop there (a plan that does not validate has
//! nothing sound to lint). A valid plan is linted ([`super::lint`]) with its source
//! text: for a shipped plan the text compiled in beside it, for a plan file the file
//! `[plan] source` names, relative to the plan file's directory, so a plan and its
//! source text travel together.

use std::path::Path;

use super::lint::{Original, lint_tested};
use super::{Plan, parse_plan, read_text, shipped};
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

/// Checks the plan `path` names: none for the default plan, a shipped plan's name,
/// or a file.
pub fn check(path: Option<&Path>) -> PlanCheck {
    check_with(path, |_| None)
}

/// Like [`check`], and warns about every rule that no case of the plan's tests
/// names, when `exercised` gives the tested rule ids for the plan (`None`: no tests).
pub fn check_with(path: Option<&Path>, exercised: impl FnOnce(&Plan) -> Option<Vec<String>>) -> PlanCheck {
    let named = path.and_then(Path::to_str).and_then(shipped::by_name);
    let file = path.filter(|_| named.is_none());
    let (origin, text, source) = match file {
        None => {
            let s = named.unwrap_or_else(shipped::default);
            (format!("{} (embedded)", s.path), s.toml.to_string(), Ok(s.source.map(str::to_string)))
        }
        Some(p) => {
            let origin = p.display().to_string();
            let Ok(text) = read_text(p, &origin) else {
                // `load` words an unreadable file, or a name no plan has, for every command.
                let diagnostics = super::load(Some(p)).err().unwrap_or_default();
                return PlanCheck { origin, plan: None, diagnostics };
            };
            (origin, text, Err(p))
        }
    };
    let plan = match parse_plan(&text, &origin) {
        Ok(plan) => plan,
        Err(diagnostics) => return PlanCheck { origin, plan: None, diagnostics },
    };
    // A shipped plan's source text is compiled in; a file's is beside it.
    let source = match (source, &plan.meta.source) {
        (Ok(compiled), _) => Ok(compiled),
        (Err(_), None) => Ok(None),
        (Err(p), Some(rel)) => {
            let full = p.parent().unwrap_or(Path::new("")).join(rel);
            std::fs::read_to_string(&full).map(Some).map_err(|e| e.to_string())
        }
    };
    let original = match &source {
        Ok(None) => Original::None,
        Ok(Some(t)) => Original::Text(t),
        Err(e) => Original::Unreadable(e),
    };
    let ids = exercised(&plan);
    let ids: Option<std::collections::HashSet<&str>> =
        ids.as_ref().map(|v| v.iter().map(String::as_str).collect());
    let diagnostics = lint_tested(&plan, &text, &origin, original, ids.as_ref());
    PlanCheck { origin, plan: Some(plan), diagnostics }
}
