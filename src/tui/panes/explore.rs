//! The Explore pane: drilling down from the provinces, one level per step, and the hits of `:find`.

use ratatui::Frame;

use crate::core::queries::OwnQuery;
use crate::tui::app::App;
use crate::tui::app::component::Component;
use crate::tui::app::layout::Screen;
use crate::tui::jobs::Slot;
use crate::tui::view::{Theme, render_grid};

pub struct Explore;

impl Component for Explore {
    /// The way down, as crumbs.
    fn heading(&self, app: &App, theme: &Theme) -> String {
        app.explore
            .iter()
            .enumerate()
            // The first level is the provinces, named in the reader's language; the others by the names drilled into.
            .map(|(i, l)| {
                if i == 0 && l.query == OwnQuery::PROVINCES_OVERVIEW.name() {
                    crate::tr!(app.language, "crumb-provinces")
                } else {
                    l.crumb.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(theme.glyphs().crumb)
    }

    fn body(&self, app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
        if let (Some(level), Some(area)) = (app.explore.last(), screen.grid) {
            render_grid(app, theme, frame, area, &level.grid);
        }
    }

    fn slot(&self, app: &App) -> Option<Slot> {
        app.explore.len().checked_sub(1).map(Slot::Explore)
    }

    /// Enter on a hit of `:find` opens the levels down to it; elsewhere it drills.
    fn open(&self, app: &mut App) {
        let on_hits = app.layers.is_empty()
            && app
                .explore
                .last()
                .is_some_and(|l| l.query == OwnQuery::FIND.name());
        if on_hits {
            app.open_hit();
        } else if let Some(slot) = app.active_slot() {
            app.drill(slot);
        }
    }

    /// Up a level; back from a `:find` hit to the list of hits, not up the path it was opened along; back to the
    /// pane a drill came from.
    fn back(&self, app: &mut App) {
        if app.explore.len() <= 1 {
            return;
        }
        let Some(level) = app.explore.pop() else {
            return;
        };
        if let Some(hits) = level.hits {
            app.explore.truncate(1);
            app.explore.push(*hits);
        } else if let Some(pane) = level.return_to {
            app.pane = pane;
        }
    }
}
