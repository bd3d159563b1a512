//! The exemptions section (七、豁免事项) in every format: one row per exemption given,
//! with institution, rule, years, reason, approver, document, expiry and outcome.
//!
//! Worded once here (header and row) and laid out by each format, so the page, the
//! Markdown and the workbook list the same exemptions in the same words. The rule is
//! named by its title for the reader; its id goes to the tooltip (HTML) or beside the
//! title (Markdown), the place where the appendix of rule ids is looked up. The
//! section is left out when no exemption was given, so a report without
//! `--exemptions` reads as before.

use std::io::{self, Write};

use super::Part;
use crate::annual::{AnnualReport, ExemptionLine};
use crate::lang::Lang;

/// The sheet's name in the workbook.
pub fn sheet_name(lang: Lang) -> &'static str {
    lang.pick("豁免事项", "Exemptions")
}

/// The columns of the exemptions table.
pub fn header(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Zh => ["学校", "规则", "年度", "豁免理由", "批准人", "批准文件", "有效期至", "适用情况"],
        Lang::En => {
            ["Institution", "Rule", "Years", "Reason", "Approved by", "Document", "Expires", "Outcome"]
        }
    }
}

/// One exemption's cells, in the order of [`header`].
pub fn row(e: &ExemptionLine, lang: Lang) -> [String; 8] {
    let years: Vec<String> = e.years.iter().map(i32::to_string).collect();
    [
        super::subject(e.school.as_deref(), lang),
        e.rule_title.get(lang).to_string(),
        years.join(lang.pick("、", ", ")),
        e.reason.clone(),
        e.approved_by.clone(),
        e.document.clone().unwrap_or_else(|| "—".to_string()),
        e.expires.to_string(),
        e.outcome_text(lang),
    ]
}

/// The section as Markdown; nothing without exemptions.
pub fn write_markdown(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    use super::markdown::cell;
    if a.exemptions.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## {}\n", Part::Exemptions.title(lang))?;
    let head = header(lang);
    writeln!(out, "| {} |", head.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(head.len()))?;
    for e in &a.exemptions {
        let mut r = row(e, lang);
        r[1] = format!("{}（{}）", r[1], e.rule_id);
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// The section as HTML; nothing without exemptions.
pub fn write_html(out: &mut dyn Write, a: &AnnualReport, lang: Lang) -> io::Result<()> {
    use super::html::esc;
    if a.exemptions.is_empty() {
        return Ok(());
    }
    let title = esc(Part::Exemptions.title(lang));
    writeln!(out, r#"<section class="part" id="exemptions"><h2>{title}</h2><table><thead><tr>"#)?;
    for h in header(lang) {
        write!(out, "<th>{}</th>", esc(h))?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for e in &a.exemptions {
        write!(out, "<tr>")?;
        for (i, c) in row(e, lang).iter().enumerate() {
            if i == 1 {
                write!(out, r#"<td title="{}">{}</td>"#, esc(&e.rule_id), esc(c))?;
            } else {
                write!(out, "<td>{}</td>", esc(c))?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></section>")
}
