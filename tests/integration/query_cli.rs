//! `incimap cluster` and `incimap query` through the real binary, on incidents
//! written by `incimap map` (map once, query many times) and on reports.

use predicates::prelude::*;

use crate::common::{fixture, incimap};

fn mapped() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tmp");
    incimap()
        .current_dir(d.path())
        .args(["map", "-o", "."])
        .assert()
        .success();
    d
}

#[test]
fn radius_query_around_a_place_sorted_by_distance() {
    let d = mapped();
    let out = incimap()
        .current_dir(d.path())
        .args([
            "query",
            "incidents.geojson",
            "--near",
            "Kirkuk",
            "--country",
            "IQ",
            "--radius-km",
            "30",
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let dists: Vec<f64> = r
        .records()
        .map(|x| {
            let x = x.expect("row");
            x[x.len() - 1].parse().expect("km")
        })
        .collect();
    assert!(!dists.is_empty());
    assert!(dists.windows(2).all(|w| w[0] <= w[1]) && dists.iter().all(|&d| d <= 30.0));
}

#[test]
fn date_kind_and_count_filters() {
    let d = mapped();
    let count = |args: &[&str]| -> usize {
        let out = incimap()
            .current_dir(d.path())
            .arg("query")
            .arg("incidents.csv")
            .args(args)
            .args(["--format", "count"])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("count")
    };
    let all = count(&[]);
    let may21 = count(&["--from", "2020-05-21", "--to", "2020-05-21"]);
    let ied = count(&["--kind", "ied"]);
    let syria = count(&["--country", "SY"]);
    let precise = count(&["--min-precision", "1"]);
    assert!(
        all >= 58 && may21 > 0 && may21 < all && ied > 0 && ied < all && syria > 0 && precise < all
    );
    // Kirkuk area via a box and via a polygon file.
    let bbox = count(&["--bbox", "43,34,46,36.5"]);
    std::fs::write(
        d.path().join("box.geojson"),
        r#"{"type":"Polygon","coordinates":[[[43,34],[46,34],[46,36.5],[43,36.5],[43,34]]]}"#,
    )
    .expect("write");
    let poly = count(&["--within", "box.geojson"]);
    assert!(bbox > 0);
    assert_eq!(bbox, poly);
}

#[test]
fn empty_result_is_not_an_error() {
    let d = mapped();
    incimap()
        .current_dir(d.path())
        .args([
            "query",
            "incidents.geojson",
            "--at",
            "-45,-120",
            "--radius-km",
            "10",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("no incidents"));
}

#[test]
fn bad_query_arguments_are_clear() {
    let d = mapped();
    for (args, msg) in [
        (
            vec!["--at", "95,40", "--radius-km", "5"],
            "latitude must be within",
        ),
        (
            vec!["--at", "35,40", "--radius-km", "0"],
            "expected a distance in km",
        ),
        (
            vec!["--at", "35,40", "--radius-km", "-3"],
            "expected a distance in km",
        ),
        (
            vec!["--near", "Xqzzyvillezz", "--radius-km", "5"],
            "not in the gazetteer",
        ),
        (vec!["--bbox", "1,2,3"], "W,S,E,N"),
        (vec!["--radius-km", "5"], "need a centre"),
    ] {
        incimap()
            .current_dir(d.path())
            .arg("query")
            .arg("incidents.geojson")
            .args(&args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(msg));
    }
    std::fs::write(d.path().join("not.geojson"), "{\"hello\": 1}").expect("write");
    incimap()
        .current_dir(d.path())
        .args(["query", "not.geojson", "--format", "count"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not.geojson").and(predicate::str::contains("GeoJSON")));
}

#[test]
fn cluster_writes_centroids_hulls_assignments_and_hotspots() {
    let d = tempfile::tempdir().expect("tmp");
    incimap()
        .current_dir(d.path())
        .args([
            "cluster",
            "--radius-km",
            "15",
            "--min-points",
            "3",
            "-o",
            "c.geojson",
            "--assignments",
            "a.csv",
            "--hotspots",
            "h.geojson",
        ])
        .arg(fixture("spotlight-2020-05-21.txt"))
        .assert()
        .success();
    let c: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("c.geojson")).expect("c"))
            .expect("json");
    let feats = c["features"].as_array().expect("features");
    assert!(!feats.is_empty());
    let first = &feats[0]["properties"];
    assert_eq!(first["id"], 0);
    assert!(
        first["label"].as_str().expect("label").contains("Mayādīn"),
        "{first}"
    );
    assert!(first["size"].as_u64().expect("size") >= 5);
    assert!(std::fs::read(d.path().join("c_hulls.geojson")).is_ok());
    let a = std::fs::read_to_string(d.path().join("a.csv")).expect("assignments");
    assert!(a.starts_with("id,cluster,core\n"));
    let h: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("h.geojson")).expect("h"))
            .expect("json");
    assert!(
        h["features"]
            .as_array()
            .expect("cells")
            .iter()
            .any(|f| f["properties"]["hot"] == true)
    );
}

#[test]
fn absurd_radius_is_a_usage_error() {
    let d = mapped();
    for args in [
        vec![
            "query",
            "incidents.geojson",
            "--at",
            "35,40",
            "--radius-km",
            "1e-300",
        ],
        vec!["cluster", "incidents.geojson", "--radius-km", "0"],
        vec!["render", "incidents.geojson", "--radius-km", "NaN"],
    ] {
        incimap()
            .current_dir(d.path())
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("expected a distance in km"));
    }
}

/// The same report twice (two files, as when two digests carry one story):
/// `map`, `cluster`, `query` and `render` run one pipeline, so they count the
/// same incidents, duplicates merged.
#[test]
fn every_command_counts_the_incidents_map_counts() {
    let d = tempfile::tempdir().expect("tmp");
    let reports = d.path().join("reports");
    std::fs::create_dir(&reports).expect("dir");
    let text = std::fs::read(fixture("spotlight-2020-05-21.txt")).expect("fixture");
    std::fs::write(reports.join("a.txt"), &text).expect("a");
    std::fs::write(reports.join("b.txt"), &text).expect("b");
    incimap()
        .current_dir(d.path())
        .args(["map", "reports", "-o", "out", "--quiet"])
        .assert()
        .success();
    let gj: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("out/incidents.geojson")).expect("gj"))
            .expect("json");
    let mut mapped: Vec<String> = gj["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["properties"]["id"].as_str().expect("id").to_owned())
        .collect();
    let one = crate::common::extract_records(&[fixture("spotlight-2020-05-21.txt")
        .to_str()
        .expect("path")]);
    assert_eq!(
        mapped.len(),
        one.len(),
        "the second copy merges into the first"
    );
    incimap()
        .current_dir(d.path())
        .args([
            "cluster",
            "reports",
            "--no-labels",
            "--assignments",
            "a.csv",
        ])
        .assert()
        .success();
    let a = std::fs::read_to_string(d.path().join("a.csv")).expect("assignments");
    let mut clustered: Vec<String> = a
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().expect("id").to_owned())
        .collect();
    mapped.sort();
    clustered.sort();
    assert_eq!(clustered, mapped);
    incimap()
        .current_dir(d.path())
        .args(["query", "reports", "--format", "count"])
        .assert()
        .success()
        .stdout(format!("{}\n", mapped.len()));
}
