//! The steps a grid takes on the rows it shows, from the keys: sort keys, filter cleared, columns hidden and shown,
//! the undo of those; copying a cell or a row; a column's width.

use crate::tr;
use crate::tui::app::{App, Language};
use crate::tui::effect::Effect;
use crate::tui::jobs::Slot;
use crate::tui::keymap::Action;

impl App {
    /// A grid step on the grid keys act on (nothing where there is none).
    pub(super) fn on_grid_step(&mut self, action: Action, slot: Option<Slot>) {
        let lang = self.language;
        match action {
            Action::SortAscending
            | Action::SortDescending
            | Action::ThenSortAscending
            | Action::ThenSortDescending => {
                if let Some(g) = slot.and_then(|s| self.grid_mut(s))
                    && let Some(column) = g.current_column().map(str::to_string)
                {
                    let descending =
                        matches!(action, Action::SortDescending | Action::ThenSortDescending);
                    let then = matches!(
                        action,
                        Action::ThenSortAscending | Action::ThenSortDescending
                    );
                    g.sort_by(&column, descending, then);
                }
            }
            Action::ClearFilter => {
                if let Some(g) = slot.and_then(|s| self.grid_mut(s)) {
                    g.clear_filter_and_sort();
                }
            }
            Action::HideColumn => {
                let chinese = lang == Language::Chinese;
                if let Some(g) = slot.and_then(|s| self.grid_mut(s)) {
                    let visible = g.visible_columns(chinese);
                    self.message = Some(match g.hide_column(&visible, lang) {
                        Ok(name) => tr!(lang, "grid-step-hidden", column = name),
                        Err(e) => e,
                    });
                }
            }
            Action::ShowColumns => {
                if let Some(g) = slot.and_then(|s| self.grid_mut(s)) {
                    self.message = Some(match g.show_columns() {
                        0 => tr!(lang, "grid-step-none-hidden"),
                        n => tr!(lang, "grid-step-shown-again", count = n),
                    });
                }
            }
            Action::Undo => {
                if let Some(g) = slot.and_then(|s| self.grid_mut(s))
                    && !g.undo_step()
                {
                    self.message = Some(tr!(lang, "grid-step-nothing-to-undo"));
                }
            }
            Action::CopyCell | Action::CopyRow => {
                if let Some(g) = slot.and_then(|s| self.grid(s))
                    && let Some(row) = g.current_row()
                {
                    let text = if action == Action::CopyCell {
                        g.current_text()
                    } else {
                        row.iter()
                            .map(|c| c.as_deref().unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join("\t")
                    };
                    self.message =
                        Some(tr!(lang, "grid-step-copied", count = text.chars().count()));
                    self.emit(Effect::Copy(text));
                }
            }
            Action::Narrower | Action::Wider => {
                let by = if action == Action::Wider { 4 } else { -4 };
                if let Some(g) = slot.and_then(|s| self.grid_mut(s)) {
                    // A column not yet sized by hand starts from the width it is drawn at, about this wide.
                    let current = g.columns.get(g.column).map_or(12, |c| {
                        u16::try_from(c.chars().count()).unwrap_or(12).max(12)
                    });
                    g.resize_column(by, current);
                }
            }
            _ => {}
        }
    }
}
