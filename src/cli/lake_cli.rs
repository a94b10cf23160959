//! The commands that write a lake: `lake init`, `add-source`, `import`, `undo`. They are explicit commands of their
//! own; `qlake sql`, saved queries and the TUI stay read-only.

use std::path::{Path, PathBuf};

use crate::core::cells::escape_control;
use crate::core::error::Result;
use crate::core::import::{self, Entry, Outcome};
use crate::core::lakeinit::{self, NewSource};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The lake's folder.
    pub dir: PathBuf,
    /// The contract table the rows go into (e.g. projects, ratings, enterprises).
    pub table: String,
    /// A .csv, .tsv, .xlsx, .json, .jsonl or .parquet file whose columns are named as the contract's: a regular file
    /// of at most 64 GiB (CSV, TSV, Parquet), 32 MiB (JSON, JSONL) or 256 MiB (XLSX); QLAKE_IMPORT_MAX_BYTES sets
    /// another limit.
    pub file: PathBuf,
    /// The file's column THEIRS holds the contract's COLUMN (repeatable).
    #[arg(long = "map", value_name = "THEIRS=COLUMN", value_parser = super::parse_param)]
    pub map: Vec<(String, String)>,
    /// A money column given in 万元 or 亿元 (or 元): converted to yuan (repeatable), e.g. --unit amount_yuan=万元.
    #[arg(long = "unit", value_name = "COLUMN=UNIT", value_parser = super::parse_param)]
    pub units: Vec<(String, String)>,
    /// The rows are synthetic (made to fill published totals) where the file has no is_synthetic column.
    #[arg(long)]
    pub synthetic: bool,
    /// Check everything and show what would be added; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The sheet of an .xlsx file (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The encoding of a CSV, TSV or JSON file that is not UTF-8: gbk (as Excel saves CSV on a Chinese system),
    /// gb18030, big5, utf-16le …
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Import although a lake rule (a reconciliation, say) fails with these rows; WHY is kept in the import log.
    #[arg(long, value_name = "WHY")]
    pub allow_unreconciled: Option<String>,
    /// Import real rows whose quotes are shorter than a sentence's worth (8 characters); WHY is kept in the log.
    #[arg(long, value_name = "WHY")]
    pub short_quotes: Option<String>,
    /// Import figures (an indicator's value, an amount) that their quote does not write; WHY is kept in the log.
    #[arg(long, value_name = "WHY")]
    pub unquoted_figures: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct AddSourceArgs {
    /// The lake's folder.
    pub dir: PathBuf,
    /// The document's text (.txt or .md, UTF-8); quotes of real rows are checked against it word for word.
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,
    /// Its id (default: made from the file name, and printed).
    #[arg(long)]
    pub id: Option<String>,
    /// Its title, as published.
    #[arg(long)]
    pub title: String,
    /// Its title in English (default: the title).
    #[arg(long)]
    pub title_en: Option<String>,
    #[arg(long)]
    pub publisher: Option<String>,
    /// YYYY-MM-DD, or what is known of the date (kept as a note).
    #[arg(long)]
    pub date: Option<String>,
}

pub fn init(dir: &Path, cities: &[String], tables: &[String]) -> Result<i32> {
    crate::core::sandbox::confine(&crate::core::sandbox::Policy::making("lake init", dir)?);
    let used = (!tables.is_empty()).then_some(tables);
    let done = lakeinit::init(dir, cities, used)?;
    note!(
        "qlake: a new lake in {}: every contract table, {} provinces, {} cities, quoting `{}` (in {}/)",
        shown(&dir.display().to_string()),
        done.provinces,
        done.cities,
        lakeinit::REFERENCE_SOURCE,
        import::log::SOURCES_DIR
    );
    Ok(0)
}

/// Text read from a lake, its import log or a file name, as the terminal may be given it: one line, every control
/// or format character (ESC, BEL, CR, a line break, bidirectional marks) shown as an escape. Everything these
/// commands print of such text goes through this one function.
pub(super) fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    escape_control(text)
}

pub fn add_source(args: AddSourceArgs) -> Result<i32> {
    let source = NewSource {
        file: args.file,
        id: args.id,
        title: args.title,
        title_en: args.title_en,
        publisher: args.publisher,
        date: args.date,
    };
    confine_changing("lake add-source", &args.dir, true)?;
    let (id, outcome) = lakeinit::add_source(&args.dir, &source)?;
    report(&outcome)?;
    super::print_lines([shown(&id).into_owned()])?;
    Ok(0)
}

pub fn import(args: ImportArgs) -> Result<i32> {
    let options = import::Options {
        table: args.table,
        file: args.file,
        map: args.map,
        units: args.units,
        synthetic: args.synthetic,
        dry_run: args.dry_run,
        sheet: args.sheet,
        encoding: args.encoding,
        allow_unreconciled: args.allow_unreconciled,
        short_quotes: args.short_quotes,
        unquoted_figures: args.unquoted_figures,
    };
    confine_changing("lake import", &args.dir, !args.dry_run)?;
    let outcome = import::import(&args.dir, &options)?;
    report(&outcome)?;
    if let Outcome::Imported(entry) = &outcome {
        // A warning, after the rows are in: the import itself stands whatever this finds.
        let lake = crate::core::lake::Lake::open(&args.dir, crate::core::lake::LakeOrigin::Flag);
        match lake.and_then(|lake| import::scripts_mixed::warnings(&lake, &entry.table)) {
            Ok(lines) => {
                for line in lines {
                    eprintln!("qlake: warning: {}", shown(&line));
                }
            }
            Err(e) => eprintln!("qlake: warning: the table's script was not looked at: {e}"),
        }
    }
    super::report_peak_memory();
    Ok(0)
}

pub fn undo(dir: &Path, id: &str, force: bool) -> Result<i32> {
    confine_changing("lake undo", dir, true)?;
    let entry = import::undo(dir, id, force)?;
    note!(
        "qlake: undid import {} ({} rows of `{}` from {}): removed {}",
        shown(&entry.id),
        entry.rows,
        shown(&entry.table),
        shown(&entry.source_file),
        entry
            .files
            .iter()
            .map(String::as_str)
            .map(shown)
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(0)
}

/// Confine the process to the lake at `dir` (and qlake's own folders) before it reads a file or starts DuckDB.
fn confine_changing(command: &'static str, dir: &Path, writes: bool) -> Result<()> {
    let policy = crate::core::sandbox::Policy::changing(command, dir, writes)?;
    // DuckDB's temp folder is claimed before the rules are fixed.
    crate::core::scratch::settings()?;
    crate::core::sandbox::confine(&policy);
    Ok(())
}

fn report(outcome: &Outcome) -> Result<()> {
    match outcome {
        Outcome::Imported(e) => note!(
            "qlake: imported {} rows into `{}` from {} as import {}{}",
            e.rows,
            shown(&e.table),
            shown(&e.source_file),
            shown(&e.id),
            e.unreconciled
                .as_deref()
                .map(|w| format!(" (unreconciled: {})", shown(w)))
                .unwrap_or_default()
        ),
        // Read back from the log: every field as shown.
        Outcome::AlreadyImported(e) => note!(
            "qlake: {} was imported into `{}` already (import {} at {}); nothing to do",
            shown(&e.source_file),
            shown(&e.table),
            shown(&e.id),
            shown(&e.at)
        ),
        Outcome::DryRun {
            table,
            rows,
            columns,
            sample,
        } => {
            eprintln!(
                "qlake: dry run: {rows} rows would be added to `{}`; nothing written. The first rows:",
                shown(table)
            );
            let lines = std::iter::once(
                columns
                    .iter()
                    .map(|c| shown(c).into_owned())
                    .collect::<Vec<_>>()
                    .join("\t"),
            )
            .chain(sample.iter().map(|row| {
                row.iter()
                    .map(|cell| shown(cell).into_owned())
                    .collect::<Vec<_>>()
                    .join("\t")
            }));
            return super::print_lines(lines);
        }
    }
    Ok(())
}

/// The lake's imports, for `lake info`: every field of the log as shown.
pub fn imports_lines(root: &Path) -> Vec<String> {
    let entries: Vec<Entry> = import::log::read(root).unwrap_or_default();
    entries
        .iter()
        .map(|e| {
            format!(
                "import {}  {}  {}  {} rows into {}  from {}{}",
                shown(&e.id),
                shown(&e.at),
                shown(&e.user),
                e.rows,
                shown(&e.table),
                shown(&e.source_file),
                if e.unreconciled.is_some() {
                    "  (unreconciled)"
                } else {
                    ""
                }
            )
        })
        .collect()
}
