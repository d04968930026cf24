//! Ordered cue tables, matched fast on any text. The rows' regexes use
//! Unicode word boundaries, which push the regex engine off its fast
//! automaton on non-ASCII text (curly quotes, accented names): each row
//! becomes a slow search. So each row also gets a loose twin with its word
//! boundaries dropped, which the fast automaton runs on anything; dropping
//! an assertion only widens what a pattern matches, so a row whose loose
//! twin misses cannot match, and the exact regex runs only where the loose
//! one hit. The answer is the first row whose own regex matches, as before.
//! (One `RegexSet` of all loose twins is faster on a few reports, but its
//! combined automaton keeps overflowing the engine's cache; after enough
//! overflows the engine gives up on it for good and a long run gets slower
//! than with no prefilter at all.)

use regex::Regex;

pub struct CueTable<T> {
    rows: Vec<(T, Regex)>,
    loose: Vec<Regex>,
}

impl<T: Copy> CueTable<T> {
    /// Panics on a bad pattern (the tables are literals, tested).
    pub fn new(rows: &[(T, &str)]) -> CueTable<T> {
        CueTable {
            rows: rows
                .iter()
                .map(|(t, re)| (*t, Regex::new(re).expect("cue regex")))
                .collect(),
            loose: rows
                .iter()
                .map(|(_, re)| Regex::new(&loosened(re)).expect("loose cue"))
                .collect(),
        }
    }

    /// The value of the first row whose regex matches `text`.
    pub fn first(&self, text: &str) -> Option<T> {
        (0..self.rows.len())
            .find(|&i| self.loose[i].is_match(text) && self.rows[i].1.is_match(text))
            .map(|i| self.rows[i].0)
    }

    pub fn rows(&self) -> &[(T, Regex)] {
        &self.rows
    }
}

/// The pattern with every `\b` and `\B` removed and every counted repeat
/// (`{m,n}`) made a plain one (`*`); other escapes, braced escapes (`\p{Lu}`)
/// and character classes are copied as written.
fn loosened(re: &str) -> String {
    let mut out = String::with_capacity(re.len());
    let mut chars = re.chars().peekable();
    // Depth of character classes: inside one everything is copied as written.
    let mut class = 0usize;
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b' | 'B') if class == 0 => {}
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                    // \p{..}, \x{..}, \u{..}: the braces belong to the escape.
                    if matches!(n, 'p' | 'P' | 'x' | 'u') && chars.peek() == Some(&'{') {
                        for d in chars.by_ref() {
                            out.push(d);
                            if d == '}' {
                                break;
                            }
                        }
                    }
                }
                None => out.push('\\'),
            }
            continue;
        }
        if c == '[' {
            class += 1;
            out.push(c);
            // A ']' first in a class (after an optional '^') is a literal.
            if chars.peek() == Some(&'^') {
                out.push('^');
                chars.next();
            }
            if chars.peek() == Some(&']') {
                out.push(']');
                chars.next();
            }
            continue;
        }
        if c == ']' && class > 0 {
            class -= 1;
            out.push(c);
            continue;
        }
        if c == '{' && class == 0 {
            // A counted repeat: up to its closing brace.
            let mut body = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || d == ',' {
                    body.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.peek() == Some(&'}') && !body.is_empty() {
                chars.next();
                out.push('*');
            } else {
                out.push('{');
                out.push_str(&body);
            }
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_go_and_escaped_backslashes_stay() {
        assert_eq!(loosened(r"\bfoo\b|\Bx"), "foo|x");
        assert_eq!(loosened(r"a\\b\d"), r"a\\b\d");
        assert_eq!(loosened(r"a.{0,80}?b\d{2}c\{3}"), r"a.*?b\d*c\{3}");
        // Classes and braced escapes are copied as written.
        assert_eq!(loosened(r"[{1,2}]\b[^]{]{2}"), r"[{1,2}][^]{]*");
        assert_eq!(loosened(r"\p{Lu}\x{41}{1,3}"), r"\p{Lu}\x{41}*");
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
