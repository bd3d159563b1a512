-- The aggregation benches/roster.sh asks DuckDB for: per school and year, the counts
-- a roster supports and the 岗位实习 placements breaking each rule of 《职业学校学生实习管理规定》
-- (the rules of the plan's [[rosters.checks]]; the 10% host share is left out).
-- {SOURCE} is replaced by read_csv(...) or read_xlsx(...). Casts are explicit so the
-- same text works whatever types the reader sniffed.
WITH p AS (
    SELECT
        学校名称 AS school,
        CAST(年度 AS INTEGER) AS year,
        实习类型 = '岗位实习' AS on_job,
        年级,
        签订三方协议 = '是' AS agreed,
        实习责任保险 = '是' AS insured,
        夜班 = '是' AS night,
        TRY_CAST(每日工作小时 AS DOUBLE) AS daily,
        TRY_CAST(每周工作小时 AS DOUBLE) AS weekly,
        TRY_CAST("实习报酬（元/月）" AS DOUBLE) AS pay,
        TRY_CAST("同岗位试用期工资（元/月）" AS DOUBLE) AS wage,
        TRY_CAST(实习开始日期 AS DATE) AS start_on,
        TRY_CAST(实习结束日期 AS DATE) AS end_on,
        TRY_CAST(协议签订日期 AS DATE) AS signed_on,
        coalesce(
            TRY_CAST(出生日期 AS DATE),
            CAST(TRY_STRPTIME(substr(CAST(身份证号 AS VARCHAR), 7, 8), '%Y%m%d') AS DATE)
        ) AS born
    FROM {SOURCE}
)
SELECT
    school,
    year,
    count(*) AS placements,
    count(*) FILTER (WHERE on_job) AS on_job,
    count(*) FILTER (WHERE on_job AND agreed) AS with_agreement,
    count(*) FILTER (WHERE on_job AND insured) AS insured,
    count(*) FILTER (WHERE on_job AND 年级 = '一年级') AS first_year,
    count(*) FILTER (WHERE on_job AND daily > 8) AS over_8h_day,
    count(*) FILTER (WHERE on_job AND weekly > 40) AS over_40h_week,
    count(*) FILTER (WHERE on_job AND night) AS night_shift,
    count(*) FILTER (WHERE on_job AND pay < 0.8 * wage) AS underpaid,
    count(*) FILTER (WHERE on_job AND (NOT agreed OR signed_on > start_on)) AS late_agreement,
    count(*) FILTER (WHERE on_job AND NOT insured) AS uninsured,
    count(*) FILTER (WHERE on_job AND born + INTERVAL 16 YEAR > start_on) AS under_16,
    count(*) FILTER (WHERE on_job AND end_on > start_on + INTERVAL 6 MONTH) AS over_6_months
FROM p
GROUP BY school, year
ORDER BY school, year
