//! Data cannot drive the terminal or the page: a school name and an evidence note
//! carrying OSC 52 (clipboard), a screen clear, BEL and a right-to-left override go
//! through every human-facing output (table, markdown, github, explain, the annual
//! HTML and Markdown, diagnostics on stderr) and no raw control character comes out.

mod common;

use common::wjvet;

const EVIL: &str = "坏\u{1b}]52;c;ZXZpbA==\u{7}校\u{1b}[2J\u{202e}名\u{9b}";

/// The characters no human-facing output may carry (tab and newline are layout).
fn hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(what: &str, text: &str) {
    let bad: Vec<char> = text.chars().filter(|c| hostile(*c)).collect();
    assert!(bad.is_empty(), "{what} carries raw control characters {bad:?}:\n{text}");
}

fn submission(dir: &std::path::Path, qualified: &str) -> String {
    let path = dir.join("evil.csv");
    let mut text = format!(
        "学校名称,年度,学校类型,国际合作佐证,合格教师数,专任教师数\n{EVIL},2020,民办中职,{EVIL},{qualified},2\n"
    );
    if qualified != "1" {
        // The same school twice: the duplicate-row message quotes its name.
        text.push_str(&format!("{EVIL},2020,民办中职,,1,2\n"));
    }
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn check_formats_and_diagnostics_show_controls_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = submission(dir.path(), "1");
    for lang in ["zh", "en"] {
        for format in ["table", "markdown", "github"] {
            let (code, out, err) = wjvet(&["check", "--lang", lang, "--format", format, &file]);
            assert!(code <= 1, "{format}: {err}");
            assert!(out.contains("u{1b}"), "{format} shows the escape visibly:\n{out}");
            assert_clean(format, &out);
            assert!(err.contains("\\u{1b}"), "the unregistered-institution warning quotes the name: {err}");
            assert_clean("stderr", &err);
        }
    }
    // Colour stays possible: only the data's sequences are escaped.
    let (_, out, _) = wjvet(&["check", "--color", "always", &file]);
    assert!(!out.contains("\u{1b}]52") && !out.contains("\u{1b}[2J") && !out.contains('\u{202e}'));
    assert!(out.contains("\u{1b}["), "the status colours are still there");
}

#[test]
fn explain_shows_controls_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = submission(dir.path(), "1");
    let (code, out, err) = wjvet(&["explain", "--lang", "en", "T15.qualified", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\\u{202e}"), "{out}");
    assert_clean("explain", &out);
    assert_clean("stderr", &err);
}

#[test]
fn annual_html_and_markdown_show_controls_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = submission(dir.path(), "1");
    let (html, md) = (dir.path().join("r.html"), dir.path().join("r.md"));
    let (code, _, err) = wjvet(&["report", "-o", html.to_str().unwrap(), "-o", md.to_str().unwrap(), &file]);
    assert_eq!(code, 0, "{err}");
    for path in [html, md] {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("u{1b}"), "{}", path.display());
        assert_clean(&path.display().to_string(), &text);
    }
    assert_clean("stderr", &err);
}

#[test]
fn diagnostics_of_invalid_data_show_controls_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = submission(dir.path(), EVIL);
    for lang in ["zh", "en"] {
        let (code, out, err) = wjvet(&["check", "--lang", lang, &file]);
        assert_eq!(code, 3);
        assert!(err.contains("\\u{1b}[2J"), "{err}");
        assert_clean("stderr", &err);
        assert_clean("stdout", &out);
    }
}

#[test]
fn check_markdown_escapes_html_and_links_like_the_annual_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.csv");
    let name = "<img src=x onerror=alert(1)>[点此](http://evil.example)";
    std::fs::write(
        &path,
        format!("学校名称,年度,学校类型,合格教师数,专任教师数\n{name},2020,民办中职,1,2\n"),
    )
    .unwrap();
    let (_, out, _) = wjvet(&["check", "--format", "markdown", path.to_str().unwrap()]);
    assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;\\[点此\\](http://evil.example)"), "{out}");
    assert!(!out.contains("<img") && !out.contains("[点此]"), "{out}");
    let md = dir.path().join("r.md");
    wjvet(&["report", "-o", md.to_str().unwrap(), path.to_str().unwrap()]);
    let report = std::fs::read_to_string(md).unwrap();
    assert!(
        report.contains("&lt;img src=x onerror=alert(1)&gt;\\[点此\\](http://evil.example)"),
        "the same escaping"
    );
}
