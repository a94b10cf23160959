//! What the panes that show one saved query share: the title line with the query's parameters, and the grid drawn
//! with a chart beside it (below it when narrow).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::dashboard::Table;
use crate::tui::app::layout::Screen;
use crate::tui::app::{App, Language, Tile};
use crate::tui::grid::{Grid, Row};
use crate::tui::view::{Theme, render_grid, set_params};

/// A pane showing one saved query: its label and the parameters it ran with.
pub(crate) fn query_pane_heading(app: &App) -> String {
    match app.pane_grid(app.pane) {
        Some(grid) => format!(
            "{} [{}] · {}",
            app.library
                .queries
                .get(&grid.query.label)
                .map_or(grid.query.label.as_str(), |q| q
                    .title_in(app.language == Language::Chinese)),
            set_params(grid).join(", "),
            app.pane.hint(app.language)
        ),
        None => app.pane.label(app.language),
    }
}

/// Draws the pane's grid and gives what its chart is drawn from: the grid, the chart's area and the rows of the
/// grid's first page.
pub(crate) fn grid_beside_chart<'a>(
    app: &'a App,
    theme: &Theme,
    frame: &mut Frame<'_>,
    screen: &Screen,
) -> Option<(&'a Grid, Rect, Vec<&'a Row>)> {
    let (Some(grid), Some(grid_area), Some(chart_area)) =
        (app.pane_grid(app.pane), screen.grid, screen.side)
    else {
        return None;
    };
    render_grid(app, theme, frame, grid_area, grid);
    let rows: Vec<&Row> = grid
        .pages
        .get(&0)
        .map(|p| p.rows.iter().collect())
        .unwrap_or_default();
    Some((grid, chart_area, rows))
}

/// A chart's tile, loaded, over `columns`.
pub(crate) fn chart_tile(title: String, columns: &[&str], rows: Vec<Vec<Option<String>>>) -> Tile {
    Tile {
        loaded: true,
        title,
        table: Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        },
        ..Tile::default()
    }
}
