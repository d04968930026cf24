//! `incimap eval`: accuracy on a coded-event CSV (ACLED, UCDP GED, or any CSV
//! with text and coordinates) or on annotated passages (JSON Lines).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Serialize;

use super::common::GazetteerArgs;
use crate::error::Error;
use crate::eval::{self, CodedReport, Passage, PassageReport, Scores};
use crate::extract::ExtractOptions;
use crate::extract::records::{self, ColumnNames, Need};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Coded-event CSV files (ACLED, UCDP GED or text,lat,lon columns) or
    /// annotated passages (.jsonl).
    #[arg(required = true, value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write one line per row (id, found, lon, lat, error_km, anchor,
    /// anchor_known, anchor_right, offset_right, method, unresolved_reason) to
    /// this CSV file.
    #[arg(long, value_name = "CSV")]
    pub rows: Option<PathBuf>,
    /// Year for dates written without one when a row has no date column.
    #[arg(long)]
    pub year: Option<i32>,
    /// Column holding the event text (default: notes, text, where_description + source_headline).
    #[arg(long, value_name = "NAME")]
    pub text_col: Option<String>,
    /// Latitude column (default: latitude, lat).
    #[arg(long, value_name = "NAME")]
    pub lat_col: Option<String>,
    /// Longitude column (default: longitude, lon).
    #[arg(long, value_name = "NAME")]
    pub lon_col: Option<String>,
    /// Precision column (default: geo_precision, where_prec, precision).
    #[arg(long, value_name = "NAME")]
    pub precision_col: Option<String>,
    /// Country column: names or ISO codes (default: country).
    #[arg(long, value_name = "NAME")]
    pub country_col: Option<String>,
    /// Id column (default: event_id_cnty, id).
    #[arg(long, value_name = "NAME")]
    pub id_col: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

#[derive(Serialize)]
#[serde(untagged)]
enum FileReport {
    Coded {
        file: String,
        #[serde(flatten)]
        report: CodedReport,
    },
    Passages {
        file: String,
        #[serde(flatten)]
        report: PassageReport,
    },
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let opts = ExtractOptions {
        default_country: args.gazetteer.country()?,
        default_year: args.year,
        ..ExtractOptions::default()
    };
    let columns = ColumnNames {
        text: args.text_col.clone(),
        lat: args.lat_col.clone(),
        lon: args.lon_col.clone(),
        precision: args.precision_col.clone(),
        country: args.country_col.clone(),
        id: args.id_col.clone(),
        date: None,
    };
    let reference = args.gazetteer.load()?;
    let mut reports = Vec::new();
    let mut rows_out: Vec<RowLine> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for f in &args.inputs {
        let name = f.display().to_string();
        if is_passages(f) {
            let passages = match read_passages(f) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(e.to_string());
                    continue;
                }
            };
            let outcomes = eval::eval_passages(&passages, &opts, &reference);
            rows_out.extend(outcomes.iter().map(|o| RowLine::passage(&name, o)));
            reports.push(FileReport::Passages {
                file: name,
                report: eval::report_passages(&outcomes),
            });
        } else {
            let file = match records::read_csv(f, &columns, Need::Coordinates) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(e.to_string());
                    continue;
                }
            };
            for w in &file.warnings {
                crate::diag!("warning: {w}");
            }
            for (line, why) in &file.skipped {
                crate::diag!("warning: {name}:{line}: row skipped: {why}");
            }
            let outcomes = eval::eval_records(&file.records, &name, &opts, &reference);
            rows_out.extend(outcomes.iter().map(|o| RowLine::coded(&name, o)));
            rows_out.extend(
                file.skipped
                    .iter()
                    .map(|(line, why)| RowLine::skipped(&name, *line, why)),
            );
            reports.push(FileReport::Coded {
                file: name,
                report: eval::report_coded(&outcomes, file.skipped.len()),
            });
        }
    }
    if reports.is_empty() {
        return Err(super::common::all_inputs_failed(
            &failures,
            "nothing written",
        ));
    }
    if let Some(p) = &args.rows {
        crate::export::write_atomic(p, |w| crate::export::write_csv(w, &rows_out))?;
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            let v = if reports.len() == 1 {
                serde_json::to_value(&reports[0])?
            } else {
                serde_json::to_value(&reports)?
            };
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        Format::Table => {
            for r in &reports {
                write_table(&mut out, r)?;
            }
        }
    }
    out.flush()?;
    super::common::list_failures(&failures);
    Ok(failures.is_empty())
}

#[derive(Serialize)]
struct RowLine {
    file: String,
    id: String,
    found: bool,
    lon: Option<f64>,
    lat: Option<f64>,
    error_km: Option<f64>,
    anchor: Option<String>,
    anchor_known: Option<bool>,
    anchor_right: Option<bool>,
    offset_right: Option<bool>,
    method: Option<String>,
    unresolved_reason: Option<String>,
}

impl RowLine {
    fn empty(file: &str, id: String) -> RowLine {
        RowLine {
            file: file.to_owned(),
            id,
            found: false,
            lon: None,
            lat: None,
            error_km: None,
            anchor: None,
            anchor_known: None,
            anchor_right: None,
            offset_right: None,
            method: None,
            unresolved_reason: None,
        }
    }

    fn coded(file: &str, o: &eval::RowOutcome) -> RowLine {
        RowLine {
            found: o.found,
            lon: o.lon,
            lat: o.lat,
            error_km: o.error_km,
            anchor: o.anchor.clone(),
            method: o.method.clone(),
            unresolved_reason: o.unresolved_reason.clone(),
            ..RowLine::empty(file, o.id.clone())
        }
    }

    fn passage(file: &str, o: &eval::PassageOutcome) -> RowLine {
        RowLine {
            found: o.found,
            lon: o.lon,
            lat: o.lat,
            anchor: o.anchor.clone(),
            anchor_known: Some(o.anchor_known),
            anchor_right: Some(o.anchor_right),
            offset_right: o.offset_right,
            method: o.method.clone(),
            unresolved_reason: o.unresolved_reason.clone(),
            ..RowLine::empty(file, o.id.clone())
        }
    }

    /// A row left out before scoring: listed too, so every row is accounted for.
    fn skipped(file: &str, line: usize, why: &str) -> RowLine {
        RowLine {
            unresolved_reason: Some(format!("skipped: {why}")),
            ..RowLine::empty(file, format!("L{line}"))
        }
    }
}

fn is_passages(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jsonl" | "ndjson")
    )
}

fn read_passages(p: &Path) -> crate::error::Result<Vec<Passage>> {
    let text = std::fs::read_to_string(p).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => Error::BadData {
            path: p.into(),
            message: "not UTF-8 text".into(),
        },
        _ => Error::io(p, e),
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Passage = serde_json::from_str(line).map_err(|e| Error::BadRow {
            path: p.into(),
            line: i + 1,
            message: format!("not an annotated passage ({{\"id\", \"text\", ...}}): {e}"),
        })?;
        out.push(v);
    }
    if out.is_empty() {
        return Err(Error::Empty { path: p.into() });
    }
    Ok(out)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn write_table(out: &mut impl Write, r: &FileReport) -> std::io::Result<()> {
    match r {
        FileReport::Coded { file, report } => {
            writeln!(
                out,
                "{file}: {} rows scored, {} skipped",
                report.overall.n, report.skipped
            )?;
            writeln!(
                out,
                "{:<10} {:>6} {:>7} {:>7} {:>8} {:>7} {:>7} {:>7} {:>9} {:>10} {:>10}",
                "precision",
                "n",
                "found",
                "event",
                "located",
                "<=5km",
                "<=25km",
                "<=161km",
                "median",
                "pt|anc25",
                "pt|anc161"
            )?;
            let line = |out: &mut dyn Write, k: &str, s: &Scores| {
                writeln!(
                    out,
                    "{:<10} {:>6} {:>7} {:>7} {:>8} {:>7} {:>7} {:>7} {:>9} {:>10} {:>10}",
                    k,
                    s.n,
                    pct(s.found),
                    pct(s.event_cue),
                    pct(s.located),
                    pct(s.acc5),
                    pct(s.acc25),
                    pct(s.acc161),
                    s.median_km.map_or("-".into(), |m| format!("{m} km")),
                    pct(s.acc25_point_or_anchor),
                    pct(s.acc161_point_or_anchor)
                )
            };
            line(out, "all", &report.overall)?;
            for (k, s) in &report.by_precision {
                line(out, k, s)?;
            }
        }
        FileReport::Passages { file, report } => {
            writeln!(out, "{file}: {} passages", report.overall.n)?;
            writeln!(
                out,
                "{:<20} {:>5} {:>7} {:>8} {:>7} {:>7} {:>11} {:>8} {:>8}",
                "group",
                "n",
                "found",
                "located",
                "anchor",
                "known",
                "anchor|kn",
                "offsets",
                "offset"
            )?;
            let line = |out: &mut dyn Write, k: &str, s: &eval::PassageScores| {
                writeln!(
                    out,
                    "{:<20} {:>5} {:>7} {:>8} {:>7} {:>7} {:>11} {:>8} {:>8}",
                    k,
                    s.n,
                    pct(s.found),
                    pct(s.located),
                    pct(s.anchor_right),
                    s.anchor_known,
                    pct(s.anchor_right_known),
                    s.offsets,
                    pct(s.offset_right)
                )
            };
            line(out, "all", &report.overall)?;
            for (k, s) in &report.by_kind {
                line(out, &format!("kind {k}"), s)?;
            }
            for (k, s) in &report.by_lang {
                line(out, &format!("lang {k}"), s)?;
            }
        }
    }
    writeln!(out)
}
