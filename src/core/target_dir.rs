//! A folder qlake writes into, held by a descriptor: its path is resolved once, refusing any symlink on the way,
//! it is checked once through that descriptor to lie outside every lake, and every file is then created, linked,
//! renamed or removed relative to the descriptor. Replacing a folder on the path by a symlink into a lake while an
//! export runs cannot redirect it: the descriptor still names the folder that was checked.

use std::ffi::{CString, OsStr, OsString};
use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use crate::core::error::{Error, Result};

/// The import log's file name: a folder holding one is a lake.
const IMPORT_LOG: &str = "_imports.jsonl";

/// A folder holding at least this many of the contract's table folders is a lake (a user's own folder may well have
/// `projects`, `sources` and `programs`; a lake has all fifteen, a lake being filled at least a third of them).
const LAKE_TABLE_FOLDERS: usize = 5;

pub struct TargetDir {
    fd: OwnedFd,
    /// The folder as resolved, for messages only.
    path: PathBuf,
}

impl TargetDir {
    /// The folder that will hold the export `target`, opened and checked to lie outside every lake; and the file's
    /// own name in it.
    pub fn for_export(target: &Path) -> Result<(TargetDir, OsString)> {
        let (dir, name) = TargetDir::holding(target)?;
        dir.ensure_outside_lakes(target)?;
        Ok((dir, name))
    }

    /// The folder that holds `target` and the file's name in it, opened without following a symlink after the
    /// folder's path is first resolved. No lake check: for qlake's own files (state, caches) and a lake's own
    /// writers.
    pub fn holding(target: &Path) -> Result<(TargetDir, OsString)> {
        let name = target
            .file_name()
            .filter(|n| !n.is_empty() && *n != "." && *n != "..")
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{}: give a file name, not a folder",
                    target.display()
                ))
            })?
            .to_os_string();
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Ok((TargetDir::open(folder)?, name))
    }

    /// `folder`, resolved once (symlinks the user put on the path are theirs), then opened with no symlink followed.
    pub fn open(folder: &Path) -> Result<TargetDir> {
        let real = std::fs::canonicalize(folder)
            .map_err(|e| Error::io(folder, format!("cannot write here: {e}")))?;
        let fd = open_no_symlinks(&real).map_err(|e| {
            Error::io(
                folder,
                format!("cannot write here: {e} (was the folder just replaced by a symlink?)"),
            )
        })?;
        Ok(TargetDir { fd, path: real })
    }

    /// A folder already opened by descriptor (the link helper receives one).
    pub fn from_fd(fd: OwnedFd, path: PathBuf) -> TargetDir {
        TargetDir { fd, path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The device the folder is on (a link stays on one).
    pub fn device(&self) -> Option<u64> {
        stat_fd(&self.fd).ok().map(|(dev, _)| dev)
    }

    pub fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// Refuse when this folder, or any folder above it, is a lake: one qlake knows (opened, configured, the sample)
    /// or one that looks like a lake (an import log, or the contract's table folders). Walked by descriptor, `..` by
    /// `..`, so what is checked is the folder that will be written.
    pub fn ensure_outside_lakes(&self, target: &Path) -> Result<()> {
        let known = identities(&crate::core::lake::known_lakes());
        let found = walk_up(&self.fd, |folder, id, depth| {
            if let Some((_, lake)) = known.iter().find(|(k, _)| *k == id) {
                return Some(lake.clone());
            }
            // The path of a folder that looks like a lake, as far as it is known: the resolved folder's ancestor.
            looks_like_lake(folder).then(|| {
                self.path
                    .ancestors()
                    .nth(depth)
                    .unwrap_or(&self.path)
                    .to_path_buf()
            })
        })
        .map_err(|e| Error::io(&self.path, e))?;
        match found {
            Some(lake) => Err(Error::Usage(format!(
                "{} is inside the lake {}; qlake never writes into a lake — export to a folder outside it",
                target.display(),
                lake.display()
            ))),
            None => Ok(()),
        }
    }

    /// What is at `name` in the folder, without following a symlink.
    pub fn entry(&self, name: &OsStr) -> Option<EntryKind> {
        let c_name = c_string(name).ok()?;
        let mut st = std::mem::MaybeUninit::<libc::stat>::zeroed();
        // SAFETY: a valid descriptor, NUL-terminated name and a stat buffer the call fills.
        let rc = unsafe {
            libc::fstatat(
                self.fd.as_raw_fd(),
                c_name.as_ptr(),
                st.as_mut_ptr(),
                libc::AT_SYMLINK_NOFOLLOW,
            )
        };
        if rc != 0 {
            return None;
        }
        // SAFETY: fstatat returned 0, so it filled the buffer.
        let mode = unsafe { st.assume_init() }.st_mode & libc::S_IFMT;
        Some(match mode {
            libc::S_IFREG => EntryKind::File,
            libc::S_IFDIR => EntryKind::Folder,
            libc::S_IFLNK => EntryKind::Symlink,
            _ => EntryKind::Other,
        })
    }

    /// A new file in this folder with no name yet (`O_TMPFILE`): the kernel discards it if the process dies.
    pub fn anonymous_file(&self) -> std::io::Result<File> {
        let fd = open_at(
            &self.fd,
            OsStr::new("."),
            libc::O_TMPFILE | libc::O_RDWR | libc::O_CLOEXEC,
        )?;
        Ok(File::from(fd))
    }

    /// A new, hidden file in this folder (where `O_TMPFILE` is not supported), and its name.
    pub fn named_temp_file(&self, for_name: &OsStr) -> Result<(File, OsString)> {
        for attempt in 0..16u32 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let mut name = OsString::from(".");
            name.push(for_name);
            name.push(format!(
                ".qlake-{}-{nanos:x}-{attempt}.part",
                std::process::id()
            ));
            match open_at(
                &self.fd,
                &name,
                libc::O_CREAT | libc::O_EXCL | libc::O_RDWR | libc::O_NOFOLLOW | libc::O_CLOEXEC,
            ) {
                Ok(fd) => return Ok((File::from(fd), name)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(Error::io(
                        &self.path,
                        format!("cannot create a file here: {e}"),
                    ));
                }
            }
        }
        Err(Error::io(&self.path, "cannot create a temporary file here"))
    }

    /// Give the open, nameless `file` the name `name` here. Without `overwrite` an existing name is never replaced
    /// (the link itself refuses it); with it, the file is linked under a hidden name and renamed over `name`.
    pub fn link_in(&self, file: &File, name: &OsStr, overwrite: bool) -> std::io::Result<()> {
        let source = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))
            .map_err(std::io::Error::other)?;
        let link = |to: &OsStr| -> std::io::Result<()> {
            let to_c = c_string(to)?;
            // SAFETY: valid descriptors and NUL-terminated strings that live across the call.
            let rc = unsafe {
                libc::linkat(
                    libc::AT_FDCWD,
                    source.as_ptr(),
                    self.fd.as_raw_fd(),
                    to_c.as_ptr(),
                    libc::AT_SYMLINK_FOLLOW,
                )
            };
            if rc == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        };
        if !overwrite {
            return link(name);
        }
        let mut staged = OsString::from(".");
        staged.push(name);
        staged.push(format!(
            ".qlake-{}-{}",
            std::process::id(),
            file.as_raw_fd()
        ));
        link(&staged)?;
        self.rename(&staged, name, true).inspect_err(|_| {
            let _ = self.remove(&staged);
        })
    }

    /// Rename `from` to `to`, both in this folder; without `overwrite` an existing `to` is never replaced.
    pub fn rename(&self, from: &OsStr, to: &OsStr, overwrite: bool) -> std::io::Result<()> {
        let (from_c, to_c) = (c_string(from)?, c_string(to)?);
        let flags: libc::c_uint = if overwrite { 0 } else { libc::RENAME_NOREPLACE };
        // SAFETY: valid descriptors and NUL-terminated names that live across the call.
        let rc = unsafe {
            libc::renameat2(
                self.fd.as_raw_fd(),
                from_c.as_ptr(),
                self.fd.as_raw_fd(),
                to_c.as_ptr(),
                flags,
            )
        };
        if rc == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }

    /// Remove the file `name` in this folder (never a folder, never what a symlink points to).
    pub fn remove(&self, name: &OsStr) -> std::io::Result<()> {
        let c_name = c_string(name)?;
        // SAFETY: a valid descriptor and a NUL-terminated name.
        let rc = unsafe { libc::unlinkat(self.fd.as_raw_fd(), c_name.as_ptr(), 0) };
        if rc == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
}

/// Whether `folder` itself looks like a lake (an import log, or enough of the contract's table folders).
pub fn is_lake_folder(folder: &Path) -> bool {
    TargetDir::open(folder).is_ok_and(|dir| looks_like_lake(&dir.fd))
}

/// Refuse a folder qlake is to make or fill (the benchmark's work and export folders) when it, or the nearest folder
/// of its path that exists, lies inside a lake.
pub fn ensure_folder_outside_lakes(folder: &Path) -> Result<()> {
    let existing = folder
        .ancestors()
        .find(|a| a.as_os_str().is_empty() || a.is_dir())
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .unwrap_or(Path::new("/"));
    TargetDir::open(existing)?.ensure_outside_lakes(folder)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Folder,
    Symlink,
    Other,
}

fn dir_flags() -> libc::c_int {
    libc::O_PATH | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC
}

fn c_string(name: &OsStr) -> std::io::Result<CString> {
    CString::new(name.as_bytes()).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a file name holds a NUL byte",
        )
    })
}

fn open_at(dir: &OwnedFd, name: &OsStr, flags: libc::c_int) -> std::io::Result<OwnedFd> {
    let c_name = c_string(name)?;
    // SAFETY: a valid descriptor, a NUL-terminated name; the mode is read only with O_CREAT/O_TMPFILE.
    let fd = unsafe {
        libc::openat(
            dir.as_raw_fd(),
            c_name.as_ptr(),
            flags,
            0o666 as libc::c_uint,
        )
    };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: openat returned a new descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn stat_fd(fd: &OwnedFd) -> std::io::Result<(u64, u64)> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::zeroed();
    // SAFETY: a valid descriptor and a stat buffer the call fills.
    let rc = unsafe { libc::fstat(fd.as_raw_fd(), st.as_mut_ptr()) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fstat returned 0, so it filled the buffer.
    let st = unsafe { st.assume_init() };
    Ok((st.st_dev, st.st_ino))
}

/// Whether the folder open at `fd` is a lake: it holds an import log, or several of the contract's table folders.
fn looks_like_lake(fd: &OwnedFd) -> bool {
    let dir = TargetDir {
        fd: match fd.try_clone() {
            Ok(fd) => fd,
            Err(_) => return false,
        },
        path: PathBuf::new(),
    };
    if dir.entry(OsStr::new(IMPORT_LOG)) == Some(EntryKind::File) {
        return true;
    }
    crate::core::contract::TABLES
        .iter()
        .filter(|t| dir.entry(OsStr::new(t.name)) == Some(EntryKind::Folder))
        .count()
        >= LAKE_TABLE_FOLDERS
}

/// Open an absolute, already resolved folder path with no symlink followed anywhere on it: `openat2` with
/// `RESOLVE_NO_SYMLINKS` where the kernel has it, else one component at a time with `O_NOFOLLOW`.
fn open_no_symlinks(real: &Path) -> std::io::Result<OwnedFd> {
    open_resolved(real, dir_flags())
}

/// A path the sandbox gives a rule to, opened as `O_PATH` with no symlink followed anywhere on it (a folder swapped for
/// a symlink between the policy and the rule cannot move the rule), and whether it is a folder.
pub fn open_for_rule(real: &Path) -> std::io::Result<(OwnedFd, bool)> {
    let fd = open_resolved(real, libc::O_PATH | libc::O_NOFOLLOW | libc::O_CLOEXEC)?;
    let mut st = std::mem::MaybeUninit::<libc::stat>::zeroed();
    // SAFETY: a valid descriptor and a stat buffer the call fills.
    if unsafe { libc::fstat(fd.as_raw_fd(), st.as_mut_ptr()) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fstat returned 0, so it filled the buffer.
    let is_dir = unsafe { st.assume_init() }.st_mode & libc::S_IFMT == libc::S_IFDIR;
    Ok((fd, is_dir))
}

/// Whether the folder open at `fd` is one of `folders` or lies beneath one (compared by device and inode, walked
/// by descriptor); a walk that fails counts as within.
pub fn lies_within(fd: &OwnedFd, folders: &[PathBuf]) -> bool {
    let ids = identities(folders);
    walk_up(fd, |_, id, _| {
        ids.iter().any(|(k, _)| *k == id).then_some(())
    })
    .map_or(true, |found| found.is_some())
}

/// Each existing folder's device and inode, with its path.
fn identities(folders: &[PathBuf]) -> Vec<((u64, u64), PathBuf)> {
    use std::os::unix::fs::MetadataExt;
    folders
        .iter()
        .filter_map(|f| {
            let meta = std::fs::metadata(f).ok()?;
            Some(((meta.dev(), meta.ino()), f.clone()))
        })
        .collect()
}

/// From the folder open at `fd` up to the root, `..` by `..` through descriptors: the first answer `visit` gives for
/// a folder (with its device and inode, and how many steps above `fd` it is).
fn walk_up<T>(
    fd: &OwnedFd,
    mut visit: impl FnMut(&OwnedFd, (u64, u64), usize) -> Option<T>,
) -> std::io::Result<Option<T>> {
    let mut current = fd.try_clone()?;
    for depth in 0.. {
        let id = stat_fd(&current)?;
        if let Some(found) = visit(&current, id, depth) {
            return Ok(Some(found));
        }
        let parent = open_at(&current, OsStr::new(".."), dir_flags())?;
        if stat_fd(&parent)? == id {
            break;
        }
        current = parent;
    }
    Ok(None)
}

fn open_resolved(real: &Path, flags: libc::c_int) -> std::io::Result<OwnedFd> {
    #[repr(C)]
    struct OpenHow {
        flags: u64,
        mode: u64,
        resolve: u64,
    }
    const RESOLVE_NO_SYMLINKS: u64 = 0x04;
    let c_path = c_string(real.as_os_str())?;
    let how = OpenHow {
        flags: flags as u64,
        mode: 0,
        resolve: RESOLVE_NO_SYMLINKS,
    };
    // SAFETY: a NUL-terminated path and an open_how structure of the size passed, both live across the call.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_openat2,
            libc::AT_FDCWD,
            c_path.as_ptr(),
            &how as *const OpenHow,
            std::mem::size_of::<OpenHow>(),
        )
    };
    if fd >= 0 {
        // SAFETY: openat2 returned a new descriptor that nothing else owns.
        return Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) });
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() != Some(libc::ENOSYS) {
        return Err(e);
    }
    let root = File::open("/")?;
    let mut current = OwnedFd::from(root);
    let parts: Vec<_> = real.components().skip(1).collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        current = open_at(
            &current,
            part.as_os_str(),
            if last { flags } else { dir_flags() },
        )?;
    }
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lake_in(dir: &Path) -> PathBuf {
        let lake = dir.join("lake");
        for t in ["sources", "provinces", "cities", "programs", "projects"] {
            std::fs::create_dir_all(lake.join(t)).unwrap();
        }
        lake
    }

    #[test]
    fn a_folder_inside_a_lake_nobody_opened_is_refused() {
        let top = tempfile::tempdir().unwrap();
        let lake = lake_in(top.path());
        let err = TargetDir::for_export(&lake.join("programs/x.parquet"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("is inside the lake"), "{err}");
        let err = TargetDir::for_export(&lake.join("x.csv")).err().unwrap();
        assert!(err.to_string().contains("is inside the lake"), "{err}");
        // Beside the lake is fine.
        assert!(TargetDir::for_export(&top.path().join("x.csv")).is_ok());
    }

    #[test]
    fn a_home_with_a_few_table_named_folders_is_no_lake() {
        let top = tempfile::tempdir().unwrap();
        for t in ["projects", "sources", "programs", "Downloads"] {
            std::fs::create_dir_all(top.path().join(t)).unwrap();
        }
        // A folder named like the import log is no log either.
        std::fs::create_dir_all(top.path().join(IMPORT_LOG)).unwrap();
        assert!(TargetDir::for_export(&top.path().join("Downloads/x.csv")).is_ok());
    }

    #[test]
    fn an_import_log_makes_a_lake() {
        let top = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(top.path().join("l/anything")).unwrap();
        std::fs::write(top.path().join("l").join(IMPORT_LOG), b"").unwrap();
        assert!(TargetDir::for_export(&top.path().join("l/anything/x.csv")).is_err());
    }

    #[test]
    fn a_symlink_swapped_in_after_opening_does_not_redirect() {
        let top = tempfile::tempdir().unwrap();
        let lake = lake_in(top.path());
        let out = top.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let (dir, name) = TargetDir::for_export(&out.join("x.csv")).unwrap();
        std::fs::rename(&out, top.path().join("out-moved")).unwrap();
        std::os::unix::fs::symlink(lake.join("programs"), &out).unwrap();
        let file = dir.anonymous_file().unwrap();
        dir.link_in(&file, &name, false).unwrap();
        assert!(top.path().join("out-moved/x.csv").is_file());
        assert!(!lake.join("programs/x.csv").exists());
        // Opened again now, the symlinked folder is resolved to the lake and refused.
        assert!(TargetDir::for_export(&out.join("y.csv")).is_err());
    }

    #[test]
    fn linking_never_replaces_without_overwrite() {
        let top = tempfile::tempdir().unwrap();
        std::fs::write(top.path().join("x.csv"), b"old").unwrap();
        let (dir, name) = TargetDir::for_export(&top.path().join("x.csv")).unwrap();
        let file = dir.anonymous_file().unwrap();
        assert!(dir.link_in(&file, &name, false).is_err());
        dir.link_in(&file, &name, true).unwrap();
        assert_eq!(std::fs::read(top.path().join("x.csv")).unwrap(), b"");
        assert_eq!(std::fs::read_dir(top.path()).unwrap().count(), 1);
    }
}
