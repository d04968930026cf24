#!/usr/bin/env python3
"""Deterministic query points for the radius / kNN benchmarks.

Usage:
    make_queries.py NQ SEED DATA.csv OUT.csv

Writes NQ rows with header `lon,lat` (6 decimals, unquoted): half are randomly chosen data points
moved by a Gaussian of sigma 1 km (queries where the incidents are, many hits), half are uniform over
the data's bounding box (mostly sparse areas). Rows are shuffled. Same inputs -> same file.
"""

import sys

import numpy as np

KM_PER_DEG = 6371.0088 * np.pi / 180.0


def load_lonlat(path):
    with open(path) as f:
        header = [h.strip() for h in f.readline().split(",")]
    cols = (header.index("lon"), header.index("lat"))
    a = np.loadtxt(path, delimiter=",", skiprows=1, usecols=cols, dtype=np.float64, ndmin=2)
    return a[:, 0], a[:, 1]


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    nq, seed, data, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    lon, lat = load_lonlat(data)
    rng = np.random.default_rng(seed)
    n_near = nq // 2
    pick = rng.integers(0, len(lon), size=n_near)
    q_lat_n = lat[pick] + rng.standard_normal(n_near) / KM_PER_DEG
    q_lon_n = lon[pick] + rng.standard_normal(n_near) / (KM_PER_DEG * np.cos(np.radians(q_lat_n)))
    q_lon_u = rng.uniform(lon.min(), lon.max(), size=nq - n_near)
    q_lat_u = rng.uniform(lat.min(), lat.max(), size=nq - n_near)
    q = np.column_stack([np.concatenate([q_lon_n, q_lon_u]), np.concatenate([q_lat_n, q_lat_u])])
    q = q[rng.permutation(nq)]
    np.savetxt(out, q, fmt="%.6f", delimiter=",", header="lon,lat", comments="")


if __name__ == "__main__":
    main()
