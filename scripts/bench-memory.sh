#!/usr/bin/env bash
# Peak memory and time of the release binary on a generated province (docs/performance.md),
# then the streaming test that reads a 1 GiB CSV under a 512 MiB address-space limit.
#
#   scripts/bench-memory.sh                 # 1,000,000 rows, three runs
#   ROWS=100000 RUNS=5 scripts/bench-memory.sh
#   WJVET_BIN=/path/to/other/wjvet scripts/bench-memory.sh   # measure another build
#
# Not part of CI: it takes minutes and its figures depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${ROWS:-1000000}
runs=${RUNS:-3}
file=${FILE:-${TMPDIR:-/tmp}/province-$rows.csv}

cargo build --release --bin wjvet --example gen_province
bin=${WJVET_BIN:-target/release/wjvet}
if [ ! -s "$file" ]; then
  target/release/examples/gen_province "$rows" > "$file"
fi
printf '%s: %s bytes, %s rows\n' "$file" "$(wc -c < "$file")" "$rows"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for i in $(seq "$runs"); do
  # check exits 1 on a non-compliant province; only the figures matter here.
  /usr/bin/time -o "$log" -f "%e s wall, %U s user, %M KB max RSS" "$bin" check -q "$file" > /dev/null 2>&1 || true
  printf 'run %s: %s\n' "$i" "$(cat "$log")"
done

WJVET_BIN="$bin" cargo test --release --test stream -- --ignored
