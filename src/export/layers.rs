//! GeoJSON layers written feature by feature: a FeatureCollection is opened,
//! each feature serialised straight to the (buffered) writer, and closed; no
//! layer is ever held as one value tree. Byte for byte what serialising the
//! whole collection at once would give.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::index::cluster::Ids;
use crate::index::hotspot;
use crate::index::summary::ClusterSummary;
use crate::records::round6 as r6;

/// An open FeatureCollection.
pub struct FeatureWriter<'w, W: Write + ?Sized> {
    w: &'w mut W,
    first: bool,
}

impl<'w, W: Write + ?Sized> FeatureWriter<'w, W> {
    pub fn new(w: &'w mut W) -> io::Result<Self> {
        w.write_all(br#"{"type":"FeatureCollection","features":["#)?;
        Ok(FeatureWriter { w, first: true })
    }

    pub fn feature(&mut self, f: &impl Serialize) -> io::Result<()> {
        if !self.first {
            self.w.write_all(b",")?;
        }
        self.first = false;
        serde_json::to_writer(&mut *self.w, f).map_err(io::Error::from)
    }

    /// A feature already serialised.
    pub fn raw(&mut self, json: &[u8]) -> io::Result<()> {
        if !self.first {
            self.w.write_all(b",")?;
        }
        self.first = false;
        self.w.write_all(json)
    }

    /// The features `make` gives for `items`, in order, made on every core a
    /// block at a time (memory holds one block of features).
    pub fn features_par<T: Sync, F: Serialize>(
        &mut self,
        items: &[T],
        make: impl Fn(&T) -> Option<F> + Sync,
    ) -> io::Result<()> {
        use rayon::prelude::*;
        const BLOCK: usize = 4096;
        for block in items.chunks(BLOCK) {
            let made: Vec<Option<Vec<u8>>> = block
                .par_iter()
                .map(|t| make(t).map(|f| serde_json::to_vec(&f)).transpose())
                .collect::<serde_json::Result<_>>()
                .map_err(io::Error::from)?;
            for json in made.iter().flatten() {
                self.raw(json)?;
            }
        }
        Ok(())
    }

    /// Closes the collection (and ends the file with a newline).
    pub fn finish(self) -> io::Result<()> {
        self.w.write_all(b"]}\n")
    }
}

/// A collection of ready features.
pub fn write_features(w: &mut (impl Write + ?Sized), features: &[Value]) -> io::Result<()> {
    let mut fw = FeatureWriter::new(w)?;
    for f in features {
        fw.feature(f)?;
    }
    fw.finish()
}

fn cluster_props(s: &ClusterSummary, data: &(impl Ids + ?Sized)) -> Map<String, Value> {
    let ids: Vec<&str> = s.members.iter().map(|&i| data.id(i)).collect();
    let v = json!({
        "id": s.id,
        "label": s.label,
        "size": s.members.len(),
        "killed": s.killed,
        "wounded": s.wounded,
        "first_date": s.first_date,
        "last_date": s.last_date,
        "kinds": s.kinds.iter().take(3).map(|(k, n)| format!("{k} ({n})")).collect::<Vec<_>>().join(", "),
        "member_ids": ids.join(";"),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Cluster centroids as points.
pub fn write_centroids(
    w: &mut (impl Write + ?Sized),
    summaries: &[ClusterSummary],
    data: &(impl Ids + ?Sized),
) -> io::Result<()> {
    let mut fw = FeatureWriter::new(w)?;
    for s in summaries {
        fw.feature(&json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r6(s.centroid.lon), r6(s.centroid.lat)]},
            "properties": cluster_props(s, data),
        }))?;
    }
    fw.finish()
}

/// Cluster hulls as polygons (a circle around members on one point or line).
pub fn write_hulls(
    w: &mut (impl Write + ?Sized),
    summaries: &[ClusterSummary],
    data: &(impl Ids + ?Sized),
) -> io::Result<()> {
    let mut fw = FeatureWriter::new(w)?;
    for s in summaries {
        let mut ring: Vec<[f64; 2]> = s.hull.iter().map(|p| [r6(p.lon), r6(p.lat)]).collect();
        ring.dedup();
        if ring.len() < 4 {
            // Members on one point or one line: a circle around them instead of a degenerate hull.
            let r = s
                .hull
                .iter()
                .map(|p| crate::geodesy::distance_km(s.centroid, *p))
                .fold(0.0, f64::max)
                + 1.0;
            ring = (0..=32)
                .map(|i| {
                    let p =
                        crate::geodesy::destination(s.centroid, 360.0 - i as f64 * 360.0 / 32.0, r);
                    [r6(p.lon), r6(p.lat)]
                })
                .collect();
        }
        // geo's convex hull is counter-clockwise: RFC 7946 right-hand rule for exteriors.
        fw.feature(&json!({
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": cluster_props(s, data),
        }))?;
    }
    fw.finish()
}

/// The hotspot grid: cells with density or a significant Gi* z-score.
pub fn write_hotspots(w: &mut (impl Write + ?Sized), s: &hotspot::Surface) -> io::Result<()> {
    let g = &s.grid;
    let max = s.density.iter().copied().fold(0.0, f64::max);
    let mut fw = FeatureWriter::new(w)?;
    for r in 0..g.rows {
        for c in 0..g.cols {
            let i = r * g.cols + c;
            // Cells with negligible density are left out of the file.
            if s.density[i] < max * 1e-3 && s.gi_z[i].abs() < 1.96 {
                continue;
            }
            let (w, so, e, n) = g.cell_bounds(c, r);
            let ring = [
                [r6(w), r6(so)],
                [r6(e), r6(so)],
                [r6(e), r6(n)],
                [r6(w), r6(n)],
                [r6(w), r6(so)],
            ];
            fw.feature(&json!({
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    "col": c, "row": r,
                    "density": (s.density[i] * 1e6).round() / 1e6,
                    "count": s.counts[i],
                    "gi_z": (s.gi_z[i] * 1000.0).round() / 1000.0,
                    "hot": s.gi_z[i] >= 1.96,
                },
            }))?;
        }
    }
    fw.finish()
}
