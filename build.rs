//! Compresses the shipped gazetteer (and basemap) into OUT_DIR so the binary
//! embeds them: `cargo install --path .` gives a tool that works anywhere.
//! The files in gazetteer/ and basemap/ stay the source of truth.

use std::io::Write;
use std::path::Path;

#[path = "src/gazetteer/normalize.rs"]
#[allow(dead_code)]
mod normalize;

/// Sorted "key\tindex" lines for the N and V keys of every name in
/// places.tsv, so the binary can binary-search names without normalising
/// a million of them at start-up.
fn key_tables(places: &str, out: &Path) {
    let mut n: Vec<(String, u32)> = Vec::new();
    let mut v: Vec<(String, u32)> = Vec::new();
    for (i, line) in places.lines().skip(1).enumerate() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 4 {
            continue;
        }
        let mut names: Vec<&str> = vec![c[1], c[2]];
        names.extend(c[3].split(',').filter(|s| !s.is_empty()));
        for name in names {
            let nk = normalize::n_key(name);
            if nk.is_empty() {
                continue;
            }
            let vk = normalize::v_key(name);
            n.push((nk, i as u32));
            if vk.len() >= 3 {
                v.push((vk, i as u32));
            }
        }
    }
    for (table, name) in [(n, "nkeys.txt.gz"), (v, "vkeys.txt.gz")] {
        let mut table = table;
        table.sort();
        table.dedup();
        let f = std::fs::File::create(out.join(name)).expect("create");
        let mut gz =
            flate2::write::GzEncoder::new(std::io::BufWriter::new(f), flate2::Compression::new(6));
        for (k, i) in table {
            writeln!(gz, "{k}\t{i}").expect("write");
        }
        gz.finish().expect("finish");
    }
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
    let places = std::fs::read_to_string("gazetteer/places.tsv").expect("gazetteer/places.tsv");
    key_tables(&places, Path::new(&out));
    for (src, name) in [
        ("gazetteer/places.tsv", "places.tsv.gz"),
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
