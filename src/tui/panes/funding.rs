//! The Funding pane: every amount of money with its kind and scope, drawn beside the grid on the overview's scales.

use ratatui::Frame;

use crate::tr;
use crate::tui::app::App;
use crate::tui::app::component::Component;
use crate::tui::app::layout::Screen;
use crate::tui::grid::{Row, cell_text};
use crate::tui::view::Theme;
use crate::tui::view::charts::render_money;
use crate::tui::view::panes::{chart_tile, grid_beside_chart, query_pane_heading};

pub struct Funding;

/// The columns the money chart reads, as the overview's money tile gives them.
const MONEY_COLUMNS: [&str; 7] = [
    "class",
    "kind",
    "scope",
    "province_code",
    "year",
    "amount_yuan",
    "qualifier",
];

impl Component for Funding {
    fn heading(&self, app: &App, _: &Theme) -> String {
        query_pane_heading(app)
    }

    fn body(&self, app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
        let Some((grid, area, rows)) = grid_beside_chart(app, theme, frame, screen) else {
            return;
        };
        let cell = |row: &Row, column: &str| cell_text(&grid.columns, row, column);
        // The same sections as the overview's money tile; a part of a total is not drawn beside it.
        let amounts = rows
            .iter()
            .filter(|r| cell(r, "part_of").is_empty())
            .map(|r| MONEY_COLUMNS.iter().map(|c| Some(cell(r, c))).collect())
            .collect();
        let tile = chart_tile(
            tr!(app.language, "chart-money-title"),
            &MONEY_COLUMNS,
            amounts,
        );
        render_money(app.language, theme, frame, area, &tile);
    }
}
