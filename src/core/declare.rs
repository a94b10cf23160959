//! The table definitions a remote engine needs to read a copy of the lake on object storage: one `CREATE TABLE` per
//! table, written from the lake as qlake reads it. Columns keep the types of the lake's own files; Hive partition
//! columns, which have no type in any file (each engine guesses: Sail reads `year=2021` as text), get the contract's
//! type, or the type DuckDB infers for a column the contract does not know. Every text that becomes SQL goes through
//! `remote::literals`, the one place that writes literals.

use crate::core::backend::Backend;
use std::path::Path;

use arrow::datatypes::DataType;

use crate::core::cells::escape_control;
use crate::core::contract::{self, Kind};
use crate::core::engine::Engine;
use crate::core::error::{Error, Result};
use crate::core::gate;
use crate::core::lake::TableFiles;
use crate::core::sql::Value;
use crate::core::sql::literals::{Dialect, literal};

/// Spark SQL's `CREATE TABLE … USING parquet [PARTITIONED BY …] LOCATION '<prefix>/<table>'` for every table of the
/// engine's lake; `prefix` is where the lake's folder was copied to (e.g. `s3://bucket/lakes/hubei`).
pub fn spark_tables(engine: &Engine, prefix: &str) -> Result<Vec<String>> {
    let lake = engine.lake();
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() {
        return Err(Error::Usage(
            "--location: give where the lake was copied to, e.g. s3://bucket/lake".into(),
        ));
    }
    let mut tables = lake.tables()?;
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let mut statements = Vec::new();
    for table in &tables {
        plain_name(
            &format!("table `{}`", escape_control(&table.name)),
            &table.name,
        )?;
        let relative = table
            .location
            .strip_prefix(&lake.root)
            .map_err(|_| {
                Error::Invalid(format!(
                    "table `{}`: {} is not inside the lake {}",
                    table.name,
                    table.location.display(),
                    lake.root.display()
                ))
            })?
            .to_string_lossy()
            .replace('\\', "/");
        let location = format!("{prefix}/{relative}");
        statements.push(spark_table(engine, table, &location)?);
    }
    Ok(statements)
}

fn spark_table(engine: &Engine, table: &TableFiles, location: &str) -> Result<String> {
    let probe = gate::check(&format!(
        "SELECT * FROM {} LIMIT 0",
        crate::core::sql::sql_ident(&table.name)
    ))?;
    let (schema, _) = engine.collect(&probe, &[], &format!("table `{}`", table.name))?;
    let partitions = partition_columns(table);
    let known = contract::table(&table.name);
    let mut columns = Vec::new();
    for field in schema.fields() {
        let name = field.name();
        plain_name(
            &format!(
                "table `{}`, column `{}`",
                escape_control(&table.name),
                escape_control(name)
            ),
            name,
        )?;
        let pinned = partitions
            .iter()
            .any(|p| p == name)
            .then(|| {
                known
                    .and_then(|t| t.column(name))
                    .map(|c| spark_kind(c.kind))
            })
            .flatten();
        let spark = match pinned {
            Some(t) => t.to_string(),
            None => spark_type(field.data_type()).ok_or_else(|| {
                Error::Invalid(format!(
                    "table `{}`, column `{name}`: no Spark SQL type for {}",
                    table.name,
                    field.data_type()
                ))
            })?,
        };
        columns.push(format!("{} {spark}", spark_ident(name)));
    }
    let partitioned = if partitions.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = partitions.iter().map(|p| spark_ident(p)).collect();
        format!(" PARTITIONED BY ({})", names.join(", "))
    };
    Ok(format!(
        "CREATE TABLE {} ({}) USING parquet{partitioned} LOCATION {}",
        spark_ident(&table.name),
        columns.join(", "),
        literal(&Value::Text(location.to_string()), Dialect::Spark)
    ))
}

/// The Hive partition keys of a table, outermost first, as its first file's path names them.
fn partition_columns(table: &TableFiles) -> Vec<String> {
    if !table.hive_partitioned {
        return Vec::new();
    }
    let Some(file) = table.files.first() else {
        return Vec::new();
    };
    let inside = file.strip_prefix(&table.location).unwrap_or(file);
    inside
        .parent()
        .unwrap_or(Path::new(""))
        .components()
        .filter_map(|c| {
            let part = c.as_os_str().to_string_lossy();
            part.split_once('=').map(|(key, _)| key.to_string())
        })
        .collect()
}

fn spark_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "STRING",
        Kind::Integer => "INT",
        Kind::Money => "DECIMAL(18,2)",
        Kind::Exact => "DECIMAL(20,4)",
        Kind::Boolean => "BOOLEAN",
        Kind::Date => "DATE",
    }
}

fn spark_type(data_type: &DataType) -> Option<String> {
    Some(match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "STRING".into(),
        DataType::Boolean => "BOOLEAN".into(),
        DataType::Int8 => "TINYINT".into(),
        DataType::Int16 | DataType::UInt8 => "SMALLINT".into(),
        DataType::Int32 | DataType::UInt16 => "INT".into(),
        DataType::Int64 | DataType::UInt32 => "BIGINT".into(),
        DataType::Float32 => "FLOAT".into(),
        DataType::Float64 => "DOUBLE".into(),
        DataType::Decimal128(p, s) => format!("DECIMAL({p},{s})"),
        DataType::Date32 | DataType::Date64 => "DATE".into(),
        DataType::Timestamp(_, _) => "TIMESTAMP".into(),
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => "BINARY".into(),
        _ => return None,
    })
}

/// A name read from the lake (a folder's, a file's column) that goes into a statement: one holding a control or
/// format character (ESC, BEL, CR, a line break, a bidirectional mark) could drive the terminal or the console the
/// statements are pasted into, and written escaped it would declare a column the files do not have, so it is refused,
/// named (`what`) with those characters shown as escapes.
fn plain_name(what: &str, name: &str) -> Result<()> {
    match escape_control(name) {
        std::borrow::Cow::Borrowed(_) => Ok(()),
        std::borrow::Cow::Owned(_) => Err(Error::Invalid(format!(
            "{what}: the name holds control or format characters (shown escaped), which no statement should carry; \
             rename it in the lake's files, then declare again"
        ))),
    }
}

/// A Spark SQL identifier in backquotes (a backquote inside written twice).
fn spark_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spark_types_keep_widths_and_scales() {
        assert_eq!(
            spark_type(&DataType::Decimal128(18, 2)).as_deref(),
            Some("DECIMAL(18,2)")
        );
        assert_eq!(spark_type(&DataType::Int64).as_deref(), Some("BIGINT"));
        assert_eq!(spark_type(&DataType::Utf8View).as_deref(), Some("STRING"));
        assert_eq!(spark_ident("a`b"), "`a``b`");
        assert_eq!(spark_kind(Kind::Money), "DECIMAL(18,2)");
    }

    #[test]
    fn names_with_control_characters_are_refused_shown_escaped() {
        assert!(plain_name("column `a`", "项目 id").is_ok());
        for hostile in ["a\x1b]52;c;aGk=\x07", "a\rb", "a\nb", "a\u{202e}b"] {
            let e = plain_name(&format!("column `{}`", escape_control(hostile)), hostile)
                .expect_err("refused")
                .to_string();
            assert!(!e.contains(hostile), "{e}");
            assert!(!e.chars().any(char::is_control), "{e}");
        }
    }
}
