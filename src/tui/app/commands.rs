//! `:` commands, declared once in a table like the keymap: the dispatcher, the usage line of an unknown command and
//! `docs/keys.md` all come from it.

use crate::core::engine::Value;
use crate::core::export::Format;
use crate::tui::app::{App, ExportDialog, Language, PANES, Pane, saved_grid};
use crate::tui::effect::Effect;
use crate::tui::jobs::Slot;

pub struct Command {
    pub names: &'static [&'static str],
    /// What follows the name, as the usage shows it ("" for none, in brackets when it may be left out).
    pub argument: &'static str,
    pub describe: &'static str,
    run: fn(&mut App, &str, &str),
}

pub const COMMANDS: &[Command] = &[
    Command {
        names: &["q", "quit"],
        argument: "",
        describe: "quit qlake",
        run: |app, _, _| app.emit(Effect::Quit),
    },
    Command {
        names: &["help"],
        argument: "",
        describe: "the keys of this pane",
        run: |app, _, _| app.layers.push(crate::tui::app::Layer::help()),
    },
    Command {
        names: &["messages", "msg"],
        argument: "",
        describe: "every status message of this run, whole, the latest first",
        run: |app, _, _| {
            let lines = if app.messages.is_empty() {
                vec!["no message yet".to_string()]
            } else {
                app.messages.iter().rev().cloned().collect()
            };
            app.layers.push(crate::tui::app::Layer::Detail {
                title: "messages".into(),
                lines,
                scroll: 0,
            });
        },
    },
    Command {
        names: &["lang"],
        argument: "",
        describe: "Chinese / English names",
        run: |app, _, _| {
            app.language = if app.language == Language::Chinese {
                Language::English
            } else {
                Language::Chinese
            };
        },
    },
    Command {
        names: &["wrap"],
        argument: "",
        describe: "the SQL console's long lines wrap, or scroll sideways again",
        run: |app, _, _| {
            app.console.wrap = !app.console.wrap;
            app.message = Some(if app.console.wrap {
                "long SQL lines wrap".into()
            } else {
                "long SQL lines scroll sideways".into()
            });
        },
    },
    Command {
        names: &["pane"],
        argument: "NAME",
        describe: "go to a pane by name or number",
        run: |app, _, arg| match PANES.iter().find(|p| p.names.contains(&arg)) {
            Some(spec) => app.go(spec.pane),
            None => app.message = Some(format!("no pane `{arg}`")),
        },
    },
    Command {
        names: &["export"],
        argument: "FILE",
        describe: "export the rows behind the view (format from the extension)",
        run: |app, _, arg| app.export_to(arg),
    },
    Command {
        names: &["find"],
        argument: "TEXT",
        describe: "find provinces, cities, chains, projects, enterprises by name; Enter opens one in Explore",
        run: |app, _, arg| app.find(arg),
    },
    Command {
        names: &["row"],
        argument: "N",
        describe: "go to row N of the grid",
        run: |app, _, arg| app.go_to_row(arg),
    },
    Command {
        names: &["year", "province", "rating", "include_synthetic"],
        argument: "[VALUE]",
        describe: "run the ratings, coverage or funding pane with that parameter (empty clears it)",
        run: App::filter_pane,
    },
];

/// The usage line of every command, from the table.
pub fn usage() -> String {
    COMMANDS
        .iter()
        .map(|c| {
            let names = c.names.join("/");
            if c.argument.is_empty() {
                names
            } else {
                format!("{names} {}", c.argument)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `:` commands as a Markdown section of `docs/keys.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "\n## `:` commands\n\nTyped after `:` (the command line); from the table in `src/tui/app/commands.rs`.\n\n\
         | command | what it does |\n|---|---|\n",
    );
    for c in COMMANDS {
        let names = c
            .names
            .iter()
            .map(|n| {
                format!(
                    "`:{n}{}`",
                    if c.argument.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", c.argument)
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!("| {names} | {} |\n", c.describe));
    }
    out
}

impl App {
    pub(super) fn command(&mut self, text: &str) {
        let mut words = text.split_whitespace();
        let Some(verb) = words.next() else { return };
        let arg = words.collect::<Vec<_>>().join(" ");
        // Lets the end-to-end tests check that a panic restores the terminal.
        if verb == "panic" && std::env::var_os("QLAKE_ALLOW_PANIC").is_some() {
            panic!("panic requested with :panic");
        }
        match COMMANDS.iter().find(|c| c.names.contains(&verb)) {
            Some(c) if !c.argument.is_empty() && !c.argument.starts_with('[') && arg.is_empty() => {
                self.message = Some(format!(":{verb} needs {}", c.argument));
            }
            Some(c) => (c.run)(self, verb, &arg),
            None => self.message = Some(format!("unknown command `{verb}` ({})", usage())),
        }
    }

    fn export_to(&mut self, path: &str) {
        let Some(slot) = self.active_slot() else {
            self.message = Some("nothing to export here".into());
            return;
        };
        // An unknown extension is refused by the dialog's own rule (the CLI's), never written as CSV.
        let format = Format::from_path(std::path::Path::new(path))
            .and_then(|f| Format::ALL.iter().position(|x| *x == f))
            .or_else(|| Format::ALL.iter().position(|x| *x == Format::Csv))
            .unwrap_or(0);
        self.start_export(ExportDialog::new(slot, format, path.to_string()));
    }

    fn go_to_row(&mut self, arg: &str) {
        let Some(slot) = self.active_slot() else {
            self.message = Some("no grid here".into());
            return;
        };
        let Ok(n) = arg.parse::<u64>() else {
            self.message = Some(format!(":row takes a row number, not `{arg}`"));
            return;
        };
        let rows = self.grid_rows(slot);
        if let Some(g) = self.grid_mut(slot) {
            let last = g.total.map_or(u64::MAX, |t| t.saturating_sub(1));
            g.set_cursor(n.saturating_sub(1).min(last), rows);
        }
    }

    /// `:year 2021`, `:province CN-HB`, `:rating excellent` on the ratings, coverage and funding panes: the pane's
    /// saved query runs again with that parameter (an empty value clears it).
    fn filter_pane(&mut self, param: &str, value: &str) {
        let Some(current) = self.pane_grid(self.pane) else {
            self.message = Some(format!(
                ":{param} filters the ratings, coverage and funding panes"
            ));
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
                let pane = self.pane;
                if let Some(g) = self.grid_mut(Slot::Pane(pane)) {
                    *g = grid;
                }
                if pane == Pane::Ratings {
                    self.scores = Default::default();
                }
            }
            Err(e) => self.message = Some(e),
        }
    }
}
