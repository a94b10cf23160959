//! A sheet of a workbook into DuckDB, streamed: the zip's parts and the sheet's declared dimension are checked
//! against limits before anything is unpacked or allocated for them, then the cells are read one at a time, in the
//! file's order, each row appended as soon as it is whole. Memory holds one row and the workbook's shared strings,
//! whatever the sheet declares.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xlsx};
use duckdb::Connection;

use super::input::{check_columns, load_text_rows};
use super::limits::{self, At};
use crate::core::error::{Error, Result};

/// The sheet (the named one, else the first) into the temp table `text_rows`: the first row that holds a value names
/// the columns, from its first value on; numbers that are whole are written without `.0`, dates as `YYYY-MM-DD`.
/// Returns the header's names and the sheet's name.
pub fn load(
    conn: &Connection,
    file: &File,
    path: &Path,
    sheet: Option<&str>,
) -> Result<(Vec<String>, String)> {
    // calamine's arithmetic on a crafted file (a dimension that ends before it starts, a row number past 2³²) panics;
    // that is a file qlake cannot read, said as such, not a crash with a backtrace. The panic's own words are kept
    // for the message while the workbook is read.
    let said = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let previous = std::panic::take_hook();
    let heard = std::sync::Arc::clone(&said);
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut said) = heard.lock() {
            *said = Some(message);
        }
    }));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        load_unguarded(conn, file, path, sheet)
    }));
    std::panic::set_hook(previous);
    read.unwrap_or_else(|_| {
        let why = said.lock().ok().and_then(|s| s.clone()).unwrap_or_default();
        let lang = crate::i18n::process_lang();
        Err(Error::Invalid(crate::tr!(
            lang,
            "core-xlsx-malformed",
            file = path.display().to_string(),
            why = why
        )))
    })
}

fn load_unguarded(
    conn: &Connection,
    file: &File,
    path: &Path,
    sheet: Option<&str>,
) -> Result<(Vec<String>, String)> {
    let at = |e: &dyn std::fmt::Display| invalid(path, e);
    let lang = crate::i18n::process_lang();
    let file_name = path.display().to_string();
    check_parts(file, path)?;
    let mut book: Xlsx<_> = Xlsx::new(BufReader::new(At::new(file))).map_err(|e| at(&e))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                let separator = crate::tr!(lang, "err-list-separator");
                Error::Invalid(crate::tr!(
                    lang,
                    "core-xlsx-no-such-sheet",
                    file = &file_name,
                    sheet = s,
                    sheets = names.join(separator.as_str())
                ))
            })?,
        None => names.first().cloned().ok_or_else(|| {
            Error::Invalid(crate::tr!(lang, "core-xlsx-no-sheet", file = &file_name))
        })?,
    };
    let mut cells = book.worksheet_cells_reader(&name).map_err(|e| at(&e))?;
    let declared = cells.dimensions();
    check_declared(path, &name, declared.start, declared.end)?;

    let mut stream = Stream {
        path,
        sheet: &name,
        cells_seen: 0,
    };
    // The header: the first row holding a value.
    let mut pending: Option<(u32, u32, String)> = None;
    let mut header_cells: Vec<(u32, String)> = Vec::new();
    let mut header_row = None;
    // The reader is not asked again once it has said the sheet ended (it would read past `</sheetData>`).
    let mut ended = false;
    loop {
        let Some(cell) = cells.next_cell().map_err(|e| at(&e))? else {
            ended = true;
            break;
        };
        let (row, col) = cell.get_position();
        let Some(text) = stream.admit(row, col, cell.get_value())? else {
            continue;
        };
        match header_row {
            None => header_row = Some(row),
            Some(r) if r != row => {
                pending = Some((row, col, text));
                break;
            }
            Some(_) => {}
        }
        header_cells.push((col, text));
    }
    let Some(header_row) = header_row else {
        return Err(Error::Invalid(crate::tr!(
            lang,
            "core-xlsx-sheet-empty",
            file = &file_name,
            sheet = &name
        )));
    };
    let origin = header_cells.iter().map(|(c, _)| *c).min().unwrap_or(0);
    let width = header_cells
        .iter()
        .map(|(c, _)| (c - origin) as usize + 1)
        .max()
        .unwrap_or(0);
    let mut header = vec![String::new(); width];
    for (col, text) in header_cells {
        header[(col - origin) as usize] = text.trim().to_string();
    }
    check_columns(path, &header)?;

    // The data rows: each row whole before it is appended; a row of nothing but empty cells is left out.
    let mut current: Option<(u32, Vec<Option<String>>)> = None;
    let mut rows = std::iter::from_fn(|| -> Option<Result<Vec<Option<String>>>> {
        loop {
            let next = match pending.take() {
                Some(cell) => Some(cell),
                None if ended => None,
                None => match cells.next_cell() {
                    Err(e) => return Some(Err(at(&e))),
                    Ok(None) => {
                        ended = true;
                        None
                    }
                    Ok(Some(cell)) => {
                        let (row, col) = cell.get_position();
                        match stream.admit(row, col, cell.get_value()) {
                            Err(e) => return Some(Err(e)),
                            Ok(None) => continue,
                            Ok(Some(text)) => Some((row, col, text)),
                        }
                    }
                },
            };
            let Some((row, col, text)) = next else {
                return current.take().map(|(_, values)| Ok(values));
            };
            if row == header_row {
                // A crafted sheet may repeat its header row later; its cells are the header's.
                continue;
            }
            if col < origin || col - origin >= width as u32 {
                return Some(Err(Error::Invalid(crate::tr!(
                    lang,
                    "core-xlsx-cell-without-header",
                    file = &file_name,
                    sheet = &name,
                    cell = cell_name(row, col),
                    value = text.chars().take(40).collect::<String>(),
                    row = (header_row + 1).to_string()
                ))));
            }
            let finished = match &current {
                Some((r, _)) if *r != row => current.take(),
                _ => None,
            };
            let values = &mut current.get_or_insert_with(|| (row, vec![None; width])).1;
            values[(col - origin) as usize] = Some(text);
            if let Some((_, values)) = finished {
                return Some(Ok(values));
            }
        }
    });
    load_text_rows(conn, header.len(), &mut rows, path)?;
    Ok((header, name))
}

/// Counts what a sheet holds, refusing it as soon as it holds more than qlake imports.
struct Stream<'a> {
    path: &'a Path,
    sheet: &'a str,
    cells_seen: u64,
}

impl Stream<'_> {
    /// The cell's text, or `None` for an empty cell (a style without a value); an error for a cell beyond the
    /// limits.
    fn admit(&mut self, row: u32, col: u32, value: &DataRef<'_>) -> Result<Option<String>> {
        if matches!(value, DataRef::Empty) {
            return Ok(None);
        }
        self.cells_seen += 1;
        if u64::from(row) >= limits::XLSX_MAX_ROWS
            || col as usize >= limits::MAX_COLUMNS
            || self.cells_seen > limits::XLSX_MAX_CELLS
        {
            let lang = crate::i18n::process_lang();
            return Err(Error::Invalid(crate::tr!(
                lang,
                "core-xlsx-cell-beyond",
                file = self.path.display().to_string(),
                sheet = self.sheet,
                cell = cell_name(row, col),
                bounds = bounds(lang)
            )));
        }
        Ok(text_of(&Data::from(value.clone())))
    }
}

fn bounds(lang: crate::i18n::Lang) -> String {
    crate::tr!(
        lang,
        "core-xlsx-bounds",
        rows = limits::XLSX_MAX_ROWS.to_string(),
        columns = limits::MAX_COLUMNS.to_string(),
        cells = limits::XLSX_MAX_CELLS.to_string()
    )
}

/// The sheet's declared dimension (`<dimension ref="A1:XFD1048576"/>`), judged before a cell is read: a sheet
/// declaring more rows than Excel has, or more cells than qlake imports, is refused at once.
fn check_declared(path: &Path, sheet: &str, start: (u32, u32), end: (u32, u32)) -> Result<()> {
    let lang = crate::i18n::process_lang();
    let span = |from: u32, to: u32| u64::from(to).checked_sub(u64::from(from)).map(|d| d + 1);
    let (Some(rows), Some(columns)) = (span(start.0, end.0), span(start.1, end.1)) else {
        return Err(Error::Invalid(crate::tr!(
            lang,
            "core-xlsx-dimension-backwards",
            file = path.display().to_string(),
            sheet = sheet,
            start = cell_name(start.0, start.1),
            end = cell_name(end.0, end.1)
        )));
    };
    let cells = rows.saturating_mul(columns);
    if u64::from(end.0) >= limits::XLSX_MAX_ROWS || cells > limits::XLSX_MAX_CELLS {
        return Err(Error::Invalid(crate::tr!(
            lang,
            "core-xlsx-dimension-too-large",
            file = path.display().to_string(),
            sheet = sheet,
            start = cell_name(start.0, start.1),
            end = cell_name(end.0, end.1),
            rows = rows.to_string(),
            columns = columns.to_string(),
            cells = cells.to_string(),
            bounds = bounds(lang)
        )));
    }
    Ok(())
}

/// What the workbook's parts unpack to, as its zip directory declares (the zip reader stops any part at its declared
/// size): shared strings and styles are held in memory, a sheet is streamed.
fn check_parts(file: &File, path: &Path) -> Result<()> {
    let lang = crate::i18n::process_lang();
    let not_a_workbook = |e: zip::result::ZipError| {
        Error::Invalid(crate::tr!(
            lang,
            "core-xlsx-not-a-workbook",
            file = path.display().to_string(),
            error = e.to_string()
        ))
    };
    let mut zip = zip::ZipArchive::new(BufReader::new(At::new(file))).map_err(not_a_workbook)?;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(not_a_workbook)?;
        let name = String::from_utf8_lossy(part.name_raw()).into_owned();
        let limit = part_limit(&name);
        if part.size() > limit {
            return Err(Error::Invalid(crate::tr!(
                lang,
                "core-xlsx-part-too-large",
                file = path.display().to_string(),
                part = name,
                bytes = part.size().to_string(),
                limit = limit.to_string(),
                limit_human = crate::core::info::human_bytes(limit)
            )));
        }
    }
    Ok(())
}

/// How far a workbook part may unpack: a sheet as Excel names it is streamed, so it may be large; any other part
/// is held in memory by calamine — among them a workbook or shared strings moved beside the sheets, which calamine
/// would find there — and keeps the in-memory bound.
fn part_limit(name: &str) -> u64 {
    let sheet = name
        .strip_prefix("xl/worksheets/sheet")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if sheet {
        limits::XLSX_SHEET_PART_LIMIT
    } else {
        limits::XLSX_PART_LIMIT
    }
}

fn invalid(path: &Path, e: &dyn std::fmt::Display) -> Error {
    Error::Invalid(format!("{}: {e}", path.display()))
}

/// `A1`-style name of a cell (0-based row and column).
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        letters.into_iter().collect::<String>(),
        u64::from(row) + 1
    )
}

fn text_of(cell: &Data) -> Option<String> {
    use calamine::DataType;
    match cell {
        Data::Empty => None,
        Data::String(s) => Some(s.clone()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
        Data::Float(f) => Some(f.to_string()),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(_) | Data::DateTimeIso(_) => cell
            .as_date()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .or_else(|| Some(cell.to_string())),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn only_sheets_named_as_excel_names_them_may_unpack_large() {
        assert_eq!(
            part_limit("xl/worksheets/sheet1.xml"),
            limits::XLSX_SHEET_PART_LIMIT
        );
        assert_eq!(
            part_limit("xl/worksheets/sheet12.xml"),
            limits::XLSX_SHEET_PART_LIMIT
        );
        for held in [
            "xl/worksheets/sharedStrings.xml",
            "xl/worksheets/workbook.xml",
            "xl/worksheets/sheet.xml",
            "xl/worksheets/sub/sheet1.xml",
            "xl/sharedStrings.xml",
            "xl/styles.xml",
        ] {
            assert_eq!(part_limit(held), limits::XLSX_PART_LIMIT, "{held}");
        }
    }

    #[test]
    fn declared_dimensions_beyond_the_limits_are_refused() {
        let p = Path::new("x.xlsx");
        assert!(check_declared(p, "s", (0, 0), (0, 0)).is_ok());
        assert!(check_declared(p, "s", (0, 0), (1_048_575, 30)).is_ok());
        let bomb = check_declared(p, "s", (0, 0), (1_048_575, 16_383))
            .err()
            .unwrap()
            .to_string();
        assert!(bomb.contains("A1:XFD1048576"), "{bomb}");
        assert!(check_declared(p, "s", (0, 0), (4_999_999, 1)).is_err());
        assert!(check_declared(p, "s", (5, 5), (1, 1)).is_err());
    }
}
