//! The gazetteer: loading (embedded default, user files in the 12-column
//! layout or raw 19-column GeoNames dumps, the aliases file), name keys, and
//! candidate lookup ranked by context. Never sees report text.

pub mod compact;
pub mod load;
pub mod merge;
pub mod normalize;

use std::collections::HashMap;

use serde::Serialize;

use crate::model::LonLat;

/// Where a place row came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Base,
    Alias,
    User,
}

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub feature_class: String,
    pub feature_code: String,
    /// ISO alpha-2; several joined by '|' for shared features (border crossings, lakes).
    pub country: String,
    pub admin1: String,
    pub population: u64,
    /// Radius covering an area feature, km (None for points).
    pub extent_km: Option<f64>,
    pub origin: Origin,
    /// The data sources of the place ("geonames+wof", "osm2019", "alias", "user").
    pub source: String,
    /// Source note for hand-made aliases (where the coordinate comes from).
    pub note: Option<String>,
}

impl Place {
    pub fn lonlat(&self) -> LonLat {
        LonLat {
            lon: self.lon,
            lat: self.lat,
        }
    }

    pub fn in_country(&self, cc: &str) -> bool {
        self.country.split('|').any(|c| c.eq_ignore_ascii_case(cc))
    }

    pub fn is_area(&self) -> bool {
        self.feature_class == "A" || self.extent_km.is_some_and(|e| e > 15.0)
    }

    pub fn is_admin(&self) -> bool {
        self.feature_code.starts_with("ADM")
    }
}

pub use crate::model::MatchRule;

/// A ranked candidate for a name.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    #[serde(skip)]
    pub index: usize,
    pub rule: MatchRule,
    pub score: f64,
    /// Why it ranks where it does (readable).
    pub why: String,
}

/// What a lookup knows besides the name.
#[derive(Debug, Clone, Default)]
pub struct LookupContext {
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// The text marks the name as an area ("Province", "region").
    pub want_area: bool,
    /// The name anchors an offset, direction or between: a town is wanted.
    pub anchor_point: bool,
    /// Other places named in the same section, for proximity.
    pub near: Vec<LonLat>,
    /// Provinces the incident's text names elsewhere (admin-1 codes): ranking evidence only.
    pub admin1_hints: Vec<String>,
    /// The text calls the place a village or hamlet (as the name's own
    /// level word "Zorbak village" does).
    pub small_settlement: bool,
}

#[derive(Default)]
pub struct Gazetteer {
    /// The shipped places: a compact index built at build time.
    base: compact::Index,
    /// Places added at run time (aliases, user files); index `base.len() + j`.
    extra: Vec<Place>,
    /// Base places a user file replaced (same id): base index -> index of the replacement.
    replaced: HashMap<u32, u32>,
    /// Keys of the places added at run time.
    n_index: HashMap<String, Vec<u32>>,
    v_index: HashMap<String, Vec<u32>>,
    /// admin1 code "IQ.10" -> name.
    pub admin1_names: HashMap<String, String>,
    /// Ids of the added places.
    by_id: HashMap<String, u32>,
    /// Name matches already computed: (name, country for fuzzy, fuzzy?).
    match_cache: std::sync::Mutex<HashMap<MatchKey, Matches>>,
    /// Country -> index of its capital, built on first need.
    capitals: std::sync::OnceLock<HashMap<String, usize>>,
    /// (country, admin1 code) -> index of the province's capital, built on first need.
    admin1_capitals: std::sync::OnceLock<HashMap<(String, String), usize>>,
    /// Landmarks already looked up: (name, country) -> place.
    landmarks: std::sync::Mutex<HashMap<(String, String), Option<usize>>>,
    /// Cities of `QUARTER_CITY_POPULATION` (point, population), by latitude;
    /// built on first need.
    cities: std::sync::OnceLock<Vec<(LonLat, u64)>>,
}

type MatchKey = (String, Option<String>, bool);
/// Score for each source beyond the first that holds a place.
const CORROBORATION: f64 = 0.05;
/// A city this populous lends its weight to its quarters (PPLX).
pub const QUARTER_CITY_POPULATION: u64 = 100_000;
/// How much less a quarter (PPLX) counts than a settlement of its name.
const QUARTER_PENALTY: f64 = 3.0;
/// A quarter lies this close to its city's point (km).
const QUARTER_REACH_KM: f64 = 20.0;

/// A town this populous is a landmark of an incident's area.
const LANDMARK_MIN_POPULATION: u64 = 20_000;
/// Candidates whose `why` is written (the best and the alternatives shown).
const EXPLAINED: usize = 4;
/// Name matches before ranking: (place index, rule, similarity).
type Matches = std::sync::Arc<Vec<(usize, MatchRule, f64)>>;

/// Where a place index points.
enum At<'a> {
    Base(usize),
    Extra(&'a Place),
}

impl Gazetteer {
    /// A gazetteer over a compact index (the embedded one, or a test's).
    pub fn with_base(base: compact::Index) -> Gazetteer {
        Gazetteer {
            base,
            ..Gazetteer::default()
        }
    }

    /// Adds a place under its names (name first); a place with an id already
    /// present replaces it (user files override the base).
    pub fn add(&mut self, place: Place, names: &[&str]) {
        self.forget_matches();
        let idx = self.insert(place);
        self.index_names(idx, names);
    }

    /// Adds a place whose id is known to be new (the embedded aliases).
    pub fn add_new(&mut self, place: Place, names: &[&str]) {
        self.forget_matches();
        let idx = self.len() as u32;
        self.by_id.insert(place.id.clone(), idx);
        self.extra.push(place);
        self.index_names(idx, names);
    }

    fn index_names(&mut self, idx: u32, names: &[&str]) {
        for name in names {
            if name.is_empty() {
                continue;
            }
            let n = normalize::n_key(name);
            if n.is_empty() {
                continue;
            }
            let v = normalize::v_key(name);
            push_unique(self.n_index.entry(n).or_default(), idx);
            if v.len() >= merge::V_KEY_MIN_LEN {
                push_unique(self.v_index.entry(v).or_default(), idx);
            }
        }
    }

    /// Adds or replaces a place (by id) without indexing names; returns its index.
    pub fn insert(&mut self, place: Place) -> u32 {
        if let Some(&i) = self.by_id.get(&place.id) {
            let j = i as usize - self.base.len();
            self.extra[j] = place;
            return i;
        }
        let i = self.len() as u32;
        if let Some(b) = self.base.by_id(&place.id) {
            self.replaced.insert(b, i);
        }
        self.by_id.insert(place.id.clone(), i);
        self.extra.push(place);
        i
    }

    /// New places invalidate cached name matches.
    fn forget_matches(&mut self) {
        if let Ok(c) = self.match_cache.get_mut() {
            c.clear();
        }
        if let Ok(c) = self.landmarks.get_mut() {
            c.clear();
        }
        self.capitals = std::sync::OnceLock::new();
        self.admin1_capitals = std::sync::OnceLock::new();
    }

    fn at(&self, i: usize) -> At<'_> {
        let b = self.base.len();
        if i < b {
            match self.replaced.get(&(i as u32)) {
                Some(&r) => At::Extra(&self.extra[r as usize - b]),
                None => At::Base(i),
            }
        } else {
            At::Extra(&self.extra[i - b])
        }
    }

    /// The place at index `i` (base places are decoded on demand).
    pub fn place(&self, i: usize) -> Place {
        match self.at(i) {
            At::Base(i) => self.base.place(i),
            At::Extra(p) => p.clone(),
        }
    }

    pub fn lonlat(&self, i: usize) -> LonLat {
        match self.at(i) {
            At::Base(i) => LonLat {
                lon: self.base.lon(i),
                lat: self.base.lat(i),
            },
            At::Extra(p) => p.lonlat(),
        }
    }

    pub fn name(&self, i: usize) -> &str {
        match self.at(i) {
            At::Base(i) => self.base.name(i),
            At::Extra(p) => &p.name,
        }
    }

    pub fn population(&self, i: usize) -> u64 {
        match self.at(i) {
            At::Base(i) => self.base.population(i),
            At::Extra(p) => p.population,
        }
    }

    /// (feature class, feature code).
    pub fn feature(&self, i: usize) -> (&str, &str) {
        match self.at(i) {
            At::Base(i) => self.base.feature(i),
            At::Extra(p) => (&p.feature_class, &p.feature_code),
        }
    }

    pub fn country(&self, i: usize) -> &str {
        match self.at(i) {
            At::Base(i) => self.base.country(i),
            At::Extra(p) => &p.country,
        }
    }

    pub fn admin1(&self, i: usize) -> &str {
        match self.at(i) {
            At::Base(i) => self.base.admin1(i),
            At::Extra(p) => &p.admin1,
        }
    }

    fn extent_km(&self, i: usize) -> Option<f64> {
        match self.at(i) {
            At::Base(i) => self.base.extent_km(i),
            At::Extra(p) => p.extent_km,
        }
    }

    fn is_alias(&self, i: usize) -> bool {
        matches!(self.at(i), At::Extra(p) if p.origin == Origin::Alias)
    }

    /// The place's sources ("geonames+wof").
    pub fn source(&self, i: usize) -> String {
        match self.at(i) {
            At::Base(i) => merge::source_names(self.base.sources(i)),
            At::Extra(p) => p.source.clone(),
        }
    }

    /// How many sources hold the place (merged records: "geonames+wof" is 2).
    fn source_count(&self, i: usize) -> u32 {
        match self.at(i) {
            At::Base(i) => self.base.sources(i).count_ones(),
            At::Extra(_) => 1,
        }
    }

    pub fn id(&self, i: usize) -> String {
        match self.at(i) {
            At::Base(i) => self.base.id(i),
            At::Extra(p) => p.id.clone(),
        }
    }

    pub fn in_country(&self, i: usize, cc: &str) -> bool {
        self.country(i)
            .split('|')
            .any(|c| c.eq_ignore_ascii_case(cc))
    }

    /// False for a base index whose place a user file replaced (its
    /// replacement has an index of its own): iterate with this to see each place once.
    pub fn is_current(&self, i: usize) -> bool {
        i >= self.base.len() || !self.replaced.contains_key(&(i as u32))
    }

    /// Current populated places of at least `min_population` (at least the
    /// town table's 1,000), most populous first, ties by index: (place index,
    /// point, population). The base comes from the index's town table; user
    /// places and aliases are scanned (they are few).
    pub fn towns(&self, min_population: u64) -> Vec<(usize, LonLat, u64)> {
        let min = min_population.max(merge::TOWN_POPULATION);
        let mut out: Vec<(usize, LonLat, u64)> = self
            .base
            .towns()
            .take_while(|t| t.2 >= min)
            .filter(|t| self.is_current(t.0))
            .collect();
        let b = self.base.len();
        out.extend((0..self.extra.len()).filter_map(|j| {
            let p = &self.extra[j];
            (p.feature_class == "P" && p.population >= min)
                .then(|| (b + j, p.lonlat(), p.population))
        }));
        out.sort_by_key(|t| (std::cmp::Reverse(t.2), t.0));
        out
    }

    pub fn is_admin(&self, i: usize) -> bool {
        self.feature(i).1.starts_with("ADM")
    }

    /// The population of the city a quarter at `p` lies in (the most
    /// populous within `QUARTER_REACH_KM`), if any.
    fn city_around(&self, p: LonLat) -> Option<u64> {
        let cities = self.cities.get_or_init(|| {
            let mut v: Vec<(LonLat, u64)> = self
                .towns(QUARTER_CITY_POPULATION)
                .into_iter()
                .map(|(_, at, pop)| (at, pop))
                .collect();
            v.sort_by(|a, b| a.0.lat.total_cmp(&b.0.lat));
            v
        });
        let dlat = QUARTER_REACH_KM / 110.0;
        let from = cities.partition_point(|c| c.0.lat < p.lat - dlat);
        cities[from..]
            .iter()
            .take_while(|c| c.0.lat <= p.lat + dlat)
            .filter(|c| crate::geodesy::distance_km(c.0, p) <= QUARTER_REACH_KM)
            .map(|c| c.1)
            .max()
    }

    /// Base indices through replacements (a replaced place answers with its replacement).
    fn mapped(&self, v: Vec<u32>) -> Vec<u32> {
        if self.replaced.is_empty() {
            return v;
        }
        v.into_iter()
            .map(|i| self.replaced.get(&i).copied().unwrap_or(i))
            .collect()
    }

    fn n_get(&self, key: &str) -> Vec<u32> {
        let mut v = self.mapped(self.base.n_get(key));
        for &i in self.n_index.get(key).into_iter().flatten() {
            push_unique(&mut v, i);
        }
        v
    }

    fn v_get(&self, key: &str) -> Vec<u32> {
        let mut v = self.mapped(self.base.v_get(key));
        for &i in self.v_index.get(key).into_iter().flatten() {
            push_unique(&mut v, i);
        }
        v
    }

    /// Places one of whose names has exactly the N key of `name` (no level
    /// or area word split off, no variants): the plain name lookup a naive
    /// geoparser does.
    pub fn with_name(&self, name: &str) -> Vec<usize> {
        let k = normalize::n_key(name);
        if k.is_empty() {
            return Vec::new();
        }
        self.n_get(&k).into_iter().map(|i| i as usize).collect()
    }

    /// Does some place name's N key start with the N key of `prefix`?
    pub fn has_name_prefix(&self, prefix: &str) -> bool {
        let k = normalize::n_key(prefix);
        self.base.has_prefix(&k) || self.n_index.keys().any(|n| n.starts_with(&k))
    }

    pub fn len(&self) -> usize {
        self.base.len() + self.extra.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Distinct N and V keys of the shipped index.
    pub fn key_counts(&self) -> (usize, usize) {
        self.base.key_counts()
    }

    pub fn get(&self, id: &str) -> Option<Place> {
        if let Some(&i) = self.by_id.get(id) {
            return Some(self.place(i as usize));
        }
        let b = self.base.by_id(id)?;
        Some(self.place(b as usize))
    }

    pub fn admin1_name(&self, p: &Place) -> Option<String> {
        if p.admin1.is_empty() {
            return None;
        }
        let cc = p.country.split('|').next().unwrap_or_default();
        self.admin1_names
            .get(&format!("{cc}.{}", p.admin1))
            .cloned()
    }

    /// Candidates for `name`, best first. Tries exact, then N-key, then
    /// V-key, then fuzzy (edit distance through the key automaton, then
    /// Jaro-Winkler >= 0.93) and stops at the first rule that finds anything.
    pub fn lookup(&self, name: &str, ctx: &LookupContext) -> Vec<Candidate> {
        self.lookup_with(name, ctx, true)
    }

    /// Name matches (place index, rule, similarity) before ranking; cached by
    /// name, so a name that recurs across many reports is matched once.
    fn matches(
        &self,
        name: &str,
        ctx: &LookupContext,
        fuzzy: bool,
    ) -> std::sync::Arc<Vec<(usize, MatchRule, f64)>> {
        let key = (
            name.to_owned(),
            if fuzzy { ctx.country.clone() } else { None },
            fuzzy,
        );
        if let Some(hit) = self
            .match_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            return hit;
        }
        let (base, _) = normalize::split_area_word(name);
        let mut found: Vec<(usize, MatchRule, f64)> = Vec::new();
        let lower = [name.trim().to_lowercase(), base.to_lowercase()];
        for probe in [name.trim(), base.as_str()] {
            for i in self.n_get(&normalize::n_key(probe)) {
                if found.iter().any(|f| f.0 == i as usize) {
                    continue;
                }
                let exact = lower.contains(&self.name(i as usize).to_lowercase());
                let rule = if exact {
                    MatchRule::Exact
                } else {
                    MatchRule::Normalized
                };
                found.push((i as usize, rule, 1.0));
            }
        }
        // "Maungdaw Township", "Chibok Town", "Rutshuru-Centre": the name
        // without its settlement word (for the looser rules too).
        let bare = match normalize::split_level_word(&base) {
            (bare, Some(_)) => Some(bare),
            _ => normalize::split_hyphen_level_word(&base),
        };
        if found.is_empty()
            && let Some(bare) = &bare
        {
            for i in self.n_get(&normalize::n_key(bare)) {
                found.push((i as usize, MatchRule::Normalized, 1.0));
            }
        }
        let base = bare.unwrap_or(base);
        // A level word before the name ("Barangay Zorbak"): the looser rules
        // would compare the level word too ("Barangka Zorbik"). The bare
        // name counts when one place at home carries it (a town and its
        // municipality, a few km apart, are one place): such names repeat
        // across a country (a Poblacion in every town), and the text's own
        // town is the better guess than a namesake far off.
        if let Some(rest) = normalize::split_leading_level_word(&base) {
            // (The fuzzy lookups' cache key holds the country this needs.)
            if found.is_empty() && fuzzy && ctx.country.is_some() {
                let home: Vec<u32> = self
                    .n_get(&normalize::n_key(&rest))
                    .into_iter()
                    .filter(|&i| self.at_home(i as usize, ctx))
                    .collect();
                let one_place = home.first().is_some_and(|&a| {
                    home.iter().all(|&b| {
                        crate::geodesy::distance_km(
                            self.lonlat(a as usize),
                            self.lonlat(b as usize),
                        ) <= ONE_PLACE_KM
                    })
                });
                if one_place {
                    found.extend(
                        home.iter()
                            .map(|&i| (i as usize, MatchRule::Normalized, 1.0)),
                    );
                }
            }
            return self.cache_matches(key, found);
        }
        if found.is_empty() {
            found.extend(
                self.variant_hits(&base, VARIANT_SIMILARITY)
                    .into_iter()
                    .map(|(i, sim)| (i, MatchRule::Variant, sim)),
            );
        }
        if found.is_empty() && fuzzy {
            found = self.fuzzy(&base, ctx);
        } else if fuzzy && self.only_areas_at_home(&found, ctx) {
            // Only a district or province carries this spelling here ("Al-Hawija
            // District"): look for the town too ("Al Ḩawījah"), which ranking
            // prefers unless an area is asked for. When every match is an
            // area, by the fuzzy tier (so the town ranks after an exact area);
            // when a place abroad has the spelling as well, it is a town's
            // name, and a town at home spelt as a variant of it is one
            // ("Zorbak Al Ain" for Zorbak al 'Ayn).
            let towns: Vec<(usize, MatchRule, f64)> =
                if found.iter().all(|&(i, _, _)| self.is_admin(i)) {
                    self.fuzzy(&base, ctx)
                } else {
                    self.variant_hits(&base, VARIANT_SIMILARITY)
                        .into_iter()
                        .map(|(i, sim)| (i, MatchRule::Variant, sim))
                        .collect()
                };
            for t in towns {
                if !self.is_admin(t.0) && !found.iter().any(|f| f.0 == t.0) {
                    found.push(t);
                }
            }
        } else if fuzzy && self.only_abroad(&found, ctx) {
            // Only places abroad carry this spelling ("Pelgur" as a village's
            // name abroad): the place at home may be spelt as a variant of
            // it ("Peljgur"), its first sound kept (a vowel for a vowel).
            // The places abroad stay as they were; ranking puts home first.
            // A spelling that is a variant of places far apart at home
            // names none of them.
            let first = normalize::first_sound(&normalize::n_key(&base));
            let mut home: Vec<(usize, f64)> = self
                .variant_hits(&base, ABROAD_VARIANT_SIMILARITY)
                .into_iter()
                .chain(self.short_vowel_variants(&base))
                .filter(|&(i, _)| {
                    self.at_home(i, ctx)
                        && normalize::first_sound(&normalize::n_key(self.name(i))) == first
                })
                .collect();
            // The closest spellings only.
            let best = home.iter().map(|h| h.1).fold(0.0, f64::max);
            home.retain(|h| h.1 >= best - ABROAD_VARIANT_MARGIN);
            let one_place = best >= ABROAD_VARIANT_BEST
                && home.first().is_some_and(|&(a, _)| {
                    home.iter().all(|&(b, _)| {
                        crate::geodesy::distance_km(self.lonlat(a), self.lonlat(b))
                            <= ABROAD_VARIANT_SPREAD_KM
                    })
                });
            if one_place {
                for (i, sim) in home {
                    if !found.iter().any(|f| f.0 == i) {
                        found.push((i, MatchRule::Variant, sim));
                    }
                }
            }
        }
        self.cache_matches(key, found)
    }

    fn cache_matches(&self, key: MatchKey, found: Vec<(usize, MatchRule, f64)>) -> Matches {
        let found = std::sync::Arc::new(found);
        if let Ok(mut c) = self.match_cache.lock() {
            c.insert(key, found.clone());
        }
        found
    }

    /// True when the matches in the context country (all of them without
    /// one) are districts or provinces, and there is one: the name may
    /// still be a town's, spelt another way.
    fn only_areas_at_home(&self, found: &[(usize, MatchRule, f64)], ctx: &LookupContext) -> bool {
        let mut home = found
            .iter()
            .filter(|f| {
                ctx.country
                    .as_deref()
                    .is_none_or(|c| self.in_country(f.0, c))
            })
            .peekable();
        home.peek().is_some() && home.all(|f| self.is_admin(f.0))
    }

    /// True when a context country is known, there are matches, and none
    /// of them lies in it.
    fn only_abroad(&self, found: &[(usize, MatchRule, f64)], ctx: &LookupContext) -> bool {
        ctx.country.is_some() && !found.is_empty() && !found.iter().any(|f| self.at_home(f.0, ctx))
    }

    /// True when place `i` is in the context country, or none is known.
    fn at_home(&self, i: usize, ctx: &LookupContext) -> bool {
        ctx.country.as_deref().is_none_or(|c| self.in_country(i, c))
    }

    /// Spelling variants of `name` inside one province: places whose
    /// consonant skeleton (V key) equals the name's, kept at a Jaro-Winkler
    /// similarity of the N keys of at least `min_sim`, ranked as `lookup`
    /// ranks. The province the text names makes a looser spelling safe
    /// ("Bousaira" for Al Busayrah); the general tier needs 0.8 because it
    /// searches the whole country.
    pub fn variants_in_admin1(
        &self,
        name: &str,
        ctx: &LookupContext,
        admin1: &str,
        min_sim: f64,
    ) -> Vec<Candidate> {
        let (base, _) = normalize::split_area_word(name);
        let (base, _) = normalize::split_level_word(&base);
        let key = normalize::n_key(&base);
        if key.chars().count() < 4 {
            return Vec::new();
        }
        let mut out: Vec<Candidate> = Vec::new();
        for (i, sim) in self.variant_hits(&base, min_sim) {
            if self.admin1(i) != admin1
                || ctx
                    .country
                    .as_deref()
                    .is_some_and(|c| !self.in_country(i, c))
                || out.iter().any(|c| c.index == i)
            {
                continue;
            }
            let (score, why) = self.score(i, MatchRule::Variant, sim, ctx.want_area, ctx, true);
            out.push(Candidate {
                index: i,
                rule: MatchRule::Variant,
                score,
                why: format!("{why}; a spelling variant in the province the text names"),
            });
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| self.id(a.index).cmp(&self.id(b.index)))
        });
        out
    }

    /// Places whose consonant skeleton (V key) is `name`'s, with the
    /// Jaro-Winkler similarity of their own name's N key to `name`'s, kept
    /// at `min_sim` or more: a skeleton collision between unlike names is no
    /// match.
    fn variant_hits(&self, name: &str, min_sim: f64) -> Vec<(usize, f64)> {
        let key = normalize::n_key(name);
        let t = normalize::t_key(name);
        let vowels = normalize::vowel_key(name);
        self.v_get(&normalize::v_key(name))
            .into_iter()
            .filter_map(|i| {
                let other = self.name(i as usize);
                // Alike as written, or once the transliterations are one;
                // one spelling but for its vowels is a close variant.
                let mut sim = strsim::jaro_winkler(&normalize::n_key(other), &key)
                    .max(strsim::jaro_winkler(&normalize::t_key(other), &t));
                if sim < VOWEL_VARIANT_SIMILARITY && normalize::vowel_key(other) == vowels {
                    sim = VOWEL_VARIANT_SIMILARITY;
                }
                (sim >= min_sim).then_some((i as usize, sim))
            })
            .collect()
    }

    /// Places spelt as `name` with its vowels written the other way
    /// ("Ubari" for "Obari"), for a name whose consonant skeleton is too
    /// short for the V-key index; each at the vowel variants' similarity.
    fn short_vowel_variants(&self, name: &str) -> Vec<(usize, f64)> {
        if normalize::v_key(name).len() >= merge::V_KEY_MIN_LEN {
            return Vec::new();
        }
        let mut out: Vec<(usize, f64)> = Vec::new();
        for spelling in normalize::vowel_spellings(&normalize::n_key(name)) {
            for i in self.n_get(&spelling) {
                if !out.iter().any(|o| o.0 == i as usize) {
                    out.push((i as usize, VOWEL_VARIANT_SIMILARITY));
                }
            }
        }
        out
    }

    /// `lookup` with the fuzzy tier optional (section hints never use it).
    pub fn lookup_with(&self, name: &str, ctx: &LookupContext, fuzzy: bool) -> Vec<Candidate> {
        let asked = Asked::of(name).with_context(ctx);
        let want_area = ctx.want_area || asked.area;
        let found = self.matches(name, ctx, fuzzy);
        let mut out: Vec<Candidate> = Vec::with_capacity(found.len());
        for &(i, rule, sim) in found.iter() {
            if out.iter().any(|c| c.index == i) {
                continue;
            }
            let (score, _) = self.score(i, rule, sim, want_area, ctx, false);
            out.push(Candidate {
                index: i,
                rule,
                score: score + self.asked_bonus(i, &asked),
                why: String::new(),
            });
        }
        // Ties go to the smaller id (ids decoded only for ties).
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| self.id(a.index).cmp(&self.id(b.index)))
        });
        if !want_area {
            self.toward_namesake_district(&mut out);
        }
        // The reasons, for the candidates anyone reads.
        let n = out.len().min(EXPLAINED);
        self.explain_with(name, ctx, fuzzy, &mut out[..n]);
        out
    }

    /// A district is named for its seat: when the best matches of a name are
    /// hamlets alike in every way the ranking sees (no population, no seat
    /// of government) and a district of that name in the same country holds
    /// people, the hamlet within the district's reach is its seat and comes
    /// first; with none there, the seat is not in the gazetteer and the
    /// district (its centre, its extent) stands for it, before a namesake
    /// hamlet far off.
    fn toward_namesake_district(&self, out: &mut [Candidate]) {
        let close = |c: &Candidate| matches!(c.rule, MatchRule::Exact | MatchRule::Normalized);
        let hamlet = |c: &Candidate| {
            let (class, code) = self.feature(c.index);
            class == "P"
                && !code.starts_with("PPLA")
                && code != "PPLC"
                && self.population(c.index) == 0
        };
        let Some(best) = out.first() else {
            return;
        };
        if !close(best) || !hamlet(best) {
            return;
        }
        let (top, cc) = (best.score, self.country(best.index).to_owned());
        let tied = out
            .iter()
            .take_while(|c| c.score >= top - NAMESAKE_TIE && hamlet(c) && close(c))
            .count();
        let Some(d) = out.iter().position(|c| {
            let code = self.feature(c.index).1;
            close(c)
                && (code == "ADM2" || code == "ADM3")
                && self.population(c.index) >= NAMESAKE_DISTRICT_POPULATION
                && self.country(c.index) == cc
        }) else {
            return;
        };
        let centre = self.lonlat(out[d].index);
        let reach = self
            .extent_km(out[d].index)
            .unwrap_or(0.0)
            .max(NAMESAKE_RADIUS_KM)
            * NAMESAKE_REACH;
        let seat = (0..tied)
            .map(|k| {
                (
                    k,
                    crate::geodesy::distance_km(self.lonlat(out[k].index), centre),
                )
            })
            .filter(|&(_, km)| km <= reach)
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let k = seat.map_or(d, |(k, _)| k);
        if k == 0 {
            return;
        }
        out[k].score = top + 0.1;
        out[..=k].rotate_right(1);
    }

    /// Writes the `why` of candidates of `lookup(name, ctx)` (the first few
    /// come explained; `gazetteer lookup --limit 0` asks for all).
    pub fn explain(&self, name: &str, ctx: &LookupContext, cands: &mut [Candidate]) {
        self.explain_with(name, ctx, true, cands)
    }

    fn explain_with(&self, name: &str, ctx: &LookupContext, fuzzy: bool, cands: &mut [Candidate]) {
        let asked = Asked::of(name).with_context(ctx);
        let want_area = ctx.want_area || asked.area;
        let found = self.matches(name, ctx, fuzzy);
        for c in cands.iter_mut().filter(|c| c.why.is_empty()) {
            let sim = found.iter().find(|f| f.0 == c.index).map_or(1.0, |f| f.2);
            let (_, mut why) = self.score(c.index, c.rule, sim, want_area, ctx, true);
            let bonus = self.asked_bonus(c.index, &asked);
            if bonus > 0.0 {
                why.push_str(&format!("; the text names a {}", asked.word));
            } else if bonus < 0.0 {
                why.push_str(&format!(
                    "; the text names a {}: a population past {SMALL_SETTLEMENT_POPULATION} does not count",
                    asked.word
                ));
            }
            c.why = why;
        }
    }

    /// What the level word of a name the text wrote adds to a candidate:
    /// the area of the level asked for ranks first; a settlement the text
    /// calls a village or hamlet gets no credit for a city's population
    /// ("Zorbak village" is not the city of Zorbak when a village of that
    /// name is at hand).
    fn asked_bonus(&self, i: usize, asked: &Asked) -> f64 {
        if asked.level.is_none() && !asked.small {
            return 0.0;
        }
        let code = self.feature(i).1;
        if asked.level.is_some_and(|l| code == l) {
            return 40.0;
        }
        let population = self.population(i);
        if asked.small && !code.starts_with("ADM") && population > SMALL_SETTLEMENT_POPULATION {
            return -3.0
                * ((population as f64 + 1.0).log10()
                    - (SMALL_SETTLEMENT_POPULATION as f64 + 1.0).log10());
        }
        0.0
    }

    /// The fuzzy tier: keys within one edit (two for names of eight letters
    /// or more) through the key automaton, kept at Jaro-Winkler >= 0.93 with
    /// the same first letter, in the context country when one is known.
    pub fn fuzzy(&self, name: &str, ctx: &LookupContext) -> Vec<(usize, MatchRule, f64)> {
        let key = normalize::n_key(name);
        let n = key.chars().count();
        if n < 4 {
            return Vec::new();
        }
        let distance = if n >= 8 { 2 } else { 1 };
        let within = |k: &str| {
            self.base
                .n_within(k, distance)
                .or_else(|| self.base.n_within(k, 1))
                .unwrap_or_default()
        };
        let mut base = within(&key);
        // Doubled letters written once or twice ("Bossasso"/"Bosaso") are
        // alike to the similarity below: find those keys too.
        let single = normalize::undoubled(&key);
        if single != key {
            base.extend(within(&single));
        }
        let base = base
            .into_iter()
            .map(|(k, i)| (k, self.replaced.get(&i).copied().unwrap_or(i)));
        let added = self
            .n_index
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |&i| (k.clone(), i)));
        self.fuzzy_filter(&key, base.chain(added), ctx)
    }

    /// The previous fuzzy tier, a linear scan over every key (filtered to the
    /// same first letter and a similar length, as the automaton tier is): kept
    /// as the reference the automaton tier is tested against.
    pub fn fuzzy_scan(&self, name: &str, ctx: &LookupContext) -> Vec<(usize, MatchRule, f64)> {
        let key = normalize::n_key(name);
        if key.chars().count() < 4 {
            return Vec::new();
        }
        let base = self
            .base
            .n_keys()
            .into_iter()
            .map(|(k, i)| (k, self.replaced.get(&i).copied().unwrap_or(i)));
        let all = base.chain(
            self.n_index
                .iter()
                .flat_map(|(k, v)| v.iter().map(move |&i| (k.clone(), i))),
        );
        self.fuzzy_filter(&key, all, ctx)
    }

    fn fuzzy_filter(
        &self,
        key: &str,
        keys: impl Iterator<Item = (String, u32)>,
        ctx: &LookupContext,
    ) -> Vec<(usize, MatchRule, f64)> {
        let mut hits: Vec<(usize, MatchRule, f64)> = Vec::new();
        for (k, i) in keys {
            // Cheap filters before the similarity: same first letter, similar length.
            if k.as_bytes().first() != key.as_bytes().first() || k.len().abs_diff(key.len()) > 3 {
                continue;
            }
            // Alike as written, or once doubled letters are single.
            let sim = strsim::jaro_winkler(&k, key).max(strsim::jaro_winkler(
                &normalize::undoubled(&k),
                &normalize::undoubled(key),
            ));
            if sim < 0.93
                || ctx
                    .country
                    .as_deref()
                    .is_some_and(|c| !self.in_country(i as usize, c))
            {
                continue;
            }
            // A place with several names alike keeps its closest one.
            match hits.iter_mut().find(|h| h.0 == i as usize) {
                Some(h) => h.2 = h.2.max(sim),
                None => hits.push((i as usize, MatchRule::Fuzzy, sim)),
            }
        }
        hits.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        hits.truncate(50);
        hits
    }

    fn score(
        &self,
        i: usize,
        rule: MatchRule,
        sim: f64,
        want_area: bool,
        ctx: &LookupContext,
        explain: bool,
    ) -> (f64, String) {
        let mut s = 0.0;
        let mut why = Why(explain.then(Vec::new));
        let (class, code) = self.feature(i);
        let is_admin = code.starts_with("ADM");
        let population = self.population(i);
        match rule {
            MatchRule::Exact => s += 20.0,
            MatchRule::Normalized => s += 18.0,
            MatchRule::Variant => s += 30.0 * sim - 15.0,
            MatchRule::Fuzzy => s += 20.0 * (sim - 0.9) / 0.1 - 5.0,
        }
        why.push(|| format!("{rule:?} name match").to_lowercase());
        if let Some(cc) = &ctx.country {
            if self.in_country(i, cc) {
                s += 100.0;
                why.push(|| format!("in context country {cc}"));
            } else {
                s -= 20.0;
            }
        }
        // Province codes are per country: the same code abroad is another province.
        let at_home = ctx
            .country
            .as_deref()
            .is_none_or(|cc| self.in_country(i, cc));
        if let Some(a1) = &ctx.admin1
            && self.admin1(i) == a1
            && at_home
        {
            s += 30.0;
            why.push(|| "in context province".into());
        } else if !ctx.admin1_hints.is_empty()
            && at_home
            && ctx.admin1_hints.iter().any(|h| h == self.admin1(i))
        {
            s += 15.0;
            why.push(|| "in a province the text names".into());
        }
        if want_area {
            if code == "ADM1" {
                s += 40.0;
                why.push(|| "area wanted: province".into());
            } else if class == "A" || self.extent_km(i).is_some_and(|e| e > 15.0) {
                s += 25.0;
            }
        } else if is_admin {
            s -= 8.0;
        }
        if self.is_alias(i) {
            s += 15.0;
            why.push(|| "hand-curated alias".into());
        }
        s += match code {
            "PPLC" => 12.0,
            "PPLA" => 9.0,
            "PPLA2" => 5.0,
            "PPLA3" | "PPLA4" => 2.0,
            // A province named bare ("in Borno") is the province, not a
            // hamlet of that name; a seat of government or a city of 100,000
            // (scored by population) still is the town ("in Kaduna").
            "ADM1" if !want_area && !ctx.anchor_point => 23.0,
            "ADM1" if !want_area => 3.0,
            _ => 0.0,
        };
        if !is_admin {
            // District populations are sums over their towns: not comparable.
            s += 3.0 * ((population as f64) + 1.0).log10();
        }
        // A quarter (PPLX) ranks after a settlement of its name; a quarter
        // of a city (a capital's district) before the quarters of villages.
        if code == "PPLX" && population == 0 {
            s -= QUARTER_PENALTY;
            if let Some(city) = self.city_around(self.lonlat(i)) {
                s += (0.5 * (city as f64).log10()).min(QUARTER_PENALTY - 0.1);
                why.push(|| format!("a quarter of a city of {city}"));
            }
        }
        // A place several sources hold is a place of note: of two hamlets
        // of one name, the one two datasets list is the likelier meant.
        // Only where population cannot tell (no figure) and for settlements.
        let extra_sources = self.source_count(i).saturating_sub(1);
        if extra_sources > 0 && population == 0 && class == "P" {
            s += CORROBORATION * f64::from(extra_sources);
            why.push(|| format!("held by {} sources", extra_sources + 1));
        }
        if !ctx.near.is_empty() {
            let p = self.lonlat(i);
            let d = ctx
                .near
                .iter()
                .map(|q| crate::geodesy::distance_km(p, *q))
                .fold(f64::INFINITY, f64::min);
            if d < 150.0 {
                s += 10.0 * (1.0 - d / 150.0);
                why.push(|| format!("{d:.0} km from other places in the section"));
            }
        }
        if population > 0 {
            why.push(|| format!("population {population}"));
        }
        why.push(|| format!("source {}", self.source(i)));
        (s, why.0.map(|w| w.join("; ")).unwrap_or_default())
    }

    /// The capital (feature code PPLC) of a country: the most populous when
    /// several rows carry the code.
    pub fn capital_of(&self, cc: &str) -> Option<usize> {
        let caps = self.capitals.get_or_init(|| {
            let mut m: HashMap<String, usize> = HashMap::new();
            let base = self
                .base
                .capitals
                .iter()
                .map(|(c, i)| (c.clone(), *i as usize));
            let added = self
                .extra
                .iter()
                .enumerate()
                .filter(|(_, p)| p.feature_code == "PPLC")
                .map(|(j, p)| (p.country.clone(), self.base.len() + j));
            for (c, i) in base.chain(added) {
                let i = self.replaced.get(&(i as u32)).map_or(i, |&r| r as usize);
                let e = m.entry(c).or_insert(i);
                if self.population(*e) < self.population(i) {
                    *e = i;
                }
            }
            m
        });
        caps.get(&cc.to_ascii_uppercase()).copied()
    }

    /// The capital of a province: its most populous seat (PPLA), else the
    /// country's capital when that lies in it; from the town table (towns
    /// of 1,000 people or more).
    pub fn admin1_capital(&self, cc: &str, admin1: &str) -> Option<usize> {
        let caps = self.admin1_capitals.get_or_init(|| {
            let mut m: HashMap<(String, String), (bool, usize)> = HashMap::new();
            // Towns come most populous first.
            for (i, _, _) in self.towns(0) {
                let seat = match self.feature(i).1 {
                    "PPLA" => true,
                    "PPLC" => false,
                    _ => continue,
                };
                let e = m
                    .entry((self.country(i).to_owned(), self.admin1(i).to_owned()))
                    .or_insert((seat, i));
                if seat && !e.0 {
                    *e = (true, i);
                }
            }
            m.into_iter().map(|(k, (_, i))| (k, i)).collect()
        });
        caps.get(&(cc.to_ascii_uppercase(), admin1.to_owned()))
            .copied()
    }

    /// The place `name` means in country `cc` when it can serve as a landmark
    /// of an incident's area: an area or a sizeable town (a seat of
    /// government, or 20,000 people), with no rival of that name in the
    /// country more than 50 km away that ranks about as high. Cached.
    pub fn landmark(&self, name: &str, cc: &str) -> Option<usize> {
        let key = (name.to_owned(), cc.to_owned());
        if let Some(hit) = self
            .landmarks
            .lock()
            .ok()
            .and_then(|c| c.get(&key).copied())
        {
            return hit;
        }
        let ctx = LookupContext {
            country: Some(cc.to_owned()),
            ..LookupContext::default()
        };
        let cands = self.lookup_with(name, &ctx, false);
        let found = cands.first().and_then(|best| {
            let i = best.index;
            let code = self.feature(i).1;
            let sizeable = code.starts_with("ADM")
                || matches!(code, "PPLC" | "PPLA" | "PPLA2")
                || self.population(i) >= LANDMARK_MIN_POPULATION;
            let rival = cands.iter().skip(1).any(|c| {
                c.score > best.score - 6.0
                    && crate::geodesy::distance_km(self.lonlat(c.index), self.lonlat(i)) > 50.0
            });
            (self.in_country(i, cc) && sizeable && !rival).then_some(i)
        });
        if let Ok(mut c) = self.landmarks.lock() {
            c.insert(key, found);
        }
        found
    }

    /// The country of the best candidate, when the name is unambiguous enough
    /// to set a section's context (an admin area or a sizeable town).
    pub fn country_hint(&self, name: &str) -> Option<String> {
        let cands = self.lookup_with(name, &LookupContext::default(), false);
        let best = cands.first()?;
        let p = self.place(best.index);
        if best.rule == MatchRule::Fuzzy {
            return None;
        }
        let sizeable = p.is_admin() || p.population >= 20_000 || p.origin == Origin::Alias;
        // A second candidate of similar weight in another country makes the hint doubtful.
        let rival = cands
            .iter()
            .skip(1)
            .find(|c| self.country(c.index) != p.country && c.score > best.score - 6.0);
        (sizeable && rival.is_none())
            .then(|| p.country.split('|').next().unwrap_or_default().to_owned())
    }
}

/// Jaro-Winkler similarity a spelling variant needs anywhere in a country.
const VARIANT_SIMILARITY: f64 = 0.8;
/// The similarity of two spellings that differ only in their vowels
/// (`normalize::vowel_key`): as close as a one-letter slip in a long name.
const VOWEL_VARIANT_SIMILARITY: f64 = 0.95;

/// A spelling variant counts as a mention of the place ("Tal Hamis" for
/// "Tall Hamis") when the two spellings are this
/// alike and the name is long enough that its consonant skeleton is rare.
const MENTION_VARIANT_SIMILARITY: f64 = 0.88;
/// A name only places abroad carry finds its variants at home at this
/// similarity, when they all lie within this distance of one another's
/// first (one town and its district, not homonyms across the country).
const ABROAD_VARIANT_SIMILARITY: f64 = VARIANT_SIMILARITY;
const ABROAD_VARIANT_SPREAD_KM: f64 = 100.0;
const ABROAD_VARIANT_BEST: f64 = 0.9;
const ABROAD_VARIANT_MARGIN: f64 = 0.02;
const MENTION_VARIANT_MIN_SKELETON: usize = 4;

/// A spelling variant the text marks as a place ("the village of X", "X
/// town"): the country-wide tier of `lookup` is enough.
const MARKED_VARIANT_SIMILARITY: f64 = VARIANT_SIMILARITY;

fn mention_variant(name: &str, sim: f64) -> bool {
    sim >= MENTION_VARIANT_SIMILARITY
        && normalize::v_key(name).chars().count() >= MENTION_VARIANT_MIN_SKELETON
}

/// A settlement the text calls a village or hamlet: its population counts
/// in ranking up to this many people.
const SMALL_SETTLEMENT_POPULATION: u64 = 20_000;

/// Places of one name this close together are one place (a town and the
/// municipality named for it).
const ONE_PLACE_KM: f64 = 10.0;

/// Scores this close to the best count as tied hamlets (the corroboration
/// bonus is smaller).
const NAMESAKE_TIE: f64 = 0.5;
/// People a district must hold to stand for its seat.
const NAMESAKE_DISTRICT_POPULATION: u64 = 10_000;
/// A district's radius when the gazetteer holds no extent (km), and how far
/// past it (a factor) its seat may lie: a district's centre is a guess.
const NAMESAKE_RADIUS_KM: f64 = 25.0;
const NAMESAKE_REACH: f64 = 1.5;

/// The level a name's own level word asks for: "Zorbak Province" an ADM1,
/// "Zorbak District" or "Zorbak Township" an ADM2 (a township is the
/// district-level area where the word is an administrative unit's), "Zorbak
/// village" a small settlement.
struct Asked {
    word: String,
    area: bool,
    level: Option<&'static str>,
    small: bool,
}

impl Asked {
    fn of(name: &str) -> Asked {
        let (_, suffix) = normalize::split_area_word(name);
        if let Some(word) = suffix {
            return Asked {
                level: level_of(Some(&word)),
                word,
                area: true,
                small: false,
            };
        }
        // The last word, when it is a settlement word (no allocation for
        // the usual name without one).
        let last = name.trim_end().rsplit(' ').next().unwrap_or_default();
        let word = std::iter::once("township")
            .chain(normalize::SMALL_SETTLEMENT_WORDS.iter().copied())
            .find(|w| name.contains(' ') && last.eq_ignore_ascii_case(w))
            .unwrap_or_default()
            .to_owned();
        Asked {
            area: word == "township",
            level: (word == "township").then_some("ADM2"),
            small: normalize::SMALL_SETTLEMENT_WORDS.contains(&word.as_str()),
            word,
        }
    }

    /// A village the text calls one elsewhere ("the village of X").
    fn with_context(mut self, ctx: &LookupContext) -> Asked {
        if ctx.small_settlement && !self.area {
            self.small = true;
            self.word = "village".into();
        }
        self
    }
}

/// The admin level an area word asks for ("province" -> ADM1, "district" -> ADM2).
fn level_of(suffix: Option<&str>) -> Option<&'static str> {
    match suffix {
        // "Deir ez-Zor countryside": the rural part of the province named after its capital.
        Some(
            "province" | "governorate" | "state" | "muhafazah" | "wilayah" | "region"
            | "countryside",
        ) => Some("ADM1"),
        None => None,
        Some(_) => Some("ADM2"),
    }
}

/// The reasons of a score, written only when asked for (ranking many
/// candidates needs the numbers, not the prose).
struct Why(Option<Vec<String>>);

impl Why {
    fn push(&mut self, f: impl FnOnce() -> String) {
        if let Some(w) = &mut self.0 {
            w.push(f());
        }
    }
}

fn push_unique(v: &mut Vec<u32>, i: u32) {
    if v.last() != Some(&i) && !v.contains(&i) {
        v.push(i);
    }
}

impl crate::extract::context::PlaceCountry for Gazetteer {
    fn country_of(&self, name: &str) -> Option<String> {
        self.country_hint(name)
    }

    fn is_place_in(&self, name: &str, country: Option<&str>) -> bool {
        // Name matches only: no ranking is needed to answer yes or no.
        self.matches(name, &LookupContext::default(), false)
            .iter()
            .any(|&(i, rule, _)| {
                matches!(rule, MatchRule::Exact | MatchRule::Normalized)
                    && country.is_none_or(|cc| self.in_country(i, cc))
            })
    }

    fn is_variant_place_in(&self, name: &str, country: Option<&str>, marked: bool) -> bool {
        // Another spelling is too weak a sign without a country to look in.
        let Some(country) = country else {
            return false;
        };
        self.matches(name, &LookupContext::default(), false)
            .iter()
            .any(|&(i, rule, sim)| {
                rule == MatchRule::Variant
                    && (mention_variant(name, sim) || marked && sim >= MARKED_VARIANT_SIMILARITY)
                    && self.in_country(i, country)
            })
    }
}
