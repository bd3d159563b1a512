//! Worksheet names: every name a workbook gets is one Excel opens and XML allows,
//! and no two are the same, however many institutions there are.
//!
//! Institution names come from submissions, so they may hold anything. A sheet name
//! is written into `xl/workbook.xml` as an attribute, where rust_xlsxwriter escapes
//! markup but not control characters, and Excel refuses `[]:*?/\`, an apostrophe at
//! either end, more than 31 UTF-16 units (not characters: 𠀀 counts two) and a name
//! equal to another up to case, or to `History`, which it reserves. Each of those is
//! replaced or cut here. Uniqueness is a set of lower-cased names and, per base
//! name, the next number to try, so naming n sheets costs n lookups rather than n².

use std::collections::{HashMap, HashSet};

/// Excel's longest sheet name, in UTF-16 units.
pub const MAX_LEN: usize = 31;

/// The names given so far in one workbook.
#[derive(Debug, Clone)]
pub struct SheetNames {
    /// Lower-cased, as Excel and rust_xlsxwriter compare them.
    used: HashSet<String>,
    /// Lower-cased base name -> the next `(n)` to try for it.
    next: HashMap<String, usize>,
}

impl Default for SheetNames {
    fn default() -> SheetNames {
        SheetNames::new()
    }
}

impl SheetNames {
    pub fn new() -> SheetNames {
        // Excel keeps `History` for change tracking and will not open a sheet of that name.
        SheetNames { used: HashSet::from(["history".to_string()]), next: HashMap::new() }
    }

    /// A valid name not given before, made from `name`: forbidden characters become
    /// `_`, and a name already given gets ` (2)`, ` (3)`... within the length limit.
    pub fn claim(&mut self, name: &str) -> String {
        let base = clean(name);
        let key = base.to_lowercase();
        if self.used.insert(key.clone()) {
            return base;
        }
        let mut n = self.next.get(&key).copied().unwrap_or(2);
        loop {
            let suffix = format!("({n})");
            let candidate = format!("{}{suffix}", cut(&base, MAX_LEN - suffix.len()));
            n += 1;
            if self.used.insert(candidate.to_lowercase()) {
                self.next.insert(key, n);
                return candidate;
            }
        }
    }
}

/// Whether Excel or XML forbids `c` in a sheet name.
fn forbidden(c: char) -> bool {
    "[]:*?/\\".contains(c) || c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// `name` with forbidden characters replaced, no apostrophe or space at either end,
/// and at most [`MAX_LEN`] UTF-16 units; `_` if nothing is left.
pub fn clean(name: &str) -> String {
    let replaced: String = name.chars().map(|c| if forbidden(c) { '_' } else { c }).collect();
    let trimmed = replaced.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    // Cutting can leave an apostrophe or a space at the end again.
    let cut = cut(trimmed, MAX_LEN).trim_end_matches(|c: char| c == '\'' || c.is_whitespace());
    if cut.is_empty() { "_".to_string() } else { cut.to_string() }
}

/// The longest prefix of `s` of at most `units` UTF-16 units.
fn cut(s: &str, units: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.len_utf16();
        if used > units {
            return &s[..i];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> usize {
        s.encode_utf16().count()
    }

    #[test]
    fn forbidden_characters_and_quotes_are_replaced() {
        let mut names = SheetNames::new();
        assert_eq!(names.claim("a/b:c"), "a_b_c");
        assert_eq!(names.claim("x\u{1}y\u{7f}z\u{85}"), "x_y_z_");
        assert_eq!(names.claim("'quoted'"), "quoted");
        assert_eq!(names.claim("'"), "_");
        assert_eq!(names.claim("[*?]"), "____");
    }

    #[test]
    fn names_are_unique_up_to_case_and_history_is_reserved() {
        let mut names = SheetNames::new();
        assert_eq!(names.claim("汇总"), "汇总");
        assert_eq!(names.claim("汇总"), "汇总(2)");
        assert_eq!(names.claim("汇总"), "汇总(3)");
        assert_eq!(names.claim("School"), "School");
        assert_eq!(names.claim("SCHOOL"), "SCHOOL(2)");
        assert_eq!(names.claim("History"), "History(2)");
        // A name that is some earlier name's numbered form is still not reused.
        assert_eq!(names.claim("汇总(4)"), "汇总(4)");
        assert_eq!(names.claim("汇总"), "汇总(5)");
    }

    #[test]
    fn length_is_counted_in_utf16_units() {
        let mut names = SheetNames::new();
        let long = "很".repeat(40);
        let a = names.claim(&long);
        let b = names.claim(&long);
        assert_eq!((utf16(&a), utf16(&b)), (31, 31));
        assert_ne!(a, b);
        // Characters outside the BMP take two units each.
        let wide = names.claim(&"𠀀".repeat(20));
        assert_eq!(wide, "𠀀".repeat(15));
        let cut_to_quote = names.claim(&format!("{}'x", "a".repeat(30)));
        assert_eq!(cut_to_quote, "a".repeat(30), "no apostrophe left at the end");
    }

    #[test]
    fn thousands_of_one_name_stay_unique() {
        let mut names = SheetNames::new();
        let all: HashSet<String> = (0..5000).map(|_| names.claim("学校").to_lowercase()).collect();
        assert_eq!(all.len(), 5000);
        assert!(all.iter().all(|n| utf16(n) <= MAX_LEN));
    }
}
