//! Layers over a pane: help, popups, prompts, the export dialog, the parameter form and the frequency view. The top
//! layer gets every key first: typed text goes into its field, and it takes the actions it knows (closing, fields,
//! submitting); the ones it ignores go on to the app.

use crossterm::event::KeyEvent;

use crate::core::export::Format;
use crate::core::queries::SavedQuery;
use crate::tr;
use crate::tui::app::{App, Language};
use crate::tui::field::Field;
use crate::tui::grid::{Filter, Grid};
use crate::tui::jobs::{Slot, Target, Work};
use crate::tui::keymap::Action;

/// The one-line prompts at the bottom of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    Command,
    Search,
    SaveAs,
    Find,
}

impl Prompt {
    /// What the prompt line starts with, in `lang`.
    pub fn label(self, lang: Language) -> String {
        match self {
            Prompt::Command => ":".to_string(),
            Prompt::Search => "/".to_string(),
            Prompt::SaveAs => tr!(lang, "layer-prompt-save-as"),
            Prompt::Find => tr!(lang, "layer-prompt-find"),
        }
    }
}

/// The parameters of a saved query before it runs.
#[derive(Debug, Clone)]
pub struct Form {
    pub query: String,
    pub values: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
}

impl Form {
    pub fn for_query(query: &SavedQuery) -> Form {
        Form {
            query: query.name.clone(),
            values: query
                .params
                .iter()
                .map(|p| Field::prefilled(p.default.as_deref().unwrap_or_default()))
                .collect(),
            focus: 0,
            error: None,
        }
    }
}

/// Saving a console statement that has parameters: the type of each, as a query file declares it.
#[derive(Debug, Clone)]
pub struct SaveParams {
    pub dir: std::path::PathBuf,
    pub name: String,
    /// (parameter, type as typed: `text`, `integer = 2021`, `choice(a, b) optional` ...)
    pub params: Vec<(String, Field)>,
    pub focus: usize,
    pub error: Option<String>,
}

/// The values of a console statement's `$parameters`, asked before it runs.
#[derive(Debug, Clone)]
pub struct RunParams {
    pub sql: crate::core::gate::CheckedSql,
    pub names: Vec<String>,
    pub values: Vec<Field>,
    pub focus: usize,
}

#[derive(Debug, Clone)]
pub struct ExportDialog {
    pub slot: Slot,
    /// Index into `Format::ALL`.
    pub format: usize,
    /// Starts as qlake's suggestion, selected: the first key typed replaces it.
    pub path: Field,
    /// The format was chosen with Tab (else the file name's extension decides, as `-o` does).
    pub picked: bool,
    /// A picked format that the file name contradicts, said once; a second Enter writes it anyway.
    pub warning: Option<String>,
}

impl ExportDialog {
    pub fn new(slot: Slot, format: usize, path: String) -> ExportDialog {
        ExportDialog {
            slot,
            format,
            path: Field::new(&path),
            picked: false,
            warning: None,
        }
    }

    /// The format to write: the extension's unless one was picked. `Err` asks about a picked format the extension
    /// contradicts (the first time only), in `lang`.
    fn resolve(&mut self, lang: Language) -> Result<Format, String> {
        let picked = Format::ALL.get(self.format).copied().unwrap_or(Format::Csv);
        let path = self.path.as_str();
        let by_name = Format::from_path(std::path::Path::new(path));
        match by_name {
            Some(named) if !self.picked => Ok(named),
            // As `-o` does: a name that says no format is refused, not written as CSV under another extension.
            None if !self.picked => Err(tr!(lang, "layer-export-unknown-format", path = path)),
            Some(named) if named != picked && self.warning.is_none() => Err(tr!(
                lang,
                "layer-export-mismatch",
                path = path,
                named = named.name(),
                picked = picked.name()
            )),
            _ => Ok(picked),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Layer {
    /// `scroll`: the first line shown, in the popup's wrapped lines (`reading.rs`).
    Help {
        scroll: usize,
    },
    Detail {
        title: String,
        lines: Vec<String>,
        scroll: usize,
    },
    WhereFrom {
        quote: String,
        synthetic: bool,
        source_id: String,
        document: Option<Vec<String>>,
        /// The figures the row is about (a number, a rating), as its quote writes them (highlighted there).
        figures: Vec<String>,
        scroll: usize,
    },
    Prompt(Prompt, Field),
    Export(ExportDialog),
    Form(Form),
    SaveParams(SaveParams),
    RunParams(RunParams),
    Frequency {
        parent: Slot,
        /// The column counted, kept as the column itself (never read back from a label).
        column: String,
        grid: Box<Grid>,
    },
}

impl Layer {
    pub fn help() -> Layer {
        Layer::Help { scroll: 0 }
    }

    fn scroll_mut(&mut self) -> Option<&mut usize> {
        match self {
            Layer::Help { scroll }
            | Layer::Detail { scroll, .. }
            | Layer::WhereFrom { scroll, .. } => Some(scroll),
            _ => None,
        }
    }

    /// The text field typed into, if the layer has one.
    fn field(&mut self) -> Option<&mut Field> {
        match self {
            Layer::Prompt(_, text) => Some(text),
            Layer::Export(d) => Some(&mut d.path),
            Layer::Form(f) => f.values.get_mut(f.focus),
            Layer::SaveParams(s) => s.params.get_mut(s.focus).map(|(_, kind)| kind),
            Layer::RunParams(r) => r.values.get_mut(r.focus),
            _ => None,
        }
    }
}

fn cycle(i: usize, n: usize, forward: bool) -> usize {
    let n = n.max(1);
    if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    }
}

impl App {
    /// Typed text: into the top layer's field, else the console's editor. Returns whether the key was used.
    pub(super) fn on_text_key(&mut self, event: &KeyEvent) -> bool {
        // ←/→ pick a form's choice; in every other field they move the cursor.
        let arrows = self.focused_choice().is_none_or(|c| c.is_none());
        let Some(top) = self.layers.last_mut() else {
            return self.on_editor_key(event);
        };
        top.field().is_some_and(|field| field.key(event, arrows))
    }

    /// The top layer's turn at an action; false when it leaves the action to the app.
    pub(super) fn on_layer_action(&mut self, action: Action) -> bool {
        if self.scroll_reading(action) || self.pick_choice(action) {
            return true;
        }
        let Some(top) = self.layers.last_mut() else {
            return false;
        };
        match (top, action) {
            (_, Action::Back) => {
                self.layers.pop();
            }
            (Layer::Export(d), Action::NextField | Action::PreviousField) => {
                d.picked = true;
                d.warning = None;
                d.format = cycle(d.format, Format::ALL.len(), action == Action::NextField);
                let ext = Format::ALL.get(d.format).map_or("csv", |f| f.extension());
                let path = d.path.as_str();
                let stem = path.rfind('.').map_or(path, |dot| &path[..dot]);
                d.path.set(&format!("{stem}.{ext}"));
            }
            (Layer::Form(f), Action::NextField | Action::PreviousField) => {
                f.focus = cycle(f.focus, f.values.len(), action == Action::NextField);
            }
            (Layer::SaveParams(p), Action::NextField | Action::PreviousField) => {
                p.focus = cycle(p.focus, p.params.len(), action == Action::NextField);
            }
            (Layer::RunParams(r), Action::NextField | Action::PreviousField) => {
                r.focus = cycle(r.focus, r.values.len(), action == Action::NextField);
            }
            (Layer::Frequency { .. }, Action::Open) => self.filter_by_frequency(),
            (
                Layer::Prompt(..)
                | Layer::Export(_)
                | Layer::Form(_)
                | Layer::SaveParams(_)
                | Layer::RunParams(_),
                Action::Submit,
            ) => self.submit(),
            _ => return false,
        }
        true
    }

    /// With a parameter form on top: the focused parameter's choices (empty while the lake's are being read), or
    /// `Some(None)` when it is free text. `None` without a form.
    fn focused_choice(&self) -> Option<Option<Vec<String>>> {
        let Some(Layer::Form(form)) = self.layers.last() else {
            return None;
        };
        let kind = self
            .library
            .queries
            .get(&form.query)
            .and_then(|q| q.params.get(form.focus))
            .map(|p| &p.kind);
        Some(match kind {
            Some(crate::core::queries::ParamKind::Choice(values)) => Some(values.clone()),
            Some(crate::core::queries::ParamKind::ChoiceOf { table, column }) => Some(
                self.lake_values
                    .get(&(*table, *column))
                    .cloned()
                    .unwrap_or_default(),
            ),
            _ => None,
        })
    }

    /// ←/→ in the parameter form: the focused parameter's next or previous choice (a pick-list for choices).
    fn pick_choice(&mut self, action: Action) -> bool {
        if !matches!(action, Action::Left | Action::Right) {
            return false;
        }
        let choices = match self.focused_choice() {
            None => return false,
            // A text field's cursor took the arrow already.
            Some(None) => return true,
            Some(Some(choices)) if choices.is_empty() => return true,
            Some(Some(choices)) => choices,
        };
        let Some(Layer::Form(form)) = self.layers.last_mut() else {
            return false;
        };
        let Some(value) = form.values.get_mut(form.focus) else {
            return true;
        };
        let now = crate::core::queries::choose(&choices, value.as_str())
            .and_then(|c| choices.iter().position(|x| x == c));
        let n = choices.len();
        let next = match (now, action == Action::Right) {
            (None, true) => 0,
            (None, false) => n.saturating_sub(1),
            (Some(i), forward) => cycle(i, n, forward),
        };
        if let Some(choice) = choices.get(next) {
            value.set(choice);
        }
        true
    }

    /// j/k, pages, g/G on a reading popup: scroll within its wrapped lines, never past the last screenful.
    fn scroll_reading(&mut self, action: Action) -> bool {
        let index = self.layers.len().saturating_sub(1);
        let Some((_, lines)) = crate::tui::app::reading::wrapped(self, index) else {
            return false;
        };
        let page = crate::tui::app::layout::reading_page(self.size, lines.len());
        let last = lines.len().saturating_sub(page);
        let Some(scroll) = self.layers.last_mut().and_then(Layer::scroll_mut) else {
            return false;
        };
        *scroll = match action {
            Action::Down => (*scroll + 1).min(last),
            Action::Up => scroll.saturating_sub(1),
            Action::PageDown => (*scroll + page).min(last),
            Action::PageUp => scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }

    fn submit(&mut self) {
        match self.layers.pop() {
            Some(Layer::Prompt(Prompt::Command, text)) => self.command(text.as_str()),
            Some(Layer::Prompt(Prompt::Search, text)) => {
                // As `:find` reads it: 江蘇 filters 江苏.
                let text = crate::core::script::search_form(text.as_str());
                if let Some(g) = self.active_slot().and_then(|s| self.grid_mut(s)) {
                    g.set_filter((!text.is_empty()).then_some(Filter::Contains(text)));
                }
            }
            Some(Layer::Prompt(Prompt::SaveAs, name)) => self.save_console_query(name.as_str()),
            Some(Layer::Prompt(Prompt::Find, text)) => self.find(text.as_str()),
            Some(Layer::Export(dialog)) => self.start_export(dialog),
            Some(Layer::SaveParams(mut save)) => {
                // Every type as the query file will declare it, checked by the loader's own parser.
                let bad = save.params.iter().find_map(|(param, spec)| {
                    crate::core::queries::check_param_spec(param, spec.as_str())
                        .err()
                        .map(|e| format!("${param}: {e}"))
                });
                match bad {
                    Some(e) => {
                        save.error = Some(e);
                        self.layers.push(Layer::SaveParams(save));
                    }
                    None => {
                        let params: Vec<(String, String)> = save
                            .params
                            .iter()
                            .map(|(param, spec)| (param.clone(), spec.as_str().to_string()))
                            .collect();
                        self.write_query(save.dir, save.name, &params)
                    }
                }
            }
            Some(Layer::RunParams(form)) => self.run_with_values(form),
            Some(Layer::Form(form)) => {
                let Some(query) = self.library.queries.get(&form.query).cloned() else {
                    return;
                };
                let given: Vec<(String, String)> = query
                    .params
                    .iter()
                    .zip(&form.values)
                    .filter(|(_, v)| !v.as_str().is_empty())
                    .map(|(p, v)| (p.name.clone(), v.as_str().to_string()))
                    .collect();
                // Back on the stack: an error shows in it, success closes it.
                self.layers.push(Layer::Form(form));
                self.run_saved(&query.name, &given);
            }
            Some(other) => self.layers.push(other),
            None => {}
        }
    }

    pub(super) fn open_frequency(&mut self, slot: Option<Slot>) {
        let Some(s) = slot.filter(|s| *s != Slot::Frequency) else {
            return;
        };
        let Some(g) = self.grid(s) else { return };
        let Some(column) = g.current_column().map(str::to_string) else {
            return;
        };
        match g.frequency_query(self.language, &column) {
            Ok(query) => self.layers.push(Layer::Frequency {
                parent: s,
                column,
                grid: Box::new(Grid::new(query)),
            }),
            Err(e) => self.message = Some(e),
        }
    }

    /// Enter in the frequency view: the grid under it keeps the rows with the chosen value (NULL as IS NULL, an
    /// empty string as itself).
    fn filter_by_frequency(&mut self) {
        let Some(Layer::Frequency {
            parent,
            column,
            grid,
        }) = self.layers.last()
        else {
            return;
        };
        let Some(value) = grid.cell("value") else {
            return;
        };
        let (parent, filter) = (
            *parent,
            Filter::Equals {
                column: column.clone(),
                value: value.map(str::to_string),
            },
        );
        self.layers.pop();
        if let Some(g) = self.grid_mut(parent) {
            g.set_filter(Some(filter));
        }
    }

    pub(super) fn open_export(&mut self, slot: Option<Slot>) {
        // The console exports its result from the editor too (Ctrl+E).
        let target = slot.or_else(|| self.pane_slot().filter(|s| *s == Slot::Console));
        match target.and_then(|s| self.grid(s).map(|g| (s, g.query.label.clone()))) {
            Some((slot, label)) => {
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
                let csv = Format::ALL
                    .iter()
                    .position(|f| *f == Format::Csv)
                    .unwrap_or(0);
                let mut dialog = ExportDialog::new(slot, csv, String::new());
                dialog.path = Field::prefilled(&format!("{stem}.csv"));
                self.layers.push(Layer::Export(dialog));
            }
            None => self.message = Some(tr!(self.language, "layer-nothing-to-export")),
        }
    }

    /// Export the grid's rows with its filter and sort. An existing file is refused by the export itself when it
    /// places the file (no check here that could race with it).
    pub(super) fn start_export(&mut self, mut dialog: ExportDialog) {
        // A name that ends in a folder's slash is no file's name (it would be written without the slash).
        if dialog.path.as_str().ends_with('/') {
            dialog.warning = Some(tr!(
                self.language,
                "layer-export-folder",
                path = dialog.path.as_str()
            ));
            self.layers.push(Layer::Export(dialog));
            return;
        }
        // An export never replaces a file: the dialog stays open for another name (the export refuses it too).
        if home_expanded(dialog.path.as_str()).exists() {
            dialog.warning = Some(tr!(
                self.language,
                "layer-export-exists",
                path = dialog.path.as_str()
            ));
            self.layers.push(Layer::Export(dialog));
            return;
        }
        let format = match dialog.resolve(self.language) {
            Ok(format) => format,
            Err(question) => {
                dialog.warning = Some(question);
                self.layers.push(Layer::Export(dialog));
                return;
            }
        };
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
        let work = Work::Export {
            sql,
            params,
            format,
            path: home_expanded(dialog.path.as_str()),
            label: grid.query.label.clone(),
        };
        self.run(Target::Export, work);
        self.message = Some(tr!(
            self.language,
            "layer-exporting",
            path = dialog.path.as_str()
        ));
    }
}

/// `~/x` as the shell reads it: in the home folder.
fn home_expanded(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => path.into(),
    }
}
