//! `lake info`: what the lake holds — tables, files, rows, real and synthetic rows, size.

use std::sync::Arc;

use duckdb::arrow::array::{ArrayRef, StringArray, UInt64Array};
use duckdb::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use duckdb::arrow::record_batch::RecordBatch;

use crate::core::engine::Engine;
use crate::core::error::{Error, Result};
use crate::core::gate;
use crate::core::sql::sql_ident;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub table: String,
    pub files: u64,
    pub bytes: u64,
    pub rows: Option<u64>,
    pub real_rows: Option<u64>,
    pub synthetic_rows: Option<u64>,
    pub partitioned: bool,
    pub error: Option<String>,
}

pub fn lake_info(engine: &Engine) -> Result<Vec<TableInfo>> {
    let mut out = Vec::new();
    for table in engine.tables() {
        let mut info = TableInfo {
            table: table.name.clone(),
            files: table.files.len() as u64,
            bytes: table.total_bytes(),
            rows: None,
            real_rows: None,
            synthetic_rows: None,
            partitioned: table.hive_partitioned,
            error: None,
        };
        // Row counts come from the Parquet footers: no data is read.
        let rows = engine.query_rows(
            &gate::check(&format!(
                "SELECT sum(num_rows) FROM parquet_file_metadata({})",
                table.file_list()
            ))?,
            &table.name,
        );
        match rows {
            Ok(r) => info.rows = r.first().and_then(|r| r[0].parse().ok()),
            Err(e) => info.error = Some(e.to_string()),
        }
        if info.error.is_none() {
            let split = engine.query_rows(
                &gate::check(&format!(
                    "SELECT count(*) FILTER (WHERE is_synthetic IS NOT TRUE), count(*) FILTER (WHERE is_synthetic) FROM {}",
                    sql_ident(&table.name)
                ))?,
                &table.name,
            );
            match split {
                Ok(r) => {
                    info.real_rows = r.first().and_then(|r| r[0].parse().ok());
                    info.synthetic_rows = r.first().and_then(|r| r[1].parse().ok());
                }
                Err(Error::Query { message, .. }) if message.contains("is_synthetic") => {}
                Err(e) => info.error = Some(e.to_string()),
            }
        }
        out.push(info);
    }
    Ok(out)
}

/// The info as a record batch, so it prints through the same writers as query results.
pub fn info_batch(infos: &[TableInfo]) -> Result<(SchemaRef, RecordBatch)> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("table", DataType::Utf8, false),
        Field::new("files", DataType::UInt64, false),
        Field::new("size", DataType::Utf8, false),
        Field::new("rows", DataType::UInt64, true),
        Field::new("real_rows", DataType::UInt64, true),
        Field::new("synthetic_rows", DataType::UInt64, true),
        Field::new("layout", DataType::Utf8, false),
        Field::new("error", DataType::Utf8, true),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(
            infos.iter().map(|i| i.table.as_str()),
        )),
        Arc::new(UInt64Array::from_iter_values(infos.iter().map(|i| i.files))),
        Arc::new(StringArray::from_iter_values(
            infos.iter().map(|i| human_bytes(i.bytes)),
        )),
        Arc::new(UInt64Array::from(
            infos.iter().map(|i| i.rows).collect::<Vec<_>>(),
        )),
        Arc::new(UInt64Array::from(
            infos.iter().map(|i| i.real_rows).collect::<Vec<_>>(),
        )),
        Arc::new(UInt64Array::from(
            infos.iter().map(|i| i.synthetic_rows).collect::<Vec<_>>(),
        )),
        Arc::new(StringArray::from_iter_values(infos.iter().map(|i| {
            if i.partitioned {
                "hive-partitioned"
            } else {
                "files"
            }
        }))),
        Arc::new(StringArray::from(
            infos.iter().map(|i| i.error.as_deref()).collect::<Vec<_>>(),
        )),
    ];
    let batch =
        RecordBatch::try_new(schema.clone(), columns).map_err(|e| Error::Invalid(e.to_string()))?;
    Ok((schema, batch))
}

pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
