//! The import's own DuckDB: locked to the files it reads and writes, with the lake's registered documents loaded for the quote rules.

use super::*;

/// DuckDB's memory for an import: the rows being checked spill to qlake's cache beyond it, so a larger file takes
/// more disk, not more memory. Less makes the writing pass wait for memory (256 MiB: a 1M-row import 10 % slower,
/// and one run in five 10× slower);
/// more raises a 10M-row import's peak (448 MiB: 350–380 MB against 300–330) for no speed (docs/performance.md).
pub(super) const IMPORT_MEMORY: &str = "320MiB";

/// DuckDB's memory for the rules on the written rows: grouping 10M keys to find a repeated one fits in the writing
/// pass's memory and took the import's peak from 330 to 440 MB; held to this, it spills what is beyond, as fast.
pub(super) const CHECK_MEMORY: &str = "160MiB";

/// DuckDB for an import, locked like the reading engine's: no extensions, nothing from the network, and no file
/// but `reads` (the file to import, as [`input::Input::duckdb_path`] names it, and the lake files the rows are
/// checked against), `staged` (the one file it writes) and its own temp folder. Only its memory limit may change
/// afterwards (the rules on the written rows take less).
pub(super) fn import_connection(reads: &[String], staged: Option<&Path>) -> Result<Connection> {
    let conn = Connection::open_in_memory().map_err(|e| Error::query("opening DuckDB", e))?;
    let scratch = crate::core::scratch::settings()?;
    let memory = std::env::var("QLAKE_IMPORT_MEMORY").unwrap_or_else(|_| IMPORT_MEMORY.into());
    let paths: Vec<String> = reads
        .iter()
        .map(|p| sql_literal(p))
        .chain(staged.map(|p| sql_literal(&p.display().to_string())))
        .collect();
    let temp = sql_literal(&scratch.temp_dir.display().to_string());
    conn.execute_batch(&format!(
        "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false; \
         SET allow_community_extensions = false; SET async_threads = 0; \
         SET temp_directory = {temp}; SET memory_limit = {}; SET allowed_configs = ['memory_limit']; \
         SET allowed_directories = [{temp}];{} \
         SET enable_external_access = false; SET lock_configuration = true;",
        sql_literal(&memory),
        if paths.is_empty() {
            String::new()
        } else {
            format!(" SET allowed_paths = [{}];", paths.join(", "))
        }
    ))
    .map_err(|e| Error::query("locking the import's DuckDB to its files", e))?;
    Ok(conn)
}

/// The texts of the lake's registered documents (`_sources/ID.txt`), and those this import registers.
pub(super) fn load_source_texts(
    conn: &Connection,
    root: &Path,
    extra: &[(String, String)],
) -> Result<()> {
    conn.execute_batch("CREATE TEMP TABLE source_texts (source_id VARCHAR, text VARCHAR);")
        .map_err(|e| Error::query("source texts", e))?;
    let mut texts: Vec<(String, String)> = extra.to_vec();
    // The limit holds for all the texts together: many sparse files must not multiply it.
    let mut held: u64 = 0;
    let dir = root.join(log::SOURCES_DIR);
    if let Ok(files) = std::fs::read_dir(&dir) {
        for file in files.flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "txt")
                && let Some(id) = path.file_stem().and_then(|s| s.to_str())
            {
                let left = limits::LAKE_TEXT_LIMIT.saturating_sub(held);
                let bytes = limits::read_regular(
                    &path,
                    limits::Limit::fixed(left),
                    "a registered document's text (all the lake's texts together)",
                )?;
                held += bytes.len() as u64;
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::Invalid(format!("{}: not UTF-8 text", path.display())))?;
                texts.push((id.to_string(), text));
            }
        }
    }
    let mut appender = conn
        .appender("source_texts")
        .map_err(|e| Error::query("source texts", e))?;
    for (id, text) in &texts {
        appender
            .append_row([id.as_str(), text.as_str()])
            .map_err(|e| Error::query("source texts", e))?;
    }
    appender
        .flush()
        .map_err(|e| Error::query("source texts", e))
}

pub(super) fn scalar<T: duckdb::types::FromSql>(conn: &Connection, sql: &str) -> Result<T> {
    conn.query_row(sql, [], |r| r.get(0))
        .map_err(|e| Error::query("import", e))
}
