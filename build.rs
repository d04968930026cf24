//! Compresses the shipped gazetteer (and basemap) into OUT_DIR so the binary
//! embeds them: `cargo install --path .` gives a tool that works anywhere.
//! The files in gazetteer/ and basemap/ stay the source of truth.

use std::io::{Read, Write};
use std::path::Path;

#[path = "src/gazetteer/normalize.rs"]
#[allow(dead_code)]
pub mod normalize;

#[path = "src/gazetteer/merge.rs"]
#[allow(dead_code)]
mod merge;

/// merge.rs names the key functions by their library path.
mod gazetteer {
    pub use crate::normalize;
}

/// Reads one gzip-compressed GeoNames-format file of a source.
fn read_layer(path: &Path, source: u8) -> Vec<merge::Row> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(f)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| match merge::parse_line(l, source) {
            Ok(r) => r,
            Err(e) => panic!("{}:{}: {e}", path.display(), i + 1),
        })
        .collect()
}

/// The `.txt.gz` files of a gazetteer folder, sorted.
fn layer_files(dir: &str) -> Vec<std::path::PathBuf> {
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".txt.gz"))
        .collect();
    files.sort();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    files
}

/// Merges places.tsv with the Who's On First and (feature `osm`, on by
/// default) OpenStreetMap layers and writes the compact index the binary
/// embeds, plus a summary of the merge (merge-stats.txt).
fn place_index(out: &Path) {
    println!("cargo:rerun-if-changed=gazetteer/places.tsv");
    println!("cargo:rerun-if-changed=src/gazetteer/merge.rs");
    // The index's name keys are normalize.rs's: a change there rebuilds it.
    println!("cargo:rerun-if-changed=src/gazetteer/normalize.rs");
    let t0 = std::time::Instant::now();
    let places = std::fs::read_to_string("gazetteer/places.tsv").expect("gazetteer/places.tsv");
    let base: Vec<merge::Row> = places
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let id = l.split('\t').next().unwrap_or("");
            match merge::parse_line(l, merge::base_source(id)) {
                Ok(r) => r,
                Err(e) => panic!("gazetteer/places.tsv:{}: {e}", i + 1),
            }
        })
        .collect();
    let wof: Vec<merge::Row> = layer_files("gazetteer/wof")
        .iter()
        .flat_map(|f| read_layer(f, merge::SRC_WOF))
        .collect();
    let mut layers = vec![wof];
    if std::env::var_os("CARGO_FEATURE_OSM").is_some() {
        layers.push(
            layer_files("gazetteer/osm2019")
                .iter()
                .flat_map(|f| read_layer(f, merge::SRC_OSM))
                .collect(),
        );
    }
    let t1 = t0.elapsed();
    let (rows, stats) = merge::merge(base, layers);
    let t2 = t0.elapsed();
    let index = merge::write_index(&rows);
    let t3 = t0.elapsed();
    let dir = out.join("index");
    std::fs::create_dir_all(&dir).expect("index dir");
    for (name, bytes) in [
        ("places.bin", &index.places),
        ("records.bin", &index.records),
        ("nkeys.fst", &index.nkeys),
        ("vkeys.fst", &index.vkeys),
        ("postings.bin", &index.postings),
        ("ids.fst", &index.ids),
        ("towns.bin", &index.towns),
    ] {
        std::fs::write(dir.join(name), bytes).expect("write index");
    }
    std::fs::write(dir.join("tables.txt"), &index.tables).expect("write index");
    std::fs::write(
        dir.join("merge-stats.txt"),
        format!(
            "places {}\nread {t1:?}, merged {t2:?}, written {t3:?}\n{stats:#?}\n",
            rows.len()
        ),
    )
    .expect("write stats");
}

/// All admin-1 TopoJSON files in one gzipped JSON object keyed by file stem.
fn admin1_bundle(out: &Path) {
    println!("cargo:rerun-if-changed=basemap/admin1");
    let mut names: Vec<_> = std::fs::read_dir("basemap/admin1")
        .expect("basemap/admin1")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".topo.json"))
        .collect();
    names.sort();
    let f = std::fs::File::create(out.join("admin1.json.gz")).expect("create");
    let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::new(6));
    gz.write_all(b"{").expect("write");
    for (i, p) in names.iter().enumerate() {
        let stem = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .trim_end_matches(".topo.json");
        let body = std::fs::read(p).expect("read admin1");
        if i > 0 {
            gz.write_all(b",").expect("write");
        }
        write!(gz, "\"{stem}\":").expect("write");
        gz.write_all(&body).expect("write");
    }
    gz.write_all(b"}").expect("write");
    gz.finish().expect("finish");
}

fn main() {
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    admin1_bundle(Path::new(&out));
    println!("cargo:rerun-if-changed=src/gazetteer/normalize.rs");
    place_index(Path::new(&out));
    for (src, name) in [
        ("gazetteer/aliases.tsv", "aliases.tsv.gz"),
        ("gazetteer/admin1.tsv", "admin1.tsv.gz"),
        ("basemap/countries-50m.json", "countries-50m.json.gz"),
        ("basemap/countries.tsv", "countries.tsv.gz"),
        ("basemap/world_50m.json", "world_50m.json.gz"),
        ("basemap/countries-10m.json", "countries-10m.json.gz"),
    ] {
        println!("cargo:rerun-if-changed={src}");
        let data = std::fs::read(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        let f = std::fs::File::create(Path::new(&out).join(name)).expect("create");
        let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::new(6));
        gz.write_all(&data).expect("compress");
        gz.finish().expect("finish");
    }
}
