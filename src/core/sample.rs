//! The sample lake: built from the reviewable sources in `lake-src/` (`qlake lake build-sample`), committed as
//! `sample-data/`, and compiled into the binary so `qlake` works from any folder.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::core::cells::escape_control;
use crate::core::contract;
use crate::core::error::{Error, Result};
use crate::core::lakewriter::{Layout, Reach, Staging, confined_instance, write_table};
use crate::core::sql::sql_literal;

static SAMPLE_LAKE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/sample-data");

/// Build the sample lake from `src` (holding `sample.sql` and `seeds/`) into `out`, replacing it when it is a sample
/// lake this command built (see [`replaceable`]); any other folder that holds anything is refused and left as it is.
///
/// Fails, writing nothing, when an anchor of the script is missing from its source or found more than once. The
/// script runs on a DuckDB that may read only the seeds' folder and write only the staged lake.
pub fn build_sample(src: &Path, out: &Path) -> Result<()> {
    replaceable(out)?;
    let script_path = src.join("sample.sql");
    let script = fs::read_to_string(&script_path).map_err(|e| Error::io(&script_path, e))?;
    let seeds =
        fs::canonicalize(src.join("seeds")).map_err(|e| Error::io(&src.join("seeds"), e))?;
    let staging = Staging::beside(out)?;
    let conn = confined_instance(&Reach {
        reads: std::slice::from_ref(&seeds),
        writes: &staging.path,
        temp_dir: None,
        memory_limit: None,
    })?;
    conn.execute_batch(&format!(
        "SET VARIABLE seed_dir = {};",
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

    for table in contract::TABLES {
        write_table(
            &conn,
            &format!("with_quotes('lake_{}')", table.name),
            table,
            &staging.path,
            Layout::SingleFile,
        )?;
    }
    drop(conn);
    // Again, just before: nothing may have been put there meanwhile.
    replaceable(out)?;
    staging.commit()
}

/// Whether `out` may be replaced by a new sample lake: it does not exist, or it is a folder holding nothing but what
/// `build-sample` writes — a folder per contract table holding only `<table>.parquet` (a plain file). That is how a
/// lake of its own making is recognised (the committed `sample-data/` is one); anything else there (a note, an
/// import's file, a symlink, another project's folder) refuses the build, naming it, and nothing is touched.
pub fn replaceable(out: &Path) -> Result<()> {
    let refuse = |what: String| {
        Error::Usage(format!(
            "{}: {what}; `lake build-sample` replaces only an empty folder or a sample lake it built (a folder per \
             contract table holding `<table>.parquet`), so nothing was written; give another --out",
            escape_control(&out.display().to_string())
        ))
    };
    let shown = |name: &std::ffi::OsStr| escape_control(&name.to_string_lossy()).into_owned();
    let meta = match fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(out, e)),
        Ok(meta) => meta,
    };
    if meta.file_type().is_symlink() {
        return Err(refuse("is a symlink".into()));
    }
    if !meta.is_dir() {
        return Err(refuse("is not a folder".into()));
    }
    for entry in fs::read_dir(out).map_err(|e| Error::io(out, e))? {
        let entry = entry.map_err(|e| Error::io(out, e))?;
        let name = entry.file_name();
        let kind = entry.file_type().map_err(|e| Error::io(&entry.path(), e))?;
        let Some(table) = name
            .to_str()
            .and_then(contract::table)
            .filter(|_| kind.is_dir())
        else {
            return Err(refuse(format!(
                "holds `{}`, which it does not write",
                shown(&name)
            )));
        };
        let expected = format!("{}.parquet", table.name);
        let folder = entry.path();
        for file in fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))? {
            let file = file.map_err(|e| Error::io(&folder, e))?;
            let plain = file.file_type().is_ok_and(|k| k.is_file());
            if file.file_name() != expected.as_str() || !plain {
                return Err(refuse(format!(
                    "holds `{}/{}`, which it does not write",
                    table.name,
                    shown(&file.file_name())
                )));
            }
        }
    }
    Ok(())
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
