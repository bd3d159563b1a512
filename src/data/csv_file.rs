//! Reading a CSV file into a [`RawTable`].
//!
//! The file is decoded as a whole first (UTF-8, with or without a BOM; the BOM never
//! reaches the first header), then split into records with the `csv` crate in
//! flexible mode so a short row is padded and a long one reported rather than
//! aborting the file. Row numbers follow Excel: a quoted cell spanning several lines
//! is still one row, and an empty line is a row.

use super::table::{RawRow, RawTable};
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

/// Decodes `bytes` and parses them as CSV. Problems are pushed to `diags`; the table
/// holds every row that could be read.
pub fn read(bytes: &[u8], file: &str, diags: &mut Diagnostics) -> Option<RawTable> {
    let (text, encoding) = decode(bytes, file, diags)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = RawTable {
        encoding,
        header_line: 1,
        ..RawTable::default()
    };
    let mut record = csv::StringRecord::new();
    // Excel numbering: Excel shows an empty line as an empty row and a quoted cell
    // spanning lines as one row. The csv crate skips empty lines, and a record's
    // position is where reading it began, i.e. before any empty lines it skipped;
    // so each record is one row plus the empty lines at the start of its span.
    let bytes = text.as_bytes();
    let mut excel_row: u32 = 0;
    let mut first = true;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record
                    .position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
                excel_row += 1 + u32::try_from(leading_line_breaks(bytes, start)).unwrap_or(0);
                let cells: Vec<String> = record.iter().map(str::to_string).collect();
                if first {
                    table.headers = cells;
                    table.header_line = excel_row;
                    first = false;
                } else {
                    table.rows.push(RawRow {
                        line: excel_row,
                        cells,
                    });
                }
            }
            Err(e) => {
                let row = e.position().map(|p| u32::try_from(p.line()).unwrap_or(u32::MAX));
                let mut loc = Location::file(file);
                loc.row = row;
                let msg = e.to_string();
                diags.push(
                    Diagnostic::new(Code::MalformedCsv, loc, text!("CSV 结构错误：{msg}", "broken CSV structure: {msg}"))
                        .hint(text!(
                            "多半是单元格里有未配对的英文双引号；在 Excel 中打开并重新另存为 CSV",
                            "usually an unpaired double quote in a cell; open the file in Excel and save it as CSV again"
                        )),
                );
                return None;
            }
        }
    }
    if first {
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
        return None;
    }
    Some(table)
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
fn decode(bytes: &[u8], file: &str, diags: &mut Diagnostics) -> Option<(String, String)> {
    let (body, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "utf-8-bom"),
        None => (bytes, "utf-8"),
    };
    match std::str::from_utf8(body) {
        Ok(s) => Some((s.to_string(), encoding.to_string())),
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

    fn read_str(s: &[u8]) -> (Option<RawTable>, Diagnostics) {
        let mut d = Diagnostics::default();
        (read(s, "t.csv", &mut d), d)
    }

    #[test]
    fn bom_never_reaches_the_header() {
        let (t, _) = read_str("\u{feff}学校名称,年度\n燎原,2019\n".as_bytes());
        let t = t.unwrap();
        assert_eq!(t.headers, ["学校名称", "年度"]);
        assert_eq!(t.encoding, "utf-8-bom");
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        let src = "a,b\n1,\"two\nlines\"\n\n3,4\r\n\"p\r\nq\",r\n\n\n5,6\n";
        let (t, _) = read_str(src.as_bytes());
        let lines: Vec<u32> = t.unwrap().rows.iter().map(|r| r.line).collect();
        // header 1; the quoted two-line cell is row 2; the empty line is row 3;
        // "3,4" row 4; the second quoted cell row 5; two empty rows; "5,6" row 8.
        assert_eq!(lines, [2, 4, 5, 8]);
    }

    #[test]
    fn non_utf8_is_reported_with_its_line() {
        // 温江 in GBK: not valid UTF-8.
        let (t, d) = read_str(b"a,b\n\xce\xc2\xbd\xad,1\n");
        assert!(t.is_none());
        assert_eq!(d.items()[0].code, Code::BadEncoding);
        assert_eq!(d.items()[0].location.row, Some(2));
    }

    #[test]
    fn empty_file_is_an_error() {
        let (t, d) = read_str(b"");
        assert!(t.is_none());
        assert_eq!(d.items()[0].code, Code::EmptyFile);
    }
}
