//! Incidents as the index, cluster, render and query stages see them: a
//! compact row per incident (point, date, kind, country, counts, and the few
//! strings the maps name, interned), ids in one arena. Built from resolved
//! reports or streamed from an incidents GeoJSON/CSV that incimap wrote
//! earlier (map once, query many times). The full properties are never held
//! for every row: a reader hands them out record by record ([`Record`]), so
//! memory grows with the rows kept, not with the file.

mod csv_in;
mod feature_out;
pub mod fields;
mod geojson_in;
mod par;

pub use par::{Pick, Scanned, Work};

use std::io::{BufRead, Read};
use std::path::Path;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::{IncidentKind, Located, LonLat};
use crate::records::IncidentRecord;
use fields::Need;

/// An ISO 3166-1 alpha-2 code as the record spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    pub fn new(code: &str) -> Option<Country> {
        let b = code.as_bytes();
        (b.len() == 2 && b.is_ascii()).then(|| Country([b[0], b[1]]))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An interned string ([`Strings`]); `Sym::EMPTY` is "".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Sym(u32);

impl Sym {
    pub const EMPTY: Sym = Sym(0);
}

/// Each distinct string once: anchors, provinces and sections repeat across
/// thousands of rows.
#[derive(Debug, Clone)]
pub struct Strings {
    index: FxHashMap<Box<str>, Sym>,
    values: Vec<Box<str>>,
}

impl Default for Strings {
    fn default() -> Self {
        // Sym::EMPTY is "", never looked up.
        Strings {
            index: FxHashMap::default(),
            values: vec!["".into()],
        }
    }
}

impl Strings {
    pub fn intern(&mut self, s: &str) -> Sym {
        if s.is_empty() {
            return Sym::EMPTY;
        }
        if let Some(&k) = self.index.get(s) {
            return k;
        }
        let k = Sym(self.values.len() as u32);
        self.values.push(s.into());
        self.index.insert(s.into(), k);
        k
    }

    pub fn get(&self, k: Sym) -> &str {
        self.values.get(k.0 as usize).map_or("", |s| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_strings_come_back_and_empty_is_the_empty_symbol() {
        let mut s = Strings::default();
        assert_eq!(s.intern(""), Sym::EMPTY);
        let a = s.intern("Aleppo");
        let b = s.intern("Homs");
        assert_ne!(a, Sym::EMPTY);
        assert_eq!(s.intern("Aleppo"), a);
        assert_eq!(
            (s.get(a), s.get(b), s.get(Sym::EMPTY)),
            ("Aleppo", "Homs", "")
        );
    }

    /// Scans a file, then reads every other record back by seeking: the
    /// same rows and properties either way.
    fn scan_then_reread(name: &str, body: &[u8]) -> Vec<(String, Map<String, Value>)> {
        let d = tempfile::tempdir().expect("tmp");
        let p = d.path().join(name);
        std::fs::write(&p, body).expect("write");
        let mut strings = Strings::default();
        let mut seen = Vec::new();
        let warnings = scan(&p, &mut strings, &mut |r| {
            seen.push((r.id.to_owned(), r.at, r.row.point, r.properties()));
            Ok(())
        })
        .expect("scan");
        assert!(warnings.is_empty(), "{warnings:?}");
        let pick: Vec<usize> = (0..seen.len()).step_by(2).collect();
        let at: Vec<At> = pick.iter().map(|&i| seen[i].1).collect();
        let mut again = Vec::new();
        reread(&p, &at, &mut strings, &mut |r| {
            again.push((r.id.to_owned(), r.at, r.row.point, r.properties()));
            Ok(())
        })
        .expect("reread");
        assert_eq!(again.len(), pick.len());
        for (k, &i) in pick.iter().enumerate() {
            assert_eq!(again[k], seen[i], "record {i}");
        }
        seen.into_iter().map(|(id, _, _, p)| (id, p)).collect()
    }

    #[test]
    fn geojson_streams_in_any_member_order_and_reads_back_by_offset() {
        let body = "\u{feff}{\"name\": \"layer\", \"crs\": {\"type\": \"name\", \"properties\": \
            {\"name\": \"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\n \"features\": [\n\
            {\"type\":\"Feature\",\"properties\":{\"id\":\"a\",\"text\":\"say \\\"hi\\\" }]{[\",\"kind\":\"ied\"},\
            \"geometry\":{\"type\":\"Point\",\"coordinates\":[44.1,35.2]}},\n\
            {\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"id\":7,\"date\":\"2020-05-21\"}},\
            {\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2,3]},\"properties\":null}\n\
            ], \"type\": \"FeatureCollection\"}\n";
        let got = scan_then_reread("l.geojson", body.as_bytes());
        let ids: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(ids, ["a", "7", "feature-3"]);
        assert_eq!(got[0].1["text"], "say \"hi\" }]{[");
        assert_eq!(got[1].1["id"], "7");
    }

    #[test]
    fn csv_streams_and_reads_back_by_offset() {
        let body = "\u{feff}id,kind,text,lon,lat\na,ied,\"two\nlines, \"\"quoted\"\"\",44.1,35.2\n\
            ,raid,plain,,\nc,other,x,1.5,2.5\n";
        let got = scan_then_reread("l.csv", body.as_bytes());
        let ids: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(ids, ["a", "row-4", "c"]);
        assert_eq!(got[0].1["text"], "two\nlines, \"quoted\"");
    }

    /// A file of several read chunks: quoted fields with line breaks and
    /// doubled quotes, a point with lon/lat swapped, rows sharing strings.
    fn big_csv(bad_row: Option<usize>) -> String {
        let mut csv = String::from(
            "id,date,kind,country,killed,text,anchor,anchor_lon,anchor_lat,context,lon,lat\n",
        );
        for i in 0..24_000 {
            let text = if i % 7 == 0 {
                format!("\"first line\nsecond \"\"quoted\"\", {i}\"")
            } else {
                format!("row {i} padded so that rows are about as long as real ones are")
            };
            let date = if Some(i) == bad_row {
                "21/05/2020".to_owned()
            } else {
                format!("2020-05-{:02}", i % 28 + 1)
            };
            let (lon, lat) = (
                44.0 + (i % 1000) as f64 / 1000.0,
                33.0 + (i % 777) as f64 / 1000.0,
            );
            // The anchor is the point itself; one row has lon/lat swapped.
            let (x, y) = if i == 20_001 { (lat, lon) } else { (lon, lat) };
            csv += &format!(
                "r{i},{date},ied,IQ,{},{text},Town {},{lon},{lat},Section {} > Week,{x},{y}\n",
                i % 5,
                i % 50,
                i % 9
            );
        }
        csv
    }

    /// Everything a scan gives, as text: rows, ids, places, warnings or the error.
    fn read_all(p: &Path, parallel: bool) -> (Vec<String>, String) {
        let mut strings = Strings::default();
        let mut got = Vec::new();
        let line = |id: &str, row: &Row, at: At, strings: &Strings| {
            format!(
                "{id} {at:?} {:?} {:?} {:?} {} {} {}",
                row.point,
                row.date,
                row.killed,
                strings.get(row.anchor),
                strings.get(row.section),
                row.anchor_point.is_some()
            )
        };
        let out = if parallel {
            let mut seen = Vec::new();
            let out = scan_par(
                p,
                &mut strings,
                &|_| Some(Need::ALL),
                &|_| Ok(()),
                &mut |r| {
                    seen.push((r.id.to_owned(), r.row.clone(), r.at));
                    Ok(())
                },
            );
            for (id, row, at) in seen {
                got.push(line(&id, &row, at, &strings));
            }
            out
        } else {
            let mut seen = Vec::new();
            let out = scan(p, &mut strings, &mut |r| {
                let mut at = r.at;
                at.record = seen.len() as u64;
                seen.push((r.id.to_owned(), r.row.clone(), at));
                Ok(())
            });
            for (id, row, at) in seen {
                got.push(line(&id, &row, at, &strings));
            }
            out
        };
        let tail = match out {
            Ok(w) => w.join("\n"),
            Err(e) => format!("error: {e}"),
        };
        (got, tail)
    }

    #[test]
    fn reading_on_every_core_gives_the_sequential_records() {
        let d = tempfile::tempdir().expect("tmp");
        let csv = big_csv(None);
        assert!(csv.len() > 3 * par::CHUNK, "several chunks");
        let p = d.path().join("big.csv");
        // CRLF line ends and blank lines: the csv crate starts a record (and
        // counts its line) at the \n of a CRLF and before blank lines.
        let blank = csv.replacen('\n', "\n\n", 20_000);
        for (k, text) in [csv.clone(), csv.replace('\n', "\r\n"), blank]
            .iter()
            .enumerate()
        {
            std::fs::write(&p, format!("\u{feff}{text}")).expect("write");
            let (seq, seq_tail) = read_all(&p, false);
            let (par, par_tail) = read_all(&p, true);
            assert_eq!(seq.len(), 24_000, "{k}");
            assert_eq!(par, seq, "{k}");
            assert!(seq_tail.contains("look swapped"), "{k}: {seq_tail}");
            assert_eq!(par_tail, seq_tail, "{k}");
        }
        std::fs::write(&p, &csv).expect("write");
        // The same rows as GeoJSON.
        let mut gj = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
        let mut first = true;
        scan(&p, &mut Strings::default(), &mut |r| {
            let f = serde_json::json!({"type": "Feature", "properties": r.properties(),
                "geometry": r.row.point.map(|p| serde_json::json!({"type": "Point", "coordinates": [p.lon, p.lat]}))});
            gj += if first { "" } else { ",\n" };
            gj += &f.to_string();
            first = false;
            Ok(())
        })
        .expect("scan");
        gj += "]}";
        let g = d.path().join("big.geojson");
        std::fs::write(&g, gj).expect("write");
        let (seq, seq_tail) = read_all(&g, false);
        let (par, par_tail) = read_all(&g, true);
        assert_eq!(seq.len(), 24_000);
        assert_eq!((par, par_tail), (seq, seq_tail));
    }

    #[test]
    fn reading_on_every_core_stops_at_the_first_bad_record_and_names_its_line() {
        let d = tempfile::tempdir().expect("tmp");
        let p = d.path().join("bad.csv");
        std::fs::write(&p, big_csv(Some(21_000))).expect("write");
        let (seq, seq_tail) = read_all(&p, false);
        let (par, par_tail) = read_all(&p, true);
        assert_eq!(seq.len(), 21_000);
        assert_eq!(par, seq);
        // Row 21,000 is on line 2 + 21,000 + one more line per quoted break before it.
        let line = 2 + 21_000 + 21_000 / 7;
        assert!(
            seq_tail.contains(&format!("bad.csv:{line}: date '21/05/2020'")),
            "{seq_tail}"
        );
        assert_eq!(par_tail, seq_tail);
        // A record with a field too many is worded alike by both readers.
        let extra = big_csv(None).replacen("Town 0,", "Town 0,x,", 300);
        std::fs::write(&p, extra).expect("write");
        let (seq, seq_tail) = read_all(&p, false);
        assert!(
            seq_tail.contains("fields, but the header has 12"),
            "{seq_tail}"
        );
        assert_eq!(read_all(&p, true), (seq, seq_tail));
        // Features framed before a syntax error are checked first.
        let g = d.path().join("bad.geojson");
        std::fs::write(
            &g,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"date":"x"}}]}junk"#,
        )
        .expect("write");
        let (seq, seq_tail) = read_all(&g, false);
        assert!(seq_tail.contains("date 'x'"), "{seq_tail}");
        assert_eq!(read_all(&g, true), (seq, seq_tail));
    }

    #[test]
    fn ids_live_in_one_arena_in_row_order() {
        let mut d = Dataset::default();
        for id in ["a-1", "", "c-33"] {
            d.push(id, Row::new(None));
        }
        assert_eq!((d.id(0), d.id(1), d.id(2)), ("a-1", "", "c-33"));
    }
}

/// One incident, compact.
#[derive(Debug, Clone)]
pub struct Row {
    pub point: Option<LonLat>,
    pub date: Option<NaiveDate>,
    pub kind: IncidentKind,
    pub country: Option<Country>,
    /// acled_geo_precision.
    pub precision: Option<u8>,
    pub killed: Option<u32>,
    pub wounded: Option<u32>,
    pub uncertainty_km: Option<f64>,
    pub anchor: Sym,
    pub anchor_point: Option<LonLat>,
    /// The anchor came from the OpenStreetMap village layer (attribution).
    pub anchor_osm: bool,
    pub admin1: Sym,
    /// The first part of the record's context: its report section.
    pub section: Sym,
}

impl Row {
    /// A row with nothing known but its point.
    pub fn new(point: Option<LonLat>) -> Row {
        Row {
            point,
            date: None,
            kind: IncidentKind::Other,
            country: None,
            precision: None,
            killed: None,
            wounded: None,
            uncertainty_km: None,
            anchor: Sym::EMPTY,
            anchor_point: None,
            anchor_osm: false,
            admin1: Sym::EMPTY,
            section: Sym::EMPTY,
        }
    }

    /// The row of one resolved incident.
    pub fn from_record(r: &IncidentRecord, strings: &mut Strings) -> Row {
        Row {
            point: r
                .lon
                .zip(r.lat)
                .and_then(|(lon, lat)| LonLat::new(lon, lat)),
            date: r.date.as_deref().and_then(fields::parse_date),
            kind: r.kind.parse().unwrap_or(IncidentKind::Other),
            country: r.country.as_deref().and_then(Country::new),
            precision: r.acled_geo_precision,
            killed: r.killed,
            wounded: r.wounded,
            uncertainty_km: r.uncertainty_km,
            anchor: strings.intern(r.anchor.as_deref().unwrap_or("")),
            anchor_point: r
                .anchor_lon
                .zip(r.anchor_lat)
                .and_then(|(lon, lat)| LonLat::new(lon, lat)),
            anchor_osm: r
                .anchor_source
                .as_deref()
                .is_some_and(|s| s.contains("osm2019")),
            admin1: strings.intern(r.admin1.as_deref().unwrap_or("")),
            section: strings.intern(r.context.split(" > ").next().unwrap_or("").trim()),
        }
    }

    /// The row of a resolved incident: its record's fields, and the point at
    /// full precision (records round it to 6 decimals).
    pub fn from_located(l: &Located, r: &IncidentRecord, strings: &mut Strings) -> Row {
        let mut row = Row::from_record(r, strings);
        row.point = l.point();
        row
    }

    pub fn country_str(&self) -> Option<&str> {
        self.country.as_ref().map(Country::as_str)
    }
}

/// Incidents in input order: rows, their ids, and the strings rows point to.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub rows: Vec<Row>,
    ids: String,
    id_ends: Vec<usize>,
    pub strings: Strings,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn push(&mut self, id: &str, row: Row) {
        self.ids.push_str(id);
        self.id_ends.push(self.ids.len());
        self.rows.push(row);
    }

    /// The id of row `i`.
    pub fn id(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.id_ends[i - 1] };
        &self.ids[start..self.id_ends[i]]
    }

    pub fn str(&self, k: Sym) -> &str {
        self.strings.get(k)
    }

    pub fn points(&self) -> Vec<Option<LonLat>> {
        self.rows.iter().map(|r| r.point).collect()
    }

    /// The rows of resolved incidents.
    pub fn from_located(located: &[Located]) -> Dataset {
        let mut d = Dataset::default();
        for l in located {
            let r = IncidentRecord::from(l);
            let row = Row::from_located(l, &r, &mut d.strings);
            d.push(&r.id, row);
        }
        d
    }

    /// Appends a dataset read from another input.
    pub fn extend(&mut self, other: Dataset) {
        for (i, mut row) in other.rows.iter().cloned().enumerate() {
            for k in [&mut row.anchor, &mut row.admin1, &mut row.section] {
                *k = self.strings.intern(other.strings.get(*k));
            }
            self.push(other.id(i), row);
        }
    }

    /// Reads an incidents file whole into rows (warnings go with it).
    pub fn read(path: &Path) -> Result<(Dataset, Vec<String>)> {
        let mut strings = Strings::default();
        let mut d = Dataset::default();
        let warnings = scan_par(
            path,
            &mut strings,
            &|_| Some(Need::ALL),
            &|_| Ok(()),
            &mut |rec| {
                d.push(rec.id, rec.row.clone());
                Ok(())
            },
        )?;
        d.strings = strings;
        Ok((d, warnings))
    }
}

/// A record's checked fields, point and the warning checking gave (both readers).
struct Checked<'a> {
    point: Option<LonLat>,
    fields: fields::Fields<'a>,
    warning: Option<String>,
}

/// Where a record's full properties are, until a reader moves on.
#[derive(Clone, Copy)]
enum Raw<'r> {
    /// A GeoJSON feature, as written.
    Json(&'r [u8]),
    Csv {
        headers: &'r [(String, Option<fields::F>)],
        record: &'r csv::StringRecord,
        line: usize,
    },
    Incident(&'r IncidentRecord),
}

/// Where a record starts in its file: enough to read it again without a scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    /// Byte offset in the file.
    pub byte: u64,
    /// Line of a CSV record.
    pub line: u64,
    /// Record (CSV) or feature (GeoJSON) number, from 0.
    pub record: u64,
}

/// One incident as a reader meets it: its compact row, its id, where it is,
/// and its full properties on request (contract order; no lon/lat).
pub struct Record<'r> {
    pub id: &'r str,
    pub row: &'r Row,
    pub at: At,
    raw: Raw<'r>,
}

impl Record<'_> {
    /// All the record's properties, as they were written (CSV numbers typed).
    pub fn properties(&self) -> Map<String, Value> {
        #[derive(serde::Deserialize)]
        struct Props {
            #[serde(default)]
            properties: Option<Map<String, Value>>,
        }
        let mut m = match self.raw {
            Raw::Json(json) => serde_json::from_slice::<Props>(json)
                .ok()
                .and_then(|p| p.properties)
                .unwrap_or_default(),
            Raw::Csv {
                headers,
                record,
                line,
            } => csv_in::properties(headers, record, line),
            Raw::Incident(r) => match serde_json::to_value(r) {
                Ok(Value::Object(m)) => m,
                _ => Map::new(),
            },
        };
        if !matches!(self.raw, Raw::Incident(_)) {
            // A record without an id gets the one readers gave it.
            m.entry("id")
                .and_modify(|v| {
                    if !v.is_string() {
                        *v = Value::String(self.id.to_owned());
                    }
                })
                .or_insert_with(|| Value::String(self.id.to_owned()));
        }
        m.remove("lon");
        m.remove("lat");
        m
    }
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The file, past a UTF-8 byte order mark; returns the mark's length.
fn open(path: &Path) -> Result<(std::io::BufReader<std::fs::File>, u64)> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let head = reader.fill_buf().map_err(|e| Error::io(path, e))?;
    let bom = if head.starts_with("\u{feff}".as_bytes()) {
        reader.consume(3);
        3
    } else {
        0
    };
    Ok((reader, bom))
}

/// Streams the records of an incidents GeoJSON FeatureCollection or CSV
/// (with id, lon, lat columns) through `f`, in file order. Every contract
/// field is type-checked: a wrong type or an unparseable date is an error
/// naming the feature or line and the field. Returns the warnings (points
/// that look like swapped lat/lon).
pub fn scan(
    path: &Path,
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<Vec<String>> {
    let (mut reader, bom) = open(path)?;
    let out = if is_csv(path) {
        csv_in::scan(path, &mut reader, bom, strings, f)
    } else {
        geojson_in::scan(path, &mut reader, bom, strings, f)
    };
    match out {
        Err(_) if is_blank(path) => Err(Error::Empty { path: path.into() }),
        other => other,
    }
}

/// [`scan`] on every core, of the records and fields `pick` asks for:
/// `work` runs on worker threads on each record as it is checked (see
/// [`Work`] for what it may look at), and `sink` gets the records and what
/// `work` made of them here, in file order. With every field picked, rows,
/// ids, warnings and the first error are [`scan`]'s.
pub fn scan_par<T: Send>(
    path: &Path,
    strings: &mut Strings,
    pick: &Pick,
    work: &Work<T>,
    sink: &mut dyn FnMut(Scanned<T>) -> Result<()>,
) -> Result<Vec<String>> {
    let out = if is_csv(path) {
        csv_in::scan_par(path, strings, pick, work, sink)
    } else {
        geojson_in::scan_par(path, strings, pick, work, sink)
    };
    match out {
        Err(_) if is_blank(path) => Err(Error::Empty { path: path.into() }),
        other => other,
    }
}

/// Reads the records starting at `at` (in file order, as a scan of the same
/// file reported them) through `f` again, seeking to each: a few records of
/// a big file cost a few reads, not a scan.
pub fn reread(
    path: &Path,
    at: &[At],
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<()> {
    if is_csv(path) {
        csv_in::reread(path, at, strings, f)
    } else {
        geojson_in::reread(path, at, strings, f)
    }
}

/// Streams resolved incidents through `f` the way [`scan`] streams a file.
pub fn scan_located(
    located: &[Located],
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<()> {
    for (k, l) in located.iter().enumerate() {
        let r = IncidentRecord::from(l);
        let row = Row::from_located(l, &r, strings);
        f(&Record {
            id: &r.id,
            row: &row,
            at: At {
                record: k as u64,
                ..At::default()
            },
            raw: Raw::Incident(&r),
        })?;
    }
    Ok(())
}

/// True for a file holding nothing but whitespace (read again only when a
/// reader has failed, to name the real problem).
fn is_blank(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut buf = [0u8; 8192];
    let mut r = std::io::BufReader::new(file);
    loop {
        match r.read(&mut buf) {
            Ok(0) => return true,
            Ok(n) if buf[..n].iter().all(u8::is_ascii_whitespace) => {}
            _ => return false,
        }
    }
}

/// True for files this module reads (as opposed to reports).
pub fn is_dataset_path(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("geojson" | "json" | "csv")
    )
}

fn bad(path: &Path, message: impl Into<String>) -> Error {
    Error::BadData {
        path: path.into(),
        message: message.into(),
    }
}
