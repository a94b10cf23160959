//! `lake import` and `lake add-source` turned against their user: a CSV header written as SQL, a quote in a file's
//! name, a spreadsheet declaring 17 billion cells, a FIFO or a device where a file should be, files over their
//! limits. Each runs the real binary on a copy of the sample lake; the file's text stays data, nothing is written
//! outside the lake's own new import, and every refusal names the file and comes back at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{copy_of_sample, hashes, qlake};

/// How long a refusal may take: it happens before the file is read, so it comes back at once (a process start, the
/// lake opened); a hang is cut off long before the suite's own limit.
const PROMPT: Duration = Duration::from_secs(60);

/// A place to run qlake: its own folders, a copy of the sample lake, a working directory, a folder for the input
/// file and a folder no statement of the file's may write into.
struct Scene {
    home: tempfile::TempDir,
    lake: tempfile::TempDir,
    cwd: PathBuf,
    inputs: PathBuf,
    outside: PathBuf,
}

impl Scene {
    fn new() -> Scene {
        let home = tempfile::tempdir().expect("tempdir");
        let lake = copy_of_sample();
        let [cwd, inputs, outside] =
            ["cwd", "inputs", "outside"].map(|name| home.path().join(name));
        for dir in [&cwd, &inputs, &outside] {
            std::fs::create_dir(dir).expect("mkdir");
        }
        Scene {
            home,
            lake,
            cwd,
            inputs,
            outside,
        }
    }

    fn lake(&self) -> &Path {
        self.lake.path()
    }

    fn input(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.inputs.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    }

    /// `qlake ARGS…` from the scene's working directory, within [`PROMPT`].
    fn run(&self, args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String, Duration) {
        let started = Instant::now();
        let out = qlake(self.home.path())
            .current_dir(&self.cwd)
            .args(args)
            .timeout(PROMPT)
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            started.elapsed(),
        )
    }

    /// `lake import LAKE TABLE FILE EXTRA…`.
    fn import(
        &self,
        table: &str,
        file: &Path,
        extra: &[&str],
    ) -> (Option<i32>, String, String, Duration) {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "lake".as_ref(),
            "import".as_ref(),
            self.lake().as_os_str(),
            table.as_ref(),
            file.as_os_str(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        self.run(&args)
    }

    /// `lake add-source LAKE --file FILE --title T --id ID`.
    fn add_source(&self, file: &Path) -> (Option<i32>, String, String, Duration) {
        self.run(&[
            "lake".as_ref(),
            "add-source".as_ref(),
            self.lake().as_os_str(),
            "--file".as_ref(),
            file.as_os_str(),
            "--title".as_ref(),
            "a document".as_ref(),
            "--id".as_ref(),
            "doc-1".as_ref(),
        ])
    }

    /// Every file of the places a hostile statement could write into, but the lake: the working directory, the input
    /// folder and the folder outside.
    fn others(&self) -> BTreeMap<PathBuf, u64> {
        [&self.cwd, &self.inputs, &self.outside]
            .into_iter()
            .flat_map(|dir| hashes(dir))
            .collect()
    }
}

/// The lake after a real import that was legitimately valid: every file as it was, plus exactly the import's new
/// Parquet file in `table` and the import log.
fn assert_only_the_import_was_added(before: &BTreeMap<PathBuf, u64>, lake: &Path, table: &str) {
    let after = hashes(lake);
    for (path, hash) in before {
        assert_eq!(after.get(path), Some(hash), "{} changed", path.display());
    }
    let added: Vec<String> = after
        .keys()
        .filter(|p| !before.contains_key(*p))
        .map(|p| {
            p.strip_prefix(lake)
                .expect("inside")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added.iter().any(|p| p == "_imports.jsonl"), "{added:?}");
    assert!(
        added
            .iter()
            .any(|p| p.starts_with(&format!("{table}/import-")) && p.ends_with(".parquet")),
        "{added:?}"
    );
}

/// A header column that closes the name DuckDB's sniffer writes into its `Prompt` and goes on as SQL, as found on
/// main: `a,"b': 'VARCHAR'}); COPY … ; SELECT ({'c"` ran the COPY, even with --dry-run.
fn hostile_column(statements: &str) -> String {
    format!("b': 'VARCHAR'}}); {statements}; SELECT ({{'c")
}

/// Each statement a header tried, with the files it would leave if it ran.
fn attacks(scene: &Scene) -> Vec<(&'static str, String, Vec<PathBuf>)> {
    let out = scene.outside.display().to_string();
    let lake = scene.lake().display().to_string();
    vec![
        (
            "a COPY to a file",
            format!(
                "COPY (SELECT 'pwned' AS p) TO 'pwned.csv'; COPY (SELECT 'pwned' AS p) TO '{out}/pwned.csv'"
            ),
            vec![scene.cwd.join("pwned.csv"), scene.outside.join("pwned.csv")],
        ),
        (
            "the environment read into a file",
            format!(
                "COPY (SELECT content FROM read_text('/proc/self/environ')) TO '{out}/environ.txt' (FORMAT csv)"
            ),
            vec![scene.outside.join("environ.txt")],
        ),
        (
            "ATTACH",
            format!("ATTACH '{out}/attached.duckdb' AS pwn; CREATE TABLE pwn.t AS SELECT 1 AS x"),
            vec![scene.outside.join("attached.duckdb")],
        ),
        (
            "a second statement writing over a lake file",
            format!(
                "CREATE TABLE pwn AS SELECT 1 AS x; COPY pwn TO '{lake}/ratings/ratings.parquet' (FORMAT parquet); \
                 COPY pwn TO '{lake}/programs/pwned.parquet' (FORMAT parquet)"
            ),
            vec![scene.lake().join("programs/pwned.parquet")],
        ),
    ]
}

/// A programme's row, synthetic so it needs no registered document, under a header whose `name_en` is `name_en`.
fn programs_csv(name_en: &str) -> String {
    format!(
        "program_id,province_code,name_zh,\"{name_en}\",kind\nhostile-test-1,CN-HB,示范项目,Demonstration,campaign\n"
    )
}

#[test]
fn a_csv_header_is_never_run_as_sql() {
    for index in 0.. {
        // A scene of its own for each attack, so what one leaves cannot hide another's.
        let scene = Scene::new();
        let mut all = attacks(&scene);
        if index == all.len() {
            break;
        }
        let (what, statements, traces) = all.swap_remove(index);
        let column = hostile_column(&statements);
        let file = scene.input("programs.csv", programs_csv(&column).as_bytes());
        let lake_before = hashes(scene.lake());
        let others_before = scene.others();

        // Unmapped, the column is a column the table lacks, named as it is written in the file.
        for extra in [&["--dry-run", "--synthetic"][..], &["--synthetic"][..]] {
            let (code, _, stderr, _) = scene.import("programs", &file, extra);
            for trace in &traces {
                assert!(
                    !trace.exists(),
                    "{what} {extra:?}: {} exists",
                    trace.display()
                );
            }
            assert_eq!(hashes(scene.lake()), lake_before, "{what} {extra:?}");
            assert_eq!(scene.others(), others_before, "{what} {extra:?}");
            assert_eq!(code, Some(2), "{what} {extra:?}: {stderr}");
            assert!(
                stderr.contains(&format!("column `{column}` is not a column of `programs`")),
                "{what} {extra:?}: {stderr}"
            );
        }

        // Mapped to `name_en`, the column's values are imported as text: a dry run shows the row, a real import adds
        // exactly its own file.
        let map = format!("{column}=name_en");
        let (code, stdout, stderr, _) = scene.import(
            "programs",
            &file,
            &["--dry-run", "--synthetic", "--map", &map],
        );
        assert_eq!(code, Some(0), "{what}: {stderr}");
        assert!(
            stderr.contains("1 rows would be added to `programs`"),
            "{what}: {stderr}"
        );
        assert!(
            stdout.contains("hostile-test-1") && stdout.contains("Demonstration"),
            "{what}: {stdout}"
        );
        assert_eq!(
            hashes(scene.lake()),
            lake_before,
            "{what}: the dry run wrote"
        );
        let (code, _, stderr, _) = scene.import("programs", &file, &["--synthetic", "--map", &map]);
        assert_eq!(code, Some(0), "{what}: {stderr}");
        assert!(
            stderr.contains("imported 1 rows into `programs`"),
            "{what}: {stderr}"
        );
        assert_only_the_import_was_added(&lake_before, scene.lake(), "programs");
        assert_eq!(scene.others(), others_before, "{what}");
        for trace in &traces {
            assert!(!trace.exists(), "{what}: {} exists", trace.display());
        }
    }
}

#[test]
fn a_quote_in_the_file_name_is_only_a_name() {
    let scene = Scene::new();
    let file = scene.input(
        "it's a \"programme\" list.csv",
        programs_csv("name_en").as_bytes(),
    );
    let lake_before = hashes(scene.lake());
    let others_before = scene.others();
    let (code, stdout, stderr, _) = scene.import("programs", &file, &["--dry-run", "--synthetic"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("1 rows would be added to `programs`"),
        "{stderr}"
    );
    assert!(stdout.contains("hostile-test-1"), "{stdout}");
    assert_eq!(hashes(scene.lake()), lake_before);
    let (code, _, stderr, _) = scene.import("programs", &file, &["--synthetic"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("it's a \"programme\" list.csv"), "{stderr}");
    assert_only_the_import_was_added(&lake_before, scene.lake(), "programs");
    assert_eq!(scene.others(), others_before);
    // A bad value in it is named by the file's own name, not by how DuckDB was given the file.
    let bad = scene.input(
        "o'brien.csv",
        b"program_id,province_code,name_zh,name_en,kind,start_year\np2,CN-HB,x,y,campaign,2023\np3,CN-HB,x,y,campaign,\"20\"\"23\"\n",
    );
    let (code, _, stderr, _) = scene.import("programs", &bad, &["--synthetic"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("o'brien.csv: line 3: column `start_year`"),
        "{stderr}"
    );
    assert!(!stderr.contains("/proc/self/fd"), "{stderr}");
}

/// A workbook with a cell at A1 and one at XFD1048576 declares 17 billion cells; reading it as a range allocated
/// 550 GB and aborted (exit 134). It is refused from its declared dimension, before any cell is read.
#[test]
fn a_spreadsheet_declaring_billions_of_cells_is_refused_at_once() {
    let scene = Scene::new();
    let file = scene.inputs.join("bomb.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "program_id").expect("A1");
    sheet
        .write_string(1_048_575, 16_383, "x")
        .expect("XFD1048576");
    book.save(&file).expect("xlsx");
    assert!(std::fs::metadata(&file).expect("bomb").len() < 16 * 1024);
    let lake_before = hashes(scene.lake());
    for extra in [&["--dry-run"][..], &[][..]] {
        let (code, _, stderr, took) = scene.import("programs", &file, extra);
        assert_eq!(code, Some(1), "{extra:?}: {stderr}");
        assert!(stderr.contains("bomb.xlsx"), "{stderr}");
        assert!(stderr.contains("A1:XFD1048576"), "{stderr}");
        assert!(stderr.contains("17179869184 cells"), "{stderr}");
        assert!(took < Duration::from_secs(10), "took {took:?}");
        assert_eq!(hashes(scene.lake()), lake_before);
    }
}

/// A sheet that declares no dimension and holds a cell below Excel's last row (a 1.9 MB file of 5M rows peaked at
/// 1 GB before it was refused): streamed, and refused at that cell.
#[test]
fn a_spreadsheet_beyond_excels_rows_is_refused_as_it_streams() {
    let scene = Scene::new();
    let file = scene.inputs.join("long.xlsx");
    hand_made_xlsx(
        &file,
        "<sheetData>\
         <row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>program_id</t></is></c></row>\
         <row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>p1</t></is></c></row>\
         <row r=\"2000000\"><c r=\"A2000000\" t=\"inlineStr\"><is><t>p2</t></is></c></row>\
         </sheetData>",
    );
    let (code, _, stderr, took) = scene.import("programs", &file, &["--dry-run"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("long.xlsx: sheet `Sheet1`: cell A2000000 is beyond what qlake imports"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

/// Workbooks whose reader's arithmetic overflows (a dimension that ends before it starts, a row number past 2³²):
/// refused as malformed, with no panic's backtrace on the terminal.
#[test]
fn a_malformed_spreadsheet_is_refused_as_such() {
    let scene = Scene::new();
    for (name, body) in [
        (
            "inverted.xlsx",
            "<dimension ref=\"C3:A1\"/><sheetData>\
             <row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>program_id</t></is></c></row></sheetData>",
        ),
        (
            "far.xlsx",
            "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>program_id</t></is></c></row>\
             <row><c r=\"A99999999999\" t=\"inlineStr\"><is><t>p</t></is></c></row></sheetData>",
        ),
    ] {
        let file = scene.inputs.join(name);
        hand_made_xlsx(&file, body);
        let (code, _, stderr, _) = scene.import("programs", &file, &["--dry-run"]);
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "{name}: cannot be read: the workbook is malformed"
            )),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

/// A minimal workbook of one sheet whose XML holds `body` (its `<sheetData>`, and a `<dimension>` if wanted).
fn hand_made_xlsx(path: &Path, body: &str) {
    use std::io::Write;
    let parts = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
             </Types>"
                .to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
             </Relationships>"
                .to_string(),
        ),
        (
            "xl/workbook.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
             <sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
                .to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
             </Relationships>"
                .to_string(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                 <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
                 {body}</worksheet>"
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("part");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("zip");
}

/// A FIFO named `x.csv` hung `import` and `add-source` for ever (nothing ever writes to it). Refused at once, by
/// what it is.
#[test]
fn a_fifo_where_a_file_should_be_is_refused_at_once() {
    let scene = Scene::new();
    let lake_before = hashes(scene.lake());
    for name in ["x.csv", "x.json", "x.xlsx", "x.parquet", "notice.txt"] {
        let fifo = scene.inputs.join(name);
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
        let runs = if name == "notice.txt" {
            vec![scene.add_source(&fifo)]
        } else {
            vec![
                scene.import("programs", &fifo, &["--dry-run"]),
                scene.import("programs", &fifo, &[]),
            ]
        };
        for (code, _, stderr, _) in runs {
            assert_eq!(code, Some(2), "{name}: {stderr}");
            assert!(
                stderr.contains(&format!("{name}: is a named pipe (FIFO)")),
                "{name}: {stderr}"
            );
        }
    }
    assert_eq!(hashes(scene.lake()), lake_before);
}

/// `add-source --file /dev/zero` read until memory ran out; `/dev/urandom` behind a `.json` name hung the import.
#[test]
fn devices_are_refused_by_what_they_are() {
    let scene = Scene::new();
    let lake_before = hashes(scene.lake());
    let (code, _, stderr, _) = scene.add_source(Path::new("/dev/zero"));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/zero: is a character device"),
        "{stderr}"
    );
    let random = scene.inputs.join("random.json");
    std::os::unix::fs::symlink("/dev/urandom", &random).expect("symlink");
    let (code, _, stderr, _) = scene.import("programs", &random, &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("random.json: is a character device"),
        "{stderr}"
    );
    let folder = scene.inputs.join("folder.csv");
    std::fs::create_dir(&folder).expect("mkdir");
    let (code, _, stderr, _) = scene.import("programs", &folder, &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("folder.csv: is a folder"), "{stderr}");
    assert_eq!(hashes(scene.lake()), lake_before);
}

/// Every input has a size limit, named with the file's size and how to raise it; the refusal reads nothing (the
/// 80 GB file is sparse: it takes no disk, and reading it would take an hour).
#[test]
fn inputs_over_their_limit_are_refused_naming_size_limit_and_how_to_raise_it() {
    let scene = Scene::new();
    let lake_before = hashes(scene.lake());
    let sparse = |name: &str, size: u64| {
        let path = scene.inputs.join(name);
        std::fs::File::create(&path)
            .expect("create")
            .set_len(size)
            .expect("sparse");
        path
    };
    // The defaults: CSV, TSV and Parquet 64 GiB, JSON 32 MiB, a document to register 8 MiB.
    let csv = sparse("huge.csv", 80 << 30);
    let (code, _, stderr, _) = scene.import("programs", &csv, &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "huge.csv: 85899345920 bytes (80.0 GiB) is larger than the limit of 68719476736 bytes (64.0 GiB) for a \
             CSV file to import; give QLAKE_IMPORT_MAX_BYTES=SIZE (e.g. QLAKE_IMPORT_MAX_BYTES=128GiB)"
        ),
        "{stderr}"
    );
    let json = sparse("big.json", 40 << 20);
    let (code, _, stderr, _) = scene.import("programs", &json, &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("big.json: 41943040 bytes (40.0 MiB) is larger than the limit"),
        "{stderr}"
    );
    let notice = sparse("notice.txt", 9 << 20);
    let (code, _, stderr, _) = scene.add_source(&notice);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "notice.txt: 9437184 bytes (9.0 MiB) is larger than the limit of 8388608 bytes"
        ) && stderr.contains("QLAKE_SOURCE_MAX_BYTES="),
        "{stderr}"
    );
    // A limit set lower refuses a small file; raised, the same file imports.
    let small = scene.input("small.csv", programs_csv("name_en").as_bytes());
    let size = std::fs::metadata(&small).expect("size").len();
    let out = qlake(scene.home.path())
        .env("QLAKE_IMPORT_MAX_BYTES", "64")
        .args(["lake", "import"])
        .arg(scene.lake())
        .args(["programs"])
        .arg(&small)
        .args(["--dry-run", "--synthetic"])
        .timeout(PROMPT)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "small.csv: {size} bytes ({size} B) is larger than the limit of 64 bytes (64 B) for a CSV file to import; \
             raise QLAKE_IMPORT_MAX_BYTES=SIZE"
        )),
        "{stderr}"
    );
    qlake(scene.home.path())
        .env("QLAKE_IMPORT_MAX_BYTES", "1KiB")
        .args(["lake", "import"])
        .arg(scene.lake())
        .args(["programs"])
        .arg(&small)
        .args(["--dry-run", "--synthetic"])
        .timeout(PROMPT)
        .assert()
        .success();
    assert_eq!(hashes(scene.lake()), lake_before);
}
