//! A property test: for many generated districts, the engine's verdicts on the
//! headline share and sum targets agree with a naive oracle written independently
//! in integer arithmetic (no rationals, no shared code).

mod common;

use common::*;
use wjvet::eval::Status;

/// A small deterministic generator, so a failure is reproducible from its seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// The oracle: `num/den >= pct/100`, due at the end of 2020, judged at the end of `year`.
/// T15 and T18 say `when_zero = "fail"`: no teachers is not a share met.
fn oracle_share(num: u64, den: u64, pct: u64, year: i32) -> Status {
    let met = den > 0 && num * 100 >= pct * den;
    match (met, year >= 2020) {
        (true, _) => Status::Pass,
        (false, true) => Status::Fail,
        (false, false) => Status::Pending,
    }
}

#[test]
fn per_school_shares_agree_with_the_oracle() {
    let mut rng = Lcg(20181226);
    for case in 0..300 {
        let year = 2019 + i32::try_from(rng.next(2)).unwrap();
        let den = rng.next(60);
        let num = if den == 0 { 0 } else { rng.next(den + 1) };
        // 专业课教师 may not exceed 专任教师 (at_most in plan.toml).
        let prof = rng.next(den + 1);
        let dual = if prof == 0 { 0 } else { rng.next(prof + 1) };
        let (n, d, p, du) = (num.to_string(), den.to_string(), prof.to_string(), dual.to_string());
        let r = one_school(
            LIAOYUAN,
            "公办中职",
            year,
            &[
                ("qualified_teachers", &n),
                ("fulltime_teachers", &d),
                ("dual_qualified_teachers", &du),
                ("professional_teachers", &p),
            ],
            None,
        );
        assert_eq!(
            status(&r, "T15.qualified", Some(LIAOYUAN)),
            oracle_share(num, den, 85, year),
            "case {case}: {num}/{den} in {year}"
        );
        assert_eq!(
            status(&r, "T18.dual-qualified", Some(LIAOYUAN)),
            oracle_share(dual, prof, 85, year),
            "case {case}: {dual}/{prof}"
        );
    }
}

#[test]
fn district_sums_agree_with_the_oracle() {
    let mut rng = Lcg(15000);
    for case in 0..60 {
        let schools = 1 + rng.next(5) as usize;
        let values: Vec<u64> = (0..schools).map(|_| rng.next(7000)).collect();
        let keys = ["enrolled_students"];
        let names: Vec<String> = (0..schools).map(|i| format!("职校{i}")).collect();
        let rows: Vec<Vec<String>> = names
            .iter()
            .zip(&values)
            .map(|(name, v)| row(name, 2020, "民办中职", &[("enrolled_students", &v.to_string())], &keys))
            .collect();
        let registry: Vec<(String, String)> =
            names.iter().enumerate().map(|(i, n)| (format!("s{i}"), n.clone())).collect();
        let mut entries: Vec<(&str, &str, &str)> =
            registry.iter().map(|(id, n)| (id.as_str(), n.as_str(), "private_vocational")).collect();
        // 燎原 is named by the plan and public vocational: give it a row of 0.
        entries.push(("liaoyuan", LIAOYUAN, "public_vocational"));
        let mut all_rows = rows;
        all_rows.push(row(LIAOYUAN, 2020, "公办中职", &[("enrolled_students", "0")], &keys));
        let r =
            Fixture::new().csv("d.csv", &header_for(&keys), &all_rows).registry(&entries).report(None, None);
        let total: u64 = values.iter().sum();
        let want = if total >= 15000 { Status::Pass } else { Status::Fail };
        assert_eq!(status(&r, "T01.enrolled", None), want, "case {case}: {values:?} sums to {total}");
    }
}
