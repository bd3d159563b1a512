//! The outlook table's words once the plan period may be over: whether it is, the
//! sentence above the table, and each target's cell.
//!
//! Before the period ends the table shows the projection; after it, projecting
//! makes no sense, so the table gives each headline target's final status with its
//! last value instead (`最终：未达标（13800 人）`), in every format alike.

use super::{outlook_text, point_text};
use crate::annual::{AnnualReport, Headline};
use crate::lang::Lang;

/// Whether the plan period is over on the evaluation date (its last year's
/// 31 December has come): there is nothing left to project.
pub fn period_ended(a: &AnnualReport) -> bool {
    chrono::NaiveDate::from_ymd_opt(a.header.plan_period.1, 12, 31).is_some_and(|end| a.header.as_of >= end)
}

/// The outlook cell: once the period has ended, the final status with the last
/// value; before, the projection's verdict.
pub fn outlook_cell(a: &AnnualReport, h: &Headline, lang: Lang) -> String {
    if !period_ended(a) {
        return outlook_text(h, lang);
    }
    let last = a.header.years.last().map_or_else(|| "—".to_string(), |y| point_text(h, *y, lang));
    match lang {
        Lang::Zh => format!("最终：{}（{last}）", h.verdict_text(a.header.year, lang)),
        Lang::En => format!("final: {} ({last})", h.verdict_text(a.header.year, lang)),
    }
}

/// The sentence above the outlook table: the method, or that the period has ended.
pub fn outlook_intro(a: &AnnualReport, lang: Lang) -> String {
    if !period_ended(a) {
        return crate::annual::projection::method().get(lang).to_string();
    }
    let (from, to) = a.header.plan_period;
    match lang {
        Lang::Zh => format!("计划期（{from}—{to}）已结束：不再推算，下表为各核心指标的最终状态。"),
        Lang::En => format!(
            "The plan period ({from}–{to}) has ended: nothing is projected; the table gives each headline target's final status."
        ),
    }
}
