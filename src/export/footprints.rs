//! Uncertainty footprints as polygons: an annular sector for offsets with a
//! bearing, a buffered corridor for roads and "between" phrases, the shared
//! border buffered by 25 km (convex hull) for border phrases, and a circle of
//! the uncertainty radius otherwise. Rings are counter-clockwise (RFC 7946).

use serde_json::{Value, json};

use crate::geodesy;
use crate::model::{Located, LonLat, MethodRule, Reading};
use crate::records::round6;
use crate::resolve::border::Countries;
use crate::resolve::distance_precision_km;

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

/// Rings already drawn, by what they are drawn from: incidents at the same
/// place with the same uncertainty (a town named again and again over a
/// year of reports, the same border, the same offset) share one ring instead
/// of each computing its own (a circle is 65 geodesic points, a border
/// buffer up to 1,600 and a hull). Shared by the threads making features.
#[derive(Default)]
pub struct Rings(std::sync::Mutex<rustc_hash::FxHashMap<Vec<u64>, Option<Ring>>>);

/// A drawn ring, shared.
type Ring = std::sync::Arc<[LonLat]>;

impl Rings {
    fn get(
        &self,
        key: Vec<u64>,
        make: impl FnOnce() -> Option<Vec<LonLat>>,
    ) -> Option<Vec<LonLat>> {
        let known = self.0.lock().ok().and_then(|m| m.get(&key).cloned());
        let ring = match known {
            Some(r) => r,
            None => {
                let ring: Option<Ring> = make().map(Into::into);
                if let Ok(mut m) = self.0.lock() {
                    m.insert(key, ring.clone());
                }
                ring
            }
        };
        ring.map(|r| r.to_vec())
    }

    fn circle(&self, c: LonLat, r_km: f64) -> Vec<LonLat> {
        let key = vec![0, c.lon.to_bits(), c.lat.to_bits(), r_km.to_bits()];
        self.get(key, || Some(circle(c, r_km))).unwrap_or_default()
    }
}

/// The border line(s) a border phrase refers to, buffered by `width_km`:
/// the convex hull of points around the shared border's vertices.
fn border_buffer(
    l: &Located,
    countries: &Countries,
    width_km: f64,
    rings: &Rings,
) -> Option<Vec<LonLat>> {
    let phrase = l.incident.location.as_ref()?;
    let mut codes: Vec<&str> = phrase
        .anchors
        .iter()
        .filter_map(|a| crate::extract::vocab::country_by_name(a))
        .collect();
    if codes.len() == 1 {
        let own = l
            .incident
            .country
            .as_deref()
            .or(l.resolution.country.as_deref())?;
        if own.eq_ignore_ascii_case(codes[0]) {
            return None;
        }
        codes.insert(0, own);
    }
    let (a, b) = (*codes.first()?, *codes.get(1)?);
    let mut key = vec![2, width_km.to_bits()];
    for code in [a, b] {
        key.push(code.len() as u64);
        key.extend(code.bytes().map(u64::from));
    }
    rings.get(key, || {
        buffer_line(&countries.shared_border(a, b)?, width_km)
    })
}

/// The convex hull of points `width_km` around a line's vertices.
fn buffer_line(line: &[LonLat], width_km: f64) -> Option<Vec<LonLat>> {
    use geo::{ConvexHull, MultiPoint, Point};
    let step = (line.len() / 200).max(1);
    let pts: MultiPoint<f64> = line
        .iter()
        .step_by(step)
        .flat_map(|v| (0..8).map(move |k| geodesy::destination(*v, k as f64 * 45.0, width_km)))
        .map(|p| Point::new(p.lon, p.lat))
        .collect();
    Some(
        pts.convex_hull()
            .exterior()
            .coords()
            .map(|c| LonLat { lon: c.x, lat: c.y })
            .collect(),
    )
}

/// An annular sector around `a`: bearings `b` ± `half`, distances r0 to r1.
fn sector(a: LonLat, b: f64, half: f64, (r0, r1): (f64, f64)) -> Vec<LonLat> {
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
    ring
}

/// The footprint of one located incident, or None when it has no point.
pub fn footprint(
    l: &Located,
    countries: &Countries,
    rings: &Rings,
) -> Option<(Vec<LonLat>, &'static str)> {
    let r = &l.resolution;
    let point = r.point?;
    let u = r.uncertainty_km.unwrap_or(0.0);
    // The rule, on the phrase or a fallback reading of it (not the context's).
    let method = r
        .method
        .filter(|m| m.reading != Reading::Context)
        .map(|m| m.rule);
    let anchor = r.anchor.as_ref().map(|a| LonLat {
        lon: a.lon,
        lat: a.lat,
    });
    match (method, anchor, r.distance_km, r.bearing_deg) {
        (Some(MethodRule::Offset), Some(a), Some(d), Some(b)) => {
            let phrase = l.incident.location.as_ref();
            let dp = distance_precision_km(phrase.and_then(|p| p.distance_text.as_deref()), d);
            let half = phrase.and_then(|p| p.bearing_halfwidth_deg).unwrap_or(45.0);
            let extent = r.anchor.as_ref().map_or(0.0, |a| a.extent_km);
            let (r0, r1) = ((d - dp - extent).max(0.0), d + dp + extent);
            let mut key = vec![1];
            key.extend([a.lon, a.lat, b, half, r0, r1].map(f64::to_bits));
            let ring = rings.get(key, || Some(sector(a, b, half, (r0, r1))));
            Some((ring.unwrap_or_default(), "sector"))
        }
        (Some(MethodRule::Road | MethodRule::Between), Some(a), _, _) => {
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
        (Some(MethodRule::Border), _, _, _) => {
            match border_buffer(l, countries, 25.0 + r.distance_km.unwrap_or(0.0), rings) {
                Some(ring) if ring.len() >= 4 => Some((ring, "border_buffer")),
                _ => Some((rings.circle(point, u), "circle")),
            }
        }
        _ => Some((rings.circle(point, u), "circle")),
    }
}

/// The footprint layer, written feature by feature.
pub fn write(
    w: &mut (impl std::io::Write + ?Sized),
    located: &[Located],
    countries: &Countries,
) -> std::io::Result<()> {
    let mut fw = super::layers::FeatureWriter::new(w)?;
    let rings = Rings::default();
    fw.features_par(located, |l| feature(l, countries, &rings))?;
    fw.finish()
}

/// One incident's footprint polygon (none for an unlocated incident).
fn feature(l: &Located, countries: &Countries, rings: &Rings) -> Option<Value> {
    let (ring, shape) = footprint(l, countries, rings)?;
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
}
