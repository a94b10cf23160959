use super::*;

const Q: &str = "-- name: demo\n-- title: Demo\n-- description: line one\n-- description: line two\n\
    -- param year: integer = 2021 | The year\n-- param p: choice(a, b) optional\n-- param t: text required\n\
    -- drill: other id=project_id\nSELECT $year, $p, $t;\n";

#[test]
fn a_library_for_an_engine_refuses_a_query_not_written_for_it_and_lists_it_still() {
    let embedded = Library::load(None);
    assert!(embedded.runnable("lake-columns").is_ok());
    let spark = Library::load(None).for_engine(SPARK);
    let refused = spark.runnable("lake-columns").map(|q| q.name.clone());
    assert!(
        matches!(&refused, Err(Error::Usage(m)) if m.contains("duckdb only") && m.contains("spark")),
        "{refused:?}"
    );
    assert!(spark.runnable("cities-of-province").is_ok());
    assert!(spark.get("lake-columns").is_ok());
}

/// What the MySQL-family writer makes of the shipped queries: every one written for Spark goes out without a
/// refusal (no `::`, no name read apart) but `where-from`, whose `||` is OR there. None names `mysql` yet: their
/// functions have not been run on Doris or StarRocks (docs/remote.md).
#[test]
fn the_shipped_spark_queries_render_for_the_mysql_family_but_where_from() {
    use crate::core::sql::literals::{Dialect, engine_text};
    let library = Library::load(None);
    let mut refused = Vec::new();
    for query in library.queries.values().filter(|q| q.runs_on(SPARK)) {
        let mut params: Vec<(String, crate::core::sql::Value)> = query
            .params
            .iter()
            .map(|p| (p.name.clone(), crate::core::sql::Value::Null))
            .collect();
        for p in query.params.iter().filter(|p| p.kind == ParamKind::Search) {
            params.push((pinyin_param(&p.name), crate::core::sql::Value::Null));
        }
        let sql = query
            .sql()
            .and_then(|sql| crate::core::sql::literals::render(&sql, &params, Dialect::Standard))
            .and_then(|sql| engine_text(&sql, Dialect::MySql, None));
        if let Err(e) = sql {
            refused.push(format!("{}: {e}", query.name));
        }
    }
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert!(
        refused[0].starts_with("where-from: `||` is OR"),
        "{refused:#?}"
    );
    assert!(!library.queries.values().any(|q| q.runs_on(MYSQL)));
}

/// `choice of TABLE.COLUMN` names the contract's table and column, or the file is refused naming the line: the
/// names that reach SQL are the contract's own, never the file's text.
#[test]
fn a_choice_of_names_only_the_contract_s_columns() {
    let header = |kind: &str| {
        format!("-- name: demo\n-- title: Demo\n-- param p: {kind} optional\nSELECT $p AS p;\n")
    };
    let ok = parse(
        &header("choice of projects.province_code"),
        Path::new("demo.sql"),
        Origin::User,
    )
    .expect("parses");
    assert_eq!(
        ok.params[0].kind,
        ParamKind::ChoiceOf {
            table: "projects",
            column: "province_code"
        }
    );
    for hostile in [
        "choice of secrets.x",
        "choice of projects.x",
        "choice of projects",
        "choice of \"projects\".province_code",
        "choice of projects.province_code);DROP",
        "choice of pg_catalog.pg_settings",
    ] {
        let refused = parse(&header(hostile), Path::new("demo.sql"), Origin::User);
        assert!(
            matches!(&refused, Err(Error::Invalid(m)) if m.contains("demo.sql:3")),
            "{hostile}: {refused:?}"
        );
    }
}

#[test]
fn parses_a_header() {
    let q = parse(Q, Path::new("demo.sql"), Origin::Shipped).expect("parses");
    assert_eq!(q.name, "demo");
    assert_eq!(q.description, "line one line two");
    assert_eq!(q.params.len(), 3);
    assert_eq!(q.params[0].default.as_deref(), Some("2021"));
    assert!(!q.params[0].required);
    assert!(!q.params[1].required);
    assert_eq!(
        q.params[1].kind,
        ParamKind::Choice(vec!["a".into(), "b".into()])
    );
    assert!(q.params[2].required);
    assert_eq!(
        q.drills,
        vec![Drill {
            query: "other".into(),
            bind: vec![("id".into(), "project_id".into())],
            when: None,
        }]
    );
    assert_eq!(q.sql().unwrap().as_str(), "SELECT $year, $p, $t");
}

#[test]
fn bad_headers_name_file_and_line() {
    let e = parse(
        "-- name: x\n-- param y: float\nSELECT $y",
        Path::new("q.sql"),
        Origin::User,
    )
    .unwrap_err();
    assert!(
        e.to_string().starts_with("q.sql:2: unknown parameter type"),
        "{e}"
    );
    let e = parse("-- title: x\nSELECT 1", Path::new("q.sql"), Origin::User).unwrap_err();
    assert!(e.to_string().contains("no `-- name:`"), "{e}");
    let e = parse(
        "-- name: x\n-- param y: integer = abc\nSELECT $y",
        Path::new("q.sql"),
        Origin::User,
    )
    .unwrap_err();
    assert!(e.to_string().contains("not an integer"), "{e}");
    let e = parse(
        "-- name: x\n-- param y: integer\nSELECT 1",
        Path::new("q.sql"),
        Origin::User,
    )
    .unwrap_err();
    assert!(e.to_string().contains("never uses $y"), "{e}");
}

#[test]
fn binds_and_checks_values() {
    let q = parse(Q, Path::new("demo.sql"), Origin::Shipped).expect("parses");
    let bound = q
        .bind(&[("t".into(), "x'; DROP TABLE y; --".into())])
        .expect("binds");
    assert_eq!(bound[0].1, Value::Integer(2021));
    assert_eq!(bound[1].1, Value::Null);
    assert_eq!(bound[2].1, Value::Text("x'; DROP TABLE y; --".into()));
    assert!(
        q.bind(&[])
            .unwrap_err()
            .to_string()
            .contains("needs --param t=")
    );
    assert!(
        q.bind(&[("t".into(), "x".into()), ("year".into(), "20x".into())])
            .unwrap_err()
            .to_string()
            .contains("not an integer")
    );
    assert!(
        q.bind(&[("t".into(), "x".into()), ("p".into(), "c".into())])
            .unwrap_err()
            .to_string()
            .contains("not one of a, b")
    );
    assert!(
        q.bind(&[("t".into(), "x".into()), ("nope".into(), "1".into())])
            .unwrap_err()
            .to_string()
            .contains("no parameter `nope`")
    );
    assert!(
        q.bind(&[("t".into(), "a\0b".into())])
            .unwrap_err()
            .to_string()
            .contains("NUL")
    );
}

#[test]
fn values_parse_by_kind() {
    assert_eq!(
        parse_value(&ParamKind::Date, "2024-02-29"),
        Ok(Value::Date("2024-02-29".into()))
    );
    assert!(parse_value(&ParamKind::Date, "2023-02-29").is_err());
    assert_eq!(
        parse_value(&ParamKind::Decimal, "-12.50"),
        Ok(Value::Decimal("-12.50".into()))
    );
    assert!(parse_value(&ParamKind::Decimal, "1e5").is_err());
    assert_eq!(
        parse_value(&ParamKind::Boolean, "Yes"),
        Ok(Value::Boolean(true))
    );
}

#[test]
fn suggests_close_names() {
    let library = Library::load(None);
    let e = library.get("ratings-by-yaer").unwrap_err();
    assert!(e.to_string().contains("`ratings-by-year`"), "{e}");
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn every_shipped_query_parses() {
    let library = Library::load(None);
    assert!(library.broken.is_empty(), "{:?}", library.broken);
    assert!(library.queries.len() >= 15);
    for q in library.queries.values() {
        for drill in &q.drills {
            let target = library.get(&drill.query).expect("drill target exists");
            for (param, _) in &drill.bind {
                assert!(
                    target.param(param).is_some(),
                    "{}: drill binds unknown {param}",
                    q.name
                );
            }
        }
    }
}

#[test]
fn every_shipped_query_passes_the_gate() {
    let library = Library::load(None);
    assert!(library.broken.is_empty(), "{:?}", library.broken);
    assert!(library.queries.len() >= 19);
    // Shipped queries are checked when first used: every one of them must pass.
    for query in library.queries.values() {
        if let Err(e) = query.sql() {
            panic!("{}: {e}", query.name);
        }
    }
}

#[test]
fn a_user_file_that_writes_is_refused_when_loaded_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dashboard-kpis.sql"),
        "-- name: dashboard-kpis\n-- title: evil\n\nselect 1 as x --\r; COPY (SELECT 'owned') TO 'x.parquet'; select 2\n",
    )
    .unwrap();
    let library = Library::load(Some(dir.path()));
    let shipped = library.get("dashboard-kpis").unwrap();
    assert_eq!(
        shipped.origin,
        Origin::Shipped,
        "the hostile override must not load"
    );
    let message = library
        .broken
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        message.contains("dashboard-kpis.sql:4: refused"),
        "{message}"
    );
}
