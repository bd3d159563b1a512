"""The annual check's core arithmetic in DuckDB, to compare wjvet with a SQL engine.

Usage: annual_duckdb.py FILE.csv OUT.json [THREADS]

Reads the generated province (`cargo run --release --example gen_province`), takes the
latest year, and judges per vocational school the plan's twelve ratio rules (T18's
双师型 share of professional teachers >= 85%, T15, T09, T16, T20, T21 x2, T22 x2,
T24 x3) with wjvet's statuses (pass, fail, missing, not_applicable: the `when_zero`
of each rule), then two district sums (T01 enrolment >= 15000, T05 integration >= 500),
and writes one JSON array of results (rule, school, year, status, numerator,
denominator). Comparisons are exact: `n * 100 >= p * d` on integers, as wjvet
compares rationals. It does less than wjvet (no other kinds of rule, no messages, no
cell validation, no diagnostics), so the ratio it gives is a bound, not a tie.
Prints the seconds the query took; THREADS defaults to 1 (`SET threads`), 0 = all.
"""

import sys
import time

import duckdb

# (rule, applies to, numerator, denominator, low %, high % or None, when the denominator is 0)
RATIO_RULES = [
    ("T09.order-classes", "voc", "订单班数", "班级数", 50, None, "fail"),
    ("T15.qualified", "voc", "合格教师数", "专任教师数", 85, None, "fail"),
    ("T16.industry", "public", "企业兼职教师数", "编制总数", 25, None, "fail"),
    ("T18.dual-qualified", "voc", "双师型教师数", "专业课教师数", 85, None, "fail"),
    ("T20.enterprise-learning", "voc", "到企业实践专业课教师数", "专业课教师数", 100, None, "fail"),
    ("T21.course-balance", "voc", "公共基础课学时", "教学总学时", 30, 40, "fail"),
    ("T21.practice-share", "voc", "实践教学学时", "教学总学时", 50, None, "fail"),
    ("T22.training-rooms", "voc", "实习实训室数", "标准要求实训室数", 80, None, "not_applicable"),
    ("T22.core-courses", "voc", "开齐开足专业核心及方向课程门数", "应开专业核心及方向课程门数", 100, None, "fail"),
    ("T24.bilateral", "voc", "签订实习合作协议单位数", "实习单位数", 100, None, "not_applicable"),
    ("T24.tripartite", "voc", "签订三方协议学生数", "实习学生数", 100, None, "not_applicable"),
    ("T24.insurance", "voc", "购买实习保险学生数", "实习学生数", 100, None, "not_applicable"),
]

DISTRICT_RULES = [("T01.enrolled", "在校生数", 15000), ("T05.integration", "普职融通学生数", 500)]

SCOPE = {"voc": "学校类型 IN ('公办中职', '民办中职')", "public": "学校类型 = '公办中职'"}


def ratio_query(rule, scope, num, den, low, high, when_zero):
    n, d = f'"{num}"', f'"{den}"'
    met = f"{n} * 100 >= {low} * {d}"
    if high is not None:
        met += f" AND {n} * 100 <= {high} * {d}"
    return f"""
    SELECT '{rule}' AS rule, 学校名称 AS school, 年度 AS year,
           CASE WHEN {n} IS NULL OR {d} IS NULL THEN 'missing'
                WHEN {d} = 0 THEN '{when_zero}'
                WHEN {met} THEN 'pass' ELSE 'fail' END AS status,
           {n}::BIGINT AS numerator, {d}::BIGINT AS denominator
    FROM rows WHERE {SCOPE[scope]}"""


def district_query(rule, col, target):
    return f"""
    SELECT '{rule}' AS rule, NULL AS school, max(年度) AS year,
           CASE WHEN sum("{col}") >= {target} THEN 'pass' ELSE 'fail' END AS status,
           sum("{col}")::BIGINT AS numerator, NULL::BIGINT AS denominator
    FROM rows WHERE {SCOPE['voc']}"""


def main():
    path, out = sys.argv[1], sys.argv[2]
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    con = duckdb.connect()
    if threads > 0:
        con.execute(f"SET threads = {threads}")
    started = time.perf_counter()
    # Every row is read and typed (as wjvet reads every cell); the latest year is judged.
    con.execute(f"CREATE TEMP TABLE submitted AS SELECT * FROM read_csv('{path}', header = true)")
    read = time.perf_counter() - started
    con.execute("CREATE TEMP TABLE rows AS SELECT * FROM submitted WHERE 年度 = (SELECT max(年度) FROM submitted)")
    parts = [ratio_query(*r) for r in RATIO_RULES] + [district_query(*r) for r in DISTRICT_RULES]
    query = " UNION ALL ".join(parts)
    con.execute(f"COPY ({query}) TO '{out}' (FORMAT JSON, ARRAY true)")
    took = time.perf_counter() - started
    results = con.execute(f"SELECT count(*) FROM read_json('{out}')").fetchone()[0]
    print(f"duckdb threads={threads or 'all'}: {took:.2f} s ({read:.2f} s reading), {results} results")


if __name__ == "__main__":
    main()
