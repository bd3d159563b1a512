//! Exact numbers.
//!
//! Every comparison wjvet makes is exact: values are rationals (`Ratio<i128>`), so
//! 17 of 20 teachers is exactly 85% and passes an 85% target, and a ratio of sums is
//! computed without rounding. Rounding happens only when a number is shown, and then
//! towards the side that cannot make a failing value look like a passing one.

use std::cmp::Ordering;
use std::fmt::Write as _;

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
    } else if int.len() + frac.len() <= 18 {
        // Up to 18 digits fit in a u64: no string building, and the fraction is reduced
        // by the only factors a power of ten has, 2 and 5, with no i128 division.
        let mut n = int.bytes().chain(frac.bytes()).fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        let mut d = 10u64.pow(u32::try_from(frac.len()).ok()?);
        for p in [2, 5] {
            while n % p == 0 && d % p == 0 {
                n /= p;
                d /= p;
            }
        }
        Ratio::new_raw(i128::from(n), i128::from(d))
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
    fixed(n, 0, places, round)
}

/// Shows a number in its unit: `15000`, `85%`, `84.9%` (rounded down by default).
pub fn display(n: &Num, unit: Unit, round: Round) -> String {
    match unit {
        Unit::Plain => fixed(n, 0, 2, round),
        Unit::Percent => {
            let mut s = fixed(n, 2, 1, round);
            s.push('%');
            s
        }
    }
}

/// `n × 10^shift` with at most `places` decimals. A province-scale report shows
/// millions of numbers, so the digits come from one integer division when
/// `n × 10^(shift + places)` fits in 128 bits (it does for anything a submission
/// holds) rather than from rational products, each reduced by a gcd.
fn fixed(n: &Num, shift: u32, places: u32, round: Round) -> String {
    let whole = scaled(n, shift + places, round).unwrap_or_else(|| {
        let shifted = n * Ratio::from_integer(10i128.pow(shift));
        let scaled = shifted * Ratio::from_integer(10i128.pow(places));
        match round {
            Round::Down => scaled.floor(),
            Round::Up => scaled.ceil(),
        }
        .to_integer()
    });
    let abs = whole.unsigned_abs();
    let div = 10u128.pow(places);
    let (int, mut frac) = (abs / div, abs % div);
    let mut out = String::with_capacity(24);
    if whole < 0 {
        out.push('-');
    }
    // Writing to a String cannot fail.
    let _ = write!(out, "{int}");
    if places > 0 && frac != 0 {
        let mut width = places as usize;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        let _ = write!(out, ".{frac:0width$}");
    }
    out
}

/// `n × 10^power`, rounded to a whole number, in integer arithmetic; `None` when
/// the product would overflow or the denominator is not positive.
fn scaled(n: &Num, power: u32, round: Round) -> Option<i128> {
    let (p, q) = (*n.numer(), *n.denom());
    if q <= 0 {
        return None;
    }
    let a = p.checked_mul(10i128.checked_pow(power)?)?;
    let floor = a.div_euclid(q);
    Some(match round {
        Round::Up if a.rem_euclid(q) != 0 => floor + 1,
        _ => floor,
    })
}

/// A number in its JSON form: an integer, or a decimal string (see [`to_json`]).
/// Serialised directly, it spares a writer building a `serde_json::Value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonNum {
    Int(i64),
    Decimal(String),
}

impl serde::Serialize for JsonNum {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            JsonNum::Int(i) => s.serialize_i64(*i),
            JsonNum::Decimal(d) => s.serialize_str(d),
        }
    }
}

/// The JSON form of `n`: integers stay integers, everything else becomes a decimal
/// string with up to 6 places so no float ever enters the output.
pub fn json_num(n: &Num) -> JsonNum {
    let (p, q) = (*n.numer(), *n.denom());
    // An integer whatever the form (200/100 is 2), without reducing by the gcd.
    if p.checked_rem(q) == Some(0)
        && let Some(i) = p.checked_div(q).and_then(|i| i.to_i64())
    {
        return JsonNum::Int(i);
    }
    JsonNum::Decimal(format_num(n, 6, if n.is_negative() { Round::Up } else { Round::Down }))
}

/// [`json_num`] as a `serde_json::Value`.
pub fn to_json(n: &Num) -> serde_json::Value {
    match json_num(n) {
        JsonNum::Int(i) => serde_json::Value::from(i),
        JsonNum::Decimal(d) => serde_json::Value::String(d),
    }
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

/// `a × b` without reducing by the gcd (for comparison with [`cmp`]); falls back to
/// the reduced product when a part would overflow or a denominator is not positive.
pub fn product(a: &Num, b: &Num) -> Num {
    let (an, ad, bn, bd) = (*a.numer(), *a.denom(), *b.numer(), *b.denom());
    match (an.checked_mul(bn), ad.checked_mul(bd)) {
        (Some(n), Some(d)) if d > 0 => Ratio::new_raw(n, d),
        _ => a * b,
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
    fn unreduced_products_compare_as_reduced_ones() {
        let (pay, wage, share) = (r(2400, 1), r(3000, 1), r(8, 10));
        assert_eq!(cmp(&pay, &product(&wage, &share)), Ordering::Equal);
        assert_eq!(cmp(&r(239_999, 100), &product(&wage, &share)), Ordering::Less);
        assert_eq!(product(&r(-3, 4), &r(2, -5)), r(3, 10), "a negative denominator falls back");
        let big = r(i128::MAX / 2, 1);
        assert_eq!(product(&big, &r(4, 2)), big * r(2, 1), "an overflow falls back to the reduced product");
    }

    #[test]
    fn short_decimals_are_reduced_as_long_ones_are() {
        for (s, n, d) in [
            ("7.5", 15, 2),
            ("0.80", 4, 5),
            ("2.000", 2, 1),
            ("0.0", 0, 1),
            ("0.125", 1, 8),
            ("12.34", 617, 50),
        ] {
            let got = parse_decimal(s).unwrap();
            assert_eq!((*got.numer(), *got.denom()), (n, d), "{s}");
        }
        let long = parse_decimal("1234567890.1234567891").unwrap();
        assert_eq!(long, r(12_345_678_901_234_567_891, 10_000_000_000));
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
        assert_eq!(to_json(&Ratio::new_raw(-4, -2)), serde_json::json!(2), "negative denominator");
        assert_eq!(to_json(&Ratio::new_raw(-7, 2)), serde_json::json!("-3.5"));
        let huge = Ratio::from_integer(i128::from(i64::MAX) + 1);
        assert_eq!(to_json(&huge), serde_json::json!("9223372036854775808"), "past i64: a string");
    }

    /// The digits as they were made before the integer fast path: products of
    /// rationals, each reduced, then floor or ceiling. The oracle for [`fixed`].
    fn by_ratios(n: &Num, shift: u32, places: u32, round: Round) -> String {
        let shifted = if shift == 0 { *n } else { n * Ratio::from_integer(10i128.pow(shift)) };
        let scaled = shifted * Ratio::from_integer(10i128.pow(places));
        let whole = match round {
            Round::Down => scaled.floor(),
            Round::Up => scaled.ceil(),
        }
        .to_integer();
        let abs = whole.unsigned_abs();
        let div = 10u128.pow(places);
        let (int, frac) = (abs / div, abs % div);
        let mut out = if whole < 0 { String::from("-") } else { String::new() };
        out.push_str(&int.to_string());
        if places > 0 && frac != 0 {
            let f = format!("{frac:0width$}", width = places as usize);
            out.push('.');
            out.push_str(f.trim_end_matches('0'));
        }
        out
    }

    #[test]
    fn integer_digits_agree_with_rational_arithmetic() {
        let mut values: Vec<Num> = Vec::new();
        for p in (-1001..=1001).step_by(7) {
            for q in [1, 2, 3, 6, 7, 8, 20, 30, 97, 100, 1000, 4096, 999_983] {
                values.push(Ratio::new_raw(p, q));
                values.push(Ratio::new_raw(p * 1_000_003, q));
            }
        }
        // A negative denominator takes the rational path; both must agree.
        values.push(Ratio::new_raw(5, -3));
        values.push(Ratio::new_raw(-7, -30));
        for n in &values {
            for places in 0..=6 {
                for round in [Round::Down, Round::Up] {
                    assert_eq!(fixed(n, 0, places, round), by_ratios(n, 0, places, round), "{n} {places}");
                    assert_eq!(fixed(n, 2, 1, round), by_ratios(n, 2, 1, round), "{n} as a percentage");
                }
            }
        }
        assert_eq!(display(&r(2, 3), Unit::Percent, Round::Down), "66.6%");
        assert_eq!(display(&r(-2, 3), Unit::Percent, Round::Up), "-66.6%");
        assert_eq!(format_num(&r(1, 8), 6, Round::Down), "0.125");
    }
}
