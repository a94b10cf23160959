//! `lake import`: a bureau's file into one table of its lake. The file is read by DuckDB as text, every row checked
//! against the contract and the lake (`validate`), written to a new Parquet file beside the table's others — never
//! rewriting one — and placed only when the whole lake, with it, still passes `lake check`'s rules. A lock keeps
//! imports apart, the log (`_imports.jsonl`) says who imported what, and `undo` takes one import out again.

mod input;
mod limits;
pub mod log;
pub mod scripts_mixed;
mod validate;

mod xlsx;

mod connection;
mod files;
mod lake_rules;
mod mapping;
mod problems;
mod undo;
use connection::*;
use files::*;
pub(crate) use files::{read_source_document, sha256_hex};
use lake_rules::*;
use mapping::*;
use problems::*;
pub use undo::undo;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use duckdb::Connection;
use sha2::Digest;

use crate::core::check::{self, Severity};
use crate::core::contract::{self, Kind, Table};
use crate::core::error::{Error, Result};
use crate::core::lake::{Lake, LakeOrigin, TableFiles};
use crate::core::sql::{sql_ident, sql_literal};

pub use input::InputFormat;
pub use log::Entry;
use validate::{Mapped, Source};

/// Rows per row group of an imported file: half DuckDB's default, as the writer holds a row group of each thread in
/// memory until it is written (a 1M-row import peaked 50 MB lower, no slower); a drill step by the column a bureau
/// sorts its file by reads finer row groups, never more rows.
const IMPORT_ROW_GROUP_ROWS: usize = 61_440;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub table: String,
    pub file: PathBuf,
    /// `their_column=contract_column`.
    pub map: Vec<(String, String)>,
    /// `column=万元` (or 亿元, 元; `wan`, `yi`, `yuan`): the unit a money column is given in.
    pub units: Vec<(String, String)>,
    /// The rows are made up to fill published totals (is_synthetic = true where the file does not say).
    pub synthetic: bool,
    pub dry_run: bool,
    pub sheet: Option<String>,
    /// The text encoding of a CSV, TSV or JSON file, when not UTF-8 (gbk, gb18030, big5, utf-16le …).
    pub encoding: Option<String>,
    /// Place the rows although a reconciliation rule fails, recording why.
    pub allow_unreconciled: Option<String>,
    /// Quotes shorter than a sentence's worth are let through, recording why.
    pub short_quotes: Option<String>,
    /// A figure its quote does not write is let through, recording why.
    pub unquoted_figures: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    Imported(Entry),
    /// The same file was imported into the same table before: nothing done.
    AlreadyImported(Entry),
    DryRun {
        table: String,
        rows: u64,
        columns: Vec<String>,
        sample: Vec<Vec<String>>,
    },
}

/// What a command line may not say twice or leave empty: a column given two units or two sources (the last would
/// silently win), a reason that is blank or longer than a sentence or two.
fn check_options(options: &Options) -> Result<()> {
    // The language of the usage errors (`errors.ftl`).
    let lang = crate::i18n::process_lang();
    let twice = |pairs: &[(String, String)], side: fn(&(String, String)) -> &str, flag: &str| {
        for (i, pair) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|p| side(p) == side(pair)) {
                return Err(Error::Usage(crate::tr!(
                    lang,
                    "err-import-option-twice",
                    flag = flag,
                    value = crate::core::cells::escape_control(side(pair))
                )));
            }
        }
        Ok(())
    };
    twice(&options.units, |p| p.0.as_str(), "--unit")?;
    twice(&options.map, |p| p.0.as_str(), "--map")?;
    twice(&options.map, |p| p.1.as_str(), "--map")?;
    for (flag, reason) in [
        ("--allow-unreconciled", &options.allow_unreconciled),
        ("--short-quotes", &options.short_quotes),
        ("--unquoted-figures", &options.unquoted_figures),
    ] {
        match reason.as_deref().map(str::trim) {
            Some("") => {
                return Err(Error::Usage(crate::tr!(
                    lang,
                    "err-import-reason-missing",
                    flag = flag
                )));
            }
            Some(why) if why.chars().count() > MAX_REASON_CHARS => {
                return Err(Error::Usage(crate::tr!(
                    lang,
                    "err-import-reason-too-long",
                    flag = flag,
                    most = MAX_REASON_CHARS.to_string()
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

/// What tells an import from another: the file's hash, and its shape written as JSON — a sheet's name may hold a
/// line break, and must never read as another option (found by an attack: two imports shared an id).
fn identity(sha256: &str, shape: &[String]) -> String {
    if shape.is_empty() {
        return sha256.to_string();
    }
    let shape_json = serde_json::to_string(shape).unwrap_or_default();
    log::hex(&sha2::Sha256::digest(
        format!("{sha256}\n{shape_json}").as_bytes(),
    ))
}

/// A reason kept in the log is a sentence or two.
const MAX_REASON_CHARS: usize = 500;

/// What shapes an import's rows besides the file's bytes, one `name=value` each, in an order of their own (the order
/// options are written in changes nothing): the sheet read (a workbook's), the column mapping, the units (yuan, the
/// unit rows are in anyway, left out), the encoding by its canonical name, `synthetic`.
fn shape(options: &Options, sheet: Option<&str>) -> Vec<String> {
    let mut shape = Vec::new();
    shape.extend(sheet.map(|s| format!("sheet={s}")));
    let mut maps: Vec<String> = options
        .map
        .iter()
        .map(|(a, b)| format!("map={a}={b}"))
        .collect();
    maps.sort();
    shape.extend(maps);
    let mut units: Vec<String> = options
        .units
        .iter()
        .filter(|(_, unit)| !matches!(unit.trim(), "元" | "yuan"))
        .map(|(a, b)| format!("unit={a}={b}"))
        .collect();
    units.sort();
    shape.extend(units);
    shape.extend(options.encoding.as_ref().map(|e| {
        let canonical = encoding_rs::Encoding::for_label(e.trim().as_bytes()).map_or_else(
            || e.to_ascii_lowercase(),
            |enc| enc.name().to_ascii_lowercase(),
        );
        format!("encoding={canonical}")
    }));
    if options.synthetic {
        shape.push("synthetic".into());
    }
    shape
}

/// Import `options.file` into `options.table` of the lake at `root`.
pub fn import(root: &Path, options: &Options) -> Result<Outcome> {
    import_with(root, options, &Registering::default())
}

/// A document registered by the import that adds its `sources` row (`lake add-source`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Registering {
    /// (source id, text): quotes may cite it already.
    pub texts: Vec<(String, String)>,
    /// What the log names as imported, and its hash, instead of the row file's.
    pub label: Option<(String, String)>,
    /// Files placed with the rows (the text under `_sources/`), relative to the lake.
    pub files: Vec<(String, Vec<u8>)>,
}

pub(crate) fn import_with(
    root: &Path,
    options: &Options,
    registering: &Registering,
) -> Result<Outcome> {
    let texts = &registering.texts;
    // The language of the problems said (`errors.ftl`).
    let lang = crate::i18n::process_lang();
    check_options(options)?;
    let lake = Lake::open(root, LakeOrigin::Flag)?;
    let table = contract::table(&options.table).ok_or_else(|| {
        Error::Usage(crate::tr!(
            lang,
            "err-import-no-such-table",
            table = &options.table,
            tables = contract::TABLES
                .iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(crate::tr!(lang, "err-list-separator").as_str())
        ))
    })?;
    let format = InputFormat::of(&options.file)?;
    if let Some(label) = &options.encoding {
        input::encoding(label)?;
    }
    // Opened once, here: a special file or one over its limit is refused before anything reads it, and everything
    // after (the hash, DuckDB, the spreadsheet and JSON readers) reads this descriptor.
    let input = input::Input::open(&options.file, format, options.encoding.as_deref())?;
    let mut phases = Phases::from_env();
    let _lock = log::LakeLock::acquire(&lake.root, !options.dry_run)?;
    // The file is hashed from here, while DuckDB is set up and the file is read.
    let (file_label, hashing) = match &registering.label {
        Some((label, sha)) => (label.clone(), Hashing::Known(sha.clone())),
        None => {
            let (file, path) = (input.try_clone_file()?, options.file.clone());
            (
                options.file.display().to_string(),
                Hashing::Running(std::thread::spawn(move || file_sha256(&file, &path))),
            )
        }
    };
    phases.mark("locked");
    let tables = lake.tables()?;
    let existing = tables.iter().find(|t| t.name == table.name);
    if existing.is_some_and(|t| t.hive_partitioned) {
        return Err(Error::Invalid(crate::tr!(
            lang,
            "err-import-hive-partitioned",
            root = lake.root.display().to_string(),
            table = table.name
        )));
    }

    // Only the tables the rows are checked against: the table itself and those its columns refer to.
    let needed = |name: &str| {
        name == table.name
            || table
                .columns
                .iter()
                .any(|c| c.references().is_some_and(|(t, _)| t == name))
    };
    let referred: Vec<TableFiles> = tables.iter().filter(|t| needed(&t.name)).cloned().collect();
    let at = log::utc_now();
    let stamp: String = at.chars().filter(|c| c.is_ascii_digit()).collect();
    let folder = lake.root.join(table.name);
    // Written only into the lake's own folder for the table: never through a symlink to somewhere else.
    if std::fs::symlink_metadata(&folder).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Invalid(crate::tr!(
            lang,
            "err-import-table-folder-not-a-folder",
            folder = folder.display().to_string()
        )));
    }
    // Named before the file's hash is known; the lock makes the name this import's alone.
    // Not guessable (a name planted in advance as a symlink would be written through), and created exclusively
    // below, never through a symlink.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let staged = folder.join(format!(
        "{}{stamp}-{:x}{nonce:08x}-{}.parquet",
        log::STAGING_PREFIX,
        std::process::id(),
        table.name
    ));
    // DuckDB may touch exactly: the file (as opened above), the files of the tables the rows are checked against,
    // and the staging file it writes (none in a dry run); its own temp folder besides.
    let reads: Vec<String> = input
        .duckdb_path()
        .into_iter()
        .chain(
            referred
                .iter()
                .flat_map(|t| &t.files)
                .map(|f| f.display().to_string()),
        )
        .collect();
    let conn = import_connection(&reads, (!options.dry_run).then_some(staged.as_path()))?;
    // A broken table is ignored here: `lake check` names it, and only the tables a row refers to matter.
    let _ = crate::core::engine::declare_views(&conn, &referred);
    let lake_tables: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
    // A reason given for breaking the lake's rules is recorded by the lake's check after the rows are written; without
    // one, the rules a row breaks alone name the row.
    let lake_side = validate::LakeSide {
        tables: &lake_tables,
        rules_by_row: options.allow_unreconciled.is_none(),
        short_quotes: options.short_quotes.is_some(),
        unquoted_figures: options.unquoted_figures.is_some(),
    };
    phases.mark("lake declared");
    load_source_texts(&conn, &lake.root, texts)?;
    let loaded = input::load(&conn, &input, options.sheet.as_deref())?;
    phases.mark("sources loaded, file declared");
    let file_label = file_label.as_str();
    let mapped = map_columns(table, &loaded.columns, options, file_label)?;
    let entries = log::read(&lake.root)?;
    let shape = shape(options, loaded.sheet.as_deref());
    let imported_before = |sha256: &str| {
        entries
            .iter()
            .find(|e| e.sha256 == sha256 && e.table == table.name && e.shape == shape)
            .cloned()
    };
    // The file read again, as text, with every rule on every row: an error naming every problem, if there is one.
    let text_pass = || -> Result<()> {
        input::materialize(&conn, &input)?;
        let problems = validate::problems(&conn, table, &mapped, &lake_side)?;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems_error(&problems, format, file_label, &lake.root))
        }
    };

    if options.dry_run {
        if let Some(done) = imported_before(&hashing.sha256()?) {
            return Ok(Outcome::AlreadyImported(done));
        }
        text_pass()?;
        let select = final_select(&mapped, "incoming");
        return Ok(Outcome::DryRun {
            table: table.name.into(),
            rows: scalar(&conn, "SELECT count(*) FROM incoming")?,
            columns: table.columns.iter().map(|c| c.name.to_string()).collect(),
            sample: sample_rows(&conn, &select)?,
        });
    }

    std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&staged)
            .map_err(|e| Error::io(&staged, e))?;
    }
    let refused = |e: Error| {
        let _ = std::fs::remove_file(&staged);
        e
    };
    // One pass over the file writes the rows while judging what only the text shows (types); every other rule then
    // reads the written file. Only an import that fails reads the file again, as text, to name every problem. The
    // file is hashed beside the pass (10M rows: a second on its own), and a file imported before stops the pass as
    // soon as its hash is known.
    let interrupt = conn.interrupt_handle();
    let (written, sha256) = std::thread::scope(|scope| {
        let (interrupt, imported_before) = (&interrupt, &imported_before);
        let hashed = scope.spawn(move || {
            let sha256 = hashing.sha256();
            if sha256
                .as_deref()
                .is_ok_and(|sha| imported_before(sha).is_some())
            {
                interrupt.interrupt();
            }
            sha256
        });
        let written = write_checked(&conn, table, &mapped, &staged);
        let sha256 = hashed.join().unwrap_or_else(|_| Err(hashing_failed()));
        (written, sha256)
    });
    phases.mark("one pass: read, type rules, write; the file hashed beside it");
    let sha256 = sha256.map_err(refused)?;
    if let Some(done) = imported_before(&sha256) {
        let _ = std::fs::remove_file(&staged);
        return Ok(Outcome::AlreadyImported(done));
    }
    // Two sheets of one workbook share the file's hash: the id (and the placed file's name) tells them apart.
    let identity = identity(&sha256, &shape);
    // Never the id (or the file) of another import, however alike: a suffix tells them apart.
    let base = format!(
        "{}-{}-{}-{}",
        &stamp[..8],
        &stamp[8..],
        table.name,
        &identity[..8]
    );
    let id = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| {
            !entries.iter().any(|e| &e.id == id)
                && std::fs::symlink_metadata(folder.join(format!("import-{id}.parquet"))).is_err()
        })
        .unwrap_or(base);
    let placed = folder.join(format!("import-{id}.parquet"));
    // The lake's rules open a DuckDB of their own on the lake with the written file: they run beside the rules
    // on the written rows, which read the same file on this connection.
    let (clean, lake_rules) = match &written {
        Ok(()) => std::thread::scope(|scope| {
            let rules = std::thread::Builder::new()
                .stack_size(crate::core::engine::THREAD_STACK_BYTES)
                .spawn_scoped(scope, || {
                    phases.part("the lake's rules", || {
                        lake_rules_hold(&lake, tables, table, &staged, options)
                    })
                });
            let clean = phases.part("rules on the written rows", || {
                written_rules_hold(&conn, table, &lake_side, &staged)
            });
            let rules = match rules {
                Ok(thread) => thread.join().unwrap_or_else(|_| {
                    Err(Error::Invalid(crate::tr!(
                        lang,
                        "err-import-lake-rules-check-failed"
                    )))
                }),
                Err(e) => Err(Error::Invalid(crate::tr!(
                    lang,
                    "err-import-lake-rules-check-error",
                    error = e.to_string()
                ))),
            };
            (clean, Some(rules))
        }),
        Err(_) => (Ok(false), None),
    };
    let clean = clean.map_err(refused)?;
    if !clean {
        let _ = std::fs::remove_file(&staged);
        text_pass()?;
        // The text pass read the whole file without a problem: what failed was writing, or the two passes disagree.
        return Err(match written {
            Err(e) if !e.to_string().contains(ROW_PROBLEM) => Error::io(&staged, e),
            _ => Error::Invalid(crate::tr!(
                lang,
                "err-import-checks-disagree",
                file = file_label
            )),
        });
    }
    phases.mark("rules on the written rows, and the lake's rules beside them");
    // `incoming` is the written file now (the rules on the written rows read it).
    let rows: u64 = scalar(&conn, "SELECT count(*) FROM incoming").map_err(refused)?;
    let unreconciled = match lake_rules {
        Some(rules) => rules.map_err(refused)?,
        None => None,
    };

    // What undo will check before it removes anything: each file's size and SHA-256 as written.
    let placed_name = format!("{}/{}", table.name, file_name(&placed));
    let written: Vec<log::Written> = std::iter::once(log::Written::of_file(&placed_name, &staged))
        .chain(
            registering
                .files
                .iter()
                .map(|(name, bytes)| Ok(log::Written::of_bytes(name, bytes))),
        )
        .collect::<Result<_>>()
        .map_err(refused)?;
    let entry = Entry {
        id,
        at,
        user: std::env::var("USER").unwrap_or_else(|_| "unknown".into()),
        table: table.name.into(),
        source_file: file_label.to_string(),
        sha256,
        rows,
        files: std::iter::once(placed_name.clone())
            .chain(registering.files.iter().map(|(name, _)| name.clone()))
            .collect(),
        written,
        unreconciled,
        shape,
        allowed: [
            options
                .short_quotes
                .as_ref()
                .map(|why| format!("short quotes: {why}")),
            options
                .unquoted_figures
                .as_ref()
                .map(|why| format!("unquoted figures: {why}")),
        ]
        .into_iter()
        .flatten()
        .collect(),
    };
    // The record first, then the file into place: a crash between leaves a record without its file, which the next
    // lock drops; the rows are never visible without their record.
    for (name, bytes) in &registering.files {
        let path = lake.root.join(name);
        if let Some(parent) = path.parent() {
            // The lake's own `_sources/`, never a symlink leading out of the lake.
            if std::fs::symlink_metadata(parent).is_ok_and(|m| !m.is_dir()) {
                return Err(refused(Error::Invalid(crate::tr!(
                    lang,
                    "err-import-document-folder-not-a-folder",
                    folder = parent.display().to_string()
                ))));
            }
            std::fs::create_dir_all(parent).map_err(|e| refused(Error::io(parent, e)))?;
        }
        crate::core::atomic_file::write_whole(&path, bytes).map_err(refused)?;
    }
    let mut all = entries;
    all.push(entry.clone());
    log::write(&lake.root, &all).map_err(refused)?;
    // Placed without replacing anything: a link fails where a file of that name is, where a rename would replace it.
    std::fs::hard_link(&staged, &placed).map_err(|e| refused(Error::io(&placed, e)))?;
    let _ = std::fs::remove_file(&staged);
    phases.mark("logged and placed");
    Ok(Outcome::Imported(entry))
}

impl Hashing {
    fn sha256(self) -> Result<String> {
        match self {
            Hashing::Known(sha) => Ok(sha),
            Hashing::Running(thread) => thread.join().unwrap_or_else(|_| Err(hashing_failed())),
        }
    }
}

/// With `QLAKE_IMPORT_PHASES` set, the time each phase of an import took, on stderr: how the benchmark's import
/// figure divides (docs/performance.md).
struct Phases {
    last: Option<std::time::Instant>,
}

impl Phases {
    fn from_env() -> Phases {
        Phases {
            last: std::env::var_os("QLAKE_IMPORT_PHASES").map(|_| std::time::Instant::now()),
        }
    }

    /// `work`, timed on its own when phases are shown: the parts of a phase that run side by side.
    fn part<T>(&self, part: &str, work: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let done = work();
        if self.last.is_some() {
            eprintln!(
                "qlake: import phase part: {part}: {:.0} ms",
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
        done
    }

    fn mark(&mut self, phase: &str) {
        if let Some(last) = self.last {
            eprintln!(
                "qlake: import phase: {phase}: {:.0} ms",
                last.elapsed().as_secs_f64() * 1000.0
            );
            self.last = Some(std::time::Instant::now());
        }
    }
}

/// The file's rows, in the contract's columns and types, to `staged`, failing at the first row a row rule finds
/// wrong (which rule, and what else is wrong, the text pass says).
fn write_checked(
    conn: &Connection,
    table: &Table,
    mapped: &[Mapped],
    staged: &Path,
) -> std::result::Result<(), duckdb::Error> {
    let select = final_select(mapped, &format!("{} AS incoming", input::RAW_TEXT));
    let wrong = validate::read_rules_fail(table, mapped);
    conn.execute_batch(&format!(
        "COPY ({select} WHERE CASE WHEN {wrong} THEN CAST(error({}) AS BOOLEAN) ELSE true END) TO {} \
         (FORMAT parquet, ROW_GROUP_SIZE {IMPORT_ROW_GROUP_ROWS}, USE_TMP_FILE false);",
        sql_literal(ROW_PROBLEM),
        sql_literal(&staged.display().to_string())
    ))
}

#[cfg(test)]
mod tests;
