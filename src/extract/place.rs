//! Reading one place reference from the start of a string: optional
//! descriptors ("the town of", "a suburb of", "central", "northeastern"),
//! a proper name ("Deir ez-Zor", "Bir al-Abd", "Al-Mayadeen"), and an optional
//! trailing feature word ("village", "oil field", "border crossing").

use std::sync::LazyLock;

use super::rx::Rx;

use super::vocab;

/// A place reference as written.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRef {
    /// The proper name, including a capitalised feature word ("Kirkuk Province").
    pub name: String,
    /// A lowercase feature word after the name ("village", "oil field", "area").
    pub feature: Option<String>,
    /// Qualifiers from the descriptors (central, suburb, outskirts, village, area, part, island...).
    pub qualifiers: Vec<String>,
    /// A compass adjective before the name ("northeastern Congo"): bearing and half-width.
    pub part_bearing: Option<(f64, f64)>,
    /// Bytes consumed from the input, including leading spaces.
    pub end: usize,
    /// The place named in a possessive before it ("Baghdad" in "Baghdad's Sadr City").
    pub possessor: Option<String>,
}

impl PlaceRef {
    /// Name plus the lowercase feature word when that word is part of what
    /// a gazetteer would call the place ("Al-Omar oil field", "Arar border crossing").
    pub fn full_name(&self) -> String {
        match self.feature.as_deref() {
            Some(f) if NAMED_FEATURES.contains(&f) => format!("{} {}", self.name, f),
            _ => self.name.clone(),
        }
    }

    /// True when the reference is to an area rather than a point.
    pub fn is_area(&self) -> bool {
        let last = self
            .name
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_lowercase();
        vocab::AREA_WORDS.contains(&last.as_str())
            || self
                .feature
                .as_deref()
                .is_some_and(|f| vocab::AREA_WORDS.contains(&f))
            || vocab::named_region(&self.name).is_some()
            || vocab::country_by_name(&self.name).is_some()
            || self
                .qualifiers
                .iter()
                .any(|q| matches!(q.as_str(), "island" | "parts" | "district" | "province"))
            || (self.part_bearing.is_some() && vocab::country_by_name(&self.name).is_some())
    }
}

/// The name without its facility word ("Al-Arish checkpoint" -> "Al-Arish"):
/// a facility the gazetteer does not hold lies in or by the place it is
/// named after. None when no such word ends the name.
pub fn without_facility_word(name: &str) -> Option<&str> {
    let lower = name.to_lowercase();
    NAMED_FEATURES.iter().find_map(|f| {
        let cut = lower.strip_suffix(f)?;
        let rest = name[..cut.len()].trim_end();
        (cut.ends_with(' ') && !rest.is_empty()).then_some(rest)
    })
}

/// Feature words that belong to the name of a facility.
const NAMED_FEATURES: &[&str] = &[
    "oil field",
    "gas field",
    "border crossing",
    "crossing",
    "checkpoint",
    "airbase",
    "air base",
    "base",
    "camp",
    "airport",
    "dam",
    "refinery",
    "prison",
    "bridge",
    "junction",
    "roundabout",
    "market",
    "mountain",
    "mountains",
    "valley",
];

const FEATURES: &[&str] = &[
    "tribal district",
    "tribal areas",
    "tribal area",
    "border crossing",
    "oil field",
    "gas field",
    "air base",
    "sub-district",
    "subdistrict",
    "area",
    "areas",
    "region",
    "province",
    "governorate",
    "district",
    "state",
    "county",
    "village",
    "town",
    "city",
    "camp",
    "base",
    "airbase",
    "checkpoint",
    "crossing",
    "field",
    "bridge",
    "mountain",
    "mountains",
    "valley",
    "desert",
    "river",
    "lake",
    "island",
    "market",
    "neighborhood",
    "neighbourhood",
    "countryside",
    "outskirts",
    "junction",
    "roundabout",
    "prison",
    "airport",
    "refinery",
    "dam",
    "hospital",
    "countryside",
    "suburbs",
    "axis",
    "front",
];

/// Tokens that start a descriptor and the qualifier they imply (None: no qualifier).
fn descriptor(word: &str) -> Option<Option<&'static str>> {
    let q = match word {
        "the" | "a" | "an" | "of" | "its" | "their" | "nearby" | "outlying" | "rural"
        | "various" | "several" | "some" | "small" | "remote" | "main" | "border"
        | "eastern-most" | "restive" | "troubled" | "volatile" | "mountainous" | "tribal"
        | "impoverished" | "oil-rich" | "neighbouring" | "neighboring" | "war-torn"
        | "conflict-hit" | "embattled" | "besieged" | "rebel-held" | "government-held"
        | "militant-held" | "insurgent-held" | "jihadist-held" | "coastal" | "urban" => None,
        "central" | "centre" | "center" | "heart" | "downtown" => Some("central"),
        "suburb" | "suburbs" => Some("suburb"),
        "outskirts" | "edge" => Some("outskirts"),
        "village" | "villages" | "hamlet" | "settlement" | "settlements" | "locality"
        | "localities" | "commune" | "communes" => Some("village"),
        "town" | "towns" => Some("town"),
        "city" | "cities" => Some("city"),
        "area" | "areas" | "vicinity" | "environs" | "countryside" => Some("area"),
        "part" | "parts" => Some("parts"),
        "island" => Some("island"),
        "district" | "districts" | "sub-district" | "subdistrict" => Some("district"),
        "province" | "provinces" | "governorate" | "state" => Some("province"),
        "region" => Some("area"),
        "neighborhood" | "neighbourhood" | "neighborhoods" | "neighbourhoods" | "quarter" => {
            Some("neighbourhood")
        }
        "bridge" => Some("bridge"),
        _ => return None,
    };
    Some(q)
}

/// Lowercase nouns that turn a preceding capitalised word into an adjective.
const PEOPLE_NOUNS: &[&str] = &[
    "civilians",
    "civilian",
    "soldiers",
    "soldier",
    "fighters",
    "fighter",
    "troops",
    "forces",
    "militants",
    "militant",
    "rebels",
    "rebel",
    "police",
    "policemen",
    "policeman",
    "officers",
    "officer",
    "army",
    "militia",
    "militias",
    "militiamen",
    "residents",
    "villagers",
    "worshippers",
    "worshipers",
    "farmers",
    "shepherds",
    "children",
    "women",
    "men",
    "people",
    "pilgrims",
    "vehicles",
    "vehicle",
    "convoy",
    "patrol",
    "operatives",
    "operative",
    "gunmen",
    "tribesmen",
    "guards",
    "commander",
    "commanders",
    "leader",
    "leaders",
    "members",
    "personnel",
    "workers",
    "agents",
    "spies",
    "prisoners",
    "hostages",
    "students",
    "families",
    "community",
    "communities",
];

const DENY: &[&str] = &[
    "isis",
    "isil",
    "is",
    "daesh",
    "sdf",
    "ypg",
    "pkk",
    "hts",
    "telegram",
    "amaq",
    "the",
    "he",
    "she",
    "they",
    "it",
    "we",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "a",
    "an",
    "on",
    "in",
    "at",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "allah",
    "god",
    "eid",
    "ramadan",
    "covid-19",
    "al-qaeda",
    "al-shabaab",
    "boko",
    "taliban",
    "un",
    "nato",
    "us",
    "iraqi",
];
const ORG_WORDS: &[&str] = &[
    "army",
    "armies",
    "forces",
    "force",
    "police",
    "ministry",
    "mobilization",
    "mobilisation",
    "headquarters",
    "front",
    "organization",
    "organisation",
    "directorate",
    "service",
    "services",
    "intelligence",
    "council",
    "committee",
    "brigade",
    "brigades",
    "battalion",
    "corps",
    "guard",
    "guards",
    "movement",
    "party",
    "agency",
    "government",
    "authorities",
    "command",
    "militia",
    "operations",
    "room",
    "network",
    "media",
    "news",
    "channel",
    "page",
    "account",
    "weekly",
    "issue",
    "crescent",
    "cross",
    "program",
    "programme",
    "university",
    "center",
    "centre",
    "academy",
    "operatives",
    "fighters",
    "soldiers",
    "province's",
    "liberation",
];

/// Words naming an event or a process, not a place ("in the Zorbak
/// Conflict", "during the Ogaden War", "at the Doha Talks").
const EVENT_WORDS: &[&str] = &[
    "conflict",
    "conflicts",
    "war",
    "wars",
    "crisis",
    "massacre",
    "massacres",
    "insurgency",
    "uprising",
    "revolution",
    "offensive",
    "campaign",
    "ceasefire",
    "truce",
    "talks",
    "agreement",
    "accord",
    "accords",
    "treaty",
    "summit",
    "conference",
    "elections",
    "election",
    "violence",
    // The incident itself, as a Title Case headline names it ("Three Killed
    // in Mortar Attack", "in Car Bomb Blast").
    "attack",
    "attacks",
    "ambush",
    "ambushes",
    "raid",
    "raids",
    "bombing",
    "bombings",
    "blast",
    "blasts",
    "explosion",
    "explosions",
    "clash",
    "clashes",
    "shelling",
    "airstrike",
    "airstrikes",
    "assault",
];

static NAME_RE: LazyLock<Rx> = LazyLock::new(|| {
    let cap = r"(?:[\p{Lu}][\p{L}\p{M}'’ʿʾ]*|[\p{Lu}]-?\d+)";
    let part = r"(?:al|el|ad|ar|as|ash|az|an|at|ez|es|ed|er|ibn|bin|bani|bint|de|di|du|da|la|le|wal|ul|e|i)";
    Rx::new(&format!(
        r"^(?:{part}-)?{cap}(?:-{cap})*(?:(?:[ ]+|-)(?:{part}[- ])?{cap}(?:-{cap})*)*"
    ))
    .expect("name regex")
});

/// "the capital", "the Somali capital, Mogadishu", "the state capital
/// Maiduguri", "the capital of Mali": the named town when one follows, else
/// the capital of the country the words name ("capital of Somalia"), else
/// "the capital" (the resolver takes the context country's). A provincial
/// capital without its name is not read.
fn take_capital(s: &str) -> Option<PlaceRef> {
    static CAP: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"^\s*(?:the\s+)?(?:(?:nation|country)(?:'s|’s)\s+)?(?:(?P<dem>\p{Lu}[\p{L}]+)(?:\s+(?P<area>State|Province|Region|Governorate))?\s+)?(?:(?P<lvl>state|provincial|regional|district|federal|county|governorate)\s+)?capital(?:\s+city)?(?:\s+of\s+(?P<of>\p{Lu}[\p{L}]+(?:\s\p{Lu}[\p{L}]+)?))?")
            .expect("capital regex")
    });
    let c = CAP.captures(s)?;
    let end = c.get(0).expect("match").end();
    // An apposition names the town: "the Somali capital, Mogadishu".
    let rest = &s[end..];
    let app = rest.strip_prefix(", ").or_else(|| rest.strip_prefix(' '));
    if let Some(a) = app
        && a.starts_with(|ch: char| ch.is_uppercase())
        && let Some(mut p) = take_place(a)
    {
        p.end += s.len() - a.len();
        return Some(p);
    }
    // The province by its name alone ("Kano" of "Kano State"): the capital is a town.
    let province = |name: &str| PlaceRef {
        name: format!(
            "provincial capital of {}",
            match name.rsplit_once(' ') {
                Some((n, w)) if vocab::AREA_WORDS.contains(&w.to_lowercase().as_str()) => n,
                _ => name,
            }
        ),
        feature: None,
        qualifiers: vec!["capital".into()],
        part_bearing: None,
        end,
        possessor: None,
    };
    let country = match (c.name("dem"), c.name("of")) {
        // "the capital of Mali"; "the Kurdish capital of Erbil" names the
        // town; "the capital of Borno State" is the province's capital.
        (_, Some(of)) => match vocab::country_by_name(of.as_str()) {
            Some(cc) => Some(cc),
            None => {
                let at = of.start();
                let mut p = take_place(&s[at..])?;
                p.end += at;
                if p.is_area() {
                    let mut cap = province(&p.full_name());
                    cap.end = p.end;
                    return Some(cap);
                }
                p.qualifiers.push("capital".into());
                return Some(p);
            }
        },
        // "the Somali capital"; "the Kano State capital", "the Sindh
        // capital": a name that is no demonym is the province's.
        (Some(d), None) => match vocab::country_by_demonym(d.as_str()) {
            Some(cc) => Some(cc),
            None if vocab::country_by_name(d.as_str()).is_none()
                && names_a_province(d.as_str()) =>
            {
                let area = c
                    .name("area")
                    .map_or(String::new(), |a| format!(" {}", a.as_str()));
                return Some(province(&format!("{}{area}", d.as_str())));
            }
            // "the Kurdish capital": no country and no province it can name.
            None => return None,
        },
        (None, None) => None,
    };
    if c.name("lvl").is_some() {
        return None;
    }
    let name = match country {
        Some(cc) => format!("capital of {}", country_name(cc)),
        None => "the capital".to_owned(),
    };
    Some(PlaceRef {
        name,
        feature: None,
        qualifiers: vec!["capital".into()],
        part_bearing: None,
        end,
        possessor: None,
    })
}

/// A word before "capital" that can be a province's name: not an article
/// ("The capital") and not an adjective ("the Kurdish capital", "the
/// Islamic State capital").
fn names_a_province(word: &str) -> bool {
    let w = word.to_lowercase();
    !matches!(
        w.as_str(),
        "the" | "a" | "its" | "their" | "this" | "that" | "new" | "old"
    ) && !["ish", "ese", "ic", "ian", "ean", "i"]
        .iter()
        .any(|s| w.ends_with(s))
}

fn country_name(cc: &str) -> &'static str {
    vocab::COUNTRIES
        .iter()
        .find(|(c, _, _)| *c == cc)
        .map_or("", |(_, names, _)| names[0])
}

/// Prepositions that open a phrase of their own (as written in prose: "In
/// Salah" is a name).
const PREPOSITIONS: &[&str] = &[
    "in", "at", "on", "near", "from", "to", "into", "by", "with", "within", "inside",
];

/// "the old market town of Tikrit", "the northern Iraqi city of Mosul", "the
/// commune of Banibangou": adjectives (capitalised or not) then a feature
/// word and "of" introduce the name.
fn take_feature_of(s: &str) -> Option<PlaceRef> {
    static FEATURE_OF: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"^\s*(?P<art>(?:the|a|an)\s+)?(?P<adj>(?:[\p{L}'’-]+\s+){0,3}?)(?P<feat>towns|cities|districts|provinces|localities|settlements|communes|areas|neighbou?rhoods|town|village|villages|city|district|sub-district|commune|locality|hamlet|settlement|neighbou?rhood|quarter|province|governorate|state|region|area|suburb|outskirts|island|oasis|port|harbou?r|camp|township|municipality|county|chiefdom|Local\s+Gov(?:ernmen)?t\.?\s+Area|LGA)\s+(?:of|called|named|known\s+as)\s+")
            .expect("feature-of regex")
    });
    let c = FEATURE_OF.captures(s)?;
    let end = c.get(0).expect("match").end();
    if !s[end..].starts_with(|ch: char| ch.is_uppercase()) && !article_name(&s[end..]) {
        return None;
    }
    // Capitalised words before the feature word that are not adjectives
    // (demonyms, creeds, compass words) are a name: "the Ancuabe village of
    // Nanduli" (a district's village: Nanduli, in Ancuabe), "Juma Bazaar area
    // of Chardara district" (Juma Bazaar, in Chardara).
    // "Damboa Local Government area of Borno State": the name of an LGA.
    let adj = c["adj"].trim();
    // "on Sunday in X area of Y": words before the feature word that cross a
    // preposition are another phrase's, not this one's adjectives.
    if adj.split_whitespace().any(|w| PREPOSITIONS.contains(&w)) {
        return None;
    }
    let adj = adj
        .strip_suffix("Local Government")
        .or_else(|| adj.strip_suffix("Local Govt"))
        .map_or(adj, str::trim_end);
    let named = !adj.is_empty()
        && adj
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase))
        && adj.split_whitespace().any(|w| !is_adjective_word(w));
    let mut p = take_place(&s[end..])?;
    if named {
        let outer = p;
        // "Oye Local Government Area of Ekiti State": Nigeria's districts.
        let feature = if c["feat"].starts_with(['L']) {
            "lga".to_owned()
        } else {
            c["feat"].to_owned()
        };
        // The part after "of" is the container when it is an area ("the
        // Shahrak area of Khakrez district"); else, after an article, the
        // name before is ("the Ancuabe village of Nanduli").
        // A part word reads the other way: "the Shirin area of Kabul", "the
        // X neighbourhood of Y" are parts of the place after "of".
        let part = matches!(
            c["feat"].to_lowercase().as_str(),
            "area"
                | "areas"
                | "neighborhood"
                | "neighbourhood"
                | "neighborhoods"
                | "neighbourhoods"
                | "quarter"
                | "suburb"
                | "district"
                | "sub-district"
                | "outskirts"
        );
        let (mut place, owner) = if c.name("art").is_some() && !outer.is_area() && !part {
            let mut inner = outer;
            inner.possessor = Some(adj.to_owned());
            (inner, None)
        } else {
            let owner = match outer.feature.as_deref() {
                Some(f) if vocab::AREA_WORDS.contains(&f) => format!("{} {f}", outer.name),
                _ => outer.name.clone(),
            };
            (
                PlaceRef {
                    name: adj.to_owned(),
                    feature: Some(feature.clone()),
                    qualifiers: Vec::new(),
                    part_bearing: None,
                    end: outer.end,
                    possessor: None,
                },
                Some(owner),
            )
        };
        if owner.is_some() {
            place.possessor = owner;
        }
        if let Some(Some(q)) = descriptor(&feature)
            && !place.qualifiers.iter().any(|x| x == q)
        {
            place.qualifiers.insert(0, q.to_owned());
        }
        place.end += end;
        return Some(place);
    }
    if let Some(Some(q)) = descriptor(&c["feat"])
        && !p.qualifiers.iter().any(|x| x == q)
    {
        p.qualifiers.insert(0, q.to_owned());
    }
    p.end += end;
    Some(p)
}

/// A name written with a lower-case Arabic article: "al-Shaddadi", "el-Arish".
fn article_name(s: &str) -> bool {
    [
        "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "an-",
    ]
    .iter()
    .any(|a| {
        s.strip_prefix(a)
            .is_some_and(|r| r.starts_with(char::is_uppercase))
    })
}

/// Capitalised words that describe rather than name ("the small Shia town
/// of", "the northern Iraqi city of"): demonyms, creeds and peoples, compass words.
fn is_adjective_word(w: &str) -> bool {
    const DESCRIBING: &[&str] = &[
        "shia",
        "shiite",
        "shi'ite",
        "sunni",
        "christian",
        "muslim",
        "kurdish",
        "yazidi",
        "alawite",
        "druze",
        "arab",
        "turkmen",
        "tuareg",
        "fulani",
        "hindu",
        "buddhist",
        "catholic",
        "assyrian",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "north",
        "south",
        "east",
        "west",
        "upper",
        "lower",
        "old",
        "new",
        "small",
        "remote",
    ];
    vocab::country_by_demonym(w).is_some() || DESCRIBING.contains(&w.to_lowercase().as_str())
}

/// Reads a place reference at the start of `s` (after a preposition).
pub fn take_place(s: &str) -> Option<PlaceRef> {
    if let Some(p) = take_capital(s) {
        return Some(p);
    }
    if let Some(p) = take_feature_of(s) {
        return Some(p);
    }
    let mut pos = 0;
    let mut qualifiers: Vec<String> = Vec::new();
    let mut part_bearing = None;
    let mut skipped = 0;
    loop {
        let rest = &s[pos..];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
        let lead = rest.len() - trimmed.len();
        let word_end = trimmed
            .find(|c: char| c.is_whitespace() || ",.;:()".contains(c))
            .unwrap_or(trimmed.len());
        let word = &trimmed[..word_end];
        if word.is_empty() {
            return None;
        }
        // A preposition in title case ("the Western Countryside Of X") is
        // the preposition: no place name starts with it and another word.
        let title_case_preposition = matches!(word, "Of" | "From" | "And")
            && skipped > 0
            && trimmed[word_end..]
                .trim_start_matches([' ', '\u{a0}'])
                .starts_with(char::is_uppercase);
        if word.starts_with(|c: char| c.is_uppercase())
            && !(matches!(word, "The" | "A" | "An") && skipped == 0)
            && !title_case_preposition
        {
            pos += lead;
            break;
        }
        let lower = word.to_lowercase();
        if let Some(q) = descriptor(&lower) {
            if let Some(q) = q
                && !qualifiers.iter().any(|x| x == q)
            {
                qualifiers.push(q.to_owned());
            }
        } else if let Some(b) = vocab::compass_adjective(&lower).or_else(|| {
            // "in south Zorbak": the compass word right before the name.
            let next = trimmed[word_end..].trim_start_matches([' ', '\u{a0}']);
            vocab::compass_noun(word)
                .filter(|_| word == lower && next.starts_with(char::is_uppercase))
        }) {
            part_bearing = Some(b);
            qualifiers.push("part".to_owned());
        } else if lower.starts_with("al-") || lower.starts_with("el-") {
            // a lowercase article: the name starts here
            pos += lead;
            break;
        } else {
            return None;
        }
        skipped += 1;
        if skipped > 8 {
            return None;
        }
        pos += lead + word_end;
    }
    let m = NAME_RE.find(&s[pos..])?;
    let mut name = m.as_str().to_owned();
    // "Mali's central Mopti region": the place after a lone possessive, in that context.
    if !name.contains(' ')
        && let Some(stem) = name.strip_suffix("’s").or_else(|| name.strip_suffix("'s"))
        && !DENY.contains(&stem.to_lowercase().as_str())
        && let Some(mut inner) = take_place(&s[pos + name.len()..])
    {
        if inner.name == "the capital"
            && let Some(cc) = vocab::country_by_name(stem)
        {
            inner.name = format!("capital of {}", country_name(cc));
            inner.end += pos + name.len();
            return Some(inner);
        }
        inner.possessor = Some(stem.to_owned());
        inner.end += pos + name.len();
        return Some(inner);
    }
    // Trim trailing words that are not part of a name: possessives, demonyms, months.
    loop {
        let last = name.rsplit(' ').next().unwrap_or_default().to_owned();
        let bad = vocab::country_by_demonym(&last).is_some() && name.contains(' ')
            || DENY.contains(&last.to_lowercase().as_str()) && name.contains(' ');
        if !bad {
            break;
        }
        name.truncate(name.len() - last.len());
        name = name.trim_end().to_owned();
    }
    // "Northern Diyala Province Attacks Kill 5", "DIYALA PROVINCE AND
    // NORTHERN BABIL": in a headline every word is capitalised; an area word
    // closes the name.
    if let Some(cut) = area_word_end(&name) {
        name.truncate(cut);
    }
    // "Baghdad's Sadr City": the place is Sadr City, in Baghdad.
    let mut possessor = None;
    let mut skip = 0;
    // The possessor may be several words: "Burkina Faso's Yagha province".
    let mut offset = 0;
    for word in name.split(' ') {
        let after = offset + word.len() + 1;
        if let Some(stem) = word.strip_suffix("’s").or_else(|| word.strip_suffix("'s")) {
            let owner = format!("{}{stem}", &name[..offset]);
            let denied = DENY.contains(&owner.to_lowercase().as_str())
                || DENY.contains(&stem.to_lowercase().as_str());
            if after < name.len() && !denied {
                possessor = Some(owner);
                skip = after;
            }
            break;
        }
        offset = after;
    }
    let name = name[skip..]
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .trim_end_matches(['-', '\''])
        .to_owned();
    if !valid_name(&name) {
        return None;
    }
    let pos = pos + skip;
    // "Christian civilians", "Houthi rebels": the name is an adjective; not
    // before a service's facility ("X police station" is at X).
    let next = s[pos + name.len()..].trim_start();
    let next_word = next
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let facility = super::mentions::FACILITY_OWNERS.contains(&next_word)
        && next[next_word.len()..]
            .strip_prefix(' ')
            .and_then(|r| r.split(|c: char| !c.is_alphanumeric()).next())
            .is_some_and(|w| super::mentions::FACILITIES.contains(&w));
    if PEOPLE_NOUNS.contains(&next_word) && !facility {
        return None;
    }
    let mut end = pos + name.len();
    // A trailing lowercase feature word ("village", "oil field").
    let mut feature = None;
    let after = &s[end..];
    let after_t = after.trim_start_matches(' ');
    for f in FEATURES {
        if let Some(rest) = after_t.strip_prefix(f)
            && !rest.starts_with(|c: char| c.is_alphanumeric())
        {
            feature = Some((*f).to_owned());
            end += after.len() - after_t.len() + f.len();
            break;
        }
    }
    Some(PlaceRef {
        name,
        feature,
        qualifiers,
        part_bearing,
        end,
        possessor,
    })
}

/// Area words that end a capitalised name ("Shan State", "Diyala Province").
const NAME_ENDING_AREA_WORDS: &[&str] = &[
    "state",
    "province",
    "governorate",
    "district",
    "region",
    "county",
    "division",
    "township",
    "prefecture",
];

/// Where a name ends when an area word (not its first word) is followed by
/// more words: the byte length of the name up to the area word.
fn area_word_end(name: &str) -> Option<usize> {
    let mut offset = 0;
    let words: Vec<&str> = name.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        offset += w.len();
        if i > 0
            && i + 1 < words.len()
            && NAME_ENDING_AREA_WORDS.contains(&w.to_lowercase().as_str())
        {
            return Some(offset);
        }
        offset += 1;
    }
    None
}

fn valid_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 80 {
        return false;
    }
    // Acronyms of units, weapons and vehicles ("an IED", "the SDF", "the K4
    // junction") and single letters are not places; country acronyms are.
    if !name.contains(' ') && vocab::country_by_name(name).is_none() {
        let letters = name.chars().filter(|c| c.is_alphabetic()).count();
        let upper = name.chars().filter(|c| c.is_uppercase()).count();
        let digits = name.chars().any(|c| c.is_ascii_digit());
        if letters <= 1 || digits || (upper == letters && letters <= 6) {
            return false;
        }
    }
    let tokens: Vec<String> = name
        .split([' ', '-'])
        .map(|t| {
            t.trim_end_matches("’s")
                .trim_end_matches("'s")
                .to_lowercase()
        })
        .collect();
    if tokens.len() == 1 && DENY.contains(&tokens[0].as_str()) {
        return false;
    }
    let first = name.split(' ').next().unwrap_or_default();
    if DENY.contains(&first.to_lowercase().as_str())
        || first.ends_with("’s")
        || first.ends_with("'s")
        || (vocab::country_by_demonym(first).is_some() && !name.contains(' '))
    {
        return false;
    }
    // "Iraqi-Syrian": adjectives, not a place.
    if first
        .split('-')
        .all(|t| vocab::country_by_demonym(t).is_some())
    {
        return false;
    }
    // "the Kivu Centre for ...", not "Rutshuru-Centre" or "Kindu-Ville": a word
    // hyphenated to a name is part of it.
    let words: Vec<String> = name
        .split(' ')
        .map(|t| {
            t.trim_end_matches("’s")
                .trim_end_matches("'s")
                .to_lowercase()
        })
        .collect();
    if words
        .iter()
        .any(|t| ORG_WORDS.contains(&t.as_str()) || EVENT_WORDS.contains(&t.as_str()))
    {
        return false;
    }
    // Demonym followed only by org-ish words ("Nigerian army") was rejected above;
    // a demonym plus a proper noun ("Iraqi Kurdistan") is fine.
    !(vocab::country_by_demonym(first).is_some() && tokens.len() == 1)
}

/// Splits a hyphenated compound of two place names ("Baiji-Kirkuk",
/// "Al-Mayadeen-Albukamal", "Deir ez-Zor-Damascus") into its parts.
pub fn split_compound(name: &str) -> Option<(String, String)> {
    // "Molai/Damboa", "Kabul – Kandahar": a slash or an en dash parts the two.
    for sep in ['/', '–'] {
        if let Some((a, b)) = name.split_once(sep) {
            let (a, b) = (a.trim(), b.trim());
            let ok = |w: &str| w.chars().next().is_some_and(char::is_uppercase) && w.len() > 1;
            return (ok(a) && ok(b) && !b.contains(sep)).then(|| (a.to_owned(), b.to_owned()));
        }
    }
    let pieces: Vec<&str> = name.split('-').collect();
    if pieces.len() < 2 {
        return None;
    }
    // Join an article or particle with the piece after it.
    let is_article = |p: &str| {
        let l = p.rsplit(' ').next().unwrap_or(p).to_lowercase();
        matches!(
            l.as_str(),
            "al" | "el" | "ad" | "ar" | "as" | "ash" | "az" | "an" | "at" | "ez" | "es" | "ed"
        )
    };
    let mut words: Vec<String> = Vec::new();
    let mut pending = String::new();
    for p in pieces {
        if is_article(p) {
            pending.push_str(p);
            pending.push('-');
        } else {
            words.push(format!("{pending}{p}"));
            pending.clear();
        }
    }
    if !pending.is_empty() || words.len() != 2 {
        return None;
    }
    let ok = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase()) && w.len() > 1;
    (ok(&words[0]) && ok(&words[1]) && !words[1].chars().all(|c| c.is_ascii_digit()))
        .then(|| (words[0].clone(), words[1].clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Option<String> {
        take_place(s).map(|p| p.name)
    }

    #[test]
    fn names_with_particles() {
        assert_eq!(name("Deir ez-Zor. He was"), Some("Deir ez-Zor".into()));
        assert_eq!(name("Bir al-Abd used by"), Some("Bir al-Abd".into()));
        assert_eq!(
            name("the Salah al-Din Province (Al-Sumaria"),
            Some("Salah al-Din Province".into())
        );
        assert_eq!(name("al-Mayadeen, the"), Some("al-Mayadeen".into()));
        assert_eq!(name("the town of Ariha (about"), Some("Ariha".into()));
    }

    /// "the X village of Y": Y, a village in X; "the X area of Y": X, a part of Y.
    #[test]
    fn a_feature_of_reads_by_its_feature_word() {
        let p = take_place("the Zorba village of Kirtu on Monday").unwrap();
        assert_eq!(
            (p.name.as_str(), p.possessor.as_deref()),
            ("Kirtu", Some("Zorba"))
        );
        for text in [
            "the Zorba area of Kirtu on Monday",
            "the Zorba neighbourhood of Kirtu on Monday",
        ] {
            let p = take_place(text).unwrap();
            assert_eq!(
                (p.name.as_str(), p.possessor.as_deref()),
                ("Zorba", Some("Kirtu")),
                "{text}"
            );
        }
        // A plural feature word before a list: its first place.
        assert_eq!(name("the towns of Zorba and Kirtu"), Some("Zorba".into()));
    }

    #[test]
    fn facility_words_off_a_name() {
        assert_eq!(
            without_facility_word("Al-Arish checkpoint"),
            Some("Al-Arish")
        );
        assert_eq!(without_facility_word("Mosul Dam"), Some("Mosul"));
        assert_eq!(without_facility_word("Kirkuk"), None);
        assert_eq!(without_facility_word("Camp"), None);
    }

    #[test]
    fn a_headline_naming_the_incident_names_no_place() {
        for text in ["Mortar Attack in Zorbak", "RPG Ambush", "Car Bomb Blast"] {
            assert_eq!(name(text), None, "{text}");
        }
        assert_eq!(name("Zorbak Hills"), Some("Zorbak Hills".into()));
    }

    /// "south Zorbak", like "southern Zorbak", is the part of Zorbak; a
    /// compass word not before a name, or an abbreviation, is no part.
    #[test]
    fn a_compass_word_before_a_name_is_its_part() {
        for (text, bearing) in [
            ("south Zorbak", 180.0),
            ("north-east Zorbak", 45.0),
            ("southern Zorbak", 180.0),
        ] {
            let p = take_place(text).expect(text);
            assert_eq!(p.name, "Zorbak", "{text}");
            assert_eq!(p.part_bearing.map(|b| b.0), Some(bearing), "{text}");
        }
        assert!(take_place("south of Zorbak").is_none());
        assert!(take_place("s Zorbak").is_none());
    }

    /// "a locality called X", "a village known as X": the feature is X.
    #[test]
    fn a_feature_called_a_name_is_that_place() {
        for text in [
            "a locality called Zorbak",
            "a village known as Zorbak",
            "the area named Zorbak",
        ] {
            let p = take_place(text).expect(text);
            assert_eq!(p.name, "Zorbak", "{text}");
        }
    }

    #[test]
    fn the_capital_of_a_town_is_the_town() {
        assert_eq!(name("the Kurdish capital of Erbil."), Some("Erbil".into()));
        assert_eq!(name("the capital of Mali"), Some("capital of Mali".into()));
    }

    #[test]
    fn a_province_capital_is_read_as_the_capital_of_the_province() {
        for (text, want) in [
            ("the Kano State capital", "provincial capital of Kano"),
            ("the Sindh capital", "provincial capital of Sindh"),
            (
                "the capital of Adamawa State.",
                "provincial capital of Adamawa",
            ),
            // A province named like a country is still the province.
            ("the capital of Niger State", "provincial capital of Niger"),
            // A demonym still names the country; an adjective names nothing.
            ("the Malian capital", "capital of Mali"),
        ] {
            assert_eq!(name(text), Some(want.into()), "{text}");
        }
        for text in [
            "the Kurdish capital",
            "the Islamic State capital",
            "The capital",
        ] {
            assert!(
                name(text).is_none_or(|n| !n.starts_with("provincial")),
                "{text}: {:?}",
                name(text)
            );
        }
    }

    #[test]
    fn an_area_word_closes_a_headline_name() {
        assert_eq!(
            name("Northern Diyala Province Attacks Kill 5 Soldiers"),
            Some("Northern Diyala Province".into())
        );
        assert_eq!(
            name("DIYALA PROVINCE AND NORTHERN BABIL PROVINCE"),
            Some("DIYALA PROVINCE".into())
        );
        // An area word at the end, or first, is the name's own.
        assert_eq!(
            name("Diyala Province, where"),
            Some("Diyala Province".into())
        );
        assert_eq!(name("State House in"), Some("State House".into()));
    }

    #[test]
    fn adjectives_then_feature_of_introduce_the_name() {
        for (text, name, q) in [
            ("the old market town of Tikrit, killing", "Tikrit", "town"),
            ("the northern Iraqi city of Mosul.", "Mosul", "city"),
            ("the commune of Banibangou", "Banibangou", "village"),
        ] {
            let p = take_place(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(
                (p.name.as_str(), p.qualifiers[0].as_str()),
                (name, q),
                "{text}"
            );
        }
        for text in [
            "the key supply port of Zorbak between",
            "the oasis of Zorbak.",
            "the harbour of Zorbak, where",
        ] {
            let p = take_place(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(p.name, "Zorbak", "{text}");
        }
        // Not a feature word: no name is invented.
        assert!(take_place("the ministry of interior").is_none());
        // "In" capitalised opens a name, not a phrase.
        assert!(take_place("the In Zorbak area of Malduk").is_some());
        // A service's people are no place; its facility is at the place.
        assert!(take_place("Zorbak police said").is_none());
        assert_eq!(
            take_place("Zorbak, police said").map(|p| p.name),
            Some("Zorbak".to_owned())
        );
        assert_eq!(
            take_place("Zorbak police station, where").map(|p| p.name),
            Some("Zorbak".to_owned())
        );
    }

    #[test]
    fn descriptors_and_features() {
        let p = take_place("a suburb of Mogadishu. One").unwrap();
        assert_eq!(
            (p.name.as_str(), p.qualifiers.clone()),
            ("Mogadishu", vec!["suburb".to_string()])
        );
        let p = take_place("central Kirkuk.").unwrap();
        assert_eq!(p.qualifiers, vec!["central".to_string()]);
        let p = take_place("the Arar border crossing between").unwrap();
        assert_eq!(p.full_name(), "Arar border crossing");
        let p = take_place("northeastern Congo. A").unwrap();
        assert_eq!(p.part_bearing, Some((45.0, 22.5)));
        assert!(p.is_area());
        let p = take_place("the Samarra area. About").unwrap();
        assert_eq!(
            (p.name.as_str(), p.feature.as_deref()),
            ("Samarra", Some("area"))
        );
    }

    /// Title-case text ("the Western Countryside Of Zorbak"): the
    /// preposition is no part of the name.
    #[test]
    fn a_title_case_preposition_is_the_preposition() {
        let p = take_place("the western countryside Of Zorbak. A").unwrap();
        assert_eq!(p.name, "Zorbak");
        assert_eq!(p.part_bearing.map(|b| b.0), Some(270.0));
        // A name's own first word stays ("Of" alone is no preposition here).
        assert_eq!(
            take_place("Of Zorbak, the").map(|p| p.name),
            Some("Of Zorbak".to_owned())
        );
    }

    #[test]
    fn rejects_non_places() {
        assert_eq!(name("a Nigerian army camp"), None);
        assert_eq!(name("May 22, 2020"), None);
        assert_eq!(name("ISIS’s West Africa Province"), None);
        assert_eq!(name("the form of IEDs"), None);
        assert_eq!(name("the Syrian army"), None);
    }

    #[test]
    fn compounds() {
        assert_eq!(
            split_compound("Baiji-Kirkuk"),
            Some(("Baiji".into(), "Kirkuk".into()))
        );
        assert_eq!(
            split_compound("Al-Mayadeen-Albukamal"),
            Some(("Al-Mayadeen".into(), "Albukamal".into()))
        );
        assert_eq!(
            split_compound("Deir ez-Zor-Damascus"),
            Some(("Deir ez-Zor".into(), "Damascus".into()))
        );
        assert_eq!(split_compound("Al-Mayadeen"), None);
        assert_eq!(split_compound("M-4"), None);
    }
}
