#!/usr/bin/env bash
# incimap against the naive span-lookup baseline on the same coded-event file(s):
#   bash bench/accuracy.sh EVENTS.csv [PASSAGES.jsonl]
# Prints located / within 25 km (point or anchor) / within 161 km for both,
# and the difference at 25 km (the geoparsing issue asks for >= 20 points).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bash bench/accuracy.sh EVENTS.csv [PASSAGES.jsonl]" >&2; exit 2; }
cargo build --release -q --bin incimap --example naive_baseline
ours=$(target/release/incimap eval "$1" --format json)
base=$(target/release/examples/naive_baseline "$1")
python3 - "$ours" "$base" <<'PY'
import json, re, sys
o = json.loads(sys.argv[1])
o = o[0] if isinstance(o, list) else o
o = o.get("all", o)
b = re.search(r"located ([\d.]+)%, <=25 km \(point or anchor\) ([\d.]+)%, <=161 km ([\d.]+)%", sys.argv[2])
pct = lambda v: 100 * v if v <= 1 else v
rows = [("incimap", pct(o["located"]), pct(o["acc25_point_or_anchor"]), pct(o["acc161_point_or_anchor"])),
        ("naive baseline", *(float(x) for x in b.groups()))]
print("| | located | <= 25 km (point or anchor) | <= 161 km |\n|---|---:|---:|---:|")
for name, l, a, c in rows:
    print(f"| {name} | {l:.1f}% | {a:.1f}% | {c:.1f}% |")
print(f"\nincimap - baseline at 25 km: {rows[0][2] - rows[1][2]:+.1f} points")
PY
if [ $# -ge 2 ]; then
    target/release/incimap eval "$2" | sed -n '1,3p'
fi
