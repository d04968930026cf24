//! Loading gazetteer files. Accepts the shipped 12-column layout (header
//! `geonameid name asciiname alternatenames latitude longitude feature_class
//! feature_code country_code admin1_code population extent_km`; 11 columns
//! also accepted), raw headerless 19-column GeoNames dumps (SY.txt ...), and
//! the aliases file. A bad row is reported with file and line and skipped;
//! the other rows still load.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Gazetteer, Origin, Place};
use crate::error::{Error, Result};

static ALIASES_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/aliases.tsv.gz"));
static ADMIN1_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/admin1.tsv.gz"));
// The compact index of the shipped places (build.rs: merge::merge + merge::write_index).
static INDEX_PLACES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index/places.bin"));
static INDEX_RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index/records.bin"));
static INDEX_TABLES: &str = include_str!(concat!(env!("OUT_DIR"), "/index/tables.txt"));
static INDEX_NKEYS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index/nkeys.fst"));
static INDEX_VKEYS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index/vkeys.fst"));
static INDEX_POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index/postings.bin"));
static INDEX_IDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index/ids.fst"));
static INDEX_TOWNS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index/towns.bin"));

/// Feature classes kept from raw GeoNames dumps: populated places, admin
/// areas, areas/regions (L), spots/facilities (S), terrain (T), water (H), roads (R).
const DUMP_CLASSES: &[&str] = &["P", "A", "L", "S", "T", "H", "R"];

/// Non-fatal problems met while loading (bad rows).
pub type Warnings = Vec<String>;

impl Gazetteer {
    /// The embedded default: the compact place index, admin-1 names and
    /// hand-made aliases. Nothing large is decoded here.
    pub fn load_default() -> (Gazetteer, Warnings) {
        let base = super::compact::Index::new(super::compact::Parts {
            places: INDEX_PLACES.into(),
            records: INDEX_RECORDS.into(),
            tables: INDEX_TABLES.into(),
            nkeys: INDEX_NKEYS.into(),
            vkeys: INDEX_VKEYS.into(),
            postings: INDEX_POSTINGS.into(),
            ids: INDEX_IDS.into(),
            towns: INDEX_TOWNS.into(),
        })
        .expect("the embedded index is valid (written by build.rs)");
        let mut g = Gazetteer::with_base(base);
        let mut w = Vec::new();
        g.load_admin1_text(&crate::embedded::gunzip(ADMIN1_GZ));
        g.load_aliases_text(
            Path::new("<embedded>/aliases.tsv"),
            &crate::embedded::gunzip(ALIASES_GZ),
            &mut w,
            true,
        );
        (g, w)
    }

    /// Adds a user file: 12/11-column places, a 19-column GeoNames dump, or
    /// an aliases file (recognised by its header); gzip-compressed or plain.
    pub fn load_file(&mut self, path: &Path, warnings: &mut Warnings) -> Result<usize> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.load_bytes(path, bytes, warnings)
    }

    /// As `load_file`, for a file's bytes already read (`path` names it in messages).
    pub fn load_bytes(
        &mut self,
        path: &Path,
        mut bytes: Vec<u8>,
        warnings: &mut Warnings,
    ) -> Result<usize> {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut plain = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes.as_slice())
                .read_to_end(&mut plain)
                .map_err(|e| Error::BadData {
                    path: path.into(),
                    message: format!("not a readable gzip file: {e}"),
                })?;
            bytes = plain;
        }
        let text = String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
            path: path.into(),
            line: crate::extract::input::line_of(e.as_bytes(), e.utf8_error().valid_up_to()),
        })?;
        if text.trim().is_empty() {
            return Err(Error::Empty { path: path.into() });
        }
        let before = self.len();
        if text.starts_with("alias\t") {
            self.load_aliases_text(path, &text, warnings, false);
        } else {
            self.load_places_text(path, &text, Origin::User, warnings);
        }
        Ok(self.len() - before)
    }

    /// Loads every .txt/.tsv file (or .txt.gz/.tsv.gz) in a directory (gazetteer/extra/), sorted.
    pub fn load_dir(&mut self, dir: &Path, warnings: &mut Warnings) -> Result<usize> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                [".txt", ".tsv", ".txt.gz", ".tsv.gz"]
                    .iter()
                    .any(|ext| name.ends_with(ext))
            })
            .collect();
        files.sort();
        let mut n = 0;
        for f in files {
            n += self.load_file(&f, warnings)?;
        }
        Ok(n)
    }

    fn load_admin1_text(&mut self, text: &str) {
        for line in text.lines().skip(1) {
            if let Some((code, name)) = line.split_once('\t') {
                self.admin1_names.insert(code.to_owned(), name.to_owned());
            }
        }
    }

    fn load_places_text(
        &mut self,
        path: &Path,
        text: &str,
        origin: Origin,
        warnings: &mut Warnings,
    ) {
        let mut lines = text.lines().enumerate().peekable();
        let has_header = lines
            .peek()
            .is_some_and(|(_, l)| l.starts_with("geonameid\t"));
        if has_header {
            lines.next();
        }
        let mut cols: Vec<&str> = Vec::with_capacity(19);
        for (i, line) in lines {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            cols.clear();
            cols.extend(line.split('\t'));
            match parse_row(&cols, origin.clone()) {
                Ok(Some((place, names))) => {
                    let alts: Vec<&str> = names.split(',').collect();
                    let mut all = vec![cols[1], cols[2]];
                    all.extend(alts.iter().copied());
                    self.add(place, &all);
                }
                Ok(None) => {}
                Err(msg) => {
                    warnings.push(format!("{}:{}: {msg}; row skipped", path.display(), i + 1))
                }
            }
        }
    }

    fn load_aliases_text(
        &mut self,
        path: &Path,
        text: &str,
        warnings: &mut Warnings,
        embedded: bool,
    ) {
        // Rows sharing a coordinate, country and feature are one place with many names.
        let mut groups: Vec<(Place, Vec<String>)> = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            let parsed = (c.len() >= 8)
                .then(|| {
                    Some((
                        c[1].trim().parse::<f64>().ok()?,
                        c[2].trim().parse::<f64>().ok()?,
                    ))
                })
                .flatten()
                .filter(|(lat, lon)| crate::model::LonLat::new(*lon, *lat).is_some());
            let Some((lat, lon)) = parsed else {
                warnings.push(format!(
                    "{}:{}: expected 8 tab-separated columns with a valid lat and lon; row skipped",
                    path.display(),
                    i + 1
                ));
                continue;
            };
            let extent = c[6].trim().parse::<f64>().ok();
            if let Some(g) = groups.iter_mut().find(|(p, _)| {
                p.lat == lat && p.lon == lon && p.country == c[3] && p.feature_code == c[5]
            }) {
                g.1.push(c[0].to_owned());
                continue;
            }
            let id = format!("alias:{}", super::normalize::n_key(c[0]));
            let fc = c[5].trim();
            let class = match fc {
                "ADM1" | "ADM2" | "PCLI" => "A",
                "RGN" | "ISL" | "AREA" => "L",
                "LK" | "VAL" => "H",
                "MTS" | "MT" => "T",
                "PPL" | "PPLA" | "PPLX" => "P",
                _ => "S",
            };
            groups.push((
                Place {
                    id,
                    name: c[0].to_owned(),
                    lat,
                    lon,
                    feature_class: class.to_owned(),
                    feature_code: fc.to_owned(),
                    country: c[3].to_owned(),
                    admin1: c[4].to_owned(),
                    population: 0,
                    extent_km: extent,
                    origin: Origin::Alias,
                    source: "alias".into(),
                    note: Some(c[7].to_owned()),
                },
                vec![c[0].to_owned()],
            ));
        }
        for (p, names) in groups {
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            if embedded {
                self.add_new(p, &refs);
            } else {
                self.add(p, &refs);
            }
        }
    }
}

/// One row of the 12/11-column layout or a 19-column dump. `Ok(None)`: a
/// valid dump row of a feature class that is not kept.
fn parse_row<'a>(c: &[&'a str], origin: Origin) -> Result<Option<(Place, &'a str)>, String> {
    let (cc, admin1, pop, extent) = match c.len() {
        19 => {
            if !DUMP_CLASSES.contains(&c[6]) {
                return Ok(None);
            }
            (c[8], c[10], c[14], "")
        }
        11 => (c[8], c[9], c[10], ""),
        12 => (c[8], c[9], c[10], c[11]),
        n => {
            return Err(format!(
                "{n} columns (expected 12 or 11 with a header, or a 19-column GeoNames dump)"
            ));
        }
    };
    let (lat, lon) = super::merge::coordinates(c)?;
    let population = if pop.is_empty() {
        0
    } else {
        pop.trim()
            .parse()
            .map_err(|_| format!("population '{pop}' is not a whole number"))?
    };
    let extent_km = if extent.is_empty() {
        None
    } else {
        Some(
            extent
                .trim()
                .parse::<f64>()
                .map_err(|_| format!("extent_km '{extent}' is not a number"))?,
        )
    };
    Ok(Some((
        Place {
            id: c[0].to_owned(),
            name: c[1].to_owned(),
            lat,
            lon,
            feature_class: c[6].to_owned(),
            feature_code: c[7].to_owned(),
            country: cc.to_owned(),
            admin1: admin1.to_owned(),
            population,
            extent_km,
            source: match origin {
                Origin::Alias => "alias",
                Origin::Base => "geonames",
                Origin::User => "user",
            }
            .into(),
            origin,
            note: None,
        },
        c[3],
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::LookupContext;

    /// A user file on its own (no embedded index): loaded and looked up.
    #[test]
    fn a_user_file_loads_into_an_empty_gazetteer() {
        let mut g = Gazetteer::default();
        let mut w = Warnings::default();
        let file = "geonameid\tname\tasciiname\talternatenames\tlatitude\tlongitude\tfeature_class\tfeature_code\tcountry_code\tcc2\tadmin1_code\tadmin2_code\tadmin3_code\tadmin4_code\tpopulation\televation\tdem\ttimezone\tmodification_date\n\
900000001\tQaryat Zarqa\tQaryat Zarqa\tZarqa Village\t35.5\t40.1\tP\tPPL\tSY\t\t09\t\t\t\t120\t\t300\tAsia/Damascus\t2020-01-01\n";
        let n = g
            .load_bytes(Path::new("mine.txt"), file.as_bytes().to_vec(), &mut w)
            .expect("test");
        assert_eq!(n, 1);
        let c = g.lookup("Qaryat Zarqa", &LookupContext::default());
        assert_eq!(c.len(), 1);
        assert_eq!(g.place(c[0].index).id, "900000001");
        assert!(g.lookup("Nowhere", &LookupContext::default()).is_empty());
        // Garbage is refused or warned about, never a panic.
        let _ = g.load_bytes(Path::new("junk.txt"), vec![0x1f, 0x8b, 0, 1, 2], &mut w);
        let _ = g.load_bytes(Path::new("junk.txt"), b"alias\tlat\n\tx\n".to_vec(), &mut w);
    }
}
