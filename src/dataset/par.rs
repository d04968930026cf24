//! An incidents file read on every core. One thread cuts the file into
//! chunks of whole records (CSV: at line ends outside quoted fields;
//! GeoJSON: the framer's features), worker threads parse and check each
//! chunk and run the caller's per-record work on it, and the calling thread
//! gets the records back in file order. The outcome is the sequential
//! reader's, record for record: the same rows, ids, warnings and the first
//! error in file order. Memory holds a few chunks per worker.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, mpsc};

use super::{At, Record, Row, Strings, Sym};
use crate::error::{Error, Result};

/// Bytes of input per chunk.
pub(super) const CHUNK: usize = 1 << 20;

/// The caller's work on each record, run on a worker thread. The record's
/// row holds strings interned in its chunk only (use its other fields), and
/// its `at.record` counts from the chunk's start: tell records apart by
/// `at.byte`.
pub type Work<'w, T> = dyn Fn(&Record) -> Result<T> + Sync + 'w;

/// Which fields of a record to check and keep, by where it is (a file's
/// records by `at.byte`); None passes over the record unread.
pub type Pick<'p> = dyn Fn(&At) -> Option<super::fields::Need> + Sync + 'p;

/// A record back in file order: its id, row (strings interned in the
/// caller's [`Strings`]), place in the file (`at.record`: its number among
/// the records picked) and what the work made of it.
pub struct Scanned<'a, T> {
    pub id: &'a str,
    pub row: &'a Row,
    pub at: At,
    pub out: T,
}

/// Whole records of one stretch of the file.
#[derive(Default)]
pub(super) struct Chunk {
    /// Its place among the chunks (set by [`run`]).
    pub seq: usize,
    pub bytes: Vec<u8>,
    /// CSV: the file offset of `bytes[0]`.
    pub byte: u64,
    /// CSV: the line of `bytes[0]`.
    pub line: u64,
    /// GeoJSON: how many features came before this chunk.
    pub first: u64,
    /// GeoJSON: each feature's range in `bytes` and its file offset.
    pub spans: Vec<(Range<usize>, u64)>,
}

/// One chunk's checked records.
pub(super) struct Parsed<T> {
    pub strings: Strings,
    ids: String,
    items: Vec<Item<T>>,
}

struct Item<T> {
    id_end: usize,
    row: Row,
    at: At,
    warning: Option<String>,
    out: T,
}

impl<T> Parsed<T> {
    fn new() -> Parsed<T> {
        Parsed {
            strings: Strings::default(),
            ids: String::new(),
            items: Vec::new(),
        }
    }

    pub fn push(&mut self, id: &str, row: Row, at: At, warning: Option<String>, out: T) {
        self.ids.push_str(id);
        self.items.push(Item {
            id_end: self.ids.len(),
            row,
            at,
            warning,
            out,
        });
    }
}

enum Job {
    Chunk(Chunk),
    /// The reader stopped here: everything before it still counts.
    Fail(usize, Error),
}

struct Done<T> {
    seq: usize,
    /// A chunk's (which holds a token), not the reader's failure.
    chunk: bool,
    parsed: Parsed<T>,
    error: Option<Error>,
}

/// Runs `produce` on a reader thread (it hands chunks to its argument, which
/// says false once nobody wants more), `parse` on worker threads, and `sink`
/// here, in file order. Returns the warnings in file order.
pub(super) fn run<T: Send>(
    strings: &mut Strings,
    produce: impl FnOnce(&mut dyn FnMut(Chunk) -> bool) -> Result<()> + Send,
    parse: impl Fn(&Chunk, &mut Parsed<T>) -> Result<()> + Sync,
    sink: &mut dyn FnMut(Scanned<T>) -> Result<()>,
) -> Result<Vec<String>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    std::thread::scope(|s| {
        let (job_tx, job_rx) = mpsc::sync_channel::<Job>(2 * workers);
        let (done_tx, done_rx) = mpsc::sync_channel::<Done<T>>(2 * workers);
        // One token per chunk between reading and gathering: a slow chunk
        // holds the others back instead of letting them pile up.
        let (token_tx, token_rx) = mpsc::sync_channel::<()>(4 * workers);
        // Workers hold the only handles on the job queue: when they stop, so does the reader.
        let job_rx = Arc::new(Mutex::new(job_rx));
        s.spawn(move || {
            let mut seq = 0;
            let read = produce(&mut |mut c| {
                c.seq = seq;
                seq += 1;
                token_tx.send(()).is_ok() && job_tx.send(Job::Chunk(c)).is_ok()
            });
            if let Err(e) = read {
                let _ = job_tx.send(Job::Fail(seq, e));
            }
        });
        for _ in 0..workers {
            let (job_rx, done_tx, parse) = (Arc::clone(&job_rx), done_tx.clone(), &parse);
            s.spawn(move || {
                loop {
                    let job = job_rx
                        .lock()
                        .map_err(|_| ())
                        .and_then(|q| q.recv().map_err(drop));
                    let done = match job {
                        Err(()) => return,
                        Ok(Job::Chunk(c)) => {
                            let mut parsed = Parsed::new();
                            let error = parse(&c, &mut parsed).err();
                            Done {
                                seq: c.seq,
                                chunk: true,
                                parsed,
                                error,
                            }
                        }
                        Ok(Job::Fail(seq, e)) => Done {
                            seq,
                            chunk: false,
                            parsed: Parsed::new(),
                            error: Some(e),
                        },
                    };
                    if done_tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        drop((job_rx, done_tx));
        gather(done_rx, token_rx, strings, sink)
    })
}

/// Takes the workers' chunks in file order to `sink`; stops at the first error.
fn gather<T>(
    done: mpsc::Receiver<Done<T>>,
    tokens: mpsc::Receiver<()>,
    strings: &mut Strings,
    sink: &mut dyn FnMut(Scanned<T>) -> Result<()>,
) -> Result<Vec<String>> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    let mut record = 0u64;
    let mut warnings = Vec::new();
    let mut syms: Vec<Sym> = Vec::new();
    for d in done {
        waiting.insert(d.seq, d);
        while let Some(d) = waiting.remove(&next) {
            next += 1;
            if d.chunk {
                // Its token went in before it did.
                let _ = tokens.recv();
            }
            let Parsed {
                strings: local,
                ids,
                items,
            } = d.parsed;
            syms.clear();
            syms.extend(local.values.iter().map(|v| strings.intern(v)));
            let mut start = 0;
            for it in items {
                let mut row = it.row;
                for k in [&mut row.anchor, &mut row.admin1, &mut row.section] {
                    *k = syms[k.0 as usize];
                }
                warnings.extend(it.warning);
                let at = At { record, ..it.at };
                record += 1;
                sink(Scanned {
                    id: &ids[start..it.id_end],
                    row: &row,
                    at,
                    out: it.out,
                })?;
                start = it.id_end;
            }
            if let Some(e) = d.error {
                return Err(e);
            }
        }
    }
    Ok(warnings)
}

/// Where a CSV stream may be cut: just past the byte that ends a record
/// (`\r` or `\n` outside quoted fields, after the record's content), read
/// the way the csv crate reads: a quote opens a quoted field only at the
/// start of a field, `""` inside one is a quote, and the next record starts
/// at the first byte after the cut even when that is the `\n` of a `\r\n`
/// or a blank line.
#[derive(Debug, Default)]
pub(super) struct CsvCut {
    /// Scanned up to here.
    pos: usize,
    quoted: bool,
    /// Just past the last record's end (0: none yet).
    pub last: usize,
}

impl CsvCut {
    /// Scans `b` (which starts at a record's start) from where the last call
    /// stopped; stops early where the next byte is needed to decide.
    pub fn advance(&mut self, b: &[u8], eof: bool) {
        while self.pos < b.len() {
            if self.quoted {
                let Some(i) = memchr::memchr(b'"', &b[self.pos..]) else {
                    self.pos = b.len();
                    return;
                };
                let q = self.pos + i;
                match b.get(q + 1) {
                    None if !eof => {
                        self.pos = q;
                        return;
                    }
                    Some(b'"') => self.pos = q + 2,
                    _ => {
                        self.quoted = false;
                        self.pos = q + 1;
                    }
                }
            } else {
                let Some(i) = memchr::memchr3(b'"', b'\n', b'\r', &b[self.pos..]) else {
                    self.pos = b.len();
                    return;
                };
                let j = self.pos + i;
                let after_content = j > 0 && !matches!(b[j - 1], b'\n' | b'\r');
                match b[j] {
                    b'"' => self.quoted = !after_content || b[j - 1] == b',',
                    // The byte that ends a record: the csv crate starts the
                    // next record (and its line) there, before any blank lines.
                    _ if after_content => self.last = j + 1,
                    _ => {}
                }
                self.pos = j + 1;
            }
        }
    }

    /// The first `n` bytes were cut off.
    pub fn drop_front(&mut self, n: usize) {
        self.pos -= n;
        self.last = self.last.saturating_sub(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cut point of `text`, scanned in pieces of `step` bytes.
    fn cuts(text: &str, step: usize) -> Vec<usize> {
        let b = text.as_bytes();
        let mut c = CsvCut::default();
        let mut out = Vec::new();
        let mut end = 0;
        while end < b.len() {
            end = (end + step).min(b.len());
            c.advance(&b[..end], end == b.len());
            if out.last() != Some(&c.last) && c.last > 0 {
                out.push(c.last);
            }
        }
        out
    }

    #[test]
    fn csv_cuts_fall_at_line_ends_outside_quoted_fields() {
        let text = "a,\"x\ny\",c\nb,5\" gun,\"say \"\"hi\"\"\n\"\nc,\"\",d\r\n\"q\nr\"\n";
        let want = vec![10, 33, 40, 47];
        assert_eq!(cuts(text, 1), want);
        for step in [2, 3, 7, 100] {
            let got = cuts(text, step);
            assert!(got.iter().all(|c| want.contains(c)), "step {step}: {got:?}");
            assert_eq!(got.last(), want.last(), "step {step}");
        }
        // Read piece by piece, the pieces give the csv crate's records of the whole.
        let records = |t: &[u8]| -> Vec<csv::ByteRecord> {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(t)
                .byte_records()
                .map(|r| r.expect("record"))
                .collect()
        };
        let whole = records(text.as_bytes());
        let mut pieces = Vec::new();
        let mut from = 0;
        for &c in want.iter() {
            pieces.extend(records(&text.as_bytes()[from..c]));
            from = c;
        }
        assert_eq!(pieces.len(), 4);
        assert_eq!(pieces, whole);
    }
}
