//! The commands that write or take apart a lake trust nothing they read: `lake undo` removes only files its import
//! wrote (whatever the log names), the import lock's clean-up never follows a symlink, `build-sample`, `init` and
//! `generate` never replace a folder that is not theirs, the DuckDB of a lake-writing command reaches nothing but its
//! folders, and text from a log or a lake reaches the terminal escaped.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use predicates::str::contains;

use crate::support::{copy_dir, hashes, qlake, sample_lake_dir};

const FIRMS: &str = "enterprise_id,name,province_code,is_synthetic\n\
e1,企业一,CN-HB,true\n\
e2,企业二,CN-HB,true\n";

const NOTICE: &str =
    "关于公布2023年度质量提升示范项目验收结果的通知\n经评审，两个项目验收结果为优秀。\n";

/// A terminal escape a hostile log or lake might carry: an OSC 52 clipboard write, a CSI, a BEL, a carriage return.
const HOSTILE: &str = "x\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\rgone";

/// A home for qlake's folders, with a new lake (`lake init`) in it.
struct Home {
    dir: tempfile::TempDir,
    lake: PathBuf,
}

impl Home {
    fn with_new_lake() -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        let lake = dir.path().join("lake");
        qlake(dir.path())
            .args(["lake", "init"])
            .arg(&lake)
            .assert()
            .success();
        Home { dir, lake }
    }

    /// A copy of the sample lake.
    fn with_sample_copy() -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        let lake = dir.path().join("lake");
        copy_dir(&sample_lake_dir(), &lake);
        Home { dir, lake }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Import two synthetic enterprises: the import's id.
    fn import_firms(&self) -> String {
        self.import("enterprises", FIRMS)
    }

    /// Import `csv` into `table`, which must succeed: the import's id.
    fn import(&self, table: &str, csv: &str) -> String {
        let file = self.path().join(format!("{table}.csv"));
        std::fs::write(&file, csv).expect("csv");
        let out = qlake(self.path())
            .args(["lake", "import"])
            .arg(&self.lake)
            .arg(table)
            .arg(&file)
            .assert()
            .success()
            .get_output()
            .stderr
            .clone();
        String::from_utf8_lossy(&out)
            .split("as import ")
            .nth(1)
            .map(|s| s.trim().to_string())
            .expect("an import id")
    }

    fn undo(&self, id: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
        qlake(self.path())
            .args(["lake", "undo"])
            .arg(&self.lake)
            .arg(id)
            .args(extra)
            .assert()
    }

    fn log(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.lake.join("_imports.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect()
    }

    fn write_log(&self, entries: &[serde_json::Value]) {
        let text: String = entries.iter().map(|e| format!("{e}\n")).collect();
        std::fs::write(self.lake.join("_imports.jsonl"), text).expect("log");
    }
}

/// A log entry as an import writes it, naming `files`.
fn entry(id: &str, table: &str, files: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "id": id, "at": "2024-01-01 00:00:00", "user": "someone", "table": table, "source_file": "x.csv",
        "sha256": "00", "rows": 1, "files": files,
    })
}

/// Output bytes that would drive a terminal: ESC, BEL, CR, a C1 CSI.
fn assert_no_raw_controls(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !bytes.contains(&0x1b)
            && !bytes.contains(&0x07)
            && !bytes.contains(&b'\r')
            && !text.contains('\u{9b}'),
        "{what} carries a raw control character: {text:?}"
    );
}

#[test]
fn undo_refuses_a_log_naming_files_outside_the_lake_and_removes_nothing() {
    let h = Home::with_sample_copy();
    // A file of the user's and a folder beside the lake with one file in it.
    let victim = h.path().join("home-notes.txt");
    std::fs::write(&victim, "mine").expect("victim");
    let victim_dir = h.path().join("victimdir");
    std::fs::create_dir(&victim_dir).expect("victimdir");
    std::fs::write(victim_dir.join("only.txt"), "mine too").expect("only");
    let absolute = victim.display().to_string();
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        ("abs", vec![absolute.as_str()], absolute.as_str()),
        (
            "dotdot",
            vec!["../victimdir/only.txt"],
            "../victimdir/only.txt",
        ),
        // A lake file the log has no record of (refused without --force, see below with it), then a file outside.
        (
            "mixed",
            vec!["projects/projects.parquet", "../victimdir/only.txt"],
            "projects/projects.parquet",
        ),
        (
            "deeper",
            vec!["projects/../../victimdir/only.txt"],
            "projects/../../victimdir/only.txt",
        ),
        (
            "other-table",
            vec!["ratings/ratings.parquet"],
            "ratings/ratings.parquet",
        ),
        ("a-folder", vec!["projects"], "projects"),
    ];
    h.write_log(
        &cases
            .iter()
            .map(|(id, files, _)| entry(id, "projects", files))
            .collect::<Vec<_>>(),
    );
    let before = hashes(&h.lake);
    for (id, _, named) in &cases {
        h.undo(id, &[]).code(1).stderr(
            contains(format!("import {id}: `{named}`")).and(contains("nothing was removed")),
        );
        assert!(victim.is_file(), "{id}: the user's file survives");
        assert!(
            victim_dir.join("only.txt").is_file(),
            "{id}: the file beside the lake survives"
        );
        assert_eq!(hashes(&h.lake), before, "{id}: the lake is as it was");
    }
    // --force does not widen what undo may remove, and a refusal removes nothing, not even the files it accepted.
    for id in ["abs", "dotdot", "mixed", "deeper"] {
        h.undo(id, &["--force"])
            .code(1)
            .stderr(contains("nothing was removed"));
    }
    h.undo("mixed", &["--force"])
        .code(1)
        .stderr(contains("import mixed: `"));
    assert!(victim.is_file() && victim_dir.join("only.txt").is_file());
    assert_eq!(hashes(&h.lake), before);
}

#[test]
fn the_locks_clean_up_never_follows_a_symlink() {
    let h = Home::with_sample_copy();
    // A folder outside the lake with what look like an import's leftovers, reached from the lake three ways.
    let elsewhere = h.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("elsewhere");
    for name in ["_staging-x", "_staging-y.parquet"] {
        std::fs::write(elsewhere.join(name), "not the lake's").expect("file");
    }
    let outside_file = h.path().join("precious.parquet");
    std::fs::write(&outside_file, "precious").expect("precious");
    // 1. A symlinked folder with a name of its own.
    std::os::unix::fs::symlink(&elsewhere, h.lake.join("linked")).expect("symlink");
    // 2. A contract table's folder that is a symlink.
    let ratings_elsewhere = h.path().join("ratings-elsewhere");
    std::fs::rename(h.lake.join("ratings"), &ratings_elsewhere).expect("move ratings");
    std::fs::write(ratings_elsewhere.join("_staging-z"), "not the lake's").expect("file");
    std::os::unix::fs::symlink(&ratings_elsewhere, h.lake.join("ratings")).expect("symlink");
    // 3. A `_staging-` symlink to a file outside, inside a real table folder.
    let link = h.lake.join("projects").join("_staging-link");
    std::os::unix::fs::symlink(&outside_file, &link).expect("symlink");
    // And a real leftover, which the clean-up does remove.
    let leftover = h.lake.join("projects").join("_staging-leftover.parquet");
    std::fs::write(&leftover, "half an import").expect("leftover");
    let outside = |dir: &Path| hashes(dir);
    let (elsewhere_before, ratings_before) = (outside(&elsewhere), outside(&ratings_elsewhere));

    h.undo("nosuchid", &[])
        .code(2)
        .stderr(contains("no import `nosuchid`"));

    assert_eq!(outside(&elsewhere), elsewhere_before);
    assert_eq!(outside(&ratings_elsewhere), ratings_before);
    assert!(ratings_elsewhere.join("_staging-z").is_file());
    // A `_staging-` symlink is taken away (an import must never write through one), never what it names.
    assert!(
        std::fs::symlink_metadata(&link).is_err(),
        "a staging symlink is removed"
    );
    assert_eq!(std::fs::read(&outside_file).expect("precious"), b"precious");
    assert!(
        !leftover.exists(),
        "a regular leftover in a table folder is cleared"
    );
}

#[test]
fn undo_refuses_a_file_whose_size_or_hash_is_not_the_logs() {
    let h = Home::with_new_lake();
    let id = h.import_firms();
    let log = h.log();
    let log_text = std::fs::read(h.lake.join("_imports.jsonl")).expect("log");
    let recorded = log[0]["written"][0].clone();
    let file = recorded["file"].as_str().expect("file").to_string();
    assert_eq!(file, log[0]["files"][0].as_str().expect("files"));
    let placed = h.lake.join(&file);
    assert_eq!(
        recorded["bytes"].as_u64(),
        Some(std::fs::metadata(&placed).expect("placed").len())
    );
    let before = hashes(&h.lake);
    // The log's record altered: another hash, another size.
    for (field, value) in [
        ("sha256", serde_json::json!("0".repeat(64))),
        ("bytes", serde_json::json!(1)),
    ] {
        let mut altered = log.clone();
        altered[0]["written"][0][field] = value;
        h.write_log(&altered);
        let before = hashes(&h.lake);
        h.undo(&id, &[]).code(1).stderr(
            contains(format!("import {id}: `{file}`")).and(contains("nothing was removed")),
        );
        assert_eq!(hashes(&h.lake), before, "{field}");
    }
    std::fs::write(h.lake.join("_imports.jsonl"), &log_text).expect("log");
    assert_eq!(hashes(&h.lake), before);
    // The file replaced by other bytes of the same size.
    let bytes = std::fs::read(&placed).expect("placed");
    let mut other = bytes.clone();
    let last = other.len() - 1;
    other[last - 10] ^= 0xff;
    std::fs::write(&placed, &other).expect("rewrite");
    h.undo(&id, &[])
        .code(1)
        .stderr(contains("does not have the SHA-256 its import recorded"));
    assert_eq!(std::fs::read(&placed).expect("kept"), other);
    // Replaced by a symlink to the very same bytes elsewhere.
    let copy = h.path().join("copy.parquet");
    std::fs::write(&copy, &bytes).expect("copy");
    std::fs::remove_file(&placed).expect("rm");
    std::os::unix::fs::symlink(&copy, &placed).expect("symlink");
    h.undo(&id, &[]).code(1).stderr(contains("is a symlink"));
    assert!(copy.is_file());
    assert!(std::fs::symlink_metadata(&placed).is_ok());
    std::fs::remove_file(&placed).expect("rm");
    std::fs::write(&placed, &bytes).expect("restore");
    // An entry as an older qlake wrote it, without sizes and hashes: refused unless --force.
    let mut old = log.clone();
    old[0].as_object_mut().expect("object").remove("written");
    h.write_log(&old);
    let before = hashes(&h.lake);
    h.undo(&id, &[])
        .code(1)
        .stderr(contains("has no size and SHA-256 in the log").and(contains("--force")));
    assert_eq!(hashes(&h.lake), before);
    h.undo(&id, &["--force"]).success();
    assert!(!placed.exists());
    assert!(h.log().is_empty());
}

#[test]
fn a_real_import_and_undo_still_restore_the_lake_byte_for_byte() {
    let h = Home::with_new_lake();
    let empty = hashes(&h.lake);
    // A registered document (a `sources` row and `_sources/ID.txt`), then rows.
    let notice = h.path().join("notice-2023.txt");
    std::fs::write(&notice, NOTICE).expect("notice");
    qlake(h.path())
        .args(["lake", "add-source"])
        .arg(&h.lake)
        .arg("--file")
        .arg(&notice)
        .args(["--title", "通知"])
        .assert()
        .success()
        .stdout("notice-2023\n");
    let with_source = hashes(&h.lake);
    let id = h.import_firms();
    let log = h.log();
    assert_eq!(log.len(), 2);
    // Every file an import added is recorded with its size and SHA-256.
    for e in &log {
        let written = e["written"].as_array().expect("written");
        assert_eq!(written.len(), e["files"].as_array().expect("files").len());
        for w in written {
            let path = h.lake.join(w["file"].as_str().expect("file"));
            let bytes = std::fs::read(&path).expect("file");
            assert_eq!(w["bytes"].as_u64(), Some(bytes.len() as u64));
            assert_eq!(
                w["sha256"].as_str().map(str::len),
                Some(64),
                "{}",
                path.display()
            );
        }
    }
    h.undo(&id, &[])
        .success()
        .stderr(contains(format!("undid import {id}")));
    assert_eq!(hashes(&h.lake), with_source);
    let source_id = log[0]["id"].as_str().expect("id").to_string();
    h.undo(&source_id, &[]).success();
    assert!(!h.lake.join("_sources/notice-2023.txt").exists());
    assert_eq!(hashes(&h.lake), empty);
    // Undo removed files only: the table folders are all still there.
    assert!(h.lake.join("enterprises").is_dir() && h.lake.join("_sources").is_dir());
}

#[test]
fn an_import_never_writes_through_a_symlinked_table_folder() {
    let h = Home::with_new_lake();
    let elsewhere = h.path().join("enterprises-elsewhere");
    std::fs::rename(h.lake.join("enterprises"), &elsewhere).expect("move");
    std::os::unix::fs::symlink(&elsewhere, h.lake.join("enterprises")).expect("symlink");
    let before = hashes(&elsewhere);
    let file = h.path().join("firms.csv");
    std::fs::write(&file, FIRMS).expect("firms");
    qlake(h.path())
        .args(["lake", "import"])
        .arg(&h.lake)
        .arg("enterprises")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(contains(
            "imports write only into the lake's own table folders",
        ));
    assert_eq!(hashes(&elsewhere), before);
    assert!(h.log().is_empty());
}

#[test]
fn build_sample_init_and_generate_leave_a_folder_that_is_not_theirs_as_it_was() {
    let home = tempfile::tempdir().expect("tempdir");
    let src = crate::support::project_dir().join("lake-src");
    // An unrelated folder; one that looks like a lake but holds an import's file too; a symlink to a folder.
    let unrelated = home.path().join("documents");
    std::fs::create_dir_all(unrelated.join("sub")).expect("mkdir");
    std::fs::write(unrelated.join("notes.txt"), "mine").expect("notes");
    std::fs::write(unrelated.join("sub").join("x"), "mine too").expect("x");
    let imported = home.path().join("imported");
    copy_dir(&sample_lake_dir(), &imported);
    std::fs::write(imported.join("projects").join("import-1.parquet"), "rows").expect("import");
    let linked = home.path().join("linked");
    std::os::unix::fs::symlink(&unrelated, &linked).expect("symlink");
    for folder in [&unrelated, &imported, &linked] {
        let before = hashes(folder);
        let shown = folder.display().to_string();
        qlake(home.path())
            .args(["lake", "build-sample", "--src"])
            .arg(&src)
            .arg("--out")
            .arg(folder)
            .assert()
            .code(2)
            .stderr(contains(shown.as_str()).and(contains("nothing was written")));
        qlake(home.path())
            .args(["lake", "init"])
            .arg(folder)
            .assert()
            .code(2)
            .stderr(contains("not empty"));
        qlake(home.path())
            .args(["lake", "generate", "--enterprises", "100", "--out"])
            .arg(folder)
            .assert()
            .code(2)
            .stderr(contains("not empty"));
        assert_eq!(hashes(folder), before, "{shown}");
        assert!(
            std::fs::symlink_metadata(folder).is_ok(),
            "{shown} is still there"
        );
    }
    assert!(std::fs::symlink_metadata(&linked).is_ok_and(|m| m.file_type().is_symlink()));
    // What build-sample made itself, it may make again; nothing is left beside it.
    let own = home.path().join("own");
    for _ in 0..2 {
        qlake(home.path())
            .args(["lake", "build-sample", "--src"])
            .arg(&src)
            .arg("--out")
            .arg(&own)
            .assert()
            .success();
    }
    assert!(own.join("projects").join("projects.parquet").is_file());
    let beside: Vec<String> = std::fs::read_dir(home.path())
        .expect("home")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".own"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn a_sample_script_cannot_reach_past_its_seeds_and_its_lake() {
    let home = tempfile::tempdir().expect("tempdir");
    let secret = home.path().join("secret.txt");
    std::fs::write(&secret, "the user's").expect("secret");
    let outside = home.path().join("outside.csv");
    let src = home.path().join("src");
    copy_dir(&crate::support::project_dir().join("lake-src"), &src);
    let script = std::fs::read_to_string(src.join("sample.sql")).expect("script");
    for (what, statement) in [
        (
            "a read",
            format!(
                "CREATE TABLE leak AS SELECT content FROM read_text('{}');",
                secret.display()
            ),
        ),
        (
            "a write",
            format!("COPY (SELECT 1 AS x) TO '{}';", outside.display()),
        ),
        (
            "unlocking",
            "SET enable_external_access = true;".to_string(),
        ),
    ] {
        std::fs::write(src.join("sample.sql"), format!("{statement}\n{script}")).expect("script");
        let out = home.path().join("out");
        qlake(home.path())
            .args(["lake", "build-sample", "--src"])
            .arg(&src)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1);
        assert!(!out.exists(), "{what}: no lake was made");
        assert!(!outside.exists(), "{what}: nothing was written outside");
    }
    // The script as shipped still builds with the same lockdown.
    std::fs::write(src.join("sample.sql"), &script).expect("script");
    qlake(home.path())
        .args(["lake", "build-sample", "--src"])
        .arg(&src)
        .arg("--out")
        .arg(home.path().join("out"))
        .assert()
        .success();
}

#[test]
fn log_and_lake_text_reaches_the_terminal_escaped() {
    // `lake info` lists a log whose every field carries escapes.
    let h = Home::with_sample_copy();
    h.write_log(&[serde_json::json!({
        "id": HOSTILE, "at": HOSTILE, "user": HOSTILE, "table": HOSTILE, "source_file": HOSTILE,
        "sha256": "00", "rows": 1, "files": ["projects/projects.parquet"],
    })]);
    let out = qlake(h.path())
        .arg("--lake")
        .arg(&h.lake)
        .args(["lake", "info"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_no_raw_controls(&out.stdout, "lake info's stdout");
    assert_no_raw_controls(&out.stderr, "lake info's stderr");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("x\\e]52;c;cm0gLXJmIH4=\\x07\\e[2J\\rgone")
    );
    // `lake undo` refusing that entry names it escaped.
    let out = h.undo(HOSTILE, &[]).code(1).get_output().clone();
    assert_no_raw_controls(&out.stderr, "lake undo's refusal");
    assert!(String::from_utf8_lossy(&out.stderr).contains("import x\\e]52"));

    // `lake undo` of a real import whose source carries escapes (its id names its file, so an altered id is refused,
    // escaped, above): its message shows them escaped.
    let h = Home::with_new_lake();
    let id = h.import_firms();
    let mut log = h.log();
    log[0]["source_file"] = serde_json::json!(HOSTILE);
    h.write_log(&log);
    let out = h.undo(&id, &[]).success().get_output().clone();
    assert_no_raw_controls(&out.stderr, "lake undo's message");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("from x\\e]52"), "{said}");

    // `lake declare` of a lake whose column name carries escapes.
    let h = Home::with_sample_copy();
    let column = HOSTILE.replace('"', "");
    crate::support::rewrite_table(
        &h.lake,
        "organisations",
        &format!("SELECT *, 1 AS \"{column}\" FROM {{file}}"),
    );
    let out = qlake(h.path())
        .arg("--lake")
        .arg(&h.lake)
        .args(["lake", "declare", "--location", "s3://bucket/lake"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_no_raw_controls(&out.stdout, "lake declare's stdout");
    assert_no_raw_controls(&out.stderr, "lake declare's stderr");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("table `organisations`, column `x\\e]52;c;cm0gLXJmIH4=\\x07\\e[2J\\rgone`"),
        "{said}"
    );
}

/// Second review: `_staging-` names planted in advance as symlinks (to another table's file, to a file outside the
/// lake) for every second of the next minute are never written through, and the next lock removes the links.
#[test]
fn planted_staging_symlinks_are_never_written_through() {
    let h = Home::with_new_lake();
    let outside = h.path().join("outside.txt");
    std::fs::write(&outside, "mine").expect("outside");
    let provinces = h.lake.join("provinces/provinces.parquet");
    let before = std::fs::read(&provinces).expect("provinces");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let folder = h.lake.join("enterprises");
    std::fs::create_dir_all(&folder).expect("folder");
    for second in now.saturating_sub(2)..now + 60 {
        // UTC as the import writes it, YYYYMMDDHHMMSS.
        let out = std::process::Command::new("date")
            .args(["-u", "-d", &format!("@{second}"), "+%Y%m%d%H%M%S"])
            .output()
            .expect("date");
        let stamp = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let target = if second % 2 == 0 {
            &provinces
        } else {
            &outside
        };
        let _ = std::os::unix::fs::symlink(
            target,
            folder.join(format!("_staging-{stamp}-enterprises.parquet")),
        );
    }
    let id = h.import_firms();
    assert_eq!(std::fs::read(&provinces).expect("provinces"), before);
    assert_eq!(std::fs::read_to_string(&outside).expect("outside"), "mine");
    // The lock took the planted links away; the import's own file is a regular file undo accepts.
    let left: Vec<String> = std::fs::read_dir(&folder)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("_staging-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    h.undo(&id, &[]).success();
}

/// Second review: a registered document's text is never written through a symlinked `_sources/`.
#[test]
fn a_symlinked_sources_folder_is_never_written_through() {
    let h = Home::with_new_lake();
    let elsewhere = h.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("elsewhere");
    let sources = h.lake.join("_sources");
    if sources.exists() {
        for e in std::fs::read_dir(&sources).expect("list") {
            let e = e.expect("entry");
            std::fs::rename(e.path(), elsewhere.join(e.file_name())).expect("move");
        }
        std::fs::remove_dir(&sources).expect("rmdir");
    }
    std::os::unix::fs::symlink(&elsewhere, &sources).expect("symlink");
    let before = hashes(&elsewhere);
    let notice = h.path().join("notice-2023.txt");
    std::fs::write(&notice, NOTICE).expect("notice");
    qlake(h.path())
        .args(["lake", "add-source"])
        .arg(&h.lake)
        .arg("--file")
        .arg(&notice)
        .args(["--title", "通知"])
        .assert()
        .code(1)
        .stderr(contains("not a folder of the lake"));
    assert_eq!(hashes(&elsewhere), before);
}

/// Second review: an import log that is a FIFO, a symlink to `/dev/zero` or a huge sparse file is refused at once,
/// never read without end.
#[test]
fn a_hostile_import_log_is_refused_at_once() {
    let h = Home::with_new_lake();
    let log = h.lake.join("_imports.jsonl");
    let sparse = |p: &Path| {
        std::fs::File::create(p)
            .expect("create")
            .set_len(100 << 30)
            .expect("sparse")
    };
    for kind in ["fifo", "zero", "sparse"] {
        let _ = std::fs::remove_file(&log);
        match kind {
            "fifo" => crate::support::mkfifo(&log),
            "zero" => std::os::unix::fs::symlink("/dev/zero", &log).expect("symlink"),
            _ => sparse(&log),
        }
        for args in [vec!["lake", "undo"], vec!["lake", "info"]] {
            let mut cmd = qlake(h.path());
            if args[1] == "info" {
                cmd.arg("--lake").arg(&h.lake).args(&args);
            } else {
                cmd.args(&args).arg(&h.lake).arg("x");
            }
            let out = cmd
                .timeout(std::time::Duration::from_secs(60))
                .output()
                .expect("run");
            // Ended by itself (a timeout kill has no exit code).
            assert!(out.status.code().is_some(), "{kind} {args:?} hung");
        }
    }
}

/// Second review: a forged log entry naming a table's own file, with its true size and hash, is refused; undo
/// removes only `TABLE/import-ID.parquet` of the entry's own id.
#[test]
fn a_forged_entry_cannot_name_a_tables_own_file() {
    let h = Home::with_sample_copy();
    let file = "projects/projects.parquet";
    let bytes = std::fs::read(h.lake.join(file)).expect("file");
    use sha2::Digest;
    let sha: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut forged = entry("imp-proj", "projects", &[file]);
    forged["written"] = serde_json::json!([{ "file": file, "bytes": bytes.len(), "sha256": sha }]);
    h.write_log(&[forged]);
    let before = hashes(&h.lake);
    h.undo("imp-proj", &[])
        .code(1)
        .stderr(contains("nothing was removed"));
    h.undo("imp-proj", &["--force"]).code(1);
    assert_eq!(hashes(&h.lake), before);
}

/// Second review: undoing the import that holds a table's only file is refused while other tables refer to it.
#[test]
fn undo_that_empties_a_referred_table_is_refused() {
    let h = Home::with_new_lake();
    // The programmes table emptied of its own file, then one programme imported and a project referring to it.
    let programs = h.lake.join("programs");
    for e in std::fs::read_dir(&programs).expect("list") {
        std::fs::remove_file(e.expect("entry").path()).expect("rm");
    }
    let id = h.import(
        "programs",
        "program_id,province_code,name_zh,name_en,kind,is_synthetic\np1,CN-HB,计划,Plan,campaign,true\n",
    );
    h.import(
        "projects",
        "project_id,program_id,province_code,title_zh,title_en,kind,year,is_synthetic\n\
         x1,p1,CN-HB,项目,Project,demonstration project,2023,true\n",
    );
    let before = hashes(&h.lake);
    h.undo(&id, &[])
        .code(1)
        .stderr(contains("would be left empty"));
    assert_eq!(hashes(&h.lake), before);
}
