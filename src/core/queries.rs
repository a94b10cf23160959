//! Saved queries: one `.sql` file each, with a header of `--` lines that declares its name, title, description,
//! typed parameters and what a row drills into. Shipped queries are compiled in from `queries/`; a user's own
//! live in `<config dir>/queries/` and override shipped ones of the same name. See `docs/queries.md`.
//!
//! Parameters are bound by DuckDB as prepared-statement parameters (`$name` in the SQL), never spliced into text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::core::engine::Value;
use crate::core::error::{Error, Result};
use crate::core::gate::{self, CheckedSql};

static SHIPPED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/queries");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    Text,
    Integer,
    Decimal,
    Boolean,
    Date,
    Choice(Vec<String>),
}

impl ParamKind {
    pub fn describe(&self) -> String {
        match self {
            ParamKind::Text => "text".into(),
            ParamKind::Integer => "integer".into(),
            ParamKind::Decimal => "decimal".into(),
            ParamKind::Boolean => "boolean".into(),
            ParamKind::Date => "date".into(),
            ParamKind::Choice(values) => format!("choice({})", values.join(", ")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// The value used when none is given (text form, already checked against the kind).
    pub default: Option<String>,
    /// A required parameter without a default must be given; an optional one is NULL when not given.
    pub required: bool,
    pub description: String,
}

/// What a result row opens: another saved query, with parameters taken from the row's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    pub query: String,
    /// (parameter of the target query, column of this query's result)
    pub bind: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Shipped,
    User,
}

/// A saved query's statement, only ever handed out as [`CheckedSql`]: user files pass the read-only gate when they
/// are loaded (so a broken one is named at once); shipped ones, compiled into the binary, pass it when first used —
/// a unit test shows every one of them does — so start-up does not parse twenty queries it may never run.
#[derive(Debug, Clone)]
pub struct Statement {
    text: String,
    checked: std::sync::OnceLock<std::result::Result<CheckedSql, String>>,
}

impl Statement {
    fn checked_now(text: String) -> Result<Statement> {
        let checked = gate::check(&text)?;
        Ok(Statement {
            text,
            checked: std::sync::OnceLock::from(Ok(checked)),
        })
    }

    fn checked_when_used(text: String) -> Statement {
        Statement {
            text,
            checked: std::sync::OnceLock::new(),
        }
    }

    /// The statement as written in the file.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Statement {
    fn eq(&self, other: &Statement) -> bool {
        self.text == other.text
    }
}

impl Eq for Statement {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedQuery {
    pub name: String,
    pub title: String,
    pub description: String,
    pub params: Vec<Param>,
    pub drill: Option<Drill>,
    /// The statement; [`SavedQuery::sql`] hands it out checked.
    pub statement: Statement,
    /// Where it was read from (`queries/x.sql` inside the binary for shipped ones).
    pub path: PathBuf,
    pub origin: Origin,
    /// A user query that replaces a shipped one of the same name.
    pub overrides_shipped: bool,
}

impl SavedQuery {
    /// The statement, as the read-only gate passed it (checking it now if it has not been yet).
    pub fn sql(&self) -> Result<CheckedSql> {
        self.statement
            .checked
            .get_or_init(|| gate::check(&self.statement.text).map_err(|e| e.to_string()))
            .clone()
            .map_err(|e| Error::Invalid(format!("{}: {e}", self.path.display())))
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Check the given `name=value` pairs and turn them into bound values for every declared parameter.
    pub fn bind(&self, given: &[(String, String)]) -> Result<Vec<(String, Value)>> {
        for (name, _) in given {
            if self.param(name).is_none() {
                let known: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
                return Err(Error::Usage(format!(
                    "query `{}` has no parameter `{name}`; its parameters are: {}",
                    self.name,
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )));
            }
        }
        let mut bound = Vec::new();
        for param in &self.params {
            let raw = given
                .iter()
                .rev()
                .find(|(n, _)| *n == param.name)
                .map(|(_, v)| v.as_str());
            let value = match (raw, &param.default) {
                (Some(v), _) => parse_value(&param.kind, v).map_err(|why| {
                    Error::Usage(format!(
                        "parameter `{}` of query `{}`: {why}",
                        param.name, self.name
                    ))
                })?,
                (None, Some(d)) => parse_value(&param.kind, d).map_err(|why| {
                    Error::Invalid(format!(
                        "{}: default of `{}`: {why}",
                        self.path.display(),
                        param.name
                    ))
                })?,
                (None, None) if param.required => {
                    return Err(Error::Usage(format!(
                        "query `{}` needs --param {}=… ({}: {})",
                        self.name,
                        param.name,
                        param.kind.describe(),
                        param.description
                    )));
                }
                (None, None) => Value::Null,
            };
            bound.push((param.name.clone(), value));
        }
        Ok(bound)
    }
}

/// Parse one value of a parameter; the error says what was expected.
pub fn parse_value(kind: &ParamKind, raw: &str) -> std::result::Result<Value, String> {
    if raw.contains('\0') {
        return Err("the value contains a NUL byte".into());
    }
    let trimmed = raw.trim();
    match kind {
        ParamKind::Text => Ok(Value::Text(raw.to_string())),
        ParamKind::Integer => trimmed
            .parse::<i64>()
            .map(Value::Integer)
            .map_err(|_| format!("{raw:?} is not an integer")),
        ParamKind::Decimal => {
            let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
            let valid = !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
                && digits.matches('.').count() <= 1
                && digits.chars().any(|c| c.is_ascii_digit());
            if valid {
                Ok(Value::Decimal(trimmed.to_string()))
            } else {
                Err(format!("{raw:?} is not a decimal number"))
            }
        }
        ParamKind::Boolean => match trimmed.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Ok(Value::Boolean(true)),
            "false" | "no" | "0" | "off" => Ok(Value::Boolean(false)),
            _ => Err(format!("{raw:?} is not a boolean (true or false)")),
        },
        ParamKind::Date => {
            if is_date(trimmed) {
                Ok(Value::Date(trimmed.to_string()))
            } else {
                Err(format!("{raw:?} is not a date (YYYY-MM-DD)"))
            }
        }
        ParamKind::Choice(values) => {
            if values.iter().any(|v| v == trimmed) {
                Ok(Value::Text(trimmed.to_string()))
            } else {
                Err(format!("{raw:?} is not one of {}", values.join(", ")))
            }
        }
    }
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    if y.to_string().len() != 4 || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    d <= days[(m - 1) as usize]
}

/// Parse a query file. Errors name the file and line.
pub fn parse(text: &str, path: &Path, origin: Origin) -> Result<SavedQuery> {
    let err =
        |line: usize, msg: String| Error::Invalid(format!("{}:{line}: {msg}", path.display()));
    let mut fields: BTreeMap<&str, String> = BTreeMap::new();
    let mut description = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    let mut drill = None;
    let mut body_start = text.len();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        let Some(header) = trimmed.strip_prefix("--") else {
            if trimmed.is_empty() {
                offset += line.len();
                continue;
            }
            body_start = offset;
            break;
        };
        offset += line.len();
        let header = header.trim();
        if header.is_empty() {
            continue;
        }
        let Some((key, value)) = header.split_once(':') else {
            return Err(err(
                number,
                format!("expected `key: value` in the header, found {header:?}"),
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "name" | "title" => {
                if fields
                    .insert(
                        if key == "name" { "name" } else { "title" },
                        value.to_string(),
                    )
                    .is_some()
                {
                    return Err(err(number, format!("`{key}` given twice")));
                }
            }
            "description" => description.push(value.to_string()),
            "drill" => drill = Some(parse_drill(value).map_err(|m| err(number, m))?),
            _ if key.starts_with("param ") => {
                let name = key["param ".len()..].trim();
                let param = parse_param(name, value).map_err(|m| err(number, m))?;
                if params.iter().any(|p| p.name == param.name) {
                    return Err(err(
                        number,
                        format!("parameter `{}` declared twice", param.name),
                    ));
                }
                params.push(param);
            }
            other => {
                return Err(err(
                    number,
                    format!(
                        "unknown header key `{other}` (use name, title, description, param NAME, drill)"
                    ),
                ));
            }
        }
    }
    let name = fields
        .remove("name")
        .ok_or_else(|| err(1, "the header has no `-- name:` line".into()))?;
    check_query_name(&name).map_err(|e| err(1, e))?;
    let sql = text[body_start..]
        .trim()
        .trim_end_matches(';')
        .trim()
        .to_string();
    if sql.is_empty() {
        return Err(err(
            text.lines().count().max(1),
            "the file has a header but no SQL statement".into(),
        ));
    }
    let body_line = text[..body_start].matches('\n').count() + 1;
    let statement = match origin {
        Origin::User => Statement::checked_now(sql).map_err(|e| err(body_line, e.to_string()))?,
        Origin::Shipped => Statement::checked_when_used(sql),
    };
    for param in &params {
        if !statement.text().contains(&format!("${}", param.name)) {
            return Err(err(
                1,
                format!(
                    "parameter `{}` is declared but the SQL never uses ${}",
                    param.name, param.name
                ),
            ));
        }
    }
    Ok(SavedQuery {
        title: fields.remove("title").unwrap_or_else(|| name.clone()),
        name,
        description: description.join(" "),
        params,
        drill,
        statement,
        path: path.to_path_buf(),
        origin,
        overrides_shipped: false,
    })
}

fn is_query_name(name: &str) -> bool {
    check_query_name(name).is_ok()
}

/// The one rule for a saved query's name, used by the loader and by the TUI's save-as, with the one message.
pub fn check_query_name(name: &str) -> std::result::Result<(), String> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "query name {name:?} may hold only lowercase letters, digits, '-' and '_'"
        ))
    }
}

/// A user query file for `sql` named `name`, as the SQL console's save-as writes it.
pub fn query_file_text(name: &str, sql: &str) -> String {
    format!(
        "-- name: {name}\n-- title: {name}\n-- description: saved from the SQL console\n{sql}\n"
    )
}

fn is_param_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `TYPE [= DEFAULT] [required|optional] [| description]`
fn parse_param(name: &str, spec: &str) -> std::result::Result<Param, String> {
    if !is_param_name(name) {
        return Err(format!(
            "parameter name {name:?} may hold only lowercase letters, digits and '_'"
        ));
    }
    let (spec, description) = match spec.split_once('|') {
        Some((s, d)) => (s.trim(), d.trim().to_string()),
        None => (spec.trim(), String::new()),
    };
    let (kind_text, rest) = if let Some(open) = spec.strip_prefix("choice(") {
        let close = open.find(')').ok_or("choice( has no closing )")?;
        (
            &spec[.."choice(".len() + close + 1],
            open[close + 1..].trim(),
        )
    } else {
        match spec.split_once(char::is_whitespace) {
            Some((k, r)) => (k, r.trim()),
            None => (spec, ""),
        }
    };
    let kind = parse_kind(kind_text)?;
    let mut default = None;
    let mut required = None;
    let mut rest = rest;
    if let Some(after) = rest.strip_prefix('=') {
        let after = after.trim();
        let (value, tail) = match after.rsplit_once(char::is_whitespace) {
            Some((v, t)) if t == "required" || t == "optional" => (v.trim(), t),
            _ => (after, ""),
        };
        parse_value(&kind, value).map_err(|why| format!("default of `{name}`: {why}"))?;
        default = Some(value.to_string());
        rest = tail;
    }
    match rest {
        "" => {}
        "required" => required = Some(true),
        "optional" => required = Some(false),
        other => {
            return Err(format!(
                "unexpected {other:?} after the type of `{name}` (expected `= DEFAULT`, `required` or `optional`)"
            ));
        }
    }
    Ok(Param {
        name: name.to_string(),
        kind,
        required: required.unwrap_or(default.is_none()),
        default,
        description,
    })
}

fn parse_kind(text: &str) -> std::result::Result<ParamKind, String> {
    Ok(match text {
        "text" => ParamKind::Text,
        "integer" => ParamKind::Integer,
        "decimal" => ParamKind::Decimal,
        "boolean" => ParamKind::Boolean,
        "date" => ParamKind::Date,
        _ if text.starts_with("choice(") && text.ends_with(')') => {
            let values: Vec<String> = text["choice(".len()..text.len() - 1]
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            if values.is_empty() {
                return Err("choice() needs at least one value".into());
            }
            ParamKind::Choice(values)
        }
        other => {
            return Err(format!(
                "unknown parameter type {other:?} (text, integer, decimal, boolean, date, choice(a, b))"
            ));
        }
    })
}

/// `QUERY PARAM=COLUMN [PARAM=COLUMN ...]`
fn parse_drill(spec: &str) -> std::result::Result<Drill, String> {
    let mut words = spec.split_whitespace();
    let query = words.next().ok_or("drill needs a query name")?.to_string();
    if !is_query_name(&query) {
        return Err(format!("drill target {query:?} is not a query name"));
    }
    let mut bind = Vec::new();
    for word in words {
        let (param, column) = word
            .split_once('=')
            .ok_or_else(|| format!("drill binding {word:?} is not PARAM=COLUMN"))?;
        bind.push((param.to_string(), column.to_string()));
    }
    Ok(Drill { query, bind })
}

/// A saved query is a page of SQL; a larger file (or a FIFO, or a device) is refused rather than read.
const MAX_QUERY_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// All saved queries: shipped ones, then the user's (overriding by name). Files that fail to parse are returned
/// separately so one broken file does not hide the rest.
#[derive(Debug, Default)]
pub struct Library {
    pub queries: BTreeMap<String, SavedQuery>,
    pub broken: Vec<Error>,
}

impl Library {
    pub fn load(user_dir: Option<&Path>) -> Library {
        let mut library = Library::default();
        let mut shipped: Vec<_> = SHIPPED
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "sql"))
            .collect();
        shipped.sort_by_key(|f| f.path());
        for file in shipped {
            let path = Path::new("queries").join(file.path());
            match file
                .contents_utf8()
                .ok_or_else(|| Error::Invalid(format!("{}: not UTF-8", path.display())))
            {
                Ok(text) => library.add(parse(text, &path, Origin::Shipped)),
                Err(e) => library.broken.push(e),
            }
        }
        if let Some(dir) = user_dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            {
                match crate::core::config::read_small_file(&path, MAX_QUERY_FILE_BYTES) {
                    Ok(text) => library.add(parse(&text, &path, Origin::User)),
                    Err(e) => library.broken.push(Error::io(&path, e)),
                }
            }
        }
        library
    }

    fn add(&mut self, parsed: Result<SavedQuery>) {
        match parsed {
            Ok(mut query) => {
                if let Some(previous) = self.queries.get(&query.name) {
                    if previous.origin == query.origin {
                        self.broken.push(Error::Invalid(format!(
                            "{}: query `{}` is already defined in {}",
                            query.path.display(),
                            query.name,
                            previous.path.display()
                        )));
                        return;
                    }
                    query.overrides_shipped = query.origin == Origin::User;
                }
                self.queries.insert(query.name.clone(), query);
            }
            Err(e) => self.broken.push(e),
        }
    }

    /// The query, or a usage error naming the closest names.
    pub fn get(&self, name: &str) -> Result<&SavedQuery> {
        if let Some(q) = self.queries.get(name) {
            return Ok(q);
        }
        let mut scored: Vec<(usize, &str)> = self
            .queries
            .keys()
            .map(|k| (edit_distance(name, k), k.as_str()))
            .filter(|(d, k)| *d <= 3 || k.contains(name))
            .collect();
        scored.sort();
        let hint = if scored.is_empty() {
            "see `qlake query list`".to_string()
        } else {
            format!(
                "did you mean {}?",
                scored
                    .iter()
                    .take(3)
                    .map(|(_, k)| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        Err(Error::Usage(format!(
            "no saved query named `{name}`; {hint}"
        )))
    }
}

/// The user's query folder.
pub fn user_dir() -> Option<PathBuf> {
    crate::core::config::dirs()
        .config
        .map(|d| d.join("queries"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = "-- name: demo\n-- title: Demo\n-- description: line one\n-- description: line two\n\
        -- param year: integer = 2021 | The year\n-- param p: choice(a, b) optional\n-- param t: text required\n\
        -- drill: other id=project_id\nSELECT $year, $p, $t;\n";

    #[test]
    fn parses_a_header() {
        let q = parse(Q, Path::new("demo.sql"), Origin::Shipped).expect("parses");
        assert_eq!(q.name, "demo");
        assert_eq!(q.description, "line one line two");
        assert_eq!(q.params.len(), 3);
        assert_eq!(q.params[0].default.as_deref(), Some("2021"));
        assert!(!q.params[0].required);
        assert!(!q.params[1].required);
        assert_eq!(
            q.params[1].kind,
            ParamKind::Choice(vec!["a".into(), "b".into()])
        );
        assert!(q.params[2].required);
        assert_eq!(
            q.drill,
            Some(Drill {
                query: "other".into(),
                bind: vec![("id".into(), "project_id".into())]
            })
        );
        assert_eq!(q.sql().unwrap().as_str(), "SELECT $year, $p, $t");
    }

    #[test]
    fn bad_headers_name_file_and_line() {
        let e = parse(
            "-- name: x\n-- param y: float\nSELECT $y",
            Path::new("q.sql"),
            Origin::User,
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("q.sql:2: unknown parameter type"),
            "{e}"
        );
        let e = parse("-- title: x\nSELECT 1", Path::new("q.sql"), Origin::User).unwrap_err();
        assert!(e.to_string().contains("no `-- name:`"), "{e}");
        let e = parse(
            "-- name: x\n-- param y: integer = abc\nSELECT $y",
            Path::new("q.sql"),
            Origin::User,
        )
        .unwrap_err();
        assert!(e.to_string().contains("not an integer"), "{e}");
        let e = parse(
            "-- name: x\n-- param y: integer\nSELECT 1",
            Path::new("q.sql"),
            Origin::User,
        )
        .unwrap_err();
        assert!(e.to_string().contains("never uses $y"), "{e}");
    }

    #[test]
    fn binds_and_checks_values() {
        let q = parse(Q, Path::new("demo.sql"), Origin::Shipped).expect("parses");
        let bound = q
            .bind(&[("t".into(), "x'; DROP TABLE y; --".into())])
            .expect("binds");
        assert_eq!(bound[0].1, Value::Integer(2021));
        assert_eq!(bound[1].1, Value::Null);
        assert_eq!(bound[2].1, Value::Text("x'; DROP TABLE y; --".into()));
        assert!(
            q.bind(&[])
                .unwrap_err()
                .to_string()
                .contains("needs --param t=")
        );
        assert!(
            q.bind(&[("t".into(), "x".into()), ("year".into(), "20x".into())])
                .unwrap_err()
                .to_string()
                .contains("not an integer")
        );
        assert!(
            q.bind(&[("t".into(), "x".into()), ("p".into(), "c".into())])
                .unwrap_err()
                .to_string()
                .contains("not one of a, b")
        );
        assert!(
            q.bind(&[("t".into(), "x".into()), ("nope".into(), "1".into())])
                .unwrap_err()
                .to_string()
                .contains("no parameter `nope`")
        );
        assert!(
            q.bind(&[("t".into(), "a\0b".into())])
                .unwrap_err()
                .to_string()
                .contains("NUL")
        );
    }

    #[test]
    fn values_parse_by_kind() {
        assert_eq!(
            parse_value(&ParamKind::Date, "2024-02-29"),
            Ok(Value::Date("2024-02-29".into()))
        );
        assert!(parse_value(&ParamKind::Date, "2023-02-29").is_err());
        assert_eq!(
            parse_value(&ParamKind::Decimal, "-12.50"),
            Ok(Value::Decimal("-12.50".into()))
        );
        assert!(parse_value(&ParamKind::Decimal, "1e5").is_err());
        assert_eq!(
            parse_value(&ParamKind::Boolean, "Yes"),
            Ok(Value::Boolean(true))
        );
    }

    #[test]
    fn suggests_close_names() {
        let library = Library::load(None);
        let e = library.get("ratings-by-yaer").unwrap_err();
        assert!(e.to_string().contains("`ratings-by-year`"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn every_shipped_query_parses() {
        let library = Library::load(None);
        assert!(library.broken.is_empty(), "{:?}", library.broken);
        assert!(library.queries.len() >= 15);
        for q in library.queries.values() {
            if let Some(drill) = &q.drill {
                let target = library.get(&drill.query).expect("drill target exists");
                for (param, _) in &drill.bind {
                    assert!(
                        target.param(param).is_some(),
                        "{}: drill binds unknown {param}",
                        q.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_shipped_query_passes_the_gate() {
        let library = Library::load(None);
        assert!(library.broken.is_empty(), "{:?}", library.broken);
        assert!(library.queries.len() >= 19);
        // Shipped queries are checked when first used: every one of them must pass.
        for query in library.queries.values() {
            if let Err(e) = query.sql() {
                panic!("{}: {e}", query.name);
            }
        }
    }

    #[test]
    fn a_user_file_that_writes_is_refused_when_loaded_naming_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("dashboard-kpis.sql"),
            "-- name: dashboard-kpis\n-- title: evil\n\nselect 1 as x --\r; COPY (SELECT 'owned') TO 'x.parquet'; select 2\n",
        )
        .unwrap();
        let library = Library::load(Some(dir.path()));
        let shipped = library.get("dashboard-kpis").unwrap();
        assert_eq!(
            shipped.origin,
            Origin::Shipped,
            "the hostile override must not load"
        );
        let message = library
            .broken
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            message.contains("dashboard-kpis.sql:4: refused"),
            "{message}"
        );
    }
}
