//! The output formats of every export, by name: what `-f`, the export dialog and the file's extension mean. A leaf,
//! so the engine seam can name a format without knowing the writers.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Jsonl,
    Parquet,
    Arrow,
    Xlsx,
    Markdown,
    /// CSV as Excel on a Chinese Windows machine opens it: UTF-8 with a byte-order mark, lines ended CRLF.
    CsvExcel,
}

impl Format {
    // The TUI's export dialog cycles in this order (Tab): the formats people pick most come first.
    pub const ALL: [Format; 10] = [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Jsonl,
        Format::Parquet,
        Format::Arrow,
        Format::Xlsx,
        Format::Markdown,
        Format::CsvExcel,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
            Format::Arrow => "arrow",
            Format::Xlsx => "xlsx",
            Format::Markdown => "markdown",
            Format::CsvExcel => "csv-excel",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == lower)
            .or(match lower.as_str() {
                "md" => Some(Format::Markdown),
                "ndjson" => Some(Format::Jsonl),
                "ipc" | "feather" => Some(Format::Arrow),
                _ => None,
            })
    }

    /// The format a file name implies (`out.csv` → csv).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        match ext.to_ascii_lowercase().as_str() {
            "txt" => Some(Format::Table),
            "arrow" | "ipc" | "feather" => Some(Format::Arrow),
            other => Format::from_name(other).filter(|f| *f != Format::Table),
        }
    }

    pub fn is_binary(self) -> bool {
        matches!(self, Format::Parquet | Format::Arrow | Format::Xlsx)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Markdown => "md",
            Format::CsvExcel => "csv",
            other => other.name(),
        }
    }
}
