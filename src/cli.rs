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
     不合规：至少一条错误级规则如此
  2  usage error, invalid plan or registry, or internal error
     用法错误、计划或名册无效、内部错误
  3  the submitted data is invalid (unreadable file, bad cell, duplicate row...)
     报送数据无效（文件无法读取、单元格错误、重复行等）";

/// wjvet: checks vocational-education submissions against the action plan
/// 温教发〔2018〕206号 (or any plan given with --plan).
#[derive(Debug, Parser)]
#[command(name = "wjvet", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// Use this plan file instead of the embedded plan.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Language of the output [default: from LC_ALL / LC_MESSAGES / LANG: zh for zh_*, else en].
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// When to colour the output: auto colours only a terminal, and never when NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check submissions against every rule of the plan.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// List the plan's tasks and rules as encoded.
    Rules(RulesArgs),
    /// Write the submission template made from the plan's fields: a CSV (UTF-8 with a
    /// BOM, so Excel opens it correctly) or a workbook with validation and a
    /// 填表说明 sheet. A filled template goes through `check` unchanged.
    Template(TemplateArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Submission files (.csv, .tsv, .xlsx, .xlsm, .xls, .xlsb, .ods; .txt when named)
    /// and directories (searched recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

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

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    /// Also show rules that do not apply (not_applicable).
    #[arg(long)]
    pub all: bool,

    /// Print only the summary and the verdict (the exit code is unchanged).
    #[arg(long, short)]
    pub quiet: bool,

    /// Stop listing input problems after this many (all are still counted).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_diagnostics: usize,

    /// Read text files (.csv, .tsv, .txt) in this encoding instead of detecting it: gbk
    /// also reads GB18030 and GB2312; utf-16le is Excel's "Unicode text" [default: a
    /// BOM, else UTF-8 if every byte is valid UTF-8, else GB18030]. A BOM always wins.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,

    /// Read this worksheet of every spreadsheet (.xlsx, .xls, .xlsb, .ods)
    /// [default: the first visible worksheet].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
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

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormatArg {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
