//! Text submissions are streamed: a file larger than the memory allowed is read to
//! its last row, and a file that can be read only once (a named pipe) is still read.
//!
//! The gigabyte test is `#[ignore]`d because writing and reading 1 GiB takes a while;
//! `scripts/bench-memory.sh` runs it against the release build
//! (`cargo test --release --test stream -- --ignored`).

mod common;

use std::io::Write;
use std::process::Command;

use common::{bin, wjvet_within};

/// Address space allowed to the binary for the gigabyte file, in KiB: half the file.
const LIMIT_KIB: u64 = 512 * 1024;

#[test]
#[ignore = "writes and reads a 1 GiB file; run by scripts/bench-memory.sh"]
fn a_gigabyte_gbk_csv_is_read_to_its_last_row_in_half_a_gigabyte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.csv");
    // GBK (what Chinese Excel saves), CRLF, a quoted two-line cell in every row and
    // an empty line per block; no school or year column, so no row is kept and only
    // the reader's memory counts.
    let mut block = String::new();
    for _ in 0..100 {
        block.push_str("7,\"温江区燎原职业技术学校\r\n第二行\"\r\n");
    }
    block.push_str("\r\n");
    let block = encoding_rs::GB18030.encode(&block).0.into_owned();
    let blocks = (1u64 << 30) / block.len() as u64 + 1;
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(&encoding_rs::GB18030.encode("序号,备注\r\n").0).unwrap();
    for _ in 0..blocks {
        f.write_all(&block).unwrap();
    }
    // The last row holds a byte no encoding reads: its diagnostic names the row.
    f.write_all(b"8,ab\xFF\r\n").unwrap();
    f.into_inner().unwrap().sync_all().unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > LIMIT_KIB * 1024 * 2, "{size} bytes");

    let out = wjvet_within(LIMIT_KIB).args(["check", "-q", "--lang", "en"]).arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let last_row = 1 + blocks * 101 + 1;
    let at = format!("--> {}:{last_row}, column B", path.display());
    assert!(stderr.contains("error[bad-encoding]") && stderr.contains(&at), "{at}\n{stderr}");
}

/// Writes a CSV whose third row opens a quote never closed, followed by `tail` bytes
/// of lines: the csv reader would take all of them for one cell.
fn unclosed_quote_then(path: &std::path::Path, tail: u64) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    f.write_all("序号,备注\r\n1,ok\r\n2,\"opened\r\n".as_bytes()).unwrap();
    let line = "一行又一行 and more text\r\n".repeat(1024);
    for _ in 0..tail.div_ceil(line.len() as u64) {
        f.write_all(line.as_bytes()).unwrap();
    }
    f.into_inner().unwrap().sync_all().unwrap();
}

#[test]
fn a_row_past_the_longest_allowed_stops_the_file_with_an_error_at_that_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quote.csv");
    unclosed_quote_then(&path, (64 << 20) + 4096);
    let (code, _, stderr) = common::wjvet(&["check", "-q", "--lang", "en", path.to_str().unwrap()]);
    assert_eq!(code, 3, "{stderr}");
    let at = format!("--> {}:3", path.display());
    assert!(stderr.contains("error[malformed-csv]: this row is longer than 64 MiB"), "{stderr}");
    assert!(stderr.contains(&at), "{at}\n{stderr}");
}

#[test]
#[ignore = "writes and reads a 600 MiB file; run by scripts/bench-memory.sh"]
fn an_unclosed_quote_in_a_large_file_is_refused_in_bounded_memory() {
    // Without the bound, the reader held the rest of the file three times over.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quote.csv");
    unclosed_quote_then(&path, 600 << 20);
    let out = wjvet_within(LIMIT_KIB).args(["check", "-q", "--lang", "en"]).arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("error[malformed-csv]: this row is longer than 64 MiB"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_read_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("s.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let csv = std::fs::read("examples/district/liaoyuan.csv").unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, csv).unwrap())
    };
    let out = Command::new(bin()).args(["check", "-q", "--lang", "en"]).arg(&fifo).output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Read 1 file, 3 data rows, 3 used."), "{stdout}");
}
