//! Paging a whole table by position. `SELECT * FROM t LIMIT 200 OFFSET 50000000` makes DuckDB read past fifty million
//! rows to find a page (72 ms on the 100M lake, 128 ms for the last page: docs/performance.md). A view reads its files
//! one after the other, so the row at any offset is in a file known from the files' row counts, which their footers
//! hold: the page is read from that file (and the next, when the page runs over), at an offset inside it. The rows are
//! the same rows in the same order as the OFFSET statement's (`tests/it/paging.rs` holds the two to each other); when
//! anything about the table cannot be told — a footer unread, a page whose columns are not exactly the view's — the
//! caller pages with LIMIT/OFFSET as before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use duckdb::arrow::datatypes::SchemaRef;

use super::{Engine, scan_sql};
use crate::core::backend::TablePage;
use crate::core::error::Result;
use crate::core::lake::TableFiles;
use crate::core::sql::sql_ident;

/// Each table's positions, found the first time a page of it is asked for (`None`: not pageable by position), with
/// its files' fingerprint then: a file rewritten in place under the same name is found again.
#[derive(Default)]
pub(super) struct Positions {
    tables: Mutex<HashMap<String, Known>>,
}

/// A table's files' fingerprint and, for those files, its positions (`None`: not pageable by position).
type Known = (String, Option<Arc<Scan>>);

/// Where a table's rows are.
struct Scan {
    /// The row each file starts at, in the view's file order, and the table's row count last.
    starts: Vec<u64>,
    /// The view's columns: a page read from a few of the files is used only when its columns are exactly these.
    schema: SchemaRef,
}

impl Scan {
    fn total(&self) -> u64 {
        self.starts.last().copied().unwrap_or(0)
    }

    /// The files rows `offset .. end` fall in (as a range of file indexes) and the offset inside the first.
    fn files_for(&self, offset: u64, end: u64) -> Option<(std::ops::Range<usize>, u64)> {
        let files = self.starts.len().checked_sub(1)?;
        // The first file that ends after `offset`, through the last that starts before `end`.
        let first = (0..files).find(|&i| self.starts[i + 1] > offset)?;
        let last = (first..files)
            .take_while(|&i| self.starts[i] < end)
            .last()?;
        Some((first..last + 1, offset - self.starts[first]))
    }
}

impl Engine {
    /// See [`crate::core::backend::Backend::table_page`].
    pub(super) fn page_by_position(
        &self,
        table: &str,
        offset: u64,
        limit: u64,
    ) -> Option<Result<TablePage>> {
        let files = self.lake_table(table)?;
        let scan = self.scan(files)?;
        let total = scan.total();
        let Some((range, inside)) = scan.files_for(offset, offset.saturating_add(limit)) else {
            // Past the end: no rows, as OFFSET would give.
            return Some(Ok(TablePage {
                schema: Arc::clone(&scan.schema),
                batches: Vec::new(),
                total,
            }));
        };
        let part = TableFiles {
            files: files.files[range].to_vec(),
            ..files.clone()
        };
        // The lake's own file paths become literals as in the view's declaration; only numbers are added.
        let sql = format!("{} LIMIT {limit} OFFSET {inside}", scan_sql(&part, true));
        match self.run_internal(&sql, &format!("table `{}`", files.name)) {
            Ok((schema, batches)) if same_columns(&schema, &scan.schema) => Some(Ok(TablePage {
                schema: Arc::clone(&scan.schema),
                batches,
                total,
            })),
            // These files alone read as other columns (a partition column typed from other values, a file with
            // columns of its own): this table pages as its view does.
            Ok(_) => {
                self.forget_positions(&files.name);
                None
            }
            Err(e) => Some(Err(e)),
        }
    }

    fn scan(&self, table: &TableFiles) -> Option<Arc<Scan>> {
        // The files as they are now (their paths, sizes, inodes and change times): positions found for other files
        // are found again.
        let now = crate::core::schema_verdicts::fingerprint(&table.files)?;
        let mut tables = self.positions.tables.lock().ok()?;
        if let Some((files, known)) = tables.get(&table.name)
            && *files == now
        {
            return known.clone();
        }
        // A footer that cannot be read leaves the table to LIMIT/OFFSET, which then says what is wrong.
        let found = self.find_scan(table).ok().flatten().map(Arc::new);
        tables.insert(table.name.clone(), (now, found.clone()));
        found
    }

    fn forget_positions(&self, table: &str) {
        if let Ok(mut tables) = self.positions.tables.lock()
            && let Some((_, known)) = tables.get_mut(table)
        {
            *known = None;
        }
    }

    /// Each file's row count from its footer (DuckDB keeps the footers it read), in the view's file order. The
    /// file's own count is trusted as DuckDB's own `count(*)` metadata is; summing its row groups' counts
    /// (`parquet_metadata`, a row per column chunk) cost a new process's first page 80–100 ms at 100M.
    fn find_scan(&self, table: &TableFiles) -> duckdb::Result<Option<Scan>> {
        if table.files.is_empty() {
            return Ok(None);
        }
        let counts: HashMap<String, i64> = self
            .conn
            .prepare(&format!(
                "SELECT file_name, num_rows FROM parquet_file_metadata({})",
                table.file_list()
            ))?
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?
            .collect::<duckdb::Result<_>>()?;
        let mut starts = vec![0u64];
        for file in &table.files {
            let Some(rows) = counts
                .get(&file.display().to_string())
                .and_then(|n| u64::try_from(*n).ok())
            else {
                return Ok(None);
            };
            starts.push(starts.last().copied().unwrap_or(0) + rows);
        }
        let schema = self
            .conn
            .prepare(&format!("SELECT * FROM {} LIMIT 0", sql_ident(&table.name)))?
            .query_arrow([])?
            .get_schema();
        Ok(Some(Scan { starts, schema }))
    }
}

/// The same column names with the same types, in the same order.
pub(super) fn same_columns(a: &SchemaRef, b: &SchemaRef) -> bool {
    a.fields().len() == b.fields().len()
        && a.fields()
            .iter()
            .zip(b.fields().iter())
            .all(|(x, y)| x.name() == y.name() && x.data_type() == y.data_type())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(rows: &[u64]) -> Scan {
        let mut starts = vec![0];
        for r in rows {
            starts.push(starts.last().unwrap() + r);
        }
        Scan {
            starts,
            schema: Arc::new(duckdb::arrow::datatypes::Schema::empty()),
        }
    }

    #[test]
    fn a_page_is_found_in_the_files_it_falls_in() {
        let s = scan(&[100, 0, 250, 50]);
        assert_eq!(s.total(), 400);
        assert_eq!(s.files_for(0, 50), Some((0..1, 0)));
        // Runs over from the first file, past an empty one, into the third.
        assert_eq!(s.files_for(80, 120), Some((0..3, 80)));
        assert_eq!(s.files_for(100, 300), Some((2..3, 0)));
        assert_eq!(s.files_for(340, 540), Some((2..4, 240)));
        assert_eq!(s.files_for(350, 550), Some((3..4, 0)));
        assert_eq!(s.files_for(400, 600), None);
        assert_eq!(scan(&[]).files_for(0, 200), None);
    }
}
