//! Writers for every output format. They take finished data and an
//! `impl Write`; they compute nothing.

pub mod footprints;
pub mod geojson;
pub mod layers;

pub mod report;
pub mod transaction;

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
    let tmp = prepare(path)?;
    (|| {
        let mut w = std::io::BufWriter::new(std::fs::File::create(tmp.path())?);
        f(&mut w)?;
        w.flush()?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(tmp.path(), path)
    })()
    .map_err(err)?;
    tmp.keep();
    Ok(())
}

/// Checks `path` can be written (no file where a folder must be), makes its
/// folder and returns the temporary path to write first (removed unless kept).
fn prepare(path: &Path) -> Result<transaction::Pending, Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
        return Err(Error::BadData {
            path: path.into(),
            message: format!(
                "cannot write here: {} is a file, not a folder",
                file.display()
            ),
        });
    }
    let tmp = transaction::Pending::new(temp_path(path));
    transaction::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.into(),
        source: e,
    })?;
    Ok(tmp)
}

/// Writes a file atomically through a path, for writers that want one (the
/// image backends): `draw` writes the temporary path, which is then renamed.
pub fn write_atomic_path(
    path: &Path,
    draw: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), Error> {
    let err = |e| Error::Write {
        path: path.into(),
        source: e,
    };
    let tmp = prepare(path)?;
    // The image backends report a failed create as a debug struct: try it first.
    std::fs::File::create(tmp.path()).map_err(err)?;
    draw(tmp.path()).map_err(|e| err(std::io::Error::other(e)))?;
    std::fs::rename(tmp.path(), path).map_err(err)?;
    tmp.keep();
    Ok(())
}

/// A hidden temporary name beside `path`, unique to this process, keeping
/// the extension (image encoders choose the format by it).
pub fn temp_path(path: &Path) -> std::path::PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("tmp");
    path.with_file_name(format!(".{name}.tmp{}.{ext}", std::process::id()))
}
