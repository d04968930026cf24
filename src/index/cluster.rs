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

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{chord_of_km, chord2, from_xyz, to_xyz};
use crate::model::LonLat;

#[derive(Debug, Clone, PartialEq)]
pub struct Dbscan {
    /// Cluster of each input point (None: noise or no coordinates).
    pub labels: Vec<Option<usize>>,
    pub core: Vec<bool>,
    pub n_clusters: usize,
}

/// Point ids, for deterministic tie-breaks.
pub trait Ids: Sync {
    fn id(&self, i: usize) -> &str;
}

impl Ids for [String] {
    fn id(&self, i: usize) -> &str {
        &self[i]
    }
}

impl Ids for Vec<String> {
    fn id(&self, i: usize) -> &str {
        &self[i]
    }
}

impl Ids for crate::dataset::Dataset {
    fn id(&self, i: usize) -> &str {
        crate::dataset::Dataset::id(self, i)
    }
}

type Cell = (i64, i64, i64);

/// Offsets of the cells that can hold a neighbour: ceil(eps / side) = ceil(√3) = 2.
const REACH: i64 = 2;

/// The located points grouped by cell: cells in key order, each with its
/// members (ascending point index) as a range of `members`.
struct Grid {
    keys: Vec<Cell>,
    ranges: Vec<(u32, u32)>,
    members: Vec<u32>,
    lookup: FxHashMap<Cell, u32>,
    /// Each cell's occupied neighbour cells (itself included), found once:
    /// cell k's are `near[near_at[k]..near_at[k + 1]]`.
    near: Vec<u32>,
    near_at: Vec<usize>,
}

impl Grid {
    fn new(xyz: &[[f64; 3]], located: &[bool], side: f64) -> Grid {
        let mut keyed: Vec<(Cell, u32)> = xyz
            .iter()
            .zip(located)
            .enumerate()
            .filter(|(_, (_, ok))| **ok)
            .map(|(i, (v, _))| {
                let c = (
                    (v[0] / side).floor() as i64,
                    (v[1] / side).floor() as i64,
                    (v[2] / side).floor() as i64,
                );
                (c, i as u32)
            })
            .collect();
        keyed.par_sort_unstable();
        let mut g = Grid {
            keys: Vec::new(),
            ranges: Vec::new(),
            members: Vec::with_capacity(keyed.len()),
            lookup: FxHashMap::default(),
            near: Vec::new(),
            near_at: vec![0],
        };
        for (c, i) in keyed {
            if g.keys.last() != Some(&c) {
                g.lookup.insert(c, g.keys.len() as u32);
                g.keys.push(c);
                let at = g.members.len() as u32;
                g.ranges.push((at, at));
            }
            g.members.push(i);
            g.ranges.last_mut().expect("pushed").1 += 1;
        }
        g.lookup.shrink_to_fit();
        // Keys sort by x, y, z: each (x, y) column of cells is one run of
        // `keys`, so a cell's neighbours are 25 column lookups, not 125.
        let mut columns: FxHashMap<(i64, i64), (u32, u32)> = FxHashMap::default();
        for (k, c) in g.keys.iter().enumerate() {
            columns
                .entry((c.0, c.1))
                .and_modify(|r| r.1 = k as u32 + 1)
                .or_insert((k as u32, k as u32 + 1));
        }
        let near: Vec<Vec<u32>> = g
            .keys
            .par_iter()
            .map(|c| {
                let mut near = Vec::new();
                for dx in -REACH..=REACH {
                    for dy in -REACH..=REACH {
                        let Some(&(a, b)) = columns.get(&(c.0 + dx, c.1 + dy)) else {
                            continue;
                        };
                        let run = &g.keys[a as usize..b as usize];
                        let from = run.partition_point(|k| k.2 < c.2 - REACH);
                        for (j, k) in run.iter().enumerate().skip(from) {
                            if k.2 > c.2 + REACH {
                                break;
                            }
                            near.push(a + j as u32);
                        }
                    }
                }
                near
            })
            .collect();
        for n in near {
            g.near.extend(n);
            g.near_at.push(g.near.len());
        }
        g
    }

    fn cell(&self, k: usize) -> &[u32] {
        let (a, b) = self.ranges[k];
        &self.members[a as usize..b as usize]
    }

    /// The cells around cell `k` (itself included) that hold points.
    fn around(&self, k: usize) -> &[u32] {
        &self.near[self.near_at[k]..self.near_at[k + 1]]
    }
}

/// Runs DBSCAN. `ids` break ties deterministically (and order clusters of equal size).
pub fn dbscan(
    points: &[Option<LonLat>],
    ids: &(impl Ids + ?Sized),
    radius_km: f64,
    min_points: usize,
) -> Dbscan {
    let n = points.len();
    let eps = chord_of_km(radius_km);
    let eps2 = eps * eps;
    let side = eps / 3f64.sqrt();
    let located: Vec<bool> = points.iter().map(Option::is_some).collect();
    let xyz: Vec<[f64; 3]> = points
        .par_iter()
        .map(|p| p.map_or([f64::NAN; 3], to_xyz))
        .collect();
    let grid = Grid::new(&xyz, &located, side);
    let ncells = grid.keys.len();
    // 1. Core points, cell by cell on every core (flags in `grid.members` order).
    let min_points = min_points.max(1);
    let flags: Vec<bool> = (0..ncells)
        .into_par_iter()
        .flat_map_iter(|k| {
            let members = grid.cell(k);
            let dense = members.len() >= min_points;
            let near = grid.around(k);
            let xyz = &xyz;
            let grid = &grid;
            members.iter().map(move |&i| {
                dense || {
                    let v = &xyz[i as usize];
                    let mut count = 0;
                    'count: for &m in near {
                        for &j in grid.cell(m as usize) {
                            if chord2(v, &xyz[j as usize]) <= eps2 {
                                count += 1;
                                if count >= min_points {
                                    break 'count;
                                }
                            }
                        }
                    }
                    count >= min_points
                }
            })
        })
        .collect();
    let mut core = vec![false; n];
    for (&i, &c) in grid.members.iter().zip(&flags) {
        core[i as usize] = c;
    }
    // 2. Connect core points: within a cell all are connected; across cells by any close pair.
    let core_of: Vec<Vec<u32>> = (0..ncells)
        .map(|k| {
            grid.cell(k)
                .iter()
                .copied()
                .filter(|&i| core[i as usize])
                .collect()
        })
        .collect();
    let mut uf = UnionFind::new(ncells);
    for a in 0..ncells {
        if core_of[a].is_empty() {
            continue;
        }
        for &b in grid.around(a) {
            let b = b as usize;
            if b <= a || core_of[b].is_empty() || uf.find(a) == uf.find(b) {
                continue;
            }
            let pb = &core_of[b];
            let linked = core_of[a].iter().any(|&i| {
                let v = &xyz[i as usize];
                pb.iter().any(|&j| chord2(v, &xyz[j as usize]) <= eps2)
            });
            if linked {
                uf.union(a, b);
            }
        }
    }
    let mut component = vec![usize::MAX; n];
    for (k, c) in core_of.iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        let root = uf.find(k);
        for &i in c {
            component[i as usize] = root;
        }
    }
    // 3. Border points: the nearest core point's component (ties: smaller
    // id), found cell by cell on every core.
    let nearest_core: Vec<Option<usize>> = (0..ncells)
        .into_par_iter()
        .flat_map_iter(|k| {
            let near = grid.around(k);
            let (xyz, core, core_of) = (&xyz, &core, &core_of);
            grid.cell(k).iter().map(move |&i| {
                if core[i as usize] {
                    return None;
                }
                let v = &xyz[i as usize];
                let mut best: Option<(f64, usize)> = None;
                for &m in near {
                    for &j in &core_of[m as usize] {
                        let j = j as usize;
                        let d = chord2(v, &xyz[j]);
                        if d <= eps2 {
                            let better = match best {
                                None => true,
                                Some((bd, bj)) => d < bd || (d == bd && ids.id(j) < ids.id(bj)),
                            };
                            if better {
                                best = Some((d, j));
                            }
                        }
                    }
                }
                best.map(|(_, j)| j)
            })
        })
        .collect();
    for (&i, j) in grid.members.iter().zip(&nearest_core) {
        if let Some(j) = j {
            component[i as usize] = component[*j];
        }
    }
    // 4. Deterministic cluster ids.
    let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
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
                let v = xyz[i];
                s[0] += v[0];
                s[1] += v[1];
                s[2] += v[2];
            }
            let c = from_xyz(s);
            let min_id = m.iter().map(|&i| ids.id(i)).min().unwrap_or("");
            (m.len(), round_key(c.lon), round_key(c.lat), min_id, root)
        })
        .collect();
    order.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
            .then(a.3.cmp(b.3))
    });
    let mut rank = vec![usize::MAX; ncells];
    for (k, o) in order.iter().enumerate() {
        rank[o.4] = k;
    }
    let labels = component
        .iter()
        .map(|&c| (c != usize::MAX).then(|| rank[c]))
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
