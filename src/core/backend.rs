//! The one interface the front ends query through: embedded DuckDB over the local lake ([`Engine`]) or a remote engine
//! over Arrow Flight SQL ([`crate::core::remote::RemoteEngine`]). Both take only a [`CheckedSql`] — one read-only
//! statement, as the gate let it through — so the read-only rule holds whichever engine answers.

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;

use crate::core::engine::{Engine, Value};
use crate::core::error::Result;
use crate::core::gate::CheckedSql;

/// Stops the running query of a backend, from any thread (a signal handler's, the TUI's).
pub type Interrupt = std::sync::Arc<dyn Fn() + Send + Sync>;

pub trait Backend {
    /// What stops this backend's running query.
    fn interrupt(&self) -> Interrupt;

    /// Run a checked statement with its named parameters, handing each batch of the result to `sink` as it comes.
    fn stream(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef>;

    /// The engine writes the result into `target` itself (DuckDB's parallel `COPY … TO`), where it can; `None` where
    /// it cannot, and the rows are streamed and written by qlake.
    fn copy_to(
        &self,
        _sql: &CheckedSql,
        _params: &[(String, Value)],
        _options: &str,
        _target: &str,
        _context: &str,
        _percent: &(dyn Fn(f64) + Sync),
    ) -> Option<Result<u64>> {
        None
    }
}

impl Backend for Engine {
    fn interrupt(&self) -> Interrupt {
        let interrupter = self.interrupter();
        std::sync::Arc::new(move || interrupter.interrupt())
    }

    fn stream(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        Engine::stream(self, sql, params, context, sink)
    }

    fn copy_to(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        options: &str,
        target: &str,
        context: &str,
        percent: &(dyn Fn(f64) + Sync),
    ) -> Option<Result<u64>> {
        Some(Engine::copy_to(
            self, sql, params, options, target, context, percent,
        ))
    }
}
