#!/usr/bin/env bash
# Smoke test of the Windows build: cross-compiles wjvet for x86_64-pc-windows-gnu with
# mingw-w64 and runs the .exe under Wine beside the Linux binary on the same inputs
# (the example district, copied under a Chinese folder with one Chinese file name).
# It checks that exit codes match, that `--format json` is byte-identical, and that
# `template -o 报送模板.xlsx` and `report -o x.html` write their files.
#
# Key decision: the one expected difference is the path separator. wjvet shows a path
# as the user typed it and joins what it finds in a folder with the platform's
# separator, so a folder walk prints `dir/sub\file.csv` on Windows. Files named on the
# command line are compared byte for byte; folder walks are compared after turning
# Windows's `\` into `/`, and a run typed with `\` must show only `\`.
#
# Wine before 9 lacks bcryptprimitives.dll (ProcessPrng), which Rust's std imports on
# Windows (as Windows 10 and later ship it). Only for this test, the script builds a
# stand-in from a few lines of C (ProcessPrng over RtlGenRandom) into the throwaway
# Wine prefix; the wjvet.exe that is tested and shipped is not changed.
#
# Usage: scripts/windows-smoke.sh [--install]
#   --install  install what is missing (rustup target, mingw-w64 and Wine via apt-get)
# Exit status: 0 passed, 1 failed, 77 skipped because the tools are missing and could
# not be installed (the reason is printed).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
install=false
[ "${1:-}" = "--install" ] && install=true

say() { printf '[windows-smoke] %s\n' "$*"; }
skip() {
  say "SKIPPED: $*"
  exit 77
}
fail() {
  say "FAILED: $*"
  exit 1
}

# --- tools -------------------------------------------------------------------------
# Wine's own 64-bit loader when present: the `wine` wrapper nags about wine32.
wine_bin() { command -v wine64 || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || command -v wine || true; }
if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || [ -z "$(wine_bin)" ]; then
  $install || skip "mingw-w64 or Wine is missing (run with --install, or apt-get install gcc-mingw-w64-x86-64 wine)"
  command -v apt-get >/dev/null 2>&1 || skip "mingw-w64 or Wine is missing and there is no apt-get to install them"
  say "installing mingw-w64 and Wine with apt-get"
  if ! (export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq gcc-mingw-w64-x86-64 wine wine64 >/dev/null); then
    skip "apt-get could not install gcc-mingw-w64-x86-64 and wine"
  fi
fi
if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
  $install || skip "the Rust target $TARGET is missing (run with --install, or rustup target add $TARGET)"
  say "adding the Rust target $TARGET"
  rustup target add "$TARGET" || skip "rustup could not add $TARGET"
fi
WINE=$(wine_bin)
say "tools: $(x86_64-w64-mingw32-gcc --version | head -n1); $("$WINE" --version)"

# --- build (a real failure from here on fails the script) ----------------------------
say "building the release binaries for $TARGET and for this machine"
start=$SECONDS
cargo build --locked --release --quiet --target "$TARGET" || fail "cargo build --release --target $TARGET"
cargo build --locked --release --quiet || fail "cargo build --release"
say "built in $((SECONDS - start)) s"
root=$PWD
LINUX="$root/target/release/wjvet"
EXE="$root/target/$TARGET/release/wjvet.exe"

# --- inputs --------------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
district="区县数据/温江区"
mkdir -p "$work/$district"
cp examples/district/*.csv "$work/$district/"
mv "$work/$district/yufu.csv" "$work/$district/鱼凫职业技术学校.csv"
cp examples/registry.toml "$work/registry.toml"
cd "$work"
say "inputs in $work: $(find 区县数据 -type f | sort | tr '\n' ' ')"

# Wine gets a prefix of its own, no debug chatter, no Mono/Gecko installers, and a
# UTF-8 locale so Chinese arguments and file names reach the program intact.
export WINEPREFIX="$work/wineprefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
say "starting a Wine prefix"
LC_ALL=C.UTF-8 "$WINE" wineboot --init >/dev/null 2>&1 || true
if ! "$WINE" --version | grep -Eq 'wine-([0-9]{2,}|9)\.'; then
  say "building the ProcessPrng stand-in (bcryptprimitives.dll) for $("$WINE" --version)"
  cat >prng.c <<'C'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
C
  x86_64-w64-mingw32-gcc -O2 -shared -Wl,--kill-at -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    prng.c -ladvapi32 || fail "could not build the bcryptprimitives.dll stand-in"
  rm prng.c
fi
LC_ALL=C.UTF-8 "$WINE" "$EXE" --version >/dev/null 2>&1 || fail "wjvet.exe does not start under Wine"

passed=0
failed=0
ok() {
  passed=$((passed + 1))
  say "ok    $*"
}
bad() {
  failed=$((failed + 1))
  say "FAIL  $*"
}

# run NAME ARGS...: runs both binaries, leaving NAME.linux.{out,err,code} and NAME.win.*
run() {
  local name=$1
  shift
  set +e
  "$LINUX" "$@" >"$name.linux.out" 2>"$name.linux.err"
  echo $? >"$name.linux.code"
  LC_ALL=C.UTF-8 "$WINE" "$EXE" "$@" >"$name.win.out" 2>"$name.win.err"
  echo $? >"$name.win.code"
  set -e
}

same_code() {
  local name=$1 want=$2 l w
  l=$(cat "$name.linux.code")
  w=$(cat "$name.win.code")
  if [ "$l" = "$want" ] && [ "$w" = "$want" ]; then
    ok "$name: exit $want on both"
  else
    bad "$name: exit code linux $l, windows $w, expected $want"
    sed 's/^/    windows stderr: /' "$name.win.err" | head -n 5
  fi
}

# The JSON is written with `\\` for a backslash; Linux output must have none.
unslash() { sed 's|\\\\|/|g' "$1"; }

same_out() {
  local name=$1 how=$2
  if [ "$how" = exact ] && cmp -s "$name.linux.out" "$name.win.out"; then
    ok "$name: output byte-identical ($(wc -c <"$name.linux.out") bytes)"
  elif [ "$how" = separators ] && ! grep -q '\\\\' "$name.linux.out" &&
    diff <(unslash "$name.linux.out") <(unslash "$name.win.out") >/dev/null; then
    ok "$name: output identical but for the path separator ($(wc -c <"$name.linux.out") bytes)"
  else
    bad "$name: output differs ($how)"
    diff "$name.linux.out" "$name.win.out" | head -n 10 | sed 's/^/    /'
  fi
}

files=("$district"/*.csv)
run json-files check --lang en --format json --registry registry.toml "${files[@]}"
same_code json-files 1
same_out json-files exact

run json-dir check --lang en --format json --registry registry.toml "$district"
same_code json-dir 1
same_out json-dir separators

# Typed with Windows separators, the Windows binary shows them and only them.
set +e
LC_ALL=C.UTF-8 "$WINE" "$EXE" check --lang en --format json --registry registry.toml '区县数据\温江区' \
  >backslash.win.out 2>backslash.win.err
code=$?
set -e
if [ "$code" = 1 ] && grep -q '"区县数据\\\\温江区\\\\鱼凫职业技术学校.csv"' backslash.win.out &&
  ! grep -q '温江区/' backslash.win.out; then
  ok "backslash: a path typed with \\ is shown with \\ (区县数据\\温江区\\鱼凫职业技术学校.csv)"
else
  bad "backslash: exit $code or the path is not shown as typed"
  grep -o '"file":"[^"]*"' backslash.win.out | sort -u | head -n 5 | sed 's/^/    /'
fi

run text-zh check --lang zh --registry registry.toml "${files[@]}"
same_code text-zh 1
same_out text-zh exact

# A path that does not exist is a usage error (exit 2, issue 12 §3), on both.
run missing check --lang en /nonexistent/district
same_code missing 2

run bad-date check --lang en --as-of 2020-13-45 "${files[@]}"
same_code bad-date 2

# Output files: under their own folders, so the two binaries do not overwrite each other.
mkdir -p linux win
run template template --lang zh --year 2020 --registry registry.toml -o 报送模板.xlsx
mv 报送模板.xlsx win/ 2>/dev/null || true
same_code template 0
if [ "$(head -c 2 win/报送模板.xlsx 2>/dev/null)" = PK ]; then
  ok "template: 报送模板.xlsx written by the Windows binary ($(wc -c <win/报送模板.xlsx) bytes)"
else
  bad "template: the Windows binary wrote no 报送模板.xlsx"
fi

(cd linux && "$LINUX" report --lang zh --registry ../registry.toml -o x.html ../"$district" >/dev/null 2>&1) || true
set +e
(cd win && LC_ALL=C.UTF-8 "$WINE" "$EXE" report --lang zh --registry ../registry.toml -o x.html ../"$district" \
  >../report.win.out 2>../report.win.err)
code=$?
set -e
if [ "$code" = 0 ] && [ -s win/x.html ] && cmp -s linux/x.html win/x.html; then
  ok "report: x.html written, exit 0, byte-identical to Linux's ($(wc -c <win/x.html) bytes)"
elif [ "$code" = 0 ] && [ -s win/x.html ] &&
  diff <(sed 's|\\|/|g' linux/x.html) <(sed 's|\\|/|g' win/x.html) >/dev/null; then
  ok "report: x.html written, exit 0, identical to Linux's but for the path separator"
else
  bad "report: exit $code, or x.html missing or different from Linux's"
  head -n 5 report.win.err | sed 's/^/    /'
fi

# The language comes from the OS: a Chinese Windows (Wine takes its UI language from
# LC_ALL) says Chinese without --lang; wjvet.exe reads it through
# GetUserPreferredUILanguages, not the environment. ASCII file names here: without a
# zh_CN.UTF-8 locale on this machine, Wine would not pass Chinese arguments intact.
mkdir -p ascii
cp "$root"/examples/district/*.csv ascii/
"$LINUX" check --lang zh --registry registry.toml ascii/*.csv >lang.linux.out 2>/dev/null || true
set +e
LANGUAGE= LC_ALL=zh_CN.UTF-8 "$WINE" "$EXE" check --registry registry.toml ascii/*.csv >lang.win.out 2>/dev/null
set -e
if cmp -s lang.win.out lang.linux.out; then
  ok "language: a Chinese Windows gets Chinese output by default ($(head -n1 lang.win.out | cut -c1-24)...)"
else
  bad "language: without --lang under a Chinese Windows locale the output is not the Chinese one"
  diff lang.linux.out lang.win.out | head -n 4 | sed 's/^/    /'
fi
set +e
LANGUAGE= LC_ALL=en_US.UTF-8 "$WINE" "$EXE" check --registry registry.toml ascii/*.csv >lang-en.win.out 2>/dev/null
set -e
if head -n1 lang-en.win.out | grep -q '^Wenjiang District'; then
  ok "language: an English Windows gets English output by default"
else
  bad "language: an English Windows does not get English output by default"
fi

say "summary: $passed of $((passed + failed)) checks passed"
[ "$failed" -eq 0 ] || exit 1
