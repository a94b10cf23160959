//! The write side of exports and confinement (issue 29): an export's folder is held by descriptor and checked for
//! lakes, no command's rights reach into a lake it only reads, the spill is capped, and text formats handle what
//! they cannot hold before writing anything.

use std::path::Path;
use std::time::Duration;

use crate::support::{copy_dir, copy_of_sample, hashes, qlake, sample_lake_dir};

const HANG: Duration = Duration::from_secs(120);

/// `qlake --lake LAKE ARGS` with a private home: its output, whatever its exit.
fn on_lake(home: &Path, lake: &Path, args: &[&str]) -> std::process::Output {
    qlake(home)
        .arg("--lake")
        .arg(lake)
        .args(args)
        .timeout(HANG)
        .output()
        .expect("run")
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_export_into_another_lake_is_refused_even_from_inside_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let other = copy_of_sample();
    let before = hashes(other.path());
    // Run from inside the other lake's table folder, as `cd L/ratings && qlake sql … -o z.parquet` would.
    let out = qlake(home.path())
        .current_dir(other.path().join("ratings"))
        .arg("--lake")
        .arg(sample_lake_dir())
        .args(["sql", "select 1 as x", "-o", "z.parquet"])
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("is inside the lake"),
        "{}",
        stderr_of(&out)
    );
    // The same through a remote engine: refused before any engine is reached.
    let out = qlake(home.path())
        .args([
            "--engine",
            "grpc://127.0.0.1:9",
            "sql",
            "select 1 as x",
            "-o",
        ])
        .arg(other.path().join("ratings/z.parquet"))
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("is inside the lake"));
    assert_eq!(before, hashes(other.path()), "a lake file changed");
}

/// The folder of a running export replaced by a symlink into the lake: the export is written, if at all, into the
/// folder that was checked, never into the lake.
#[test]
fn a_folder_swapped_for_a_symlink_into_the_lake_mid_export_does_not_redirect_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let top = tempfile::tempdir().expect("tempdir");
    let lake = top.path().join("lake");
    copy_dir(&sample_lake_dir(), &lake);
    let before = hashes(&lake);
    let out_dir = top.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("qlake"));
    cmd.env("QLAKE_CACHE_DIR", home.path().join("cache"))
        .env("QLAKE_CONFIG_DIR", home.path().join("config"))
        .env_remove("QLAKE_LAKE")
        .arg("--lake")
        .arg(&lake)
        .args([
            "sql",
            "select range as r, range * 2 as s from range(30000000)",
            "-o",
        ])
        .arg(out_dir.join("planted.parquet"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    // Wait (bounded) until the export is being written — the process holds its nameless file in the folder
    // (`/proc` shows it as `out/#… (deleted)`) — then freeze it while the folder is swapped.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let writing = || {
        std::fs::read_dir(format!("/proc/{pid}/fd"))
            .into_iter()
            .flatten()
            .flatten()
            .any(|fd| {
                std::fs::read_link(fd.path()).is_ok_and(|to| {
                    to.starts_with(&out_dir) && to.to_string_lossy().ends_with("(deleted)")
                })
            })
    };
    while !writing() && std::time::Instant::now() < deadline {
        std::thread::yield_now();
    }
    assert!(writing(), "the export never started writing");
    // SAFETY: signalling our own child.
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    // A stop is delivered when the process next runs: wait (bounded) until it is stopped, so the swap happens while
    // it holds the folder open and does nothing.
    let stopped = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                stat.rsplit(')')
                    .next()
                    .map(|rest| rest.trim_start().starts_with('T'))
            })
            .unwrap_or(true)
    };
    while !stopped() && std::time::Instant::now() < deadline {
        std::thread::yield_now();
    }
    std::fs::rename(&out_dir, top.path().join("out-moved")).expect("move");
    std::os::unix::fs::symlink(lake.join("ratings"), &out_dir).expect("symlink");
    // SAFETY: as above.
    unsafe { libc::kill(pid, libc::SIGCONT) };
    let status = crate::support::wait_bounded(&mut child, "the swapped export");
    let mut stderr = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    assert_eq!(before, hashes(&lake), "a lake file changed: {stderr}");
    // Swapped mid-export, the file lands in the folder that was checked, never in the lake.
    assert!(status.success(), "{stderr}");
    assert!(top.path().join("out-moved/planted.parquet").is_file());
    assert!(!lake.join("ratings/planted.parquet").exists());
}

/// The folder above the lake gets no right from the kernel: an export there is named by the link helper, and the
/// process itself can change nothing beneath that folder.
#[test]
fn exports_into_the_folder_above_the_lake_go_through_the_link_helper() {
    let home = tempfile::tempdir().expect("tempdir");
    let top = tempfile::tempdir().expect("tempdir");
    let lake = top.path().join("lake");
    copy_dir(&sample_lake_dir(), &lake);
    let before = hashes(&lake);
    std::fs::write(top.path().join(qlake::core::sandbox::PROBE_FILE), b"keep").expect("probe");
    let target = top.path().join("ratings.csv");
    for force in [false, true] {
        let mut cmd = qlake(home.path());
        cmd.env(qlake::core::sandbox::PROBE_ENV, top.path())
            .arg("--lake")
            .arg(&lake)
            .args(["sql", "select project_id, rating from ratings", "-o"])
            .arg(&target);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.timeout(HANG).output().expect("run");
        assert!(out.status.success(), "{}", stderr_of(&out));
        if qlake::core::sandbox::kernel_abi().is_some() {
            assert!(
                stderr_of(&out).contains(
                    "create=denied link=denied truncate=denied rename=denied remove=denied"
                ),
                "{}",
                stderr_of(&out)
            );
        }
    }
    let text = std::fs::read_to_string(&target).expect("export");
    assert_eq!(text.lines().count(), 46, "header and 45 ratings");
    assert_eq!(
        std::fs::read(top.path().join(qlake::core::sandbox::PROBE_FILE)).expect("probe"),
        b"keep"
    );
    assert_eq!(before, hashes(&lake));
    let names: Vec<String> = std::fs::read_dir(top.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        3,
        "only the lake, the probe and the export: {names:?}"
    );
}

/// The link helper is a copy forked before the sandbox that starts only when first asked: a dashboard that exported
/// nothing leaves no process behind, started or not. (A copy that kept its asker's end of the socket open would wait
/// for ever.)
#[test]
fn a_link_helper_never_asked_ends_with_its_process() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    // Its output into files, not pipes: a copy left behind would hold a pipe open, and reading it would never end.
    let said = home.path().join("said");
    let status = crate::support::qlake_process(home.path())
        .arg("--lake")
        .arg(lake.path())
        .args(["tui", "--headless"])
        .stdout(std::fs::File::create(home.path().join("screen")).expect("screen"))
        .stderr(std::fs::File::create(&said).expect("said"))
        .status()
        .expect("run");
    assert!(
        status.success(),
        "{}",
        std::fs::read_to_string(&said).unwrap_or_default()
    );
    let marker = lake.path().as_os_str().as_encoded_bytes().to_vec();
    let left = || -> Vec<String> {
        std::fs::read_dir("/proc")
            .expect("proc")
            .flatten()
            .filter_map(|entry| std::fs::read(entry.path().join("cmdline")).ok())
            .filter(|cmdline| {
                cmdline
                    .windows(marker.len())
                    .any(|w| w == marker.as_slice())
            })
            .map(|cmdline| String::from_utf8_lossy(&cmdline).replace('\0', " "))
            .collect()
    };
    // The copy sees its socket end as its process ends; give it a moment to be scheduled.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !left().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(left(), Vec::<String>::new());
}

/// Each command that reads a lake, confined, tries to create, link, truncate, rename and remove a file in one of the
/// lake's table folders and in the lake's own folder; the kernel must refuse each (on a kernel with Landlock).
#[test]
fn no_reading_command_can_change_a_file_in_the_lake() {
    if !crate::support::landlock_enforced("no_reading_command_can_change_a_file_in_the_lake") {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let top = tempfile::tempdir().expect("tempdir");
    let lake = top.path().join("lake");
    copy_dir(&sample_lake_dir(), &lake);
    let out_dir = top.path().join("exports");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let lake_arg = lake.display().to_string();
    let export = out_dir.join("x.csv").display().to_string();
    let commands: Vec<(&str, Vec<&str>)> = vec![
        ("sql", vec!["--lake", &lake_arg, "sql", "select 1 as x"]),
        (
            "sql -o",
            vec![
                "--lake",
                &lake_arg,
                "sql",
                "select 1 as x",
                "-o",
                &export,
                "--force",
            ],
        ),
        (
            "query run",
            vec!["--lake", &lake_arg, "query", "run", "rating-distribution"],
        ),
        ("lake info", vec!["--lake", &lake_arg, "lake", "info"]),
        ("lake check", vec!["--lake", &lake_arg, "lake", "check"]),
        (
            "lake declare",
            vec![
                "--lake",
                &lake_arg,
                "lake",
                "declare",
                "--location",
                "s3://b/l",
            ],
        ),
        (
            "tui",
            vec!["--lake", &lake_arg, "tui", "--headless", "--size", "80x24"],
        ),
        (
            "remote sql",
            vec!["--engine", "grpc://127.0.0.1:9", "sql", "select 1"],
        ),
    ];
    for folder in [lake.join("ratings"), lake.clone(), top.path().to_path_buf()] {
        std::fs::write(folder.join(qlake::core::sandbox::PROBE_FILE), b"keep").expect("probe");
    }
    let before = hashes(&lake);
    for (name, args) in &commands {
        // The dashboard may export beside the lake, so files there (not the folder) are its to write.
        let mut folders = vec![lake.join("ratings"), lake.clone()];
        if *name != "tui" {
            folders.push(top.path().to_path_buf());
        }
        for folder in folders {
            let mut cmd = qlake(home.path());
            // The remote engine reads no local lake: make this one a lake it knows.
            cmd.env("QLAKE_LAKE", &lake)
                .env(qlake::core::sandbox::PROBE_ENV, &folder)
                .args(args);
            let out = cmd.timeout(HANG).output().expect("run");
            let stderr = stderr_of(&out);
            assert!(
                stderr.contains(
                    "confinement probe: create=denied link=denied truncate=denied rename=denied remove=denied"
                ),
                "{name} in {}: {stderr}",
                folder.display()
            );
            assert_eq!(
                std::fs::read(folder.join(qlake::core::sandbox::PROBE_FILE)).expect("probe"),
                b"keep",
                "{name}"
            );
        }
    }
    // Every file, the probe's included, as it was: nothing created, linked, truncated, renamed or removed.
    assert_eq!(before, hashes(&lake), "a lake file changed");
}

#[test]
fn the_spill_is_capped_and_the_error_says_what_to_do() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake_before = hashes(&sample_lake_dir());
    let out = qlake(home.path())
        .env("QLAKE_MEMORY_LIMIT", "64MiB")
        .env("QLAKE_MAX_TEMP", "1MiB")
        .arg("--lake")
        .arg(sample_lake_dir())
        .args([
            "sql",
            "select r, md5(r::varchar) as h from range(6000000) t(r) order by h",
            "--format",
            "csv",
        ])
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("QLAKE_MAX_TEMP"),
        "{}",
        stderr_of(&out)
    );
    let out = qlake(home.path())
        .env("QLAKE_MAX_TEMP", "lots")
        .arg("--lake")
        .arg(sample_lake_dir())
        .args(["sql", "select 1"])
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("QLAKE_MAX_TEMP"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        lake_before,
        hashes(&sample_lake_dir()),
        "a lake file changed"
    );
}

#[test]
fn an_empty_timestamptz_result_and_nested_columns_in_text_formats() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake_before = hashes(&sample_lake_dir());
    let lake = sample_lake_dir();
    for format in ["csv", "tsv"] {
        let out = on_lake(
            home.path(),
            &lake,
            &[
                "sql",
                "select TIMESTAMPTZ '2024-01-01 00:00:00+00' as t where false",
                "--format",
                format,
            ],
        );
        assert!(out.status.success(), "{format}: {}", stderr_of(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "t\n");
        for nested in [
            "select [1, 2] as l",
            "select map([1], ['a']) as l",
            "select {'a': 1} as l",
        ] {
            let out = on_lake(home.path(), &lake, &["sql", nested, "--format", format]);
            assert_eq!(out.status.code(), Some(2), "{nested}: {}", stderr_of(&out));
            assert!(out.stdout.is_empty(), "nothing written before the refusal");
            assert!(
                stderr_of(&out).contains("column `l`"),
                "{}",
                stderr_of(&out)
            );
        }
    }
    // A file DuckDB writes itself carries DuckDB's own text for a list.
    let target = home.path().join("l.csv");
    qlake(home.path())
        .arg("--lake")
        .arg(&lake)
        .args(["sql", "select [1, 2] as l", "-o"])
        .arg(&target)
        .timeout(HANG)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        "l\n\"[1, 2]\"\n"
    );
    assert_eq!(
        lake_before,
        hashes(&sample_lake_dir()),
        "a lake file changed"
    );
}

/// The decision on spreadsheet formulas (docs/reliability.md): CSV and TSV keep every value as it is, as DuckDB
/// and pandas write it (a negative number starts with `-`; a script reading the file gets the lake's text); the
/// format for Excel is XLSX, where every text is a text cell and never a formula.
#[test]
fn formula_like_text_stays_text() {
    use calamine::{Reader, open_workbook_auto};
    let home = tempfile::tempdir().expect("tempdir");
    let lake_before = hashes(&sample_lake_dir());
    let sql =
        "select '=HYPERLINK(\"http://x\",\"y\")' as a, '+1+1' as b, '@SUM(1)' as c, '-2' as d";
    let csv = crate::support::stdout_of(
        home.path(),
        &sample_lake_dir(),
        None,
        &["sql", sql, "--format", "csv"],
    );
    assert_eq!(
        csv,
        "a,b,c,d\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+1+1,@SUM(1),-2\n"
    );
    let target = home.path().join("f.xlsx");
    qlake(home.path())
        .arg("--lake")
        .arg(sample_lake_dir())
        .args(["sql", sql, "-o"])
        .arg(&target)
        .timeout(HANG)
        .assert()
        .success();
    let mut book = open_workbook_auto(&target).expect("xlsx");
    let sheet = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&sheet).expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula in the sheet"
    );
    let cells = book.worksheet_range(&sheet).expect("cells");
    assert_eq!(
        cells.get((1, 0)),
        Some(&calamine::Data::String(
            "=HYPERLINK(\"http://x\",\"y\")".into()
        ))
    );
    assert_eq!(
        lake_before,
        hashes(&sample_lake_dir()),
        "a lake file changed"
    );
}

#[test]
fn the_benchmark_refuses_work_folders_inside_a_lake() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let before = hashes(lake.path());
    for flag in ["--work-dir", "--exports-dir"] {
        let out = qlake(home.path())
            .arg("--lake")
            .arg(lake.path())
            .args(["bench", "--quick", flag])
            .arg(lake.path().join("ratings/bench"))
            .timeout(HANG)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{flag}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("inside the lake"),
            "{}",
            stderr_of(&out)
        );
    }
    assert_eq!(
        before,
        hashes(lake.path()),
        "the lake as it was, nothing made in it"
    );
}

/// Each command that writes a lake, or makes one, confined, tries to change files in another lake qlake knows (a
/// table folder and the lake's own folder): the kernel must refuse each. It writes the one lake it was asked to.
#[test]
fn no_writing_command_can_change_a_file_in_a_lake_it_only_reads() {
    if !crate::support::landlock_enforced(
        "no_writing_command_can_change_a_file_in_a_lake_it_only_reads",
    ) {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let top = tempfile::tempdir().expect("tempdir");
    let (read_only, written) = (top.path().join("other"), top.path().join("mine"));
    copy_dir(&sample_lake_dir(), &read_only);
    copy_dir(&sample_lake_dir(), &written);
    let work = tempfile::tempdir().expect("tempdir");
    let text = work.path().join("doc.txt");
    std::fs::write(&text, "质量提升行动。").expect("text");
    let csv = work.path().join("programs.csv");
    std::fs::write(&csv, "program_id\nx\n").expect("csv");
    let (mine, made) = (
        written.display().to_string(),
        work.path().join("new").display().to_string(),
    );
    let (text, csv) = (text.display().to_string(), csv.display().to_string());
    let commands: Vec<(&str, Vec<&str>)> = vec![
        (
            "import",
            vec!["lake", "import", &mine, "programs", &csv, "--dry-run"],
        ),
        ("import", vec!["lake", "import", &mine, "programs", &csv]),
        ("undo", vec!["lake", "undo", &mine, "no-such-import"]),
        (
            "add-source",
            vec!["lake", "add-source", &mine, "--file", &text, "--title", "x"],
        ),
        ("init", vec!["lake", "init", &made]),
        (
            "generate",
            vec!["lake", "generate", "--out", &made, "--enterprises", "10"],
        ),
        ("build-sample", vec!["lake", "build-sample", "--out", &made]),
        // Confined before it measures anything; `--only remote` without an engine then stops it at once.
        (
            "bench",
            vec![
                "--lake",
                &mine,
                "bench",
                "--only",
                "remote",
                "--work-dir",
                &made,
            ],
        ),
    ];
    let folders = [read_only.join("ratings"), read_only.clone()];
    for folder in &folders {
        std::fs::write(folder.join(qlake::core::sandbox::PROBE_FILE), b"keep").expect("probe");
    }
    let before = hashes(&read_only);
    for (name, args) in &commands {
        for folder in &folders {
            let out = qlake(home.path())
                .current_dir(crate::support::project_dir())
                .env("QLAKE_LAKE", &read_only)
                .env(qlake::core::sandbox::PROBE_ENV, folder)
                .args(args)
                .timeout(HANG)
                .output()
                .expect("run");
            let stderr = stderr_of(&out);
            assert!(
                stderr.contains(
                    "confinement probe: create=denied link=denied truncate=denied rename=denied remove=denied"
                ),
                "{name} in {}: {stderr}",
                folder.display()
            );
        }
        let _ = std::fs::remove_dir_all(work.path().join("new"));
    }
    assert_eq!(
        before,
        hashes(&read_only),
        "a file of the lake only read changed"
    );
}

/// The review's findings against the writing commands: each given a folder that is not a lake of its own — a
/// table folder of a lake, a folder holding a lake qlake knows, a folder inside a lake nobody opened — refuses
/// before writing anything.
#[test]
fn writing_commands_refuse_folders_that_are_not_their_lake() {
    let home = tempfile::tempdir().expect("tempdir");
    let top = tempfile::tempdir().expect("tempdir");
    let lake = top.path().join("lake");
    copy_dir(&sample_lake_dir(), &lake);
    let work = tempfile::tempdir().expect("tempdir");
    let csv = work.path().join("provinces.csv");
    std::fs::write(
        &csv,
        "province_code,name_zh,name_en,source_id,source_quote,is_synthetic\nCN-ZZ,x,x,,,true\n",
    )
    .expect("csv");
    let before = hashes(&lake);
    let lake_s = lake.display().to_string();
    let ratings = lake.join("ratings").display().to_string();
    let top_s = top.path().display().to_string();
    let inner = lake.join("ratings/new").display().to_string();
    let csv_s = csv.display().to_string();
    let refused: Vec<Vec<&str>> = vec![
        vec!["lake", "import", &ratings, "provinces", &csv_s],
        vec!["lake", "import", &top_s, "provinces", &csv_s],
        vec!["lake", "undo", &ratings, "x"],
        vec!["lake", "init", &inner],
        vec!["lake", "generate", "--out", &inner, "--enterprises", "10"],
        vec!["lake", "build-sample", "--out", &inner],
    ];
    for args in &refused {
        let out = qlake(home.path())
            .current_dir(crate::support::project_dir())
            .env("QLAKE_LAKE", &lake_s)
            .args(args)
            .timeout(HANG)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        assert_eq!(before, hashes(&lake), "{args:?} changed the lake");
    }
    // The same folder inside a lake qlake was never told of.
    let out = qlake(home.path())
        .current_dir(crate::support::project_dir())
        .args(["lake", "init", &inner])
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("inside the lake"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(before, hashes(&lake));
    assert!(!lake.join("ratings/new").exists());
}

/// The probe hook never follows a symlink: it can do no harm where it is set by mistake.
#[test]
fn the_confinement_probe_never_follows_a_symlink() {
    let home = tempfile::tempdir().expect("tempdir");
    let top = tempfile::tempdir().expect("tempdir");
    let lake = top.path().join("lake");
    copy_dir(&sample_lake_dir(), &lake);
    let probe = top.path().join("probe");
    std::fs::create_dir(&probe).expect("mkdir");
    std::os::unix::fs::symlink(
        lake.join("ratings/ratings.parquet"),
        probe.join(qlake::core::sandbox::PROBE_FILE),
    )
    .expect("symlink");
    let before = hashes(&lake);
    for args in [
        vec!["tui", "--headless", "--size", "80x24"],
        vec!["sql", "select 1"],
    ] {
        qlake(home.path())
            .env(qlake::core::sandbox::PROBE_ENV, &probe)
            .arg("--lake")
            .arg(&lake)
            .args(args)
            .timeout(HANG)
            .output()
            .expect("run");
    }
    assert_eq!(before, hashes(&lake));
}

/// An export into the folder above the lake when qlake's spool is on another file system: one clear line, before
/// the query runs.
#[test]
fn an_export_that_cannot_be_linked_across_file_systems_says_so_first() {
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        eprintln!(
            "SKIPPED an_export_that_cannot_be_linked_across_file_systems_says_so_first: no /dev/shm"
        );
        return;
    }
    if !crate::support::landlock_enforced(
        "an_export_that_cannot_be_linked_across_file_systems_says_so_first",
    ) {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir_in(shm).expect("tempdir in /dev/shm");
    let top = tempfile::tempdir().expect("tempdir");
    let lake = top.path().join("lake");
    copy_dir(&sample_lake_dir(), &lake);
    let out = qlake(home.path())
        .env("QLAKE_CACHE_DIR", cache.path())
        .arg("--lake")
        .arg(&lake)
        .args(["sql", "select * from ratings", "-o"])
        .arg(top.path().join("x.csv"))
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("QLAKE_CACHE_DIR"),
        "{}",
        stderr_of(&out)
    );
    assert!(!top.path().join("x.csv").exists());
}
