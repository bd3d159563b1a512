//! Folding text for matching and reading: how a header, a school name or a number
//! typed in Excel is compared with what the plan knows.
//!
//! Two steps, one place. [`narrow`] turns full-width ASCII (`ＡＢＣ１２３`, `（）`,
//! `，`, `％`) and the ideographic space U+3000 into their ASCII forms and changes
//! nothing else: unlike NFKC it leaves superscripts (`⁶`), subscripts, circled or
//! parenthesised digits (`①`, `⑴`) and vulgar fractions (`½`) as they are, so a cell
//! holding `13⁶` is not a number (NFKC would read it as `136`). [`fold`] narrows,
//! lower-cases and drops all white space and a stray BOM, for matching names and
//! headers. Two names match when their folds are equal; nothing else is guessed.
//! Near misses are only ever *suggested* ([`closest`]), never applied.

use std::borrow::Cow;

/// The ASCII form of a full-width ASCII character or the ideographic space; any other
/// character unchanged.
pub fn narrow_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// `s` with full-width ASCII and the ideographic space narrowed ([`narrow_char`]);
/// borrowed when there is nothing to narrow, as for almost every cell.
pub fn narrow(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| narrow_char(c) == c) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(narrow_char).collect())
    }
}

/// The matching key of a name.
pub fn fold(s: &str) -> String {
    let mut out = String::new();
    fold_into(s, &mut out);
    out
}

/// [`fold`], written into `out` (cleared first), so a buffer read row after row keeps
/// its allocation.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    // The common case, a name already in its folded form (CJK ideographs, which have
    // no case and no narrow form, and lowercase ASCII without spaces), is copied: a
    // province's roster folds millions of cells, and per-character lowercasing was a
    // quarter of its reading time.
    if already_folded(s) {
        out.push_str(s);
        return;
    }
    let keep = |c: &char| !c.is_whitespace() && *c != '\u{feff}' && *c != '\u{200b}';
    if s.is_ascii() {
        out.extend(s.chars().filter(keep).map(|c| c.to_ascii_lowercase()));
        return;
    }
    out.extend(s.chars().map(narrow_char).filter(keep).flat_map(char::to_lowercase));
}

/// Whether `s` holds only characters [`fold`] leaves as they are and copies: lowercase
/// ASCII letters, digits, `-_./()`, and the CJK ideographs U+3400 to U+9FFF (no case,
/// no narrow form). Read byte by byte: such an ideograph is three bytes, led by E3
/// (with a second byte from 90, U+3400) up to E9 (U+9FFF).
fn already_folded(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let ideograph = match c {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'(' | b')' | b'/' => {
                i += 1;
                continue;
            }
            0xE4..=0xE9 => true,
            0xE3 => b.get(i + 1).is_some_and(|&x| x >= 0x90),
            _ => false,
        };
        if !ideograph {
            return false;
        }
        i += 3;
    }
    true
}

#[cfg(test)]
mod fast_path {
    use super::fold;

    #[test]
    fn the_copy_path_agrees_with_the_full_fold() {
        for s in [
            "星火职业学校",
            "abc-1_2.x(y)/z",
            "岗位实习",
            "ABC",
            "Ａｂｃ",
            "红旗 二中",
            "a\u{3000}b",
            "\u{feff}x",
        ] {
            let full: String = {
                let keep = |c: &char| !c.is_whitespace() && *c != '\u{feff}' && *c != '\u{200b}';
                s.chars().map(super::narrow_char).filter(keep).flat_map(char::to_lowercase).collect()
            };
            assert_eq!(fold(s), full, "{s:?}");
        }
    }

    #[test]
    fn the_byte_check_agrees_with_the_characters_it_stands_for() {
        let unchanged = |c: char| {
            matches!(c, 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '(' | ')' | '/')
                || ('\u{3400}'..='\u{9FFF}').contains(&c)
        };
        // Every character of the first two planes, alone and after an ideograph.
        for c in (0..0x2_0000).filter_map(char::from_u32) {
            assert_eq!(super::already_folded(&c.to_string()), unchanged(c), "{c:?}");
            assert_eq!(super::already_folded(&format!("学{c}")), unchanged(c), "学{c:?}");
        }
        assert!(super::already_folded(""));
    }
}

/// The candidate closest to `input` by edit distance over characters, if it is close
/// enough to be a plausible typo (see `closest_folded` for the limit).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded: Vec<(String, &str)> = candidates.into_iter().map(|c| (fold(c), c)).collect();
    closest_folded(&fold(input), folded.iter().map(|(f, c)| (f.as_str(), *c)))
}

/// [`closest`] for an input already folded and candidates given as (folded, original).
pub fn closest_folded<'f, 'a>(
    key: &str,
    candidates: impl IntoIterator<Item = (&'f str, &'a str)>,
) -> Option<&'a str> {
    let len = key.chars().count();
    // One edit for names in Chinese (two characters apart is usually another school:
    // 星火 is not 红旗); for ASCII keys, two once they are longer than four letters.
    let limit = if !key.is_ascii() || len <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        // Names whose lengths differ by more than the limit cannot be close enough.
        .filter(|(f, _)| f.chars().count().abs_diff(len) <= limit)
        .map(|(f, c)| (strsim::levenshtein(key, f), c))
        .filter(|(d, _)| *d > 0 && *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_and_spaces() {
        assert_eq!(fold("\u{feff} 专任教师数　"), "专任教师数");
        assert_eq!(fold("Enrolled_Students"), "enrolled_students");
        assert_eq!(fold("１５０"), "150");
        assert_eq!(fold("（人）"), "(人)");
    }

    #[test]
    fn narrows_full_width_ascii_and_nothing_else() {
        assert_eq!(narrow("１５，０００　％"), "15,000 %");
        assert_eq!(narrow("ＡＢＣ～！"), "ABC~!");
        // NFKC would turn each of these into plain digits; they are not what was typed.
        for kept in ["13⁶", "①", "⑴", "½", "H₂O", "㈠", "⒈"] {
            assert_eq!(narrow(kept), kept);
        }
        assert!(matches!(narrow("城东二中 150"), Cow::Borrowed(_)));
        assert_eq!(fold("城东①中"), "城东①中");
    }

    #[test]
    fn suggests_only_near_misses() {
        let names = ["城东区星火职业技术学校", "城东二中"];
        assert_eq!(closest("城东区星伙职业技术学校", names), Some("城东区星火职业技术学校"));
        assert_eq!(closest("成都七中", names), None);
        assert_eq!(closest("城东二中", names), None, "an exact match is not a suggestion");
    }
}
