#!/usr/bin/env python3
"""scikit-learn DBSCAN reference labels for `incimap cluster`.

Usage:
    sklearn_reference.py IN.csv RADIUS_KM MIN_POINTS OUT.csv

IN.csv has a header with at least `id,lon,lat` (other columns ignored, any order). Runs
    DBSCAN(eps=RADIUS_KM / 6371.0088, min_samples=MIN_POINTS,
           metric="haversine", algorithm="ball_tree")
on radians [lat, lon] and writes OUT.csv with header `id,cluster,core`, one row per input row,
in input order: `id` copied verbatim from IN.csv, `cluster` the sklearn label (-1 = noise),
`core` `true`/`false` from core_sample_indices_.

sklearn semantics the Rust side must match to compare labels exactly:
  * a point's neighbourhood is every point (itself included) at haversine distance <= eps;
    a point is core when that count >= MIN_POINTS;
  * clusters are numbered 0, 1, ... in order of their lowest-row-index core point;
  * a border point (non-core, within eps of a core point of one or more clusters) belongs to
    the lowest-numbered of those clusters.
"""

import csv
import sys

import numpy as np
from sklearn.cluster import DBSCAN

EARTH_RADIUS_KM = 6371.0088


def read_points(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        header = [h.strip() for h in next(r)]
        try:
            i_id, i_lon, i_lat = (header.index(c) for c in ("id", "lon", "lat"))
        except ValueError:
            sys.exit(f"{path}: header must contain id, lon, lat (got {header})")
        ids, lon, lat = [], [], []
        for row in r:
            if not row:
                continue
            ids.append(row[i_id])
            lon.append(float(row[i_lon]))
            lat.append(float(row[i_lat]))
    return ids, np.array(lon), np.array(lat)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    inp, radius_km, min_points, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    ids, lon, lat = read_points(inp)
    X = np.radians(np.column_stack([lat, lon]))
    db = DBSCAN(
        eps=radius_km / EARTH_RADIUS_KM,
        min_samples=min_points,
        metric="haversine",
        algorithm="ball_tree",
    ).fit(X)
    labels = db.labels_
    core = np.zeros(len(ids), dtype=bool)
    core[db.core_sample_indices_] = True
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "cluster", "core"])
        for i, lab, c in zip(ids, labels.tolist(), core.tolist()):
            w.writerow([i, lab, "true" if c else "false"])
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    print(
        f"sklearn_reference: {len(ids)} points, {n_clusters} clusters, "
        f"{int((labels == -1).sum())} noise, {int(core.sum())} core -> {out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
