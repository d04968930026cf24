//! The library's one error type. Every variant names the file (and line where
//! there is one) so a user can find the bad input; the CLI adds nothing but
//! the exit code.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: no such file or directory")]
    NotFound { path: PathBuf },

    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: empty file")]
    Empty { path: PathBuf },

    #[error("{path}: looks like a binary file ({detail}); expected a .txt or .html report")]
    Binary { path: PathBuf, detail: String },

    #[error("{path}:{line}: not valid UTF-8 text")]
    InvalidUtf8 { path: PathBuf, line: usize },

    #[error("{path}: directory holds no .txt, .html or .htm report")]
    NoReports { path: PathBuf },

    #[error("{path}:{line}: {message}")]
    BadRow {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("{path}: {message}")]
    BadData { path: PathBuf, message: String },

    #[error("{0}")]
    Invalid(String),

    #[error("{}", locked(path, *pid))]
    Locked { path: PathBuf, pid: u32 },

    #[error("writing {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn locked(lock: &std::path::Path, pid: u32) -> String {
    let dir = lock
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let who = if pid == 0 {
        String::new()
    } else {
        format!(" (process {pid})")
    };
    format!(
        "{dir}: another incimap run{who} is writing this folder; wait for it to finish or \
         choose another -o"
    )
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound { path }
        } else {
            Error::Io { path, source }
        }
    }
}
