//! The table of panes. Adding a pane is one entry in `panes!` below plus its own view module: the entry declares
//! the `Pane` variant, and everything else — the tab, `:pane NAME`, the go-to action with its default key and its
//! name in the config file, the screen's shape, the title line and the body — is read from it.

use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::layout::{Screen, Shape};
use crate::tui::view::Theme;
use crate::tui::view::panes as views;

/// One row per pane.
pub struct PaneSpec {
    pub pane: Pane,
    /// The tab's label.
    pub title: &'static str,
    /// Names `:pane NAME` takes (its number too).
    pub names: &'static [&'static str],
    /// The default key of the action that goes there.
    pub key: &'static str,
    /// That action's name in the config file's `[keys]`, and what the help says of it.
    pub action: &'static str,
    pub describe: &'static str,
    /// A pane that shows one saved query in a grid: its name (`:year` and friends set its parameters).
    pub query: Option<&'static str>,
    /// What the title line offers.
    pub hint: &'static str,
    /// How the body is divided (layout::screen).
    pub shape: Shape,
    /// The title line, and the body drawn into the screen's areas.
    pub heading: fn(&App, &Theme) -> String,
    pub body: fn(&App, &Theme, &mut Frame<'_>, &Screen),
}

/// Declares the `Pane` enum and `PANES` from one list, so neither can gain a pane the other lacks.
macro_rules! panes {
    ($($variant:ident { $($field:ident: $value:expr),* $(,)? })*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Pane {
            $($variant,)*
        }

        pub const PANES: &[PaneSpec] = &[$(PaneSpec { pane: Pane::$variant, $($field: $value),* },)*];
    };
}

panes! {
    Dashboard {
        title: "Overview",
        names: &["dashboard", "overview", "1"],
        key: "1",
        action: "dashboard",
        describe: "dashboard",
        query: None,
        hint: "Enter: open a province · Tab: next pane · ?: keys",
        shape: Shape::Whole,
        heading: views::dashboard_heading,
        body: crate::tui::view::dashboard::render_dashboard,
    }
    Explore {
        title: "Explore",
        names: &["explore", "2"],
        key: "2",
        action: "explore",
        describe: "explore (drill-down)",
        query: None,
        hint: "",
        shape: Shape::Grid,
        heading: views::explore_heading,
        body: views::render_explore,
    }
    Ratings {
        title: "Ratings",
        names: &["ratings", "3"],
        key: "3",
        action: "ratings",
        describe: "ratings",
        query: Some("ratings-by-year"),
        hint: ":year N  :province CODE  :rating R",
        shape: Shape::GridOverScores,
        heading: views::ratings_heading,
        body: views::render_ratings,
    }
    Queries {
        title: "Queries",
        names: &["queries", "4"],
        key: "4",
        action: "queries",
        describe: "saved queries",
        query: None,
        hint: "Enter: run",
        shape: Shape::Grid,
        heading: views::queries_heading,
        body: views::render_queries,
    }
    Console {
        title: "SQL",
        names: &["sql", "console", "5"],
        key: "5",
        action: "console",
        describe: "SQL console",
        query: None,
        hint: "F5/Ctrl+R: run · Esc: stop editing · Ctrl+P/N: history · Ctrl+S: save as query",
        shape: Shape::EditorOverGrid,
        heading: crate::tui::view::console::console_heading,
        body: crate::tui::view::console::render_console,
    }
    Coverage {
        title: "Coverage",
        names: &["coverage", "6"],
        key: "6",
        action: "coverage",
        describe: "coverage against targets",
        query: Some("coverage-by-city"),
        hint: ":year N  :province CODE",
        shape: Shape::GridBesideChart,
        heading: views::query_pane_heading,
        body: views::render_chart_pane,
    }
    Funding {
        title: "Funding",
        names: &["funding", "7"],
        key: "7",
        action: "funding",
        describe: "funding by source and year",
        query: Some("funding-by-kind"),
        hint: ":year N  :province CODE",
        shape: Shape::GridBesideChart,
        heading: views::query_pane_heading,
        body: views::render_chart_pane,
    }
}

impl Pane {
    pub fn spec(self) -> &'static PaneSpec {
        PANES.iter().find(|s| s.pane == self).unwrap_or(&PANES[0])
    }

    pub fn title(self) -> &'static str {
        self.spec().title
    }
}
