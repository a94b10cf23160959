//! The pane table, above the app and the view: each row names a pane, its tab, its key, its shape and the component
//! that does everything the pane does differently. Adding a pane is one row here plus its module; the app, the
//! keymap, the tabs, `:pane`, the state file, the help and the mouse read it from the table they are given.

mod console;
mod coverage;
mod explore;
mod funding;
mod overview;
#[cfg(test)]
mod probe;
mod queries;
mod ratings;

use std::collections::BTreeMap;

use crate::core::queries::Library;
use crate::tui::app::{App, PaneSpec};
use crate::tui::keymap::{Keymap, PaneKey};
use crate::tui::pane::{Pane, Shape};

pub use overview::{Areas as OverviewAreas, areas as overview_areas, card_at};

pub const PANES: &[PaneSpec] = &[
    PaneSpec {
        pane: Pane::DASHBOARD,
        title: "Overview", // not text: the pane's key in the state file
        names: &["dashboard", "overview", "1"],
        key: "1",
        query: None,
        shape: Shape::Whole,
        component: &overview::Overview,
    },
    PaneSpec {
        pane: Pane::EXPLORE,
        title: "Explore", // not text: the pane's key in the state file
        names: &["explore", "2"],
        key: "2",
        query: None,
        shape: Shape::Grid,
        component: &explore::Explore,
    },
    PaneSpec {
        pane: Pane::RATINGS,
        title: "Ratings", // not text: the pane's key in the state file
        names: &["ratings", "3"],
        key: "3",
        query: Some("ratings-by-year"),
        shape: Shape::GridOverScores,
        component: &ratings::Ratings,
    },
    PaneSpec {
        pane: Pane::QUERIES,
        title: "Queries", // not text: the pane's key in the state file
        names: &["queries", "4"],
        key: "4",
        query: None,
        shape: Shape::Grid,
        component: &queries::Queries,
    },
    PaneSpec {
        pane: Pane::CONSOLE,
        title: "SQL", // not text: the pane's key in the state file
        names: &["sql", "console", "5"],
        key: "5",
        query: None,
        shape: Shape::EditorOverGrid,
        component: &console::Console,
    },
    PaneSpec {
        pane: Pane::COVERAGE,
        title: "Coverage", // not text: the pane's key in the state file
        names: &["coverage", "6"],
        key: "6",
        query: Some("coverage-by-city"),
        shape: Shape::GridBesideChart,
        component: &coverage::Coverage,
    },
    PaneSpec {
        pane: Pane::FUNDING,
        title: "Funding", // not text: the pane's key in the state file
        names: &["funding", "7"],
        key: "7",
        query: Some("funding-by-kind"),
        shape: Shape::GridBesideChart,
        component: &funding::Funding,
    },
];

/// Each pane of `panes` with the default key of its go-to action.
pub fn pane_keys(panes: &[PaneSpec]) -> Vec<PaneKey> {
    panes.iter().map(|spec| (spec.pane, spec.key)).collect()
}

/// The default keymap over the standard panes.
pub fn default_keymap() -> Keymap {
    Keymap::new(&pane_keys(PANES))
}

/// The standard panes' keymap with the config file's `[keys]` applied.
pub fn keymap(overrides: &BTreeMap<String, String>) -> Result<Keymap, String> {
    Keymap::with_overrides(&pane_keys(PANES), overrides)
}

/// An app over the standard panes.
pub fn new_app(library: Library, keymap: Keymap, lake_label: String, size: (u16, u16)) -> App {
    App::new(PANES, library, keymap, lake_label, size)
}
