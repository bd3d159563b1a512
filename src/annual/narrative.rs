//! The narrative paragraphs leadership reads and signs: 主要成效 (what was achieved),
//! 存在问题 (what is wrong) and 整改要求 (what must be fixed).
//!
//! Every sentence is a template filled from the model already built — headline
//! verdicts with their values, the problem list, the review count, the gaps — so a
//! paragraph can never say more than the tables below it: no adjective that the
//! numbers do not carry, no judgement of why. Long lists are cut to the first few
//! with the rest counted, so a province-sized report still reads as paragraphs.

use super::{AnnualReport, Delay, Headline};
use crate::eval::Status;
use crate::lang::{Lang, Text};
use crate::text;

/// How many items a sentence names before it counts the rest.
const NAMED: usize = 5;

/// The three paragraphs, each as its sentences.
#[derive(Debug, Clone, Default)]
pub struct Narrative {
    /// 主要成效.
    pub achievements: Vec<Text>,
    /// 存在问题.
    pub issues: Vec<Text>,
    /// 整改要求.
    pub requirements: Vec<Text>,
}

/// `A、B、C 等 7 项` / `A; B; C and 4 more`: at most [`NAMED`] items, then a count.
fn list(items: &[String], lang: Lang) -> String {
    let shown = items.iter().take(NAMED).cloned().collect::<Vec<_>>().join(lang.pick("、", "; "));
    let rest = items.len().saturating_sub(NAMED);
    match (rest, lang) {
        (0, _) => shown,
        (n, Lang::Zh) => format!("{shown} 等（另 {n} 项）"),
        (n, Lang::En) => format!("{shown} and {n} more"),
    }
}

fn targets(a: &AnnualReport, status: Status, lang: Lang) -> Vec<String> {
    let year = a.header.year;
    a.headlines
        .iter()
        .filter(|h: &&Headline| h.status == status)
        .map(|h| {
            let v = h.point(year).and_then(|p| p.value).map_or_else(|| "—".to_string(), |v| h.show(&v, lang));
            match lang {
                Lang::Zh => format!("{}（全区 {v}，目标 {}）", h.title.zh, h.target_text.zh),
                Lang::En => format!("{} (district {v}, target {})", h.title.en, h.target_text.en),
            }
        })
        .collect()
}

/// Schools with their problem counts and error counts, most problems first; ties
/// keep the order the problem list first names them.
fn by_school(a: &AnnualReport) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    let mut at = std::collections::HashMap::new();
    for p in &a.problems {
        let Some(s) = &p.school else { continue };
        let i = *at.entry(s.clone()).or_insert_with(|| {
            out.push((s.clone(), 0, 0));
            out.len() - 1
        });
        out[i].1 += 1;
        if p.severity == crate::plan::Severity::Error {
            out[i].2 += 1;
        }
    }
    out.sort_by_key(|(_, n, _)| std::cmp::Reverse(*n));
    out
}

pub fn write(a: &AnnualReport) -> Narrative {
    let mut n = Narrative::default();
    let both = |f: &dyn Fn(Lang) -> String| Text::new(f(Lang::Zh), f(Lang::En));
    let year = a.header.year;
    let t = &a.totals;
    let (total, pass, late) = (t.total(), t.pass, t.late);
    n.achievements.push(text!(
        "{year} 年度评估的 {total} 项中，达标 {pass} 项。",
        "Of the {total} items assessed for {year}, {pass} are met."
    ));
    let met = targets(a, Status::Pass, Lang::Zh).len();
    n.achievements.push(if met == 0 {
        text!("核心指标中尚无达到目标的。", "No headline target is met yet.")
    } else {
        both(&|l| match l {
            Lang::Zh => format!("核心指标达到目标 {met} 项：{}。", list(&targets(a, Status::Pass, l), l)),
            Lang::En => format!("{met} headline targets are met: {}.", list(&targets(a, Status::Pass, l), l)),
        })
    });

    let missed = targets(a, Status::Fail, Lang::Zh).len();
    if missed > 0 {
        n.issues.push(both(&|l| match l {
            Lang::Zh => {
                format!("未达到目标的核心指标 {missed} 项：{}。", list(&targets(a, Status::Fail, l), l))
            }
            Lang::En => {
                format!("{missed} headline targets are missed: {}.", list(&targets(a, Status::Fail, l), l))
            }
        }));
    }
    let schools = by_school(a);
    if !schools.is_empty() {
        let top: Vec<(String, usize, usize)> = schools.iter().take(3).cloned().collect();
        n.issues.push(both(&|l| {
            let named: Vec<String> = top
                .iter()
                .map(|(s, c, _)| match l {
                    Lang::Zh => format!("{s}（{c} 项）"),
                    Lang::En => format!("{s} ({c})"),
                })
                .collect();
            let k = top.len();
            match l {
                Lang::Zh => format!("逾期与未达标事项最多的 {k} 所学校：{}。", named.join("、")),
                Lang::En => format!(
                    "The {k} institutions with the most overdue or failing items: {}.",
                    named.join("; ")
                ),
            }
        }));
    }
    let overdue: Vec<&super::Problem> =
        a.problems.iter().filter(|p| matches!(p.delay, Some(Delay::Overdue(_)))).collect();
    if !overdue.is_empty() {
        let k = overdue.len();
        n.issues.push(both(&|l| {
            let items: Vec<String> = overdue
                .iter()
                .map(|p| {
                    let who = p.school.clone().unwrap_or_else(|| l.pick("全区", "District").to_string());
                    let d = p.delay.map(|d| d.show(l)).unwrap_or_default();
                    match l {
                        Lang::Zh => format!("{who}「{}」{d}", p.title.zh),
                        Lang::En => format!("{who}, {} ({d})", p.title.en),
                    }
                })
                .collect();
            match l {
                Lang::Zh => format!("逾期未完成或未报送 {k} 项：{}。", list(&items, l)),
                Lang::En => {
                    format!("{k} items are overdue and not done or not reported: {}.", list(&items, l))
                }
            }
        }));
    }
    if late > 0 {
        n.issues.push(text!("逾期完成 {late} 项。", "{late} items were done late."));
    }
    let review = t.review;
    if review > 0 {
        n.issues.push(text!(
            "待人工核查 {review} 项，尚无督查人员结论。",
            "{review} items await the inspector's decision."
        ));
    }
    if n.issues.is_empty() {
        n.issues.push(text!("本年度未发现逾期或未达标事项。", "Nothing is overdue or failing this year."));
    }

    if !schools.is_empty() {
        let named: Vec<(String, usize, usize)> = schools.iter().take(NAMED).cloned().collect();
        let rest = schools.len() - named.len();
        n.requirements.push(both(&|l| {
            let items: Vec<String> = named
                .iter()
                .map(|(s, c, e)| match l {
                    Lang::Zh => format!("{s} {c} 项（错误级 {e} 项）"),
                    Lang::En => format!("{s}: {c} ({e} of error severity)"),
                })
                .collect();
            let more = match (rest, l) {
                (0, _) => String::new(),
                (r, Lang::Zh) => format!("；其余 {r} 所学校按清单整改"),
                (r, Lang::En) => format!("; the other {r} institutions by the list"),
            };
            match l {
                Lang::Zh => format!("各校对第四部分所列事项逐项整改：{}{more}。", items.join("、")),
                Lang::En => {
                    format!("Each institution fixes the items listed in part 4: {}{more}.", items.join("; "))
                }
            }
        }));
    }
    let district = a.problems.iter().filter(|p| p.school.is_none()).count();
    if district > 0 {
        n.requirements.push(text!(
            "全区事项 {district} 项由责任科室牵头整改，见第四部分“责任科室”栏。",
            "The {district} district-level items are for the responsible sections to fix (part 4, column Sections)."
        ));
    }
    if !overdue.is_empty() {
        let k = overdue.len();
        n.requirements.push(text!(
            "逾期未完成或未报送的 {k} 项须完成并报送完成日期和佐证材料。",
            "The {k} overdue items must be done and reported with their completion date and evidence."
        ));
    }
    let g = a.gaps.len();
    if g > 0 {
        n.requirements.push(text!(
            "{g} 所学校须补报漏报的年度或漏填的字段（见第六部分）。",
            "{g} institutions must supply the years or fields they left out (part 6)."
        ));
    }
    if review > 0 {
        n.requirements.push(text!(
            "待人工核查的 {review} 项由督查人员依据佐证材料作出结论。",
            "The inspectors decide the {review} items awaiting review on the evidence."
        ));
    }
    if n.requirements.is_empty() {
        n.requirements.push(text!("本年度无整改事项。", "Nothing needs fixing this year."));
    }
    n
}
