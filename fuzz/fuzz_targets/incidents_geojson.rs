#![no_main]
// incimap's own incidents GeoJSON read back (query/cluster/render inputs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = incimap::dataset::read_geojson_str(std::path::Path::new("fuzz.geojson"), text) {
        for r in &d.rows {
            if let Some(p) = r.point {
                assert!((-180.0..=180.0).contains(&p.lon) && (-90.0..=90.0).contains(&p.lat));
            }
        }
    }
});
