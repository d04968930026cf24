//! The index against brute force (haversine on the 6371.0088 km sphere) on
//! seeded random data, poles and antimeridian included; DBSCAN invariant
//! under input permutation.

use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use incimap::index::{SpatialIndex, cluster};
use incimap::model::LonLat;
use proptest::prelude::*;

fn haversine_km(a: LonLat, b: LonLat) -> f64 {
    let r = 6371.0088_f64;
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().min(1.0).asin()
}

/// Points: a mix of global, polar and antimeridian clusters.
fn points_strategy() -> impl Strategy<Value = Vec<LonLat>> {
    let global = (-180.0f64..180.0, -90.0f64..90.0);
    let polar = (-180.0f64..180.0, 85.0f64..90.0);
    let antimeridian = (
        prop_oneof![178.0f64..180.0, -180.0f64..-178.0],
        -5.0f64..5.0,
    );
    let p = prop_oneof![global, polar.prop_map(|(a, b)| (a, b)), antimeridian];
    proptest::collection::vec(
        p.prop_map(|(lon, lat)| LonLat::new(lon, lat).expect("valid")),
        1..400,
    )
}

fn centre_strategy() -> impl Strategy<Value = LonLat> {
    prop_oneof![
        (-180.0f64..180.0, -90.0f64..90.0),
        (-180.0f64..180.0, 88.0f64..90.0),
        (
            prop_oneof![179.0f64..180.0, -180.0f64..-179.0],
            -2.0f64..2.0
        ),
    ]
    .prop_map(|(lon, lat)| LonLat::new(lon, lat).expect("valid"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, rng_seed: proptest::test_runner::RngSeed::Fixed(11), ..ProptestConfig::default() })]

    #[test]
    fn radius_query_equals_brute_force(pts in points_strategy(), c in centre_strategy(), r in 1.0f64..3000.0) {
        let opts: Vec<Option<LonLat>> = pts.iter().map(|p| Some(*p)).collect();
        let idx = SpatialIndex::new(&opts);
        let got: Vec<usize> = idx.within_km(c, r).iter().map(|h| h.index).collect();
        for (i, p) in pts.iter().enumerate() {
            let d = haversine_km(c, *p);
            if (d - r).abs() < 1e-6 { continue; } // on the boundary: either answer is right
            prop_assert_eq!(got.contains(&i), d <= r, "point {} at {} km, radius {}", i, d, r);
        }
    }

    #[test]
    fn nearest_equals_brute_force(pts in points_strategy(), c in centre_strategy(), k in 1usize..20) {
        let opts: Vec<Option<LonLat>> = pts.iter().map(|p| Some(*p)).collect();
        let idx = SpatialIndex::new(&opts);
        let got: Vec<f64> = idx.nearest(c, k).iter().map(|h| h.distance_km).collect();
        let mut all: Vec<f64> = pts.iter().map(|p| haversine_km(c, *p)).collect();
        all.sort_by(f64::total_cmp);
        all.truncate(k);
        prop_assert_eq!(got.len(), all.len());
        for (g, b) in got.iter().zip(&all) {
            prop_assert!((g - b).abs() < 1e-6, "{} vs {}", g, b);
        }
    }

    #[test]
    fn bbox_equals_brute_force(pts in points_strategy(), w in -180.0f64..180.0, e in -180.0f64..180.0, s in -90.0f64..90.0, h in 0.0f64..60.0) {
        let n = (s + h).min(90.0);
        let opts: Vec<Option<LonLat>> = pts.iter().map(|p| Some(*p)).collect();
        let idx = SpatialIndex::new(&opts);
        let got = idx.in_bbox(w, s, e, n);
        let want: Vec<usize> = pts.iter().enumerate().filter(|(_, p)| {
            let lon_ok = if w <= e { p.lon >= w && p.lon <= e } else { p.lon >= w || p.lon <= e };
            lon_ok && p.lat >= s && p.lat <= n
        }).map(|(i, _)| i).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn polygon_with_hole_equals_brute_force(pts in points_strategy(), cx in -170.0f64..170.0, cy in -60.0f64..60.0, size in 1.0f64..40.0) {
        let sq = |h: f64| LineString::from(vec![(cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h), (cx - h, cy - h)]);
        let shape = MultiPolygon(vec![Polygon::new(sq(size), vec![sq(size / 3.0)])]);
        let opts: Vec<Option<LonLat>> = pts.iter().map(|p| Some(*p)).collect();
        let idx = SpatialIndex::new(&opts);
        let got = idx.in_polygon(&shape);
        let want: Vec<usize> = pts.iter().enumerate()
            .filter(|(_, p)| shape.contains(&Point::from(Coord { x: p.lon, y: p.lat })))
            .map(|(i, _)| i).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn dbscan_is_invariant_under_permutation(seed in 0u64..1000, n in 10usize..300) {
        // Clumpy data so there are clusters and border points.
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut rnd = || { state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); ((state >> 11) as f64) / ((1u64 << 53) as f64) };
        let centres: Vec<(f64, f64)> = (0..5).map(|_| (30.0 + rnd() * 20.0, 25.0 + rnd() * 15.0)).collect();
        let pts: Vec<Option<LonLat>> = (0..n).map(|_| {
            let (cx, cy) = centres[(rnd() * 5.0) as usize % 5];
            LonLat::new(cx + (rnd() - 0.5) * 0.6, cy + (rnd() - 0.5) * 0.6)
        }).collect();
        let ids: Vec<String> = (0..n).map(|i| format!("p{i:04}")).collect();
        let a = cluster::dbscan(&pts, &ids, 8.0, 4);
        let mut order: Vec<usize> = (0..n).collect();
        order.reverse();
        order.rotate_left(n / 3);
        let pts2: Vec<Option<LonLat>> = order.iter().map(|&i| pts[i]).collect();
        let ids2: Vec<String> = order.iter().map(|&i| ids[i].clone()).collect();
        let b = cluster::dbscan(&pts2, &ids2, 8.0, 4);
        for (k, &i) in order.iter().enumerate() {
            prop_assert_eq!(a.labels[i], b.labels[k], "point {}", ids[i].clone());
            prop_assert_eq!(a.core[i], b.core[k]);
        }
    }
}

/// Brute-force DBSCAN core points: the oracle for the cell-based implementation.
#[test]
fn core_points_and_core_partition_match_brute_force() {
    let mut state = 42u64;
    let mut rnd = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64) / ((1u64 << 53) as f64)
    };
    let pts: Vec<Option<LonLat>> = (0..1500)
        .map(|i| {
            let (cx, cy) = [(40.4, 35.0), (44.4, 35.5), (13.1, 11.8)][i % 3];
            LonLat::new(
                cx + (rnd() - 0.5) * (0.2 + (i % 7) as f64 * 0.1),
                cy + (rnd() - 0.5) * 0.5,
            )
        })
        .collect();
    let ids: Vec<String> = (0..pts.len()).map(|i| format!("{i:05}")).collect();
    let (r, m) = (5.0, 6);
    let db = cluster::dbscan(&pts, &ids, r, m);
    let p: Vec<LonLat> = pts.iter().map(|x| x.expect("all valid")).collect();
    let n = p.len();
    let core: Vec<bool> = (0..n)
        .map(|i| (0..n).filter(|&j| haversine_km(p[i], p[j]) <= r).count() >= m)
        .collect();
    assert_eq!(db.core, core);
    // Core points i, j share a label iff connected through core points within r.
    let mut comp = vec![usize::MAX; n];
    let mut next = 0;
    for s in 0..n {
        if !core[s] || comp[s] != usize::MAX {
            continue;
        }
        let mut stack = vec![s];
        comp[s] = next;
        while let Some(i) = stack.pop() {
            for j in 0..n {
                if core[j] && comp[j] == usize::MAX && haversine_km(p[i], p[j]) <= r {
                    comp[j] = next;
                    stack.push(j);
                }
            }
        }
        next += 1;
    }
    assert_eq!(db.n_clusters, next);
    for i in (0..n).filter(|&i| core[i]) {
        for j in (0..n).filter(|&j| core[j]) {
            assert_eq!(comp[i] == comp[j], db.labels[i] == db.labels[j]);
        }
    }
    // Border points: within r of a core point, labelled like one of them.
    for i in (0..n).filter(|&i| !core[i]) {
        let near_core: Vec<usize> = (0..n)
            .filter(|&j| core[j] && haversine_km(p[i], p[j]) <= r)
            .collect();
        match db.labels[i] {
            None => assert!(near_core.is_empty()),
            Some(l) => assert!(near_core.iter().any(|&j| db.labels[j] == Some(l))),
        }
    }
}
