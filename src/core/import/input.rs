//! Reading a file to import into DuckDB: every column as text, so that the checks — not the reader — decide what is a
//! wrong type, and can name the row. `_row` numbers the data rows from 1.

use std::fs::File;
use std::path::{Path, PathBuf};

use duckdb::Connection;

use super::limits::{self, Limit};
use crate::core::error::{Error, Result};
use crate::core::sql::sql_literal;

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
                let lang = crate::i18n::process_lang();
                return Err(Error::Usage(crate::tr!(
                    lang,
                    "core-import-unknown-format",
                    file = path.display().to_string(),
                    ext = ext
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

/// The view of the file's rows with every column as text, under names qlake gives them ([`column_name`]). Streamed:
/// reading it reads the file.
pub const RAW_TEXT: &str = "raw_text";

/// The name a file's column `i` (from 0) has in the views of the file: `c1`, `c2` … The file's own names are data,
/// kept in [`Loaded::columns`] for matching and messages, and never written into SQL.
pub fn column_name(i: usize) -> String {
    format!("c{}", i + 1)
}

/// A file to import, opened once: a regular file within its limit (`limits`), and its UTF-8 copy when it is in
/// another encoding. Everything reads it through this descriptor, so the file checked is the file read.
pub struct Input {
    pub path: PathBuf,
    pub format: InputFormat,
    file: File,
    /// The UTF-8 copy of a text file in another encoding: what is read instead of the file.
    utf8_copy: Option<tempfile::NamedTempFile>,
}

impl Input {
    /// Open `path` as a file of `format` (in `encoding`, for a text file), refusing a special file or one over its
    /// size limit before anything reads it.
    pub fn open(path: &Path, format: InputFormat, encoding: Option<&str>) -> Result<Input> {
        // `what` is a key `limits` says in the process's language.
        let (default, what) = match format {
            InputFormat::Csv => (limits::TABLE_FILE_LIMIT, "a CSV file to import"),
            InputFormat::Tsv => (limits::TABLE_FILE_LIMIT, "a TSV file to import"),
            InputFormat::Parquet => (limits::TABLE_FILE_LIMIT, "a Parquet file to import"),
            InputFormat::Json => (limits::JSON_LIMIT, "a JSON file to import"),
            InputFormat::Jsonl => (limits::JSON_LIMIT, "a JSONL file to import"),
            InputFormat::Xlsx => (limits::XLSX_LIMIT, "a workbook to import"),
        };
        if let (InputFormat::Xlsx | InputFormat::Parquet, Some(label)) = (format, encoding) {
            let lang = crate::i18n::process_lang();
            return Err(Error::Usage(crate::tr!(
                lang,
                "core-import-encoding-only-text",
                label = label
            )));
        }
        let limit = Limit::from_env(limits::IMPORT_LIMIT_VAR, default)?;
        let file = limits::open_regular(path, limit, what)?;
        let utf8_copy = match encoding {
            Some(label) => transcode(&file, path, label)?,
            None => None,
        };
        Ok(Input {
            path: path.to_path_buf(),
            format,
            file,
            utf8_copy,
        })
    }

    /// The file as DuckDB is to name it, for the formats DuckDB reads itself (CSV, TSV, Parquet): the descriptor
    /// opened here (`/proc/self/fd/N`), so a path is never spliced into SQL and a file swapped after the checks is
    /// not what is read; the UTF-8 copy's, when there is one. `None` for the formats qlake reads (XLSX, JSON).
    pub fn duckdb_path(&self) -> Option<String> {
        match self.format {
            InputFormat::Csv | InputFormat::Tsv | InputFormat::Parquet => {}
            InputFormat::Json | InputFormat::Jsonl | InputFormat::Xlsx => return None,
        }
        Some(match &self.utf8_copy {
            Some(copy) => descriptor_path(copy.as_file(), copy.path()),
            None => descriptor_path(&self.file, &self.path),
        })
    }

    /// Another handle on the file as given (not its UTF-8 copy), for hashing on a thread of its own.
    pub fn try_clone_file(&self) -> Result<File> {
        self.file.try_clone().map_err(|e| Error::io(&self.path, e))
    }

    /// The text file to read: the UTF-8 copy, or the file.
    fn text_file(&self) -> &File {
        self.utf8_copy.as_ref().map_or(&self.file, |c| c.as_file())
    }

    /// What DuckDB's reader said about the file, in the user's terms, naming the file as the user gave it.
    pub fn read_error(&self, e: duckdb::Error) -> Error {
        let message = match self.duckdb_path() {
            Some(named) => e
                .to_string()
                .replace(&named, &self.path.display().to_string()),
            None => e.to_string(),
        };
        read_error(&self.path, &message)
    }
}

/// How DuckDB is to name an opened file: by its descriptor where the system has `/proc`, else by its path (still
/// only ever a quoted literal).
fn descriptor_path(file: &File, path: &Path) -> String {
    use std::os::unix::io::AsRawFd;
    let by_descriptor = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
    if by_descriptor.exists() {
        by_descriptor.display().to_string()
    } else {
        std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string()
    }
}

/// A file declared to DuckDB: its own column names in order (the views name them by [`column_name`]).
pub struct Loaded {
    pub columns: Vec<String>,
    /// The sheet read, for a workbook (the one named, else its first).
    pub sheet: Option<String>,
}

/// Declare `input` to DuckDB as the view `raw_text` (see [`RAW_TEXT`]). XLSX and JSON files are read here (into a
/// temp table); CSV, TSV and Parquet only when the view is read.
pub fn load(conn: &Connection, input: &Input, sheet: Option<&str>) -> Result<Loaded> {
    let path = input.path.as_path();
    let read_error = |e: duckdb::Error| input.read_error(e);
    let file = input.duckdb_path().map(|p| sql_literal(&p));
    let mut sheet_read = None;
    let (reader, columns) = match (input.format, file) {
        (InputFormat::Csv, Some(file)) => sniffed_reader(conn, &file, false, input)?,
        (InputFormat::Tsv, Some(file)) => sniffed_reader(conn, &file, true, input)?,
        (InputFormat::Parquet, Some(file)) => {
            let columns = described(conn, &format!("SELECT * FROM read_parquet({file})"))
                .map_err(read_error)?;
            check_columns(path, &columns)?;
            let names: Vec<String> = (0..columns.len()).map(column_name).collect();
            (
                format!("read_parquet({file}) AS file_columns({})", names.join(", ")),
                columns,
            )
        }
        // DuckDB's JSON reader is an extension this build leaves out: serde_json reads them.
        (InputFormat::Json | InputFormat::Jsonl, _) => {
            (TEXT_ROWS.to_string(), load_json(conn, input)?)
        }
        (InputFormat::Xlsx, _) => {
            let (columns, name) = super::xlsx::load(conn, &input.file, path, sheet)?;
            sheet_read = Some(name);
            (TEXT_ROWS.to_string(), columns)
        }
        (InputFormat::Csv | InputFormat::Tsv | InputFormat::Parquet, None) => {
            let lang = crate::i18n::process_lang();
            return Err(Error::Invalid(crate::tr!(
                lang,
                "core-import-no-duckdb-name",
                file = path.display().to_string()
            )));
        }
    };
    conn.execute_batch(&format!(
        "CREATE TEMP VIEW raw_input AS SELECT * FROM {reader};"
    ))
    .map_err(read_error)?;
    // CSV and TSV are read as text already; the other readers' typed values become text here.
    let as_text: Vec<String> = (0..columns.len())
        .map(|i| {
            let name = column_name(i);
            match input.format {
                InputFormat::Csv | InputFormat::Tsv => name,
                _ => format!("CAST({name} AS VARCHAR) AS {name}"),
            }
        })
        .collect();
    conn.execute_batch(&format!(
        "CREATE TEMP VIEW {RAW_TEXT} AS SELECT {} FROM raw_input;",
        as_text.join(", ")
    ))
    .map_err(read_error)?;
    Ok(Loaded {
        columns,
        sheet: sheet_read,
    })
}

/// The temp table the files qlake reads itself (XLSX, JSON) are loaded into.
pub const TEXT_ROWS: &str = "text_rows";

/// The column names of a query's result, as DuckDB describes them: values read back, never SQL.
fn described(conn: &Connection, select: &str) -> std::result::Result<Vec<String>, duckdb::Error> {
    let mut stmt = conn.prepare(&format!("SELECT column_name FROM (DESCRIBE {select})"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    names.collect()
}

/// A file's columns must be few enough to be a table's, and named once each (a second `year` would be read as
/// nothing and refused as a column the table lacks).
pub fn check_columns(path: &Path, columns: &[String]) -> Result<()> {
    let lang = crate::i18n::process_lang();
    if columns.len() > limits::MAX_COLUMNS {
        return Err(Error::Invalid(crate::tr!(
            lang,
            "core-import-too-many-columns",
            file = path.display().to_string(),
            count = columns.len().to_string(),
            most = limits::MAX_COLUMNS.to_string()
        )));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = columns.iter().find(|c| !seen.insert(c.as_str())) {
        return Err(Error::Invalid(crate::tr!(
            lang,
            "core-import-repeated-column",
            file = path.display().to_string(),
            column = twice,
            // not text: a selector's key
            blank = if twice.trim().is_empty() { "yes" } else { "no" }
        )));
    }
    Ok(())
}

/// The `read_csv(…)` call that reads a CSV or TSV file as DuckDB's sniffer reads it, every column as text, with
/// nothing left to detect, and the file's column names: a `read_csv` that detects samples the file again each time a
/// statement naming it is bound (about 50 ms for each of the four binds of a 1M-row import); one made from one sniff
/// does not. The call is built here from the sniffer's results read as values — each option a quoted literal, the
/// columns named by [`column_name`] — never from the text DuckDB writes for it (its `Prompt` splices the file's
/// column names and path into SQL unquoted).
fn sniffed_reader(
    conn: &Connection,
    file: &str,
    tsv: bool,
    input: &Input,
) -> Result<(String, Vec<String>)> {
    // Every column is read as text, so only the dialect is sniffed, and it shows in the first rows: a small sample
    // in a small buffer sniffs a 120 MB file in 20 ms instead of 100 (the default reads a 32 MB buffer); the file is
    // then read in DuckDB's default buffers (a small one is slower). The quote is `"` whatever the sample shows: a
    // spreadsheet quotes only the values that need it, maybe first on line 30 000, and a stray `"` inside a value
    // still reads as itself.
    let delim = if tsv { ", delim = '\\t'" } else { "" };
    let sniffed = conn
        .query_row(
            &format!(
                "SELECT Delimiter, Escape, NewLineDelimiter, Comment, SkipRows, HasHeader, Columns \
                 FROM sniff_csv({file}, header = true, all_varchar = true, quote = '\"', \
                 sample_size = {SNIFF_SAMPLE_ROWS}, buffer_size = {SNIFF_BUFFER_BYTES}{delim})"
            ),
            [],
            |r| {
                Ok(Sniffed {
                    delimiter: r.get(0)?,
                    escape: r.get(1)?,
                    new_line: r.get(2)?,
                    comment: r.get(3)?,
                    skip: r.get(4)?,
                    header: r.get(5)?,
                    columns: r.get(6)?,
                })
            },
        )
        .map_err(|e| input.read_error(e))?;
    let columns = sniffed.column_names().ok_or_else(|| {
        let lang = crate::i18n::process_lang();
        Error::Invalid(crate::tr!(
            lang,
            "core-import-sniffer-no-names",
            file = input.path.display().to_string()
        ))
    })?;
    check_columns(&input.path, &columns)?;
    Ok((sniffed.reader(file, columns.len()), columns))
}

/// What DuckDB's sniffer found, as values.
struct Sniffed {
    delimiter: String,
    escape: String,
    new_line: String,
    comment: String,
    skip: u32,
    header: bool,
    /// A list of structs (`name`, `type`).
    columns: duckdb::types::Value,
}

impl Sniffed {
    fn column_names(&self) -> Option<Vec<String>> {
        use duckdb::types::Value;
        let Value::List(items) = &self.columns else {
            return None;
        };
        items
            .iter()
            .map(|item| match item {
                Value::Struct(fields) => match fields.get(&"name".to_string()) {
                    Some(Value::Text(name)) => Some(name.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    /// `read_csv(file, …)` with every option the sniffer decided, each a quoted literal, and `width` columns of text.
    fn reader(&self, file: &str, width: usize) -> String {
        // The sniffer shows an absent character (no escape, no comment) as `(empty)`; read_csv takes ''.
        let character = |c: &str| sql_literal(if c == "(empty)" { "" } else { c });
        let new_line = match self.new_line.as_str() {
            // The only values read_csv takes; a file of one line has none.
            nl @ ("\\n" | "\\r" | "\\r\\n") => format!(", new_line = {}", sql_literal(nl)),
            _ => String::new(),
        };
        let columns: Vec<String> = (0..width)
            .map(|i| format!("{}: 'VARCHAR'", sql_literal(&column_name(i))))
            .collect();
        format!(
            "read_csv({file}, auto_detect = false, header = {header}, delim = {delim}, quote = '\"', \
             escape = {escape}{new_line}, skip = {skip}, comment = {comment}, columns = {{{columns}}})",
            header = self.header,
            delim = character(&self.delimiter),
            escape = character(&self.escape),
            skip = self.skip,
            comment = character(&self.comment),
            columns = columns.join(", ")
        )
    }
}

/// Rows the CSV sniffer reads to find the dialect, and the buffer it reads them in (at least DuckDB's longest line).
const SNIFF_SAMPLE_ROWS: usize = 2048;
const SNIFF_BUFFER_BYTES: usize = 2 << 20;

/// The file's rows as text, in a table `incoming` with `_row`, for checks that name each row: what a failed import
/// reads a second time to say what is wrong with it, and what a dry run previews.
pub fn materialize(conn: &Connection, input: &Input) -> Result<()> {
    // The rows keep the file's order (DuckDB preserves insertion order), so a row's id is its place in the file;
    // numbering them with a window instead doubled the load of a million rows (1.2 → 2.5 s).
    conn.execute_batch(&format!(
        "CREATE OR REPLACE TEMP TABLE incoming_rows AS SELECT * FROM {RAW_TEXT}; \
         CREATE OR REPLACE TEMP VIEW incoming AS SELECT rowid + 1 AS _row, * FROM incoming_rows;"
    ))
    .map_err(|e| input.read_error(e))
}

/// What DuckDB's reader said about `path`, in the user's terms.
fn read_error(path: &Path, message: &str) -> Error {
    if message.contains("not utf-8 encoded") {
        not_utf8(path)
    } else {
        let lang = crate::i18n::process_lang();
        Error::Invalid(crate::tr!(
            lang,
            "core-import-unreadable",
            file = path.display().to_string(),
            reason = first_lines(message)
        ))
    }
}

/// A JSON array of objects, or one object per line: columns in the order their keys first appear; nested values
/// are kept as JSON text. The file is read whole, within its limit (checked when it was opened, and again here).
fn load_json(conn: &Connection, input: &Input) -> Result<Vec<String>> {
    let (path, format) = (input.path.as_path(), input.format);
    let mut limit = Limit::from_env(limits::IMPORT_LIMIT_VAR, limits::JSON_LIMIT)?;
    if input.utf8_copy.is_some() {
        // Two bytes of GBK or UTF-16 may take three in UTF-8.
        limit.bytes = limit.bytes.saturating_mul(2);
    }
    let bytes = limits::read_all(input.text_file(), path, limit, "a JSON file to import")?;
    let text = String::from_utf8(bytes).map_err(|_| not_utf8(path))?;
    let lang = crate::i18n::process_lang();
    let bad = |where_: String, e: &dyn std::fmt::Display| {
        Error::Invalid(crate::tr!(
            lang,
            "core-import-not-json",
            file = path.display().to_string(),
            at = where_,
            error = e.to_string()
        ))
    };
    let whole_file = || crate::tr!(lang, "core-import-json-whole-file");
    let records: Vec<serde_json::Value> = if format == InputFormat::Json {
        match serde_json::from_str(&text).map_err(|e| bad(whole_file(), &e))? {
            serde_json::Value::Array(items) => items,
            _ => {
                let expected = crate::tr!(lang, "core-import-json-array-expected");
                return Err(bad(whole_file(), &expected));
            }
        }
    } else {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                serde_json::from_str(l).map_err(|e| {
                    let at = crate::tr!(lang, "err-import-at-line", n = (i + 1).to_string());
                    bad(at, &e)
                })
            })
            .collect::<Result<_>>()?
    };
    drop(text);
    let mut header: Vec<String> = Vec::new();
    let mut known = std::collections::HashSet::new();
    for (i, record) in records.iter().enumerate() {
        let serde_json::Value::Object(fields) = record else {
            let n = (i + 1).to_string();
            let at = match format {
                InputFormat::Jsonl => crate::tr!(lang, "err-import-at-line", n = n),
                _ => crate::tr!(lang, "err-import-at-record", n = n),
            };
            let expected = crate::tr!(lang, "core-import-json-object-expected");
            return Err(bad(at, &expected));
        };
        for key in fields.keys() {
            if known.insert(key.as_str()) {
                header.push(key.clone());
                if header.len() > limits::MAX_COLUMNS {
                    check_columns(path, &header)?;
                }
            }
        }
    }
    check_columns(path, &header)?;
    let rows = records.iter().map(|record| {
        Ok(header
            .iter()
            .map(|key| match record.get(key) {
                None | Some(serde_json::Value::Null) => None,
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(other) => Some(other.to_string()),
            })
            .collect())
    });
    load_text_rows(conn, header.len(), rows, path)?;
    Ok(header)
}

/// Rows of text into the temp table [`TEXT_ROWS`], `width` VARCHAR columns named by [`column_name`], through DuckDB's
/// appender (values, never SQL), one row at a time: a reader that streams keeps memory flat.
pub fn load_text_rows(
    conn: &Connection,
    width: usize,
    rows: impl Iterator<Item = Result<Vec<Option<String>>>>,
    path: &Path,
) -> Result<()> {
    let failed = |e: duckdb::Error| Error::Invalid(format!("{}: {e}", path.display()));
    if width == 0 {
        let lang = crate::i18n::process_lang();
        return Err(Error::Invalid(crate::tr!(
            lang,
            "core-import-no-columns",
            file = path.display().to_string()
        )));
    }
    let columns: Vec<String> = (0..width)
        .map(|i| format!("{} VARCHAR", column_name(i)))
        .collect();
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE {TEXT_ROWS} ({});",
        columns.join(", ")
    ))
    .map_err(failed)?;
    let mut appender = conn.appender(TEXT_ROWS).map_err(failed)?;
    for row in rows {
        appender
            .append_row(duckdb::appender_params_from_iter(row?))
            .map_err(failed)?;
    }
    appender.flush().map_err(failed)
}

/// What to do about a text file that is not UTF-8: the usual case here is a CSV saved by Excel on a Chinese system.
fn not_utf8(path: &Path) -> Error {
    let lang = crate::i18n::process_lang();
    Error::Invalid(crate::tr!(
        lang,
        "core-import-not-utf8",
        file = path.display().to_string()
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
        let lang = crate::i18n::process_lang();
        Error::Usage(crate::tr!(
            lang,
            "core-import-not-an-encoding",
            label = label
        ))
    })
}

/// A UTF-8 copy of a text file in encoding `label` (gbk, gb18030, big5, utf-16le …); none needed for UTF-8. Read
/// from the descriptor the file was checked by.
fn transcode(file: &File, path: &Path, label: &str) -> Result<Option<tempfile::NamedTempFile>> {
    use std::io::{Read, Write};
    let encoding = encoding(label)?;
    if encoding == encoding_rs::UTF_8 {
        return Ok(None);
    }
    let mut input = limits::At::new(file);
    // In qlake's own spool: the import runs confined, and the system's temp folder is not its to write.
    let mut copy = crate::core::scratch::temp_file("qlake-import-", ".txt")?;
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
            let lang = crate::i18n::process_lang();
            return Err(Error::Invalid(crate::tr!(
                lang,
                "core-import-not-in-encoding",
                file = path.display().to_string(),
                encoding = encoding.name()
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
