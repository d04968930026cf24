//! Scores `incimap extract` on the bundled report against its hand annotation
//! (tests/fixtures/spotlight-2020-05-21-gold.csv; columns in its README) and
//! fails below the figures the project promises.

use std::collections::HashMap;

use serde_json::Value;

use crate::common::{extract_records, fixture};

#[derive(Debug)]
struct Gold {
    line: usize,
    date: String,
    country: String,
    kinds: Vec<String>,
    anchor: String,
    distance: String,
    direction: String,
    killed: String,
    wounded: String,
}

fn load_gold() -> Vec<Gold> {
    let mut r = csv::Reader::from_path(fixture("spotlight-2020-05-21-gold.csv")).expect("gold");
    r.records()
        .map(|rec| {
            let rec = rec.expect("gold row");
            Gold {
                line: rec[0].parse().expect("line"),
                date: rec[1].to_owned(),
                country: rec[2].to_owned(),
                kinds: rec[3]
                    .split('|')
                    .map(|k| k.replace("direction_only", "direction"))
                    .collect(),
                anchor: rec[4].to_owned(),
                distance: rec[5].to_owned(),
                direction: rec[6].to_owned(),
                killed: rec[8].to_owned(),
                wounded: rec[9].to_owned(),
            }
        })
        .collect()
}

/// Name comparison key: case, diacritics, articles, area words and separators folded.
pub fn key(s: &str) -> String {
    let s = deunicode::deunicode(s).to_lowercase();
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            !matches!(
                *w,
                "the" | "al" | "el" | "province" | "region" | "area" | "state" | "governorate"
            )
        })
        .map(str::to_owned)
        .collect();
    words.concat()
}

fn str_of(v: &Value, k: &str) -> String {
    match &v[k] {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn compass_name(b: f64) -> &'static str {
    const P: [&str; 16] = [
        "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW",
        "NW", "NNW",
    ];
    P[((b.rem_euclid(360.0) / 22.5) + 0.5).floor() as usize % 16]
}

fn anchor_ok(g: &Gold, r: &Value) -> bool {
    let mine: Vec<String> = str_of(r, "anchor")
        .split(" | ")
        .map(str::to_owned)
        .collect();
    let mut keys: Vec<String> = mine.iter().map(|a| key(a)).collect();
    keys.push(key(&mine.join("|")));
    keys.push(key(&str_of(r, "road")));
    keys.retain(|k| !k.is_empty());
    let kind = str_of(r, "location_kind");
    g.anchor.split('/').any(|alt| {
        let gk = key(alt);
        keys.contains(&gk)
            // "northeastern Congo" vs anchor Congo with a part bearing
            || keys.iter().any(|k| gk.ends_with(k.as_str()) && kind == "region" && !k.is_empty())
            // "Nigeria-Chad border" vs a border phrase anchored on Chad
            || (kind == "border" && gk.ends_with("border") && keys.iter().any(|k| gk.contains(k.as_str())))
    })
}

fn distance_ok(g: &Gold, r: &Value) -> bool {
    let d = r["distance_km"].as_f64();
    if g.distance.is_empty() {
        return d.is_none() || str_of(r, "location_kind") == "border";
    }
    match d {
        Some(d) => (d - g.distance.parse::<f64>().expect("gold distance")).abs() < 0.01,
        None => g
            .kinds
            .iter()
            .any(|k| k != "offset" && *k == str_of(r, "location_kind")),
    }
}

fn bearing_ok(g: &Gold, r: &Value) -> bool {
    let b = r["bearing_deg"].as_f64();
    let kind = str_of(r, "location_kind");
    if g.direction.is_empty() {
        return b.is_none() || kind == "region" || kind == "section";
    }
    match b {
        Some(b) => compass_name(b) == g.direction,
        None => g
            .kinds
            .iter()
            .any(|k| k != "offset" && k != "direction" && *k == kind),
    }
}

fn count_ok(gold: &str, mine: &Value) -> bool {
    gold.is_empty()
        || gold
            .split('|')
            .any(|g| mine.as_u64().map(|m| m.to_string()) == Some(g.to_owned()))
}

#[test]
fn extract_meets_the_gold_figures() {
    let gold = load_gold();
    let recs = extract_records(&[fixture("spotlight-2020-05-21.txt").to_str().expect("path")]);
    let by_line: HashMap<usize, &Value> = recs
        .iter()
        .map(|r| (r["source_line"].as_u64().expect("line") as usize, r))
        .collect();
    let mut found = 0;
    let mut located_right = 0;
    let mut counts_right = 0;
    let mut counts_total = 0;
    let mut misses = Vec::new();
    for g in &gold {
        let Some(r) = by_line.get(&g.line) else {
            misses.push(format!("line {}: not found", g.line));
            continue;
        };
        let date = str_of(r, "date");
        let date_ok = if g.date.is_empty() {
            date.is_empty()
        } else {
            g.date.split('|').any(|d| d == date)
        };
        let kind_ok = g.kinds.contains(&str_of(r, "location_kind"));
        let country_ok = str_of(r, "country") == g.country;
        if date_ok && kind_ok && country_ok {
            found += 1;
        } else {
            misses.push(format!(
                "line {}: date {date_ok} kind {kind_ok} country {country_ok} ({} {} {})",
                g.line,
                date,
                str_of(r, "location_kind"),
                str_of(r, "country")
            ));
        }
        let (a, d, b) = (anchor_ok(g, r), distance_ok(g, r), bearing_ok(g, r));
        if a && d && b {
            located_right += 1;
        } else {
            misses.push(format!(
                "line {}: anchor {a} distance {d} bearing {b} ({} {:?} {:?})",
                g.line,
                str_of(r, "anchor"),
                r["distance_km"],
                r["bearing_deg"]
            ));
        }
        for (gv, mv) in [(&g.killed, &r["killed"]), (&g.wounded, &r["wounded"])] {
            if !gv.is_empty() {
                counts_total += 1;
                if count_ok(gv, mv) {
                    counts_right += 1;
                } else {
                    misses.push(format!("line {}: count gold {gv} mine {mv}", g.line));
                }
            }
        }
    }
    let gold_lines: Vec<usize> = gold.iter().map(|g| g.line).collect();
    let extra: Vec<usize> = recs
        .iter()
        .map(|r| r["source_line"].as_u64().expect("line") as usize)
        .filter(|l| !gold_lines.contains(l))
        .collect();
    let n = gold.len();
    let present = n - misses.iter().filter(|m| m.ends_with("not found")).count();
    println!("gold incidents: {n}; found with right date+country+location_kind: {found}");
    println!(
        "anchor+distance+bearing right: {located_right}/{present} ({:.1}%)",
        100.0 * located_right as f64 / present as f64
    );
    println!("killed/wounded right where gold gives numbers: {counts_right}/{counts_total}");
    println!(
        "records matching no annotated incident: {} {:?}",
        extra.len(),
        extra
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        found >= 58,
        "only {found} of {n} found with the right date, country and location_kind"
    );
    assert!(
        located_right as f64 >= 0.95 * present as f64,
        "anchor/distance/bearing right for only {located_right}/{present}"
    );
    assert_eq!(counts_right, counts_total, "killed/wounded wrong");
    assert!(
        extra.len() <= 3,
        "too many records match no annotated incident: {extra:?}"
    );
}
