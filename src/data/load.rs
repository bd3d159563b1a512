//! From paths on disk to a [`Dataset`]: find the files, read each one, map its
//! header, parse every cell, check every row, and account for every row.
//!
//! Every problem in every file is collected before returning, so one run shows the
//! clerk everything to fix. Each data row ends up either in the dataset or counted
//! as skipped with a diagnostic saying why; nothing is dropped silently.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::cell::{self, Problem};
use super::csv_file;
use super::header::{HeaderIndex, HeaderMap};
use super::identity::Identity;
use super::model::{Dataset, InstitutionEntry, Row, SourceFile, Value};
use super::table::RawRow;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::fold::{closest_folded, fold};
use crate::lang::Text;
use crate::num::Num;
use crate::plan::{Plan, Registry, SchoolType};
use crate::text;

/// File extensions read as submissions.
pub const DATA_EXTENSIONS: [&str; 1] = ["csv"];

/// What loading produced.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub diagnostics: Diagnostics,
    /// Files under a given directory that were not read (not a data extension).
    pub skipped_files: Vec<String>,
}

/// Reads every submission under `paths` (files, or directories searched recursively
/// in name order).
pub fn load(plan: &Plan, registry: Registry, paths: &[PathBuf], max_diagnostics: usize) -> Loaded {
    let mut diags = Diagnostics::with_limit(max_diagnostics);
    let mut skipped_files = Vec::new();
    let mut files = Vec::new();
    for p in paths {
        expand(p, true, &mut files, &mut skipped_files, &mut diags);
    }
    let mut cx = Cx {
        plan,
        headers: HeaderIndex::new(plan),
        dataset: Dataset::new(registry),
        unregistered: HashMap::new(),
        diags,
    };
    for f in files {
        cx.file(&f);
    }
    Loaded { dataset: cx.dataset, diagnostics: cx.diags, skipped_files }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

fn is_data_file(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DATA_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e)))
}

fn expand(p: &Path, named: bool, out: &mut Vec<PathBuf>, skipped: &mut Vec<String>, diags: &mut Diagnostics) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                diags.push(unreadable(&display(p), &e));
                return;
            }
        };
        entries.sort();
        for e in entries {
            expand(&e, false, out, skipped, diags);
        }
    } else if is_data_file(p) {
        out.push(p.to_path_buf());
    } else if named {
        let name = display(p);
        let exts = DATA_EXTENSIONS.join(", ");
        if p.exists() {
            diags.push(
                Diagnostic::new(
                    Code::UnsupportedFile,
                    Location::file(&name),
                    text!(
                        "不能读取这种文件（支持：{exts}）",
                        "cannot read this kind of file (supported: {exts})"
                    ),
                )
                .hint(text!("在 Excel 中另存为 CSV", "save it from Excel as CSV")),
            );
        } else {
            diags.push(
                Diagnostic::new(
                    Code::UnreadableFile,
                    Location::file(&name),
                    text!("文件不存在", "no such file or directory"),
                )
                .hint(text!("检查路径拼写", "check the path")),
            );
        }
    } else {
        skipped.push(display(p));
    }
}

fn unreadable(file: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(Code::UnreadableFile, Location::file(file), text!("无法读取：{e}", "cannot read: {e}"))
}

struct Cx<'p> {
    plan: &'p Plan,
    headers: HeaderIndex,
    dataset: Dataset,
    /// Folded name -> index in `dataset.institutions`, for institutions not registered.
    unregistered: HashMap<String, usize>,
    diags: Diagnostics,
}

impl Cx<'_> {
    fn file(&mut self, path: &Path) {
        let name = display(path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.diags.push(unreadable(&name, &e));
                return;
            }
        };
        let Some((text, encoding)) = csv_file::decode(&bytes, &name, &mut self.diags) else { return };
        let Some(mut rows) = csv_file::open(&text, &name, &mut self.diags) else { return };
        let map = self.headers.map(self.plan, &rows.headers, &name, rows.header_line, &mut self.diags);
        let file_index = self.dataset.files.len();
        let mut source = SourceFile {
            path: name.clone(),
            encoding,
            rows_read: 0,
            rows_used: 0,
            rows_skipped: 0,
            columns: map.fields.clone(),
        };
        let width = rows.headers.len();
        let can_read_rows =
            Identity::ALL.iter().filter(|i| i.required()).all(|i| map.identity.contains_key(i));
        let mut raw = RawRow::default();
        while rows.next(&mut raw, &mut self.diags) {
            source.rows_read += 1;
            if raw.is_blank() {
                source.rows_skipped += 1;
                self.diags.push(Diagnostic::new(
                    Code::BlankRow,
                    Location::file(&name).row(raw.line),
                    text!("空行，已跳过", "blank row skipped"),
                ));
                continue;
            }
            if !can_read_rows {
                source.rows_skipped += 1;
                continue;
            }
            match self.row(&name, file_index, width, &map, &raw) {
                Some(row) => {
                    let (inst, year, line) = (row.institution, row.year, row.line);
                    if let Err(existing) = self.dataset.insert(row) {
                        source.rows_skipped += 1;
                        self.duplicate(&name, line, inst, year, existing, &source);
                    } else {
                        source.rows_used += 1;
                    }
                }
                None => source.rows_skipped += 1,
            }
        }
        if source.rows_read == 0 {
            self.diags.push(Diagnostic::new(
                Code::NoDataRows,
                Location::file(&name),
                text!("文件只有表头，没有数据行", "the file has a header but no data rows"),
            ));
        }
        self.dataset.files.push(source);
    }

    fn duplicate(
        &mut self,
        file: &str,
        line: u32,
        inst: usize,
        year: i32,
        existing: usize,
        current: &SourceFile,
    ) {
        let first = &self.dataset.rows[existing];
        let first_file =
            self.dataset.files.get(first.file).map_or(current.path.as_str(), |f| f.path.as_str());
        let first_line = first.line;
        let school = &self.dataset.institutions[inst].name;
        self.diags.push(
            Diagnostic::new(
                Code::DuplicateRow,
                Location::file(file).row(line),
                text!(
                    "「{school}」{year} 年的数据出现了两次（另一处：{first_file}:{first_line}）",
                    "{school:?} {year} appears twice (also at {first_file}:{first_line})"
                ),
            )
            .hint(text!(
                "每所学校每年只报一行；删除多余的一行",
                "one row per institution per year: delete the extra row"
            )),
        );
    }

    /// Reads one data row; `None` when its identity cannot be established (reported).
    fn row(
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
        let values = self.values(file, line, map, raw);
        Some(Row { institution, year, file: file_index, line, values })
    }

    /// Finds or creates the institution a row belongs to.
    fn institution(
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
        let suggestion = closest_folded(&key, self.dataset.registry.folded_names());
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

    fn values(&mut self, file: &str, line: u32, map: &HeaderMap, raw: &RawRow) -> Vec<Option<Value>> {
        let plan = self.plan;
        let mut values = vec![None; plan.fields.len()];
        for (i, col) in map.fields.iter().enumerate() {
            let Some(col) = col else { continue };
            let field = &plan.fields[i];
            let text = raw.cell(col.index);
            match cell::parse(text, field.kind) {
                Ok(v) => values[i] = v,
                Err(p) => self.cell_problem(file, line, col, text, &field.label, p),
            }
        }
        // Limits that need the whole row: minimums and "at most field X".
        for (i, field) in plan.fields.iter().enumerate() {
            let Some(Value::Num(v)) = &values[i] else { continue };
            let v = &crate::num::widen(v);
            let Some(col) = &map.fields[i] else { continue };
            let loc = || Location::file(file).row(line).column(col.index, &col.header);
            if let Some(min) = field.min.filter(|m| *v < Num::from_integer(i128::from(*m))) {
                let (zh, en) = (&field.label.zh, &field.label.en);
                self.diags.push(
                    Diagnostic::new(
                        Code::BelowMinimum,
                        loc(),
                        text!("「{zh}」不能小于 {min}", "{en:?} may not be below {min}"),
                    )
                    .value(raw.cell(col.index))
                    .expected(text!("不小于 {min} 的数", "a number of at least {min}")),
                );
            }
            for &other in &field.at_most {
                let Some(Value::Num(limit)) = &values[other.index()] else { continue };
                let limit = &crate::num::widen(limit);
                if v > limit {
                    let (a_zh, a_en) = (&field.label.zh, &field.label.en);
                    let (b_zh, b_en) = (&plan.field(other).label.zh, &plan.field(other).label.en);
                    let shown = crate::num::format_num(limit, 2, crate::num::Round::Down);
                    self.diags.push(
                        Diagnostic::new(
                            Code::ExceedsField,
                            loc(),
                            text!(
                                "「{a_zh}」大于「{b_zh}」（{shown}）",
                                "{a_en:?} is greater than {b_en:?} ({shown})"
                            ),
                        )
                        .value(raw.cell(col.index))
                        .expected(text!("不大于「{b_zh}」", "at most {b_en:?}"))
                        .hint(text!(
                            "检查两列是否填反或统计口径不一致",
                            "check whether the two columns are swapped or counted differently"
                        )),
                    );
                }
            }
        }
        values
    }

    fn cell_problem(
        &mut self,
        file: &str,
        line: u32,
        col: &super::model::ColumnRef,
        raw: &str,
        label: &Text,
        p: Problem,
    ) {
        let mut d = Diagnostic::new(p.code, Location::file(file).row(line).column(col.index, &col.header), {
            let (zh, en) = (&label.zh, &label.en);
            text!("「{zh}」的值无法识别", "{en:?} cannot be read")
        })
        .value(raw)
        .expected(p.expected);
        if let Some(h) = p.hint {
            d = d.hint(h);
        }
        self.diags.push(d);
    }
}

/// Reads `2019`, `2019年` or `2019.0` (Excel) as a year between 1900 and 2200.
fn parse_year(raw: &str) -> Option<i32> {
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
