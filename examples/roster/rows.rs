//! Synthetic roster rows (学生实习信息表 and 教师信息表) for the roster benchmark,
//! one row at a time so that the writer's memory stays flat however many rows are
//! asked for. Shared by `examples/gen_roster.rs` and `tests/gen_roster.rs`.
//!
//! Key decision: every row is drawn from one fixed-seed xorshift, so the same
//! arguments always give the same bytes, and the deliberate faults are counted by
//! the generator itself ([`Fault`]) so a test can hold the rates to what the
//! benchmark claims: about 2% of placements break exactly one regulation rule and
//! about 0.1% of rows carry an identity number whose check digit is wrong; no host
//! takes more than 10% of its staff. Schools
//! are named `示例省第{i}职业学校` over the indices `gen_province` makes vocational
//! (`i % 10 < 8`), so roster rows match a generated province's annual rows.

#![allow(dead_code)] // each includer uses part of it

use chrono::{Datelike, Months, NaiveDate};

/// The teacher roster's headers, in order (the core owner's fixed labels).
pub const TEACHER_HEADERS: [&str; 14] = [
    "学校名称",
    "年度",
    "工号",
    "姓名",
    "身份证号",
    "岗位类型",
    "专业课教师",
    "教师资格证种类",
    "最高学历",
    "双师型认定等级",
    "双师型认定日期",
    "双师型有效期至",
    "企业引进人才",
    "企业实践天数",
];

/// The internship roster's headers, in order.
pub const INTERNSHIP_HEADERS: [&str; 20] = [
    "学校名称",
    "年度",
    "学号",
    "姓名",
    "身份证号",
    "年级",
    "出生日期",
    "实习类型",
    "实习单位",
    "实习单位在岗职工数",
    "实习开始日期",
    "实习结束日期",
    "签订三方协议",
    "协议签订日期",
    "实习责任保险",
    "每日工作小时",
    "每周工作小时",
    "夜班",
    "实习报酬（元/月）",
    "同岗位试用期工资（元/月）",
];

/// Columns written as numbers in a workbook (counts and decimals), by header.
pub fn numeric(header: &str) -> bool {
    matches!(
        header,
        "年度"
            | "企业实践天数"
            | "实习单位在岗职工数"
            | "每日工作小时"
            | "每周工作小时"
            | "实习报酬（元/月）"
            | "同岗位试用期工资（元/月）"
    )
}

/// The years every roster covers.
pub const YEARS: [i32; 3] = [2019, 2020, 2021];

/// The one regulation rule a faulty placement breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Breach {
    NineHoursADay,
    NightShift,
    Underpaid,
    LateAgreement,
    Uninsured,
    FirstYear,
    UnderSixteen,
    OverSixMonths,
}

impl Breach {
    pub const ALL: [Breach; 8] = [
        Breach::NineHoursADay,
        Breach::NightShift,
        Breach::Underpaid,
        Breach::LateAgreement,
        Breach::Uninsured,
        Breach::FirstYear,
        Breach::UnderSixteen,
        Breach::OverSixMonths,
    ];
}

/// What the generator did wrong on purpose in one row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fault {
    pub breach: Option<Breach>,
    pub bad_id: bool,
}

/// xorshift64*: a few lines instead of a dependency.
#[derive(Debug)]
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// The school index after `i` that `gen_province` makes vocational (0–4 public,
/// 5–7 private, 8–9 general high school in every ten).
fn vocational(i: u64) -> u64 {
    i / 8 * 10 + i % 8
}

fn school_name(i: u64) -> String {
    format!("示例省第{}职业学校", vocational(i))
}

fn date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// An 18-character identity number in the fake region 99xxxx, valid unless `bad`.
pub fn id_number(rng: &mut XorShift, born: NaiveDate, bad: bool) -> String {
    let mut s = format!(
        "99{:04}{:04}{:02}{:02}{:03}",
        rng.below(10_000),
        born.year(),
        born.month(),
        born.day(),
        rng.below(1000)
    );
    let check = wjvet::pii::check_char(s.as_bytes());
    let c = if bad {
        // Any other check character: a one-digit typo.
        let all = b"0123456789X";
        let at = all.iter().position(|&b| b == check).unwrap_or(0);
        all[(at + 1 + rng.below(10) as usize) % 11]
    } else {
        check
    };
    s.push(char::from(c));
    s
}

const SURNAME: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
const GIVEN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn name(rng: &mut XorShift) -> String {
    format!("测试{}{}", rng.pick(&SURNAME), rng.pick(&GIVEN))
}

fn day_in(rng: &mut XorShift, year: i32, months: std::ops::RangeInclusive<u32>) -> NaiveDate {
    let span = u64::from(months.end() - months.start() + 1);
    let month = months.start() + rng.below(span) as u32;
    NaiveDate::from_ymd_opt(year, month, 1 + rng.below(28) as u32).unwrap()
}

/// Someone `age` whole years old on `on` (born up to 300 days after the birthday).
fn born_aged(rng: &mut XorShift, on: NaiveDate, age: i32) -> NaiveDate {
    let birthday = on.with_day(on.day().min(28)).unwrap().with_year(on.year() - age).unwrap();
    birthday - chrono::Days::new(rng.below(300))
}

/// Rows for one roster, school by school and year by year, `n` in all.
#[derive(Debug)]
pub struct Rows {
    rng: XorShift,
    kind: Kind,
    left: u64,
    school: u64,
    year: usize,
    in_block: u64,
    seq: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Internships,
    Teachers,
}

impl Rows {
    pub fn new(kind: Kind, n: u64) -> Rows {
        let mut rows =
            Rows { rng: XorShift::new(20_201_231), kind, left: n, school: 0, year: 0, in_block: 0, seq: 0 };
        rows.in_block = rows.block_size();
        rows
    }

    pub fn headers(&self) -> &'static [&'static str] {
        match self.kind {
            Kind::Internships => &INTERNSHIP_HEADERS,
            Kind::Teachers => &TEACHER_HEADERS,
        }
    }

    /// Rows per school and year: 600–999 placements (about 400 schools per
    /// million rows), 120–219 teachers.
    fn block_size(&mut self) -> u64 {
        match self.kind {
            Kind::Internships => 600 + self.rng.below(400),
            Kind::Teachers => 120 + self.rng.below(100),
        }
    }

    /// Fills `out` with the next row's cells; `None` once `n` rows are written.
    pub fn next_into(&mut self, out: &mut Vec<String>) -> Option<Fault> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        if self.in_block == 0 {
            self.seq = 0;
            self.year += 1;
            if self.year == YEARS.len() {
                self.year = 0;
                self.school += 1;
            }
            self.in_block = self.block_size();
        }
        self.in_block -= 1;
        self.seq += 1;
        out.clear();
        out.push(school_name(self.school));
        out.push(YEARS[self.year].to_string());
        Some(match self.kind {
            Kind::Internships => self.placement(out),
            Kind::Teachers => self.teacher(out),
        })
    }

    fn placement(&mut self, out: &mut Vec<String>) -> Fault {
        let year = YEARS[self.year];
        let rng = &mut self.rng;
        let breach = (rng.below(1000) < 20).then(|| Breach::ALL[rng.below(8) as usize]);
        let bad_id = rng.below(1000) == 0;
        let b = |x: Breach| breach == Some(x);

        // The regulation's rules are about 岗位实习, so a breach is always one.
        let on_job = breach.is_some() || rng.below(100) < 85;
        let grade = if b(Breach::FirstYear) {
            "一年级"
        } else if on_job {
            if rng.below(10) < 8 { "三年级" } else { "二年级" }
        } else if rng.below(2) == 0 {
            "一年级"
        } else {
            "二年级"
        };
        let start = day_in(rng, year, 1..=9);
        let months = if b(Breach::OverSixMonths) { 7 + rng.below(3) } else { 1 + rng.below(6) } as u32;
        let end = start.checked_add_months(Months::new(months)).unwrap().pred_opt().unwrap();
        let age = if b(Breach::UnderSixteen) { 15 } else { 16 + rng.below(3) as i32 };
        let born = born_aged(rng, start, age);
        let signed = if b(Breach::LateAgreement) {
            start + chrono::Days::new(1 + rng.below(20))
        } else {
            start - chrono::Days::new(1 + rng.below(30))
        };
        let (daily, weekly) = if b(Breach::NineHoursADay) {
            ("9", "36")
        } else {
            *[("6", "30"), ("7", "35"), ("7.5", "37.5"), ("8", "40")].get(rng.below(4) as usize).unwrap()
        };
        let wage = 2000 + 100 * rng.below(26);
        let percent = if b(Breach::Underpaid) { 60 + rng.below(16) } else { 80 + rng.below(21) };
        let pay = (wage * percent).div_ceil(100);

        out.push(format!("{}{:05}{:04}", year - 2, vocational(self.school), self.seq));
        out.push(name(rng));
        out.push(id_number(rng, born, bad_id));
        out.push(grade.to_string());
        // A fifth of clerks fill the birth date in; blank means "from the number".
        out.push(if rng.below(5) == 0 { date(born) } else { String::new() });
        out.push(if on_job { "岗位实习" } else { "认识实习" }.to_string());
        // Forty hosts per school, each with a fixed staff of 400–4999: at most about
        // 35 interns a year each, under the 10% limit, as wjvet counts hosts
        // across schools per year.
        let host = vocational(self.school) * 40 + rng.below(40);
        out.push(format!("示例实业{host}有限公司"));
        out.push((400 + host.wrapping_mul(2_654_435_761) % 4600).to_string());
        out.push(date(start));
        out.push(date(end));
        out.push("是".to_string());
        out.push(date(signed));
        out.push(if b(Breach::Uninsured) { "否" } else { "是" }.to_string());
        out.push(daily.to_string());
        out.push(weekly.to_string());
        out.push(if b(Breach::NightShift) { "是" } else { "否" }.to_string());
        out.push(pay.to_string());
        out.push(wage.to_string());
        Fault { breach, bad_id }
    }

    fn teacher(&mut self, out: &mut Vec<String>) -> Fault {
        let year = YEARS[self.year];
        let rng = &mut self.rng;
        let bad_id = rng.below(1000) == 0;
        let fulltime = rng.below(100) < 85;
        let professional = rng.below(100) < 60;
        let born_year = 1960 + rng.below(37) as i32;
        let born = day_in(rng, born_year, 1..=12);
        out.push(format!("T{:05}{:04}", vocational(self.school), self.seq));
        out.push(name(rng));
        out.push(id_number(rng, born, bad_id));
        out.push(if fulltime { "专任" } else { "兼职" }.to_string());
        out.push(if professional { "是" } else { "否" }.to_string());
        out.push(
            rng.pick(&[
                "中等职业学校",
                "中等职业学校",
                "中职实习指导",
                "高级中学",
                "高等学校",
                "初级中学",
                "无",
            ])
            .to_string(),
        );
        out.push(rng.pick(&["研究生", "本科", "本科", "本科", "专科", "高中及以下"]).to_string());
        if professional && rng.below(10) < 6 {
            let from_year = year - rng.below(6) as i32;
            let from = day_in(rng, from_year, 1..=12);
            let until = from.checked_add_months(Months::new(60)).unwrap().pred_opt().unwrap();
            out.push(rng.pick(&["初级", "中级", "中级", "高级"]).to_string());
            out.push(date(from));
            out.push(date(until));
        } else {
            out.extend([String::new(), String::new(), String::new()]);
        }
        out.push(if !fulltime && rng.below(10) < 8 { "是" } else { "否" }.to_string());
        out.push(if professional { rng.below(61) } else { 0 }.to_string());
        Fault { breach: None, bad_id }
    }
}
