//! The peers in the same run (`qlake bench --peers`): the time from process start to the first complete screen in a
//! real terminal (tmux, 120x40, the pane polled), for qlake's dashboard, Harlequin opening the lake's views, VisiData
//! opening the enterprises Parquet and the DuckDB CLI printing the dashboard's five queries, on one lake; and qlake's
//! first drill step. The harness is `peers.py`, run with the Python of the peers' venv (Harlequin and VisiData are
//! Python programs, installed there from PyPI when missing); this module owns the report and its target.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use qlake::core::error::{Error, Result};
use qlake::core::queries::Library;

/// The harness: starts each tool in tmux and polls its pane until its first screen is complete.
const HARNESS: &str = include_str!("peers.py");

/// The peers' versions, pinned so that two runs measure the same programs. The DuckDB CLI and pyarrow are what
/// `scripts/ensure-tools` puts in the same venv.
const PEERS: [&str; 2] = ["harlequin==2.17.0", "visidata==3.4"];

/// qlake's first screen must be at least this many times faster than Harlequin's and VisiData's.
const FASTER_BY: f64 = 10.0;

/// The venv of DuckDB's CLI and the peers: `$QLAKE_PEERS_VENV`, or `peers-venv` in qlake's cache.
pub(super) fn venv(cache: &Path) -> PathBuf {
    std::env::var_os("QLAKE_PEERS_VENV").map_or_else(|| cache.join("peers-venv"), PathBuf::from)
}

/// The peers in `venv`, installed there (once) when any is missing.
fn install(venv: &Path) -> Result<()> {
    let bin = venv.join("bin");
    let present = ["python", "harlequin", "vd", "duckdb"]
        .iter()
        .all(|tool| bin.join(tool).is_file());
    if present {
        return Ok(());
    }
    eprintln!(
        "qlake bench: installing Harlequin, VisiData and DuckDB's CLI into {} (once)",
        venv.display()
    );
    if !bin.join("python").is_file() {
        run_checked(
            Command::new("python3").arg("-m").arg("venv").arg(venv),
            "python3 -m venv",
        )?;
    }
    run_checked(
        Command::new(bin.join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(PEERS)
            .args(["pyarrow==18.1.0", "duckdb-cli==1.5.6"]),
        "pip install (the peers)",
    )
}

fn run_checked(command: &mut Command, what: &str) -> Result<()> {
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::Invalid(format!("qlake bench --peers: {what}: {e}")))?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "qlake bench --peers: {what} failed: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    )))
}

#[derive(serde::Deserialize)]
struct Measured {
    lake: String,
    files: usize,
    visidata_file: String,
    runs: usize,
    tools: Vec<Tool>,
}

#[derive(serde::Deserialize)]
struct Tool {
    what: String,
    first_ms: f64,
    step_ms: Option<f64>,
}

/// The peers on `lake`, as a Markdown section: a table of first screens and a line per target.
pub(super) fn peers(label: &str, lake: &Path, work: &Path, runs: usize) -> Result<String> {
    let tmux_ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !tmux_ok {
        return Err(Error::Invalid(
            "qlake bench --peers runs each tool in tmux, which is not installed (scripts/ensure-tools installs it)"
                .into(),
        ));
    }
    let venv = venv(&qlake::core::config::dirs().cache);
    install(&venv)?;
    let dir = work.join(format!("peers-{label}"));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    // The binary measured is a copy: a build during the run cannot change it.
    let exe = crate::qlake_exe()?;
    let qlake = dir.join("qlake");
    std::fs::copy(&exe, &qlake).map_err(|e| Error::io(&qlake, e))?;
    let harness = dir.join("peers.py");
    std::fs::write(&harness, HARNESS).map_err(|e| Error::io(&harness, e))?;
    // The DuckDB CLI prints the very statements the dashboard's tiles run, with the values the dashboard binds.
    let library = Library::load(None);
    let mut dashboard = String::new();
    for (i, (_, query)) in library.tiles().into_iter().enumerate() {
        dashboard.push_str(&super::whole_process::cli_statement(
            &format!("tile_{i}"),
            &query.sql()?,
            &query.bind(&[])?,
        )?);
    }
    let dashboard_file = dir.join("dashboard.sql");
    std::fs::write(&dashboard_file, dashboard).map_err(|e| Error::io(&dashboard_file, e))?;
    eprintln!("qlake bench: the peers on the {label} lake ({runs} runs each)");
    let out = Command::new(venv.join("bin/python"))
        .arg(&harness)
        .arg("--qlake")
        .arg(&qlake)
        .arg("--bin")
        .arg(venv.join("bin"))
        .arg("--work")
        .arg(&dir)
        .arg("--lake")
        .arg(lake)
        .arg("--runs")
        .arg(runs.to_string())
        .arg("--dashboard")
        .arg(&dashboard_file)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Error::io(&harness, e))?;
    let _ = std::fs::remove_file(&qlake);
    if !out.status.success() {
        return Err(Error::Invalid(format!(
            "qlake bench --peers on the {label} lake: the harness failed: {}",
            String::from_utf8_lossy(&out.stdout).trim()
        )));
    }
    let measured: Measured = serde_json::from_slice(&out.stdout).map_err(|e| {
        Error::Invalid(format!(
            "qlake bench --peers: the harness's report: {e}: {}",
            String::from_utf8_lossy(&out.stdout).trim()
        ))
    })?;
    Ok(report(label, &measured))
}

fn report(label: &str, m: &Measured) -> String {
    let mut out = format!(
        "Peers on the {label} lake (`{}`, {} enterprises files; VisiData opened `{}`): medians of {} runs, tmux 120x40, \
         from process start to the first complete screen; × is against qlake's first start on this state of the lake.\n\n\
         | tool | first complete screen | × qlake's | after its first step |\n|---|---:|---:|---:|\n",
        m.lake, m.files, m.visidata_file, m.runs
    );
    let Some(first) = m.tools.first() else {
        return out;
    };
    for tool in &m.tools {
        let step = tool.step_ms.map_or("—".to_string(), |s| {
            format!("{s:.0} ms (Enter: a province's cities)")
        });
        out.push_str(&format!(
            "| {} | {:.0} ms | {:.1} | {step} |\n",
            tool.what,
            tool.first_ms,
            tool.first_ms / first.first_ms
        ));
    }
    out.push('\n');
    let name = |what: &str| what.split([':', ',']).next().unwrap_or(what).to_string();
    for ours in m.tools.iter().filter(|t| t.what.starts_with("qlake")) {
        let how = ours.what.split_once(", ").map_or("", |(_, rest)| rest);
        let how = how.split(':').next().unwrap_or(how);
        for peer in m
            .tools
            .iter()
            .filter(|t| t.what.starts_with("Harlequin") || t.what.starts_with("VisiData"))
        {
            let ratio = peer.first_ms / ours.first_ms;
            let met = if ratio >= FASTER_BY { "met" } else { "NOT met" };
            out.push_str(&format!(
                "- qlake's first screen ({how}) ≥ {FASTER_BY:.0}× faster than {}'s ({label}): {ratio:.1}× — **{met}**\n",
                name(&peer.what)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(what: &str, first_ms: f64) -> Tool {
        Tool {
            what: what.into(),
            first_ms,
            step_ms: None,
        }
    }

    #[test]
    fn the_report_holds_each_peer_to_ten_times_qlakes_first_screen() {
        let measured = Measured {
            lake: "/lakes/national".into(),
            files: 137,
            visidata_file: "enterprises/province_code=CN-GD/part-0.parquet".into(),
            runs: 5,
            tools: vec![
                tool(
                    "qlake, first start on this state of the lake: the dashboard",
                    200.0,
                ),
                tool(
                    "qlake, the tiles remembered from the start before: the dashboard",
                    50.0,
                ),
                tool("Harlequin: its IDE ready", 2100.0),
                tool("VisiData: the enterprises Parquet file", 900.0),
                tool("DuckDB CLI: the dashboard's five queries printed", 150.0),
            ],
        };
        let report = report("100M", &measured);
        assert!(
            report.contains("| Harlequin: its IDE ready | 2100 ms | 10.5 | — |"),
            "{report}"
        );
        assert!(
            report.contains("faster than Harlequin's (100M): 10.5× — **met**"),
            "{report}"
        );
        assert!(
            report.contains("faster than VisiData's (100M): 4.5× — **NOT met**"),
            "{report}"
        );
        // The DuckDB CLI is in the table, but the target is about the two interactive peers.
        assert!(!report.contains("faster than DuckDB CLI"), "{report}");
    }
}
