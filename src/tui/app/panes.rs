//! The table of panes. Adding a pane is one entry in `panes!` below plus its own view module: the entry declares
//! the `Pane` variant, and everything else — the tab, `:pane NAME`, the go-to action with its default key and its
//! name in the config file, the screen's shape, the title line and the body — is read from it.

use ratatui::Frame;

use crate::tui::app::{App, Language};
use crate::tui::layout::{Screen, Shape};
use crate::tui::view::Theme;
use crate::tui::view::panes as views;

/// One row per pane.
pub struct PaneSpec {
    pub pane: Pane,
    /// The pane's name in the state file and in messages to developers (its tab reads `pane-ACTION`).
    pub title: &'static str,
    /// Names `:pane NAME` takes (its number too).
    pub names: &'static [&'static str],
    /// The default key of the action that goes there.
    pub key: &'static str,
    /// That action's name in the config file's `[keys]`; the pane's messages are named after it (`pane-ACTION`
    /// its tab, `pane-ACTION-describe` what the help says of going there, `pane-ACTION-hint` what its title offers).
    pub action: &'static str,
    /// A pane that shows one saved query in a grid: its name (`:year` and friends set its parameters).
    pub query: Option<&'static str>,
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
        title: "Overview", // not text: the pane's key in the state file
        names: &["dashboard", "overview", "1"],
        key: "1",
        action: "dashboard",
        query: None,
        shape: Shape::Whole,
        heading: views::dashboard_heading,
        body: crate::tui::view::dashboard::render_dashboard,
    }
    Explore {
        title: "Explore", // not text: the pane's key in the state file
        names: &["explore", "2"],
        key: "2",
        action: "explore",
        query: None,
        shape: Shape::Grid,
        heading: views::explore_heading,
        body: views::render_explore,
    }
    Ratings {
        title: "Ratings", // not text: the pane's key in the state file
        names: &["ratings", "3"],
        key: "3",
        action: "ratings",
        query: Some("ratings-by-year"),
        shape: Shape::GridOverScores,
        heading: views::ratings_heading,
        body: views::render_ratings,
    }
    Queries {
        title: "Queries", // not text: the pane's key in the state file
        names: &["queries", "4"],
        key: "4",
        action: "queries",
        query: None,
        shape: Shape::Grid,
        heading: views::queries_heading,
        body: views::render_queries,
    }
    Console {
        title: "SQL", // not text: the pane's key in the state file
        names: &["sql", "console", "5"],
        key: "5",
        action: "console",
        query: None,
        shape: Shape::EditorOverGrid,
        heading: crate::tui::view::console::console_heading,
        body: crate::tui::view::console::render_console,
    }
    Coverage {
        title: "Coverage", // not text: the pane's key in the state file
        names: &["coverage", "6"],
        key: "6",
        action: "coverage",
        query: Some("coverage-by-city"),
        shape: Shape::GridBesideChart,
        heading: views::query_pane_heading,
        body: views::render_chart_pane,
    }
    Funding {
        title: "Funding", // not text: the pane's key in the state file
        names: &["funding", "7"],
        key: "7",
        action: "funding",
        query: Some("funding-by-kind"),
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

impl PaneSpec {
    /// The tab's label in `lang`.
    pub fn label(&self, lang: Language) -> String {
        crate::i18n::text(lang, &format!("pane-{}", self.action), &[])
    }

    /// What the help says the go-to action does.
    pub fn describe(&self, lang: Language) -> String {
        crate::i18n::text(lang, &format!("pane-{}-describe", self.action), &[])
    }

    /// What the title line offers.
    pub fn hint(&self, lang: Language) -> String {
        crate::i18n::text(lang, &format!("pane-{}-hint", self.action), &[])
    }
}
