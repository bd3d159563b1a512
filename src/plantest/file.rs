//! The plan test file: TOML as a plan author writes it, validated into a [`Suite`].
//!
//! Raw serde structs mirror the file and reject unknown keys, so a typo is reported
//! with toml's own line; validation then resolves every rule id and status against the
//! plan, reads the registries and checks that every referenced file exists, collecting
//! every problem (code `plan-test-invalid`, with the line) before anything runs. A
//! test file that validates can still fail its cases; it can no longer be wrong.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::eval::Status;
use crate::plan::raw::RawInstitution;
use crate::plan::{self, Plan, Registry};
use crate::schema::TomlDate;
use crate::text;

/// Tests for a wjvet plan: named cases of rows with the status chosen rules must
/// give chosen institutions. Reference: docs/plan-tests.md.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "wjvet plan test file")]
pub(crate) struct RawFile {
    /// The id of the plan the tests are written for (`[plan] id`); checked.
    #[schemars(with = "Option<String>")]
    plan: Option<Spanned<String>>,
    /// The registry every case uses unless it names its own.
    #[schemars(with = "Option<RawRegistry>")]
    registry: Option<Spanned<RawRegistry>>,
    /// The cases, at least one.
    #[serde(default)]
    case: Vec<RawCase>,
}

/// A registry file (a path relative to the test file), or the registry's
/// institutions inline; `[]` judges with the plan's institutions only.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
enum RawRegistry {
    /// A registry file, relative to the test file.
    Path(String),
    /// The registry's `[[institutions]]`, inline; empty means no registry.
    Inline(#[schemars(with = "Vec<RawInstitution>")] Vec<toml::Table>),
}

/// One case: rows (inline or a file), when to judge them, and what to expect.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawCase {
    /// Unique in the file; shown on the case's line.
    #[schemars(with = "String")]
    name: Spanned<String>,
    /// For the reader.
    #[allow(dead_code, reason = "documentation for the reader of the test file")]
    description: Option<String>,
    /// A clerk's CSV: the header row, then one row per institution and year.
    #[schemars(with = "Option<String>")]
    rows: Option<Spanned<String>>,
    /// Instead of rows: a CSV or workbook, relative to the test file.
    #[schemars(with = "Option<String>")]
    file: Option<Spanned<String>>,
    /// This case's registry, replacing the file's.
    #[schemars(with = "Option<RawRegistry>")]
    registry: Option<Spanned<RawRegistry>>,
    /// The reporting year; default the latest in the rows.
    year: Option<i32>,
    /// The evaluation date; default 31 December of the year.
    #[schemars(with = "Option<TomlDate>")]
    as_of: Option<Spanned<Datetime>>,
    /// The expected results, at least one.
    #[serde(default)]
    #[schemars(with = "Vec<RawExpect>")]
    expect: Vec<Spanned<RawExpect>>,
}

/// One expected result: rule × institution → status (and the actual as displayed).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    /// A rule id of the plan (`wjvet rules`).
    #[schemars(with = "String")]
    rule: Spanned<String>,
    /// A name, alias or code as written in the rows; `district` or `全区` for a district rule.
    institution: String,
    /// The status, by its key in the JSON output.
    #[schemars(with = "String")]
    #[schemars(extend("enum" = ["pass", "fail", "late", "pending", "missing", "incomplete", "review", "not_applicable", "invalid", "exempted"]))]
    status: Spanned<String>,
    /// The actual value as the JSON output's `actual_text` shows it, in either language.
    actual: Option<String>,
}

/// A validated test file.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The file as named (or `tests/plans/<id>.toml (embedded)`).
    pub origin: String,
    pub cases: Vec<Case>,
}

/// One named case: the input, when to judge it, and what to expect.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    /// The line of the case's `name` in the test file.
    pub line: u32,
    pub input: Input,
    /// The district's registry; `None` judges with the plan's institutions only.
    pub registry: Option<Registry>,
    /// The reporting year; the latest in the rows when `None` (as `check` does).
    pub year: Option<i32>,
    /// The evaluation date; the end of the year when `None`.
    pub as_of: Option<NaiveDate>,
    pub expect: Vec<Expect>,
}

/// Where a case's rows come from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A clerk's CSV, header and rows, written in the test file. Its diagnostics point
    /// into the test file: CSV row `n` is line `first_line + n - 1` there (every row on
    /// `first_line` when the string is written on one line with `\n`).
    Inline { text: String, origin: String, first_line: u32, one_line: bool },
    /// A CSV or workbook, resolved against the test file's directory.
    File(PathBuf),
}

/// Whose result an expectation is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The district rules (`district` or `全区`).
    District,
    /// An institution, by a name, alias or code as written in the rows.
    Named(String),
}

/// One expected result: rule × institution → status (and the actual as displayed).
#[derive(Debug, Clone)]
pub struct Expect {
    /// Index into `Plan::rules`.
    pub rule: usize,
    pub subject: Subject,
    pub status: Status,
    /// The actual value as the JSON output's `actual_text` shows it, in either language.
    pub actual: Option<String>,
    pub line: u32,
}

impl Suite {
    /// The rules some expectation names (indices into `Plan::rules`), each once.
    pub fn exercised(&self) -> std::collections::BTreeSet<usize> {
        self.cases.iter().flat_map(|c| c.expect.iter().map(|e| e.rule)).collect()
    }
}

/// Parses and validates a test file's `source` against `plan`. `dir` is where
/// relative paths point (`None` for an embedded file, which may name no file).
pub fn parse(source: &str, origin: &str, dir: Option<&Path>, plan: &Plan) -> Result<Suite, Diagnostics> {
    let mut cx = Cx { source, origin, dir, plan, diags: Diagnostics::default() };
    let raw: RawFile = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            let msg = e.message().to_string();
            let span = e.span().unwrap_or(0..0);
            cx.diags.push(
                Diagnostic::new(
                    Code::PlanTestInvalid,
                    Location::file(origin).row(cx.line(&span)),
                    text!("测试文件格式错误：{msg}", "the test file is malformed: {msg}"),
                )
                .hint(text!("格式见 docs/plan-tests.md", "the format is in docs/plan-tests.md")),
            );
            return Err(cx.diags);
        }
    };
    if let Some(id) = &raw.plan
        && *id.get_ref() != plan.meta.id
    {
        let (want, have) = (id.get_ref(), &plan.meta.id);
        cx.err(
            &id.span(),
            text!(
                "测试写给计划「{want}」，而所用计划是「{have}」",
                "the tests are for plan {want:?}, not {have:?}"
            ),
        );
    }
    let shared = raw.registry.as_ref().and_then(|r| cx.registry(r));
    if raw.case.is_empty() {
        cx.err(&(0..0), text!("测试文件中没有用例（[[case]]）", "the test file has no case ([[case]])"));
    }
    let mut names = HashSet::new();
    let mut cases = Vec::new();
    for c in raw.case {
        let name = c.name.get_ref().trim().to_string();
        if name.is_empty() || !names.insert(name.clone()) {
            cx.err(
                &c.name.span(),
                text!("用例名为空或与前面的用例重名：「{name}」", "case name empty or used twice: {name:?}"),
            );
        }
        let line = cx.line(&c.name.span());
        let input = match (c.rows, &c.file) {
            (Some(rows), None) => Some(cx.inline(rows)),
            (None, Some(file)) => cx.file(file),
            _ => {
                cx.err(
                    &c.name.span(),
                    text!(
                        "用例「{name}」须给出 rows 或 file 之一（且只给一个）",
                        "case {name:?} needs exactly one of rows and file"
                    ),
                );
                None
            }
        };
        let registry = match &c.registry {
            Some(r) => cx.registry(r),
            None => shared.clone(),
        };
        let as_of = c.as_of.as_ref().and_then(|d| cx.date(d));
        if c.expect.is_empty() {
            cx.err(
                &c.name.span(),
                text!(
                    "用例「{name}」没有任何 expect，什么也不检验",
                    "case {name:?} has no expect: it tests nothing"
                ),
            );
        }
        let expect: Vec<Expect> = c.expect.iter().filter_map(|e| cx.expect(e)).collect();
        if let Some(input) = input {
            cases.push(Case { name, line, input, registry: registry.flatten(), year: c.year, as_of, expect });
        }
    }
    if cx.diags.has_errors() { Err(cx.diags) } else { Ok(Suite { origin: origin.to_string(), cases }) }
}

struct Cx<'a> {
    source: &'a str,
    origin: &'a str,
    dir: Option<&'a Path>,
    plan: &'a Plan,
    diags: Diagnostics,
}

impl Cx<'_> {
    fn line(&self, span: &Range<usize>) -> u32 {
        let end = span.start.min(self.source.len());
        let n = self.source.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1;
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    fn err(&mut self, span: &Range<usize>, message: crate::lang::Text) {
        let loc = Location::file(self.origin).row(self.line(span));
        self.diags.push(Diagnostic::new(Code::PlanTestInvalid, loc, message));
    }

    fn path(&mut self, written: &Spanned<String>) -> Option<PathBuf> {
        let w = written.get_ref();
        let Some(dir) = self.dir else {
            self.err(
                &written.span(),
                text!(
                    "内置的测试文件不能引用文件「{w}」",
                    "an embedded test file cannot refer to the file {w:?}"
                ),
            );
            return None;
        };
        let p = dir.join(w);
        if p.is_file() {
            return Some(p);
        }
        self.diags.push(
            Diagnostic::new(
                Code::PlanTestInvalid,
                Location::file(self.origin).row(self.line(&written.span())),
                text!("找不到文件「{w}」", "no such file: {w:?}"),
            )
            .hint(text!("路径相对于测试文件所在目录", "paths are relative to the test file's directory")),
        );
        None
    }

    fn inline(&self, rows: Spanned<String>) -> Input {
        let span = rows.span();
        let at = &self.source[span.start.min(self.source.len())..];
        // A multi-line string drops the newline right after its opening quotes.
        let multi = at.starts_with("\"\"\"") || at.starts_with("'''");
        let one_line = !multi;
        let first_line = self.line(&span) + u32::from(multi);
        Input::Inline { text: rows.into_inner(), origin: self.origin.to_string(), first_line, one_line }
    }

    fn file(&mut self, written: &Spanned<String>) -> Option<Input> {
        self.path(written).map(Input::File)
    }

    /// `Some(None)`: no registry; `None`: an error was reported.
    fn registry(&mut self, raw: &Spanned<RawRegistry>) -> Option<Option<Registry>> {
        let span = raw.span();
        let (source, origin) = match raw.get_ref() {
            RawRegistry::Inline(list) if list.is_empty() => return Some(None),
            RawRegistry::Inline(list) => {
                let mut doc = toml::Table::new();
                let array = list.iter().cloned().map(toml::Value::Table).collect();
                doc.insert("institutions".to_string(), toml::Value::Array(array));
                let line = self.line(&span);
                let source = toml::to_string(&doc).unwrap_or_default();
                return match plan::parse_registry(&source, self.origin, self.plan) {
                    Ok(list) => Some(Some(Registry::with_file(self.plan, list))),
                    Err(d) => {
                        // The TOML was rebuilt from the inline tables, so its lines mean
                        // nothing to the author: point at the `registry` key instead.
                        for mut d in d.items().iter().cloned() {
                            d.location.row = Some(line);
                            self.diags.push(d);
                        }
                        None
                    }
                };
            }
            RawRegistry::Path(p) => {
                let written = Spanned::new(span.clone(), p.clone());
                let path = self.path(&written)?;
                match std::fs::read_to_string(&path) {
                    Ok(s) => (s, path.display().to_string()),
                    Err(e) => {
                        self.err(
                            &span,
                            text!("无法读取名册「{p}」：{e}", "cannot read the registry {p:?}: {e}"),
                        );
                        return None;
                    }
                }
            }
        };
        match plan::parse_registry(&source, &origin, self.plan) {
            Ok(list) => Some(Some(Registry::with_file(self.plan, list))),
            Err(d) => {
                self.diags.extend(d);
                None
            }
        }
    }

    fn date(&mut self, d: &Spanned<Datetime>) -> Option<NaiveDate> {
        let written = d.get_ref().to_string();
        let parsed =
            d.get_ref().date.as_ref().filter(|_| d.get_ref().time.is_none()).and_then(|x| {
                NaiveDate::from_ymd_opt(i32::from(x.year), u32::from(x.month), u32::from(x.day))
            });
        if parsed.is_none() {
            self.err(
                &d.span(),
                text!(
                    "as_of 须为日期，如 2020-12-31：{written}",
                    "as_of must be a date such as 2020-12-31: {written}"
                ),
            );
        }
        parsed
    }

    fn expect(&mut self, e: &Spanned<RawExpect>) -> Option<Expect> {
        let line = self.line(&e.span());
        let raw = e.get_ref();
        let id = raw.rule.get_ref();
        let rule = self.plan.rules.iter().position(|r| r.id == *id);
        if rule.is_none() {
            let mut d = Diagnostic::new(
                Code::PlanTestInvalid,
                Location::file(self.origin).row(self.line(&raw.rule.span())),
                text!("计划中没有规则「{id}」", "the plan has no rule {id:?}"),
            );
            let near = crate::fold::closest(id, self.plan.rules.iter().map(|r| r.id.as_str()));
            d = match near {
                Some(n) => d.hint(text!("是否想写「{n}」？", "did you mean {n:?}?")),
                None => d.hint(text!("wjvet rules 列出全部规则", "wjvet rules lists every rule")),
            };
            self.diags.push(d);
        }
        let key = raw.status.get_ref();
        let status = Status::ALL.into_iter().find(|s| s.key() == key);
        if status.is_none() {
            let keys: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
            let keys = keys.join(", ");
            self.diags.push(
                Diagnostic::new(
                    Code::PlanTestInvalid,
                    Location::file(self.origin).row(self.line(&raw.status.span())),
                    text!("未知的状态「{key}」", "unknown status {key:?}"),
                )
                .expected(text!("以下之一：{keys}", "one of: {keys}")),
            );
        }
        let name = raw.institution.trim();
        let subject = match name {
            "district" | "全区" => Subject::District,
            _ => Subject::Named(name.to_string()),
        };
        Some(Expect { rule: rule?, subject, status: status?, actual: raw.actual.clone(), line })
    }
}
