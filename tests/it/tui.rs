//! The TUI driven headless: keys in, every query run to completion after each key, the screen snapshotted.

use qlake::core::engine::Engine;
use qlake::core::queries::Library;
use qlake::tui::app::{App, Layer, Pane};
use qlake::tui::jobs::{Job, Outcome, Target, Work, execute};
use qlake::tui::keymap::parse_script;
use qlake::tui::view::Theme;
use qlake::tui::{Effects, Session, run_headless, screen_text};

use crate::support::{jobs, project_dir, redact_timings, sample_engine};

fn app(size: (u16, u16)) -> App {
    qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        "sample-data".into(),
        size,
    )
}

/// Press `keys` (headless script syntax) and return the screen.
fn press(engine: &Engine, app: &mut App, keys: &str) -> String {
    let keys = parse_script(keys).expect("keys");
    let screen = run_headless(engine, app, &keys, &crate::support::PLAIN).expect("headless run");
    redact_timings(&screen)
}

fn ratings(app: &App) -> &qlake::tui::grid::Grid {
    app.pane_grid(Pane::RATINGS)
        .expect("the ratings pane's grid")
}

fn text(cell: &Option<String>) -> String {
    cell.clone().unwrap_or_default()
}

#[test]
fn dashboard_fits_80x24_with_the_sources_figures() {
    let engine = sample_engine();
    let mut app = app((80, 24));
    let screen = press(&engine, &mut app, "");
    assert!(screen.contains("Hubei"), "{screen}");
    assert!(
        screen.contains("26.9%"),
        "Hubei: 7 of its 26 real ratings excellent\n{screen}"
    );
    assert!(
        screen.contains("982 (1)") && screen.contains("18,558+"),
        "Hubei's firms of 2018–20: in the lake (real) beside the published figure, at least\n{screen}"
    );
    assert!(
        !screen.contains("1.23亿"),
        "no sum of Hubei's money of every kind\n{screen}"
    );
    assert!(
        screen.contains("cumulative totals") && screen.contains("LN") && screen.contains("≈8.70亿"),
        "Liaoning's leveraged 近8.7亿元 among the cumulative totals, marked about\n{screen}"
    );
    assert!(
        screen.contains("HB 2018 万") && screen.contains("103%"),
        "Hubei 2018 万 coverage: 10324 of 10000\n{screen}"
    );
    insta::assert_snapshot!("dashboard_80x24", screen);
}

#[test]
fn dashboard_uses_room_when_it_has_it() {
    let engine = sample_engine();
    let mut app = app((140, 40));
    let screen = press(&engine, &mut app, "");
    insta::assert_snapshot!("dashboard_140x40", screen);
}

#[test]
fn a_failing_tile_shows_its_error_and_the_rest_still_work() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    app.dashboard_mut().tiles[1].query = "no-such-query".into();
    let screen = press(&engine, &mut app, "");
    assert!(
        screen.contains("error: no saved query") && screen.contains("`no-such-query`"),
        "{screen}"
    );
    assert!(screen.contains("Hubei"), "{screen}");
}

#[test]
fn drill_down_and_back_restores_the_cursor() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    // Hubei (first card) → Wuhan (first city) → the third chain of Wuhan → its project → the enterprises.
    press(&engine, &mut app, "<enter>");
    assert_eq!(app.pane(), Pane::EXPLORE);
    press(&engine, &mut app, "<enter>");
    press(&engine, &mut app, "j j");
    let chain = app.explore().last().expect("level").grid.text("chain_id");
    assert_eq!(chain, "HB-CL-2021-03");
    press(&engine, &mut app, "<enter>");
    let screen = press(&engine, &mut app, "<enter>");
    assert_eq!(
        app.explore().last().expect("level").query,
        "enterprises-of-project"
    );
    assert!(
        screen.contains("Provinces › Hubei › Wuhan › Wuhan EDZ auto parts"),
        "{screen}"
    );
    insta::assert_snapshot!("enterprises_of_a_project", screen);
    press(&engine, &mut app, "<esc> <esc>");
    let level = app.explore().last().expect("level");
    assert_eq!(level.query, "chains-of-city");
    assert_eq!(level.grid.cursor, 2, "the cursor is where it was");
    press(&engine, &mut app, "<backspace>");
    assert_eq!(
        app.explore().last().expect("level").query,
        "cities-of-province"
    );
}

#[test]
fn ratings_filtered_to_2021_and_their_frequency() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let screen = press(&engine, &mut app, "3 : year <space> 2021 <enter>");
    assert_eq!(ratings(&app).total, Some(26), "{screen}");
    assert!(screen.contains("row 1/26"), "{screen}");
    // Move to the `rating` column and open its frequency view.
    // The year column repeats the filter (year=2021) and is left out: two moves reach `rating`.
    let screen = press(&engine, &mut app, "l l F");
    let Some(Layer::Frequency { grid, .. }) = app.layers().last() else {
        panic!("no frequency view\n{screen}")
    };
    let counts: Vec<(String, String)> = (0..4)
        .filter_map(|i| grid.row(i).map(|r| (text(&r[0]), text(&r[1]))))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("good".into(), "15".into()),
            ("excellent".into(), "7".into()),
            ("pass".into(), "3".into()),
            ("deferred".into(), "1".into())
        ]
    );
    insta::assert_snapshot!("rating_frequency", screen);
    // Enter opens the matching rows: the second value, excellent.
    press(&engine, &mut app, "j <enter>");
    assert_eq!(ratings(&app).total, Some(7));
    assert_eq!(ratings(&app).text("rating"), "excellent");
}

#[test]
fn where_from_shows_the_document_and_the_sentence() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let screen = press(&engine, &mut app, "3 : year <space> 2021 <enter> i");
    assert!(screen.contains("省市场监管局关于开展"), "{screen}");
    assert!(screen.contains("2022-03-11"), "{screen}");
    assert!(screen.contains("武汉电气行业产业集群质量提升"), "{screen}");
    insta::assert_snapshot!("where_from", screen);
}

#[test]
fn console_runs_a_query_and_shows_errors_inline() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let screen = press(
        &engine,
        &mut app,
        "5 select <space> count(*) <space> as <space> n <space> from <space> ratings <f5>",
    );
    assert!(
        screen.contains("45"),
        "26 ratings of 2021 and 19 of 2019\n{screen}"
    );
    assert_eq!(
        app.console()
            .grid
            .as_ref()
            .and_then(|g| g.row(0))
            .and_then(|r| r[0].clone())
            .as_deref(),
        Some("45")
    );
    let mut app = self::app((100, 30));
    let screen = press(
        &engine,
        &mut app,
        "5 select <space> * <space> frm <space> ratings <c-r>",
    );
    assert!(screen.contains("error:"), "{screen}");
    assert!(
        screen.contains("syntax error") && screen.contains("LINE 1"),
        "the error says where\n{screen}"
    );
    insta::assert_snapshot!("console_error", screen);
    let mut app = self::app((100, 30));
    let screen = press(
        &engine,
        &mut app,
        "5 drop <space> view <space> projects <f5>",
    );
    assert!(screen.contains("refused"), "{screen}");
}

#[test]
fn export_writes_the_filtered_rows() {
    let engine = sample_engine();
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("excellent.csv");
    let mut app = app((100, 30));
    let keys = format!(
        "3 : year <space> 2021 <enter> : rating <space> excellent <enter> : export <space> {} <enter>",
        target.display()
    );
    let screen = press(&engine, &mut app, &keys);
    assert!(screen.contains("exported 7 rows"), "{screen}");
    let text = std::fs::read_to_string(&target).expect("exported");
    // Records start with the year; the quoted source rows span several lines.
    let records: Vec<&str> = text.lines().filter(|l| l.starts_with("2021,")).collect();
    assert_eq!(records.len(), 7, "{text}");
    assert!(records.iter().all(|l| l.contains(",excellent,")), "{text}");
}

#[test]
fn saved_query_pane_runs_with_a_form() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    // The list is sorted by name: find coverage-by-city and open its form.
    let index = app
        .library()
        .queries
        .keys()
        .position(|k| k == "coverage-by-city")
        .expect("query");
    let downs = "j ".repeat(index);
    let screen = press(&engine, &mut app, &format!("4 {downs} <enter>"));
    assert!(screen.contains("year"), "{screen}");
    let screen = press(&engine, &mut app, "2 0 2 2 <enter>");
    assert!(screen.contains("3000"), "{screen}");
    assert_eq!(
        app.queries().result.as_ref().and_then(|g| g.total),
        Some(56)
    );
}

#[test]
fn scrolling_to_the_end_of_ten_million_rows_holds_at_most_six_pages() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    press(
        &engine,
        &mut app,
        "5 select <space> i, <space> i*2 <space> as <space> j <space> from <space> range(10000000) <space> t(i) <f5> <esc> G",
    );
    let grid = app.console().grid.as_ref().expect("grid");
    assert_eq!(grid.total, Some(10_000_000));
    assert_eq!(grid.cursor, 9_999_999);
    assert_eq!(
        grid.current_row().and_then(|r| r[0].clone()).as_deref(),
        Some("9999999")
    );
    assert!(grid.pages.len() <= 6, "{} pages held", grid.pages.len());
    press(&engine, &mut app, "g");
    let grid = app.console().grid.as_ref().expect("grid");
    assert!(grid.pages.len() <= 6);
    assert_eq!(
        grid.current_row().and_then(|r| r[0].clone()).as_deref(),
        Some("0")
    );
}

#[test]
fn a_slow_query_is_cancelled_and_the_engine_keeps_working() {
    let engine = sample_engine();
    let worker = engine.try_clone().expect("clone");
    let handle = worker.interrupter();
    let job = Job {
        id: 1,
        target: Target::Export,
        work: Work::Count { sql: qlake::core::gate::check("SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = -1").unwrap(), params: Vec::new() },
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let answer = execute(&worker, &job);
        tx.send(answer).expect("send");
        worker
    });
    // Interrupt until the worker reports back (an interrupt before the query starts is lost); a cancel that never
    // lands is a failure, not a hang.
    let started = std::time::Instant::now();
    let answer = loop {
        handle.interrupt();
        if let Ok(answer) = rx.recv_timeout(std::time::Duration::from_millis(20)) {
            break answer;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "the cancel never reached the query"
        );
    };
    assert_eq!(answer.outcome, Outcome::Cancelled);
    let worker = thread.join().expect("join");
    let again = execute(
        &worker,
        &Job {
            id: 2,
            target: Target::Export,
            work: Work::Count {
                sql: qlake::core::gate::check("SELECT 7").unwrap(),
                params: Vec::new(),
            },
        },
    );
    assert_eq!(again.outcome, Outcome::Count(7));
}

#[test]
fn coverage_and_funding_panes_chart_the_sources_figures() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    // It opens on the latest year with actuals: 2018, province-wide only, so no city is charted.
    let screen = press(&engine, &mut app, "6");
    assert_eq!(
        app.pane_grid(Pane::COVERAGE).and_then(|g| g.total),
        Some(3),
        "{screen}"
    );
    assert!(screen.contains("no city targets this year"), "{screen}");
    let screen = press(&engine, &mut app, ": year <space> 2022 <enter>");
    assert_eq!(
        app.pane_grid(Pane::COVERAGE).and_then(|g| g.total),
        Some(56),
        "{screen}"
    );
    assert!(
        screen.contains("万 targets by city") && screen.contains("3000"),
        "{screen}"
    );
    // The province's total is never drawn as one of its cities.
    assert!(!screen.contains("全省 "), "{screen}");
    let screen = press(&engine, &mut app, "7 : province <space> CN-HB <enter>");
    assert!(
        screen.contains("5897万") && screen.contains("5000万"),
        "{screen}"
    );
    insta::assert_snapshot!("funding_pane", screen);
}

#[test]
fn a_programme_drills_into_its_projects() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let index = app
        .library()
        .queries
        .keys()
        .position(|k| k == "programme-overview")
        .expect("query");
    let downs = "j ".repeat(index);
    press(&engine, &mut app, &format!("4 {downs} <enter> <enter>"));
    assert_eq!(
        app.queries()
            .result
            .as_ref()
            .map(|g| g.text("program_id"))
            .as_deref(),
        Some("HB-WQB")
    );
    let screen = press(&engine, &mut app, "<enter>");
    let level = app.explore().last().expect("level");
    assert_eq!(level.query, "projects-of-programme", "{screen}");
    assert!(level.grid.total.is_some_and(|t| t > 26), "{screen}");
}

#[test]
fn the_latest_request_wins() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    // Go to Explore and take the page job for the provinces, leaving it unanswered for now.
    let stale: Vec<Job> = jobs(app.on_key(parse_script("2").expect("keys")[0]));
    assert!(!stale.is_empty());
    // Answer the first job twice over: the grid accepts it once, and a replay of the same id is dropped.
    for job in &stale {
        let answer = execute(&engine, job);
        let _ = app.on_answer(answer.clone());
        let before = app.explore()[0].grid.pages.len();
        let _ = app.on_answer(answer);
        assert_eq!(app.explore()[0].grid.pages.len(), before);
    }
    // A page answer for a grid that has moved on (new sort) is dropped, not shown.
    let old = stale
        .into_iter()
        .find(|j| matches!(j.target, Target::Page { .. }))
        .expect("a page job");
    let unsorted_first = app.explore()[0].grid.row(0).cloned();
    press(&engine, &mut app, "S");
    let sorted_first = app.explore()[0].grid.row(0).cloned();
    assert_ne!(
        sorted_first, unsorted_first,
        "the sort must change the first row, or a stale page could not be told apart"
    );
    let _ = app.on_answer(execute(&engine, &old));
    assert_eq!(app.explore()[0].grid.row(0).cloned(), sorted_first);
}

#[test]
fn a_flood_of_keys_and_tiny_screens_do_not_crash() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let keys = format!("2 {}", "j k l h G g ".repeat(1700));
    let screen = press(&engine, &mut app, &keys);
    assert!(app.explore()[0].grid.pages.len() <= 6);
    assert!(!screen.is_empty());
    let too_small = "qlake: window too small";
    for size in [(1, 1), (2, 1), (10, 3), (30, 5), (80, 24), (300, 100)] {
        app.set_size(size);
        let screen = screen_text(
            &app,
            &Theme {
                color: true,
                ascii: false,
            },
        )
        .expect("renders");
        assert_eq!(screen.lines().count(), usize::from(size.1), "{size:?}");
        let first = screen.lines().next().unwrap_or_default();
        if size.0 < 20 || size.1 < 6 {
            let shown: String = too_small.chars().take(usize::from(size.0)).collect();
            assert_eq!(first, shown, "{size:?}");
        } else {
            assert!(screen.contains("Provinces"), "{size:?}: {screen}");
        }
    }
}

#[test]
fn a_lake_file_deleted_or_replaced_while_open_is_an_error_in_that_pane() {
    let lake = crate::support::copy_of_sample();
    let engine = crate::support::open(lake.path());
    let mut app = app((100, 30));
    press(&engine, &mut app, "3");
    assert_eq!(ratings(&app).total, Some(45));
    std::fs::remove_file(lake.path().join("ratings/ratings.parquet")).expect("delete");
    let screen = press(&engine, &mut app, "r");
    assert!(
        screen.contains("error:") && screen.contains("ratings.parquet"),
        "{screen}"
    );
    // Replaced by something that is not Parquet: still an error in the pane, and the other panes work.
    std::fs::write(lake.path().join("ratings/ratings.parquet"), b"not parquet").expect("write");
    let screen = press(&engine, &mut app, "r");
    assert!(screen.contains("error:"), "{screen}");
    let screen = press(&engine, &mut app, "2");
    assert!(screen.contains("Hubei"), "{screen}");
}

#[test]
fn help_lists_the_keys_of_the_pane() {
    let engine = sample_engine();
    let mut app = app((100, 50));
    let screen = press(&engine, &mut app, "3 ?");
    assert!(
        screen.contains("frequency of the current column"),
        "{screen}"
    );
    assert!(screen.contains("quit qlake"), "{screen}");
}

#[test]
fn hostile_cells_are_shown_escaped() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let screen = press(
        &engine,
        &mut app,
        "5 select <space> 'a'||chr(27)||'[2Jb'||chr(8238)||'c' <space> as <space> s <f5>",
    );
    assert!(!screen.contains('\u{1b}'));
    assert!(!screen.contains('\u{202e}'));
    assert!(screen.contains("a\\e[2Jb\\u{202e}c"), "{screen}");
}

#[test]
fn language_toggle_switches_names() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let en = press(&engine, &mut app, "2");
    assert!(en.contains("Hubei") && !en.contains("湖北省"), "{en}");
    // The interface and the names switch together.
    let zh = press(&engine, &mut app, "L");
    assert!(
        zh.contains("湖北省") && zh.contains("各省") && !zh.contains("Hubei"),
        "{zh}"
    );
    let en = press(&engine, &mut app, "L");
    assert!(en.contains("Hubei") && en.contains("Provinces"), "{en}");
}

/// The session draws each frame on the terminal of the frame before, as the terminal runner does; the screen it reads
/// back must be a terminal drawn afresh's: through wide Chinese characters replaced by narrow ones and back, drills,
/// the console, and a resize (after which the kept terminal would draw at the old size). Reading the test backend's
/// own cells instead fails here: it does not blank a wide character's second cell as a terminal does.
#[test]
fn a_kept_terminal_shows_what_a_fresh_one_shows() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    let theme = crate::support::PLAIN;
    let (mut chinese, mut english) = (0, 0);
    let steps = [
        "2", "L", "<enter>", "j j", "<enter>", "L", "<esc>", "resize", "<esc>", "L", "1", "L", ":",
        "<esc>", "3", "L",
    ];
    for step in steps {
        if step == "resize" {
            session.resize((90, 26));
        } else {
            session.press(step).expect("keys");
        }
        let kept = session.screen(&theme).expect("kept screen");
        let fresh = screen_text(session.app, &theme).expect("fresh screen");
        assert_eq!(kept, fresh, "after {step}");
        if kept.contains("湖北") {
            chinese += 1;
        } else if kept.contains("Hubei") {
            english += 1;
        }
    }
    assert!(
        chinese >= 3 && english >= 3,
        "{chinese} Chinese and {english} English screens"
    );
}

#[test]
fn docs_keys_match_the_keymap() {
    for (file, lang) in [
        ("keys.md", qlake::i18n::Lang::English),
        ("keys.zh-CN.md", qlake::i18n::Lang::Chinese),
    ] {
        let path = project_dir().join("docs").join(file);
        let generated = qlake::tui::keys_markdown(&qlake::tui::panes::default_keymap(), lang);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != generated {
            if std::env::var_os("QLAKE_UPDATE_DOCS").is_some() {
                std::fs::write(&path, &generated).expect("write the key reference");
            } else {
                panic!(
                    "docs/{file} is out of date with the keymap; rerun the tests with QLAKE_UPDATE_DOCS=1"
                );
            }
        }
    }
}

#[test]
fn headless_cli_prints_the_screen() {
    let h = tempfile::tempdir().expect("tempdir");
    let out = crate::support::qlake(h.path())
        .args([
            "--lake",
            crate::support::sample_lake_dir().to_str().expect("utf8"),
            "tui",
            "--headless",
            "--size",
            "80x24",
            "--keys",
            "3",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf8");
    assert_eq!(text.lines().count(), 24);
    assert!(text.contains("Project ratings"), "{text}");
    let _ = screen_text;
}

#[test]
fn a_worker_reports_progress_while_its_query_runs() {
    let engine = sample_engine();
    let worker = engine.try_clone().expect("clone");
    let progress = worker.progress_handle();
    let stop = worker.interrupter();
    let job = Job {
        id: 1,
        target: Target::Export,
        work: Work::Count {
            sql: qlake::core::gate::check(
                "SELECT count(*) FROM range(4000000000) t(i) WHERE i % 7 = 3",
            )
            .unwrap(),
            params: Vec::new(),
        },
    };
    let thread = std::thread::spawn(move || execute(&worker, &job));
    // Poll until DuckDB has an estimate (it starts after about 150 ms), then cancel the query.
    let started = std::time::Instant::now();
    let seen = loop {
        if let Some(p) = progress.query_progress().percentage() {
            break p;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "no progress reported"
        );
        std::thread::sleep(std::time::Duration::from_millis(10)); // polling interval, not a timing assumption
    };
    assert!((0.0..=100.0).contains(&seen));
    let cancelled_at = std::time::Instant::now();
    let answer = loop {
        stop.interrupt();
        if thread.is_finished() {
            break thread.join().expect("join");
        }
        assert!(
            cancelled_at.elapsed() < std::time::Duration::from_secs(120),
            "the cancel never reached the query"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert_eq!(answer.outcome, Outcome::Cancelled);
    // The status bar shows the figure DuckDB gave (the event loop copies it into the app each tick).
    let mut app = app((100, 30));
    // A tile asked for and not answered yet: the app is busy.
    assert!(!jobs(app.start()).is_empty());
    assert!(app.busy());
    app.set_progress(Some(seen));
    let screen = screen_text(&app, &crate::support::PLAIN).expect("render");
    assert!(
        screen.contains(&format!("running {seen:.0}% · Ctrl+C cancels")),
        "{screen}"
    );
}

#[test]
fn a_query_ending_in_a_comment_sorts_filters_and_pages() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    // The grid wraps the query for sort, filter and later pages; a trailing `--` comment must not swallow the ")".
    press(
        &engine,
        &mut app,
        "5 select <space> * <space> from <space> ratings <space> -- <space> note <f5> <esc> s",
    );
    let grid = app.console().grid.as_ref().expect("grid");
    assert_eq!(grid.error, None);
    assert_eq!(grid.total, Some(45));
    press(&engine, &mut app, "/ HB-2021 <enter>");
    let grid = app.console().grid.as_ref().expect("grid");
    assert_eq!(grid.error, None);
    assert_eq!(grid.total, Some(26));
}

#[test]
fn console_history_is_saved_and_loaded() {
    let engine = sample_engine();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("history.jsonl");
    let mut first = app((100, 30));
    first.set_history(Some(file.clone()), Vec::new());
    press(
        &engine,
        &mut first,
        "5 select <space> 42 <space> as <space> answer <f5>",
    );
    let saved = std::fs::read_to_string(&file).expect("history written");
    assert_eq!(saved, "\"select 42 as answer\"\n");
    let mut second = app((100, 30));
    second.set_history(Some(file.clone()), qlake::tui::effect::read_history(&file));
    press(&engine, &mut second, "5 <c-p>");
    assert_eq!(second.console().text(), "select 42 as answer");
}

#[test]
fn copying_a_cell_puts_exactly_its_text_on_the_clipboard() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Perform);
    session.press("2 y").expect("keys");
    let copied = session.clipboard.clone().expect("copied");
    let grid = &session.app.explore()[0].grid;
    assert_eq!(
        Some(&Some(copied)),
        grid.current_row().and_then(|r| r.get(grid.column))
    );
    assert_eq!(qlake::tui::osc52("湖北省"), "\u{1b}]52;c;5rmW5YyX55yB\u{7}");
}

#[test]
fn save_as_writes_a_query_file_that_the_library_and_the_cli_run() {
    let engine = sample_engine();
    let home = tempfile::tempdir().expect("tempdir");
    let queries = home.path().join("config/queries");
    let mut app = app((100, 30));
    app.files_mut().user_queries = Some(queries.clone());
    press(
        &engine,
        &mut app,
        "5 select <space> count(*) <space> as <space> n <space> from <space> ratings <c-s> my-count <enter>",
    );
    let file = queries.join("my-count.sql");
    assert!(file.is_file(), "{:?}", app.message());
    assert!(app.library().get("my-count").is_ok());
    crate::support::qlake(home.path())
        .args([
            "--lake",
            crate::support::sample_lake_dir().to_str().expect("utf8"),
        ])
        .args(["query", "run", "my-count", "-f", "csv"])
        .assert()
        .success()
        .stdout("n\n45\n");
    // A statement the gate refuses is not saved at all.
    let mut app = self::app((100, 30));
    app.files_mut().user_queries = Some(queries.clone());
    press(
        &engine,
        &mut app,
        "5 drop <space> view <space> ratings <c-s> evil <enter>",
    );
    assert!(!queries.join("evil.sql").exists());
    assert!(
        app.message().unwrap_or_default().starts_with("not saved"),
        "{:?}",
        app.message()
    );
}

#[test]
fn the_export_dialog_writes_the_rows_in_the_format_chosen() {
    let engine = sample_engine();
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("ratings.tsv");
    let mut app = app((120, 30));
    press(&engine, &mut app, "3 : rating <space> excellent <enter> e");
    let backspaces = "<backspace> ".repeat(60);
    let screen = press(
        &engine,
        &mut app,
        &format!(
            "{backspaces} {} <tab> <enter>",
            dir.path().join("ratings.csv").display()
        ),
    );
    assert!(target.is_file(), "{screen}\n{:?}", app.message());
    let text = std::fs::read_to_string(&target).expect("export");
    assert!(
        text.lines().next().unwrap_or_default().contains('\t'),
        "TSV: {text}"
    );
    assert!(
        app.message()
            .unwrap_or_default()
            .contains("exported 12 rows")
    );
}

#[test]
fn a_result_seen_to_its_end_is_not_counted_again() {
    // The first page's job counts the rows it streams past the page; a result that ends within that budget needs no
    // second query to count it. A larger one still gets its count.
    let engine = sample_engine();
    let mut app = app((100, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    let counted = |session: &Session<'_>| {
        session
            .timings
            .iter()
            .filter(|t| matches!(t.target, Target::Count { .. }))
            .count()
    };
    session.press("3").expect("keys");
    assert_eq!(counted(&session), 0, "{:?}", session.timings);
    assert_eq!(ratings(session.app).total, Some(45));
    session.press("5").expect("keys");
    session
        .app
        .console_mut()
        .set_text("select i from range(50000) t(i)");
    session.press("<f5>").expect("keys");
    assert_eq!(
        counted(&session),
        1,
        "a result past the budget is counted: {:?}",
        session.timings
    );
    assert_eq!(
        session.app.console().grid.as_ref().and_then(|g| g.total),
        Some(50_000)
    );
    // Only a sorted result is read on past its page (DuckDB has it whole already; an unsorted one streams as it is
    // read, so every row past the page costs): unsorted, it is counted by a query of its own.
    let run = |session: &mut Session<'_>, sql: &str| {
        session.app.console_mut().set_text(sql);
        session.press("<f5>").expect("keys");
        session.app.console().grid.as_ref().and_then(|g| g.total)
    };
    assert_eq!(
        run(&mut session, "select i from range(500) t(i)"),
        Some(500)
    );
    assert_eq!(counted(&session), 2, "unsorted: {:?}", session.timings);
    assert_eq!(
        run(
            &mut session,
            "select i from range(500) t(i) order by i desc"
        ),
        Some(500)
    );
    assert_eq!(counted(&session), 2, "sorted: {:?}", session.timings);
}

/// The headless session runs a lone job on its own thread when that thread has the workers' stack, and on the
/// workers otherwise: both give the same screens, down the drill path and in the console.
#[test]
fn a_lone_job_run_here_or_on_a_worker_shows_the_same() {
    fn screens() -> Vec<String> {
        let engine = sample_engine();
        let mut app = app((100, 30));
        [
            "<enter>",
            "<enter>",
            "j j <enter>",
            "<enter>",
            "<enter>",
            "3",
            "5",
        ]
        .iter()
        .map(|keys| press(&engine, &mut app, keys))
        .collect()
    }
    assert!(
        !qlake::core::engine::on_large_stack(),
        "a test's own thread"
    );
    let on_workers = screens();
    let here = qlake::core::engine::spawn_with_large_stack("test", || {
        assert!(qlake::core::engine::on_large_stack());
        screens()
    })
    .expect("a thread")
    .join()
    .expect("no panic");
    assert_eq!(here, on_workers);
    assert!(
        on_workers[4].contains("Wuhan EDZ auto parts"),
        "{}",
        on_workers[4]
    );
}

/// A chain's row in Explore opens its source with `i`, as every row that has one does.
#[test]
fn i_on_a_chain_opens_the_chain_s_source() {
    let engine = sample_engine();
    let mut app = app((120, 30));
    // Hubei (the first card) → Wuhan → its third chain.
    press(&engine, &mut app, "<enter> <enter> j j");
    let level = app.explore().last().expect("level");
    assert_eq!(level.query, "chains-of-city");
    assert_eq!(level.grid.text("chain_id"), "HB-CL-2021-03");
    let screen = press(&engine, &mut app, "i");
    assert!(
        matches!(app.layers().last(), Some(Layer::WhereFrom { .. })),
        "{screen}\n{:?}",
        app.message()
    );
}

#[test]
fn the_tiles_are_queued_longest_statement_first() {
    // On a first start of a lake state the two workers parse, check and run every tile's statement, and the frame
    // waits for the last to finish: the longest statement (the reconciliations', which reads six tables) goes first
    // rather than alone at the end.
    let mut app = app((120, 40));
    let queued: Vec<String> = jobs(app.start())
        .into_iter()
        .filter_map(|job| match (job.target, job.work) {
            (Target::Tile(_), Work::Remembered { sql, .. }) => Some(sql.text().to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(queued.len(), 5, "every tile is queued at the start");
    let lengths: Vec<usize> = queued.iter().map(String::len).collect();
    assert!(
        lengths.windows(2).all(|w| w[0] >= w[1]),
        "queued shortest before longest: {lengths:?}"
    );
    let reconciliations = Library::load(None)
        .get("reconciliations")
        .expect("the reconciliations query")
        .sql()
        .expect("checked");
    assert_eq!(queued[0], reconciliations.as_str());
}
