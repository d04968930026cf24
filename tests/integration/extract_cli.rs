//! `incimap extract` on bad and odd input: clear messages, no panics, and the
//! same incidents from a report saved as HTML as from its text.

use std::io::Write;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{extract_records, fixture, incimap};

fn without_position(mut v: Vec<Value>) -> Vec<Value> {
    for r in &mut v {
        let o = r.as_object_mut().expect("object");
        for k in ["id", "source_line", "source_file"] {
            o.remove(k);
        }
    }
    v
}

#[test]
fn html_page_gives_the_same_incidents_as_its_text() {
    let txt = extract_records(&[fixture("spotlight-2020-05-21.txt").to_str().expect("p")]);
    let html = extract_records(&[fixture("spotlight-2020-05-21.html").to_str().expect("p")]);
    assert!(txt.len() >= 58);
    assert_eq!(without_position(txt), without_position(html));
}

#[test]
fn stdin_and_directories_are_read() {
    let text = std::fs::read_to_string(fixture("spotlight-2020-05-21.txt")).expect("fixture");
    let out = incimap()
        .args(["extract", "-"])
        .write_stdin(text)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let n = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(n >= 58, "{n} records from stdin");
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        fixture("spotlight-2020-05-21.txt"),
        dir.path().join("a.txt"),
    )
    .expect("copy");
    std::fs::copy(
        fixture("spotlight-2020-05-21.html"),
        dir.path().join("b.html"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("notes.md"), "ignored").expect("write");
    let recs = extract_records(&[dir.path().to_str().expect("p")]);
    assert_eq!(recs.len(), 2 * n);
}

#[test]
fn csv_has_header_and_rows() {
    let out = incimap()
        .args([
            "extract",
            "--format",
            "csv",
            fixture("spotlight-2020-05-21.txt").to_str().expect("p"),
        ])
        .output()
        .expect("runs");
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = r.headers().expect("header").clone();
    for col in [
        "id",
        "date",
        "kind",
        "killed",
        "wounded",
        "location_text",
        "location_kind",
        "anchor",
        "distance_km",
        "bearing_deg",
        "source_line",
        "sources",
    ] {
        assert!(headers.iter().any(|h| h == col), "missing column {col}");
    }
    assert!(r.records().count() >= 58);
}

#[test]
fn missing_path_names_the_file() {
    incimap()
        .args(["extract", "no/such/report.txt"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("no/such/report.txt")
                .and(predicate::str::contains("no such file")),
        );
}

#[test]
fn directory_without_reports() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("data.bin"), [0u8, 1, 2]).expect("write");
    incimap()
        .arg("extract")
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "holds no .txt, .html or .htm report",
        ));
}

/// Each bad file gets a message naming it; the good file in the same run is
/// still extracted; the exit code says something failed.
#[test]
fn bad_files_are_reported_and_the_rest_extracted() {
    let dir = tempfile::tempdir().expect("tmp");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n\n").expect("write");
    let binary = dir.path().join("photo.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    // Neither UTF-8 nor Windows-1252 (0x81 is undefined there).
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"On May 21, 2020, an IED exploded in Qu\x81bec.").expect("write");
    let cases = [
        (&empty, "empty file"),
        (&binary, "binary"),
        (&latin1, "not UTF-8 text, nor Windows-1252"),
    ];
    for (path, msg) in cases {
        let out = incimap()
            .arg("extract")
            .arg(path)
            .arg(fixture("spotlight-2020-05-21.txt"))
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains(path.to_str().expect("p")) && err.contains(msg),
            "{msg}: {err}"
        );
        assert!(!err.contains("panicked"));
        assert!(String::from_utf8_lossy(&out.stdout).lines().count() >= 58);
    }
}

#[test]
fn fifty_megabyte_single_line_is_refused_cleanly() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("huge.txt");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let sentence = b"On May 21, 2020, an IED was activated about 10 km north of Al-Mayadeen. ";
    let mut written = 0;
    while written < 50 * 1024 * 1024 {
        f.write_all(sentence).expect("write");
        written += sentence.len();
    }
    f.flush().expect("flush");
    drop(f);
    incimap().arg("extract").arg(&path).assert().code(1).stderr(
        predicate::str::contains("huge.txt:1:").and(predicate::str::contains("not report prose")),
    );
}

#[test]
fn report_without_incidents_warns_and_succeeds() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("quiet.txt");
    std::fs::write(
        &path,
        "Weekly digest\n\nNothing of note happened this week. The weather was fine.\n",
    )
    .expect("write");
    incimap()
        .arg("extract")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("quiet.txt: no incidents found"));
}

#[test]
fn bad_country_is_a_usage_error() {
    incimap()
        .args([
            "extract",
            "--country",
            "Syria",
            fixture("spotlight-2020-05-21.txt").to_str().expect("p"),
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("ISO 3166-1 alpha-2"));
}

#[test]
fn ids_stay_unique_when_files_share_a_stem() {
    let d = tempfile::tempdir().expect("tmp");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(d.path().join(sub)).expect("dir");
        std::fs::copy(
            fixture("spotlight-2020-05-21.txt"),
            d.path().join(sub).join("week.txt"),
        )
        .expect("copy");
    }
    let recs = extract_records(&[d.path().to_str().expect("p")]);
    let mut ids: Vec<String> = recs
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn the_event_sentence_place_beats_the_aftermath() {
    let text = "Notes (May 21-26, 2020)\n\nIraq\n  • On May 21, 2020, an IED exploded on the Baiji-Kirkuk highway. The wounded were taken to a hospital in Kirkuk (Telegram, May 22, 2020).\n";
    let out = incimap()
        .args(["extract", "--resolve", "-"])
        .write_stdin(text)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["location_kind"], "road");
    assert_eq!(v["method"], "road");
}

#[test]
fn year_end_digest_dates() {
    let text = "Weekly digest (December 28 – January 3, 2021)\n\nIraq\n  • On December 30, gunmen attacked a checkpoint in Kirkuk (Telegram, December 31, 2020).\n  • On January 2, an IED exploded in Mosul (Telegram, January 2, 2021).\n";
    let out = incimap()
        .args(["extract", "-"])
        .write_stdin(text)
        .output()
        .expect("runs");
    let dates: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["date"]
                .as_str()
                .expect("date")
                .to_owned()
        })
        .collect();
    assert_eq!(dates, vec!["2020-12-30", "2021-01-02"]);
    let text = "Notes (May 21-26, 2020)\n\nIraq\n  • On the night of May 22, ISIS operatives attacked a checkpoint in Kirkuk (Telegram, May 23, 2020).\n";
    let out = incimap()
        .args(["extract", "-"])
        .write_stdin(text)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["date"], "2020-05-22");
}

/// Wire-news styles (our own sentences): datelines, weekdays, possessives,
/// comma glosses, parenthesised admin context, no headings or bullets.
#[test]
fn wire_news_paragraphs() {
    let recs = extract_records(&[
        "--resolve",
        fixture("wire-samples.txt").to_str().expect("path"),
    ]);
    assert_eq!(recs.len(), 5);
    let get = |i: usize, k: &str| recs[i][k].clone();
    // "BAGHDAD, May 21, 2020 (Reuters) - ... on Tuesday near the town of Tarmiyah, 50 km (30 miles) north of Baghdad"
    assert_eq!(get(0, "date"), "2020-05-19");
    assert_eq!(get(0, "killed"), 3);
    assert_eq!(get(0, "kind"), "ied");
    assert!(
        get(0, "anchor").as_str().expect("anchor").contains("rm"),
        "{}",
        get(0, "anchor")
    );
    assert_eq!(get(1, "country"), "ML");
    assert_eq!(
        (get(1, "killed"), get(1, "wounded")),
        (serde_json::json!(2), serde_json::json!(5))
    );
    assert!(
        get(1, "location_text")
            .as_str()
            .expect("loc")
            .contains("Mopti")
    );
    assert_eq!(get(2, "killed"), 12);
    // The village itself is in the shipped gazetteer (WOF/OSM layers).
    assert_eq!(
        (get(2, "method"), get(2, "anchor")),
        (serde_json::json!("place"), serde_json::json!("Kautikari"))
    );
    assert_eq!(get(3, "country"), "SY");
    assert_eq!(
        (get(3, "kind"), get(3, "killed")),
        (serde_json::json!("clash"), serde_json::json!(2))
    );
    assert_eq!(get(4, "country"), "AF");
}

/// Another digest style (our own text): numbered and dashed lists, numeric
/// dates, uppercase country headings, villages of the shipped gazetteer.
#[test]
fn other_digest_styles() {
    let recs = extract_records(&[
        "--resolve",
        fixture("digest-samples.txt").to_str().expect("path"),
    ]);
    let by_line = |l: u64| {
        recs.iter()
            .find(|r| r["source_line"] == l)
            .unwrap_or_else(|| panic!("line {l} missing"))
    };
    assert_eq!(recs.len(), 5);
    let r = by_line(4);
    assert_eq!(
        (
            r["kind"].as_str(),
            r["killed"].as_u64(),
            r["wounded"].as_u64(),
            r["country"].as_str()
        ),
        (Some("ied"), Some(4), Some(7), Some("SO"))
    );
    let r = by_line(8);
    assert_eq!(
        (
            r["date"].as_str(),
            r["kind"].as_str(),
            r["killed"].as_u64(),
            r["wounded"].as_u64()
        ),
        (Some("2020-06-05"), Some("ambush"), Some(3), Some(2))
    );
    assert_eq!(
        (r["method"].as_str(), r["anchor"].as_str()),
        (Some("between"), Some("Boni | Hombori"))
    );
    let r = by_line(9);
    assert_eq!(
        (r["method"].as_str(), r["anchor"].as_str()),
        (Some("offset"), Some("Diafarabe"))
    );
    assert_eq!(by_line(12)["country"], "AF");
}

#[test]
fn a_separate_attack_in_the_same_paragraph_is_its_own_incident() {
    let text = "KIRKUK, Iraq, May 21, 2020 (Reuters) - On May 20, 2020, a roadside bomb killed two soldiers near Hawija. In a separate attack, gunmen wounded three policemen in Tuz Khurmatu, police said.\n";
    let out = incimap()
        .args(["extract", "--resolve", "--country", "IQ", "-"])
        .write_stdin(text)
        .output()
        .expect("runs");
    let recs: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert_eq!(
        (recs[0]["kind"].as_str(), recs[0]["killed"].as_u64()),
        (Some("ied"), Some(2))
    );
    assert_eq!(
        (recs[1]["date"].as_str(), recs[1]["wounded"].as_u64()),
        (Some("2020-05-20"), Some(3))
    );
    assert_ne!(recs[0]["id"], recs[1]["id"]);
}

/// More wire styles (our own sentences): possessive places, adjectives before
/// names, countries named in the text overriding homonyms abroad.
#[test]
fn wire_news_possessives_and_countries() {
    let recs = extract_records(&[
        "--resolve",
        fixture("wire-samples-2.txt").to_str().expect("path"),
    ]);
    let by_line = |l: u64| {
        recs.iter()
            .find(|r| r["source_line"] == l)
            .unwrap_or_else(|| panic!("line {l} missing"))
    };
    assert_eq!(recs.len(), 5);
    assert_eq!(
        (
            by_line(1)["killed"].as_u64(),
            by_line(1)["location_kind"].as_str()
        ),
        (Some(2), Some("road"))
    );
    let r = by_line(3);
    assert_eq!(
        (
            r["kind"].as_str(),
            r["killed"].as_u64(),
            r["wounded"].as_u64()
        ),
        (Some("suicide_attack"), Some(11), Some(40))
    );
    // Dasht-e-Barchi is not in the gazetteer; a look-alike 250 km away is refused for Kabul itself.
    assert_eq!(
        (r["anchor"].as_str(), r["method"].as_str()),
        (Some("Kabul"), Some("fallback:near"))
    );
    assert!(
        by_line(5)["anchor"]
            .as_str()
            .expect("anchor")
            .contains("Waz")
    );
    // Solhan exists in Turkey too: the text says Burkina Faso.
    assert_eq!(by_line(7)["country"], "BF");
    assert_eq!(by_line(9)["country"], "YE");
}
