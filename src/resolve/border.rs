//! Country polygons from the shipped Natural Earth TopoJSON (world-atlas
//! countries-50m). TopoJSON stores each border once as an arc shared by the
//! two countries, so a shared border is exactly the arcs both use.

use std::collections::{BTreeMap, BTreeSet};

use geo::{Area, BoundingRect, Centroid, MultiPolygon};

use crate::basemap::Topology;
use crate::error::{Error, Result};
use crate::geodesy;
use crate::model::LonLat;

static COUNTRIES_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/countries-50m.json.gz"));
static CODES_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/countries.tsv.gz"));

/// ISO 3166-1 alpha-2 codes (the 249 assigned ones, and XK, which GeoNames
/// uses for Kosovo), sorted.
const ISO_3166_ALPHA2: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

/// True for an ISO 3166-1 alpha-2 country code (either case).
pub fn is_country_code(code: &str) -> bool {
    let &[a, b] = code.as_bytes() else {
        return false;
    };
    let upper = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
    std::str::from_utf8(&upper).is_ok_and(|c| ISO_3166_ALPHA2.binary_search(&c).is_ok())
}

#[derive(Debug, Clone)]
pub struct Country {
    pub iso_a2: String,
    pub name: String,
    pub shape: MultiPolygon<f64>,
    pub arcs: BTreeSet<usize>,
    /// Centroid of the largest polygon and the radius covering that polygon, km.
    pub centre: LonLat,
    pub radius_km: f64,
    /// Bounding box of `shape` (computed once: plausibility checks run per candidate).
    pub bbox: Option<geo::Rect<f64>>,
}

#[derive(Debug, Default)]
pub struct Countries {
    pub by_code: BTreeMap<String, Country>,
    arcs: Vec<Vec<LonLat>>,
}

impl Countries {
    /// The embedded Natural Earth 1:50m countries.
    pub fn load_default() -> Result<Countries> {
        let json = crate::embedded::gunzip(COUNTRIES_GZ);
        let codes = crate::embedded::gunzip(CODES_GZ);
        Countries::from_topojson(&json, &codes).map_err(|m| Error::BadData {
            path: "<embedded>/countries-50m.json".into(),
            message: m,
        })
    }

    pub fn get(&self, iso_a2: &str) -> Option<&Country> {
        self.by_code.get(&iso_a2.to_ascii_uppercase())
    }

    /// True when `p` lies in country `iso_a2` or within `km` of its outline
    /// (vertices of the 1:50m polygons, a few km apart). `None` when the
    /// country is not in the table.
    pub fn within_km_of(&self, iso_a2: &str, p: LonLat, km: f64) -> Option<bool> {
        use geo::Contains;
        let c = self.get(iso_a2)?;
        let rect = c.bbox?;
        let dlat = km / 111.0;
        let dlon = km / (111.0 * p.lat.to_radians().cos().max(0.05));
        if p.lon < rect.min().x - dlon
            || p.lon > rect.max().x + dlon
            || p.lat < rect.min().y - dlat
            || p.lat > rect.max().y + dlat
        {
            return Some(false);
        }
        if c.shape.contains(&p.to_point()) {
            return Some(true);
        }
        let near = c
            .shape
            .iter()
            .flat_map(|poly| poly.exterior().coords())
            .any(|q| {
                (q.y - p.lat).abs() <= dlat
                    && geodesy::distance_km(LonLat { lon: q.x, lat: q.y }, p) <= km
            });
        Some(near)
    }

    /// The border lines two countries share (one polyline per shared arc).
    pub fn shared_border_arcs(&self, a: &str, b: &str) -> Vec<&[LonLat]> {
        let (Some(x), Some(y)) = (self.get(a), self.get(b)) else {
            return Vec::new();
        };
        x.arcs
            .intersection(&y.arcs)
            .map(|&i| self.arcs[i].as_slice())
            .collect()
    }

    /// All vertices of the shared border, in arc order.
    pub fn shared_border(&self, a: &str, b: &str) -> Option<Vec<LonLat>> {
        let pts: Vec<LonLat> = self
            .shared_border_arcs(a, b)
            .into_iter()
            .flatten()
            .copied()
            .collect();
        (!pts.is_empty()).then_some(pts)
    }

    /// Parses world-atlas TopoJSON plus the `id iso_a2 iso_a3 name` table.
    pub fn from_topojson(json: &str, codes: &str) -> Result<Countries, String> {
        let ids: BTreeMap<&str, (&str, &str)> = codes
            .lines()
            .skip(1)
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                (c.len() >= 4 && !c[1].is_empty()).then(|| (c[0], (c[1], c[3])))
            })
            .collect();
        let topo = Topology::parse(json)?;
        let mut by_code: BTreeMap<String, Country> = BTreeMap::new();
        for g in topo.geometries("countries") {
            let Some((a2, name)) = g.id.as_deref().and_then(|id| ids.get(id).copied()) else {
                continue;
            };
            let entry = by_code.entry(a2.to_owned()).or_insert_with(|| Country {
                iso_a2: a2.to_owned(),
                name: name.to_owned(),
                shape: MultiPolygon(Vec::new()),
                arcs: BTreeSet::new(),
                centre: LonLat { lon: 0.0, lat: 0.0 },
                radius_km: 0.0,
                bbox: None,
            });
            entry.shape.0.extend(g.polygons.0);
            entry.arcs.extend(g.arcs_used);
        }
        for c in by_code.values_mut() {
            c.bbox = c.shape.bounding_rect();
            let largest = c
                .shape
                .0
                .iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
                .cloned();
            if let Some(p) = largest
                && let Some(cen) = p.centroid()
            {
                c.centre = LonLat {
                    lon: cen.x(),
                    lat: cen.y(),
                };
                c.radius_km = p
                    .exterior()
                    .coords()
                    .map(|q| geodesy::distance_km(c.centre, LonLat { lon: q.x, lat: q.y }))
                    .fold(0.0, f64::max);
            } else if let Some(r) = c.shape.bounding_rect() {
                c.centre = LonLat {
                    lon: r.center().x,
                    lat: r.center().y,
                };
            }
        }
        Ok(Countries {
            by_code,
            arcs: topo.arcs,
        })
    }
}
