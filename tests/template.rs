//! The template round trip: generate it, fill it as a clerk would, check it, and get
//! exactly the results of the same data sent as a plain CSV.

use std::collections::HashMap;
use std::path::PathBuf;

use rust_xlsxwriter::ExcelDateTime;
use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::lang::Lang;
use wjvet::plan::{Plan, Registry};
use wjvet::template::{self, TemplateOptions, xlsx};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn plan_and_registry() -> (Plan, Registry) {
    let plan = wjvet::plan::load(None).unwrap();
    let registry = wjvet::plan::load_registry(&plan, Some(&root().join("examples/registry.toml"))).unwrap();
    (plan, registry)
}

fn results(path: PathBuf) -> serde_json::Value {
    let opts = CheckOptions {
        registry: Some(root().join("examples/registry.toml")),
        paths: vec![path.clone()],
        ..CheckOptions::default()
    };
    let report = match check::run(&opts) {
        Outcome::Evaluated(r) => r,
        Outcome::DataInvalid { diagnostics, .. } => {
            let all: Vec<String> = diagnostics.items().iter().map(|d| d.render(Lang::En)).collect();
            panic!("{} invalid:\n{}", path.display(), all.join("\n"))
        }
        Outcome::PlanInvalid(_) | Outcome::ConfigInvalid(_) => panic!("plan or configuration invalid"),
    };
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics.items());
    let mut out = Vec::new();
    wjvet::render::json::write(&mut out, &report, Lang::En).unwrap();
    let mut doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // Where each row sat (file and row) is not part of what the data says.
    for r in doc["results"].as_array_mut().into_iter().flatten() {
        r.as_object_mut().map(|o| (o.remove("file"), o.remove("row")));
    }
    doc["results"].clone()
}

/// The reference data (tests/fixtures/input/utf8.csv) as header -> cell, per row.
fn reference_rows() -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/input/utf8.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| header.iter().zip(l.split(',')).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

#[test]
fn a_filled_csv_template_checks_like_the_original() {
    let (plan, registry) = plan_and_registry();
    let mut out = Vec::new();
    template::csv::write(&mut out, &plan, &registry, &TemplateOptions::default()).unwrap();
    assert!(out.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM, so Excel opens it");
    let text = String::from_utf8(out).unwrap();
    let header: Vec<String> =
        text.trim_start_matches('\u{feff}').lines().next().unwrap().split(',').map(String::from).collect();
    assert_eq!(header.len(), plan.fields.len() + 3);
    let mut filled = text.clone();
    for row in reference_rows() {
        let cells: Vec<&str> = header.iter().map(|h| row.get(h).map_or("", String::as_str)).collect();
        filled.push_str(&cells.join(","));
        filled.push_str("\r\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filled.csv");
    std::fs::write(&path, filled).unwrap();
    assert_eq!(results(path), results(root().join("tests/fixtures/input/utf8.csv")));
}

#[test]
fn a_filled_xlsx_template_checks_like_the_original() {
    let (plan, registry) = plan_and_registry();
    let mut wb = xlsx::workbook(&plan, &registry, &TemplateOptions::default()).unwrap();
    let cols = template::columns(&plan);
    let headers: Vec<String> = cols.iter().map(|c| c.header(&plan)).collect();
    let ws = wb.worksheet_from_name(xlsx::DATA_SHEET).unwrap();
    // Fill as Excel would store what a clerk types: numbers, dates, text.
    for (r, row) in reference_rows().iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap();
        for (c, h) in headers.iter().enumerate() {
            let c = u16::try_from(c).unwrap();
            let Some(v) = row.get(h).filter(|v| !v.is_empty()) else { continue };
            let date: Vec<&str> = v.split('/').collect();
            if h == "学校标识码" {
                ws.write_string(r, c, v).unwrap();
            } else if let Ok(n) = v.parse::<f64>() {
                ws.write_number(r, c, n).unwrap();
            } else if date.len() == 3 {
                let [y, m, d] = [date[0], date[1], date[2]].map(|p| p.parse::<u16>().unwrap());
                let dt =
                    ExcelDateTime::from_ymd(y, u8::try_from(m).unwrap(), u8::try_from(d).unwrap()).unwrap();
                ws.write_datetime(r, c, dt).unwrap();
            } else {
                ws.write_string(r, c, v).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filled.xlsx");
    wb.save(&path).unwrap();
    assert_eq!(results(path), results(root().join("tests/fixtures/input/utf8.csv")));
}

#[test]
fn the_template_is_prefilled_for_a_year() {
    let (plan, registry) = plan_and_registry();
    let opts = TemplateOptions { year: Some(2020) };
    let mut out = Vec::new();
    template::csv::write(&mut out, &plan, &registry, &opts).unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), registry.institutions.len());
    assert!(rows.iter().any(|r| r.starts_with("温江区燎原职业技术学校,2020,公办中职,5101150001,")), "{text}");
    // An untouched pre-filled workbook is read back: every row, no diagnostics
    // beyond the missing values it is meant to collect.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.xlsx");
    let mut file = std::fs::File::create(&path).unwrap();
    xlsx::write(&mut file, &plan, &registry, &opts).unwrap();
    drop(file);
    let r = results(path);
    assert!(r.as_array().unwrap().iter().all(|f| f["year"] == 2020));
}

#[test]
fn the_guide_sheet_explains_every_field() {
    let (plan, registry) = plan_and_registry();
    let mut out = Vec::new();
    xlsx::write(&mut out, &plan, &registry, &TemplateOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    std::fs::write(&path, out).unwrap();
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), [xlsx::DATA_SHEET, xlsx::GUIDE_SHEET]);
    let guide = book.worksheet_range(xlsx::GUIDE_SHEET).unwrap();
    let keys: Vec<String> = guide.rows().skip(1).map(|r| r[2].to_string()).collect();
    for f in &plan.fields {
        assert!(keys.contains(&f.key), "{} missing from 填表说明", f.key);
    }
}
