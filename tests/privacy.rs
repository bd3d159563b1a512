//! Personal data never leaves wjvet unmasked (issue 11 §4): a district with both
//! rosters, known identity numbers and names, broken records of every kind, run
//! through the binary in every output it has. Every byte written — stdout, stderr,
//! each file, each XML part of each workbook — is scanned for every identity number
//! (as typed and as read), every 17-character prefix and every name. So the test
//! cannot pass by printing nothing, the masked form (or with `--pii-key` the keyed
//! `pid:`) must appear wherever a person is named.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use wjvet::pii::Pseudonym;

/// The school the broken teacher records are filed for.
const OTHER: &str = NO2;
const KEY: &str = "inspection-2020-district-key";
const INTERN_CHECKS: [(&str, &str); 9] = [
    ("每日工作小时", "9"),
    ("每周工作小时", "44"),
    ("夜班", "是"),
    ("实习报酬（元/月）", "2000"),
    ("实习责任保险", "否"),
    ("年级", "一年级"),
    ("协议签订日期", "2020-03-05"),
    ("实习结束日期", "2020-12-31"),
    ("出生日期", "2005-01-01"),
];

/// Everyone in the fixtures, and how their identity number and name were typed.
#[derive(Default)]
struct People {
    /// (as typed in the file, the 18 characters as read).
    ids: Vec<(String, String)>,
    names: Vec<String>,
    /// Identity numbers some diagnostic must name (a record broken or duplicated).
    named: Vec<String>,
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap() } else { c })
        .collect()
}

fn annual_row(school: &str, cells: &[(&str, &str)]) -> String {
    let keys: Vec<&str> = cells.iter().map(|(k, _)| *k).collect();
    row(school, 2020, "公办中职", cells, &keys).join(",")
}

/// Person 7's identity number with a mistyped check digit.
fn typo() -> String {
    let real = id("19800101", 7);
    let wrong = if real.ends_with('1') { '2' } else { '1' };
    format!("{}{wrong}", &real[..17])
}

/// Writes the district: annual rows, the teacher roster and the internship roster.
/// `broken` adds a mistyped check digit, a person listed twice and a reported figure
/// the roster does not support (errors: exit 3); without it every record rule is
/// still broken once (warnings), so the data is valid and every command runs.
fn district(dir: &Path, broken: bool) -> People {
    let dir = &dir.join("data");
    std::fs::create_dir_all(dir).unwrap();
    let mut people = People::default();
    let keys = ["dual_qualified_teachers", "professional_teachers", "fulltime_teachers", "enrolled_students"];
    let mut annual = vec![
        header_for(&keys).join(","),
        annual_row(
            LIAOYUAN,
            &[
                ("dual_qualified_teachers", if broken { "5" } else { "4" }),
                ("professional_teachers", "6"),
                ("fulltime_teachers", "6"),
                ("enrolled_students", "3000"),
            ],
        ),
    ];
    if broken {
        // The broken records go to a second school: they make its year invalid, and
        // an invalid year is not cross-checked, so Liaoyuan's figure can still be.
        annual.push(row(OTHER, 2020, "普通高中", &[("fulltime_teachers", "80")], &keys).join(","));
    }
    let annual = annual.join("\n") + "\n";
    std::fs::write(dir.join("annual.csv"), annual).unwrap();

    let mut teachers = vec![TEACHER_HEADER.to_string()];
    for n in 1..=6 {
        let (from, until) = if n <= 4 { ("2019-01-01", "2025-12-31") } else { ("", "") };
        let mut line = teacher(n, from, until);
        let real = id("19800101", n);
        // One typed with spaces between the groups, one in full-width digits.
        let typed = match n {
            2 => format!("{} {} {}", &real[..6], &real[6..14], &real[14..]),
            3 => full_width(&real),
            _ => real.clone(),
        };
        line = line.replace(&real, &typed);
        teachers.push(line);
        people.ids.push((typed, real));
        people.names.push(format!("测试甲{n}"));
    }
    if broken {
        let typo = typo();
        let other = |line: String| line.replacen(LIAOYUAN, OTHER, 1);
        teachers.push(other(teacher(7, "", "").replace(&id("19800101", 7), &typo)));
        people.ids.push((typo.clone(), typo));
        people.names.push("测试甲7".into());
        // The same person twice.
        teachers.push(other(teacher(8, "", "")));
        teachers.push(other(teacher(8, "", "")));
        people.ids.push((id("19800101", 8), id("19800101", 8)));
        people.names.push("测试甲8".into());
        people.named.push(id("19800101", 8));
    }
    std::fs::write(dir.join("teachers.csv"), teachers.join("\n") + "\n").unwrap();

    let mut interns = vec![INTERN_HEADER.to_string()];
    for (i, edit) in INTERN_CHECKS.iter().enumerate() {
        let n = 10 + i as u32;
        // A birth date typed is the one the number gives (else birth-date-mismatch).
        let born = if edit.0 == "出生日期" { edit.1.replace('-', "") } else { "20030101".into() };
        let person = id(&born, n);
        interns.push(placement(n, &[*edit, ("身份证号", &person)]));
        people.ids.push((person.clone(), person.clone()));
        people.names.push(format!("测试乙{n}"));
        people.named.push(person);
    }
    // Eleven at one host of 100: over 10% of its staff (a group rule, no person named).
    for n in 30..41 {
        interns.push(placement(n, &[("实习单位", "测试工厂"), ("实习单位在岗职工数", "100")]));
        people.ids.push((id("20030101", n), id("20030101", n)));
        people.names.push(format!("测试乙{n}"));
    }
    std::fs::write(dir.join("interns.csv"), interns.join("\n") + "\n").unwrap();
    people
}

/// What one run wrote: its name, and every text it produced.
struct Run {
    what: String,
    code: Option<i32>,
    texts: Vec<(String, String)>,
}

impl Run {
    fn all(&self) -> String {
        self.texts.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// Runs wjvet with `args` in `dir` (env `WJVET_PII_KEY` unset unless `env_key`), and
/// reads back stdout, stderr and each of `files` (a workbook as its XML parts).
fn run(dir: &Path, args: &[&str], env_key: Option<&str>, files: &[&str]) -> Run {
    for f in files {
        let _ = std::fs::remove_file(dir.join(f.trim_start_matches("rectification=")));
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wjvet"));
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1").env_remove("WJVET_PII_KEY");
    if let Some(k) = env_key {
        cmd.env("WJVET_PII_KEY", k);
    }
    let out: Output = cmd.output().unwrap();
    let what = format!("wjvet {}", args.join(" "));
    let mut texts = vec![
        ("stdout".to_string(), String::from_utf8_lossy(&out.stdout).into_owned()),
        ("stderr".to_string(), String::from_utf8_lossy(&out.stderr).into_owned()),
    ];
    for f in files {
        let path = dir.join(f.trim_start_matches("rectification="));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            panic!("{what}: {f} not written ({e}):\n{}", String::from_utf8_lossy(&out.stderr))
        });
        if f.ends_with(".xlsx") {
            texts.extend(unzip(&bytes).into_iter().map(|(n, t)| (format!("{f}:{n}"), t)));
        } else {
            texts.push(((*f).to_string(), String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    // Markdown escapes the stars of a masked number (`990\*\*…`): scanned as read.
    for (_, t) in &mut texts {
        *t = t.replace('\\', "");
    }
    Run { what, code: out.status.code(), texts }
}

/// Every part of a workbook, as text.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        parts.push((f.name().unwrap().to_string(), String::from_utf8_lossy(&buf).into_owned()));
    }
    assert!(parts.iter().any(|(n, _)| n.ends_with(".xml")), "not a workbook");
    parts
}

/// No identity number (as typed or as read, or its first 17 characters) and no name
/// in anything `r` produced.
fn assert_nothing_personal(r: &Run, people: &People) {
    for (part, text) in &r.texts {
        for (typed, read) in &people.ids {
            for needle in [typed.as_str(), read.as_str(), &read[..17], &full_width(&read[..17])] {
                assert!(!text.contains(needle), "{}: {part} shows {needle}:\n{text}", r.what);
            }
        }
        for name in &people.names {
            assert!(!text.contains(name.as_str()), "{}: {part} shows the name {name}:\n{text}", r.what);
        }
    }
}

fn masked(id: &str) -> String {
    format!("{}***********{}", &id[..3], &id[14..])
}

fn pid(id: &str) -> String {
    Pseudonym::keyed(KEY.as_bytes()).unwrap().cell(id)
}

/// Every command and output format, each a (arguments, files written) pair.
fn every_output(broken: bool) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    let mut runs: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for format in ["table", "json", "jsonl", "csv", "markdown", "junit", "github"] {
        runs.push((vec!["check", "data", "--lang", "zh", "--format", format], vec![]));
    }
    runs.push((vec!["check", "data", "--lang", "en", "--keep-going"], vec![]));
    runs.push((
        vec!["check", "data", "-o", "o.json", "-o", "o.jsonl", "-o", "o.csv", "-o", "o.md", "-o", "o.xml"],
        vec!["o.json", "o.jsonl", "o.csv", "o.md", "o.xml"],
    ));
    runs.push((vec!["explain", "T18.dual-qualified", "data", "--school", LIAOYUAN], vec![]));
    runs.push((
        vec!["explain", "T18.dual-qualified", "data", "--school", LIAOYUAN, "--format", "json"],
        vec![],
    ));
    runs.push((
        vec![
            "report",
            "data",
            "-o",
            "r.md",
            "-o",
            "r.html",
            "-o",
            "r.xlsx",
            "-o",
            "rectification=l.xlsx",
            "-o",
            "rectification=l.csv",
        ],
        vec!["r.md", "r.html", "r.xlsx", "rectification=l.xlsx", "rectification=l.csv"],
    ));
    runs.push((vec!["report", "data", "-o", "-"], vec![]));
    if !broken {
        // On invalid data the sheet is not written (exit 3): its stderr is scanned above.
        runs.push((vec!["review-sheet", "data", "-o", "s.xlsx"], vec!["s.xlsx"]));
        runs.push((vec!["review-sheet", "data", "-o", "s.csv"], vec!["s.csv"]));
    } else {
        runs.push((vec!["review-sheet", "data", "-o", "s.csv"], vec![]));
    }
    runs
}

/// Runs every output on one fixture, without a key, with `--pii-key` and with the
/// key in the environment; returns the keyed runs' texts for the two-run check.
fn scan(broken: bool) {
    let dir = tempfile::tempdir().unwrap();
    let people = district(dir.path(), broken);
    let mut plain_named = String::new();
    let mut keyed_named = String::new();
    for (args, files) in every_output(broken) {
        let plain = run(dir.path(), &args, None, &files);
        assert_nothing_personal(&plain, &people);
        let mut with_flag = args.clone();
        with_flag.extend(["--pii-key", KEY]);
        let keyed = run(dir.path(), &with_flag, None, &files);
        assert_nothing_personal(&keyed, &people);
        let from_env = run(dir.path(), &args, Some(KEY), &files);
        assert_nothing_personal(&from_env, &people);
        assert_eq!(plain.code, keyed.code, "{}: a key changes nothing but the names", keyed.what);

        let all = keyed.all();
        assert!(!all.contains("***********"), "{}: a masked number despite the key:\n{all}", keyed.what);
        // The same person gets the same pid in two runs: the flag's and the env's.
        assert_eq!(keyed.all(), from_env.all(), "{}: the env key differs from the flag", keyed.what);
        // Each part that names someone masked names them by pid with the key; every
        // check names the people whose records break a rule, and so does every
        // command on the broken district (its errors are printed whatever the command).
        let mut names_someone = false;
        for ((part, p), (_, k)) in plain.texts.iter().zip(&keyed.texts) {
            let is_masked = p.contains("***********");
            assert_eq!(is_masked, k.contains("pid:"), "{}: {part}:\n{p}\n---\n{k}", keyed.what);
            names_someone |= is_masked;
            // The summary, the lists and the sheets hold aggregates: no person at all.
            if ["report", "review-sheet"].contains(&args[0]) && !["stdout", "stderr"].contains(&part.as_str())
            {
                assert!(!is_masked && !k.contains("pid:"), "{}: {part} names a person:\n{k}", keyed.what);
            }
        }
        if args[0] == "check" || broken {
            assert!(names_someone, "{}: names nobody, so the scan proves nothing", plain.what);
        }
        plain_named.push_str(&plain.all());
        keyed_named.push_str(&all);

        // Where a run names people at all, it names every one a diagnostic is about.
        for person in &people.named {
            let (m, p) = (masked(person), pid(person));
            assert_eq!(plain.all().contains(&m), all.contains(&p), "{}: {m} vs {p}", keyed.what);
        }
    }
    // Every person a record is broken for is named somewhere, masked or by pid.
    for person in &people.named {
        assert!(plain_named.contains(&masked(person)), "{} named nowhere", masked(person));
        assert!(keyed_named.contains(&pid(person)), "{} named nowhere", pid(person));
    }
}

#[test]
fn no_output_shows_an_identity_number_or_a_name_in_a_valid_district() {
    scan(false);
}

#[test]
fn no_output_shows_an_identity_number_or_a_name_in_a_broken_district() {
    scan(true);
}

#[test]
fn the_broken_records_are_named_masked_or_by_pid() {
    let dir = tempfile::tempdir().unwrap();
    let _ = district(dir.path(), true);
    let plain = run(dir.path(), &["check", "data", "--lang", "en"], None, &[]);
    let keyed = run(dir.path(), &["check", "data", "--lang", "en", "--pii-key", KEY], None, &[]);
    assert_eq!(plain.code, Some(3), "{}", plain.all());
    let (p, k) = (plain.all(), keyed.all());
    for code in ["bad-id-number", "duplicate-record", "roster-mismatch", "record-violation"] {
        assert!(p.contains(code) && k.contains(code), "{code} missing:\n{p}");
    }
    let dup = id("19800101", 8);
    assert!(p.contains(&format!("{} appears twice", masked(&dup))), "{p}");
    assert!(k.contains(&format!("{} appears twice", pid(&dup))), "{k}");
    // The mistyped number: masked without a key, the pid of what was typed with one.
    assert!(p.contains(&masked(&typo())), "{p}");
    assert!(k.contains(&pid(&typo())), "{k}");
}

#[test]
fn a_key_shorter_than_sixteen_bytes_is_a_usage_error_and_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let _ = district(dir.path(), false);
    let short = "fifteen-bytes!!";
    let r = run(dir.path(), &["check", "data", "--lang", "en", "--pii-key", short], None, &[]);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(
        r.all().contains("the --pii-key (or WJVET_PII_KEY) is 15 bytes long: it needs at least 16"),
        "{}",
        r.all()
    );
    assert!(!r.all().contains(short), "the key is never shown");
    let r = run(dir.path(), &["report", "data", "-o", "x.md", "--lang", "en"], Some(short), &[]);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(!dir.path().join("x.md").exists());
}

#[test]
fn the_key_is_not_shown_by_help() {
    let r = run(Path::new("."), &["check", "--help"], Some(KEY), &[]);
    assert!(r.all().contains("WJVET_PII_KEY"), "{}", r.all());
    assert!(!r.all().contains(KEY), "{}", r.all());
}

#[test]
fn a_roster_on_standard_input_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let people = district(dir.path(), false);
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wjvet"))
        .current_dir(dir.path())
        .args(["check", "data/annual.csv", "-", "--lang", "en"])
        .env("TMPDIR", tmp.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let roster = std::fs::read(dir.path().join("data/interns.csv")).unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), &roster).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let r = Run {
        what: "wjvet check annual.csv -".into(),
        code: out.status.code(),
        texts: vec![
            ("stdout".into(), String::from_utf8_lossy(&out.stdout).into_owned()),
            ("stderr".into(), String::from_utf8_lossy(&out.stderr).into_owned()),
        ],
    };
    assert!(r.all().contains("<stdin>") && r.all().contains(&masked(&id("20030101", 10))), "{}", r.all());
    assert_nothing_personal(&r, &people);
    let left: Vec<PathBuf> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(left.is_empty(), "the spooled roster is left in the temporary directory: {left:?}");
}

/// A directory `data/` holding 燎原's 2020 annual file, for a roster to be put beside.
fn liaoyuan_annual() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let annual = format!(
        "{}\n{}\n",
        header_for(&["enrolled_students"]).join(","),
        annual_row(LIAOYUAN, &[("enrolled_students", "3000")])
    );
    std::fs::write(data.join("annual.csv"), annual).unwrap();
    (dir, data)
}

#[test]
fn an_identity_number_typed_in_another_column_is_masked_too() {
    // A row shifted by a column puts the number where hours, a date or a grade belong,
    // or in a column with no header; each of those cells is echoed in a diagnostic.
    let (dir, data) = liaoyuan_annual();
    let ids: Vec<String> = (50..54).map(|n| id("20030101", n)).collect();
    let wide = full_width(&ids[1]);
    let spaced = format!("{} {} {}", &ids[2][..6], &ids[2][6..14], &ids[2][14..]);
    let rows = [
        placement(50, &[("每日工作小时", &ids[0])]) + ",",
        placement(51, &[("实习开始日期", &wide)]) + ",",
        placement(52, &[("年级", &spaced)]) + ",",
        placement(53, &[]) + "," + &ids[3],
    ];
    let roster = format!("{INTERN_HEADER},\n{}\n", rows.join("\n"));
    std::fs::write(data.join("interns.csv"), roster).unwrap();
    let people = People {
        ids: vec![
            (ids[0].clone(), ids[0].clone()),
            (wide, ids[1].clone()),
            (spaced, ids[2].clone()),
            (ids[3].clone(), ids[3].clone()),
        ],
        names: (50..54).map(|n| format!("测试乙{n}")).collect(),
        named: Vec::new(),
    };
    for format in ["table", "json"] {
        let plain = run(dir.path(), &["check", "data", "--lang", "en", "--format", format], None, &[]);
        assert_nothing_personal(&plain, &people);
        let keyed = run(dir.path(), &["check", "data", "--format", format, "--pii-key", KEY], None, &[]);
        assert_nothing_personal(&keyed, &people);
        let (p, k) = (plain.all(), keyed.all());
        for code in ["record-violation", "bad-date", "bad-choice", "blank-header"] {
            assert!(p.contains(code), "{code} missing:\n{p}");
        }
        assert!(p.contains(&masked(&ids[0])) && p.contains(&masked(&ids[3])), "{p}");
        assert!(k.contains(&pid(&ids[0])) && !k.contains("***********"), "{k}");
    }
}

#[test]
fn a_name_typed_in_the_identity_column_is_not_shown() {
    // bad-id-number echoes the cell masked; its first characters were kept whatever
    // they were, so a name typed before the number, or a long name alone, showed.
    let (dir, data) = liaoyuan_annual();
    let with_name = format!("欧阳娜娜 {}", id("20030101", 60));
    let rows =
        [placement(60, &[("身份证号", &with_name)]), placement(61, &[("身份证号", "阿卜杜热合曼·买买提")])];
    std::fs::write(data.join("interns.csv"), interns(&rows)).unwrap();
    let r = run(dir.path(), &["check", "data", "--lang", "en"], None, &[]);
    let all = r.all();
    assert_eq!(all.matches("bad-id-number").count(), 2, "{all}");
    for part in ["欧阳", "阿卜杜", "买买提"] {
        assert!(!all.contains(part), "{part} shown:\n{all}");
    }
}
