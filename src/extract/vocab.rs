//! Word lists that extraction needs without a gazetteer: country names and
//! demonyms (for section context), numbers written as words, compass words,
//! and the names of well-known regions that are areas rather than points.

use std::collections::HashMap;
use std::sync::LazyLock;

/// (ISO alpha-2, names, demonyms). Names are matched as whole words.
pub const COUNTRIES: &[(&str, &[&str], &[&str])] = &[
    ("AF", &["Afghanistan"], &["Afghan"]),
    ("DZ", &["Algeria"], &["Algerian"]),
    ("AO", &["Angola"], &["Angolan"]),
    ("AZ", &["Azerbaijan"], &["Azerbaijani"]),
    ("BH", &["Bahrain"], &["Bahraini"]),
    ("BD", &["Bangladesh"], &["Bangladeshi"]),
    ("BJ", &["Benin"], &["Beninese"]),
    ("BF", &["Burkina Faso"], &["Burkinabe", "Burkinabè"]),
    ("BI", &["Burundi"], &["Burundian"]),
    ("CM", &["Cameroon"], &["Cameroonian"]),
    ("CF", &["Central African Republic"], &["Central African"]),
    ("TD", &["Chad"], &["Chadian"]),
    ("CN", &["China"], &["Chinese"]),
    ("CO", &["Colombia"], &["Colombian"]),
    (
        "CD",
        &[
            "Democratic Republic of the Congo",
            "DR Congo",
            "DRC",
            "Congo-Kinshasa",
            "Congo",
        ],
        &["Congolese"],
    ),
    ("CG", &["Republic of the Congo", "Congo-Brazzaville"], &[]),
    (
        "CI",
        &["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
        &["Ivorian"],
    ),
    ("DJ", &["Djibouti"], &["Djiboutian"]),
    ("EG", &["Egypt"], &["Egyptian"]),
    ("ER", &["Eritrea"], &["Eritrean"]),
    ("ET", &["Ethiopia"], &["Ethiopian"]),
    ("FR", &["France"], &["French"]),
    ("DE", &["Germany"], &["German"]),
    ("GH", &["Ghana"], &["Ghanaian"]),
    ("GB", &["United Kingdom", "Britain", "UK"], &["British"]),
    ("IN", &["India"], &["Indian"]),
    ("ID", &["Indonesia"], &["Indonesian"]),
    ("IR", &["Iran"], &["Iranian"]),
    ("IQ", &["Iraq"], &["Iraqi"]),
    ("IL", &["Israel"], &["Israeli"]),
    ("JO", &["Jordan"], &["Jordanian"]),
    ("KE", &["Kenya"], &["Kenyan"]),
    ("KW", &["Kuwait"], &["Kuwaiti"]),
    ("LB", &["Lebanon"], &["Lebanese"]),
    ("LY", &["Libya"], &["Libyan"]),
    ("ML", &["Mali"], &["Malian"]),
    ("MR", &["Mauritania"], &["Mauritanian"]),
    ("MA", &["Morocco"], &["Moroccan"]),
    ("MZ", &["Mozambique"], &["Mozambican"]),
    ("MM", &["Myanmar", "Burma"], &["Burmese"]),
    ("NE", &["Niger"], &["Nigerien"]),
    ("NG", &["Nigeria"], &["Nigerian"]),
    ("OM", &["Oman"], &["Omani"]),
    ("PK", &["Pakistan"], &["Pakistani"]),
    (
        "PS",
        &["Palestine", "Gaza Strip", "West Bank", "Gaza"],
        &["Palestinian"],
    ),
    ("PH", &["Philippines"], &["Philippine", "Filipino"]),
    ("QA", &["Qatar"], &["Qatari"]),
    ("RU", &["Russia"], &["Russian"]),
    ("RW", &["Rwanda"], &["Rwandan"]),
    ("SA", &["Saudi Arabia"], &["Saudi"]),
    ("SN", &["Senegal"], &["Senegalese"]),
    ("SO", &["Somalia"], &["Somali"]),
    ("ZA", &["South Africa"], &["South African"]),
    ("SS", &["South Sudan"], &["South Sudanese"]),
    ("LK", &["Sri Lanka"], &["Sri Lankan"]),
    ("SD", &["Sudan"], &["Sudanese"]),
    ("SY", &["Syria"], &["Syrian"]),
    ("TJ", &["Tajikistan"], &["Tajik"]),
    ("TZ", &["Tanzania"], &["Tanzanian"]),
    ("TG", &["Togo"], &["Togolese"]),
    ("TN", &["Tunisia"], &["Tunisian"]),
    ("TR", &["Turkey", "Türkiye"], &["Turkish"]),
    ("UG", &["Uganda"], &["Ugandan"]),
    ("UA", &["Ukraine"], &["Ukrainian"]),
    ("AE", &["United Arab Emirates", "UAE"], &["Emirati"]),
    ("US", &["United States", "USA"], &["American"]),
    ("UZ", &["Uzbekistan"], &["Uzbek"]),
    ("YE", &["Yemen"], &["Yemeni"]),
];

/// Continents and world regions: headings that reset the country context.
pub const MACRO_REGIONS: &[&str] = &[
    "Africa",
    "Asia",
    "Europe",
    "Middle East",
    "the West",
    "Americas",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Central Asia",
    "West Africa",
    "East Africa",
    "North Africa",
    "Sahel",
    "Caucasus",
    "Oceania",
];

/// Named regions that are areas, not towns, with the country they lie in
/// (None when they span several). Used to tell "in the area of Fezzan"
/// (a region) from "in the area of Beni" (a town).
pub const NAMED_REGIONS: &[(&str, Option<&str>)] = &[
    ("Fezzan", Some("LY")),
    ("Cyrenaica", Some("LY")),
    ("Tripolitania", Some("LY")),
    ("Sinai", Some("EG")),
    ("Sinai Peninsula", Some("EG")),
    ("North Sinai", Some("EG")),
    ("Kashmir", None),
    ("Jammu and Kashmir", Some("IN")),
    ("Mindanao", Some("PH")),
    ("Sulu", Some("PH")),
    ("Lake Chad", None),
    ("Darfur", Some("SD")),
    ("Kurdistan", None),
    ("Iraqi Kurdistan", Some("IQ")),
    ("Waziristan", Some("PK")),
    ("North Waziristan", Some("PK")),
    ("South Waziristan", Some("PK")),
    ("Balochistan", Some("PK")),
    ("Khyber Pakhtunkhwa", Some("PK")),
    ("Punjab", None),
    ("Euphrates Valley", None),
    ("Jazira", Some("SY")),
    ("Badia", Some("SY")),
    ("Syrian Desert", Some("SY")),
    ("Hamrin Mountains", Some("IQ")),
    ("Anbar Desert", Some("IQ")),
    ("Sahel", None),
    ("Liptako-Gourma", None),
    ("Cabo Delgado", Some("MZ")),
    ("Ituri", Some("CD")),
    ("North Kivu", Some("CD")),
    ("South Kivu", Some("CD")),
    ("Tigray", Some("ET")),
    ("Ogaden", Some("ET")),
    ("Jubaland", Some("SO")),
    ("Puntland", Some("SO")),
    ("Somaliland", Some("SO")),
    ("Hadramawt", Some("YE")),
    ("Hadramout", Some("YE")),
    ("Kandahar Province", Some("AF")),
    ("Golan Heights", None),
    ("Gaza Strip", Some("PS")),
    ("West Bank", Some("PS")),
    ("Kurdish region", Some("IQ")),
    ("Rakhine", Some("MM")),
    ("Xinjiang", Some("CN")),
    ("Donbas", Some("UA")),
];

/// Feature words that follow a name and say it is an area.
pub const AREA_WORDS: &[&str] = &[
    "province",
    "governorate",
    "state",
    "region",
    "district",
    "county",
    "prefecture",
    "department",
    "division",
    "territory",
    "valley",
    "desert",
    "mountains",
    "countryside",
    "peninsula",
    "island",
    "islands",
    "basin",
    "plain",
    "plains",
    "oblast",
    "wilayah",
    "tribal district",
    "tribal areas",
    "tribal area",
];

/// Country code for an exact country name, alternative name or demonym.
pub fn country_by_name(name: &str) -> Option<&'static str> {
    static MAP: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
        let mut m = HashMap::new();
        for (cc, names, _) in COUNTRIES {
            for n in *names {
                m.insert(n.to_lowercase(), *cc);
                m.insert(format!("the {}", n.to_lowercase()), *cc);
            }
        }
        m
    });
    let key = name.trim().to_lowercase();
    // "DR-Congo", "Burkina-Faso": a hyphen for the space.
    MAP.get(&key)
        .or_else(|| MAP.get(&key.replace('-', " ")))
        .copied()
}

/// ISO alpha-2 for a country as datasets spell it: a code ("SY"), a name or
/// alternative name, with articles, "Republic of" forms and parenthesised
/// alternatives folded ("Democratic Republic of Congo", "Myanmar (Burma)").
pub fn country_code(name: &str) -> Option<String> {
    let t = name.trim();
    if t.len() == 2 && t.chars().all(|c| c.is_ascii_alphabetic()) {
        let up = t.to_ascii_uppercase();
        return COUNTRIES.iter().any(|(c, _, _)| *c == up).then_some(up);
    }
    if let Some(cc) = country_by_name(t) {
        return Some(cc.to_owned());
    }
    // "Myanmar (Burma)": either part.
    if let Some((a, b)) = t.split_once('(') {
        return country_code(a).or_else(|| country_code(b.trim_end_matches(')')));
    }
    let folded = deunicode::deunicode(t)
        .to_lowercase()
        .replace(" of the ", " of ");
    COUNTRIES
        .iter()
        .find(|(_, names, _)| {
            names.iter().any(|n| {
                deunicode::deunicode(n)
                    .to_lowercase()
                    .replace(" of the ", " of ")
                    == folded
            })
        })
        .map(|(c, _, _)| (*c).to_owned())
}

/// Every country the text names by name or demonym ("Syrian", "in Iraq"),
/// in order of first mention, each once.
pub fn countries_named(text: &str) -> Vec<&'static str> {
    static RE: LazyLock<(super::rx::Rx, HashMap<String, &'static str>)> = LazyLock::new(|| {
        let mut words: Vec<(String, &'static str)> = Vec::new();
        for (cc, names, dems) in COUNTRIES {
            for w in names.iter().chain(dems.iter()) {
                words.push(((*w).to_owned(), *cc));
            }
        }
        // Longest first, so "South Sudan" wins over "Sudan".
        words.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let alt = words
            .iter()
            .map(|(w, _)| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|");
        let re = super::rx::Rx::new(&format!(r"\b(?:{alt})\b")).expect("country names regex");
        (re, words.into_iter().collect())
    });
    let mut out: Vec<&'static str> = Vec::new();
    for m in RE.0.find_iter(text) {
        if let Some(cc) = RE.1.get(m.as_str())
            && !out.contains(cc)
        {
            out.push(cc);
        }
    }
    out
}

pub fn country_by_demonym(word: &str) -> Option<&'static str> {
    static MAP: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
        let mut m = HashMap::new();
        for (cc, _, dems) in COUNTRIES {
            for d in *dems {
                m.insert(d.to_lowercase(), *cc);
            }
        }
        m
    });
    MAP.get(&word.trim().to_lowercase()).copied()
}

pub fn named_region(name: &str) -> Option<(&'static str, Option<&'static str>)> {
    let n = name
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ");
    NAMED_REGIONS
        .iter()
        .find(|(r, _)| r.eq_ignore_ascii_case(n))
        .map(|(r, c)| (*r, *c))
}

pub fn is_macro_region(s: &str) -> bool {
    let t = s
        .trim()
        .trim_start_matches("The ")
        .trim_start_matches("the ");
    MACRO_REGIONS.iter().any(|r| r.eq_ignore_ascii_case(t))
}

/// Numbers written as words or digits ("three", "12", "a dozen").
pub fn number_word(word: &str) -> Option<u32> {
    let w = word.trim().to_lowercase();
    if let Ok(n) = w.replace(',', "").parse::<u32>() {
        return Some(n);
    }
    let n = match w.as_str() {
        "a" | "an" | "one" | "single" | "another" | "lone" => 1,
        "two" | "both" | "pair" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    };
    Some(n)
}

/// A compass word or abbreviation: (bearing in degrees, half-width of its sector).
/// Half-widths follow point-radius georeferencing: N/E/S/W ±45°, NE-type ±22.5°,
/// NNE-type ±11.25°.
pub fn compass(word: &str) -> Option<(f64, f64)> {
    let raw = word.trim().trim_end_matches('.');
    let is_abbrev = raw.len() <= 3 && raw.chars().all(|c| "NSEW".contains(c));
    let w = raw.to_lowercase().replace(['-', ' '], "");
    let w = w
        .strip_suffix("ern")
        .or_else(|| w.strip_suffix("erly"))
        .or_else(|| w.strip_suffix("ward"))
        .or_else(|| w.strip_suffix("wards"))
        .unwrap_or(&w)
        .to_owned();
    let letters: String = if is_abbrev {
        raw.to_lowercase()
    } else {
        // Spell out compound words into letters: "northnortheast" -> "nne".
        let mut rest = w.as_str();
        let mut out = String::new();
        while !rest.is_empty() {
            let mut matched = false;
            for (full, l) in [("north", 'n'), ("south", 's'), ("east", 'e'), ("west", 'w')] {
                if let Some(r) = rest.strip_prefix(full) {
                    out.push(l);
                    rest = r;
                    matched = true;
                    break;
                }
            }
            if !matched {
                return None;
            }
        }
        out
    };
    let b = match letters.as_str() {
        "n" => 0.0,
        "nne" => 22.5,
        "ne" => 45.0,
        "ene" => 67.5,
        "e" => 90.0,
        "ese" => 112.5,
        "se" => 135.0,
        "sse" => 157.5,
        "s" => 180.0,
        "ssw" => 202.5,
        "sw" => 225.0,
        "wsw" => 247.5,
        "w" => 270.0,
        "wnw" => 292.5,
        "nw" => 315.0,
        "nnw" => 337.5,
        _ => return None,
    };
    let half = match letters.len() {
        1 => 45.0,
        2 => 22.5,
        _ => 11.25,
    };
    Some((b, half))
}

/// The 16-point compass name of a bearing ("N", "NE", "SSW").
/// A compass adjective ("northern", "north-eastern"): bearing and half-width.
/// Bare compass words ("north") are not adjectives.
pub fn compass_adjective(word: &str) -> Option<(f64, f64)> {
    if word.to_lowercase().ends_with("ern") {
        compass(word)
    } else {
        None
    }
}

/// A compass point written out as a word ("south", "north-east",
/// "southwest"), which English also sets before a name for its part ("in
/// south Zorbak", "west Zorbak"); no abbreviation ("S"), no "-ern" or
/// "-ward" form.
pub fn compass_noun(word: &str) -> Option<(f64, f64)> {
    let w = word.to_lowercase();
    let spelt = w.len() >= 4
        && w.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        && !["ern", "erly", "ward", "wards"]
            .iter()
            .any(|s| w.ends_with(s));
    if spelt { compass(&w) } else { None }
}

pub fn compass_name(bearing_deg: f64) -> &'static str {
    const P: [&str; 16] = [
        "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW",
        "NW", "NNW",
    ];
    let i = ((bearing_deg.rem_euclid(360.0) / 22.5) + 0.5).floor() as usize % 16;
    P[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_names_with_a_hyphen_for_the_space() {
        assert_eq!(country_by_name("DR-Congo"), Some("CD"));
        assert_eq!(country_by_name("Burkina-Faso"), Some("BF"));
        assert_eq!(country_by_name("Congo-Brazzaville"), Some("CG"));
        assert_eq!(country_by_name("Al-Anbar"), None);
    }

    #[test]
    fn compass_words() {
        assert_eq!(compass("north"), Some((0.0, 45.0)));
        assert_eq!(compass("northeast"), Some((45.0, 22.5)));
        assert_eq!(compass("north-east"), Some((45.0, 22.5)));
        assert_eq!(compass("northwestern"), Some((315.0, 22.5)));
        assert_eq!(compass("SSW"), Some((202.5, 11.25)));
        assert_eq!(compass("E"), Some((90.0, 45.0)));
        assert_eq!(compass("north-northeast"), Some((22.5, 11.25)));
        assert_eq!(compass("sideways"), None);
        assert_eq!(compass_name(224.0), "SW");
    }

    #[test]
    fn numbers_and_countries() {
        assert_eq!(number_word("Three"), Some(3));
        assert_eq!(number_word("14"), Some(14));
        assert_eq!(number_word("several"), None);
        assert_eq!(country_by_name("the Philippines"), Some("PH"));
        assert_eq!(country_by_demonym("Iraqi"), Some("IQ"));
    }
}
