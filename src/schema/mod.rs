//! JSON Schemas for the TOML files a user writes: the plan, the registry, the
//! exemptions file and the sign-off file. Editors that read a `#:schema` line (taplo,
//! Even Better TOML) use them for completion, hover text and inline errors.
//!
//! The schemas are generated from the raw serde types that read those files, so they
//! cannot drift from what wjvet accepts: a key added to a raw type is in the schema on
//! the next `WJVET_WRITE_SCHEMAS=1 cargo test --test schema`, and the test fails until
//! the checked-in copy in `docs/schema/` is regenerated. Reviews are CSV, not TOML,
//! and have no schema. Adding a schema is one line in [`SCHEMAS`].
//!
//! Key decision: draft-07 keeping to draft-4 keywords (taplo documents draft 4), with
//! the two places where TOML and JSON differ handled in [`toml_types`]: dates, and the
//! absence of null.

mod toml_types;

use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};
use serde_json::Value;

pub(crate) use toml_types::TomlDate;

/// Makes one schema.
pub type Generate = fn() -> Schema;

/// Every schema wjvet ships: its name (the file is `docs/schema/<name>.schema.json`)
/// and the function that generates it.
pub const SCHEMAS: &[(&str, Generate)] = &[
    ("plan", generate::<crate::plan::raw::RawPlanFile>),
    ("registry", generate::<crate::plan::raw::RawRegistryFile>),
    ("exemptions", generate::<crate::exempt::RawFile>),
    ("meta", generate::<crate::signoff::RawSignOff>),
];

/// Where the schema called `name` is checked in, relative to the repository root.
pub fn path(name: &str) -> String {
    format!("docs/schema/{name}.schema.json")
}

/// The schema called `name`, as the pretty-printed JSON checked in (ending in a
/// newline); `None` for a name not in [`SCHEMAS`].
pub fn render(name: &str) -> Option<String> {
    let (_, make) = SCHEMAS.iter().find(|(n, _)| *n == name)?;
    let mut json = serde_json::to_string_pretty(&make()).ok()?;
    json.push('\n');
    Some(json)
}

/// The schema of the file `T` reads.
fn generate<T: JsonSchema>() -> Schema {
    SchemaSettings::draft07()
        .with_transform(toml_types::NoNull)
        .with_transform(Reflow)
        .into_generator()
        .into_root_schema_for::<T>()
}

/// Joins the lines of each description (doc comments wrap at 100 columns; an editor
/// wraps for itself), keeping paragraph breaks.
#[derive(Debug, Clone, Copy)]
struct Reflow;

impl Transform for Reflow {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(Value::String(d)) = schema.get_mut("description") {
            *d = d
                .split("\n\n")
                .map(|p| p.split('\n').collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\n\n");
        }
        transform_subschemas(self, schema);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_null(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::String(s) => s == "null",
            Value::Array(a) => a.iter().any(has_null),
            Value::Object(o) => o.values().any(has_null),
            _ => false,
        }
    }

    #[test]
    fn every_schema_renders_without_null_and_names_are_unique() {
        let mut names: Vec<&str> = SCHEMAS.iter().map(|(n, _)| *n).collect();
        for n in &names {
            let json: Value = serde_json::from_str(&render(n).expect("renders")).expect("json");
            assert_eq!(json["$schema"], "http://json-schema.org/draft-07/schema#", "{n}");
            assert!(!has_null(&json), "{n}: TOML has no null");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SCHEMAS.len());
        assert_eq!(render("reviews"), None);
    }

    /// Every keyword used, under `properties` and `definitions` the names excepted.
    fn keywords(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Array(a) => a.iter().for_each(|v| keywords(v, out)),
            Value::Object(o) => {
                for (k, v) in o {
                    out.push(k.clone());
                    match (k.as_str(), v) {
                        ("properties" | "definitions", Value::Object(named)) => {
                            named.values().for_each(|v| keywords(v, out));
                        }
                        ("enum" | "default" | "required", _) => {}
                        _ => keywords(v, out),
                    }
                }
            }
            _ => {}
        }
    }

    /// taplo documents draft 4 support; keeping to its keywords keeps every editor
    /// on the same page (draft 7 changed none of their meanings).
    #[test]
    fn schemas_use_only_draft_4_keywords() {
        const DRAFT4: &[&str] = &[
            "$schema",
            "$ref",
            "title",
            "description",
            "default",
            "type",
            "properties",
            "additionalProperties",
            "required",
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "enum",
            "anyOf",
            "allOf",
            "oneOf",
            "not",
            "definitions",
            "pattern",
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
            "format",
        ];
        for (name, _) in SCHEMAS {
            let json: Value = serde_json::from_str(&render(name).unwrap()).unwrap();
            let mut used = Vec::new();
            keywords(&json, &mut used);
            let beyond: Vec<&String> = used.iter().filter(|k| !DRAFT4.contains(&k.as_str())).collect();
            assert!(beyond.is_empty(), "{name}: {beyond:?}");
        }
    }

    #[test]
    fn reflow_joins_lines_and_keeps_paragraphs() {
        let mut s = schemars::json_schema!({
            "description": "one\ntwo\n\nthree",
            "properties": { "a": { "description": "x\ny" } }
        });
        Reflow.transform(&mut s);
        assert_eq!(s.get("description"), Some(&Value::from("one two\n\nthree")));
        assert_eq!(s.pointer("/properties/a/description"), Some(&Value::from("x y")));
    }
}
