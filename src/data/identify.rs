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
    /// Reads one data row; `None` when its identity cannot be established or its
    /// cells cannot be told apart (reported). `fixed_width` is true for text files,
    /// where every row Excel writes has as many fields as the header: a shorter one
    /// was cut (a last line saved half-way), and padding it with blanks would read
    /// `…,14` as the wrong column's 14.
    pub(super) fn row(
        &mut self,
        file: &str,
        file_index: usize,
        header: &[String],
        fixed_width: bool,
        map: &HeaderMap,
        raw: &RawRow,
    ) -> Option<Row> {
        let line = raw.line;
        let width = header.len();
        let cell = |c: &super::model::ColumnRef| raw.cell(c.index);
        if fixed_width && raw.len() < width {
            let index = raw.len();
            let (have, missing) = (raw.len(), header[index].trim());
            self.diags.push(
                Diagnostic::new(
                    Code::RaggedRow,
                    Location::file(file).row(line).column(index, missing),
                    text!(
                        "这一行只有 {have} 个单元格，表头有 {width} 列：从「{missing}」起的列缺失",
                        "this row has {have} cells but the header has {width} columns: the cells from {missing:?} on are missing"
                    ),
                )
                .expected(text!("与表头同样多的单元格", "as many cells as the header has columns"))
                .hint(text!(
                    "这一行可能被截断了：在 Excel 中打开文件，补全这一行后重新另存为 CSV",
                    "the row may have been cut off: open the file in Excel, complete the row and save it as CSV again"
                )),
            );
            return None;
        }
        if raw.len() > width {
            let extra: Vec<&str> = raw.iter().skip(width).collect();
            // A spreadsheet row may run past the header with empty cells; a text
            // row with more fields than the header is misaligned even when they are.
            let pos = extra.iter().position(|c| !c.trim().is_empty()).or(fixed_width.then_some(0));
            if let Some(pos) = pos {
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
                if fixed_width {
                    return None;
                }
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
        let mut year = parse_year(year_raw);
        let (first, last) = self.plan.meta.data_years;
        if let Some(y) = year.filter(|y| !(first..=last).contains(y)) {
            self.diags.push(
                Diagnostic::new(
                    Code::ImplausibleYear,
                    loc(year_col),
                    text!(
                        "{y} 年不在本计划可报送的年度内（{first}—{last}）",
                        "{y} is not a year this plan takes submissions for ({first}–{last})"
                    ),
                )
                .value(year_raw)
                .expected(text!("{first} 至 {last} 之间的年份", "a year from {first} to {last}"))
                .hint(text!(
                    "检查年份是否写错（如把 2019 写成 1919）；计划的 [plan] data_years 规定了可报送的年度",
                    "check the year for a typo (1919 for 2019); the plan's [plan] data_years sets the years it takes"
                )),
            );
            year = None;
        } else if year.is_none() {
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
            let parsed = self.plan.school_type(&t);
            if parsed.is_none() {
                if let Some(c) = type_col {
                    let d = Diagnostic::new(
                        Code::UnknownSchoolType,
                        loc(c),
                        text!("学校类型无法识别", "unknown school type"),
                    )
                    .value(type_raw)
                    .expected(self.school_types_expected());
                    let d = self.with_suggestion(d, &school);
                    self.diags.push(d);
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
        let values = super::packed::PackedValues::new(self.values(file, line, year, map, raw));
        Some(Row { institution, year, file: file_index, line, values, from_roster: Vec::new() })
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
                let plan = self.plan;
                let (given_label, reg_label) =
                    (t.label(plan, crate::lang::Lang::Zh), registered.label(plan, crate::lang::Lang::Zh));
                let (given_en, reg_en) = (t.key(plan), registered.key(plan));
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
                let (a, b) = (t.key(self.plan), known.key(self.plan));
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
        let suggestion = self.suggestion(&key);
        let registry = self.dataset.registry.complete;
        if registry || suggestion.is_some() {
            // A near miss of a known name is that school misspelt, and with a registry
            // every institution is known: either way the row's rules would silently
            // vanish from the school's table, so the row is refused.
            let mut d = Diagnostic::new(
                Code::UnknownInstitution,
                Location::file(file)
                    .row(line)
                    .column(map.identity[&Identity::School].index, &map.identity[&Identity::School].header),
                if registry {
                    text!("「{name}」不在登记名册中", "{name:?} is not in the registry")
                } else {
                    text!(
                        "「{name}」与计划中的学校名称相近但不一致",
                        "{name:?} is close to, but not, a name the plan knows"
                    )
                },
            )
            .value(name)
            .expected(text!(
                "登记名册或计划中学校的全称、别名、id 或代码",
                "the full name, an alias, the id or the code of an institution in the registry or the plan"
            ));
            d = match suggestion {
                Some(s) => d.hint(text!("是不是「{s}」？", "did you mean {s:?}?")),
                None => d.hint(text!(
                    "改用名册中的名称，或请教育局在名册中为该校登记别名",
                    "use the name in the registry, or ask the bureau to register this name as an alias"
                )),
            };
            self.diags.push(d);
            return None;
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
                .expected(self.school_types_expected()),
            );
            return None;
        };
        // Without a registry most schools are unknown by design (the plan names only a
        // few): checking one's own file is legitimate, and said once per institution.
        self.diags.push_with(Code::UnregisteredInstitution, || {
            Diagnostic::new(
                Code::UnregisteredInstitution,
                Location::file(file).row(line),
                text!(
                    "「{name}」不在计划中，按学校自查处理；全区目标需教育局用 --registry 核查",
                    "{name:?} is not in the plan, so this is a self-check; district targets need the bureau's --registry"
                ),
            )
            .value(name)
        });
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

impl Cx<'_> {
    /// The institution and year a row that could not be read names, if both are
    /// known without creating anything: so its error marks the right school invalid.
    pub(super) fn identity_of(&self, map: &HeaderMap, raw: &RawRow) -> Option<(usize, i32)> {
        let school = fold(raw.cell(map.identity.get(&Identity::School)?.index));
        let year = parse_year(raw.cell(map.identity.get(&Identity::Year)?.index))?;
        let inst = self
            .dataset
            .registry
            .lookup_folded(&school)
            .or_else(|| self.unregistered.get(&school).copied())?;
        Some((inst, year))
    }

    /// The known name a folded `key` is a near miss of, if it is not itself known.
    fn suggestion(&self, key: &str) -> Option<String> {
        if self.dataset.registry.lookup_folded(key).is_some() {
            return None;
        }
        self.dataset.registry.closest_folded(key).map(str::to_string)
    }

    /// `d` with a "did you mean" hint when `name` is a near miss of a known name, so
    /// every message about a misspelt school's row points at the right school.
    fn with_suggestion(&self, d: Diagnostic, name: &str) -> Diagnostic {
        match self.suggestion(&fold(name)) {
            Some(s) => d.hint(text!("是不是「{s}」？", "did you mean {s:?}?")),
            None => d,
        }
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

impl Cx<'_> {
    /// The plan's school types as a person would write them: the Chinese labels,
    /// and in English the labels with the keys.
    fn school_types_expected(&self) -> Text {
        let types = &self.plan.school_types;
        let zh: Vec<&str> = types.iter().map(|t| t.label.zh.as_str()).collect();
        let en: Vec<String> = types.iter().map(|t| format!("{} ({})", t.label.zh, t.key)).collect();
        let (zh, en) = (zh.join("、"), en.join(", "));
        text!("以下之一：{zh}", "one of: {en}")
    }
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
