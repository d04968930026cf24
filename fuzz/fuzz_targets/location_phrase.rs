#![no_main]
// One location phrase, as `incimap geocode` reads it: the grammar (English
// and French forms), then the resolver with and without a context country.
use libfuzzer_sys::fuzz_target;

use incimap::resolve::ResolveContext;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(phrase) = std::str::from_utf8(data) else {
        return;
    };
    let r = common::reference();
    let resolver = r.resolver();
    let _ = incimap::extract::location::find_candidates(phrase);
    match incimap::extract::location::parse_phrase(phrase) {
        Some(p) => {
            for country in [None, Some("SY".to_owned()), Some("NG".to_owned())] {
                let res = resolver.resolve(
                    &p,
                    &ResolveContext {
                        country,
                        ..Default::default()
                    },
                );
                if let Some(pt) = res.point {
                    assert!(pt.lon.is_finite() && pt.lat.is_finite());
                }
                if let Some(u) = res.uncertainty_km {
                    assert!(u.is_finite() && u >= 0.0, "uncertainty {u}");
                }
            }
        }
        None => {
            let _ = incimap::extract::location::diagnose(phrase);
        }
    }
});
