//! Flat records: one row per incident with the stable property names of
//! DESIGN.md's output contract. Both CSV and GeoJSON properties come from here.

use serde::Serialize;

use crate::model::Incident;

/// The extract stage's record: the incident and the parse of its location phrase.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractRecord {
    pub id: String,
    pub date: Option<String>,
    pub date_precision: Option<&'static str>,
    pub kind: &'static str,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub killed: Option<u32>,
    pub wounded: Option<u32>,
    pub casualties_text: Option<String>,
    pub country: Option<String>,
    pub context: String,
    pub location_text: Option<String>,
    pub location_kind: Option<&'static str>,
    /// Anchor names joined with " | " (two for between/road).
    pub anchor: Option<String>,
    pub road: Option<String>,
    pub distance_km: Option<f64>,
    pub bearing_deg: Option<f64>,
    pub qualifiers: Option<String>,
    pub location_context: Option<String>,
    pub fallback_location: Option<String>,
    pub source_file: String,
    pub source_line: usize,
    pub report_title: Option<String>,
    pub report_period: Option<String>,
    pub sources: Option<String>,
    pub text: String,
}

fn nonempty(v: &[String], sep: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.join(sep))
}

impl From<&Incident> for ExtractRecord {
    fn from(i: &Incident) -> Self {
        let loc = i.location.as_ref();
        ExtractRecord {
            id: i.id.clone(),
            date: i.date.map(|d| d.to_string()),
            date_precision: i.date_precision.map(|p| p.as_str()),
            kind: i.kind.as_str(),
            actor: i.actor.clone(),
            target: i.target.clone(),
            killed: i.killed,
            wounded: i.wounded,
            casualties_text: i.casualties_text.clone(),
            country: i.country.clone(),
            context: i.context.clone(),
            location_text: loc.map(|l| l.text.clone()),
            location_kind: loc.map(|l| l.kind.as_str()),
            anchor: loc.and_then(|l| nonempty(&l.anchors, " | ")),
            road: loc.and_then(|l| l.road.clone()),
            distance_km: loc.and_then(|l| l.distance_km),
            bearing_deg: loc.and_then(|l| l.bearing_deg),
            qualifiers: loc.and_then(|l| nonempty(&l.qualifiers, ";")),
            location_context: loc.and_then(|l| l.context.clone()),
            fallback_location: loc.and_then(|l| l.fallback.as_ref().map(|f| f.text.clone())),
            source_file: i.source_file.clone(),
            source_line: i.source_line,
            report_title: i.report_title.clone(),
            report_period: i.report_period.clone(),
            sources: nonempty(&i.sources, "; "),
            text: i.text.clone(),
        }
    }
}
