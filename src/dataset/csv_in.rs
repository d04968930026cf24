//! An incidents CSV read as a stream: one record buffer reused for every row,
//! contract columns typed as they are read.

use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;

use serde_json::{Map, Value};

use super::fields::{self, F, Field, Fields};
use super::{Raw, Record, Strings, bad};
use crate::error::{Error, Result};
use crate::model::LonLat;

pub(super) fn scan(
    path: &Path,
    reader: &mut dyn BufRead,
    strings: &mut Strings,
    f: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<Vec<String>> {
    let mut r = csv::Reader::from_reader(reader);
    let headers: Vec<(String, Option<F>)> = r
        .headers()
        .map_err(|e| bad(path, format!("no CSV header: {e}")))?
        .iter()
        .map(|h| (h.to_owned(), F::of(h)))
        .collect();
    let col = |name: &str| headers.iter().position(|(h, _)| h == name);
    let (Some(ilon), Some(ilat)) = (col("lon"), col("lat")) else {
        return Err(bad(path, "CSV needs lon and lat columns"));
    };
    let mut warnings = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match r.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(Error::BadRow {
                    path: path.into(),
                    line: e.position().map_or(0, |p| p.line() as usize),
                    message: e.to_string(),
                });
            }
        }
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
        let point = match (num(ilon), num(ilat)) {
            (None, None) => None,
            (Some(Ok(lon)), Some(Ok(lat))) => Some(
                LonLat::new(lon, lat)
                    .ok_or_else(|| row_err(format!("lon {lon} / lat {lat} out of range")))?,
            ),
            _ => return Err(row_err("lon/lat are not numbers".into())),
        };
        let mut fields = Fields::new();
        for ((h, f), v) in headers.iter().zip(rec.iter()) {
            if let Some(f) = f {
                fields.set(*f, cell(h, *f, v).map_err(row_err)?);
            }
        }
        if matches!(fields.get(F::Id), Field::Null) {
            fields.set(F::Id, Field::Str(Cow::Owned(format!("row-{line}"))));
        }
        if let Some(w) = fields.check(point).map_err(row_err)? {
            warnings.push(format!("{}:{line}: {w}", path.display()));
        }
        let row = fields.row(point, strings);
        f(&Record {
            id: fields.id().unwrap_or(""),
            row: &row,
            raw: Raw::Csv {
                headers: &headers,
                record: &rec,
                line,
            },
        })?;
    }
    Ok(warnings)
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
