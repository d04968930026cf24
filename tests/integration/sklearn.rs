//! Agreement with scikit-learn's DBSCAN(metric="haversine", algorithm="ball_tree")
//! on a committed synthetic fixture (bench/sklearn_reference.py made the
//! reference once; no Python at test time). Same core points, same partition
//! of core points; border points may differ only where they are within the
//! radius of core points of two clusters (the documented rule).

use std::collections::HashMap;

use incimap::index::cluster;
use incimap::model::LonLat;

use crate::common::fixture;

#[test]
fn dbscan_agrees_with_scikit_learn() {
    let mut pts = Vec::new();
    let mut ids = Vec::new();
    let mut r = csv::Reader::from_path(fixture("dbscan_points.csv")).expect("points");
    for rec in r.records() {
        let rec = rec.expect("row");
        ids.push(rec[0].to_owned());
        pts.push(LonLat::new(
            rec[1].parse().expect("lon"),
            rec[2].parse().expect("lat"),
        ));
    }
    let mut sk: HashMap<String, (i64, bool)> = HashMap::new();
    let mut r = csv::Reader::from_path(fixture("dbscan_sklearn_r10_m5.csv")).expect("reference");
    for rec in r.records() {
        let rec = rec.expect("row");
        sk.insert(
            rec[0].to_owned(),
            (rec[1].parse().expect("label"), &rec[2] == "true"),
        );
    }
    assert_eq!(sk.len(), ids.len());
    let db = cluster::dbscan(&pts, &ids, 10.0, 5);
    // Core points identical.
    let mut core_diff = 0;
    for (i, id) in ids.iter().enumerate() {
        if db.core[i] != sk[id].1 {
            core_diff += 1;
        }
    }
    assert_eq!(core_diff, 0, "core flags differ for {core_diff} points");
    // Same partition of core points: a bijection between labels.
    let mut ours_to_theirs: HashMap<usize, i64> = HashMap::new();
    let mut theirs_to_ours: HashMap<i64, usize> = HashMap::new();
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| db.core[*i]) {
        let ours = db.labels[i].expect("core points are clustered");
        let theirs = sk[id].0;
        assert_eq!(
            *ours_to_theirs.entry(ours).or_insert(theirs),
            theirs,
            "cluster {ours} split"
        );
        assert_eq!(
            *theirs_to_ours.entry(theirs).or_insert(ours),
            ours,
            "sklearn cluster {theirs} split"
        );
    }
    let sk_clusters: std::collections::HashSet<i64> =
        sk.values().map(|v| v.0).filter(|&l| l >= 0).collect();
    assert_eq!(db.n_clusters, sk_clusters.len());
    // Border points: noise exactly when sklearn says noise; a different cluster
    // only where the point touches core points of two clusters.
    let p: Vec<LonLat> = pts.iter().map(|x| x.expect("valid")).collect();
    let mut ambiguous_diffs = 0;
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| !db.core[*i]) {
        let theirs = sk[id].0;
        match db.labels[i] {
            None => assert_eq!(theirs, -1, "{id}: noise for us, clustered for sklearn"),
            Some(ours) => {
                assert!(theirs >= 0, "{id}: clustered for us, noise for sklearn");
                if ours_to_theirs[&ours] != theirs {
                    let touching: std::collections::HashSet<usize> = (0..p.len())
                        .filter(|&j| {
                            db.core[j] && incimap::geodesy::distance_km(p[i], p[j]) <= 10.0
                        })
                        .filter_map(|j| db.labels[j])
                        .collect();
                    assert!(
                        touching.len() >= 2,
                        "{id}: different cluster without ambiguity"
                    );
                    ambiguous_diffs += 1;
                }
            }
        }
    }
    println!(
        "{} clusters; border points assigned differently (both valid): {ambiguous_diffs}",
        db.n_clusters
    );
}
