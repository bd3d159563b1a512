//! A worksheet streamed in two passes gives the rows a sheet read whole gives.
//!
//! An .xlsx whose cells come in order is measured by a first pass and then streamed
//! from a thread in chunks; one whose cells are out of order is still read whole and
//! sorted. So every case here is read twice, once as written and once with the cells
//! of each row reversed (forcing the stored path), and both must give the same rows:
//! a merged area whose first cell is read before the merge is known (merges come
//! after `<sheetData>`), one at the very end of the sheet, blank rows between rows,
//! and sheets long enough to cross many chunks.

#[path = "hostile/package.rs"]
mod package;

use package::{Book, num, row, text};
use wjvet::data::fuzz;

/// (Excel row, cells) of every row read from `book`, and the diagnostics' codes.
fn read(book: &Book) -> (Vec<(u32, Vec<String>)>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.xlsx");
    std::fs::write(&path, book.bytes()).unwrap();
    let out = fuzz::workbook(&path);
    let codes = out.diagnostics.items().iter().map(|d| d.code.name().to_string()).collect();
    (out.rows, codes)
}

/// `rows` (row number, cells) as `<row>` elements, cells in order or reversed.
fn sheet(rows: &[(u32, Vec<String>)], reversed: bool) -> String {
    rows.iter()
        .map(|(n, cells)| {
            let mut cells = cells.clone();
            if reversed {
                cells.reverse();
            }
            row(*n, &cells)
        })
        .collect()
}

/// Reads the rows as written and reversed; asserts both read alike and returns the rows.
fn both(rows: &[(u32, Vec<String>)], after: &str) -> Vec<(u32, Vec<String>)> {
    let book = |reversed| Book { rows: sheet(rows, reversed), after: after.into(), ..Book::default() };
    let (streamed, d1) = read(&book(false));
    let (stored, d2) = read(&book(true));
    assert_eq!(streamed, stored, "streamed and stored reads differ");
    assert_eq!(d1, d2);
    assert!(d1.is_empty(), "{d1:?}");
    streamed
}

fn cells(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_merge_spanning_rows_read_before_it_is_known_fills_them() {
    let rows = vec![
        (1, vec![text("A1", "学校名称"), text("B1", "年度"), text("C1", "人数")]),
        (2, vec![text("A2", "燎原职中"), num("B2", 2019.0), num("C2", 1.0)]),
        (3, vec![num("B3", 2020.0), num("C3", 2.0)]),
        (4, vec![num("B4", 2021.0), num("C4", 3.0)]),
    ];
    let got = both(&rows, r#"<mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>"#);
    assert_eq!(
        got,
        [
            (1, cells(&["学校名称", "年度", "人数"])),
            (2, cells(&["燎原职中", "2019", "1"])),
            (3, cells(&["燎原职中", "2020", "2"])),
            (4, cells(&["燎原职中", "2021", "3"])),
        ]
    );
}

#[test]
fn a_merge_at_the_very_end_fills_the_last_row_and_no_further() {
    let rows = vec![
        (1, vec![text("A1", "学校名称"), text("B1", "年度"), text("C1", "备注")]),
        (2, vec![text("A2", "燎原职中"), num("B2", 2020.0), text("C2", "末尾")]),
    ];
    // C2 merged over D2:XFD1048576 lies past the used area: only C2 shows it.
    let got =
        both(&rows, r#"<mergeCells><mergeCell ref="B2:C2"/><mergeCell ref="C2:XFD1048576"/></mergeCells>"#);
    assert_eq!(got, [(1, cells(&["学校名称", "年度", "备注"])), (2, cells(&["燎原职中", "2020", "末尾"]))]);
}

#[test]
fn blank_rows_between_rows_keep_their_excel_numbers() {
    let rows = vec![
        (3, vec![text("B3", "学校名称"), text("C3", "年度")]),
        (4, vec![text("B4", "燎原职中"), num("C4", 2020.0)]),
        (7, vec![text("B7", "鱼凫职中"), num("C7", 2020.0)]),
    ];
    let got = both(&rows, "");
    let lines: Vec<u32> = got.iter().map(|(n, _)| *n).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7]);
    // Columns start at A, and a blank row is as wide as the others.
    assert_eq!(got[0].1, cells(&["", "学校名称", "年度"]));
    assert_eq!(got[2].1, cells(&["", "", ""]));
    assert_eq!(got[4].1, cells(&["", "鱼凫职中", "2020"]));
}

#[test]
fn cells_out_of_order_are_sorted_and_the_last_write_wins() {
    // Row 3 before row 2, and B2 written twice: read whole, sorted, the later B2 kept.
    let rows = row(1, &[text("A1", "学校名称"), text("B1", "年度")])
        + &row(3, &[text("A3", "鱼凫职中"), num("B3", 2021.0)])
        + &row(2, &[num("B2", 1.0), text("A2", "燎原职中"), num("B2", 2020.0)]);
    let (got, codes) = read(&Book::new(rows));
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(
        got,
        [
            (1, cells(&["学校名称", "年度"])),
            (2, cells(&["燎原职中", "2020"])),
            (3, cells(&["鱼凫职中", "2021"])),
        ]
    );
}

#[test]
fn a_long_sheet_crosses_many_chunks_with_merges_across_them() {
    // 6,000 rows of 5 cells: 30,000 cells, several chunks of 8,192. One school name
    // merged down every 7 rows, so areas start in one chunk and end in the next.
    let mut rows = vec![(1, (0..5).map(|c| text(&format!("{}1", col(c)), &format!("列{c}"))).collect())];
    let mut merges = String::new();
    for n in 2..=6_001u32 {
        let mut cs = Vec::new();
        if (n - 2) % 7 == 0 {
            cs.push(text(&format!("A{n}"), &format!("学校{n}")));
            merges.push_str(&format!(r#"<mergeCell ref="A{n}:A{}"/>"#, (n + 6).min(6_001)));
        }
        for c in 1..5 {
            cs.push(num(&format!("{}{n}", col(c)), f64::from(n * 10 + c)));
        }
        rows.push((n, cs));
    }
    let got = both(&rows, &format!("<mergeCells>{merges}</mergeCells>"));
    assert_eq!(got.len(), 6_001);
    for (i, (n, cs)) in got.iter().enumerate().skip(1) {
        assert_eq!(*n, i as u32 + 1);
        let first = n - (n - 2) % 7;
        assert_eq!(cs[0], format!("学校{first}"), "row {n}");
        assert_eq!(cs[4], (n * 10 + 4).to_string(), "row {n}");
    }
}

fn col(c: u32) -> char {
    char::from(b'A' + u8::try_from(c).unwrap())
}
