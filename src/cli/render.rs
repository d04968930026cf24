//! `incimap render`: PNG (or SVG) maps of incidents, clusters and hotspots.
//! Also the map-making half of `incimap map` (overview + one map per theatre).

use std::path::{Path, PathBuf};

use super::cluster::{ClusterSummary, Labeller, kernels, summarise};
use super::common::GazetteerArgs;
use crate::basemap::Physical;
use crate::dataset::Row;
use crate::index::{cluster, hotspot};
use crate::model::LonLat;
use crate::pipeline::Reference;
use crate::render::{self, Basemap, Extent, Layers, MapInput, MapSpec};
use crate::resolve::border::Countries;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents GeoJSON/CSV written by incimap, or reports (.txt/.html, folders, -).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output image: .png, or .svg for an editable vector map.
    #[arg(short, long, default_value = "map.png")]
    pub output: PathBuf,
    /// auto (all incidents), W,S,E,N in degrees, or a place name (150 km around it).
    #[arg(long, default_value = "auto", allow_hyphen_values = true)]
    pub extent: String,
    /// Image size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1600x1200")]
    pub size: String,
    /// Layers to draw: points, clusters, heat, footprints, labels (comma-separated).
    #[arg(long, default_value = "points,clusters,heat,footprints,labels")]
    pub layers: String,
    /// Map title (default: the incidents' date range).
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub options: MapOptions,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// Clustering and density settings shared by render and map.
#[derive(Debug, Clone, clap::Args)]
pub struct MapOptions {
    /// DBSCAN radius for the cluster layer, km.
    #[arg(long, default_value_t = 10.0)]
    pub radius_km: f64,
    /// DBSCAN minimum points.
    #[arg(long, default_value_t = 3)]
    pub min_points: usize,
    /// Kernel bandwidth of the heat layer, km.
    #[arg(long, default_value_t = 10.0)]
    pub bandwidth_km: f64,
}

pub fn parse_size(s: &str) -> anyhow::Result<(u32, u32)> {
    let bad = || {
        crate::cli::usage(format!(
            "--size '{s}': expected WIDTHxHEIGHT such as 1600x1200"
        ))
    };
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let (Ok(w), Ok(h)) = (w.trim().parse::<u32>(), h.trim().parse::<u32>()) else {
        return Err(bad());
    };
    if !(200..=10_000).contains(&w) || !(200..=10_000).contains(&h) {
        return Err(crate::cli::usage(format!(
            "--size '{s}': each side must be 200 to 10000 pixels"
        )));
    }
    Ok((w, h))
}

/// Everything a map needs, computed once for all maps of a run.
pub struct MapData {
    pub rows: Vec<Row>,
    pub clusters: Vec<ClusterSummary>,
    pub surface: Option<hotspot::Surface>,
}

impl MapData {
    pub fn compute(rows: Vec<Row>, o: &MapOptions, labeller: Option<&Labeller>) -> MapData {
        let points: Vec<Option<LonLat>> = rows.iter().map(|r| r.point).collect();
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let db = cluster::dbscan(&points, &ids, o.radius_km, o.min_points.max(1));
        let clusters = summarise(&rows, &db, labeller);
        let surface = hotspot::surface(
            &kernels(&rows, false),
            o.bandwidth_km,
            (o.bandwidth_km / 2.0).max(0.5),
        );
        MapData {
            rows,
            clusters,
            surface,
        }
    }

    /// "2020-05-17 to 2020-05-24 · 62 incidents".
    pub fn period(&self) -> String {
        let dates: Vec<_> = self.rows.iter().filter_map(|r| r.date).collect();
        let n = self.rows.iter().filter(|r| r.point.is_some()).count();
        match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) => format!("{a} to {b} · {n} located incidents"),
            _ => format!("{n} located incidents"),
        }
    }

    /// Theatres: groups of clusters whose centroids lie within 500 km of each other.
    pub fn theatres(&self) -> Vec<(String, Extent)> {
        let n = self.clusters.len();
        let mut group: Vec<usize> = (0..n).collect();
        for i in 0..n {
            for j in 0..i {
                if crate::resolve::geodesy::distance_km(
                    self.clusters[i].centroid,
                    self.clusters[j].centroid,
                ) < 500.0
                {
                    let (gi, gj) = (group[i], group[j]);
                    for g in group.iter_mut() {
                        if *g == gi {
                            *g = gj;
                        }
                    }
                }
            }
        }
        let mut ids: Vec<usize> = group.clone();
        ids.sort_unstable();
        ids.dedup();
        let mut out: Vec<(usize, String, Extent)> = ids
            .into_iter()
            .filter_map(|g| {
                let members: Vec<&ClusterSummary> = self
                    .clusters
                    .iter()
                    .zip(&group)
                    .filter(|(_, x)| **x == g)
                    .map(|(c, _)| c)
                    .collect();
                let size: usize = members.iter().map(|c| c.members.len()).sum();
                let pts = members
                    .iter()
                    .flat_map(|c| c.members.iter().filter_map(|&i| self.rows[i].point));
                let extent = Extent::around(pts, 0.3, 2.0)?;
                Some((size, members[0].label.clone(), extent))
            })
            .collect();
        out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        out.into_iter().take(6).map(|(_, l, e)| (l, e)).collect()
    }
}

pub struct Basemaps {
    pub countries: Countries,
    pub physical: Physical,
    pub admin1: Vec<geo::Polygon<f64>>,
    countries_10m: std::sync::OnceLock<Vec<geo::Polygon<f64>>>,
}

impl Basemaps {
    pub fn load() -> anyhow::Result<Basemaps> {
        Ok(Basemaps {
            countries: Countries::load_default()?,
            physical: Physical::load_default(),
            admin1: crate::basemap::admin1_outlines(),
            countries_10m: std::sync::OnceLock::new(),
        })
    }

    /// 1:10m countries, decoded on first use (only zoomed-in maps need them).
    pub fn countries_10m(&self) -> &[geo::Polygon<f64>] {
        self.countries_10m
            .get_or_init(crate::basemap::countries_10m)
    }
}

pub fn draw_map(
    path: &Path,
    data: &MapData,
    basemaps: &Basemaps,
    extent: Extent,
    size: (u32, u32),
    title: String,
    layers: Layers,
) -> anyhow::Result<()> {
    let shown = data
        .rows
        .iter()
        .filter_map(|r| r.point)
        .filter(|p| extent.contains(*p))
        .count();
    let subtitle = format!("{} · {shown} on this map", data.period());
    let spec = MapSpec {
        extent,
        width: size.0,
        height: size.1,
        title,
        subtitle,
        layers,
    };
    let input = MapInput {
        rows: &data.rows,
        clusters: &data.clusters,
        surface: data.surface.as_ref(),
        basemap: Basemap {
            countries: &basemaps.countries,
            physical: &basemaps.physical,
            admin1: &basemaps.admin1,
            countries_10m: if (extent.east - extent.west).max(extent.north - extent.south)
                < render::DETAIL_SPAN_DEG
            {
                basemaps.countries_10m()
            } else {
                &[]
            },
        },
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
            return Err(crate::error::Error::BadData {
                path: path.into(),
                message: format!(
                    "cannot write here: {} is a file, not a folder",
                    file.display()
                ),
            }
            .into());
        }
        crate::export::transaction::create_dir_all(dir).map_err(|e| {
            crate::error::Error::Write {
                path: dir.into(),
                source: e,
            }
        })?;
    }
    // Render to a temporary file, then rename: no half-written image on interruption.
    let tmp = crate::export::transaction::Pending::new(crate::export::temp_path(path));
    // The image backends report a failed create as a debug struct: try it first.
    std::fs::File::create(tmp.path()).map_err(|e| crate::error::Error::Write {
        path: path.into(),
        source: e,
    })?;
    render::render(tmp.path(), &spec, &input)
        .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
    std::fs::rename(tmp.path(), path).map_err(|e| crate::error::Error::Write {
        path: path.into(),
        source: e,
    })?;
    tmp.keep();
    Ok(())
}

fn resolve_extent(
    s: &str,
    data: &MapData,
    reference: &mut Option<Reference>,
    g: &GazetteerArgs,
) -> anyhow::Result<Extent> {
    if s == "auto" {
        return Extent::around(data.rows.iter().filter_map(|r| r.point), 0.08, 1.0)
            .ok_or_else(|| anyhow::anyhow!("no located incidents to map"));
    }
    let nums: Vec<f64> = s.split(',').filter_map(|x| x.trim().parse().ok()).collect();
    if nums.len() == 4 {
        let e = Extent {
            west: nums[0],
            south: nums[1],
            east: nums[2],
            north: nums[3],
        };
        if !(e.west < e.east
            && e.south < e.north
            && e.west >= -180.0
            && e.east <= 180.0
            && e.south >= -90.0
            && e.north <= 90.0)
        {
            return Err(crate::cli::usage(format!(
                "--extent '{s}': expected W,S,E,N with W < E and S < N within ±180/±90"
            )));
        }
        return Ok(e);
    }
    if reference.is_none() {
        *reference = Some(g.load()?);
    }
    let gz = &reference.as_ref().expect("loaded").gazetteer;
    let cands = gz.lookup(
        s,
        &crate::gazetteer::LookupContext {
            country: g.country()?,
            ..Default::default()
        },
    );
    let best = cands.first().ok_or_else(|| {
        crate::cli::usage(format!(
            "--extent '{s}': not auto, not W,S,E,N and not in the gazetteer"
        ))
    })?;
    let c = gz.lonlat(best.index);
    let dlat = 150.0 / 111.2;
    let dlon = dlat / c.lat.to_radians().cos().max(0.05);
    Ok(Extent {
        west: c.lon - dlon,
        south: c.lat - dlat,
        east: c.lon + dlon,
        north: c.lat + dlat,
    })
}

pub fn run(a: Args) -> anyhow::Result<bool> {
    crate::cli::check_km("--radius-km", a.options.radius_km)?;
    crate::cli::check_km("--bandwidth-km", a.options.bandwidth_km)?;
    crate::cli::check_min_points(a.options.min_points)?;
    let size = parse_size(&a.size)?;
    let layers =
        Layers::parse(&a.layers).map_err(|e| crate::cli::usage(format!("--layers: {e}")))?;
    let mut reference = None;
    let (rows, errors) = super::inputs::load_rows(&a.inputs, &a.gazetteer, &mut reference)?;
    if reference.is_none() {
        reference = Some(a.gazetteer.load()?);
    }
    let labeller = reference.as_ref().map(Labeller::new);
    let data = MapData::compute(rows, &a.options, labeller.as_ref());
    let extent = resolve_extent(&a.extent, &data, &mut reference, &a.gazetteer)?;
    let title = a.title.clone().unwrap_or_else(|| "Incidents".into());
    draw_map(
        &a.output,
        &data,
        &Basemaps::load()?,
        extent,
        size,
        title,
        layers,
    )?;
    crate::diag!("wrote {}", a.output.display());
    super::common::list_failures(&errors);
    Ok(errors.is_empty())
}
