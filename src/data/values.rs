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
                    let decides = self.deadline_fields[i];
                    let loc = Location::file(file).row(line).column(col.index, &col.header);
                    self.implausible_date(loc, year, text, &field.label, decides);
                    // A date that decides a deadline is not used: the row is invalid.
                    values[i] = (!decides).then_some(Value::Date(d));
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
                self.diags.push(below_minimum(&field.label, min, loc()).value(raw.cell(col.index)));
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

    fn implausible_date(&mut self, loc: Location, year: i32, raw: &str, label: &Text, decides: bool) {
        let (zh, en, last) = (&label.zh, &label.en, year + 1);
        let first = FIRST_PLAUSIBLE_YEAR;
        let d = Diagnostic::new(
            Code::ImplausibleDate,
            loc,
            text!(
                "「{zh}」的日期不太可能是 {year} 年度报送的",
                "{en:?} is an unlikely date for a {year} report"
            ),
        )
        .value(raw)
        .expected(text!(
            "{first}-01-01 至 {last}-12-31 之间的日期",
            "a date from {first}-01-01 to {last}-12-31"
        ))
        .hint(text!(
            "检查年份是否写错（如把 2019 写成 2091），或数字被当成了 Excel 日期序号",
            "check the year for a typo (2091 for 2019) or a number read as an Excel date serial"
        ));
        self.diags.push(if decides { d.into_error() } else { d });
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
        self.diags.push(p.diagnostic(file, line, col, raw, label));
    }
}

/// Dates before this year are taken for typos: no school in any plan wjvet checks
/// did anything it reports before the People's Republic's education system existed,
/// and `0000-01-01` or `1900-01-01` is what a broken cell or an empty date becomes.
const FIRST_PLAUSIBLE_YEAR: i32 = 1949;

/// A date a report for `year` can hold: not before 1949, not more than a year after
/// the end of `year` (the default evaluation date; a report is often sent early in
/// the following year, dated then). Rows' years lie within the plan's `data_years`,
/// so the range is never empty.
fn plausible(d: chrono::NaiveDate, year: i32) -> bool {
    use chrono::Datelike;
    (FIRST_PLAUSIBLE_YEAR..=year + 1).contains(&d.year())
}

/// `below-minimum`: the cell at `loc` of the column `label` holds less than `min`
/// (a field's `min`, or 0 for a roster's numbers); the caller adds the value.
pub(super) fn below_minimum(label: &Text, min: i64, loc: Location) -> Diagnostic {
    let (zh, en) = (&label.zh, &label.en);
    Diagnostic::new(Code::BelowMinimum, loc, text!("「{zh}」不能小于 {min}", "{en:?} may not be below {min}"))
        .expected(text!("不小于 {min} 的数", "a number of at least {min}"))
}
