//! How the view draws: colour or none, Unicode or ASCII marks, and the styles every pane uses.

use ratatui::style::{Color, Modifier, Style};

pub struct Theme {
    pub color: bool,
    /// Plain ASCII for lines, bars and marks, where the terminal cannot show box drawing (`LANG=C`, `TERM=linux`).
    pub ascii: bool,
}

/// The marks the view draws with, in Unicode or in ASCII.
pub struct Glyphs {
    pub bar: &'static str,
    pub gauge_on: &'static str,
    pub gauge_off: &'static str,
    /// After a gauge past its target (drawn full).
    pub over: &'static str,
    pub synthetic: &'static str,
    pub crumb: &'static str,
    pub separator: &'static str,
    pub spinner: [&'static str; 4],
    /// A list entry shown open (its items under it) and closed.
    pub open: &'static str,
    pub closed: &'static str,
}

const UNICODE: Glyphs = Glyphs {
    bar: "█",
    gauge_on: "▰",
    gauge_off: "▱",
    over: "▶",
    synthetic: "◇ ",
    crumb: " › ",
    separator: "│",
    spinner: ["⠋", "⠙", "⠸", "⠴"],
    open: "▾ ",
    closed: "▸ ",
};

const ASCII: Glyphs = Glyphs {
    bar: "#",
    gauge_on: "=",
    gauge_off: "-",
    over: ">",
    synthetic: "* ",
    crumb: " > ",
    separator: "|",
    spinner: ["|", "/", "-", "\\"],
    open: "- ",
    closed: "+ ",
};

/// Box lines in ASCII: `+`, `-` and `|`.
const ASCII_BORDER: ratatui::symbols::border::Set<'static> = ratatui::symbols::border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// Whether this terminal shows Unicode: a UTF-8 locale (LC_ALL, else LC_CTYPE, else LANG) and not the Linux
    /// console. With no locale set at all, UTF-8 is assumed.
    pub fn unicode_terminal() -> bool {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
        let utf8 = locale.is_none_or(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        });
        utf8 && std::env::var("TERM").map_or(true, |t| t != "linux")
    }

    pub fn glyphs(&self) -> &'static Glyphs {
        if self.ascii { &ASCII } else { &UNICODE }
    }

    /// A block with a border on every side, drawn in the terminal's lines.
    pub fn block<'a>(&self) -> ratatui::widgets::Block<'a> {
        self.block_with(ratatui::widgets::Borders::ALL)
    }

    pub fn block_with<'a>(
        &self,
        borders: ratatui::widgets::Borders,
    ) -> ratatui::widgets::Block<'a> {
        let block = ratatui::widgets::Block::default().borders(borders);
        if self.ascii {
            block.border_set(ASCII_BORDER)
        } else {
            block
        }
    }

    pub(crate) fn accent(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }
    pub(crate) fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }
    pub(crate) fn error(&self) -> Style {
        if self.color {
            Style::default().fg(Color::Red)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }
    /// A token of the console's SQL, by the kind DuckDB's lexer gave it.
    pub(crate) fn sql(&self, kind: crate::core::gate::TokenKind) -> Style {
        use crate::core::gate::TokenKind;
        let plain = Style::default();
        match (kind, self.color) {
            (TokenKind::Keyword, true) => plain.fg(Color::Blue).add_modifier(Modifier::BOLD),
            (TokenKind::Keyword, false) => plain.add_modifier(Modifier::BOLD),
            (TokenKind::Text, true) => plain.fg(Color::Green),
            (TokenKind::Number, true) => plain.fg(Color::Magenta),
            (TokenKind::Comment, _) => self.dim(),
            (TokenKind::Error, true) => plain.fg(Color::Red),
            _ => plain,
        }
    }
    pub(crate) fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    /// Text that matches what was searched for (`/`): marked without colour too.
    pub(crate) fn found(&self) -> Style {
        let marked = Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        if self.color {
            marked.fg(Color::Black).bg(Color::Yellow)
        } else {
            marked
        }
    }
    pub(crate) fn bar(&self) -> Style {
        if self.color {
            Style::default().fg(Color::Green)
        } else {
            Style::default()
        }
    }
}
