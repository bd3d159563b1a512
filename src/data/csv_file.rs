//! Reading a CSV (or tab-separated) file row by row, streamed.
//!
//! The file is decoded as a stream (`decode` picks the encoding over the whole file
//! first, `stream::TextReader` decodes), so a BOM never reaches the first header and
//! a file of any size is read in a few MB. The text is split into records with the
//! `csv` crate in flexible mode so a short row is padded and a long one reported
//! rather than aborting the file. Rows are handed out one at a time into a reused
//! buffer. Row numbers follow Excel: a quoted cell spanning several lines is still
//! one row, and an empty line is a row (counted from the line breaks before each
//! record, which the decoder keeps until the record is read). Cells holding bytes
//! that could not be decoded are marked, so each is reported with its row and column.
//!
//! A file UTF-8 fails on may be read as GB18030 before GB18030 has been counted over
//! it (`speculate`): GBK is what Chinese Excel writes, and counting it first cost a
//! whole decoding pass. Once its rows are read, [`CsvRows::settle`] says whether the
//! whole file bears the choice out; in the rare file bad in both encodings where it
//! does not, the caller reads it again with the choice it returns.

use std::io::{self, Read};
use std::path::Path;

use super::decode::{self, CHUNK, Choice, Encoding};
use super::stream::{RowTooLong, Source, TextReader};
use super::table::{CellNote, RawRow};
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::text;

/// A CSV file being read, row by row (the header is the first rows like any other).
#[derive(Debug)]
pub struct CsvRows<'a> {
    reader: csv::Reader<TextReader<'a>>,
    file: &'a str,
    excel_row: u32,
    /// The record the csv crate reads into, reused row to row.
    record: csv::ByteRecord,
    /// How the file is decoded, settled at the end if it is unproven.
    choice: Choice,
}

/// The delimiter of a text file: a tab for `.tsv` and `.txt` (Excel's "Unicode text"
/// and "Text (Tab delimited)"), and for a `.csv` whose first line has tabs but no
/// comma; a comma otherwise.
pub fn delimiter(text: &str, tab_by_extension: bool) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if tab_by_extension || (first.contains('\t') && !first.contains(',')) { b'\t' } else { b',' }
}

/// How a text file's encoding is decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decide {
    /// Detected (unless forced), over the whole file before any row is read.
    Detect(Option<Encoding>),
    /// Detected, GB18030 taken as soon as UTF-8 fails: [`CsvRows::settle`] at the end.
    Speculate,
    /// Already decided: a file read again after [`CsvRows::settle`].
    Decided(Choice),
}

/// Opens the text file at `path` as [`CsvRows::open`] does. A file that cannot be
/// read twice (a named pipe, `<(zcat x.csv.gz)`) is read into memory first, and
/// never speculated on: it could not be read again.
pub fn open_path<'a>(
    path: &Path,
    decide: Decide,
    tab: bool,
    file: &'a str,
) -> io::Result<(CsvRows<'a>, Choice)> {
    let mut f = std::fs::File::open(path)?;
    if f.metadata()?.is_file() {
        CsvRows::open(f, decide, tab, file)
    } else {
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)?;
        let decide = if decide == Decide::Speculate { Decide::Detect(None) } else { decide };
        CsvRows::open(io::Cursor::new(bytes), decide, tab, file)
    }
}

impl<'a> CsvRows<'a> {
    /// Opens a text file: decides its encoding as `decide` says, then reads it as a
    /// stream. `tab` when the extension says tab-separated.
    pub fn open<R: Source + 'a>(
        input: R,
        decide: Decide,
        tab: bool,
        file: &'a str,
    ) -> io::Result<(CsvRows<'a>, Choice)> {
        CsvRows::open_chunked(input, decide, tab, file, CHUNK)
    }

    /// [`CsvRows::open`], reading `chunk` bytes at a time (tests use tiny chunks).
    pub fn open_chunked<R: Source + 'a>(
        mut input: R,
        decide: Decide,
        tab: bool,
        file: &'a str,
        chunk: usize,
    ) -> io::Result<(CsvRows<'a>, Choice)> {
        let choice = match decide {
            Decide::Detect(forced) => decode::choose(&mut input, forced, chunk, false)?,
            Decide::Speculate => decode::choose(&mut input, None, chunk, true)?,
            Decide::Decided(choice) => choice,
        };
        let mut text = TextReader::new(Box::new(input), &choice, chunk)?;
        let delimiter = delimiter(&text.first_line()?, tab);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text);
        let rows =
            CsvRows { reader, file, excel_row: 0, record: csv::ByteRecord::new(), choice: choice.clone() };
        Ok((rows, choice))
    }
}

impl CsvRows<'_> {
    /// Once the rows wanted are read: `None` when the file was decoded as detection
    /// over the whole file would have decoded it, else the choice to read it again with
    /// ([`Decide::Decided`]): what was read must then be forgotten.
    pub fn settle(&mut self) -> io::Result<Option<Choice>> {
        let settled = self.reader.get_mut().settle(&self.choice)?;
        Ok((settled.encoding != self.choice.encoding).then_some(settled))
    }

    /// Reads the next row into `row`; `false` at the end or on a broken file (reported).
    pub fn next(&mut self, row: &mut RawRow, diags: &mut Diagnostics) -> bool {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => false,
            Ok(true) => {
                let utf8 = row.cells.fill_from(&self.record);
                // Excel numbering: the csv crate skips empty lines, and a record's
                // position is where reading it began, before any empty lines it
                // skipped; so each record is one row plus the empty lines it skipped.
                let start = self.record.position().map_or(0, csv::Position::byte);
                let end = self.reader.position().byte();
                let text = self.reader.get_mut();
                let back = start.saturating_sub(1);
                let breaks = leading_line_breaks(text.window(back), usize::from(start > 0));
                self.excel_row += 1 + u32::try_from(breaks).unwrap_or(0);
                row.line = self.excel_row;
                row.notes.clear();
                if text.bad_between(start, end) || !utf8 {
                    mark_bad_cells(row);
                }
                // The next record's line breaks begin with the last byte of this one.
                text.release(end.saturating_sub(1));
                match self.swallowed_the_rest(row, end) {
                    Ok(false) => true,
                    Ok(true) => {
                        diags.push(self.unclosed_quote(row));
                        false
                    }
                    Err(e) => {
                        diags.push(unreadable(self.file, &e));
                        false
                    }
                }
            }
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind() {
                    if io.get_ref().is_some_and(|e| e.is::<RowTooLong>()) {
                        diags.push(self.too_long());
                    } else {
                        diags.push(unreadable(self.file, io));
                    }
                    return false;
                }
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
    fn swallowed_the_rest(&mut self, row: &RawRow, end: u64) -> io::Result<bool> {
        let text = self.reader.get_mut();
        // Cheapest first: usually text has already been decoded past the record.
        if text.decoded_past(end) || !row.iter().any(|c| c.contains('\n')) {
            return Ok(false);
        }
        Ok(text.ends_at(end)? && text.odd_quotes() == Some(true))
    }

    /// The row after the last one read is longer than [`super::stream::MAX_ROW_BYTES`]: the
    /// file is not read further (its rows before are kept and checked).
    fn too_long(&self) -> Diagnostic {
        let mib = super::stream::MAX_ROW_BYTES >> 20;
        Diagnostic::new(
            Code::MalformedCsv,
            Location::file(self.file).row(self.excel_row.saturating_add(1)),
            text!(
                "此行超过 {mib} MiB，文件其余部分未读：多半是一个英文双引号没有闭合，其后各行都被读进了这一行",
                "this row is longer than {mib} MiB, and the rest of the file was not read: most likely a double quote is never closed, so every line after it ran into this row"
            ),
        )
        .hint(text!(
            "在 Excel 中检查此行，删除多余的英文双引号后重新另存为 CSV",
            "check this row in Excel, remove the stray double quote, and save as CSV again"
        ))
    }

    fn unclosed_quote(&self, row: &RawRow) -> Diagnostic {
        let lines = row.iter().map(|c| c.matches('\n').count()).sum::<usize>() + 1;
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
        ))
    }
}

/// Marks the cells of `row` which hold a U+FFFD (the row holds one standing for
/// undecodable bytes).
fn mark_bad_cells(row: &mut RawRow) {
    for (index, cell) in row.cells.iter().enumerate() {
        if cell.contains('\u{FFFD}') {
            row.notes.push((index, CellNote::BadBytes));
        }
    }
}

fn unreadable(file: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::new(Code::UnreadableFile, Location::file(file), text!("无法读取：{e}", "cannot read: {e}"))
}

/// Counts the line breaks (`\n`, `\r\n` or a lone `\r`) at `start` in `bytes`, each
/// an empty line. A `\n` completing the previous record's `\r\n` is not one.
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

    /// Reads a whole file: rows as (line, cells, notes), diagnostics, encoding.
    type Read = Vec<(u32, Vec<String>, Vec<(usize, CellNote)>)>;

    fn read_chunked(s: &[u8], chunk: usize) -> (Read, Diagnostics, String) {
        let mut d = Diagnostics::default();
        let (mut rows, choice) =
            CsvRows::open_chunked(io::Cursor::new(s), Decide::Detect(None), false, "t.csv", chunk).unwrap();
        let mut row = RawRow::default();
        let mut out = Vec::new();
        while rows.next(&mut row, &mut d) {
            out.push((row.line, row.iter().map(str::to_string).collect(), row.notes.clone()));
        }
        (out, d, choice.name)
    }

    /// Reads `s` with the usual chunk size, and checks every tiny chunk size (each
    /// boundary falling everywhere) reads the same rows, notes and diagnostics.
    fn read_str(s: &[u8]) -> (Read, Diagnostics, String) {
        let whole = read_chunked(s, CHUNK);
        for chunk in 1..=9 {
            let small = read_chunked(s, chunk);
            assert_eq!((&small.0, &small.2), (&whole.0, &whole.2), "chunk {chunk}");
            assert_eq!(format!("{:?}", small.1), format!("{:?}", whole.1), "chunk {chunk}");
        }
        whole
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

    #[test]
    fn lone_carriage_returns_and_crlf_end_rows() {
        let (t, _, _) = read_str(b"a,b\r1,2\r\r3,4\r\n\r\n5,6");
        let rows: Vec<(u32, &str)> = t.iter().map(|r| (r.0, r.1[0].as_str())).collect();
        assert_eq!(rows, [(1, "a"), (2, "1"), (4, "3"), (6, "5")]);
    }

    #[test]
    fn characters_split_by_a_chunk_boundary_stay_whole() {
        // Every chunk size from 1 to 9 cuts these three- and two-byte sequences
        // somewhere (read_str checks each); the text and encoding are unchanged.
        let text = "学校名称,年度\n城东区星火职业技术学校,2019\n";
        let (t, d, enc) = read_str(text.as_bytes());
        assert_eq!((t[1].1[0].as_str(), enc.as_str(), d.errors()), ("城东区星火职业技术学校", "utf-8", 0));
        let (t, _, enc) = read_str(&encoding_rs::GB18030.encode(text).0);
        assert_eq!((t[1].1[0].as_str(), enc.as_str()), ("城东区星火职业技术学校", "gb18030"));
        assert!(t.iter().all(|r| r.2.is_empty()), "no bad bytes: {t:?}");
        // A four-byte GB18030 sequence and UTF-16 with a surrogate pair.
        let (t, _, _) = read_str(&encoding_rs::GB18030.encode("名称\n𠮷野家\n").0);
        assert_eq!(t[1].1[0], "𠮷野家");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("名称\t年度\n𠮷,2019\n".encode_utf16().flat_map(u16::to_le_bytes));
        let (t, _, enc) = read_str(&utf16);
        assert_eq!((t[1].1[0].as_str(), enc.as_str()), ("𠮷,2019", "utf-16le-bom"));
    }

    #[test]
    fn an_unclosed_quote_is_reported_not_read() {
        let (t, d, _) = read_str(b"a,b\n1,\"2\n3,4\n5,6\n");
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(d.errors(), 1);
        assert!(format!("{d:?}").contains("MalformedCsv"), "{d:?}");
        // An even number of quotes: the multi-line cell at the end is data.
        let (t, d, _) = read_str(b"a,b\n1,\"2\n3\"");
        assert_eq!((t.len(), d.errors()), (2, 0));
        assert_eq!(t[1].1[1], "2\n3");
    }
}
