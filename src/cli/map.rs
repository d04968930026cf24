//! `incimap map`: the main job. Reports (or the bundled example) in; an output
//! folder with every layer and map out, and a one-screen summary.

use std::path::PathBuf;

use super::common::GazetteerArgs;
use super::config::Config;
use super::render::{Basemaps, MapData, MapOptions, MapRequest, draw_map, parse_size};
use crate::dataset::Dataset;
use crate::export::{self, footprints, layers, report, transaction::OutputRun};
use crate::extract::{self, ExtractOptions, input};
use crate::index::summary::Labeller;
use crate::pipeline::{self, Batch, Located};
use crate::records::{INCIDENT_COLUMNS, IncidentRecord};
use crate::render::{Extent, Layers};

/// Theatre maps drawn at most, unless configured.
pub const DEFAULT_MAX_MAPS: usize = 8;

/// The bundled example report, used when no PATH is given.
pub const EXAMPLE_NAME: &str = "spotlight-2020-05-21.txt";
pub const EXAMPLE_TEXT: &str = include_str!("../../tests/fixtures/spotlight-2020-05-21.txt");

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Reports (.txt/.html files, directories, - for stdin; UTF-8, UTF-16 or
    /// Windows-1252; at most 64 MB a report and 1 MiB a line). None: the
    /// bundled example report.
    pub paths: Vec<PathBuf>,
    /// Output folder. Written as one transaction: staged, then moved into
    /// place; a second run on it is refused while this one holds its lock.
    #[arg(short, long, default_value = "output")]
    pub output: PathBuf,
    /// Team defaults (TOML); ./incimap.toml is read when present. Flags override it.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Keep incidents reported twice as separate records.
    #[arg(long)]
    pub no_dedup: bool,
    /// No progress bar (it is also hidden when stderr is not a terminal).
    #[arg(short, long)]
    pub quiet: bool,
    /// Year for dates written without one when a report states no period.
    #[arg(long)]
    pub year: Option<i32>,
    /// Coded-event CSV rows (ACLED/UCDP) are placed at the dataset's own
    /// coordinates instead of geoparsing their text.
    #[arg(long)]
    pub use_coded: bool,
    /// DBSCAN radius, km [config radius_km, default 10].
    #[arg(long)]
    pub radius_km: Option<f64>,
    /// DBSCAN minimum points [config min_points, default 3].
    #[arg(long)]
    pub min_points: Option<usize>,
    /// Heat-layer bandwidth, km [config bandwidth_km, default 10].
    #[arg(long)]
    pub bandwidth_km: Option<f64>,
    /// Theatre maps at most (one per country section, then close-ups of
    /// dense clusters) [config max_maps, default 8].
    #[arg(long)]
    pub max_maps: Option<usize>,
    /// Map size WIDTHxHEIGHT [config map_size, default 1600x1200].
    #[arg(long)]
    pub size: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

pub fn run(a: Args) -> anyhow::Result<bool> {
    let cfg = Config::load(a.config.as_deref())?;
    let mut gazetteer = a.gazetteer.clone();
    gazetteer.country = gazetteer.country.or(cfg.country.clone());
    gazetteer.files.splice(0..0, cfg.gazetteer.iter().cloned());
    let options = MapOptions {
        radius_km: a.radius_km.or(cfg.radius_km).unwrap_or(10.0),
        min_points: a.min_points.or(cfg.min_points).unwrap_or(3),
        bandwidth_km: a.bandwidth_km.or(cfg.bandwidth_km).unwrap_or(10.0),
    };
    crate::cli::check_km(
        "--radius-km (or radius_km in the config)",
        options.radius_km,
    )?;
    crate::cli::check_km(
        "--bandwidth-km (or bandwidth_km in the config)",
        options.bandwidth_km,
    )?;
    crate::cli::check_min_points(options.min_points)?;
    let size = parse_size(
        a.size
            .as_deref()
            .or(cfg.map_size.as_deref())
            .unwrap_or("1600x1200"),
    )?;
    let dedup = !a.no_dedup && cfg.dedup.unwrap_or(true);
    let opts = ExtractOptions {
        default_country: gazetteer.country()?,
        default_year: a.year,
        ..ExtractOptions::default()
    };
    // The folder's lock first: a second run on it is refused before any work.
    let mut run = OutputRun::begin(&a.output)?;
    let reference = gazetteer.load()?;
    let batch = if a.paths.is_empty() {
        let report = input::report_from_text(EXAMPLE_NAME, EXAMPLE_TEXT);
        let ex = extract::extract(&report, &opts, &reference.gazetteer);
        Batch {
            reports_read: 1,
            incidents: ex.incidents,
            errors: Vec::new(),
            warnings: ex.warnings,
        }
    } else {
        let bar = progress_bar(pipeline::count_reports(&a.paths), a.quiet);
        let b = pipeline::extract_paths_with(&a.paths, &opts, Some(&reference), &|| bar.inc(1));
        bar.finish_and_clear();
        b
    };
    let how = pipeline::ProcessOptions {
        use_coded: a.use_coded,
        dedup,
    };
    let done = pipeline::finish(batch, &reference, how);
    for w in &done.warnings {
        crate::diag!("warning: {w}");
    }
    if done.reports_read == 0 {
        return Err(super::common::all_inputs_failed(
            &done.errors,
            &format!("{} left as it was", a.output.display()),
        ));
    }
    let (found, located, merged) = (done.found, &done.located, done.merged);
    let max_maps = a.max_maps.or(cfg.max_maps).unwrap_or(DEFAULT_MAX_MAPS);
    let top = write_outputs(
        &mut run,
        located,
        &reference,
        &options,
        (size, max_maps),
        &cfg,
        (done.reports_read, merged),
    )?;
    let files = run.commit()?;
    summary(
        done.reports_read,
        done.errors.len(),
        found,
        merged,
        located,
        &files,
    );
    if !top.is_empty() {
        crate::diag!(
            "top clusters ({} km, {} points)",
            options.radius_km,
            options.min_points
        );
        for t in &top {
            crate::diag!("  {t}");
        }
    }
    super::common::list_failures(&done.errors);
    Ok(done.errors.is_empty())
}

fn progress_bar(n: usize, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() || n < 2 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} reports  {per_sec}  eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

fn slug(s: &str) -> String {
    let d = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in d.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// Writes every layer and map into the run's staging folder; returns the top
/// clusters (readable lines).
fn write_outputs(
    run: &mut OutputRun,
    located: &[Located],
    reference: &pipeline::Reference,
    options: &MapOptions,
    (size, max_maps): ((u32, u32), usize),
    cfg: &Config,
    (reports_read, merged): (usize, usize),
) -> anyhow::Result<Vec<String>> {
    let report_dir = run.dir().to_path_buf();
    let mut out = |name: &str| run.file(name);
    let files: Vec<PathBuf> = [
        "incidents.geojson",
        "incidents.csv",
        "incidents.csvt",
        "unresolved.csv",
        "unresolved.csvt",
        "footprints.geojson",
    ]
    .iter()
    .map(|f| out(f))
    .collect();
    // The incident layers do not need the clusters: both at once.
    let labeller = Labeller::new(&reference.gazetteer);
    let (written, data) = rayon::join(
        || -> anyhow::Result<()> {
            export::write_atomic(&files[0], |w| export::geojson::write_incidents(w, located))?;
            export::write_atomic(&files[1], |w| write_incident_csv(w, located.iter()))?;
            export::write_atomic(&files[2], write_csvt)?;
            export::write_atomic(&files[3], |w| {
                write_incident_csv(w, located.iter().filter(|l| l.point().is_none()))
            })?;
            export::write_atomic(&files[4], write_csvt)?;
            export::write_atomic(&files[5], |w| {
                footprints::write(w, located, &reference.countries)
            })?;
            Ok(())
        },
        || MapData::compute(Dataset::from_located(located), options, Some(&labeller)),
    );
    written?;
    let d = &data.data;
    export::write_atomic(&out("clusters.geojson"), |w| {
        layers::write_centroids(w, &data.clusters, d)
    })?;
    export::write_atomic(&out("clusters_hulls.geojson"), |w| {
        layers::write_hulls(w, &data.clusters, d)
    })?;
    export::write_atomic(&out("hotspots.geojson"), |w| match &data.surface {
        Some(s) => layers::write_hotspots(w, s),
        None => layers::write_features(w, &[]),
    })?;
    let notes = data.unlocated_note("(see unresolved.csv)");
    // Every map to draw, named first: report.html needs only their names,
    // so the page and the timeline are written while the maps are drawn.
    let mut maps: Vec<(String, PathBuf, PathBuf, MapRequest)> = Vec::new();
    if let Some(extent) = Extent::around(data.data.rows.iter().filter_map(|r| r.point), 0.08, 1.0) {
        let mut theatres: Vec<(String, Extent)> = data
            .theatres(&reference.countries, max_maps)
            .into_iter()
            .map(|t| (t.title, t.extent))
            .collect();
        theatres.extend(cfg.theatres.iter().map(|t| {
            let [w, s, e, n] = t.extent;
            (
                t.name.clone(),
                Extent {
                    west: w,
                    south: s,
                    east: e,
                    north: n,
                },
            )
        }));
        let overview = (
            "map".to_owned(),
            "Overview".to_owned(),
            MapRequest {
                extent,
                title: "Incidents: overview".into(),
                layers: Layers::ALL,
                locator: false,
                notes: notes.clone(),
            },
        );
        let theatre_maps = theatres.iter().enumerate().map(|(i, (name, extent))| {
            (
                format!("map-{}-{}", i + 1, slug(name)),
                name.clone(),
                MapRequest {
                    extent: *extent,
                    title: name.clone(),
                    layers: Layers::ALL,
                    locator: true,
                    notes: notes.clone(),
                },
            )
        });
        for (stem, caption, req) in std::iter::once(overview).chain(theatre_maps) {
            let png = out(&format!("{stem}.png"));
            let pgw = out(&format!("{stem}.pgw"));
            maps.push((caption, png, pgw, req));
        }
    }
    let figures: Vec<report::Figure> = maps
        .iter()
        .map(|(caption, png, _, _)| report::Figure {
            file: png
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
            title: caption.clone(),
        })
        .collect();
    let draw_all = || -> anyhow::Result<()> {
        if maps.is_empty() {
            return Ok(());
        }
        let basemaps = Basemaps::load(reference)?;
        for (_, png, pgw, req) in maps {
            // A map PNG and its world file.
            let world = draw_map(&png, &data, &basemaps, size, req)?;
            export::write_atomic(&pgw, |w| w.write_all(world.as_bytes()))?;
        }
        Ok(())
    };
    // A timeline needs a dated incident; its name is asked for only when it is written.
    let series = crate::render::timeline::series(&data.data.rows);
    let timeline_file = series.as_ref().map(|_| out("timeline.png"));
    let report_file = out("report.html");
    let write_page = || -> anyhow::Result<()> {
        let timeline = match (&series, &timeline_file) {
            (Some(series), Some(file)) => {
                export::write_atomic_path(file, |tmp| {
                    crate::render::timeline::render(tmp, series, (1600, 520), "Incidents")
                })?;
                Some(report::Figure {
                    file: "timeline.png".into(),
                    title: format!("Incidents per {} by kind", series.bin.word()),
                })
            }
            _ => None,
        };
        let mut figures = figures.into_iter();
        let page = report::Page {
            period: data.dates().unwrap_or_else(|| "undated".into()),
            reports_read,
            merged,
            located,
            overview: figures.next(),
            theatres: figures.collect(),
            timeline,
            clusters: data
                .clusters
                .iter()
                .take(10)
                .map(|c| report::ClusterRow {
                    label: c.label.clone(),
                    incidents: c.members.len(),
                    killed: c.killed,
                    wounded: c.wounded,
                    first_date: c.first_date.clone(),
                    last_date: c.last_date.clone(),
                })
                .collect(),
            cluster_rule: data.cluster_rule.clone(),
            attribution: crate::render::attribution(d.rows.iter().any(|r| r.anchor_osm)),
        };
        export::write_atomic(&report_file, |w| report::write(w, &page, &report_dir))?;
        Ok(())
    };
    let (drawn, written) = rayon::join(draw_all, write_page);
    drawn?;
    written?;
    let top = data
        .clusters
        .iter()
        .take(5)
        .map(|c| {
            let dates = match (&c.first_date, &c.last_date) {
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => "undated".into(),
            };
            format!(
                "#{} {}: {} incidents, {} killed, {} wounded, {dates}",
                c.id,
                c.label,
                c.members.len(),
                c.killed,
                c.wounded
            )
        })
        .collect();
    Ok(top)
}

use std::io::Write;

/// The OGR .csvt sidecar: one quoted type per column, so QGIS types the CSV.
fn write_csvt(w: &mut dyn Write) -> std::io::Result<()> {
    let types: Vec<String> = INCIDENT_COLUMNS
        .iter()
        .map(|(_, t)| format!("\"{t}\""))
        .collect();
    writeln!(w, "{}", types.join(","))
}

/// The incidents as CSV rows, each record made as it is written.
fn write_incident_csv<'a>(
    w: &mut (impl Write + ?Sized),
    located: impl Iterator<Item = &'a Located>,
) -> std::io::Result<()> {
    let mut c = csv::Writer::from_writer(&mut *w);
    let mut any = false;
    for l in located {
        c.serialize(IncidentRecord::from(l))
            .map_err(std::io::Error::other)?;
        any = true;
    }
    c.flush()?;
    drop(c);
    if !any {
        // A header even without rows, so the layer still opens.
        let names: Vec<&str> = INCIDENT_COLUMNS.iter().map(|(n, _)| *n).collect();
        writeln!(w, "{}", names.join(","))?;
    }
    Ok(())
}

fn summary(
    reports: usize,
    failed: usize,
    found: usize,
    merged: usize,
    located: &[Located],
    files: &[PathBuf],
) {
    let mut by_precision = std::collections::BTreeMap::new();
    for l in located {
        if let Some(p) = l.resolution.acled_geo_precision {
            *by_precision.entry(p).or_insert(0) += 1;
        }
    }
    let n_located: usize = by_precision.values().sum();
    crate::diag!("reports read      {reports} ({failed} failed)");
    crate::diag!(
        "incidents found   {found} ({merged} merged as reported twice; {} kept)",
        located.len()
    );
    crate::diag!(
        "located           {n_located} ({})",
        by_precision
            .iter()
            .map(|(p, n)| format!("acled precision {p}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let unresolved: Vec<&Located> = located.iter().filter(|l| l.point().is_none()).collect();
    crate::diag!(
        "unresolved        {} (see unresolved.csv)",
        unresolved.len()
    );
    for l in unresolved.iter().take(10) {
        crate::diag!(
            "  {}:{}  {}  [{}]",
            l.incident.source_file,
            l.incident.source_line,
            l.resolution.unresolved_reason.as_deref().unwrap_or(""),
            l.incident.text.chars().take(70).collect::<String>()
        );
    }
    crate::diag!("files written");
    for f in files {
        crate::diag!("  {}", f.display());
    }
}
