//! INPUT arguments of cluster/query/render: incidents GeoJSON/CSV written
//! earlier (streamed), or reports (run through the same pipeline as `map`,
//! duplicates across reports merged).

use std::path::PathBuf;

use super::common::GazetteerArgs;
use crate::dataset::{self, Dataset, Record, Strings};
use crate::extract::ExtractOptions;
use crate::pipeline::{self, Located, Reference};

/// One input as the commands read it.
pub enum Source {
    /// An incidents file, read as a stream (maybe twice).
    File(PathBuf),
    /// The incidents of all report inputs, resolved.
    Reports(Vec<Located>),
}

/// Sorts the inputs into incidents files and reports; the reports are run
/// through the pipeline (the reference data is loaded only when a report
/// needs it). Incidents files come first, in input order, then the reports'
/// incidents. Returns the sources and the reports that failed.
pub fn sources(
    paths: &[PathBuf],
    g: &GazetteerArgs,
    reference: &mut Option<Reference>,
) -> anyhow::Result<(Vec<Source>, Vec<String>)> {
    g.country()?;
    let mut out = Vec::new();
    let mut reports = Vec::new();
    for p in paths {
        if p.as_os_str() != "-"
            && dataset::is_dataset_path(p)
            && !crate::extract::records::is_record_csv(p)
        {
            out.push(Source::File(p.clone()));
        } else {
            reports.push(p.clone());
        }
    }
    let mut errors = Vec::new();
    if !reports.is_empty() {
        if reference.is_none() {
            *reference = Some(g.load()?);
        }
        let r = reference.as_ref().expect("loaded");
        let opts = ExtractOptions {
            default_country: g.country()?,
            default_year: None,
            ..ExtractOptions::default()
        };
        let done = pipeline::process(
            &reports,
            &opts,
            r,
            pipeline::ProcessOptions::default(),
            &|| {},
        );
        for w in &done.warnings {
            crate::diag!("warning: {w}");
        }
        errors = done.errors;
        if done.reports_read > 0 {
            out.push(Source::Reports(done.located));
        }
    }
    Ok((out, errors))
}

impl Source {
    /// Streams the source's records through `f`; returns its warnings.
    pub fn scan(
        &self,
        strings: &mut Strings,
        f: &mut dyn FnMut(&Record) -> crate::error::Result<()>,
    ) -> crate::error::Result<Vec<String>> {
        match self {
            Source::File(p) => dataset::scan(p, strings, f),
            Source::Reports(l) => dataset::scan_located(l, strings, f).map(|()| Vec::new()),
        }
    }
}

impl Source {
    /// [`dataset::scan_par`] of a file; resolved incidents go through `work`
    /// and `sink` here. `pick` tells records apart by [`Source::key`].
    pub fn scan_par<T: Send>(
        &self,
        strings: &mut Strings,
        pick: &dataset::Pick,
        work: &dataset::Work<T>,
        sink: &mut dyn FnMut(dataset::Scanned<T>) -> crate::error::Result<()>,
    ) -> crate::error::Result<Vec<String>> {
        match self {
            Source::File(p) => dataset::scan_par(p, strings, pick, work, sink),
            Source::Reports(l) => dataset::scan_located(l, strings, &mut |rec| {
                if pick(&rec.at).is_none() {
                    return Ok(());
                }
                let out = work(rec)?;
                sink(dataset::Scanned {
                    id: rec.id,
                    row: rec.row,
                    at: rec.at,
                    out,
                })
            })
            .map(|()| Vec::new()),
        }
    }

    /// What tells this source's records apart: a file's by byte offset,
    /// resolved incidents by number.
    pub fn key(&self, at: &dataset::At) -> u64 {
        match self {
            Source::File(_) => at.byte,
            Source::Reports(_) => at.record,
        }
    }

    /// The property names of the source's first record, when it has one.
    pub fn first_keys(&self, strings: &mut Strings) -> Option<Vec<String>> {
        let mut keys = None;
        let _ = self.scan(strings, &mut |rec| {
            keys = Some(rec.properties().keys().cloned().collect());
            // Enough: stop the scan.
            Err(crate::error::Error::Invalid(String::new()))
        });
        keys
    }
}

/// Reads every input into one dataset. Returns it and the per-file errors
/// (the run goes on without those files); none of the inputs could be read is
/// an error listing them all, so no command writes output from nothing.
pub fn load_rows(
    paths: &[PathBuf],
    g: &GazetteerArgs,
    reference: &mut Option<Reference>,
) -> anyhow::Result<(Dataset, Vec<String>)> {
    let (sources, mut errors) = sources(paths, g, reference)?;
    let mut data = Dataset::default();
    let mut read = 0;
    for s in &sources {
        let got = match s {
            Source::File(p) => Dataset::read(p),
            Source::Reports(l) => Ok((Dataset::from_located(l), Vec::new())),
        };
        match got {
            Ok((d, warnings)) => {
                read += 1;
                for w in &warnings {
                    crate::diag!("warning: {w}");
                }
                if data.is_empty() {
                    data = d;
                } else {
                    data.extend(d);
                }
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    if read == 0 {
        return Err(super::common::all_inputs_failed(&errors, "nothing written"));
    }
    Ok((data, errors))
}
