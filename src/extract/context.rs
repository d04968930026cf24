//! Section context and participants. A heading that names a country ("Nigeria",
//! "Northeastern Syria") opens a new top-level section; a heading whose place
//! lies in the current country ("Diyala Province") nests under it; headings
//! that name no place ("Additional attacks") replace the current sub-section.
//! Places in headings are mapped to countries through `PlaceCountry`, which
//! the pipeline backs with the gazetteer.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::rx::Rx;

use super::place::take_place;
use super::vocab;

/// Maps a place name to the ISO alpha-2 country it most likely lies in.
pub trait PlaceCountry {
    fn country_of(&self, name: &str) -> Option<String>;

    /// Whether `name` is a place name (exactly, after normalisation) in
    /// `country` (any country when `None`). The name lexicon of mentions.
    fn is_place_in(&self, _name: &str, _country: Option<&str>) -> bool {
        false
    }

    /// Whether `name` is a close spelling variant of a place name in
    /// `country` ("Tal Hamis" for "Tall Hamis"), asked only when it is not a
    /// name outright; never without a country. `marked`: the text says it is
    /// a place ("the village of X"), so a looser spelling is safe.
    fn is_variant_place_in(&self, _name: &str, _country: Option<&str>, _marked: bool) -> bool {
        false
    }
}

/// No gazetteer: only country names, demonyms and well-known regions count.
pub struct NoHints;
impl PlaceCountry for NoHints {
    fn country_of(&self, _name: &str) -> Option<String> {
        None
    }
}

/// What a heading path implies.
#[derive(Debug, Clone, Default)]
pub struct SectionContext {
    pub country: Option<String>,
    /// The innermost heading's place, for incidents whose text names none.
    pub place: Option<String>,
}

#[derive(Debug, Clone)]
struct HeadingInfo {
    country: Option<String>,
    /// The heading names a country outright ("Nigeria", "Eastern Syria (...)").
    names_country: bool,
    place: Option<String>,
    macro_region: bool,
}

pub struct Headings<'a> {
    hint: &'a dyn PlaceCountry,
    path: Vec<String>,
    info: HashMap<String, HeadingInfo>,
}

impl<'a> Headings<'a> {
    pub fn new(hint: &'a dyn PlaceCountry) -> Self {
        Headings {
            hint,
            path: Vec::new(),
            info: HashMap::new(),
        }
    }

    /// Takes the next heading and returns the new heading path.
    pub fn push(&mut self, heading: &str) -> Vec<String> {
        let info = self.analyse(heading);
        let top_country = self
            .path
            .first()
            .and_then(|h| self.info.get(h))
            .and_then(|i| i.country.clone());
        let new_top = info.names_country
            || info.macro_region
            || (info.country.is_some() && info.country != top_country);
        self.info.insert(heading.to_owned(), info);
        if new_top || self.path.is_empty() {
            self.path = vec![heading.to_owned()];
        } else {
            self.path.truncate(1);
            self.path.push(heading.to_owned());
        }
        self.path.clone()
    }

    fn analyse(&self, heading: &str) -> HeadingInfo {
        let h = heading.trim();
        let core = strip_parens(h);
        let core_t = core.trim().trim_start_matches("The ").trim();
        let macro_region = vocab::is_macro_region(core_t);
        // A heading that is a country name, maybe with a direction ("Northeastern Syria").
        let mut words: Vec<&str> = core_t.split_whitespace().collect();
        if words.len() > 1 && vocab::compass(&words[0].to_lowercase()).is_some() {
            words.remove(0);
        }
        let bare = words.join(" ");
        if let Some(cc) = vocab::country_by_name(&bare) {
            return HeadingInfo {
                country: Some(cc.to_owned()),
                names_country: true,
                place: Some(bare),
                macro_region: false,
            };
        }
        // A capitalised word is a place only if something vouches for it:
        // an area word, a known region, or the gazetteer's country hint.
        let mut place = None;
        let mut country = None;
        for (p, area) in heading_places(h) {
            let c = vocab::country_by_name(&p)
                .map(str::to_owned)
                .or_else(|| vocab::named_region(&p).and_then(|r| r.1).map(str::to_owned))
                .or_else(|| self.hint.country_of(&p));
            if c.is_some() || area || vocab::named_region(&p).is_some() {
                place = Some(p);
                country = c;
                break;
            }
        }
        if country.is_none() {
            // Country names anywhere in the heading ("ISIS's Iraq Province ..."), else
            // exactly one demonym ("The Iraqi arena").
            let names: Vec<&str> = vocab::COUNTRIES
                .iter()
                .filter(|(_, ns, _)| ns.iter().any(|n| contains_word(h, n)))
                .map(|(c, _, _)| *c)
                .collect();
            let dems: Vec<&str> = vocab::COUNTRIES
                .iter()
                .filter(|(_, _, ds)| ds.iter().any(|d| contains_word(h, d)))
                .map(|(c, _, _)| *c)
                .collect();
            country = match (names.as_slice(), dems.as_slice()) {
                ([c], _) => Some((*c).to_owned()),
                ([], [c]) => Some((*c).to_owned()),
                _ => None,
            };
        }
        HeadingInfo {
            country,
            names_country: false,
            place,
            macro_region,
        }
    }

    /// Country and fallback place of a heading path (innermost first).
    pub fn context_of(&self, path: &[String]) -> SectionContext {
        let infos: Vec<&HeadingInfo> = path.iter().filter_map(|h| self.info.get(h)).collect();
        SectionContext {
            country: infos.iter().rev().find_map(|i| i.country.clone()),
            place: infos.iter().rev().find_map(|i| i.place.clone()),
        }
    }
}

fn contains_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn strip_parens(s: &str) -> String {
    static P: LazyLock<Rx> = LazyLock::new(|| Rx::new(r"\s*\([^)]*\)").expect("parens"));
    P.replace_all(s, "").into_owned()
}

/// The place a heading is about: "The Al-Hasakah area" -> "Al-Hasakah",
/// "Diyala Province" -> "Diyala Province", "Attack on Bagram Airbase" -> "Bagram Airbase".
/// The bool says whether the heading marks it as an area ("area", "Province").
pub fn heading_places(h: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let core = strip_parens(h);
    let core = core.trim();
    let words: Vec<&str> = core.split_whitespace().collect();
    // Try each word position: "Attack on Bagram Airbase", "The area of Al-Mayadeen and Albukamal".
    for i in 0..words.len() {
        let rest = words[i..].join(" ");
        if i > 0
            && words[i].chars().next().is_some_and(|c| c.is_lowercase())
            && !matches!(words[i], "the" | "al-")
        {
            continue;
        }
        let candidate = if i == 0 {
            rest.trim_start_matches("The ").to_owned()
        } else {
            rest
        };
        if let Some(p) = take_place(&candidate) {
            let name = p.name.clone();
            if vocab::is_macro_region(&name) {
                return Vec::new();
            }
            if vocab::country_by_demonym(name.split_whitespace().next().unwrap_or("")).is_some() {
                continue;
            }
            let feature_is_area = p.feature.as_deref().is_some_and(|f| {
                matches!(f, "area" | "region" | "arena" | "front" | "countryside")
            }) || p.is_area();
            if (feature_is_area || p.name.split_whitespace().count() <= 4)
                && !out.iter().any(|(n, _)| n == &name)
            {
                out.push((name, feature_is_area));
            }
        }
    }
    out
}

/// The clause heads of the active and passive forms, each followed by the
/// rest of a one-line sentence (`(?P<rest>.*)$`). On a sentence with no
/// line break that tail always matches what follows the head, so the head
/// alone is matched there (the captures engine then reads the head, not
/// the whole sentence) and the rest is the text after it; the whole
/// pattern is used on the sentences with a line break.
const ACTIVE: &str = r"(?x)^(?P<subj>.{3,120}?)\s+(?:had\s+|have\s+|has\s+)?(?P<verb>attacked|ambushed|fired|threw|activated|detonated|planted|took|killed|captured|arrested|detained|exchanged\ fire\ with|broke\ into|abducted|kidnapped|targeted|stormed|raided|shelled|launched|carried\ out|assassinated|executed|clashed\ with|shot)\b";
const PASSIVE: &str = r"(?x)^(?P<subj>.{3,120}?)\s+(?:was|were)\s+(?P<verb>targeted|attacked|ambushed|hit|struck|killed|shot|shelled|activated|detonated|thrown)\b(?:\s+by\s+(?P<agent>[^,.;]+))?";
const REST: &str = r"(?P<rest>.*)$";

/// A clause form: its head, and head plus rest.
struct Clause {
    head: Rx,
    whole: Rx,
}

impl Clause {
    fn new(head: &str) -> Clause {
        Clause {
            head: Rx::new(head).expect("clause head regex"),
            whole: Rx::new(&format!("{head}{REST}")).expect("clause regex"),
        }
    }

    /// The captures and the rest, as the whole pattern gives them.
    fn captures<'h>(&self, s: &'h str) -> Option<(regex::Captures<'h>, &'h str)> {
        if s.contains('\n') {
            let c = self.whole.captures(s)?;
            let rest = c.name("rest").map_or("", |m| m.as_str());
            return Some((c, rest));
        }
        let c = self.head.captures(s)?;
        let end = c.get(0)?.end();
        Some((c, &s[end..]))
    }
}

static ACTIVE_RE: LazyLock<Clause> = LazyLock::new(|| Clause::new(ACTIVE));
static PASSIVE_RE: LazyLock<Clause> = LazyLock::new(|| Clause::new(PASSIVE));

/// Actor and target of an event sentence, when the grammar states them.
pub fn actor_target(sentence: &str) -> (Option<String>, Option<String>) {
    let s = strip_lead(sentence);
    if let Some((c, rest)) = PASSIVE_RE.captures(&s) {
        let subj = c["subj"].trim();
        let verb = &c["verb"];
        if matches!(verb, "activated" | "detonated" | "thrown") {
            // "an IED was activated against an SDF vehicle"
            let target = rest.trim_start().strip_prefix("against ").map(cut_np);
            let agent = c
                .name("agent")
                .and_then(|a| cut_np(a.as_str()))
                .filter(|a| !is_weapon(a));
            return (agent, target.flatten());
        }
        let agent = c
            .name("agent")
            .and_then(|a| cut_np(a.as_str()))
            .filter(|a| !is_weapon(a));
        return (agent, cut_np(subj));
    }
    if let Some((c, obj)) = ACTIVE_RE.captures(&s) {
        let subj = c["subj"].trim();
        let passive_aux = subj
            .rsplit(' ')
            .next()
            .is_some_and(|w| matches!(w, "was" | "were" | "been" | "be" | "is" | "are"));
        if subj.split_whitespace().count() > 14 || passive_aux {
            return (None, None);
        }
        let obj = obj.trim();
        let verb = &c["verb"];
        // "The explosion took place ...": "took" names an actor only in
        // "took N prisoner/hostage".
        if verb == "took"
            && !["prisoner", "hostage", "captive"]
                .iter()
                .any(|w| obj.contains(w))
        {
            return (None, None);
        }
        // The clause's subject follows the phrases set off before it ("Also
        // on Sunday, in the city of X, gunmen ..."), and drops a trailing
        // adverb ("gunmen simultaneously attacked"). A weapon or the event
        // itself ("a roadside bomb killed", "Shelling killed") is no actor.
        let subj = after_set_off(subj);
        let subj = match subj.rsplit_once(' ') {
            Some((head, last)) if last.len() > 4 && last.ends_with("ly") => head,
            _ => subj,
        };
        let actor = cut_np(subj).filter(|a| !is_weapon(a) && !is_event_noun(a));
        let target = match verb {
            "fired" | "threw" | "activated" | "detonated" | "planted" | "launched" | "shelled" => {
                obj.find(" at ")
                    .map(|i| &obj[i + 4..])
                    .or_else(|| obj.find(" against ").map(|i| &obj[i + 9..]))
                    .or_else(|| obj.find(" on ").map(|i| &obj[i + 4..]))
                    .and_then(cut_np)
            }
            "took" => obj.find(" prisoner").map(|i| &obj[..i]).and_then(cut_np),
            _ => cut_np(obj),
        };
        return (actor, target);
    }
    (None, None)
}

/// The clause's subject after the phrases set off before it: the part
/// after the last comma outside brackets, and after a dateline's dash
/// ("KABUL, Afghanistan - Gunmen").
fn after_set_off(subj: &str) -> &str {
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in subj.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth <= 0 => start = i + 1,
            _ => {}
        }
    }
    let mut rest = &subj[start..];
    for dash in [" - ", " \u{2014} ", " \u{2013} ", ":- ", ": "] {
        if let Some((_, after)) = rest.rsplit_once(dash) {
            rest = after;
        }
    }
    rest.trim()
}

/// A subject that names the event, not who did it ("The explosion",
/// "Heavy fighting", "Clashes").
fn is_event_noun(s: &str) -> bool {
    let last = s.rsplit(' ').next().unwrap_or(s).to_lowercase();
    matches!(
        last.as_str(),
        "explosion"
            | "explosions"
            | "blast"
            | "blasts"
            | "attack"
            | "attacks"
            | "clash"
            | "clashes"
            | "fighting"
            | "violence"
            | "incident"
            | "shelling"
            | "bombing"
            | "bombardment"
            | "airstrike"
            | "airstrikes"
            | "strike"
            | "strikes"
            | "raid"
            | "ambush"
            | "gunfire"
    )
}

/// Removes "On May 21, 2020, " and "ISIS reported that on ..., " leads.
fn strip_lead(s: &str) -> String {
    static LEAD: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"^(?:[^,]{0,60}?\b(?:reported|said|claimed|announced|stated)\s+that\s+)?(?:(?:[Oo]n|In practice, on)\s+[^,]{3,30},\s*(?:(?:19|20)\d\d,\s*)?)?")
            .expect("lead regex")
    });
    let t = LEAD.replace(s.trim(), "").into_owned();
    // "its operatives" after "ISIS reported that": the reporter is the actor.
    if let Some(rest) = t.strip_prefix("its ") {
        let who = s.split_whitespace().next().unwrap_or("");
        if !who.is_empty() && who.chars().next().is_some_and(char::is_uppercase) {
            return format!("{who}'s {rest}");
        }
    }
    t
}

fn is_weapon(s: &str) -> bool {
    const WEAPONS: &[&str] = &[
        "fire",
        "ied",
        "bomb",
        "gun",
        "rocket",
        "mortar",
        "shell",
        "explosive",
        "mine",
        "grenade",
        "drone",
        "missile",
        "rcied",
        "vbied",
        "svbied",
        "booby",
    ];
    // Whole words and their plurals ("gunmen" is people, "gunfire" fire).
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|t| {
            let stem = t.strip_suffix('s').unwrap_or(t);
            WEAPONS.contains(&t)
                || WEAPONS.contains(&stem)
                || t.ends_with("fire")
                || t.starts_with("shelling")
        })
}

/// Cuts a noun phrase before its location or clause tail.
fn cut_np(s: &str) -> Option<String> {
    static CUT: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"\s+(?:about|in|near|on|at|north|south|east|west|northeast|northwest|southeast|southwest|between|with|where|which|who|while|during|after|before|from|of\s+the\s+(?:town|village)|inside|outside|along|and\s+(?:then|killed|wounded))\b|[,.;(]")
            .expect("np cut regex")
    });
    let s = s.trim();
    let end = CUT.find(s).map_or(s.len(), |m| m.start());
    let np = s[..end].trim();
    let words = np.split_whitespace().count();
    (words > 0 && words <= 12).then(|| np.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head and the rest give what the whole pattern gives, with and
    /// without line breaks (where `.` stops and `\s` does not).
    #[test]
    fn a_clause_head_and_its_rest_are_the_whole_patterns() {
        let texts = [
            "Gunmen attacked a checkpoint near the town",
            "Gunmen\nattacked a checkpoint",
            "Gunmen attacked a checkpoint\nnear the town",
            "An IED was activated against an SDF vehicle by ISIS operatives, and more",
            "An IED was activated by ISIS\noperatives against a patrol",
            "The patrol was\nattacked",
            "No verb here at all",
            "ab attacked",
        ];
        for form in [ACTIVE, PASSIVE] {
            let clause = Clause::new(form);
            let whole = regex::Regex::new(&format!("{form}{REST}")).expect("regex");
            for t in texts {
                let named = |c: &regex::Captures| -> Vec<_> {
                    ["subj", "verb", "agent"]
                        .map(|n| c.name(n).map(|m| m.range()))
                        .to_vec()
                };
                let got = clause
                    .captures(t)
                    .map(|(c, rest)| (named(&c), rest.to_owned()));
                let want = whole.captures(t).map(|c| (named(&c), c["rest"].to_owned()));
                assert_eq!(got, want, "{form} on {t:?}");
            }
        }
    }

    #[test]
    fn actors_and_targets() {
        let (a, t) = actor_target(
            "On May 22, 2020, an IED was activated against an SDF vehicle about 20 km north of Al-Mayadeen.",
        );
        assert_eq!((a, t.as_deref()), (None, Some("an SDF vehicle")));
        let (a, t) = actor_target(
            "On May 21, 2020, operatives of ISIS’s West Africa Province attacked a Nigerian army camp about 80 km east of Maiduguri.",
        );
        assert_eq!(
            a.as_deref(),
            Some("operatives of ISIS’s West Africa Province")
        );
        assert_eq!(t.as_deref(), Some("a Nigerian army camp"));
        let (a, t) = actor_target(
            "On May 21, 2020, a Syrian soldier riding a motorcycle was targeted by machine gun fire northwest of Al-Sukhnah.",
        );
        assert_eq!(
            (a, t.as_deref()),
            (None, Some("a Syrian soldier riding a motorcycle"))
        );
        let (a, _) = actor_target(
            "ISIS reported that on May 19, 2020, its operatives had ambushed an Egyptian border patrol force east of Sheikh Zuweid.",
        );
        assert_eq!(a.as_deref(), Some("ISIS's operatives"));
        // The subject after the phrases set off before it; no adverb.
        let (a, _) = actor_target(
            "Also on Friday, in the northern town of Zorba, gunmen shot dead two guards.",
        );
        assert_eq!(a.as_deref(), Some("gunmen"));
        let (a, _) = actor_target("ZORBA, Narnia - Rebels simultaneously attacked three posts.");
        assert_eq!(a.as_deref(), Some("Rebels"));
        // A weapon or the event itself is no actor.
        for text in [
            "Shelling killed three civilians near Zorba.",
            "A roadside bomb killed two soldiers near Zorba.",
            "The explosion took place near a market in Zorba.",
        ] {
            assert_eq!(actor_target(text).0, None, "{text}");
        }
    }

    #[test]
    fn heading_place_names() {
        let names = |h: &str| {
            heading_places(h)
                .into_iter()
                .map(|p| p.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(names("The Al-Hasakah area"), vec!["Al-Hasakah"]);
        assert_eq!(names("Diyala Province")[0], "Diyala Province");
        assert!(names("Attack on Bagram Airbase").contains(&"Bagram Airbase".to_string()));
        assert!(heading_places("The Al-Hasakah area")[0].1);
        assert!(!heading_places("Additional attacks")[0].1);
    }

    #[test]
    fn heading_levels() {
        let mut h = Headings::new(&NoHints);
        h.push("The Iraqi arena");
        assert_eq!(
            h.push("Diyala Province"),
            vec!["The Iraqi arena", "Diyala Province"]
        );
        assert_eq!(
            h.push("Kirkuk Province"),
            vec!["The Iraqi arena", "Kirkuk Province"]
        );
        assert_eq!(h.push("Nigeria"), vec!["Nigeria"]);
        let c = h.context_of(&["Nigeria".to_string()]);
        assert_eq!(c.country.as_deref(), Some("NG"));
    }
}
