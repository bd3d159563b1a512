//! What the rules mean: inclusive bounds, exact ratios, due dates counted whole,
//! missing never read as zero, and every status each kind of rule can give.

mod common;

use common::*;
use wjvet::eval::{Actual, Status};

const PUB: &str = "公办中职";
const PRIV: &str = "民办中职";

fn school_2020(cells: &[(&str, &str)]) -> wjvet::report::Report {
    one_school(LIAOYUAN, PUB, 2020, cells, None)
}

// ---- headline targets: at the target and one unit below -------------------------

#[test]
fn qualified_teachers_85_percent_is_inclusive_and_exact() {
    let r = school_2020(&[("qualified_teachers", "17"), ("fulltime_teachers", "20")]);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Pass, "17/20 is exactly 85%");
    let r = school_2020(&[("qualified_teachers", "16"), ("fulltime_teachers", "20")]);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Fail);
    let r = school_2020(&[("qualified_teachers", "170"), ("fulltime_teachers", "200")]);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Pass);
    let r = school_2020(&[("qualified_teachers", "169"), ("fulltime_teachers", "200")]);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Fail, "84.5% must not round up to 85%");
}

#[test]
fn dual_qualified_uses_professional_teachers_as_denominator() {
    let cells = |dual: &'static str| {
        school_2020(&[
            ("dual_qualified_teachers", dual),
            ("professional_teachers", "20"),
            ("fulltime_teachers", "100"),
        ])
    };
    assert_eq!(status(&cells("17"), "T18.dual-qualified", Some(LIAOYUAN)), Status::Pass);
    assert_eq!(status(&cells("16"), "T18.dual-qualified", Some(LIAOYUAN)), Status::Fail);
    let f = finding(&cells("17"), "T18.dual-qualified", Some(LIAOYUAN)).clone();
    assert!(matches!(f.actual, Some(Actual::Ratio { .. })));
    assert_eq!(f.actual.unwrap().show(wjvet::lang::Lang::En), "85% (17/20)");
}

#[test]
fn industry_talent_is_a_share_of_the_staffing_quota() {
    let r = school_2020(&[("industry_teachers", "25"), ("staff_quota", "100")]);
    assert_eq!(status(&r, "T16.industry", Some(LIAOYUAN)), Status::Pass);
    let r = school_2020(&[("industry_teachers", "24"), ("staff_quota", "100")]);
    assert_eq!(status(&r, "T16.industry", Some(LIAOYUAN)), Status::Fail);
    // Private schools have no staffing quota: the rule does not concern them.
    let r = one_school("某民办职校", PRIV, 2020, &[("industry_teachers", "1")], None);
    assert!(r.findings.iter().all(|f| r.rule(f).id != "T16.industry"));
}

#[test]
fn training_rooms_80_percent_of_the_standard() {
    let r = school_2020(&[("training_rooms", "8"), ("training_rooms_required", "10")]);
    assert_eq!(status(&r, "T22.training-rooms", Some(LIAOYUAN)), Status::Pass);
    let r = school_2020(&[("training_rooms", "7"), ("training_rooms_required", "10")]);
    assert_eq!(status(&r, "T22.training-rooms", Some(LIAOYUAN)), Status::Fail);
}

#[test]
fn order_classes_half_of_all_classes() {
    let r = school_2020(&[("order_classes", "5"), ("classes", "10")]);
    assert_eq!(status(&r, "T09.order-classes", Some(LIAOYUAN)), Status::Pass);
    let r = school_2020(&[("order_classes", "4"), ("classes", "10")]);
    assert_eq!(status(&r, "T09.order-classes", Some(LIAOYUAN)), Status::Fail);
}

#[test]
fn innovation_teams_at_least_ten() {
    let r = school_2020(&[("innovation_teams", "10")]);
    assert_eq!(status(&r, "T17.innovation-teams", Some(LIAOYUAN)), Status::Pass);
    let r = school_2020(&[("innovation_teams", "9")]);
    assert_eq!(status(&r, "T17.innovation-teams", Some(LIAOYUAN)), Status::Fail);
}

fn district(rows: &[(&str, &str, i32, &str, &str)], registry: bool) -> wjvet::report::Report {
    // rows: (school, type, year, field, value)
    let keys: Vec<&str> = {
        let mut k: Vec<&str> = rows.iter().map(|r| r.3).collect();
        k.sort();
        k.dedup();
        k
    };
    let header = header_for(&keys);
    let body: Vec<Vec<String>> =
        rows.iter().map(|(s, t, y, k, v)| row(s, *y, t, &[(*k, *v)], &keys)).collect();
    let mut fx = Fixture::new().csv("d.csv", &header, &body);
    if registry {
        let mut registered =
            vec![("liaoyuan", LIAOYUAN, "public_vocational"), ("b", "乙职校", "private_vocational")];
        // Every reporting school must be registered; 丙 is in the district when it reports.
        if rows.iter().any(|r| r.0 == "丙职校") {
            registered.push(("c", "丙职校", "private_vocational"));
        }
        fx = fx.registry(&registered);
    }
    fx.report(None, None)
}

#[test]
fn district_enrolment_15000_is_a_sum_over_vocational_schools() {
    let at = district(
        &[
            (LIAOYUAN, PUB, 2020, "enrolled_students", "10000"),
            ("乙职校", PRIV, 2020, "enrolled_students", "5000"),
        ],
        true,
    );
    assert_eq!(status(&at, "T01.enrolled", None), Status::Pass);
    let below = district(
        &[
            (LIAOYUAN, PUB, 2020, "enrolled_students", "10000"),
            ("乙职校", PRIV, 2020, "enrolled_students", "4999"),
        ],
        true,
    );
    assert_eq!(status(&below, "T01.enrolled", None), Status::Fail);
    let f = finding(&below, "T01.enrolled", None);
    assert!(en(&below, f).contains("1 more"), "{}", en(&below, f));
}

#[test]
fn integration_500_is_the_sum_of_the_two_named_schools() {
    let at = district(
        &[
            (LIAOYUAN, PUB, 2020, "integration_students", "250"),
            (NO2, "普通高中", 2020, "integration_students", "250"),
        ],
        false,
    );
    assert_eq!(status(&at, "T05.integration", None), Status::Pass);
    let below = district(
        &[
            (LIAOYUAN, PUB, 2020, "integration_students", "250"),
            (NO2, "普通高中", 2020, "integration_students", "249"),
        ],
        false,
    );
    assert_eq!(
        status(&below, "T05.integration", None),
        Status::Fail,
        "named schools are a known scope: judged without a registry"
    );
}

// ---- dates: due dates count whole, and the evaluation date decides ------------

#[test]
fn by_2020_is_judged_on_the_2020_row_and_pending_before() {
    let r =
        one_school(LIAOYUAN, PUB, 2019, &[("qualified_teachers", "16"), ("fulltime_teachers", "20")], None);
    let f = finding(&r, "T15.qualified", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Pending);
    assert_eq!(f.due.unwrap().to_string(), "2020-12-31");
    assert!(en(&r, f).contains("1 more"), "progress is shown: {}", en(&r, f));
    // Already met before it is due: pass.
    let r =
        one_school(LIAOYUAN, PUB, 2019, &[("qualified_teachers", "17"), ("fulltime_teachers", "20")], None);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Pass);
    // The 2020 row judged before the year is out: still pending.
    let r = one_school(
        LIAOYUAN,
        PUB,
        2020,
        &[("qualified_teachers", "16"), ("fulltime_teachers", "20")],
        Some("2020-12-30"),
    );
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Pending);
    let r = one_school(
        LIAOYUAN,
        PUB,
        2020,
        &[("qualified_teachers", "16"), ("fulltime_teachers", "20")],
        Some("2020-12-31"),
    );
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Fail, "the due day counts whole");
}

#[test]
fn milestone_on_the_due_day_passes_and_the_day_after_is_late() {
    let on = school_2020(&[("innovation_centre_basic_date", "2019-12-31")]);
    assert_eq!(status(&on, "T06.innovation-centre-basic", Some(LIAOYUAN)), Status::Pass);
    let after = school_2020(&[("innovation_centre_basic_date", "2020-01-01")]);
    let f = finding(&after, "T06.innovation-centre-basic", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Late);
    assert!(en(&after, f).contains("1 days after"), "{}", en(&after, f));
}

#[test]
fn milestone_not_done_is_pending_then_fail() {
    let before = one_school(LIAOYUAN, PUB, 2019, &[("innovation_centre_internal_date", "未完成")], None);
    assert_eq!(status(&before, "T13.innovation-centre-internal", Some(LIAOYUAN)), Status::Pending);
    let after = school_2020(&[("innovation_centre_internal_date", "未完成")]);
    assert_eq!(status(&after, "T13.innovation-centre-internal", Some(LIAOYUAN)), Status::Fail);
}

#[test]
fn milestone_done_in_an_earlier_year_stays_done() {
    let keys = ["innovation_centre_basic_date"];
    let fx = Fixture::new().csv(
        "l.csv",
        &header_for(&keys),
        &[
            row(LIAOYUAN, 2019, PUB, &[("innovation_centre_basic_date", "2019-11-01")], &keys),
            row(LIAOYUAN, 2020, PUB, &[], &keys),
        ],
    );
    let r = fx.report(Some(2020), None);
    let f = finding(&r, "T06.innovation-centre-basic", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Pass);
    assert!(en(&r, f).contains("as reported for 2019"), "{}", en(&r, f));
}

#[test]
fn a_completion_date_after_the_evaluation_date_is_not_done_yet() {
    let r = one_school(
        LIAOYUAN,
        PUB,
        2020,
        &[("innovation_centre_internal_date", "2020-12-01")],
        Some("2020-06-30"),
    );
    assert_eq!(status(&r, "T13.innovation-centre-internal", Some(LIAOYUAN)), Status::Pending);
}

#[test]
fn yearly_filing_in_june_and_before_the_end_of_may() {
    let ok = school_2020(&[("practice_plan_date", "2020-06-30"), ("internship_plan_date", "2020-05-31")]);
    assert_eq!(status(&ok, "T20.practice-plan", Some(LIAOYUAN)), Status::Pass);
    assert_eq!(status(&ok, "T23.internship-plan", Some(LIAOYUAN)), Status::Pass);
    let late = school_2020(&[("practice_plan_date", "2020-07-01"), ("internship_plan_date", "2020-06-01")]);
    assert_eq!(status(&late, "T20.practice-plan", Some(LIAOYUAN)), Status::Late);
    assert_eq!(status(&late, "T23.internship-plan", Some(LIAOYUAN)), Status::Late);
    let not_yet = one_school(LIAOYUAN, PUB, 2020, &[("practice_plan_date", "未完成")], Some("2020-06-15"));
    assert_eq!(status(&not_yet, "T20.practice-plan", Some(LIAOYUAN)), Status::Pending);
    let missed = school_2020(&[("practice_plan_date", "未完成")]);
    assert_eq!(status(&missed, "T20.practice-plan", Some(LIAOYUAN)), Status::Fail);
}

#[test]
fn a_yearly_rule_does_not_apply_outside_its_years() {
    let r =
        one_school(LIAOYUAN, PUB, 2018, &[("training_rooms", "1"), ("training_rooms_required", "10")], None);
    let f = finding(&r, "T22.training-rooms", Some(LIAOYUAN));
    assert_eq!(f.status, Status::NotApplicable);
    assert!(en(&r, f).contains("2019–2020"), "{}", en(&r, f));
}

// ---- missing is never zero -------------------------------------------------------

#[test]
fn an_empty_cell_is_missing_but_zero_is_a_value() {
    let r = school_2020(&[("qualified_teachers", ""), ("fulltime_teachers", "20")]);
    let f = finding(&r, "T15.qualified", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Missing);
    assert!(en(&r, f).contains("Qualified teachers"), "{}", en(&r, f));
    assert!(f.counts_against(), "missing once due counts like a failure");
    let r = school_2020(&[("qualified_teachers", "0"), ("fulltime_teachers", "20")]);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Fail);
}

#[test]
fn a_column_left_out_is_missing_too() {
    let r = school_2020(&[("fulltime_teachers", "20")]);
    assert_eq!(status(&r, "T15.qualified", Some(LIAOYUAN)), Status::Missing);
}

#[test]
fn missing_before_the_due_date_does_not_count_yet() {
    let r = one_school(LIAOYUAN, PUB, 2019, &[("fulltime_teachers", "20")], None);
    let f = finding(&r, "T15.qualified", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Missing);
    assert!(!f.counts_against());
}

#[test]
fn a_zero_denominator_is_not_applicable_not_a_pass() {
    let r = school_2020(&[("tripartite_agreements", "0"), ("interns", "0")]);
    let f = finding(&r, "T24.tripartite", Some(LIAOYUAN));
    assert_eq!(f.status, Status::NotApplicable);
    assert!(en(&r, f).contains("is 0"), "{}", en(&r, f));
}

// ---- the district and who is in view -------------------------------------------

#[test]
fn a_school_checking_its_own_file_is_not_told_the_district_failed() {
    let r = one_school("某民办职校", PRIV, 2020, &[("enrolled_students", "2000")], None);
    let f = finding(&r, "T01.enrolled", None);
    assert_eq!(f.status, Status::Incomplete);
    assert!(!f.counts_against());
    assert!(en(&r, f).contains("--registry"), "{}", en(&r, f));
}

#[test]
fn a_partial_sum_that_already_meets_the_target_passes() {
    let r = one_school("某民办职校", PRIV, 2020, &[("enrolled_students", "15000")], None);
    assert_eq!(status(&r, "T01.enrolled", None), Status::Pass);
}

#[test]
fn with_a_registry_an_absent_school_is_missing_data() {
    let r = district(&[(LIAOYUAN, PUB, 2020, "enrolled_students", "10000")], true);
    let f = finding(&r, "T01.enrolled", None);
    assert_eq!(f.status, Status::Missing);
    assert!(en(&r, f).contains("乙职校"), "{}", en(&r, f));
    // ...and its own rules are missing too, so the bureau sees who did not report.
    assert_eq!(status(&r, "T15.qualified", Some("乙职校")), Status::Missing);
}

#[test]
fn a_named_school_absent_without_registry_is_incomplete() {
    let r = district(&[(LIAOYUAN, PUB, 2020, "integration_students", "300")], false);
    assert_eq!(status(&r, "T05.integration", None), Status::Incomplete);
}

#[test]
fn count_of_new_quality_private_schools() {
    let both = |a: &'static str, b: &'static str, reg: bool, year: i32| {
        district(
            &[
                (LIAOYUAN, PUB, year, "new_quality_recognised", "否"),
                ("乙职校", PRIV, year, "new_quality_recognised", a),
                ("丙职校", PRIV, year, "new_quality_recognised", b),
            ],
            reg,
        )
    };
    // Without a registry 丙 is known only from its row, and private: it counts.
    assert_eq!(status(&both("否", "是", false, 2020), "T03.new-quality-private", None), Status::Pass);
    assert_eq!(status(&both("否", "否", false, 2020), "T03.new-quality-private", None), Status::Incomplete);
    assert_eq!(status(&both("否", "否", true, 2020), "T03.new-quality-private", None), Status::Fail);
    assert_eq!(status(&both("否", "否", true, 2019), "T03.new-quality-private", None), Status::Pending);
    assert_eq!(status(&both("否", "", true, 2020), "T03.new-quality-private", None), Status::Missing);
}

#[test]
fn district_growth_compares_with_last_year() {
    let r = |y19: &'static str, y20: &'static str| {
        district(
            &[
                (LIAOYUAN, PUB, 2019, "articulation_enrollment", y19),
                ("乙职校", PRIV, 2019, "articulation_enrollment", "10"),
                (LIAOYUAN, PUB, 2020, "articulation_enrollment", y20),
                ("乙职校", PRIV, 2020, "articulation_enrollment", "10"),
            ],
            true,
        )
    };
    assert_eq!(status(&r("100", "101"), "T04.articulation-growth", None), Status::Pass);
    assert_eq!(
        status(&r("100", "100"), "T04.articulation-growth", None),
        Status::Fail,
        "expand means strictly more"
    );
}

// ---- evidence and judgement ---------------------------------------------------------

#[test]
fn evidence_reported_passes_and_absent_is_missing() {
    let r = school_2020(&[("international_evidence", "协议 2020-01")]);
    let f = finding(&r, "T07.international", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Pass);
    assert!(en(&r, f).contains("协议 2020-01"));
    let r = school_2020(&[("international_evidence", "")]);
    assert_eq!(status(&r, "T07.international", Some(LIAOYUAN)), Status::Missing);
}

#[test]
fn judgement_rules_show_the_evidence_and_never_decide() {
    let r = school_2020(&[("featured_specialty", "数控技术应用")]);
    let f = finding(&r, "T11.one-school-one-specialty", Some(LIAOYUAN));
    assert_eq!(f.status, Status::Review);
    assert!(!f.counts_against());
    assert!(f.actual.as_ref().unwrap().show(wjvet::lang::Lang::Zh).contains("数控技术应用"));
}

#[test]
fn yes_no_targets() {
    let r = school_2020(&[("experience_day_held", "是")]);
    assert_eq!(status(&r, "T27.experience-day", Some(LIAOYUAN)), Status::Pass);
    let r = school_2020(&[("experience_day_held", "否")]);
    assert_eq!(status(&r, "T27.experience-day", Some(LIAOYUAN)), Status::Fail);
}

#[test]
fn at_most_zero_first_year_interns() {
    let r = school_2020(&[("first_year_interns", "0"), ("interns", "5")]);
    assert_eq!(status(&r, "T24.no-first-year", Some(LIAOYUAN)), Status::Pass);
    let r = school_2020(&[("first_year_interns", "1"), ("interns", "5")]);
    assert_eq!(status(&r, "T24.no-first-year", Some(LIAOYUAN)), Status::Fail);
}

#[test]
fn the_default_year_is_the_latest_in_the_data() {
    let keys = ["enrolled_students"];
    let fx = Fixture::new().csv(
        "y.csv",
        &header_for(&keys),
        &[
            row(LIAOYUAN, 2019, PUB, &[("enrolled_students", "1")], &keys),
            row(LIAOYUAN, 2020, PUB, &[("enrolled_students", "2")], &keys),
        ],
    );
    let r = fx.report(None, None);
    assert_eq!(r.opts.year, 2020);
    assert_eq!(r.opts.as_of.to_string(), "2020-12-31");
}
