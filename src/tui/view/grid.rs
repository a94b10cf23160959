//! The result grid on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::cells::{escape_control, pad_to_width};
use crate::tui::app::{App, Language};
use crate::tui::grid::{Filter, Grid, Row};
use crate::tui::view::{Theme, error_lines};

/// How a NULL cell reads (as in DuckDB's own shell, and qlake's table format).
use crate::tr;

const NULL: &str = crate::core::cells::NULL_SHOWN;

/// The result grid: column 0 frozen, columns from `left` after it, the cursor row reversed, synthetic rows marked
/// with ◇ in the gutter.
pub fn render_grid(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect, grid: &Grid) {
    if let Some(e) = &grid.error {
        frame.render_widget(
            Paragraph::new(error_lines(app.language, e))
                .style(theme.error())
                .wrap(Wrap { trim: false }),
            area,
        );
        return;
    }
    if grid.columns.is_empty() {
        let text = if grid.total == Some(0) {
            tr!(app.language, "grid-no-rows")
        } else {
            tr!(app.language, "grid-loading")
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim()), area);
        return;
    }
    let visible = grid.visible_columns(app.language == Language::Chinese);
    let height = area.height.saturating_sub(1) as u64;
    let window: Vec<Option<&Row>> = (grid.top..grid.top + height).map(|i| grid.row(i)).collect();
    let synthetic = grid.columns.iter().position(|c| c == "is_synthetic");
    let shown = grid.column_layout(&visible, area.width, height, app.language);
    // The text `/` filtered by, marked where a cell holds it.
    let needle = match &grid.filter {
        Some(Filter::Contains(text)) => Some(text.as_str()),
        _ => None,
    };
    let mut lines = Vec::with_capacity(window.len() + 1);
    let header: Vec<Span<'_>> = std::iter::once(Span::raw("  "))
        .chain(shown.iter().map(|(c, w)| {
            let column = grid.columns.get(*c).map_or("", String::as_str);
            // The sort shows in the header: ↑ ascending, ↓ descending (^ and v in ASCII), numbered when several.
            let sort = grid.sort_key(column).is_some();
            let label = grid.header(*c, app.language, theme.ascii);
            let name = pad_to_width(
                &escape_control(&label),
                *w,
                grid.numeric.get(*c).copied().unwrap_or(false),
            );
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
            .is_some_and(|v| v.as_deref() == Some("true"))
        {
            theme.glyphs().synthetic
        } else {
            "  "
        };
        let mut spans = vec![Span::styled(marker, theme.dim())];
        for (c, w) in &shown {
            let numeric = grid.numeric.get(*c).copied().unwrap_or(false);
            // NULL is shown as such, dimmed, so it is never taken for an empty string.
            let shown = grid.shown_cell(row, *c, app.language);
            let (raw, null) = match (&shown, row.get(*c)) {
                (Some(v), _) => (v.as_str(), false),
                (None, Some(None)) => (NULL, true),
                (None, _) => ("", false),
            };
            let text = pad_to_width(&escape_control(raw), *w, numeric);
            let style = if index == grid.cursor && *c == grid.column {
                theme.selected().add_modifier(Modifier::BOLD)
            } else if index == grid.cursor {
                theme.selected()
            } else if null {
                theme.dim()
            } else {
                Style::default()
            };
            match needle.filter(|_| !null) {
                Some(needle) => spans.extend(marked(text, needle, style, theme.found())),
                None => spans.push(Span::styled(text, style)),
            }
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
    if grid.total == Some(0) {
        // Say what was asked, so an empty result reads as an answer, not a fault.
        let asked: Vec<String> = grid
            .query
            .params
            .iter()
            .filter(|(n, v)| {
                *v != crate::core::sql::Value::Null && !crate::core::queries::is_companion(n)
            })
            .map(|(n, v)| format!("{n}={}", v.as_text()))
            .collect();
        let text = if asked.is_empty() {
            format!("  {}", tr!(app.language, "grid-no-rows"))
        } else {
            format!(
                "  {}",
                tr!(app.language, "grid-no-rows-for", asked = asked.join(", "))
            )
        };
        lines.push(Line::styled(
            escape_control(&text).into_owned(),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// `text` as spans, the stretches that equal `needle` (ignoring case, as the filter does) in the `found` style.
fn marked(text: String, needle: &str, style: Style, found: Style) -> Vec<Span<'static>> {
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    let needle: Vec<char> = needle.chars().map(lower).collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut spans = Vec::new();
    let (mut from, mut i) = (0, 0);
    while !needle.is_empty() && i + needle.len() <= chars.len() {
        let hit = chars
            .get(i..i + needle.len())
            .is_some_and(|run| run.iter().zip(&needle).all(|((_, c), n)| lower(*c) == *n));
        if !hit {
            i += 1;
            continue;
        }
        let start = chars.get(i).map_or(text.len(), |(b, _)| *b);
        let end = chars.get(i + needle.len()).map_or(text.len(), |(b, _)| *b);
        if start > from {
            spans.push(Span::styled(text[from..start].to_string(), style));
        }
        spans.push(Span::styled(
            text[start..end].to_string(),
            style.patch(found),
        ));
        from = end;
        i += needle.len();
    }
    if from < text.len() || spans.is_empty() {
        spans.push(Span::styled(text[from..].to_string(), style));
    }
    spans
}
