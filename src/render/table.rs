//! The terminal report: one table per institution, one for the district, notes
//! under each table for everything not passed, and a summary.
//!
//! Written for a data clerk: Chinese or English throughout, the institution's name as
//! a heading, statuses as words (coloured only on a terminal), and for every problem
//! one sentence saying what is short and by how much.
//!
//! Tables fit `Style::width`: titles, actual values and targets wrap by display width
//! (a CJK character counts two), while rule ids, dates and statuses never wrap. When
//! even wrapping cannot fit, whole columns are left out in the order of [`DROP_ORDER`]
//! (task, which the rule id already starts with; then due, target, actual), and then
//! the title narrows; rule, title and status always show, and the notes under the
//! table still give every problem.

use std::io::{self, Write};

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::Style;
use super::escape::visible;
use crate::eval::{Finding, Status, describe_target};
use crate::lang::Lang;
use crate::report::{Invalid, Report};

/// Writes the full table report.
pub fn write(out: &mut dyn Write, report: &Report, style: Style) -> io::Result<()> {
    let lang = style.lang;
    let title = report.plan.meta.title.get(lang);
    let doc = &report.plan.meta.doc_number;
    let (year, as_of) = (report.opts.year, report.opts.as_of);
    match lang {
        Lang::Zh => writeln!(out, "{}（{}）\n{year} 年度，评估日 {as_of}\n", visible(title), visible(doc))?,
        Lang::En => writeln!(
            out,
            "{} ({})\nReporting year {year}, evaluated as of {as_of}\n",
            visible(title),
            visible(doc)
        )?,
    }
    if style.quiet {
        return summary(out, report, lang);
    }
    for (subject, findings) in report.groups() {
        let shown: Vec<&Finding> =
            // A decision is never hidden, even one of 不适用.
            findings
                .into_iter()
                .filter(|f| style.show_all || f.status != Status::NotApplicable || f.reviewed().is_some())
                .collect();
        if shown.is_empty() {
            continue;
        }
        writeln!(out, "{}", heading(report, subject, lang))?;
        writeln!(out, "{}", table(report, &shown, style))?;
        notes(out, report, &shown, lang)?;
        writeln!(out)?;
    }
    if let Some(f) = &report.follow_up {
        super::follow_up::write_table(out, f, lang)?;
        writeln!(out)?;
    }
    summary(out, report, lang)
}

/// The text of a run whose data is invalid (for `-o table=PATH`; on a terminal the
/// same diagnostics are already on stderr): the files read, every diagnostic, the
/// verdict.
pub fn write_invalid(out: &mut dyn Write, run: &Invalid, style: Style) -> io::Result<()> {
    let meta = &run.plan.meta;
    let (title, doc) = (visible(meta.title.get(style.lang)), visible(&meta.doc_number));
    match style.lang {
        Lang::Zh => writeln!(out, "{title}（{doc}）\n")?,
        Lang::En => writeln!(out, "{title} ({doc})\n")?,
    }
    super::diagnostics::write_files(out, run.files, style.lang)?;
    for d in run.diagnostics.items() {
        writeln!(out, "{}", visible(&d.render(style.lang)))?;
    }
    writeln!(out, "{}", super::diagnostics::invalid_verdict(run.diagnostics, style.lang))
}

fn heading(report: &Report, subject: Option<usize>, lang: Lang) -> String {
    match subject {
        Some(i) => {
            let inst = &report.data.institutions[i];
            let (name, t) = (visible(&inst.name), inst.school_type.label(&report.plan, lang));
            match lang {
                Lang::Zh => format!("■ {name}（{t}）"),
                Lang::En => format!("■ {name} ({t})"),
            }
        }
        None => lang.pick("■ 全区", "■ District").to_string(),
    }
}

fn status_color(s: Status) -> Color {
    match s {
        Status::Pass => Color::Green,
        Status::Fail | Status::Missing | Status::Invalid => Color::Red,
        Status::Late => Color::Yellow,
        Status::Pending => Color::Cyan,
        Status::Incomplete | Status::Review | Status::NotApplicable => Color::DarkGrey,
        Status::Exempted => Color::Magenta,
    }
}

/// Columns of the table, by position (rule is 0, status 6).
const TASK: usize = 1;
const TITLE: usize = 2;
const ACTUAL: usize = 3;
const TARGET: usize = 4;
const DUE: usize = 5;

/// The columns left out, first to last, when a table cannot fit its width.
pub const DROP_ORDER: [usize; 4] = [TASK, DUE, TARGET, ACTUAL];

/// The narrowest a wrapping column is let to become (a shorter content keeps its own
/// width); below that a column is dropped rather than wrapped to a word a line. The
/// title, which says what the rule checks, gets twice as much.
const MIN_WRAPPED: u16 = 12;
const MIN_TITLE: u16 = 2 * MIN_WRAPPED;

/// Makes `t` fit `width` columns: wrapping where it may, then leaving out columns,
/// then narrowing the title below its least width. Rule ids and statuses never wrap,
/// so a table can only be wider than `width` when those two alone do not fit.
fn fit(t: &mut Table, width: u16) {
    t.set_content_arrangement(ContentArrangement::Dynamic).set_width(width);
    let content = t.column_max_content_widths();
    let wraps = |i: usize| matches!(i, TITLE | ACTUAL | TARGET);
    let least = |i: usize| {
        let w = content.get(i).copied().unwrap_or(1);
        match i {
            TITLE => w.min(MIN_TITLE),
            _ if wraps(i) => w.min(MIN_WRAPPED),
            _ => w,
        }
    };
    // Each column takes its least width plus one space each side and one border
    // line; one more border closes the table.
    let need = |shown: &[usize]| -> u32 { shown.iter().map(|&i| u32::from(least(i)) + 3).sum::<u32>() + 1 };
    let mut shown: Vec<usize> = (0..content.len()).collect();
    for drop in DROP_ORDER {
        if need(&shown) <= u32::from(width) {
            break;
        }
        shown.retain(|&i| i != drop);
    }
    // What the title may still have once the others have theirs.
    let others = need(&shown) - (u32::from(least(TITLE)) + 3);
    let room = u32::from(width).saturating_sub(others + 3);
    let title = u16::try_from(room).unwrap_or(u16::MAX).clamp(MIN_WRAPPED.min(least(TITLE)), least(TITLE));
    for i in 0..content.len() {
        let constraint = match i {
            _ if !shown.contains(&i) => ColumnConstraint::Hidden,
            TITLE => ColumnConstraint::LowerBoundary(Width::Fixed(title)),
            _ if wraps(i) => continue,
            _ => ColumnConstraint::ContentWidth,
        };
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(constraint);
        }
    }
}

fn table(report: &Report, findings: &[&Finding], style: Style) -> Table {
    let lang = style.lang;
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    let header = match lang {
        Lang::Zh => ["规则", "任务", "内容", "实际", "目标", "截止", "状态"],
        Lang::En => ["rule", "task", "title", "actual", "target", "due", "status"],
    };
    t.set_header(header);
    for f in findings {
        let rule = report.rule(f);
        let actual = f.actual.as_ref().map_or_else(|| "—".to_string(), |a| clip(&visible(&a.show(lang)), 28));
        let due = f.due.map(|d| d.to_string()).unwrap_or_else(|| "—".to_string());
        let mut status = f.status.label(lang).to_string();
        if f.status == Status::Missing && !f.overdue {
            status.push_str(lang.pick("（未到期）", " (not due)"));
        }
        if f.reviewed().is_some() {
            status.push_str(lang.pick("（已核查）", " (reviewed)"));
        }
        let mut status_cell = Cell::new(status);
        if style.color {
            status_cell = status_cell.fg(status_color(f.status));
        }
        t.add_row(vec![
            Cell::new(&rule.id),
            Cell::new(rule.task),
            Cell::new(visible(rule.title.get(lang))),
            Cell::new(actual),
            Cell::new(visible(&describe_target(&report.plan, rule, lang))),
            Cell::new(due),
            status_cell,
        ]);
    }
    if let Some(width) = style.width {
        fit(&mut t, width);
    }
    t
}

/// One line per finding that needs attention, with its message.
fn notes(out: &mut dyn Write, report: &Report, findings: &[&Finding], lang: Lang) -> io::Result<()> {
    for f in findings {
        if matches!(f.status, Status::Pass | Status::NotApplicable | Status::Review) && f.reviewed().is_none()
        {
            continue;
        }
        let rule = report.rule(f);
        let sev = rule.severity.label(lang);
        writeln!(out, "  {} [{sev}] {}", rule.id, visible(&f.sentence(&report.plan, lang)))?;
    }
    Ok(())
}

/// Shortens long evidence text for the table (JSON keeps it whole).
fn clip(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max_chars - 1).collect();
    out.push('…');
    out
}

/// When a threshold stricter than the default fails a run no error-severity rule
/// fails: the threshold and how many results fail at it, so the verdict printed is
/// the one the exit code gives.
fn stricter_failure(report: &Report) -> Option<(&'static str, usize)> {
    if !report.summary.compliant() || report.verdict() == crate::report::Verdict::Compliant {
        return None;
    }
    let n = report.findings.iter().filter(|f| report.fails(f, report.fail_on)).count();
    Some((report.fail_on.key(), n))
}

/// How many institutions have a result `invalid`.
fn invalid_institutions(report: &Report) -> usize {
    let mut seen: Vec<usize> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Invalid)
        .filter_map(|f| f.institution())
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

fn summary(out: &mut dyn Write, report: &Report, lang: Lang) -> io::Result<()> {
    let s = &report.summary;
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|st| s.count(**st) > 0)
        .map(|st| match lang {
            Lang::Zh => format!("{}{}", st.label(lang), s.count(*st)),
            Lang::En => format!("{} {}", s.count(*st), st.label(lang)),
        })
        .collect();
    let files = &report.data.files;
    let rows: usize = files.iter().map(|f| f.rows_read).sum();
    let used: usize = files.iter().map(|f| f.rows_used).sum();
    let (mut applied, mut expired, mut unused) = (0, 0, 0);
    for st in &report.exemptions {
        match st.outcome {
            crate::exempt::Outcome::Applied(_) => applied += 1,
            crate::exempt::Outcome::Expired => expired += 1,
            crate::exempt::Outcome::Unused => unused += 1,
        }
    }
    if !report.reviews.is_empty() {
        let used = report.reviews.iter().filter(|s| s.outcome == crate::review::Outcome::Applied).count();
        let unused = report.reviews.len() - used;
        match lang {
            Lang::Zh => writeln!(out, "人工核查结论：{used} 项采用，{unused} 项未使用。")?,
            Lang::En => writeln!(out, "Review decisions: {used} applied, {unused} unused.")?,
        }
    }
    if !report.exemptions.is_empty() {
        match lang {
            Lang::Zh => writeln!(out, "豁免：{applied} 项适用，{expired} 项已过期，{unused} 项未使用。")?,
            Lang::En => writeln!(out, "Exemptions: {applied} applied, {expired} expired, {unused} unused.")?,
        }
    }
    match lang {
        Lang::Zh => {
            writeln!(out, "读取 {} 个文件，{rows} 行数据，{used} 行有效。", files.len())?;
            writeln!(out, "共 {} 项：{}。", s.total, counts.join("，"))?;
            if report.verdict() == crate::report::Verdict::Invalid {
                match invalid_institutions(report) {
                    // A refused row (a misspelt school) leaves no result invalid.
                    0 => writeln!(out, "结论：数据无效：报送数据有错误（见上方）；改正后重新检查。"),
                    n => writeln!(
                        out,
                        "结论：数据无效：有 {n} 所学校的数据有错误（见上方），其规则计为数据无效；改正后重新检查。"
                    ),
                }
            } else if let Some((on, n)) = stricter_failure(report) {
                writeln!(
                    out,
                    "结论：按 --fail-on {on} 不合规：错误级规则全部符合，但有 {n} 项在此门槛下计为不合规。"
                )
            } else if s.compliant() {
                writeln!(out, "结论：错误级规则全部符合（警告级未达标 {} 项）。", s.failing_warnings)
            } else {
                writeln!(
                    out,
                    "结论：不合规，错误级规则未达标、逾期或缺数据 {} 项（警告级 {} 项）。",
                    s.failing_errors, s.failing_warnings
                )
            }
        }
        Lang::En => {
            let n = files.len();
            let noun = if n == 1 { "file" } else { "files" };
            let data_rows = if rows == 1 { "data row" } else { "data rows" };
            writeln!(out, "Read {n} {noun}, {rows} {data_rows}, {used} used.")?;
            writeln!(out, "{} results: {}.", s.total, counts.join(", "))?;
            if report.verdict() == crate::report::Verdict::Invalid {
                match invalid_institutions(report) {
                    0 => writeln!(
                        out,
                        "Verdict: invalid data: the input has data errors (above); correct them and check again."
                    ),
                    n => writeln!(
                        out,
                        "Verdict: invalid data: {n} institutions have data errors (above), so their rules count as invalid; correct them and check again."
                    ),
                }
            } else if let Some((on, n)) = stricter_failure(report) {
                let counts = if n == 1 { "result counts" } else { "results count" };
                writeln!(
                    out,
                    "Verdict: non-compliant with --fail-on {on}: no error-severity rule fails, but {n} {counts} against at this threshold."
                )
            } else if s.compliant() {
                writeln!(
                    out,
                    "Verdict: compliant: no error-severity rule fails ({} warning-severity rules do).",
                    s.failing_warnings
                )
            } else {
                writeln!(
                    out,
                    "Verdict: non-compliant: {} error-severity rules fail, are late or lack data once due ({} warnings).",
                    s.failing_errors, s.failing_warnings
                )
            }
        }
    }
}
