#![no_main]
// A user gazetteer file (places.tsv layout, GeoNames dump, aliases; gzip or
// plain) loaded over the embedded one, then looked up.
use libfuzzer_sys::fuzz_target;

use incimap::gazetteer::{Gazetteer, LookupContext};

fuzz_target!(|data: &[u8]| {
    let (mut g, mut warnings) = Gazetteer::load_default();
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
