//! Uncertainty footprints as polygons: an annular sector for offsets with a
//! bearing, a buffered corridor for roads and "between" phrases, and a circle
//! of the uncertainty radius otherwise. Rings are counter-clockwise (RFC 7946).

use serde_json::{Value, json};

use super::records::round6;
use crate::model::LonLat;
use crate::pipeline::Located;
use crate::resolve::{distance_precision_km, geodesy};

fn ring_json(mut pts: Vec<LonLat>) -> Vec<[f64; 2]> {
    // Counter-clockwise in lon/lat: reverse when the shoelace area is negative.
    let area: f64 = pts
        .windows(2)
        .map(|w| w[0].lon * w[1].lat - w[1].lon * w[0].lat)
        .sum();
    if area < 0.0 {
        pts.reverse();
    }
    let mut v: Vec<[f64; 2]> = pts.iter().map(|p| [round6(p.lon), round6(p.lat)]).collect();
    v.dedup();
    if v.first() != v.last()
        && let Some(f) = v.first().copied()
    {
        v.push(f);
    }
    v
}

fn circle(c: LonLat, r_km: f64) -> Vec<LonLat> {
    (0..=64)
        .map(|i| geodesy::destination(c, 360.0 - i as f64 * 360.0 / 64.0, r_km.max(0.05)))
        .collect()
}

/// The footprint of one located incident, or None when it has no point.
pub fn footprint(l: &Located) -> Option<(Vec<LonLat>, &'static str)> {
    let r = &l.resolution;
    let point = r.point?;
    let u = r.uncertainty_km.unwrap_or(0.0);
    let method = r
        .method
        .as_deref()
        .unwrap_or("")
        .trim_start_matches("fallback:");
    let anchor = r.anchor.as_ref().map(|a| LonLat {
        lon: a.lon,
        lat: a.lat,
    });
    match (method, anchor, r.distance_km, r.bearing_deg) {
        ("offset", Some(a), Some(d), Some(b)) => {
            let phrase = l.incident.location.as_ref();
            let dp = distance_precision_km(phrase.and_then(|p| p.distance_text.as_deref()), d);
            let half = phrase.and_then(|p| p.bearing_halfwidth_deg).unwrap_or(45.0);
            let extent = r.anchor.as_ref().map_or(0.0, |a| a.extent_km);
            let (r0, r1) = ((d - dp - extent).max(0.0), d + dp + extent);
            let mut ring = Vec::new();
            for i in 0..=16 {
                ring.push(geodesy::destination(
                    a,
                    b - half + 2.0 * half * i as f64 / 16.0,
                    r1,
                ));
            }
            for i in 0..=16 {
                let brg = b + half - 2.0 * half * i as f64 / 16.0;
                ring.push(if r0 > 0.0 {
                    geodesy::destination(a, brg, r0)
                } else {
                    a
                });
            }
            ring.push(ring[0]);
            Some((ring, "sector"))
        }
        ("road" | "between", Some(a), _, _) => {
            let b = r.anchor2.as_ref().map(|x| LonLat {
                lon: x.lon,
                lat: x.lat,
            })?;
            let width = (u - geodesy::distance_km(a, b) / 2.0).max(5.0);
            let brg = geodesy::geodesic_bearing_deg(a, b);
            let back = geodesy::geodesic_bearing_deg(b, a);
            let mut ring = Vec::new();
            // Around b's end cap, then a's, going clockwise in bearings; fixed to CCW below.
            for i in 0..=16 {
                ring.push(geodesy::destination(
                    b,
                    brg - 90.0 + 180.0 * i as f64 / 16.0,
                    width,
                ));
            }
            for i in 0..=16 {
                ring.push(geodesy::destination(
                    a,
                    back - 90.0 + 180.0 * i as f64 / 16.0,
                    width,
                ));
            }
            ring.push(ring[0]);
            Some((ring, "corridor"))
        }
        _ => Some((circle(point, u), "circle")),
    }
}

pub fn features(located: &[Located]) -> Vec<Value> {
    located
        .iter()
        .filter_map(|l| {
            let (ring, shape) = footprint(l)?;
            Some(json!({
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring_json(ring)]},
                "properties": {
                    "id": l.incident.id,
                    "kind": l.incident.kind.as_str(),
                    "shape": shape,
                    "method": l.resolution.method,
                    "uncertainty_km": l.resolution.uncertainty_km,
                },
            }))
        })
        .collect()
}
