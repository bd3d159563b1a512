#!/usr/bin/env bash
# Roster benchmark (issue 11 §5): wjvet against a bare csv-crate parse and DuckDB on
# the same files, measured with /usr/bin/time -v (wall, user, max RSS).
#
#   benches/roster.sh            1 M internship rows: UTF-8 CSV, GBK CSV, XLSX
#   benches/roster.sh --full     also 13 M rows, UTF-8 and GBK
#
# Files go to ${TMPDIR:-/tmp}/wjvet-roster-bench and are reused when present (the
# generator is deterministic). DuckDB comes from the venv ${DUCKDB_VENV:-/work/venv-duckdb}
# (python -m venv /work/venv-duckdb && /work/venv-duckdb/bin/pip install duckdb);
# without it the DuckDB rows are skipped. DuckDB cannot read GBK, so the GBK file is
# converted once with iconv and DuckDB reads the result; the conversion is timed on
# its own row. The wjvet rows are measured only once the roster reader (src/roster/)
# exists; before that wjvet would read the file as an annual submission, which
# measures nothing useful. Results: a markdown table on stdout, raw figures in
# results.tsv beside the files. Key decision: every tool reads the same file in the
# same run, one after another, so machine load hits them alike; run it on a quiet
# machine and quote the ratios, which travel better than the seconds.

set -euo pipefail

full=0
for arg in "$@"; do
    case $arg in
        --full) full=1 ;;
        *) echo "usage: benches/roster.sh [--full]" >&2; exit 2 ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dir=${TMPDIR:-/tmp}/wjvet-roster-bench
mkdir -p "$dir"
venv=${DUCKDB_VENV:-/work/venv-duckdb}
results=$dir/results.tsv
: > "$results"

echo "building (release)..." >&2
cargo build --release --quiet --bin wjvet --example gen_roster --example csv_baseline
gen=target/release/examples/gen_roster
base=target/release/examples/csv_baseline
wjvet=target/release/wjvet

have_reader=0
[ -d src/roster ] && have_reader=1
have_duckdb=0
[ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import duckdb' 2>/dev/null && have_duckdb=1
# DuckDB reads a workbook only through its excel extension, fetched from
# extensions.duckdb.org on first use; without it the XLSX case skips DuckDB.
duckdb_xlsx=0
[ "$have_duckdb" = 1 ] && "$venv/bin/python" -c 'import duckdb; c = duckdb.connect(); c.execute("INSTALL excel"); c.execute("LOAD excel")' 2>/dev/null && duckdb_xlsx=1

# make FILE KIND N [--gbk|--xlsx]: generate FILE unless it is already there.
make() {
    local file=$1 kind=$2 n=$3 flag=${4:-}
    [ -s "$dir/$file" ] && return 0
    echo "generating $file..." >&2
    if [ "$flag" = --xlsx ]; then
        "$gen" "$kind" "$n" --xlsx "$dir/$file.part"
    else
        "$gen" "$kind" "$n" $flag > "$dir/$file.part"
    fi
    mv "$dir/$file.part" "$dir/$file"
}

# seconds H:MM:SS|M:SS.ss -> seconds
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<< "$1"; }

# measure CASE TOOL COMMAND...: one timed run; a row in results.tsv.
measure() {
    local case=$1 tool=$2
    shift 2
    echo "  $case: $tool" >&2
    local status=0
    /usr/bin/time -v -o "$dir/time.txt" "$@" > "$dir/out.txt" 2> "$dir/err.txt" || status=$?
    local wall user rss
    wall=$(seconds "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")")
    user=$(sed -n 's/.*User time (seconds): //p' "$dir/time.txt")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$tool" "$wall" "$user" "$((rss / 1024))" "$status" \
        "$(head -c 200 "$dir/out.txt" | tr '\t\n' '  ')" >> "$results"
}

# registry CSV: the registry of the schools in a UTF-8 roster. A roster says no
# school's type (the annual file does), so without it every row is refused with
# unknown-school-type and wjvet would time its error path, not its reader.
registry() {
    tail -n +2 "$1" | cut -d, -f1 | uniq | awk '{
        i = $0; gsub(/[^0-9]/, "", i)
        printf "[[institutions]]\nid = \"s%s\"\nname = \"%s\"\ntype = \"%s\"\n\n", i, $0, (i % 10 < 5) ? "public_vocational" : "private_vocational"
    }'
}

# run CASE FILE REGISTRY [--gbk]: every tool on one file.
run() {
    local case=$1 file=$dir/$2 reg=$dir/$3 gbk=${4:-}
    if [ "$have_reader" = 1 ]; then
        measure "$case" wjvet "$wjvet" check -q --format json --registry "$reg" "$file"
    fi
    measure "$case" csv-baseline "$base" "$file" $gbk
    if [ "$have_duckdb" = 1 ] && { [ "${file%.xlsx}" = "$file" ] || [ "$duckdb_xlsx" = 1 ]; }; then
        local for_duckdb=$file
        if [ -n "$gbk" ]; then
            for_duckdb=$dir/${2%.csv}-utf8.csv
            measure "$case" iconv sh -c "iconv -f GBK -t UTF-8 '$file' > '$for_duckdb'"
        fi
        measure "$case" duckdb-1 "$venv/bin/python" benches/roster_duckdb.py "$for_duckdb" 1
        measure "$case" duckdb-all "$venv/bin/python" benches/roster_duckdb.py "$for_duckdb" all
        [ -n "$gbk" ] && rm -f "$for_duckdb"
    fi
    return 0
}

make internships-1m.csv internships 1000000
make internships-1m-gbk.csv internships 1000000 --gbk
make internships-1m.xlsx internships 1000000 --xlsx
echo "measuring on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)..." >&2
if [ "$have_duckdb" = 1 ]; then
    # What every DuckDB row pays before reading a byte: Python, import, connect.
    measure "start-up only" duckdb-1 "$venv/bin/python" -c 'import duckdb; duckdb.connect().execute("SELECT 1")'
fi
registry "$dir/internships-1m.csv" > "$dir/registry-1m.toml"
run "1M UTF-8" internships-1m.csv registry-1m.toml
run "1M GBK" internships-1m-gbk.csv registry-1m.toml --gbk
run "1M XLSX" internships-1m.xlsx registry-1m.toml
if [ "$full" = 1 ]; then
    make internships-13m.csv internships 13000000
    make internships-13m-gbk.csv internships 13000000 --gbk
    registry "$dir/internships-13m.csv" > "$dir/registry-13m.toml"
    run "13M UTF-8" internships-13m.csv registry-13m.toml
    run "13M GBK" internships-13m-gbk.csv registry-13m.toml --gbk
fi

# The table: seconds and MB per tool, then wjvet's ratios to each of the others.
awk -F'\t' -v reader="$have_reader" -v xlsx="$duckdb_xlsx" '
    { key = $1 SUBSEP $2; wall[key] = $3; user[key] = $4; rss[key] = $5; st[key] = $6
      if (!($1 in seen)) { seen[$1] = 1; cases[++n] = $1 } }
    function cell(c, t) { k = c SUBSEP t; return (k in wall) ? sprintf("%s s / %s s / %s MB%s", wall[k], user[k], rss[k], st[k] > 1 ? " (exit " st[k] ")" : "") : "–" }
    function ratio(c, t,   a, b) { a = c SUBSEP "wjvet"; b = c SUBSEP t
        if (!(a in wall && b in wall) || wall[b] <= 0 || user[b] <= 0) return "–"
        return sprintf("%.2f× / %.2f× / %.1f×", wall[a] / wall[b], user[a] / user[b], rss[a] / (rss[b] > 0 ? rss[b] : 1)) }
    END {
        print "| file | wjvet | csv baseline | iconv (GBK→UTF-8) | DuckDB 1 thread | DuckDB all threads |"
        print "|---|---|---|---|---|---|"
        for (i = 1; i <= n; i++) { c = cases[i]
            printf "| %s | %s | %s | %s | %s | %s |\n", c, cell(c, "wjvet"), cell(c, "csv-baseline"), cell(c, "iconv"), cell(c, "duckdb-1"), cell(c, "duckdb-all") }
        print ""
        print "(cells: wall / user / max RSS)"
        print ""
        print "| file | wjvet / csv baseline | wjvet / DuckDB 1 thread | wjvet / DuckDB all threads |"
        print "|---|---|---|---|"
        for (i = 1; i <= n; i++) { c = cases[i]
            printf "| %s | %s | %s | %s |\n", c, ratio(c, "csv-baseline"), ratio(c, "duckdb-1"), ratio(c, "duckdb-all") }
        print ""
        print "(ratios: wall / user / max RSS)"
        if (!reader) print "\nwjvet not measured: the roster reader (src/roster/) has not landed in this checkout."
        if (!xlsx) print "\nDuckDB not run on XLSX: its excel extension could not be installed (it is downloaded on first use)."
    }' "$results"

if [ -f tests/roster_scale.rs ]; then
    echo >&2
    echo "memory test: cargo test --release --test roster_scale -- --ignored" >&2
    cargo test --release --test roster_scale -- --ignored
else
    echo "memory test skipped: tests/roster_scale.rs is not in this checkout" >&2
fi
