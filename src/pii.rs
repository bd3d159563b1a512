//! Personal data in rosters: resident identity numbers read, checked and masked.
//!
//! A roster (花名册) names people, and inspectors verify counts against it, so
//! wjvet must read identity numbers without ever printing one. The key decision: an
//! identity number is parsed into [`IdNumber`], which has no `Display` and no
//! accessor for its digits; the only ways out are [`IdNumber::masked`]
//! (`510***********1234`) and the facts a rule needs (birth date, age). A number
//! that fails the GB 11643 check digit is an error naming the row and showing the
//! masked form, because a typo in one digit would otherwise count a person twice or
//! not at all. Names are masked too (`张*`). With a key (`--pii-key`), a
//! [`Pseudonym`] shows `pid:` and a keyed hash instead of the masked form, so one
//! person can be followed across files and runs; the hash is computed here, so the
//! digits still never leave this file.

use chrono::{Datelike, NaiveDate};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Why a cell is not a valid identity number. The cell is never echoed whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdError {
    /// Not 18 characters (after removing spaces).
    Length(usize),
    /// A character other than digits (and a final X).
    NotDigits,
    /// Excel showed a long number in scientific form (5.10104E+17): the last digits
    /// are already lost in the file.
    Scientific,
    /// The embedded birth date is not a date.
    BirthDate,
    /// The check digit does not match (a digit was mistyped).
    CheckDigit,
}

/// A resident identity number that passed every check. Deliberately opaque.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber([u8; 18]);

impl std::fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

/// GB 11643-1999 weights for the first 17 digits (ISO 7064 MOD 11-2).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum modulo 11.
const CHECK: &[u8; 11] = b"10X98765432";

/// The check character the first 17 digits call for.
pub fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize]
}

impl IdNumber {
    /// Reads a cell: full-width digits and spaces are tolerated (a clerk's input
    /// method), a lower-case x is read as X; nothing else is guessed.
    pub fn parse(cell: &str) -> Result<IdNumber, IdError> {
        // Most cells are 18 ASCII characters as typed: checked in place, no copy.
        let b = cell.as_bytes();
        if b.len() == 18
            && b[..17].iter().all(u8::is_ascii_digit)
            && (b[17].is_ascii_digit() || b[17] == b'X')
        {
            return Self::checked(b);
        }
        let narrowed = crate::fold::narrow(cell);
        let s: String = narrowed.chars().filter(|c| !c.is_whitespace()).collect();
        let upper = s.to_ascii_uppercase();
        if upper.contains("E+") && upper.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'E' | '+')) {
            return Err(IdError::Scientific);
        }
        let bytes = upper.as_bytes();
        if bytes.len() != 18 {
            return Err(IdError::Length(upper.chars().count()));
        }
        let body_ok = bytes[..17].iter().all(u8::is_ascii_digit);
        if !body_ok || !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
            return Err(IdError::NotDigits);
        }
        Self::checked(bytes)
    }

    /// 17 digits and a digit or `X`: checks the birth date and the check digit.
    fn checked(bytes: &[u8]) -> Result<IdNumber, IdError> {
        let mut id = [0u8; 18];
        id.copy_from_slice(bytes);
        let n = IdNumber(id);
        if n.birth_date().is_none() {
            return Err(IdError::BirthDate);
        }
        if check_char(&id[..17]) != id[17] {
            return Err(IdError::CheckDigit);
        }
        Ok(n)
    }

    /// The date of birth the number encodes (digits 7–14).
    /// The number as an integer below 10^17 (its first 17 digits; the last is their
    /// check digit), for telling two records apart. Never shown.
    pub fn ordinal(&self) -> u64 {
        self.0[..17].iter().fold(0, |n, d| n * 10 + u64::from(d - b'0'))
    }

    pub fn birth_date(&self) -> Option<NaiveDate> {
        let digits = |r: std::ops::Range<usize>| {
            self.0[r]
                .iter()
                .try_fold(0u32, |acc, d| d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0')))
        };
        let year = i32::try_from(digits(6..10)?).ok()?;
        let date = NaiveDate::from_ymd_opt(year, digits(10..12)?, digits(12..14)?)?;
        (1900..=2100).contains(&date.year()).then_some(date)
    }

    /// Age in whole years on `on` (a birthday counts from its day).
    pub fn age_on(&self, on: NaiveDate) -> Option<u32> {
        let born = self.birth_date()?;
        let mut age = on.year() - born.year();
        if (on.month(), on.day()) < (born.month(), born.day()) {
            age -= 1;
        }
        u32::try_from(age).ok()
    }

    /// The only printable form: the first three and last four characters.
    pub fn masked(&self) -> String {
        let s = std::str::from_utf8(&self.0).unwrap_or("??????????????????");
        format!("{}***********{}", &s[..3], &s[14..])
    }
}

/// The shortest `--pii-key` accepted, in bytes: a shorter key could be guessed, and
/// with it every number (there are only about 10^10 valid ones per region and year).
pub const MIN_KEY_BYTES: usize = 16;

/// How a person's identity number is shown: masked (the default), or as `pid:` and
/// the first 16 hex characters of HMAC-SHA256(key, the 18 characters).
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Pseudonym {
    #[default]
    Mask,
    Keyed(Vec<u8>),
}

impl std::fmt::Debug for Pseudonym {
    /// Never the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pseudonym::Mask => f.write_str("Mask"),
            Pseudonym::Keyed(_) => f.write_str("Keyed(..)"),
        }
    }
}

/// The fewest digits read as someone's identity number wherever they stand: an old
/// 15-digit number, and anything longer (an 18-character one, a bank account).
const ID_DIGITS: usize = 15;

/// Why a key is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShortKey(pub usize);

impl Pseudonym {
    /// A keyed pseudonym; a key shorter than [`MIN_KEY_BYTES`] is refused.
    pub fn keyed(key: &[u8]) -> Result<Pseudonym, ShortKey> {
        if key.len() < MIN_KEY_BYTES {
            return Err(ShortKey(key.len()));
        }
        Ok(Pseudonym::Keyed(key.to_vec()))
    }

    /// A valid identity number as shown: masked, or its keyed hash.
    pub fn person(&self, id: &IdNumber) -> String {
        match self {
            Pseudonym::Mask => id.masked(),
            Pseudonym::Keyed(key) => keyed_hash(key, &id.0),
        }
    }

    /// A raw cell meant to hold an identity number (valid or not) as shown: masked
    /// by [`mask_cell`], or the keyed hash of the cell as [`IdNumber::parse`] reads it
    /// (full-width digits narrowed, spaces dropped, upper case), so a number typed
    /// the same wrong way twice gets one pseudonym.
    pub fn cell(&self, cell: &str) -> String {
        match self {
            Pseudonym::Mask => mask_cell(cell),
            Pseudonym::Keyed(key) => {
                let narrowed = crate::fold::narrow(cell);
                let s: String = narrowed.chars().filter(|c| !c.is_whitespace()).collect();
                keyed_hash(key, s.to_ascii_uppercase().as_bytes())
            }
        }
    }

    /// `text` (a cell echoed in a message, whatever its column) with every run of
    /// [`ID_DIGITS`] or more digits shown as [`Pseudonym::cell`] shows an identity
    /// number: a row shifted by one column puts the number where hours, a date or a
    /// grade belong, and that cell is echoed. A run may be full-width, grouped by
    /// single spaces and end in X. `None` when there is no such run.
    pub fn ids_in(&self, text: &str) -> Option<String> {
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        if text.chars().filter(|c| digit(*c)).count() < ID_DIGITS {
            return None;
        }
        let chars: Vec<char> = text.chars().collect();
        let (mut out, mut changed, mut i) = (String::with_capacity(text.len()), false, 0);
        while i < chars.len() {
            if !digit(chars[i]) {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let (mut end, mut digits, mut j) = (i, 0, i);
            while j < chars.len() {
                if digit(chars[j]) {
                    digits += 1;
                    j += 1;
                    end = j;
                } else if chars[j].is_whitespace() && chars.get(j + 1).is_some_and(|c| digit(*c)) {
                    j += 1;
                } else {
                    break;
                }
            }
            if chars.get(end).is_some_and(|c| matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')) {
                digits += 1;
                end += 1;
            }
            let run: String = chars[i..end].iter().collect();
            if digits >= ID_DIGITS {
                out.push_str(&self.cell(&run));
                changed = true;
            } else {
                out.push_str(&run);
            }
            i = end;
        }
        changed.then_some(out)
    }
}

/// `pid:` and the first 16 hex characters (64 bits) of HMAC-SHA256(key, bytes).
fn keyed_hash(key: &[u8], bytes: &[u8]) -> String {
    use std::fmt::Write;
    // HMAC takes a key of any length: `new_from_slice` cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return "pid:?".to_string();
    };
    mac.update(bytes);
    let digest = mac.finalize().into_bytes();
    let mut out = String::from("pid:");
    for b in &digest[..8] {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Masks a raw cell that may hold an identity number, valid or not, for a message
/// about it: never more than the first three and last four characters, and of those
/// only digits (and a final X). A clerk may type the name with the number
/// (`张三 5101…`) or the name alone: a name is a name wherever it is typed.
pub fn mask_cell(cell: &str) -> String {
    let chars: Vec<char> = cell.trim().chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let last = chars.len() - 1;
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let kept =
                (i < 3 || i + 4 > last) && (digit(c) || (i == last && matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')));
            if kept { c } else { '*' }
        })
        .collect()
}

/// Masks a person's name: the first character stays (张*, 欧阳** ), the rest are stars.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An identity number with a valid check digit, made from 17 digits.
    fn make(first17: &str) -> String {
        let c = check_char(first17.as_bytes()) as char;
        format!("{first17}{c}")
    }

    #[test]
    fn the_check_digit_follows_gb_11643() {
        // The standard's own worked example: 11010519491231002X.
        assert_eq!(check_char(b"11010519491231002"), b'X');
        assert!(IdNumber::parse("11010519491231002X").is_ok());
        assert!(IdNumber::parse("11010519491231002x").is_ok(), "a lower-case x is the same character");
        assert_eq!(IdNumber::parse("110105194912310021"), Err(IdError::CheckDigit));
    }

    #[test]
    fn one_mistyped_digit_is_always_caught() {
        let good = make("99000020050301123");
        assert!(IdNumber::parse(&good).is_ok());
        for pos in 0..17 {
            for d in b'0'..=b'9' {
                let mut b = good.clone().into_bytes();
                if b[pos] == d {
                    continue;
                }
                b[pos] = d;
                let typo = String::from_utf8(b).unwrap();
                assert!(IdNumber::parse(&typo).is_err(), "{pos}:{}", d as char);
            }
        }
    }

    #[test]
    fn what_a_spreadsheet_does_to_a_long_number_is_named() {
        assert_eq!(IdNumber::parse("9.90000200503011E+17"), Err(IdError::Scientific));
        assert_eq!(IdNumber::parse("990000200503011"), Err(IdError::Length(15)));
        let good = make("99000020050301123");
        let wide: String =
            good.chars().map(|c| char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap_or(c)).collect();
        assert_eq!(IdNumber::parse(&wide), IdNumber::parse(&good), "full-width digits");
        assert!(IdNumber::parse(&wide).is_ok());
        let spaced = format!("{} {} {}", &good[..6], &good[6..14], &good[14..]);
        assert!(IdNumber::parse(&spaced).is_ok(), "spaces between the groups");
        assert_eq!(IdNumber::parse("99000020050301123A"), Err(IdError::NotDigits));
        assert_eq!(IdNumber::parse(&make("99000020051301123")), Err(IdError::BirthDate), "month 13");
    }

    #[test]
    fn only_the_masked_form_can_be_printed() {
        let n = IdNumber::parse(&make("99000020050301123")).unwrap();
        let full = make("99000020050301123");
        assert_eq!(n.masked(), format!("990***********{}", &full[14..]));
        assert_eq!(n.masked().chars().count(), 18);
        assert!(!format!("{n:?}").contains(&full[..14]), "Debug masks too");
        assert_eq!(mask_cell("12345678901"), "123****8901");
        assert_eq!(mask_cell("123"), "***");
        assert_eq!(mask_cell("11010519491231002X"), "110***********002X");
        assert_eq!(mask_cell("张三 990000200503011234"), format!("{}1234", "*".repeat(17)), "never a name");
        assert_eq!(mask_cell("阿卜杜热合曼·买买提"), "**********");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳小明"), "欧***");
    }

    #[test]
    fn a_keyed_pseudonym_is_hmac_sha256_and_never_the_digits() {
        // RFC 4231 test case 2 checks the primitive: key "Jefe".
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let tag: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert!(tag.starts_with("5bdcc146bf60754e"), "{tag}");
        assert_eq!(keyed_hash(b"Jefe", b"what do ya want for nothing?"), "pid:5bdcc146bf60754e");

        let full = make("99000020050301123");
        let n = IdNumber::parse(&full).unwrap();
        let key = Pseudonym::keyed(b"0123456789abcdef").unwrap();
        let pid = key.person(&n);
        assert_eq!(pid.len(), 4 + 16);
        assert!(pid.starts_with("pid:") && !pid.contains(&full[14..]), "{pid}");
        assert_eq!(pid, key.person(&IdNumber::parse(&full).unwrap()), "the same person, the same pid");
        assert_eq!(key.cell(&full), pid, "a cell and the number it holds agree");
        let other = Pseudonym::keyed(b"0123456789abcdeF").unwrap();
        assert_ne!(other.person(&n), pid, "another key, another pid");
        assert_eq!(Pseudonym::Mask.person(&n), n.masked());
        assert_eq!(Pseudonym::keyed(b"0123456789abcde"), Err(ShortKey(15)));
        assert!(!format!("{key:?}").contains("0123"), "Debug never shows the key");
    }

    #[test]
    fn a_number_in_any_text_is_masked_as_an_identity_number_is() {
        let full = make("99000020050301123");
        let m = Pseudonym::Mask;
        let masked = format!("990***********{}", &full[14..]);
        assert_eq!(m.ids_in(&full), Some(masked.clone()));
        assert_eq!(m.ids_in(&format!("身份证 {full}，8 小时")), Some(format!("身份证 {masked}，8 小时")));
        let spaced = format!("{} {} {}", &full[..6], &full[6..14], &full[14..]);
        assert!(!m.ids_in(&spaced).unwrap().contains(&full[3..14]), "grouped by spaces");
        assert_eq!(m.ids_in("990000200503011"), Some("990********3011".into()), "an old 15-digit number");
        assert_eq!(m.ids_in("11010519491231002x"), Some("110***********002x".into()));
        for kept in ["8", "2020-03-01 至 2020-09-01", "99000020050301", "2,400.00", "张三"] {
            assert_eq!(m.ids_in(kept), None, "{kept}");
        }
        let key = Pseudonym::keyed(b"0123456789abcdef").unwrap();
        assert_eq!(key.ids_in(&format!("x{full}")), Some(format!("x{}", key.cell(&full))));
    }

    #[test]
    fn age_counts_whole_years_from_the_birthday() {
        let n = IdNumber::parse(&make("99000020080301123")).unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(n.birth_date(), Some(d("2008-03-01")));
        assert_eq!(n.age_on(d("2024-02-29")), Some(15));
        assert_eq!(n.age_on(d("2024-03-01")), Some(16), "the 16th birthday counts");
    }
}
