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

/// An incidents file read back: its rows and what looked wrong but was kept.
#[derive(Debug, Default)]
pub struct Loaded {
    pub rows: Vec<Row>,
    pub warnings: Vec<String>,
}

/// Reads an incidents GeoJSON FeatureCollection or CSV (with id, lon, lat
/// columns). Every contract field is type-checked: a wrong type or an
/// unparseable date is an error naming the feature or line and the field.
pub fn read(path: &Path) -> Result<Loaded> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Empty { path: path.into() });
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Error::BadRow {
            path: path.into(),
            line,
            message: "not UTF-8 text (incimap writes its layers in UTF-8)".into(),
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if ext.as_deref() == Some("csv") {
        read_csv_str(path, text)
    } else {
        read_geojson_str(path, text)
    }
}

fn bad(path: &Path, message: impl Into<String>) -> Error {
    Error::BadData {
        path: path.into(),
        message: message.into(),
    }
}

/// Reads an incidents FeatureCollection from text (`path` names it in messages).
pub fn read_geojson_str(path: &Path, text: &str) -> Result<Loaded> {
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e| bad(path, format!("not valid GeoJSON: {e}")))?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Err(bad(path, "GeoJSON is not a FeatureCollection of incidents"));
    };
    let mut out = Loaded::default();
    out.rows.reserve(fc.features.len());
    for (i, f) in fc.features.into_iter().enumerate() {
        let at = |m: String| bad(path, format!("feature {}: {m}", i + 1));
        let point = match f.geometry.as_ref().map(|g| &g.value) {
            None => None,
            Some(geojson::GeometryValue::Point { coordinates }) => {
                let c: &[f64] = coordinates.as_slice();
                Some(
                    LonLat::new(
                        c.first().copied().unwrap_or(f64::NAN),
                        c.get(1).copied().unwrap_or(f64::NAN),
                    )
                    .ok_or_else(|| at("coordinates out of range".into()))?,
                )
            }
            Some(other) => {
                return Err(at(format!("geometry {} is not a Point", other.type_name())));
            }
        };
        let mut props = f.properties.unwrap_or_default();
        if !props.contains_key("id") || props["id"].is_null() {
            props.insert("id".into(), Value::String(format!("feature-{}", i + 1)));
        }
        if let Some(w) = check(&mut props, point).map_err(at)? {
            out.warnings
                .push(format!("{}: feature {}: {w}", path.display(), i + 1));
        }
        out.rows.push(Row::from_props(props, point));
    }
    Ok(out)
}

/// Numeric fields of the contract: (name, whole number, smallest, largest).
const NUMERIC: &[(&str, bool, f64, f64)] = &[
    ("killed", true, 0.0, u32::MAX as f64),
    ("wounded", true, 0.0, u32::MAX as f64),
    ("anchor_lon", false, -180.0, 180.0),
    ("anchor_lat", false, -90.0, 90.0),
    ("coded_lon", false, -180.0, 180.0),
    ("coded_lat", false, -90.0, 90.0),
    ("distance_km", false, 0.0, 20_040.0),
    ("bearing_deg", false, 0.0, 360.0),
    ("uncertainty_km", false, 0.0, 20_040.0),
    ("acled_geo_precision", true, 1.0, 3.0),
    ("ucdp_where_prec", true, 1.0, 7.0),
    ("gtd_specificity", true, 1.0, 5.0),
    ("coded_precision", true, 1.0, 7.0),
    ("source_line", true, 0.0, u32::MAX as f64),
];

/// Text fields whose values are checked.
const TEXT: &[&str] = &["date", "kind", "country"];

/// The contract's other text fields: a string or null.
const STRINGS: &[&str] = &[
    "date_precision",
    "actor",
    "target",
    "casualties_text",
    "admin1",
    "location_text",
    "location_kind",
    "anchor",
    "anchor_id",
    "anchor_source",
    "method",
    "unresolved_reason",
    "alternatives",
    "context",
    "source_file",
    "text",
    "sources",
    "also_reported_as",
];

/// Checks the contract fields of one record (numbers already typed); returns
/// a warning for a point that looks like swapped lat/lon.
fn check(props: &mut Map<String, Value>, point: Option<LonLat>) -> Result<Option<String>, String> {
    match &props["id"] {
        Value::String(_) => {}
        Value::Number(n) => {
            let s = n.to_string();
            props.insert("id".into(), Value::String(s));
        }
        other => return Err(format!("id {other} is not a string")),
    }
    for &(name, whole, lo, hi) in NUMERIC {
        let Some(v) = props.get(name).filter(|v| !v.is_null()) else {
            continue;
        };
        let Some(x) = v.as_f64() else {
            return Err(format!("{name} {v} is not a number"));
        };
        if whole && x.fract() != 0.0 {
            return Err(format!("{name} {v} is not a whole number"));
        }
        if !(lo..=hi).contains(&x) {
            return Err(format!("{name} {v} is outside {lo}..{hi}"));
        }
    }
    for &name in STRINGS {
        if let Some(v) = props.get(name).filter(|v| !v.is_null() && !v.is_string()) {
            return Err(format!("{name} {v} is not a string"));
        }
    }
    for &name in TEXT {
        let Some(v) = props.get(name).filter(|v| !v.is_null()) else {
            continue;
        };
        let Some(s) = v.as_str() else {
            return Err(format!("{name} {v} is not a string"));
        };
        match name {
            "date" if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err() => {
                return Err(format!("date '{s}' is not a YYYY-MM-DD date"));
            }
            "kind" if s.parse::<crate::model::IncidentKind>().is_err() => {
                return Err(format!("kind '{s}' is not one of incimap's incident kinds"));
            }
            "country" if !crate::resolve::border::is_country_code(s) => {
                return Err(format!("country '{s}' is not an ISO 3166-1 alpha-2 code"));
            }
            _ => {}
        }
    }
    Ok(point.and_then(|p| swapped(props, p)))
}

/// A point far from its own anchor whose mirror (lat as lon) sits on it:
/// the coordinates were most likely written as lat, lon.
fn swapped(props: &Map<String, Value>, p: LonLat) -> Option<String> {
    let f = |k: &str| props.get(k).and_then(Value::as_f64);
    let anchor = LonLat::new(f("anchor_lon")?, f("anchor_lat")?)?;
    let mirror = LonLat::new(p.lat, p.lon)?;
    let reach = f("distance_km").unwrap_or(0.0) + f("uncertainty_km").unwrap_or(0.0) + 5.0;
    let d = crate::resolve::geodesy::distance_km(p, anchor);
    let dm = crate::resolve::geodesy::distance_km(mirror, anchor);
    (d > 2.0 * reach && dm <= reach).then(|| {
        format!(
            "point {:.4}, {:.4} (lon, lat) is {d:.0} km from its own anchor, but read as lat, lon \
             it lies on it: lon and lat look swapped",
            p.lon, p.lat
        )
    })
}

/// Reads an incidents CSV from text (`path` names it in messages).
pub fn read_csv_str(path: &Path, text: &str) -> Result<Loaded> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r
        .headers()
        .map_err(|e| bad(path, format!("no CSV header: {e}")))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(ilon), Some(ilat)) = (col("lon"), col("lat")) else {
        return Err(bad(path, "CSV needs lon and lat columns"));
    };
    let mut out = Loaded::default();
    for rec in r.records() {
        let rec = rec.map_err(|e| Error::BadRow {
            path: path.into(),
            line: e.position().map_or(0, |p| p.line() as usize),
            message: e.to_string(),
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let row_err = |message: String| Error::BadRow {
            path: path.into(),
            line,
            message,
        };
        let num = |k: usize| {
            rec.get(k)
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse::<f64>())
        };
        let point = match (num(ilon), num(ilat)) {
            (None, None) => None,
            (Some(Ok(lon)), Some(Ok(lat))) => Some(
                LonLat::new(lon, lat)
                    .ok_or_else(|| row_err(format!("lon {lon} / lat {lat} out of range")))?,
            ),
            _ => return Err(row_err("lon/lat are not numbers".into())),
        };
        let mut props = Map::new();
        for (h, v) in headers.iter().zip(rec.iter()) {
            if h == "lon" || h == "lat" {
                continue;
            }
            let value = if v.is_empty() {
                Value::Null
            } else if NUMERIC.iter().any(|(n, ..)| *n == h) {
                v.trim()
                    .parse::<i64>()
                    .map(Value::from)
                    .or_else(|_| {
                        v.trim()
                            .parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite())
                            .map(Value::from)
                            .ok_or(())
                    })
                    .map_err(|()| row_err(format!("{h} '{v}' is not a number")))?
            } else {
                Value::String(v.to_owned())
            };
            props.insert(h.to_owned(), value);
        }
        if !props.contains_key("id") || props["id"].is_null() {
            props.insert("id".into(), Value::String(format!("row-{line}")));
        }
        if let Some(w) = check(&mut props, point).map_err(row_err)? {
            out.warnings.push(format!("{}:{line}: {w}", path.display()));
        }
        out.rows.push(Row::from_props(props, point));
    }
    Ok(out)
}
