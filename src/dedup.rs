//! Merging one incident reported twice (two overlapping weekly digests, or
//! two sources). Two incidents are the same when they have
//! - the same kind;
//! - dates that agree within their precision (same day for day precision,
//!   within 3 days when either is week-precise, same month for month
//!   precision; two undated incidents agree only with the same text);
//! - locations that agree: points within the sum of their uncertainty radii
//!   (unresolved incidents: the same location phrase);
//! - casualty counts that do not contradict (equal where both give one).
//!
//! Incidents of the same report are never merged: a digest lists look-alike
//! incidents separately on purpose. The first report (input order) is kept; the other's sources are added to it
//! and its id is listed in `also_reported_as`.

use crate::geodesy;
use crate::model::Located;
use crate::model::{DatePrecision, Incident};

fn dates_agree(a: &Incident, b: &Incident) -> bool {
    match (a.date, b.date) {
        (Some(x), Some(y)) => {
            let gap = (x - y).num_days().abs();
            let week = |p: Option<DatePrecision>| matches!(p, Some(DatePrecision::Week));
            let month = |p: Option<DatePrecision>| {
                matches!(p, Some(DatePrecision::Month | DatePrecision::Year))
            };
            if month(a.date_precision) || month(b.date_precision) {
                x.format("%Y-%m").to_string() == y.format("%Y-%m").to_string()
            } else if week(a.date_precision) || week(b.date_precision) {
                gap <= 3
            } else {
                gap == 0
            }
        }
        (None, None) => a.text == b.text,
        _ => false,
    }
}

fn counts_agree(a: Option<u32>, b: Option<u32>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

pub fn same_incident(a: &Located, b: &Located) -> bool {
    let (ia, ib) = (&a.incident, &b.incident);
    // One report lists distinct incidents on purpose, even when they look alike.
    if ia.source_file == ib.source_file {
        return false;
    }
    if ia.kind != ib.kind
        || !dates_agree(ia, ib)
        || !counts_agree(ia.killed, ib.killed)
        || !counts_agree(ia.wounded, ib.wounded)
    {
        return false;
    }
    match (a.point(), b.point()) {
        (Some(p), Some(q)) => {
            let tol = a.resolution.uncertainty_km.unwrap_or(0.0)
                + b.resolution.uncertainty_km.unwrap_or(0.0)
                + 0.5;
            geodesy::distance_km(p, q) <= tol
        }
        (None, None) => {
            ia.location.as_ref().map(|l| &l.text) == ib.location.as_ref().map(|l| &l.text)
        }
        _ => false,
    }
}

/// The report part of an incident id ("spotlight-2020-05-21-L64" -> "spotlight-2020-05-21").
fn report_of(id: &str) -> &str {
    id.rsplit_once("-L").map_or(id, |(stem, _)| stem)
}

/// Merges duplicates; returns the kept incidents (input order) and how many were merged.
pub fn merge(located: Vec<Located>) -> (Vec<Located>, usize) {
    let mut kept: Vec<Located> = Vec::with_capacity(located.len());
    let mut merged = 0;
    // Candidates are compared only within the same date (or undated) bucket.
    let mut by_date: std::collections::HashMap<Option<chrono::NaiveDate>, Vec<usize>> =
        std::collections::HashMap::new();
    for l in located {
        let window: Vec<Option<chrono::NaiveDate>> = match l.incident.date {
            Some(d) => (-31..=31)
                .map(|k| Some(d + chrono::Duration::days(k)))
                .collect(),
            None => vec![None],
        };
        // The best candidate: same sentence first, then the nearest point, then the earliest.
        let rank = |k: usize| {
            let other = &kept[k];
            let text = u8::from(other.incident.text != l.incident.text);
            let d = match (other.point(), l.point()) {
                (Some(p), Some(q)) => geodesy::distance_km(p, q),
                _ => 0.0,
            };
            (text, d, k)
        };
        let hit = window
            .iter()
            .filter_map(|d| by_date.get(d))
            .flatten()
            .copied()
            .filter(|&k| {
                same_incident(&kept[k], &l)
                    && !kept[k]
                        .also_reported_as
                        .iter()
                        .any(|id| report_of(id) == report_of(&l.incident.id))
            })
            .map(rank)
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)))
            .map(|(_, _, k)| k);
        match hit {
            Some(k) => {
                let target = &mut kept[k];
                for s in &l.incident.sources {
                    if !target.incident.sources.contains(s) {
                        target.incident.sources.push(s.clone());
                    }
                }
                target.also_reported_as.push(l.incident.id.clone());
                merged += 1;
            }
            None => {
                by_date.entry(l.incident.date).or_default().push(kept.len());
                kept.push(l);
            }
        }
    }
    (kept, merged)
}
