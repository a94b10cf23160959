//! Keys become named actions through a keymap that is data: the defaults below, overridable per action in the
//! config file (`[keys]`), listed by the help overlay and `docs/keys.md` from the same table.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::pane::Pane;

/// Where a binding applies. The focused context is tried first, then `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    Global,
    Grid,
    Console,
    Form,
    /// Help, a whole cell, where a row came from: text to scroll through.
    Reading,
}

impl Context {
    pub const ALL: [Context; 5] = [
        Context::Global,
        Context::Grid,
        Context::Console,
        Context::Form,
        Context::Reading,
    ];

    /// The name a config file qualifies an action with (`console.export`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Grid => "grid",
            Context::Console => "console",
            Context::Form => "form",
            Context::Reading => "reading",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether text is typed here (a plain character is text, not a key for an action).
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Console | Context::Form)
    }

    /// Where the bindings apply, as the help heads them (the message `context-NAME`).
    pub fn title(self, lang: crate::i18n::Lang) -> String {
        crate::i18n::text(lang, &format!("context-{}", self.name()), &[])
    }
}

/// Declares every action once: its variant and its name in the config file (what the help says is the message
/// `action-NAME` of the message files). The go-to
/// actions are one variant, `Go(Pane)`, placed where `@go_to_panes;` stands; their names, descriptions and default keys
/// come from the pane table.
macro_rules! actions {
    ($($before:ident => $before_name:literal;)*
     @go_to_panes;
     $($variant:ident => $name:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Action {
            $($before,)*
            Go(Pane),
            $($variant,)*
        }

        const NAMED_ACTIONS: &[Action] = &[$(Action::$before,)* $(Action::$variant,)*];

        impl Action {
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$before => $before_name,)*
                    Action::Go(pane) => pane.name(),
                    $(Action::$variant => $name,)*
                }
            }

            /// What the help says the action does (the message `action-NAME`).
            pub fn describe(self, lang: crate::i18n::Lang) -> String {
                match self {
                    Action::Go(pane) => pane.describe(lang),
                    other => crate::i18n::text(lang, &format!("action-{}", other.name().replace('_', "-")), &[]),
                }
            }

            /// The action named `name`, the go-to actions of `panes` among them.
            pub fn from_name(name: &str, panes: &[PaneKey]) -> Option<Action> {
                NAMED_ACTIONS
                    .iter()
                    .copied()
                    .chain(panes.iter().map(|(pane, _)| Action::Go(*pane)))
                    .find(|a| a.name() == name)
            }
        }
    };
}

actions! {
    Quit => "quit";
    NextPane => "next_pane";
    PrevPane => "previous_pane";
    @go_to_panes;
    Help => "help";
    CommandLine => "command_line";
    ToggleLanguage => "toggle_language";
    Cancel => "cancel";
    Up => "up";
    Down => "down";
    Left => "left";
    Right => "right";
    PageUp => "page_up";
    PageDown => "page_down";
    Top => "top";
    Bottom => "bottom";
    Open => "open";
    Back => "back";
    Search => "search";
    Frequency => "frequency";
    SortAscending => "sort_ascending";
    SortDescending => "sort_descending";
    ThenSortAscending => "then_sort_ascending";
    ThenSortDescending => "then_sort_descending";
    ClearFilter => "clear_filter";
    HideColumn => "hide_column";
    ShowColumns => "show_columns";
    Undo => "undo";
    CellDetail => "cell_detail";
    WhereFrom => "where_from";
    CopyCell => "copy_cell";
    CopyRow => "copy_row";
    Export => "export";
    Refresh => "refresh";
    Find => "find";
    Narrower => "narrower";
    Wider => "wider";
    Run => "run";
    HistoryPrevious => "history_previous";
    HistoryNext => "history_next";
    SaveQuery => "save_query";
    Complete => "complete";
    NextField => "next_field";
    PreviousField => "previous_field";
    Submit => "submit";
}

/// A key with modifiers, written like `ctrl-r`, `shift-tab`, `f5`, `enter`, `j`, `G`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` without the variants a keymap never uses, ordered for stable help listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Backspace,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Delete,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::Delete => KeyCodeOrd::Delete,
            _ => return None,
        };
        Some(Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    pub fn to_event(self) -> KeyEvent {
        let code = match self.code {
            KeyCodeOrd::Char(c) => KeyCode::Char(c),
            KeyCodeOrd::F(n) => KeyCode::F(n),
            KeyCodeOrd::Enter => KeyCode::Enter,
            KeyCodeOrd::Esc => KeyCode::Esc,
            KeyCodeOrd::Backspace => KeyCode::Backspace,
            KeyCodeOrd::Tab => KeyCode::Tab,
            KeyCodeOrd::BackTab => KeyCode::BackTab,
            KeyCodeOrd::Up => KeyCode::Up,
            KeyCodeOrd::Down => KeyCode::Down,
            KeyCodeOrd::Left => KeyCode::Left,
            KeyCodeOrd::Right => KeyCode::Right,
            KeyCodeOrd::PageUp => KeyCode::PageUp,
            KeyCodeOrd::PageDown => KeyCode::PageDown,
            KeyCodeOrd::Home => KeyCode::Home,
            KeyCodeOrd::End => KeyCode::End,
            KeyCodeOrd::Delete => KeyCode::Delete,
        };
        let mut modifiers = KeyModifiers::NONE;
        if self.ctrl {
            modifiers |= KeyModifiers::CONTROL;
        }
        if self.alt {
            modifiers |= KeyModifiers::ALT;
        }
        if matches!(self.code, KeyCodeOrd::Char(c) if c.is_uppercase())
            || self.code == KeyCodeOrd::BackTab
        {
            modifiers |= KeyModifiers::SHIFT;
        }
        KeyEvent::new(code, modifiers)
    }

    /// Parse `ctrl-r`, `f5`, `enter`, `shift-tab`, `j`, `G`, `space`, `?`.
    pub fn parse(text: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower
                .strip_prefix("ctrl-")
                .or_else(|| lower.strip_prefix("c-"))
            {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower
                .strip_prefix("alt-")
                .or_else(|| lower.strip_prefix("a-"))
            {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "cr" | "return" => KeyCodeOrd::Enter,
            "esc" | "escape" => KeyCodeOrd::Esc,
            "backspace" | "bs" => KeyCodeOrd::Backspace,
            "tab" => KeyCodeOrd::Tab,
            "shift-tab" | "s-tab" | "backtab" => KeyCodeOrd::BackTab,
            "up" => KeyCodeOrd::Up,
            "down" => KeyCodeOrd::Down,
            "left" => KeyCodeOrd::Left,
            "right" => KeyCodeOrd::Right,
            "pageup" | "pgup" => KeyCodeOrd::PageUp,
            "pagedown" | "pgdn" => KeyCodeOrd::PageDown,
            "home" => KeyCodeOrd::Home,
            "end" => KeyCodeOrd::End,
            "delete" | "del" => KeyCodeOrd::Delete,
            "space" => KeyCodeOrd::Char(' '),
            "lt" => KeyCodeOrd::Char('<'),
            "gt" => KeyCodeOrd::Char('>'),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCodeOrd::F(f[1..].parse().ok()?)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, ctrl, alt })
    }

    /// A key that types a character where text is entered.
    pub fn is_typed(self) -> bool {
        matches!(self.code, KeyCodeOrd::Char(_)) && !self.ctrl && !self.alt
    }

    pub fn label(self) -> String {
        let base = match self.code {
            KeyCodeOrd::Char(' ') => "space".to_string(),
            KeyCodeOrd::Char(c) => c.to_string(),
            KeyCodeOrd::F(n) => format!("F{n}"),
            KeyCodeOrd::Enter => "Enter".into(),
            KeyCodeOrd::Esc => "Esc".into(),
            KeyCodeOrd::Backspace => "Backspace".into(),
            KeyCodeOrd::Tab => "Tab".into(),
            KeyCodeOrd::BackTab => "Shift+Tab".into(),
            KeyCodeOrd::Up => "↑".into(),
            KeyCodeOrd::Down => "↓".into(),
            KeyCodeOrd::Left => "←".into(),
            KeyCodeOrd::Right => "→".into(),
            KeyCodeOrd::PageUp => "PgUp".into(),
            KeyCodeOrd::PageDown => "PgDn".into(),
            KeyCodeOrd::Home => "Home".into(),
            KeyCodeOrd::End => "End".into(),
            KeyCodeOrd::Delete => "Del".into(),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl+{base}"),
            (_, true) => format!("Alt+{base}"),
            _ => base,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<(Context, Key), Action>,
    /// The panes of the go-to actions, in the table's order (the help and docs/keys.md list them so).
    panes: Vec<Pane>,
}

const DEFAULTS: &[(Context, &str, Action)] = &[
    (Context::Global, "q", Action::Quit),
    (Context::Global, "tab", Action::NextPane),
    (Context::Global, "shift-tab", Action::PrevPane),
    (Context::Global, "?", Action::Help),
    (Context::Global, "f1", Action::Help),
    (Context::Global, ":", Action::CommandLine),
    (Context::Global, "L", Action::ToggleLanguage),
    (Context::Global, "f", Action::Find),
    (Context::Global, "ctrl-c", Action::Cancel),
    (Context::Global, "esc", Action::Back),
    (Context::Global, "backspace", Action::Back),
    (Context::Grid, "k", Action::Up),
    (Context::Grid, "up", Action::Up),
    (Context::Grid, "j", Action::Down),
    (Context::Grid, "down", Action::Down),
    (Context::Grid, "h", Action::Left),
    (Context::Grid, "left", Action::Left),
    (Context::Grid, "l", Action::Right),
    (Context::Grid, "right", Action::Right),
    (Context::Grid, "pageup", Action::PageUp),
    (Context::Grid, "ctrl-b", Action::PageUp),
    (Context::Grid, "pagedown", Action::PageDown),
    (Context::Grid, "ctrl-f", Action::PageDown),
    (Context::Grid, "g", Action::Top),
    (Context::Grid, "home", Action::Top),
    (Context::Grid, "G", Action::Bottom),
    (Context::Grid, "end", Action::Bottom),
    (Context::Grid, "enter", Action::Open),
    (Context::Grid, "/", Action::Search),
    (Context::Grid, "F", Action::Frequency),
    (Context::Grid, "s", Action::SortAscending),
    (Context::Grid, "S", Action::SortDescending),
    (Context::Grid, "c", Action::ClearFilter),
    (Context::Grid, "a", Action::ThenSortAscending),
    (Context::Grid, "A", Action::ThenSortDescending),
    (Context::Grid, "-", Action::HideColumn),
    (Context::Grid, "+", Action::ShowColumns),
    (Context::Grid, "u", Action::Undo),
    (Context::Grid, "v", Action::CellDetail),
    (Context::Grid, "i", Action::WhereFrom),
    (Context::Grid, "y", Action::CopyCell),
    (Context::Grid, "Y", Action::CopyRow),
    (Context::Grid, "e", Action::Export),
    (Context::Grid, "r", Action::Refresh),
    (Context::Grid, "lt", Action::Narrower),
    (Context::Grid, "gt", Action::Wider),
    (Context::Console, "f5", Action::Run),
    (Context::Console, "ctrl-r", Action::Run),
    (Context::Console, "ctrl-enter", Action::Run),
    (Context::Console, "ctrl-p", Action::HistoryPrevious),
    (Context::Console, "ctrl-n", Action::HistoryNext),
    (Context::Console, "ctrl-s", Action::SaveQuery),
    (Context::Console, "tab", Action::Complete),
    (Context::Console, "ctrl-e", Action::Export),
    (Context::Form, "tab", Action::NextField),
    (Context::Form, "down", Action::NextField),
    (Context::Form, "shift-tab", Action::PreviousField),
    (Context::Form, "up", Action::PreviousField),
    (Context::Form, "enter", Action::Submit),
    (Context::Form, "left", Action::Left),
    (Context::Form, "right", Action::Right),
    (Context::Form, "esc", Action::Back),
    (Context::Reading, "j", Action::Down),
    (Context::Reading, "down", Action::Down),
    (Context::Reading, "k", Action::Up),
    (Context::Reading, "up", Action::Up),
    (Context::Reading, "pagedown", Action::PageDown),
    (Context::Reading, "ctrl-f", Action::PageDown),
    (Context::Reading, "space", Action::PageDown),
    (Context::Reading, "pageup", Action::PageUp),
    (Context::Reading, "ctrl-b", Action::PageUp),
    (Context::Reading, "g", Action::Top),
    (Context::Reading, "home", Action::Top),
    (Context::Reading, "G", Action::Bottom),
    (Context::Reading, "end", Action::Bottom),
    (Context::Reading, "esc", Action::Back),
];

/// A pane and the default key of the action that goes there (from the pane table).
pub type PaneKey = (Pane, &'static str);

impl Keymap {
    /// The default keymap, with a go-to action for each of `panes`.
    pub fn new(panes: &[PaneKey]) -> Keymap {
        let mut bindings = BTreeMap::new();
        let go = panes
            .iter()
            .map(|(pane, key)| (Context::Global, *key, Action::Go(*pane)));
        for (context, key, action) in DEFAULTS.iter().copied().chain(go) {
            if let Some(k) = Key::parse(key) {
                bindings.insert((context, k), action);
            }
        }
        Keymap {
            bindings,
            panes: panes.iter().map(|(pane, _)| *pane).collect(),
        }
    }

    /// The default keymap with the config file's `[keys]` applied. `action = "key"` rebinds the action in every
    /// context it is bound in, except that a plain character never replaces a binding where text is typed (the
    /// console's editor, forms and prompts: the key would be typed, and the action lost there); `context.action =
    /// "key"` (`grid.export`, `console.export`) rebinds it in that context only. A key given to two actions in one
    /// context is refused, naming both, so no action is silently left without a key.
    pub fn with_overrides(
        panes: &[PaneKey],
        overrides: &BTreeMap<String, String>,
    ) -> Result<Keymap, String> {
        // Read from the config file before any screen: said in the process's language.
        let lang = crate::i18n::process_lang();
        let mut map = Keymap::new(panes);
        let mut rebound: Vec<(Action, Key, Context)> = Vec::new();
        for (name, key_text) in overrides {
            let (context, action_name) = match name.split_once('.') {
                Some((c, a)) => (
                    Some(Context::from_name(c).ok_or_else(|| {
                        crate::tr!(
                            lang,
                            "keys-unknown-context",
                            context = c,
                            name = name.as_str()
                        )
                    })?),
                    a,
                ),
                None => (None, name.as_str()),
            };
            let action = Action::from_name(action_name, panes)
                .ok_or_else(|| crate::tr!(lang, "keys-unknown-action", action = action_name))?;
            let key = Key::parse(key_text).ok_or_else(|| {
                crate::tr!(
                    lang,
                    "keys-not-a-key",
                    key = key_text.as_str(),
                    name = name.as_str()
                )
            })?;
            let mut contexts: Vec<Context> = match context {
                Some(c) => vec![c],
                None => map
                    .bindings
                    .iter()
                    .filter(|(_, a)| **a == action)
                    .map(|((c, _), _)| *c)
                    .filter(|c| !(c.takes_text() && key.is_typed()))
                    .collect(),
            };
            contexts.dedup();
            if contexts.is_empty() && context.is_none() {
                contexts.push(Context::Global);
            }
            rebound.extend(contexts.into_iter().map(|c| (action, key, c)));
        }
        map.bindings
            .retain(|(c, _), a| !rebound.iter().any(|(r, _, rc)| r == a && rc == c));
        for (action, key, context) in rebound {
            if let Some(other) = map.bindings.insert((context, key), action)
                && other != action
            {
                return Err(crate::tr!(
                    lang,
                    "keys-conflict",
                    key = key.label(),
                    action = action.name(),
                    other = other.name(),
                    context = context.title(lang)
                ));
            }
        }
        Ok(map)
    }

    /// The action for a key in a context, falling back to global bindings.
    pub fn action(&self, context: Context, key: Key) -> Option<Action> {
        self.bindings
            .get(&(context, key))
            .or_else(|| self.bindings.get(&(Context::Global, key)))
            .copied()
    }

    /// (context, keys, action) for help and docs, grouped by action.
    pub fn listing(&self, contexts: &[Context]) -> Vec<(Context, Vec<String>, Action)> {
        let mut grouped: BTreeMap<(Context, Action), Vec<String>> = BTreeMap::new();
        for ((context, key), action) in &self.bindings {
            if contexts.contains(context) {
                grouped
                    .entry((*context, *action))
                    .or_default()
                    .push(key.label());
            }
        }
        let mut listed: Vec<(Context, Vec<String>, Action)> = grouped
            .into_iter()
            .map(|((c, a), keys)| (c, keys, a))
            .collect();
        let place = |pane: &Pane| self.panes.iter().position(|p| p == pane);
        listed.sort_by(|(c1, _, a1), (c2, _, a2)| {
            c1.cmp(c2).then_with(|| match (a1, a2) {
                (Action::Go(x), Action::Go(y)) => place(x).cmp(&place(y)),
                _ => a1.cmp(a2),
            })
        });
        listed
    }
}

/// Parse a headless key script: words separated by spaces; `<name>` is one key (`<enter>`, `<c-r>`, `<f5>`,
/// `<space>`); any other word is typed character by character.
pub fn parse_script(script: &str) -> Result<Vec<KeyEvent>, String> {
    let mut keys = Vec::new();
    for word in script.split_whitespace() {
        if let Some(name) = word.strip_prefix('<').and_then(|w| w.strip_suffix('>')) {
            let key = Key::parse(name).ok_or_else(|| {
                crate::tr!(crate::i18n::process_lang(), "keys-unknown-key", name = name)
            })?;
            keys.push(key.to_event());
        } else {
            for c in word.chars() {
                let key = Key {
                    code: KeyCodeOrd::Char(c),
                    ctrl: false,
                    alt: false,
                };
                keys.push(key.to_event());
            }
        }
    }
    Ok(keys)
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
