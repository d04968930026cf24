#![no_main]
// Report text as a web page: HTML flattening (html5ever), then extraction
// and resolution.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let page = format!("<!DOCTYPE html><html><body>{body}</body></html>");
    common::map_text("fuzz.html", &page);
});
