//! Writers for every output format. They take finished data and an
//! `impl Write`; they compute nothing.

pub mod footprints;
pub mod geojson;
pub mod records;

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::error::Error;

/// Writes one JSON object per line.
pub fn write_jsonl<T: Serialize>(
    out: &mut (impl Write + ?Sized),
    rows: &[T],
) -> std::io::Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes rows as CSV with a header taken from the field names.
pub fn write_csv<T: Serialize>(out: &mut (impl Write + ?Sized), rows: &[T]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for r in rows {
        w.serialize(r).map_err(std::io::Error::other)?;
    }
    w.flush()
}

/// Writes a file atomically: to a temporary file beside it, then renamed,
/// so an interrupted run never leaves a truncated layer.
pub fn write_atomic(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let err = |e| Error::Write {
        path: path.into(),
        source: e,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
        std::process::id()
    ));
    let res = (|| {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        f(&mut w)?;
        w.flush()?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res.map_err(err)
}
