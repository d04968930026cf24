//! `incimap gazetteer lookup NAME`: candidates with ids, coordinates, feature
//! codes, population, and the rule that matched.

use std::io::Write;

use super::common::GazetteerArgs;
use crate::gazetteer::LookupContext;

#[derive(Debug, clap::Subcommand)]
pub enum GazetteerCommand {
    /// List the candidates for a name, best first.
    Lookup {
        name: String,
        /// How many candidates to show (0: all).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },
}

pub fn run(cmd: GazetteerCommand) -> anyhow::Result<bool> {
    let GazetteerCommand::Lookup {
        name,
        limit,
        gazetteer,
    } = cmd;
    let country = gazetteer.country()?;
    let reference = gazetteer.load()?;
    let g = &reference.gazetteer;
    let ctx = LookupContext {
        country,
        ..Default::default()
    };
    let mut cands = g.lookup(&name, &ctx);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if cands.is_empty() {
        writeln!(out, "no candidates for '{name}'")?;
        out.flush()?;
        return Ok(false);
    }
    writeln!(
        out,
        "{:<18} {:<28} {:>10} {:>11} {:<5} {:<7} {:>10} {:<18} {:<10} {:>6}  why",
        "id", "name", "lat", "lon", "cc", "feature", "population", "source", "rule", "score"
    )?;
    let shown = if limit == 0 {
        cands.len()
    } else {
        limit.min(cands.len())
    };
    g.explain(&name, &ctx, &mut cands[..shown]);
    for c in cands.iter().take(shown) {
        let p = g.place(c.index);
        writeln!(
            out,
            "{:<18} {:<28} {:>10.5} {:>11.5} {:<5} {:<7} {:>10} {:<18} {:<10} {:>6.1}  {}",
            p.id,
            truncate(&p.name, 28),
            p.lat,
            p.lon,
            p.country,
            p.feature_code,
            p.population,
            p.source,
            format!("{:?}", c.rule).to_lowercase(),
            c.score,
            c.why
        )?;
    }
    if cands.len() > shown {
        writeln!(
            out,
            "... and {} more candidates (--limit 0 lists all)",
            cands.len() - shown
        )?;
    }
    out.flush()?;
    Ok(true)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
