//! The CLI path as a whole process: `qlake query run` for each drill step against DuckDB's own CLI running the same
//! SQL over the same files, declared each way of [`DECLARATIONS`] (and with qlake's views, for the same-views ratio).
//! Process start, opening the lake, the query and writing CSV to a pipe all count, on both sides.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use qlake::core::error::{Error, Result};
use qlake::core::gate::CheckedSql;
use qlake::core::queries::Library;
use qlake::core::sql::literals::{Dialect, literal, placeholders};
use qlake::core::sql::{Value, sql_ident};

use super::baseline::{DECLARATIONS, Sides, Times};
use super::{Row, enough_runs, time};

/// A saved statement as a DuckDB user runs it in the CLI, for the whole-process rows and the peers alike: as written,
/// or, when it has `$name` parameters, prepared as `name` and executed with their values by name. The CLI refuses a
/// `$name` outside a prepared statement, says so and goes on to the next statement (the peers' CLI row skipped the
/// reconciliations so until 2026-12-06: docs/performance.md). Only the names the statement uses are given (DuckDB
/// refuses a value it has no parameter for; a `search` parameter's pinyin companion may be unused), each quoted, each
/// value the literal of the type qlake binds. A statement's `;` stands on a line of its own, since its last line may
/// be a comment.
pub(super) fn cli_statement(
    name: &str,
    sql: &CheckedSql,
    params: &[(String, Value)],
) -> Result<String> {
    let text = sql.as_str().trim_end().trim_end_matches(';').trim_end();
    let used = placeholders(sql)?;
    if used.is_empty() {
        return Ok(format!("{text}\n;\n"));
    }
    let mut values = Vec::new();
    for param in &used {
        let value = params
            .iter()
            .find(|(given, _)| given == param)
            .map(|(_, value)| value)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "bench: the DuckDB CLI's statement {name}: parameter `{param}` has no value"
                ))
            })?;
        values.push(format!(
            "{} := {}",
            sql_ident(param),
            literal(value, Dialect::Standard)
        ));
    }
    Ok(format!(
        "PREPARE {name} AS\n{text}\n;\nEXECUTE {name}({});\n",
        values.join(", ")
    ))
}

/// One drill step as the TUI ran it: the saved query and the parameters it was given.
pub(super) struct Step {
    pub query: &'static str,
    pub params: Vec<(String, Value)>,
}

/// DuckDB's CLI, when one is found: the path and what `--version` says.
pub(super) struct DuckdbCli {
    path: PathBuf,
    version: String,
}

impl DuckdbCli {
    /// `given` (`--duckdb-cli`), else the one `scripts/ensure-tools` installs (`$QLAKE_PEERS_VENV`, or qlake's cache),
    /// else `duckdb` on PATH.
    pub(super) fn find(given: Option<&Path>, cache: &Path) -> Option<DuckdbCli> {
        let venv = super::peers::venv(cache);
        let candidates: Vec<PathBuf> = match given {
            Some(path) => vec![path.to_path_buf()],
            None => vec![venv.join("bin/duckdb"), PathBuf::from("duckdb")],
        };
        candidates.into_iter().find_map(|path| {
            let out = Command::new(&path).arg("--version").output().ok()?;
            out.status.success().then(|| DuckdbCli {
                version: String::from_utf8_lossy(&out.stdout)
                    .split_whitespace()
                    .next()
                    .unwrap_or("?")
                    .to_string(),
                path,
            })
        })
    }

    /// Runs `script` read from stdin, CSV out to a pipe, as `duckdb -csv < script.sql` does; the lines it printed.
    fn run(&self, script: &str) -> Result<usize> {
        let mut child = Command::new(&self.path)
            .arg("-csv")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::io(&self.path, e))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(script.as_bytes())
                .map_err(|e| Error::io(&self.path, e))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| Error::io(&self.path, e))?;
        check(&self.path, &out)
    }
}

/// The lines a process printed, or its error.
fn check(program: &Path, out: &std::process::Output) -> Result<usize> {
    if out.status.success() && out.stderr.is_empty() {
        return Ok(out
            .stdout
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count());
    }
    Err(Error::Invalid(format!(
        "{} failed in the whole-process benchmark: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr).trim()
    )))
}

/// The views each DuckDB side declared, as the statements that declare them (DuckDB's own record of each view).
fn declarations(dir: &Path) -> Result<Vec<String>> {
    (0..=DECLARATIONS.len())
        .map(|side| {
            let conn = Sides::connect(dir, side)?;
            let mut stmt = conn
                .prepare("SELECT sql FROM duckdb_views() WHERE NOT internal ORDER BY view_name")
                .map_err(|e| Error::query("duckdb", e))?;
            let views = stmt
                .query_map([], |row| row.get::<_, String>(0))
                .map_err(|e| Error::query("duckdb", e))?
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| Error::query("duckdb", e))?;
            Ok(views
                .iter()
                .map(|v| format!("{};", v.trim_end().trim_end_matches(';')))
                .collect::<Vec<_>>()
                .join("\n"))
        })
        .collect()
}

/// Each step as a whole process: qlake's `query run` and the DuckDB CLI's script, taking turns run by run.
pub(super) fn cli_steps(
    label: &str,
    dir: &Path,
    library: &Library,
    cli: &DuckdbCli,
    steps: &[Step],
    runs: usize,
) -> Result<Vec<Row>> {
    let runs = enough_runs(runs);
    let exe = crate::qlake_exe()?;
    let declared = declarations(dir)?;
    let mut ours: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
    let mut theirs: Vec<Times> = steps.iter().map(|_| Times::default()).collect();
    for _ in 0..runs {
        for ((step, times), duckdb) in steps.iter().zip(ours.iter_mut()).zip(theirs.iter_mut()) {
            let mut command = Command::new(&exe);
            command
                .arg("--lake")
                .arg(dir)
                .args(["query", "run", step.query, "--format", "csv"]);
            for (name, value) in &step.params {
                command.arg("-p").arg(format!("{name}={}", value.as_text()));
            }
            let (ms, out) = time(|| command.output().map_err(|e| Error::io(&exe, e)))?;
            let lines = check(&exe, &out)?;
            times.push(ms);
            let execute = cli_statement("step", &library.get(step.query)?.sql()?, &step.params)?;
            let mut run = Vec::new();
            for views in &declared {
                let (ms, printed) = time(|| cli.run(&format!("{views}\n{execute}")))?;
                // The same rows on both sides, or the comparison times different work.
                if printed != lines {
                    return Err(Error::Invalid(format!(
                        "whole-process {}: qlake printed {lines} CSV lines, the DuckDB CLI {printed}",
                        step.query
                    )));
                }
                run.push(ms);
            }
            duckdb.push(run);
        }
    }
    Ok(steps
        .iter()
        .zip(ours)
        .zip(theirs)
        .map(|((step, times), duckdb)| {
            duckdb.row(
                format!("whole process: query run {}", step.query),
                label,
                times,
                &format!("DuckDB CLI {}", cli.version),
                "≤ 1.25 × best DuckDB CLI".into(),
                |ours, best| ours <= 1.25 * best,
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The script DuckDB's CLI gets: a statement without parameters as written, its `;` past a closing comment; one
    /// with parameters prepared and executed by name, with the values that statement uses (a keyword for a name, a
    /// quote in a text) and none it does not, which DuckDB itself runs to the very values.
    #[test]
    fn a_statement_with_parameters_is_prepared_and_executed_by_name_as_duckdb_runs_it() {
        let plain = qlake::core::gate::check("SELECT 1 AS a -- one").unwrap();
        assert_eq!(
            cli_statement("tile_0", &plain, &[]).unwrap(),
            "SELECT 1 AS a -- one\n;\n"
        );
        let sql = qlake::core::gate::check(
            "SELECT $from AS year_from, $who AS who, $province IS NULL AS everywhere -- by province\n;",
        )
        .unwrap();
        let params = [
            ("province".to_string(), Value::Null),
            ("from".to_string(), Value::Integer(2020)),
            ("who".to_string(), Value::Text("O'Neil; --".into())),
            ("who_pinyin".to_string(), Value::Text("unused".into())),
        ];
        let script = cli_statement("tile_1", &sql, &params).unwrap();
        assert!(!script.contains("who_pinyin"), "{script}");
        let (prepare, execute) = script.split_once("\n;\n").unwrap();
        let conn = duckdb::Connection::open_in_memory().unwrap();
        conn.execute_batch(prepare).unwrap();
        let row: (i64, String, bool) = conn
            .query_row(execute.trim_end().trim_end_matches(';'), [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(row, (2020, "O'Neil; --".to_string(), true));
        // A parameter without a value is named, not left for the CLI to refuse.
        let error = cli_statement("tile_2", &sql, &params[..1]).unwrap_err();
        assert!(error.to_string().contains("`from`"), "{error}");
    }
}
