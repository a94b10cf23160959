use super::*;

/// The one quoting of the project holds for every character a file or a path can bring: a literal and an
/// identifier come back from DuckDB exactly as they went in (DuckDB's standard strings have no backslash
/// escapes), and a NUL byte, which no quoting can carry, makes the statement fail whole instead of cutting it
/// short.
#[test]
fn quoting_holds_for_every_character() {
    let conn = Connection::open_in_memory().expect("duckdb");
    let mut texts: Vec<String> = (1u8..=127).map(|b| char::from(b).to_string()).collect();
    texts.extend(
        [
            "'",
            "''",
            "\\",
            "\\'",
            "'\\",
            "a'); COPY (SELECT 1) TO 'x.csv'; --",
            "\"",
            "\"\"",
            "\"; DROP TABLE t; --",
            "$$",
            "$a$ x $a$",
            "E'\\x41'",
            "/* */",
            "--\n",
            "\r\n\u{b}\u{c}\u{85}\u{2028}",
            "中文「引号」",
            "\u{202e}\u{feff}",
            "{'a': 'VARCHAR'}",
        ]
        .map(String::from),
    );
    for text in &texts {
        let literal: String = conn
            .query_row(&format!("SELECT {}", sql_literal(text)), [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(&literal, text);
        let ident: String = conn
            .query_row(
                &format!(
                    "SELECT column_name FROM (DESCRIBE SELECT 1 AS {})",
                    sql_ident(text)
                ),
                [],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(&ident, text);
    }
    for nul in ["a\0'); COPY (SELECT 1) TO 'x.csv'; --", "\0"] {
        assert!(
            conn.query_row(&format!("SELECT {}", sql_literal(nul)), [], |r| r
                .get::<_, String>(0))
                .is_err()
        );
    }
}

/// The import's DuckDB reads the files it is given, writes the staging file, and touches nothing else; its
/// configuration cannot be unlocked (only its memory limit changes).
#[test]
fn the_import_connection_touches_only_its_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = |name: &str| dir.path().join(name).display().to_string();
    std::fs::write(path("input.csv"), "a\n1\n").expect("input");
    std::fs::write(path("other.csv"), "a\n2\n").expect("other");
    let conn = import_connection(
        &[path("input.csv")],
        Some(&dir.path().join("staged.parquet")),
    )
    .expect("connection");
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    assert_eq!(
        count(&format!(
            "SELECT count(*) FROM read_csv({})",
            sql_literal(&path("input.csv"))
        ))
        .ok(),
        Some(1)
    );
    conn.execute_batch(&format!(
        "COPY (SELECT 1 AS x) TO {} (FORMAT parquet)",
        sql_literal(&path("staged.parquet"))
    ))
    .expect("the staging file is written");
    for refused in [
        format!(
            "SELECT count(*) FROM read_csv({})",
            sql_literal(&path("other.csv"))
        ),
        "SELECT count(*) FROM read_text('/proc/self/environ')".to_string(),
    ] {
        assert!(count(&refused).is_err(), "{refused}");
    }
    for refused in [
        format!("COPY (SELECT 1 AS x) TO {}", sql_literal(&path("out.csv"))),
        format!("ATTACH {} AS other", sql_literal(&path("other.duckdb"))),
        "SET enable_external_access = true".to_string(),
        format!("SET allowed_paths = [{}]", sql_literal(&path("other.csv"))),
        format!("SET allowed_directories = [{}]", sql_literal(&path(""))),
        "SET lock_configuration = false".to_string(),
        "SET allowed_configs = ['enable_external_access']".to_string(),
        "INSTALL json".to_string(),
        "LOAD json".to_string(),
    ] {
        assert!(conn.execute_batch(&refused).is_err(), "{refused}");
    }
    assert!(!dir.path().join("out.csv").exists());
    assert!(!dir.path().join("other.duckdb").exists());
    conn.execute_batch("SET memory_limit = '200MiB'")
        .expect("the memory limit may change");
}

#[test]
fn a_sheet_name_cannot_pass_for_another_option() {
    let one = identity("abc", &["sheet=P\nmap=a=b".to_string()]);
    let two = identity("abc", &["sheet=P".to_string(), "map=a=b".to_string()]);
    assert_ne!(one, two);
    let options = |map: Vec<(&str, &str)>, unit: &str| Options {
        map: map.into_iter().map(|(a, b)| (a.into(), b.into())).collect(),
        units: vec![("budget_yuan".into(), unit.into())],
        encoding: Some("GBK".into()),
        ..Options::default()
    };
    // How the options are written changes nothing: their order, a unit of yuan, an encoding's alias.
    assert_eq!(
        shape(&options(vec![("a", "x"), ("b", "y")], "元"), None),
        shape(
            &Options {
                encoding: Some("x-gbk".into()),
                ..options(vec![("b", "y"), ("a", "x")], "yuan")
            },
            None
        )
    );
    assert!(check_options(&options(vec![("a", "x"), ("a", "y")], "万元")).is_err());
    assert!(
        check_options(&Options {
            short_quotes: Some("  ".into()),
            ..Options::default()
        })
        .is_err()
    );
    assert!(
        check_options(&Options {
            units: vec![("m".into(), "万元".into()), ("m".into(), "亿元".into())],
            ..Options::default()
        })
        .is_err()
    );
}
