//! `incimap extract`: reports in, one record per incident out.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::export::{self, records::ExtractRecord};
use crate::extract::{self, ExtractOptions, context::NoHints, input};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Reports: .txt or .html files, directories of them, or - for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Default country (ISO alpha-2) for text without headings.
    #[arg(long)]
    pub country: Option<String>,
    /// Year for dates written without one when the report states no period.
    #[arg(long)]
    pub year: Option<i32>,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let opts = ExtractOptions {
        default_country: super::parse_country(args.country.as_deref())?,
        default_year: args.year,
    };
    let files = input::expand_paths(&args.paths)?;
    let mut ok = true;
    let mut records = Vec::new();
    for f in &files {
        match input::read_report(f) {
            Ok(report) => {
                let ex = extract::extract(&report, &opts, &NoHints);
                for w in &ex.warnings {
                    eprintln!("warning: {w}");
                }
                records.extend(ex.incidents.iter().map(ExtractRecord::from));
            }
            Err(e) => {
                eprintln!("error: {e}");
                ok = false;
            }
        }
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| crate::error::Error::Write { path: p.clone(), source: e })?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match args.format {
        Format::Jsonl => export::write_jsonl(&mut out, &records)?,
        Format::Csv => export::write_csv(&mut out, &records)?,
    }
    out.flush()?;
    Ok(ok)
}
