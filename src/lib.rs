//! incimap: conflict-report prose to mapped incidents, offline.
//!
//! Stages (README "Architecture"): [`extract`] reads text into
//! [`model::Incident`]s, [`resolve`] turns location phrases into points with
//! uncertainty using the [`gazetteer`], [`export`] writes GeoJSON/CSV;
//! [`pipeline`] chains them.

pub mod basemap;
pub mod cli;
pub mod dataset;
pub mod dedup;
pub mod embedded;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod geodesy;
pub mod index;
pub mod model;
pub mod pipeline;
pub mod records;
pub mod render;
pub mod resolve;

/// Writes a line to standard error, like `eprintln!`, but a closed stderr
/// (`incimap map ... 2>&1 | head -1`) is not a panic: the run goes on.
#[macro_export]
macro_rules! diag {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
