//! Turning a text file's bytes into text: which encoding, decided over the whole file.
//!
//! Schools send what Excel writes: "CSV UTF-8" (UTF-8 with a BOM), plain "CSV" from
//! Chinese Excel (GBK, no BOM), "Unicode text" (UTF-16 with a BOM), or UTF-8 from
//! other tools. Unless `--encoding` forces one, the encoding is decided in this
//! order, always over the whole file and never from a sample: a BOM; else strict
//! UTF-8; else strict GB18030 (a superset of GBK and GB2312, so a rare character in a
//! name never fails a file that was labelled GB2312). A BOM always wins, even over
//! `--encoding`: it cannot appear by accident and is never part of the data.
//!
//! When no candidate decodes every byte, the file is still read, so that every other
//! problem is found in the same run: each undecodable sequence becomes U+FFFD and
//! its position in the text is kept, so the reader can name the row and column of
//! each one (`bad-encoding`). A file that is overwhelmingly valid UTF-8 is read as
//! UTF-8 with its stray bytes reported, even if GB18030 would accept every byte:
//! GB18030 accepts most byte pairs, so it would turn a UTF-8 file with one damaged
//! byte into plausible-looking nonsense rather than an error. Otherwise the
//! candidate with fewer bad sequences is kept.
//!
//! Encoding decisions are `encoding_rs`'s (the WHATWG decoders browsers use): its
//! GB18030 and UTF-16 decoders are exact and fast, so none is written here.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, GB18030, UTF_16BE, UTF_16LE};

/// An encoding a submission may be forced to be read in (`--encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    /// GB18030, which also reads everything written as GBK or GB2312.
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// The name reported for a file read in this encoding (without a BOM).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gb18030",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }

    /// Reads a name as given on the command line; `gbk` and `gb2312` mean GB18030.
    pub fn parse(s: &str) -> Option<Encoding> {
        Some(match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "gb18030" | "gbk" | "gb2312" | "cp936" => Encoding::Gb18030,
            "utf-16le" | "utf-16" | "utf16le" | "utf16" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            _ => return None,
        })
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gb18030 => GB18030,
            Encoding::Utf16Le => UTF_16LE,
            Encoding::Utf16Be => UTF_16BE,
        }
    }

    fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => b"\xEF\xBB\xBF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf16Be => b"\xFE\xFF",
            Encoding::Gb18030 => b"",
        }
    }
}

/// A file's text and how it was obtained.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// What is reported: `utf-8`, `utf-8-bom`, `gb18030`, `utf-16le-bom`...
    pub encoding: String,
    /// Byte offsets in `text` of each U+FFFD that stands for undecodable bytes,
    /// ascending. Empty for a file that decoded cleanly.
    pub bad: Vec<usize>,
    /// When a forced encoding left bad bytes but detection would have read every
    /// byte: the encoding detection finds, so the user can be told.
    pub detected: Option<String>,
}

/// Decodes a whole file, detecting the encoding unless `forced`.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Decoded<'_> {
    for enc in [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be] {
        if let Some(body) = bytes.strip_prefix(enc.bom()) {
            let mut d = decode_as(body, enc);
            d.encoding.push_str("-bom");
            return d;
        }
    }
    if let Some(enc) = forced {
        let mut d = decode_as(bytes, enc);
        if !d.bad.is_empty() {
            let auto = decode(bytes, None);
            if auto.bad.is_empty() {
                d.detected = Some(auto.encoding);
            }
        }
        return d;
    }
    // The common case: simdutf8 answers "is it all valid?" several times faster than
    // std, and then the text is borrowed, not copied.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Decoded { text: Cow::Borrowed(s), encoding: "utf-8".into(), bad: Vec::new(), detected: None };
    }
    // A few stray bytes in a UTF-8 file are damage to report, not a sign of GBK:
    // GB18030 accepts most byte pairs and would read such a file "cleanly" as nonsense.
    if mostly_utf8(bytes) {
        return decode_as(bytes, Encoding::Utf8);
    }
    if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        return Decoded { text, encoding: Encoding::Gb18030.name().into(), bad: Vec::new(), detected: None };
    }
    // Neither decodes everything: keep the one with fewer bad sequences and point at
    // every one of them.
    let utf8 = decode_as(bytes, Encoding::Utf8);
    let gb = decode_as(bytes, Encoding::Gb18030);
    if gb.bad.len() < utf8.bad.len() { gb } else { utf8 }
}

/// Whether `bytes` are UTF-8 with only a few bad sequences: more than eight valid
/// non-ASCII characters per bad sequence. GBK text read as UTF-8 has about one valid
/// character per bad sequence, so the scan stops early for it.
fn mostly_utf8(bytes: &[u8]) -> bool {
    const RATIO: usize = 8;
    let (mut bad, mut good) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
            if bad >= 64 && bad * RATIO >= good {
                return false;
            }
        }
    }
    bad * RATIO < good
}

/// Decodes `bytes` (without a BOM) as `enc`, replacing and recording bad sequences.
fn decode_as(bytes: &[u8], enc: Encoding) -> Decoded<'_> {
    let encoding = enc.name().to_string();
    if enc == Encoding::Utf8 {
        if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
            return Decoded { text: Cow::Borrowed(s), encoding, bad: Vec::new(), detected: None };
        }
        let mut text = String::with_capacity(bytes.len() + 16);
        let mut bad = Vec::new();
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            if !chunk.invalid().is_empty() {
                bad.push(text.len());
                text.push('\u{FFFD}');
            }
        }
        return Decoded { text: Cow::Owned(text), encoding, bad, detected: None };
    }
    let mut decoder = enc.codec().new_decoder_without_bom_handling();
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len()));
    let mut bad = Vec::new();
    let mut src = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(src, &mut text, true);
        src = &src[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(src.len() * 3 + 16),
            DecoderResult::Malformed(_, _) => {
                if text.capacity() - text.len() < 3 {
                    text.reserve(src.len() * 3 + 16);
                }
                bad.push(text.len());
                text.push('\u{FFFD}');
            }
        }
    }
    Decoded { text: Cow::Owned(text), encoding, bad, detected: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        GB18030.encode(s).0.into_owned()
    }

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for u in s.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    /// Decodes and returns (text, encoding, bad offsets), owned.
    fn dec(bytes: &[u8], forced: Option<Encoding>) -> (String, String, Vec<usize>) {
        let d = decode(bytes, forced);
        (d.text.into_owned(), d.encoding, d.bad)
    }

    #[test]
    fn detects_each_form_excel_writes() {
        let s = "学校名称,年度\n城东区星火职业技术学校,2019\n";
        let d = decode(s.as_bytes(), None);
        assert!(matches!(d.text, Cow::Borrowed(_)), "valid UTF-8 is not copied");
        assert_eq!(dec(s.as_bytes(), None), (s.into(), "utf-8".into(), vec![]));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
        assert_eq!(dec(&with_bom, None), (s.into(), "utf-8-bom".into(), vec![]));
        assert_eq!(dec(&gbk(s), None), (s.into(), "gb18030".into(), vec![]));
        assert_eq!(dec(&utf16le(s, true), None), (s.into(), "utf-16le-bom".into(), vec![]));
    }

    #[test]
    fn a_rare_character_outside_gb2312_still_decodes() {
        // 镕 and 喆 are outside GB2312 but inside GBK/GB18030; 𠮷 needs four bytes.
        let s = "王喆,朱镕,𠮷野家\n";
        assert_eq!(dec(&gbk(s), None).0, s);
    }

    #[test]
    fn forcing_an_encoding() {
        let s = "学校名称\n";
        assert_eq!(dec(&utf16le(s, false), Some(Encoding::Utf16Le)), (s.into(), "utf-16le".into(), vec![]));
        // A BOM wins over the forced encoding.
        let bytes = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
        assert_eq!(dec(&bytes, Some(Encoding::Gb18030)).1, "utf-8-bom");
        // A wrong forced encoding says what detection would have found.
        assert_eq!(decode(&gbk(s), Some(Encoding::Utf8)).detected.as_deref(), Some("gb18030"));
    }

    #[test]
    fn bad_bytes_are_replaced_and_located() {
        // Mostly UTF-8 with one stray byte: stays UTF-8, the byte is pointed at.
        let mut bytes = "学校名称,年度\n城东区星火职业技术学校,2019\n".as_bytes().to_vec();
        bytes.insert(bytes.len() - 6, 0xFF);
        let (text, enc, bad) = dec(&bytes, None);
        assert_eq!(enc, "utf-8");
        assert_eq!(bad.len(), 1);
        assert_eq!(&text[bad[0]..bad[0] + 3], "\u{FFFD}");
        // GBK with a byte no GB18030 sequence has (0xFF): read as GB18030.
        let mut bytes = gbk("学校名称,年度\n城东区星火职业技术学校,2019\n");
        bytes.insert(4, 0xFF);
        let (text, enc, bad) = dec(&bytes, None);
        assert_eq!(enc, "gb18030");
        assert_eq!(bad.len(), 1);
        assert!(text.starts_with("学校\u{FFFD}"), "{text}");
    }

    #[test]
    fn a_utf8_file_with_a_stray_byte_is_not_taken_for_gbk() {
        // UTF-8 text with one stray byte that GB18030 happens to accept in full.
        let bytes = ["城东区星火职业技术学校".as_bytes(), b"\x81,2019\n"].concat();
        assert!(GB18030.decode_without_bom_handling_and_without_replacement(&bytes).is_some(), "the trap");
        let (text, enc, bad) = dec(&bytes, None);
        assert_eq!((enc.as_str(), bad.len()), ("utf-8", 1));
        assert!(text.starts_with("城东区星火职业技术学校\u{FFFD},2019"), "{text}");
    }

    #[test]
    fn names_parse() {
        assert_eq!(Encoding::parse("GBK"), Some(Encoding::Gb18030));
        assert_eq!(Encoding::parse("utf_8"), Some(Encoding::Utf8));
        assert_eq!(Encoding::parse("latin1"), None);
    }
}
