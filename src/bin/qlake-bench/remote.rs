//! The remote rows (`qlake --engine URL bench --only remote`): the dashboard's tiles and the drill path's queries on a
//! Flight SQL engine, read whole through qlake's client on a warm connection, against the same saved SQL sent by
//! arrow's ADBC Flight SQL driver from Python (pyarrow and adbc-driver-flightsql, the test bed's venv), also warm. The
//! Python side fills the parameters its own way (written here for it, not qlake's literal renderer), so the ratio is
//! qlake's own cost on the wire: rendering, the client, reading the endpoints. The two take turns run by run, so a
//! drift of the engine between runs weighs on both alike.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use qlake::core::backend::Backend;
use qlake::core::error::{Error, Result};
use qlake::core::queries::Library;
use qlake::core::remote::RemoteEngine;
use qlake::core::sql::Value;

use super::{Row, median, time};

/// qlake's client may cost this much more than the direct one on the same engine (issue 37).
const REMOTE_RATIO: f64 = 1.10;

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

/// The direct client, driven a line at a time so its runs alternate with qlake's: `{"add": spec}` prepares a query
/// (parameters filled in) and runs it once to warm it, `{"run": name}` runs it again; each answer is one line, the
/// time in ms of what it ran.
const DIRECT_CLIENT: &str = r#"
import json, re, sys, time
import adbc_driver_flightsql.dbapi as flight_sql
conn = flight_sql.connect(sys.argv[1])
cur = conn.cursor()
def literal(kind, value):
    if value is None:
        return "NULL"
    if kind in ("integer", "decimal", "boolean"):
        return value
    text = "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "DATE " + text if kind == "date" else text
queries = {}
for line in sys.stdin:
    ask = json.loads(line)
    if "add" in ask:
        q = ask["add"]
        sql = q["sql"]
        for name, (kind, value) in sorted(q["params"].items(), key=lambda kv: -len(kv[0])):
            sql = re.sub(r"\$" + name + r"\b", lambda _: literal(kind, value), sql)
        queries[q["name"]] = sql
        name = q["name"]
    else:
        name = ask["run"]
    started = time.perf_counter()
    cur.execute(queries[name])
    table = cur.fetch_arrow_table()
    spent = (time.perf_counter() - started) * 1000
    # Freed outside the timed part, as qlake's side drops its batches after its clock stops.
    del table
    print(spent, flush=True)
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
    let mut direct = DirectClient::start(python, url)?;
    let mut measured = Vec::new();
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
        let typed: serde_json::Map<String, serde_json::Value> = params
            .iter()
            .map(|(n, v)| (n.clone(), serde_json::json!([kind(v), text(v)])))
            .collect();
        let spec = serde_json::json!({"name": name, "sql": sql.as_str(), "params": typed});
        direct.ask(&serde_json::json!({ "add": spec }))?;
        // The two sides take turns, each going first in every other run, so a drift of the engine or the machine
        // between runs falls on both alike.
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for run in 0..runs {
            let mut qlake_run = || -> Result<()> {
                ours.push(time(|| engine.collect(&sql, &params, name))?.0);
                Ok(())
            };
            if run % 2 == 0 {
                qlake_run()?;
                theirs.push(direct.ask(&serde_json::json!({ "run": name }))?);
            } else {
                theirs.push(direct.ask(&serde_json::json!({ "run": name }))?);
                qlake_run()?;
            }
        }
        measured.push((name, median(ours), median(theirs)));
    }
    Ok(measured
        .into_iter()
        .map(|(name, ms, direct)| Row {
            measure: format!("remote: {name}, whole result, warm connection"),
            lake: lake.to_string(),
            qlake_ms: ms,
            duckdb_ms: Some(direct),
            baseline: "ADBC Flight SQL driver (Python), same SQL, runs alternating with qlake's"
                .into(),
            same_views_ms: None,
            target: format!("≤ {REMOTE_RATIO:.2} × the direct client"),
            met: Some(ms <= REMOTE_RATIO * direct),
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

/// How long the direct client may take to answer one request, as long as qlake's client waits on a silent engine.
const ANSWER_LIMIT: Duration = Duration::from_secs(300);

/// The direct client's process (`DIRECT_CLIENT`), asked one thing at a time; ended when dropped. Its output is read on
/// threads of their own, so a request it never answers ends in an error after [`ANSWER_LIMIT`], and what it writes to
/// standard error never fills a pipe nobody reads.
struct DirectClient {
    child: Child,
    asks: ChildStdin,
    answers: Receiver<String>,
    /// The end of what it wrote to standard error.
    complaints: Arc<Mutex<String>>,
    python: PathBuf,
}

/// How much of the direct client's standard error is kept for an error message.
const KEPT_COMPLAINTS: usize = 16 << 10;

impl DirectClient {
    fn start(python: &Path, url: &str) -> Result<DirectClient> {
        let mut child = Command::new(python)
            .args(["-c", DIRECT_CLIENT, url])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|_| missing_client(python))?;
        let (Some(asks), Some(stdout), Some(mut stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::Invalid(
                "the direct Flight SQL client's pipes could not be opened".into(),
            ));
        };
        let (send, answers) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let complaints = Arc::new(Mutex::new(String::new()));
        let kept = Arc::clone(&complaints);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(read @ 1..) = stderr.read(&mut chunk) {
                if let Ok(mut kept) = kept.lock() {
                    kept.push_str(&String::from_utf8_lossy(&chunk[..read]));
                    if kept.len() > 2 * KEPT_COMPLAINTS {
                        let mut cut = kept.len() - KEPT_COMPLAINTS;
                        while !kept.is_char_boundary(cut) {
                            cut += 1;
                        }
                        kept.drain(..cut);
                    }
                }
            }
        });
        Ok(DirectClient {
            child,
            asks,
            answers,
            complaints,
            python: python.to_path_buf(),
        })
    }

    /// One request's answer: the time in ms of the query it ran.
    fn ask(&mut self, request: &serde_json::Value) -> Result<f64> {
        if writeln!(self.asks, "{request}")
            .and_then(|()| self.asks.flush())
            .is_err()
        {
            return Err(self.failure(None));
        }
        match self.answers.recv_timeout(ANSWER_LIMIT) {
            Ok(answer) => match answer.trim().parse::<f64>() {
                Ok(ms) => Ok(ms),
                Err(_) => Err(self.failure(Some(format!("it answered {:?}", answer.trim())))),
            },
            Err(RecvTimeoutError::Timeout) => Err(self.failure(Some(format!(
                "no answer within {} s",
                ANSWER_LIMIT.as_secs()
            )))),
            Err(RecvTimeoutError::Disconnected) => Err(self.failure(None)),
        }
    }

    /// Why the client stopped answering: `why`, else the last line it wrote to standard error once it has ended.
    fn failure(&mut self, why: Option<String>) -> Error {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let complaints = self
            .complaints
            .lock()
            .map(|c| c.clone())
            .unwrap_or_default();
        if complaints.contains("ModuleNotFoundError") {
            return missing_client(&self.python);
        }
        let said = complaints.trim().lines().last().map(str::to_string);
        Error::Invalid(format!(
            "the direct Flight SQL client failed: {}",
            why.or(said)
                .unwrap_or_else(|| "it ended without a word".into())
        ))
    }
}

impl Drop for DirectClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn missing_client(python: &Path) -> Error {
    Error::Invalid(format!(
        "the direct Flight SQL client needs Python with pyarrow and adbc-driver-flightsql at {} \
         (scripts/testbed install makes it; or give --flight-client PYTHON)",
        python.display()
    ))
}
