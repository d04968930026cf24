//! The shipped gazetteer: merging sources (on a small table of our own
//! making), the finite-state fuzzy tier against the reference scan, sources
//! in lookups, and the OpenStreetMap credit on maps.

use incimap::gazetteer::compact::Index;
use incimap::gazetteer::merge::{self, Row, SRC_GEONAMES, SRC_OSM, SRC_WOF};
use incimap::gazetteer::{Gazetteer, LookupContext};

use crate::common::incimap;

#[allow(clippy::too_many_arguments)]
fn row(
    id: &str,
    name: &str,
    alt: &[&str],
    lat: f64,
    lon: f64,
    code: &str,
    a1: &str,
    src: u8,
) -> Row {
    Row {
        id: id.into(),
        name: name.into(),
        names: alt.iter().map(|s| s.to_string()).collect(),
        lat,
        lon,
        class: if code.starts_with("ADM") { "A" } else { "P" }.into(),
        code: code.into(),
        country: "XQ".into(),
        admin1: a1.into(),
        population: 0,
        extent_km: code.starts_with("ADM").then_some(5.0),
        sources: src,
        also_ids: Vec::new(),
    }
}

/// A gazetteer of `rows`, and a lookup context with their country (XQ).
fn at_home(rows: &[Row]) -> (Gazetteer, LookupContext) {
    let g = Gazetteer::with_base(Index::new(merge::write_index(rows)).expect("index"));
    let ctx = LookupContext {
        country: Some("XQ".into()),
        ..LookupContext::default()
    };
    (g, ctx)
}

/// The ids of the candidates for `name`, best first.
fn ids_of(g: &Gazetteer, name: &str, ctx: &LookupContext) -> Vec<String> {
    g.lookup(name, ctx)
        .iter()
        .map(|c| g.place(c.index).id)
        .collect()
}

fn merged() -> (Vec<Row>, merge::MergeStats) {
    let base = vec![
        row(
            "100",
            "Qaryat Tal",
            &[],
            10.0,
            20.0,
            "PPL",
            "01",
            SRC_GEONAMES,
        ),
        // A district placed at the centre of its towns, far from the district.
        row(
            "adm2-XQ.01.7",
            "Tal District",
            &["Tal"],
            12.0,
            22.0,
            "ADM2",
            "01",
            SRC_GEONAMES,
        ),
        row("200", "Sabkha", &[], 10.5, 20.5, "PPL", "02", SRC_GEONAMES),
        // A region at its bounding-box centre (Natural Earth).
        row(
            "dm1-xq-1",
            "Wadi Province",
            &["Wadi"],
            14.0,
            24.0,
            "ADM1",
            "01",
            merge::SRC_NATURAL_EARTH,
        ),
    ];
    let wof = vec![
        // The same GeoNames id: one place, more names, the better code.
        row(
            "100",
            "Qaryat Ṭāl",
            &["قرية تل", "Qariat Tal"],
            10.0001,
            20.0001,
            "PPLA2",
            "01",
            SRC_WOF,
        ),
        // The WOF district label point.
        row(
            "wof:9",
            "Tal",
            &["Tal District"],
            10.2,
            20.1,
            "ADM2",
            "01",
            SRC_WOF,
        ),
        // The WOF region label point.
        row("wof:10", "Wadi", &[], 10.4, 20.4, "ADM1", "01", SRC_WOF),
        row("300", "Bir Hamra", &[], 11.0, 21.0, "PPL", "", SRC_WOF),
        // A same-source twin 1 km away is not folded (only across sources).
        row("301", "Bir Hamra", &[], 11.009, 21.0, "PPL", "", SRC_WOF),
    ];
    let osm = vec![
        // 1 km from the WOF Bir Hamra: a near duplicate, folded.
        row(
            "osm2019:XQ:1",
            "BIR HAMRA",
            &["Bi'r Hamra"],
            11.0,
            21.009,
            "PPL",
            "",
            SRC_OSM,
        ),
        // 30 km away: another village of the same name.
        row(
            "osm2019:XQ:2",
            "Bir Hamra",
            &[],
            11.27,
            21.0,
            "PPL",
            "",
            SRC_OSM,
        ),
        // No admin-1: takes that of the nearest coded place (Sabkha, 2 km).
        row(
            "osm2019:XQ:3",
            "Umm Raqa",
            &[],
            10.5,
            20.52,
            "PPL",
            "",
            SRC_OSM,
        ),
    ];
    merge::merge(base, vec![wof, osm])
}

#[test]
fn merge_folds_ids_districts_and_near_duplicates() {
    let (rows, stats) = merged();
    let by = |id: &str| {
        rows.iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let q = by("100");
    assert_eq!(q.code, "PPLA2", "the more specific code is kept");
    assert_eq!(q.sources, SRC_GEONAMES | SRC_WOF);
    assert!(q.names.iter().any(|n| n == "قرية تل") && q.names.iter().any(|n| n == "Qaryat Ṭāl"));
    let d = by("adm2-XQ.01.7");
    assert_eq!(
        (d.lat, d.lon),
        (10.2, 20.1),
        "district moved to the WOF label point"
    );
    assert_eq!(d.sources, SRC_GEONAMES | SRC_WOF);
    let w = by("dm1-xq-1");
    assert_eq!(
        (w.lat, w.lon),
        (10.4, 20.4),
        "region moved to the WOF label point"
    );
    let hamra: Vec<&Row> = rows
        .iter()
        .filter(|r| merge::keep_name(&r.name, "P") && r.name.eq_ignore_ascii_case("bir hamra"))
        .collect();
    assert_eq!(hamra.len(), 3, "{hamra:?}");
    assert_eq!(by("300").sources, SRC_WOF | SRC_OSM);
    assert!(by("300").names.iter().any(|n| n == "BIR HAMRA"));
    assert_eq!(by("301").sources, SRC_WOF);
    assert_eq!(by("osm2019:XQ:2").sources, SRC_OSM);
    assert_eq!(by("osm2019:XQ:3").admin1, "02");
    assert_eq!(rows.len(), 8);
    let l = &stats.layers;
    assert_eq!((l[0].same_id, l[0].districts_moved, l[0].added), (1, 2, 2));
    assert_eq!((l[1].near_duplicates, l[1].added), (1, 2));
}

#[test]
fn the_merged_index_answers_lookups_with_sources() {
    let (rows, _) = merged();
    let g = Gazetteer::with_base(Index::new(merge::write_index(&rows)).expect("index"));
    let ctx = LookupContext::default();
    for name in ["Qaryat Tal", "قرية تل", "Qariat Tal", "qaryat tal"] {
        let c = g.lookup(name, &ctx);
        let p = g.place(c[0].index);
        assert_eq!(
            (p.id.as_str(), p.source.as_str()),
            ("100", "geonames+wof"),
            "{name}"
        );
        assert_eq!(p.feature_code, "PPLA2");
    }
    // Ids of every kind come back as written.
    for id in ["osm2019:XQ:2", "adm2-XQ.01.7", "300", "301"] {
        assert_eq!(g.get(id).map(|p| p.id), Some(id.to_owned()));
    }
    // A folded row's id still finds the place it was folded into.
    assert_eq!(g.get("osm2019:XQ:1").map(|p| p.id), Some("300".to_owned()));
    assert_eq!(
        g.get("wof:9").map(|p| p.id),
        Some("adm2-XQ.01.7".to_owned())
    );
    // Prefix lookups over the key set.
    assert!(g.has_name_prefix("Qaryat T") && !g.has_name_prefix("Zzq"));
    let hamra = g.lookup("Bir Hamra", &ctx);
    let mut sources: Vec<String> = hamra.iter().map(|c| g.place(c.index).source).collect();
    sources.sort();
    assert_eq!(sources, ["osm2019", "wof", "wof+osm2019"]);
    // A district name with its level word, and the bare name, find the district.
    let d = g.lookup("Tal District", &ctx);
    assert_eq!(g.place(d[0].index).id, "adm2-XQ.01.7");
    // Fuzzy through the key automaton.
    let f = g.lookup("Qaryat Taal", &ctx);
    assert_eq!(g.place(f[0].index).id, "100");
}

/// Spelling variants (misspellings a report might carry): the automaton
/// tier finds what the old linear Jaro-Winkler scan finds.
#[test]
fn fuzzy_automaton_matches_the_reference_scan() {
    let (g, _) = Gazetteer::load_default();
    let table = [
        ("Mosuul", "IQ"),
        ("Falujah", "IQ"),
        ("Kirkouk", "IQ"),
        ("Maidugur", "NG"),
        ("Mogadisho", "SO"),
        ("Timbuctu", "ML"),
        ("Kandahaar", "AF"),
        ("Jalalabaad", "AF"),
        ("Peshawer", "PK"),
        ("Baidoaa", "SO"),
        ("Ouagadogou", "BF"),
        ("Diffaa", "NE"),
    ];
    let mut agree = 0;
    for (name, cc) in table {
        let ctx = LookupContext {
            country: Some(cc.into()),
            ..LookupContext::default()
        };
        let fast = g.fuzzy(name, &ctx);
        let slow = g.fuzzy_scan(name, &ctx);
        assert!(!slow.is_empty(), "{name}: the reference finds something");
        assert!(
            fast.iter().all(|f| slow.iter().any(|s| s.0 == f.0)),
            "{name}: the automaton finds only what the scan finds"
        );
        let top = |v: &[(usize, incimap::gazetteer::MatchRule, f64)]| {
            v.iter().map(|h| h.2).fold(0.0, f64::max)
        };
        if !fast.is_empty() && top(&fast) == top(&slow) {
            agree += 1;
        }
    }
    assert!(agree >= 11, "best similarity agrees on {agree} of 12");
}

/// Every candidate is listed with its source; OSM villages are among them.
#[test]
fn lookup_lists_homonyms_with_sources() {
    let out = incimap()
        .args([
            "gazetteer",
            "lookup",
            "--country",
            "NG",
            "--limit",
            "0",
            "Kafin Wamba",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.lines().next().is_some_and(|h| h.contains("source")));
    assert!(text.contains("osm2019"), "{text}");
}

/// The map credits OpenStreetMap when a place holding its data (alone or
/// folded with another source's) anchors an incident, and only then.
#[test]
fn maps_credit_openstreetmap_when_its_places_are_used() {
    let dir = tempfile::tempdir().expect("tmp");
    for (text, osm) in [
        (
            "On 3 June 2021, gunmen killed 4 farmers in Kafin Wamba, Nigeria.\n",
            true,
        ),
        // The OSM layer covers African countries only.
        (
            "On 3 June 2021, gunmen killed 4 farmers in Kirkuk, Iraq.\n",
            false,
        ),
    ] {
        let report = dir.path().join("r.txt");
        std::fs::write(&report, text).expect("write");
        let svg = dir.path().join("m.svg");
        incimap()
            .args(["render", "-o"])
            .arg(&svg)
            .arg(&report)
            .assert()
            .success();
        let body = std::fs::read_to_string(&svg).expect("svg");
        assert!(
            body.contains("Who&apos;s On First") || body.contains("Who's On First"),
            "WOF credit"
        );
        assert_eq!(body.contains("OpenStreetMap"), osm, "{text}");
    }
}

/// Inside the province the text names, a looser spelling is the place meant
/// (the consonant skeleton must still agree); in another province it is not.
#[test]
fn spelling_variants_inside_a_named_province() {
    let (g, _) = Gazetteer::load_default();
    let ctx = LookupContext {
        country: Some("SY".into()),
        ..LookupContext::default()
    };
    let town = g.lookup("Al Busayrah", &ctx);
    let a1 = g.admin1(town[0].index).to_owned();
    let found = g.variants_in_admin1("Bousaira", &ctx, &a1, 0.7);
    assert_eq!(g.place(found[0].index).id, g.place(town[0].index).id);
    assert!(found.iter().all(|c| g.admin1(c.index) == a1));
    let other = g.lookup("Aleppo Governorate", &ctx);
    let a1_other = g.admin1(other[0].index).to_owned();
    assert_ne!(a1, a1_other);
    assert!(
        g.variants_in_admin1("Bousaira", &ctx, &a1_other, 0.7)
            .is_empty()
    );
    // The skeleton must agree: another name of the province is no variant.
    assert!(
        g.variants_in_admin1("Mayadin", &ctx, &a1, 0.7)
            .iter()
            .all(|c| g.name(c.index) != g.name(town[0].index))
    );
}

/// A spelling only a district carries in the context country is looked up
/// as a town's too: its variant when a place abroad is spelt so ("Tall Al
/// Ain" for Tall al 'Ayn), and a doubled letter ("Zossaso" for Zosaso).
#[test]
fn a_districts_spelling_also_finds_the_town() {
    let mut abroad = row("700", "Tall Al Ain", &[], 40.0, 40.0, "PPL", "01", SRC_WOF);
    abroad.country = "XR".into();
    let rows = vec![
        row(
            "adm2-XQ.02.1",
            "Tall Al Ain",
            &[],
            11.0,
            21.0,
            "ADM2",
            "02",
            SRC_WOF,
        ),
        row(
            "701",
            "Tall al 'Ayn",
            &[],
            11.3,
            21.2,
            "PPLA2",
            "02",
            SRC_GEONAMES,
        ),
        abroad,
        row(
            "adm2-XQ.03.1",
            "Zossaso",
            &[],
            13.0,
            23.0,
            "ADM2",
            "03",
            SRC_WOF,
        ),
        row("702", "Zosaso", &[], 13.2, 23.1, "PPLA", "03", SRC_GEONAMES),
    ];
    let g = Gazetteer::with_base(Index::new(merge::write_index(&rows)).expect("index"));
    let ctx = LookupContext {
        country: Some("XQ".into()),
        ..LookupContext::default()
    };
    for (name, town) in [("Tall Al Ain", "701"), ("Zossaso", "702")] {
        let c = g.lookup(name, &ctx);
        assert_eq!(g.place(c[0].index).id, town, "{name}");
        // Asked for as a district, the district still comes first.
        let d = g.lookup(&format!("{name} District"), &ctx);
        assert!(
            g.place(d[0].index).id.starts_with("adm2-"),
            "{name} District"
        );
    }
}

#[test]
fn a_names_level_word_asks_for_its_level() {
    let mut city = row("801", "Velanto", &[], 14.0, 24.0, "PPL", "04", SRC_GEONAMES);
    city.population = 150_000;
    let rows = vec![
        // A hamlet with the district's name, and the district (township).
        row("800", "Malduk", &[], 12.0, 25.0, "PPL", "05", SRC_WOF),
        row(
            "adm2-XQ.04.2",
            "Malduk",
            &[],
            13.0,
            24.5,
            "ADM2",
            "04",
            SRC_WOF,
        ),
        city,
        row("802", "Velanto", &[], 15.0, 26.0, "PPL", "06", SRC_WOF),
    ];
    let g = Gazetteer::with_base(Index::new(merge::write_index(&rows)).expect("index"));
    let ctx = LookupContext {
        country: Some("XQ".into()),
        ..LookupContext::default()
    };
    let top = |name: &str, ctx: &LookupContext| g.place(g.lookup(name, ctx)[0].index).id;
    // Bare, the settlement; as a township, the district-level area.
    assert_eq!(top("Malduk", &ctx), "800");
    assert_eq!(top("Malduk Township", &ctx), "adm2-XQ.04.2");
    // A city of 150,000 ranks first for its name, even against a
    // province the text names; a village of that name there is what
    // "Velanto village" means.
    let in_06 = LookupContext {
        admin1_hints: vec!["06".into()],
        ..ctx.clone()
    };
    assert_eq!(top("Velanto", &ctx), "801");
    assert_eq!(top("Velanto", &in_06), "801");
    assert_eq!(top("Velanto village", &in_06), "802");
    // The same when the text says so elsewhere ("the village of Velanto").
    let village = LookupContext {
        small_settlement: true,
        ..in_06.clone()
    };
    assert_eq!(top("Velanto", &village), "802");
}

/// A name only a place abroad carries may be a spelling of a town at home:
/// with a context country, the town at home spelt as its variant is found,
/// unless the variant fits several places far apart.
#[test]
fn a_spelling_known_only_abroad_finds_its_variant_at_home() {
    let abroad = |id: &str, name: &str, lat: f64, lon: f64| Row {
        country: "XR".into(),
        ..row(id, name, &[], lat, lon, "PPL", "01", SRC_WOF)
    };
    let rows = vec![
        abroad("900", "Pelgur", 40.0, 60.0),
        row("901", "Peljgur", &[], 12.0, 25.0, "PPL", "04", SRC_WOF),
        abroad("910", "Zandor", 41.0, 61.0),
        row("911", "Zandur", &[], 10.0, 20.0, "PPL", "04", SRC_WOF),
        row("912", "Zandur", &[], 20.0, 30.0, "PPL", "05", SRC_WOF),
    ];
    let g = Gazetteer::with_base(Index::new(merge::write_index(&rows)).expect("index"));
    let in_country = |cc: &str| LookupContext {
        country: Some(cc.into()),
        ..LookupContext::default()
    };
    let ids = |name: &str, cc: &str| -> Vec<String> {
        g.lookup(name, &in_country(cc))
            .iter()
            .map(|c| g.place(c.index).id)
            .collect()
    };
    // The town at home first, the place abroad still listed after it.
    assert_eq!(ids("Pelgur", "XQ"), ["901", "900"]);
    assert_eq!(ids("Pelgur", "XR"), ["900"]);
    // Two towns 1,500 km apart: the spelling names neither.
    assert_eq!(ids("Zandor", "XQ"), ["910"]);
}

/// Province codes are per country: a place abroad whose province has the
/// code of the province the text names is not in that province.
#[test]
fn a_province_code_abroad_is_another_province() {
    let rows = vec![
        Row {
            country: "XR".into(),
            population: 30_000,
            ..row(
                "970",
                "Pelmarra",
                &[],
                40.0,
                60.0,
                "PPL",
                "04",
                SRC_GEONAMES,
            )
        },
        row("971", "Pelmarra", &[], 12.0, 25.0, "PPL", "04", SRC_WOF),
    ];
    let (g, mut ctx) = at_home(&rows);
    ctx.admin1 = Some("04".into());
    let mut c = g.lookup("Pelmarra", &ctx);
    g.explain("Pelmarra", &ctx, &mut c);
    let why = |id: &str| {
        c.iter()
            .find(|x| g.place(x.index).id == id)
            .map(|x| x.why.clone())
    };
    assert!(why("971").is_some_and(|w| w.contains("in context province")));
    assert!(
        why("970").is_some_and(|w| !w.contains("in context province")),
        "{c:?}"
    );
}

/// A district is named for its seat: of hamlets alike in every way, the one
/// within the namesake district's reach comes first; with none there, the
/// district stands for its seat, before a namesake hamlet far off. A hamlet
/// with people, or a district without, changes nothing.
#[test]
fn a_namesake_district_picks_among_hamlets_alike() {
    let district = |id: &str, name: &str, lat: f64, lon: f64, people: u64| Row {
        population: people,
        extent_km: Some(20.0),
        ..row(id, name, &[], lat, lon, "ADM2", "04", SRC_WOF)
    };
    let hamlet = |id: &str, name: &str, lat: f64, lon: f64| {
        row(id, name, &[], lat, lon, "PPL", "04", SRC_WOF)
    };
    let rows = vec![
        // The seat 10 km from its district's centre, a namesake 300 km off.
        hamlet("940", "Koranga", 10.0, 20.0),
        hamlet("941", "Koranga", 12.0, 22.5),
        district("942", "Koranga", 12.05, 22.55, 80_000),
        // No hamlet near the district.
        hamlet("950", "Velmosk", 10.0, 30.0),
        hamlet("951", "Velmosk", 11.0, 31.0),
        district("952", "Velmosk", 14.0, 34.0, 60_000),
        // A district without people says nothing.
        hamlet("960", "Tarbek", 10.0, 40.0),
        hamlet("961", "Tarbek", 12.0, 42.0),
        district("962", "Tarbek", 12.0, 42.0, 0),
    ];
    let (g, ctx) = at_home(&rows);
    let top = |name: &str| ids_of(&g, name, &ctx)[0].clone();
    assert_eq!(top("Koranga"), "941");
    assert_eq!(top("Velmosk"), "952");
    assert_eq!(top("Tarbek"), "960");
    // Asked for as a district, the district, as before.
    assert_eq!(top("Koranga District"), "942");
}

/// A name whose consonant skeleton is too short for the skeleton index
/// ("Obak": "bk") still meets the town at home spelt with its vowels
/// written the other way ("Ubak"), when only a place abroad has it.
#[test]
fn a_short_name_known_only_abroad_finds_its_other_vowels_at_home() {
    let abroad = |id: &str, name: &str, lat: f64, lon: f64| Row {
        country: "XR".into(),
        ..row(id, name, &[], lat, lon, "PPL", "01", SRC_WOF)
    };
    let rows = vec![
        abroad("930", "Obak", 40.0, 60.0),
        row("931", "Ubak", &[], 12.0, 25.0, "PPL", "04", SRC_WOF),
        abroad("932", "Odir", 41.0, 61.0),
    ];
    let (g, ctx) = at_home(&rows);
    let ids = |name: &str| ids_of(&g, name, &ctx);
    assert_eq!(ids("Obak"), ["931", "930"]);
    // No other spelling at home: only the place abroad.
    assert_eq!(ids("Odir"), ["932"]);
}

/// Spellings apart only in their vowels are close variants ("Obelmar" for
/// "Ubelmar", "Ben" for "Bin"); a level word before the name keeps it as
/// written ("Barangay Zorbak" is no variant of "Barangka Zorbik"), or bare
/// when one place at home has the name.
#[test]
fn vowel_variants_meet_and_leading_level_words_stay_exact() {
    let abroad = |id: &str, name: &str, lat: f64, lon: f64| Row {
        country: "XR".into(),
        ..row(id, name, &[], lat, lon, "PPL", "01", SRC_WOF)
    };
    let home = |id: &str, name: &str, lat: f64, lon: f64| {
        row(id, name, &[], lat, lon, "PPL", "04", SRC_WOF)
    };
    let rows = vec![
        abroad("920", "Obelmar", 40.0, 60.0),
        home("921", "Ubelmar", 12.0, 25.0),
        home("922", "Qasr Bin Malduk", 13.0, 26.0),
        home("923", "Barangka Zorbik", 14.0, 27.0),
        home("924", "Koranga", 15.0, 28.0),
        home("925", "Bakassa", 15.0, 29.0),
        home("926", "Bakassa", 18.0, 22.0),
        home("927", "Ubilmur", 16.0, 30.0),
        // A town and its municipality, 3 km apart: one place.
        home("928", "Tarvenna", 17.0, 31.0),
        Row {
            population: 40_000,
            ..row("929", "Tarvenna", &[], 17.02, 31.02, "ADM3", "04", SRC_WOF)
        },
    ];
    let (g, ctx) = at_home(&rows);
    let ids = |name: &str| ids_of(&g, name, &ctx);
    assert_eq!(ids("Obelmar"), ["921", "920"]);
    // Every vowel written otherwise: too unlike as letters, one name as sounds.
    assert_eq!(ids("Obelmor").first().map(String::as_str), Some("927"));
    assert_eq!(ids("Gasr Ben Malduk"), ["922"]);
    assert!(ids("Barangay Zorbak").is_empty());
    // The bare name when one place at home has it, not among namesakes.
    assert_eq!(ids("Barangay Koranga"), ["924"]);
    assert!(ids("Barangay Bakassa").is_empty());
    assert_eq!(ids("Barangay Tarvenna"), ["928", "929"]);
}
