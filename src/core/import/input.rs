//! Reading a file to import into DuckDB: every column as text, so that the checks — not the reader — decide what is a
//! wrong type, and can name the row. `_row` numbers the data rows from 1.

use std::path::Path;

use duckdb::Connection;

use crate::core::error::{Error, Result};
use crate::core::lake::{sql_ident, sql_literal};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Csv,
    Tsv,
    Json,
    Jsonl,
    Parquet,
    Xlsx,
}

impl InputFormat {
    pub fn of(path: &Path) -> Result<InputFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        Ok(match ext.as_str() {
            "csv" => InputFormat::Csv,
            "tsv" | "tab" => InputFormat::Tsv,
            "json" => InputFormat::Json,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            "parquet" => InputFormat::Parquet,
            "xlsx" => InputFormat::Xlsx,
            _ => {
                return Err(Error::Usage(format!(
                    "{}: cannot import a `.{ext}` file; give a .csv, .tsv, .xlsx, .json, .jsonl or .parquet file",
                    path.display()
                )));
            }
        })
    }

    /// Where row `n` (1-based, the header not counted) is in the file, as its user would look for it.
    pub fn locate(self, n: i64) -> String {
        match self {
            InputFormat::Csv | InputFormat::Tsv => format!("line {}", n + 1),
            InputFormat::Xlsx => format!("row {}", n + 1),
            InputFormat::Jsonl => format!("line {n}"),
            InputFormat::Json => format!("record {n}"),
            InputFormat::Parquet => format!("row {n}"),
        }
    }
}

/// The view of the file's rows with every column as text, under the file's own column names. Streamed: reading it
/// reads the file.
pub const RAW_TEXT: &str = "raw_text";

/// A file declared to DuckDB: its column names in order, and what must live as long as the views.
pub struct Loaded {
    pub columns: Vec<String>,
    _utf8_copy: Option<tempfile::NamedTempFile>,
}

/// Declare `path` to DuckDB as the view `raw_text` (see [`RAW_TEXT`]). XLSX and JSON files are read here (into a
/// temp table); CSV, TSV and Parquet only when the view is read.
pub fn load(
    conn: &Connection,
    path: &Path,
    format: InputFormat,
    sheet: Option<&str>,
    encoding: Option<&str>,
) -> Result<Loaded> {
    // A text file in another encoding is read through a UTF-8 copy, kept until its rows are loaded.
    let utf8_copy = match (format, encoding) {
        (InputFormat::Xlsx | InputFormat::Parquet, Some(label)) => {
            return Err(Error::Usage(format!(
                "--encoding {label}: only text files (CSV, TSV, JSON, JSONL) have an encoding"
            )));
        }
        (_, Some(label)) => transcode(path, label)?,
        (_, None) => None,
    };
    let text_path: &Path = utf8_copy.as_ref().map_or(path, |copy| copy.path());
    let file = sql_literal(&text_path.display().to_string());
    let reader = match format {
        InputFormat::Csv => sniffed_reader(conn, &file, "", path)?,
        InputFormat::Tsv => sniffed_reader(conn, &file, ", delim = '\\t'", path)?,
        // DuckDB's JSON reader is an extension this build leaves out: serde_json reads them.
        InputFormat::Json | InputFormat::Jsonl => {
            load_json(conn, text_path, path, format)?;
            "text_rows".to_string()
        }
        InputFormat::Parquet => format!("read_parquet({file})"),
        InputFormat::Xlsx => {
            load_xlsx(conn, path, sheet)?;
            "text_rows".to_string()
        }
    };
    let read_error = |e: duckdb::Error| read_error(path, e);
    // The reader's own column order, then every value as text.
    conn.execute_batch(&format!(
        "CREATE TEMP VIEW raw_input AS SELECT * FROM {reader};"
    ))
    .map_err(read_error)?;
    let columns: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT column_name FROM (DESCRIBE raw_input)")
            .map_err(read_error)?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(read_error)?;
        names
            .collect::<std::result::Result<_, _>>()
            .map_err(read_error)?
    };
    // CSV and TSV are read as text already; the other readers' typed values become text here.
    let as_text: Vec<String> = columns
        .iter()
        .map(|c| match format {
            InputFormat::Csv | InputFormat::Tsv => sql_ident(c),
            _ => format!("CAST({q} AS VARCHAR) AS {q}", q = sql_ident(c)),
        })
        .collect();
    conn.execute_batch(&format!(
        "CREATE TEMP VIEW {RAW_TEXT} AS SELECT {} FROM raw_input;",
        as_text.join(", ")
    ))
    .map_err(read_error)?;
    Ok(Loaded {
        columns,
        _utf8_copy: utf8_copy,
    })
}

/// The `read_csv(…)` call that reads a CSV or TSV file as DuckDB's sniffer reads it, every column as text, with
/// nothing left to detect: a `read_csv` that detects samples the file again each time a statement naming it is
/// bound (about 50 ms for each of the four binds of a 1M-row import), the call DuckDB writes from one sniff does not.
fn sniffed_reader(conn: &Connection, file: &str, options: &str, path: &Path) -> Result<String> {
    // Every column is read as text, so only the dialect is sniffed, and it shows in the first rows: a small sample
    // in a small buffer sniffs a 120 MB file in 20 ms instead of 100 (the default reads a 32 MB buffer). The prompt
    // repeats both settings; they go, as the file is read in DuckDB's default buffers (a small one is slower). The
    // quote is `"` whatever the sample shows: a spreadsheet quotes only the values that need it, maybe first on
    // line 30 000, and a stray `"` inside a value still reads as itself.
    let sample = format!("sample_size={SNIFF_SAMPLE_ROWS}");
    let buffer = format!("buffer_size={SNIFF_BUFFER_BYTES}");
    let prompt: String = conn
        .query_row(
            &format!(
                "SELECT Prompt FROM sniff_csv({file}, header = true, all_varchar = true, quote = '\"', {sample}, \
                 {buffer}{options})"
            ),
            [],
            |r| r.get(0),
        )
        .map_err(|e| read_error(path, e))?;
    let reader = prompt
        .replace(&format!(", {sample}"), "")
        .replace(&format!(", {buffer}"), "");
    reader
        .trim()
        .trim_end_matches(';')
        .strip_prefix("FROM ")
        .map(str::to_string)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "{}: DuckDB's CSV sniffer gave no reader for it ({prompt})",
                path.display()
            ))
        })
}

/// Rows the CSV sniffer reads to find the dialect, and the buffer it reads them in (at least DuckDB's longest line).
const SNIFF_SAMPLE_ROWS: usize = 2048;
const SNIFF_BUFFER_BYTES: usize = 2 << 20;

/// The file's rows as text, in a table `incoming` with `_row`, for checks that name each row: what a failed import
/// reads a second time to say what is wrong with it, and what a dry run previews.
pub fn materialize(conn: &Connection, path: &Path) -> Result<()> {
    // The rows keep the file's order (DuckDB preserves insertion order), so a row's id is its place in the file;
    // numbering them with a window instead doubled the load of a million rows (1.2 → 2.5 s).
    conn.execute_batch(&format!(
        "CREATE OR REPLACE TEMP TABLE incoming_rows AS SELECT * FROM {RAW_TEXT}; \
         CREATE OR REPLACE TEMP VIEW incoming AS SELECT rowid + 1 AS _row, * FROM incoming_rows;"
    ))
    .map_err(|e| read_error(path, e))
}

/// What DuckDB's reader said about `path`, in the user's terms.
pub fn read_error(path: &Path, e: duckdb::Error) -> Error {
    let message = e.to_string();
    if message.contains("not utf-8 encoded") {
        not_utf8(path)
    } else {
        Error::Invalid(format!(
            "{}: cannot be read: {}",
            path.display(),
            first_lines(&message)
        ))
    }
}

/// A sheet of a workbook (the named one, else the first) into the temp table `text_rows`: the first row names the
/// columns; numbers that are whole are written without `.0`, dates as `YYYY-MM-DD`.
fn load_xlsx(conn: &Connection, path: &Path, sheet: Option<&str>) -> Result<()> {
    use calamine::{Data, Reader, open_workbook_auto};
    let at = |e: &dyn std::fmt::Display| Error::Invalid(format!("{}: {e}", path.display()));
    let mut book = open_workbook_auto(path).map_err(|e| at(&e))?;
    let names = book.sheet_names().to_vec();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                at(&format!(
                    "has no sheet `{s}` (sheets: {})",
                    names.join(", ")
                ))
            })?,
        None => names.first().cloned().ok_or_else(|| at(&"has no sheet"))?,
    };
    let range = book.worksheet_range(&name).map_err(|e| at(&e))?;
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .ok_or_else(|| at(&format!("sheet `{name}` is empty")))?
        .iter()
        .map(|c| text_of(c).unwrap_or_default().trim().to_string())
        .collect();
    let rows = rows
        .filter(|row| !row.iter().all(|c| matches!(c, Data::Empty)))
        .map(|row| {
            (0..header.len())
                .map(|i| row.get(i).and_then(text_of))
                .collect()
        });
    load_text_rows(conn, &header, rows).map_err(|e| at(&e))
}

/// A JSON array of objects, or one object per line: columns in the order their keys first appear; nested values
/// are kept as JSON text.
fn load_json(conn: &Connection, text_path: &Path, path: &Path, format: InputFormat) -> Result<()> {
    let text = std::fs::read_to_string(text_path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            not_utf8(path)
        } else {
            Error::io(path, e)
        }
    })?;
    let bad = |where_: String, e: &dyn std::fmt::Display| {
        Error::Invalid(format!("{}: {where_}: not JSON: {e}", path.display()))
    };
    let records: Vec<serde_json::Value> = if format == InputFormat::Json {
        match serde_json::from_str(&text).map_err(|e| bad("the file".into(), &e))? {
            serde_json::Value::Array(items) => items,
            _ => return Err(bad("the file".into(), &"an array of objects was expected")),
        }
    } else {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| serde_json::from_str(l).map_err(|e| bad(format!("line {}", i + 1), &e)))
            .collect::<Result<_>>()?
    };
    let mut header: Vec<String> = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let serde_json::Value::Object(fields) = record else {
            return Err(bad(format.locate(i as i64 + 1), &"an object was expected"));
        };
        for key in fields.keys() {
            if !header.contains(key) {
                header.push(key.clone());
            }
        }
    }
    let rows = records.iter().map(|record| {
        header
            .iter()
            .map(|key| match record.get(key) {
                None | Some(serde_json::Value::Null) => None,
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(other) => Some(other.to_string()),
            })
            .collect()
    });
    load_text_rows(conn, &header, rows)
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))
}

/// Rows of text into the temp table `text_rows`, one VARCHAR column per header name.
fn load_text_rows(
    conn: &Connection,
    header: &[String],
    rows: impl Iterator<Item = Vec<Option<String>>>,
) -> std::result::Result<(), duckdb::Error> {
    let columns: Vec<String> = header
        .iter()
        .map(|h| format!("{} VARCHAR", sql_ident(h)))
        .collect();
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE text_rows ({});",
        columns.join(", ")
    ))?;
    let mut appender = conn.appender("text_rows")?;
    for row in rows {
        appender.append_row(duckdb::appender_params_from_iter(row))?;
    }
    appender.flush()
}

fn text_of(cell: &calamine::Data) -> Option<String> {
    use calamine::{Data, DataType};
    match cell {
        Data::Empty => None,
        Data::String(s) => Some(s.clone()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
        Data::Float(f) => Some(f.to_string()),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(_) | Data::DateTimeIso(_) => cell
            .as_date()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .or_else(|| Some(cell.to_string())),
        other => Some(other.to_string()),
    }
}

/// What to do about a text file that is not UTF-8: the usual case here is a CSV saved by Excel on a Chinese system.
fn not_utf8(path: &Path) -> Error {
    Error::Invalid(format!(
        "{}: not UTF-8 text; a file saved by Excel on a Chinese system is usually GBK: give --encoding gbk \
         (or save it as \"CSV UTF-8\")",
        path.display()
    ))
}

/// DuckDB's reader errors end with its sniffer's settings and the SQL it ran, which mean nothing to the user.
fn first_lines(message: &str) -> String {
    message
        .lines()
        .take_while(|l| !l.trim_start().starts_with("file =") && !l.starts_with("LINE "))
        .filter(|l| !l.starts_with("Possible Solution"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The encoding `--encoding` names.
pub fn encoding(label: &str) -> Result<&'static encoding_rs::Encoding> {
    encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        Error::Usage(format!(
            "--encoding {label}: not an encoding (e.g. utf-8, gbk, gb18030, big5, utf-16le)"
        ))
    })
}

/// A UTF-8 copy of a text file in encoding `label` (gbk, gb18030, big5, utf-16le …); none needed for UTF-8.
fn transcode(path: &Path, label: &str) -> Result<Option<tempfile::NamedTempFile>> {
    use std::io::{Read, Write};
    let encoding = encoding(label)?;
    if encoding == encoding_rs::UTF_8 {
        return Ok(None);
    }
    let mut input = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut copy = tempfile::Builder::new()
        .prefix("qlake-import-")
        .tempfile()
        .map_err(|e| Error::io(&std::env::temp_dir(), e))?;
    let mut decoder = encoding.new_decoder();
    let mut block = vec![0u8; 1 << 16];
    let mut text = String::new();
    loop {
        let n = input.read(&mut block).map_err(|e| Error::io(path, e))?;
        let last = n == 0;
        text.clear();
        text.reserve(decoder.max_utf8_buffer_length(n).unwrap_or(n * 3));
        let (_, _, malformed) = decoder.decode_to_string(&block[..n], &mut text, last);
        if malformed {
            return Err(Error::Invalid(format!(
                "{}: not {} text (bytes that encoding does not have)",
                path.display(),
                encoding.name()
            )));
        }
        copy.write_all(text.as_bytes())
            .map_err(|e| Error::io(copy.path(), e))?;
        if last {
            break;
        }
    }
    copy.flush().map_err(|e| Error::io(copy.path(), e))?;
    Ok(Some(copy))
}
