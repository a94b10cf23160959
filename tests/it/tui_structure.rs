//! The TUI's structural guarantees and the bugs they fixed: update does no I/O (a session that records effects),
//! one layout for drawing and scrolling, one request tracker, one key context, NULL kept apart from "", and the rest
//! of the regressions found by reading the code. Each test here failed before its fix.

use qlake::core::engine::Engine;
use qlake::core::queries::Library;
use qlake::tui::app::{App, Layer, Pane};
use qlake::tui::effect::Effect;
use qlake::tui::jobs::{Job, Slot, Target, execute};
use qlake::tui::keymap::parse_script;
use qlake::tui::{Effects, Session};
use ratatui::style::Modifier;

use crate::support::{jobs, sample_engine};

fn app(size: (u16, u16)) -> App {
    qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        "lake".into(),
        size,
    )
}

fn key(text: &str) -> crossterm::event::KeyEvent {
    parse_script(text).expect("key")[0]
}

/// Type `sql` into the console and run it.
fn console(engine: &Engine, app: &mut App, sql: &str) -> String {
    crate::support::press_keys(engine, app, "5");
    app.console_mut().set_text(sql);
    crate::support::press_keys(engine, app, "<f5> <esc>")
}

#[test]
fn a_whole_session_with_save_as_and_history_does_no_io() {
    let engine = sample_engine();
    let home = tempfile::tempdir().expect("tempdir");
    let history = home.path().join("data/history.jsonl");
    let queries = home.path().join("config/queries");
    let mut app = app((100, 30));
    app.set_history(Some(history.clone()), Vec::new());
    app.files_mut().user_queries = Some(queries.clone());
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session
        .press("2 <enter> y 5 select <space> 42 <space> as <space> n <f5> <c-s> answer_q <enter> <esc> q")
        .expect("keys");
    assert!(session.quit());
    let recorded = session.recorded.clone();
    assert!(
        recorded
            .iter()
            .any(|e| matches!(e, Effect::Copy(t) if !t.is_empty())),
        "{recorded:?}"
    );
    assert!(recorded.contains(&Effect::AppendHistory {
        file: history.clone(),
        statement: "select 42 as n".into(),
    }));
    assert!(
        recorded.iter().any(|e| matches!(e,
            Effect::SaveQuery { dir, name, text } if *dir == queries && name == "answer_q" && text.contains("select 42 as n"))),
        "the console's `_` name is valid, as it is for the loader: {recorded:?}"
    );
    assert_eq!(recorded.last(), Some(&Effect::Quit));
    // Nothing was written: the app only asked.
    assert!(!home.path().join("data").exists() && !home.path().join("config").exists());
    // Performed, the same session writes both files.
    let mut app = self::app((100, 30));
    app.set_history(Some(history.clone()), Vec::new());
    app.files_mut().user_queries = Some(queries.clone());
    let mut session = Session::new(&engine, &mut app, Effects::Perform);
    session
        .press("5 select <space> 42 <space> as <space> n <f5> <c-s> answer_q <enter>")
        .expect("keys");
    assert!(queries.join("answer_q.sql").is_file());
    assert!(session.app.library().get("answer_q").is_ok());
    assert_eq!(
        std::fs::read_to_string(&history).expect("history"),
        "\"select 42 as n\"\n"
    );
    // The same name again is refused by the file system, not by a check that could race; the file is kept.
    session.press("<c-s> answer_q <enter>").expect("keys");
    let message = session.app.message().unwrap_or_default().to_string();
    assert!(message.contains("exists"), "{message}");
    // A name the loader would refuse gets the loader's own message.
    session
        .press("<c-s> Bad <space> Name <enter>")
        .expect("keys");
    let message = session.app.message().unwrap_or_default().to_string();
    assert!(
        message.contains("lowercase letters, digits, '-' and '_'"),
        "{message}"
    );
}

#[test]
fn bottom_before_the_count_lands_comes_back_to_the_last_row() {
    // `G` pressed while the count is still out: the cursor goes far down; when the count lands it comes back onto
    // the last row, and the grid shows rows instead of an empty screen.
    let engine = sample_engine();
    let mut app = app((100, 30));
    crate::support::press_keys(&engine, &mut app, "5");
    app.console_mut()
        .set_text("select i from range(50000) t(i)");
    // Answer everything but the count, which stays out.
    let mut queue = jobs(app.on_key(key("<f5>")));
    let mut count = Vec::new();
    while let Some(job) = queue.pop() {
        if matches!(job.target, Target::Count { .. }) {
            count.push(job);
        } else {
            queue.extend(jobs(app.on_answer(execute(&engine, &job))));
        }
    }
    assert_eq!(count.len(), 1, "the count is asked for once");
    assert!(
        app.console()
            .grid
            .as_ref()
            .is_some_and(|g| g.total.is_none())
    );
    let _ = jobs(app.on_key(key("<esc>")));
    let _ = jobs(app.on_key(key("G")));
    let mut queue = count;
    while let Some(job) = queue.pop() {
        queue.extend(jobs(app.on_answer(execute(&engine, &job))));
    }
    let grid = app.console().grid.as_ref().expect("grid");
    assert_eq!(grid.total, Some(50_000));
    assert_eq!(grid.cursor, 49_999);
    let screen = crate::support::press_keys(&engine, &mut app, "");
    assert!(screen.contains("row 50000/50000"), "{screen}");
    assert!(
        screen.contains("49999"),
        "the last rows are on screen\n{screen}"
    );
}

#[test]
fn the_frequency_view_filters_on_its_own_column_and_tells_null_from_empty() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    // A column whose name holds " in ": the filter must not recover it by parsing a label.
    let screen = console(
        &engine,
        &mut app,
        "select * from (values ('x'), (''), (NULL), (NULL)) t(\"share in total\")",
    );
    assert!(screen.contains("NULL"), "NULL is shown as such\n{screen}");
    crate::support::press_keys(&engine, &mut app, "F");
    let Some(Layer::Frequency { column, grid, .. }) = app.layers().last() else {
        panic!("no frequency view");
    };
    assert_eq!(column, "share in total");
    // Sorted by count: NULL (2), then '' and 'x' (1 each, by value: '' first).
    let values: Vec<Option<String>> = (0..3)
        .map(|i| grid.row(i).expect("row")[0].clone())
        .collect();
    assert_eq!(values, vec![None, Some(String::new()), Some("x".into())]);
    // Choosing the empty string keeps the one empty-string row, not the NULLs.
    crate::support::press_keys(&engine, &mut app, "j <enter>");
    let grid = app.console().grid.as_ref().expect("grid");
    assert_eq!(grid.error, None);
    assert_eq!(grid.total, Some(1));
    assert_eq!(grid.row(0).map(|r| r[0].clone()), Some(Some(String::new())));
    // And choosing NULL keeps the two NULLs.
    crate::support::press_keys(&engine, &mut app, "c F <enter>");
    let grid = app.console().grid.as_ref().expect("grid");
    assert_eq!(grid.total, Some(2));
}

/// Whether a body row of the screen has the cursor's reversed cells.
fn cursor_drawn(app: &App) -> bool {
    let (w, h) = app.size();
    let buffer = crate::support::drawn_in_colour(app);
    // Rows 0-1 are the tabs and title, the last the status line; both use reversed text of their own.
    (2..h - 1).any(|y| (0..w).any(|x| buffer[(x, y)].modifier.contains(Modifier::REVERSED)))
}

#[test]
fn the_cursor_never_leaves_the_rows_on_screen() {
    let engine = sample_engine();
    // Coverage under 100 columns: the grid has the top 55 % of the pane, the chart the rest.
    for size in [(90, 30), (120, 30), (80, 24)] {
        let mut app = app(size);
        crate::support::press_keys(&engine, &mut app, "6");
        for step in 0..60 {
            crate::support::press_keys(&engine, &mut app, "j");
            assert!(
                cursor_drawn(&app),
                "{size:?}: the cursor left the screen after {step} moves"
            );
        }
    }
    // The frequency popup: its rows are the rows it draws.
    let mut app = app((100, 20));
    console(
        &engine,
        &mut app,
        "select 'v' || lpad(i::varchar, 3, '0') as v from range(100) t(i)",
    );
    crate::support::press_keys(&engine, &mut app, "F");
    let shown = qlake::tui::app::layout::grid_rows(&app, Slot::Frequency);
    for k in 1..=shown + 3 {
        let screen = crate::support::press_keys(&engine, &mut app, "j");
        let value = format!("v{k:03}");
        assert!(
            screen.contains(&value),
            "after {k} moves {value} is not on screen\n{screen}"
        );
    }
}

#[test]
fn help_lists_the_keys_that_work_where_it_was_opened() {
    let engine = sample_engine();
    // On the dashboard j/k and Enter move and open: help says so (it derives the context as keys are routed).
    let mut app = app((100, 40));
    let screen = crate::support::press_keys(&engine, &mut app, "?");
    assert!(
        screen.contains("row down") && screen.contains("open: drill down"),
        "{screen}"
    );
    assert_eq!(app.pane(), Pane::DASHBOARD);
}

#[test]
fn commands_come_from_one_table() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    crate::support::press_keys(&engine, &mut app, ": nonsense <enter>");
    let message = app.message().unwrap_or_default().to_string();
    for name in qlake::tui::app::commands::COMMANDS
        .iter()
        .flat_map(|c| c.names.iter())
    {
        assert!(message.contains(name), "`{name}` missing from: {message}");
    }
    let screen = crate::support::press_keys(&engine, &mut app, "3 : row <space> 20 <enter>");
    assert!(screen.contains("row 20/45"), "{screen}");
    crate::support::press_keys(&engine, &mut app, ": pane <space> funding <enter>");
    assert_eq!(app.pane(), Pane::FUNDING);
}

#[test]
fn an_export_over_an_existing_file_is_refused_by_the_export_and_keeps_the_file() {
    let engine = sample_engine();
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("taken.csv");
    std::fs::write(&target, "mine\n").expect("write");
    let mut app = app((100, 30));
    crate::support::press_keys(
        &engine,
        &mut app,
        &format!("3 : export <space> {} <enter>", target.display()),
    );
    // The dialog sees it first and stays open for another name; a file that appears after that check is refused by
    // the export itself, which places its file without replacing one (write_side_exports).
    let warning = match app.layers().last() {
        Some(qlake::tui::app::Layer::Export(d)) => d.warning.clone().unwrap_or_default(),
        _ => app.message().unwrap_or_default().to_string(),
    };
    assert!(warning.contains("exists"), "{warning}");
    assert_eq!(std::fs::read_to_string(&target).expect("kept"), "mine\n");
}

#[test]
fn a_newer_read_replaces_a_stale_queued_one() {
    // Two cursor moves on the ratings pane ask for two projects' scores; only the newer answer is taken, and queued
    // together the newer job replaces the older.
    let engine = sample_engine();
    let mut app = app((100, 30));
    crate::support::press_keys(&engine, &mut app, "3");
    let before = app.scores().shown.as_ref().map(|(p, _)| p.clone());
    assert!(before.is_some());
    let first = jobs(app.on_key(key("j")));
    let second = jobs(app.on_key(key("j")));
    let scores = |jobs: &[Job]| {
        jobs.iter()
            .find(|j| j.target == Target::Scores)
            .cloned()
            .expect("a scores job")
    };
    let (old, new) = (scores(&first), scores(&second));
    let mut queue = std::collections::VecDeque::new();
    qlake::tui::requests::enqueue(&mut queue, old.clone());
    qlake::tui::requests::enqueue(&mut queue, new.clone());
    assert_eq!(queue.len(), 1);
    let _ = app.on_answer(execute(&engine, &old));
    assert_eq!(
        app.scores().shown.as_ref().map(|(p, _)| p.clone()),
        before,
        "the stale answer is dropped"
    );
    let _ = app.on_answer(execute(&engine, &new));
    let shown = app.scores().shown.as_ref().map(|(p, _)| p.clone());
    let ratings = app.pane_grid(Pane::RATINGS).expect("ratings");
    assert_eq!(shown, Some(ratings.text("project_id")));
}

#[test]
fn every_pane_is_reached_named_and_drawn_from_its_one_entry_in_the_pane_table() {
    use qlake::tui::app::layout::screen;
    use qlake::tui::keymap::{Action, Context, Key};
    use qlake::tui::pane::Shape;
    use qlake::tui::panes::PANES;
    let engine = sample_engine();
    let keymap = qlake::tui::panes::default_keymap();
    let theme = crate::support::PLAIN;
    // A new app for each visit: from the console's editor a digit is typed, not a key to another pane.
    let away = |spec: &qlake::tui::app::PaneSpec| if spec.key == "1" { "2" } else { "1" };
    for spec in PANES {
        // The go-to action is named, described and bound from the entry.
        let go = Action::Go(spec.pane);
        let names = qlake::tui::panes::pane_keys(PANES);
        let action = spec.pane.name();
        assert_eq!(Action::from_name(action, &names), Some(go), "{action}");
        assert_eq!(go.name(), action);
        for lang in qlake::i18n::Lang::ALL {
            assert_eq!(go.describe(lang), spec.pane.describe(lang));
            // Each language has the pane's tab, what going there does, and its title's hint.
            for id in [format!("pane-{action}"), format!("pane-{action}-describe")] {
                assert!(qlake::i18n::has(lang, &id), "{id} in {}", lang.tag());
            }
            assert!(qlake::i18n::has(lang, &format!("pane-{action}-hint")));
        }
        let key = Key::parse(spec.key).expect("the entry's key parses");
        assert_eq!(
            keymap.action(Context::Global, key),
            Some(go),
            "{}",
            spec.key
        );

        // Its key goes there from another pane; the tab and the title line are the entry's.
        let mut visit = app((140, 40));
        crate::support::press_keys(&engine, &mut visit, away(spec));
        let shown = crate::support::press_keys(&engine, &mut visit, spec.key);
        assert_eq!(visit.pane(), spec.pane);
        let lines: Vec<&str> = shown.lines().collect();
        assert!(
            lines[0].contains(&format!(" {} {} ", spec.key, spec.title)),
            "{}",
            lines[0]
        );
        let heading: String = spec
            .component
            .heading(&visit, &theme)
            .chars()
            .take(30)
            .collect();
        assert!(
            lines[1].starts_with(&heading),
            "{:?} vs {heading:?}",
            lines[1]
        );

        // The layout divides the body as the entry's shape says.
        let areas = screen(&visit, ratatui::layout::Rect::new(0, 0, 140, 40)).expect("room");
        assert_eq!(
            areas.grid.is_some(),
            spec.shape != Shape::Whole,
            "{}",
            spec.title
        );
        assert_eq!(areas.editor.is_some(), spec.shape == Shape::EditorOverGrid);
        assert_eq!(
            areas.side.is_some(),
            spec.shape != Shape::Whole && spec.shape != Shape::Grid
        );

        // Every name `:pane` takes goes there too.
        for name in spec.names {
            let mut by_name = app((140, 40));
            crate::support::press_keys(&engine, &mut by_name, away(spec));
            crate::support::press_keys(
                &engine,
                &mut by_name,
                &format!(": pane <space> {name} <enter>"),
            );
            assert_eq!(by_name.pane(), spec.pane, ":pane {name}");
        }
    }
}

/// The structure's "nevers", as a test rather than a convention: the core knows no terminal (no crossterm, no
/// ratatui in `src/core`), and the TUI never reaches into the CLI.
#[test]
fn the_core_knows_no_terminal_and_the_tui_no_cli() {
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("dir").filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let root = crate::support::project_dir().join("src");
    let mut broken = Vec::new();
    for (dir, never) in [
        (
            "core",
            &["crossterm", "ratatui", "is_terminal", "IsTerminal"][..],
        ),
        ("tui", &["crate::cli"][..]),
    ] {
        let mut files = Vec::new();
        sources(&root.join(dir), &mut files);
        assert!(files.len() > 10, "{dir}: {files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source");
            for word in never {
                if text.contains(word) {
                    broken.push(format!("{} names {word}", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}
