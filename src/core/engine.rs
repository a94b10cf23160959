//! The DuckDB engine over one lake: an in-memory database with one view per lake table, locked to the lake folder.

use std::sync::Arc;

use duckdb::arrow::datatypes::SchemaRef;
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::{Connection, InterruptHandle, ToSql};

use crate::core::error::{Error, Result};
use crate::core::guard;
use crate::core::lake::{Lake, TableFiles, sql_ident, sql_literal};

pub struct Engine {
    conn: Connection,
    lake: Lake,
    tables: Vec<TableFiles>,
    /// Tables whose view could not be created (unreadable files), with DuckDB's reason.
    broken: Vec<(String, String)>,
}

/// A value bound to a prepared-statement parameter. Parameters never become SQL text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    Integer(i64),
    Decimal(String),
    Boolean(bool),
    Date(String),
}

impl Engine {
    /// Open DuckDB in memory, register a view per table, and lock the database to the lake folder.
    pub fn open(lake: &Lake) -> Result<Engine> {
        let conn = Connection::open_in_memory().map_err(|e| Error::query("opening DuckDB", e))?;
        let tables = lake.tables()?;
        // Only the lake's own Parquet files are readable: not other files in the folder, not files reached through
        // a symlink that leads out of it, nothing else on the machine or the network.
        let files: Vec<String> = tables
            .iter()
            .flat_map(|t| &t.files)
            .map(|f| sql_literal(&f.display().to_string()))
            .collect();
        let lockdown_before_views = format!(
            "SET autoinstall_known_extensions = false;
             SET autoload_known_extensions = false;
             SET allow_community_extensions = false;
             SET allowed_paths = [{files}];
             SET enable_external_access = false;",
            files = files.join(", ")
        );
        conn.execute_batch(&lockdown_before_views)
            .map_err(|e| Error::query("locking DuckDB to the lake", e))?;

        let mut broken = Vec::new();
        for table in &tables {
            if let Err(e) = conn.execute_batch(&view_sql(table)) {
                broken.push((table.name.clone(), e.to_string()));
            }
        }
        conn.execute_batch("SET lock_configuration = true;")
            .map_err(|e| Error::query("locking DuckDB", e))?;
        Ok(Engine {
            conn,
            lake: lake.clone(),
            tables,
            broken,
        })
    }

    pub fn lake(&self) -> &Lake {
        &self.lake
    }

    pub fn tables(&self) -> &[TableFiles] {
        &self.tables
    }

    /// Tables present in the lake whose view failed, with the reason.
    pub fn broken_tables(&self) -> &[(String, String)] {
        &self.broken
    }

    /// A second connection to the same database, for a worker thread.
    pub fn try_clone(&self) -> Result<Engine> {
        let conn = self
            .conn
            .try_clone()
            .map_err(|e| Error::query("cloning the DuckDB connection", e))?;
        Ok(Engine {
            conn,
            lake: self.lake.clone(),
            tables: self.tables.clone(),
            broken: self.broken.clone(),
        })
    }

    pub fn interrupt_handle(&self) -> Arc<InterruptHandle> {
        self.conn.interrupt_handle()
    }

    /// Run one user-written statement (checked read-only first), streaming its batches into `sink`.
    pub fn run_user_sql(
        &self,
        sql: &str,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        guard::ensure_read_only(sql)?;
        self.stream(sql, &[], "query", sink)
    }

    /// Run trusted SQL (shipped or checked elsewhere) with bound parameters, streaming the result.
    ///
    /// Parameters are matched by name to the statement's `$name` placeholders and bound by DuckDB.
    pub fn stream(
        &self,
        sql: &str,
        params: &[(String, Value)],
        context: &str,
        sink: &mut dyn FnMut(&RecordBatch) -> Result<()>,
    ) -> Result<SchemaRef> {
        let mut stmt = self
            .conn
            .prepare(sql)
            .map_err(|e| self.explain(context, e))?;
        let mut bound: Vec<Box<dyn ToSql>> = Vec::new();
        for index in 1..=stmt.parameter_count() {
            let name = stmt
                .parameter_name(index)
                .map_err(|e| self.explain(context, e))?;
            let value = params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v)
                .ok_or_else(|| Error::Query {
                    context: context.to_string(),
                    message: format!("the SQL uses ${name} but no value was given for it"),
                })?;
            bound.push(value.to_sql());
        }
        let refs: Vec<&dyn ToSql> = bound.iter().map(|b| b.as_ref()).collect();
        let stream = stmt
            .stream_arrow(refs.as_slice())
            .map_err(|e| self.explain(context, e))?;
        let schema = stream.get_schema();
        for batch in stream {
            let batch = batch.map_err(|e| self.explain(context, e))?;
            sink(&batch)?;
        }
        Ok(schema)
    }

    /// Run trusted SQL and collect the whole (small) result.
    pub fn collect(
        &self,
        sql: &str,
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

    /// Run trusted SQL and return every cell as display text (for small metadata queries).
    pub fn query_rows(&self, sql: &str, context: &str) -> Result<Vec<Vec<String>>> {
        self.query_rows_with(sql, &[], context)
    }

    /// [`Engine::query_rows`] with bound parameters.
    pub fn query_rows_with(
        &self,
        sql: &str,
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

    /// Execute trusted statements that return nothing of interest.
    pub fn execute_batch(&self, sql: &str, context: &str) -> Result<()> {
        self.conn
            .execute_batch(sql)
            .map_err(|e| self.explain(context, e))
    }

    /// Turn a DuckDB error into one a user can act on: name the missing table, or say why a file outside the
    /// lake cannot be read.
    fn explain(&self, context: &str, e: duckdb::Error) -> Error {
        let message = e.to_string();
        if message.contains("Permission Error") || message.contains("disabled by configuration") {
            return Error::Refused {
                reason: format!(
                    "{context}: {message} (qlake only reads the lake folder {})",
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

fn view_sql(table: &TableFiles) -> String {
    if table.files.is_empty() {
        // Every file of the table leads outside the lake: the view exists but reads nothing, and says why.
        return format!(
            "CREATE OR REPLACE VIEW {name} AS SELECT error('table {table}: its files lead outside the lake and are not read') AS error;",
            name = sql_ident(&table.name),
            table = table.name.replace('\'', "")
        );
    }
    format!(
        "CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({files}, hive_partitioning = {hive});",
        name = sql_ident(&table.name),
        files = table.file_list(),
        hive = table.hive_partitioned
    )
}

impl Value {
    /// The value as DuckDB binds it.
    pub fn to_sql(&self) -> Box<dyn ToSql> {
        match self {
            Value::Null => Box::new(Option::<String>::None),
            Value::Text(s) | Value::Decimal(s) | Value::Date(s) => Box::new(s.clone()),
            Value::Integer(i) => Box::new(*i),
            Value::Boolean(b) => Box::new(*b),
        }
    }

    /// The value as a person would type it (empty for NULL).
    pub fn as_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(s) | Value::Decimal(s) | Value::Date(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Boolean(b) => b.to_string(),
        }
    }
}
