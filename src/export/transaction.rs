//! Whole-run transactions on an output folder, and removal of half-written
//! files when the process is interrupted.
//!
//! A run takes the folder's lock file (a second run on the same folder is
//! refused), writes every file into a staging folder inside it, and at the end
//! moves them into place and removes the files of the previous run that this
//! run did not write (the folder's manifest lists them). Until that moment the
//! folder holds the previous run, whole: an error, a run whose inputs all
//! failed, Ctrl-C or SIGTERM remove the staging folder and the lock and leave
//! it as it was.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::Error;

/// Lock file of a folder being written.
pub const LOCK_NAME: &str = ".incimap.lock";
/// The files the last completed run wrote, one name a line.
pub const MANIFEST_NAME: &str = ".incimap-files";
const STAGING_PREFIX: &str = ".incimap-staging-";

/// Paths to remove if the process is interrupted (temporary files, staging
/// folders, lock files), in the order they were made.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// An output folder this run created: on interruption removed only if empty.
static CREATED: Mutex<Option<PathBuf>> = Mutex::new(None);

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

fn created() -> MutexGuard<'static, Option<PathBuf>> {
    CREATED.lock().unwrap_or_else(|e| e.into_inner())
}

fn remove_path(p: &Path) {
    if p.is_dir() {
        // Another thread may rename a finished file into the folder while it
        // is being emptied (an interrupt does not stop the writers): the
        // folder's last removal then fails, so empty it again. Once it is
        // gone nothing can land in it, as `create_dir_all` waits for us.
        for _ in 0..100 {
            if fs::remove_dir_all(p).is_ok() || !p.exists() {
                break;
            }
        }
    } else {
        let _ = fs::remove_file(p);
    }
}

/// Installs the SIGINT/SIGTERM handler: it waits for a folder being committed
/// to be whole, removes every pending path and exits with status 130.
pub fn install_interrupt_cleanup() {
    let _ = ctrlc::set_handler(|| {
        let mut paths = pending();
        for p in paths.drain(..).rev() {
            remove_path(&p);
        }
        if let Some(dir) = created().take() {
            let _ = fs::remove_dir(dir);
        }
        let _ = writeln!(
            std::io::stderr(),
            "interrupted: nothing half-written was left behind"
        );
        std::process::exit(130);
    });
}

/// A path removed on interruption or when the guard is dropped, unless kept.
pub struct Pending {
    path: PathBuf,
    armed: bool,
}

impl Pending {
    pub fn new(path: PathBuf) -> Pending {
        pending().push(path.clone());
        Pending { path, armed: true }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path stays (it was renamed into place or is wanted).
    pub fn keep(mut self) {
        self.armed = false;
        forget(&mut pending(), &self.path);
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if self.armed {
            remove_path(&self.path);
            forget(&mut pending(), &self.path);
        }
    }
}

fn forget(list: &mut Vec<PathBuf>, p: &Path) {
    if let Some(i) = list.iter().rposition(|x| x == p) {
        list.remove(i);
    }
}

/// One run's writes into an output folder.
pub struct OutputRun {
    dir: PathBuf,
    staging: Option<Pending>,
    lock: Option<Lock>,
    files: Vec<String>,
    /// The folder did not exist before this run (removed again if nothing lands).
    created: bool,
}

impl OutputRun {
    /// Takes the folder's lock and makes the staging folder.
    pub fn begin(dir: &Path) -> Result<OutputRun, Error> {
        let werr = |p: &Path, e| Error::Write {
            path: p.into(),
            source: e,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(Error::BadData {
                path: dir.into(),
                message: "is a file, not a folder: -o names the output folder".into(),
            });
        }
        let created = !dir.exists();
        fs::create_dir_all(dir).map_err(|e| werr(dir, e))?;
        if created {
            *self::created() = Some(dir.into());
        }
        let lock_path = dir.join(LOCK_NAME);
        let lock = match take_lock(&lock_path) {
            Ok(l) => l,
            Err(e) => {
                if created {
                    let _ = fs::remove_dir(dir);
                    self::created().take();
                }
                return Err(e);
            }
        };
        // With the lock held, any staging folder is a killed run's leftover.
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(STAGING_PREFIX) {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let staging_path = dir.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        let staging = Pending::new(staging_path.clone());
        fs::create_dir(&staging_path).map_err(|e| werr(&staging_path, e))?;
        Ok(OutputRun {
            dir: dir.into(),
            staging: Some(staging),
            lock: Some(lock),
            files: Vec::new(),
            created,
        })
    }

    /// The output folder (where the files land on commit).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where to write `name` during the run (inside the staging folder).
    pub fn file(&mut self, name: &str) -> PathBuf {
        if !self.files.iter().any(|f| f == name) {
            self.files.push(name.to_owned());
        }
        self.staging
            .as_ref()
            .map_or_else(|| self.dir.clone(), |s| s.path().to_path_buf())
            .join(name)
    }

    /// Moves every staged file into place, removes the previous run's files
    /// this run did not write, and releases the lock. Returns the final paths.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, Error> {
        let staging = self.staging.take().expect("staging until commit");
        let lock = self.lock.take().expect("lock until commit");
        // An interrupt waits here until the folder is whole again.
        let mut guard = pending();
        // Every file the run named must be staged before anything moves:
        // a folder is never left half this run, half the previous one.
        if let Some(f) = self.files.iter().find(|f| !staging.path().join(f).exists()) {
            return Err(Error::Write {
                path: self.dir.join(f),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "the run named this file but did not write it",
                ),
            });
        }
        let previous = previous_files(&self.dir);
        // First a manifest naming both runs' files: a crash during the moves
        // leaves a folder whose next run still removes every stale file.
        let mut union = previous.clone();
        union.extend(self.files.iter().filter(|f| !previous.contains(f)).cloned());
        self.write_manifest(staging.path(), &union)?;
        let mut out = Vec::with_capacity(self.files.len());
        for f in &self.files {
            let from = staging.path().join(f);
            let to = self.dir.join(f);
            fs::rename(&from, &to).map_err(|e| Error::Write {
                path: to.clone(),
                source: e,
            })?;
            out.push(to);
        }
        for old in previous.iter().filter(|p| !self.files.contains(p)) {
            let _ = fs::remove_file(self.dir.join(old));
        }
        self.write_manifest(staging.path(), &self.files)?;
        let _ = fs::remove_dir_all(staging.path());
        forget(&mut guard, staging.path());
        std::mem::forget(staging);
        created().take();
        self.created = false;
        drop(guard);
        lock.release();
        Ok(out)
    }

    fn write_manifest(&self, staging: &Path, names: &[String]) -> Result<(), Error> {
        let manifest = self.dir.join(MANIFEST_NAME);
        let tmp = staging.join(MANIFEST_NAME);
        fs::write(&tmp, names.join("\n") + "\n")
            .and_then(|()| fs::rename(&tmp, &manifest))
            .map_err(|e| Error::Write {
                path: manifest,
                source: e,
            })
    }
}

/// Creates a folder unless an interrupt is cleaning up (it holds the list of
/// pending paths until the process exits), so no staging folder is remade
/// after the cleanup removed it.
pub fn create_dir_all(dir: &Path) -> std::io::Result<()> {
    let _hold = pending();
    fs::create_dir_all(dir)
}

impl Drop for OutputRun {
    fn drop(&mut self) {
        // Not committed: the staging folder goes, then the lock.
        self.staging.take();
        if let Some(l) = self.lock.take() {
            l.release();
        }
        if self.created {
            let _ = fs::remove_dir(&self.dir);
            created().take();
        }
    }
}

/// The folder's lock: an advisory lock (flock) held on the lock file for the
/// whole run, so it is released even when the process is killed outright;
/// the file holds the holder's process id for the message.
pub struct Lock {
    file: fs::File,
    path: Pending,
}

fn take_lock(path: &Path) -> Result<Lock, Error> {
    let werr = |e| Error::Write {
        path: path.into(),
        source: e,
    };
    loop {
        let guard = Pending::new(path.into());
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(werr)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                guard.keep();
                let pid = fs::read_to_string(path)
                    .ok()
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .unwrap_or(0);
                return Err(Error::Locked {
                    path: path.into(),
                    pid,
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(werr(e)),
        }
        // The holder before us may have removed the file after we opened it:
        // the lock counts only on the file the path still names.
        if same_file(&file, path) {
            file.set_len(0).map_err(werr)?;
            writeln!(file, "{}", std::process::id()).map_err(werr)?;
            return Ok(Lock { file, path: guard });
        }
        guard.keep();
    }
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

impl Lock {
    /// Removes the lock file, then releases the lock.
    fn release(self) {
        let Lock { file, path } = self;
        drop(path);
        let _ = file.unlock();
    }
}

/// The files the last completed run wrote: its manifest, or (a folder from a
/// version without one) the numbered theatre maps.
fn previous_files(dir: &Path) -> Vec<String> {
    if let Ok(s) = fs::read_to_string(dir.join(MANIFEST_NAME)) {
        return s
            .lines()
            .map(str::trim)
            // Only plain names in this folder, whatever the manifest says.
            .filter(|l| !l.is_empty() && !l.contains(['/', '\\']) && !l.starts_with('.'))
            .map(str::to_owned)
            .collect();
    }
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let numbered = name
                .strip_prefix("map-")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
            if numbered && name.ends_with(".png") {
                out.push(name);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_the_previous_run_and_removes_its_stale_files() {
        let d = tempfile::tempdir().expect("test");
        let mut run = OutputRun::begin(d.path()).expect("test");
        fs::write(run.file("a.txt"), "1").expect("test");
        fs::write(run.file("map-2-x.png"), "old").expect("test");
        run.commit().expect("test");
        let mut run = OutputRun::begin(d.path()).expect("test");
        fs::write(run.file("a.txt"), "2").expect("test");
        // Before the commit the folder still holds the first run.
        assert_eq!(
            fs::read_to_string(d.path().join("a.txt")).expect("test"),
            "1"
        );
        assert!(d.path().join(LOCK_NAME).exists());
        run.commit().expect("test");
        assert_eq!(
            fs::read_to_string(d.path().join("a.txt")).expect("test"),
            "2"
        );
        assert!(!d.path().join("map-2-x.png").exists());
        let left: Vec<String> = fs::read_dir(d.path())
            .expect("test")
            .map(|e| e.expect("test").file_name().to_string_lossy().into_owned())
            .collect();
        let mut left = left;
        left.sort();
        assert_eq!(left, vec![MANIFEST_NAME.to_string(), "a.txt".to_string()]);
    }

    #[test]
    fn a_file_named_but_not_written_fails_the_commit_before_anything_moves() {
        let d = tempfile::tempdir().expect("test");
        let mut run = OutputRun::begin(d.path()).expect("test");
        fs::write(run.file("a.txt"), "1").expect("test");
        run.commit().expect("test");
        let mut run = OutputRun::begin(d.path()).expect("test");
        fs::write(run.file("a.txt"), "2").expect("test");
        let _ = run.file("never.png");
        let e = run.commit().expect_err("a named file is missing");
        assert!(e.to_string().contains("never.png"), "{e}");
        assert_eq!(
            fs::read_to_string(d.path().join("a.txt")).expect("test"),
            "1"
        );
        assert!(!d.path().join("never.png").exists());
    }

    #[test]
    fn a_run_dropped_before_commit_leaves_nothing() {
        let d = tempfile::tempdir().expect("test");
        let out = d.path().join("new");
        let mut run = OutputRun::begin(&out).expect("test");
        fs::write(run.file("a.txt"), "1").expect("test");
        drop(run);
        assert!(!out.exists(), "a folder made by the failed run is removed");
    }

    #[test]
    fn a_held_lock_refuses_a_second_run_and_a_dead_one_is_taken_over() {
        let d = tempfile::tempdir().expect("test");
        let run = OutputRun::begin(d.path()).expect("test");
        let second = OutputRun::begin(d.path());
        assert!(matches!(second, Err(Error::Locked { .. })));
        drop(run);
        // A lock file nobody holds (a run killed outright) is taken over.
        fs::write(d.path().join(LOCK_NAME), "4294967294\n").expect("test");
        OutputRun::begin(d.path())
            .expect("test")
            .commit()
            .expect("test");
        assert!(!d.path().join(LOCK_NAME).exists());
    }
}
