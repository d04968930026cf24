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
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod index;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod resolve;
