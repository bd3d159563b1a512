//! Near-name suggestions at scale: an index over known folded names that answers
//! "did you mean" without comparing the input with every name.
//!
//! [`crate::fold::closest_folded`] scans every candidate; with 20,000 registered
//! schools and 2,000 unknown names that is 40 million edit distances. [`NearNames`]
//! is built once and gives exactly the same answer (a property test compares the
//! two) by the pigeonhole principle: cut the key into `p` pieces of two or three
//! characters; `k` edits can spoil at most `k` of them, so a name within `k` edits
//! contains at least one of any `k + 1` pieces intact, and therefore that piece's
//! character pair. Only names holding a pair of one of the `k + 1` rarest pieces are
//! measured. Keys too short for `k + 1` pieces fall back to the names of a close
//! enough length. The threshold and tie-breaking are `closest_folded`'s own.

use std::collections::HashMap;

/// Known names indexed by character pairs and by length, for [`NearNames::closest`].
#[derive(Debug, Clone, Default)]
pub struct NearNames {
    /// (folded, as written), in the order given: ties go to the earliest.
    names: Vec<(String, String)>,
    /// Each character pair -> the names holding it, ascending, each once.
    pairs: HashMap<(char, char), Vec<u32>>,
    /// Names by length in characters.
    by_len: Vec<Vec<u32>>,
}

/// The most edits a suggestion may be away from `key`: the rule of
/// `crate::fold::closest_folded`, which the property test holds this to.
fn limit(key: &str, len: usize) -> usize {
    if !key.is_ascii() || len <= 4 { 1 } else { 2 }
}

impl NearNames {
    /// Indexes names given as (folded, as written).
    pub fn new<'a>(names: impl IntoIterator<Item = (&'a str, &'a str)>) -> NearNames {
        let mut index = NearNames::default();
        for (folded, original) in names {
            let id = u32::try_from(index.names.len()).unwrap_or(u32::MAX);
            let chars: Vec<char> = folded.chars().collect();
            if index.by_len.len() <= chars.len() {
                index.by_len.resize(chars.len() + 1, Vec::new());
            }
            index.by_len[chars.len()].push(id);
            for w in chars.windows(2) {
                let list = index.pairs.entry((w[0], w[1])).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
            index.names.push((folded.to_string(), original.to_string()));
        }
        index
    }

    /// Indexes names as written, folding each.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> NearNames {
        let folded: Vec<(String, &str)> = names.into_iter().map(|n| (crate::fold::fold(n), n)).collect();
        NearNames::new(folded.iter().map(|(f, n)| (f.as_str(), *n)))
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The name closest to the folded `key`, as written, when it is a plausible typo:
    /// what `closest_folded` over the same names in the same order returns.
    pub fn closest(&self, key: &str) -> Option<&str> {
        let chars: Vec<char> = key.chars().collect();
        let len = chars.len();
        let k = limit(key, len);
        let candidates = match self.pieces(&chars, k) {
            Some(c) => c,
            None => {
                let lo = len.saturating_sub(k);
                let hi = (len + k).min(self.by_len.len().saturating_sub(1));
                let mut all: Vec<u32> =
                    (lo..=hi).flat_map(|l| self.by_len.get(l)).flatten().copied().collect();
                all.sort_unstable();
                all
            }
        };
        let mut best: Option<(usize, u32)> = None;
        for id in candidates {
            let (folded, _) = &self.names[id as usize];
            if folded.chars().count().abs_diff(len) > k {
                continue;
            }
            let d = strsim::levenshtein(key, folded);
            // Candidates come in ascending order, so `<` keeps the earliest of a tie.
            if d > 0 && d <= k && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, id));
            }
        }
        best.map(|(_, id)| self.names[id as usize].1.as_str())
    }

    /// The names that hold a pair of one of the `k + 1` rarest pieces of `chars`,
    /// ascending and each once; `None` when the key has fewer than `k + 1` pieces.
    fn pieces(&self, chars: &[char], k: usize) -> Option<Vec<u32>> {
        let p = chars.len() / 2;
        if p < k + 1 {
            return None;
        }
        // Pieces of two characters, the last one three when the length is odd; each
        // stands for its rarest pair (a name holding the piece holds all its pairs).
        let empty: Vec<u32> = Vec::new();
        let mut lists: Vec<&Vec<u32>> = (0..p)
            .map(|i| {
                let end = if i + 1 == p { chars.len() } else { 2 * i + 2 };
                chars[2 * i..end]
                    .windows(2)
                    .map(|w| self.pairs.get(&(w[0], w[1])).unwrap_or(&empty))
                    .min_by_key(|l| l.len())
                    .unwrap_or(&empty)
            })
            .collect();
        lists.sort_by_key(|l| l.len());
        let mut out: Vec<u32> = lists.into_iter().take(k + 1).flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::{closest_folded, fold};

    /// A small deterministic generator, so the property test needs no dependency.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            usize::try_from(self.0 >> 33).unwrap_or(0) % n.max(1)
        }
    }

    /// A name from a small alphabet (so near misses are common), ASCII or Chinese.
    fn name(rng: &mut Lcg, ascii: bool) -> String {
        let alphabet: Vec<char> = if ascii {
            "abcde-x".chars().collect()
        } else {
            "城东星火职业技术学校二中".chars().collect()
        };
        let len = rng.below(12);
        (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect()
    }

    /// `s` with up to three random edits.
    fn mutate(rng: &mut Lcg, s: &str, ascii: bool) -> String {
        let mut c: Vec<char> = s.chars().collect();
        let pool: Vec<char> =
            if ascii { "abcdez".chars().collect() } else { "城星火校中区".chars().collect() };
        for _ in 0..rng.below(4) {
            let at = rng.below(c.len() + 1);
            let ch = pool[rng.below(pool.len())];
            match rng.below(3) {
                0 => c.insert(at, ch),
                1 if at < c.len() => {
                    c.remove(at);
                }
                _ if at < c.len() => c[at] = ch,
                _ => c.push(ch),
            }
        }
        c.into_iter().collect()
    }

    #[test]
    fn agrees_with_the_naive_scan() {
        let mut rng = Lcg(7);
        for round in 0..60 {
            let ascii = round % 2 == 0;
            let names: Vec<String> = (0..rng.below(80)).map(|_| name(&mut rng, ascii)).collect();
            let folded: Vec<(String, &str)> = names.iter().map(|n| (fold(n), n.as_str())).collect();
            let index = NearNames::new(folded.iter().map(|(f, n)| (f.as_str(), *n)));
            for _ in 0..200 {
                let key = if names.is_empty() || rng.below(4) == 0 {
                    name(&mut rng, ascii)
                } else {
                    let pick = rng.below(names.len());
                    mutate(&mut rng, &names[pick], ascii)
                };
                let key = fold(&key);
                let naive = closest_folded(&key, folded.iter().map(|(f, n)| (f.as_str(), *n)));
                assert_eq!(index.closest(&key), naive, "key {key:?} among {names:?}");
            }
        }
    }

    #[test]
    fn suggests_the_near_miss_and_keeps_the_first_of_a_tie() {
        let index = NearNames::from_names(["城东区星火职业技术学校", "城东二中", "城东三中"]);
        assert_eq!(index.closest(&fold("城东区星伙职业技术学校")), Some("城东区星火职业技术学校"));
        assert_eq!(index.closest(&fold("城东四中")), Some("城东二中"), "the first of two at one edit");
        let index = NearNames::from_names(["城东区星火职业技术学校", "城东二中"]);
        assert_eq!(index.closest(&fold("城东二中")), None, "an exact match is not a suggestion");
        assert_eq!(index.closest(&fold("成都七中")), None);
    }
}
