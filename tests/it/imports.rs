//! A bureau's own lake: `lake init`, `add-source`, imports of CSV, XLSX, JSONL and Parquet, every bad import refused
//! by name with the lake untouched, and `lake undo` back to byte-identical files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use predicates::str::contains;

use crate::support::qlake;

const NOTICE: &str = "关于公布2023年度质量提升示范项目验收结果的通知\n\
经评审，武汉市光谷激光产业质量提升项目验收结果为优秀，襄阳市汽车零部件质量提升项目验收结果为良好。\n\
两个项目省级补助资金分别为50万元和30万元。\n";

const PROGRAMS: &str = "program_id,province_code,name_zh,name_en,kind,start_year,source_id,source_quote\n\
hb-demo-2023,CN-HB,质量提升示范项目,Quality improvement demonstration projects,campaign,2023,notice-2023,关于公布2023年度质量提升示范项目验收结果的通知\n";

const RATINGS: &str = r#"{"project_id":"hb-2023-01","year":2023,"rating":"excellent","rating_zh":"优秀","source_id":"notice-2023","source_quote":"武汉市光谷激光产业质量提升项目验收结果为优秀"}
{"project_id":"hb-2023-02","year":2023,"rating":"good","rating_zh":"良好","source_id":"notice-2023","source_quote":"襄阳市汽车零部件质量提升项目验收结果为良好"}
"#;

/// A home for qlake's own folders and a new lake in it, with the notice registered.
struct Bureau {
    home: tempfile::TempDir,
    lake: PathBuf,
}

impl Bureau {
    fn new() -> Bureau {
        Bureau::init_with(&[])
    }

    /// [`Bureau::new`], `lake init` given `extra` too.
    fn init_with(extra: &[&str]) -> Bureau {
        let home = tempfile::tempdir().expect("tempdir");
        let lake = home.path().join("lake");
        qlake(home.path())
            .args(["lake", "init"])
            .arg(&lake)
            .args(["--cities", "CN-HB"])
            .args(extra)
            .assert()
            .success()
            .stderr(contains("31 provinces"));
        let notice = home.path().join("notice-2023.txt");
        std::fs::write(&notice, NOTICE).expect("notice");
        qlake(home.path())
            .args(["lake", "add-source"])
            .arg(&lake)
            .arg("--file")
            .arg(&notice)
            .args(["--title", "关于公布2023年度质量提升示范项目验收结果的通知"])
            .args([
                "--publisher",
                "湖北省市场监督管理局",
                "--date",
                "2023-12-20",
            ])
            .assert()
            .success()
            .stdout("notice-2023\n");
        Bureau { home, lake }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.home.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    fn import(&self, table: &str, file: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
        qlake(self.home.path())
            .args(["lake", "import"])
            .arg(&self.lake)
            .arg(table)
            .arg(file)
            .args(extra)
            .assert()
    }

    /// `lake import` of `file` into `table`, which must be refused with exit 1: its stderr.
    fn refused(&self, table: &str, file: &Path) -> String {
        let out = self
            .import(table, file, &[])
            .code(1)
            .get_output()
            .stderr
            .clone();
        String::from_utf8_lossy(&out).into_owned()
    }

    /// `qlake --lake LAKE ARGS…`, which must succeed: its stdout.
    fn on_lake(&self, args: &[&str]) -> String {
        crate::support::stdout_of(self.home.path(), &self.lake, None, args)
    }

    fn sql(&self, sql: &str) -> String {
        self.on_lake(&["sql", sql, "-f", "csv"])
    }

    /// Programmes (CSV), projects (XLSX, budgets in 万元) and ratings (JSONL).
    fn with_projects(&self) {
        let programs = self.file("programs.csv", PROGRAMS);
        self.import("programs", &programs, &[]).success();
        let projects = self.home.path().join("projects.xlsx");
        projects_workbook(&projects);
        self.import(
            "projects",
            &projects,
            &[
                "--map",
                "预算（万元）=budget_yuan",
                "--unit",
                "budget_yuan=万元",
            ],
        )
        .success()
        .stderr(contains("imported 2 rows into `projects`"));
        let ratings = self.file("ratings.jsonl", RATINGS);
        self.import("ratings", &ratings, &[]).success();
    }
}

/// Two projects as a colleague's spreadsheet has them: a budget column in 万元 under a Chinese heading.
fn projects_workbook(path: &Path) {
    projects_sheets(path, &[("Sheet1", 0..2)]);
}

/// The two projects over sheets of one workbook: each sheet's name and which of the rows it holds.
fn projects_sheets(path: &Path, sheets: &[(&str, std::ops::Range<usize>)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, held) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("sheet name");
        write_projects(sheet, held.clone());
    }
    book.save(path).expect("xlsx");
}

/// The projects sheet's header as a colleague writes it: the budget in 万元 under a Chinese heading.
const PROJECT_SHEET_HEADER: [&str; 11] = [
    "project_id",
    "program_id",
    "province_code",
    "city_code",
    "year",
    "kind",
    "title_zh",
    "title_en",
    "预算（万元）",
    "source_id",
    "source_quote",
];

fn write_projects(sheet: &mut rust_xlsxwriter::Worksheet, held: std::ops::Range<usize>) {
    let header = PROJECT_SHEET_HEADER;
    let rows = [
        [
            "hb-2023-01",
            "hb-demo-2023",
            "CN-HB",
            "420100",
            "2023",
            "demonstration project",
            "武汉市光谷激光产业质量提升项目",
            "Wuhan Optics Valley laser industry",
            "50",
            "notice-2023",
            "武汉市光谷激光产业质量提升项目验收结果为优秀",
        ],
        [
            "hb-2023-02",
            "hb-demo-2023",
            "CN-HB",
            "420600",
            "2023",
            "demonstration project",
            "襄阳市汽车零部件质量提升项目",
            "Xiangyang auto parts",
            "30",
            "notice-2023",
            "襄阳市汽车零部件质量提升项目验收结果为良好",
        ],
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("cell");
    }
    for (r, row) in rows[held].iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let at = (r as u32 + 1, c as u16);
            // Numbers as numbers, as a spreadsheet holds them.
            match value.parse::<f64>() {
                Ok(n) if c == 4 || c == 8 => sheet.write_number(at.0, at.1, n),
                _ => sheet.write_string(at.0, at.1, *value),
            }
            .expect("cell");
        }
    }
}

/// The dashboard open on a lake while an import and then an undo change its files: each is seen (the engine is opened
/// again over the lake as it is), never a "cannot access file" from a locked DuckDB that knew only the old files.
#[test]
fn an_open_dashboard_follows_an_import_and_an_undo() {
    use qlake::core::queries::Library;
    use qlake::tui::{Effects, Session};

    let b = Bureau::new();
    b.with_projects();
    let engine = crate::support::open(&b.lake);
    let mut app = qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        b.lake.display().to_string(),
        (120, 40),
    );
    let mut session = Session::new(&engine, &mut app, Effects::Perform);
    let programmes = |session: &mut Session| {
        session.press("<f5>").expect("keys");
        let grid = session.app.console().grid.as_ref().expect("a result");
        (
            grid.cell("n").flatten().map(str::to_string),
            session.app.message().unwrap_or_default().to_string(),
        )
    };
    session
        .press("5 select <space> count(*) <space> as <space> n <space> from <space> programs")
        .expect("keys");
    assert_eq!(programmes(&mut session).0.as_deref(), Some("1"));

    let more = b.file(
        "programs-2024.csv",
        &PROGRAMS.replace("hb-demo-2023", "hb-demo-2024"),
    );
    let said = b
        .import("programs", &more, &[])
        .success()
        .get_output()
        .stderr
        .clone();
    let said = String::from_utf8_lossy(&said).into_owned();
    let id = said
        .split("as import ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the import's id")
        .to_string();
    session.check_lake().expect("the lake read again");
    assert!(
        session
            .app
            .message()
            .is_some_and(|m| m.contains("the lake changed")),
        "{:?}",
        session.app.message()
    );
    let (n, message) = programmes(&mut session);
    assert_eq!(n.as_deref(), Some("2"), "{message}");

    qlake(b.home.path())
        .args(["lake", "undo"])
        .arg(&b.lake)
        .arg(&id)
        .assert()
        .success();
    session.check_lake().expect("the lake read again");
    let (n, message) = programmes(&mut session);
    assert_eq!(n.as_deref(), Some("1"), "{message}");
    assert!(!message.contains("Cannot access"), "{message}");
}

/// A lake that uses only some of the contract's tables says so (`init --tables`), and `lake check` passes on it: its
/// unused tables, empty, are noted; the same lake without the list fails on them.
#[test]
fn a_lake_that_uses_some_tables_passes_its_check() {
    let check = |b: &Bureau| {
        qlake(b.home.path())
            .arg("--lake")
            .arg(&b.lake)
            .args(["lake", "check"])
            .assert()
    };
    let partial = Bureau::init_with(&["--tables", "programs,projects,ratings"]);
    partial.with_projects();
    let out = check(&partial).success().get_output().stdout.clone();
    let out = String::from_utf8_lossy(&out).into_owned();
    assert!(
        out.contains("this lake does not use it") && out.contains("funding"),
        "{out}"
    );
    let whole = Bureau::new();
    whole.with_projects();
    check(&whole).code(1).stdout(contains("table is empty"));
    // The list is the lake's own file, read as hostile text: a line that is not a table is an error naming it.
    std::fs::write(
        partial.lake.join("_unused-tables.txt"),
        "funding\nfunding'); DROP TABLE projects; --\n",
    )
    .expect("write");
    check(&partial)
        .code(1)
        .stderr(contains("_unused-tables.txt: line 2:").and(contains("is not a table")));
    let elsewhere = tempfile::tempdir().expect("tempdir");
    qlake(partial.home.path())
        .args(["lake", "init"])
        .arg(elsewhere.path().join("other"))
        .args(["--tables", "ratingz"])
        .assert()
        .code(2)
        .stderr(contains("`ratingz` is not a table"));
}

/// An import is what it imported: the same file, table and options twice is recognised, but another sheet of the same
/// workbook is another import and its rows arrive (they were dropped as "imported already").
#[test]
fn each_sheet_of_a_workbook_is_its_own_import() {
    let b = Bureau::new();
    let programs = b.file("programs.csv", PROGRAMS);
    b.import("programs", &programs, &[]).success();
    let book = b.home.path().join("book.xlsx");
    projects_sheets(&book, &[("2023", 0..1), ("2024", 1..2)]);
    let options = [
        "--map",
        "预算（万元）=budget_yuan",
        "--unit",
        "budget_yuan=万元",
    ];
    let with_sheet = |name: &'static str| {
        let mut args = options.to_vec();
        args.extend(["--sheet", name]);
        args
    };
    b.import("projects", &book, &with_sheet("2023"))
        .success()
        .stderr(contains("imported 1 row"));
    b.import("projects", &book, &with_sheet("2024"))
        .success()
        .stderr(contains("imported 1 row"));
    assert_eq!(
        b.sql("SELECT string_agg(project_id, ' ' ORDER BY project_id) AS ids FROM projects"),
        "ids\nhb-2023-01 hb-2023-02\n"
    );
    // The first sheet again, named or not: recognised, nothing added.
    for again in [with_sheet("2023"), options.to_vec()] {
        b.import("projects", &book, &again)
            .success()
            .stderr(contains("already"));
    }
    assert_eq!(b.sql("SELECT count(*) AS n FROM projects"), "n\n2\n");
    // A nightly job's run: `--quiet` says nothing on success, the import's and the export's lines included.
    let mut quiet = with_sheet("2024");
    quiet.push("--quiet");
    b.import("projects", &book, &quiet).success().stderr("");
    let out = b.home.path().join("projects.csv");
    qlake(b.home.path())
        .arg("--lake")
        .arg(&b.lake)
        .args(["-q", "query", "run", "ratings-by-year", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr("");
    assert!(out.exists());
}

/// Every file of the lake with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).expect("inside").to_path_buf(),
                    std::fs::read(&p).expect("read"),
                );
            }
        }
    }
    out
}

#[test]
fn a_lake_built_from_nothing_answers_the_saved_queries_and_the_dashboard() {
    let b = Bureau::new();
    b.with_projects();
    // Enterprises from a Parquet file another tool wrote, synthetic (made to fill a total), flagged on the command line.
    let enterprises = b.home.path().join("enterprises.parquet");
    duckdb::Connection::open_in_memory()
        .expect("duckdb")
        .execute_batch(&format!(
            "COPY (SELECT 'e' || i AS enterprise_id, '企业' || i AS name, 'CN-HB' AS province_code, \
             '420100' AS city_code, 'hb-2023-01' AS project_id, 'small' AS size_class FROM range(3) t(i)) TO '{}'",
            enterprises.display()
        ))
        .expect("parquet");
    b.import("enterprises", &enterprises, &["--synthetic"])
        .success();

    let ratings = b.on_lake(&[
        "query",
        "run",
        "ratings-by-year",
        "-p",
        "province=湖北",
        "-p",
        "year=2023",
        "-f",
        "csv",
    ]);
    assert!(
        ratings.contains("hb-2023-01") && ratings.contains("excellent"),
        "{ratings}"
    );
    assert!(
        ratings.contains("hb-2023-02") && ratings.contains("good"),
        "{ratings}"
    );
    // 50万元 became yuan.
    assert_eq!(
        b.sql("SELECT budget_yuan FROM projects ORDER BY project_id"),
        "budget_yuan\n500000.00\n300000.00\n"
    );
    assert_eq!(
        b.sql("SELECT count(*) FILTER (WHERE is_synthetic) AS n FROM enterprises"),
        "n\n3\n"
    );

    // `i` on an imported rating shows its quote from the registered notice; the overview opens on the new lake.
    let screen = b.on_lake(&["tui", "--headless", "--size", "120x40", "--keys", "3 i"]);
    assert!(screen.contains("验收结果为"), "{screen}");
    let overview = b.on_lake(&["tui", "--headless", "--size", "120x40", "--keys", "1"]);
    assert!(overview.contains("Hubei"), "{overview}");

    // `lake check` finds nothing wrong with the imported rows, the registered texts or the log: what it names is only
    // the tables this bureau has not filled yet.
    let check = qlake(b.home.path())
        .arg("--lake")
        .arg(&b.lake)
        .args(["lake", "check"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let check = String::from_utf8(check).expect("utf8");
    for line in check.lines().filter(|l| l.starts_with("error")) {
        assert!(line.ends_with("table is empty"), "{line}");
    }
    assert!(check.contains("/coverage: table is empty"), "{check}");
    // `lake info` lists the imports.
    qlake(b.home.path())
        .arg("--lake")
        .arg(&b.lake)
        .args(["lake", "info"])
        .assert()
        .success()
        .stderr(contains("rows into projects").and(contains("rows into enterprises")));

    // Other readers see the same lake: pyarrow's datasets and DuckDB's own command-line shell (installed by
    // scripts/ensure-tools), each reading the table folders its own way, count what qlake counts.
    let peers = crate::support::peers_venv();
    for table in [
        "sources",
        "programs",
        "projects",
        "ratings",
        "enterprises",
        "provinces",
        "cities",
    ] {
        let ours = b.sql(&format!("SELECT count(*) AS n FROM {table}"));
        let folder = b.lake.join(table);
        let pyarrow = crate::support::output_bounded(
            std::process::Command::new(peers.join("bin/python")).args([
                "-c",
                "import sys, pyarrow.dataset as d; print(d.dataset(sys.argv[1], format='parquet').count_rows())",
                folder.to_str().expect("utf8"),
            ]),
            "pyarrow (run scripts/ensure-tools)",
        );
        assert!(
            pyarrow.status.success(),
            "{}",
            String::from_utf8_lossy(&pyarrow.stderr)
        );
        assert_eq!(
            format!("n\n{}", String::from_utf8_lossy(&pyarrow.stdout)),
            ours,
            "pyarrow: {table}"
        );
        let cli = crate::support::output_bounded(
            std::process::Command::new(peers.join("bin/duckdb")).args([
                "-csv",
                "-c",
                &format!(
                    "SELECT count(*) AS n FROM read_parquet('{}/*.parquet')",
                    folder.display()
                ),
            ]),
            "the DuckDB CLI (run scripts/ensure-tools)",
        );
        assert!(
            cli.status.success(),
            "{}",
            String::from_utf8_lossy(&cli.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&cli.stdout),
            ours,
            "duckdb cli: {table}"
        );
    }
}

#[test]
fn bad_imports_are_refused_by_file_row_and_column_and_leave_the_lake_as_it_was() {
    let b = Bureau::new();
    b.with_projects();
    let before = snapshot(&b.lake);
    let header = "project_id,year,rating,rating_zh,source_id,source_quote\n";
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "a wrong type",
            "ratings",
            "hb-2023-01,2023年,excellent,优秀,notice-2023,武汉市光谷激光产业质量提升项目验收结果为优秀\n",
            &["line 2: column `year`: `2023年` is not integer"],
        ),
        // One problem alone in each of these: the import judges a row alone while it writes, and the rows together
        // after, so a rule missing from either pass would let its case through.
        (
            "a rating outside the vocabulary",
            "ratings",
            "hb-2023-01,2024,outstanding,优秀,notice-2023,武汉市光谷激光产业质量提升项目验收结果为优秀\n",
            &[
                "line 2: column `rating`: `outstanding` is not one of excellent / good / pass / deferred",
            ],
        ),
        (
            "a quote not in its source",
            "ratings",
            "hb-2023-01,2024,excellent,优秀,notice-2023,武汉市验收结果为卓越\n",
            &["line 2: column `source_quote`: `武汉市验收结果为卓越` is not found verbatim"],
        ),
        (
            "a required value missing",
            "ratings",
            "hb-2023-01,2024,,优秀,notice-2023,武汉市光谷激光产业质量提升项目验收结果为优秀\n",
            &["line 2: column `rating`: has no value; the column is required"],
        ),
        (
            "a source never registered",
            "ratings",
            "hb-2023-01,2024,excellent,优秀,notice-2099,武汉市光谷激光产业质量提升项目验收结果为优秀\n",
            &[
                "line 2: column `source_id`: `notice-2099` has no text in the lake's _sources folder",
            ],
        ),
        (
            "several problems, in several rows, all named at once",
            "ratings",
            "hb-2023-01,2024,outstanding,优秀,notice-2023,武汉市验收结果为卓越\n\
             hb-2023-02,2024年,good,良好,notice-2023,襄阳市汽车零部件质量提升项目验收结果为良好\n",
            &[
                "line 2: column `rating`: `outstanding` is not one of excellent / good / pass / deferred",
                "line 2: column `source_quote`: `武汉市验收结果为卓越` is not found verbatim",
                "line 3: column `year`: `2024年` is not integer",
            ],
        ),
        (
            "a project the lake does not have",
            "ratings",
            "hb-2099-09,2024,good,良好,notice-2023,襄阳市汽车零部件质量提升项目验收结果为良好\n",
            &[
                "line 2: column `project_id`: `hb-2099-09` is not a `projects.project_id` in the lake",
            ],
        ),
        (
            "a duplicate key, of the lake and within the file",
            "ratings",
            "hb-2023-01,2023,excellent,优秀,notice-2023,武汉市光谷激光产业质量提升项目验收结果为优秀\n\
             hb-2023-02,2024,good,良好,notice-2023,襄阳市汽车零部件质量提升项目验收结果为良好\n\
             hb-2023-02,2024,good,良好,notice-2023,襄阳市汽车零部件质量提升项目验收结果为良好\n",
            &[
                "line 2: column `project_id, year`: `hb-2023-01 / 2023` is a key the lake already has",
                "line 4: column `project_id, year`: `hb-2023-02 / 2024` repeats the key of line 3",
            ],
        ),
        (
            "a key the lake already has, alone",
            "ratings",
            "hb-2023-01,2023,excellent,优秀,notice-2023,武汉市光谷激光产业质量提升项目验收结果为优秀\n",
            &[
                "line 2: column `project_id, year`: `hb-2023-01 / 2023` is a key the lake already has",
            ],
        ),
        (
            "a key repeated within the file, alone",
            "ratings",
            "hb-2023-02,2024,good,良好,notice-2023,襄阳市汽车零部件质量提升项目验收结果为良好\n\
             hb-2023-02,2024,good,良好,notice-2023,襄阳市汽车零部件质量提升项目验收结果为良好\n",
            &["line 3: column `project_id, year`: `hb-2023-02 / 2024` repeats the key of line 2"],
        ),
        (
            "a real row without a source",
            "ratings",
            "hb-2023-02,2025,good,良好,,\n",
            &["line 2: column `source_quote`: a real row needs source_id and source_quote"],
        ),
    ];
    for (what, table, rows, expected) in cases {
        let file = b.file("bad.csv", &format!("{header}{rows}"));
        let said = b.refused(table, &file);
        for e in *expected {
            assert!(
                said.contains(&format!("bad.csv: {e}")),
                "{what}: `{e}` not in:\n{said}"
            );
        }
        assert!(said.contains("nothing was imported"), "{what}: {said}");
        assert_eq!(snapshot(&b.lake), before, "{what}: the lake changed");
    }

    // A size class the tier does not admit: a large firm among the 万 (small and medium-sized) enterprises, judged
    // on the import's own rows with its line, not as a rule of the whole lake.
    let firms = b.file(
        "firms.csv",
        "enterprise_id,name,province_code,tier,size_class,is_synthetic\n\
         hb-e-1,某企业,CN-HB,万,small,true\n\
         hb-e-2,某集团,CN-HB,万,large,true\n",
    );
    let said = b.refused("enterprises", &firms);
    assert!(
        said.contains("firms.csv: line 3: column `size_class`: `large` is a size class its 万/千/百 tier does not admit"),
        "{said}"
    );
    assert!(said.contains("1 problem in all"), "{said}");
    assert_eq!(snapshot(&b.lake), before, "a tier's size: the lake changed");

    // An unknown city code alone, money in 万元 taken for yuan alone, then both in one file: each named.
    let project = |city: &str, budget: &str| {
        format!(
            "project_id,program_id,province_code,city_code,year,kind,title_zh,title_en,budget_yuan,source_id,source_quote\n\
             hb-2023-03,hb-demo-2023,CN-HB,{city},2023,demonstration project,某项目,A project,{budget},notice-2023,\
             两个项目省级补助资金分别为50万元和30万元。\n"
        )
    };
    for (what, file, expected) in [
        (
            "unknown city",
            project("429999", "500000"),
            "line 2: column `city_code`: `429999` is not a `cities.city_code`",
        ),
        (
            "money in 万元",
            project("420100", "50"),
            "line 2: column `budget_yuan`: `50` is under 1万元",
        ),
    ] {
        let file = b.file("project.csv", &file);
        let said = b.refused("projects", &file);
        assert!(said.contains(expected), "{what}: {said}");
        assert!(said.contains("1 problem in all"), "{what}: {said}");
        assert_eq!(snapshot(&b.lake), before, "{what}: the lake changed");
    }
    let projects = b.file("projects.csv", &project("429999", "50"));
    let said = b.refused("projects", &projects);
    assert!(
        said.contains("line 2: column `city_code`: `429999` is not a `cities.city_code`"),
        "{said}"
    );
    assert!(
        said.contains("line 2: column `budget_yuan`: `50` is under 1万元"),
        "{said}"
    );
    assert!(said.contains("--unit budget_yuan=万元"), "{said}");
    // A column the contract does not have is named with the way to map it.
    let unknown = b.file("unknown.csv", "project_id,score\nx,1\n");
    b.import("ratings", &unknown, &[]).code(2).stderr(contains(
        "column `score` is not a column of `ratings`; rename it with --map 'score=COLUMN'",
    ));
    assert_eq!(snapshot(&b.lake), before);

    // The same file twice: recognised, nothing done.
    let ratings = b.file("ratings.jsonl", RATINGS);
    b.import("ratings", &ratings, &[])
        .success()
        .stderr(contains("already"));
    assert_eq!(snapshot(&b.lake), before);
}

#[test]
fn undo_returns_the_lake_to_the_same_bytes_and_a_dry_run_writes_nothing() {
    let b = Bureau::new();
    let programs = b.file("programs.csv", PROGRAMS);
    let before = snapshot(&b.lake);
    b.import("programs", &programs, &["--dry-run"])
        .success()
        .stderr(contains("1 rows would be added to `programs`"))
        .stdout(contains("hb-demo-2023"));
    assert_eq!(snapshot(&b.lake), before);
    let out = b
        .import("programs", &programs, &[])
        .success()
        .get_output()
        .stderr
        .clone();
    let said = String::from_utf8_lossy(&out);
    let id = said
        .split("as import ")
        .nth(1)
        .map(|s| s.trim().to_string())
        .expect("an import id");
    assert_ne!(snapshot(&b.lake), before);
    qlake(b.home.path())
        .args(["lake", "undo"])
        .arg(&b.lake)
        .arg(&id)
        .assert()
        .success();
    assert_eq!(snapshot(&b.lake), before);
    // The registered source can be undone too: its row and its text go.
    let log = std::fs::read_to_string(b.lake.join("_imports.jsonl")).expect("log");
    let source_import: serde_json::Value =
        serde_json::from_str(log.lines().next().expect("one")).expect("json");
    qlake(b.home.path())
        .args(["lake", "undo"])
        .arg(&b.lake)
        .arg(source_import["id"].as_str().expect("id"))
        .assert()
        .success();
    assert!(!b.lake.join("_sources/notice-2023.txt").exists());
    assert!(!b.lake.join("_imports.jsonl").exists());
}

#[test]
fn a_killed_import_leaves_nothing_visible_and_two_at_once_do_not_interleave() {
    use std::os::unix::io::AsRawFd;
    let b = Bureau::new();
    let before = snapshot(&b.lake);
    // Another import holding the lake: a second one is refused at once, naming why, and changes nothing.
    {
        let held = std::fs::File::open(&b.lake).expect("lake");
        // SAFETY: flock on a descriptor this test owns.
        assert_eq!(
            unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) },
            0
        );
        let programs = b.file("programs.csv", PROGRAMS);
        b.import("programs", &programs, &[])
            .code(1)
            .stderr(contains("another import or undo is running on this lake"));
        assert_eq!(snapshot(&b.lake), before);
    }
    // A large import killed while it writes its file.
    let mut big = String::from("enterprise_id,name,province_code,is_synthetic\n");
    for i in 0..2_000_000 {
        big.push_str(&format!("e{i},企业{i},CN-HB,true\n"));
    }
    let big = b.file("big.csv", &big);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("qlake"))
        .env("QLAKE_CACHE_DIR", b.home.path().join("cache"))
        .args(["lake", "import"])
        .arg(&b.lake)
        .arg("enterprises")
        .arg(&big)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let started = std::time::Instant::now();
    let staging = || {
        std::fs::read_dir(b.lake.join("enterprises"))
            .expect("folder")
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("_staging-"))
    };
    while !staging() {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the import ended before it could be killed"
        );
        assert!(
            started.elapsed() < crate::support::CHILD_LIMIT,
            "the import never began writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(2)); // polling interval, not a timing assumption
    }
    child.kill().expect("kill");
    let _ = crate::support::wait_bounded(&mut child, "the killed import");
    // Readers see the lake as it was: only a staging file, which every Parquet reader skips (`_`), is new.
    let now = snapshot(&b.lake);
    let visible: Vec<&PathBuf> = now
        .keys()
        .filter(|p| !p.to_string_lossy().contains("/_staging-"))
        .collect();
    assert_eq!(visible, before.keys().collect::<Vec<_>>());
    assert_eq!(b.sql("SELECT count(*) AS n FROM enterprises"), "n\n0\n");
    // The lock went with the process; the next import clears the leftover and goes through whole.
    b.import("enterprises", &big, &[])
        .success()
        .stderr(contains("imported 2000000 rows"));
    assert!(
        !snapshot(&b.lake)
            .keys()
            .any(|p| p.to_string_lossy().contains("_staging-"))
    );
}

#[test]
fn the_documented_example_imports_as_written() {
    // docs/import.md's steps, run from the repository's folder as the walk-through says.
    let home = tempfile::tempdir().expect("tempdir");
    let lake = home.path().join("my-lake");
    let lake_arg = lake.to_str().expect("utf8");
    let run = |args: &[&str]| {
        qlake(home.path())
            .current_dir(crate::support::project_dir())
            .args(args)
            .assert()
            .success()
    };
    let doc =
        std::fs::read_to_string(crate::support::project_dir().join("docs/import.md")).expect("doc");
    let steps: Vec<String> = doc
        .split("```")
        .skip(1)
        .step_by(2)
        .flat_map(|block| {
            block
                .replace("\\\n", " ")
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|l| {
            l.starts_with("qlake lake ") || l.starts_with("qlake --lake my-lake lake check")
        })
        .map(|l| l.split("  #").next().unwrap_or_default().trim().to_string())
        .collect();
    assert!(steps.len() >= 10, "{steps:?}");
    assert!(
        steps
            .iter()
            .rfind(|s| !s.contains("undo"))
            .is_some_and(|s| s.ends_with("lake check")),
        "{steps:?}"
    );
    for step in steps.iter().filter(|s| !s.contains("undo")) {
        let words = shell_words(step.trim_start_matches("qlake "));
        let words: Vec<&str> = words
            .iter()
            .map(|w| if w == "my-lake" { lake_arg } else { w.as_str() })
            .collect();
        run(&words);
    }
    let rows = String::from_utf8(
        run(&["--lake", lake_arg, "sql", "SELECT project_id, budget_yuan, rating FROM projects JOIN ratings USING (project_id) ORDER BY 1", "-f", "csv"])
            .get_output()
            .stdout
            .clone(),
    )
    .expect("utf8");
    assert_eq!(
        rows,
        "project_id,budget_yuan,rating\nsn-2023-01,800000.00,excellent\nsn-2023-02,600000.00,good\nsn-2023-03,500000.00,pass\n\
         zj-2024-01,900000.00,excellent\nzj-2024-02,700000.00,good\n"
    );
}

/// A command line's words: spaces split them, double quotes group them.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn an_import_that_breaks_a_published_total_is_refused_by_the_rule_unless_allowed_with_a_reason() {
    let b = Bureau::new();
    b.with_projects();
    // The notice publishes two projects; the lake holds them against it.
    let quote = "两个项目省级补助资金分别为50万元和30万元。";
    let indicators = b.file(
        "indicators.csv",
        &format!(
            "province_code,year,metric,metric_zh,value,unit,qualifier,source_id,source_quote\n\
             CN-HB,2023,demonstration_projects,示范项目,2,projects,exact,notice-2023,{quote}\n"
        ),
    );
    b.import("indicators", &indicators, &[]).success();
    let reconciliations = b.file(
        "reconciliations.csv",
        &format!(
            "check_id,province_code,measure,program_id,year_from,year_to,metric,metric_year,rule,headline,source_id,source_quote\n\
             hb-2023-projects,CN-HB,projects,hb-demo-2023,2023,2023,demonstration_projects,2023,matches,false,notice-2023,{quote}\n"
        ),
    );
    b.import("reconciliations", &reconciliations, &[]).success();

    let third = b.file(
        "third.csv",
        &format!(
            "project_id,program_id,province_code,year,kind,title_zh,title_en,source_id,source_quote\n\
             hb-2023-03,hb-demo-2023,CN-HB,2023,demonstration project,第三个项目,A third project,notice-2023,{quote}\n"
        ),
    );
    let before = snapshot(&b.lake);
    b.import("projects", &third, &[]).code(1).stderr(
        contains("hb-2023-projects: the lake has 3 projects").and(contains("--allow-unreconciled")),
    );
    assert_eq!(snapshot(&b.lake), before);
    b.import(
        "projects",
        &third,
        &[
            "--allow-unreconciled",
            "the notice counts only the rated projects",
        ],
    )
    .success()
    .stderr(contains(
        "unreconciled: the notice counts only the rated projects",
    ));
    let log = std::fs::read_to_string(b.lake.join("_imports.jsonl")).expect("log");
    assert!(
        log.contains("\"unreconciled\":\"the notice counts only the rated projects (rules:"),
        "{log}"
    );

    // A rule a row breaks alone (a large firm among the 万 SMEs) is named by line without a reason, and with one
    // the rows go in and the lake's check records the rule with the reason.
    let firms = b.file(
        "firms.csv",
        "enterprise_id,name,province_code,tier,size_class,is_synthetic\n\
         hb-e-9,某集团,CN-HB,万,large,true\n",
    );
    b.import("enterprises", &firms, &[]).code(1).stderr(
        contains("firms.csv: line 2: column `size_class`: `large` is a size class its 万/千/百 tier does not admit")
            .and(contains("--allow-unreconciled")),
    );
    b.import(
        "enterprises",
        &firms,
        &[
            "--allow-unreconciled",
            "the list publishes the group under 万",
        ],
    )
    .success();
    let log = std::fs::read_to_string(b.lake.join("_imports.jsonl")).expect("log");
    assert!(
        log.contains("the list publishes the group under 万 (rules:")
            && log.contains("enterprises of tier 万 are `large`"),
        "{log}"
    );
}

#[test]
fn two_imports_started_together_add_the_rows_once() {
    // Both processes race for the lock: one imports, the other is refused while it runs or finds the file imported
    // when it gets there. Either way the rows are in the lake exactly once.
    let b = Bureau::new();
    let mut rows = String::from("enterprise_id,name,province_code,is_synthetic\n");
    for i in 0..300_000 {
        rows.push_str(&format!("e{i},企业{i},CN-HB,true\n"));
    }
    let file = b.file("firms.csv", &rows);
    let start = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("qlake"))
            .env("QLAKE_CACHE_DIR", b.home.path().join("cache"))
            .args(["lake", "import"])
            .arg(&b.lake)
            .arg("enterprises")
            .arg(&file)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let (mut first, mut second) = (start(), start());
    let mut said = Vec::new();
    for child in [&mut first, &mut second] {
        let mut stderr = child.stderr.take().expect("stderr");
        let status = crate::support::wait_bounded(child, "a racing import");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut text).expect("stderr");
        said.push((status.code(), text));
    }
    let imported = said
        .iter()
        .filter(|(code, text)| *code == Some(0) && text.contains("imported 300000 rows"))
        .count();
    let turned_away = said
        .iter()
        .filter(|(code, text)| {
            (*code == Some(1) && text.contains("another import or undo is running"))
                || (*code == Some(0) && text.contains("already"))
        })
        .count();
    assert_eq!((imported, turned_away), (1, 1), "{said:#?}");
    assert_eq!(
        b.sql("SELECT count(*) AS n FROM enterprises"),
        "n\n300000\n"
    );
    let log = std::fs::read_to_string(b.lake.join("_imports.jsonl")).expect("log");
    assert_eq!(log.matches("\"table\":\"enterprises\"").count(), 1, "{log}");
    // Once more, alone: the hash is known long before 300 000 rows are written, and stops the write; nothing stays.
    let before = snapshot(&b.lake);
    b.import("enterprises", &file, &[])
        .success()
        .stderr(contains("already"));
    assert_eq!(snapshot(&b.lake), before);
}

#[test]
fn a_gbk_file_is_named_as_such_and_imported_with_its_encoding() {
    let b = Bureau::new();
    // A CSV as Excel saves it on a Chinese system: GBK.
    let (bytes, _, _) = encoding_rs::GBK.encode(PROGRAMS);
    let file = b.home.path().join("programs-gbk.csv");
    std::fs::write(&file, &bytes).expect("write");
    b.import("programs", &file, &[])
        .code(1)
        .stderr(contains("programs-gbk.csv: not UTF-8 text").and(contains("--encoding gbk")));
    b.import("programs", &file, &["--encoding", "gbk"])
        .success();
    assert_eq!(
        b.sql("SELECT name_zh FROM programs"),
        "name_zh\n质量提升示范项目\n"
    );
    b.import("programs", &file, &["--encoding", "klingon"])
        .code(2)
        .stderr(contains("--encoding klingon: not an encoding"));
}

#[test]
fn undoing_an_import_that_other_rows_refer_to_is_refused_unless_forced() {
    let b = Bureau::new();
    b.with_projects();
    let log = std::fs::read_to_string(b.lake.join("_imports.jsonl")).expect("log");
    let programs: serde_json::Value = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .find(|e| e["table"] == "programs")
        .expect("the programmes' import");
    let id = programs["id"].as_str().expect("id");
    let before = snapshot(&b.lake);
    let undo = |extra: &[&str]| {
        qlake(b.home.path())
            .args(["lake", "undo"])
            .arg(&b.lake)
            .arg(id)
            .args(extra)
            .assert()
    };
    undo(&[]).code(1).stderr(
        contains("would leave rows referring to rows it brought").and(contains(
            "column `program_id`: 2 rows name a `programs.program_id` the lake does not have",
        )),
    );
    assert_eq!(snapshot(&b.lake), before);
    undo(&["--force"]).success();
    assert_eq!(b.sql("SELECT count(*) AS n FROM programs"), "n\n0\n");
}

#[test]
fn a_value_quoted_first_deep_in_the_file_and_a_stray_quote_read_as_written() {
    // A spreadsheet quotes only the values that need it: here first on line 30 002, far past what the CSV sniffer
    // samples; and an inch mark inside an unquoted value is a character of it.
    let b = Bureau::new();
    let mut rows = String::from("enterprise_id,name,province_code,is_synthetic\n");
    rows.push_str("e0,5\" 钢管厂,CN-HB,true\n");
    for i in 1..30_000 {
        rows.push_str(&format!("e{i},企业{i},CN-HB,true\n"));
    }
    rows.push_str("e30000,\"武汉光谷, 激光\",CN-HB,true\n");
    let file = b.file("firms.csv", &rows);
    b.import("enterprises", &file, &[])
        .success()
        .stderr(contains("imported 30001 rows"));
    assert_eq!(
        b.sql("SELECT name FROM enterprises WHERE enterprise_id IN ('e0', 'e30000') ORDER BY enterprise_id"),
        "name\n\"5\"\" 钢管厂\"\n\"武汉光谷, 激光\"\n"
    );
}

const ZJ_NOTICE: &str = "示例通知（虚构文件，仅用于测试 qlake 的导入流程，不是真实公告）\n\
浙江省2024年度质量提升示范项目验收结果公告\n\
一、杭州市数字安防质量提升示范项目，省级补助资金90万元，验收结果为优秀。\n\
二、宁波市汽车零部件质量提升示范项目，省级补助资金70万元，验收结果为良好。\n\
三、温州市电气质量提升示范项目，省级补助资金40万元，验收结果为合格。\n";

/// One project of the Zhejiang notice: id, city, title (as the notice names it), its budget in 万元, its rating.
const ZJ_PROJECTS: [(&str, &str, &str, &str, &str, &str); 3] = [
    (
        "zj-2024-01",
        "330100",
        "杭州市数字安防质量提升示范项目",
        "90",
        "excellent",
        "优秀",
    ),
    (
        "zj-2024-02",
        "330200",
        "宁波市汽车零部件质量提升示范项目",
        "70",
        "good",
        "良好",
    ),
    (
        "zj-2024-03",
        "330300",
        "温州市电气质量提升示范项目",
        "40",
        "pass",
        "合格",
    ),
];

/// The sentence of the notice a project's rows quote.
fn zj_quote(title: &str) -> String {
    ZJ_NOTICE
        .lines()
        .find(|l| l.contains(title))
        .and_then(|l| l.split_once('、'))
        .map(|(_, s)| s.trim_end_matches('。').to_string())
        .expect("the notice names it")
}

/// A province the sample lake does not have, from nothing, as its bureau would build it: `init` with its cities and
/// the tables it uses, its notice registered, programmes from CSV, projects from two sheets of one workbook, ratings
/// from CSV; every shipped query runs on it with the lake's own values; the dashboard opens on it and sees ratings
/// imported while it is open; `lake check` passes.
#[test]
fn a_bureau_builds_a_lake_for_a_province_the_sample_lacks() {
    let b = Bureau::init_with(&["--cities", "CN-ZJ", "--tables", "programs,projects,ratings"]);
    assert_eq!(
        b.sql("SELECT count(*) AS n FROM cities WHERE province_code = 'CN-ZJ'"),
        "n\n11\n"
    );
    let notice = b.file("zj-2024.txt", ZJ_NOTICE);
    qlake(b.home.path())
        .args(["lake", "add-source"])
        .arg(&b.lake)
        .arg("--file")
        .arg(&notice)
        .args([
            "--title",
            "浙江省2024年度质量提升示范项目验收结果公告（示例）",
        ])
        .args(["--publisher", "qlake test", "--date", "2024-12-01"])
        .assert()
        .success()
        .stdout("zj-2024\n");
    let programs = b.file(
        "zj-programs.csv",
        "program_id,province_code,name_zh,name_en,kind,start_year,source_id,source_quote\n\
         zj-demo-2024,CN-ZJ,浙江省质量提升示范项目（示例）,Zhejiang quality improvement demonstration projects (example),\
         campaign,2024,zj-2024,浙江省2024年度质量提升示范项目验收结果公告\n",
    );
    b.import("programs", &programs, &[]).success();

    // The projects, over two sheets of one workbook.
    let book = b.home.path().join("zj-projects.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, held) in [("杭州 宁波", 0..2), ("温州", 2..3)] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).expect("sheet name");
        for (c, h) in PROJECT_SHEET_HEADER.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).expect("cell");
        }
        for (r, (id, city, title, budget, _, _)) in ZJ_PROJECTS[held].iter().enumerate() {
            let row = r as u32 + 1;
            let quote = zj_quote(title);
            let cells = [
                *id,
                "zj-demo-2024",
                "CN-ZJ",
                *city,
                "",
                "demonstration project",
                *title,
                *id,
                "",
                "zj-2024",
                quote.as_str(),
            ];
            for (c, value) in cells.iter().enumerate() {
                sheet.write_string(row, c as u16, *value).expect("cell");
            }
            sheet.write_number(row, 4, 2024.0).expect("year");
            sheet
                .write_number(row, 8, budget.parse::<f64>().expect("budget"))
                .expect("budget");
        }
    }
    workbook.save(&book).expect("xlsx");
    let unit = [
        "--map",
        "预算（万元）=budget_yuan",
        "--unit",
        "budget_yuan=万元",
    ];
    for sheet in ["杭州 宁波", "温州"] {
        let mut args = unit.to_vec();
        args.extend(["--sheet", sheet]);
        b.import("projects", &book, &args).success();
    }
    let ratings_csv = |rows: &[(&str, &str, &str, &str, &str, &str)]| {
        let mut text = String::from("project_id,year,rating,rating_zh,source_id,source_quote\n");
        for (id, _, title, _, rating, rating_zh) in rows {
            text.push_str(&format!(
                "{id},2024,{rating},{rating_zh},zj-2024,{}\n",
                zj_quote(title)
            ));
        }
        text
    };
    let first = b.file("zj-ratings.csv", &ratings_csv(&ZJ_PROJECTS[..2]));
    b.import("ratings", &first, &[]).success();
    assert_eq!(
        b.sql("SELECT sum(budget_yuan) AS yuan FROM projects WHERE province_code = 'CN-ZJ'"),
        "yuan\n2000000.00\n"
    );

    // Every shipped query, each parameter given the lake's own value.
    let own = |sql: &str| {
        let out = b.sql(sql);
        out.lines().nth(1).unwrap_or_default().to_string()
    };
    let values: Vec<(&str, String)> = vec![
        ("province", "浙江".into()),
        ("province_code", "CN-ZJ".into()),
        ("city_code", own("SELECT min(city_code) FROM projects")),
        ("chain_id", "none-in-this-lake".into()),
        ("program_id", own("SELECT min(program_id) FROM programs")),
        ("project_id", own("SELECT min(project_id) FROM projects")),
        ("source", "zj-2024".into()),
        ("source_id", "zj-2024".into()),
        ("search", "90万元".into()),
        ("text", "杭州".into()),
        ("year", "2024".into()),
    ];
    let library = qlake::core::queries::Library::load(None);
    let (mut ran, mut not_here) = (0, Vec::new());
    'queries: for query in library.queries.values() {
        let mut args = vec![
            "query".to_string(),
            "run".into(),
            query.name.clone(),
            "-f".into(),
            "csv".into(),
        ];
        for param in &query.params {
            // A choice among a table this lake does not use has no value here: the query runs without it.
            if let qlake::core::queries::ParamKind::ChoiceOf { table, .. } = param.kind
                && ![
                    "programs",
                    "projects",
                    "ratings",
                    "provinces",
                    "cities",
                    "sources",
                ]
                .contains(&table)
            {
                // A query that needs such a value (the items of a funding row) has nothing to show here.
                if param.required && param.default.is_none() {
                    not_here.push(query.name.clone());
                    continue 'queries;
                }
                continue;
            }
            if let Some((_, value)) = values.iter().find(|(n, _)| *n == param.name) {
                args.extend(["-p".into(), format!("{}={value}", param.name)]);
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        b.on_lake(&args);
        ran += 1;
    }
    assert_eq!(not_here, ["funding-items"]);
    assert_eq!(ran + not_here.len(), library.queries.len());
    // The lake's own province is the one its choices offer; the sample's are refused by name.
    let by_year = b.on_lake(&[
        "query",
        "run",
        "ratings-by-year",
        "-p",
        "province=CN-ZJ",
        "-f",
        "csv",
    ]);
    assert_eq!(by_year.lines().count(), 3, "{by_year}");
    qlake(b.home.path())
        .arg("--lake")
        .arg(&b.lake)
        .args(["query", "run", "ratings-by-year", "-p", "province=CN-HB"])
        .assert()
        .code(2)
        .stderr(contains(
            "`CN-HB` is not among this lake's projects.province_code (CN-ZJ)",
        ));

    // The dashboard, open while the third rating is imported.
    let engine = crate::support::open(&b.lake);
    let mut app = qlake::tui::panes::new_app(
        library,
        qlake::tui::panes::default_keymap(),
        b.lake.display().to_string(),
        (160, 40),
    );
    let mut session = qlake::tui::Session::new(&engine, &mut app, qlake::tui::Effects::Perform);
    let theme = qlake::tui::view::Theme {
        color: false,
        ascii: false,
    };
    session.press("3").expect("keys");
    let before = session.screen(&theme).expect("screen");
    assert!(
        before.contains("zj-2024-01") && !before.contains("zj-2024-03"),
        "{before}"
    );
    let third = b.file("zj-ratings-3.csv", &ratings_csv(&ZJ_PROJECTS[2..]));
    b.import("ratings", &third, &[]).success();
    session.check_lake().expect("the lake read again");
    let after = session.screen(&theme).expect("screen");
    assert!(after.contains("zj-2024-03"), "{after}");

    qlake(b.home.path())
        .arg("--lake")
        .arg(&b.lake)
        .args(["lake", "check"])
        .assert()
        .success();
}

/// A quote worth its name: a quote of one character, a figure its quote does not write, and a near miss (the words with
/// other punctuation) are each refused with what is wrong; a reason given lets the first two through, recorded.
#[test]
fn a_quote_must_be_a_sentence_that_writes_the_row_s_figure() {
    let b = Bureau::new();
    let csv = |value: &str, quote: &str| {
        format!(
            "province_code,year,metric,metric_zh,value,unit,qualifier,source_id,source_quote\n\
             CN-HB,2023,provincial_subsidy,省级补助资金,{value},yuan,exact,notice-2023,{quote}\n"
        )
    };
    let good_quote = "两个项目省级补助资金分别为50万元和30万元";
    let cases = [
        (
            "short.csv",
            csv("500000", "50万元"),
            "source_quote",
            "shorter than 8 characters",
        ),
        (
            "figure.csv",
            csv("510000", good_quote),
            "value",
            "is not a figure its source_quote writes",
        ),
        (
            "near.csv",
            csv("500000", "两个项目 省级补助资金分别为50万元和30万元"),
            "source_quote",
            "only with other blanks or punctuation",
        ),
        (
            "closest.csv",
            csv("500000", "两个项目省级补助资金分别为50万元和40万元"),
            "source_quote",
            "the text has its first 18 characters, then reads `30万元。` where the quote reads `40万元`",
        ),
        (
            "script.csv",
            csv("500000", "兩個項目省級補助資金分別為50萬元和30萬元"),
            "source_quote",
            "in the other script (simplified / traditional",
        ),
    ];
    for (name, text, column, says) in &cases {
        let file = b.file(name, text);
        let out = b.refused("indicators", &file);
        assert!(
            out.contains(&format!("column `{column}`")) && out.contains(says),
            "{name}: {out}"
        );
    }
    let file = b.file("good.csv", &csv("500000", good_quote));
    b.import("indicators", &file, &[]).success();
    // With a reason, the short quote goes in, and the log keeps the reason.
    let short = b.file(
        "short-ok.csv",
        &csv("500000", "50万元").replace("provincial_subsidy", "short_one"),
    );
    b.import(
        "indicators",
        &short,
        &["--short-quotes", "the table cell holds only the figure"],
    )
    .success();
    let log = std::fs::read_to_string(b.lake.join("_imports.jsonl")).unwrap_or_default();
    assert!(
        log.contains("short quotes: the table cell holds only the figure"),
        "{log}"
    );
}

/// A table that writes a city's name in the other script than the lake's cities is said after the import (a
/// warning: the rows are in), and one that keeps to the lake's script is not.
#[test]
fn an_import_that_mixes_scripts_is_told_so() {
    let b = Bureau::new();
    let programs = b.file("programs.csv", PROGRAMS);
    b.import("programs", &programs, &[]).success();
    let projects = |id: &str, title: &str| {
        format!(
            "project_id,program_id,province_code,city_code,year,kind,title_zh,title_en,source_id,source_quote\n\
             {id},hb-demo-2023,CN-HB,420600,2023,demonstration project,{title},Xiangyang auto parts,notice-2023,\
             襄阳市汽车零部件质量提升项目验收结果为良好\n"
        )
    };
    let simplified = b.file(
        "simplified.csv",
        &projects("hb-2023-02", "襄阳市汽车零部件质量提升项目"),
    );
    let said = b
        .import("projects", &simplified, &[])
        .success()
        .get_output()
        .stderr
        .clone();
    assert!(!String::from_utf8_lossy(&said).contains("warning"));
    let traditional = b.file(
        "traditional.csv",
        &projects("hb-2023-09", "襄陽市汽車零部件質量提升項目"),
    );
    b.import("projects", &traditional, &["--quiet"])
        .success()
        .stderr(
            contains("warning: `projects.title_zh` writes 1 value in traditional script")
                .and(contains("襄陽市汽車零部件質量提升項目 (襄阳)")),
        );
}

/// Found by an attack on this turn's checks: a notice whose first line is short (通知) registers (its `sources` row
/// quotes that line by construction); `--quiet` on a passing `lake check` says nothing, and may be given twice.
#[test]
fn a_short_titled_notice_registers_and_a_quiet_check_says_nothing() {
    let b = Bureau::new();
    let notice = b.file(
        "short-title.txt",
        "通知\n关于开展2024年质量提升工作的通知\n",
    );
    qlake(b.home.path())
        .args(["lake", "add-source"])
        .arg(&b.lake)
        .arg("--file")
        .arg(&notice)
        .args(["--id", "short-title", "--title", "通知"])
        .assert()
        .success();
    let partial = Bureau::init_with(&["--tables", "programs,projects,ratings"]);
    partial.with_projects();
    qlake(partial.home.path())
        .arg("--lake")
        .arg(&partial.lake)
        .args(["-q", "-q", "lake", "check"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
}
