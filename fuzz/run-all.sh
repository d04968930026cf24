#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 600), one core;
# new corpus entries go to fuzz/corpus/<target> (not committed), crashes to
# fuzz/artifacts/<target>. Needs a nightly toolchain and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
targets=$(cargo +nightly fuzz list)
cargo +nightly fuzz build -O
for t in $targets; do
    mkdir -p "fuzz/corpus/$t"
    echo "== $t ($secs s)"
    cargo +nightly fuzz run -O "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 2>&1 |
        grep -E '^(#[0-9]+.*DONE|stat::|==[0-9]+==|SUMMARY|Done|.*panicked|artifact_prefix|Test unit)' || true
done
