//! A file that appears at its name whole or not at all — even if the process is killed mid-write.
//!
//! On Linux the data goes into an anonymous file (`O_TMPFILE`) in the target's folder, which the kernel discards
//! if the process dies, and is linked to its name only once complete. Where that is not supported (other systems,
//! some file systems) a hidden named temporary file beside the target is used and renamed into place; it is removed
//! on every error, but a SIGKILL can leave it behind.

use std::ffi::OsString;
use std::fs::File;
use std::path::Path;

use crate::core::error::{Error, Result};
use crate::core::target_dir::TargetDir;

pub struct PendingFile {
    file: File,
    dir: TargetDir,
    name: OsString,
    kind: Kind,
}

enum Kind {
    /// Nameless, in the target's folder.
    Anonymous,
    /// Nameless, in qlake's spool: the kernel sandbox gives no rights in the target's folder (it holds the lake), so
    /// the link helper gives it its name there.
    Spooled,
    /// A hidden file beside the target, renamed into place (where `O_TMPFILE` is not supported); removed if the
    /// file is dropped uncommitted.
    Named(Option<OsString>),
}

impl PendingFile {
    /// A new, empty file for the export `target`: its folder opened once, checked to lie outside every lake, and
    /// every later step made relative to it.
    pub fn for_export(target: &Path) -> Result<PendingFile> {
        let (dir, name) = TargetDir::for_export(target)?;
        PendingFile::in_dir(dir, name)
    }

    /// A new, empty file in the same folder as `target` (qlake's own files, a lake writer's files): no lake check.
    pub fn beside(target: &Path) -> Result<PendingFile> {
        let (dir, name) = TargetDir::holding(target)?;
        PendingFile::in_dir(dir, name)
    }

    fn in_dir(dir: TargetDir, name: OsString) -> Result<PendingFile> {
        match dir.anonymous_file() {
            Ok(file) => {
                return Ok(PendingFile {
                    file,
                    dir,
                    name,
                    kind: Kind::Anonymous,
                });
            }
            Err(e)
                if matches!(e.raw_os_error(), Some(libc::EACCES | libc::EPERM))
                    && crate::core::link_helper::available() =>
            {
                let spool = crate::core::scratch::spool_dir(&crate::core::config::dirs().cache);
                let spool_dir = TargetDir::open(&spool)?;
                // A link cannot cross file systems: say so before the query runs, not after it has filled the spool.
                if spool_dir.device() != dir.device() {
                    return Err(placing_failed(
                        &dir.path().join(&name),
                        std::io::Error::from_raw_os_error(libc::EXDEV),
                    ));
                }
                let spooled = spool_dir
                    .anonymous_file()
                    .map_err(|e| Error::io(&spool, e))?;
                return Ok(PendingFile {
                    file: spooled,
                    dir,
                    name,
                    kind: Kind::Spooled,
                });
            }
            Err(_) => {}
        }
        let (file, temp_name) = dir.named_temp_file(&name)?;
        // An export is the user's file: 0666 less the umask like any other (the open asked for 0666).
        Ok(PendingFile {
            file,
            dir,
            name,
            kind: Kind::Named(Some(temp_name)),
        })
    }

    /// A path another program (DuckDB) can open to write the contents, where the file has no name yet.
    pub fn proc_path(&self) -> Option<String> {
        use std::os::unix::io::AsRawFd;
        match &self.kind {
            Kind::Anonymous | Kind::Spooled => {
                Some(format!("/proc/self/fd/{}", self.file.as_raw_fd()))
            }
            Kind::Named(_) => None,
        }
    }

    /// A handle to write the contents through.
    pub fn writer(&self, target: &Path) -> Result<File> {
        self.file.try_clone().map_err(|e| Error::io(target, e))
    }

    /// Give the finished file its name. Without `overwrite`, an existing file is never replaced.
    pub fn commit(mut self, target: &Path, overwrite: bool) -> Result<()> {
        // No fsync, like DuckDB's own COPY: errors, interrupts, kills and size limits leave nothing at the name, but
        // a power failure right after an export may leave it incomplete (docs/reliability.md). Syncing a 1.2 GB export
        // costs about a second here.
        let placed = match &mut self.kind {
            Kind::Anonymous => self.dir.link_in(&self.file, &self.name, overwrite),
            Kind::Spooled => {
                crate::core::link_helper::link(&self.file, &self.dir, &self.name, overwrite)
            }
            Kind::Named(temp) => {
                let result = match temp.as_ref() {
                    Some(temp_name) => self.dir.rename(temp_name, &self.name, overwrite),
                    None => Ok(()),
                };
                if result.is_ok() {
                    *temp = None;
                }
                result
            }
        };
        placed.map_err(|e| placing_failed(target, e))
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if let Kind::Named(Some(temp_name)) = &self.kind {
            let _ = self.dir.remove(temp_name);
        }
    }
}

fn placing_failed(target: &Path, e: std::io::Error) -> Error {
    match e.raw_os_error() {
        Some(libc::EEXIST) => Error::Usage(format!(
            "{} already exists; add --force to replace it",
            target.display()
        )),
        Some(libc::EXDEV) => Error::io(
            target,
            "qlake's sandbox gives it no rights in a folder that holds the lake, so an export there is made in its \
             spool and linked in, and the spool is on another file system; export to another folder (or set \
             QLAKE_CACHE_DIR on this file system)",
        ),
        _ => Error::io(target, e),
    }
}

/// `bytes` as the whole of `target`, replacing any file of that name: written beside it, synced (small files: the
/// state, the import log, a registered document), then put in place.
pub fn write_whole(target: &Path, bytes: &[u8]) -> Result<()> {
    write_beside(target, bytes, true)
}

/// [`write_whole`] without the sync, for what qlake can compute again (a tile's remembered parts): a power failure
/// may leave the file torn, which its reader finds damaged.
pub fn write_whole_unsynced(target: &Path, bytes: &[u8]) -> Result<()> {
    write_beside(target, bytes, false)
}

fn write_beside(target: &Path, bytes: &[u8], sync: bool) -> Result<()> {
    use std::io::Write;
    let pending = PendingFile::beside(target)?;
    let mut file = pending.writer(target)?;
    file.write_all(bytes).map_err(|e| Error::io(target, e))?;
    if sync {
        file.sync_all().map_err(|e| Error::io(target, e))?;
    }
    drop(file);
    pending.commit(target, true)
}
