//! A record written back out as a GeoJSON feature. A feature read from
//! GeoJSON is transcoded: its properties are copied as written where the
//! text is already what serde_json would write (strings without escapes,
//! literals), and only the other values are parsed and written again. The
//! bytes are those of [`Record::properties`] serialised in a feature, without
//! building a map of every property.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::fields::F;
use super::geojson_in::BorrowedStr;
use super::{Raw, Record, Row};
use crate::model::LonLat;
use crate::records::round6;

/// A feature as written: the same bytes `json!` would give.
#[derive(serde::Serialize)]
struct OutFeature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: Option<OutPoint>,
    properties: &'a serde_json::Map<String, Value>,
}

#[derive(serde::Serialize)]
struct OutPoint {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

fn out_point(point: Option<LonLat>) -> Option<OutPoint> {
    point.map(|p| OutPoint {
        kind: "Point",
        coordinates: [round6(p.lon), round6(p.lat)],
    })
}

impl Record<'_> {
    /// The record as one GeoJSON feature: its point (6 decimals) and its
    /// properties, with `extra` set after them. A feature read from GeoJSON
    /// is written from its own text: its point and id need not have been
    /// read ([`super::fields::Need::NONE`]).
    pub fn feature_json(&self, extra: &[(&str, Value)]) -> serde_json::Result<Vec<u8>> {
        let Raw::Json(json) = self.raw else {
            return self.by_map(extra);
        };
        if let Ok(lite) = serde_json::from_slice::<FeatureLite>(json) {
            let point = lite
                .geometry
                .and_then(|g| g.coordinates)
                .and_then(|c| serde_json::from_str::<Vec<f64>>(c.get()).ok())
                .and_then(|c| LonLat::new(*c.first()?, *c.get(1)?));
            let id = self.own_id(lite.properties.as_ref());
            if let Some(out) = transcode(lite.properties, &id, point, extra) {
                return Ok(out);
            }
        }
        // The rare feature only a map sorts out (a repeated key or member, a
        // value serde_json will not read): its point and id as the reader
        // reads them, its properties as `properties` gives them.
        let n = self.at.record + 1;
        let (point, id) = super::geojson_in::point_and_id(json, n)
            .unwrap_or_else(|| (self.row.point, self.id.to_owned()));
        let row = Row {
            point,
            ..self.row.clone()
        };
        Record {
            id: &id,
            row: &row,
            ..*self
        }
        .by_map(extra)
    }

    /// The feature with its properties in a map.
    fn by_map(&self, extra: &[(&str, Value)]) -> serde_json::Result<Vec<u8>> {
        let mut props = self.properties();
        for (k, v) in extra {
            props.insert((*k).to_owned(), v.clone());
        }
        serde_json::to_vec(&OutFeature {
            kind: "Feature",
            geometry: out_point(self.row.point),
            properties: &props,
        })
    }

    /// A feature's id as its reader gives it: its string id, a number's
    /// text, else "feature-N".
    fn own_id(&self, props: Option<&Props>) -> String {
        let given = props.and_then(|p| p.0.iter().rev().find(|(k, _)| k == "id"));
        match given.map(|(_, v)| serde_json::from_str::<Value>(v.get())) {
            Some(Ok(Value::String(s))) => s,
            Some(Ok(Value::Number(n))) => n.to_string(),
            _ => format!("feature-{}", self.at.record + 1),
        }
    }
}

/// The feature [`Record::properties`] and a map would give, from the
/// properties' text; None for the rare feature a map must sort out (a
/// repeated key, a value serde_json will not read).
fn transcode(
    properties: Option<Props>,
    id: &str,
    point: Option<LonLat>,
    extra: &[(&str, Value)],
) -> Option<Vec<u8>> {
    let mut props: Vec<(Cow<str>, Cow<RawValue>)> = properties
        .map(|p| p.0)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, Cow::Borrowed(v)))
        .collect();
    // Contract keys are told apart by a bit each; others by comparing.
    let mut seen = 0u64;
    for (i, (k, _)) in props.iter().enumerate() {
        let repeated = match F::of(k) {
            Some(f) => {
                let bit = 1u64 << f as u8;
                let again = seen & bit != 0;
                seen |= bit;
                again
            }
            None => props[..i].iter().any(|(o, _)| o == k),
        };
        if repeated {
            return None;
        }
    }
    // As `properties`: the reader's id where the feature has no string
    // id, then lon/lat removed the way the map removes (swap_remove).
    let id = || {
        RawValue::from_string(serde_json::to_string(id).ok()?)
            .ok()
            .map(Cow::Owned)
    };
    match props.iter().position(|(k, _)| k == "id") {
        Some(i) if !props[i].1.get().starts_with('"') => props[i].1 = id()?,
        Some(_) => {}
        None => props.push((Cow::Borrowed("id"), id()?)),
    }
    for key in ["lon", "lat"] {
        if let Some(i) = props.iter().position(|(k, _)| k == key) {
            props.swap_remove(i);
        }
    }
    for (k, v) in extra {
        let raw = RawValue::from_string(serde_json::to_string(v).ok()?).ok()?;
        match props.iter().position(|(o, _)| o == k) {
            Some(i) => props[i].1 = Cow::Owned(raw),
            None => props.push((Cow::Borrowed(*k), Cow::Owned(raw))),
        }
    }
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(br#"{"type":"Feature","geometry":"#);
    serde_json::to_writer(&mut out, &out_point(point)).ok()?;
    out.extend_from_slice(br#","properties":{"#);
    for (n, (k, v)) in props.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, k.as_ref()).ok()?;
        out.push(b':');
        write_value(&mut out, v.get()).ok()?;
    }
    out.extend_from_slice(b"}}");
    Some(out)
}

/// A value as serde_json writes it: copied when the text already is that.
fn write_value(out: &mut Vec<u8>, raw: &str) -> serde_json::Result<()> {
    let b = raw.as_bytes();
    let as_written = match b.first() {
        Some(b'"') => !b.contains(&b'\\'),
        Some(b'n' | b't' | b'f') => true,
        _ => false,
    };
    if as_written {
        out.extend_from_slice(b);
        Ok(())
    } else {
        let v: Value = serde_json::from_str(raw)?;
        serde_json::to_writer(out, &v)
    }
}

/// A feature's point and properties, in order, each value as written.
#[derive(Deserialize)]
struct FeatureLite<'a> {
    #[serde(borrow, default)]
    geometry: Option<GeometryLite<'a>>,
    #[serde(borrow, default)]
    properties: Option<Props<'a>>,
}

#[derive(Deserialize)]
struct GeometryLite<'a> {
    #[serde(borrow, default)]
    coordinates: Option<&'a RawValue>,
}

struct Props<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Props<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Props<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of properties")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Props<'a>, A::Error> {
                let mut v = Vec::new();
                while let Some(BorrowedStr(k)) = map.next_key()? {
                    v.push((k, map.next_value()?));
                }
                Ok(Props(v))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Strings, scan, scan_par};
    use super::*;

    #[test]
    fn features_written_from_their_text_are_the_map_path_bytes() {
        let features = [
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[44.12345678,35.5]},"properties":{"id":"a","text":"caf\u00e9 \"q\" \/ é","killed":3,"distance_km":2.50,"bearing_deg":1e2,"list":[ 1, {"b" : null} ],"note":true}}"#,
            r#"{"type":"Feature","properties":{"kind":"ied","lon":44.0,"x":"1","lat":35.0,"y":2,"z":null},"geometry":null}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":17,"query_distance_km":9}}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":null,"other":"x","other":"y"}}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.0,2]},"properties":null}"#,
            r#"{"type":"Feature","geometry":null,"properties":{"id":"big","x":1e400}}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":"one"},"properties":{"id":"two"}}"#,
        ];
        let body = format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[{}]}}",
            features.join(",\n")
        );
        let d = tempfile::tempdir().expect("tmp");
        let p = d.path().join("f.geojson");
        std::fs::write(&p, body).expect("write");
        let extras: [&[(&str, Value)]; 2] = [&[], &[("query_distance_km", Value::from(1.25))]];
        let mut want = Vec::new();
        scan(&p, &mut Strings::default(), &mut |rec| {
            for extra in extras {
                let got = rec.feature_json(extra).expect("json");
                let map = rec.by_map(extra).expect("map path");
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&map),
                    "{}",
                    rec.id
                );
                want.push(map);
            }
            Ok(())
        })
        .expect("scan");
        assert_eq!(want.len(), 2 * features.len());
        // Passed over unread, a feature still writes itself the same.
        let mut got = Vec::new();
        scan_par(
            &p,
            &mut Strings::default(),
            &|_| Some(super::super::Need::NONE),
            &|rec| {
                extras
                    .iter()
                    .map(|e| {
                        rec.feature_json(e)
                            .map_err(|e| crate::error::Error::Invalid(e.to_string()))
                    })
                    .collect::<crate::error::Result<Vec<_>>>()
            },
            &mut |s| {
                got.extend(s.out);
                Ok(())
            },
        )
        .expect("scan");
        assert_eq!(got, want);
    }
}
