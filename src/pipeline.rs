//! The one place that chains the stages: reports -> incidents -> resolved.

use std::path::PathBuf;

use crate::extract::{self, ExtractOptions, input};
use crate::gazetteer::Gazetteer;
use crate::model::{Incident, LonLat};
use crate::resolve::{Resolution, ResolveContext, Resolver, border::Countries};

pub use crate::model::Located;

/// Loaded reference data shared by every stage that resolves.
pub struct Reference {
    pub gazetteer: Gazetteer,
    pub countries: Countries,
    pub warnings: Vec<String>,
}

impl Reference {
    /// The embedded gazetteer and basemap plus user gazetteer files.
    pub fn load(extra: &[PathBuf]) -> crate::error::Result<Reference> {
        let (mut gazetteer, mut warnings) = Gazetteer::load_default();
        for p in extra {
            if p.is_dir() {
                gazetteer.load_dir(p, &mut warnings)?;
            } else {
                gazetteer.load_file(p, &mut warnings)?;
            }
        }
        let countries = Countries::load_default()?;
        Ok(Reference {
            gazetteer,
            countries,
            warnings,
        })
    }

    pub fn resolver(&self) -> Resolver<'_> {
        Resolver {
            gazetteer: &self.gazetteer,
            borders: &self.countries,
        }
    }
}

/// Outcome of reading many reports: what was found and what failed.
#[derive(Debug, Default)]
pub struct Batch {
    pub reports_read: usize,
    pub incidents: Vec<Incident>,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// Reads and extracts every report under `paths` (errors are collected, not fatal).
pub fn extract_paths(
    paths: &[PathBuf],
    opts: &ExtractOptions,
    reference: Option<&Reference>,
) -> Batch {
    extract_paths_with(paths, opts, reference, &|| {})
}

/// As `extract_paths`, reading and extracting reports in parallel (rayon);
/// results are gathered in input order, so output does not depend on timing.
/// `tick` is called once per report (progress bars).
pub fn extract_paths_with(
    paths: &[PathBuf],
    opts: &ExtractOptions,
    reference: Option<&Reference>,
    tick: &(dyn Fn() + Sync),
) -> Batch {
    use rayon::prelude::*;
    let (files, unusable) = input::expand_paths(paths);
    let prefixes = id_prefixes(&files);
    let results: Vec<Result<extract::Extraction, String>> = files
        .par_iter()
        .zip(prefixes.par_iter())
        .map(|(f, prefix)| {
            let hint: &dyn extract::context::PlaceCountry = match reference {
                Some(r) => &r.gazetteer,
                None => &extract::context::NoHints,
            };
            let r = if extract::records::is_record_csv(f) {
                extract_record_file(f, prefix.as_deref(), opts, hint)
            } else {
                input::read_report(f)
                    .map_err(|e| e.to_string())
                    .and_then(|mut report| {
                        report.id_prefix = prefix.clone();
                        let read = std::mem::take(&mut report.warnings);
                        guarded(f, || extract::extract(&report, opts, hint)).map(|mut ex| {
                            ex.warnings.splice(0..0, read);
                            ex
                        })
                    })
            };
            tick();
            r
        })
        .collect();
    let mut batch = Batch {
        errors: unusable.iter().map(ToString::to_string).collect(),
        ..Batch::default()
    };
    for r in results {
        match r {
            Ok(ex) => {
                batch.reports_read += 1;
                batch.warnings.extend(ex.warnings);
                batch.incidents.extend(ex.incidents);
            }
            Err(e) => batch.errors.push(e),
        }
    }
    batch
}

/// One report that trips a bug must not take the whole run down.
fn guarded<T>(f: &std::path::Path, run: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).map_err(|_| {
        format!(
            "{}: internal error while extracting (please report it with this file)",
            f.display()
        )
    })
}

/// A coded-event CSV: one incident per row that reports an event; rows that
/// give none are warnings naming their line.
fn extract_record_file(
    f: &std::path::Path,
    prefix: Option<&str>,
    opts: &ExtractOptions,
    hint: &dyn extract::context::PlaceCountry,
) -> Result<extract::Extraction, String> {
    let file = extract::records::read_csv(f, &Default::default(), extract::records::Need::Text)
        .map_err(|e| e.to_string())?;
    let name = f.display().to_string();
    let mut ex = extract::Extraction {
        warnings: file.warnings.clone(),
        ..Default::default()
    };
    for (line, why) in &file.skipped {
        ex.warnings
            .push(format!("{name}:{line}: row skipped: {why}"));
    }
    for rec in &file.records {
        match guarded(f, || {
            extract::extract_record(rec, &name, prefix, opts, hint)
        })? {
            Ok(inc) => ex.incidents.push(inc),
            Err(why) => ex.warnings.push(format!("{name}:{}: {why}", rec.line)),
        }
    }
    Ok(ex)
}

/// Id prefixes: the file stem, or, when two inputs share a stem (a/week.txt,
/// b/week.txt, week.html), the path with separators and dots made dashes.
fn id_prefixes(files: &[PathBuf]) -> Vec<Option<String>> {
    let stem = |f: &PathBuf| f.file_stem().map(|s| s.to_string_lossy().into_owned());
    files
        .iter()
        .map(|f| {
            let clash = files.iter().filter(|g| stem(g) == stem(f)).count() > 1;
            clash.then(|| {
                f.to_string_lossy()
                    .trim_start_matches("./")
                    .chars()
                    .map(|c| {
                        if c == '/' || c == '\\' || c == '.' {
                            '-'
                        } else {
                            c
                        }
                    })
                    .collect()
            })
        })
        .collect()
}

/// Number of report files PATHs expand to (for progress bars).
pub fn count_reports(paths: &[PathBuf]) -> usize {
    input::expand_paths(paths).0.len()
}

/// True when the incident's own text names its country ("in Burkina Faso's Yagha province").
fn names_its_country(inc: &Incident) -> bool {
    let Some(cc) = inc.country.as_deref() else {
        return false;
    };
    crate::extract::vocab::COUNTRIES
        .iter()
        .filter(|(c, _, _)| *c == cc)
        .flat_map(|(_, names, _)| names.iter())
        .any(|n| inc.text.contains(n))
}

/// The coder's point as the location (`--use-coded`): the dataset's precision
/// code gives the radius (ACLED 1 town, 2 near a town, 3 region; UCDP 3
/// district, 4 province).
pub fn coded_resolution(c: &crate::model::Coded) -> Resolution {
    let mut r = Resolution::unresolved("");
    r.unresolved_reason = None;
    r.point = Some(c.point);
    r.method = Some(crate::model::Method::new(crate::model::MethodRule::Coded));
    r.uncertainty_km = match c.precision {
        Some(1) => Some(5.0),
        Some(2) => Some(25.0),
        Some(3) => Some(50.0),
        Some(4) => Some(150.0),
        _ => None,
    };
    r.acled_geo_precision = c.precision.filter(|p| (1..=3).contains(p));
    r.evidence = Some("the dataset's own coordinates".into());
    r
}

/// What reports gave once extracted, resolved and merged.
#[derive(Debug, Default)]
pub struct Processed {
    pub located: Vec<Located>,
    /// Incidents extracted, before merging.
    pub found: usize,
    /// Incidents merged into another report's record.
    pub merged: usize,
    pub reports_read: usize,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// How reports are processed.
#[derive(Debug, Clone, Copy)]
pub struct ProcessOptions {
    /// Place incidents that carry a coder's point there.
    pub use_coded: bool,
    /// Merge the same incident told by several reports (`dedup`).
    pub dedup: bool,
}

impl Default for ProcessOptions {
    fn default() -> Self {
        ProcessOptions {
            use_coded: false,
            dedup: true,
        }
    }
}

/// The one pipeline every command runs on reports: extract every report
/// (in parallel, gathered in input order), resolve in document order, merge
/// duplicates across reports.
pub fn process(
    paths: &[PathBuf],
    opts: &ExtractOptions,
    reference: &Reference,
    how: ProcessOptions,
    tick: &(dyn Fn() + Sync),
) -> Processed {
    finish(
        extract_paths_with(paths, opts, Some(reference), tick),
        reference,
        how,
    )
}

/// The resolve and merge half of [`process`], for a batch already extracted.
pub fn finish(batch: Batch, reference: &Reference, how: ProcessOptions) -> Processed {
    let found = batch.incidents.len();
    let located = resolve_all_with(batch.incidents, &reference.resolver(), how.use_coded);
    let (located, merged) = if how.dedup {
        crate::dedup::merge(located)
    } else {
        (located, 0)
    };
    Processed {
        located,
        found,
        merged,
        reports_read: batch.reports_read,
        errors: batch.errors,
        warnings: batch.warnings,
    }
}

/// Resolves incidents in document order; places already resolved in the same
/// section serve as proximity evidence for the next ones.
pub fn resolve_all(incidents: Vec<Incident>, resolver: &Resolver) -> Vec<Located> {
    resolve_all_with(incidents, resolver, false)
}

/// How many earlier anchors of a section inform the next incident.
const NEAR_ANCHORS: usize = 5;

/// As `resolve_all`; with `use_coded`, incidents that carry a coder's point
/// are placed there instead of geoparsing their text. Linear in the number of
/// incidents: each section keeps its last few anchors. Sections (a source
/// file and a context) do not inform each other, so they are resolved on
/// every core, each in its own order.
pub fn resolve_all_with(
    incidents: Vec<Incident>,
    resolver: &Resolver,
    use_coded: bool,
) -> Vec<Located> {
    use rayon::prelude::*;
    // The sections in order of first appearance, each its incidents in order.
    let mut section: rustc_hash::FxHashMap<(&str, &str), usize> = rustc_hash::FxHashMap::default();
    let mut sections: Vec<Vec<usize>> = Vec::new();
    for (i, inc) in incidents.iter().enumerate() {
        let n = sections.len();
        let s = *section
            .entry((inc.source_file.as_str(), inc.context.as_str()))
            .or_insert(n);
        if s == n {
            sections.push(Vec::new());
        }
        sections[s].push(i);
    }
    let resolved: Vec<Vec<(usize, Resolution)>> = sections
        .par_iter()
        .map(|members| {
            // The section's latest anchors, newest first.
            let mut recent: Vec<LonLat> = Vec::new();
            members
                .iter()
                .map(|&i| {
                    let r = resolve_in_section(&incidents[i], resolver, use_coded, &recent);
                    if let Some(a) = &r.anchor {
                        recent.insert(
                            0,
                            LonLat {
                                lon: a.lon,
                                lat: a.lat,
                            },
                        );
                        recent.truncate(NEAR_ANCHORS);
                    }
                    (i, r)
                })
                .collect()
        })
        .collect();
    let mut by_index: Vec<Option<Resolution>> = (0..incidents.len()).map(|_| None).collect();
    for (i, r) in resolved.into_iter().flatten() {
        by_index[i] = Some(r);
    }
    incidents
        .into_iter()
        .zip(by_index)
        .map(|(incident, resolution)| Located {
            incident,
            resolution: resolution.expect("every incident is in one section"),
            also_reported_as: Vec::new(),
        })
        .collect()
}

/// One incident, with its section's latest anchors (newest first) as
/// proximity evidence.
fn resolve_in_section(
    inc: &Incident,
    resolver: &Resolver,
    use_coded: bool,
    near: &[LonLat],
) -> Resolution {
    let ctx = ResolveContext {
        strict_country: names_its_country(inc),
        within: None,
        within_district: false,
        country: inc.country.clone(),
        admin1: None,
        near: near.to_vec(),
        also_countries: crate::extract::vocab::countries_named(&inc.text)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        admin1_hints: Vec::new(),
        area_bound: None,
        named: Vec::new(),
        part: None,
        mates: Vec::new(),
        small_settlement: false,
    };
    match (&inc.location, inc.coded.filter(|_| use_coded)) {
        (_, Some(c)) => coded_resolution(&c),
        (Some(p), None) => resolver.resolve(p, &ctx),
        (None, None) => Resolution::unresolved(
            "no location phrase in the text and no place in the section heading",
        ),
    }
}
