//! Exact numbers.
//!
//! Every comparison wjvet makes is exact: values are rationals (`Ratio<i128>`), so
//! 17 of 20 teachers is exactly 85% and passes an 85% target, and a ratio of sums is
//! computed without rounding. Rounding happens only when a number is shown, and then
//! towards the side that cannot make a failing value look like a passing one.

use std::cmp::Ordering;

use num_rational::Ratio;
use num_traits::{Signed, ToPrimitive};

/// An exact rational number.
pub type Num = Ratio<i128>;

/// Parses a plain decimal such as `15000`, `0.85`, `-3` or `12.5` exactly.
///
/// Accepts only ASCII digits with an optional sign and one decimal point; callers
/// normalise full-width digits, separators and percent signs first.
pub fn parse_decimal(s: &str) -> Option<Num> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) || frac.len() > 18 || int.len() > 20 {
        return None;
    }
    let n = if frac.is_empty() {
        // Whole numbers are the common case: no string building, no gcd.
        Ratio::from_integer(int.parse::<i128>().ok()?)
    } else {
        let digits = format!("{int}{frac}");
        let denom = 10i128.checked_pow(u32::try_from(frac.len()).ok()?)?;
        Ratio::new(digits.parse::<i128>().ok()?, denom)
    };
    Some(if neg { -n } else { n })
}

/// Parses a target or value written as a percentage (`85%`) or a plain decimal (`0.85`).
pub fn parse_share(s: &str) -> Option<Num> {
    let s = s.trim();
    match s.strip_suffix('%') {
        Some(p) => parse_decimal(p).map(|n| n / Ratio::from_integer(100)),
        None => parse_decimal(s),
    }
}

/// How a number is meant to be read, which decides how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A whole count or an amount: shown as a decimal.
    Plain,
    /// A share: shown as a percentage.
    Percent,
}

/// Which way to round when a number must be shortened for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// Towards minus infinity: right for values compared with `>=`/`>`.
    Down,
    /// Towards plus infinity: right for values compared with `<=`/`<`.
    Up,
}

/// Formats `n` with at most `places` decimals, trimming trailing zeros.
pub fn format_num(n: &Num, places: u32, round: Round) -> String {
    let scale = Ratio::from_integer(10i128.pow(places));
    let scaled = n * scale;
    let whole = match round {
        Round::Down => scaled.floor(),
        Round::Up => scaled.ceil(),
    }
    .to_integer();
    let neg = whole < 0;
    let abs = whole.unsigned_abs();
    let div = 10u128.pow(places);
    let (int, frac) = (abs / div, abs % div);
    let mut out = if neg { String::from("-") } else { String::new() };
    out.push_str(&int.to_string());
    if places > 0 && frac != 0 {
        let f = format!("{frac:0width$}", width = places as usize);
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

/// Shows a number in its unit: `15000`, `85%`, `84.9%` (rounded down by default).
pub fn display(n: &Num, unit: Unit, round: Round) -> String {
    match unit {
        Unit::Plain => format_num(n, 2, round),
        Unit::Percent => format!("{}%", format_num(&(n * Ratio::from_integer(100)), 1, round)),
    }
}

/// A JSON-friendly rendering: integers stay integers, everything else becomes a
/// decimal string with up to 6 places so no float ever enters the output.
pub fn to_json(n: &Num) -> serde_json::Value {
    let n = &n.reduced();
    if let Some(i) = n.is_integer().then(|| n.to_integer().to_i64()).flatten() {
        return serde_json::Value::from(i);
    }
    serde_json::Value::String(format_num(n, 6, if n.is_negative() { Round::Up } else { Round::Down }))
}

/// A number as stored in a cell: 64-bit parts, half the size of [`Num`]. Cells are
/// many; arithmetic happens in [`Num`].
pub type Stored = Ratio<i64>;

/// Narrows a parsed number for storage; `None` when a part does not fit in 64 bits.
pub fn narrow(n: &Num) -> Option<Stored> {
    Some(Ratio::new_raw(i64::try_from(*n.numer()).ok()?, i64::try_from(*n.denom()).ok()?))
}

/// Narrows a computed number (a sum, a quotient) for keeping in a finding. Parts too
/// large for 64 bits (not reachable from real submissions, whose cells are 64-bit)
/// are reduced first and, failing that, saturated.
pub fn store(n: &Num) -> Stored {
    narrow(n).or_else(|| narrow(&n.reduced())).unwrap_or_else(|| {
        let v = n.to_integer().clamp(i128::from(i64::MIN), i128::from(i64::MAX));
        Ratio::from_integer(i64::try_from(v).unwrap_or(i64::MAX))
    })
}

/// Widens a stored number for arithmetic.
pub fn widen(n: &Stored) -> Num {
    Ratio::new_raw(i128::from(*n.numer()), i128::from(*n.denom()))
}

/// `n / d` without reducing by the gcd (comparisons cross-multiply, so the reduced
/// form is not needed); falls back to ordinary division when a sign or a product
/// would make the unreduced form wrong. `d` must not be zero.
pub fn quotient(n: &Num, d: &Num) -> Num {
    let (nn, nd, dn, dd) = (*n.numer(), *n.denom(), *d.numer(), *d.denom());
    match (nn.checked_mul(dd), nd.checked_mul(dn)) {
        (Some(a), Some(b)) if b > 0 => Ratio::new_raw(a, b),
        _ => n / d,
    }
}

/// Compares two rationals exactly by cross-multiplication, which is much cheaper than
/// the general `Ord` of `Ratio` (repeated division) and exact for any values a
/// submission can hold; falls back to that `Ord` if a product would overflow.
pub fn cmp(a: &Num, b: &Num) -> Ordering {
    let (an, ad, bn, bd) = (*a.numer(), *a.denom(), *b.numer(), *b.denom());
    if let (true, Some(l), Some(r)) = (ad > 0 && bd > 0, an.checked_mul(bd), bn.checked_mul(ad)) {
        return l.cmp(&r);
    }
    a.cmp(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: i128, b: i128) -> Num {
        Ratio::new(a, b)
    }

    #[test]
    fn parses_exact_decimals() {
        assert_eq!(parse_decimal("0.85"), Some(r(85, 100)));
        assert_eq!(parse_decimal("15000"), Some(r(15000, 1)));
        assert_eq!(parse_decimal("-2.5"), Some(r(-5, 2)));
        assert_eq!(parse_decimal(".5"), Some(r(1, 2)));
        assert_eq!(parse_decimal("1e3"), None);
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("."), None);
        assert_eq!(parse_decimal("1.2.3"), None);
    }

    #[test]
    fn parses_shares() {
        assert_eq!(parse_share("85%"), Some(r(85, 100)));
        assert_eq!(parse_share("0.85"), Some(r(85, 100)));
        assert_eq!(parse_share("12.5%"), Some(r(1, 8)));
    }

    #[test]
    fn seventeen_of_twenty_is_exactly_85_percent() {
        assert_eq!(r(17, 20), parse_share("85%").unwrap());
    }

    #[test]
    fn display_never_rounds_a_failure_up() {
        // 84.99% would round to 85.0%; shown rounded down it stays visibly below target.
        assert_eq!(display(&r(8499, 10000), Unit::Percent, Round::Down), "84.9%");
        assert_eq!(display(&r(17, 20), Unit::Percent, Round::Down), "85%");
        assert_eq!(display(&r(1, 3), Unit::Percent, Round::Up), "33.4%");
        assert_eq!(display(&r(15000, 1), Unit::Plain, Round::Down), "15000");
        assert_eq!(display(&r(-5, 2), Unit::Plain, Round::Down), "-2.5");
    }

    #[test]
    fn cross_multiplication_agrees_with_ord() {
        let vals = [r(17, 20), r(85, 100), r(1, 3), r(-2, 5), r(0, 1), r(170, 200), r(169, 200)];
        for a in &vals {
            for b in &vals {
                assert_eq!(cmp(a, b), a.cmp(b), "{a} vs {b}");
            }
        }
        let huge = Ratio::new_raw(i128::MAX / 2, 3);
        assert_eq!(cmp(&huge, &r(1, 1)), Ordering::Greater, "overflow falls back to Ord");
    }

    #[test]
    fn quotient_is_exact() {
        assert_eq!(quotient(&r(17, 1), &r(20, 1)), r(17, 20));
        assert_eq!(cmp(&quotient(&r(170, 1), &r(200, 1)), &r(85, 100)), Ordering::Equal);
        assert_eq!(quotient(&r(1, 1), &r(-2, 1)), r(-1, 2));
    }

    #[test]
    fn storage_round_trips() {
        let n = r(17, 20);
        assert_eq!(widen(&narrow(&n).unwrap()), n);
        assert!(narrow(&Ratio::from_integer(i128::from(i64::MAX) + 1)).is_none());
    }

    #[test]
    fn json_keeps_integers_and_avoids_floats() {
        assert_eq!(to_json(&r(15000, 1)), serde_json::json!(15000));
        assert_eq!(to_json(&r(17, 20)), serde_json::json!("0.85"));
        assert_eq!(to_json(&r(1, 3)), serde_json::json!("0.333333"));
        assert_eq!(to_json(&Ratio::new_raw(200, 100)), serde_json::json!(2), "unreduced input");
    }
}
