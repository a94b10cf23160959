//! The terminal dashboard: the app state and its update functions (`app`), the one layout (`layout`), the view
//! (`view`), the grid, the keymap, jobs for DuckDB and the request tracker, the effects the app asks for, and two
//! runners that perform them — the real terminal with worker threads (`terminal`) and a headless session that runs
//! every job until idle (`session`, used by tests, the benchmark and `qlake tui --headless`).

pub mod app;
pub mod effect;
pub mod field;
pub mod grid;
pub mod jobs;
pub mod keymap;
mod keys_doc;
pub mod pane;
pub mod panes;
pub mod requests;
mod rescue;
pub mod session;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod workers;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::core::error::{Error, Result};
use app::App;
use view::{Theme, render};

pub use keys_doc::keys_markdown;
pub use session::{Effects, Session, run_headless};
pub use terminal::run_terminal;

/// Render the app on a test backend of its size and return the screen, one line per row, trailing spaces cut.
pub fn screen_text(app: &App, theme: &Theme) -> Result<String> {
    let mut terminal = headless_terminal(app.size)?;
    draw_headless(&mut terminal, app, theme).map(buffer_text)
}

/// A terminal without a screen, `size` columns by rows, for [`draw_headless`].
pub fn headless_terminal((width, height): (u16, u16)) -> Result<Terminal<TestBackend>> {
    Terminal::new(TestBackend::new(width, height)).map_err(|e| Error::Invalid(e.to_string()))
}

/// Draw the app on `terminal` as the terminal runner draws it on a real one: the whole app rendered, then only the
/// cells that changed since the last draw written to the backend. Returns the frame as rendered: the test backend
/// does not blank the cell after a wide character as a terminal does, so after a frame of Chinese its own cells can
/// keep an older frame's letters where the screen has none.
pub fn draw_headless<'t>(
    terminal: &'t mut Terminal<TestBackend>,
    app: &App,
    theme: &Theme,
) -> Result<&'t Buffer> {
    terminal
        .draw(|f| render(app, theme, f))
        .map(|frame| frame.buffer)
        .map_err(|e| Error::Invalid(e.to_string()))
}

pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The largest headless screen: far beyond any real terminal, and small enough that its buffers fit in memory.
pub const MAX_SCREEN: (u16, u16) = (2000, 1000);

/// Parse `100x30` (at most [`MAX_SCREEN`]).
pub fn parse_size(text: &str) -> Option<(u16, u16)> {
    let (w, h) = text.split_once(['x', 'X'])?;
    let (w, h): (u16, u16) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    ((1..=MAX_SCREEN.0).contains(&w) && (1..=MAX_SCREEN.1).contains(&h)).then_some((w, h))
}

/// The OSC 52 sequence that puts `text` on the clipboard of the terminal (also across SSH and tmux).
pub fn osc52(text: &str) -> String {
    use base64::Engine as _;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
    )
}
