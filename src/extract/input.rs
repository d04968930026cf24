//! Reading reports: paths, directories and stdin become `Report`s holding
//! plain text lines. HTML is parsed with a real parser (scraper/html5ever) and
//! flattened into one line per block element, so the rest of extraction sees
//! the same shape whether the report was saved as text or as a web page.

use std::io::Read;
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Node};

use crate::error::{Error, Result};

/// Reports larger than this are refused: a weekly digest is a few hundred KB.
pub const MAX_REPORT_BYTES: usize = 64 * 1024 * 1024;

/// A line (or HTML block) longer than this is not prose: refused with an error.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// One report ready for extraction.
#[derive(Debug, Clone)]
pub struct Report {
    /// As given by the user (or "-" for stdin); used as `source_file`.
    pub name: String,
    /// The report's lines; for HTML, one line per block element.
    pub lines: Vec<String>,
    /// Prefix of incident ids; None: the file stem. Set when two inputs share a stem.
    pub id_prefix: Option<String>,
    /// What reading it noticed (an encoding other than UTF-8).
    pub warnings: Vec<String>,
}

/// Expands PATHs into report files: a directory gives its .txt/.html/.htm
/// files (recursively, sorted), "-" means stdin. A path that cannot be used
/// (missing, unreadable, a folder without reports) is returned as an error
/// beside the others, so a batch goes on without it.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                errors.push(Error::io(p, e));
                continue;
            }
        };
        if meta.is_dir() {
            let mut found = Vec::new();
            match collect_dir(p, &mut found) {
                Err(e) => errors.push(e),
                Ok(()) if found.is_empty() => errors.push(Error::NoReports { path: p.clone() }),
                Ok(()) => {
                    found.sort();
                    out.extend(found);
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    (out, errors)
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if is_report_name(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_report_name(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("txt" | "html" | "htm")
    )
}

/// Reads one report file (or stdin for "-") and checks it is text.
pub fn read_report(path: &Path) -> Result<Report> {
    let name = path.display().to_string();
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_REPORT_BYTES as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("<stdin>", e))?;
        buf
    } else {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(Error::BadData {
                path: path.into(),
                message: "is a directory".into(),
            });
        }
        if meta.len() > MAX_REPORT_BYTES as u64 {
            return Err(Error::BadData {
                path: path.into(),
                message: format!(
                    "{} bytes is larger than the {} MB limit for one report",
                    meta.len(),
                    MAX_REPORT_BYTES / (1024 * 1024)
                ),
            });
        }
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    };
    let (text, note) = decode_text(path, &bytes)?;
    let html = is_html(path, &text);
    let lines: Vec<String> = if html {
        html_to_lines(&text)
    } else {
        text.lines().map(str::to_owned).collect()
    };
    if let Some((i, l)) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.len() > MAX_LINE_BYTES)
    {
        return Err(Error::BadRow {
            path: path.into(),
            line: i + 1,
            message: format!(
                "line is {} bytes long (limit {} KiB): not report prose",
                l.len(),
                MAX_LINE_BYTES / 1024
            ),
        });
    }
    Ok(Report {
        name,
        lines,
        id_prefix: None,
        warnings: note.into_iter().collect(),
    })
}

/// Parses text already in memory (tests, benchmarks, stdin-like callers).
pub fn report_from_text(name: &str, text: &str) -> Report {
    let lines = if text.trim_start().starts_with('<') && looks_like_html(text) {
        html_to_lines(text)
    } else {
        text.lines().map(str::to_owned).collect()
    };
    Report {
        name: name.to_owned(),
        lines,
        id_prefix: None,
        warnings: Vec::new(),
    }
}

/// The 1-based line of byte offset `at`.
pub fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Bytes Windows-1252 leaves undefined: text holding them is not cp1252 either.
const CP1252_UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Text of a report file: UTF-8 (a BOM is dropped), UTF-16 LE/BE with a BOM
/// (or without one when every other byte is NUL), else Windows-1252 with a
/// warning naming the first line that needed it. Empty and binary files are
/// refused. Returns the text and the warning, if any.
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<(String, Option<String>)> {
    use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty { path: path.into() });
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(Error::Binary {
            path: path.into(),
            detail: "UTF-32 text is not read; save it as UTF-8".into(),
        });
    }
    let utf16 = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, bom)) if enc == UTF_16LE || enc == UTF_16BE => Some((enc, bom, None)),
        Some(_) => None,
        None => utf16_without_bom(bytes).map(|enc| {
            let note = format!(
                "{}: no byte-order mark, but the text is {}: read as such",
                path.display(),
                enc.name()
            );
            (enc, 0, Some(note))
        }),
    };
    if let Some((enc, bom, note)) = utf16 {
        let (text, bad) = enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map_or((None, true), |t| (Some(t), false));
        return match text.filter(|_| !bad) {
            Some(t) if t.trim().is_empty() => Err(Error::Empty { path: path.into() }),
            Some(t) if t.contains('\0') => Err(Error::Binary {
                path: path.into(),
                detail: format!("NUL characters in its {} text", enc.name()),
            }),
            Some(t) => Ok((t.into_owned(), note)),
            None => Err(Error::BadData {
                path: path.into(),
                message: format!(
                    "starts as {} but is not valid {} text",
                    enc.name(),
                    enc.name()
                ),
            }),
        };
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if let Some(pos) = sample.iter().position(|&b| b == 0) {
        return Err(Error::Binary {
            path: path.into(),
            detail: format!("NUL byte at offset {pos}"),
        });
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if controls * 20 > sample.len() {
        return Err(Error::Binary {
            path: path.into(),
            detail: format!(
                "{controls} control bytes in the first {} bytes",
                sample.len()
            ),
        });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok((s.to_owned(), None));
    }
    // Valid UTF-8 stays as it is; each byte that is not UTF-8 is read as
    // Windows-1252 (a cp1252 file is all such bytes; a UTF-8 file with a
    // stray cp1252 "é" keeps its other letters).
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    let mut offset = bytes.len() - body.len();
    let mut rest = body;
    let mut first_line = None;
    loop {
        let e = match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => e,
        };
        let (good, bad) = rest.split_at(e.valid_up_to());
        out.push_str(std::str::from_utf8(good).expect("valid up to here"));
        let n = e.error_len().unwrap_or(bad.len());
        for (k, &b) in bad[..n].iter().enumerate() {
            let line = line_of(bytes, offset + good.len() + k);
            if CP1252_UNDEFINED.contains(&b) {
                return Err(Error::BadRow {
                    path: path.into(),
                    line,
                    message: format!(
                        "not UTF-8 text, nor Windows-1252 (byte 0x{b:02X} is undefined there): save it as UTF-8"
                    ),
                });
            }
            first_line.get_or_insert(line);
            out.push_str(&WINDOWS_1252.decode_without_bom_handling(&[b]).0);
        }
        offset += good.len() + n;
        rest = &bad[n..];
    }
    let note = format!(
        "{}:{}: not UTF-8; read as Windows-1252 (this is the first line that needed it)",
        path.display(),
        first_line.unwrap_or(1)
    );
    Ok((out, Some(note)))
}

/// UTF-16 without a BOM: text in the Latin range has a NUL in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_at = |k: usize| {
        sample
            .iter()
            .skip(k)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if odd * 10 >= pairs * 9 && even == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 9 && odd == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn is_html(path: &Path, text: &str) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("html" | "htm")) || looks_like_html(text)
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<!doctype html") || head.contains("<html") || head.contains("<body")
}

/// Elements whose text forms a line of its own.
const BLOCKS: &[&str] = &[
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "tr",
    "blockquote",
    "figcaption",
    "caption",
    "dt",
    "dd",
    "pre",
    "title",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "figure",
    "main",
    "aside",
    "nav",
];
/// Elements that hold no report text (page chrome, code).
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "nav", "footer", "form", "button",
];

fn html_to_lines(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut lines = Vec::new();
    let mut current = String::new();
    // The <title> usually repeats the <h1>; it is used only when there is none.
    let sel = |s: &str| scraper::Selector::parse(s).expect("static selector");
    let has_h1 = doc.select(&sel("h1")).next().is_some();
    if let Some(title) = doc.select(&sel("title")).next().filter(|_| !has_h1) {
        let t = collapse(&title.text().collect::<String>());
        if !t.is_empty() {
            lines.push(t);
        }
    }
    walk(doc.root_element(), &mut lines, &mut current);
    flush(&mut lines, &mut current);
    lines
}

fn walk(el: ElementRef, lines: &mut Vec<String>, cur: &mut String) {
    let name = el.value().name();
    if SKIP.contains(&name) {
        return;
    }
    let block = BLOCKS.contains(&name);
    if block {
        flush(lines, cur);
    }
    if name == "li" {
        let nest = el
            .ancestors()
            .filter(|a| matches!(a.value().as_element().map(|e| e.name()), Some("ul" | "ol")))
            .count();
        cur.push_str(&"  ".repeat(nest.max(1)));
        cur.push_str("• ");
    }
    if name == "br" {
        flush(lines, cur);
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => cur.push_str(t),
            Node::Element(_) => {
                if let Some(c) = ElementRef::wrap(child) {
                    walk(c, lines, cur);
                }
            }
            _ => {}
        }
    }
    if block {
        flush(lines, cur);
    }
}

fn flush(lines: &mut Vec<String>, cur: &mut String) {
    let indent: String = cur.chars().take_while(|c| *c == ' ').collect();
    let body = collapse(cur);
    if !body.is_empty() && body != "•" {
        lines.push(format!("{indent}{body}"));
    }
    cur.clear();
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<(String, Option<String>)> {
        decode_text(Path::new("r.txt"), bytes)
    }

    #[test]
    fn utf8_with_a_stray_cp1252_byte_keeps_its_other_letters() {
        let (text, note) = decode("Ménaka\nGao\ncaf\u{e9}".as_bytes()).expect("test");
        assert_eq!(text, "Ménaka\nGao\ncafé");
        assert!(note.is_none());
        let mut bytes = "Ménaka\nGao\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"caf\xe9 \x93quoted\x94\n");
        let (text, note) = decode(&bytes).expect("test");
        assert_eq!(text, "Ménaka\nGao\ncafé \u{201c}quoted\u{201d}\n");
        assert_eq!(
            note.as_deref(),
            Some(
                "r.txt:3: not UTF-8; read as Windows-1252 (this is the first line that needed it)"
            )
        );
    }

    #[test]
    fn a_byte_neither_utf8_nor_cp1252_is_refused_on_its_own_line() {
        let err = decode(b"caf\xe9\nline two\nbad \x81 byte\n").expect_err("test");
        assert_eq!(
            err.to_string(),
            "r.txt:3: not UTF-8 text, nor Windows-1252 (byte 0x81 is undefined there): save it as UTF-8"
        );
        // A valid UTF-8 letter holding 0x9D as a continuation byte is no reason to refuse.
        assert!(decode("a \u{201d} quote, then caf\u{e9}".as_bytes()).is_ok());
    }

    #[test]
    fn utf16_either_order_and_utf32_refused() {
        let text = "On 3 May, gunmen attacked Ménaka.";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&le).expect("test"), (text.to_owned(), None));
        assert_eq!(decode(&be).expect("test"), (text.to_owned(), None));
        let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let (t, note) = decode(&bare).expect("test");
        assert_eq!(t, text);
        assert!(note.expect("test").contains("no byte-order mark"));
        let mut utf32 = vec![0xFF, 0xFE, 0, 0];
        utf32.extend(text.chars().flat_map(|c| (c as u32).to_le_bytes()));
        assert!(
            decode(&utf32)
                .expect_err("test")
                .to_string()
                .contains("UTF-32")
        );
    }
}
