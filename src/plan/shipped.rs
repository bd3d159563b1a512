//! The plans wjvet ships, compiled in and chosen by name (`--plan dabiao-2022`).
//!
//! A bureau should not need the repository to check against a national programme, so
//! each shipped plan (with the source text its citations quote) is built into the
//! binary. The first is the default. A name is a plan's `[plan] id`; anything that
//! looks like a path (a separator, or a `.toml` ending) is read as a file instead, so
//! `./dabiao-2022` still reaches a local file of that name.

/// One plan compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Shipped {
    /// The plan's `[plan] id`, the name `--plan` accepts.
    pub id: &'static str,
    /// Where it lives in the repository, shown as its origin in diagnostics.
    pub path: &'static str,
    pub toml: &'static str,
    /// The text its citations quote, when it ships one.
    pub source: Option<&'static str>,
}

/// Every shipped plan; the first is the default.
pub const SHIPPED: &[Shipped] = &[
    Shipped {
        id: "wenjiao-2018-206",
        path: "plan.toml",
        toml: include_str!("../../plan.toml"),
        source: Some(include_str!("../../docs/source/wenjiao-2018-206.txt")),
    },
    Shipped {
        id: "dabiao-2022",
        path: "plans/dabiao-2022.toml",
        toml: include_str!("../../plans/dabiao-2022.toml"),
        source: None,
    },
];

/// The default plan.
pub fn default() -> &'static Shipped {
    &SHIPPED[0]
}

/// The shipped plan `arg` names, unless `arg` is written as a path.
pub fn by_name(arg: &str) -> Option<&'static Shipped> {
    if looks_like_path(arg) {
        return None;
    }
    SHIPPED.iter().find(|s| s.id == arg)
}

/// A separator or a `.toml` ending: the user means a file.
pub fn looks_like_path(arg: &str) -> bool {
    arg.contains(['/', '\\']) || arg.to_ascii_lowercase().ends_with(".toml")
}

/// The shipped plans' names, for a "did you mean" and for `wjvet plans`.
pub fn names() -> Vec<&'static str> {
    SHIPPED.iter().map(|s| s.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_plan_is_valid_and_named_by_its_id() {
        for s in SHIPPED {
            let plan = crate::plan::parse_plan(s.toml, s.path)
                .unwrap_or_else(|d| panic!("{} is invalid: {:?}", s.path, d.items()));
            assert_eq!(plan.meta.id, s.id, "{} is listed under another name", s.path);
        }
    }

    #[test]
    fn a_path_is_never_taken_for_a_name() {
        let id = default().id;
        assert!(by_name(id).is_some());
        assert!(by_name(&format!("./{id}")).is_none());
        assert!(by_name(&format!("{id}.toml")).is_none());
        assert!(by_name(&format!("plans\\{id}")).is_none());
        assert!(by_name("no-such-plan").is_none());
    }
}
