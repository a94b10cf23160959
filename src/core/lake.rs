//! Where the lake is, and what tables it holds.
//!
//! A lake is a folder. Each table is a sub-folder of Parquet files (possibly Hive-partitioned, e.g.
//! `enterprises/province_code=CN-HB/part-0.parquet`) or a single `name.parquet` file at the top.

use std::fs;
use std::path::{Path, PathBuf};

use crate::core::error::{Error, Result};

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
    /// Files reached through a symlink that leads outside the lake: never read.
    pub outside: Vec<PathBuf>,
    pub hive_partitioned: bool,
}

impl TableFiles {
    /// The SQL list of the table's files, as DuckDB reads them (only these files are readable at all).
    pub fn file_list(&self) -> String {
        let files: Vec<String> = self
            .files
            .iter()
            .map(|f| sql_literal(&f.display().to_string()))
            .collect();
        format!("[{}]", files.join(", "))
    }

    pub fn total_bytes(&self) -> u64 {
        self.files
            .iter()
            .filter_map(|f| fs::metadata(f).ok())
            .map(|m| m.len())
            .sum()
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
                tables.push(TableFiles {
                    name: file_name.to_string(),
                    location: path.clone(),
                    files: Vec::new(),
                    outside: vec![path],
                    hive_partitioned: false,
                });
            } else if path.is_dir() {
                let mut found = Vec::new();
                let mut hive = false;
                let mut links = Vec::new();
                collect_parquet(&path, &mut found, &mut hive, &mut links)?;
                let (files, mut outside) = self.inside(found);
                outside.extend(links);
                if files.is_empty() && outside.is_empty() {
                    continue;
                }
                tables.push(TableFiles {
                    name: file_name.to_string(),
                    location: path,
                    files,
                    outside,
                    hive_partitioned: hive,
                });
            } else if let Some(stem) = file_name.strip_suffix(".parquet") {
                let (files, outside) = self.inside(vec![path.clone()]);
                tables.push(TableFiles {
                    name: stem.to_string(),
                    location: path,
                    files,
                    outside,
                    hive_partitioned: false,
                });
            }
        }
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(tables)
    }

    /// Split files into canonical paths inside the lake and those whose real path is elsewhere.
    fn inside(&self, found: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let mut files = Vec::new();
        let mut outside = Vec::new();
        for f in found {
            match fs::canonicalize(&f) {
                Ok(real) if real.starts_with(&self.root) => files.push(real),
                _ => outside.push(f),
            }
        }
        files.sort();
        outside.sort();
        (files, outside)
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
                .is_some_and(|n| n.starts_with('.'));
            if !is_link && !hidden && path.is_dir() {
                let mut files = Vec::new();
                let mut hive = false;
                let mut links = Vec::new();
                collect_parquet(&path, &mut files, &mut hive, &mut links)?;
                if files.is_empty() && links.is_empty() {
                    out.push(path);
                }
            }
        }
        out.sort();
        Ok(out)
    }
}

/// Parquet files below `dir`. Symlinked folders are never descended (a link may lead out of the lake, or in a
/// cycle); they go to `links` so `lake check` can name them. Symlinked files are kept here and checked by
/// [`Lake::inside`].
fn collect_parquet(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    hive: &mut bool,
    links: &mut Vec<PathBuf>,
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
            links.push(path);
        } else if kind.is_dir() {
            if name.contains('=') {
                *hive = true;
            }
            collect_parquet(&path, out, hive, links)?;
        } else if name.ends_with(".parquet") {
            out.push(path);
        }
    }
    Ok(())
}

/// Quote a string as a SQL literal.
pub fn sql_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Quote a name as a SQL identifier.
pub fn sql_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}
