//! The read-only gate: the maker of [`CheckedSql`], the only kind of SQL the engine runs. [`check`] makes one from a
//! text; [`nothing`] is the one constant statement, held to the same rule by a test.
//!
//! The decision is made on what DuckDB's own parser makes of the text (`parse.cpp`, compiled against the bundled
//! DuckDB's headers), never on a second tokenizer: a text passes only if DuckDB sees exactly one statement, that
//! statement is a `SELECT` (DESCRIBE, SHOW, SUMMARIZE, PIVOT, VALUES and FROM-first queries are SELECTs to DuckDB) or
//! an `EXPLAIN` of one, no query node inside it writes (DuckDB 2.0 can nest INSERT/UPDATE/DELETE/MERGE/COPY nodes in
//! CTEs), every function it calls is one the classification of DuckDB's catalogue allows at that position
//! (`catalogue.tsv`: an allow-list, whatever the quoting or qualification), and it names none of DuckDB's catalogue
//! views that the classification refuses (`pg_settings`, view definitions holding the lake's paths, …).
//!
//! A text beyond what qlake parses (too many tokens, brackets nested too deep; measured with DuckDB's lexer) is
//! refused before DuckDB's parser sees it, so a hostile text costs little to refuse.
//!
//! This matters beyond tidiness: duckdb-rs's `Connection::prepare` executes every statement of a text but the last,
//! so any disagreement about where a statement ends would run the hidden one.

pub mod catalogue;
mod ffi;
pub mod parts;

use catalogue::{Position, Verdict};

use crate::core::error::{Error, Result};

/// One read-only statement, as DuckDB itself parsed it. Only [`check`] (and [`nothing`], its constant) makes one;
/// every engine entry point takes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedSql {
    text: String,
    ordered: bool,
    /// The table it reads whole when it is exactly `SELECT * FROM <table>`, as DuckDB's parser decided.
    whole_table: Option<String>,
    /// What the statement reads, from the same parse: a remote engine's checks and rendering need no second one.
    reads: Reads,
    /// Which of its CTEs are computed from per-file parts, from the same parse (shared: most statements have none,
    /// and a checked statement is cloned into every job that runs it).
    parts: std::sync::Arc<parts::Parts>,
}

/// A table or view named in FROM, as DuckDB's parse reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TableName {
    catalog: String,
    schema: String,
    name: String,
    /// Where the name begins in the text, when DuckDB said.
    offset: Option<usize>,
    /// Whether a CTE of this name is in scope where it stands.
    cte: bool,
}

impl TableName {
    fn unqualified(&self) -> bool {
        self.catalog.is_empty() && self.schema.is_empty()
    }
}

/// What a checked statement reads beyond its functions: the tables it names, whether it has a DESCRIBE, SUMMARIZE
/// or SHOW, and a table function it calls in FROM (the remote rules, [`only_tables`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Reads {
    tables: Vec<TableName>,
    shows: bool,
    table_function: Option<String>,
}

impl CheckedSql {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether DuckDB's parser found the result sorted (an outermost ORDER BY): DuckDB then has the whole result
    /// before its first row, so reading on past a page to count it costs little.
    pub fn ordered(&self) -> bool {
        self.ordered
    }

    /// The lake table this statement reads whole, when it is exactly `SELECT * FROM <table>` (DuckDB's parse of it
    /// and of that text written plainly are the same statement): a grid over it can page by position.
    pub fn whole_table(&self) -> Option<&str> {
        self.whole_table.as_deref()
    }

    /// The tables it names, lowercased, when they are all it reads: its own CTEs left out, and `None` when it names
    /// a table with a catalog or schema, calls a table function in FROM or has a DESCRIBE, SUMMARIZE or SHOW (any of
    /// which may read beyond the tables named). A name may still be no lake table (one of DuckDB's own views).
    pub fn named_tables(&self) -> Option<Vec<String>> {
        if self.reads.shows || self.reads.table_function.is_some() {
            return None;
        }
        let mut names = Vec::new();
        for table in self.reads.tables.iter().filter(|t| !t.cte) {
            if !table.unqualified() {
                return None;
            }
            // DuckDB's names are the same whatever the case of ASCII letters, and only of those.
            names.push(table.name.to_ascii_lowercase());
        }
        names.sort();
        names.dedup();
        Some(names)
    }

    /// This statement as the subquery of a larger one. The result goes through the gate again, whole.
    pub fn wrap(&self, make: impl FnOnce(&str) -> String) -> Result<CheckedSql> {
        check(&make(&subquery(&self.text)))
    }
}

impl std::fmt::Display for CheckedSql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A statement the gate checks when it is first needed, once for it and every copy of it. A first screen drawn from
/// remembered results runs nothing, so it needs no parse (a parse is most of such a start: docs/performance.md);
/// whatever runs is checked first, as [`CheckedSql`] is the only kind of SQL an engine takes.
#[derive(Debug, Clone)]
pub struct Pending {
    text: std::sync::Arc<str>,
    verdict: std::sync::Arc<std::sync::OnceLock<std::result::Result<CheckedSql, String>>>,
    /// Where the text comes from, said before a refusal's reason (a saved query's file).
    origin: Option<std::sync::Arc<str>>,
}

impl Pending {
    pub fn new(text: String) -> Pending {
        Pending {
            text: text.into(),
            verdict: std::sync::Arc::default(),
            origin: None,
        }
    }

    /// The same statement, its refusal said as coming from `origin`; it shares this one's check.
    pub fn from_origin(&self, origin: &str) -> Pending {
        Pending {
            origin: Some(origin.into()),
            ..self.clone()
        }
    }

    /// The text as written, unchecked: what may be looked up (never run) before the check.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the gate has read it yet (here or in a copy).
    pub fn is_checked(&self) -> bool {
        self.verdict.get().is_some()
    }

    /// The statement as the gate passed it, checking it now if no copy has been checked yet.
    pub fn checked(&self) -> std::result::Result<&CheckedSql, String> {
        match self
            .verdict
            .get_or_init(|| check(&self.text).map_err(|e| e.to_string()))
        {
            Ok(sql) => Ok(sql),
            Err(reason) => Err(match &self.origin {
                Some(origin) => format!("{origin}: {reason}"),
                None => reason.clone(),
            }),
        }
    }
}

impl From<CheckedSql> for Pending {
    fn from(sql: CheckedSql) -> Pending {
        Pending {
            text: sql.text.as_str().into(),
            verdict: std::sync::Arc::new(std::sync::OnceLock::from(Ok(sql))),
            origin: None,
        }
    }
}

impl PartialEq for Pending {
    fn eq(&self, other: &Pending) -> bool {
        self.text == other.text && self.origin == other.origin
    }
}

/// A statement that returns no rows: the placeholder of a grid whose own query could not be prepared (it never
/// runs while the grid shows its error). `nothing_passes_the_gate` holds it to the same rule as the rest.
pub fn nothing() -> CheckedSql {
    CheckedSql {
        text: NOTHING.to_string(),
        ordered: false,
        whole_table: None,
        reads: Reads::default(),
        parts: std::sync::Arc::default(),
    }
}

const NOTHING: &str = "SELECT 1 WHERE false";

/// A statement as a parenthesised subquery, on lines of its own so a trailing `--` comment cannot swallow the
/// closing parenthesis.
fn subquery(sql: &str) -> String {
    format!("(\n{}\n)", sql.trim().trim_end_matches(';').trim_end())
}

/// The kinds of statement that read. Everything else (COPY, INSERT, ATTACH, SET, PRAGMA, CALL, PREPARE, …) is refused.
const READ_STATEMENT: &str = "SELECT";

/// What DuckDB's parser reported about a text.
#[derive(Debug, Default, PartialEq, Eq)]
struct Description {
    error: Option<String>,
    statements: Vec<String>,
    explain: Option<String>,
    inner: Option<String>,
    writing_nodes: Vec<String>,
    functions: Vec<(Position, String)>,
    tables: Vec<TableName>,
    /// DESCRIBE / SUMMARIZE / SHOW: (DuckDB's ShowType, catalog, schema, name; the name empty for one of a query).
    shows: Vec<(String, String, String, String)>,
    uninspectable: Option<String>,
    ordered: bool,
    whole_table: Option<String>,
    /// Over qlake's parse limits, unparsed: (tokens, deepest nesting, most tokens, deepest allowed).
    limit: Option<[String; 4]>,
    /// More query blocks than qlake runs in one statement: (how many, most).
    queries: Option<[String; 2]>,
    parts: parts::Parts,
}

/// The longest statement qlake reads (`sql`, `--file`, standard input, a saved query's file, the console): far more
/// than any query a person writes, and small enough that measuring it costs little (docs/reliability.md).
pub const MAX_STATEMENT_BYTES: usize = 1024 * 1024;

/// Let `sql` through only if it is exactly one read-only statement to DuckDB.
///
/// A text this process's gate already let through is let through again without a second parse: the verdict is the
/// same parser's on the same text, and it is kept only in this process's memory. A drill step's wrappers (its count,
/// a sorted page) are the same texts at every step with new parameters, and their parse was a measurable part of a
/// step (docs/performance.md). Refusals are not kept: their reasons are in the reader's language of the moment.
pub fn check(sql: &str) -> Result<CheckedSql> {
    if let Some(passed) = passed::recall(sql) {
        return Ok(passed);
    }
    let checked = check_anew(sql)?;
    passed::keep(&checked);
    Ok(checked)
}

/// The texts this process let through, each with its verdict.
mod passed {
    use super::CheckedSql;
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    /// At most this many texts, of at most [`LONGEST`] bytes each, are kept (each twice, as the key and in its
    /// verdict, with what the parse found: some 20 MiB at the very most); past it, all are forgotten and the memory
    /// fills again with what is used.
    const MOST: usize = 512;
    const LONGEST: usize = 16 * 1024;

    fn memory() -> &'static Mutex<HashMap<String, CheckedSql>> {
        static MEMORY: OnceLock<Mutex<HashMap<String, CheckedSql>>> = OnceLock::new();
        MEMORY.get_or_init(Mutex::default)
    }

    pub(super) fn recall(text: &str) -> Option<CheckedSql> {
        memory().lock().ok()?.get(text).cloned()
    }

    pub(super) fn keep(checked: &CheckedSql) {
        if checked.text.len() > LONGEST {
            return;
        }
        if let Ok(mut memory) = memory().lock() {
            if memory.len() >= MOST {
                memory.clear();
            }
            memory.insert(checked.text.clone(), checked.clone());
        }
    }
}

/// The gate's decision on `sql`, from DuckDB's parse of it.
fn check_anew(sql: &str) -> Result<CheckedSql> {
    // The language of the reasons a refusal gives (`errors.ftl`).
    let lang = crate::i18n::process_lang();
    if sql.contains('\0') {
        return Err(refused(crate::tr!(lang, "err-gate-nul")));
    }
    if sql.len() > MAX_STATEMENT_BYTES {
        return Err(refused(crate::tr!(
            lang,
            "err-gate-too-long",
            bytes = sql.len().to_string(),
            mib = (MAX_STATEMENT_BYTES / 1024 / 1024).to_string()
        )));
    }
    let description = describe(sql);
    if let Some([tokens, depth, most_tokens, deepest]) = &description.limit {
        return Err(refused(crate::tr!(
            lang,
            "err-gate-beyond-parse-limits",
            tokens = tokens,
            most_tokens = most_tokens,
            depth = depth,
            deepest = deepest
        )));
    }
    if let Some([count, most]) = &description.queries {
        return Err(refused(crate::tr!(
            lang,
            "err-gate-too-many-query-blocks",
            count = count,
            most = most
        )));
    }
    if let Some(message) = description.error {
        return Err(Error::Query {
            context: "query".into(),
            message: crate::core::error::without_setting_advice(&message),
        });
    }
    let kind = match description.statements.as_slice() {
        [] => return Err(refused(crate::tr!(lang, "err-gate-empty"))),
        [kind] => kind,
        many => {
            return Err(refused(crate::tr!(
                lang,
                "err-gate-several-statements",
                count = many.len().to_string(),
                kinds = many.join(crate::tr!(lang, "err-list-separator").as_str())
            )));
        }
    };
    if kind == "EXPLAIN" {
        // EXPLAIN ANALYZE executes what it wraps; plain EXPLAIN is judged the same way, by what it wraps.
        let inner = description.inner.as_deref().unwrap_or("nothing");
        if inner != READ_STATEMENT {
            return Err(refused(crate::tr!(
                lang,
                "err-gate-explain-wraps",
                explain = description.explain.as_deref().unwrap_or_default(),
                inner = inner
            )));
        }
    } else if kind == "MULTI" {
        // DuckDB turns a PIVOT without an IN list into two statements (it creates an enum type first).
        return Err(refused(crate::tr!(lang, "err-gate-pivot-without-in")));
    } else if kind != READ_STATEMENT {
        return Err(refused(crate::tr!(
            lang,
            "err-gate-not-read-only",
            kind = kind
        )));
    }
    if let Some(node) = description.writing_nodes.first() {
        return Err(refused(crate::tr!(
            lang,
            "err-gate-writing-node",
            node = node
        )));
    }
    if let Some(reason) = description.uninspectable {
        return Err(refused(crate::tr!(
            lang,
            "err-gate-uninspectable",
            reason = reason
        )));
    }
    for (position, name) in &description.functions {
        let table_function = *position == Position::Table;
        match catalogue::verdict(*position, name) {
            Some(Verdict::Allow) => {}
            Some(Verdict::Refuse(reason)) => {
                let reason = reason.explain();
                return Err(refused(if table_function {
                    crate::tr!(
                        lang,
                        "err-gate-table-function-refused",
                        name = name,
                        reason = reason
                    )
                } else {
                    crate::tr!(
                        lang,
                        "err-gate-function-refused",
                        name = name,
                        reason = reason
                    )
                }));
            }
            None => {
                return Err(refused(if table_function {
                    crate::tr!(lang, "err-gate-table-function-unknown", name = name)
                } else {
                    crate::tr!(lang, "err-gate-function-unknown", name = name)
                }));
            }
        }
    }
    for table in &description.tables {
        // DuckDB resolves names case-insensitively: the view is named as the catalogue names it.
        let name = table.name.to_lowercase();
        if let Some(Verdict::Refuse(reason)) = catalogue::verdict(Position::View, &name) {
            return Err(refused(crate::tr!(
                lang,
                "err-gate-view-refused",
                name = &name,
                reason = reason.explain()
            )));
        }
    }
    for TableName { name, cte, .. } in &description.tables {
        // `FROM 'data.duckdb'` is DuckDB's replacement scan: a file read by its path, whatever reader it picks.
        if !cte && (name.contains('/') || name.contains('.')) {
            return Err(refused(crate::tr!(
                lang,
                "err-gate-file-by-path",
                name = name
            )));
        }
    }
    for (kind, catalog, schema, name) in &description.shows {
        show_allowed(kind, catalog, schema, name)?;
    }
    let table_function = description
        .functions
        .iter()
        .find(|(p, _)| *p == Position::Table)
        .map(|(_, name)| name.clone());
    Ok(CheckedSql {
        text: sql.to_string(),
        ordered: description.ordered,
        whole_table: description.whole_table,
        reads: Reads {
            shows: !description.shows.is_empty(),
            tables: description.tables,
            table_function,
        },
        parts: std::sync::Arc::new(description.parts),
    })
}

/// The export's `COPY (<checked query>) TO <target> (<options>)`, the one writing statement qlake composes itself. It
/// runs only on the export's own DuckDB instance, whose one writable path is the export file; DuckDB's parser must
/// still see exactly one COPY in it, or it is not run.
pub(crate) fn copy_statement(
    query: &CheckedSql,
    target_literal: &str,
    options: &str,
) -> Result<String> {
    let copy = format!(
        "COPY {} TO {target_literal} ({options}, USE_TMP_FILE false)",
        subquery(&query.text)
    );
    let description = describe(&copy);
    if description.error.is_none() && description.statements == ["COPY"] {
        Ok(copy)
    } else {
        Err(Error::Invalid(format!(
            "internal: the export statement parsed as {:?}, not one COPY",
            description.statements
        )))
    }
}

/// DESCRIBE, SUMMARIZE or SHOW of a name is resolved by DuckDB's binder, not the gate's walk: `SHOW allowed_paths`
/// shows a setting, `SUMMARIZE 'pg_settings'` reads a refused view. Only the lake's tables may be named, and of the
/// special lists only those of names (tables, databases, schemas).
fn show_allowed(kind: &str, catalog: &str, schema: &str, name: &str) -> Result<()> {
    const SHOW_FROM: &str = "3";
    const SHOW_SPECIAL: &str = "4";
    let lake_table = catalog.is_empty()
        && schema.is_empty()
        && crate::core::contract::TABLES
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(name));
    let ok = match kind {
        _ if name.is_empty() => true,
        SHOW_FROM => true,
        SHOW_SPECIAL => matches!(
            name.to_lowercase().as_str(),
            "__show_tables_expanded" | "\"tables\"" | "\"databases\"" | "\"schemas\""
        ),
        _ => lake_table,
    };
    if ok {
        Ok(())
    } else {
        let lang = crate::i18n::process_lang();
        Err(refused(crate::tr!(
            lang,
            "err-gate-show-not-lake-table",
            name = name
        )))
    }
}

fn refused(reason: String) -> Error {
    Error::Refused { reason }
}

/// What the gate's walk found in `sql`, for the tests that hold it to DuckDB's own serializer: the functions called
/// (any position), the tables named and the writing nodes, each lowercased and sorted; `None` when DuckDB cannot parse
/// it or it is over the parse limits.
pub fn walked(sql: &str) -> Option<Walked> {
    let d = describe(sql);
    if d.error.is_some() || d.limit.is_some() || d.queries.is_some() {
        return None;
    }
    let mut functions: Vec<String> = d.functions.into_iter().map(|(_, name)| name).collect();
    functions.sort();
    functions.dedup();
    let mut tables: Vec<String> = d
        .tables
        .into_iter()
        .map(|t| t.name.to_lowercase())
        .collect();
    tables.sort();
    tables.dedup();
    Some(Walked {
        statements: d.statements,
        functions,
        tables,
        writing_nodes: d.writing_nodes,
    })
}

/// See [`walked`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walked {
    pub statements: Vec<String>,
    pub functions: Vec<String>,
    pub tables: Vec<String>,
    pub writing_nodes: Vec<String>,
}

/// DuckDB's value of one string-literal token as its lexer cut it (`'it''s'`, `E'\\n'`, `$$…$$`), read by its own
/// parser; `None` when the token alone is not one text constant.
pub fn string_literal_value(token: &str) -> Option<String> {
    let report = ffi::string_literal(token);
    let line = report.lines().next()?;
    line.strip_prefix("ok\t").map(unescape)
}

/// The byte offsets of the lake's tables named in `sql` (unqualified, not one of its CTEs), where a remote engine's
/// database is put before them; `None` when DuckDB's parse does not say where one of them stands.
pub fn table_offsets(sql: &CheckedSql, lake_tables: &[&str]) -> Option<Vec<usize>> {
    sql.reads
        .tables
        .iter()
        .filter(|t| {
            t.unqualified() && !t.cte && lake_tables.iter().any(|l| l.eq_ignore_ascii_case(&t.name))
        })
        .map(|t| t.offset)
        .collect()
}

/// For a remote engine, which reads any table it can (another catalog, a file by path: Spark's `text.\`/etc/x\``):
/// `sql` may name only `allowed` tables (the lake's) and its own CTEs, unqualified, and call no table function in FROM.
pub fn only_tables(sql: &CheckedSql, allowed: &[&str]) -> Result<()> {
    let reads = &sql.reads;
    // The language of the reasons a refusal gives (`errors.ftl`).
    let lang = crate::i18n::process_lang();
    if reads.shows {
        return Err(refused(crate::tr!(lang, "err-gate-remote-show")));
    }
    for table in &reads.tables {
        let TableName {
            catalog,
            schema,
            name,
            cte,
            ..
        } = table;
        if !table.unqualified() {
            let shown = [catalog.as_str(), schema.as_str(), name.as_str()]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(".");
            return Err(refused(crate::tr!(
                lang,
                "err-gate-remote-qualified",
                name = shown
            )));
        }
        if !cte && !allowed.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            return Err(refused(crate::tr!(
                lang,
                "err-gate-remote-not-lake-table",
                name = name,
                tables = allowed.join(crate::tr!(lang, "err-list-separator").as_str())
            )));
        }
    }
    if let Some(name) = &reads.table_function {
        return Err(refused(crate::tr!(
            lang,
            "err-gate-remote-table-function",
            name = name
        )));
    }
    Ok(())
}

/// What DuckDB's own serializer writes of `sql`'s parsed tree: `(tag, value)` pairs for every `function_name`,
/// `table_name` and `type` property, `("statement", TYPE)` for a statement it does not serialize (not a SELECT), and
/// `("error", message)` when it cannot (the tests' independent account of the tree).
pub fn serialized_facts(sql: &str) -> Vec<(String, String)> {
    ffi::serialized_facts(sql)
        .lines()
        .filter_map(|line| {
            let (tag, value) = line.split_once('\t')?;
            Some((unescape(tag), unescape(value)))
        })
        .collect()
}

fn describe(sql: &str) -> Description {
    parse_report(&ffi::describe(sql))
}

fn parse_report(report: &str) -> Description {
    let mut d = Description::default();
    for line in report.lines() {
        let fields: Vec<String> = line.split('\t').map(unescape).collect();
        let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
        match fields.first().map(String::as_str) {
            Some("error") => d.error = Some(field(1)),
            Some("statement") => d.statements.push(field(1)),
            Some("explain") => d.explain = Some(field(1)),
            Some("inner") => d.inner = Some(field(1)),
            Some("node") => d.writing_nodes.push(field(1)),
            Some("uninspectable") => d.uninspectable = Some(field(1)),
            Some("ordered") => d.ordered = true,
            Some("scan") => d.whole_table = Some(field(1)),
            // DuckDB resolves names case-insensitively, whatever the quoting; the schema and catalog do not change
            // which built-in runs (`main.query` is `query`).
            Some("function") => {
                let position = match field(1).as_str() {
                    "table" => Position::Table,
                    _ => Position::Scalar,
                };
                d.functions.push((position, field(4).to_lowercase()));
            }
            Some("table") => {
                d.tables.push(TableName {
                    catalog: field(1),
                    schema: field(2),
                    name: field(3),
                    offset: field(4).parse().ok(),
                    cte: field(5) == "cte",
                });
            }
            Some("show") => d.shows.push((field(1), field(2), field(3), field(4))),
            Some("limit") => d.limit = Some([field(1), field(2), field(3), field(4)]),
            Some("queries") => d.queries = Some([field(1), field(2)]),
            _ => {
                d.parts.read(&fields);
            }
        }
    }
    d
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// What DuckDB's lexer calls a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Identifier,
    Number,
    Text,
    Operator,
    Keyword,
    Comment,
    /// What the lexer could not read (an unclosed quote, say).
    Error,
}

/// A token of a statement: its kind and the byte range from its start to the next token's (trailing blanks
/// included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

/// The tokens of `sql` as DuckDB's own lexer reads it — the lexer behind the parser the gate asks — so the console
/// highlights and completes by the same reading that decides what runs, never by a second lexer of its own.
pub fn tokens(sql: &str) -> Vec<Token> {
    let mut starts: Vec<(usize, TokenKind)> = ffi::tokenize(sql)
        .lines()
        .filter_map(|line| {
            let (start, kind) = line.split_once('\t')?;
            let start: usize = start.parse().ok()?;
            let kind = match kind {
                "i" => TokenKind::Identifier,
                "n" => TokenKind::Number,
                "s" => TokenKind::Text,
                "o" => TokenKind::Operator,
                "k" => TokenKind::Keyword,
                "c" => TokenKind::Comment,
                _ => TokenKind::Error,
            };
            (start <= sql.len() && sql.is_char_boundary(start)).then_some((start, kind))
        })
        .collect();
    starts.dedup_by_key(|(start, _)| *start);
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .map(|(start, _)| *start)
        .chain(std::iter::once(sql.len()))
        .collect();
    starts
        .into_iter()
        .zip(ends)
        .filter(|((start, _), end)| start < end)
        .map(|((start, kind), end)| Token { start, end, kind })
        .collect()
}

#[cfg(test)]
mod tests;
