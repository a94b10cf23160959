//! The DuckDB engine over one lake: an in-memory database with one view per lake table, locked to the lake folder.

use crate::core::backend::Backend;
use std::sync::Arc;

use duckdb::arrow::datatypes::SchemaRef;
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::{Connection, InterruptHandle, ToSql};

use crate::core::error::{Error, Result};
use crate::core::format::Format;
use crate::core::gate::{self, CheckedSql};
use crate::core::lake::{Lake, TableFiles};
use crate::core::scratch;
use crate::core::sql::{Value, sql_ident, sql_literal};

pub struct Engine {
    conn: Connection,
    lake: Lake,
    tables: Vec<TableFiles>,
    /// Tables whose view could not be created (unreadable files), with DuckDB's reason.
    broken: Vec<(String, String)>,
    interrupter: Interrupter,
    /// Connections prepared before the configuration was locked, with query-progress tracking on (a per-connection
    /// setting that cannot be changed afterwards); `try_clone` hands them to workers first.
    spare: std::sync::Mutex<Vec<Connection>>,
    /// Whether results may be remembered (`Engine::open`: the lake as it is, not an import's staged view of it).
    remembers: bool,
    /// Where each table's files start in its scan, found once and shared by every connection of this instance.
    positions: Arc<positions::Positions>,
    /// Where the dashboard's results are remembered for this state of the lake's files: fingerprinted when first
    /// asked for, so commands that remember nothing never stat the lake's files for it.
    results: std::sync::OnceLock<Option<crate::core::result_cache::ResultCache>>,
    /// The size of a table's files from which a tile's units over it are computed from parts.
    parts_from: u64,
    /// Temporary tables of parts on this connection whose drop failed, dropped by its next tile.
    parts_left: std::sync::Mutex<Vec<String>>,
}

/// The stack of every thread that runs DuckDB work (the program's own thread and the TUI's workers): DuckDB's parser,
/// binder and planner recurse once per nesting level, and a deep but valid query must not overflow one thread when
/// another runs it fine. Only the pages a query touches are ever committed.
pub const THREAD_STACK_BYTES: usize = 256 * 1024 * 1024;

thread_local! {
    static LARGE_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Start `work` on a thread named `name` with [`THREAD_STACK_BYTES`] of stack, marked so that [`on_large_stack`]
/// knows it has them.
pub fn spawn_with_large_stack<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<T>> {
    std::thread::Builder::new()
        .name(name.into())
        .stack_size(THREAD_STACK_BYTES)
        .spawn(move || {
            LARGE_STACK.with(|large| large.set(true));
            work()
        })
}

/// Whether this thread was started by [`spawn_with_large_stack`], so may run any query DuckDB can.
pub fn on_large_stack() -> bool {
    LARGE_STACK.with(std::cell::Cell::get)
}

/// How many worker connections with progress tracking an engine prepares.
const TRACKED_WORKERS: usize = 2;

/// Interrupts every DuckDB connection an engine is using at the moment: its own, and the export instance of a
/// `copy_to` while it runs. Cheap to clone and safe to use from a signal-handling thread.
#[derive(Clone, Default)]
pub struct Interrupter {
    handles: Arc<std::sync::Mutex<Vec<Arc<InterruptHandle>>>>,
}

impl Interrupter {
    fn with(handle: Arc<InterruptHandle>) -> Interrupter {
        let i = Interrupter::default();
        i.add(handle);
        i
    }

    fn add(&self, handle: Arc<InterruptHandle>) {
        if let Ok(mut h) = self.handles.lock() {
            h.push(handle);
        }
    }

    fn remove(&self, handle: &Arc<InterruptHandle>) {
        if let Ok(mut h) = self.handles.lock() {
            h.retain(|x| !Arc::ptr_eq(x, handle));
        }
    }

    pub fn interrupt(&self) {
        if let Ok(h) = self.handles.lock() {
            for handle in h.iter() {
                handle.interrupt();
            }
        }
    }
}

impl Engine {
    /// The SQL it reads (a saved query's `-- engines:` name).
    pub const DIALECT: &'static str = crate::core::queries::DUCKDB;

    /// Open DuckDB in memory, register a view per table, and lock the database to the lake's files.
    pub fn open(lake: &Lake) -> Result<Engine> {
        Engine::open_listed(lake, lake.tables()?)
    }

    /// [`Engine::open`] over the lake's tables as they were listed (by [`Deferred`], which fingerprints them first).
    fn open_listed(lake: &Lake, tables: Vec<TableFiles>) -> Result<Engine> {
        let mut engine = Engine::open_tables(lake, tables)?;
        engine.remembers = true;
        Ok(engine)
    }

    /// An engine over `tables` of `lake` as given (an import checks the lake with its staged file among them).
    pub(crate) fn open_tables(lake: &Lake, tables: Vec<TableFiles>) -> Result<Engine> {
        Engine::open_within(lake, tables, None)
    }

    /// [`Engine::open_tables`] for whole-table checks, DuckDB held to [`CHECK_MEMORY`] whatever qlake's own limit.
    pub(crate) fn open_for_checks(lake: &Lake, tables: Vec<TableFiles>) -> Result<Engine> {
        Engine::open_within(lake, tables, Some(CHECK_MEMORY))
    }

    fn open_within(lake: &Lake, tables: Vec<TableFiles>, memory: Option<&str>) -> Result<Engine> {
        let Instance {
            conn,
            broken,
            spare,
        } = locked_instance(&tables, &[], TRACKED_WORKERS, false, memory)?;
        let interrupter = Interrupter::with(conn.interrupt_handle());
        Ok(Engine {
            spare: std::sync::Mutex::new(spare),
            conn,
            lake: lake.clone(),
            tables,
            broken,
            interrupter,
            remembers: false,
            positions: Arc::default(),
            results: std::sync::OnceLock::new(),
            parts_from: partials::parts_from(),
            parts_left: std::sync::Mutex::default(),
        })
    }

    pub fn lake(&self) -> &Lake {
        &self.lake
    }

    /// Compute a tile's units from parts when their table's files hold at least `bytes` (instead of
    /// [`partials::PARTS_FROM_BYTES`] or what `QLAKE_PARTS_FROM` says).
    pub fn compute_parts_from(&mut self, bytes: u64) {
        self.parts_from = bytes;
    }

    pub fn tables(&self) -> &[TableFiles] {
        &self.tables
    }

    /// A second connection to the same database, for a worker thread.
    pub fn try_clone(&self) -> Result<Engine> {
        let prepared = self.spare.lock().ok().and_then(|mut s| s.pop());
        let conn = match prepared {
            Some(conn) => conn,
            None => self
                .conn
                .try_clone()
                .map_err(|e| Error::query("cloning the DuckDB connection", e))?,
        };
        let interrupter = Interrupter::with(conn.interrupt_handle());
        Ok(Engine {
            spare: std::sync::Mutex::new(Vec::new()),
            conn,
            lake: self.lake.clone(),
            tables: self.tables.clone(),
            broken: self.broken.clone(),
            interrupter,
            remembers: self.remembers,
            positions: Arc::clone(&self.positions),
            results: self.results.clone(),
            parts_from: self.parts_from,
            parts_left: std::sync::Mutex::default(),
        })
    }

    /// Polls the progress of this connection's running query from another thread (the TUI's status bar).
    pub fn progress_handle(&self) -> duckdb::progress::ProgressHandle {
        self.conn.progress_handle()
    }

    /// What cancels this engine's running query (from another thread, or a signal handler).
    pub fn interrupter(&self) -> Interrupter {
        self.interrupter.clone()
    }

    /// Run a checked statement and return every cell as display text (for small metadata queries).
    pub fn query_rows(&self, sql: &CheckedSql, context: &str) -> Result<Vec<Vec<String>>> {
        self.query_rows_with(sql, &[], context)
    }

    /// [`Engine::query_rows`] with bound parameters.
    pub fn query_rows_with(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
    ) -> Result<Vec<Vec<String>>> {
        let (_, batches) = self.collect(sql, params, context)?;
        let mut rows = Vec::new();
        for batch in &batches {
            rows.extend(crate::core::cells::batch_rows(batch)?);
        }
        Ok(rows)
    }

    /// The one lake table DuckDB resolves `name` to (ASCII letters in any case): two tables of one such name are one
    /// view (the last declared), so neither is.
    fn lake_table(&self, name: &str) -> Option<&TableFiles> {
        let mut named = self
            .tables
            .iter()
            .filter(|t| t.name.eq_ignore_ascii_case(name));
        let table = named.next()?;
        named.next().is_none().then_some(table)
    }

    /// The whole result of a statement qlake wrote itself (the lake's paths as literals, numbers, DuckDB's own text of
    /// a tree it parsed), never a user's: a page by position, a tile's parts.
    fn run_internal(&self, sql: &str, context: &str) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        let read = self.conn.prepare(sql).and_then(|mut stmt| {
            let arrow = stmt.query_arrow([])?;
            let schema = arrow.get_schema();
            Ok((schema, arrow.collect::<Vec<_>>()))
        });
        read.map_err(|e| self.explain(context, e))
    }

    /// Turn a DuckDB error into one a user can act on: name the missing table, or say why a file outside the
    /// lake cannot be read.
    fn explain(&self, context: &str, e: duckdb::Error) -> Error {
        let message = e.to_string();
        if message.contains("Permission Error")
            || message.contains("disabled by configuration")
            || message.contains("configuration has been locked")
        {
            return Error::LockedDown {
                context: context.to_string(),
                message: format!(
                    "{message} (qlake only reads the lake folder {})",
                    self.lake.root.display()
                ),
            };
        }
        if let Some((table, reason)) = self
            .broken
            .iter()
            .find(|(t, _)| message.contains(&format!("Table with name {t} does not exist")))
        {
            return Error::Query {
                context: context.to_string(),
                message: format!("table `{table}` could not be read: {reason}"),
            };
        }
        Error::query(context, message)
    }
}

impl Backend for Engine {
    fn interrupt(&self) -> crate::core::backend::Interrupt {
        let interrupter = self.interrupter();
        Arc::new(move || interrupter.interrupt())
    }

    fn remembers(&self) -> Option<&crate::core::result_cache::ResultCache> {
        if !self.remembers {
            return None;
        }
        self.results
            .get_or_init(|| remembered_for(&self.tables))
            .as_ref()
    }

    fn columns(&self) -> Result<Vec<crate::core::backend::LakeColumn>> {
        use crate::core::backend::LakeColumn;
        const LAKE_COLUMNS: &str = crate::core::queries::OwnQuery::LAKE_COLUMNS.name();
        let sql = crate::core::queries::Library::shipped(LAKE_COLUMNS)?.sql()?;
        let (_, batches) = self.collect(&sql, &[], LAKE_COLUMNS)?;
        let mut columns = Vec::new();
        for batch in &batches {
            for row in crate::core::cells::batch_cells(batch)? {
                if let [Some(table), Some(column), Some(data_type)] =
                    <[Option<String>; 3]>::try_from(row).map_err(|_| {
                        Error::Invalid(format!("{LAKE_COLUMNS}: expected three columns"))
                    })?
                {
                    columns.push(LakeColumn {
                        table,
                        column,
                        data_type,
                    });
                }
            }
        }
        Ok(columns)
    }

    fn progress(&self) -> crate::core::backend::Progress {
        let handle = self.progress_handle();
        Arc::new(move || handle.query_progress().percentage())
    }

    fn connection(&self) -> Result<Box<dyn Backend + Send>> {
        Ok(Box::new(self.try_clone()?))
    }

    fn reopened(&self) -> Result<Option<Box<dyn Backend + Send>>> {
        // Only the lake as it is: an import's view of the lake with its staged file is not kept current.
        if !self.remembers {
            return Ok(None);
        }
        if same_files(&self.lake.tables()?, &self.tables) {
            return Ok(None);
        }
        Ok(Some(Box::new(Engine::open(&self.lake)?)))
    }

    fn table_page(
        &self,
        table: &str,
        offset: u64,
        limit: u64,
    ) -> Option<Result<crate::core::backend::TablePage>> {
        self.page_by_position(table, offset, limit)
    }

    fn collect_tile(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
    ) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        match self.collect_by_parts(sql, params, context) {
            Some(Ok((rows, _))) => Ok(rows),
            Some(Err(e)) if e.kind() == crate::core::error::ErrorKind::Cancelled => Err(e),
            // What the statement says when run as it is.
            _ => self.collect(sql, params, context),
        }
    }

    fn source(&self) -> String {
        self.lake().root.display().to_string()
    }

    fn dialect(&self) -> &'static str {
        Self::DIALECT
    }

    /// Run a checked statement, its parameters matched by name to its `$name` placeholders and bound by DuckDB,
    /// streaming the result; stopping once `max_rows` rows have been handed to `sink` (the result is streamed lazily,
    /// so DuckDB does no more than it must to produce them).
    fn stream_up_to(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
        max_rows: Option<usize>,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        let mut stmt = self
            .conn
            .prepare(sql.as_str())
            .map_err(|e| self.explain(context, e))?;
        let bound = bind_by_name(&stmt, params).map_err(|e| self.explain(context, e))?;
        let refs: Vec<&dyn ToSql> = bound.iter().map(|b| b.as_ref()).collect();
        let stream = stmt
            .stream_arrow(refs.as_slice())
            .map_err(|e| self.explain(context, e))?;
        let schema = stream.get_schema();
        let mut rows = 0;
        for batch in stream {
            let batch = batch.map_err(|e| self.explain(context, e))?;
            rows += batch.num_rows();
            sink(&batch)?;
            if max_rows.is_some_and(|m| rows >= m) {
                break;
            }
        }
        Ok(schema)
    }

    /// The names of a statement's `$name` parameters, in order (DuckDB's own parse of it; nothing runs).
    fn parameter_names(&self, sql: &CheckedSql, context: &str) -> Result<Vec<String>> {
        let stmt = self
            .conn
            .prepare(sql.as_str())
            .map_err(|e| self.explain(context, e))?;
        (1..=stmt.parameter_count())
            .map(|i| stmt.parameter_name(i).map_err(|e| self.explain(context, e)))
            .collect()
    }

    /// Let DuckDB write a query's result itself (`COPY … TO`), in parallel, into `target` — the path of a file the
    /// caller opened. It runs on a second in-memory instance locked like this one, with `target` the only extra path
    /// it may touch. `options` is the COPY option list, e.g. `FORMAT csv, HEADER`. Returns the rows written.
    fn copies(&self, format: Format) -> bool {
        copy_options(format).is_some()
    }

    fn copy_to(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        format: Format,
        target: &str,
        context: &str,
        percent: &(dyn Fn(f64) + Sync),
    ) -> Option<Result<u64>> {
        let conn = match locked_instance(&self.tables, &[target.to_string()], 0, true, None) {
            Ok(instance) => instance.conn,
            Err(e) => return Some(Err(e)),
        };
        let options = copy_options(format)?;
        let copy = match gate::copy_statement(sql, &sql_literal(target), options) {
            Ok(copy) => copy,
            Err(e) => return Some(Err(e)),
        };
        let handle = conn.interrupt_handle();
        self.interrupter.add(Arc::clone(&handle));
        let progress = conn.progress_handle();
        let (finished, wait) = std::sync::mpsc::channel::<()>();
        let result = std::thread::scope(|scope| {
            // DuckDB's estimate, polled while COPY runs on this thread; the poller wakes the moment COPY ends (the
            // sender is dropped), so it never delays the export.
            scope.spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    wait.recv_timeout(std::time::Duration::from_millis(200))
                {
                    if let Some(p) = progress.query_progress().percentage() {
                        percent(p);
                    }
                }
            });
            let result = conn.prepare(&copy).and_then(|mut stmt| {
                let bound = bind_by_name(&stmt, params)?;
                let refs: Vec<&dyn ToSql> = bound.iter().map(|b| b.as_ref()).collect();
                stmt.execute(refs.as_slice())
            });
            drop(finished);
            result
        });
        self.interrupter.remove(&handle);
        Some(
            result
                .map(|rows| rows as u64)
                .map_err(|e| self.explain(context, e)),
        )
    }
}

/// Where results are remembered for the lake's tables as listed, in qlake's cache folder.
fn remembered_for(tables: &[TableFiles]) -> Option<crate::core::result_cache::ResultCache> {
    use crate::core::result_cache::{ResultCache, dir};
    ResultCache::of(tables, dir(&crate::core::config::dirs().cache))
}

/// Whether two listings of a lake name the same files for each table.
fn same_files(a: &[TableFiles], b: &[TableFiles]) -> bool {
    let files =
        |tables: &[TableFiles]| -> std::collections::BTreeMap<String, Vec<std::path::PathBuf>> {
            tables
                .iter()
                .map(|t| (t.name.clone(), t.files.clone()))
                .collect()
        };
    files(a) == files(b)
}

/// Values for a prepared statement's `$name` parameters, in the statement's order.
fn bind_by_name(
    stmt: &duckdb::Statement<'_>,
    params: &[(String, Value)],
) -> duckdb::Result<Vec<Box<dyn ToSql>>> {
    let mut bound: Vec<Box<dyn ToSql>> = Vec::new();
    for index in 1..=stmt.parameter_count() {
        let name = stmt.parameter_name(index)?;
        match params.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => bound.push(self::bound(value)),
            None => {
                return Err(duckdb::Error::InvalidParameterName(format!(
                    "${name} (no value was given for it)"
                )));
            }
        }
    }
    Ok(bound)
}

/// DuckDB's memory for a check that groups a whole table by its key. Smaller is faster here: grouping the 100M
/// enterprise ids of a national lake took 32 s with qlake's default limit (a quarter of this machine's 24 GB), 14.5 s
/// with 2 GB and 6.6 s with 1 GB, where DuckDB partitions the groups and spills them (DuckDB's CLI, same files;
/// 512 MB ran out of memory half the time).
pub(crate) const CHECK_MEMORY: &str = "1GiB";

/// A locked DuckDB instance: its connection, the tables whose view failed, and prepared worker connections.
struct Instance {
    conn: Connection,
    broken: Vec<(String, String)>,
    spare: Vec<Connection>,
}

/// An in-memory DuckDB with a view per table, locked so that only the lake's own Parquet files — plus
/// `extra_paths` — can be touched: not other files in the folder, not files reached through a symlink that leads
/// out of it, nothing else on the machine or the network. Returns the tables whose view failed, with the reason.
/// A bare connection under DuckDB's lock-down for `lake` (its allowed paths, external access off, the configuration
/// locked), without the gate in front of it: only for the tests that show what each layer stops on its own
/// (tests/it/gate_layers.rs). qlake itself runs statements only through [`Engine`], whose every entry point takes a
/// [`CheckedSql`].
#[doc(hidden)]
pub fn lock_down_alone(lake: &Lake) -> Result<Connection> {
    Ok(locked_instance(&lake.tables()?, &[], 0, false, None)?.conn)
}

fn locked_instance(
    tables: &[TableFiles],
    extra_paths: &[String],
    spares: usize,
    track_progress: bool,
    memory_limit: Option<&str>,
) -> Result<Instance> {
    let conn = Connection::open_in_memory().map_err(|e| Error::query("opening DuckDB", e))?;
    let paths: Vec<String> = tables
        .iter()
        .flat_map(|t| &t.files)
        .map(|f| sql_literal(&f.display().to_string()))
        .chain(extra_paths.iter().map(|p| sql_literal(p)))
        .collect();
    let settings = scratch::settings()?;
    // No async I/O threads: DuckDB 2.0.0 deadlocks when an interrupted COPY is torn down while an async write task
    // is running (the abort holds the write stream's submission lock while it drains the task, and the task waits
    // for that lock); it hung a CI run. Writes are then made by the query's own threads, at the same speed here
    // (docs/performance.md).
    // The Parquet metadata cache keeps the footers `union_by_name` reads at every bind (docs/performance.md: the
    // 100M drill steps 126 → 81 ms and 190 → 154 ms).
    let lockdown = format!(
        "SET autoinstall_known_extensions = false;
         SET autoload_known_extensions = false;
         SET allow_community_extensions = false;
         SET temp_directory = {temp};
         SET max_temp_directory_size = {max_temp};
         SET memory_limit = {memory};
         SET parquet_metadata_cache = true;
         SET allowed_paths = [{paths}];
         SET enable_external_access = false;
         SET async_threads = 0;",
        temp = sql_literal(&settings.temp_dir.display().to_string()),
        max_temp = sql_literal(&settings.max_temp),
        memory = sql_literal(memory_limit.unwrap_or(&settings.memory_limit)),
        paths = paths.join(", ")
    );
    conn.execute_batch(&lockdown)
        .map_err(|e| Error::query("locking DuckDB to the lake", e))?;
    let broken = declare_views(&conn, tables);
    // Query-progress tracking, without DuckDB's own terminal bar (settings of one connection only), must be switched
    // on before the configuration is locked.
    let track = |c: &Connection| {
        c.execute_batch(
            "SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 150;",
        )
        .map_err(|e| Error::query("enabling progress tracking", e))
    };
    if track_progress {
        track(&conn)?;
    }
    let mut prepared = Vec::new();
    for _ in 0..spares {
        let spare = conn
            .try_clone()
            .map_err(|e| Error::query("opening a worker connection", e))?;
        track(&spare)?;
        prepared.push(spare);
    }
    conn.execute_batch("SET lock_configuration = true;")
        .map_err(|e| Error::query("locking DuckDB", e))?;
    Ok(Instance {
        conn,
        broken,
        spare: prepared,
    })
}

/// A view per table on `conn`, each declared by [`view_sql`] with what its files' footers say (remembered per set of
/// files: [`crate::core::schema_verdicts`]); returns the tables whose view failed, with the reason.
pub fn declare_views(conn: &Connection, tables: &[TableFiles]) -> Vec<(String, String)> {
    let mut verdicts = crate::core::schema_verdicts::Verdicts::load(FILE_COLUMNS_SQL);
    let broken = tables
        .iter()
        .filter_map(|table| {
            let by_name = verdicts.differ(table, |files| files_columns(conn, files));
            conn.execute_batch(&view_sql(table, by_name))
                .err()
                .map(|e| (table.name.clone(), e.to_string()))
        })
        .collect();
    verdicts.save();
    broken
}

/// How a file's columns are read from its footer: each column's name and every type its footer gives (the physical
/// type, the converted and logical types, scale, precision, and the type DuckDB reads), in name order.
const FILE_COLUMNS_SQL: &str = "SELECT file_name, string_agg(concat_ws(' ', name, coalesce(type, ''), \
     coalesce(CAST(converted_type AS VARCHAR), ''), coalesce(CAST(logical_type AS VARCHAR), ''), \
     coalesce(CAST(scale AS VARCHAR), ''), coalesce(CAST(precision AS VARCHAR), ''), \
     coalesce(CAST(duckdb_type AS VARCHAR), '')), ', ' ORDER BY name) AS columns \
     FROM parquet_schema({files}) GROUP BY file_name";

/// Each of `files`' columns as one text ([`FILE_COLUMNS_SQL`]), by the file's path; none when a footer cannot be
/// read.
fn files_columns(conn: &Connection, files: &[std::path::PathBuf]) -> Option<Vec<(String, String)>> {
    let sql = FILE_COLUMNS_SQL.replace("{files}", &crate::core::lake::sql_file_list(files));
    let mut statement = conn.prepare(&sql).ok()?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .ok()?;
    rows.collect::<std::result::Result<Vec<_>, _>>().ok()
}

/// The view of one table over exactly its files. With `by_name` (its files' columns differ: a partition written before
/// a column was added), DuckDB reads each file by name, with NULLs where a file lacks a column (`lake check` names
/// such files); that reads every file's footer at every bind, which cost the drill steps 1-3 ms on the 1M and 10M
/// lakes and 12-18 ms of 57-100 on the 100M lake (docs/performance.md), so files of one schema are read as a plain
/// list, bound from the first file's footer.
pub(crate) fn view_sql(table: &TableFiles, by_name: bool) -> String {
    if table.files.is_empty() {
        // Every file of the table leads outside the lake: the view exists but reads nothing, and says why.
        return format!(
            "CREATE OR REPLACE VIEW {name} AS SELECT error({why}) AS error;",
            name = sql_ident(&table.name),
            why = sql_literal(&format!(
                "table {}: its files lead outside the lake and are not read",
                table.name
            ))
        );
    }
    format!(
        "CREATE OR REPLACE VIEW {name} AS {scan};",
        name = sql_ident(&table.name),
        scan = scan_sql(table, by_name)
    )
}

/// The scan of exactly `table`'s files, as its view reads them.
fn scan_sql(table: &TableFiles, by_name: bool) -> String {
    format!(
        "SELECT * FROM read_parquet({files}, hive_partitioning = {hive}, union_by_name = {by_name})",
        files = table.file_list(),
        hive = table.hive_partitioned
    )
}

/// `COPY … TO`'s options for the formats DuckDB writes itself; the others are streamed and written by qlake.
fn copy_options(format: Format) -> Option<&'static str> {
    match format {
        Format::Csv => Some("FORMAT csv, HEADER true"),
        Format::Tsv => Some("FORMAT csv, HEADER true, DELIMITER '\t'"),
        // DuckDB's default compression (snappy): what `COPY … TO` does unless told otherwise.
        Format::Parquet => Some("FORMAT parquet"),
        _ => None,
    }
}

/// The value as DuckDB binds it.
pub fn bound(value: &Value) -> Box<dyn ToSql> {
    match value {
        Value::Null => Box::new(Option::<String>::None),
        Value::Text(s) | Value::Decimal(s) | Value::Date(s) => Box::new(s.clone()),
        Value::Integer(i) => Box::new(*i),
        Value::Boolean(b) => Box::new(*b),
    }
}

mod deferred;
pub mod partials;
mod positions;

pub use deferred::Deferred;

#[cfg(test)]
mod tests;
