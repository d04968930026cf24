//! Radius and kNN query throughput on one core (bench/run.sh compares it with
//! scikit-learn's BallTree). Usage: query_bench POINTS.csv QUERIES.csv RADIUS_KM K
//! Both CSVs need lon and lat columns. Prints JSON.

use std::time::Instant;

use incimap::index::SpatialIndex;
use incimap::model::LonLat;

fn read(path: &str) -> Vec<Option<LonLat>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let h = r.headers().expect("header").clone();
    let ilon = h.iter().position(|c| c == "lon").expect("lon column");
    let ilat = h.iter().position(|c| c == "lat").expect("lat column");
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            LonLat::new(
                rec[ilon].parse().expect("lon"),
                rec[ilat].parse().expect("lat"),
            )
        })
        .collect()
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    assert!(
        a.len() == 5,
        "usage: query_bench POINTS.csv QUERIES.csv RADIUS_KM K"
    );
    let pts = read(&a[1]);
    let qs: Vec<LonLat> = read(&a[2]).into_iter().flatten().collect();
    let radius: f64 = a[3].parse().expect("radius");
    let k: usize = a[4].parse().expect("k");
    let t = Instant::now();
    let idx = SpatialIndex::new(&pts);
    let build = t.elapsed().as_secs_f64();
    // Indices only, unsorted: what scikit-learn's query_radius returns.
    let t = Instant::now();
    let hits: usize = qs
        .iter()
        .map(|q| idx.within_km_indices(*q, radius).len())
        .sum();
    let radius_s = t.elapsed().as_secs_f64();
    // With great-circle distances, nearest first: what `incimap query` prints.
    let t = Instant::now();
    let sorted_hits: usize = qs.iter().map(|q| idx.within_km(*q, radius).len()).sum();
    let sorted_s = t.elapsed().as_secs_f64();
    assert_eq!(hits, sorted_hits);
    let t = Instant::now();
    let checksum: usize = qs
        .iter()
        .map(|q| idx.nearest(*q, k).iter().map(|h| h.index).sum::<usize>())
        .sum();
    let knn_s = t.elapsed().as_secs_f64();
    println!(
        "{{\"n\":{},\"queries\":{},\"build_s\":{build:.4},\"radius_queries_per_s\":{:.1},\"radius_sorted_queries_per_s\":{:.1},\"knn_queries_per_s\":{:.1},\"radius_hits\":{hits},\"knn_checksum\":{checksum}}}",
        pts.len(),
        qs.len(),
        qs.len() as f64 / radius_s,
        qs.len() as f64 / sorted_s,
        qs.len() as f64 / knn_s
    );
}
