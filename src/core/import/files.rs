//! The file's identity: hashing it as it is read, and the source documents an import may cite.

use super::*;

/// The SHA-256 the log keeps of what is imported: given, or being read on a thread of its own.
pub(super) enum Hashing {
    Known(String),
    Running(std::thread::JoinHandle<Result<String>>),
}

pub(super) fn hashing_failed() -> Error {
    let lang = crate::i18n::process_lang();
    Error::Invalid(crate::tr!(lang, "err-import-hashing-failed"))
}

pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The SHA-256 of an opened file from its start, read in blocks (a large import is never held whole in memory for
/// this) with a position of its own, so it never moves another reader of the descriptor.
pub(super) fn file_sha256(file: &File, path: &Path) -> Result<String> {
    let mut reader = limits::At::new(file);
    let mut hasher = sha2::Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    loop {
        let n = reader.read(&mut block).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// The SHA-256 of bytes in memory (a registered document's text).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha2::Sha256::digest(bytes))
}

pub(super) use crate::core::schema_verdicts::hex;

/// A document's text for `lake add-source`: a regular file within its limit (`QLAKE_SOURCE_MAX_BYTES`), read once.
pub(crate) fn read_source_document(path: &Path) -> Result<Vec<u8>> {
    let limit = limits::Limit::from_env(limits::SOURCE_LIMIT_VAR, limits::SOURCE_LIMIT)?;
    limits::read_regular(path, limit, "a document to register")
}
