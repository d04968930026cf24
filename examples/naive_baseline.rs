//! The naive geoparser incimap is measured against: every 1-4 word span of
//! the text looked up in the gazetteer (exact or normalised names) within
//! the row's country, the longest match wins (first on ties), plus
//! "N km DIR of X" applied as a geodesic offset. Scores it on a coded-event
//! CSV like `incimap eval` (share within 25/161 km of the coder's point,
//! point or anchor) so the two can be compared on the same rows.
//!
//! Usage: cargo run --release --example naive_baseline -- EVENTS.csv [GAZETTEER...] [--rows OUT.csv]

use std::sync::LazyLock;

use incimap::extract::records::{ColumnNames, Need, read_csv};
use incimap::extract::vocab;
use incimap::gazetteer::{Gazetteer, LookupContext, MatchRule};
use incimap::geodesy::{destination, distance_km};
use incimap::model::LonLat;
use incimap::pipeline::Reference;
use regex::Regex;

static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:\.\d+)?)\s*(?:km|kms|kilomet(?:er|re)s?)\s+([NSEW]{1,3}|north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+(\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*){0,2})")
        .expect("offset regex")
});

/// The longest 1-4 word span known in `country`: (anchor point).
fn longest_span(g: &Gazetteer, text: &str, country: Option<&str>) -> Option<LonLat> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || ",.;:()\"“”".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let ctx = LookupContext {
        country: country.map(str::to_owned),
        ..LookupContext::default()
    };
    for len in (1..=4).rev() {
        for start in 0..words.len().saturating_sub(len - 1) {
            let span = words[start..start + len].join(" ");
            if span.chars().count() < 3 {
                continue;
            }
            // The span's own name, exactly (normalised), ranked as incimap ranks.
            let plain = g.with_name(&span);
            if plain.is_empty() {
                continue;
            }
            if let Some(c) = g.lookup_with(&span, &ctx, false).into_iter().find(|c| {
                plain.contains(&c.index)
                    && matches!(c.rule, MatchRule::Exact | MatchRule::Normalized)
                    && country.is_none_or(|cc| g.in_country(c.index, cc))
            }) {
                return Some(g.lonlat(c.index));
            }
        }
    }
    None
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let rows_out = args.iter().position(|a| a == "--rows").map(|i| {
        let p = args.get(i + 1).expect("--rows OUT.csv").clone();
        args.drain(i..=i + 1);
        p
    });
    assert!(
        !args.is_empty(),
        "usage: naive_baseline EVENTS.csv [GAZETTEER...] [--rows OUT.csv]"
    );
    let mut rows = rows_out.map(|p| csv::Writer::from_path(p).expect("rows file"));
    if let Some(w) = rows.as_mut() {
        w.write_record(["id", "error_km"]).expect("write");
    }
    let extra: Vec<std::path::PathBuf> = args[1..].iter().map(Into::into).collect();
    let reference = Reference::load(&extra).expect("gazetteer");
    let g = &reference.gazetteer;
    let file = read_csv(args[0].as_ref(), &ColumnNames::default(), Need::Coordinates).expect("csv");
    let (mut n, mut located, mut acc25, mut acc161) = (0usize, 0usize, 0usize, 0usize);
    for rec in &file.records {
        n += 1;
        let truth = rec.coded.expect("coordinates").point;
        let cc = rec.country.as_deref();
        // "N km DIR of X": the offset point and its anchor.
        let offset = OFFSET.captures(&rec.text).and_then(|c| {
            let anchor = longest_span(g, &c[3], cc)?;
            let (bearing, _) = vocab::compass(&c[2])?;
            let km: f64 = c[1].parse().ok()?;
            Some((destination(anchor, bearing, km), anchor))
        });
        let (point, anchor) = match offset {
            Some((p, a)) => (Some(p), Some(a)),
            None => {
                let p = longest_span(g, &rec.text, cc);
                (p, p)
            }
        };
        let Some(point) = point else {
            if let Some(w) = rows.as_mut() {
                w.write_record([rec.id.as_deref().unwrap_or(""), ""])
                    .expect("write");
            }
            continue;
        };
        located += 1;
        let err = [Some(point), anchor]
            .into_iter()
            .flatten()
            .map(|p| distance_km(p, truth))
            .fold(f64::INFINITY, f64::min);
        if let Some(w) = rows.as_mut() {
            w.write_record([rec.id.as_deref().unwrap_or(""), &format!("{err:.1}")])
                .expect("write");
        }
        acc25 += usize::from(err <= 25.0);
        acc161 += usize::from(err <= 161.0);
    }
    let share = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    println!(
        "naive baseline on {n} rows: located {:.1}%, <=25 km (point or anchor) {:.1}%, <=161 km {:.1}%",
        share(located),
        share(acc25),
        share(acc161)
    );
}
