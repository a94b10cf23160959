//! Paging by position gives the rows LIMIT/OFFSET gives: a whole table's pages are read from the files they fall in
//! (their row counts from the footers), and a grid's pages, whatever its sort and filter, are the rows of its
//! statement with LIMIT/OFFSET.

use proptest::prelude::*;
use qlake::core::backend::Backend;
use qlake::core::engine::Engine;
use qlake::core::gate;
use qlake::tui::grid::{Filter, Grid, GridQuery, PAGE_ROWS};
use qlake::tui::jobs::{Job, Outcome, Slot, Target, Work};

use crate::support::open;

type Rows = Vec<Vec<Option<String>>>;

/// A generated lake whose enterprises lie in many files of uneven length (a page often runs over two or three), one
/// of them with quotes and a semicolon in its name.
fn many_files() -> &'static (tempfile::TempDir, std::path::PathBuf) {
    static LAKE: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    LAKE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let lake = dir.path().join("lake");
        qlake::core::generate::generate_in_files_of(&lake, 12_000, 7, 150).expect("generate");
        let folder = lake.join("enterprises").join("province_code=CN-HB");
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .expect("folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        assert!(files.len() > 2, "{files:?}");
        std::fs::rename(&files[1], folder.join("it's \"odd\"; DROP.parquet")).expect("rename");
        (dir, lake)
    })
}

fn offset_page(engine: &Engine, base: &str, offset: u64, limit: u64) -> Rows {
    let sql = gate::check(&format!("{base} LIMIT {limit} OFFSET {offset}")).expect("checked");
    cells(engine.collect(&sql, &[], "test").expect("offset page").1)
}

fn cells(batches: Vec<arrow::array::RecordBatch>) -> Rows {
    batches
        .iter()
        .flat_map(|b| qlake::core::cells::batch_cells(b).expect("cells"))
        .collect()
}

fn count(engine: &Engine, table: &str) -> u64 {
    crate::support::scalar(engine, &format!("SELECT count(*) FROM {table}"))
        .parse()
        .expect("count")
}

/// Every table of the lake, at offsets around every file's first row and at random ones.
#[test]
fn a_whole_table_read_by_position_is_the_offset_page() {
    let (_, lake) = many_files();
    let engine = open(lake);
    let tables: Vec<String> = engine.tables().iter().map(|t| t.name.clone()).collect();
    let mut positional = 0;
    for table in &tables {
        let total = count(&engine, table);
        let base = format!("SELECT * FROM {table}");
        let mut offsets = vec![0, total.saturating_sub(1), total, total + 5];
        // Each file's first row, and a page ending just inside it.
        let mut start = 0u64;
        for file in &engine
            .tables()
            .iter()
            .find(|t| &t.name == table)
            .expect("table")
            .files
        {
            let rows = crate::support::scalar(
                &engine,
                &format!(
                    "SELECT num_rows FROM parquet_file_metadata('{}')",
                    file.display().to_string().replace('\'', "''")
                ),
            )
            .parse::<u64>()
            .expect("rows");
            offsets.extend([start, start.saturating_sub(PAGE_ROWS - 1), start + rows / 2]);
            start += rows;
        }
        assert_eq!(
            start, total,
            "{table}: the footers' row counts add up to count(*)"
        );
        for offset in offsets {
            let page = engine
                .table_page(table, offset, PAGE_ROWS)
                .unwrap_or_else(|| panic!("{table}: not paged by position"))
                .expect("page");
            assert_eq!(page.total, total, "{table}");
            assert_eq!(
                cells(page.batches),
                offset_page(&engine, &base, offset, PAGE_ROWS),
                "{table} at {offset}"
            );
            positional += 1;
        }
    }
    assert!(tables.iter().any(|t| t == "enterprises"));
    assert!(positional > 100, "{positional}");
    // A name the lake has no table of is not paged by position.
    assert!(engine.table_page("no_such_table", 0, PAGE_ROWS).is_none());
}

fn page_of(engine: &Engine, grid: &Grid, page: u64) -> (Rows, Option<u64>, bool) {
    let work = grid.page_work(page).expect("work");
    let by_position = matches!(work, Work::TablePage { .. });
    let job = Job {
        id: 1,
        target: Target::Page {
            slot: Slot::Console,
            page,
            generation: grid.generation(),
        },
        work,
    };
    match qlake::tui::jobs::execute(engine, &job).outcome {
        Outcome::Rows { rows, total, .. } => (rows, total, by_position),
        other => panic!("page {page}: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A grid over a whole table, with a random sort and filter (or none), shows on any page the rows its statement
    /// gives with LIMIT/OFFSET.
    #[test]
    fn a_grids_page_is_the_offset_page_whatever_its_sort_and_filter(
        sort in prop_oneof![2 => Just(Vec::new()), 3 => proptest::collection::vec((0usize..12, any::<bool>()), 1..3)],
        filter in prop_oneof![
            4 => Just(None),
            1 => Just(Some(Filter::Contains("CN-H".into()))),
            1 => Just(Some(Filter::Equals { column: "province_code".into(), value: Some("CN-HB".into()) })),
            1 => Just(Some(Filter::Equals { column: "city_code".into(), value: None })),
        ],
        fraction in 0.0f64..1.2,
    ) {
        let (_, lake) = many_files();
        let engine = open(lake);
        let mut grid = Grid::new(GridQuery {
            sql: gate::check("SELECT * FROM enterprises").expect("checked").into(),
            params: Vec::new(),
            label: "console".into(),
        });
        let names = column_names(&engine);
        grid.columns = names.clone();
        for (i, descending) in sort {
            let column = names[i % names.len()].clone();
            if !grid.sort.iter().any(|(c, _)| *c == column) {
                grid.sort.push((column, descending));
            }
        }
        grid.filter = filter;
        let whole = grid.sort.is_empty() && grid.filter.is_none();
        let (view, params) = grid.view_sql().expect("view");
        prop_assert!(params.iter().all(|(n, _)| n.starts_with("qlake_")));
        let shown: u64 = {
            let counted = gate::check(&format!("SELECT count(*) FROM ({view})")).expect("count");
            let (_, batches) = engine.collect(&counted, &params, "test").expect("count");
            qlake::core::cells::batch_cells(&batches[0]).expect("cells")[0][0]
                .as_deref()
                .expect("n")
                .parse()
                .expect("number")
        };
        let page = ((shown as f64 * fraction) as u64) / PAGE_ROWS;
        let (rows, total, by_position) = page_of(&engine, &grid, page);
        prop_assert_eq!(by_position, whole, "a whole table, and only one, is paged by position");
        if whole {
            // The row count comes with the page: the grid runs no count.
            prop_assert_eq!(total, Some(shown));
        }
        let offset = gate::check(&format!("{view} LIMIT {PAGE_ROWS} OFFSET {}", page * PAGE_ROWS))
            .expect("checked");
        let expected = cells(engine.collect(&offset, &params, "test").expect("offset").1);
        prop_assert_eq!(rows, expected);
    }
}

fn column_names(engine: &Engine) -> Vec<String> {
    let sql = gate::check("SELECT * FROM enterprises LIMIT 0").expect("checked");
    let (schema, _) = engine.collect(&sql, &[], "test").expect("columns");
    schema.fields().iter().map(|f| f.name().clone()).collect()
}

/// Only exactly `SELECT * FROM <table>` reads a table whole, as DuckDB's parser sees it: any clause, alias, column
/// list, CTE or qualified name leaves the statement to LIMIT/OFFSET.
#[test]
fn only_a_plain_scan_reads_a_table_whole() {
    for (sql, whole) in [
        ("SELECT * FROM enterprises", Some("enterprises")),
        (
            "select *\n  from \"enterprises\";  -- all of it",
            Some("enterprises"),
        ),
        ("FROM enterprises", Some("enterprises")),
        ("SELECT * FROM Enterprises", Some("Enterprises")),
        ("SELECT * FROM enterprises WHERE true", None),
        ("SELECT * FROM enterprises LIMIT 10", None),
        ("SELECT * FROM enterprises OFFSET 1", None),
        ("SELECT * FROM enterprises ORDER BY 1", None),
        ("SELECT DISTINCT * FROM enterprises", None),
        ("SELECT * FROM enterprises e", None),
        ("SELECT * FROM enterprises AS e(a)", None),
        ("SELECT *, 1 FROM enterprises", None),
        ("SELECT * EXCLUDE (name_zh) FROM enterprises", None),
        ("SELECT * REPLACE (1 AS name_zh) FROM enterprises", None),
        ("SELECT COLUMNS(*) FROM enterprises", None),
        ("SELECT enterprises.* FROM enterprises", None),
        ("SELECT * FROM enterprises TABLESAMPLE 10%", None),
        ("SELECT * FROM enterprises USING SAMPLE 10", None),
        ("SELECT * FROM main.enterprises", None),
        (
            "WITH enterprises AS (SELECT 1 AS x) SELECT * FROM enterprises",
            None,
        ),
        ("SELECT * FROM enterprises, provinces", None),
        (
            "SELECT * FROM enterprises UNION ALL SELECT * FROM enterprises",
            None,
        ),
        ("SELECT * FROM enterprises GROUP BY ALL", None),
        ("SELECT * FROM enterprises QUALIFY true", None),
        ("SELECT * FROM read_parquet('x.parquet')", None),
        ("SELECT * FROM (SELECT * FROM enterprises)", None),
    ] {
        let checked = gate::check(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert_eq!(checked.whole_table(), whole, "{sql}");
    }
}

/// Positions found for a table's files are found again when a file is rewritten in place with other rows (same
/// name): pages and the count are the file's as it now is. Two tables whose names differ only in case are one view in
/// DuckDB (the last declared): neither is paged by position.
#[test]
fn a_rewritten_file_or_an_ambiguous_name_is_never_paged_from_old_positions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lake = dir.path().join("lake");
    qlake::core::generate::generate_in_files_of(&lake, 3_000, 11, 120).expect("generate");
    let engine = open(&lake);
    let base = "SELECT * FROM enterprises";
    let total = count(&engine, "enterprises");
    let offset = total / 2;
    let page = |engine: &Engine| {
        engine
            .table_page("enterprises", offset, PAGE_ROWS)
            .expect("by position")
            .expect("page")
    };
    assert_eq!(
        cells(page(&engine).batches),
        offset_page(&engine, base, offset, PAGE_ROWS)
    );
    // The first file rewritten with its first ten rows only.
    let first = engine
        .tables()
        .iter()
        .find(|t| t.name == "enterprises")
        .expect("table")
        .files[0]
        .clone();
    let tmp = dir.path().join("rewritten.parquet");
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    conn.execute_batch(&format!(
        "COPY (SELECT * FROM read_parquet('{}') LIMIT 10) TO '{}' (FORMAT parquet)",
        first.display(),
        tmp.display()
    ))
    .expect("rewrite");
    std::fs::rename(&tmp, &first).expect("rename");
    let after = page(&engine);
    let now = count(&engine, "enterprises");
    assert!(now < total);
    assert_eq!(after.total, now);
    assert_eq!(
        cells(after.batches),
        offset_page(&engine, base, offset, PAGE_ROWS)
    );

    crate::support::copy_dir(&lake.join("provinces"), &lake.join("Provinces"));
    let engine = open(&lake);
    let names: Vec<&str> = engine.tables().iter().map(|t| t.name.as_str()).collect();
    assert!(
        names.contains(&"Provinces") && names.contains(&"provinces"),
        "{names:?}"
    );
    for name in ["provinces", "Provinces", "PROVINCES"] {
        assert!(engine.table_page(name, 0, PAGE_ROWS).is_none(), "{name}");
    }
}
