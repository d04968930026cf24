//! Extraction throughput on one core: the bundled report repeated to make a
//! corpus (each copy a separate report, as a year of digests would be).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use incimap::extract::{self, ExtractOptions, context::NoHints, input};

fn bench(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spotlight-2020-05-21.txt"
    ))
    .expect("fixture");
    let copies = 20;
    let reports: Vec<input::Report> = (0..copies)
        .map(|i| input::report_from_text(&format!("r{i}.txt"), &text))
        .collect();
    let bytes = (text.len() * copies) as u64;
    let opts = ExtractOptions::default();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.bench_function("spotlight_x20", |b| {
        b.iter(|| {
            let n: usize = reports
                .iter()
                .map(|r| extract::extract(r, &opts, &NoHints).incidents.len())
                .sum();
            assert!(n > 0);
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
