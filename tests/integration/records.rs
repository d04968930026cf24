//! Record inputs and `incimap eval`: coded-event CSVs (ACLED and UCDP column
//! names), one-line record files, `--use-coded`, and the eval report. All
//! fixtures are our own sentences.

use serde_json::Value;

use crate::common::{extract_records, fixture, incimap};

/// `incimap extract ARGS -` on `text`: the records.
fn extract_text(args: &[&str], text: &str) -> Vec<Value> {
    let out = incimap()
        .arg("extract")
        .args(args)
        .arg("-")
        .write_stdin(text.to_owned())
        .output()
        .expect("runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect()
}

fn path(name: &str) -> String {
    fixture(name).to_str().expect("path").to_owned()
}

#[test]
fn acled_rows_are_one_incident_each_with_the_row_context() {
    let recs = extract_records(&["--resolve", &path("acled-style.csv")]);
    // Every row gives an incident, also the one with bad coordinates (kept
    // without a coder's point) and the one whose text names no event.
    assert_eq!(recs.len(), 6);
    let by_id = |id: &str| recs.iter().find(|r| r["id"] == id).expect(id);
    // "in the evening of 11/03": the year comes from the row's date.
    assert_eq!(by_id("TST1")["date"], "2021-03-11");
    assert_eq!(by_id("TST1")["kind"], "clash");
    assert_eq!(by_id("TST1")["wounded"], 2);
    // No date in the text: the row's date.
    assert_eq!(by_id("TST2")["date"], "2021-03-14");
    assert_eq!(by_id("TST2")["kind"], "ied");
    assert_eq!(by_id("TST3")["kind"], "looting");
    assert_eq!(by_id("TST4")["kind"], "surrender");
    // Country names as datasets spell them.
    assert_eq!(by_id("TST4")["country"], "CD");
    assert_eq!(by_id("TST5")["country"], "MM");
    assert_eq!(by_id("TST6")["kind"], "other");
    // The coder's point is kept beside the geoparsed one.
    assert_eq!(by_id("TST1")["coded_lat"], 35.4681);
    assert_eq!(by_id("TST1")["coded_precision"], 1);
    assert_eq!(by_id("TST5")["coded_lat"], Value::Null);
}

#[test]
fn ucdp_rows_read_description_and_headline() {
    let recs = extract_records(&[&path("ucdp-style.csv")]);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["id"], "9001");
    assert_eq!(recs[0]["killed"], 4);
    assert_eq!(recs[0]["country"], "NG");
    assert!(
        recs[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Maiduguri town. Gunmen")
    );
    assert_eq!(recs[1]["date"], "2016-02-05");
}

#[test]
fn use_coded_maps_the_datasets_own_points() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = incimap()
        .args(["map", "--quiet", "--use-coded", "-o"])
        .arg(dir.path())
        .arg(fixture("acled-style.csv"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut r = csv::Reader::from_path(dir.path().join("incidents.csv")).expect("csv");
    let h = r.headers().expect("header").clone();
    let col = |n: &str| h.iter().position(|x| x == n).expect(n);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    let tst2 = rows.iter().find(|x| &x[col("id")] == "TST2").expect("TST2");
    assert_eq!(&tst2[col("method")], "coded");
    assert_eq!(&tst2[col("lon")], "43.1189");
    assert_eq!(&tst2[col("uncertainty_km")], "25.0");
    // A row without a coder's point is geoparsed as usual.
    let tst5 = rows.iter().find(|x| &x[col("id")] == "TST5").expect("TST5");
    assert_ne!(&tst5[col("method")], "coded");
}

#[test]
fn one_line_records_are_incidents_dated_or_not() {
    let recs = extract_records(&[
        "--year",
        "2021",
        "--country",
        "IQ",
        &path("records-list.txt"),
    ]);
    let kinds: Vec<&str> = recs.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        vec![
            "armed_attack",
            "disrupted_weapons",
            "abduction_execution",
            "protest"
        ]
    );
    assert_eq!(recs[0]["date"], Value::Null);
    // "13/09 -" opening a line and "on 14/09" at the end, year from --year.
    assert_eq!(recs[2]["date"], "2021-09-13");
    assert_eq!(recs[3]["date"], "2021-09-14");
}

#[test]
fn a_dateline_story_with_a_background_paragraph_is_one_incident() {
    let text = "KIRKUK, March 12 (Wire) - A roadside bomb killed two soldiers on Thursday about 20 km south of Kirkuk, officials said.\n\nLast year, a similar attack in the same area killed five people.\n";
    let recs = extract_text(&["--year", "2021"], text);
    assert_eq!(recs.len(), 1, "{recs:?}");
    // The dateline has no year: --year gives it; "on Thursday" is the day before.
    assert_eq!(recs[0]["date"], "2021-03-11");
    assert_eq!(recs[0]["killed"], 2);
    assert_eq!(recs[0]["distance_km"], 20.0);
}

#[test]
fn a_french_sentence_is_an_incident() {
    let text = "Des hommes armés ont attaqué un poste de police près de Gao le 14 mars 2021, tuant trois gendarmes.\n";
    let v = &extract_text(&["--country", "ML"], text)[0];
    assert_eq!(v["date"], "2021-03-14");
    assert_eq!(v["kind"], "armed_attack");
}

#[test]
fn eval_scores_coded_rows_and_passages() {
    let out = incimap()
        .args(["eval", "--format", "json"])
        .arg(fixture("acled-style.csv"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The row with bad coordinates is named by line and skipped.
    assert!(String::from_utf8_lossy(&out.stderr).contains("acled-style.csv:6"));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["n"], 5);
    assert_eq!(v["skipped"], 1);
    assert_eq!(v["found"], 1.0);
    for k in [
        "located",
        "acc5",
        "acc25",
        "acc161",
        "median_km",
        "acc25_point_or_anchor",
        "acc161_point_or_anchor",
    ] {
        assert!(v.get(k).is_some(), "{k}");
    }
    // Kirkuk, Mosul, Idlib, Beni are placed on the coder's towns.
    assert!(v["acc25"].as_f64().unwrap() >= 0.8, "{v}");
    assert!(v["by_precision"]["1"]["n"] == 4);

    let dir = tempfile::tempdir().expect("tmp");
    let rows = dir.path().join("rows.csv");
    let out = incimap()
        .args(["eval", "--format", "json", "--rows"])
        .arg(&rows)
        .arg(fixture("passages.jsonl"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["n"], 3);
    // The weather passage reports no event.
    assert!((v["found"].as_f64().unwrap() - 0.6667).abs() < 1e-3, "{v}");
    assert_eq!(v["by_kind"]["offset"]["n"], 2);
    assert!(v["by_lang"]["fr"]["found"] == 1.0);
    let text = std::fs::read_to_string(&rows).expect("rows");
    assert!(text.starts_with("file,id,found,lon,lat,error_km,anchor"));
    assert_eq!(text.lines().count(), 4);
}

#[test]
fn eval_names_missing_columns_and_unreadable_files() {
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "id,notes\n1,Gunmen attacked a post\n").expect("write");
    let out = incimap().arg("eval").arg(&bad).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing required column") && err.contains("latitude"),
        "{err}"
    );
    let out = incimap().args(["eval", "nope.csv"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let broken = dir.path().join("broken.jsonl");
    std::fs::write(&broken, "{\"id\": \"a\", \"text\": \"x\"}\nnot json\n").expect("write");
    let out = incimap().arg("eval").arg(&broken).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.jsonl:2"));
}

/// Plausibility is a hard rule: made-up names, acronyms and single letters
/// in common frames never give a point outside the context country.
#[test]
fn made_up_names_never_land_abroad() {
    // Seeded random capitalised non-words, acronyms and single letters, plus
    // a few fixed ones (a linear congruential generator keeps it reproducible).
    let mut state: u64 = 20_260_101;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut words: Vec<String> = ["Narnia", "Zorbatown", "K4", "SVX", "Qwertabad", "B"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    for i in 0..60 {
        let len = 2 + next(8) as usize;
        let w: String = (0..len)
            .map(|k| {
                let c = (b'a' + next(26) as u8) as char;
                if k == 0 || i % 3 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        words.push(if i % 5 == 0 { w[..1].to_owned() } else { w });
    }
    let frames = [
        "near {}",
        "in {}",
        "on their {}",
        "near the {}",
        "at the {} junction",
        "on the outskirts of {}",
        "10 km north of {}",
    ];
    let mut phrases = String::new();
    for w in &words {
        for f in frames {
            phrases.push_str(&f.replace("{}", w));
            phrases.push('\n');
        }
    }
    for cc in ["SY", "NG", "SO"] {
        let out = incimap()
            .args(["geocode", "--country", cc, "--format", "json"])
            .write_stdin(phrases.clone())
            .output()
            .expect("runs");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let v: Value = serde_json::from_str(line).expect("json");
            if v["lon"].is_number() || v["point"].is_object() {
                let country = v["country"].as_str().unwrap_or("");
                assert_eq!(country, cc, "{line}");
            }
        }
    }
}

#[test]
fn eval_reads_user_gazetteers() {
    let dir = tempfile::tempdir().expect("tmp");
    let gaz = dir.path().join("extra.txt");
    // A made-up village in the 19-column GeoNames dump layout.
    std::fs::write(
        &gaz,
        "99000001\tTell Zawrak\tTell Zawrak\t\t36.1\t38.2\tP\tPPL\tSY\t\t09\t\t\t\t0\t\t\tAsia/Damascus\t2020-01-01\n",
    )
    .expect("write");
    let csv = dir.path().join("rows.csv");
    std::fs::write(&csv, "id,country,text,lat,lon,precision\n1,Syria,Gunmen attacked a farm in Tell Zawrak.,36.1,38.2,1\n").expect("write");
    let run = |extra: bool| -> Value {
        let mut c = incimap();
        c.args(["eval", "--format", "json"]).arg(&csv);
        if extra {
            c.arg("--gazetteer").arg(&gaz);
        }
        serde_json::from_slice(&c.output().expect("runs").stdout).expect("json")
    };
    assert_eq!(run(false)["acc5"], 0.0);
    assert_eq!(run(true)["acc5"], 1.0);
}

/// Day/month dates take their year from the report period and from a dateline.
#[test]
fn day_month_years_from_period_and_dateline() {
    let run = |text: &str| -> Value {
        extract_text(&["--country", "IQ"], text)
            .into_iter()
            .next()
            .expect("a record")
    };
    let digest = "Weekly notes (September 10-16, 2021)\n\nIraq\n\nGunmen attacked a checkpoint near Kirkuk on 13/09, wounding two policemen.\n";
    assert_eq!(run(digest)["date"], "2021-09-13");
    let wire = "BAGHDAD, September 15, 2022 (Wire) - Gunmen attacked a checkpoint near Kirkuk on 13/09, police said.\n";
    assert_eq!(run(wire)["date"], "2022-09-13");
}

/// A place the gazetteer knows in the incident's country, named without a
/// location phrase, is the incident's location; an actor is not.
#[test]
fn gazetteer_mentions_locate_incidents_without_a_phrase() {
    for text in [
        "Gunmen attacked Tarmiyah on 10/03, killing two.\n",
        "Tarmiyah town. Police say two killed in attack\n",
    ] {
        let recs = extract_text(&["--resolve", "--year", "2021", "--country", "IQ"], text);
        assert_eq!(recs.len(), 1, "{recs:?}");
        let r = &recs[0];
        assert_eq!(r["method"], "place", "{r}");
        assert!((r["lat"].as_f64().unwrap() - 33.67).abs() < 0.05, "{r}");
    }
    // A mention glossed by the phrase after it ("X in Aleppo"), or a text
    // whose only phrase names the country: the mention is the place.
    for (cc, text, lat) in [
        (
            "SY",
            "On 2 May 2021, rebels shelled Al Bab in Aleppo, killing two.\n",
            36.37,
        ),
        (
            "IQ",
            "Tarmiyah town. Two killed in bomb attack in Iraq\n",
            33.67,
        ),
        // A named place inside the region the phrase names is the more precise reading.
        (
            "NG",
            "On 3 May 2021, gunmen attacked Jalingo, the Taraba State capital, killing four.\n",
            8.89,
        ),
    ] {
        let r = &extract_text(&["--resolve", "--country", cc], text)[0];
        assert!((r["lat"].as_f64().unwrap_or(0.0) - lat).abs() < 0.1, "{r}");
    }
    let recs = extract_text(
        &["--resolve", "--country", "SY"],
        "Kurdish forces shelled positions overnight, killing three.\n",
    );
    assert_eq!(recs[0]["lon"], Value::Null, "{:?}", recs[0]);
}

/// A UCDP row's text opens with its place ("X." or "X village."): that
/// caption is where it happened, even when the headline names only the
/// country, a part of it, or an event ("the Delta Conflict" is no place);
/// the part the headline names tells homonyms apart. (One file a row: rows
/// of one file lend each other proximity.)
#[test]
fn a_records_caption_is_its_place_and_the_part_named_picks_the_homonym() {
    let dir = tempfile::tempdir().expect("tmp");
    let record = |id: &str, place: &str, headline: &str| {
        let csv = dir.path().join(format!("{id}.csv"));
        std::fs::write(
            &csv,
            format!(
                "id,year,country,where_coordinates,where_description,source_headline,latitude,longitude,where_prec,date_start\n\
                 {id},2016,Nigeria,{place},{place},{headline},0,0,1,2016-02-03\n"
            ),
        )
        .expect("write");
        let recs = extract_records(&["--resolve", csv.to_str().expect("path")]);
        assert_eq!(recs.len(), 1, "{recs:?}");
        assert_eq!(recs[0]["anchor"], "Bomu", "{}", recs[0]);
        recs[0]["lat"].as_f64().expect("a point")
    };
    let south = record(
        "C1",
        "Bomu",
        "Militants kill three in a raid in southern Nigeria",
    );
    assert!(south < 6.0, "{south}");
    let north = record(
        "C2",
        "Bomu",
        "Militants kill three in a raid in northeastern Nigeria",
    );
    assert!(north > 8.0, "{north}");
    record(
        "C3",
        "Bomu village",
        "Three killed as violence spreads in Nigeria's Delta Conflict",
    );
}
