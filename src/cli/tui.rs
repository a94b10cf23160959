//! `qlake tui`: the dashboard on the terminal, or headless with keys given and the last screen printed.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::core::error::{Error, Result};
use crate::core::queries;

use super::{QueryTarget, saved_queries};

pub(super) fn run_tui(
    target: &QueryTarget,
    headless: bool,
    size: (u16, u16),
    keys: &str,
    lang_given: bool,
) -> Result<i32> {
    use crate::tui::{keymap, view::Theme};

    let lang = crate::i18n::process_lang();
    let keys = keymap::parse_script(keys)
        .map_err(|e| Error::Usage(crate::tr!(lang, "cli-keys-invalid", error = e)))?;
    if !headless && !std::io::stdout().is_terminal() {
        return Err(Error::Usage(crate::tr!(lang, "cli-tui-needs-terminal")));
    }
    let (_, config) = crate::core::config::load()?;
    let keymap = crate::tui::panes::keymap(&config.keys).map_err(Error::Invalid)?;
    // The state folder must exist before the sandbox is set up, or the sandbox would not let the state be kept.
    if !headless && let Some(state) = crate::core::config::dirs().state {
        let _ = std::fs::create_dir_all(state);
    }
    let engine = target.open_deferred("tui", crate::core::sandbox::Exports::Anywhere)?;
    let library = saved_queries().for_engine(engine.dialect());
    let mut app = crate::tui::panes::new_app(library, keymap, engine.source(), size);
    app.language = lang;
    // Before the last run's state comes back, so what it restores is checked against this engine.
    app.use_engine(engine.dialect());
    let dirs = crate::core::config::dirs();
    app.files.user_queries = queries::user_dir();
    let theme = Theme {
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && !headless,
        // Box drawing and block marks only where the terminal can show them (not with LANG=C or TERM=linux).
        ascii: !headless && !Theme::unicode_terminal(),
    };
    if headless {
        let screen = crate::tui::run_headless(engine.as_ref(), &mut app, &keys, &theme)?;
        std::io::stdout()
            .write_all(screen.as_bytes())
            .map_err(|e| Error::io(Path::new("stdout"), e))?;
        super::report_peak_memory();
        return Ok(0);
    }
    if let Some(data) = dirs.data {
        let file = data.join("history.jsonl");
        let statements = crate::tui::effect::read_history(&file);
        app.set_history(Some(file), statements);
    }
    // The pane, language and filters of the last run come back.
    let state_file = dirs.state.as_ref().map(|d| d.join("tui.json"));
    if let Some(state) = state_file
        .as_deref()
        .and_then(crate::tui::effect::read_state)
    {
        app.restore(state);
    }
    // `--lang` for this run wins over the language last chosen in the TUI (which is still kept).
    if lang_given {
        app.language = lang;
    }
    // The mouse is the TUI's unless the config file or QLAKE_MOUSE=0 leaves it to the terminal (to select text).
    let mouse =
        config.mouse.unwrap_or(true) && std::env::var_os("QLAKE_MOUSE").is_none_or(|v| v != "0");
    let app = crate::tui::run_terminal(engine.as_ref(), app, &theme, mouse)?;
    if let Some(file) = &state_file {
        crate::tui::effect::write_state(file, &app.ui_state());
    }
    Ok(0)
}
