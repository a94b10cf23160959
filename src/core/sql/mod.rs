//! The SQL vocabulary every part of the core shares, and nothing else: a bound parameter's value, the dialects qlake
//! writes, and quoting a name or a string. The engine binds values, the remote engine and the lake writers quote,
//! the queries check their dialect — all from here, so none of them needs another to speak SQL.

pub mod literals;

pub use literals::Dialect;

/// The SQL dialects a query is written for: `duckdb` (embedded, always the first meaning), `spark` (Spark SQL: Sail,
/// Spark, the remote engine tested) and `mysql` (the MySQL family: Apache Doris, StarRocks).
pub const DUCKDB: &str = "duckdb";
pub const SPARK: &str = "spark";
pub const MYSQL: &str = "mysql";

/// A value bound to a prepared-statement parameter. An engine that binds parameters never sees it as SQL text; one
/// that cannot gets it as a typed literal of its dialect from [`literals::render`], the one place that happens.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    Integer(i64),
    Decimal(String),
    Boolean(bool),
    Date(String),
}

impl Value {
    /// The value as a person would type it (empty for NULL).
    pub fn as_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(s) | Value::Decimal(s) | Value::Date(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Boolean(b) => b.to_string(),
        }
    }
}

/// Quote a string as a SQL literal (for statements qlake writes itself: the lake's own files and names, never a
/// parameter's value).
pub fn sql_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Strings as a list of SQL literals, `'a', 'b'` (for `IN (…)` and `VALUES (…)`).
pub fn sql_literals<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(sql_literal)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Quote a name as a SQL identifier.
pub fn sql_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}
