//! Reading a measure from rows and comparing it with a target, exactly.
//!
//! A measure is one field or a ratio of two. For one institution it is read from its
//! row; for the district each field is summed first and the ratio taken after (a
//! ratio of sums, never an average of ratios). A missing cell makes the measure
//! missing — it is never read as zero — and a zero denominator makes it undefined.

use super::finding::{Actual, Extra};
use crate::data::{Row, Value};
use crate::num::{Num, Unit, widen};
use crate::plan::{Comparator, Condition, FieldId, Measure, Plan, Target};

/// A measure's value, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    Num {
        value: Num,
        actual: Actual,
    },
    Bool(bool),
    /// These fields were empty or not submitted.
    Missing(Vec<FieldId>),
    /// The denominator is zero: there is nothing to take a share of.
    ZeroDenominator(FieldId),
}

/// Reads `measure` from one row, recording the cells used.
pub fn read(plan: &Plan, measure: &Measure, row: &Row, row_index: usize, used: &mut Extra) -> Reading {
    for field in measure.fields() {
        used.push(row_index, field);
    }
    match measure {
        Measure::Field(f) => match row.get(*f).as_deref() {
            Some(Value::Bool(b)) => Reading::Bool(*b),
            Some(Value::Num(n)) => {
                let n = crate::num::widen(n);
                Reading::Num { value: n, actual: Actual::number(&n, measure.unit(plan)) }
            }
            _ => Reading::Missing(vec![*f]),
        },
        Measure::Ratio { numerator, denominator, .. } => {
            ratio(row.num(*numerator), row.num(*denominator), *numerator, *denominator, measure.unit(plan))
        }
    }
}

/// Builds the reading of `n / d` from two optional values.
pub fn ratio(n: Option<Num>, d: Option<Num>, nf: FieldId, df: FieldId, unit: Unit) -> Reading {
    match (n, d) {
        (Some(_), Some(d)) if d == Num::from_integer(0) => Reading::ZeroDenominator(df),
        (Some(n), Some(d)) => Reading::Num {
            // Unreduced: comparisons cross-multiply, so no gcd is needed here.
            value: crate::num::quotient(&n, &d),
            actual: Actual::ratio(&n, &d, unit),
        },
        (n, d) => {
            let mut missing = Vec::new();
            if n.is_none() {
                missing.push(nf);
            }
            if d.is_none() {
                missing.push(df);
            }
            Reading::Missing(missing)
        }
    }
}

/// Whether `value comparator target` holds.
pub fn holds_num(value: &Num, comparator: Comparator, target: &Target) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let c = |t: &Num| crate::num::cmp(value, t);
    match (comparator, target) {
        (Comparator::Ge, Target::Num(t)) => c(t) != Less,
        (Comparator::Gt, Target::Num(t)) => c(t) == Greater,
        (Comparator::Le, Target::Num(t)) => c(t) != Greater,
        (Comparator::Lt, Target::Num(t)) => c(t) == Less,
        (Comparator::Eq, Target::Num(t)) => c(t) == Equal,
        (Comparator::Between, Target::Range(lo, hi)) => c(lo) != Less && c(hi) != Greater,
        _ => false,
    }
}

/// Whether a reading meets a condition; `None` when it cannot be judged.
pub fn meets(reading: &Reading, cond: &Condition) -> Option<bool> {
    match (reading, &cond.target) {
        (Reading::Num { value, .. }, t) => Some(holds_num(value, cond.comparator, t)),
        (Reading::Bool(b), Target::Bool(t)) => Some(b == t),
        _ => None,
    }
}

/// How many more units of the numerator (or the field) would meet a `>=`/`>` target:
/// the progress a pending or failing school is shown. `None` for other comparators.
pub fn shortfall(actual: &Actual, comparator: Comparator, target: &Target) -> Option<Num> {
    let Target::Num(t) = target else { return None };
    let needed = |have: Num, need: Num| -> Option<Num> {
        let short = match comparator {
            Comparator::Ge => need.ceil() - have,
            Comparator::Gt => need.floor() + Num::from_integer(1) - have,
            _ => return None,
        };
        (short > Num::from_integer(0)).then_some(short)
    };
    match actual {
        Actual::Ratio { numerator, denominator, .. } => needed(widen(numerator), t * widen(denominator)),
        Actual::Number { value, .. } => {
            let value = widen(value);
            match comparator {
                Comparator::Ge => (*t > value).then(|| t - value),
                Comparator::Gt => needed(value, *t),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::parse_share;

    fn r(a: i128, b: i128) -> Num {
        Num::new(a, b)
    }

    #[test]
    fn inclusive_bounds_are_exact() {
        let t = Target::Num(parse_share("85%").unwrap());
        assert!(holds_num(&r(17, 20), Comparator::Ge, &t), "17/20 is exactly 85%");
        assert!(!holds_num(&r(16, 20), Comparator::Ge, &t));
        assert!(!holds_num(&r(17, 20), Comparator::Gt, &t));
        let range = Target::Range(r(45, 100), r(55, 100));
        assert!(holds_num(&r(45, 100), Comparator::Between, &range));
        assert!(holds_num(&r(55, 100), Comparator::Between, &range));
        assert!(!holds_num(&r(56, 100), Comparator::Between, &range));
    }

    #[test]
    fn zero_denominator_and_missing_are_not_zero() {
        let (nf, df) = (FieldId(0), FieldId(1));
        assert_eq!(ratio(Some(r(3, 1)), Some(r(0, 1)), nf, df, Unit::Percent), Reading::ZeroDenominator(df));
        assert_eq!(ratio(None, Some(r(3, 1)), nf, df, Unit::Percent), Reading::Missing(vec![nf]));
        assert_eq!(ratio(None, None, nf, df, Unit::Percent), Reading::Missing(vec![nf, df]));
    }

    #[test]
    fn shortfall_counts_whole_people() {
        // 16 of 20 at 85%: one more teacher makes 17/20.
        let a = Actual::ratio(&r(16, 1), &r(20, 1), Unit::Percent);
        let t = Target::Num(parse_share("85%").unwrap());
        assert_eq!(shortfall(&a, Comparator::Ge, &t), Some(r(1, 1)));
        // 33 of 41 at 85%: 0.85 * 41 = 34.85, so 35 are needed, two more.
        let a = Actual::ratio(&r(33, 1), &r(41, 1), Unit::Percent);
        assert_eq!(shortfall(&a, Comparator::Ge, &t), Some(r(2, 1)));
        let n = Actual::number(&r(14000, 1), crate::num::Unit::Plain);
        assert_eq!(shortfall(&n, Comparator::Ge, &Target::Num(r(15000, 1))), Some(r(1000, 1)));
        assert_eq!(shortfall(&n, Comparator::Ge, &Target::Num(r(100, 1))), None);
    }
}
