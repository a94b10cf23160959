//! What an import may read: regular files only, each opened once and judged by the descriptor it was opened as (a
//! FIFO, a device, a socket or a folder is refused before a byte is read), and no larger than a limit per kind of
//! file, named with the size in the refusal.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::{FileExt, FileTypeExt, OpenOptionsExt};
use std::path::Path;

use crate::core::error::{Error, Result};
use crate::core::info::human_bytes;

/// Raises (or lowers) the size limit of every file `lake import` reads.
pub const IMPORT_LIMIT_VAR: &str = "QLAKE_IMPORT_MAX_BYTES";
/// Raises (or lowers) the size limit of a document `lake add-source` registers.
pub const SOURCE_LIMIT_VAR: &str = "QLAKE_SOURCE_MAX_BYTES";

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

/// CSV, TSV and Parquet files are read by DuckDB in buffers, so memory stays flat at any size; the limit only keeps
/// a mistaken path (a disk image, a sparse file) from being read for hours.
pub const TABLE_FILE_LIMIT: u64 = 64 * GIB;
/// JSON and JSONL files are parsed whole, into values that take up to about 90× the file's size in memory (a file
/// of many small records), so the bound is low: 32 MiB is about 3 GB at worst. A CSV has no such bound.
pub const JSON_LIMIT: u64 = 32 * MIB;
/// A workbook is a zip file; its sheets are streamed, its shared strings held (see [`XLSX_PART_LIMIT`]).
pub const XLSX_LIMIT: u64 = 256 * MIB;
/// A document's text for `lake add-source`: a notice is kilobytes, a long regulation a few megabytes.
pub const SOURCE_LIMIT: u64 = 8 * MIB;
/// The lake's own registered texts (`_sources/*.txt`), read by every import to check quotes.
pub const LAKE_TEXT_LIMIT: u64 = 256 * MIB;

/// Columns of a file to import: a contract table has a few dozen; a header of thousands is not a table's.
pub const MAX_COLUMNS: usize = 1024;
/// Rows of a worksheet: Excel's own maximum.
pub const XLSX_MAX_ROWS: u64 = 1_048_576;
/// Cells of a worksheet, as declared by its dimension or as found: 1,048,576 rows of 64 columns.
pub const XLSX_MAX_CELLS: u64 = 64 * 1_048_576;
/// What a workbook's parts unpack to, as the zip declares (the zip reader then holds them to it): the shared strings
/// and styles are held in memory.
pub const XLSX_PART_LIMIT: u64 = GIB;
/// A worksheet's XML is streamed, one cell at a time; this bounds the time, and the largest single element.
pub const XLSX_SHEET_PART_LIMIT: u64 = 4 * GIB;

/// Open `path` for reading, refusing anything but a regular file of at most `limit` bytes (`what` says what the file
/// is for in the message, e.g. "a CSV file to import"; `var` is the variable that sets the limit). The descriptor is
/// opened non-blocking, so a FIFO is refused at once instead of waiting for a writer, and judged by `fstat`, so the
/// file checked is the file read.
pub fn open_regular(path: &Path, limit: Limit, what: &str) -> Result<File> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| match std::fs::metadata(path) {
            // A socket cannot be opened at all (ENXIO): say what it is rather than "no such device".
            Ok(meta) if !meta.is_file() => not_regular(path, &meta, what),
            _ => Error::io(path, e),
        })?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(not_regular(path, &meta, what));
    }
    let size = meta.len();
    if size > limit.bytes {
        return Err(too_large(path, size, limit, what));
    }
    Ok(file)
}

/// The bytes of a regular file of at most `limit` bytes, read from the descriptor it was checked by (a file that grows
/// while it is read is cut at the limit and refused).
pub fn read_regular(path: &Path, limit: Limit, what: &str) -> Result<Vec<u8>> {
    let file = open_regular(path, limit, what)?;
    read_all(&file, path, limit, what)
}

/// Every byte of an opened file, from its start, refused beyond `limit`.
pub fn read_all(file: &File, path: &Path, limit: Limit, what: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    At::new(file)
        .take(limit.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_large(path, bytes.len() as u64, limit, what));
    }
    Ok(bytes)
}

/// A size limit, and where it came from (a default, or the variable that set it).
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub bytes: u64,
    /// The environment variable that raises it.
    pub var: &'static str,
    /// Whether the variable set it.
    pub from_var: bool,
}

impl Limit {
    /// `default`, unless `var` gives another size (a number of bytes, or with KiB, MiB, GiB or TiB).
    pub fn from_env(var: &'static str, default: u64) -> Result<Limit> {
        match std::env::var(var) {
            Ok(value) if !value.trim().is_empty() => {
                match crate::core::config::parse_size(&value) {
                    Some(bytes) => Ok(Limit {
                        bytes,
                        var,
                        from_var: true,
                    }),
                    None => {
                        let lang = crate::i18n::process_lang();
                        Err(Error::Usage(crate::tr!(
                            lang,
                            "core-file-not-a-size",
                            var = var,
                            value = format!("{value:?}")
                        )))
                    }
                }
            }
            _ => Ok(Limit {
                bytes: default,
                var,
                from_var: false,
            }),
        }
    }

    /// A fixed limit, which no variable raises.
    pub const fn fixed(bytes: u64) -> Limit {
        Limit {
            bytes,
            var: "",
            from_var: false,
        }
    }
}

/// What a file is for (`what`, as the callers say it in English), in `lang`; a phrase this file does not know is
/// shown as it is.
fn what_in(lang: crate::i18n::Lang, what: &str) -> String {
    match what {
        "a CSV file to import" => crate::tr!(lang, "core-what-csv"),
        "a TSV file to import" => crate::tr!(lang, "core-what-tsv"),
        "a Parquet file to import" => crate::tr!(lang, "core-what-parquet"),
        "a JSON file to import" => crate::tr!(lang, "core-what-json"),
        "a JSONL file to import" => crate::tr!(lang, "core-what-jsonl"),
        "a workbook to import" => crate::tr!(lang, "core-what-workbook"),
        "a document to register" => crate::tr!(lang, "core-what-document"),
        "a registered document's text (all the lake's texts together)" => {
            crate::tr!(lang, "core-what-lake-texts")
        }
        "the lake's import log" => crate::tr!(lang, "core-what-import-log"),
        other => other.to_string(),
    }
}

fn not_regular(path: &Path, meta: &std::fs::Metadata, what: &str) -> Error {
    let lang = crate::i18n::process_lang();
    let kind = meta.file_type();
    let is = if kind.is_fifo() {
        crate::tr!(lang, "core-file-kind-fifo")
    } else if kind.is_char_device() {
        crate::tr!(lang, "core-file-kind-char-device")
    } else if kind.is_block_device() {
        crate::tr!(lang, "core-file-kind-block-device")
    } else if kind.is_socket() {
        crate::tr!(lang, "core-file-kind-socket")
    } else if kind.is_dir() {
        crate::tr!(lang, "core-file-kind-folder")
    } else {
        crate::tr!(lang, "core-file-kind-other")
    };
    Error::Usage(crate::tr!(
        lang,
        "core-file-not-regular",
        file = path.display().to_string(),
        kind = is,
        what = what_in(lang, what)
    ))
}

fn too_large(path: &Path, size: u64, limit: Limit, what: &str) -> Error {
    let lang = crate::i18n::process_lang();
    let raise = if limit.var.is_empty() {
        String::new()
    } else if limit.from_var {
        crate::tr!(
            lang,
            "core-file-raise-limit",
            var = limit.var,
            suggested = suggested(size)
        )
    } else {
        crate::tr!(
            lang,
            "core-file-give-limit",
            var = limit.var,
            suggested = suggested(size)
        )
    };
    Error::Usage(crate::tr!(
        lang,
        "core-file-too-large",
        file = path.display().to_string(),
        size = size.to_string(),
        size_human = human_bytes(size),
        limit = limit.bytes.to_string(),
        limit_human = human_bytes(limit.bytes),
        what = what_in(lang, what),
        raise = raise
    ))
}

/// A round size at least `size`, to suggest as a limit.
fn suggested(size: u64) -> String {
    if size < GIB {
        format!("{}MiB", size.div_ceil(MIB).max(1).next_power_of_two())
    } else {
        format!("{}GiB", size.div_ceil(GIB).next_power_of_two())
    }
}

/// A reader over an opened file that keeps a position of its own (`pread`), so readers of the same descriptor never
/// move each other: the hash, a transcoding and a parser can each read the file from its start.
pub struct At<'a> {
    file: &'a File,
    pos: u64,
}

impl<'a> At<'a> {
    pub fn new(file: &'a File) -> At<'a> {
        At { file, pos: 0 }
    }
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for At<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let moved = |base: u64, by: i64| {
            base.checked_add_signed(by).ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "seek before the start of the file",
                )
            })
        };
        self.pos = match to {
            SeekFrom::Start(n) => n,
            SeekFrom::Current(by) => moved(self.pos, by)?,
            SeekFrom::End(by) => moved(self.file.metadata()?.len(), by)?,
        };
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_in_binary_units() {
        assert_eq!(crate::core::config::parse_size("1000"), Some(1000));
        assert_eq!(crate::core::config::parse_size("2KiB"), Some(2048));
        assert_eq!(
            crate::core::config::parse_size(" 512 MiB "),
            Some(512 * MIB)
        );
        assert_eq!(crate::core::config::parse_size("3G"), Some(3 * GIB));
        assert_eq!(crate::core::config::parse_size("1tb"), Some(1024 * GIB));
        for bad in [
            "",
            "lots",
            "-1",
            "1.5GiB",
            "2 parsecs",
            "99999999999999999999",
            "1GiB; x",
        ] {
            assert_eq!(crate::core::config::parse_size(bad), None, "{bad}");
        }
        assert_eq!(crate::core::config::parse_size("99999999999TiB"), None);
    }

    #[test]
    fn special_files_and_large_files_are_refused_by_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.csv");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let limit = Limit::fixed(10);
        let e = open_regular(&fifo, limit, "a file to import")
            .err()
            .unwrap();
        assert!(e.to_string().contains("is a named pipe (FIFO)"), "{e}");
        let e = open_regular(Path::new("/dev/zero"), limit, "a file")
            .err()
            .unwrap();
        assert!(e.to_string().contains("is a character device"), "{e}");
        let e = open_regular(dir.path(), limit, "a file").err().unwrap();
        assert!(e.to_string().contains("is a folder"), "{e}");
        let big = dir.path().join("big.csv");
        std::fs::write(&big, "0123456789A").unwrap();
        let e = open_regular(&big, limit, "a CSV file").err().unwrap();
        assert!(
            e.to_string()
                .contains("11 bytes (11 B) is larger than the limit of 10 bytes"),
            "{e}"
        );
        let small = dir.path().join("small.csv");
        std::fs::write(&small, "0123456789").unwrap();
        assert_eq!(
            read_regular(&small, limit, "a CSV file").unwrap(),
            b"0123456789"
        );
    }

    #[test]
    fn readers_of_one_descriptor_keep_their_own_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "abcdef").unwrap();
        let file = File::open(&path).unwrap();
        let (mut a, mut b) = (At::new(&file), At::new(&file));
        let mut two = [0u8; 2];
        a.read_exact(&mut two).unwrap();
        assert_eq!(&two, b"ab");
        b.read_exact(&mut two).unwrap();
        assert_eq!(&two, b"ab");
        a.seek(SeekFrom::End(-1)).unwrap();
        a.read_exact(&mut two[..1]).unwrap();
        assert_eq!(two[0], b'f');
    }
}
