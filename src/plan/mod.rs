//! The plan: the action plan's tasks, targets and deadlines as data.
//!
//! Stage one of the pipeline (plan -> data -> eval -> report -> render). The default
//! plan is `plan.toml` at the top of the repository, compiled into the binary with
//! `include_str!` so `wjvet` runs anywhere without it; `--plan FILE` replaces it.
//! Nothing about a particular plan lives in code: a new plan is a new TOML file.

pub mod check;
mod lint;
mod model;
pub(crate) mod raw;
pub mod raw_roster;
mod registry;
pub mod shipped;
mod validate;

use std::path::Path;

pub use lint::{Original, lint, lint_tested, untested_rules};
pub use model::*;
pub use registry::{InstitutionId, Registry};
pub use validate::{parse_plan, parse_registry};

use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

/// The default plan compiled into the binary.
pub const EMBEDDED_PLAN: &str = shipped::SHIPPED[0].toml;

/// The default plan's full text as received, for checking citations.
pub const EMBEDDED_SOURCE: &str = match shipped::SHIPPED[0].source {
    Some(s) => s,
    None => "",
};

/// Loads the default plan (`None`), a shipped plan by name, or the file at `path`.
pub fn load(path: Option<&Path>) -> Result<Plan, Diagnostics> {
    let named = path.and_then(Path::to_str).and_then(shipped::by_name);
    match (path, named) {
        (None, _) => parse_plan(EMBEDDED_PLAN, "plan.toml (embedded)"),
        (Some(_), Some(s)) => parse_plan(s.toml, &format!("{} (embedded)", s.path)),
        (Some(p), None) => {
            let origin = p.display().to_string();
            let source = read_text(p, &origin).map_err(|mut d| {
                // A word that is neither a shipped plan nor a file: say which plans exist.
                if !p.exists() && !shipped::looks_like_path(&origin) {
                    let names = shipped::names().join(", ");
                    let hint = crate::fold::closest(&origin, shipped::names())
                        .map(|n| format!(" (did you mean {n:?}?)"))
                        .unwrap_or_default();
                    d = Diagnostics::default();
                    d.push(Diagnostic::new(
                        Code::PlanUnreadable,
                        Location::file(&origin),
                        text!(
                            "没有名为「{origin}」的计划{hint}：内置计划有 {names}；或给出 .toml 文件的路径",
                            "no plan named {origin:?}{hint}: the shipped plans are {names}; or give the path of a .toml file"
                        ),
                    ));
                }
                d
            })?;
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
