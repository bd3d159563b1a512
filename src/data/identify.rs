//! Which institution and year a row is about: the identity cells read, the name
//! matched against the registry (by name, alias, id or code, never by similarity),
//! the school type checked against it, and a near-miss suggested rather than guessed.

use super::cell::{self};
use super::header::HeaderMap;
use super::identity::Identity;
use super::load::Cx;
use super::model::{InstitutionEntry, Row};
use super::table::RawRow;
use crate::diag::{Code, Diagnostic, Location};
use crate::fold::fold;
use crate::lang::Text;
use crate::plan::SchoolType;
use crate::text;

impl Cx<'_> {
    /// Reads one data row; `None` when its identity cannot be established (reported).
    pub(super) fn row(
        &mut self,
        file: &str,
        file_index: usize,
        width: usize,
        map: &HeaderMap,
        raw: &RawRow,
    ) -> Option<Row> {
        let line = raw.line;
        let cell = |c: &super::model::ColumnRef| raw.cell(c.index);
        if raw.len() > width {
            let extra: Vec<&str> = raw.iter().skip(width).collect();
            if let Some(pos) = extra.iter().position(|c| !c.trim().is_empty()) {
                let index = width + pos;
                self.diags.push(
                    Diagnostic::new(
                        Code::RaggedRow,
                        Location::file(file).row(line).column(index, ""),
                        text!(
                            "这一行的单元格比表头多",
                            "this row has more cells than the header has columns"
                        ),
                    )
                    .value(extra[pos])
                    .hint(text!(
                        "给该列加上表头，或删除多出的单元格",
                        "give the column a header or delete the extra cells"
                    )),
                );
            }
        }
        for &b in &map.blank {
            if let Some(v) = Some(raw.cell(b)).filter(|v| !v.trim().is_empty()) {
                self.diags.push(
                    Diagnostic::new(
                        Code::BlankHeader,
                        Location::file(file).row(line).column(b, ""),
                        text!(
                            "此列没有表头，值未被读取",
                            "this column has no header, so its value was not read"
                        ),
                    )
                    .value(v),
                );
            }
        }
        let school_col = map.identity.get(&Identity::School)?;
        let year_col = map.identity.get(&Identity::Year)?;
        let school = cell::normalise(cell(school_col));
        let year_raw = cell(year_col);
        let loc = |c: &super::model::ColumnRef| Location::file(file).row(line).column(c.index, &c.header);
        if school.is_empty() {
            self.diags.push(
                Diagnostic::new(
                    Code::MissingIdentity,
                    loc(school_col),
                    text!("缺少学校名称", "the school name is empty"),
                )
                .expected(text!("学校全称", "the institution's full name")),
            );
        }
        let year = parse_year(year_raw);
        if year.is_none() {
            let code = if year_raw.trim().is_empty() { Code::MissingIdentity } else { Code::BadYear };
            self.diags.push(
                Diagnostic::new(code, loc(year_col), text!("年度无法识别", "the year cannot be read"))
                    .value(year_raw)
                    .expected(text!("四位年份，如 2019", "a four-digit year such as 2019")),
            );
        }
        let type_col = map.identity.get(&Identity::SchoolType);
        let type_raw = type_col.map(cell).unwrap_or("");
        let school_type = if type_raw.trim().is_empty() {
            None
        } else {
            let t = cell::normalise(type_raw);
            let parsed = SchoolType::parse(&t).or_else(|| SchoolType::parse(&t.to_lowercase()));
            if parsed.is_none() {
                if let Some(c) = type_col {
                    self.diags.push(
                        Diagnostic::new(Code::UnknownSchoolType, loc(c), text!("学校类型无法识别", "unknown school type"))
                            .value(type_raw)
                            .expected(text!(
                                "公办中职、民办中职 或 普通高中",
                                "公办中职, 民办中职 or 普通高中 (public_vocational, private_vocational, general_high)"
                            )),
                    );
                }
                return None;
            }
            parsed
        };
        if school.is_empty() {
            return None;
        }
        let year = year?;
        let institution = self.institution(&school, school_type, file, line, map)?;
        let values = self.values(file, line, year, map, raw);
        Some(Row { institution, year, file: file_index, line, values })
    }

    /// Finds or creates the institution a row belongs to.
    pub(super) fn institution(
        &mut self,
        name: &str,
        given: Option<SchoolType>,
        file: &str,
        line: u32,
        map: &HeaderMap,
    ) -> Option<usize> {
        let type_loc = || {
            let mut l = Location::file(file).row(line);
            if let Some(c) = map.identity.get(&Identity::SchoolType) {
                l = l.column(c.index, &c.header);
            }
            l
        };
        let key = fold(name);
        if let Some(idx) = self.dataset.registry.lookup_folded(&key) {
            let registered = self.dataset.registry.institutions[idx].school_type;
            if let Some(t) = given.filter(|t| *t != registered) {
                let (given_label, reg_label) =
                    (t.label(crate::lang::Lang::Zh), registered.label(crate::lang::Lang::Zh));
                let (given_en, reg_en) = (t.key(), registered.key());
                self.diags.push(
                    Diagnostic::new(
                        Code::SchoolTypeMismatch,
                        type_loc(),
                        text!(
                            "「{name}」登记为{reg_label}，此处填的是{given_label}",
                            "{name:?} is registered as {reg_en}, but this row says {given_en}"
                        ),
                    )
                    .value(given_label)
                    .expected(Text::new(reg_label, reg_en)),
                );
                return None;
            }
            return Some(idx);
        }
        if let Some(&idx) = self.unregistered.get(&key) {
            let known = self.dataset.institutions[idx].school_type;
            if let Some(t) = given.filter(|t| *t != known) {
                let (a, b) = (t.key(), known.key());
                self.diags.push(
                    Diagnostic::new(
                        Code::SchoolTypeMismatch,
                        type_loc(),
                        text!(
                            "「{name}」在其他行的学校类型不同",
                            "{name:?} has a different school type in another row"
                        ),
                    )
                    .value(a)
                    .expected(Text::new(b, b)),
                );
                return None;
            }
            return Some(idx);
        }
        let Some(school_type) = given else {
            self.diags.push(
                Diagnostic::new(
                    Code::UnknownSchoolType,
                    type_loc(),
                    text!(
                        "「{name}」不在登记名册中，需要填写学校类型",
                        "{name:?} is not registered, so its school type is needed"
                    ),
                )
                .expected(text!(
                    "公办中职、民办中职 或 普通高中",
                    "public_vocational, private_vocational or general_high"
                )),
            );
            return None;
        };
        // Without a registry most schools are unknown by design (the plan names only a
        // few), so only a near miss of a known name is worth a warning then.
        let suggestion = self.dataset.registry.closest_folded(&key);
        if self.dataset.registry.complete || suggestion.is_some() {
            let mut d = Diagnostic::new(
                Code::UnregisteredInstitution,
                Location::file(file).row(line),
                text!("「{name}」不在计划或登记名册中", "{name:?} is not in the plan or the registry"),
            )
            .value(name);
            if let Some(s) = suggestion {
                d = d.hint(text!("是不是「{s}」？", "did you mean {s:?}?"));
            }
            self.diags.push(d);
        }
        let idx = self.dataset.institutions.len();
        self.dataset.institutions.push(InstitutionEntry {
            name: name.to_string(),
            school_type,
            registered: None,
        });
        self.unregistered.insert(key, idx);
        Some(idx)
    }
}

/// Reads `2019`, `2019年` or `2019.0` (Excel) as a year between 1900 and 2200.
pub(super) fn parse_year(raw: &str) -> Option<i32> {
    let s = cell::normalise(raw);
    let s = s.strip_suffix('年').unwrap_or(&s);
    let s = s.strip_suffix(".0").unwrap_or(s);
    let y: i32 = s.parse().ok()?;
    (1900..=2200).contains(&y).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(parse_year("2019"), Some(2019));
        assert_eq!(parse_year("２０１９年"), Some(2019));
        assert_eq!(parse_year("2019.0"), Some(2019));
        assert_eq!(parse_year("19"), None);
        assert_eq!(parse_year("二〇一九"), None);
    }
}
