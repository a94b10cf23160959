//! The Ratings pane: every project rating, with the per-aspect scores of the selected one under the grid.

use ratatui::Frame;
use ratatui::widgets::{Borders, Paragraph, Wrap};

use crate::core::cells::escape_control;
use crate::tr;
use crate::tui::app::component::Component;
use crate::tui::app::layout::Screen;
use crate::tui::app::{App, Language, Pane};
use crate::tui::view::{Theme, render_grid, set_params};

pub struct Ratings;

impl Component for Ratings {
    fn heading(&self, app: &App, _: &Theme) -> String {
        ratings_heading(app)
    }

    fn body(&self, app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
        render_ratings(app, theme, frame, screen);
    }

    /// The scores shown were of a row of the grid just replaced.
    fn grid_replaced(&self, app: &mut App) {
        app.scores = Default::default();
    }

    /// The scores of the selected rating (not while a layer is over the grid: its keys move no row there).
    fn schedule(&self, app: &mut App) {
        if app.layers.is_empty() {
            app.schedule_scores();
        }
    }
}

fn ratings_heading(app: &App) -> String {
    let filters = app
        .pane_grid(Pane::RATINGS)
        .map(set_params)
        .unwrap_or_default();
    let hint = app.pane.hint(app.language);
    if filters.is_empty() {
        tr!(app.language, "heading-ratings", hint = hint)
    } else {
        tr!(
            app.language,
            "heading-ratings-filtered",
            filters = filters.join(", "),
            hint = hint
        )
    }
}

fn render_ratings(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
    let (Some(grid), Some(grid_area), Some(scores_area)) =
        (app.pane_grid(Pane::RATINGS), screen.grid, screen.side)
    else {
        return;
    };
    render_grid(app, theme, frame, grid_area, grid);
    let text = match &app.scores.shown {
        Some((project, table)) if !table.rows.is_empty() => {
            let aspect = if app.language == Language::Chinese {
                "aspect_zh"
            } else {
                "aspect_en"
            };
            let items: Vec<String> = table
                .rows
                .iter()
                .map(|r| {
                    format!(
                        "{} {}/{}",
                        table.value(r, aspect),
                        table.value(r, "score"),
                        table.value(r, "max_score")
                    )
                })
                .collect();
            // Scores a lake made up must never read as an acceptance sheet's.
            let synthetic = table
                .rows
                .iter()
                .any(|r| table.value(r, "is_synthetic") == "true");
            let items = items.join(" · ");
            if synthetic {
                tr!(
                    app.language,
                    "scores-synthetic",
                    project = project.as_str(),
                    items = items
                )
            } else {
                tr!(
                    app.language,
                    "scores",
                    project = project.as_str(),
                    items = items
                )
            }
        }
        Some((project, _)) => tr!(app.language, "scores-none", project = project.as_str()),
        None => String::new(),
    };
    frame.render_widget(
        Paragraph::new(escape_control(&text).into_owned())
            .wrap(Wrap { trim: true })
            .block(theme.block_with(Borders::TOP)),
        scores_area,
    );
}
