//! The TUI's state and its update functions. Keys become actions through the keymap; `on_key`, `on_answer`,
//! `on_saved` and `on_resize` change state and return effects (jobs for DuckDB, a file to write, text to copy, quit)
//! for a runner to perform; nothing here does I/O. `render` (in `view/`) only reads.
//!
//! The state is split by concern: the pane table and dispatch (here), the dashboard's tiles (`dashboard`), drilling
//! (`explore`), the SQL console (`console`), the layers over a pane (`layers`), `:` commands (`commands`), and what
//! to fetch and what came back (`fetch`).

mod access;
mod actions;
pub mod catalog;
pub mod commands;
pub mod component;
pub mod console;
pub mod dashboard;
pub mod explore;
pub mod fetch;
mod grid_steps;
pub mod layers;
pub mod layout;
pub mod mouse;
pub mod reading;
mod saved;
pub use saved::saved_grid;
pub mod persist;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crossterm::event::KeyEvent;

use crate::core::gate;
use crate::core::queries::Library;
use crate::tui::effect::{Effect, Saved};
use crate::tui::grid::{Grid, GridQuery};
use crate::tui::jobs::{Key as RequestKey, Slot};
use crate::tui::keymap::{Action, Context, Key, Keymap};
use crate::tui::requests::Requests;

pub use crate::tui::pane::Pane;
pub use component::{Component, PaneSpec};
pub use console::Console;
pub use dashboard::{Dashboard, Tile};
pub use explore::Level;
pub use layers::{ExportDialog, Form, Layer, Prompt};

/// The language of the interface and of the data's names (one choice: the `中文` toggle switches both).
pub use crate::i18n::Lang as Language;

/// The Queries pane: the list's cursor and the result of the query run from it.
#[derive(Debug, Clone, Default)]
pub struct QueriesPane {
    pub cursor: usize,
    pub result: Option<Grid>,
}

/// Where the app's files go (None: not kept).
#[derive(Debug, Clone, Default)]
pub struct Files {
    pub history: Option<PathBuf>,
    pub user_queries: Option<PathBuf>,
    /// The other lakes' filters read from the state file, written back with this lake's.
    pub other_lakes: std::collections::BTreeMap<String, crate::tui::effect::PaneFilters>,
    /// The other lakes, the one used last first.
    pub other_recent: Vec<String>,
}

/// The status while a cancel is on its way; an answer that comes anyway replaces it.
/// The status while a cancel is on its way (the message `status-cancelling`); an answer that comes anyway replaces
/// it.
pub(crate) const CANCELLING: &str = "status-cancelling";

pub struct App {
    /// The pane table this app was made with (`tui::panes::PANES`, or a test's).
    panes: &'static [PaneSpec],
    pub(crate) keymap: Keymap,
    pub(crate) library: Library,
    pub(crate) pane: Pane,
    /// Popups, prompts and the parameter form over the pane, drawn bottom-up; the top one gets keys first.
    pub(crate) layers: Vec<Layer>,
    pub(crate) dashboard: Dashboard,
    pub(crate) explore: Vec<Level>,
    /// The grids of the panes that show one saved query (`PaneSpec::query`).
    pub(crate) pane_grids: BTreeMap<Pane, Grid>,
    pub(crate) scores: dashboard::Scores,
    pub(crate) queries: QueriesPane,
    pub(crate) console: Console,
    /// The lake's tables and columns, read when the console first shows.
    pub(crate) catalog: catalog::Catalog,
    /// The values of the lake's columns that `choice of table.column` parameters pick from, read when a form needs
    /// them.
    pub(crate) lake_values: std::collections::BTreeMap<(&'static str, &'static str), Vec<String>>,
    pub(crate) language: Language,
    /// The language last chosen in the TUI (`L`, `:lang`), kept for the next run; `--lang` for one run does not
    /// change it.
    pub(crate) language_kept: Option<Language>,
    pub(crate) size: (u16, u16),
    pub(crate) message: Option<String>,
    /// Every status message of this run, whole (the status line cuts a long one): `:messages` shows them.
    pub(crate) messages: std::collections::VecDeque<String>,
    pub(crate) lake_label: String,
    pub(crate) files: Files,
    /// Frames drawn (the spinner turns with them); set by the runner.
    pub(crate) ticks: u64,
    /// Percentage done of the running query, as DuckDB estimates it; set by the runner.
    pub(crate) progress: Option<f64>,
    requests: Requests,
    /// What a pane keeps for itself, by pane (a pane added to the table needs no field here).
    pane_states: BTreeMap<Pane, Box<dyn std::any::Any + Send>>,
    /// Effects made while handling one event; every update function hands them all back.
    outbox: Vec<Effect>,
}

impl App {
    /// An app over `panes` (the first is where it opens). `tui::panes::new_app` gives it the standard table.
    pub fn new(
        panes: &'static [PaneSpec],
        library: Library,
        keymap: Keymap,
        lake_label: String,
        size: (u16, u16),
    ) -> App {
        let (pane_grids, explore) = first_grids(panes, &library);
        let dashboard = Dashboard::new(&library);
        App {
            panes,
            keymap,
            library,
            pane: panes.first().map_or(Pane::DASHBOARD, |spec| spec.pane),
            layers: Vec::new(),
            dashboard,
            explore,
            pane_grids,
            scores: dashboard::Scores::default(),
            queries: QueriesPane::default(),
            console: Console::default(),
            catalog: catalog::Catalog::default(),
            lake_values: std::collections::BTreeMap::new(),
            // The runner sets the reader's language (`--lang`, the config file, the locale) before the first frame.
            language: Language::English,
            language_kept: None,
            size,
            message: None,
            messages: std::collections::VecDeque::new(),
            lake_label,
            files: Files::default(),
            ticks: 0,
            progress: None,
            requests: Requests::default(),
            pane_states: BTreeMap::new(),
            outbox: Vec::new(),
        }
    }

    /// Send the app's queries to an engine reading `dialect`. The session and the terminal runner call this with
    /// their engine's dialect before the first screen, so a query not written for it is refused with the reason
    /// (in its pane, tile or message) instead of being sent; grids already made are made again, checked.
    pub fn use_engine(&mut self, dialect: &'static str) {
        if self.library.engine() == dialect {
            return;
        }
        self.library = std::mem::take(&mut self.library).for_engine(dialect);
        (self.pane_grids, self.explore) = first_grids(self.panes, &self.library);
    }
}

/// The panes' grids and the Explore pane's first level, over the library's queries.
fn first_grids(panes: &[PaneSpec], library: &Library) -> (BTreeMap<Pane, Grid>, Vec<Level>) {
    let pane_grids = panes
        .iter()
        .filter_map(|spec| Some((spec.pane, spec.query?)))
        .map(|(pane, name)| {
            let grid = saved_grid(library, name, &[]).unwrap_or_else(|e| {
                let mut g = Grid::new(GridQuery {
                    sql: gate::nothing().into(),
                    params: Vec::new(),
                    label: name.into(),
                });
                g.error = Some(e);
                g
            });
            (pane, grid)
        })
        .collect();
    let first = crate::core::queries::OwnQuery::PROVINCES_OVERVIEW.name();
    let explore = saved_grid(library, first, &[])
        .map(|grid| Level {
            query: first.into(),
            // Named in the reader's language when drawn (`crumb-provinces`).
            crumb: String::new(),
            grid,
            return_to: None,
            hits: None,
        })
        .into_iter()
        .collect();
    (pane_grids, explore)
}

impl App {
    /// The panes, in their tabs' order.
    pub fn panes(&self) -> &'static [PaneSpec] {
        self.panes
    }

    /// The current pane's entry in the table.
    pub fn pane_spec(&self) -> &'static PaneSpec {
        let panes = self.panes;
        panes
            .iter()
            .find(|spec| spec.pane == self.pane)
            .or(panes.first())
            .unwrap_or(&NO_PANE)
    }

    fn component(&self) -> &'static dyn Component {
        self.pane_spec().component
    }

    /// The state `pane` keeps for itself, if it has made one of this type.
    pub fn pane_state<T: 'static>(&self, pane: Pane) -> Option<&T> {
        self.pane_states.get(&pane)?.downcast_ref()
    }

    /// Change the state `pane` keeps for itself (made with its default the first time).
    pub fn change_pane_state<T: Default + Send + 'static>(
        &mut self,
        pane: Pane,
        change: impl FnOnce(&mut T),
    ) {
        let slot = self
            .pane_states
            .entry(pane)
            .or_insert_with(|| Box::new(T::default()));
        if !slot.is::<T>() {
            *slot = Box::new(T::default());
        }
        if let Some(state) = slot.downcast_mut() {
            change(state);
        }
    }

    /// The grid of a saved-query pane (ratings, coverage, funding).
    pub fn pane_grid(&self, pane: Pane) -> Option<&Grid> {
        self.pane_grids.get(&pane)
    }

    // ------------------------------------------------------------------------------------------------------
    // Grids and where keys go
    // ------------------------------------------------------------------------------------------------------

    /// Data rows of a grid that fit on screen, from the same layout `render` draws with.
    pub fn grid_rows(&self, slot: Slot) -> u64 {
        layout::grid_rows(self, slot)
    }

    pub fn grid(&self, slot: Slot) -> Option<&Grid> {
        match slot {
            Slot::Explore(i) => self.explore.get(i).map(|l| &l.grid),
            Slot::Pane(p) => self.pane_grids.get(&p),
            Slot::QueryResult => self.queries.result.as_ref(),
            Slot::Console => self.console.grid.as_ref(),
            Slot::Frequency => self.layers.iter().rev().find_map(|l| match l {
                Layer::Frequency { grid, .. } => Some(grid.as_ref()),
                _ => None,
            }),
        }
    }

    pub fn grid_mut(&mut self, slot: Slot) -> Option<&mut Grid> {
        match slot {
            Slot::Explore(i) => self.explore.get_mut(i).map(|l| &mut l.grid),
            Slot::Pane(p) => self.pane_grids.get_mut(&p),
            Slot::QueryResult => self.queries.result.as_mut(),
            Slot::Console => self.console.grid.as_mut(),
            Slot::Frequency => self.layers.iter_mut().rev().find_map(|l| match l {
                Layer::Frequency { grid, .. } => Some(grid.as_mut()),
                _ => None,
            }),
        }
    }

    /// The grid of the pane (under any layer).
    pub fn pane_slot(&self) -> Option<Slot> {
        self.component().slot(self)
    }

    /// Whether typed text goes to the pane's own editor.
    pub fn editing(&self) -> bool {
        self.component().editing(self)
    }

    /// The grid keys act on: the frequency view when it is on top, else the pane's grid when it has the focus.
    pub fn active_slot(&self) -> Option<Slot> {
        if matches!(self.layers.last(), Some(Layer::Frequency { .. })) {
            return Some(Slot::Frequency);
        }
        if self.editing() {
            return None;
        }
        self.pane_slot()
    }

    /// Which keymap context keys are looked up in, given the layers open. The help layer lists the context of what
    /// is under it, from this same function.
    pub fn context_under(&self, layers: &[Layer]) -> Context {
        match layers.last() {
            Some(Layer::Frequency { .. }) => Context::Grid,
            Some(Layer::Help { .. } | Layer::Detail { .. } | Layer::WhereFrom { .. }) => {
                Context::Reading
            }
            Some(_) => Context::Form,
            None if self.editing() => Context::Console,
            None => Context::Grid,
        }
    }

    pub fn context(&self) -> Context {
        self.context_under(&self.layers)
    }

    /// Whether this grid is waiting for DuckDB (its current generation).
    pub fn grid_loading(&self, slot: Slot) -> bool {
        let Some(generation) = self.grid(slot).map(Grid::generation) else {
            return false;
        };
        self.requests.waiting_any(|key, g| {
            g == generation
                && matches!(key, RequestKey::Page(s, _) | RequestKey::Count(s) if s == slot)
        })
    }

    /// Whether the grid on screen is waiting for DuckDB.
    pub fn view_loading(&self) -> bool {
        self.active_slot().is_some_and(|s| self.grid_loading(s))
    }

    /// Whether anything asked of DuckDB is still out.
    pub fn busy(&self) -> bool {
        self.requests.busy()
    }

    /// The other language, for the interface and the data's names together; kept for the next run.
    pub fn toggle_language(&mut self) {
        self.choose_language(self.language.other());
    }

    /// `lang` for the interface and the data's names together; kept for the next run.
    pub fn choose_language(&mut self, lang: Language) {
        self.language = lang;
        self.language_kept = Some(lang);
    }

    pub fn title_column(&self) -> &'static str {
        if self.language == Language::Chinese {
            "title_zh"
        } else {
            "title_en"
        }
    }

    pub fn name_column(&self) -> &'static str {
        if self.language == Language::Chinese {
            "name_zh"
        } else {
            "name_en"
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Update
    // ------------------------------------------------------------------------------------------------------

    /// A key from the terminal. Typed text goes to the field that has the focus; other keys become actions.
    pub fn on_key(&mut self, event: KeyEvent) -> Vec<Effect> {
        self.message = None;
        if !self.on_text_key(&event)
            && let Some(key) = Key::from_event(&event)
            && let Some(action) = self.keymap.action(self.context(), key)
        {
            self.on_action(action);
        }
        self.finish()
    }

    /// The terminal's new size: what must now be fetched to fill it.
    pub fn on_resize(&mut self, size: (u16, u16)) -> Vec<Effect> {
        self.size = size;
        self.finish()
    }

    /// How a save-as the app asked for went.
    pub fn on_saved(&mut self, saved: Saved) -> Vec<Effect> {
        self.message = Some(match saved {
            Ok((path, library)) => {
                self.library = library;
                crate::tr!(
                    self.language,
                    "status-saved-as",
                    path = path.display().to_string()
                )
            }
            Err(e) => e,
        });
        self.finish()
    }

    /// The effects of this update: what it asked for, then what the screen now needs fetched.
    fn finish(&mut self) -> Vec<Effect> {
        self.keep_columns_visible();
        self.log_message();
        self.schedule();
        std::mem::take(&mut self.outbox)
    }

    /// The status message kept in the log, once (a key that leaves it standing does not log it again).
    fn log_message(&mut self) {
        const KEPT: usize = 200;
        let Some(message) = &self.message else {
            return;
        };
        if self.messages.back() != Some(message) {
            self.messages.push_back(message.clone());
            if self.messages.len() > KEPT {
                self.messages.pop_front();
            }
        }
    }

    /// Every grid the app holds.
    pub(super) fn all_slots(&self) -> Vec<Slot> {
        let mut slots: Vec<Slot> = (0..self.explore.len()).map(Slot::Explore).collect();
        slots.extend(self.pane_grids.keys().map(|p| Slot::Pane(*p)));
        slots.extend([Slot::QueryResult, Slot::Console, Slot::Frequency]);
        slots
    }

    /// No grid's column cursor on a column it does not show: what `v`, `y` and the header act on is what is seen.
    fn keep_columns_visible(&mut self) {
        let chinese = self.language == Language::Chinese;
        for slot in self.all_slots() {
            if let Some(grid) = self.grid_mut(slot) {
                let visible = grid.visible_columns(chinese);
                grid.keep_column_visible(&visible);
            }
        }
        // The grid keys act on scrolls to its column cursor, by the layout the view draws it with (another grid's
        // cursor does not move; it is scrolled when it is the one keys act on again).
        let Some(slot) = self.active_slot() else {
            return;
        };
        let lang = self.language;
        let area = layout::grid_area(self, slot);
        if let (Some(grid), Some(area)) = (self.grid_mut(slot), area) {
            let visible = grid.visible_columns(chinese);
            grid.scroll_to_column(
                &visible,
                area.width,
                u64::from(area.height.saturating_sub(1)),
                lang,
            );
        }
    }

    fn emit(&mut self, effect: Effect) {
        self.outbox.push(effect);
    }

    /// What the screen needs fetched now (the runner calls this once at start).
    pub fn start(&mut self) -> Vec<Effect> {
        self.finish()
    }

    pub fn go(&mut self, pane: Pane) {
        self.pane = pane;
        self.layers.clear();
        self.component().entered(self);
    }

    /// Enter: the pane decides (drill down, pick, back to the editor).
    fn open(&mut self) {
        self.component().open(self);
    }

    /// Esc with no layer open: up a level, out of a result.
    fn back(&mut self) {
        self.component().back(self);
    }
}

/// The pane of an app given an empty table: nothing to show, nothing to do.
struct NoPane;

impl Component for NoPane {
    fn heading(&self, _app: &App, _theme: &crate::tui::theme::Theme) -> String {
        String::new()
    }

    fn body(
        &self,
        _app: &App,
        _theme: &crate::tui::theme::Theme,
        _frame: &mut ratatui::Frame<'_>,
        _screen: &layout::Screen,
    ) {
    }
}

static NO_PANE: PaneSpec = PaneSpec {
    pane: Pane::DASHBOARD,
    title: "", // not text: no state file key
    names: &[],
    key: "",
    query: None,
    shape: crate::tui::pane::Shape::Whole,
    component: &NoPane,
};
