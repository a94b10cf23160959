//! The command line as clap reads it: the commands, their arguments and the parsers of their values (the texts of the help are messages, src/i18n/*/cli-help.ftl).

use clap::{Parser, Subcommand};

use super::*;

// The texts of the help (the about of each command, the help of each argument) are messages in
// src/i18n/*/cli-help.ftl, by the command's path: `cli-help-<path>-about`, `cli-help-<path>-arg-<id>`.
#[derive(Debug, Parser)]
#[command(name = "qlake", version)]
pub struct Cli {
    #[arg(long, global = true, value_name = "DIR")]
    pub(super) lake: Option<PathBuf>,

    // A remote engine instead of the local lake (docs/remote.md).
    #[arg(long, global = true, env = "QLAKE_ENGINE", value_name = "URL")]
    pub(super) engine: Option<String>,

    #[arg(long, global = true, env = "QLAKE_ENGINE_CA", value_name = "FILE")]
    pub(super) engine_ca: Option<PathBuf>,

    #[arg(
        long,
        global = true,
        env = "QLAKE_ENGINE_DATABASE",
        value_name = "NAME"
    )]
    pub(super) engine_database: Option<String>,

    #[arg(
        long,
        global = true,
        env = "QLAKE_ENGINE_DIALECT",
        value_name = "DIALECT"
    )]
    pub(super) engine_dialect: Option<String>,

    // Only warnings and errors on stderr.
    #[arg(long, short = 'q', global = true, action = clap::ArgAction::Count)]
    pub(super) quiet: u8,

    #[arg(long, global = true, value_name = "LANG", value_parser = ["zh", "zh-CN", "en"])]
    pub(super) lang: Option<String>,

    #[command(subcommand)]
    pub(super) command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    Sql {
        #[arg(required_unless_present = "file")]
        sql: Option<String>,
        #[arg(long, value_name = "FILE", conflicts_with = "sql")]
        file: Option<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    // Saved queries.
    Query {
        #[command(subcommand)]
        command: QueryCommand,
    },
    Lake {
        #[command(subcommand)]
        command: LakeCommand,
    },
    // The dashboard, on the terminal or headless.
    Tui {
        #[arg(long)]
        headless: bool,
        #[arg(long, default_value = "100x30", value_parser = parse_screen)]
        size: (u16, u16),
        #[arg(long, default_value = "")]
        keys: String,
    },
    // The benchmark (docs/performance.md).
    Bench {
        #[arg(long)]
        quick: bool,
        #[arg(long, default_value_t = 5)]
        runs: usize,
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
        #[arg(long, value_name = "DIR")]
        exports_dir: Option<PathBuf>,
        #[arg(long, value_name = "SCALE", value_parser = ["100m"])]
        scale: Option<String>,
        #[arg(long, value_name = "GROUP", value_parser = ["imports", "drill", "remote", "peers"], conflicts_with = "quick")]
        only: Option<String>,
        #[arg(long, value_name = "PATH")]
        duckdb_cli: Option<PathBuf>,
        #[arg(long, value_name = "PYTHON")]
        flight_client: Option<PathBuf>,
        #[arg(long, conflicts_with = "quick")]
        peers: bool,
    },
    Completions {
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum QueryCommand {
    List {
        #[arg(long, short = 'f', value_parser = parse_format)]
        format: Option<Format>,
    },
    Show {
        name: String,
    },
    Run {
        name: String,
        #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        #[command(flatten)]
        output: OutputArgs,
    },
}

pub(crate) fn parse_param(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => {
            let lang = crate::i18n::process_lang();
            Err(crate::tr!(lang, "cli-not-name-value", value = s))
        }
    }
}

#[derive(Debug, Subcommand)]
pub(super) enum LakeCommand {
    Info {
        #[command(flatten)]
        output: OutputArgs,
    },
    // Exit 1 when anything breaks the contract.
    Check,
    Generate {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_name = "N")]
        enterprises: u64,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    Init {
        dir: PathBuf,
        #[arg(long = "cities", value_name = "PROVINCE")]
        cities: Vec<String>,
        #[arg(long = "tables", value_name = "TABLE", value_delimiter = ',')]
        tables: Vec<String>,
    },
    AddSource(lake_cli::AddSourceArgs),
    // All or nothing.
    Import(lake_cli::ImportArgs),
    Undo {
        dir: PathBuf,
        id: String,
        #[arg(long)]
        force: bool,
    },
    // Spark SQL table definitions for a remote engine (docs/remote.md).
    Declare {
        #[arg(long, value_name = "URL")]
        location: String,
    },
    BuildSample {
        #[arg(long, default_value = "lake-src", value_name = "DIR")]
        src: PathBuf,
        #[arg(long, default_value = "sample-data", value_name = "DIR")]
        out: PathBuf,
    },
}

// The output of `sql`, `query run` and `lake info`.
#[derive(Debug, clap::Args)]
pub(super) struct OutputArgs {
    #[arg(long, short = 'f', value_parser = parse_format)]
    pub(super) format: Option<Format>,
    // The csv-excel format.
    #[arg(long)]
    pub(super) bom: bool,
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(super) output: Option<PathBuf>,
    #[arg(long)]
    pub(super) force: bool,
}

pub(super) fn parse_screen(s: &str) -> std::result::Result<(u16, u16), String> {
    crate::tui::parse_size(s).ok_or_else(|| {
        let (w, h) = crate::tui::MAX_SCREEN;
        let lang = crate::i18n::process_lang();
        crate::tr!(
            lang,
            "cli-not-a-size",
            value = s,
            width = w.to_string(),
            height = h.to_string()
        )
    })
}

pub(super) fn parse_format(s: &str) -> std::result::Result<Format, String> {
    Format::from_name(s).ok_or_else(|| {
        let lang = crate::i18n::process_lang();
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        let separator = crate::tr!(lang, "cli-list-separator");
        crate::tr!(
            lang,
            "cli-unknown-format",
            value = s,
            names = names.join(separator.as_str())
        )
    })
}
