//! An incidents CSV read as a stream: one record buffer reused for every row,
//! contract columns typed as they are read.

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;

use serde_json::{Map, Value};

use super::fields::{self, F, Field, Fields};
use super::{At, Raw, Record, Strings, bad};
use crate::error::{Error, Result};
use crate::model::LonLat;

pub(super) fn scan(
    path: &Path,
    reader: &mut dyn BufRead,
    bom: u64,
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<Vec<String>> {
    let mut r = csv::Reader::from_reader(reader);
    let layout = Layout::read(path, &mut r)?;
    let mut warnings = Vec::new();
    let mut rec = csv::StringRecord::new();
    while next(path, &mut r, &mut rec)? {
        let c = layout.check(path, &rec)?;
        layout.emit(&rec, c, bom, strings, &mut warnings, f)?;
    }
    Ok(warnings)
}

/// A record's checked fields, point and warning.
struct Checked<'a> {
    point: Option<LonLat>,
    fields: Fields<'a>,
    warning: Option<String>,
}

/// Reads the records starting at `at` again, one seek each.
pub(super) fn reread(
    path: &Path,
    at: &[At],
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<()> {
    let (reader, _) = super::open(path)?;
    let mut r = csv::Reader::from_reader(reader);
    let layout = Layout::read(path, &mut r)?;
    let mut rec = csv::StringRecord::new();
    let mut warnings = Vec::new();
    for a in at {
        let mut pos = csv::Position::new();
        pos.set_byte(a.byte).set_line(a.line).set_record(a.record);
        // `a.byte` counts from the start of the file: the position is absolute.
        r.seek_raw(std::io::SeekFrom::Start(a.byte), pos)
            .map_err(|e| Error::io(path, e.into()))?;
        if !next(path, &mut r, &mut rec)? {
            return Err(bad(path, format!("no record at line {} any more", a.line)));
        }
        let c = layout.check(path, &rec)?;
        layout.emit(&rec, c, 0, strings, &mut warnings, f)?;
    }
    Ok(())
}

/// Reads the next record; false at the end.
fn next<R: std::io::Read>(
    path: &Path,
    r: &mut csv::Reader<R>,
    rec: &mut csv::StringRecord,
) -> Result<bool> {
    r.read_record(rec).map_err(|e| Error::BadRow {
        path: path.into(),
        line: e.position().map_or(0, |p| p.line() as usize),
        message: e.to_string(),
    })
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

    /// Checks one record.
    fn check<'a>(&self, path: &Path, rec: &'a csv::StringRecord) -> Result<Checked<'a>> {
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
            if let Some(f) = f {
                fields.set(*f, cell(h, *f, v).map_err(row_err)?);
            }
        }
        if matches!(fields.get(F::Id), Field::Null) {
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
        .map(Field::Other)
        .ok_or_else(|| format!("{header} '{v}' is not a number"))
}

fn number(v: &str) -> Option<Value> {
    let t = v.trim();
    t.parse::<i64>().map(Value::from).ok().or_else(|| {
        t.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Value::from)
    })
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
            number(v).unwrap_or(Value::Null)
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
