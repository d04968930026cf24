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

#[test]
fn the_same_report_twice_is_merged_unless_no_dedup() {
    let d = tempfile::tempdir().expect("tmp");
    let fx = crate::common::fixture("spotlight-2020-05-21.txt");
    std::fs::copy(&fx, d.path().join("a.txt")).expect("copy");
    std::fs::copy(&fx, d.path().join("b.txt")).expect("copy");
    let count = |extra: &[&str]| -> usize {
        incimap()
            .current_dir(d.path())
            .args(["map", "a.txt", "b.txt", "-o", "out", "--quiet"])
            .args(extra)
            .assert()
            .success();
        let gj: serde_json::Value = serde_json::from_slice(
            &std::fs::read(d.path().join("out/incidents.geojson")).expect("read"),
        )
        .expect("json");
        let f = gj["features"].as_array().expect("features");
        if extra.is_empty() {
            // Each kept incident lists its twin from the other report.
            assert!(f.iter().all(|x| {
                x["properties"]["also_reported_as"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("b-L"))
            }));
        }
        f.len()
    };
    assert_eq!(count(&[]), 62);
    assert_eq!(count(&["--no-dedup"]), 124);
}

#[test]
fn an_unreadable_report_is_reported_and_the_rest_mapped() {
    let d = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        crate::common::fixture("spotlight-2020-05-21.txt"),
        d.path().join("good.txt"),
    )
    .expect("copy");
    std::fs::write(
        d.path().join("broken.txt"),
        [0xffu8, 0xfe, 0x00, 0x01, 0x02],
    )
    .expect("write");
    let out = incimap()
        .current_dir(d.path())
        .args(["map", ".", "-o", "out", "--quiet"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.txt") && err.contains("reports read      1 (1 failed)"),
        "{err}"
    );
    let gj: serde_json::Value = serde_json::from_slice(
        &std::fs::read(d.path().join("out/incidents.geojson")).expect("read"),
    )
    .expect("json");
    assert_eq!(gj["features"].as_array().expect("features").len(), 62);
}

#[test]
fn config_file_sets_defaults_and_flags_override_it() {
    let d = tempfile::tempdir().expect("tmp");
    std::fs::write(
        d.path().join("incimap.toml"),
        "radius_km = 50\nmin_points = 2\nmap_size = \"800x600\"\n[[theatre]]\nname = \"Kirkuk\"\nextent = [43.0, 34.5, 45.5, 36.5]\n",
    )
    .expect("write");
    incimap()
        .current_dir(d.path())
        .args(["map", "-o", "out", "--min-points", "4"])
        .assert()
        .success();
    let img = image::open(d.path().join("out/map.png")).expect("png");
    assert_eq!((img.width(), img.height()), (800, 600));
    let names: Vec<String> = std::fs::read_dir(d.path().join("out"))
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.ends_with("-kirkuk.png")),
        "{names:?}"
    );
    let c: serde_json::Value = serde_json::from_slice(
        &std::fs::read(d.path().join("out/clusters.geojson")).expect("read"),
    )
    .expect("json");
    assert!(
        c["features"]
            .as_array()
            .expect("f")
            .iter()
            .all(|f| f["properties"]["size"].as_u64().expect("size") >= 4)
    );
    std::fs::write(d.path().join("incimap.toml"), "radius = 5\n").expect("write");
    incimap()
        .current_dir(d.path())
        .args(["map", "-o", "out"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("incimap.toml"));
}
