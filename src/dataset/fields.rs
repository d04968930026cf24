//! The output contract's fields as a reader meets them: one value per
//! contract field, type-checked the same way whether it came from a GeoJSON
//! feature or a CSV row, and turned into a compact [`Row`].

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Value;

use super::{Row, Strings};
use crate::model::{IncidentKind, LonLat};

/// One field's value: strings borrowed from the input where they can be.
#[derive(Debug, Clone)]
pub enum Field<'a> {
    Null,
    Str(Cow<'a, str>),
    Num(serde_json::Number),
    /// Booleans, arrays and objects (boxed: they are rare, and a record
    /// holds a field of each kind).
    Other(Box<Value>),
}

impl Field<'_> {
    fn as_str(&self) -> Option<&str> {
        match self {
            Field::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Field::Num(n) => n.as_f64(),
            Field::Other(v) => v.as_f64(),
            _ => None,
        }
    }
}

impl std::fmt::Display for Field<'_> {
    /// As JSON, the way the messages quote a value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::Null => f.write_str("null"),
            Field::Str(s) => write!(f, "{}", Value::String(s.to_string())),
            Field::Num(n) => write!(f, "{n}"),
            Field::Other(v) => write!(f, "{v}"),
        }
    }
}

macro_rules! contract {
    ($($var:ident => $name:literal),+ $(,)?) => {
        /// The contract fields a reader looks at (DESIGN.md's output contract).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub enum F { $($var),+ }
        /// How many contract fields there are.
        pub const N_FIELDS: usize = [$($name),+].len();
        impl F {
            /// Every field, in table order.
            pub const ALL: [F; N_FIELDS] = [$(F::$var),+];
            pub fn of(name: &str) -> Option<F> {
                match name { $($name => Some(F::$var),)+ _ => None }
            }
            pub fn name(self) -> &'static str {
                match self { $(F::$var => $name),+ }
            }
        }
    };
}

contract! {
    Id => "id",
    Date => "date",
    Kind => "kind",
    Country => "country",
    Killed => "killed",
    Wounded => "wounded",
    AnchorLon => "anchor_lon",
    AnchorLat => "anchor_lat",
    CodedLon => "coded_lon",
    CodedLat => "coded_lat",
    DistanceKm => "distance_km",
    BearingDeg => "bearing_deg",
    UncertaintyKm => "uncertainty_km",
    AcledPrecision => "acled_geo_precision",
    UcdpPrecision => "ucdp_where_prec",
    GtdSpecificity => "gtd_specificity",
    CodedPrecision => "coded_precision",
    SourceLine => "source_line",
    DatePrecision => "date_precision",
    Actor => "actor",
    Target => "target",
    CasualtiesText => "casualties_text",
    Admin1 => "admin1",
    LocationText => "location_text",
    LocationKind => "location_kind",
    Anchor => "anchor",
    AnchorId => "anchor_id",
    AnchorSource => "anchor_source",
    Method => "method",
    UnresolvedReason => "unresolved_reason",
    Alternatives => "alternatives",
    Context => "context",
    SourceFile => "source_file",
    Text => "text",
    Sources => "sources",
    AlsoReportedAs => "also_reported_as",
}

/// The contract fields a reader checks and keeps; the others are passed over
/// unread (a command reads the columns it needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need(u64);

const _: () = assert!(N_FIELDS <= 64, "Need is a 64-bit set");

impl Need {
    pub const ALL: Need = Need(u64::MAX);
    /// No field: a GeoJSON feature is handed on as its text alone (no row,
    /// no id: [`super::Record::feature_json`] reads them from the text), a
    /// CSV record with its point.
    pub const NONE: Need = Need(0);

    pub const fn of(fields: &[F]) -> Need {
        let mut m = 0u64;
        let mut i = 0;
        while i < fields.len() {
            m |= 1 << fields[i] as u8;
            i += 1;
        }
        Need(m)
    }

    pub const fn and(self, other: Need) -> Need {
        Need(self.0 | other.0)
    }

    pub fn has(self, f: F) -> bool {
        self.0 >> (f as u8) & 1 == 1
    }
}

/// Numeric fields of the contract: (field, whole number, smallest, largest).
const NUMERIC: &[(F, bool, f64, f64)] = &[
    (F::Killed, true, 0.0, u32::MAX as f64),
    (F::Wounded, true, 0.0, u32::MAX as f64),
    (F::AnchorLon, false, -180.0, 180.0),
    (F::AnchorLat, false, -90.0, 90.0),
    (F::CodedLon, false, -180.0, 180.0),
    (F::CodedLat, false, -90.0, 90.0),
    (F::DistanceKm, false, 0.0, 20_040.0),
    (F::BearingDeg, false, 0.0, 360.0),
    (F::UncertaintyKm, false, 0.0, 20_040.0),
    (F::AcledPrecision, true, 1.0, 3.0),
    (F::UcdpPrecision, true, 1.0, 7.0),
    (F::GtdSpecificity, true, 1.0, 5.0),
    (F::CodedPrecision, true, 1.0, 7.0),
    (F::SourceLine, true, 0.0, u32::MAX as f64),
];

/// True for the numeric fields (a CSV reader parses those cells as numbers).
pub fn is_numeric(f: F) -> bool {
    NUMERIC.iter().any(|(n, ..)| *n == f)
}

/// One record's contract fields, indexed by [`F`], and what checking them parsed.
#[derive(Debug)]
pub struct Fields<'a> {
    values: [Field<'a>; N_FIELDS],
    date: Option<NaiveDate>,
    kind: Option<IncidentKind>,
}

impl Default for Fields<'_> {
    fn default() -> Self {
        Fields::new()
    }
}

impl<'a> Fields<'a> {
    pub fn new() -> Fields<'a> {
        Fields {
            values: std::array::from_fn(|_| Field::Null),
            date: None,
            kind: None,
        }
    }

    /// Sets a field (one the reader needs).
    pub fn set(&mut self, f: F, v: Field<'a>) {
        self.values[f as usize] = v;
    }

    pub fn get(&self, f: F) -> &Field<'a> {
        &self.values[f as usize]
    }

    fn str(&self, f: F) -> Option<&str> {
        self.get(f).as_str()
    }

    fn num(&self, f: F) -> Option<f64> {
        self.get(f).as_f64()
    }

    /// Checks every contract field's type and range; the id, when a number,
    /// becomes its text. Returns a warning for a point that looks like
    /// swapped lat/lon.
    pub fn check(&mut self, point: Option<LonLat>) -> Result<Option<String>, String> {
        match self.get(F::Id) {
            Field::Str(_) => {}
            Field::Num(n) => {
                let s = n.to_string();
                self.set(F::Id, Field::Str(Cow::Owned(s)));
            }
            Field::Null => {}
            other => return Err(format!("id {other} is not a string")),
        }
        for &(f, whole, lo, hi) in NUMERIC {
            let v = self.get(f);
            if matches!(v, Field::Null) {
                continue;
            }
            let Some(x) = v.as_f64() else {
                return Err(format!("{} {v} is not a number", f.name()));
            };
            if whole && x.fract() != 0.0 {
                return Err(format!("{} {v} is not a whole number", f.name()));
            }
            if !(lo..=hi).contains(&x) {
                return Err(format!("{} {v} is outside {lo}..{hi}", f.name()));
            }
        }
        for i in F::DatePrecision as usize..N_FIELDS {
            if let v @ (Field::Num(_) | Field::Other(_)) = &self.values[i] {
                return Err(format!("{} {v} is not a string", F::ALL[i].name()));
            }
        }
        for f in [F::Date, F::Kind, F::Country] {
            let v = self.get(f);
            if matches!(v, Field::Null) {
                continue;
            }
            let Some(s) = v.as_str() else {
                return Err(format!("{} {v} is not a string", f.name()));
            };
            match f {
                F::Date => match parse_date(s) {
                    Some(d) => self.date = Some(d),
                    None => return Err(format!("date '{s}' is not a YYYY-MM-DD date")),
                },
                F::Kind => match s.parse::<IncidentKind>() {
                    Ok(k) => self.kind = Some(k),
                    Err(_) => {
                        return Err(format!("kind '{s}' is not one of incimap's incident kinds"));
                    }
                },
                F::Country if !crate::resolve::border::is_country_code(s) => {
                    return Err(format!("country '{s}' is not an ISO 3166-1 alpha-2 code"));
                }
                _ => {}
            }
        }
        Ok(point.and_then(|p| self.swapped(p)))
    }

    /// A point far from its own anchor whose mirror (lat as lon) sits on it:
    /// the coordinates were most likely written as lat, lon.
    fn swapped(&self, p: LonLat) -> Option<String> {
        let anchor = LonLat::new(self.num(F::AnchorLon)?, self.num(F::AnchorLat)?)?;
        let mirror = LonLat::new(p.lat, p.lon)?;
        let reach = self.num(F::DistanceKm).unwrap_or(0.0)
            + self.num(F::UncertaintyKm).unwrap_or(0.0)
            + 5.0;
        // A great circle is at least as long as its latitude span: most
        // mirrors are told far from the anchor without trigonometry.
        let km_per_deg = crate::geodesy::EARTH_RADIUS_KM.to_radians();
        if (mirror.lat - anchor.lat).abs() * km_per_deg > reach {
            return None;
        }
        let d = crate::geodesy::distance_km(p, anchor);
        let dm = crate::geodesy::distance_km(mirror, anchor);
        (d > 2.0 * reach && dm <= reach).then(|| {
            format!(
                "point {:.4}, {:.4} (lon, lat) is {d:.0} km from its own anchor, but read as lat, lon \
                 it lies on it: lon and lat look swapped",
                p.lon, p.lat
            )
        })
    }

    /// The compact row of checked fields ([`Fields::check`] first); its
    /// strings go to `strings`.
    pub fn row(&self, point: Option<LonLat>, strings: &mut Strings) -> Row {
        let n = |f: F| self.num(f).map(|v| v as u32);
        let anchor_point = match (self.num(F::AnchorLon), self.num(F::AnchorLat)) {
            (Some(lon), Some(lat)) => LonLat::new(lon, lat),
            _ => None,
        };
        let section = self
            .str(F::Context)
            .and_then(|c| c.split(" > ").next())
            .unwrap_or("")
            .trim();
        Row {
            point,
            date: self.date,
            kind: self.kind.unwrap_or(IncidentKind::Other),
            country: self.str(F::Country).and_then(super::Country::new),
            precision: self.num(F::AcledPrecision).map(|v| v as u8),
            killed: n(F::Killed),
            wounded: n(F::Wounded),
            uncertainty_km: self.num(F::UncertaintyKm),
            anchor: strings.intern(self.str(F::Anchor).unwrap_or("")),
            anchor_point,
            anchor_osm: self
                .str(F::AnchorSource)
                .is_some_and(|s| s.contains("osm2019")),
            admin1: strings.intern(self.str(F::Admin1).unwrap_or("")),
            section: strings.intern(section),
        }
    }

    /// The record's id, if it has one.
    pub fn id(&self) -> Option<&str> {
        self.str(F::Id)
    }
}

/// A YYYY-MM-DD date (the common ten-character form read without chrono's
/// format machinery; anything else goes through it).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
    {
        return NaiveDate::from_ymd_opt(y as i32, m, d);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_table_and_its_order_agree() {
        for (i, f) in F::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i, "{}", f.name());
            assert_eq!(F::of(f.name()), Some(*f));
        }
        assert_eq!(F::of("lon"), None);
    }

    #[test]
    fn dates_read_fast_agree_with_chrono() {
        for s in [
            "2020-05-21",
            "1999-12-31",
            "2020-02-29",
            "2021-02-29",
            "2020-13-01",
            "2020-5-21",
            "20-05-2021",
            "2020-05-2x",
            "",
        ] {
            assert_eq!(
                parse_date(s),
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                "{s}"
            );
        }
    }

    #[test]
    fn a_text_field_holding_a_number_is_an_error_naming_it() {
        let mut f = Fields::new();
        f.set(F::Id, Field::Str("a".into()));
        f.set(F::Text, Field::Num(3.into()));
        assert_eq!(f.check(None).unwrap_err(), "text 3 is not a string");
    }
}
