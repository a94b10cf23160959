//! The charts a tile or a pane draws from a saved query's rows: money on one scale per scope, bars, gauges, and the
//! frame every tile shares (its title, its error, loading).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::core::cells::money;
use crate::core::cells::{
    display_width, escape_control, fixed, pad_to_width, qualified, truncate_to_width,
};
use crate::tr;
use crate::tui::app::{Language, Tile};
use crate::tui::view::{Theme, error_lines};

/// A tile's border and title, then its error or "loading" inside; the area left for its figures once it has them.
pub(crate) fn tile_frame(
    lang: Language,
    tile: &Tile,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) -> Option<Rect> {
    let block = tile_block(lang, tile, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    tile_state(lang, tile, theme, frame, inner).then_some(inner)
}

fn tile_block<'a>(lang: Language, tile: &'a Tile, theme: &Theme) -> Block<'a> {
    // A user's query titles its tile: its words are shown, never sent to the terminal as controls.
    theme.block().title(Span::styled(
        escape_control(tile.title_in(lang)).into_owned(),
        theme.accent(),
    ))
}

fn tile_state(
    lang: Language,
    tile: &Tile,
    theme: &Theme,
    frame: &mut Frame<'_>,
    inner: Rect,
) -> bool {
    if let Some(e) = &tile.error {
        frame.render_widget(
            Paragraph::new(error_lines(lang, e))
                .style(theme.error())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return false;
    }
    if !tile.loaded {
        frame.render_widget(
            Paragraph::new(tr!(lang, "grid-loading")).style(theme.dim()),
            inner,
        );
        return false;
    }
    true
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

/// What the bars of one section cover: amounts of one scope share a scale, whatever their class (the class is in the
/// label, and a sum is never made across classes).
fn scope_heading(lang: Language, scope: &str) -> String {
    match scope {
        "annual total" => tr!(lang, "money-annual-totals"), // not text: a value of funding.scope
        "cumulative total" => tr!(lang, "money-cumulative-totals"), // not text: a value
        "item" => tr!(lang, "money-items"),
        _ => tr!(lang, "money-other"),
    }
}

/// The money tile: amounts of one scope (a year's total, a total to date, a single amount) on one scale, each bar one
/// province, year and kind, its figure marked with its qualifier.
pub(crate) fn render_money(
    lang: Language,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    tile: &Tile,
) {
    let Some(inner) = tile_frame(lang, tile, theme, frame, area) else {
        return;
    };
    let table = &tile.table;
    let mut sections: Vec<(String, Vec<Bar>)> = Vec::new();
    for r in &table.rows {
        let heading = scope_heading(lang, &table.value(r, "scope"));
        let raw = table.value(r, "amount_yuan");
        let province = table.value(r, "province_code");
        let province = province.trim_start_matches("CN-").to_string();
        let year = table.value(r, "year");
        let kind = table.value(r, "kind");
        let bar = Bar {
            // Longest first: the chart takes the longest form that fits every bar.
            labels: vec![
                format!("{province} {year} {}", kind_name(lang, &kind)),
                format!("{province} {year} {}", short_kind(lang, &kind)),
                format!("{province} {}", short_kind(lang, &kind)),
                format!("{province} {year}"),
                province,
            ],
            value: raw.parse().unwrap_or(0.0),
            shown: qualified(lang, &money(&raw), &table.value(r, "qualifier")),
        };
        match sections.iter_mut().find(|(h, _)| *h == heading) {
            Some((_, bars)) => bars.push(bar),
            None => sections.push((heading, vec![bar])),
        }
    }
    for (_, bars) in &mut sections {
        bars.sort_by(|a, b| b.value.total_cmp(&a.value));
    }
    // Every section gets its heading and at least one bar when the tile has the room; the rest of the rows go to the
    // sections in order.
    let height = inner.height as usize;
    let mut quota: Vec<usize> = sections.iter().map(|_| 0).collect();
    let mut left = height.saturating_sub(sections.len());
    for round in 0.. {
        let mut gave = false;
        for (i, (_, bars)) in sections.iter().enumerate() {
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
    // One label and value width for the whole tile: a bar's length depends on its amount and its section's largest,
    // never on the length of a label.
    let shown: Vec<&Bar> = sections
        .iter()
        .zip(&quota)
        .flat_map(|((_, bars), q)| bars.iter().take(*q))
        .collect();
    let layout = BarLayout::for_bars(&shown, width);
    let mut lines = Vec::new();
    for ((heading, bars), shown) in sections.iter().zip(quota) {
        if lines.len() >= height {
            break;
        }
        let more = bars.len().saturating_sub(shown);
        // "one scale" where there is room; the count of bars left out always.
        let more = if more > 0 {
            format!(" · +{more}")
        } else {
            String::new()
        };
        let full = tr!(
            lang,
            "money-one-scale",
            heading = heading.as_str(),
            more = more.as_str()
        );
        let heading = if display_width(&full) <= width {
            full
        } else {
            format!("{heading}{more}")
        };
        lines.push(Line::styled(
            truncate_to_width(&heading, width).into_owned(),
            theme.accent(),
        ));
        lines.extend(layout.lines(theme, bars.get(..shown).unwrap_or_default(), bars));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A kind of money as the reader's language names it (the vocabulary's own value where it has no message).
fn kind_name(lang: Language, kind: &str) -> String {
    crate::i18n::vocabulary(lang, "kind", kind)
}

/// The kinds of money in few letters, for bar labels (the funding pane has the full names).
fn short_kind(lang: Language, kind: &str) -> String {
    crate::i18n::vocabulary(lang, "kind-short", kind)
}

/// One bar of a chart: its labels (longest first), its value and how the value reads.
struct Bar {
    labels: Vec<String>,
    value: f64,
    shown: String,
}

/// The columns of a chart's bars, the same for every bar of it: the label form that fits them all, the width of
/// labels and of values, and what is left for the bar.
struct BarLayout {
    form: usize,
    label_w: usize,
    value_w: usize,
    bar_w: usize,
}

impl BarLayout {
    fn for_bars(bars: &[&Bar], width: usize) -> BarLayout {
        let value_w = bars
            .iter()
            .map(|b| display_width(&b.shown))
            .max()
            .unwrap_or(1);
        // Labels take at most three fifths of the width the values leave; the bar keeps the rest.
        let room = width.saturating_sub(value_w + 2) * 3 / 5;
        let forms = bars
            .iter()
            .map(|b| b.labels.len())
            .min()
            .unwrap_or(1)
            .max(1);
        let widest = |form: usize| {
            bars.iter()
                .map(|b| b.labels.get(form).map_or(0, |l| display_width(l)))
                .max()
                .unwrap_or(0)
        };
        // The longest form whose every label fits whole; the shortest cut at the edge when none does.
        let form = (0..forms).find(|f| widest(*f) <= room).unwrap_or(forms - 1);
        let label_w = widest(form).min(room).max(2);
        BarLayout {
            form,
            label_w,
            value_w,
            bar_w: width.saturating_sub(label_w + value_w + 2),
        }
    }

    /// Labels as wide as `widest` (within the room a bar leaves): another language's labels draw the bars the same.
    fn fit_labels(&mut self, widest: usize, width: usize) {
        let room = width.saturating_sub(self.value_w + 2) * 3 / 5;
        self.label_w = widest.min(room).max(self.label_w.min(room)).max(2);
        self.bar_w = width.saturating_sub(self.label_w + self.value_w + 2);
    }

    /// `bars` drawn on the scale of the largest of `scale`; a bar of a value above nothing is at least one cell.
    fn lines<'a>(&self, theme: &Theme, bars: &[Bar], scale: &[Bar]) -> Vec<Line<'a>> {
        let max = scale
            .iter()
            .map(|b| b.value)
            .fold(0.0_f64, f64::max)
            .max(1.0);
        bars.iter()
            .map(|b| {
                let label = b
                    .labels
                    .get(self.form)
                    .or_else(|| b.labels.last())
                    .map_or("", String::as_str);
                let filled = ((b.value / max) * self.bar_w as f64).round() as usize;
                let filled = if b.value > 0.0 { filled.max(1) } else { filled };
                Line::from(vec![
                    Span::raw(pad_to_width(
                        &truncate_to_width(&escape_control(label), self.label_w),
                        self.label_w,
                        false,
                    )),
                    Span::raw(" "),
                    Span::styled(theme.glyphs().bar.repeat(filled), theme.bar()),
                    Span::raw(" ".repeat(self.bar_w.saturating_sub(filled) + 1)),
                    Span::raw(pad_to_width(&b.shown, self.value_w, true)),
                ])
            })
            .collect()
    }
}

/// Bars of one chart on one scale: `value` of each row, labelled by the first of `labels` the result has. Where the
/// rows have a real part (`{value}_real`) the bar is the real count and the synthetic rows are said beside it.
pub(crate) fn render_bars(
    lang: Language,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    tile: &Tile,
    labels: &[&str],
    value: &str,
) {
    let Some(inner) = tile_frame(lang, tile, theme, frame, area) else {
        return;
    };
    let table = &tile.table;
    // The first of the label columns the result has.
    let label_column = labels
        .iter()
        .find(|c| table.columns.iter().any(|x| x == *c));
    let real_column = format!("{value}_real");
    let has_real = table.columns.contains(&real_column);
    let bars: Vec<Bar> = table
        .rows
        .iter()
        .take(inner.height as usize)
        .map(|r| {
            let raw = table.value(r, value);
            let label = label_column.map(|c| table.value(r, c)).unwrap_or_default();
            let (value, shown) = if has_real {
                let real = table.value(r, &real_column);
                let synthetic = table.value(r, &format!("{value}_synthetic"));
                let shown = match synthetic.as_str() {
                    "" | "0" => real.clone(),
                    n => format!("{real} +{n}"),
                };
                (real.parse().unwrap_or(0.0), shown)
            } else {
                (raw.parse().unwrap_or(0.0), raw.clone())
            };
            Bar {
                labels: vec![label],
                value,
                shown,
            }
        })
        .collect();
    let refs: Vec<&Bar> = bars.iter().collect();
    let mut layout = BarLayout::for_bars(&refs, inner.width as usize);
    // The same columns in either language: the labels' width is the widest of every label column.
    let widest = table
        .rows
        .iter()
        .take(inner.height as usize)
        .flat_map(|r| {
            labels
                .iter()
                .map(move |c| display_width(&table.value(r, c)))
        })
        .max()
        .unwrap_or(0);
    layout.fit_labels(widest, inner.width as usize);
    frame.render_widget(Paragraph::new(layout.lines(theme, &bars, &bars)), inner);
}

pub(crate) fn render_gauges(
    lang: Language,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    tile: &Tile,
) {
    let Some(inner) = tile_frame(lang, tile, theme, frame, area) else {
        return;
    };
    let width = inner.width as usize;
    let rows: Vec<(String, String, f64, String)> = tile
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
                "{}/{} {}",
                qualified(lang, &count(&cell("actual")), &cell("actual_qualifier")),
                count(&cell("target")),
                qualified(
                    lang,
                    &format!("{}%", fixed(pct, 0)),
                    &cell("actual_qualifier")
                )
            ))
            .into_owned();
            (label, full, pct, cell("actual_qualifier"))
        })
        .collect();
    // One label and text width for every row: a gauge's length says its share and nothing else.
    let label_w = rows
        .iter()
        .map(|(l, ..)| display_width(l))
        .max()
        .unwrap_or(0);
    let full_w = rows
        .iter()
        .map(|(_, t, ..)| display_width(t))
        .max()
        .unwrap_or(0);
    // Narrow screens keep the bar and the share; the counts come back when there is room.
    let counts = label_w + full_w + 10 <= width;
    let text_w = if counts { full_w } else { 6 };
    let bar_w = width.saturating_sub(label_w + text_w + 3);
    let lines: Vec<Line<'_>> = rows
        .into_iter()
        .map(|(label, full, pct, qualifier)| {
            // The share carries the actual's qualifier: more than 10,100 of 10,000 is >101%.
            let text = if counts {
                full
            } else {
                qualified(lang, &format!("{}%", fixed(pct, 0)), &qualifier)
            };
            // In proportion up to the target; past it (or at it with more than the target) full and marked.
            let filled = ((pct.clamp(0.0, 100.0) / 100.0) * bar_w as f64).round() as usize;
            let past = pct > 100.0 || (pct >= 100.0 && qualifier == "more than"); // not text: a qualifier
            let over = if past { theme.glyphs().over } else { " " };
            Line::from(vec![
                Span::raw(pad_to_width(&label, label_w, false)),
                Span::raw(" "),
                Span::styled(theme.glyphs().gauge_on.repeat(filled), theme.bar()),
                Span::styled(
                    theme
                        .glyphs()
                        .gauge_off
                        .repeat(bar_w.saturating_sub(filled)),
                    theme.dim(),
                ),
                Span::styled(over, theme.accent()),
                Span::raw(" "),
                Span::raw(pad_to_width(&text, text_w, true)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
