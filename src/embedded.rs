//! Data compiled into the binary (gazetteer tables, basemap layers), stored
//! gzip-compressed by build.rs.

use std::io::Read;

/// The text of an embedded gzip file.
pub fn gunzip(bytes: &[u8]) -> String {
    let mut s = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut s)
        .expect("embedded data is valid gzip UTF-8 (checked at build time)");
    s
}
