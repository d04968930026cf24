//! `incimap extract`: reports in, one record per incident out.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::common::GazetteerArgs;
use crate::export;
use crate::extract::ExtractOptions;
use crate::pipeline;
use crate::records::{ExtractRecord, IncidentRecord};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Reports: .txt or .html files, directories of them, or - for stdin
    /// (UTF-8, UTF-16 or Windows-1252; at most 64 MB a report and 1 MiB a line).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Also resolve locations: adds coordinates, uncertainty and precision codes
    /// (the output contract's fields) to each record.
    #[arg(long)]
    pub resolve: bool,
    /// Year for dates written without one when the report states no period.
    #[arg(long)]
    pub year: Option<i32>,
    /// With --resolve: coded-event CSV rows keep the dataset's own coordinates.
    #[arg(long)]
    pub use_coded: bool,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let opts = ExtractOptions {
        default_country: args.gazetteer.country()?,
        default_year: args.year,
        ..ExtractOptions::default()
    };
    let reference = args.gazetteer.load()?;
    let batch = pipeline::extract_paths(&args.paths, &opts, Some(&reference));
    for w in &batch.warnings {
        crate::diag!("warning: {w}");
    }
    if batch.reports_read == 0 {
        return Err(super::common::all_inputs_failed(
            &batch.errors,
            "nothing written",
        ));
    }
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if args.resolve {
            let located = pipeline::resolve_all_with(
                batch.incidents.clone(),
                &reference.resolver(),
                args.use_coded,
            );
            let rows: Vec<IncidentRecord> = located.iter().map(IncidentRecord::from).collect();
            match args.format {
                Format::Jsonl => export::write_jsonl(out, &rows),
                Format::Csv => export::write_csv(out, &rows),
            }
        } else {
            let records: Vec<ExtractRecord> =
                batch.incidents.iter().map(ExtractRecord::from).collect();
            match args.format {
                Format::Jsonl => export::write_jsonl(out, &records),
                Format::Csv => export::write_csv(out, &records),
            }
        }
    };
    match &args.output {
        Some(p) => export::write_atomic(p, write)?,
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
        }
    }
    super::common::list_failures(&batch.errors);
    Ok(batch.errors.is_empty())
}
