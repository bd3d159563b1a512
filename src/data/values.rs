//! The field cells of a row: each parsed by its field's type, then the limits that
//! need the whole row (minimums, "at most field X", dates plausible for the
//! reporting year) checked, every problem reported with its file, row and column.

use super::cell::{self, Problem};
use super::header::HeaderMap;
use super::load::Cx;
use super::model::Value;
use super::table::RawRow;
use crate::diag::{Code, Diagnostic, Location};
use crate::lang::Text;
use crate::num::Num;
use crate::text;

impl Cx<'_> {
    pub(super) fn values(
        &mut self,
        file: &str,
        line: u32,
        year: i32,
        map: &HeaderMap,
        raw: &RawRow,
    ) -> Vec<Option<Value>> {
        let plan = self.plan;
        let mut values = vec![None; plan.fields.len()];
        for (i, col) in map.fields.iter().enumerate() {
            let Some(col) = col else { continue };
            if raw.note(col.index).is_some() {
                continue; // reported as what it is (bad bytes, #N/A, merged), never read
            }
            let field = &plan.fields[i];
            let text = raw.cell(col.index);
            match cell::parse(text, field.kind) {
                Ok(Some(Value::Date(d))) if !plausible(d, year) => {
                    self.implausible_date(file, line, year, col, text, &field.label);
                    values[i] = Some(Value::Date(d));
                }
                Ok(v) => values[i] = v,
                Err(p) => self.cell_problem(file, line, col, text, &field.label, p),
            }
        }
        // Limits that need the whole row: minimums and "at most field X".
        for (i, field) in plan.fields.iter().enumerate() {
            let Some(Value::Num(v)) = &values[i] else { continue };
            let v = &crate::num::widen(v);
            let Some(col) = &map.fields[i] else { continue };
            let loc = || Location::file(file).row(line).column(col.index, &col.header);
            if let Some(min) = field.min.filter(|m| *v < Num::from_integer(i128::from(*m))) {
                let (zh, en) = (&field.label.zh, &field.label.en);
                self.diags.push(
                    Diagnostic::new(
                        Code::BelowMinimum,
                        loc(),
                        text!("「{zh}」不能小于 {min}", "{en:?} may not be below {min}"),
                    )
                    .value(raw.cell(col.index))
                    .expected(text!("不小于 {min} 的数", "a number of at least {min}")),
                );
            }
            for &other in &field.at_most {
                let Some(Value::Num(limit)) = &values[other.index()] else { continue };
                let limit = &crate::num::widen(limit);
                if v > limit {
                    let (a_zh, a_en) = (&field.label.zh, &field.label.en);
                    let (b_zh, b_en) = (&plan.field(other).label.zh, &plan.field(other).label.en);
                    let shown = crate::num::format_num(limit, 2, crate::num::Round::Down);
                    self.diags.push(
                        Diagnostic::new(
                            Code::ExceedsField,
                            loc(),
                            text!(
                                "「{a_zh}」大于「{b_zh}」（{shown}）",
                                "{a_en:?} is greater than {b_en:?} ({shown})"
                            ),
                        )
                        .value(raw.cell(col.index))
                        .expected(text!("不大于「{b_zh}」", "at most {b_en:?}"))
                        .hint(text!(
                            "检查两列是否填反或统计口径不一致",
                            "check whether the two columns are swapped or counted differently"
                        )),
                    );
                }
            }
        }
        values
    }

    fn implausible_date(
        &mut self,
        file: &str,
        line: u32,
        year: i32,
        col: &super::model::ColumnRef,
        raw: &str,
        label: &Text,
    ) {
        let (zh, en, last) = (&label.zh, &label.en, year + 1);
        self.diags.push(
            Diagnostic::new(
                Code::ImplausibleDate,
                Location::file(file).row(line).column(col.index, &col.header),
                text!(
                    "「{zh}」的日期不太可能是 {year} 年度报送的",
                    "{en:?} is an unlikely date for a {year} report"
                ),
            )
            .value(raw)
            .expected(text!(
                "{FIRST_PLAUSIBLE_YEAR}-01-01 至 {last}-12-31 之间的日期",
                "a date from {FIRST_PLAUSIBLE_YEAR}-01-01 to {last}-12-31"
            ))
            .hint(text!(
                "检查年份是否写错（如把 2019 写成 2091），或数字被当成了 Excel 日期序号",
                "check the year for a typo (2091 for 2019) or a number read as an Excel date serial"
            )),
        );
    }

    pub(super) fn cell_problem(
        &mut self,
        file: &str,
        line: u32,
        col: &super::model::ColumnRef,
        raw: &str,
        label: &Text,
        p: Problem,
    ) {
        let mut d = Diagnostic::new(p.code, Location::file(file).row(line).column(col.index, &col.header), {
            let (zh, en) = (&label.zh, &label.en);
            text!("「{zh}」的值无法识别", "{en:?} cannot be read")
        })
        .value(raw)
        .expected(p.expected);
        if let Some(h) = p.hint {
            d = d.hint(h);
        }
        self.diags.push(d);
    }
}

/// Dates before this year are taken for typos: the plan's tasks all start in 2018,
/// and a school recognised or a plan filed before 1980 is not what any field asks.
const FIRST_PLAUSIBLE_YEAR: i32 = 1980;

/// A date a report for `year` can hold: not before 1980, not after the next year
/// (a report is often sent early in the following year, dated then).
fn plausible(d: chrono::NaiveDate, year: i32) -> bool {
    use chrono::Datelike;
    (FIRST_PLAUSIBLE_YEAR..=year + 1).contains(&d.year())
}
