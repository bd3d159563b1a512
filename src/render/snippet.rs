//! A diagnostic about a TOML file (plan, registry, exemptions, reviews, sign-off)
//! shown the way cargo and rustc show one: the message, `--> file:line:col`, the
//! source line with the offending key or value underlined, then the value, what
//! was expected and the hint as `= help:` lines, in Chinese or English.
//!
//! The drawing is annotate-snippets', the crate rustc and cargo render with, so the
//! layout is the one plan authors already read in their compiler, and carets line up
//! under Chinese text (double-width characters) without our own width arithmetic.
//! Colour is the caller's choice, never guessed here. A line holding a control or
//! bidirectional character is not quoted at all (see [`super::escape`]): the
//! diagnostic falls back to the plain `file:line:col` form.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level as Marker, Renderer, Snippet};

use super::escape::{is_hostile, visible};
use crate::diag::{Diagnostic, Level};
use crate::lang::Lang;

/// `d` with its source line, or `None` when it has no line to quote (a data
/// diagnostic, or a file-wide one) or the line is not safe to quote.
pub fn render(d: &Diagnostic, lang: Lang, color: bool) -> Option<String> {
    let excerpt = d.location.excerpt.as_ref()?;
    let line = d.location.row?;
    if excerpt.text.chars().any(is_hostile) || excerpt.range.end > excerpt.text.len() {
        return None;
    }
    let level = match d.level {
        Level::Error => Marker::ERROR.with_name(lang.pick("错误", "error")),
        Level::Warning => Marker::WARNING.with_name(lang.pick("警告", "warning")),
    };
    let message = visible(d.message.get(lang));
    let path = visible(d.location.file.as_deref().unwrap_or(""));
    let snippet = Snippet::source(excerpt.text.as_str())
        .line_start(line as usize)
        .path(path.as_ref())
        .annotation(AnnotationKind::Primary.span(excerpt.range.clone()));
    let mut notes = Vec::new();
    if let Some(v) = &d.value {
        notes.push(format!("{}: {:?}", lang.pick("值", "value"), visible(v)));
    }
    if let Some(e) = &d.expected {
        notes.push(format!("{}: {}", lang.pick("应为", "expected"), visible(e.get(lang))));
    }
    let mut group: Group = level.primary_title(message.as_ref()).id(d.code.name()).element(snippet);
    for n in &notes {
        group = group.element(Marker::NOTE.no_name().message(n.as_str()));
    }
    let hint = d.hint.as_ref().map(|h| visible(h.get(lang)));
    if let Some(h) = &hint {
        group = group.element(Marker::HELP.with_name(lang.pick("提示", "help")).message(h.as_ref()));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let report = [group];
    Some(renderer.decor_style(DecorStyle::Ascii).render(&report))
}
