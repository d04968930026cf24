// Shared by the fuzz targets: the reference data, loaded once per process.
use std::sync::OnceLock;

use incimap::pipeline::Reference;

pub fn reference() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(|| Reference::load(&[]).expect("embedded reference data"))
}

#[allow(dead_code)]
/// Extracts and resolves one report's text, as `incimap map` does.
pub fn map_text(name: &str, text: &str) {
    let r = reference();
    let report = incimap::extract::input::report_from_text(name, text);
    let opts = incimap::extract::ExtractOptions::default();
    let ex = incimap::extract::extract(&report, &opts, &r.gazetteer);
    let located = incimap::pipeline::resolve_all(ex.incidents, &r.resolver());
    for l in &located {
        // The record's country must agree with its point; both must be well formed.
        if let Some(p) = l.point() {
            assert!(p.lon.is_finite() && p.lat.is_finite(), "non-finite point");
            assert!((-180.0..=180.0).contains(&p.lon) && (-90.0..=90.0).contains(&p.lat));
        }
        let _ = incimap::records::IncidentRecord::from(l);
    }
}
