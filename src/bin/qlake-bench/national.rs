//! The national lake's own rows (`--scale 100m`): generating a 100M-enterprise lake and checking it, each a qlake
//! process of its own, timed whole, with its peak resident memory (`QLAKE_REPORT_PEAK_MEMORY`). There is no DuckDB
//! baseline: these are qlake's own work, held to the national-scale issue's lines.

use std::path::Path;

use qlake::core::error::{Error, Result};

use super::{Row, peak_kb, timed_qlake};

/// How long generating 100M may take, and how much memory it may hold; how long checking it may take.
const GENERATE_S: f64 = 300.0;
const GENERATE_GB: f64 = 3.0;
const CHECK_S: f64 = 30.0;

/// A qlake process with `args`: its time in ms and its peak memory in kB.
fn measured(args: &[&std::ffi::OsStr], what: &str) -> Result<(f64, f64)> {
    let (ms, out) = timed_qlake(args, &[("QLAKE_REPORT_PEAK_MEMORY", "1".as_ref())], what)?;
    let kb = peak_kb(&out.stderr)
        .ok_or_else(|| Error::Invalid(format!("{what} did not report its peak memory")))?;
    Ok((ms, kb))
}

fn row(measure: String, ms: f64, target: &str, met: bool) -> Row {
    Row {
        measure,
        lake: "100M".into(),
        qlake_ms: ms,
        duckdb_ms: None,
        baseline: String::new(),
        same_views_ms: None,
        target: target.into(),
        met: Some(met),
    }
}

/// `lake generate` of 100M enterprises into a folder of the work dir (removed afterwards), and `lake check` of the
/// benchmark's national lake.
pub(super) fn generate_and_check(work: &Path, national: &Path) -> Result<Vec<Row>> {
    let out = work.join("generate-100m");
    let _ = std::fs::remove_dir_all(&out);
    eprintln!("qlake bench: generating a 100M lake once more, to time it (about 4 minutes)");
    let generated = measured(
        &[
            "lake".as_ref(),
            "generate".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            "--enterprises".as_ref(),
            "100000000".as_ref(),
        ],
        "lake generate",
    );
    let _ = std::fs::remove_dir_all(&out);
    let (generate_ms, generate_kb) = generated?;
    let (check_ms, check_kb) = measured(
        &[
            "--lake".as_ref(),
            national.as_os_str(),
            "lake".as_ref(),
            "check".as_ref(),
        ],
        "lake check",
    )?;
    let gb = |kb: f64| kb / 1024.0 / 1024.0;
    Ok(vec![
        row(
            format!(
                "lake generate of 100M enterprises (peak memory {:.2} GB)",
                gb(generate_kb)
            ),
            generate_ms,
            &format!("< {GENERATE_S:.0} s, peak < {GENERATE_GB:.0} GB"),
            generate_ms < GENERATE_S * 1000.0 && gb(generate_kb) < GENERATE_GB,
        ),
        row(
            format!(
                "lake check of the 100M lake (peak memory {:.2} GB)",
                gb(check_kb)
            ),
            check_ms,
            &format!("< {CHECK_S:.0} s"),
            check_ms < CHECK_S * 1000.0,
        ),
    ])
}
