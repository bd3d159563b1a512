//! From paths on disk to a [`Dataset`]: find the files, read each one, map its
//! header, parse every cell, check every row, and account for every row.
//!
//! Every problem in every file is collected before returning, so one run shows the
//! clerk everything to fix. Each data row ends up either in the dataset or counted
//! as skipped with a diagnostic saying why; nothing is dropped silently.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::csv_file;
use super::header::HeaderIndex;
use super::identity::Identity;
use super::model::{Dataset, SourceFile};
use super::table::RawRow;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::plan::{Plan, Registry};
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

pub(super) struct Cx<'p> {
    pub(super) plan: &'p Plan,
    pub(super) headers: HeaderIndex,
    pub(super) dataset: Dataset,
    /// Folded name -> index in `dataset.institutions`, for institutions not registered.
    pub(super) unregistered: HashMap<String, usize>,
    pub(super) diags: Diagnostics,
}

impl Cx<'_> {
    pub(super) fn file(&mut self, path: &Path) {
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

    pub(super) fn duplicate(
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
}
