//! From paths on disk to a [`Dataset`]: find the files, read each one, map its
//! header, parse every cell, check every row, and account for every row.
//!
//! Every problem in every file is collected before returning, so one run shows the
//! clerk everything to fix. Each data row ends up either in the dataset or counted
//! as skipped with a diagnostic saying why; nothing is dropped silently. Without a
//! complete registry, rosters are read after every other file ([`Reading::PutOff`]):
//! a roster row's school may be known only from an annual row, and the result must
//! not depend on the order the files were named in.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use super::csv_file::{self, CsvRows, Decide};
use super::decode::Choice;
use super::header::HeaderIndex;
use super::identity::Identity;
use super::model::{Dataset, SourceFile};
use super::notes::Cell;
use super::prefetch::Prefetched;
use super::roster_cells::CellReader;
use super::roster_file::RosterRow;
use super::rows::{self, FileKind, ReadOptions, Rows};
use super::sheet_file;
use super::table::RawRow;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::plan::{Plan, Registry};
use crate::text;

/// File extensions read as submissions (`.txt` only when named on the command line).
pub const DATA_EXTENSIONS: [&str; 8] = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods"];

/// What loading produced.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub diagnostics: Diagnostics,
    /// Files under a given directory that were not read (not a data extension).
    pub skipped_files: Vec<String>,
}

/// Reads every submission under `paths` (files, or directories searched recursively
/// in name order), detecting encodings and taking each workbook's first sheet.
pub fn load(plan: &Plan, registry: Registry, paths: &[PathBuf], max_diagnostics: usize) -> Loaded {
    load_with(plan, registry, paths, &ReadOptions::default(), max_diagnostics)
}

/// Reads one CSV text held in memory, as if it were a file named `name` (the name
/// only labels diagnostics: nothing is read from disk). For `plan test`, whose cases
/// carry a clerk's CSV inline; the bytes go through the same decoding, header mapping
/// and row checks as a file's.
pub fn load_bytes(
    plan: &Plan,
    registry: Registry,
    name: &str,
    bytes: &[u8],
    max_diagnostics: usize,
) -> Loaded {
    let mut cx = Cx::new(plan, registry, Diagnostics::with_limit(max_diagnostics), &ReadOptions::default());
    cx.file(Path::new(name), FileKind::Text { tab: false }, &ReadOptions::default(), Some(bytes));
    cx.possible_duplicates();
    crate::roster::cross::apply(plan, &mut cx.dataset, &mut cx.diags);
    Loaded { dataset: cx.dataset, diagnostics: cx.diags, skipped_files: Vec::new() }
}

/// [`load`] with an encoding or a sheet name given.
pub fn load_with(
    plan: &Plan,
    registry: Registry,
    paths: &[PathBuf],
    read: &ReadOptions,
    max_diagnostics: usize,
) -> Loaded {
    // A GBK file is read as soon as UTF-8 fails on it, and its encoding proven at its
    // end (`Decide::Speculate`). In a file bad in both encodings the whole file may
    // decide otherwise: then everything is read again from the start, that file with
    // the encoding proven, so the result is that of reading it right the first time.
    let mut decided = Vec::new();
    loop {
        match load_once(plan, registry.clone(), paths, read, max_diagnostics, &decided) {
            Ok(loaded) => return loaded,
            Err(again) => decided.push(again),
        }
    }
}

/// One reading of every file, or the file to read again and how.
fn load_once(
    plan: &Plan,
    registry: Registry,
    paths: &[PathBuf],
    read: &ReadOptions,
    max_diagnostics: usize,
    decided: &[(PathBuf, Choice)],
) -> Result<Loaded, (PathBuf, Choice)> {
    let mut diags = Diagnostics::with_limit(max_diagnostics);
    let mut skipped_files = Vec::new();
    let mut files = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        expand(p, true, &mut files, &mut skipped_files, &mut seen, &mut diags);
    }
    let mut cx = Cx::new(plan, registry, diags, read);
    cx.speculate = true;
    cx.decided = decided.to_vec();
    // Without a complete registry, a roster row's school is known only once an annual
    // row has named it (with its type): rosters are read after every other file, so
    // the result does not depend on the order the files were named in.
    cx.put_off_rosters = !cx.dataset.registry.complete;
    let mut later = Vec::new();
    for (f, kind) in files {
        match cx.timed_file(&f, kind, read) {
            Reading::Done => {}
            Reading::PutOff => later.push((f, kind)),
            Reading::Again(choice) => return Err((f, *choice)),
        }
    }
    cx.put_off_rosters = false;
    for (f, kind) in later {
        if let Reading::Again(choice) = cx.timed_file(&f, kind, read) {
            return Err((f, *choice));
        }
    }
    cx.possible_duplicates();
    crate::roster::cross::apply(plan, &mut cx.dataset, &mut cx.diags);
    Ok(Loaded { dataset: cx.dataset, diagnostics: cx.diags, skipped_files })
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Collects the files under `p`. `seen` holds the real (canonical) path of every
/// directory entered and file taken, so a symbolic link back into a directory
/// already searched (even to itself) is not followed again, and one file reached by
/// two paths is read once: each file's rows are counted once, never twice.
fn expand(
    p: &Path,
    named: bool,
    out: &mut Vec<(PathBuf, FileKind)>,
    skipped: &mut Vec<String>,
    seen: &mut std::collections::HashSet<PathBuf>,
    diags: &mut Diagnostics,
) {
    if let Ok(real) = std::fs::canonicalize(p)
        && !seen.insert(real)
    {
        return;
    }
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
            expand(&e, false, out, skipped, seen, diags);
        }
    } else if let Some(kind) = FileKind::of(p, named).filter(|_| !is_lock_file(p)) {
        out.push((p.to_path_buf(), kind));
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
                .hint(text!("在 Excel 中另存为 .xlsx 或 CSV", "save it from Excel as .xlsx or CSV")),
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

/// `~$name.xlsx`: the lock file Excel leaves beside a workbook that is open.
fn is_lock_file(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("~$"))
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
    /// Per field, whether a deadline rule reads it ([`Plan::deadline_fields`]).
    pub(super) deadline_fields: Vec<bool>,
    pub(super) diags: Diagnostics,
    /// The evaluation date rosters' conditions use (`ReadOptions::as_of`).
    pub(super) as_of: Option<chrono::NaiveDate>,
    /// Shown every roster row read ([`stream_rosters`]); `None` when loading.
    pub(super) each_roster_row: Option<&'p mut RosterRowHook<'p>>,
    /// How a roster's identity numbers are shown (`ReadOptions::pseudonym`).
    pub(super) pseudonym: crate::pii::Pseudonym,
    /// Whether a roster file is put off ([`Reading::PutOff`]) when its header is found.
    put_off_rosters: bool,
    /// When the reader's thread reads a roster row's cells (tests force each way).
    prepare: super::prefetch::Prepare,
    /// Whether a text file UTF-8 fails on is read as GB18030 at once, settled at its
    /// end (`Decide::Speculate`): only where a file can be read again from the start.
    speculate: bool,
    /// Files to read with the encoding given, which the whole file bore out.
    decided: Vec<(PathBuf, Choice)>,
}

/// What became of a file [`Cx::file`] was given.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reading {
    /// Read, or refused with its diagnostics.
    Done,
    /// A roster, left to be read after the other files: nothing it said is kept.
    PutOff,
    /// Read in an encoding the whole file then did not bear out ([`CsvRows::settle`]):
    /// everything read so far is to be forgotten, and this file read with this choice.
    Again(Box<Choice>),
}

/// What [`stream_rosters`] hands each roster row to.
pub type RosterRowHook<'a> = dyn FnMut(&RosterRow<'_>) + 'a;

/// Reads the roster files `paths` again exactly as [`load_with`] read them (same
/// reader, identity matching, checks and duplicate detection, in the same order),
/// handing every row whose institution and year could be told to `each`. Nothing is
/// kept: diagnostics are counted (a row's error must still be seen) but the caller
/// gets only what `each` keeps, so `explain` can list one school's records of a
/// roster of millions. `paths` must be roster files, in the order first read, and
/// `loaded` what [`load_with`] made of them: its institutions are known from the
/// start, as they were when its rosters were read (after every other file).
pub fn stream_rosters<'a>(
    plan: &'a Plan,
    loaded: &Dataset,
    paths: &[PathBuf],
    read: &ReadOptions,
    each: &'a mut RosterRowHook<'a>,
) {
    let mut cx = Cx::new(plan, loaded.registry.clone(), Diagnostics::with_limit(0), read);
    for entry in loaded.institutions.iter().filter(|e| e.registered.is_none()) {
        cx.unregistered.insert(crate::fold::fold(&entry.name), cx.dataset.institutions.len());
        cx.dataset.institutions.push(entry.clone());
    }
    cx.each_roster_row = Some(each);
    for p in paths {
        let kind = FileKind::of(p, true).unwrap_or(FileKind::Text { tab: false });
        cx.file(p, kind, read, None);
    }
}

impl<'p> Cx<'p> {
    fn new(plan: &'p Plan, registry: Registry, diags: Diagnostics, read: &ReadOptions) -> Cx<'p> {
        Cx {
            plan,
            headers: HeaderIndex::new(plan),
            dataset: Dataset::new(registry),
            unregistered: HashMap::new(),
            deadline_fields: plan.deadline_fields(),
            diags,
            as_of: read.as_of,
            each_roster_row: None,
            pseudonym: read.pseudonym.clone(),
            put_off_rosters: false,
            prepare: super::prefetch::Prepare::WhenAhead,
            speculate: false,
            decided: Vec::new(),
        }
    }

    /// [`Self::file`] from disk, timing it.
    fn timed_file(&mut self, path: &Path, kind: FileKind, read: &ReadOptions) -> Reading {
        let (started, before) = (std::time::Instant::now(), self.dataset.files.len());
        let reading = self.file(path, kind, read, None);
        if let Some(source) = self.dataset.files.get_mut(before) {
            source.elapsed = started.elapsed();
        }
        reading
    }
}

/// Moves to the next row with data (first the rows read ahead while looking for the
/// header), queuing the blank rows passed on the way in `blanks`; `false` at the end.
/// `prepared` is what the reader's thread prepared from the row, `fresh` whether it
/// did: `false` when it left the row to the loader, or for a row read ahead, which
/// that thread never saw.
pub(super) fn next_data_row<P>(
    rows: &mut Prefetched<'_, P>,
    ahead: &mut VecDeque<RawRow>,
    raw: &mut RawRow,
    (prepared, fresh): (&mut P, &mut bool),
    blanks: &mut Vec<u32>,
    diags: &mut Diagnostics,
) -> bool {
    loop {
        if let Some(r) = ahead.pop_front() {
            *raw = r;
            *fresh = false;
        } else {
            match rows.next_with(raw, prepared, diags) {
                Some(made) => *fresh = made,
                None => return false,
            }
        }
        if raw.is_blank() && raw.notes().is_empty() {
            blanks.push(raw.line);
        } else {
            return true;
        }
    }
}

impl Cx<'_> {
    /// Reports the blank rows in `blanks` (each counted as read and skipped), now that
    /// a row with data follows them: blank rows at a file's end are formatting left
    /// behind in Excel, not rows anyone filled in, and are never reported.
    pub(super) fn blank_rows(&mut self, file: &str, blanks: &mut Vec<u32>, source: &mut SourceFile) {
        for line in blanks.drain(..) {
            source.rows_read += 1;
            source.rows_skipped += 1;
            self.diags.push_with(Code::BlankRow, || {
                Diagnostic::new(
                    Code::BlankRow,
                    Location::file(file).row(line),
                    text!("空行，已跳过", "blank row skipped"),
                )
            });
        }
    }

    /// Reads the file at `path`, or `memory` in its place when given (a text file).
    fn file(&mut self, path: &Path, kind: FileKind, read: &ReadOptions, memory: Option<&[u8]>) -> Reading {
        let name = read.name_of(path);
        let mark = self.diags.mark();
        let (mut rows, encoding, sheet) = match kind {
            FileKind::Text { tab } => {
                let decide = match self.decided.iter().find(|(p, _)| p == path) {
                    Some((_, choice)) => Decide::Decided(choice.clone()),
                    None if self.speculate && read.encoding.is_none() && memory.is_none() => {
                        Decide::Speculate
                    }
                    None => Decide::Detect(read.encoding),
                };
                let opened = match memory {
                    Some(bytes) => CsvRows::open(std::io::Cursor::new(bytes), decide, tab, &name),
                    None => csv_file::open_path(path, decide, tab, &name),
                };
                let (rows, choice) = match opened {
                    Ok(o) => o,
                    Err(e) => {
                        self.diags.push(unreadable(&name, &e));
                        return Reading::Done;
                    }
                };
                if let Some(detected) = &choice.detected {
                    self.wrong_encoding(&name, &choice.name, detected);
                }
                (Rows::Csv(Box::new(rows)), choice.name, None)
            }
            FileKind::Sheet => {
                let Some(s) = sheet_file::open(
                    path,
                    &name,
                    read.sheet.as_deref(),
                    Some(&self.headers),
                    &mut self.diags,
                ) else {
                    return Reading::Done;
                };
                let format = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
                let sheet = s.sheet.clone();
                (Rows::Sheet(Box::new(s)), format, Some(sheet))
            }
        };
        let reading = self.read_rows(&name, kind, &mut rows, encoding, sheet, mark);
        // A GB18030 choice made before GB18030 was counted is settled now; in the rare
        // file (bad in both encodings) where the whole file decides otherwise, what was
        // read is forgotten and the file read again.
        if let (Reading::Done, Rows::Csv(csv)) = (&reading, &mut rows) {
            match csv.settle() {
                Ok(None) => {}
                Ok(Some(choice)) => return Reading::Again(Box::new(choice)),
                Err(e) => self.diags.push(unreadable(&name, &e)),
            }
        }
        reading
    }

    /// Reads the opened file `name` from its header to its last row.
    fn read_rows(
        &mut self,
        name: &str,
        kind: FileKind,
        rows: &mut Rows<'_>,
        encoding: String,
        sheet: Option<String>,
        mark: crate::diag::Mark,
    ) -> Reading {
        let name = name.to_string();
        let errors_before = self.diags.errors();
        let mut unattributed = false;
        let Some(mut header) = rows::find_header(rows, &self.headers, &mut self.diags) else {
            // Unless reading the file already failed with an error of its own (a broken
            // CSV), say it is empty, whatever earlier files did.
            if self.diags.errors() == errors_before {
                self.diags.push(
                    Diagnostic::new(
                        Code::EmptyFile,
                        Location::file(&name),
                        text!("文件是空的，没有表头行", "the file is empty: no header row"),
                    )
                    .hint(text!(
                        "用 wjvet template 生成填报模板",
                        "generate the submission template with wjvet template"
                    )),
                );
            }
            return Reading::Done;
        };
        for (index, note) in std::mem::take(&mut header.notes) {
            let column = header.names[index].trim();
            let cell = Cell { line: header.line, index, column, text: column };
            self.cell_note(&name, &encoding, &cell, &note, false);
        }
        let file_index = self.dataset.files.len();
        if let Some(roster) = self.roster_of(&header.names) {
            if self.put_off_rosters {
                self.diags.roll_back(mark);
                return Reading::PutOff;
            }
            let rh = self.roster_header(roster, &header.names, &name, header.line);
            let mut source = SourceFile::new(
                name.clone(),
                encoding,
                sheet,
                header.line,
                vec![None; self.plan.fields.len()],
            );
            let fixed_width = matches!(kind, FileKind::Text { .. });
            let names = std::mem::take(&mut header.names);
            let (plan, pseudonym) = (self.plan, self.pseudonym.clone());
            let reader = CellReader::new(&name, &plan.rosters[roster], &rh, &pseudonym);
            // Each row's cells are read on the reader's thread, in parallel with the checks.
            super::prefetch::scoped_with(
                rows,
                (|raw: &RawRow, parsed: &mut _| reader.read(raw, parsed), self.prepare),
                |rows| {
                    self.roster_rows(
                        &name,
                        rows,
                        &mut header.ahead,
                        &names,
                        &reader,
                        &mut source,
                        fixed_width,
                        file_index,
                    );
                },
            );
            self.dataset.rosters.files.push((file_index, roster));
            self.finish_file(source);
            return Reading::Done;
        }
        let map = self.headers.map(self.plan, &header.names, &name, header.line, &mut self.diags);
        let mut source = SourceFile::new(name.clone(), encoding, sheet, header.line, map.fields.clone());
        let fixed_width = matches!(kind, FileKind::Text { .. });
        let can_read_rows =
            Identity::ALL.iter().filter(|i| i.required()).all(|i| map.identity.contains_key(i));
        let header_failed = self.diags.errors() > errors_before;
        // Blank rows are reported only once a row with data follows them: blank rows at
        // the end are formatting left behind in Excel, not rows anyone filled in.
        let mut blanks: Vec<u32> = Vec::new();
        unattributed |= super::prefetch::scoped(rows, |rows| {
            let mut raw = RawRow::default();
            let mut unattributed = false;
            while next_data_row(
                rows,
                &mut header.ahead,
                &mut raw,
                (&mut (), &mut false),
                &mut blanks,
                &mut self.diags,
            ) {
                self.blank_rows(&name, &mut blanks, &mut source);
                source.rows_read += 1;
                let row_errors = self.diags.errors();
                self.row_notes(&name, &source.encoding, &header.names, &map, &raw);
                if !can_read_rows {
                    source.rows_skipped += 1;
                    continue;
                }
                let identity = match self.row(&name, file_index, &header.names, fixed_width, &map, &raw) {
                    Some(row) => {
                        let (inst, year, line) = (row.institution, row.year, row.line);
                        if let Err(existing) = self.dataset.insert(row) {
                            source.rows_skipped += 1;
                            self.duplicate(&name, line, inst, year, existing, &source);
                        } else {
                            source.rows_used += 1;
                        }
                        Some((inst, year))
                    }
                    None => {
                        source.rows_skipped += 1;
                        self.identity_of(&map, &raw)
                    }
                };
                if self.diags.errors() > row_errors {
                    match identity {
                        Some(key) => {
                            self.dataset.invalid.insert(key);
                        }
                        None => unattributed = true,
                    }
                }
            }
            unattributed
        });
        // An error that names no institution (in the header, or a row whose school
        // cannot be told) may hide any of the file's rows: all of them are invalid.
        if unattributed || header_failed {
            let keys: Vec<(usize, i32)> = self
                .dataset
                .rows
                .iter()
                .filter(|r| r.file == file_index)
                .map(|r| (r.institution, r.year))
                .collect();
            self.dataset.invalid.extend(keys);
        }
        source.trailing_blank_rows = blanks.len();
        self.finish_file(source);
        Reading::Done
    }

    /// Adds a file read to the dataset; a file with a header and no data row is
    /// reported (`no-data-rows`).
    fn finish_file(&mut self, source: SourceFile) {
        if source.rows_read == 0 {
            self.diags.push(Diagnostic::new(
                Code::NoDataRows,
                Location::file(&source.path),
                text!("文件只有表头，没有数据行", "the file has a header but no data rows"),
            ));
        }
        self.dataset.files.push(source);
    }

    /// The encoding forced with --encoding leaves bytes undecoded, while detection
    /// reads them all: say so once, before the cells it garbled.
    fn wrong_encoding(&mut self, file: &str, forced: &str, detected: &str) {
        self.diags.push(
            Diagnostic::new(
                Code::BadEncoding,
                Location::file(file),
                text!(
                    "文件不是 {forced} 编码，但可完整按 {detected} 读取",
                    "the file is not {forced}, but reads cleanly as {detected}"
                ),
            )
            .expected(text!("--encoding 与文件的实际编码一致", "--encoding matching the file's encoding"))
            .hint(text!(
                "去掉 --encoding，让 wjvet 自动识别编码",
                "leave out --encoding and let wjvet detect the encoding"
            )),
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::prefetch::Prepare;

    /// Loads `csv` as `load_bytes` does, the roster rows' cells read as `prepare` says.
    fn load_prepared(plan: &Plan, csv: &[u8], prepare: Prepare) -> (Vec<String>, String) {
        let registry = crate::plan::load_registry(plan, None).unwrap();
        let mut cx = Cx::new(plan, registry, Diagnostics::with_limit(100_000), &ReadOptions::default());
        cx.prepare = prepare;
        cx.file(Path::new("r.csv"), FileKind::Text { tab: false }, &ReadOptions::default(), Some(csv));
        let diags = cx.diags.items().iter().map(|d| d.render(crate::lang::Lang::En)).collect();
        (diags, format!("{:?} {:?}", cx.dataset.rosters.per, cx.dataset.files))
    }

    #[test]
    fn a_rosters_cells_read_on_either_thread_give_the_same_diagnostics_in_the_same_order() {
        let plan = crate::plan::load(None).unwrap();
        let roster = plan.rosters.iter().find(|r| r.columns.iter().any(|c| c.key == "kind")).unwrap();
        let header: Vec<&str> = roster.columns.iter().map(|c| c.label.zh.as_str()).collect();
        let school = &plan.institutions[0].name;
        let mut csv = format!("学校名称,年度,{}\n", header.join(","));
        // Enough rows for many batches; every 7th row has a broken cell of some kind.
        for n in 0..(3 * super::super::prefetch::BATCH as u32 + 11) {
            let first17 = format!("990000200301{:05}", n % 100_000);
            let check = crate::pii::check_char(first17.as_bytes()) as char;
            let cells: Vec<String> = roster
                .columns
                .iter()
                .map(|c| match (c.key.as_str(), n % 7) {
                    ("id_number", 1) => format!("{first17}0"),
                    ("id_number", _) => format!("{first17}{check}"),
                    ("kind", 2) => "跟岗".to_string(),
                    ("kind", _) => "岗位实习".to_string(),
                    ("hours_day", 3) => "八".to_string(),
                    ("hours_day", 4) => "9".to_string(),
                    _ => sample(&c.kind).to_string(),
                })
                .collect();
            csv.push_str(&format!("{school},2020,{}\n", cells.join(",")));
        }
        let (always, tally_always) = load_prepared(&plan, csv.as_bytes(), Prepare::Always);
        let (never, tally_never) = load_prepared(&plan, csv.as_bytes(), Prepare::Never);
        assert!(always.len() > 300, "{}", always.len());
        assert_eq!(always, never);
        assert_eq!(tally_always, tally_never);
    }

    /// What a load gives, without the times it took.
    fn outcome(loaded: &Loaded) -> (Vec<String>, String, Vec<String>) {
        let diags = loaded.diagnostics.items().iter().map(|d| d.render(crate::lang::Lang::En)).collect();
        let encodings = loaded.dataset.files.iter().map(|f| f.encoding.clone()).collect();
        (diags, format!("{:?} {:?}", loaded.dataset.rows, loaded.dataset.invalid), encodings)
    }

    #[test]
    fn a_gbk_speculation_the_whole_file_overturns_is_read_again_from_the_start() {
        let plan = crate::plan::load(None).unwrap();
        let school = &plan.institutions[0].name;
        let gbk = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
        let head = gbk(&format!("学校名称,年度,备注\n{}", format!("{school},2020,星火\n").repeat(40)));
        // Clean GBK: the speculation stands. Then GBK followed by UTF-8 rows, each a
        // bad GB18030 sequence ("城" before a comma), more than UTF-8's bad ones.
        let clean = head.clone();
        let mut overturned = head;
        overturned.extend(format!("{school},2019,城,\n").repeat(300).into_bytes());
        let dir = std::env::temp_dir().join(format!("wjvet-speculation-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes, again) in [("clean.csv", &clean, false), ("overturned.csv", &overturned, true)] {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            let registry = || crate::plan::load_registry(&plan, None).unwrap();
            let mut cx =
                Cx::new(&plan, registry(), Diagnostics::with_limit(100_000), &ReadOptions::default());
            cx.speculate = true;
            let reading = cx.file(&path, FileKind::Text { tab: false }, &ReadOptions::default(), None);
            assert_eq!(
                matches!(&reading, Reading::Again(c) if c.name == "utf-8"),
                again,
                "{name}: {reading:?}"
            );
            // Read again when it must, the result is that of detecting first.
            let read = ReadOptions { labels: vec![(path.clone(), "r.csv".into())], ..ReadOptions::default() };
            let speculated = load_with(&plan, registry(), std::slice::from_ref(&path), &read, 100_000);
            let detected = load_bytes(&plan, registry(), "r.csv", bytes, 100_000);
            assert_eq!(outcome(&speculated), outcome(&detected), "{name}");
            assert_eq!(outcome(&speculated).2, [if again { "utf-8" } else { "gb18030" }]);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A value a column of this kind takes.
    fn sample(kind: &crate::roster::ColumnKind) -> &str {
        use crate::roster::ColumnKind as K;
        match kind {
            K::Count | K::Decimal => "8",
            K::Bool => "是",
            K::Date => "2020-03-01",
            K::Choice(words) => &words[words.len() - 1],
            _ => "甲",
        }
    }
}
