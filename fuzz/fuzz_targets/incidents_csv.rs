#![no_main]
// incimap's own incidents CSV read back, and the same bytes as a coded-event
// CSV (ACLED/UCDP columns) for `map`/`eval`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("fuzz.csv");
    let _ = incimap::dataset::read_csv_str(path, text);
    let _ = incimap::extract::records::read_csv_bytes(
        path,
        data,
        &Default::default(),
        incimap::extract::records::Need::Coordinates,
    );
});
