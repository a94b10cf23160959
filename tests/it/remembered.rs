//! The dashboard's tiles remembered per state of the lake (`core::result_cache`): the next start shows them without
//! running their queries, and never once a file of the lake has changed.

use std::path::Path;

use crate::support::{copy_of_sample, redact_timings, rewrite_table, stdout_of};

/// The dashboard's first screen, headless, as a process with its own cache folder under `home`.
fn dashboard(home: &Path, lake: &Path) -> String {
    let args = ["tui", "--headless", "--size", "120x32", "--keys", ""];
    redact_timings(&stdout_of(home, lake, None, &args))
}

/// The remembered results (beside them, what the gate said each text reads: `*.reads`).
fn results(home: &Path) -> Vec<std::fs::DirEntry> {
    std::fs::read_dir(home.join("cache/results"))
        .expect("results")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .collect()
}

/// Each remembered result's cells, with `from` replaced by `to` where a cell is exactly `from`.
fn tamper(home: &Path, from: &str, to: &str) -> usize {
    let mut changed = 0;
    for entry in results(home) {
        let mut json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(entry.path()).expect("read")).expect("json");
        for row in json["rows"].as_array_mut().expect("rows") {
            for cell in row.as_array_mut().expect("row") {
                if cell.as_str() == Some(from) {
                    *cell = serde_json::Value::String(to.into());
                    changed += 1;
                }
            }
        }
        std::fs::write(entry.path(), serde_json::to_vec(&json).expect("json")).expect("write");
    }
    changed
}

#[test]
fn the_tiles_come_back_from_memory_until_a_file_of_the_lake_changes() {
    let lake = copy_of_sample();
    let home = tempfile::tempdir().expect("home");
    let first = dashboard(home.path(), lake.path());
    assert!(
        first.contains("Hubei") && first.contains("982 (1)"),
        "{first}"
    );
    let remembered = results(home.path()).len();
    assert_eq!(
        remembered,
        qlake::core::queries::Library::load(None).tiles().len(),
        "one result per tile"
    );
    assert_eq!(dashboard(home.path(), lake.path()), first);

    // What the next start shows is what was remembered, not a query run again: a remembered figure changed by hand
    // is shown as it was changed.
    assert!(tamper(home.path(), "982.0", "4242.0") >= 1);
    let from_memory = dashboard(home.path(), lake.path());
    assert!(from_memory.contains("4,242 (1)"), "{from_memory}");

    // A table's file rewritten (Hubei's enterprises gone): nothing remembered is shown, the figures are the lake's.
    rewrite_table(
        lake.path(),
        "enterprises",
        "SELECT * FROM {file} WHERE province_code <> 'CN-HB'",
    );
    let after = dashboard(home.path(), lake.path());
    let fresh_home = tempfile::tempdir().expect("home");
    assert_eq!(after, dashboard(fresh_home.path(), lake.path()));
    assert!(
        !after.contains("4,242") && !after.contains("982 (1)"),
        "{after}"
    );
}

/// A start with the tiles remembered draws its first screen without opening DuckDB, and without the gate parsing
/// any query (the tiles', the panes' or Explore's): nothing runs. The engine opens, and the gate checks, when a query
/// first needs it (here, the first step down); the first screen is the one a start that ran the tiles drew.
#[test]
fn the_remembered_first_screen_opens_no_duckdb() {
    use qlake::core::engine::Deferred;
    use qlake::core::lake::{Lake, LakeOrigin};
    use qlake::core::queries::{Library, SavedQuery};
    let copy = copy_of_sample();
    let lake = Lake::open(copy.path(), LakeOrigin::Flag).expect("lake");
    // Copies of the app's queries share their check with the app's own.
    let watched = std::cell::RefCell::new(Vec::<SavedQuery>::new());
    let checked = |queries: &[SavedQuery]| -> Vec<String> {
        queries
            .iter()
            .filter(|q| q.pending().is_checked())
            .map(|q| q.name.clone())
            .collect()
    };
    let app = || {
        let library = Library::load(None);
        *watched.borrow_mut() = library.queries.values().cloned().collect();
        qlake::tui::panes::new_app(
            library,
            qlake::tui::panes::default_keymap(),
            "lake".into(),
            (120, 32),
        )
    };
    let screen = |engine: &Deferred, app: &mut qlake::tui::app::App, keys: &str| {
        let keys = qlake::tui::keymap::parse_script(keys).expect("keys");
        redact_timings(
            &qlake::tui::run_headless(engine, app, &keys, &crate::support::PLAIN).expect("run"),
        )
    };
    let first = Deferred::new(&lake).expect("engine");
    let ran = screen(&first, &mut app(), "");
    assert!(first.opened(), "the tiles' queries ran on DuckDB");
    assert!(ran.contains("Hubei") && ran.contains("982 (1)"), "{ran}");

    assert!(
        !checked(&watched.borrow()).is_empty(),
        "the tiles ran, checked"
    );

    let second = Deferred::new(&lake).expect("engine");
    let mut again = app();
    assert_eq!(screen(&second, &mut again, ""), ran);
    assert!(
        !second.opened(),
        "DuckDB was opened before the first screen"
    );
    assert_eq!(
        checked(&watched.borrow()),
        Vec::<String>::new(),
        "parsed before the first screen"
    );
    let cities = screen(&second, &mut again, "<enter>");
    assert!(second.opened());
    assert_ne!(cities, ran, "{cities}");
    assert!(
        !checked(&watched.borrow()).is_empty(),
        "{:?}",
        checked(&watched.borrow())
    );
}

/// Each result is remembered for the files of the tables its query reads: enterprises rewritten, the ratings tile (which
/// reads only ratings) is still the remembered one — a figure changed by hand in it stays changed — while the key
/// figures (which read enterprises) are computed again and are a fresh start's; ratings rewritten, the ratings tile is
/// computed again too.
#[test]
fn a_change_to_one_table_recomputes_only_the_tiles_that_read_it() {
    let lake = copy_of_sample();
    let home = tempfile::tempdir().expect("home");
    let first = dashboard(home.path(), lake.path());
    let ratings_line = |screen: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains("excellent █"))
            .map(|l| l.split("││").nth(1).unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    assert!(ratings_line(&first).contains("7 +5"), "{first}");
    // Only the ratings tile's result: its columns name `rating_zh`.
    let mut changed = 0;
    for entry in results(home.path()) {
        let text = std::fs::read_to_string(entry.path()).expect("read");
        if text.contains("\"rating_zh\"") {
            std::fs::write(entry.path(), text.replace("\"7\",\"5\"", "\"77\",\"5\""))
                .expect("write");
            changed += 1;
        }
    }
    assert_eq!(changed, 1);
    assert!(ratings_line(&dashboard(home.path(), lake.path())).contains("77 +5"));

    rewrite_table(
        lake.path(),
        "enterprises",
        "SELECT * FROM {file} WHERE province_code <> 'CN-HB'",
    );
    let after = dashboard(home.path(), lake.path());
    let fresh = dashboard(tempfile::tempdir().expect("home").path(), lake.path());
    assert!(ratings_line(&after).contains("77 +5"), "{after}");
    assert!(ratings_line(&fresh).contains("7 +5"), "{fresh}");
    let hubei = |screen: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains("Hubei"))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(hubei(&after), hubei(&fresh));
    assert_ne!(hubei(&after), hubei(&first), "Hubei's enterprises are gone");

    rewrite_table(lake.path(), "ratings", "SELECT * FROM {file}");
    let rated = dashboard(home.path(), lake.path());
    assert_eq!(
        rated,
        dashboard(tempfile::tempdir().expect("home").path(), lake.path())
    );
}
