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

/// DuckDB's memory for an import: the rows being checked spill to qlake's cache beyond it, so a larger file takes
/// more disk, not more memory. Less makes the writing pass wait for memory (256 MiB: a 1M-row import 10 % slower,
/// and one run in five 10× slower);
/// more raises a 10M-row import's peak (448 MiB: 350–380 MB against 300–330) for no speed (docs/performance.md).
const IMPORT_MEMORY: &str = "320MiB";

/// DuckDB's memory for the rules on the written rows: grouping 10M keys to find a repeated one fits in the writing
/// pass's memory and took the import's peak from 330 to 440 MB; held to this, it spills what is beyond, as fast.
const CHECK_MEMORY: &str = "160MiB";

/// Rows per row group of an imported file: half DuckDB's default, as the writer holds a row group of each thread in
/// memory until it is written (a 1M-row import peaked 50 MB lower, no slower); a drill step by the column a bureau
/// sorts its file by reads finer row groups, never more rows.
const IMPORT_ROW_GROUP_ROWS: usize = 61_440;

/// How many row problems are printed; the count says how many there were in all.
const SHOWN_PROBLEMS: usize = 200;

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

/// Take import `id` out of the lake at `root`: exactly its files and its record. Refused, naming them, when rows
/// left in the lake refer to rows it brought (a programme whose projects stay), unless `force`; refused, naming the
/// entry and the file, when the log names a file its import did not write (`log::check_removal`: `force` accepts
/// only a file an older qlake recorded without its size and SHA-256).
pub fn undo(root: &Path, id: &str, force: bool) -> Result<Entry> {
    // The language of the problems said (`errors.ftl`).
    let lang = crate::i18n::process_lang();
    let lake = Lake::open(root, LakeOrigin::Flag)?;
    let _lock = log::LakeLock::acquire(&lake.root, true)?;
    let entry = log::find(&lake.root, id)?;
    // Every file the log names is checked to be one its import wrote before anything else happens.
    let removal = log::check_removal(&lake.root, &entry, force)?;
    if !force {
        let gone: Vec<PathBuf> = removal.paths();
        let tables = lake.tables()?;
        let without: Vec<TableFiles> = tables
            .iter()
            .cloned()
            .map(|mut t| {
                t.files.retain(|f| !gone.contains(f));
                t
            })
            .filter(|t| !t.files.is_empty())
            .collect();
        // A table left with no file has no view, so the check below cannot see rows referring to it: any file of
        // another table that refers to it keeps the undo from running.
        let emptied: Vec<&str> = tables
            .iter()
            .filter(|t| !t.files.is_empty() && !without.iter().any(|w| w.name == t.name))
            .map(|t| t.name.as_str())
            .collect();
        // Between the tables named, each in backticks.
        let between = format!("`{}`", crate::tr!(lang, "err-list-separator"));
        let referring: Vec<String> = without
            .iter()
            .filter(|t| {
                crate::core::contract::table(&t.name).is_some_and(|c| {
                    c.columns.iter().any(|col| {
                        col.references()
                            .is_some_and(|(to, _)| emptied.contains(&to))
                    })
                })
            })
            .map(|t| {
                crate::tr!(
                    lang,
                    "err-undo-would-empty",
                    table = &t.name,
                    emptied = emptied.join(between.as_str())
                )
            })
            .collect();
        let after = if referring.is_empty() {
            newly_broken(&lake, tables, without, &check::check_tables, &|p| {
                p.message.contains(check::DANGLING)
            })?
            .into_iter()
            .map(|b| b.shown)
            .collect()
        } else {
            referring
        };
        if !after.is_empty() {
            return Err(Error::Invalid(format!(
                "{}\n{}",
                crate::tr!(
                    lang,
                    "err-undo-would-leave-dangling",
                    root = lake.root.display().to_string(),
                    id = id
                ),
                after.join("\n")
            )));
        }
    }
    log::remove(&lake.root, &entry, removal)?;
    Ok(entry)
}

/// The SHA-256 the log keeps of what is imported: given, or being read on a thread of its own.
enum Hashing {
    Known(String),
    Running(std::thread::JoinHandle<Result<String>>),
}

impl Hashing {
    fn sha256(self) -> Result<String> {
        match self {
            Hashing::Known(sha) => Ok(sha),
            Hashing::Running(thread) => thread.join().unwrap_or_else(|_| Err(hashing_failed())),
        }
    }
}

fn hashing_failed() -> Error {
    let lang = crate::i18n::process_lang();
    Error::Invalid(crate::tr!(lang, "err-import-hashing-failed"))
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

/// Every problem found, as the user reads them: file, line (or row, record), column, value, what is wrong.
fn problems_error(
    problems: &[validate::RowProblem],
    format: InputFormat,
    file_label: &str,
    root: &Path,
) -> Error {
    let lang = crate::i18n::process_lang();
    let mut lines: Vec<String> = problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|p| {
            let at = locate(lang, format, p.row);
            let (file, column, message) = (file_label, p.column.as_str(), p.message.as_str());
            match (p.value.as_deref(), p.other_row) {
                (Some(value), None) => crate::tr!(
                    lang,
                    "err-import-problem",
                    file = file,
                    at = at,
                    column = column,
                    value = value,
                    message = message
                ),
                (None, None) => crate::tr!(
                    lang,
                    "err-import-problem-no-value",
                    file = file,
                    at = at,
                    column = column,
                    message = message
                ),
                (Some(value), Some(other)) => crate::tr!(
                    lang,
                    "err-import-problem-other-row",
                    file = file,
                    at = at,
                    column = column,
                    value = value,
                    message = message,
                    other = locate(lang, format, other)
                ),
                (None, Some(other)) => crate::tr!(
                    lang,
                    "err-import-problem-no-value-other-row",
                    file = file,
                    at = at,
                    column = column,
                    message = message,
                    other = locate(lang, format, other)
                ),
            }
        })
        .collect();
    if problems.len() > SHOWN_PROBLEMS {
        lines.push(crate::tr!(
            lang,
            "err-import-more-problems",
            count = problems.len() - SHOWN_PROBLEMS
        ));
    }
    lines.push(crate::tr!(
        lang,
        "err-import-problems-in-all",
        file = file_label,
        count = problems.len(),
        root = root.display().to_string()
    ));
    Error::Invalid(lines.join("\n"))
}

/// Where a row is in the file, in `lang`: the format's own words (`line 3`, `row 3`, `record 3`) in English.
fn locate(lang: crate::i18n::Lang, format: InputFormat, row: i64) -> String {
    let english = format.locate(row);
    if lang == crate::i18n::Lang::English {
        return english;
    }
    match english.split_once(' ') {
        Some(("line", n)) => crate::tr!(lang, "err-import-at-line", n = n),
        Some(("row", n)) => crate::tr!(lang, "err-import-at-row", n = n),
        Some(("record", n)) => crate::tr!(lang, "err-import-at-record", n = n),
        _ => english,
    }
}

/// What DuckDB's `error()` raises in the import's one pass over a file, at the first row a row rule finds wrong.
const ROW_PROBLEM: &str = "qlake: a row the import refuses";

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

/// Whether the rules of scope `Written` (all but the types) hold for the rows written to `staged`: they run, as
/// written for the text, on `incoming` as a view of the written file with every column as text.
fn written_rules_hold(
    conn: &Connection,
    table: &'static Table,
    lake: &validate::LakeSide,
    staged: &Path,
) -> Result<bool> {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("CAST({q} AS VARCHAR) AS {q}", q = sql_ident(c.name)))
        .collect();
    conn.execute_batch(&format!(
        "SET memory_limit = {}; CREATE OR REPLACE TEMP VIEW incoming AS SELECT file_row_number + 1 AS _row, {} \
         FROM read_parquet({}, file_row_number = true);",
        sql_literal(CHECK_MEMORY),
        columns.join(", "),
        sql_literal(&staged.display().to_string())
    ))
    .map_err(|e| Error::query("reading the import back", e))?;
    let stored = validate::as_stored(table);
    let found: i64 = scalar(conn, &validate::written_problem_count(table, &stored, lake))?;
    Ok(found == 0)
}

/// DuckDB for an import, locked like the reading engine's: no extensions, nothing from the network, and no file
/// but `reads` (the file to import, as [`input::Input::duckdb_path`] names it, and the lake files the rows are
/// checked against), `staged` (the one file it writes) and its own temp folder. Only its memory limit may change
/// afterwards (the rules on the written rows take less).
fn import_connection(reads: &[String], staged: Option<&Path>) -> Result<Connection> {
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
fn load_source_texts(conn: &Connection, root: &Path, extra: &[(String, String)]) -> Result<()> {
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

/// Which of the file's columns feeds which contract column; the file's other columns and missing required ones are
/// errors, all named at once.
fn map_columns(
    table: &'static Table,
    columns: &[String],
    options: &Options,
    file: &str,
) -> Result<Vec<Mapped>> {
    // The language of the problems said (`errors.ftl`).
    let lang = crate::i18n::process_lang();
    let mut errors = Vec::new();
    let mut used = vec![false; columns.len()];
    let mut mapped = Vec::new();
    for column in table.columns {
        let wanted: Vec<&str> = options
            .map
            .iter()
            .filter(|(_, to)| to == column.name)
            .map(|(from, _)| from.as_str())
            .collect();
        let found = columns.iter().position(|c| {
            if wanted.is_empty() {
                c.trim().eq_ignore_ascii_case(column.name)
            } else {
                wanted.iter().any(|w| c.trim() == w.trim())
            }
        });
        let from = match found {
            Some(i) => {
                used[i] = true;
                Source::Column(input::column_name(i))
            }
            None if column.name == "is_synthetic" => {
                Source::Constant(if options.synthetic { "true" } else { "false" })
            }
            None if !column.nullable => {
                errors.push(crate::tr!(
                    lang,
                    "err-import-missing-column",
                    file = file,
                    column = column.name,
                    table = table.name
                ));
                Source::Absent
            }
            None => Source::Absent,
        };
        let factor = match options.units.iter().find(|(c, _)| c == column.name) {
            Some((_, unit)) if column.kind != Kind::Money => {
                errors.push(crate::tr!(
                    lang,
                    "err-import-unit-not-money",
                    column = column.name,
                    unit = unit
                ));
                1
            }
            Some((_, unit)) => match unit_factor(unit) {
                Some(f) => f,
                None => {
                    errors.push(crate::tr!(
                        lang,
                        "err-import-unit-unknown",
                        column = column.name,
                        unit = unit
                    ));
                    1
                }
            },
            None => 1,
        };
        mapped.push(Mapped {
            column,
            from,
            factor,
        });
    }
    for (from, to) in &options.map {
        if table.column(to).is_none() {
            errors.push(crate::tr!(
                lang,
                "err-import-map-no-such-column",
                from = from,
                to = to,
                table = table.name
            ));
        }
        if !columns.iter().any(|c| c.trim() == from.trim()) {
            errors.push(crate::tr!(
                lang,
                "err-import-map-not-in-file",
                from = from,
                to = to,
                file = file
            ));
        }
    }
    for (c, _) in &options.units {
        if table.column(c).is_none() {
            errors.push(crate::tr!(
                lang,
                "err-import-unit-no-such-column",
                column = c,
                table = table.name
            ));
        }
    }
    for (i, c) in columns.iter().enumerate() {
        if !used[i] {
            errors.push(crate::tr!(
                lang,
                "err-import-column-not-in-table",
                file = file,
                column = c,
                table = table.name,
                columns = table
                    .columns
                    .iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(crate::tr!(lang, "err-list-separator").as_str())
            ));
        }
    }
    if errors.is_empty() {
        Ok(mapped)
    } else {
        errors.push(crate::tr!(lang, "err-import-nothing-imported", file = file));
        Err(Error::Usage(errors.join("\n")))
    }
}

fn unit_factor(unit: &str) -> Option<u64> {
    match unit.trim().to_lowercase().as_str() {
        "元" | "yuan" => Some(1),
        "万元" | "万" | "wan" => Some(10_000),
        "亿元" | "亿" | "yi" => Some(100_000_000),
        _ => None,
    }
}

/// The rows of `from` as the lake stores them: the contract's columns, order and types, in the file's order (DuckDB
/// keeps insertion order; sorting a million rows, by key or by row, cost as much as writing them).
fn final_select(mapped: &[Mapped], from: &str) -> String {
    let columns: Vec<String> = mapped
        .iter()
        .map(|m| {
            format!(
                "CAST({} AS {}) AS {}",
                m.typed(),
                m.column.kind.canonical(),
                sql_ident(m.column.name)
            )
        })
        .collect();
    format!("SELECT {} FROM {from}", columns.join(", "))
}

fn sample_rows(conn: &Connection, select: &str) -> Result<Vec<Vec<String>>> {
    let failed = |e: duckdb::Error| Error::query("previewing the import", e);
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM ({select}) LIMIT 5"))
        .map_err(failed)?;
    let batches: Vec<duckdb::arrow::record_batch::RecordBatch> =
        stmt.query_arrow([]).map_err(failed)?.collect();
    let mut rows = Vec::new();
    for b in &batches {
        rows.extend(crate::core::cells::batch_rows(b)?);
    }
    Ok(rows)
}

/// `lake check`'s rules across tables on the lake with the staged file among its table's files: a rule that held
/// before and fails with it refuses the import, unless `--allow-unreconciled` says why (then recorded).
fn lake_rules_hold(
    lake: &Lake,
    tables: Vec<TableFiles>,
    table: &Table,
    staged: &Path,
    options: &Options,
) -> Result<Option<String>> {
    let mut with = tables.clone();
    let staged = std::fs::canonicalize(staged).map_err(|e| Error::io(staged, e))?;
    match with.iter_mut().find(|t| t.name == table.name) {
        Some(t) => t.files.push(staged.clone()),
        None => {
            with.push(TableFiles {
                name: table.name.into(),
                location: lake.root.join(table.name),
                files: vec![staged.clone()],
                skipped: Vec::new(),
                hive_partitioned: false,
            });
            with.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
    let staged_name = file_name(&staged);
    let broken: Vec<Broken> = newly_broken(
        lake,
        tables,
        with,
        &|lake, tables| {
            check::check_rules_reading(
                lake,
                tables,
                table.name,
                options.allow_unreconciled.is_none(),
            )
        },
        &|_| true,
    )?
    .into_iter()
    // The staged file's own name in a problem is the name it will have.
    .map(|p| Broken {
        shown: p.shown.replace(&staged_name, "(this import)"),
        english: p.english.replace(&staged_name, "(this import)"),
    })
    .collect();
    if broken.is_empty() {
        return Ok(None);
    }
    match &options.allow_unreconciled {
        Some(why) => {
            let rules: Vec<&str> = broken.iter().map(|b| b.english.as_str()).collect();
            Ok(Some(format!("{why} (rules: {})", rules.join("; "))))
        }
        None => {
            let lang = crate::i18n::process_lang();
            Err(Error::Invalid(format!(
                "{}\n{}",
                crate::tr!(
                    lang,
                    "err-import-lake-rules-fail",
                    file = options.file.display().to_string()
                ),
                broken
                    .iter()
                    .map(|b| b.shown.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            )))
        }
    }
}

/// A check of the lake as if its tables were the ones given.
type LakeCheck<'a> = dyn Fn(&Lake, Vec<TableFiles>) -> Result<Vec<check::Problem>> + 'a;

/// The errors `check` finds in the lake with `after` as its tables that it does not find with `before`, among those
/// `keep` keeps: what an import or an undo would break.
fn newly_broken(
    lake: &Lake,
    before: Vec<TableFiles>,
    after: Vec<TableFiles>,
    check: &LakeCheck<'_>,
    keep: &dyn Fn(&check::Problem) -> bool,
) -> Result<Vec<Broken>> {
    // Each problem as the reader's language says it and in English: the English is compared (the same problem in
    // both states of the lake) and kept in the import log (data, the same in every language).
    let errors = |problems: Vec<check::Problem>| -> Vec<Broken> {
        problems
            .into_iter()
            .filter(|p| p.severity == Severity::Error && keep(p))
            .map(|p| Broken {
                shown: p.to_string(),
                english: p.english(),
            })
            .collect()
    };
    // The lake as it would be first: when nothing fails there, nothing newly fails, and the lake as it is need not
    // be checked at all.
    let will = errors(check(lake, after)?);
    if will.is_empty() {
        return Ok(will);
    }
    let was = errors(check(lake, before)?);
    Ok(will
        .into_iter()
        .filter(|p| !was.iter().any(|w| w.english == p.english))
        .collect())
}

/// A rule a change would break: as shown to the reader, and in English for the import log.
struct Broken {
    shown: String,
    english: String,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn scalar<T: duckdb::types::FromSql>(conn: &Connection, sql: &str) -> Result<T> {
    conn.query_row(sql, [], |r| r.get(0))
        .map_err(|e| Error::query("import", e))
}

/// The SHA-256 of an opened file from its start, read in blocks (a large import is never held whole in memory for
/// this) with a position of its own, so it never moves another reader of the descriptor.
fn file_sha256(file: &File, path: &Path) -> Result<String> {
    let mut reader = limits::At::new(file);
    let mut hasher = sha2::Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    loop {
        let n = reader.read(&mut block).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// The SHA-256 of bytes in memory (a registered document's text).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha2::Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A document's text for `lake add-source`: a regular file within its limit (`QLAKE_SOURCE_MAX_BYTES`), read once.
pub(crate) fn read_source_document(path: &Path) -> Result<Vec<u8>> {
    let limit = limits::Limit::from_env(limits::SOURCE_LIMIT_VAR, limits::SOURCE_LIMIT)?;
    limits::read_regular(path, limit, "a document to register")
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    #[test]
    fn a_sheet_name_cannot_pass_for_another_option() {
        let one = identity("abc", &["sheet=P\nmap=a=b".to_string()]);
        let two = identity("abc", &["sheet=P".to_string(), "map=a=b".to_string()]);
        assert_ne!(one, two);
        let options = |map: Vec<(&str, &str)>, unit: &str| Options {
            map: map.into_iter().map(|(a, b)| (a.into(), b.into())).collect(),
            units: vec![("budget_yuan".into(), unit.into())],
            encoding: Some("GBK".into()),
            ..Options::default()
        };
        // How the options are written changes nothing: their order, a unit of yuan, an encoding's alias.
        assert_eq!(
            shape(&options(vec![("a", "x"), ("b", "y")], "元"), None),
            shape(
                &Options {
                    encoding: Some("x-gbk".into()),
                    ..options(vec![("b", "y"), ("a", "x")], "yuan")
                },
                None
            )
        );
        assert!(check_options(&options(vec![("a", "x"), ("a", "y")], "万元")).is_err());
        assert!(
            check_options(&Options {
                short_quotes: Some("  ".into()),
                ..Options::default()
            })
            .is_err()
        );
        assert!(
            check_options(&Options {
                units: vec![("m".into(), "万元".into()), ("m".into(), "亿元".into())],
                ..Options::default()
            })
            .is_err()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one quoting of the project holds for every character a file or a path can bring: a literal and an
    /// identifier come back from DuckDB exactly as they went in (DuckDB's standard strings have no backslash
    /// escapes), and a NUL byte, which no quoting can carry, makes the statement fail whole instead of cutting it
    /// short.
    #[test]
    fn quoting_holds_for_every_character() {
        let conn = Connection::open_in_memory().expect("duckdb");
        let mut texts: Vec<String> = (1u8..=127).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "'",
                "''",
                "\\",
                "\\'",
                "'\\",
                "a'); COPY (SELECT 1) TO 'x.csv'; --",
                "\"",
                "\"\"",
                "\"; DROP TABLE t; --",
                "$$",
                "$a$ x $a$",
                "E'\\x41'",
                "/* */",
                "--\n",
                "\r\n\u{b}\u{c}\u{85}\u{2028}",
                "中文「引号」",
                "\u{202e}\u{feff}",
                "{'a': 'VARCHAR'}",
            ]
            .map(String::from),
        );
        for text in &texts {
            let literal: String = conn
                .query_row(&format!("SELECT {}", sql_literal(text)), [], |r| r.get(0))
                .unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(&literal, text);
            let ident: String = conn
                .query_row(
                    &format!(
                        "SELECT column_name FROM (DESCRIBE SELECT 1 AS {})",
                        sql_ident(text)
                    ),
                    [],
                    |r| r.get(0),
                )
                .unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(&ident, text);
        }
        for nul in ["a\0'); COPY (SELECT 1) TO 'x.csv'; --", "\0"] {
            assert!(
                conn.query_row(&format!("SELECT {}", sql_literal(nul)), [], |r| r
                    .get::<_, String>(0))
                    .is_err()
            );
        }
    }

    /// The import's DuckDB reads the files it is given, writes the staging file, and touches nothing else; its
    /// configuration cannot be unlocked (only its memory limit changes).
    #[test]
    fn the_import_connection_touches_only_its_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = |name: &str| dir.path().join(name).display().to_string();
        std::fs::write(path("input.csv"), "a\n1\n").expect("input");
        std::fs::write(path("other.csv"), "a\n2\n").expect("other");
        let conn = import_connection(
            &[path("input.csv")],
            Some(&dir.path().join("staged.parquet")),
        )
        .expect("connection");
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        assert_eq!(
            count(&format!(
                "SELECT count(*) FROM read_csv({})",
                sql_literal(&path("input.csv"))
            ))
            .ok(),
            Some(1)
        );
        conn.execute_batch(&format!(
            "COPY (SELECT 1 AS x) TO {} (FORMAT parquet)",
            sql_literal(&path("staged.parquet"))
        ))
        .expect("the staging file is written");
        for refused in [
            format!(
                "SELECT count(*) FROM read_csv({})",
                sql_literal(&path("other.csv"))
            ),
            "SELECT count(*) FROM read_text('/proc/self/environ')".to_string(),
        ] {
            assert!(count(&refused).is_err(), "{refused}");
        }
        for refused in [
            format!("COPY (SELECT 1 AS x) TO {}", sql_literal(&path("out.csv"))),
            format!("ATTACH {} AS other", sql_literal(&path("other.duckdb"))),
            "SET enable_external_access = true".to_string(),
            format!("SET allowed_paths = [{}]", sql_literal(&path("other.csv"))),
            format!("SET allowed_directories = [{}]", sql_literal(&path(""))),
            "SET lock_configuration = false".to_string(),
            "SET allowed_configs = ['enable_external_access']".to_string(),
            "INSTALL json".to_string(),
            "LOAD json".to_string(),
        ] {
            assert!(conn.execute_batch(&refused).is_err(), "{refused}");
        }
        assert!(!dir.path().join("out.csv").exists());
        assert!(!dir.path().join("other.duckdb").exists());
        conn.execute_batch("SET memory_limit = '200MiB'")
            .expect("the memory limit may change");
    }
}
