//! Incidents as the index, cluster and query stages see them: an id, a
//! point (or none), the fields filters need, and the output contract's
//! properties to write back out. Built from resolved reports or read from an
//! incidents GeoJSON/CSV that incimap wrote earlier (map once, query many times).

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::export::records::IncidentRecord;
use crate::model::LonLat;
use crate::pipeline::Located;

#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub point: Option<LonLat>,
    pub date: Option<NaiveDate>,
    pub kind: String,
    pub country: Option<String>,
    pub precision: Option<u8>,
    pub killed: Option<u32>,
    pub wounded: Option<u32>,
    pub uncertainty_km: Option<f64>,
    /// The output contract's properties, in contract order (no lon/lat).
    pub props: Map<String, Value>,
}

impl Row {
    pub fn from_props(props: Map<String, Value>, point: Option<LonLat>) -> Row {
        let s = |k: &str| props.get(k).and_then(Value::as_str).map(str::to_owned);
        let n = |k: &str| props.get(k).and_then(Value::as_u64).map(|v| v as u32);
        Row {
            id: s("id").unwrap_or_default(),
            point,
            date: s("date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            kind: s("kind").unwrap_or_else(|| "other".into()),
            country: s("country"),
            precision: props
                .get("acled_geo_precision")
                .and_then(Value::as_u64)
                .map(|v| v as u8),
            killed: n("killed"),
            wounded: n("wounded"),
            uncertainty_km: props.get("uncertainty_km").and_then(Value::as_f64),
            props,
        }
    }
}

pub fn from_located(located: &[Located]) -> Vec<Row> {
    located
        .iter()
        .map(|l| {
            let mut props = match serde_json::to_value(IncidentRecord::from(l)) {
                Ok(Value::Object(m)) => m,
                _ => Map::new(),
            };
            props.remove("lon");
            props.remove("lat");
            Row::from_props(props, l.point())
        })
        .collect()
}

/// True for files this module reads (as opposed to reports).
pub fn is_dataset_path(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("geojson" | "json" | "csv")
    )
}

/// Reads an incidents GeoJSON FeatureCollection or CSV (with id, lon, lat columns).
pub fn read(path: &Path) -> Result<Vec<Row>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if ext.as_deref() == Some("csv") {
        read_csv(path)
    } else {
        read_geojson(path)
    }
}

fn bad(path: &Path, message: impl Into<String>) -> Error {
    Error::BadData {
        path: path.into(),
        message: message.into(),
    }
}

fn read_geojson(path: &Path) -> Result<Vec<Row>> {
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => bad(path, "not UTF-8 text"),
        _ => Error::io(path, e),
    })?;
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e| bad(path, format!("not valid GeoJSON: {e}")))?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Err(bad(path, "GeoJSON is not a FeatureCollection of incidents"));
    };
    let mut rows = Vec::with_capacity(fc.features.len());
    for (i, f) in fc.features.into_iter().enumerate() {
        let point = match f.geometry.as_ref().map(|g| &g.value) {
            None => None,
            Some(geojson::GeometryValue::Point { coordinates }) => {
                let c: &[f64] = coordinates.as_slice();
                Some(
                    LonLat::new(
                        c.first().copied().unwrap_or(f64::NAN),
                        c.get(1).copied().unwrap_or(f64::NAN),
                    )
                    .ok_or_else(|| {
                        bad(path, format!("feature {}: coordinates out of range", i + 1))
                    })?,
                )
            }
            Some(other) => {
                return Err(bad(
                    path,
                    format!(
                        "feature {}: geometry {} is not a Point",
                        i + 1,
                        other.type_name()
                    ),
                ));
            }
        };
        let mut props = f.properties.unwrap_or_default();
        if !props.contains_key("id") {
            props.insert("id".into(), Value::String(format!("feature-{}", i + 1)));
        }
        rows.push(Row::from_props(props, point));
    }
    Ok(rows)
}

/// Columns read as numbers when a CSV is loaded.
const NUMERIC: &[&str] = &[
    "killed",
    "wounded",
    "anchor_lon",
    "anchor_lat",
    "distance_km",
    "bearing_deg",
    "uncertainty_km",
    "acled_geo_precision",
    "ucdp_where_prec",
    "gtd_specificity",
    "source_line",
];

fn read_csv(path: &Path) -> Result<Vec<Row>> {
    let mut r =
        csv::Reader::from_path(path).map_err(|e| bad(path, format!("cannot read CSV: {e}")))?;
    let headers = r
        .headers()
        .map_err(|e| bad(path, format!("no CSV header: {e}")))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(ilon), Some(ilat)) = (col("lon"), col("lat")) else {
        return Err(bad(path, "CSV needs lon and lat columns"));
    };
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| Error::BadRow {
            path: path.into(),
            line,
            message: e.to_string(),
        })?;
        let num = |k: usize| {
            rec.get(k)
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse::<f64>())
        };
        let point = match (num(ilon), num(ilat)) {
            (None, None) => None,
            (Some(Ok(lon)), Some(Ok(lat))) => {
                Some(LonLat::new(lon, lat).ok_or_else(|| Error::BadRow {
                    path: path.into(),
                    line,
                    message: format!("lon {lon} / lat {lat} out of range"),
                })?)
            }
            _ => {
                return Err(Error::BadRow {
                    path: path.into(),
                    line,
                    message: "lon/lat are not numbers".into(),
                });
            }
        };
        let mut props = Map::new();
        for (h, v) in headers.iter().zip(rec.iter()) {
            if h == "lon" || h == "lat" {
                continue;
            }
            let value = if v.is_empty() {
                Value::Null
            } else if NUMERIC.contains(&h) {
                v.parse::<i64>()
                    .map(Value::from)
                    .or_else(|_| v.parse::<f64>().map(Value::from))
                    .unwrap_or_else(|_| Value::String(v.to_owned()))
            } else {
                Value::String(v.to_owned())
            };
            props.insert(h.to_owned(), value);
        }
        if !props.contains_key("id") || props["id"].is_null() {
            props.insert("id".into(), Value::String(format!("row-{line}")));
        }
        rows.push(Row::from_props(props, point));
    }
    Ok(rows)
}
