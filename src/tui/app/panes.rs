//! The table of panes: what each is called, how to get there, and the saved query of the panes that show one.

use crate::tui::keymap::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pane {
    Dashboard,
    Explore,
    Ratings,
    Queries,
    Console,
    Coverage,
    Funding,
}

/// One row per pane: adding a pane is an entry here plus its own view module.
pub struct PaneSpec {
    pub pane: Pane,
    pub title: &'static str,
    /// Names `:pane NAME` takes (its number too).
    pub names: &'static [&'static str],
    /// The action that goes there.
    pub go: Action,
    /// A pane that shows one saved query in a grid: its name (`:year` and friends set its parameters).
    pub query: Option<&'static str>,
    /// What the title line offers for its filters.
    pub hint: &'static str,
}

pub const PANES: [PaneSpec; 7] = [
    PaneSpec {
        pane: Pane::Dashboard,
        title: "Overview",
        names: &["dashboard", "overview", "1"],
        go: Action::GoDashboard,
        query: None,
        hint: "Enter: open a province · Tab: next pane · ?: keys",
    },
    PaneSpec {
        pane: Pane::Explore,
        title: "Explore",
        names: &["explore", "2"],
        go: Action::GoExplore,
        query: None,
        hint: "",
    },
    PaneSpec {
        pane: Pane::Ratings,
        title: "Ratings",
        names: &["ratings", "3"],
        go: Action::GoRatings,
        query: Some("ratings-by-year"),
        hint: ":year N  :province CODE  :rating R",
    },
    PaneSpec {
        pane: Pane::Queries,
        title: "Queries",
        names: &["queries", "4"],
        go: Action::GoQueries,
        query: None,
        hint: "Enter: run",
    },
    PaneSpec {
        pane: Pane::Console,
        title: "SQL",
        names: &["sql", "console", "5"],
        go: Action::GoConsole,
        query: None,
        hint: "F5 or Ctrl+R: run · Ctrl+P/N: history · Ctrl+S: save as query",
    },
    PaneSpec {
        pane: Pane::Coverage,
        title: "Coverage",
        names: &["coverage", "6"],
        go: Action::GoCoverage,
        query: Some("coverage-by-city"),
        hint: ":year N  :province CODE",
    },
    PaneSpec {
        pane: Pane::Funding,
        title: "Funding",
        names: &["funding", "7"],
        go: Action::GoFunding,
        query: Some("funding-by-kind"),
        hint: ":year N  :province CODE",
    },
];

impl Pane {
    pub fn spec(self) -> &'static PaneSpec {
        PANES.iter().find(|s| s.pane == self).unwrap_or(&PANES[0])
    }

    pub fn title(self) -> &'static str {
        self.spec().title
    }
}
