//! Property tests of the readers with generated and mutated input: no panic, and no
//! silent acceptance. A generated CSV or workbook reads back exactly as written;
//! every non-blank data row of a generated submission becomes a row or a
//! diagnostic; a mutated or truncated workbook is either refused with an error or
//! read exactly as the intact one. Case counts are modest so the suite stays fast;
//! `fuzz/` runs the same readers for as long as one likes (docs/fuzzing.md).

#[path = "hostile/package.rs"]
mod package;

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::sample::select;
use wjvet::data::fuzz;
use wjvet::diag::Level;

/// Characters clerks type, and those that break naive readers.
const CHARS: &[char] = &[
    'a', 'Z', '0', '7', '.', '-', '%', ' ', '　', ',', '"', '\'', '\n', '\r', ';', '燎', '原', '职', '中',
    '年', '是', '否', '１', '５', '０', '，', '#', '=', '\\', '/', '€', '😀',
];

fn cell() -> impl Strategy<Value = String> {
    prop::collection::vec(select(CHARS), 0..6).prop_map(|c| c.into_iter().collect())
}

fn grid() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(cell(), 1..5), 1..8)
}

fn csv_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

fn trimmed(cells: &[String]) -> Vec<String> {
    let mut c = cells.to_vec();
    while c.last().is_some_and(String::is_empty) {
        c.pop();
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_generated_csv_reads_back_exactly(mut rows in grid()) {
        // A first line with tabs and no comma would be read as tab-separated.
        rows[0][0].insert(0, 'h');
        let read = fuzz::csv(&csv_bytes(&rows));
        prop_assert!(!read.diagnostics.has_errors(), "{:?}", read.diagnostics.items());
        prop_assert_eq!(read.rows.len(), rows.len());
        for (i, (line, cells)) in read.rows.iter().enumerate() {
            prop_assert_eq!(*line as usize, i + 1);
            prop_assert_eq!(cells, &rows[i]);
        }
    }

    #[test]
    fn any_bytes_read_as_csv_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let read = fuzz::csv(&bytes);
        // Rows come out in order, each where Excel would show it.
        prop_assert!(read.rows.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn any_text_parses_as_a_cell_without_panic(text in ".{0,12}") {
        fuzz::cell(&text);
    }
}

/// Schools, years and numbers as a generated submission holds them, some unusable.
fn data_row() -> impl Strategy<Value = Vec<String>> {
    (
        select(vec!["燎原职中", "温江二中", "", " ", "某校", "燎原职中 "]),
        select(vec!["2019", "2020", "２０２０", "", "二〇二〇", "20", "2020.5"]),
        select(vec!["", "12", "-1", "1.5", "十二", "12人", "1,200"]),
    )
        .prop_map(|(s, y, n)| vec![s.to_string(), y.to_string(), n.to_string()])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_non_blank_csv_row_becomes_a_row_or_a_diagnostic(rows in prop::collection::vec(data_row(), 1..12)) {
        let mut all = vec![vec!["学校名称".to_string(), "年度".into(), "专任教师数".into()]];
        all.extend(rows.iter().cloned());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, csv_bytes(&all)).unwrap();
        let plan = wjvet::plan::load(None).unwrap();
        let registry = wjvet::plan::load_registry(&plan, None).unwrap();
        let loaded = wjvet::data::load(&plan, registry, &[path], 10_000);
        let file = &loaded.dataset.files[0];
        prop_assert_eq!(file.rows_read, file.rows_used + file.rows_skipped);
        for (i, r) in rows.iter().enumerate() {
            let line = u32::try_from(i + 2).unwrap();
            if r.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let as_row = loaded.dataset.rows.iter().any(|row| row.line == line);
            let diagnosed = loaded.diagnostics.items().iter().any(|d| d.location.row == Some(line));
            prop_assert!(as_row || diagnosed, "row {} {:?} vanished", line, r);
        }
    }
}

/// Writes `rows` as a workbook the way Excel stores what a clerk types: whole
/// numbers as number cells, the rest as text.
fn workbook(rows: &[Vec<String>], dir: &tempfile::TempDir) -> PathBuf {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            match v.parse::<u32>() {
                Ok(n) if !v.starts_with('0') => ws.write_number(r, c, f64::from(n)).map(|_| ()),
                _ if v.is_empty() => Ok(()),
                _ => ws.write_string(r, c, v).map(|_| ()),
            }
            .unwrap();
        }
    }
    let path = dir.path().join("s.xlsx");
    wb.save(&path).unwrap();
    path
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn a_generated_workbook_reads_back_exactly(mut rows in grid()) {
        rows[0][0] = "学校名称".into();
        // Text cells as Excel keeps them: no carriage returns (they become _x000D_).
        for c in rows.iter_mut().flatten() {
            c.retain(|ch| ch != '\r');
        }
        let dir = tempfile::tempdir().unwrap();
        let read = fuzz::workbook(&workbook(&rows, &dir));
        prop_assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics.items());
        let last = rows.iter().rposition(|r| r.iter().any(|c| !c.is_empty())).unwrap_or(0);
        prop_assert_eq!(read.rows.len(), last + 1);
        for (i, (line, cells)) in read.rows.iter().enumerate() {
            prop_assert_eq!(*line as usize, i + 1);
            prop_assert_eq!(trimmed(cells), trimmed(&rows[i]));
        }
    }
}

/// What reading the workbook at `path` gave: its rows, or `None` when refused.
fn outcome(path: &std::path::Path) -> Option<Vec<(u32, Vec<String>)>> {
    let read = fuzz::workbook(path);
    let refused = read.diagnostics.items().iter().any(|d| d.level == Level::Error);
    (!refused).then_some(read.rows)
}

fn intact() -> Vec<u8> {
    let rows = package::plain_rows()
        + &package::row(3, &[package::text("A3", "温江二中"), package::num("B3", 2019.0)]);
    package::Book {
        rows,
        after: r#"<mergeCells count="1"><mergeCell ref="A3:A4"/></mergeCells>"#.into(),
        shared: Some(package::shared("1", &["未用"])),
        ..package::Book::default()
    }
    .bytes()
}

/// One way to damage a file.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    Set { at: usize, byte: u8 },
    Truncate { to: usize },
    Cut { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Set { at, byte }),
        any::<usize>().prop_map(|to| Mutation::Truncate { to }),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Cut { at, len }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len();
    if n == 0 {
        return; // an earlier mutation truncated the file to nothing
    }
    match *m {
        Mutation::Flip { at, bit } => bytes[at % n] ^= 1 << bit,
        Mutation::Set { at, byte } => bytes[at % n] = byte,
        Mutation::Truncate { to } => bytes.truncate(to % n),
        Mutation::Cut { at, len } => {
            let at = at % n;
            bytes.drain(at..(at + len).min(n));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_mutated_workbook_is_refused_or_read_as_the_intact_one(ms in prop::collection::vec(mutation(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.xlsx");
        let bad = dir.path().join("bad.xlsx");
        let mut bytes = intact();
        std::fs::write(&good, &bytes).unwrap();
        let expected = outcome(&good);
        prop_assert!(expected.is_some());
        for m in &ms {
            apply(&mut bytes, m);
        }
        std::fs::write(&bad, &bytes).unwrap();
        if let Some(rows) = outcome(&bad) {
            prop_assert_eq!(Some(rows), expected);
        }
    }
}
