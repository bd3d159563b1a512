"""Runs benches/roster.sql in DuckDB over one roster: python roster_duckdb.py PATH THREADS.

THREADS is a number or "all" (DuckDB's default: every core). A .xlsx file is read with
DuckDB's excel extension (installed on first use; needs the network once). Prints the
number of groups and placements so a wrong read shows; the timing is benches/roster.sh's.
"""

import os
import sys

import duckdb

path, threads = sys.argv[1], sys.argv[2]
quoted = path.replace("'", "''")
con = duckdb.connect()
if threads != "all":
    con.execute(f"SET threads = {int(threads)}")
if path.endswith(".xlsx"):
    con.execute("INSTALL excel")
    con.execute("LOAD excel")
    source = f"read_xlsx('{quoted}', header = true)"
else:
    source = f"read_csv('{quoted}', header = true)"
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "roster.sql"), encoding="utf-8") as f:
    sql = f.read().replace("{SOURCE}", source)
rows = con.execute(sql).fetchall()
print(f"groups {len(rows)} placements {sum(r[2] for r in rows)} breaches {sum(sum(r[7:]) for r in rows)}")
