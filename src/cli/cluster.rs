//! `incimap cluster`: DBSCAN on great-circle distance, cluster centroids and
//! hulls, and the hotspot surface (kernel density + Gi*).

use std::path::PathBuf;

use super::common::GazetteerArgs;
use crate::export::{self, layers};
use crate::index::summary::{Labeller, kernels, summarise};
use crate::index::{cluster, hotspot};

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
    let (data, errors) = super::inputs::load_rows(&a.inputs, &a.gazetteer, &mut reference)?;
    let points = data.points();
    // The hotspot surface does not need the clusters: both at once.
    let (db, surface) = rayon::join(
        || cluster::dbscan(&points, &data, a.radius_km, a.min_points),
        || {
            a.hotspots.as_ref().and_then(|_| {
                let kernels = kernels(&data, a.weight_casualties);
                hotspot::surface(&kernels, a.bandwidth_km, a.cell_km)
            })
        },
    );
    if !a.no_labels && reference.is_none() {
        reference = Some(a.gazetteer.load()?);
    }
    let labeller = reference.as_ref().map(|r| Labeller::new(&r.gazetteer));
    let summaries = summarise(&data, &db, labeller.as_ref());
    let hull_path = sibling(&a.output, "_hulls");
    export::write_atomic(&a.output, |w| layers::write_centroids(w, &summaries, &data))?;
    export::write_atomic(&hull_path, |w| layers::write_hulls(w, &summaries, &data))?;
    if let Some(p) = &a.assignments {
        export::write_atomic(p, |w| {
            let mut c = csv::Writer::from_writer(w);
            c.write_record(["id", "cluster", "core"])?;
            for i in 0..data.len() {
                let label = db.labels[i].map_or(-1, |l| l as i64);
                c.write_record([data.id(i), &label.to_string(), &db.core[i].to_string()])?;
            }
            c.flush()
        })?;
    }
    if let (Some(p), Some(s)) = (&a.hotspots, &surface) {
        export::write_atomic(p, |w| layers::write_hotspots(w, s))?;
    }
    crate::diag!(
        "{} incidents ({} located): {} clusters, {} noise",
        data.len(),
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

fn sibling(p: &std::path::Path, suffix: &str) -> PathBuf {
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("clusters");
    let ext = p.extension().and_then(|s| s.to_str()).unwrap_or("geojson");
    p.with_file_name(format!("{stem}{suffix}.{ext}"))
}
