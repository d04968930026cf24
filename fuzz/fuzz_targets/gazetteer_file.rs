#![no_main]
// A user gazetteer file (places.tsv layout, GeoNames dump, aliases; gzip or
// plain), loaded and looked up. Every 64th input goes over the embedded
// gazetteer (ids replacing shipped places, aliases of shipped ids); the others
// into an empty one, so the parser runs thousands of times a second.
use libfuzzer_sys::fuzz_target;

use incimap::gazetteer::{Gazetteer, LookupContext};

fuzz_target!(|data: &[u8]| {
    let (mut g, mut warnings) = if data.len() % 64 == 0 {
        Gazetteer::load_default()
    } else {
        (Gazetteer::default(), Default::default())
    };
    let path = std::path::Path::new("fuzz.tsv");
    if g.load_bytes(path, data.to_vec(), &mut warnings).is_ok() {
        let text = String::from_utf8_lossy(data);
        for name in text.split(['\t', '\n']).take(8) {
            for c in g.lookup(name, &LookupContext::default()).iter().take(3) {
                let p = g.lonlat(c.index);
                assert!(p.lon.is_finite() && p.lat.is_finite());
            }
        }
    }
});
