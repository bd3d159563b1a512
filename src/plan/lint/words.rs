//! The months, years and percentages a rule's title states, in Chinese or English,
//! for comparing with its `due` and `target`.
//!
//! Read narrowly on purpose: a number counts only with its unit beside it (`5月`,
//! `5 月`, `2019年`, `85%`, `85％`, `May`, `2019` in an English title), so "三年制"
//! or "3,000 teaching hours" are not mistaken for a year or a month. A range such
//! as `10—11月` yields its last month, the one a deadline falls in.

use crate::num::Num;

/// What a title states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Numbers {
    pub months: Vec<u32>,
    pub years: Vec<i32>,
    pub percents: Vec<Num>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The months, years and percentages in `title`.
pub fn numbers(title: &str) -> Numbers {
    let mut out = Numbers::default();
    let chars: Vec<char> = title.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let digits: String = chars[start..i].iter().collect();
        let glued_before = start > 0 && (chars[start - 1].is_ascii_alphanumeric() || chars[start - 1] == ',');
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let unit = chars.get(j).copied();
        match unit {
            Some('月') => out.months.extend(digits.parse::<u32>().ok().filter(|m| (1..=12).contains(m))),
            Some('年') => out.years.extend(digits.parse::<i32>().ok().filter(|y| (1900..=2100).contains(y))),
            Some('%' | '％') => out
                .percents
                .extend(crate::num::parse_share(&format!("{digits}%")).map(|p| p * Num::from_integer(100))),
            _ if !glued_before
                && digits.len() == 4
                && (digits.starts_with("19") || digits.starts_with("20")) =>
            {
                let after = chars.get(i).copied();
                if !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == ',') {
                    out.years.extend(digits.parse::<i32>().ok());
                }
            }
            _ => {}
        }
    }
    let lower = title.to_lowercase();
    for word in lower.split(|c: char| !c.is_ascii_alphabetic()) {
        if let Some(m) = MONTHS.iter().position(|name| *name == word) {
            out.months.push(u32::try_from(m + 1).unwrap_or(0));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(n: i128) -> Num {
        Num::from_integer(n)
    }

    #[test]
    fn chinese_months_years_and_percents_with_or_without_a_space() {
        let n = numbers("2019年6月前上报，5 月开展，达到85%，不少于12.5％");
        assert_eq!(n.months, [6, 5]);
        assert_eq!(n.years, [2019]);
        assert_eq!(n.percents, [pct(85), Num::new(25, 2)]);
    }

    #[test]
    fn english_month_names_and_bare_years() {
        let n = numbers("Order-class plan made by June 2019; every October–November");
        assert_eq!(n.months, [6, 10, 11]);
        assert_eq!(n.years, [2019]);
    }

    #[test]
    fn numbers_without_a_unit_are_not_read() {
        let n = numbers("三年制教学总学时不少于3000; at least 3,000 hours; 15000人; 10—11月; T2019; 2019th");
        assert_eq!(n.months, [11]);
        assert!(n.years.is_empty(), "{:?}", n.years);
        assert!(n.percents.is_empty());
    }

    #[test]
    fn may_is_a_month_only_as_a_word() {
        assert_eq!(numbers("before the end of May").months, [5]);
        assert!(numbers("Mayor's office; maybe").months.is_empty());
    }
}
