//! clap's usage errors in the user's language.
//!
//! clap words its errors in English only. A clerk who runs `wjvet chekc` on a Chinese
//! Windows should read Chinese, in the same `wjvet: 错误：` style as every other tool
//! error, so the common kinds (an unknown argument or subcommand, a bad or missing
//! value) are reworded here from the parts clap collected, with its suggestion kept.
//! Help and version output, and the rarer kinds, stay clap's own. The exit code stays
//! 2, as clap's.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use wjvet::lang::Lang;

use super::failure;

/// The message for `e` in Chinese, or `None` to let clap print its own (English, or
/// help and version, which are not errors).
pub fn zh(e: &clap::Error) -> Option<String> {
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => {
            Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join("、"))
        }
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数「{arg}」"),
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("无法识别的子命令「{sub}」")
        }
        ErrorKind::InvalidValue => match get(ContextKind::ValidValue) {
            Some(valid) => format!("参数 {arg} 的值「{value}」无效；可选：{valid}"),
            None => format!("参数 {arg} 需要一个值"),
        },
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(ToString::to_string).unwrap_or_default();
            format!("参数 {arg} 的值「{value}」无效：{why}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令".to_string(),
        ErrorKind::ArgumentConflict => {
            let other = get(ContextKind::PriorArg).unwrap_or_default();
            format!("参数 {arg} 不能与 {other} 同时使用")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => format!("参数 {arg} 的值个数不对"),
        _ => return None,
    };
    let suggested = get(ContextKind::SuggestedArg).or_else(|| get(ContextKind::SuggestedSubcommand));
    let mut out = format!("{}{}", failure::prefix(Lang::Zh), std::mem::take(&mut text));
    if let Some(s) = suggested {
        out.push_str(&format!("\n提示：是不是「{s}」？"));
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim_start();
        let usage = usage.strip_prefix("Usage:").map_or(usage, str::trim_start);
        out.push_str(&format!("\n\n用法：{usage}"));
    }
    out.push_str("\n\n更多信息请运行 wjvet --help");
    Some(out)
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;
    use crate::cli::Cli;

    fn error(args: &[&str]) -> clap::Error {
        let mut cmd = Cli::command();
        let e = Cli::try_parse_from(args).expect_err("not an error");
        e.format(&mut cmd)
    }

    #[test]
    fn the_common_mistakes_are_worded_in_chinese_with_clap_s_suggestion() {
        let unknown = zh(&error(&["wjvet", "check", "--registy", "r.toml", "x.csv"])).unwrap();
        assert!(unknown.contains("无法识别的参数「--registy」"), "{unknown}");
        assert!(unknown.contains("是不是「--registry」"), "{unknown}");
        let sub = zh(&error(&["wjvet", "chekc"])).unwrap();
        assert!(sub.contains("无法识别的子命令「chekc」") && sub.contains("check"), "{sub}");
        let bad = zh(&error(&["wjvet", "check", "--format", "xlsx", "x.csv"])).unwrap();
        assert!(bad.contains("「xlsx」无效") && bad.contains("json"), "{bad}");
        let date = zh(&error(&["wjvet", "check", "--as-of", "2020-13-01", "x.csv"])).unwrap();
        assert!(date.contains("「2020-13-01」无效"), "{date}");
        assert!(date.starts_with(failure::prefix(Lang::Zh)), "{date}");
    }

    #[test]
    fn help_and_version_stay_clap_s() {
        assert!(zh(&error(&["wjvet", "--help"])).is_none());
        assert!(zh(&error(&["wjvet", "--version"])).is_none());
    }
}
