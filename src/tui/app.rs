//! The TUI's state and its update function. Keys become actions through the keymap; `on_key` and `on_answer`
//! change state and return jobs for DuckDB, never doing I/O themselves; `render` (in `view.rs`) only reads.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::core::engine::Value;
use crate::core::export::Format;
use crate::core::gate;
use crate::core::queries::{Library, SavedQuery};
use crate::tui::grid::{Filter, Grid, GridQuery};
use crate::tui::jobs::{Answer, Job, Outcome, Slot, Target, Work};
use crate::tui::keymap::{Action, Context, Key, Keymap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Dashboard,
    Explore,
    Ratings,
    Queries,
    Console,
    Coverage,
    Funding,
}

pub const PANES: [Pane; 7] = [
    Pane::Dashboard,
    Pane::Explore,
    Pane::Ratings,
    Pane::Queries,
    Pane::Console,
    Pane::Coverage,
    Pane::Funding,
];

impl Pane {
    pub fn title(self) -> &'static str {
        match self {
            Pane::Dashboard => "Overview",
            Pane::Explore => "Explore",
            Pane::Ratings => "Ratings",
            Pane::Queries => "Queries",
            Pane::Console => "SQL",
            Pane::Coverage => "Coverage",
            Pane::Funding => "Funding",
        }
    }
}

/// The dashboard's tiles, each a saved query (editing `queries/` changes the dashboard).
pub const TILES: [&str; 4] = [
    "dashboard-kpis",
    "dashboard-funding",
    "dashboard-ratings",
    "dashboard-coverage",
];

#[derive(Debug, Clone, Default)]
pub struct Tile {
    pub query: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub error: Option<String>,
    pub pending: Option<u64>,
    pub loaded: bool,
}

impl Tile {
    pub fn value(&self, row: &[String], column: &str) -> Option<String> {
        let i = self.columns.iter().position(|c| c == column)?;
        row.get(i).cloned()
    }
}

#[derive(Debug, Clone)]
pub struct Level {
    pub query: String,
    pub crumb: String,
    pub grid: Grid,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub query: String,
    pub values: Vec<String>,
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct QueriesPane {
    pub cursor: usize,
    pub form: Option<Form>,
    pub result: Option<Grid>,
}

#[derive(Debug, Clone, Default)]
pub struct Console {
    pub lines: Vec<String>,
    pub row: usize,
    pub col: usize,
    pub history: Vec<String>,
    pub history_pos: Option<usize>,
    pub grid: Option<Grid>,
    pub error: Option<String>,
    pub focus_grid: bool,
}

/// The byte offset of character `col` of `line` (its end when past it). Typing into a long pasted line calls this on
/// every key, so plain ASCII, the usual case for SQL, takes the direct way.
fn byte_of_char(line: &str, col: usize) -> usize {
    if line.is_ascii() {
        return col.min(line.len());
    }
    line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

impl Console {
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    fn set_text(&mut self, text: &str) {
        self.lines = text.split('\n').map(str::to_string).collect();
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.row = self.lines.len() - 1;
        self.col = self.lines[self.row].chars().count();
    }

    fn insert(&mut self, c: char) {
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        let line = &mut self.lines[self.row];
        let byte = byte_of_char(line, self.col);
        if c == '\n' {
            let rest = line.split_off(byte);
            self.lines.insert(self.row + 1, rest);
            self.row += 1;
            self.col = 0;
        } else {
            line.insert(byte, c);
            self.col += 1;
        }
    }

    fn backspace(&mut self) {
        if self.col > 0 {
            let line = &mut self.lines[self.row];
            if let Some((i, _)) = line.char_indices().nth(self.col - 1) {
                line.remove(i);
            }
            self.col -= 1;
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.lines[self.row].chars().count();
            self.lines[self.row].push_str(&line);
        }
    }

    fn move_by(&mut self, dr: i64, dc: i64) {
        if self.lines.is_empty() {
            return;
        }
        if dr != 0 {
            self.row = (self.row as i64 + dr).clamp(0, self.lines.len() as i64 - 1) as usize;
        }
        let len = self.lines[self.row].chars().count() as i64;
        self.col = (self.col as i64 + dc).clamp(0, len) as usize;
        self.col = self.col.min(len as usize);
    }
}

#[derive(Debug, Clone)]
pub struct ExportDialog {
    pub slot: Slot,
    pub format: usize,
    pub path: String,
}

#[derive(Debug, Clone)]
pub enum Layer {
    Help,
    Detail {
        title: String,
        lines: Vec<String>,
    },
    WhereFrom {
        quote: String,
        synthetic: bool,
        source_id: String,
        document: Option<Vec<String>>,
    },
    CommandLine(String),
    Search(String),
    SaveAs(String),
    Export(ExportDialog),
    Frequency {
        parent: Slot,
        grid: Box<Grid>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Chinese,
    English,
}

pub struct App {
    pub keymap: Keymap,
    pub library: Library,
    pub pane: Pane,
    pub layers: Vec<Layer>,
    pub tiles: Vec<Tile>,
    pub card: usize,
    pub explore: Vec<Level>,
    pub ratings: Grid,
    pub coverage: Grid,
    pub funding: Grid,
    pub scores: Option<(String, Vec<Vec<String>>)>,
    pub pending_scores: Option<(u64, String)>,
    pub queries: QueriesPane,
    pub console: Console,
    pub language: Language,
    pub size: (u16, u16),
    pub message: Option<String>,
    pub lake_label: String,
    pub next_id: u64,
    pub quit: bool,
    pub ticks: u64,
    pub pending_source: Option<u64>,
    pub pending_export: Option<u64>,
    /// Text to put on the clipboard with OSC 52, written by the event loop after the next frame.
    pub clipboard: Option<String>,
    /// Where console history and saved queries go (None: not persisted).
    pub history_file: Option<PathBuf>,
    pub user_queries: Option<PathBuf>,
    pub cancel_requested: bool,
    /// Percentage done of the running query, as DuckDB estimates it (set by the event loop).
    pub progress: Option<f64>,
    queued: Vec<Job>,
}

impl App {
    pub fn new(library: Library, keymap: Keymap, lake_label: String, size: (u16, u16)) -> App {
        let pane_grid = |name: &str| {
            saved_grid(&library, name, &[]).unwrap_or_else(|e| {
                let mut g = Grid::new(GridQuery {
                    sql: gate::nothing(),
                    params: Vec::new(),
                    label: name.into(),
                });
                g.error = Some(e);
                g
            })
        };
        let ratings = pane_grid("ratings-by-year");
        let coverage = pane_grid("coverage-by-city");
        let funding = pane_grid("funding-by-source");
        let tiles = TILES
            .iter()
            .map(|q| Tile {
                query: q.to_string(),
                title: library
                    .queries
                    .get(*q)
                    .map(|s| s.title.trim_start_matches("Dashboard: ").to_string())
                    .unwrap_or_default(),
                ..Tile::default()
            })
            .collect();
        let mut app = App {
            keymap,
            library,
            pane: Pane::Dashboard,
            layers: Vec::new(),
            tiles,
            card: 0,
            explore: Vec::new(),
            ratings,
            coverage,
            funding,
            scores: None,
            pending_scores: None,
            queries: QueriesPane::default(),
            console: Console {
                lines: vec![String::new()],
                ..Console::default()
            },
            language: Language::Chinese,
            size,
            message: None,
            lake_label,
            next_id: 1,
            quit: false,
            ticks: 0,
            pending_source: None,
            pending_export: None,
            clipboard: None,
            history_file: None,
            user_queries: None,
            cancel_requested: false,
            progress: None,
            queued: Vec::new(),
        };
        if let Ok(level) = app.level("provinces-overview", &[], "Provinces".into()) {
            app.explore.push(level);
        }
        app
    }

    pub fn load_history(&mut self, file: PathBuf) {
        if let Ok(text) = std::fs::read_to_string(&file) {
            self.console.history = text
                .lines()
                .filter_map(|l| serde_json::from_str::<String>(l).ok())
                .collect();
        }
        self.history_file = Some(file);
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn level(
        &self,
        query: &str,
        params: &[(String, String)],
        crumb: String,
    ) -> Result<Level, String> {
        Ok(Level {
            query: query.to_string(),
            crumb,
            grid: saved_grid(&self.library, query, params)?,
        })
    }

    /// Rows of a grid that fit on screen (the layout in `view.rs` uses the same numbers).
    pub fn grid_rows(&self, slot: Slot) -> u64 {
        let h = u64::from(self.size.1);
        let chrome = 5
            + if slot == Slot::Ratings { 3 } else { 0 }
            + if slot == Slot::Console {
                self.console_height()
            } else {
                0
            };
        h.saturating_sub(chrome).max(1)
    }

    pub fn console_height(&self) -> u64 {
        (self.console.lines.len() as u64 + 2).clamp(4, 10)
    }

    pub fn grid(&self, slot: Slot) -> Option<&Grid> {
        if let Some(Layer::Frequency { grid, .. }) = self.layers.last()
            && slot == Slot::Frequency
        {
            return Some(grid);
        }
        match slot {
            Slot::Explore(i) => self.explore.get(i).map(|l| &l.grid),
            Slot::Ratings => Some(&self.ratings),
            Slot::Coverage => Some(&self.coverage),
            Slot::Funding => Some(&self.funding),
            Slot::QueryResult => self.queries.result.as_ref(),
            Slot::Console => self.console.grid.as_ref(),
            Slot::Frequency => None,
        }
    }

    pub fn grid_mut(&mut self, slot: Slot) -> Option<&mut Grid> {
        if slot == Slot::Frequency {
            return self.layers.iter_mut().rev().find_map(|l| match l {
                Layer::Frequency { grid, .. } => Some(grid.as_mut()),
                _ => None,
            });
        }
        match slot {
            Slot::Explore(i) => self.explore.get_mut(i).map(|l| &mut l.grid),
            Slot::Ratings => Some(&mut self.ratings),
            Slot::Coverage => Some(&mut self.coverage),
            Slot::Funding => Some(&mut self.funding),
            Slot::QueryResult => self.queries.result.as_mut(),
            Slot::Console => self.console.grid.as_mut(),
            Slot::Frequency => None,
        }
    }

    /// The grid keys act on: the frequency view when open, else the pane's grid.
    pub fn active_slot(&self) -> Option<Slot> {
        if matches!(self.layers.last(), Some(Layer::Frequency { .. })) {
            return Some(Slot::Frequency);
        }
        match self.pane {
            Pane::Dashboard => None,
            Pane::Explore => self.explore.len().checked_sub(1).map(Slot::Explore),
            Pane::Ratings => Some(Slot::Ratings),
            Pane::Coverage => Some(Slot::Coverage),
            Pane::Funding => Some(Slot::Funding),
            Pane::Queries => self.queries.result.as_ref().map(|_| Slot::QueryResult),
            Pane::Console => {
                (self.console.focus_grid && self.console.grid.is_some()).then_some(Slot::Console)
            }
        }
    }

    fn context(&self) -> Context {
        match self.layers.last() {
            Some(Layer::Frequency { .. }) => Context::Grid,
            Some(_) => Context::Form,
            None if self.pane == Pane::Queries && self.queries.form.is_some() => Context::Form,
            None if self.pane == Pane::Console && !self.console.focus_grid => Context::Console,
            None => Context::Grid,
        }
    }

    /// Whether the grid on screen is waiting for DuckDB.
    pub fn view_loading(&self) -> bool {
        self.active_slot()
            .and_then(|s| self.grid(s))
            .is_some_and(Grid::is_loading)
    }

    pub fn busy(&self) -> bool {
        self.tiles.iter().any(|t| t.pending.is_some())
            || self.pending_scores.is_some()
            || self.pending_source.is_some()
            || self.pending_export.is_some()
            || [
                Slot::Ratings,
                Slot::Coverage,
                Slot::Funding,
                Slot::QueryResult,
                Slot::Console,
                Slot::Frequency,
            ]
            .into_iter()
            .chain((0..self.explore.len()).map(Slot::Explore))
            .any(|s| self.grid(s).is_some_and(Grid::is_loading))
    }

    // ------------------------------------------------------------------------------------------------------
    // Keys
    // ------------------------------------------------------------------------------------------------------

    pub fn on_key(&mut self, event: KeyEvent) -> Vec<Job> {
        self.message = None;
        if self.on_text_input(&event) {
            return self.schedule();
        }
        let Some(key) = Key::from_event(&event) else {
            return self.schedule();
        };
        let context = self.context();
        if let Some(action) = self.keymap.action(context, key) {
            self.on_action(action);
        }
        self.schedule()
    }

    /// Keys typed into a text field (console editor, prompts, form fields). Returns whether the key was used.
    fn on_text_input(&mut self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL)
            || event.modifiers.contains(KeyModifiers::ALT);
        let text: Option<&mut String> = match self.layers.last_mut() {
            Some(Layer::CommandLine(t) | Layer::Search(t) | Layer::SaveAs(t)) => Some(t),
            Some(Layer::Export(d)) => Some(&mut d.path),
            Some(_) => None,
            None if self.pane == Pane::Queries => self
                .queries
                .form
                .as_mut()
                .and_then(|f| f.values.get_mut(f.focus)),
            None if self.pane == Pane::Console && !self.console.focus_grid => {
                return self.on_editor_key(event, ctrl);
            }
            None => None,
        };
        let Some(text) = text else { return false };
        match event.code {
            KeyCode::Char(c) if !ctrl => {
                text.push(c);
                true
            }
            KeyCode::Backspace => {
                text.pop();
                true
            }
            _ => false,
        }
    }

    fn on_editor_key(&mut self, event: &KeyEvent, ctrl: bool) -> bool {
        let c = &mut self.console;
        match event.code {
            KeyCode::Char(ch) if !ctrl => c.insert(ch),
            KeyCode::Enter if event.modifiers.contains(KeyModifiers::CONTROL) => return false,
            KeyCode::Enter => c.insert('\n'),
            KeyCode::Backspace => c.backspace(),
            KeyCode::Left => c.move_by(0, -1),
            KeyCode::Right => c.move_by(0, 1),
            KeyCode::Up => c.move_by(-1, 0),
            KeyCode::Down => c.move_by(1, 0),
            KeyCode::Home => c.col = 0,
            KeyCode::End => c.move_by(0, i64::MAX / 2),
            KeyCode::Esc if c.grid.is_some() => c.focus_grid = true,
            _ => return false,
        }
        true
    }

    pub fn on_action(&mut self, action: Action) {
        let slot = self.active_slot();
        let rows = slot.map(|s| self.grid_rows(s)).unwrap_or(1);
        match action {
            Action::Quit => self.quit = true,
            Action::NextPane | Action::PrevPane => {
                let i = PANES.iter().position(|p| *p == self.pane).unwrap_or(0);
                let n = PANES.len();
                self.pane = PANES[if action == Action::NextPane {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }];
                self.layers.clear();
            }
            Action::GoDashboard => self.go(Pane::Dashboard),
            Action::GoExplore => self.go(Pane::Explore),
            Action::GoRatings => self.go(Pane::Ratings),
            Action::GoQueries => self.go(Pane::Queries),
            Action::GoConsole => self.go(Pane::Console),
            Action::GoCoverage => self.go(Pane::Coverage),
            Action::GoFunding => self.go(Pane::Funding),
            Action::Help => self.layers.push(Layer::Help),
            Action::CommandLine => self.layers.push(Layer::CommandLine(String::new())),
            Action::ToggleLanguage => {
                self.language = if self.language == Language::Chinese {
                    Language::English
                } else {
                    Language::Chinese
                };
            }
            Action::Cancel => {
                if self.busy() {
                    self.cancel_requested = true;
                    self.message = Some("cancelling…".into());
                }
            }
            Action::Back if self.layers.is_empty() && self.view_loading() => {
                // Esc while the view's query runs cancels it (the app stays where it is).
                self.cancel_requested = true;
                self.message = Some("cancelling…".into());
            }
            Action::Back => self.back(),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => {
                let delta: i64 = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(rows as i64),
                    Action::PageDown => rows as i64,
                    Action::Top => i64::MIN / 2,
                    _ => i64::MAX / 2,
                };
                match slot {
                    Some(s) => {
                        if let Some(g) = self.grid_mut(s) {
                            g.move_cursor(delta, rows);
                        }
                    }
                    None => self.move_list(delta),
                }
            }
            Action::Left | Action::Right => {
                let d = if action == Action::Left { -1 } else { 1 };
                match slot {
                    Some(s) => {
                        let chinese = self.language == Language::Chinese;
                        if let Some(g) = self.grid_mut(s) {
                            let visible = crate::tui::grid::visible_columns(&g.columns, chinese);
                            g.move_column(d, &visible);
                        }
                    }
                    None if self.pane == Pane::Dashboard => self.move_list(d),
                    None => {}
                }
            }
            Action::Open => self.open(),
            Action::Search => self.layers.push(Layer::Search(String::new())),
            Action::Frequency => {
                if let Some(s) = slot.filter(|s| *s != Slot::Frequency)
                    && let Some(g) = self.grid(s)
                    && let Some(column) = g.current_column()
                {
                    let grid = match g.frequency_query(column) {
                        Ok(query) => Grid::new(query),
                        Err(e) => {
                            self.message = Some(e);
                            return;
                        }
                    };
                    let grid = Box::new(grid);
                    self.layers.push(Layer::Frequency { parent: s, grid });
                }
            }
            Action::SortAscending | Action::SortDescending => {
                if let Some(g) = slot.and_then(|s| self.grid_mut(s))
                    && let Some(column) = g.current_column().map(str::to_string)
                {
                    g.sort = Some((column, action == Action::SortDescending));
                    g.reset_rows();
                }
            }
            Action::ClearFilter => {
                if let Some(g) = slot.and_then(|s| self.grid_mut(s)) {
                    g.sort = None;
                    g.filter = None;
                    g.reset_rows();
                }
            }
            Action::CellDetail => {
                if let Some(g) = slot.and_then(|s| self.grid(s))
                    && let (Some(column), Some(row)) = (g.current_column(), g.current_row())
                {
                    let value = row.get(g.column).cloned().unwrap_or_default();
                    self.layers.push(Layer::Detail {
                        title: column.to_string(),
                        lines: value.split('\n').map(str::to_string).collect(),
                    });
                }
            }
            Action::WhereFrom => self.where_from(slot),
            Action::CopyCell | Action::CopyRow => {
                if let Some(g) = slot.and_then(|s| self.grid(s))
                    && let Some(row) = g.current_row()
                {
                    let text = if action == Action::CopyCell {
                        row.get(g.column).cloned().unwrap_or_default()
                    } else {
                        row.join("\t")
                    };
                    self.message = Some(format!("copied {} characters", text.chars().count()));
                    self.clipboard = Some(text);
                }
            }
            Action::Export => {
                let target = slot.or(if self.pane == Pane::Console {
                    self.console.grid.as_ref().map(|_| Slot::Console)
                } else {
                    None
                });
                match target.and_then(|s| self.grid(s).map(|g| (s, g.query.label.clone()))) {
                    Some((s, label)) => {
                        let stem: String = label
                            .chars()
                            .map(|c| {
                                if c.is_alphanumeric() || c == '-' {
                                    c
                                } else {
                                    '-'
                                }
                            })
                            .collect();
                        self.layers.push(Layer::Export(ExportDialog {
                            slot: s,
                            format: 1,
                            path: format!("{stem}.csv"),
                        }));
                    }
                    None => self.message = Some("nothing to export here".into()),
                }
            }
            Action::Refresh => {
                if let Some(g) = slot.and_then(|s| self.grid_mut(s)) {
                    g.reset_rows();
                } else if self.pane == Pane::Dashboard {
                    for t in &mut self.tiles {
                        t.loaded = false;
                    }
                }
            }
            Action::Run => self.run_console(),
            Action::HistoryPrevious | Action::HistoryNext => {
                self.history(action == Action::HistoryPrevious)
            }
            Action::SaveQuery => self.layers.push(Layer::SaveAs(String::new())),
            Action::NextField | Action::PreviousField => {
                self.cycle_field(action == Action::NextField)
            }
            Action::Submit => self.submit(),
        }
    }

    fn go(&mut self, pane: Pane) {
        self.pane = pane;
        self.layers.clear();
    }

    fn move_list(&mut self, delta: i64) {
        let clamp = |value: usize, len: usize| -> usize {
            let target = value as i64 + delta.clamp(-(len as i64), len as i64);
            target.clamp(0, len.saturating_sub(1) as i64) as usize
        };
        match self.pane {
            Pane::Dashboard => {
                let n = self.tiles.first().map_or(0, |t| t.rows.len());
                self.card = clamp(self.card, n);
            }
            Pane::Queries => {
                let n = self.library.queries.len();
                self.queries.cursor = clamp(self.queries.cursor, n);
            }
            _ => {}
        }
    }

    fn back(&mut self) {
        if self.layers.pop().is_some() {
            return;
        }
        if self.pane == Pane::Queries {
            // Back from a result goes to the list (or the form it came from); back from a form closes it.
            let had_result = self.queries.result.take().is_some();
            if !had_result {
                self.queries.form = None;
            }
            return;
        }
        match self.pane {
            Pane::Explore if self.explore.len() > 1 => {
                self.explore.pop();
            }
            Pane::Console if self.console.focus_grid => self.console.focus_grid = false,
            _ => {}
        }
    }

    /// Enter: drill down, pick, or apply.
    fn open(&mut self) {
        match self.layers.last() {
            Some(Layer::Frequency { parent, grid }) => {
                let parent = *parent;
                if let Some(row) = grid.current_row() {
                    let column = grid
                        .query
                        .label
                        .strip_prefix("frequency of ")
                        .and_then(|s| s.split(" in ").next())
                        .unwrap_or_default()
                        .to_string();
                    let value = row.first().cloned();
                    let is_null = grid
                        .current_row()
                        .is_some_and(|r| r.first().is_some_and(String::is_empty));
                    self.layers.pop();
                    if let Some(g) = self.grid_mut(parent) {
                        g.filter = Some(Filter::Equals {
                            column,
                            value: if is_null { None } else { value },
                        });
                        g.reset_rows();
                    }
                }
                return;
            }
            Some(_) => return,
            None => {}
        }
        match self.pane {
            Pane::Dashboard => self.drill_from_dashboard(),
            Pane::Queries if self.queries.result.is_none() => self.pick_query(),
            _ => {
                let Some(slot) = self.active_slot() else {
                    return;
                };
                self.drill(slot);
            }
        }
    }

    fn drill_from_dashboard(&mut self) {
        let Some(tile) = self.tiles.first() else {
            return;
        };
        let Some(row) = tile.rows.get(self.card) else {
            return;
        };
        let Some(code) = tile.value(row, "province_code") else {
            return;
        };
        let name = tile
            .value(row, self.name_column())
            .unwrap_or_else(|| code.clone());
        self.explore.truncate(1);
        if let Some(first) = self.explore.first_mut() {
            let rows = first
                .grid
                .pages
                .get(&0)
                .map(|p| p.rows.clone())
                .unwrap_or_default();
            if let Some(i) = rows.iter().position(|r| r.first() == Some(&code)) {
                first.grid.cursor = i as u64;
            }
        }
        match self.level(
            "cities-of-province",
            &[("province_code".into(), code)],
            name,
        ) {
            Ok(level) => self.explore.push(level),
            Err(e) => self.message = Some(e),
        }
        self.pane = Pane::Explore;
    }

    fn drill(&mut self, slot: Slot) {
        let query_name = match slot {
            Slot::Explore(i) => self.explore.get(i).map(|l| l.query.clone()),
            Slot::Ratings => Some("ratings-by-year".to_string()),
            Slot::Coverage
            | Slot::Funding
            | Slot::QueryResult
            | Slot::Console
            | Slot::Frequency => self.grid(slot).map(|g| g.query.label.clone()),
        };
        let Some(query) = query_name.and_then(|q| self.library.queries.get(&q).cloned()) else {
            return;
        };
        let Some(drill) = query.drill.clone() else {
            self.message = Some(format!("`{}` declares no drill-down", query.name));
            return;
        };
        let Some(grid) = self.grid(slot) else { return };
        if grid.current_row().is_none() {
            return;
        }
        let mut params = Vec::new();
        for (param, column) in &drill.bind {
            params.push((
                param.clone(),
                grid.cell(column).cloned().unwrap_or_default(),
            ));
        }
        let crumb = self.row_label(grid);
        match self.level(&drill.query, &params, crumb) {
            Ok(level) => {
                if !matches!(slot, Slot::Explore(_)) {
                    self.explore.truncate(1);
                }
                self.explore.push(level);
                self.pane = Pane::Explore;
            }
            Err(e) => self.message = Some(e),
        }
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

    fn row_label(&self, grid: &Grid) -> String {
        for column in [
            self.name_column(),
            self.title_column(),
            "name",
            "name_zh",
            "name_en",
            "project_id",
            "chain_id",
            "city_code",
        ] {
            if let Some(v) = grid.cell(column).filter(|v| !v.is_empty()) {
                return v.clone();
            }
        }
        grid.current_row()
            .and_then(|r| r.first().cloned())
            .unwrap_or_default()
    }

    fn where_from(&mut self, slot: Option<Slot>) {
        let Some(g) = slot.and_then(|s| self.grid(s)) else {
            self.message = Some(
                "the dashboard shows sums: open the rows with Enter, then press i on a row".into(),
            );
            return;
        };
        let (Some(quote), Some(source_id)) = (
            g.cell("source_quote").cloned(),
            g.cell("source_id").cloned(),
        ) else {
            self.message = Some(
                "this view has no source columns; a row of a table or a row-level query has them"
                    .into(),
            );
            return;
        };
        let synthetic = g.cell("is_synthetic").is_some_and(|v| v == "true");
        self.layers.push(Layer::WhereFrom {
            quote,
            synthetic,
            source_id,
            document: None,
        });
    }

    fn pick_query(&mut self) {
        let Some(query) = self
            .library
            .queries
            .values()
            .nth(self.queries.cursor)
            .cloned()
        else {
            return;
        };
        if query.params.is_empty() {
            self.run_saved(&query, &[]);
        } else {
            let values = query
                .params
                .iter()
                .map(|p| p.default.clone().unwrap_or_default())
                .collect();
            self.queries.form = Some(Form {
                query: query.name.clone(),
                values,
                focus: 0,
                error: None,
            });
        }
    }

    fn run_saved(&mut self, query: &SavedQuery, given: &[(String, String)]) {
        match query
            .bind(given)
            .and_then(|params| Ok((query.sql()?, params)))
        {
            Ok((sql, params)) => {
                self.queries.form = None;
                self.queries.result = Some(Grid::new(GridQuery {
                    sql,
                    params,
                    label: query.name.clone(),
                }));
            }
            Err(e) => {
                if let Some(f) = self.queries.form.as_mut() {
                    f.error = Some(e.to_string());
                } else {
                    self.message = Some(e.to_string());
                }
            }
        }
    }

    fn cycle_field(&mut self, forward: bool) {
        if let Some(Layer::Export(d)) = self.layers.last_mut() {
            let n = Format::ALL.len();
            d.format = if forward {
                (d.format + 1) % n
            } else {
                (d.format + n - 1) % n
            };
            let ext = Format::ALL[d.format].extension();
            if let Some(dot) = d.path.rfind('.') {
                d.path.truncate(dot);
            }
            d.path.push('.');
            d.path.push_str(ext);
            return;
        }
        if let Some(f) = self.queries.form.as_mut() {
            let n = f.values.len().max(1);
            f.focus = if forward {
                (f.focus + 1) % n
            } else {
                (f.focus + n - 1) % n
            };
        }
    }

    fn submit(&mut self) {
        match self.layers.pop() {
            Some(Layer::CommandLine(text)) => self.command(&text),
            Some(Layer::Search(text)) => {
                if let Some(g) = self.active_slot().and_then(|s| self.grid_mut(s)) {
                    g.filter = if text.is_empty() {
                        None
                    } else {
                        Some(Filter::Contains(text))
                    };
                    g.reset_rows();
                }
            }
            Some(Layer::SaveAs(name)) => self.save_console_query(&name),
            Some(Layer::Export(dialog)) => self.start_export(dialog),
            Some(other) => self.layers.push(other),
            None => {
                if let Some(form) = self.queries.form.clone() {
                    let Some(query) = self.library.queries.get(&form.query).cloned() else {
                        return;
                    };
                    let given: Vec<(String, String)> = query
                        .params
                        .iter()
                        .zip(&form.values)
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(p, v)| (p.name.clone(), v.clone()))
                        .collect();
                    self.run_saved(&query, &given);
                }
            }
        }
    }

    fn command(&mut self, text: &str) {
        let mut words = text.split_whitespace();
        let Some(verb) = words.next() else { return };
        let arg = words.collect::<Vec<_>>().join(" ");
        match verb {
            "q" | "quit" => self.quit = true,
            // Lets the end-to-end tests check that a panic restores the terminal.
            "panic" if std::env::var_os("QLAKE_ALLOW_PANIC").is_some() => {
                panic!("panic requested with :panic")
            }
            "lang" => self.on_action(Action::ToggleLanguage),
            "help" => self.layers.push(Layer::Help),
            "export" if !arg.is_empty() => {
                if let Some(slot) = self.active_slot() {
                    let format = Format::from_path(std::path::Path::new(&arg))
                        .and_then(|f| Format::ALL.iter().position(|x| *x == f))
                        .unwrap_or(1);
                    self.start_export(ExportDialog {
                        slot,
                        format,
                        path: arg,
                    });
                }
            }
            "year" | "province" | "rating" | "include_synthetic" => self.filter_pane(verb, &arg),
            "pane" => match arg.as_str() {
                "dashboard" | "1" => self.go(Pane::Dashboard),
                "explore" | "2" => self.go(Pane::Explore),
                "ratings" | "3" => self.go(Pane::Ratings),
                "queries" | "4" => self.go(Pane::Queries),
                "sql" | "console" | "5" => self.go(Pane::Console),
                "coverage" | "6" => self.go(Pane::Coverage),
                "funding" | "7" => self.go(Pane::Funding),
                other => self.message = Some(format!("no pane `{other}`")),
            },
            other => {
                self.message = Some(format!(
                    "unknown command `{other}` (q, lang, help, export FILE, pane NAME, year/province/rating VALUE)"
                ))
            }
        }
    }

    /// `:year 2021`, `:province CN-HB`, `:rating excellent` on the ratings, coverage and funding panes: the pane's
    /// saved query runs again with that parameter (an empty value clears it).
    fn filter_pane(&mut self, param: &str, value: &str) {
        let slot = match self.pane {
            Pane::Ratings => Slot::Ratings,
            Pane::Coverage => Slot::Coverage,
            Pane::Funding => Slot::Funding,
            _ => {
                self.message = Some(format!(
                    ":{param} filters the ratings, coverage and funding panes"
                ));
                return;
            }
        };
        let Some(current) = self.grid(slot) else {
            return;
        };
        let name = current.query.label.clone();
        let mut given: Vec<(String, String)> = current
            .query
            .params
            .iter()
            .filter(|(n, v)| *n != param && *v != Value::Null)
            .map(|(n, v)| (n.clone(), v.as_text()))
            .collect();
        if !value.is_empty() {
            given.push((param.to_string(), value.to_string()));
        }
        match saved_grid(&self.library, &name, &given) {
            Ok(grid) => {
                if let Some(g) = self.grid_mut(slot) {
                    *g = grid;
                }
                self.scores = None;
            }
            Err(e) => self.message = Some(e),
        }
    }

    fn start_export(&mut self, dialog: ExportDialog) {
        let Some(grid) = self.grid(dialog.slot) else {
            return;
        };
        let (sql, params) = match grid.view_sql() {
            Ok(view) => view,
            Err(e) => {
                self.message = Some(e);
                return;
            }
        };
        let label = grid.query.label.clone();
        let path = PathBuf::from(&dialog.path);
        if path.exists() {
            self.message = Some(format!("{} exists; choose another name", path.display()));
            self.layers.push(Layer::Export(dialog));
            return;
        }
        let id = self.id();
        self.pending_export = Some(id);
        self.queued.push(Job {
            id,
            target: Target::Export,
            work: Work::Export {
                sql,
                params,
                format: Format::ALL[dialog.format],
                path,
                label,
            },
        });
        self.message = Some(format!("exporting to {}…", dialog.path));
    }

    fn run_console(&mut self) {
        let sql = self.console.text();
        if sql.trim().is_empty() {
            return;
        }
        if self.console.history.last() != Some(&sql) {
            self.console.history.push(sql.clone());
            if let Some(file) = &self.history_file {
                append_history(file, &sql);
            }
        }
        self.console.history_pos = None;
        match gate::check(&sql) {
            Ok(sql) => {
                self.console.error = None;
                self.console.grid = Some(Grid::new(GridQuery {
                    sql,
                    params: Vec::new(),
                    label: "console".into(),
                }));
                self.console.focus_grid = false;
            }
            Err(e) => {
                self.console.error = Some(e.to_string());
                self.console.grid = None;
            }
        }
    }

    fn history(&mut self, previous: bool) {
        let n = self.console.history.len();
        if n == 0 {
            return;
        }
        let pos = match (self.console.history_pos, previous) {
            (None, true) => n - 1,
            (None, false) => return,
            (Some(p), true) => p.saturating_sub(1),
            (Some(p), false) if p + 1 >= n => {
                self.console.history_pos = None;
                self.console.set_text("");
                return;
            }
            (Some(p), false) => p + 1,
        };
        self.console.history_pos = Some(pos);
        let text = self.console.history[pos].clone();
        self.console.set_text(&text);
    }

    fn save_console_query(&mut self, name: &str) {
        let name = name.trim();
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            self.message = Some("a query name holds lowercase letters, digits and '-'".into());
            return;
        }
        let Some(dir) = self.user_queries.clone() else {
            self.message = Some("no config folder to save queries in".into());
            return;
        };
        let path = dir.join(format!("{name}.sql"));
        if path.exists() {
            self.message = Some(format!("{} exists; choose another name", path.display()));
            return;
        }
        // A file the library would refuse to load is not written at all.
        if let Err(e) = gate::check(&self.console.text()) {
            self.message = Some(format!("not saved: {e}"));
            return;
        }
        let text = format!(
            "-- name: {name}\n-- title: {name}\n-- description: saved from the SQL console\n{}\n",
            self.console.text()
        );
        let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, text));
        self.message = Some(match written {
            Ok(()) => {
                self.library = Library::load(Some(&dir));
                format!("saved as {}", path.display())
            }
            Err(e) => format!("could not save {}: {e}", path.display()),
        });
    }

    // ------------------------------------------------------------------------------------------------------
    // Answers and scheduling
    // ------------------------------------------------------------------------------------------------------

    pub fn on_answer(&mut self, answer: Answer) -> Vec<Job> {
        let Answer {
            id,
            target,
            outcome,
            elapsed_ms,
        } = answer;
        if matches!(outcome, Outcome::Cancelled) {
            self.message = Some("query cancelled".into());
        }
        match target {
            Target::Tile(i) => {
                if let Some(t) = self.tiles.get_mut(i).filter(|t| t.pending == Some(id)) {
                    t.pending = None;
                    t.loaded = true;
                    match outcome {
                        Outcome::Rows { columns, rows, .. } => {
                            t.columns = columns;
                            t.rows = rows;
                            t.error = None;
                        }
                        Outcome::Failed(e) => t.error = Some(e),
                        Outcome::Cancelled => t.error = Some("cancelled (r reloads)".into()),
                        _ => {}
                    }
                }
            }
            Target::Page(slot, page) => {
                if let Some(g) = self
                    .grid_mut(slot)
                    .filter(|g| g.pending_page == Some((id, page)))
                {
                    g.pending_page = None;
                    g.elapsed_ms = Some(elapsed_ms);
                    match outcome {
                        Outcome::Rows {
                            columns,
                            numeric,
                            rows,
                            total,
                        } => {
                            if g.total.is_none() {
                                g.total = total;
                            }
                            g.store_page(page, columns, numeric, rows);
                        }
                        Outcome::Failed(e) => g.error = Some(e),
                        Outcome::Cancelled => g.error = Some("cancelled (r runs it again)".into()),
                        _ => {}
                    }
                }
            }
            Target::Count(slot) => {
                if let Some(g) = self.grid_mut(slot).filter(|g| g.pending_count == Some(id)) {
                    g.pending_count = None;
                    match outcome {
                        Outcome::Count(n) => g.total = Some(n),
                        Outcome::Failed(e) => g.error = Some(e),
                        _ => {}
                    }
                }
            }
            Target::Scores => {
                if let Some((pending, project)) =
                    self.pending_scores.clone().filter(|(p, _)| *p == id)
                {
                    let _ = pending;
                    self.pending_scores = None;
                    if let Outcome::Rows { rows, .. } = outcome {
                        self.scores = Some((project, rows));
                    }
                }
            }
            Target::Source => {
                if self.pending_source == Some(id) {
                    self.pending_source = None;
                    let lines = match outcome {
                        Outcome::Rows { rows, .. } => rows
                            .first()
                            .map(|r| {
                                vec![
                                    format!(
                                        "document:  {}",
                                        r.first().cloned().unwrap_or_default()
                                    ),
                                    format!("publisher: {}", r.get(1).cloned().unwrap_or_default()),
                                    format!(
                                        "date:      {}",
                                        r.get(2)
                                            .filter(|d| !d.is_empty())
                                            .or(r.get(3))
                                            .cloned()
                                            .unwrap_or_default()
                                    ),
                                    format!("file:      {}", r.get(4).cloned().unwrap_or_default()),
                                ]
                            })
                            .unwrap_or_else(|| {
                                vec!["the source is not in the `sources` table".into()]
                            }),
                        Outcome::Failed(e) => vec![format!("could not read the source: {e}")],
                        _ => Vec::new(),
                    };
                    if let Some(Layer::WhereFrom { document, .. }) = self.layers.last_mut() {
                        *document = Some(lines);
                    }
                }
            }
            Target::Export => {
                if self.pending_export == Some(id) {
                    self.pending_export = None;
                    self.message = Some(match outcome {
                        Outcome::Exported { rows, path } => {
                            format!(
                                "exported {rows} row{} to {}",
                                if rows == 1 { "" } else { "s" },
                                path.display()
                            )
                        }
                        Outcome::Failed(e) => format!("export failed: {e}"),
                        Outcome::Cancelled => "export cancelled; no file written".into(),
                        _ => String::new(),
                    });
                }
            }
        }
        if !self.busy() {
            self.cancel_requested = false;
        }
        self.schedule()
    }

    /// Jobs queued by actions (exports) wait here until `schedule` hands them out.
    fn take_queued(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.queued)
    }

    /// What must be fetched for the current screen: unloaded tiles, missing pages and counts of the visible grid,
    /// the scores of the selected rating, the document of an open where-from.
    pub fn schedule(&mut self) -> Vec<Job> {
        let mut jobs = self.take_queued();
        if self.pane == Pane::Dashboard {
            for i in 0..self.tiles.len() {
                if !self.tiles[i].loaded && self.tiles[i].pending.is_none() {
                    let Some(query) = self.library.queries.get(&self.tiles[i].query).cloned()
                    else {
                        self.tiles[i].error =
                            Some(format!("no saved query `{}`", self.tiles[i].query));
                        self.tiles[i].loaded = true;
                        continue;
                    };
                    match query
                        .bind(&[])
                        .and_then(|params| Ok((query.sql()?, params)))
                    {
                        Ok((sql, params)) => {
                            let id = self.id();
                            self.tiles[i].pending = Some(id);
                            jobs.push(Job {
                                id,
                                target: Target::Tile(i),
                                work: Work::Rows { sql, params },
                            });
                        }
                        Err(e) => {
                            self.tiles[i].error = Some(e.to_string());
                            self.tiles[i].loaded = true;
                        }
                    }
                }
            }
        }
        let mut slots: Vec<Slot> = self.active_slot().into_iter().collect();
        if let Some(Layer::Frequency { parent, .. }) = self.layers.last() {
            slots.push(*parent);
        }
        if self.pane == Pane::Console
            && self.console.grid.is_some()
            && !slots.contains(&Slot::Console)
        {
            slots.push(Slot::Console);
        }
        if self.pane == Pane::Queries
            && self.queries.result.is_some()
            && !slots.contains(&Slot::QueryResult)
        {
            slots.push(Slot::QueryResult);
        }
        for slot in slots {
            let rows = self.grid_rows(slot);
            let (missing, count) = match self.grid(slot) {
                Some(g) if g.error.is_none() => (
                    g.missing_pages(rows),
                    (g.total.is_none() && g.pending_count.is_none() && !g.pages.is_empty())
                        .then(|| g.count_sql().ok())
                        .flatten(),
                ),
                _ => continue,
            };
            for page in missing.into_iter().take(2) {
                let id = self.id();
                let Some(g) = self.grid_mut(slot) else { break };
                if g.pending_page.is_some() {
                    break;
                }
                let work = match g.page_work(page) {
                    Ok(work) => work,
                    Err(e) => {
                        g.error = Some(e);
                        break;
                    }
                };
                g.pending_page = Some((id, page));
                jobs.push(Job {
                    id,
                    target: Target::Page(slot, page),
                    work,
                });
            }
            if let Some((sql, params)) = count {
                let id = self.id();
                if let Some(g) = self.grid_mut(slot) {
                    g.pending_count = Some(id);
                }
                jobs.push(Job {
                    id,
                    target: Target::Count(slot),
                    work: Work::Count { sql, params },
                });
            }
        }
        if self.pane == Pane::Ratings && self.layers.is_empty() {
            let project = self.ratings.cell("project_id").cloned();
            let year = self.ratings.cell("year").cloned();
            if let (Some(project), Some(year)) = (project, year) {
                let have = self.scores.as_ref().is_some_and(|(p, _)| *p == project);
                // One request in flight: a burst of cursor moves asks again for the row it ends on, not for each.
                let have = have || self.pending_scores.is_some();
                if !have
                    && let Ok(work) = self.saved_rows(
                        "project-scores",
                        &[
                            ("project_id".into(), project.clone()),
                            ("year".into(), year),
                        ],
                    )
                {
                    let id = self.id();
                    self.pending_scores = Some((id, project));
                    jobs.push(Job {
                        id,
                        target: Target::Scores,
                        work,
                    });
                }
            }
        }
        let wanted = match self.layers.last() {
            Some(Layer::WhereFrom {
                source_id,
                document: None,
                ..
            }) if self.pending_source.is_none() => Some(source_id.clone()),
            _ => None,
        };
        if let Some(source_id) = wanted
            && let Ok(work) = self.saved_rows("source-document", &[("source_id".into(), source_id)])
        {
            let id = self.id();
            self.pending_source = Some(id);
            jobs.push(Job {
                id,
                target: Target::Source,
                work,
            });
        }
        jobs
    }

    /// The rows of a shipped or user query with parameters given as text.
    fn saved_rows(&self, name: &str, given: &[(String, String)]) -> Result<Work, String> {
        let query = self.library.get(name).map_err(|e| e.to_string())?;
        let params = query.bind(given).map_err(|e| e.to_string())?;
        Ok(Work::Rows {
            sql: query.sql().map_err(|e| e.to_string())?,
            params,
        })
    }
}

/// A grid over a saved query with the given parameters.
pub fn saved_grid(
    library: &Library,
    name: &str,
    given: &[(String, String)],
) -> Result<Grid, String> {
    let query = library.get(name).map_err(|e| e.to_string())?;
    let params = query.bind(given).map_err(|e| e.to_string())?;
    Ok(Grid::new(GridQuery {
        sql: query.sql().map_err(|e| e.to_string())?,
        params,
        label: query.name.clone(),
    }))
}

fn append_history(file: &std::path::Path, sql: &str) {
    use std::io::Write;
    if let Some(parent) = file.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        && let Ok(line) = serde_json::to_string(sql)
    {
        let _ = writeln!(f, "{line}");
    }
}
