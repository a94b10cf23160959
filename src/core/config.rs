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
}

/// Where qlake keeps its files.
pub struct Dirs {
    pub config: Option<PathBuf>,
    pub cache: PathBuf,
    pub data: Option<PathBuf>,
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
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((Some(path.clone()), parse(&text, &path)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((None, Config::default())),
        Err(e) => Err(Error::io(&path, e)),
    }
}

pub fn parse(text: &str, path: &Path) -> Result<Config> {
    toml::from_str(text)
        .map_err(|e| Error::Invalid(format!("config file {}: {}", path.display(), e.message())))
}
