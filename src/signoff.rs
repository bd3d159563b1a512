//! The sign-off file (`wjvet report --meta FILE`): who inspected, when, which unit
//! reports and under which document number, printed in the report's header and in a
//! signature block at its end.
//!
//! It is a new input, so it gets the same treatment as the plan and the exemptions
//! file: a raw serde mirror with `deny_unknown_fields` and typed dates (so a
//! misspelt key or a date written as a string is refused by toml, with its line),
//! then validation into a [`SignOff`] that collects every problem as a `meta-invalid`
//! diagnostic pointing at the key's line, exit code 2. Text values are kept as
//! written — markup and control characters included — and escaped by each renderer;
//! what is refused is what cannot be signed: an empty value, a value too long for a
//! heading, a duplicated team member, dates that run backwards.

use std::path::Path;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::lines::Lines;
use crate::schema::TomlDate;
use crate::text;

/// The longest text value accepted, in characters: a unit's name or a document
/// number is a line of a heading, not a paragraph.
pub const MAX_CHARS: usize = 100;
/// The most inspection-team members accepted.
pub const MAX_TEAM: usize = 30;

/// The sign-off of an annual report (`wjvet report --meta FILE`): who inspected, when,
/// and under which document number. Every key is required except `team`.
// The keys are `Option` so that validation names every missing one at once; the
// schema marks them `required`, which is what validation enforces.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "wjvet sign-off file")]
pub(crate) struct RawSignOff {
    /// 报告单位: the unit that reports and stamps the report.
    #[schemars(with = "Option<String>", required, length(max = MAX_CHARS), pattern(r"\S"))]
    unit: Option<Spanned<String>>,
    /// 文号: the report's document number.
    #[schemars(with = "Option<String>", required, length(max = MAX_CHARS), pattern(r"\S"))]
    doc_number: Option<Spanned<String>>,
    /// 督查组组长: the inspection team's leader.
    #[schemars(with = "Option<String>", required, length(max = MAX_CHARS), pattern(r"\S"))]
    team_leader: Option<Spanned<String>>,
    /// 督查组成员: the other members of the team, each once (optional).
    #[serde(default)]
    #[schemars(
        with = "Vec<String>",
        length(max = MAX_TEAM),
        inner(length(max = MAX_CHARS), pattern(r"\S")),
        extend("uniqueItems" = true)
    )]
    team: Vec<Spanned<String>>,
    /// 督查开始日: the inspection's first day, a TOML date such as 2021-01-04.
    #[schemars(with = "Option<TomlDate>", required)]
    inspected_from: Option<Spanned<Datetime>>,
    /// 督查结束日: the inspection's last day, not before `inspected_from`.
    #[schemars(with = "Option<TomlDate>", required)]
    inspected_to: Option<Spanned<Datetime>>,
    /// 报告日期: the report's date, not before `inspected_to`.
    #[schemars(with = "Option<TomlDate>", required)]
    report_date: Option<Spanned<Datetime>>,
}

/// A validated sign-off: every value present, non-empty and in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    /// 报告单位: the unit that reports (and stamps the report).
    pub unit: String,
    /// 文号: the report's document number.
    pub doc_number: String,
    /// 督查组组长.
    pub team_leader: String,
    /// 督查组成员, in the file's order (may be empty).
    pub team: Vec<String>,
    /// The inspection's first and last day.
    pub inspected: (NaiveDate, NaiveDate),
    /// 报告日期.
    pub report_date: NaiveDate,
}

/// Reads and validates the sign-off file at `path`; every problem is reported.
pub fn load(path: &Path) -> Result<SignOff, Diagnostics> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(source) => parse(&source, &file),
        Err(e) => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::new(
                Code::MetaInvalid,
                Location::file(&file),
                text!("无法读取签发信息文件：{e}", "cannot read the sign-off file: {e}"),
            ));
            Err(d)
        }
    }
}

/// Validates the text of a sign-off file; `file` names it in messages.
pub fn parse(source: &str, file: &str) -> Result<SignOff, Diagnostics> {
    let lines = Lines::new(source);
    let mut d = Diagnostics::default();
    let at = |span: std::ops::Range<usize>| lines.locate(file, &span);
    let raw: RawSignOff = match toml::from_str(source) {
        Ok(r) => r,
        Err(e) => {
            let loc = e.span().map_or_else(|| Location::file(file), at);
            let msg = e.message().trim_end().to_string();
            d.push(
                Diagnostic::new(
                    Code::MetaInvalid,
                    loc,
                    text!("签发信息文件格式错误：{msg}", "the sign-off file is malformed: {msg}"),
                )
                .hint(keys_hint()),
            );
            return Err(d);
        }
    };
    let mut missing = Vec::new();
    let mut text_of = |key: &'static str, v: Option<Spanned<String>>, d: &mut Diagnostics| {
        let Some(v) = v else {
            missing.push(key);
            return None;
        };
        let loc = at(v.span());
        let s = v.into_inner();
        check_text(key, &s, loc, d).then_some(s)
    };
    let unit = text_of("unit", raw.unit, &mut d);
    let doc_number = text_of("doc_number", raw.doc_number, &mut d);
    let team_leader = text_of("team_leader", raw.team_leader, &mut d);
    let mut team: Vec<String> = Vec::new();
    if raw.team.len() > MAX_TEAM {
        let (n, max) = (raw.team.len(), MAX_TEAM);
        d.push(Diagnostic::new(
            Code::MetaInvalid,
            at(raw.team[MAX_TEAM].span()),
            text!(
                "督查组成员 team 有 {n} 人，最多 {max} 人",
                "team lists {n} members, at most {max} are accepted"
            ),
        ));
    }
    for member in raw.team {
        let loc = at(member.span());
        let name = member.into_inner();
        if !check_text("team", &name, loc.clone(), &mut d) {
            continue;
        }
        if team.contains(&name) || team_leader.as_deref() == Some(name.as_str()) {
            d.push(Diagnostic::new(
                Code::MetaInvalid,
                loc,
                text!("督查组成员「{name}」重复", "team member {name:?} is listed twice"),
            ));
            continue;
        }
        team.push(name);
    }
    let mut date_of = |key: &'static str, v: Option<Spanned<Datetime>>, d: &mut Diagnostics| {
        let Some(v) = v else {
            missing.push(key);
            return None;
        };
        let loc = at(v.span());
        let date =
            v.get_ref().date.filter(|_| v.get_ref().time.is_none()).and_then(|t| {
                NaiveDate::from_ymd_opt(i32::from(t.year), u32::from(t.month), u32::from(t.day))
            });
        if date.is_none() {
            let shown = v.get_ref().to_string();
            d.push(Diagnostic::new(
                Code::MetaInvalid,
                loc.clone(),
                text!(
                    "{key} 应为日期（YYYY-MM-DD），实为 {shown}",
                    "{key} must be a date (YYYY-MM-DD), not {shown}"
                ),
            ));
        }
        date.map(|date| (date, loc))
    };
    let from = date_of("inspected_from", raw.inspected_from, &mut d);
    let to = date_of("inspected_to", raw.inspected_to, &mut d);
    let report_date = date_of("report_date", raw.report_date, &mut d);
    if let (Some((f, _)), Some((t, loc))) = (&from, &to)
        && t < f
    {
        d.push(Diagnostic::new(
            Code::MetaInvalid,
            loc.clone(),
            text!(
                "督查结束日 inspected_to（{t}）早于开始日 inspected_from（{f}）",
                "inspected_to ({t}) is before inspected_from ({f})"
            ),
        ));
    }
    if let (Some((t, _)), Some((r, loc))) = (&to, &report_date)
        && r < t
    {
        d.push(Diagnostic::new(
            Code::MetaInvalid,
            loc.clone(),
            text!(
                "报告日期 report_date（{r}）早于督查结束日 inspected_to（{t}）",
                "report_date ({r}) is before the inspection ended (inspected_to {t})"
            ),
        ));
    }
    if !missing.is_empty() {
        let keys = missing.join(", ");
        d.push(
            Diagnostic::new(
                Code::MetaInvalid,
                Location::file(file),
                text!("签发信息文件缺少 {keys}", "the sign-off file lacks {keys}"),
            )
            .hint(keys_hint()),
        );
    }
    match (unit, doc_number, team_leader, from, to, report_date) {
        (Some(unit), Some(doc_number), Some(team_leader), Some((f, _)), Some((t, _)), Some((r, _)))
            if d.is_empty() =>
        {
            Ok(SignOff { unit, doc_number, team_leader, team, inspected: (f, t), report_date: r })
        }
        _ => Err(d),
    }
}

fn keys_hint() -> crate::lang::Text {
    text!(
        "签发信息文件的键为 unit、doc_number、team_leader、team、inspected_from、inspected_to、report_date，见 examples/meta.toml",
        "a sign-off file has the keys unit, doc_number, team_leader, team, inspected_from, inspected_to and report_date; see examples/meta.toml"
    )
}

/// Pushes a diagnostic and returns false when `s` cannot stand in a sign-off.
fn check_text(key: &str, s: &str, loc: Location, d: &mut Diagnostics) -> bool {
    let n = s.chars().count();
    let problem = if s.trim().is_empty() {
        Some(text!("{key} 不能为空", "{key} is empty"))
    } else if n > MAX_CHARS {
        let max = MAX_CHARS;
        Some(text!(
            "{key} 有 {n} 个字符，最多 {max} 个",
            "{key} has {n} characters, at most {max} are accepted"
        ))
    } else {
        None
    };
    match problem {
        Some(p) => {
            d.push(Diagnostic::new(Code::MetaInvalid, loc, p));
            false
        }
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "unit = \"城东区教育局\"\ndoc_number = \"东教督〔2021〕3号\"\nteam_leader = \"王某\"\nteam = [\"李某\"]\ninspected_from = 2021-01-04\ninspected_to = 2021-01-15\nreport_date = 2021-01-25\n";

    fn lines_of(r: Result<SignOff, Diagnostics>) -> Vec<Option<u32>> {
        r.expect_err("refused").items().iter().map(|d| d.location.row).collect()
    }

    #[test]
    fn a_complete_file_is_accepted() {
        let s = parse(OK, "meta.toml").expect("valid");
        assert_eq!(s.team, ["李某"]);
        assert_eq!(s.inspected.1.to_string(), "2021-01-15");
    }

    #[test]
    fn every_problem_is_reported_at_its_line() {
        let bad = OK
            .replace("\"王某\"", "\"  \"")
            .replace("[\"李某\"]", "[\"李某\", \"李某\"]")
            .replace("2021-01-25", "2021-01-10");
        assert_eq!(lines_of(parse(&bad, "meta.toml")), [Some(3), Some(4), Some(7)]);
    }

    #[test]
    fn an_unknown_key_and_a_date_as_a_string_are_refused_with_their_line() {
        assert_eq!(lines_of(parse(&format!("{OK}stamp = 1\n"), "m")), [Some(8)]);
        assert_eq!(lines_of(parse(&OK.replace("2021-01-04", "\"2021-01-04\""), "m")), [Some(5)]);
    }
}
