//! The command line: clap definitions whose doc comments are the help text.
//!
//! Only the binary knows about clap. Arguments are parsed here into these raw types
//! and turned into the library's plain option structs in `main.rs`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

pub const EXIT_CODES: &str = "\
Exit codes / 退出码:
  0  compliant: no error-severity rule fails, is late, or lacks data once due
     合规：没有错误级规则未达标、逾期或（到期后）缺数据
  1  non-compliant: at least one error-severity rule does
     (--fail-on warning: any rule does; --fail-on pending: or is not met yet;
     --exit-zero: never 1)
     不合规：至少一条错误级规则如此（--fail-on 调整门槛，--exit-zero 不以 1 退出）
  2  usage error (a path that does not exist...); invalid plan, registry, exemptions
     or reviews; a selection that matches nothing; an output that cannot be written;
     internal error
     用法错误（路径不存在等）；计划、名册、豁免或核查结论文件无效；筛选条件无匹配；
     输出无法写入；内部错误
  3  the submitted data is invalid (an existing file that cannot be read, bad cell,
     duplicate row...)
     报送数据无效（文件存在但无法读取、单元格错误、重复行等）";

pub const REPORT_EXIT_CODES: &str = "\
Exit codes / 退出码:
  0  the report was written (whatever it finds) / 报告已生成（无论结论如何）
  2  usage error (a path that does not exist...), invalid plan or registry,
     unwritable file, or internal error
     用法错误（路径不存在等）、计划或名册无效、无法写入文件、内部错误
  3  the submitted data is invalid / 报送数据无效";

/// wjvet: checks vocational-education submissions against a plan encoded as data
/// (the compiled-in plan, or any plan given with --plan).
#[derive(Debug, Parser)]
#[command(name = "wjvet", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// The plan to check against: a shipped plan's name (see `wjvet plans`) or a plan
    /// file (a path, or a name ending in .toml) [default: the first shipped plan].
    #[arg(long, global = true, value_name = "NAME|FILE")]
    pub plan: Option<PathBuf>,

    /// Language of the output [default: the system language (Windows or macOS setting, else
    /// LANGUAGE / LC_ALL / LC_MESSAGES / LANG): zh for Chinese, else en].
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// When to colour the output (tables and clap's own messages): auto colours a
    /// terminal, except with NO_COLOR set, CLICOLOR=0 or TERM=dumb; CLICOLOR_FORCE (not
    /// 0) colours even a pipe.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Fit tables to this many columns [default: the terminal's width; 100 when
    /// standard output is not a terminal]. Long titles wrap; columns that still do not
    /// fit are left out: task, then due, target and actual.
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..))]
    pub width: Option<u16>,

    /// Leave out the per-file "read ..." lines on stderr (the diagnostics and their
    /// count stay); `check` prints only its summary and verdict.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print how long each stage took (plan, each file read, evaluation,
    /// output), in milliseconds, on stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check submissions against every rule of the plan.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Write the annual inspection summary (年度督查汇总) as HTML, XLSX or Markdown, in
    /// Chinese unless --lang en is given, whatever the system language.
    #[command(after_help = REPORT_EXIT_CODES)]
    Report(ReportArgs),
    /// List the plan's tasks and rules as encoded.
    Rules(RulesArgs),
    /// List the plans built into wjvet, by the name `--plan` takes.
    Plans(PlansArgs),
    /// Explain one rule's verdict: the clause, the formula, every cell used, the
    /// arithmetic and the comparison.
    #[command(after_help = EXIT_CODES)]
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `wjvet man > wjvet.1`; with --dir, write
    /// one page per subcommand (wjvet.1, wjvet-check.1, ...) into a directory.
    Man(ManArgs),
    /// Write the submission template made from the plan's fields: a CSV (UTF-8 with a
    /// BOM, so Excel opens it correctly) or a workbook with validation and a
    /// 填表说明 sheet. A filled template goes through `check` unchanged. With
    /// --roster KEY, the template of one of the plan's rosters (花名册) instead.
    Template(TemplateArgs),
    /// Write the review sheet: one row per result awaiting an inspector's decision
    /// (the bureau's own items under 全区), with columns for the decision
    /// (达标/未达标/不适用), the inspector, the date and the basis. Give the filled
    /// sheet back with --reviews.
    #[command(after_help = REVIEW_SHEET_EXIT_CODES)]
    ReviewSheet(ReviewSheetArgs),
    /// Compare two JSON results (e.g. last year's and this year's, or before and after
    /// a resubmission): each problem of A as 已整改 (resolved), 未整改 (unresolved) or
    /// 不再适用 (no longer applicable), and each problem of B that A did not have as
    /// 新增 (new). Results are matched by rule and institution_id.
    #[command(after_help = DIFF_EXIT_CODES)]
    Diff(DiffArgs),
    /// Work on a plan file: `plan check` validates it and warns about what a plan
    /// author should look at; `plan test` runs its tests.
    Plan(PlanArgs),
}

pub const PLAN_CHECK_EXIT_CODES: &str = "\
Exit codes / 退出码:
  0  the plan is valid (warnings are shown but do not count without --deny-warnings)
     计划有效（不加 --deny-warnings 时警告不影响退出码）
  1  the plan is valid but has warnings, and --deny-warnings was given
     计划有效但有警告，且给了 --deny-warnings
  2  the plan is invalid or cannot be read; usage error
     计划无效或无法读取；用法错误";

/// The `plan` commands, one subcommand each.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub command: PlanCommand,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Validate a plan file and lint it: every error and warning with its line,
    /// column and source line. Warnings: a rule whose number or date is a reading
    /// with no interpretation, a quotation not in the source text, a field no rule
    /// reads, a title whose month, year or percentage disagrees with due or target, a
    /// rule no case of the plan's tests names.
    #[command(after_help = PLAN_CHECK_EXIT_CODES)]
    Check(PlanCheckArgs),
    /// Run plan tests: named cases of rows with the status (and actual value) the plan
    /// must give chosen rule × institution pairs (docs/plan-tests.md). One line per
    /// case, then `N passed, N failed`.
    #[command(after_help = PLAN_TEST_EXIT_CODES)]
    Test(PlanTestArgs),
}

#[derive(Debug, Args)]
pub struct PlanCheckArgs {
    /// The plan to check: a shipped plan's name or a plan file [default: the --plan one,
    /// else the default shipped plan].
    #[arg(value_name = "NAME|FILE")]
    pub file: Option<PathBuf>,

    /// Exit with code 1 when the plan is valid but has warnings.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Plan test files whose cases count as testing a rule (plan-untested-rule)
    /// [default: the tests wjvet ships for a plan of that id, if any].
    #[arg(long, value_name = "FILE")]
    pub tests: Vec<PathBuf>,

    /// Output format: table (diagnostics with source lines on stderr, a summary on
    /// stdout), json (one document on stdout) or github (workflow annotations on stdout).
    #[arg(long, value_enum, default_value_t = PlanCheckFormat::Table)]
    pub format: PlanCheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanCheckFormat {
    Table,
    Json,
    Github,
}

pub const PLAN_TEST_EXIT_CODES: &str = "\
Exit codes / 退出码:
  0  every case passed / 全部用例通过
  1  a case failed (an expectation did not hold, or its rows are invalid data)
     有用例失败（预期不成立，或其数据无效）
  2  usage error; an invalid plan or test file / 用法错误；计划或测试文件无效";

#[derive(Debug, Args)]
pub struct PlanTestArgs {
    /// The plan: a shipped plan's name or a plan file [default: the global --plan, else the
    /// embedded plan].
    #[arg(id = "plan_arg", value_name = "PLAN")]
    pub plan_arg: Option<PathBuf>,

    /// Test files [default: the tests shipped with the plan, tests/plans/<plan id>.toml,
    /// compiled into wjvet].
    #[arg(value_name = "TESTS")]
    pub tests: Vec<PathBuf>,

    /// Also print, per rule, the outcomes the tests reach: pass at the exact bound,
    /// fail one step below (or one day late), missing, not due, not applicable.
    #[arg(long)]
    pub coverage: bool,
}

pub const DIFF_EXIT_CODES: &str = "\
Exit codes / 退出码:
  0  B has no problem that A did not have / B 没有 A 之外的新问题
  1  B has a new problem, or one that passed or was not a problem in A now fails
     B 有新增问题（包括在 A 中达标、现在未达标的）
  2  usage error; a file that cannot be read or is not a wjvet JSON result
     用法错误；文件无法读取或不是 wjvet 的 JSON 结果";

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier result: the document of `check --format json` (or `-o json=PATH`),
    /// of any schema_version.
    #[arg(value_name = "A.json")]
    pub before: PathBuf,

    /// The later result, of the same kind.
    #[arg(value_name = "B.json")]
    pub after: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = PlainFormat::Table)]
    pub format: PlainFormat,
}

pub const REVIEW_SHEET_EXIT_CODES: &str = "\
Exit codes / 退出码:
  0  the sheet was written / 核查表已生成
  2  usage error, invalid plan, registry or reviews file, unwritable file, or internal error
     用法错误、计划、名册或核查结论文件无效、无法写入文件、内部错误
  3  the submitted data is invalid / 报送数据无效";

#[derive(Debug, Args)]
pub struct ReviewSheetArgs {
    /// Submission files and directories, as for `check`.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output file: .xlsx (a workbook with a list to pick the decision from) or .csv
    /// (UTF-8 with a BOM, so Excel opens it correctly).
    #[arg(short = 'o', long = "output", required = true, value_name = "FILE")]
    pub output: PathBuf,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, as `wjvet rules` lists it (T<task>.<slug>).
    #[arg(value_name = "RULE")]
    pub rule: String,

    /// Submission files and directories, as for `check` (`-` reads one from standard
    /// input).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The institution (name, alias or code); needed when several reported.
    #[arg(long, value_name = "NAME")]
    pub school: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = PlainFormat::Table)]
    pub format: PlainFormat,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write wjvet.1 and a page per subcommand into this directory (created if
    /// missing) instead of printing the top page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// How to read the submissions and when to judge them: shared by `check`,
/// `explain` and `report`, so the same options mean the same thing everywhere.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// A TOML file listing every institution of the district. Without it district
    /// targets over a group of schools are reported as incomplete, not failed.
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,

    /// The reporting year to judge [default: the latest year in the data].
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,

    /// The evaluation date (YYYY-MM-DD) [default: 31 December of the reporting year].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,

    /// A TOML file of approved exemptions (rule, institution, year, reason,
    /// approved_by, document, expires).
    #[arg(long, value_name = "FILE")]
    pub exemptions: Option<PathBuf>,

    /// Inspectors' decisions on results awaiting review: the filled sheet of
    /// `wjvet review-sheet` (.xlsx or .csv) or a TOML file of [[review]] entries. A
    /// decided result takes the decision (达标/未达标/不适用) and shows who decided.
    #[arg(long, value_name = "FILE")]
    pub reviews: Option<PathBuf>,

    /// Read text files (.csv, .tsv, .txt) in this encoding instead of detecting it: gbk
    /// also reads GB18030 and GB2312; utf-16le is Excel's "Unicode text" [default: a
    /// BOM, else UTF-8 if every byte is valid UTF-8, else GB18030]. A BOM always wins.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,

    /// Read this worksheet of every spreadsheet (.xlsx, .xls, .xlsb, .ods)
    /// [default: the first visible worksheet].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// List at most this many warnings about the input; every error is listed, and all
    /// are counted (the totals say how many warnings were left out).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_diagnostics: usize,

    /// The kind of the submission read from standard input (`-` as a PATH)
    /// [default: xlsx when it starts as a zip file does, else csv].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,

    /// Show each identity number of a roster as `pid:` and a keyed hash (the first 16
    /// hex characters of HMAC-SHA256) instead of masked, so one person can be followed
    /// across files and runs without the number being shown. At least 16 bytes;
    /// prefer the environment variable, which stays out of shell history and CI logs
    /// (docs/privacy.md).
    #[arg(long, value_name = "KEY", env = "WJVET_PII_KEY", hide_env_values = true)]
    pub pii_key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Csv,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Submission files (.csv, .tsv, .xlsx, .xlsm, .xls, .xlsb, .ods; .txt when named)
    /// and directories (searched recursively); `-` reads one from standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub input: InputArgs,

    /// Output format for stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    /// Also write a file: the format follows the extension (.json, .jsonl, .csv, .md,
    /// .xml for JUnit), or is named as FORMAT=PATH (e.g. -o junit=report.xml); may be
    /// repeated. Each file is written completely or not at all, and also when the data
    /// is invalid (exit code 3), then carrying the diagnostics.
    #[arg(short = 'o', long = "output", value_name = "[FORMAT=]PATH", value_parser = parse_output)]
    pub outputs: Vec<(FormatArg, PathBuf)>,

    /// Also show rules that do not apply (not_applicable).
    #[arg(long)]
    pub all: bool,

    /// What makes the run fail with exit code 1: error-severity rules (default), any
    /// rule including warnings, or also anything not yet met (pending).
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    pub fail_on: FailOnArg,

    /// Report, but exit 0 even when rules fail (invalid input still exits 2 or 3).
    #[arg(long)]
    pub exit_zero: bool,

    /// Evaluate even when some rows are invalid: an institution with an invalid row
    /// gets the status `invalid` (数据无效) on each of its rules, district values that
    /// need it are `missing`, and the run still exits 3. `report` always does this.
    #[arg(long)]
    pub keep_going: bool,

    /// Only these rules: ids or glob patterns such as 'T15.*' (repeatable).
    #[arg(long = "rule", value_name = "ID|GLOB")]
    pub rules: Vec<String>,

    /// Only the rules of these task numbers (repeatable).
    #[arg(long = "task", value_name = "N")]
    pub tasks: Vec<u32>,

    /// Only these institutions, by name, alias or code (repeatable); leaves out the
    /// district results.
    #[arg(long = "school", value_name = "NAME")]
    pub schools: Vec<String>,

    /// Only the tasks of these responsible sections (责任科室), e.g. 成职教科 (repeatable).
    #[arg(long = "section", value_name = "SECTION")]
    pub sections: Vec<String>,

    /// Only rules of this severity.
    #[arg(long, value_enum)]
    pub severity: Option<SeverityArg>,

    /// Ignore --exemptions and show the raw results, for audit.
    #[arg(long)]
    pub no_exemptions: bool,

    /// The JSON result of an earlier run (e.g. last year's `--format json`): adds a
    /// follow-up section marking each of its problems 已整改, 未整改 or 不再适用 and
    /// each new problem 新增 (`follow_up` in JSON).
    #[arg(long, value_name = "LAST.json")]
    pub previous: Option<PathBuf>,
}

/// The extensions `check -o PATH` knows, and the format each means.
pub const OUTPUT_EXTENSIONS: [(&str, FormatArg); 5] = [
    ("json", FormatArg::Json),
    ("jsonl", FormatArg::Jsonl),
    ("csv", FormatArg::Csv),
    ("md", FormatArg::Markdown),
    ("xml", FormatArg::Junit),
];

/// `FORMAT=PATH`, or a path whose extension names the format (as `report -o` does).
/// A word before `=` is taken for a format's name (a mistyped one is an error, not a
/// file name); a prefix with a dot or a slash is part of a path.
fn parse_output(s: &str) -> Result<(FormatArg, PathBuf), String> {
    let names = || -> String {
        let names: Vec<String> = FormatArg::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect();
        names.join(", ")
    };
    if let Some((format, path)) = s.split_once('=')
        && !format.contains(['.', '/', '\\'])
    {
        let format = FormatArg::from_str(format, true)
            .map_err(|_| format!("unknown format {format:?} (use {})", names()))?;
        if path.is_empty() {
            return Err("the path after = is empty".to_string());
        }
        return Ok((format, PathBuf::from(path)));
    }
    let path = PathBuf::from(s);
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match OUTPUT_EXTENSIONS.iter().find(|(e, _)| Some(*e) == ext.as_deref()) {
        Some((_, format)) => Ok((*format, path)),
        None => {
            let known: Vec<String> = OUTPUT_EXTENSIONS.iter().map(|(e, _)| format!(".{e}")).collect();
            Err(format!(
                "cannot tell the format of {s:?} from its extension (known: {}; .xml is junit), or write FORMAT=PATH with FORMAT one of {}",
                known.join(", "),
                names()
            ))
        }
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Submission files and directories, as for `check` (`-` reads one from standard
    /// input), every year in one go: earlier years give the trend and the projection.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output file; the format follows the extension: .html (one self-contained page,
    /// printable on A4), .xlsx (a workbook) or .md (Markdown). Repeat for several;
    /// `-` writes Markdown to standard output. `rectification=FILE.xlsx` or
    /// `rectification=FILE.csv` writes the rectification list (整改清单) instead: one
    /// row per failing, late or missing item, with columns for the school to fill.
    #[arg(short = 'o', long = "output", required = true, value_name = "FILE")]
    pub outputs: Vec<PathBuf>,

    /// The rectification deadline (整改期限) in the rectification list (YYYY-MM-DD)
    /// [default: three months after the evaluation date].
    #[arg(long, value_name = "DATE")]
    pub rectify_by: Option<NaiveDate>,

    /// The JSON result of an earlier run (e.g. last year's `check --format json`): adds
    /// a follow-up section (整改跟踪) to the report.
    #[arg(long, value_name = "LAST.json")]
    pub previous: Option<PathBuf>,

    /// A TOML file with the sign-off: reporting unit (报告单位), document number (文号),
    /// inspection team and dates (examples/meta.toml). Printed in the header and in a
    /// signature block at the end; without it both are left out.
    #[arg(long, value_name = "FILE")]
    pub meta: Option<PathBuf>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct PlansArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlainFormat::Table)]
    pub format: PlainFormat,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlainFormat::Table)]
    pub format: PlainFormat,

    /// List the input fields (columns) instead of the rules.
    #[arg(long)]
    pub fields: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The kind of template [default: from the --output extension, else csv].
    #[arg(long, value_enum)]
    pub format: Option<TemplateFormatArg>,

    /// Write the template to this file instead of stdout (needed for xlsx on a terminal).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Pre-fill one row per registered institution (the plan's, and the registry's if
    /// given) for this reporting year.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,

    /// A TOML file listing every institution of the district, for --year.
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,

    /// Write the template of the plan's roster KEY instead (the default plan's:
    /// teachers, internships): 学校名称, 年度, then the roster's columns. The key is
    /// matched exactly, as the plan writes it.
    #[arg(long, value_name = "KEY", conflicts_with = "year")]
    pub roster: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormatArg {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Tables for a terminal.
    Table,
    /// One versioned JSON document (schema: docs/json-schema.json).
    Json,
    /// One JSON object per result, one per line.
    Jsonl,
    /// CSV for Excel (UTF-8 with BOM, formulas neutralised).
    Csv,
    /// Markdown tables.
    Markdown,
    /// JUnit XML: a test suite per institution, a test case per rule.
    Junit,
    /// GitHub Actions annotations on the file and row behind each failure.
    Github,
}

impl FormatArg {
    pub fn format(self) -> wjvet::render::Format {
        use wjvet::render::Format;
        match self {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Junit => Format::Junit,
            FormatArg::Github => Format::Github,
        }
    }
}

/// Formats of the commands that print a plan or an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlainFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Pending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(alias = "gb18030", alias = "gb2312")]
    Gbk,
    #[value(name = "utf-16le", alias = "utf-16")]
    Utf16le,
    #[value(name = "utf-16be")]
    Utf16be,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn output_format_follows_the_extension_or_the_prefix() {
        let format = |s: &str| parse_output(s).map(|(f, _)| f);
        assert_eq!(format("x.json"), Ok(FormatArg::Json));
        assert_eq!(format("out/x.JSONL"), Ok(FormatArg::Jsonl));
        assert_eq!(format("x.csv"), Ok(FormatArg::Csv));
        assert_eq!(format("x.md"), Ok(FormatArg::Markdown));
        assert_eq!(format("report.xml"), Ok(FormatArg::Junit));
        assert_eq!(format("junit=x.json"), Ok(FormatArg::Junit));
        assert_eq!(parse_output("json=b/x.json").map(|(_, p)| p), Ok(PathBuf::from("b/x.json")));
        // A path whose directory holds a `=` is still a path.
        assert_eq!(parse_output("a.b=c/x.csv").map(|(_, p)| p), Ok(PathBuf::from("a.b=c/x.csv")));
        assert!(format("x.txt").unwrap_err().contains(".json, .jsonl, .csv, .md, .xml"));
        assert!(format("xml=out.xml").unwrap_err().contains("unknown format \"xml\""));
    }
}
