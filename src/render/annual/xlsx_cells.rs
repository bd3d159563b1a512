//! Writing workbook cells safely: the status colours, the formats, and the one
//! function every string goes through so Excel never reads one as a formula and
//! none is too long for a cell.
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
            Status::Missing | Status::Invalid => (0xF9E0EA, 0x7D1F47),
            Status::Incomplete | Status::NotApplicable => (0xECECEC, 0x555555),
            Status::Review => (0xE8E2F3, 0x4A3575),
            Status::Exempted => (0xF3E5F5, 0x6A1B9A),
        };
        self.text.clone().set_background_color(Color::RGB(bg)).set_font_color(Color::RGB(fg))
    }
}

/// Excel's longest cell text, in UTF-16 units.
pub const MAX_CELL: usize = 32_767;

/// `s` cut to fit a cell, ending in `…` when it was cut. Only lists of names grow
/// this long (who was left out of a district value); HTML and Markdown show them whole.
pub fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_CELL || s.encode_utf16().count() <= MAX_CELL {
        return s.into();
    }
    // One unit is kept for the ellipsis.
    let mut used = 0;
    let end = s
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > MAX_CELL - 1
        })
        .map_or(s.len(), |(i, _)| i);
    format!("{}…", &s[..end]).into()
}

/// Writes a string cell, quote-prefixed when it could be read as a formula, cut to
/// Excel's cell limit. Control characters need nothing here: rust_xlsxwriter writes
/// them as `_xHHHH_` escapes, as Excel does (a test reads one back).
pub fn text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
    let s = &*fit(s);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_caught() {
        for s in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(s), "{s:?}");
        }
        assert!(!looks_like_formula("城东二中"));
        assert!(!looks_like_formula("85% (17/20)"));
    }

    #[test]
    fn long_text_is_cut_to_a_cell() {
        let exact = "a".repeat(MAX_CELL);
        assert_eq!(fit(&exact), exact);
        let long = "学".repeat(MAX_CELL + 10);
        let cut = fit(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL);
        assert!(cut.ends_with('…'));
        let wide = "𠀀".repeat(MAX_CELL);
        assert!(fit(&wide).encode_utf16().count() <= MAX_CELL);
    }
}
