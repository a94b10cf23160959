//! The Queries pane: the saved queries, one line each with its description under the list, and the result of the one
//! run from it (after its parameter form).

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::cells::{escape_control, truncate_to_width};
use crate::tr;
use crate::tui::app::component::{Component, list_step};
use crate::tui::app::layout::Screen;
use crate::tui::app::{App, Language, Layer};
use crate::tui::jobs::Slot;
use crate::tui::view::{Theme, list_line, render_grid};

pub struct Queries;

impl Component for Queries {
    fn heading(&self, app: &App, _: &Theme) -> String {
        queries_heading(app)
    }

    fn body(&self, app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
        render_queries(app, theme, frame, screen);
    }

    fn slot(&self, app: &App) -> Option<Slot> {
        app.queries.result.as_ref().map(|_| Slot::QueryResult)
    }

    /// Enter on the list picks the query (its form when it has parameters); on a result it drills.
    fn open(&self, app: &mut App) {
        if app.queries.result.is_none() {
            app.pick_query();
        } else if let Some(slot) = app.active_slot() {
            app.drill(slot);
        }
    }

    /// Out of a result, back to the list.
    fn back(&self, app: &mut App) {
        app.queries.result = None;
    }

    fn move_list(&self, app: &mut App, delta: i64) {
        app.queries.cursor = list_step(app.queries.cursor, app.library.queries.len(), delta);
    }
}

fn queries_heading(app: &App) -> String {
    let lang = app.language;
    match (&app.queries.result, app.layers.first()) {
        (Some(g), _) => tr!(
            lang,
            "heading-queries-result",
            query = g.query.label.as_str()
        ),
        (None, Some(Layer::Form(f))) => tr!(lang, "heading-queries-form", query = f.query.as_str()),
        _ => tr!(lang, "heading-queries", hint = app.pane.hint(lang)),
    }
}

fn render_queries(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
    let area = screen.body;
    if let Some(grid) = &app.queries.result {
        render_grid(app, theme, frame, screen.grid.unwrap_or(area), grid);
        return;
    }
    let width = area.width as usize;
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
        let text = format!(
            "{:<24} {}",
            q.name,
            q.title_in(app.language == Language::Chinese)
        );
        lines.push(list_line(
            theme,
            &escape_control(&text),
            width,
            i == app.queries.cursor,
        ));
    }
    if let Some(q) = app.library.queries.values().nth(app.queries.cursor) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            truncate_to_width(
                &escape_control(q.description_in(app.language == Language::Chinese)),
                width * 2,
            )
            .into_owned(),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
