//! Where TOML and JSON Schema do not meet: dates and null.
//!
//! JSON has no date type, so an editor validating TOML against a JSON Schema turns a
//! TOML date into a string first and checks it against `{"type": "string",
//! "format": "date"}` (taplo and Even Better TOML do). [`TomlDate`] is that schema,
//! named with `#[schemars(with = "TomlDate")]` where a raw type holds a
//! `toml::value::Datetime`. The schema cannot tell `2020-12-31` from
//! `"2020-12-31"`; wjvet itself refuses the quoted one, with its line.
//!
//! TOML has no null: an optional key is left out, never written empty. schemars lets
//! every `Option` be null (and default to null); [`NoNull`] takes that back out.

use std::borrow::Cow;

use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

/// A TOML local date such as 2020-12-31.
#[derive(Debug)]
pub(crate) struct TomlDate;

impl JsonSchema for TomlDate {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "TomlDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}

/// Removes `null` from every `type` list, every `{"type": "null"}` alternative and
/// every `"default": null`.
#[derive(Debug, Clone, Copy)]
pub(super) struct NoNull;

impl Transform for NoNull {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(obj) = schema.as_object_mut() {
            if let Some(Value::Array(types)) = obj.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    obj.insert("type".into(), only);
                }
            }
            if obj.get("default").is_some_and(Value::is_null) {
                obj.remove("default");
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(alternatives)) = obj.get_mut(key) {
                    alternatives.retain(|a| a.get("type").is_none_or(|t| t != "null"));
                }
            }
        }
        transform_subschemas(self, schema);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_null_leaves_what_toml_can_write() {
        let mut s = json_schema!({
            "type": ["string", "null"],
            "properties": {
                "a": { "anyOf": [{ "$ref": "#/definitions/A" }, { "type": "null" }], "default": null },
                "b": { "type": ["integer", "string", "null"] }
            }
        });
        NoNull.transform(&mut s);
        let want = json_schema!({
            "type": "string",
            "properties": {
                "a": { "anyOf": [{ "$ref": "#/definitions/A" }] },
                "b": { "type": ["integer", "string"] }
            }
        });
        assert_eq!(s, want);
    }
}
