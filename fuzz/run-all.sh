#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 600), one core;
# new corpus entries go to fuzz/corpus/<target> (not committed), crashes to
# fuzz/artifacts/<target>. Needs a nightly toolchain and cargo-fuzz. Exits 1
# when any target crashed (the others still run).
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=${*:-$(cargo +nightly fuzz list)}
cargo +nightly fuzz build -O || exit 1
failed=()
for t in $targets; do
    mkdir -p "fuzz/corpus/$t"
    echo "== $t ($secs s)"
    cargo +nightly fuzz run -O "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
        >"fuzz/last-$t.log" 2>&1
    status=$?
    grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==|SUMMARY|.*panicked|Test unit written)' \
        "fuzz/last-$t.log"
    if [ "$status" -ne 0 ]; then
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "crashed: ${failed[*]}"
    exit 1
fi
echo "no crashes"
