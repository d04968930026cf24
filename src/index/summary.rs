//! What the outputs say about clusters: members, centroid, hull, casualties,
//! dates, kinds and a place label; and the hotspot kernels of a dataset.

use std::collections::BTreeMap;

use geo::{ConvexHull, MultiPoint, Point};
use rayon::prelude::*;

use super::{SpatialIndex, cluster, from_xyz, hotspot, to_xyz};
use crate::dataset::Dataset;
use crate::gazetteer::Gazetteer;
use crate::model::LonLat;

/// One cluster, ready for output.
#[derive(Debug, Clone)]
pub struct ClusterSummary {
    pub id: usize,
    /// Row numbers of the members, in id order.
    pub members: Vec<usize>,
    pub centroid: LonLat,
    pub hull: Vec<LonLat>,
    pub killed: u32,
    pub wounded: u32,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub kinds: Vec<(&'static str, usize)>,
    pub label: String,
}

pub fn summarise(
    data: &Dataset,
    db: &cluster::Dbscan,
    labeller: Option<&Labeller>,
) -> Vec<ClusterSummary> {
    let rows = &data.rows;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); db.n_clusters];
    for (i, l) in db.labels.iter().enumerate() {
        if let Some(l) = l {
            members[*l].push(i);
        }
    }
    members
        .into_par_iter()
        .enumerate()
        .map(|(id, m)| {
            // By id, equal ids in row order: (id, row) pairs sort as that.
            let mut keyed: Vec<(&str, usize)> = m.iter().map(|&i| (data.id(i), i)).collect();
            keyed.sort_unstable();
            let m: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
            let pts: Vec<LonLat> = m.iter().filter_map(|&i| rows[i].point).collect();
            let mut s = [0.0; 3];
            for p in &pts {
                let v = to_xyz(*p);
                s = [s[0] + v[0], s[1] + v[1], s[2] + v[2]];
            }
            let centroid = from_xyz(s);
            let mp: MultiPoint<f64> = pts.iter().map(|p| Point::new(p.lon, p.lat)).collect();
            let hull: Vec<LonLat> = mp
                .convex_hull()
                .exterior()
                .coords()
                .map(|c| LonLat { lon: c.x, lat: c.y })
                .collect();
            let first = m.iter().filter_map(|&i| rows[i].date).min();
            let last = m.iter().filter_map(|&i| rows[i].date).max();
            let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
            for &i in &m {
                *kinds.entry(rows[i].kind.as_str()).or_default() += 1;
            }
            let mut kinds: Vec<(&'static str, usize)> = kinds.into_iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let label = labeller
                .and_then(|l| l.label(centroid))
                .unwrap_or_else(|| format!("cluster {id}"));
            ClusterSummary {
                id,
                killed: m.iter().filter_map(|&i| rows[i].killed).sum(),
                wounded: m.iter().filter_map(|&i| rows[i].wounded).sum(),
                first_date: first.map(|d| d.to_string()),
                last_date: last.map(|d| d.to_string()),
                members: m,
                centroid,
                hull,
                kinds,
                label,
            }
        })
        .collect()
}

/// The hotspot kernel of every located incident.
pub fn kernels(data: &Dataset, weight_casualties: bool) -> Vec<hotspot::Kernel> {
    data.rows
        .iter()
        .filter_map(|r| {
            r.point.map(|p| hotspot::Kernel {
                point: p,
                uncertainty_km: r.uncertainty_km.unwrap_or(0.0),
                weight: if weight_casualties {
                    1.0 + r.killed.unwrap_or(0) as f64 + r.wounded.unwrap_or(0) as f64
                } else {
                    1.0
                },
            })
        })
        .collect()
}

/// Nearest sizeable gazetteer town to a point, from the gazetteer's town
/// table (names are decoded only for the towns a label uses).
pub struct Labeller<'r> {
    gazetteer: &'r Gazetteer,
    index: SpatialIndex,
    places: Vec<usize>,
    pops: Vec<u64>,
}

impl<'r> Labeller<'r> {
    pub fn new(g: &'r Gazetteer) -> Self {
        let towns = g.towns(1000);
        let pts: Vec<Option<LonLat>> = towns.iter().map(|t| Some(t.1)).collect();
        Labeller {
            gazetteer: g,
            index: SpatialIndex::new(&pts),
            places: towns.iter().map(|t| t.0).collect(),
            pops: towns.iter().map(|t| t.2).collect(),
        }
    }

    /// The most populous town within 25 km (or the nearest town when none is that close).
    pub fn label(&self, p: LonLat) -> Option<String> {
        let near = self.index.within_km(p, 25.0);
        let pick = near
            .iter()
            .max_by(|a, b| {
                self.pops[a.index]
                    .cmp(&self.pops[b.index])
                    .then(b.index.cmp(&a.index))
            })
            .copied()
            .or_else(|| self.index.nearest(p, 1).first().copied());
        pick.map(|h| format!("{} area", self.gazetteer.name(self.places[h.index])))
    }
}
