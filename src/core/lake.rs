//! Where the lake is, and what tables it holds.
//!
//! A lake is a folder. Each table is a sub-folder of Parquet files (possibly Hive-partitioned, e.g.
//! `enterprises/province_code=CN-HB/part-0.parquet`) or a single `name.parquet` file at the top.

use std::fs;
use std::path::{Path, PathBuf};

use crate::core::error::{Error, Result};
use crate::core::sql::sql_literal;

/// How the lake folder was chosen, so messages and `lake info` can say why this lake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LakeOrigin {
    Flag,
    Environment,
    ConfigFile(PathBuf),
    WorkingDirectory,
    BuiltIn,
}

impl std::fmt::Display for LakeOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LakeOrigin::Flag => write!(f, "--lake"),
            LakeOrigin::Environment => write!(f, "QLAKE_LAKE"),
            LakeOrigin::ConfigFile(p) => write!(f, "config file {}", p.display()),
            LakeOrigin::WorkingDirectory => write!(f, "./sample-data"),
            LakeOrigin::BuiltIn => write!(f, "the sample lake built into qlake"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TableFiles {
    pub name: String,
    /// The folder (or single file) the table was found at.
    pub location: PathBuf,
    /// The table's Parquet files, canonical paths inside the lake.
    pub files: Vec<PathBuf>,
    /// Paths that look like the table's but are never read, with why.
    pub skipped: Vec<(PathBuf, Skipped)>,
    pub hive_partitioned: bool,
}

/// The SQL list of `files`, each a string literal.
pub fn sql_file_list(files: &[PathBuf]) -> String {
    let files: Vec<String> = files
        .iter()
        .map(|f| sql_literal(&f.display().to_string()))
        .collect();
    format!("[{}]", files.join(", "))
}

impl TableFiles {
    /// The SQL list of the table's files, as DuckDB reads them (only these files are readable at all).
    pub fn file_list(&self) -> String {
        sql_file_list(&self.files)
    }

    pub fn total_bytes(&self) -> u64 {
        bytes_of(&self.files)
    }
}

/// The bytes the files hold together (a file that cannot be read counts none).
pub fn bytes_of(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .filter_map(|f| fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

/// Why a path in a table's folder is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skipped {
    /// A symlink whose real file is outside the lake.
    LeadsOutside,
    /// A symlink to something inside the lake that is not one of its Parquet files (a note, a hidden file).
    NotALakeFile,
    /// A symlinked folder: never descended (it may lead out of the lake, or in a cycle).
    LinkedFolder,
    /// A FIFO, socket or device named like a Parquet file: opening it could hang.
    SpecialFile,
}

impl Skipped {
    pub fn describe(self) -> &'static str {
        match self {
            Skipped::LeadsOutside => "a symlink that leads out of the lake; not read",
            Skipped::NotALakeFile => {
                "a symlink to a file of the lake folder that is not one of its Parquet files; not read"
            }
            Skipped::LinkedFolder => {
                "a symlinked folder (qlake never follows one: it could lead in a cycle); not read"
            }
            Skipped::SpecialFile => "not a regular file (a FIFO, socket or device); not read",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Lake {
    /// Canonical path of the lake folder.
    pub root: PathBuf,
    pub origin: LakeOrigin,
}

impl Lake {
    pub fn open(path: &Path, origin: LakeOrigin) -> Result<Lake> {
        let root = fs::canonicalize(path).map_err(|e| Error::LakeNotFound {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        if !root.is_dir() {
            return Err(Error::LakeNotFound {
                path: root,
                reason: "not a folder".into(),
            });
        }
        remember(&root);
        Ok(Lake { root, origin })
    }

    /// Every table in the lake, sorted by name. Folders without Parquet files are skipped (they may hold
    /// other tools' metadata); `lake check` reports contract tables that are missing.
    pub fn tables(&self) -> Result<Vec<TableFiles>> {
        let entries = fs::read_dir(&self.root).map_err(|e| Error::io(&self.root, e))?;
        let mut tables = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&self.root, e))?;
            let path = entry.path();
            let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if file_name.starts_with('.') || file_name.starts_with('_') {
                continue;
            }
            let is_link = fs::symlink_metadata(&path)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            if is_link && path.is_dir() {
                // A whole table folder that is a symlink: not followed, named by `lake check`.
                let mut skipped = vec![(path.clone(), Skipped::LinkedFolder)];
                self.name_links_leading_out(&mut skipped);
                tables.push(TableFiles {
                    name: file_name.to_string(),
                    location: path,
                    files: Vec::new(),
                    skipped,
                    hive_partitioned: false,
                });
            } else if path.is_dir() {
                let mut files = Vec::new();
                let mut linked = Vec::new();
                let mut hive = false;
                let mut skipped = Vec::new();
                collect_parquet(&path, &mut files, &mut linked, &mut hive, &mut skipped)?;
                files.extend(self.inside(linked, &mut skipped));
                files.sort();
                self.name_links_leading_out(&mut skipped);
                if files.is_empty() && skipped.is_empty() {
                    continue;
                }
                skipped.sort();
                tables.push(TableFiles {
                    name: file_name.to_string(),
                    location: path,
                    files,
                    skipped,
                    hive_partitioned: hive,
                });
            } else if let Some(stem) = file_name.strip_suffix(".parquet") {
                let mut skipped = Vec::new();
                let files = self.inside(vec![path.clone()], &mut skipped);
                tables.push(TableFiles {
                    name: stem.to_string(),
                    location: path,
                    files,
                    skipped,
                    hive_partitioned: false,
                });
            }
        }
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(tables)
    }

    /// The canonical paths of the files that are the lake's own Parquet files; the others go to `skipped` with why.
    /// A symlink is followed only to a regular `.parquet` file the walk itself would read: inside the lake, in no
    /// hidden (`.`) or private (`_`) folder. A link to a note, a hidden file or anything outside is never readable.
    fn inside(&self, found: Vec<PathBuf>, skipped: &mut Vec<(PathBuf, Skipped)>) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for f in found {
            match fs::canonicalize(&f) {
                Ok(real) if !real.starts_with(&self.root) => {
                    skipped.push((f, Skipped::LeadsOutside))
                }
                Ok(real) if self.is_lake_parquet(&real) => files.push(real),
                Ok(real) if !fs::metadata(&real).is_ok_and(|m| m.is_file()) => {
                    skipped.push((f, Skipped::SpecialFile))
                }
                Ok(_) => skipped.push((f, Skipped::NotALakeFile)),
                Err(_) => skipped.push((f, Skipped::LeadsOutside)),
            }
        }
        files
    }

    /// A symlinked folder is never followed; where it leads out of the lake, say so.
    fn name_links_leading_out(&self, skipped: &mut [(PathBuf, Skipped)]) {
        for (path, why) in skipped.iter_mut() {
            let outside =
                fs::canonicalize(&*path).map_or(true, |real| !real.starts_with(&self.root));
            if *why == Skipped::LinkedFolder && outside {
                *why = Skipped::LeadsOutside;
            }
        }
    }

    fn is_lake_parquet(&self, real: &Path) -> bool {
        let Ok(relative) = real.strip_prefix(&self.root) else {
            return false;
        };
        let visible = relative.components().all(|c| {
            let name = c.as_os_str().to_string_lossy();
            !(name.starts_with('.') || name.starts_with('_'))
        });
        visible
            && real.extension().is_some_and(|e| e == "parquet")
            && fs::metadata(real).is_ok_and(|m| m.is_file())
    }

    /// Folders at the top of the lake that hold no Parquet file at all (e.g. a table whose files were deleted).
    pub fn empty_folders(&self) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for entry in fs::read_dir(&self.root).map_err(|e| Error::io(&self.root, e))? {
            let path = entry.map_err(|e| Error::io(&self.root, e))?.path();
            let is_link = fs::symlink_metadata(&path)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.') || n.starts_with('_'));
            if !is_link && !hidden && path.is_dir() {
                let mut files = Vec::new();
                let mut hive = false;
                let mut linked = Vec::new();
                let mut skipped = Vec::new();
                collect_parquet(&path, &mut files, &mut linked, &mut hive, &mut skipped)?;
                if files.is_empty() && linked.is_empty() && skipped.is_empty() {
                    out.push(path);
                }
            }
        }
        out.sort();
        Ok(out)
    }
}

/// Parquet files below `dir`: plain files to `out`, symlinked ones to `linked` (for [`Lake::inside`] to resolve and
/// check). Symlinked folders are never descended (a link may lead out of the lake, or in a cycle) and special files
/// are never opened (a FIFO would hang the reader); both go to `skipped` so `lake check` can name them. So a plain
/// file's path below a canonical `dir` is canonical itself, inside the lake and visible, with no `realpath` of each
/// file (a national lake's thousands of files would pay it at every start).
fn collect_parquet(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    linked: &mut Vec<PathBuf>,
    hive: &mut bool,
    skipped: &mut Vec<(PathBuf, Skipped)>,
) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_symlink() && path.is_dir() {
            skipped.push((path, Skipped::LinkedFolder));
        } else if kind.is_dir() {
            if name.contains('=') {
                *hive = true;
            }
            collect_parquet(&path, out, linked, hive, skipped)?;
        } else if name.ends_with(".parquet") {
            if kind.is_file() {
                out.push(path);
            } else if kind.is_symlink() {
                linked.push(path);
            } else {
                skipped.push((path, Skipped::SpecialFile));
            }
        }
    }
    Ok(())
}

/// Every lake this process has opened.
static OPENED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Lakes another process opened (the link helper is told its confined parent's lakes at start).
pub fn note_opened(roots: &[PathBuf]) {
    for root in roots {
        if let Ok(real) = fs::canonicalize(root) {
            remember(&real);
        }
    }
}

fn remember(root: &Path) {
    if let Ok(mut opened) = OPENED.lock()
        && !opened.iter().any(|r| r == root)
    {
        opened.push(root.to_path_buf());
    }
}

/// The canonical folders of every lake qlake knows of: those this process opened (so the lake being browsed is
/// always among them), `QLAKE_LAKE`, the config file's `lake`, `./sample-data`, and the built-in sample lake's
/// cache folder. Exports never land in any of them.
pub fn known_lakes() -> Vec<PathBuf> {
    let mut lakes: Vec<PathBuf> = OPENED.lock().map(|o| o.clone()).unwrap_or_default();
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(env) = std::env::var_os("QLAKE_LAKE").filter(|v| !v.is_empty()) {
        candidates.push(PathBuf::from(env));
    }
    if let Ok((Some(file), config)) = crate::core::config::load()
        && let Some(lake) = config.lake
    {
        candidates.push(match file.parent() {
            Some(dir) if lake.is_relative() => dir.join(lake),
            _ => lake,
        });
    }
    candidates.push(PathBuf::from("sample-data"));
    candidates.push(crate::core::sample::builtin_lake_dir(
        &crate::core::config::dirs().cache,
    ));
    for candidate in candidates {
        if let Ok(real) = fs::canonicalize(&candidate)
            && real.is_dir()
            && !lakes.contains(&real)
        {
            lakes.push(real);
        }
    }
    lakes
}
