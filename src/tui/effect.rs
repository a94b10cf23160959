//! What the app asks the world to do. `update` (`App::on_key`, `on_answer`, ...) changes state and returns these as
//! values; a runner performs them: the terminal's event loop, or a headless session (which can also record them
//! instead). The app itself never touches a file, the terminal or DuckDB.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::core::queries::Library;
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
/// by a check that could race), then the library loaded again so the new query is there at once.
pub fn save_query(dir: &Path, name: &str, text: &str) -> Saved {
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
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(format!("{} exists; choose another name", path.display()))
        }
        Err(e) => Err(format!("could not save {}: {e}", path.display())),
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
