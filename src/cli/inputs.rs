//! INPUT arguments of cluster/query: incidents GeoJSON/CSV written earlier,
//! or reports (extracted and resolved on the fly).

use std::path::PathBuf;

use super::common::GazetteerArgs;
use crate::dataset::{self, Row};
use crate::extract::ExtractOptions;
use crate::pipeline::{self, Reference};

/// Reads every input; the reference data is loaded only when a report needs it.
/// Returns the rows and the per-file errors (the run goes on without those
/// files); none of the inputs could be read is an error listing them all, so
/// no command writes output from nothing.
pub fn load_rows(
    paths: &[PathBuf],
    g: &GazetteerArgs,
    reference: &mut Option<Reference>,
) -> anyhow::Result<(Vec<Row>, Vec<String>)> {
    g.country()?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut read = 0;
    let mut reports = Vec::new();
    for p in paths {
        if p.as_os_str() != "-"
            && dataset::is_dataset_path(p)
            && !crate::extract::records::is_record_csv(p)
        {
            match dataset::read(p) {
                Ok(d) => {
                    read += 1;
                    for w in &d.warnings {
                        crate::diag!("warning: {w}");
                    }
                    rows.extend(d.rows);
                }
                Err(e) => errors.push(e.to_string()),
            }
        } else {
            reports.push(p.clone());
        }
    }
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
        let batch = pipeline::extract_paths(&reports, &opts, Some(r));
        read += batch.reports_read;
        for w in &batch.warnings {
            crate::diag!("warning: {w}");
        }
        errors.extend(batch.errors);
        let located = pipeline::resolve_all(batch.incidents, &r.resolver());
        rows.extend(dataset::from_located(&located));
    }
    if read == 0 {
        return Err(super::common::all_inputs_failed(&errors, "nothing written"));
    }
    Ok((rows, errors))
}
