//! Rows that look like one institution counted twice: two names, one school.
//!
//! An exact duplicate (same institution, same year) is already an error. This looks
//! for what slips past it: the same year reported under two names whose folds are one
//! character apart (城东区德远职业学校 / 城东区德远职业学院), or two differently named
//! rows of one year whose field values are all identical (a row copied and renamed).
//! Either would double a district sum without a word, so each is reported as a
//! warning naming both rows; wjvet cannot know which is right, so it decides nothing.
//!
//! Both searches are linear: identical rows by hashing their values, near names by a
//! deletion index (two names one edit apart share a key made by deleting one
//! character from each, or from the longer), never by comparing every pair. The key
//! decision is to hash what is already stored (numbers as numerator and denominator,
//! names as characters) into one word and sort, building no string and no map of
//! vectors per row; a hash only proposes a pair, and equal values or an edit
//! distance of one decide it, so a collision can never add a warning.

use std::collections::HashMap;

use chrono::Datelike;

use super::load::Cx;
use super::model::{Dataset, Value};
use super::packed::PackedValues;
use crate::diag::{Code, Diagnostic, Location};
use crate::fold::fold;
use crate::text;

/// Rows with fewer filled field cells than this are not compared by value: two
/// nearly empty rows are alike by chance, not by copying.
const MIN_FILLED_TO_COMPARE: usize = 3;

/// A deletion key shared by more names than this is too common to say anything
/// (very short names); its names are not paired through it.
const MAX_NAMES_PER_KEY: usize = 64;

impl Cx<'_> {
    /// Reports rows of one year that may be one institution under two names.
    pub(super) fn possible_duplicates(&mut self) {
        let mut found: Vec<(usize, usize, bool)> = Vec::new(); // (earlier row, later row, by name)
        self.same_values(&mut found);
        self.near_names(&mut found);
        found.sort_unstable();
        found.dedup_by_key(|(a, b, _)| (*a, *b));
        let dataset = &self.dataset;
        for (a, b, by_name) in found {
            self.diags.push_with(Code::PossibleDuplicateInstitution, || {
                duplicate_diagnostic(dataset, a, b, by_name)
            });
        }
    }

    fn same_values(&self, found: &mut Vec<(usize, usize, bool)>) {
        let rows = &self.dataset.rows;
        // (hash of year and values, row): equal rows hash alike, so sorting brings
        // them together; a shared hash is only a candidate until the values compare.
        let mut keyed: Vec<(u64, usize)> = rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.values.filled() >= MIN_FILLED_TO_COMPARE)
            .map(|(i, row)| (row_hash(row.year, &row.values), i))
            .collect();
        keyed.sort_unstable();
        for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
            for (k, &(_, i)) in run.iter().enumerate() {
                let same = |&&(_, j): &&(u64, usize)| {
                    rows[j].year == rows[i].year && rows[j].values == rows[i].values
                };
                // The earliest row with these values, as reading in order meets it.
                if let Some(&(_, first)) = run[..k].iter().find(same)
                    && rows[first].institution != rows[i].institution
                {
                    found.push((first, i, false));
                }
            }
        }
    }

    fn near_names(&self, found: &mut Vec<(usize, usize, bool)>) {
        // With a registry every institution in the data is registered (any other name
        // was refused as unknown-institution), and registered pairs are never paired:
        // the bureau's run skips building the index.
        if self.dataset.registry.complete {
            return;
        }
        let institutions = &self.dataset.institutions;
        let folded: Vec<Vec<char>> = institutions.iter().map(|i| fold(&i.name).chars().collect()).collect();
        // (hash of a deletion key, name): a key is hashed, never built as a string. Two
        // keys that only collide make a candidate the edit distance then rejects.
        let mut index: Vec<(u64, usize)> = Vec::new();
        for (n, chars) in folded.iter().enumerate() {
            index.push((chars_hash(chars.iter()), n));
            for skip in 0..chars.len() {
                let key = chars_hash(chars.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, c)| c));
                index.push((key, n));
            }
        }
        index.sort_unstable();
        index.dedup();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for names in index.chunk_by(|a, b| a.0 == b.0).filter(|v| v.len() > 1 && v.len() <= MAX_NAMES_PER_KEY)
        {
            for (k, &(_, a)) in names.iter().enumerate() {
                for &(_, b) in &names[k + 1..] {
                    // Two registered institutions were told apart by the registry.
                    let registered =
                        institutions[a].registered.is_some() && institutions[b].registered.is_some();
                    // Both tests are linear; a province of numbered schools shares
                    // many keys, so no quadratic edit distance is run per pair.
                    if !registered
                        && !differ_by_a_numeral(&folded[a], &folded[b])
                        && one_edit_apart(&folded[a], &folded[b])
                    {
                        pairs.push((a.min(b), a.max(b)));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        if pairs.is_empty() {
            return;
        }
        let mut partners: HashMap<usize, Vec<usize>> = HashMap::new();
        for (a, b) in pairs {
            partners.entry(a).or_default().push(b);
        }
        let mut by_key: HashMap<(usize, i32), usize> = HashMap::new();
        for (i, r) in self.dataset.rows.iter().enumerate() {
            by_key.insert((r.institution, r.year), i);
        }
        for (i, r) in self.dataset.rows.iter().enumerate() {
            for b in partners.get(&r.institution).into_iter().flatten() {
                if let Some(&j) = by_key.get(&(*b, r.year)) {
                    found.push((i.min(j), i.max(j), true));
                }
            }
        }
    }
}

fn duplicate_diagnostic(dataset: &Dataset, a: usize, b: usize, by_name: bool) -> Diagnostic {
    let (first, second) = (&dataset.rows[a], &dataset.rows[b]);
    let name_a = &dataset.institutions[first.institution].name;
    let name_b = &dataset.institutions[second.institution].name;
    let year = second.year;
    let file_a = &dataset.files[first.file].path;
    let place = format!("{file_a}:{}", first.line);
    let file_b = &dataset.files[second.file].path;
    let message = if by_name {
        text!(
            "「{name_b}」与「{name_a}」（{place}）名称只差一个字，{year} 年都有数据：可能是同一所学校报了两次",
            "{name_b:?} and {name_a:?} ({place}) differ by one character and both report {year}: possibly one school counted twice"
        )
    } else {
        text!(
            "「{name_b}」{year} 年的各项数据与「{name_a}」（{place}）完全相同：可能是同一行改了校名",
            "{name_b:?} reports exactly the same {year} values as {name_a:?} ({place}): possibly one row copied under another name"
        )
    };
    Diagnostic::new(Code::PossibleDuplicateInstitution, Location::file(file_b).row(second.line), message)
        .value(name_b.as_str())
        .hint(text!(
            "若是同一所学校，统一校名并删除多余的一行；若是两所学校，请教育局用 --registry 登记两校",
            "if it is one school, use one name and delete the extra row; if two, the bureau registers both with --registry"
        ))
}

/// One step of a multiplicative hash (the Fx hash of rustc): fast on the few machine
/// words a cell or a character is, and good enough where every match is confirmed.
fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A hash of a row's year and cells as they are stored: the numbers' numerator and
/// denominator (kept in lowest terms, so equal values hash alike), no text built.
fn row_hash(year: i32, values: &PackedValues) -> u64 {
    let mut h = mix(0, u64::from(year.unsigned_abs()));
    for v in values.iter() {
        h = match v.as_deref() {
            None => mix(h, 0),
            // Parsed cells are in lowest terms; a fraction is reduced to be sure.
            Some(Value::Num(n)) if *n.denom() == 1 => mix(mix(h, 1), n.numer().cast_unsigned()),
            Some(Value::Num(n)) => {
                let n = n.reduced();
                mix(mix(mix(h, 1), n.numer().cast_unsigned()), n.denom().cast_unsigned())
            }
            Some(Value::Bool(b)) => mix(h, 2 + u64::from(*b)),
            Some(Value::Date(d)) => mix(mix(h, 4), u64::from(d.num_days_from_ce().unsigned_abs())),
            Some(Value::NotDone) => mix(h, 5),
            Some(Value::Text(t)) => t.bytes().fold(mix(h, 6), |h, b| mix(h, u64::from(b))),
        };
    }
    h
}

fn chars_hash<'a>(chars: impl Iterator<Item = &'a char>) -> u64 {
    chars.fold(0, |h, c| mix(h, u64::from(*c)))
}

/// Whether `a` and `b` are one edit apart (Levenshtein distance 1: one character
/// changed, added or removed), in one pass: what is left between their common
/// prefix and common suffix must be one character against one, or one against none.
fn one_edit_apart(a: &[char], b: &[char]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - start;
    let end = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
    let (ma, mb) = (a.len() - start - end, b.len() - start - end);
    matches!((ma, mb), (1, 1) | (1, 0) | (0, 1))
}

/// Whether two names one edit apart differ in a numeral: 第一中学 and 第二中学, 第10
/// and 第11 职业学校 are different schools by design, not one school misspelt.
fn differ_by_a_numeral(a: &[char], b: &[char]) -> bool {
    let numeral = |c: &char| c.is_ascii_digit() || "一二三四五六七八九十零〇两百".contains(*c);
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[start..], &b[start..]);
    let end = ra.iter().rev().zip(rb.iter().rev()).take_while(|(x, y)| x == y).count();
    ra[..ra.len() - end].iter().chain(&rb[..rb.len() - end]).any(numeral)
}

#[cfg(test)]
mod tests {
    use super::differ_by_a_numeral;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn one_edit_apart_is_levenshtein_distance_one() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "acb",
            "aab",
            "abb",
            "abab",
            "德远学校",
            "德远学院",
            "德远职业学校",
        ];
        for a in words {
            for b in words {
                let (ca, cb) = (chars(a), chars(b));
                let expected = strsim::generic_levenshtein(&ca, &cb) == 1;
                assert_eq!(super::one_edit_apart(&ca, &cb), expected, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn numbered_schools_are_different_schools() {
        assert!(differ_by_a_numeral(&chars("成都市第一职业高级中学"), &chars("成都市第二职业高级中学")));
        assert!(differ_by_a_numeral(&chars("示例省第10职业学校"), &chars("示例省第11职业学校")));
        assert!(differ_by_a_numeral(&chars("第1校"), &chars("第11校")));
        assert!(!differ_by_a_numeral(&chars("城东区德远职业学校"), &chars("城东区德远职业学院")));
    }
}
