//! A pane that exists only in the test build: the proof that adding a pane is one row of the table plus one module.
//! Nothing outside this file knows it; the app, keymap, tabs, `:pane`, the mouse, the help and the state file find it
//! through the table the tests build.

use std::sync::LazyLock;

use ratatui::Frame;
use ratatui::widgets::Paragraph;

use crate::core::queries::Library;
use crate::tui::app::component::{Component, list_step};
use crate::tui::app::layout::Screen;
use crate::tui::app::{App, Layer, PaneSpec};
use crate::tui::keymap::Keymap;
use crate::tui::pane::{Pane, Shape};
use crate::tui::theme::Theme;

const PROBE: Pane = Pane::named("probe");

/// What the probe draws: a word and the line its own list's cursor is on, kept in state of its own.
struct Probe;

impl Component for Probe {
    fn heading(&self, _app: &App, _theme: &Theme) -> String {
        "probe-heading".into()
    }

    fn body(&self, app: &App, _theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
        let line = format!(
            "probe-body {} {}",
            app.pane_state::<usize>(PROBE).copied().unwrap_or(0),
            app.message.as_deref().unwrap_or("-")
        );
        frame.render_widget(Paragraph::new(line), screen.body);
    }

    fn slot(&self, _app: &App) -> Option<crate::tui::jobs::Slot> {
        None
    }

    fn open(&self, app: &mut App) {
        app.message = Some("probe-opened".into());
    }

    fn move_list(&self, app: &mut App, delta: i64) {
        app.change_pane_state(PROBE, |line: &mut usize| {
            *line = list_step(*line, 10, delta)
        });
    }
}

/// The standard table with the probe after it.
static TABLE: LazyLock<Vec<PaneSpec>> = LazyLock::new(|| {
    let mut table: Vec<PaneSpec> = crate::tui::panes::PANES
        .iter()
        .map(|spec| PaneSpec { ..*spec })
        .collect();
    table.push(PaneSpec {
        pane: PROBE,
        title: "Probe", // not text: the pane's key in the state file
        names: &["probe", "8"],
        key: "8",
        query: None,
        shape: Shape::Whole,
        component: &Probe,
    });
    table
});

fn app() -> App {
    let keymap = Keymap::new(&crate::tui::panes::pane_keys(&TABLE));
    App::new(
        &TABLE,
        Library::load(None),
        keymap,
        "lake".into(),
        (120, 30),
    )
}

fn screen(app: &App) -> String {
    let theme = Theme {
        color: false,
        ascii: false,
    };
    crate::tui::screen_text(app, &theme).expect("screen")
}

fn key(app: &mut App, text: &str) {
    let key = crate::tui::keymap::Key::parse(text).expect("a key");
    app.on_key(key.to_event());
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, &c.to_string());
    }
}

#[test]
fn a_pane_added_to_the_table_has_a_tab_a_key_a_command_and_its_own_keys() {
    let mut app = app();
    let first = screen(&app);
    assert!(
        first.lines().next().is_some_and(|l| l.contains("8 probe")),
        "{first}"
    );
    // Its default key goes there, its body and title are drawn, Enter and the list keys are its own.
    key(&mut app, "8");
    assert_eq!(app.pane, PROBE);
    let shown = screen(&app);
    assert!(shown.contains("probe-heading"), "{shown}");
    assert!(shown.contains("probe-body 0 -"), "{shown}");
    key(&mut app, "j");
    key(&mut app, "j");
    key(&mut app, "j");
    key(&mut app, "k");
    assert!(screen(&app).contains("probe-body 2 -"));
    key(&mut app, "enter");
    assert_eq!(app.message.as_deref(), Some("probe-opened"));
    // Tab goes round through it: from the last standard pane to the probe, and on to the first.
    key(&mut app, "7");
    key(&mut app, "tab");
    assert_eq!(app.pane, PROBE);
    key(&mut app, "tab");
    assert_eq!(app.pane, Pane::DASHBOARD);
    // `:pane probe` and a click on its tab.
    key(&mut app, ":");
    type_text(&mut app, "pane probe"); // not text: a command typed
    key(&mut app, "enter");
    assert_eq!(app.pane, PROBE);
    key(&mut app, "1");
    let (_, tabs) = crate::tui::app::layout::tabs(app.panes(), 120, app.language);
    let (_, _, x) = tabs
        .iter()
        .find(|(p, _, _)| *p == PROBE)
        .expect("tab") // not text: a test's panic
        .clone();
    app.on_mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: x + 1,
        row: 0,
        modifiers: crossterm::event::KeyModifiers::NONE,
    });
    assert_eq!(app.pane, PROBE);
}

#[test]
fn a_pane_added_to_the_table_is_in_the_help_the_config_file_and_the_state_file() {
    let mut app = app();
    key(&mut app, "8");
    key(&mut app, "?");
    assert!(matches!(app.layers.last(), Some(Layer::Help { .. })));
    let help = screen(&app);
    assert!(help.contains("probe"), "{help}");
    // The config file rebinds its action by its name.
    let overrides = [("probe".to_string(), "9".to_string())]
        .into_iter()
        .collect();
    let keymap =
        Keymap::with_overrides(&crate::tui::panes::pane_keys(&TABLE), &overrides).expect("valid");
    let mut app = App::new(
        &TABLE,
        Library::load(None),
        keymap,
        "lake".into(),
        (120, 30),
    );
    key(&mut app, "9");
    assert_eq!(app.pane, PROBE);
    // The next run opens on it.
    let state = app.ui_state();
    let mut next = self::app();
    next.restore(state);
    assert_eq!(next.pane, PROBE);
}
