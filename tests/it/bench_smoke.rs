//! CI's smoke check of the benchmark: it runs end to end on the sample lake and a 100k lake (times not asserted —
//! these machines are shared and noisy; `docs/performance.md` holds measured figures).

use crate::support::{peers_venv, qlake, sample_lake_dir};

#[test]
fn the_benchmark_runs() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = qlake(home.path())
        .args([
            "--lake",
            sample_lake_dir().to_str().expect("utf8"),
            "bench",
            "--quick",
            "--work-dir",
        ])
        .arg(home.path().join("bench"))
        .arg("--exports-dir")
        .arg(home.path().join("exports"))
        .arg("--duckdb-cli")
        .arg(peers_venv().join("bin/duckdb"))
        .output()
        .expect("bench");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).expect("utf8");
    for measure in [
        "first complete dashboard frame",
        "drill-down step → enterprises-of-project",
        "page of a",
        "export of all enterprises to parquet",
        "open a lake of 1000 files",
        // DuckDB's CLI ran each step too, and printed the rows qlake printed (the benchmark checks).
        "whole process: query run enterprises-of-project",
        "peak resident memory",
    ] {
        assert!(table.contains(measure), "{measure} missing:\n{table}");
    }
    assert!(
        table.lines().filter(|l| l.starts_with("| ")).count() >= 15,
        "{table}"
    );
    // The exports took turns with DuckDB in the folder they were given, and every file written was removed.
    assert!(table.contains("taking turns"), "{table}");
    let left: Vec<_> = std::fs::read_dir(home.path().join("exports"))
        .expect("the exports folder was made")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
