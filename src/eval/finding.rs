//! A finding: one rule's verdict for one subject, with the numbers behind it.
//!
//! Findings keep the exact values (never rounded) and the cells they were computed
//! from, so every output format and `explain` can show the same arithmetic. Turning
//! them into words for a reader happens here too, in one place for every format.

use chrono::NaiveDate;

use super::message::{Message, Note};
use super::status::Status;
use crate::lang::Lang;
use crate::num::{self, Num, Round, Stored, Unit};
use crate::plan::FieldId;

/// What was measured. Values are kept exact in 64-bit parts (a finding exists for
/// every rule and institution, so it is kept small); arithmetic happens in [`Num`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actual {
    /// A value (for district rules, a sum).
    Number {
        value: Stored,
        unit: Unit,
    },
    /// numerator / denominator, shown as a percentage (a share) or a plain number
    /// (an amount per unit, 生均).
    Ratio {
        numerator: Stored,
        denominator: Stored,
        unit: Unit,
    },
    /// The date something was done or filed.
    Date(NaiveDate),
    /// Reported as not done yet.
    NotDone,
    Bool(bool),
    /// Evidence or other text as reported.
    Text(Box<str>),
    /// Institutions meeting a condition, out of those reported.
    Count {
        met: u32,
        of: u32,
    },
    /// This year's value against last year's.
    Growth {
        previous: Stored,
        current: Stored,
        unit: Unit,
    },
}

impl Actual {
    pub fn number(value: &Num, unit: Unit) -> Actual {
        Actual::Number { value: num::store(value), unit }
    }

    pub fn ratio(numerator: &Num, denominator: &Num, unit: Unit) -> Actual {
        Actual::Ratio { numerator: num::store(numerator), denominator: num::store(denominator), unit }
    }

    pub fn growth(previous: &Num, current: &Num, unit: Unit) -> Actual {
        Actual::Growth { previous: num::store(previous), current: num::store(current), unit }
    }

    pub fn count(met: usize, of: usize) -> Actual {
        let c = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Actual::Count { met: c(met), of: c(of) }
    }

    /// A short form for tables: `15234`, `85% (17/20)`, `2019-12-20`, `未完成`.
    pub fn show(&self, lang: Lang) -> String {
        let plain = |n: &Stored| num::display(&num::widen(n), Unit::Plain, Round::Down);
        match self {
            Actual::Number { value, unit } => num::display(&num::widen(value), *unit, Round::Down),
            Actual::Ratio { numerator, denominator, unit } => {
                let exact = num::widen(numerator) / num::widen(denominator);
                let shown = num::display(&exact, *unit, Round::Down);
                // A per-unit amount is compared either way (≤ 20 students per teacher):
                // a rounded figure is marked, so 20.001 never reads as a plain 20.
                let approx = *unit == Unit::Plain && num::parse_decimal(&shown) != Some(exact);
                format!(
                    "{}{shown} ({}/{})",
                    if approx { "≈" } else { "" },
                    plain(numerator),
                    plain(denominator)
                )
            }
            Actual::Date(d) => d.to_string(),
            Actual::NotDone => lang.pick("未完成", "not done").to_string(),
            Actual::Bool(b) => if *b { lang.pick("是", "yes") } else { lang.pick("否", "no") }.to_string(),
            Actual::Text(t) => t.to_string(),
            Actual::Count { met, of } => format!("{met}/{of}"),
            Actual::Growth { previous, current, unit } => format!(
                "{} → {}",
                num::display(&num::widen(previous), *unit, Round::Down),
                num::display(&num::widen(current), *unit, Round::Down)
            ),
        }
    }
}

/// A cell a finding was computed from: a row of the dataset and a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellUse {
    /// Index into `Dataset::rows`.
    pub row: usize,
    pub field: FieldId,
}

/// What few findings carry, behind one pointer: the cells behind the verdict
/// (recorded only when tracing, for `explain`), an exemption applied to it, an
/// inspector's decision. A full report has a finding per rule and institution (9 M
/// for a million rows) and almost none of them carries any of these, so an ordinary
/// finding spends 8 bytes on all three, never an allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra(Option<Box<Rare>>);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Rare {
    /// Whether cells are recorded (`cells` may be empty when traced).
    traced: bool,
    cells: Vec<CellUse>,
    /// Boxed again: a traced finding (every finding under `explain`) has neither.
    exempted: Option<Box<Exemption>>,
    reviewed: Option<Box<Reviewed>>,
}

impl Extra {
    /// Nothing yet; recording the cells used when `trace` is on.
    pub fn traced(trace: bool) -> Extra {
        Extra(trace.then(|| Box::new(Rare { traced: true, ..Rare::default() })))
    }

    /// Records a cell used, when tracing.
    pub fn push(&mut self, row: usize, field: FieldId) {
        if let Some(rare) = &mut self.0
            && rare.traced
        {
            rare.cells.push(CellUse { row, field });
        }
    }

    /// The cells recorded (none unless traced).
    pub fn cells(&self) -> &[CellUse] {
        self.0.as_deref().map_or(&[], |r| r.cells.as_slice())
    }

    fn rare(&mut self) -> &mut Rare {
        self.0.get_or_insert_with(Box::default)
    }
}

/// Notes after a finding's message; most findings have none, so none costs one
/// pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[allow(clippy::box_collection, reason = "one pointer, not three words, in every finding")]
pub struct Notes(Option<Box<Vec<Note>>>);

impl Notes {
    pub fn push(&mut self, note: Note) {
        self.0.get_or_insert_with(Box::default).push(note);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Note> {
        self.0.iter().flat_map(|v| v.iter())
    }
}

/// One rule's verdict for one institution, or for the district.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Index into `Plan::rules` (see [`Finding::rule`]); 32 bits, as 9 M findings
    /// are held at once and no plan or dataset has 4 billion rules or institutions.
    rule: u32,
    /// Index into `Dataset::institutions`, `None` for district rules (see
    /// [`Finding::institution`]).
    institution: Option<u32>,
    pub year: i32,
    pub status: Status,
    pub actual: Option<Actual>,
    pub due: Option<NaiveDate>,
    /// Whether the due date had passed on the evaluation date.
    pub overdue: bool,
    /// Why: put into words only when shown (see `message`).
    pub message: Message,
    /// Details added after the message (evidence, the year a value came from).
    pub notes: Notes,
    /// The cells behind the verdict (when traced for `explain`), the exemption and
    /// the inspector's decision: see [`Finding::inputs`], [`Finding::exempted`],
    /// [`Finding::reviewed`].
    pub extra: Extra,
}

/// An inspector's decision as applied to one finding: who decided, when, on what
/// basis, and the status the finding had before (always `review`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    pub original: Status,
    pub inspector: String,
    pub date: NaiveDate,
    /// A document number or a note; `None` when none was given.
    pub basis: Option<String>,
}

impl Reviewed {
    /// "reviewed by X on D (basis)" / "由 X 于 D 核查（依据）".
    pub fn sentence(&self, lang: Lang) -> String {
        let (who, on) = (&self.inspector, self.date);
        match (lang, &self.basis) {
            (Lang::Zh, Some(b)) => format!("由 {who} 于 {on} 核查（{b}）"),
            (Lang::Zh, None) => format!("由 {who} 于 {on} 核查"),
            (Lang::En, Some(b)) => format!("reviewed by {who} on {on} ({b})"),
            (Lang::En, None) => format!("reviewed by {who} on {on}"),
        }
    }
}

/// An approved exemption as applied to one finding: the status it replaced and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemption {
    /// The status the finding had before the exemption.
    pub original: Status,
    pub reason: String,
    pub approved_by: String,
    pub document: Option<String>,
    pub expires: NaiveDate,
}

impl Finding {
    /// A finding about `rule` for `institution` (or the district) not yet judged.
    pub fn new(rule: usize, institution: Option<usize>, year: i32, trace: bool) -> Finding {
        Finding {
            rule: index(rule),
            institution: institution.map(index),
            year,
            status: Status::NotApplicable,
            actual: None,
            due: None,
            overdue: false,
            message: Message::Met,
            notes: Notes::default(),
            extra: Extra::traced(trace),
        }
    }

    /// The rule judged: an index into `Plan::rules`.
    pub fn rule(&self) -> usize {
        self.rule as usize
    }

    /// The institution judged, an index into `Dataset::institutions`; `None` for the
    /// district.
    pub fn institution(&self) -> Option<usize> {
        self.institution.map(|i| i as usize)
    }

    /// The cells behind the verdict, when traced for `explain`; none otherwise.
    pub fn inputs(&self) -> &[CellUse] {
        self.extra.cells()
    }

    /// The approved exemption covering this finding (status `exempted`), if any.
    pub fn exempted(&self) -> Option<&Exemption> {
        self.extra.0.as_ref().and_then(|r| r.exempted.as_deref())
    }

    /// The inspector's decision (`--reviews`) that settled this `review` finding, if
    /// any.
    pub fn reviewed(&self) -> Option<&Reviewed> {
        self.extra.0.as_ref().and_then(|r| r.reviewed.as_deref())
    }

    /// Applies an exemption: the status becomes `exempted`, the old one is kept in it.
    pub fn exempt(&mut self, exemption: Exemption) {
        self.extra.rare().exempted = Some(Box::new(exemption));
        self.status = Status::Exempted;
    }

    /// Settles a `review` finding by an inspector's decision, at `status`.
    pub fn settle(&mut self, reviewed: Reviewed, status: Status) {
        self.extra.rare().reviewed = Some(Box::new(reviewed));
        self.status = status;
    }

    /// The reason for the status, in `lang`; for a reviewed finding, who decided it;
    /// for an exempted finding, the exemption first, then what it covers.
    pub fn sentence(&self, plan: &crate::plan::Plan, lang: Lang) -> String {
        let base = match self.reviewed() {
            Some(r) => {
                let mut s = r.sentence(lang);
                for n in self.notes.iter() {
                    s.push_str(&n.render(plan, lang));
                }
                s
            }
            None => super::message::sentence(self, plan, lang),
        };
        let Some(e) = self.exempted() else { return base };
        let doc = e.document.as_deref().map(|d| format!("{d}{}", lang.pick("，", ", "))).unwrap_or_default();
        let (reason, by, until, was) = (&e.reason, &e.approved_by, e.expires, e.original.label(lang));
        match lang {
            Lang::Zh => format!("已豁免：{reason}（{by}，{doc}有效至 {until}）；原状态：{was}，{base}"),
            Lang::En => format!("exempted: {reason} ({by}, {doc}valid to {until}); was {was}: {base}"),
        }
    }

    /// Whether this finding counts against compliance: a failure, a late completion,
    /// or data still missing once due. (Severity is applied by the caller.)
    pub fn counts_against(&self) -> bool {
        // An exempted finding never counts; `exempted` is not in this match's list.
        match self.status {
            Status::Fail | Status::Late | Status::Invalid => true,
            Status::Missing => self.overdue,
            _ => false,
        }
    }
}

/// A rule's or an institution's index in 32 bits.
fn index(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 rules and institutions")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million annual rows make 9.1 M findings, all held until rendered: every 8
    /// bytes here are 73 MB there. The rare parts share one pointer; the rule and
    /// the institution are 32-bit indices.
    #[test]
    fn a_finding_stays_small() {
        assert!(std::mem::size_of::<Finding>() <= 112, "{} bytes", std::mem::size_of::<Finding>());
        assert_eq!(std::mem::size_of::<Extra>(), 8);
    }

    #[test]
    fn rule_and_institution_read_back_as_given() {
        let f = Finding::new(70_000, Some(3_000_000), 2020, false);
        assert_eq!((f.rule(), f.institution()), (70_000, Some(3_000_000)));
        assert_eq!(Finding::new(0, None, 2020, false).institution(), None);
    }

    /// Recording cells is decided when the finding is made; an exemption or a
    /// decision added later does not start it.
    #[test]
    fn only_a_traced_finding_records_its_cells() {
        let mut plain = Finding::new(0, Some(0), 2020, false);
        plain.extra.push(1, FieldId(2));
        let applied = Exemption {
            original: Status::Fail,
            reason: "r".into(),
            approved_by: "a".into(),
            document: None,
            expires: NaiveDate::MIN,
        };
        plain.exempt(applied.clone());
        plain.extra.push(1, FieldId(2));
        assert_eq!(plain.inputs(), &[]);
        assert_eq!(
            (plain.status, plain.exempted().map(|e| e.original)),
            (Status::Exempted, Some(Status::Fail))
        );

        let mut traced = Finding::new(0, Some(0), 2020, true);
        traced.extra.push(1, FieldId(2));
        traced.exempt(applied);
        assert_eq!(traced.inputs(), &[CellUse { row: 1, field: FieldId(2) }]);
        assert!(traced.reviewed().is_none());
    }
}
