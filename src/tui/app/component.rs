//! What a pane is to the app: an entry of the pane table (`tui::panes`, above the app and the view) and the
//! component that entry names. The app is given the table when it is made and asks the current pane's component
//! whatever differs between panes — its grid, Enter, Esc, the list keys, what to fetch, a click, its help, its title
//! and body — so no code below the table names a pane to decide how it behaves.

use ratatui::Frame;
use ratatui::layout::Position;

use crate::i18n::Lang;
use crate::tui::app::App;
use crate::tui::app::layout::Screen;
use crate::tui::app::reading::Tone;
use crate::tui::jobs::Slot;
use crate::tui::keymap::Context;
use crate::tui::pane::{Pane, Shape};
use crate::tui::theme::Theme;

/// One row of the pane table.
pub struct PaneSpec {
    pub pane: Pane,
    /// The pane's key in the state file.
    pub title: &'static str,
    /// Names `:pane NAME` takes (its number too), besides its tab's label in either language.
    pub names: &'static [&'static str],
    /// The default key of the action that goes there (the action is named after the pane).
    pub key: &'static str,
    /// A pane that shows one saved query in a grid: its name (`:year` and friends set its parameters).
    pub query: Option<&'static str>,
    /// How the body is divided (`layout::screen`).
    pub shape: Shape,
    pub component: &'static dyn Component,
}

impl PaneSpec {
    /// The tab's label in `lang`.
    pub fn label(&self, lang: Lang) -> String {
        self.pane.label(lang)
    }
}

/// A pane's own behaviour and drawing. Every method but the title and body has the behaviour of a pane that shows
/// one grid and nothing else, so a pane writes only what it does differently.
pub trait Component: Sync {
    /// The title line.
    fn heading(&self, app: &App, theme: &Theme) -> String;

    /// The body, drawn into the screen's areas.
    fn body(&self, app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen);

    /// The pane's grid (under any layer), if it shows one now.
    fn slot(&self, app: &App) -> Option<Slot> {
        app.pane_grids
            .contains_key(&app.pane)
            .then_some(Slot::Pane(app.pane))
    }

    /// Whether typed text goes to the pane's own editor rather than keys to its grid.
    fn editing(&self, _app: &App) -> bool {
        false
    }

    /// Keymap contexts the pane's help lists whatever has the focus (beside the global keys and the context under
    /// the help).
    fn help_contexts(&self) -> &'static [Context] {
        &[]
    }

    /// The pane's own sections at the end of its help.
    fn help(&self, _app: &App, _lang: Lang) -> Vec<(Tone, String)> {
        Vec::new()
    }

    /// The app has just gone to the pane.
    fn entered(&self, _app: &mut App) {}

    /// Enter.
    fn open(&self, app: &mut App) {
        if let Some(slot) = app.active_slot() {
            app.drill(slot);
        }
    }

    /// Esc with no layer open and nothing running.
    fn back(&self, _app: &mut App) {}

    /// Up, down and the page keys where the pane has no grid: a list of its own moves by `delta`.
    fn move_list(&self, _app: &mut App, _delta: i64) {}

    /// Left and right where the pane has no grid.
    fn move_sideways(&self, _app: &mut App, _delta: i64) {}

    /// `r` where the pane has no grid.
    fn refresh(&self, _app: &mut App) {}

    /// `i` where the pane has no grid.
    fn where_from(&self, app: &mut App) {
        app.message = Some(crate::tr!(app.language, "explore-no-source-columns"));
    }

    /// The pane's saved-query grid was made again (`:year` and friends).
    fn grid_replaced(&self, _app: &mut App) {}

    /// What the pane needs fetched beyond its grid.
    fn schedule(&self, _app: &mut App) {}

    /// A click at `at` on the pane's body outside its grid (`right`: the right button); whether it was the pane's.
    fn click(&self, _app: &mut App, _screen: &Screen, _at: Position, _right: bool) -> bool {
        false
    }
}

/// A list's cursor at `value` of `len` entries moved by `delta`, kept on the list.
pub fn list_step(value: usize, len: usize, delta: i64) -> usize {
    let target = value as i64 + delta.clamp(-(len as i64), len as i64);
    target.clamp(0, len.saturating_sub(1) as i64) as usize
}
