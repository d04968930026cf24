//! Dates as reports write them: "May 21, 2020", "21 May 2020", "On May 20"
//! (year from the report), "Tuesday", "the day after", "in May 2020".
//! Calendar arithmetic is chrono's; this module only recognises the words.

use std::sync::LazyLock;

use super::rx::Rx;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::model::DatePrecision;

const MONTHS: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?";

const FRENCH_MONTHS: &str = r"(?i:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)";

/// French month names (lower case, accents optional).
fn french_month(word: &str) -> Option<u32> {
    let w = deunicode::deunicode(word).to_lowercase();
    let n = match w.as_str() {
        "janvier" => 1,
        "fevrier" => 2,
        "mars" => 3,
        "avril" => 4,
        "mai" => 5,
        "juin" => 6,
        "juillet" => 7,
        "aout" => 8,
        "septembre" => 9,
        "octobre" => 10,
        "novembre" => 11,
        "decembre" => 12,
        _ => return None,
    };
    Some(n)
}

/// Words after which a bare "dd/mm" is a date ("on 13/09", "the morning of
/// 01/03", "(Source dated 19/01)", "13/09 -" opening a line).
const DAY_MONTH_LEAD: &[&str] = &[
    "on",
    "of",
    "dated",
    "since",
    "until",
    "from",
    "to",
    "and",
    "between",
    "night",
    "morning",
    "evening",
    "afternoon",
    "early",
    "late",
    "le",
    "du",
    "au",
    "depuis",
    "nuit",
    "matin",
    "soir",
    "around",
    "about",
    "circa",
];

/// One date mention in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub month: u32,
    pub day: Option<u32>,
    pub year: Option<i32>,
}

static DATE_RE: LazyLock<Rx> = LazyLock::new(|| {
    Rx::new(&format!(
        r"(?x)
        \b(?P<m1>{m})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(?P<y1>(?:19|20)\d\d)\b)?
        | \b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{m})(?:\s*,?\s*(?P<y2>(?:19|20)\d\d)\b)?
        | \b(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)\b
        | \b(?P<m4>{m})\s+(?P<y4>(?:19|20)\d\d)\b
        | \b(?P<a5>\d{{1,2}})[/.](?P<b5>\d{{1,2}})[/.](?P<y5>(?:19|20)\d\d)\b
        | \b(?P<d7>\d{{1,2}}|1er)\s+(?P<m7>{fr})(?:\s+(?P<y7>(?:19|20)\d\d)\b)?
        | \b(?P<a6>\d{{1,2}})/(?P<b6>\d{{1,2}})(?P<tail>[/\d]?)
        ",
        m = MONTHS,
        fr = FRENCH_MONTHS
    ))
    .expect("date regex")
});

pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let n = match w.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

/// Every date mention in `text`, in order.
pub fn find_dates(text: &str) -> Vec<DateMention> {
    let mut out = Vec::new();
    for c in DATE_RE.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i64>().ok());
        let mention = if let Some(m) = c.name("m1") {
            month_number(m.as_str()).map(|month| (month, num("d1"), num("y1")))
        } else if let Some(m) = c.name("m2") {
            month_number(m.as_str()).map(|month| (month, num("d2"), num("y2")))
        } else if c.name("y3").is_some() {
            num("m3").map(|m| (m as u32, num("d3"), num("y3")))
        } else if let Some(m) = c.name("m4") {
            month_number(m.as_str()).map(|month| (month, None, num("y4")))
        } else if let Some(m) = c.name("m7") {
            let day = c.name("d7").map(|d| {
                if d.as_str() == "1er" {
                    1
                } else {
                    d.as_str().parse().unwrap_or(0)
                }
            });
            french_month(m.as_str()).map(|month| (month, day, num("y7")))
        } else if let Some(a) = c.name("a6") {
            // "dd/mm" without a year: day first, only after a date word, at the
            // start of a line or in parentheses, and not part of "dd/mm/yyyy" or a ratio.
            let lead = text[..a.start()].trim_end();
            let word = lead
                .rsplit(|ch: char| !ch.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_lowercase();
            let at_start = lead.is_empty()
                || lead.ends_with(['(', ':', '-', '.'])
                || lead
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == ')');
            if !c.name("tail").is_some_and(|t| t.as_str().is_empty())
                || lead.ends_with(|ch: char| ch.is_ascii_digit() || ch == '/')
                || !(at_start || DAY_MONTH_LEAD.contains(&word.as_str()))
            {
                None
            } else {
                let (a, b) = (num("a6").unwrap_or(0), num("b6").unwrap_or(0));
                Some((b as u32, Some(a), None))
            }
        } else if c.name("y5").is_some() {
            // Numeric dates are read day first (05/06/2020 = 5 June), as conflict
            // datasets write them, unless the first number cannot be a month... or day.
            let (a, b) = (num("a5").unwrap_or(0), num("b5").unwrap_or(0));
            let (day, month) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
            Some((month as u32, Some(day), num("y5")))
        } else {
            None
        };
        if let Some((month, day, year)) = mention {
            let day = day.map(|d| d as u32);
            if day.is_some_and(|d| !(1..=31).contains(&d)) || !(1..=12).contains(&month) {
                continue;
            }
            // "May 2020" read as month-only must not swallow "May 20"-style days.
            let start = c.name("a6").map_or(whole.start(), |m| m.start());
            out.push(DateMention {
                start,
                end: whole.end(),
                month,
                day,
                year: year.map(|y| y as i32),
            });
        }
    }
    out
}

impl DateMention {
    /// The calendar date, taking a missing year from `default_year`
    /// (shifted back a year when the month lies after `reference`'s month,
    /// as "On December 30" in a January report means last December).
    pub fn resolve(
        &self,
        default_year: Option<i32>,
        reference: Option<NaiveDate>,
    ) -> Option<(NaiveDate, DatePrecision)> {
        let year = match self.year {
            Some(y) => y,
            None => {
                let mut y = default_year.or(reference.map(|r| r.year()))?;
                if let Some(r) = reference
                    && self.year.is_none()
                    && self.month > r.month() + 1
                    && r.year() == y
                {
                    y -= 1;
                }
                y
            }
        };
        match self.day {
            Some(d) => {
                NaiveDate::from_ymd_opt(year, self.month, d).map(|x| (x, DatePrecision::Day))
            }
            None => NaiveDate::from_ymd_opt(year, self.month, 1).map(|x| (x, DatePrecision::Month)),
        }
    }
}

/// A report period such as "(May 21-26, 2020)", "May 28 – June 3, 2020" or
/// "21-26 May 2020": (first day, last day).
pub fn parse_period(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    static RANGE: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(&format!(
            r"(?x)
            (?P<m1>{m})\s+(?P<d1>\d{{1,2}})\s*(?:-|–|—|to)\s*(?:(?P<m2>{m})\s+)?(?P<d2>\d{{1,2}}),?\s*(?P<y>(?:19|20)\d\d)
            | (?P<e1>\d{{1,2}})\s*(?:(?P<n1>{m})\s*)?(?:-|–|—|to)\s*(?P<e2>\d{{1,2}})\s+(?P<n2>{m}),?\s*(?P<z>(?:19|20)\d\d)
            ",
            m = MONTHS
        ))
        .expect("period regex")
    });
    let c = RANGE.captures(text)?;
    let n = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(m1) = c.name("m1") {
        let m1 = month_number(m1.as_str())?;
        let m2 = c
            .name("m2")
            .and_then(|m| month_number(m.as_str()))
            .unwrap_or(m1);
        let y = c.name("y")?.as_str().parse().ok()?;
        // The year written belongs to the end: "December 28 - January 3, 2021".
        let a = NaiveDate::from_ymd_opt(if m2 < m1 { y - 1 } else { y }, m1, n("d1")?)?;
        let b = NaiveDate::from_ymd_opt(y, m2, n("d2")?)?;
        // "May 28-20" is a typo, not a period: no period rather than a reversed one.
        (a <= b).then_some((a, b))
    } else {
        let m2 = month_number(c.name("n2")?.as_str())?;
        let m1 = c
            .name("n1")
            .and_then(|m| month_number(m.as_str()))
            .unwrap_or(m2);
        let y: i32 = c.name("z")?.as_str().parse().ok()?;
        let a = NaiveDate::from_ymd_opt(if m1 > m2 { y - 1 } else { y }, m1, n("e1")?)?;
        let b = NaiveDate::from_ymd_opt(y, m2, n("e2")?)?;
        (a <= b).then_some((a, b))
    }
}

/// Relative day words: offset in days from the date they refer to.
pub fn relative_day(text: &str) -> Option<(usize, i64)> {
    static REL: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(
            r"(?i)\b(?:the\s+(?:day|morning|night|evening)\s+(?P<after>after|before)|the\s+(?:next|following)\s+day|a\s+day\s+(?P<later>later|earlier)|(?:on\s+)?the\s+same\s+day)\b",
        )
        .expect("relative regex")
    });
    let c = REL.captures(text)?;
    let start = c.get(0).expect("match").start();
    let delta = match (c.name("after"), c.name("later")) {
        (Some(m), _) if m.as_str().eq_ignore_ascii_case("before") => -1,
        (Some(_), _) => 1,
        (_, Some(m)) if m.as_str().eq_ignore_ascii_case("earlier") => -1,
        (_, Some(_)) => 1,
        _ if c[0].to_ascii_lowercase().contains("same") => 0,
        _ => 1,
    };
    Some((start, delta))
}

/// A weekday named anywhere ("on Tuesday", "late Thursday", "Friday night",
/// "mardi"): (offset, weekday).
pub fn weekday_mention(text: &str) -> Option<(usize, Weekday)> {
    static WD: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b")
            .expect("weekday regex")
    });
    let c = WD.captures(text)?;
    let wd = match &c[1] {
        "lundi" => Weekday::Mon,
        "mardi" => Weekday::Tue,
        "mercredi" => Weekday::Wed,
        "jeudi" => Weekday::Thu,
        "vendredi" => Weekday::Fri,
        "samedi" => Weekday::Sat,
        "dimanche" => Weekday::Sun,
        w => w.parse().ok()?,
    };
    Some((c.get(0).expect("match").start(), wd))
}

/// "on Tuesday": the latest such weekday on or before `reference`.
pub fn weekday_before(text: &str, reference: NaiveDate) -> Option<(usize, NaiveDate)> {
    let (at, wd) = weekday_mention(text)?;
    let mut d = reference;
    for _ in 0..7 {
        if d.weekday() == wd {
            return Some((at, d));
        }
        d -= Duration::days(1);
    }
    None
}

/// Days named relative to the document's own date: "yesterday", "today",
/// "last night", "this morning", "hier", "aujourd'hui", "ce jour".
/// (offset, days from the document date).
pub fn deictic_day(text: &str) -> Option<(usize, i64)> {
    static DX: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"(?i)\b(?P<y>yesterday|last night|overnight|hier|avant-hier|la nuit dernière)\b|\b(?P<t>today|this (?:morning|afternoon|evening)|tonight|earlier today|aujourd'hui|ce jour|ce matin|cette nuit)\b")
            .expect("deictic regex")
    });
    let c = DX.captures(text)?;
    let at = c.get(0).expect("match").start();
    match (c.name("y"), c.name("t")) {
        (Some(m), _) if m.as_str().eq_ignore_ascii_case("avant-hier") => Some((at, -2)),
        (Some(_), _) => Some((at, -1)),
        _ => Some((at, 0)),
    }
}

/// "last week", "la semaine dernière": the week before the document date.
pub fn last_week(text: &str) -> bool {
    static LW: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(
            r"(?i)\b(?:last week|earlier this week|this week|la semaine dernière|cette semaine)\b",
        )
        .expect("last-week regex")
    });
    LW.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_a_whole_word() {
        // "the 2nd Marine Brigade", "5 Junior officers", "the 3rd Octopus
        // unit" are no dates; "3 Mar. 2021" and "Sept 4" are.
        for text in [
            "soldiers of the 2nd Marine Brigade",
            "5 Junior officers",
            "the 3rd Octopus unit",
        ] {
            assert!(find_dates(text).is_empty(), "{text}");
        }
        let d = find_dates("on 3 Mar. 2021 and on Sept 4");
        let got: Vec<_> = d.iter().map(|m| (m.month, m.day)).collect();
        assert_eq!(got, vec![(3, Some(3)), (9, Some(4))]);
    }

    #[test]
    fn numeric_dates_are_day_first() {
        let d = find_dates("05/06/2020: gunmen; 12/25/2020 x; 31.12.2020");
        let got: Vec<_> = d.iter().map(|m| (m.month, m.day, m.year)).collect();
        assert_eq!(
            got,
            vec![
                (6, Some(5), Some(2020)),
                (12, Some(25), Some(2020)),
                (12, Some(31), Some(2020))
            ]
        );
    }

    #[test]
    fn finds_common_forms() {
        let d = find_dates(
            "On May 21, 2020, x; on 21 May 2020 y; On May 20 z; 2020-05-19; in May 2020",
        );
        let got: Vec<_> = d.iter().map(|m| (m.month, m.day, m.year)).collect();
        assert_eq!(
            got,
            vec![
                (5, Some(21), Some(2020)),
                (5, Some(21), Some(2020)),
                (5, Some(20), None),
                (5, Some(19), Some(2020)),
                (5, None, Some(2020)),
            ]
        );
    }

    #[test]
    fn missing_year_comes_from_context() {
        let m = find_dates("On December 30")[0];
        let jan = NaiveDate::from_ymd_opt(2021, 1, 5);
        assert_eq!(
            m.resolve(Some(2021), jan).unwrap().0.to_string(),
            "2020-12-30"
        );
        let m = find_dates("On May 20")[0];
        assert_eq!(
            m.resolve(Some(2020), None).unwrap().0.to_string(),
            "2020-05-20"
        );
    }

    /// (month, day, year) of every date mention.
    fn got(t: &str) -> Vec<(u32, Option<u32>, Option<i32>)> {
        find_dates(t)
            .iter()
            .map(|m| (m.month, m.day, m.year))
            .collect()
    }

    #[test]
    fn day_month_without_year() {
        assert_eq!(
            got("clashed in the evening of 19/03. Two died"),
            vec![(3, Some(19), None)]
        );
        assert_eq!(
            got("13/09 - gunmen attacked a post"),
            vec![(9, Some(13), None)]
        );
        assert_eq!(got("(Radio report dated 19/01)"), vec![(1, Some(19), None)]);
        assert_eq!(got("on 03/03 militants fired"), vec![(3, Some(3), None)]);
        // Scores and ratios are not dates; full dates stay full.
        assert!(got("the team won 3/4 of its games").is_empty());
        assert_eq!(got("on 05/06/2020"), vec![(6, Some(5), Some(2020))]);
    }

    #[test]
    fn french_dates() {
        assert_eq!(
            got("le 3 mars 2020, des hommes armés"),
            vec![(3, Some(3), Some(2020))]
        );
        assert_eq!(got("dans la nuit du 1er août"), vec![(8, Some(1), None)]);
        let r = NaiveDate::from_ymd_opt(2020, 5, 22).unwrap(); // a Friday
        assert_eq!(
            weekday_before("mardi soir, une attaque", r)
                .unwrap()
                .1
                .to_string(),
            "2020-05-19"
        );
    }

    #[test]
    fn days_relative_to_the_document() {
        assert_eq!(
            deictic_day("Gunmen killed two people yesterday").map(|x| x.1),
            Some(-1)
        );
        assert_eq!(deictic_day("earlier today, a bomb").map(|x| x.1), Some(0));
        assert_eq!(deictic_day("hier, des hommes armés").map(|x| x.1), Some(-1));
        assert!(last_week("Last week, six policemen were injured"));
        let r = NaiveDate::from_ymd_opt(2020, 5, 22).unwrap();
        assert_eq!(
            weekday_before("late Thursday, militants", r)
                .unwrap()
                .1
                .to_string(),
            "2020-05-21"
        );
    }

    #[test]
    fn periods() {
        let (a, b) = parse_period("Spotlight on Global Jihad (May 21-26, 2020)").unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2020-05-21".into(), "2020-05-26".into())
        );
        let (a, b) = parse_period("(May 28 – June 3, 2020)").unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2020-05-28".into(), "2020-06-03".into())
        );
        let (a, b) = parse_period("(December 28 – January 3, 2021)").unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2020-12-28".into(), "2021-01-03".into())
        );
        let (a, b) = parse_period("21-26 May 2020").unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2020-05-21".into(), "2020-05-26".into())
        );
    }

    /// Found by the `dates` fuzz target: a typo'd range gave a period ending
    /// before it began.
    #[test]
    fn a_reversed_range_is_no_period() {
        assert_eq!(parse_period("Weekly digest (May 28-20, 2020)"), None);
        assert_eq!(parse_period("28-20 May 2020"), None);
    }

    #[test]
    fn relative_and_weekday() {
        assert_eq!(
            relative_day("The day after the incident").map(|x| x.1),
            Some(1)
        );
        assert_eq!(relative_day("the day before").map(|x| x.1), Some(-1));
        let r = NaiveDate::from_ymd_opt(2020, 5, 22).unwrap(); // a Friday
        assert_eq!(
            weekday_before("on Tuesday gunmen", r)
                .unwrap()
                .1
                .to_string(),
            "2020-05-19"
        );
    }
}
