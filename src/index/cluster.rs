//! DBSCAN on great-circle distance, cell-based so dense hotspots stay cheap.
//!
//! Points are placed on the unit sphere and hashed into cubic cells of side
//! eps/√3 (eps as a chord), so any two points of one cell are neighbours:
//! - a cell holding >= min_points points makes all of them core at once;
//! - other points count neighbours in the 5×5×5 cells around theirs, stopping at min_points;
//! - core points of one cell are connected; two cells' core sets are joined
//!   when some pair of their core points is within eps (union-find);
//! - a border point (not core, within eps of a core point) joins the cluster
//!   of its nearest core point; equal distances go to the core point with the
//!   smaller id, so membership does not depend on input order.
//!   (scikit-learn gives a border point to whichever cluster reaches it first.)
//!
//! Cluster ids: by size (largest first), then centroid longitude, latitude, then smallest member id.

use std::collections::HashMap;

use super::{chord_of_km, chord2, from_xyz, to_xyz};
use crate::model::LonLat;

#[derive(Debug, Clone, PartialEq)]
pub struct Dbscan {
    /// Cluster of each input point (None: noise or no coordinates).
    pub labels: Vec<Option<usize>>,
    pub core: Vec<bool>,
    pub n_clusters: usize,
}

type Cell = (i64, i64, i64);

/// Runs DBSCAN. `ids` break ties deterministically (and order clusters of equal size).
pub fn dbscan(
    points: &[Option<LonLat>],
    ids: &[String],
    radius_km: f64,
    min_points: usize,
) -> Dbscan {
    let n = points.len();
    let eps = chord_of_km(radius_km);
    let eps2 = eps * eps;
    let side = eps / 3f64.sqrt();
    let xyz: Vec<Option<[f64; 3]>> = points.iter().map(|p| p.map(to_xyz)).collect();
    let cell_of = |v: &[f64; 3]| -> Cell {
        (
            (v[0] / side).floor() as i64,
            (v[1] / side).floor() as i64,
            (v[2] / side).floor() as i64,
        )
    };
    let mut cells: HashMap<Cell, Vec<usize>> = HashMap::new();
    for (i, v) in xyz.iter().enumerate() {
        if let Some(v) = v {
            cells.entry(cell_of(v)).or_default().push(i);
        }
    }
    let reach = 2i64; // ceil(eps / side) = ceil(√3)
    let neighbours = |c: &Cell| {
        let mut out = Vec::with_capacity(125);
        for dx in -reach..=reach {
            for dy in -reach..=reach {
                for dz in -reach..=reach {
                    out.push((c.0 + dx, c.1 + dy, c.2 + dz));
                }
            }
        }
        out
    };
    // 1. Core points.
    let mut core = vec![false; n];
    let min_points = min_points.max(1);
    let mut keys: Vec<&Cell> = cells.keys().collect();
    keys.sort_unstable();
    for key in &keys {
        let members = &cells[*key];
        if members.len() >= min_points {
            for &i in members {
                core[i] = true;
            }
            continue;
        }
        let near: Vec<&Vec<usize>> = neighbours(key)
            .iter()
            .filter_map(|c| cells.get(c))
            .collect();
        for &i in members {
            let v = xyz[i].expect("indexed");
            let mut count = 0;
            'count: for m in &near {
                for &j in m.iter() {
                    if chord2(&v, &xyz[j].expect("indexed")) <= eps2 {
                        count += 1;
                        if count >= min_points {
                            break 'count;
                        }
                    }
                }
            }
            core[i] = count >= min_points;
        }
    }
    // 2. Connect core points: within a cell all are connected; across cells by any close pair.
    let core_cells: HashMap<Cell, Vec<usize>> = keys
        .iter()
        .filter_map(|k| {
            let c: Vec<usize> = cells[*k].iter().copied().filter(|&i| core[i]).collect();
            (!c.is_empty()).then_some((**k, c))
        })
        .collect();
    let mut ccells: Vec<&Cell> = core_cells.keys().collect();
    ccells.sort_unstable();
    let pos: HashMap<&Cell, usize> = ccells.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut uf = UnionFind::new(ccells.len());
    for (ai, a) in ccells.iter().enumerate() {
        for nb in neighbours(a) {
            let Some(&bi) = pos.get(&nb) else { continue };
            if bi <= ai || uf.find(ai) == uf.find(bi) {
                continue;
            }
            let (pa, pb) = (&core_cells[*a], &core_cells[&nb]);
            let linked = pa.iter().any(|&i| {
                let v = xyz[i].expect("indexed");
                pb.iter()
                    .any(|&j| chord2(&v, &xyz[j].expect("indexed")) <= eps2)
            });
            if linked {
                uf.union(ai, bi);
            }
        }
    }
    let mut component = vec![usize::MAX; n];
    for (ci, c) in ccells.iter().enumerate() {
        let root = uf.find(ci);
        for &i in &core_cells[*c] {
            component[i] = root;
        }
    }
    // 3. Border points: the nearest core point's component (ties: smaller id).
    for key in &keys {
        for &i in &cells[*key] {
            if core[i] {
                continue;
            }
            let v = xyz[i].expect("indexed");
            let mut best: Option<(f64, &str, usize)> = None;
            for nb in neighbours(key) {
                let Some(cs) = core_cells.get(&nb) else {
                    continue;
                };
                for &j in cs {
                    let d = chord2(&v, &xyz[j].expect("indexed"));
                    if d <= eps2 {
                        let better = match best {
                            None => true,
                            Some((bd, bid, _)) => d < bd || (d == bd && ids[j].as_str() < bid),
                        };
                        if better {
                            best = Some((d, ids[j].as_str(), component[j]));
                        }
                    }
                }
            }
            if let Some((_, _, comp)) = best {
                component[i] = comp;
            }
        }
    }
    // 4. Deterministic cluster ids.
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &c) in component.iter().enumerate() {
        if c != usize::MAX {
            groups.entry(c).or_default().push(i);
        }
    }
    let mut order: Vec<(usize, f64, f64, &str, usize)> = groups
        .iter()
        .map(|(&root, m)| {
            let mut s = [0.0; 3];
            for &i in m {
                let v = xyz[i].expect("indexed");
                s[0] += v[0];
                s[1] += v[1];
                s[2] += v[2];
            }
            let c = from_xyz(s);
            let min_id = m.iter().map(|&i| ids[i].as_str()).min().unwrap_or("");
            (m.len(), round_key(c.lon), round_key(c.lat), min_id, root)
        })
        .collect();
    order.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
            .then(a.3.cmp(b.3))
    });
    let rank: HashMap<usize, usize> = order.iter().enumerate().map(|(k, o)| (o.4, k)).collect();
    let labels = component
        .iter()
        .map(|&c| (c != usize::MAX).then(|| rank[&c]))
        .collect();
    Dbscan {
        labels,
        core,
        n_clusters: order.len(),
    }
}

/// Rounded so float noise from summation order cannot reorder clusters.
fn round_key(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

struct UnionFind {
    parent: Vec<usize>,
    rank: Vec<u8>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            rank: vec![0; n],
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        match self.rank[ra].cmp(&self.rank[rb]) {
            std::cmp::Ordering::Less => self.parent[ra] = rb,
            std::cmp::Ordering::Greater => self.parent[rb] = ra,
            std::cmp::Ordering::Equal => {
                self.parent[rb] = ra;
                self.rank[ra] += 1;
            }
        }
    }
}
