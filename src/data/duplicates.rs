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
//! character from each, or from the longer), never by comparing every pair.

use std::collections::HashMap;

use super::load::Cx;
use super::model::Value;
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
        for (a, b, by_name) in found {
            let d = self.duplicate_diagnostic(a, b, by_name);
            self.diags.push(d);
        }
    }

    fn same_values(&self, found: &mut Vec<(usize, usize, bool)>) {
        let mut seen: HashMap<(i32, &[Option<Value>]), usize> = HashMap::new();
        for (i, row) in self.dataset.rows.iter().enumerate() {
            if row.values.iter().flatten().count() < MIN_FILLED_TO_COMPARE {
                continue;
            }
            match seen.get(&(row.year, row.values.as_slice())) {
                Some(&first) if self.dataset.rows[first].institution != row.institution => {
                    found.push((first, i, false));
                }
                Some(_) => {}
                None => {
                    seen.insert((row.year, row.values.as_slice()), i);
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
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, chars) in folded.iter().enumerate() {
            let whole: String = chars.iter().collect();
            index.entry(whole).or_default().push(n);
            for skip in 0..chars.len() {
                let key: String =
                    chars.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, c)| *c).collect();
                let names = index.entry(key).or_default();
                if names.last() != Some(&n) {
                    names.push(n);
                }
            }
        }
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for names in index.values().filter(|v| v.len() > 1 && v.len() <= MAX_NAMES_PER_KEY) {
            for (k, &a) in names.iter().enumerate() {
                for &b in &names[k + 1..] {
                    // Two registered institutions were told apart by the registry.
                    let registered =
                        institutions[a].registered.is_some() && institutions[b].registered.is_some();
                    if !registered
                        && strsim::generic_levenshtein(&folded[a], &folded[b]) == 1
                        && !differ_by_a_numeral(&folded[a], &folded[b])
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

    fn duplicate_diagnostic(&self, a: usize, b: usize, by_name: bool) -> Diagnostic {
        let (first, second) = (&self.dataset.rows[a], &self.dataset.rows[b]);
        let name_a = &self.dataset.institutions[first.institution].name;
        let name_b = &self.dataset.institutions[second.institution].name;
        let year = second.year;
        let file_a = &self.dataset.files[first.file].path;
        let place = format!("{file_a}:{}", first.line);
        let file_b = &self.dataset.files[second.file].path;
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
    fn numbered_schools_are_different_schools() {
        assert!(differ_by_a_numeral(&chars("成都市第一职业高级中学"), &chars("成都市第二职业高级中学")));
        assert!(differ_by_a_numeral(&chars("示例省第10职业学校"), &chars("示例省第11职业学校")));
        assert!(differ_by_a_numeral(&chars("第1校"), &chars("第11校")));
        assert!(!differ_by_a_numeral(&chars("城东区德远职业学校"), &chars("城东区德远职业学院")));
    }
}
