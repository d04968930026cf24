//! Shared vocabulary of every stage. No I/O here: these types are what the
//! extract stage hands to the resolver and what the exporters serialise.

use serde::{Deserialize, Serialize};

/// A WGS84 position. Always built through [`LonLat::new`], which rejects
/// out-of-range values, so any `LonLat` in the program is a valid position.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

impl LonLat {
    /// `None` when the latitude is outside [-90, 90], the longitude outside
    /// [-180, 180], or either is not finite.
    pub fn new(lon: f64, lat: f64) -> Option<LonLat> {
        let ok = lon.is_finite()
            && lat.is_finite()
            && (-180.0..=180.0).contains(&lon)
            && (-90.0..=90.0).contains(&lat);
        ok.then_some(LonLat { lon, lat })
    }

    pub fn to_point(self) -> geo::Point<f64> {
        geo::Point::new(self.lon, self.lat)
    }
}

/// How exactly the event date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "unknown {} '{}' (expected one of: {})",
                        stringify!($name), s, [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

string_enum! {
    /// The event taxonomy (README "Taxonomy" documents the cue words of each).
    IncidentKind {
        SuicideAttack => "suicide_attack",
        Ambush => "ambush",
        DisruptedWeapons => "disrupted_weapons",
        Ied => "ied",
        Sniper => "sniper",
        IndirectFire => "indirect_fire",
        AbductionExecution => "abduction_execution",
        Airstrike => "airstrike",
        PrisonerExchange => "prisoner_exchange",
        SexualViolence => "sexual_violence",
        Riot => "riot",
        Protest => "protest",
        Clash => "clash",
        Raid => "raid",
        Arrest => "arrest",
        Surrender => "surrender",
        Looting => "looting",
        Arson => "arson",
        Destruction => "property_destruction",
        ArmedAttack => "armed_attack",
        Seizure => "seizure",
        Deployment => "deployment",
        Agreement => "agreement",
        Patrol => "patrol",
        Convoy => "convoy",
        Other => "other",
    }
}

string_enum! {
    /// The grammatical form of a location phrase (DESIGN.md "Location phrases").
    LocationKind {
        Offset => "offset",
        Direction => "direction",
        InPlace => "in_place",
        Near => "near",
        Between => "between",
        Road => "road",
        Border => "border",
        Region => "region",
        Section => "section",
    }
}

/// A location phrase as written plus its parse. Produced by the extract stage,
/// consumed by the resolver; it never carries coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationPhrase {
    /// The phrase exactly as it appears in the text.
    pub text: String,
    pub kind: LocationKind,
    /// Place names the phrase is given by or relative to (two for between/road).
    pub anchors: Vec<String>,
    /// A road designation such as "M-4" when the phrase names one.
    pub road: Option<String>,
    /// Distance from the anchor, converted to km.
    pub distance_km: Option<f64>,
    /// The distance as written ("10", "2.5", "10-15"), for precision rules.
    pub distance_text: Option<String>,
    /// Compass bearing from the anchor to the event, degrees clockwise from north.
    pub bearing_deg: Option<f64>,
    /// Half-width of the bearing's sector in degrees (45 for N, 22.5 for NE, 11.25 for NNE).
    pub bearing_halfwidth_deg: Option<f64>,
    /// Qualifiers such as about, central, suburb, outskirts, village, area, part.
    pub qualifiers: Vec<String>,
    /// An enclosing area named next to the place ("Qifah, in the ... Al-Bayda Province").
    pub context: Option<String>,
    /// A less specific reading to use when the main one cannot be resolved
    /// ("X village (25 km northeast of Baqubah)": the offset is the fallback).
    pub fallback: Option<Box<LocationPhrase>>,
}

impl LocationPhrase {
    pub fn new(text: impl Into<String>, kind: LocationKind, anchors: Vec<String>) -> Self {
        LocationPhrase {
            text: text.into(),
            kind,
            anchors,
            road: None,
            distance_km: None,
            distance_text: None,
            bearing_deg: None,
            bearing_halfwidth_deg: None,
            qualifiers: Vec::new(),
            context: None,
            fallback: None,
        }
    }

    pub fn has_qualifier(&self, q: &str) -> bool {
        self.qualifiers.iter().any(|x| x == q)
    }
}

/// The point a dataset's coder gave a record (ACLED/UCDP), kept beside the parse.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coded {
    pub point: LonLat,
    /// The dataset's own precision code (ACLED geo_precision, UCDP where_prec).
    pub precision: Option<u8>,
}

/// One incident as read from a report, before resolution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: String,
    pub source_file: String,
    pub source_line: usize,
    pub report_title: Option<String>,
    pub report_period: Option<String>,
    pub date: Option<chrono::NaiveDate>,
    pub date_precision: Option<DatePrecision>,
    pub kind: IncidentKind,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub killed: Option<u32>,
    pub wounded: Option<u32>,
    pub casualties_text: Option<String>,
    /// Section-heading path, outermost first, joined with " > ".
    pub context: String,
    /// ISO 3166-1 alpha-2 implied by the headings or the text.
    pub country: Option<String>,
    pub location: Option<LocationPhrase>,
    /// Source stamps such as "Telegram, May 22, 2020" (not the event date).
    pub sources: Vec<String>,
    pub text: String,
    /// The coder's point when the incident came from a coded-event row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coded: Option<Coded>,
}

/// A lon/lat box; `west > east` is not supported for maps (split at the antimeridian instead).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Extent {
    /// The box around points, with a margin (fraction of the span) and a minimum span in degrees.
    pub fn around(
        points: impl IntoIterator<Item = LonLat>,
        margin: f64,
        min_span_deg: f64,
    ) -> Option<Extent> {
        let mut e: Option<Extent> = None;
        for p in points {
            let x = e.get_or_insert(Extent {
                west: p.lon,
                south: p.lat,
                east: p.lon,
                north: p.lat,
            });
            x.west = x.west.min(p.lon);
            x.east = x.east.max(p.lon);
            x.south = x.south.min(p.lat);
            x.north = x.north.max(p.lat);
        }
        let mut e = e?;
        let (cx, cy) = ((e.west + e.east) / 2.0, (e.south + e.north) / 2.0);
        let half_w = ((e.east - e.west) * (1.0 + 2.0 * margin)).max(min_span_deg) / 2.0;
        let half_h = ((e.north - e.south) * (1.0 + 2.0 * margin)).max(min_span_deg) / 2.0;
        e = Extent {
            west: (cx - half_w).max(-180.0),
            east: (cx + half_w).min(180.0),
            south: (cy - half_h).max(-85.0),
            north: (cy + half_h).min(85.0),
        };
        Some(e)
    }

    pub fn contains(&self, p: LonLat) -> bool {
        p.lon >= self.west && p.lon <= self.east && p.lat >= self.south && p.lat <= self.north
    }
}

/// How an incident kind reads in a legend or table: "IED", "armed attack".
pub fn kind_label(kind: &str) -> String {
    match kind {
        "ied" => "IED".into(),
        "abduction_execution" => "abduction / execution".into(),
        other => other.replace('_', " "),
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

/// The anchor a location was resolved against.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Anchor {
    pub name: String,
    pub id: String,
    pub lon: f64,
    pub lat: f64,
    pub feature_code: String,
    pub country: String,
    pub admin1: Option<String>,
    pub rule: MatchRule,
    /// The radius the anchor place itself covers, km (see `place_extent_km`).
    pub extent_km: f64,
    /// The gazetteer sources of the anchor place ("geonames+wof", "osm2019", "alias").
    pub source: String,
}

/// A runner-up candidate, kept so ambiguity is visible.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alternative {
    pub name: String,
    pub id: String,
    pub lon: f64,
    pub lat: f64,
    pub country: String,
    pub score: f64,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Resolution {
    pub point: Option<LonLat>,
    pub uncertainty_km: Option<f64>,
    pub acled_geo_precision: Option<u8>,
    pub ucdp_where_prec: Option<u8>,
    pub gtd_specificity: Option<u8>,
    /// How it was resolved (see [`Method`]).
    pub method: Option<Method>,
    pub anchor: Option<Anchor>,
    /// The second anchor of between/road phrases.
    pub anchor2: Option<Anchor>,
    pub distance_km: Option<f64>,
    pub bearing_deg: Option<f64>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub alternatives: Vec<Alternative>,
    /// Why the anchor was chosen.
    pub evidence: Option<String>,
    pub unresolved_reason: Option<String>,
    /// The reading the point was resolved from, as written, and its kind:
    /// the extracted phrase, or a fallback or later reading of it.
    pub reading: Option<String>,
    pub reading_kind: Option<LocationKind>,
}

impl Resolution {
    pub fn unresolved(reason: impl Into<String>) -> Self {
        Resolution {
            point: None,
            uncertainty_km: None,
            acled_geo_precision: None,
            ucdp_where_prec: None,
            gtd_specificity: None,
            method: None,
            anchor: None,
            anchor2: None,
            distance_km: None,
            bearing_deg: None,
            country: None,
            admin1: None,
            alternatives: Vec::new(),
            evidence: None,
            unresolved_reason: Some(reason.into()),
            reading: None,
            reading_kind: None,
        }
    }
}

/// An incident with its resolved location (or the reason it has none).
#[derive(Debug, Clone)]
pub struct Located {
    pub incident: Incident,
    pub resolution: Resolution,
    /// Ids of the same incident in other reports, merged into this one (see `dedup`).
    pub also_reported_as: Vec<String>,
}

impl Located {
    pub fn point(&self) -> Option<LonLat> {
        self.resolution.point
    }

    /// The incident's country: where its point lies (a border town abroad
    /// gives the neighbour, so the record's country always agrees with its
    /// point), else the section's or the text's.
    pub fn country(&self) -> Option<String> {
        let placed = self.resolution.point.is_some()
            && self.resolution.method.is_some_and(|m| {
                let fixed = match m.rule {
                    MethodRule::Border => m.reading != Reading::Context,
                    MethodRule::Country | MethodRule::Coded => m.reading == Reading::Phrase,
                    _ => false,
                };
                !fixed
            });
        if placed && let Some(c) = &self.resolution.country {
            return Some(c.clone());
        }
        self.incident
            .country
            .clone()
            .or_else(|| self.resolution.country.clone())
    }
}

string_enum! {
    /// The rule that placed an incident (README "Resolution rules").
    MethodRule {
        Offset => "offset",
        OffsetNoBearing => "offset_no_bearing",
        Direction => "direction",
        Place => "place",
        Near => "near",
        Between => "between",
        Road => "road",
        Border => "border",
        Region => "region",
        Country => "country",
        Section => "section",
        Coded => "coded",
    }
}

/// Which reading a rule placed: the phrase itself, a fallback reading of it
/// (the phrase could not be placed), or the section's context after both failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reading {
    Phrase,
    Fallback,
    Context,
}

/// How a location was resolved, written as the output contract's `method`:
/// "place", "fallback:place" (a fallback reading), "fallback:context-region"
/// (the section's context).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Method {
    pub rule: MethodRule,
    pub reading: Reading,
}

impl Method {
    pub fn new(rule: MethodRule) -> Method {
        Method {
            rule,
            reading: Reading::Phrase,
        }
    }

    /// The same rule on a fallback reading (a context reading stays one).
    pub fn as_fallback(self) -> Method {
        Method {
            reading: match self.reading {
                Reading::Phrase => Reading::Fallback,
                r => r,
            },
            ..self
        }
    }

    /// The same rule on the section's context.
    pub fn as_context(self) -> Method {
        Method {
            reading: Reading::Context,
            ..self
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.reading {
            Reading::Phrase => write!(f, "{}", self.rule),
            Reading::Fallback => write!(f, "fallback:{}", self.rule),
            Reading::Context => write!(f, "fallback:context-{}", self.rule),
        }
    }
}

impl Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_written_as_the_contract_spells_them() {
        let m = Method::new(MethodRule::OffsetNoBearing);
        assert_eq!(m.to_string(), "offset_no_bearing");
        assert_eq!(m.as_fallback().to_string(), "fallback:offset_no_bearing");
        assert_eq!(m.as_fallback().as_fallback(), m.as_fallback());
        let c = Method::new(MethodRule::Region).as_context();
        assert_eq!(c.to_string(), "fallback:context-region");
        assert_eq!(c.as_fallback(), c);
        assert_eq!(
            serde_json::to_string(&Some(Method::new(MethodRule::Place))).expect("json"),
            "\"place\""
        );
    }
}
