//! Prints how long loading the embedded gazetteer and basemap takes
//! (`cargo run --release --example loadtime`); figures go in the README.

fn main() {
    let t = std::time::Instant::now();
    let (g, _) = incimap::gazetteer::Gazetteer::load_default();
    let (n, v) = g.key_counts();
    println!(
        "gazetteer: {} places ({n} name keys, {v} variant keys) in {:.0} ms",
        g.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = std::time::Instant::now();
    let c = incimap::resolve::border::Countries::load_default().expect("embedded basemap");
    println!(
        "countries: {} in {:.0} ms",
        c.by_code.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
}
