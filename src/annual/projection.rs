//! Projecting a headline target to its due year: a straight line through the
//! reported years, computed exactly.
//!
//! The method is ordinary least squares on (year, value) — with two years, the line
//! through both — extended to the due year. It is deliberately simple: a bureau can
//! check it by hand, and the report states it next to every projection. Arithmetic
//! is exact (rationals) and checked: a projection that would overflow is reported as
//! not computable rather than wrong.

use num_traits::{CheckedAdd, CheckedDiv, CheckedMul, CheckedSub};

use crate::lang::Text;
use crate::num::Num;

/// The fewest years a trend is drawn through.
pub const MIN_YEARS: usize = 2;

/// The method, as the report states it.
pub fn method() -> Text {
    Text::new(
        "推算方法：对各报送年度的全区数值作最小二乘线性趋势（两个年度即为过两点的直线），外推到目标到期年度，再与目标精确比较。推算不是实际值；少于两个完整年度时不作推算。",
        "Method: a least-squares linear trend through the district values of the years reported (with two years, the straight line through both), extended to the year the target falls due, then compared exactly with the target. A projection is not an actual value; with fewer than two complete years there is no projection.",
    )
}

/// The value of the least-squares line through `points` at year `at`; `None` with
/// fewer than [`MIN_YEARS`] distinct years or if the arithmetic would overflow.
pub fn linear(points: &[(i32, Num)], at: i32) -> Option<Num> {
    let mut years: Vec<i32> = points.iter().map(|(y, _)| *y).collect();
    years.sort_unstable();
    years.dedup();
    if years.len() < MIN_YEARS || years.len() != points.len() {
        return None;
    }
    let n = Num::from_integer(i128::try_from(points.len()).ok()?);
    let x = |y: i32| Num::from_integer(i128::from(y));
    let mut sx = Num::from_integer(0);
    let mut sy = Num::from_integer(0);
    for (year, v) in points {
        sx = sx.checked_add(&x(*year))?;
        sy = sy.checked_add(v)?;
    }
    let (mx, my) = (sx.checked_div(&n)?, sy.checked_div(&n)?);
    let (mut sxy, mut sxx) = (Num::from_integer(0), Num::from_integer(0));
    for (year, v) in points {
        let dx = x(*year).checked_sub(&mx)?;
        let dy = v.checked_sub(&my)?;
        sxy = sxy.checked_add(&dx.checked_mul(&dy)?)?;
        sxx = sxx.checked_add(&dx.checked_mul(&dx)?)?;
    }
    let slope = sxy.checked_div(&sxx)?;
    my.checked_add(&slope.checked_mul(&x(at).checked_sub(&mx)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: i128, b: i128) -> Num {
        Num::new(a, b)
    }

    #[test]
    fn two_years_give_the_line_through_both() {
        // 12350 in 2018, 13100 in 2019: +750 a year, so 13850 in 2020.
        let p = [(2018, r(12350, 1)), (2019, r(13100, 1))];
        assert_eq!(linear(&p, 2020), Some(r(13850, 1)));
    }

    #[test]
    fn three_years_use_least_squares_exactly() {
        // y = 1, 2, 4 over x = 0, 1, 2: slope 3/2, mean 7/3, so at x = 3: 7/3 + 3/2 * 2 = 16/3.
        let p = [(2018, r(1, 1)), (2019, r(2, 1)), (2020, r(4, 1))];
        assert_eq!(linear(&p, 2021), Some(r(16, 3)));
    }

    #[test]
    fn ratios_stay_exact() {
        // 70/100 then 78/100: +8 points, so 86/100 the next year.
        let p = [(2018, r(70, 100)), (2019, r(78, 100))];
        assert_eq!(linear(&p, 2020), Some(r(86, 100)));
    }

    #[test]
    fn too_few_years_or_repeated_years_give_none() {
        assert_eq!(linear(&[(2019, r(1, 1))], 2020), None);
        assert_eq!(linear(&[(2019, r(1, 1)), (2019, r(2, 1))], 2020), None);
        assert_eq!(linear(&[], 2020), None);
    }

    #[test]
    fn overflow_is_none_not_wrong() {
        let huge = Num::from_integer(i128::MAX / 2);
        assert_eq!(linear(&[(2018, -huge), (2019, huge)], 2030), None);
    }
}
