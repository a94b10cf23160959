//! The SQL console: its editor, coloured by DuckDB's own lexer, the result or error under it, and the lake's tables
//! and columns beside it when there is room.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::cells::{escape_control, truncate_to_width};
use crate::core::gate::{self, Token};
use crate::tui::app::App;
use crate::tui::layout::Screen;
use crate::tui::view::{Theme, error_lines, render_grid};

pub(crate) fn console_heading(app: &App, _: &Theme) -> String {
    format!("SQL console · {}", app.pane.spec().hint)
}

pub(crate) fn render_console(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
    let (Some(editor), Some(results)) = (screen.editor, screen.grid) else {
        return;
    };
    let focused = !app.console.focus_grid;
    let block = theme
        .block()
        .title(if focused { "SQL (editing)" } else { "SQL" });
    let inner = block.inner(editor);
    frame.render_widget(block, editor);
    // DuckDB's lexer reads the statement once a frame, for the colours and for the tables it names.
    let text = app.console.text();
    let tokens = gate::tokens(&text);
    frame.render_widget(
        Paragraph::new(editor_lines(app, theme, focused, &tokens)),
        inner,
    );
    if let Some(e) = &app.console.error {
        frame.render_widget(
            Paragraph::new(error_lines(e))
                .style(theme.error())
                .wrap(Wrap { trim: false }),
            results,
        );
    } else if let Some(grid) = &app.console.grid {
        render_grid(app, theme, frame, results, grid);
    }
    if let Some(list) = screen.side {
        render_catalog(
            app,
            theme,
            frame,
            list,
            &app.catalog.named_in(&text, &tokens),
        );
    }
}

/// The editor's lines, each stretch styled by the kind of token DuckDB's lexer reads there, and the cursor shown
/// when the editor has the focus.
fn editor_lines(app: &App, theme: &Theme, focused: bool, tokens: &[Token]) -> Vec<Line<'static>> {
    let (row, col) = app.console.cursor();
    let mut next_token = 0;
    let mut line_start = 0;
    let mut lines = Vec::new();
    for (r, line) in app.console.lines().iter().enumerate() {
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut run = String::new();
        let mut run_style = Style::default();
        let flush = |spans: &mut Vec<Span<'static>>, run: &mut String, style: Style| {
            if !run.is_empty() {
                spans.push(Span::styled(escape_control(run).into_owned(), style));
                run.clear();
            }
        };
        for (i, (byte, c)) in line.char_indices().enumerate() {
            let at = line_start + byte;
            while tokens.get(next_token).is_some_and(|t| t.end <= at) {
                next_token += 1;
            }
            let style = if focused && r == row && i == col {
                theme.selected()
            } else {
                tokens
                    .get(next_token)
                    .filter(|t| t.start <= at)
                    .map_or(Style::default(), |t| theme.sql(t.kind))
            };
            if style != run_style {
                flush(&mut spans, &mut run, run_style);
                run_style = style;
            }
            run.push(c);
        }
        flush(&mut spans, &mut run, run_style);
        if focused && r == row && col >= line.chars().count() {
            spans.push(Span::styled(" ", theme.selected()));
        }
        lines.push(Line::from(spans));
        line_start += line.len() + 1;
    }
    lines
}

/// The lake's tables; those the statement names are open, with their columns and types.
fn render_catalog(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect, named: &[&str]) {
    let block = theme.block().title("Tables · Tab completes");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let catalog = &app.catalog;
    let width = inner.width as usize;
    let fit = |text: String| truncate_to_width(&escape_control(&text), width).into_owned();
    let lines: Vec<Line<'static>> = if let Some(e) = &catalog.error {
        error_lines(e)
    } else if !catalog.loaded {
        vec![Line::styled("reading the lake…", theme.dim())]
    } else {
        let glyphs = theme.glyphs();
        let mut lines = Vec::new();
        for table in &catalog.tables {
            let open = named.contains(&table.name.as_str());
            lines.push(Line::from(vec![
                Span::styled(
                    fit(format!(
                        "{}{}",
                        if open { glyphs.open } else { glyphs.closed },
                        table.name
                    )),
                    if open {
                        theme.accent()
                    } else {
                        Style::default()
                    },
                ),
                Span::styled(format!(" {}", table.columns.len()), theme.dim()),
            ]));
            if open {
                for (column, kind) in &table.columns {
                    lines.push(Line::from(vec![
                        Span::raw(fit(format!("  {column}"))),
                        Span::styled(format!(" {}", kind.to_lowercase()), theme.dim()),
                    ]));
                }
            }
        }
        lines
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
