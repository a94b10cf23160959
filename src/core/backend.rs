//! The one interface the front ends query through: embedded DuckDB over the local lake ([`crate::core::engine::Engine`], which implements it in engine.rs) or a remote engine
//! over Arrow Flight SQL ([`crate::core::remote::RemoteEngine`]). Both take only a [`CheckedSql`] — one read-only
//! statement, as the gate let it through — so the read-only rule holds whichever engine answers. The CLI, the
//! dashboard's workers and the headless session all hold a `dyn Backend` and never name an implementation; what
//! they may ask is the dialect it reads (a query not written for it is refused; the status line then names an engine,
//! not a lake folder).

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;

use crate::core::error::Result;
use crate::core::format::Format;
use crate::core::gate::CheckedSql;
use crate::core::sql::Value;

/// Stops the running query of a backend, from any thread (a signal handler's, the TUI's).
pub type Interrupt = std::sync::Arc<dyn Fn() + Send + Sync>;

/// The running query's progress in percent, when the engine estimates one, read from any thread.
pub type Progress = std::sync::Arc<dyn Fn() -> Option<f64> + Send + Sync>;

/// One column of a table the engine serves, its type named as SQL names it (`VARCHAR`, `BIGINT`, `DECIMAL(18,2)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LakeColumn {
    pub table: String,
    pub column: String,
    pub data_type: String,
}

/// A page of a whole table read by position ([`Backend::table_page`]), with the table's row count.
#[derive(Debug, Clone)]
pub struct TablePage {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub total: u64,
}

pub trait Backend {
    /// What stops this backend's running query.
    fn interrupt(&self) -> Interrupt;

    /// What reads this backend's running query's progress; engines that give none say `None`.
    fn progress(&self) -> Progress {
        std::sync::Arc::new(|| None)
    }

    /// Another connection to the same engine, for a worker thread: each runs one query at a time.
    fn connection(&self) -> Result<Box<dyn Backend + Send>>;

    /// When the data it reads changed shape since it opened (an import or an undo added or took away a lake's file,
    /// which a locked DuckDB could not read): an engine opened again over the data as it is now. `None` when nothing
    /// changed, or the engine's data is its own to keep current (a remote engine).
    fn reopened(&self) -> Result<Option<Box<dyn Backend + Send>>> {
        Ok(None)
    }

    /// Start opening what a query will need, in the background, when the engine opens on first use (the
    /// dashboard asks once its first frame is drawn, and a tile that must run asks before its statement is checked,
    /// so the two go side by side).
    fn warm_up(&self) {}

    /// Where the statements go, for a title bar: the lake's folder, or the engine's address.
    fn source(&self) -> String;

    /// The SQL dialect the engine reads (a saved query's `-- engines:` names: `duckdb`, `spark`).
    fn dialect(&self) -> &'static str;

    /// Where results are remembered for the state of the data this engine reads (the dashboard's tiles), when the
    /// engine can tell that state: embedded DuckDB knows the lake's files; a remote engine's data is its own.
    fn remembers(&self) -> Option<&crate::core::result_cache::ResultCache> {
        None
    }

    /// Every table the engine serves with its columns, table by table, each in the table's own column order (the SQL
    /// console's list and its Tab completion).
    fn columns(&self) -> Result<Vec<LakeColumn>>;

    /// Run a checked statement with its named parameters, handing each batch of the result to `sink` as it comes, and
    /// stop reading once `max_rows` rows have been handed over.
    fn stream_up_to(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
        max_rows: Option<usize>,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef>;

    /// The whole result, batch by batch.
    fn stream(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        self.stream_up_to(sql, params, context, None, sink)
    }

    /// The whole (small) result, collected.
    fn collect(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
    ) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        let mut batches = Vec::new();
        let schema = self.stream(sql, params, context, &mut |b| {
            batches.push(b.clone());
            Ok(())
        })?;
        Ok((schema, batches))
    }

    /// A dashboard tile's whole result. Embedded DuckDB computes what it can of it from the parts of its aggregates it
    /// keeps per file ([`crate::core::engine::partials`]); the answer is the same as [`Backend::collect`]'s.
    fn collect_tile(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
    ) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        self.collect(sql, params, context)
    }

    /// The names of a statement's `$name` parameters, in order of first use. Read with DuckDB's lexer (the gate's),
    /// the same reading [`crate::core::sql::literals::render`] fills them by.
    fn parameter_names(&self, sql: &CheckedSql, _context: &str) -> Result<Vec<String>> {
        crate::core::sql::literals::placeholders(sql)
    }

    /// Whether the engine writes files of `format` itself ([`Backend::copy_to`]).
    fn copies(&self, _format: Format) -> bool {
        false
    }

    /// The engine writes the result into `target` itself in `format` (DuckDB's parallel `COPY … TO`), where it can;
    /// `None` where it cannot, and the rows are streamed and written by qlake.
    fn copy_to(
        &self,
        _sql: &CheckedSql,
        _params: &[(String, Value)],
        _format: Format,
        _target: &str,
        _context: &str,
        _percent: &(dyn Fn(f64) + Sync),
    ) -> Option<Result<u64>> {
        None
    }

    /// Rows `offset .. offset + limit` of `SELECT * FROM table`, in the order the engine reads that statement, and the
    /// table's row count, found by position (each file's row count from its footer) instead of by scanning to the
    /// offset. `None` where the engine cannot tell positions: the caller then runs the statement with LIMIT/OFFSET.
    fn table_page(&self, _table: &str, _offset: u64, _limit: u64) -> Option<Result<TablePage>> {
        None
    }
}
