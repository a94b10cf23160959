//! The lake's record of imports (`_imports.jsonl`, ignored by every Parquet reader as its name starts with `_`), the
//! lock that keeps two imports from interleaving, and undoing one import.
//!
//! Nothing read from the log or found in the lake's folder is trusted: undo removes a file only when it is one an
//! import writes (`TABLE/import-ID.parquet` in the import's own contract table folder, or `_sources/ID.txt` for a
//! registered document), reached through folder descriptors opened without following a symlink, a regular file, and
//! of the size and SHA-256 the import recorded; anything else refuses the whole undo before a file is removed. The
//! lock's clean-up likewise removes only `_staging-` regular files directly in the contract's table folders.

use std::ffi::{CStr, CString};
use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::core::cells::escape_control;
use crate::core::contract;
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
    /// Each added file as the import wrote it: undo removes a file only while it still is. Entries written before
    /// qlake recorded this have none (undo then needs `--force`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written: Vec<Written>,
    /// Why it was placed although a reconciliation rule failed (`--allow-unreconciled`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreconciled: Option<String>,
    /// What shaped the rows besides the file's bytes: the sheet read, the column mapping, the units, the encoding,
    /// `synthetic` (see `import::shape`). With the hash and the table, what says whether an import was made before:
    /// another sheet of the same workbook is another import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shape: Vec<String>,
    /// The checks it was let past, each with the reason given (`--short-quotes`, `--unquoted-figures`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
}

/// One file an import added, as it wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    /// Relative to the lake's folder, as in [`Entry::files`].
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
}

impl Written {
    pub fn of_bytes(file: &str, bytes: &[u8]) -> Written {
        Written {
            file: file.to_string(),
            bytes: bytes.len() as u64,
            sha256: hex(&sha2::Sha256::digest(bytes)),
        }
    }

    /// The file at `path` (the staged file, before it is renamed to `file`).
    pub fn of_file(file: &str, path: &Path) -> Result<Written> {
        let (bytes, sha256) = digest(File::open(path).map_err(|e| Error::io(path, e))?)
            .map_err(|e| Error::io(path, e))?;
        Ok(Written {
            file: file.to_string(),
            bytes,
            sha256,
        })
    }
}

/// The size and SHA-256 of what `reader` holds, read in blocks.
fn digest(mut reader: impl Read) -> std::io::Result<(u64, String)> {
    let mut hasher = sha2::Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = reader.read(&mut block)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&block[..n]);
    }
    Ok((bytes, hex(&hasher.finalize())))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An exclusive lock on the lake's folder for one import or undo; the kernel drops it when the process ends,
/// however it ends.
pub struct LakeLock {
    _dir: File,
}

impl LakeLock {
    /// The lock; with `recovering`, what a killed import left is cleared first.
    pub fn acquire(root: &Path, recovering: bool) -> Result<LakeLock> {
        let dir = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY)
            .open(root)
            .map_err(|e| Error::io(root, e))?;
        // SAFETY: flock on a descriptor we own; no memory is involved.
        let locked = unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if !locked {
            let lang = crate::i18n::process_lang();
            return Err(Error::Invalid(crate::tr!(
                lang,
                "core-lock-busy",
                root = root.display().to_string()
            )));
        }
        // A dry run, which may write nothing, leaves what a killed import left to the next import or undo.
        if recovering {
            recover(root, dir.as_raw_fd())?;
        }
        Ok(LakeLock { _dir: dir })
    }
}

/// What a killed import left: its staging files (regular files named `_staging-…` directly in a contract table's
/// folder, reached without following a symlink), and its log entry if its files never got into place.
fn recover(root: &Path, root_fd: RawFd) -> Result<()> {
    for table in contract::TABLES {
        let Some(name) = c_name(table.name) else {
            continue;
        };
        // Absent, a symlink or not a folder: nothing of an import's is there.
        let Ok(folder) = open_at(
            root_fd,
            &name,
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW,
        ) else {
            continue;
        };
        let at = root.join(table.name);
        for file in names_in(&folder).map_err(|e| Error::io(&at, e))? {
            if !file.to_bytes().starts_with(STAGING_PREFIX.as_bytes()) {
                continue;
            }
            // A `_staging-` symlink is removed too (the link, never what it names): one planted there would be
            // written through by the next import of that name.
            let removable = stat_at(folder.as_raw_fd(), &file)
                .is_ok_and(|st| is_regular(&st) || st.st_mode & libc::S_IFMT == libc::S_IFLNK);
            if removable {
                unlink_at(folder.as_raw_fd(), &file).map_err(|e| {
                    Error::io(&at.join(&*String::from_utf8_lossy(file.to_bytes())), e)
                })?;
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

/// A log is a line per import: far beyond any lake's, and the bound that keeps a hostile one (a FIFO, `/dev/zero`
/// behind a symlink, a sparse file) from hanging qlake or filling its memory.
const LOG_LIMIT: u64 = 64 * 1024 * 1024;

pub fn read(root: &Path) -> Result<Vec<Entry>> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = root.join(LOG_FILE);
    let lang = crate::i18n::process_lang();
    // Never through a symlink, never blocking on a FIFO, only a regular file of bounded size.
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(Error::io(&path, crate::tr!(lang, "core-log-symlink")));
        }
        Err(e) => return Err(Error::io(&path, e)),
    };
    let meta = file.metadata().map_err(|e| Error::io(&path, e))?;
    if !meta.is_file() {
        return Err(Error::io(&path, crate::tr!(lang, "core-log-not-regular")));
    }
    let bytes = crate::core::import::limits::read_all(
        &file,
        &path,
        crate::core::import::limits::Limit::fixed(LOG_LIMIT),
        // A key `limits` says in the process's language.
        "the lake's import log",
    )?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::io(&path, crate::tr!(lang, "core-log-not-utf8")))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                Error::io(
                    &path,
                    crate::tr!(
                        lang,
                        "core-log-bad-line",
                        n = (i + 1).to_string(),
                        error = e.to_string()
                    ),
                )
            })
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
        let known: Vec<String> = entries
            .iter()
            .map(|e| escape_control(&e.id).into_owned())
            .collect();
        let lang = crate::i18n::process_lang();
        if known.is_empty() {
            Error::Usage(crate::tr!(
                lang,
                "core-undo-no-such-import-none",
                root = root.display().to_string(),
                id = escape_control(id)
            ))
        } else {
            let separator = crate::tr!(lang, "err-list-separator");
            Error::Usage(crate::tr!(
                lang,
                "core-undo-no-such-import",
                root = root.display().to_string(),
                id = escape_control(id),
                ids = known.join(separator.as_str())
            ))
        }
    })
}

/// The files of one import, each checked to be one it wrote, ready to be removed.
pub struct Removal {
    files: Vec<Checked>,
}

struct Checked {
    /// The file's folder, opened without following a symlink.
    folder: OwnedFd,
    name: CString,
    /// Its canonical path (the lake's canonical folder, then names that are no symlinks).
    path: PathBuf,
    /// Which file it was when checked.
    dev: libc::dev_t,
    ino: libc::ino_t,
}

impl Removal {
    /// The canonical paths of the files to remove.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|c| c.path.clone()).collect()
    }
}

/// Check every file `entry` names before any is removed: each must be one its import wrote, or the whole undo is
/// refused naming the entry and the file. `unrecorded` (`--force`) accepts a file the log gives no size and SHA-256
/// for (an import recorded by an older qlake); every other rule still holds.
pub fn check_removal(root: &Path, entry: &Entry, unrecorded: bool) -> Result<Removal> {
    let root_dir: OwnedFd = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW)
        .open(root)
        .map_err(|e| Error::io(root, e))?
        .into();
    let lang = crate::i18n::process_lang();
    let mut files: Vec<Checked> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for file in &entry.files {
        if seen.contains(&file.as_str()) {
            continue;
        }
        seen.push(file);
        let refuse = |why: String| refused(entry, file, &why);
        let (folder_name, name) = importable(entry, file).ok_or_else(|| {
            let table = escape_control(&entry.table);
            refuse(if entry.table == "sources" {
                crate::tr!(
                    lang,
                    "core-undo-why-not-importable-or-source",
                    table = table,
                    sources = SOURCES_DIR
                )
            } else {
                crate::tr!(lang, "core-undo-why-not-importable", table = table)
            })
        })?;
        let (Some(c_folder), Some(c_file)) = (c_name(folder_name), c_name(name)) else {
            return Err(refuse(crate::tr!(lang, "core-undo-why-not-an-import-file")));
        };
        let folder = open_at(
            root_dir.as_raw_fd(),
            &c_folder,
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW,
        )
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ENOENT) => refuse(crate::tr!(lang, "core-undo-why-not-in-lake")),
            Some(libc::ELOOP | libc::ENOTDIR) => refuse(crate::tr!(
                lang,
                "core-undo-why-folder-not-a-folder",
                folder = folder_name
            )),
            _ => refuse(crate::tr!(
                lang,
                "core-undo-why-cannot-look",
                error = e.to_string()
            )),
        })?;
        let st = stat_at(folder.as_raw_fd(), &c_file).map_err(|e| match e.raw_os_error() {
            Some(libc::ENOENT) => refuse(crate::tr!(lang, "core-undo-why-not-in-lake")),
            _ => refuse(crate::tr!(
                lang,
                "core-undo-why-cannot-look",
                error = e.to_string()
            )),
        })?;
        if st.st_mode & libc::S_IFMT == libc::S_IFLNK {
            return Err(refuse(crate::tr!(lang, "core-undo-why-symlink")));
        }
        if !is_regular(&st) {
            return Err(refuse(crate::tr!(lang, "core-undo-why-not-regular")));
        }
        match entry.written.iter().find(|w| w.file == *file) {
            Some(written) => {
                let size = u64::try_from(st.st_size).unwrap_or(0);
                if size != written.bytes {
                    return Err(refuse(crate::tr!(
                        lang,
                        "core-undo-why-size-changed",
                        size = size.to_string(),
                        bytes = written.bytes.to_string()
                    )));
                }
                let opened = open_at(
                    folder.as_raw_fd(),
                    &c_file,
                    libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK,
                )
                .map_err(|e| {
                    refuse(crate::tr!(
                        lang,
                        "core-undo-why-cannot-read",
                        error = e.to_string()
                    ))
                })?;
                let opened = File::from(opened);
                let same = fstat(opened.as_raw_fd())
                    .is_ok_and(|now| now.st_dev == st.st_dev && now.st_ino == st.st_ino);
                if !same {
                    return Err(refuse(crate::tr!(
                        lang,
                        "core-undo-why-changed-while-checked"
                    )));
                }
                let (_, sha256) = digest(opened).map_err(|e| {
                    refuse(crate::tr!(
                        lang,
                        "core-undo-why-cannot-read",
                        error = e.to_string()
                    ))
                })?;
                if sha256 != written.sha256 {
                    return Err(refuse(crate::tr!(lang, "core-undo-why-hash-changed")));
                }
            }
            None if unrecorded => {}
            None => {
                return Err(refuse(crate::tr!(lang, "core-undo-why-unrecorded")));
            }
        }
        files.push(Checked {
            path: root.join(folder_name).join(name),
            folder,
            name: c_file,
            dev: st.st_dev,
            ino: st.st_ino,
        });
    }
    Ok(Removal { files })
}

/// `(folder, name)` of a path an import of `entry`'s table writes: `TABLE/import-ID.parquet` in the import's own
/// contract table's folder, or `_sources/ID.txt` for the document an import of `sources` registers. No other component, no
/// `.` or `..`, no hidden or private (`_staging-`) name.
fn importable<'a>(entry: &Entry, file: &'a str) -> Option<(&'a str, &'a str)> {
    let (folder, name) = file.split_once('/')?;
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\', '\0']) {
        return None;
    }
    // A table's file is the one name the import gave it, from its own id: a forged entry cannot name a table's
    // own file (`projects/projects.parquet`) or another import's.
    if folder == entry.table && contract::table(folder).is_some() {
        return (name == format!("import-{}.parquet", entry.id)).then_some((folder, name));
    }
    if folder == SOURCES_DIR && entry.table == "sources" {
        let id = name.strip_suffix(".txt")?;
        let valid = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        return valid.then_some((folder, name));
    }
    None
}

fn refused(entry: &Entry, file: &str, why: &str) -> Error {
    let lang = crate::i18n::process_lang();
    Error::Invalid(crate::tr!(
        lang,
        "core-undo-refused",
        id = escape_control(&entry.id),
        file = escape_control(file),
        why = why
    ))
}

/// Remove exactly one import's files, as checked, and its record (the caller holds the lock). Folders stay.
pub fn remove(root: &Path, entry: &Entry, removal: Removal) -> Result<()> {
    // Files first, the record last: a crash between leaves a record whose files are gone, which the next lock
    // drops (`recover`); never files that no record claims.
    for file in &removal.files {
        let fd = file.folder.as_raw_fd();
        match stat_at(fd, &file.name) {
            Ok(st) if st.st_dev == file.dev && st.st_ino == file.ino => {
                unlink_at(fd, &file.name).map_err(|e| Error::io(&file.path, e))?;
            }
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => {}
            _ => {
                let lang = crate::i18n::process_lang();
                return Err(Error::Invalid(crate::tr!(
                    lang,
                    "core-undo-replaced",
                    path = escape_control(&file.path.display().to_string())
                )));
            }
        }
    }
    let entries: Vec<Entry> = read(root)?
        .into_iter()
        .filter(|e| e.id != entry.id)
        .collect();
    write(root, &entries)
}

fn c_name(name: &str) -> Option<CString> {
    CString::new(name).ok()
}

/// `openat(dir, name, flags | O_CLOEXEC)`.
fn open_at(dir: RawFd, name: &CStr, flags: libc::c_int) -> std::io::Result<OwnedFd> {
    // SAFETY: `name` is NUL-terminated and outlives the call; a descriptor returned is ours alone.
    let fd = unsafe { libc::openat(dir, name.as_ptr(), flags | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened and is owned by nothing else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `fstatat(dir, name, AT_SYMLINK_NOFOLLOW)`: what the name itself is, a symlink included.
fn stat_at(dir: RawFd, name: &CStr) -> std::io::Result<libc::stat> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `name` is NUL-terminated; `st` is written by the call before it is read.
    let r = unsafe {
        libc::fstatat(
            dir,
            name.as_ptr(),
            st.as_mut_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    if r != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fstatat succeeded, so it filled `st`.
    Ok(unsafe { st.assume_init() })
}

fn fstat(fd: RawFd) -> std::io::Result<libc::stat> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `st` is written by the call before it is read.
    let r = unsafe { libc::fstat(fd, st.as_mut_ptr()) };
    if r != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fstat succeeded, so it filled `st`.
    Ok(unsafe { st.assume_init() })
}

fn is_regular(st: &libc::stat) -> bool {
    st.st_mode & libc::S_IFMT == libc::S_IFREG
}

/// `unlinkat(dir, name, 0)`: the name in that folder, never a folder.
fn unlink_at(dir: RawFd, name: &CStr) -> std::io::Result<()> {
    // SAFETY: `name` is NUL-terminated and outlives the call.
    if unsafe { libc::unlinkat(dir, name.as_ptr(), 0) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// The names in the folder `dir` (but `.` and `..`).
fn names_in(dir: &OwnedFd) -> std::io::Result<Vec<CString>> {
    // A descriptor of its own for the stream, which closes it.
    // SAFETY: duplicating a descriptor we hold.
    let dup = unsafe { libc::fcntl(dir.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 0) };
    if dup < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `dup` is ours; on success the stream owns it.
    let stream = unsafe { libc::fdopendir(dup) };
    if stream.is_null() {
        let e = std::io::Error::last_os_error();
        // SAFETY: the stream was not made, so `dup` is still ours to close.
        unsafe { libc::close(dup) };
        return Err(e);
    }
    let mut names = Vec::new();
    loop {
        // SAFETY: `stream` is a valid directory stream until closed below.
        let entry = unsafe { libc::readdir(stream) };
        if entry.is_null() {
            break;
        }
        // SAFETY: readdir returned an entry whose `d_name` is NUL-terminated, valid until the next readdir.
        let name = unsafe { CStr::from_ptr((*entry).d_name.as_ptr()) };
        if name.to_bytes() != b"." && name.to_bytes() != b".." {
            names.push(name.to_owned());
        }
    }
    // SAFETY: closing the stream we opened (and `dup` with it).
    unsafe { libc::closedir(stream) };
    Ok(names)
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

#[cfg(test)]
mod tests;
