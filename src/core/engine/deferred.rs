//! The dashboard's engine, opened when a query first needs it rather than before the first frame. Opening DuckDB
//! over a lake (the instance, its lock-down, a view per table) is 35-40 ms of a 55-60 ms start with the tiles
//! remembered (docs/performance.md), and those tiles need no DuckDB at all: what is remembered is found from the lake's
//! files alone. So the first frame is drawn from them while a worker opens DuckDB; every statement still runs on an
//! [`Engine`], locked as always, and the process was confined before any of it started.

use std::sync::{Arc, Mutex, OnceLock};

use duckdb::arrow::datatypes::SchemaRef;
use duckdb::arrow::record_batch::RecordBatch;

use super::{Engine, remembered_for, same_files};
use crate::core::backend::{Backend, Interrupt, LakeColumn, Progress, TablePage};
use crate::core::error::{Error, Result};
use crate::core::format::Format;
use crate::core::gate::CheckedSql;
use crate::core::lake::{Lake, TableFiles};
use crate::core::result_cache::ResultCache;
use crate::core::sql::Value;

/// One connection of a lake's engine that opens when first used; [`Backend::connection`] gives more of the same
/// instance.
pub struct Deferred {
    lake: Arc<Listed>,
    /// This connection, once a query needed it.
    own: OnceLock<std::result::Result<Engine, String>>,
    /// What stops and watches its query, from other threads, once it is open.
    handles: Arc<OnceLock<(super::Interrupter, duckdb::progress::ProgressHandle)>>,
}

/// The lake as listed when the dashboard started, and the one DuckDB instance every connection is cloned from.
struct Listed {
    lake: Lake,
    tables: Vec<TableFiles>,
    instance: Mutex<Option<std::result::Result<Engine, String>>>,
    /// Whether a thread was started to open the instance ([`Backend::warm_up`] opens it once).
    warming: std::sync::atomic::AtomicBool,
    results: OnceLock<Option<ResultCache>>,
}

impl Deferred {
    /// The lake's engine, not yet opened. The lake's tables are listed now: what is remembered for them and what
    /// DuckDB will read are the same files.
    pub fn new(lake: &Lake) -> Result<Deferred> {
        Ok(Deferred::listed(lake.clone(), lake.tables()?))
    }

    fn listed(lake: Lake, tables: Vec<TableFiles>) -> Deferred {
        Deferred::of(Arc::new(Listed {
            lake,
            tables,
            instance: Mutex::new(None),
            warming: std::sync::atomic::AtomicBool::new(false),
            results: OnceLock::new(),
        }))
    }

    fn of(lake: Arc<Listed>) -> Deferred {
        Deferred {
            lake,
            own: OnceLock::new(),
            handles: Arc::new(OnceLock::new()),
        }
    }

    fn engine(&self) -> Result<&Engine> {
        let own = self.own.get_or_init(|| {
            let engine = self.lake.connect()?;
            let _ = self
                .handles
                .set((engine.interrupter(), engine.progress_handle()));
            Ok(engine)
        });
        own.as_ref().map_err(|message| Error::Query {
            context: "opening the lake".into(),
            message: message.clone(),
        })
    }
}

impl Deferred {
    /// Whether the lake's DuckDB instance was opened (by a query, or by [`Backend::warm_up`]).
    pub fn opened(&self) -> bool {
        self.lake
            .instance
            .lock()
            .map(|instance| instance.is_some())
            .unwrap_or(true)
    }
}

impl Listed {
    /// A connection of the lake's instance, which the first caller opens.
    fn connect(&self) -> std::result::Result<Engine, String> {
        self.with_instance(|engine| engine.try_clone().map_err(|e| e.to_string()))
    }

    fn with_instance<T>(
        &self,
        then: impl FnOnce(&Engine) -> std::result::Result<T, String>,
    ) -> std::result::Result<T, String> {
        let mut instance = self
            .instance
            .lock()
            .map_err(|_| "the lake's engine failed while opening".to_string())?;
        let opened = instance.get_or_insert_with(|| {
            Engine::open_listed(&self.lake, self.tables.clone()).map_err(|e| e.to_string())
        });
        match opened {
            Ok(engine) => then(engine),
            Err(message) => Err(message.clone()),
        }
    }
}

impl Backend for Deferred {
    fn interrupt(&self) -> Interrupt {
        // Asked for before the connection opens (the workers keep it from their start): it stops whatever runs then.
        let handles = Arc::clone(&self.handles);
        Arc::new(move || {
            if let Some((interrupter, _)) = handles.get() {
                interrupter.interrupt();
            }
        })
    }

    fn progress(&self) -> Progress {
        let handles = Arc::clone(&self.handles);
        Arc::new(move || {
            handles
                .get()
                .and_then(|(_, progress)| progress.query_progress().percentage())
        })
    }

    fn connection(&self) -> Result<Box<dyn Backend + Send>> {
        Ok(Box::new(Deferred::of(Arc::clone(&self.lake))))
    }

    fn warm_up(&self) {
        if self
            .lake
            .warming
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            return;
        }
        let lake = Arc::clone(&self.lake);
        // A failure is kept and said by the first query that needs the engine.
        let _ = super::spawn_with_large_stack("qlake-open", move || {
            let _ = lake.with_instance(|_| Ok(()));
        });
    }

    fn reopened(&self) -> Result<Option<Box<dyn Backend + Send>>> {
        let now = self.lake.lake.tables()?;
        if same_files(&now, &self.lake.tables) {
            return Ok(None);
        }
        Ok(Some(Box::new(Deferred::listed(
            self.lake.lake.clone(),
            now,
        ))))
    }

    fn source(&self) -> String {
        self.lake.lake.root.display().to_string()
    }

    fn dialect(&self) -> &'static str {
        Engine::DIALECT
    }

    fn remembers(&self) -> Option<&ResultCache> {
        self.lake
            .results
            .get_or_init(|| remembered_for(&self.lake.tables))
            .as_ref()
    }

    fn columns(&self) -> Result<Vec<LakeColumn>> {
        self.engine()?.columns()
    }

    fn stream_up_to(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
        max_rows: Option<usize>,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        self.engine()?
            .stream_up_to(sql, params, context, max_rows, sink)
    }

    fn parameter_names(&self, sql: &CheckedSql, context: &str) -> Result<Vec<String>> {
        self.engine()?.parameter_names(sql, context)
    }

    fn collect_tile(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
    ) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        self.engine()?.collect_tile(sql, params, context)
    }

    fn copies(&self, format: Format) -> bool {
        super::copy_options(format).is_some()
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
        match self.engine() {
            Ok(engine) => engine.copy_to(sql, params, format, target, context, percent),
            Err(e) => Some(Err(e)),
        }
    }

    fn table_page(&self, table: &str, offset: u64, limit: u64) -> Option<Result<TablePage>> {
        match self.engine() {
            Ok(engine) => engine.table_page(table, offset, limit),
            Err(e) => Some(Err(e)),
        }
    }
}
