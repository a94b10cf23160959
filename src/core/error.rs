//! Errors a user can act on. Each names what failed (file, query, parameter, column) and the CLI maps it to an
//! exit code.

use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a file could not be read or written: the words, and the operating system's error where there is one.
pub struct IoCause {
    message: String,
    source: Option<std::io::Error>,
}

impl From<std::io::Error> for IoCause {
    fn from(e: std::io::Error) -> IoCause {
        IoCause {
            message: e.to_string(),
            source: Some(e),
        }
    }
}

/// Causes that are words only (a limit, a format's complaint): no source to keep.
macro_rules! worded_causes {
    ($($t:ty),* $(,)?) => {
        $(impl From<$t> for IoCause {
            fn from(e: $t) -> IoCause {
                IoCause {
                    message: e.to_string(),
                    source: None,
                }
            }
        })*
    };
}

worded_causes!(String, &str, &String, serde_json::Error, duckdb::Error);

/// What happened, whatever the words: the kinds the CLI's exit codes and the TUI's answers are decided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The read-only gate, or DuckDB's lock-down, refused the statement.
    Refused,
    /// Cancelled by the user (Ctrl+C, Esc): not a failure to report.
    Cancelled,
    /// No lake where one was looked for.
    NotFound,
    /// A file could not be read or written.
    Io,
    /// The engine failed the query.
    Engine,
    /// The command line or a parameter was misused.
    Usage,
    /// Bad input: a file, a value, a query file.
    Invalid,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", lake_not_found_text(.path, .reason))]
    LakeNotFound { path: PathBuf, reason: String },

    /// qlake's read-only gate refused the statement before DuckDB saw it.
    #[error("{}", refused_text(.reason))]
    Refused { reason: String },

    /// DuckDB's own lock-down (its allowed paths, external access off, a locked configuration) refused what the
    /// statement tried.
    #[error("{}", locked_down_text(.context, .message))]
    LockedDown { context: String, message: String },

    #[error("{context}: {message}")]
    Query { context: String, message: String },

    #[error("{path}: {message}")]
    Io {
        path: PathBuf,
        message: String,
        /// The operating system's error, where there was one: kept, not only its words.
        #[source]
        source: Option<std::io::Error>,
    },

    #[error("{0}")]
    Usage(String),

    #[error("{}", interrupted_text())]
    Interrupted,

    #[error("{0}")]
    Invalid(String),
}

// The sentences of the variants above, in the process's language (`errors.ftl`).

fn lake_not_found_text(path: &Path, reason: &str) -> String {
    let lang = crate::i18n::process_lang();
    crate::tr!(
        lang,
        "err-lake-not-found",
        path = path.display().to_string(),
        reason = reason
    )
}

fn refused_text(reason: &str) -> String {
    let lang = crate::i18n::process_lang();
    crate::tr!(lang, "err-refused", reason = reason)
}

fn locked_down_text(context: &str, message: &str) -> String {
    let lang = crate::i18n::process_lang();
    crate::tr!(
        lang,
        "err-locked-down",
        context = context,
        message = message
    )
}

fn interrupted_text() -> String {
    let lang = crate::i18n::process_lang();
    crate::tr!(lang, "err-interrupted")
}

impl Error {
    /// A file that could not be read or written; an `std::io::Error` given as the cause is kept as the source.
    pub fn io(path: &Path, cause: impl Into<IoCause>) -> Error {
        let cause = cause.into();
        Error::Io {
            path: path.to_path_buf(),
            message: cause.message,
            source: cause.source,
        }
    }

    pub fn query(context: impl Into<String>, e: impl std::fmt::Display) -> Error {
        let message = e.to_string();
        if is_interrupt(&message) {
            return Error::Interrupted;
        }
        Error::Query {
            context: context.into(),
            message: without_setting_advice(&with_spill_hint(message)),
        }
    }

    /// What kind of failure this is: the front ends decide by it (an exit code, a cancelled job, a refusal shown
    /// as one), never by the error's words, which are the reader's language and may quote a cell.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Refused { .. } | Error::LockedDown { .. } => ErrorKind::Refused,
            Error::Interrupted => ErrorKind::Cancelled,
            Error::LakeNotFound { .. } => ErrorKind::NotFound,
            Error::Io { .. } => ErrorKind::Io,
            Error::Query { .. } => ErrorKind::Engine,
            Error::Usage(_) => ErrorKind::Usage,
            Error::Invalid(_) => ErrorKind::Invalid,
        }
    }

    /// The process exit code of the CLI contract: 1 query or data error, 2 usage error, 130 interrupted.
    pub fn exit_code(&self) -> i32 {
        match self.kind() {
            ErrorKind::Usage => 2,
            ErrorKind::Cancelled => 130,
            _ => 1,
        }
    }
}

/// DuckDB's errors advise a `SET` (`max_expression_depth`, `lambda_syntax`, auto-loading extensions) that qlake's
/// locked configuration refuses: that advice is replaced by what is true in qlake.
pub(crate) fn without_setting_advice(message: &str) -> String {
    let mut removed = false;
    let mut lines = Vec::new();
    for line in message.lines() {
        let advice = line.trim_start();
        if advice.starts_with("SET ")
            || advice.starts_with("Use SET ")
            || advice.starts_with("Alternatively, consider enabling auto-install")
        {
            removed = true;
            continue;
        }
        match line.find("Use \"SET ") {
            Some(start) => {
                removed = true;
                let rest = &line[start..];
                // The sentence ends at the first full stop after the quoted command.
                let end = rest[1..]
                    .find('"')
                    .and_then(|q| rest[q + 2..].find('.').map(|d| q + 2 + d + 1))
                    .unwrap_or(rest.len());
                lines.push(format!("{}{}", &line[..start], rest[end..].trim_start()));
            }
            None => lines.push(line.to_string()),
        }
    }
    if !removed {
        return message.to_string();
    }
    let mut out = lines.join("\n");
    let lang = crate::i18n::process_lang();
    out.push('\n');
    out.push_str(&crate::tr!(lang, "err-setting-advice-removed"));
    out
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
        let lang = crate::i18n::process_lang();
        let hint = crate::tr!(lang, "err-spill-hint");
        format!("{said}\n{hint}")
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
    fn an_io_error_keeps_the_operating_systems_error_as_its_source() {
        use std::error::Error as _;
        let missing = std::fs::read("/nonexistent/qlake/file").expect_err("no such file");
        let e = Error::io(Path::new("/nonexistent/qlake/file"), missing);
        let source = e.source().and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(
            source.map(std::io::Error::kind),
            Some(std::io::ErrorKind::NotFound)
        );
        assert!(
            e.to_string().starts_with("/nonexistent/qlake/file: "),
            "{e}"
        );
        // Words alone keep no source.
        assert!(Error::io(Path::new("/f"), "too large").source().is_none());
        // A real path through the core: a query file that cannot be read.
        let dir = std::env::temp_dir().join(format!("qlake-source-{}", std::process::id()));
        let e = crate::core::config::read_small_file(&dir.join("gone.sql"), 1024)
            .map_err(|e| Error::io(&dir.join("gone.sql"), e))
            .expect_err("missing");
        assert!(e.source().is_some(), "{e:?}");
    }

    #[test]
    fn every_error_has_its_kind_and_the_exit_code_follows_the_kind() {
        let cases = [
            (Error::Refused { reason: "x".into() }, ErrorKind::Refused, 1),
            (
                Error::LockedDown {
                    context: "c".into(),
                    message: "m".into(),
                },
                ErrorKind::Refused,
                1,
            ),
            (Error::Interrupted, ErrorKind::Cancelled, 130),
            (
                Error::LakeNotFound {
                    path: "/l".into(),
                    reason: "r".into(),
                },
                ErrorKind::NotFound,
                1,
            ),
            (Error::io(Path::new("/f"), "gone"), ErrorKind::Io, 1),
            (Error::query("q", "Binder Error: x"), ErrorKind::Engine, 1),
            (Error::Usage("u".into()), ErrorKind::Usage, 2),
            (Error::Invalid("i".into()), ErrorKind::Invalid, 1),
            // DuckDB's interrupt is a cancellation by its kind, whatever words follow.
            (
                Error::query("q", "INTERRUPT Error: Interrupted!"),
                ErrorKind::Cancelled,
                130,
            ),
        ];
        for (error, kind, code) in cases {
            assert_eq!(error.kind(), kind, "{error:?}");
            assert_eq!(error.exit_code(), code, "{error:?}");
        }
    }

    #[test]
    fn duckdbs_advice_to_set_something_is_replaced() {
        let depth = without_setting_advice(
            "Parser Error: Max expression depth limit of 1000 exceeded. Use \"SET max_expression_depth TO x\" to \
             increase the maximum expression depth.\n\nLINE 1: select",
        );
        assert!(!depth.contains("SET "), "{depth}");
        assert!(depth.starts_with("Parser Error: Max expression depth limit of 1000 exceeded. "));
        assert!(depth.contains("LINE 1: select"));
        assert!(depth.contains("qlake's settings are locked"));
        let lambda = without_setting_advice(
            "Binder Error: Deprecated lambda arrow (->) detected.\nUse SET lambda_syntax='ENABLE_SINGLE_ARROW' to \
             revert.\nFor more information, see https://duckdb.org.",
        );
        assert!(!lambda.contains("SET "), "{lambda}");
        assert!(lambda.contains("For more information"));
        assert_eq!(
            without_setting_advice("Binder Error: no"),
            "Binder Error: no"
        );
    }

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
