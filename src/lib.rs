//! incimap: conflict-report prose to mapped incidents, offline.
//!
//! Stages (see README "Architecture"): [`extract`] reads text into
//! [`model::Incident`]s; later stages resolve, index, export and render.

pub mod cli;
pub mod error;
pub mod export;
pub mod extract;
pub mod model;
