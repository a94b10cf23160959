//! The command line: a thin front end over the core. Data goes to stdout or a file, messages to stderr; exit
//! codes 0 success, 1 query or data error, 2 usage error, 130 interrupted.

/// Says on stderr what a command did ("wrote 42 rows to r.csv"), unless `--quiet`: a nightly job then mails only its
/// warnings and failures.
macro_rules! note {
    ($($arg:tt)*) => {
        if !$crate::cli::QUIET.load(std::sync::atomic::Ordering::Relaxed) {
            eprintln!($($arg)*);
        }
    };
}

/// `--quiet`: what commands did is not said, only warnings and errors.
pub(crate) static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

mod bench;
mod interrupt;
mod lake_cli;
mod password;
mod queries_cli;
mod tui;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{CommandFactory, Parser, Subcommand};

use crate::core::backend::Backend;
use crate::core::cells::escape_lines;
use crate::core::check::{self, Severity};
use crate::core::engine::Engine;
use crate::core::error::{Error, Result};
use crate::core::export::{self, Destination, Format, QueryText};
use crate::core::lake::Lake;
use crate::core::queries::{self, Library};
use crate::core::remote::RemoteEngine;
use crate::core::remote::literals::Dialect;
use crate::core::resolve::resolve_lake;
use crate::core::sandbox::Exports;
use crate::core::{gate, generate, info, sample, sandbox};

#[derive(Debug, Parser)]
#[command(
    name = "qlake",
    version,
    about = "Terminal dashboard and CLI over a Parquet lake of Chinese provincial quality-improvement programmes",
    long_about = "qlake reads a lake of Parquet files (one folder per table) with DuckDB compiled in. With no command it \
        opens the terminal dashboard.\n\n\
        The lake is --lake, else $QLAKE_LAKE, else `lake` in the config file, else ./sample-data, else the sample \
        lake built into qlake.\n\nExit codes: 0 success, 1 query or data error, 2 usage error, 130 interrupted."
)]
pub struct Cli {
    /// The lake folder to read.
    #[arg(long, global = true, value_name = "DIR")]
    lake: Option<PathBuf>,

    /// For the dashboard, `sql`, `query run` and `bench` (the engine's rows): a remote engine over Arrow Flight SQL instead
    /// of the local lake, grpc://host:port or grpc+tls://host:port (also `engine` in the config file; tested with
    /// Sail; docs/remote.md). Credentials: QLAKE_ENGINE_USER and QLAKE_ENGINE_PASSWORD.
    #[arg(long, global = true, env = "QLAKE_ENGINE", value_name = "URL")]
    engine: Option<String>,

    /// The CA certificate (PEM) a grpc+tls engine's certificate must chain to, instead of the system's roots.
    #[arg(long, global = true, env = "QLAKE_ENGINE_CA", value_name = "FILE")]
    engine_ca: Option<PathBuf>,

    /// The database (or catalog.database) that holds the lake's tables on the engine: each table is sent as
    /// NAME.table (Doris' and StarRocks' catalogs, a Spark database; also `engine_database` in the config file).
    #[arg(
        long,
        global = true,
        env = "QLAKE_ENGINE_DATABASE",
        value_name = "NAME"
    )]
    engine_database: Option<String>,

    /// The SQL the engine reads: `spark` (Sail, Spark; the default) or `mysql` (Apache Doris, StarRocks); each
    /// statement is written again in it from DuckDB's reading (also `engine_dialect` in the config file).
    #[arg(
        long,
        global = true,
        env = "QLAKE_ENGINE_DIALECT",
        value_name = "DIALECT"
    )]
    engine_dialect: Option<String>,

    /// Say nothing on success (no "wrote N rows", "imported N rows"): only warnings and errors reach stderr, for
    /// scripts and cron jobs.
    #[arg(long, short = 'q', global = true, action = clap::ArgAction::Count)]
    quiet: u8,

    /// The language of what people read (query titles and descriptions in `query list` and `query show`): zh or en.
    /// Without it, the locale decides (LC_ALL, LC_MESSAGES, LANG: zh_* is Chinese). Machine-readable output (JSON,
    /// CSV) is the same in every language.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["zh", "zh-CN", "en"])]
    lang: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run one read-only SQL statement over the lake's tables.
    Sql {
        /// The statement, e.g. "SELECT name_en, count(*) FROM projects JOIN provinces USING (province_code) GROUP BY 1";
        /// `-` reads it from stdin.
        #[arg(required_unless_present = "file")]
        sql: Option<String>,
        /// Read the statement from this file (`-f` is the output format).
        #[arg(long, value_name = "FILE", conflicts_with = "sql")]
        file: Option<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Saved queries: list them, show one, run one with parameters.
    Query {
        #[command(subcommand)]
        command: QueryCommand,
    },
    /// Look at, check, generate, build or import into lakes; declare them to a remote engine.
    Lake {
        #[command(subcommand)]
        command: LakeCommand,
    },
    /// Open the terminal dashboard (the default command), or drive it headless and print the final screen.
    Tui {
        /// Run without a terminal: feed --keys, run every query to completion after each key, print the screen.
        #[arg(long)]
        headless: bool,
        /// Screen size for --headless, WIDTHxHEIGHT.
        #[arg(long, default_value = "100x30", value_parser = parse_screen)]
        size: (u16, u16),
        /// Keys for --headless, e.g. "j j <enter> <esc>": <name> is one key (<enter>, <c-r>, <f5>, <tab>), other
        /// words are typed.
        #[arg(long, default_value = "")]
        keys: String,
    },
    /// Measure qlake against DuckDB on the same data in one run; prints a Markdown table (docs/performance.md).
    Bench {
        /// The smoke check: the sample lake and a 100k-enterprise lake, one run each.
        #[arg(long)]
        quick: bool,
        /// Runs per measure (the table shows medians).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Where generated benchmark lakes are kept between runs (default: qlake's cache folder).
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
        /// Where the export rows write their files, qlake's and DuckDB's alike (default: the work folder). A RAM-backed
        /// folder (/dev/shm) compares the writers instead of a disk's swing between multi-GB writes; it needs room for
        /// one file at a time (about 12 GB at 100M).
        #[arg(long, value_name = "DIR")]
        exports_dir: Option<PathBuf>,
        /// National scale: every measure but the import (cold start, opening, drill steps, paging, exports) on a
        /// generated 100M-enterprise lake (made once, in about 4 minutes), generating and checking 100M timed, and the
        /// drill steps on the sample, 1M and 10M lakes in the same run.
        #[arg(long, value_name = "SCALE", value_parser = ["100m"])]
        scale: Option<String>,
        /// One group of measures alone: `imports` (the 1M and 10M lakes' enterprises imported from CSV, and memory),
        /// `drill` (the cold start and the drill steps on the sample, 1M and 10M lakes; with `--scale 100m`, on the
        /// 100M lake too), `remote` (with --engine: the tiles and drill queries on the engine, against a direct client) or
        /// `peers` (Harlequin, VisiData and DuckDB's CLI against qlake's first screen, as `--peers` adds them).
        #[arg(long, value_name = "GROUP", value_enum, conflicts_with = "quick")]
        only: Option<bench::Group>,
        /// DuckDB's CLI for the whole-process rows (default: the one scripts/ensure-tools installs in qlake's cache,
        /// else `duckdb` on PATH).
        #[arg(long, value_name = "PATH")]
        duckdb_cli: Option<PathBuf>,
        /// Python with pyarrow and adbc-driver-flightsql, the direct client of `--only remote` (default: the test
        /// bed's, which scripts/testbed install makes).
        #[arg(long, value_name = "PYTHON")]
        flight_client: Option<PathBuf>,
        /// The peers in the same run, after qlake's rows: Harlequin, VisiData and DuckDB's CLI against qlake's first
        /// screen in tmux (120x40), on each lake of the run; installs Harlequin and VisiData into qlake's cache when
        /// missing.
        #[arg(long, conflicts_with = "quick")]
        peers: bool,
    },
    /// Print a shell completion script.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
enum QueryCommand {
    /// Every saved query: name, title, parameters, and whether it is shipped or yours.
    List {
        /// table (default), json, csv, ... — json is for scripts.
        #[arg(long, short = 'f', value_parser = parse_format)]
        format: Option<Format>,
    },
    /// A query's description, parameters and SQL.
    Show {
        /// The query's name (see `qlake query list`).
        name: String,
    },
    /// Run a saved query.
    Run {
        /// The query's name (see `qlake query list`).
        name: String,
        /// A parameter value, NAME=VALUE; repeat for several.
        #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        #[command(flatten)]
        output: OutputArgs,
    },
}

pub(crate) fn parse_param(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("`{s}` is not NAME=VALUE")),
    }
}

#[derive(Debug, Subcommand)]
enum LakeCommand {
    /// Tables, files, rows, real and synthetic rows, size.
    Info {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check every file against the lake contract; exit 1 when anything breaks it.
    Check,
    /// Write a synthetic lake of any size (same schema, deterministic) into an empty or new folder.
    Generate {
        /// The folder to create.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// How many enterprises (the largest table).
        #[arg(long, value_name = "N")]
        enterprises: u64,
        /// Seed of the arithmetic that fills the rows.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Start a lake of one's own: every contract table (empty, with its schema), the 31 provinces, and the cities
    /// of the provinces asked for.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
        /// Also the prefecture-level divisions of this province (e.g. CN-ZJ), from the built-in list of the
        /// country's (the National Bureau of Statistics' 2023 codes; repeatable).
        #[arg(long = "cities", value_name = "PROVINCE")]
        cities: Vec<String>,
        /// The contract tables this lake uses, e.g. `--tables programs,projects,chains` (the reference tables are
        /// filled by init); the others are listed in `_unused-tables.txt`, and `lake check` notes them when empty
        /// instead of calling that an error. All of them when not given.
        #[arg(long = "tables", value_name = "TABLE", value_delimiter = ',')]
        tables: Vec<String>,
    },
    /// Register a source document: its `sources` row and its text, which real rows' quotes are checked against.
    AddSource(lake_cli::AddSourceArgs),
    /// Add a file's rows to one table, each checked against the contract, the lake and its sources; all or nothing.
    Import(lake_cli::ImportArgs),
    /// Take one import (its files and its record) out of the lake again.
    Undo {
        /// The lake's folder.
        dir: PathBuf,
        /// The import's id, as `lake info` lists it.
        id: String,
        /// Undo it even if rows left in the lake refer to rows it brought, or if an older qlake recorded it without
        /// its files' sizes and hashes (only files an import writes are ever removed).
        #[arg(long)]
        force: bool,
    },
    /// Print the table definitions a remote engine needs to read a copy of this lake on object storage (Spark SQL:
    /// Sail, Spark; docs/remote.md), one statement per table, for the engine's administrator to run.
    Declare {
        /// Where the lake's folder was copied to, e.g. s3://bucket/lake: each table is read from LOCATION/<table>.
        #[arg(long, value_name = "URL")]
        location: String,
    },
    /// Rebuild the sample lake from its reviewable sources (lake-src/sample.sql and the seed texts).
    BuildSample {
        /// The folder holding sample.sql and seeds/.
        #[arg(long, default_value = "lake-src", value_name = "DIR")]
        src: PathBuf,
        /// The lake folder to (re)write.
        #[arg(long, default_value = "sample-data", value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct OutputArgs {
    /// table, csv, csv-excel, tsv, json, jsonl, parquet, arrow, xlsx or markdown (default: from -o's extension, else
    /// table). CSV and TSV keep values as they are (a cell may begin with = + - @); for Excel use xlsx, where text is
    /// never a formula, or csv-excel.
    #[arg(long, short = 'f', value_parser = parse_format)]
    format: Option<Format>,
    /// CSV for Excel: a UTF-8 byte-order mark first and CRLF line ends (the csv-excel format), so Excel on a
    /// Chinese Windows reads the names right.
    #[arg(long)]
    bom: bool,
    /// Write to this file instead of stdout (written whole or not at all).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

fn parse_screen(s: &str) -> std::result::Result<(u16, u16), String> {
    crate::tui::parse_size(s).ok_or_else(|| {
        let (w, h) = crate::tui::MAX_SCREEN;
        format!("`{s}` is not a size like 100x30 (at most {w}x{h})")
    })
}

fn parse_format(s: &str) -> std::result::Result<Format, String> {
    Format::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format `{s}`; use one of {}", names.join(", "))
    })
}

impl OutputArgs {
    /// Where this command's export goes, for the sandbox: the folder of `-o FILE`, else nowhere.
    fn exports(&self) -> Exports {
        let Some(path) = self.output.as_ref() else {
            return Exports::Nowhere;
        };
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::canonicalize(folder).map_or(Exports::Nowhere, Exports::Into)
    }

    fn resolve(&self) -> Result<(Format, Destination)> {
        let destination = match &self.output {
            Some(path) => Destination::File {
                path: path.clone(),
                overwrite: self.force,
            },
            None => Destination::Stdout,
        };
        let format = match (self.format, &self.output) {
            (Some(f), _) => f,
            (None, Some(path)) => Format::from_path(path).ok_or_else(|| {
                Error::Usage(format!(
                    "cannot tell the format from {}; add --format (csv, csv-excel, tsv, json, jsonl, parquet, arrow, xlsx, markdown, table)",
                    path.display()
                ))
            })?,
            (None, None) => Format::Table,
        };
        let format = match (self.bom, format) {
            (false, f) => f,
            (true, Format::Csv | Format::CsvExcel) => Format::CsvExcel,
            (true, other) => {
                return Err(Error::Usage(format!(
                    "--bom is for CSV; {} has no byte-order mark to add",
                    other.name()
                )));
            }
        };
        if let Destination::File { path, overwrite } = &destination {
            export::ensure_writable_target(path, *overwrite)?;
        }
        Ok((format, destination))
    }
}

/// Parse the arguments, run, and return the process exit code.
pub fn run() -> i32 {
    crate::core::remote::ask_passwords_with(password::ask_password);
    // Past a file-size limit (`ulimit -f`) a write should fail with an error we can report and clean up after,
    // not kill the process with SIGXFSZ.
    // SAFETY: setting a signal's disposition to SIG_IGN has no preconditions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // Computed once per process (whether this kernel offers Landlock); clap keeps static text.
    let long_version: &'static str = Box::leak(
        format!(
            "{}\nprotections: {}",
            env!("CARGO_PKG_VERSION"),
            sandbox::status()
        )
        .into_boxed_str(),
    );
    let command = Cli::command().long_version(long_version);
    let parsed = command
        .try_get_matches()
        .and_then(|matches| <Cli as clap::FromArgMatches>::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match dispatch(cli) {
        Ok(code) => code,
        // The reader of our output went away: nothing is wrong with the query, and nobody is left to tell.
        Err(_) if export::stdout_closed() => 0,
        Err(e) => {
            // Messages carry lake text (file names, cell values, column names): never raw to the terminal.
            eprintln!("qlake: {}", escape_lines(&e.to_string()));
            e.exit_code()
        }
    }
}

fn dispatch(cli: Cli) -> Result<i32> {
    let Cli {
        lake,
        engine,
        engine_ca,
        engine_database,
        engine_dialect,
        quiet,
        lang,
        command,
    } = cli;
    let chinese = crate::core::lang::reads_chinese(lang.as_deref());
    QUIET.store(quiet > 0, std::sync::atomic::Ordering::Relaxed);
    // The config file's engine serves the dashboard, `sql` and `query run` when no lake is named; --lake or
    // $QLAKE_LAKE means the local lake, and the lake commands and the benchmark always read it.
    let reads_config_engine = matches!(
        command,
        None | Some(Command::Tui { .. })
            | Some(Command::Sql { .. })
            | Some(Command::Query {
                command: QueryCommand::Run { .. }
            })
    );
    let (engine, engine_ca, engine_database, engine_dialect) = match engine {
        None if reads_config_engine
            && lake.is_none()
            && std::env::var_os("QLAKE_LAKE").is_none_or(|v| v.is_empty()) =>
        {
            let (_, config) = crate::core::config::load()?;
            (
                config.engine,
                engine_ca.or(config.engine_ca),
                engine_database.or(config.engine_database),
                engine_dialect.or(config.engine_dialect),
            )
        }
        given => (given, engine_ca, engine_database, engine_dialect),
    };
    let engine_dialect = match engine_dialect.as_deref() {
        Some(name) => Dialect::remote(name)?,
        None => Dialect::Spark,
    };
    let target = match engine.as_deref() {
        Some(url) => QueryTarget::Engine {
            url,
            ca_file: engine_ca.as_deref(),
            database: engine_database.as_deref(),
            dialect: engine_dialect,
        },
        None => QueryTarget::Lake(lake.as_deref()),
    };
    let sends_queries = reads_config_engine || matches!(command, Some(Command::Bench { .. }));
    if let (QueryTarget::Engine { url, .. }, false) = (&target, sends_queries) {
        return Err(Error::Usage(format!(
            "--engine {url}: the dashboard, `qlake sql`, `qlake query run` and `qlake bench` reach a \
             remote engine; the lake commands read the local lake (leave out --engine and QLAKE_ENGINE)"
        )));
    }
    let lake = lake.as_deref();
    match command {
        None => tui::run_tui(&target, false, (100, 30), ""),
        Some(Command::Tui {
            headless,
            size,
            keys,
        }) => tui::run_tui(&target, headless, size, &keys),
        Some(Command::Sql { sql, file, output }) => {
            let sql = queries_cli::statement_text(sql, file)?;
            run_sql(&target, &sql, &output)
        }
        Some(Command::Query { command }) => {
            let library = saved_queries();
            match command {
                QueryCommand::List { format } => {
                    queries_cli::query_list(&library, format.unwrap_or(Format::Table), chinese)
                }
                QueryCommand::Show { name } => {
                    queries_cli::query_show(library.get(&name)?, chinese)
                }
                QueryCommand::Run {
                    name,
                    params,
                    output,
                } => {
                    let library = library.for_engine(target.dialect());
                    let query = library.runnable(&name)?;
                    let bound = query.bind(&params)?;
                    let (format, destination) = output.resolve()?;
                    let backend = target.open("query run", output.exports())?;
                    query.check_lake_values(&bound, backend.as_ref())?;
                    let text = QueryText {
                        sql: query.sql()?,
                        params: bound,
                        context: format!("query `{}`", query.name),
                    };
                    export_with_progress(backend.as_ref(), &text, format, &destination)
                }
            }
        }
        Some(Command::Lake { command }) => match command {
            LakeCommand::Info { output } => lake_info(lake, &output),
            LakeCommand::Check => lake_check(lake),
            LakeCommand::Declare { location } => {
                let engine = open_engine("lake declare", lake, Exports::Nowhere)?;
                let statements = crate::core::declare::spark_tables(&engine, &location)?;
                print_lines(statements.into_iter().map(|s| format!("{s};")))?;
                Ok(0)
            }
            LakeCommand::Generate {
                out,
                enterprises,
                seed,
            } => {
                sandbox::confine(&sandbox::Policy::making("lake generate", &out)?);
                let report = generate::generate(&out, enterprises, seed)?;
                note!(
                    "qlake: wrote {} enterprises, {} projects, {} chains ({} files) to {} in {:.1} s",
                    report.enterprises,
                    report.projects,
                    report.chains,
                    report.files,
                    lake_cli::shown(&out.display().to_string()),
                    report.elapsed.as_secs_f64()
                );
                report_peak_memory();
                Ok(0)
            }
            LakeCommand::Init {
                dir,
                cities,
                tables,
            } => lake_cli::init(&dir, &cities, &tables),
            LakeCommand::AddSource(args) => lake_cli::add_source(args),
            LakeCommand::Import(args) => lake_cli::import(args),
            LakeCommand::Undo { dir, id, force } => lake_cli::undo(&dir, &id, force),
            LakeCommand::BuildSample { src, out } => {
                sandbox::confine(&sandbox::Policy::making("lake build-sample", &out)?);
                sample::build_sample(&src, &out)?;
                note!(
                    "qlake: built the sample lake in {} from {}",
                    lake_cli::shown(&out.display().to_string()),
                    lake_cli::shown(&src.display().to_string())
                );
                Ok(0)
            }
        },
        Some(Command::Bench {
            quick,
            runs,
            work_dir,
            exports_dir,
            scale,
            only,
            duckdb_cli,
            flight_client,
            peers,
        }) => {
            let lake = resolve_lake(lake)?;
            let work_dir =
                work_dir.unwrap_or_else(|| crate::core::config::dirs().cache.join("bench"));
            let options = bench::Options {
                quick,
                runs: if quick { 1 } else { runs },
                exports_dir: exports_dir.unwrap_or_else(|| work_dir.clone()),
                work_dir,
                sample: lake.root,
                national: scale.is_some(),
                only,
                duckdb_cli,
                engine: engine.clone().map(|url| (url, engine_ca.clone())),
                flight_client,
                peers,
            };
            // Its work folders are checked and made before the rules: the generated lakes and the exports go there.
            for folder in [&options.work_dir, &options.exports_dir] {
                crate::core::target_dir::ensure_folder_outside_lakes(folder)?;
                std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
            }
            sandbox::confine(&sandbox::Policy::benchmarking(
                &options.sample,
                &[&options.work_dir, &options.exports_dir],
            ));
            let report = bench::run(&options)?;
            std::io::stdout()
                .write_all(report.as_bytes())
                .map_err(|e| Error::io(Path::new("stdout"), e))?;
            Ok(0)
        }
        Some(Command::Completions { shell }) => {
            let mut command = queries_cli::with_query_names(Cli::command(), &saved_queries());
            clap_complete::generate(shell, &mut command, "qlake", &mut std::io::stdout());
            Ok(0)
        }
    }
}

/// The library, with files that failed to parse reported on stderr (the rest still work).
fn saved_queries() -> Library {
    let library = Library::load(queries::user_dir().as_deref());
    for e in &library.broken {
        eprintln!("qlake: warning: {}", escape_lines(&e.to_string()));
    }
    library
}

/// Lines on stdout; a reader that went away (`| head`) ends the output quietly, as `cat` does.
pub(crate) fn print_lines(lines: impl IntoIterator<Item = String>) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    for line in lines {
        match writeln!(stdout, "{line}") {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            other => other.map_err(|e| Error::io(Path::new("stdout"), e))?,
        }
    }
    Ok(())
}

/// With `QLAKE_REPORT_PEAK_MEMORY` set, print the process's own high-water mark since exec (unlike a parent's rusage)
/// on stderr: the benchmark reads it.
pub(crate) fn report_peak_memory() {
    if std::env::var_os("QLAKE_REPORT_PEAK_MEMORY").is_some() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
            eprintln!(
                "qlake: peak resident memory {}",
                line.trim_start_matches("VmHWM:").trim()
            );
        }
    }
}

/// Resolve the lake, confine the process (before DuckDB starts a thread), and open the engine.
fn open_engine(command: &'static str, lake: Option<&Path>, exports: Exports) -> Result<Engine> {
    let lake = open_confined(command, lake, exports)?;
    Engine::open(&lake)
}

/// The lake, with this process confined by the kernel sandbox so that nothing can write into it.
fn open_confined(command: &'static str, lake: Option<&Path>, exports: Exports) -> Result<Lake> {
    let lake = resolve_lake(lake)?;
    // DuckDB's temp folder is claimed (and stale ones cleaned) before the rules are fixed.
    crate::core::scratch::settings()?;
    sandbox::confine(&sandbox::Policy::for_lake(command, &lake.root, exports));
    Ok(lake)
}

/// Where the dashboard, `sql` and `query run` send their statements: the local lake through embedded DuckDB, or
/// `--engine`.
pub(super) enum QueryTarget<'a> {
    Lake(Option<&'a Path>),
    Engine {
        url: &'a str,
        ca_file: Option<&'a Path>,
        /// Where the lake's tables are on the engine (`--engine-database`).
        database: Option<&'a str>,
        /// The SQL it reads (`--engine-dialect`).
        dialect: Dialect,
    },
}

impl QueryTarget<'_> {
    /// The SQL dialect it reads statements in (a saved query's `-- engines:` names).
    pub(super) fn dialect(&self) -> &'static str {
        match self {
            QueryTarget::Lake(_) => Engine::DIALECT,
            QueryTarget::Engine { dialect, .. } => dialect.name(),
        }
    }

    pub(super) fn open(&self, command: &'static str, exports: Exports) -> Result<Box<dyn Backend>> {
        Ok(match self {
            QueryTarget::Lake(lake) => Box::new(open_engine(command, *lake, exports)?),
            QueryTarget::Engine {
                url,
                ca_file,
                database,
                dialect,
            } => {
                sandbox::confine(&sandbox::Policy::without_lake(command, exports));
                Box::new(
                    RemoteEngine::connect(url, *ca_file)?
                        .with_database(*database)?
                        .with_dialect(*dialect),
                )
            }
        })
    }
}

fn run_sql(target: &QueryTarget, sql: &str, output: &OutputArgs) -> Result<i32> {
    let sql = gate::check(sql)?;
    let (format, destination) = output.resolve()?;
    let backend = target.open("sql", output.exports())?;
    let query = QueryText {
        sql,
        params: Vec::new(),
        context: "query".into(),
    };
    export_with_progress(backend.as_ref(), &query, format, &destination)
}

/// Run an export, reporting progress on stderr when it is a terminal and the export takes more than a moment.
/// Ctrl+C interrupts the query and leaves no file behind.
pub(crate) fn export_with_progress(
    engine: &dyn Backend,
    query: &QueryText,
    format: Format,
    destination: &Destination,
) -> Result<i32> {
    let _guard = interrupt::install(engine.interrupt());
    let started = Instant::now();
    let show_progress =
        std::io::stderr().is_terminal() && matches!(destination, Destination::File { .. });
    let mut shown = false;
    let percent_shown = std::sync::atomic::AtomicBool::new(false);
    let summary = export::export_reporting(
        engine,
        query,
        format,
        destination,
        &mut |rows| {
            if show_progress && started.elapsed().as_millis() > 500 {
                eprint!("\r{rows} rows…");
                shown = true;
            }
            interrupt::check()
        },
        // CSV, TSV and Parquet files are written by DuckDB itself: its own estimate is all there is to show.
        &|percent| {
            if show_progress {
                eprint!("\r{}% …", crate::core::cells::fixed(percent, 0));
                percent_shown.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
    );
    if shown || percent_shown.load(std::sync::atomic::Ordering::Relaxed) {
        eprint!("\r\x1b[K");
    }
    let summary = summary?;
    match &summary.path {
        Some(path) => note!(
            "qlake: wrote {} row{} to {}",
            summary.rows,
            if summary.rows == 1 { "" } else { "s" },
            escape_lines(&path.display().to_string())
        ),
        None if format == Format::Table && std::io::stderr().is_terminal() => {
            let plural = if summary.rows == 1 { "" } else { "s" };
            note!("({} row{plural})", summary.rows);
        }
        None => {}
    }
    Ok(0)
}

fn lake_info(lake: Option<&Path>, output: &OutputArgs) -> Result<i32> {
    let (format, destination) = output.resolve()?;
    let engine = open_engine("lake info", lake, output.exports())?;
    let infos = info::lake_info(&engine)?;
    let (schema, batch) = info::info_batch(&infos)?;
    if format == Format::Table {
        eprintln!(
            "lake: {} ({})",
            lake_cli::shown(&engine.lake().root.display().to_string()),
            lake_cli::shown(&engine.lake().origin.to_string())
        );
        // The status names the lake's folder.
        eprintln!("protections: {}", lake_cli::shown(&sandbox::status()));
        for line in lake_cli::imports_lines(&engine.lake().root) {
            eprintln!("{line}");
        }
    }
    export::export_batches(schema, &[batch], format, &destination)?;
    Ok(0)
}

fn lake_check(lake: Option<&Path>) -> Result<i32> {
    let lake = open_confined("lake check", lake, Exports::Nowhere)?;
    let problems = check::check_lake(&lake)?;
    report_peak_memory();
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    // A passing check under --quiet says nothing at all: its notes are for a reader, not for a cron job's mail.
    let quiet = QUIET.load(std::sync::atomic::Ordering::Relaxed);
    if errors > 0 || !quiet {
        print_lines(
            problems
                .iter()
                .map(|p| crate::core::cells::escape_control(&p.to_string()).into_owned()),
        )?;
    }
    if errors > 0 {
        eprintln!(
            "qlake: {errors} problems in {}",
            lake_cli::shown(&lake.root.display().to_string())
        );
        Ok(1)
    } else {
        note!(
            "qlake: {} matches the contract ({} notes)",
            lake_cli::shown(&lake.root.display().to_string()),
            problems.len()
        );
        Ok(0)
    }
}
