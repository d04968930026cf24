//! An incidents CSV read as a stream: one record buffer reused for every row,
//! contract columns typed as they are read.

use std::borrow::Cow;
use std::io::{BufRead, Read, Seek};
use std::path::Path;

use serde_json::{Map, Value};

use super::fields::{self, F, Field, Fields, Need};
use super::par::{self, CHUNK, Chunk, CsvCut, Parsed, Pick, Scanned, Work};
use super::{At, Checked, Raw, Record, Strings, bad};
use crate::error::{Error, Result};
use crate::model::LonLat;

pub(super) fn scan(
    path: &Path,
    reader: &mut dyn BufRead,
    bom: u64,
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<Vec<String>> {
    let mut r = reader_of(reader);
    let layout = Layout::read(path, &mut r)?;
    let mut warnings = Vec::new();
    let mut raw = csv::ByteRecord::new();
    while let Some(rec) = next(path, &mut r, &mut raw, &layout)? {
        let c = layout.check(path, &rec, Need::ALL)?;
        layout.emit(&rec, c, bom, strings, &mut warnings, f)?;
        raw = rec.into_byte_record();
    }
    Ok(warnings)
}

/// [`super::scan_par`] of a CSV: the header read here, whole records cut
/// on a reader thread and checked on workers.
pub(super) fn scan_par<T: Send>(
    path: &Path,
    strings: &mut Strings,
    pick: &Pick,
    work: &Work<T>,
    sink: &mut dyn FnMut(Scanned<T>) -> Result<()>,
) -> Result<Vec<String>> {
    let (reader, bom) = super::open(path)?;
    let mut r = reader_of(reader);
    let layout = Layout::read(path, &mut r)?;
    let data = r.position().clone();
    drop(r);
    par::run(
        strings,
        |send| chunks(path, bom + data.byte(), data.line(), send),
        |c, out| parse_chunk(path, &layout, c, out, pick, work),
        sink,
    )
}

/// Cuts the records from file offset `start` (line `line`) into chunks.
fn chunks(path: &Path, start: u64, line: u64, send: &mut dyn FnMut(Chunk) -> bool) -> Result<()> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    file.seek(std::io::SeekFrom::Start(start))
        .map_err(|e| Error::io(path, e))?;
    let (mut byte, mut line) = (start, line);
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + CHUNK / 2);
    let mut cut = CsvCut::default();
    loop {
        let len = buf.len();
        buf.resize(len + CHUNK / 2, 0);
        let n = loop {
            match file.read(&mut buf[len..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        };
        buf.truncate(len + n);
        let eof = n == 0;
        cut.advance(&buf, eof);
        if !eof && (buf.len() < CHUNK || cut.last == 0) {
            continue;
        }
        let mut rest = if eof {
            Vec::new()
        } else {
            buf.split_off(cut.last)
        };
        rest.reserve(CHUNK + CHUNK / 2);
        cut.drop_front(buf.len());
        let bytes = std::mem::replace(&mut buf, rest);
        let lines = memchr::memchr_iter(b'\n', &bytes).count() as u64;
        let size = bytes.len() as u64;
        if !bytes.is_empty()
            && !send(Chunk {
                bytes,
                byte,
                line,
                ..Chunk::default()
            })
        {
            return Ok(());
        }
        if eof {
            return Ok(());
        }
        byte += size;
        line += lines;
    }
}

/// Checks the records of one chunk, in order, until the first bad one.
fn parse_chunk<T>(
    path: &Path,
    layout: &Layout,
    chunk: &Chunk,
    out: &mut Parsed<T>,
    pick: &Pick,
    work: &Work<T>,
) -> Result<()> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&chunk.bytes[..]);
    let mut raw = csv::ByteRecord::new();
    let mut k = 0u64;
    loop {
        let more = r.read_byte_record(&mut raw).map_err(|e| Error::BadRow {
            path: path.into(),
            line: (chunk.line + e.position().map_or(1, csv::Position::line) - 1) as usize,
            message: e.to_string(),
        })?;
        if !more {
            return Ok(());
        }
        let local = raw.position().cloned().unwrap_or_else(csv::Position::new);
        let mut pos = csv::Position::new();
        pos.set_byte(chunk.byte + local.byte())
            .set_line(chunk.line + local.line() - 1)
            .set_record(k);
        let line = pos.line() as usize;
        let rec = layout.text(path, std::mem::take(&mut raw), &pos)?;
        let at = At {
            byte: pos.byte(),
            line: pos.line(),
            record: k,
        };
        k += 1;
        let Some(need) = pick(&at) else {
            raw = rec.into_byte_record();
            continue;
        };
        let c = layout.check(path, &rec, need)?;
        let row = c.fields.row(c.point, &mut out.strings);
        let id = c.fields.id().unwrap_or("");
        let made = work(&Record {
            id,
            row: &row,
            at,
            raw: Raw::Csv {
                headers: &layout.headers,
                record: &rec,
                line,
            },
        })?;
        out.push(id, row, at, c.warning, made);
        raw = rec.into_byte_record();
    }
}

/// Reads the records starting at `at` again, one seek each.
pub(super) fn reread(
    path: &Path,
    at: &[At],
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<()> {
    let (reader, _) = super::open(path)?;
    let mut r = reader_of(reader);
    let layout = Layout::read(path, &mut r)?;
    let mut raw = csv::ByteRecord::new();
    let mut warnings = Vec::new();
    for a in at {
        let mut pos = csv::Position::new();
        pos.set_byte(a.byte).set_line(a.line).set_record(a.record);
        // `a.byte` counts from the start of the file: the position is absolute.
        r.seek_raw(std::io::SeekFrom::Start(a.byte), pos)
            .map_err(|e| Error::io(path, e.into()))?;
        let Some(rec) = next(path, &mut r, &mut raw, &layout)? else {
            return Err(bad(path, format!("no record at line {} any more", a.line)));
        };
        let c = layout.check(path, &rec, Need::ALL)?;
        layout.emit(&rec, c, 0, strings, &mut warnings, f)?;
        raw = rec.into_byte_record();
    }
    Ok(())
}

/// A CSV reader that leaves the field count to [`Layout::text`], so the
/// sequential and the parallel readers word that error alike.
fn reader_of<R: std::io::Read>(r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new().flexible(true).from_reader(r)
}

/// Reads the next record as text (`raw` is its buffer); None at the end.
fn next<R: std::io::Read>(
    path: &Path,
    r: &mut csv::Reader<R>,
    raw: &mut csv::ByteRecord,
    layout: &Layout,
) -> Result<Option<csv::StringRecord>> {
    let more = r.read_byte_record(raw).map_err(|e| Error::BadRow {
        path: path.into(),
        line: e.position().map_or(0, |p| p.line() as usize),
        message: e.to_string(),
    })?;
    if !more {
        return Ok(None);
    }
    let pos = raw.position().cloned().unwrap_or_else(csv::Position::new);
    layout.text(path, std::mem::take(raw), &pos).map(Some)
}

/// The header: every column's name and contract field, and where lon/lat are.
struct Layout {
    headers: Vec<(String, Option<F>)>,
    lon: usize,
    lat: usize,
}

impl Layout {
    fn read<R: std::io::Read>(path: &Path, r: &mut csv::Reader<R>) -> Result<Layout> {
        let headers: Vec<(String, Option<F>)> = r
            .headers()
            .map_err(|e| bad(path, format!("no CSV header: {e}")))?
            .iter()
            .map(|h| (h.to_owned(), F::of(h)))
            .collect();
        let col = |name: &str| headers.iter().position(|(h, _)| h == name);
        let (Some(lon), Some(lat)) = (col("lon"), col("lat")) else {
            return Err(bad(path, "CSV needs lon and lat columns"));
        };
        Ok(Layout { headers, lon, lat })
    }

    /// A record's bytes as text at `pos`: as many fields as the header, and
    /// UTF-8.
    fn text(
        &self,
        path: &Path,
        raw: csv::ByteRecord,
        pos: &csv::Position,
    ) -> Result<csv::StringRecord> {
        let row_err = |message: String| Error::BadRow {
            path: path.into(),
            line: pos.line() as usize,
            message,
        };
        if raw.len() != self.headers.len() {
            return Err(row_err(format!(
                "found a record with {} fields, but the header has {}",
                raw.len(),
                self.headers.len()
            )));
        }
        let mut rec = csv::StringRecord::from_byte_record(raw).map_err(|e| {
            row_err(format!(
                "field {} is not valid UTF-8",
                e.utf8_error().field() + 1
            ))
        })?;
        rec.set_position(Some(pos.clone()));
        Ok(rec)
    }

    /// Checks the fields `need` names in one record (lon/lat always).
    fn check<'a>(
        &self,
        path: &Path,
        rec: &'a csv::StringRecord,
        need: Need,
    ) -> Result<Checked<'a>> {
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let row_err = |message: String| Error::BadRow {
            path: path.into(),
            line,
            message,
        };
        let num = |k: usize| {
            rec.get(k)
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse::<f64>())
        };
        let point = match (num(self.lon), num(self.lat)) {
            (None, None) => None,
            (Some(Ok(lon)), Some(Ok(lat))) => Some(
                LonLat::new(lon, lat)
                    .ok_or_else(|| row_err(format!("lon {lon} / lat {lat} out of range")))?,
            ),
            _ => return Err(row_err("lon/lat are not numbers".into())),
        };
        let mut fields = Fields::new();
        for ((h, f), v) in self.headers.iter().zip(rec.iter()) {
            if let Some(f) = f
                && need.has(*f)
            {
                fields.set(*f, cell(h, *f, v).map_err(row_err)?);
            }
        }
        if need.has(F::Id) && matches!(fields.get(F::Id), Field::Null) {
            fields.set(F::Id, Field::Str(Cow::Owned(format!("row-{line}"))));
        }
        let warning = fields
            .check(point)
            .map_err(row_err)?
            .map(|w| format!("{}:{line}: {w}", path.display()));
        Ok(Checked {
            point,
            fields,
            warning,
        })
    }

    /// Hands a checked record to `f`; `shift` is added to its byte offset (a
    /// byte order mark the CSV reader did not see).
    fn emit(
        &self,
        rec: &csv::StringRecord,
        c: Checked,
        shift: u64,
        strings: &mut Strings,
        warnings: &mut Vec<String>,
        f: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        let pos = rec.position().cloned().unwrap_or_else(csv::Position::new);
        let line = pos.line() as usize;
        warnings.extend(c.warning);
        let (point, fields) = (c.point, c.fields);
        let row = fields.row(point, strings);
        f(&Record {
            id: fields.id().unwrap_or(""),
            row: &row,
            at: At {
                byte: pos.byte() + shift,
                line: pos.line(),
                record: pos.record(),
            },
            raw: Raw::Csv {
                headers: &self.headers,
                record: rec,
                line,
            },
        })
    }
}

/// One cell of a contract column: empty is null, numeric columns are numbers.
fn cell<'a>(header: &str, f: F, v: &'a str) -> Result<Field<'a>, String> {
    if v.is_empty() {
        return Ok(Field::Null);
    }
    if !fields::is_numeric(f) {
        return Ok(Field::Str(Cow::Borrowed(v)));
    }
    number(v)
        .map(Field::Num)
        .ok_or_else(|| format!("{header} '{v}' is not a number"))
}

fn number(v: &str) -> Option<serde_json::Number> {
    let t = v.trim();
    t.parse::<i64>()
        .map(serde_json::Number::from)
        .ok()
        .or_else(|| t.parse::<f64>().ok().and_then(serde_json::Number::from_f64))
}

/// Every column of a record but lon/lat, as the properties of a feature.
pub(super) fn properties(
    headers: &[(String, Option<F>)],
    record: &csv::StringRecord,
    line: usize,
) -> Map<String, Value> {
    let mut props = Map::new();
    for ((h, f), v) in headers.iter().zip(record.iter()) {
        if h == "lon" || h == "lat" {
            continue;
        }
        let value = if v.is_empty() {
            Value::Null
        } else if f.is_some_and(fields::is_numeric) {
            number(v).map_or(Value::Null, Value::Number)
        } else {
            Value::String(v.to_owned())
        };
        props.insert(h.to_owned(), value);
    }
    if props.get("id").is_none_or(Value::is_null) {
        props.insert("id".into(), Value::String(format!("row-{line}")));
    }
    props
}
