//! The kernel layer under the read-only gate: even a statement that slipped past the gate and DuckDB's own
//! `allowed_paths` cannot write a lake file, because the kernel refuses it.
//!
//! On Linux with Landlock (5.13+, no privileges needed) the process confines itself before DuckDB starts, so every
//! thread DuckDB later starts inherits the rules. Reading stays free everywhere. Each command gets the narrowest
//! policy for what it writes ([`Policy`]):
//! - qlake's own folders (DuckDB's temp folders, the export spool, caches, config and state) are writable;
//! - an export's own folder (`-o FILE`), or, for the dashboard, whose exports may go anywhere, everything that is
//!   neither a lake nor a folder above one (for each folder above a lake, each of its other entries);
//! - the folders above a lake get no right at all: a Landlock right on a folder covers everything beneath it, the
//!   lake included. An export into such a folder is made in the spool and given its name there by the link helper
//!   (`core::link_helper`), an unconfined process started before the rules that links only a nameless file into a
//!   folder that is not inside a lake, checked by descriptor;
//! - a command that writes a lake (import, undo) gets rights only where it writes, named by the policy.
//!
//! Elsewhere, or where the kernel lacks Landlock, the gate and DuckDB's lock-down remain; [`status`] says which
//! layers are active, and `lake info` and `--version` print it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::core::error::{Error, Result};

/// What a folder (or file) may receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Create, write, truncate, remove, link — anything.
    Full,
    /// Only new files, made elsewhere and linked in (or created empty): nothing already there can be opened for
    /// writing, truncated, renamed or removed.
    AddFiles,
    /// Remove files (undo), and add new ones.
    AddAndRemoveFiles,
    /// One file opened for writing (appending to an import log); given on the file, not its folder.
    WriteFile,
}

/// Where the command's exports may go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exports {
    /// Nowhere but stdout.
    Nowhere,
    /// Into this folder (`-o FILE`).
    Into(PathBuf),
    /// Anywhere outside a lake: the dashboard, whose exports are chosen as it runs.
    Anywhere,
}

/// What to confine the process to.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The command, as the status line names it.
    pub command: &'static str,
    /// The lakes nothing may be written into but what `inside` names: the one opened and every one qlake knows.
    pub protected: Vec<PathBuf>,
    /// qlake's own folders, writable whatever their place.
    pub own: Vec<PathBuf>,
    pub exports: Exports,
    /// Narrow rights inside a protected lake, for a command that writes it.
    pub inside: Vec<(PathBuf, Grant)>,
}

impl Policy {
    /// The policy for reading `lake` (`sql`, `query run`, the dashboard, `lake info`, `lake check`, `lake declare`):
    /// qlake's own folders writable, and the export's folder.
    pub fn for_lake(command: &'static str, lake: &Path, exports: Exports) -> Policy {
        Policy::writing(command, lake, exports, Vec::new())
    }

    /// The policy for a command that reads no local lake (a remote engine's dashboard, `sql`, `query run`): every
    /// lake qlake knows stays unwritable all the same.
    pub fn without_lake(command: &'static str, exports: Exports) -> Policy {
        Policy {
            command,
            protected: crate::core::lake::known_lakes(),
            own: own_folders(),
            exports,
            inside: Vec::new(),
        }
    }

    /// The policy for a command that makes a lake at `out` (`lake init`, `generate`, `build-sample`): the folder
    /// that holds it (they stage beside it and swap), and qlake's own. Refused when that folder holds another lake
    /// qlake keeps unwritable, or lies in any lake: a right there would reach into it.
    pub fn making(command: &'static str, out: &Path) -> Result<Policy> {
        let out_real = real_path_of(out);
        let holder = out_real
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        crate::core::target_dir::TargetDir::open(&holder)?.ensure_outside_lakes(out)?;
        let mut policy = Policy::without_lake(command, Exports::Nowhere);
        policy.protected.retain(|lake| *lake != out_real);
        if let Some(other) = policy
            .protected
            .iter()
            .find(|lake| lake.starts_with(&holder) || holder.starts_with(lake))
        {
            return Err(Error::Usage(format!(
                "{}: the folder that would hold the new lake, {}, holds the lake {}, which qlake keeps unwritable \
                 while it writes; make the lake in a folder of its own",
                out.display(),
                holder.display(),
                other.display()
            )));
        }
        policy.protected.push(out_real);
        policy.inside.push((holder, Grant::Full));
        Ok(policy)
    }

    /// The policy for a command that changes the lake at `lake` (`lake import`, `add-source`, `undo`): that lake,
    /// and qlake's own folders; every other lake qlake knows stays unwritable. (Within its lake, which files it
    /// touches is qlake's own check: a Landlock right to add or remove a file is a right on a whole folder.) Refused
    /// unless `lake` is a lake — never a folder inside one, above one, or holding one — since the right covers all
    /// beneath it. A dry run (`writes` false) gets no right in the lake at all.
    pub fn changing(command: &'static str, lake: &Path, writes: bool) -> Result<Policy> {
        let real = real_path_of(lake);
        let not_a_lake = |why: String| {
            Error::Usage(format!(
                "{}: {why}; give the lake's own folder (the one holding its table folders)",
                lake.display()
            ))
        };
        if !crate::core::target_dir::is_lake_folder(&real) {
            return Err(not_a_lake("not a lake".into()));
        }
        if let Some(parent) = real.parent() {
            crate::core::target_dir::TargetDir::open(parent)?
                .ensure_outside_lakes(&real)
                .map_err(|_| not_a_lake("lies inside another lake".into()))?;
        }
        let mut policy = Policy::writing(command, &real, Exports::Nowhere, Vec::new());
        if let Some(other) = policy
            .protected
            .iter()
            .find(|other| **other != real && (other.starts_with(&real) || real.starts_with(other)))
        {
            return Err(not_a_lake(format!(
                "holds or lies in the lake {}",
                other.display()
            )));
        }
        if writes {
            policy.inside.push((real, Grant::Full));
        }
        Ok(policy)
    }

    /// The policy for `qlake bench`: its work folders (the lakes it generates, the exports it times), and, for the
    /// peers it starts and the files they keep, everything that is neither a lake nor a folder above one; the lake it
    /// reads and every lake qlake knows stay unwritable. (The qlake processes it times confine themselves further.)
    pub fn benchmarking(lake: &Path, folders: &[&Path]) -> Policy {
        let inside = folders
            .iter()
            .map(|f| (real_path_of(f), Grant::Full))
            .collect();
        Policy::writing("bench", &real_path_of(lake), Exports::Anywhere, inside)
    }

    /// A policy for a command that writes `lake` only where `inside` says.
    pub fn writing(
        command: &'static str,
        lake: &Path,
        exports: Exports,
        inside: Vec<(PathBuf, Grant)>,
    ) -> Policy {
        let mut policy = Policy::without_lake(command, exports);
        policy.protected.retain(|known| known != lake);
        policy.protected.insert(0, lake.to_path_buf());
        policy.inside = inside;
        policy
    }

    /// Whether this policy's exports need the link helper: they may go into a folder above a lake, where the
    /// process itself has no right.
    pub fn needs_link_helper(&self) -> bool {
        match &self.exports {
            Exports::Nowhere => false,
            Exports::Anywhere => true,
            Exports::Into(folder) => self.protected.iter().any(|lake| lake.starts_with(folder)),
        }
    }
}

/// `path` resolved as far as it exists (a folder not made yet keeps its own name under its real parent).
fn real_path_of(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            real_path_of(parent).join(name)
        }
        _ => path.to_path_buf(),
    }
}

/// qlake's own folders: DuckDB's temp folders, the export spool, what the engine remembers, config, data, state.
fn own_folders() -> Vec<PathBuf> {
    let dirs = crate::core::config::dirs();
    let mut own = vec![
        crate::core::scratch::temp_root(&dirs.cache),
        crate::core::scratch::spool_dir(&dirs.cache),
    ];
    // A rule needs a folder that exists.
    for folder in &own {
        let _ = std::fs::create_dir_all(folder);
    }
    // What the engine remembers of the lake's files; made here, as a rule needs a folder that exists.
    for remembered in [
        crate::core::schema_verdicts::dir(&dirs.cache),
        crate::core::result_cache::dir(&dirs.cache),
        crate::core::engine::partials::dir(&dirs.cache),
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
    // Rules are opened with no symlink followed: each folder by its real path.
    own.into_iter()
        .map(|d| std::fs::canonicalize(&d).unwrap_or(d))
        .collect()
}

/// What each command may write, for `--version` and docs/reliability.md.
pub const CONFINEMENTS: &[(&str, &str)] = &[
    (
        "sql, query run, lake info",
        "qlake's own folders, and the folder of the -o file",
    ),
    (
        "tui",
        "qlake's own folders, and anywhere outside the lakes for exports (into a folder above a lake only through \
         the link helper)",
    ),
    ("lake check, lake declare", "qlake's own folders"),
    (
        "lake import, lake add-source, lake undo",
        "the lake they change (which files in it: qlake's own checks), no other lake",
    ),
    (
        "lake init, lake generate, lake build-sample",
        "the folder that holds the new lake (refused where it holds another lake)",
    ),
    (
        "bench",
        "its work and export folders, and anywhere outside the lakes for the peers it starts",
    ),
];

static STATUS: OnceLock<String> = OnceLock::new();

/// Which layers protect the lake in this process, as one line for people (in the process's language).
pub fn status() -> String {
    STATUS.get().cloned().unwrap_or_else(|| {
        let lang = crate::i18n::process_lang();
        match kernel_abi() {
            Some(abi) => {
                let lines: String = CONFINEMENTS
                    .iter()
                    .map(|(commands, what)| {
                        let line = crate::tr!(
                            lang,
                            "core-protections-line",
                            commands = *commands,
                            what = confinement(lang, what)
                        );
                        format!("\n  {line}")
                    })
                    .collect();
                crate::tr!(
                    lang,
                    "core-protections-confined",
                    abi = abi.to_string(),
                    lines = lines
                )
            }
            None => crate::tr!(lang, "core-protections-unavailable"),
        }
    })
}

/// What a group of commands may write ([`CONFINEMENTS`], in English) in `lang`.
fn confinement(lang: crate::i18n::Lang, what: &str) -> String {
    match what {
        "qlake's own folders, and the folder of the -o file" => {
            crate::tr!(lang, "core-confine-read")
        }
        "qlake's own folders, and anywhere outside the lakes for exports (into a folder above a lake only through \
         the link helper)" => crate::tr!(lang, "core-confine-tui"),
        "qlake's own folders" => crate::tr!(lang, "core-confine-check"),
        "the lake they change (which files in it: qlake's own checks), no other lake" => {
            crate::tr!(lang, "core-confine-change")
        }
        "the folder that holds the new lake (refused where it holds another lake)" => {
            crate::tr!(lang, "core-confine-make")
        }
        "its work and export folders, and anywhere outside the lakes for the peers it starts" => {
            crate::tr!(lang, "core-confine-bench")
        }
        other => other.to_string(),
    }
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

/// The paths and what each may receive under `policy` (pure apart from listing the folders above the lakes).
pub fn grants(policy: &Policy) -> Vec<(PathBuf, Grant)> {
    let near_a_lake = |path: &Path| {
        policy
            .protected
            .iter()
            .any(|lake| lake.starts_with(path) || path.starts_with(lake))
    };
    let mut out: Vec<(PathBuf, Grant)> = Vec::new();
    let mut add = |path: PathBuf, grant: Grant| {
        if !out.iter().any(|(p, _)| *p == path) {
            out.push((path, grant));
        }
    };
    // An own folder above or inside a lake (a lake kept inside qlake's config folder, say) gets no rule.
    for own in policy.own.iter().filter(|d| !near_a_lake(d)) {
        add(own.clone(), Grant::Full);
    }
    match &policy.exports {
        Exports::Nowhere => {}
        // A folder above a lake gets nothing (the link helper names exports there); inside one is refused before.
        Exports::Into(folder) => {
            if !near_a_lake(folder) {
                add(folder.clone(), Grant::Full);
            }
        }
        Exports::Anywhere => {
            for lake in &policy.protected {
                for above in lake.ancestors().skip(1) {
                    let Ok(entries) = std::fs::read_dir(above) else {
                        continue;
                    };
                    for entry in entries.flatten() {
                        let path = entry.path();
                        // A symlink is never a rule: it may lead into a lake. Writes through it resolve to its
                        // target, which has rules of its own.
                        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
                        if !is_link && !near_a_lake(&path) {
                            add(path, Grant::Full);
                        }
                    }
                }
            }
        }
    }
    for (path, grant) in &policy.inside {
        add(path.clone(), *grant);
    }
    out
}

/// Confine this process (call before DuckDB or any other thread starts). Returns the status line.
pub fn confine(policy: &Policy) -> String {
    let only = match &policy.exports {
        Exports::Into(folder) => Some(folder.as_path()),
        _ => None,
    };
    if policy.needs_link_helper()
        && let Err(e) = crate::core::link_helper::start(&policy.protected, only)
    {
        // Without it only exports into a folder above the lake fail, each with a message; the rest goes on.
        eprintln!("qlake: {e}");
    }
    let line = apply(policy);
    let _ = STATUS.set(line.clone());
    if let Some(folder) = std::env::var_os(PROBE_ENV) {
        eprintln!("qlake: confinement probe: {}", probe(Path::new(&folder)));
    }
    line
}

#[cfg(target_os = "linux")]
fn apply(policy: &Policy) -> String {
    use landlock::{
        ABI, AccessFs, BitFlags, PathBeneath, Ruleset, RulesetAttr, RulesetCreatedAttr,
        RulesetStatus,
    };

    let lang = crate::i18n::process_lang();
    if kernel_abi().is_none() {
        return crate::tr!(lang, "core-protections-unavailable");
    }
    let abi = ABI::V6;
    let write = AccessFs::from_write(abi);
    let add: BitFlags<AccessFs> = AccessFs::MakeReg | AccessFs::Refer;
    let ruleset = Ruleset::default()
        .handle_access(write)
        .and_then(|r| r.create());
    let mut created = match ruleset {
        Ok(created) => created,
        Err(e) => {
            return crate::tr!(lang, "core-protections-not-applied", error = e.to_string());
        }
    };
    for (path, grant) in grants(policy) {
        let Ok((fd, is_dir)) = crate::core::target_dir::open_for_rule(&path) else {
            continue;
        };
        // A folder moved into a lake's place between the policy and its rule gets none (rights inside a lake are
        // only those the policy names).
        let named_inside = policy.inside.iter().any(|(p, _)| *p == path);
        if !named_inside && reaches_into_a_lake(&path, &fd, is_dir, &policy.protected) {
            continue;
        }
        let access = match grant {
            Grant::Full if is_dir => write,
            // A file (not a folder) can only be given the rights that apply to files.
            Grant::Full => write & AccessFs::from_file(abi),
            Grant::AddFiles => add,
            Grant::AddAndRemoveFiles => add | AccessFs::RemoveFile,
            Grant::WriteFile => AccessFs::WriteFile.into(),
        };
        created = match created.add_rule(PathBeneath::new(fd, access)) {
            Ok(c) => c,
            Err(e) => {
                return crate::tr!(
                    lang,
                    "core-protections-not-applied-at",
                    path = path.display().to_string(),
                    error = e.to_string()
                );
            }
        };
    }
    match created.restrict_self() {
        Ok(status) => match status.ruleset {
            RulesetStatus::FullyEnforced => crate::tr!(
                lang,
                "core-protections-active",
                abi = kernel_abi().unwrap_or_default().to_string(),
                command = policy.command,
                what = describe(lang, policy)
            ),
            RulesetStatus::PartiallyEnforced => crate::tr!(
                lang,
                "core-protections-partly",
                abi = kernel_abi().unwrap_or_default().to_string()
            ),
            RulesetStatus::NotEnforced => crate::tr!(lang, "core-protections-not-enforced"),
        },
        Err(e) => crate::tr!(lang, "core-protections-not-applied", error = e.to_string()),
    }
}

/// Whether the opened rule path is, or lies beneath, a protected lake (a file: its folder).
#[cfg(target_os = "linux")]
fn reaches_into_a_lake(
    path: &Path,
    fd: &std::os::fd::OwnedFd,
    is_dir: bool,
    protected: &[PathBuf],
) -> bool {
    use crate::core::target_dir::{lies_within, open_for_rule};
    if is_dir {
        return lies_within(fd, protected);
    }
    match path.parent().map(open_for_rule) {
        Some(Ok((folder, true))) => lies_within(&folder, protected),
        _ => true,
    }
}

#[cfg(not(target_os = "linux"))]
fn apply(_policy: &Policy) -> String {
    let lang = crate::i18n::process_lang();
    crate::tr!(lang, "core-protections-unavailable-here")
}

/// What a policy lets the process write, in words.
fn describe(lang: crate::i18n::Lang, policy: &Policy) -> String {
    let mut parts = vec![crate::tr!(lang, "core-protections-own-folders")];
    match &policy.exports {
        Exports::Nowhere => {}
        Exports::Into(folder) if policy.needs_link_helper() => parts.push(crate::tr!(
            lang,
            "core-protections-through-helper",
            folder = folder.display().to_string()
        )),
        Exports::Into(folder) => parts.push(folder.display().to_string()),
        Exports::Anywhere => parts.push(crate::tr!(lang, "core-protections-exports-outside")),
    }
    for (path, grant) in &policy.inside {
        let what = match grant {
            Grant::Full => crate::tr!(lang, "core-protections-grant-anything"),
            Grant::AddFiles => crate::tr!(lang, "core-protections-grant-new-files"),
            Grant::AddAndRemoveFiles => {
                crate::tr!(lang, "core-protections-grant-new-files-and-removals")
            }
            Grant::WriteFile => crate::tr!(lang, "core-protections-grant-appending"),
        };
        parts.push(crate::tr!(
            lang,
            "core-protections-grant-in",
            what = what,
            path = path.display().to_string()
        ));
    }
    let separator = crate::tr!(lang, "err-list-separator");
    crate::tr!(
        lang,
        "core-protections-writes",
        parts = parts.join(separator.as_str()),
        lakes = policy
            .protected
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(separator.as_str())
    )
}

/// Set to a folder, a confined qlake tries to change files named `_qlake-probe*` there once its rules are applied,
/// and reports what the kernel let it do: the tests' proof that each command's confinement holds. It touches only
/// names starting with `_qlake-probe`, so it can do no harm where it is set by mistake.
pub const PROBE_ENV: &str = "QLAKE_PROBE_CONFINEMENT";

/// The name of the file the probe tries to truncate, rename and remove (a test puts it there first).
pub const PROBE_FILE: &str = "_qlake-probe";

fn probe(folder: &Path) -> String {
    use std::os::unix::fs::OpenOptionsExt;
    let existing = folder.join(PROBE_FILE);
    let verdict = |result: std::io::Result<()>| match result {
        Ok(()) => "allowed".to_string(),
        Err(e) if matches!(e.raw_os_error(), Some(libc::EACCES | libc::EPERM)) => {
            "denied".to_string()
        }
        Err(e) => format!("error ({e})"),
    };
    let create = verdict(
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(folder.join("_qlake-probe-created"))
            .map(drop),
    );
    let spool = crate::core::scratch::spool_dir(&crate::core::config::dirs().cache);
    let link = verdict(
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_TMPFILE)
            .open(&spool)
            .and_then(|made| {
                crate::core::target_dir::TargetDir::open(folder)
                    .map_err(|e| std::io::Error::other(e.to_string()))?
                    .link_in(&made, std::ffi::OsStr::new("_qlake-probe-linked"), false)
            }),
    );
    let truncate = verdict(
        std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&existing)
            .map(drop),
    );
    let renamed = folder.join("_qlake-probe-renamed");
    let rename = verdict(std::fs::rename(&existing, &renamed).map(|()| {
        let _ = std::fs::rename(&renamed, &existing);
    }));
    let remove = verdict(std::fs::remove_file(&existing));
    format!("create={create} link={link} truncate={truncate} rename={rename} remove={remove}")
}

#[cfg(test)]
mod tests;
