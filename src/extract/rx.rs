//! Regexes that stay on the engine's fast automaton on everyday text.
//!
//! A Unicode word boundary (`\b`) stops the regex crate's lazy DFA at the
//! first non-ASCII byte of the text, and the search starts again on a slow
//! engine (PikeVM or backtracker). English reports are full of non-ASCII
//! punctuation (curly quotes, bullets, dashes, no-break spaces), so most of
//! their sentences took the slow path.
//!
//! A Unicode boundary and an ASCII one (`(?-u:\b)`) differ only beside a
//! non-ASCII *word* character (a letter such as "é", a mark, a digit of
//! another script): everywhere else both say "word character" for the same
//! characters. So `Rx` holds each pattern twice, as written and with its
//! boundaries made ASCII, and searches text with no non-ASCII word character
//! with the ASCII twin; text with one ("Ménaka") gets the pattern as written.
//! The answers are the same; the tests below check it on non-ASCII
//! neighbours of every kind.

use regex::{CaptureMatches, Captures, Match, Matches, Regex};
use std::borrow::Cow;

pub struct Rx {
    exact: Regex,
    /// The pattern with ASCII word boundaries; `None` when it has none.
    ascii: Option<Regex>,
}

impl Rx {
    /// Compiles the pattern; the error is the pattern's own.
    pub fn new(re: &str) -> Result<Rx, regex::Error> {
        let exact = Regex::new(re)?;
        let ascii = match ascii_boundaries(re) {
            Some(p) => Some(Regex::new(&p)?),
            None => None,
        };
        Ok(Rx { exact, ascii })
    }

    /// The regex that gives the pattern's answers on `text` fastest.
    fn on(&self, text: &str) -> &Regex {
        match &self.ascii {
            Some(a) if !has_non_ascii_word(text) => a,
            _ => &self.exact,
        }
    }

    pub fn as_str(&self) -> &str {
        self.exact.as_str()
    }

    /// The pattern that gives the same answers on text with no non-ASCII
    /// word character and stays on the fast automaton (for a `RegexSet` of
    /// such patterns).
    pub fn ascii_pattern(&self) -> &str {
        self.ascii.as_ref().unwrap_or(&self.exact).as_str()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.on(text).is_match(text)
    }

    pub fn find<'h>(&self, text: &'h str) -> Option<Match<'h>> {
        self.on(text).find(text)
    }

    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> Matches<'r, 'h> {
        self.on(text).find_iter(text)
    }

    pub fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        self.on(text).captures(text)
    }

    pub fn captures_iter<'r, 'h>(&'r self, text: &'h str) -> CaptureMatches<'r, 'h> {
        self.on(text).captures_iter(text)
    }

    pub fn replace<'h>(&self, text: &'h str, rep: &str) -> Cow<'h, str> {
        self.on(text).replace(text, rep)
    }

    pub fn replace_all<'h>(&self, text: &'h str, rep: &str) -> Cow<'h, str> {
        self.on(text).replace_all(text, rep)
    }
}

/// True when `text` holds a non-ASCII character that Unicode counts as a
/// word character (what `\b` looks at).
pub fn has_non_ascii_word(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    text.chars()
        .any(|c| !c.is_ascii() && regex_syntax::is_word_character(c))
}

/// The pattern with each word-boundary assertion wrapped as ASCII
/// (`\b` -> `(?-u:\b)`), spliced at the assertions' own spans in the parsed
/// pattern, so every other byte stays as written. `None` when the pattern
/// has no word boundary (or does not parse: `Rx::new` reports that).
fn ascii_boundaries(re: &str) -> Option<String> {
    let ast = regex_syntax::ast::parse::Parser::new().parse(re).ok()?;
    let mut spans = Vec::new();
    boundaries(&ast, &mut spans);
    if spans.is_empty() {
        return None;
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(re.len() + 8 * spans.len());
    let mut at = 0;
    for (start, end) in spans {
        out.push_str(&re[at..start]);
        out.push_str("(?-u:");
        out.push_str(&re[start..end]);
        out.push(')');
        at = end;
    }
    out.push_str(&re[at..]);
    Some(out)
}

/// A word-boundary assertion of any form (`\b`, `\B`, `\b{start}`, `\<`, ...).
pub fn is_word_boundary(kind: &regex_syntax::ast::AssertionKind) -> bool {
    use regex_syntax::ast::AssertionKind as K;
    matches!(
        kind,
        K::WordBoundary
            | K::NotWordBoundary
            | K::WordBoundaryStart
            | K::WordBoundaryEnd
            | K::WordBoundaryStartAngle
            | K::WordBoundaryEndAngle
            | K::WordBoundaryStartHalf
            | K::WordBoundaryEndHalf
    )
}

fn boundaries(a: &regex_syntax::ast::Ast, out: &mut Vec<(usize, usize)>) {
    use regex_syntax::ast::Ast;
    match a {
        Ast::Assertion(x) if is_word_boundary(&x.kind) => {
            out.push((x.span.start.offset, x.span.end.offset));
        }
        Ast::Repetition(r) => boundaries(&r.ast, out),
        Ast::Group(g) => boundaries(&g.ast, out),
        Ast::Alternation(x) => x.asts.iter().for_each(|a| boundaries(a, out)),
        Ast::Concat(x) => x.asts.iter().for_each(|a| boundaries(a, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_become_ascii_and_nothing_else_changes() {
        assert_eq!(
            ascii_boundaries(r"(?i)\bin\s+\\b\B").as_deref(),
            Some(r"(?i)(?-u:\b)in\s+\\b(?-u:\B)")
        );
        assert_eq!(
            ascii_boundaries(r"(?x) \b (?P<n>\d+) \b{start}x").as_deref(),
            Some(r"(?x) (?-u:\b) (?P<n>\d+) (?-u:\b{start})x")
        );
        assert_eq!(ascii_boundaries(r"^\s*\[\d{1,3}\]"), None);
    }

    /// Every search gives the pattern's own answers, on text whose
    /// non-ASCII characters sit right beside the boundaries: punctuation
    /// (the ASCII twin runs) and letters, marks and other scripts' digits
    /// (the pattern as written runs).
    #[test]
    fn answers_are_the_patterns_own_beside_non_ascii_neighbours() {
        let patterns = [
            r"(?i)\b(?:in|near|naka)\b",
            r"(?i)\b(?P<n>\d+)\s*km\s+(?P<dir>north|south)\b",
            r"\b\p{Lu}[\p{L}'’-]+\b",
            r"(?i)\bl['’]attaque\b",
            r"\w+\B",
            r"\b{start}\w+\b{end}",
            r"(?x) \b (?:killed|tué) \b",
        ];
        let pieces = [
            "in",
            "near",
            "naka",
            "Ménaka",
            "é",
            "’",
            "‘",
            "“",
            "”",
            "•",
            "\u{a0}",
            "–",
            "—",
            "5",
            "٣",
            "\u{301}",
            "km",
            "north",
            "Gao",
            "tué",
            "l’attaque",
            " ",
            "10 km",
            ".",
            "x",
            "ß",
            "İ",
            "_",
        ];
        // Every pair and triple of pieces, with and without spaces.
        let mut texts = Vec::new();
        for a in pieces {
            for b in pieces {
                texts.push(format!("{a}{b}"));
                texts.push(format!("{a} {b}"));
                for c in ["in", "’", "é", "5 km north", "killed"] {
                    texts.push(format!("{a}{c}{b}"));
                }
            }
        }
        for re in patterns {
            let rx = Rx::new(re).expect("pattern");
            let exact = Regex::new(re).expect("pattern");
            assert!(rx.ascii.is_some(), "{re}");
            for t in &texts {
                let t = t.as_str();
                let a: Vec<_> = rx.find_iter(t).map(|m| m.range()).collect();
                let b: Vec<_> = exact.find_iter(t).map(|m| m.range()).collect();
                assert_eq!(a, b, "{re} on {t:?}");
                // And the twin alone, wherever the switch would pick it.
                if !has_non_ascii_word(t) {
                    let c: Vec<_> = rx
                        .ascii
                        .as_ref()
                        .map_or(vec![], |r| r.find_iter(t).map(|m| m.range()).collect());
                    assert_eq!(c, b, "{re} twin on {t:?}");
                }
                let ca: Vec<_> = rx
                    .captures_iter(t)
                    .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                    .collect();
                let cb: Vec<_> = exact
                    .captures_iter(t)
                    .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                    .collect();
                assert_eq!(ca, cb, "{re} captures on {t:?}");
            }
        }
    }

    #[test]
    fn the_switch_sees_word_characters_only() {
        assert!(!has_non_ascii_word("plain ascii"));
        assert!(!has_non_ascii_word("“quoted” • – the army’s\u{a0}raid"));
        assert!(has_non_ascii_word("Ménaka"));
        assert!(has_non_ascii_word("e\u{301}"));
        assert!(has_non_ascii_word("٣"));
    }
}
