//! What each action does when no layer takes it: the pane keys, the grid's cursor and steps, the prompts a key opens.

use super::*;

impl App {
    pub fn on_action(&mut self, action: Action) {
        if self.on_layer_action(action) {
            return;
        }
        let slot = self.active_slot();
        let rows = slot.map_or(1, |s| self.grid_rows(s));
        match action {
            Action::Quit => self.emit(Effect::Quit),
            Action::NextPane | Action::PrevPane => {
                let panes = self.panes;
                let i = panes.iter().position(|p| p.pane == self.pane).unwrap_or(0);
                let n = panes.len().max(1);
                let to = if action == Action::NextPane {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                if let Some(spec) = panes.get(to) {
                    self.go(spec.pane);
                }
            }
            Action::Go(pane) => self.go(pane),
            Action::Help => self.layers.push(Layer::help()),
            Action::CommandLine => self
                .layers
                .push(Layer::Prompt(Prompt::Command, Default::default())),
            // `/` filters a grid's rows; where there is none it says so rather than taking text to no effect.
            Action::Search if slot.is_none() => {
                self.message = Some(crate::tr!(self.language, "status-search-no-grid"));
            }
            Action::Search => self
                .layers
                .push(Layer::Prompt(Prompt::Search, Default::default())),
            Action::SaveQuery => self
                .layers
                .push(Layer::Prompt(Prompt::SaveAs, Default::default())),
            Action::ToggleLanguage => self.toggle_language(),
            Action::Find => self
                .layers
                .push(Layer::Prompt(Prompt::Find, Default::default())),
            Action::Cancel => {
                if self.busy() {
                    self.cancel();
                }
            }
            // Esc while the view's query runs cancels it (the app stays where it is).
            Action::Back if self.view_loading() => self.cancel(),
            Action::Back => self.back(),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => {
                let delta: i64 = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(rows as i64),
                    Action::PageDown => rows as i64,
                    Action::Top => i64::MIN / 2,
                    _ => i64::MAX / 2,
                };
                match slot.and_then(|s| self.grid_mut(s)) {
                    Some(g) => g.move_cursor(delta, rows),
                    None => self.component().move_list(self, delta),
                }
            }
            Action::Left | Action::Right => {
                let d = if action == Action::Left { -1 } else { 1 };
                let chinese = self.language == Language::Chinese;
                match slot.and_then(|s| self.grid_mut(s)) {
                    Some(g) => {
                        let visible = g.visible_columns(chinese);
                        g.move_column(d, &visible);
                    }
                    None => self.component().move_sideways(self, d),
                }
            }
            Action::Open => self.open(),
            Action::Frequency => self.open_frequency(slot),
            Action::SortAscending
            | Action::SortDescending
            | Action::ThenSortAscending
            | Action::ThenSortDescending
            | Action::ClearFilter
            | Action::HideColumn
            | Action::ShowColumns
            | Action::Undo
            | Action::CopyCell
            | Action::CopyRow
            | Action::Narrower
            | Action::Wider => self.on_grid_step(action, slot),
            Action::CellDetail => self.cell_detail(slot),
            Action::WhereFrom => self.where_from(slot),
            Action::Export => self.open_export(slot),
            Action::Refresh => {
                if let Some(g) = slot.and_then(|s| self.grid_mut(s)) {
                    g.reset_rows();
                } else {
                    self.component().refresh(self);
                }
            }
            Action::Run => self.run_console(),
            Action::Complete => self.complete_word(),
            Action::HistoryPrevious | Action::HistoryNext => {
                self.console.history_step(action == Action::HistoryPrevious)
            }
            // Only the layers have fields and something to submit; under none of them these keys do nothing.
            Action::NextField | Action::PreviousField | Action::Submit => {}
        }
    }

    pub(super) fn cancel(&mut self) {
        self.message = Some(crate::i18n::text(self.language, CANCELLING, &[]));
        self.emit(Effect::Cancel);
    }

    pub(super) fn cell_detail(&mut self, slot: Option<Slot>) {
        if let Some(g) = slot.and_then(|s| self.grid(s))
            && let (Some(column), Some(row)) = (g.current_column(), g.current_row())
        {
            let lines = match row.get(g.column) {
                Some(Some(value)) => value.split('\n').map(str::to_string).collect(),
                _ => vec!["NULL".to_string()],
            };
            self.layers.push(Layer::Detail {
                title: crate::i18n::column_label(self.language, column),
                lines,
                scroll: 0,
            });
        }
    }
}
