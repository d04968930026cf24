//! One integration test binary: runs the real `incimap` executable (and the
//! library where a figure is computed) against fixtures in tests/fixtures.

mod bad_input;
mod briefing;
mod common;
mod extract_cli;
mod extract_gold;
mod gazetteer;
mod geoparse;
mod index;
mod map;
mod outputs;
mod query_cli;
mod records;
mod resolve;
mod robustness;
mod sklearn;
