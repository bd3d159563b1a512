//! Hand-made .xlsx packages for hostile-input tests: a workbook is a zip of XML
//! parts, written here part by part so a test can say exactly what the file
//! declares (a cell at XFD1048576, a merge over the whole sheet, a bad checksum)
//! without a writer that would refuse it or expand it cell by cell.

#![allow(dead_code)]

use std::io::Write;

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A one-sheet workbook.
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// The `<row>` elements inside `<sheetData>`.
    pub rows: String,
    /// XML after `</sheetData>` (e.g. `<mergeCells>`).
    pub after: String,
    /// The whole shared-strings part, if any.
    pub shared: Option<String>,
    /// Parts stored uncompressed, so a test can find and change their bytes.
    pub stored: bool,
}

/// An inline-string cell.
pub fn text(r: &str, s: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>"#)
}

/// A number cell.
pub fn num(r: &str, n: f64) -> String {
    format!(r#"<c r="{r}"><v>{n}</v></c>"#)
}

/// A row element holding `cells`, as Excel numbers it.
pub fn row(n: u32, cells: &[String]) -> String {
    format!(r#"<row r="{n}">{}</row>"#, cells.concat())
}

/// A header (学校名称, 年度) and one data row: a valid submission to spoil.
pub fn plain_rows() -> String {
    row(1, &[text("A1", "学校名称"), text("B1", "年度")])
        + &row(2, &[text("A2", "燎原职中"), num("B2", 2020.0)])
}

impl Book {
    pub fn new(rows: String) -> Book {
        Book { rows, ..Book::default() }
    }

    /// The .xlsx file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}" xmlns:r="{DOC}"><sheetData>{}</sheetData>{}</worksheet>"#,
            self.rows, self.after
        );
        let mut parts: Vec<(&str, String)> = vec![
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ),
            (
                "xl/workbook.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        if let Some(s) = &self.shared {
            parts.push(("xl/sharedStrings.xml", s.clone()));
        }
        let method = if self.stored { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        let options = SimpleFileOptions::default().compression_method(method);
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data) in parts {
            w.start_file(name, options).unwrap();
            w.write_all(data.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }
}

/// A shared-strings part holding `strings`, claiming `unique` of them.
pub fn shared(unique: &str, strings: &[&str]) -> String {
    let si: String = strings.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{unique}" uniqueCount="{unique}">{si}</sst>"#
    )
}

/// A BIFF8 record.
fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&u16::try_from(data.len()).unwrap().to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// A NUMBER record at zero-based (`row`, `col`).
fn number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&v.to_le_bytes());
    record(0x0203, &d)
}

/// A one-sheet .xls (BIFF8 in an OLE container) holding number cells at
/// zero-based (row, column) positions.
pub fn xls(cells: &[(u16, u16)]) -> Vec<u8> {
    let bof = |dt: u16| record(0x0809, &[&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat());
    let eof = record(0x000A, &[]);
    let name = b"S1";
    let sheet_record_len = 4 + 4 + 2 + 2 + name.len();
    let globals_len = bof(0x0005).len() + sheet_record_len + eof.len();
    let mut bound = u32::try_from(globals_len).unwrap().to_le_bytes().to_vec();
    bound.extend_from_slice(&[0, 0, u8::try_from(name.len()).unwrap(), 0]);
    bound.extend_from_slice(name);
    let mut stream = [bof(0x0005), record(0x0085, &bound), eof.clone()].concat();
    assert_eq!(stream.len(), globals_len);
    stream.extend(bof(0x0010));
    for &(r, c) in cells {
        stream.extend(number(r, c, 1.0));
    }
    stream.extend(eof);
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// An .ods whose table has a value at A1 and one `rows` rows and `cols` columns
/// further, placed with repeated empty rows and cells as LibreOffice writes them.
pub fn ods(rows: u32, cols: u32) -> Vec<u8> {
    let cell = |v: &str| {
        format!(r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#)
    };
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="S1"><table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="{}"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="{cols}"/>{}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        cell("学校名称"),
        rows - 1,
        cell("1"),
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    for (name, data) in [("content.xml", content.as_str()), ("META-INF/manifest.xml", manifest)] {
        w.start_file(name, SimpleFileOptions::default()).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}
