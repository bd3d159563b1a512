//! A synthetic province: `n` institution-year rows over 2018–2020 (or the years
//! given) with every field of the plan filled with plausible (invented) values, a
//! few left blank. Deterministic: the same `n` always gives the same bytes. Shared
//! by the benchmarks and by `cargo run --release --example gen_province`.

use wjvet::plan::{FieldKind, Plan};

/// A small deterministic generator (64-bit LCG); no dependency needed for noise.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Writes the CSV (Chinese headers, as the template has them) for `rows` rows.
pub fn generate(plan: &Plan, rows: usize, out: &mut String) {
    generate_over(plan, rows, &[2018, 2019, 2020], out);
}

/// [`generate`] over the given years: `rows / years` institutions, a row per year.
pub fn generate_over(plan: &Plan, rows: usize, years: &[i32], out: &mut String) {
    let mut rng = Lcg(20181226);
    out.push_str("学校名称,年度,学校类型");
    for f in &plan.fields {
        out.push(',');
        out.push_str(&f.label.zh);
    }
    out.push('\n');
    let institutions = rows.div_ceil(years.len());
    let mut written = 0;
    'outer: for i in 0..institutions {
        let kind = match i % 10 {
            0..=4 => "公办中职",
            5..=7 => "民办中职",
            _ => "普通高中",
        };
        for &year in years {
            if written == rows {
                break 'outer;
            }
            written += 1;
            out.push_str(&format!("示例省第{i}职业学校,{year},{kind}"));
            // Values so far in this row, so "at most field X" limits hold.
            let mut nums: Vec<Option<u64>> = vec![None; plan.fields.len()];
            for (n, f) in plan.fields.iter().enumerate() {
                out.push(',');
                if rng.below(50) == 0 {
                    continue; // about 2% of cells left blank
                }
                let v = match f.kind {
                    FieldKind::Count | FieldKind::Decimal => {
                        let cap = f.at_most.iter().filter_map(|o| nums[o.index()]).min().unwrap_or(420);
                        let v = if f.at_most.is_empty() { 20 + rng.below(400) } else { rng.below(cap + 1) };
                        nums[n] = Some(v);
                        v.to_string()
                    }
                    FieldKind::Percent => format!("{}%", rng.below(101)),
                    FieldKind::Bool => if rng.below(2) == 0 { "是" } else { "否" }.to_string(),
                    FieldKind::Date | FieldKind::Completion => {
                        if rng.below(5) == 0 {
                            "未完成".to_string()
                        } else {
                            format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))
                        }
                    }
                    FieldKind::Text => format!("佐证材料{}", rng.below(1000)),
                };
                out.push_str(&v);
            }
            out.push('\n');
        }
    }
}
