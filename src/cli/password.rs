//! The engine password asked on the terminal (raw mode, nothing echoed): the CLI's, registered with the core at
//! start, so the core itself never touches a terminal.

use crate::core::error::{Error, Result};

/// Reads a line from the terminal without echoing it.
pub(crate) fn ask_password(prompt: &str) -> Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    use std::io::{IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            crate::core::remote::NO_TERMINAL_FOR_PASSWORD.into(),
        ));
    }
    let mut stderr = std::io::stderr();
    let _ = write!(stderr, "{prompt}");
    let _ = stderr.flush();
    crossterm::terminal::enable_raw_mode().map_err(|e| Error::Invalid(e.to_string()))?;
    let mut password = String::new();
    let outcome = loop {
        match read() {
            Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => match key.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(Error::Interrupted);
                }
                KeyCode::Char(c) => password.push(c),
                KeyCode::Backspace => {
                    password.pop();
                }
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(Error::Invalid(e.to_string())),
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = writeln!(stderr);
    outcome.map(|()| password)
}
