//! Text from submissions made safe to show: in a terminal, in Markdown, in HTML.
//!
//! A school name or an evidence note is data, and data must not drive the reader's
//! terminal or page. [`visible`] is the one place that decides which characters are
//! shown escaped instead of sent as they are: C0 controls except tab and newline,
//! DEL, C1 controls (so ESC, BEL, CSI and OSC sequences such as OSC 52, which writes
//! the clipboard, never reach a terminal), and the bidirectional marks and overrides
//! U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069 (which reorder text so a
//! name reads as something else). Each is written in Rust's form, `\u{1b}`,
//! `\u{202e}`: the form a diagnostic already uses for a quoted value, visible in any
//! font and unambiguous about which character it was. Every human-facing renderer
//! (table, markdown, github, explain, the annual HTML and Markdown, diagnostics on
//! stderr) passes data through it; JSON and CSV keep the data exactly as submitted.
//!
//! [`markdown`] and [`html`] add the escaping of their markup on top, one function
//! each, shared by `check --format markdown` and `report`.

use std::borrow::Cow;

/// Whether `c` is shown escaped rather than written as it is.
pub fn is_hostile(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every control character (but tab and newline) and every bidi mark or
/// override written as `\u{…}`; borrowed when there is nothing to escape.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escapes text for a Markdown table cell or line: [`visible`], then backslash,
/// pipe and the markup characters `` * _ ` [ ] # `` escaped with a backslash, `< > &`
/// as entities (so no HTML and no link is made), line breaks and tabs as spaces.
pub fn markdown(s: &str) -> String {
    let s = visible(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML content and attribute values: [`visible`], then
/// `& < > " '` as entities.
pub fn html(s: &str) -> String {
    let s = visible(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_shown_not_sent() {
        let evil = "A\u{1b}]52;c;ZXZpbA==\u{7}B\u{1b}[2J\u{202e}C\u{9b}D\u{2066}\r";
        let shown = visible(evil);
        assert_eq!(shown, "A\\u{1b}]52;c;ZXZpbA==\\u{7}B\\u{1b}[2J\\u{202e}C\\u{9b}D\\u{2066}\\u{d}");
        assert!(!shown.chars().any(is_hostile));
    }

    #[test]
    fn ordinary_text_is_borrowed_with_tab_and_newline() {
        let s = "城东区星火职业技术学校\t85%\nnext";
        assert!(matches!(visible(s), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_and_html_escape_their_markup_and_the_controls() {
        assert_eq!(markdown("[x](http://e) <b>|a\u{1b}"), "\\[x\\](http://e) &lt;b&gt;\\|a\\\\u{1b}");
        assert_eq!(html("<a href='x'>\u{202e}"), "&lt;a href=&#39;x&#39;&gt;\\u{202e}");
    }
}
