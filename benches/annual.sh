#!/bin/sh
# The annual path at scale: wjvet against DuckDB on the same generated province.
#
#   benches/annual.sh [ROWS]          # default 1000000
#
# Generates ROWS institution-year rows (examples/gen_province.rs), times
# `wjvet check --format json FILE > /dev/null` (wall, user+sys, peak RSS), then
# benches/annual_duckdb.py on the same file with one thread and with all, and prints
# wjvet's wall time over each DuckDB wall time. DuckDB runs from the virtualenv
# $DUCKDB_VENV (default /work/venv-duckdb; `python3 -m venv DIR && DIR/bin/pip
# install duckdb`). DuckDB judges 14 of the plan's rules and writes no messages
# (see the script), so the ratio bounds the gap; it is not a like-for-like race.
set -eu
rows=${1:-1000000}
venv=${DUCKDB_VENV:-/work/venv-duckdb}
dir=${TMPDIR:-/tmp}/wjvet-annual
mkdir -p "$dir"
csv="$dir/province-$rows.csv"

cargo build --release --quiet --bin wjvet --example gen_province
[ -s "$csv" ] || target/release/examples/gen_province "$rows" > "$csv"

measure() { # label, command...: prints "label wall user+sys rss_mb" from GNU time
    label=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$@" > /dev/null 2> "$dir/stderr" || true
    # GNU time writes "Command exited with non-zero status N" first when the command
    # fails (wjvet exits 1 when a rule fails): the figures are the last line.
    tail -n 1 "$dir/time" > "$dir/time.last"
    read -r wall user sys rss < "$dir/time.last"
    printf '%-22s wall %7.2f s   user+sys %7.2f s   peak RSS %6d MB\n' \
        "$label" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
    echo "$wall" > "$dir/$label.wall"
}

measure wjvet target/release/wjvet check --format json "$csv"
measure duckdb-1-thread "$venv/bin/python" benches/annual_duckdb.py "$csv" "$dir/duckdb.json" 1
measure duckdb-all-threads "$venv/bin/python" benches/annual_duckdb.py "$csv" "$dir/duckdb.json" 0
rm -f "$dir/duckdb.json"

w=$(cat "$dir/wjvet.wall")
for d in duckdb-1-thread duckdb-all-threads; do
    printf 'wjvet / %-18s = %.1f x (wall)\n' "$d" "$(echo "$w / $(cat "$dir/$d.wall")" | bc -l)"
done
