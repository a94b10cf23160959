use super::*;

fn grid() -> Grid {
    Grid::new(GridQuery {
        sql: crate::core::gate::check("SELECT 1 AS a").unwrap().into(),
        params: Vec::new(),
        label: "t".into(),
    })
}

#[test]
fn sort_and_filter_are_pushed_into_sql() {
    let mut g = grid();
    g.columns = vec!["a".into(), "b".into()];
    g.sort = vec![("a".into(), true)];
    g.filter = Some(Filter::Equals {
        column: "a".into(),
        value: Some("1".into()),
    });
    let (sql, params) = g.page_sql(2).unwrap();
    let sql = sql.as_str();
    assert!(
        sql.contains("WHERE CAST(\"a\" AS STRING) = $qlake_filter"),
        "{sql}"
    );
    assert!(
        sql.ends_with("ORDER BY \"a\" DESC NULLS LAST, \"b\" ASC NULLS LAST LIMIT 200 OFFSET 400"),
        "{sql}"
    );
    assert_eq!(params.len(), 1);
}

#[test]
fn a_short_page_tells_the_total() {
    let mut g = grid();
    g.store_page(
        0,
        vec!["a".into()],
        vec![true],
        vec![vec![Some("x".into())]; 16],
        20,
    );
    assert_eq!(g.total, Some(16));
    let mut g = grid();
    g.store_page(
        0,
        vec!["a".into()],
        vec![true],
        vec![vec![Some("x".into())]; PAGE_ROWS as usize],
        20,
    );
    assert_eq!(g.total, None, "a full page may have more behind it");
    g.store_page(
        3,
        vec!["a".into()],
        vec![true],
        vec![vec![Some("x".into())]; 5],
        20,
    );
    assert_eq!(g.total, Some(3 * PAGE_ROWS + 5));
}

#[test]
fn only_a_few_pages_are_kept() {
    let mut g = grid();
    g.total = Some(1_000_000);
    for p in 0..50 {
        g.set_cursor(p * PAGE_ROWS, 20);
        g.store_page(
            p,
            vec!["a".into()],
            vec![true],
            vec![vec![Some("x".into())]; PAGE_ROWS as usize],
            20,
        );
    }
    assert!(g.pages.len() <= KEPT_PAGES);
    assert!(g.pages.contains_key(&49));
}

#[test]
fn language_picks_one_of_each_pair() {
    let cols: Vec<String> = [
        "name_zh",
        "name_en",
        "rating",
        "rating_zh",
        "source_quote",
        "year",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(visible_columns(&cols, true), vec![0, 3, 5]);
    assert_eq!(visible_columns(&cols, false), vec![1, 2, 5]);
    // An enterprise's bare `name` is its Chinese name; `tier` (万) has its English beside it.
    let cols: Vec<String> = ["name", "name_en", "tier", "tier_en"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(visible_columns(&cols, true), vec![0, 2]);
    assert_eq!(visible_columns(&cols, false), vec![1, 3]);
}

#[test]
fn cursor_scrolls_the_window() {
    let mut g = grid();
    g.total = Some(100);
    g.move_cursor(30, 10);
    assert_eq!((g.cursor, g.top), (30, 21));
    g.move_cursor(1000, 10);
    assert_eq!(g.cursor, 99);
    g.move_cursor(-1000, 10);
    assert_eq!((g.cursor, g.top), (0, 0));
}

#[test]
fn the_end_before_the_count_lands_comes_back_onto_the_last_row() {
    // `G` before the total is known sends the cursor far down; the count (or a short page) brings it back.
    let mut g = grid();
    g.move_cursor(i64::MAX / 2, 10);
    assert!(g.cursor > 1_000_000);
    g.set_total(45, 10);
    assert_eq!((g.cursor, g.top), (44, 35));
    let mut g = grid();
    g.move_cursor(i64::MAX / 2, 10);
    g.set_cursor(g.cursor, 10);
    g.store_page(
        0,
        vec!["a".into()],
        vec![true],
        vec![vec![Some("x".into())]; 16],
        10,
    );
    assert_eq!((g.cursor, g.top), (15, 6));
}
