//! Follow-up (整改跟踪): last run's problems against this run's results, for
//! `check --previous`, `report --previous` and `diff`.
//!
//! Both sides become a [`Snapshot`]: per result, the rule id, the institution (its
//! `institution_id`, else its name), the status and whether it counts against
//! compliance. A run in memory gives one directly; an earlier run gives one from its
//! JSON document, of any schema version this tool wrote, reading only those fields
//! (extra ones are ignored, so later versions read too). The key decision: results
//! are matched by (rule, institution) and never by year, so last year's document
//! judges this year's rectification. A problem is a result that counts against
//! compliance (fail, late, missing once due), whatever its severity. Each earlier
//! problem is 已整改 (now passes), 未整改 (does not pass yet: fails, is late,
//! missing, pending or awaiting review), or 不再适用 (the rule or institution is
//! gone, not applicable or exempted now); each current problem that was not one
//! before is 新增, and any 新增 makes `diff` exit 1.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::eval::Status;
use crate::lang::{Lang, Text};
use crate::report::Report;
use crate::text;

/// One result, as much as the comparison needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub rule: String,
    /// `None` for a district result.
    pub school: Option<String>,
    /// `None` for a district result, and in documents before schema version 2.
    pub institution_id: Option<String>,
    pub status: Status,
    pub counts_against: bool,
}

/// The results of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub year: Option<i32>,
    pub items: Vec<Item>,
}

/// Why a file is not a result this tool can compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAResult(pub Text);

#[derive(Deserialize)]
struct Doc {
    schema_version: u32,
    tool: DocTool,
    year: Option<i32>,
    verdict: Option<String>,
    results: Vec<DocResult>,
}

#[derive(Deserialize)]
struct DocTool {
    name: String,
}

#[derive(Deserialize)]
struct DocResult {
    rule: String,
    school: Option<String>,
    #[serde(default)]
    institution_id: Option<String>,
    status: String,
    #[serde(default)]
    counts_against: Option<bool>,
    #[serde(default)]
    overdue: Option<bool>,
}

impl Snapshot {
    /// The results of an evaluated run.
    pub fn of(report: &Report) -> Snapshot {
        let items = report
            .findings
            .iter()
            .map(|f| Item {
                rule: report.rule(f).id.clone(),
                school: report.school(f).map(str::to_string),
                institution_id: f.institution().map(|i| report.institution_id(i)),
                status: f.status,
                counts_against: f.counts_against(),
            })
            .collect();
        Snapshot { year: Some(report.opts.year), items }
    }

    /// The results of the JSON document of an earlier run (`--format json` or
    /// `-o json=PATH`). `name` is the file as given, for the messages.
    pub fn from_json(bytes: &[u8], name: &str) -> Result<Snapshot, NotAResult> {
        let latest = crate::render::json::SCHEMA_VERSION;
        let help_en = "help: give the document written by `wjvet check --format json` (or `-o json=PATH`)";
        let help_zh = "提示：应为 `wjvet check --format json`（或 `-o json=路径`）输出的文件";
        let doc: Doc = serde_json::from_slice(bytes).map_err(|e| {
            NotAResult(text!(
                "{name} 不是 wjvet 的 JSON 结果：{e}\n{help_zh}",
                "{name} is not a wjvet JSON result: {e}\n{help_en}"
            ))
        })?;
        if doc.tool.name != "wjvet" {
            let tool = &doc.tool.name;
            return Err(NotAResult(text!(
                "{name} 由 {tool:?} 生成，不是 wjvet 的结果\n{help_zh}",
                "{name} was written by {tool:?}, not by wjvet\n{help_en}"
            )));
        }
        let v = doc.schema_version;
        if v == 0 || v > latest {
            return Err(NotAResult(text!(
                "{name} 的 schema_version 为 {v}，本版本只能读取 1 至 {latest}",
                "{name} has schema_version {v}; this version reads 1 to {latest}"
            )));
        }
        if doc.verdict.as_deref() == Some("invalid") {
            return Err(NotAResult(text!(
                "{name} 记录的是一次数据无效的运行，没有可比较的结果",
                "{name} records a run whose data was invalid: it has no results to compare"
            )));
        }
        let mut items = Vec::with_capacity(doc.results.len());
        for r in doc.results {
            let Some(status) = Status::ALL.into_iter().find(|s| s.key() == r.status) else {
                let (rule, st) = (&r.rule, &r.status);
                return Err(NotAResult(text!(
                    "{name} 中规则 {rule} 的状态 {st:?} 无法识别",
                    "{name}: unknown status {st:?} for rule {rule}"
                )));
            };
            // Before `counts_against` existed, the status and `overdue` said the same.
            let counts_against = r.counts_against.unwrap_or(match status {
                Status::Fail | Status::Late => true,
                Status::Missing => r.overdue.unwrap_or(true),
                _ => false,
            });
            items.push(Item {
                rule: r.rule,
                school: r.school,
                institution_id: r.institution_id,
                status,
                counts_against,
            });
        }
        Ok(Snapshot { year: doc.year, items })
    }
}

impl Snapshot {
    /// Only the earlier results whose rule and subject `current` has: for a run
    /// narrowed by `--rule`, `--school` and the like, whose left-out results are not
    /// gone.
    pub fn within(&self, current: &Snapshot) -> Snapshot {
        let rules: BTreeSet<&str> = current.items.iter().map(|c| c.rule.as_str()).collect();
        let subjects: BTreeSet<(Option<&str>, Option<&str>)> = current
            .items
            .iter()
            .flat_map(|c| [(c.institution_id.as_deref(), None), (None, c.school.as_deref())])
            .collect();
        let items = self
            .items
            .iter()
            .filter(|p| rules.contains(p.rule.as_str()))
            .filter(|p| match (&p.institution_id, &p.school) {
                (Some(id), _) => subjects.contains(&(Some(id.as_str()), None)),
                (None, name) => subjects.contains(&(None, name.as_deref())),
            })
            .cloned()
            .collect();
        Snapshot { year: self.year, items }
    }
}

/// What became of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// 已整改: it passes now.
    Resolved,
    /// 未整改: it does not pass yet.
    Unresolved,
    /// 不再适用: the rule or institution is gone, not applicable or exempted.
    NoLongerApplicable,
    /// 新增: a problem now that was not one before.
    New,
}

impl Outcome {
    pub const ALL: [Outcome; 4] =
        [Outcome::Resolved, Outcome::Unresolved, Outcome::NoLongerApplicable, Outcome::New];

    /// The stable key of the JSON documents.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Unresolved => "unresolved",
            Outcome::NoLongerApplicable => "no_longer_applicable",
            Outcome::New => "new",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Outcome::Resolved => lang.pick("已整改", "resolved"),
            Outcome::Unresolved => lang.pick("未整改", "unresolved"),
            Outcome::NoLongerApplicable => lang.pick("不再适用", "no longer applicable"),
            Outcome::New => lang.pick("新增", "new"),
        }
    }
}

/// One line of the comparison: a result that was or is a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub rule: String,
    pub school: Option<String>,
    pub institution_id: Option<String>,
    pub outcome: Outcome,
    /// The status before; `None` when the earlier run had no such result.
    pub previous: Option<Status>,
    /// The status now; `None` when this run has no such result.
    pub current: Option<Status>,
}

/// The comparison of two runs: earlier problems in the earlier run's order, then the
/// new ones in the current run's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUp {
    pub previous_year: Option<i32>,
    pub current_year: Option<i32>,
    pub entries: Vec<Entry>,
}

/// What a result is matched by: the rule and the institution's id or, for documents
/// written before ids existed, its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Id(&'a str, Option<&'a str>),
    Name(&'a str, &'a str),
}

fn id_key(i: &Item) -> Key<'_> {
    Key::Id(&i.rule, i.institution_id.as_deref())
}

/// The key an earlier item is looked up by.
fn lookup_key(i: &Item) -> Key<'_> {
    match (&i.institution_id, &i.school) {
        (None, Some(name)) => Key::Name(&i.rule, name),
        _ => id_key(i),
    }
}

impl FollowUp {
    pub fn compare(previous: &Snapshot, current: &Snapshot) -> FollowUp {
        let mut index: BTreeMap<Key, usize> = BTreeMap::new();
        for (n, c) in current.items.iter().enumerate() {
            index.insert(id_key(c), n);
            if let Some(name) = &c.school {
                index.entry(Key::Name(&c.rule, name)).or_insert(n);
            }
        }
        let mut matched = BTreeSet::new();
        let mut entries = Vec::new();
        for p in previous.items.iter().filter(|p| p.counts_against) {
            let now = index.get(&lookup_key(p)).map(|n| {
                matched.insert(*n);
                &current.items[*n]
            });
            let outcome = match now.map(|c| c.status) {
                None | Some(Status::NotApplicable | Status::Exempted) => Outcome::NoLongerApplicable,
                Some(Status::Pass) => Outcome::Resolved,
                Some(_) => Outcome::Unresolved,
            };
            entries.push(Entry {
                rule: p.rule.clone(),
                school: now.map_or(&p.school, |c| &c.school).clone(),
                institution_id: now.map_or(&p.institution_id, |c| &c.institution_id).clone(),
                outcome,
                previous: Some(p.status),
                current: now.map(|c| c.status),
            });
        }
        let mut before: BTreeMap<Key, Status> = BTreeMap::new();
        for p in &previous.items {
            before.insert(lookup_key(p), p.status);
        }
        for (n, c) in current.items.iter().enumerate() {
            if !c.counts_against || matched.contains(&n) {
                continue;
            }
            let was = before
                .get(&id_key(c))
                .or_else(|| c.school.as_deref().and_then(|name| before.get(&Key::Name(&c.rule, name))));
            entries.push(Entry {
                rule: c.rule.clone(),
                school: c.school.clone(),
                institution_id: c.institution_id.clone(),
                outcome: Outcome::New,
                previous: was.copied(),
                current: Some(c.status),
            });
        }
        FollowUp { previous_year: previous.year, current_year: current.year, entries }
    }

    pub fn count(&self, outcome: Outcome) -> usize {
        self.entries.iter().filter(|e| e.outcome == outcome).count()
    }

    /// Whether the current run has a problem the earlier one did not: `diff` exits 1.
    pub fn worse(&self) -> bool {
        self.count(Outcome::New) > 0
    }

    /// `上次问题 5 项：已整改 2，未整改 1，不再适用 2；新增 1 项。`
    pub fn summary(&self, lang: Lang) -> String {
        let earlier = self.entries.len() - self.count(Outcome::New);
        let [r, u, g, n] = Outcome::ALL.map(|o| self.count(o));
        match lang {
            Lang::Zh => {
                format!("上次问题 {earlier} 项：已整改 {r}，未整改 {u}，不再适用 {g}；新增问题 {n} 项。")
            }
            Lang::En => format!(
                "{earlier} earlier problems: {r} resolved, {u} unresolved, {g} no longer applicable; {n} new."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(rule: &str, id: Option<&str>, status: Status) -> Item {
        Item {
            rule: rule.into(),
            school: id.map(|i| format!("school {i}")),
            institution_id: id.map(str::to_string),
            status,
            counts_against: matches!(status, Status::Fail | Status::Late),
        }
    }

    #[test]
    fn each_outcome_from_a_pair_of_snapshots() {
        let prev = Snapshot {
            year: Some(2019),
            items: vec![
                item("A", Some("1"), Status::Fail),
                item("B", Some("1"), Status::Late),
                item("C", Some("2"), Status::Fail),
                item("D", None, Status::Fail),
                item("E", Some("1"), Status::Pass),
            ],
        };
        let cur = Snapshot {
            year: Some(2020),
            items: vec![
                item("A", Some("1"), Status::Pass),
                item("B", Some("1"), Status::Fail),
                item("D", None, Status::NotApplicable),
                item("E", Some("1"), Status::Fail),
            ],
        };
        let f = FollowUp::compare(&prev, &cur);
        let got: Vec<(&str, Outcome)> = f.entries.iter().map(|e| (e.rule.as_str(), e.outcome)).collect();
        assert_eq!(
            got,
            [
                ("A", Outcome::Resolved),
                ("B", Outcome::Unresolved),
                ("C", Outcome::NoLongerApplicable),
                ("D", Outcome::NoLongerApplicable),
                ("E", Outcome::New),
            ]
        );
        assert_eq!(f.entries[4].previous, Some(Status::Pass));
        assert!(f.worse());
        assert!(!FollowUp::compare(&cur, &cur).worse());
    }

    #[test]
    fn a_document_without_ids_matches_by_name() {
        let doc = br#"{"schema_version": 1, "tool": {"name": "wjvet", "version": "0.1"}, "year": 2019,
            "results": [{"rule": "A", "school": "school 1", "status": "fail", "extra": 1}]}"#;
        let prev = Snapshot::from_json(doc, "a.json").unwrap();
        assert!(prev.items[0].counts_against);
        let cur = Snapshot { year: Some(2020), items: vec![item("A", Some("1"), Status::Pass)] };
        assert_eq!(FollowUp::compare(&prev, &cur).entries[0].outcome, Outcome::Resolved);
    }

    #[test]
    fn other_documents_are_refused() {
        let refused = |doc: &[u8]| Snapshot::from_json(doc, "x.json").unwrap_err().0.en;
        assert!(refused(b"[1, 2]").contains("is not a wjvet JSON result"));
        let other = br#"{"schema_version": 3, "tool": {"name": "ruff"}, "results": []}"#;
        assert!(refused(other).contains("not by wjvet"));
        let future = br#"{"schema_version": 99, "tool": {"name": "wjvet"}, "results": []}"#;
        assert!(refused(future).contains("schema_version 99"));
        let invalid =
            br#"{"schema_version": 3, "tool": {"name": "wjvet"}, "verdict": "invalid", "results": []}"#;
        assert!(refused(invalid).contains("invalid"));
    }
}
