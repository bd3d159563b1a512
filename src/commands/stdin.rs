//! `-` as a submission path: the submission read from standard input.
//!
//! Key decision: standard input is read once, up to a limit, into a temporary file
//! with the extension of its kind (xlsx when it starts as a zip does, else csv, or as
//! `--input-format` says), and the loader reads that file like any other, showing it
//! as `<stdin>` (`<标准输入>`). So a workbook on standard input gets every check a
//! workbook file gets, and no reader needs a second code path. The limit is the
//! workbook reader's limit on the text of a sheet ([`MAX_TEXT_BYTES`]): a submission
//! larger than that would be refused as a file too.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use wjvet::data::MAX_TEXT_BYTES;
use wjvet::lang::Lang;

use super::failure::Failure;
use crate::cli::InputFormatArg;

/// The name a submission read from standard input goes by in every message.
pub fn label(lang: Lang) -> &'static str {
    lang.pick("<标准输入>", "<stdin>")
}

/// Standard input kept in a temporary file for as long as the run needs it.
#[derive(Debug)]
pub struct Spool {
    file: tempfile::NamedTempFile,
}

impl Spool {
    pub fn path(&self) -> PathBuf {
        self.file.path().to_path_buf()
    }
}

/// Replaces `-` in `paths` by a spool of standard input; `None` when no path is `-`.
pub fn take(paths: &mut [PathBuf], format: Option<InputFormatArg>) -> Result<Option<Spool>, Failure> {
    let mut dashes = paths.iter().enumerate().filter(|(_, p)| p.as_os_str() == "-").map(|(i, _)| i);
    let Some(at) = dashes.next() else {
        return Ok(None);
    };
    if dashes.next().is_some() {
        return Err(Failure::StdinTwice);
    }
    let spool = spool(&mut io::stdin().lock(), format, MAX_TEXT_BYTES)?;
    paths[at] = spool.path();
    Ok(Some(spool))
}

/// Reads `input` to its end, refusing it past `limit` bytes, into a temporary file
/// named by its kind.
fn spool(input: &mut dyn Read, format: Option<InputFormatArg>, limit: usize) -> Result<Spool, Failure> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    input.take(cap).read_to_end(&mut bytes).map_err(Failure::StdinUnreadable)?;
    if bytes.len() > limit {
        return Err(Failure::StdinTooLarge { limit });
    }
    let kind = format.unwrap_or_else(|| sniff(&bytes));
    let suffix = match kind {
        InputFormatArg::Csv => ".csv",
        InputFormatArg::Xlsx => ".xlsx",
    };
    let stored = |error| Failure::StdinUnreadable(error);
    let mut file =
        tempfile::Builder::new().prefix("wjvet-stdin-").suffix(suffix).tempfile().map_err(stored)?;
    file.write_all(&bytes).map_err(stored)?;
    file.flush().map_err(stored)?;
    Ok(Spool { file })
}

/// A zip file (an .xlsx) starts with a local file header, `PK\x03\x04`.
fn sniff(bytes: &[u8]) -> InputFormatArg {
    if bytes.starts_with(b"PK\x03\x04") { InputFormatArg::Xlsx } else { InputFormatArg::Csv }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zip_is_a_workbook_and_anything_else_is_csv() {
        assert_eq!(sniff(b"PK\x03\x04rest"), InputFormatArg::Xlsx);
        assert_eq!(sniff("学校名称,年度\n".as_bytes()), InputFormatArg::Csv);
        assert_eq!(sniff(b""), InputFormatArg::Csv);
    }

    #[test]
    fn input_past_the_limit_is_refused_and_at_it_is_read() {
        let err = spool(&mut &b"12345"[..], None, 4).unwrap_err();
        assert!(matches!(err, Failure::StdinTooLarge { limit: 4 }));
        let ok = spool(&mut &b"1234"[..], None, 4).unwrap();
        assert_eq!(std::fs::read(ok.path()).unwrap(), b"1234");
        assert!(ok.path().to_string_lossy().ends_with(".csv"));
    }

    #[test]
    fn the_format_given_wins_over_the_sniff() {
        let s = spool(&mut &b"PK\x03\x04"[..], Some(InputFormatArg::Csv), 100).unwrap();
        assert!(s.path().to_string_lossy().ends_with(".csv"));
    }

    #[test]
    fn two_dashes_are_refused() {
        let mut paths = vec![PathBuf::from("-"), PathBuf::from("-")];
        assert!(matches!(take(&mut paths, None), Err(Failure::StdinTwice)));
    }
}
