//! The template of a roster the plan declares (`wjvet template --roster KEY`).
//!
//! A roster template is the annual template's sibling: the identity columns 学校名称
//! and 年度, then the roster's columns in plan order, each headed by its Chinese label,
//! the header [`crate::data`] recognises as that roster. Key decision: a roster is
//! named by its key exactly as the plan writes it (lowercase ASCII, digits,
//! underscores, as `plan::validate` requires), never folded or guessed, like a rule
//! id; a key the plan does not declare is the caller's usage error, listing the
//! keys there are. Nothing here knows teachers or internships: every word comes
//! from the plan's `[[rosters]]`. The CSV form is here; the workbook is in
//! [`super::roster_xlsx`].

use std::io::{self, Write};

use crate::data::Identity;
use crate::lang::Text;
use crate::plan::{FieldKind, Plan};
use crate::roster::{ColumnKind, Roster};
use crate::text;

/// The identity columns every roster file has, in template order.
pub const IDENTITY: [Identity; 2] = [Identity::School, Identity::Year];

/// The roster declared under exactly `key`, if any.
pub fn find<'p>(plan: &'p Plan, key: &str) -> Option<&'p Roster> {
    plan.rosters.iter().find(|r| r.key == key)
}

/// The plan's roster keys, in plan order.
pub fn keys(plan: &Plan) -> Vec<&str> {
    plan.rosters.iter().map(|r| r.key.as_str()).collect()
}

/// The header row: 学校名称, 年度, then every column's Chinese label in plan order.
pub fn header(roster: &Roster) -> Vec<String> {
    let ids = IDENTITY.into_iter().map(|i| i.label().zh);
    ids.chain(roster.columns.iter().map(|c| c.label.zh.clone())).collect()
}

/// Writes the CSV template: UTF-8 with a BOM and CRLF line ends, as the annual one
/// (see [`super::csv`] for why), holding the header row only.
pub fn write_csv(out: &mut dyn Write, roster: &Roster) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(out);
    w.write_record(header(roster))?;
    w.flush()
}

/// The kind of a column in words.
pub fn kind_text(kind: &ColumnKind) -> Text {
    match kind {
        ColumnKind::Text => super::guide::kind_text(FieldKind::Text),
        ColumnKind::Count => super::guide::kind_text(FieldKind::Count),
        ColumnKind::Decimal => super::guide::kind_text(FieldKind::Decimal),
        ColumnKind::Bool => super::guide::kind_text(FieldKind::Bool),
        ColumnKind::Date => super::guide::kind_text(FieldKind::Date),
        ColumnKind::Choice(_) => text!("选项", "choice"),
        ColumnKind::IdNumber => text!("身份证号", "identity number"),
        ColumnKind::Name => text!("姓名", "name"),
    }
}

/// The forms a cell of this kind may take.
pub fn forms(kind: &ColumnKind) -> Text {
    match kind {
        ColumnKind::Text => text!("按文本填写，编号保留前导 0", "as text; numbers keep their leading zeros"),
        ColumnKind::Count => text!("0 或正整数，如 12；不要写单位", "0 or a whole number, e.g. 12; no units"),
        ColumnKind::Decimal => {
            text!("0 或正数，如 12.5；不要写单位", "0 or a positive number, e.g. 12.5; no units")
        }
        ColumnKind::Bool => super::guide::forms(FieldKind::Bool),
        ColumnKind::Date => super::guide::forms(FieldKind::Date),
        ColumnKind::Choice(words) => {
            let (zh, en) = (words.join("、"), words.join(", "));
            text!("从下拉列表中选：{zh}", "one of: {en}")
        }
        ColumnKind::IdNumber => text!(
            "18 位居民身份证号，末位可为 X；本列为文本格式，不会变成 5.1E+17",
            "the 18-character resident identity number, X allowed last; the column is text, so it never turns into 5.1E+17"
        ),
        ColumnKind::Name => text!("姓名全称", "the full name"),
    }
}

/// 必填 or 选填.
pub fn required_text(required: bool) -> Text {
    if required { text!("必填", "required") } else { text!("选填", "optional") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_matched_exactly() {
        let plan = crate::plan::load(None).unwrap();
        assert_eq!(keys(&plan), ["teachers", "internships"]);
        assert!(find(&plan, "internships").is_some());
        for near in ["Internships", " internships", "internships ", "intern ships", "internship", ""] {
            assert!(find(&plan, near).is_none(), "{near:?} found");
        }
    }

    #[test]
    fn the_header_is_the_identity_columns_then_the_labels_in_plan_order() {
        let plan = crate::plan::load(None).unwrap();
        let roster = find(&plan, "teachers").unwrap();
        let h = header(roster);
        assert_eq!(h[..3], ["学校名称", "年度", "工号"]);
        assert_eq!(h.len(), roster.columns.len() + 2);
    }
}
