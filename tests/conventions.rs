//! CLI conventions that trycmd cannot show: colour decided by the environment (the
//! trycmd cases all run with NO_COLOR), a workbook on standard input, the files
//! written by `check -o` and `man --dir` and their permissions under a umask.

use std::io::Write;
use std::process::{Command, Stdio};

fn wjvet() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wjvet"));
    for v in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "LANGUAGE", "LANG", "LC_ALL", "LC_MESSAGES"] {
        c.env_remove(v);
    }
    c
}

const ONE_FILE: [&str; 4] = ["check", "--lang", "en", "examples/district/deyuan.csv"];

fn stdout_of(c: &mut Command) -> String {
    String::from_utf8(c.output().unwrap().stdout).unwrap()
}

#[test]
fn clicolor_force_colours_a_pipe_and_no_color_wins() {
    assert!(!stdout_of(wjvet().args(ONE_FILE)).contains('\x1b'), "a pipe is not coloured");
    assert!(stdout_of(wjvet().args(ONE_FILE).env("CLICOLOR_FORCE", "1")).contains('\x1b'));
    let both = stdout_of(wjvet().args(ONE_FILE).env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1"));
    assert!(!both.contains('\x1b'));
    assert!(!stdout_of(wjvet().args(ONE_FILE).env("CLICOLOR_FORCE", "0")).contains('\x1b'));
    assert!(
        stdout_of(wjvet().args(ONE_FILE).args(["--color", "always"]).env("TERM", "dumb")).contains('\x1b')
    );
}

fn with_stdin(c: &mut Command, bytes: &[u8]) -> std::process::Output {
    let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_workbook_on_standard_input_is_read_as_one() {
    let xlsx = std::fs::read("tests/fixtures/input/sheet.xlsx").unwrap();
    let from_file = wjvet()
        .args(["check", "--lang", "en", "--format", "json", "tests/fixtures/input/sheet.xlsx"])
        .output()
        .unwrap();
    let from_stdin = with_stdin(wjvet().args(["check", "--lang", "en", "--format", "json", "-"]), &xlsx);
    assert_eq!(from_stdin.status.code(), from_file.status.code());
    let json: serde_json::Value = serde_json::from_slice(&from_stdin.stdout).unwrap();
    assert_eq!(json["files"][0]["path"], "<stdin>", "{json}");
    assert_eq!(json["files"][0]["encoding"], "xlsx");
    let file: serde_json::Value = serde_json::from_slice(&from_file.stdout).unwrap();
    // The same results, but for the name of the file they came from.
    let unnamed = |v: &serde_json::Value| {
        let mut v = v["results"].clone();
        v.as_array_mut().unwrap().iter_mut().for_each(|r| r["file"] = serde_json::Value::Null);
        v
    };
    assert!(!unnamed(&json).as_array().unwrap().is_empty());
    assert!(unnamed(&json) == unnamed(&file), "results differ");
    // Forced to CSV, the same bytes are not a submission.
    let forced = with_stdin(wjvet().args(["check", "--lang", "en", "--input-format", "csv", "-"]), &xlsx);
    assert_eq!(forced.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&forced.stderr).contains("<stdin>"));
}

#[test]
fn check_output_takes_its_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let (json, xml) = (dir.path().join("r.json"), dir.path().join("r.xml"));
    let status = wjvet()
        .args(ONE_FILE)
        .arg("-o")
        .arg(&json)
        .arg("-o")
        .arg(&xml)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(doc["schema_version"].is_number());
    assert!(std::fs::read_to_string(&xml).unwrap().contains("<testsuites"));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
}

#[cfg(unix)]
#[test]
fn written_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_wjvet");
    for (umask, mode) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let (out, template) =
            (dir.path().join(format!("{umask}.json")), dir.path().join(format!("{umask}.csv")));
        let script = format!(
            "umask {umask} && \"$0\" check --lang en examples/district/deyuan.csv -o \"$1\" >/dev/null 2>&1; \"$0\" template -o \"$2\"",
        );
        let status =
            Command::new("sh").arg("-c").arg(script).arg(bin).arg(&out).arg(&template).status().unwrap();
        assert!(status.success());
        for f in [&out, &template] {
            let got = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
            assert_eq!(got, mode, "{} under umask {umask}", f.display());
        }
    }
}

#[test]
fn man_dir_writes_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("man");
    let out = wjvet().args(["man", "--dir"]).arg(&target).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let mut names: Vec<String> =
        std::fs::read_dir(&target).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    for page in ["wjvet.1", "wjvet-check.1", "wjvet-report.1", "wjvet-explain.1", "wjvet-man.1"] {
        assert!(names.iter().any(|n| n == page), "{page} missing from {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    let check = std::fs::read_to_string(target.join("wjvet-check.1")).unwrap();
    assert!(check.contains("wjvet\\-check"), "{}", &check[..200]);
    // The top page printed as before.
    let top = wjvet().arg("man").output().unwrap();
    assert!(top.stdout == std::fs::read(target.join("wjvet.1")).unwrap(), "the top pages differ");
}

/// Display width as a terminal shows it: East Asian wide and full-width characters
/// take two columns.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F => 2,
            0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

#[test]
fn every_table_line_fits_the_width_asked_for() {
    for lang in ["zh", "en"] {
        for width in [70, 80, 100, 120, 160] {
            let w = width.to_string();
            let out = stdout_of(wjvet().args([
                "check",
                "--lang",
                lang,
                "--width",
                &w,
                "--registry",
                "examples/registry.toml",
                "--reviews",
                "examples/reviews.csv",
                "examples/district",
            ]));
            let table: Vec<&str> = out.lines().filter(|l| l.starts_with(['┌', '│', '╞', '└'])).collect();
            assert!(table.len() > 50, "{lang} at {width}: no tables");
            let widest = table.iter().map(|l| display_width(l)).max().unwrap();
            assert!(widest <= width, "{lang} at {width}: a line is {widest} wide");
        }
    }
    // Without a terminal and without --width: 100.
    let out = stdout_of(wjvet().args(["check", "--lang", "zh", "examples/district"]));
    let widest = out.lines().filter(|l| l.starts_with('│')).map(display_width).max().unwrap();
    assert!((90..=100).contains(&widest), "{widest}");
}
