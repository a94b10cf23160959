//! Work the UI asks of DuckDB, and the answers. Jobs never run in a key handler: `update` returns them as effects,
//! and the runner hands them to worker threads (or, headless, runs them itself). Every job carries an id issued by
//! the request tracker (`requests.rs`); an answer that is not the latest for its target is stale and dropped.

use std::path::PathBuf;
use std::time::Instant;

use duckdb::arrow::datatypes::SchemaRef;
use duckdb::arrow::record_batch::RecordBatch;

use crate::core::backend::Backend;
use crate::core::cells;
use crate::core::error::Error;
use crate::core::export::{self, Destination, Format, QueryText};
use crate::core::gate::CheckedSql;
use crate::core::sql::Value;

/// Which grid a page or count is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Explore(usize),
    /// The grid of a pane that shows one saved query (ratings, coverage, funding).
    Pane(crate::tui::pane::Pane),
    QueryResult,
    Console,
    Frequency,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Work {
    /// Rows of a query (a page of a grid, a tile, a detail).
    Rows {
        sql: CheckedSql,
        params: Vec<(String, Value)>,
    },
    /// Rows of a query, remembered for the state of the data the engine reads (the dashboard's tiles: the same
    /// files give the same figures, so the next start shows them without running the query).
    /// Checked only when nothing is remembered: a remembered result runs nothing.
    Remembered {
        sql: crate::core::gate::Pending,
        params: Vec<(String, Value)>,
    },
    /// Rows `offset .. offset + limit` of a whole lake table, read by position where the engine can tell positions
    /// ([`Backend::table_page`]), else by `otherwise` (the same rows by LIMIT/OFFSET, or streamed for the first page).
    TablePage {
        table: String,
        offset: u64,
        limit: u64,
        otherwise: Box<Work>,
    },
    /// The first `limit` rows of a query, streamed from the query itself (no LIMIT/OFFSET wrapper around it).
    FirstRows {
        sql: CheckedSql,
        params: Vec<(String, Value)>,
        limit: usize,
    },
    /// One number: `SELECT count(*) ...`.
    Count {
        sql: CheckedSql,
        params: Vec<(String, Value)>,
    },
    Export {
        sql: CheckedSql,
        params: Vec<(String, Value)>,
        format: Format,
        path: PathBuf,
        label: String,
    },
    /// The `$name` parameters of a statement (before saving it as a query).
    Parameters { sql: CheckedSql },
    /// The engine's tables and columns, as rows of `table_name`, `column_name`, `data_type`.
    Columns,
    /// The values of a lake's column ([`crate::core::queries::lake_values`]).
    Values {
        table: &'static str,
        column: &'static str,
    },
}

/// What an answer is for. Grid targets carry the generation of the grid that asked: a grid that was reset or
/// replaced since has another, and the answer is dropped even when its id is still the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Page {
        slot: Slot,
        page: u64,
        generation: u64,
    },
    Count {
        slot: Slot,
        generation: u64,
    },
    Tile(usize),
    Scores,
    Source,
    /// The lake's tables and columns, for the console.
    Catalog,
    Export,
    SaveAs,
    /// The console's statement about to run: its parameters, to ask their values.
    ConsoleParams,
    /// The values a column of the lake holds: a `choice of table.column` parameter's pick-list.
    Values {
        table: &'static str,
        column: &'static str,
    },
}

/// A target without its generation: the request tracker keeps the latest id per key, and the worker queue lets a
/// newer job replace a queued one with the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Page(Slot, u64),
    Count(Slot),
    Tile(usize),
    Scores,
    Source,
    Catalog,
    Export,
    SaveAs,
    ConsoleParams,
    Values(&'static str, &'static str),
}

impl Target {
    pub fn key(self) -> Key {
        match self {
            Target::Page { slot, page, .. } => Key::Page(slot, page),
            Target::Count { slot, .. } => Key::Count(slot),
            Target::Tile(i) => Key::Tile(i),
            Target::Scores => Key::Scores,
            Target::Source => Key::Source,
            Target::Catalog => Key::Catalog,
            Target::Export => Key::Export,
            Target::SaveAs => Key::SaveAs,
            Target::ConsoleParams => Key::ConsoleParams,
            Target::Values { table, column } => Key::Values(table, column),
        }
    }

    pub fn generation(self) -> u64 {
        match self {
            Target::Page { generation, .. } | Target::Count { generation, .. } => generation,
            _ => 0,
        }
    }

    /// Whether a queued job for this target may be dropped for a newer one: reads may, an export writes a file the
    /// user asked for and never is.
    pub fn replaceable(self) -> bool {
        !matches!(self, Target::Export)
    }

    /// The grid this target fills, if any.
    pub fn slot(self) -> Option<Slot> {
        match self {
            Target::Page { slot, .. } | Target::Count { slot, .. } => Some(slot),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: u64,
    pub target: Target,
    pub work: Work,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Rows {
        columns: Vec<String>,
        numeric: Vec<bool>,
        /// Display text per cell, `None` for NULL.
        rows: Vec<Vec<Option<String>>>,
        /// How many rows the whole result has, when the job saw its end.
        total: Option<u64>,
    },
    Count(u64),
    Parameters(Vec<String>),
    Exported {
        rows: u64,
        path: PathBuf,
    },
    Failed(String),
    Cancelled,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub id: u64,
    pub target: Target,
    pub outcome: Outcome,
    pub elapsed_ms: u128,
}

/// Run one job on an engine. Used by the worker threads and, inline, by headless mode.
pub fn execute(engine: &dyn Backend, job: &Job) -> Answer {
    let started = Instant::now();
    let outcome = outcome(engine, &job.work);
    Answer {
        id: job.id,
        target: job.target,
        outcome,
        elapsed_ms: started.elapsed().as_millis(),
    }
}

fn outcome(engine: &dyn Backend, work: &Work) -> Outcome {
    match work {
        Work::Rows { sql, params } => {
            rows_outcome(engine.collect(sql, params, "query"), usize::MAX, None)
        }
        Work::TablePage {
            table,
            offset,
            limit,
            otherwise,
        } => match engine.table_page(table, *offset, *limit) {
            // The table's row count comes with every page: the grid never counts it with a query.
            Some(Ok(page)) => rows_outcome(
                Ok((page.schema, page.batches)),
                usize::MAX,
                Some(page.total),
            ),
            Some(Err(e)) => failure(e),
            None => outcome(engine, otherwise),
        },
        Work::Remembered { sql, params } => remembered_rows(engine, sql, params),
        Work::FirstRows { sql, params, limit } => {
            // Keep the first page; go on counting up to a budget: a drill step's result (sorted, so DuckDB has it
            // whole before the first row) usually ends within it, and then the total is known without running the
            // query a second time to count it.
            // An unsorted result streams as it is read: past the page, every row costs (a 100M-row scan read 20,000
            // rows of every column for nothing), and the count is a query of its own.
            let budget = if sql.ordered() {
                *limit + COUNT_WHILE_STREAMING
            } else {
                *limit
            };
            let mut batches = Vec::new();
            let (mut kept, mut seen) = (0usize, 0usize);
            let streamed = engine.stream_up_to(sql, params, "query", Some(budget), &mut |b| {
                seen += b.num_rows();
                if kept < *limit {
                    // Only the page's rows become text: a batch holds up to 2,048.
                    let wanted = b.num_rows().min(*limit - kept);
                    kept += wanted;
                    batches.push(b.slice(0, wanted));
                }
                Ok(())
            });
            let total = (seen < budget).then_some(seen as u64);
            rows_outcome(streamed.map(|schema| (schema, batches)), *limit, total)
        }
        Work::Parameters { sql } => match engine.parameter_names(sql, "query") {
            Ok(names) => Outcome::Parameters(names),
            Err(e) => failure(e),
        },
        // A pick-list is for choosing (a province, a source): its first thousand values, not a column of ids.
        Work::Values { table, column } => {
            match crate::core::queries::lake_values(engine, table, column, 1000) {
                Ok(values) => Outcome::Rows {
                    columns: vec!["value".into()],
                    numeric: vec![false],
                    total: Some(values.len() as u64),
                    rows: values.into_iter().map(|v| vec![Some(v)]).collect(),
                },
                Err(e) => failure(e),
            }
        }
        Work::Columns => match engine.columns() {
            Ok(columns) => Outcome::Rows {
                columns: ["table_name", "column_name", "data_type"]
                    .map(String::from)
                    .to_vec(),
                numeric: vec![false; 3],
                total: Some(columns.len() as u64),
                rows: columns
                    .into_iter()
                    .map(|c| vec![Some(c.table), Some(c.column), Some(c.data_type)])
                    .collect(),
            },
            Err(e) => failure(e),
        },
        Work::Count { sql, params } => match count(engine, sql, params) {
            Ok(n) => Outcome::Count(n),
            Err(e) => failure(e),
        },
        Work::Export {
            sql,
            params,
            format,
            path,
            label,
        } => {
            let query = QueryText {
                sql: sql.clone(),
                params: params.clone(),
                context: label.clone(),
            };
            let destination = Destination::File {
                path: path.clone(),
                overwrite: false,
            };
            match export::export(engine, &query, *format, &destination, &mut |_| Ok(())) {
                Ok(summary) => Outcome::Exported {
                    rows: summary.rows,
                    path: path.clone(),
                },
                Err(e) => failure(e),
            }
        }
    }
}

/// A query's rows from what the engine remembers for its data, else run and remembered.
fn remembered_rows(
    engine: &dyn Backend,
    sql: &crate::core::gate::Pending,
    params: &[(String, Value)],
) -> Outcome {
    use crate::core::result_cache::Remembered;
    let from_memory = |known: Remembered| Outcome::Rows {
        columns: known.columns,
        numeric: known.numeric,
        rows: known.rows,
        total: None,
    };
    let cache = engine.remembers();
    if let Some(known) = cache.and_then(|c| c.get_unchecked(sql.text(), params)) {
        return from_memory(known);
    }
    engine.warm_up();
    let sql = match sql.checked() {
        Ok(sql) => sql,
        Err(reason) => return failure(crate::core::error::Error::Invalid(reason)),
    };
    if let Some(cache) = cache
        && let Some(known) = cache.get(sql, params)
    {
        // Remembered all the same when only the reading kept beside it was lost: kept again with it.
        cache.put(sql, params, &known);
        return from_memory(known);
    }
    let outcome = rows_outcome(engine.collect_tile(sql, params, "query"), usize::MAX, None);
    if let (
        Some(cache),
        Outcome::Rows {
            columns,
            numeric,
            rows,
            ..
        },
    ) = (cache, &outcome)
    {
        let result = Remembered {
            columns: columns.clone(),
            numeric: numeric.clone(),
            rows: rows.clone(),
        };
        cache.put(sql, params, &result);
    }
    outcome
}

/// The one number of a `SELECT count(*) …`.
fn count(
    engine: &dyn Backend,
    sql: &CheckedSql,
    params: &[(String, Value)],
) -> crate::core::error::Result<u64> {
    let (_, batches) = engine.collect(sql, params, "count")?;
    let first = match batches.iter().find(|b| b.num_rows() > 0) {
        Some(batch) => cells::batch_rows(batch)?.into_iter().next(),
        None => None,
    };
    first
        .and_then(|row| row.into_iter().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| {
            Error::Invalid(crate::tr!(
                crate::i18n::process_lang(),
                "jobs-count-no-number"
            ))
        })
}

/// Rows a first-page job goes on counting after its page, so that a result that ends within them needs no count
/// query (docs/performance.md: at 100M rows the count cost as much as the step).
pub const COUNT_WHILE_STREAMING: usize = 20_000;

/// A query's result as display text, at most `limit` rows; `total` when the whole result was seen.
fn rows_outcome(
    result: crate::core::error::Result<(SchemaRef, Vec<RecordBatch>)>,
    limit: usize,
    total: Option<u64>,
) -> Outcome {
    let (schema, batches) = match result {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let columns = schema.fields().iter().map(|f| f.name().clone()).collect();
    let numeric = schema
        .fields()
        .iter()
        .map(|f| f.data_type().is_numeric())
        .collect();
    let mut rows = Vec::new();
    for b in &batches {
        match cells::batch_cells(b) {
            Ok(r) => rows.extend(r),
            Err(e) => return Outcome::Failed(e.to_string()),
        }
    }
    rows.truncate(limit);
    Outcome::Rows {
        columns,
        numeric,
        rows,
        total,
    }
}

fn failure(e: Error) -> Outcome {
    match e.kind() {
        crate::core::error::ErrorKind::Cancelled => Outcome::Cancelled,
        _ => Outcome::Failed(e.to_string()),
    }
}
