//! The compact base index (written by `merge::write_index` at build time):
//! fixed-size place records read in place, names and ids decoded only when a
//! place is asked for, and finite-state maps from name keys to places for
//! exact, prefix and Levenshtein lookups. Opening it costs a few small tables;
//! the pages of the big arrays are touched only by the places a run uses.

use std::borrow::Cow;

use fst::automaton::Automaton;
use fst::{IntoStreamer, Streamer};

use super::merge::{self, IndexBytes, RECORD};
use super::{Origin, Place};
use crate::model::LonLat;

type Bytes = Cow<'static, [u8]>;

pub struct Index {
    places: Bytes,
    records: Bytes,
    postings: Bytes,
    nkeys: fst::Map<Bytes>,
    vkeys: fst::Map<Bytes>,
    ids: fst::Map<Bytes>,
    towns: Bytes,
    /// (class, code) by feature number.
    features: Vec<(String, String)>,
    countries: Vec<String>,
    admin1s: Vec<String>,
    /// (country, place index) of each country's capital.
    pub capitals: Vec<(String, u32)>,
}

/// The parts of an index, borrowed for the lifetime of the program or owned.
pub struct Parts {
    pub places: Bytes,
    pub records: Bytes,
    pub tables: Cow<'static, str>,
    pub nkeys: Bytes,
    pub vkeys: Bytes,
    pub postings: Bytes,
    pub ids: Bytes,
    pub towns: Bytes,
}

impl From<IndexBytes> for Parts {
    fn from(b: IndexBytes) -> Parts {
        Parts {
            places: Cow::Owned(b.places),
            records: Cow::Owned(b.records),
            tables: Cow::Owned(b.tables),
            nkeys: Cow::Owned(b.nkeys),
            vkeys: Cow::Owned(b.vkeys),
            postings: Cow::Owned(b.postings),
            ids: Cow::Owned(b.ids),
            towns: Cow::Owned(b.towns),
        }
    }
}

impl Default for Index {
    fn default() -> Index {
        Index::new(IndexBytes {
            nkeys: empty_fst(),
            vkeys: empty_fst(),
            ids: empty_fst(),
            ..IndexBytes::default()
        })
        .expect("an empty index is valid")
    }
}

fn empty_fst() -> Vec<u8> {
    fst::MapBuilder::memory()
        .into_inner()
        .expect("empty fst in memory")
}

impl Index {
    pub fn new(parts: impl Into<Parts>) -> Result<Index, String> {
        let p = parts.into();
        if p.places.len() % RECORD != 0 {
            return Err(format!(
                "place table of {} bytes is not a multiple of {RECORD}",
                p.places.len()
            ));
        }
        let mut ix = Index {
            nkeys: fst::Map::new(p.nkeys).map_err(|e| format!("name keys: {e}"))?,
            vkeys: fst::Map::new(p.vkeys).map_err(|e| format!("variant keys: {e}"))?,
            ids: fst::Map::new(p.ids).map_err(|e| format!("ids: {e}"))?,
            places: p.places,
            records: p.records,
            postings: p.postings,
            towns: p.towns,
            features: Vec::new(),
            countries: Vec::new(),
            admin1s: Vec::new(),
            capitals: Vec::new(),
        };
        for line in p.tables.lines() {
            let mut f = line.split('\t');
            match (f.next(), f.next(), f.next()) {
                (Some("feature"), Some(v), None) => {
                    let (class, code) = v.split_once('.').unwrap_or((v, ""));
                    ix.features.push((class.to_owned(), code.to_owned()));
                }
                (Some("country"), Some(v), None) => ix.countries.push(v.to_owned()),
                (Some("admin1"), Some(v), None) => ix.admin1s.push(v.to_owned()),
                (Some("capital"), Some(cc), Some(i)) => {
                    let i = i.parse().map_err(|_| format!("capital row '{line}'"))?;
                    ix.capitals.push((cc.to_owned(), i));
                }
                _ => return Err(format!("unreadable table row '{line}'")),
            }
        }
        Ok(ix)
    }

    pub fn len(&self) -> usize {
        self.places.len() / RECORD
    }

    /// The town table, most populous first: (place index, point, population).
    /// Read from its own small table: no place record is touched.
    pub fn towns(&self) -> impl Iterator<Item = (usize, LonLat, u64)> + '_ {
        self.towns.chunks_exact(merge::TOWN_RECORD).map(|c| {
            let int = |k: usize| i32::from_le_bytes([c[k], c[k + 1], c[k + 2], c[k + 3]]);
            let lat = f64::from(int(0)) / 1e6;
            let lon = f64::from(int(4)) / 1e6;
            (
                int(12) as u32 as usize,
                LonLat { lon, lat },
                u64::from(int(8) as u32),
            )
        })
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    fn rec(&self, i: usize) -> &[u8] {
        &self.places[i * RECORD..(i + 1) * RECORD]
    }

    fn u32_at(&self, i: usize, at: usize) -> u32 {
        let r = self.rec(i);
        u32::from_le_bytes([r[at], r[at + 1], r[at + 2], r[at + 3]])
    }

    fn u16_at(&self, i: usize, at: usize) -> u16 {
        let r = self.rec(i);
        u16::from_le_bytes([r[at], r[at + 1]])
    }

    pub fn lat(&self, i: usize) -> f64 {
        f64::from(self.u32_at(i, 0) as i32) / 1e6
    }

    pub fn lon(&self, i: usize) -> f64 {
        f64::from(self.u32_at(i, 4) as i32) / 1e6
    }

    pub fn population(&self, i: usize) -> u64 {
        u64::from(self.u32_at(i, 8))
    }

    pub fn country(&self, i: usize) -> &str {
        self.countries
            .get(usize::from(self.u16_at(i, 20)))
            .map_or("", String::as_str)
    }

    pub fn admin1(&self, i: usize) -> &str {
        self.admin1s
            .get(usize::from(self.u16_at(i, 22)))
            .map_or("", String::as_str)
    }

    pub fn extent_km(&self, i: usize) -> Option<f64> {
        match self.u16_at(i, 24) {
            0 => None,
            e => Some(f64::from(e) / 10.0),
        }
    }

    /// (feature class, feature code).
    pub fn feature(&self, i: usize) -> (&str, &str) {
        self.features
            .get(usize::from(self.u16_at(i, 26)))
            .map_or(("", ""), |(a, b)| (a.as_str(), b.as_str()))
    }

    pub fn sources(&self, i: usize) -> u8 {
        self.rec(i)[28]
    }

    /// The name and, for ids kept as text, the id.
    fn record(&self, i: usize) -> (&str, Option<&str>) {
        let start = self.u32_at(i, 12) as usize;
        let rest = &self.records[start.min(self.records.len())..];
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let line = std::str::from_utf8(&rest[..end]).unwrap_or("");
        match line.split_once('\t') {
            Some((name, id)) => (name, Some(id)),
            None => (line, None),
        }
    }

    pub fn name(&self, i: usize) -> &str {
        self.record(i).0
    }

    pub fn id(&self, i: usize) -> String {
        let num = self.u32_at(i, 16);
        match self.rec(i)[29] {
            merge::ID_GEONAMES => num.to_string(),
            merge::ID_WOF => format!("wof:{num}"),
            merge::ID_OSM => format!("osm2019:{}:{num}", self.country(i)),
            _ => self.record(i).1.unwrap_or_default().to_owned(),
        }
    }

    pub fn place(&self, i: usize) -> Place {
        let (class, code) = self.feature(i);
        Place {
            id: self.id(i),
            name: self.name(i).to_owned(),
            lat: self.lat(i),
            lon: self.lon(i),
            feature_class: class.to_owned(),
            feature_code: code.to_owned(),
            country: self.country(i).to_owned(),
            admin1: self.admin1(i).to_owned(),
            population: self.population(i),
            extent_km: self.extent_km(i),
            origin: Origin::Base,
            source: merge::source_names(self.sources(i)),
            note: None,
        }
    }

    fn decode(&self, v: u64, out: &mut Vec<u32>) {
        let count = (v >> 32) as usize;
        if count == 0 {
            out.push(v as u32);
            return;
        }
        let off = (v & 0xffff_ffff) as usize * 4;
        for k in 0..count {
            let a = off + 4 * k;
            if let Some(b) = self.postings.get(a..a + 4) {
                out.push(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            }
        }
    }

    /// The index of the place with this id.
    pub fn by_id(&self, id: &str) -> Option<u32> {
        self.ids.get(id).map(|v| v as u32)
    }

    /// Places one of whose names has the N key `key`.
    pub fn n_get(&self, key: &str) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(v) = self.nkeys.get(key) {
            self.decode(v, &mut out);
        }
        out
    }

    /// Places one of whose names has the V key `key`.
    pub fn v_get(&self, key: &str) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(v) = self.vkeys.get(key) {
            self.decode(v, &mut out);
        }
        out
    }

    /// Does any N key start with `prefix`? (Lets a scan over words stop early.)
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let a = fst::automaton::Str::new(prefix).starts_with();
        self.nkeys.search(a).into_stream().next().is_some()
    }

    /// (N key, place) for every key within `distance` edits of `key`
    /// (a Levenshtein automaton run over the key set); None when the
    /// automaton would be too large to build.
    pub fn n_within(&self, key: &str, distance: u32) -> Option<Vec<(String, u32)>> {
        let lev = fst::automaton::Levenshtein::new(key, distance).ok()?;
        Some(self.pairs(self.nkeys.search(lev).into_stream()))
    }

    /// Every (N key, place), in key order (the reference scan, and tools).
    pub fn n_keys(&self) -> Vec<(String, u32)> {
        self.pairs(self.nkeys.stream())
    }

    /// The (key, place) pairs of a stream over a key map.
    fn pairs<S>(&self, mut stream: S) -> Vec<(String, u32)>
    where
        S: for<'a> Streamer<'a, Item = (&'a [u8], u64)>,
    {
        let mut out = Vec::new();
        let mut ids = Vec::new();
        while let Some((k, v)) = stream.next() {
            let k = String::from_utf8_lossy(k).into_owned();
            ids.clear();
            self.decode(v, &mut ids);
            out.extend(ids.iter().map(|&i| (k.clone(), i)));
        }
        out
    }

    /// How many distinct N and V keys the index holds.
    pub fn key_counts(&self) -> (usize, usize) {
        (self.nkeys.len(), self.vkeys.len())
    }
}
