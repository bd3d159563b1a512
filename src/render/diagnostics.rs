//! Diagnostics as text for stderr, compiler style (with the source line for a TOML
//! file), followed by a count; and the
//! account of the files read, one line each, so every row is seen to be accounted for.
//! Both quote submissions (values, headers, file and sheet names), so both go through
//! [`super::escape::visible`] before they reach the terminal.

use std::io::{self, Write};

use super::escape::visible;
use crate::data::SourceFile;
use crate::diag::Diagnostics;
use crate::lang::Lang;

/// Writes every kept diagnostic, then one line with the totals; without colour.
pub fn write(out: &mut dyn Write, diags: &Diagnostics, lang: Lang) -> io::Result<()> {
    write_styled(out, diags, lang, false)
}

/// Writes every kept diagnostic, then one line with the totals. One about a TOML file
/// quotes its source line with a caret (see [`super::snippet`]), coloured when
/// `color`; one about a submission keeps its `file:row, column` form.
pub fn write_styled(out: &mut dyn Write, diags: &Diagnostics, lang: Lang, color: bool) -> io::Result<()> {
    for d in diags.items() {
        match super::snippet::render(d, lang, color) {
            Some(s) => writeln!(out, "{s}\n")?,
            None => writeln!(out, "{}", visible(&d.render(lang)))?,
        }
    }
    if diags.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", totals(diags, lang))
}

/// `5 errors, 1,000 warnings (990 more warnings not shown...)`: the counts, and how
/// many warnings `--max-diagnostics` left out (errors are never left out).
pub fn totals(diags: &Diagnostics, lang: Lang) -> String {
    let (e, w, omitted) = (diags.errors(), diags.warnings(), diags.warnings_omitted());
    let mut s = match lang {
        Lang::Zh => format!("共 {e} 个错误、{w} 个警告"),
        Lang::En => format!("{e} {}, {w} {}", plural(e, "error"), plural(w, "warning")),
    };
    if omitted > 0 {
        s.push_str(&match lang {
            Lang::Zh => format!("（另有 {omitted} 个警告未列出，错误全部列出；可用 --max-diagnostics 调整）"),
            Lang::En => format!(
                " ({omitted} more {} not shown, every error is; see --max-diagnostics)",
                plural(omitted, "warning")
            ),
        });
    }
    let errors_omitted = diags.errors_omitted();
    if errors_omitted > 0 {
        s.push_str(&match lang {
            Lang::Zh => format!("（错误过多，另有 {errors_omitted} 个错误未列出：先修正已列出的）"),
            Lang::En => format!(" ({errors_omitted} more errors not shown: fix the ones listed first)"),
        });
    }
    s
}

/// The verdict of a run whose data is invalid, in one sentence.
pub fn invalid_verdict(diags: &Diagnostics, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("结论：报送数据无效，未作评判，{}", totals(diags, lang)),
        Lang::En => {
            format!("Verdict: the data is invalid, so nothing was evaluated: {}", totals(diags, lang))
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { word.to_string() } else { format!("{word}s") }
}

/// Writes one line per file: how it was read, where its header is, and how many of
/// its rows were read, used and skipped (each skipped row has a diagnostic).
pub fn write_files(out: &mut dyn Write, files: &[SourceFile], lang: Lang) -> io::Result<()> {
    for f in files {
        let (path, enc, header) = (visible(&f.path), &f.encoding, f.header_row);
        let (read, used, skipped) = (f.rows_read, f.rows_used, f.rows_skipped);
        let how = match (&f.sheet, lang) {
            (Some(s), Lang::Zh) => format!("{enc} 工作表「{}」", visible(s)),
            (Some(s), Lang::En) => format!("{enc} sheet {s:?}"),
            (None, Lang::Zh) => format!("编码 {enc}"),
            (None, Lang::En) => format!("encoding {enc}"),
        };
        match lang {
            Lang::Zh => write!(
                out,
                "读取 {path}（{how}，表头第 {header} 行）：{read} 行数据，使用 {used} 行，跳过 {skipped} 行"
            )?,
            Lang::En => write!(
                out,
                "read {path} ({how}, header row {header}): {read} {}, {used} used, {skipped} skipped",
                plural(read, "row")
            )?,
        }
        if f.trailing_blank_rows > 0 {
            let n = f.trailing_blank_rows;
            match lang {
                Lang::Zh => write!(out, "；末尾 {n} 个空行已忽略")?,
                Lang::En => write!(out, "; {n} trailing blank {} ignored", plural(n, "row"))?,
            }
        }
        writeln!(out)?;
    }
    if !files.is_empty() {
        writeln!(out)?;
    }
    Ok(())
}
