use super::*;

fn checked(sql: &str) -> CheckedSql {
    gate::check(sql).expect("checked")
}

#[test]
fn placeholders_become_literals_and_the_rest_stays_as_written() {
    let sql = checked(
        "SELECT '$not_me' AS a, x -- $nor_me\nFROM t WHERE p = $project_id AND y = $year AND c IS NOT DISTINCT FROM $city",
    );
    let params = vec![
        ("project_id".to_string(), Value::Text("HB-2021-03".into())),
        ("year".to_string(), Value::Integer(2021)),
        ("city".to_string(), Value::Null),
    ];
    let rendered = render(&sql, &params, Dialect::Standard).expect("rendered");
    assert_eq!(
        rendered.as_str(),
        "SELECT '$not_me' AS a, x -- $nor_me\nFROM t WHERE p = 'HB-2021-03' AND y = CAST('2021' AS BIGINT) \
         AND c IS NOT DISTINCT FROM NULL"
    );
}

#[test]
fn spark_reads_quoted_identifiers_in_backquotes_and_strings_written_from_duckdbs_value() {
    let sql = checked(
        "SELECT \"tier\" AS value, 'a \"b\"' AS s, \"odd\"\"name`\" FROM (SELECT 1 AS \"tier\", 2 AS \"odd\"\"name`\") AS \"v\" ORDER BY \"tier\" -- done",
    );
    assert_eq!(
        engine_text(&sql, Dialect::Spark, None).expect("spark"),
        "SELECT `tier` AS value, 'a \"b\"' AS s, `odd\"name``` FROM (SELECT 1 AS `tier`, 2 AS `odd\"name```) AS `v` ORDER BY `tier`  "
    );
}

/// With a database, each of the lake's tables (not a CTE, not a column of the same name) is sent qualified, at
/// the place DuckDB's parse says it stands.
#[test]
fn the_lake_tables_are_sent_in_the_engines_database() {
    let sql = checked(
        "WITH cities AS (SELECT 1 AS c) SELECT p.province_code, \"projects\".year, e.enterprise_id \
         FROM provinces p JOIN \"projects\" ON true, enterprises e, cities WHERE p.chains IS NULL",
    );
    let parts = vec!["hive".to_string(), "lake".to_string()];
    assert_eq!(
        engine_text(&sql, Dialect::Spark, Some(&parts)).expect("spark"),
        "WITH cities AS (SELECT 1 AS c) SELECT p.province_code, `projects`.year, e.enterprise_id \
         FROM `hive`.`lake`.`provinces` p JOIN `hive`.`lake`.`projects` ON true, `hive`.`lake`.`enterprises` e, \
         cities \
         WHERE p.chains IS NULL"
    );
}

/// DuckDB's parser reads a Unicode space outside strings as a plain one, so the places it gives for the tables
/// are in a shorter text than the lexer's: such a statement is not qualified at all (found by an attack, where
/// `/*\u{3000}…*/` moved the qualifier from a lake table onto a CTE's name), and between tokens the engine gets
/// ASCII blanks.
#[test]
fn a_unicode_space_outside_strings_is_never_qualified_by_guesswork() {
    let parts = vec!["lakedb".to_string()];
    for sql in [
        "SELECT * /* 省份\u{3000}代码 */ FROM provinces",
        "WITH secrets AS (SELECT 1 AS x) SELECT * /*\u{3000}\u{3000}\u{3000}\u{3000}\u{a0}*/ FROM secrets, provinces",
        "SELECT *\u{3000}FROM provinces",
    ] {
        match engine_text(&checked(sql), Dialect::MySql, Some(&parts)) {
            Err(Error::Usage(m)) => assert!(m.contains("Unicode space"), "{sql}: {m}"),
            other => panic!("{sql}: {other:?}"),
        }
    }
    // In a string it is a value like any other, and the table is placed.
    assert_eq!(
        engine_text(
            &checked("SELECT '\u{3000}' AS s FROM provinces"),
            Dialect::MySql,
            Some(&parts)
        )
        .expect("mysql"),
        "SELECT '\u{3000}' AS s FROM `lakedb`.`provinces`"
    );
    // DuckDB's lexer reads `x\u{3000}FROM` as one word (its parser as two): not sent either way.
    assert!(
        engine_text(
            &checked("SELECT 1 AS x\u{3000}FROM provinces"),
            Dialect::Spark,
            None
        )
        .is_err()
    );
}

/// A database name from the command line or the config file is written as quoted names, never as SQL: a backquote
/// in it is doubled, and `${` cannot be written at all.
#[test]
fn a_hostile_database_name_stays_a_name() {
    let sql = checked("SELECT * FROM provinces");
    let hostile = vec!["x` UNION SELECT * FROM secrets --".to_string()];
    assert_eq!(
        engine_text(&sql, Dialect::Spark, Some(&hostile)).expect("spark"),
        "SELECT * FROM `x`` UNION SELECT * FROM secrets --`.`provinces`"
    );
    let substituted = vec!["${spark.app.name}".to_string()];
    assert!(engine_text(&sql, Dialect::Spark, Some(&substituted)).is_err());
}

/// The audit's injection: `'%\'` is one complete string to DuckDB (the gate's reading), but on Spark `\'`
/// escaped the quote, so the string ran on and the rendered value became SQL. Written from DuckDB's value, the
/// backslash is `\u005c` and the value stays one literal.
#[test]
fn a_backslash_before_a_quote_cannot_turn_a_value_into_sql_on_spark() {
    let sql = checked(
        "SELECT province_code, name_en FROM provinces WHERE name_en NOT LIKE '%\\' AND province_code = $code",
    );
    for payload in [
        "OR 1=1 --",
        "UNION SELECT enterprise_id, name FROM enterprises --",
        "UNION ALL SELECT value, value FROM text.`/etc/passwd` --",
        "' OR '1'='1",
        "\\' OR 1=1 --",
        "${x}",
    ] {
        let rendered = render(
            &sql,
            &[("code".into(), Value::Text(payload.into()))],
            Dialect::Standard,
        )
        .expect("rendered");
        let spark = engine_text(&rendered, Dialect::Spark, None).expect("spark");
        assert!(
            spark.starts_with(
                "SELECT province_code, name_en FROM provinces WHERE name_en NOT LIKE '%\\u005c' AND province_code = '"
            ),
            "{spark}"
        );
        // The value's literal holds no quote, backslash or dollar of its own: one string token to Spark.
        let literal = spark.rsplit_once("province_code = ").expect("literal").1;
        let inner = &literal[1..literal.len() - 1];
        assert!(!inner.contains('\'') && !inner.contains('$'), "{literal}");
        assert!(
            inner.split("\\u").skip(1).all(|e| e.len() >= 4),
            "{literal}"
        );
    }
    // The values the audit saw differ: each string is written from DuckDB's value.
    let values = checked(
        "SELECT 'it''s' AS v, length('C:\\new\\table') AS n, 'a\\tb' = 'a' || chr(9) || 'b' AS tab",
    );
    assert_eq!(
        engine_text(&values, Dialect::Spark, None).expect("spark"),
        "SELECT 'it\\u0027s' AS v, length('C:\\u005cnew\\u005ctable') AS n, 'a\\u005ctb' = 'a' || chr(9) || 'b' AS tab"
    );
    // Nothing of the engine's own reading survives: no comment, no `${…}` however it is made.
    assert!(
        engine_text(
            &checked("SELECT \"${x}\" FROM (SELECT 1 AS \"${x}\")"),
            Dialect::Spark,
            None
        )
        .is_err()
    );
    assert_eq!(
        engine_text(
            &checked("SELECT 1 /* '*/ AS x -- ' \nFROM provinces"),
            Dialect::Spark,
            None
        )
        .expect("spark"),
        "SELECT 1   AS x   \nFROM provinces"
    );
    // What Spark (or Sail) reads apart where DuckDB read one name: a Unicode space, a `$…$` (found by the review).
    for sql in [
        "SELECT value\u{a0}FROM\u{a0}otherdb.secrets",
        "SELECT a$t$ FROM (SELECT 1 AS a$t$)",
        "SELECT 1 AS 省份",
    ] {
        assert!(
            engine_text(&checked(sql), Dialect::Spark, None).is_err(),
            "{sql}"
        );
    }
    assert!(engine_text(&checked("SELECT 1 AS \"省份\""), Dialect::Spark, None).is_ok());
    let escaped = checked("SELECT E'a\\nb' AS e, $$x'y$$ AS d");
    assert_eq!(
        engine_text(&escaped, Dialect::Spark, None).expect("spark"),
        "SELECT 'a\nb' AS e, 'x\\u0027y' AS d"
    );
}

/// The MySQL family reads strings with backslash escapes, `"…"` as a string, `#` as a comment and `||` as OR:
/// strings are written from DuckDB's value, names in backquotes, and what it reads apart is refused.
#[test]
fn a_mysql_family_engine_gets_strings_names_and_null_safe_equality_its_way() {
    let sql = checked(
        "SELECT \"name\" AS \"v\", 'it''s C:\\new' AS s, E'a\\tb' AS t FROM provinces p \
         WHERE p.city IS NOT DISTINCT FROM NULL -- note\nAND x is  not\tdistinct  from y",
    );
    assert_eq!(
        engine_text(&sql, Dialect::MySql, None).expect("mysql"),
        "SELECT `name` AS `v`, 'it''s C:\\\\new' AS s, 'a\tb' AS t FROM provinces p \
         WHERE p.city <=> NULL  \nAND x <=> y"
    );
    let parts = vec!["hive".to_string(), "lake".to_string()];
    assert_eq!(
        engine_text(
            &checked("SELECT * FROM provinces"),
            Dialect::MySql,
            Some(&parts)
        )
        .expect("mysql"),
        "SELECT * FROM `hive`.`lake`.`provinces`"
    );
    for (sql, says) in [
        ("SELECT 'a' || 'b'", "`||` is OR"),
        ("SELECT 1::BIGINT", "`::`"),
        ("SELECT 1 WHERE 1 IS DISTINCT FROM 2", "IS DISTINCT FROM"),
        ("SELECT 1 AS 省份", "cannot be written"),
    ] {
        match engine_text(&checked(sql), Dialect::MySql, None) {
            Err(Error::Usage(m)) => assert!(m.contains(says), "{sql}: {m}"),
            other => panic!("{sql}: {other:?}"),
        }
    }
    // `<=>` binds as `=` and LIKE do: only operands that cannot take another operator are rewritten.
    for sql in [
        "SELECT * FROM provinces WHERE name_en IS NOT DISTINCT FROM 'x' LIKE 'H%'",
        "SELECT * FROM provinces WHERE name_en IS NOT DISTINCT FROM name_zh = name_en",
        "SELECT * FROM provinces WHERE name_en = name_zh IS NOT DISTINCT FROM true",
        "SELECT * FROM provinces WHERE NOT name_en IS NOT DISTINCT FROM name_zh",
    ] {
        match engine_text(&checked(sql), Dialect::MySql, None) {
            Err(Error::Usage(m)) => assert!(m.contains("in brackets"), "{sql}: {m}"),
            other => panic!("{sql}: {other:?}"),
        }
    }
    assert_eq!(
        engine_text(
            &checked(
                "SELECT (a.x IS NOT DISTINCT FROM coalesce(b.y, 1)) AS same FROM provinces a \
                 LEFT JOIN cities b ON (b.name_en) IS NOT DISTINCT FROM (a.name_en) LEFT JOIN chains c ON true"
            ),
            Dialect::MySql,
            None
        )
        .expect("mysql"),
        "SELECT (a.x <=> coalesce(b.y, 1)) AS same FROM provinces a \
         LEFT JOIN cities b ON (b.name_en) <=> (a.name_en) LEFT JOIN chains c ON true"
    );
    // MySQL substitutes nothing: `${x}` is a name like any other.
    assert_eq!(
        engine_text(
            &checked("SELECT \"${x}\" FROM (SELECT 1 AS \"${x}\")"),
            Dialect::MySql,
            None
        )
        .expect("mysql"),
        "SELECT `${x}` FROM (SELECT 1 AS `${x}`)"
    );
    // A value's literal ends where DuckDB's ends, in either of MySQL's modes: no quote but doubled ones, and every
    // backslash doubled.
    for raw in ["a'b", "a\\", "\\'", "'\\'; -- #", "\\\\''", "\0\u{1a}"] {
        let lit = literal(&Value::Text(raw.into()), Dialect::MySql);
        let inner = &lit[1..lit.len() - 1];
        assert!(!inner.replace("''", "").contains('\''), "{lit}");
        assert!(
            !inner
                .replace("\\\\", "")
                .replace("\\0", "")
                .replace("\\Z", "")
                .contains('\\'),
            "{lit}"
        );
    }
    assert_eq!(Dialect::remote("Doris").expect("doris"), Dialect::MySql);
    assert!(matches!(Dialect::remote("oracle"), Err(Error::Usage(m)) if m.contains("`mysql`")));
}

#[test]
fn placeholders_are_named_once_in_order_and_never_inside_text_or_comments() {
    let sql = checked("SELECT '$a' AS s, $b AS b, $c -- $d\nFROM t WHERE x = $b");
    assert_eq!(placeholders(&sql).expect("names"), vec!["b", "c"]);
    assert!(placeholders(&checked("SELECT ?")).is_err());
}

#[test]
fn positional_parameters_take_every_placeholder_in_order_and_leave_the_text_alone() {
    let sql = checked("SELECT '$not_me' AS a, $b AS b -- $c\nFROM t WHERE x = $a AND y = $b");
    let params = vec![
        ("a".to_string(), Value::Text("x' OR '1'='1".into())),
        ("b".to_string(), Value::Integer(7)),
    ];
    let (text, values) = positional(&sql, &params).expect("positional");
    assert_eq!(
        text.as_str(),
        "SELECT '$not_me' AS a, ? AS b -- $c\nFROM t WHERE x = ? AND y = ?"
    );
    assert_eq!(
        values,
        vec![
            Value::Integer(7),
            Value::Text("x' OR '1'='1".into()),
            Value::Integer(7)
        ]
    );
}

#[test]
fn a_missing_value_or_a_positional_placeholder_is_named() {
    let missing = render(&checked("SELECT $a"), &[], Dialect::Standard);
    assert!(matches!(missing, Err(Error::Usage(m)) if m.contains("`a`")));
    let positional = render(&checked("SELECT $1"), &[], Dialect::Standard);
    assert!(matches!(positional, Err(Error::Usage(m)) if m.contains("$1")));
}

/// Each literal is the very value DuckDB binds for it, whatever the text holds.
#[test]
fn a_standard_literal_is_the_value_duckdb_binds() {
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    for value in [
        Value::Text("CN-HB'; DROP TABLE x; --".into()),
        Value::Text("back\\slash \\' and 引号’".into()),
        Value::Integer(i64::MIN),
        Value::Decimal("1234.5".into()),
        Value::Boolean(true),
        Value::Date("2024-05-01".into()),
    ] {
        let same: bool = conn
            .query_row(
                &format!("SELECT ? = {}", literal(&value, Dialect::Standard)),
                [crate::core::engine::bound(&value)],
                |row| row.get(0),
            )
            .expect("compare");
        assert!(same, "{value:?}");
    }
}

/// In Spark's dialect no value can end its literal early or escape its closing quote: the literal holds no quote
/// and no backslash but the `\u` escapes, and the gate reads it as one string.
#[test]
fn a_spark_literal_holds_no_quote_and_passes_the_gate_as_one_string() {
    for raw in ["a'b", "a\\", "\\'", "'\\'; --", "\\\\''", "引号’\n"] {
        let lit = literal(&Value::Text(raw.into()), Dialect::Spark);
        let inner = &lit[1..lit.len() - 1];
        assert!(!inner.contains('\''), "{lit}");
        assert!(
            !inner
                .replace("\\u0027", "")
                .replace("\\u005c", "")
                .contains('\\'),
            "{lit}"
        );
        let decoded = inner.replace("\\u0027", "'").replace("\\u005c", "\\");
        assert_eq!(decoded, raw);
        let sql = render(
            &checked("SELECT $v AS v"),
            &[("v".into(), Value::Text(raw.into()))],
            Dialect::Spark,
        )
        .expect("passes the gate");
        let tokens = gate::tokens(sql.as_str());
        assert_eq!(
            tokens.iter().filter(|t| t.kind == TokenKind::Text).count(),
            1,
            "{sql}"
        );
    }
}
