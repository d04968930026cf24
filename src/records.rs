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

/// The output contract's incident record (DESIGN.md): GeoJSON properties and,
/// with `lon`/`lat`, a CSV row.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentRecord {
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
    pub admin1: Option<String>,
    pub location_text: Option<String>,
    pub location_kind: Option<&'static str>,
    pub anchor: Option<String>,
    pub anchor_id: Option<String>,
    pub anchor_lon: Option<f64>,
    pub anchor_lat: Option<f64>,
    /// Gazetteer sources of the anchor ("geonames+wof", "osm2019", ...).
    pub anchor_source: Option<String>,
    pub distance_km: Option<f64>,
    pub bearing_deg: Option<f64>,
    pub uncertainty_km: Option<f64>,
    pub acled_geo_precision: Option<u8>,
    pub ucdp_where_prec: Option<u8>,
    pub gtd_specificity: Option<u8>,
    pub method: Option<String>,
    pub unresolved_reason: Option<String>,
    pub alternatives: Option<String>,
    pub context: String,
    pub source_file: String,
    pub source_line: usize,
    pub text: String,
    pub sources: Option<String>,
    /// The coder's point and precision code when the incident came from a
    /// coded-event row (ACLED/UCDP CSV).
    pub coded_lon: Option<f64>,
    pub coded_lat: Option<f64>,
    pub coded_precision: Option<u8>,
    /// Ids of the same incident in other reports, merged into this record.
    pub also_reported_as: Option<String>,
    /// The point, for CSV; GeoJSON carries it as the geometry instead.
    pub lon: Option<f64>,
    pub lat: Option<f64>,
}

/// OGR field types of the incidents CSV columns (written as incidents.csvt so
/// QGIS reads dates as Date, counts as Integer and km as Real).
pub const INCIDENT_COLUMNS: &[(&str, &str)] = &[
    ("id", "String"),
    ("date", "Date"),
    ("date_precision", "String"),
    ("kind", "String"),
    ("actor", "String"),
    ("target", "String"),
    ("killed", "Integer"),
    ("wounded", "Integer"),
    ("casualties_text", "String"),
    ("country", "String"),
    ("admin1", "String"),
    ("location_text", "String"),
    ("location_kind", "String"),
    ("anchor", "String"),
    ("anchor_id", "String"),
    ("anchor_lon", "Real"),
    ("anchor_lat", "Real"),
    ("anchor_source", "String"),
    ("distance_km", "Real"),
    ("bearing_deg", "Real"),
    ("uncertainty_km", "Real"),
    ("acled_geo_precision", "Integer"),
    ("ucdp_where_prec", "Integer"),
    ("gtd_specificity", "Integer"),
    ("method", "String"),
    ("unresolved_reason", "String"),
    ("alternatives", "String"),
    ("context", "String"),
    ("source_file", "String"),
    ("source_line", "Integer"),
    ("text", "String"),
    ("sources", "String"),
    ("coded_lon", "Real"),
    ("coded_lat", "Real"),
    ("coded_precision", "Integer"),
    ("also_reported_as", "String"),
    ("lon", "Real"),
    ("lat", "Real"),
];

/// Rounds to 6 decimals (about 0.1 m), the precision written to files.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl From<&crate::model::Located> for IncidentRecord {
    fn from(l: &crate::model::Located) -> Self {
        let i = &l.incident;
        let r = &l.resolution;
        let loc = i.location.as_ref();
        let anchor_name = match (&r.anchor, &r.anchor2) {
            (Some(a), Some(b)) => Some(format!("{} | {}", a.name, b.name)),
            (Some(a), None) => Some(a.name.clone()),
            _ => loc.and_then(|l| nonempty(&l.anchors, " | ")),
        };
        let alternatives: Vec<String> = r
            .alternatives
            .iter()
            .map(|a| {
                format!(
                    "{} ({}, {}, {}; {:.4},{:.4})",
                    a.name, a.id, a.country, a.source, a.lat, a.lon
                )
            })
            .collect();
        IncidentRecord {
            id: i.id.clone(),
            date: i.date.map(|d| d.to_string()),
            date_precision: i.date_precision.map(|p| p.as_str()),
            kind: i.kind.as_str(),
            actor: i.actor.clone(),
            target: i.target.clone(),
            killed: i.killed,
            wounded: i.wounded,
            casualties_text: i.casualties_text.clone(),
            country: l.country(),
            admin1: r.admin1.clone(),
            // The reading the point came from (a fallback or a later
            // sentence's), else the phrase the extraction chose.
            location_text: r.reading.clone().or_else(|| loc.map(|l| l.text.clone())),
            location_kind: r
                .reading_kind
                .or_else(|| loc.map(|l| l.kind))
                .map(|k| k.as_str()),
            anchor: anchor_name,
            anchor_id: r.anchor.as_ref().map(|a| a.id.clone()),
            anchor_lon: r.anchor.as_ref().map(|a| round6(a.lon)),
            anchor_lat: r.anchor.as_ref().map(|a| round6(a.lat)),
            anchor_source: match (&r.anchor, &r.anchor2) {
                (Some(a), Some(b)) => Some(format!("{} | {}", a.source, b.source)),
                (Some(a), None) => Some(a.source.clone()),
                _ => None,
            },
            distance_km: r.distance_km,
            bearing_deg: r.bearing_deg,
            uncertainty_km: r.uncertainty_km,
            acled_geo_precision: r.acled_geo_precision,
            ucdp_where_prec: r.ucdp_where_prec,
            gtd_specificity: r.gtd_specificity,
            method: r.method.map(|m| m.to_string()),
            unresolved_reason: r.unresolved_reason.clone(),
            alternatives: nonempty(&alternatives, "; "),
            context: i.context.clone(),
            source_file: i.source_file.clone(),
            source_line: i.source_line,
            text: i.text.clone(),
            sources: nonempty(&i.sources, "; "),
            coded_lon: i.coded.map(|c| round6(c.point.lon)),
            coded_lat: i.coded.map(|c| round6(c.point.lat)),
            coded_precision: i.coded.and_then(|c| c.precision),
            also_reported_as: nonempty(&l.also_reported_as, ";"),
            lon: l.point().map(|p| round6(p.lon)),
            lat: l.point().map(|p| round6(p.lat)),
        }
    }
}
