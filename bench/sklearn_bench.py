#!/usr/bin/env python3
"""scikit-learn side of the clustering / query benchmark. Prints one JSON object on stdout,
shaped like the Rust examples' output.

Usage:
    sklearn_bench.py dbscan INPUT.csv RADIUS_KM MIN_POINTS
        -> {"load_s", "cluster_s", "clusters", "noise", "core", "peak_rss_mb"}
    sklearn_bench.py query INPUT.csv QUERIES.csv RADIUS_KM K
        -> {"load_s", "build_s", "radius_queries_per_s", "knn_queries_per_s",
            "radius_hits", "knn_checksum", "knn_dist_sum_km", "queries"}

dbscan: DBSCAN(eps=RADIUS_KM/6371.0088, min_samples=MIN_POINTS, metric="haversine",
algorithm="ball_tree", n_jobs=1) on radians [lat, lon]; cluster_s is fit() only (not CSV loading).
query: BallTree(metric="haversine") over the same radians (leaf_size default 40); build_s is the
tree build; radius: one query_radius(Q, r) call over all queries (indices returned, not only
counts); kNN: one query(Q, k=K) call. radius_hits = total number of (query, point) pairs with
distance <= RADIUS_KM; knn_checksum = sum over all queries of the K neighbours' 0-based row
indices in INPUT.csv (as examples/query_bench.rs computes it; it can differ only through ties
at equal distance); knn_dist_sum_km = sum of the K neighbour distances in km (tie-independent).
Everything single-threaded (thread env vars set to 1 before numpy is imported, and threadpoolctl
limits).

On MemoryError it prints {"error": "memory", ...} and exits with status 3 (bench/run.sh runs it
under `prlimit --as`, so a too-large allocation fails this way before the OOM killer steps in).
"""

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
           "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

EARTH_RADIUS_KM = 6371.0088


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def load_radians(path):
    """[lat, lon] in radians from a CSV with a header naming lon and lat."""
    with open(path) as f:
        header = [h.strip() for h in f.readline().split(",")]
    cols = (header.index("lat"), header.index("lon"))
    a = np.loadtxt(path, delimiter=",", skiprows=1, usecols=cols, dtype=np.float64, ndmin=2)
    return np.radians(a)


def emit(d, status=0):
    print(json.dumps(d))
    sys.stdout.flush()
    sys.exit(status)


def run_dbscan(inp, radius_km, min_points):
    from sklearn.cluster import DBSCAN

    t0 = time.perf_counter()
    X = load_radians(inp)
    load_s = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        db = DBSCAN(eps=radius_km / EARTH_RADIUS_KM, min_samples=min_points,
                    metric="haversine", algorithm="ball_tree", n_jobs=1).fit(X)
        cluster_s = time.perf_counter() - t0
    except MemoryError as e:
        emit({"error": "memory", "detail": str(e)[:200], "points": len(X),
              "after_s": round(time.perf_counter() - t0, 3), "peak_rss_mb": round(peak_rss_mb(), 1)}, 3)
    labels = db.labels_
    emit({
        "points": int(len(X)),
        "load_s": round(load_s, 4),
        "cluster_s": round(cluster_s, 4),
        "clusters": int(labels.max()) + 1 if len(labels) else 0,
        "noise": int((labels == -1).sum()),
        "core": int(len(db.core_sample_indices_)),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    })


def run_query(inp, queries, radius_km, k):
    from sklearn.neighbors import BallTree

    t0 = time.perf_counter()
    X = load_radians(inp)
    Q = load_radians(queries)
    load_s = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        tree = BallTree(X, metric="haversine")
        build_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        ind = tree.query_radius(Q, r=radius_km / EARTH_RADIUS_KM)
        radius_s = time.perf_counter() - t0
        radius_hits = int(sum(len(a) for a in ind))
        del ind

        kk = min(k, len(X))
        t0 = time.perf_counter()
        dist, nbr = tree.query(Q, k=kk)
        knn_s = time.perf_counter() - t0
    except MemoryError as e:
        emit({"error": "memory", "detail": str(e)[:200], "peak_rss_mb": round(peak_rss_mb(), 1)}, 3)
    emit({
        "points": int(len(X)),
        "queries": int(len(Q)),
        "load_s": round(load_s, 4),
        "build_s": round(build_s, 4),
        "radius_queries_per_s": round(len(Q) / radius_s, 1),
        "knn_queries_per_s": round(len(Q) / knn_s, 1),
        "radius_hits": radius_hits,
        "knn_checksum": int(nbr.sum()),
        "knn_dist_sum_km": round(float(dist.sum()) * EARTH_RADIUS_KM, 6),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    })


def main():
    a = sys.argv[1:]
    with threadpool_limits(limits=1):
        if len(a) == 4 and a[0] == "dbscan":
            run_dbscan(a[1], float(a[2]), int(a[3]))
        elif len(a) == 5 and a[0] == "query":
            run_query(a[1], a[2], float(a[3]), int(a[4]))
        else:
            sys.exit(__doc__)


if __name__ == "__main__":
    main()
