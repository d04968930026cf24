//! text -> incidents. Reads a report as a careful analyst would: headings set
//! the country/province context, bullets and paragraphs are split into
//! sentences, a sentence with an event date and an event cue starts an
//! incident, the sentences after it (casualties, follow-ups) belong to it.
//! Never sees coordinates: place names leave this module as written.

pub mod casualties;
pub mod context;
pub mod cueset;
pub mod dates;
pub mod input;
pub mod kinds;
pub mod layout;
pub mod location;
pub mod location_fr;
pub mod mentions;
pub mod place;
pub mod records;
pub mod rx;
pub mod vocab;

use chrono::NaiveDate;

use crate::model::{DatePrecision, Incident, IncidentKind, LocationKind, LocationPhrase};
use context::{Headings, PlaceCountry};
use layout::{Block, STAMP_RE};
use rx::Rx;

/// Options a caller sets for a whole run.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Country (ISO alpha-2) for text without headings (a single wire story).
    pub default_country: Option<String>,
    /// Year for dates written without one, when the report does not state its period.
    pub default_year: Option<i32>,
    /// The document's own date (a record's date column, a page's publication
    /// date): dates "on Tuesday" and gives day/month dates their year.
    pub document_date: Option<NaiveDate>,
    /// The whole text is one record that reports one event (a coded-event
    /// row, a one-line record): no layout, one incident at most.
    pub record: bool,
}

/// A report's incidents plus what went wrong without stopping the run.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub title: Option<String>,
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub incidents: Vec<Incident>,
    pub warnings: Vec<String>,
}

/// Extracts the incidents of one report. `hint` maps a place name to its
/// country (the pipeline passes a gazetteer lookup; `&context::NoHints` works
/// without one).
pub fn extract(
    report: &input::Report,
    opts: &ExtractOptions,
    hint: &dyn PlaceCountry,
) -> Extraction {
    let mut headings = Headings::new(hint);
    let (title, period, blocks) = if opts.record {
        (None, None, vec![layout::record_block(&report.lines)])
    } else {
        let kinds = layout::classify_lines(&report.lines);
        let (title, period) = title_and_period(&report.lines, &kinds);
        let mut path = Vec::new();
        let blocks = layout::blocks(&report.lines, &kinds, |h| {
            // The title is not a section.
            if title.as_deref() != Some(h) {
                path = headings.push(h);
            }
            path.clone()
        });
        (title, period, blocks)
    };
    // A digest (bullets of whole sentences that cite their sources) reports each
    // event with a stamp; its unstamped bullets are analysis. Web link lists
    // and menus do not make a document one.
    let digest = blocks
        .iter()
        .any(|b| b.bullet && b.text.split_whitespace().count() >= 12)
        && blocks.iter().any(|b| STAMP_RE.is_match(&b.text));
    let default_year = period
        .map(|p| p.1.year_ce().1 as i32)
        .or(opts.default_year)
        .or(opts.document_date.map(|d| d.year()));
    let reference = period.map(|p| p.1).or(opts.document_date);
    let stem = report
        .id_prefix
        .clone()
        .unwrap_or_else(|| file_stem(&report.name));
    let mut incidents: Vec<Incident> = Vec::new();
    let mut per_line: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
    // One pass over blocks; "the day after" counts from the pass's last event.
    let read = |blocks: &[Block], reading: Reading| -> Vec<Vec<(Incident, Opening)>> {
        let mut last_date: Option<NaiveDate> = None;
        blocks
            .iter()
            .map(|b| block_incidents(b, reading, default_year, reference, &mut last_date))
            .collect()
    };
    let strict = Reading {
        digest: digest && !opts.record,
        lenient: false,
        force: opts.record,
    };
    let lenient = Reading {
        lenient: true,
        ..strict
    };
    let mut per_block = read(&blocks, strict);
    // Prose that reports one event in the words of background or analysis
    // ("Last week, six policemen were injured ...") is still that event.
    if !strict.digest && per_block.iter().all(Vec::is_empty) {
        per_block = read(&blocks, lenient);
    }
    // Last resort for a short text whose lines were all read as headings or
    // captions (a headline and a wrapped lede): the whole text as one block.
    let whole;
    let blocks = if !strict.digest && !opts.record && per_block.iter().all(Vec::is_empty) {
        whole = vec![layout::record_block(&report.lines)];
        per_block = read(&whole, lenient);
        &whole
    } else {
        &blocks
    };
    let prose = !digest && !opts.record;
    // Paragraphs without an incident of their own read into the one before.
    let mut follow_ups = 0;
    for (block, mut found) in blocks.iter().zip(per_block) {
        if opts.record {
            found.truncate(1);
        }
        if found.is_empty() {
            // "... in Borno state." / "The attack took place along the X-Y
            // road ...": running prose after a story's lede says where.
            if prose
                && follow_ups < MAX_FOLLOW_UP_BLOCKS
                && !block.bullet
                && !starts_with_dateline(&block.text)
                && let Some(prev) = incidents.last_mut()
                && prev.context == block.heading_path.join(" > ")
            {
                follow_ups += 1;
                add_later_readings(prev, block);
            }
            continue;
        }
        follow_ups = 0;
        let mut kept: Vec<Incident> = Vec::with_capacity(found.len());
        for (inc, open) in found {
            // A story tells one event over several paragraphs: an undated
            // paragraph that does not open a new incident adds to the one before it.
            match incidents.last_mut() {
                Some(prev) if prose && kept.is_empty() && continues(prev, &inc, open, block) => {
                    merge_follow_up(prev, inc)
                }
                _ => kept.push(inc),
            }
        }
        for mut inc in kept {
            // A record reports one event: all of its text is that event's,
            // a caption before the event's sentence included ("X village.
            // Four killed in ...": the coded place, then the headline).
            if opts.record && inc.text.len() < block.text.trim().len() {
                inc.text = block.text.trim().to_owned();
            }
            inc.source_file = report.name.clone();
            inc.report_title = title.clone();
            inc.report_period = period.map(|(a, b)| format!("{a}/{b}"));
            inc.context = block.heading_path.join(" > ");
            let ctx = headings.context_of(&block.heading_path);
            // A country the location phrase names ("in Burkina Faso's Yagha province")
            // outranks the section's.
            inc.country = text_country(inc.location.as_ref())
                .or_else(|| ctx.country.clone())
                .or_else(|| opts.default_country.clone());
            // A place the gazetteer knows in the incident's country, named
            // without a location phrase ("Gunmen attacked X on 10/03").
            // Every such name joins the readings (the resolver prefers one inside
            // the chosen place: "Bengala II in Macomia" is at the village).
            let mut found = mentions::mentions(&inc.text, inc.country.as_deref(), hint);
            // Only a bare country ("... refugees in China") moved the incident
            // out of the section's or record's country: its places count too.
            let known = ctx.country.clone().or_else(|| opts.default_country.clone());
            if places_country(inc.location.as_ref()).is_none()
                && let Some(cc) = known
                    .as_deref()
                    .filter(|cc| Some(*cc) != inc.country.as_deref())
            {
                for m in mentions::mentions(&inc.text, Some(cc), hint) {
                    if !found.iter().any(|f| f.name == m.name) {
                        found.push(m);
                    }
                }
            }
            let new: Vec<mentions::Mention> = found
                .into_iter()
                .filter(|m| !phrase_names(inc.location.as_ref(), &m.name))
                .take(MAX_MENTIONS)
                .collect();
            for m in new {
                let countryside = inc
                    .text
                    .find(m.name.as_str())
                    .is_some_and(|at| mentions::names_countryside(&inc.text[at + m.name.len()..]));
                let mut ph = if countryside {
                    LocationPhrase::new(
                        m.name.clone(),
                        LocationKind::Region,
                        vec![format!("{} countryside", m.name)],
                    )
                } else {
                    LocationPhrase::new(m.name.clone(), LocationKind::InPlace, vec![m.name.clone()])
                };
                ph.qualifiers.push("mention".into());
                if let Some(v) = inc
                    .text
                    .find(ph.text.as_str())
                    .and_then(|at| mentions::names_a_village(&inc.text[at + ph.text.len()..]))
                {
                    ph.qualifiers.push(v.into());
                }
                // "Gunmen attacked X (District, Province)", "X village (District,
                // Province)": the areas it lies in.
                // "X and Y areas of Z": the place they lie in.
                ph.context = inc.text.find(ph.text.as_str()).and_then(|at| {
                    let after = &inc.text[at + ph.text.len()..];
                    let level = mentions::after_level_word(after);
                    location::areas_in_parentheses(level.unwrap_or(after))
                        .or_else(|| mentions::area_of(after))
                });
                inc.location = Some(with_mention(inc.location.take(), ph, &m, &inc.text));
            }
            // "Shan State ... refugees in China": once a place leads, a bare
            // country among the later readings is not the incident's country
            // when the section or the record gives one.
            if let Some(cc) = known
                && inc.location.as_ref().is_some_and(|l| !is_bare_country(l))
            {
                inc.country = places_country(inc.location.as_ref()).or(Some(cc));
            }
            if let Some(loc) = inc.location.take() {
                inc.location = Some(with_name_before_in(loc, &inc.text));
            }
            // "(District, Province)" anywhere in the text: the areas the
            // readings lie in, unless a reading names its own.
            if let Some(loc) = inc.location.as_mut()
                && let Some(tag) = mentions::admin_tag(&inc.text, inc.country.as_deref(), hint)
            {
                tag_readings(loc, &tag);
            }
            if inc.location.is_none()
                && let Some(place) = ctx.place.clone()
            {
                let mut ph = LocationPhrase::new(
                    block.heading_path.last().cloned().unwrap_or_default(),
                    LocationKind::Section,
                    vec![place],
                );
                ph.qualifiers.push("section".into());
                inc.location = Some(ph);
            }
            // Incidents so far on this line: a counter per line, not a scan.
            let seen = per_line.entry(inc.source_line).or_insert(0usize);
            let n = *seen;
            *seen += 1;
            inc.id = if n == 0 {
                format!("{stem}-L{}", inc.source_line)
            } else {
                format!("{stem}-L{}-{}", inc.source_line, n + 1)
            };
            incidents.push(inc);
        }
    }
    let mut warnings = Vec::new();
    if incidents.is_empty() {
        warnings.push(format!("{}: no incidents found", report.name));
    }
    Extraction {
        title,
        period,
        incidents,
        warnings,
    }
}

use chrono::Datelike;

/// Extracts the one incident a record reports (a coded-event row): its text
/// is read as prose with the row's country as context and the row's date as
/// the document date. `Err` says why the row gives none.
pub fn extract_record(
    rec: &records::Record,
    source: &str,
    id_prefix: Option<&str>,
    opts: &ExtractOptions,
    hint: &dyn PlaceCountry,
) -> Result<Incident, String> {
    let report = input::Report {
        name: source.to_owned(),
        lines: vec![rec.text.clone()],
        id_prefix: None,
        warnings: Vec::new(),
    };
    let ro = ExtractOptions {
        default_country: rec.country.clone().or_else(|| opts.default_country.clone()),
        default_year: rec.date.map(|d| d.year()).or(opts.default_year),
        document_date: rec.date.or(opts.document_date),
        record: true,
    };
    let mut inc = extract(&report, &ro, hint)
        .incidents
        .into_iter()
        .next()
        .ok_or_else(|| "no event in the text (no cue of the event lexicon)".to_owned())?;
    let stem = id_prefix.map_or_else(|| file_stem(source), str::to_owned);
    inc.id = rec
        .id
        .clone()
        .unwrap_or_else(|| format!("{stem}-L{}", rec.line));
    inc.source_line = rec.line;
    if inc.date.is_none() && rec.date.is_some() {
        inc.date = rec.date;
        inc.date_precision = Some(DatePrecision::Day);
    }
    inc.coded = rec.coded;
    Ok(inc)
}

fn file_stem(name: &str) -> String {
    if name == "-" {
        return "stdin".into();
    }
    std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("report")
        .to_owned()
}

fn title_and_period(
    lines: &[String],
    kinds: &[layout::LineKind],
) -> (Option<String>, Option<(NaiveDate, NaiveDate)>) {
    let mut title = None;
    let mut period = None;
    for (l, k) in lines.iter().zip(kinds).take(12) {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        if title.is_none() && matches!(k, layout::LineKind::Heading) {
            title = Some(t.to_owned());
        }
        if period.is_none() {
            period = dates::parse_period(t);
        }
        if title.is_some() && period.is_some() {
            break;
        }
    }
    (title, period)
}

/// Qualifier of a location read from a sentence other than the event's.
const ASIDE: &str = "aside";

/// Words saying where the event itself happened: the event as subject
/// ("the attack, which took place at", "the explosion occurred"), not any
/// happening ("the burial took place in").
static PLACES_THE_EVENT: std::sync::LazyLock<Rx> = std::sync::LazyLock::new(|| {
    Rx::new(r"(?i)\b(?:the|this|that)\s+(?:\w+\s+){0,2}?(?:attacks?|ambush|explosion|blast|bombing|incident|clash(?:es)?|fighting|raid|assault|shooting|killings?|abduction|kidnapping|strike|violence)(?:,\s*which)?\s+(?:\w+\s+){0,2}?(?:took\s+place|happened|occurred|unfolded)\b|\b(?:l['’]attaque|l['’]embuscade|l['’]explosion|l['’]incident|les\s+affrontements)\s+(?:s['’]est\s+produite?|a\s+eu\s+lieu|ont\s+eu\s+lieu)")
        .expect("places-the-event regex")
});

/// Words one of which `PLACES_THE_EVENT` needs (a cheap test first).
const PLACES_THE_EVENT_WORDS: &[&str] = &[
    "place", "happened", "occurred", "unfolded", "lieu", "produit",
];

/// Words that tell of another event ("A similar attack took place in Y").
static ANOTHER_EVENT: std::sync::LazyLock<Rx> = std::sync::LazyLock::new(|| {
    Rx::new(r"(?i)\b(?:similar|second|separate|further|related|another|other|earlier|previous)\s+(?:\w+\s+)?(?:attacks?|incidents?|raids?|explosions?|blasts?|clash(?:es)?|ambush(?:es)?|bombings?|events?|violence|fighting|shootings?|killings?|unrest)\b|\balso\s+(?:took\s+place|happened|occurred)")
        .expect("another-event regex")
});

/// How much more a reading of a sentence saying where the event happened
/// counts than the lede's reading of the same specificity.
const PLACING_BONUS: f32 = 0.5;

/// How much less a reading of another sentence of the incident counts than
/// the event sentence's reading of the same specificity.
const OTHER_SENTENCE_PENALTY: f32 = 0.5;

/// Gazetteer mentions added to an incident's readings, at most.
const MAX_MENTIONS: usize = 4;

/// Where a mention goes in the reading. It is the reading (the old one its
/// fallback) when the text has no other, or only a country ("X town. ... in
/// Bangladesh"), or only a region while a level word marks the mention ("X
/// District. ... in Kachin"), or a phrase that glosses it ("X in Aleppo", "X,
/// south of Y"); else it is the last fallback.
fn with_mention(
    loc: Option<LocationPhrase>,
    mut mention: LocationPhrase,
    found: &mentions::Mention,
    text: &str,
) -> LocationPhrase {
    let marked = found.marked;
    let Some(mut loc) = loc else {
        return mention;
    };
    let name = &mention.anchors[0];
    // "Kautikari, 15 km E of Chibok", "X (Y province)", "Menbij in Aleppo":
    // the phrase right after the name glosses it.
    // "X village in Y district": a level word may come between.
    let glossed = text.match_indices(name.as_str()).any(|(at, _)| {
        let after = &text[at + name.len()..];
        let after = mentions::after_level_word(after).unwrap_or(after);
        let after = mentions::after_facility(after);
        // "X and its vicinity in Y": the land around X is still X.
        let after = mentions::after_vicinity(after);
        [" ", ", ", " ("].iter().any(|sep| {
            after
                .strip_prefix(sep)
                .is_some_and(|a| a.starts_with(loc.text.as_str()))
        })
    });
    // Only a country, or only where someone came from ("a militia from Y
    // attacked X"): the name leads.
    let country_level = loc.kind == LocationKind::Section
        || (loc.kind == LocationKind::Region
            && loc
                .anchors
                .iter()
                .all(|a| vocab::country_by_name(a).is_some()))
        || (loc.text.starts_with("from ") && loc.has_qualifier(location::AFTERMATH));
    // "Bhamo District. ... in Kachin": a name the grammar marks beats a region;
    // a name the text gives before a phrase of another sentence beats it.
    let aside = loc.qualifiers.iter().any(|q| q == ASIDE)
        && text
            .find(name.as_str())
            .zip(text.find(loc.text.as_str()))
            .is_some_and(|(m, l)| m < l);
    let marked_beats = (marked && specificity(Some(&loc)) <= 2) || aside;
    // Another spelling of a place leads only inside the phrase that bounds
    // it ("X in Y", Y an area it lies in); else it is the last fallback
    // (with no other reading at all it is the reading, above).
    let leads = if found.variant {
        glossed
    } else {
        glossed || country_level || marked_beats
    };
    if leads {
        // The place or areas the phrase names enclose the name ("Madachi in
        // Gwoza": Madachi only if it lies there; else Gwoza, the fallback).
        if mention.context.is_none() && !country_level && glossed {
            mention.context = loc.context.clone().or_else(|| {
                matches!(
                    loc.kind,
                    LocationKind::Region | LocationKind::InPlace | LocationKind::Near
                )
                .then(|| loc.anchors.join(", "))
            });
        }
        mention.fallback = Some(Box::new(loc));
        return mention;
    }
    append_fallback(&mut loc, mention);
    loc
}

/// "shelled Ftireh in Idleb", "Ftireh in the southern countryside of Idleb":
/// a capitalised name right before the lead "in" reading is a place the
/// grammar marks ("X in Y", Y the area it lies in),
/// though the lexicon may hold it only in another spelling. It leads, marked
/// `unmarked` (the resolver takes it only inside Y), with Y as its fallback.
fn with_name_before_in(loc: LocationPhrase, text: &str) -> LocationPhrase {
    // "in the southern countryside of Idleb": the province.
    let countryside = loc.kind == LocationKind::Near && loc.text.contains("countryside");
    let area = loc.text.strip_prefix("in ").filter(|_| {
        (matches!(loc.kind, LocationKind::InPlace | LocationKind::Region) || countryside)
            && loc.context.is_none()
            && !loc.has_qualifier("mention")
    });
    let Some(area) = area else {
        return loc;
    };
    let area = match loc.anchors.first() {
        Some(a) if countryside => a.clone(),
        _ => area.strip_prefix("the ").unwrap_or(area).to_owned(),
    };
    let Some(at) = text.find(loc.text.as_str()).and_then(|i| i.checked_sub(1)) else {
        return loc;
    };
    if !text[at..].starts_with(' ') {
        return loc;
    }
    let Some(start) = mentions::name_before(text, at) else {
        return loc;
    };
    let name = &text[start..at];
    if phrase_names(Some(&loc), name) {
        return loc;
    }
    let mut lead = LocationPhrase::new(
        format!("{name} {}", loc.text),
        LocationKind::InPlace,
        vec![name.to_owned()],
    );
    lead.qualifiers.push(UNMARKED.into());
    lead.context = Some(area);
    lead.fallback = Some(Box::new(loc));
    lead
}

/// A reading the grammar alone marks as a place: resolved only inside the
/// area the text puts it in.
pub const UNMARKED: &str = "unmarked";

/// Gives every reading without an enclosing area the areas of a tag: those
/// after its own name when the reading is one of the tag's ("At Taiziyah" of
/// "(At Taiziyah, Taizz)" lies in Taizz), else all of them. Not a country
/// reading, nor the section's.
fn tag_readings(loc: &mut LocationPhrase, tag: &[String]) {
    let same = |a: &str, t: &str| {
        let t = t.rsplit_once(' ').map_or(t, |(b, w)| {
            if vocab::AREA_WORDS.contains(&w.to_lowercase().as_str()) || w == "LGA" {
                b
            } else {
                t
            }
        });
        a.eq_ignore_ascii_case(t)
    };
    let mut cur = Some(loc);
    while let Some(l) = cur {
        let country = l
            .anchors
            .iter()
            .all(|a| vocab::country_by_name(a).is_some());
        if l.context.is_none() && l.kind != LocationKind::Section && !country {
            let own = l
                .anchors
                .first()
                .and_then(|a| tag.iter().position(|t| same(a, t)));
            let rest = match own {
                Some(i) => &tag[i + 1..],
                None => tag,
            };
            if !rest.is_empty() {
                l.context = Some(rest.join(", "));
            }
        }
        cur = l.fallback.as_deref_mut();
    }
}

/// Paragraphs without an incident that may say where the one before happened.
const MAX_FOLLOW_UP_BLOCKS: usize = 2;

/// The location readings of a follow-up paragraph join the incident before
/// it as `LATER` readings (its text joins the incident's text); an incident
/// with no reading of its own takes the best of them.
fn add_later_readings(prev: &mut Incident, block: &Block) {
    let mut cands: Vec<location::Candidate> = Vec::new();
    for (a, b) in layout::sentences(&block.text) {
        let s = analyse_sentence(&block.text[a..b], a);
        if s.background {
            continue;
        }
        cands.extend(
            location::find_candidates(&s.clean)
                .into_iter()
                .filter(|c| c.score >= location::rank::REGION && !is_aftermath_reading(&c.phrase)),
        );
    }
    if cands.is_empty() {
        return;
    }
    prev.text.push(' ');
    prev.text.push_str(block.text.trim());
    let Some(loc) = prev.location.as_mut() else {
        prev.location = location::choose(&cands).map(|mut b| {
            b.qualifiers.push(LATER.into());
            b
        });
        prev.country = text_country(prev.location.as_ref()).or(prev.country.take());
        return;
    };
    cands.sort_by(|a, c| c.score.total_cmp(&a.score));
    for c in cands.into_iter().take(MAX_LATER) {
        add_later(loc, c.phrase);
    }
}

fn is_aftermath_reading(p: &LocationPhrase) -> bool {
    p.qualifiers.iter().any(|q| q == location::AFTERMATH)
}

/// Adds a later sentence's reading to the chain, marked `LATER` (a reading
/// already in the chain, other than the first, gets the mark). An aftermath
/// reading ("taken to a hospital in X") is never a later reading.
fn add_later(loc: &mut LocationPhrase, mut x: LocationPhrase) {
    if is_aftermath_reading(&x) {
        return;
    }
    let mut cur = loc.fallback.as_deref_mut();
    while let Some(l) = cur {
        if l.text == x.text {
            if !l.qualifiers.iter().any(|q| q == LATER) {
                l.qualifiers.push(LATER.into());
            }
            return;
        }
        cur = l.fallback.as_deref_mut();
    }
    if loc.text == x.text {
        // "... overran X. ... X lies some N km west of Y": what a later
        // paragraph says of the chosen place is read right after it.
        if let Some(mut g) = x
            .fallback
            .take()
            .filter(|g| g.qualifiers.iter().any(|q| q == "gloss"))
            && loc.fallback.as_deref().is_none_or(|f| f.text != g.text)
        {
            g.fallback = loc.fallback.take();
            loc.fallback = Some(g);
        }
        return;
    }
    // A reading keeps its gloss ("X is a town 70 km south of Y"), nothing more.
    x.fallback = x
        .fallback
        .take()
        .filter(|g| g.qualifiers.iter().any(|q| q == "gloss"))
        .map(|mut g| {
            g.fallback = None;
            g
        });
    x.qualifiers.push(LATER.into());
    append_fallback(loc, x);
}

/// Qualifier of a reading read from a sentence after the event's.
pub const LATER: &str = "later";

/// Readings of the story's later sentences added to an incident's chain, at most.
const MAX_LATER: usize = 3;

/// True when the phrase (or one of its fallbacks) already names `name`.
fn phrase_names(loc: Option<&LocationPhrase>, name: &str) -> bool {
    let fold = |s: &str| deunicode::deunicode(s).to_lowercase();
    let key = fold(name);
    let mut cur = loc;
    while let Some(l) = cur {
        if l.anchors
            .iter()
            .chain(l.context.iter())
            .any(|a| fold(a).contains(&key))
        {
            return true;
        }
        cur = l.fallback.as_deref();
    }
    false
}

/// Appends `last` at the end of the phrase's fallback chain.
fn append_fallback(loc: &mut LocationPhrase, last: LocationPhrase) {
    match loc.fallback.as_mut() {
        Some(f) => append_fallback(f, last),
        None => loc.fallback = Some(Box::new(last)),
    }
}

/// Country named by the location phrase itself ("in northeastern Congo").
fn text_country(loc: Option<&LocationPhrase>) -> Option<String> {
    country_named(loc, true)
}

/// Country named by the readings other than bare countries ("X in
/// Burkina Faso's Yagha province", not "in China").
fn places_country(loc: Option<&LocationPhrase>) -> Option<String> {
    country_named(loc, false)
}

/// A reading that is only a country ("in China", "northeastern Congo").
fn is_bare_country(l: &LocationPhrase) -> bool {
    !l.anchors.is_empty()
        && l.anchors
            .iter()
            .all(|a| vocab::country_by_name(a).is_some())
}

fn country_named(loc: Option<&LocationPhrase>, bare: bool) -> Option<String> {
    let mut cur = loc;
    while let Some(l) = cur {
        if !bare && is_bare_country(l) {
            cur = l.fallback.as_deref();
            continue;
        }
        // A border phrase names the neighbour ("near the border with Chad"),
        // an origin where someone came from ("deported from Turkey", "men
        // who hail from Ogaden"), not the country.
        if l.kind == LocationKind::Border || l.text.starts_with("from ") {
            cur = l.fallback.as_deref();
            continue;
        }
        let found = l.anchors.iter().chain(l.context.iter()).find_map(|a| {
            vocab::country_by_name(a).or_else(|| vocab::named_region(a).and_then(|r| r.1))
        });
        if let Some(cc) = found {
            return Some(cc.to_owned());
        }
        cur = l.fallback.as_deref();
    }
    None
}

/// Per-sentence facts used to find incident boundaries.
struct Sentence<'a> {
    raw: &'a str,
    /// Text with source stamps and footnote markers removed.
    clean: String,
    start: usize,
    stamps: Vec<String>,
    explicit_date: Option<dates::DateMention>,
    cue: Option<IncidentKind>,
    /// The cue is one of the main table (not a weak one such as "fighting").
    strong: bool,
    /// "Last year, ...": background, not the event.
    background: bool,
    aggregate: bool,
}

fn analyse_sentence(raw: &str, start: usize) -> Sentence<'_> {
    let mut stamps = Vec::new();
    let mut clean = String::with_capacity(raw.len());
    let mut last = 0;
    for m in STAMP_RE.find_iter(raw) {
        clean.push_str(raw[last..m.start()].trim_end());
        last = m.end();
        let inner = &raw[m.start() + 1..m.end() - 1];
        stamps.push(inner.trim().to_owned());
    }
    clean.push_str(&raw[last..]);
    let clean = strip_footnote_marks(&clean);
    let explicit_date = event_date(&clean);
    let aggregate = kinds::is_aggregate(&clean);
    let background = is_background(&clean);
    let main_cue = if aggregate {
        None
    } else {
        kinds::classify_strong(&clean)
    };
    let strong = main_cue.is_some();
    let cue = if aggregate {
        None
    } else {
        main_cue.or_else(|| kinds::classify_weak(&clean))
    };
    Sentence {
        raw,
        clean,
        start,
        stamps,
        explicit_date,
        cue,
        strong,
        background,
        aggregate,
    }
}

fn strip_footnote_marks(s: &str) -> String {
    static FN: std::sync::LazyLock<Rx> =
        std::sync::LazyLock::new(|| Rx::new(r"\[\d{1,3}\]").expect("footnote mark regex"));
    FN.replace_all(s, "").into_owned()
}

/// The event date of a sentence: the first day date anywhere in it ("On May
/// 21", "... in the morning of 01/03", "as reported on 3 June", "around 5
/// May") that does not open or close a span ("since", "until", "between").
fn event_date(s: &str) -> Option<dates::DateMention> {
    static DATELINE: std::sync::LazyLock<Rx> = std::sync::LazyLock::new(|| {
        Rx::new(r"^\p{Lu}[\p{Lu}\s'.-]+(?:,\s*[\p{L}\s.'-]+)?,$").expect("dateline regex")
    });
    let analysis = kinds::is_analysis(s);
    dates::find_dates(s).into_iter().find(|d| {
        if d.day.is_none() {
            return false;
        }
        let raw_before = s[..d.start].trim();
        // The story's dateline ("BAGHDAD, May 21, 2020 (Reuters) -") dates the
        // report, not the event.
        if DATELINE.is_match(raw_before) {
            return false;
        }
        let before = raw_before.to_lowercase();
        // In analysis ("several attacks: ... (March 25)") only a date that
        // opens the sentence or follows "on" is an event's.
        let introduced =
            before.is_empty() || before.ends_with(" on") || before == "on" || before.ends_with(':');
        if analysis && !introduced {
            return false;
        }
        let blocked = [
            "began on",
            "ended on",
            "since",
            "signed on",
            "until",
            "till",
            "between",
            "from",
            "through",
            "depuis",
            "jusqu'au",
            "entre",
        ]
        .iter()
        .any(|w| before.ends_with(w));
        !blocked
    })
}

/// Background, not the event: "Last year, ...", "In 2019, ...", "Earlier this
/// month, ...", "Previously, ...". Such sentences never open an incident.
fn is_background(sentence: &str) -> bool {
    static BG: std::sync::LazyLock<Rx> = std::sync::LazyLock::new(|| {
        Rx::new(r"(?i)^\s*(?:last (?:year|month|week)|in (?:19|20)\d\d\b|in (?:early|late|mid-?)\s*(?:19|20)\d\d|earlier this (?:year|month)|previously|in the past|since (?:19|20)\d\d|in recent (?:years|months|weeks)|over the (?:past|last)|this is not the first|it was the (?:second|third|latest)|l'an dernier|l'année dernière|en (?:19|20)\d\d\b|depuis (?:19|20)\d\d)")
            .expect("background regex")
    });
    BG.is_match(sentence)
}

/// How a pass reads blocks.
#[derive(Debug, Clone, Copy)]
struct Reading {
    /// The document is a digest: undated bullets need a stamp, dated ones a main cue.
    digest: bool,
    /// Background and analysis sentences count as events (a text that has no other).
    lenient: bool,
    /// A record: it gives an incident even without an event cue (kind `other`).
    force: bool,
}

/// How an incident opened: with its own date, or as "In a separate attack".
#[derive(Debug, Clone, Copy)]
struct Opening {
    dated: bool,
    separate: bool,
    /// The paragraph opens a story of its own: a dateline or a source stamp.
    own_story: bool,
    /// The paragraph's first sentence tells an event (a main-table cue).
    leads_with_event: bool,
}

fn block_incidents(
    block: &Block,
    reading: Reading,
    default_year: Option<i32>,
    reference: Option<NaiveDate>,
    last_date: &mut Option<NaiveDate>,
) -> Vec<(Incident, Opening)> {
    let digest = reading.digest;
    let mut sents: Vec<Sentence> = layout::sentences(&block.text)
        .into_iter()
        .map(|(a, b)| analyse_sentence(&block.text[a..b], a))
        .collect();
    if sents.is_empty() {
        return Vec::new();
    }
    if !reading.lenient {
        for s in sents.iter_mut().filter(|s| s.background) {
            s.cue = None;
            s.strong = false;
        }
    }
    // Sentences that open an incident: an explicit day date and an event cue.
    let mut starts: Vec<usize> = Vec::new();
    for (i, s) in sents.iter().enumerate() {
        if s.explicit_date.is_some() && s.cue.is_some() && (s.strong || !digest) {
            let same_date = starts.last().is_some_and(|&j| {
                sents[j].explicit_date.map(|d| (d.month, d.day))
                    == s.explicit_date.map(|d| (d.month, d.day))
            });
            if starts.is_empty() || !same_date {
                starts.push(i);
            }
        } else if !starts.is_empty()
            && s.cue.is_some()
            && !s.aggregate
            && opens_separate_incident(&s.clean)
        {
            // "In a separate attack, gunmen killed ..." after a dated event.
            starts.push(i);
        }
    }
    if starts.is_empty()
        && sents
            .iter()
            .any(|s| s.cue.is_some() && (s.strong || !digest))
        && let Some(dated) = sents.iter().position(|s| s.explicit_date.is_some())
    {
        // A dated sentence whose event cue comes later ("On May 20, ISIS
        // operatives broke into a home ... The two were executed").
        starts.push(dated);
    }
    if starts.is_empty() {
        // No dated event: an incident needs an event, not a date; undated
        // events are incidents with no date. What tells a report of an event
        // from analysis: in a digest, a source stamp or a relative date, plus
        // casualty numbers; elsewhere, anything concrete (numbers, a stamp, a
        // relative date) or a sentence not written as analysis.
        let Some(first_cue) = sents.iter().position(|s| s.cue.is_some()) else {
            if reading.force {
                return vec![(
                    build_incident(block, &sents, &sents[0], default_year, reference, last_date),
                    Opening {
                        dated: sents[0].explicit_date.is_some(),
                        separate: false,
                        own_story: true,
                        leads_with_event: false,
                    },
                )];
            }
            return Vec::new();
        };
        let has_stamp = sents.iter().any(|s| !s.stamps.is_empty());
        let clean: Vec<&str> = sents.iter().map(|s| s.clean.as_str()).collect();
        let cas = casualties::casualties(&clean);
        let has_numbers = cas.killed.is_some() || cas.wounded.is_some();
        let relative = sents.iter().any(|s| {
            dates::relative_day(&s.clean).is_some() || dates::weekday_mention(&s.clean).is_some()
        });
        let concrete = has_stamp || has_numbers || relative;
        let keep = if reading.force {
            true
        } else if digest {
            relative || (has_stamp && has_numbers)
        } else {
            concrete || reading.lenient || !kinds::is_analysis(&sents[first_cue].clean)
        };
        if !keep {
            return Vec::new();
        }
        starts.push(first_cue);
    }
    let mut out = Vec::new();
    for (n, &s0) in starts.iter().enumerate() {
        let from = if n == 0 { 0 } else { s0 };
        let to = starts.get(n + 1).copied().unwrap_or(sents.len());
        let group = &sents[from..to];
        let trigger = &sents[s0];
        let opening = Opening {
            dated: trigger.explicit_date.is_some(),
            separate: opens_separate_incident(&trigger.clean),
            own_story: starts_with_dateline(&block.text)
                || group.iter().any(|s| !s.stamps.is_empty()),
            leads_with_event: s0 == 0 && trigger.strong && trigger.cue.is_some(),
        };
        out.push((
            build_incident(block, group, trigger, default_year, reference, last_date),
            opening,
        ));
    }
    out
}

/// How specific a location reading is (the order of README "How extraction
/// reads a report": offset, named place, direction/between/road, region/border).
fn specificity(ph: Option<&LocationPhrase>) -> u8 {
    // "in eastern Zorbakistan": a country or its part says no more than a
    // section heading does.
    let country_wide = ph.is_some_and(|p| {
        p.kind == LocationKind::Region
            && !p.anchors.is_empty()
            && p.anchors
                .iter()
                .all(|a| vocab::country_by_name(a).is_some())
    });
    if country_wide {
        return 1;
    }
    match ph.map(|p| p.kind) {
        None => 0,
        Some(LocationKind::Section) => 1,
        Some(LocationKind::Region | LocationKind::Border) => 2,
        Some(LocationKind::Direction | LocationKind::Between | LocationKind::Road) => 4,
        Some(LocationKind::Near | LocationKind::InPlace) => 5,
        Some(LocationKind::Offset) => 6,
    }
}

/// True when a paragraph's incident continues `prev` (running prose): not a
/// bullet, no date, dateline or source stamp of its own, not opened as "In a
/// separate attack", not an event of its own at a place the story has not
/// named, the same section, and no contradicting counts.
fn continues(prev: &Incident, inc: &Incident, open: Opening, block: &Block) -> bool {
    let contradicts = |a: Option<u32>, b: Option<u32>| a.zip(b).is_some_and(|(x, y)| x != y);
    let another_event = open.leads_with_event && !refers_back(&block.text) && elsewhere(prev, inc);
    !block.bullet
        && !open.dated
        && !open.separate
        && !open.own_story
        && !another_event
        && prev.context == block.heading_path.join(" > ")
        && ((!contradicts(prev.killed, inc.killed) && !contradicts(prev.wounded, inc.wounded))
            || refers_back(&block.text))
}

/// True when `inc` happened at a place of its own: the story before it
/// (`prev`) already placed its event at a named place, and `inc` names
/// another (or an offset from one) that the story never named. Events at
/// different places are different events, as coders count them ("Gunmen
/// killed two in Zorbak." then "An IED wounded a soldier near Malduk."); a
/// lede that only gave the country or province is told more precisely
/// later, not followed by a second event, and a paragraph that names the
/// story's place too ("Y, east of X") tells the same story.
fn elsewhere(prev: &Incident, inc: &Incident) -> bool {
    let Some(loc) = inc.location.as_ref() else {
        return false;
    };
    let told = prev.text.to_lowercase();
    let here = inc.text.to_lowercase();
    // "... on the outskirts of Y town in the east of X": placed by the
    // story's own place, the same story.
    let placed_by_story = prev
        .location
        .iter()
        .flat_map(|l| &l.anchors)
        .any(|a| a.chars().count() >= 3 && contains_word(&here, &a.to_lowercase()));
    specificity(prev.location.as_ref()) >= 5
        && specificity(Some(loc)) >= 5
        && !placed_by_story
        && !loc.anchors.is_empty()
        && loc.anchors.iter().all(|a| {
            vocab::country_by_name(a).is_none() && !contains_word(&told, &a.to_lowercase())
        })
}

/// Whether `needle` occurs in `hay` as whole words ("Bor" not in "Borno").
fn contains_word(hay: &str, needle: &str) -> bool {
    !needle.is_empty()
        && hay.match_indices(needle).any(|(i, m)| {
            let before = hay[..i].chars().next_back();
            let after = hay[i + m.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// A paragraph that opens by pointing back at the event told before ("The
/// attacker also killed ...", "The blast damaged ..."): more of the same
/// story, whatever counts it gives.
fn refers_back(paragraph: &str) -> bool {
    static BACK: std::sync::LazyLock<Rx> = std::sync::LazyLock::new(|| {
        Rx::new(
            r"(?i)^\W*(?:the|this)\s+(?:(?:suicide|car|roadside)\s+)?(?:attack|attacks|attacker|attackers|assailant|assailants|bomber|bombers|blast|blasts|explosion|bombing|incident|ambush|raid|strike|assault)\b",
        )
        .expect("refers-back regex")
    });
    let first = layout::sentences(paragraph)
        .first()
        .map_or(paragraph, |&(a, b)| &paragraph[a..b]);
    BACK.is_match(first)
}

/// Adds a follow-up paragraph to the incident it continues: text, missing
/// date, kind and counts, and its location when that is more specific.
fn merge_follow_up(prev: &mut Incident, next: Incident) {
    prev.text.push(' ');
    prev.text.push_str(&next.text);
    if prev.date.is_none() {
        prev.date = next.date;
        prev.date_precision = next.date_precision;
    }
    if prev.kind == IncidentKind::Other {
        prev.kind = next.kind;
    }
    prev.killed = prev.killed.or(next.killed);
    prev.wounded = prev.wounded.or(next.wounded);
    if prev.casualties_text.is_none() {
        prev.casualties_text = next.casualties_text;
    }
    prev.actor = prev.actor.take().or(next.actor);
    prev.target = prev.target.take().or(next.target);
    if specificity(prev.location.as_ref()) <= 1 {
        if next.location.is_some() {
            prev.location = next.location;
        }
    } else if specificity(next.location.as_ref()) > specificity(prev.location.as_ref())
        && next
            .location
            .as_ref()
            .is_some_and(|l| !is_aftermath_reading(l))
        && let Some(mut next_loc) = next.location
    {
        // More specific, and read inside the lede's place: "in X state" then
        // "on the A-B road" is on that road in X; "the wounded were flown
        // to Y" elsewhere is no place of X's, and X stays.
        let lede = prev.location.take().expect("specificity > 1");
        if next_loc.context.is_none()
            && matches!(
                lede.kind,
                LocationKind::Region | LocationKind::InPlace | LocationKind::Near
            )
        {
            next_loc.context = lede
                .context
                .clone()
                .or_else(|| Some(lede.anchors.join(", ")));
        }
        append_fallback(&mut next_loc, lede);
        prev.location = Some(next_loc);
    } else if let (Some(loc), Some(next_loc)) = (prev.location.as_mut(), next.location) {
        // The follow-up's readings may say where in the lede's place it was
        // (taken when they lie inside it); a place elsewhere is the aftermath
        // ("the wounded were flown to X").
        let mut cur = Some(next_loc);
        let mut n = 0;
        while let Some(mut l) = cur.take()
            && n < MAX_LATER
        {
            cur = l.fallback.take().map(|b| *b);
            if l.kind != LocationKind::Section {
                add_later(loc, l);
                n += 1;
            }
        }
    }
    for s in next.sources {
        if !prev.sources.contains(&s) {
            prev.sources.push(s);
        }
    }
}

fn build_incident(
    block: &Block,
    group: &[Sentence],
    trigger: &Sentence,
    default_year: Option<i32>,
    reference: Option<NaiveDate>,
    last_date: &mut Option<NaiveDate>,
) -> Incident {
    let clean: Vec<&str> = group.iter().map(|s| s.clean.as_str()).collect();
    let whole = clean.join(" ");
    let sources: Vec<String> = group
        .iter()
        .flat_map(|s| s.stamps.iter())
        .flat_map(|s| s.split("; "))
        .map(|s| s.trim().to_owned())
        .fold(Vec::new(), |mut v, s| {
            if !v.contains(&s) {
                v.push(s);
            }
            v
        });
    // Source stamps give the year when the report does not.
    let stamp_date = group
        .iter()
        .flat_map(|s| s.stamps.iter())
        .find_map(|s| dates::find_dates(s).into_iter().last())
        .and_then(|d| d.resolve(None, None).map(|x| x.0));
    // A wire dateline ("BAGHDAD, May 21, 2020 (Reuters) -") dates the story.
    let dateline = dateline_date(&block.text, default_year.or(stamp_date.map(|d| d.year())));
    let year = default_year
        .or(stamp_date.map(|d| d.year()))
        .or(dateline.map(|d| d.year()));
    let reference = reference.or(dateline).or(stamp_date);
    let (date, precision) = match trigger
        .explicit_date
        .and_then(|d| d.resolve(year, reference))
    {
        Some((d, p)) => (Some(d), Some(p)),
        // "In a separate attack ...": the same day as the event before it.
        None if opens_separate_incident(&trigger.clean) && last_date.is_some() => {
            (*last_date, Some(DatePrecision::Day))
        }
        None => relative_date(group, *last_date, dateline.or(stamp_date).or(reference)),
    };
    if date.is_some() {
        *last_date = date;
    }
    let kind = kinds::classify(&whole)
        .filter(|_| !trigger.aggregate)
        .or(trigger.cue)
        .unwrap_or(IncidentKind::Other);
    let cas = casualties::casualties(&clean);
    let (actor, target) = context::actor_target(&trigger.clean);
    // Location: the event sentence's own phrases win (a place in a follow-up
    // sentence is often the aftermath: "taken to a hospital in Kirkuk"); other
    // sentences supply the fallback, or the location when the event sentence
    // names no more than a country.
    let mut trigger_cands = location::find_candidates(&trigger.clean);
    let mut others: Vec<location::Candidate> = Vec::new();
    // The same candidates with the start of their sentence.
    let mut later_cands: Vec<(usize, location::Candidate)> = Vec::new();
    for s in group.iter().filter(|s| s.start != trigger.start) {
        // "The explosion occurred near X": a later sentence that says
        // where the event happened reads as the event's own.
        if s.start > trigger.start
            && !s.background
            && PLACES_THE_EVENT_WORDS.iter().any(|w| s.clean.contains(w))
            && PLACES_THE_EVENT.is_match(&s.clean)
            && !ANOTHER_EVENT.is_match(&s.clean)
        {
            // It is the more precise word on it: it wins a tie with the lede.
            trigger_cands.extend(
                location::find_candidates(&s.clean)
                    .into_iter()
                    .filter(|c| !is_aftermath_reading(&c.phrase))
                    .map(|mut c| {
                        c.score += PLACING_BONUS;
                        c
                    }),
            );
            continue;
        }
        let found: Vec<location::Candidate> = location::find_candidates(&s.clean)
            .into_iter()
            .map(|mut c| {
                c.score -= OTHER_SENTENCE_PENALTY;
                c
            })
            .collect();
        later_cands.extend(found.iter().map(|c| (s.start, c.clone())));
        others.extend(found);
    }
    let trigger_best = trigger_cands
        .iter()
        .map(|c| c.score)
        .fold(f32::MIN, f32::max);
    let other_best = others.iter().map(|c| c.score).fold(f32::MIN, f32::max);
    let location = if trigger_best >= location::rank::REGION
        || (trigger_best > f32::MIN && other_best < location::rank::LINE)
    {
        location::choose(&trigger_cands).map(|mut b| {
            if b.fallback.is_none() {
                let rest: Vec<location::Candidate> = trigger_cands
                    .iter()
                    .chain(others.iter())
                    .filter(|x| x.phrase.text != b.text)
                    .cloned()
                    .collect();
                b.fallback = location::choose(&rest).map(|mut x| {
                    x.fallback = None;
                    Box::new(x)
                });
            }
            // The story's later sentences often say where in the lede's
            // place it happened ("... in Borno state. The attack took place
            // along the X-Y road"): their readings close the chain, marked
            // LATER, and the resolver takes one that is more precise and
            // lies within the lede's reading.
            let mut later: Vec<&location::Candidate> = group
                .iter()
                .filter(|s| s.start > trigger.start && !s.background)
                .flat_map(|s| later_cands.iter().filter(move |c| c.0 == s.start))
                .map(|c| &c.1)
                .filter(|c| c.score >= location::rank::REGION && !is_aftermath_reading(&c.phrase))
                .collect();
            later.sort_by(|a, c| c.score.total_cmp(&a.score));
            for c in later.into_iter().take(MAX_LATER) {
                add_later(&mut b, c.phrase.clone());
            }
            b
        })
    } else {
        let mut all = trigger_cands.clone();
        all.extend(others.iter().cloned());
        location::choose(&all).map(|mut b| {
            // Read from a sentence other than the event's: a name the event
            // sentence itself gives (a gazetteer mention) outranks it.
            if !trigger_cands.iter().any(|c| c.phrase.text == b.text) {
                b.qualifiers.push(ASIDE.into());
            }
            b
        })
    };
    // "... in X. X is a town some N km east of Y":
    // what the text says of the chosen place, anywhere in the incident, is
    // read right after it.
    let location = location.map(|mut b| {
        let gloss = trigger_cands.iter().chain(others.iter()).find_map(|c| {
            let f = c.phrase.fallback.as_deref()?;
            (c.phrase.anchors.first() == b.anchors.first()
                && f.qualifiers.iter().any(|q| q == "gloss")
                && b.fallback.as_deref().is_none_or(|bf| bf.text != f.text))
            .then(|| f.clone())
        });
        if let Some(mut g) = gloss {
            g.fallback = b.fallback.take();
            b.fallback = Some(Box::new(g));
        }
        b
    });
    let text = group
        .iter()
        .map(|s| s.raw.trim())
        .collect::<Vec<_>>()
        .join(" ");
    Incident {
        id: String::new(),
        source_file: String::new(),
        source_line: block.line_at(trigger.start),
        report_title: None,
        report_period: None,
        date,
        date_precision: precision,
        kind,
        actor,
        target,
        killed: cas.killed,
        wounded: cas.wounded,
        casualties_text: (!cas.text.is_empty()).then(|| cas.text.join(" ")),
        context: String::new(),
        country: None,
        location,
        sources,
        text,
        coded: None,
    }
}

/// The date of a wire dateline at the start of a block: "BAGHDAD, May 21, 2020
/// (Reuters) -", "KABUL, 3 June 2020 -". Only a date with a year, before the
/// agency or the dash, within the first 80 bytes.
fn dateline_date(text: &str, default_year: Option<i32>) -> Option<NaiveDate> {
    let head: String = text.chars().take(80).collect();
    let first_word = head.split([',', ' ']).next().unwrap_or("");
    if first_word.len() < 3
        || !first_word
            .chars()
            .all(|c| c.is_uppercase() || c == '-' || c == '\'')
    {
        return None;
    }
    let cut = ["(", " - ", " — ", " – "]
        .iter()
        .filter_map(|m| head.find(m))
        .min()
        .unwrap_or(head.len());
    let d = dates::find_dates(&head[..cut])
        .into_iter()
        .find(|d| (d.year.is_some() || default_year.is_some()) && d.day.is_some())?;
    d.resolve(default_year, None).map(|x| x.0)
}

/// A wire dateline opens the text: "BAGHDAD, May 21 (Reuters) -", "MAIDUGURI,
/// Nigeria (AP) —", "SULAIMANI –".
fn starts_with_dateline(text: &str) -> bool {
    static DL: std::sync::LazyLock<Rx> = std::sync::LazyLock::new(|| {
        Rx::new(r"^\p{Lu}{3,}[\p{Lu}\s'.-]*(?:,[^-–—(]{0,60})?\s*(?:\([^)]{0,40}\)\s*)?[-–—]")
            .expect("dateline regex")
    });
    DL.is_match(text)
}

/// "In another attack", "In a separate incident", "Separately,": a new incident in the same block.
fn opens_separate_incident(sentence: &str) -> bool {
    let s = sentence.trim_start().to_lowercase();
    [
        "in another ",
        "in a separate ",
        "in a second ",
        "separately,",
        "in a similar attack",
        "in a related incident",
    ]
    .iter()
    .any(|p| s.starts_with(p))
}

/// "The day after", "on Tuesday": a date relative to the previous event or the source stamp.
fn relative_date(
    group: &[Sentence],
    last: Option<NaiveDate>,
    stamp: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<DatePrecision>) {
    for s in group {
        if let (Some((_, delta)), Some(base)) = (dates::relative_day(&s.clean), last) {
            return (
                Some(base + chrono::Duration::days(delta)),
                Some(DatePrecision::Day),
            );
        }
        if let Some(r) = stamp
            && let Some((_, d)) = dates::weekday_before(&s.clean, r)
        {
            return (Some(d), Some(DatePrecision::Day));
        }
        if let Some(r) = stamp
            && let Some((_, delta)) = dates::deictic_day(&s.clean)
        {
            return (
                Some(r + chrono::Duration::days(delta)),
                Some(DatePrecision::Day),
            );
        }
    }
    if let Some(r) = stamp
        && group.iter().any(|s| dates::last_week(&s.clean))
    {
        return (
            Some(r - chrono::Duration::days(7)),
            Some(DatePrecision::Week),
        );
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tag's areas go to every reading that names none: all of them, or
    /// those after the reading's own name; not to a country or a reading
    /// that names its own.
    #[test]
    fn a_tag_gives_its_areas_to_the_readings() {
        let tag = ["Dunari LGA".to_owned(), "Bakassa".to_owned()];
        let mut lead = LocationPhrase::new(
            "in Koranga area",
            LocationKind::Near,
            vec!["Koranga".into()],
        );
        let mut own = LocationPhrase::new("near Gate", LocationKind::Near, vec!["Gate".into()]);
        own.context = Some("Mardo".into());
        let mut district =
            LocationPhrase::new("Dunari", LocationKind::InPlace, vec!["Dunari".into()]);
        district.fallback = Some(Box::new(LocationPhrase::new(
            "in Nigeria",
            LocationKind::Region,
            vec!["Nigeria".into()],
        )));
        own.fallback = Some(Box::new(district));
        lead.fallback = Some(Box::new(own));
        tag_readings(&mut lead, &tag);
        let mut got = Vec::new();
        let mut cur = Some(&lead);
        while let Some(l) = cur {
            got.push(l.context.clone());
            cur = l.fallback.as_deref();
        }
        assert_eq!(
            got,
            [
                Some("Dunari LGA, Bakassa".to_owned()),
                Some("Mardo".to_owned()),
                Some("Bakassa".to_owned()),
                None
            ]
        );
    }
}
