//! The user's configuration file (`config.toml` in the XDG config folder, or `QLAKE_CONFIG`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::core::error::{Error, Result};

#[derive(Debug, Default, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The lake to open when neither `--lake` nor `QLAKE_LAKE` says.
    pub lake: Option<PathBuf>,
    /// Key overrides for the TUI: action name → key, e.g. `quit = "ctrl-q"`.
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
    /// DuckDB's memory limit, e.g. "2GiB" (default: a quarter of the machine's memory).
    pub memory_limit: Option<String>,
    /// How much DuckDB may spill to disk per process, e.g. "20GiB" (default: a quarter of the free disk, ≤ 50 GiB).
    pub max_temp: Option<String>,
    /// The TUI takes the mouse (wheel scrolls, clicks select); `false` leaves it to the terminal, for selecting text.
    pub mouse: Option<bool>,
    /// A remote engine (grpc://host:port or grpc+tls://host:port) for the dashboard, `sql` and `query run` when
    /// neither `--lake` nor `QLAKE_LAKE` names a lake; `--engine` / `QLAKE_ENGINE` win over it.
    pub engine: Option<String>,
    /// The CA file a grpc+tls engine's certificate must chain to.
    pub engine_ca: Option<PathBuf>,
    /// The database (or catalog.database) holding the lake's tables on the engine.
    pub engine_database: Option<String>,
    /// The SQL the engine reads: `spark` (Sail, Spark; the default) or `mysql` (Apache Doris, StarRocks).
    pub engine_dialect: Option<String>,
    /// The language people read: `zh` or `en` (default: the locale's). `--lang` wins over it, and in the TUI so
    /// does the language last chosen with `L`.
    pub lang: Option<String>,
}

/// A config file is a few lines; anything larger is not one (and `/dev/zero` must not be read until memory runs out).
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Where qlake keeps its files.
pub struct Dirs {
    pub config: Option<PathBuf>,
    pub cache: PathBuf,
    pub data: Option<PathBuf>,
    /// Where the TUI keeps what it was showing between runs (XDG state folder).
    pub state: Option<PathBuf>,
}

pub fn dirs() -> Dirs {
    let project = directories::ProjectDirs::from("", "", "qlake");
    let cache = std::env::var_os("QLAKE_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| project.as_ref().map(|p| p.cache_dir().to_path_buf()))
        .unwrap_or_else(|| std::env::temp_dir().join("qlake-cache"));
    Dirs {
        config: std::env::var_os("QLAKE_CONFIG_DIR")
            .map(PathBuf::from)
            .or_else(|| project.as_ref().map(|p| p.config_dir().to_path_buf())),
        cache,
        data: std::env::var_os("QLAKE_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| project.as_ref().map(|p| p.data_dir().to_path_buf())),
        state: std::env::var_os("QLAKE_STATE_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                project
                    .as_ref()
                    .and_then(|p| p.state_dir().map(Path::to_path_buf))
            }),
    }
}

/// The config file's path, whether or not it exists.
pub fn config_path() -> Option<PathBuf> {
    std::env::var_os("QLAKE_CONFIG")
        .map(PathBuf::from)
        .or_else(|| dirs().config.map(|d| d.join("config.toml")))
}

/// Read the config file; a missing file is an empty configuration, a broken one an error naming the file.
pub fn load() -> Result<(Option<PathBuf>, Config)> {
    let Some(path) = config_path() else {
        return Ok((None, Config::default()));
    };
    match read_small_file(&path, MAX_CONFIG_BYTES) {
        Ok(text) => Ok((Some(path.clone()), parse(&text, &path)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((None, Config::default())),
        Err(e) => Err(Error::io(&path, format!("config file: {e}"))),
    }
}

/// The text of a regular file of at most `limit` bytes; FIFOs, devices and larger files are refused (they would
/// hang qlake or exhaust its memory).
pub fn read_small_file(path: &Path, limit: u64) -> std::io::Result<String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking, so opening a FIFO returns at once instead of waiting for a writer.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut text = String::new();
    file.take(limit + 1).read_to_string(&mut text)?;
    if text.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "larger than {} KiB",
            limit / 1024
        )));
    }
    Ok(text)
}

pub fn parse(text: &str, path: &Path) -> Result<Config> {
    let config: Config = toml::from_str(text)
        .map_err(|e| Error::Invalid(format!("config file {}: {}", path.display(), e.message())))?;
    if let Some(lang) = &config.lang
        && crate::i18n::Lang::from_tag(lang).is_none()
    {
        return Err(Error::Invalid(crate::tr!(
            crate::i18n::process_lang(),
            "config-bad-lang",
            file = path.display().to_string(),
            lang = lang.as_str()
        )));
    }
    Ok(config)
}

/// The language chosen for this run: `--lang` (`flag`), else the config file's `lang`, else the locale. A config
/// file that cannot be read chooses nothing here (the command that reads it says why).
pub fn chosen_lang(flag: Option<&str>) -> crate::i18n::Lang {
    use crate::i18n::Lang;
    flag.and_then(Lang::from_tag)
        .or_else(|| {
            load()
                .ok()
                .and_then(|(_, c)| c.lang.as_deref().and_then(Lang::from_tag))
        })
        .unwrap_or_else(Lang::from_locale)
}

/// `1000`, `512KiB`, `256 MiB`, `2GiB`, `1TiB` (binary units; `K`, `M`, `G`, `T`, with or without `B`, mean the same).
pub fn parse_size(value: &str) -> Option<u64> {
    let v = value.trim();
    let digits_end = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (number, unit) = v.split_at(digits_end);
    let number: u64 = number.parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return None,
    };
    number.checked_mul(factor)
}
