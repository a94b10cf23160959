//! Errors a user can act on. Each names what failed (file, query, parameter, column) and the CLI maps it to an
//! exit code.

use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("lake folder {path}: {reason}")]
    LakeNotFound { path: PathBuf, reason: String },

    #[error("refused: {reason}")]
    Refused { reason: String },

    #[error("{context}: {message}")]
    Query { context: String, message: String },

    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },

    #[error("{0}")]
    Usage(String),

    #[error("interrupted")]
    Interrupted,

    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub fn io(path: &Path, e: impl std::fmt::Display) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }

    pub fn query(context: impl Into<String>, e: impl std::fmt::Display) -> Error {
        let message = e.to_string();
        if is_interrupt(&message) {
            return Error::Interrupted;
        }
        Error::Query {
            context: context.into(),
            message: with_spill_hint(message),
        }
    }

    /// The process exit code of the CLI contract: 1 query or data error, 2 usage error, 130 interrupted.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Interrupted => 130,
            _ => 1,
        }
    }
}

/// A query that hit qlake's spill cap is told what to do about it: DuckDB's text names a setting the user cannot
/// change (the configuration is locked).
fn with_spill_hint(message: String) -> String {
    if message.contains("max_temp_directory_size") {
        // DuckDB's own advice names a setting qlake's locked configuration refuses.
        let said = message
            .split("This limit was set by")
            .next()
            .unwrap_or(&message)
            .trim_end();
        format!(
            "{said}\nThe query needs more temporary disk space than qlake lets one process use (a quarter of the \
             free disk by default, so one query cannot fill a shared disk): narrow the query, or raise the cap with \
             QLAKE_MAX_TEMP=40GiB or max_temp in the config file."
        )
    } else {
        message
    }
}

/// DuckDB names the kind of every error first (`INTERRUPT Error: Interrupted!`); the kind decides, never words
/// inside the message, which may quote a cell value such as 'Interrupted'.
fn is_interrupt(message: &str) -> bool {
    message.trim_start().starts_with("INTERRUPT Error")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interrupts_are_told_by_kind_not_by_text() {
        assert!(matches!(
            Error::query("q", "INTERRUPT Error: Interrupted!"),
            Error::Interrupted
        ));
        assert!(matches!(
            Error::query(
                "q",
                "Conversion Error: Could not convert string 'Interrupted' to INT32"
            ),
            Error::Query { .. }
        ));
    }
}
