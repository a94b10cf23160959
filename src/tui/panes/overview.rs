//! The overview pane: the provinces' key figures over three charts, each a tile over a saved query. It owns its
//! layout — where the tiles go and which line is which province — for the drawing and a click alike.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::core::cells::{
    display_width, escape_control, pad_to_width, qualified, truncate_to_width,
};
use crate::core::queries::TileKind;
use crate::i18n::Lang;
use crate::tr;
use crate::tui::app::component::{Component, list_step};
use crate::tui::app::layout::Screen;
use crate::tui::app::reading::{Tone, key_column};
use crate::tui::app::{App, Language, Tile};
use crate::tui::jobs::Slot;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::view::charts::{count, render_bars, render_gauges, render_money, tile_frame};
use crate::tui::view::{list_line, rows_plus};

pub struct Overview;

impl Component for Overview {
    fn heading(&self, app: &App, _: &Theme) -> String {
        tr!(
            app.language,
            "heading-overview",
            hint = app.pane.hint(app.language)
        )
    }

    fn body(&self, app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
        render_overview(app, theme, frame, screen);
    }

    fn slot(&self, _app: &App) -> Option<Slot> {
        None
    }

    fn help(&self, _app: &App, lang: Lang) -> Vec<(Tone, String)> {
        let mut lines = vec![(Tone::Heading, tr!(lang, "help-figures"))];
        for (mark, means) in [
            ("78+", tr!(lang, "help-mark-at-least")),
            (">2.30亿", tr!(lang, "help-mark-more-than")),
            ("≈8.70亿", tr!(lang, "help-mark-about")),
            ("≤25万", tr!(lang, "help-mark-at-most")),
            (
                &tr!(lang, "help-mark-expected-example"),
                tr!(lang, "help-mark-expected"),
            ),
            ("58 (3)", tr!(lang, "help-mark-slice")),
            ("7 +5", tr!(lang, "help-mark-synthetic")),
            ("*", tr!(lang, "help-mark-contradicts")),
        ] {
            lines.push((Tone::Plain, format!("{}  {means}", key_column(mark))));
        }
        lines
    }

    fn open(&self, app: &mut App) {
        app.drill_from_dashboard();
    }

    fn move_list(&self, app: &mut App, delta: i64) {
        app.dashboard.card = list_step(app.dashboard.card, app.dashboard.provinces(), delta);
    }

    fn move_sideways(&self, app: &mut App, delta: i64) {
        self.move_list(app, delta);
    }

    fn refresh(&self, app: &mut App) {
        app.dashboard.reload();
    }

    fn where_from(&self, app: &mut App) {
        app.headline_where_from();
    }

    fn schedule(&self, app: &mut App) {
        app.schedule_tiles();
    }

    /// A province's line of the key figures selects it; on the one selected it drills (a right click opens the
    /// sentences of its figures).
    fn click(&self, app: &mut App, screen: &Screen, at: Position, right: bool) -> bool {
        let Some(card) = card_at(app, screen.body, at) else {
            return false;
        };
        let again = app.dashboard.card == card;
        app.dashboard.card = card;
        if right {
            app.where_from(None);
        } else if again {
            app.on_action(Action::Open);
        }
        true
    }
}

/// Where the overview's tiles go in its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub kpis: Rect,
    pub funding: Rect,
    pub ratings: Rect,
    pub coverage: Rect,
}

/// The one computation of the tiles' places: the key figures as tall as their provinces need (within what leaves
/// the charts room), the three charts side by side under them.
pub fn areas(app: &App, body: Rect) -> Areas {
    let kpi_height =
        rows_plus(app.dashboard.provinces(), 3).clamp(5, body.height.saturating_sub(6).max(5));
    let [kpis, charts] =
        Layout::vertical([Constraint::Length(kpi_height), Constraint::Min(4)]).areas(body);
    let [funding, ratings, coverage] = Layout::horizontal([
        Constraint::Percentage(42),
        Constraint::Percentage(26),
        Constraint::Percentage(32),
    ])
    .areas(charts);
    Areas {
        kpis,
        funding,
        ratings,
        coverage,
    }
}

/// The province whose line of the key figures is drawn at `at`, if one is: inside the tile's border, below its
/// header, and only a line the tile has room to show.
pub fn card_at(app: &App, body: Rect, at: Position) -> Option<usize> {
    let kpis = areas(app, body).kpis;
    let inner = crate::tui::app::layout::inner(kpis);
    if !inner.contains(at) {
        return None;
    }
    // The first line of the tile is its header.
    let card = usize::from(at.y.checked_sub(inner.y)?.checked_sub(1)?);
    (card < app.dashboard.provinces()).then_some(card)
}

fn render_overview(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
    let Areas {
        kpis: top,
        funding,
        ratings,
        coverage,
    } = areas(app, screen.body);
    let tile = |kind| app.dashboard.tile(kind);
    if let Some(kpis) = tile(TileKind::KeyFigures) {
        render_kpis(app, theme, frame, top, kpis);
    }
    if let Some(t) = tile(TileKind::Money) {
        render_money(app.language, theme, frame, funding, t);
    }
    if let Some(t) = tile(TileKind::Bars) {
        let labels = if app.language == Language::Chinese {
            ["rating_zh", "rating"]
        } else {
            ["rating", "rating_zh"]
        };
        render_bars(app.language, theme, frame, ratings, t, &labels, "projects");
    }
    if let Some(t) = tile(TileKind::Gauges) {
        render_gauges(app.language, theme, frame, coverage, t);
    }
}

/// A headline figure beside the lake's count of the same slice, both from the reconciliation that declares it.
struct Headline {
    in_lake: String,
    in_lake_real: String,
    published: String,
    counts: String,
}

/// The province's headline reconciliation for `measure`, read from the reconciliations tile.
fn headline(app: &App, province: &str, measure: &str) -> Option<Headline> {
    let (t, row) = app.dashboard.headline(province, measure)?;
    let counts = crate::tui::app::dashboard::headline_label(t, row, app.language);
    let published = t.value(row, "published");
    Some(Headline {
        in_lake: count(&t.value(row, "in_lake")),
        in_lake_real: count(&t.value(row, "in_lake_real")),
        // `*`: the source contradicts itself (its note, in `i`, says how).
        published: if published.is_empty() {
            "–".into()
        } else {
            format!(
                "{}{}",
                qualified(app.language, &count(&published), &t.value(row, "qualifier")),
                // not text: a value of reconciliations.rule
                if t.value(row, "rule") == "source inconsistent" {
                    "*"
                } else {
                    ""
                }
            )
        },
        counts,
    })
}

/// The key figures: per province, the lake's count of each headline figure's slice (its real part in brackets)
/// beside the published figure, marked with its qualifier and saying what it counts; where the province publishes no
/// such figure, nothing stands in for it. Then the share of its real ratings that are excellent.
fn render_kpis(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect, kpis: &Tile) {
    let lang = app.language;
    let Some(inner) = tile_frame(lang, kpis, theme, frame, area) else {
        return;
    };
    let name = app.name_column();
    let width = inner.width as usize;
    let sep = theme.glyphs().separator;
    // The inner width: a 100-column terminal has 98 here.
    // As wide as the longest name (湖北省 takes 6 columns, Guangdong 9), within what the width allows.
    let widest_name = kpis
        .table
        .rows
        .iter()
        .map(|r| display_width(&kpis.table.value(r, name)))
        .max()
        .unwrap_or(6);
    let name_w = widest_name.clamp(6, if width < 118 { 9 } else { 10 });
    let (lake_w, pub_w, share_w) = (11, 8, 9);
    // What the figures count gets the rest, shared by the two measures.
    let fixed_w = name_w + 2 * (lake_w + pub_w + 2 + 3) + share_w + 1;
    let counts_w = (width.saturating_sub(fixed_w) / 2).max(4);
    let measure = |h: Option<Headline>| -> String {
        match h {
            Some(h) => format!(
                "{} {} {}",
                pad_to_width(&format!("{} ({})", h.in_lake, h.in_lake_real), lake_w, true),
                pad_to_width(&h.published, pub_w, true),
                pad_to_width(&truncate_to_width(&h.counts, counts_w), counts_w, false)
            ),
            // Nothing stands in for a figure the province does not publish.
            None => pad_to_width(
                &format!(
                    "{} –  {}",
                    pad_to_width("", lake_w - 1, false),
                    tr!(lang, "kpi-none-published")
                ),
                lake_w + pub_w + counts_w + 2,
                false,
            ),
        }
    };
    let header = format!(
        "{} {}{sep}{}{sep}{}",
        pad_to_width("", name_w, false),
        pad_to_width(
            &tr!(lang, "kpi-projects-header"),
            lake_w + pub_w + counts_w + 2,
            false
        ),
        pad_to_width(
            &tr!(lang, "kpi-firms-header"),
            lake_w + pub_w + counts_w + 2,
            false
        ),
        pad_to_width(&tr!(lang, "kpi-excellent"), share_w, true),
    );
    let mut lines = vec![Line::styled(
        truncate_to_width(&header, width).into_owned(),
        theme.dim(),
    )];
    for (i, r) in kpis.table.rows.iter().enumerate() {
        let cell = |c: &str| kpis.table.value(r, c);
        let province = cell("province_code");
        let pct = cell("excellent_pct");
        let text = format!(
            "{} {}{sep}{}{sep}{}",
            pad_to_width(&escape_control(&cell(name)), name_w, false),
            escape_control(&measure(headline(app, &province, "projects"))),
            escape_control(&measure(headline(app, &province, "enterprises"))),
            pad_to_width(
                &if pct.is_empty() {
                    "–".to_string()
                } else {
                    format!("{pct}%")
                },
                share_w,
                true
            ),
        );
        lines.push(list_line(theme, &text, width, i == app.dashboard.card));
    }
    lines.push(Line::styled(
        truncate_to_width(&tr!(lang, "kpi-legend"), width).into_owned(),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
