//! What a finding says, kept as data and put into words only when shown.
//!
//! Evaluation records *why* (a shortfall of 3 teachers, a filing 10 days late, the
//! schools that sent nothing) as a [`Message`]; renderers turn it into a sentence in
//! the reader's language. A province-scale run has close to a million findings, and
//! most of them are never read in both languages, so nothing is formatted until
//! then. All the sentences live here, to be reviewed and translated in one place.

use chrono::{Datelike, NaiveDate};

use super::finding::{Actual, Finding};
use crate::lang::Lang;
use crate::num::{self, Round, Stored, Unit};
use crate::plan::{FieldId, Plan, RuleKind, Schedule, Target};

/// Formats only the sentence in the reader's language.
macro_rules! say {
    ($lang:expr, $zh:expr, $en:expr $(,)?) => {
        match $lang {
            Lang::Zh => format!($zh),
            Lang::En => format!($en),
        }
    };
}

/// The reason behind a status. Only what the finding does not already hold is kept
/// here: the due date, the actual value and the rule's target are read from the
/// finding and the plan when the sentence is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The target is met.
    Met,
    /// These fields were empty or not submitted.
    NotReported(Box<[FieldId]>),
    /// The institution has no row for this year.
    NoRow {
        year: i32,
    },
    /// The ratio's denominator is zero.
    ZeroDenominator(FieldId),
    /// A yearly rule asked about a year outside its range.
    OutsideYears,
    /// A measured target not met; `gap` is how many more units of a field are needed.
    Short {
        gap: Option<(Stored, FieldId)>,
    },
    /// Done (the date is the actual value) by the due date, or after it.
    DoneOnTime,
    DoneLate,
    NotDone,
    /// A completion date later than the evaluation date.
    AfterAsOf {
        as_of: NaiveDate,
    },
    /// A recurring filing dated in an earlier cycle (on or before the previous year's
    /// due date): it cannot be `year`'s filing.
    EarlierCycle {
        year: i32,
    },
    /// The institution's rows for the year are invalid (see the diagnostics).
    InvalidData,
    /// The institution's rows for an earlier year the rule reads (last year's value
    /// for growth, a completion reported then) are invalid.
    InvalidEarlier {
        year: i32,
    },
    /// Expected institutions whose rows for the year are invalid: a district value
    /// that needs theirs is not computed from the rest.
    InvalidIn {
        names: Box<[String]>,
    },
    /// This year's value against last year's (both in the actual value).
    Growth {
        grown: bool,
    },
    /// A yes/no field cannot grow.
    CannotGrow,
    /// Evidence reported (the text is the actual value).
    EvidenceReported,
    /// Needs the inspector (for an institution, or a district matter).
    Review {
        district: bool,
    },
    /// No registry: the district is not known, so a group target is not judged.
    NotJudged {
        in_scope: u32,
    },
    /// Expected institutions sent no row; `judged` when a registry made them expected.
    Absent {
        names: Box<[String]>,
        judged: bool,
    },
    /// A partial sum already meets the target.
    PartialPass {
        reported: u32,
    },
    /// Institutions meeting the condition (the count is the actual value).
    CountMet,
    CountShort,
    /// The condition could not be judged for these institutions.
    CountMissing(Box<(Vec<FieldId>, Vec<String>)>),
    /// `all_of`: every part is met (the count is the actual value).
    AllMet,
    /// `all_of`: these parts (rule indices) are not met.
    PartsUnmet(Box<[usize]>),
    /// `all_of`: these parts lack data (or await the inspector).
    PartsUnknown(Box<[usize]>),
    /// A composite rule none of whose parts applies to the subject.
    NoPartApplies,
    /// `share_of_institutions` (the share is the actual value); `unknown` are the
    /// institutions counted as not passing for lack of data.
    ShareOf {
        unknown: Box<[String]>,
    },
}

/// Something added after the main sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The value came from an earlier year's row.
    FromYear(i32),
    /// The evidence reference reported with a completion.
    Evidence(String),
    /// A completion reported without its evidence field.
    NoEvidence(FieldId),
}

/// Field names, quoted for the language: 「专业课教师数」 or "Professional-course teachers".
pub fn field_names(plan: &Plan, fields: &[FieldId], lang: Lang) -> String {
    let names = fields.iter().map(|f| {
        let label = &plan.field(*f).label;
        match lang {
            Lang::Zh => format!("「{}」", label.zh),
            Lang::En => format!("\"{}\"", label.en),
        }
    });
    names.collect::<Vec<_>>().join(lang.pick("、", ", "))
}

fn list(names: &[String], lang: Lang) -> String {
    names.join(lang.pick("、", ", "))
}

impl Message {
    /// The sentence for `f` in `lang`.
    pub fn render(&self, f: &Finding, plan: &Plan, lang: Lang) -> String {
        let rule = &plan.rules[f.rule()];
        let year = f.year;
        let due = f.due.map(|d| d.to_string()).unwrap_or_default();
        let date = match &f.actual {
            Some(Actual::Date(d)) => d.to_string(),
            _ => String::new(),
        };
        match self {
            Message::Met => lang.pick("已达到目标", "target met").to_string(),
            Message::NotReported(fields) => {
                let names = field_names(plan, fields, lang);
                say!(lang, "未填报{names}", "not reported: {names}")
            }
            Message::NoRow { year } => say!(lang, "没有 {year} 年的数据行", "no row for {year} in the input"),
            Message::ZeroDenominator(field) if f.status == crate::eval::Status::NotApplicable => {
                let name = field_names(plan, &[*field], lang);
                say!(lang, "{name}为 0，比例无从计算", "{name} is 0, so there is no share to judge")
            }
            Message::ZeroDenominator(field) => {
                let name = field_names(plan, &[*field], lang);
                say!(lang, "{name}为 0，比例目标无法达到", "{name} is 0, so the share cannot be met")
            }
            Message::OutsideYears => {
                let (from, to) = match rule.schedule {
                    Schedule::EveryYear { from, to, .. } => (from, to),
                    Schedule::By(d) => (d.year(), d.year()),
                };
                say!(
                    lang,
                    "本规则只适用于 {from}–{to} 年（不含 {year} 年）",
                    "this rule applies to {from}–{to} only, not {year}"
                )
            }
            Message::Short { gap } => {
                let band = match &rule.kind {
                    RuleKind::Threshold(c) | RuleKind::District(c) => match &c.target {
                        Target::Range(lo, hi) => Some((*lo, *hi, c.measure.unit(plan))),
                        _ => None,
                    },
                    _ => None,
                };
                let detail = match (gap, band) {
                    (Some((n, field)), _) => {
                        let shown = num::display(&num::widen(n), Unit::Plain, Round::Up);
                        let name = field_names(plan, &[*field], lang);
                        let unit = plan.field(*field).unit.as_ref().map_or("", |u| u.zh.as_str());
                        say!(lang, "，{name}还差 {shown}{unit}", "; {shown} more {name} needed")
                    }
                    (None, Some((lo, hi, unit))) => {
                        let (lo, hi) =
                            (num::display(&lo, unit, Round::Down), num::display(&hi, unit, Round::Up));
                        say!(lang, "，不在 [{lo}, {hi}] 区间内", "; outside [{lo}, {hi}]")
                    }
                    (None, None) => String::new(),
                };
                if f.overdue {
                    say!(lang, "未达到目标（截止 {due}）{detail}", "target missed (due {due}){detail}")
                } else {
                    say!(lang, "尚未达到，{due} 到期{detail}", "not met yet, due {due}{detail}")
                }
            }
            Message::DoneOnTime => {
                say!(lang, "{date} 完成，未超过截止日 {due}", "done on {date}, by the due date {due}")
            }
            Message::DoneLate => {
                let days = match (&f.actual, f.due) {
                    (Some(Actual::Date(d)), Some(due)) => (*d - due).num_days(),
                    _ => 0,
                };
                say!(
                    lang,
                    "{date} 完成，比截止日 {due} 晚 {days} 天",
                    "done on {date}, {days} days after the due date {due}"
                )
            }
            Message::NotDone if f.overdue => {
                say!(lang, "截止 {due} 仍未完成", "not done by the due date {due}")
            }
            Message::NotDone => say!(lang, "尚未完成，{due} 到期", "not done yet, due {due}"),
            Message::AfterAsOf { as_of } => say!(
                lang,
                "填报的完成日期 {date} 晚于评估日 {as_of}，按未完成计",
                "the reported date {date} is after the evaluation date {as_of}, so it is not done yet"
            ),
            Message::InvalidData => lang
                .pick(
                    "本年度数据无效（见上方的数据错误），未作评判",
                    "this year's data is invalid (see the data errors above), so it is not judged",
                )
                .to_string(),
            Message::InvalidEarlier { year } => say!(
                lang,
                "所需的 {year} 年数据无效（见上方的数据错误），未作评判",
                "the {year} data it needs is invalid (see the data errors above), so it is not judged"
            ),
            Message::InvalidIn { names } => {
                let list = names.join(lang.pick("、", ", "));
                say!(
                    lang,
                    "以下学校的数据无效，未作评判：{list}",
                    "not judged: the data of these institutions is invalid: {list}"
                )
            }
            Message::EarlierCycle { year } => say!(
                lang,
                "填报的日期 {date} 不晚于上一年度的截止日，是往年的报送，不能算作 {year} 年度的（截止 {due}）",
                "the reported date {date} is on or before last year's due date, so it is an earlier year's filing, not {year}'s (due {due})"
            ),
            Message::Growth { grown } => {
                let (p, c) = match &f.actual {
                    Some(Actual::Growth { previous, current, unit }) => (
                        num::display(&num::widen(previous), *unit, Round::Down),
                        num::display(&num::widen(current), *unit, Round::Down),
                    ),
                    _ => Default::default(),
                };
                if *grown {
                    say!(
                        lang,
                        "{year} 年 {c}，上年 {p}：已增长",
                        "{c} in {year} against {p} the year before: grown"
                    )
                } else {
                    say!(
                        lang,
                        "{year} 年 {c}，上年 {p}：未增长（{due} 到期）",
                        "{c} in {year} against {p} the year before: no growth (due {due})"
                    )
                }
            }
            Message::CannotGrow => {
                lang.pick("是/否字段无法比较增长", "a yes/no field cannot grow").to_string()
            }
            Message::EvidenceReported => {
                let t = match &f.actual {
                    Some(Actual::Text(t)) => t.to_string(),
                    _ => String::new(),
                };
                say!(lang, "已报送佐证：{t}（请核对原件）", "evidence reported: {t} (check the document)")
            }
            Message::Review { district: false } => lang
                .pick("需督查人员结合佐证材料判断", "needs the inspector's judgement on the evidence")
                .to_string(),
            Message::Review { district: true } => lang
                .pick("需督查人员判断（区级事项）", "needs the inspector's judgement (a district matter)")
                .to_string(),
            Message::NotJudged { in_scope } => say!(
                lang,
                "未评判：输入只含 {in_scope} 所相关学校，且未用 --registry 提供全区学校名册",
                "not judged: the input holds {in_scope} of the district's institutions in scope, and no --registry lists them all"
            ),
            Message::Absent { names, judged } => {
                let names = list(names, lang);
                if *judged {
                    say!(lang, "缺少以下学校 {year} 年的数据：{names}", "no data for {year} from: {names}")
                } else {
                    say!(
                        lang,
                        "未评判：输入中没有以下学校的数据：{names}",
                        "not judged: the input has no data for {year} from: {names}"
                    )
                }
            }
            Message::PartialPass { reported } => say!(
                lang,
                "仅凭已报送的 {reported} 所学校即已达到目标",
                "already met by the {reported} institutions reported"
            ),
            Message::CountMet | Message::CountShort => {
                let met = match &f.actual {
                    Some(Actual::Count { met, .. }) => *met,
                    _ => 0,
                };
                let t = match &rule.kind {
                    RuleKind::Count { target, .. } => num::display(target, Unit::Plain, Round::Down),
                    _ => String::new(),
                };
                match (self, f.overdue) {
                    (Message::CountMet, _) => {
                        say!(
                            lang,
                            "{met} 所学校符合条件（目标 {t} 所）",
                            "{met} institutions meet the condition (target {t})"
                        )
                    }
                    (_, true) => say!(
                        lang,
                        "只有 {met} 所学校符合条件，目标 {t} 所（截止 {due}）",
                        "only {met} institutions meet the condition, target {t} (due {due})"
                    ),
                    (_, false) => say!(
                        lang,
                        "目前 {met} 所学校符合条件，目标 {t} 所，{due} 到期",
                        "{met} institutions meet the condition so far, target {t}, due {due}"
                    ),
                }
            }
            Message::AllMet
            | Message::PartsUnmet(_)
            | Message::PartsUnknown(_)
            | Message::NoPartApplies
            | Message::ShareOf { .. } => super::composite::sentence(self, f, plan, lang).unwrap_or_default(),
            Message::CountMissing(what) => {
                let (fields, names) = &**what;
                let (what, who) = (field_names(plan, fields, lang), list(names, lang));
                say!(lang, "未填报{what}（{who}）", "not reported: {what} ({who})")
            }
        }
    }
}

impl Note {
    pub fn render(&self, plan: &Plan, lang: Lang) -> String {
        match self {
            Note::FromYear(year) => say!(lang, "（据 {year} 年报表）", " (as reported for {year})"),
            Note::Evidence(t) => say!(lang, "；佐证：{t}", "; evidence: {t}"),
            Note::NoEvidence(field) => {
                let name = field_names(plan, &[*field], lang);
                say!(lang, "；未填{name}", "; no {name} given")
            }
        }
    }
}

/// A finding's message with its notes, as one sentence.
pub fn sentence(f: &Finding, plan: &Plan, lang: Lang) -> String {
    let mut s = f.message.render(f, plan, lang);
    for n in f.notes.iter() {
        s.push_str(&n.render(plan, lang));
    }
    s
}
