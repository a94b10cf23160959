//! The one export path: stream a query's record batches from DuckDB into a writer for any output format, to
//! stdout or to a file that appears only when complete. `qlake sql`, `qlake query run` and the TUI's export all
//! call [`export`].

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use duckdb::arrow::datatypes::SchemaRef;
use duckdb::arrow::record_batch::RecordBatch;

use crate::core::atomic_file::PendingFile;
use crate::core::backend::Backend;
use crate::core::cells;
use crate::core::error::{Error, Result};
use crate::core::gate::CheckedSql;
use crate::core::sql::Value;
use writers::{BatchWriter, writer_for};

mod writers;

pub use crate::core::format::Format;

/// What a query's export is called (an XLSX sheet's name): the saved query's name its context gives between
/// backquotes (`query \`ratings-by-year\``), else the context.
fn query_title(context: &str) -> String {
    context
        .split('`')
        .nth(1)
        .filter(|name| !name.is_empty())
        .unwrap_or(context)
        .to_string()
}

/// Each source's id, title, publisher and date, from the lake's (small) `sources` table, picked here: nothing of the
/// result enters the statement. A source the table lacks is left out.
fn source_details(engine: &dyn Backend, wanted: &[String]) -> Result<Vec<[String; 4]>> {
    let sql = crate::core::gate::check(
        "SELECT source_id, title, coalesce(publisher, ''), coalesce(CAST(published_on AS STRING), date_note, '') \
         FROM sources ORDER BY source_id",
    )?;
    let (_, batches) = engine.collect(&sql, &[], "the sources of the exported rows")?;
    let mut found = Vec::new();
    for batch in &batches {
        for row in cells::batch_rows(batch)? {
            if let [id, title, publisher, date] = row.as_slice()
                && wanted.contains(id)
            {
                found.push([id.clone(), title.clone(), publisher.clone(), date.clone()]);
            }
        }
    }
    Ok(found)
}

/// Where an export goes.
#[derive(Debug, Clone)]
pub enum Destination {
    /// The process's standard output; `terminal` when a person reads it there (the CLI decides: the core knows no
    /// terminal): a binary format is then refused and control characters are shown as escapes.
    Stdout {
        terminal: bool,
    },
    File {
        path: PathBuf,
        overwrite: bool,
    },
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
    engine: &dyn Backend,
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
    engine: &dyn Backend,
    query: &QueryText,
    format: Format,
    destination: &Destination,
    progress: &mut dyn FnMut(u64) -> Result<()>,
    percent: &(dyn Fn(f64) + Sync),
) -> Result<ExportSummary> {
    if let Destination::File { path, overwrite } = destination
        && engine.copies(format)
    {
        ensure_writable_target(path, *overwrite)?;
        let pending = PendingFile::for_export(path)?;
        // CSV, TSV and Parquet files: DuckDB writes them itself, in parallel, into the anonymous file.
        if let Some(proc_path) = pending.proc_path()
            && let Some(written) = engine.copy_to(
                &query.sql,
                &query.params,
                format,
                &proc_path,
                &query.context,
                percent,
            )
        {
            let rows = written.map_err(|e| name_the_file(e, &proc_path, path))?;
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

/// DuckDB names the file it wrote by the path it was given (`/proc/self/fd/N`); say the user's file instead.
fn name_the_file(e: Error, proc_path: &str, path: &Path) -> Error {
    let shown = path.display().to_string();
    match e {
        Error::Query { context, message } if message.contains(proc_path) => Error::io(
            path,
            format!("{context}: {}", message.replace(proc_path, &shown)),
        ),
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
        let mut writer = writer_for(format, schema.clone(), out, "qlake")?;
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
        Destination::Stdout { terminal } => {
            if format.is_binary() && *terminal {
                return Err(Error::Usage(format!(
                    "{} is a binary format; write it to a file with -o FILE.{}",
                    format.name(),
                    format.extension()
                )));
            }
            let out: Output = if *terminal {
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
            let pending = PendingFile::for_export(path)?;
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

/// Refuse early, before any query runs: a target inside any lake (one qlake knows, or any folder that looks like
/// one, the folder checked by descriptor), an existing file without `overwrite`, and anything but a regular file
/// even with it (replacing a FIFO, a device or a symlink with a regular file is never what was meant). The export
/// itself checks its folder again when it opens it ([`PendingFile::for_export`]).
pub fn ensure_writable_target(path: &Path, overwrite: bool) -> Result<()> {
    use crate::core::target_dir::{EntryKind, TargetDir};
    let (dir, name) = TargetDir::for_export(path)?;
    let Some(kind) = dir.entry(&name) else {
        return Ok(());
    };
    if kind == EntryKind::Folder {
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
    if kind != EntryKind::File {
        let what = if kind == EntryKind::Symlink {
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

fn write_query(
    engine: &dyn Backend,
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
            state = Some(writer_for(
                format,
                batch.schema(),
                out,
                &query_title(&query.context),
            )?);
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
            // No rows: the header still comes from the schema, shown as the rows would have been.
            let schema = if matches!(format, Format::Arrow | Format::Parquet) {
                schema
            } else {
                cells::displayable_schema(&schema)
            };
            writer_for(format, schema, out, &query_title(&query.context))?
        }
    };
    let mut writer = writer;
    let wanted = writer.sources_wanted();
    if !wanted.is_empty() {
        // The details are a courtesy: an engine without a `sources` table still gets each row's id and quote.
        writer.set_sources(source_details(engine, &wanted).unwrap_or_default());
    }
    writer.finish()?;
    Ok(rows)
}
