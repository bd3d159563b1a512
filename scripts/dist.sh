#!/usr/bin/env bash
# Makes the archives a bureau installs from: dist/wjvet-VERSION-x86_64-linux.tar.gz
# (a static musl binary, so it runs on an old distribution with no Rust) and
# dist/wjvet-VERSION-x86_64-windows.zip (built with mingw-w64). Each holds the binary,
# README.md, docs/, examples/, the shipped plan (plan.toml, also embedded in the
# binary), shell completions and the man page.
#
# Key decision: completions and the man page come from `wjvet completions` and
# `wjvet man` of the host binary; they are the same text on every platform, since clap
# generates them from the one command definition. The archives are reproducible
# (sorted names, fixed owner and dates) so a rebuild of the same commit is byte-equal.
#
# Usage: scripts/dist.sh   (needs: rustup targets x86_64-unknown-linux-musl and
# x86_64-pc-windows-gnu, musl-tools, gcc-mingw-w64-x86-64, zip)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[dist] %s\n' "$*"; }

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
[ -n "$version" ] || {
  say "cannot read the version from Cargo.toml"
  exit 1
}
linux_target=x86_64-unknown-linux-musl
windows_target=x86_64-pc-windows-gnu

for target in "$linux_target" "$windows_target"; do
  say "cargo build --release --target $target"
  cargo build --locked --release --quiet --target "$target"
done
say "cargo build --release (host binary, to generate completions and the man page)"
cargo build --locked --release --quiet
host=target/release/wjvet

linux_bin="target/$linux_target/release/wjvet"
if file "$linux_bin" | grep -Eq 'static(ally|-pie) linked'; then
  say "$linux_bin is statically linked"
else
  say "$linux_bin is not statically linked: $(file -b "$linux_bin")"
  exit 1
fi

rm -rf dist
mkdir -p dist
stage() { # stage NAME STRIP BINARY
  local dir="dist/$1" strip=$2 bin=$3
  mkdir -p "$dir/completions" "$dir/man"
  # The release profile keeps line tables for backtraces; a download does not need them.
  "$strip" -o "$dir/$(basename "$bin")" "$bin"
  cp README.md plan.toml "$dir/"
  cp -r docs examples "$dir/"
  "$host" completions bash >"$dir/completions/wjvet.bash"
  "$host" completions zsh >"$dir/completions/_wjvet"
  "$host" completions fish >"$dir/completions/wjvet.fish"
  "$host" completions powershell >"$dir/completions/_wjvet.ps1"
  "$host" completions elvish >"$dir/completions/wjvet.elv"
  "$host" man >"$dir/man/wjvet.1"
  say "staged $dir: $(find "$dir" -type f | wc -l) files"
}

# A fixed date for every file (the last commit's), so archives are reproducible.
stamp=$(git log -1 --format=%cI 2>/dev/null || echo 2020-01-01T00:00:00Z)

linux="wjvet-$version-x86_64-linux"
stage "$linux" strip "$linux_bin"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$stamp" \
  -C dist -czf "dist/$linux.tar.gz" "$linux"
say "wrote dist/$linux.tar.gz ($(wc -c <"dist/$linux.tar.gz") bytes)"

windows="wjvet-$version-x86_64-windows"
stage "$windows" x86_64-w64-mingw32-strip "target/$windows_target/release/wjvet.exe"
find "dist/$windows" -exec touch -d "$stamp" {} +
(cd dist && find "$windows" | LC_ALL=C sort | zip -q -X -@ "$windows.zip")
say "wrote dist/$windows.zip ($(wc -c <"dist/$windows.zip") bytes)"

rm -rf "dist/$linux" "dist/$windows"
say "done: $(cd dist && ls)"
