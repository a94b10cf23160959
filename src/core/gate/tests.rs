use super::*;

fn passes(sql: &str) {
    if let Err(e) = check(sql) {
        panic!("should pass: {sql:?}: {e}");
    }
}

fn refused(sql: &str) {
    assert!(check(sql).is_err(), "should be refused: {sql:?}");
}

#[test]
fn reads_pass() {
    passes("select 1");
    passes("SELECT 'drop table x; copy' AS s;");
    passes("with a as (select 1) select * from a");
    passes("from range(3)");
    passes("select \"load\" from (select 1 as \"load\") -- copy\n");
    passes("select $$ ; insert $$");
    passes("(select 1) union (select 2)");
    passes("select 1 /* ; drop */");
    passes("explain select 1");
    passes("explain analyze select 1");
    passes("values (1), (2)");
    passes("select * from (select 1) t where exists (select 1)");
}

#[test]
fn writes_and_tricks_are_refused() {
    refused("copy (select 1) to '/tmp/x.csv'");
    refused("select 1; select 2");
    refused("select 1 --\r; copy (select 1) to 'x.parquet'; select 2");
    refused("explain analyze --\rcopy (select 1) to 'x.parquet'");
    refused("explain copy (select 1) to 'x.parquet'");
    // Found by the kernel layer in the attack suite: a COPY in a CTE, an INSERT in a nested CTE.
    refused("with x as (copy (select 1) to 'x.csv') select 1");
    refused(
        "select * from (select * from (with y as (insert into t values (1) returning *) select 1))",
    );
    refused("select 1 union all (with z as (delete from t returning *) select 2)");
    refused("attach 'x.db'");
    refused("install httpfs");
    refused("load httpfs");
    refused("set threads=1");
    refused("pragma version");
    refused("create table x as select 1");
    refused("prepare p as select 1");
    refused("execute p");
    refused("call checkpoint()");
    refused("select * from query('copy x to ''y''')");
    refused("select * from \"query\"('select 1')");
    refused("select * from main.query('select 1')");
    refused("select * from \"checkpoint\"()");
    refused("select * from force_checkpoint()");
    refused("select * from duckdb_settings()");
    refused("select current_setting('allowed_paths')");
    refused("select getenv('HOME')");
    refused("select (select getenv('HOME'))");
    refused("select 'unterminated");
    refused("select 1 /* open");
    refused("");
    refused("  ;  ");
    refused("select 1\0");
}

/// For a remote engine a name is a CTE only where DuckDB's scoping makes it one: a CTE defined later in the same
/// WITH, or in a subquery, does not cover a table of the engine named elsewhere (found by the review of this gate).
#[test]
fn on_a_remote_engine_a_cte_covers_only_the_names_in_its_scope() {
    let lake = ["ratings", "provinces"];
    let only = |sql: &str| only_tables(&check(sql).expect(sql), &lake);
    for sql in [
        "SELECT * FROM secrets, (WITH secrets AS (SELECT 1 AS x) SELECT * FROM secrets) s",
        "WITH a AS (SELECT * FROM secrets), secrets AS (SELECT 1 AS x) SELECT * FROM a",
        "WITH secrets AS (SELECT * FROM secrets) SELECT * FROM secrets",
        "SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x) s, x",
        // DuckDB binds a recursive CTE's anchor where its own name is not yet the CTE: there it names a table.
        "WITH RECURSIVE secrets AS (SELECT * FROM secrets UNION ALL SELECT * FROM secrets) SELECT * FROM secrets",
        "WITH RECURSIVE secrets AS (SELECT * FROM secrets UNION SELECT 1) SELECT * FROM secrets",
        "DESCRIBE ratings",
        "SUMMARIZE SELECT 1 AS x",
        "SHOW TABLES",
    ] {
        assert!(
            matches!(only(sql), Err(Error::Refused { .. })),
            "{sql}: {:?}",
            only(sql)
        );
    }
    for sql in [
        "WITH x AS (SELECT 1 AS v) SELECT * FROM x, ratings",
        "WITH a AS (SELECT 1 AS v), b AS (SELECT * FROM a) SELECT * FROM b",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
        "WITH x AS (SELECT 1 AS v) SELECT * FROM (SELECT * FROM x) s, provinces",
    ] {
        assert!(only(sql).is_ok(), "{sql}: {:?}", only(sql));
    }
}

#[test]
fn nothing_passes_the_gate() {
    assert_eq!(check(NOTHING).unwrap(), nothing());
}

/// Sorted means DuckDB's parse has an outermost ORDER BY; an ORDER BY inside a subquery, a CTE, a window or a
/// string or comment does not sort the result.
#[test]
fn ordered_is_what_duckdbs_parser_says() {
    for (sql, ordered) in [
        ("SELECT 1 AS a ORDER BY a", true),
        ("FROM range(3) ORDER BY range", true),
        ("SELECT 1 AS a UNION ALL SELECT 2 ORDER BY a", true),
        (
            "WITH x AS (SELECT 1 AS a) SELECT * FROM x ORDER BY a DESC",
            true,
        ),
        ("SELECT 1 AS a", false),
        ("SELECT * FROM (SELECT 1 AS a ORDER BY a)", false),
        (
            "WITH x AS (SELECT 1 AS a ORDER BY a) SELECT * FROM x",
            false,
        ),
        ("SELECT row_number() OVER (ORDER BY 1) AS n", false),
        ("SELECT 'ORDER BY 1' AS a -- ORDER BY a", false),
        ("EXPLAIN SELECT 1 AS a ORDER BY a", false),
    ] {
        assert_eq!(check(sql).expect(sql).ordered(), ordered, "{sql}");
    }
    assert!(!nothing().ordered());
}

#[test]
fn the_report_round_trips_escapes() {
    let d = parse_report("function\ttable\t\t\tque\\try\nstatement\tSELECT\n");
    assert_eq!(d.functions, vec![(Position::Table, "que\try".to_string())]);
    assert_eq!(d.statements, vec!["SELECT".to_string()]);
}

#[test]
fn wrapping_is_checked_again() {
    let base = check("select 1 as x -- trailing comment").unwrap();
    let wrapped = base.wrap(|s| format!("SELECT * FROM {s} t")).unwrap();
    assert!(wrapped.as_str().contains("trailing comment\n)"));
    assert!(base.wrap(|s| format!("SELECT 1; DROP TABLE {s}")).is_err());
}

/// What the gate let through once comes back from memory only for the very same text: a statement added after it,
/// a NUL, or a text refused before is parsed and refused as ever, and what memory gives is what a parse gives.
#[test]
fn a_text_passed_before_passes_again_only_as_the_same_text() {
    let text = "SELECT 41 + 1 AS answer FROM range(3)";
    let first = check(text).expect("passes");
    // (Another test may fill the memory and have it forgotten meanwhile: either way the verdict is the parse's.)
    assert_eq!(check(text).expect("passes again"), first);
    assert_eq!(check_anew(text).expect("parsed again"), first);
    for longer in [
        format!("{text}; COPY (SELECT 1) TO 'x.csv'"),
        format!("{text}; DROP TABLE t"),
        format!("{text}\0"),
        format!("WITH w AS (DELETE FROM t RETURNING *) {text}"),
    ] {
        refused(&longer);
        assert!(passed::recall(&longer).is_none(), "{longer:?}");
    }
    let refusal = "ATTACH 'x.db'";
    refused(refusal);
    refused(refusal);
    assert!(passed::recall(refusal).is_none(), "refusals are not kept");
}

/// The partial statement `plan` writes for the unit `u` of `text` over one file, narrowed or not.
fn partial_of(text: &str, narrow: bool) -> String {
    let sql = check(text).expect("checked");
    let units = &parts::parts(&sql).units;
    let unit = units.iter().find(|u| u.cte == "u").expect("the unit u");
    let scan = "SELECT *, file_index AS _qlake_file FROM read_parquet(['/lake/e/new.parquet'])";
    let plan = parts::plan(
        &sql,
        "_qlake_file",
        std::iter::once(parts::Planned {
            unit,
            scan,
            table: "qlake_parts_t",
            narrow,
        }),
    )
    .expect("planned");
    plan.statements[0].partial.clone()
}

/// Whether `partial` reads the table `table` (under `alias`) narrowed to the new file's values.
fn narrowed(partial: &str, table: &str, alias: &str) -> bool {
    let named = if table == alias {
        table.to_string()
    } else {
        format!("{table} as {alias}")
    };
    partial.to_lowercase().contains(&format!(
        "(select * from ({named} semi join (select distinct "
    ))
}

#[test]
fn only_a_table_joined_on_the_split_tables_column_where_it_cannot_outlive_the_join_is_narrowed() {
    // Narrowed: an inner join's or a left join's (the other table on the right) equality with the split table's
    // column, whichever side of `=` and however the names are spelled.
    for (text, alias) in [
        (
            "WITH u AS (SELECT j.year, count(*) AS n FROM enterprises e LEFT JOIN projects j \
             ON j.project_id = e.project_id GROUP BY j.year) SELECT * FROM u",
            "j",
        ),
        (
            "WITH u AS (SELECT J.year, count(*) AS n FROM enterprises E JOIN projects J \
             ON E.project_id = J.project_id AND J.year > 2000 GROUP BY J.year) SELECT * FROM u",
            "j",
        ),
        (
            "WITH u AS (SELECT projects.year, count(*) AS n FROM enterprises LEFT JOIN projects \
             ON enterprises.project_id = projects.project_id GROUP BY projects.year) SELECT * FROM u",
            "projects",
        ),
    ] {
        let partial = partial_of(text, true);
        assert!(narrowed(&partial, "projects", alias), "{text}\n{partial}");
        assert_eq!(partial.matches("read_parquet").count(), 2, "{partial}");
        let whole = partial_of(text, false);
        assert!(!narrowed(&whole, "projects", alias), "{text}\n{whole}");
        assert_eq!(whole.matches("read_parquet").count(), 1, "{whole}");
    }
    // Not narrowed: the other table on a left join's kept side (its rows stay, NULL-extended, whatever they equal;
    // the table on that join's other side is), a name two FROM items go by (DuckDB allows it while no reference is
    // ambiguous: which item an equality constrains is not known), the split table's name twice (nothing is), an
    // unqualified column (either table's), an equality under OR, a comparison other than `=`.
    // (statement, tables left whole, tables narrowed), each table as (name, alias).
    type Tables<'a> = &'a [(&'a str, &'a str)];
    let cases: [(&str, Tables, Tables); 7] = [
        (
            "WITH u AS (SELECT p.province_code, count(*) AS n, count(c.city_code) AS m FROM enterprises e \
             JOIN provinces p ON true LEFT JOIN cities c ON p.province_code = e.province_code \
             AND c.city_code = e.city_code GROUP BY p.province_code) SELECT * FROM u",
            &[("provinces", "p")],
            &[("cities", "c")],
        ),
        (
            "WITH u AS (SELECT count(*) AS n, count(c.city_code) AS m FROM enterprises e \
             JOIN projects p ON p.project_id = e.project_id LEFT JOIN (cities c JOIN provinces p \
             ON p.province_code = c.province_code) ON c.city_code = e.city_code) SELECT * FROM u",
            &[("projects", "p"), ("provinces", "p")],
            &[("cities", "c")],
        ),
        (
            "WITH u AS (SELECT count(*) AS n, count(c.city_code) AS m FROM enterprises e \
             JOIN projects j ON j.project_id = e.project_id LEFT JOIN (cities c JOIN provinces e \
             ON e.province_code = c.province_code) ON c.city_code = e.city_code) SELECT * FROM u",
            &[("projects", "j"), ("cities", "c"), ("provinces", "e")],
            &[],
        ),
        (
            "WITH u AS (SELECT j.year, count(*) AS n FROM enterprises e LEFT JOIN projects j \
             ON j.project_id = project_id GROUP BY j.year) SELECT * FROM u",
            &[("projects", "j")],
            &[],
        ),
        (
            "WITH u AS (SELECT j.year, count(*) AS n FROM enterprises e LEFT JOIN projects j \
             ON j.project_id = e.project_id OR j.year = 2020 GROUP BY j.year) SELECT * FROM u",
            &[("projects", "j")],
            &[],
        ),
        (
            "WITH u AS (SELECT j.year, count(*) AS n FROM enterprises e LEFT JOIN projects j \
             ON j.project_id >= e.project_id GROUP BY j.year) SELECT * FROM u",
            &[("projects", "j")],
            &[],
        ),
        (
            "WITH u AS (SELECT j.year, count(*) AS n FROM enterprises e CROSS JOIN projects j \
             GROUP BY j.year) SELECT * FROM u",
            &[("projects", "j")],
            &[],
        ),
    ];
    for (text, kept, narrowed_too) in cases {
        let partial = partial_of(text, true);
        for (table, alias) in kept {
            assert!(!narrowed(&partial, table, alias), "{text}\n{partial}");
        }
        for (table, alias) in narrowed_too {
            assert!(narrowed(&partial, table, alias), "{text}\n{partial}");
        }
    }
}
