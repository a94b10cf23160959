//! Long user statements the gate refused, remembered by content: one hostile file in the queries folder costs the
//! parse once, not at every start. Only refusals are remembered, so nothing in this memo can let a statement through;
//! an entry is keyed by qlake's version and the statement's SHA-256, so a new gate judges every text again.

use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Shorter statements are parsed every time: it costs less than reading the memo.
pub const REMEMBER_ABOVE: usize = 64 * 1024;

/// The newest entries kept.
const KEPT: usize = 64;

fn memo() -> PathBuf {
    crate::core::config::dirs().cache.join("refused-statements")
}

fn key(text: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update([0]);
    // The reason is remembered as it was said: a run in the other language says it again in its own.
    hasher.update(crate::i18n::process_lang().tag().as_bytes());
    hasher.update([0]);
    hasher.update(text.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn entries() -> Vec<(String, String)> {
    crate::core::config::read_small_file(&memo(), 256 * 1024)
        .map(|text| {
            text.lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The gate's reason for refusing `text` before, if it did. A remembered reason is shown to the user, so one holding
/// a control character (not a reason qlake wrote: it writes them on one line) is not taken; the text is parsed again.
pub fn recall(text: &str) -> Option<String> {
    let key = key(text);
    entries()
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .filter(|v| !v.chars().any(char::is_control))
}

/// Remember that the gate refused `text` for `reason`. Best effort: a memo that cannot be written costs a parse.
pub fn remember(text: &str, reason: &str) {
    let key = key(text);
    let mut entries: Vec<(String, String)> =
        entries().into_iter().filter(|(k, _)| *k != key).collect();
    entries.push((key, reason.replace(['\n', '\r', '\t'], " ")));
    let start = entries.len().saturating_sub(KEPT);
    let text: String = entries[start..]
        .iter()
        .map(|(k, v)| format!("{k}\t{v}\n"))
        .collect();
    let path = memo();
    let partial = path.with_extension(format!("part-{}", std::process::id()));
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if std::fs::write(&partial, text).is_ok() && std::fs::rename(&partial, &path).is_err() {
        let _ = std::fs::remove_file(&partial);
    }
}
