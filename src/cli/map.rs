//! `incimap map`: the main job. Reports (or the bundled example) in; an output
//! folder with incidents.geojson, incidents.csv and unresolved.csv out, and a
//! one-screen summary.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::common::GazetteerArgs;
use crate::export::{self, records::IncidentRecord};
use crate::extract::{self, ExtractOptions, input};
use crate::pipeline::{self, Batch, Located};

/// The bundled example report, used when no PATH is given.
pub const EXAMPLE_NAME: &str = "spotlight-2020-05-21.txt";
pub const EXAMPLE_TEXT: &str = include_str!("../../tests/fixtures/spotlight-2020-05-21.txt");

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Reports (.txt/.html files, directories, - for stdin). None: the bundled example report.
    pub paths: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "output")]
    pub output: PathBuf,
    /// Year for dates written without one when a report states no period.
    #[arg(long)]
    pub year: Option<i32>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let opts = ExtractOptions {
        default_country: args.gazetteer.country()?,
        default_year: args.year,
    };
    let reference = args.gazetteer.load()?;
    let batch = if args.paths.is_empty() {
        let report = input::report_from_text(EXAMPLE_NAME, EXAMPLE_TEXT);
        let ex = extract::extract(&report, &opts, &reference.gazetteer);
        Batch {
            reports_read: 1,
            incidents: ex.incidents,
            errors: Vec::new(),
            warnings: ex.warnings,
        }
    } else {
        pipeline::extract_paths(&args.paths, &opts, Some(&reference))?
    };
    for w in &batch.warnings {
        eprintln!("warning: {w}");
    }
    for e in &batch.errors {
        eprintln!("error: {e}");
    }
    let located = pipeline::resolve_all(batch.incidents, &reference.resolver());
    let rows: Vec<IncidentRecord> = located.iter().map(IncidentRecord::from).collect();
    let unresolved: Vec<IncidentRecord> = located
        .iter()
        .filter(|l| l.point().is_none())
        .map(IncidentRecord::from)
        .collect();
    let dir = &args.output;
    let files = [
        ("incidents.geojson", dir.join("incidents.geojson")),
        ("incidents.csv", dir.join("incidents.csv")),
        ("unresolved.csv", dir.join("unresolved.csv")),
    ];
    export::write_atomic(&files[0].1, |w| {
        export::geojson::write_incidents(w, &located)
    })?;
    export::write_atomic(&files[1].1, |w| export::write_csv(w, &rows))?;
    export::write_atomic(&files[2].1, |w| export::write_csv(w, &unresolved))?;
    summary(
        &batch_summary(batch.reports_read, batch.errors.len(), &located),
        &files
            .iter()
            .map(|f| f.1.display().to_string())
            .collect::<Vec<_>>(),
    );
    Ok(batch.errors.is_empty())
}

struct Summary<'a> {
    reports: usize,
    failed: usize,
    total: usize,
    by_precision: BTreeMap<u8, usize>,
    unresolved: Vec<&'a Located>,
}

fn batch_summary(reports: usize, failed: usize, located: &[Located]) -> Summary<'_> {
    let mut by_precision = BTreeMap::new();
    for l in located {
        if let Some(p) = l.resolution.acled_geo_precision {
            *by_precision.entry(p).or_insert(0) += 1;
        }
    }
    Summary {
        reports,
        failed,
        total: located.len(),
        by_precision,
        unresolved: located.iter().filter(|l| l.point().is_none()).collect(),
    }
}

fn summary(s: &Summary, files: &[String]) {
    let located: usize = s.by_precision.values().sum();
    eprintln!("reports read      {} ({} failed)", s.reports, s.failed);
    eprintln!("incidents found   {}", s.total);
    eprintln!(
        "located           {} ({})",
        located,
        s.by_precision
            .iter()
            .map(|(p, n)| format!("acled precision {p}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    eprintln!("unresolved        {}", s.unresolved.len());
    for l in &s.unresolved {
        eprintln!(
            "  {}:{}  {}  [{}]",
            l.incident.source_file,
            l.incident.source_line,
            l.resolution.unresolved_reason.as_deref().unwrap_or(""),
            l.incident.text.chars().take(80).collect::<String>()
        );
    }
    eprintln!("files written");
    for f in files {
        eprintln!("  {f}");
    }
}
