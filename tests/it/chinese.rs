//! Chinese first: the interface, help and CLI in the reader's language, and search that reads Chinese as people
//! write it (either script, full-width forms, pinyin and its initials).

use qlake::core::queries::Library;
use qlake::i18n::Lang;
use qlake::tui::app::App;

use crate::support::{press_keys, qlake, redact_timings, sample_engine, sample_lake_dir};

/// The words of the screen that are English: runs of two or more ASCII letters, less the codes and names that are
/// the same in every language (keys, units, query and column names the user types, the lake's codes).
fn english_words(screen: &str) -> Vec<String> {
    const CODES: &[&str] = &[
        "qlake",
        "SQL",
        "Enter",
        "Esc",
        "Tab",
        "Ctrl",
        "PgUp",
        "PgDn",
        "Home",
        "End",
        "Backspace",
        "Del",
        "ms",
        "OSC",
        "CSV",
        "JSON",
        "NULL",
        "year",
        "province",
        "rating",
        "CODE",
        "include_synthetic",
        "Alt",
        "wrap",
        "lang",
        "pane",
        "export",
        "find",
        "row",
        "messages",
        "msg",
        "Shift",
        // Export formats, as `-f` and a file's extension name them.
        "table",
        "csv",
        "tsv",
        "json",
        "jsonl",
        "parquet",
        "arrow",
        "xlsx",
        "markdown",
        "help",
        "quit",
        "text",
        "integer",
        "decimal",
        "date",
        "boolean",
        "choice",
        "optional",
    ];
    // The lake's folder is named in the status line: a path, not words.
    let lake = sample_lake_dir();
    let path_words: Vec<String> = lake
        .to_string_lossy()
        .split(|ch: char| !ch.is_ascii_alphabetic())
        .map(str::to_string)
        .collect();
    let mut words = Vec::new();
    // A query's name (`chains-by-province`) or a column's (`province_code`) is typed as it is: a code.
    let queries = Library::load(None);
    let is_name = |token: &str| {
        // A parameter as set and as typed (`[include_synthetic=false]`, `:year 2021`): `name=value`.
        token.contains('=')
            || queries.queries.contains_key(token)
            || token.contains(['-', '_', '.'])
                && token.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
                })
    };
    let without_names: Vec<&str> = screen
        .split(|c: char| c.is_whitespace() || !c.is_ascii())
        .filter(|token| !is_name(token))
        .collect();
    for word in without_names
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_ascii_alphabetic() && c != '_'))
    {
        let is_code = CODES.contains(&word)
            || path_words.iter().any(|p| p == word)
            // A query's name cut short at the edge of a popup over the list.
            || (word.len() <= 3 && queries.queries.keys().any(|q| q.starts_with(word)))
            // Province and city codes (HB, CN-HB), the lake's ids (HB-2019-EXCELLENT), key names (F5, j/k, g/G).
            || word.chars().all(|c| c.is_ascii_uppercase())
            || word.len() < 2;
        if !is_code && !words.contains(&word.to_string()) {
            words.push(word.to_string());
        }
    }
    words
}

/// A headless app on the sample lake in `lang`.
fn app_in(lang: Lang, size: (u16, u16)) -> App {
    let mut app = qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        "sample-data".into(),
        size,
    );
    app.set_language(lang);
    app
}

fn zh_headless(size: &str, keys: &str) -> String {
    let home = tempfile::tempdir().expect("tempdir");
    let out = crate::support::succeeded(
        qlake(home.path())
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args([
                "--lake",
                sample_lake_dir().to_str().expect("utf8"),
                "tui",
                "--headless",
                "--size",
                size,
            ])
            .args(["--keys", keys]),
    );
    // The lake's folder differs between clones: named as README names it.
    let lake = sample_lake_dir().display().to_string();
    redact_timings(&String::from_utf8(out.stdout).expect("utf-8")).replace(&lake, "sample-data")
}

#[test]
fn the_first_screen_reads_chinese_at_every_size() {
    for size in ["80x24", "120x40", "200x50"] {
        let screen = zh_headless(size, "");
        let english = english_words(&screen);
        assert!(
            english.is_empty(),
            "{size}: English words {english:?} in\n{screen}"
        );
        insta::assert_snapshot!(format!("zh_first_screen_{size}"), screen);
    }
}

#[test]
fn every_pane_and_its_help_read_chinese() {
    for (size, keys) in [
        ("120x40", "?"),
        ("120x40", "2"),
        ("120x40", "2 ?"),
        ("120x40", "3"),
        ("120x40", "4"),
        ("120x40", "4 ?"),
        ("120x40", "5 <esc> ?"),
        ("120x40", "6"),
        ("120x40", "7"),
        // The help, a parameter form and the export dialog where room is tightest.
        ("80x24", "?"),
        ("80x24", "4 <enter>"),
        ("80x24", "3 e"),
    ] {
        let screen = zh_headless(size, keys);
        let english = english_words(&screen);
        assert!(
            english.is_empty(),
            "{size} after `{keys}`: English words {english:?} in\n{screen}"
        );
    }
}

#[test]
fn english_has_no_chinese_chrome() {
    let engine = sample_engine();
    let mut app = app_in(Lang::English, (120, 40));
    for keys in ["", "?", "3", "4", "6", "7"] {
        let screen = press_keys(&engine, &mut app, keys);
        // The chrome: the tab line, the title line and the status line (the body holds the lake's data).
        let lines: Vec<&str> = screen.lines().collect();
        for line in [lines[0], lines[1], lines[lines.len() - 1]] {
            assert!(
                !line.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)
                    || ('\u{3000}'..='\u{303F}').contains(&c)
                    || ('\u{FF01}'..='\u{FF5E}').contains(&c)),
                "after `{keys}`: Chinese in the English chrome: {line}"
            );
        }
        press_keys(&engine, &mut app, "<esc>");
    }
}

/// The hits `:find TEXT` lists.
fn found(text: &str) -> String {
    let engine = sample_engine();
    let mut app = app_in(Lang::Chinese, (120, 40));
    press_keys(&engine, &mut app, &format!(": find <space> {text} <enter>"))
}

#[test]
fn find_reads_either_script_pinyin_and_initials() {
    for text in ["當陽", "dangyang", "dy", "DangYang", "ｄａｎｇｙａｎｇ"] {
        let screen = found(text);
        assert!(
            screen.contains("当阳"),
            ":find {text} finds 当阳:\n{screen}"
        );
    }
    let screen = found("dangyang");
    assert!(
        !screen.contains("襄阳"),
        "dangyang is not xiangyang:\n{screen}"
    );
}

#[test]
fn a_grid_filter_reads_either_script_and_pinyin() {
    let engine = sample_engine();
    let mut app = app_in(Lang::Chinese, (120, 40));
    // Explore's provinces: filter by the traditional script, then by pinyin.
    let screen = press_keys(&engine, &mut app, "2 / 江蘇 <enter>");
    assert!(screen.contains("江苏"), "江蘇 filters to 江苏:\n{screen}");
    assert!(!screen.contains("湖北"), "{screen}");
    let screen = press_keys(&engine, &mut app, "<esc> 2 c / jiangsu <enter>");
    assert!(
        screen.contains("江苏") && !screen.contains("湖北"),
        "jiangsu filters to 江苏:\n{screen}"
    );
}

#[test]
fn query_list_and_help_read_chinese() {
    let home = tempfile::tempdir().expect("tempdir");
    let zh = |args: &[&str]| {
        let out = qlake(home.path())
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args(args)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let list = zh(&["query", "list"]);
    let library = Library::load(None);
    for query in library.queries.values() {
        let title = query
            .title_zh
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no Chinese title", query.name));
        assert!(
            list.contains(title),
            "{} listed with its Chinese title:\n{list}",
            query.name
        );
    }
    for args in [
        vec!["--help"],
        vec!["sql", "--help"],
        vec!["query", "--help"],
        vec!["query", "run", "--help"],
        vec!["lake", "--help"],
        vec!["lake", "import", "--help"],
        vec!["tui", "--help"],
        vec!["completions", "--help"],
    ] {
        let help = zh(&args);
        assert!(help.contains("用法："), "{args:?}:\n{help}");
        assert!(
            !help.contains("Usage") && !help.contains("Print help") && !help.contains("Options"),
            "{args:?}:\n{help}"
        );
        // Every line that says something says it in Chinese (flags, values and names aside).
        for line in help.lines().filter(|l| l.split_whitespace().count() > 2) {
            assert!(
                line.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
                "{args:?}: an English line: {line}"
            );
        }
    }
}

/// What scripts read never changes with the language: JSON, CSV (headers and values) and exit codes.
#[test]
fn machine_readable_output_is_the_same_in_both_languages() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = sample_lake_dir();
    let run = |lang: &str, args: &[&str]| {
        let out = qlake(home.path())
            .args(["--lang", lang, "--lake", lake.to_str().expect("utf8")])
            .args(args)
            .output()
            .expect("run");
        (out.status.code(), out.stdout)
    };
    for args in [
        vec!["query", "list", "-f", "json"],
        vec![
            "query",
            "run",
            "ratings-by-year",
            "-p",
            "year=2021",
            "-f",
            "csv",
        ],
        vec!["query", "run", "funding-by-kind", "-f", "json"],
        vec![
            "sql",
            "SELECT kind, class, scope, qualifier FROM funding ORDER BY 1, 2, 3, 4",
            "-f",
            "csv",
        ],
        vec![
            "query",
            "run",
            "ratings-by-year",
            "-p",
            "year=abc",
            "-f",
            "csv",
        ],
    ] {
        let (zh, en) = (run("zh", &args), run("en", &args));
        assert_eq!(zh.0, en.0, "{args:?}: exit codes");
        assert_eq!(zh.1, en.1, "{args:?}: standard output");
    }
}

/// A vocabulary shown in Chinese keeps its value: `v` shows the cell as the lake holds it.
#[test]
fn a_vocabulary_in_chinese_keeps_its_value_in_the_cell_view() {
    let engine = sample_engine();
    let mut app = app_in(Lang::Chinese, (160, 40));
    let screen = press_keys(&engine, &mut app, "7");
    assert!(
        screen.contains("专项资金") || screen.contains("贷款"),
        "{screen}"
    );
    let grid = app
        .pane_grid(qlake::tui::app::Pane::FUNDING)
        .expect("funding grid");
    let kind = grid
        .columns
        .iter()
        .position(|c| c == "kind")
        .expect("a kind column");
    let screen = press_keys(&engine, &mut app, &format!("g {} v", "l ".repeat(kind)));
    let raw = app
        .pane_grid(qlake::tui::app::Pane::FUNDING)
        .expect("grid")
        .text("kind");
    assert!(raw.is_ascii() && !raw.is_empty(), "{raw}");
    assert!(screen.contains(&raw), "`v` shows `{raw}`:\n{screen}");
}

/// The language chosen in the TUI is kept; `--lang` for one run (which sets the language without choosing it) does
/// not replace it. `:lang zh` chooses, `:lang` switches, `:pane` takes a tab's name in either language.
#[test]
fn the_chosen_language_is_kept_and_one_runs_lang_is_not() {
    let engine = sample_engine();
    let mut app = app_in(Lang::English, (100, 30));
    assert_eq!(
        app.ui_state().language,
        None,
        "nothing chosen yet: the locale decides"
    );
    press_keys(&engine, &mut app, ": lang <space> zh <enter>");
    assert_eq!(app.language(), Lang::Chinese);
    assert_eq!(app.ui_state().language.as_deref(), Some("zh-CN"));
    // What `qlake --lang en` does after restoring the state: this run reads English, the kept choice stays.
    app.set_language(Lang::English);
    assert_eq!(app.ui_state().language.as_deref(), Some("zh-CN"));
    let screen = press_keys(&engine, &mut app, ": lang <space> fr <enter>");
    assert!(screen.contains("no language `fr`"), "{screen}");
    press_keys(&engine, &mut app, ": lang <enter>");
    assert_eq!(app.language(), Lang::Chinese);
    press_keys(&engine, &mut app, ": pane <space> 评价 <enter>");
    assert_eq!(app.pane(), qlake::tui::app::Pane::RATINGS);
    press_keys(&engine, &mut app, ": pane <space> Funding <enter>");
    assert_eq!(app.pane(), qlake::tui::app::Pane::FUNDING);
}

/// clap's own usage errors read in Chinese too, with the same exit code as in English.
#[test]
fn usage_errors_read_in_the_readers_language() {
    let home = tempfile::tempdir().expect("tempdir");
    let run = |lang: &str, args: &[&str]| {
        let out = qlake(home.path())
            .args(["--lang", lang])
            .args(args)
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for (args, zh_says, en_says) in [
        (
            vec!["nosuch"],
            "没有 'nosuch' 这个子命令",
            "unrecognized subcommand 'nosuch'",
        ),
        (
            vec!["query", "list", "--nosuch"],
            "无法识别的参数 '--nosuch'",
            "unexpected argument '--nosuch'",
        ),
        (
            vec!["query", "run"],
            "缺少必需的参数",
            "required arguments were not provided",
        ),
        (
            vec!["tui", "--size", "big"],
            "'--size <SIZE>' 的值 'big' 无效",
            "invalid value 'big'",
        ),
    ] {
        let (zh_code, zh) = run("zh", &args);
        let (en_code, en) = run("en", &args);
        assert_eq!((zh_code, en_code), (Some(2), Some(2)), "{args:?}");
        assert!(
            zh.contains(zh_says) && zh.contains("--help"),
            "{args:?}: {zh}"
        );
        assert!(en.contains(en_says), "{args:?}: {en}");
    }
}

/// A value is given as people read it: a vocabulary's Chinese word picks its value (`链主` chain master, `贷款` loan,
/// `单项` item, `優秀` in either script), and the rows are the same as with the lake's own value.
#[test]
fn a_value_may_be_given_in_chinese() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = sample_lake_dir();
    let rows = |args: &[&str]| {
        let args: Vec<&str> = ["query", "run"]
            .into_iter()
            .chain(args.iter().copied())
            .chain(["-f", "csv"])
            .collect();
        crate::support::stdout_of(home.path(), &lake, None, &args)
    };
    for (chinese, english) in [
        (
            vec![
                "enterprises-of-chain",
                "-p",
                "chain_id=LN-CH-SYN-02",
                "-p",
                "role=链主",
            ],
            vec![
                "enterprises-of-chain",
                "-p",
                "chain_id=LN-CH-SYN-02",
                "-p",
                "role=chain master",
            ],
        ),
        (
            vec!["ratings-by-year", "-p", "rating=優秀"],
            vec!["ratings-by-year", "-p", "rating=excellent"],
        ),
        (
            vec![
                "funding-items",
                "-p",
                "province=湖北",
                "-p",
                "year=2024",
                "-p",
                "kind=贷款",
                "-p",
                "scope=单项",
                "-p",
                "class=信贷",
            ],
            vec![
                "funding-items",
                "-p",
                "province=CN-HB",
                "-p",
                "year=2024",
                "-p",
                "kind=loan",
                "-p",
                "scope=item",
                "-p",
                "class=credit",
            ],
        ),
    ] {
        let (zh, en) = (rows(&chinese), rows(&english));
        assert!(en.lines().count() > 1, "{english:?} gives rows:\n{en}");
        assert_eq!(zh, en, "{chinese:?}");
    }
}

/// `i` on the saved-query list has no row to trace: it says so instead of opening the overview's sentences (found
/// in the supervisor's trial).
#[test]
fn where_from_on_the_query_list_opens_nothing() {
    let engine = sample_engine();
    let mut app = app_in(Lang::Chinese, (100, 30));
    let screen = press_keys(&engine, &mut app, "4 i");
    assert!(app.layers().is_empty(), "{screen}");
    assert!(screen.contains("没有出处列"), "{screen}");
}
