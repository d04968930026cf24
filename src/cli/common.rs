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
            eprintln!("warning: {w}");
        }
        Ok(r)
    }

    pub fn country(&self) -> anyhow::Result<Option<String>> {
        super::parse_country(self.country.as_deref())
    }
}
