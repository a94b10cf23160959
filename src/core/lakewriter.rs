//! Writing lakes: the sample lake from `lake-src/` and generated benchmark lakes. Both write every contract table
//! with exactly the contract's column order and types, into a staging folder that replaces the target only when
//! complete.

use std::fs;
use std::path::{Path, PathBuf};

use duckdb::Connection;

use crate::core::contract::Table;
use crate::core::error::{Error, Result};
use crate::core::lake::{sql_ident, sql_literal};

/// How a table's rows are laid out in files.
pub enum Layout<'a> {
    /// One file, `<table>/<table>.parquet`, rows sorted by the key.
    SingleFile,
    /// Hive partitions by one column, `<table>/<column>=<value>/data_0.parquet`, rows sorted within each file by
    /// `sorted_by` (then the key) in row groups of [`ROW_GROUP_ROWS`]: each row group then covers a narrow range of
    /// `sorted_by`, so a drill step filtering on it reads only the row groups that can hold the value (min/max
    /// pruning; docs/schema.md says what a bureau's own lake should do the same way).
    PartitionedBy { column: &'a str, sorted_by: &'a str },
}

/// Rows per row group of partitioned tables (DuckDB's default): small enough for min/max pruning to skip most of a
/// 12-million-row province, large enough to scan fast.
pub const ROW_GROUP_ROWS: u64 = 122_880;

/// COPY `relation` (a table, view or table function) into `<dir>/<table>/` with the contract's columns and types.
pub fn write_table(
    conn: &Connection,
    relation: &str,
    table: &Table,
    dir: &Path,
    layout: Layout<'_>,
) -> Result<()> {
    let key: Vec<String> = table.key.iter().map(|k| sql_ident(k)).collect();
    let folder = dir.join(table.name);
    let sql = match layout {
        Layout::SingleFile => {
            fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
            copy_sorted(
                table,
                relation,
                None,
                &key.join(", "),
                &folder.join(format!("{}.parquet", table.name)),
                "COMPRESSION zstd",
            )
        }
        Layout::PartitionedBy { column, sorted_by } => {
            // One COPY per partition value: a partitioned COPY writes with several threads and does not keep the
            // ORDER BY inside a file, while a plain COPY does (DuckDB preserves insertion order).
            let part = sql_ident(column);
            let values: Vec<String> = conn
                .prepare(&format!(
                    "SELECT DISTINCT CAST({part} AS VARCHAR) FROM {relation} ORDER BY 1"
                ))
                .and_then(|mut statement| {
                    statement
                        .query_map([], |row| row.get::<_, String>(0))?
                        .collect::<duckdb::Result<Vec<String>>>()
                })
                .map_err(|e| Error::query(format!("writing table `{}`", table.name), e))?;
            let mut statements = Vec::new();
            for value in values {
                let partition = partition_folder(dir, table, column, &value)?;
                statements.push(copy_sorted(
                    table,
                    &format!(
                        "{relation} WHERE CAST({part} AS VARCHAR) = {}",
                        sql_literal(&value)
                    ),
                    Some(column),
                    &format!("{}, {}", sql_ident(sorted_by), key.join(", ")),
                    &partition.join("data_0.parquet"),
                    &format!("ROW_GROUP_SIZE {ROW_GROUP_ROWS}"),
                ));
            }
            statements.concat()
        }
    };
    conn.execute_batch(&sql)
        .map_err(|e| Error::query(format!("writing table `{}`", table.name), e))
}

/// `<dir>/<table>/<column>=<value>/`, made; a value that cannot name a folder is refused.
pub fn partition_folder(dir: &Path, table: &Table, column: &str, value: &str) -> Result<PathBuf> {
    if value.is_empty() || value.contains(['/', '\\', '\0']) || value.starts_with('.') {
        return Err(Error::Invalid(format!(
            "table `{}`: {column} value {value:?} cannot name a partition folder",
            table.name
        )));
    }
    let partition = dir.join(table.name).join(format!("{column}={value}"));
    fs::create_dir_all(&partition).map_err(|e| Error::io(&partition, e))?;
    Ok(partition)
}

/// One `COPY` statement: the contract's columns of `table` (but the partition column `leave_out`, which the folder
/// names) cast to their types, from `source` (a relation, with a WHERE if need be), in `order`, to `file`.
pub fn copy_sorted(
    table: &Table,
    source: &str,
    leave_out: Option<&str>,
    order: &str,
    file: &Path,
    options: &str,
) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .filter(|c| Some(c.name) != leave_out)
        .map(|c| {
            format!(
                "CAST({name} AS {ty}) AS {name}",
                name = sql_ident(c.name),
                ty = c.kind.canonical()
            )
        })
        .collect();
    format!(
        "COPY (SELECT {cols} FROM {source} ORDER BY {order}) TO {file} (FORMAT parquet, {options});",
        cols = columns.join(", "),
        file = sql_literal(&file.display().to_string())
    )
}

/// A staging folder beside `target`, removed on drop unless [`Staging::commit`] moved it into place.
pub struct Staging {
    pub path: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn beside(target: &Path) -> Result<Staging> {
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("lake");
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let path = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
        fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Staging {
            path,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Replace the target with the staged folder.
    pub fn commit(mut self) -> Result<()> {
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("lake"),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        fs::rename(&self.path, &self.target).map_err(|e| Error::io(&self.target, e))?;
        if had_old {
            fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Refuse a target folder that exists and holds anything.
pub fn ensure_empty_target(target: &Path) -> Result<()> {
    if target.is_file() {
        return Err(Error::Usage(format!(
            "{} is a file; give a folder for the lake",
            target.display()
        )));
    }
    if target.is_dir() {
        let mut entries = fs::read_dir(target).map_err(|e| Error::io(target, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "{} is not empty; qlake writes a new lake only into an empty or new folder",
                target.display()
            )));
        }
    }
    Ok(())
}
