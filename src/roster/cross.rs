//! After every file is read: group limits settled, then each derived count compared
//! with the annual figure it verifies.
//!
//! A reported figure the roster does not support is `roster-mismatch`, an error at
//! the annual cell ("报送双师型教师 170 人，花名册可认定 152 人"), and the institution's
//! year becomes invalid: no rule is judged on a number the school's own records
//! contradict. An empty annual cell is filled with the derived count, remembered in
//! [`Row::from_roster`](crate::data::Row), so a rule can be judged from the roster
//! and `explain` says where the number came from. A roster for an institution and
//! year that sent no annual row is reported, never silently unused.

use crate::data::{Dataset, Value};
use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::num::Num;
use crate::plan::Plan;
use crate::roster::model::CheckSeverity;
use crate::text;

/// Settles group limits, then cross-checks and fills; see the module comment.
pub fn apply(plan: &Plan, data: &mut Dataset, diags: &mut Diagnostics) {
    if data.rosters.is_empty() {
        return;
    }
    settle_groups(plan, data, diags);
    cross_check(plan, data, diags);
}

/// Each group over its limit, with no value to hold it to (no staff figure given for
/// a host), or over it once the rows left out for errors of their own are counted:
/// one `record-violation` at its first record, and every record counted in it as
/// breaking the check (and no longer lawful).
fn settle_groups(plan: &Plan, data: &mut Dataset, diags: &mut Diagnostics) {
    // Only the groups breaking their limit are read out: a province has hundreds of
    // thousands of groups, a handful over. The groups are read while the counts they
    // settle change: two fields of the tally, borrowed apart.
    let (groups, per) = (&data.rosters.groups, &mut data.rosters.per);
    let over = groups.sorted_where(|(ri, ci, _), g| {
        plan.rosters[ri].checks[ci].group.as_ref().is_some_and(|limit| g.breaks(limit.share))
    });
    for ((ri, ci, year), group) in over {
        let (ri, ci, year) = (&ri, &ci, &year);
        let roster = &plan.rosters[*ri];
        let check = &roster.checks[*ci];
        let Some(limit) = &check.group else { continue };
        let file = data.files.get(group.first.0).map(|f| f.path.clone()).unwrap_or_default();
        let (host, n) = (&group.shown, group.size);
        let pct = crate::num::format_num(&(limit.share * Num::from_integer(100)), 2, crate::num::Round::Down);
        let (lz, le, az, ae) = (&check.label.zh, &check.label.en, &check.article.zh, &check.article.en);
        let of = &roster.column(limit.of).label;
        let (oz, oe) = (&of.zh, &of.en);
        let why = match &group.largest {
            Some(largest) if group.over(limit.share) => {
                let staff = crate::num::format_num(largest, 0, crate::num::Round::Down);
                text!(
                    "「{host}」{year} 年共有 {n} 条记录，超过「{oz}」{staff} 的 {pct}%",
                    "{host:?} holds {n} records in {year}, more than {pct}% of its {oe} ({staff})"
                )
            }
            Some(largest) => {
                let staff = crate::num::format_num(largest, 0, crate::num::Round::Down);
                let u = group.unsure;
                text!(
                    "「{host}」{year} 年共有 {n} 条记录，另有 {u} 条因本身有错误未计入；计入它们可能超过「{oz}」{staff} 的 {pct}%，无法确认",
                    "{host:?} holds {n} records in {year} and {u} more not counted for errors of their own; with them it may be more than {pct}% of its {oe} ({staff}), so it cannot be shown to be within it"
                )
            }
            None => text!(
                "「{host}」{year} 年共有 {n} 条记录，各条记录均未填写「{oz}」，无法确认不超过其 {pct}%",
                "{host:?} holds {n} records in {year} and none gives its {oe}, so it cannot be shown they are at most {pct}% of it"
            ),
        };
        diags.push_with(Code::RecordViolation, || {
            let (wz, we) = (&why.zh, &why.en);
            Diagnostic::new(
                Code::RecordViolation,
                Location::file(&file).row(group.first.1),
                text!("{wz}：不符合「{lz}」（{az}）", "{we}: breaks {le:?} ({ae})"),
            )
            .value(host.to_string())
            .hint({
                let id = &check.id;
                text!("[{id}] 核实并调整该组的记录", "[{id}] verify and adjust the records of this group")
            })
        });
        for (inst, records, lawful_counted) in &group.by_institution() {
            if let Some(agg) = per.get_mut(&(*ri, *inst, *year)) {
                agg.breaches[*ci] += records;
                if check.severity == CheckSeverity::Error {
                    let lawful_only = roster.counts.iter().enumerate().filter(|(_, c)| c.lawful_only);
                    for ((i, _), counted) in lawful_only.zip(lawful_counted) {
                        agg.counts[i] = agg.counts[i].saturating_sub(*counted);
                    }
                }
            }
        }
    }
}

fn cross_check(plan: &Plan, data: &mut Dataset, diags: &mut Diagnostics) {
    let per: Vec<_> = data.rosters.per.iter().map(|(k, v)| (*k, v.clone())).collect();
    for ((ri, inst, year), agg) in per {
        if data.invalid.contains(&(inst, year)) {
            continue;
        }
        let roster = &plan.rosters[ri];
        let Some(row_index) = data.row_index(inst, year) else {
            let school = data.institutions[inst].name.clone();
            let file = data.files.get(agg.first.0).map(|f| f.path.clone()).unwrap_or_default();
            let (rz, re) = (&roster.label.zh, &roster.label.en);
            diags.push(
                Diagnostic::new(
                    Code::RosterWithoutSubmission,
                    Location::file(file).row(agg.first.1),
                    text!(
                        "{rz}列出了「{school}」{year} 年的记录，但没有该校该年度的年报行：花名册只能核对、不能代替年报",
                        "the {re} lists records of {school:?} for {year}, but no annual row of that school and year was read: a roster verifies a report, it does not replace it"
                    ),
                )
                .hint(text!("把该校的年报文件一起交给 wjvet", "give wjvet the school's annual file too")),
            );
            continue;
        };
        for (i, count) in roster.counts.iter().enumerate() {
            let derived = agg.counts[i];
            let field = plan.field(count.verifies);
            let row = &data.rows[row_index];
            match row.num(count.verifies) {
                Some(reported) if reported == Num::from_integer(i128::from(derived)) => {}
                Some(reported) => {
                    let file = data.files.get(row.file).map(|f| f.path.clone()).unwrap_or_default();
                    let mut loc = Location::file(file).row(row.line);
                    if let Some(Some(col)) =
                        data.files.get(row.file).and_then(|f| f.columns.get(count.verifies.index()))
                    {
                        loc = loc.column(col.index, &col.header);
                    }
                    let shown = crate::num::format_num(&reported, 2, crate::num::Round::Down);
                    let (fz, fe, uz) =
                        (&field.label.zh, &field.label.en, field.unit.as_ref().map_or("", |u| u.zh.as_str()));
                    let (rz, re) = (&roster.label.zh, &roster.label.en);
                    let school = data.institutions[inst].name.clone();
                    diags.push(
                        Diagnostic::new(
                            Code::RosterMismatch,
                            loc,
                            text!(
                                "「{school}」{year} 年报送{fz} {shown} {uz}，{rz}可认定 {derived} {uz}",
                                "{school:?} reported {fe} = {shown} for {year}; the {re} supports {derived}"
                            ),
                        )
                        .value(shown.clone())
                        .expected(text!("与花名册一致：{derived}", "what the roster supports: {derived}"))
                        .hint(text!(
                            "核对花名册与年报；wjvet explain 规则 学校 列出计入与未计入的记录及原因",
                            "reconcile the roster with the report; wjvet explain RULE SCHOOL lists the records counted and not counted, and why"
                        )),
                    );
                    data.invalid.insert((inst, year));
                }
                None => {
                    let row = &mut data.rows[row_index];
                    let n = crate::num::store(&Num::from_integer(i128::from(derived)));
                    row.set(count.verifies, Value::Num(n));
                    row.from_roster.push(count.verifies);
                }
            }
        }
    }
}
