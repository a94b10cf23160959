//! A tile's aggregates kept per file. An import adds a file to a table of a hundred; a tile that counts that table's
//! rows by province then needs the new file's counts and the hundred it already had (docs/performance.md: recounting
//! 100M enterprises after an import of 1M cost the first frame 3.7 s).
//!
//! DuckDB's parse says which of a tile's CTEs are such sums over one table's rows (`gate/parts.cpp`: a "unit"). For
//! each, the unit's query is run over the files whose parts are not remembered, grouped also by file; each file's part
//! is kept under the file's identity (path, size, inode, change times), in a folder named by the statement and the
//! unit's name, this binary, the table's columns and the files of every other table it reads. The parts of the
//! table's files as they are now go into a temporary table of this connection, and the tile runs with the unit's query
//! replaced by their combination (counts summed, sums summed, minima of minima, …), which DuckDB writes from its own parse. A file
//! added, removed or rewritten changes only its own part; anything else that changes a unit's answer changes the
//! folder. `tests/it/partials.rs` holds every tile computed so to the same tile computed whole, across imports,
//! rewrites and removals.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use duckdb::arrow::array::{Array, ArrayRef, BooleanArray, UInt64Array};
use duckdb::arrow::datatypes::{DataType, Schema, SchemaRef};
use duckdb::arrow::record_batch::RecordBatch;
use sha2::{Digest, Sha256};

use super::{Engine, scan_sql};
use crate::core::backend::Backend;
use crate::core::error::{Error, ErrorKind, Result};
use crate::core::gate::CheckedSql;
use crate::core::gate::parts::{self, Kind, Unit};
use crate::core::lake::TableFiles;
use crate::core::sql::{Value, sql_ident};

/// The column of a part that holds its file's place in the partial statement's scan (`FILE_COLUMN` in parts.cpp).
const FILE_COLUMN: &str = "_qlake_file";

/// What an error of this module's statements is about.
const PARTS_CONTEXT: &str = "a tile's parts";

/// A unit is computed from parts only when its table's files hold at least this many bytes: below, the few
/// statements a unit costs (10–20 ms on the sample lake, docs/performance.md) are more than counting its table again.
pub const PARTS_FROM_BYTES: u64 = 512 << 10;

/// Sets another size than [`PARTS_FROM_BYTES`] (`0`: every unit; `512MiB`); a value that is no size is ignored.
pub const PARTS_FROM_VAR: &str = "QLAKE_PARTS_FROM";

/// The size from which units are computed from parts, as this process was told.
pub(super) fn parts_from() -> u64 {
    std::env::var(PARTS_FROM_VAR)
        .ok()
        .and_then(|v| crate::core::config::parse_size(&v))
        .unwrap_or(PARTS_FROM_BYTES)
}

/// A partial statement giving more rows than this (a unit grouped by a key of nearly every row) is not kept: its parts
/// would cost more memory and disk than counting again.
const MAX_PART_ROWS: usize = 1_000_000;

/// At most this many units' folders are kept (the newest).
const KEPT_UNITS: usize = 64;

/// The folder of the remembered parts, one of qlake's own that the sandbox keeps writable.
pub fn dir(cache: &Path) -> PathBuf {
    cache.join("parts")
}

type Rows = (SchemaRef, Vec<RecordBatch>);

/// A unit about to be computed from parts: its files' parts as remembered, and where the missing ones go.
struct Prepared<'a> {
    unit: &'a Unit,
    folder: PathBuf,
    parts: Vec<FilePart>,
    missing: Vec<PathBuf>,
    /// The scan of the files whose parts are computed (else of one file, for the parts' columns alone).
    scan: String,
    /// The temporary table its parts are put in.
    table: String,
    /// Whether the other tables it joins to are narrowed to the scanned files' values ([`narrows`]).
    narrow: bool,
}

impl Engine {
    /// `sql`'s whole result with each of its units combined from parts, and how many units were; `None` when it has
    /// no unit that can be so. [`crate::core::backend::Backend::collect_tile`] runs the statement as it is then, or
    /// when this fails.
    pub fn collect_by_parts(
        &self,
        sql: &CheckedSql,
        params: &[(String, Value)],
        context: &str,
    ) -> Option<Result<(Rows, usize)>> {
        if !self.remembers {
            return None;
        }
        self.drop_parts_tables(&[]);
        let store = dir(&crate::core::config::dirs().cache);
        let mut prepared = Vec::new();
        for unit in &parts::parts(sql).units {
            // A unit that cannot be combined from parts stays in the statement, computed whole.
            match self.prepare(sql, unit, &store) {
                Ok(Some(unit)) => prepared.push(unit),
                Err(e) if e.kind() == ErrorKind::Cancelled => return Some(Err(e)),
                _ => {}
            }
        }
        if !prepared.is_empty() {
            crate::core::result_cache::forget_oldest(&store, KEPT_UNITS, Path::is_dir, |folder| {
                let _ = std::fs::remove_dir_all(folder);
            });
        }
        loop {
            if prepared.is_empty() {
                return None;
            }
            let plan = parts::plan(
                sql,
                FILE_COLUMN,
                prepared.iter().map(|p| parts::Planned {
                    unit: p.unit,
                    scan: &p.scan,
                    table: &p.table,
                    narrow: p.narrow,
                }),
            );
            let plan = match plan {
                Ok(plan) => plan,
                // Any failure while a unit is narrowed: planned once more without narrowing, which gives the
                // statement's own error if narrowing was not the cause.
                Err(_) if prepared.iter().any(|p| p.narrow) => {
                    prepared.iter_mut().for_each(|p| p.narrow = false);
                    continue;
                }
                Err(e) => return Some(Err(e)),
            };
            let mut filled = Vec::new();
            let mut refused = None;
            let mut unnarrowed = None;
            for (i, (unit, statements)) in prepared.iter_mut().zip(&plan.statements).enumerate() {
                match self.fill_unit(unit, statements) {
                    Ok(true) => filled.push(unit.table.clone()),
                    Ok(false) => {
                        refused = Some(i);
                        break;
                    }
                    // Any failure of a narrowed unit (a narrowed partial statement DuckDB cannot bind where the
                    // unit's own binds, say: a name only the split table's row gives a meaning to): the unit is
                    // planned again as written, and an error of its own comes back from that run.
                    Err(e) if unit.narrow && e.kind() != ErrorKind::Cancelled => {
                        unnarrowed = Some(i);
                        break;
                    }
                    Err(e) => {
                        self.drop_parts_tables(&filled);
                        return Some(Err(e));
                    }
                }
            }
            if let Some(i) = unnarrowed {
                self.drop_parts_tables(&filled);
                prepared[i].narrow = false;
                continue;
            }
            if let Some(i) = refused {
                // Its parts cannot stand for it (a floating sum): the statement is planned again without it.
                self.drop_parts_tables(&filled);
                prepared.remove(i);
                continue;
            }
            let result = self.collect(&plan.combined, params, context);
            self.drop_parts_tables(&filled);
            return Some(result.map(|rows| (rows, filled.len())));
        }
    }

    /// What computing `unit` from parts needs, without running it; `None` when it cannot be.
    fn prepare<'a>(
        &self,
        sql: &CheckedSql,
        unit: &'a Unit,
        store: &Path,
    ) -> Result<Option<Prepared<'a>>> {
        let Some(table) = self.lake_table(&unit.table) else {
            return Ok(None);
        };
        let table_bytes = table.total_bytes();
        if table.files.is_empty()
            || unit.reads.iter().any(|r| self.lake_table(r).is_none())
            || table_bytes < self.parts_from
            || !files_apart(&table.files)
        {
            return Ok(None);
        }
        let view = self.schema_of(&format!("SELECT * FROM {} LIMIT 0", sql_ident(&table.name)))?;
        let Some(folder) = self.unit_folder(sql, unit, table, &view, store) else {
            return Ok(None);
        };
        let mut parts: Vec<FilePart> = Vec::new();
        let mut missing = Vec::new();
        for file in &table.files {
            let Some(identity) =
                crate::core::schema_verdicts::fingerprint(std::slice::from_ref(file))
            else {
                return Ok(None);
            };
            let path = folder.join(format!("{identity}.arrow"));
            let part = read_part(&path);
            if part.is_none() {
                missing.push(file.clone());
            }
            parts.push((file.clone(), path, part));
        }
        let read = TableFiles {
            files: if missing.is_empty() {
                table.files[..1].to_vec()
            } else {
                missing.clone()
            },
            ..table.clone()
        };
        // These files alone must read as the view reads them all (a file of other columns leaves the unit whole).
        let alone = self.schema_of(&format!("{} LIMIT 0", scan_sql(&read, true)))?;
        if !super::positions::same_columns(&alone, &view) {
            return Ok(None);
        }
        let scan = format!(
            "SELECT *, file_index AS {column} FROM read_parquet({files}, hive_partitioning = {hive}, \
             union_by_name = true)",
            files = read.file_list(),
            hive = read.hive_partitioned,
            column = sql_ident(FILE_COLUMN)
        );
        Ok(Some(Prepared {
            unit,
            folder,
            narrow: narrows(&missing, table_bytes),
            parts,
            missing,
            scan,
            table: self.parts_table_name(),
        }))
    }

    /// The missing parts computed and kept, and every part put in the unit's temporary table; `false` when its
    /// parts cannot stand for it.
    fn fill_unit(&self, unit: &mut Prepared, statements: &parts::PartStatements) -> Result<bool> {
        // The parts' columns, from the statement with no rows.
        let shape = self.schema_of(&statements.shape)?;
        if !exact_sums(unit.unit, &shape)
            || !shape
                .fields()
                .iter()
                .skip(1)
                .all(|f| kept_exactly(f.data_type()))
        {
            return Ok(false);
        }
        let part_schema = without_file(&shape);
        for (_, path, part) in &mut unit.parts {
            // A remembered part of other columns is forgotten; this start computes the unit whole.
            if part
                .iter()
                .flatten()
                .any(|b| b.schema().fields() != part_schema.fields())
            {
                let _ = std::fs::remove_file(path);
                return Ok(false);
            }
        }
        if !unit.missing.is_empty() {
            let (schema, batches) = self.run_internal(&statements.partial, PARTS_CONTEXT)?;
            let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
            if schema.fields() != shape.fields() || rows > MAX_PART_ROWS {
                return Ok(false);
            }
            let Some(mut found) = by_file(&schema, &batches, &unit.missing) else {
                return Ok(false);
            };
            for (file, path, part) in &mut unit.parts {
                if part.is_none() {
                    let (schema, batches) = found
                        .remove(file)
                        .unwrap_or_else(|| (without_file(&schema), Vec::new()));
                    write_part(path, &schema, &batches);
                    *part = Some(batches);
                }
            }
            unit.missing.clear();
        }
        forget_other_parts(&unit.folder, &unit.parts);
        self.conn
            .execute_batch(&format!(
                "CREATE TEMP TABLE {} AS {}",
                sql_ident(&unit.table),
                statements.shape
            ))
            .map_err(|e| self.explain(PARTS_CONTEXT, e))?;
        match self.fill(&unit.table, &unit.parts) {
            Ok(()) => Ok(true),
            Err(e) => {
                self.drop_parts_tables(std::slice::from_ref(&unit.table));
                Err(e)
            }
        }
    }

    /// Every file's part into the temporary table `name`, behind a placeholder file column; DuckDB casts each column to the
    /// type the partial statement gave it (a HUGEINT sum comes back from Arrow as a DECIMAL(38, 0)). A remembered
    /// part that does not fit is forgotten, so the next start computes it again.
    fn fill(&self, name: &str, parts: &[FilePart]) -> Result<()> {
        let failed = |e| self.explain(PARTS_CONTEXT, e);
        let mut appender = self
            .conn
            .appender_to_catalog_and_db(name, "temp", "main")
            .map_err(failed)?;
        for (_, path, part) in parts {
            for batch in part.iter().flatten() {
                let appended = with_file(batch)
                    .and_then(|batch| appender.append_record_batch(batch).map_err(failed));
                if let Err(e) = appended {
                    let _ = std::fs::remove_file(path);
                    return Err(e);
                }
            }
        }
        appender.flush().map_err(failed)
    }

    /// Drops the temporary tables; one whose drop fails (interrupted with the statement before it) is dropped by
    /// the connection's next tile.
    fn drop_parts_tables(&self, tables: &[String]) {
        let Ok(mut left) = self.parts_left.lock() else {
            return;
        };
        left.extend(tables.iter().cloned());
        left.retain(|table| {
            self.conn
                .execute_batch(&format!(
                    "DROP TABLE IF EXISTS temp.main.{}",
                    sql_ident(table)
                ))
                .is_err()
        });
    }

    /// Where `unit`'s parts are kept: a folder per statement and CTE (any change to the statement's text is another
    /// folder), binary, table (its place and columns) and the files of every other table the unit reads.
    fn unit_folder(
        &self,
        sql: &CheckedSql,
        unit: &Unit,
        table: &TableFiles,
        view: &SchemaRef,
        store: &Path,
    ) -> Option<PathBuf> {
        let mut hash = Sha256::new();
        for part in [
            crate::core::result_cache::build()?,
            &table.location.display().to_string(),
            &table.name.to_ascii_lowercase(),
            &format!("{:?}", view.fields()),
            sql.as_str(),
            &unit.cte,
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        let mut others: Vec<&TableFiles> = unit
            .reads
            .iter()
            .filter_map(|r| self.lake_table(r))
            .filter(|t| !t.name.eq_ignore_ascii_case(&table.name))
            .collect();
        others.sort_by(|a, b| a.name.cmp(&b.name));
        others.dedup_by(|a, b| a.name == b.name);
        for other in others {
            hash.update(other.name.as_bytes());
            hash.update([0]);
            hash.update(crate::core::schema_verdicts::fingerprint(&other.files)?.as_bytes());
            hash.update([0]);
        }
        let folder = store.join(crate::core::result_cache::hex(&hash.finalize()));
        std::fs::create_dir_all(&folder).ok()?;
        // Used now: a folder's change time orders what is forgotten first.
        let touch = folder.join(".used");
        if std::fs::write(&touch, b"").is_ok() {
            let _ = std::fs::remove_file(&touch);
        }
        Some(folder)
    }

    fn schema_of(&self, sql: &str) -> Result<SchemaRef> {
        Ok(self.run_internal(sql, PARTS_CONTEXT)?.0)
    }

    /// Its name is not one a statement could guess (the combined statement reads it by catalog and schema too).
    fn parts_table_name(&self) -> String {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        loop {
            let mut hash = Sha256::new();
            hash.update(std::process::id().to_le_bytes());
            hash.update(NEXT.fetch_add(1, Ordering::Relaxed).to_le_bytes());
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            hash.update(now.as_nanos().to_le_bytes());
            let name = format!(
                "qlake_parts_{}",
                &crate::core::result_cache::hex(&hash.finalize())[..20]
            );
            if self.lake_table(&name).is_none() {
                return name;
            }
        }
    }
}

/// Whether a unit's partial statement over the `missing` files reads the other tables it joins to only where they can
/// match those files' rows: when the files are less than half of their table (an import's new file), the other
/// table's lookup is built on the files' few values instead of on all its rows (the new file's part after an import
/// at 100M: 94 against 56 ms, docs/performance.md); a first start, which reads every file, would pay for a pass over
/// all of them for each table narrowed.
fn narrows(missing: &[PathBuf], table_bytes: u64) -> bool {
    !missing.is_empty() && crate::core::lake::bytes_of(missing).saturating_mul(2) < table_bytes
}

/// Whether Arrow carries a value of this type from DuckDB and back exactly (DuckDB's appender casts each column back
/// to the shape's type): a nanosecond time or a time zone's offset would not, an ENUM or a BIT would not append.
fn kept_exactly(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Boolean
            | DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
            | DataType::Float32
            | DataType::Float64
            | DataType::Decimal128(_, _)
            | DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Date32
    )
}

/// Whether no file of the table is listed twice (a link to a file beside it) and none is named with a character
/// DuckDB reads as a pattern: each file's part is then of that file alone.
fn files_apart(files: &[PathBuf]) -> bool {
    let mut seen = std::collections::HashSet::new();
    files.iter().all(|f| {
        let name = f.display().to_string();
        !name.contains(['*', '?', '[', '{']) && seen.insert(name)
    })
}

/// Whether every sum of the unit is of an exact type: floating parts would add up in another order than the whole.
fn exact_sums(unit: &Unit, schema: &Schema) -> bool {
    unit.columns.iter().enumerate().all(|(i, (_, kind))| {
        *kind != Kind::Sum
            || schema.fields().get(i + 1).is_some_and(|f| {
                !matches!(
                    f.data_type(),
                    DataType::Float16 | DataType::Float32 | DataType::Float64
                )
            })
    })
}

type Part = (SchemaRef, Vec<RecordBatch>);

/// A file of the unit's table, where its part is kept, and the part (once read or computed).
type FilePart = (PathBuf, PathBuf, Option<Vec<RecordBatch>>);

/// The rows of a partial statement's result per file (the file column, each row's file's place in `files`, left out);
/// `None` if a row names no file of `files`.
fn by_file(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    files: &[PathBuf],
) -> Option<std::collections::HashMap<PathBuf, Part>> {
    if schema.fields().first().map(|f| f.name().as_str()) != Some(FILE_COLUMN) {
        return None;
    }
    let part_schema = without_file(schema);
    let mut found: std::collections::HashMap<PathBuf, Part> = std::collections::HashMap::new();
    for batch in batches {
        let places = duckdb::arrow::compute::cast(batch.column(0), &DataType::UInt64).ok()?;
        let places = places.as_any().downcast_ref::<UInt64Array>()?;
        if places.null_count() > 0 {
            return None;
        }
        let mut seen: Vec<u64> = places.values().to_vec();
        seen.sort_unstable();
        seen.dedup();
        for place in seen {
            let file = files.get(usize::try_from(place).ok()?)?;
            let mask: BooleanArray = places.values().iter().map(|p| Some(*p == place)).collect();
            let rows = duckdb::arrow::compute::filter_record_batch(batch, &mask).ok()?;
            let columns = rows.columns()[1..].to_vec();
            let part = RecordBatch::try_new(Arc::clone(&part_schema), columns).ok()?;
            found
                .entry(file.clone())
                .or_insert_with(|| (Arc::clone(&part_schema), Vec::new()))
                .1
                .push(part);
        }
    }
    Some(found)
}

fn without_file(schema: &SchemaRef) -> SchemaRef {
    Arc::new(Schema::new(schema.fields()[1..].to_vec()))
}

/// A part's rows with a file column first, as the temporary table has them (its values are never read: the
/// combined statement reads the outputs).
fn with_file(batch: &RecordBatch) -> Result<RecordBatch> {
    let place: ArrayRef = Arc::new(UInt64Array::from(vec![0; batch.num_rows()]));
    let mut fields = vec![Arc::new(duckdb::arrow::datatypes::Field::new(
        FILE_COLUMN,
        DataType::UInt64,
        true,
    ))];
    fields.extend(batch.schema().fields().iter().cloned());
    let mut columns = vec![place];
    columns.extend(batch.columns().iter().cloned());
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Error::Invalid(format!("internal: a tile's part: {e}")))
}

/// A remembered part; none when absent or unreadable (it is then computed again).
fn read_part(path: &Path) -> Option<Vec<RecordBatch>> {
    let mut bytes = std::fs::read(path).ok()?;
    let sum = bytes.split_off(bytes.len().checked_sub(PART_SUM_BYTES)?);
    if Sha256::digest(&bytes).as_slice() != sum.as_slice() {
        return None;
    }
    let reader =
        duckdb::arrow::ipc::reader::FileReader::try_new(std::io::Cursor::new(bytes), None).ok()?;
    reader.collect::<std::result::Result<Vec<_>, _>>().ok()
}

/// A part file is an Arrow IPC file followed by the SHA-256 of its bytes: one torn (written, not synced, before a
/// power failure) or changed reads as missing, even where the IPC footer survived.
pub const PART_SUM_BYTES: usize = 32;

/// Keeps a part, written whole; one that cannot be written costs only the next start's time.
fn write_part(path: &Path, schema: &SchemaRef, batches: &[RecordBatch]) {
    let mut bytes = Vec::new();
    let written = (|| {
        let mut writer = duckdb::arrow::ipc::writer::FileWriter::try_new(&mut bytes, schema)?;
        for batch in batches {
            writer.write(batch)?;
        }
        writer.finish()
    })();
    if written.is_ok() {
        let sum = Sha256::digest(&bytes);
        bytes.extend_from_slice(&sum);
        let _ = crate::core::atomic_file::write_whole_unsynced(path, &bytes);
    }
}

/// The parts of files the table no longer has (removed, or rewritten under their name) go.
fn forget_other_parts(folder: &Path, kept: &[FilePart]) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let kept: std::collections::HashSet<&Path> =
        kept.iter().map(|(_, path, _)| path.as_path()).collect();
    for entry in entries.flatten() {
        if !kept.contains(entry.path().as_path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
