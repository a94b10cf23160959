//! A file that appears at its name whole or not at all — even if the process is killed mid-write.
//!
//! On Linux the data goes into an anonymous file (`O_TMPFILE`) in the target's folder, which the kernel discards
//! if the process dies, and is linked to its name only once complete. Where that is not supported (other systems,
//! some file systems) a hidden named temporary file beside the target is used and renamed into place; it is removed
//! on every error, but a SIGKILL can leave it behind.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::core::error::{Error, Result};

pub struct PendingFile {
    file: File,
    kind: Kind,
}

enum Kind {
    #[cfg(target_os = "linux")]
    Anonymous,
    Named(tempfile::NamedTempFile),
}

impl PendingFile {
    /// A new, empty file in the same folder as `target` (so the final link or rename stays on one file system).
    pub fn beside(target: &Path) -> Result<PendingFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        #[cfg(target_os = "linux")]
        match anonymous_file(&dir) {
            Ok(file) => {
                return Ok(PendingFile {
                    file,
                    kind: Kind::Anonymous,
                });
            }
            // The kernel sandbox lets qlake only link files into a folder that holds the lake: make the file in the
            // spool and link it across (same file system needed; the link names the problem otherwise).
            Err(e) if e.raw_os_error() == Some(libc::EACCES) => {
                let spool = crate::core::scratch::spool_dir(&crate::core::config::dirs().cache);
                if let Ok(file) = anonymous_file(&spool) {
                    return Ok(PendingFile {
                        file,
                        kind: Kind::Anonymous,
                    });
                }
            }
            Err(_) => {}
        }
        // An export is the user's file: created 0666 less the umask like any other, not tempfile's 0600.
        let named = tempfile::Builder::new()
            .prefix(".qlake-export-")
            .suffix(".part")
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
            .tempfile_in(&dir)
            .map_err(|e| Error::io(&dir, format!("cannot create a file here: {e}")))?;
        let file = named.reopen().map_err(|e| Error::io(named.path(), e))?;
        Ok(PendingFile {
            file,
            kind: Kind::Named(named),
        })
    }

    /// A path another program (DuckDB) can open to write the contents, where the file has no name yet.
    pub fn proc_path(&self) -> Option<String> {
        match &self.kind {
            #[cfg(target_os = "linux")]
            Kind::Anonymous => {
                use std::os::unix::io::AsRawFd;
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
    pub fn commit(self, target: &Path, overwrite: bool) -> Result<()> {
        // No fsync, like DuckDB's own COPY: errors, interrupts, kills and size limits leave nothing at the name, but
        // a power failure right after an export may leave it incomplete (docs/reliability.md). Syncing a 1.2 GB export
        // costs about a second here.
        match self.kind {
            #[cfg(target_os = "linux")]
            Kind::Anonymous => link_into_place(&self.file, target, overwrite),
            Kind::Named(named) => {
                let placed = if overwrite {
                    named.persist(target)
                } else {
                    named.persist_noclobber(target)
                };
                placed.map(|_| ()).map_err(|e| Error::io(target, e.error))
            }
        }
    }
}

/// `bytes` as the whole of `target`, replacing any file of that name: written beside it, synced (small files: the
/// state, the import log, a registered document), then put in place.
pub fn write_whole(target: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let pending = PendingFile::beside(target)?;
    let mut file = pending.writer(target)?;
    file.write_all(bytes).map_err(|e| Error::io(target, e))?;
    file.sync_all().map_err(|e| Error::io(target, e))?;
    drop(file);
    pending.commit(target, true)
}

#[cfg(target_os = "linux")]
fn anonymous_file(dir: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_TMPFILE)
        .mode(0o666)
        .open(dir)
}

#[cfg(target_os = "linux")]
fn link_into_place(file: &File, target: &Path, overwrite: bool) -> Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;

    let c_path = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| Error::Usage(format!("{} holds a NUL byte", p.display())))
    };
    let source = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let link = |to: &Path| -> Result<()> {
        let to_c = c_path(to)?;
        // SAFETY: both paths are valid NUL-terminated strings that live across the call.
        let rc = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                source.as_ptr(),
                libc::AT_FDCWD,
                to_c.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::EXDEV) {
            return Err(Error::io(
                to,
                "qlake's sandbox only lets it add files to a folder that holds the lake by linking them from its \
                 spool, which is on another file system; export to another folder (or set QLAKE_CACHE_DIR on this \
                 file system)",
            ));
        }
        Err(Error::io(to, e))
    };
    if !overwrite {
        // linkat refuses an existing name: the check and the creation are one step.
        return link(target);
    }
    // Replacing: link under a unique hidden name, then rename over the target in one step.
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("export");
    let staged = target.with_file_name(format!(
        ".{name}.qlake-{}-{}",
        std::process::id(),
        file.as_raw_fd()
    ));
    link(&staged)?;
    std::fs::rename(&staged, target).map_err(|e| {
        let _ = std::fs::remove_file(&staged);
        Error::io(target, e)
    })
}
