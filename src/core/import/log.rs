//! The lake's record of imports (`_imports.jsonl`, ignored by every Parquet reader as its name starts with `_`), the
//! lock that keeps two imports from interleaving, and undoing one import.

use std::fs::File;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};

pub const LOG_FILE: &str = "_imports.jsonl";
/// Where registered documents' texts are kept (`lake add-source`).
pub const SOURCES_DIR: &str = "_sources";
/// The prefix of a file an import is still writing (removed by the next import if that one was killed).
pub const STAGING_PREFIX: &str = "_staging-";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    /// When, as `YYYY-MM-DD HH:MM:SS` UTC.
    pub at: String,
    pub user: String,
    pub table: String,
    /// The file imported, as given.
    pub source_file: String,
    pub sha256: String,
    pub rows: u64,
    /// The files this import added, relative to the lake's folder.
    pub files: Vec<String>,
    /// Why it was placed although a reconciliation rule failed (`--allow-unreconciled`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreconciled: Option<String>,
}

/// An exclusive lock on the lake's folder for one import or undo; the kernel drops it when the process ends,
/// however it ends.
pub struct LakeLock {
    _dir: File,
}

impl LakeLock {
    pub fn acquire(root: &Path) -> Result<LakeLock> {
        let dir = File::open(root).map_err(|e| Error::io(root, e))?;
        // SAFETY: flock on a descriptor we own; no memory is involved.
        let locked = unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if !locked {
            return Err(Error::Invalid(format!(
                "{}: another import or undo is running on this lake; try again when it has ended",
                root.display()
            )));
        }
        let lock = LakeLock { _dir: dir };
        recover(root)?;
        Ok(lock)
    }
}

/// What a killed import left: its staging files, and its log entry if its files never got into place.
fn recover(root: &Path) -> Result<()> {
    for entry in std::fs::read_dir(root)
        .map_err(|e| Error::io(root, e))?
        .flatten()
    {
        let folder = entry.path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder)
            .map_err(|e| Error::io(&folder, e))?
            .flatten()
        {
            if file
                .file_name()
                .to_string_lossy()
                .starts_with(STAGING_PREFIX)
            {
                std::fs::remove_file(file.path()).map_err(|e| Error::io(&file.path(), e))?;
            }
        }
    }
    let entries = read(root)?;
    let whole: Vec<Entry> = entries
        .iter()
        .filter(|e| e.files.iter().all(|f| root.join(f).exists()))
        .cloned()
        .collect();
    if whole.len() != entries.len() {
        write(root, &whole)?;
    }
    Ok(())
}

pub fn read(root: &Path) -> Result<Vec<Entry>> {
    let path = root.join(LOG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map_err(|e| Error::io(&path, format!("line {}: not an import record: {e}", i + 1)))
        })
        .collect()
}

/// Replace the log with `entries`, whole or not at all; no entries, no file.
pub fn write(root: &Path, entries: &[Entry]) -> Result<()> {
    let path = root.join(LOG_FILE);
    if entries.is_empty() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&path, e)),
            _ => Ok(()),
        };
    }
    let mut text = String::new();
    for e in entries {
        let line = serde_json::to_string(e).map_err(|e| Error::io(&path, e))?;
        text.push_str(&line);
        text.push('\n');
    }
    crate::core::atomic_file::write_whole(&path, text.as_bytes())
}

/// The record of import `id`, or an error listing the imports there are.
pub fn find(root: &Path, id: &str) -> Result<Entry> {
    let entries = read(root)?;
    entries.iter().find(|e| e.id == id).cloned().ok_or_else(|| {
        let known: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        Error::Usage(format!(
            "{}: no import `{id}` (imports: {})",
            root.display(),
            if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            }
        ))
    })
}

/// Remove exactly one import's files and its record (the caller holds the lock).
pub fn remove(root: &Path, entry: &Entry) -> Result<()> {
    // Files first, the record last: a crash between leaves a record whose files are gone, which the next lock
    // drops (`recover`); never files that no record claims.
    for file in &entry.files {
        let path: PathBuf = root.join(file);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&path, e)),
            _ => {}
        }
        // A table folder the import created and left empty goes too, so the lake is as it was.
        if let Some(parent) = path.parent()
            && parent != root
            && std::fs::read_dir(parent).is_ok_and(|mut d| d.next().is_none())
        {
            let _ = std::fs::remove_dir(parent);
        }
    }
    let entries: Vec<Entry> = read(root)?
        .into_iter()
        .filter(|e| e.id != entry.id)
        .collect();
    write(root, &entries)
}

/// Now in UTC as `YYYY-MM-DD HH:MM:SS` (civil date from the days since 1970, proleptic Gregorian).
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}
