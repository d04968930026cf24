//! Location phrases: finding every candidate reading in a sentence ("about
//! 10 km north of X", "between X and Y", "on the X-Y highway", "near the
//! border with Chad", "in central X", "Diyala Province"...) and choosing the
//! most specific one.
//!
//! The English grammar is one table, `FORMS`: each form's lead-in (a
//! regex), what its anchors are (its `Reader`), its rank and its example
//! phrases, which are its tests. The forms are read in the table's order, and
//! a span one form took is not read again by a later one. The French table
//! (with the Spanish, Portuguese, Italian, German, Indonesian and Nordic
//! forms) is `location_fr::ROWS`, read first. All readings share one scale of
//! specificity, `rank`. After the forms come the relations between readings:
//! a distance written after a place, glosses (an offset that says where the
//! place before it is), nesting ("X district in Y") and aftermath words.

use std::sync::LazyLock;

use super::rx::Rx;

use super::cueset::Gated;
use super::place::{PlaceRef, split_compound, take_place};
use super::vocab;
use crate::model::{LocationKind, LocationPhrase};

/// A location phrase found in a text, with its byte span and how specific it is.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub phrase: LocationPhrase,
    pub start: usize,
    pub end: usize,
    /// How specific the reading is: its form's `rank`, moved by its context
    /// (higher is more specific).
    pub score: f32,
    /// The name of the form that read it ("offset", "fr:between", "gloss").
    pub form: &'static str,
}

/// How specific a reading is, one scale for every form of every language,
/// highest first. A reading's context moves it off its level: an aftermath
/// reading ("taken to a hospital in X") loses `AFTERMATH_PENALTY`, a reading
/// inside the place named right after it ("X district in Y") rises just
/// above that place's, one from another sentence of the incident loses half
/// a level.
pub mod rank {
    /// A distance from a named place: "10 km north of X".
    pub const OFFSET: f32 = 6.0;
    /// A village, hamlet, quarter or camp the text calls so: the most
    /// specific place a sentence names.
    pub const SMALL_PLACE: f32 = 5.5;
    /// A named place: "in X", "near X".
    pub const PLACE: f32 = 5.0;
    /// The least a named place's reading keeps after its context moved it:
    /// a reading must reach it to be the place a gloss describes.
    pub const NAMED: f32 = 4.5;
    /// A line or a side: direction, between, road.
    pub const LINE: f32 = 4.0;
    /// A weak reading: an offset in a gloss, "the road to X".
    pub const WEAK: f32 = 3.0;
    /// "15 km to X" (perhaps a journey's length), an offset from an area.
    pub const TOWARDS: f32 = 2.5;
    /// A region, a border, a countryside: the least a reading ranks to be
    /// kept as a fallback.
    pub const REGION: f32 = 2.0;
    /// A distance from a border.
    pub const FROM_BORDER: f32 = 1.5;
    /// Where the attackers came from ("a militia from X"): read only when
    /// the text gives nothing better than a country.
    pub const ORIGIN: f32 = 1.5;
    /// A country alone.
    pub const COUNTRY: f32 = 1.0;
}

/// An example phrase of a form and what it must read: (phrase, kind,
/// anchors, distance km, bearing degrees).
pub type Example = (
    &'static str,
    LocationKind,
    &'static [&'static str],
    Option<f64>,
    Option<f64>,
);

/// How a form turns its lead-in match into a reading: what its anchors are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// A number, a unit, a compass word, "of": the place after it (or a border).
    Offset,
    /// A road named by its two ends ("the X-Y road") or by a code ("the M-4").
    Road,
    /// A road named by three towns: its first and last.
    RoadThree,
    /// "the road between X and Y", "the road from X to Y": its ends.
    RoadBetween,
    /// "the road to X": near X.
    RoadTo,
    /// "the border with X", "the X border", "the X-Y border": the countries.
    Border,
    /// "between X and Y": both places.
    Between,
    /// A compass word and "of": the place after it.
    Direction,
    /// "near X", "on the outskirts of X": the place after it.
    Near,
    /// "in X", "at X": the place after it.
    In,
}

/// One form of the grammar.
struct Form {
    /// Its name, each of its readings' `Candidate::form`.
    name: &'static str,
    /// The words before the place (whole-match lead-in).
    lead_in: &'static LazyLock<Gated>,
    reader: Reader,
    /// The rank of its readings; the reader lowers it for a gloss, an area,
    /// a border or a country.
    rank: f32,
    /// Phrases it reads and what each must give: its tests.
    #[cfg_attr(not(test), allow(dead_code))]
    examples: &'static [Example],
}

const COMPASS: &str =
    r"(?:(?i:north|south|east|west)(?:[- ]?(?i:north|south|east|west)){0,2}(?i:ern)?|[NSEW]{1,3})";
const NUMWORDS: &str = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a few|several|a couple of";

/// The English forms, in the order they are read.
static FORMS: [Form; 11] = [
    Form {
        name: "offset",
        lead_in: &OFFSET_RE,
        reader: Reader::Offset,
        rank: rank::OFFSET,
        examples: &[
            (
                "about 10 km north of Zorbak",
                LocationKind::Offset,
                &["Zorbak"],
                Some(10.0),
                Some(0.0),
            ),
            (
                "25 km NE of Velanto",
                LocationKind::Offset,
                &["Velanto"],
                Some(25.0),
                Some(45.0),
            ),
            (
                "12 km SSW of Qirvan",
                LocationKind::Offset,
                &["Qirvan"],
                Some(12.0),
                Some(202.5),
            ),
            (
                "some 30 kilometers to the southeast of Malduk",
                LocationKind::Offset,
                &["Malduk"],
                Some(30.0),
                Some(135.0),
            ),
            (
                "10 Kms from Zorbak",
                LocationKind::Offset,
                &["Zorbak"],
                Some(10.0),
                None,
            ),
            (
                "five miles outside Velanto",
                LocationKind::Offset,
                &["Velanto"],
                Some(8.04672),
                None,
            ),
            (
                "10-15 km east of the town of Qirvan",
                LocationKind::Offset,
                &["Qirvan"],
                Some(12.5),
                Some(90.0),
            ),
            (
                "30 km from the border with Chad",
                LocationKind::Border,
                &["Chad"],
                Some(30.0),
                None,
            ),
        ],
    },
    Form {
        name: "offset without of",
        lead_in: &OFFSET_BARE_RE,
        reader: Reader::Offset,
        rank: rank::OFFSET,
        examples: &[(
            "15 km west Zorbak",
            LocationKind::Offset,
            &["Zorbak"],
            Some(15.0),
            Some(270.0),
        )],
    },
    Form {
        name: "road",
        lead_in: &ROAD_RE,
        reader: Reader::Road,
        rank: rank::LINE,
        examples: &[
            (
                "on the Zorbak-Velanto highway",
                LocationKind::Road,
                &["Zorbak", "Velanto"],
                None,
                None,
            ),
            (
                "along the Zorbak/Velanto road",
                LocationKind::Road,
                &["Zorbak", "Velanto"],
                None,
                None,
            ),
            (
                "on the Zorbak – Velanto axis",
                LocationKind::Road,
                &["Zorbak", "Velanto"],
                None,
                None,
            ),
            ("on the M-4 highway", LocationKind::Road, &[], None, None),
        ],
    },
    Form {
        name: "road of three towns",
        lead_in: &ROAD_THREE_RE,
        reader: Reader::RoadThree,
        rank: rank::LINE,
        examples: &[(
            "along the Zorbak-Qirvan-Velanto road",
            LocationKind::Road,
            &["Zorbak", "Velanto"],
            None,
            None,
        )],
    },
    Form {
        name: "road between",
        lead_in: &ROAD_BETWEEN_RE,
        reader: Reader::RoadBetween,
        rank: rank::LINE,
        examples: &[
            (
                "on the road between Zorbak and Velanto",
                LocationKind::Road,
                &["Zorbak", "Velanto"],
                None,
                None,
            ),
            (
                "on the highway linking Zorbak to Velanto",
                LocationKind::Road,
                &["Zorbak", "Velanto"],
                None,
                None,
            ),
        ],
    },
    Form {
        name: "road to",
        lead_in: &ROAD_TO_RE,
        reader: Reader::RoadTo,
        rank: rank::WEAK,
        examples: &[(
            "on a road leading to Malduk",
            LocationKind::Near,
            &["Malduk"],
            None,
            None,
        )],
    },
    Form {
        name: "border",
        lead_in: &BORDER_RE,
        reader: Reader::Border,
        rank: rank::REGION,
        examples: &[
            (
                "near the border with Chad",
                LocationKind::Border,
                &["Chad"],
                None,
                None,
            ),
            (
                "along the Syrian-Turkish border",
                LocationKind::Border,
                &["Syria", "Turkey"],
                None,
                None,
            ),
            (
                "on the border between Mali and Niger",
                LocationKind::Border,
                &["Mali", "Niger"],
                None,
                None,
            ),
        ],
    },
    Form {
        name: "between",
        lead_in: &BETWEEN_RE,
        reader: Reader::Between,
        rank: rank::LINE,
        examples: &[
            (
                "between Zorbak and Velanto",
                LocationKind::Between,
                &["Zorbak", "Velanto"],
                None,
                None,
            ),
            (
                "between the villages of Zorbak and Velanto",
                LocationKind::Between,
                &["Zorbak", "Velanto"],
                None,
                None,
            ),
        ],
    },
    Form {
        name: "direction",
        lead_in: &DIRECTION_RE,
        reader: Reader::Direction,
        rank: rank::LINE,
        examples: &[
            (
                "northeast of Zorbak",
                LocationKind::Direction,
                &["Zorbak"],
                None,
                Some(45.0),
            ),
            (
                "just to the west of Malduk",
                LocationKind::Direction,
                &["Malduk"],
                None,
                Some(270.0),
            ),
        ],
    },
    Form {
        name: "near",
        lead_in: &NEAR_RE,
        reader: Reader::Near,
        rank: rank::PLACE,
        examples: &[
            ("near Zorbak", LocationKind::Near, &["Zorbak"], None, None),
            (
                "at the entrance of the old quarter of Malduk",
                LocationKind::Near,
                &["Malduk"],
                None,
                None,
            ),
            (
                "on the outskirts of Velanto",
                LocationKind::Near,
                &["Velanto"],
                None,
                None,
            ),
            (
                "in the vicinity of Qirvan",
                LocationKind::Near,
                &["Qirvan"],
                None,
                None,
            ),
            (
                "in a suburb of Malduk",
                LocationKind::Near,
                &["Malduk"],
                None,
                None,
            ),
        ],
    },
    Form {
        name: "in",
        lead_in: &IN_RE,
        reader: Reader::In,
        rank: rank::PLACE,
        examples: &[
            ("in Zorbak", LocationKind::InPlace, &["Zorbak"], None, None),
            (
                "in the village of Velanto",
                LocationKind::InPlace,
                &["Velanto"],
                None,
                None,
            ),
            (
                "in central Qirvan",
                LocationKind::InPlace,
                &["Qirvan"],
                None,
                None,
            ),
            (
                "in Zorbak district",
                LocationKind::Region,
                &["Zorbak"],
                None,
                None,
            ),
            (
                "in south Qirvan",
                LocationKind::InPlace,
                &["Qirvan"],
                None,
                Some(180.0),
            ),
            // A road named for the town it leads to.
            (
                "on the Malduk road",
                LocationKind::Near,
                &["Malduk"],
                None,
                None,
            ),
        ],
    },
];

impl Form {
    /// Appends the readings of this form in `text`.
    fn read(&'static self, text: &str, out: &mut Vec<Candidate>) {
        match self.reader {
            Reader::Offset => offsets(self, text, out),
            Reader::Road => roads(self, text, out),
            Reader::RoadThree => three_town_roads(self, text, out),
            Reader::RoadBetween => roads_between(self, text, out),
            Reader::RoadTo => roads_to(self, text, out),
            Reader::Border => borders(self, text, out),
            Reader::Between => betweens(self, text, out),
            Reader::Direction => directions(self, text, out),
            Reader::Near => nears(self, text, out),
            Reader::In => ins(self, text, out),
        }
    }
}

static OFFSET_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(&format!(
        r"(?x)
        (?P<about>\b(?i:about|approximately|approx\.?|some|around|roughly|nearly|almost|over|more\ than|less\ than|up\ to|some\ \d+\ to)\s+|~\s*)?
        (?P<num>\b\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?|\b(?i:{NUMWORDS}))
        \s*(?P<unit>(?i:kms?|kilomet(?:er|re)s?|mi|miles?))\b\.?
        (?:\s*\))?
        \s*(?:\((?:[^)]{{0,40}})\)\s*)?
        (?:(?i:to\ the)\s+)?(?P<dir>{COMPASS})?\s*
        (?:(?i:by\ road|drive)\s+)?
        (?P<rel>\b(?i:of|from|outside\ of|outside|off|away\ from|to))\s+"
    ))
});

/// "15 km west Kano": the offset without "of", its compass word written out.
static OFFSET_BARE_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(&format!(
        r"(?x)
        (?P<about>\b(?i:about|approximately|some|around|roughly|nearly|almost|just|over|more\ than|less\ than)\s+)?
        (?P<num>\b\d+(?:[.,]\d+)?|\b(?i:{NUMWORDS}))
        \s*(?P<unit>(?i:kms?|kilomet(?:er|re)s?|miles?))\b\.?
        \s+(?P<dir>(?i:north|south|east|west)(?:-?(?i:north|south|east|west)){{0,2}})\s+"
    ))
});

static DIRECTION_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(&format!(
        r"(?x)(?P<about>\b(?i:about|just|some)\s+)?(?:\b(?i:to\ the)\s+)?\b(?P<dir>{COMPASS})\s+(?i:of)\s+"
    ))
});

/// "between X and Y", "between the towns of X and Y".
static BETWEEN_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(
        r"\b(?i:between)\s+(?:(?i:the)\s+(?i:towns|villages|cities|localities|settlements|areas|districts)\s+(?i:of)\s+)?",
    )
});

static ROAD_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(
        r"(?x)\b(?i:on|along|at|near|off|by)\s+(?:the\s+|a\s+)?
        (?:(?P<code>[A-Z]{1,2}\s?-?\s?\d{1,3})|(?P<pair>[\p{Lu}][\p{L}'’ ]*?(?:\s(?:al|el|ez|ad|ar)-[\p{Lu}][\p{L}]*)?(?:-|/|–|\s[–-]\s)(?:(?:al|el|ez|ad|ar|Al|El|Ad|Ar)-)?[\p{Lu}][\p{L}'’]*(?:\s[\p{Lu}][\p{L}'’]*)?))
        \s+(?P<kind>(?i:highway|road|motorway|expressway|freeway|route|axis|international\ road))\b
        (?:\s*\((?P<ends>[^)]{3,60})\))?",
    )
});

/// "along the Maiduguri-Konduga-Damboa road": a road named by three
/// towns, its ends first and last.
static ROAD_THREE_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(
        r"(?x)\b(?i:on|along|at|near|off|by)\s+(?:the\s+|a\s+)?
        (?P<a>[\p{Lu}][\p{L}'’]+)(?:-|–|/)(?P<b>[\p{Lu}][\p{L}'’]+)(?:-|–|/)(?P<c>[\p{Lu}][\p{L}'’]+)
        \s+(?P<kind>(?i:highway|road|motorway|expressway|route|axis))\b",
    )
});

static ROAD_BETWEEN_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r"\b(?i:highway|road|motorway|route)\s+(?i:between|linking|connecting|from)\s+")
});

static ROAD_TO_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r"\b(?i:road|highway|route)\s+(?:(?i:leading|going|heading)\s+)?(?i:to|towards)\s+")
});

static BORDER_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(
        r"(?x)\b(?i:near|along|on|at|close\ to|across|by|in)\s+the\s+(?:(?P<adj>[\p{Lu}][\p{L}]+(?:-[\p{Lu}][\p{L}]+)?)\s+)?(?i:border)(?:\s+(?i:area|region|strip|zone))?
        (?:\s+(?P<rel>(?i:with|between))\s+)?",
    )
});

static NEAR_RE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(
        r"(?x)\b(?P<prep>(?i:near|close\ to|nearby|outside|just\ outside|around|on\ the\ outskirts\ of|in\ the\ outskirts\ of|on\ the\ edge\ of|at\ the\ edge\ of|at\ the\ entrance\ (?:of|to)|at\ the\ gates\ of|on\ the\ fringes\ of|in\ the\ vicinity\ of|in\ the\ environs\ of|in\ the\ area\ of|in\ the\ region\ of|in\ the\ countryside\ of|in\ the\ suburbs?\ of|in\ a\ suburb\ of|on\ the\ road\ to))\s+",
    )
});

static IN_RE: LazyLock<Gated> =
    LazyLock::new(|| Gated::new(r"\b(?P<prep>(?i:in|at|inside|within|on|into|from))\s+"));

/// Finds every location-phrase candidate in `text`.
pub fn find_candidates(text: &str) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    super::location_fr::candidates(text, &mut out);
    for form in &FORMS {
        form.read(text, &mut out);
    }
    trailing_distances(text, &mut out);
    attach_glosses(text, &mut out);
    attach_copular_glosses(text, &mut out);
    out.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    prefer_nested(text, &mut out);
    for c in out.iter_mut() {
        if is_aftermath(text, c.start) {
            c.score -= AFTERMATH_PENALTY;
            c.phrase.qualifiers.push(AFTERMATH.into());
        }
    }
    out
}

/// Qualifier of a reading the words before it make the aftermath or an
/// origin, not the spot: where the wounded were taken, people fled to, the
/// dead were buried, the attackers came from.
pub const AFTERMATH: &str = "aftermath";

/// How much less specific an aftermath reading counts (it stays a fallback).
const AFTERMATH_PENALTY: f32 = 2.0;

/// True when the words just before `start` (same clause, 40 bytes) say the
/// place is the aftermath, an origin or where a speaker is ("taken to a
/// hospital in X", "fled to X", "buried in X", "fighters from X", "based
/// in X", "a police source in X said").
fn is_aftermath(text: &str, start: usize) -> bool {
    static AFTER: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(
            r"(?i)\b(?:hospitals?|clinics?|morgue|mortuary|taken|rushed|flown|evacuated|transported|transferred|airlifted|referred|admitted|fled|displaced|refuge|buried|funerals?|courts?|prison|jail|custody|trial|based|headquartered)\b[^.;:!?]{0,40}$",
        )
        .expect("aftermath regex")
    });
    // "a police source in X said", "officials in X told": where the speaker is.
    static SPEAKER: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(
            r"(?i)\b(?:sources?|officials?|spokesm[ae]n|spokesperson|correspondents?|reporters?|journalists?|residents?)\s+$",
        )
        .expect("speaker regex")
    });
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(60)
        .map_or(0, |(i, _)| i);
    AFTER.is_match(&text[from..start]) || SPEAKER.is_match(&text[from..start])
}

/// "in Dibis district in Kirkuk", "in the district of Lawdar in Abyan": the
/// reading whose enclosing area is the place named right after it lies inside
/// that place, so it is the more specific one and outranks it.
fn prefer_nested(text: &str, out: &mut [Candidate]) {
    for i in 0..out.len() {
        let Some(ctx) = out[i].phrase.context.clone() else {
            continue;
        };
        let outer = ctx.split(", ").next().unwrap_or_default().to_owned();
        let end = out[i].end;
        let container = out.iter().position(|c| {
            c.start >= end
                && text[end..c.start].trim_start_matches([',', ' ']).len() <= 4
                && c.phrase.anchors.len() == 1
                && vocab::country_by_name(&c.phrase.anchors[0]).is_none()
                && (outer == c.phrase.anchors[0] || outer.starts_with(&c.phrase.anchors[0]))
        });
        if let Some(j) = container
            && out[j].score >= out[i].score
        {
            out[i].score = out[j].score + 0.1;
        }
    }
}

/// Byte offset just past the first word and the whitespace after it (any
/// Unicode space, e.g. a no-break space, which is more than one byte).
fn after_first_word(s: &str) -> usize {
    let word_end = s.find(char::is_whitespace).unwrap_or(s.len());
    let rest = &s[word_end..];
    word_end + (rest.len() - rest.trim_start().len())
}

fn overlaps(out: &[Candidate], start: usize, end: usize) -> bool {
    out.iter().any(|c| start < c.end && c.start < end)
}

fn is_inside_parens(text: &str, pos: usize) -> Option<usize> {
    let before = &text[..pos];
    let open = before.rfind('(')?;
    (!before[open..].contains(')')).then_some(open)
}

fn offsets(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for c in form.lead_in.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let rest = &text[whole.end()..];
        let num_text = c["num"].to_owned();
        let Some(mut dist) = parse_distance(&num_text) else {
            continue;
        };
        let unit = c["unit"].to_lowercase();
        if unit.starts_with("mi") {
            dist *= 1.609_344;
        }
        let dir = c.name("dir").and_then(|d| vocab::compass(d.as_str()));
        if c.name("dir").is_some() && dir.is_none() {
            continue;
        }
        // "15 km west Kano": no "of", so a name right after the compass word.
        if c.name("rel").is_none()
            && (!rest.starts_with(|ch: char| ch.is_uppercase())
                || overlaps(out, whole.start(), whole.end()))
        {
            continue;
        }
        let (anchor, kind, end, mut quals, place) = if let Some(b) = border_after(rest) {
            (
                b.0,
                LocationKind::Border,
                whole.end() + b.1,
                vec!["border".to_owned()],
                None,
            )
        } else if let Some(p) = take_place(rest) {
            (
                vec![p.full_name()],
                LocationKind::Offset,
                whole.end() + p.end,
                p.qualifiers.clone(),
                Some(p),
            )
        } else {
            continue;
        };
        let start = c
            .name("about")
            .map_or(c.get(0).expect("m").start(), |m| m.start());
        if c.name("about").is_some() {
            quals.insert(0, "about".to_owned());
        }
        // "a village about 17 km southwest of Idlib"
        let before = text[..start].trim_end().to_lowercase();
        for w in ["village", "town", "area", "camp", "checkpoint", "base"] {
            if before.ends_with(w) && !quals.iter().any(|q| q == w) {
                quals.push(w.to_owned());
            }
        }
        let mut ph = LocationPhrase::new(&text[start..end], kind, anchor);
        ph.distance_km = Some(dist);
        ph.distance_text = Some(num_text);
        if let Some((b, h)) = dir {
            ph.bearing_deg = Some(b);
            ph.bearing_halfwidth_deg = Some(h);
        }
        ph.qualifiers = quals;
        let gloss = is_inside_parens(text, start).is_some();
        // "15 km to X" may be a journey's length: a fallback reading only.
        let towards = c
            .name("rel")
            .is_some_and(|r| r.as_str().eq_ignore_ascii_case("to"));
        let score = match (kind, gloss) {
            (LocationKind::Border, _) => rank::FROM_BORDER,
            (_, true) => rank::WEAK,
            _ if towards => rank::TOWARDS,
            _ if place.as_ref().is_some_and(PlaceRef::is_area) => rank::TOWARDS,
            _ => form.rank,
        };
        out.push(Candidate {
            phrase: ph,
            start,
            end,
            score,
            form: form.name,
        });
    }
}

/// A distance written after the place: "east of X, 12 km" (the offset in
/// that direction), "in X, five miles away" (an offset from X, no bearing).
static TRAILING_DISTANCE_RE: LazyLock<Rx> = LazyLock::new(|| {
    Rx::new(&format!(
        r"(?x)^\s*,\s*(?P<about>(?i:about|approximately|some|around|roughly|nearly|almost|just|only|over|more\ than|less\ than)\s+)?
        (?P<num>\d+(?:[.,]\d+)?|(?i:{NUMWORDS}))\s*(?P<unit>(?i:kms?|kilomet(?:er|re)s?|mi|miles?))\b\.?
        (?P<away>\s+(?i:away))?
        (?P<more>\s+(?i:of|from|to|off|outside|north|south|east|west|[NSEW]{{1,3}})\b)?"
    ))
    .expect("trailing distance regex")
});

/// Turns a direction or place reading followed by its distance into an offset.
fn trailing_distances(text: &str, out: &mut [Candidate]) {
    let starts: Vec<usize> = out.iter().map(|c| c.start).collect();
    for c in out.iter_mut() {
        if c.phrase.distance_km.is_some() {
            continue;
        }
        let directed = c.phrase.kind == LocationKind::Direction;
        let placed = matches!(c.phrase.kind, LocationKind::InPlace | LocationKind::Near);
        if !directed && !placed {
            continue;
        }
        let Some(m) = TRAILING_DISTANCE_RE.captures(&text[c.end..]) else {
            continue;
        };
        // "in X, 10 km north of Y": the distance starts a phrase of its own.
        if m.name("more").is_some() || (placed && m.name("away").is_none()) {
            continue;
        }
        let end = c.end + m.get(0).expect("m").end();
        if starts.iter().any(|&s| s > c.start && s < end) {
            continue;
        }
        let Some(mut dist) = parse_distance(&m["num"]) else {
            continue;
        };
        if m["unit"].to_lowercase().starts_with("mi") {
            dist *= 1.609_344;
        }
        let ph = &mut c.phrase;
        ph.text = text[c.start..end].to_owned();
        ph.kind = LocationKind::Offset;
        ph.distance_km = Some(dist);
        ph.distance_text = Some(m["num"].to_owned());
        if m.name("about").is_some() && !ph.has_qualifier("about") {
            ph.qualifiers.insert(0, "about".into());
        }
        c.end = end;
        // An area's offset or a gloss's stays as specific as it was.
        if c.score >= rank::LINE {
            c.score = rank::OFFSET;
        }
    }
}

fn parse_distance(s: &str) -> Option<f64> {
    let s = s.trim().to_lowercase();
    // "1,5 km" is a decimal comma; "1,500 km" a thousands separator.
    let s = match s.split_once(',') {
        Some((a, b))
            if b.len() != 3
                && a.chars().all(|c| c.is_ascii_digit())
                && b.chars().all(|c| c.is_ascii_digit()) =>
        {
            format!("{a}.{b}")
        }
        Some((a, b)) if b.len() == 3 && a.chars().all(|c| c.is_ascii_digit()) => format!("{a}{b}"),
        _ => s,
    };
    if let Some(n) = vocab::number_word(&s) {
        return Some(n as f64);
    }
    // A range "10-15" or "10 to 15": its midpoint.
    let parts: Vec<f64> = s
        .split(['-', '–'])
        .flat_map(|p| p.split(" to "))
        .filter_map(|p| p.trim().replace(',', ".").parse::<f64>().ok())
        .collect();
    match parts.as_slice() {
        [a] => Some(*a),
        [a, b] => Some((a + b) / 2.0),
        _ => None,
    }
}

/// "the border with Uganda" / "the Syrian border" right at the start of `s`.
fn border_after(s: &str) -> Option<(Vec<String>, usize)> {
    static B: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"^(?:the\s+)?(?:(?P<adj>[\p{Lu}][\p{L}]+)\s+)?border(?:\s+(?:with|between)\s+)?")
            .expect("border-after regex")
    });
    let c = B.captures(s)?;
    let mut end = c.get(0).expect("m").end();
    let mut anchors = Vec::new();
    if let Some(a) = c.name("adj") {
        anchors.push(demonym_country_name(a.as_str()));
    }
    if (c[0].trim_end().ends_with("with") || c[0].trim_end().ends_with("between"))
        && let Some(p) = take_place(&s[end..])
    {
        {
            anchors.push(p.name.clone());
            end += p.end;
            if let Some(rest) = s[end..].strip_prefix(" and ")
                && let Some(q) = take_place(rest)
            {
                anchors.push(q.name.clone());
                end += 5 + q.end;
            }
        }
    }
    Some((anchors, end))
}

fn demonym_country_name(word: &str) -> String {
    vocab::country_by_demonym(word)
        .and_then(|cc| vocab::COUNTRIES.iter().find(|(c, _, _)| *c == cc))
        .map(|(_, names, _)| names[0].to_owned())
        .unwrap_or_else(|| word.to_owned())
}

fn roads(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for c in form.lead_in.captures_iter(text) {
        let whole = c.get(0).expect("m");
        let mut ph;
        if let Some(code) = c.name("code") {
            let code = code.as_str().replace(' ', "");
            let anchors = c
                .name("ends")
                .and_then(|e| split_compound(e.as_str().trim()))
                .map(|(a, b)| vec![a, b])
                .unwrap_or_default();
            ph = LocationPhrase::new(whole.as_str(), LocationKind::Road, anchors);
            ph.road = Some(code);
        } else {
            let pair = c["pair"].trim().to_owned();
            let Some((a, b)) = split_compound(&pair) else {
                continue;
            };
            ph = LocationPhrase::new(whole.as_str(), LocationKind::Road, vec![a, b]);
        }
        ph.qualifiers.push(c["kind"].to_lowercase());
        // "on the A-B road in Y": the area the road runs through.
        ph.context = enclosing_area(&text[whole.end()..]);
        let start = whole.start() + after_first_word(whole.as_str());
        out.push(Candidate {
            phrase: ph,
            start,
            end: whole.end(),
            score: form.rank,
            form: form.name,
        });
    }
}

fn three_town_roads(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for c in form.lead_in.captures_iter(text) {
        let whole = c.get(0).expect("m");
        let start = whole.start() + after_first_word(whole.as_str());
        if overlaps(out, start, whole.end()) {
            continue;
        }
        let mut ph = LocationPhrase::new(
            &text[start..whole.end()],
            LocationKind::Road,
            vec![c["a"].to_owned(), c["c"].to_owned()],
        );
        ph.qualifiers.push(c["kind"].to_lowercase());
        ph.context = enclosing_area(&text[whole.end()..]);
        out.push(Candidate {
            phrase: ph,
            start,
            end: whole.end(),
            score: form.rank,
            form: form.name,
        });
    }
}

fn roads_between(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for m in form.lead_in.find_iter(text) {
        if let Some((anchors, end)) = two_places(&text[m.end()..], &[" and ", " to "]) {
            let mut ph =
                LocationPhrase::new(&text[m.start()..m.end() + end], LocationKind::Road, anchors);
            ph.qualifiers.push("road".into());
            ph.context = enclosing_area(&text[m.end() + end..]);
            out.push(Candidate {
                phrase: ph,
                start: m.start(),
                end: m.end() + end,
                score: form.rank,
                form: form.name,
            });
        }
    }
}

fn roads_to(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for m in form.lead_in.find_iter(text) {
        if let Some(p) = take_place(&text[m.end()..]) {
            let end = m.end() + p.end;
            let mut ph = LocationPhrase::new(
                &text[m.start()..end],
                LocationKind::Near,
                vec![p.full_name()],
            );
            ph.qualifiers.push("road".into());
            out.push(Candidate {
                phrase: ph,
                start: m.start(),
                end,
                score: form.rank,
                form: form.name,
            });
        }
    }
}

fn two_places(s: &str, joiners: &[&str]) -> Option<(Vec<String>, usize)> {
    let a = take_place(s)?;
    let rest = &s[a.end..];
    for j in joiners {
        if let Some(r) = rest.strip_prefix(j)
            && let Some(b) = take_place(r)
        {
            return Some((vec![a.full_name(), b.full_name()], a.end + j.len() + b.end));
        }
    }
    None
}

fn borders(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for c in form.lead_in.captures_iter(text) {
        let whole = c.get(0).expect("m");
        let mut anchors = Vec::new();
        if let Some(a) = c.name("adj") {
            // "Syrian", "Iraqi-Syrian", "Iraq-Syria": each part a country name or demonym.
            let parts: Vec<&str> = a.as_str().split('-').collect();
            let known = |p: &str| {
                vocab::country_by_demonym(p).is_some() || vocab::country_by_name(p).is_some()
            };
            if !parts.iter().all(|p| known(p)) {
                continue; // "the Arar border crossing" is a place, not a border line
            }
            anchors.extend(parts.iter().map(|p| demonym_country_name(p)));
        }
        let mut end = whole.end();
        if c.name("rel").is_some()
            && let Some((more, len)) = border_after(&format!("border with {}", &text[end..]))
        {
            anchors.extend(more);
            end += len - "border with ".len();
        }
        if text[whole.end()..].trim_start().starts_with("crossing") {
            continue;
        }
        let start = whole.start() + after_first_word(whole.as_str());
        let mut ph =
            LocationPhrase::new(text[start..end].trim_end(), LocationKind::Border, anchors);
        ph.qualifiers.push("border".into());
        out.push(Candidate {
            phrase: ph,
            start,
            end,
            score: form.rank,
            form: form.name,
        });
    }
}

fn betweens(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for m in form.lead_in.find_iter(text) {
        let Some((anchors, len)) = two_places(&text[m.end()..], &[" and ", " & "]) else {
            continue;
        };
        let end = m.end() + len;
        if overlaps(out, m.start(), end) {
            continue;
        }
        let countries = anchors.iter().all(|a| vocab::country_by_name(a).is_some());
        let before = text[..m.start()].to_lowercase();
        let kind = if countries || before.trim_end().ends_with("border") {
            LocationKind::Border
        } else {
            LocationKind::Between
        };
        let mut ph = LocationPhrase::new(&text[m.start()..end], kind, anchors);
        ph.context = enclosing_area(&text[end..]);
        if kind == LocationKind::Border {
            ph.qualifiers.push("border".into());
        }
        out.push(Candidate {
            phrase: ph,
            start: m.start(),
            end,
            score: if kind == LocationKind::Border {
                rank::REGION
            } else {
                form.rank
            },
            form: form.name,
        });
    }
}

fn directions(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for c in form.lead_in.captures_iter(text) {
        let whole = c.get(0).expect("m");
        let dir_m = c.name("dir").expect("dir");
        if overlaps(out, dir_m.start(), whole.end()) {
            continue;
        }
        let Some((b, h)) = vocab::compass(dir_m.as_str()) else {
            continue;
        };
        let Some(p) = take_place(&text[whole.end()..]) else {
            continue;
        };
        let end = whole.end() + p.end;
        let start = c.name("about").map_or(dir_m.start(), |m| m.start());
        let mut ph = LocationPhrase::new(
            &text[start..end],
            LocationKind::Direction,
            vec![p.full_name()],
        );
        ph.bearing_deg = Some(b);
        ph.bearing_halfwidth_deg = Some(h);
        if c.name("about").is_some() {
            ph.qualifiers.push("about".into());
        }
        let before = text[..start].trim_end().to_lowercase();
        for w in ["village", "town", "area", "camp", "checkpoint", "base"] {
            if before.ends_with(w) {
                ph.qualifiers.push(w.to_owned());
            }
        }
        let gloss = is_inside_parens(text, start).is_some();
        out.push(Candidate {
            phrase: ph,
            start,
            end,
            score: if p.is_area() {
                rank::REGION
            } else if gloss {
                rank::WEAK
            } else {
                form.rank
            },
            form: form.name,
        });
    }
}

fn nears(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for c in form.lead_in.captures_iter(text) {
        let whole = c.get(0).expect("m");
        if overlaps(out, whole.start(), whole.end()) {
            continue;
        }
        let Some(p) = take_place(&text[whole.end()..]) else {
            continue;
        };
        let end = whole.end() + p.end;
        if overlaps(out, whole.end(), end) {
            continue; // "near the Iraqi-Syrian border" is a border phrase
        }
        let prep = c["prep"].to_lowercase();
        let mut ph = place_phrase(&text[whole.start()..end], &p, LocationKind::Near);
        // "near Hawija, Kirkuk province": the enclosing area.
        if ph.context.is_none()
            && let Some(ctx) = enclosing_area(&text[end..])
        {
            ph.context = Some(ctx);
        }
        let q = if prep.contains("outskirts") || prep.contains("edge") {
            Some("outskirts")
        } else if prep.contains("suburb") {
            Some("suburb")
        } else if prep.contains("area")
            || prep.contains("vicinity")
            || prep.contains("environs")
            || prep.contains("countryside")
            || prep.contains("region")
        {
            Some("area")
        } else {
            None
        };
        if let Some(q) = q
            && !ph.has_qualifier(q)
        {
            ph.qualifiers.insert(0, q.to_owned());
        }
        let score = if prep.contains("countryside") {
            rank::REGION
        } else {
            place_score(&p, &ph)
        };
        out.push(Candidate {
            phrase: ph,
            start: whole.start(),
            end,
            score,
            form: form.name,
        });
    }
}

fn ins(form: &'static Form, text: &str, out: &mut Vec<Candidate>) {
    for c in form.lead_in.captures_iter(text) {
        let whole = c.get(0).expect("m");
        if overlaps(out, whole.start(), whole.end()) {
            continue;
        }
        let Some(p) = take_place(&text[whole.end()..]) else {
            continue;
        };
        let end = whole.end() + p.end;
        if overlaps(out, whole.end(), end) {
            continue;
        }
        let prep = c["prep"].to_lowercase();
        // "returned from X", "fighters from X": not where it happened, but
        // where the text has nothing else, near it (ranked below any region).
        let origin = prep == "from" && !p.is_area() && p.feature.is_none();
        let kind = if p.feature.as_deref() == Some("area")
            || p.qualifiers
                .iter()
                .any(|q| q == "suburb" || q == "outskirts" || q == "area")
        {
            LocationKind::Near
        } else {
            LocationKind::InPlace
        };
        let mut ph = place_phrase(&text[whole.start()..end], &p, kind);
        // "in Qifah, in the northwestern Al-Bayda Province": the enclosing area.
        let after = &text[end..];
        if let Some(ctx) = enclosing_area(after) {
            ph.context = Some(ctx);
        }
        let mut score = place_score(&p, &ph);
        // "on the Zorbak road": a road named for the town it leads to, as
        // weak as "the road to Zorbak" (a place the text also names, "west
        // of Y", is where it happened).
        if let Some(n) = names_a_road(after) {
            ph.text = text[whole.start()..end + n].to_owned();
            ph.kind = LocationKind::Near;
            ph.qualifiers.push("road".into());
            score = score.min(rank::WEAK);
        }
        // "militants from Borno state": an origin.
        if origin {
            score = rank::ORIGIN;
            ph.qualifiers.push(AFTERMATH.into());
        } else if prep == "from" {
            score -= AFTERMATH_PENALTY;
            ph.qualifiers.push(AFTERMATH.into());
        }
        out.push(Candidate {
            phrase: ph,
            start: whole.start(),
            end,
            score,
            form: form.name,
        });
    }
}

/// Each reading of kind `kind` that has a host (a reading `is_host` of it,
/// given where the gloss starts) becomes that host's fallback, marked a
/// gloss, and leaves the list.
fn fold_glosses(
    out: &mut Vec<Candidate>,
    kind: LocationKind,
    is_host: impl Fn(&Candidate, usize) -> bool,
) {
    let mut i = 0;
    while i < out.len() {
        let start = out[i].start;
        let host = (out[i].phrase.kind == kind)
            .then(|| out.iter().position(|c| is_host(c, start)))
            .flatten();
        match host {
            Some(h) => {
                let mut gloss = out.remove(i);
                gloss.phrase.qualifiers.push("gloss".into());
                let h = if h > i { h - 1 } else { h };
                out[h].phrase.fallback = Some(Box::new(gloss.phrase));
            }
            None => i += 1,
        }
    }
}

/// The word after a place name makes it a road's name ("Zorbak road",
/// "Zorbak highway"): the bytes up to the end of that word.
fn names_a_road(after: &str) -> Option<usize> {
    let rest = after.trim_start();
    let word = rest.split(|c: char| !c.is_alphabetic()).next()?;
    matches!(
        word.to_lowercase().as_str(),
        "road" | "roads" | "highway" | "motorway" | "expressway" | "freeway"
    )
    .then(|| after.len() - rest.len() + word.len())
}

/// "Thiban (Deir ez-Zor)": a place in parentheses right after a place is its
/// context. "Buratai (Biu LGA, Borno)", "Qaniya (Rada, Al Bayda)": district
/// then province, kept together ("Biu LGA, Borno"); the resolver reads both.
pub fn areas_in_parentheses(after: &str) -> Option<String> {
    if let Some(inner) = after.strip_prefix(" (")
        && let Some(p) = take_place(inner)
        && inner[p.end..].trim_start().starts_with([')', ','])
    {
        let mut parts = vec![name_with_area_word(&p)];
        let mut rest = &inner[p.end..];
        while let Some(next) = rest.trim_start().strip_prefix(", ")
            && parts.len() < 3
            && let Some(q) = take_place(next)
            && next[q.end..].trim_start().starts_with([')', ','])
        {
            parts.push(name_with_area_word(&q));
            rest = &next[q.end..];
        }
        return Some(parts.join(", "));
    }
    None
}

fn enclosing_area(after: &str) -> Option<String> {
    // "Nazimabad , Karachi": a space before the comma changes nothing.
    let spaced;
    let after = match after.strip_prefix(" ,") {
        Some(rest) => {
            spaced = format!(",{rest}");
            spaced.as_str()
        }
        None => after,
    };
    if let Some(areas) = areas_in_parentheses(after) {
        return Some(areas);
    }
    // "X of Y district, Z", "X of Tehsil Y": an area named with its area
    // word (after the name or before it) after 'of'.
    if let Some(rest) = after.strip_prefix(" of ")
        && let Some(p) = take_place(rest)
        && (p.is_area() || crate::gazetteer::normalize::split_leading_level_word(&p.name).is_some())
        && vocab::country_by_name(&p.name).is_none()
    {
        let first = name_with_area_word(&p);
        if let Some(next) = rest[p.end..].strip_prefix(", ")
            && let Some(q) = take_place(next)
            && next[q.end..].trim_start().is_empty_or_punct()
            && vocab::country_by_name(&q.name).is_none()
        {
            return Some(format!("{first}, {}", name_with_area_word(&q)));
        }
        return Some(first);
    }
    let via_in = after.starts_with(", in ") || after.starts_with(" in ");
    let rest = after
        .strip_prefix(", in ")
        .or_else(|| after.strip_prefix(" in "))
        .or_else(|| after.strip_prefix(", "))?;
    let p = take_place(rest)?;
    // "X village in western Yemen (Zabid, Al Hudaydah)": the areas in
    // parentheses after a country (part) are the ones that enclose X.
    if vocab::country_by_name(&p.name).is_some()
        && let Some(areas) = areas_in_parentheses(&rest[p.end..])
    {
        return Some(areas);
    }
    // "Pir Koh, Dera Bugti, Balochistan": a district then a province.
    if let Some(next) = rest[p.end..].strip_prefix(", ")
        && let Some(q) = take_place(next)
        && q.is_area()
        && next[q.end..].trim_start().is_empty_or_punct()
    {
        return Some(format!(
            "{}, {}",
            name_with_area_word(&p),
            name_with_area_word(&q)
        ));
    }
    // "Mangophir, Karachi." / "X, Y, on Monday": a town closing the clause
    // encloses the place before it (a list "X, Y and Z" does not).
    let tail = rest[p.end..].trim_start();
    let closes = tail.is_empty()
        || tail.starts_with(['.', ';', ')', ':'])
        || ["on ", "in ", "at ", "near ", "where ", "after ", "when "]
            .iter()
            .any(|w| tail.starts_with(w));
    // "X district in Y, and ...": 'in' says Y encloses X, whatever follows,
    // unless Y starts a list ("in Y, Z and W").
    let list = tail.starts_with("and ")
        || tail
            .strip_prefix(", ")
            .is_some_and(|t| t.starts_with(char::is_uppercase));
    let encloses = closes || (via_in && !list);
    (p.is_area() || (encloses && vocab::country_by_name(&p.name).is_none()))
        .then(|| name_with_area_word(&p))
}

trait EndsClause {
    /// Nothing but punctuation (or nothing) follows: the list has ended.
    fn is_empty_or_punct(&self) -> bool;
}

impl EndsClause for str {
    fn is_empty_or_punct(&self) -> bool {
        self.is_empty() || self.starts_with(['.', ',', ';', ')', ':'])
    }
}

/// The name with its area word kept ("Kirkuk province"): it tells the resolver the level.
fn name_with_area_word(p: &PlaceRef) -> String {
    match p.feature.as_deref() {
        Some(f) if vocab::AREA_WORDS.contains(&f) => format!("{} {f}", p.name),
        _ => p.name.clone(),
    }
}

/// Builds the phrase for a place reference; areas become regions.
fn place_phrase(text: &str, p: &PlaceRef, kind: LocationKind) -> LocationPhrase {
    let kind = if p.is_area()
        && !p
            .qualifiers
            .iter()
            .any(|q| q == "suburb" || q == "outskirts")
    {
        LocationKind::Region
    } else {
        kind
    };
    let mut ph = LocationPhrase::new(text, kind, vec![p.full_name()]);
    ph.qualifiers = p.qualifiers.clone();
    if let Some(f) = &p.feature
        && !ph.qualifiers.iter().any(|q| q == f)
        && matches!(
            f.as_str(),
            "village" | "town" | "city" | "area" | "region" | "outskirts" | "district" | "province"
        )
    {
        ph.qualifiers.push(f.clone());
    }
    if let Some((b, h)) = p.part_bearing {
        ph.bearing_deg = Some(b);
        ph.bearing_halfwidth_deg = Some(h);
    }
    // "Baghdad's Sadr City": Baghdad is the context, and the fallback.
    if let Some(owner) = &p.possessor {
        ph.context = Some(owner.clone());
        let mut fb = LocationPhrase::new(text, LocationKind::Near, vec![owner.clone()]);
        fb.qualifiers.push("area".into());
        ph.fallback = Some(Box::new(fb));
    }
    ph
}

fn place_score(p: &PlaceRef, ph: &LocationPhrase) -> f32 {
    // A settlement the text calls a village, hamlet or neighbourhood is the
    // most specific place a sentence names ("in X City ... in the village of Y").
    const SMALL: &[&str] = &[
        "village",
        "hamlet",
        "neighbourhood",
        "neighborhood",
        "quarter",
        "camp",
    ];
    if vocab::country_by_name(&p.name).is_some() {
        rank::COUNTRY
    } else if ph.kind == LocationKind::Region
        || p.feature.as_deref() == Some("countryside")
        || ph
            .text
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("countryside"))
    {
        // "the southern countryside of X": the rural land of a province.
        rank::REGION
    } else if ph.qualifiers.iter().any(|q| SMALL.contains(&q.as_str()))
        || p.feature.as_deref().is_some_and(|f| SMALL.contains(&f))
    {
        rank::SMALL_PLACE
    } else {
        rank::PLACE
    }
}

/// "Kautikari village (15km E of Maiduguri)", "Ariha (about 10 km south of Idlib)":
/// an offset in parentheses right after a place describes that place. When
/// the place is itself a candidate, the offset becomes its fallback.
fn attach_glosses(text: &str, out: &mut Vec<Candidate>) {
    // "near the town of Tarmiyah, 50 km north of Baghdad": an offset set off by a
    // comma right after a named place describes that place (its fallback).
    let mut i = 0;
    while i < out.len() {
        let offset_like = matches!(
            out[i].phrase.kind,
            LocationKind::Offset | LocationKind::Direction
        );
        let start = out[i].start;
        // "in Salahuddin province, north of Baghdad": a province's too, unless
        // it encloses a place named right before it ("Ayorou in the Tillaberi
        // region, 200 km northwest of Niamey" glosses Ayorou).
        let encloses = |c: &Candidate| {
            out.iter()
                .any(|d| d.end <= c.start && text[d.end..c.start].trim().len() <= 3)
        };
        let host = out.iter().position(|c| {
            (matches!(c.phrase.kind, LocationKind::InPlace | LocationKind::Near)
                && c.score >= rank::NAMED
                || c.phrase.kind == LocationKind::Region && !encloses(c))
                && c.end <= start
                && glosses_after_comma(&text[c.end..start])
        });
        match host {
            Some(h) if offset_like && out[h].phrase.fallback.is_none() => {
                let mut gloss = out.remove(i);
                gloss.phrase.qualifiers.push("gloss".into());
                let h = if h > i { h - 1 } else { h };
                out[h].phrase.fallback = Some(Box::new(gloss.phrase));
            }
            // "Gajiram town, 80 km from Maiduguri": a named place without a preposition.
            None if offset_like
                && text[..start].trim_end().ends_with(',')
                && let Some(host) =
                    named_place_before(text, text[..start].trim_end().len() - 1) =>
            {
                let mut gloss = out.remove(i);
                gloss.phrase.qualifiers.push("gloss".into());
                out.push(host.with_gloss(gloss.phrase));
            }
            _ => i += 1,
        }
    }
    // "in Al X near Y", "X, near Y": a near phrase right after a named place
    // says where that place is.
    fold_glosses(out, LocationKind::Near, |c, start| {
        c.phrase.kind == LocationKind::InPlace
            && c.phrase.fallback.is_none()
            && c.score >= rank::NAMED
            && c.end <= start
            && matches!(text[c.end..start].trim(), "" | ",")
    });
    // "in the province of X near the border", "in X, near the Y border": a
    // border right after a named place or area (no country) says which
    // part of it; the place is the more specific reading.
    fold_glosses(out, LocationKind::Border, |c, start| {
        matches!(
            c.phrase.kind,
            LocationKind::InPlace | LocationKind::Near | LocationKind::Region
        ) && c.phrase.fallback.is_none()
            && c.end <= start
            && matches!(text[c.end..start].trim(), "" | ",")
            && c.phrase.anchors.len() == 1
            && vocab::country_by_name(&c.phrase.anchors[0]).is_none()
            && !c.phrase.has_qualifier(AFTERMATH)
    });
    let mut i = 0;
    while i < out.len() {
        let is_gloss = matches!(
            out[i].phrase.kind,
            LocationKind::Offset | LocationKind::Direction
        ) && is_inside_parens(text, out[i].start).is_some();
        if !is_gloss {
            i += 1;
            continue;
        }
        let open = is_inside_parens(text, out[i].start).expect("checked");
        let host = out.iter().position(|c| {
            c.end <= open && text[c.end..open].trim().is_empty() && c.score >= rank::LINE
        });
        if let Some(h) = host {
            let mut gloss = out.remove(i);
            gloss.phrase.qualifiers.push("gloss".into());
            let h = if h > i { h - 1 } else { h };
            out[h].phrase.fallback = Some(Box::new(gloss.phrase));
            continue;
        }
        // A village named right before the parenthesis but without a preposition.
        if let Some(host) = named_place_before(text, open) {
            let mut gloss = out.remove(i);
            gloss.phrase.qualifiers.push("gloss".into());
            out.push(host.with_gloss(gloss.phrase));
            continue;
        }
        i += 1;
    }
}

/// The words between a place and an offset that describes it: a comma (a
/// closing quote may come first), then at most a participle or relative
/// clause and "to the" ("X, located to the south of Y", "X,” which lies
/// north of Y").
fn glosses_after_comma(between: &str) -> bool {
    let Some(rest) = between.trim_start().strip_prefix(',') else {
        return false;
    };
    let rest = rest.trim_start_matches(['"', '\u{201d}']);
    let mut words = rest.split_whitespace().map(str::to_lowercase);
    let mut w = words.next();
    if matches!(w.as_deref(), Some("which" | "that")) {
        w = words.next();
    }
    if matches!(
        w.as_deref(),
        Some("located" | "situated" | "lying" | "lies" | "is" | "sits")
    ) {
        w = words.next();
    }
    if w.as_deref() == Some("to") {
        w = words.next();
        if w.as_deref() == Some("the") {
            w = words.next();
        }
    }
    w.is_none()
}

/// "X is a town some N km east of Y", "Makhmour lies
/// 70km southeast of Mosul", "Thiem, a village 20 km from Y": a sentence or
/// apposition saying where a named place is. The offset describes that
/// place: it becomes the fallback of the place's reading (one is made when
/// the text has none), marked as a gloss so the resolver can check the
/// place against it.
fn attach_copular_glosses(text: &str, out: &mut Vec<Candidate>) {
    static COPULA: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(
            r"(?x)(?:^|[\s(])(?P<name>\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*){0,3})
            (?:
              \s+(?i:is|was|lies|sits)\s+(?i:located|situated)\s+
            | \s+(?i:lies|sits)\s+
            | \s+(?i:is|was)\s+(?i:a|an|the)\s+(?:[\p{Ll}-]+\s+){0,3}?(?-i:FEATURE)\s+
                 (?:(?i:located|situated|that\ lies|which\ lies|which\ is|lying)\s+)?
            | \s*,\s+(?i:a|an)\s+(?:[\p{Ll}-]+\s+){0,3}?(?-i:FEATURE)\s+
                 (?:(?i:located|situated|that\ lies|which\ lies|which\ is|lying)\s+)?
            | \s*,\s+(?i:which|that)\s+(?i:lies|sits|is)\s+(?:(?i:located|situated)\s+)?
            )$"
            .replace(
                "FEATURE",
                "town|village|city|area|locality|settlement|hamlet|district|camp|base",
            )
            .as_str(),
        )
        .expect("copula regex")
    });
    let mut i = 0;
    while i < out.len() {
        let c = &out[i];
        let offset_like = matches!(
            c.phrase.kind,
            LocationKind::Offset | LocationKind::Direction
        );
        let sentence_start = text[..c.start]
            .rfind(['.', '!', '?', '\n'])
            .map_or(0, |p| p + 1);
        let caps = offset_like
            .then(|| COPULA.captures(&text[sentence_start..c.start]))
            .flatten();
        let Some(caps) = caps else {
            i += 1;
            continue;
        };
        let name = caps["name"].to_owned();
        let name_start = sentence_start + caps.name("name").map_or(0, |m| m.start());
        // Not the anchor of the offset itself, not a country, and a name the grammar reads.
        if c.phrase.anchors.contains(&name)
            || vocab::country_by_name(&name).is_some()
            || take_place(&name).is_none_or(|p| p.name != name)
        {
            i += 1;
            continue;
        }
        let mut gloss = out.remove(i);
        gloss.phrase.qualifiers.push("gloss".into());
        // "north of the town of X, which lies 90 km north of Y": a relative
        // clause glosses the anchor of the reading before it too.
        let host = out.iter().position(|h| {
            matches!(
                h.phrase.kind,
                LocationKind::InPlace
                    | LocationKind::Near
                    | LocationKind::Direction
                    | LocationKind::Offset
            ) && h.phrase.anchors.first() == Some(&name)
                && h.phrase.fallback.is_none()
                && h.end <= name_start + name.len()
        });
        match host {
            Some(h) => out[h].phrase.fallback = Some(Box::new(gloss.phrase)),
            None => {
                let mut ph = LocationPhrase::new(
                    &text[name_start..name_start + name.len()],
                    LocationKind::InPlace,
                    vec![name.clone()],
                );
                ph.fallback = Some(Box::new(gloss.phrase));
                out.push(Candidate {
                    phrase: ph,
                    start: name_start,
                    end: name_start + name.len(),
                    score: gloss.score.min(rank::SMALL_PLACE),
                    form: "copular gloss",
                });
            }
        }
    }
}

/// "Kautikari village" right before byte `at` (a parenthesis or a comma): a
/// capitalised name followed by a feature word, read as an in-place candidate.
fn named_place_before(text: &str, at: usize) -> Option<Candidate> {
    let before = text[..at].trim_end();
    let feat = ["village", "town", "camp", "base", "checkpoint"]
        .iter()
        .find(|w| before.ends_with(*w))?;
    let head = &before[..before.len() - feat.len()];
    let start = head
        .trim_end()
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '-' || *c == '\'' || *c == ' ' || *c == '’'))
        .map_or(0, |(x, c)| x + c.len_utf8());
    let words: Vec<&str> = head[start..].split_whitespace().collect();
    let name_words: Vec<&str> = words
        .iter()
        .rev()
        .take_while(|w| w.starts_with(|c: char| c.is_uppercase()))
        .copied()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if name_words.is_empty() {
        return None;
    }
    let name = name_words.join(" ");
    let pl = take_place(&name).filter(|pl| pl.name == name)?;
    let pos = before.rfind(&pl.name).unwrap_or(0);
    let mut ph = LocationPhrase::new(&text[pos..before.len()], LocationKind::InPlace, vec![name]);
    ph.qualifiers.push((*feat).to_owned());
    Some(Candidate {
        phrase: ph,
        start: pos,
        end: before.len(),
        score: rank::PLACE,
        form: "place before its gloss",
    })
}

/// Test helper: the best reading of `sentence` (the first of the best, as
/// `choose` takes it) is `form`'s and gives what `example` says.
#[cfg(test)]
pub(super) fn assert_reads(sentence: &str, form: &str, example: &Example) {
    let (text, kind, anchors, dist, bearing) = example;
    let got = find_candidates(sentence);
    let best = got
        .iter()
        .rev()
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .unwrap_or_else(|| panic!("{text}: no reading"));
    assert_eq!(best.form, form, "{text}: {best:?}");
    let ph = &best.phrase;
    assert_eq!(ph.kind, *kind, "{text}: {ph:?}");
    assert_eq!(ph.anchors, *anchors, "{text}");
    assert_eq!(ph.distance_km.is_some(), dist.is_some(), "{text}");
    if let (Some(got), Some(want)) = (ph.distance_km, dist) {
        assert!((got - want).abs() < 1e-9, "{text}: {got} km");
    }
    assert_eq!(ph.bearing_deg, *bearing, "{text}");
}

impl Candidate {
    /// The candidate with `gloss` (an offset describing it) as its fallback.
    fn with_gloss(mut self, gloss: LocationPhrase) -> Candidate {
        self.phrase.fallback = Some(Box::new(gloss));
        self
    }
}

/// The most specific candidate; later candidates become its fallbacks chain.
pub fn choose(cands: &[Candidate]) -> Option<LocationPhrase> {
    let best = cands
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| a.score.total_cmp(&b.score).then(j.cmp(i)))?;
    let mut phrase = best.1.phrase.clone();
    {
        // The other readings, best first, as the fallback chain (at most
        // MAX_FALLBACKS), after the chosen reading's own gloss: "à X dans
        // la chefferie de Y, à une quinzaine de kilomètres au nord de Z"
        // keeps Y and the offset from Z.
        let mut rest: Vec<(usize, &Candidate)> = cands
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != best.0 && c.score >= rank::REGION)
            .collect();
        rest.sort_by(|(i, a), (j, b)| b.score.total_cmp(&a.score).then(i.cmp(j)));
        let mut tail: Option<Box<LocationPhrase>> = None;
        for (_, c) in rest.into_iter().take(MAX_FALLBACKS).rev() {
            // A reading keeps its own gloss, then the readings after it.
            let mut fb = c.phrase.clone();
            let mut end = &mut fb;
            while end.fallback.is_some() {
                end = end.fallback.as_mut().expect("checked");
            }
            end.fallback = tail.take();
            tail = Some(Box::new(fb));
        }
        let mut end = &mut phrase;
        while end.fallback.is_some() {
            end = end.fallback.as_mut().expect("checked");
        }
        end.fallback = tail;
    }
    Some(phrase)
}

/// Readings of a sentence kept behind the chosen one.
const MAX_FALLBACKS: usize = 4;

/// Why a phrase gave no parse, in words a user can act on.
pub fn diagnose(text: &str) -> String {
    static BAD_BEARING: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(
            r"(?i)\d\s*(?:kms?|kilomet(?:er|re)s?|mi|miles?)\.?\s+(?P<w>[\p{L}-]+)\s+(?:of|from)\b",
        )
        .expect("diagnose regex")
    });
    if text.trim().is_empty() {
        return "empty phrase".into();
    }
    if let Some(c) = BAD_BEARING.captures(text)
        && vocab::compass(&c["w"]).is_none()
    {
        return format!(
            "'{}' is not a compass direction (expected e.g. north, NE, south-southwest)",
            &c["w"]
        );
    }
    format!("no place name found in '{}'", text.trim())
}

/// Parses one location phrase on its own (the `geocode` command): the best
/// candidate, or the whole text read as a place name.
pub fn parse_phrase(text: &str) -> Option<LocationPhrase> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let cands = find_candidates(text);
    if let Some(p) = choose(&cands) {
        return Some(p);
    }
    let p = take_place(text)?;
    let kind = if p.is_area() {
        LocationKind::Region
    } else {
        LocationKind::InPlace
    };
    Some(place_phrase(text, &p, kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use LocationKind::*;

    fn p(text: &str) -> LocationPhrase {
        parse_phrase(text).unwrap_or_else(|| panic!("no parse for {text:?}"))
    }

    /// A province's countryside is wider than any town reading with it.
    #[test]
    fn a_countryside_is_less_specific_than_a_town() {
        let ph = p("north of the town of Kafr Nabl in the southern countryside of Idlib");
        assert_eq!(
            (ph.kind, ph.anchors.clone()),
            (Direction, vec!["Kafr Nabl".to_owned()])
        );
        let ph = p("at a farm in the eastern countryside of Hama");
        assert_eq!(ph.anchors, vec!["Hama".to_owned()]);
    }

    /// The chosen reading's own gloss comes first, then the other readings
    /// (before, a reading with a gloss of its own ended the chain).
    #[test]
    fn the_chain_keeps_the_readings_after_a_gloss() {
        let ph = p("at the village of Zorba near Kirtu and in the district of Mandor");
        assert_eq!(ph.anchors, vec!["Zorba".to_owned()]);
        let mut chain = Vec::new();
        let mut cur = ph.fallback.as_deref();
        while let Some(f) = cur {
            chain.push((f.kind, f.anchors.first().cloned().unwrap_or_default()));
            cur = f.fallback.as_deref();
        }
        assert_eq!(
            chain.first(),
            Some(&(Near, "Kirtu".to_owned())),
            "{chain:?}"
        );
        assert!(chain.contains(&(Region, "Mandor".to_owned())), "{chain:?}");
    }

    #[test]
    fn a_relative_clause_glosses_the_place_before_it() {
        let ph = p(
            "the blast struck north of the town of Tarmiyah, which lies about 45 km north of Baghdad",
        );
        assert_eq!(
            (ph.kind, ph.anchors.clone()),
            (Direction, vec!["Tarmiyah".to_owned()])
        );
        let g = ph.fallback.expect("the clause");
        assert_eq!((g.kind, g.distance_km), (Offset, Some(45.0)));
        assert!(g.qualifiers.iter().any(|q| q == "gloss"));
        let ph = p("in Zliten, which lies 170 km east of Tripoli");
        assert_eq!(
            (ph.kind, ph.anchors.clone()),
            (InPlace, vec!["Zliten".to_owned()])
        );
        assert!(
            ph.fallback
                .expect("gloss")
                .qualifiers
                .iter()
                .any(|q| q == "gloss")
        );
    }

    #[test]
    fn road_ends_parted_by_a_slash_or_an_en_dash() {
        for text in [
            "along the Maiduguri/Damboa road",
            "on the Maiduguri – Damboa road",
            "on the Maiduguri-Damboa road",
            "on the Maiduguri-Damboa axis",
            "along the Maiduguri-Konduga-Damboa road",
            "on the Maiduguri/Konduga/Damboa highway",
        ] {
            let ph = p(text);
            assert_eq!(ph.kind, Road, "{text}");
            assert_eq!(ph.anchors, ["Maiduguri", "Damboa"], "{text}");
        }
    }

    /// (phrase, kind, anchors, distance_km, bearing_deg)
    #[allow(clippy::type_complexity)]
    const CASES: &[(&str, LocationKind, &[&str], Option<f64>, Option<f64>)] = &[
        (
            "about 10 km north of Al-Mayadeen",
            Offset,
            &["Al-Mayadeen"],
            Some(10.0),
            Some(0.0),
        ),
        (
            "25 km NE of Baqubah",
            Offset,
            &["Baqubah"],
            Some(25.0),
            Some(45.0),
        ),
        (
            "(25 km northeast of Baqubah)",
            Offset,
            &["Baqubah"],
            Some(25.0),
            Some(45.0),
        ),
        (
            "(15km E of Maiduguri)",
            Offset,
            &["Maiduguri"],
            Some(15.0),
            Some(90.0),
        ),
        (
            "15km E of Maiduguri",
            Offset,
            &["Maiduguri"],
            Some(15.0),
            Some(90.0),
        ),
        ("10 Kms from Kirkuk", Offset, &["Kirkuk"], Some(10.0), None),
        (
            "12 km SSW of Mosul",
            Offset,
            &["Mosul"],
            Some(12.0),
            Some(202.5),
        ),
        (
            "8 km N of Tikrit",
            Offset,
            &["Tikrit"],
            Some(8.0),
            Some(0.0),
        ),
        (
            "20 kilometres west of Gao",
            Offset,
            &["Gao"],
            Some(20.0),
            Some(270.0),
        ),
        (
            "some 30 kilometers southeast of Mogadishu",
            Offset,
            &["Mogadishu"],
            Some(30.0),
            Some(135.0),
        ),
        (
            "northeast of Fallujah",
            Direction,
            &["Fallujah"],
            None,
            Some(45.0),
        ),
        (
            "west of Sheikh Zuweid",
            Direction,
            &["Sheikh Zuweid"],
            None,
            Some(270.0),
        ),
        ("in Qifah", InPlace, &["Qifah"], None, None),
        ("in central Kirkuk", InPlace, &["Kirkuk"], None, None),
        ("a suburb of Mogadishu", InPlace, &["Mogadishu"], None, None),
        ("in a suburb of Mogadishu", Near, &["Mogadishu"], None, None),
        ("near Al-Rutba", Near, &["Al-Rutba"], None, None),
        ("in the area of Beni", Near, &["Beni"], None, None),
        (
            "between Al-Mayadeen and Albukamal",
            Between,
            &["Al-Mayadeen", "Albukamal"],
            None,
            None,
        ),
        (
            "on the Baiji-Kirkuk highway",
            Road,
            &["Baiji", "Kirkuk"],
            None,
            None,
        ),
        ("on the M-4 highway", Road, &[], None, None),
        (
            "on the road between Gao and Ansongo",
            Road,
            &["Gao", "Ansongo"],
            None,
            None,
        ),
        ("near the border with Chad", Border, &["Chad"], None, None),
        (
            "near the Arar border crossing between Iraq and Saudi Arabia",
            Near,
            &["Arar border crossing"],
            None,
            None,
        ),
        ("Diyala Province", Region, &["Diyala Province"], None, None),
        (
            "in the Lake Chad region",
            Region,
            &["Lake Chad"],
            None,
            None,
        ),
        (
            "in northeastern Congo",
            Region,
            &["Congo"],
            None,
            Some(45.0),
        ),
        (
            "on the island of Mindanao",
            Region,
            &["Mindanao"],
            None,
            None,
        ),
        ("Fezzan", Region, &["Fezzan"], None, None),
        (
            "in the northwestern Al-Bayda Province",
            Region,
            &["Al-Bayda Province"],
            None,
            Some(315.0),
        ),
        (
            "a village about 17 km southwest of Idlib",
            Offset,
            &["Idlib"],
            Some(17.0),
            Some(225.0),
        ),
    ];

    /// Every form reads each of its examples in a sentence: the best
    /// reading is the form's own and gives what the example says.
    #[test]
    fn every_form_reads_its_examples() {
        for form in &FORMS {
            assert!(!form.examples.is_empty(), "{}: no examples", form.name);
            for example in form.examples {
                let sentence = format!(
                    "Gunmen attacked a checkpoint {}, killing two soldiers.",
                    example.0
                );
                assert_reads(&sentence, form.name, example);
            }
        }
    }

    /// A road named for a town is where it leads, not where the event is:
    /// a place the sentence also gives outranks it.
    #[test]
    fn a_road_named_for_a_town_yields_to_a_place() {
        let c = find_candidates("A bomb hit a bus on the Malduk road west of Zorbak.");
        let best = choose(&c).expect("a reading");
        assert_eq!(best.anchors, ["Zorbak"]);
        assert_eq!(best.kind, LocationKind::Direction);
    }

    /// Where the attackers came from is read, ranked below every other
    /// reading: the place of the event when the text gives nothing else.
    #[test]
    fn an_origin_is_the_last_reading() {
        let alone = find_candidates("Fighters from Zorbak ambushed a convoy.");
        let best = choose(&alone).expect("the origin");
        assert_eq!(best.anchors, ["Zorbak"]);
        assert!(best.has_qualifier(AFTERMATH));
        let both = find_candidates("Fighters from Zorbak ambushed a convoy in Velanto district.");
        assert_eq!(choose(&both).expect("a reading").anchors, ["Velanto"]);
    }

    #[test]
    fn every_design_form_parses() {
        for (text, kind, anchors, dist, bearing) in CASES {
            let ph = p(text);
            assert_eq!(ph.kind, *kind, "{text}: {ph:?}");
            assert_eq!(
                ph.anchors,
                anchors.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{text}"
            );
            assert_eq!(ph.distance_km, *dist, "{text}");
            assert_eq!(ph.bearing_deg, *bearing, "{text}");
        }
    }

    #[test]
    fn miles_are_converted() {
        let ph = p("5 miles north of Kabul");
        assert!((ph.distance_km.unwrap() - 8.04672).abs() < 1e-9);
        assert_eq!(ph.distance_text.as_deref(), Some("5"));
    }

    #[test]
    fn qualifiers_are_kept() {
        assert!(p("in central Kirkuk").has_qualifier("central"));
        assert!(p("in a suburb of Mogadishu").has_qualifier("suburb"));
        assert!(p("about 10 km north of Al-Mayadeen").has_qualifier("about"));
        assert!(p("a village about 17 km southwest of Idlib").has_qualifier("village"));
        assert!(p("on the outskirts of Kirkuk").has_qualifier("outskirts"));
        assert_eq!(p("on the M-4 highway").road.as_deref(), Some("M-4"));
        let q = p("in Qifah, in the northwestern Al-Bayda Province");
        assert_eq!(
            (q.kind, q.context.as_deref()),
            (InPlace, Some("Al-Bayda Province"))
        );
    }

    #[test]
    fn nested_village_offset_keeps_both() {
        let ph = p("militants raided Kautikari village (25 km northeast of Baqubah) at night");
        assert_eq!(ph.kind, InPlace);
        assert_eq!(ph.anchors, vec!["Kautikari"]);
        let fb = ph.fallback.expect("offset kept as fallback");
        assert_eq!((fb.kind, fb.distance_km), (Offset, Some(25.0)));
        let ph = p(
            "the patrol went beyond the town of Ariha (about 10 km south of Idlib) and reached a village about 17 km southwest of Idlib",
        );
        assert_eq!(
            (ph.anchors[0].as_str(), ph.distance_km),
            ("Idlib", Some(17.0))
        );
        let ph = p("near the Abu Rashid checkpoint west of Sheikh Zuweid");
        assert_eq!(ph.anchors, vec!["Abu Rashid checkpoint"]);
        assert_eq!(
            ph.fallback.expect("direction fallback").anchors,
            vec!["Sheikh Zuweid"]
        );
    }

    #[test]
    fn distance_ranges_and_words() {
        assert_eq!(p("10-15 km west of Gao").distance_km, Some(12.5));
        assert_eq!(p("five km west of Gao").distance_km, Some(5.0));
    }
}

#[cfg(test)]
mod regressions {
    use super::*;

    #[test]
    fn unicode_spaces_and_quotes_do_not_panic() {
        for t in [
            "near\u{a0}the border with Chad",
            "along\u{a0}the Syrian border",
            "in\u{202f}the border area",
            "Militants raided “Kautikari village (15 km E of Maiduguri)",
            "«Kirkuk» village (10 km N of Kirkuk)",
            "🔥Kirkuk village (10 km N of Kirkuk)",
        ] {
            let _ = parse_phrase(t);
        }
        let p = parse_phrase("near\u{a0}the border with Chad").expect("parses");
        assert_eq!(
            (p.kind, p.anchors.clone()),
            (LocationKind::Border, vec!["Chad".to_string()])
        );
    }

    #[test]
    fn hyphenated_borders_and_possessives() {
        let p = parse_phrase("near the Iraqi-Syrian border").expect("parses");
        assert_eq!(
            (p.kind, p.anchors),
            (
                LocationKind::Border,
                vec!["Iraq".to_string(), "Syria".to_string()]
            )
        );
        let p = parse_phrase("in Baghdad's Sadr City").expect("parses");
        assert_eq!(
            (p.anchors[0].as_str(), p.context.as_deref()),
            ("Sadr City", Some("Baghdad"))
        );
        let p = parse_phrase("in Kirkuk district").expect("parses");
        assert!(p.has_qualifier("district") && p.kind == LocationKind::Region);
        let p = parse_phrase("near Hawija, Kirkuk province").expect("parses");
        assert_eq!(p.context.as_deref(), Some("Kirkuk province"));
        // The area word before the name: "X of Tehsil Y" is in Tehsil Y.
        let p = parse_phrase("at Zorbak Sahib of Tehsil Velanto by gunmen").expect("parses");
        assert_eq!(
            (p.anchors[0].as_str(), p.context.as_deref()),
            ("Zorbak Sahib", Some("Tehsil Velanto"))
        );
    }

    #[test]
    fn distances_with_commas() {
        assert_eq!(
            parse_phrase("1,5 km north of Gao").and_then(|p| p.distance_km),
            Some(1.5)
        );
        assert_eq!(
            parse_phrase("1,500 km north of Gao").and_then(|p| p.distance_km),
            Some(1500.0)
        );
    }
}
#[cfg(test)]
mod date_before_a_place {
    /// A day before the phrase does not change its reading.
    #[test]
    fn a_weekday_before_the_phrase_changes_nothing() {
        let anchors =
            |t: &str| super::choose(&super::find_candidates(t)).map(|p| (p.kind, p.anchors));
        let plain = anchors("Gunmen killed a guard in Zorbak area of Malduk.");
        assert!(plain.is_some());
        assert_eq!(
            anchors("Gunmen killed a guard on Sunday in Zorbak area of Malduk."),
            plain
        );
    }
}
