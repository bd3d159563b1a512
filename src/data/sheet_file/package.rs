//! Checks on the zip package of a workbook before calamine reads it.
//!
//! calamine trusts what a package says about itself: it reserves room for as many
//! shared strings as `uniqueCount` claims, reads a shared-string index it cannot
//! parse as string 0, and stops reading each part before its end, where the zip
//! checksum would be verified. So wjvet opens the package with the `zip` crate (the
//! version calamine uses) first and refuses it when a part's declared size is past
//! the limits (the zip crate then never inflates past a declared size), a part read
//! whole does not match its checksum, `uniqueCount` overstates the strings present,
//! or, in the worksheet read, a shared-string cell's index is not a plain number.
//! That worksheet is streamed once here, which also yields its merged areas, so
//! calamine's own second pass over it for merges is not needed. Worksheets not read
//! are not inflated.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

use calamine::Dimensions;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;
use zip::result::ZipError;

use super::limits::{
    MAX_MERGED_AREAS, MAX_PACKAGE_BYTES, MAX_PART_BYTES, MAX_SHARED_STRINGS_BYTES, TooLarge,
};
use crate::diag::{Code, Diagnostic, Location};
use crate::lang::Text;
use crate::text;

/// Why a package is refused.
#[derive(Debug)]
pub enum Refusal {
    TooLarge(TooLarge),
    /// The package is damaged or inconsistent; the message says how.
    Damaged(Text),
    /// calamine could not read the sheet; its error.
    Sheet(String),
}

impl Refusal {
    pub fn diagnostic(self, file: &str) -> Diagnostic {
        match self {
            Refusal::TooLarge(t) => t.diagnostic(file),
            Refusal::Sheet(e) => Diagnostic::new(
                Code::UnreadableFile,
                Location::file(file),
                text!("无法读取工作表：{e}", "cannot read the sheet: {e}"),
            ),
            Refusal::Damaged(message) => Diagnostic::new(Code::UnreadableFile, Location::file(file), message)
                .hint(text!(
                    "文件已损坏：请学校重新发送，或在 Excel 中打开并另存为 .xlsx",
                    "the file is damaged: ask for it again, or open it in Excel and save it as .xlsx"
                )),
        }
    }
}

impl From<TooLarge> for Refusal {
    fn from(t: TooLarge) -> Refusal {
        Refusal::TooLarge(t)
    }
}

pub fn damaged(part: &str, e: impl std::fmt::Display) -> Refusal {
    if part.is_empty() {
        return Refusal::Damaged(text!("文件已损坏：{e}", "the file is damaged: {e}"));
    }
    Refusal::Damaged(text!(
        "文件已损坏：无法读取其中的「{part}」（{e}）",
        "the file is damaged: its part {part:?} cannot be read ({e})"
    ))
}

pub fn open(path: &Path) -> Result<ZipArchive<BufReader<File>>, Refusal> {
    let f = File::open(path).map_err(|e| damaged("", e))?;
    ZipArchive::new(BufReader::new(f)).map_err(|e| {
        Refusal::Damaged(text!(
            "不是有效的电子表格（zip）文件：{e}",
            "not a valid spreadsheet (zip) file: {e}"
        ))
    })
}

/// A worksheet part of an .xlsx, inflated only when it is the sheet read.
fn is_worksheet(name: &str) -> bool {
    name.to_ascii_lowercase().contains("worksheets/")
}

/// Checks every part's declared size, and the checksum of every part but the
/// worksheets of an .xlsx (`skip_worksheets`), which are checked when read.
pub fn check(path: &Path, skip_worksheets: bool) -> Result<(), Refusal> {
    let mut zip = open(path)?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let (name, size) = {
            let f = zip.by_index_raw(i).map_err(|e| damaged("", e))?;
            (f.name().map(|n| n.into_owned()).unwrap_or_default(), f.size())
        };
        let lower = name.to_ascii_lowercase();
        let limit = if lower.ends_with("sharedstrings.xml") || lower.ends_with("sharedstrings.bin") {
            MAX_SHARED_STRINGS_BYTES
        } else {
            MAX_PART_BYTES
        };
        if size > limit {
            return Err(TooLarge::Part { name, bytes: size, limit }.into());
        }
        total = total.saturating_add(size);
        if total > MAX_PACKAGE_BYTES {
            return Err(TooLarge::Part { name: "*".into(), bytes: total, limit: MAX_PACKAGE_BYTES }.into());
        }
        if skip_worksheets && is_worksheet(&name) {
            continue;
        }
        let f = match zip.by_index(i) {
            Ok(f) => f,
            // Parts in a compression Excel never uses are not read by calamine either.
            Err(ZipError::UnsupportedArchive(_)) if !lower.ends_with(".xml") && !lower.ends_with(".rels") => {
                continue;
            }
            Err(e) => return Err(damaged(&name, e)),
        };
        if lower.ends_with("sharedstrings.xml") {
            shared_strings(f, &name)?;
        } else {
            let mut f = f;
            std::io::copy(&mut f, &mut std::io::sink()).map_err(|e| damaged(&name, e))?;
        }
    }
    Ok(())
}

fn xml<R: Read>(r: R) -> Reader<BufReader<R>> {
    let mut x = Reader::from_reader(BufReader::new(r));
    x.config_mut().check_end_names = false;
    x
}

/// Reads the shared strings to their end (verifying the checksum) and refuses a
/// `uniqueCount` above the strings present: calamine reserves that many up front.
fn shared_strings(f: impl Read, name: &str) -> Result<(), Refusal> {
    let mut x = xml(f);
    let mut buf = Vec::new();
    let mut claimed: Option<u128> = None;
    let mut present: u128 = 0;
    loop {
        buf.clear();
        match x.read_event_into(&mut buf).map_err(|e| damaged(name, e))? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sst" => claimed = attr(&e, "uniqueCount").and_then(|v| count(&v)),
                "si" => present += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    match claimed {
        Some(n) if n > present => Err(Refusal::Damaged(text!(
            "文件已损坏：共享字符串表声称有 {n} 项，实际只有 {present} 项",
            "the file is damaged: its shared-string table claims {n} strings but holds {present}"
        ))),
        _ => Ok(()),
    }
}

/// A count as calamine reads one (digits, perhaps after a `+`); `None` if it would
/// not read it.
fn count(v: &str) -> Option<u128> {
    let digits = v.strip_prefix('+').unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(u128::MAX))
}

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.into_owned())
}

/// The part holding the worksheet `sheet` of an .xlsx: `xl/workbook.xml` names its
/// relationship, `xl/_rels/workbook.xml.rels` its target.
pub fn sheet_part(path: &Path, sheet: &str) -> Result<String, Refusal> {
    let mut zip = open(path)?;
    let workbook = find(&zip, "xl/workbook.xml").unwrap_or_else(|| "xl/workbook.xml".into());
    let mut id = None;
    each_element(&mut zip, &workbook, |e| {
        if e.local_name().as_ref() == "sheet" && attr(e, "name").is_some_and(|n| unescape(&n) == sheet) {
            id = attr(e, "id");
        }
    })?;
    let id = id.ok_or_else(|| damaged(&workbook, format!("no sheet {sheet:?}")))?;
    let (dir, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
    let rels = format!("{dir}/_rels/{file}.rels");
    let rels = find(&zip, &rels).unwrap_or(rels);
    let mut target = None;
    each_element(&mut zip, &rels, |e| {
        if e.local_name().as_ref() == "Relationship" && attr(e, "Id").as_deref() == Some(id.as_str()) {
            target = attr(e, "Target");
        }
    })?;
    let target = target.ok_or_else(|| damaged(&rels, format!("no relationship {id:?}")))?;
    let target = unescape(&target).replace('\\', "/");
    let full = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => resolve(dir, &target),
    };
    find(&zip, &full).ok_or_else(|| damaged(&full, "missing"))
}

fn unescape(s: &str) -> String {
    quick_xml::escape::unescape(s).map_or_else(|_| s.to_string(), |c| c.into_owned())
}

/// `target` relative to the folder `dir`, with `..` resolved.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in target.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The entry named `name`, compared as calamine does (case and slashes aside).
fn find<R: Read + Seek>(zip: &ZipArchive<R>, name: &str) -> Option<String> {
    let want = name.replace('\\', "/").to_ascii_lowercase();
    zip.file_names()
        .flatten()
        .find(|n| n.replace('\\', "/").trim_start_matches('/').to_ascii_lowercase() == want)
        .map(|n| n.into_owned())
}

fn each_element<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    part: &str,
    mut f: impl FnMut(&BytesStart<'_>),
) -> Result<(), Refusal> {
    let entry = zip.by_name(part).map_err(|e| damaged(part, e))?;
    let mut x = xml(entry);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match x.read_event_into(&mut buf).map_err(|e| damaged(part, e))? {
            Event::Start(e) | Event::Empty(e) => f(&e),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Streams the worksheet `part` to its end (verifying its checksum), refusing a
/// shared-string cell whose index is not a plain number, and returns its merged areas.
pub fn scan_sheet(path: &Path, part: &str) -> Result<Vec<Dimensions>, Refusal> {
    let mut zip = open(path)?;
    let entry = zip.by_name(part).map_err(|e| damaged(part, e))?;
    let mut x = xml(entry);
    let mut buf = Vec::new();
    let mut merges = Vec::new();
    // Inside a `<c t="s">`, and its reference for the message (one buffer, reused).
    let mut shared = false;
    let mut cell = String::new();
    loop {
        buf.clear();
        match x.read_event_into(&mut buf).map_err(|e| damaged(part, e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                // Most cells are numbers: only a cell with an attribute value ending
                // in `s` (`t="s"`; references are upper case) has its attributes parsed.
                let raw = e.attributes_raw();
                let is_shared = (raw.contains("s\"") || raw.contains("s'"))
                    && e.attributes()
                        .with_checks(false)
                        .flatten()
                        .any(|a| a.key.local_name().as_ref() == "t" && a.value.as_ref() == "s");
                shared = is_shared;
                if is_shared {
                    cell.clear();
                    let r = e
                        .attributes()
                        .with_checks(false)
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "r");
                    cell.push_str(r.as_ref().map_or("", |a| a.value.as_ref()));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "c" => shared = false,
            // calamine reads the first event after <v>: an index it cannot parse
            // would silently be string 0.
            Event::Start(e) if shared && e.local_name().as_ref() == "v" => {
                buf.clear();
                match x.read_event_into(&mut buf).map_err(|e| damaged(part, e))? {
                    Event::End(_) => {}
                    Event::Text(t) if t.bytes().all(|b| b.is_ascii_digit()) && t.parse::<u64>().is_ok() => {}
                    other => {
                        let v = match other {
                            Event::Text(t) => t.to_string(),
                            _ => String::new(),
                        };
                        return Err(Refusal::Damaged(text!(
                            "文件已损坏：单元格 {cell} 引用的共享字符串编号「{v}」无效",
                            "the file is damaged: cell {cell} refers to shared string {v:?}, which is not a valid index"
                        )));
                    }
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "mergeCell" => {
                if merges.len() >= MAX_MERGED_AREAS {
                    return Err(TooLarge::Merged { areas: merges.len() + 1 }.into());
                }
                if let Some(d) = attr(&e, "ref").as_deref().and_then(area) {
                    merges.push(d);
                }
            }
            Event::Eof => return Ok(merges),
            _ => {}
        }
    }
}

/// `A1:B2` (or `A1`) as zero-based rows and columns.
fn area(r: &str) -> Option<Dimensions> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    Some(Dimensions { start: cell(a)?, end: cell(b)? })
}

/// `XFD1048576` as zero-based (row, column); `$` signs allowed.
fn cell(r: &str) -> Option<(u32, u32)> {
    let r = r.trim().replace('$', "");
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_alphabetic().then(|| n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_as_excel_writes_them() {
        assert_eq!(cell("A1"), Some((0, 0)));
        assert_eq!(cell("$XFD$1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell("A0"), None);
        assert_eq!(cell("1A"), None);
        let d = area("E1:XFD1048576").unwrap();
        assert_eq!((d.start, d.end), ((0, 4), (1_048_575, 16_383)));
        assert_eq!(area("B2").map(|d| (d.start, d.end)), Some(((1, 1), (1, 1))));
    }

    #[test]
    fn relationship_targets_resolve_against_the_workbook() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "../xl/worksheets/s.xml"), "xl/worksheets/s.xml");
    }

    #[test]
    fn counts_read_like_calamine() {
        assert_eq!(count("12"), Some(12));
        assert_eq!(count("+3"), Some(3));
        assert_eq!(count("x"), None);
        assert_eq!(count("99999999999999999999999999999999999999999"), Some(u128::MAX));
    }
}
