//! The verdict of one rule for one institution (or the district) in one year.
//!
//! The statuses are the contract with every reader of the output. Two are added to
//! the six the plan's readers asked for, because folding them into another would
//! mislead: `incomplete` (the input does not cover the district, so a district target
//! cannot be judged: not a failure of anyone) and `review` (the task needs an
//! inspector's judgement: wjvet shows the evidence and does not pretend to decide).
//! A ninth, `exempted`, is set only by an approved exemption (see `exempt`).

use serde::Serialize;

use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target is met (or the milestone done, the filing made, on time).
    Pass,
    /// The target is missed and it is due.
    Fail,
    /// Done, but after the due date.
    Late,
    /// Not due yet and not met yet; the output shows the progress.
    Pending,
    /// The data the rule needs was not reported. Counts like a failure once due.
    Missing,
    /// A district rule whose input does not cover the district.
    Incomplete,
    /// Needs the inspector's judgement.
    Review,
    /// The rule does not apply here (outside its years, or nothing to measure).
    NotApplicable,
    /// The institution's rows for the year are invalid (a cell that is not what its
    /// column needs, a cut row...): nothing of it is judged, and it counts against
    /// compliance like missing data. Only with `--keep-going` and in `report`; a
    /// plain `check` stops at invalid data instead.
    Invalid,
    /// A failure, late completion or missing data covered by an approved exemption;
    /// shown with its reason and counted apart, never hidden.
    Exempted,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Pass,
        Status::Fail,
        Status::Late,
        Status::Pending,
        Status::Missing,
        Status::Incomplete,
        Status::Review,
        Status::NotApplicable,
        Status::Invalid,
        Status::Exempted,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Late => "late",
            Status::Pending => "pending",
            Status::Missing => "missing",
            Status::Incomplete => "incomplete",
            Status::Review => "review",
            Status::NotApplicable => "not_applicable",
            Status::Invalid => "invalid",
            Status::Exempted => "exempted",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Pass => lang.pick("达标", "pass"),
            Status::Fail => lang.pick("未达标", "fail"),
            Status::Late => lang.pick("逾期完成", "late"),
            Status::Pending => lang.pick("未到期", "pending"),
            Status::Missing => lang.pick("缺数据", "missing"),
            Status::Incomplete => lang.pick("数据不全", "incomplete"),
            Status::Review => lang.pick("待人工核查", "review"),
            Status::NotApplicable => lang.pick("不适用", "n/a"),
            Status::Invalid => lang.pick("数据无效", "invalid data"),
            Status::Exempted => lang.pick("已豁免", "exempted"),
        }
    }
}
