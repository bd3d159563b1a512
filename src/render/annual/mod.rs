//! The annual summary's renderers, one file per format (HTML, XLSX, Markdown), and
//! the words they share.
//!
//! The renderers only lay out an [`AnnualReport`]; every heading, column name and
//! derived phrase (a year's value with its incomplete mark, an outlook, a lateness)
//! is worded here once, so the three formats say the same thing in the same words.

mod exempted;
pub mod html;
mod outlook;
mod rule_ids;
pub use outlook::{outlook_cell, outlook_intro, period_ended};
pub mod markdown;
mod signoff;
mod svg;
pub mod xlsx;
mod xlsx_cells;
mod xlsx_lists;
mod xlsx_names;

use crate::annual::{AnnualReport, COLUMNS, Headline, Outlook, Problem, Tally};
use crate::lang::Lang;

/// The formats of `wjvet report`, chosen by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Xlsx,
    Markdown,
}

impl Format {
    /// `.html`/`.htm`, `.xlsx`, `.md`/`.markdown` (any case); `None` otherwise.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Writes `a` in `format`.
pub fn write(
    out: &mut dyn std::io::Write,
    a: &AnnualReport,
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    match format {
        Format::Html => html::write(out, a, lang),
        Format::Xlsx => xlsx::write(out, a, lang),
        Format::Markdown => markdown::write(out, a, lang),
    }
}

/// The report's parts, numbered as the document numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Conclusions,
    Headlines,
    Actions,
    Scorecard,
    Problems,
    Outlook,
    Completeness,
    Exemptions,
    Notes,
}

impl Part {
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Part::Conclusions => lang.pick("总体情况", "Summary"),
            Part::Headlines => lang.pick("一、核心指标完成情况", "1. Headline targets"),
            Part::Actions => {
                lang.pick("二、分行动、分责任科室完成情况", "2. By action and by responsible section")
            }
            Part::Scorecard => lang.pick("三、学校评分表", "3. School scorecard"),
            Part::Problems => lang.pick("四、逾期与未达标事项", "4. Overdue and failing items"),
            Part::Outlook => lang.pick("五、趋势与展望", "5. Trend and outlook"),
            Part::Completeness => lang.pick("六、数据报送完整性", "6. Data completeness"),
            Part::Exemptions => lang.pick("七、豁免事项", "7. Exemptions"),
            Part::Notes => lang.pick("附：说明", "Notes"),
        }
    }
}

/// `《plan》2020 年度督查汇总`.
pub fn title(a: &AnnualReport, lang: Lang) -> String {
    let h = &a.header;
    match lang {
        Lang::Zh => format!("《{}》{} 年度督查汇总", h.plan_title.zh, h.year),
        Lang::En => format!("{}: annual inspection summary {}", h.plan_title.en, h.year),
    }
}

/// The lines under the title: basis, year, evaluation date, coverage, sources.
pub fn facts(a: &AnnualReport, lang: Lang) -> Vec<(String, String)> {
    let h = &a.header;
    let years: Vec<String> = h.years.iter().map(i32::to_string).collect();
    let sep = lang.pick("、", ", ");
    let reporting = match (h.registered, lang) {
        (Some(n), Lang::Zh) => format!("{} 所（名册共 {n} 所）", h.reporting),
        (Some(n), Lang::En) => format!("{} (of {n} in the registry)", h.reporting),
        (None, Lang::Zh) => format!("{} 所（未提供全区名册）", h.reporting),
        (None, Lang::En) => format!("{} (no district registry given)", h.reporting),
    };
    let (period_from, period_to) = h.plan_period;
    let files = h.files.len();
    let rows = h.rows;
    // The sign-off's unit and number head the list: they say whose document it is.
    let mut lines = a.signoff.as_ref().map(|s| signoff::facts(s, lang)).unwrap_or_default();
    lines.extend([
        (
            lang.pick("依据", "Basis").to_string(),
            match lang {
                Lang::Zh => format!("{}（{}，{period_from}—{period_to}）", h.doc_number, h.issuer.zh),
                Lang::En => format!("{} ({}, {period_from}–{period_to})", h.doc_number, h.issuer.en),
            },
        ),
        (lang.pick("报告年度", "Reporting year").to_string(), h.year.to_string()),
        (lang.pick("评估日", "Evaluated as of").to_string(), h.as_of.to_string()),
        (lang.pick("覆盖年度", "Years covered").to_string(), years.join(sep)),
        (lang.pick("报送学校", "Institutions reporting").to_string(), reporting),
        (
            lang.pick("数据", "Data").to_string(),
            match lang {
                Lang::Zh => format!("{files} 个文件，{rows} 行：{}", h.files.join(sep)),
                Lang::En => format!("{files} files, {rows} rows: {}", h.files.join(sep)),
            },
        ),
    ]);
    lines
}

/// The narrative paragraphs with their headings: 主要成效, 存在问题, 整改要求.
pub fn narrative(a: &AnnualReport, lang: Lang) -> [(&'static str, String); 3] {
    let n = &a.narrative;
    let join = |v: &[crate::lang::Text]| {
        let s: Vec<&str> = v.iter().map(|t| t.get(lang)).collect();
        s.join(lang.pick("", " "))
    };
    [
        (lang.pick("主要成效", "Achievements"), join(&n.achievements)),
        (lang.pick("存在问题", "Problems"), join(&n.issues)),
        (lang.pick("整改要求", "Rectification required"), join(&n.requirements)),
    ]
}

/// The tally columns' names, then "exempted".
pub fn tally_header(lang: Lang) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = COLUMNS.iter().map(|s| s.label(lang)).collect();
    v.push(lang.pick("豁免", "exempted"));
    v
}

/// The tally's counts in the order of [`tally_header`].
pub fn tally_row(t: &Tally) -> Vec<usize> {
    let mut v: Vec<usize> = COLUMNS.iter().map(|s| t.get(*s)).collect();
    v.push(t.exempted);
    v
}

/// A year's district value; `*` marks a value that leaves some institution out.
pub fn point_text(h: &Headline, year: i32, lang: Lang) -> String {
    match h.point(year) {
        Some(p) if p.value.is_some() && !p.complete => format!("{}*", h.show_point(p, lang)),
        Some(p) => h.show_point(p, lang),
        None => "—".to_string(),
    }
}

/// The footnote for values marked `*`: who is left out, per year.
pub fn point_notes(h: &Headline, lang: Lang) -> Vec<String> {
    let sep = lang.pick("、", ", ");
    h.points
        .iter()
        .filter(|p| !p.complete)
        .map(|p| {
            let year = p.year;
            let mut parts = Vec::new();
            if !p.absent.is_empty() {
                let n = p.absent.join(sep);
                parts.push(match lang {
                    Lang::Zh => format!("未报送：{n}"),
                    Lang::En => format!("no row from {n}"),
                });
            }
            if !p.unreported.is_empty() {
                let n = p.unreported.join(sep);
                parts.push(match lang {
                    Lang::Zh => format!("漏填：{n}"),
                    Lang::En => format!("cells left empty by {n}"),
                });
            }
            if parts.is_empty() {
                parts.push(
                    lang.pick(
                        "未提供全区名册，无法确认是否覆盖全区",
                        "no registry, so district coverage is unknown",
                    )
                    .to_string(),
                );
            }
            let counted = p.counted;
            match lang {
                Lang::Zh => format!("{year} 年按已报送的 {counted} 所学校计算（{}）", parts.join("；")),
                Lang::En => format!(
                    "{year}: computed over the {counted} institutions reported ({})",
                    parts.join("; ")
                ),
            }
        })
        .collect()
}

/// What the district value is: a sum, or a ratio of sums.
pub fn basis(h: &Headline, lang: Lang) -> &'static str {
    match (h.unit, h.per_school) {
        (crate::num::Unit::Percent, true) => lang.pick("各校合计之比", "ratio of the schools' totals"),
        (crate::num::Unit::Percent, false) => lang.pick("全区合计之比", "ratio of district totals"),
        _ => lang.pick("各校之和", "sum over institutions"),
    }
}

/// `达标学校 2/4`.
pub fn schools_met(h: &Headline, lang: Lang) -> String {
    match h.schools_met {
        Some((met, of)) => match lang {
            Lang::Zh => format!("{met}/{of} 所"),
            Lang::En => format!("{met} of {of}"),
        },
        None => lang.pick("（全区指标）", "(district target)").to_string(),
    }
}

/// The outlook in words: a projection, or why there is none.
pub fn outlook_text(h: &Headline, lang: Lang) -> String {
    match &h.outlook {
        Outlook::Due => lang.pick("已到期，以实际值为准", "due: the actual value decides").to_string(),
        Outlook::TooFewYears { complete } => match lang {
            Lang::Zh => format!("完整年度仅 {complete} 个，不足两个，未作推算"),
            Lang::En => format!("only {complete} complete year(s): too few to project"),
        },
        Outlook::Projected { met: true, .. } => lang.pick("推算可如期达标", "projected on track").to_string(),
        Outlook::Projected { met: false, .. } => lang.pick("推算存在风险", "projected at risk").to_string(),
    }
}

/// `2018、2019 → 2020：86.4%`.
pub fn projection_text(h: &Headline, lang: Lang) -> String {
    match &h.outlook {
        Outlook::Projected { year, value, from, .. } => {
            let from: Vec<String> = from.iter().map(i32::to_string).collect();
            format!(
                "{} → {year}{} {}",
                from.join(lang.pick("、", ", ")),
                lang.pick("：", ":"),
                h.show(value, lang)
            )
        }
        _ => "—".to_string(),
    }
}

/// The change against last year, or `—`.
pub fn change_text(h: &Headline, lang: Lang) -> String {
    h.change.as_ref().map_or_else(|| "—".to_string(), |c| h.show_change(c, lang))
}

/// The gap of a problem: a shortfall, a lateness, or `—`.
pub fn gap_text(p: &Problem, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &p.shortfall {
        parts.push(s.get(lang).to_string());
    }
    if let Some(d) = p.delay {
        parts.push(d.show(lang));
    }
    if parts.is_empty() { "—".to_string() } else { parts.join(lang.pick("；", "; ")) }
}

/// `全区` for a district item.
/// `（一）` / `Action 1: `.
pub fn ordinal_label(i: usize, lang: Lang) -> String {
    const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match lang {
        Lang::Zh => ZH.get(i).map_or_else(|| format!("（{}）", i + 1), |n| format!("（{n}）")),
        Lang::En => format!("Action {}: ", i + 1),
    }
}

/// The header of a table of groups (actions or sections): the group, its tasks, then
/// the tally columns.
pub fn group_header(first: &str, lang: Lang) -> Vec<String> {
    let mut head = vec![first.to_string(), lang.pick("任务", "Tasks").to_string()];
    head.extend(tally_header(lang).iter().map(|s| s.to_string()));
    head
}

/// A group's name as its table shows it: actions are numbered （一）, （二）...
pub fn group_name(a: &AnnualReport, i: usize, g: &crate::annual::Group, ordinal: bool, lang: Lang) -> String {
    let name = a.label(&g.name, lang);
    if ordinal { format!("{}{name}", ordinal_label(i, lang)) } else { name.to_string() }
}

/// A group's task numbers, as one cell.
pub fn group_tasks(g: &crate::annual::Group, lang: Lang) -> String {
    let tasks: Vec<String> = g.tasks.iter().map(|t| t.number.to_string()).collect();
    tasks.join(lang.pick("、", ", "))
}

/// The headers of the data-completeness table.
pub fn gap_header(lang: Lang) -> [&'static str; 3] {
    [
        lang.pick("学校", "Institution"),
        lang.pick("未报送年度", "Years not reported"),
        lang.pick("漏填字段", "Fields left empty"),
    ]
}

/// One institution's line of the data-completeness table: its name, the years it
/// sent no row for, and per year the fields it left empty.
pub fn gap_row(g: &crate::annual::Gap, lang: Lang) -> [String; 3] {
    let sep = lang.pick("、", ", ");
    let years: Vec<String> = g.missing_years.iter().map(i32::to_string).collect();
    let invalid = g.invalid.iter().map(|(y, errors, more)| invalid_text(*y, errors, *more, lang));
    let fields: Vec<String> = invalid
        .chain(g.missing_fields.iter().map(|(y, fs)| {
            let names: Vec<&str> = fs.iter().map(|f| f.get(lang)).collect();
            format!("{y}{}{}", lang.pick("：", ": "), names.join(sep))
        }))
        .collect();
    [
        g.school.clone(),
        if years.is_empty() { "—".to_string() } else { years.join(sep) },
        if fields.is_empty() { "—".to_string() } else { fields.join(lang.pick("；", "; ")) },
    ]
}

/// The heading over the roster tables of the completeness section.
pub fn roster_title(lang: Lang) -> &'static str {
    lang.pick("花名册核对", "Roster checks")
}

/// The headers of the roster-mismatch table.
pub fn mismatch_header(lang: Lang) -> [&'static str; 5] {
    [
        lang.pick("学校", "Institution"),
        lang.pick("年度", "Year"),
        lang.pick("字段", "Field"),
        lang.pick("报送", "Reported"),
        lang.pick("花名册可认定", "Roster supports"),
    ]
}

/// A reported figure its roster does not support, as a table line.
pub fn mismatch_row(m: &crate::annual::RosterMismatch, lang: Lang) -> [String; 5] {
    [
        m.school.clone(),
        m.year.to_string(),
        format!("{}{}{}", m.roster.get(lang), lang.pick("：", ": "), m.field.get(lang)),
        m.reported.clone(),
        m.roster_count.to_string(),
    ]
}

/// The headers of the record-breach table.
pub fn breach_header(lang: Lang) -> [&'static str; 4] {
    [
        lang.pick("学校", "Institution"),
        lang.pick("年度", "Year"),
        lang.pick("记录规则", "Record check"),
        lang.pick("不符合的记录数", "Records breaking it"),
    ]
}

/// Records of one school and year breaking one check, as a table line.
pub fn breach_row(b: &crate::annual::RosterBreach, lang: Lang) -> [String; 4] {
    let (open, close) = (lang.pick("（", " ("), lang.pick("）", ")"));
    [
        b.school.clone(),
        b.year.to_string(),
        format!(
            "{}{}{}{open}{}{close}",
            b.roster.get(lang),
            lang.pick("：", ": "),
            b.check.get(lang),
            b.article.get(lang)
        ),
        b.records.to_string(),
    ]
}

/// A year of invalid data, with the errors that made it so: "2020：数据无效（…）".
pub fn invalid_text(year: i32, errors: &[crate::lang::Text], more: usize, lang: Lang) -> String {
    let listed: Vec<&str> = errors.iter().map(|e| e.get(lang)).collect();
    let mut why = listed.join(lang.pick("；", "; "));
    if more > 0 {
        why.push_str(&match lang {
            Lang::Zh => format!("；另有 {more} 处"),
            Lang::En => format!("; {more} more"),
        });
    }
    match lang {
        Lang::Zh => format!("{year}：数据无效（{why}）"),
        Lang::En => format!("{year}: invalid data ({why})"),
    }
}

pub fn subject(school: Option<&str>, lang: Lang) -> String {
    school.map_or_else(|| lang.pick("全区", "District").to_string(), str::to_string)
}

/// The notes at the end: how to read the report.
pub fn notes(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Zh => vec![
            "本汇总由 wjvet 依据各校报送数据和计划文件（plan.toml）生成，待人工核查项须由督查人员结合佐证材料确认。",
            "所有数值按报送的精确值计算；百分比显示时向不利方向截断（例如 84.99% 显示为 84.9%），不会把未达标显示为达标。",
            "“全区值”：人数类指标为各校之和；按校考核的比例指标（如“双师型”85%）为各校分子之和除以分母之和，不是各校比例的平均数。标 * 的数值未包含全部学校。",
            "未到期：截止日尚未到，显示目前进度；缺数据：规则所需数据未报送，到期后按不合规计；数据不全：输入未覆盖全区，无法评判。",
            "豁免：经批准、在有效期内的豁免事项，单独计数，不计入未达标；给出豁免文件时逐项列于“豁免事项”部分（含理由、批准人、批准文件和有效期），已过期或未使用的也列出。",
            "以前年度按各自 12 月 31 日评估；报告年度之后的数据不纳入本汇总。",
        ],
        Lang::En => vec![
            "This summary is generated by wjvet from the schools' submissions and the plan file (plan.toml); items for the inspector's judgement need confirming against the evidence.",
            "Every value is computed exactly from what was submitted; percentages are cut toward the unfavourable side when shown (84.99% shows as 84.9%), so a miss never looks met.",
            "District value: counts are summed over institutions; a per-school share (such as dual-qualified 85%) is the sum of numerators over the sum of denominators, never an average of the schools' shares. Values marked * leave some institution out.",
            "Pending: not yet due, progress shown; missing: the data a rule needs was not submitted, counting as non-compliant once due; incomplete: the input does not cover the district, so it cannot be judged.",
            "Exempted: items excused by an approved exemption still in force, counted apart and not as failures; with an exemptions file each is listed under Exemptions (reason, approver, document and expiry), expired or unused ones too.",
            "Earlier years are evaluated as of their own 31 December; data for years after the reporting year is not used.",
        ],
    }
}
