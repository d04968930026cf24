//! Accuracy on data a user already has: coded-event rows (the coder's point)
//! and annotated passages (the anchor and offset an annotator read). Every
//! row goes through the same stages `map` uses; this module only compares.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::extract::{self, ExtractOptions, records::Record};
use crate::gazetteer::{LookupContext, normalize};
use crate::geodesy;
use crate::model::LonLat;
use crate::pipeline::{self, Located, Reference};

/// What became of one coded row.
#[derive(Debug, Clone, Serialize)]
pub struct RowOutcome {
    pub id: String,
    pub line: usize,
    pub precision: Option<u8>,
    pub found: bool,
    /// The incident's kind (`other`: the text has no cue of the event lexicon).
    pub kind: Option<String>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    /// Point vs the coder's point, km.
    pub error_km: Option<f64>,
    /// The anchor (the place an offset is measured from) vs the coder's point, km.
    pub anchor_error_km: Option<f64>,
    pub anchor: Option<String>,
    pub method: Option<String>,
    pub unresolved_reason: Option<String>,
}

impl RowOutcome {
    /// The better of point and anchor: coders code "10 km N of X" at X.
    fn point_or_anchor_km(&self) -> Option<f64> {
        match (self.error_km, self.anchor_error_km) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Shares (0-1) over `n` rows; `median_km` over the located ones.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Scores {
    pub n: usize,
    pub found: f64,
    /// Rows whose text carries a cue of the event lexicon (kind other than `other`).
    pub event_cue: f64,
    pub located: f64,
    pub acc5: f64,
    pub acc25: f64,
    pub acc161: f64,
    pub median_km: Option<f64>,
    pub acc25_point_or_anchor: f64,
    pub acc161_point_or_anchor: f64,
}

impl Scores {
    pub fn of(rows: &[&RowOutcome]) -> Scores {
        let n = rows.len();
        if n == 0 {
            return Scores::default();
        }
        let share = |f: &dyn Fn(&RowOutcome) -> bool| {
            round4(rows.iter().filter(|r| f(r)).count() as f64 / n as f64)
        };
        let within = |km: f64| move |r: &RowOutcome| r.error_km.is_some_and(|e| e <= km);
        let either =
            |km: f64| move |r: &RowOutcome| r.point_or_anchor_km().is_some_and(|e| e <= km);
        let mut errs: Vec<f64> = rows.iter().filter_map(|r| r.error_km).collect();
        errs.sort_by(f64::total_cmp);
        let median_km = (!errs.is_empty()).then(|| {
            let m = errs.len() / 2;
            let v = if errs.len() % 2 == 1 {
                errs[m]
            } else {
                (errs[m - 1] + errs[m]) / 2.0
            };
            (v * 10.0).round() / 10.0
        });
        Scores {
            n,
            found: share(&|r| r.found),
            event_cue: share(&|r| r.kind.as_deref().is_some_and(|k| k != "other")),
            located: share(&|r| r.lon.is_some()),
            acc5: share(&within(5.0)),
            acc25: share(&within(25.0)),
            acc161: share(&within(161.0)),
            median_km,
            acc25_point_or_anchor: share(&either(25.0)),
            acc161_point_or_anchor: share(&either(161.0)),
        }
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The report on a coded-event file.
#[derive(Debug, Clone, Serialize)]
pub struct CodedReport {
    #[serde(flatten)]
    pub overall: Scores,
    pub by_precision: BTreeMap<String, Scores>,
    /// Rows left out before scoring (line, reason): no text, bad coordinates.
    pub skipped: usize,
}

/// Maps every record as its own one-incident report with the row's country
/// as context, and compares with the coder's point. Rows keep their order.
pub fn eval_records(
    records: &[Record],
    source: &str,
    opts: &ExtractOptions,
    reference: &Reference,
) -> Vec<RowOutcome> {
    use rayon::prelude::*;
    records
        .par_iter()
        .map(|rec| {
            let coded = rec.coded.expect("eval rows have coordinates");
            let id = rec.id.clone().unwrap_or_else(|| format!("L{}", rec.line));
            let inc = extract::extract_record(rec, source, None, opts, &reference.gazetteer);
            let mut out = RowOutcome {
                id,
                line: rec.line,
                precision: coded.precision,
                found: inc.is_ok(),
                kind: inc.as_ref().ok().map(|i| i.kind.to_string()),
                lon: None,
                lat: None,
                error_km: None,
                anchor_error_km: None,
                anchor: None,
                method: None,
                unresolved_reason: None,
            };
            match inc {
                Ok(inc) => {
                    let located = pipeline::resolve_all(vec![inc], &reference.resolver());
                    fill(&mut out, &located[0], coded.point);
                }
                Err(why) => out.unresolved_reason = Some(why),
            }
            out
        })
        .collect()
}

fn fill(out: &mut RowOutcome, l: &Located, truth: LonLat) {
    let r = &l.resolution;
    if let Some(p) = r.point {
        out.lon = Some(p.lon);
        out.lat = Some(p.lat);
        out.error_km = Some(round1(geodesy::distance_km(p, truth)));
    }
    if let Some(a) = &r.anchor {
        out.anchor = Some(a.name.clone());
        if let Some(p) = LonLat::new(a.lon, a.lat) {
            out.anchor_error_km = Some(round1(geodesy::distance_km(p, truth)));
        }
    }
    out.method = r.method.map(|m| m.to_string());
    out.unresolved_reason = r.unresolved_reason.clone();
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub fn report_coded(rows: &[RowOutcome], skipped: usize) -> CodedReport {
    let all: Vec<&RowOutcome> = rows.iter().collect();
    let mut by: BTreeMap<String, Vec<&RowOutcome>> = BTreeMap::new();
    for r in rows {
        let k = r
            .precision
            .map_or_else(|| "none".to_owned(), |p| p.to_string());
        by.entry(k).or_default().push(r);
    }
    CodedReport {
        overall: Scores::of(&all),
        by_precision: by.into_iter().map(|(k, v)| (k, Scores::of(&v))).collect(),
        skipped,
    }
}

/// One annotated passage (the JSON Lines layout of an annotated wire file:
/// see README "Accuracy on real text").
#[derive(Debug, Clone, Deserialize)]
pub struct Passage {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub anchor: Option<String>,
    #[serde(default)]
    pub anchor2: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub distance_km: Option<f64>,
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

impl Passage {
    /// The page date: "2018-06-13", or the first of the month for "2018-06".
    pub fn published_date(&self) -> Option<NaiveDate> {
        let p = self.published.as_deref()?;
        NaiveDate::parse_from_str(p, "%Y-%m-%d")
            .ok()
            .or_else(|| NaiveDate::parse_from_str(&format!("{p}-01"), "%Y-%m-%d").ok())
    }
}

/// What became of one passage.
#[derive(Debug, Clone, Serialize)]
pub struct PassageOutcome {
    pub id: String,
    pub kind: String,
    pub lang: String,
    pub found: bool,
    pub incidents: usize,
    pub anchor: Option<String>,
    /// The gazetteer holds the annotated anchor (or target) in the passage's country.
    pub anchor_known: bool,
    pub anchor_right: bool,
    /// None when the annotation gives no distance.
    pub offset_right: Option<bool>,
    pub distance_km: Option<f64>,
    pub bearing_deg: Option<f64>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub method: Option<String>,
    pub unresolved_reason: Option<String>,
}

/// Shares (0-1) over passages.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PassageScores {
    pub n: usize,
    pub found: f64,
    pub located: f64,
    pub anchor_right: f64,
    /// Passages whose annotated anchor the gazetteer holds, and the share of them right.
    pub anchor_known: usize,
    pub anchor_right_known: f64,
    /// Passages annotated with a distance, and the share read as annotated.
    pub offsets: usize,
    pub offset_right: f64,
}

impl PassageScores {
    pub fn of(rows: &[&PassageOutcome]) -> PassageScores {
        let n = rows.len();
        let share = |k: usize, d: usize| {
            if d == 0 {
                0.0
            } else {
                round4(k as f64 / d as f64)
            }
        };
        let count = |f: &dyn Fn(&PassageOutcome) -> bool| rows.iter().filter(|r| f(r)).count();
        let known = count(&|r| r.anchor_known);
        let offsets = count(&|r| r.offset_right.is_some());
        PassageScores {
            n,
            found: share(count(&|r| r.found), n),
            located: share(count(&|r| r.lon.is_some()), n),
            anchor_right: share(count(&|r| r.anchor_right), n),
            anchor_known: known,
            anchor_right_known: share(count(&|r| r.anchor_known && r.anchor_right), known),
            offsets,
            offset_right: share(count(&|r| r.offset_right == Some(true)), offsets),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PassageReport {
    #[serde(flatten)]
    pub overall: PassageScores,
    pub by_kind: BTreeMap<String, PassageScores>,
    pub by_lang: BTreeMap<String, PassageScores>,
}

pub fn report_passages(rows: &[PassageOutcome]) -> PassageReport {
    let group = |key: &dyn Fn(&PassageOutcome) -> String| {
        let mut m: BTreeMap<String, Vec<&PassageOutcome>> = BTreeMap::new();
        for r in rows {
            m.entry(key(r)).or_default().push(r);
        }
        m.into_iter()
            .map(|(k, v)| (k, PassageScores::of(&v)))
            .collect()
    };
    PassageReport {
        overall: PassageScores::of(&rows.iter().collect::<Vec<_>>()),
        by_kind: group(&|r| r.kind.clone()),
        by_lang: group(&|r| r.lang.clone()),
    }
}

/// Maps each passage as its own report (country and page date as context)
/// and compares its first incident with the annotation.
pub fn eval_passages(
    passages: &[Passage],
    opts: &ExtractOptions,
    reference: &Reference,
) -> Vec<PassageOutcome> {
    use rayon::prelude::*;
    passages
        .par_iter()
        .map(|p| {
            let country = p
                .country
                .as_deref()
                .and_then(extract::vocab::country_code)
                .or_else(|| opts.default_country.clone());
            let po = ExtractOptions {
                default_country: country.clone(),
                document_date: p.published_date().or(opts.document_date),
                ..opts.clone()
            };
            let report = extract::input::report_from_text(&p.id, &p.text);
            let ex = extract::extract(&report, &po, &reference.gazetteer);
            let located = pipeline::resolve_all(ex.incidents, &reference.resolver());
            score_passage(p, country.as_deref(), &located, reference)
        })
        .collect()
}

fn score_passage(
    p: &Passage,
    country: Option<&str>,
    located: &[Located],
    reference: &Reference,
) -> PassageOutcome {
    let g = &reference.gazetteer;
    let annotated: Vec<&str> = [
        p.anchor.as_deref(),
        p.target.as_deref(),
        p.anchor2.as_deref(),
    ]
    .into_iter()
    .flatten()
    // "Tripoli (anaphoric 'the capital')": the annotator's remark is not the name.
    .map(|s| s.split(" (").next().unwrap_or(s).trim())
    .filter(|s| !s.is_empty())
    .collect();
    let ctx = LookupContext {
        country: country.map(str::to_owned),
        ..LookupContext::default()
    };
    // The annotated names' places in the passage's country.
    let mut known_ids: Vec<String> = Vec::new();
    for name in &annotated {
        for c in g.lookup_with(name, &ctx, false) {
            let place = g.place(c.index);
            if country.is_none_or(|cc| place.in_country(cc)) {
                known_ids.push(place.id.clone());
            }
        }
    }
    let first = located.first();
    let r = first.map(|l| &l.resolution);
    let anchor = r.and_then(|r| r.anchor.as_ref());
    let keys: Vec<String> = annotated.iter().map(|a| normalize::n_key(a)).collect();
    let written: Vec<String> = first
        .and_then(|l| l.incident.location.as_ref())
        .map(|ph| ph.anchors.iter().map(|a| normalize::n_key(a)).collect())
        .unwrap_or_default();
    // The right place, not a namesake abroad: a name match counts only for an
    // anchor in the passage's country. A road or a between has two ends:
    // either is its anchor.
    let ends = [anchor, r.and_then(|r| r.anchor2.as_ref())];
    let anchor_right = ends.into_iter().flatten().any(|a| {
        let home =
            country.is_none_or(|cc| a.country.split('|').any(|c| c.eq_ignore_ascii_case(cc)));
        known_ids.contains(&a.id)
            || (home
                && (keys.contains(&normalize::n_key(&a.name))
                    || written.iter().any(|w| keys.contains(w))))
    });
    // The offset as annotated: in the resolution, or read into the parse (a
    // named place wins over its gloss "X, 30 km south of Y", as the coders do).
    let as_annotated = |dist: Option<f64>, bearing: Option<f64>| {
        let Some(want) = p.distance_km else {
            return false;
        };
        let dist_ok = dist.is_some_and(|d| (d - want).abs() <= (0.05 * want).max(0.6));
        let dir_ok = match (p.direction.as_deref(), bearing) {
            (None, None) => true,
            (Some(d), Some(b)) => extract::vocab::compass(d).is_some_and(|(want_b, _)| {
                let diff = (want_b - b).rem_euclid(360.0);
                diff.min(360.0 - diff) < 1.0
            }),
            _ => false,
        };
        dist_ok && dir_ok
    };
    let offset_right = p.distance_km.map(|_| {
        let mut parsed = first.and_then(|l| l.incident.location.as_ref());
        let mut found = as_annotated(r.and_then(|r| r.distance_km), r.and_then(|r| r.bearing_deg));
        while let Some(ph) = parsed.filter(|_| !found) {
            found = as_annotated(ph.distance_km, ph.bearing_deg);
            parsed = ph.fallback.as_deref();
        }
        found
    });
    PassageOutcome {
        id: p.id.clone(),
        kind: p.kind.clone().unwrap_or_else(|| "none".into()),
        lang: p.lang.clone().unwrap_or_else(|| "none".into()),
        found: !located.is_empty(),
        incidents: located.len(),
        anchor: anchor.map(|a| a.name.clone()),
        anchor_known: !known_ids.is_empty(),
        anchor_right,
        offset_right,
        distance_km: r.and_then(|r| r.distance_km),
        bearing_deg: r.and_then(|r| r.bearing_deg),
        lon: r.and_then(|r| r.point).map(|p| p.lon),
        lat: r.and_then(|r| r.point).map(|p| p.lat),
        method: r.and_then(|r| r.method.map(|m| m.to_string())),
        unresolved_reason: match first {
            None => Some("no incident found".into()),
            Some(l) => l.resolution.unresolved_reason.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(err: Option<f64>, anchor: Option<f64>, found: bool) -> RowOutcome {
        RowOutcome {
            id: "x".into(),
            line: 2,
            precision: Some(1),
            found,
            kind: None,
            lon: err.map(|_| 0.0),
            lat: err.map(|_| 0.0),
            error_km: err,
            anchor_error_km: anchor,
            anchor: None,
            method: None,
            unresolved_reason: None,
        }
    }

    #[test]
    fn shares_and_median() {
        let rows = [
            row(Some(3.0), Some(3.0), true),
            row(Some(30.0), Some(2.0), true),
            row(Some(200.0), None, true),
            row(None, None, false),
        ];
        let s = Scores::of(&rows.iter().collect::<Vec<_>>());
        assert_eq!(s.n, 4);
        assert_eq!(s.found, 0.75);
        assert_eq!(s.located, 0.75);
        assert_eq!(s.acc5, 0.25);
        assert_eq!(s.acc25, 0.25);
        assert_eq!(s.acc161, 0.5);
        assert_eq!(s.acc25_point_or_anchor, 0.5);
        assert_eq!(s.median_km, Some(30.0));
    }
}
