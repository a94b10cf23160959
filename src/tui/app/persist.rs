//! What outlives one update: the library reloaded from disk, the console's history, and the state kept between runs
//! (the pane, the language, the filters).

use std::path::PathBuf;

use crate::core::queries::Library;
use crate::tr;
use crate::tui::app::{App, Language, saved_grid};
use crate::tui::effect::Effect;

impl App {
    /// The lake's files changed under the app (an import or an undo) and the engine was opened again over them: every
    /// figure is read again, the dashboard's and each grid's, where it stands.
    pub fn on_lake_changed(&mut self) -> Vec<Effect> {
        self.dashboard.reload();
        self.lake_values.clear();
        for slot in self.all_slots() {
            if let Some(grid) = self.grid_mut(slot) {
                grid.reset_rows();
            }
        }
        self.message = Some(tr!(self.language, "persist-lake-changed"));
        self.finish()
    }

    /// The user's query files changed on disk: run what they say now.
    pub fn on_library(&mut self, library: Library) -> Vec<Effect> {
        self.library = library.for_engine(self.library.engine());
        // The tiles are the queries that claim them now.
        let fresh = crate::tui::app::Dashboard::new(&self.library);
        let claims = |d: &crate::tui::app::Dashboard| {
            d.tiles
                .iter()
                .map(|t| (t.kind, t.query.clone()))
                .collect::<Vec<_>>()
        };
        if claims(&fresh) != claims(&self.dashboard) {
            let card = self.dashboard.card;
            self.dashboard = fresh;
            self.dashboard.card = card;
        }
        self.queries.cursor = self
            .queries
            .cursor
            .min(self.library.queries.len().saturating_sub(1));
        let count = self.library.queries.len();
        self.message = Some(if self.library.broken.is_empty() {
            tr!(self.language, "persist-library-reloaded", count = count)
        } else {
            tr!(
                self.language,
                "persist-library-reloaded-refused",
                count = count,
                refused = self.library.broken.len()
            )
        });
        self.finish()
    }

    /// What to keep for the next run.
    pub fn ui_state(&self) -> crate::tui::effect::UiState {
        // This lake first, then the others as recently used, as many as are kept.
        let recent: Vec<String> = std::iter::once(self.lake_label.clone())
            .chain(
                self.files
                    .other_recent
                    .iter()
                    .filter(|l| **l != self.lake_label && self.files.other_lakes.contains_key(*l))
                    .cloned(),
            )
            // A state file from before the order was kept: its lakes after the ordered ones.
            .chain(
                self.files
                    .other_lakes
                    .keys()
                    .filter(|l| **l != self.lake_label && !self.files.other_recent.contains(*l))
                    .cloned(),
            )
            .take(crate::tui::effect::KEPT_LAKES)
            .collect();
        let mut lakes: std::collections::BTreeMap<String, crate::tui::effect::PaneFilters> = self
            .files
            .other_lakes
            .iter()
            .filter(|(lake, _)| recent.contains(lake))
            .map(|(lake, filters)| (lake.clone(), filters.clone()))
            .collect();
        lakes.insert(self.lake_label.clone(), self.pane_filters());
        crate::tui::effect::UiState {
            pane: Some(self.pane_spec().title.to_string()),
            language: self.language_kept.map(|lang| lang.tag().to_string()),
            lakes,
            recent,
        }
    }

    /// Each saved-query pane's parameters, as text.
    fn pane_filters(&self) -> crate::tui::effect::PaneFilters {
        self.pane_grids
            .iter()
            .map(|(pane, grid)| {
                let given = grid
                    .query
                    .params
                    .iter()
                    .filter(|(n, v)| {
                        *v != crate::core::sql::Value::Null
                            && !crate::core::queries::is_companion(n)
                    })
                    .map(|(n, v)| (n.clone(), v.as_text()))
                    .collect();
                let title = self
                    .panes()
                    .iter()
                    .find(|spec| spec.pane == *pane)
                    .map_or(pane.name(), |spec| spec.title);
                (title.to_string(), given)
            })
            .collect()
    }

    /// Come back to what the last run showed; a filter the queries no longer take is dropped.
    pub fn restore(&mut self, mut state: crate::tui::effect::UiState) {
        let filters = state.lakes.remove(&self.lake_label).unwrap_or_default();
        self.files.other_lakes = state.lakes;
        self.files.other_recent = state.recent;
        if let Some(lang) = state.language.as_deref().and_then(Language::from_tag) {
            self.language = lang;
            self.language_kept = Some(lang);
        }
        if let Some(spec) = self
            .panes()
            .iter()
            .find(|p| Some(p.title) == state.pane.as_deref())
        {
            self.pane = spec.pane;
        }
        for spec in self.panes() {
            let (Some(query), Some(given)) = (spec.query, filters.get(spec.title)) else {
                continue;
            };
            if let Ok(grid) = saved_grid(&self.library, query, given) {
                self.pane_grids.insert(spec.pane, grid);
            }
        }
    }

    /// The history file's statements, read by the runner at start.
    pub fn set_history(&mut self, file: Option<PathBuf>, statements: Vec<String>) {
        self.console.history = statements;
        self.files.history = file;
    }
}
