//! Resolution: every anchor of the bundled report lands on the right place,
//! offsets agree with an independent geodesic (Vincenty's direct formula),
//! at least 95% of the report's incidents get coordinates, bad input is clear.

use incimap::geodesy;
use incimap::model::LonLat;
use predicates::prelude::*;
use proptest::prelude::*;

use crate::common::{fixture, incimap};

/// (name, context country, expected lat, lon, max error km, source of the coordinate).
const ANCHORS: &[(&str, &str, f64, f64, f64, &str)] = &[
    ("Idlib", "SY", 35.93062, 36.63393, 2.0, "GeoNames 169389"),
    (
        "Ariha",
        "SY",
        35.81374,
        36.60964,
        2.0,
        "GeoNames 172994 (not Jericho/Ariha PS)",
    ),
    (
        "Deir ez-Zor",
        "SY",
        35.33588,
        40.14084,
        2.0,
        "GeoNames 170794",
    ),
    (
        "Al-Mayadeen",
        "SY",
        35.01982,
        40.45154,
        2.0,
        "GeoNames 173480",
    ),
    (
        "Albukamal",
        "SY",
        34.45226,
        40.91854,
        2.0,
        "GeoNames 174448",
    ),
    (
        "Al-Raqqah",
        "SY",
        35.95283,
        39.00788,
        2.0,
        "GeoNames 172955",
    ),
    (
        "Al-Hasakah",
        "SY",
        36.50237,
        40.74772,
        2.0,
        "GeoNames 173811",
    ),
    (
        "Al-Sukhnah",
        "SY",
        34.88533,
        38.8711,
        2.0,
        "GeoNames 172425",
    ),
    ("Baqubah", "IQ", 33.75403, 44.60518, 2.0, "GeoNames 97990"),
    ("Khanaqin", "IQ", 34.3482, 45.39065, 2.0, "GeoNames 94591"),
    ("Baghdad", "IQ", 33.34058, 44.40088, 2.0, "GeoNames 98182"),
    ("Samarra", "IQ", 34.1959, 43.88568, 2.0, "GeoNames 91597"),
    ("Kirkuk", "IQ", 35.46806, 44.39222, 2.0, "GeoNames 94787"),
    ("Baiji", "IQ", 34.92915, 43.48878, 2.0, "GeoNames 97783"),
    ("Al-Rutba", "IQ", 33.03718, 40.28586, 2.0, "GeoNames 98677"),
    ("Fallujah", "IQ", 33.34913, 43.78599, 2.0, "GeoNames 99454"),
    ("Al-Qaim", "IQ", 34.39251, 40.98945, 2.0, "GeoNames 92138"),
    (
        "Sheikh Zuweid",
        "EG",
        31.2163,
        34.11074,
        2.0,
        "GeoNames 353471 (Ash Shaykh Zuwayd)",
    ),
    (
        "Bir al-Abd",
        "EG",
        31.01887,
        33.0098,
        2.0,
        "GeoNames 410142",
    ),
    (
        "Maiduguri",
        "NG",
        11.84692,
        13.15712,
        2.0,
        "GeoNames 2331447",
    ),
    (
        "Beni",
        "CD",
        0.49113,
        29.47306,
        2.0,
        "GeoNames 219057 (North Kivu)",
    ),
    ("Mogadishu", "SO", 2.03711, 45.34375, 2.0, "GeoNames 53654"),
    ("Kabul", "AF", 34.52813, 69.17233, 2.0, "GeoNames 1138958"),
    ("Bagram", "AF", 34.96694, 69.265, 3.0, "GeoNames 1147513"),
    (
        "Bagram Airbase",
        "AF",
        34.94611,
        69.265,
        3.0,
        "Wikipedia 'Bagram Airfield' (gazetteer/aliases.tsv)",
    ),
    (
        "Qifah",
        "YE",
        14.59806,
        45.06,
        5.0,
        "Airwars, Yakla in the Qayfa area (gazetteer/aliases.tsv)",
    ),
];

fn geocode_json(phrase: &str, country: &str) -> serde_json::Value {
    let out = incimap()
        .args(["geocode", "--format", "json", "--country", country, phrase])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{phrase}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn every_anchor_of_the_bundled_report_resolves_to_the_right_place() {
    let mut failures = Vec::new();
    // One process per country: names on stdin, JSON Lines out.
    let mut countries: Vec<&str> = ANCHORS.iter().map(|a| a.1).collect();
    countries.dedup();
    let mut results = std::collections::HashMap::new();
    for cc in countries {
        let names: Vec<&str> = ANCHORS.iter().filter(|a| a.1 == cc).map(|a| a.0).collect();
        let out = incimap()
            .args(["geocode", "--country", cc])
            .write_stdin(names.join("\n"))
            .output()
            .expect("runs");
        for (n, line) in names
            .iter()
            .zip(String::from_utf8_lossy(&out.stdout).lines())
        {
            results.insert(
                n.to_string(),
                serde_json::from_str::<serde_json::Value>(line).expect("json"),
            );
        }
    }
    for (name, _cc, lat, lon, tol, source) in ANCHORS {
        let v = &results[*name];
        let a = &v["anchor"];
        let got = LonLat::new(
            a["lon"].as_f64().unwrap_or(0.0),
            a["lat"].as_f64().unwrap_or(0.0),
        )
        .expect("valid");
        let d = geodesy::distance_km(got, LonLat::new(*lon, *lat).expect("valid"));
        if d > *tol {
            failures.push(format!(
                "{name}: {d:.1} km from {source} (got {} {})",
                a["name"], a["id"]
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn ariha_without_context_is_ambiguous_but_syrian_with_it() {
    let v = geocode_json("Ariha", "SY");
    assert_eq!(v["anchor"]["country"], "SY");
    assert!(
        !v["alternatives"]
            .as_array()
            .expect("alternatives")
            .is_empty()
    );
}

#[test]
fn offset_in_the_report_lands_north_of_al_mayadeen() {
    let v = geocode_json("about 10 km north of Al-Mayadeen", "SY");
    let p = LonLat::new(
        v["lon"].as_f64().expect("lon"),
        v["lat"].as_f64().expect("lat"),
    )
    .expect("valid");
    let anchor = LonLat::new(40.45154, 35.01982).expect("valid");
    assert!((geodesy::geodesic_distance_km(anchor, p) - 10.0).abs() < 0.01);
    assert!((geodesy::geodesic_bearing_deg(anchor, p) - 0.0).abs() < 0.01);
    // 10 km: ±5 km distance, N: ±45°; the radius covers the sector plus the town.
    let u = v["uncertainty_km"].as_f64().expect("uncertainty");
    assert!((10.0..25.0).contains(&u), "{u}");
    assert_eq!(v["acled_geo_precision"], 2);
    assert_eq!(v["method"], "offset");
}

#[test]
fn unknown_place_and_absurd_distance_are_results_not_crashes() {
    for (phrase, reason) in [
        ("about 10 km north of Xqzzyville", "not in the gazetteer"),
        ("100000 km north of Kirkuk", "not plausible"),
        (
            "10 km sideways of Kirkuk",
            "'sideways' is not a compass direction",
        ),
        ("   ", "empty phrase"),
    ] {
        let out = incimap()
            .args(["geocode", "--format", "json", phrase])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{phrase}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let r = v["unresolved_reason"].as_str().unwrap_or("");
        assert!(r.contains(reason), "{phrase}: {r}");
    }
}

#[test]
fn bad_gazetteer_rows_are_named_and_the_rest_load() {
    let dir = tempfile::tempdir().expect("tmp");
    let f = dir.path().join("mine.tsv");
    std::fs::write(
        &f,
        "geonameid\tname\tasciiname\talternatenames\tlatitude\tlongitude\tfeature_class\tfeature_code\tcountry_code\tadmin1_code\tpopulation\textent_km\n\
         u1\tQaryat Test\tQaryat Test\t\t34.5\t40.5\tP\tPPL\tSY\t07\t100\t\n\
         u2\tBroken\tBroken\t\tnorth\t40.5\tP\tPPL\tSY\t07\t100\t\n",
    )
    .expect("write");
    incimap()
        .args(["geocode", "--country", "SY", "--gazetteer"])
        .arg(&f)
        .arg("Qaryat Test")
        .assert()
        .success()
        .stdout(predicate::str::contains("34.5"))
        .stderr(
            predicate::str::contains("mine.tsv:3:")
                .and(predicate::str::contains("latitude 'north'")),
        );
}

#[test]
fn geonames_dump_rows_extend_the_gazetteer() {
    let dir = tempfile::tempdir().expect("tmp");
    let f = dir.path().join("IQ.txt");
    std::fs::write(
        &f,
        "99999001\tJalawla Test\tJalawla Test\tJalula Test\t34.27194\t45.16806\tP\tPPL\tIQ\t\t10\t\t\t\t20000\t\t100\tAsia/Baghdad\t2020-01-01\n",
    )
    .expect("write");
    incimap()
        .args(["geocode", "--country", "IQ", "--gazetteer"])
        .arg(&f)
        .arg("near Jalula Test")
        .assert()
        .success()
        .stdout(predicate::str::contains("99999001"));
}

#[test]
fn ninety_five_percent_of_the_report_gets_coordinates() {
    let out = incimap()
        .args(["extract", "--resolve", "--format", "jsonl"])
        .arg(fixture("spotlight-2020-05-21.txt"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let recs: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let located = recs.iter().filter(|r| r["lon"].is_number()).count();
    println!("located {located}/{}", recs.len());
    assert!(located as f64 >= 0.95 * recs.len() as f64);
    for r in recs.iter().filter(|r| !r["lon"].is_number()) {
        assert!(r["unresolved_reason"].is_string(), "{r}");
    }
}

/// Vincenty's direct formula on WGS84: an independent oracle for destinations.
fn vincenty_direct(lat1: f64, lon1: f64, brg: f64, dist_m: f64) -> (f64, f64) {
    let a = 6378137.0_f64;
    let f = 1.0 / 298.257223563;
    let b = a * (1.0 - f);
    let alpha1 = brg.to_radians();
    let (s_a1, c_a1) = alpha1.sin_cos();
    let tan_u1 = (1.0 - f) * lat1.to_radians().tan();
    let cos_u1 = 1.0 / (1.0 + tan_u1 * tan_u1).sqrt();
    let sin_u1 = tan_u1 * cos_u1;
    let sigma1 = tan_u1.atan2(c_a1);
    let sin_alpha = cos_u1 * s_a1;
    let cos_sq_alpha = 1.0 - sin_alpha * sin_alpha;
    let u_sq = cos_sq_alpha * (a * a - b * b) / (b * b);
    let aa = 1.0 + u_sq / 16384.0 * (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)));
    let bb = u_sq / 1024.0 * (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)));
    let mut sigma = dist_m / (b * aa);
    let (mut cos2sm, mut sin_s, mut cos_s);
    loop {
        cos2sm = (2.0 * sigma1 + sigma).cos();
        sin_s = sigma.sin();
        cos_s = sigma.cos();
        let ds = bb
            * sin_s
            * (cos2sm
                + bb / 4.0
                    * (cos_s * (-1.0 + 2.0 * cos2sm * cos2sm)
                        - bb / 6.0
                            * cos2sm
                            * (-3.0 + 4.0 * sin_s * sin_s)
                            * (-3.0 + 4.0 * cos2sm * cos2sm)));
        let next = dist_m / (b * aa) + ds;
        if (next - sigma).abs() < 1e-12 {
            sigma = next;
            break;
        }
        sigma = next;
    }
    cos2sm = (2.0 * sigma1 + sigma).cos();
    sin_s = sigma.sin();
    cos_s = sigma.cos();
    let x = sin_u1 * sin_s - cos_u1 * cos_s * c_a1;
    let lat2 = (sin_u1 * cos_s + cos_u1 * sin_s * c_a1)
        .atan2((1.0 - f) * (sin_alpha * sin_alpha + x * x).sqrt());
    let lambda = (sin_s * s_a1).atan2(cos_u1 * cos_s - sin_u1 * sin_s * c_a1);
    let c = f / 16.0 * cos_sq_alpha * (4.0 + f * (4.0 - 3.0 * cos_sq_alpha));
    let l = lambda
        - (1.0 - c)
            * f
            * sin_alpha
            * (sigma + c * sin_s * (cos2sm + c * cos_s * (-1.0 + 2.0 * cos2sm * cos2sm)));
    let lon2 = (lon1.to_radians() + l + 3.0 * std::f64::consts::PI)
        .rem_euclid(2.0 * std::f64::consts::PI)
        - std::f64::consts::PI;
    (lat2.to_degrees(), lon2.to_degrees())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, rng_seed: proptest::test_runner::RngSeed::Fixed(7), ..ProptestConfig::default() })]
    #[test]
    fn offsets_agree_with_vincenty(lat in -80.0f64..80.0, lon in -180.0f64..180.0, brg in 0.0f64..360.0, km in 0.1f64..500.0) {
        let from = LonLat::new(lon, lat).expect("valid");
        let ours = geodesy::destination(from, brg, km);
        let (vlat, vlon) = vincenty_direct(lat, lon, brg, km * 1000.0);
        let theirs = LonLat::new(vlon, vlat).expect("valid");
        prop_assert!(geodesy::geodesic_distance_km(ours, theirs) < 0.1);
        // and the round trip: distance back to the anchor is the offset
        prop_assert!((geodesy::geodesic_distance_km(from, ours) - km).abs() < 1e-6);
    }
}

#[test]
fn enclosing_area_in_the_text_disambiguates_without_country() {
    let out = incimap()
        .args([
            "geocode",
            "--format",
            "json",
            "in Ariha, in the Idlib Governorate",
        ])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["anchor"]["id"], "172994", "{v}");
}

#[test]
fn gzip_dumps_extend_the_gazetteer_from_a_folder() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tmp");
    let row = "99999002\tKhirbat Test\tKhirbat Test\t\t34.1\t45.2\tP\tPPL\tIQ\t\t10\t\t\t\t0\t\t100\tAsia/Baghdad\t2020-01-01\n";
    let f = std::fs::File::create(dir.path().join("IQ.txt.gz")).expect("create");
    let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::default());
    gz.write_all(row.as_bytes()).expect("write");
    gz.finish().expect("finish");
    incimap()
        .args(["geocode", "--country", "IQ", "--gazetteer"])
        .arg(dir.path())
        .arg("in Khirbat Test")
        .assert()
        .success()
        .stdout(predicate::str::contains("99999002"));
    // A corrupt .gz is named.
    std::fs::write(dir.path().join("bad.txt.gz"), [0x1f, 0x8b, 0, 1, 2]).expect("write");
    incimap()
        .args(["geocode", "--country", "IQ", "--gazetteer"])
        .arg(dir.path().join("bad.txt.gz"))
        .arg("in Khirbat Test")
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.txt.gz"));
}

/// A village nobody has heard of (a made-up name): the offset from the
/// known town, or the region the text names, is used instead of nothing.
#[test]
fn unknown_villages_fall_back_to_what_the_text_knows() {
    for (phrase, method, anchor) in [
        (
            "in the village of Zorbatuk, 40 km south of Gao",
            "fallback:offset",
            "Gao",
        ),
        (
            "near Qarvendi village (Mopti region)",
            "fallback:context-region",
            "Mopti",
        ),
    ] {
        incimap()
            .args(["geocode", "--country", "ML", phrase])
            .assert()
            .success()
            .stdout(
                predicate::str::contains(format!("method         {method}")).and(
                    predicate::str::contains(format!("anchor         {anchor} ")),
                ),
            );
    }
}

/// "Village (District, Province)": an unknown village falls back to its
/// district, never to a look-alike elsewhere; acronyms are not places.
#[test]
fn admin_context_in_parentheses_and_acronyms() {
    incimap()
        .args([
            "geocode",
            "--country",
            "NG",
            "near Kwarandi (Biu LGA, Borno)",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("fallback:context-region")
                .and(predicate::str::contains("Biu")),
        );
    let out = incimap()
        .args(["extract", "--country", "SY", "-"])
        .write_stdin("On 3 May 2021, soldiers were wounded in an IED blast near the K4 junction.\n")
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["anchor"], serde_json::Value::Null, "{v}");
}

/// "the capital", "the Somali capital, Mogadishu", "Niger's capital": the
/// capital of the context country, the named town, the named country's capital.
#[test]
fn capitals_are_resolved_by_coreference() {
    for (cc, phrase, town) in [
        ("SO", "35 km north of the capital", "Mogadishu"),
        ("SO", "in the Somali capital, Mogadishu", "Mogadishu"),
        ("ML", "in Niger's capital", "Niamey"),
        ("IQ", "near the capital", "Baghdad"),
    ] {
        incimap()
            .args(["geocode", "--country", cc, phrase])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("anchor         {town}")));
    }
    // A named town before its offset gloss stays the reading; the offset is its fallback.
    let out = incimap()
        .args(["extract", "--country", "NG", "-"])
        .write_stdin("On 3 May 2021, gunmen attacked Kwarandu town, 80 kilometres from the state capital Maiduguri.\n")
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (v["location_kind"].as_str(), v["anchor"].as_str()),
        (Some("in_place"), Some("Kwarandu")),
        "{v}"
    );
    assert!(
        v["fallback_location"]
            .as_str()
            .unwrap_or("")
            .contains("Maiduguri"),
        "{v}"
    );
}

/// Composition: report A alone and report A followed by report B in one file
/// give identical records for A's incidents (headings repeated by B are
/// headings, and B's places do not reach back into A).
#[test]
fn a_report_is_read_the_same_when_another_follows() {
    let a = std::fs::read_to_string(fixture("spotlight-2020-05-21.txt")).expect("fixture");
    let b = a.replace("2020", "2021");
    let dir = tempfile::tempdir().expect("tmp");
    let pa = dir.path().join("week.txt");
    let pab = dir.path().join("weeks.txt");
    std::fs::write(&pa, &a).expect("write");
    std::fs::write(&pab, format!("{a}\n{b}")).expect("write");
    let lines_a = a.lines().count() as u64;
    let read = |p: &std::path::Path| -> Vec<String> {
        let out = incimap()
            .args(["extract", "--resolve"])
            .arg(p)
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
            .filter(|r| r["source_line"].as_u64().unwrap_or(0) <= lines_a)
            .map(|r| {
                [
                    "source_line",
                    "date",
                    "kind",
                    "killed",
                    "wounded",
                    "country",
                    "anchor",
                    "lon",
                    "lat",
                    "method",
                ]
                .iter()
                .map(|k| r[*k].to_string())
                .collect::<Vec<_>>()
                .join(",")
            })
            .collect()
    };
    let alone = read(&pa);
    assert!(alone.len() >= 60);
    assert_eq!(alone, read(&pab));
}

/// A compass adjective capitalised into an area's name is the part of the
/// area; an area whose own name starts with one stays whole.
#[test]
fn a_capitalised_compass_word_names_the_part_of_an_area() {
    let whole = geocode_json("in Borno State", "NG");
    let north = geocode_json("in Northern Borno State", "NG");
    assert_eq!(north["anchor"]["id"], whole["anchor"]["id"]);
    assert!(
        north["lat"].as_f64().unwrap() > whole["lat"].as_f64().unwrap() + 0.5,
        "{north}"
    );
    assert!(north["uncertainty_km"].as_f64() < whole["uncertainty_km"].as_f64());
    let own = geocode_json("in Northern Province", "ZM");
    assert_eq!(own["anchor"]["name"], "Northern", "{own}");
}
