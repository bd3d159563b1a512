//! Diagnostics as text for stderr, compiler style, followed by a count.

use std::io::{self, Write};

use crate::diag::Diagnostics;
use crate::lang::Lang;

/// Writes every kept diagnostic, then one line with the totals.
pub fn write(out: &mut dyn Write, diags: &Diagnostics, lang: Lang) -> io::Result<()> {
    for d in diags.items() {
        writeln!(out, "{}", d.render(lang))?;
    }
    let (e, w, omitted) = (diags.errors(), diags.warnings(), diags.omitted());
    if e + w == 0 {
        return Ok(());
    }
    match lang {
        Lang::Zh => write!(out, "共 {e} 个错误、{w} 个警告")?,
        Lang::En => write!(out, "{e} {}, {w} {}", plural(e, "error"), plural(w, "warning"))?,
    }
    if omitted > 0 {
        match lang {
            Lang::Zh => write!(out, "（另有 {omitted} 条未显示，可用 --max-diagnostics 调整）")?,
            Lang::En => write!(out, " ({omitted} more not shown; see --max-diagnostics)")?,
        }
    }
    writeln!(out)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { word.to_string() } else { format!("{word}s") }
}
