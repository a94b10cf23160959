//! Which lake to open: `--lake`, then `QLAKE_LAKE`, then the config file, then `./sample-data`, then the sample
//! lake built into the binary.

use std::path::Path;

use crate::core::config;
use crate::core::error::Result;
use crate::core::lake::{Lake, LakeOrigin};
use crate::core::sample;

pub fn resolve_lake(flag: Option<&Path>) -> Result<Lake> {
    if let Some(path) = flag {
        return Lake::open(path, LakeOrigin::Flag);
    }
    if let Some(path) = std::env::var_os("QLAKE_LAKE").filter(|v| !v.is_empty()) {
        return Lake::open(Path::new(&path), LakeOrigin::Environment);
    }
    let (config_file, config) = config::load()?;
    if let (Some(file), Some(lake)) = (config_file, config.lake) {
        let lake = if lake.is_relative() {
            file.parent().unwrap_or(Path::new(".")).join(lake)
        } else {
            lake
        };
        return Lake::open(&lake, LakeOrigin::ConfigFile(file));
    }
    let local = Path::new("sample-data");
    if local.is_dir() {
        return Lake::open(local, LakeOrigin::WorkingDirectory);
    }
    let builtin = sample::builtin_lake(&config::dirs().cache)?;
    Lake::open(&builtin, LakeOrigin::BuiltIn)
}
