//! The one export path: stream a query's record batches from DuckDB into a writer for any output format, to
//! stdout or to a file that appears only when complete. `qlake sql`, `qlake query run` and the TUI's export all
//! call [`export`].

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use duckdb::arrow::array::{Array, AsArray};
use duckdb::arrow::datatypes::{DataType, SchemaRef};
use duckdb::arrow::record_batch::RecordBatch;

use crate::core::atomic_file::PendingFile;
use crate::core::cells;
use crate::core::engine::{Engine, Value};
use crate::core::error::{Error, Result};
use crate::core::gate::CheckedSql;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Jsonl,
    Parquet,
    Arrow,
    Xlsx,
    Markdown,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Jsonl,
        Format::Parquet,
        Format::Arrow,
        Format::Xlsx,
        Format::Markdown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
            Format::Arrow => "arrow",
            Format::Xlsx => "xlsx",
            Format::Markdown => "markdown",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == lower)
            .or(match lower.as_str() {
                "md" => Some(Format::Markdown),
                "ndjson" => Some(Format::Jsonl),
                "ipc" | "feather" => Some(Format::Arrow),
                _ => None,
            })
    }

    /// The format a file name implies (`out.csv` → csv).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        match ext.to_ascii_lowercase().as_str() {
            "txt" => Some(Format::Table),
            "arrow" | "ipc" | "feather" => Some(Format::Arrow),
            other => Format::from_name(other).filter(|f| *f != Format::Table),
        }
    }

    pub fn is_binary(self) -> bool {
        matches!(self, Format::Parquet | Format::Arrow | Format::Xlsx)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Markdown => "md",
            other => other.name(),
        }
    }
}

/// Where an export goes.
#[derive(Debug, Clone)]
pub enum Destination {
    Stdout,
    File { path: PathBuf, overwrite: bool },
}

/// What to run.
#[derive(Debug, Clone)]
pub struct QueryText {
    pub sql: CheckedSql,
    pub params: Vec<(String, Value)>,
    /// Names the query in messages (a saved query's name, or "query").
    pub context: String,
}

#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub rows: u64,
    pub path: Option<PathBuf>,
}

/// Run `query` and write its result in `format` to `destination`. A file destination is written to a temporary
/// file beside it and renamed into place only when complete, so a failure or interrupt leaves nothing behind.
/// `progress` is called with the running row count after each batch; an error from it stops the export.
pub fn export(
    engine: &Engine,
    query: &QueryText,
    format: Format,
    destination: &Destination,
    progress: &mut dyn FnMut(u64) -> Result<()>,
) -> Result<ExportSummary> {
    export_reporting(engine, query, format, destination, progress, &|_| {})
}

/// [`export`], also reporting DuckDB's own estimate of how far it is (percent) while it writes a CSV, TSV or Parquet
/// file itself with `COPY` — there are no batches to count then until it is done. `percent` is called from another
/// thread, a few times a second.
pub fn export_reporting(
    engine: &Engine,
    query: &QueryText,
    format: Format,
    destination: &Destination,
    progress: &mut dyn FnMut(u64) -> Result<()>,
    percent: &(dyn Fn(f64) + Sync),
) -> Result<ExportSummary> {
    if let (Destination::File { path, overwrite }, Some(options)) =
        (destination, copy_options(format))
    {
        ensure_writable_target(path, *overwrite)?;
        let pending = PendingFile::beside(path)?;
        if let Some(proc_path) = pending.proc_path() {
            // CSV, TSV and Parquet files: DuckDB writes them itself, in parallel, into the anonymous file.
            let rows = engine
                .copy_to(
                    &query.sql,
                    &query.params,
                    options,
                    &proc_path,
                    &query.context,
                    percent,
                )
                .map_err(|e| name_the_file(e, &proc_path, path))?;
            progress(rows)?;
            pending.commit(path, *overwrite)?;
            return Ok(ExportSummary {
                rows,
                path: Some(path.clone()),
            });
        }
    }
    write_to(destination, format, &mut |out| {
        write_query(engine, query, format, out, progress)
    })
}

/// The COPY options for the formats DuckDB writes as qlake would (RFC 4180 CSV with a header, TSV, Parquet).
fn copy_options(format: Format) -> Option<&'static str> {
    match format {
        Format::Csv => Some("FORMAT csv, HEADER true"),
        Format::Tsv => Some("FORMAT csv, HEADER true, DELIMITER '\t'"),
        // DuckDB's default compression (snappy): what `COPY … TO` does unless told otherwise.
        Format::Parquet => Some("FORMAT parquet"),
        _ => None,
    }
}

/// DuckDB names the file it wrote by the path it was given (`/proc/self/fd/N`); say the user's file instead.
fn name_the_file(e: Error, proc_path: &str, path: &Path) -> Error {
    let shown = path.display().to_string();
    match e {
        Error::Query { context, message } if message.contains(proc_path) => Error::Io {
            path: path.to_path_buf(),
            message: format!("{context}: {}", message.replace(proc_path, &shown)),
        },
        other => other,
    }
}

/// Write batches already in memory (e.g. `lake info`) through the same writers and the same safe file handling.
pub fn export_batches(
    schema: SchemaRef,
    batches: &[RecordBatch],
    format: Format,
    destination: &Destination,
) -> Result<ExportSummary> {
    write_to(destination, format, &mut |out| {
        let mut writer = writer_for(format, schema.clone(), out)?;
        let mut rows = 0;
        for batch in batches {
            writer.write(batch)?;
            rows += batch.num_rows() as u64;
        }
        writer.finish()?;
        Ok(rows)
    })
}

type Output = Box<dyn Write + Send>;

fn write_to(
    destination: &Destination,
    format: Format,
    write: &mut dyn FnMut(Output) -> Result<u64>,
) -> Result<ExportSummary> {
    match destination {
        Destination::Stdout => {
            if format.is_binary() && io::stdout().is_terminal() {
                return Err(Error::Usage(format!(
                    "{} is a binary format; write it to a file with -o FILE.{}",
                    format.name(),
                    format.extension()
                )));
            }
            let out: Output = if io::stdout().is_terminal() {
                // Lake text must not drive the terminal: controls shown as escapes (files and pipes get raw bytes).
                Box::new(cells::TerminalSafe::new(BufWriter::new(WatchedStdout)))
            } else {
                Box::new(BufWriter::new(WatchedStdout))
            };
            let rows = write(out)?;
            Ok(ExportSummary { rows, path: None })
        }
        Destination::File { path, overwrite } => {
            ensure_writable_target(path, *overwrite)?;
            let pending = PendingFile::beside(path)?;
            // A writer's failure (disk full, file too large) names the file; query errors keep their own context.
            let rows =
                write(Box::new(BufWriter::new(pending.writer(path)?))).map_err(|e| match e {
                    Error::Invalid(message) => Error::io(path, message),
                    other => other,
                })?;
            pending.commit(path, *overwrite)?;
            Ok(ExportSummary {
                rows,
                path: Some(path.clone()),
            })
        }
    }
}

/// Set once stdout's reader has gone away (`qlake sql … | head -1`).
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the reader of stdout went away: the CLI then ends quietly with 0, as `cat` and `grep` do.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Stdout that notes a broken pipe by its kind (the error itself still stops the export).
struct WatchedStdout;

impl WatchedStdout {
    fn note<T>(result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result
            && e.kind() == io::ErrorKind::BrokenPipe
        {
            STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        result
    }
}

impl Write for WatchedStdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        WatchedStdout::note(io::stdout().write(buf))
    }
    fn flush(&mut self) -> io::Result<()> {
        WatchedStdout::note(io::stdout().flush())
    }
}

/// Refuse early, before any query runs: a target inside any lake qlake knows, an existing file without
/// `overwrite`, and anything but a regular file even with it (replacing a FIFO, a device or a symlink with a regular
/// file is never what was meant).
pub fn ensure_writable_target(path: &Path, overwrite: bool) -> Result<()> {
    ensure_outside_lakes(path)?;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a folder; give a file name",
            path.display()
        )));
    }
    if !overwrite {
        return Err(Error::Usage(format!(
            "{} already exists; add --force to replace it",
            path.display()
        )));
    }
    if !kind.is_file() {
        let what = if kind.is_symlink() {
            "a symlink"
        } else {
            "not a regular file (a FIFO, socket or device)"
        };
        return Err(Error::Usage(format!(
            "{} is {what}; --force only replaces regular files",
            path.display()
        )));
    }
    Ok(())
}

/// An export's folder must exist and lie outside every lake qlake knows (`lake::known_lakes`).
fn ensure_outside_lakes(path: &Path) -> Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let real = std::fs::canonicalize(folder)
        .map_err(|e| Error::io(folder, format!("cannot export here: {e}")))?;
    if let Some(lake) = crate::core::lake::known_lakes()
        .into_iter()
        .find(|lake| real.starts_with(lake))
    {
        return Err(Error::Usage(format!(
            "{} is inside the lake {}; qlake never writes into a lake — export to a folder outside it",
            path.display(),
            lake.display()
        )));
    }
    Ok(())
}

fn write_query(
    engine: &Engine,
    query: &QueryText,
    format: Format,
    out: Output,
    progress: &mut dyn FnMut(u64) -> Result<()>,
) -> Result<u64> {
    let mut state: Option<Box<dyn BatchWriter>> = None;
    let mut pending_out = Some(out);
    let mut rows = 0u64;
    let schema = engine.stream(&query.sql, &query.params, &query.context, &mut |batch| {
        // Arrow and Parquet keep DuckDB's types as they are; text formats need values they can show.
        let shown;
        let batch = if matches!(format, Format::Arrow | Format::Parquet) {
            batch
        } else {
            shown = cells::displayable(batch)?;
            &shown
        };
        if state.is_none() {
            let out = pending_out
                .take()
                .ok_or_else(|| Error::Invalid("writer already taken".into()))?;
            state = Some(writer_for(format, batch.schema(), out)?);
        }
        if let Some(w) = state.as_mut() {
            w.write(batch)?;
        }
        rows += batch.num_rows() as u64;
        progress(rows)
    })?;
    let writer = match state {
        Some(w) => w,
        None => {
            let out = pending_out
                .take()
                .ok_or_else(|| Error::Invalid("writer already taken".into()))?;
            writer_for(format, schema, out)?
        }
    };
    writer.finish()?;
    Ok(rows)
}

trait BatchWriter {
    fn write(&mut self, batch: &RecordBatch) -> Result<()>;
    fn finish(self: Box<Self>) -> Result<()>;
}

fn write_err(format: Format) -> impl Fn(&dyn std::fmt::Display) -> Error {
    move |e| Error::Invalid(format!("writing {}: {e}", format.name()))
}

fn writer_for(
    format: Format,
    schema: SchemaRef,
    out: Box<dyn Write + Send>,
) -> Result<Box<dyn BatchWriter>> {
    Ok(match format {
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Csv { b',' } else { b'\t' };
            let w = duckdb::arrow::csv::WriterBuilder::new()
                .with_header(true)
                .with_delimiter(delimiter)
                .build(out);
            Box::new(CsvOut {
                inner: w,
                format,
                schema,
                wrote: false,
            })
        }
        // Every row carries every column: a NULL is `null`, never a missing key.
        Format::Json => Box::new(JsonOut {
            inner: duckdb::arrow::json::WriterBuilder::new()
                .with_explicit_nulls(true)
                .build::<_, duckdb::arrow::json::writer::JsonArray>(out),
        }),
        Format::Jsonl => Box::new(JsonlOut {
            inner: duckdb::arrow::json::WriterBuilder::new()
                .with_explicit_nulls(true)
                .build::<_, duckdb::arrow::json::writer::LineDelimited>(out),
        }),
        Format::Parquet => {
            let props = parquet::file::properties::WriterProperties::builder()
                .set_compression(parquet::basic::Compression::ZSTD(
                    parquet::basic::ZstdLevel::default(),
                ))
                .build();
            let w = parquet::arrow::ArrowWriter::try_new(out, schema, Some(props))
                .map_err(|e| write_err(format)(&e))?;
            Box::new(ParquetOut(w))
        }
        Format::Arrow => {
            let w = duckdb::arrow::ipc::writer::FileWriter::try_new(out, &schema)
                .map_err(|e| write_err(format)(&e))?;
            Box::new(ArrowOut(w))
        }
        Format::Xlsx => Box::new(XlsxOut::new(schema, out)?),
        Format::Markdown => Box::new(MarkdownOut::new(&schema, out)?),
        Format::Table => Box::new(TableOut::new(schema, out)),
    })
}

struct CsvOut {
    inner: duckdb::arrow::csv::Writer<Box<dyn Write + Send>>,
    format: Format,
    schema: SchemaRef,
    wrote: bool,
}
impl BatchWriter for CsvOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.wrote = true;
        self.inner
            .write(batch)
            .map_err(|e| write_err(self.format)(&e))
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        let format = self.format;
        if !self.wrote {
            // An empty result still has its columns: the writer puts the header before the first batch.
            let empty = RecordBatch::new_empty(self.schema.clone());
            self.inner
                .write(&empty)
                .map_err(|e| write_err(format)(&e))?;
        }
        let mut out = self.inner.into_inner();
        out.flush().map_err(|e| write_err(format)(&e))
    }
}

struct JsonOut {
    inner:
        duckdb::arrow::json::Writer<Box<dyn Write + Send>, duckdb::arrow::json::writer::JsonArray>,
}
impl BatchWriter for JsonOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.inner
            .write(batch)
            .map_err(|e| write_err(Format::Json)(&e))
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        // The writer itself writes `[]` for no rows.
        self.inner
            .finish()
            .map_err(|e| write_err(Format::Json)(&e))?;
        let mut out = self.inner.into_inner();
        out.write_all(b"\n")
            .map_err(|e| write_err(Format::Json)(&e))?;
        out.flush().map_err(|e| write_err(Format::Json)(&e))
    }
}

struct JsonlOut {
    inner: duckdb::arrow::json::Writer<
        Box<dyn Write + Send>,
        duckdb::arrow::json::writer::LineDelimited,
    >,
}
impl BatchWriter for JsonlOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.inner
            .write(batch)
            .map_err(|e| write_err(Format::Jsonl)(&e))
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        self.inner
            .finish()
            .map_err(|e| write_err(Format::Jsonl)(&e))?;
        self.inner
            .into_inner()
            .flush()
            .map_err(|e| write_err(Format::Jsonl)(&e))
    }
}

struct ParquetOut(parquet::arrow::ArrowWriter<Box<dyn Write + Send>>);
impl BatchWriter for ParquetOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.0
            .write(batch)
            .map_err(|e| write_err(Format::Parquet)(&e))
    }
    fn finish(self: Box<Self>) -> Result<()> {
        let mut out = self
            .0
            .into_inner()
            .map_err(|e| write_err(Format::Parquet)(&e))?;
        out.flush().map_err(|e| write_err(Format::Parquet)(&e))
    }
}

struct ArrowOut(duckdb::arrow::ipc::writer::FileWriter<Box<dyn Write + Send>>);
impl BatchWriter for ArrowOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.0
            .write(batch)
            .map_err(|e| write_err(Format::Arrow)(&e))
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        self.0.finish().map_err(|e| write_err(Format::Arrow)(&e))?;
        let mut out = self
            .0
            .into_inner()
            .map_err(|e| write_err(Format::Arrow)(&e))?;
        out.flush().map_err(|e| write_err(Format::Arrow)(&e))
    }
}

/// XLSX keeps numbers as numbers, booleans as booleans and dates as dates. Rows stream through
/// rust_xlsxwriter's constant-memory mode.
struct XlsxOut {
    workbook: rust_xlsxwriter::Workbook,
    out: Box<dyn Write + Send>,
    next_row: u32,
    date_format: rust_xlsxwriter::Format,
}

/// XLSX sheets hold 1,048,576 rows, one of them the header.
const XLSX_MAX_DATA_ROWS: u32 = 1_048_575;

impl XlsxOut {
    fn new(schema: SchemaRef, out: Box<dyn Write + Send>) -> Result<XlsxOut> {
        let xerr = write_err(Format::Xlsx);
        let mut workbook = rust_xlsxwriter::Workbook::new();
        // Constant-memory sheets spill into temporary files: in qlake's own temp folder, not the system's (which the
        // sandbox leaves link-only when the lake lies beneath it).
        let temp = crate::core::scratch::settings()?;
        workbook.set_tempdir(&temp.temp_dir).map_err(|e| xerr(&e))?;
        let header = rust_xlsxwriter::Format::new().set_bold();
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(|e| xerr(&e))?;
        for (i, field) in schema.fields().iter().enumerate() {
            let col =
                u16::try_from(i).map_err(|_| Error::Invalid("too many columns for XLSX".into()))?;
            sheet
                .write_string_with_format(0, col, field.name(), &header)
                .map_err(|e| xerr(&e))?;
        }
        Ok(XlsxOut {
            workbook,
            out,
            next_row: 1,
            date_format: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
        })
    }
}

impl BatchWriter for XlsxOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let xerr = write_err(Format::Xlsx);
        let rows = u32::try_from(batch.num_rows()).unwrap_or(u32::MAX);
        if self.next_row.saturating_add(rows) > XLSX_MAX_DATA_ROWS + 1 {
            return Err(Error::Invalid(format!(
                "XLSX holds at most {XLSX_MAX_DATA_ROWS} rows; export this result as csv or parquet"
            )));
        }
        let text = cells::batch_rows(batch)?;
        let sheet = self
            .workbook
            .worksheet_from_index(0)
            .map_err(|e| xerr(&e))?;
        for (r, row_text) in text.iter().enumerate() {
            let row = self.next_row + r as u32;
            for (c, column) in batch.columns().iter().enumerate() {
                let col = c as u16;
                if column.is_null(r) {
                    continue;
                }
                write_xlsx_cell(
                    sheet,
                    row,
                    col,
                    column.as_ref(),
                    r,
                    &row_text[c],
                    &self.date_format,
                )
                .map_err(|e| xerr(&e))?;
            }
        }
        self.next_row += rows;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let xerr = write_err(Format::Xlsx);
        let mut out = self.out;
        self.workbook
            .save_to_writer(&mut out)
            .map_err(|e| xerr(&e))?;
        out.flush().map_err(|e| xerr(&e))
    }
}

fn write_xlsx_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    array: &dyn Array,
    index: usize,
    text: &str,
    date_format: &rust_xlsxwriter::Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    match array.data_type() {
        DataType::Boolean => {
            sheet.write_boolean(row, col, array.as_boolean().value(index))?;
        }
        t if t.is_numeric() => match text.parse::<f64>() {
            Ok(n) => {
                sheet.write_number(row, col, n)?;
            }
            Err(_) => {
                sheet.write_string(row, col, text)?;
            }
        },
        DataType::Date32 | DataType::Date64 => {
            match rust_xlsxwriter::ExcelDateTime::parse_from_str(text) {
                Ok(d) => {
                    sheet.write_date_with_format(row, col, &d, date_format)?;
                }
                Err(_) => {
                    sheet.write_string(row, col, text)?;
                }
            }
        }
        _ => {
            sheet.write_string(row, col, text)?;
        }
    }
    Ok(())
}

struct MarkdownOut {
    out: Box<dyn Write + Send>,
}

impl MarkdownOut {
    fn new(schema: &SchemaRef, mut out: Box<dyn Write + Send>) -> Result<MarkdownOut> {
        let names: Vec<String> = schema
            .fields()
            .iter()
            .map(|f| markdown_cell(f.name()))
            .collect();
        let rule: Vec<String> = schema
            .fields()
            .iter()
            .map(|f| {
                if f.data_type().is_numeric() {
                    "---:".to_string()
                } else {
                    "---".to_string()
                }
            })
            .collect();
        writeln!(out, "| {} |\n| {} |", names.join(" | "), rule.join(" | "))
            .map_err(|e| write_err(Format::Markdown)(&e))?;
        Ok(MarkdownOut { out })
    }
}

fn markdown_cell(s: &str) -> String {
    cells::escape_control(s).replace('|', "\\|")
}

impl BatchWriter for MarkdownOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        for row in cells::batch_rows(batch)? {
            let row: Vec<String> = row.iter().map(|c| markdown_cell(c)).collect();
            writeln!(self.out, "| {} |", row.join(" | "))
                .map_err(|e| write_err(Format::Markdown)(&e))?;
        }
        Ok(())
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        self.out
            .flush()
            .map_err(|e| write_err(Format::Markdown)(&e))
    }
}

/// An aligned text table for people: CJK-aware widths, control characters escaped. Column widths come from the
/// first rows (up to [`TABLE_SAMPLE_ROWS`]) so a long result streams instead of being held in memory; later
/// cells wider than that are cut with `…`.
struct TableOut {
    schema: SchemaRef,
    out: Box<dyn Write + Send>,
    buffered: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
    rows: u64,
}

const TABLE_SAMPLE_ROWS: usize = 1000;
const TABLE_MAX_COLUMN_WIDTH: usize = 60;

impl TableOut {
    fn new(schema: SchemaRef, out: Box<dyn Write + Send>) -> TableOut {
        TableOut {
            schema,
            out,
            buffered: Vec::new(),
            widths: None,
            rows: 0,
        }
    }

    fn numeric(&self) -> Vec<bool> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.data_type().is_numeric())
            .collect()
    }

    fn fix_widths(&mut self) -> Result<()> {
        let mut widths: Vec<usize> = self
            .schema
            .fields()
            .iter()
            .map(|f| cells::display_width(&cells::escape_control(f.name())))
            .collect();
        for row in &self.buffered {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w)
                    .max(cells::display_width(cell))
                    .min(TABLE_MAX_COLUMN_WIDTH);
            }
        }
        let header: Vec<String> = self
            .schema
            .fields()
            .iter()
            .map(|f| cells::escape_control(f.name()).into_owned())
            .collect();
        let numeric = self.numeric();
        let line = render_row(&header, &widths, &vec![false; numeric.len()]);
        let rule = widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .join("─┼─");
        writeln!(self.out, "{line}\n{rule}").map_err(|e| write_err(Format::Table)(&e))?;
        for row in std::mem::take(&mut self.buffered) {
            writeln!(self.out, "{}", render_row(&row, &widths, &numeric))
                .map_err(|e| write_err(Format::Table)(&e))?;
        }
        self.widths = Some(widths);
        Ok(())
    }
}

fn render_row(cells_text: &[String], widths: &[usize], numeric: &[bool]) -> String {
    cells_text
        .iter()
        .zip(widths)
        .zip(numeric)
        .map(|((c, w), n)| cells::pad_to_width(c, *w, *n))
        .collect::<Vec<_>>()
        .join(" │ ")
        .trim_end()
        .to_string()
}

impl BatchWriter for TableOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let rows: Vec<Vec<String>> = cells::batch_rows(batch)?
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| cells::escape_control(&c).into_owned())
                    .collect()
            })
            .collect();
        self.rows += rows.len() as u64;
        match &self.widths {
            None => {
                self.buffered.extend(rows);
                if self.buffered.len() >= TABLE_SAMPLE_ROWS {
                    self.fix_widths()?;
                }
            }
            Some(widths) => {
                let numeric = self.numeric();
                for row in rows {
                    writeln!(self.out, "{}", render_row(&row, widths, &numeric))
                        .map_err(|e| write_err(Format::Table)(&e))?;
                }
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        if self.widths.is_none() {
            self.fix_widths()?;
        }
        self.out.flush().map_err(|e| write_err(Format::Table)(&e))
    }
}
