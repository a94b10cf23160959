//! `:` commands, declared once in a table like the keymap: the dispatcher, the usage line of an unknown command and
//! `docs/keys.md` all come from it.

use crate::core::export::Format;
use crate::core::sql::Value;
use crate::tr;
use crate::tui::app::{App, ExportDialog, Language, saved_grid};
use crate::tui::effect::Effect;
use crate::tui::jobs::Slot;

pub struct Command {
    pub names: &'static [&'static str],
    /// The message id of what follows the name, as the usage shows it ("" for none).
    pub argument: &'static str,
    /// The argument may be left out: the usage shows it in brackets.
    pub optional: bool,
    /// The message id of what the command does.
    pub describe: &'static str,
    run: fn(&mut App, &str, &str),
}

impl Command {
    /// What follows the name in `lang`, as the usage shows it: empty for none, in brackets when it may be left out.
    pub fn argument_text(&self, lang: Language) -> String {
        if self.argument.is_empty() {
            return String::new();
        }
        let argument = crate::i18n::text(lang, self.argument, &[]);
        if self.optional {
            format!("[{argument}]")
        } else {
            argument
        }
    }
}

pub const COMMANDS: &[Command] =
    &[
        Command {
            names: &["q", "quit"],
            argument: "",
            optional: false,
            describe: "cmd-quit",
            run: |app, _, _| app.emit(Effect::Quit),
        },
        Command {
            names: &["help"],
            argument: "",
            optional: false,
            describe: "cmd-help",
            run: |app, _, _| app.layers.push(crate::tui::app::Layer::help()),
        },
        Command {
            names: &["messages", "msg"],
            argument: "",
            optional: false,
            describe: "cmd-messages",
            run: |app, _, _| {
                let lines = if app.messages.is_empty() {
                    vec![tr!(app.language, "cmd-no-message-yet")]
                } else {
                    app.messages.iter().rev().cloned().collect()
                };
                app.layers.push(crate::tui::app::Layer::Detail {
                    title: tr!(app.language, "cmd-messages-title"),
                    lines,
                    scroll: 0,
                });
            },
        },
        Command {
            names: &["lang"],
            argument: "cmd-arg-lang",
            optional: true,
            describe: "cmd-lang",
            // `:lang` switches; `:lang zh` / `:lang en` (or 中文, English) chooses.
            run: |app, _, arg| match arg.trim() {
                "" => app.toggle_language(),
                tag => match Language::from_tag(tag).or(match tag {
                    "中文" | "汉语" | "中" => Some(Language::Chinese),
                    "英文" | "English" | "english" | "英" => Some(Language::English), // not text: what people type
                    _ => None,
                }) {
                    Some(lang) => app.choose_language(lang),
                    None => app.message = Some(tr!(app.language, "cmd-no-lang", lang = tag)),
                },
            },
        },
        Command {
            names: &["wrap"],
            argument: "",
            optional: false,
            describe: "cmd-wrap",
            run: |app, _, _| {
                app.console.wrap = !app.console.wrap;
                app.message = Some(if app.console.wrap {
                    tr!(app.language, "cmd-wrap-on")
                } else {
                    tr!(app.language, "cmd-wrap-off")
                });
            },
        },
        Command {
            names: &["pane"],
            argument: "cmd-arg-name",
            optional: false,
            describe: "cmd-pane",
            // A pane by its name in the config file, its number, or its tab in either language (`:pane 评价`).
            run: |app, _, arg| match app.panes().iter().find(|p| {
                p.names.contains(&arg) || Language::ALL.iter().any(|l| p.label(*l) == arg)
            }) {
                Some(spec) => app.go(spec.pane),
                None => app.message = Some(tr!(app.language, "cmd-no-pane", name = arg)),
            },
        },
        Command {
            names: &["export"],
            argument: "cmd-arg-file",
            optional: false,
            describe: "cmd-export",
            run: |app, _, arg| app.export_to(arg),
        },
        Command {
            names: &["find"],
            argument: "cmd-arg-text",
            optional: false,
            describe: "cmd-find",
            run: |app, _, arg| app.find(arg),
        },
        Command {
            names: &["row"],
            argument: "cmd-arg-n",
            optional: false,
            describe: "cmd-row",
            run: |app, _, arg| app.go_to_row(arg),
        },
        Command {
            names: &["year", "province", "rating", "include_synthetic"],
            argument: "cmd-arg-value",
            optional: true,
            describe: "cmd-filter",
            run: App::filter_pane,
        },
    ];

/// The usage line of every command in `lang`, from the table.
pub fn usage(lang: Language) -> String {
    COMMANDS
        .iter()
        .map(|c| {
            let names = c.names.join("/");
            if c.argument.is_empty() {
                names
            } else {
                format!("{names} {}", c.argument_text(lang))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `:` commands as a Markdown section of the key reference (`docs/keys.md`), in `lang`.
pub fn markdown(lang: Language) -> String {
    let mut out = format!(
        "\n## {}\n\n{}\n\n| {} | {} |\n|---|---|\n",
        tr!(lang, "cmd-doc-heading"),
        tr!(lang, "cmd-doc-intro"),
        tr!(lang, "cmd-doc-command"),
        tr!(lang, "cmd-doc-what"),
    );
    for c in COMMANDS {
        let argument = c.argument_text(lang);
        let names = c
            .names
            .iter()
            .map(|n| {
                format!(
                    "`:{n}{}`",
                    if argument.is_empty() {
                        String::new()
                    } else {
                        format!(" {argument}")
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "| {names} | {} |\n",
            crate::i18n::text(lang, c.describe, &[])
        ));
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
            panic!("panic requested with :panic"); // not text: a test's own panic
        }
        match COMMANDS.iter().find(|c| c.names.contains(&verb)) {
            Some(c) if !c.argument.is_empty() && !c.optional && arg.is_empty() => {
                self.message = Some(tr!(
                    self.language,
                    "cmd-needs-argument",
                    verb = verb,
                    argument = c.argument_text(self.language),
                ));
            }
            Some(c) => (c.run)(self, verb, &arg),
            None => {
                self.message = Some(tr!(
                    self.language,
                    "cmd-unknown",
                    verb = verb,
                    usage = usage(self.language),
                ))
            }
        }
    }

    fn export_to(&mut self, path: &str) {
        let Some(slot) = self.active_slot() else {
            self.message = Some(tr!(self.language, "cmd-nothing-to-export"));
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
            self.message = Some(tr!(self.language, "cmd-no-grid"));
            return;
        };
        let Ok(n) = arg.parse::<u64>() else {
            self.message = Some(tr!(self.language, "cmd-row-not-number", arg = arg));
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
            self.message = Some(tr!(self.language, "cmd-filter-elsewhere", param = param));
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
                if let Some(g) = self.grid_mut(Slot::Pane(self.pane)) {
                    *g = grid;
                }
                let component = self.pane_spec().component;
                component.grid_replaced(self);
            }
            Err(e) => self.message = Some(e),
        }
    }
}
