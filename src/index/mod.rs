//! The spatial index: an R-tree (rstar) over unit-sphere xyz points, so that
//! radius queries are exact great-circle queries anywhere on Earth. A radius
//! of r km is the chord 2·sin(r / 2R); chord order equals great-circle order,
//! so nearest-neighbour queries are exact too. Knows no output formats.
//!
//! # Units
//! Distances in km on the sphere of mean radius 6371.0088 km.

pub mod cluster;
pub mod hotspot;
pub mod summary;
pub mod theatre;

use geo::{Contains, Coord, MultiPolygon, Point};
use rstar::{RTree, primitives::GeomWithData};

use crate::geodesy::EARTH_RADIUS_KM;
use crate::model::LonLat;

/// Unit-sphere position of a lon/lat point.
pub fn to_xyz(p: LonLat) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

pub fn from_xyz(v: [f64; 3]) -> LonLat {
    let n = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt().max(1e-300);
    let lat = (v[2] / n).clamp(-1.0, 1.0).asin().to_degrees();
    let lon = v[1].atan2(v[0]).to_degrees();
    LonLat { lon, lat }
}

/// Chord length (unit sphere) of a great-circle distance.
pub fn chord_of_km(km: f64) -> f64 {
    2.0 * (km.min(std::f64::consts::PI * EARTH_RADIUS_KM) / (2.0 * EARTH_RADIUS_KM)).sin()
}

/// Great-circle distance of a unit-sphere chord.
pub fn km_of_chord(chord: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM * (chord / 2.0).clamp(0.0, 1.0).asin()
}

fn chord2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

type Entry = GeomWithData<[f64; 3], usize>;

/// Points (by their index in the caller's list) in an R-tree.
pub struct SpatialIndex {
    tree: RTree<Entry>,
    points: Vec<LonLat>,
}

/// A hit: the point's index in the input and its great-circle distance in km.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub distance_km: f64,
}

impl SpatialIndex {
    /// Bulk-loads the points; `None` entries (unresolved incidents) are skipped.
    pub fn new(points: &[Option<LonLat>]) -> SpatialIndex {
        let entries: Vec<Entry> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| GeomWithData::new(to_xyz(p), i)))
            .collect();
        SpatialIndex {
            tree: RTree::bulk_load(entries),
            points: points
                .iter()
                .map(|p| {
                    p.unwrap_or(LonLat {
                        lon: f64::NAN,
                        lat: f64::NAN,
                    })
                })
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Every point within `radius_km` of `centre` (great circle), nearest first
    /// (ties by index).
    pub fn within_km(&self, centre: LonLat, radius_km: f64) -> Vec<Hit> {
        let c = to_xyz(centre);
        let r = chord_of_km(radius_km);
        let mut hits: Vec<Hit> = self
            .tree
            .locate_within_distance(c, r * r)
            .map(|e| Hit {
                index: e.data,
                distance_km: km_of_chord(chord2(e.geom(), &c).sqrt()),
            })
            .collect();
        sort_hits(&mut hits);
        hits
    }

    /// Indices of every point within `radius_km` of `centre`, in tree order
    /// (no distances, no sorting: the fast path for counting and filtering).
    pub fn within_km_indices(&self, centre: LonLat, radius_km: f64) -> Vec<usize> {
        let c = to_xyz(centre);
        let r = chord_of_km(radius_km);
        self.tree
            .locate_within_distance(c, r * r)
            .map(|e| e.data)
            .collect()
    }

    /// The `k` nearest points, nearest first (ties by index).
    pub fn nearest(&self, centre: LonLat, k: usize) -> Vec<Hit> {
        let c = to_xyz(centre);
        let mut hits: Vec<Hit> = Vec::with_capacity(k + 4);
        let mut iter = self.tree.nearest_neighbor_iter_with_distance_2(&c);
        // Take k, then any further points tied with the k-th so the tie-break is by index.
        for (e, d2) in iter.by_ref() {
            let h = Hit {
                index: e.data,
                distance_km: km_of_chord(d2.sqrt()),
            };
            if hits.len() >= k
                && hits
                    .last()
                    .is_some_and(|l: &Hit| h.distance_km > l.distance_km)
            {
                break;
            }
            hits.push(h);
        }
        sort_hits(&mut hits);
        hits.truncate(k);
        hits
    }

    /// Points inside a lon/lat box; `west > east` means the box crosses the antimeridian.
    pub fn in_bbox(&self, west: f64, south: f64, east: f64, north: f64) -> Vec<usize> {
        let inside = |p: &LonLat| in_box(*p, west, south, east, north);
        let width = if west <= east {
            east - west
        } else {
            360.0 - (west - east)
        };
        let mut out: Vec<usize> = if width > 120.0 || north - south > 120.0 {
            (0..self.points.len())
                .filter(|&i| inside(&self.points[i]))
                .collect()
        } else {
            // Candidates from the cap around the box, then the exact test.
            let clon = west + width / 2.0;
            let clon = ((clon + 540.0).rem_euclid(360.0)) - 180.0;
            let centre = LonLat {
                lon: clon,
                lat: (south + north) / 2.0,
            };
            let mut radius: f64 = 0.0;
            let steps = 64;
            for s in 0..=steps {
                let t = s as f64 / steps as f64;
                let lon = west + width * t;
                let lon = ((lon + 540.0).rem_euclid(360.0)) - 180.0;
                let lat = south + (north - south) * t;
                for q in [
                    LonLat { lon, lat: south },
                    LonLat { lon, lat: north },
                    LonLat { lon: west, lat },
                    LonLat { lon: east, lat },
                ] {
                    radius = radius.max(crate::geodesy::distance_km(centre, q));
                }
            }
            self.within_km(centre, radius * 1.01 + 1.0)
                .into_iter()
                .map(|h| h.index)
                .filter(|&i| inside(&self.points[i]))
                .collect()
        };
        out.sort_unstable();
        out
    }

    /// Points inside a (multi)polygon in lon/lat (holes respected).
    pub fn in_polygon(&self, shape: &MultiPolygon<f64>) -> Vec<usize> {
        use geo::BoundingRect;
        let Some(r) = shape.bounding_rect() else {
            return Vec::new();
        };
        self.in_bbox(r.min().x, r.min().y, r.max().x, r.max().y)
            .into_iter()
            .filter(|&i| in_shape(self.points[i], shape))
            .collect()
    }
}

/// True for a point inside a lon/lat box (`west > east`: across the antimeridian).
pub fn in_box(p: LonLat, west: f64, south: f64, east: f64, north: f64) -> bool {
    let lon_ok = if west <= east {
        p.lon >= west && p.lon <= east
    } else {
        p.lon >= west || p.lon <= east
    };
    lon_ok && p.lat >= south && p.lat <= north
}

/// True for a point inside a (multi)polygon in lon/lat (holes respected).
pub fn in_shape(p: LonLat, shape: &MultiPolygon<f64>) -> bool {
    shape.contains(&Point::from(Coord { x: p.lon, y: p.lat }))
}

/// The great-circle distance from `centre` to `p` in km, the way the index
/// measures it; None when beyond `radius_km` (no radius: any distance).
/// A scan with this gives exactly the index's `within_km` / `nearest` hits.
pub fn distance_within(centre: LonLat, p: LonLat, radius_km: Option<f64>) -> Option<f64> {
    let d2 = chord2(&to_xyz(centre), &to_xyz(p));
    if let Some(r) = radius_km {
        let r = chord_of_km(r);
        if d2 > r * r {
            return None;
        }
    }
    Some(km_of_chord(d2.sqrt()))
}

fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        a.distance_km
            .total_cmp(&b.distance_km)
            .then(a.index.cmp(&b.index))
    });
}
