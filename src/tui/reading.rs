//! The reading popups — help, a whole cell, where a row came from — as text: what they say, wrapped to the popup's
//! width. The view draws these lines and update scrolls through them, so both count the same lines.

use crate::core::cells::display_width;
use crate::tui::app::{App, Layer, Pane};
use crate::tui::keymap::Context;
use crate::tui::layout;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Heading,
    Dim,
    Alarm,
    /// A quoted sentence: the figure the row is about is highlighted in it.
    Quote,
}

/// A reading popup's title and its lines (before wrapping); `None` when layer `index` is not one.
pub fn content(app: &App, index: usize) -> Option<(String, Vec<(Tone, String)>)> {
    match app.layers.get(index)? {
        Layer::Help { .. } => {
            let under = app.context_under(app.layers.get(..index).unwrap_or_default());
            let mut contexts = vec![Context::Global];
            for context in [under, Context::Console] {
                // The console's own keys belong to its help whatever has the focus there.
                let wanted = context == under || app.pane == Pane::Console;
                if wanted && !contexts.contains(&context) {
                    contexts.push(context);
                }
            }
            let mut lines = Vec::new();
            for &context in &contexts {
                lines.push((Tone::Heading, context.title().to_string()));
                for (_, keys, action) in app.keymap.listing(&[context]) {
                    lines.push((
                        Tone::Plain,
                        format!("{:>18}  {}", keys.join(" "), action.describe()),
                    ));
                }
            }
            if contexts.contains(&Context::Form) {
                lines.push((Tone::Heading, "text fields".into()));
                for (keys, what) in crate::tui::field::FIELD_KEYS {
                    lines.push((Tone::Plain, format!("{keys:>18}  {what}")));
                }
            }
            if app.pane == Pane::Dashboard {
                lines.push((Tone::Heading, "figures".into()));
                for (mark, means) in [
                    ("78+", "at least (据不完全统计, 以上)"),
                    (">2.30亿", "more than (超, 余, 多)"),
                    ("≈8.70亿", "about (近, 约)"),
                    ("≤25万", "at most or up to"),
                    ("150万 (exp.)", "expected (预计, 可达)"),
                    (
                        "58 (3)",
                        "rows of the published figure's slice in the lake, real ones in brackets",
                    ),
                    ("7 +5", "real ratings, and the synthetic ones beside them"),
                    ("*", "the source contradicts itself (i shows the sentence)"),
                ] {
                    lines.push((Tone::Plain, format!("{mark:>18}  {means}")));
                }
            }
            if app.pane == Pane::Console {
                lines.push((Tone::Heading, "SQL editor".into()));
                for (keys, what) in crate::tui::app::console::EDITOR_KEYS {
                    lines.push((Tone::Plain, format!("{keys:>18}  {what}")));
                }
            }
            lines.push((Tone::Heading, "mouse".into()));
            for (what, does) in crate::tui::app::mouse::MOUSE {
                lines.push((Tone::Plain, format!("{what:>18}  {does}")));
            }
            lines.push((
                Tone::Dim,
                format!("`:` commands: {}", crate::tui::app::commands::usage()),
            ));
            Some((format!("Keys: {}", app.pane.title()), lines))
        }
        Layer::Detail { title, lines, .. } => Some((
            title.clone(),
            lines.iter().map(|l| (Tone::Plain, l.clone())).collect(),
        )),
        Layer::WhereFrom {
            quote,
            synthetic,
            source_id,
            document,
            ..
        } => {
            let mut lines = vec![(Tone::Heading, format!("source: {source_id}"))];
            match document {
                Some(doc) => lines.extend(doc.iter().map(|l| (Tone::Plain, l.clone()))),
                None => lines.push((Tone::Dim, "loading the document…".into())),
            }
            if *synthetic {
                lines.push((
                    Tone::Alarm,
                    "SYNTHETIC row: detail made to fill the published total quoted below".into(),
                ));
            }
            lines.push((Tone::Plain, String::new()));
            lines.extend(
                quote
                    .split('\n')
                    .map(|l| (Tone::Quote, format!("“{}", l.trim()))),
            );
            Some(("Where from".into(), lines))
        }
        _ => None,
    }
}

/// The popup's lines wrapped to the width inside its border, for the terminal size the app has.
pub fn wrapped(app: &App, index: usize) -> Option<(String, Vec<(Tone, String)>)> {
    let (title, lines) = content(app, index)?;
    let width = usize::from(layout::reading_width(app.size)).max(1);
    let mut out = Vec::new();
    for (tone, line) in lines {
        for piece in wrap(&line, width) {
            out.push((tone, piece));
        }
    }
    Some((title, out))
}

/// Cut `text` into pieces at most `width` terminal columns wide (CJK characters are two), breaking at the last space
/// where there is one (Chinese text has none: it breaks anywhere). An empty line stays one empty line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w > width && !line.is_empty() {
            // Carry the unfinished word over when the line has a space to break at.
            let carried = match line.rfind(' ') {
                Some(i) if i > 0 && c != ' ' => line.split_off(i + 1),
                _ => String::new(),
            };
            out.push(line.trim_end().to_string());
            used = display_width(&carried);
            line = carried;
        }
        line.push(c);
        used += w;
    }
    out.push(line);
    out
}

/// The number in a row that its quote is about, as the quote writes it: `8.7億` for 870000000 yuan, `5897万` for
/// 58970000, `10324` for 10324. `None` when no number of the row appears in the quote.
pub fn figure_in(quote: &str, numbers: &[f64]) -> Option<String> {
    let trimmed = |v: f64| {
        let text = format!("{v:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let mut numbers: Vec<f64> = numbers.iter().copied().filter(|v| *v > 0.0).collect();
    // The largest first: a total is what a sentence is about more often than a year or a count beside it.
    numbers.sort_by(|a, b| b.total_cmp(a));
    let mut candidates = Vec::new();
    for v in numbers {
        if v >= 1e8 {
            let n = trimmed(v / 1e8);
            candidates.push(format!("{n}亿"));
            candidates.push(format!("{n}億"));
        }
        if v >= 1e4 {
            let n = trimmed(v / 1e4);
            candidates.push(format!("{n}万"));
            candidates.push(format!("{n}萬"));
        }
        candidates.push(trimmed(v));
    }
    candidates.into_iter().find(|c| quote.contains(c.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_measures_terminal_columns_and_keeps_words() {
        assert_eq!(
            wrap("湖北省市场监管局", 6),
            vec!["湖北省", "市场监", "管局"]
        );
        assert_eq!(wrap("one two three", 8), vec!["one two", "three"]);
        assert_eq!(wrap("", 8), vec![""]);
        for piece in wrap(&"据不完全统计,3年来,湖北共实施78个".repeat(5), 17) {
            assert!(display_width(&piece) <= 17, "{piece}");
        }
    }

    #[test]
    fn the_figure_is_found_as_the_quote_writes_it() {
        let q = "累計投入經費近8.7億元";
        assert_eq!(
            figure_in(q, &[2024.0, 870000000.0]).as_deref(),
            Some("8.7億")
        );
        assert_eq!(
            figure_in("投入经费5897万元", &[58970000.0]).as_deref(),
            Some("5897万")
        );
        assert_eq!(
            figure_in("参与企业10324家", &[10324.0]).as_deref(),
            Some("10324")
        );
        assert_eq!(figure_in("no number here", &[5.0]), None);
    }
}
