//! `incimap map` on the bundled example: files written, counts, determinism.

use crate::common::incimap;

fn run_map(dir: &std::path::Path) {
    incimap()
        .current_dir(dir)
        .args(["map", "-o", "out"])
        .assert()
        .success();
}

#[test]
fn map_writes_geojson_and_csv_deterministically() {
    let a = tempfile::tempdir().expect("tmp");
    let b = tempfile::tempdir().expect("tmp");
    run_map(a.path());
    run_map(b.path());
    let mut names: Vec<String> = std::fs::read_dir(a.path().join("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    for f in &names {
        let x = std::fs::read(a.path().join("out").join(f)).expect("written");
        let y = std::fs::read(b.path().join("out").join(f)).expect("written");
        assert_eq!(x, y, "{f} differs between runs");
    }
    let gj: serde_json::Value = serde_json::from_slice(
        &std::fs::read(a.path().join("out/incidents.geojson")).expect("read"),
    )
    .expect("json");
    assert_eq!(gj["type"], "FeatureCollection");
    let feats = gj["features"].as_array().expect("features");
    assert!(feats.len() >= 58);
    for f in feats {
        let p = &f["properties"];
        for k in [
            "id",
            "date",
            "kind",
            "killed",
            "wounded",
            "country",
            "location_text",
            "anchor",
            "anchor_id",
            "uncertainty_km",
            "acled_geo_precision",
            "method",
            "unresolved_reason",
            "source_file",
            "source_line",
            "text",
            "sources",
        ] {
            assert!(p.get(k).is_some(), "property {k} missing");
        }
        if let Some(c) = f["geometry"]["coordinates"].as_array() {
            let (lon, lat) = (c[0].as_f64().expect("lon"), c[1].as_f64().expect("lat"));
            assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        } else {
            assert!(p["unresolved_reason"].is_string());
        }
    }
    let mut r = csv::Reader::from_path(a.path().join("out/incidents.csv")).expect("csv");
    let h = r.headers().expect("header").clone();
    assert!(h.iter().any(|c| c == "lon") && h.iter().any(|c| c == "lat"));
    assert_eq!(r.records().count(), feats.len());
}
