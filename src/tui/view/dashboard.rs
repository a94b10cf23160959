//! The overview: the provinces' figures and three charts, each a tile over a saved query.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::core::cells::{display_width, escape_control, fixed, pad_to_width, truncate_to_width};
use crate::tui::app::{App, Language, Tile};
use crate::tui::layout::Screen;
use crate::tui::view::{Theme, error_lines, list_line, rows_plus};

/// Money in yuan as people here read it: 亿元 from 100 million, else 万元.
pub fn money(yuan: &str) -> String {
    let Ok(v) = yuan.parse::<f64>() else {
        return yuan.to_string();
    };
    if v == 0.0 {
        "–".to_string()
    } else if v.abs() >= 1e8 {
        format!("{}亿", fixed(v / 1e8, 2))
    } else if v.abs() >= 1e4 {
        format!("{}万", fixed(v / 1e4, 0))
    } else {
        format!("{}元", fixed(v, 0))
    }
}

fn tile_block<'a>(tile: &'a Tile, theme: &Theme) -> Block<'a> {
    theme
        .block()
        .title(Span::styled(tile.title.clone(), theme.accent()))
}

fn tile_state(tile: &Tile, theme: &Theme, frame: &mut Frame<'_>, inner: Rect) -> bool {
    if let Some(e) = &tile.error {
        frame.render_widget(
            Paragraph::new(error_lines(e))
                .style(theme.error())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return false;
    }
    if !tile.loaded {
        frame.render_widget(Paragraph::new("loading…").style(theme.dim()), inner);
        return false;
    }
    true
}

pub(crate) fn render_dashboard(app: &App, theme: &Theme, frame: &mut Frame<'_>, screen: &Screen) {
    let area = screen.body;
    let kpi_height =
        rows_plus(app.dashboard.provinces(), 3).clamp(5, area.height.saturating_sub(6).max(5));
    let [top, charts] =
        Layout::vertical([Constraint::Length(kpi_height), Constraint::Min(4)]).areas(area);
    if let Some(kpis) = app.dashboard.tiles.first() {
        render_kpis(app, theme, frame, top, kpis);
    }
    let [funding, ratings, coverage] = Layout::horizontal([
        Constraint::Percentage(42),
        Constraint::Percentage(26),
        Constraint::Percentage(32),
    ])
    .areas(charts);
    if let Some(t) = app.dashboard.tiles.get(1) {
        render_money(theme, frame, funding, t);
    }
    if let Some(t) = app.dashboard.tiles.get(2) {
        let label = if app.language == Language::Chinese {
            "rating_zh"
        } else {
            "rating"
        };
        render_bars(theme, frame, ratings, t, &[label], "projects", false);
    }
    if let Some(t) = app.dashboard.tiles.get(3) {
        render_gauges(theme, frame, coverage, t);
    }
}

/// A whole number as people read it: `18558.0000` → `18,558`; anything else as it is.
pub fn count(text: &str) -> String {
    let Ok(v) = text.parse::<f64>() else {
        return text.to_string();
    };
    if v.fract() != 0.0 || v.abs() >= 1e15 {
        return fixed(v, 1);
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// A published figure with its qualifier: `10,100+` (more than), `≥95`, `~8.7亿`, `≤25万`.
pub fn qualified(value: &str, qualifier: &str) -> String {
    match qualifier {
        "more than" => format!("{value}+"),
        "at least" => format!("≥{value}"),
        "about" => format!("~{value}"),
        "at most" | "up to" => format!("≤{value}"),
        "expected" => format!("{value} (expected)"),
        _ => value.to_string(),
    }
}

/// The key figures: per province, projects and enterprises in the lake (the real part in brackets) beside the
/// published figure and what it covers, so a count is never read as the published total.
fn render_kpis(app: &App, theme: &Theme, frame: &mut Frame<'_>, area: Rect, kpis: &Tile) {
    let block = tile_block(kpis, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !tile_state(kpis, theme, frame, inner) {
        return;
    }
    let name = app.name_column();
    let width = inner.width as usize;
    let name_w = width.saturating_sub(70).clamp(8, 24);
    let (count_w, published_w, firms_w) = (8, 16, 12);
    let sep = theme.glyphs().separator;
    let row = |name: &str, projects: &str, p_pub: &str, firms: &str, f_pub: &str, pct: &str| {
        format!(
            "{} {}{sep}{} {}{sep}{} {}",
            pad_to_width(name, name_w, false),
            pad_to_width(projects, count_w, true),
            pad_to_width(p_pub, published_w, false),
            pad_to_width(firms, firms_w, true),
            pad_to_width(f_pub, published_w + 1, false),
            pad_to_width(pct, 9, true)
        )
    };
    let header = row(
        "province",
        "projects",
        "published",
        "firms (real)",
        "published",
        "excellent",
    );
    let mut lines = vec![Line::styled(
        truncate_to_width(&header, width).into_owned(),
        theme.dim(),
    )];
    for (i, r) in kpis.table.rows.iter().enumerate() {
        let cell = |c: &str| kpis.table.value(r, c);
        let published = |measure: &str| {
            let value = cell(&format!("{measure}_published"));
            if value.is_empty() {
                return "–".to_string();
            }
            let figure = qualified(&count(&value), &cell(&format!("{measure}_qualifier")));
            format!("{figure} {}", cell(&format!("{measure}_covers")))
        };
        let pct = cell("excellent_pct");
        let text = row(
            &escape_control(&cell(name)),
            &count(&cell("projects")),
            &escape_control(&published("projects")),
            &format!(
                "{} ({})",
                count(&cell("enterprises")),
                count(&cell("enterprises_real"))
            ),
            &escape_control(&published("enterprises")),
            &if pct.is_empty() {
                "–".to_string()
            } else {
                format!("{pct}%")
            },
        );
        lines.push(list_line(theme, &text, width, i == app.dashboard.card));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The money tile: public money, credit and enterprises' own investment (and amounts whose payer no source names),
/// each under its own heading and on its own scale, every bar one kind, scope and year.
pub(super) fn render_money(theme: &Theme, frame: &mut Frame<'_>, area: Rect, tile: &Tile) {
    let block = tile_block(tile, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !tile_state(tile, theme, frame, inner) {
        return;
    }
    let table = &tile.table;
    let mut classes: Vec<(String, Vec<Bar>)> = Vec::new();
    for r in &table.rows {
        let class = table.value(r, "class");
        let scope = match table.value(r, "scope").as_str() {
            "annual total" => "/yr",
            "cumulative total" => "/cum",
            _ => "",
        };
        let raw = table.value(r, "amount_yuan");
        let bar = Bar {
            label: format!(
                "{} {} {}{scope}",
                table.value(r, "province_code").trim_start_matches("CN-"),
                table.value(r, "year"),
                short_kind(&table.value(r, "kind"))
            ),
            value: raw.parse().unwrap_or(0.0),
            shown: money(&raw),
        };
        match classes.iter_mut().find(|(c, _)| *c == class) {
            Some((_, bars)) => bars.push(bar),
            None => classes.push((class, vec![bar])),
        }
    }
    for (_, bars) in &mut classes {
        bars.sort_by(|a, b| b.value.total_cmp(&a.value));
    }
    // Every class gets its heading and at least one bar when the tile has the room; the rest of the rows go to the
    // classes in order.
    let height = inner.height as usize;
    let mut quota: Vec<usize> = classes.iter().map(|_| 0).collect();
    let mut left = height.saturating_sub(classes.len());
    for round in 0.. {
        let mut gave = false;
        for (i, (_, bars)) in classes.iter().enumerate() {
            if left > 0 && quota.get(i).is_some_and(|q| *q == round && *q < bars.len()) {
                if let Some(q) = quota.get_mut(i) {
                    *q += 1;
                }
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for ((class, bars), shown) in classes.iter().zip(quota) {
        if lines.len() >= height {
            break;
        }
        let heading = match class.as_str() {
            "unspecified" => "payer not stated",
            other => other,
        };
        let more = bars.len().saturating_sub(shown);
        let heading = if more > 0 {
            format!("{heading} (+{more} more)")
        } else {
            heading.to_string()
        };
        lines.push(Line::styled(
            truncate_to_width(&heading, width).into_owned(),
            theme.accent(),
        ));
        lines.extend(bar_lines(
            theme,
            bars.get(..shown).unwrap_or_default(),
            width,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The kinds of money in few letters, for bar labels (the funding pane has the full names).
fn short_kind(kind: &str) -> &str {
    match kind {
        "programme grant" => "grant",
        "special fund" => "special fund",
        "local match" => "local match",
        "award subsidy" => "awards",
        "service purchase" => "services",
        "programme spending" => "spending",
        "loan" => "loan",
        "credit line" => "credit line",
        "enterprise investment" => "own investment",
        other => other,
    }
}

/// One bar of a chart: its label, its value and how the value reads.
struct Bar {
    label: String,
    value: f64,
    shown: String,
}

/// Bars scaled to the largest of them (never to another chart's), labels and values aligned.
fn bar_lines<'a>(theme: &Theme, bars: &[Bar], width: usize) -> Vec<Line<'a>> {
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let value_w = bars
        .iter()
        .map(|b| display_width(&b.shown))
        .max()
        .unwrap_or(1);
    let label_w = bars
        .iter()
        .map(|b| display_width(&b.label))
        .max()
        .unwrap_or(4)
        .min(width.saturating_sub(value_w + 5))
        .max(2);
    let bar_w = width.saturating_sub(label_w + value_w + 2);
    bars.iter()
        .map(|b| {
            let filled = ((b.value / max) * bar_w as f64).round() as usize;
            Line::from(vec![
                Span::raw(pad_to_width(&escape_control(&b.label), label_w, false)),
                Span::raw(" "),
                Span::styled(theme.glyphs().bar.repeat(filled), theme.bar()),
                Span::raw(" ".repeat(bar_w.saturating_sub(filled) + 1)),
                Span::raw(pad_to_width(&b.shown, value_w, true)),
            ])
        })
        .collect()
}

pub(super) fn render_bars(
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    tile: &Tile,
    labels: &[&str],
    value: &str,
    is_money: bool,
) {
    let block = tile_block(tile, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !tile_state(tile, theme, frame, inner) {
        return;
    }
    // The first of the label columns the result has.
    let label_column = labels
        .iter()
        .find(|c| tile.table.columns.iter().any(|x| x == *c));
    let bars: Vec<Bar> = tile
        .table
        .rows
        .iter()
        .take(inner.height as usize)
        .map(|r| {
            let raw = tile.table.value(r, value);
            Bar {
                label: label_column
                    .map(|c| tile.table.value(r, c))
                    .unwrap_or_default(),
                value: raw.parse().unwrap_or(0.0),
                shown: if is_money { money(&raw) } else { raw.clone() },
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(bar_lines(theme, &bars, inner.width as usize)),
        inner,
    );
}

fn render_gauges(theme: &Theme, frame: &mut Frame<'_>, area: Rect, tile: &Tile) {
    let block = tile_block(tile, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if !tile_state(tile, theme, frame, inner) {
        return;
    }
    let width = inner.width as usize;
    let lines: Vec<Line<'_>> = tile
        .table
        .rows
        .iter()
        .take(inner.height as usize)
        .map(|r| {
            let cell = |c: &str| tile.table.value(r, c);
            let pct: f64 = cell("reached_pct").parse().unwrap_or(0.0);
            // Lake text: shown escaped, never dropped or passed to the terminal.
            let label = escape_control(&format!(
                "{} {} {}",
                cell("province_code").trim_start_matches("CN-"),
                cell("year"),
                cell("tier")
            ))
            .into_owned();
            let full = escape_control(&format!(
                "{}/{} {}%",
                cell("actual"),
                cell("target"),
                fixed(pct, 0)
            ))
            .into_owned();
            // Narrow screens keep the bar and the share; the counts come back when there is room.
            let text = if display_width(&label) + display_width(&full) + 8 <= width {
                full
            } else {
                format!("{}%", fixed(pct, 0))
            };
            let bar_w = width.saturating_sub(display_width(&label) + display_width(&text) + 2);
            let filled = ((pct.min(100.0) / 100.0) * bar_w as f64).round() as usize;
            Line::from(vec![
                Span::raw(label),
                Span::raw(" "),
                Span::styled(theme.glyphs().gauge_on.repeat(filled), theme.bar()),
                Span::styled(
                    theme
                        .glyphs()
                        .gauge_off
                        .repeat(bar_w.saturating_sub(filled)),
                    theme.dim(),
                ),
                Span::raw(" "),
                Span::raw(text),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
