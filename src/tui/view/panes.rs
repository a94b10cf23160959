//! The panes' title lines, and the panes with a grid and something beside it: ratings with their scores, coverage
//! and funding with a chart, the saved-query list.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Borders, Paragraph, Wrap};

use crate::core::cells::trim_decimal_zeros;
use crate::core::cells::{escape_control, truncate_to_width};
use crate::tr;
use crate::tui::app::dashboard::Table;
use crate::tui::app::{App, Language, Layer, Pane, Tile};
use crate::tui::grid::{Row, cell_text};
use crate::tui::layout::Screen;
use crate::tui::view::dashboard::{render_bars, render_money};
use crate::tui::view::{Theme, list_line, render_grid, set_params};

pub(crate) fn dashboard_heading(app: &App, _: &Theme) -> String {
    tr!(
        app.language,
        "heading-overview",
        hint = app.pane.spec().hint(app.language)
    )
}

/// The way down, as crumbs.
pub(crate) fn explore_heading(app: &App, theme: &Theme) -> String {
    app.explore
        .iter()
        .enumerate()
        // The first level is the provinces, named in the reader's language; the others by the names drilled into.
        .map(|(i, l)| {
            if i == 0 && l.query == "provinces-overview" {
                tr!(app.language, "crumb-provinces")
            } else {
                l.crumb.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(theme.glyphs().crumb)
}

pub(crate) fn ratings_heading(app: &App, _: &Theme) -> String {
    let filters = app
        .pane_grid(Pane::Ratings)
        .map(set_params)
        .unwrap_or_default();
    let hint = app.pane.spec().hint(app.language);
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

pub(crate) fn queries_heading(app: &App, _: &Theme) -> String {
    let lang = app.language;
    match (&app.queries.result, app.layers.first()) {
        (Some(g), _) => tr!(
            lang,
            "heading-queries-result",
            query = g.query.label.as_str()
        ),
        (None, Some(Layer::Form(f))) => tr!(lang, "heading-queries-form", query = f.query.as_str()),
        _ => tr!(lang, "heading-queries", hint = app.pane.spec().hint(lang)),
    }
}

/// A pane showing one saved query: its label and the parameters it ran with.
pub(crate) fn query_pane_heading(app: &App, _: &Theme) -> String {
    match app.pane_grid(app.pane) {
        Some(grid) => format!(
            "{} [{}] · {}",
            app.library
                .queries
                .get(&grid.query.label)
                .map_or(grid.query.label.as_str(), |q| q
                    .title_in(app.language == Language::Chinese)),
            set_params(grid).join(", "),
            app.pane.spec().hint(app.language)
        ),
        None => app.pane.spec().label(app.language),
    }
}

pub(crate) fn render_explore(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
    if let (Some(level), Some(area)) = (app.explore.last(), screen.grid) {
        render_grid(app, theme, frame, area, &level.grid);
    }
}

/// A pane with its grid on the left and a bar chart of the loaded rows on the right (below it when narrow).
pub(crate) fn render_chart_pane(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
    let (Some(grid), Some(grid_area), Some(chart_area)) =
        (app.pane_grid(app.pane), screen.grid, screen.side)
    else {
        return;
    };
    render_grid(app, theme, frame, grid_area, grid);
    let zh = app.language == Language::Chinese;
    let cell = |row: &Row, column: &str| cell_text(&grid.columns, row, column);
    let rows: Vec<&Row> = grid
        .pages
        .get(&0)
        .map(|p| p.rows.iter().collect())
        .unwrap_or_default();
    let mut tile = Tile {
        loaded: true,
        table: Table {
            columns: vec!["label".into(), "value".into()],
            rows: Vec::new(),
        },
        ..Tile::default()
    };
    if app.pane == Pane::Coverage {
        tile.title = if rows.iter().any(|r| !cell(r, "city_code").is_empty()) {
            tr!(app.language, "chart-coverage-title")
        } else {
            tr!(app.language, "chart-coverage-none")
        };
        // A province's total is not one of its cities: it is in the grid, never drawn beside them.
        for r in rows
            .iter()
            .filter(|r| cell(r, "tier") == "万" && !cell(r, "city_code").is_empty())
        {
            let reached = cell(r, "reached_pct");
            let city = cell(r, if zh { "city_zh" } else { "city_en" });
            let label = if reached.is_empty() {
                city
            } else {
                tr!(
                    app.language,
                    "chart-coverage-reached",
                    city = city,
                    percent = trim_decimal_zeros(&reached)
                )
            };
            tile.table
                .rows
                .push(vec![Some(label), Some(cell(r, "target"))]);
        }
    } else {
        // The same sections as the overview's money tile; a part of a total is not drawn beside it.
        tile.title = tr!(app.language, "chart-money-title");
        let columns = [
            "class",
            "kind",
            "scope",
            "province_code",
            "year",
            "amount_yuan",
            "qualifier",
        ];
        tile.table.columns = columns.iter().map(|c| c.to_string()).collect();
        tile.table.rows = rows
            .iter()
            .filter(|r| cell(r, "part_of").is_empty())
            .map(|r| columns.iter().map(|c| Some(cell(r, c))).collect())
            .collect();
        render_money(app.language, theme, frame, chart_area, &tile);
        return;
    }
    render_bars(
        app.language,
        theme,
        frame,
        chart_area,
        &tile,
        &["label"],
        "value",
    );
}

pub(crate) fn render_ratings(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
    let (Some(grid), Some(grid_area), Some(scores_area)) =
        (app.pane_grid(Pane::Ratings), screen.grid, screen.side)
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

pub(crate) fn render_queries(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
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
