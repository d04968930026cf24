#![no_main]
// Report bytes as a file holds them: decoding (UTF-8/UTF-16/cp1252, binary
// checks), text layout, incident extraction and resolution.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz.txt");
    if let Ok((text, _)) = incimap::extract::input::decode_text(path, data) {
        common::map_text("fuzz.txt", &text);
    }
});
