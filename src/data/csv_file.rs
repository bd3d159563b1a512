//! Reading a CSV file row by row.
//!
//! The file is decoded as a whole first (UTF-8, with or without a BOM; the BOM never
//! reaches the first header), then split into records with the `csv` crate in
//! flexible mode so a short row is padded and a long one reported rather than
//! aborting the file. Rows are handed out one at a time into a reused buffer: a
//! province-scale file is never held twice. Row numbers follow Excel: a quoted cell
//! spanning several lines is still one row, and an empty line is a row.

use std::borrow::Cow;

use super::table::RawRow;
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

/// A CSV file being read: its header, then its rows one by one.
#[derive(Debug)]
pub struct CsvRows<'a> {
    reader: csv::Reader<&'a [u8]>,
    text: &'a [u8],
    file: &'a str,
    /// An odd number of `"` in the file: an unclosed quote somewhere.
    odd_quotes: bool,
    excel_row: u32,
    pub headers: Vec<String>,
    pub header_line: u32,
}

/// Starts reading `text` (already decoded): reads the header row, or reports an empty
/// file.
pub fn open<'a>(text: &'a str, file: &'a str, diags: &mut Diagnostics) -> Option<CsvRows<'a>> {
    let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let odd_quotes = text.bytes().filter(|&b| b == b'"').count() % 2 == 1;
    let mut rows = CsvRows {
        reader,
        text: text.as_bytes(),
        file,
        odd_quotes,
        excel_row: 0,
        headers: Vec::new(),
        header_line: 1,
    };
    let mut header = RawRow::default();
    if !rows.next(&mut header, diags) {
        if !diags.has_errors() {
            diags.push(
                Diagnostic::new(
                    Code::EmptyFile,
                    Location::file(file),
                    text!("文件是空的，没有表头行", "the file is empty: no header row"),
                )
                .hint(text!(
                    "用 wjvet template 生成填报模板",
                    "generate the submission template with wjvet template"
                )),
            );
        }
        return None;
    }
    rows.headers = header.iter().map(str::to_string).collect();
    rows.header_line = header.line;
    Some(rows)
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

/// Decodes the whole file. Only UTF-8 (with an optional BOM) is read here.
pub fn decode<'a>(bytes: &'a [u8], file: &str, diags: &mut Diagnostics) -> Option<(Cow<'a, str>, String)> {
    let (body, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "utf-8-bom"),
        None => (bytes, "utf-8"),
    };
    // simdutf8 answers "is it valid?" several times faster than std; std then finds
    // where the first bad byte is, only when there is one.
    if let Ok(s) = simdutf8::basic::from_utf8(body) {
        return Some((Cow::Borrowed(s), encoding.to_string()));
    }
    match std::str::from_utf8(body) {
        Ok(s) => Some((Cow::Borrowed(s), encoding.to_string())),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = body[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            let loc = Location::file(file).row(u32::try_from(line).unwrap_or(u32::MAX));
            diags.push(
                Diagnostic::new(
                    Code::BadEncoding,
                    loc,
                    text!(
                        "文件不是 UTF-8 编码（第 {offset} 字节起）",
                        "the file is not UTF-8 (from byte {offset})"
                    ),
                )
                .hint(text!(
                    "在 Excel 中另存为「CSV UTF-8（逗号分隔）」",
                    "in Excel, save as \"CSV UTF-8 (Comma delimited)\""
                )),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a whole file: (headers, rows as (line, cells)), diagnostics.
    type Read = (Vec<String>, Vec<(u32, Vec<String>)>);

    fn read_str(s: &[u8]) -> (Option<Read>, Diagnostics, String) {
        let mut d = Diagnostics::default();
        let Some((text, enc)) = decode(s, "t.csv", &mut d) else { return (None, d, String::new()) };
        let Some(mut rows) = open(&text, "t.csv", &mut d) else { return (None, d, enc) };
        let mut row = RawRow::default();
        let mut out = Vec::new();
        while rows.next(&mut row, &mut d) {
            out.push((row.line, row.iter().map(str::to_string).collect()));
        }
        (Some((rows.headers.clone(), out)), d, enc)
    }

    #[test]
    fn bom_never_reaches_the_header() {
        let (t, _, enc) = read_str("\u{feff}学校名称,年度\n燎原,2019\n".as_bytes());
        assert_eq!(t.unwrap().0, ["学校名称", "年度"]);
        assert_eq!(enc, "utf-8-bom");
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        let src = "a,b\n1,\"two\nlines\"\n\n3,4\r\n\"p\r\nq\",r\n\n\n5,6\n";
        let (t, _, _) = read_str(src.as_bytes());
        let lines: Vec<u32> = t.unwrap().1.iter().map(|r| r.0).collect();
        // header 1; the quoted two-line cell is row 2; the empty line is row 3;
        // "3,4" row 4; the second quoted cell row 5; two empty rows; "5,6" row 8.
        assert_eq!(lines, [2, 4, 5, 8]);
    }

    #[test]
    fn non_utf8_is_reported_with_its_line() {
        // 温江 in GBK: not valid UTF-8.
        let (t, d, _) = read_str(b"a,b\n\xce\xc2\xbd\xad,1\n");
        assert!(t.is_none());
        assert_eq!(d.items()[0].code, Code::BadEncoding);
        assert_eq!(d.items()[0].location.row, Some(2));
    }

    #[test]
    fn empty_file_is_an_error() {
        let (t, d, _) = read_str(b"");
        assert!(t.is_none());
        assert_eq!(d.items()[0].code, Code::EmptyFile);
    }
}
