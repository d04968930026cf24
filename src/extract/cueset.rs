//! Ordered cue tables, matched fast on any text. The rows' regexes use
//! Unicode word boundaries, which push the regex engine off its fast
//! automaton on non-ASCII text (curly quotes, accented names): each row
//! becomes a slow search. So each row also gets a loose twin with its word
//! boundaries dropped, which the fast automaton runs on anything; dropping
//! an assertion only widens what a pattern matches, so a row whose loose
//! twin misses cannot match, and the exact regex runs only where the loose
//! one hit. The answer is the first row whose own regex matches, as before.
//! The loose twins run as one `RegexSet`, one pass over the text for the
//! whole table. Its combined automaton needs a bigger cache than the
//! engine's default: with the default, a long run keeps overflowing it, the
//! engine gives up on the automaton for good, and the run gets slower than
//! with no prefilter at all.

use super::rx::Rx;
use regex::Regex;

pub struct CueTable<T> {
    rows: Vec<(T, Rx)>,
    loose: regex::RegexSet,
    /// The rows with ASCII word boundaries, for text with no non-ASCII
    /// word character (where they give the rows' own answers, see `Rx`).
    ascii: regex::RegexSet,
}

/// The lazy automaton's cache for a table's loose twins: big enough that a
/// long run does not keep overflowing it.
const LOOSE_CACHE: usize = 64 << 20;

impl<T: Copy> CueTable<T> {
    /// Panics on a bad pattern (the tables are literals, tested).
    pub fn new(rows: &[(T, &str)]) -> CueTable<T> {
        let rows: Vec<(T, Rx)> = rows
            .iter()
            .map(|(t, re)| (*t, Rx::new(re).expect("cue regex")))
            .collect();
        CueTable {
            loose: regex::RegexSetBuilder::new(rows.iter().map(|(_, re)| loosened(re.as_str())))
                .dfa_size_limit(LOOSE_CACHE)
                .build()
                .expect("loose cues"),
            ascii: regex::RegexSetBuilder::new(rows.iter().map(|(_, re)| re.ascii_pattern()))
                .dfa_size_limit(LOOSE_CACHE)
                .build()
                .expect("ASCII cues"),
            rows,
        }
    }

    /// The value of the first row whose regex matches `text`.
    pub fn first(&self, text: &str) -> Option<T> {
        if !super::rx::has_non_ascii_word(text) {
            let first = self.ascii.matches(text).into_iter().next();
            return first.map(|i| self.rows[i].0);
        }
        self.loose
            .matches(text)
            .into_iter()
            .find(|&i| self.rows[i].1.is_match(text))
            .map(|i| self.rows[i].0)
    }

    pub fn rows(&self) -> &[(T, Rx)] {
        &self.rows
    }
}

/// A regex with its loose twin in front: `captures_iter` runs the exact
/// regex only on text where the loose one matches (the same rule as the cue
/// tables: the loose twin matches wherever the exact one does).
pub struct Gated {
    exact: Rx,
    loose: Regex,
}

impl Gated {
    /// Panics on a bad pattern (the patterns are literals, tested).
    pub fn new(re: &str) -> Gated {
        Gated {
            exact: Rx::new(re).expect("gated regex"),
            loose: Regex::new(&loosened(re)).expect("loose twin"),
        }
    }

    /// On text with no non-ASCII word character the regex runs on the fast
    /// automaton anyway (`Rx`), and the loose pass would only be a second scan.
    fn may_match(&self, text: &str) -> bool {
        !super::rx::has_non_ascii_word(text) || self.loose.is_match(text)
    }

    pub fn captures_iter<'r, 'h>(&'r self, text: &'h str) -> regex::CaptureMatches<'r, 'h> {
        if self.may_match(text) {
            self.exact.captures_iter(text)
        } else {
            // The exact regex on empty text yields what it yields there,
            // and no pattern here matches the empty string.
            self.exact.captures_iter(&text[..0])
        }
    }

    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> regex::Matches<'r, 'h> {
        let text = if self.may_match(text) {
            text
        } else {
            &text[..0]
        };
        self.exact.find_iter(text)
    }
}

/// The pattern with every word-boundary assertion removed and every counted
/// repeat (`{m,n}`) made a plain one (`*`), done on the parsed pattern
/// (regex-syntax) and printed back, so escapes, classes and verbose mode
/// stay as they were. A pattern that cannot be loosened gets the empty
/// pattern, which matches everything (no prefilter, never a missed match).
fn loosened(re: &str) -> String {
    use regex_syntax::ast::{parse::Parser, print::Printer};
    let Ok(ast) = Parser::new().parse(re) else {
        return String::new();
    };
    let mut out = String::new();
    let mut ast = ast;
    loosen(&mut ast);
    if Printer::new().print(&ast, &mut out).is_err() || Regex::new(&out).is_err() {
        return String::new();
    }
    out
}

fn loosen(a: &mut regex_syntax::ast::Ast) {
    use regex_syntax::ast::{Ast, RepetitionKind};
    let gone = match a {
        Ast::Assertion(x) => super::rx::is_word_boundary(&x.kind),
        Ast::Repetition(r) => {
            loosen(&mut r.ast);
            if matches!(r.op.kind, RepetitionKind::Range(_)) {
                r.op.kind = RepetitionKind::ZeroOrMore;
            }
            // A repeated assertion that is gone: nothing left to repeat.
            matches!(*r.ast, Ast::Empty(_))
        }
        Ast::Group(g) => {
            loosen(&mut g.ast);
            false
        }
        Ast::Alternation(x) => {
            x.asts.iter_mut().for_each(loosen);
            false
        }
        Ast::Concat(x) => {
            x.asts.iter_mut().for_each(loosen);
            false
        }
        _ => false,
    };
    if gone {
        *a = Ast::empty(*a.span());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_go_and_escaped_backslashes_stay() {
        assert_eq!(loosened(r"\bfoo\b|\Bx"), "foo|x");
        assert_eq!(loosened(r"a\\b\d"), r"a\\b\d");
        assert_eq!(loosened(r"a.{0,80}?b\d{2}c\{3}"), r"a.*?b\d*c\{3}");
        // Classes and braced escapes are kept; what cannot be loosened matches everything.
        for (re, hay) in [
            (r"[{1,2}]\b[^]{]{2}", "{ab"),
            (r"\p{Lu}\x{41}{1,3}\U{42}", "ZAB"),
            (r"x|\b+y|\b?z|\b{start}w", " w"),
            (r"(?x)[ ]{2}] \b q", "{q"),
        ] {
            let exact = Regex::new(re).expect("exact");
            let loose = Regex::new(&loosened(re)).expect("loose compiles");
            assert!(exact.is_match(hay), "{re}");
            assert!(loose.is_match(hay), "{re} -> {}", loosened(re));
        }
    }

    #[test]
    fn a_gated_regex_finds_what_the_regex_finds() {
        let text = include_str!("../../tests/fixtures/spotlight-2020-05-21.txt");
        for re in [
            r"(?i)\d+\s*km\s+(?:north|south)\s+of\s+",
            r"(?i:near|close\ to)\s+\p{Lu}",
            r"(?i)à\s+\d+\s*km",
        ] {
            let g = Gated::new(re);
            let exact = Regex::new(re).expect("re");
            for line in text
                .lines()
                .chain(["Ménaka’s 3 km north of Gao", "près de Tessit"])
            {
                let a: Vec<_> = g.find_iter(line).map(|m| m.range()).collect();
                let b: Vec<_> = exact.find_iter(line).map(|m| m.range()).collect();
                assert_eq!(a, b, "{re}: {line}");
                let n = g.captures_iter(line).count();
                assert_eq!(n, b.len(), "{re}: {line}");
            }
        }
    }

    #[test]
    fn the_first_matching_row_wins_as_row_by_row_matching_gives() {
        let rows: &[(u8, &str)] = &[
            (0, r"(?i)\braid\b"),
            (1, r"(?i)\btué\b|\battaqu"),
            (2, r"(?i)\bbomb"),
            (3, r"(?i)\bnaka\b"),
            (4, r"(?i)\bconvoy\b.{0,10}?\barrived\b"),
        ];
        let t = CueTable::new(rows);
        let naive = |s: &str| {
            rows.iter()
                .find(|(_, re)| Regex::new(re).expect("re").is_match(s))
                .map(|(v, _)| *v)
        };
        // Non-ASCII neighbours: inside a word ("Ménaka", "afraid"), curly
        // apostrophes and accented letters around a cue.
        for s in [
            "They were afraid of the bombing.",
            "Un civil a été tué à Ménaka.",
            "the army’s raid on the village",
            "Ménaka’s market: naka",
            "l’armée attaquée près de Gao",
            "ÉRAID raidé raid’s",
            "the convoy finally arrived; convoy ... much later it arrived",
            "",
        ] {
            assert_eq!(t.first(s), naive(s), "{s}");
        }
    }
}
