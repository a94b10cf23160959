//! Where DuckDB may spill, and how much memory it may take: qlake's own cache folder, never the working directory
//! or the lake, and a limit suited to a shared SSH host.
//!
//! Each process claims a folder of its own under `<cache>/duckdb-tmp/` and holds an advisory lock on it for its
//! whole life; at start-up, folders whose lock nobody holds belong to dead processes and are removed.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use crate::core::config;
use crate::core::error::{Error, Result};

/// The DuckDB settings every qlake instance gets before its configuration is locked.
#[derive(Debug)]
pub struct Settings {
    pub temp_dir: PathBuf,
    /// DuckDB's `memory_limit`, e.g. `4096MiB`.
    pub memory_limit: String,
    /// DuckDB's `max_temp_directory_size`: how much one process may spill, e.g. `8192MiB`.
    pub max_temp: String,
    /// Holds the lock that marks `temp_dir` as alive.
    _lock: File,
}

/// Why the settings could not be made, kept so every later caller gets the same error (and exit code).
#[derive(Debug)]
struct Failed {
    usage: bool,
    message: String,
}

static SETTINGS: OnceLock<std::result::Result<Settings, Failed>> = OnceLock::new();

/// This process's settings, claimed on first use.
pub fn settings() -> Result<&'static Settings> {
    SETTINGS
        .get_or_init(|| {
            claim(&config::dirs().cache).map_err(|e| Failed {
                usage: matches!(e, Error::Usage(_)),
                message: e.to_string(),
            })
        })
        .as_ref()
        .map_err(|f| {
            if f.usage {
                Error::Usage(f.message.clone())
            } else {
                Error::Invalid(f.message.clone())
            }
        })
}

/// Where exports are made when their own folder only lets qlake link files in (see `sandbox`).
pub fn spool_dir(cache: &Path) -> PathBuf {
    cache.join("spool")
}

/// A private temporary file in qlake's own spool (never the system's temp folder, which a confined command may not
/// write), removed when dropped.
pub fn temp_file(prefix: &str, suffix: &str) -> Result<tempfile::NamedTempFile> {
    let spool = spool_dir(&config::dirs().cache);
    fs::create_dir_all(&spool).map_err(|e| Error::io(&spool, e))?;
    tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .tempfile_in(&spool)
        .map_err(|e| Error::io(&spool, e))
}

/// The folder under which every qlake process keeps its DuckDB temp folder.
pub fn temp_root(cache: &Path) -> PathBuf {
    cache.join("duckdb-tmp")
}

fn claim(cache: &Path) -> Result<Settings> {
    let root = temp_root(cache);
    fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
    remove_stale(&root);
    let dir = tempfile::Builder::new()
        .prefix(&format!("{}-", std::process::id()))
        .tempdir_in(&root)
        .map_err(|e| Error::io(&root, e))?
        .keep();
    let lock_path = dir.join(LOCK_FILE);
    let lock = File::create(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
    if !try_lock(&lock) {
        return Err(Error::io(&lock_path, "cannot lock qlake's temp folder"));
    }
    let max_temp = max_temp(&dir)?;
    Ok(Settings {
        temp_dir: dir,
        memory_limit: memory_limit()?,
        max_temp,
        _lock: lock,
    })
}

const LOCK_FILE: &str = ".qlake-alive";

/// A folder younger than this without a lock file may be one another process is just claiming.
const CLAIM_GRACE: Duration = Duration::from_secs(60);

/// Remove the temp folders of processes that are gone (their lock is free). Best effort: what cannot be removed now
/// is tried again by the next qlake.
fn remove_stale(root: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        let stale = match File::open(path.join(LOCK_FILE)) {
            Ok(lock) => try_lock(&lock),
            Err(_) => meta
                .modified()
                .ok()
                .and_then(|m| SystemTime::now().duration_since(m).ok())
                .is_some_and(|age| age > CLAIM_GRACE),
        };
        if stale {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

fn try_lock(file: &File) -> bool {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a file descriptor we own; no memory is involved.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

/// `QLAKE_MEMORY_LIMIT`, else `memory_limit` in the config file, else a quarter of the machine's memory (at least
/// 1 GiB): DuckDB's own default of 80 % is unkind to the other users of a shared host.
fn memory_limit() -> Result<String> {
    let given = size_setting("QLAKE_MEMORY_LIMIT", "memory_limit", |c| {
        c.memory_limit.clone()
    })?;
    Ok(given.unwrap_or_else(|| format!("{}MiB", default_limit_bytes() / (1024 * 1024))))
}

/// `QLAKE_MAX_TEMP`, else `max_temp` in the config file, else a quarter of the free space where DuckDB spills
/// (between 1 and 50 GiB, never more than is free): DuckDB's own default of 90 % of the free disk lets one
/// analyst's sort fill a shared host's disk for everyone.
fn max_temp(temp_dir: &Path) -> Result<String> {
    let given = size_setting("QLAKE_MAX_TEMP", "max_temp", |c| c.max_temp.clone())?;
    Ok(given.unwrap_or_else(|| {
        format!(
            "{}MiB",
            default_spill_bytes(free_bytes(temp_dir)) / (1024 * 1024)
        )
    }))
}

/// The spill cap from the free space of the temp folder's disk (`None` when it cannot be told).
fn default_spill_bytes(free: Option<u64>) -> u64 {
    const GIB: u64 = 1024 * 1024 * 1024;
    match free {
        Some(free) => (free / 4).clamp(GIB, 50 * GIB).min(free.max(1024 * 1024)),
        None => 10 * GIB,
    }
}

fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
    // SAFETY: a valid NUL-terminated path and a pointer to a statvfs the call fills.
    let rc = unsafe { libc::statvfs(c_path.as_ptr(), stat.as_mut_ptr()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it filled the structure.
    let stat = unsafe { stat.assume_init() };
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// A size from the environment variable `env`, else from the config file's `key`; checked as DuckDB takes it.
fn size_setting(
    env: &str,
    key: &str,
    from_config: impl Fn(&config::Config) -> Option<String>,
) -> Result<Option<String>> {
    let given = match std::env::var(env) {
        Ok(v) if !v.trim().is_empty() => Some((env.to_string(), v)),
        _ => {
            let (file, config) = config::load()?;
            from_config(&config).map(|v| {
                let origin = file.map_or_else(
                    || "the config file".to_string(),
                    |f| f.display().to_string(),
                );
                (format!("{key} in {origin}"), v)
            })
        }
    };
    match given {
        Some((_, value)) if is_memory_size(&value) => Ok(Some(value.trim().to_string())),
        Some((origin, value)) => Err(Error::Usage(format!(
            "{origin}: {value:?} is not a size (e.g. 2GiB, 512MB, 25%)"
        ))),
        None => Ok(None),
    }
}

fn default_limit_bytes() -> u64 {
    const GIB: u64 = 1024 * 1024 * 1024;
    let total = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| kb * 1024)
        .unwrap_or(4 * GIB);
    (total / 4).max(GIB)
}

/// A number with an optional unit, as DuckDB's `memory_limit` takes it.
fn is_memory_size(value: &str) -> bool {
    let v = value.trim();
    let digits_end = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (number, unit) = v.split_at(digits_end);
    let units = [
        "", "b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "%",
    ];
    !number.is_empty()
        && number.parse::<f64>().is_ok_and(|n| n > 0.0)
        && units.contains(&unit.trim().to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_sizes() {
        for ok in ["2GiB", "512MB", "25%", "1.5 GB", "1000000"] {
            assert!(is_memory_size(ok), "{ok}");
        }
        for bad in ["", "lots", "-1GB", "2 parsecs", "0", "1GB; SET x=1"] {
            assert!(!is_memory_size(bad), "{bad}");
        }
    }

    #[test]
    fn the_spill_cap_is_a_quarter_of_the_free_disk_within_bounds() {
        const GIB: u64 = 1024 * 1024 * 1024;
        assert_eq!(default_spill_bytes(Some(40 * GIB)), 10 * GIB);
        assert_eq!(default_spill_bytes(Some(1000 * GIB)), 50 * GIB);
        assert_eq!(default_spill_bytes(Some(2 * GIB)), GIB);
        // Never more than is free, however little.
        assert_eq!(default_spill_bytes(Some(GIB / 2)), GIB / 2);
        assert_eq!(default_spill_bytes(None), 10 * GIB);
    }

    #[test]
    fn stale_folders_are_removed_and_live_ones_kept() {
        let root = tempfile::tempdir().unwrap();
        let dead = root.path().join("1-dead");
        fs::create_dir(&dead).unwrap();
        File::create(dead.join(LOCK_FILE)).unwrap();
        fs::write(dead.join("duckdb_temp_storage-0.tmp"), b"x").unwrap();
        let live = root.path().join("2-live");
        fs::create_dir(&live).unwrap();
        let held = File::create(live.join(LOCK_FILE)).unwrap();
        assert!(try_lock(&held));
        let young = root.path().join("3-claiming");
        fs::create_dir(&young).unwrap();
        remove_stale(root.path());
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(young.exists());
    }
}
