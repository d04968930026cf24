//! `incimap geocode`: one location phrase per argument (or per stdin line).

use std::io::{BufRead, Write};

use clap::ValueEnum;
use serde::Serialize;

use super::common::GazetteerArgs;
use crate::extract::location::parse_phrase;
use crate::model::LocationPhrase;
use crate::resolve::{Resolution, ResolveContext};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Phrases such as "about 10 km north of Al-Mayadeen"; none: read stdin, one per line (JSON Lines out).
    pub phrases: Vec<String>,
    /// Output format (stdin input always gives JSON Lines).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

#[derive(Serialize)]
struct Output<'a> {
    phrase: &'a str,
    parse: Option<&'a LocationPhrase>,
    lon: Option<f64>,
    lat: Option<f64>,
    #[serde(flatten)]
    resolution: &'a Resolution,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let country = args.gazetteer.country()?;
    let reference = args.gazetteer.load()?;
    let resolver = reference.resolver();
    let (phrases, json) = if args.phrases.is_empty() {
        let lines: Vec<String> = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
        (
            lines.into_iter().filter(|l| !l.trim().is_empty()).collect(),
            true,
        )
    } else {
        (args.phrases.clone(), matches!(args.format, Format::Json))
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut any = false;
    for phrase in &phrases {
        let parsed = parse_phrase(phrase);
        let res = match &parsed {
            Some(p) => resolver.resolve(
                p,
                &ResolveContext {
                    country: country.clone(),
                    ..Default::default()
                },
            ),
            None => Resolution::unresolved(crate::extract::location::diagnose(phrase)),
        };
        any |= res.point.is_some();
        if json {
            let o = Output {
                phrase,
                parse: parsed.as_ref(),
                lon: res.point.map(|p| p.lon),
                lat: res.point.map(|p| p.lat),
                resolution: &res,
            };
            serde_json::to_writer(&mut out, &o)?;
            writeln!(out)?;
        } else {
            write_text(&mut out, phrase, parsed.as_ref(), &res)?;
        }
    }
    out.flush()?;
    Ok(any)
}

fn write_text(
    out: &mut impl Write,
    phrase: &str,
    parsed: Option<&LocationPhrase>,
    r: &Resolution,
) -> std::io::Result<()> {
    writeln!(out, "{phrase}")?;
    if let Some(p) = parsed {
        writeln!(
            out,
            "  parsed as      {} (anchors: {})",
            p.kind,
            p.anchors.join(" | ")
        )?;
    }
    match r.point {
        Some(pt) => {
            writeln!(out, "  lon, lat       {:.6}, {:.6}", pt.lon, pt.lat)?;
            writeln!(
                out,
                "  uncertainty    {} km",
                r.uncertainty_km.unwrap_or(0.0)
            )?;
            writeln!(
                out,
                "  precision      acled_geo_precision {} / ucdp_where_prec {} / gtd_specificity {}",
                opt(r.acled_geo_precision),
                opt(r.ucdp_where_prec),
                opt(r.gtd_specificity)
            )?;
            writeln!(
                out,
                "  method         {}",
                r.method.map_or("-".to_owned(), |m| m.to_string())
            )?;
            if let Some(a) = &r.anchor {
                writeln!(
                    out,
                    "  anchor         {} [{}] {:.5}, {:.5} ({}, {:?} match)",
                    a.name, a.id, a.lon, a.lat, a.country, a.rule
                )?;
            }
            if let Some(a) = &r.anchor2 {
                writeln!(
                    out,
                    "  second anchor  {} [{}] {:.5}, {:.5}",
                    a.name, a.id, a.lon, a.lat
                )?;
            }
            if let Some(e) = &r.evidence {
                writeln!(out, "  evidence       {e}")?;
            }
            for a in &r.alternatives {
                writeln!(
                    out,
                    "  alternative    {} [{}] {:.5}, {:.5} {} (score {})",
                    a.name, a.id, a.lon, a.lat, a.country, a.score
                )?;
            }
        }
        None => writeln!(
            out,
            "  unresolved     {}",
            r.unresolved_reason.as_deref().unwrap_or("unknown")
        )?,
    }
    Ok(())
}

fn opt(x: Option<u8>) -> String {
    x.map_or("-".into(), |v| v.to_string())
}
