//! Rendering: a pure function of the app state. Every cell is escaped and measured in terminal columns; work is
//! proportional to what is on screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::core::cells::{display_width, escape_control, fixed, pad_to_width, truncate_to_width};
use crate::core::export::Format;
use crate::tui::app::{App, Language, Layer, PANES, Pane, Tile};
use crate::tui::grid::{Filter, Grid, visible_columns};
use crate::tui::keymap::Context;

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠸", "⠴"];
const MAX_COLUMN_WIDTH: usize = 30;

pub struct Theme {
    pub color: bool,
}

impl Theme {
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
    fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
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
    if area.width < 20 || area.height < 6 {
        frame.render_widget(Paragraph::new("qlake: window too small"), area);
        return;
    }
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .split(area);
    render_tabs(app, theme, frame, rows[0]);
    render_title(app, theme, frame, rows[1]);
    match app.pane {
        Pane::Dashboard => render_dashboard(app, theme, frame, rows[2]),
        Pane::Explore => {
            if let Some(level) = app.explore.last() {
                render_grid(app, theme, frame, rows[2], &level.grid);
            }
        }
        Pane::Ratings => render_ratings(app, theme, frame, rows[2]),
        Pane::Queries => render_queries(app, theme, frame, rows[2]),
        Pane::Console => render_console(app, theme, frame, rows[2]),
        Pane::Coverage => {
            render_chart_pane(app, theme, frame, rows[2], &app.coverage, Chart::Coverage)
        }
        Pane::Funding => {
            render_chart_pane(app, theme, frame, rows[2], &app.funding, Chart::Funding)
        }
    }
    render_status(app, theme, frame, rows[3]);
    if let Some(layer) = app.layers.last() {
        render_layer(app, theme, frame, area, layer);
    }
}

fn render_tabs(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    // The name goes first when 80 columns must hold all seven tabs.
    let mut spans = if area.width >= 90 {
        vec![Span::styled(" qlake ", theme.accent())]
    } else {
        Vec::new()
    };
    for (i, pane) in PANES.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, pane.title());
        spans.push(if *pane == app.pane {
            Span::styled(label, theme.selected())
        } else {
            Span::raw(label)
        });
    }
    spans.push(Span::styled(
        if app.language == Language::Chinese {
            "  中文"
        } else {
            "  EN"
        },
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_title(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let text = match app.pane {
        Pane::Dashboard => {
            "Overview · Enter: open a province · Tab: next pane · ?: keys".to_string()
        }
        Pane::Explore => app
            .explore
            .iter()
            .map(|l| l.crumb.clone())
            .collect::<Vec<_>>()
            .join(" › "),
        Pane::Ratings => {
            let filters = set_params(&app.ratings);
            format!(
                "Project ratings{} · :year N  :province CODE  :rating R",
                if filters.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", filters.join(", "))
                }
            )
        }
        Pane::Queries => match (&app.queries.result, &app.queries.form) {
            (Some(g), _) => format!("Saved queries › {}", g.query.label),
            (None, Some(f)) => format!("Saved queries › {} (parameters)", f.query),
            _ => "Saved queries · Enter: run".to_string(),
        },
        Pane::Coverage | Pane::Funding => {
            let grid = if app.pane == Pane::Coverage {
                &app.coverage
            } else {
                &app.funding
            };
            let filters = set_params(grid);
            format!(
                "{} [{}] · :year N  :province CODE",
                grid.query.label,
                filters.join(", ")
            )
        }
        Pane::Console => {
            "SQL console · F5 or Ctrl+R: run · Ctrl+P/N: history · Ctrl+S: save as query"
                .to_string()
        }
    };
    let shown = truncate_to_width(&escape_control(&text), area.width as usize).into_owned();
    frame.render_widget(Paragraph::new(Span::styled(shown, theme.accent())), area);
}

/// The parameters a pane's saved query runs with, as `name=value` (unset ones left out).
fn set_params(grid: &Grid) -> Vec<String> {
    grid.query
        .params
        .iter()
        .filter(|(_, v)| *v != crate::core::engine::Value::Null)
        .map(|(n, v)| format!("{n}={}", v.as_text()))
        .collect()
}

fn render_status(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let mut parts = vec![format!("lake: {}", app.lake_label)];
    if let Some(g) = app.active_slot().and_then(|s| app.grid(s)) {
        let total = g.total.map_or("…".to_string(), |t| t.to_string());
        let shown = if g.total == Some(0) { 0 } else { g.cursor + 1 };
        parts.push(format!("row {shown}/{total}"));
        if let Some(ms) = g.elapsed_ms {
            parts.push(format!("{ms} ms"));
        }
        if let Some(f) = &g.filter {
            parts.push(match f {
                Filter::Equals { column, value } => {
                    format!("filter {column}={}", value.as_deref().unwrap_or("NULL"))
                }
                Filter::Contains(t) => format!("filter /{t}"),
            });
        }
        if let Some((c, desc)) = &g.sort {
            parts.push(format!("sort {c} {}", if *desc { "↓" } else { "↑" }));
        }
    }
    if app.busy() {
        let done = app
            .progress
            .map(|p| format!(" {}%", fixed(p, 0)))
            .unwrap_or_default();
        parts.push(format!(
            "{} running{done} · Ctrl+C cancels",
            SPINNER[(app.ticks % 4) as usize]
        ));
    }

    if let Some(m) = &app.message {
        parts.push(m.clone());
    }
    let text =
        truncate_to_width(&escape_control(&parts.join(" │ ")), area.width as usize).into_owned();
    frame.render_widget(
        Paragraph::new(Span::styled(
            text,
            theme.dim().add_modifier(Modifier::REVERSED),
        )),
        area,
    );
}

/// Money in yuan as people here read it: 亿元 from 100 million, else 万元.
pub fn money(yuan: &str) -> String {
    let Ok(v) = yuan.parse::<f64>() else {
        return yuan.to_string();
    };
    if v == 0.0 {
        "–".to_string()
    } else if v.abs() >= 1e8 {
        format!("{}亿", fixed(v / 1e8, 2))
    } else if v.abs() >= 1e4 {
        format!("{}万", fixed(v / 1e4, 0))
    } else {
        format!("{}元", fixed(v, 0))
    }
}

fn tile_block<'a>(tile: &'a Tile, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(tile.title.clone(), theme.accent()))
}

fn tile_state(tile: &Tile, theme: &Theme, frame: &mut Frame<'_>, inner: Rect) -> bool {
    if let Some(e) = &tile.error {
        frame.render_widget(
            Paragraph::new(error_lines(e))
                .style(theme.error())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return false;
    }
    if !tile.loaded {
        frame.render_widget(Paragraph::new("loading…").style(theme.dim()), inner);
        return false;
    }
    true
}

fn render_dashboard(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let kpi_height = rows_plus(app.tiles.first().map_or(0, |t| t.rows.len()), 3)
        .clamp(5, area.height.saturating_sub(6).max(5));
    let parts = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Length(kpi_height), Constraint::Min(4)])
        .split(area);
    if let Some(kpis) = app.tiles.first() {
        let block = tile_block(kpis, theme);
        let inner = block.inner(parts[0]);
        frame.render_widget(block, parts[0]);
        if tile_state(kpis, theme, frame, inner) {
            let name = app.name_column();
            let width = inner.width as usize;
            let name_w = width.saturating_sub(42).clamp(8, 24);
            let header = format!(
                "{} {} {} {} {}",
                pad_to_width("province", name_w, false),
                pad_to_width("projects", 8, true),
                pad_to_width("enterprises", 11, true),
                pad_to_width("funding", 9, true),
                pad_to_width("excellent", 9, true)
            );
            let mut lines = vec![Line::styled(
                truncate_to_width(&header, width).into_owned(),
                theme.dim(),
            )];
            for (i, row) in kpis.rows.iter().enumerate() {
                let cell = |c: &str| kpis.value(row, c).unwrap_or_default();
                let pct = cell("excellent_pct");
                let text = format!(
                    "{} {} {} {} {}",
                    pad_to_width(&escape_control(&cell(name)), name_w, false),
                    pad_to_width(&cell("projects"), 8, true),
                    pad_to_width(&cell("enterprises"), 11, true),
                    pad_to_width(&money(&cell("funding_yuan")), 9, true),
                    pad_to_width(
                        &if pct.is_empty() {
                            "–".to_string()
                        } else {
                            format!("{pct}%")
                        },
                        9,
                        true
                    )
                );
                let style = if i == app.card {
                    theme.selected()
                } else {
                    Style::default()
                };
                lines.push(Line::styled(
                    truncate_to_width(&text, width).into_owned(),
                    style,
                ));
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
    let bottom = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([
            Constraint::Percentage(36),
            Constraint::Percentage(30),
            Constraint::Percentage(34),
        ])
        .split(parts[1]);
    if let Some(t) = app.tiles.get(1) {
        render_bars(
            app,
            theme,
            frame,
            bottom[0],
            t,
            &[app.name_column(), "province_code"],
            "amount_yuan",
            true,
        );
    }
    if let Some(t) = app.tiles.get(2) {
        let label = if app.language == Language::Chinese {
            "rating_zh"
        } else {
            "rating"
        };
        render_bars(app, theme, frame, bottom[1], t, &[label], "projects", false);
    }
    if let Some(t) = app.tiles.get(3) {
        render_gauges(theme, frame, bottom[2], t);
    }
}

#[allow(clippy::too_many_arguments)]
fn render_bars(
    app: &App,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    tile: &Tile,
    labels: &[&str],
    value: &str,
    is_money: bool,
) {
    let _ = app;
    let block = tile_block(tile, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !tile_state(tile, theme, frame, inner) {
        return;
    }
    let values: Vec<(String, f64, String)> = tile
        .rows
        .iter()
        .map(|r| {
            let label = labels
                .iter()
                .find_map(|c| tile.value(r, c))
                .unwrap_or_default();
            let raw = tile.value(r, value).unwrap_or_default();
            let shown = if is_money { money(&raw) } else { raw.clone() };
            (label, raw.parse().unwrap_or(0.0), shown)
        })
        .collect();
    let max = values.iter().map(|v| v.1).fold(0.0_f64, f64::max).max(1.0);
    let width = inner.width as usize;
    let label_w = values
        .iter()
        .map(|v| display_width(&v.0))
        .max()
        .unwrap_or(4)
        .min(width / 2)
        .max(2);
    let value_w = values
        .iter()
        .map(|v| display_width(&v.2))
        .max()
        .unwrap_or(1);
    let bar_w = width.saturating_sub(label_w + value_w + 2);
    let lines: Vec<Line<'_>> = values
        .iter()
        .take(inner.height as usize)
        .map(|(label, v, shown)| {
            let filled = ((v / max) * bar_w as f64).round() as usize;
            Line::from(vec![
                Span::raw(pad_to_width(&escape_control(label), label_w, false)),
                Span::raw(" "),
                Span::styled("█".repeat(filled), theme.bar()),
                Span::raw(" ".repeat(bar_w.saturating_sub(filled) + 1)),
                Span::raw(pad_to_width(shown, value_w, true)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_gauges(theme: &Theme, frame: &mut Frame<'_>, area: Rect, tile: &Tile) {
    let block = tile_block(tile, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !tile_state(tile, theme, frame, inner) {
        return;
    }
    let width = inner.width as usize;
    let lines: Vec<Line<'_>> = tile
        .rows
        .iter()
        .take(inner.height as usize)
        .map(|r| {
            let cell = |c: &str| tile.value(r, c).unwrap_or_default();
            let pct: f64 = cell("reached_pct").parse().unwrap_or(0.0);
            // Lake text: shown escaped, never dropped or passed to the terminal.
            let label = escape_control(&format!(
                "{} {} {}",
                cell("province_code").trim_start_matches("CN-"),
                cell("year"),
                cell("tier")
            ))
            .into_owned();
            let full = escape_control(&format!(
                "{}/{} {}%",
                cell("actual"),
                cell("target"),
                fixed(pct, 0)
            ))
            .into_owned();
            // Narrow screens keep the bar and the share; the counts come back when there is room.
            let text = if display_width(&label) + display_width(&full) + 8 <= width {
                full
            } else {
                format!("{}%", fixed(pct, 0))
            };
            let bar_w = width.saturating_sub(display_width(&label) + display_width(&text) + 2);
            let filled = ((pct.min(100.0) / 100.0) * bar_w as f64).round() as usize;
            Line::from(vec![
                Span::raw(label),
                Span::raw(" "),
                Span::styled("▰".repeat(filled), theme.bar()),
                Span::styled("▱".repeat(bar_w.saturating_sub(filled)), theme.dim()),
                Span::raw(" "),
                Span::raw(text),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

enum Chart {
    Coverage,
    Funding,
}

/// A pane with its grid on the left and a bar chart of the loaded rows on the right (below it when narrow).
fn render_chart_pane(
    app: &App,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    grid: &Grid,
    chart: Chart,
) {
    let wide = area.width >= 100;
    let parts = Layout::default()
        .direction(if wide {
            Direction::Horizontal
        } else {
            Direction::Vertical
        })
        .constraints([
            Constraint::Percentage(if wide { 58 } else { 55 }),
            Constraint::Min(4),
        ])
        .split(area);
    render_grid(app, theme, frame, parts[0], grid);
    let zh = app.language == Language::Chinese;
    let cell = |row: &[String], column: &str| -> String {
        grid.columns
            .iter()
            .position(|c| c == column)
            .and_then(|i| row.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let rows: Vec<&Vec<String>> = grid
        .pages
        .get(&0)
        .map(|p| p.rows.iter().collect())
        .unwrap_or_default();
    let mut tile = Tile {
        loaded: true,
        columns: vec!["label".into(), "value".into()],
        ..Tile::default()
    };
    match chart {
        Chart::Coverage => {
            tile.title = "万 targets by city".into();
            for r in rows.iter().filter(|r| cell(r, "tier") == "万") {
                let reached = cell(r, "reached_pct");
                let city = cell(r, if zh { "city_zh" } else { "city_en" });
                let label = if reached.is_empty() {
                    city
                } else {
                    format!("{city} reached {}%", trim_decimal_zeros(&reached))
                };
                tile.rows.push(vec![label, cell(r, "target")]);
            }
        }
        Chart::Funding => {
            tile.title = "money by source".into();
            for r in &rows {
                let year = cell(r, "year");
                let year = if year.is_empty() {
                    "累计".to_string()
                } else {
                    year
                };
                let label = format!(
                    "{} {year} {}",
                    cell(r, "province_code").trim_start_matches("CN-"),
                    cell(r, "source")
                );
                tile.rows.push(vec![label, cell(r, "amount_yuan")]);
            }
        }
    }
    render_bars(
        app,
        theme,
        frame,
        parts[1],
        &tile,
        &["label"],
        "value",
        matches!(chart, Chart::Funding),
    );
}

fn render_ratings(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let parts = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Min(2), Constraint::Length(3)])
        .split(area);
    render_grid(app, theme, frame, parts[0], &app.ratings);
    let text = match &app.scores {
        Some((project, rows)) if !rows.is_empty() => {
            let zh = app.language == Language::Chinese;
            let items: Vec<String> = rows
                .iter()
                .map(|r| {
                    format!(
                        "{} {}/{}",
                        if zh { &r[0] } else { &r[1] },
                        r.get(2).cloned().unwrap_or_default(),
                        r.get(3).cloned().unwrap_or_default()
                    )
                })
                .collect();
            format!(
                "scores of {project} (synthetic detail): {}",
                items.join(" · ")
            )
        }
        Some((project, _)) => format!("{project}: no per-aspect scores"),
        None => String::new(),
    };
    frame.render_widget(
        Paragraph::new(escape_control(&text).into_owned())
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::TOP)),
        parts[1],
    );
}

fn render_queries(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    if let Some(grid) = &app.queries.result {
        render_grid(app, theme, frame, area, grid);
        return;
    }
    let width = area.width as usize;
    if let Some(form) = &app.queries.form {
        let Some(query) = app.library.queries.get(&form.query) else {
            return;
        };
        let mut lines = vec![
            Line::styled(escape_control(&query.description).into_owned(), theme.dim()),
            Line::raw(""),
        ];
        for (i, (param, value)) in query.params.iter().zip(&form.values).enumerate() {
            let need = if param.required && param.default.is_none() {
                " *"
            } else {
                ""
            };
            let text = format!("{:>16}{need}: {}", param.name, escape_control(value));
            let style = if i == form.focus {
                theme.selected()
            } else {
                Style::default()
            };
            lines.push(Line::styled(
                truncate_to_width(&text, width).into_owned(),
                style,
            ));
            lines.push(Line::styled(
                truncate_to_width(
                    &escape_control(&format!(
                        "{:>18}{} — {}",
                        "",
                        param.kind.describe(),
                        param.description
                    )),
                    width,
                )
                .into_owned(),
                theme.dim(),
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Tab/↓ next field · Enter run · Esc back",
            theme.dim(),
        ));
        if let Some(e) = &form.error {
            lines.push(Line::styled(escape_control(e).into_owned(), theme.error()));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    }
    let height = area.height.saturating_sub(3) as usize;
    let start = app.queries.cursor.saturating_sub(height.saturating_sub(1));
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (i, q) in app
        .library
        .queries
        .values()
        .enumerate()
        .skip(start)
        .take(height)
    {
        let text = format!("{:<24} {}", q.name, q.title);
        let style = if i == app.queries.cursor {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(
            truncate_to_width(&escape_control(&text), width).into_owned(),
            style,
        ));
    }
    if let Some(q) = app.library.queries.values().nth(app.queries.cursor) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            truncate_to_width(&escape_control(&q.description), width * 2).into_owned(),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn render_console(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let editor_h = app.console_height() as u16;
    let parts = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Length(editor_h), Constraint::Min(1)])
        .split(area);
    let focused = !app.console.focus_grid;
    let block =
        Block::default()
            .borders(Borders::ALL)
            .title(if focused { "SQL (editing)" } else { "SQL" });
    let inner = block.inner(parts[0]);
    frame.render_widget(block, parts[0]);
    let lines: Vec<Line<'_>> = app
        .console
        .lines
        .iter()
        .enumerate()
        .map(|(r, line)| {
            let text = escape_control(line).into_owned();
            if focused && r == app.console.row {
                let chars: Vec<char> = line.chars().collect();
                let before: String = chars[..app.console.col.min(chars.len())].iter().collect();
                let at = chars
                    .get(app.console.col)
                    .map_or(" ".to_string(), |c| c.to_string());
                let after: String = chars
                    .get(app.console.col + 1..)
                    .map(|c| c.iter().collect())
                    .unwrap_or_default();
                Line::from(vec![
                    Span::raw(escape_control(&before).into_owned()),
                    Span::styled(escape_control(&at).into_owned(), theme.selected()),
                    Span::raw(escape_control(&after).into_owned()),
                ])
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(e) = &app.console.error {
        frame.render_widget(
            Paragraph::new(error_lines(e))
                .style(theme.error())
                .wrap(Wrap { trim: false }),
            parts[1],
        );
    } else if let Some(grid) = &app.console.grid {
        render_grid(app, theme, frame, parts[1], grid);
    }
}

/// The result grid: column 0 frozen, columns from `left` after it, the cursor row reversed, synthetic rows marked
/// with ◇ in the gutter.
pub fn render_grid(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect, grid: &Grid) {
    if let Some(e) = &grid.error {
        frame.render_widget(
            Paragraph::new(error_lines(e))
                .style(theme.error())
                .wrap(Wrap { trim: false }),
            area,
        );
        return;
    }
    if grid.columns.is_empty() {
        let text = if grid.total == Some(0) {
            "no rows"
        } else {
            "loading…"
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim()), area);
        return;
    }
    let visible = visible_columns(&grid.columns, app.language == Language::Chinese);
    let height = area.height.saturating_sub(1) as u64;
    let window: Vec<Option<&Vec<String>>> =
        (grid.top..grid.top + height).map(|i| grid.row(i)).collect();
    let width_of = |c: usize| -> usize {
        let header = display_width(&grid.columns[c]);
        let cells = window
            .iter()
            .flatten()
            .filter_map(|r| r.get(c))
            .map(|v| display_width(&escape_control(v)))
            .max()
            .unwrap_or(0);
        header.max(cells).clamp(3, MAX_COLUMN_WIDTH)
    };
    let synthetic = grid.columns.iter().position(|c| c == "is_synthetic");
    let total_width = area.width as usize;
    let mut shown: Vec<(usize, usize)> = Vec::new();
    let mut used = 2;
    if let Some(&first) = visible.first() {
        let w = width_of(first);
        shown.push((first, w));
        used += w + 1;
    }
    let start = visible
        .iter()
        .position(|c| *c >= grid.left.max(1))
        .unwrap_or(visible.len());
    for &c in visible.iter().skip(start.max(1)) {
        let w = width_of(c);
        if used + w > total_width && shown.len() > 1 {
            break;
        }
        shown.push((c, w.min(total_width.saturating_sub(used))));
        used += w + 1;
    }
    let mut lines = Vec::with_capacity(window.len() + 1);
    let header: Vec<Span<'_>> = std::iter::once(Span::raw("  "))
        .chain(shown.iter().map(|(c, w)| {
            let name = pad_to_width(
                &escape_control(&grid.columns[*c]),
                *w,
                grid.numeric.get(*c).copied().unwrap_or(false),
            );
            let sort = grid
                .sort
                .as_ref()
                .is_some_and(|(s, _)| *s == grid.columns[*c]);
            let style = if *c == grid.column {
                theme.accent().add_modifier(Modifier::UNDERLINED)
            } else if sort {
                theme.accent()
            } else {
                theme.dim()
            };
            Span::styled(format!("{name} "), style)
        }))
        .collect();
    lines.push(Line::from(header));
    for (offset, row) in window.iter().enumerate() {
        let index = grid.top + offset as u64;
        if grid.total.is_some_and(|t| index >= t) {
            break;
        }
        let Some(row) = row else {
            lines.push(Line::styled("  …", theme.dim()));
            continue;
        };
        let marker = if synthetic
            .and_then(|s| row.get(s))
            .is_some_and(|v| v == "true")
        {
            "◇ "
        } else {
            "  "
        };
        let mut spans = vec![Span::styled(marker, theme.dim())];
        for (c, w) in &shown {
            let numeric = grid.numeric.get(*c).copied().unwrap_or(false);
            let raw = row.get(*c).map_or("", String::as_str);
            let raw = if numeric {
                trim_decimal_zeros(raw)
            } else {
                raw
            };
            let text = pad_to_width(&escape_control(raw), *w, numeric);
            let style = if index == grid.cursor && *c == grid.column {
                theme.selected().add_modifier(Modifier::BOLD)
            } else if index == grid.cursor {
                theme.selected()
            } else {
                Style::default()
            };
            spans.push(Span::styled(text, style));
            spans.push(Span::styled(
                " ",
                if index == grid.cursor {
                    theme.selected()
                } else {
                    Style::default()
                },
            ));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// An error as lines (DuckDB's messages put a caret under the failing column on a line of its own), each escaped.
fn error_lines(e: &str) -> Vec<Line<'static>> {
    format!("error: {e}")
        .lines()
        .map(|l| Line::raw(escape_control(l).into_owned()))
        .collect()
}

/// `93.0000` → `93`, `4.6200` → `4.62`: exact decimals read better without padding zeros.
fn trim_decimal_zeros(s: &str) -> &str {
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// A count of lines plus a frame, as screen rows: a cell of 65,532 lines must not overflow the arithmetic.
fn rows_plus(lines: usize, frame: u16) -> u16 {
    u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .saturating_add(frame)
}

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width
        .min(area.width.saturating_sub(2))
        .max(10)
        .min(area.width);
    let h = height
        .min(area.height.saturating_sub(2))
        .max(3)
        .min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn render_layer(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect, layer: &Layer) {
    match layer {
        Layer::Help => {
            let context = match app.pane {
                Pane::Console if !app.console.focus_grid => Context::Console,
                Pane::Queries if app.queries.form.is_some() => Context::Form,
                Pane::Dashboard => Context::Global,
                _ => Context::Grid,
            };
            let mut contexts = vec![Context::Global];
            if context != Context::Global {
                contexts.push(context);
            }
            let lines: Vec<Line<'_>> = app
                .keymap
                .listing(&contexts)
                .into_iter()
                .map(|(_, keys, action)| {
                    Line::raw(format!("{:>18}  {}", keys.join(" "), action.describe()))
                })
                .collect();
            let rect = popup(area, 72, rows_plus(lines.len(), 2));
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(lines).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(format!("Keys: {} (Esc closes)", app.pane.title())),
                ),
                rect,
            );
        }
        Layer::Detail { title, lines } => {
            let body: Vec<Line<'_>> = lines
                .iter()
                .map(|l| Line::raw(escape_control(l).into_owned()))
                .collect();
            let rect = popup(area, 76, rows_plus(body.len(), 4));
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(body).wrap(Wrap { trim: false }).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(escape_control(title).into_owned()),
                ),
                rect,
            );
        }
        Layer::WhereFrom {
            quote,
            synthetic,
            source_id,
            document,
        } => {
            let mut body = vec![Line::styled(format!("source: {source_id}"), theme.accent())];
            match document {
                Some(lines) => body.extend(
                    lines
                        .iter()
                        .map(|l| Line::raw(escape_control(l).into_owned())),
                ),
                None => body.push(Line::styled("loading the document…", theme.dim())),
            }
            if *synthetic {
                body.push(Line::styled(
                    "SYNTHETIC row: detail made to fill the published total quoted below",
                    theme.error(),
                ));
            }
            body.push(Line::raw(""));
            body.extend(
                quote
                    .split('\n')
                    .map(|l| Line::raw(format!("“{}", escape_control(l.trim())))),
            );
            let rect = popup(area, 78, 16);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(body).wrap(Wrap { trim: false }).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title("Where from (Esc closes)"),
                ),
                rect,
            );
        }
        Layer::CommandLine(text) | Layer::Search(text) | Layer::SaveAs(text) => {
            let prompt = match layer {
                Layer::CommandLine(_) => ":",
                Layer::Search(_) => "/",
                _ => "save as query named: ",
            };
            let rect = Rect {
                x: area.x,
                y: area.y + area.height - 1,
                width: area.width,
                height: 1,
            };
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(format!("{prompt}{}█", escape_control(text))),
                rect,
            );
        }
        Layer::Export(dialog) => {
            let formats: Vec<Span<'_>> = Format::ALL
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    if i == dialog.format {
                        Span::styled(format!(" {} ", f.name()), theme.selected())
                    } else {
                        Span::raw(format!(" {} ", f.name()))
                    }
                })
                .collect();
            let rows = app
                .grid(dialog.slot)
                .and_then(|g| g.total)
                .map_or("all".to_string(), |t| t.to_string());
            let body = vec![
                Line::raw(format!(
                    "Export {rows} rows (with the view's filter and sort)"
                )),
                Line::from(formats),
                Line::raw(format!("file: {}█", escape_control(&dialog.path))),
                Line::styled(
                    "Tab: format · type the file name · Enter: export · Esc: cancel",
                    theme.dim(),
                ),
            ];
            let rect = popup(area, 76, 6);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(body)
                    .wrap(Wrap { trim: false })
                    .block(Block::default().borders(Borders::ALL).title("Export")),
                rect,
            );
        }
        Layer::Frequency { grid, .. } => {
            let rect = popup(area, 60, area.height.saturating_sub(4));
            frame.render_widget(Clear, rect);
            let block = Block::default().borders(Borders::ALL).title(format!(
                "{} (Enter: open rows, Esc: close)",
                grid.query.label
            ));
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            render_grid(app, theme, frame, inner, grid);
        }
    }
}
