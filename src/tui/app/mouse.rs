//! The mouse: the wheel scrolls the grid or popup under it, a click selects a tab, a grid row or a province of the
//! overview. Every position is read through the one layout (`layout.rs`), as the view draws it.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::tui::app::App;
use crate::tui::app::layout;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Action, Context};

/// What the mouse does, for the help and docs/keys.md: (the message id of the gesture, the message id of what it
/// does).
pub const MOUSE: &[(&str, &str)] = &[
    ("mouse-wheel", "mouse-wheel-does"),
    ("mouse-click", "mouse-click-does"),
    ("mouse-click-selected", "mouse-click-selected-does"),
    ("mouse-right-click", "mouse-right-click-does"),
    ("mouse-click-sql", "mouse-click-sql-does"),
];

/// Rows the wheel moves per notch.
const WHEEL_ROWS: usize = 3;

impl App {
    pub fn on_mouse(&mut self, event: MouseEvent) -> Vec<Effect> {
        match event.kind {
            MouseEventKind::ScrollDown => self.wheel(Action::Down),
            MouseEventKind::ScrollUp => self.wheel(Action::Up),
            MouseEventKind::Down(MouseButton::Left) => self.click(event.column, event.row, false),
            MouseEventKind::Down(MouseButton::Right) => self.click(event.column, event.row, true),
            _ => {}
        }
        self.finish()
    }

    fn wheel(&mut self, action: Action) {
        // Scrolling reads; it never types into a field or moves between form fields.
        if matches!(self.context(), Context::Form | Context::Console) {
            return;
        }
        for _ in 0..WHEEL_ROWS {
            self.on_action(action);
        }
    }

    /// A left click selects; a click on the row already selected opens it (so a double-click drills, with no clock
    /// in the app); a right click selects the row and opens where it came from (`i`).
    fn click(&mut self, x: u16, y: u16, right: bool) {
        let (w, h) = self.size;
        let Some(screen) = layout::screen(self, Rect::new(0, 0, w, h)) else {
            return;
        };
        // Popups and prompts are modal: a click outside them does nothing.
        if !self.layers.is_empty() {
            return;
        }
        let at = Position::new(x, y);
        if screen.tabs.contains(at) {
            if let Some(pane) = layout::tab_at(self.panes(), w, self.language, x) {
                self.go(pane);
            }
            return;
        }
        let component = self.pane_spec().component;
        if component.click(self, &screen, at, right) {
            return;
        }
        if let Some(grid_area) = screen.grid.filter(|r| r.contains(at) && y > r.y)
            && let Some(slot) = self.pane_slot()
        {
            let rows = self.grid_rows(slot);
            // A click on a grid gives it the keys (the console's editor lets them go).
            self.console.editing = false;
            let mut again = false;
            if let Some(g) = self.grid_mut(slot) {
                let row = g.top + u64::from(y - grid_area.y - 1);
                if g.total.is_none_or(|t| row < t) && g.row(row).is_some() {
                    again = g.cursor == row;
                    g.set_cursor(row, rows);
                } else {
                    return;
                }
            }
            if right {
                self.where_from(Some(slot));
            } else if again {
                self.on_action(Action::Open);
            }
        }
    }
}
