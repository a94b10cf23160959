//! Cell text for people: values formatted from Arrow, control characters made visible, widths measured in
//! terminal columns (CJK characters take two).

use std::borrow::Cow;

use duckdb::arrow::array::Array;
use duckdb::arrow::datatypes::SchemaRef;
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

/// Text for a terminal that keeps its line breaks (an error with DuckDB's LINE/caret lines) but shows every other
/// control or format character as an escape.
pub fn escape_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| escape_control(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A writer for text bound to a terminal (CSV, JSON, Markdown on stdout): line breaks and tabs pass, every other
/// control or format character, and bytes that are not UTF-8, become visible escapes — lake text never drives the
/// terminal. Files and pipes get the bytes unchanged; this is only put in front of a terminal.
pub struct TerminalSafe<W: std::io::Write> {
    inner: W,
    /// The start of a UTF-8 sequence cut by the end of the last write.
    carry: Vec<u8>,
}

impl<W: std::io::Write> TerminalSafe<W> {
    pub fn new(inner: W) -> TerminalSafe<W> {
        TerminalSafe {
            inner,
            carry: Vec::new(),
        }
    }

    fn emit(&mut self, text: &str) -> std::io::Result<()> {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' | '\t' => out.push(c),
                c if needs_escape(c) => out.push_str(&escape_control(c.encode_utf8(&mut [0; 4]))),
                c => out.push(c),
            }
        }
        self.inner.write_all(out.as_bytes())
    }
}

impl<W: std::io::Write> std::io::Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(buf);
        let mut rest: &[u8] = &bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.emit(text)?;
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    self.emit(std::str::from_utf8(valid).unwrap_or_default())?;
                    match e.error_len() {
                        // A sequence cut by the end of this write: keep it for the next one.
                        None => {
                            self.carry = after.to_vec();
                            break;
                        }
                        Some(n) => {
                            for b in &after[..n] {
                                self.inner.write_all(format!("\\x{b:02x}").as_bytes())?;
                            }
                            rest = &after[n..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        for b in std::mem::take(&mut self.carry) {
            self.inner.write_all(format!("\\x{b:02x}").as_bytes())?;
        }
        self.inner.flush()
    }
}

/// A number with `decimals` places, rounded half away from zero — DuckDB's `round`, and what people expect
/// (104.5 → 105). Rust's own formatting rounds exact halves to even (104.5 → "104"), so every figure qlake shows
/// goes through here.
pub fn fixed(value: f64, decimals: usize) -> String {
    let scale = 10f64.powi(i32::try_from(decimals).unwrap_or(0));
    let rounded = (value * scale).round() / scale;
    // Adding zero turns -0.0 into 0.0, so a tiny negative never shows as "-0".
    format!("{:.*}", decimals, rounded + 0.0)
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

/// A batch as every writer can show it: DuckDB hands TIMESTAMPTZ over labelled with the zone name "UTC", which
/// Arrow cannot format without a time-zone database; the same instants labelled with the offset "+00:00" format
/// everywhere, unchanged. Every other column passes as it is.
pub fn displayable(batch: &RecordBatch) -> Result<RecordBatch> {
    let schema = batch.schema();
    let shown = displayable_schema(&schema);
    if shown == schema {
        return Ok(batch.clone());
    }
    let columns = shown
        .fields()
        .iter()
        .zip(schema.fields())
        .zip(batch.columns())
        .map(|((to, from), column)| {
            if to.data_type() == from.data_type() {
                Ok(column.clone())
            } else {
                duckdb::arrow::compute::cast(column, to.data_type())
                    .map_err(|e| Error::Invalid(format!("column `{}`: {e}", from.name())))
            }
        })
        .collect::<Result<Vec<_>>>()?;
    RecordBatch::try_new(shown, columns)
        .map_err(|e| Error::Invalid(format!("formatting a result: {e}")))
}

/// The schema [`displayable`] gives a batch of `schema`: timestamps in a UTC-named zone carry `+00:00` instead (an
/// offset Arrow can show without a time-zone database). An empty result is written under it too.
pub fn displayable_schema(schema: &SchemaRef) -> SchemaRef {
    use duckdb::arrow::datatypes::{DataType, Field, Schema};
    let utc_named = |tz: &str| matches!(tz, "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT" | "Z" | "utc");
    let needs = schema
        .fields()
        .iter()
        .any(|f| matches!(f.data_type(), DataType::Timestamp(_, Some(tz)) if utc_named(tz)));
    if !needs {
        return schema.clone();
    }
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|field| match field.data_type() {
            DataType::Timestamp(unit, Some(tz)) if utc_named(tz) => Field::new(
                field.name(),
                DataType::Timestamp(*unit, Some("+00:00".into())),
                field.is_nullable(),
            ),
            _ => field.as_ref().clone(),
        })
        .collect();
    std::sync::Arc::new(Schema::new(fields))
}

/// Every cell of a batch as display text (nulls empty), row by row.
pub fn batch_rows(batch: &RecordBatch) -> Result<Vec<Vec<String>>> {
    Ok(batch_cells(batch)?
        .into_iter()
        .map(|row| row.into_iter().map(Option::unwrap_or_default).collect())
        .collect())
}

/// Every cell of a batch as display text, `None` for NULL (the grid tells NULL from an empty string), row by row. A
/// value Arrow cannot show (a date beyond what it can represent) is an error naming the column, never text that looks
/// like data.
/// How a NULL reads wherever qlake shows values to a person: the TUI's grids, the `table` and `markdown` formats. (CSV and
/// TSV leave the cell empty and JSON writes `null`: those are read by programs.)
pub const NULL_SHOWN: &str = "NULL";

pub fn batch_cells(batch: &RecordBatch) -> Result<Vec<Vec<Option<String>>>> {
    let batch = displayable(batch)?;
    let options = FormatOptions::default()
        .with_null("")
        .with_display_error(false);
    let schema = batch.schema();
    let formatters: Vec<ArrayFormatter<'_>> = batch
        .columns()
        .iter()
        .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::Invalid(format!("formatting a result: {e}")))?;
    (0..batch.num_rows())
        .map(|row| {
            formatters
                .iter()
                .zip(batch.columns())
                .zip(schema.fields())
                .map(|((f, array), field)| {
                    // Logical nulls: a column of DuckDB's NULL type has no null buffer, yet every value is NULL.
                    if array.logical_nulls().is_some_and(|n| n.is_null(row)) {
                        return Ok(None);
                    }
                    f.value(row).try_to_string().map(Some).map_err(|e| {
                        Error::Invalid(format!(
                            "column `{}`, row {}: cannot show the value ({e})",
                            field.name(),
                            row + 1
                        ))
                    })
                })
                .collect()
        })
        .collect()
}

/// Where the qualifier of `column` is among `columns`: its own `{column}_qualifier` (coverage's `actual`), else the
/// row's `qualifier` when `column` is the figure it qualifies (an amount in yuan or 万, a value, a published figure).
pub fn qualifier_of(columns: &[String], column: &str) -> Option<usize> {
    let own = format!("{column}_qualifier");
    columns.iter().position(|c| *c == own).or_else(|| {
        let figure = column.ends_with("_yuan")
            || column.ends_with("_wan")
            || matches!(column, "value" | "published" | "amount" | "figure");
        figure
            .then(|| columns.iter().position(|c| c == "qualifier"))
            .flatten()
    })
}

/// A row as people read it in text: every figure with the mark of its qualifier (`≈870000000.00`), the rest as is.
/// Machine formats (CSV, JSON, Parquet ...) keep the value and the `qualifier` column apart.
pub fn marked_row(columns: &[String], row: Vec<Option<String>>) -> Vec<Option<String>> {
    let qualifiers: Vec<Option<String>> = columns
        .iter()
        .map(|c| qualifier_of(columns, c).and_then(|q| row.get(q).cloned().flatten()))
        .collect();
    row.into_iter()
        .zip(qualifiers)
        .map(|(cell, qualifier)| match (cell, qualifier) {
            (Some(v), Some(q)) => Some(qualified(crate::i18n::process_lang(), &v, &q)),
            (cell, _) => cell,
        })
        .collect()
}

/// A figure with the mark of its qualifier: `78+` at least, `>2.30亿` more than, `≈8.70亿` about, `≤25万` at most or
/// up to, `150万 (exp.)` expected; an exact figure (or a sum of exact ones) has none. docs/schema.md lists the marks.
pub fn qualified(lang: crate::i18n::Lang, value: &str, qualifier: &str) -> String {
    match qualifier {
        "at least" => format!("{value}+"),
        "more than" => format!(">{value}"),
        "about" => format!("≈{value}"),
        "at most" | "up to" => format!("≤{value}"),
        "expected" => crate::tr!(lang, "mark-expected", value = value),
        // A sum of amounts of several qualifiers is none of them exactly.
        "mixed" => format!("~{value}"),
        _ => value.to_string(),
    }
}

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

/// `93.0000` → `93`, `4.6200` → `4.62`: exact decimals read better without padding zeros.
pub fn trim_decimal_zeros(s: &str) -> &str {
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
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

    #[test]
    fn terminal_safe_escapes_controls_across_write_boundaries() {
        use std::io::Write;
        let mut out = TerminalSafe::new(Vec::new());
        let text = "a,\x1b]0;title\x07\x1b[2J,湖北\n\u{202e}x\tb\n";
        let bytes = text.as_bytes();
        // Cut inside the three-byte 湖 and inside the escape sequence.
        for chunk in [&bytes[..5], &bytes[5..17], &bytes[17..]] {
            out.write_all(chunk).unwrap();
        }
        out.write_all(b"\xff\n").unwrap();
        out.flush().unwrap();
        let shown = String::from_utf8(out.inner).unwrap();
        assert_eq!(
            shown,
            "a,\\e]0;title\\x07\\e[2J,湖北\n\\u{202e}x\tb\n\\xff\n"
        );
    }

    #[test]
    fn one_rounding_rule_half_away_from_zero() {
        assert_eq!(fixed(104.5, 0), "105");
        assert_eq!(fixed(103.5, 0), "104");
        assert_eq!(fixed(-2.5, 0), "-3");
        assert_eq!(fixed(1.125, 2), "1.13");
        assert_eq!(fixed(-0.1, 0), "0");
        assert_eq!(fixed(26.666, 1), "26.7");
    }

    #[test]
    fn escape_lines_keeps_line_breaks_only() {
        assert_eq!(
            escape_lines("LINE 1: x\x1b[2J\n   ^"),
            "LINE 1: x\\e[2J\n   ^"
        );
    }
}
