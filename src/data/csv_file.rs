//! Reading a CSV (or tab-separated) file row by row.
//!
//! The file has been decoded as a whole first (see `decode`), so a BOM never reaches
//! the first header. The text is split into records with the `csv` crate in flexible
//! mode so a short row is padded and a long one reported rather than aborting the
//! file. Rows are handed out one at a time into a reused buffer: a province-scale
//! file is never held twice. Row numbers follow Excel: a quoted cell spanning several
//! lines is still one row, and an empty line is a row. Cells holding bytes that could
//! not be decoded are marked, so each is reported with its row and column.

use super::table::{CellNote, RawRow};
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

/// A CSV file being read, row by row (the header is the first rows like any other).
#[derive(Debug)]
pub struct CsvRows<'a> {
    reader: csv::Reader<&'a [u8]>,
    text: &'a [u8],
    file: &'a str,
    /// Offsets in `text` of U+FFFD standing for undecodable bytes (ascending).
    bad: &'a [usize],
    /// An odd number of `"` in the file: an unclosed quote somewhere.
    odd_quotes: bool,
    excel_row: u32,
}

/// The delimiter of a text file: a tab for `.tsv` and `.txt` (Excel's "Unicode text"
/// and "Text (Tab delimited)"), and for a `.csv` whose first line has tabs but no
/// comma; a comma otherwise.
pub fn delimiter(text: &str, tab_by_extension: bool) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if tab_by_extension || (first.contains('\t') && !first.contains(',')) { b'\t' } else { b',' }
}

impl<'a> CsvRows<'a> {
    /// Starts reading `text` (already decoded); `bad` as in `decode::Decoded`.
    pub fn new(text: &'a str, bad: &'a [usize], delimiter: u8, file: &'a str) -> CsvRows<'a> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let odd_quotes = text.bytes().filter(|&b| b == b'"').count() % 2 == 1;
        CsvRows { reader, text: text.as_bytes(), file, bad, odd_quotes, excel_row: 0 }
    }
}

impl CsvRows<'_> {
    /// Reads the next row into `row`; `false` at the end or on a broken file (reported).
    pub fn next(&mut self, row: &mut RawRow, diags: &mut Diagnostics) -> bool {
        match self.reader.read_record(&mut row.cells) {
            Ok(false) => false,
            Ok(true) => {
                // Excel numbering: the csv crate skips empty lines, and a record's
                // position is where reading it began, before any empty lines it
                // skipped; so each record is one row plus the empty lines it skipped.
                let start =
                    row.cells.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
                self.excel_row += 1 + u32::try_from(leading_line_breaks(self.text, start)).unwrap_or(0);
                row.line = self.excel_row;
                row.notes.clear();
                if !self.bad.is_empty() {
                    self.mark_bad_cells(row, start);
                }
                !self.swallowed_the_rest(row, diags)
            }
            Err(e) => {
                let mut loc = Location::file(self.file);
                loc.row = e.position().map(|p| u32::try_from(p.line()).unwrap_or(u32::MAX));
                let msg = e.to_string();
                diags.push(
                    Diagnostic::new(Code::MalformedCsv, loc, text!("CSV 结构错误：{msg}", "broken CSV structure: {msg}"))
                        .hint(text!(
                            "多半是单元格里有未配对的英文双引号；在 Excel 中打开并重新另存为 CSV",
                            "usually an unpaired double quote in a cell; open the file in Excel and save it as CSV again"
                        )),
                );
                false
            }
        }
    }

    /// Marks the cells of the record that began at byte `start` which hold a U+FFFD
    /// standing for undecodable bytes.
    fn mark_bad_cells(&self, row: &mut RawRow, start: usize) {
        let end = usize::try_from(self.reader.position().byte()).unwrap_or(usize::MAX);
        let first = self.bad.partition_point(|&b| b < start);
        if self.bad.get(first).is_none_or(|&b| b >= end) {
            return;
        }
        for (index, cell) in row.cells.iter().enumerate() {
            if cell.contains('\u{FFFD}') {
                row.notes.push((index, CellNote::BadBytes));
            }
        }
    }

    /// The csv crate reads an unclosed quote to the end of the file as one cell, which
    /// would swallow every row after it. A record that spans lines and runs to the end
    /// of a file with an odd number of quotes is that case: report it, never use it.
    fn swallowed_the_rest(&self, row: &RawRow, diags: &mut Diagnostics) -> bool {
        let at_end = usize::try_from(self.reader.position().byte()).is_ok_and(|b| b >= self.text.len());
        if !(self.odd_quotes && at_end && row.iter().any(|c| c.contains('\n'))) {
            return false;
        }
        let lines = row.iter().map(|c| c.matches('\n').count()).sum::<usize>() + 1;
        diags.push(
            Diagnostic::new(
                Code::MalformedCsv,
                Location::file(self.file).row(row.line),
                text!(
                    "此行的英文双引号没有闭合，其后 {lines} 行都被读成了一个单元格",
                    "a double quote opened in this row is never closed, so the {lines} lines after it were read as one cell"
                ),
            )
            .hint(text!(
                "在 Excel 中检查此行，删除多余的英文双引号后重新另存为 CSV",
                "check this row in Excel, remove the stray double quote, and save as CSV again"
            )),
        );
        true
    }
}

/// Counts the line breaks (`\n`, `\r\n` or a lone `\r`) at `start`, each an empty
/// line. A `\n` completing the previous record's `\r\n` is not one.
fn leading_line_breaks(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    if i > 0 && bytes.get(i - 1) == Some(&b'\r') && bytes.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut breaks = 0;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'\n' => breaks += 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                breaks += 1;
                i += 1;
            }
            b'\r' => breaks += 1,
            _ => break,
        }
        i += 1;
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::decode::decode;

    /// Reads a whole file: rows as (line, cells, notes), diagnostics, encoding.
    type Read = Vec<(u32, Vec<String>, Vec<(usize, CellNote)>)>;

    fn read_str(s: &[u8]) -> (Read, Diagnostics, String) {
        let mut d = Diagnostics::default();
        let decoded = decode(s, None);
        let mut rows = CsvRows::new(&decoded.text, &decoded.bad, delimiter(&decoded.text, false), "t.csv");
        let mut row = RawRow::default();
        let mut out = Vec::new();
        while rows.next(&mut row, &mut d) {
            out.push((row.line, row.iter().map(str::to_string).collect(), row.notes.clone()));
        }
        (out, d, decoded.encoding)
    }

    #[test]
    fn bom_never_reaches_the_header() {
        let (t, _, enc) = read_str("\u{feff}学校名称,年度\n星火,2019\n".as_bytes());
        assert_eq!(t[0].1, ["学校名称", "年度"]);
        assert_eq!(enc, "utf-8-bom");
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        let src = "a,b\n1,\"two\nlines\"\n\n3,4\r\n\"p\r\nq\",r\n\n\n5,6\n";
        let (t, _, _) = read_str(src.as_bytes());
        let lines: Vec<u32> = t.iter().map(|r| r.0).collect();
        // header 1; the quoted two-line cell is row 2; the empty line is row 3;
        // "3,4" row 4; the second quoted cell row 5; two empty rows; "5,6" row 8.
        assert_eq!(lines, [1, 2, 4, 5, 8]);
    }

    #[test]
    fn undecodable_bytes_are_marked_on_their_cell() {
        // GBK text with a byte (0xFF) that no GB18030 sequence has, in row 3, column B.
        let mut bytes = encoding_rs::GB18030.encode("学校名称,年度\n星火,2019\n德远,20\n").0.into_owned();
        let at = bytes.len() - 2;
        bytes.insert(at, 0xFF);
        let (t, _, enc) = read_str(&bytes);
        assert_eq!(enc, "gb18030");
        assert!(t[0].2.is_empty() && t[1].2.is_empty());
        assert_eq!(t[2].0, 3);
        assert_eq!(t[2].2, [(1, CellNote::BadBytes)]);
    }

    #[test]
    fn tabs_for_unicode_text() {
        assert_eq!(delimiter("学校名称\t年度\n", false), b'\t');
        assert_eq!(delimiter("学校名称,年度\t\n", false), b',');
        assert_eq!(delimiter("学校名称,年度\n", true), b'\t');
    }
}
