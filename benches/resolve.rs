//! Resolution throughput: the bundled report's location phrases resolved
//! against the embedded gazetteer (loaded once, outside the timing).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use incimap::extract::location::parse_phrase;
use incimap::pipeline::Reference;
use incimap::resolve::ResolveContext;

fn bench(c: &mut Criterion) {
    let reference = Reference::load(&[]).expect("embedded data");
    let resolver = reference.resolver();
    let phrases: Vec<_> = [
        ("about 10 km north of Al-Mayadeen", "SY"),
        ("about 20 km northeast of Baqubah", "IQ"),
        ("northwest of Al-Sukhnah", "SY"),
        ("in central Kirkuk", "IQ"),
        ("on the Baiji-Kirkuk highway", "IQ"),
        ("near the border with Chad", "NG"),
        ("in the Salah al-Din Province", "IQ"),
        ("east of Sheikh Zuweid", "EG"),
    ]
    .iter()
    .map(|(p, cc)| {
        (
            parse_phrase(p).expect("parses"),
            ResolveContext {
                country: Some(cc.to_string()),
                ..Default::default()
            },
        )
    })
    .collect();
    let mut g = c.benchmark_group("resolve");
    g.throughput(Throughput::Elements(phrases.len() as u64));
    g.bench_function("report_phrases", |b| {
        b.iter(|| {
            phrases
                .iter()
                .filter(|(p, ctx)| resolver.resolve(p, ctx).point.is_some())
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
