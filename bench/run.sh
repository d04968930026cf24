#!/usr/bin/env bash
# Clustering / spatial-query benchmark: incimap (Rust) against scikit-learn.
#
#   bench/run.sh                      # N = 10k, 100k, 1M
#   SIZES="10000 100000" bench/run.sh # fewer sizes
#
# Environment knobs (defaults in brackets):
#   SIZES ["10000 100000 1000000"]  RADIUS_KM [10]  MIN_POINTS [5]  K [10]  NQ [10000] queries
#   SEED [1] data seed (queries use SEED+1)
#   SKLEARN_MEM_CAP_BYTES [16 GiB] address-space cap (prlimit --as) for every sklearn run
#   TIMEOUT_S [600] per run     SKIP_BUILD [0] =1: don't run cargo, use existing binaries
#   CARGO_TARGET_DIR [repo/target]
#
# Steps: (a) venv at bench/.venv with the pinned bench/requirements.txt, (b) cargo build --release
# --examples, (c) per N: synthetic data + queries, Rust cluster_bench and sklearn DBSCAN under
# /usr/bin/time -v (peak RSS), Rust query_bench and sklearn BallTree on the same queries,
# (d) a Markdown table on stdout (also written to bench/data/results/results.md).
# Everything is single-threaded. Raw outputs: bench/data/results/N/*.{json,err,time,status}.
# Data files in bench/data/ are reused when present (delete them after changing the generators).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
SIZES="${SIZES:-10000 100000 1000000}"
RADIUS_KM="${RADIUS_KM:-10}"
MIN_POINTS="${MIN_POINTS:-5}"
K="${K:-10}"
NQ="${NQ:-10000}"
SEED="${SEED:-1}"
SKLEARN_MEM_CAP_BYTES="${SKLEARN_MEM_CAP_BYTES:-$((16 * 1024 * 1024 * 1024))}"
TIMEOUT_S="${TIMEOUT_S:-600}"
SKIP_BUILD="${SKIP_BUILD:-0}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DATA="$BENCH/data"
RES="$DATA/results"

# Single-threaded everywhere.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1 \
    NUMEXPR_NUM_THREADS=1 RAYON_NUM_THREADS=1

log() { echo "[bench] $*" >&2; }

[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) is required: apt-get install time" >&2; exit 1; }
command -v prlimit >/dev/null || { echo "bench: prlimit (util-linux) is required" >&2; exit 1; }

# (a) Python venv with pinned packages.
PY="$BENCH/.venv/bin/python"
if [ ! -x "$PY" ]; then
    log "creating $BENCH/.venv"
    python3 -m venv "$BENCH/.venv"
fi
"$PY" -m pip install --quiet --disable-pip-version-check -r "$BENCH/requirements.txt"

# (b) Rust examples.
if [ "$SKIP_BUILD" != 1 ]; then
    log "cargo build --release --examples"
    (cd "$ROOT" && cargo build --release --examples)
fi
CLUSTER_BENCH="$TARGET/release/examples/cluster_bench"
QUERY_BENCH="$TARGET/release/examples/query_bench"

# run_timed OUTDIR NAME CMD...: runs CMD under /usr/bin/time -v and timeout, stdout -> NAME.json,
# stderr -> NAME.err, time report -> NAME.time, and one of ok / timeout / failed: memory /
# failed: rc=N / missing -> NAME.status. Never fails the script.
run_timed() {
    local out="$1" name="$2"
    shift 2
    if ! command -v "$1" >/dev/null 2>&1; then
        log "$name: $1 not found"
        echo "missing" >"$out/$name.status"
        return 0
    fi
    local rc=0
    /usr/bin/time -v -o "$out/$name.time" timeout -k 10 "$TIMEOUT_S" "$@" \
        >"$out/$name.json" 2>"$out/$name.err" || rc=$?
    local status
    if [ "$rc" = 0 ]; then
        status="ok"
    elif [ "$rc" = 124 ]; then
        status="timeout"
    elif grep -qE 'MemoryError|bad_alloc|[Cc]annot allocate memory|memory allocation of|"error": "memory"' \
        "$out/$name.err" "$out/$name.json" 2>/dev/null; then
        status="failed: memory"
    elif [ "$rc" = 137 ]; then
        # SIGKILL: timeout's -k after TIMEOUT_S, or the kernel's OOM killer.
        local el
        el="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$name.time" |
            awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print int(s)}')"
        if [ "${el:-0}" -ge "$TIMEOUT_S" ]; then status="timeout"; else status="failed: memory"; fi
    else
        status="failed: rc=$rc"
    fi
    echo "$status" >"$out/$name.status"
    log "$name: $status"
}

mkdir -p "$DATA" "$RES"
SKL_CAP=(prlimit "--as=$SKLEARN_MEM_CAP_BYTES" --)

# (c) Runs.
for N in $SIZES; do
    out="$RES/$N"
    rm -rf "$out"
    mkdir -p "$out"
    pts="$DATA/points_${N}_s${SEED}.csv"
    qs="$DATA/queries_${N}_s${SEED}_q${NQ}.csv"
    if [ ! -s "$pts" ]; then
        log "N=$N: make_synthetic"
        "$PY" "$BENCH/make_synthetic.py" "$N" "$SEED" "$pts.tmp" && mv "$pts.tmp" "$pts"
    fi
    if [ ! -s "$qs" ]; then
        "$PY" "$BENCH/make_queries.py" "$NQ" "$((SEED + 1))" "$pts" "$qs.tmp" && mv "$qs.tmp" "$qs"
    fi

    log "N=$N: incimap cluster_bench"
    run_timed "$out" rust_cluster "$CLUSTER_BENCH" "$pts" "$RADIUS_KM" "$MIN_POINTS"
    log "N=$N: sklearn DBSCAN (cap $((SKLEARN_MEM_CAP_BYTES / 1024 / 1024)) MiB, timeout ${TIMEOUT_S}s)"
    run_timed "$out" sklearn_cluster "${SKL_CAP[@]}" "$PY" "$BENCH/sklearn_bench.py" dbscan \
        "$pts" "$RADIUS_KM" "$MIN_POINTS"
    log "N=$N: incimap query_bench"
    run_timed "$out" rust_query "$QUERY_BENCH" "$pts" "$qs" "$RADIUS_KM" "$K"
    log "N=$N: sklearn BallTree queries"
    run_timed "$out" sklearn_query "${SKL_CAP[@]}" "$PY" "$BENCH/sklearn_bench.py" query \
        "$pts" "$qs" "$RADIUS_KM" "$K"
done

# (d) Report.
"$PY" - "$RES" "$ROOT" "$RADIUS_KM" "$MIN_POINTS" "$K" "$NQ" "$SEED" $SIZES <<'PYEOF' | tee "$RES/results.md"
import json, os, platform, re, subprocess, sys

res, root, radius, minpts, k, nq, seed, *sizes = sys.argv[1:]

def status(n, name):
    p = os.path.join(res, n, name + ".status")
    return open(p).read().strip() if os.path.exists(p) else "not run"

def js(n, name):
    if status(n, name) != "ok":
        return None
    txt = open(os.path.join(res, n, name + ".json")).read().strip()
    try:
        return json.loads(txt)
    except ValueError:  # tolerate extra lines: take the last JSON object line
        for line in reversed(txt.splitlines()):
            if line.strip().startswith("{"):
                try:
                    return json.loads(line)
                except ValueError:
                    pass
    return None

def peak_mb(n, name):
    p = os.path.join(res, n, name + ".time")
    if status(n, name) != "ok" or not os.path.exists(p):
        return None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(p).read())
    return int(m.group(1)) / 1024 if m else None

def fmt(v, nd=2):
    if v is None:
        return "-"
    if isinstance(v, float):
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        return f"{v:.{nd}f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)

def cell(n, name, field, nd=2):
    st = status(n, name)
    if st != "ok":
        return st
    d = js(n, name)
    if d is None:
        return "bad output"
    return fmt(d.get(field), nd)

def peak_cell(n, name):
    st = status(n, name)
    if st != "ok":
        return st
    return fmt(peak_mb(n, name), 0)

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"

import numpy, sklearn
cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
print(f"## incimap vs scikit-learn: DBSCAN radius {radius} km, min_points {minpts}; "
      f"{nq} queries, radius {radius} km, k = {k}; data seed {seed}")
print()
print(f"Machine: {cpu}, {os.cpu_count()} cores, single-threaded runs. incimap {sh('git -C ' + repr(root) + ' rev-parse --short HEAD')}, "
      f"Python {platform.python_version()}, numpy {numpy.__version__}, scikit-learn {sklearn.__version__}.")
print()
print("| N | incimap cluster s | incimap peak MB | sklearn cluster s | sklearn peak MB "
      "| incimap radius q/s | sklearn radius q/s | incimap kNN q/s | sklearn kNN q/s | density grid s |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    rc = js(n, "rust_cluster") or {}
    density = fmt(rc.get("density_s"), 3) if status(n, "rust_cluster") == "ok" else status(n, "rust_cluster")
    print("| " + " | ".join([
        f"{int(n):,}",
        cell(n, "rust_cluster", "cluster_s", 3),
        peak_cell(n, "rust_cluster"),
        cell(n, "sklearn_cluster", "cluster_s", 3),
        peak_cell(n, "sklearn_cluster"),
        cell(n, "rust_query", "radius_queries_per_s"),
        cell(n, "sklearn_query", "radius_queries_per_s"),
        cell(n, "rust_query", "knn_queries_per_s"),
        cell(n, "sklearn_query", "knn_queries_per_s"),
        density,
    ]) + " |")
print()
print("Agreement (incimap / sklearn). Radius hits should be equal; kNN checksum is the sum of the "
      "k neighbours' 0-based row indices, equal unless distance ties are broken differently:")
print()
print("| N | clusters | noise | radius hits | kNN checksum |")
print("|---:|---:|---:|---:|---:|")
for n in sizes:
    a, b = js(n, "rust_cluster") or {}, js(n, "sklearn_cluster") or {}
    c, d = js(n, "rust_query") or {}, js(n, "sklearn_query") or {}
    def pair(x, y, f, nd=2):
        vx, vy = fmt(x.get(f), nd), fmt(y.get(f), nd)
        mark = "" if x.get(f) is None or y.get(f) is None or x.get(f) == y.get(f) else " (differ)"
        return f"{vx} / {vy}{mark}"
    print(f"| {int(n):,} | {pair(a, b, 'clusters')} | {pair(a, b, 'noise')} "
          f"| {pair(c, d, 'radius_hits')} | {pair(c, d, 'knn_checksum', 3)} |")
print()
print("Peak MB: Maximum resident set size from /usr/bin/time -v (whole process, including CSV "
      "loading; for sklearn also the Python interpreter and imports, ~150 MB). Cluster s: the "
      "tools' own timer. sklearn queries are one batched query_radius / query call over all "
      "queries. sklearn runs are capped with prlimit --as; 'failed: memory' = allocation failure "
      "under that cap or OOM kill.")
PYEOF
