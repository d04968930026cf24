//! `incimap cluster`: DBSCAN on great-circle distance, cluster centroids and
//! hulls, and the hotspot surface (kernel density + Gi*).

use std::collections::BTreeMap;
use std::path::PathBuf;

use geo::{ConvexHull, MultiPoint, Point};
use serde_json::{Map, Value, json};

use super::common::GazetteerArgs;
use crate::dataset::Row;
use crate::export;
use crate::index::{SpatialIndex, cluster, from_xyz, hotspot, to_xyz};
use crate::model::LonLat;
use crate::pipeline::Reference;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents GeoJSON/CSV written by incimap, or reports (.txt/.html, folders, -).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// DBSCAN radius (great circle), km.
    #[arg(long, default_value_t = 10.0, allow_hyphen_values = true)]
    pub radius_km: f64,
    /// DBSCAN minimum points (the point itself included).
    #[arg(long, default_value_t = 3)]
    pub min_points: usize,
    /// Cluster centroids (GeoJSON points); hulls go to <name>_hulls.geojson beside it.
    #[arg(short, long, default_value = "clusters.geojson")]
    pub output: PathBuf,
    /// Also write each incident's cluster: CSV `id,cluster,core` (-1 = noise).
    #[arg(long)]
    pub assignments: Option<PathBuf>,
    /// Also write the hotspot grid (density and Gi* z-score per cell) as GeoJSON polygons.
    #[arg(long)]
    pub hotspots: Option<PathBuf>,
    /// Kernel bandwidth for the hotspot surface, km (each incident's kernel is at least its uncertainty).
    #[arg(long, default_value_t = 10.0)]
    pub bandwidth_km: f64,
    /// Hotspot grid cell size, km (grown automatically above 250,000 cells).
    #[arg(long, default_value_t = 5.0)]
    pub cell_km: f64,
    /// Weight each incident by 1 + killed + wounded in the hotspot surface.
    #[arg(long)]
    pub weight_casualties: bool,
    /// Do not label clusters with the nearest gazetteer town (skips loading the gazetteer).
    #[arg(long)]
    pub no_labels: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

pub fn run(a: Args) -> anyhow::Result<bool> {
    crate::cli::check_km("--radius-km", a.radius_km)?;
    crate::cli::check_km("--bandwidth-km", a.bandwidth_km)?;
    crate::cli::check_km("--cell-km", a.cell_km)?;
    crate::cli::check_min_points(a.min_points)?;
    let mut reference = None;
    let (rows, errors) = super::inputs::load_rows(&a.inputs, &a.gazetteer, &mut reference)?;
    let points: Vec<Option<LonLat>> = rows.iter().map(|r| r.point).collect();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let db = cluster::dbscan(&points, &ids, a.radius_km, a.min_points);
    if !a.no_labels && reference.is_none() {
        reference = Some(a.gazetteer.load()?);
    }
    let labeller = reference.as_ref().map(Labeller::new);
    let summaries = summarise(&rows, &db, labeller.as_ref());
    let (centroids, hulls) = cluster_features(&summaries);
    let hull_path = sibling(&a.output, "_hulls");
    export::write_atomic(&a.output, |w| write_fc(w, centroids))?;
    export::write_atomic(&hull_path, |w| write_fc(w, hulls))?;
    if let Some(p) = &a.assignments {
        export::write_atomic(p, |w| {
            let mut c = csv::Writer::from_writer(w);
            c.write_record(["id", "cluster", "core"])?;
            for (i, r) in rows.iter().enumerate() {
                let label = db.labels[i].map_or(-1, |l| l as i64);
                c.write_record([r.id.clone(), label.to_string(), db.core[i].to_string()])?;
            }
            c.flush()
        })?;
    }
    if let Some(p) = &a.hotspots {
        let kernels = kernels(&rows, a.weight_casualties);
        if let Some(s) = hotspot::surface(&kernels, a.bandwidth_km, a.cell_km) {
            export::write_atomic(p, |w| write_fc(w, hotspot_features(&s)))?;
        }
    }
    crate::diag!(
        "{} incidents ({} located): {} clusters, {} noise",
        rows.len(),
        points.iter().flatten().count(),
        db.n_clusters,
        db.labels
            .iter()
            .zip(&points)
            .filter(|(l, p)| l.is_none() && p.is_some())
            .count()
    );
    for s in summaries.iter().take(10) {
        crate::diag!(
            "  #{:<3} {:>5} incidents  {}",
            s.id,
            s.members.len(),
            s.label
        );
    }
    super::common::list_failures(&errors);
    Ok(errors.is_empty())
}

pub fn kernels(rows: &[Row], weight_casualties: bool) -> Vec<hotspot::Kernel> {
    rows.iter()
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

fn sibling(p: &std::path::Path, suffix: &str) -> PathBuf {
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("clusters");
    let ext = p.extension().and_then(|s| s.to_str()).unwrap_or("geojson");
    p.with_file_name(format!("{stem}{suffix}.{ext}"))
}

/// Nearest sizeable gazetteer town to a point.
pub struct Labeller<'r> {
    index: SpatialIndex,
    names: Vec<&'r str>,
    pops: Vec<u64>,
}

impl<'r> Labeller<'r> {
    pub fn new(r: &'r Reference) -> Self {
        let g = &r.gazetteer;
        let towns: Vec<usize> = (0..g.len())
            .filter(|&i| g.is_current(i) && g.feature(i).0 == "P" && g.population(i) >= 1000)
            .collect();
        let pts: Vec<Option<LonLat>> = towns.iter().map(|&i| Some(g.lonlat(i))).collect();
        Labeller {
            index: SpatialIndex::new(&pts),
            names: towns.iter().map(|&i| g.name(i)).collect(),
            pops: towns.iter().map(|&i| g.population(i)).collect(),
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
        pick.map(|h| format!("{} area", self.names[h.index]))
    }
}

/// One cluster, ready for output.
#[derive(Debug, Clone)]
pub struct ClusterSummary {
    pub id: usize,
    pub members: Vec<usize>,
    pub member_ids: Vec<String>,
    pub centroid: LonLat,
    pub hull: Vec<LonLat>,
    pub killed: u32,
    pub wounded: u32,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub kinds: Vec<(String, usize)>,
    pub label: String,
}

pub fn summarise(
    rows: &[Row],
    db: &cluster::Dbscan,
    labeller: Option<&Labeller>,
) -> Vec<ClusterSummary> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); db.n_clusters];
    for (i, l) in db.labels.iter().enumerate() {
        if let Some(l) = l {
            members[*l].push(i);
        }
    }
    members
        .into_iter()
        .enumerate()
        .map(|(id, mut m)| {
            m.sort_by(|&a, &b| rows[a].id.cmp(&rows[b].id));
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
            let dates: Vec<chrono::NaiveDate> = m.iter().filter_map(|&i| rows[i].date).collect();
            let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
            for &i in &m {
                *kinds.entry(rows[i].kind.clone()).or_default() += 1;
            }
            let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let label = labeller
                .and_then(|l| l.label(centroid))
                .unwrap_or_else(|| format!("cluster {id}"));
            ClusterSummary {
                id,
                member_ids: m.iter().map(|&i| rows[i].id.clone()).collect(),
                killed: m.iter().filter_map(|&i| rows[i].killed).sum(),
                wounded: m.iter().filter_map(|&i| rows[i].wounded).sum(),
                first_date: dates.iter().min().map(|d| d.to_string()),
                last_date: dates.iter().max().map(|d| d.to_string()),
                members: m,
                centroid,
                hull,
                kinds,
                label,
            }
        })
        .collect()
}

fn r6(x: f64) -> f64 {
    export::records::round6(x)
}

fn cluster_props(s: &ClusterSummary) -> Map<String, Value> {
    let v = json!({
        "id": s.id,
        "label": s.label,
        "size": s.members.len(),
        "killed": s.killed,
        "wounded": s.wounded,
        "first_date": s.first_date,
        "last_date": s.last_date,
        "kinds": s.kinds.iter().take(3).map(|(k, n)| format!("{k} ({n})")).collect::<Vec<_>>().join(", "),
        "member_ids": s.member_ids.join(";"),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub fn cluster_features(summaries: &[ClusterSummary]) -> (Vec<Value>, Vec<Value>) {
    let mut centroids = Vec::new();
    let mut hulls = Vec::new();
    for s in summaries {
        let props = cluster_props(s);
        centroids.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r6(s.centroid.lon), r6(s.centroid.lat)]},
            "properties": props,
        }));
        let mut ring: Vec<[f64; 2]> = s.hull.iter().map(|p| [r6(p.lon), r6(p.lat)]).collect();
        ring.dedup();
        if ring.len() < 4 {
            // Members on one point or one line: a circle around them instead of a degenerate hull.
            let r = s
                .hull
                .iter()
                .map(|p| crate::resolve::geodesy::distance_km(s.centroid, *p))
                .fold(0.0, f64::max)
                + 1.0;
            ring = (0..=32)
                .map(|i| {
                    let p = crate::resolve::geodesy::destination(
                        s.centroid,
                        360.0 - i as f64 * 360.0 / 32.0,
                        r,
                    );
                    [r6(p.lon), r6(p.lat)]
                })
                .collect();
        }
        {
            // geo's convex hull is counter-clockwise: RFC 7946 right-hand rule for exteriors.
            hulls.push(json!({
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": props,
            }));
        }
    }
    (centroids, hulls)
}

pub fn hotspot_features(s: &hotspot::Surface) -> Vec<Value> {
    let g = &s.grid;
    let max = s.density.iter().copied().fold(0.0, f64::max);
    let mut out = Vec::new();
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
            out.push(json!({
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    "col": c, "row": r,
                    "density": (s.density[i] * 1e6).round() / 1e6,
                    "count": s.counts[i],
                    "gi_z": (s.gi_z[i] * 1000.0).round() / 1000.0,
                    "hot": s.gi_z[i] >= 1.96,
                },
            }));
        }
    }
    out
}

pub fn write_fc(
    w: &mut (impl std::io::Write + ?Sized),
    features: Vec<Value>,
) -> std::io::Result<()> {
    serde_json::to_writer(
        &mut *w,
        &json!({"type": "FeatureCollection", "features": features}),
    )?;
    w.write_all(b"\n")
}
