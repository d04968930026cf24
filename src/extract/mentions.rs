//! Place mentions the location grammar does not mark: "Gunmen attacked
//! Obangedde on 10/03", "Kunlong town. Ambush on a convoy ...". A run of
//! capitalised words counts only when the name lexicon (the gazetteer behind
//! `PlaceCountry`) knows it as a place in the incident's country; capitalised
//! words are not places by default. Actors ("Houthi forces"), people after a
//! title ("Gen. X"), acronyms, countries, months and weekdays never are.

use super::context::PlaceCountry;
use super::vocab;

/// Words that name the kind of place that precedes them ("Kunlong town",
/// "Musawa LGA"): they mark the words before as a place name.
const LEVEL_WORDS: &[&str] = &[
    "town",
    "city",
    "village",
    "villages",
    "district",
    "province",
    "state",
    "area",
    "region",
    "camp",
    "neighbourhood",
    "neighborhood",
    "quarter",
    "locality",
    "lga",
    "territory",
    "county",
    "township",
    "sub-district",
    "subdistrict",
    "upazila",
    "tehsil",
    "tract",
    "municipality",
    "governorate",
    "valley",
    "base",
    "airport",
    "market",
    "countryside",
    "ville",
    "localité",
    "quartier",
    "commune",
    "cercle",
    "préfecture",
];

/// The offices and people of a place, capitalised in a name ("Kirkuk Police",
/// "Gao Governor"): the name before them is still the place.
const OFFICE_WORDS: &[&str] = &[
    "police",
    "governor",
    "governorate",
    "municipal",
    "residents",
    "central",
    "general",
    "provincial",
    "regional",
    "district",
    "local",
    "emirate",
    "guards",
    "guard",
    "house",
    "assembly",
];

/// Nouns that make the name before them a participant ("Houthi forces",
/// "Benghazi Shura Council", "Misrata militiamen"), not a place. The people
/// and offices of a place ("Kirkuk police", "a Baidoa army post", "Gao
/// residents") leave it a place.
const PARTICIPANT_WORDS: &[&str] = &[
    "warplanes",
    "jets",
    "aircraft",
    "drones",
    "helicopters",
    "gunboats",
    "forces",
    "force",
    "fighters",
    "militants",
    "militia",
    "militias",
    "militiamen",
    "troops",
    "soldiers",
    "members",
    "gunmen",
    "rebels",
    "insurgents",
    "supporters",
    "group",
    "groups",
    "commander",
    "commanders",
    "leader",
    "leaders",
    "spokesman",
    "council",
    "brigade",
    "battalion",
    "movement",
    "front",
    "tribe",
    "clan",
    "sub-clan",
    "herders",
    "herdsmen",
    "tribesmen",
    "clansmen",
    "vigilantes",
    "guards",
    "agency",
    "party",
    "union",
    "coalition",
    "alliance",
    "organization",
    "organisation",
    "separatists",
    "secessionists",
    "nationalists",
    "loyalists",
    "extremists",
    "jihadists",
    "terrorists",
    "bandits",
    "attackers",
    "assailants",
    "kidnappers",
    "abductors",
    "raiders",
    "pirates",
    "protesters",
    "demonstrators",
    "rioters",
];

/// Capitalised sentence openers that are not part of a name ("Yesterday Gwoza ...").
const OPENERS: &[&str] = &[
    "yesterday",
    "today",
    "tonight",
    "meanwhile",
    "elsewhere",
    "separately",
    "also",
    "earlier",
    "later",
    "overnight",
    "recently",
    "then",
    "there",
    "here",
    "now",
    "again",
    "locally",
];

/// What a place opening a sentence as its subject does, which a person
/// rarely does ("Zorbak came under attack", "Zorbak witnessed clashes"),
/// and what is done to it ("Zorbak was shelled"): a person's name opening a
/// sentence ("Hassan was killed") is no place.
const PLACE_SUBJECT_VERBS: &[&str] = &["witnessed", "witnesses", "experienced", "recorded"];
/// "came under", "comes into".
const PLACE_SUBJECT_COMING: &[&str] = &["came", "comes"];
const PLACE_PASSIVES: &[&str] = &[
    "shelled",
    "bombed",
    "bombarded",
    "overrun",
    "besieged",
    "raided",
    "stormed",
    "liberated",
    "retaken",
    "recaptured",
    "seized",
    "hit",
    "struck",
    "rocked",
    "targeted",
];

/// True when the words after a name opening a sentence make it the
/// subject of a place's verb (an adverb may come first: "Zorbak again came
/// under fire"; "has been", "was again").
fn opens_as_place_subject(after: &[Token]) -> bool {
    let words: Vec<String> = after
        .iter()
        .take(4)
        .map(|t| lower(t.word))
        .filter(|w| !OPENERS.contains(&w.as_str()) && w != "been")
        .collect();
    match words.as_slice() {
        [v, ..] if PLACE_SUBJECT_VERBS.contains(&v.as_str()) => true,
        [v, p, ..] if PLACE_SUBJECT_COMING.contains(&v.as_str()) => {
            matches!(p.as_str(), "under" | "into")
        }
        [aux, v, ..] if matches!(aux.as_str(), "was" | "is" | "has" | "had") => {
            PLACE_PASSIVES.contains(&v.as_str())
        }
        _ => false,
    }
}

/// Facilities a place name may precede ("the X checkpoint", "X police station").
pub(crate) const FACILITIES: &[&str] = &[
    "checkpoint",
    "checkpost",
    "post",
    "outpost",
    "base",
    "barracks",
    "station",
    "headquarters",
    "compound",
    "camp",
    "market",
    "hospital",
    "school",
    "mosque",
    "church",
    "prison",
    "airport",
];

/// Services a facility before its noun belongs to ("the X police station").
pub(crate) const FACILITY_OWNERS: &[&str] = &["police", "army", "military", "security"];

/// Common nouns of places and institutions, capitalised in names and
/// headlines ("Main Gate", "Central Market", "State Government"): never a
/// name on their own.
const FEATURE_NOUNS: &[&str] = &[
    "gate",
    "market",
    "village",
    "town",
    "city",
    "station",
    "camp",
    "bridge",
    "road",
    "highway",
    "street",
    "avenue",
    "square",
    "junction",
    "roundabout",
    "checkpoint",
    "base",
    "barracks",
    "hospital",
    "clinic",
    "school",
    "university",
    "college",
    "mosque",
    "church",
    "prison",
    "jail",
    "airport",
    "airbase",
    "airfield",
    "port",
    "harbour",
    "border",
    "crossing",
    "hill",
    "hills",
    "mountain",
    "mountains",
    "river",
    "valley",
    "forest",
    "lake",
    "farm",
    "farms",
    "mine",
    "field",
    "main",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "new",
    "old",
    "upper",
    "lower",
    "secretariat",
    "headquarters",
    "police",
    "army",
    "government",
    "state",
    "district",
    "province",
    "region",
    "area",
    "division",
    "command",
    "ministry",
    "court",
    "office",
    "council",
    "sector",
    "zone",
    "park",
    "stadium",
    "hotel",
    "palace",
    "complex",
    "compound",
    "building",
    "tower",
    "centre",
    "center",
    "club",
    "post",
    "county",
    "municipality",
    "township",
    "local",
    "lga",
    "quarter",
    "estate",
    "island",
];

/// Titles before a person's name ("Gen. Khalifa ...", "President ...").
const TITLES: &[&str] = &[
    "gen",
    "general",
    "col",
    "colonel",
    "capt",
    "captain",
    "maj",
    "major",
    "lt",
    "lieutenant",
    "president",
    "minister",
    "governor",
    "commander",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sheikh",
    "imam",
    "mayor",
    "chief",
    "king",
    "prince",
    "emir",
    "sgt",
    "sergeant",
    "senator",
    "spokesman",
    "spokesperson",
    "leader",
    "mullah",
    "bishop",
    "father",
    "pastor",
];

/// Lower-case joiners inside names ("Dar es Salaam", "Ras al Ain", "Bir el Abd").
const JOINERS: &[&str] = &[
    "al", "el", "es", "as", "ad", "ar", "an", "ash", "az", "at", "de", "du", "des", "la", "le",
    "bin", "ibn", "wa", "ya",
];

const NOT_NAMES: &[&str] = &[
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
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "the",
    "a",
    "an",
    "on",
    "in",
    "at",
    "of",
    "and",
    "or",
    "but",
    "this",
    "that",
    "these",
    "those",
    "they",
    "he",
    "she",
    "it",
    "we",
    "his",
    "her",
    "their",
    "its",
    "no",
    "not",
    "after",
    "before",
    "during",
    "while",
    "when",
    "following",
    "according",
    "unidentified",
    "unknown",
    "suspected",
    "alleged",
    "reportedly",
    "local",
    "several",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "some",
    "many",
    "all",
    "one",
    "other",
    "others",
    "update",
    "report",
    "source",
    "sources",
    "news",
    "islamic",
];

#[derive(Debug, Clone)]
struct Token<'a> {
    word: &'a str,
    /// Punctuation after the word ends a name (",", ".", ")", ";", ":").
    closes: bool,
    /// The word follows a sentence end (or opens the text).
    sentence_start: bool,
    /// The word comes after an opening bracket or quote.
    opens: bool,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = true;
    for raw in text.split_whitespace() {
        let opens = raw.starts_with(['(', '"', '“', '‘', '\'', '[']);
        let word =
            raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’');
        let word = word.trim_matches(['\'', '’', '-']);
        let tail = raw.trim_end_matches(|c: char| c.is_alphanumeric());
        // A possessive ends a name too: "the militants' Zorbak camp",
        // "the Velanto Front's Zorbak camp" (the owner, then the place).
        let possessive = word.ends_with("'s") || word.ends_with("’s");
        let closes = raw.ends_with([',', '.', ')', ';', ':', '"', '”', '?', '!'])
            || tail.contains(')')
            || possessive;
        if !word.is_empty() {
            out.push(Token {
                word,
                closes: closes || opens && raw.ends_with(')'),
                sentence_start: start,
                opens,
            });
        }
        start = raw.ends_with(['.', '!', '?']) && !is_abbreviation(word);
    }
    out
}

fn is_abbreviation(word: &str) -> bool {
    let w = word.to_lowercase();
    TITLES.contains(&w.as_str())
        || matches!(
            w.as_str(),
            "no" | "st" | "km" | "e.g" | "i.e" | "u.s" | "u.n"
        )
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// An acronym of a unit or vehicle ("SDF", "FARDC", "RCIED", "K4"), not a place.
fn acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    w.chars().filter(|c| c.is_uppercase()).count() >= 2.min(letters)
        && w.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
        && w.len() <= 7
        || w.chars().any(|c| c.is_ascii_digit())
}

fn lower(w: &str) -> String {
    w.to_lowercase()
}

/// A place name found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub name: String,
    /// A level word follows it ("X town", "X District"): the grammar marks it.
    pub marked: bool,
    /// The lexicon knows it only in another spelling ("Tel Kocher" for "Tall
    /// Kuchak"): weaker evidence. It leads only where the text's own phrase
    /// bounds it ("X in Y") or the text has no other reading; else it is
    /// the last fallback.
    pub variant: bool,
}

/// Place names mentioned in `text` that the lexicon knows in `country`,
/// those a level word marks first ("X town"), then in text order.
pub fn mentions(text: &str, country: Option<&str>, lexicon: &dyn PlaceCountry) -> Vec<Mention> {
    let toks = tokens(text);
    let mut marked = Vec::new();
    let mut plain = Vec::new();
    let mut variants = Vec::new();
    let mut i = 0;
    // The run of capitalised words the current one belongs to.
    let (mut run_start, mut run_end) = (0, 0);
    while i < toks.len() {
        if !capitalised(toks[i].word) || !usable(&toks[i]) || after_title(&toks, i) {
            i += 1;
            continue;
        }
        // A name starts where its run of capitalised words starts ("Abdulmumini
        // Abdullahi", "Amdaga Madachi": no place is taken from the middle),
        // or right after a capitalised sentence opener ("Yesterday Gwoza ...").
        if i < run_end
            && !(i == run_start + 1
                && toks[run_start].sentence_start
                && OPENERS.contains(&lower(toks[run_start].word).as_str()))
        {
            i += 1;
            continue;
        }
        // The longest run of capitalised words (and joiners) up to a closing mark.
        let mut j = i;
        while j < toks.len() && j - i < 5 {
            let t = &toks[j];
            // "Udawa (Chikun LGA, Kaduna)": a parenthesis starts another name.
            if j > i && t.opens {
                break;
            }
            // "Aghoro II": a Roman numeral closes a name.
            if j > i && name_numeral(t.word) {
                j += 1;
                break;
            }
            let ok = (capitalised(t.word) && usable(t))
                || (j > i && JOINERS.contains(&lower(t.word).as_str()) && j + 1 < toks.len());
            if !ok {
                break;
            }
            j += 1;
            if t.closes {
                break;
            }
        }
        // A joiner ends no name ("Kwajaffa at dusk").
        while j > i + 1 && JOINERS.contains(&lower(toks[j - 1].word).as_str()) {
            j -= 1;
        }
        // "Mayi Mayi militiamen", "Fulani herdsmen": a run that names the
        // participants, not a place, whatever its parts are.
        if !toks[j - 1].closes
            && toks
                .get(j)
                .is_some_and(|t| PARTICIPANT_WORDS.contains(&lower(t.word).as_str()))
        {
            i = j;
            continue;
        }
        if i >= run_end {
            (run_start, run_end) = (i, j);
        }
        let mut found = false;
        let mut spelled: Option<(String, usize)> = None;
        // Longest known sub-span starting at i.
        for end in (i + 1..=j).rev() {
            let words: Vec<&str> = toks[i..end].iter().map(|t| t.word).collect();
            if JOINERS.contains(&lower(words[words.len() - 1]).as_str()) {
                continue;
            }
            // A common noun alone ("Gate", "Village", "Market") is no name.
            if words.len() == 1 && FEATURE_NOUNS.contains(&lower(words[0]).as_str()) {
                continue;
            }
            // A run of capitalised words is one name: a place is taken from its
            // start only when the run is headed (its last word) by a kind of
            // place, feature or office ("Kirkuk Governorate", "Banha Teaching
            // Hospital", "Gao Police"); "Boko Haram", "Ansar Dine" name
            // something else.
            if end < j && !toks[end - 1].closes {
                let last = toks[j - 1].word.trim_end_matches(['.', ',', ';', ':', ')']);
                let last = last
                    .strip_suffix("'s")
                    .or_else(|| last.strip_suffix("’s"))
                    .unwrap_or(last);
                let head = lower(last);
                if !LEVEL_WORDS.contains(&head.as_str())
                    && !FEATURE_NOUNS.contains(&head.as_str())
                    && !OFFICE_WORDS.contains(&head.as_str())
                {
                    continue;
                }
            }
            let single_at_start = words.len() == 1 && toks[i].sentence_start;
            let next = toks
                .get(end)
                .filter(|_| !toks[end - 1].closes)
                .map(|t| lower(t.word));
            // "Kunlong town" marks Kunlong; "the Ancuabe village of Nanduli" marks
            // Nanduli, not Ancuabe (the name before is the area it lies in).
            let of_follows = toks
                .get(end + 1)
                .is_some_and(|t| lower(t.word) == "of" && !toks[end].closes);
            // "the village of X", "the Y village of X": a level word and "of" before it.
            let level_of = i >= 2
                && lower(toks[i - 1].word) == "of"
                && !toks[i - 2].closes
                && LEVEL_WORDS.contains(&lower(toks[i - 2].word).as_str());
            // "X, the Y State capital, ...": an apposition says what X is.
            let apposed = toks[end - 1].closes
                && toks
                    .get(end)
                    .is_some_and(|t| matches!(lower(t.word).as_str(), "the" | "a"))
                && toks[end + 1..(end + 5).min(toks.len())].iter().any(|t| {
                    let w = lower(t.word.trim_end_matches([',', '.', ';']));
                    w == "capital" || LEVEL_WORDS.contains(&w.as_str())
                });
            // "the X police checkpoint", "an X army base": a facility at X
            // is the most specific place the sentence gives.
            let after_next = toks
                .get(end + 1)
                .filter(|_| !toks[end - 1].closes && !toks[end].closes)
                .map(|t| lower(t.word));
            // ("the chief of the X police station" is an affiliation.)
            let affiliation =
                i >= 2 && lower(toks[i - 1].word) == "the" && lower(toks[i - 2].word) == "of";
            let facility = !affiliation && next.as_deref().is_some_and(|n| FACILITIES.contains(&n))
                || (!affiliation
                    && next
                        .as_deref()
                        .is_some_and(|n| n == "district" || FACILITY_OWNERS.contains(&n))
                    && after_next
                        .as_deref()
                        .is_some_and(|n| FACILITIES.contains(&n)));
            // "Zorbak." / "Zorbak town.": a sentence that is only a name is a
            // caption saying where (a coded record's place, a dateline).
            let caption = toks[i].sentence_start
                && toks[end - 1].closes
                && toks[end - 1].word.len() < 60
                && toks.get(end).is_none_or(|t| t.sentence_start);
            // "Zorbak came under attack": a name opening a sentence as the
            // subject of a place's verb (an adverb between: "Zorbak again came").
            let subject =
                single_at_start && !toks[i].closes && opens_as_place_subject(&toks[i + 1..]);
            let level = (next.as_deref().is_some_and(|n| LEVEL_WORDS.contains(&n)) && !of_follows)
                || caption
                || level_of
                || apposed
                || facility;
            let participant = next
                .as_deref()
                .is_some_and(|n| PARTICIPANT_WORDS.contains(&n));
            if participant || (single_at_start && !level && !subject) {
                continue;
            }
            let name = words.join(" ");
            // "Nigeria", "Nigerian", "Nigeria's": the country, not a place in it.
            let bare = name
                .strip_suffix("'s")
                .or_else(|| name.strip_suffix("’s"))
                .unwrap_or(&name);
            // "Libya Province", "Nigeria State": a country with a level word
            // is no place in it (an armed group's branch names itself so).
            let base = crate::gazetteer::normalize::split_level_word(bare).0;
            if vocab::country_by_name(bare).is_some()
                || vocab::country_by_demonym(bare).is_some()
                || vocab::country_by_name(&base).is_some()
            {
                continue;
            }
            if lexicon.is_place_in(&name, country) {
                if level {
                    marked.push(name)
                } else {
                    plain.push(name)
                }
                found = true;
                i = end;
                break;
            }
            if spelled.is_none() && lexicon.is_variant_place_in(&name, country, level) {
                spelled = Some((name, end));
            }
        }
        // No exact name here: the longest spelling variant of one.
        if !found && let Some((name, end)) = spelled {
            variants.push(name);
            found = true;
            i = end;
        }
        if !found {
            i += 1;
        }
    }
    let mut out: Vec<Mention> = marked
        .into_iter()
        .map(|name| Mention {
            name,
            marked: true,
            variant: false,
        })
        .collect();
    for (names, variant) in [(plain, false), (variants, true)] {
        for name in names {
            if !out.iter().any(|m| m.name == name) {
                out.push(Mention {
                    name,
                    marked: false,
                    variant,
                });
            }
        }
    }
    out
}

/// The areas an event lies in, as coded notes and some wires tag them in
/// parentheses anywhere in its text: "(District, Province)", "(Town,
/// District, Province)", "(X territory)". Every part is a name the lexicon
/// holds in the country (an area or level word may follow it); a lone part
/// must carry its area word. The first such tag, its parts as written
/// (largest last).
pub fn admin_tag(
    text: &str,
    country: Option<&str>,
    lexicon: &dyn PlaceCountry,
) -> Option<Vec<String>> {
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|o| from + o) {
        from = open + 1;
        let Some(close) = text[from..].find([')', '(']).map(|c| from + c) else {
            break;
        };
        if !text[close..].starts_with(')') || close - from > MAX_TAG_LEN {
            continue;
        }
        let parts: Vec<&str> = text[from..close].split(',').map(str::trim).collect();
        if parts.len() > 3 {
            continue;
        }
        let known = |part: &str| {
            // "Biu LGA", "Kalehe territory": the name and its level word.
            let (base, level) = match part.rsplit_once(' ') {
                Some((b, w)) if LEVEL_WORDS.contains(&lower(w).as_str()) => (b, Some(w)),
                _ => (part, None),
            };
            let words: Vec<&str> = base.split_whitespace().collect();
            let shaped = !words.is_empty()
                && words.len() <= 5
                && base.starts_with(char::is_uppercase)
                && !base.chars().any(|c| c.is_ascii_digit())
                && !(words.len() == 1 && acronym(base) && level.is_none());
            let place = shaped
                && vocab::country_by_name(base).is_none_or(|_| level.is_some())
                && (lexicon.is_place_in(base, country)
                    || lexicon.is_variant_place_in(base, country, true));
            (place, level.is_some())
        };
        let read: Vec<(bool, bool)> = parts.iter().map(|p| known(p)).collect();
        if read.iter().all(|r| r.0) && (parts.len() > 1 || read[0].1) {
            return Some(parts.iter().map(|p| (*p).to_owned()).collect());
        }
    }
    None
}

/// The capitalised name that ends right before byte `at` of `text` ("...
/// shelled Ftireh| in Idleb"): up to four words, lowercase articles and
/// particles inside ("Kafr al Sheikh"), not the sentence's first word, not
/// an acronym, nor a country or demonym. Its start, or `None`.
pub fn name_before(text: &str, at: usize) -> Option<usize> {
    let head = &text[..at];
    let mut start = at;
    let mut first_word = None;
    for w in head.rsplit(' ').take(4) {
        if w.is_empty() {
            break;
        }
        let cap = w.starts_with(char::is_uppercase)
            || ["al-", "el-", "ad-", "as-", "ash-", "at-", "ar-", "az-"]
                .iter()
                .any(|a| w.starts_with(a) && w[a.len()..].starts_with(char::is_uppercase));
        let particle = NAME_PARTICLES.contains(&w);
        if !(cap || particle) || w.ends_with([',', ';', ':', '.', ')', '"']) {
            break;
        }
        start -= w.len() + usize::from(start < at);
        if cap {
            first_word = Some(start);
        }
    }
    // The name starts with a capitalised word.
    let start = first_word?;
    let name = &text[start..at];
    let before = text[..start].trim_end();
    let sentence_start = before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n']);
    let bare = name.trim_end_matches("'s").trim_end_matches("’s");
    // "west of Muramba in ...": a name of another phrase.
    let governed = before
        .rsplit(' ')
        .next()
        .is_some_and(|w| GOVERNING_WORDS.contains(&w.to_lowercase().as_str()));
    // "a clash Sunday in ...", "on 3 May in ...": a date.
    let date = name
        .split(' ')
        .any(|w| w.parse::<chrono::Weekday>().is_ok() || w.parse::<chrono::Month>().is_ok());
    if sentence_start
        || governed
        || date
        || (!name.contains(' ') && acronym(name))
        || vocab::country_by_name(bare).is_some()
        || vocab::country_by_demonym(bare).is_some()
    {
        return None;
    }
    Some(start)
}

/// Words whose object a name right after them is: a name there belongs to
/// their phrase, not to the "in" after it.
const GOVERNING_WORDS: &[&str] = &[
    "of", "from", "to", "near", "at", "in", "between", "toward", "towards", "via", "by", "on",
    "outside", "around", "into", "through",
];

/// Lowercase words inside a place name.
const NAME_PARTICLES: &[&str] = &[
    "al", "el", "ad", "as", "ash", "at", "ar", "bin", "wa", "de", "du", "des", "la", "le",
];

/// A tag of areas is a few names: longer parentheses are asides.
const MAX_TAG_LEN: usize = 90;

/// "Aleppo countryside": a mention followed by "countryside" names the rural
/// province around the town, not the town. (A district or state word keeps
/// the town reading: coders place a district's events at its seat.)
pub fn names_countryside(after: &str) -> bool {
    after
        .strip_prefix(' ')
        .is_some_and(|rest| rest.to_lowercase().starts_with("countryside"))
}

/// The word right after `after`'s leading space, lower-cased, and the text
/// after it.
fn next_word(after: &str) -> Option<(String, &str)> {
    let rest = after.strip_prefix(' ')?;
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    Some((rest[..end].to_lowercase(), &rest[end..]))
}

/// The text after a facility named after the place ("X police headquarters
/// in Y", "X district army base in Y" give " in Y"); `after` itself when no
/// facility follows.
pub fn after_facility(after: &str) -> &str {
    let rest = match next_word(after) {
        Some((w, rest)) if FACILITY_OWNERS.contains(&w.as_str()) => rest,
        _ => after,
    };
    match next_word(rest) {
        Some((w, rest)) if FACILITIES.contains(&w.as_str()) => rest,
        _ => after,
    }
}

/// The text after a level word that follows a name (" village (A, B)" gives
/// " (A, B)"); `None` when no level word comes first.
pub fn after_level_word(after: &str) -> Option<&str> {
    let (w, rest) = next_word(after)?;
    LEVEL_WORDS.contains(&w.as_str()).then_some(rest)
}

/// The text after the land around a name ("X and its vicinity in Y",
/// "X and surrounding villages, Y"): the place is still X; `after` itself
/// when no such words follow.
pub fn after_vicinity(after: &str) -> &str {
    const AROUND: &[&str] = &[
        " and its vicinity",
        " and its surroundings",
        " and its environs",
        " and its outskirts",
        " and its suburbs",
        " and the surrounding areas",
        " and the surrounding villages",
        " and surrounding areas",
        " and surrounding villages",
        " and nearby areas",
        " and nearby villages",
    ];
    AROUND
        .iter()
        .find_map(|w| {
            after
                .get(..w.len())
                .filter(|a| a.eq_ignore_ascii_case(w))
                .map(|_| &after[w.len()..])
        })
        .unwrap_or(after)
}

/// The place after an area word and "of" that follows a name ("X area of
/// Y", "X and Z areas of Y", "X neighbourhood of Y"): the place X lies in.
/// Not after a settlement word: "the X village of Y" names the village Y.
pub fn area_of(after: &str) -> Option<String> {
    let (w, rest) = next_word(after)?;
    if !matches!(
        w.as_str(),
        "area"
            | "areas"
            | "district"
            | "districts"
            | "neighbourhood"
            | "neighborhood"
            | "quarter"
            | "sector"
            | "zone"
            | "locality"
    ) {
        return None;
    }
    let rest = rest.strip_prefix(" of ")?;
    let p = super::place::take_place(rest)?;
    (rest.starts_with(char::is_uppercase) && vocab::country_by_name(&p.name).is_none())
        .then(|| p.full_name())
}

/// The settlement word right after a name, "village" or "hamlet" ("X
/// village"): the text calls the place a small settlement.
pub fn names_a_village(after: &str) -> Option<&'static str> {
    let (w, _) = next_word(after)?;
    crate::gazetteer::normalize::SMALL_SETTLEMENT_WORDS
        .iter()
        .copied()
        .find(|v| *v == w)
}

/// A Roman numeral that ends a village name ("Aghoro II", "Yete III"). Not
/// "I" (a pronoun) and not digits ("in Kirkuk 10 people were killed").
fn name_numeral(w: &str) -> bool {
    matches!(
        w.trim_end_matches([',', '.', ';', ':', ')']),
        "II" | "III" | "IV"
    )
}

fn usable(t: &Token) -> bool {
    let w = lower(t.word);
    t.word.chars().count() >= 3
        && !acronym(t.word)
        && !NOT_NAMES.contains(&w.as_str())
        && vocab::country_by_demonym(t.word).is_none()
}

fn after_title(toks: &[Token], i: usize) -> bool {
    i > 0 && TITLES.contains(&lower(toks[i - 1].word).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_mentions(text: &str, country: Option<&str>, lexicon: &dyn PlaceCountry) -> Vec<String> {
        mentions(text, country, lexicon)
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    /// A lexicon of our own: a few made-up places, each in one country.
    struct Lexicon;
    impl PlaceCountry for Lexicon {
        fn country_of(&self, _name: &str) -> Option<String> {
            None
        }
        fn is_place_in(&self, name: &str, country: Option<&str>) -> bool {
            let known = [
                ("Tell Zawrak", "SY"),
                ("Zawrak", "SY"),
                ("Umm Batin", "SY"),
                ("Koranga", "NG"),
                ("Houti", "YE"),
                ("Mardo", "SY"),
                ("Gate", "NG"),
                ("Bakassa", "NG"),
                ("Dunari", "NG"),
                ("Koranga II", "NG"),
                // A gazetteer may hold a name with a level word that a
                // country's name starts.
                ("Chad Province", "NG"),
            ];
            known
                .iter()
                .any(|(n, c)| *n == name && country.is_none_or(|cc| cc == *c))
        }
        fn is_variant_place_in(&self, name: &str, country: Option<&str>, marked: bool) -> bool {
            // Another spelling of "Tell Zawrak"; and of a country, which no
            // mention may be even when a lexicon would take it. "Mardoh" is
            // a looser spelling of "Mardo", taken only where the text marks it.
            (["Tal Zaurak", "Nigeria's"].contains(&name) || marked && name == "Mardoh")
                && country.is_none_or(|cc| cc == "SY")
        }
    }

    /// "(District, Province)" anywhere in the text, or one area with its
    /// word; not a source stamp, an acronym, a gloss in prose, or names the
    /// lexicon does not hold.
    #[test]
    fn a_tag_of_areas_in_parentheses() {
        let tag = |t: &str| admin_tag(t, Some("NG"), &Lexicon);
        let both = Some(vec!["Koranga".to_owned(), "Bakassa".to_owned()]);
        assert_eq!(
            tag("Gunmen raided a farm near a stream (Koranga, Bakassa) on 3 May."),
            both
        );
        // The first tag that reads as one: a stamp and an acronym before it are not.
        assert_eq!(
            tag("The JTF (Gate) said (Reuters, 3 May) gunmen came (Koranga, Bakassa)."),
            both
        );
        assert_eq!(
            tag("Herders clashed (Dunari LGA)."),
            Some(vec!["Dunari LGA".to_owned()])
        );
        for none in [
            "Herders clashed (Dunari).",
            "Herders clashed (Koranga, Lagos).",
            "Herders clashed (according to Koranga, Bakassa and others who saw it).",
            "Herders clashed (Koranga, Bakassa, Dunari, Gate).",
            "Herders clashed (Koranga, 3 May).",
            "Herders clashed (Koranga, Bakassa",
        ] {
            assert_eq!(tag(none), None, "{none}");
        }
        // Names of another country are not its areas.
        assert_eq!(
            admin_tag("Shelling hit (Koranga, Bakassa).", Some("SY"), &Lexicon),
            None
        );
    }

    #[test]
    fn a_spelling_variant_is_a_weaker_mention() {
        let found = mentions(
            "Gunmen attacked Tal Zaurak and Mardo on 10/03, Nigeria's press said.",
            Some("SY"),
            &Lexicon,
        );
        let got: Vec<(&str, bool)> = found.iter().map(|m| (m.name.as_str(), m.variant)).collect();
        // Exact names first, then variants; the country's possessive is none.
        assert_eq!(got, vec![("Mardo", false), ("Tal Zaurak", true)]);
        // An exact name is never asked as a variant.
        let exact = mentions("Gunmen attacked Tell Zawrak.", Some("SY"), &Lexicon);
        assert!(exact.iter().all(|m| !m.variant), "{exact:?}");
    }

    #[test]
    fn a_looser_spelling_counts_where_the_text_marks_a_place() {
        let m = |t: &str| find_mentions(t, Some("SY"), &Lexicon);
        assert_eq!(
            m("Troops shelled the village of Mardoh on 2 May."),
            vec!["Mardoh"]
        );
        assert_eq!(m("Troops shelled Mardoh village on 2 May."), vec!["Mardoh"]);
        assert!(m("Troops shelled Mardoh on 2 May.").is_empty());
    }

    #[test]
    fn a_roman_numeral_ends_a_name() {
        let m = |t: &str| find_mentions(t, Some("NG"), &Lexicon);
        assert_eq!(
            m("Gunmen attacked Koranga II on 10/03."),
            vec!["Koranga II"]
        );
        // Digits do not: "in Koranga 10 people were killed".
        assert_eq!(m("In Koranga 10 people were killed."), vec!["Koranga"]);
    }

    #[test]
    fn known_names_in_the_country() {
        let m = |t: &str, cc: &str| find_mentions(t, Some(cc), &Lexicon);
        assert_eq!(
            m("Gunmen attacked Tell Zawrak on 10/03, killing one.", "SY"),
            vec!["Tell Zawrak"]
        );
        // Unknown in that country: nothing.
        assert!(m("Gunmen attacked Koranga on 10/03.", "SY").is_empty());
        assert_eq!(
            m("Gunmen attacked Koranga on 10/03.", "NG"),
            vec!["Koranga"]
        );
        // A level word marks the name even at the start of the text.
        assert_eq!(
            m("Umm Batin village. Troops clash with rebels", "SY"),
            vec!["Umm Batin"]
        );
        assert_eq!(
            m("Koranga town. Troops clash with rebels", "NG"),
            vec!["Koranga"]
        );
    }

    #[test]
    fn the_land_around_a_place_is_the_place() {
        assert_eq!(
            after_vicinity(" and its vicinity in Koranga"),
            " in Koranga"
        );
        assert_eq!(
            after_vicinity(" and surrounding villages, Koranga"),
            ", Koranga"
        );
        assert_eq!(after_vicinity(" and Koranga"), " and Koranga");
    }

    #[test]
    fn an_area_of_a_place_lies_in_it() {
        assert_eq!(
            area_of(" areas of Koranga on 25/05").as_deref(),
            Some("Koranga")
        );
        assert_eq!(
            area_of(" neighbourhood of Velanto, killing").as_deref(),
            Some("Velanto")
        );
        // "the X village of Y" names the village Y; "of the city" no place.
        assert_eq!(area_of(" village of Koranga"), None);
        assert_eq!(area_of(" area of the city"), None);
        assert_eq!(area_of(" area of Nigeria"), None);
    }

    #[test]
    fn participants_people_and_common_nouns_are_not_places() {
        let m = |t: &str| find_mentions(t, Some("NG"), &Lexicon);
        // The run names the participants: none of its parts is a place.
        assert!(m("On 2 May, suspected Dunari Koranga herdsmen killed two farmers.").is_empty());
        // A name is not taken from the middle of a longer capitalised run (a person),
        // at the start of a sentence either.
        assert!(m("Police arrested a commander known as Musa Koranga on 4 May.").is_empty());
        assert!(m("Musa Koranga was arrested on 4 May.").is_empty());
        // A capitalised common noun is no name on its own.
        assert!(m("A bomb exploded at the Secretariat Main Gate on 5 May.").is_empty());
        // But a capitalised opener does not hide the name after it.
        assert_eq!(m("Yesterday Koranga was attacked."), vec!["Koranga"]);
        // A run is one name: a place at its start counts only when the run is
        // headed by a kind of place, feature or office.
        assert!(m("On 2 May, Koranga Haram gunmen attacked a market.").is_empty());
        assert!(m("Police said Koranga Haram claimed the attack on 2 May.").is_empty());
        assert_eq!(
            m("Gunmen stormed the Koranga Teaching Hospital's wards on 2 May."),
            vec!["Koranga"]
        );
        assert_eq!(m("The Koranga Police said two died."), vec!["Koranga"]);
        // Agents named for a place or people are participants.
        assert!(m("Police said suspected Koranga separatists shot a guard on 2 May.").is_empty());
        assert!(m("On 2 May, Koranga bandits raided a farm.").is_empty());
        // Aircraft of a place are participants; "ya" joins a name.
        assert!(m("Koranga warplanes bombed the market on 3 May.").is_empty());
        assert!(m("Troops clashed with rebels at Koranga ya Juu on 3 May.").is_empty());
        // A joiner does not lengthen the run: "Koranga at dusk".
        assert_eq!(
            m("Gunmen stormed Koranga at dusk on Sunday."),
            vec!["Koranga"]
        );
        // A parenthesis starts another name: "Bakassa (Dunari LGA, ...)".
        assert_eq!(
            m("On 3 May, gunmen attacked Bakassa (Dunari LGA) and killed 3."),
            vec!["Dunari", "Bakassa"]
        );
    }

    #[test]
    fn actors_people_and_acronyms_are_not_places() {
        let m = |t: &str| find_mentions(t, Some("YE"), &Lexicon);
        assert!(m("On 7 May, Houti forces shelled a base.").is_empty());
        assert!(m("Gen. Mardo said the SDF and RCIED units withdrew.").is_empty());
        let m = |t: &str| find_mentions(t, Some("SY"), &Lexicon);
        assert!(m("Gen. Mardo said the attack failed.").is_empty());
        // A capitalised first word of a sentence is not a place on its own.
        assert!(m("Mardo was quiet. Nothing happened.").is_empty());
        assert_eq!(m("Fighting reached Mardo."), vec!["Mardo"]);
    }

    #[test]
    fn a_settlement_word_after_a_name() {
        assert_eq!(names_a_village(" village. Gunmen"), Some("village"));
        assert_eq!(names_a_village(" Hamlet"), Some("hamlet"));
        assert_eq!(names_a_village(" town"), None);
        assert_eq!(names_a_village(" villagers fled"), None);
    }

    /// A single name opening a sentence is a place when it is the subject
    /// of a place's verb; any other word there stays no name.
    #[test]
    fn a_name_opening_a_sentence_as_its_subject() {
        let found = |t: &str| find_mentions(t, Some("NG"), &Lexicon);
        assert_eq!(found("Koranga came under attack on Friday."), ["Koranga"]);
        assert_eq!(found("Koranga again came under fire."), ["Koranga"]);
        assert_eq!(found("Bakassa was shelled overnight."), ["Bakassa"]);
        assert_eq!(found("Bakassa has again been hit by mortars."), ["Bakassa"]);
        assert!(found("Bakassa was killed by gunmen.").is_empty());
        assert!(found("Koranga fighters attacked the town.").is_empty());
        assert!(found("Koranga said the town was calm.").is_empty());
        assert!(found("Koranga, which was attacked, is quiet.").is_empty());
    }

    /// A possessive ends the owner's name: the place after it is a name
    /// of its own ("Velanto Front's Koranga camp").
    #[test]
    fn a_possessive_ends_a_name() {
        let found = |t: &str| find_mentions(t, Some("NG"), &Lexicon);
        assert_eq!(
            found("Troops cleared Velanto Front's Koranga camp."),
            ["Koranga"]
        );
        assert_eq!(
            found("Troops cleared the Velanto Front’s Koranga camp."),
            ["Koranga"]
        );
        assert!(found("Troops cleared Velanto Front Koranga camp.").is_empty());
        // A country with a level word after a possessive is the group's branch.
        assert_eq!(
            found("The Front's Chad Province attacked Koranga on Friday."),
            ["Koranga"]
        );
    }
}
