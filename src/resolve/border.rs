//! Country polygons from the shipped Natural Earth TopoJSON (world-atlas
//! countries-50m). TopoJSON stores each border once as an arc shared by the
//! two countries, so a shared border is exactly the arcs both use.

use std::collections::{BTreeMap, BTreeSet};

use geo::{Area, BoundingRect, Centroid, Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value;

use super::geodesy;
use crate::error::{Error, Result};
use crate::model::LonLat;

static COUNTRIES_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/countries-50m.json.gz"));
static CODES_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/countries.tsv.gz"));

#[derive(Debug, Clone)]
pub struct Country {
    pub iso_a2: String,
    pub name: String,
    pub shape: MultiPolygon<f64>,
    pub arcs: BTreeSet<usize>,
    /// Centroid of the largest polygon and the radius covering that polygon, km.
    pub centre: LonLat,
    pub radius_km: f64,
}

#[derive(Debug, Default)]
pub struct Countries {
    pub by_code: BTreeMap<String, Country>,
    arcs: Vec<Vec<LonLat>>,
}

impl Countries {
    /// The embedded Natural Earth 1:50m countries.
    pub fn load_default() -> Result<Countries> {
        let json = crate::gazetteer::load::gunzip(COUNTRIES_GZ);
        let codes = crate::gazetteer::load::gunzip(CODES_GZ);
        Countries::from_topojson(&json, &codes).map_err(|m| Error::BadData {
            path: "<embedded>/countries-50m.json".into(),
            message: m,
        })
    }

    pub fn get(&self, iso_a2: &str) -> Option<&Country> {
        self.by_code.get(&iso_a2.to_ascii_uppercase())
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
        let topo: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
        let (scale, translate) = match topo.get("transform") {
            Some(t) => (
                [
                    t["scale"][0].as_f64().unwrap_or(1.0),
                    t["scale"][1].as_f64().unwrap_or(1.0),
                ],
                [
                    t["translate"][0].as_f64().unwrap_or(0.0),
                    t["translate"][1].as_f64().unwrap_or(0.0),
                ],
            ),
            None => ([1.0, 1.0], [0.0, 0.0]),
        };
        let quantized = topo.get("transform").is_some();
        let arcs: Vec<Vec<LonLat>> = topo["arcs"]
            .as_array()
            .ok_or("no arcs")?
            .iter()
            .map(|arc| {
                let (mut x, mut y) = (0.0, 0.0);
                arc.as_array()
                    .map(|pts| {
                        pts.iter()
                            .filter_map(|p| {
                                let (dx, dy) = (p[0].as_f64()?, p[1].as_f64()?);
                                if quantized {
                                    x += dx;
                                    y += dy;
                                } else {
                                    (x, y) = (dx, dy);
                                }
                                Some(LonLat {
                                    lon: x * scale[0] + translate[0],
                                    lat: y * scale[1] + translate[1],
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        let geoms = topo["objects"]["countries"]["geometries"]
            .as_array()
            .ok_or("no countries object")?;
        let mut by_code: BTreeMap<String, Country> = BTreeMap::new();
        for g in geoms {
            let id = g["id"].as_str().unwrap_or_default();
            let Some((a2, name)) = ids.get(id).copied() else {
                continue;
            };
            let polys: Vec<&Value> = match g["type"].as_str() {
                Some("Polygon") => vec![&g["arcs"]],
                Some("MultiPolygon") => g["arcs"]
                    .as_array()
                    .map(|v| v.iter().collect())
                    .unwrap_or_default(),
                _ => continue,
            };
            let mut used = BTreeSet::new();
            let mut polygons = Vec::new();
            for poly in polys {
                let rings: Vec<LineString<f64>> = poly
                    .as_array()
                    .map(|rs| rs.iter().map(|r| ring(r, &arcs, &mut used)).collect())
                    .unwrap_or_default();
                if let Some((ext, holes)) = rings.split_first() {
                    polygons.push(Polygon::new(ext.clone(), holes.to_vec()));
                }
            }
            let entry = by_code.entry(a2.to_owned()).or_insert_with(|| Country {
                iso_a2: a2.to_owned(),
                name: name.to_owned(),
                shape: MultiPolygon(Vec::new()),
                arcs: BTreeSet::new(),
                centre: LonLat { lon: 0.0, lat: 0.0 },
                radius_km: 0.0,
            });
            entry.shape.0.extend(polygons);
            entry.arcs.extend(used);
        }
        for c in by_code.values_mut() {
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
        Ok(Countries { by_code, arcs })
    }
}

fn ring(indices: &Value, arcs: &[Vec<LonLat>], used: &mut BTreeSet<usize>) -> LineString<f64> {
    let mut coords: Vec<Coord<f64>> = Vec::new();
    for i in indices
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
    {
        let (idx, reversed) = if i < 0 {
            ((!i) as usize, true)
        } else {
            (i as usize, false)
        };
        let Some(arc) = arcs.get(idx) else { continue };
        used.insert(idx);
        let pts: Box<dyn Iterator<Item = &LonLat>> = if reversed {
            Box::new(arc.iter().rev())
        } else {
            Box::new(arc.iter())
        };
        for (k, p) in pts.enumerate() {
            if k == 0 && !coords.is_empty() {
                continue; // arcs share their end points
            }
            coords.push(Coord { x: p.lon, y: p.lat });
        }
    }
    LineString::new(coords)
}
