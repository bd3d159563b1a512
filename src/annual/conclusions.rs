//! The opening paragraph: the few sentences an official reads first.
//!
//! Each sentence is derived from the model already built (counts, headline verdicts,
//! the problem list, projections, gaps), so the summary can never disagree with the
//! tables below it. Both languages are written here side by side.

use super::{AnnualReport, Outlook};
use crate::eval::Status;
use crate::lang::{Lang, Text};
use crate::text;

fn names(items: &[String], lang: Lang) -> String {
    items.join(lang.pick("、", "; "))
}

pub fn write(a: &AnnualReport) -> Vec<Text> {
    let mut out = Vec::new();
    let t = &a.totals;
    let year = a.header.year;
    let (total, pass, fail, late, pending, missing, review) =
        (t.total(), t.pass, t.fail, t.late, t.pending, t.missing, t.review);
    out.push(text!(
        "{year} 年度共评估 {total} 项（不含不适用项）：达标 {pass} 项，未达标 {fail} 项，逾期完成 {late} 项，未到期 {pending} 项，缺数据 {missing} 项，待人工核查 {review} 项。",
        "{total} items were assessed for {year} (not counting those that do not apply): {pass} met, {fail} failed, {late} done late, {pending} not yet due, {missing} missing data, {review} for the inspector's judgement."
    ));

    let n = a.headlines.len();
    if n > 0 {
        // Which headlines a clause names: a status, and for an incomplete value, why.
        #[derive(Clone, Copy, PartialEq)]
        enum Group {
            Is(Status),
            LeftOut,
            NoRegistry,
        }
        let in_group = |h: &super::Headline, g: Group| match g {
            Group::Is(s) => h.status == s,
            // Incomplete is a school's doing only when some school left something out;
            // with nobody left out, it is the district that is unknown (no registry).
            Group::LeftOut => h.status == Status::Incomplete && !h.district_unknown(year),
            Group::NoRegistry => h.district_unknown(year),
        };
        let with = |g: Group, lang: Lang| -> Vec<String> {
            a.headlines
                .iter()
                .filter(|h| in_group(h, g))
                .map(|h| {
                    let v = h.point(year).and_then(|p| p.value).map(|v| h.show(&v, lang));
                    let v = v.unwrap_or_else(|| "—".to_string());
                    match lang {
                        Lang::Zh => format!("{}（全区 {v}，目标 {}）", h.title.zh, h.target_text.zh),
                        Lang::En => format!("{} (district {v}, target {})", h.title.en, h.target_text.en),
                    }
                })
                .collect()
        };
        let met = with(Group::Is(Status::Pass), Lang::Zh).len();
        let mut zh = format!("{n} 项核心指标中，全区已达到目标 {met} 项");
        let mut en = format!("Of the {n} headline targets, the district meets {met}");
        for (group, zh_word, en_word) in [
            (Group::Is(Status::Fail), "未达到", "missed"),
            (Group::Is(Status::Pending), "尚未达到但未到期", "not yet met and not yet due"),
            (Group::LeftOut, "因学校漏报无法判定", "cannot be judged for missing submissions"),
            (
                Group::NoRegistry,
                "因未提供全区名册、无法确认覆盖全区而未判定",
                "not judged as no district registry was given",
            ),
        ] {
            let (z, e) = (with(group, Lang::Zh), with(group, Lang::En));
            if !z.is_empty() {
                zh.push_str(&format!("；{zh_word} {} 项：{}", z.len(), names(&z, Lang::Zh)));
                en.push_str(&format!("; {} {en_word}: {}", e.len(), names(&e, Lang::En)));
            }
        }
        out.push(Text::new(zh + "。", en + "."));
    }

    let p = &a.problems;
    if p.is_empty() {
        out.push(text!("本年度没有逾期或未达标事项。", "Nothing is overdue or failing this year."));
    } else {
        let errors = p.iter().filter(|x| x.severity == crate::plan::Severity::Error).count();
        // Schools in the order first met, with their counts; the map keeps this linear.
        let mut schools: Vec<(&str, usize)> = Vec::new();
        let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for x in p {
            if let Some(s) = &x.school {
                let i = *at.entry(s.as_str()).or_insert_with(|| {
                    schools.push((s, 0));
                    schools.len() - 1
                });
                schools[i].1 += 1;
            }
        }
        let district = p.iter().filter(|x| x.school.is_none()).count();
        let count = p.len();
        let k = schools.len();
        let most = schools.iter().max_by_key(|(_, c)| *c).map(|(s, c)| (s.to_string(), *c));
        let (most_zh, most_en) = match most {
            Some((s, c)) => (format!("，其中{s}最多（{c} 项）"), format!("; {s} has the most ({c})")),
            None => (String::new(), String::new()),
        };
        out.push(text!(
            "需整改的逾期或未达标事项 {count} 项（其中错误级 {errors} 项），涉及 {k} 所学校和全区事项 {district} 项{most_zh}，明细见第四部分。",
            "{count} items are overdue or failing ({errors} of error severity), at {k} schools and {district} at district level{most_en}; see part 4."
        ));
    }

    let projected: Vec<_> =
        a.headlines.iter().filter(|h| matches!(h.outlook, Outlook::Projected { .. })).collect();
    let too_few = a.headlines.iter().filter(|h| matches!(h.outlook, Outlook::TooFewYears { .. })).count();
    if !projected.is_empty() {
        let risk = |lang: Lang| -> Vec<String> {
            projected
                .iter()
                .filter(|h| matches!(h.outlook, Outlook::Projected { met: false, .. }))
                .map(|h| h.title.get(lang).to_string())
                .collect()
        };
        let (rz, re) = (risk(Lang::Zh), risk(Lang::En));
        let (on, at) = (projected.len() - rz.len(), rz.len());
        let (lz, le) = (names(&rz, Lang::Zh), names(&re, Lang::En));
        out.push(if at == 0 {
            text!(
                "按线性趋势推算（推算值，非实际值），未到期的 {on} 项核心指标均可如期达到。",
                "Projected on a linear trend (a projection, not an actual value), all {on} headline targets not yet due are on track."
            )
        } else {
            text!(
                "按线性趋势推算（推算值，非实际值），未到期的核心指标中 {on} 项可如期达到，{at} 项存在风险：{lz}。",
                "Projected on a linear trend (a projection, not an actual value), {on} headline targets not yet due are on track and {at} at risk: {le}."
            )
        });
    } else if too_few > 0 {
        out.push(text!(
            "未到期的核心指标有 {too_few} 项，但完整报送的年度不足两个，未作趋势推算。",
            "{too_few} headline targets are not yet due, but fewer than two complete years were reported, so there is no projection."
        ));
    }

    if a.header.registered.is_none() {
        out.push(text!(
            "未提供全区名册：全区值只按已报送的学校计算，无法确认覆盖全区；据此未判定的指标不是学校漏报。",
            "No district registry was given: district values cover only the institutions that reported, so coverage is unknown; targets left unjudged for that reason are not the schools' omissions."
        ));
    }

    let g = a.gaps.len();
    out.push(if g == 0 {
        text!("各校数据报送完整。", "Every institution reported everything the rules need.")
    } else {
        text!(
            "{g} 所学校存在漏报年度或漏填字段，影响相关指标的评判，见第六部分。",
            "{g} institutions left years or fields unreported, which keeps some targets from being judged; see part 6."
        )
    });
    out
}
