//! What names a pane, and how a pane divides its body: the ids every layer below the pane table uses. A pane's
//! behaviour and drawing are its component's (`panes/`), found through the table the app is given; nothing here
//! knows which panes exist beyond the names of the standard ones.

use crate::i18n::Lang;

/// A pane, by its name: the name of its go-to action in the config file's `[keys]`, and the stem of its messages
/// (`pane-NAME` its tab, `pane-NAME-describe` what the help says of going there, `pane-NAME-hint` what its title
/// line offers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pane(&'static str);

impl Pane {
    pub const DASHBOARD: Pane = Pane("dashboard");
    pub const EXPLORE: Pane = Pane("explore");
    pub const RATINGS: Pane = Pane("ratings");
    pub const QUERIES: Pane = Pane("queries");
    pub const CONSOLE: Pane = Pane("console");
    pub const COVERAGE: Pane = Pane("coverage");
    pub const FUNDING: Pane = Pane("funding");

    pub const fn named(name: &'static str) -> Pane {
        Pane(name)
    }

    pub fn name(self) -> &'static str {
        self.0
    }

    /// The tab's label in `lang` (a pane without messages is labelled by its name).
    pub fn label(self, lang: Lang) -> String {
        self.message(lang, "")
    }

    /// What the help says the go-to action does.
    pub fn describe(self, lang: Lang) -> String {
        self.message(lang, "-describe")
    }

    /// What the title line offers.
    pub fn hint(self, lang: Lang) -> String {
        self.message(lang, "-hint")
    }

    fn message(self, lang: Lang, suffix: &str) -> String {
        let id = format!("pane-{}{suffix}", self.0);
        if crate::i18n::has(lang, &id) {
            crate::i18n::text(lang, &id, &[])
        } else {
            self.0.to_string()
        }
    }
}

/// How a pane divides its body; each pane's entry in the pane table names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The whole body is the pane's own (the overview's tiles).
    Whole,
    /// A grid fills the body.
    Grid,
    /// A grid over a few lines of scores.
    GridOverScores,
    /// The console: its editor over the result grid, the lake's tables beside them when wide.
    EditorOverGrid,
    /// A grid with a chart beside it when wide, under it when narrow.
    GridBesideChart,
}
