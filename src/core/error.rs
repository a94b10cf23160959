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
        if message.contains("INTERRUPT") || message.contains("Interrupted") {
            return Error::Interrupted;
        }
        Error::Query {
            context: context.into(),
            message,
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
