//! Command-line types: one file per subcommand, each owning its `Args` and
//! `run`. Raw flags become validated stage parameters here, before any stage
//! sees them.

pub mod cluster;
pub mod common;
pub mod config;
pub mod eval;
pub mod extract;
pub mod geocode;
pub mod inputs;
pub mod lookup;
pub mod map;
pub mod query;
pub mod render;

use clap::{Parser, Subcommand};

/// Attribution printed in --help (the README says the same; maps use `render::attribution`).
pub const ATTRIBUTION: &str = "Place names: GeoNames (geonames.org, CC BY 4.0), Who's On First \
(whosonfirst.org, CC BY 4.0 / CC0) and, for the village layer of 11 African countries, \
© OpenStreetMap contributors (openstreetmap.org/copyright, ODbL 1.0). \
Boundaries: Natural Earth (public domain).";

/// incimap turns conflict-report prose into mapped incidents, offline.
#[derive(Debug, Parser)]
#[command(name = "incimap", version, about, after_help = ATTRIBUTION)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract incidents (date, kind, casualties, location phrase) from reports.
    Extract(extract::Args),
    /// Resolve location phrases ("about 10 km north of Al-Mayadeen") to coordinates.
    Geocode(geocode::Args),
    /// Inspect the gazetteer.
    #[command(subcommand)]
    Gazetteer(lookup::GazetteerCommand),
    /// The main job: reports -> incidents -> resolved -> GeoJSON and CSV in an output folder.
    Map(map::Args),
    /// Cluster incidents (DBSCAN, great circle) and compute the hotspot surface.
    Cluster(cluster::Args),
    /// Spatial and attribute queries: --near/--at with --radius-km or --nearest, --bbox, --within.
    Query(query::Args),
    /// Draw a PNG or SVG map: basemap, incidents by kind, clusters, heat layer.
    Render(render::Args),
    /// Accuracy on coded events (ACLED/UCDP CSV) or annotated passages (JSON Lines).
    Eval(eval::Args),
}

/// What a run ended with: `Ok(true)` all good, `Ok(false)` finished but some
/// input failed (exit 1).
pub fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Geocode(a) => geocode::run(a),
        Command::Gazetteer(c) => lookup::run(c),
        Command::Map(a) => map::run(a),
        Command::Cluster(a) => cluster::run(a),
        Command::Query(a) => query::run(a),
        Command::Render(a) => render::run(a),
        Command::Eval(a) => eval::run(a),
    }
}

/// A bad flag value: reported like clap's own errors, with exit status 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn usage(message: String) -> anyhow::Error {
    anyhow::Error::new(UsageError(message))
}

/// A distance flag in km: finite, at least 1 m, at most half the Earth's circumference.
pub fn check_km(flag: &str, v: f64) -> anyhow::Result<()> {
    if v.is_finite() && (0.001..=20_040.0).contains(&v) {
        Ok(())
    } else {
        Err(usage(format!(
            "{flag} {v}: expected a distance in km between 0.001 and 20040"
        )))
    }
}

/// DBSCAN's minimum points: at least the point itself.
pub fn check_min_points(n: usize) -> anyhow::Result<()> {
    if n == 0 {
        return Err(usage("--min-points 0: must be at least 1".to_string()));
    }
    Ok(())
}

/// Validates an ISO 3166-1 alpha-2 code given on the command line.
pub fn parse_country(cc: Option<&str>) -> anyhow::Result<Option<String>> {
    match cc {
        None => Ok(None),
        Some(c)
            if c.len() == 2
                && c.chars().all(|ch| ch.is_ascii_alphabetic())
                && crate::resolve::border::is_country_code(c) =>
        {
            Ok(Some(c.to_ascii_uppercase()))
        }
        Some(c) => Err(usage(format!(
            "--country '{c}': not an ISO 3166-1 alpha-2 code of the country table (such as SY or NG)"
        ))),
    }
}

/// True when the error comes from writing to a closed pipe, however deeply
/// it is wrapped (csv and serde errors carry the io error as their source).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            || c.downcast_ref::<csv::Error>().is_some_and(
                |x| matches!(x.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}

/// An error and its causes on one line, each cause once (the library's
/// messages already quote their io error; anyhow's `{:#}` would repeat it).
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !text.contains(&c) {
            text.push_str(": ");
            text.push_str(&c);
        }
    }
    text
}
