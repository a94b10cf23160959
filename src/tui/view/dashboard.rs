//! The overview: the provinces' figures and three charts, each a tile over a saved query.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::core::cells::{display_width, escape_control, fixed, pad_to_width, truncate_to_width};
use crate::tui::app::{App, Language, Tile};
use crate::tui::view::{Theme, error_lines, list_line, rows_plus};

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

pub(super) fn render_dashboard(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let kpi_height =
        rows_plus(app.dashboard.provinces(), 3).clamp(5, area.height.saturating_sub(6).max(5));
    let [top, charts] =
        Layout::vertical([Constraint::Length(kpi_height), Constraint::Min(4)]).areas(area);
    if let Some(kpis) = app.dashboard.tiles.first() {
        let block = tile_block(kpis, theme);
        let inner = block.inner(top);
        frame.render_widget(block, top);
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
            for (i, row) in kpis.table.rows.iter().enumerate() {
                let cell = |c: &str| kpis.table.value(row, c);
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
                lines.push(list_line(theme, &text, width, i == app.dashboard.card));
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
    let [funding, ratings, coverage] = Layout::horizontal([
        Constraint::Percentage(36),
        Constraint::Percentage(30),
        Constraint::Percentage(34),
    ])
    .areas(charts);
    if let Some(t) = app.dashboard.tiles.get(1) {
        render_bars(
            theme,
            frame,
            funding,
            t,
            &[app.name_column(), "province_code"],
            "amount_yuan",
            true,
        );
    }
    if let Some(t) = app.dashboard.tiles.get(2) {
        let label = if app.language == Language::Chinese {
            "rating_zh"
        } else {
            "rating"
        };
        render_bars(theme, frame, ratings, t, &[label], "projects", false);
    }
    if let Some(t) = app.dashboard.tiles.get(3) {
        render_gauges(theme, frame, coverage, t);
    }
}

pub(super) fn render_bars(
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    tile: &Tile,
    labels: &[&str],
    value: &str,
    is_money: bool,
) {
    let block = tile_block(tile, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !tile_state(tile, theme, frame, inner) {
        return;
    }
    // The first of the label columns the result has.
    let label_column = labels
        .iter()
        .find(|c| tile.table.columns.iter().any(|x| x == *c));
    let values: Vec<(String, f64, String)> = tile
        .table
        .rows
        .iter()
        .map(|r| {
            let label = label_column
                .map(|c| tile.table.value(r, c))
                .unwrap_or_default();
            let raw = tile.table.value(r, value);
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
        .table
        .rows
        .iter()
        .take(inner.height as usize)
        .map(|r| {
            let cell = |c: &str| tile.table.value(r, c);
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
