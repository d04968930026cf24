//! A run is one transaction on its output folder (interrupts, concurrent
//! runs, failed inputs, stale maps), closed pipes end quietly, batches go on
//! past a bad input, other encodings are read, and incimap's own layers are
//! validated when read back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::common::{fixture, incimap};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("incimap")
}

/// Every file under `dir` (hidden ones too) with its bytes, and every
/// folder (as "name/" without bytes).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, d: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                let rel = p.strip_prefix(root).expect("under root");
                out.insert(PathBuf::from(format!("{}/", rel.display())), Vec::new());
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("under root").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Names under `dir` that look like something half-written.
pub fn leftovers(dir: &Path) -> Vec<String> {
    snapshot(dir)
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p.contains(".tmp") || p.contains("staging") || p.ends_with(".lock"))
        .collect()
}

/// A first, complete run of the bundled report into `dir/out`.
fn first_run(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    incimap()
        .current_dir(dir)
        .args(["map", "-o", "out", "--quiet"])
        .assert()
        .success();
    let snap = snapshot(&dir.join("out"));
    assert!(snap.keys().any(|k| k.ends_with("map.png")), "{snap:?}");
    snap
}

/// A slow run (large maps) of the bundled report plus a copy with other dates.
fn spawn_slow_run(dir: &Path) -> Child {
    let text = std::fs::read_to_string(fixture("spotlight-2020-05-21.txt")).expect("fixture");
    std::fs::write(dir.join("later.txt"), text.replace("2020", "2021")).expect("write");
    Command::new(bin())
        .current_dir(dir)
        .arg("map")
        .arg(fixture("spotlight-2020-05-21.txt"))
        .arg("later.txt")
        .args(["-o", "out", "--quiet", "--size", "6000x4500"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns")
}

/// Waits until `cond` holds (or the child ended, or 120 s passed).
fn wait_for(child: &mut Child, what: &str, cond: impl Fn() -> bool) {
    let start = Instant::now();
    while !cond() {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("the run ended ({status}) before {what}");
        }
        assert!(start.elapsed() < Duration::from_secs(120), "no {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn staged(out: &Path, name: &str) -> bool {
    std::fs::read_dir(out).is_ok_and(|rd| {
        rd.flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".incimap-staging-")
                && e.path().join(name).exists()
        })
    })
}

/// Starts a slow run into `dir/out`, sends `signal` once `file` is staged,
/// and returns how the run ended.
fn interrupt_slow_run(dir: &Path, signal: &str, file: &str) -> std::process::Output {
    let out = dir.join("out");
    let mut child = spawn_slow_run(dir);
    wait_for(&mut child, "staged layers", || staged(&out, file));
    let pid = child.id().to_string();
    let sent = Command::new("kill")
        .args([signal, &pid])
        .status()
        .expect("kill");
    assert!(sent.success());
    child.wait_with_output().expect("ends")
}

#[test]
fn sigint_in_the_middle_of_a_map_leaves_the_previous_run_intact() {
    let d = tempfile::tempdir().expect("tmp");
    let before = first_run(d.path());
    // The layers are staged; the maps are being drawn.
    let result = interrupt_slow_run(d.path(), "-INT", "hotspots.geojson");
    assert_eq!(result.status.code(), Some(130), "{result:?}");
    let after = snapshot(&d.path().join("out"));
    assert_eq!(after, before, "the folder is as the first run left it");
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
}

#[test]
fn sigterm_too_leaves_no_staging_folder_or_lock() {
    let d = tempfile::tempdir().expect("tmp");
    let result = interrupt_slow_run(d.path(), "-TERM", "incidents.geojson");
    assert_eq!(result.status.code(), Some(130), "{result:?}");
    let out = d.path().join("out");
    assert!(
        !out.exists(),
        "the folder the run made is gone: {:?}",
        snapshot(&out)
    );
}

#[test]
fn a_second_run_on_the_same_folder_is_refused_while_the_first_completes() {
    let d = tempfile::tempdir().expect("tmp");
    let out = d.path().join("out");
    let mut first = spawn_slow_run(d.path());
    wait_for(&mut first, "the lock", || {
        out.join(".incimap.lock").exists()
    });
    incimap()
        .current_dir(d.path())
        .args(["map", "-o", "out", "--quiet"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("another incimap run")
                .and(predicate::str::contains("is writing this folder")),
        );
    let result = first.wait_with_output().expect("ends");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let snap = snapshot(&out);
    assert!(snap.keys().any(|k| k.ends_with("incidents.geojson")));
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
}

#[test]
fn of_two_runs_started_together_one_writes_and_the_other_is_refused() {
    let d = tempfile::tempdir().expect("tmp");
    let a = spawn_slow_run(d.path());
    let b = spawn_slow_run(d.path());
    let (a, b) = (
        a.wait_with_output().expect("a"),
        b.wait_with_output().expect("b"),
    );
    let codes = [a.status.code(), b.status.code()];
    assert!(
        codes.contains(&Some(0)) && codes.contains(&Some(1)),
        "{a:?} {b:?}"
    );
    let refused = if a.status.success() { &b } else { &a };
    assert!(String::from_utf8_lossy(&refused.stderr).contains("another incimap run"));
    assert!(leftovers(d.path()).is_empty(), "{:?}", leftovers(d.path()));
}

#[test]
fn a_run_whose_inputs_all_failed_touches_nothing() {
    let d = tempfile::tempdir().expect("tmp");
    let before = first_run(d.path());
    std::fs::write(d.path().join("empty.txt"), "\n\n").expect("write");
    incimap()
        .current_dir(d.path())
        .args(["map", "missing.txt", "empty.txt", "-o", "out", "--quiet"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("missing.txt: no such file")
                .and(predicate::str::contains("empty.txt: empty file"))
                .and(predicate::str::contains(
                    "no input could be read; out left as it was",
                )),
        );
    assert_eq!(snapshot(&d.path().join("out")), before);
    // Into a new folder: not even the folder is made.
    incimap()
        .current_dir(d.path())
        .args(["map", "missing.txt", "-o", "fresh"])
        .assert()
        .code(1);
    assert!(!d.path().join("fresh").exists());
}

#[test]
fn stale_theatre_maps_of_the_previous_run_are_removed() {
    let d = tempfile::tempdir().expect("tmp");
    let before = first_run(d.path());
    let theatre: Vec<&PathBuf> = before
        .keys()
        .filter(|k| {
            let k = k.to_string_lossy();
            k.starts_with("map-1-") && k.ends_with(".png")
        })
        .collect();
    assert_eq!(theatre.len(), 1, "{:?}", before.keys());
    let world = theatre[0].with_extension("pgw");
    assert!(before.contains_key(&world), "{:?}", before.keys());
    std::fs::write(d.path().join("out/my-notes.txt"), "mine").expect("write");
    std::fs::write(
        d.path().join("one.txt"),
        "Nigeria\n\n• On June 2, 2020, gunmen attacked a checkpoint in Maiduguri, killing two soldiers.\n",
    )
    .expect("write");
    incimap()
        .current_dir(d.path())
        .args(["map", "one.txt", "-o", "out", "--quiet"])
        .assert()
        .success();
    let after = snapshot(&d.path().join("out"));
    assert!(!after.contains_key(theatre[0]), "{:?}", after.keys());
    assert!(!after.contains_key(&world), "{:?}", after.keys());
    assert!(after.contains_key(Path::new("map.png")));
    assert_eq!(
        after[Path::new("my-notes.txt")],
        b"mine",
        "files incimap did not write stay"
    );
    let manifest = String::from_utf8(after[Path::new(".incimap-files")].clone()).expect("utf8");
    assert!(manifest.lines().any(|l| l == "incidents.geojson"));
    assert!(!manifest.contains("map-1-"));
}

/// A pipe whose reading end is already closed: every write to it fails
/// with EPIPE, as after `| head -1` has exited.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    writer
}

#[test]
fn closed_pipes_end_quietly() {
    let d = tempfile::tempdir().expect("tmp");
    // stderr closed (`map ... 2>&1 | head -1`): the run still finishes, exit 0.
    let status = Command::new(bin())
        .current_dir(d.path())
        .args(["map", "-o", "out"])
        .stdout(closed_pipe())
        .stderr(closed_pipe())
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(0));
    assert!(
        d.path().join("out/incidents.geojson").exists(),
        "the run still finished"
    );
    assert!(leftovers(d.path()).is_empty());
    // stdout closed: every command that prints ends quietly with 0.
    let report = fixture("spotlight-2020-05-21.txt");
    let report = report.to_str().expect("p");
    let cases: [&[&str]; 7] = [
        &["query", "out/incidents.geojson", "--format", "csv"],
        &["query", "out/incidents.geojson", "--format", "geojson"],
        &["query", "out/incidents.csv", "--format", "table"],
        &["extract", report],
        &[
            "eval",
            "out/incidents.csv",
            "--text-col",
            "text",
            "--lat-col",
            "lat",
            "--lon-col",
            "lon",
        ],
        &["gazetteer", "lookup", "Ali", "--limit", "0"],
        &["geocode", "near Kirkuk", "10 km north of Mosul"],
    ];
    for args in cases {
        let out = Command::new(bin())
            .current_dir(d.path())
            .args(args)
            .stdout(closed_pipe())
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("error") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_missing_path_among_good_ones_the_rest_is_mapped_and_the_failure_listed_last() {
    let d = tempfile::tempdir().expect("tmp");
    let out = incimap()
        .current_dir(d.path())
        .arg("map")
        .arg("gone.txt")
        .arg(fixture("spotlight-2020-05-21.txt"))
        .args(["-o", "out", "--quiet"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let last: Vec<&str> = err.lines().rev().take(2).collect();
    assert_eq!(
        last,
        [
            "error: gone.txt: no such file or directory",
            "1 input failed:"
        ],
        "{err}"
    );
    let gj: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("out/incidents.geojson")).expect("gj"))
            .expect("json");
    assert!(gj["features"].as_array().expect("features").len() >= 58);
}

/// A report of our own with letters outside ASCII that Windows-1252 holds.
const ACCENTED: &str = "Bulletin hebdomadaire\n\nMali\n\n• Le 3 mars 2021, une embuscade a visé un convoi à 15 km au nord de Gao ; deux soldats ont été tués.\n• On March 5, 2021, gunmen attacked the café at the market of Ménaka, killing one.\n";

fn extract_resolved(path: &Path) -> (Vec<serde_json::Value>, String) {
    let out = incimap()
        .arg("extract")
        .arg("--resolve")
        .arg(path)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = String::from_utf8(out.stdout)
        .expect("utf8")
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).expect("json");
            v.as_object_mut().expect("object").remove("source_file");
            v
        })
        .collect();
    (recs, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn utf16_and_cp1252_reports_map_like_their_utf8_twin() {
    let d = tempfile::tempdir().expect("tmp");
    let write = |sub: &str, bytes: Vec<u8>| {
        let dir = d.path().join(sub);
        std::fs::create_dir(&dir).expect("mkdir");
        let p = dir.join("bulletin.txt");
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let utf8 = write("utf8", ACCENTED.as_bytes().to_vec());
    let mut le = vec![0xFF, 0xFE];
    le.extend(ACCENTED.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(ACCENTED.encode_utf16().flat_map(u16::to_be_bytes));
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(ACCENTED);
    assert!(!unmappable);
    let cp1252 = cp1252.into_owned();
    let (want, _) = extract_resolved(&utf8);
    assert!(want.len() >= 2, "{want:?}");
    for (name, bytes) in [("le", le), ("be", be)] {
        let (got, err) = extract_resolved(&write(name, bytes));
        assert_eq!(got, want, "UTF-16 {name}");
        assert!(!err.contains("warning"), "{err}");
    }
    let (got, err) = extract_resolved(&write("cp1252", cp1252));
    assert_eq!(got, want, "Windows-1252");
    assert!(
        err.contains("bulletin.txt:5: not UTF-8; read as Windows-1252"),
        "names the file and the first line that needed it: {err}"
    );
}

fn mapped(d: &Path) {
    incimap()
        .current_dir(d)
        .args(["map", "-o", ".", "--quiet"])
        .assert()
        .success();
}

/// The incidents GeoJSON with one property of the first feature replaced.
fn edited_geojson(d: &Path, name: &str, key: &str, value: serde_json::Value) -> PathBuf {
    let mut gj: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("incidents.geojson")).expect("gj"))
            .expect("json");
    gj["features"][0]["properties"][key] = value;
    let p = d.join(name);
    std::fs::write(&p, serde_json::to_vec(&gj).expect("ser")).expect("write");
    p
}

#[test]
fn own_layers_are_validated_when_read_back() {
    let d = tempfile::tempdir().expect("tmp");
    mapped(d.path());
    let cases = [
        (
            "killed.geojson",
            "killed",
            serde_json::json!("three"),
            "feature 1: killed \"three\" is not a number",
        ),
        (
            "date.geojson",
            "date",
            serde_json::json!(20200521),
            "feature 1: date 20200521 is not a string",
        ),
        (
            "date2.geojson",
            "date",
            serde_json::json!("21/05/2020"),
            "feature 1: date '21/05/2020' is not a YYYY-MM-DD date",
        ),
        (
            "prec.geojson",
            "acled_geo_precision",
            serde_json::json!(7),
            "feature 1: acled_geo_precision 7 is outside 1..3",
        ),
        (
            "kind.geojson",
            "kind",
            serde_json::json!("bombing"),
            "feature 1: kind 'bombing' is not one of",
        ),
    ];
    for (name, key, value, message) in cases {
        let p = edited_geojson(d.path(), name, key, value);
        let out = incimap()
            .current_dir(d.path())
            .args(["query", p.to_str().expect("p"), "--format", "count"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            out.stdout.is_empty(),
            "no count from a failed input: {name}"
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name) && err.contains(message), "{name}: {err}");
    }
    // A CSV date that does not parse is reported with its line, not filtered away.
    let csv = std::fs::read_to_string(d.path().join("incidents.csv")).expect("csv");
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    let date_at = lines[0]
        .split(',')
        .position(|h| h == "date")
        .expect("date column");
    let mut f: Vec<String> = lines[3].split(',').map(str::to_owned).collect();
    f[date_at] = "May 21st".into();
    lines[3] = f.join(",");
    std::fs::write(d.path().join("bad-date.csv"), lines.join("\n") + "\n").expect("write");
    incimap()
        .current_dir(d.path())
        .args([
            "query",
            "bad-date.csv",
            "--from",
            "2020-05-01",
            "--format",
            "count",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "bad-date.csv:4: date 'May 21st' is not a YYYY-MM-DD date",
        ));
}

#[test]
fn swapped_lat_lon_is_warned_about() {
    let d = tempfile::tempdir().expect("tmp");
    mapped(d.path());
    let mut gj: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("incidents.geojson")).expect("gj"))
            .expect("json");
    let f = gj["features"]
        .as_array_mut()
        .expect("features")
        .iter_mut()
        .position(|f| !f["geometry"].is_null() && !f["properties"]["anchor_lon"].is_null())
        .expect("a located feature");
    let c = gj["features"][f]["geometry"]["coordinates"].clone();
    gj["features"][f]["geometry"]["coordinates"] = serde_json::json!([c[1], c[0]]);
    std::fs::write(
        d.path().join("swapped.geojson"),
        serde_json::to_vec(&gj).expect("ser"),
    )
    .expect("write");
    incimap()
        .current_dir(d.path())
        .args(["query", "swapped.geojson", "--format", "count"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains(format!("swapped.geojson: feature {}:", f + 1))
                .and(predicate::str::contains("lon and lat look swapped")),
        );
}

#[test]
fn a_broken_input_writes_no_output_file() {
    let d = tempfile::tempdir().expect("tmp");
    std::fs::write(
        d.path().join("broken.geojson"),
        "{\"type\": \"FeatureCollection\", \"feat",
    )
    .expect("w");
    incimap()
        .current_dir(d.path())
        .args([
            "cluster",
            "broken.geojson",
            "-o",
            "c.geojson",
            "--hotspots",
            "h.geojson",
            "--no-labels",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "broken.geojson: not valid GeoJSON",
        ));
    incimap()
        .current_dir(d.path())
        .args(["render", "broken.geojson", "-o", "m.png"])
        .assert()
        .code(1);
    let names: Vec<PathBuf> = snapshot(d.path()).into_keys().collect();
    assert_eq!(names, [PathBuf::from("broken.geojson")]);
}

#[test]
fn flag_errors_name_the_flag_and_exit_2() {
    let cases: [&[&str]; 8] = [
        &["map", "--size", "16OOx1200", "-o", "o"],
        &["map", "--country", "XX", "-o", "o"],
        &["query", "x.geojson", "--country", "QQ"],
        &["cluster", "x.geojson", "--country", "ZZ"],
        &[
            "render",
            "x.geojson",
            "-o",
            "m.png",
            "--layers",
            "points,dots",
        ],
        &["query", "x.geojson", "--at", "95,10", "--radius-km", "5"],
        &[
            "query",
            "x.geojson",
            "--near",
            "Qwzzxvbl",
            "--radius-km",
            "5",
        ],
        &["cluster", "x.geojson", "--radius-km", "-3"],
    ];
    let d = tempfile::tempdir().expect("tmp");
    for args in cases {
        let out = incimap()
            .current_dir(d.path())
            .args(args)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let flag = args.iter().find(|a| a.starts_with("--")).expect("a flag");
        assert!(err.contains(flag), "{args:?}: {err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error")).count(),
            1,
            "{err}"
        );
    }
    assert!(snapshot(d.path()).is_empty());
}
