//! Writing lakes: the sample lake from `lake-src/` and generated benchmark lakes. Both write every contract table
//! with exactly the contract's column order and types, into a staging folder that replaces the target only when
//! complete.

use std::fs;
use std::path::{Path, PathBuf};

use duckdb::Connection;

use crate::core::contract::Table;
use crate::core::error::{Error, Result};
use crate::core::sql::{sql_ident, sql_literal};

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

/// What a lake-writing DuckDB (`lake init`, `generate`, `build-sample`) may touch: the folders it reads and the one
/// it writes, nothing else on the machine or the network.
pub struct Reach<'a> {
    /// Folders it reads: the seed texts, the built-in lake's cities.
    pub reads: &'a [PathBuf],
    /// The folder of the lake being written (its staging folder, or the new lake's own).
    pub writes: &'a Path,
    /// Where it spills (default: this process's temp folder in qlake's cache, never the working directory).
    pub temp_dir: Option<&'a Path>,
    /// Its memory limit (default: qlake's).
    pub memory_limit: Option<&'a str>,
}

/// An in-memory DuckDB locked down as the reading engine is: no extension installed or loaded, no async I/O threads,
/// `enable_external_access = false` with `allowed_directories` exactly the folders `reach` names (canonical; DuckDB
/// lets a listed folder be read and written), and the configuration locked, so SQL run on it afterwards (the sample
/// lake's script included) cannot widen any of it.
pub fn confined_instance(reach: &Reach<'_>) -> Result<Connection> {
    let conn = Connection::open_in_memory().map_err(|e| Error::query("opening DuckDB", e))?;
    let scratch = match (reach.temp_dir, reach.memory_limit) {
        (Some(_), Some(_)) => None,
        _ => Some(crate::core::scratch::settings()?),
    };
    let temp_dir = reach
        .temp_dir
        .or(scratch.map(|s| s.temp_dir.as_path()))
        .unwrap_or(Path::new("."));
    let memory = reach
        .memory_limit
        .or(scratch.map(|s| s.memory_limit.as_str()))
        .unwrap_or("1GiB");
    let mut folders = Vec::new();
    for folder in reach
        .reads
        .iter()
        .map(PathBuf::as_path)
        .chain([reach.writes])
    {
        let real = fs::canonicalize(folder).map_err(|e| Error::io(folder, e))?;
        folders.push(sql_literal(&real.display().to_string()));
    }
    conn.execute_batch(&format!(
        "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false; \
         SET allow_community_extensions = false; SET async_threads = 0; \
         SET temp_directory = {temp}; SET memory_limit = {memory}; \
         SET allowed_directories = [{folders}]; SET enable_external_access = false; \
         SET lock_configuration = true;",
        temp = sql_literal(&temp_dir.display().to_string()),
        memory = sql_literal(memory),
        folders = folders.join(", ")
    ))
    .map_err(|e| Error::query("locking DuckDB to the lake it writes", e))?;
    Ok(conn)
}

/// A staging folder beside `target`, removed on drop unless [`Staging::commit`] moved it into place. Its name is new
/// (made by the file system, never an existing folder's), so making one removes nothing.
pub struct Staging {
    pub path: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn beside(target: &Path) -> Result<Staging> {
        let parent = parent_of(target);
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let path = fresh_folder(target, "partial")?;
        Ok(Staging {
            path,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Replace the target with the staged folder (the caller has made sure the target may be replaced).
    pub fn commit(mut self) -> Result<()> {
        let had_old = fs::symlink_metadata(&self.target).is_ok();
        if had_old {
            // Renamed over an empty folder of its own, so no other folder is ever in the way.
            let old = fresh_folder(&self.target, "old")?;
            fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
            fs::rename(&self.path, &self.target).map_err(|e| Error::io(&self.target, e))?;
            fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        } else {
            fs::rename(&self.path, &self.target).map_err(|e| Error::io(&self.target, e))?;
        }
        self.committed = true;
        Ok(())
    }
}

fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A new, empty, hidden folder beside `target`, `.<name>.<what>-<pid>-<n>`: made with the usual permissions by
/// `mkdir`, which refuses a name that exists, so no folder already there is ever taken or removed.
fn fresh_folder(target: &Path, what: &str) -> Result<PathBuf> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("lake");
    let parent = parent_of(target);
    let mut n = 0u32;
    loop {
        let path = parent.join(format!(".{name}.{what}-{}-{n}", std::process::id()));
        match fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(Error::io(&path, e)),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A lake-writing DuckDB reads its folders and writes its lake, and nothing else; its lockdown cannot be undone
    /// by SQL run on it.
    #[test]
    fn a_writing_instance_reaches_only_its_folders() {
        let home = tempfile::tempdir().expect("tempdir");
        let (seeds, lake) = (home.path().join("seeds"), home.path().join("lake"));
        fs::create_dir_all(&seeds).expect("seeds");
        fs::create_dir_all(&lake).expect("lake");
        fs::write(seeds.join("a.txt"), "seed").expect("seed");
        let secret = home.path().join("secret.txt");
        fs::write(&secret, "the user's").expect("secret");
        let conn = confined_instance(&Reach {
            reads: std::slice::from_ref(&seeds),
            writes: &lake,
            temp_dir: Some(&lake.join("_spill")),
            memory_limit: Some("256MiB"),
        })
        .expect("instance");
        let literal = |p: &Path| sql_literal(&p.display().to_string());
        let text: String = conn
            .query_row(
                &format!(
                    "SELECT content FROM read_text({})",
                    literal(&seeds.join("*.txt"))
                ),
                [],
                |r| r.get(0),
            )
            .expect("the seeds are readable");
        assert_eq!(text, "seed");
        conn.execute_batch(&format!(
            "COPY (SELECT 1 AS x) TO {} (FORMAT parquet)",
            literal(&lake.join("x.parquet"))
        ))
        .expect("the lake is writable");
        let outside = home.path().join("out.csv");
        for refused in [
            format!("SELECT content FROM read_text({})", literal(&secret)),
            format!(
                "SELECT * FROM read_csv({})",
                literal(&lake.join("../secret.txt"))
            ),
            format!("COPY (SELECT 1 AS x) TO {}", literal(&outside)),
            "SET enable_external_access = true".into(),
            format!("SET allowed_directories = [{}]", literal(home.path())),
            "SET lock_configuration = false".into(),
            "SET autoload_known_extensions = true".into(),
            "INSTALL httpfs".into(),
        ] {
            assert!(conn.execute_batch(&refused).is_err(), "{refused}");
        }
        assert!(!outside.exists());
        for (setting, value) in [
            ("autoinstall_known_extensions", "false"),
            ("autoload_known_extensions", "false"),
            ("enable_external_access", "false"),
            ("lock_configuration", "true"),
            ("async_threads", "0"),
        ] {
            let now: String = conn
                .query_row(
                    &format!(
                        "SELECT CAST(current_setting({}) AS VARCHAR)",
                        sql_literal(setting)
                    ),
                    [],
                    |r| r.get(0),
                )
                .expect("setting");
            assert_eq!(now, value, "{setting}");
        }
    }
}
