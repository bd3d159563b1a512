//! Which encoding a text file is in, decided over the whole file in a first pass.
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
//! the reader names the row and column of each one (`bad-encoding`). A file that is
//! overwhelmingly valid UTF-8 is read as UTF-8 with its stray bytes reported, even if
//! GB18030 would accept every byte: GB18030 accepts most byte pairs, so it would turn
//! a UTF-8 file with one damaged byte into plausible-looking nonsense rather than an
//! error. Otherwise the candidate with fewer bad sequences is kept.
//!
//! Key decision: the file is never held whole. [`choose`] reads it once in
//! fixed-size chunks and only counts (bad UTF-8 sequences, non-ASCII characters,
//! GB18030 decoding errors); `stream::TextReader` then decodes it in a second pass.
//! A UTF-8 sequence cut by a chunk boundary is carried over to the next chunk
//! ([`complete_prefix`]), so the counts are those of the whole file whatever the
//! chunk size; GB18030 is counted only once UTF-8 has clearly failed, re-reading the
//! part already scanned, so a valid UTF-8 file costs one cheap validation pass; and
//! UTF-8 stops being counted then (in GBK every Chinese character is a bad UTF-8
//! sequence, the slowest thing to count), unless GB18030 fails too and the two
//! counts are compared: then it is counted again over the whole file. The loader
//! goes further ([`choose`] with `speculate`): once UTF-8 has clearly failed it takes
//! GB18030 unproven and decodes the rows at once, and [`settle`] checks the choice
//! against the whole file's count at its end, so GBK is decoded once, not twice.
//! Encoding decisions are `encoding_rs`'s (the WHATWG decoders browsers use).

use std::io::{self, Read, Seek, SeekFrom};

use encoding_rs::{Decoder, DecoderResult, GB18030, UTF_16BE, UTF_16LE};

/// The size of the chunks a text file is read in: large enough that a read costs
/// little, small enough that the reader's memory is a few MB whatever the file.
pub const CHUNK: usize = 256 * 1024;

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

    pub(super) fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gb18030 => GB18030,
            Encoding::Utf16Le => UTF_16LE,
            Encoding::Utf16Be => UTF_16BE,
        }
    }

    pub(super) fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => b"\xEF\xBB\xBF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf16Be => b"\xFE\xFF",
            Encoding::Gb18030 => b"",
        }
    }
}

/// How a file is to be decoded: the outcome of the first pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub encoding: Encoding,
    /// Bytes of BOM at the start of the file, skipped when decoding.
    pub bom: usize,
    /// What is reported: `utf-8`, `utf-8-bom`, `gb18030`, `utf-16le-bom`...
    pub name: String,
    /// When a forced encoding leaves bad bytes but detection would have read every
    /// byte: the encoding detection finds, so the user can be told.
    pub detected: Option<String>,
    /// GB18030 chosen as soon as UTF-8 failed, before GB18030 was counted: it stands
    /// if the whole file has fewer bad GB18030 sequences than this (UTF-8's count so
    /// far), else the whole file decides ([`settle`]).
    pub unproven: Option<usize>,
}

impl Choice {
    fn of(encoding: Encoding, detected: Option<String>) -> Choice {
        Choice { encoding, bom: 0, name: encoding.name().into(), detected, unproven: None }
    }
}

/// Decides how to decode `input`, detecting the encoding unless `forced`, by reading
/// it to the end in chunks of `chunk` bytes; leaves `input` at its start. With
/// `speculate`, a file UTF-8 fails on is taken as GB18030 there and then, unproven:
/// the reader counts its bad sequences as it decodes, and [`settle`] says at the end
/// whether the choice stands (the caller must then be able to read the file again).
pub fn choose<R: Read + Seek>(
    input: &mut R,
    forced: Option<Encoding>,
    chunk: usize,
    speculate: bool,
) -> io::Result<Choice> {
    let mut start = [0u8; 3];
    let n = read_full(input, &mut start)?;
    input.seek(SeekFrom::Start(0))?;
    for enc in [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be] {
        if start[..n].starts_with(enc.bom()) {
            let name = format!("{}-bom", enc.name());
            return Ok(Choice { encoding: enc, bom: enc.bom().len(), name, detected: None, unproven: None });
        }
    }
    let scan = Scan::run(input, forced, chunk.max(1), speculate && forced.is_none())?;
    input.seek(SeekFrom::Start(0))?;
    if let Some(utf8_bad) = scan.unproven {
        return Ok(Choice { unproven: Some(utf8_bad), ..Choice::of(Encoding::Gb18030, None) });
    }
    let choice = match forced {
        None => Choice::of(scan.auto().0, None),
        Some(encoding) => {
            let (auto, clean) = scan.auto();
            let detected = (scan.bad(encoding) > 0 && clean).then(|| auto.name().to_string());
            Choice::of(encoding, detected)
        }
    };
    Ok(choice)
}

/// The choice detection makes over the whole file, given an unproven `choice` and
/// `gb`, the bad sequences the whole file had as GB18030 (the reader counted them).
/// Fewer than UTF-8 had when it failed: GB18030 stands, as a whole-file count would
/// have found (UTF-8's count over the whole file can only be higher). Otherwise
/// UTF-8 is counted over all of `input` and the two compared; `input` is left at its start.
pub fn settle<R: Read + Seek + ?Sized>(
    choice: &Choice,
    gb: usize,
    input: &mut R,
    chunk: usize,
) -> io::Result<Choice> {
    let settled = Choice { unproven: None, ..choice.clone() };
    match choice.unproven {
        Some(utf8_bad) if gb >= utf8_bad => {
            let scan = Scan {
                utf8: Utf8Count::over(input, chunk.max(1))?,
                gb: Some(gb),
                utf16: None,
                unproven: None,
            };
            input.seek(SeekFrom::Start(0))?;
            Ok(Choice::of(scan.auto().0, None))
        }
        _ => Ok(settled),
    }
}

/// What the first pass counted.
#[derive(Debug)]
struct Scan {
    utf8: Utf8Count,
    /// Bad sequences as GB18030; `None` when detection did not need to know.
    gb: Option<usize>,
    /// Bad sequences in a forced UTF-16.
    utf16: Option<usize>,
    /// Stopped where UTF-8 failed, to speculate on GB18030: UTF-8's bad sequences so far.
    unproven: Option<usize>,
}

impl Scan {
    fn run<R: Read + Seek + ?Sized>(
        input: &mut R,
        forced: Option<Encoding>,
        chunk: usize,
        speculate: bool,
    ) -> io::Result<Scan> {
        let mut utf8 = Utf8Count::default();
        // GB18030 is counted from the start when forced, else once UTF-8 has failed
        // for sure (then the part already read is counted again first).
        let mut gb = (forced == Some(Encoding::Gb18030)).then(|| Counter::new(Encoding::Gb18030));
        let mut utf16 =
            forced.filter(|e| matches!(e, Encoding::Utf16Le | Encoding::Utf16Be)).map(Counter::new);
        let mut buf = vec![0u8; chunk + 3];
        let (mut carry, mut offset) = (0usize, 0u64);
        loop {
            let n = read_full(input, &mut buf[carry..carry + chunk])?;
            let last = n == 0;
            for counter in [gb.as_mut(), utf16.as_mut()].into_iter().flatten() {
                counter.feed(&buf[carry..carry + n], last);
            }
            offset += n as u64;
            let data = &buf[..carry + n];
            let split = if last { data.len() } else { complete_prefix(data) };
            // Once UTF-8 has clearly failed its count matters only if GB18030 fails
            // too; then it is counted again below. A GBK file, whose every Chinese
            // character is a bad UTF-8 sequence, is not counted twice over.
            if !utf8.gave_up {
                utf8.feed(&data[..split]);
            }
            if speculate && utf8.gave_up && !last {
                return Ok(Scan { unproven: Some(utf8.bad), utf8, gb: None, utf16: None });
            }
            if gb.is_none() && utf8.gave_up && !last {
                gb = Some(Counter::catch_up(input, offset, chunk)?);
            }
            // Only GB18030 is left to count: the rest of the file on two threads.
            if utf8.gave_up
                && utf16.is_none()
                && !last
                && let Some(counter) = gb.as_mut()
            {
                counter.rest(input, chunk)?;
                break;
            }
            if last {
                break;
            }
            buf.copy_within(split..carry + n, 0);
            carry = carry + n - split;
        }
        let needs_gb = utf8.bad > 0 && !utf8.mostly();
        if gb.is_none() && needs_gb {
            let mut counter = Counter::catch_up(input, offset, chunk)?;
            counter.feed(&[], true);
            gb = Some(counter);
        }
        if utf8.gave_up && gb.as_ref().is_some_and(|c| c.bad > 0) {
            utf8 = Utf8Count::over(input, chunk)?;
        }
        Ok(Scan { utf8, gb: gb.map(|c| c.bad), utf16: utf16.map(|c| c.bad), unproven: None })
    }

    /// The encoding detection picks, and whether it reads every byte.
    fn auto(&self) -> (Encoding, bool) {
        if self.utf8.bad == 0 {
            return (Encoding::Utf8, true);
        }
        // A few stray bytes in a UTF-8 file are damage to report, not a sign of GBK:
        // GB18030 accepts most byte pairs and would read such a file "cleanly" as nonsense.
        if self.utf8.mostly() {
            return (Encoding::Utf8, false);
        }
        let gb = self.gb.unwrap_or(usize::MAX);
        if gb == 0 {
            return (Encoding::Gb18030, true);
        }
        // Neither decodes everything: keep the one with fewer bad sequences.
        (if gb < self.utf8.bad { Encoding::Gb18030 } else { Encoding::Utf8 }, false)
    }

    /// Bad sequences in `enc`.
    fn bad(&self, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => self.utf8.bad,
            Encoding::Gb18030 => self.gb.unwrap_or(usize::MAX),
            Encoding::Utf16Le | Encoding::Utf16Be => self.utf16.unwrap_or(usize::MAX),
        }
    }
}

/// Bad sequences and valid non-ASCII characters of a file read as UTF-8.
#[derive(Debug, Default)]
struct Utf8Count {
    bad: usize,
    good: usize,
    /// At some point there were 64 bad sequences or more and at most eight good
    /// characters per bad one: GBK read as UTF-8 has about one, so it is not UTF-8.
    gave_up: bool,
}

impl Utf8Count {
    const RATIO: usize = 8;

    /// Counts `bytes`, which end where a UTF-8 sequence may begin ([`complete_prefix`]).
    fn feed(&mut self, bytes: &[u8]) {
        // The common case: simdutf8 answers "is it all valid?" several times faster
        // than std; in valid UTF-8 each byte from 0xC0 up begins one character.
        if simdutf8::basic::from_utf8(bytes).is_ok() {
            self.good += bytes.iter().filter(|&&b| b >= 0xC0).count();
            return;
        }
        for chunk in bytes.utf8_chunks() {
            self.good += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
            if !chunk.invalid().is_empty() {
                self.bad += 1;
                if self.bad >= 64 && self.bad * Self::RATIO >= self.good {
                    self.gave_up = true;
                }
            }
        }
    }

    /// The counts of all of `input`, read again from its start.
    fn over<R: Read + Seek + ?Sized>(input: &mut R, chunk: usize) -> io::Result<Utf8Count> {
        input.seek(SeekFrom::Start(0))?;
        let mut utf8 = Utf8Count::default();
        let mut buf = vec![0u8; chunk + 3];
        let mut carry = 0;
        loop {
            let n = read_full(input, &mut buf[carry..carry + chunk])?;
            let data = &buf[..carry + n];
            if n == 0 {
                utf8.feed(data);
                return Ok(utf8);
            }
            let split = complete_prefix(data);
            utf8.feed(&data[..split]);
            buf.copy_within(split..carry + n, 0);
            carry = carry + n - split;
        }
    }

    /// Whether the file is UTF-8 with only a few bad sequences: more than eight valid
    /// non-ASCII characters per bad sequence, from start to end.
    fn mostly(&self) -> bool {
        !self.gave_up && self.bad * Self::RATIO < self.good
    }
}

/// Counts the bad sequences of bytes fed to an `encoding_rs` decoder.
#[derive(Debug)]
struct Counter {
    decoder: Decoder,
    bad: usize,
    scratch: Vec<u8>,
}

impl Counter {
    fn new(enc: Encoding) -> Counter {
        Counter { decoder: enc.codec().new_decoder_without_bom_handling(), bad: 0, scratch: vec![0; 8192] }
    }

    /// A GB18030 counter that has counted the first `upto` bytes of `input`, which
    /// is left at `upto`.
    fn catch_up<R: Read + Seek + ?Sized>(input: &mut R, upto: u64, chunk: usize) -> io::Result<Counter> {
        let mut counter = Counter::new(Encoding::Gb18030);
        input.seek(SeekFrom::Start(0))?;
        let mut buf = vec![0u8; chunk];
        let mut left = upto;
        while left > 0 {
            let want = usize::try_from(left).unwrap_or(usize::MAX).min(chunk);
            let n = read_full(input, &mut buf[..want])?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the file shrank while it was read",
                ));
            }
            counter.feed(&buf[..n], false);
            left -= n as u64;
        }
        Ok(counter)
    }

    /// Counts the rest of `input`, to its end, as [`Counter::feed`] would, on two
    /// threads. No GB18030 sequence holds the byte 0x0A, and one left unfinished ends
    /// at it, so after a line feed a decoder is as a fresh one: the rest is cut after
    /// line feeds into pieces of about a chunk, every other one counted on a second
    /// thread by a fresh decoder, and the counts add up to one decoder's. A line
    /// longer than a chunk is counted here as it comes, so memory stays a few chunks.
    fn rest<R: Read + ?Sized>(&mut self, input: &mut R, chunk: usize) -> io::Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
        let count = |piece: &[u8]| {
            let mut c = Counter::new(Encoding::Gb18030);
            c.feed(piece, true);
            c.bad
        };
        // What was counted so far, and the piece being counted here (the current one).
        let mut open = Some(std::mem::replace(self, Counter::new(Encoding::Gb18030)));
        let (mut here, mut carry, mut buf) = (0usize, Vec::new(), vec![0u8; chunk]);
        let theirs = std::thread::scope(|s| -> io::Result<usize> {
            let worker = s.spawn(move || rx.iter().map(|piece| count(&piece)).sum::<usize>());
            let mut to_worker = true;
            loop {
                let n = read_full(input, &mut buf)?;
                let mut data = &buf[..n];
                if n == 0 {
                    here += match open.take() {
                        Some(mut c) => {
                            c.feed(&[], true);
                            c.bad
                        }
                        None => count(&carry),
                    };
                    break;
                }
                if let Some(c) = open.as_mut() {
                    let Some(i) = memchr::memchr(b'\n', data) else {
                        c.feed(data, false);
                        continue;
                    };
                    c.feed(&data[..=i], true);
                    here += c.bad;
                    open = None;
                    data = &data[i + 1..];
                }
                let Some(i) = memchr::memrchr(b'\n', data) else {
                    carry.extend_from_slice(data);
                    if carry.len() > chunk {
                        let mut c = Counter::new(Encoding::Gb18030);
                        c.feed(&carry, false);
                        carry.clear();
                        open = Some(c);
                    }
                    continue;
                };
                let mut piece = std::mem::take(&mut carry);
                piece.extend_from_slice(&data[..=i]);
                carry.extend_from_slice(&data[i + 1..]);
                // The worker only stops when the channel closes; if it is gone, count here.
                if !to_worker {
                    here += count(&piece);
                } else if let Err(back) = tx.send(piece) {
                    here += count(&back.0);
                }
                to_worker = !to_worker;
            }
            drop(tx);
            Ok(worker.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
        })?;
        self.bad = here + theirs;
        Ok(())
    }

    fn feed(&mut self, mut src: &[u8], last: bool) {
        loop {
            let (result, read, _) =
                self.decoder.decode_to_utf8_without_replacement(src, &mut self.scratch, last);
            src = &src[read..];
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(_, _) => self.bad += 1,
            }
        }
    }
}

/// The length of the part of `bytes` that ends where a UTF-8 sequence may begin:
/// all of it but a last character that may be incomplete (from the last byte, among
/// the last three, that is not a continuation byte). Decoding the two parts apart
/// gives what decoding them together gives: a sequence cut there would have ended
/// there anyway, at the byte that cannot continue it.
pub fn complete_prefix(bytes: &[u8]) -> usize {
    let from = bytes.len().saturating_sub(3);
    (from..bytes.len()).rev().find(|&i| bytes[i] & 0xC0 != 0x80).unwrap_or(bytes.len())
}

/// Reads until `buf` is full or the input ends; the number of bytes read.
pub fn read_full<R: Read + ?Sized>(input: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::stream::TextReader;
    use proptest::prelude::*;

    /// What the whole-file decoder before streaming did: the oracle the streaming
    /// reader must agree with, whatever its chunk size.
    mod whole {
        use std::borrow::Cow;

        use super::super::Encoding;
        use encoding_rs::{DecoderResult, GB18030};

        /// A file's text and how it was obtained.
        #[derive(Debug)]
        pub(super) struct Decoded<'a> {
            pub(super) text: Cow<'a, str>,
            /// What is reported: `utf-8`, `utf-8-bom`, `gb18030`, `utf-16le-bom`...
            pub(super) encoding: String,
            /// Byte offsets in `text` of each U+FFFD that stands for undecodable bytes,
            /// ascending. Empty for a file that decoded cleanly.
            pub(super) bad: Vec<usize>,
            /// When a forced encoding left bad bytes but detection would have read every
            /// byte: the encoding detection finds, so the user can be told.
            pub(super) detected: Option<String>,
        }

        /// Decodes a whole file, detecting the encoding unless `forced`.
        pub(super) fn decode(bytes: &[u8], forced: Option<Encoding>) -> Decoded<'_> {
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
                return Decoded {
                    text: Cow::Borrowed(s),
                    encoding: "utf-8".into(),
                    bad: Vec::new(),
                    detected: None,
                };
            }
            // A few stray bytes in a UTF-8 file are damage to report, not a sign of GBK:
            // GB18030 accepts most byte pairs and would read such a file "cleanly" as nonsense.
            if mostly_utf8(bytes) {
                return decode_as(bytes, Encoding::Utf8);
            }
            if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                return Decoded {
                    text,
                    encoding: Encoding::Gb18030.name().into(),
                    bad: Vec::new(),
                    detected: None,
                };
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
            let mut text =
                String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len()));
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
    }

    /// A file decoded by the two passes, `chunk` bytes at a time.
    #[derive(Debug, PartialEq, Eq)]
    struct Decoded {
        text: String,
        encoding: String,
        bad: Vec<usize>,
        detected: Option<String>,
    }

    fn decode_chunked(bytes: &[u8], forced: Option<Encoding>, chunk: usize) -> Decoded {
        let choice = choose(&mut std::io::Cursor::new(bytes), forced, chunk, false).unwrap();
        assert_eq!(choice.unproven, None);
        decode_as_chosen(bytes, &choice, chunk).0
    }

    /// The second pass with `choice`, and the choice the whole file settles on.
    fn decode_as_chosen(bytes: &[u8], choice: &Choice, chunk: usize) -> (Decoded, Choice) {
        let mut reader = TextReader::new(Box::new(std::io::Cursor::new(bytes)), choice, chunk).unwrap();
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        let mut bad = Vec::new();
        for at in 0..text.len() as u64 {
            if reader.bad_between(at, at + 1) {
                bad.push(usize::try_from(at).unwrap());
            }
        }
        let settled = reader.settle(choice).unwrap();
        (Decoded { text, encoding: choice.name.clone(), bad, detected: choice.detected.clone() }, settled)
    }

    /// Decoding as the loader does when it speculates on GB18030: read, settle, and
    /// read again if the whole file chose otherwise. Also whether it had to.
    fn decode_speculating(bytes: &[u8], chunk: usize) -> (Decoded, bool) {
        let choice = choose(&mut std::io::Cursor::new(bytes), None, chunk, true).unwrap();
        let (first, settled) = decode_as_chosen(bytes, &choice, chunk);
        if settled.encoding == choice.encoding {
            return (first, false);
        }
        let (again, proven) = decode_as_chosen(bytes, &settled, chunk);
        assert_eq!(proven, settled, "a decided choice is settled as it is");
        (again, true)
    }

    /// Decodes with the usual chunk size, checking that 7-byte chunks agree.
    fn decode(bytes: &[u8], forced: Option<Encoding>) -> Decoded {
        let d = decode_chunked(bytes, forced, CHUNK);
        assert_eq!(decode_chunked(bytes, forced, 7), d, "7-byte chunks");
        d
    }

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
        (d.text, d.encoding, d.bad)
    }

    #[test]
    fn detects_each_form_excel_writes() {
        let s = "学校名称,年度\n城东区星火职业技术学校,2019\n";
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

    #[test]
    fn a_sequence_cut_by_a_chunk_boundary_is_carried_over() {
        // 7-byte chunks cut the third character of each (3 bytes in UTF-8, 2 in GBK).
        let s = "ab学校名称\n";
        for chunk in 1..=8 {
            assert_eq!(decode_chunked(s.as_bytes(), None, chunk).text, s, "utf-8, chunk {chunk}");
            let d = decode_chunked(&gbk(s), None, chunk);
            assert_eq!((d.text.as_str(), d.encoding.as_str()), (s, "gb18030"), "gbk, chunk {chunk}");
        }
        assert_eq!(complete_prefix("ab学".as_bytes()), 2);
        assert_eq!(complete_prefix(&"ab学".as_bytes()[..4]), 2);
        assert_eq!(complete_prefix(b"abc"), 2);
    }

    #[test]
    fn neither_clean_compares_whole_file_counts() {
        // GBK that UTF-8 gives up on early, then bytes bad in both: the UTF-8 count
        // must cover the whole file, or the 0xFF run would tip the choice to UTF-8.
        let mut bytes = gbk(&"星火职业技术学校,2019\n".repeat(40));
        bytes.extend(b"x\xFF".repeat(500));
        for chunk in [7, 64, CHUNK] {
            let d = decode_chunked(&bytes, None, chunk);
            assert_eq!((d.encoding.as_str(), d.bad.len()), ("gb18030", 500), "chunk {chunk}");
        }
        assert_eq!(whole::decode(&bytes, None).encoding, "gb18030");
        // And the other way: UTF-8 with a few GBK-ish bytes and many bytes bad in GB18030.
        let mut bytes = gbk(&"星火".repeat(40));
        bytes.extend("城东区星火职业技术学校".repeat(100).as_bytes());
        bytes.extend(b"\xFF".repeat(300));
        let oracle = whole::decode(&bytes, None);
        for chunk in [7, 64, CHUNK] {
            let d = decode_chunked(&bytes, None, chunk);
            assert_eq!((&d.encoding, d.bad.len()), (&oracle.encoding, oracle.bad.len()), "chunk {chunk}");
        }
    }

    #[test]
    fn a_gb18030_speculation_stands_or_falls_by_the_whole_file() {
        // GBK, clean or with fewer bad bytes than UTF-8 had when it failed: the choice
        // stands without counting UTF-8 again.
        let body = gbk(&"星火职业技术学校,2019\n".repeat(40));
        let mut damaged = body.clone();
        damaged.extend(b"x\xFF".repeat(20));
        // GBK with more bad bytes than that, still fewer than UTF-8 over the whole file.
        let mut worse = body.clone();
        worse.extend(b"x\xFF".repeat(500));
        // UTF-8 after a GBK start: "城," in UTF-8 is one bad GB18030 sequence (a lead
        // byte before a comma), so in the end UTF-8 has fewer.
        let mut utf8_wins = gbk(&"星火".repeat(40));
        utf8_wins.extend("城,".repeat(1000).as_bytes());
        for (bytes, again) in [(&body, false), (&damaged, false), (&worse, false), (&utf8_wins, true)] {
            let oracle = whole::decode(bytes, None);
            for chunk in [7, 64, CHUNK] {
                let unproven = choose(&mut std::io::Cursor::new(bytes), None, chunk, true).unwrap().unproven;
                assert!(unproven.is_some(), "UTF-8 fails early: GB18030 is taken unproven (chunk {chunk})");
                let (d, read_again) = decode_speculating(bytes, chunk);
                assert_eq!(
                    (d.text.as_str(), &d.encoding, &d.bad),
                    (&*oracle.text, &oracle.encoding, &oracle.bad)
                );
                assert_eq!(read_again, again, "chunk {chunk}");
            }
        }
        assert_eq!(whole::decode(&utf8_wins, None).encoding, "utf-8", "the fixture is what it says");
    }

    #[test]
    fn the_gb18030_count_on_two_threads_is_one_decoders_count() {
        // GBK that UTF-8 gives up on, then every way a sequence can break at a line
        // feed or not at all: a lone lead byte, half a four-byte sequence, 0xFF, a long
        // line with no line feed, and an unfinished sequence at the very end.
        let mut bytes = gbk(&"星火职业技术学校,2019\n".repeat(40));
        for tail in [&b"\x81\n"[..], b"\x81\x30\n", b"\x81\x30\x81\n", b"\xFF\n", b"\r\n", b"\n\n"] {
            bytes.extend(gbk("学校名称,"));
            bytes.extend(tail);
        }
        bytes.extend(gbk(&"长行没有换行".repeat(300)));
        bytes.extend(b"\x81\x30\n");
        bytes.extend(gbk(&"王喆,𠮷野家\n".repeat(50)));
        bytes.extend(b"end\x81\x30");
        let mut one = Counter::new(Encoding::Gb18030);
        one.feed(&bytes, true);
        assert!(one.bad >= 6, "the fixture has bad sequences: {}", one.bad);
        for chunk in [1, 2, 3, 5, 7, 64, 1000, CHUNK] {
            let scan = Scan::run(&mut std::io::Cursor::new(&bytes), None, chunk, false).unwrap();
            assert!(scan.utf8.gave_up, "chunk {chunk}");
            assert_eq!(scan.gb, Some(one.bad), "chunk {chunk}");
        }
    }

    #[test]
    fn gbk_after_a_long_ascii_start_is_still_found() {
        // UTF-8 fails far into the file, after several chunks: GB18030 is counted
        // from the start all the same.
        let mut bytes = "a,b\n".repeat(200).into_bytes();
        bytes.extend(gbk(&"星火职业技术学校,2019\n".repeat(40)));
        let d = decode_chunked(&bytes, None, 64);
        assert_eq!((d.encoding.as_str(), d.bad.len()), ("gb18030", 0));
        assert_eq!(whole::decode(&bytes, None).encoding, "gb18030");
    }

    /// Bytes that mix what submissions hold: ASCII with delimiters and quotes, UTF-8
    /// and GBK Chinese, stray bytes, sometimes a BOM.
    fn mixed() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            "[a-z0-9,\"\r\n]{0,6}".prop_map(String::into_bytes),
            "[学校名称年度星火𠮷]{0,4}".prop_map(String::into_bytes),
            "[学校名称年度星火喆]{0,8}".prop_map(|s| gbk(&s)),
            proptest::collection::vec(any::<u8>(), 0..3),
            Just(b"\xEF\xBB\xBF".to_vec()),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn streaming_agrees_with_decoding_the_whole_file(
            bytes in mixed(),
            forced in proptest::option::of(prop_oneof![
                Just(Encoding::Utf8), Just(Encoding::Gb18030), Just(Encoding::Utf16Le),
            ]),
            chunk in 1usize..12,
        ) {
            let oracle = whole::decode(&bytes, forced);
            let d = decode_chunked(&bytes, forced, chunk);
            prop_assert_eq!(&d.text, &oracle.text);
            prop_assert_eq!(&d.encoding, &oracle.encoding);
            prop_assert_eq!(&d.bad, &oracle.bad);
            prop_assert_eq!(&d.detected, &oracle.detected);
            if forced.is_none() {
                prop_assert_eq!(decode_speculating(&bytes, chunk).0, d);
            }
        }
    }
}
