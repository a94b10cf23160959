//! What the app asks the world to do. `update` (`App::on_key`, `on_answer`, ...) changes state and returns these as
//! values; a runner performs them: the terminal's event loop, or a headless session (which can also record them
//! instead). The app itself never touches a file, the terminal or DuckDB.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::core::queries::Library;
use crate::i18n::Lang;
use crate::tui::jobs::Job;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Hand a job to DuckDB; its answer comes back through `App::on_answer`.
    Run(Job),
    /// Interrupt the queries running now (repeated by the runner until the app is idle: an interrupt that lands
    /// before a query starts is lost).
    Cancel,
    /// Put text on the terminal's clipboard (OSC 52, works over SSH and tmux).
    Copy(String),
    /// Write a new user query file (never over an existing one), then reload the library: `App::on_saved` hears how
    /// it went.
    SaveQuery {
        dir: PathBuf,
        name: String,
        text: String,
    },
    /// Add a statement to the console's history file.
    AppendHistory {
        file: PathBuf,
        statement: String,
    },
    Quit,
}

/// How a save-as went: the file written and the library reloaded with it, or why not.
pub type Saved = Result<(PathBuf, Library), String>;

/// Write the query file as `Effect::SaveQuery` asks: created new (an existing name is refused by the file system, not
/// by a check that could race), then the library loaded again so the new query is there at once. Why not is said in
/// `lang`.
pub fn save_query(dir: &Path, name: &str, text: &str, lang: Lang) -> Saved {
    let path = dir.join(format!("{name}.sql"));
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    match written {
        Ok(()) => Ok((path.clone(), Library::load(Some(dir)))),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(crate::tr!(
            lang,
            "effect-query-exists",
            path = path.display().to_string()
        )),
        Err(e) => Err(crate::tr!(
            lang,
            "effect-save-failed",
            path = path.display().to_string(),
            error = e.to_string()
        )),
    }
}

/// Append one statement to the history file (JSON per line, so statements keep their newlines). History is a
/// convenience: a failure to write it is not worth interrupting anyone for.
pub fn append_history(file: &Path, statement: &str) {
    if let Some(parent) = file.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        && let Ok(line) = serde_json::to_string(statement)
    {
        let _ = writeln!(f, "{line}");
    }
}

/// The history file's statements, oldest first (unreadable lines skipped).
pub fn read_history(file: &Path) -> Vec<String> {
    std::fs::read_to_string(file)
        .map(|text| {
            text.lines()
                .filter_map(|l| serde_json::from_str::<String>(l).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Watches the user's query folder: when a file there is added, removed or edited, the library is loaded again, so
/// the Queries pane runs what the file says now.
pub struct QueryWatch {
    dir: Option<PathBuf>,
    stamp: u64,
}

impl QueryWatch {
    pub fn new(dir: Option<PathBuf>) -> QueryWatch {
        let stamp = stamp(dir.as_deref());
        QueryWatch { dir, stamp }
    }

    /// The library loaded again, when the folder's query files changed since the last look.
    pub fn changed(&mut self) -> Option<Library> {
        let now = stamp(self.dir.as_deref());
        if now == self.stamp {
            return None;
        }
        self.stamp = now;
        Some(Library::load(self.dir.as_deref()))
    }
}

/// A fingerprint of the `.sql` files in `dir`: names, sizes and modification times.
fn stamp(dir: Option<&Path>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else {
        return 0;
    };
    let mut files: Vec<(std::ffi::OsString, u64, Option<std::time::SystemTime>)> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "sql"))
        .map(|e| {
            let meta = e.metadata().ok();
            (
                e.file_name(),
                meta.as_ref().map_or(0, std::fs::Metadata::len),
                meta.and_then(|m| m.modified().ok()),
            )
        })
        .collect();
    files.sort();
    files.hash(&mut hasher);
    hasher.finish()
}

/// Per pane title: the parameters its query ran with, as text.
pub type PaneFilters = std::collections::BTreeMap<String, Vec<(String, String)>>;

/// What the TUI was showing, kept between runs: the pane and the language, and each saved-query pane's parameters
/// for each lake (or engine) apart — a province chosen on a bureau's lake is not carried into the sample lake.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UiState {
    pub pane: Option<String>,
    /// The language last chosen with `L` or `:lang` (`zh` or `en`); none when it was never chosen, and the
    /// config file or the locale decides.
    #[serde(default)]
    pub language: Option<String>,
    /// Per lake folder or engine address: its panes' filters.
    #[serde(default)]
    pub lakes: std::collections::BTreeMap<String, PaneFilters>,
    /// The lakes, the one used last first: the ones kept when there are too many.
    #[serde(default)]
    pub recent: Vec<String>,
}

/// At most this many lakes' filters are kept (the state file stays small).
pub const KEPT_LAKES: usize = 32;

/// The state file's contents; anything unreadable is no state (a fresh start, never an error).
pub fn read_state(file: &Path) -> Option<UiState> {
    let text = crate::core::config::read_small_file(file, 64 * 1024).ok()?;
    serde_json::from_str(&text).ok()
}

/// Keep the state for the next run, whole or not at all (the exports' atomic file). Failing to keep it is not worth
/// interrupting anyone for.
pub fn write_state(file: &Path, state: &UiState) {
    let Ok(text) = serde_json::to_string_pretty(state) else {
        return;
    };
    if let Some(parent) = file.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = crate::core::atomic_file::write_whole(file, text.as_bytes());
}
