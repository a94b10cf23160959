//! The commands that write a lake: `lake init`, `add-source`, `import`, `undo`. They are explicit commands of their
//! own; `qlake sql`, saved queries and the TUI stay read-only.

use std::path::{Path, PathBuf};

use crate::core::cells::escape_control;
use crate::core::error::Result;
use crate::core::import::{self, Entry, Outcome};
use crate::core::lakeinit::{self, NewSource};

// `lake import`; the help of each argument is `cli-help-lake-import-arg-<id>` in cli-help.ftl.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    pub dir: PathBuf,
    pub table: String,
    pub file: PathBuf,
    #[arg(long = "map", value_name = "THEIRS=COLUMN", value_parser = super::parse_param)]
    pub map: Vec<(String, String)>,
    #[arg(long = "unit", value_name = "COLUMN=UNIT", value_parser = super::parse_param)]
    pub units: Vec<(String, String)>,
    #[arg(long)]
    pub synthetic: bool,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    #[arg(long, value_name = "WHY")]
    pub allow_unreconciled: Option<String>,
    #[arg(long, value_name = "WHY")]
    pub short_quotes: Option<String>,
    #[arg(long, value_name = "WHY")]
    pub unquoted_figures: Option<String>,
}

// `lake add-source`; the help of each argument is `cli-help-lake-add-source-arg-<id>`.
#[derive(Debug, clap::Args)]
pub struct AddSourceArgs {
    pub dir: PathBuf,
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long)]
    pub id: Option<String>,
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub title_en: Option<String>,
    #[arg(long)]
    pub publisher: Option<String>,
    #[arg(long)]
    pub date: Option<String>,
}

pub fn init(dir: &Path, cities: &[String], tables: &[String]) -> Result<i32> {
    crate::core::sandbox::confine(&crate::core::sandbox::Policy::making("lake init", dir)?);
    let used = (!tables.is_empty()).then_some(tables);
    let done = lakeinit::init(dir, cities, used)?;
    let lang = crate::i18n::process_lang();
    note!(
        "{}",
        crate::tr!(
            lang,
            "cli-init-done",
            dir = shown(&dir.display().to_string()),
            provinces = done.provinces,
            cities = done.cities,
            source = lakeinit::REFERENCE_SOURCE,
            sources_dir = import::log::SOURCES_DIR
        )
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
        let lang = crate::i18n::process_lang();
        match lake.and_then(|lake| import::scripts_mixed::warnings(&lake, &entry.table)) {
            Ok(lines) => {
                for line in lines {
                    eprintln!(
                        "{}",
                        crate::tr!(lang, "cli-warning", message = shown(&line))
                    );
                }
            }
            Err(e) => eprintln!(
                "{}",
                crate::tr!(
                    lang,
                    "cli-warning-script-not-checked",
                    error = e.to_string()
                )
            ),
        }
    }
    super::report_peak_memory();
    Ok(0)
}

pub fn undo(dir: &Path, id: &str, force: bool) -> Result<i32> {
    confine_changing("lake undo", dir, true)?;
    let entry = import::undo(dir, id, force)?;
    let lang = crate::i18n::process_lang();
    let separator = crate::tr!(lang, "cli-list-separator");
    note!(
        "{}",
        crate::tr!(
            lang,
            "cli-undone",
            id = shown(&entry.id),
            rows = entry.rows,
            table = shown(&entry.table),
            file = shown(&entry.source_file),
            files = entry
                .files
                .iter()
                .map(String::as_str)
                .map(shown)
                .collect::<Vec<_>>()
                .join(separator.as_str())
        )
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
    let lang = crate::i18n::process_lang();
    match outcome {
        Outcome::Imported(e) => match e.unreconciled.as_deref() {
            None => note!(
                "{}",
                crate::tr!(
                    lang,
                    "cli-imported",
                    rows = e.rows,
                    table = shown(&e.table),
                    file = shown(&e.source_file),
                    id = shown(&e.id)
                )
            ),
            Some(why) => note!(
                "{}",
                crate::tr!(
                    lang,
                    "cli-imported-unreconciled",
                    rows = e.rows,
                    table = shown(&e.table),
                    file = shown(&e.source_file),
                    id = shown(&e.id),
                    why = shown(why)
                )
            ),
        },
        // Read back from the log: every field as shown.
        Outcome::AlreadyImported(e) => note!(
            "{}",
            crate::tr!(
                lang,
                "cli-already-imported",
                file = shown(&e.source_file),
                table = shown(&e.table),
                id = shown(&e.id),
                at = shown(&e.at)
            )
        ),
        Outcome::DryRun {
            table,
            rows,
            columns,
            sample,
        } => {
            eprintln!(
                "{}",
                crate::tr!(lang, "cli-dry-run", rows = *rows, table = shown(table))
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
    let lang = crate::i18n::process_lang();
    entries
        .iter()
        .map(|e| {
            crate::tr!(
                lang,
                "cli-info-import",
                id = shown(&e.id),
                at = shown(&e.at),
                user = shown(&e.user),
                rows = e.rows,
                table = shown(&e.table),
                file = shown(&e.source_file),
                unreconciled = if e.unreconciled.is_some() {
                    "yes"
                } else {
                    "no"
                }
            )
        })
        .collect()
}
