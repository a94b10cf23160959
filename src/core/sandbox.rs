//! The kernel layer under the read-only gate: even a statement that slipped past the gate and DuckDB's own
//! `allowed_paths` cannot write a lake file, because the kernel refuses it.
//!
//! On Linux with Landlock (5.13+, no privileges needed) the process confines itself before DuckDB starts, so every
//! thread DuckDB later starts inherits the rules. Reading stays free everywhere. Writing is allowed:
//! - fully beneath qlake's own folders (DuckDB's temp folders, the export spool, config and data);
//! - fully beneath everything that is neither the lake nor a folder above it (the lake's "complement": for each
//!   folder above the lake, each of its other entries), so exports go anywhere a user would expect;
//! - in the folders above the lake, only adding files by linking them in (`MAKE_REG`, `REFER`): an export into the
//!   folder that holds the lake is written in the spool and linked into place, while nothing beneath those folders —
//!   the lake included — can be opened for writing, truncated or removed. `--force` into such a folder also needs
//!   `REMOVE_FILE` there, and gets it for that one run only (the line qlake reports says so).
//!
//! Elsewhere, or where the kernel lacks Landlock, the gate and DuckDB's lock-down remain; [`status`] says which
//! layers are active, and `lake info` and `--version` print it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What a folder may receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Create, write, truncate, remove, link — anything.
    Full,
    /// Only link new files in (an export made in the spool).
    LinkOnly,
    /// Link new files in and replace existing ones (`--force`).
    LinkAndReplace,
}

/// What to confine the process to.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The lake's canonical folder.
    pub lake: PathBuf,
    /// qlake's own folders, writable whatever their place.
    pub own: Vec<PathBuf>,
    /// The folder of a `--force` export target, where replacing is needed.
    pub replace_in: Option<PathBuf>,
}

impl Policy {
    /// The policy for browsing `lake`: qlake's own folders writable, and `replace_in` for a `--force` export.
    pub fn for_lake(lake: &Path, replace_in: Option<PathBuf>) -> Policy {
        let dirs = crate::core::config::dirs();
        let mut own = vec![
            crate::core::scratch::temp_root(&dirs.cache),
            crate::core::scratch::spool_dir(&dirs.cache),
        ];
        // What the engine remembers of the lake's files; made here, as a rule needs a folder that exists.
        for remembered in [
            crate::core::schema_verdicts::dir(&dirs.cache),
            crate::core::result_cache::dir(&dirs.cache),
        ] {
            if std::fs::create_dir_all(&remembered).is_ok() {
                own.push(remembered);
            }
        }
        // Config and data folders get a rule where they exist; qlake does not create them just to confine itself
        // (where they do not exist yet they are usually outside the lake's path and writable anyway).
        own.extend(
            dirs.config
                .into_iter()
                .chain(dirs.data)
                .chain(dirs.state)
                .filter(|d| d.is_dir()),
        );
        Policy {
            lake: lake.to_path_buf(),
            own,
            replace_in,
        }
    }
}

static STATUS: OnceLock<String> = OnceLock::new();

/// Which layers protect the lake in this process, as one line for people.
pub fn status() -> String {
    STATUS.get().cloned().unwrap_or_else(|| {
        format!(
            "read-only gate (DuckDB's parser) · DuckDB allowed_paths · kernel sandbox: {}",
            match kernel_abi() {
                Some(abi) => format!(
                    "Landlock ABI {abi} (applied by sql, query run, tui, lake info and lake check)"
                ),
                None => "unavailable (no Landlock in this kernel)".to_string(),
            }
        )
    })
}

/// The Landlock ABI the running kernel offers, if any.
pub fn kernel_abi() -> Option<i64> {
    #[cfg(target_os = "linux")]
    {
        const LANDLOCK_CREATE_RULESET_VERSION: libc::c_uint = 1;
        // SAFETY: asking for the ABI version passes no pointers; the kernel only returns a number or an error.
        let abi = unsafe {
            libc::syscall(
                libc::SYS_landlock_create_ruleset,
                std::ptr::null::<libc::c_void>(),
                0usize,
                LANDLOCK_CREATE_RULESET_VERSION,
            )
        };
        (abi > 0).then_some(abi)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// The folders and what each may receive under `policy` (pure apart from listing the folders above the lake).
pub fn grants(policy: &Policy) -> Vec<(PathBuf, Grant)> {
    // An own folder that holds the lake (a lake kept inside qlake's config folder, say) gets no rule of its own.
    let mut out: Vec<(PathBuf, Grant)> = policy
        .own
        .iter()
        .filter(|d| !policy.lake.starts_with(d))
        .map(|d| (d.clone(), Grant::Full))
        .collect();
    let ancestors: Vec<&Path> = policy.lake.ancestors().skip(1).collect();
    for (i, above) in ancestors.iter().enumerate() {
        // The entry of `above` that leads down to the lake.
        let toward_lake = if i == 0 {
            policy.lake.as_path()
        } else {
            ancestors[i - 1]
        };
        let replace_here = policy.replace_in.as_deref().is_some_and(|r| r == *above);
        out.push((
            above.to_path_buf(),
            if replace_here {
                Grant::LinkAndReplace
            } else {
                Grant::LinkOnly
            },
        ));
        let Ok(entries) = std::fs::read_dir(above) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // A symlink is never a rule: it may lead back into the lake. Writes through it resolve to its target,
            // which has rules of its own.
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            if path != toward_lake && !is_link {
                out.push((path, Grant::Full));
            }
        }
    }
    out
}

/// Confine this process (call before DuckDB or any other thread starts). Returns the status line.
pub fn confine(policy: &Policy) -> String {
    let line = apply(policy);
    let _ = STATUS.set(line.clone());
    line
}

#[cfg(target_os = "linux")]
fn apply(policy: &Policy) -> String {
    use landlock::{
        ABI, AccessFs, BitFlags, PathBeneath, PathFd, Ruleset, RulesetAttr, RulesetCreatedAttr,
        RulesetStatus,
    };

    let prefix = "read-only gate (DuckDB's parser) · DuckDB allowed_paths · kernel sandbox:";
    if kernel_abi().is_none() {
        return format!("{prefix} unavailable (no Landlock in this kernel)");
    }
    // qlake's cache folders must exist to be given a rule.
    let dirs = crate::core::config::dirs();
    for dir in [
        crate::core::scratch::temp_root(&dirs.cache),
        crate::core::scratch::spool_dir(&dirs.cache),
    ] {
        let _ = std::fs::create_dir_all(dir);
    }
    let abi = ABI::V6;
    let write = AccessFs::from_write(abi);
    let link: BitFlags<AccessFs> = AccessFs::MakeReg | AccessFs::Refer;
    let replace: BitFlags<AccessFs> = link | AccessFs::RemoveFile;
    let ruleset = Ruleset::default()
        .handle_access(write)
        .and_then(|r| r.create());
    let mut created = match ruleset {
        Ok(created) => created,
        Err(e) => return format!("{prefix} not applied ({e})"),
    };
    for (path, grant) in grants(policy) {
        let Ok(fd) = PathFd::new(&path) else {
            continue;
        };
        let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
        let access = match grant {
            Grant::Full if is_dir => write,
            // A file (not a folder) can only be given the rights that apply to files.
            Grant::Full => write & AccessFs::from_file(abi),
            Grant::LinkOnly => link,
            Grant::LinkAndReplace => replace,
        };
        created = match created.add_rule(PathBeneath::new(fd, access)) {
            Ok(c) => c,
            Err(e) => return format!("{prefix} not applied ({}: {e})", path.display()),
        };
    }
    match created.restrict_self() {
        Ok(status) => match status.ruleset {
            RulesetStatus::FullyEnforced => format!(
                "{prefix} Landlock ABI {} active, the lake folder {} is unwritable{}",
                kernel_abi().unwrap_or_default(),
                policy.lake.display(),
                if replaces_above(policy) {
                    " (this --force export may replace files in the folder above it)"
                } else {
                    ""
                }
            ),
            RulesetStatus::PartiallyEnforced => format!(
                "{prefix} Landlock partly active (older kernel ABI {}): lake files cannot be written",
                kernel_abi().unwrap_or_default()
            ),
            RulesetStatus::NotEnforced => format!("{prefix} not enforced by this kernel"),
        },
        Err(e) => format!("{prefix} not applied ({e})"),
    }
}

#[cfg(not(target_os = "linux"))]
fn apply(_policy: &Policy) -> String {
    "read-only gate (DuckDB's parser) · DuckDB allowed_paths · kernel sandbox: unavailable on this system".into()
}

/// Whether this run may replace files in a folder above the lake (a `--force` export there).
fn replaces_above(policy: &Policy) -> bool {
    policy
        .replace_in
        .as_deref()
        .is_some_and(|folder| policy.lake.starts_with(folder) && policy.lake != folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lake_and_the_path_to_it_get_no_write_rule() {
        let top = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(top.path()).unwrap();
        let lake = root.join("work/lake");
        std::fs::create_dir_all(lake.join("ratings")).unwrap();
        std::fs::create_dir_all(root.join("work/exports")).unwrap();
        std::fs::write(root.join("work/notes.txt"), b"x").unwrap();
        std::os::unix::fs::symlink(&lake, root.join("work/lake-link")).unwrap();
        let policy = Policy {
            lake: lake.clone(),
            own: vec![root.join("cache/duckdb-tmp")],
            replace_in: None,
        };
        let grants = grants(&policy);
        let full: Vec<&PathBuf> = grants
            .iter()
            .filter(|(_, g)| *g == Grant::Full)
            .map(|(p, _)| p)
            .collect();
        assert!(full.contains(&&root.join("work/exports")));
        assert!(full.contains(&&root.join("work/notes.txt")));
        assert!(full.contains(&&root.join("cache/duckdb-tmp")));
        for (path, grant) in &grants {
            if *grant == Grant::Full {
                assert!(
                    !lake.starts_with(path),
                    "{} would make the lake writable",
                    path.display()
                );
            }
        }
        assert!(!full.contains(&&root.join("work/lake-link")));
        assert!(grants.contains(&(root.join("work"), Grant::LinkOnly)));
    }
}
