//! Hand-built inline SVG charts for the HTML summary: a headline's progress toward
//! its target over the plan period, and the year's status counts as one bar.
//!
//! No script and no external reference: plain `<svg>` elements inside the page. Bar
//! heights come from the exact values, scaled with rational arithmetic and cut to
//! whole pixels; the labels are `num::display`, the same text as the tables.

use std::fmt::Write as _;

use super::html::esc;
use crate::annual::{COLUMNS, Headline, Outlook, Tally};
use crate::lang::Lang;
use crate::num::Num;

const W: i128 = 240;
const H: i128 = 150;
const TOP: i128 = 22;
const BOTTOM: i128 = 22;
const LEFT: i128 = 8;

/// Whole pixels of `v` on a scale where `max` is `span` pixels.
fn px(v: &Num, max: &Num, span: i128) -> i128 {
    if *max <= Num::from_integer(0) || *v <= Num::from_integer(0) {
        return 0;
    }
    (v * Num::from_integer(span) / max).to_integer().clamp(0, span)
}

/// A headline's bars for each year of `period`, the target line, and the projection
/// (dashed) when there is one.
pub fn headline(h: &Headline, period: (i32, i32), lang: Lang) -> String {
    let years: Vec<i32> = (period.0..=period.1).collect();
    let projected = match &h.outlook {
        Outlook::Projected { year, value, met, .. } => Some((*year, *value, *met)),
        _ => None,
    };
    let lines = h.target_lines();
    let mut max = lines.iter().copied().max().unwrap_or_else(|| Num::from_integer(0));
    for p in &h.points {
        if let Some(v) = p.value {
            max = max.max(v);
        }
    }
    if let Some((_, v, _)) = projected {
        max = max.max(v);
    }
    // Head-room so the label above the tallest bar fits.
    let max = max * Num::new(23, 20);
    let plot = H - TOP - BOTTOM;
    let n = i128::try_from(years.len().max(1)).unwrap_or(1);
    let slot = (W - 2 * LEFT) / n;
    let bar = slot * 5 / 9;
    let base = H - BOTTOM;
    let mut s = String::new();
    let title = esc(h.title.get(lang));
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{title}"><line class="axis" x1="{LEFT}" y1="{base}" x2="{}" y2="{base}"/>"#,
        W - LEFT
    );
    for (i, year) in years.iter().enumerate() {
        let x = LEFT + slot * i128::try_from(i).unwrap_or(0) + (slot - bar) / 2;
        let cx = x + bar / 2;
        let _ = write!(s, r#"<text class="year" x="{cx}" y="{}">{year}</text>"#, base + 15);
        let point = h.point(*year).and_then(|p| p.value.map(|v| (v, p.met.unwrap_or(false), p.complete)));
        let (value, class) = match (point, projected) {
            (Some((v, met, complete)), _) => {
                let class = match (met, complete) {
                    (_, false) => "bar partial",
                    (true, true) => "bar met",
                    (false, true) => "bar short",
                };
                (v, class)
            }
            (None, Some((py, v, met))) if py == *year => {
                (v, if met { "bar proj met" } else { "bar proj short" })
            }
            _ => continue,
        };
        let hgt = px(&value, &max, plot);
        let label = esc(&crate::num::display(&value, h.unit, h.round_for(&value)));
        let mark = if class.contains("proj") { lang.pick("（推算）", " (proj.)") } else { "" };
        // At the foot of a tall bar, well clear of the target line; above a short one.
        let (ly, lclass) =
            if hgt > 24 && !class.contains("proj") { (base - 7, "val in") } else { (base - hgt - 4, "val") };
        let _ = write!(
            s,
            r#"<rect class="{class}" x="{x}" y="{}" width="{bar}" height="{hgt}"/><text class="{lclass}" x="{cx}" y="{ly}">{label}{mark}</text>"#,
            base - hgt,
        );
    }
    // The target's words are in the caption; the line alone marks it here, so it
    // never collides with a bar's label.
    // A band (the 职普比's 45%–55%) gets a line at each end.
    for t in &lines {
        let ty = base - px(t, &max, plot);
        let _ = write!(s, r#"<line class="target" x1="{LEFT}" y1="{ty}" x2="{}" y2="{ty}"/>"#, W - LEFT);
    }
    s.push_str("</svg>");
    s
}

/// The year's findings as one stacked bar with a legend.
pub fn tally(t: &Tally, lang: Lang) -> String {
    let width: i128 = 680;
    let total = Num::from_integer(i128::try_from(t.total()).unwrap_or(0));
    let mut s = format!(r#"<svg class="tally" viewBox="0 0 {width} 46" role="img">"#);
    let mut x: i128 = 0;
    let mut legend_x: i128 = 0;
    for status in COLUMNS {
        let count = t.get(status);
        if count == 0 {
            continue;
        }
        let c = Num::from_integer(i128::try_from(count).unwrap_or(0));
        let w = px(&c, &total, width).max(1);
        let key = status.key();
        let _ = write!(s, r#"<rect class="s-{key}" x="{x}" y="0" width="{w}" height="18"/>"#);
        x += w;
        let label = esc(status.label(lang));
        let _ = write!(
            s,
            r#"<rect class="s-{key}" x="{legend_x}" y="28" width="10" height="10"/><text class="legend" x="{}" y="37">{label} {count}</text>"#,
            legend_x + 14
        );
        legend_x += 100;
    }
    s.push_str("</svg>");
    s
}
