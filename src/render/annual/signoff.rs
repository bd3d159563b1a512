//! The sign-off block (`report --meta FILE`): the reporting unit, document number,
//! inspection team and dates in the report's header, and a signature block at its
//! end, worded once for every format.
//!
//! Without a sign-off file both are left out, so a report made for working use
//! does not carry empty signature lines. The values come from a file a person
//! wrote: each format escapes them like any other text.

use crate::annual::AnnualReport;
use crate::lang::Lang;
use crate::signoff::SignOff;

/// The heading of the block at the end.
pub fn title(lang: Lang) -> &'static str {
    lang.pick("签发", "Sign-off")
}

fn team(s: &SignOff, lang: Lang) -> String {
    let members = s.team.join(lang.pick("、", ", "));
    match (s.team.is_empty(), lang) {
        (true, Lang::Zh) => format!("组长 {}", s.team_leader),
        (true, Lang::En) => format!("{} (leader)", s.team_leader),
        (false, Lang::Zh) => format!("组长 {}；成员 {members}", s.team_leader),
        (false, Lang::En) => format!("{} (leader); {members}", s.team_leader),
    }
}

/// The lines the header gains: unit, document number, team and dates.
pub fn facts(s: &SignOff, lang: Lang) -> Vec<(String, String)> {
    let (from, to) = s.inspected;
    vec![
        (lang.pick("报告单位", "Reporting unit").to_string(), s.unit.clone()),
        (lang.pick("文号", "Document number").to_string(), s.doc_number.clone()),
        (lang.pick("督查组", "Inspection team").to_string(), team(s, lang)),
        (
            lang.pick("督查时间", "Inspected").to_string(),
            match lang {
                Lang::Zh => format!("{from} 至 {to}"),
                Lang::En => format!("{from} to {to}"),
            },
        ),
        (lang.pick("报告日期", "Report date").to_string(), s.report_date.to_string()),
    ]
}

/// The signature block at the end: who signs for what, with a blank to sign on.
pub fn block(a: &AnnualReport, lang: Lang) -> Option<Vec<(String, String)>> {
    let s = a.signoff.as_ref()?;
    let blank = "＿＿＿＿＿＿＿＿";
    let members = if s.team.is_empty() { String::new() } else { s.team.join(lang.pick("、", ", ")) };
    let mut lines = vec![
        (lang.pick("报告单位（盖章）", "Reporting unit (seal)").to_string(), s.unit.clone()),
        (lang.pick("文号", "Document number").to_string(), s.doc_number.clone()),
        (
            lang.pick("督查组组长（签字）", "Team leader (signature)").to_string(),
            format!("{} {blank}", s.team_leader),
        ),
    ];
    if !members.is_empty() {
        lines.push((
            lang.pick("督查组成员（签字）", "Team members (signatures)").to_string(),
            format!("{members} {blank}"),
        ));
    }
    lines.push((lang.pick("报告日期", "Report date").to_string(), s.report_date.to_string()));
    Some(lines)
}
