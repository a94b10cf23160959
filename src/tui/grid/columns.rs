//! The grid's columns: which are shown and how wide (the one layout the view draws and update scrolls by), and
//! the steps that change the view of the rows — sort keys, filter, hidden columns — with their undo.

use std::collections::BTreeSet;

use crate::core::cells::{NULL_SHOWN, display_width, escape_control, qualified};
use crate::i18n::Lang;
use crate::tr;
use crate::tui::grid::{Filter, Grid};

/// A yes-or-no column of the contract or a shipped query (`is_synthetic`, `has_cqo`, `includes_synthetic`,
/// `headline`): `true`/`false` shown as the reader's language says yes and no.
fn is_flag(name: &str) -> bool {
    name.starts_with("is_")
        || name.starts_with("has_")
        || name.starts_with("includes_")
        || name == "headline"
}

/// The widest a column is drawn from its values alone; a wide terminal allows a third of its width, and room left
/// over goes to columns cut short.
const MAX_COLUMN_WIDTH: usize = 30;
/// Steps `u` can take back.
const UNDO_STEPS: usize = 100;

/// The view of a grid's rows before a change: what `u` goes back to.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewStep {
    sort: Vec<(String, bool)>,
    filter: Option<Filter>,
    hidden: BTreeSet<String>,
}

impl Grid {
    /// Where `column` is among the sort keys (0 first) and whether it sorts descending.
    pub fn sort_key(&self, column: &str) -> Option<(usize, bool)> {
        self.sort
            .iter()
            .position(|(c, _)| c == column)
            .and_then(|i| self.sort.get(i).map(|(_, d)| (i, *d)))
    }

    /// The mark a sorted column's header carries: its arrow, and its place when several columns sort.
    pub fn sort_mark(&self, column: &str, ascii: bool) -> Option<String> {
        let (place, descending) = self.sort_key(column)?;
        let arrow = match (descending, ascii) {
            (true, false) => "↓",
            (false, false) => "↑",
            (true, true) => "v",
            (false, true) => "^",
        };
        Some(if self.sort.len() > 1 {
            format!("{arrow}{}", place + 1)
        } else {
            arrow.to_string()
        })
    }

    /// Column `c`'s heading as drawn: its name in `lang` (`column-NAME`), then its sort mark.
    pub fn header(&self, c: usize, lang: Lang, ascii: bool) -> String {
        let name = self.columns.get(c).map_or("", String::as_str);
        let mut label = crate::i18n::column_label(lang, name);
        label.push_str(&self.sort_mark(name, ascii).unwrap_or_default());
        label
    }

    /// A cell as the grid shows it — the one computation the layout measures and the view draws: money in yuan in
    /// 万/亿 (`y` still copies the exact yuan), numbers without padding zeros, a figure with its qualifier's mark
    /// (≈8.70亿), a vocabulary's value in `lang` (the value itself in `v` and `i`). `None` is NULL.
    pub fn shown_cell(&self, row: &crate::tui::grid::Row, c: usize, lang: Lang) -> Option<String> {
        let name = self.columns.get(c).map_or("", String::as_str);
        let value = row.get(c)?.as_deref()?;
        let numeric = self.numeric.get(c).copied().unwrap_or(false);
        let text = if numeric && name.ends_with("_yuan") {
            crate::core::cells::money(value)
        } else if numeric {
            crate::core::cells::trim_decimal_zeros(value).to_string()
        } else if crate::i18n::VOCABULARIES.contains(&name) {
            crate::i18n::vocabulary(lang, name, value)
        } else if is_flag(name) {
            crate::i18n::vocabulary(lang, "boolean", value)
        } else {
            value.to_string()
        };
        let qualifier = crate::core::cells::qualifier_of(&self.columns, name)
            .and_then(|q| row.get(q).cloned().flatten());
        Some(match qualifier {
            Some(q) => qualified(lang, &text, &q),
            None => text,
        })
    }

    /// The columns on screen and the width of each, for the grid drawn `width` cells wide with `height` data rows:
    /// `visible[0]` frozen on the left, then the visible columns from `left`. The view draws exactly this and update
    /// scrolls by it, so the column cursor is always on a column that is drawn. `lang`: the language the figures'
    /// marks are written in (`150万 (exp.)`, `150万（预计）`), as the view draws them.
    pub fn column_layout(
        &self,
        visible: &[usize],
        width: u16,
        height: u64,
        lang: Lang,
    ) -> Vec<(usize, usize)> {
        let total = usize::from(width);
        let window: Vec<_> = (self.top..self.top.saturating_add(height))
            .filter_map(|i| self.row(i))
            .collect();
        let natural = |c: usize| -> usize {
            let header = display_width(&escape_control(&self.header(c, lang, true)));
            let cells = window
                .iter()
                .map(|r| match self.shown_cell(r, c, lang) {
                    Some(text) => display_width(&escape_control(&text)),
                    None => NULL_SHOWN.len(),
                })
                .max()
                .unwrap_or(0);
            header.max(cells)
        };
        let widest = MAX_COLUMN_WIDTH.max(total / 3);
        let width_of = |c: usize| match self.widths.get(&c) {
            Some(w) => usize::from(*w).clamp(3, total.max(3)),
            None => natural(c).clamp(3, widest),
        };
        let mut shown: Vec<(usize, usize)> = Vec::new();
        let mut used = 2;
        if let Some(&first) = visible.first() {
            let w = width_of(first);
            shown.push((first, w));
            used += w + 1;
        }
        let start = visible
            .iter()
            .position(|c| *c >= self.left.max(1))
            .unwrap_or(visible.len());
        for &c in visible.iter().skip(start.max(1)) {
            let w = width_of(c);
            if used + w > total && shown.len() > 1 {
                break;
            }
            shown.push((c, w.min(total.saturating_sub(used))));
            used += w + 1;
        }
        // Room left over goes to the columns cut short, left to right: a long title reads whole when there is room.
        let mut slack = total.saturating_sub(used);
        for (c, w) in &mut shown {
            if slack == 0 {
                break;
            }
            if self.widths.contains_key(c) {
                continue;
            }
            let more = natural(*c).min(total).saturating_sub(*w).min(slack);
            *w += more;
            slack -= more;
        }
        shown
    }

    /// Scroll the columns so the current one is drawn (by the same layout the view draws, in `lang`).
    pub fn scroll_to_column(&mut self, visible: &[usize], width: u16, height: u64, lang: Lang) {
        let Some(&first) = visible.first() else {
            return;
        };
        if self.column == first {
            // On the frozen column: back to the start.
            self.left = visible.get(1).copied().unwrap_or(1);
            return;
        }
        if self.column < self.left {
            self.left = self.column;
            return;
        }
        for _ in 0..visible.len() {
            if self
                .column_layout(visible, width, height, lang)
                .iter()
                .any(|(c, _)| *c == self.column)
            {
                return;
            }
            match visible.iter().copied().find(|c| *c > self.left) {
                Some(next) if next <= self.column => self.left = next,
                _ => return,
            }
        }
    }

    fn remember(&mut self) {
        self.undo.push(ViewStep {
            sort: self.sort.clone(),
            filter: self.filter.clone(),
            hidden: self.hidden.clone(),
        });
        if self.undo.len() > UNDO_STEPS {
            self.undo.remove(0);
        }
    }

    /// `s`/`S` sort by the column alone; `a`/`A` (`then`) add it after the sort keys there are.
    pub fn sort_by(&mut self, column: &str, descending: bool, then: bool) {
        self.remember();
        if then {
            self.sort.retain(|(c, _)| c != column);
        } else {
            self.sort.clear();
        }
        self.sort.push((column.to_string(), descending));
        self.reset_rows();
    }

    pub fn set_filter(&mut self, filter: Option<Filter>) {
        self.remember();
        self.filter = filter;
        self.reset_rows();
    }

    /// `c`: no filter and no sort (hidden columns stay hidden).
    pub fn clear_filter_and_sort(&mut self) {
        self.remember();
        self.sort.clear();
        self.filter = None;
        self.reset_rows();
    }

    /// `-`: hide the current column; the last one shown stays. Returns its name, or why not in `lang`.
    pub fn hide_column(&mut self, visible: &[usize], lang: Lang) -> Result<String, String> {
        let Some(name) = self.current_column().map(str::to_string) else {
            return Err(tr!(lang, "columns-no-column"));
        };
        if visible.len() <= 1 {
            return Err(tr!(lang, "columns-only-column", column = &name));
        }
        self.remember();
        self.hidden.insert(name.clone());
        Ok(name)
    }

    /// `+`: every hidden column shown again; how many there were.
    pub fn show_columns(&mut self) -> usize {
        let n = self.hidden.len();
        if n > 0 {
            self.remember();
            self.hidden.clear();
        }
        n
    }

    /// `u`: the filter, sort or hidden columns as they were before the last change. False when there is none.
    pub fn undo_step(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let rows_change = step.sort != self.sort || step.filter != self.filter;
        self.sort = step.sort;
        self.filter = step.filter;
        self.hidden = step.hidden;
        if rows_change {
            self.reset_rows();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::tui::grid::{Filter, Grid, GridQuery};

    fn grid(columns: &[&str], rows: &[&[&str]]) -> Grid {
        let mut g = Grid::new(GridQuery {
            sql: crate::core::gate::check("SELECT 1 AS a").unwrap().into(),
            params: Vec::new(),
            label: "t".into(),
        });
        g.store_page(
            0,
            columns.iter().map(|c| c.to_string()).collect(),
            vec![false; columns.len()],
            rows.iter()
                .map(|r| r.iter().map(|v| Some(v.to_string())).collect())
                .collect(),
            10,
        );
        g
    }

    #[test]
    fn the_current_column_is_scrolled_into_the_layout() {
        let wide = "x".repeat(25);
        let names = ["id", "a", "b", "c", "d", "e", "f"];
        let row: Vec<&str> = std::iter::once("1")
            .chain(std::iter::repeat_n(wide.as_str(), 6))
            .collect();
        let mut g = grid(&names, &[&row]);
        let visible: Vec<usize> = (0..names.len()).collect();
        for _ in 0..6 {
            g.move_column(1, &visible);
            g.scroll_to_column(&visible, 60, 10, Lang::English);
            let drawn = g.column_layout(&visible, 60, 10, Lang::English);
            assert!(
                drawn.iter().any(|(c, _)| *c == g.column),
                "column {} not in {drawn:?}",
                g.column
            );
        }
        assert_eq!(g.column, 6);
        g.move_column(-100, &visible);
        g.scroll_to_column(&visible, 60, 10, Lang::English);
        assert_eq!((g.column, g.left), (0, 1));
    }

    #[test]
    fn room_left_over_goes_to_a_column_cut_short() {
        let title = "t".repeat(70);
        let g = grid(&["id", "title"], &[&["1", &title]]);
        let narrow = g.column_layout(&[0, 1], 60, 10, Lang::English);
        // The gutter, the id column and the spaces after both.
        assert_eq!(narrow[1].1, 60 - 2 - 3 - 1 - 1, "{narrow:?}");
        let wide = g.column_layout(&[0, 1], 200, 10, Lang::English);
        assert_eq!(
            wide[1].1, 70,
            "the whole title where there is room: {wide:?}"
        );
    }

    #[test]
    fn sort_keys_hidden_columns_and_undo() {
        let mut g = grid(&["a", "b", "c"], &[&["1", "2", "3"]]);
        g.sort_by("b", true, false);
        g.sort_by("a", false, true);
        assert_eq!(g.sort, vec![("b".into(), true), ("a".into(), false)]);
        assert_eq!(g.sort_mark("a", false).as_deref(), Some("↑2"));
        let (sql, _) = g.page_sql(0).unwrap();
        assert!(
            sql.as_str().contains(
                "ORDER BY \"b\" DESC NULLS LAST, \"a\" ASC NULLS LAST, \"c\" ASC NULLS LAST"
            ),
            "{}",
            sql.as_str()
        );
        g.set_filter(Some(Filter::Contains("2".into())));
        g.column = 2;
        assert_eq!(g.hide_column(&[0, 1, 2], Lang::English).as_deref(), Ok("c"));
        assert_eq!(g.visible_columns(false), vec![0, 1]);
        assert!(
            g.hide_column(&[1], Lang::English).is_err(),
            "the last column shown stays"
        );
        assert!(g.undo_step());
        assert_eq!(g.visible_columns(false), vec![0, 1, 2]);
        assert!(g.undo_step());
        assert_eq!(g.filter, None);
        assert!(g.undo_step());
        assert_eq!(g.sort, vec![("b".into(), true)]);
        assert!(g.undo_step());
        assert!(g.sort.is_empty());
        assert!(!g.undo_step(), "nothing left to take back");
    }
}
