//! Byte offsets in a text file (a plan, registry, exemptions, reviews or sign-off
//! TOML) turned into the line and column an editor shows, and the source line to
//! quote under a diagnostic.
//!
//! The one helper of its kind in the crate: toml and `toml::Spanned` give byte
//! ranges, people read `file:line:col`. Lines are counted by `\n` (so a CRLF file
//! counts like an LF one and the `\r` is never shown); columns are 1-based and
//! counted in characters, not bytes, because that is what an editor's status bar
//! shows for 规则 as for `rule`. A byte-order mark before the first line is not a
//! column. Each lookup is a binary search over the line starts, so 20,000
//! diagnostics in one file cost 20,000 searches, not 20,000 scans of the file.

use std::ops::Range;

use crate::diag::{Excerpt, Location};

/// The line starts of one text, for locating byte offsets in it.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    text: &'a str,
    /// Byte offset of the first character of each line; `starts[0]` is 0.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The 1-based line of `offset` (clamped to the text).
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        u32::try_from(self.starts.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }

    /// The 1-based line and character column of `offset`.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.line_start(line);
        let before = self.text.get(start..floor_char(self.text, offset.min(self.text.len()))).unwrap_or("");
        let before = if start == 0 { before.strip_prefix('\u{feff}').unwrap_or(before) } else { before };
        let col = before.chars().count() + 1;
        (line, u32::try_from(col).unwrap_or(u32::MAX))
    }

    /// The text of 1-based `line`, without its line break (`\n` or `\r\n`) or a BOM.
    pub fn text_of(&self, line: u32) -> &'a str {
        if line == 0 || line as usize > self.starts.len() {
            return "";
        }
        let start = self.line_start(line);
        let end = self.starts.get(line as usize).map_or(self.text.len(), |&next| next - 1);
        let s = self.text.get(start..end.max(start)).unwrap_or("");
        let s = s.strip_suffix('\r').unwrap_or(s);
        if start == 0 { s.strip_prefix('\u{feff}').unwrap_or(s) } else { s }
    }

    fn line_start(&self, line: u32) -> usize {
        self.starts.get((line as usize).saturating_sub(1)).copied().unwrap_or(0)
    }

    /// Where `span` points in `file`: line, column, and the first line of the span
    /// with the part to underline (to the end of that line when the span goes on).
    pub fn locate(&self, file: &str, span: &Range<usize>) -> Location {
        let (line, col) = self.line_col(span.start);
        let text = self.text_of(line);
        // Byte range within `text`: from the column's character to the span's end, or
        // the line's end for a span over several lines (a table, an array).
        let from = text.char_indices().nth(col as usize - 1).map_or(text.len(), |(i, _)| i);
        let (end_line, end_col) = self.line_col(span.end);
        let to = if end_line == line {
            text.char_indices().nth(end_col as usize - 1).map_or(text.len(), |(i, _)| i)
        } else {
            text.trim_end().len()
        };
        let mut loc = Location::file(file).row(line);
        loc.col = Some(col);
        loc.excerpt = Some(Excerpt { text: text.to_string(), range: from..to.max(from) });
        loc
    }
}

/// The start of the character `offset` falls in, so a span toml gives in the middle
/// of a multi-byte character still slices.
fn floor_char(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let l = Lines::new("a = 1\nbb = 2\n");
        assert_eq!(l.line_col(0), (1, 1));
        assert_eq!(l.line_col(4), (1, 5));
        assert_eq!(l.line_col(6), (2, 1));
        assert_eq!(l.line_col(11), (2, 6));
        assert_eq!(l.text_of(2), "bb = 2");
    }

    #[test]
    fn crlf_counts_like_lf_and_the_cr_is_not_shown() {
        let l = Lines::new("a = 1\r\nbb = 2\r\n");
        assert_eq!(l.line_col(7), (2, 1));
        assert_eq!(l.line_col(12), (2, 6));
        assert_eq!(l.text_of(1), "a = 1");
        assert_eq!(l.text_of(2), "bb = 2");
    }

    #[test]
    fn a_bom_is_not_a_column() {
        let text = "\u{feff}due = 2020\n";
        let l = Lines::new(text);
        let at = text.find("2020").unwrap_or(0);
        assert_eq!(l.line_col(at), (1, 7));
        assert_eq!(l.text_of(1), "due = 2020");
        assert_eq!(l.locate("f", &(at..at + 4)).excerpt.map(|e| e.range), Some(6..10));
    }

    #[test]
    fn chinese_before_the_column_counts_one_column_per_character() {
        let text = "title = \"截止5月底\"\n";
        let l = Lines::new(text);
        let at = text.find('5').unwrap_or(0);
        // t-i-t-l-e, space, =, space, quote: 9 characters, then 截 止, so 5 is column 12.
        assert_eq!(l.line_col(at), (1, 12));
        // An offset inside a character counts as that character.
        assert_eq!(l.line_col(text.find('止').unwrap_or(0) + 1), (1, 11));
    }

    #[test]
    fn a_span_over_several_lines_underlines_the_rest_of_its_first_line() {
        let text = "x = 1\n[[rules]]  \nid = 2\n";
        let l = Lines::new(text);
        let loc = l.locate("p.toml", &(6..text.len()));
        assert_eq!((loc.row, loc.col), (Some(2), Some(1)));
        let e = loc.excerpt.unwrap_or_default();
        assert_eq!(&e.text[e.range.clone()], "[[rules]]");
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let l = Lines::new("a\nb");
        assert_eq!(l.line_col(99), (2, 2));
        assert_eq!(l.text_of(9), "");
    }
}
