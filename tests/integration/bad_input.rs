//! The bad-input matrix: each case is a file or flag a user can get wrong.
//! Every case asserts the exit code, a message naming what is wrong, no
//! panic or debug dump, and that nothing was written or half-written.

use std::io::Write;

use crate::common::{fixture, incimap};
use crate::robustness::{leftovers, snapshot};

struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: Vec<&'static str>,
    code: i32,
    /// Substrings stderr must hold.
    needles: Vec<&'static str>,
}

fn case(
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: &[&'static str],
    code: i32,
    needles: &[&'static str],
) -> Case {
    Case {
        name,
        files,
        args: args.to_vec(),
        code,
        needles: needles.to_vec(),
    }
}

const REPORT: &str = "Iraq\n\n• On May 21, 2020, an IED exploded near a patrol about 10 km north of Kirkuk, killing two soldiers.\n";

/// One incident as incimap writes it, with `props` spliced into its properties.
fn feature_collection(geometry: &str, props: &str) -> Vec<u8> {
    format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{geometry},"properties":{{"id":"mine-1","date":"2020-05-21","kind":"ied","country":"IQ","killed":2,"anchor_lon":44.39,"anchor_lat":35.47,"distance_km":10,"uncertainty_km":5{props}}}}}]}}"#
    )
    .into_bytes()
}

const POINT: &str = r#"{"type":"Point","coordinates":[44.39,35.56]}"#;
const CSV_HEAD: &str = "id,date,kind,country,killed,wounded,uncertainty_km,lon,lat\n";

fn csv(rows: &str) -> Vec<u8> {
    format!("{CSV_HEAD}{rows}").into_bytes()
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut v = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

fn cases() -> Vec<Case> {
    let r = || ("r.txt", REPORT.as_bytes().to_vec());
    let good_gj = || ("in.geojson", feature_collection(POINT, ""));
    let mut huge_line = Vec::with_capacity(50 * 1024 * 1024 + 100);
    while huge_line.len() < 50 * 1024 * 1024 {
        huge_line.extend_from_slice(b"On May 21, 2020, an IED exploded north of Kirkuk. ");
    }
    vec![
        // Reports.
        case(
            "missing report",
            vec![],
            &["map", "gone.txt", "-o", "out"],
            1,
            &["gone.txt: no such file", "no input could be read"],
        ),
        case(
            "empty report",
            vec![("e.txt", b" \n\n".to_vec())],
            &["map", "e.txt", "-o", "out"],
            1,
            &["e.txt: empty file"],
        ),
        case(
            "binary report",
            vec![("p.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec())],
            &["map", "p.txt", "-o", "out"],
            1,
            &["p.txt: looks like a binary file"],
        ),
        case(
            "UTF-16 with a BOM",
            vec![("u.txt", utf16le(REPORT, true))],
            &["extract", "u.txt"],
            0,
            &[],
        ),
        case(
            "UTF-16 without a BOM",
            vec![("u.txt", utf16le(REPORT, false))],
            &["extract", "u.txt"],
            0,
            &["u.txt: no byte-order mark, but the text is UTF-16LE"],
        ),
        case(
            "Windows-1252",
            vec![(
                "w.txt",
                encoding_rs::WINDOWS_1252
                    .encode(&REPORT.replace("patrol", "caf\u{e9} patrol"))
                    .0
                    .into_owned(),
            )],
            &["extract", "w.txt"],
            0,
            &["w.txt:3: not UTF-8; read as Windows-1252"],
        ),
        case(
            "neither UTF-8 nor Windows-1252",
            vec![(
                "n.txt",
                b"Iraq\n\nOn May 21 an IED \x81\x8d exploded.\n".to_vec(),
            )],
            &["extract", "n.txt"],
            1,
            &["n.txt:3: not UTF-8 text, nor Windows-1252"],
        ),
        case(
            "50 MB line",
            vec![("huge.txt", huge_line)],
            &["map", "huge.txt", "-o", "out"],
            1,
            &["huge.txt:1: line is", "not report prose"],
        ),
        case(
            "folder without reports",
            vec![("d/data.bin", vec![0, 1, 2])],
            &["map", "d", "-o", "out"],
            1,
            &["holds no .txt, .html or .htm report"],
        ),
        case(
            "report is a folder",
            vec![("dir.txt/x.bin", vec![1])],
            &["extract", "dir.txt"],
            1,
            &["dir.txt: directory holds no"],
        ),
        // incimap's own GeoJSON read back.
        case(
            "truncated GeoJSON",
            vec![(
                "t.geojson",
                b"{\"type\":\"FeatureCollection\",\"features\":[{\"ty".to_vec(),
            )],
            &["query", "t.geojson"],
            1,
            &["t.geojson: not valid GeoJSON"],
        ),
        case(
            "GeoJSON that is not a collection",
            vec![("f.geojson", POINT.as_bytes().to_vec())],
            &["query", "f.geojson"],
            1,
            &["f.geojson: GeoJSON is not a FeatureCollection"],
        ),
        case(
            "GeoJSON line geometry",
            vec![(
                "l.geojson",
                feature_collection(r#"{"type":"LineString","coordinates":[[1,2],[3,4]]}"#, ""),
            )],
            &["cluster", "l.geojson", "--no-labels"],
            1,
            &["l.geojson: feature 1: geometry LineString is not a Point"],
        ),
        case(
            "GeoJSON point out of range",
            vec![(
                "o.geojson",
                feature_collection(r#"{"type":"Point","coordinates":[244.4,35.5]}"#, ""),
            )],
            &["query", "o.geojson"],
            1,
            &["o.geojson: feature 1: coordinates out of range"],
        ),
        case(
            "GeoJSON killed as words",
            vec![(
                "k.geojson",
                feature_collection(POINT, r#","wounded":"three""#),
            )],
            &["query", "k.geojson"],
            1,
            &["k.geojson: feature 1: wounded \"three\" is not a number"],
        ),
        case(
            "GeoJSON date as a number",
            vec![(
                "d.geojson",
                feature_collection(POINT, "").pipe_replace("\"2020-05-21\"", "20200521"),
            )],
            &["render", "d.geojson", "-o", "m.png"],
            1,
            &["d.geojson: feature 1: date 20200521 is not a string"],
        ),
        case(
            "GeoJSON country unknown",
            vec![(
                "c.geojson",
                feature_collection(POINT, "").pipe_replace("\"IQ\"", "\"QX\""),
            )],
            &["query", "c.geojson"],
            1,
            &["c.geojson: feature 1: country 'QX' is not an ISO 3166-1 alpha-2 code"],
        ),
        case(
            "empty GeoJSON file",
            vec![("z.geojson", Vec::new())],
            &["query", "z.geojson"],
            1,
            &["z.geojson: empty file"],
        ),
        // incimap's own CSV read back.
        case(
            "CSV without lon/lat",
            vec![("a.csv", b"id,date\nx,2020-05-21\n".to_vec())],
            &["query", "a.csv"],
            1,
            &["a.csv: CSV needs lon and lat columns"],
        ),
        case(
            "CSV row with an extra field",
            vec![(
                "b.csv",
                csv(
                    "a,2020-05-21,ied,IQ,1,0,5,44.4,35.5\nb,2020-05-21,ied,IQ,1,0,5,44.4,35.5,surplus\n",
                ),
            )],
            &["query", "b.csv"],
            1,
            &["b.csv:3:", "fields"],
        ),
        case(
            "CSV row with a field missing",
            vec![("m.csv", csv("a,2020-05-21,ied,IQ,1,0,5,44.4\n"))],
            &["query", "m.csv"],
            1,
            &["m.csv:2:"],
        ),
        case(
            "CSV bad date",
            vec![("dt.csv", csv("a,21/05/2020,ied,IQ,1,0,5,44.4,35.5\n"))],
            &["query", "dt.csv", "--from", "2020-05-01"],
            1,
            &["dt.csv:2: date '21/05/2020' is not a YYYY-MM-DD date"],
        ),
        case(
            "CSV negative killed",
            vec![("n.csv", csv("a,2020-05-21,ied,IQ,-2,0,5,44.4,35.5\n"))],
            &["cluster", "n.csv", "--no-labels"],
            1,
            &["n.csv:2: killed -2 is outside"],
        ),
        case(
            "CSV lon not a number",
            vec![("x.csv", csv("a,2020-05-21,ied,IQ,1,0,5,east,35.5\n"))],
            &["query", "x.csv"],
            1,
            &["x.csv:2: lon/lat are not numbers"],
        ),
        case(
            "coded CSV without a text column",
            vec![(
                "acled.csv",
                b"event_id_cnty,latitude,longitude\nA1,10,10\n".to_vec(),
            )],
            &["eval", "acled.csv"],
            1,
            &["acled.csv: missing required column(s): a text column"],
        ),
        // Flags.
        case(
            "size with letters",
            vec![r()],
            &["map", "r.txt", "--size", "16OOx1200", "-o", "out"],
            2,
            &["--size '16OOx1200'"],
        ),
        case(
            "size too small",
            vec![good_gj()],
            &["render", "in.geojson", "-o", "m.png", "--size", "100x100"],
            2,
            &["--size '100x100'"],
        ),
        case(
            "zero radius",
            vec![good_gj()],
            &["cluster", "in.geojson", "--radius-km", "0"],
            2,
            &["--radius-km 0"],
        ),
        case(
            "absurd radius",
            vec![good_gj()],
            &[
                "query",
                "in.geojson",
                "--at",
                "35.5,44.4",
                "--radius-km",
                "1e9",
            ],
            2,
            &["--radius-km 1000000000"],
        ),
        case(
            "bbox of three numbers",
            vec![good_gj()],
            &["query", "in.geojson", "--bbox", "1,2,3"],
            2,
            &["--bbox '1,2,3'"],
        ),
        case(
            "latitude out of range",
            vec![good_gj()],
            &["query", "in.geojson", "--at", "95,10", "--nearest", "1"],
            2,
            &["--at '95,10'"],
        ),
        case(
            "unknown country code",
            vec![r()],
            &["map", "r.txt", "--country", "XX", "-o", "out"],
            2,
            &["--country 'XX'"],
        ),
        case(
            "zero min-points",
            vec![good_gj()],
            &["cluster", "in.geojson", "--min-points", "0"],
            2,
            &["--min-points"],
        ),
        case(
            "unknown centre place",
            vec![good_gj()],
            &[
                "query",
                "in.geojson",
                "--near",
                "Qwzzxvbl",
                "--radius-km",
                "5",
            ],
            2,
            &["--near 'Qwzzxvbl': not in the gazetteer"],
        ),
        case(
            "unknown layer",
            vec![good_gj()],
            &[
                "render",
                "in.geojson",
                "-o",
                "m.png",
                "--layers",
                "points,dots",
            ],
            2,
            &["--layers"],
        ),
        // Other files a run reads, and where it writes.
        case(
            "missing gazetteer file",
            vec![r()],
            &["map", "r.txt", "--gazetteer", "places.tsv", "-o", "out"],
            1,
            &["places.tsv: no such file"],
        ),
        case(
            "binary gazetteer file",
            vec![r(), ("g.tsv", vec![0xff, 0xfe, 0x00, 0x81, 0x00, 0x9d])],
            &["map", "r.txt", "--gazetteer", "g.tsv", "-o", "out"],
            1,
            &["g.tsv:1: not valid UTF-8"],
        ),
        case(
            "malformed config",
            vec![r(), ("team.toml", b"radius_km = [oops\n".to_vec())],
            &["map", "r.txt", "--config", "team.toml", "-o", "out"],
            1,
            &["team.toml"],
        ),
        case(
            "output folder is a file",
            vec![r(), ("out", b"mine".to_vec())],
            &["map", "r.txt", "-o", "out"],
            1,
            &["out: is a file, not a folder"],
        ),
        case(
            "map written under a file",
            vec![good_gj(), ("notdir", b"mine".to_vec())],
            &["render", "in.geojson", "-o", "notdir/m.png"],
            1,
            &["cannot write here: notdir is a file, not a folder"],
        ),
        case(
            "polygon file not GeoJSON",
            vec![good_gj(), ("area.geojson", b"POLYGON((1 2, 3 4))".to_vec())],
            &["query", "in.geojson", "--within", "area.geojson"],
            1,
            &["--within area.geojson: not valid GeoJSON"],
        ),
    ]
}

trait PipeReplace {
    fn pipe_replace(self, from: &str, to: &str) -> Vec<u8>;
}

impl PipeReplace for Vec<u8> {
    fn pipe_replace(self, from: &str, to: &str) -> Vec<u8> {
        String::from_utf8(self)
            .expect("utf8")
            .replacen(from, to, 1)
            .into_bytes()
    }
}

#[test]
fn bad_input_matrix() {
    let all = cases();
    assert!(all.len() >= 25);
    let mut failures = Vec::new();
    for c in &all {
        let d = tempfile::tempdir().expect("tmp");
        for (name, bytes) in &c.files {
            let p = d.path().join(name);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::File::create(&p)
                .and_then(|mut f| f.write_all(bytes))
                .expect("write");
        }
        let before = snapshot(d.path());
        let out = incimap()
            .current_dir(d.path())
            .args(&c.args)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        let mut wrong = Vec::new();
        if out.status.code() != Some(c.code) {
            wrong.push(format!("exit {:?}, expected {}", out.status.code(), c.code));
        }
        for n in &c.needles {
            if !err.contains(n) {
                wrong.push(format!("no '{n}' in stderr"));
            }
        }
        for bad in ["panicked", "Os {", "Custom {", "RUST_BACKTRACE"] {
            if err.contains(bad) {
                wrong.push(format!("stderr shows '{bad}'"));
            }
        }
        if c.code != 0 && !err.lines().any(|l| l.starts_with("error")) {
            wrong.push("no error line".into());
        }
        if c.code != 0 && !out.stdout.is_empty() {
            wrong.push("printed results although it failed".into());
        }
        // Nothing written (stdout aside), nothing half-written.
        if snapshot(d.path()) != before {
            let added: Vec<_> = snapshot(d.path())
                .into_keys()
                .filter(|k| !before.contains_key(k))
                .collect();
            wrong.push(format!("files changed: {added:?}"));
        }
        if !leftovers(d.path()).is_empty() {
            wrong.push(format!("left {:?}", leftovers(d.path())));
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}\n  stderr: {err}", c.name, wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The fixture the good cases stand beside still maps.
    assert!(fixture("spotlight-2020-05-21.txt").exists());
}
