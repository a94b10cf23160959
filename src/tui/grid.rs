//! The one result grid: virtual scrolling over a query of any size. Rows are fetched a page at a time
//! (`LIMIT/OFFSET` over the base query, with sort and filter pushed down as SQL); the total is counted separately;
//! only a few pages are kept. What is in flight for a grid lives in the request tracker, keyed by the grid's
//! generation, which changes whenever its rows are reset.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::core::gate::CheckedSql;
use crate::core::sql::Value;
use crate::core::sql::sql_ident;
use crate::tui::jobs::Work;

mod columns;
pub use columns::ViewStep;

/// A composed statement and its parameters.
pub type Composed = (CheckedSql, Vec<(String, Value)>);

pub const PAGE_ROWS: u64 = 200;
/// Pages kept in memory; the grid never holds more than this many pages of any result.
const KEPT_PAGES: usize = 6;

/// A grid's filter: rows whose column equals a value (from the frequency view), or rows containing a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Equals {
        column: String,
        value: Option<String>,
    },
    Contains(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct GridQuery {
    /// A read-only statement, checked when the grid first needs rows; its result is the grid's rows before sort and
    /// filter.
    pub sql: crate::core::gate::Pending,
    pub params: Vec<(String, Value)>,
    /// What the grid shows (a saved query's name, "console", ...).
    pub label: String,
}

/// One cell's display text; `None` is SQL NULL (shown as NULL, never confused with an empty string).
pub type Cell = Option<String>;
pub type Row = Vec<Cell>;

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub rows: Vec<Row>,
}

/// The text of `column` in `row` of a result with `columns` ("" for NULL or a column it does not have).
pub fn cell_text(columns: &[String], row: &Row, column: &str) -> String {
    columns
        .iter()
        .position(|c| c == column)
        .and_then(|i| row.get(i))
        .cloned()
        .flatten()
        .unwrap_or_default()
}

/// Generations are unique across grids, so a grid that replaces another in the same slot never takes its answers.
fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[derive(Debug, Clone)]
pub struct Grid {
    pub query: GridQuery,
    pub columns: Vec<String>,
    pub numeric: Vec<bool>,
    /// Sort keys, the first deciding first: (column, descending).
    pub sort: Vec<(String, bool)>,
    pub filter: Option<Filter>,
    /// Columns hidden with `-` (by name: a result that changes shape keeps them hidden).
    pub hidden: std::collections::BTreeSet<String>,
    /// The filter, sort and hidden columns before each change, the latest last (`u` takes one back).
    pub undo: Vec<ViewStep>,
    pub total: Option<u64>,
    pub pages: BTreeMap<u64, Page>,
    pub cursor: u64,
    pub top: u64,
    pub column: usize,
    /// First scrolled column (column 0 stays frozen on the left).
    pub left: usize,
    pub error: Option<String>,
    /// Changes whenever the rows are reset: answers asked for another generation are dropped.
    generation: u64,
    /// Put the cursor on the first row whose column shows this value (`None`: NULL) when the first page arrives: a
    /// level opened by `:find` or from the overview lands on the row one came for.
    pub seek: Option<(String, Option<String>)>,
    /// Widths set by hand with `<`/`>`, per column index.
    pub widths: std::collections::BTreeMap<usize, u16>,
    /// Show every column the query returns (the console's: its user chose them); else provenance is left to the
    /// where-from popup and only one of each `_zh`/`_en` pair shows.
    pub every_column: bool,
    pub elapsed_ms: Option<u128>,
}

impl Grid {
    pub fn new(query: GridQuery) -> Grid {
        Grid {
            query,
            columns: Vec::new(),
            numeric: Vec::new(),
            sort: Vec::new(),
            filter: None,
            hidden: Default::default(),
            undo: Vec::new(),
            total: None,
            pages: BTreeMap::new(),
            cursor: 0,
            top: 0,
            column: 0,
            left: 1,
            error: None,
            generation: next_generation(),
            every_column: false,
            widths: std::collections::BTreeMap::new(),
            seek: None,
            elapsed_ms: None,
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The columns on screen, in the current language. A column that only repeats a parameter of the query (the
    /// province on every row of a drill level) is left out.
    pub fn visible_columns(&self, chinese: bool) -> Vec<usize> {
        let shown = |i: &usize| {
            self.columns
                .get(*i)
                .is_some_and(|c| !self.hidden.contains(c))
        };
        if self.every_column {
            return (0..self.columns.len()).filter(shown).collect();
        }
        visible_columns(&self.columns, chinese)
            .into_iter()
            .filter(|i| {
                !self.query.params.iter().any(|(name, value)| {
                    self.columns.get(*i) == Some(name) && *value != Value::Null
                })
            })
            .filter(shown)
            .collect()
    }

    /// `<` and `>`: the current column narrower or wider by a few cells.
    pub fn resize_column(&mut self, by: i16, current: u16) {
        let width = self.widths.get(&self.column).copied().unwrap_or(current);
        let width = width.saturating_add_signed(by).clamp(3, 400);
        self.widths.insert(self.column, width);
    }

    /// The base query with filter and sort applied, as the subquery `view` hands to `outer`; the whole statement goes
    /// through the gate again.
    fn compose(&self, outer: impl FnOnce(&str) -> String) -> Result<Composed, String> {
        let mut params = self.query.params.clone();
        let mut clauses = String::new();
        match &self.filter {
            Some(Filter::Equals {
                column,
                value: Some(v),
            }) => {
                // STRING: DuckDB's name for VARCHAR, and Spark SQL's (which wants a length after VARCHAR).
                clauses.push_str(&format!(
                    " WHERE CAST({} AS STRING) = $qlake_filter",
                    sql_ident(column)
                ));
                params.push(("qlake_filter".into(), Value::Text(v.clone())));
            }
            Some(Filter::Equals {
                column,
                value: None,
            }) => {
                clauses.push_str(&format!(" WHERE {} IS NULL", sql_ident(column)));
            }
            Some(Filter::Contains(text)) => {
                // Every cell's text, NULLs left out: functions DuckDB and Spark SQL both have.
                let cells: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| format!("CAST({} AS STRING)", sql_ident(c)))
                    .collect();
                let row = if cells.is_empty() {
                    "''".to_string()
                } else {
                    format!("concat_ws(' ', {})", cells.join(", "))
                };
                // Pinyin (`dangyang`, `dy`) finds the characters it spells: a pattern bound as a value.
                match crate::core::pinyin::pattern(text) {
                    Some(pattern) => {
                        clauses.push_str(&format!(
                            " WHERE (contains(lower({row}), lower($qlake_filter)) \
                             OR regexp_extract({row}, $qlake_pinyin, 0) <> '')"
                        ));
                        params.push(("qlake_pinyin".into(), Value::Text(pattern)));
                    }
                    None => clauses.push_str(&format!(
                        " WHERE contains(lower({row}), lower($qlake_filter))"
                    )),
                }
                params.push(("qlake_filter".into(), Value::Text(text.clone())));
            }
            None => {}
        }
        if !self.sort.is_empty() {
            let keys: Vec<String> = self
                .sort
                .iter()
                .map(|(column, descending)| {
                    format!(
                        "{} {} NULLS LAST",
                        sql_ident(column),
                        if *descending { "DESC" } else { "ASC" }
                    )
                })
                .collect();
            clauses.push_str(&format!(" ORDER BY {}", keys.join(", ")));
            // Rows tied on the sorted columns come in one order, the same on every page and on every engine: without
            // it a tie may land on two pages or none, and two engines order ties as they please.
            for other in self
                .columns
                .iter()
                .filter(|c| !self.sort.iter().any(|(s, _)| s == *c))
            {
                clauses.push_str(&format!(", {} ASC NULLS LAST", sql_ident(other)));
            }
        }
        let sql = self
            .query
            .sql
            .checked()?
            .wrap(|base| outer(&format!("SELECT * FROM {base} AS qlake_view{clauses}")))
            .map_err(|e| e.to_string())?;
        Ok((sql, params))
    }

    /// The base query with filter and sort applied, plus its parameters (what an export of the grid writes).
    pub fn view_sql(&self) -> Result<Composed, String> {
        self.compose(str::to_string)
    }

    pub fn page_sql(&self, page: u64) -> Result<Composed, String> {
        self.compose(|view| format!("{view} LIMIT {PAGE_ROWS} OFFSET {}", page * PAGE_ROWS))
    }

    /// The work to fetch a page. The first page of an unsorted, unfiltered grid streams the query itself and stops
    /// after a page of rows: wrapping it in `LIMIT/OFFSET` costs DuckDB measurably more (docs/performance.md).
    /// A whole lake table as it is (`SELECT * FROM t`, unsorted, unfiltered) is paged by position where the engine
    /// can: no page then costs a scan to its offset.
    pub fn page_work(&self, page: u64) -> Result<Work, String> {
        let by_offset = if page == 0 && self.sort.is_empty() && self.filter.is_none() {
            Work::FirstRows {
                sql: self.query.sql.checked()?.clone(),
                params: self.query.params.clone(),
                limit: PAGE_ROWS as usize,
            }
        } else {
            let (sql, params) = self.page_sql(page)?;
            Work::Rows { sql, params }
        };
        Ok(match self.whole_table() {
            Some(table) => Work::TablePage {
                table: table.to_string(),
                offset: page * PAGE_ROWS,
                limit: PAGE_ROWS,
                otherwise: Box::new(by_offset),
            },
            None => by_offset,
        })
    }

    /// The lake table this grid shows whole, in the order its files are read.
    fn whole_table(&self) -> Option<&str> {
        if !self.sort.is_empty() || self.filter.is_some() || !self.query.params.is_empty() {
            return None;
        }
        self.query.sql.checked().ok()?.whole_table()
    }

    pub fn count_sql(&self) -> Result<Composed, String> {
        self.compose(|view| format!("SELECT count(*) FROM ({view})"))
    }

    /// Frequency of one column over the filtered rows: value, count, share.
    pub fn frequency_query(
        &self,
        lang: crate::i18n::Lang,
        column: &str,
    ) -> Result<GridQuery, String> {
        let c = sql_ident(column);
        let (sql, params) = self.compose(|view| {
            format!(
                "SELECT {c} AS value, count(*) AS count, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct \
                 FROM ({view}) GROUP BY {c} ORDER BY count DESC, value"
            )
        })?;
        Ok(GridQuery {
            sql: sql.into(),
            params,
            label: crate::tr!(
                lang,
                "frequency-label",
                column = crate::i18n::column_label(lang, column),
                query = self.query.label.as_str()
            ),
        })
    }

    pub fn row(&self, index: u64) -> Option<&Row> {
        let page = self.pages.get(&(index / PAGE_ROWS))?;
        page.rows.get((index % PAGE_ROWS) as usize)
    }

    pub fn current_row(&self) -> Option<&Row> {
        self.row(self.cursor)
    }

    /// The current row's cell in `column`: `None` when there is no such column or row, `Some(None)` for NULL.
    pub fn cell(&self, column: &str) -> Option<Option<&str>> {
        let i = self.columns.iter().position(|c| c == column)?;
        self.current_row()?.get(i).map(Option::as_deref)
    }

    /// The current row's text in `column`, NULL and missing as "".
    pub fn text(&self, column: &str) -> String {
        self.cell(column).flatten().unwrap_or_default().to_string()
    }

    /// The current cell's text (NULL as "").
    pub fn current_text(&self) -> String {
        self.current_row()
            .and_then(|r| r.get(self.column))
            .cloned()
            .flatten()
            .unwrap_or_default()
    }

    pub fn current_column(&self) -> Option<&str> {
        self.columns.get(self.column).map(String::as_str)
    }

    /// Pages needed to show rows `top .. top + height` that are not loaded (the caller leaves out those asked for).
    pub fn missing_pages(&self, height: u64) -> Vec<u64> {
        let last = match self.total {
            Some(0) => {
                return if self.pages.is_empty() {
                    vec![0]
                } else {
                    Vec::new()
                };
            }
            Some(t) => (self.top + height).min(t).saturating_sub(1),
            None => self.top + height.saturating_sub(1),
        };
        let (first_page, last_page) = (self.top / PAGE_ROWS, last / PAGE_ROWS);
        (first_page..=last_page)
            .filter(|p| !self.pages.contains_key(p))
            .collect()
    }

    /// The row count, once known: a cursor sent to the end before it was known (`G`) comes back onto the last row.
    pub fn set_total(&mut self, total: u64, height: u64) {
        self.total = Some(total);
        if self.cursor >= total {
            // The last screenful, with the cursor on its last row.
            self.cursor = total.saturating_sub(1);
            self.top = total.saturating_sub(height.max(1));
        }
    }

    pub fn store_page(
        &mut self,
        page: u64,
        columns: Vec<String>,
        numeric: Vec<bool>,
        rows: Vec<Row>,
        height: u64,
    ) {
        if self.columns.is_empty() || self.columns != columns {
            self.columns = columns;
            self.numeric = numeric;
        }
        // A page shorter than a full one is the last: the total is known without running the query again to count
        // it (most drill steps fit in one page; at 100M rows the count cost as much as the step itself).
        let shown = rows.len() as u64;
        let short = shown < PAGE_ROWS && self.total.is_none();
        let sought = self.seek.take().and_then(|(column, value)| {
            let c = self.columns.iter().position(|x| *x == column)?;
            rows.iter()
                .position(|r| r.get(c).cloned().flatten() == value)
                .map(|i| page * PAGE_ROWS + i as u64)
        });
        self.pages.insert(page, Page { rows });
        if let Some(row) = sought {
            self.set_cursor(row, height);
        }
        if short {
            self.set_total(page * PAGE_ROWS + shown, height);
        }
        // Keep the pages nearest the cursor; memory stays flat however far one scrolls.
        while self.pages.len() > KEPT_PAGES {
            let here = self.cursor / PAGE_ROWS;
            let farthest = self.pages.keys().copied().max_by_key(|p| p.abs_diff(here));
            match farthest {
                Some(p) => {
                    self.pages.remove(&p);
                }
                None => break,
            }
        }
    }

    /// Forget rows and totals (after a sort or filter change); the cursor goes to the top, and answers asked for the
    /// old rows will be dropped.
    pub fn reset_rows(&mut self) {
        self.pages.clear();
        self.total = None;
        self.cursor = 0;
        self.top = 0;
        self.error = None;
        self.generation = next_generation();
    }

    pub fn move_cursor(&mut self, delta: i64, height: u64) {
        let max = self.total.unwrap_or(u64::MAX).saturating_sub(1);
        let target = if delta < 0 {
            self.cursor.saturating_sub(delta.unsigned_abs())
        } else {
            self.cursor.saturating_add(delta as u64).min(max)
        };
        self.set_cursor(target, height);
    }

    pub fn set_cursor(&mut self, row: u64, height: u64) {
        self.cursor = row;
        let height = height.max(1);
        if self.cursor < self.top {
            self.top = self.cursor;
        } else if self.cursor >= self.top + height {
            self.top = self.cursor + 1 - height;
        }
    }

    /// The current column onto a visible one when the one it was on is no longer shown (a `:year` that makes the year
    /// column a parameter, a language switch): the next shown to its right, else the last.
    pub fn keep_column_visible(&mut self, visible: &[usize]) {
        if visible.is_empty() || visible.contains(&self.column) {
            return;
        }
        self.column = visible
            .iter()
            .copied()
            .find(|c| *c > self.column)
            .or_else(|| visible.last().copied())
            .unwrap_or(self.column);
    }

    /// Move the current column among the visible ones; the columns scroll to show it when the update ends
    /// (`scroll_to_column`, from the layout the view draws).
    pub fn move_column(&mut self, delta: i64, visible: &[usize]) {
        if visible.is_empty() {
            return;
        }
        let here = visible.iter().position(|c| *c >= self.column).unwrap_or(0) as i64;
        let to = (here + delta).clamp(0, visible.len() as i64 - 1) as usize;
        if let Some(&column) = visible.get(to) {
            self.column = column;
        }
    }
}

/// Columns a grid shows: provenance is left to the where-from popup (`i`), and of a name or vocabulary given in
/// both languages only the reader's: `X_zh` (else a bare `X`, which the contract writes in Chinese where an `X_en`
/// stands beside it) in Chinese, `X_en` (else the bare `X`) in English. The other is in `v` and `i`.
pub fn visible_columns(columns: &[String], chinese: bool) -> Vec<usize> {
    let has = |name: &str| columns.iter().any(|c| c == name);
    columns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let c = c.as_str();
            if c == "source_quote" || c == "source_id" {
                return false;
            }
            if let Some(stem) = c.strip_suffix("_zh") {
                return chinese || !(has(stem) || has(&format!("{stem}_en")));
            }
            if let Some(stem) = c.strip_suffix("_en") {
                return !chinese || !(has(stem) || has(&format!("{stem}_zh")));
            }
            let other = if chinese { "_zh" } else { "_en" };
            !has(&format!("{c}{other}"))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests;
