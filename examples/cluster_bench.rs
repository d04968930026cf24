//! DBSCAN and density-grid time (bench/run.sh measures peak memory from
//! outside). Usage: cluster_bench POINTS.csv RADIUS_KM MIN_POINTS. Prints JSON.

use std::time::Instant;

use incimap::index::{cluster, hotspot};
use incimap::model::LonLat;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    assert!(
        a.len() == 4,
        "usage: cluster_bench POINTS.csv RADIUS_KM MIN_POINTS"
    );
    let mut r = csv::Reader::from_path(&a[1]).expect("csv");
    let h = r.headers().expect("header").clone();
    let col = |n: &str| {
        h.iter()
            .position(|c| c == n)
            .unwrap_or_else(|| panic!("{n} column"))
    };
    let (iid, ilon, ilat) = (col("id"), col("lon"), col("lat"));
    let mut ids = Vec::new();
    let mut pts = Vec::new();
    for rec in r.records() {
        let rec = rec.expect("row");
        ids.push(rec[iid].to_owned());
        pts.push(LonLat::new(
            rec[ilon].parse().expect("lon"),
            rec[ilat].parse().expect("lat"),
        ));
    }
    let radius: f64 = a[2].parse().expect("radius");
    let min_points: usize = a[3].parse().expect("min points");
    let t = Instant::now();
    let db = cluster::dbscan(&pts, &ids, radius, min_points);
    let cluster_s = t.elapsed().as_secs_f64();
    let noise = db.labels.iter().filter(|l| l.is_none()).count();
    let kernels: Vec<hotspot::Kernel> = pts
        .iter()
        .flatten()
        .map(|p| hotspot::Kernel {
            point: *p,
            uncertainty_km: 0.0,
            weight: 1.0,
        })
        .collect();
    let t = Instant::now();
    let s = hotspot::surface(&kernels, 10.0, 5.0).expect("surface");
    let density_s = t.elapsed().as_secs_f64();
    println!(
        "{{\"n\":{},\"cluster_s\":{cluster_s:.4},\"clusters\":{},\"noise\":{noise},\"density_s\":{density_s:.4},\"grid_cells\":{}}}",
        pts.len(),
        db.n_clusters,
        s.density.len()
    );
}
