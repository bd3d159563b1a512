//! Helpers shared by the integration tests: write small submissions to a temporary
//! directory and run a check on them through the library; run the built binary, as
//! is or under a memory limit.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

use wjvet::check::{self, CheckOptions, Outcome};
use wjvet::eval::{Finding, Status};
use wjvet::report::Report;

/// A temporary directory holding test submissions.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    files: Vec<PathBuf>,
    registry: Option<PathBuf>,
    plan: Option<PathBuf>,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture { dir: tempfile::tempdir().unwrap(), files: Vec::new(), registry: None, plan: None }
    }

    /// Writes a CSV built from a header and rows of cells.
    pub fn csv(self, name: &str, header: &[&str], rows: &[Vec<String>]) -> Fixture {
        let mut text = header.join(",");
        text.push('\n');
        for r in rows {
            text.push_str(&r.join(","));
            text.push('\n');
        }
        self.raw(name, text.as_bytes())
    }

    /// Writes each (name, text) file.
    pub fn files(self, files: &[(&str, String)]) -> Fixture {
        files.iter().fold(self, |fx, (name, text)| fx.raw(name, text.as_bytes()))
    }

    /// The files written so far, in order.
    pub fn paths(&self) -> &[PathBuf] {
        &self.files
    }

    /// Writes a file with exactly these bytes.
    pub fn raw(mut self, name: &str, bytes: &[u8]) -> Fixture {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        self.files.push(p);
        self
    }

    /// Writes a registry listing these (id, name, type) institutions.
    pub fn registry(mut self, entries: &[(&str, &str, &str)]) -> Fixture {
        let mut text = String::new();
        for (id, name, t) in entries {
            text.push_str(&format!("[[institutions]]\nid = \"{id}\"\nname = \"{name}\"\ntype = \"{t}\"\n\n"));
        }
        let p = self.dir.path().join("registry.toml");
        std::fs::write(&p, text).unwrap();
        self.registry = Some(p);
        self
    }

    /// Writes `text` as plan.toml; the check then uses this plan, not the embedded one.
    pub fn plan(mut self, text: &str) -> Fixture {
        let p = self.dir.path().join("plan.toml");
        std::fs::write(&p, text).unwrap();
        self.plan = Some(p);
        self
    }

    pub fn options(&self, year: Option<i32>, as_of: Option<&str>) -> CheckOptions {
        CheckOptions {
            plan: self.plan.clone(),
            registry: self.registry.clone(),
            paths: self.files.clone(),
            year,
            as_of: as_of.map(|d| d.parse().unwrap()),
            ..CheckOptions::default()
        }
    }

    pub fn outcome(&self, year: Option<i32>, as_of: Option<&str>) -> Outcome {
        check::run(&self.options(year, as_of))
    }

    /// Runs the check and expects it to evaluate.
    pub fn report(&self, year: Option<i32>, as_of: Option<&str>) -> Report {
        match self.outcome(year, as_of) {
            Outcome::Evaluated(r) => *r,
            Outcome::DataInvalid { diagnostics, .. } => {
                let all: Vec<String> =
                    diagnostics.items().iter().map(|d| d.render(wjvet::lang::Lang::En)).collect();
                panic!("data invalid:\n{}", all.join("\n"))
            }
            Outcome::PlanInvalid(_) | Outcome::ConfigInvalid(_) => panic!("plan or configuration invalid"),
        }
    }
}

/// One row for a school: identity cells then `key=value` pairs, for a header made by
/// [`header_for`].
pub fn row(school: &str, year: i32, school_type: &str, cells: &[(&str, &str)], keys: &[&str]) -> Vec<String> {
    let mut out = vec![school.to_string(), year.to_string(), school_type.to_string()];
    for k in keys {
        out.push(cells.iter().find(|(key, _)| key == k).map(|(_, v)| v.to_string()).unwrap_or_default());
    }
    out
}

/// The header for `row`: the identity columns then these field keys.
pub fn header_for<'a>(keys: &[&'a str]) -> Vec<&'a str> {
    let mut h = vec!["school", "year", "school_type"];
    h.extend_from_slice(keys);
    h
}

/// The finding of `rule` for `school` (`None` = district).
pub fn finding<'a>(report: &'a Report, rule: &str, school: Option<&str>) -> &'a Finding {
    report
        .findings
        .iter()
        .find(|f| report.rule(f).id == rule && report.school(f) == school)
        .unwrap_or_else(|| panic!("no finding for {rule} / {school:?}"))
}

/// A finding's sentence in English.
pub fn en(report: &Report, f: &Finding) -> String {
    f.sentence(&report.plan, wjvet::lang::Lang::En)
}

pub fn status(report: &Report, rule: &str, school: Option<&str>) -> Status {
    finding(report, rule, school).status
}

/// A single-school submission with the given cells, checked as of the given date.
pub fn one_school(
    school: &str,
    school_type: &str,
    year: i32,
    cells: &[(&str, &str)],
    as_of: Option<&str>,
) -> Report {
    let keys: Vec<&str> = cells.iter().map(|(k, _)| *k).collect();
    let header = header_for(&keys);
    Fixture::new()
        .csv("s.csv", &header, &[row(school, year, school_type, cells, &keys)])
        .report(Some(year), as_of)
}

pub const LIAOYUAN: &str = "温江区燎原职业技术学校";
pub const NO2: &str = "温江二中";

impl Fixture {
    /// Writes a workbook built by `build` (rust_xlsxwriter), as a clerk's Excel would.
    pub fn xlsx(mut self, name: &str, build: impl FnOnce(&mut rust_xlsxwriter::Workbook)) -> Fixture {
        let mut wb = rust_xlsxwriter::Workbook::new();
        build(&mut wb);
        let p = self.dir.path().join(name);
        wb.save(&p).unwrap();
        self.files.push(p);
        self
    }
}

// ---- rosters (issue 11) ----

/// A valid identity number for a person born on `birth` (yyyymmdd), number `n`.
pub fn id(birth: &str, n: u32) -> String {
    let first17 = format!("990000{birth}{:03}", n % 1000);
    let check = wjvet::pii::check_char(first17.as_bytes()) as char;
    format!("{first17}{check}")
}

pub const TEACHER_HEADER: &str = "学校名称,年度,工号,姓名,身份证号,岗位类型,专业课教师,教师资格证种类,最高学历,双师型认定等级,双师型认定日期,双师型有效期至,企业引进人才,企业实践天数";
pub const INTERN_HEADER: &str = "学校名称,年度,学号,姓名,身份证号,年级,出生日期,实习类型,实习单位,实习单位在岗职工数,实习开始日期,实习结束日期,签订三方协议,协议签订日期,实习责任保险,每日工作小时,每周工作小时,夜班,实习报酬（元/月）,同岗位试用期工资（元/月）";

/// The annual CSV of Liaoyuan (公办中职) in 2020 with these (key, value) cells, for
/// rosters to be checked against.
pub fn annual(cells: &[(&str, &str)]) -> String {
    let keys: Vec<&str> = cells.iter().map(|(k, _)| *k).collect();
    let header = header_for(&keys).join(",");
    format!("{header}\n{}\n", row(LIAOYUAN, 2020, "公办中职", cells, &keys).join(","))
}

/// A teacher roster holding these rows (see [`teacher`]).
pub fn teachers(rows: &[String]) -> String {
    format!("{TEACHER_HEADER}\n{}\n", rows.join("\n"))
}

/// An internship roster holding these rows (see [`placement`]).
pub fn interns(rows: &[String]) -> String {
    format!("{INTERN_HEADER}\n{}\n", rows.join("\n"))
}

/// A teacher row: full-time professional teacher, degree 本科, certificate 中等职业学校,
/// dual-qualified valid `from..until` (empty strings for none).
pub fn teacher(n: u32, from: &str, until: &str) -> String {
    let level = if from.is_empty() { "" } else { "中级" };
    format!(
        "{LIAOYUAN},2020,T{n},测试甲{n},{},专任,是,中等职业学校,本科,{level},{from},{until},否,10",
        id("19800101", n)
    )
}

/// A lawful 岗位实习 placement; `edit` changes cells by header.
pub fn placement(n: u32, edit: &[(&str, &str)]) -> String {
    let header: Vec<&str> = INTERN_HEADER.split(',').collect();
    let base = [
        LIAOYUAN.to_string(),
        "2020".into(),
        format!("S{n}"),
        format!("测试乙{n}"),
        id("20030101", n),
        "二年级".into(),
        String::new(),
        "岗位实习".into(),
        format!("测试企业{n}"),
        "1000".into(),
        "2020-03-01".into(),
        "2020-09-01".into(),
        "是".into(),
        "2020-03-01".into(),
        "是".into(),
        "8".into(),
        "40".into(),
        "否".into(),
        "2400".into(),
        "3000".into(),
    ];
    let mut cells: Vec<String> = base.to_vec();
    for (k, v) in edit {
        let i = header.iter().position(|h| h == k).unwrap_or_else(|| panic!("no column {k}"));
        cells[i] = (*v).to_string();
    }
    cells.join(",")
}

// ---- the built binary ----

/// Runs this build's wjvet with `args` and no colour: its exit code, stdout and
/// stderr.
pub fn wjvet(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wjvet")).args(args).env("NO_COLOR", "1").output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

// Memory tests run the binary under a limit, and may be pointed at another build.

/// The wjvet under test: `WJVET_BIN` when set (to measure another build), else this
/// build's.
pub fn bin() -> String {
    std::env::var("WJVET_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wjvet").to_string())
}

/// [`bin`] with its address space limited to `limit_kib` KiB (`ulimit -v`, through
/// sh); add the arguments and run it.
pub fn wjvet_within(limit_kib: u64) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c").arg(format!("ulimit -v {limit_kib}; exec \"$0\" \"$@\"")).arg(bin());
    c
}
