//! The SQL console: its editor, coloured by DuckDB's own lexer, the result or error under it, and the lake's tables
//! and columns beside it when there is room.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::cells::{display_width, escape_control, truncate_to_width};
use crate::core::gate::{self, Token};
use crate::i18n::Lang;
use crate::tr;
use crate::tui::app::App;
use crate::tui::app::component::Component;
use crate::tui::app::layout::Screen;
use crate::tui::app::reading::{Tone, key_column};
use crate::tui::jobs::Slot;
use crate::tui::keymap::Context;
use crate::tui::view::{Theme, error_lines, render_grid};

pub struct Console;

impl Component for Console {
    fn heading(&self, app: &App, _: &Theme) -> String {
        tr!(
            app.language,
            "heading-console",
            hint = app.pane.hint(app.language)
        )
    }

    fn body(&self, app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
        render_console(app, theme, frame, screen);
    }

    fn slot(&self, app: &App) -> Option<Slot> {
        app.console.grid.as_ref().map(|_| Slot::Console)
    }

    fn editing(&self, app: &App) -> bool {
        app.console.editing
    }

    fn help_contexts(&self) -> &'static [Context] {
        &[Context::Console]
    }

    fn help(&self, _app: &App, lang: Lang) -> Vec<(Tone, String)> {
        let mut lines = vec![(Tone::Heading, tr!(lang, "help-sql-editor"))];
        for (keys, what) in crate::tui::app::console::EDITOR_KEYS {
            let what = crate::i18n::text(lang, what, &[]);
            lines.push((Tone::Plain, format!("{}  {what}", key_column(keys))));
        }
        lines
    }

    /// Going to the console is going there to write SQL.
    fn entered(&self, app: &mut App) {
        app.console.editing = true;
    }

    /// The console's rows open nothing: Enter goes back to the SQL.
    fn open(&self, app: &mut App) {
        app.console.editing = true;
    }

    fn schedule(&self, app: &mut App) {
        app.schedule_catalog();
    }

    fn click(&self, app: &mut App, screen: &Screen, at: Position, _right: bool) -> bool {
        let on_editor = screen.editor.is_some_and(|r| r.contains(at));
        if on_editor {
            app.console.editing = true;
        }
        on_editor
    }
}

fn render_console(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
    let (Some(editor), Some(results)) = (screen.editor, screen.grid) else {
        return;
    };
    let focused = app.console.editing;
    let block = theme.block().title(if focused {
        tr!(app.language, "console-editing")
    } else {
        tr!(app.language, "console-not-editing")
    });
    let inner = block.inner(editor);
    frame.render_widget(block, editor);
    // DuckDB's lexer reads the statement once a frame, for the colours and for the tables it names.
    let text = app.console.text();
    let tokens = gate::tokens(&text);
    frame.render_widget(
        Paragraph::new(editor_lines(app, theme, focused, &tokens, inner)),
        inner,
    );
    if let Some(e) = &app.console.error {
        frame.render_widget(
            Paragraph::new(error_lines(app.language, e))
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
/// when the editor has the focus. A line longer than the editor scrolls sideways with the cursor (or wraps, with
/// `:wrap`), and the lines scroll up and down with it: the cursor is always on screen.
fn editor_lines(
    app: &App,
    theme: &Theme,
    focused: bool,
    tokens: &[Token],
    area: Rect,
) -> Vec<Line<'static>> {
    let (row, col) = app.console.cursor();
    let width = usize::from(area.width).max(1);
    let mut next_token = 0;
    let mut line_start = 0;
    // Each line as (character, style), the cursor's cell a styled blank past the end.
    let mut styled: Vec<Vec<(char, Style)>> = Vec::new();
    for (r, line) in app.console.lines().iter().enumerate() {
        let mut cells = Vec::with_capacity(line.len() + 1);
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
            cells.push((c, style));
        }
        if focused && r == row && col >= line.chars().count() {
            cells.push((' ', theme.selected()));
        }
        styled.push(cells);
        line_start += line.len() + 1;
    }
    let shown = |c: char| escape_control(&c.to_string()).into_owned();
    let cell_width = |c: char| display_width(&shown(c)).max(1);
    // Where the cursor is in screen columns of its line.
    let cursor_x: usize = styled
        .get(row)
        .map(|cells| cells.iter().take(col).map(|(c, _)| cell_width(*c)).sum())
        .unwrap_or(0);
    let mut rows: Vec<Vec<(String, Style)>> = Vec::new();
    let mut cursor_row = 0;
    for (r, cells) in styled.iter().enumerate() {
        if app.console.wrap {
            let mut x = 0;
            let mut current: Vec<(String, Style)> = Vec::new();
            for (i, (c, style)) in cells.iter().enumerate() {
                let w = cell_width(*c);
                if x + w > width && !current.is_empty() {
                    rows.push(std::mem::take(&mut current));
                    x = 0;
                }
                if r == row && i == col {
                    cursor_row = rows.len();
                }
                current.push((shown(*c), *style));
                x += w;
            }
            if r == row && col >= cells.len() {
                cursor_row = rows.len();
            }
            rows.push(current);
        } else {
            // The same sideways offset on every line, as editors scroll: the cursor at the right edge at most.
            let offset = (cursor_x + 1).saturating_sub(width);
            let mut x = 0;
            let mut current = Vec::new();
            for (c, style) in cells {
                let w = cell_width(*c);
                let (from, to) = (x, x + w);
                x = to;
                if to <= offset || from >= offset + width {
                    continue;
                }
                // A wide character cut by either edge shows as blanks.
                if from < offset || to > offset + width {
                    let blanks = to.min(offset + width) - from.max(offset);
                    current.push((" ".repeat(blanks), *style));
                } else {
                    current.push((shown(*c), *style));
                }
            }
            if r == row {
                cursor_row = rows.len();
            }
            rows.push(current);
        }
    }
    let height = usize::from(area.height).max(1);
    let top = (cursor_row + 1).saturating_sub(height);
    rows.into_iter()
        .skip(top)
        .take(height)
        .map(|cells| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            for (text, style) in cells {
                match spans.last_mut() {
                    Some(last) if last.style == style => last.content.to_mut().push_str(&text),
                    _ => spans.push(Span::styled(text, style)),
                }
            }
            Line::from(spans)
        })
        .collect()
}

/// The lake's tables; those the statement names are open, with their columns and types.
fn render_catalog(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect, named: &[&str]) {
    let block = theme.block().title(tr!(app.language, "console-tables"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let catalog = &app.catalog;
    let width = inner.width as usize;
    let fit = |text: String| truncate_to_width(&escape_control(&text), width).into_owned();
    let lines: Vec<Line<'static>> = if let Some(e) = &catalog.error {
        error_lines(app.language, e)
    } else if !catalog.loaded {
        vec![Line::styled(
            tr!(app.language, "console-reading-lake"),
            theme.dim(),
        )]
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
