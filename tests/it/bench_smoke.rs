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
    // The benchmark's confined process started its link helper as a copy of itself, which served (a helper that
    // could not start said so here).
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("__qlake-link-helper"), "{said}");
    let table = String::from_utf8(out.stdout).expect("utf8");
    for measure in [
        "first complete dashboard frame",
        "enterprises were added in a file of their own",
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

/// The benchmark is its own binary: `qlake` holds none of its code (a text only the benchmark prints is not in the
/// `qlake` executable), and `qlake bench` without `qlake-bench` beside it says so, naming the path, exit code 2.
#[test]
fn the_benchmark_is_not_in_qlake_and_its_absence_is_named() {
    let qlake_exe = std::path::Path::new(env!("CARGO_BIN_EXE_qlake"));
    let bench_exe = std::path::Path::new(env!("CARGO_BIN_EXE_qlake-bench"));
    // The line under the benchmark's table, written only in src/bin/qlake-bench.
    let marker: &[u8] = b"qlake against the best DuckDB baseline";
    let holds = |exe: &std::path::Path| {
        std::fs::read(exe)
            .expect("binary")
            .windows(marker.len())
            .any(|w| w == marker)
    };
    assert!(holds(bench_exe), "the marker is the benchmark's");
    assert!(!holds(qlake_exe), "qlake carries the benchmark's code");

    let alone = tempfile::tempdir().expect("tempdir");
    let copy = alone.path().join("qlake");
    std::fs::copy(qlake_exe, &copy).expect("copy");
    let home = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(&copy)
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("LANG", "C.UTF-8")
        .args([
            "--lake",
            sample_lake_dir().to_str().expect("utf8"),
            "bench",
            "--quick",
            "--work-dir",
        ])
        .arg(home.path().join("bench"))
        .output()
        .expect("qlake bench");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&alone.path().join("qlake-bench").display().to_string()),
        "{stderr}"
    );
}

/// `qlake-bench` run by itself is held as `qlake bench` holds it: a work folder inside a lake is refused before
/// anything is written there.
#[test]
fn the_benchmark_binary_alone_refuses_a_work_folder_inside_a_lake() {
    let lake = tempfile::tempdir().expect("tempdir");
    crate::support::copy_dir(&sample_lake_dir(), lake.path());
    let inside = lake.path().join("bench-work");
    let exports = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qlake-bench"))
        .env("HOME", home.path())
        .env("QLAKE_CACHE_DIR", home.path().join("cache"))
        .env("LANG", "C.UTF-8")
        .arg("--sample")
        .arg(lake.path())
        .arg("--work-dir")
        .arg(&inside)
        .arg("--exports-dir")
        .arg(exports.path())
        .args(["--runs", "1", "--quick"])
        .output()
        .expect("qlake-bench");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("bench-work"), "{stderr}");
    assert!(!inside.exists());
}
