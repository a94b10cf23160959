//! A tile computed from per-file parts of its aggregates (`core::engine::partials`) is the tile computed whole: the
//! same columns, types and rows, on a fresh start, after a file is added, rewritten or removed, and after a table the
//! parts join to changes. What counts as a part is DuckDB's parse of the tile's query (`gate/parts.cpp`), and the
//! remembered parts are what the next start reads (a part changed by hand shows, until its file changes).

use std::path::{Path, PathBuf};

use duckdb::arrow::record_batch::RecordBatch;
use qlake::core::backend::Backend;
use qlake::core::engine::Engine;
use qlake::core::gate::parts::{Kind, parts};
use qlake::core::gate::{self, CheckedSql};
use qlake::core::queries::Library;
use qlake::core::sql::Value;

use crate::support::{copy_of_sample, redact_timings, stdout_of};

/// An engine over `lake` that computes every unit from parts, whatever its table's size.
fn open(lake: &Path) -> Engine {
    let mut engine = crate::support::open(lake);
    engine.compute_parts_from(0);
    engine
}

/// A tile's query: its name, statement and parameters.
type Tile = (String, CheckedSql, Vec<(String, Value)>);

/// Every tile query of the shipped library, with its parameters as the dashboard binds them.
fn tiles() -> Vec<Tile> {
    let library = Library::load(None);
    library
        .tiles()
        .into_iter()
        .map(|(_, q)| {
            (
                q.name.clone(),
                q.sql().expect("tile sql"),
                q.bind(&[]).expect("tile params"),
            )
        })
        .collect()
}

fn shipped(name: &str) -> CheckedSql {
    Library::shipped(name).expect("shipped").sql().expect("sql")
}

/// The units of a statement: (CTE, table split by file).
fn units(sql: &CheckedSql) -> Vec<(String, String)> {
    parts(sql)
        .units
        .iter()
        .map(|u| (u.cte.clone(), u.table.clone()))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

/// The shipped tiles that read the large tables count them in units: an import of enterprises recounts one file.
#[test]
fn the_tiles_count_the_large_tables_in_units() {
    let kpis = shipped("dashboard-kpis");
    assert_eq!(
        units(&kpis),
        vec![
            pair("proj", "projects"),
            pair("firms", "enterprises"),
            pair("rated_counts", "ratings"),
        ],
        "{:?}",
        parts(&kpis).refused
    );
    let reconciliations = shipped("reconciliations");
    assert_eq!(
        units(&reconciliations),
        vec![
            pair("project_counts", "projects"),
            pair("rating_counts", "ratings"),
            pair("firm_counts", "enterprises"),
        ],
        "{:?}",
        parts(&reconciliations).refused
    );
    let firms = &parts(&kpis).units[1];
    assert_eq!(
        firms.columns,
        vec![
            ("province_code".to_string(), Kind::Key),
            ("enterprises".to_string(), Kind::Count),
            ("enterprises_real".to_string(), Kind::Count),
        ]
    );
}

/// Only a sum over the rows of one table is a unit: each CTE here differs from one by one thing that makes its
/// answer over all files other than the combination of its answers over each.
#[test]
fn what_is_not_a_sum_over_one_tables_rows_is_no_unit() {
    let unit = |cte: &str| format!("WITH u AS ({cte}) SELECT * FROM u");
    let accepted = [
        "SELECT province_code, count(*) AS n FROM enterprises GROUP BY province_code",
        "SELECT count(*) AS n, sum(employees) AS s, min(name) AS lo, max(name) AS hi FROM enterprises",
        "SELECT e.province_code, j.year AS y, count(e.enterprise_id) FILTER (WHERE NOT e.is_synthetic) AS n \
         FROM enterprises e LEFT JOIN projects j ON j.project_id = e.project_id GROUP BY e.province_code, j.year",
        "SELECT province_code, bool_and(is_synthetic) AS a, bool_or(is_synthetic) AS o FROM enterprises \
         WHERE size_class IN ('small', 'micro') AND employees + 1 > 2 GROUP BY province_code",
    ];
    for cte in accepted {
        let sql = gate::check(&unit(cte)).expect("checked");
        assert_eq!(units(&sql).len(), 1, "{cte}: {:?}", parts(&sql).refused);
    }
    let refused = [
        // A table on a side a join fills with NULLs: a row unmatched in one file may match in another.
        "SELECT count(*) AS n FROM enterprises e RIGHT JOIN projects j ON e.project_id = j.project_id",
        "SELECT count(*) AS n FROM enterprises e FULL JOIN projects j ON e.project_id = j.project_id",
        // The table twice: each pair of rows may lie in two files.
        "SELECT count(*) AS n FROM enterprises a JOIN enterprises b ON a.chain_id = b.chain_id",
        // Aggregates whose parts do not combine by a sum, a minimum or a maximum.
        "SELECT count(DISTINCT chain_id) AS n FROM enterprises",
        "SELECT avg(employees) AS n FROM enterprises",
        "SELECT any_value(name) AS n FROM enterprises",
        "SELECT string_agg(name ORDER BY name) AS n FROM enterprises",
        "SELECT count(*) + 1 AS n FROM enterprises",
        // A key the output does not show, a position, grouping sets, GROUP BY ALL.
        "SELECT count(*) AS n FROM enterprises GROUP BY province_code",
        "SELECT province_code, count(*) AS n FROM enterprises GROUP BY 1",
        "SELECT province_code, count(*) AS n FROM enterprises GROUP BY ROLLUP (province_code)",
        "SELECT province_code, count(*) AS n FROM enterprises GROUP BY ALL",
        // What happens after the grouping, or to the whole result.
        "SELECT province_code, count(*) AS n FROM enterprises GROUP BY province_code HAVING count(*) > 1",
        "SELECT province_code, count(*) AS n FROM enterprises GROUP BY province_code ORDER BY n LIMIT 3",
        "SELECT DISTINCT province_code FROM enterprises",
        "SELECT count(*) AS n FROM enterprises USING SAMPLE 10%",
        // What is not worked out from one row alone, or not the same at another time.
        "SELECT count(*) AS n FROM enterprises WHERE employees > (SELECT avg(employees) FROM enterprises)",
        "SELECT count(*) AS n FROM enterprises WHERE random() < 0.5",
        "SELECT count(*) AS n FROM enterprises WHERE founded < current_date",
        "SELECT count(*) AS n FROM enterprises WHERE founded < CURRENT_TIMESTAMP",
        "SELECT count(*) AS n FROM enterprises e JOIN projects j ON j.owner = \"user\"",
        "SELECT count(*) AS n FROM enterprises WHERE province_code = $province",
        "SELECT upper(province_code) AS p, count(*) AS n FROM enterprises GROUP BY upper(province_code)",
        // Reads what is not a lake table by name.
        "SELECT count(*) AS n FROM read_parquet('x.parquet')",
        "SELECT count(*) AS n FROM main.enterprises",
        "SELECT count(*) AS n FROM (SELECT * FROM enterprises)",
        // A name the scan of a table's files gives that the table's view does not: its file column, a row as a struct.
        "SELECT province_code, count(*) FILTER (WHERE _qlake_file <> '') AS n FROM enterprises GROUP BY province_code",
        "SELECT province_code AS _QLAKE_FILE, count(*) AS n FROM enterprises GROUP BY province_code",
        "SELECT min(e) AS first_row FROM enterprises e",
        "SELECT enterprises AS r, count(*) AS n FROM enterprises GROUP BY enterprises",
        // An output without a name, two outputs of one name.
        "SELECT province_code, count(*) FROM enterprises GROUP BY province_code",
        "SELECT province_code, count(*) AS province_code FROM enterprises GROUP BY province_code",
    ];
    for cte in refused {
        let Ok(sql) = gate::check(&unit(cte)) else {
            continue;
        };
        assert_eq!(units(&sql), vec![], "{cte}");
    }
    // Every name DuckDB's binder reads as the session's or the clock's value when no column has it.
    for name in [
        "current_catalog",
        "current_date",
        "current_schema",
        "current_role",
        "current_time",
        "current_timestamp",
        "current_user",
        "localtime",
        "localtimestamp",
        "session_user",
        "user",
    ] {
        let sql = gate::check(&unit(&format!(
            "SELECT province_code, count(*) AS n FROM enterprises WHERE name <> {name} GROUP BY province_code"
        )));
        if let Ok(sql) = sql {
            assert_eq!(units(&sql), vec![], "{name}");
        }
    }
    // The rows of the table on the left of a left join stay apart: that one is split, the other is whole.
    let left = gate::check(&unit(
        "SELECT count(*) AS n FROM projects j LEFT JOIN enterprises e ON e.project_id = j.project_id",
    ))
    .expect("checked");
    assert_eq!(units(&left), vec![pair("u", "projects")]);
    // A CTE that reads another CTE (which may read anything) is no unit.
    let sql = gate::check(
        "WITH a AS (SELECT * FROM enterprises), u AS (SELECT count(*) AS n FROM a) SELECT * FROM u",
    )
    .expect("checked");
    assert_eq!(units(&sql), vec![]);
}

/// The tile's answer as the engine gives it by parts, and as it gives it whole.
fn both(
    engine: &Engine,
    name: &str,
    sql: &CheckedSql,
    params: &[(String, Value)],
) -> (Vec<RecordBatch>, Vec<RecordBatch>) {
    let by_parts = match engine.collect_by_parts(sql, params, "test") {
        Some(result) => {
            let (rows, combined) = result.expect("by parts");
            assert_eq!(
                combined,
                parts(sql).units.len(),
                "{name}: every unit from parts"
            );
            rows
        }
        None => {
            assert!(
                parts(sql).units.is_empty(),
                "{name} has units, none computed from parts"
            );
            engine.collect_tile(sql, params, "test").expect("tile")
        }
    };
    let whole = engine.collect(sql, params, "test").expect("whole");
    assert_eq!(by_parts.0, whole.0, "the columns and their types");
    (by_parts.1, whole.1)
}

fn same_rows(engine: &Engine, when: &str) {
    for (name, sql, params) in tiles() {
        let (by_parts, whole) = both(engine, &name, &sql, &params);
        let rows = |b: &[RecordBatch]| -> Vec<Vec<Option<String>>> {
            b.iter()
                .flat_map(|b| qlake::core::cells::batch_cells(b).expect("cells"))
                .collect()
        };
        assert_eq!(rows(&by_parts), rows(&whole), "{name}, {when}");
        if name == "dashboard-kpis" || name == "reconciliations" {
            assert!(!rows(&whole).is_empty(), "{name}, {when}");
        }
    }
}

/// A lake whose enterprises and projects lie in many files, one named with quotes and a semicolon.
fn lake_of_many_files() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lake = dir.path().join("lake");
    qlake::core::generate::generate_in_files_of(&lake, 40_000, 11, 300).expect("generate");
    let folder = lake.join("enterprises").join("province_code=CN-HB");
    let first = files_in(&folder).into_iter().next().expect("a file");
    std::fs::rename(&first, folder.join("it's \"odd\"; DROP.parquet")).expect("rename");
    (dir, lake)
}

fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
        .collect();
    files.sort();
    files
}

/// Writes `select` (over `{file}`, the file given) as a new Parquet file at `to`, as another writer of the lake would.
fn write_file(from: &Path, to: &Path, select: &str) {
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    // The file's own columns: a partition's column is its folder's name, not the file's.
    let source = format!(
        "read_parquet('{}', hive_partitioning = false)",
        from.display().to_string().replace('\'', "''")
    );
    let tmp = to.with_extension("tmp");
    conn.execute_batch(&format!(
        "COPY ({}) TO '{}' (FORMAT parquet)",
        select.replace("{file}", &source),
        tmp.display().to_string().replace('\'', "''")
    ))
    .expect("write");
    std::fs::rename(&tmp, to).expect("rename");
}

/// Units joining enterprises to other tables: after an import, the partial statement over the new file reads the
/// projects (and the cities) only where they equal the new file's values; the provinces, on a left join's kept side,
/// whole (narrowed, the new file's rows would lose the other provinces' pairs).
const JOINED: [&str; 3] = [
    "WITH u AS (SELECT e.province_code, J.program_id, J.year, count(*) AS n, count(J.project_id) AS matched \
     FROM enterprises e LEFT JOIN projects J ON e.project_id = J.project_id AND J.year > 2016 \
     GROUP BY e.province_code, J.program_id, J.year) SELECT * FROM u ORDER BY ALL",
    "WITH u AS (SELECT j.kind, count(*) AS n, sum(j.year) AS years FROM enterprises e JOIN projects j \
     ON j.project_id = e.project_id GROUP BY j.kind) SELECT * FROM u ORDER BY ALL",
    "WITH u AS (SELECT p.province_code, count(*) AS n, count(c.city_code) AS m FROM enterprises e \
     JOIN provinces p ON true LEFT JOIN cities c ON p.province_code = e.province_code \
     AND c.city_code = e.city_code GROUP BY p.province_code) SELECT * FROM u ORDER BY ALL",
];

/// Every tile by parts equals the tile whole: at first, after files are added, rewritten and removed, and after the
/// projects the enterprises' unit joins to change.
#[test]
fn every_tile_by_parts_is_the_tile_computed_whole() {
    let (_dir, lake) = lake_of_many_files();
    same_rows(&open(&lake), "first");
    // A unit's text is DuckDB's own writing of its tree: a literal of quotes, a semicolon and a comment stays one.
    let hostile = gate::check(
        "WITH u AS (SELECT province_code, count(*) FILTER (WHERE chain_role <> 'x''); DROP TABLE t; -- \"') AS n \
         FROM enterprises GROUP BY province_code) SELECT * FROM u ORDER BY province_code",
    )
    .expect("checked");
    let engine = open(&lake);
    let (by_parts, whole) = both(&engine, "hostile", &hostile, &[]);
    assert_eq!(by_parts, whole);
    // Names the scan's table function hides (`file_index`) or a CTE that could stand for the parts' table, a column
    // spelled otherwise than the table spells it: the same answer, under the same names.
    for text in [
        "WITH u AS (SELECT year AS file_index, count(*) AS n FROM projects WHERE file_index >= 2020 GROUP BY year) \
         SELECT * FROM u ORDER BY 1",
        "WITH qlake_parts AS (SELECT 'XX' AS province_code, 1 AS n), u AS (SELECT province_code, count(*) AS n \
         FROM enterprises GROUP BY province_code) SELECT * FROM u ORDER BY 1",
        "WITH u AS (SELECT Province_Code, count(*) AS n FROM enterprises GROUP BY Province_Code) SELECT * FROM u \
         ORDER BY 1",
    ] {
        let sql = gate::check(text).expect("checked");
        let (by_parts, whole) = both(&engine, text, &sql, &[]);
        assert_eq!(by_parts, whole, "{text}");
    }
    // A floating sum's parts would add up in another order than the whole: that unit is computed whole, the other
    // from parts.
    let floating = gate::check(
        "WITH f AS (SELECT province_code, sum(CAST(is_synthetic AS DOUBLE)) AS s FROM enterprises \
         GROUP BY province_code), n AS (SELECT province_code, count(*) AS c FROM enterprises GROUP BY province_code) \
         SELECT * FROM f JOIN n USING (province_code) ORDER BY province_code",
    )
    .expect("checked");
    assert_eq!(parts(&floating).units.len(), 2);
    let (rows, combined) = engine
        .collect_by_parts(&floating, &[], "test")
        .expect("by parts")
        .expect("rows");
    assert_eq!(combined, 1);
    assert_eq!(rows, engine.collect(&floating, &[], "test").expect("whole"));
    // Parts remembered: a second engine reads them.
    same_rows(&open(&lake), "remembered");
    // Joins whose other table is narrowed to the new file's values once a file is added (gate/parts.cpp), and one
    // whose other table must not be: their parts remembered now, the new file's computed below.
    let joined: Vec<CheckedSql> = JOINED
        .iter()
        .map(|text| gate::check(text).expect("checked"))
        .collect();
    for (text, sql) in JOINED.iter().zip(&joined) {
        let (by_parts, whole) = both(&engine, text, sql, &[]);
        assert_eq!(by_parts, whole, "{text}");
    }

    let hubei = lake.join("enterprises").join("province_code=CN-HB");
    let files = files_in(&hubei);
    write_file(
        &files[1],
        // Named as hostile text: the narrowed partial statement names the new file twice.
        &hubei.join("added '); DROP TABLE projects; --.parquet"),
        "SELECT * FROM {file} WHERE hash(enterprise_id) % 2 = 0",
    );
    same_rows(&open(&lake), "a file added");
    let engine = open(&lake);
    for (text, sql) in JOINED.iter().zip(&joined) {
        let (by_parts, whole) = both(&engine, text, sql, &[]);
        assert_eq!(by_parts, whole, "a file added: {text}");
    }
    // A small ratings file beside the ratings: the ratings' units join the projects, narrowed to its projects.
    let rating_file = walk(&lake.join("ratings"))
        .into_iter()
        .next()
        .expect("a ratings file");
    write_file(
        &rating_file,
        &rating_file.with_file_name("added-ratings.parquet"),
        "SELECT * FROM {file} WHERE hash(project_id, year) % 5 = 0",
    );
    same_rows(&open(&lake), "a ratings file added");

    write_file(
        &files[2],
        &files[2],
        "SELECT * FROM {file} WHERE hash(enterprise_id) % 3 = 0",
    );
    same_rows(&open(&lake), "a file rewritten");

    std::fs::remove_file(&files[1]).expect("remove");
    same_rows(&open(&lake), "a file removed");

    let projects = lake.join("projects");
    let project_file = walk(&projects).into_iter().next().expect("a projects file");
    write_file(
        &project_file,
        &project_file,
        "SELECT * REPLACE (year + 1 AS year) FROM {file}",
    );
    same_rows(&open(&lake), "the projects changed");

    // Every enterprise gone from one province: its groups vanish from the parts.
    for file in files_in(&hubei) {
        write_file(&file, &file, "SELECT * FROM {file} WHERE false");
    }
    same_rows(&open(&lake), "a province emptied");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|x| x == "parquet") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The dashboard's first screen, headless, as a process with its own cache folder under `home`, computing every unit
/// from parts whatever its table's size.
fn dashboard(home: &Path, lake: &Path) -> String {
    let out = crate::support::succeeded(
        crate::support::qlake(home)
            .env(qlake::core::engine::partials::PARTS_FROM_VAR, "0")
            .arg("--lake")
            .arg(lake)
            .args(["tui", "--headless", "--size", "120x32", "--keys", ""]),
    );
    redact_timings(&String::from_utf8(out.stdout).expect("utf-8"))
}

/// The remembered parts under `home` whose columns are `columns`.
fn parts_with(home: &Path, columns: &[&str]) -> Vec<PathBuf> {
    walk_all(&home.join("cache/parts"))
        .into_iter()
        .filter(|path| {
            let Some(bytes) = part_bytes(path) else {
                return false;
            };
            let Ok(reader) =
                duckdb::arrow::ipc::reader::FileReader::try_new(std::io::Cursor::new(bytes), None)
            else {
                return false;
            };
            let schema = reader.schema();
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            names == columns
        })
        .collect()
}

fn walk_all(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk_all(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// A part file's Arrow bytes, when its checksum (the SHA-256 after them) holds.
fn part_bytes(path: &Path) -> Option<Vec<u8>> {
    use sha2::Digest;
    let mut bytes = std::fs::read(path).ok()?;
    let sum = bytes.split_off(
        bytes
            .len()
            .checked_sub(qlake::core::engine::partials::PART_SUM_BYTES)?,
    );
    (sha2::Sha256::digest(&bytes).as_slice() == sum.as_slice()).then_some(bytes)
}

/// Each count of the column `column` in a part multiplied by 1000, its checksum written again (a change the checksum
/// alone would catch is not what this shows).
fn inflate(part: &Path, column: &str) {
    use duckdb::arrow::array::{Array, Int64Array};
    use sha2::Digest;
    let bytes = part_bytes(part).expect("part");
    let reader = duckdb::arrow::ipc::reader::FileReader::try_new(std::io::Cursor::new(bytes), None)
        .expect("arrow");
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader.map(|b| b.expect("batch")).collect();
    let mut out = Vec::new();
    {
        let mut writer =
            duckdb::arrow::ipc::writer::FileWriter::try_new(&mut out, &schema).expect("writer");
        let index = schema.index_of(column).expect("column");
        for batch in batches {
            let counts = batch
                .column(index)
                .as_any()
                .downcast_ref::<Int64Array>()
                .expect("counts");
            let inflated: Int64Array = (0..counts.len())
                .map(|i| Some(counts.value(i) * 1000))
                .collect();
            let mut columns = batch.columns().to_vec();
            columns[index] = std::sync::Arc::new(inflated);
            writer
                .write(&RecordBatch::try_new(schema.clone(), columns).expect("batch"))
                .expect("write");
        }
        writer.finish().expect("finish");
    }
    let sum = sha2::Sha256::digest(&out);
    out.extend_from_slice(&sum);
    std::fs::write(part, out).expect("write part");
}

/// What the next start reads is the parts remembered, file by file: the sample lake's enterprises counted for the
/// headlines, changed by hand in their part, show in the overview (the results forgotten, so the tile is computed
/// again); with a file added to the table, the changed part still shows beside the new file's, computed; once its
/// own file is rewritten, the figures are a fresh start's.
#[test]
fn the_next_start_combines_the_parts_it_remembered() {
    let lake = copy_of_sample();
    let home = tempfile::tempdir().expect("home");
    let first = dashboard(home.path(), lake.path());
    let fresh = |lake: &Path| dashboard(tempfile::tempdir().expect("home").path(), lake);
    assert_eq!(first, fresh(lake.path()));
    let hubei = |screen: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains("Hubei"))
            .unwrap_or_default()
            .to_string()
    };
    let columns = [
        "province_code",
        "project_program",
        "project_year",
        "chain_role",
        "size_class",
        "firms",
        "firms_real",
    ];
    let firms = parts_with(home.path(), &columns);
    assert_eq!(firms.len(), 1, "one enterprises file in the sample lake");
    inflate(&firms[0], "firms");
    let forget_results =
        || std::fs::remove_dir_all(home.path().join("cache/results")).expect("forget");
    forget_results();
    let tampered = dashboard(home.path(), lake.path());
    assert!(hubei(&tampered).contains("982,000 (1)"), "{tampered}");

    let enterprises = lake.path().join("enterprises");
    let file = walk(&enterprises)
        .into_iter()
        .next()
        .expect("enterprises file");
    write_file(
        &file,
        &enterprises.join("more.parquet"),
        "SELECT * FROM {file} LIMIT 3",
    );
    let added = dashboard(home.path(), lake.path());
    assert_ne!(
        hubei(&added),
        hubei(&fresh(lake.path())),
        "the changed part is still read"
    );
    assert_eq!(
        parts_with(home.path(), &columns).len(),
        2,
        "the new file's part is kept beside"
    );

    write_file(&file, &file, "SELECT * FROM {file}");
    assert_eq!(dashboard(home.path(), lake.path()), fresh(lake.path()));

    // A part damaged, or another unit's part in its place: computed again (or, once, the tile computed whole).
    let kept = parts_with(home.path(), &columns);
    assert_eq!(kept.len(), 2);
    std::fs::write(&kept[0], b"not an Arrow file").expect("damage");
    let other = parts_with(
        home.path(),
        &["province_code", "enterprises", "enterprises_real"],
    );
    std::fs::copy(&other[0], &kept[1]).expect("swap");
    forget_results();
    assert_eq!(dashboard(home.path(), lake.path()), fresh(lake.path()));
    forget_results();
    assert_eq!(dashboard(home.path(), lake.path()), fresh(lake.path()));
    assert_eq!(
        parts_with(home.path(), &columns).len(),
        2,
        "both parts computed again"
    );
}

/// The shipped reconciliations, whose counts are units, give the rows the same checks counted directly give
/// (`reconciliations_direct.sql`), for every measure with and without a chain, programme, years or kind, in every
/// province and in one.
#[test]
fn the_reconciliations_counted_in_units_are_the_direct_counts() {
    let lake = copy_of_sample();
    crate::support::rewrite_table(
        lake.path(),
        "reconciliations",
        "SELECT * FROM {file} UNION ALL \
         SELECT * EXCLUDE (m) REPLACE (check_id || '-' || m AS check_id, m AS measure) FROM {file}, \
         (VALUES ('projects'), ('enterprises'), ('chains'), ('ratings'), ('sme share')) v(m) UNION ALL \
         SELECT * EXCLUDE (y) REPLACE (check_id || '-dated-' || y AS check_id, 'enterprises' AS measure, \
         'HB-WQB' AS program_id, y AS year_from, y AS year_to) FROM {file}, (VALUES (2018), (2019)) v(y) \
         WHERE chain_id IS NOT NULL",
    );
    let engine = open(lake.path());
    let direct = gate::check(include_str!("reconciliations_direct.sql")).expect("direct");
    let shipped = shipped("reconciliations");
    let rows = |sql: &CheckedSql, province: Value| -> Vec<Vec<Option<String>>> {
        let params = vec![("province".to_string(), province)];
        let (_, batches) = engine.collect(sql, &params, "test").expect("rows");
        batches
            .iter()
            .flat_map(|b| qlake::core::cells::batch_cells(b).expect("cells"))
            .collect()
    };
    let chained = crate::support::scalar(
        &engine,
        "SELECT count(*) FROM reconciliations WHERE chain_id IS NOT NULL AND measure = 'sme share'",
    );
    assert_ne!(chained, "0", "checks of one chain for every measure");
    for province in [
        Value::Null,
        Value::Text("CN-HB".into()),
        Value::Text("CN-SN".into()),
    ] {
        let expected = rows(&direct, province.clone());
        let least = if province == Value::Null { 100 } else { 10 };
        assert!(expected.len() > least, "{province:?}: {}", expected.len());
        // A check of one chain's firms of a programme and year counts through the firms' projects: some firms at
        // least (the projects it looks up are the right ones), and none of another year.
        let in_lake = |suffix: &str| -> Vec<f64> {
            expected
                .iter()
                .filter(|r| r[0].as_deref().is_some_and(|c| c.ends_with(suffix)))
                .map(|r| {
                    r[10]
                        .as_deref()
                        .and_then(|n| n.parse().ok())
                        .expect("in_lake")
                })
                .collect()
        };
        if province != Value::Text("CN-SN".into()) {
            assert!(
                in_lake("-dated-2018").iter().any(|n| *n > 0.0),
                "{province:?}"
            );
            assert!(!in_lake("-dated-2019").is_empty(), "{province:?}");
            assert!(
                in_lake("-dated-2019").iter().all(|n| *n == 0.0),
                "{province:?}"
            );
        }
        assert_eq!(rows(&shipped, province.clone()), expected, "{province:?}");
    }
}

/// Below the size from which parts pay (`PARTS_FROM_BYTES`), a unit's table is counted again whole: the sample lake's
/// first start runs its tiles as they are and keeps no parts.
#[test]
fn a_small_table_is_counted_whole() {
    let lake = copy_of_sample();
    let home = tempfile::tempdir().expect("home");
    let args = ["tui", "--headless", "--size", "120x32", "--keys", ""];
    let screen = redact_timings(&stdout_of(home.path(), lake.path(), None, &args));
    assert_eq!(
        screen,
        dashboard(tempfile::tempdir().expect("home").path(), lake.path())
    );
    let parts = home.path().join("cache/parts");
    assert!(
        !parts.exists() || walk_all(&parts).is_empty(),
        "{:?}",
        walk_all(&parts)
    );
    let engine = crate::support::open(lake.path());
    assert!(
        engine
            .collect_by_parts(&shipped("dashboard-kpis"), &[], "test")
            .is_none()
    );
}

/// A file listed twice (a link to a file beside it, which the lake reads twice) has no part of its own: its table's
/// units are counted whole, run after run.
#[test]
fn a_file_listed_twice_is_counted_whole() {
    let (_dir, lake) = lake_of_many_files();
    let hubei = lake.join("enterprises").join("province_code=CN-HB");
    let files = files_in(&hubei);
    std::os::unix::fs::symlink(&files[1], hubei.join("zz-link.parquet")).expect("link");
    let sql = shipped("dashboard-kpis");
    for _ in 0..2 {
        let engine = open(&lake);
        let (rows, combined) = engine
            .collect_by_parts(&sql, &[], "test")
            .expect("by parts")
            .expect("rows");
        assert_eq!(
            combined, 2,
            "projects and ratings from parts, enterprises whole"
        );
        assert_eq!(rows, engine.collect(&sql, &[], "test").expect("whole"));
    }
}

/// A narrowed partial statement DuckDB cannot run where the unit's own runs: `o.id` is the field `id` of the split
/// table's column `o` (the other table has no `id`), which the narrowed other table, first in FROM, cannot see. The
/// unit is planned again as written, and still computed from parts. (The split table is the second table: the first,
/// named twice, is not one whose files could each stand alone.)
#[test]
fn a_narrowing_duckdb_cannot_bind_is_planned_again_as_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lake = dir.path().join("lake");
    let things = lake.join("things");
    let others = lake.join("others");
    std::fs::create_dir_all(&things).expect("things");
    std::fs::create_dir_all(&others).expect("others");
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    let write = |select: &str, to: &Path| {
        conn.execute_batch(&format!(
            "COPY ({select}) TO '{}' (FORMAT parquet)",
            to.display().to_string().replace('\'', "''")
        ))
        .expect("write");
    };
    for (i, from) in [0, 400, 800].iter().enumerate() {
        write(
            &format!(
                "SELECT i % 7 AS key, {{'id': i % 7}} AS o FROM range({from}, {from} + 400) t(i)"
            ),
            &things.join(format!("part-{i}.parquet")),
        );
    }
    write(
        "SELECT i AS code, 'label ' || i AS label FROM range(7) t(i)",
        &others.join("others.parquet"),
    );
    let sql = gate::check(
        "WITH u AS (SELECT t.key, count(*) AS n, count(o.label) AS m FROM others o JOIN things t ON o.id = t.key \
         CROSS JOIN others o2 GROUP BY t.key) SELECT * FROM u ORDER BY ALL",
    )
    .expect("checked");
    assert_eq!(units(&sql), vec![pair("u", "things")]);
    let by_parts = |when: &str| {
        let engine = open(&lake);
        let (rows, combined) = engine
            .collect_by_parts(&sql, &[], "test")
            .unwrap_or_else(|| panic!("{when}: a unit"))
            .unwrap_or_else(|e| panic!("{when}: {e}"));
        assert_eq!(combined, 1, "{when}");
        assert_eq!(
            rows,
            engine.collect(&sql, &[], "test").expect("whole"),
            "{when}"
        );
    };
    by_parts("first");
    // A small new file: its part alone is computed, narrowed first.
    write(
        "SELECT i % 7 AS key, {'id': i % 7} AS o FROM range(50) t(i)",
        &things.join("added.parquet"),
    );
    by_parts("a file added");
}
