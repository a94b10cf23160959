//! The app as drivers and tests outside the crate see it: its fields are the crate's own.

use super::*;

/// What drivers and tests outside the crate read of the app (its fields are the crate's own): each a view, never a
/// way around the update functions, except the few setters a test of a situation needs.
impl App {
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    pub fn pane(&self) -> Pane {
        self.pane
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    pub fn dashboard(&self) -> &Dashboard {
        &self.dashboard
    }

    pub fn explore(&self) -> &[Level] {
        &self.explore
    }

    pub fn scores(&self) -> &dashboard::Scores {
        &self.scores
    }

    pub fn queries(&self) -> &QueriesPane {
        &self.queries
    }

    pub fn console(&self) -> &Console {
        &self.console
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The status line's message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Every status message of this run (`:messages`).
    pub fn messages(&self) -> &std::collections::VecDeque<String> {
        &self.messages
    }

    pub fn lake_label(&self) -> &str {
        &self.lake_label
    }

    pub fn files(&self) -> &Files {
        &self.files
    }

    pub fn progress(&self) -> Option<f64> {
        self.progress
    }

    /// The language for this run only (as `--lang` sets it); `choose_language` also keeps it.
    pub fn set_language(&mut self, lang: Language) {
        self.language = lang;
    }

    /// The terminal's size, without asking for what it then needs (`on_resize` does).
    pub fn set_size(&mut self, size: (u16, u16)) {
        self.size = size;
    }

    /// DuckDB's estimate of the running query, as the runner sets it.
    pub fn set_progress(&mut self, progress: Option<f64>) {
        self.progress = progress;
    }

    pub fn files_mut(&mut self) -> &mut Files {
        &mut self.files
    }

    pub fn console_mut(&mut self) -> &mut Console {
        &mut self.console
    }

    pub fn dashboard_mut(&mut self) -> &mut Dashboard {
        &mut self.dashboard
    }

    pub fn layers_mut(&mut self) -> &mut Vec<Layer> {
        &mut self.layers
    }
}
