//! `incimap query`: radius, box, nearest and polygon queries with filters.
//! Read-only; an empty result is not an error.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::ValueEnum;
use geo::MultiPolygon;
use serde_json::{Value, json};

use super::common::GazetteerArgs;
use super::inputs::Source;
use crate::dataset::fields::{F, Need};
use crate::dataset::{At, Record, Row, Strings};
use crate::export::layers::FeatureWriter;
use crate::gazetteer::LookupContext;
use crate::index;
use crate::model::{IncidentKind, LonLat};
use crate::records::round6;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Geojson,
    Csv,
    Count,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Incidents GeoJSON/CSV written by incimap, or reports (.txt/.html, folders, -).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Centre: a place name resolved through the gazetteer (with --country as context).
    #[arg(long, conflicts_with = "at")]
    pub near: Option<String>,
    /// Centre: LAT,LON in degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
    /// Radius around the centre, km (great circle).
    #[arg(long, allow_hyphen_values = true)]
    pub radius_km: Option<f64>,
    /// The K incidents nearest the centre.
    #[arg(long)]
    pub nearest: Option<usize>,
    /// Box W,S,E,N in degrees; W > E crosses the antimeridian.
    #[arg(long, allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// A GeoJSON file with a Polygon or MultiPolygon (holes respected).
    #[arg(long)]
    pub within: Option<PathBuf>,
    /// First date (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Last date (YYYY-MM-DD), inclusive.
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// Only this kind (see README "Taxonomy").
    #[arg(long)]
    pub kind: Option<IncidentKind>,
    /// Only incidents in this country (ISO alpha-2); also the context for --near.
    #[arg(long)]
    pub country: Option<String>,
    /// Only incidents located at least this precisely (acled_geo_precision <= N).
    #[arg(long)]
    pub min_precision: Option<u8>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Extra gazetteer file (see `incimap geocode --help`); repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteer_files: Vec<PathBuf>,
}

fn parse_latlon(s: &str) -> anyhow::Result<LonLat> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let nums: Vec<f64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if parts.len() != 2 || nums.len() != 2 {
        return Err(crate::cli::usage(format!(
            "--at '{s}': expected LAT,LON such as 35.47,44.39"
        )));
    }
    LonLat::new(nums[1], nums[0]).ok_or_else(|| {
        crate::cli::usage(format!(
            "--at '{s}': latitude must be within ±90 and longitude within ±180"
        ))
    })
}

fn parse_bbox(s: &str) -> anyhow::Result<[f64; 4]> {
    let v: Vec<f64> = s.split(',').filter_map(|p| p.trim().parse().ok()).collect();
    if v.len() != 4 {
        return Err(crate::cli::usage(format!(
            "--bbox '{s}': expected W,S,E,N in degrees"
        )));
    }
    let ok = (-180.0..=180.0).contains(&v[0])
        && (-180.0..=180.0).contains(&v[2])
        && (-90.0..=90.0).contains(&v[1])
        && (-90.0..=90.0).contains(&v[3])
        && v[1] <= v[3];
    if !ok {
        return Err(crate::cli::usage(format!(
            "--bbox '{s}': longitudes within ±180, latitudes within ±90, S <= N"
        )));
    }
    Ok([v[0], v[1], v[2], v[3]])
}

fn read_polygon(path: &PathBuf) -> anyhow::Result<MultiPolygon<f64>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::Error::new(crate::error::Error::io(path, e)).context("--within"))?;
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e| anyhow::anyhow!("--within {}: not valid GeoJSON: {e}", path.display()))?;
    let geoms: Vec<geojson::Geometry> = match gj {
        geojson::GeoJson::Geometry(g) => vec![g],
        geojson::GeoJson::Feature(f) => f.geometry.into_iter().collect(),
        geojson::GeoJson::FeatureCollection(fc) => {
            fc.features.into_iter().filter_map(|f| f.geometry).collect()
        }
    };
    let mut polys = Vec::new();
    for g in geoms {
        let gg: geo::Geometry<f64> = g
            .try_into()
            .map_err(|e| anyhow::anyhow!("--within {}: {e}", path.display()))?;
        match gg {
            geo::Geometry::Polygon(p) => polys.push(p),
            geo::Geometry::MultiPolygon(mp) => polys.extend(mp.0),
            _ => {}
        }
    }
    if polys.is_empty() {
        anyhow::bail!(
            "--within {}: no Polygon or MultiPolygon in the file",
            path.display()
        );
    }
    Ok(MultiPolygon(polys))
}

pub fn run(a: Args) -> anyhow::Result<bool> {
    if let Some(r) = a.radius_km {
        crate::cli::check_km("--radius-km", r)?;
    }
    if a.nearest == Some(0) {
        return Err(crate::cli::usage(
            "--nearest must be at least 1".to_string(),
        ));
    }
    let country = super::parse_country(a.country.as_deref())?;
    let gazetteer = GazetteerArgs {
        files: a.gazetteer_files.clone(),
        country: country.clone(),
    };
    let bbox = a.bbox.as_deref().map(parse_bbox).transpose()?;
    let polygon = a.within.as_ref().map(read_polygon).transpose()?;
    let mut reference = None;
    // The centre first: a bad place name is an error before any input is read.
    let centre = match (&a.near, &a.at) {
        (Some(name), _) => {
            reference = Some(gazetteer.load()?);
            let g = &reference.as_ref().expect("loaded").gazetteer;
            let cands = g.lookup(
                name,
                &LookupContext {
                    country: country.clone(),
                    ..Default::default()
                },
            );
            let best = cands.first().ok_or_else(|| {
                crate::cli::usage(format!("--near '{name}': not in the gazetteer"))
            })?;
            let p = g.place(best.index);
            crate::diag!(
                "centre: {} [{}] {:.5}, {:.5} ({})",
                p.name,
                p.id,
                p.lat,
                p.lon,
                p.country
            );
            Some(p.lonlat())
        }
        (None, Some(s)) => Some(parse_latlon(s)?),
        _ => None,
    };
    if centre.is_none() && (a.radius_km.is_some() || a.nearest.is_some()) {
        return Err(crate::cli::usage(
            "--radius-km and --nearest need a centre: --near PLACE or --at LAT,LON".to_string(),
        ));
    }
    if centre.is_some() && a.radius_km.is_none() && a.nearest.is_none() {
        return Err(crate::cli::usage(
            "a centre needs --radius-km R or --nearest K".to_string(),
        ));
    }
    let (sources, mut errors) = super::inputs::sources(&a.inputs, &gazetteer, &mut reference)?;
    let want = Want {
        centre,
        radius_km: a.radius_km,
        bbox,
        polygon: polygon.as_ref(),
        from: a.from,
        to: a.to,
        kind: a.kind,
        country: country.as_deref(),
        min_precision: a.min_precision,
    };
    // Pass 1: every record checked, the hits kept as (source, record, distance).
    let mut strings = Strings::default();
    let mut hits: Vec<Hit> = Vec::new();
    let mut read = 0;
    let mut header: Option<Vec<String>> = None;
    let mut good = vec![false; sources.len()];
    for (k, src) in sources.iter().enumerate() {
        let mut mine = Vec::new();
        let mut n = 0u64;
        let first = if header.is_none() {
            src.first_keys(&mut strings)
        } else {
            None
        };
        let scanned = src.scan_par(
            &mut strings,
            &|_| Some(Need::ALL),
            &|rec| Ok(want.hit(rec.row)),
            &mut |s| {
                if let Some(distance_km) = s.out {
                    mine.push(Hit {
                        source: k as u32,
                        record: n,
                        at: s.at,
                        distance_km,
                    });
                }
                n += 1;
                Ok(())
            },
        );
        match scanned {
            Ok(warnings) => {
                for w in &warnings {
                    crate::diag!("warning: {w}");
                }
                read += 1;
                good[k] = true;
                hits.extend(mine);
                if header.is_none() {
                    header = first;
                }
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    if read == 0 {
        return Err(super::common::all_inputs_failed(&errors, "nothing written"));
    }
    if centre.is_some() {
        // Nearest first; ties in input order (sources are scanned in order).
        hits.sort_by(|x, y| {
            x.distance_km
                .unwrap_or(0.0)
                .total_cmp(&y.distance_km.unwrap_or(0.0))
                .then((x.source, x.record).cmp(&(y.source, y.record)))
        });
        if let Some(k) = a.nearest {
            hits.truncate(k);
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let header = header.unwrap_or_default();
    match a.format {
        Format::Count => writeln!(out, "{}", hits.len())?,
        Format::Table => {
            let mut table = Vec::with_capacity(hits.len());
            emit(
                &sources,
                &good,
                &hits,
                &mut strings,
                Need::of(&[F::Id, F::Date, F::Kind, F::Killed, F::Wounded]),
                &|rec, d| Ok(table_row(rec, d)),
                &mut |row| {
                    table.push(row);
                    Ok(())
                },
            )?;
            write_table(&mut out, &table, centre.is_some())?;
        }
        Format::Geojson => {
            let mut fw = FeatureWriter::new(&mut out)?;
            emit(
                &sources,
                &good,
                &hits,
                &mut strings,
                Need::NONE,
                &|rec, d| {
                    let extra =
                        d.map(|d| ("query_distance_km", json!((d * 1000.0).round() / 1000.0)));
                    Ok(rec.feature_json(extra.as_slice())?)
                },
                &mut |bytes| Ok(fw.raw(&bytes)?),
            )?;
            fw.finish()?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            let mut cols = header.clone();
            cols.extend(["lon".into(), "lat".into(), "query_distance_km".into()]);
            w.write_record(&cols)?;
            w.flush()?;
            let w = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
            emit(
                &sources,
                &good,
                &hits,
                &mut strings,
                Need::of(&[F::Id]),
                &|rec, d| csv_line(&header, rec, d),
                &mut |bytes| Ok(w.write_all(&bytes)?),
            )?;
        }
    }
    out.flush()?;
    if hits.is_empty() && !matches!(a.format, Format::Count | Format::Geojson | Format::Csv) {
        crate::diag!("no incidents");
    }
    super::common::list_failures(&errors);
    Ok(errors.is_empty())
}

/// What a query asks of each record.
struct Want<'a> {
    centre: Option<LonLat>,
    radius_km: Option<f64>,
    bbox: Option<[f64; 4]>,
    polygon: Option<&'a MultiPolygon<f64>>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    kind: Option<IncidentKind>,
    country: Option<&'a str>,
    min_precision: Option<u8>,
}

impl Want<'_> {
    /// None: not a hit; Some(distance from the centre, when there is one).
    #[allow(clippy::option_option)]
    fn hit(&self, r: &Row) -> Option<Option<f64>> {
        let attrs = self.from.is_none_or(|d| r.date.is_some_and(|x| x >= d))
            && self.to.is_none_or(|d| r.date.is_some_and(|x| x <= d))
            && self.kind.is_none_or(|k| r.kind == k)
            && self.country.is_none_or(|c| r.country_str() == Some(c))
            && self
                .min_precision
                .is_none_or(|p| r.precision.is_some_and(|x| x <= p));
        if !attrs {
            return None;
        }
        let spatial = self.centre.is_some() || self.bbox.is_some() || self.polygon.is_some();
        let Some(p) = r.point else {
            return (!spatial).then_some(None);
        };
        if let Some([w, s, e, n]) = self.bbox
            && !index::in_box(p, w, s, e, n)
        {
            return None;
        }
        if let Some(shape) = self.polygon
            && !index::in_shape(p, shape)
        {
            return None;
        }
        match self.centre {
            None => Some(None),
            Some(c) => {
                let d = index::distance_within(c, p, self.radius_km)?;
                Some(Some(d))
            }
        }
    }
}

/// A record the query selected.
#[derive(Debug, Clone, Copy)]
struct Hit {
    source: u32,
    record: u64,
    at: At,
    distance_km: Option<f64>,
}

/// Pass 2: reads the hit records again (seeking to each when they are few,
/// else in one scan on every core), makes each hit's output with `make`
/// and hands it to `sink` in hit order. Hits in file order go straight
/// through (memory flat); others wait in their slots. Pass 1 checked every
/// field: a scan checks again only the fields `make` reads from the row.
fn emit<T: Send>(
    sources: &[Source],
    good: &[bool],
    hits: &[Hit],
    strings: &mut Strings,
    need: Need,
    make: &(dyn Fn(&Record, Option<f64>) -> anyhow::Result<T> + Sync),
    sink: &mut dyn FnMut(T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let in_order = hits
        .windows(2)
        .all(|w| (w[0].source, w[0].record) < (w[1].source, w[1].record));
    let mut slots: Vec<Option<T>> = Vec::new();
    if !in_order {
        slots.resize_with(hits.len(), || None);
    }
    for (k, src) in sources.iter().enumerate() {
        // (key, position in hits) of this source, in file order.
        let mut wanted: Vec<(u64, usize)> = hits
            .iter()
            .enumerate()
            .filter(|(_, h)| h.source == k as u32)
            .map(|(i, h)| (src.key(&h.at), i))
            .collect();
        if wanted.is_empty() || !good[k] {
            continue;
        }
        wanted.sort_unstable();
        let mut failure: Option<anyhow::Error> = None;
        // Hands hit `at`'s output on.
        let mut take = |at: usize, made: anyhow::Result<T>| -> crate::error::Result<()> {
            let placed = made.and_then(|t| {
                if in_order {
                    sink(t)
                } else {
                    slots[at] = Some(t);
                    Ok(())
                }
            });
            placed.map_err(|e| {
                failure = Some(e);
                crate::error::Error::Invalid("output failed".into())
            })
        };
        let done = match src {
            // Few hits in a big file: a seek each, records come back in order.
            Source::File(p) if wanted.len() <= REREAD_MAX => {
                let at: Vec<At> = wanted.iter().map(|w| hits[w.1].at).collect();
                let mut next = 0;
                crate::dataset::reread(p, &at, strings, &mut |rec| {
                    let i = wanted[next].1;
                    next += 1;
                    take(i, make(rec, hits[i].distance_km))
                })
            }
            _ => {
                let hit_of = |at: &At| {
                    let key = src.key(at);
                    wanted
                        .binary_search_by_key(&key, |w| w.0)
                        .ok()
                        .map(|j| wanted[j].1)
                };
                src.scan_par(
                    strings,
                    &|at| hit_of(at).map(|_| need),
                    &|rec| {
                        let i = hit_of(&rec.at).expect("picked");
                        Ok((i, make(rec, hits[i].distance_km)))
                    },
                    &mut |s| {
                        let (i, made) = s.out;
                        take(i, made)
                    },
                )
                .map(drop)
            }
        };
        if let Some(e) = failure {
            return Err(e);
        }
        done?;
    }
    for t in slots.into_iter().flatten() {
        sink(t)?;
    }
    Ok(())
}

/// Hits of one file read again by seeking (more: by a scan).
const REREAD_MAX: usize = 20_000;

/// One hit as a CSV line: the header's columns, then lon, lat and distance.
fn csv_line(header: &[String], rec: &Record, d: Option<f64>) -> anyhow::Result<Vec<u8>> {
    let props = rec.properties();
    let mut cells: Vec<String> = header
        .iter()
        .map(|k| match props.get(k) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
        })
        .collect();
    let p = rec.row.point;
    cells.push(p.map_or(String::new(), |p| round6(p.lon).to_string()));
    cells.push(p.map_or(String::new(), |p| round6(p.lat).to_string()));
    cells.push(d.map_or(String::new(), |d| format!("{d:.3}")));
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(&cells)?;
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// One hit as a table line.
fn table_row(rec: &Record, d: Option<f64>) -> Vec<String> {
    let r = rec.row;
    let place = rec
        .properties()
        .get("location_text")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    vec![
        r.date.map_or("-".into(), |d| d.to_string()),
        r.kind.as_str().to_owned(),
        r.killed.map_or("-".into(), |k| k.to_string()),
        r.wounded.map_or("-".into(), |k| k.to_string()),
        d.map_or("-".into(), |d| format!("{d:.1}")),
        truncate(&place, 44),
        rec.id.to_owned(),
    ]
}

fn write_table(out: &mut impl Write, lines: &[Vec<String>], with_d: bool) -> std::io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let mut table: Vec<Vec<String>> = vec![
        ["date", "kind", "killed", "wounded", "km", "place", "id"]
            .iter()
            .map(|x| x.to_string())
            .collect(),
    ];
    table.extend(lines.iter().cloned());
    if !with_d {
        for row in &mut table {
            row.remove(4);
        }
    }
    let widths: Vec<usize> = (0..table[0].len())
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &table {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:<w$}"))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
