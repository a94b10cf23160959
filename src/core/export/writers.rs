//! One writer per output format behind one trait: the query streams record batches into whichever `writer_for`
//! picks. Arrow and Parquet keep DuckDB's types; text formats get displayable values.

use std::io::Write;

use duckdb::arrow::array::{Array, AsArray};
use duckdb::arrow::datatypes::{DataType, SchemaRef};
use duckdb::arrow::record_batch::RecordBatch;

use crate::core::cells;
use crate::core::error::{Error, Result};

use super::Format;

mod xlsx;
use xlsx::XlsxOut;

pub(super) trait BatchWriter {
    fn write(&mut self, batch: &RecordBatch) -> Result<()>;
    fn finish(self: Box<Self>) -> Result<()>;
    /// The `source_id`s of the rows written that name one (a format that shows provenance apart asks for them).
    fn sources_wanted(&self) -> Vec<String> {
        Vec::new()
    }
    /// Each wanted source's title, publisher and date, for the provenance the format shows apart.
    fn set_sources(&mut self, _sources: Vec<[String; 4]>) {}
}

fn write_err(format: Format) -> impl Fn(&dyn std::fmt::Display) -> Error {
    move |e| Error::Invalid(format!("writing {}: {e}", format.name()))
}

/// `title` names what is exported (a saved query's name): an XLSX sheet's name.
pub(super) fn writer_for(
    format: Format,
    schema: SchemaRef,
    out: Box<dyn Write + Send>,
    title: &str,
) -> Result<Box<dyn BatchWriter>> {
    Ok(match format {
        Format::Csv | Format::Tsv | Format::CsvExcel => {
            refuse_nested(format, &schema)?;
            let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
            let mut out = out;
            let mut builder = duckdb::arrow::csv::WriterBuilder::new()
                .with_header(true)
                .with_delimiter(delimiter);
            if format == Format::CsvExcel {
                // Without the mark Excel reads UTF-8 as the system's code page (GBK on a Chinese Windows): mojibake.
                out.write_all(b"\xEF\xBB\xBF")
                    .map_err(|e| write_err(format)(&e))?;
                builder =
                    builder.with_line_terminator(duckdb::arrow::csv::writer::Terminator::CRLF);
            }
            let w = builder.build(out);
            Box::new(CsvOut {
                inner: w,
                format,
                schema,
                wrote: false,
            })
        }
        // Every row carries every column: a NULL is `null`, never a missing key.
        Format::Json => Box::new(JsonOut {
            inner: duckdb::arrow::json::WriterBuilder::new()
                .with_explicit_nulls(true)
                .build::<_, duckdb::arrow::json::writer::JsonArray>(out),
        }),
        Format::Jsonl => Box::new(JsonlOut {
            inner: duckdb::arrow::json::WriterBuilder::new()
                .with_explicit_nulls(true)
                .build::<_, duckdb::arrow::json::writer::LineDelimited>(out),
        }),
        Format::Parquet => {
            let props = parquet::file::properties::WriterProperties::builder()
                .set_compression(parquet::basic::Compression::ZSTD(
                    parquet::basic::ZstdLevel::default(),
                ))
                .build();
            let w = parquet::arrow::ArrowWriter::try_new(out, schema, Some(props))
                .map_err(|e| write_err(format)(&e))?;
            Box::new(ParquetOut(w))
        }
        Format::Arrow => {
            let w = duckdb::arrow::ipc::writer::FileWriter::try_new(out, &schema)
                .map_err(|e| write_err(format)(&e))?;
            Box::new(ArrowOut(w))
        }
        Format::Xlsx => Box::new(XlsxOut::new(schema, out, title)?),
        Format::Markdown => Box::new(MarkdownOut::new(&schema, out)?),
        Format::Table => Box::new(TableOut::new(schema, out)),
    })
}

/// A CSV or TSV cell is text: a LIST, MAP, STRUCT or UNION column has no single text form there that DuckDB and the
/// tools reading the file agree on, so it is refused in one line before anything is written. (A CSV or TSV file
/// written by DuckDB's own COPY carries DuckDB's text for them.)
fn refuse_nested(format: Format, schema: &SchemaRef) -> Result<()> {
    let nested = schema.fields().iter().find(|f| {
        matches!(
            f.data_type(),
            DataType::List(_)
                | DataType::LargeList(_)
                | DataType::FixedSizeList(..)
                | DataType::ListView(_)
                | DataType::LargeListView(_)
                | DataType::Map(..)
                | DataType::Struct(_)
                | DataType::Union(..)
        )
    });
    match nested {
        Some(field) => Err(Error::Usage(format!(
            "column `{}` is a {} value, which {} cannot hold as it is: turn it into text in the query \
             (CAST({} AS VARCHAR)), or choose json, jsonl, parquet or xlsx",
            crate::core::cells::escape_control(field.name()),
            field.data_type(),
            format.name(),
            crate::core::sql::sql_ident(field.name()),
        ))),
        None => Ok(()),
    }
}

struct CsvOut {
    inner: duckdb::arrow::csv::Writer<Box<dyn Write + Send>>,
    format: Format,
    schema: SchemaRef,
    wrote: bool,
}
impl BatchWriter for CsvOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.wrote = true;
        self.inner
            .write(batch)
            .map_err(|e| write_err(self.format)(&e))
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        let format = self.format;
        if !self.wrote {
            // An empty result still has its columns: the writer puts the header before the first batch.
            let empty = RecordBatch::new_empty(self.schema.clone());
            self.inner
                .write(&empty)
                .map_err(|e| write_err(format)(&e))?;
        }
        let mut out = self.inner.into_inner();
        out.flush().map_err(|e| write_err(format)(&e))
    }
}

struct JsonOut {
    inner:
        duckdb::arrow::json::Writer<Box<dyn Write + Send>, duckdb::arrow::json::writer::JsonArray>,
}
impl BatchWriter for JsonOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.inner
            .write(batch)
            .map_err(|e| write_err(Format::Json)(&e))
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        // The writer itself writes `[]` for no rows.
        self.inner
            .finish()
            .map_err(|e| write_err(Format::Json)(&e))?;
        let mut out = self.inner.into_inner();
        out.write_all(b"\n")
            .map_err(|e| write_err(Format::Json)(&e))?;
        out.flush().map_err(|e| write_err(Format::Json)(&e))
    }
}

struct JsonlOut {
    inner: duckdb::arrow::json::Writer<
        Box<dyn Write + Send>,
        duckdb::arrow::json::writer::LineDelimited,
    >,
}
impl BatchWriter for JsonlOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.inner
            .write(batch)
            .map_err(|e| write_err(Format::Jsonl)(&e))
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        self.inner
            .finish()
            .map_err(|e| write_err(Format::Jsonl)(&e))?;
        self.inner
            .into_inner()
            .flush()
            .map_err(|e| write_err(Format::Jsonl)(&e))
    }
}

struct ParquetOut(parquet::arrow::ArrowWriter<Box<dyn Write + Send>>);
impl BatchWriter for ParquetOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.0
            .write(batch)
            .map_err(|e| write_err(Format::Parquet)(&e))
    }
    fn finish(self: Box<Self>) -> Result<()> {
        let mut out = self
            .0
            .into_inner()
            .map_err(|e| write_err(Format::Parquet)(&e))?;
        out.flush().map_err(|e| write_err(Format::Parquet)(&e))
    }
}

struct ArrowOut(duckdb::arrow::ipc::writer::FileWriter<Box<dyn Write + Send>>);
impl BatchWriter for ArrowOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.0
            .write(batch)
            .map_err(|e| write_err(Format::Arrow)(&e))
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        self.0.finish().map_err(|e| write_err(Format::Arrow)(&e))?;
        let mut out = self
            .0
            .into_inner()
            .map_err(|e| write_err(Format::Arrow)(&e))?;
        out.flush().map_err(|e| write_err(Format::Arrow)(&e))
    }
}

struct MarkdownOut {
    out: Box<dyn Write + Send>,
}

impl MarkdownOut {
    fn new(schema: &SchemaRef, mut out: Box<dyn Write + Send>) -> Result<MarkdownOut> {
        let names: Vec<String> = schema
            .fields()
            .iter()
            .map(|f| markdown_cell(f.name()))
            .collect();
        let rule: Vec<String> = schema
            .fields()
            .iter()
            .map(|f| {
                if f.data_type().is_numeric() {
                    "---:".to_string()
                } else {
                    "---".to_string()
                }
            })
            .collect();
        writeln!(out, "| {} |\n| {} |", names.join(" | "), rule.join(" | "))
            .map_err(|e| write_err(Format::Markdown)(&e))?;
        Ok(MarkdownOut { out })
    }
}

fn markdown_cell(s: &str) -> String {
    cells::escape_control(s).replace('|', "\\|")
}

/// The column names of a batch: the marks of qualifiers are read by name.
fn column_names(batch: &RecordBatch) -> Vec<String> {
    batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect()
}

impl BatchWriter for MarkdownOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let names = column_names(batch);
        for row in cells::batch_cells(batch)? {
            let row: Vec<String> = cells::marked_row(&names, row)
                .iter()
                .map(|c| markdown_cell(c.as_deref().unwrap_or(cells::NULL_SHOWN)))
                .collect();
            writeln!(self.out, "| {} |", row.join(" | "))
                .map_err(|e| write_err(Format::Markdown)(&e))?;
        }
        Ok(())
    }
    fn finish(mut self: Box<Self>) -> Result<()> {
        self.out
            .flush()
            .map_err(|e| write_err(Format::Markdown)(&e))
    }
}

/// An aligned text table for people: CJK-aware widths, control characters escaped. Column widths come from the
/// first rows (up to [`TABLE_SAMPLE_ROWS`]) so a long result streams instead of being held in memory; later
/// cells wider than that are cut with `…`.
struct TableOut {
    schema: SchemaRef,
    out: Box<dyn Write + Send>,
    buffered: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
    rows: u64,
}

const TABLE_SAMPLE_ROWS: usize = 1000;
const TABLE_MAX_COLUMN_WIDTH: usize = 60;

impl TableOut {
    fn new(schema: SchemaRef, out: Box<dyn Write + Send>) -> TableOut {
        TableOut {
            schema,
            out,
            buffered: Vec::new(),
            widths: None,
            rows: 0,
        }
    }

    fn numeric(&self) -> Vec<bool> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.data_type().is_numeric())
            .collect()
    }

    fn fix_widths(&mut self) -> Result<()> {
        let mut widths: Vec<usize> = self
            .schema
            .fields()
            .iter()
            .map(|f| cells::display_width(&cells::escape_control(f.name())))
            .collect();
        for row in &self.buffered {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w)
                    .max(cells::display_width(cell))
                    .min(TABLE_MAX_COLUMN_WIDTH);
            }
        }
        let header: Vec<String> = self
            .schema
            .fields()
            .iter()
            .map(|f| cells::escape_control(f.name()).into_owned())
            .collect();
        let numeric = self.numeric();
        let line = render_row(&header, &widths, &vec![false; numeric.len()]);
        let rule = widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .join("─┼─");
        writeln!(self.out, "{line}\n{rule}").map_err(|e| write_err(Format::Table)(&e))?;
        for row in std::mem::take(&mut self.buffered) {
            writeln!(self.out, "{}", render_row(&row, &widths, &numeric))
                .map_err(|e| write_err(Format::Table)(&e))?;
        }
        self.widths = Some(widths);
        Ok(())
    }
}

fn render_row(cells_text: &[String], widths: &[usize], numeric: &[bool]) -> String {
    cells_text
        .iter()
        .zip(widths)
        .zip(numeric)
        .map(|((c, w), n)| cells::pad_to_width(c, *w, *n))
        .collect::<Vec<_>>()
        .join(" │ ")
        .trim_end()
        .to_string()
}

impl BatchWriter for TableOut {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let names = column_names(batch);
        let rows: Vec<Vec<String>> = cells::batch_cells(batch)?
            .into_iter()
            .map(|r| {
                cells::marked_row(&names, r)
                    .into_iter()
                    .map(|c| match c {
                        Some(c) => cells::escape_control(&c).into_owned(),
                        None => cells::NULL_SHOWN.to_string(),
                    })
                    .collect()
            })
            .collect();
        self.rows += rows.len() as u64;
        match &self.widths {
            None => {
                self.buffered.extend(rows);
                if self.buffered.len() >= TABLE_SAMPLE_ROWS {
                    self.fix_widths()?;
                }
            }
            Some(widths) => {
                let numeric = self.numeric();
                for row in rows {
                    writeln!(self.out, "{}", render_row(&row, widths, &numeric))
                        .map_err(|e| write_err(Format::Table)(&e))?;
                }
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        if self.widths.is_none() {
            self.fix_widths()?;
        }
        self.out.flush().map_err(|e| write_err(Format::Table)(&e))
    }
}
