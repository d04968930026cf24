//! Merging the shipped gazetteer sources into one table, and writing the
//! compact index the binary embeds (build.rs runs both; tests run them on
//! small tables of their own). Uses only std, the name keys and `fst`, so the
//! build script can include this file as it is.
//!
//! Merge rules, in order, for each row of a later source:
//! 1. the same GeoNames id as a row already held: one place (names united,
//!    the more specific populated-place code kept, empty admin-1 and
//!    population filled);
//! 2. a Who's On First district (ADM2) or region (ADM1) whose name is that
//!    of a generated district or Natural Earth region already held in the
//!    same country: the area moves to the WOF label point (the older rows sit
//!    at the centre of the district's towns or of the region's bounding box);
//! 3. a near duplicate from another source (the same normalised name, the
//!    same country, within 2 km, both areas or both points): folded into the
//!    held place, which keeps all names and lists both sources;
//! 4. otherwise a new place.
//!
//! Afterwards a place without an admin-1 code takes that of the nearest
//! place of its country that has one, within 50 km.

/// Shorter consonant skeletons (V keys) are not indexed: they join unlike names.
pub const V_KEY_MIN_LEN: usize = 3;

use std::collections::HashMap;

use crate::gazetteer::normalize;

pub const SRC_GEONAMES: u8 = 1;
pub const SRC_NATURAL_EARTH: u8 = 2;
pub const SRC_WOF: u8 = 4;
pub const SRC_OSM: u8 = 8;

/// Source bits and their names, in display order.
pub const SOURCES: &[(u8, &str)] = &[
    (SRC_GEONAMES, "geonames"),
    (SRC_NATURAL_EARTH, "natural-earth"),
    (SRC_WOF, "wof"),
    (SRC_OSM, "osm2019"),
];

/// Near duplicates across sources are folded within this distance.
pub const NEAR_DUPLICATE_KM: f64 = 2.0;
/// A missing admin-1 code is taken from the nearest coded place this close.
pub const ADMIN1_NEAREST_KM: f64 = 50.0;
/// Names longer than this are descriptions, not names.
const MAX_NAME_CHARS: usize = 80;

/// "geonames+wof" for a set of source bits.
pub fn source_names(bits: u8) -> String {
    SOURCES
        .iter()
        .filter(|(b, _)| bits & b != 0)
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join("+")
}

/// One place of a source table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    pub name: String,
    /// Other names (ASCII form, alternate names), without `name`, in source order.
    pub names: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub class: String,
    pub code: String,
    pub country: String,
    pub admin1: String,
    pub population: u64,
    pub extent_km: Option<f64>,
    pub sources: u8,
    /// Ids of the rows folded into this one (they still find it).
    pub also_ids: Vec<String>,
}

impl Row {
    /// The name first, then the others.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.names.iter().map(String::as_str))
    }

    fn is_admin(&self) -> bool {
        self.class == "A"
    }

    fn add_name(&mut self, name: &str) {
        if !name.is_empty() && name != self.name && !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_owned());
        }
    }
}

/// Names worth a key: Latin or Arabic script (the languages of the reports
/// read here), not too long, and not an all-capital code of a facility
/// (ICAO/IATA codes such as "DNMA" are listed among airport names).
pub fn keep_name(name: &str, class: &str) -> bool {
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS {
        return false;
    }
    if class == "S" && n <= 4 && name.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    name.chars().all(|c| {
        !c.is_alphabetic()
            || c.is_ascii()
            || ('\u{00C0}'..='\u{02AF}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || ('\u{0600}'..='\u{06FF}').contains(&c)
            || ('\u{0750}'..='\u{077F}').contains(&c)
            || ('\u{08A0}'..='\u{08FF}').contains(&c)
            || ('\u{FB50}'..='\u{FDFF}').contains(&c)
            || ('\u{FE70}'..='\u{FEFF}').contains(&c)
    })
}

/// The source a shipped base row (places.tsv) comes from, by its id.
pub fn base_source(id: &str) -> u8 {
    if id.starts_with("dm1-") {
        SRC_NATURAL_EARTH
    } else {
        SRC_GEONAMES
    }
}

/// Parses a 12-column places.tsv row or a 19-column GeoNames-dump row.
/// `Ok(None)`: a comment, a blank line or the header.
pub fn parse_line(line: &str, sources: u8) -> Result<Option<Row>, String> {
    if line.is_empty() || line.starts_with('#') || line.starts_with("geonameid\t") {
        return Ok(None);
    }
    let c: Vec<&str> = line.split('\t').collect();
    let (cc, admin1, pop, extent) = match c.len() {
        19 => (c[8], c[10], c[14], ""),
        12 => (c[8], c[9], c[10], c[11]),
        n => return Err(format!("{n} columns (expected 12 or 19)")),
    };
    let (lat, lon) = coordinates(&c)?;
    let population = match pop.trim() {
        "" => 0,
        p => p
            .parse()
            .map_err(|_| format!("population '{p}' is not a whole number"))?,
    };
    let extent_km = match extent.trim() {
        "" => None,
        e => Some(
            e.parse::<f64>()
                .map_err(|_| format!("extent_km '{e}' is not a number"))?,
        ),
    };
    let mut row = Row {
        id: c[0].to_owned(),
        name: c[1].to_owned(),
        names: Vec::new(),
        lat,
        lon,
        class: c[6].to_owned(),
        code: c[7].to_owned(),
        country: cc.to_owned(),
        admin1: admin1.to_owned(),
        population,
        extent_km,
        sources,
        also_ids: Vec::new(),
    };
    for n in std::iter::once(c[2]).chain(c[3].split(',')) {
        let n = n.trim();
        if keep_name(n, &row.class) {
            row.add_name(n);
        }
    }
    Ok(Some(row))
}

/// The latitude and longitude of a GeoNames-layout row (columns 4 and 5),
/// checked, and its id and name present: shared by every gazetteer reader.
pub fn coordinates(c: &[&str]) -> Result<(f64, f64), String> {
    let num = |i: usize, what: &str| {
        c[i].trim()
            .parse::<f64>()
            .map_err(|_| format!("{what} '{}' is not a number", c[i]))
    };
    let (lat, lon) = (num(4, "latitude")?, num(5, "longitude")?);
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("latitude {lat} / longitude {lon} out of range"));
    }
    if c[0].is_empty() || c[1].is_empty() {
        return Err("empty id or name".into());
    }
    Ok((lat, lon))
}

/// How specific a populated-place code is (a seat of government beats a plain place).
fn code_rank(code: &str) -> u8 {
    match code {
        "PPLC" => 9,
        "PPLA" => 8,
        "PPLA2" => 7,
        "PPLA3" => 6,
        "PPLA4" => 5,
        "PPLA5" => 4,
        "PPL" | "" => 0,
        _ => 1,
    }
}

/// Great-circle distance, km (the same haversine the resolver uses).
fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

/// What the merge did, for SOURCES.md and the build log.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MergeStats {
    pub base: usize,
    /// Per source bit: rows read, folded by id, districts moved, near duplicates folded, added.
    pub layers: Vec<LayerStats>,
    pub admin1_inferred: usize,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct LayerStats {
    pub source: u8,
    pub rows: usize,
    pub same_id: usize,
    pub districts_moved: usize,
    pub near_duplicates: usize,
    pub added: usize,
}

/// Merges `layers` (each one source's rows, in order) into `base`.
pub fn merge(base: Vec<Row>, layers: Vec<Vec<Row>>) -> (Vec<Row>, MergeStats) {
    let mut stats = MergeStats {
        base: base.len(),
        ..MergeStats::default()
    };
    let mut rows = base;
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(rows.len() * 4);
    // (country, N key of the name or its ASCII form) -> rows.
    let mut by_name: HashMap<(String, String), Vec<usize>> = HashMap::new();
    // (country, N key without the level word) -> districts placed at their towns' centre.
    let mut districts: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_id.insert(r.id.clone(), i);
        index_name(&mut by_name, r, i);
        let generated_area = (r.code == "ADM2" && r.id.starts_with("adm2-"))
            || (r.code == "ADM1" && r.id.starts_with("dm1-"));
        if generated_area {
            for n in r.all_names() {
                let k = normalize::n_key(&normalize::split_area_suffix(n).0);
                if !k.is_empty() {
                    let v = districts
                        .entry((r.country.clone(), format!("{}:{k}", r.code)))
                        .or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                }
            }
        }
    }
    let mut moved = vec![false; rows.len()];
    for layer in layers {
        let mut ls = LayerStats {
            source: layer.first().map_or(0, |r| r.sources),
            rows: layer.len(),
            ..LayerStats::default()
        };
        for r in layer {
            if let Some(&i) = by_id.get(&r.id) {
                fold(&mut rows[i], &r, true);
                ls.same_id += 1;
                continue;
            }
            if matches!(r.code.as_str(), "ADM1" | "ADM2") && r.sources & SRC_WOF != 0 {
                let target = r.all_names().find_map(|n| {
                    let k = normalize::n_key(&normalize::split_area_suffix(n).0);
                    districts
                        .get(&(r.country.clone(), format!("{}:{k}", r.code)))?
                        .iter()
                        .copied()
                        .find(|&i| !moved[i])
                });
                if let Some(i) = target {
                    moved[i] = true;
                    rows[i].lat = r.lat;
                    rows[i].lon = r.lon;
                    fold(&mut rows[i], &r, false);
                    by_id.insert(r.id.clone(), i);
                    ls.districts_moved += 1;
                    continue;
                }
            }
            let twin = r.all_names().find_map(|n| {
                let k = normalize::n_key(n);
                by_name
                    .get(&(r.country.clone(), k))?
                    .iter()
                    .copied()
                    .find(|&i| {
                        let h = &rows[i];
                        h.sources & r.sources == 0
                            && h.is_admin() == r.is_admin()
                            && distance_km(h.lat, h.lon, r.lat, r.lon) <= NEAR_DUPLICATE_KM
                    })
            });
            if let Some(i) = twin {
                fold(&mut rows[i], &r, false);
                by_id.insert(r.id.clone(), i);
                ls.near_duplicates += 1;
                continue;
            }
            let i = rows.len();
            by_id.insert(r.id.clone(), i);
            index_name(&mut by_name, &r, i);
            rows.push(r);
            moved.push(false);
            ls.added += 1;
        }
        stats.layers.push(ls);
    }
    stats.admin1_inferred = infer_admin1(&mut rows);
    (rows, stats)
}

fn index_name(by_name: &mut HashMap<(String, String), Vec<usize>>, r: &Row, i: usize) {
    let mut keys = vec![normalize::n_key(&r.name)];
    if let Some(a) = r.names.first() {
        keys.push(normalize::n_key(a));
    }
    keys.dedup();
    for k in keys {
        if !k.is_empty() {
            by_name.entry((r.country.clone(), k)).or_default().push(i);
        }
    }
}

/// Folds `r` into the held place `h`: names united, sources listed; with
/// `same_id`, the more specific populated-place code is kept too.
fn fold(h: &mut Row, r: &Row, same_id: bool) {
    for n in r.all_names() {
        h.add_name(n);
    }
    if !same_id && r.id != h.id && !h.also_ids.contains(&r.id) {
        h.also_ids.push(r.id.clone());
    }
    h.sources |= r.sources;
    if h.admin1.is_empty() && !r.admin1.is_empty() && h.country == r.country {
        h.admin1 = r.admin1.clone();
    }
    if h.population == 0 {
        h.population = r.population;
    }
    if same_id && h.class == r.class && code_rank(&r.code) > code_rank(&h.code) {
        h.code = r.code.clone();
    }
}

/// Fills empty admin-1 codes from the nearest coded place of the same
/// country within 50 km (a 0.5-degree grid). Returns how many were filled.
fn infer_admin1(rows: &mut [Row]) -> usize {
    const CELL: f64 = 0.5;
    let cell = |lat: f64, lon: f64| ((lat / CELL).floor() as i32, (lon / CELL).floor() as i32);
    let mut grid: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if !r.admin1.is_empty() && r.code != "ADM1" && !r.country.contains('|') {
            grid.entry(cell(r.lat, r.lon)).or_default().push(i);
        }
    }
    let mut fills: Vec<(usize, String)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if !r.admin1.is_empty() || r.country.is_empty() || r.country.contains('|') {
            continue;
        }
        let (cy, cx) = cell(r.lat, r.lon);
        let mut best: Option<(f64, usize)> = None;
        // 50 km east-west spans more cells of longitude away from the equator.
        let reach = (ADMIN1_NEAREST_KM / (111.32 * CELL * r.lat.to_radians().cos().max(0.05)))
            .ceil()
            .min(40.0) as i32;
        for dy in -1..=1 {
            for dx in -reach..=reach {
                for &j in grid.get(&(cy + dy, cx + dx)).into_iter().flatten() {
                    let q = &rows[j];
                    if q.country != r.country {
                        continue;
                    }
                    let d = distance_km(r.lat, r.lon, q.lat, q.lon);
                    if d <= ADMIN1_NEAREST_KM && best.is_none_or(|(bd, bj)| (d, j) < (bd, bj)) {
                        best = Some((d, j));
                    }
                }
            }
        }
        if let Some((_, j)) = best {
            fills.push((i, rows[j].admin1.clone()));
        }
    }
    let n = fills.len();
    for (i, a1) in fills {
        rows[i].admin1 = a1;
    }
    n
}

/// The compact index: fixed-size place records, a name/id blob, small
/// tables, and two finite-state maps from name keys to places.
#[derive(Debug, Default, Clone)]
pub struct IndexBytes {
    pub places: Vec<u8>,
    pub records: Vec<u8>,
    pub tables: String,
    pub nkeys: Vec<u8>,
    pub vkeys: Vec<u8>,
    pub postings: Vec<u8>,
    /// Finite-state map from place id to place index.
    pub ids: Vec<u8>,
    /// Populated places of at least TOWN_POPULATION, most populous first:
    /// lat·1e6 i32, lon·1e6 i32, population u32, place index u32 (little endian).
    pub towns: Vec<u8>,
}

/// Smallest population of a place in the town table (cluster labels, map towns).
pub const TOWN_POPULATION: u64 = 1000;
/// Bytes per town in `IndexBytes::towns`.
pub const TOWN_RECORD: usize = 16;

/// Bytes per place record in `IndexBytes::places`:
/// lat·1e6 i32, lon·1e6 i32, population u32, record offset u32, numeric id
/// u32, country u16, admin-1 u16, extent in 0.1 km u16 (0: a point),
/// feature u16, sources u8, id kind u8 (all little-endian).
pub const RECORD: usize = 30;
/// Id kinds: the id string is in the record blob / a GeoNames number /
/// "wof:<n>" / "osm2019:<country>:<n>".
pub const ID_TEXT: u8 = 0;
pub const ID_GEONAMES: u8 = 1;
pub const ID_WOF: u8 = 2;
pub const ID_OSM: u8 = 3;

/// A value in a key map: one place index, or (count << 32 | offset) into the postings.
pub fn encode_postings(places: &[u32], postings: &mut Vec<u8>) -> u64 {
    if let [one] = places {
        return u64::from(*one);
    }
    let off = (postings.len() / 4) as u64;
    for p in places {
        postings.extend_from_slice(&p.to_le_bytes());
    }
    ((places.len() as u64) << 32) | off
}

fn id_parts(id: &str, country: &str) -> (u8, u32) {
    if let Ok(n) = id.parse::<u32>()
        && n.to_string() == id
    {
        return (ID_GEONAMES, n);
    }
    if let Some(n) = id.strip_prefix("wof:").and_then(|s| s.parse::<u32>().ok())
        && format!("wof:{n}") == id
    {
        return (ID_WOF, n);
    }
    if let Some(n) = id
        .strip_prefix("osm2019:")
        .and_then(|s| s.strip_prefix(country))
        .and_then(|s| s.strip_prefix(':'))
        .and_then(|s| s.parse::<u32>().ok())
        && format!("osm2019:{country}:{n}") == id
    {
        return (ID_OSM, n);
    }
    (ID_TEXT, 0)
}

/// Writes the index of `rows` (whose order gives the place indices).
pub fn write_index(rows: &[Row]) -> IndexBytes {
    let mut tables: Vec<(&str, Vec<String>, HashMap<String, u16>)> = vec![
        ("feature", Vec::new(), HashMap::new()),
        ("country", Vec::new(), HashMap::new()),
        ("admin1", Vec::new(), HashMap::new()),
    ];
    let mut intern = |t: usize, s: String| -> u16 {
        let (_, list, map) = &mut tables[t];
        if let Some(&i) = map.get(&s) {
            return i;
        }
        let i = u16::try_from(list.len()).expect("fewer than 65536 distinct values");
        list.push(s.clone());
        map.insert(s, i);
        i
    };
    let mut places = Vec::with_capacity(rows.len() * RECORD);
    let mut records = Vec::new();
    let mut capitals: HashMap<&str, usize> = HashMap::new();
    let mut nkeys: Vec<(String, u32)> = Vec::new();
    let mut vkeys: Vec<(String, u32)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let (kind, num) = id_parts(&r.id, &r.country);
        let off = u32::try_from(records.len()).expect("record blob under 4 GiB");
        records.extend_from_slice(r.name.as_bytes());
        if kind == ID_TEXT {
            records.push(b'\t');
            records.extend_from_slice(r.id.as_bytes());
        }
        records.push(b'\n');
        let feature = intern(0, format!("{}.{}", r.class, r.code));
        let country = intern(1, r.country.clone());
        let admin1 = intern(2, r.admin1.clone());
        let extent = r
            .extent_km
            .map_or(0u16, |e| ((e * 10.0).round() as u16).max(1));
        places.extend_from_slice(&((r.lat * 1e6).round() as i32).to_le_bytes());
        places.extend_from_slice(&((r.lon * 1e6).round() as i32).to_le_bytes());
        places.extend_from_slice(&(r.population.min(u64::from(u32::MAX)) as u32).to_le_bytes());
        places.extend_from_slice(&off.to_le_bytes());
        places.extend_from_slice(&num.to_le_bytes());
        places.extend_from_slice(&country.to_le_bytes());
        places.extend_from_slice(&admin1.to_le_bytes());
        places.extend_from_slice(&extent.to_le_bytes());
        places.extend_from_slice(&feature.to_le_bytes());
        places.push(r.sources);
        places.push(kind);
        if r.code == "PPLC" {
            let e = capitals.entry(r.country.as_str()).or_insert(i);
            if rows[*e].population < r.population {
                *e = i;
            }
        }
        let i = i as u32;
        for name in r.all_names() {
            let n = normalize::n_key(name);
            if n.is_empty() {
                continue;
            }
            let v = normalize::v_key(name);
            // "Kautikari village", "Mahawil District": the bare name too.
            let (bare, level) = normalize::split_level_word(name);
            if level.is_some() {
                let b = normalize::n_key(&bare);
                if b.chars().count() >= 3 {
                    nkeys.push((b, i));
                }
            }
            nkeys.push((n, i));
            if v.len() >= V_KEY_MIN_LEN {
                vkeys.push((v, i));
            }
        }
    }
    let mut ids: Vec<(&str, u64)> = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            std::iter::once(r.id.as_str())
                .chain(r.also_ids.iter().map(String::as_str))
                .map(move |id| (id, i as u64))
        })
        .collect();
    ids.sort_unstable();
    ids.dedup_by(|a, b| a.0 == b.0);
    let ids = fst::Map::from_iter(ids)
        .expect("ids are sorted and distinct")
        .into_fst()
        .into_inner();
    let mut postings = Vec::new();
    let nfst = key_map(nkeys, &mut postings);
    let vfst = key_map(vkeys, &mut postings);
    let mut text = String::new();
    for (kind, list, _) in &tables {
        for v in list {
            text.push_str(&format!("{kind}\t{v}\n"));
        }
    }
    let mut caps: Vec<(&str, usize)> = capitals.into_iter().collect();
    caps.sort();
    for (cc, i) in caps {
        text.push_str(&format!("capital\t{cc}\t{i}\n"));
    }
    IndexBytes {
        places,
        records,
        tables: text,
        nkeys: nfst,
        vkeys: vfst,
        postings,
        ids,
        towns: town_table(rows),
    }
}

/// The town table of `rows` (see `IndexBytes::towns`); ties by place index.
fn town_table(rows: &[Row]) -> Vec<u8> {
    let mut towns: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].class == "P" && rows[i].population >= TOWN_POPULATION)
        .collect();
    towns.sort_by_key(|&i| (std::cmp::Reverse(rows[i].population), i));
    let mut out = Vec::with_capacity(towns.len() * TOWN_RECORD);
    for i in towns {
        let r = &rows[i];
        out.extend_from_slice(&((r.lat * 1e6).round() as i32).to_le_bytes());
        out.extend_from_slice(&((r.lon * 1e6).round() as i32).to_le_bytes());
        out.extend_from_slice(&(r.population.min(u64::from(u32::MAX)) as u32).to_le_bytes());
        out.extend_from_slice(&(i as u32).to_le_bytes());
    }
    out
}

fn key_map(mut keys: Vec<(String, u32)>, postings: &mut Vec<u8>) -> Vec<u8> {
    keys.sort_unstable();
    keys.dedup();
    let mut b = fst::MapBuilder::memory();
    let mut i = 0;
    while i < keys.len() {
        let j = keys[i..]
            .iter()
            .position(|(k, _)| *k != keys[i].0)
            .map_or(keys.len(), |p| i + p);
        let ids: Vec<u32> = keys[i..j].iter().map(|(_, p)| *p).collect();
        let v = encode_postings(&ids, postings);
        b.insert(keys[i].0.as_bytes(), v)
            .expect("keys are sorted and distinct");
        i = j;
    }
    b.into_inner().expect("fst in memory")
}
