#!/usr/bin/env python3
"""Deterministic synthetic "conflict-like" incidents for the clustering/query benchmarks.

Usage:
    make_synthetic.py N SEED OUT.csv [--bbox LON0,LAT0,LON1,LAT1]

Writes N rows with header `id,lon,lat,date,kind`:
  * ~70% of the points fall in dense hotspots: 30..200 centres (scaling with N) placed over
    the Levant/Iraq, Yemen, the Sahel and Afghanistan/Pakistan, each an isotropic Gaussian
    with sigma log-uniform in 2..15 km; hotspot sizes are heavy-tailed (Pareto weights), so at
    1M points the biggest hotspots hold tens of thousands of points within a few km;
  * ~30% are uniform background noise over lon 10..75, lat 0..40.
With --bbox both the hotspot centres and the background are placed inside that box instead
(used for the small test fixture so that a few thousand points still form clusters).

Output format (the contract the Rust side reads): `id` is a plain integer 1..N in row order
(rows are shuffled, so ids are not grouped by hotspot); lon/lat have exactly 6 decimals
(`%.6f`, ~0.1 m); date is YYYY-MM-DD within 2020; kind comes from a fixed list of bare words.
Nothing is quoted. Same N, SEED and --bbox -> byte-identical file (numpy's PCG64 stream,
numpy >= 1.17).
"""

import argparse
import sys

import numpy as np

KM_PER_DEG = 6371.0088 * np.pi / 180.0  # mean Earth radius, as in the haversine references

# (lon0, lat0, lon1, lat1, weight): boxes over which hotspot centres are spread.
REGIONS = [
    (35.5, 31.5, 47.5, 37.3, 0.40),  # Syria / Iraq
    (42.8, 12.8, 51.5, 17.5, 0.15),  # Yemen
    (-4.0, 11.0, 16.0, 17.5, 0.20),  # Sahel: Mali, Burkina Faso, Niger, NE Nigeria, Chad
    (61.5, 30.0, 71.5, 37.0, 0.25),  # Afghanistan / NW Pakistan
]
BACKGROUND = (10.0, 0.0, 75.0, 40.0)
KINDS = np.array(
    ["airstrike", "indirect_fire", "clash", "ied", "suicide_attack", "raid",
     "abduction_execution", "armed_attack"]
)
KIND_P = np.array([0.22, 0.20, 0.18, 0.14, 0.03, 0.08, 0.05, 0.10])
HOTSPOT_SHARE = 0.70


def n_hotspots(n):
    return int(np.clip(round(np.sqrt(n) / 5.0), 30, 200))


def generate(n, seed, bbox=None):
    rng = np.random.default_rng(seed)
    n_hot_pts = int(round(n * HOTSPOT_SHARE))
    n_bg = n - n_hot_pts
    h = n_hotspots(n)

    # Hotspot centres.
    if bbox is None:
        w = np.array([r[4] for r in REGIONS])
        reg = rng.choice(len(REGIONS), size=h, p=w / w.sum())
        boxes = np.array([r[:4] for r in REGIONS])[reg]
    else:
        boxes = np.tile(np.array(bbox, dtype=float), (h, 1))
    c_lon = rng.uniform(boxes[:, 0], boxes[:, 2])
    c_lat = rng.uniform(boxes[:, 1], boxes[:, 3])
    sigma_km = np.exp(rng.uniform(np.log(2.0), np.log(15.0), size=h))

    # Heavy-tailed hotspot sizes: Pareto(alpha=1.1) weights, multinomial split.
    weights = rng.pareto(1.1, size=h) + 1.0
    sizes = rng.multinomial(n_hot_pts, weights / weights.sum())
    which = np.repeat(np.arange(h), sizes)

    dx = rng.standard_normal(n_hot_pts) * sigma_km[which]
    dy = rng.standard_normal(n_hot_pts) * sigma_km[which]
    h_lat = c_lat[which] + dy / KM_PER_DEG
    h_lon = c_lon[which] + dx / (KM_PER_DEG * np.cos(np.radians(h_lat)))

    # Uniform background noise.
    b = BACKGROUND if bbox is None else bbox
    bg_lon = rng.uniform(b[0], b[2], size=n_bg)
    bg_lat = rng.uniform(b[1], b[3], size=n_bg)

    lon = np.concatenate([h_lon, bg_lon])
    lat = np.clip(np.concatenate([h_lat, bg_lat]), -89.999999, 89.999999)
    perm = rng.permutation(n)
    lon, lat = lon[perm], lat[perm]

    # Round to the written precision so any in-memory use equals what is read back.
    lon = np.round(lon, 6)
    lat = np.round(lat, 6)

    day = rng.integers(0, 366, size=n)  # 2020 is a leap year
    dates = (np.datetime64("2020-01-01") + day.astype("timedelta64[D]")).astype(str)
    kinds = KINDS[rng.choice(len(KINDS), size=n, p=KIND_P)]
    return lon, lat, dates, kinds, sizes, sigma_km


def write_csv(path, lon, lat, dates, kinds):
    n = len(lon)
    ids = np.arange(1, n + 1)
    # Vectorised formatting: much faster than a per-row Python loop at 1M rows.
    cols = [
        ids.astype(str),
        np.char.mod("%.6f", lon),
        np.char.mod("%.6f", lat),
        dates,
        kinds,
    ]
    out = sys.stdout if path == "-" else open(path, "w", newline="\n")
    try:
        out.write("id,lon,lat,date,kind\n")
        chunk = 200_000
        for s in range(0, n, chunk):
            e = min(n, s + chunk)
            rows = cols[0][s:e].astype(object)
            for c in cols[1:]:
                rows = rows + "," + c[s:e].astype(object)
            out.write("\n".join(rows.tolist()))
            out.write("\n")
    finally:
        if out is not sys.stdout:
            out.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("seed", type=int)
    ap.add_argument("out", help="output CSV path, or - for stdout")
    ap.add_argument("--bbox", help="LON0,LAT0,LON1,LAT1: put hotspots and background in this box")
    a = ap.parse_args()
    bbox = None
    if a.bbox:
        bbox = [float(x) for x in a.bbox.split(",")]
        if len(bbox) != 4 or bbox[0] >= bbox[2] or bbox[1] >= bbox[3]:
            ap.error("--bbox wants LON0,LAT0,LON1,LAT1 with LON0<LON1, LAT0<LAT1")
    if a.n < 1:
        ap.error("N must be >= 1")
    lon, lat, dates, kinds, sizes, sigma = generate(a.n, a.seed, bbox)
    write_csv(a.out, lon, lat, dates, kinds)
    top = np.sort(sizes)[::-1][:3]
    print(
        f"make_synthetic: {a.n} points, {len(sizes)} hotspots, largest {top.tolist()}, "
        f"{a.n - sizes.sum()} background -> {a.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
