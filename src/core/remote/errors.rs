//! An engine's failures in words: the chain of causes, the transport's errors as people read them, and credentials (a password asked through the front end's prompt, never a terminal of the core's).

use super::*;

/// An error with the reasons under it ("transport error: … Connection refused"): the top line alone says too little.
pub(super) fn causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut under = e.source();
    while let Some(cause) = under {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        under = cause.source();
    }
    text
}

/// One line: what failed, at which engine, and the deepest reason the transport gives.
pub(super) fn remote_error(url: &str, doing: &str, e: impl std::fmt::Display) -> Error {
    let message = e.to_string().replace('\n', " ");
    let message = transport_in_words(message.trim());
    Error::Query {
        context: format!("engine {url}: {doing}"),
        message,
    }
}

/// What a raw transport failure means to a user, with the transport's own words after it.
pub(super) fn transport_in_words(message: &str) -> String {
    let meaning = [
        (
            "KeepAliveTimedOut",
            "the engine stopped answering (no reply to a keepalive ping in 20 s)",
        ),
        (
            "too_many_pings",
            "the engine closed the connection: it allows fewer keepalive pings",
        ),
        ("BrokenPipe", "the connection to the engine was closed"),
        ("Connection reset", "the connection to the engine was reset"),
        ("Connection refused", "nothing answers at this address"),
    ]
    .iter()
    .find(|(raw, _)| message.contains(raw))
    .map(|(_, meaning)| *meaning);
    match meaning {
        Some(meaning) => format!("{meaning} ({message})"),
        None => message.to_string(),
    }
}

/// The user and password, when a user is given: from the environment, or the password asked on the terminal.
pub(super) fn credentials(url: &str) -> Result<Option<(String, String)>> {
    let Some(user) = std::env::var("QLAKE_ENGINE_USER")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return Ok(None);
    };
    if let Ok(password) = std::env::var("QLAKE_ENGINE_PASSWORD") {
        return Ok(Some((user, password)));
    }
    let password = ask_password(&format!("password for {user} at {url}: "))?;
    Ok(Some((user, password)))
}

/// Why no password could be had.
pub const NO_TERMINAL_FOR_PASSWORD: &str =
    "QLAKE_ENGINE_USER is set but QLAKE_ENGINE_PASSWORD is not, and there is no terminal to ask on";

/// How a password is asked when the environment gives none: the front end that has a terminal registers it (the
/// core knows no terminal). Without one, a user with no password is refused.
pub(super) static ASK_PASSWORD: std::sync::OnceLock<fn(&str) -> Result<String>> =
    std::sync::OnceLock::new();

/// Registers the front end's way of asking a password on its terminal (the CLI's, at start).
pub fn ask_passwords_with(ask: fn(&str) -> Result<String>) {
    let _ = ASK_PASSWORD.set(ask);
}

pub(super) fn ask_password(prompt: &str) -> Result<String> {
    match ASK_PASSWORD.get() {
        Some(ask) => ask(prompt),
        None => Err(Error::Usage(NO_TERMINAL_FOR_PASSWORD.into())),
    }
}
