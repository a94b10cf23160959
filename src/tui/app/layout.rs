//! The one layout: where each part of the screen goes for a given app state and terminal size. `render` draws into
//! these rectangles and `update` sizes scrolling and paging from them, so the rows the cursor moves over are the
//! rows on screen.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use crate::tui::app::{App, Layer, Pane, PaneSpec};
use crate::tui::jobs::Slot;
use crate::tui::pane::Shape;

/// Below this the screen says it is too small instead of drawing.
pub const MIN_SIZE: (u16, u16) = (20, 6);
/// From this width a chart pane puts its chart beside the grid instead of under it.
pub const WIDE: u16 = 100;
/// The console's list of tables and columns, beside the editor and results on a wide screen.
const CATALOG_WIDTH: u16 = 34;
/// The ratings pane's per-aspect scores under the grid.
const SCORES_HEIGHT: u16 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub tabs: Rect,
    pub title: Rect,
    pub body: Rect,
    pub status: Rect,
    /// The pane's grid, its header row included (panes with a grid).
    pub grid: Option<Rect>,
    /// Beside or under the grid: a chart, the scores, the console's tables.
    pub side: Option<Rect>,
    /// The SQL console's editor.
    pub editor: Option<Rect>,
    /// The frequency view's popup and the grid inside its border.
    pub frequency: Option<(Rect, Rect)>,
}

/// The screen for `app` on `area`; `None` when the area is too small to draw anything but a notice.
pub fn screen(app: &App, area: Rect) -> Option<Screen> {
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return None;
    }
    let [tabs, title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (mut grid, mut side, mut editor) = (None, None, None);
    match app.pane_spec().shape {
        Shape::Whole => {}
        Shape::Grid => grid = Some(body),
        Shape::GridOverScores => {
            let [top, bottom] =
                Layout::vertical([Constraint::Min(2), Constraint::Length(SCORES_HEIGHT)])
                    .areas(body);
            (grid, side) = (Some(top), Some(bottom));
        }
        Shape::EditorOverGrid => {
            // The lake's tables and columns beside both, when there is room.
            let (main, list) = if body.width >= WIDE {
                let [main, list] =
                    Layout::horizontal([Constraint::Min(40), Constraint::Length(CATALOG_WIDTH)])
                        .areas(body);
                (main, Some(list))
            } else {
                (body, None)
            };
            let [top, bottom] = Layout::vertical([
                Constraint::Length(app.console.height(main.width)),
                Constraint::Min(1),
            ])
            .areas(main);
            (editor, grid, side) = (Some(top), Some(bottom), list);
        }
        Shape::GridBesideChart => {
            let wide = body.width >= WIDE;
            let [first, second] = Layout::new(
                if wide {
                    Direction::Horizontal
                } else {
                    Direction::Vertical
                },
                [
                    Constraint::Percentage(if wide { 58 } else { 55 }),
                    Constraint::Min(4),
                ],
            )
            .areas(body);
            (grid, side) = (Some(first), Some(second));
        }
    }
    let frequency = app
        .layers
        .iter()
        .any(|l| matches!(l, Layer::Frequency { .. }))
        .then(|| {
            let outer = popup(area, 60, area.height.saturating_sub(4));
            (outer, inner(outer))
        });
    Some(Screen {
        tabs,
        title,
        body,
        status,
        grid,
        side,
        editor,
        frequency,
    })
}

/// The area inside a one-cell border.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// A centred popup of at most `width` x `height`, leaving a margin where the screen allows.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width
        .min(area.width.saturating_sub(2))
        .max(10)
        .min(area.width);
    let h = height
        .min(area.height.saturating_sub(2))
        .max(3)
        .min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The tabs on the top line: whether the name `qlake` leads (from 90 columns), and each pane's label and first
/// column. The view draws them from here and a click is mapped back through it.
pub fn tabs(
    panes: &[PaneSpec],
    width: u16,
    lang: crate::i18n::Lang,
) -> (bool, Vec<(Pane, String, u16)>) {
    let named = width >= 90;
    let mut x: u16 = if named { 7 } else { 0 };
    let mut out = Vec::new();
    for spec in panes {
        let label = format!(" {} {} ", spec.key, spec.label(lang));
        let w = u16::try_from(crate::core::cells::display_width(&label)).unwrap_or(u16::MAX);
        out.push((spec.pane, label, x));
        x = x.saturating_add(w);
    }
    (named, out)
}

/// The pane whose tab is at column `x`.
pub fn tab_at(panes: &[PaneSpec], width: u16, lang: crate::i18n::Lang, x: u16) -> Option<Pane> {
    let (_, tabs) = tabs(panes, width, lang);
    tabs.iter()
        .find(|(_, label, start)| {
            let w = u16::try_from(crate::core::cells::display_width(label)).unwrap_or(0);
            (*start..start.saturating_add(w)).contains(&x)
        })
        .map(|(pane, _, _)| *pane)
}

/// The reading popups (help, a whole cell, where from): as wide as a comfortable line allows, as tall as their
/// `lines` (wrapped) need, up to the screen's height.
pub fn reading_rect(area: Rect, lines: usize) -> Rect {
    let height = u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(area.height.saturating_sub(2));
    popup(area, area.width.saturating_sub(4).min(120), height)
}

/// The width a reading popup's text is wrapped to on a terminal of `size`.
pub fn reading_width(size: (u16, u16)) -> u16 {
    inner(reading_rect(Rect::new(0, 0, size.0, size.1), 1)).width
}

/// The lines of text a reading popup of `lines` shows at once on a terminal of `size`.
pub fn reading_page(size: (u16, u16), lines: usize) -> usize {
    usize::from(inner(reading_rect(Rect::new(0, 0, size.0, size.1), lines)).height).max(1)
}

/// Where a grid is drawn (its header row included), if it is on screen.
pub fn grid_area(app: &App, slot: Slot) -> Option<Rect> {
    let (w, h) = app.size;
    screen(app, Rect::new(0, 0, w, h)).and_then(|s| match slot {
        Slot::Frequency => s.frequency.map(|(_, grid)| grid),
        _ => s.grid,
    })
}

/// Data rows a grid shows (its area less the header row), at least one.
pub fn grid_rows(app: &App, slot: Slot) -> u64 {
    grid_area(app, slot).map_or(1, |a| u64::from(a.height.saturating_sub(1)).max(1))
}
