#!/usr/bin/env python3
"""Writes teachers.csv and internships.csv, the example district's 2020 rosters.

Run from anywhere: python3 examples/rosters/make.py (standard library only).
The output is deterministic (one seeded random.Random), so re-running it gives the
same bytes; commit both CSV files with this script.

Key decision: the counts are not random. Each school's rows are made from the 2020
row of its annual file (examples/district/*.csv), so that every figure the roster
can support agrees with the annual file, except the deliberate cases listed in
DIFFERENCES and BREACHES below and in README.md. Every person is invented: names
are 测试 plus two characters, identity numbers are in the non-existent region 99xxxx
with valid GB 11643 check digits.
"""

import csv
import datetime as dt
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DISTRICT = os.path.join(os.path.dirname(HERE), "district")
YEAR = 2020
ENROLLED_AGO = {"一年级": 0, "二年级": 1, "三年级": 2}

# (annual file, short prefix for staff and student numbers, region digits)
SCHOOLS = [
    ("liaoyuan.csv", "LY", "990101"),
    ("yufu.csv", "YF", "990102"),
    ("deyuan.csv", "DY", "990103"),
    ("huaxin.csv", "HX", "990104"),
]

# The annual file leaves these cells blank; the roster supplies a figure.
FILL_BLANK = {("温江区德远职业学校", "双师型教师数"): 56}

# The one deliberate disagreement: the annual file says 55 dual-qualified teachers,
# the roster supports 53 because two recognitions expired during 2020.
EXPIRED = {"温江区华新职业学校": 2}

# One breach each, on the n-th 岗位实习 placement (1-based) of a school.
BREACHES = [
    ("温江区燎原职业技术学校", 7, "nine-hours"),
    ("温江区鱼凫职业技术学校", 11, "night-shift"),
    ("温江区德远职业学校", 13, "underpaid"),
    ("温江区华新职业学校", 17, "late-agreement"),
]

TEACHER_HEADERS = [
    "学校名称", "年度", "工号", "姓名", "身份证号", "岗位类型", "专业课教师", "教师资格证种类",
    "最高学历", "双师型认定等级", "双师型认定日期", "双师型有效期至", "企业引进人才", "企业实践天数",
]
INTERNSHIP_HEADERS = [
    "学校名称", "年度", "学号", "姓名", "身份证号", "年级", "出生日期", "实习类型", "实习单位",
    "实习单位在岗职工数", "实习开始日期", "实习结束日期", "签订三方协议", "协议签订日期", "实习责任保险",
    "每日工作小时", "每周工作小时", "夜班", "实习报酬（元/月）", "同岗位试用期工资（元/月）",
]

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHARS_1 = "甲乙丙丁戊己庚辛壬癸"
CHARS_2 = "一二三四五六七八九十"

rng = random.Random(20201231)


def check_char(first17):
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


ISSUED = set()


def id_number(region, born):
    # Unique within the district: the rosters declare the identity number unique.
    while True:
        body = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
        if body not in ISSUED:
            ISSUED.add(body)
            return body + check_char(body)


def name():
    return "测试" + rng.choice(CHARS_1) + rng.choice(CHARS_2)


def day_between(first, last):
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def add_months(d, months):
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last))


def annual_2020(file):
    with open(os.path.join(DISTRICT, file), encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["年度"] == str(YEAR):
                return row
    raise SystemExit(f"no {YEAR} row in {file}")


def count(row, label):
    school = row["学校名称"]
    if row[label] == "":
        return FILL_BLANK[(school, label)]
    return int(row[label])


def teachers(row, prefix, region):
    school = row["学校名称"]
    fulltime = count(row, "专任教师数")
    qualified = count(row, "合格教师数")
    professional = count(row, "专业课教师数")
    dual = count(row, "双师型教师数") - EXPIRED.get(school, 0)
    practice = count(row, "到企业实践专业课教师数")
    industry = count(row, "企业兼职教师数")
    unqualified = set(rng.sample(range(fulltime), fulltime - qualified))
    out = []
    for k in range(fulltime):
        is_prof = k < professional
        if k in unqualified:
            degree, cert = rng.choice([("专科", "中等职业学校"), ("本科", "初级中学"), ("研究生", "无")])
        else:
            degree = rng.choice(["本科", "本科", "本科", "研究生"])
            cert = rng.choice(["中等职业学校", "中等职业学校", "中等职业学校", "中职实习指导", "高级中学", "高等学校"])
        level = since = until = ""
        if is_prof and k < dual:
            since = day_between(dt.date(2016, 1, 1), dt.date(2020, 11, 30))
        elif is_prof and k < dual + EXPIRED.get(school, 0):
            since = day_between(dt.date(2015, 3, 1), dt.date(2015, 10, 31))
        if since:
            level = rng.choice(["初级", "中级", "中级", "高级"])
            until = add_months(since, 60) - dt.timedelta(days=1)
            since, until = since.isoformat(), until.isoformat()
        days = rng.randrange(10, 61) if is_prof and k < practice else 0
        born = day_between(dt.date(1965, 1, 1), dt.date(1995, 12, 31))
        out.append([school, YEAR, f"{prefix}T{k + 1:04d}", name(), id_number(region, born), "专任",
                    "是" if is_prof else "否", cert, degree, level, since, until, "否", days])
    for j in range(industry):
        born = day_between(dt.date(1970, 1, 1), dt.date(1992, 12, 31))
        out.append([school, YEAR, f"{prefix}J{j + 1:03d}", name(), id_number(region, born), "兼职",
                    "是", rng.choice(["中职实习指导", "无"]), rng.choice(["本科", "专科"]), "", "", "", "是", 0])
    return out


def placements(row, prefix, region):
    school = row["学校名称"]
    interns = count(row, "实习学生数")
    assert count(row, "签订三方协议学生数") == interns and count(row, "一年级顶岗实习学生数") == 0
    insured = row["购买实习保险学生数"]
    assert insured in ("", str(interns)), "every placement is insured in these rosters"
    breaches = {n: kind for s, n, kind in BREACHES if s == school}
    # Twenty hosts, each large enough that its interns stay under 10% of its staff.
    hosts = [(f"示例{prefix}合作企业{h + 1:02d}有限公司", rng.randrange(600, 3001)) for h in range(20)]
    out = []

    def one(seq, grade, kind, start, born, months=None, breach=None):
        months = months or rng.randrange(2, 7)
        end = add_months(start, months) - dt.timedelta(days=1)
        signed = start - dt.timedelta(days=rng.randrange(3, 31))
        daily, weekly = rng.choice([("8", "40"), ("7.5", "37.5"), ("7", "35")])
        night = "否"
        wage = rng.randrange(24, 46) * 100
        pay = -(-wage * rng.randrange(80, 101) // 100)  # rounded up: never below 80%
        if breach == "nine-hours":
            daily, weekly = "9", "36"
        elif breach == "night-shift":
            night = "是"
        elif breach == "underpaid":
            wage, pay = 3000, 2100
        elif breach == "late-agreement":
            signed = start + dt.timedelta(days=10)
        host, staff = hosts[seq % len(hosts)]
        birth_cell = born.isoformat() if rng.randrange(5) == 0 else ""
        out.append([school, YEAR, f"{prefix}{YEAR - ENROLLED_AGO[grade]}{seq:04d}", name(), id_number(region, born), grade,
                    birth_cell, kind, host, staff, start.isoformat(), end.isoformat(), "是", signed.isoformat(),
                    "是", daily, weekly, night, pay, wage])

    for n in range(1, interns + 1):
        grade = "三年级" if n % 5 else "二年级"
        start = day_between(dt.date(YEAR, 3, 1), dt.date(YEAR, 6, 30))
        if grade == "三年级":
            born = day_between(dt.date(2001, 9, 1), dt.date(2003, 2, 28))
        else:
            born = day_between(dt.date(2002, 9, 1), dt.date(2004, 2, 28))
        one(n, grade, "岗位实习", start, born, breach=breaches.get(n))
    # A class of first-years on an observation visit (认识实习): not counted as interns.
    for n in range(interns + 1, interns + 41):
        start = day_between(dt.date(YEAR, 10, 8), dt.date(YEAR, 10, 30))
        born = day_between(dt.date(2003, 9, 1), dt.date(2004, 9, 30))
        one(n, "一年级", "认识实习", start, born, months=1)
    return out


def write(path, headers, rows):
    # Excel's "CSV UTF-8": a BOM and CRLF line ends.
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(headers)
        w.writerows(rows)


def main():
    all_teachers, all_placements = [], []
    for file, prefix, region in SCHOOLS:
        row = annual_2020(file)
        all_teachers += teachers(row, prefix, region)
        all_placements += placements(row, prefix, region)
    write(os.path.join(HERE, "teachers.csv"), TEACHER_HEADERS, all_teachers)
    write(os.path.join(HERE, "internships.csv"), INTERNSHIP_HEADERS, all_placements)
    for s, n, kind in BREACHES:
        line = next(i for i, r in enumerate(all_placements, start=2) if r[0] == s and r[2].endswith(f"{n:04d}"))
        print(f"{kind}: internships.csv line {line} ({s}, 学号 {all_placements[line - 2][2]})")


if __name__ == "__main__":
    main()
