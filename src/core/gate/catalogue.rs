//! DuckDB's catalogue as qlake classified it (`catalogue.tsv`): every function and catalogue view, allowed or refused
//! with a reason. The gate lets a statement call only what is allowed here; a name absent from the file is refused, so
//! the classification is an allow-list, and `catalogue_is_complete` keeps it whole across DuckDB upgrades.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Where a name is used in a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    /// In an expression: a scalar, aggregate, macro or window function.
    Scalar,
    /// In FROM: a table function or table macro.
    Table,
    /// In FROM as a table name: one of DuckDB's own catalogue views.
    View,
    /// A name DuckDB's binder handles itself (in an expression), absent from `duckdb_functions()`.
    Builtin,
}

impl Position {
    fn parse(text: &str) -> Option<Position> {
        Some(match text {
            "scalar" => Position::Scalar,
            "table" => Position::Table,
            "view" => Position::View,
            "builtin" => Position::Builtin,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            Position::Scalar => "scalar",
            Position::Table => "table",
            Position::View => "view",
            Position::Builtin => "builtin",
        }
    }
}

/// Why a function or view is refused: the classification's rules (docs/reliability.md lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Runs SQL text of its own, or reads a table named by a text: the gate cannot see what runs.
    RunsSql,
    /// Writes the database, a sequence or a log.
    Writes,
    /// Reads or changes DuckDB's settings, which hold every lake path and qlake's lock-down.
    Settings,
    Secrets,
    /// Shows file paths: the lake's files (in view definitions), databases, extensions, temporary files.
    Paths,
    /// Lists the file system.
    FileMetadata,
    /// Shows or changes the session: its logs, prepared statements, variables, random seed.
    Session,
    /// Reaches another connection or an external resource.
    External,
    /// Reads memory at an address it is given.
    Memory,
    /// Holds the engine without reading, out of cancel's reach.
    Sleep,
    /// Opens a database file.
    Database,
    /// DuckDB's internal plumbing, not for queries.
    Internal,
}

impl Reason {
    fn parse(key: &str) -> Option<Reason> {
        Some(match key {
            "runs-sql" => Reason::RunsSql,
            "writes" => Reason::Writes,
            "settings" => Reason::Settings,
            "secrets" => Reason::Secrets,
            "paths" => Reason::Paths,
            "file-metadata" => Reason::FileMetadata,
            "session" => Reason::Session,
            "external" => Reason::External,
            "memory" => Reason::Memory,
            "sleep" => Reason::Sleep,
            "database" => Reason::Database,
            "internal" => Reason::Internal,
            _ => return None,
        })
    }

    /// What the function or view does that a read-only query may not, completing "it …" (in Chinese, "它…"), in
    /// the process's language (`errors.ftl`).
    pub fn explain(self) -> String {
        let lang = crate::i18n::process_lang();
        match self {
            Reason::RunsSql => crate::tr!(lang, "err-gate-reason-runs-sql"),
            Reason::Writes => crate::tr!(lang, "err-gate-reason-writes"),
            Reason::Settings => crate::tr!(lang, "err-gate-reason-settings"),
            Reason::Secrets => crate::tr!(lang, "err-gate-reason-secrets"),
            Reason::Paths => crate::tr!(lang, "err-gate-reason-paths"),
            Reason::FileMetadata => crate::tr!(lang, "err-gate-reason-file-metadata"),
            Reason::Session => crate::tr!(lang, "err-gate-reason-session"),
            Reason::External => crate::tr!(lang, "err-gate-reason-external"),
            Reason::Memory => crate::tr!(lang, "err-gate-reason-memory"),
            Reason::Sleep => crate::tr!(lang, "err-gate-reason-sleep"),
            Reason::Database => crate::tr!(lang, "err-gate-reason-database"),
            Reason::Internal => crate::tr!(lang, "err-gate-reason-internal"),
        }
    }
}

/// The classification of one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    Refuse(Reason),
}

/// One line of `catalogue.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub position: Position,
    pub name: String,
    pub verdict: Verdict,
}

const CATALOGUE: &str = include_str!("catalogue.tsv");

/// The classification's lines, and the lines it could not read (only ever empty: a unit test holds it so; an unread
/// line classifies nothing, so its name stays refused).
pub fn entries() -> &'static (Vec<Entry>, Vec<String>) {
    static ENTRIES: OnceLock<(Vec<Entry>, Vec<String>)> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut entries = Vec::new();
        let mut unread = Vec::new();
        for line in CATALOGUE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            match parse_line(line) {
                Some(entry) => entries.push(entry),
                None => unread.push(line.to_string()),
            }
        }
        (entries, unread)
    })
}

fn parse_line(line: &str) -> Option<Entry> {
    let mut fields = line.split('\t');
    let position = Position::parse(fields.next()?)?;
    let name = fields.next()?.to_string();
    let verdict = match fields.next()? {
        // An allowed entry may carry the review's words after it.
        "allow" => Verdict::Allow,
        "refuse" => Verdict::Refuse(Reason::parse(fields.next()?)?),
        _ => return None,
    };
    (!name.is_empty()).then_some(Entry {
        position,
        name,
        verdict,
    })
}

/// The verdict on `name` used at `position`; `None` when the classification does not know it (the gate refuses).
pub fn verdict(position: Position, name: &str) -> Option<Verdict> {
    static INDEX: OnceLock<HashMap<(Position, String), Verdict>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        entries()
            .0
            .iter()
            .map(|e| ((e.position, e.name.to_lowercase()), e.verdict))
            .collect()
    });
    let name = name.to_lowercase();
    let found = index.get(&(position, name.clone())).copied();
    match (found, position) {
        (None, Position::Scalar) => index.get(&(Position::Builtin, name)).copied(),
        _ => found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue_connection() -> duckdb::Connection {
        // The bundled DuckDB as qlake opens it: no extension is auto-loaded, so the catalogue is what is compiled in.
        let conn = duckdb::Connection::open_in_memory().expect("duckdb");
        conn.execute_batch(
            "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;",
        )
        .expect("settings");
        conn
    }

    /// (position, name) of every function and catalogue view DuckDB has, lowercased.
    fn duckdb_catalogue(conn: &duckdb::Connection) -> std::collections::BTreeSet<(String, String)> {
        let mut stmt = conn
            .prepare(
                "SELECT DISTINCT CASE WHEN function_type IN ('table', 'table_macro') THEN 'table' ELSE 'scalar' END, \
                 lower(function_name) FROM duckdb_functions() WHERE function_type <> 'pragma' \
                 UNION SELECT DISTINCT 'view', lower(view_name) FROM duckdb_views() WHERE internal",
            )
            .expect("prepare");
        stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
    }

    #[test]
    fn every_line_of_the_classification_reads() {
        assert!(entries().1.is_empty(), "unread lines: {:?}", entries().1);
        let mut seen = std::collections::HashSet::new();
        for e in &entries().0 {
            assert!(
                seen.insert((e.position, e.name.to_lowercase())),
                "{} {} twice",
                e.position.key(),
                e.name
            );
        }
    }

    /// A DuckDB upgrade that adds a function, or drops one, fails here until the classification says what it is.
    #[test]
    fn catalogue_is_complete() {
        let conn = catalogue_connection();
        let catalogue = duckdb_catalogue(&conn);
        let classified: std::collections::BTreeSet<(String, String)> = entries()
            .0
            .iter()
            .filter(|e| e.position != Position::Builtin)
            .map(|e| (e.position.key().to_string(), e.name.to_lowercase()))
            .collect();
        let unclassified: Vec<String> = catalogue
            .difference(&classified)
            .map(|(p, n)| format!("{p}\t{n}"))
            .collect();
        let gone: Vec<String> = classified
            .difference(&catalogue)
            .map(|(p, n)| format!("{p}\t{n}"))
            .collect();
        assert!(
            unclassified.is_empty(),
            "DuckDB's catalogue has entries catalogue.tsv does not classify (review each, add it allowed or \
             refused):\n{}",
            unclassified.join("\n")
        );
        assert!(
            gone.is_empty(),
            "catalogue.tsv classifies what DuckDB no longer has:\n{}",
            gone.join("\n")
        );
        // The builtins are names DuckDB binds itself: each must not be in the catalogue, and must bind.
        for e in entries()
            .0
            .iter()
            .filter(|e| e.position == Position::Builtin)
        {
            assert!(
                !catalogue.contains(&("scalar".into(), e.name.clone())),
                "{} is in the catalogue",
                e.name
            );
            conn.prepare(&format!("SELECT {}([1, 2])", e.name))
                .unwrap_or_else(|err| panic!("{}: {err}", e.name));
        }
    }

    /// An allowed macro or view is SQL over other functions: everything it calls must be allowed too, or the entry
    /// must carry the review that says why the refused function does no harm there.
    #[test]
    fn allowed_macros_and_views_call_only_what_is_allowed() {
        let conn = catalogue_connection();
        let mut stmt = conn
            .prepare(
                "SELECT 'scalar', lower(function_name), 'SELECT ' || macro_definition FROM duckdb_functions() \
                 WHERE function_type = 'macro' AND macro_definition IS NOT NULL \
                 UNION ALL SELECT 'table', lower(function_name), macro_definition FROM duckdb_functions() \
                 WHERE function_type = 'table_macro' \
                 UNION ALL SELECT 'view', lower(view_name), sql FROM duckdb_views() WHERE internal",
            )
            .expect("prepare");
        let bodies: Vec<(String, String, String)> = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        let reviewed = |position: &str, name: &str| {
            CATALOGUE.lines().any(|line| {
                let f: Vec<&str> = line.split('\t').collect();
                f.len() >= 4 && f[0] == position && f[1] == name && f[2] == "allow"
            })
        };
        let mut problems = Vec::new();
        for (position, name, body) in bodies {
            let position_kind = Position::parse(&position).expect("position");
            if verdict(position_kind, &name) != Some(Verdict::Allow) || reviewed(&position, &name) {
                continue;
            }
            // A view's text is its CREATE VIEW statement: the query follows the first ` AS `.
            let query = match position.as_str() {
                "view" => body
                    .split_once(" AS ")
                    .map(|(_, q)| q.to_string())
                    .unwrap_or(body),
                _ => body,
            };
            let Some(walked) = crate::core::gate::walked(&query) else {
                problems.push(format!(
                    "{position} {name}: its definition does not parse: {query}"
                ));
                continue;
            };
            for function in &walked.functions {
                let ok = [Position::Scalar, Position::Table]
                    .iter()
                    .any(|p| verdict(*p, function) == Some(Verdict::Allow));
                if !ok {
                    problems.push(format!("{position} {name} calls `{function}`"));
                }
            }
            for table in &walked.tables {
                if matches!(verdict(Position::View, table), Some(Verdict::Refuse(_))) {
                    problems.push(format!("{position} {name} reads the view `{table}`"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
