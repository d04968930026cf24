//! Writers for every output format. They take finished data and an
//! `impl Write`; they compute nothing.

pub mod records;

use std::io::Write;

use serde::Serialize;

/// Writes one JSON object per line.
pub fn write_jsonl<T: Serialize>(out: &mut impl Write, rows: &[T]) -> std::io::Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes rows as CSV with a header taken from the field names.
pub fn write_csv<T: Serialize>(out: &mut impl Write, rows: &[T]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for r in rows {
        w.serialize(r).map_err(std::io::Error::other)?;
    }
    w.flush()
}
