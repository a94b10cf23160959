//! Rendering: a pure function of the app state, drawn into the rectangles of the one layout (`layout.rs`). Every
//! cell is escaped and measured in terminal columns; work is proportional to what is on screen. The pane's body is
//! drawn by its own module, then every layer bottom-up.

pub(crate) mod charts;
mod grid;
mod layers;
pub(crate) mod panes;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::core::cells::{escape_control, fixed, truncate_to_width};
use crate::tr;
use crate::tui::app::layout;
use crate::tui::app::{App, Language};
use crate::tui::grid::{Filter, Grid};

pub use crate::tui::theme::{Glyphs, Theme};

pub use crate::core::cells::money;
pub use grid::render_grid;

pub fn render(app: &App, theme: &Theme, frame: &mut Frame<'_>) {
    let area = frame.area();
    let Some(screen) = layout::screen(app, area) else {
        frame.render_widget(Paragraph::new(tr!(app.language, "view-too-small")), area);
        return;
    };
    render_tabs(app, theme, frame, screen.tabs);
    render_title(app, theme, frame, screen.title);
    app.pane_spec().component.body(app, theme, frame, &screen);
    render_status(app, theme, frame, screen.status);
    for index in 0..app.layers.len() {
        layers::render_layer(app, theme, frame, area, &screen, index);
    }
}

/// The tabs, the current one marked (`layout::tabs`, which clicks go through too).
fn render_tabs(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    // The name goes first unless 80 columns must hold all seven tabs (layout::tabs, which clicks go through too).
    let (named, tabs) = layout::tabs(app.panes(), area.width, app.language);
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
    let text = app.pane_spec().component.heading(app, theme);
    let shown = truncate_to_width(&escape_control(&text), area.width as usize).into_owned();
    frame.render_widget(Paragraph::new(Span::styled(shown, theme.accent())), area);
}

/// The parameters a pane's saved query runs with, as `name=value` (unset ones left out).
pub(super) fn set_params(grid: &Grid) -> Vec<String> {
    grid.query
        .params
        .iter()
        .filter(|(n, v)| {
            *v != crate::core::sql::Value::Null && !crate::core::queries::is_companion(n)
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

pub(crate) fn list_line(theme: &Theme, text: &str, width: usize, selected: bool) -> Line<'static> {
    let style = if selected {
        theme.selected()
    } else {
        Style::default()
    };
    Line::styled(truncate_to_width(text, width).into_owned(), style)
}

/// An error as lines (DuckDB's messages put a caret under the failing column on a line of its own), each escaped.
pub(crate) fn error_lines(lang: Language, e: &str) -> Vec<Line<'static>> {
    tr!(lang, "view-error", error = e)
        .lines()
        .map(|l| Line::raw(escape_control(l).into_owned()))
        .collect()
}

/// A count of lines plus a frame, as screen rows: a cell of 65,532 lines must not overflow the arithmetic.
pub(crate) fn rows_plus(lines: usize, frame: u16) -> u16 {
    u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .saturating_add(frame)
}
