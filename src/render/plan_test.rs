//! `wjvet plan test`: one line per case, the mismatches under a failed one, a total;
//! with `--coverage`, a table of the outcomes each rule reaches.
//!
//! Modelled on `cargo test`: `ok`/`FAILED` and the case name, then for a failure each
//! expectation that did not hold, with its line in the test file, expected against
//! actual and the finding's own message, so the author sees why without running
//! `check`. Statuses are shown by their JSON keys (the words a test file uses) with
//! the label beside them in Chinese.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};

use crate::eval::Status;
use crate::lang::Lang;
use crate::plan::Plan;
use crate::plantest::coverage::is_computed;
use crate::plantest::{CaseResult, Check, Coverage, Outcome, Subject, Suite};

fn status(s: Status, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}（{}）", s.key(), s.label(lang)),
        Lang::En => s.key().to_string(),
    }
}

/// Writes the results of one suite's cases.
pub fn write_results(
    out: &mut dyn Write,
    plan: &Plan,
    suite: &Suite,
    results: &[CaseResult],
    lang: Lang,
) -> io::Result<()> {
    let n = results.len();
    let origin = &suite.origin;
    match lang {
        Lang::Zh => writeln!(out, "运行 {n} 个用例：{origin}")?,
        Lang::En => writeln!(out, "running {n} case{} from {origin}", if n == 1 { "" } else { "s" })?,
    }
    for r in results {
        let mark = if r.passed() { lang.pick("通过", "ok") } else { lang.pick("失败", "FAILED") };
        // Both Chinese marks are two characters wide; the English ones are padded to one width.
        match lang {
            Lang::Zh => writeln!(out, "{mark} {}", r.name)?,
            Lang::En => writeln!(out, "{mark:<6} {}", r.name)?,
        }
        for d in r.diagnostics.items() {
            writeln!(out, "  {}", lang.pick("数据无效：", "invalid data:"))?;
            for line in d.render(lang).lines() {
                writeln!(out, "    {line}")?;
            }
        }
        for c in r.checks.iter().filter(|c| !c.holds()) {
            write_mismatch(out, plan, suite, c, lang)?;
        }
    }
    Ok(())
}

fn write_mismatch(out: &mut dyn Write, plan: &Plan, suite: &Suite, c: &Check, lang: Lang) -> io::Result<()> {
    let e = &c.expect;
    let rule = &plan.rules[e.rule].id;
    let who = match &e.subject {
        Subject::District => lang.pick("全区", "district").to_string(),
        Subject::Named(n) => n.clone(),
    };
    let at = format!("{}:{}", suite.origin, e.line);
    let Some(f) = &c.found else {
        return match lang {
            Lang::Zh => writeln!(
                out,
                "  {at}: {rule} × {who}：没有这一结果（规则不适用于该校，或数据中没有这所学校）"
            ),
            Lang::En => writeln!(
                out,
                "  {at}: {rule} × {who}: no such result (the rule does not apply to it, or the rows do not name it)"
            ),
        };
    };
    let shown = f.actual.as_ref().map(|a| a.show(lang)).unwrap_or_else(|| "—".to_string());
    let (want, got) = (status(e.status, lang), status(f.status, lang));
    match lang {
        Lang::Zh => writeln!(out, "  {at}: {rule} × {who}：应为 {want}，实为 {got}，实际值 {shown}")?,
        Lang::En => writeln!(out, "  {at}: {rule} × {who}: expected {want}, got {got}, actual {shown}")?,
    }
    let shows = |want: &str| {
        [Lang::Zh, Lang::En]
            .iter()
            .any(|l| f.actual.as_ref().map(|a| a.show(*l)).as_deref() == Some(want.trim()))
    };
    if let Some(want) = e.actual.as_ref().filter(|w| !shows(w)) {
        match lang {
            Lang::Zh => writeln!(out, "    应显示实际值「{want}」")?,
            Lang::En => writeln!(out, "    expected the actual value to show {want:?}")?,
        }
    }
    writeln!(out, "    {}", f.sentence(plan, lang))
}

/// Writes the total line: `N passed, N failed`.
pub fn write_total(out: &mut dyn Write, passed: usize, failed: usize, lang: Lang) -> io::Result<()> {
    match lang {
        Lang::Zh => writeln!(out, "{passed} 个通过，{failed} 个失败"),
        Lang::En => writeln!(out, "{passed} passed, {failed} failed"),
    }
}

fn outcome_label(o: Outcome, lang: Lang) -> &'static str {
    match o {
        Outcome::PassAtBound => lang.pick("恰好达标", "pass at bound"),
        Outcome::FailBelow => lang.pick("差一步未达标", "fail below"),
        Outcome::Missing => lang.pick("缺数据", "missing"),
        Outcome::NotDue => lang.pick("未到期", "not due"),
        Outcome::NotApplicable => lang.pick("不适用", "n/a"),
    }
}

/// Writes the coverage table and a line on the computed rules that miss an outcome.
pub fn write_coverage(out: &mut dyn Write, plan: &Plan, coverage: &Coverage, lang: Lang) -> io::Result<()> {
    let mut header = vec![lang.pick("规则", "rule"), lang.pick("类型", "kind")];
    header.extend(Outcome::ALL.iter().map(|o| outcome_label(*o, lang)));
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    t.set_header(header);
    for (rule, cov) in plan.rules.iter().zip(&coverage.rules) {
        let mut row = vec![rule.id.clone(), rule.kind.key().to_string()];
        for o in Outcome::ALL {
            let mark = if cov.reached.contains(&o) {
                "✓"
            } else if !o.applies_to(&rule.kind) {
                "—"
            } else if !cov.exercised {
                "✗"
            } else {
                "·"
            };
            row.push(mark.to_string());
        }
        t.add_row(row);
    }
    writeln!(out, "{t}")?;
    let computed = plan.rules.iter().filter(|r| is_computed(&r.kind)).count();
    let untested = coverage.rules.iter().filter(|c| !c.exercised).count();
    let gaps = coverage.gaps(plan);
    match lang {
        Lang::Zh => writeln!(
            out,
            "✓ 已覆盖，· 未覆盖，✗ 规则未被任何用例检验，— 不适用于此类规则。{} 条规则中 {untested} 条未被检验；\
             计算类规则 {computed} 条，{} 条未同时覆盖恰好达标、差一步未达标和缺数据",
            plan.rules.len(),
            gaps.len()
        )?,
        Lang::En => writeln!(
            out,
            "✓ reached, · not reached, ✗ no case checks the rule, — not an outcome of this kind. \
             {untested} of {} rules untested; {} of {computed} computed rules miss pass at bound, fail below \
             or missing",
            plan.rules.len(),
            gaps.len()
        )?,
    }
    for (i, miss) in gaps {
        let miss: Vec<&str> = miss.iter().map(|o| outcome_label(*o, lang)).collect();
        writeln!(out, "  {}: {}", plan.rules[i].id, miss.join(", "))?;
    }
    Ok(())
}
