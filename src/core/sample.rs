//! The sample lake: built from the reviewable sources in `lake-src/` (`qlake lake build-sample`), committed as
//! `sample-data/`, and compiled into the binary so `qlake` works from any folder.

use std::fs;
use std::path::{Path, PathBuf};

use duckdb::Connection;
use include_dir::{Dir, include_dir};

use crate::core::contract;
use crate::core::error::{Error, Result};
use crate::core::lake::sql_literal;
use crate::core::lakewriter::{Layout, Staging, write_table};

static SAMPLE_LAKE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/sample-data");

/// Build the sample lake from `src` (holding `sample.sql` and `seeds/`) into `out`, replacing it.
///
/// Fails, writing nothing, when an anchor of the script is missing from its source or found more than once.
pub fn build_sample(src: &Path, out: &Path) -> Result<()> {
    let script_path = src.join("sample.sql");
    let script = fs::read_to_string(&script_path).map_err(|e| Error::io(&script_path, e))?;
    let seeds =
        fs::canonicalize(src.join("seeds")).map_err(|e| Error::io(&src.join("seeds"), e))?;
    let conn = Connection::open_in_memory().map_err(|e| Error::query("opening DuckDB", e))?;
    conn.execute_batch(&format!(
        "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false; SET VARIABLE seed_dir = {};",
        sql_literal(&seeds.display().to_string())
    ))
    .map_err(|e| Error::query("configuring DuckDB", e))?;
    conn.execute_batch(&script)
        .map_err(|e| Error::query(script_path.display().to_string(), e))?;

    let mut stmt = conn
        .prepare("SELECT source_id, coalesce(anchor, ''), coalesce(CAST(occurrences AS VARCHAR), '?'), coalesce(quote, '') FROM anchor_problems")
        .map_err(|e| Error::query("checking anchors", e))?;
    let problems: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "{}: anchor {:?} found {} times (quote {:?})",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?
            ))
        })
        .map_err(|e| Error::query("checking anchors", e))?
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::query("checking anchors", e))?;
    if !problems.is_empty() {
        return Err(Error::Invalid(format!(
            "{}: {} anchors do not occur exactly once in their source:\n{}",
            script_path.display(),
            problems.len(),
            problems.join("\n")
        )));
    }

    let staging = Staging::beside(out)?;
    for table in contract::TABLES {
        write_table(
            &conn,
            &format!("with_quotes('lake_{}')", table.name),
            table,
            &staging.path,
            Layout::SingleFile,
        )?;
    }
    staging.commit()
}

/// Where the sample lake compiled into the binary is unpacked (whether or not it is yet).
pub fn builtin_lake_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join(format!(
        "sample-lake-{}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        content_hash()
    ))
}

/// The sample lake compiled into the binary, unpacked once into the cache folder.
pub fn builtin_lake(cache_dir: &Path) -> Result<PathBuf> {
    let target = builtin_lake_dir(cache_dir);
    if target.join(".complete").exists() {
        return Ok(target);
    }
    let staging = Staging::beside(&target)?;
    unpack(&SAMPLE_LAKE, &staging.path)?;
    fs::write(staging.path.join(".complete"), b"").map_err(|e| Error::io(&staging.path, e))?;
    staging.commit()?;
    Ok(target)
}

fn unpack(dir: &Dir<'_>, to: &Path) -> Result<()> {
    for file in dir.files() {
        let path = to.join(file.path());
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, file.contents()).map_err(|e| Error::io(&path, e))?;
    }
    for sub in dir.dirs() {
        unpack(sub, to)?;
    }
    Ok(())
}

/// FNV-1a over the embedded files, so a new build with other sample data unpacks into a new folder.
fn content_hash() -> u64 {
    fn walk(dir: &Dir<'_>, hash: &mut u64) {
        for file in dir.files() {
            for b in file
                .path()
                .to_string_lossy()
                .bytes()
                .chain(file.contents().iter().copied())
            {
                *hash ^= u64::from(b);
                *hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        for sub in dir.dirs() {
            walk(sub, hash);
        }
    }
    let mut hash = 0xcbf2_9ce4_8422_2325;
    walk(&SAMPLE_LAKE, &mut hash);
    hash
}
