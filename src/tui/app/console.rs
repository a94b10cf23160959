//! The SQL console: a small editor whose lines are never empty (there is always a line for the cursor), its
//! history, running a statement through the gate, and saving it as a query.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use std::collections::BTreeMap;

use crate::core::gate::{self, CheckedSql};
use crate::core::queries;
use crate::core::sql::Value;
use crate::tr;
use crate::tui::app::App;
use crate::tui::app::layers::RunParams;
use crate::tui::effect::Effect;
use crate::tui::grid::{Grid, GridQuery};

/// The editor's own keys (typed text is the SQL, so they are not in the rebindable keymap): the help and
/// docs/keys.md list them from here. Each is (keys, the message id of what they do).
pub const EDITOR_KEYS: &[(&str, &str)] = &[
    ("Ctrl+←/→ Alt+←/→", "console-key-word"),
    ("Home End", "console-key-line-ends"),
    ("Ctrl+U", "console-key-delete-to-start"),
    ("Ctrl+W", "console-key-delete-word"),
    ("Esc", "console-key-esc"),
    ("Enter", "console-key-enter"),
    (":wrap", "console-key-wrap"),
];

#[derive(Debug, Clone)]
pub struct Console {
    /// Never empty; `row` is always one of them, `col` at most its length in characters.
    lines: Vec<String>,
    row: usize,
    col: usize,
    pub history: Vec<String>,
    history_pos: Option<usize>,
    pub grid: Option<Grid>,
    pub error: Option<String>,
    /// A save-as waiting for DuckDB to name the statement's parameters: where to, and under what name.
    saving: Option<(std::path::PathBuf, String)>,
    /// A run waiting for DuckDB to name the statement's parameters, whose values are then asked in a form.
    running: Option<CheckedSql>,
    /// The values last given to each parameter name, offered again the next time.
    last_values: BTreeMap<String, String>,
    /// Keys go to the editor; else to the keymap (the result grid, the pane keys). qlake never starts editing: a
    /// digit typed to change panes after a restart must not land in the SQL.
    pub editing: bool,
    /// Long lines wrap instead of scrolling sideways (`:wrap`).
    pub wrap: bool,
}

impl Default for Console {
    fn default() -> Console {
        Console {
            lines: vec![String::new()],
            row: 0,
            col: 0,
            history: Vec::new(),
            history_pos: None,
            grid: None,
            error: None,
            saving: None,
            running: None,
            last_values: BTreeMap::new(),
            editing: false,
            wrap: false,
        }
    }
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

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Where the cursor is: (line, character).
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    /// Replace the text; the cursor goes to its end.
    pub fn set_text(&mut self, text: &str) {
        self.lines = text.split('\n').map(str::to_string).collect();
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.row = self.lines.len() - 1;
        self.col = self.line().chars().count();
    }

    /// The name being typed: the letters, digits and underscores just before the cursor.
    pub fn word_before_cursor(&self) -> String {
        let before: Vec<char> = self.line().chars().take(self.col).collect();
        let start = before
            .iter()
            .rposition(|c| !(c.is_alphanumeric() || *c == '_'))
            .map_or(0, |i| i + 1);
        before[start..].iter().collect()
    }

    fn line(&self) -> &str {
        self.lines.get(self.row).map_or("", String::as_str)
    }

    fn insert(&mut self, c: char) {
        let Some(line) = self.lines.get_mut(self.row) else {
            return;
        };
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
            if let Some(line) = self.lines.get_mut(self.row)
                && let Some((i, _)) = line.char_indices().nth(self.col - 1)
            {
                line.remove(i);
            }
            self.col -= 1;
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.line().chars().count();
            if let Some(previous) = self.lines.get_mut(self.row) {
                previous.push_str(&line);
            }
        }
    }

    fn move_by(&mut self, dr: i64, dc: i64) {
        if dr != 0 {
            self.row = (self.row as i64 + dr).clamp(0, self.lines.len() as i64 - 1) as usize;
        }
        let len = self.line().chars().count() as i64;
        self.col = (self.col as i64 + dc).clamp(0, len) as usize;
    }

    /// Ctrl+U: the line before the cursor goes.
    fn delete_to_start(&mut self) {
        if let Some(line) = self.lines.get_mut(self.row) {
            let byte = byte_of_char(line, self.col);
            line.replace_range(..byte, "");
            self.col = 0;
        }
    }

    /// The column where the word before (`back`) or after the cursor starts.
    fn word_edge(&self, back: bool) -> usize {
        let chars: Vec<char> = self.line().chars().collect();
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let mut col = self.col.min(chars.len());
        if back {
            while col > 0 && !chars.get(col - 1).copied().is_some_and(word) {
                col -= 1;
            }
            while col > 0 && chars.get(col - 1).copied().is_some_and(word) {
                col -= 1;
            }
        } else {
            while col < chars.len() && !chars.get(col).copied().is_some_and(word) {
                col += 1;
            }
            while col < chars.len() && chars.get(col).copied().is_some_and(word) {
                col += 1;
            }
        }
        col
    }

    /// Ctrl+W: the word before the cursor goes.
    fn delete_word(&mut self) {
        let start = self.word_edge(true);
        if let Some(line) = self.lines.get_mut(self.row) {
            let (from, to) = (byte_of_char(line, start), byte_of_char(line, self.col));
            line.replace_range(from..to, "");
            self.col = start;
        }
    }

    /// A key typed into the editor; false when it is not the editor's (the keymap gets it).
    fn edit(&mut self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL)
            || event.modifiers.contains(KeyModifiers::ALT);
        match event.code {
            KeyCode::Char('u') if event.modifiers == KeyModifiers::CONTROL => {
                self.delete_to_start()
            }
            KeyCode::Char('w') if event.modifiers == KeyModifiers::CONTROL => self.delete_word(),
            KeyCode::Left if ctrl => self.col = self.word_edge(true),
            KeyCode::Right if ctrl => self.col = self.word_edge(false),
            KeyCode::Char(ch) if !ctrl => self.insert(ch),
            KeyCode::Enter if ctrl => return false,
            KeyCode::Enter => self.insert('\n'),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Left => self.move_by(0, -1),
            KeyCode::Right => self.move_by(0, 1),
            KeyCode::Up => self.move_by(-1, 0),
            KeyCode::Down => self.move_by(1, 0),
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.move_by(0, i64::MAX / 2),
            // Esc leaves editing: the pane keys, the result grid and `q` work again; Enter comes back.
            KeyCode::Esc => self.editing = false,
            _ => return false,
        }
        true
    }

    /// Ctrl+P / Ctrl+N: step through the history; past the newest the editor is empty again.
    pub fn history_step(&mut self, previous: bool) {
        let n = self.history.len();
        if n == 0 {
            return;
        }
        let pos = match (self.history_pos, previous) {
            (None, true) => n - 1,
            (None, false) => return,
            (Some(p), true) => p.saturating_sub(1),
            (Some(p), false) if p + 1 >= n => {
                self.history_pos = None;
                self.set_text("");
                return;
            }
            (Some(p), false) => p + 1,
        };
        self.history_pos = Some(pos);
        if let Some(text) = self.history.get(pos).cloned() {
            self.set_text(&text);
        }
    }

    /// The editor's height on screen when it is `width` cells wide: its lines (wrapped ones as the rows they take)
    /// and a frame, between 4 and 10 rows.
    pub fn height(&self, width: u16) -> u16 {
        let inner = usize::from(width.saturating_sub(2)).max(1);
        let rows: usize = if self.wrap {
            self.lines
                .iter()
                // The cursor's cell after the text may take a row of its own.
                .map(|l| (crate::core::cells::display_width(l) + 1).div_ceil(inner))
                .sum()
        } else {
            self.lines.len()
        };
        u16::try_from(rows.saturating_add(2))
            .unwrap_or(u16::MAX)
            .clamp(4, 10)
    }
}

impl App {
    /// Tab in the editor: complete the name before the cursor from the lake's tables and columns.
    pub(super) fn complete_word(&mut self) {
        if !self.catalog.loaded {
            self.message = Some(tr!(self.language, "console-catalog-loading"));
            return;
        }
        let word = self.console.word_before_cursor();
        let done = self.catalog.complete(&self.console.text(), &word);
        for c in done.insert.chars() {
            self.console.insert(c);
        }
        self.message = match (done.choices.len(), done.insert.is_empty()) {
            (0, true) if !word.is_empty() => Some(tr!(
                self.language,
                "console-no-completion",
                word = word.as_str()
            )),
            (0, _) => None,
            (n, _) => Some(tr!(
                self.language,
                "console-completions",
                count = n,
                names = done.choices.join("  ")
            )),
        };
    }

    /// Keys the editor takes while it has the focus and nothing is over it.
    pub(super) fn on_editor_key(&mut self, event: &KeyEvent) -> bool {
        self.editing() && self.layers.is_empty() && self.console.edit(event)
    }

    pub(super) fn run_console(&mut self) {
        let sql = self.console.text();
        if sql.trim().is_empty() {
            return;
        }
        if self.console.history.last() != Some(&sql) {
            self.console.history.push(sql.clone());
            if let Some(file) = self.files.history.clone() {
                self.emit(Effect::AppendHistory {
                    file,
                    statement: sql.clone(),
                });
            }
        }
        self.console.history_pos = None;
        match gate::check(&sql) {
            // DuckDB names the parameters; their values are asked in a form, as a saved query's are.
            Ok(sql) if sql.as_str().contains(['$', '?']) => {
                self.console.running = Some(sql.clone());
                self.run(
                    crate::tui::jobs::Target::ConsoleParams,
                    crate::tui::jobs::Work::Parameters { sql },
                );
            }
            Ok(sql) => self.show_console_result(sql, Vec::new()),
            Err(e) => {
                self.console.error = Some(e.to_string());
                self.console.grid = None;
            }
        }
    }

    fn show_console_result(&mut self, sql: CheckedSql, params: Vec<(String, Value)>) {
        self.console.error = None;
        let mut grid = Grid::new(GridQuery {
            sql: sql.into(),
            params,
            label: "console".into(),
        });
        // The user chose these columns: provenance and both languages show.
        grid.every_column = true;
        self.console.grid = Some(grid);
    }

    /// The statement to run has these parameters: run it, or ask their values first.
    pub(super) fn on_console_parameters(&mut self, names: Result<Vec<String>, String>) {
        let Some(sql) = self.console.running.take() else {
            return;
        };
        let names = match names {
            Ok(names) => names,
            Err(e) => {
                self.console.error = Some(e);
                self.console.grid = None;
                return;
            }
        };
        if names.is_empty() {
            self.show_console_result(sql, Vec::new());
            return;
        }
        if let Some(bad) = names.iter().find(|n| queries::parse_param_name(n).is_err()) {
            self.console.error = Some(tr!(self.language, "console-param-by-name", bad = bad));
            self.console.grid = None;
            return;
        }
        let values = names
            .iter()
            .map(|n| {
                crate::tui::field::Field::prefilled(
                    self.console.last_values.get(n).map_or("", String::as_str),
                )
            })
            .collect();
        self.layers
            .push(crate::tui::app::Layer::RunParams(RunParams {
                sql,
                names,
                values,
                focus: 0,
            }));
    }

    /// The form's values given: each is text DuckDB casts to the type the statement wants (empty is NULL).
    pub(super) fn run_with_values(&mut self, form: RunParams) {
        let params = form
            .names
            .iter()
            .zip(&form.values)
            .map(|(name, value)| {
                let value = value.as_str();
                self.console
                    .last_values
                    .insert(name.clone(), value.to_string());
                let value = if value.is_empty() {
                    Value::Null
                } else {
                    Value::Text(value.to_string())
                };
                (name.clone(), value)
            })
            .collect();
        self.show_console_result(form.sql, params);
    }

    /// Save the console's statement as a user query named `name`: first ask DuckDB which `$name` parameters it has
    /// (their types are asked in a form), then have the runner write the file.
    pub(super) fn save_console_query(&mut self, name: &str) {
        let name = name.trim();
        if let Err(e) = queries::check_query_name(name) {
            self.message = Some(e);
            return;
        }
        let Some(dir) = self.files.user_queries.clone() else {
            self.message = Some(tr!(self.language, "console-no-config-folder"));
            return;
        };
        // A file the library would refuse to load is not written at all.
        let sql = match gate::check(&self.console.text()) {
            Ok(sql) => sql,
            Err(e) => {
                self.message = Some(tr!(
                    self.language,
                    "console-not-saved",
                    error = e.to_string()
                ));
                return;
            }
        };
        self.console.saving = Some((dir, name.to_string()));
        self.run(
            crate::tui::jobs::Target::SaveAs,
            crate::tui::jobs::Work::Parameters { sql },
        );
    }

    /// The statement's parameters are known: save at once, or ask their types first.
    pub(super) fn on_parameters(&mut self, names: Vec<String>) {
        let Some((dir, name)) = self.console.saving.take() else {
            return;
        };
        if let Some(bad) = names.iter().find(|n| queries::parse_param_name(n).is_err()) {
            self.message = Some(tr!(self.language, "console-param-unnamed", bad = bad));
            return;
        }
        if names.is_empty() {
            self.write_query(dir, name, &[]);
        } else {
            self.layers.push(crate::tui::app::Layer::SaveParams(
                crate::tui::app::layers::SaveParams {
                    dir,
                    name,
                    params: names
                        .into_iter()
                        .map(|n| (n, crate::tui::field::Field::prefilled("text")))
                        .collect(),
                    focus: 0,
                    error: None,
                },
            ));
        }
    }

    /// Ask the runner to write the query file.
    pub(super) fn write_query(
        &mut self,
        dir: std::path::PathBuf,
        name: String,
        params: &[(String, String)],
    ) {
        let text = queries::query_file_text(&name, params, &self.console.text());
        self.emit(Effect::SaveQuery { dir, name, text });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_always_has_a_line_for_its_cursor() {
        let mut c = Console::default();
        c.backspace();
        c.move_by(5, 5);
        c.insert('a');
        c.insert('\n');
        c.insert('b');
        assert_eq!(c.text(), "a\nb");
        c.set_text("");
        assert_eq!(c.lines().len(), 1);
        c.backspace();
        c.move_by(-3, -3);
        assert_eq!(c.cursor(), (0, 0));
        c.set_text("select  count(*) from t");
        c.col = 15;
        // From before ")": the word and the signs after it go, as in a shell.
        c.delete_word();
        assert_eq!(
            (c.text(), c.cursor()),
            ("select  ) from t".to_string(), (0, 8))
        );
        assert_eq!(c.word_edge(true), 0);
        assert_eq!(c.word_edge(false), 14);
        c.delete_to_start();
        assert_eq!((c.text(), c.cursor()), (") from t".to_string(), (0, 0)));
        c.set_text("甲乙\n丙");
        c.move_by(-1, 0);
        c.insert('x');
        assert_eq!(c.text(), "甲x乙\n丙");
    }
}
