//! Cell text for people: values formatted from Arrow, control characters made visible, widths measured in
//! terminal columns (CJK characters take two).

use std::borrow::Cow;

use duckdb::arrow::record_batch::RecordBatch;
use duckdb::arrow::util::display::{ArrayFormatter, FormatOptions};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::core::error::{Error, Result};

/// Characters that would change what a terminal shows if printed raw: C0/C1 controls, DEL, and the
/// bidirectional and zero-width format characters. They are shown as escapes instead.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Cell text safe to put on a terminal: every control or format character becomes a visible escape.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x1b' => out.push_str("\\e"),
            c if needs_escape(c) && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Width in terminal columns.
pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `width` columns, ending with `…` when cut; never splits a wide character.
pub fn truncate_to_width(s: &str, width: usize) -> Cow<'_, str> {
    if display_width(s) <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// Pad `s` with spaces to exactly `width` columns (after truncating).
pub fn pad_to_width(s: &str, width: usize, right_align: bool) -> String {
    let cut = truncate_to_width(s, width);
    let pad = width.saturating_sub(display_width(&cut));
    if right_align {
        format!("{}{}", " ".repeat(pad), cut)
    } else {
        format!("{}{}", cut, " ".repeat(pad))
    }
}

/// Every cell of a batch as display text (nulls empty), row by row.
pub fn batch_rows(batch: &RecordBatch) -> Result<Vec<Vec<String>>> {
    let options = FormatOptions::default().with_null("");
    let formatters: Vec<ArrayFormatter<'_>> = batch
        .columns()
        .iter()
        .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::Invalid(format!("formatting a result: {e}")))?;
    Ok((0..batch.num_rows())
        .map(|row| {
            formatters
                .iter()
                .map(|f| f.value(row).to_string())
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(escape_control("a\x1b[31mb"), "a\\e[31mb");
        assert_eq!(escape_control("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(escape_control("line\nnext\t"), "line\\nnext\\t");
        assert_eq!(escape_control("\u{9b}"), "\\x9b");
        assert_eq!(escape_control("湖北"), "湖北");
    }

    #[test]
    fn widths_count_cjk_as_two() {
        assert_eq!(display_width("湖北ab"), 6);
        assert_eq!(truncate_to_width("湖北省武汉", 5), "湖北…");
        assert_eq!(pad_to_width("湖北", 6, false), "湖北  ");
        assert_eq!(pad_to_width("12", 4, true), "  12");
    }
}
