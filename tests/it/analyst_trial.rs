//! The analyst's third trial, headless: the console as an editor people know, the grid's columns, sort keys,
//! undo and marked matches, funding rows that add up items, the mouse, and popups over Chinese text.

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use qlake::core::queries::Library;
use qlake::tui::app::{App, Layer, Pane};
use qlake::tui::{Effects, Session};
use ratatui::style::Modifier;

use crate::support::{PLAIN, drawn_in_colour, sample_engine};

fn app(size: (u16, u16)) -> App {
    qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        "lake".into(),
        size,
    )
}

/// The cells of `buffer` in the rectangle of the console's editor whose style is the cursor's (reversed).
fn cursor_cells(buffer: &ratatui::buffer::Buffer, app: &App) -> Vec<(u16, u16)> {
    let (w, h) = app.size();
    let screen = qlake::tui::app::layout::screen(app, ratatui::layout::Rect::new(0, 0, w, h))
        .expect("screen");
    let editor = screen.editor.expect("the console's editor");
    let inner = qlake::tui::app::layout::inner(editor);
    let mut cells = Vec::new();
    for y in inner.top()..inner.bottom() {
        for x in inner.left()..inner.right() {
            if buffer[(x, y)].modifier.contains(Modifier::REVERSED) {
                cells.push((x, y));
            }
        }
    }
    cells
}

/// At 100 columns a 200-character line scrolls sideways: its end and the cursor are on screen, and Home brings its
/// start back. With `:wrap` the line wraps instead, its start and end both shown.
#[test]
fn the_editor_scrolls_sideways_and_wraps_long_lines() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let filler = "x".repeat(170);
    let sql = format!("select '{filler}' as long_end");
    assert!(sql.chars().count() > 190);
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("5").expect("keys");
    session.app.console_mut().set_text(&sql);
    session.press("<end>").expect("keys");
    let screen = session.screen(&PLAIN).expect("screen");
    assert!(screen.contains("as long_end"), "{screen}");
    assert!(
        !screen.contains("select '"),
        "scrolled past the start\n{screen}"
    );
    assert_eq!(
        cursor_cells(&drawn_in_colour(session.app), session.app).len(),
        1
    );
    session.press("<home>").expect("keys");
    let screen = session.screen(&PLAIN).expect("screen");
    assert!(screen.contains("select 'xxx"), "{screen}");
    assert_eq!(
        cursor_cells(&drawn_in_colour(session.app), session.app).len(),
        1
    );
    // Soft wrap, as an option: both ends on screen, the cursor too.
    session
        .press("<esc> : w r a p <enter> <enter> <end>")
        .expect("keys");
    assert!(session.app.console().wrap);
    let screen = session.screen(&PLAIN).expect("screen");
    assert!(
        screen.contains("select 'xxx") && screen.contains("as long_end"),
        "{screen}"
    );
    assert_eq!(
        cursor_cells(&drawn_in_colour(session.app), session.app).len(),
        1
    );
}

/// A statement with `$parameters` asks their values in a form before it runs, as a saved query's do; the values
/// are offered again the next time.
#[test]
fn the_console_asks_a_statement_s_parameters_before_running_it() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("5").expect("keys");
    session.app.console_mut().set_text(
        "select project_id from ratings where year = $year and rating = $rating order by 1",
    );
    session.press("<f5>").expect("keys");
    let Some(Layer::RunParams(form)) = session.app.layers().last() else {
        panic!("no form: {}", session.screen(&PLAIN).expect("screen"));
    };
    assert_eq!(form.names, ["year", "rating"]);
    let screen = session.screen(&PLAIN).expect("screen");
    assert!(
        screen.contains("$year") && screen.contains("$rating"),
        "{screen}"
    );
    session
        .press("2 0 2 1 <tab> e x c e l l e n t <enter>")
        .expect("keys");
    assert!(session.app.layers().is_empty());
    let grid = session.app.console().grid.as_ref().expect("a result");
    assert_eq!(grid.error, None);
    assert_eq!(grid.total, Some(7), "the 7 excellent projects of 2021");
    // Run again: the form comes back with the values given last.
    session.press("<f5>").expect("keys");
    let Some(Layer::RunParams(form)) = session.app.layers().last() else {
        panic!("no form");
    };
    let values: Vec<&str> = form.values.iter().map(|v| v.as_str()).collect();
    assert_eq!(values, ["2021", "excellent"]);
    assert!(
        form.values[0].is_selected(),
        "offered again, selected: typing replaces it"
    );
    // An empty value is NULL: no row equals NULL.
    session.press("<c-u> <enter>").expect("keys");
    assert_eq!(
        session.app.console().grid.as_ref().and_then(|g| g.total),
        Some(0)
    );
}

/// Esc leaves editing (the pane keys work again and `q` is not typed into the SQL); Enter edits again; a restart
/// on the console never starts in the editor, so a digit typed to change panes changes panes.
#[test]
fn esc_leaves_the_editor_and_a_restart_never_starts_in_it() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("5 s e l <esc>").expect("keys");
    assert!(!session.app.console().editing);
    let screen = session.screen(&PLAIN).expect("screen");
    assert!(screen.contains("SQL · Enter edits"), "{screen}");
    session.press("<enter> e c t <esc> 3").expect("keys");
    assert_eq!(session.app.pane(), Pane::RATINGS);
    assert_eq!(session.app.console().text(), "select");

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("state.toml");
    let mut first = self::app((100, 30));
    first.go(Pane::CONSOLE);
    qlake::tui::effect::write_state(&file, &first.ui_state());
    let mut second = self::app((100, 30));
    second.restore(qlake::tui::effect::read_state(&file).expect("state"));
    assert_eq!(second.pane(), Pane::CONSOLE);
    let mut session = Session::new(&engine, &mut second, Effects::Record);
    session.press("3").expect("keys");
    assert_eq!(session.app.pane(), Pane::RATINGS, "the 3 changed panes");
    assert_eq!(session.app.console().text(), "");
}

/// `l` across Explore's enterprises grid at 80 columns: every column the cursor reaches is drawn, its name in the
/// header, however wide the columns before it.
#[test]
fn the_column_cursor_is_always_drawn() {
    let engine = sample_engine();
    let mut app = app((80, 24));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("3 <enter>").expect("keys");
    let grid = session
        .app
        .explore()
        .last()
        .expect("enterprises")
        .grid
        .clone();
    assert_eq!(
        session.app.explore().last().expect("level").query,
        "enterprises-of-project"
    );
    let visible = grid.visible_columns(false);
    assert!(visible.len() > 5, "{:?}", grid.columns);
    for step in 1..visible.len() {
        session.press("l").expect("keys");
        let grid = &session.app.explore().last().expect("level").grid;
        let name = grid.columns[grid.column].clone();
        let screen = session.screen(&PLAIN).expect("screen");
        let header = screen.lines().nth(2).expect("header");
        assert!(
            header.contains(&name),
            "step {step}: `{name}` is not drawn\n{screen}"
        );
    }
}

/// At 200 columns a title reads whole where 30 columns would cut it, the room beside it no longer empty.
#[test]
fn titles_take_the_room_a_wide_terminal_has() {
    let engine = sample_engine();
    let title = "十堰张湾汽车零部件（智能装备）产业集群质量提升";
    let mut wide = app((200, 50));
    wide.set_language(qlake::tui::app::Language::Chinese);
    let screen = crate::support::press_keys(&engine, &mut wide, "3");
    assert!(screen.contains(title), "{screen}");
}

/// Hide a column and show it again, sort by two columns, take each step back with `u`, and see `/`'s matches marked.
#[test]
fn hidden_columns_sort_keys_undo_and_marked_matches() {
    let engine = sample_engine();
    let mut app = app((160, 40));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    // Ratings of 2021: to the rating column, hide it.
    session.press("3").expect("keys");
    let column_of = |app: &App, name: &str| {
        app.pane_grid(Pane::RATINGS)
            .expect("grid")
            .columns
            .iter()
            .position(|c| c == name)
            .expect("column")
    };
    let to_column = |session: &mut Session<'_>, name: &str| {
        let target = column_of(session.app, name);
        for _ in 0..20 {
            let here = session.app.pane_grid(Pane::RATINGS).expect("grid").column;
            if here == target {
                return;
            }
            session
                .press(if here < target { "l" } else { "h" })
                .expect("keys");
        }
        panic!("the cursor never reached `{name}`");
    };
    to_column(&mut session, "rating");
    session.press("-").expect("keys");
    let header = |session: &Session<'_>| {
        session
            .screen(&PLAIN)
            .expect("screen")
            .lines()
            .nth(2)
            .expect("header")
            .to_string()
    };
    assert!(!header(&session).split_whitespace().any(|w| w == "rating"));
    assert!(session.screen(&PLAIN).expect("screen").contains("1 hidden"));
    session.press("+").expect("keys");
    assert!(header(&session).split_whitespace().any(|w| w == "rating"));
    to_column(&mut session, "rating");
    // Sort by rating descending, then by project descending.
    let grid = session.app.pane_grid(Pane::RATINGS).expect("grid");
    assert_eq!(grid.columns[grid.column], "rating");
    session.press("S").expect("keys");
    to_column(&mut session, "project_id");
    session.press("A").expect("keys");
    let grid = session.app.pane_grid(Pane::RATINGS).expect("grid");
    assert_eq!(
        grid.sort,
        vec![
            ("rating".to_string(), true),
            ("project_id".to_string(), true)
        ],
        "{:?}",
        grid.columns[grid.column]
    );
    let first = grid.row(0).expect("row");
    assert_eq!(
        first[column_of(session.app, "rating")].as_deref(),
        Some("pass")
    );
    assert_eq!(
        first[column_of(session.app, "project_id")].as_deref(),
        Some("HB-2021-25")
    );
    assert!(header(&session).contains("rating↓1") && header(&session).contains("project_id↓2"));
    // Filter, then take back the filter, the second key, the first and the showing of the column.
    session.press("/ 2 0 2 1 - 2 3 <enter>").expect("keys");
    let grid = session.app.pane_grid(Pane::RATINGS).expect("grid");
    assert_eq!(grid.total, Some(1));
    let buffer = drawn_in_colour(session.app);
    let marked: String = buffer
        .content
        .iter()
        .filter(|c| {
            c.modifier.contains(Modifier::UNDERLINED) && c.bg == ratatui::style::Color::Yellow
        })
        .map(|c| c.symbol().to_string())
        .collect();
    assert_eq!(
        marked, "2021-23",
        "the match is marked where the cell holds it"
    );
    session.press("u").expect("keys");
    assert_eq!(
        session.app.pane_grid(Pane::RATINGS).expect("grid").filter,
        None
    );
    session.press("u").expect("keys");
    assert_eq!(
        session.app.pane_grid(Pane::RATINGS).expect("grid").sort,
        vec![("rating".to_string(), true)]
    );
    session.press("u u").expect("keys");
    let grid = session.app.pane_grid(Pane::RATINGS).expect("grid");
    assert!(grid.sort.is_empty());
    assert!(grid.hidden.contains("rating"), "the step before `+` hid it");
    session.press("u u").expect("keys");
    assert!(
        session
            .app
            .message()
            .is_some_and(|m| m.starts_with("nothing to take back")),
        "{:?}",
        session.app.message()
    );
}

/// A funding row that adds up several amounts: `i` says so, Enter lists them (each with its own source), and the
/// listed amounts add up to the row.
#[test]
fn a_funding_row_that_adds_up_items_lists_them() {
    let engine = sample_engine();
    let mut app = app((120, 40));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session
        .press("7 : province <space> CN-HB <enter>")
        .expect("keys");
    let grid = session.app.pane_grid(Pane::FUNDING).expect("funding");
    let row = (0..grid.total.expect("counted"))
        .find(|i| {
            let r = grid.row(*i).expect("row");
            let cell = |name: &str| {
                let c = grid.columns.iter().position(|c| c == name).expect(name);
                r[c].clone()
            };
            cell("kind").as_deref() == Some("special fund") && cell("items").as_deref() == Some("8")
        })
        .expect("Hubei's 8 special-fund items of 2022");
    session
        .press(&format!("g {} i", "j ".repeat(row as usize)))
        .expect("keys");
    assert!(
        session
            .app
            .message()
            .is_some_and(|m| m.contains("adds up 8 amounts")),
        "{:?}",
        session.app.message()
    );
    session.press("<enter>").expect("keys");
    assert_eq!(session.app.pane(), Pane::EXPLORE);
    let level = session.app.explore().last().expect("items");
    assert_eq!(level.query, "funding-items");
    assert_eq!(level.grid.total, Some(8));
    let amount = level
        .grid
        .columns
        .iter()
        .position(|c| c == "amount_yuan")
        .expect("amount");
    let sum: f64 = (0..8)
        .map(|i| {
            level.grid.row(i).expect("row")[amount]
                .as_deref()
                .expect("amount")
                .parse::<f64>()
                .expect("number")
        })
        .sum();
    assert_eq!(sum, 1_500_000.0);
    // Each item has its sentence.
    session.press("i").expect("keys");
    assert!(
        matches!(session.app.layers().last(), Some(Layer::WhereFrom { source_id, .. }) if !source_id.is_empty()),
        "{}",
        session.screen(&PLAIN).expect("screen")
    );
}

fn click(session: &mut Session<'_>, button: MouseButton, x: u16, y: u16) {
    session.mouse(MouseEvent {
        kind: MouseEventKind::Down(button),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    });
}

/// A double-click on a row drills into it; a right click opens where it came from.
#[test]
fn a_double_click_drills_and_a_right_click_opens_the_source() {
    let engine = sample_engine();
    let mut app = app((120, 40));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("3").expect("keys");
    // Row 3 of the grid (the header is on line 2 of the screen).
    click(&mut session, MouseButton::Left, 10, 6);
    assert_eq!(session.app.pane(), Pane::RATINGS);
    assert_eq!(
        session.app.pane_grid(Pane::RATINGS).expect("grid").cursor,
        3
    );
    click(&mut session, MouseButton::Left, 10, 6);
    assert_eq!(session.app.pane(), Pane::EXPLORE);
    let level = session.app.explore().last().expect("level");
    assert_eq!(level.query, "enterprises-of-project");
    session.press("<esc>").expect("keys");
    click(&mut session, MouseButton::Right, 10, 8);
    assert_eq!(
        session.app.pane_grid(Pane::RATINGS).expect("grid").cursor,
        5
    );
    assert!(
        matches!(session.app.layers().last(), Some(Layer::WhereFrom { .. })),
        "no where-from"
    );
}

/// The rating, as the quote writes it (优秀), is marked in the where-from popup.
#[test]
fn the_rating_is_marked_in_its_sentence() {
    let engine = sample_engine();
    let mut app = app((120, 40));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    // HB-2021-03 was rated excellent (优秀).
    session.press("3 j j i").expect("keys");
    let Some(Layer::WhereFrom { figures, quote, .. }) = session.app.layers().last() else {
        panic!("no where-from");
    };
    assert!(quote.contains("优秀"), "{quote}");
    assert!(figures.iter().any(|f| f == "优秀"), "{figures:?}");
}

/// A popup over Chinese text keeps its left border in the terminal: a wide character half under the border would
/// otherwise hide it (ratatui sends nothing for a cell a wide character covers).
#[test]
fn popups_keep_their_borders_over_chinese_text() {
    let engine = sample_engine();
    // With the year a parameter, titles start at an odd column: at 200 columns a title's character lies half under
    // the popup's left border.
    let mut straddled = 0;
    for size in [(200, 50), (120, 40), (81, 24)] {
        let mut app = app(size);
        app.set_language(qlake::tui::app::Language::Chinese);
        crate::support::press_keys(&engine, &mut app, "3 : year <space> 2021 <enter> j j i");
        assert!(matches!(app.layers().last(), Some(Layer::WhereFrom { .. })));
        let buffer = drawn_in_colour(&app);
        let blank = ratatui::buffer::Buffer::empty(buffer.area);
        let sent: std::collections::BTreeSet<(u16, u16)> = blank
            .diff(&buffer)
            .into_iter()
            .map(|(x, y, _)| (x, y))
            .collect();
        let mut borders = 0;
        for y in 0..size.1 {
            for x in 0..size.0 {
                if buffer[(x, y)].symbol() == "│" {
                    borders += 1;
                    assert!(
                        sent.contains(&(x, y)),
                        "{size:?}: the border at {x},{y} never reaches the terminal"
                    );
                }
            }
        }
        assert!(borders > 10, "{size:?}: no popup drawn");
        // The case is met: under the popup's left edge the grid has a wide character half under the border.
        let left = (0..size.0)
            .find(|x| (0..size.1).any(|y| buffer[(*x, y)].symbol() == "┌"))
            // The terminal's own copy (TestBackend gets what a terminal gets): a lost border loses its corner too.
            .unwrap_or_else(|| panic!("{size:?}: the popup's left border is not on screen"));
        app.layers_mut().clear();
        let grid = drawn_in_colour(&app);
        straddled += (0..size.1)
            .filter(|y| {
                left > 0 && qlake::core::cells::display_width(grid[(left - 1, *y)].symbol()) > 1
            })
            .count();
    }
    assert!(
        straddled > 0,
        "no wide character under a popup's border: the test tests nothing"
    );
}

/// A one-line field scrolls with its cursor: 120 characters typed into the command line at 60 columns still show
/// what was typed last and the caret, as the SQL editor does; Home brings the start back.
#[test]
fn a_long_field_keeps_its_caret_in_view() {
    let engine = sample_engine();
    let mut app = app((60, 12));
    let keys = format!(": {} X Y Z", vec!["a"; 120].join(" "));
    let screen = crate::support::press_keys(&engine, &mut app, &keys);
    let prompt = screen.lines().last().expect("prompt line");
    assert!(
        prompt.ends_with("XYZ█") && prompt.starts_with(":…"),
        "{prompt}"
    );
    let screen = crate::support::press_keys(&engine, &mut app, "<home>");
    let prompt = screen.lines().last().expect("prompt line");
    assert!(prompt.starts_with(":█aaa"), "{prompt}");
}

/// Small breaks the trial found: `/` where there is no grid says so; an export to a name that exists keeps the
/// dialog open to change it (never the CLI's `--force` advice); the overview's `i` says where a source contradicts
/// itself.
#[test]
fn the_trial_s_small_breaks() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("/").expect("keys");
    assert!(session.app.layers().is_empty());
    assert!(
        session
            .app
            .message()
            .is_some_and(|m| m.contains("filters the rows of a grid")),
        "{:?}",
        session.app.message()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let taken = dir.path().join("taken.csv");
    std::fs::write(&taken, "mine\n").expect("file");
    session
        .press(&format!("3 : export <space> {}", taken.display()))
        .expect("keys");
    session.press("<enter>").expect("keys");
    let Some(Layer::Export(dialog)) = session.app.layers().last() else {
        panic!("{}", session.screen(&PLAIN).expect("screen"));
    };
    assert!(
        dialog
            .warning
            .as_deref()
            .is_some_and(|w| w.contains("exists: give another name")),
        "{:?}",
        dialog.warning
    );
    assert_eq!(std::fs::read_to_string(&taken).expect("file"), "mine\n");
    // A name ending in a slash is a folder's: refused, not written without the slash.
    let folder = format!("{}/dir.csv/", dir.path().display());
    session
        .press(&format!("<esc> : export <space> {folder} <enter>"))
        .expect("keys");
    let Some(Layer::Export(dialog)) = session.app.layers().last() else {
        panic!("{}", session.screen(&PLAIN).expect("screen"));
    };
    assert!(
        dialog
            .warning
            .as_deref()
            .is_some_and(|w| w.contains("names a folder")),
        "{:?}",
        dialog.warning
    );
    assert!(!dir.path().join("dir.csv").exists());
    let mut app = self::app((120, 40));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("i").expect("keys");
    let Some(Layer::WhereFrom { quote, .. }) = session.app.layers().last() else {
        panic!("no where-from");
    };
    assert!(
        quote.contains("note: the source gives 12 (2018), 20 (2019) and 26 (2020)"),
        "{quote}"
    );
}

/// A search reads Chinese as people type it: `:find 當陽` (traditional) finds the lake's 当阳 rows, and a filter of
/// `江蘇` in a grid keeps the row of 江苏.
#[test]
fn searches_fold_traditional_script_and_full_width_forms() {
    let engine = sample_engine();
    let mut app = app((120, 40));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press(": find <space> 當 陽 <enter>").expect("keys");
    let hits = &session.app.explore().last().expect("hits").grid;
    assert_eq!(session.app.explore().last().expect("hits").query, "find");
    let names: Vec<String> = (0..hits.total.unwrap_or(0))
        .filter_map(|i| hits.row(i))
        .map(|r| qlake::tui::grid::cell_text(&hits.columns, r, "name_zh"))
        .collect();
    assert!(
        !names.is_empty() && names.iter().all(|n| n.contains("当阳")),
        "{names:?}"
    );
    session
        .press("<esc> <esc> 2 / 江 蘇 <enter>")
        .expect("keys");
    let provinces = &session.app.explore().first().expect("provinces").grid;
    assert_eq!(provinces.total, Some(1), "{:?}", provinces.filter);
}

/// A hit opened from `:find` shows where it sits by name (湖北省 › 宜昌市 …, not CN-HB › 420500), and Esc from it returns
/// to the list of hits.
#[test]
fn a_find_hit_shows_names_and_esc_returns_to_the_hits() {
    let engine = sample_engine();
    let mut app = app((160, 40));
    app.set_language(qlake::i18n::Lang::Chinese);
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press(": find <space> 陶 瓷 <enter>").expect("keys");
    let hits = session.app.explore().last().expect("hits").grid.clone();
    let total = hits.total.expect("counted");
    let chain = (0..total)
        .find(|i| {
            hits.row(*i)
                .is_some_and(|r| qlake::tui::grid::cell_text(&hits.columns, r, "kind") == "chain")
        })
        .expect("a chain among the hits");
    session
        .press(&format!("g {} <enter>", "j ".repeat(chain as usize)))
        .expect("keys");
    let crumbs: Vec<String> = session
        .app
        .explore()
        .iter()
        // The first level is the provinces, named by the view in the reader's language.
        .skip(1)
        .map(|l| l.crumb.clone())
        .collect();
    assert!(
        crumbs
            .iter()
            .all(|c| !c.starts_with("CN-") && !c.chars().all(|ch| ch.is_ascii_digit())),
        "{crumbs:?}"
    );
    assert!(crumbs.iter().any(|c| c == "湖北省"), "{crumbs:?}");
    session.press("<esc>").expect("keys");
    let back = session.app.explore().last().expect("level");
    assert_eq!(back.query, "find");
    assert_eq!(back.grid.cursor, chain, "on the hit one came from");
    assert_eq!(session.app.explore().len(), 2);
}

/// A console parameter's value is only ever a value: SQL in it matches nothing and runs nothing, and control
/// characters typed into the form are drawn escaped.
#[test]
fn a_console_parameter_value_is_only_a_value() {
    let engine = sample_engine();
    let mut app = app((100, 30));
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("5").expect("keys");
    session
        .app
        .console_mut()
        .set_text("select project_id from ratings where rating = $rating");
    session.press("<f5>").expect("keys");
    session
        .press("' ; <space> D R O P <space> V I E W <space> p r o j e c t s ; <space> - -")
        .expect("keys");
    session.press_keys(&[crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('\u{1b}'),
        KeyModifiers::NONE,
    )]);
    let screen = session.screen(&PLAIN).expect("screen");
    assert!(
        !screen.contains('\u{1b}'),
        "a control character reached the screen"
    );
    session.press("<enter>").expect("keys");
    let grid = session.app.console().grid.as_ref().expect("a result");
    assert_eq!((grid.error.as_deref(), grid.total), (None, Some(0)));
    assert_eq!(
        crate::support::scalar(&engine, "SELECT count(*) FROM projects"),
        "90"
    );
}
