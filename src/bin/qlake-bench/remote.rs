//! The remote rows (`qlake --engine URL bench --only remote`): the dashboard's tiles and the drill path's queries on a
//! Flight SQL engine, read whole through qlake's client on a warm connection, against the same saved SQL sent by
//! arrow's ADBC Flight SQL driver from Python (pyarrow and adbc-driver-flightsql, the test bed's venv), also warm. The
//! Python side fills the parameters its own way (written here for it, not qlake's literal renderer), so the ratio is
//! qlake's own cost on the wire: rendering, the client, reading the endpoints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use qlake::core::backend::Backend;
use qlake::core::error::{Error, Result};
use qlake::core::queries::Library;
use qlake::core::remote::RemoteEngine;
use qlake::core::sql::Value;

use super::{Row, median, time};

/// The queries measured. The drill path starts at Hubei and follows the data, as Enter on the first row does: a
/// value written `=column` is that column of the first row of the query before (on the sample lake: Wuhan, its
/// first chain, that chain's first project), so the path is the lake's own at any size.
const QUERIES: [(&str, &[(&str, &str)]); 8] = [
    ("dashboard-kpis", &[]),
    ("dashboard-ratings", &[]),
    ("dashboard-coverage", &[]),
    ("dashboard-funding", &[]),
    ("cities-of-province", &[("province_code", "CN-HB")]),
    (
        "chains-of-city",
        &[("province_code", "CN-HB"), ("city_code", "=city_code")],
    ),
    (
        "projects-of-chain",
        &[
            ("province_code", "CN-HB"),
            ("city_code", "=city_code"),
            ("chain_id", "=chain_id"),
        ],
    ),
    ("enterprises-of-project", &[("project_id", "=project_id")]),
];

/// The first row of a result, column by column (NULL left out).
fn first_row(
    batches: &[arrow::array::RecordBatch],
) -> Result<std::collections::HashMap<String, String>> {
    let mut row = std::collections::HashMap::new();
    if let Some(batch) = batches.iter().find(|b| b.num_rows() > 0) {
        let cells = qlake::core::cells::batch_cells(&batch.slice(0, 1))?;
        let schema = batch.schema();
        let names = schema.fields().iter().map(|f| f.name().clone());
        for (name, cell) in names.zip(cells.into_iter().next().unwrap_or_default()) {
            if let Some(value) = cell {
                row.insert(name, value);
            }
        }
    }
    Ok(row)
}

/// The direct client: runs each query of the JSON on stdin `runs` times on one connection, prints the times (ms).
const DIRECT_CLIENT: &str = r#"
import json, re, sys, time
import adbc_driver_flightsql.dbapi as flight_sql
spec = json.load(sys.stdin)
conn = flight_sql.connect(spec["url"])
cur = conn.cursor()
def literal(kind, value):
    if value is None:
        return "NULL"
    if kind in ("integer", "decimal", "boolean"):
        return value
    text = "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "DATE " + text if kind == "date" else text
times = {}
for q in spec["queries"]:
    sql = q["sql"]
    for name, (kind, value) in sorted(q["params"].items(), key=lambda kv: -len(kv[0])):
        sql = re.sub(r"\$" + name + r"\b", lambda _: literal(kind, value), sql)
    cur.execute(sql)
    cur.fetch_arrow_table()
    spent = []
    for _ in range(spec["runs"]):
        started = time.perf_counter()
        cur.execute(sql)
        cur.fetch_arrow_table()
        spent.append((time.perf_counter() - started) * 1000)
    times[q["name"]] = spent
print(json.dumps(times))
"#;

/// The Python of the test bed's venv, where `scripts/testbed install` makes it (`$QLAKE_TESTBED_VENV`, else
/// `~/.cache/qlake/testbed-venv`), unless given.
pub(super) fn direct_client(given: Option<&Path>) -> PathBuf {
    if let Some(python) = given {
        return python.to_path_buf();
    }
    let venv = std::env::var_os("QLAKE_TESTBED_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache").join("qlake").join("testbed-venv")
        });
    venv.join("bin").join("python")
}

pub(super) fn rows(
    url: &str,
    ca_file: Option<&Path>,
    runs: usize,
    python: &Path,
    lake: &str,
) -> Result<Vec<Row>> {
    let engine = RemoteEngine::connect(url, ca_file)?;
    let library = Library::load(None).for_engine(engine.dialect());
    let mut specs = Vec::new();
    let mut ours = Vec::new();
    let mut before = std::collections::HashMap::new();
    for (name, given) in QUERIES {
        let query = library.runnable(name)?;
        let given: Vec<(String, String)> = given
            .iter()
            .filter_map(|(k, v)| match v.strip_prefix('=') {
                Some(column) => before
                    .get(column)
                    .map(|found: &String| (k.to_string(), found.clone())),
                None => Some((k.to_string(), v.to_string())),
            })
            .collect();
        let params = query.bind(&given)?;
        let sql = query.sql()?;
        // A first run warms the engine's caches for both sides alike; its first row is where the drill goes next.
        let (_, batches) = engine.collect(&sql, &params, name)?;
        before.extend(first_row(&batches)?);
        let mut spent = Vec::new();
        for _ in 0..runs {
            spent.push(time(|| engine.collect(&sql, &params, name))?.0);
        }
        ours.push(median(spent));
        let typed: serde_json::Map<String, serde_json::Value> = params
            .iter()
            .map(|(n, v)| (n.clone(), serde_json::json!([kind(v), text(v)])))
            .collect();
        specs.push(serde_json::json!({"name": name, "sql": sql.as_str(), "params": typed}));
    }
    let theirs = run_direct(python, url, &specs, runs)?;
    Ok(QUERIES
        .iter()
        .zip(ours)
        .map(|((name, _), ms)| {
            let direct = theirs
                .get(*name)
                .and_then(|v| v.as_array())
                .map(|times| median(times.iter().filter_map(|t| t.as_f64()).collect()));
            Row {
                measure: format!("remote: {name}, whole result, warm connection"),
                lake: lake.to_string(),
                qlake_ms: ms,
                duckdb_ms: direct,
                baseline: "ADBC Flight SQL driver (Python), same SQL".into(),
                same_views_ms: None,
                target: "— (qlake's cost on the wire)".into(),
                met: None,
            }
        })
        .collect())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null | Value::Text(_) => "text",
        Value::Integer(_) => "integer",
        Value::Decimal(_) => "decimal",
        Value::Boolean(_) => "boolean",
        Value::Date(_) => "date",
    }
}

fn text(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        other => serde_json::Value::String(other.as_text()),
    }
}

fn run_direct(
    python: &Path,
    url: &str,
    queries: &[serde_json::Value],
    runs: usize,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    let missing = || {
        Error::Invalid(format!(
            "the direct Flight SQL client needs Python with pyarrow and adbc-driver-flightsql at {} \
             (scripts/testbed install makes it; or give --flight-client PYTHON)",
            python.display()
        ))
    };
    let mut child = Command::new(python)
        .args(["-c", DIRECT_CLIENT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| missing())?;
    let input = serde_json::json!({"url": url, "runs": runs, "queries": queries}).to_string();
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .map_err(|e| Error::io(python, e))?;
    }
    let out = child.wait_with_output().map_err(|e| Error::io(python, e))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("ModuleNotFoundError") {
            return Err(missing());
        }
        return Err(Error::Invalid(format!(
            "the direct Flight SQL client failed: {}",
            stderr.trim().lines().last().unwrap_or("")
        )));
    }
    serde_json::from_slice(&out.stdout)
        .map_err(|e| Error::Invalid(format!("the direct Flight SQL client's answer: {e}")))
}
