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
