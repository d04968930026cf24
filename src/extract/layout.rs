//! The layout of a report: which lines are headings, bullets, paragraphs,
//! photo captions, footnotes or source stamps, and how hard-wrapped lines
//! join into blocks. Captions repeat (a digest prints each twice) or stand
//! beside a bare "(Source, Date)" line; they never set context or yield incidents.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::rx::Rx;

/// A text block: a bullet or a paragraph, possibly joined from several lines.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    /// (byte offset in `text`, 1-based line number) for each joined line.
    pub lines: Vec<(usize, usize)>,
    pub bullet: bool,
    /// Index into the heading list of the innermost heading above (None: none).
    pub heading_path: Vec<String>,
}

impl Block {
    pub fn line_at(&self, offset: usize) -> usize {
        self.lines
            .iter()
            .take_while(|(o, _)| *o <= offset)
            .last()
            .map_or(self.lines[0].1, |(_, l)| *l)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Bullet,
    Heading,
    Caption,
    Footnote,
    Stamp,
    Paragraph,
}

static BULLET_RE: LazyLock<Rx> =
    LazyLock::new(|| Rx::new(r"^\s*(?:[•·▪●◦‣∙*–—-]|\d{1,2}[.)])\s+").expect("bullet regex"));

/// "(Telegram, May 22, 2020)" and friends: a parenthesis ending in a date.
pub static STAMP_RE: LazyLock<Rx> = LazyLock::new(|| {
    Rx::new(r"\(([^()]{0,200}?(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2},?\s+(?:19|20)\d\d|[^()]{0,200}?\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:19|20)\d\d)\)")
        .expect("stamp regex")
});

static FOOTNOTE_RE: LazyLock<Rx> =
    LazyLock::new(|| Rx::new(r"^\s*\[\d{1,3}\]").expect("footnote regex"));

pub fn is_bullet(line: &str) -> bool {
    BULLET_RE.is_match(line)
}

pub fn strip_bullet(line: &str) -> &str {
    match BULLET_RE.find(line) {
        Some(m) => &line[m.end()..],
        None => line.trim_start(),
    }
}

/// Classifies every line of a report.
pub fn classify_lines(lines: &[String]) -> Vec<LineKind> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in lines {
        let t = l.trim();
        if !t.is_empty() {
            *counts.entry(t).or_default() += 1;
        }
    }
    let next_nonblank = |i: usize| {
        lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
    };
    let mut kinds = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        let kind = if t.is_empty() {
            LineKind::Blank
        } else if FOOTNOTE_RE.is_match(t) {
            LineKind::Footnote
        } else if is_pure_stamp(t) {
            LineKind::Stamp
        } else if is_bullet(l) {
            LineKind::Bullet
        } else if (counts.get(t).copied().unwrap_or(0) >= 2
            && t.len() < 400
            && (!looks_like_heading(t) || copy_nearby(lines, i)))
            || next_nonblank(i).is_some_and(is_pure_stamp)
        {
            LineKind::Caption
        } else if looks_like_heading(t)
            && !continues_on_next_line(lines, i)
            && !continues_previous_line(lines, &kinds, i)
            && !reads_as_wrapped(t)
        {
            LineKind::Heading
        } else if is_caption_line(t) {
            LineKind::Caption
        } else {
            LineKind::Paragraph
        };
        kinds.push(kind);
    }
    kinds
}

/// A short line printed twice close together (a photo caption, a repeated
/// label) is not a heading; a heading repeated further on (a second report
/// in the same file) still is one.
fn copy_nearby(lines: &[String], i: usize) -> bool {
    const WINDOW: usize = 50;
    let t = lines[i].trim();
    let lo = i.saturating_sub(WINDOW);
    let hi = (i + WINDOW + 1).min(lines.len());
    (lo..hi).any(|j| j != i && lines[j].trim() == t)
}

/// A hard-wrapped sentence: the next line (no blank between) starts in lower case.
fn continues_on_next_line(lines: &[String], i: usize) -> bool {
    lines
        .get(i + 1)
        .map(|l| l.trim())
        .is_some_and(|n| n.starts_with(|c: char| c.is_lowercase()))
}

/// A hard-wrapped sentence: the line before (no blank between) is running
/// text that has not ended its sentence.
fn continues_previous_line(lines: &[String], kinds: &[LineKind], i: usize) -> bool {
    i > 0
        && kinds[i - 1] == LineKind::Paragraph
        && !lines[i - 1]
            .trim_end()
            .ends_with(['.', '!', '?', ')', '”', '"', ':', ';'])
}

/// Words a heading never ends with: a line ending in one is cut from a
/// sentence ("... a bridge near the river. Officials told the").
const OPEN_ENDINGS: &[&str] = &[
    "a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "by", "from", "with", "that",
    "which", "who", "as", "is", "was", "were", "are", "de", "du", "des", "la", "le", "les", "et",
    "à", "en",
];

/// A line that ends one sentence and starts another ("... Town. According
/// to"), or ends on a word that cannot end a title, is a wrapped line of a
/// paragraph, not a heading.
fn reads_as_wrapped(t: &str) -> bool {
    static SENTENCE_END: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"(?P<word>\p{L}*\p{Ll}{3})[.!?] +\p{Lu}").expect("sentence-end regex")
    });
    // Abbreviations a title may carry ("Govt. Forces Retake ...").
    const ABBREVIATIONS: &[&str] = &[
        "govt", "capt", "dept", "prov", "dist", "corp", "assn", "intl",
    ];
    let ends_sentence = SENTENCE_END
        .captures_iter(t)
        .any(|c| !ABBREVIATIONS.contains(&c["word"].to_lowercase().as_str()));
    // Lower case only: "Annex A", "Statement by WHO" end titles.
    let last = t.rsplit(' ').next().unwrap_or("");
    ends_sentence || OPEN_ENDINGS.contains(&last)
}

fn is_pure_stamp(t: &str) -> bool {
    t.starts_with('(') && t.ends_with(')') && STAMP_RE.find(t).is_some_and(|m| m.len() == t.len())
}

/// A short line without an event date that ends in a source stamp: a photo caption.
fn is_caption_line(t: &str) -> bool {
    let Some(m) = STAMP_RE.find_iter(t).last() else {
        return false;
    };
    if !t[m.end()..].trim_matches(['.', ' ']).is_empty() {
        return false;
    }
    let body = &t[..m.start()];
    static ON_DATE: LazyLock<Rx> = LazyLock::new(|| {
        Rx::new(r"\b[Oo]n\s+(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)")
            .expect("on-date regex")
    });
    let on_date = ON_DATE.is_match(body);
    // A line that reports an event ("killing 11 people ... (Reuters, June 7, 2020)")
    // is news, not a photo caption.
    let reports_event = super::kinds::classify(body).is_some()
        && (body.contains(" killing ")
            || body.contains(" killed")
            || body.contains(" wounded")
            || body.contains(" on "));
    !on_date && !reports_event && body.split_whitespace().count() <= 30 && !body.contains(". ")
}

/// Headings are short, unpunctuated lines.
pub fn looks_like_heading(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let first = t.chars().next().unwrap_or(' ');
    (1..=14).contains(&words)
        && t.len() <= 120
        && !t.ends_with(['.', ',', ';', ':', '!', '?'])
        && (first.is_uppercase() || first.is_ascii_digit() || first == '“' || first == '"')
        && STAMP_RE.find(t).is_none()
        && !starts_with_event_date(t)
}

/// "On May 21, 2020, ..." opens an event report, never a heading.
fn starts_with_event_date(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("On ").or_else(|| t.strip_prefix("on ")) else {
        return false;
    };
    super::dates::find_dates(rest)
        .first()
        .is_some_and(|d| d.start == 0 && d.day.is_some())
}

/// A record's lines as one block (no headings, captions or bullets: a coded
/// note is one report of one event).
pub fn record_block(lines: &[String]) -> Block {
    let mut b = Block {
        text: String::new(),
        lines: Vec::new(),
        bullet: false,
        heading_path: Vec::new(),
    };
    for (i, l) in lines.iter().enumerate() {
        let t = strip_bullet(l).trim();
        if t.is_empty() {
            continue;
        }
        if !b.text.is_empty() {
            b.text.push(' ');
        }
        b.lines.push((b.text.len(), i + 1));
        b.text.push_str(t);
    }
    if b.lines.is_empty() {
        b.lines.push((0, 1));
    }
    b
}

/// Groups lines into blocks, tracking the heading path. `heading_level`
/// decides how a heading changes the path (see `extract::context`).
pub fn blocks(
    lines: &[String],
    kinds: &[LineKind],
    mut on_heading: impl FnMut(&str) -> Vec<String>,
) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut open: Option<Block> = None;
    for (i, (line, kind)) in lines.iter().zip(kinds).enumerate() {
        let lineno = i + 1;
        match kind {
            LineKind::Heading => {
                if let Some(b) = open.take() {
                    out.push(b);
                }
                path = on_heading(line.trim());
            }
            LineKind::Bullet | LineKind::Paragraph => {
                let body = if *kind == LineKind::Bullet {
                    strip_bullet(line)
                } else {
                    line.trim()
                };
                let continues = *kind == LineKind::Paragraph
                    && open.as_ref().is_some_and(|b| {
                        let last = b.text.trim_end();
                        !last.ends_with(['.', '!', '?', ')', '”', '"', ':'])
                            || body.starts_with(|c: char| c.is_lowercase())
                    })
                    && i > 0
                    && kinds[i - 1] != LineKind::Blank;
                if continues {
                    let b = open.as_mut().expect("checked");
                    b.text.push(' ');
                    b.lines.push((b.text.len(), lineno));
                    b.text.push_str(body);
                } else {
                    if let Some(b) = open.take() {
                        out.push(b);
                    }
                    open = Some(Block {
                        text: body.to_owned(),
                        lines: vec![(0, lineno)],
                        bullet: *kind == LineKind::Bullet,
                        heading_path: path.clone(),
                    });
                }
            }
            LineKind::Blank | LineKind::Caption | LineKind::Footnote | LineKind::Stamp => {
                if let Some(b) = open.take() {
                    out.push(b);
                }
            }
        }
    }
    if let Some(b) = open.take() {
        out.push(b);
    }
    out
}

/// Byte spans of the sentences of a block. Never splits inside parentheses
/// or after common abbreviations; very long runs are cut at whitespace so a
/// pathological input stays linear.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    const ABBREV: &[&str] = &[
        "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt",
        "u.s", "u.n", "no", "vs", "approx", "etc", "jan", "feb", "aug", "sept", "oct", "nov",
        "dec", "km",
    ];
    const MAX: usize = 2000;
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth: i32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            // A "(" that never closes nearby must not swallow the sentences after it.
            b'(' if text[i..].bytes().take(300).any(|c| c == b')') => depth += 1,
            b')' => depth = (depth - 1).max(0),
            b'.' | b'!' | b'?' if depth == 0 => {
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b'"' | b')' | b'\'') {
                    j += 1;
                }
                if text[j..].starts_with('”') || text[j..].starts_with('’') {
                    j += 3;
                }
                let ws = j < bytes.len() && bytes[j].is_ascii_whitespace();
                let next_up = text[j..].trim_start().chars().next().is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || c == '“' || c == '"'
                });
                let word_before = text[start..i]
                    .rsplit(|c: char| c.is_whitespace() || c == '(')
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                let abbrev = b == b'.'
                    && (ABBREV.contains(&word_before.as_str()) && word_before != "km"
                        || word_before.len() == 1
                            && word_before.chars().all(|c| c.is_alphabetic()));
                if ws && next_up && !abbrev {
                    out.push((start, j));
                    start = j;
                    while start < bytes.len() && bytes[start].is_ascii_whitespace() {
                        start += 1;
                    }
                    i = start;
                    continue;
                }
            }
            _ => {}
        }
        if i - start > MAX && b.is_ascii_whitespace() {
            out.push((start, i));
            start = i + 1;
            depth = 0;
        }
        i += 1;
    }
    if start < bytes.len() && !text[start..].trim().is_empty() {
        out.push((start, bytes.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences() {
        let t = "On May 21, 2020, an IED was activated (Telegram, May 22, 2020). He was wounded. U.S. forces i.e. them.";
        let s: Vec<&str> = sentences(t).iter().map(|(a, b)| &t[*a..*b]).collect();
        assert_eq!(s.len(), 3, "{s:?}");
        // A "(" that never closes does not swallow the next sentences.
        let t = "On May 21, 2020, an IED exploded (near Kirkuk. Two soldiers were killed. On May 22, 2020, gunmen attacked a post in Mosul.";
        assert_eq!(sentences(t).len(), 3);
        assert!(!looks_like_heading(
            "On May 21, 2020, an IED exploded near Kirkuk"
        ));
    }

    #[test]
    fn classifies() {
        let lines: Vec<String> = [
            "Spotlight (May 21-26, 2020)",
            "",
            "A caption (Telegram, May 20, 2020)",
            "A caption (Telegram, May 20, 2020)",
            "Diyala Province",
            "  • On May 21, 2020, something happened.",
            "Caption first line",
            "(Khotwa, May 23, 2020)",
            "[1] a footnote.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let k = classify_lines(&lines);
        use LineKind::*;
        assert_eq!(
            k,
            vec![
                Heading, Blank, Caption, Caption, Heading, Bullet, Caption, Stamp, Footnote
            ]
        );
    }
}
