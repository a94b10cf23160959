//! The Coverage pane: enterprises reached per city against the target, with a bar per city beside the grid.

use ratatui::Frame;

use crate::core::cells::trim_decimal_zeros;
use crate::tr;
use crate::tui::app::App;
use crate::tui::app::component::Component;
use crate::tui::app::layout::Screen;
use crate::tui::grid::{Row, cell_text};
use crate::tui::view::Theme;
use crate::tui::view::charts::render_bars;
use crate::tui::view::panes::{chart_tile, grid_beside_chart, query_pane_heading};

pub struct Coverage;

impl Component for Coverage {
    fn heading(&self, app: &App, _: &Theme) -> String {
        query_pane_heading(app)
    }

    fn body(&self, app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
        let Some((grid, area, rows)) = grid_beside_chart(app, theme, frame, screen) else {
            return;
        };
        let lang = app.language;
        let zh = lang == crate::i18n::Lang::Chinese;
        let cell = |row: &Row, column: &str| cell_text(&grid.columns, row, column);
        let title = if rows.iter().any(|r| !cell(r, "city_code").is_empty()) {
            tr!(lang, "chart-coverage-title")
        } else {
            tr!(lang, "chart-coverage-none")
        };
        // A province's total is not one of its cities: it is in the grid, never drawn beside them.
        let bars = rows
            .iter()
            .filter(|r| cell(r, "tier") == "万" && !cell(r, "city_code").is_empty())
            .map(|r| {
                let reached = cell(r, "reached_pct");
                let city = cell(r, if zh { "city_zh" } else { "city_en" });
                let label = if reached.is_empty() {
                    city
                } else {
                    tr!(
                        lang,
                        "chart-coverage-reached",
                        city = city,
                        percent = trim_decimal_zeros(&reached)
                    )
                };
                vec![Some(label), Some(cell(r, "target"))]
            })
            .collect();
        let tile = chart_tile(title, &["label", "value"], bars);
        render_bars(lang, theme, frame, area, &tile, &["label"], "value");
    }
}
