//! `incimap render`: PNG (or SVG) maps of incidents, clusters and hotspots.
//! Also the map-making half of `incimap map` (overview + one map per theatre).

use std::path::{Path, PathBuf};

use super::common::GazetteerArgs;
use crate::basemap::{Area, Physical};
use crate::dataset::Dataset;
use crate::index::summary::{ClusterSummary, Labeller, kernels, summarise};
use crate::index::{cluster, hotspot, theatre};
use crate::pipeline::Reference;
use crate::render::{self, Basemap, Extent, Layers, MapInput, MapSpec, Town};
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
    pub data: Dataset,
    pub clusters: Vec<ClusterSummary>,
    pub surface: Option<hotspot::Surface>,
    /// How clusters were found, for the legend.
    pub cluster_rule: String,
}

impl MapData {
    pub fn compute(data: Dataset, o: &MapOptions, labeller: Option<&Labeller>) -> MapData {
        // The surface does not need the clusters: both at once.
        let (clusters, surface) = rayon::join(
            || {
                let db = cluster::dbscan(&data.points(), &data, o.radius_km, o.min_points.max(1));
                summarise(&data, &db, labeller)
            },
            || {
                hotspot::surface(
                    &kernels(&data, false),
                    o.bandwidth_km,
                    (o.bandwidth_km / 2.0).max(0.5),
                )
            },
        );
        MapData {
            data,
            clusters,
            surface,
            cluster_rule: format!(
                "DBSCAN: {} km, at least {} incidents",
                o.radius_km,
                o.min_points.max(1)
            ),
        }
    }

    /// "2020-05-17 to 2020-05-24 · 62 incidents".
    pub fn period(&self) -> String {
        let n = self.data.rows.iter().filter(|r| r.point.is_some()).count();
        match self.dates() {
            Some(d) => format!("{d} · {n} located incidents"),
            None => format!("{n} located incidents"),
        }
    }

    /// "2020-05-17 to 2020-05-24" (None when nothing is dated).
    pub fn dates(&self) -> Option<String> {
        let dates: Vec<_> = self.data.rows.iter().filter_map(|r| r.date).collect();
        match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) if a == b => Some(a.to_string()),
            (Some(a), Some(b)) => Some(format!("{a} to {b}")),
            _ => None,
        }
    }

    /// The theatre maps (at most `max`), and their clusters' close-ups.
    pub fn theatres(&self, countries: &Countries, max: usize) -> Vec<theatre::Theatre> {
        let refs: Vec<theatre::ClusterRef> = self
            .clusters
            .iter()
            .map(|c| theatre::ClusterRef {
                label: &c.label,
                members: &c.members,
            })
            .collect();
        let name = |code: &str| countries.by_code.get(code).map(|c| c.name.clone());
        theatre::theatres(&self.data, &refs, &name, max)
    }

    /// "3 incidents could not be located (see unresolved.csv)", when any.
    pub fn unlocated_note(&self, see: &str) -> Vec<String> {
        match self.data.rows.iter().filter(|r| r.point.is_none()).count() {
            0 => Vec::new(),
            1 => vec![format!("1 incident could not be located {see}")],
            n => vec![format!("{n} incidents could not be located {see}")],
        }
    }
}

pub struct Basemaps {
    pub countries: Countries,
    pub physical: Physical,
    pub admin1: Vec<Area>,
    /// Orientation towns from the gazetteer, most populous first.
    pub towns: Vec<Town>,
    countries_10m: std::sync::OnceLock<Vec<geo::Polygon<f64>>>,
}

impl Basemaps {
    pub fn load(reference: &Reference) -> anyhow::Result<Basemaps> {
        Ok(Basemaps {
            countries: Countries::load_default()?,
            physical: Physical::load_default(),
            admin1: crate::basemap::admin1_areas(),
            towns: towns(&reference.gazetteer),
            countries_10m: std::sync::OnceLock::new(),
        })
    }

    /// 1:10m countries, decoded on first use (only zoomed-in maps need them).
    pub fn countries_10m(&self) -> &[geo::Polygon<f64>] {
        self.countries_10m
            .get_or_init(crate::basemap::countries_10m)
    }
}

/// Populated places of at least MIN_TOWN_POPULATION, most populous first.
fn towns(g: &crate::gazetteer::Gazetteer) -> Vec<Town> {
    let mut out: Vec<Town> = g
        .towns(render::MIN_TOWN_POPULATION)
        .into_iter()
        .map(|(i, point, population)| Town {
            name: g.name(i).to_owned(),
            point,
            population,
        })
        .collect();
    out.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
    out
}

/// One map to draw: what it shows and how it is titled.
pub struct MapRequest {
    pub extent: Extent,
    pub title: String,
    pub layers: Layers,
    /// A locator inset (theatre maps).
    pub locator: bool,
    pub notes: Vec<String>,
}

pub fn draw_map(
    path: &Path,
    data: &MapData,
    basemaps: &Basemaps,
    size: (u32, u32),
    req: MapRequest,
) -> anyhow::Result<String> {
    let extent = req.extent;
    let shown = data
        .data
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
        title: req.title,
        subtitle,
        layers: req.layers,
        locator: req.locator,
        notes: req.notes,
        cluster_rule: data.cluster_rule.clone(),
    };
    let world = render::world_file(&spec);
    let input = MapInput {
        data: &data.data,
        clusters: &data.clusters,
        surface: data.surface.as_ref(),
        basemap: Basemap {
            countries: &basemaps.countries,
            physical: &basemaps.physical,
            admin1: &basemaps.admin1,
            towns: &basemaps.towns,
            countries_10m: if (extent.east - extent.west).max(extent.north - extent.south)
                < render::DETAIL_SPAN_DEG
            {
                basemaps.countries_10m()
            } else {
                &[]
            },
        },
    };
    crate::export::write_atomic_path(path, |tmp| render::render(tmp, &spec, &input))?;
    Ok(world)
}

fn resolve_extent(
    s: &str,
    data: &MapData,
    reference: &mut Option<Reference>,
    g: &GazetteerArgs,
) -> anyhow::Result<Extent> {
    if s == "auto" {
        return Extent::around(data.data.rows.iter().filter_map(|r| r.point), 0.08, 1.0)
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
    let labeller = reference.as_ref().map(|r| Labeller::new(&r.gazetteer));
    let data = MapData::compute(rows, &a.options, labeller.as_ref());
    let extent = resolve_extent(&a.extent, &data, &mut reference, &a.gazetteer)?;
    let title = a.title.clone().unwrap_or_else(|| "Incidents".into());
    let reference = reference.as_ref().expect("loaded above");
    let notes = data.unlocated_note("(not drawn)");
    draw_map(
        &a.output,
        &data,
        &Basemaps::load(reference)?,
        size,
        MapRequest {
            extent,
            title,
            layers,
            locator: false,
            notes,
        },
    )?;
    crate::diag!("wrote {}", a.output.display());
    super::common::list_failures(&errors);
    Ok(errors.is_empty())
}
