//! Reading one cell as the value its field's type calls for.
//!
//! Cells arrive as people type them in Excel: `１５０`, ` 15,000 `, `85%`, `0.85`,
//! `是`, `2019年6月30日`, `43646` (an Excel date serial). Each field type accepts the
//! forms listed here and nothing else; an empty cell is `None` (missing), never zero.
//! Anything unreadable becomes a [`Problem`] naming what was expected, so the caller
//! can report it with the file, row and column.

use chrono::{Duration, NaiveDate};
use std::borrow::Cow;

use super::model::Value;
use crate::diag::Code;
use crate::lang::Text;
use crate::num::{Num, parse_decimal};
use crate::plan::FieldKind;
use crate::text;

/// Why a cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub expected: Text,
    pub hint: Option<Text>,
}

impl Problem {
    /// The diagnostic for the cell `raw` at `file`:`line`, column `col` (labelled `label`).
    pub fn diagnostic(
        self,
        file: &str,
        line: u32,
        col: &super::model::ColumnRef,
        raw: &str,
        label: &Text,
    ) -> crate::diag::Diagnostic {
        let (zh, en) = (&label.zh, &label.en);
        let loc = crate::diag::Location::file(file).row(line).column(col.index, &col.header);
        let mut d = crate::diag::Diagnostic::new(
            self.code,
            loc,
            crate::text!("「{zh}」的值无法识别", "{en:?} cannot be read"),
        )
        .value(raw)
        .expected(self.expected);
        if let Some(h) = self.hint {
            d = d.hint(h);
        }
        d
    }
}

/// Normalises what Excel users type: full-width ASCII and the ideographic space
/// narrowed to ASCII ([`crate::fold::narrow`], nothing else: `13⁶` stays `13⁶` and is
/// not a number), then trimmed of all white space and a stray BOM.
pub fn normalise(raw: &str) -> Cow<'_, str> {
    let is_space = |c: char| c.is_whitespace() || c == '\u{feff}';
    let trimmed = raw.trim_matches(is_space);
    match crate::fold::narrow(trimmed) {
        Cow::Borrowed(b) => Cow::Borrowed(b),
        Cow::Owned(o) => Cow::Owned(o.trim_matches(is_space).to_string()),
    }
}

/// Whether a cell holds nothing but white space (and a stray BOM), which
/// [`normalise`] trims away: an empty cell. Decided by the first character for
/// almost every cell.
#[inline]
pub fn is_blank(raw: &str) -> bool {
    let space = |c: char| c.is_whitespace() || c == '\u{feff}';
    match raw.chars().next() {
        None => true,
        Some(c) if !space(c) => false,
        Some(_) => raw.trim_matches(space).is_empty(),
    }
}

/// Reads `raw` as a value of `kind`. `Ok(None)` means the cell is empty.
pub fn parse(raw: &str, kind: FieldKind) -> Result<Option<Value>, Problem> {
    if kind == FieldKind::Text {
        // Codes, document numbers and names are kept as typed (leading zeros and
        // all), only trimmed; but a code Excel already turned into 1.23E+17 is lost.
        let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if is_scientific(&normalise(t)) {
            return Err(damaged_code());
        }
        return Ok((!t.is_empty()).then(|| Value::Text(t.into())));
    }
    if let Some(v) = plain(raw, kind) {
        return Ok(Some(v));
    }
    let s = normalise(raw);
    if s.is_empty() {
        return Ok(None);
    }
    let value = match kind {
        FieldKind::Count => Value::Num(stored(count(&s)?)?),
        FieldKind::Decimal => Value::Num(stored(decimal(&s)?)?),
        FieldKind::Percent => Value::Num(stored(percent(&s)?)?),
        FieldKind::Bool => Value::Bool(boolean(&s)?),
        FieldKind::Date => Value::Date(date(&s)?),
        FieldKind::Completion if is_not_done(&s) => Value::NotDone,
        FieldKind::Completion => Value::Date(date(&s).map_err(|p| Problem {
            expected: text!(
                "完成日期（如 2019-06-30）或「未完成」",
                "a completion date (e.g. 2019-06-30) or 未完成 (not done)"
            ),
            ..p
        })?),
        FieldKind::Text => Value::Text(s.into()),
    };
    Ok(Some(value))
}

/// The commonest cells, read without normalising or allocating: a count or decimal
/// of plain ASCII digits, and an ISO date (`2019-06-30`). Anything else (and a date
/// that does not exist) is `None` and goes the long way, which reads the same
/// values the same way: this is a shortcut, never a second reading (a unit test
/// holds the two equal).
pub(super) fn plain(raw: &str, kind: FieldKind) -> Option<Value> {
    let b = raw.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    match kind {
        // 18 digits always fit in an i64.
        FieldKind::Count | FieldKind::Decimal if (1..=18).contains(&b.len()) => {
            let n =
                b.iter().try_fold(0i64, |n, d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))?;
            Some(Value::Num(crate::num::Stored::from_integer(n)))
        }
        FieldKind::Bool if raw == YES[0] => Some(Value::Bool(true)),
        FieldKind::Bool if raw == NO[0] => Some(Value::Bool(false)),
        FieldKind::Date if b.len() == 10 && b[4] == b'-' && b[7] == b'-' => {
            let year = i32::try_from(digits(0..4)?).ok()?;
            NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?).map(Value::Date)
        }
        _ => None,
    }
}

/// `1.23E+17`, `5.10115E+09`: how Excel shows a long number, and so how a long code
/// typed into a number cell comes out of Excel, its last digits already gone.
fn is_scientific(s: &str) -> bool {
    let Some((mantissa, exp)) = s.split_once(['E', 'e']) else { return false };
    let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    [int, frac, exp].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn damaged_code() -> Problem {
    Problem {
        code: Code::DamagedCode,
        expected: text!(
            "按文本填写的完整代码（如 5101150001）",
            "the full code written as text (e.g. 5101150001)"
        ),
        hint: Some(text!(
            "Excel 把长代码当成了数字，末尾几位已丢失：把该列设为「文本」格式后重新输入代码",
            "Excel turned a long code into a number and its last digits are lost: format the column as Text and type the code again"
        )),
    }
}

/// Narrows a parsed number for storage; absurdly large values are not numbers a
/// school reports.
fn stored(n: Num) -> Result<crate::num::Stored, Problem> {
    crate::num::narrow(&n)
        .ok_or_else(|| number_problem(text!("一个合理大小的数", "a number of reasonable size")))
}

/// Strips thousands separators written the usual way (`15,000`, `1,234,567.5`).
fn without_separators(s: &str) -> Option<Cow<'_, str>> {
    if !s.contains(',') {
        return Some(Cow::Borrowed(s));
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let int = int.strip_prefix('-').unwrap_or(int);
    let groups: Vec<&str> = int.split(',').collect();
    let ok = !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| {
        let sign = if s.starts_with('-') { "-" } else { "" };
        let joined = groups.concat();
        Cow::Owned(match frac {
            Some(f) => format!("{sign}{joined}.{f}"),
            None => format!("{sign}{joined}"),
        })
    })
}

fn number_problem(expected: Text) -> Problem {
    Problem {
        code: Code::NotANumber,
        expected,
        hint: Some(text!(
            "只填阿拉伯数字，不要写单位或文字（如 150，不要写「150人」或「一百五十」）",
            "write digits only, without units or words (150, not 150人 or 一百五十)"
        )),
    }
}

fn count(s: &str) -> Result<Num, Problem> {
    // The expectation is worded only when there is a problem: this runs per cell.
    let expected = || text!("一个整数（如 150）", "a whole number (e.g. 150)");
    let n = without_separators(s)
        .and_then(|plain| parse_decimal(&plain))
        .ok_or_else(|| number_problem(expected()))?;
    if !n.is_integer() {
        return Err(Problem {
            code: Code::NotAWholeNumber,
            expected: expected(),
            hint: Some(text!(
                "人数、间数、班数只能是整数",
                "counts of persons, rooms or classes are whole numbers"
            )),
        });
    }
    Ok(n)
}

fn decimal(s: &str) -> Result<Num, Problem> {
    without_separators(s)
        .and_then(|p| parse_decimal(&p))
        .ok_or_else(|| number_problem(text!("一个数（如 12.5）", "a number (e.g. 12.5)")))
}

/// `85%` and `85` mean 85%; `0.85` means 85%. A bare number above 1 is read as
/// percentage points, one at most 1 as a fraction (documented in docs/input.md).
fn percent(s: &str) -> Result<Num, Problem> {
    let expected = || text!("百分比（85%、0.85 或 85）", "a percentage (85%, 0.85 or 85)");
    let (body, had_sign) = match s.strip_suffix('%') {
        Some(b) => (b.trim(), true),
        None => (s, false),
    };
    let n = parse_decimal(body).ok_or_else(|| number_problem(expected()))?;
    let hundred = Num::from_integer(100);
    let share = if had_sign || n > Num::from_integer(1) { n / hundred } else { n };
    if share < Num::from_integer(0) || share > Num::from_integer(1) {
        return Err(Problem { code: Code::BadPercent, expected: expected(), hint: None });
    }
    Ok(share)
}

/// Whether `s` is one of `words`, ignoring ASCII case (no allocation per cell).
fn one_of(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// Every spelling read as yes; docs/input.md lists the same (a test holds them equal).
pub const YES: [&str; 11] = ["是", "有", "√", "✓", "✔", "true", "yes", "y", "1", "已", "对"];
/// Every spelling read as no. The letter `x` is not one: some clerks tick a box
/// with it, others cross one out, so it is refused rather than guessed.
pub const NO: [&str; 11] = ["否", "无", "×", "✗", "✘", "false", "no", "n", "0", "未", "错"];

fn boolean(s: &str) -> Result<bool, Problem> {
    if one_of(s, &YES) {
        Ok(true)
    } else if one_of(s, &NO) {
        Ok(false)
    } else {
        Err(Problem {
            code: Code::BadBool,
            expected: text!("是 或 否", "yes or no (是/否)"),
            hint: Some(text!("填「是」或「否」", "write 是 (yes) or 否 (no)")),
        })
    }
}

fn is_not_done(s: &str) -> bool {
    one_of(s, &["未完成", "尚未完成", "未上报", "未提交", "否", "无", "未", "no", "not done", "×"])
}

/// Dates as Chinese Excel users write them, plus Excel serial numbers.
pub fn date(s: &str) -> Result<NaiveDate, Problem> {
    parse_date(s).ok_or_else(|| Problem {
        code: Code::BadDate,
        expected: text!("日期（如 2019-06-30）", "a date (e.g. 2019-06-30)"),
        hint: Some(text!(
            "可写 2019-06-30、2019/6/30、2019.6.30、2019年6月30日 或 20190630",
            "write 2019-06-30, 2019/6/30, 2019.6.30, 2019年6月30日 or 20190630"
        )),
    })
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    // Excel sometimes appends a midnight time when a date column is saved as text.
    let s = s.strip_suffix(" 00:00:00").or_else(|| s.strip_suffix("T00:00:00")).unwrap_or(s);
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.len() {
            8 => NaiveDate::parse_from_str(s, "%Y%m%d").ok(),
            // Excel serial dates: counting from 1899-12-30 absorbs Excel's 1900
            // leap-year bug. Only serials of 2000-01-01..=2099-12-31 are taken, so a
            // bare year such as 2019 is not read as a day in 1905.
            5 => {
                let n: i64 = s.parse().ok()?;
                if !(36_526..=73_050).contains(&n) {
                    return None;
                }
                NaiveDate::from_ymd_opt(1899, 12, 30).map(|base| base + Duration::days(n))
            }
            _ => None,
        };
    }
    // Year, month and day separated by - / . or written 2019年6月30日: three groups of
    // ASCII digits, the year of four, read without building any string.
    let (mut parts, mut lens, mut i) = ([0u32; 3], [0usize; 3], 0usize);
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            let (part, len) = (parts.get_mut(i)?, lens.get_mut(i)?);
            *part = part.checked_mul(10)?.checked_add(d)?;
            *len += 1;
        } else if matches!(c, '-' | '/' | '.' | '年' | '月' | '日') && lens.get(i).is_some_and(|l| *l > 0)
        {
            i += 1;
        } else {
            return None;
        }
    }
    let complete = (i == 2 && lens[2] > 0) || (i == 3 && s.ends_with('日'));
    if !complete || lens[0] != 4 || lens[1] > 2 || lens[2] > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(parts[0]).ok()?, parts[1], parts[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(a: i128, b: i128) -> Option<Value> {
        Some(Value::Num(crate::num::narrow(&Num::new(a, b)).unwrap()))
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn empty_is_missing_not_zero() {
        assert_eq!(parse("", FieldKind::Count), Ok(None));
        assert_eq!(parse(" \u{3000} ", FieldKind::Count), Ok(None));
    }

    #[test]
    fn counts_accept_what_excel_users_type() {
        assert_eq!(parse("150", FieldKind::Count), Ok(n(150, 1)));
        assert_eq!(parse("１５０", FieldKind::Count), Ok(n(150, 1)));
        assert_eq!(parse(" 15,000 ", FieldKind::Count), Ok(n(15000, 1)));
        assert_eq!(parse("15，000", FieldKind::Count), Ok(n(15000, 1)));
        assert_eq!(parse("150.0", FieldKind::Count), Ok(n(150, 1)));
        assert_eq!(parse("12.5", FieldKind::Count).unwrap_err().code, Code::NotAWholeNumber);
        assert_eq!(parse("十二", FieldKind::Count).unwrap_err().code, Code::NotANumber);
        assert_eq!(parse("1,50", FieldKind::Count).unwrap_err().code, Code::NotANumber);
        assert_eq!(parse("150人", FieldKind::Count).unwrap_err().code, Code::NotANumber);
    }

    #[test]
    fn only_full_width_forms_are_narrowed_never_other_digits() {
        // NFKC reads 13⁶ as 136 and ① as 1: a false number that can flip a verdict.
        for bad in ["13⁶", "①", "⑴", "⒈", "½", "1½", "H₂", "²", "Ⅻ", "١٢"] {
            for kind in [FieldKind::Count, FieldKind::Decimal, FieldKind::Percent] {
                let p = parse(bad, kind).unwrap_err();
                assert_eq!(p.code, Code::NotANumber, "{bad} as {kind:?}");
            }
        }
        assert_eq!(parse("１２３．５", FieldKind::Decimal), Ok(n(1235, 10)));
        assert_eq!(parse("８５％", FieldKind::Percent), Ok(n(85, 100)));
        assert_eq!(parse("①", FieldKind::Bool).unwrap_err().code, Code::BadBool);
        assert_eq!(parse("2019年6月30日", FieldKind::Date), Ok(Some(Value::Date(d(2019, 6, 30)))));
        assert_eq!(parse("２０１９／６／３０", FieldKind::Date), Ok(Some(Value::Date(d(2019, 6, 30)))));
        assert_eq!(parse("2019-⑥-30", FieldKind::Date).unwrap_err().code, Code::BadDate);
    }

    #[test]
    fn percentages_in_three_spellings() {
        assert_eq!(parse("85%", FieldKind::Percent), Ok(n(85, 100)));
        assert_eq!(parse("85％", FieldKind::Percent), Ok(n(85, 100)));
        assert_eq!(parse("0.85", FieldKind::Percent), Ok(n(85, 100)));
        assert_eq!(parse("85", FieldKind::Percent), Ok(n(85, 100)));
        assert_eq!(parse("1", FieldKind::Percent), Ok(n(1, 1)));
        assert_eq!(parse("185%", FieldKind::Percent).unwrap_err().code, Code::BadPercent);
    }

    #[test]
    fn the_shortcut_reads_as_the_long_way() {
        let kinds = [FieldKind::Count, FieldKind::Decimal, FieldKind::Bool, FieldKind::Date];
        let cells = [
            "0",
            "7",
            "007",
            "2484",
            "999999999999999999",
            "1000000000000000000",
            "2019-06-30",
            "2019-02-29",
            "2020-02-29",
            "2019-13-01",
            "0000-01-01",
            "2019-6-30",
            "是",
            "否",
            "有",
            "",
            "-1",
        ];
        for kind in kinds {
            for c in cells {
                let Some(short) = plain(c, kind) else { continue };
                let s = normalise(c);
                let long = match kind {
                    FieldKind::Count => count(&s).ok().and_then(|n| stored(n).ok()).map(Value::Num),
                    FieldKind::Decimal => decimal(&s).ok().and_then(|n| stored(n).ok()).map(Value::Num),
                    FieldKind::Bool => boolean(&s).ok().map(Value::Bool),
                    _ => date(&s).ok().map(Value::Date),
                };
                assert_eq!(Some(short), long, "{c:?} as {kind:?}");
            }
        }
        assert!(
            plain("2019-02-29", FieldKind::Date).is_none(),
            "a day that does not exist goes the long way"
        );
        assert!(plain("1,000", FieldKind::Count).is_none());
    }

    #[test]
    fn booleans() {
        for t in ["是", "有", "√", "true", "1", "Yes"] {
            assert_eq!(parse(t, FieldKind::Bool), Ok(Some(Value::Bool(true))), "{t}");
        }
        for f in ["否", "无", "×", "false", "0", "NO"] {
            assert_eq!(parse(f, FieldKind::Bool), Ok(Some(Value::Bool(false))), "{f}");
        }
        assert_eq!(parse("也许", FieldKind::Bool).unwrap_err().code, Code::BadBool);
        for ambiguous in ["x", "X", "ｘ", "✕", "-"] {
            assert_eq!(parse(ambiguous, FieldKind::Bool).unwrap_err().code, Code::BadBool, "{ambiguous}");
        }
    }

    #[test]
    fn dates_in_every_common_form() {
        for s in [
            "2019-06-30",
            "2019/6/30",
            "2019.6.30",
            "2019年6月30日",
            "20190630",
            "43646",
            "2019-06-30 00:00:00",
        ] {
            assert_eq!(parse(s, FieldKind::Date), Ok(Some(Value::Date(d(2019, 6, 30)))), "{s}");
        }
        assert_eq!(parse("2019-02-30", FieldKind::Date).unwrap_err().code, Code::BadDate);
        assert_eq!(parse("六月底", FieldKind::Date).unwrap_err().code, Code::BadDate);
        assert_eq!(parse("19-6-30", FieldKind::Date).unwrap_err().code, Code::BadDate);
        assert_eq!(parse("2019", FieldKind::Date).unwrap_err().code, Code::BadDate, "a year is not a serial");
        for bad in ["2019-06", "2019--06-30", "2019-06-30-1", "2019-006-30", "2019-06-30x", "-2019-06-30"] {
            assert_eq!(parse(bad, FieldKind::Date).unwrap_err().code, Code::BadDate, "{bad}");
        }
    }

    #[test]
    fn completion_is_a_date_or_not_done() {
        assert_eq!(parse("未完成", FieldKind::Completion), Ok(Some(Value::NotDone)));
        assert_eq!(parse("2019/12/20", FieldKind::Completion), Ok(Some(Value::Date(d(2019, 12, 20)))));
        let p = parse("快了", FieldKind::Completion).unwrap_err();
        assert_eq!(p.code, Code::BadDate);
        assert!(p.expected.zh.contains("未完成"));
    }

    #[test]
    fn codes_damaged_by_excel_are_flagged() {
        for bad in ["1.23E+17", "5.10115E+09", "1.2345678901234568E+17", "1e10", "１.２３Ｅ＋１７"] {
            assert_eq!(parse(bad, FieldKind::Text).unwrap_err().code, Code::DamagedCode, "{bad}");
        }
        assert_eq!(parse("0510115001", FieldKind::Text), Ok(Some(Value::Text("0510115001".into()))));
        assert_eq!(parse("E+17", FieldKind::Text), Ok(Some(Value::Text("E+17".into()))));
        assert_eq!(parse("东教发E12", FieldKind::Text), Ok(Some(Value::Text("东教发E12".into()))));
    }

    #[test]
    fn text_is_kept_trimmed() {
        assert_eq!(
            parse("  东教发〔2019〕12号 ", FieldKind::Text),
            Ok(Some(Value::Text("东教发〔2019〕12号".into())))
        );
    }

    mod properties {
        //! The cell parser on generated input: it never panics, never reads a number
        //! out of characters that are not digits as typed, and reads back every count
        //! written the ways clerks write it.

        use super::*;
        use proptest::prelude::*;

        /// Characters a number cell may hold once full-width forms are narrowed.
        fn numeric_char(c: char) -> bool {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%' | 'e' | 'E') || c.is_whitespace()
        }

        proptest! {
            #[test]
            fn any_text_is_read_or_refused_never_a_panic(s in "\\PC{0,12}") {
                for kind in [FieldKind::Count, FieldKind::Decimal, FieldKind::Percent, FieldKind::Bool,
                             FieldKind::Date, FieldKind::Completion, FieldKind::Text] {
                    let _ = parse(&s, kind);
                }
            }

            #[test]
            fn a_number_is_only_read_from_digits(s in "[0-9１-９⁰-⁹₀-₉①-⑨½¼.,%٠-٩ 　-]{1,8}") {
                let narrowed = crate::fold::narrow(&s);
                for kind in [FieldKind::Count, FieldKind::Decimal, FieldKind::Percent] {
                    if let Ok(Some(_)) = parse(&s, kind) {
                        prop_assert!(narrowed.chars().all(numeric_char), "{s:?} read as a {kind:?}");
                    }
                }
            }

            #[test]
            fn counts_round_trip_in_every_spelling(n in 0u64..10_000_000) {
                let plain = n.to_string();
                let wide: String = plain.chars().map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap()).collect();
                let grouped = {
                    let mut out = String::new();
                    for (i, c) in plain.chars().enumerate() {
                        if i > 0 && (plain.len() - i) % 3 == 0 { out.push(','); }
                        out.push(c);
                    }
                    out
                };
                let expected = Some(Value::Num(crate::num::narrow(&Num::from_integer(i128::from(n))).unwrap()));
                for spelling in [plain.clone(), wide, grouped, format!(" {plain}\u{3000}"), format!("{plain}.0")] {
                    prop_assert_eq!(parse(&spelling, FieldKind::Count), Ok(expected.clone()), "{}", spelling);
                }
            }
        }
    }
}
