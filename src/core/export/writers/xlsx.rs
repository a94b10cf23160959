//! The XLSX writer: a sheet made for Excel's users, streamed in constant memory.

use super::*;

/// XLSX keeps numbers as numbers, booleans as booleans and dates as dates, in a sheet made for Excel's users: named
/// after the query, the header bold, frozen and with filter buttons, columns as wide as their values, money with
/// thousands separators and percentages with their sign. Rows stream through rust_xlsxwriter's constant-memory mode.
pub(super) struct XlsxOut {
    workbook: rust_xlsxwriter::Workbook,
    out: Box<dyn Write + Send>,
    next_row: u32,
    date_format: rust_xlsxwriter::Format,
    /// Each column's number format, where its name says what its numbers are.
    number_formats: Vec<Option<rust_xlsxwriter::Format>>,
    /// The widest value seen in each column (display columns; CJK counts two), header included.
    widths: Vec<usize>,
    /// Where the result's `source_id` and `source_quote` columns are, when it has both.
    source_columns: Option<(usize, usize)>,
    /// Each data row that names a source: its row in the sheet, its source and its quote.
    provenance: Vec<(u32, String, String)>,
    /// The sources the rows name: id, title, publisher, date.
    sources: Vec<[String; 4]>,
}

/// At most this many rows' provenance are listed on the second sheet; past it, a line says how many more there are.
const XLSX_PROVENANCE_ROWS: usize = 100_000;

/// The rows a column's width is measured over: enough for a sheet to look right, bounded for a million rows.
const XLSX_MEASURED_ROWS: u32 = 10_000;
/// No column wider than this (display columns): a long quote wraps in Excel rather than pushing the rest away.
const XLSX_MAX_WIDTH: usize = 60;

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
        .take(31)
        .collect();
    let name = name.trim().trim_matches('\'').to_string();
    if name.is_empty() {
        "qlake".into()
    } else {
        name
    }
}

/// The number format a column's name and type call for: money (`…_yuan`, amounts, budgets) with thousands separators
/// and two decimals, a share in percent (`…_pct`, `…share…`) with its sign, other integers with thousands separators
/// but years and ids as they are.
fn number_format(name: &str, data_type: &DataType) -> Option<rust_xlsxwriter::Format> {
    if !data_type.is_numeric() {
        return None;
    }
    let name = name.to_ascii_lowercase();
    if name.ends_with("_yuan") || name.contains("amount") || name.contains("budget") {
        Some(rust_xlsxwriter::Format::new().set_num_format("#,##0.00"))
    } else if name.ends_with("_pct") || name.contains("share") || name.contains("percent") {
        Some(rust_xlsxwriter::Format::new().set_num_format("0.0\"%\""))
    } else if data_type.is_integer()
        && !name.contains("year")
        && !name.ends_with("_no")
        && !name.ends_with("_id")
    {
        Some(rust_xlsxwriter::Format::new().set_num_format("#,##0"))
    } else {
        None
    }
}

/// XLSX sheets hold 1,048,576 rows, one of them the header.
const XLSX_MAX_DATA_ROWS: u32 = 1_048_575;

impl XlsxOut {
    pub(super) fn new(
        schema: SchemaRef,
        out: Box<dyn Write + Send>,
        title: &str,
    ) -> Result<XlsxOut> {
        let xerr = write_err(Format::Xlsx);
        let mut workbook = rust_xlsxwriter::Workbook::new();
        // Constant-memory sheets spill into temporary files: in qlake's own temp folder, not the system's (where the
        // sandbox gives no right when the lake lies beneath it).
        let temp = crate::core::scratch::settings()?;
        workbook.set_tempdir(&temp.temp_dir).map_err(|e| xerr(&e))?;
        let header = rust_xlsxwriter::Format::new().set_bold();
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(|e| xerr(&e))?;
        sheet.set_name(sheet_name(title)).map_err(|e| xerr(&e))?;
        sheet.set_freeze_panes(1, 0).map_err(|e| xerr(&e))?;
        let mut widths = Vec::new();
        for (i, field) in schema.fields().iter().enumerate() {
            let col =
                u16::try_from(i).map_err(|_| Error::Invalid("too many columns for XLSX".into()))?;
            sheet
                .write_string_with_format(0, col, field.name(), &header)
                .map_err(|e| xerr(&e))?;
            // The filter button takes a little room of its own.
            widths.push(unicode_width::UnicodeWidthStr::width(field.name().as_str()) + 3);
        }
        Ok(XlsxOut {
            workbook,
            out,
            next_row: 1,
            date_format: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
            number_formats: schema
                .fields()
                .iter()
                .map(|f| number_format(f.name(), f.data_type()))
                .collect(),
            widths,
            source_columns: schema
                .index_of("source_id")
                .ok()
                .zip(schema.index_of("source_quote").ok()),
            provenance: Vec::new(),
            sources: Vec::new(),
        })
    }
}

impl XlsxOut {
    /// The second sheet: each row that names a source, with the document's title, publisher and date beside its quote.
    fn provenance_sheet(&mut self) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
        let header = rust_xlsxwriter::Format::new().set_bold();
        let sheet = self.workbook.add_worksheet();
        sheet.set_name("来源 sources")?;
        sheet.set_freeze_panes(1, 0)?;
        let heads = [
            "row",
            "source_id",
            "title",
            "publisher",
            "published_on",
            "source_quote",
        ];
        for (c, h) in heads.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &header)?;
        }
        let shown = self.provenance.len().min(XLSX_PROVENANCE_ROWS);
        for (i, (row, id, quote)) in self.provenance.iter().take(shown).enumerate() {
            let at = i as u32 + 1;
            sheet.write_number(at, 0, f64::from(*row))?;
            sheet.write_string(at, 1, id)?;
            if let Some([_, title, publisher, date]) = self.sources.iter().find(|s| s[0] == *id) {
                sheet.write_string(at, 2, title)?;
                sheet.write_string(at, 3, publisher)?;
                sheet.write_string(at, 4, date)?;
            }
            sheet.write_string(at, 5, quote)?;
        }
        if self.provenance.len() > shown {
            sheet.write_string(
                shown as u32 + 1,
                0,
                format!("… and more rows name a source past the first {XLSX_PROVENANCE_ROWS}"),
            )?;
        }
        for (c, width) in [6.0, 24.0, 40.0, 24.0, 12.0, 80.0].iter().enumerate() {
            sheet.set_column_width(c as u16, *width)?;
        }
        sheet.autofilter(0, 0, shown as u32, 5)?;
        Ok(())
    }
}

impl BatchWriter for XlsxOut {
    fn sources_wanted(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .provenance
            .iter()
            .map(|(_, id, _)| id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    fn set_sources(&mut self, sources: Vec<[String; 4]>) {
        self.sources = sources;
    }

    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let xerr = write_err(Format::Xlsx);
        let rows = u32::try_from(batch.num_rows()).unwrap_or(u32::MAX);
        if self.next_row.saturating_add(rows) > XLSX_MAX_DATA_ROWS + 1 {
            return Err(Error::Invalid(format!(
                "XLSX holds at most {XLSX_MAX_DATA_ROWS} rows; export this result as csv or parquet"
            )));
        }
        let text = cells::batch_rows(batch)?;
        let sheet = self
            .workbook
            .worksheet_from_index(0)
            .map_err(|e| xerr(&e))?;
        for (r, row_text) in text.iter().enumerate() {
            let row = self.next_row + r as u32;
            if let Some((id, quote)) = self.source_columns
                && !batch.column(id).is_null(r)
                && !batch.column(quote).is_null(r)
                && self.provenance.len() <= XLSX_PROVENANCE_ROWS
            {
                self.provenance
                    .push((row + 1, row_text[id].clone(), row_text[quote].clone()));
            }
            for (c, column) in batch.columns().iter().enumerate() {
                let col = c as u16;
                if column.is_null(r) {
                    continue;
                }
                if row <= XLSX_MEASURED_ROWS
                    && let Some(width) = self.widths.get_mut(c)
                {
                    *width =
                        (*width).max(unicode_width::UnicodeWidthStr::width(row_text[c].as_str()));
                }
                write_xlsx_cell(
                    sheet,
                    row,
                    col,
                    column.as_ref(),
                    r,
                    &row_text[c],
                    (
                        &self.date_format,
                        self.number_formats.get(c).and_then(Option::as_ref),
                    ),
                )
                .map_err(|e| xerr(&e))?;
            }
        }
        self.next_row += rows;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let xerr = write_err(Format::Xlsx);
        let sheet = self
            .workbook
            .worksheet_from_index(0)
            .map_err(|e| xerr(&e))?;
        for (c, width) in self.widths.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            sheet
                .set_column_width(col, (*width).min(XLSX_MAX_WIDTH) as f64 + 1.0)
                .map_err(|e| xerr(&e))?;
        }
        if let Some(last_col) = self.widths.len().checked_sub(1) {
            let last_col = u16::try_from(last_col).unwrap_or(u16::MAX);
            sheet
                .autofilter(0, 0, self.next_row.saturating_sub(1), last_col)
                .map_err(|e| xerr(&e))?;
        }
        if !self.provenance.is_empty() {
            self.provenance_sheet().map_err(|e| xerr(&e))?;
        }
        let mut out = self.out;
        self.workbook
            .save_to_writer(&mut out)
            .map_err(|e| xerr(&e))?;
        out.flush().map_err(|e| xerr(&e))
    }
}

fn write_xlsx_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    array: &dyn Array,
    index: usize,
    text: &str,
    formats: (&rust_xlsxwriter::Format, Option<&rust_xlsxwriter::Format>),
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let (date_format, number_format) = formats;
    match array.data_type() {
        DataType::Boolean => {
            sheet.write_boolean(row, col, array.as_boolean().value(index))?;
        }
        t if t.is_numeric() => match text.parse::<f64>() {
            Ok(n) => {
                match number_format {
                    Some(format) => sheet.write_number_with_format(row, col, n, format)?,
                    None => sheet.write_number(row, col, n)?,
                };
            }
            Err(_) => {
                sheet.write_string(row, col, text)?;
            }
        },
        DataType::Date32 | DataType::Date64 => {
            match rust_xlsxwriter::ExcelDateTime::parse_from_str(text) {
                Ok(d) => {
                    sheet.write_date_with_format(row, col, &d, date_format)?;
                }
                Err(_) => {
                    sheet.write_string(row, col, text)?;
                }
            }
        }
        _ => {
            sheet.write_string(row, col, text)?;
        }
    }
    Ok(())
}
