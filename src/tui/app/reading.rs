//! The reading popups — help, a whole cell, where a row came from — as text: what they say, wrapped to the popup's
//! width. The view draws these lines and update scrolls through them, so both count the same lines.

use crate::core::cells::display_width;
use crate::tr;
use crate::tui::app::layout;
use crate::tui::app::{App, Layer};
use crate::tui::keymap::Context;

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
            let component = app.pane_spec().component;
            let mut contexts = vec![Context::Global];
            // A pane's own keys (the console's editor) belong to its help whatever has the focus there.
            for &context in std::iter::once(&under).chain(component.help_contexts()) {
                if !contexts.contains(&context) {
                    contexts.push(context);
                }
            }
            let lang = app.language;
            let text = |id: &str| crate::i18n::text(lang, id, &[]);
            let mut lines = Vec::new();
            for &context in &contexts {
                lines.push((Tone::Heading, context.title(lang)));
                for (_, keys, action) in app.keymap.listing(&[context]) {
                    lines.push((
                        Tone::Plain,
                        format!("{}  {}", key_column(&keys.join(" ")), action.describe(lang)),
                    ));
                }
            }
            if contexts.contains(&Context::Form) {
                lines.push((Tone::Heading, tr!(lang, "help-text-fields")));
                for (keys, what) in crate::tui::field::FIELD_KEYS {
                    lines.push((
                        Tone::Plain,
                        format!("{}  {}", key_column(&text(keys)), text(what)),
                    ));
                }
            }
            lines.extend(component.help(app, lang));
            lines.push((Tone::Heading, tr!(lang, "help-mouse")));
            for (what, does) in crate::tui::app::mouse::MOUSE {
                lines.push((
                    Tone::Plain,
                    format!("{}  {}", key_column(&text(what)), text(does)),
                ));
            }
            lines.push((
                Tone::Dim,
                tr!(
                    lang,
                    "help-commands",
                    commands = crate::tui::app::commands::usage(lang)
                ),
            ));
            Some((tr!(lang, "help-title", pane = app.pane.label(lang)), lines))
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
            let lang = app.language;
            let mut lines = vec![(
                Tone::Heading,
                tr!(lang, "where-source", source = source_id.as_str()),
            )];
            match document {
                Some(doc) => lines.extend(doc.iter().map(|l| (Tone::Plain, l.clone()))),
                None => lines.push((Tone::Dim, tr!(lang, "where-loading"))),
            }
            if *synthetic {
                lines.push((Tone::Alarm, tr!(lang, "where-synthetic")));
            }
            lines.push((Tone::Plain, String::new()));
            lines.extend(
                quote
                    .split('\n')
                    .map(|l| (Tone::Quote, format!("“{}", l.trim()))),
            );
            Some((tr!(lang, "where-title"), lines))
        }
        _ => None,
    }
}

/// The help's first column: keys (or a mouse action, a mark) right-aligned in 18 terminal columns, Chinese
/// counted two each.
pub(crate) fn key_column(keys: &str) -> String {
    crate::core::cells::pad_to_width(keys, 18, true)
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
