//! location phrase + gazetteer -> point, uncertainty radius, precision codes.
//! The only producer of coordinates. Rules (README "Resolution rules"):
//!
//! - offset: geodesic destination from the anchor; radius from the distance's
//!   precision (half the unit of its last significant digit), the bearing's
//!   sector (N ±45°, NE ±22.5°, NNE ±11.25°) and the anchor's own extent;
//!   "about" does not widen.
//! - direction without distance: the sector 0-25 km out, centred 12.5 km along the bearing.
//! - in a place: the place, radius by its size; "central" 2 km; near/area/suburb/outskirts wider.
//! - between / road: geodesic midpoint, radius half the separation plus extents.
//! - border: a point on the shared border line, radius half the border's length.
//! - region: the area's point, radius its extent. section: the heading's place, flagged.

pub mod border;

use crate::extract::LATER;
use crate::extract::location::AFTERMATH;
use crate::extract::vocab;
use crate::gazetteer::{Gazetteer, LookupContext, MatchRule, Place, normalize};
use crate::geodesy;
use crate::model::{LocationKind, LocationPhrase, LonLat, Method, MethodRule};

/// A named feature this wide (km) is an area, not a town.
const AREA_EXTENT_KM: f64 = 15.0;

/// Jaro-Winkler similarity at which a district's name is its province's, in another spelling.
const PROVINCE_NAME_SIMILARITY: f64 = 0.8;

/// Jaro-Winkler similarity a spelling variant needs inside the province the text names.
const AREA_VARIANT_SIMILARITY: f64 = 0.7;

/// A place outside the context country is plausible within this distance of its outline, km.
pub const PLAUSIBLE_BORDER_KM: f64 = 50.0;

/// Longest offset taken at face value; more is treated as an error in the text.
pub const MAX_OFFSET_KM: f64 = 2000.0;

pub use crate::model::{Alternative, Anchor, Resolution};

/// What the resolver knows about the incident besides the phrase.
#[derive(Debug, Clone, Default)]
pub struct ResolveContext {
    pub country: Option<String>,
    /// The text itself names the country: places outside it are not taken.
    pub strict_country: bool,
    /// The text names the town the place belongs to ("Kabul's Dasht-e-Barchi"):
    /// candidates must lie within this distance (km) of it.
    pub within: Option<(LonLat, f64)>,
    /// `within` is a district's bound, a guess at its size (may be stretched).
    pub within_district: bool,
    /// Admin-1 code of an enclosing area named with the place ("Qifah, in the
    /// Al-Bayda Province", "Town (District, Province)"): ranking evidence.
    pub admin1: Option<String>,
    /// Points already resolved in the same section (proximity evidence).
    pub near: Vec<LonLat>,
    /// Other countries the incident's text names ("Syrian forces shelled a
    /// Turkish border post"): places there are plausible too.
    pub also_countries: Vec<String>,
    /// Provinces (admin-1 codes) of areas and towns named elsewhere in the incident.
    pub admin1_hints: Vec<String>,
    /// Points of the other places the incident itself names (coherence;
    /// `near` also holds the section's earlier incidents).
    pub named: Vec<LonLat>,
    /// The province the text says the place is in, as a circle (its point and
    /// extent plus slack): a match of the name far outside it is another place.
    pub area_bound: Option<(LonLat, f64)>,
    /// The part of the country the text names ("in western X").
    pub part: Option<Part>,
    /// The settlements each name of the incident may be (name key, points).
    pub mates: Vec<(String, Vec<LonLat>)>,
    /// The reading calls its place a village or hamlet ("Zorbak village").
    pub small_settlement: bool,
}

/// A name's key among the incident's names: its normal form without a level word.
fn mate_key(name: &str) -> String {
    normalize::n_key(&normalize::split_level_word(name).0)
}

/// A part of a country: its centre and size, and the bearing toward the part.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    pub centre: LonLat,
    pub radius_km: f64,
    pub bearing_deg: f64,
}

/// Score for a candidate in the part of the country the text names.
const PART_BONUS: f64 = 5.0;
/// How far toward the part from the country's centre (a share of the
/// country's radius) a place must lie to be in it.
const PART_MIN_SHARE: f64 = 0.25;

/// Ends of a road or a between farther apart than this are chosen together (km).
const JOINT_ENDS_KM: f64 = 150.0;

/// A town of note: a seat or a city (what long roads join).
fn of_note(p: &Place) -> bool {
    p.feature_class == "P"
        && (p.population >= crate::gazetteer::QUARTER_CITY_POPULATION
            || matches!(p.feature_code.as_str(), "PPLA" | "PPLC"))
}

/// How loosely a name matched: its own or an alternate name are one tier,
/// then a spelling variant, then the fuzzy tier.
fn looseness(rule: MatchRule) -> u8 {
    match rule {
        MatchRule::Exact | MatchRule::Normalized => 0,
        MatchRule::Variant => 1,
        MatchRule::Fuzzy => 2,
    }
}
/// Settlements of one name looked at for coherence with the other names, at most.
const MAX_MATE_CANDIDATES: usize = 12;
/// Two places this close are neighbours for coherence (km).
const MATE_KM: f64 = 30.0;
/// Score for a candidate near a place another name of the incident may be.
const MATE_BONUS: f64 = 6.0;

pub struct Resolver<'g> {
    pub gazetteer: &'g Gazetteer,
    pub borders: &'g border::Countries,
}

struct Found {
    place: Place,
    rule: MatchRule,
    why: String,
    alternatives: Vec<Alternative>,
}

impl<'g> Resolver<'g> {
    /// Resolves a phrase, trying its fallbacks in turn. Never fails: an
    /// unresolvable phrase gives a `Resolution` with `unresolved_reason`.
    pub fn resolve(&self, phrase: &LocationPhrase, ctx: &ResolveContext) -> Resolution {
        let r = self.resolve_chain(phrase, ctx);
        // A namesake across the border (plausible only as a border town) gives
        // way to another reading of the incident inside the context country
        // ("near a village on the edge of a town"), unless the
        // text names the neighbour.
        let abroad = |x: &Resolution| {
            x.point.is_some()
                && ctx.country.as_deref().is_some_and(|cc| {
                    x.country.as_deref().is_some_and(|c| c != cc)
                        && !ctx
                            .also_countries
                            .iter()
                            .any(|o| Some(o.as_str()) == x.country.as_deref())
                })
        };
        // Right on the border (10 km) the namesake may well be the place.
        let on_border = r.point.zip(ctx.country.as_deref()).is_some_and(|(pt, cc)| {
            self.borders
                .within_km_of(cc, pt, ON_BORDER_KM)
                .unwrap_or(true)
        });
        if !abroad(&r) || ctx.strict_country || on_border {
            return r;
        }
        let base = self.with_named_places(phrase, ctx);
        let mut cur = Some(phrase);
        while let Some(p) = cur {
            if !matches!(p.kind, LocationKind::Section | LocationKind::Border) {
                let pctx = self.with_area(p.context.as_ref().or(phrase.context.as_ref()), &base);
                if let Ok(mut alt) = self.resolve_one(p, &pctx)
                    && !abroad(&alt)
                    && alt.method != Some(Method::new(MethodRule::Country))
                {
                    alt.method = alt.method.map(Method::as_fallback);
                    alt.evidence = Some(format!(
                        "{}; chosen over a namesake abroad ({})",
                        alt.evidence.unwrap_or_default(),
                        r.country.as_deref().unwrap_or("")
                    ));
                    return alt;
                }
            }
            cur = p.fallback.as_deref();
        }
        r
    }

    fn resolve_chain(&self, phrase: &LocationPhrase, ctx: &ResolveContext) -> Resolution {
        let mut reasons = Vec::new();
        let coherent = self.with_named_places(phrase, ctx);
        let base = &coherent;
        let mut current = Some(phrase);
        let mut depth = 0;
        while let Some(p) = current {
            // Each reading in its own admin context: a fallback's
            // "Buratai (Biu LGA, Borno)" as much as the first reading's.
            let ctx = &self.with_area(p.context.as_ref().or(phrase.context.as_ref()), base);
            match self.resolve_one(p, ctx) {
                // A country or a part of one ("in western Yemen (Hays, Al
                // Hudaydah)") is the least precise reading: the areas the text
                // names with it come first.
                Ok(r)
                    if r.method == Some(Method::new(MethodRule::Country))
                        && p.context.is_some()
                        && let Some(better) =
                            self.context_fallback(p, base, "a country part is less precise") =>
                {
                    return better;
                }
                Ok(mut r) => {
                    // An areal reading (road, between, border, region) gives way to an
                    // offset or direction of the same incident that is more precise and
                    // lies inside it; a place named elsewhere (the aftermath) does not.
                    // ("on the M-4 highway ... a village about 17 km southwest of Idlib").
                    let areal = matches!(
                        p.kind,
                        LocationKind::Road
                            | LocationKind::Between
                            | LocationKind::Border
                            | LocationKind::Region
                    );
                    // The same holds for a named place of the incident inside the
                    // region ("X, the Y State capital"; "X in the Y governorate").
                    // "Bardaale (55km NW of Baidoa)": the place must be where the
                    // text says it is; a homonym elsewhere gives way to one there,
                    // or to the offset itself.
                    if let Some(mut checked) = self.check_gloss(p, &r, ctx) {
                        if depth > 0 {
                            checked.method = checked.method.map(Method::as_fallback);
                        }
                        return checked;
                    }
                    let better = if areal {
                        self.more_precise_inside(p, &r, ctx)
                    } else {
                        self.smaller_place_within(p, &r, ctx)
                    }
                    .or_else(|| self.refined_by_later(p, &r, base));
                    if let Some(better) = better {
                        let mut better = better;
                        better.evidence = Some(format!(
                            "{}; chosen over the less precise '{}' ({} km)",
                            better.evidence.unwrap_or_default(),
                            p.text,
                            r.uncertainty_km.unwrap_or(0.0)
                        ));
                        return better;
                    }
                    if let Some(other) = self.far_guess(p, &r, base) {
                        return other;
                    }
                    if depth > 0 {
                        r.method = r.method.map(Method::as_fallback);
                        r.evidence = Some(format!(
                            "{} (first reading failed: {})",
                            r.evidence.unwrap_or_default(),
                            reasons.join("; ")
                        ));
                    }
                    return r;
                }
                Err(reason) => reasons.push(reason),
            }
            current = p.fallback.as_deref();
            depth += 1;
        }
        // Last resort: the enclosing areas the text names ("... (Mopti region)"),
        // the first reading's, else those of the next reading that has some.
        let why = reasons.join("; ");
        let mut cur = Some(phrase);
        while let Some(p) = cur {
            if p.context.is_some()
                && let Some(r) = self.context_fallback(p, base, &why)
            {
                return r;
            }
            cur = p.fallback.as_deref();
        }
        Resolution::unresolved(why)
    }

    /// Whether `place` lies in the area the context names: its province,
    /// or within the bound of the district or town.
    fn inside_named_area(&self, place: &Place, ctx: &ResolveContext) -> bool {
        let at = place.lonlat();
        let within = |b: Option<(LonLat, f64)>| {
            b.is_some_and(|(centre, radius)| geodesy::distance_km(at, centre) <= radius)
        };
        match (ctx.within, ctx.admin1.as_deref()) {
            (Some(_), _) => within(ctx.within),
            (None, Some(a1)) => place.admin1 == a1 || within(ctx.area_bound),
            (None, None) => false,
        }
    }

    /// A reading found only by a loose spelling ("Mambaka" as a "Mabaka"
    /// far away) that lies far from where the incident's other readings
    /// put it ("close to Biakatu") is a guess the text contradicts: the
    /// other readings win.
    fn far_guess(
        &self,
        p: &LocationPhrase,
        r: &Resolution,
        base: &ResolveContext,
    ) -> Option<Resolution> {
        let loose = r
            .anchor
            .as_ref()
            .is_some_and(|a| matches!(a.rule, MatchRule::Fuzzy | MatchRule::Variant));
        let (point, rest) = r.point.zip(p.fallback.as_deref()).filter(|_| loose)?;
        let mut other = self.resolve_chain(rest, base);
        let at = other.point?;
        // The other reading is a name as spelled; and either the loose one
        // is a hamlet, or the other is sure: an area, a seat or a town of
        // some size (not a hamlet that shares a word of the text: "Baloch
        // separatists").
        let hamlet = r
            .anchor
            .as_ref()
            .is_some_and(|a| a.extent_km <= SMALL_PLACE_KM);
        let sure = other.anchor.as_ref().is_some_and(|a| {
            matches!(a.rule, MatchRule::Exact | MatchRule::Normalized)
                && (hamlet
                    || a.feature_code.starts_with("ADM")
                    || a.feature_code.starts_with("PPLA")
                    || a.feature_code == "PPLC"
                    || a.extent_km > SMALL_PLACE_KM)
        });
        if !sure {
            return None;
        }
        let far = FAR_GUESS_KM + other.uncertainty_km.unwrap_or(0.0);
        if other.method.is_some_and(|m| m.rule == MethodRule::Country)
            || geodesy::distance_km(point, at) <= far
        {
            return None;
        }
        other.method = other.method.map(Method::as_fallback);
        other.evidence = Some(format!(
            "{}; '{}' was only a loose spelling, {:.0} km from the incident's other places",
            other.evidence.unwrap_or_default(),
            p.text,
            geodesy::distance_km(point, at)
        ));
        Some(other)
    }

    /// The enclosing areas the text names with the phrase, smallest first:
    /// "Biu LGA, Borno" tries Biu LGA, then Borno.
    fn context_fallback(
        &self,
        phrase: &LocationPhrase,
        base: &ResolveContext,
        why: &str,
    ) -> Option<Resolution> {
        let ctx = &self.with_area(phrase.context.as_ref(), base);
        for area in phrase.context.iter().flat_map(|a| a.split(", ")) {
            let region =
                LocationPhrase::new(area.to_owned(), LocationKind::Region, vec![area.to_owned()]);
            if let Ok(mut r) = self.resolve_region(&region, ctx) {
                r.reading = Some(area.to_owned());
                r.reading_kind = Some(LocationKind::Region);
                r.method = r.method.map(Method::as_context);
                r.evidence = Some(format!("{why}; {}", r.evidence.unwrap_or_default()));
                return Some(r);
            }
        }
        None
    }

    /// The first reading in `p`'s fallback chain (an offset or direction; a
    /// named place too when `p` is a region) that resolves more precisely
    /// than `r` and lies inside it.
    fn more_precise_inside(
        &self,
        p: &LocationPhrase,
        r: &Resolution,
        ctx: &ResolveContext,
    ) -> Option<Resolution> {
        // A named place inside a road or a border strip may be the aftermath
        // ("taken to a hospital in Kirkuk"); inside a region it is the event's place.
        let places_count = p.kind == LocationKind::Region;
        let mut cur = p.fallback.as_deref();
        while let Some(fb) = cur {
            // A gloss says where the area is ("Babil province, south of
            // Baghdad"), not where in it the incident was.
            let gloss = fb.qualifiers.iter().any(|q| q == "gloss" || q == AFTERMATH);
            let candidate = match fb.kind {
                _ if gloss => false,
                LocationKind::Offset | LocationKind::Direction => true,
                LocationKind::InPlace | LocationKind::Near => places_count,
                _ => false,
            };
            if candidate
                && let Ok(better) = self.resolve_one(fb, ctx)
                && better
                    .uncertainty_km
                    .zip(r.uncertainty_km)
                    .is_some_and(|(b, a)| b < a)
                && inside(&better, r)
            {
                return Some(better);
            }
            cur = fb.fallback.as_deref();
        }
        None
    }

    /// A reading of the story's later sentences (qualifier `LATER`) that
    /// resolves more precisely than `r` and lies where `r` says: in its
    /// sector for a direction ("north of X", then "north of the town of Y"),
    /// inside its circle for an area ("in X state", then "on the Y-Z road"),
    /// within a town's reach for a town. The first such reading is taken.
    fn refined_by_later(
        &self,
        p: &LocationPhrase,
        r: &Resolution,
        base: &ResolveContext,
    ) -> Option<Resolution> {
        let (centre, unc, anchor) = (r.point?, r.uncertainty_km?, r.anchor.as_ref()?);
        // Along a road, a between or a border strip a named place is more
        // often the aftermath ("taken to a hospital in X") than the spot.
        let linear = matches!(
            p.kind,
            LocationKind::Road | LocationKind::Between | LocationKind::Border
        );
        let mut cur = p.fallback.as_deref();
        while let Some(fb) = cur {
            cur = fb.fallback.as_deref();
            if !fb.qualifiers.iter().any(|q| q == LATER)
                || fb.qualifiers.iter().any(|q| q == "gloss" || q == AFTERMATH)
                || matches!(fb.kind, LocationKind::Section | LocationKind::Border)
                || (linear && !matches!(fb.kind, LocationKind::Offset | LocationKind::Direction))
            {
                continue;
            }
            let ctx = self.with_area(fb.context.as_ref(), base);
            let Ok(better) = self.resolve_one(fb, &ctx) else {
                continue;
            };
            let (Some(q), Some(bu)) = (better.point, better.uncertainty_km) else {
                continue;
            };
            // "near X", X a town that names its province too: the story may
            // mean the province, and a later sentence may place it anywhere
            // in it ("near Raqqa ... on the A-B road in Raqqa").
            let province_wide = || {
                better.anchor.as_ref().is_some_and(|b| {
                    b.admin1.is_some()
                        && b.admin1 == anchor.admin1
                        && geodesy::distance_km(q, centre) <= ADM1_RADIUS_KM
                        && p.anchors
                            .first()
                            .zip(self.gazetteer.get(&anchor.id))
                            .is_some_and(|(name, place)| self.names_its_province(name, &place))
                })
            };
            if better.method == Some(Method::new(MethodRule::Country))
                || (bu >= unc && !(bu < ADM1_RADIUS_KM && province_wide()))
            {
                continue;
            }
            let from = LonLat {
                lon: anchor.lon,
                lat: anchor.lat,
            };
            let fits = match (r.method, r.bearing_deg.or(p.bearing_deg)) {
                (Some(m), Some(b)) if m == Method::new(MethodRule::Direction) => {
                    let d = geodesy::distance_km(from, q);
                    d <= MAX_DIRECTION_GLOSS_KM
                        && off_bearing_deg(from, q, b)
                            <= p.bearing_halfwidth_deg.unwrap_or(45.0) + 22.5
                }
                // An area (a province, a lake, a valley): inside its circle.
                _ if anchor.feature_code.starts_with("ADM")
                    || anchor.extent_km > AREA_EXTENT_KM =>
                {
                    geodesy::distance_km(q, centre) <= unc
                }
                // A town: a smaller place within its reach, or a reading
                // from the town itself ("20 km south of X" after "in X").
                _ => better.anchor.as_ref().is_some_and(|b| {
                    b.id == anchor.id
                        || (place_rank(&b.feature_code) < place_rank(&anchor.feature_code)
                            && geodesy::distance_km(q, centre)
                                <= unc.max(anchor.extent_km).max(SMALLER_PLACE_KM))
                        || province_wide()
                }),
            };
            if fits {
                let mut better = better;
                better.evidence = Some(format!(
                    "{}; where in '{}' a later sentence of the story says",
                    better.evidence.unwrap_or_default(),
                    p.text
                ));
                return Some(better);
            }
        }
        None
    }

    /// The point of a direction's sector ("west of X", no distance): its
    /// centre, unless that lies outside X's country (at sea off a coast, or
    /// abroad) while another part of the sector lies inside it; then the
    /// first such part, nearest the centre line first. True when moved.
    fn sector_point_on_land(&self, anchor: &Place, b: f64, d: f64, half: f64) -> (LonLat, bool) {
        let from = anchor.lonlat();
        let centre = geodesy::destination(from, b, d);
        let cc = anchor.country.split('|').next().unwrap_or_default();
        let inside = |p: LonLat| self.borders.within_km_of(cc, p, 0.0);
        if inside(centre) != Some(false) {
            return (centre, false);
        }
        let steps: [f64; 3] = [15.0, 30.0, 45.0];
        for dist in [d, d / 2.0] {
            for off in std::iter::once(0.0_f64).chain(steps.iter().flat_map(|s| [*s, -*s])) {
                if off.abs() > half {
                    continue;
                }
                let p = geodesy::destination(from, b + off, dist);
                if inside(p) == Some(true) {
                    return (p, true);
                }
            }
        }
        (centre, false)
    }

    /// Coherence: the other places the incident names (every anchor and
    /// enclosing area in its readings) that are areas or sizeable towns of the
    /// context country, found without ambiguity, lend their position (for
    /// proximity) and their province (as a ranking hint) to every reading.
    fn with_named_places(&self, phrase: &LocationPhrase, ctx: &ResolveContext) -> ResolveContext {
        let mut out = ctx.clone();
        let Some(cc) = ctx.country.as_deref() else {
            return out;
        };
        // Each name with whether the text calls it a province ("in X
        // province"): a province lends its admin1, not its capital's point.
        let mut names: Vec<(String, bool)> = Vec::new();
        let mut cur = Some(phrase);
        while let Some(p) = cur {
            // "X. ... in western Y": the part of the country it is in.
            if p.kind == LocationKind::Region
                && let Some(b) = p.bearing_deg
                && p.anchors
                    .first()
                    .and_then(|a| crate::extract::vocab::country_by_name(a))
                    == Some(cc)
                && let Some(c) = self.borders.get(cc)
            {
                out.part = Some(Part {
                    centre: c.centre,
                    radius_km: c.radius_km,
                    bearing_deg: b,
                });
            }
            let province = p.kind == LocationKind::Region
                && area_level(p.text.trim_end_matches(['.', ','])) == Some("ADM1");
            names.extend(p.anchors.iter().map(|a| (a.clone(), province)));
            names.extend(p.context.iter().flat_map(|c| {
                c.split(", ")
                    .map(|a| (a.to_owned(), area_level(a) == Some("ADM1")))
            }));
            cur = p.fallback.as_deref();
        }
        let mut seen = std::collections::HashSet::new();
        names.retain(|(n, _)| seen.insert(n.clone()));
        let g = self.gazetteer;
        for (name, province) in names.iter().take(MAX_COHERENCE_NAMES) {
            // A country is no place to be near ("X. ... in Nigeria").
            if crate::extract::vocab::country_by_name(name).is_some() {
                continue;
            }
            let Some(i) = g.landmark(name, cc).or_else(|| {
                // "Northern Zorbak State": the province holds the incident.
                compass_part(name).and_then(|(_, rest)| g.landmark(rest, cc))
            }) else {
                continue;
            };
            let (_, code) = g.feature(i);
            let a1 = g.admin1(i);
            if !a1.is_empty() && !out.admin1_hints.iter().any(|h| h == a1) {
                out.admin1_hints.push(a1.to_owned());
            }
            if !code.starts_with("ADM1") && !province {
                out.near.push(g.lonlat(i));
                out.named.push(g.lonlat(i));
            }
        }
        // Every settlement each name may be: of two homonyms, the one near a
        // place another name may be is the one meant ("attack X ... nearby Y").
        let places: Vec<&String> = names
            .iter()
            .filter(|(n, province)| {
                !province
                    && area_level(n).is_none()
                    && crate::extract::vocab::country_by_name(n).is_none()
            })
            .map(|(n, _)| n)
            .take(MAX_COHERENCE_NAMES)
            .collect();
        if places.len() > 1 {
            for name in places {
                let points: Vec<LonLat> = self
                    .close_matches_in(name, cc)
                    .iter()
                    .filter(|c| g.feature(c.index).0 == "P")
                    .map(|c| g.lonlat(c.index))
                    .collect();
                if !points.is_empty() {
                    out.mates.push((mate_key(name), points));
                }
            }
        }
        out
    }

    /// A name's close (exact or normalised) matches in country `cc`, best first.
    fn close_matches_in(&self, name: &str, cc: &str) -> Vec<crate::gazetteer::Candidate> {
        let g = self.gazetteer;
        let lctx = LookupContext {
            country: Some(cc.to_owned()),
            ..LookupContext::default()
        };
        g.lookup(name, &lctx)
            .into_iter()
            .filter(|c| {
                matches!(c.rule, MatchRule::Exact | MatchRule::Normalized)
                    && g.in_country(c.index, cc)
            })
            .take(MAX_MATE_CANDIDATES)
            .collect()
    }

    /// The two ends of a road or a between chosen together: of the second
    /// name's settlements (in the context country), the one with a
    /// settlement of the first name nearest, within `JOINT_ENDS_KM`.
    fn close_ends(&self, a: &str, b: &str, ctx: &ResolveContext) -> Option<(Found, Found)> {
        let g = self.gazetteer;
        let cc = ctx.country.as_deref()?;
        let near = |at: LonLat| {
            let mut c = ctx.clone();
            c.within = Some((at, JOINT_ENDS_KM));
            c.within_district = false;
            c
        };
        self.close_matches_in(b, cc)
            .iter()
            .filter_map(|c| {
                let at = g.lonlat(c.index);
                let fa = self.find_point(a, &near(at)).ok()?;
                let fb = self.find_point(b, &near(fa.place.lonlat())).ok()?;
                let d = geodesy::distance_km(fa.place.lonlat(), fb.place.lonlat());
                Some((d, fa, fb))
            })
            .min_by(|x, y| x.0.total_cmp(&y.0))
            .map(|(_, fa, fb)| (fa, fb))
    }

    /// Candidates near a place another name of the incident may be rank higher.
    fn near_mates(
        &self,
        name: &str,
        cands: &mut [crate::gazetteer::Candidate],
        ctx: &ResolveContext,
    ) {
        let key = mate_key(name);
        let g = self.gazetteer;
        // Only among settlements: an area the name is read as stays.
        if cands.first().is_none_or(|c| g.feature(c.index).0 != "P") {
            return;
        }
        let mut moved = false;
        for c in cands.iter_mut() {
            if g.feature(c.index).0 != "P" {
                continue;
            }
            let p = g.lonlat(c.index);
            let mate = ctx.mates.iter().filter(|(k, _)| *k != key).any(|(_, pts)| {
                pts.iter()
                    .any(|q| *q != p && geodesy::distance_km(*q, p) <= MATE_KM)
            });
            if mate {
                c.score += MATE_BONUS;
                c.why
                    .push_str("; near a place another name of the text may be");
                moved = true;
            }
        }
        if moved {
            cands.sort_by(|a, b| b.score.total_cmp(&a.score));
        }
    }

    /// A place reading whose fallback is a gloss of it (an offset the text
    /// gives for the place) is checked against the gloss: beyond the offset's
    /// own uncertainty (plus a third of its distance and 10 km) the place
    /// named is another one of that name, so the name is looked up again
    /// around the gloss point, or the gloss is used.
    fn check_gloss(
        &self,
        p: &LocationPhrase,
        r: &Resolution,
        ctx: &ResolveContext,
    ) -> Option<Resolution> {
        if !matches!(p.kind, LocationKind::InPlace | LocationKind::Near) {
            return None;
        }
        let g = p
            .fallback
            .as_deref()
            .filter(|g| g.qualifiers.iter().any(|q| q == "gloss"))?;
        let gr = self.resolve_one(g, ctx).ok()?;
        let (gp, rp) = (gr.point?, r.point?);
        let slack = gr.uncertainty_km.unwrap_or(0.0) + g.distance_km.unwrap_or(0.0) / 3.0 + 10.0;
        let agrees = match (g.distance_km, g.bearing_deg, gr.anchor.as_ref()) {
            (Some(_), _, _) => geodesy::distance_km(gp, rp) <= slack,
            // "X (southwest of Y)": X lies in that sector of Y, at any sensible distance.
            (None, Some(b), Some(a)) => {
                let from = LonLat {
                    lon: a.lon,
                    lat: a.lat,
                };
                let d = geodesy::distance_km(from, rp);
                d <= MAX_DIRECTION_GLOSS_KM
                    && (d < 5.0
                        || off_bearing_deg(from, rp, b)
                            <= g.bearing_halfwidth_deg.unwrap_or(22.5) + 22.5)
            }
            // "X near Y": X within a near place's reach of Y.
            // (An area as Y cannot tell: it is too large.)
            (None, None, Some(a)) if g.kind == LocationKind::Near => {
                a.feature_code.starts_with("ADM")
                    || geodesy::distance_km(gp, rp)
                        <= gr.uncertainty_km.unwrap_or(0.0) + NEAR_GLOSS_KM
            }
            _ => true,
        };
        if agrees {
            return None;
        }
        let mut near = ctx.clone();
        near.within = Some((gp, slack));
        near.within_district = false;
        let mut out = match self.resolve_one(p, &near) {
            Ok(r2) => r2,
            Err(_) => {
                let mut gr = gr;
                gr.method = gr.method.map(Method::as_fallback);
                gr
            }
        };
        out.evidence = Some(format!(
            "{}; '{}' as the text places it ({}), not the {} {:.0} km away",
            out.evidence.unwrap_or_default(),
            p.anchors.join(" / "),
            g.text,
            r.anchor.as_ref().map_or("place", |a| a.name.as_str()),
            geodesy::distance_km(gp, rp)
        ));
        Some(out)
    }

    /// A town, district or city reading gives way to a smaller place of the
    /// same incident within it ("Bengala II in Macomia", "a village in
    /// Patikul town", "the Sheikh Othman district of Aden"): the first
    /// reading in the chain that resolves more precisely, to a place of
    /// lower rank, no farther than the town's own radius (at least 30 km).
    fn smaller_place_within(
        &self,
        p: &LocationPhrase,
        r: &Resolution,
        ctx: &ResolveContext,
    ) -> Option<Resolution> {
        if !matches!(p.kind, LocationKind::InPlace | LocationKind::Near) {
            return None;
        }
        let (anchor, centre) = (r.anchor.as_ref()?, r.point?);
        let radius = r
            .uncertainty_km?
            .max(anchor.extent_km)
            .max(SMALLER_PLACE_KM);
        let rank = place_rank(&anchor.feature_code);
        let mut cur = p.fallback.as_deref();
        // The area the text puts the place in ("X district ... in Y") holds
        // it: never a smaller place within it.
        let container = |fb: &LocationPhrase| {
            p.context
                .as_deref()
                .is_some_and(|c| fb.anchors.iter().any(|a| c.split(", ").any(|x| x == a)))
        };
        while let Some(fb) = cur {
            cur = fb.fallback.as_deref();
            if container(fb) {
                continue;
            }
            // "in the city of X ... in the Y district": a district whose seat
            // lies inside the city is a part of it; the incident is in both,
            // so no farther from Y's seat than the city's own radius.
            let district = fb.kind == LocationKind::Region;
            if !(district
                || matches!(
                    fb.kind,
                    LocationKind::InPlace | LocationKind::Near | LocationKind::Offset
                ))
            {
                continue;
            }
            let Ok(mut better) = self.resolve_one(fb, ctx) else {
                continue;
            };
            let Some((b, q)) = better.anchor.as_ref().zip(better.point) else {
                continue;
            };
            let within = if district {
                b.feature_code.starts_with("PPL")
                    && geodesy::distance_km(q, centre) <= r.uncertainty_km?.max(anchor.extent_km)
            } else {
                geodesy::distance_km(q, centre) <= radius
            };
            if b.id != anchor.id && place_rank(&b.feature_code) < rank && within {
                if district {
                    better.uncertainty_km = better
                        .uncertainty_km
                        .zip(r.uncertainty_km)
                        .map(|(b, a)| b.min(a));
                }
                if better
                    .uncertainty_km
                    .zip(r.uncertainty_km)
                    .is_some_and(|(b, a)| b <= a)
                {
                    return Some(better);
                }
            }
        }
        None
    }

    /// The context narrowed by an enclosing area the text names: a province
    /// ("Qifah, in the Al-Bayda Province") restricts candidates to it; a town
    /// ("Baghdad's Sadr City") asks for places in or near it.
    fn with_area(&self, area: Option<&String>, ctx: &ResolveContext) -> ResolveContext {
        let mut ctx = ctx.clone();
        // "Biu LGA, Borno": the largest area (last) first, so it narrows the smaller.
        let mut parts: Vec<&str> = area.map_or(Vec::new(), |a| a.split(", ").collect());
        parts.reverse();
        for area in parts {
            // An enclosing name is read as an area first ("Menbij in Aleppo":
            // the governorate, not the city).
            let found = self.find(area, &ctx, true);
            // "in the town of Maradi, Niger": a country names the country,
            // unless it is an area of the context country ("Borgu LGA, Niger").
            if let Some(cc) = crate::extract::vocab::country_by_name(area)
                && !found.as_ref().is_ok_and(|f| {
                    f.place.feature_code.starts_with("ADM")
                        && ctx.country.as_deref() == Some(f.place.country.as_str())
                })
            {
                ctx.country = Some(cc.to_owned());
                continue;
            }
            let Ok(f) = found else {
                continue;
            };
            if f.place.is_area() && !f.place.admin1.is_empty() {
                ctx.admin1 = Some(f.place.admin1.clone());
                if matches!(f.place.feature_code.as_str(), "ADM1" | "ADM2" | "ADM3") {
                    ctx.area_bound = Some((
                        f.place.lonlat(),
                        PROVINCE_SLACK_KM + area_bound_km(&f.place),
                    ));
                }
                // A district bounds its places more tightly than its province
                // (not its "countryside", the rural land around its capital).
                let suffix = normalize::split_area_suffix(area).1;
                // Nor when the text calls it a province: a district of the
                // same name found for "Y province" bounds nothing tighter.
                let wide = suffix.as_deref() == Some("countryside")
                    || area_level(area) == Some("ADM1")
                    || (suffix.is_none() && self.names_its_province(area, &f.place));
                if matches!(f.place.feature_code.as_str(), "ADM2" | "ADM3") && !wide {
                    ctx.within = Some((
                        f.place.lonlat(),
                        DISTRICT_SLACK_KM + area_bound_km(&f.place),
                    ));
                    ctx.within_district = true;
                }
            } else if area_level(area) == Some("ADM1") && !f.place.admin1.is_empty() {
                // "Y province" found as its capital: the province holds X.
                ctx.admin1 = Some(f.place.admin1.clone());
            } else if normalize::split_area_suffix(area).1.is_none()
                && !f.place.admin1.is_empty()
                && self.names_its_province(area, &f.place)
            {
                // "X in Y", Y a provincial capital and its province: the
                // province holds X; the town lends proximity.
                ctx.admin1 = Some(f.place.admin1.clone());
                ctx.near.insert(0, f.place.lonlat());
                ctx.named.push(f.place.lonlat());
            } else {
                ctx.near.insert(0, f.place.lonlat());
                ctx.named.push(f.place.lonlat());
                ctx.within = Some((f.place.lonlat(), 60.0 + place_extent_km(&f.place)));
                ctx.within_district = false;
            }
            ctx.country = ctx.country.or_else(|| Some(f.place.country.clone()));
        }
        ctx
    }

    /// True when a bare area name ("in X in Y") found as a district or a
    /// town also names, in some spelling, the province it lies in (a province
    /// named after its capital, the capital's district): the province is
    /// the safer bound.
    fn names_its_province(&self, name: &str, district: &Place) -> bool {
        if district.feature_code == "ADM1" {
            return false;
        }
        let Some(province) = self.gazetteer.admin1_name(district) else {
            return false;
        };
        // Whole names alike ("As-Sweida" / "As Suwayda'"), not a prefix
        // ("Khyber" / "Khyber Pakhtunkhwa").
        let (a, b) = (normalize::n_key(name), normalize::n_key(&province));
        let (va, vb) = (normalize::v_key(name), normalize::v_key(&province));
        a.len().abs_diff(b.len()) <= 3
            && ((va.len() >= 3 && va == vb)
                || strsim::jaro_winkler(&a, &b) >= PROVINCE_NAME_SIMILARITY)
    }

    /// Candidates in the part of the country the text names rank higher:
    /// those lying toward it from the country's centre by at least a
    /// quarter of the country's radius.
    fn toward_part(&self, cands: &mut [crate::gazetteer::Candidate], part: Part) {
        let g = self.gazetteer;
        let (sin, cos) = part.bearing_deg.to_radians().sin_cos();
        let mut moved = false;
        for c in cands.iter_mut() {
            let p = g.lonlat(c.index);
            // Local east and north offsets (km): enough to tell a side.
            let east = (p.lon - part.centre.lon) * 111.32 * part.centre.lat.to_radians().cos();
            let north = (p.lat - part.centre.lat) * 110.57;
            if east * sin + north * cos > PART_MIN_SHARE * part.radius_km {
                c.score += PART_BONUS;
                c.why
                    .push_str("; in the part of the country the text names");
                moved = true;
            }
        }
        if moved {
            cands.sort_by(|a, b| b.score.total_cmp(&a.score));
        }
    }

    /// The city a name of several words ends with, when the words before
    /// it are unknown: the city of a quarter named before it. Only a
    /// city (a seat or a town of note) spelled as the gazetteer does.
    fn city_after_quarter(&self, name: &str, ctx: &ResolveContext) -> Option<Found> {
        let words: Vec<&str> = name.split_whitespace().collect();
        // "Barangay X" is the barangay, not a quarter of a city named X.
        if words.iter().any(|w| normalize::is_level_word(w)) {
            return None;
        }
        (1..words.len()).find_map(|k| {
            let city = words[k..].join(" ");
            let f = self.find_with(&city, ctx, false, false).ok()?;
            let g = &f.place;
            // A city as the gazetteer counts one for its quarters, or a seat.
            (of_note(g) && matches!(f.rule, MatchRule::Exact | MatchRule::Normalized)).then(|| {
                Found {
                    why: format!(
                        "'{name}' is not in the gazetteer: a quarter of {city}; {}",
                        f.why
                    ),
                    ..f
                }
            })
        })
    }

    fn find(&self, name: &str, ctx: &ResolveContext, want_area: bool) -> Result<Found, String> {
        self.find_with(name, ctx, want_area, false)
    }

    /// The anchor of an offset, direction or between: a town to measure from
    /// ("south of Mizdah" is the town, not the district named after it).
    fn find_point(&self, name: &str, ctx: &ResolveContext) -> Result<Found, String> {
        self.find_with(name, ctx, false, true)
    }

    fn find_with(
        &self,
        name: &str,
        ctx: &ResolveContext,
        want_area: bool,
        anchor_point: bool,
    ) -> Result<Found, String> {
        // Coreference: "the capital" (the context country's), "capital of Somalia".
        let capital_of = match name.strip_prefix("capital of ") {
            Some(country) => self
                .borders
                .by_code
                .values()
                .find(|c| c.name.eq_ignore_ascii_case(country))
                .map(|c| c.iso_a2.clone()),
            None if name == "the capital" => ctx.country.clone(),
            None => None,
        };
        // "the Kano State capital", "the capital of Niger State": a province's capital.
        if let Some(area) = name.strip_prefix("provincial capital of ") {
            let province = self.find_with(area, ctx, true, false)?;
            let p = &province.place;
            let i = (p.feature_code == "ADM1")
                .then(|| self.gazetteer.admin1_capital(&p.country, &p.admin1))
                .flatten()
                .ok_or_else(|| format!("'{name}': no capital of '{area}' in the gazetteer"))?;
            return Ok(Found {
                place: self.gazetteer.place(i),
                rule: province.rule,
                why: format!("'{name}': the capital of {}", p.name),
                alternatives: Vec::new(),
            });
        }
        if name == "the capital" || name.starts_with("capital of ") {
            let cc = capital_of
                .ok_or_else(|| format!("'{name}': which country's capital is not known"))?;
            let i = self
                .gazetteer
                .capital_of(&cc)
                .ok_or_else(|| format!("no capital of {cc} in the gazetteer"))?;
            return Ok(Found {
                place: self.gazetteer.place(i),
                rule: MatchRule::Exact,
                why: format!("'{name}': the capital of {cc}"),
                alternatives: Vec::new(),
            });
        }
        let lctx = LookupContext {
            country: ctx.country.clone(),
            admin1: ctx.admin1.clone(),
            want_area,
            anchor_point,
            near: ctx.near.clone(),
            admin1_hints: ctx.admin1_hints.clone(),
            small_settlement: ctx.small_settlement && !anchor_point,
        };
        let mut cands = self.gazetteer.lookup(name, &lctx);
        if let Some(part) = ctx.part {
            self.toward_part(&mut cands, part);
        }
        if cands.len() > 1 && !ctx.mates.is_empty() {
            self.near_mates(name, &mut cands, ctx);
        }
        if let Some((centre, radius)) = ctx.within {
            let all = std::mem::take(&mut cands);
            let dist = |c: &crate::gazetteer::Candidate| {
                geodesy::distance_km(self.gazetteer.lonlat(c.index), centre)
            };
            cands = all.iter().filter(|c| dist(c) <= radius).cloned().collect();
            // A district's bound is a guess at its size: the name itself,
            // in the province the text names, a little beyond it is still
            // the place ("X Township, Y District, Z State"), unless it is
            // the seat of a district of its own (or shares a district's name).
            let is = |c: &crate::gazetteer::Candidate, codes: &[&str]| {
                codes.contains(&self.gazetteer.place(c.index).feature_code.as_str())
            };
            // A name that is also a district's names the town of that district.
            let own_district = all.iter().any(|c| is(c, &["ADM2", "ADM3"]));
            if cands.is_empty()
                && ctx.within_district
                && !own_district
                && let Some(a1) = ctx.admin1.as_deref()
            {
                cands = all
                    .into_iter()
                    .filter(|c| {
                        matches!(c.rule, MatchRule::Exact | MatchRule::Normalized)
                            && self.gazetteer.admin1(c.index) == a1
                            && ctx
                                .country
                                .as_deref()
                                .is_none_or(|cc| self.gazetteer.in_country(c.index, cc))
                            && dist(c) <= radius * WITHIN_STRETCH
                            // The seat of a district past the bound is the
                            // seat of another district.
                            && !is(c, &["PPLA", "PPLA2", "PPLC"])
                    })
                    .collect();
            }
            if cands.is_empty() {
                return Err(format!(
                    "no '{name}' within {radius:.0} km of the town the text names"
                ));
            }
        }
        // The province the text names: with no match of the name in it, a
        // spelling variant there is the place meant, before any namesake elsewhere.
        if let Some(a1) = ctx.admin1.as_deref()
            && !cands.iter().any(|c| {
                let g = self.gazetteer;
                // Province codes are per country: "04" abroad is another province.
                (g.admin1(c.index) == a1
                    && ctx
                        .country
                        .as_deref()
                        .is_none_or(|cc| g.in_country(c.index, cc)))
                    || ctx.area_bound.is_some_and(|(centre, radius)| {
                        geodesy::distance_km(g.lonlat(c.index), centre) <= radius
                    })
            })
        {
            let mut variants =
                self.gazetteer
                    .variants_in_admin1(name, &lctx, a1, AREA_VARIANT_SIMILARITY);
            if let Some((centre, radius)) = ctx.within {
                variants.retain(|c| {
                    geodesy::distance_km(self.gazetteer.lonlat(c.index), centre) <= radius
                });
            }
            if !variants.is_empty() {
                cands = variants;
            }
        }
        let Some(first) = cands.first() else {
            // "Central Diyala Province": a capitalised part word the
            // gazetteer's name does not carry.
            if let Some(rest) = without_part_word(name) {
                return self.find_with(rest, ctx, want_area, anchor_point);
            }
            // "an Al-Arish checkpoint": a facility by the town it is named after.
            // Only a close match of the name: a loose one is another place.
            if let Some(rest) = crate::extract::place::without_facility_word(name) {
                let mut f = self.find_with(rest, ctx, want_area, anchor_point)?;
                if !matches!(f.rule, MatchRule::Exact | MatchRule::Normalized) {
                    return Err(format!(
                        "'{name}' is not in the gazetteer (only a loose match of '{rest}': {})",
                        f.place.name
                    ));
                }
                f.why = format!(
                    "'{name}' is not in the gazetteer: the place it is named after; {}",
                    f.why
                );
                return Ok(f);
            }
            // "Zorbak Karachi", "Zorbak Colony Lahore": a quarter the
            // gazetteer does not hold, written before its city.
            if let Some(f) = self.city_after_quarter(name, ctx) {
                return Ok(f);
            }
            return Err(format!("'{name}' is not in the gazetteer"));
        };
        // Plausibility is a hard rule: a place outside the context country is
        // taken only when it lies within 50 km of that country's outline (a
        // border town); a far homonym is refused, never used.
        if let Some(c) = ctx.country.as_deref() {
            let first_place = self.gazetteer.place(first.index);
            cands.retain(|cand| {
                let g = self.gazetteer;
                let q = cand.index;
                g.in_country(q, c)
                    || ctx.also_countries.iter().any(|o| g.in_country(q, o))
                    || self
                        .borders
                        .within_km_of(c, g.lonlat(q), PLAUSIBLE_BORDER_KM)
                        .unwrap_or(true)
            });
            if cands.is_empty() {
                return Err(format!(
                    "'{name}' is not in the gazetteer for {c} (only a match abroad: {} in {})",
                    first_place.name, first_place.country
                ));
            }
        }
        // The province the text names is a filter when it matches: candidates
        // in it win outright; a loose (variant, fuzzy) match outside it is refused.
        if let Some(a1) = ctx.admin1.as_deref() {
            let in_area = |c: &crate::gazetteer::Candidate| {
                let g = self.gazetteer;
                g.admin1(c.index) == a1
                    && ctx
                        .country
                        .as_deref()
                        .is_none_or(|cc| g.in_country(c.index, cc))
            };
            if cands.iter().any(in_area) {
                cands.retain(in_area);
            } else if matches!(cands[0].rule, MatchRule::Fuzzy | MatchRule::Variant) {
                return Err(format!(
                    "'{name}' is not in the gazetteer in the area the text names (only a loose match: {} elsewhere)",
                    self.gazetteer.name(cands[0].index)
                ));
            } else if let Some((centre, radius)) = ctx.area_bound {
                // Even an exact match far outside the province the text names
                // is a namesake: the next reading (or the province) is used.
                let g = self.gazetteer;
                cands.retain(|c| geodesy::distance_km(g.lonlat(c.index), centre) <= radius);
                if cands.is_empty() {
                    return Err(format!(
                        "'{name}' is not in the gazetteer in the province the text names"
                    ));
                }
            }
        }
        let best = &cands[0];
        // A loose match far from every other place the incident names is
        // another name misread ("Mpati" is not a Mpata 1,000 km away).
        let minor = || {
            let g = self.gazetteer;
            let (_, code) = g.feature(best.index);
            g.population(best.index) < MINOR_PLACE_POPULATION
                && !["ADM", "PPLA", "PPLC"].iter().any(|c| code.starts_with(c))
        };
        if (matches!(best.rule, MatchRule::Fuzzy | MatchRule::Variant) || minor())
            && !ctx.named.is_empty()
            && ctx.named.iter().all(|q| {
                geodesy::distance_km(self.gazetteer.lonlat(best.index), *q) > LOOSE_MATCH_REACH_KM
            })
        {
            return Err(format!(
                "'{name}' is not in the gazetteer near the other places named (only {} over {LOOSE_MATCH_REACH_KM} km away)",
                self.gazetteer.name(best.index)
            ));
        }
        let place = self.gazetteer.place(best.index);
        // A spelling-variant or fuzzy match outside the context country is too weak to
        // use; any match outside it is refused when the text names the country.
        if (ctx.strict_country || matches!(best.rule, MatchRule::Fuzzy | MatchRule::Variant))
            && let Some(c) = ctx.country.as_deref()
            && !place.in_country(c)
        {
            return Err(format!(
                "'{name}' is not in the gazetteer for {c} (only a loose match: {} in {})",
                place.name, place.country
            ));
        }
        let alternatives = cands
            .iter()
            .skip(1)
            .take(3)
            .map(|c| {
                let q = self.gazetteer.place(c.index);
                Alternative {
                    name: q.name.clone(),
                    id: q.id.clone(),
                    lon: q.lon,
                    lat: q.lat,
                    country: q.country.clone(),
                    score: (c.score * 10.0).round() / 10.0,
                    source: q.source.clone(),
                }
            })
            .collect();
        Ok(Found {
            place,
            rule: best.rule,
            why: best.why.clone(),
            alternatives,
        })
    }

    fn anchor(&self, f: &Found) -> Anchor {
        Anchor {
            name: f.place.name.clone(),
            id: f.place.id.clone(),
            lon: f.place.lon,
            lat: f.place.lat,
            feature_code: f.place.feature_code.clone(),
            country: f.place.country.clone(),
            admin1: self.gazetteer.admin1_name(&f.place),
            rule: f.rule,
            extent_km: place_extent_km(&f.place),
            source: f.place.source.clone(),
        }
    }

    fn base(&self, f: &Found, point: LonLat, radius_km: f64, method: MethodRule) -> Resolution {
        let mut r = Resolution::unresolved("");
        r.unresolved_reason = None;
        r.point = Some(point);
        r.uncertainty_km = Some(round1(radius_km));
        r.method = Some(Method::new(method));
        r.anchor = Some(self.anchor(f));
        r.country = f
            .place
            .country
            .split('|')
            .next()
            .map(str::to_owned)
            .filter(|c| !c.is_empty());
        r.admin1 = self.gazetteer.admin1_name(&f.place);
        r.alternatives = f.alternatives.clone();
        r.evidence = Some(f.why.clone());
        r
    }

    /// One reading on its own; the result records which reading it was.
    fn resolve_one(&self, p: &LocationPhrase, ctx: &ResolveContext) -> Result<Resolution, String> {
        // "Zorbak village", "the village of Zorbak": the place is a village.
        let small = matches!(p.kind, LocationKind::InPlace | LocationKind::Near)
            && p.anchors.len() == 1
            && normalize::SMALL_SETTLEMENT_WORDS
                .iter()
                .any(|w| p.has_qualifier(w));
        let small_ctx;
        let ctx = if small && !ctx.small_settlement {
            small_ctx = ResolveContext {
                small_settlement: true,
                ..ctx.clone()
            };
            &small_ctx
        } else {
            ctx
        };
        self.resolve_reading(p, ctx).map(|mut r| {
            r.reading = Some(p.text.clone());
            r.reading_kind = Some(p.kind);
            r
        })
    }

    fn resolve_reading(
        &self,
        p: &LocationPhrase,
        ctx: &ResolveContext,
    ) -> Result<Resolution, String> {
        if let Some(d) = p.distance_km
            && !(d.is_finite() && (0.0..=MAX_OFFSET_KM).contains(&d))
        {
            return Err(format!(
                "distance {d} km is not plausible (limit {MAX_OFFSET_KM} km)"
            ));
        }
        let first = p.anchors.first().map(String::as_str).unwrap_or("");
        match p.kind {
            LocationKind::Offset => {
                let f = self.find_point(first, ctx)?;
                let d = p.distance_km.ok_or("offset without a distance")?;
                let dp = distance_precision_km(p.distance_text.as_deref(), d);
                let extent = place_extent_km(&f.place);
                match p.bearing_deg {
                    Some(b) => {
                        let half = p.bearing_halfwidth_deg.unwrap_or(45.0);
                        let point = geodesy::destination(f.place.lonlat(), b, d);
                        let radius = sector_radius_km(d, dp, half) + extent;
                        let mut r = self.base(&f, point, radius, MethodRule::Offset);
                        r.distance_km = Some(d);
                        r.bearing_deg = Some(b);
                        set_codes(&mut r, 2, if radius <= 25.0 { 2 } else { 3 }, 3);
                        Ok(r)
                    }
                    None => {
                        // "10 km from X": anywhere on a circle; the anchor with the circle as radius.
                        let mut r = self.base(
                            &f,
                            f.place.lonlat(),
                            d + dp + extent,
                            MethodRule::OffsetNoBearing,
                        );
                        r.distance_km = Some(d);
                        set_codes(&mut r, 2, if d + dp <= 25.0 { 2 } else { 3 }, 3);
                        Ok(r)
                    }
                }
            }
            LocationKind::Direction => {
                let f = self.find_point(first, ctx)?;
                let b = p.bearing_deg.ok_or("direction without a bearing")?;
                let half = p.bearing_halfwidth_deg.unwrap_or(45.0);
                let extent = place_extent_km(&f.place);
                // Unknown distance: the sector from the edge of the place to 25 km beyond it.
                let d = extent + 12.5;
                let (point, on_land) = self.sector_point_on_land(&f.place, b, d, half);
                let radius = sector_radius_km(d, 12.5 + extent, half);
                let mut r = self.base(&f, point, radius, MethodRule::Direction);
                r.bearing_deg = Some(b);
                if on_land {
                    r.evidence = Some(format!(
                        "{}; the sector's point moved onto the land of {}",
                        r.evidence.unwrap_or_default(),
                        f.place.country
                    ));
                }
                set_codes(&mut r, 2, 2, 3);
                Ok(r)
            }
            LocationKind::InPlace | LocationKind::Near => {
                let want_area = p.qualifiers.iter().any(|q| q == "parts");
                let f = self.find(first, ctx, want_area)?;
                // A name only the grammar marks is the place only inside the
                // area the text puts it in.
                if p.has_qualifier(crate::extract::UNMARKED)
                    && !self.inside_named_area(&f.place, ctx)
                {
                    return Err(format!(
                        "'{first}' is not in the gazetteer inside {}",
                        p.context.as_deref().unwrap_or("the area the text names")
                    ));
                }
                let size = place_extent_km(&f.place);
                let (radius, method, acled, ucdp, gtd) = if f.place.is_admin() || f.place.is_area()
                {
                    (size, MethodRule::Region, 3, admin_prec(&f.place), 3)
                } else if p.has_qualifier("central") {
                    (2.0_f64.min(size), MethodRule::Place, 1, 1, 1)
                } else if p.has_qualifier("suburb") || p.has_qualifier("outskirts") {
                    (size + 5.0, MethodRule::Near, 2, 2, 1)
                } else if p.kind == LocationKind::Near {
                    let wide = if p.has_qualifier("area") { 15.0 } else { 10.0 };
                    // "the northern countryside of X", X the province's
                    // capital: the rural land of the province, tens of km
                    // out; half the province's radius. (A small town's
                    // countryside is its surroundings.)
                    let capital = matches!(f.place.feature_code.as_str(), "PPLA" | "PPLC")
                        || self.names_its_province(first, &f.place);
                    let rural = if capital && p.text.to_lowercase().contains("countryside") {
                        self.province_extent_km(&f.place, ctx)
                            .map_or(0.0, |e| e / 2.0)
                    } else {
                        0.0
                    };
                    ((size + wide).max(rural), MethodRule::Near, 2, 2, 1)
                } else {
                    (size, MethodRule::Place, 1, 1, 1)
                };
                let (point, radius, seat) = if method == MethodRule::Region {
                    self.area_point(&f.place, p, ctx, radius)
                } else {
                    (f.place.lonlat(), radius, None)
                };
                let mut r = self.base(&f, point, radius, method);
                note_seat(&mut r, seat.as_ref());
                set_codes(&mut r, acled, ucdp, gtd);
                Ok(r)
            }
            LocationKind::Between | LocationKind::Road if p.anchors.len() >= 2 => {
                let (a, b) = match (
                    self.find_point(&p.anchors[0], ctx),
                    self.find_point(&p.anchors[1], ctx),
                ) {
                    (Ok(a), Ok(b)) => (a, b),
                    (Err(e), Err(_)) => return Err(e),
                    // One end unknown ("between X and Y", Y not in the
                    // gazetteer): near the other end, as wide as a stretch
                    // of road or land between two towns is likely to be.
                    (Ok(mut x), Err(e)) | (Err(e), Ok(mut x)) => {
                        x.why = format!("{e}: near the other end; {}", x.why);
                        let radius = place_extent_km(&x.place) + ONE_END_KM;
                        let mut r = self.base(&x, x.place.lonlat(), radius, MethodRule::Near);
                        set_codes(&mut r, 2, 2, 3);
                        return Ok(r);
                    }
                };
                // Ends far apart: the homonyms of the two names that lie
                // close together are the road's (its two ends are chosen
                // together, not each on its own).
                // Two towns of note are a long road's ends as they are
                // ("the X-Y highway" between two cities 400 km apart), and a
                // close pair spelt more loosely than the names as written is
                // no better reading.
                let (a, b) = if geodesy::distance_km(a.place.lonlat(), b.place.lonlat())
                    > JOINT_ENDS_KM
                    && !(of_note(&a.place) && of_note(&b.place))
                {
                    match self.close_ends(&p.anchors[0], &p.anchors[1], ctx) {
                        Some((ca, cb))
                            if looseness(ca.rule) <= looseness(a.rule)
                                && looseness(cb.rule) <= looseness(b.rule) =>
                        {
                            (ca, cb)
                        }
                        _ => (a, b),
                    }
                } else {
                    (a, b)
                };
                let (mid, half) = geodesy::midpoint(a.place.lonlat(), b.place.lonlat());
                if half > 400.0 {
                    return Err(format!(
                        "'{}' and '{}' resolve {:.0} km apart: not one stretch of road or area",
                        a.place.name,
                        b.place.name,
                        2.0 * half
                    ));
                }
                let radius = half + place_extent_km(&a.place).max(place_extent_km(&b.place));
                let method = if p.kind == LocationKind::Road {
                    MethodRule::Road
                } else {
                    MethodRule::Between
                };
                let mut r = self.base(&a, mid, radius, method);
                r.anchor2 = Some(self.anchor(&b));
                set_codes(&mut r, 2, 5, 3);
                Ok(r)
            }
            LocationKind::Road => Err(format!(
                "road {} has no named end points",
                p.road.as_deref().unwrap_or(&p.text)
            )),
            LocationKind::Between => Err("between needs two places".into()),
            LocationKind::Border => self.resolve_border(p, ctx),
            LocationKind::Region => self.resolve_region(p, ctx),
            LocationKind::Section => {
                let f = self.find(first, ctx, false)?;
                let radius = place_extent_km(&f.place) + 25.0;
                let mut r = self.base(&f, f.place.lonlat(), radius, MethodRule::Section);
                set_codes(
                    &mut r,
                    3,
                    if f.place.is_admin() {
                        admin_prec(&f.place)
                    } else {
                        3
                    },
                    3,
                );
                Ok(r)
            }
        }
    }

    fn resolve_region(
        &self,
        p: &LocationPhrase,
        ctx: &ResolveContext,
    ) -> Result<Resolution, String> {
        let first = p.anchors.first().map(String::as_str).unwrap_or("");
        // A country ("northeastern Congo"): its polygon, shifted toward the named part.
        if let Some(cc) = crate::extract::vocab::country_by_name(first)
            && let Some(c) = self.borders.get(cc)
        {
            let (centre, radius) = (c.centre, c.radius_km);
            let (point, r_km) = match p.bearing_deg {
                Some(b) => (geodesy::destination(centre, b, radius / 2.0), radius / 2.0),
                None => (centre, radius),
            };
            let mut r = Resolution::unresolved("");
            r.unresolved_reason = None;
            r.point = Some(point);
            r.uncertainty_km = Some(round1(r_km));
            r.method = Some(Method::new(MethodRule::Country));
            r.country = Some(cc.to_owned());
            r.evidence = Some(format!("country {cc} from the basemap polygon"));
            set_codes(&mut r, 3, 6, 5);
            return Ok(r);
        }
        // "Kirkuk district", "the province of Kirkuk": ask for that level.
        let leveled = match (p.has_qualifier("district"), p.has_qualifier("province")) {
            (true, _) if area_level(first).is_none() => format!("{first} District"),
            (_, true) if area_level(first).is_none() => format!("{first} Province"),
            _ => first.to_owned(),
        };
        if let Some(part) = self.part_of_area(p, ctx) {
            return self.resolve_region(&part, ctx);
        }
        let mut f = self.find(&leveled, ctx, true)?;
        // "in X province" found as a district that names, in another
        // spelling, the province it lies in: the province itself.
        if area_level(&leveled) == Some("ADM1")
            && matches!(f.place.feature_code.as_str(), "ADM2" | "ADM3")
            && self.names_its_province(first, &f.place)
            && let Some(name) = self.gazetteer.admin1_name(&f.place)
            && let Ok(province) = self.find(&format!("{name} Province"), ctx, true)
            && province.place.feature_code == "ADM1"
        {
            f = province;
        }
        let extent = place_extent_km(&f.place).max(if f.place.is_area() { 0.0 } else { 25.0 });
        let (point, radius, seat) = match p.bearing_deg {
            Some(b) if extent > 10.0 => (
                geodesy::destination(f.place.lonlat(), b, extent / 2.0),
                extent / 2.0 + 5.0,
                None,
            ),
            _ => self.area_point(&f.place, p, ctx, extent),
        };
        let mut r = self.base(&f, point, radius, MethodRule::Region);
        note_seat(&mut r, seat.as_ref());
        set_codes(
            &mut r,
            3,
            admin_prec(&f.place),
            if f.place.feature_code == "ADM2" { 3 } else { 4 },
        );
        Ok(r)
    }

    /// "Northern Zorbak State", no name of the country's as written: a
    /// compass adjective capitalised into the name is the part of the area
    /// the rest names, as "northern Zorbak State" is. A name of its own
    /// ("Northern Province", "North Zorbak") is kept whole.
    fn part_of_area(&self, p: &LocationPhrase, ctx: &ResolveContext) -> Option<LocationPhrase> {
        if p.bearing_deg.is_some() {
            return None;
        }
        let first = p.anchors.first()?;
        let (bearing, rest) = compass_part(first)?;
        let lctx = LookupContext {
            country: ctx.country.clone(),
            want_area: true,
            ..LookupContext::default()
        };
        let g = self.gazetteer;
        let named = g.lookup_with(first, &lctx, false).iter().any(|c| {
            ctx.country
                .as_deref()
                .is_none_or(|cc| g.in_country(c.index, cc))
        });
        if named {
            return None;
        }
        let mut part = p.clone();
        part.anchors[0] = rest.to_owned();
        part.bearing_deg = Some(bearing);
        Some(part)
    }

    /// Where an area's event goes: at the seat it is named after when it
    /// has one (the radius stays the area's: the event is somewhere in it),
    /// else at its centre. Not for a part of the area ("northern X") nor its
    /// countryside ("Idleb countryside" is the rural land around the seat).
    fn area_point(
        &self,
        area: &Place,
        p: &LocationPhrase,
        ctx: &ResolveContext,
        extent: f64,
    ) -> (LonLat, f64, Option<Place>) {
        let countryside = std::iter::once(&p.text)
            .chain(&p.anchors)
            .any(|t| t.to_lowercase().contains("countryside"));
        let seat = (p.bearing_deg.is_none() && !countryside)
            .then(|| self.seat_of(area, ctx))
            .flatten();
        match seat {
            Some(seat) => (
                seat.lonlat(),
                extent + geodesy::distance_km(seat.lonlat(), area.lonlat()),
                Some(seat),
            ),
            None => (area.lonlat(), extent, None),
        }
    }

    /// The radius of the province `place` lies in, when the gazetteer holds
    /// the province.
    fn province_extent_km(&self, place: &Place, ctx: &ResolveContext) -> Option<f64> {
        let name = self.gazetteer.admin1_name(place)?;
        let f = self.find(&format!("{name} Province"), ctx, true).ok()?;
        (f.place.feature_code == "ADM1" && f.place.admin1 == place.admin1)
            .then(|| place_extent_km(&f.place))
    }

    /// The town an area is named after, inside it ("Laukkaing District" and
    /// the town of Laukkai, "Hajjah governorate" and the city of Hajjah):
    /// coders place an area's events at its seat, and a report naming the
    /// area means the seat's surroundings more often than its geometric
    /// centre. A district's: a populated place of its name (exact,
    /// normalized or a close spelling) within its reach, the best ranked. A
    /// province's: its capital, when the province bears the capital's name
    /// (a capital of another name is not what the text says).
    fn seat_of(&self, area: &Place, ctx: &ResolveContext) -> Option<Place> {
        let name = normalize::split_area_suffix(&area.name).0;
        let g = self.gazetteer;
        let close = |q: &Place| {
            strsim::jaro_winkler(&normalize::n_key(&name), &normalize::n_key(&q.name))
                >= SEAT_VARIANT_SIMILARITY
        };
        let cc = area.country.split('|').next()?.to_owned();
        if area.feature_code == "ADM1" {
            let i = g.admin1_capital(&cc, &area.admin1)?;
            let capital = g.place(i);
            // Named alike, or the province's name is one of the capital's
            // names ("Al Qahirah" and Cairo).
            let eponym = close(&capital) || g.with_name(&name).contains(&i);
            return eponym.then_some(capital);
        }
        if !matches!(area.feature_code.as_str(), "ADM2" | "ADM3") {
            return None;
        }
        let lctx = LookupContext {
            country: Some(cc.clone()),
            admin1: ctx.admin1.clone(),
            ..LookupContext::default()
        };
        let centre = area.lonlat();
        // A district's centre is a guess and its outline uneven: the seat
        // may lie out toward its edge.
        let reach = area_bound_km(area) * SEAT_REACH;
        g.lookup(&name, &lctx)
            .into_iter()
            .filter(|c| {
                let q = g.place(c.index);
                !q.is_area()
                    && q.feature_class == "P"
                    && q.in_country(&cc)
                    && geodesy::distance_km(q.lonlat(), centre) <= reach
                    && match c.rule {
                        MatchRule::Exact | MatchRule::Normalized => true,
                        MatchRule::Variant | MatchRule::Fuzzy => close(&q),
                    }
            })
            .map(|c| g.place(c.index))
            .next()
    }

    fn resolve_border(
        &self,
        p: &LocationPhrase,
        ctx: &ResolveContext,
    ) -> Result<Resolution, String> {
        let names: Vec<&'static str> = p
            .anchors
            .iter()
            .filter_map(|a| crate::extract::vocab::country_by_name(a))
            .collect();
        let (a, b) = match (names.as_slice(), ctx.country.as_deref()) {
            ([x, y, ..], _) => (x.to_string(), y.to_string()),
            ([x], Some(c)) if !x.eq_ignore_ascii_case(c) => (c.to_owned(), x.to_string()),
            _ => {
                return Err(format!(
                    "border '{}': need two countries (the text's and the context's)",
                    p.text
                ));
            }
        };
        let line = self
            .borders
            .shared_border(&a, &b)
            .ok_or_else(|| format!("no shared border between {a} and {b} in the basemap"))?;
        let length: f64 = self
            .borders
            .shared_border_arcs(&a, &b)
            .iter()
            .map(|arc| {
                arc.windows(2)
                    .map(|w| geodesy::distance_km(w[0], w[1]))
                    .sum::<f64>()
            })
            .sum();
        // The point of the border nearest to the section's other incidents, else its middle.
        let point = match ctx.near.first() {
            Some(q) => *line
                .iter()
                .min_by(|x, y| {
                    geodesy::distance_km(**x, *q).total_cmp(&geodesy::distance_km(**y, *q))
                })
                .expect("non-empty border"),
            None => line[line.len() / 2],
        };
        let extra = p.distance_km.unwrap_or(0.0);
        let radius = (length / 2.0).max(25.0) + extra;
        let mut r = Resolution::unresolved("");
        r.unresolved_reason = None;
        r.point = Some(point);
        r.uncertainty_km = Some(round1(radius));
        r.method = Some(Method::new(MethodRule::Border));
        r.country = Some(a.clone());
        r.evidence = Some(format!(
            "{a}-{b} border, {length:.0} km long in the basemap"
        ));
        set_codes(&mut r, 3, 5, 4);
        Ok(r)
    }
}

/// The admin level a name's own suffix asks for ("Diyala Province" -> ADM1).
fn area_level(name: &str) -> Option<&'static str> {
    match crate::gazetteer::normalize::split_area_suffix(name)
        .1
        .as_deref()
    {
        Some("province" | "governorate" | "state" | "muhafazah" | "wilayah") => Some("ADM1"),
        Some(
            "district" | "county" | "qada" | "lga" | "nahiya" | "nahiyah" | "markaz"
            | "subdistrict" | "sub-district" | "tehsil" | "upazila" | "sub-division"
            | "subdivision" | "sub-county" | "sub-prefecture",
        ) => Some("ADM2"),
        _ => None,
    }
}

/// How alike (Jaro-Winkler) a town's name must be to its district's to be
/// the seat it is named after when not spelled the same ("Laukkai" for
/// "Laukkaing").
const SEAT_VARIANT_SIMILARITY: f64 = 0.9;
/// How far beyond its radius another reading may lie from a loosely spelled
/// one before the loose one is taken for a different place.
const FAR_GUESS_KM: f64 = 100.0;
/// The radius `place_extent_km` gives a place of under 10,000 people.
const SMALL_PLACE_KM: f64 = 2.0;
/// How far out, in typical radii of its level, a district's seat may lie.
const SEAT_REACH: f64 = 1.5;

/// Radii of a province, a district and a sub-district whose extent the gazetteer does not hold (km).
const ADM1_RADIUS_KM: f64 = 120.0;
const ADM2_RADIUS_KM: f64 = 25.0;
const ADM3_RADIUS_KM: f64 = 12.0;

/// A place said to be in a district lies within the district's radius plus this (km).
const DISTRICT_SLACK_KM: f64 = 30.0;

/// How far from the one known end a "between X and Y" or a road may be.
const ONE_END_KM: f64 = 30.0;

/// How far past a district's or town's bound an exact name in the named
/// province still counts, as a multiple of the bound.
const WITHIN_STRETCH: f64 = 1.5;

/// A village (no seat of government, fewer people than this) is, like a loose
/// match, refused far from every other place the incident names.
const MINOR_PLACE_POPULATION: u64 = 5_000;

/// A spelling-variant or fuzzy match this far from every other place the
/// incident names is refused (km).
const LOOSE_MATCH_REACH_KM: f64 = 250.0;

/// A place abroad this close to the context country's outline is a border
/// town of it, not a namesake to replace (km).
const ON_BORDER_KM: f64 = 10.0;

/// A place said to be in a province lies within the province's radius plus this (km).
const PROVINCE_SLACK_KM: f64 = 60.0;

/// Names of an incident looked at for coherence, at most.
const MAX_COHERENCE_NAMES: usize = 8;

/// A place glossed "near Y" is believed up to this far beyond Y's near radius (km).
const NEAR_GLOSS_KM: f64 = 100.0;

/// A place glossed "(DIR of Y)" is believed up to this far from Y (km).
const MAX_DIRECTION_GLOSS_KM: f64 = 200.0;

/// A town reading yields to a smaller named place this close (km) at least.
const SMALLER_PLACE_KM: f64 = 30.0;

/// How large a place's feature code says it is: a neighbourhood 0, a plain
/// place 1, seats of government and districts higher.
fn place_rank(code: &str) -> u8 {
    match code {
        "PPLC" => 6,
        "ADM1" => 7,
        "ADM2" => 5,
        "PPLA" => 5,
        "ADM3" | "PPLA2" => 4,
        "PPLA3" => 3,
        "PPLA4" | "PPLA5" => 2,
        "PPLX" => 0,
        _ => 1,
    }
}

/// The name without a leading part word ("Central", "Northern", "Eastern"...)
/// when a name follows; None otherwise. "North" and "South" stay: they
/// begin many names ("North Sinai", "South Kivu"); "Upper" and "Lower" too.
fn without_part_word(name: &str) -> Option<&str> {
    let (first, rest) = name.split_once(' ')?;
    let first = first.to_lowercase();
    let part = first == "central" || vocab::compass_adjective(&first).is_some();
    let rest = rest.trim();
    // The rest must be a name, not an area word alone ("Eastern Province").
    let bare_area = normalize::split_area_suffix(&format!("x {rest}")).0 == "x";
    (part && !rest.is_empty() && !bare_area).then_some(rest)
}

/// How far (degrees, 0-180) the bearing from `from` to `q` is off `bearing`.
fn off_bearing_deg(from: LonLat, q: LonLat, bearing: f64) -> f64 {
    let off = (geodesy::geodesic_bearing_deg(from, q) - bearing).rem_euclid(360.0);
    off.min(360.0 - off)
}

/// True when `a`'s point lies within `b`'s uncertainty circle.
fn inside(a: &Resolution, b: &Resolution) -> bool {
    match (a.point, b.point, b.uncertainty_km) {
        (Some(p), Some(q), Some(u)) => geodesy::distance_km(p, q) <= u,
        _ => false,
    }
}

fn set_codes(r: &mut Resolution, acled: u8, ucdp: u8, gtd: u8) {
    r.acled_geo_precision = Some(acled);
    r.ucdp_where_prec = Some(ucdp);
    r.gtd_specificity = Some(gtd);
}

fn admin_prec(p: &Place) -> u8 {
    match p.feature_code.as_str() {
        "ADM2" | "ADM3" => 3,
        "PCLI" => 6,
        _ => 4,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The radius a place covers: its recorded extent, or one implied by its
/// population for towns (2 km village, 5 km town, 10 km city, 15 km metropolis).
/// Says in the evidence that the point is the area's seat.
fn note_seat(r: &mut Resolution, seat: Option<&Place>) {
    if let Some(seat) = seat {
        r.evidence = Some(format!(
            "{}; at the seat it is named after, {} [{}]",
            r.evidence.take().unwrap_or_default(),
            seat.name,
            seat.id
        ));
    }
}

pub fn place_extent_km(p: &Place) -> f64 {
    if let Some(e) = p.extent_km {
        return e;
    }
    // An area's size does not follow from its people: a district of 50,000
    // is tens of km across. Typical radii where the gazetteer has no extent.
    if let Some(t) = typical_area_radius_km(p) {
        return t;
    }
    match p.population {
        n if n >= 1_000_000 => 15.0,
        n if n >= 100_000 => 8.0,
        n if n >= 10_000 => 4.0,
        _ => 2.0,
    }
}

fn typical_area_radius_km(p: &Place) -> Option<f64> {
    match p.feature_code.as_str() {
        "ADM1" => Some(ADM1_RADIUS_KM),
        "ADM2" => Some(ADM2_RADIUS_KM),
        "ADM3" => Some(ADM3_RADIUS_KM),
        _ => None,
    }
}

/// How far an area may reach, for telling its places from namesakes: an
/// extent measured from the few towns on record (a district known by one
/// town gets a 5 km floor) is a lower bound, so never less than the
/// typical radius. The uncertainty of a point keeps the measured extent.
fn area_bound_km(p: &Place) -> f64 {
    let e = place_extent_km(p);
    typical_area_radius_km(p).map_or(e, |t| e.max(t))
}

/// Half the unit of the last significant digit of a distance as written:
/// "10" -> 5, "25" -> 0.5, "2.5" -> 0.05, "100" -> 50; a range "10-15" -> half its span.
pub fn distance_precision_km(text: Option<&str>, d: f64) -> f64 {
    let Some(t) = text.map(str::trim) else {
        return d * 0.1;
    };
    let parts: Vec<f64> = t
        .split(['-', '–'])
        .flat_map(|x| x.split(" to "))
        .filter_map(|x| x.trim().replace(',', ".").parse().ok())
        .collect();
    if parts.len() == 2 {
        return (parts[1] - parts[0]).abs() / 2.0;
    }
    let digits = t.replace(',', ".");
    if !digits.chars().all(|c| c.is_ascii_digit() || c == '.') || digits.is_empty() {
        // number words: "five", "a few"
        return (d * 0.5).max(0.5);
    }
    let unit = if let Some((_, frac)) = digits.split_once('.') {
        10f64.powi(-(frac.len() as i32))
    } else {
        let trailing_zeros = digits.chars().rev().take_while(|c| *c == '0').count();
        let sig = digits.len() - trailing_zeros;
        if sig == 0 {
            1.0
        } else {
            10f64.powi(trailing_zeros as i32)
        }
    };
    unit / 2.0
}

/// Radius of the circle around the nominal point that covers the annular
/// sector [d - dp, d + dp] x [bearing - half, bearing + half] (plane approximation).
pub fn sector_radius_km(d: f64, dp: f64, half_deg: f64) -> f64 {
    let h = half_deg.to_radians();
    let corner = |r: f64| (r * r + d * d - 2.0 * r * d * h.cos()).max(0.0).sqrt();
    corner(d + dp).max(corner((d - dp).max(0.0))).max(dp)
}

/// "Northern Zorbak State": a capitalised compass adjective and the name
/// after it, with the adjective's bearing.
fn compass_part(name: &str) -> Option<(f64, &str)> {
    let (word, rest) = name.split_once(' ')?;
    if !rest.starts_with(char::is_uppercase) {
        return None;
    }
    crate::extract::vocab::compass_adjective(word).map(|(bearing, _)| (bearing, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_words_before_a_name() {
        assert_eq!(without_part_word("Central Shan State"), Some("Shan State"));
        assert_eq!(
            without_part_word("Southern Diyala Province"),
            Some("Diyala Province")
        );
        assert_eq!(without_part_word("Eastern Province"), None);
        assert_eq!(without_part_word("Lower Shabelle"), None);
        assert_eq!(without_part_word("North Sinai"), None);
        assert_eq!(without_part_word("Central"), None);
    }

    #[test]
    fn precision_of_written_distances() {
        assert_eq!(distance_precision_km(Some("10"), 10.0), 5.0);
        assert_eq!(distance_precision_km(Some("25"), 25.0), 0.5);
        assert_eq!(distance_precision_km(Some("2.5"), 2.5), 0.05);
        assert_eq!(distance_precision_km(Some("100"), 100.0), 50.0);
        assert_eq!(distance_precision_km(Some("10-15"), 12.5), 2.5);
    }

    #[test]
    fn sector_radius_grows_with_width() {
        let n = sector_radius_km(10.0, 5.0, 45.0);
        let ne = sector_radius_km(10.0, 5.0, 22.5);
        let nne = sector_radius_km(10.0, 5.0, 11.25);
        assert!(n > ne && ne > nne && nne >= 5.0, "{n} {ne} {nne}");
        // 10 km N: the far corners of the ±45° sector are ~10.6 km from the point.
        assert!((n - 10.62).abs() < 0.05, "{n}");
    }
}
