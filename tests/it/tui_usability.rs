//! Tried as a new analyst and a supervisor would: no dead ends in the drill path, going back returns to where one
//! came from, and the rest of the fixes people reach for first.

use qlake::core::queries::Library;
use qlake::tui::app::{App, Pane};
use qlake::tui::{Effects, Session};

use crate::support::{sample_engine, scalar};

fn app(size: (u16, u16)) -> App {
    qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        "lake".into(),
        size,
    )
}

/// Put the cursor of the Explore level on row `i` and open it.
fn open_row(session: &mut Session<'_>, i: usize) {
    session
        .press(&format!("g {} <enter>", "j ".repeat(i)))
        .expect("keys");
}

fn level_rows(app: &App) -> u64 {
    app.explore()
        .last()
        .and_then(|l| l.grid.total)
        .expect("a counted level")
}

#[test]
fn every_province_wide_and_no_chain_row_opens_onto_its_rows() {
    let engine = sample_engine();
    let provinces: Vec<String> = crate::support::rows(
        &engine,
        "SELECT province_code FROM provinces ORDER BY province_code",
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect();
    let mut opened = 0;
    for (p, code) in provinces.iter().enumerate() {
        let mut app = app((120, 40));
        let mut session = Session::new(&engine, &mut app, Effects::Record);
        session.press("2").expect("keys");
        open_row(&mut session, p);
        let cities = session.app.explore().last().expect("cities").grid.clone();
        for i in 0..cities.total.unwrap_or(0) {
            let row = cities.row(i).expect("row").clone();
            let city_column = cities.columns.iter().position(|c| c == "city_code");
            if city_column.and_then(|c| row[c].as_ref()).is_some() {
                continue;
            }
            // The province-wide row: its chains are the province's chains without a city.
            open_row(&mut session, i as usize);
            let chains: u64 = scalar(
                &engine,
                &format!(
                    "SELECT count(*) FROM (SELECT chain_id FROM chains WHERE province_code = '{code}' AND city_code IS NULL \
                     UNION SELECT chain_id FROM projects WHERE province_code = '{code}' AND city_code IS NULL)"
                ),
            )
            .parse()
            .expect("count");
            assert_eq!(level_rows(session.app), chains, "{code}: province-wide");
            opened += 1;
            let level = session.app.explore().last().expect("chains").grid.clone();
            for j in 0..level.total.unwrap_or(0) {
                let row = level.row(j).expect("row").clone();
                let column = |name: &str| {
                    level
                        .columns
                        .iter()
                        .position(|c| c == name)
                        .and_then(|c| row[c].clone())
                };
                let projects: u64 = column("projects").and_then(|v| v.parse().ok()).unwrap_or(0);
                let enterprises: u64 = column("enterprises")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                if column("chain_id").is_none() {
                    // The projects with no chain.
                    open_row(&mut session, j as usize);
                    assert_eq!(level_rows(session.app), projects, "{code}: no chain");
                    session.press("<esc>").expect("keys");
                    opened += 1;
                } else if projects == 0 && enterprises > 0 {
                    // A chain whose enterprises hang off the chain itself (Liaoning's, Shaanxi's).
                    open_row(&mut session, j as usize);
                    assert_eq!(
                        session.app.explore().last().expect("level").query,
                        "enterprises-of-chain"
                    );
                    assert_eq!(level_rows(session.app), enterprises, "{code}: chain firms");
                    session.press("<esc>").expect("keys");
                    opened += 1;
                }
            }
            session.press("<esc>").expect("keys");
        }
    }
    assert!(opened > 20, "only {opened} rows opened");
}

#[test]
fn going_back_returns_to_the_pane_one_came_from() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("3 <enter>").expect("keys");
    assert_eq!(session.app.pane(), Pane::EXPLORE);
    assert_eq!(
        session.app.explore().last().expect("level").query,
        "enterprises-of-project"
    );
    session.press("<esc>").expect("keys");
    assert_eq!(
        session.app.pane(),
        Pane::RATINGS,
        "back on Ratings, not Provinces"
    );
    // From Explore's own levels, back stays in Explore.
    session.press("2 <enter> <enter> <esc>").expect("keys");
    assert_eq!(session.app.pane(), Pane::EXPLORE);
}

/// The screen after `keys`, timings redacted.
fn screen_after(size: (u16, u16), keys: &str) -> (String, App) {
    let engine = sample_engine();
    let mut app = app(size);
    let screen = crate::support::press_keys(&engine, &mut app, keys);
    (screen, app)
}

#[test]
fn where_from_uses_the_room_wraps_scrolls_and_marks_the_figure() {
    // Liaoning's money: the figure (近8.7億元) stood at character 390 of its quote, past a fixed popup's end.
    let keys = "7 : province <space> CN-LN <enter> i";
    let (screen, app) = screen_after((80, 24), keys);
    let Some(qlake::tui::app::Layer::WhereFrom { figures, .. }) = app.layers().last() else {
        panic!("no where-from\n{screen}");
    };
    assert_eq!(figures, &["8.7億"]);
    assert!(screen.contains("j/k PgUp/PgDn g/G"), "{screen}");
    let (scrolled, _) = screen_after((80, 24), &format!("{keys} G"));
    assert!(scrolled.contains("8.7億"), "{scrolled}");
    insta::assert_snapshot!(
        "where_from_80x24_scrolled",
        crate::support::redact_timings(&scrolled)
    );
    let (wide, _) = screen_after((160, 48), keys);
    assert!(
        wide.contains("8.7億") && wide.contains("document:"),
        "{wide}"
    );
    insta::assert_snapshot!("where_from_160x48", crate::support::redact_timings(&wide));
    // j and k move one line, never past either end: 21 lines in a 20-line popup scroll by one at most.
    let (down, app) = screen_after((80, 24), &format!("{keys} j j j"));
    let Some(qlake::tui::app::Layer::WhereFrom { scroll, .. }) = app.layers().last() else {
        panic!("{down}");
    };
    assert_eq!(*scroll, 1);
    let (_, app) = screen_after((80, 24), &format!("{keys} k k k"));
    assert!(matches!(
        app.layers().last(),
        Some(qlake::tui::app::Layer::WhereFrom { scroll: 0, .. })
    ));
}

#[test]
fn help_scrolls_to_its_end_and_the_console_lists_its_own_keys() {
    let (top, _) = screen_after((80, 24), "3 ?");
    assert!(!top.contains("`:` commands"), "{top}");
    let (end, _) = screen_after((80, 24), "3 ? G");
    assert!(end.contains("`:` commands: q/quit"), "{end}");
    // In the console's editor `?` is text: F1 opens the help, which lists the editor's keys.
    let (console, _) = screen_after((200, 50), "5 <f1>");
    for key in [
        "run the statement",
        "previous statement in history",
        "save as a saved query",
        "export the rows behind the view",
    ] {
        assert!(console.contains(key), "{key}\n{console}");
    }
}

#[test]
fn a_whole_cell_scrolls() {
    let (screen, app) = screen_after(
        (80, 24),
        "5 select <space> string_agg(i::varchar, chr(10)) <space> from <space> range(100) <space> t(i) <f5> <esc> v G",
    );
    let Some(qlake::tui::app::Layer::Detail { scroll, .. }) = app.layers().last() else {
        panic!("{screen}");
    };
    assert!(*scroll > 70, "{scroll}");
    assert!(screen.contains("99"), "{screen}");
}

#[test]
fn save_as_asks_the_parameters_types_and_the_queries_pane_reloads_edited_files() {
    let engine = sample_engine();
    let home = tempfile::tempdir().expect("tempdir");
    let queries = home.path().join("config/queries");
    let mut app = app((100, 30));
    app.files_mut().user_queries = Some(queries.clone());
    let mut session = Session::new(&engine, &mut app, Effects::Perform);
    session.press("5").expect("keys");
    session
        .app
        .console_mut()
        .set_text("select count(*) as n from ratings r join projects p using (project_id) where p.province_code = $province and r.year = $year");
    session.press("<c-s> by-province <enter>").expect("keys");
    let screen = session.screen(&crate::support::PLAIN).expect("screen");
    assert!(
        screen.contains("$province: text") && screen.contains("$year: text"),
        "{screen}"
    );
    // A type the loader would refuse is refused here, with the loader's words; nothing is written.
    session
        .press("<tab> <backspace> <backspace> <backspace> <backspace> number <enter>")
        .expect("keys");
    assert!(!queries.join("by-province.sql").exists());
    let screen = session.screen(&crate::support::PLAIN).expect("screen");
    assert!(screen.contains("$year:"), "{screen}");
    session
        .press(&format!("{} integer <enter>", "<backspace> ".repeat(6)))
        .expect("keys");
    let file = queries.join("by-province.sql");
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{e}: {:?}", session.app.message()));
    assert!(
        text.contains("-- param province: text") && text.contains("-- param year: integer"),
        "{text}"
    );
    // The shell runs it with its parameters.
    crate::support::qlake(home.path())
        .args([
            "--lake",
            crate::support::sample_lake_dir().to_str().expect("utf8"),
        ])
        .args([
            "query",
            "run",
            "by-province",
            "-p",
            "province=CN-HB",
            "-p",
            "year=2021",
            "-f",
            "csv",
        ])
        .assert()
        .success()
        .stdout("n\n26\n");
    // Edited by hand while the app runs: the Queries pane runs what the file says now.
    std::fs::write(
        &file,
        "-- name: by-province\n-- title: edited\nselect 'edited' as what\n",
    )
    .expect("write");
    session.check_queries();
    let query = session
        .app
        .library()
        .get("by-province")
        .unwrap_or_else(|e| panic!("{e}: {:?}", session.app.library().broken));
    assert_eq!(query.title, "edited");
    assert!(
        session
            .app
            .message()
            .unwrap_or_default()
            .contains("reloaded"),
        "{:?}",
        session.app.message()
    );
}

#[test]
fn the_file_name_decides_the_export_format_unless_one_is_picked() {
    let engine = sample_engine();
    let dir = tempfile::tempdir().expect("tempdir");
    let erase = "<backspace> ".repeat(60);
    // No format picked: the extension decides (an .xlsx name writes XLSX, not the highlighted CSV).
    let target = dir.path().join("ratings.xlsx");
    let mut app = app((120, 30));
    crate::support::press_keys(
        &engine,
        &mut app,
        &format!("3 e {erase} {} <enter>", target.display()),
    );
    let bytes = std::fs::read(&target).unwrap_or_else(|e| panic!("{e}: {:?}", app.message()));
    assert_eq!(&bytes[..2], b"PK", "an XLSX file is a zip");
    // A picked format the name contradicts is asked about once; Enter again writes what was picked.
    let target = dir.path().join("picked.xlsx");
    let mut app = self::app((120, 30));
    let screen = crate::support::press_keys(
        &engine,
        &mut app,
        &format!("3 e <tab> {erase} {} <enter>", target.display()),
    );
    assert!(!target.exists());
    assert!(
        screen.contains("has the extension of xlsx, but tsv is picked"),
        "{screen}"
    );
    crate::support::press_keys(&engine, &mut app, "<enter>");
    let text = std::fs::read_to_string(&target).expect("written");
    assert!(
        text.lines().next().unwrap_or_default().contains('\t'),
        "{text}"
    );
}

#[test]
fn the_console_shows_every_column_it_was_asked_for() {
    let (screen, _) = screen_after(
        (160, 20),
        "5 select <space> source_id, <space> source_quote, <space> name_zh, <space> name_en <space> from <space> provinces <f5>",
    );
    for column in ["source_id", "source_quote", "name_zh", "name_en"] {
        assert!(screen.contains(column), "{column}\n{screen}");
    }
    // The panes of saved queries leave provenance to the where-from popup.
    let (ratings, _) = screen_after((160, 20), "3");
    assert!(!ratings.contains("source_quote"), "{ratings}");
}

#[test]
fn choices_are_taken_as_people_type_them_and_the_form_picks_them() {
    let home = tempfile::tempdir().expect("tempdir");
    let run = |province: &str, rating: &str| {
        let out = crate::support::qlake(home.path())
            .args([
                "--lake",
                crate::support::sample_lake_dir().to_str().expect("utf8"),
                "query",
                "run",
                "ratings-by-year",
                "-p",
                &format!("province={province}"),
                "-p",
                &format!("rating={rating}"),
                "-f",
                "jsonl",
            ])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{province} {rating}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    let exact = run("CN-HB", "excellent");
    assert_eq!(exact, 12);
    for (province, rating) in [
        ("湖北", "优秀"),
        ("hubei", "EXCELLENT"),
        ("cn-hb", "优秀"),
        ("湖北省", "Excellent"),
    ] {
        assert_eq!(run(province, rating), exact, "{province} {rating}");
    }
    // The form: ←/→ walk the choices of the focused parameter.
    let engine = sample_engine();
    let mut app = app((120, 30));
    let index = app
        .library()
        .queries
        .keys()
        .position(|k| k == "ratings-by-year")
        .expect("query");
    crate::support::press_keys(
        &engine,
        &mut app,
        &format!("4 {} <enter> <tab> <right> <right>", "j ".repeat(index)),
    );
    let Some(qlake::tui::app::Layer::Form(form)) = app.layers().last() else {
        panic!("no form");
    };
    // The choices are the provinces the lake has projects of (`choice of projects.province_code`), in code order.
    assert_eq!(
        form.values[1].as_str(),
        "CN-HB",
        "the second province of the lake's projects"
    );
    crate::support::press_keys(&engine, &mut app, "<left>");
    let Some(qlake::tui::app::Layer::Form(form)) = app.layers().last() else {
        panic!("no form");
    };
    assert_eq!(form.values[1].as_str(), "CN-FJ");
}

#[test]
fn find_searches_names_in_either_language_and_opens_a_hit_at_its_place() {
    let engine = sample_engine();
    let mut app = app((120, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press(": find <space> 激光 <enter>").expect("keys");
    let hits = session.app.explore().last().expect("hits").grid.clone();
    assert_eq!(
        session.app.explore().last().map(|l| l.query.as_str()),
        Some("find")
    );
    assert_eq!(
        hits.text("kind"),
        "chain",
        "real rows first, the chain before its project"
    );
    assert!(hits.total.is_some_and(|t| t > 2));
    // English, any case, by the `f` key: the same chain.
    session.press("f LASER <enter>").expect("keys");
    let english = session.app.explore().last().expect("hits").grid.clone();
    assert_eq!(english.text("id"), "HB-CL-2021-02");
    // Enter on the project opens the path down to it, the cursor on it; Esc goes up with the cursor on its chain.
    session.press("j <enter>").expect("keys");
    let queries: Vec<&str> = session
        .app
        .explore()
        .iter()
        .map(|l| l.query.as_str())
        .collect();
    assert_eq!(
        queries,
        [
            "provinces-overview",
            "cities-of-province",
            "chains-of-city",
            "projects-of-chain"
        ]
    );
    let level = session.app.explore().last().expect("level");
    assert_eq!(level.grid.text("project_id"), "HB-2021-02");
    session.press("<esc>").expect("keys");
    let chains = &session.app.explore().last().expect("level").grid;
    assert_eq!(chains.text("chain_id"), "HB-CL-2021-02");
    assert_eq!(chains.cursor, 1);
    // A province-wide hit lands on the province-wide row.
    session
        .press(": find <space> 陕西链上企业 <space> 00026 <enter> <enter>")
        .expect("keys");
    let level = session.app.explore().last().expect("level");
    assert_eq!(level.query, "enterprises-of-chain");
    assert!(
        level.grid.text("enterprise_id").ends_with("00026"),
        "{:?}",
        level.grid.current_row()
    );
}

fn mouse(
    kind: crossterm::event::MouseEventKind,
    column: u16,
    row: u16,
) -> crossterm::event::MouseEvent {
    crossterm::event::MouseEvent {
        kind,
        column,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    }
}

#[test]
fn the_wheel_scrolls_and_a_click_selects_a_tab_a_row_and_a_province() {
    use crossterm::event::{MouseButton, MouseEventKind};
    let engine = sample_engine();
    let mut app = app((100, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    // A click on the overview's third province, then on the Ratings tab.
    session.mouse(mouse(MouseEventKind::Down(MouseButton::Left), 5, 6));
    assert_eq!(session.app.dashboard().card, 2);
    let (_, tabs) = qlake::tui::app::layout::tabs(session.app.panes(), 100, session.app.language());
    let ratings_x = tabs
        .iter()
        .find(|(p, _, _)| *p == Pane::RATINGS)
        .map(|(_, _, x)| x + 2)
        .expect("tab");
    session.mouse(mouse(MouseEventKind::Down(MouseButton::Left), ratings_x, 0));
    assert_eq!(session.app.pane(), Pane::RATINGS);
    // The wheel: three rows a notch, down then up.
    session.mouse(mouse(MouseEventKind::ScrollDown, 10, 10));
    session.mouse(mouse(MouseEventKind::ScrollDown, 10, 10));
    let ratings = |s: &Session<'_>| s.app.pane_grid(Pane::RATINGS).expect("grid").cursor;
    assert_eq!(ratings(&session), 6);
    session.mouse(mouse(MouseEventKind::ScrollUp, 10, 10));
    assert_eq!(ratings(&session), 3);
    // A click on a grid row puts the cursor there (row 3 of the screen is the grid's first data row).
    session.mouse(mouse(MouseEventKind::Down(MouseButton::Left), 10, 3 + 4));
    assert_eq!(ratings(&session), 4);
    // The wheel scrolls a popup, not the grid under it.
    session.press("i").expect("keys");
    session.mouse(mouse(MouseEventKind::ScrollDown, 10, 10));
    assert_eq!(ratings(&session), 4);
}

/// A click on the overview selects the province whose line is drawn under it, and nothing where no province is
/// drawn. Regression: the mouse once derived the key figures' place again (every body line from the third a province),
/// so on a short terminal, where the tile shows only some provinces, a click on its border or on a chart below it
/// selected a province that was not on screen.
#[test]
fn a_click_on_the_overview_selects_only_a_province_drawn_there() {
    use crossterm::event::{MouseButton, MouseEventKind};
    let engine = sample_engine();
    let mut app = app((100, 16));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    let screen = session.screen(&crate::support::PLAIN).expect("screen");
    let lines: Vec<&str> = screen.lines().collect();
    let provinces = session.app.dashboard().provinces();
    let body =
        qlake::tui::app::layout::screen(session.app, ratatui::layout::Rect::new(0, 0, 100, 16))
            .expect("room")
            .body;
    let areas = qlake::tui::panes::overview_areas(session.app, body);
    // The tile has room for fewer provinces than there are: the case the old mouse got wrong.
    let shown = usize::from(areas.kpis.height.saturating_sub(3));
    assert!(shown < provinces, "{shown} of {provinces}:\n{screen}");
    let rows = areas.kpis.y + 2..areas.kpis.y + 2 + shown as u16;
    for y in 0..16u16 {
        for x in [5u16, 60, 99] {
            session.app.dashboard_mut().card = 0;
            session.mouse(mouse(MouseEventKind::Down(MouseButton::Left), x, y));
            if session.app.pane() != Pane::DASHBOARD {
                // A tab, or a second click on the province selected (it drills): back to the overview.
                session.press("1").expect("keys");
                continue;
            }
            let card = session.app.dashboard().card;
            let on_a_province = rows.contains(&y) && x < areas.kpis.right() - 1;
            if on_a_province {
                assert_eq!(card, usize::from(y - rows.start), "{x},{y}");
                let table = &session.app.dashboard().tiles[0].table;
                let name = table.value(&table.rows[card], "name_en");
                assert!(
                    lines[usize::from(y)].contains(&name),
                    "a click at {x},{y} selected {name}, not on that line:\n{screen}"
                );
            } else {
                assert_eq!(card, 0, "a click at {x},{y} selected a province:\n{screen}");
            }
        }
    }
    // Below the tile, on a chart: no province.
    session.app.dashboard_mut().card = 1;
    session.mouse(mouse(
        MouseEventKind::Down(MouseButton::Left),
        5,
        areas.funding.y + 1,
    ));
    assert_eq!(session.app.dashboard().card, 1);
    session.mouse(mouse(
        MouseEventKind::Down(MouseButton::Left),
        5,
        areas.kpis.bottom() - 1,
    ));
    assert_eq!(session.app.dashboard().card, 1, "the tile's border");
}

#[test]
fn the_pane_language_and_filters_come_back_and_coverage_opens_on_a_year_with_data() {
    let engine = sample_engine();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("state/tui.json");
    let mut first = app((100, 30));
    crate::support::press_keys(&engine, &mut first, "7 : province <space> 湖北 <enter> L");
    qlake::tui::effect::write_state(&file, &first.ui_state());
    let mut second = app((100, 30));
    second.restore(qlake::tui::effect::read_state(&file).expect("state"));
    assert_eq!(second.pane(), Pane::FUNDING);
    assert_eq!(second.language(), qlake::tui::app::Language::Chinese);
    let screen = crate::support::press_keys(&engine, &mut second, "");
    assert!(screen.contains("[province=CN-HB"), "{screen}");
    // The filters are the lake's own: another lake opens without them, and the first one's stay kept.
    let mut elsewhere = qlake::tui::panes::new_app(
        qlake::core::queries::Library::load(None),
        qlake::tui::panes::default_keymap(),
        "/srv/bureau-lake".into(),
        (100, 30),
    );
    elsewhere.restore(qlake::tui::effect::read_state(&file).expect("state"));
    assert_eq!(elsewhere.pane(), Pane::FUNDING);
    let screen = crate::support::press_keys(&engine, &mut elsewhere, "");
    assert!(!screen.contains("province=CN-HB"), "{screen}");
    qlake::tui::effect::write_state(&file, &elsewhere.ui_state());
    let mut back = app((100, 30));
    back.restore(qlake::tui::effect::read_state(&file).expect("state"));
    let screen = crate::support::press_keys(&engine, &mut back, "");
    assert!(screen.contains("[province=CN-HB"), "{screen}");
    // A broken state file is a fresh start, not an error.
    std::fs::write(&file, "{ not json").expect("write");
    assert!(qlake::tui::effect::read_state(&file).is_none());
    // Coverage for Anhui opens on 2017, the year its targets are for; a province without any says so.
    let (anhui, app) = screen_after((100, 30), "6 : province <space> 安徽 <enter>");
    assert_eq!(
        app.pane_grid(Pane::COVERAGE).and_then(|g| g.total),
        Some(2),
        "{anhui}"
    );
    let (shandong, _) = screen_after((100, 30), "6 : province <space> CN-SD <enter>");
    assert!(
        shandong.contains("no rows for province=CN-SD"),
        "{shandong}"
    );
}

#[test]
fn grids_mark_the_sort_resize_columns_and_leave_out_what_only_repeats_the_question() {
    // Cities of Hubei: no province_code column on every row (it is the level's question), the sort marked.
    let (screen, app) = screen_after((140, 20), "2 <enter> l S");
    let header = screen.lines().nth(2).unwrap_or_default().to_string();
    assert!(!header.contains("province_code"), "{header}");
    assert!(header.contains("name_en↓"), "{header}");
    // `>` widens the current column, `<` narrows it.
    let level = app.explore().last().expect("level");
    let column = level.grid.column;
    let (_, wider) = screen_after((140, 20), "2 <enter> l > >");
    let (_, narrower) = screen_after((140, 20), "2 <enter> l > > < <lt>");
    let width = |app: &App| {
        app.explore()
            .last()
            .expect("level")
            .grid
            .widths
            .get(&column)
            .copied()
    };
    assert!(
        width(&wider) > width(&narrower),
        "{:?} {:?}",
        width(&wider),
        width(&narrower)
    );
    // Wide terminals show more of a long text than 30 cells.
    let (wide, _) = screen_after((200, 20), "3 : year <space> 2021 <enter>");
    assert!(
        wide.contains("Wuhan Economic Development Zone auto parts quality improvement"),
        "{wide}"
    );
    // The console's editor: Ctrl+W deletes the word before the cursor.
    let (_, app) = screen_after((100, 20), "5 select <space> count <c-w> 42");
    assert_eq!(app.console().text(), "select 42");
}

#[test]
fn money_in_grids_reads_in_wan_and_yi_and_copies_exactly() {
    let engine = sample_engine();
    let mut app = app((100, 20));
    let mut session = Session::new(&engine, &mut app, Effects::Perform);
    session
        .press("5 select <space> 58970000.00::decimal(18,2) <space> as <space> amount_yuan, <space> 870000000 <space> as <space> loan_yuan <f5> <esc> y")
        .expect("keys");
    let screen = session.screen(&crate::support::PLAIN).expect("screen");
    assert!(
        screen.contains("5897万") && screen.contains("8.70亿"),
        "{screen}"
    );
    assert_eq!(session.clipboard.as_deref(), Some("58970000.00"));
}

/// The style of the first cell of the editor's first line that shows `text`, looked for after `from` characters.
fn style_of(buffer: &ratatui::buffer::Buffer, text: &str, from: u16) -> ratatui::style::Style {
    let y = 3; // tabs, title, the editor's top border
    let line: String = (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_string())
        .collect();
    let chars: Vec<char> = line.chars().collect();
    let at = (from as usize..chars.len())
        .find(|&i| chars[i..].iter().collect::<String>().starts_with(text))
        .unwrap_or_else(|| panic!("`{text}` not on {line:?}"));
    buffer[(at as u16, y)].style()
}

#[test]
fn the_console_colours_sql_as_duckdb_reads_it() {
    use ratatui::style::{Color, Modifier};
    let engine = sample_engine();
    let mut app = app((120, 30));
    crate::support::press_keys(&engine, &mut app, "5");
    // A word that is a keyword only outside quotes: in a string, in a quoted name and in a comment it is none. A
    // lexer of our own would have to know SQL's doubled quotes, dollar quoting and comments exactly as DuckDB does.
    app.console_mut()
        .set_text("SELECT 'it''s FROM' AS \"from\", $$ WHERE $$ AS w, 42 FROM ratings -- FROM");
    crate::support::press_keys(&engine, &mut app, "<end>");
    let buffer = crate::support::drawn_in_colour(&app);
    let keyword = style_of(&buffer, "SELECT", 0);
    assert!(keyword.add_modifier.contains(Modifier::BOLD), "{keyword:?}");
    assert_eq!(keyword.fg, Some(Color::Blue));
    let string = style_of(&buffer, "FROM'", 0);
    assert_eq!(string.fg, Some(Color::Green), "FROM inside a string");
    let quoted = style_of(&buffer, "from\"", 0);
    assert!(
        !quoted.add_modifier.contains(Modifier::BOLD),
        "a quoted name"
    );
    assert_eq!(
        style_of(&buffer, "WHERE", 0).fg,
        Some(Color::Green),
        "dollar-quoted"
    );
    assert_eq!(style_of(&buffer, "42", 0).fg, Some(Color::Magenta));
    let from = style_of(&buffer, "FROM ratings", 0);
    assert_eq!(from.fg, Some(Color::Blue), "the real FROM");
    let comment = style_of(&buffer, "-- FROM", 0);
    assert_eq!(comment.fg, Some(Color::DarkGray));
}

#[test]
fn tab_completes_tables_and_the_named_tables_columns_listed_beside_the_editor() {
    use crate::support::press_keys;
    let engine = sample_engine();
    let mut wide = app((120, 30));
    press_keys(
        &engine,
        &mut wide,
        "5 SELECT <space> * <space> FROM <space> enterp <tab>",
    );
    assert_eq!(wide.console().text(), "SELECT * FROM enterprises");
    // The table named is open in the list, with its columns; the others are closed.
    let screen = press_keys(&engine, &mut wide, "");
    assert!(screen.contains("▾ enterprises"), "{screen}");
    assert!(screen.contains("  enterprise_id varchar"), "{screen}");
    assert!(screen.contains("▸ projects"), "{screen}");
    // The named table's columns come first, alone when they match: `nam` is enterprises' `name` or `name_en`
    // (not other tables' `name_zh`), completed to their common beginning with both offered.
    press_keys(
        &engine,
        &mut wide,
        &format!("<home> {} nam <tab>", "<right> ".repeat(7)),
    );
    assert_eq!(wide.console().text(), "SELECT name* FROM enterprises");
    assert_eq!(wide.message(), Some("2 names: name  name_en"));
    // Nothing to complete says so.
    press_keys(&engine, &mut wide, "<end> <space> xyz <tab>");
    let message = wide.message().unwrap_or_default().to_string();
    assert!(
        message.contains("no table or column begins with `xyz`"),
        "{message}"
    );
    // Narrow: no room for the list, Tab still completes.
    let mut narrow = app((80, 24));
    let screen = press_keys(&engine, &mut narrow, "5 FROM <space> rating_s <tab>");
    assert_eq!(narrow.console().text(), "FROM rating_scores");
    assert!(!screen.contains("Tab completes"), "{screen}");
}

/// The export field behaves as people expect of a text field: the suggested name is replaced by what is typed
/// (not appended to), Ctrl+U clears and Ctrl+W takes a word back; a name whose extension says no format is refused
/// as the CLI refuses it, never written as CSV under that name; Ctrl+C with nothing running leaves no "cancelling…".
#[test]
fn the_export_field_replaces_its_suggestion_and_refuses_an_unknown_extension() {
    let export_path = |app: &App| match app.layers().last() {
        Some(qlake::tui::app::Layer::Export(d)) => {
            Some((d.path.as_str().to_string(), d.warning.clone()))
        }
        _ => None,
    };
    let (_, app) = screen_after((100, 30), "3 e r . x l s x");
    assert_eq!(export_path(&app).map(|p| p.0).as_deref(), Some("r.xlsx"));
    let (_, app) = screen_after((100, 30), "3 e <c-u>");
    assert_eq!(export_path(&app).map(|p| p.0).as_deref(), Some(""));
    let (_, app) = screen_after((100, 30), "3 e <right> <c-w> o u t . c s v");
    // `<right>` is no text: the suggestion stays whole until a character is typed.
    let typed = export_path(&app).map(|p| p.0).unwrap_or_default();
    assert!(typed.ends_with("out.csv"), "{typed}");
    let dir = tempfile::tempdir().expect("tempdir");
    let xls = dir.path().join("r.xls");
    let (screen, app) = screen_after(
        (120, 30),
        &format!("3 : export <space> {} <enter>", xls.display()),
    );
    let (_, warning) = export_path(&app).expect("the dialog asks");
    assert!(
        warning.is_some_and(|w| w.contains("cannot tell the format")),
        "{screen}"
    );
    assert!(!xls.exists());
    // A cancel that comes too late (the queries end on their own) leaves no "cancelling…" for good.
    let engine = sample_engine();
    let mut app = self::app((100, 30));
    let jobs: Vec<qlake::tui::jobs::Job> = app
        .start()
        .into_iter()
        .filter_map(|e| match e {
            qlake::tui::effect::Effect::Run(job) => Some(job),
            _ => None,
        })
        .collect();
    assert!(app.busy() && !jobs.is_empty());
    let keys = qlake::tui::keymap::parse_script("<c-c>").expect("keys");
    app.on_key(keys[0]);
    assert_eq!(app.message(), Some("cancelling…"));
    for job in &jobs {
        app.on_answer(qlake::tui::jobs::execute(&engine, job));
    }
    assert!(!app.busy());
    assert_eq!(
        app.message(),
        Some("the query had finished before it could be cancelled")
    );
}

/// The column cursor is always on a column the grid shows: after `:year 2021` makes the year column a parameter
/// (and hides it), `y` copies a shown column's value, not the hidden year.
#[test]
fn the_column_cursor_stays_on_a_shown_column() {
    let engine = sample_engine();
    let mut app = app((120, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session
        .press("3 : year <space> 2021 <enter> y")
        .expect("keys");
    let grid = session.app.pane_grid(Pane::RATINGS).expect("grid");
    let chinese = session.app.language() == qlake::tui::app::Language::Chinese;
    let visible = grid.visible_columns(chinese);
    assert!(
        visible.contains(&grid.column),
        "{} not in {visible:?}",
        grid.column
    );
    assert_ne!(grid.columns[grid.column], "year");
    let copied = session.recorded.iter().find_map(|e| match e {
        qlake::tui::effect::Effect::Copy(text) => Some(text.clone()),
        _ => None,
    });
    assert_ne!(
        copied.as_deref(),
        Some("2021"),
        "the hidden year was copied"
    );
}

/// A status message cut at the screen's edge can be read whole: `:messages` lists this run's messages, the latest
/// first, each as it was said.
#[test]
fn the_message_log_shows_a_long_message_whole() {
    let command = "no-such-command-with-a-long-name-to-push-the-message-past-the-edge";
    let (screen, app) = screen_after((80, 24), &format!(": {command} <enter>"));
    let said = app.message().map(str::to_string).expect("a message");
    assert!(
        said.chars().count() > 80 && !screen.contains(&said),
        "{screen}"
    );
    let (screen, app) = screen_after((80, 24), &format!(": {command} <enter> : messages <enter>"));
    let Some(qlake::tui::app::Layer::Detail { title, lines, .. }) = app.layers().last() else {
        panic!("no message log: {screen}");
    };
    assert_eq!(title, "messages");
    assert_eq!(lines.first(), Some(&said));
}
