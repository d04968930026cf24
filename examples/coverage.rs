//! Gazetteer coverage of the places coders assigned: for each row of a
//! coded-event CSV (ACLED `location`, UCDP `where_coordinates`, or `place`),
//! does the gazetteer hold that name (exact or normalised, a trailing level
//! word such as "town" or "District" folded) in the row's country within 25
//! km of the coder's point? Prints a per-country table.
//!
//! Usage: cargo run --release --example coverage -- EVENTS.csv [GAZETTEER_FILE_OR_DIR...]

use std::collections::BTreeMap;
use std::path::Path;

use incimap::extract::vocab::country_code;
use incimap::gazetteer::{LookupContext, MatchRule};
use incimap::geodesy::distance_km;
use incimap::model::LonLat;
use incimap::pipeline::Reference;

const LEVEL_WORDS: &[&str] = &[
    "town",
    "city",
    "village",
    "district",
    "province",
    "state",
    "area",
    "township",
    "tract",
    "camp",
    "neighbourhood",
    "neighborhood",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    assert!(
        !args.is_empty(),
        "usage: coverage EVENTS.csv [GAZETTEER_FILE_OR_DIR...]"
    );
    let extra: Vec<std::path::PathBuf> = args[1..].iter().map(Into::into).collect();
    let reference = Reference::load(&extra).expect("gazetteer");
    let g = &reference.gazetteer;
    let mut r = csv::Reader::from_path(Path::new(&args[0])).expect("csv");
    let h = r.headers().expect("header").clone();
    let col = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| h.iter().position(|c| c.eq_ignore_ascii_case(n)))
            .unwrap_or_else(|| panic!("a column among {names:?}"))
    };
    let (iplace, icc) = (
        col(&["place", "location", "where_coordinates"]),
        col(&["country"]),
    );
    let (ilat, ilon) = (col(&["lat", "latitude"]), col(&["lon", "longitude"]));
    // country -> (rows, held)
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.expect("row");
        let cc = country_code(&rec[icc]).unwrap_or_else(|| rec[icc].to_owned());
        let (Ok(lat), Ok(lon)) = (rec[ilat].parse::<f64>(), rec[ilon].parse::<f64>()) else {
            continue;
        };
        let Some(truth) = LonLat::new(lon, lat) else {
            continue;
        };
        let name = rec[iplace].trim();
        let mut probes = vec![name.to_owned()];
        if let Some((head, last)) = name.rsplit_once(' ')
            && LEVEL_WORDS.contains(&last.to_lowercase().as_str())
        {
            probes.push(head.to_owned());
        }
        let ctx = LookupContext {
            country: Some(cc.clone()),
            ..LookupContext::default()
        };
        let held = probes.iter().any(|p| {
            g.lookup_with(p, &ctx, false).iter().any(|c| {
                let place = g.place(c.index);
                matches!(c.rule, MatchRule::Exact | MatchRule::Normalized)
                    && place.in_country(&cc)
                    && distance_km(place.lonlat(), truth) <= 25.0
            })
        });
        let e = by.entry(cc).or_default();
        e.0 += 1;
        e.1 += usize::from(held);
    }
    println!("| country | rows | held | share |\n|---|---:|---:|---:|");
    let (mut n, mut k) = (0, 0);
    for (cc, (rows, held)) in &by {
        println!(
            "| {cc} | {rows} | {held} | {:.1}% |",
            100.0 * *held as f64 / *rows as f64
        );
        n += rows;
        k += held;
    }
    println!(
        "| all | {n} | {k} | {:.1}% |",
        100.0 * k as f64 / n.max(1) as f64
    );
}
