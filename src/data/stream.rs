//! The second pass over a text file: its bytes decoded to UTF-8 as a stream, for the
//! CSV reader to read.
//!
//! [`TextReader`] is a `Read` that decodes the file chunk by chunk in the encoding
//! `decode::choose` picked, so memory stays a few chunks whatever the file's size.
//! Each undecodable sequence becomes U+FFFD and its offset in the decoded stream is
//! queued, so the CSV reader can mark the cell that holds it. Key decision: the
//! decoded bytes the CSV reader has not yet released are kept (a window reaching from
//! the end of the last record to what has been decoded), so the CSV reader can look
//! back at the line breaks between records and number rows as Excel does, exactly as
//! when the whole text was in memory. It also counts the `"` it decodes, for the
//! unclosed-quote guard, which needs the whole file's count only at its end. It
//! counts the undecodable sequences too, so a GB18030 choice made before the whole
//! file was counted (`Choice::unproven`) is settled at the end ([`TextReader::settle`]).

use std::collections::VecDeque;
use std::io::{self, Read, Seek};

use encoding_rs::{Decoder, DecoderResult};

use super::decode::{self, Choice, Encoding, complete_prefix, read_full};

/// What a first line longer than this is judged by, when choosing the delimiter.
const FIRST_LINE_MAX: usize = 1 << 20;

/// The longest row read, decoded: 64 MiB. A row from Excel is a few KB; a longer one
/// is an unclosed quote swallowing the file, or no CSV at all, and holding it whole
/// (here, in the csv reader and in the row) would let memory grow with the file.
pub const MAX_ROW_BYTES: u64 = 64 << 20;

/// The error a row longer than [`MAX_ROW_BYTES`] stops the reading with.
#[derive(Debug)]
pub struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a row longer than {} MiB", MAX_ROW_BYTES >> 20)
    }
}

impl std::error::Error for RowTooLong {}

/// What a text file is read from: it is read again from its start to settle an
/// unproven choice.
pub trait Source: Read + Seek + Send {}

impl<T: Read + Seek + Send> Source for T {}

/// A text file decoded to UTF-8 as it is read.
pub struct TextReader<'a> {
    input: Box<dyn Source + 'a>,
    decoder: Option<Decoder>,
    chunk: usize,
    /// Raw bytes: an incomplete UTF-8 sequence carried over, then the chunk read.
    raw: Vec<u8>,
    carry: usize,
    /// Decoded bytes from offset `base` of the decoded stream; `out[pos..]` not read yet.
    out: Vec<u8>,
    base: u64,
    pos: usize,
    /// Decoded bytes before this offset are no longer needed.
    keep: u64,
    eof: bool,
    /// Offsets of U+FFFD standing for undecodable bytes, not yet looked at (ascending).
    bad: VecDeque<u64>,
    /// Undecodable sequences decoded so far, all told.
    malformed: usize,
    quotes: u64,
}

impl std::fmt::Debug for TextReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextReader")
            .field("decoder", &self.decoder)
            .field("base", &self.base)
            .field("pos", &self.pos)
            .field("eof", &self.eof)
            .finish_non_exhaustive()
    }
}

impl<'a> TextReader<'a> {
    /// Decodes `input`, positioned at its start, as `choice` says, `chunk` bytes at a time.
    pub fn new(mut input: Box<dyn Source + 'a>, choice: &Choice, chunk: usize) -> io::Result<TextReader<'a>> {
        let mut bom = [0u8; 3];
        read_full(&mut input, &mut bom[..choice.bom])?;
        let chunk = chunk.max(1);
        let decoder = (choice.encoding != Encoding::Utf8)
            .then(|| choice.encoding.codec().new_decoder_without_bom_handling());
        Ok(TextReader {
            input,
            decoder,
            chunk,
            raw: vec![0; chunk + 3],
            carry: 0,
            out: Vec::new(),
            base: 0,
            pos: 0,
            keep: 0,
            eof: false,
            bad: VecDeque::new(),
            malformed: 0,
            quotes: 0,
        })
    }
}

impl TextReader<'_> {
    /// The first line of the text (up to its first `\n`, or the first MB of it).
    pub fn first_line(&mut self) -> io::Result<String> {
        while !self.out.contains(&b'\n') && self.out.len() < FIRST_LINE_MAX && self.fill()? {}
        let end = self.out.iter().position(|&b| b == b'\n').unwrap_or(self.out.len()).min(FIRST_LINE_MAX);
        Ok(String::from_utf8_lossy(&self.out[..end]).into_owned())
    }

    /// The decoded bytes from offset `from` (not released) to what has been decoded.
    pub fn window(&self, from: u64) -> &[u8] {
        let at = usize::try_from(from.saturating_sub(self.base)).unwrap_or(usize::MAX);
        self.out.get(at..).unwrap_or(&[])
    }

    /// Says the bytes before offset `upto` will not be asked for again.
    pub fn release(&mut self, upto: u64) {
        self.keep = self.keep.max(upto);
    }

    /// Whether a U+FFFD standing for bad bytes lies in `start..end`; forgets those before `end`.
    pub fn bad_between(&mut self, start: u64, end: u64) -> bool {
        let mut found = false;
        while let Some(&b) = self.bad.front().filter(|&&b| b < end) {
            found |= b >= start;
            self.bad.pop_front();
        }
        found
    }

    /// Whether text past offset `at` has been decoded already (without reading more).
    pub fn decoded_past(&self, at: u64) -> bool {
        self.base + self.out.len() as u64 > at
    }

    /// Whether the decoded text ends at offset `at` (decoding further to know).
    pub fn ends_at(&mut self, at: u64) -> io::Result<bool> {
        while !self.decoded_past(at) {
            if !self.fill()? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether the whole text holds an odd number of `"`; only known at its end.
    pub fn odd_quotes(&self) -> Option<bool> {
        self.eof.then_some(self.quotes % 2 == 1)
    }

    /// The choice the whole file bears out, once the rows wanted have been read: the
    /// one it was opened with, unless that was unproven (`Choice::unproven`); then the
    /// rest of the file is decoded, only to count its bad sequences, and
    /// [`decode::settle`] decides, reading the file again if it must.
    pub fn settle(&mut self, choice: &Choice) -> io::Result<Choice> {
        if choice.unproven.is_none() {
            return Ok(choice.clone());
        }
        if let Some(decoder) = &mut self.decoder {
            let (mut out, mut bad) = (Vec::new(), VecDeque::new());
            while !self.eof {
                let n = read_full(&mut self.input, &mut self.raw[..self.chunk])?;
                self.eof = n == 0;
                self.malformed += codec(decoder, &self.raw[..n], self.eof, &mut out, 0, &mut bad);
                out.clear();
                bad.clear();
            }
        }
        decode::settle(choice, self.malformed, &mut self.input, self.chunk)
    }

    /// Decodes the next chunk onto the end of `out`; `false` at the end of the file.
    fn fill(&mut self) -> io::Result<bool> {
        while !self.eof {
            let before = self.out.len();
            let n = read_full(&mut self.input, &mut self.raw[self.carry..self.carry + self.chunk])?;
            let last = n == 0;
            let len = self.carry + n;
            match &mut self.decoder {
                None => {
                    let split = if last { len } else { complete_prefix(&self.raw[..len]) };
                    utf8(&self.raw[..split], &mut self.out, self.base, &mut self.bad);
                    self.raw.copy_within(split..len, 0);
                    self.carry = len - split;
                }
                Some(decoder) => {
                    self.malformed +=
                        codec(decoder, &self.raw[..len], last, &mut self.out, self.base, &mut self.bad);
                }
            }
            self.quotes += memchr::memchr_iter(b'"', &self.out[before..]).count() as u64;
            self.eof = last;
            if self.out.len() > before {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl Read for TextReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.out.len() {
            // Drop what was read and released: the window stays about one chunk.
            let drop =
                usize::try_from(self.keep.saturating_sub(self.base)).unwrap_or(usize::MAX).min(self.pos);
            self.out.drain(..drop);
            self.base += drop as u64;
            self.pos -= drop;
            // Everything past `keep` belongs to the row being read.
            if self.base + self.out.len() as u64 - self.keep.max(self.base) > MAX_ROW_BYTES {
                return Err(io::Error::new(io::ErrorKind::InvalidData, RowTooLong));
            }
            if !self.fill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// Appends `bytes` (ending where a sequence may begin) read as UTF-8 to `out`.
fn utf8(bytes: &[u8], out: &mut Vec<u8>, base: u64, bad: &mut VecDeque<u64>) {
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        out.extend_from_slice(bytes);
        return;
    }
    for chunk in bytes.utf8_chunks() {
        out.extend_from_slice(chunk.valid().as_bytes());
        if !chunk.invalid().is_empty() {
            bad.push_back(base + out.len() as u64);
            out.extend_from_slice(REPLACEMENT);
        }
    }
}

/// Appends `src` decoded by `decoder` to `out`; the number of undecodable sequences.
fn codec(
    decoder: &mut Decoder,
    mut src: &[u8],
    last: bool,
    out: &mut Vec<u8>,
    base: u64,
    bad: &mut VecDeque<u64>,
) -> usize {
    let mut written = out.len();
    let mut malformed = 0;
    loop {
        let room = decoder.max_utf8_buffer_length_without_replacement(src.len()).unwrap_or(src.len() * 3) + 8;
        if out.len() < written + room {
            out.resize(written + room, 0);
        }
        let (result, read, n) = decoder.decode_to_utf8_without_replacement(src, &mut out[written..], last);
        src = &src[read..];
        written += n;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(_, _) => {
                malformed += 1;
                out.truncate(written);
                bad.push_back(base + written as u64);
                out.extend_from_slice(REPLACEMENT);
                written = out.len();
            }
        }
    }
    out.truncate(written);
    malformed
}
