#!/usr/bin/env bash
# Whole-process benchmark of the commands users run, side by side with
# scikit-learn's DBSCAN in the same run: wall time and peak RSS from
# /usr/bin/time, medians of RUNS runs. Prints a Markdown table (also written
# to bench/data/cli/results.md).
#
#   bench/cli.sh                  # 100k and 1M incidents, the synthetic year
#   RUNS=1 SIZES=100000 bench/cli.sh
#   DATA=/dev/shm/incimap-bench bench/cli.sh   # data in memory (a slow disk times I/O, not incimap)
#
# Data (made once, reused from bench/data/): make_synthetic.py points widened
# to every output-contract column by make_contract.py (about 540 bytes a CSV
# row), the GeoJSON twin written by `incimap query --format geojson`, and
# make_year.py's 500 weekly digests.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
SIZES="${SIZES:-100000 1000000}"
RUNS="${RUNS:-3}"
SKIP_BUILD="${SKIP_BUILD:-0}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DATA="${DATA:-$BENCH/data}"
OUT="$DATA/cli"
BIN="$TARGET/release/incimap"
mkdir -p "$OUT"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
log() { echo "[cli-bench] $*" >&2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) is required: apt-get install time" >&2; exit 1; }

PY="$BENCH/.venv/bin/python"
if [ ! -x "$PY" ]; then
    python3 -m venv "$BENCH/.venv"
fi
"$PY" -m pip install --quiet --disable-pip-version-check -r "$BENCH/requirements.txt"
if [ "$SKIP_BUILD" != 1 ]; then
    (cd "$ROOT" && cargo build --release)
    # A freshly written binary can stall its first start while it is flushed to disk.
    "$BIN" --version >/dev/null
fi

# measure NAME CMD...: RUNS runs; prints "NAME|median wall s|median peak MB".
measure() {
    local name="$1"
    shift
    local walls=() rss=()
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/$name.err" ||
            { log "$name failed: $(tail -3 "$OUT/$name.err")"; echo "$name|failed|"; return 0; }
        read -r w m <"$OUT/time.txt"
        walls+=("$w")
        rss+=("$m")
    done
    local mw mr
    mw=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")
    mr=$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")
    echo "$name|$mw|$((mr / 1024))"
}

rows=()
for n in $SIZES; do
    pts="$DATA/points-$n.csv"
    csv="$DATA/incidents-$n.csv"
    gj="$DATA/incidents-$n.geojson"
    [ -f "$pts" ] || "$PY" "$BENCH/make_synthetic.py" "$n" 1 "$pts"
    [ -f "$csv" ] || python3 "$BENCH/make_contract.py" "$pts" "$csv"
    [ -f "$gj" ] || "$BIN" query "$csv" --bbox -180,-90,180,90 --format geojson >"$gj"
    size_csv=$(du -m "$csv" | cut -f1)
    size_gj=$(du -m "$gj" | cut -f1)
    log "n=$n: CSV $size_csv MB, GeoJSON $size_gj MB"
    rows+=("$(measure "cluster $n (labels, hotspots)" "$BIN" cluster "$csv" -o "$OUT/c.geojson" --hotspots "$OUT/h.geojson")")
    if [ "$n" -le 100000 ]; then
        rows+=("$(measure "sklearn DBSCAN $n (fit, haversine, ball tree)" "$PY" "$BENCH/sklearn_bench.py" dbscan "$pts" 10 3)")
    fi
    rows+=("$(measure "query $n CSV: 30 km of a point (table)" "$BIN" query "$csv" --at 33.3,44.4 --radius-km 30)")
    rows+=("$(measure "query $n CSV: count in a box" "$BIN" query "$csv" --bbox 40,30,45,35 --format count)")
    rows+=("$(measure "query $n GeoJSON: 30 km of a point (table)" "$BIN" query "$gj" --at 33.3,44.4 --radius-km 30)")
    rows+=("$(measure "query $n GeoJSON: all as GeoJSON" "$BIN" query "$gj" --bbox -180,-90,180,90 --format geojson)")
    rows+=("$(measure "render $n (clusters, heat)" "$BIN" render "$csv" -o "$OUT/r.png")")
done
year="$DATA/year"
[ -d "$year" ] || python3 "$BENCH/make_year.py" "$ROOT/tests/fixtures/spotlight-2020-05-21.txt" 500 "$year"
rows+=("$(measure "extract: synthetic year ($(du -sm "$year" | cut -f1) MB, 500 digests)" "$BIN" extract "$year" -o "$OUT/year.jsonl")")
rows+=("$(measure "map: synthetic year" "$BIN" map "$year" -o "$OUT/year-map" --quiet)")

{
    echo "| command | wall s | peak MB |"
    echo "|---|---|---|"
    for r in "${rows[@]}"; do
        IFS='|' read -r name w m <<<"$r"
        echo "| $name | $w | $m |"
    done
    echo
    echo "Medians of $RUNS runs, $(getconf _NPROCESSORS_ONLN) cores, $(date -u +%Y-%m-%d)."
} | tee "$OUT/results.md"
