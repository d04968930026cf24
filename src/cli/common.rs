//! Flags shared by every command that resolves places.

use std::path::PathBuf;

use crate::pipeline::Reference;

#[derive(Debug, Clone, clap::Args)]
pub struct GazetteerArgs {
    /// Extra gazetteer file (12-column places.tsv layout, a 19-column GeoNames
    /// dump such as SY.txt, or an aliases file); repeatable. Rows override the
    /// built-in ones with the same id. ./gazetteer/extra/ is read when present.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Default country context (ISO alpha-2) for text without headings;
    /// headings in the text still win.
    #[arg(long)]
    pub country: Option<String>,
}

impl GazetteerArgs {
    pub fn load(&self) -> anyhow::Result<Reference> {
        let mut files = self.files.clone();
        let extra = PathBuf::from("gazetteer/extra");
        if extra.is_dir() {
            files.insert(0, extra);
        }
        let r = Reference::load(&files)?;
        for w in &r.warnings {
            crate::diag!("warning: {w}");
        }
        Ok(r)
    }

    pub fn country(&self) -> anyhow::Result<Option<String>> {
        super::parse_country(self.country.as_deref())
    }
}

/// Lists the inputs that failed, with their reasons, after everything else
/// the run printed (so they are not lost above a summary).
pub fn list_failures(errors: &[String]) {
    if errors.is_empty() {
        return;
    }
    let n = errors.len();
    crate::diag!("{n} input{} failed:", if n == 1 { "" } else { "s" });
    for e in errors {
        crate::diag!("error: {e}");
    }
}

/// The error of a run none of whose inputs could be read: nothing is written.
pub fn all_inputs_failed(errors: &[String], what: &str) -> anyhow::Error {
    list_failures(errors);
    anyhow::anyhow!("no input could be read; {what}")
}
