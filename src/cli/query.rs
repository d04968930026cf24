//! `incimap query`: radius, box, nearest and polygon queries with filters.
//! Read-only; an empty result is not an error.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::ValueEnum;
use geo::MultiPolygon;
use serde_json::{Value, json};

use super::common::GazetteerArgs;
use crate::dataset::Row;
use crate::export::records::round6;
use crate::gazetteer::LookupContext;
use crate::index::SpatialIndex;
use crate::model::{IncidentKind, LonLat};

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
    let (rows, errors) = super::inputs::load_rows(&a.inputs, &gazetteer, &mut reference)?;
    let index = SpatialIndex::new(&rows.iter().map(|r| r.point).collect::<Vec<_>>());
    // Candidates with distances (when there is a centre).
    let filter = |r: &Row| {
        a.from.is_none_or(|d| r.date.is_some_and(|x| x >= d))
            && a.to.is_none_or(|d| r.date.is_some_and(|x| x <= d))
            && a.kind.is_none_or(|k| r.kind == k.as_str())
            && country
                .as_deref()
                .is_none_or(|c| r.country.as_deref() == Some(c))
            && a.min_precision
                .is_none_or(|p| r.precision.is_some_and(|x| x <= p))
    };
    let mut hits: Vec<(usize, Option<f64>)> = match centre {
        Some(c) => {
            let mut h = match a.radius_km {
                Some(r) => index.within_km(c, r),
                None => index.nearest(c, rows.len()),
            };
            h.retain(|x| filter(&rows[x.index]));
            if let Some(k) = a.nearest {
                h.truncate(k);
            }
            h.into_iter()
                .map(|x| (x.index, Some(x.distance_km)))
                .collect()
        }
        None if bbox.is_some() || polygon.is_some() => (0..rows.len())
            .filter(|&i| rows[i].point.is_some())
            .map(|i| (i, None))
            .collect(),
        None => (0..rows.len()).map(|i| (i, None)).collect(),
    };
    if let Some([w, s, e, n]) = bbox {
        let inside: std::collections::HashSet<usize> =
            index.in_bbox(w, s, e, n).into_iter().collect();
        hits.retain(|(i, _)| inside.contains(i));
    }
    if let Some(p) = &polygon {
        let inside: std::collections::HashSet<usize> = index.in_polygon(p).into_iter().collect();
        hits.retain(|(i, _)| inside.contains(i));
    }
    if centre.is_none() {
        hits.retain(|(i, _)| filter(&rows[*i]));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Count => writeln!(out, "{}", hits.len())?,
        Format::Table => write_table(&mut out, &rows, &hits)?,
        Format::Geojson => {
            let feats: Vec<Value> = hits
                .iter()
                .map(|(i, d)| {
                    let r = &rows[*i];
                    let mut props = r.props.clone();
                    if let Some(d) = d {
                        props.insert("query_distance_km".into(), json!((d * 1000.0).round() / 1000.0));
                    }
                    json!({
                        "type": "Feature",
                        "geometry": r.point.map(|p| json!({"type": "Point", "coordinates": [round6(p.lon), round6(p.lat)]})),
                        "properties": props,
                    })
                })
                .collect();
            super::cluster::write_fc(&mut out, feats)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            let mut header: Vec<String> = rows
                .first()
                .map(|r| r.props.keys().cloned().collect())
                .unwrap_or_default();
            header.extend(["lon".into(), "lat".into(), "query_distance_km".into()]);
            w.write_record(&header)?;
            for (i, d) in &hits {
                let r = &rows[*i];
                let mut rec: Vec<String> = header[..header.len() - 3]
                    .iter()
                    .map(|k| match r.props.get(k) {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(s)) => s.clone(),
                        Some(v) => v.to_string(),
                    })
                    .collect();
                rec.push(r.point.map_or(String::new(), |p| round6(p.lon).to_string()));
                rec.push(r.point.map_or(String::new(), |p| round6(p.lat).to_string()));
                rec.push(d.map_or(String::new(), |d| format!("{d:.3}")));
                w.write_record(&rec)?;
            }
            w.flush()?;
        }
    }
    out.flush()?;
    if hits.is_empty() && !matches!(a.format, Format::Count | Format::Geojson | Format::Csv) {
        crate::diag!("no incidents");
    }
    super::common::list_failures(&errors);
    Ok(errors.is_empty())
}

fn write_table(
    out: &mut impl Write,
    rows: &[Row],
    hits: &[(usize, Option<f64>)],
) -> std::io::Result<()> {
    if hits.is_empty() {
        return Ok(());
    }
    let with_d = hits.iter().any(|h| h.1.is_some());
    let s = |r: &Row, k: &str| {
        r.props
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let mut table: Vec<Vec<String>> = vec![
        ["date", "kind", "killed", "wounded", "km", "place", "id"]
            .iter()
            .map(|x| x.to_string())
            .collect(),
    ];
    for (i, d) in hits {
        let r = &rows[*i];
        table.push(vec![
            r.date.map_or("-".into(), |d| d.to_string()),
            r.kind.clone(),
            r.killed.map_or("-".into(), |k| k.to_string()),
            r.wounded.map_or("-".into(), |k| k.to_string()),
            d.map_or("-".into(), |d| format!("{d:.1}")),
            truncate(&s(r, "location_text"), 44),
            r.id.clone(),
        ]);
    }
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
