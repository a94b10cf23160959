//! Rendering: a pure function of the app state, drawn into the rectangles of the one layout (`layout.rs`). Every
//! cell is escaped and measured in terminal columns; work is proportional to what is on screen. The pane's body is
//! drawn by its own module, then every layer bottom-up.

pub(crate) mod console;
pub(crate) mod dashboard;
mod grid;
mod layers;
pub(crate) mod panes;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::core::cells::{escape_control, fixed, truncate_to_width};
use crate::tr;
use crate::tui::app::{App, Language};
use crate::tui::grid::{Filter, Grid};
use crate::tui::layout;

pub use crate::core::cells::money;
pub use grid::render_grid;

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

    fn accent(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }
    fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }
    fn error(&self) -> Style {
        if self.color {
            Style::default().fg(Color::Red)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        }
    }
    /// A token of the console's SQL, by the kind DuckDB's lexer gave it.
    fn sql(&self, kind: crate::core::gate::TokenKind) -> Style {
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
    fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    /// Text that matches what was searched for (`/`): marked without colour too.
    fn found(&self) -> Style {
        let marked = Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        if self.color {
            marked.fg(Color::Black).bg(Color::Yellow)
        } else {
            marked
        }
    }
    fn bar(&self) -> Style {
        if self.color {
            Style::default().fg(Color::Green)
        } else {
            Style::default()
        }
    }
}

pub fn render(app: &App, theme: &Theme, frame: &mut Frame<'_>) {
    let area = frame.area();
    let Some(screen) = layout::screen(app, area) else {
        frame.render_widget(Paragraph::new(tr!(app.language, "view-too-small")), area);
        return;
    };
    render_tabs(app, theme, frame, screen.tabs);
    render_title(app, theme, frame, screen.title);
    (app.pane.spec().body)(app, theme, frame, &screen);
    render_status(app, theme, frame, screen.status);
    for index in 0..app.layers.len() {
        layers::render_layer(app, theme, frame, area, &screen, index);
    }
}

/// The pane itself, each by its own module.
fn render_tabs(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    // The name goes first unless 80 columns must hold all seven tabs (layout::tabs, which clicks go through too).
    let (named, tabs) = layout::tabs(area.width, app.language);
    let mut spans = if named {
        vec![Span::styled(" qlake ", theme.accent())]
    } else {
        Vec::new()
    };
    for (pane, label, _) in tabs {
        spans.push(if pane == app.pane {
            Span::styled(label, theme.selected())
        } else {
            Span::raw(label)
        });
    }
    spans.push(Span::styled(
        tr!(app.language, "view-language-mark"),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_title(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let text = (app.pane.spec().heading)(app, theme);
    let shown = truncate_to_width(&escape_control(&text), area.width as usize).into_owned();
    frame.render_widget(Paragraph::new(Span::styled(shown, theme.accent())), area);
}

/// The parameters a pane's saved query runs with, as `name=value` (unset ones left out).
pub(super) fn set_params(grid: &Grid) -> Vec<String> {
    grid.query
        .params
        .iter()
        .filter(|(n, v)| {
            *v != crate::core::engine::Value::Null && !crate::core::queries::is_companion(n)
        })
        .map(|(n, v)| format!("{n}={}", v.as_text()))
        .collect()
}

fn render_status(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    // A message gets the room: the lake is then named by its folder alone (an engine by its address, already short).
    let embedded = app.library.engine() == crate::core::queries::DUCKDB;
    let lake = match &app.message {
        Some(_) if embedded => std::path::Path::new(&app.lake_label)
            .file_name()
            .map_or(app.lake_label.clone(), |n| n.to_string_lossy().into_owned()),
        _ => app.lake_label.clone(),
    };
    let lang = app.language;
    let mut parts = vec![if embedded {
        tr!(lang, "status-lake", lake = lake)
    } else {
        tr!(lang, "status-engine", engine = lake)
    }];
    if let Some(g) = app.active_slot().and_then(|s| app.grid(s)) {
        let total = g.total.map_or("…".to_string(), |t| t.to_string());
        let shown = if g.total == Some(0) { 0 } else { g.cursor + 1 };
        parts.push(tr!(lang, "status-row", row = shown, total = total));
        if let Some(ms) = g.elapsed_ms {
            parts.push(tr!(lang, "status-ms", ms = ms));
        }
        if let Some(f) = &g.filter {
            parts.push(match f {
                Filter::Equals { column, value } => {
                    tr!(
                        lang,
                        "status-filter-equals",
                        column = column.as_str(),
                        value = value.as_deref().unwrap_or("NULL")
                    )
                }
                Filter::Contains(t) => tr!(lang, "status-filter-contains", text = t.as_str()),
            });
        }
        if !g.sort.is_empty() {
            let keys: Vec<String> = g
                .sort
                .iter()
                .map(|(c, desc)| format!("{c} {}", if *desc { "↓" } else { "↑" }))
                .collect();
            parts.push(tr!(lang, "status-sort", keys = keys.join(", ")));
        }
        if !g.hidden.is_empty() {
            parts.push(tr!(lang, "status-hidden", count = g.hidden.len()));
        }
    }
    if app.busy() {
        let done = app
            .progress
            .map(|p| format!(" {}%", fixed(p, 0)))
            .unwrap_or_default();
        parts.push(tr!(
            lang,
            "status-running",
            spinner = theme.glyphs().spinner[(app.ticks % 4) as usize],
            done = done
        ));
    }

    if let Some(m) = &app.message {
        parts.push(m.clone());
    }
    let text = truncate_to_width(
        &escape_control(&parts.join(&format!(" {} ", theme.glyphs().separator))),
        area.width as usize,
    )
    .into_owned();
    frame.render_widget(
        Paragraph::new(Span::styled(
            text,
            theme.dim().add_modifier(Modifier::REVERSED),
        )),
        area,
    );
}

/// One line of a list, cut to `width`, reversed when it is the selected one.
/// Clear `area` for a popup. A wide character just left of it is blanked too: its second half lies under the popup's
/// border, and a terminal drawing it would cover the border (ratatui sends no cell that a wide character hides).
pub(crate) fn clear(frame: &mut Frame<'_>, area: Rect) {
    frame.render_widget(ratatui::widgets::Clear, area);
    let Some(x) = area.x.checked_sub(1) else {
        return;
    };
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buffer.cell_mut((x, y))
            && crate::core::cells::display_width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

fn list_line(theme: &Theme, text: &str, width: usize, selected: bool) -> Line<'static> {
    let style = if selected {
        theme.selected()
    } else {
        Style::default()
    };
    Line::styled(truncate_to_width(text, width).into_owned(), style)
}

/// An error as lines (DuckDB's messages put a caret under the failing column on a line of its own), each escaped.
fn error_lines(lang: Language, e: &str) -> Vec<Line<'static>> {
    tr!(lang, "view-error", error = e)
        .lines()
        .map(|l| Line::raw(escape_control(l).into_owned()))
        .collect()
}

/// A count of lines plus a frame, as screen rows: a cell of 65,532 lines must not overflow the arithmetic.
fn rows_plus(lines: usize, frame: u16) -> u16 {
    u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .saturating_add(frame)
}
