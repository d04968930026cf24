//! The gazetteer: loading (embedded default, user files in the 12-column
//! layout or raw 19-column GeoNames dumps, the aliases file), name keys, and
//! candidate lookup ranked by context. Never sees report text.

pub mod keys;
pub mod load;
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

/// Which rule matched a name.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchRule {
    Exact,
    Normalized,
    Variant,
    Fuzzy,
}

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
    /// Other places named in the same section, for proximity.
    pub near: Vec<LonLat>,
}

#[derive(Default)]
pub struct Gazetteer {
    pub places: Vec<Place>,
    /// Build-time key tables of the shipped places.
    base_n: keys::KeyTable,
    base_v: keys::KeyTable,
    /// Keys of places added at run time (aliases, user files).
    n_index: HashMap<String, Vec<u32>>,
    v_index: HashMap<String, Vec<u32>>,
    /// admin1 code "IQ.10" -> name.
    pub admin1_names: HashMap<String, String>,
    by_id: HashMap<String, u32>,
    /// Name matches already computed: (name, country for fuzzy, fuzzy?).
    match_cache: std::sync::Mutex<HashMap<MatchKey, Matches>>,
    /// Country -> index of its capital, built on first need.
    capitals: std::sync::OnceLock<HashMap<String, usize>>,
}

type MatchKey = (String, Option<String>, bool);
/// Name matches before ranking: (place index, rule, similarity).
type Matches = std::sync::Arc<Vec<(usize, MatchRule, f64)>>;

impl Gazetteer {
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
        let idx = self.places.len() as u32;
        self.places.push(place);
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
            if v.len() >= 3 {
                push_unique(self.v_index.entry(v).or_default(), idx);
            }
        }
    }

    /// Adds or replaces a place without indexing names (the base places, whose
    /// keys come from the build-time tables).
    pub fn insert(&mut self, place: Place) -> u32 {
        self.index_ids();
        match self.by_id.get(&place.id) {
            Some(&i) => {
                self.places[i as usize] = place;
                i
            }
            None => {
                let i = self.places.len() as u32;
                self.by_id.insert(place.id.clone(), i);
                self.places.push(place);
                i
            }
        }
    }

    /// New places invalidate cached name matches.
    fn forget_matches(&mut self) {
        if let Ok(c) = self.match_cache.get_mut() {
            c.clear();
        }
        self.capitals = std::sync::OnceLock::new();
    }

    /// Base rows go in without the id map (built on first need: start-up stays cheap).
    pub fn push_base(&mut self, places: impl IntoIterator<Item = Place>) {
        self.places.extend(places);
    }

    fn index_ids(&mut self) {
        if self.by_id.len() < self.places.len() {
            for (i, p) in self.places.iter().enumerate().skip(self.by_id.len()) {
                self.by_id.insert(p.id.clone(), i as u32);
            }
        }
    }

    pub fn set_base_keys(&mut self, n: keys::KeyTable, v: keys::KeyTable) {
        self.base_n = n;
        self.base_v = v;
    }

    fn n_get(&self, key: &str) -> Vec<u32> {
        let mut v = self.base_n.get(key);
        v.extend(self.n_index.get(key).into_iter().flatten());
        v
    }

    fn v_get(&self, key: &str) -> Vec<u32> {
        let mut v = self.base_v.get(key);
        v.extend(self.v_index.get(key).into_iter().flatten());
        v
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Place> {
        match self.by_id.get(id) {
            Some(&i) => Some(&self.places[i as usize]),
            None => self.places.iter().find(|p| p.id == id),
        }
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
    /// V-key, then fuzzy (Jaro-Winkler >= 0.93 on N keys) and stops at the
    /// first rule that finds anything.
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
        let (base, _) = normalize::split_area_suffix(name);
        let mut found: Vec<(usize, MatchRule, f64)> = Vec::new();
        let lower = [name.trim().to_lowercase(), base.to_lowercase()];
        for probe in [name.trim(), base.as_str()] {
            for i in self.n_get(&normalize::n_key(probe)) {
                let p = &self.places[i as usize];
                let exact = lower.contains(&p.name.to_lowercase());
                let rule = if exact {
                    MatchRule::Exact
                } else {
                    MatchRule::Normalized
                };
                found.push((i as usize, rule, 1.0));
            }
        }
        if found.is_empty() {
            let key = normalize::n_key(&base);
            for i in self.v_get(&normalize::v_key(&base)) {
                // Rank variant matches by how close the place's own name is;
                // a skeleton collision between unlike names is no match.
                let sim =
                    strsim::jaro_winkler(&normalize::n_key(&self.places[i as usize].name), &key);
                if sim >= 0.8 {
                    found.push((i as usize, MatchRule::Variant, sim));
                }
            }
        }
        if found.is_empty() && fuzzy {
            found = self.fuzzy(&base, ctx);
        } else if fuzzy && found.iter().all(|&(i, _, _)| self.places[i].is_admin()) {
            // Only a district or province carries this spelling ("Al-Hawija District"):
            // look for the town too ("Al Ḩawījah"), which ranking prefers unless an area is asked for.
            let towns = self
                .fuzzy(&base, ctx)
                .into_iter()
                .filter(|&(i, _, _)| !self.places[i].is_admin());
            found.extend(towns);
        }
        let found = std::sync::Arc::new(found);
        if let Ok(mut c) = self.match_cache.lock() {
            c.insert(key, found.clone());
        }
        found
    }

    /// `lookup` with the fuzzy tier optional (section hints never use it).
    pub fn lookup_with(&self, name: &str, ctx: &LookupContext, fuzzy: bool) -> Vec<Candidate> {
        let (_, suffix) = normalize::split_area_suffix(name);
        let want_area = ctx.want_area || suffix.is_some();
        let found = self.matches(name, ctx, fuzzy);
        let mut out: Vec<Candidate> = Vec::new();
        for &(i, rule, sim) in found.iter() {
            if out.iter().any(|c| c.index == i) {
                continue;
            }
            let level = match suffix.as_deref() {
                Some("province" | "governorate" | "state" | "muhafazah" | "wilayah" | "region") => {
                    Some("ADM1")
                }
                Some(_) => Some("ADM2"),
                None => None,
            };
            let (mut score, mut why) = self.score(&self.places[i], rule, sim, want_area, ctx);
            if let Some(level) = level
                && self.places[i].feature_code == level
            {
                score += 40.0;
                why.push_str(&format!(
                    "; the text names a {}",
                    suffix.as_deref().unwrap_or("")
                ));
            }
            out.push(Candidate {
                index: i,
                rule,
                score,
                why,
            });
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| self.places[a.index].id.cmp(&self.places[b.index].id))
        });
        out
    }

    fn fuzzy(&self, name: &str, ctx: &LookupContext) -> Vec<(usize, MatchRule, f64)> {
        let key = normalize::n_key(name);
        if key.chars().count() < 4 {
            return Vec::new();
        }
        let mut hits: Vec<(usize, MatchRule, f64)> = Vec::new();
        // Only keys with the same first letter can match: their range of the sorted table.
        let first = &key[..key.chars().next().map_or(0, char::len_utf8)];
        let base = self.base_n.with_prefix(first);
        let added = self
            .n_index
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |&i| (k.as_str(), i)));
        for (k, i) in base.chain(added) {
            // Cheap filters before the similarity: same first letter, similar length.
            if k.as_bytes().first() != key.as_bytes().first() || k.len().abs_diff(key.len()) > 3 {
                continue;
            }
            let sim = strsim::jaro_winkler(k, &key);
            if sim >= 0.93 {
                {
                    let p = &self.places[i as usize];
                    if ctx.country.as_deref().is_none_or(|c| p.in_country(c)) {
                        hits.push((i as usize, MatchRule::Fuzzy, sim));
                    }
                }
            }
        }
        hits.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        hits.truncate(50);
        hits
    }

    fn score(
        &self,
        p: &Place,
        rule: MatchRule,
        sim: f64,
        want_area: bool,
        ctx: &LookupContext,
    ) -> (f64, String) {
        let mut s = 0.0;
        let mut why = Vec::new();
        match rule {
            MatchRule::Exact => s += 20.0,
            MatchRule::Normalized => s += 18.0,
            MatchRule::Variant => s += 30.0 * sim - 15.0,
            MatchRule::Fuzzy => s += 20.0 * (sim - 0.9) / 0.1 - 5.0,
        }
        why.push(format!("{rule:?} name match").to_lowercase());
        if let Some(cc) = &ctx.country {
            if p.in_country(cc) {
                s += 100.0;
                why.push(format!("in context country {cc}"));
            } else {
                s -= 20.0;
            }
        }
        if let Some(a1) = &ctx.admin1
            && &p.admin1 == a1
        {
            s += 30.0;
            why.push("in context province".into());
        }
        if want_area {
            if p.feature_code == "ADM1" {
                s += 40.0;
                why.push("area wanted: province".into());
            } else if p.is_area() {
                s += 25.0;
            }
        } else if p.is_admin() {
            s -= 8.0;
        }
        if p.origin == Origin::Alias {
            s += 15.0;
            why.push("hand-curated alias".into());
        }
        s += match p.feature_code.as_str() {
            "PPLC" => 12.0,
            "PPLA" => 9.0,
            "PPLA2" => 5.0,
            "PPLA3" | "PPLA4" => 2.0,
            "ADM1" if !want_area => 3.0,
            _ => 0.0,
        };
        if !p.is_admin() {
            // District populations are sums over their towns: not comparable.
            s += 3.0 * ((p.population as f64) + 1.0).log10();
        }
        if !ctx.near.is_empty() {
            let d = ctx
                .near
                .iter()
                .map(|q| crate::resolve::geodesy::distance_km(p.lonlat(), *q))
                .fold(f64::INFINITY, f64::min);
            if d < 150.0 {
                s += 10.0 * (1.0 - d / 150.0);
                why.push(format!("{d:.0} km from other places in the section"));
            }
        }
        if p.population > 0 {
            why.push(format!("population {}", p.population));
        }
        (s, why.join("; "))
    }

    /// The capital (feature code PPLC) of a country: the most populous when
    /// several rows carry the code.
    pub fn capital_of(&self, cc: &str) -> Option<usize> {
        let caps = self.capitals.get_or_init(|| {
            let mut m: HashMap<String, usize> = HashMap::new();
            for (i, p) in self.places.iter().enumerate() {
                if p.feature_code == "PPLC" {
                    let e = m.entry(p.country.clone()).or_insert(i);
                    if self.places[*e].population < p.population {
                        *e = i;
                    }
                }
            }
            m
        });
        caps.get(&cc.to_ascii_uppercase()).copied()
    }

    /// The country of the best candidate, when the name is unambiguous enough
    /// to set a section's context (an admin area or a sizeable town).
    pub fn country_hint(&self, name: &str) -> Option<String> {
        let cands = self.lookup_with(name, &LookupContext::default(), false);
        let best = cands.first()?;
        let p = &self.places[best.index];
        if best.rule == MatchRule::Fuzzy {
            return None;
        }
        let sizeable = p.is_admin() || p.population >= 20_000 || p.origin == Origin::Alias;
        // A second candidate of similar weight in another country makes the hint doubtful.
        let rival = cands.iter().skip(1).find(|c| {
            let q = &self.places[c.index];
            q.country != p.country && c.score > best.score - 6.0
        });
        (sizeable && rival.is_none())
            .then(|| p.country.split('|').next().unwrap_or_default().to_owned())
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
        let ctx = LookupContext {
            country: country.map(str::to_owned),
            ..LookupContext::default()
        };
        self.lookup_with(name, &ctx, false).iter().any(|c| {
            matches!(c.rule, MatchRule::Exact | MatchRule::Normalized)
                && country.is_none_or(|cc| self.places[c.index].in_country(cc))
        })
    }
}
