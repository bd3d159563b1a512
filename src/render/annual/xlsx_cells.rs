//! Writing workbook cells safely: the status colours, the formats, and the one
//! function every string goes through so Excel never reads one as a formula.
//!
//! Kept apart from the sheets' layout (`xlsx`) because it is the security-relevant
//! part: a submission's text (a school name, an evidence note) reaches cells and
//! sheet names, and must stay inert text in both.

pub use crate::render::csv::looks_like_formula;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::eval::Status;

/// The workbook's formats, made once.
pub struct Styles {
    pub title: Format,
    pub head: Format,
    pub text: Format,
    pub bold: Format,
    pub number: Format,
}

impl Default for Styles {
    fn default() -> Styles {
        Styles::new()
    }
}

impl Styles {
    pub fn new() -> Styles {
        let cell = Format::new().set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xC9CED6));
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            head: cell.clone().set_bold().set_background_color(Color::RGB(0xEEF1F5)).set_text_wrap(),
            text: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            bold: Format::new().set_bold(),
            number: cell.set_align(FormatAlign::Top),
        }
    }

    pub fn status(&self, s: Status) -> Format {
        let (bg, fg) = match s {
            Status::Pass => (0xDCEFDF, 0x1B5E20),
            Status::Fail => (0xF6D4D1, 0x8E1B10),
            Status::Late => (0xFBE3BF, 0x8A4B00),
            Status::Pending => (0xDBE8F6, 0x184A7A),
            Status::Missing => (0xF9E0EA, 0x7D1F47),
            Status::Incomplete | Status::NotApplicable => (0xECECEC, 0x555555),
            Status::Review => (0xE8E2F3, 0x4A3575),
            Status::Exempted => (0xF3E5F5, 0x6A1B9A),
        };
        self.text.clone().set_background_color(Color::RGB(bg)).set_font_color(Color::RGB(fg))
    }
}

/// Writes a string cell, quote-prefixed when it could be read as a formula.
pub fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    if looks_like_formula(s) {
        ws.write_string_with_format(row, col, s, &f.clone().set_quote_prefix())?;
    } else {
        ws.write_string_with_format(row, col, s, f)?;
    }
    Ok(())
}

pub fn header(ws: &mut Worksheet, row: u32, cells: &[String], st: &Styles) -> Result<(), XlsxError> {
    for (c, s) in cells.iter().enumerate() {
        text(ws, row, col(c), s, &st.head)?;
    }
    Ok(())
}

pub fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

pub fn count(ws: &mut Worksheet, row: u32, c: usize, n: usize, st: &Styles) -> Result<(), XlsxError> {
    ws.write_number_with_format(row, col(c), u32::try_from(n).unwrap_or(u32::MAX), &st.number)?;
    Ok(())
}

pub fn strings<S: AsRef<str>>(v: &[S]) -> Vec<String> {
    v.iter().map(|s| s.as_ref().to_string()).collect()
}

/// A valid, unused sheet name from an institution's name: Excel forbids `[]:*?/\`,
/// a leading or trailing quote, and more than 31 characters.
pub fn unique_sheet_name(name: &str, used: &mut Vec<String>) -> String {
    let clean: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let clean = clean.trim_matches('\'').trim().to_string();
    let base: String = if clean.is_empty() { "_".to_string() } else { clean.chars().take(31).collect() };
    let mut candidate = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.to_lowercase() == candidate.to_lowercase()) {
        let suffix = format!("({n})");
        let keep = 31 - suffix.chars().count();
        candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_caught() {
        for s in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(s), "{s:?}");
        }
        assert!(!looks_like_formula("温江二中"));
        assert!(!looks_like_formula("85% (17/20)"));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = vec!["汇总".to_string()];
        assert_eq!(unique_sheet_name("a/b:c", &mut used), "a_b_c");
        assert_eq!(unique_sheet_name("汇总", &mut used), "汇总(2)");
        let long = "很".repeat(40);
        let name = unique_sheet_name(&long, &mut used);
        assert_eq!(name.chars().count(), 31);
        let again = unique_sheet_name(&long, &mut used);
        assert_eq!(again.chars().count(), 31);
        assert_ne!(name, again);
        assert_eq!(unique_sheet_name("'", &mut used), "_");
    }
}
