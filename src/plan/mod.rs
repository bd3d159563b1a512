//! The plan: the action plan's tasks, targets and deadlines as data.
//!
//! Stage one of the pipeline (plan -> data -> eval -> report -> render). The default
//! plan is `plan.toml` at the top of the repository, compiled into the binary with
//! `include_str!` so `wjvet` runs anywhere without it; `--plan FILE` replaces it.
//! Nothing about a particular plan lives in code: a new plan is a new TOML file.

pub mod check;
mod lint;
mod model;
mod raw;
mod registry;
mod validate;

use std::path::Path;

pub use lint::{Original, lint, untested_rules};
pub use model::*;
pub use registry::{InstitutionId, Registry};
pub use validate::{parse_plan, parse_registry};

use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

/// The plan compiled into the binary (温教发〔2018〕206号).
pub const EMBEDDED_PLAN: &str = include_str!("../../plan.toml");

/// The plan's full text as received, for checking citations.
pub const EMBEDDED_SOURCE: &str = include_str!("../../docs/source/wenjiao-2018-206.txt");

/// Loads the embedded plan, or the file at `path`.
pub fn load(path: Option<&Path>) -> Result<Plan, Diagnostics> {
    match path {
        None => parse_plan(EMBEDDED_PLAN, "plan.toml (embedded)"),
        Some(p) => {
            let origin = p.display().to_string();
            let source = read_text(p, &origin)?;
            parse_plan(&source, &origin)
        }
    }
}

/// Builds the registry from the plan and, if given, a registry file.
pub fn load_registry(plan: &Plan, path: Option<&Path>) -> Result<Registry, Diagnostics> {
    match path {
        None => Ok(Registry::from_plan(plan)),
        Some(p) => {
            let origin = p.display().to_string();
            let source = read_text(p, &origin)?;
            let extra = parse_registry(&source, &origin, plan)?;
            Ok(Registry::with_file(plan, extra))
        }
    }
}

fn read_text(path: &Path, origin: &str) -> Result<String, Diagnostics> {
    std::fs::read_to_string(path).map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::new(
            Code::PlanUnreadable,
            Location::file(origin),
            text!("无法读取：{e}", "cannot read: {e}"),
        ));
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn embedded_plan_is_valid() {
        match load(None) {
            Ok(plan) => assert!(!plan.rules.is_empty()),
            Err(d) => {
                let all: Vec<String> = d.items().iter().map(|d| d.render(Lang::En)).collect();
                panic!("embedded plan invalid:\n{}", all.join("\n"));
            }
        }
    }
}
