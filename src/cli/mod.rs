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

mod args;
mod export_progress;
mod help;
mod interrupt;
mod lake_cli;
mod password;
mod queries_cli;
mod tui;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::CommandFactory;

pub use args::Cli;
pub(crate) use args::parse_param;
use args::*;
pub(crate) use export_progress::export_with_progress;

use crate::core::backend::Backend;
use crate::core::cells::escape_lines;
use crate::core::check::{self, Severity};
use crate::core::engine::Engine;
use crate::core::error::{Error, Result};
use crate::core::export::{self, Destination, Format, QueryText};
use crate::core::lake::Lake;
use crate::core::queries::{self, Library};
use crate::core::remote::RemoteEngine;
use crate::core::resolve::resolve_lake;
use crate::core::sandbox::Exports;
use crate::core::sql::literals::Dialect;
use crate::core::{gate, generate, info, sample, sandbox};

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
            None => Destination::Stdout {
                terminal: std::io::stdout().is_terminal(),
            },
        };
        let format = match (self.format, &self.output) {
            (Some(f), _) => f,
            (None, Some(path)) => Format::from_path(path).ok_or_else(|| {
                let lang = crate::i18n::process_lang();
                Error::Usage(crate::tr!(
                    lang,
                    "cli-format-from-path",
                    path = path.display().to_string()
                ))
            })?,
            (None, None) => Format::Table,
        };
        let format = match (self.bom, format) {
            (false, f) => f,
            (true, Format::Csv | Format::CsvExcel) => Format::CsvExcel,
            (true, other) => {
                let lang = crate::i18n::process_lang();
                return Err(Error::Usage(crate::tr!(
                    lang,
                    "cli-bom-not-csv",
                    format = other.name()
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
/// `--lang X` or `--lang=X` among the arguments, read before clap parses them (the value is checked by clap).
fn lang_flag(args: impl Iterator<Item = std::ffi::OsString>) -> Option<String> {
    let mut args = args.skip(1).map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return args.next();
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_string());
        }
    }
    None
}

pub fn run() -> i32 {
    crate::core::remote::ask_passwords_with(password::ask_password);
    // Past a file-size limit (`ulimit -f`) a write should fail with an error we can report and clean up after,
    // not kill the process with SIGXFSZ.
    // SAFETY: setting a signal's disposition to SIG_IGN has no preconditions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // The language is chosen before clap reads the arguments, so `--help` and clap's own errors speak it too.
    let lang = crate::core::config::chosen_lang(lang_flag(std::env::args_os()).as_deref());
    crate::i18n::set_process_lang(lang);
    // Computed once per process (whether this kernel offers Landlock); clap keeps static text.
    let long_version: &'static str = Box::leak(
        format!(
            "{}\n{}",
            env!("CARGO_PKG_VERSION"),
            crate::tr!(lang, "cli-protections", status = sandbox::status())
        )
        .into_boxed_str(),
    );
    let command = help::localized(Cli::command(), lang).long_version(long_version);
    let parsed = command
        .try_get_matches()
        .and_then(|matches| <Cli as clap::FromArgMatches>::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            match help::error_text(&e, lang) {
                Some(text) => eprintln!("{text}"),
                None => {
                    let _ = e.print();
                }
            }
            return code;
        }
    };
    match dispatch(cli) {
        Ok(code) => code,
        // The reader of our output went away: nothing is wrong with the query, and nobody is left to tell.
        Err(_) if export::stdout_closed() => 0,
        Err(e) => {
            // Messages carry lake text (file names, cell values, column names): never raw to the terminal.
            let lang = crate::i18n::process_lang();
            eprintln!(
                "{}",
                crate::tr!(lang, "cli-error", message = escape_lines(&e.to_string()))
            );
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
    let chinese = crate::i18n::process_lang() == crate::i18n::Lang::Chinese;
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
        let lang = crate::i18n::process_lang();
        return Err(Error::Usage(crate::tr!(
            lang,
            "cli-engine-not-for-lake-commands",
            url = *url
        )));
    }
    let lake = lake.as_deref();
    match command {
        None => tui::run_tui(&target, false, (100, 30), "", lang.is_some()),
        Some(Command::Tui {
            headless,
            size,
            keys,
        }) => tui::run_tui(&target, headless, size, &keys, lang.is_some()),
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
                let lang = crate::i18n::process_lang();
                note!(
                    "{}",
                    crate::tr!(
                        lang,
                        "cli-generated",
                        enterprises = report.enterprises,
                        projects = report.projects,
                        chains = report.chains,
                        files = report.files,
                        dir = lake_cli::shown(&out.display().to_string()),
                        seconds = format!("{:.1}", report.elapsed.as_secs_f64())
                    )
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
                let lang = crate::i18n::process_lang();
                note!(
                    "{}",
                    crate::tr!(
                        lang,
                        "cli-built-sample",
                        out = lake_cli::shown(&out.display().to_string()),
                        src = lake_cli::shown(&src.display().to_string())
                    )
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
            let exports_dir = exports_dir.unwrap_or_else(|| work_dir.clone());
            // Its work folders are checked and made before the rules: the generated lakes and the exports go there.
            for folder in [&work_dir, &exports_dir] {
                crate::core::target_dir::ensure_folder_outside_lakes(folder)?;
                std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
            }
            sandbox::confine(&sandbox::Policy::benchmarking(
                &lake.root,
                &[&work_dir, &exports_dir],
            ));
            // The benchmark is its own binary beside this one, run under the rules just applied (they hold across
            // exec); nothing of it is compiled into qlake.
            let own = std::env::current_exe().map_err(|e| Error::io(Path::new("qlake"), e))?;
            let bench = own.with_file_name("qlake-bench");
            if !bench.is_file() {
                let lang = crate::i18n::process_lang();
                return Err(Error::Usage(crate::tr!(
                    lang,
                    "cli-bench-missing",
                    path = bench.display().to_string()
                )));
            }
            let mut run = std::process::Command::new(&bench);
            run.arg("--sample")
                .arg(&lake.root)
                .arg("--work-dir")
                .arg(&work_dir)
                .arg("--exports-dir")
                .arg(&exports_dir)
                .arg("--runs")
                .arg(runs.to_string());
            for (flag, on) in [
                ("--quick", quick),
                ("--national", scale.is_some()),
                ("--peers", peers),
            ] {
                if on {
                    run.arg(flag);
                }
            }
            let paths = [
                ("--duckdb-cli", duckdb_cli),
                ("--engine-ca", engine.as_ref().and(engine_ca.clone())),
                ("--flight-client", flight_client),
            ];
            for (flag, path) in paths {
                if let Some(path) = path {
                    run.arg(flag).arg(path);
                }
            }
            for (flag, text) in [("--only", only), ("--engine", engine.clone())] {
                if let Some(text) = text {
                    run.arg(flag).arg(text);
                }
            }
            let status = run.status().map_err(|e| Error::io(&bench, e))?;
            Ok(status.code().unwrap_or(1))
        }
        Some(Command::Completions { shell }) => {
            let mut command = queries_cli::with_query_names(
                help::localized(Cli::command(), crate::i18n::process_lang()),
                &saved_queries(),
            );
            clap_complete::generate(shell, &mut command, "qlake", &mut std::io::stdout());
            Ok(0)
        }
    }
}

/// The library, with files that failed to parse reported on stderr (the rest still work).
fn saved_queries() -> Library {
    let library = Library::load(queries::user_dir().as_deref());
    let lang = crate::i18n::process_lang();
    for e in &library.broken {
        eprintln!(
            "{}",
            crate::tr!(lang, "cli-warning", message = escape_lines(&e.to_string()))
        );
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
        self.open_as(command, exports, false)
    }

    /// [`QueryTarget::open`], a local lake's DuckDB opened when a query first needs it (the dashboard draws its
    /// first frame from the remembered tiles meanwhile). The process is confined now either way.
    pub(super) fn open_deferred(
        &self,
        command: &'static str,
        exports: Exports,
    ) -> Result<Box<dyn Backend>> {
        self.open_as(command, exports, true)
    }

    fn open_as(
        &self,
        command: &'static str,
        exports: Exports,
        deferred: bool,
    ) -> Result<Box<dyn Backend>> {
        Ok(match self {
            QueryTarget::Lake(lake) if deferred => Box::new(crate::core::engine::Deferred::new(
                &open_confined(command, *lake, exports)?,
            )?),
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

fn lake_info(lake: Option<&Path>, output: &OutputArgs) -> Result<i32> {
    let (format, destination) = output.resolve()?;
    let engine = open_engine("lake info", lake, output.exports())?;
    let infos = info::lake_info(&engine)?;
    let (schema, batch) = info::info_batch(&infos)?;
    if format == Format::Table {
        let lang = crate::i18n::process_lang();
        eprintln!(
            "{}",
            crate::tr!(
                lang,
                "cli-info-lake",
                root = lake_cli::shown(&engine.lake().root.display().to_string()),
                origin = lake_cli::shown(&engine.lake().origin.to_string())
            )
        );
        // The status names the lake's folder.
        eprintln!(
            "{}",
            crate::tr!(
                lang,
                "cli-protections",
                status = lake_cli::shown(&sandbox::status())
            )
        );
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
    let lang = crate::i18n::process_lang();
    if errors > 0 {
        eprintln!(
            "{}",
            crate::tr!(
                lang,
                "cli-check-problems",
                count = errors,
                dir = lake_cli::shown(&lake.root.display().to_string())
            )
        );
        Ok(1)
    } else {
        note!(
            "{}",
            crate::tr!(
                lang,
                "cli-check-passed",
                dir = lake_cli::shown(&lake.root.display().to_string()),
                notes = problems.len()
            )
        );
        Ok(0)
    }
}
