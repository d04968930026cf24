//! Killed and wounded counts. Numbers are summed over coordinated subjects
//! ("An officer and three fighters were wounded" = 4); a count is unknown
//! (None) when the text gives no number ("The passengers were killed or
//! wounded", "others were wounded").

use std::sync::LazyLock;

use super::rx::Rx;

use super::vocab;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Casualties {
    pub killed: Option<u32>,
    pub wounded: Option<u32>,
    /// The sentences that speak of casualties, as written.
    pub text: Vec<String>,
}

static PASSIVE_RE: LazyLock<Rx> = LazyLock::new(|| {
    Rx::new(
        r"(?x)\b(?P<aux>was|were|are|is|have\ been|has\ been|had\ been)\s+(?:(?:all|both|reportedly|allegedly|also|then|later|subsequently)\s+)*
        (?P<verb>killed\ or\ (?:wounded|injured)|wounded\ or\ killed|injured\ or\ killed|killed|wounded|injured|executed|shot\ dead|shot\ to\ death|beheaded|slaughtered|interrogated\ and\ (?:then\ )?executed|hurt|martyred)\b",
    )
    .expect("passive regex")
});

static ACTIVE_RE: LazyLock<Rx> = LazyLock::new(|| {
    Rx::new(
        r"(?x)\b(?P<verb>shot\ dead|shot\ and\ killed|killed|killing|kill|wounded|wounding|injured|injuring|executed|executing|beheaded)\s+(?:a\ total\ of\ |at\ least\ |about\ |some\ |around\ |nearly\ |more\ than\ |over\ )?(?P<n>\d{1,3}(?:,\d{3})+|\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)\b",
    )
    .expect("active regex")
});

/// "were killed and five wounded": the second participle without its auxiliary.
static ELLIPSIS_RE: LazyLock<Rx> = LazyLock::new(|| {
    Rx::new(r"(?x)\b(?P<first>killed|wounded|injured)\s+and\s+(?P<n>\d{1,3}(?:,\d{3})+|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\s+(?:others\s+|more\s+)?(?P<verb>wounded|injured|killed)\b")
        .expect("ellipsis regex")
});

/// A count written as figures or as a word ("12", "1,200", "twelve").
const COUNT: &str = r"\d{1,3}(?:,\d{3})+|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty";

/// "3 dead and 5 wounded", "left four soldiers dead", "two people died".
static TALLY_RE: LazyLock<Rx> = LazyLock::new(|| {
    Rx::new(&format!(r"(?xi)\b(?P<n>{COUNT})\s+(?:[\p{{L}}-]+\s+){{0,2}}?(?P<verb>dead|killed|wounded|injured|died)\b(?:\s+and\s+(?P<m>{COUNT})\s+(?:[\p{{L}}-]+\s+)?(?P<verb2>dead|killed|wounded|injured))?"))
        .expect("tally regex")
});

#[derive(Clone, Copy, PartialEq)]
enum Count {
    Known(u32),
    Unknown,
}

/// Reads casualties from an incident's sentences.
pub fn casualties(sentences: &[&str]) -> Casualties {
    let mut killed: Option<Count> = None;
    let mut wounded: Option<Count> = None;
    let mut text = Vec::new();
    let mut antecedent: Option<u32> = None;
    let add = |slot: &mut Option<Count>, c: Count| {
        *slot = Some(match (*slot, c) {
            (None, c) => c,
            (Some(Count::Known(a)), Count::Known(b)) => Count::Known(a.saturating_add(b)),
            (Some(Count::Known(a)), Count::Unknown) => Count::Known(a),
            (Some(Count::Unknown), c) => c,
        });
    };
    for s in sentences {
        let mut spoke = false;
        // Split on clause boundaries so "X were killed and Y were wounded" reads as two.
        let mut clause_start = 0;
        for c in PASSIVE_RE.captures_iter(s) {
            let aux = c.name("aux").expect("aux");
            let verb = c["verb"].to_lowercase();
            let subject_full = &s[clause_start..aux.start()];
            clause_start = c.get(0).expect("m").end();
            let subject = last_clause(subject_full);
            let n = subject_count(subject, antecedent);
            spoke = true;
            if verb.contains(" or ") {
                // killed or wounded: neither count is known
                if killed.is_none() {
                    killed = Some(Count::Unknown);
                }
                if wounded.is_none() {
                    wounded = Some(Count::Unknown);
                }
                continue;
            }
            let slot =
                if verb.starts_with("wounded") || verb.starts_with("injured") || verb == "hurt" {
                    &mut wounded
                } else {
                    &mut killed
                };
            add(slot, n.map_or(Count::Unknown, Count::Known));
        }
        for c in ELLIPSIS_RE.captures_iter(s) {
            let Some(n) = vocab::number_word(&c["n"]) else {
                continue;
            };
            spoke = true;
            let slot = if c["verb"].starts_with("kill") {
                &mut killed
            } else {
                &mut wounded
            };
            add(slot, Count::Known(n));
        }
        for c in ACTIVE_RE.captures_iter(s) {
            let Some(n) = vocab::number_word(&c["n"]) else {
                continue;
            };
            let vstart = c.name("verb").expect("verb").start();
            if s[..vstart].trim_end().ends_with(" or") {
                // "killing or wounding 426": the split is unknown
                spoke = true;
                continue;
            }
            let verb = c["verb"].to_lowercase();
            spoke = true;
            if verb.starts_with("wound") || verb.starts_with("injur") {
                add(&mut wounded, Count::Known(n));
            } else {
                add(&mut killed, Count::Known(n));
            }
        }
        if !spoke {
            for c in TALLY_RE.captures_iter(s) {
                // "No one died", "Twenty-five died" (a compound not read),
                // "In 2019 two people died" (a year): no count.
                let at = c.name("n").expect("n");
                let before = s[..at.start()].to_lowercase();
                let year = at.as_str().len() == 4
                    && at
                        .as_str()
                        .parse::<u32>()
                        .is_ok_and(|y| (1900..2100).contains(&y));
                if before.ends_with("no ") || before.ends_with('-') || year {
                    continue;
                }
                spoke = true;
                let Some(n) = vocab::number_word(&c["n"]) else {
                    continue;
                };
                let slot = if matches!(c["verb"].to_lowercase().as_str(), "wounded" | "injured") {
                    &mut wounded
                } else {
                    &mut killed
                };
                add(slot, Count::Known(n));
                if let (Some(m), Some(v)) = (c.name("m"), c.name("verb2")) {
                    let Some(m) = vocab::number_word(m.as_str()) else {
                        continue;
                    };
                    let slot =
                        if matches!(v.as_str().to_lowercase().as_str(), "wounded" | "injured") {
                            &mut wounded
                        } else {
                            &mut killed
                        };
                    add(slot, Count::Known(m));
                }
            }
        }
        if spoke {
            text.push(s.trim().to_owned());
        }
        if let Some(n) = plural_object_count(s) {
            antecedent = Some(n);
        }
    }
    let known = |c: Option<Count>| match c {
        Some(Count::Known(n)) => Some(n),
        _ => None,
    };
    Casualties {
        killed: known(killed),
        wounded: known(wounded),
        text,
    }
}

/// The subject of the last clause before a verb: text after the last
/// ", and", ";" or clause-introducing comma.
fn last_clause(s: &str) -> &str {
    let cut = [
        ", and ", "; ", ", while ", ", but ", " while ", " but ", ". ", " - ", " -- ", " — ", " – ",
    ]
    .iter()
    .filter_map(|sep| s.rfind(sep).map(|i| i + sep.len()))
    .max()
    .unwrap_or(0);
    let s = &s[cut..];
    // A leading subordinate clause "When ... arrived, X were killed"
    match s.rfind(", ") {
        Some(i) if s[..i].split_whitespace().count() > 3 => &s[i + 2..],
        _ => s,
    }
}

/// Nouns of quantity that "a" does not make one ("a number of", "a few").
const VAGUE_QUANTITIES: &[&str] = &[
    "number", "few", "handful", "group", "lot", "series", "large", "small", "host", "string",
    "wave", "dozen", "couple", "score", "crowd",
];

/// Sums the quantities of a coordinated subject; None when any part has none.
fn subject_count(subject: &str, antecedent: Option<u32>) -> Option<u32> {
    let s = subject.trim().trim_start_matches("and ").trim();
    if s.is_empty() {
        return None;
    }
    let lower = s.to_lowercase();
    let mut total = 0;
    for part in lower.split(" and ").flat_map(|p| p.split(", ")) {
        let mut part = part.trim();
        for filler in [
            "a total of ",
            "at least ",
            "an estimated ",
            "about ",
            "some ",
            "around ",
            "nearly ",
            "approximately ",
            "more than ",
            "over ",
        ] {
            if let Some(r) = part.strip_prefix(filler) {
                part = r;
            }
        }
        let words: Vec<&str> = part.split_whitespace().collect();
        let raw_first = words.first().copied().unwrap_or("");
        // "a number of people", "a few soldiers": a quantity without a number.
        if matches!(raw_first, "a" | "an")
            && words.get(1).is_some_and(|w| VAGUE_QUANTITIES.contains(w))
        {
            return None;
        }
        let n = if matches!(
            raw_first,
            "he" | "she" | "the other" | "another" | "one" | "a" | "an"
        ) || part.starts_with("the other")
        {
            Some(1)
        } else if matches!(raw_first, "they" | "both")
            || part.starts_with("the two")
            || part.starts_with("the three")
        {
            if part.starts_with("the two") || raw_first == "both" {
                Some(2)
            } else if part.starts_with("the three") {
                Some(3)
            } else {
                antecedent
            }
        } else {
            words.first().and_then(|w| vocab::number_word(w))
        };
        total = u32::saturating_add(total, n?);
    }
    Some(total)
}

/// A count in an object phrase ("fired at two Pakistani intelligence
/// personnel") that a later "They were killed" refers to.
fn plural_object_count(s: &str) -> Option<u32> {
    static OBJ: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"(?i)\b(?:at|against|of|took|captured|abducted|kidnapped|home of)\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+\p{L}")
            .expect("object regex")
    });
    OBJ.captures(s).and_then(|c| vocab::number_word(&c["n"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw(s: &str) -> (Option<u32>, Option<u32>) {
        let sentences: Vec<&str> = s.split_inclusive(". ").collect();
        let c = casualties(&sentences);
        (c.killed, c.wounded)
    }

    #[test]
    fn vague_quantities_and_datelines_are_no_counts() {
        assert_eq!(
            kw("A number of civilians were hurt by the blast."),
            (None, None)
        );
        assert_eq!(kw("A few soldiers were killed."), (None, None));
        assert_eq!(
            kw("KABUL, Oct. 12 (Agency) -- At least 7 guards were killed."),
            (Some(7), None)
        );
        assert_eq!(kw("A guard was killed."), (Some(1), None));
    }

    #[test]
    fn sums_and_unknowns() {
        assert_eq!(
            kw("An officer and three fighters were wounded."),
            (None, Some(4))
        );
        assert_eq!(kw("The passengers were killed or wounded."), (None, None));
        assert_eq!(
            kw("One policeman was killed and the other was wounded."),
            (Some(1), Some(1))
        );
        assert_eq!(
            kw("Four soldiers were killed and another was wounded."),
            (Some(4), Some(1))
        );
        assert_eq!(
            kw("Three soldiers were killed and others were wounded."),
            (Some(3), None)
        );
        assert_eq!(
            kw("One commander and two fighters were killed."),
            (Some(3), None)
        );
        assert_eq!(
            kw("He was interrogated and then executed."),
            (Some(1), None)
        );
        assert_eq!(
            kw("He was shot to death (Telegram, May 24, 2020)."),
            (Some(1), None)
        );
        assert_eq!(
            kw("A total of 13 Christians were killed."),
            (Some(13), None)
        );
        assert_eq!(
            kw("eight operatives killed four Egyptian spies."),
            (Some(4), None)
        );
        assert_eq!(
            kw("Gunmen fired at two guards. They were killed."),
            (Some(2), None)
        );
        assert_eq!(
            kw(
                "A total of 14 ISIS operatives were killed at the farm, and seven were killed in Bir al-Abd."
            ),
            (Some(21), None)
        );
        assert_eq!(
            kw("The blast left 3 dead and 5 wounded."),
            (Some(3), Some(5))
        );
        assert_eq!(kw("Several soldiers were killed or wounded."), (None, None));
        assert_eq!(
            kw("Two soldiers were killed and five wounded when militants attacked."),
            (Some(2), Some(5))
        );
        assert_eq!(kw("Gunmen shot dead a local official."), (Some(1), None));
        assert_eq!(
            kw("Security forces killed a total of 14 militants."),
            (Some(14), None)
        );
        assert_eq!(
            kw("IS militants clashed with SDF in Thiban. 2 SDF killed."),
            (Some(2), None)
        );
        assert_eq!(kw("The bombing killed 1,200 people."), (Some(1200), None));
        assert_eq!(
            kw("Clashes in Zorbak left four soldiers dead."),
            (Some(4), None)
        );
        assert_eq!(
            kw("The raid left two people dead and five others injured."),
            (Some(2), Some(5))
        );
        assert_eq!(kw("Three civilians died in the fire."), (Some(3), None));
        assert_eq!(kw("No one died in the blaze."), (None, None));
        assert_eq!(kw("Twenty-five people died."), (None, None));
        assert_eq!(kw("In 2019 two people died."), (None, None));
        assert_eq!(
            kw("4294967295 people were killed. One soldier was killed."),
            (Some(u32::MAX), None)
        );
    }
}
