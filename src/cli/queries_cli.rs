//! `qlake sql`'s statement from stdin or a file, and `qlake query list` / `query show`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::core::cells::escape_lines;
use crate::core::error::{Error, Result};
use crate::core::export::{self, Destination, Format};
use crate::core::queries::{self, Library, SavedQuery};

/// The largest statement read from a file or stdin.
const MAX_STATEMENT_BYTES: u64 = crate::core::gate::MAX_STATEMENT_BYTES as u64;

/// The statement `qlake sql` runs: given, `-` for stdin, or `--file`.
pub(super) fn statement_text(sql: Option<String>, file: Option<PathBuf>) -> Result<String> {
    use std::io::Read;
    let lang = crate::i18n::process_lang();
    match (sql, file) {
        (_, Some(path)) => crate::core::config::read_small_file(&path, MAX_STATEMENT_BYTES)
            .map_err(|e| Error::io(&path, e)),
        (Some(text), None) if text == "-" => {
            let mut buffer = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_STATEMENT_BYTES + 1)
                .read_to_end(&mut buffer)
                .map_err(|e| Error::io(Path::new("stdin"), e))?;
            if buffer.len() as u64 > MAX_STATEMENT_BYTES {
                return Err(Error::Usage(crate::tr!(
                    lang,
                    "cli-stdin-too-large",
                    mib = MAX_STATEMENT_BYTES / 1024 / 1024
                )));
            }
            String::from_utf8(buffer)
                .map_err(|_| Error::Usage(crate::tr!(lang, "cli-stdin-not-utf8")))
        }
        (Some(text), None) => Ok(text),
        (None, None) => Err(Error::Usage(crate::tr!(lang, "cli-sql-needs-statement"))),
    }
}

/// Every query; the `table` a person reads is in their language (titles, headings and words), the other formats carry
/// both titles and are the same in every language.
pub(super) fn query_list(library: &Library, format: Format, chinese: bool) -> Result<i32> {
    use duckdb::arrow::array::{ArrayRef, StringArray};
    use duckdb::arrow::datatypes::{DataType, Field, Schema};
    use duckdb::arrow::record_batch::RecordBatch;
    use std::sync::Arc;

    let lang = crate::i18n::process_lang();
    let human = format == Format::Table;
    let queries: Vec<&SavedQuery> = library.queries.values().collect();
    let column = |f: &dyn Fn(&SavedQuery) -> String| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(queries.iter().map(|q| f(q))))
    };
    let schema = Arc::new(Schema::new(
        [
            "name",
            "title",
            "title_zh",
            "parameters",
            "origin",
            "engines",
            "drill",
            "path",
            "description",
        ]
        .iter()
        .map(|n| Field::new(*n, DataType::Utf8, false))
        .collect::<Vec<_>>(),
    ));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            column(&|q| q.name.clone()),
            column(&|q| q.title.clone()),
            column(&|q| q.title_in(true).to_string()),
            column(&|q| {
                q.params
                    .iter()
                    .map(|p| {
                        let mut s = format!("{}: {}", p.name, p.kind.describe());
                        if let Some(d) = &p.default {
                            s.push_str(&format!(" = {d}"));
                        } else if !p.required {
                            if human {
                                s = crate::tr!(lang, "cli-list-param-optional", param = s);
                            } else {
                                s.push_str(" (optional)");
                            }
                        }
                        s
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            column(&|q| match (q.origin, q.overrides_shipped, human) {
                (queries::Origin::Shipped, _, false) => "shipped".into(),
                (queries::Origin::User, false, false) => "user".into(),
                (queries::Origin::User, true, false) => "user (overrides shipped)".into(),
                (queries::Origin::Shipped, _, true) => crate::tr!(lang, "cli-list-origin-shipped"),
                (queries::Origin::User, false, true) => crate::tr!(lang, "cli-list-origin-user"),
                (queries::Origin::User, true, true) => {
                    crate::tr!(lang, "cli-list-origin-user-overrides")
                }
            }),
            column(&|q| q.engines.join(", ")),
            column(&|q| q.main_drill().map(|d| d.query.clone()).unwrap_or_default()),
            column(&|q| q.path.display().to_string()),
            column(&|q| q.description.clone()),
        ],
    )
    .map_err(|e| Error::Invalid(e.to_string()))?;
    let batch = if human {
        // name, the title in the reader's language, parameters, origin, engines; headed in the reader's language.
        let shown = batch
            .project(&[0, if chinese { 2 } else { 1 }, 3, 4, 5])
            .map_err(|e| Error::Invalid(e.to_string()))?;
        let headings = [
            crate::tr!(lang, "cli-list-heading-name"),
            crate::tr!(lang, "cli-list-heading-title"),
            crate::tr!(lang, "cli-list-heading-parameters"),
            crate::tr!(lang, "cli-list-heading-origin"),
            crate::tr!(lang, "cli-list-heading-engines"),
        ];
        let schema = Arc::new(Schema::new(
            headings
                .iter()
                .map(|n| Field::new(n.as_str(), DataType::Utf8, false))
                .collect::<Vec<_>>(),
        ));
        RecordBatch::try_new(schema, shown.columns().to_vec())
            .map_err(|e| Error::Invalid(e.to_string()))?
    } else {
        batch
    };
    export::export_batches(
        batch.schema(),
        &[batch],
        format,
        &Destination::Stdout {
            terminal: std::io::IsTerminal::is_terminal(&std::io::stdout()),
        },
    )?;
    Ok(0)
}

pub(super) fn query_show(query: &SavedQuery, chinese: bool) -> Result<i32> {
    let lang = crate::i18n::process_lang();
    let mut out = String::new();
    out.push_str(&format!("{} — {}\n", query.name, query.title_in(chinese)));
    let description = query.description_in(chinese);
    if !description.is_empty() {
        out.push_str(&format!("{description}\n"));
    }
    let file = crate::tr!(
        lang,
        "cli-show-file",
        path = query.path.display().to_string()
    );
    out.push_str(&format!("{file}\n"));
    if query.params.is_empty() {
        out.push_str(&format!("{}\n", crate::tr!(lang, "cli-show-no-parameters")));
    } else {
        out.push_str(&format!("{}\n", crate::tr!(lang, "cli-show-parameters")));
        for p in &query.params {
            let need = match (&p.default, p.required) {
                (Some(d), _) => crate::tr!(lang, "cli-show-param-default", value = d),
                (None, true) => crate::tr!(lang, "cli-show-param-required"),
                (None, false) => crate::tr!(lang, "cli-show-param-optional"),
            };
            let line = crate::tr!(
                lang,
                "cli-show-param",
                name = &p.name,
                kind = p.kind.describe_in(lang),
                need = need,
                description = p.description_in(chinese)
            );
            out.push_str(&format!("  {line}\n"));
        }
    }
    for d in &query.drills {
        let bind: Vec<String> = d.bind.iter().map(|(p, c)| format!("{p}={c}")).collect();
        let line = match &d.when {
            None => crate::tr!(
                lang,
                "cli-show-drill",
                query = &d.query,
                bind = bind.join(" ")
            ),
            Some((column, value)) => crate::tr!(
                lang,
                "cli-show-drill-when",
                query = &d.query,
                bind = bind.join(" "),
                column = column,
                value = value
            ),
        };
        out.push_str(&format!("{line}\n"));
    }
    out.push_str(&format!("\n{}\n", query.statement.text()));
    // Titles, descriptions and SQL come from files anyone may have written.
    std::io::stdout()
        .write_all(escape_lines(&out).as_bytes())
        .map_err(|e| Error::io(Path::new("stdout"), e))?;
    Ok(0)
}

/// The command line with the saved queries' names (shipped and the user's, as they are now) and their parameters
/// offered for completion: `query run <TAB>` lists the queries, `-p <TAB>` their parameters (`province=`) and the
/// choices of choice parameters (`province=CN-HB`). Only the completion script is made from it.
pub(super) fn with_query_names(command: clap::Command, library: &Library) -> clap::Command {
    use clap::builder::PossibleValuesParser;
    let names: Vec<String> = library.queries.keys().cloned().collect();
    let mut params: Vec<String> = Vec::new();
    for query in library.queries.values() {
        for p in &query.params {
            params.push(format!("{}=", p.name));
            match &p.kind {
                queries::ParamKind::Choice(values) => {
                    params.extend(values.iter().map(|v| format!("{}={v}", p.name)));
                }
                // Which provinces a lake holds is known only once it is read; the script offers the country's.
                queries::ParamKind::ChoiceOf {
                    column: "province_code",
                    ..
                } => params.extend(
                    crate::core::contract::PROVINCES
                        .iter()
                        .map(|(code, _, _)| format!("{}={code}", p.name)),
                ),
                _ => {}
            }
        }
    }
    params.sort();
    params.dedup();
    command.mut_subcommand("query", |q| {
        q.mut_subcommand("run", |r| {
            r.mut_arg("name", |a| {
                a.value_parser(PossibleValuesParser::new(names.clone()))
            })
            .mut_arg("params", |a| {
                a.value_parser(PossibleValuesParser::new(params.clone()))
            })
        })
        .mut_subcommand("show", |r| {
            r.mut_arg("name", |a| {
                a.value_parser(PossibleValuesParser::new(names.clone()))
            })
        })
    })
}
