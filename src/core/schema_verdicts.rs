//! Whether a table's files agree on their columns, from each file's columns remembered in qlake's cache: comparing
//! the 124 footers of the 100M lake's enterprises cost 40-100 ms of every start (docs/performance.md), for an answer
//! that changes only when the files do; and after an import only the new file's footer is read (38 ms → 4 ms at
//! 100M). A file is known by its path, size, inode and change times; one rewritten or replaced is read again.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::core::lake::TableFiles;

/// The folder of the verdicts, one of qlake's own that the sandbox keeps writable (a lake may lie inside the cache
/// folder, as the benchmark's do, where the cache folder itself only takes files linked in).
pub(crate) fn dir(cache: &Path) -> PathBuf {
    cache.join("verdicts")
}

/// At most this many files' columns are remembered (those used last kept): a few national lakes of a few hundred
/// files, each imported into many times.
const REMEMBERED: usize = 16_384;

/// At most this much of the file is read (a line is 130 bytes): a file grown or replaced beyond it costs footers read
/// again, never memory.
const READ_AT_MOST: u64 = 4 << 20;

pub(crate) struct Verdicts {
    file: Option<PathBuf>,
    /// File → the SHA-256 of its columns (names and types, in name order), in the order learnt.
    known: Vec<(String, String)>,
    index: HashMap<String, String>,
    /// The files looked up or learnt in this run: kept last, so that what is forgotten first is what went unused.
    used: std::collections::HashSet<String>,
    learnt: bool,
}

impl Verdicts {
    /// The files' columns kept in qlake's cache folder for this `reading` of a footer (the statement that reads
    /// them): columns read another way are kept in another file, never compared with these.
    pub(crate) fn load(reading: &str) -> Verdicts {
        Verdicts::at(Some(memory_of(
            &dir(&crate::core::config::dirs().cache),
            reading,
        )))
    }

    /// The verdicts kept in `file` (none: nothing is remembered between runs). A missing or unreadable file is an
    /// empty memory: the files' footers are read again, never guessed.
    pub(crate) fn at(file: Option<PathBuf>) -> Verdicts {
        let known: Vec<(String, String)> = file
            .as_deref()
            .and_then(|f| {
                use std::io::Read;
                let mut text = String::new();
                std::fs::File::open(f)
                    .ok()?
                    .take(READ_AT_MOST)
                    .read_to_string(&mut text)
                    .ok()?;
                Some(text)
            })
            .map(|text| {
                text.lines()
                    .filter_map(|line| {
                        let (key, columns) = line.split_once('\t')?;
                        let hex =
                            |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
                        (hex(key) && hex(columns)).then(|| (key.to_string(), columns.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let index = known.iter().cloned().collect();
        Verdicts {
            file,
            known,
            index,
            used: std::collections::HashSet::new(),
            learnt: false,
        }
    }

    /// Whether `table`'s files differ in their columns. The columns of the files not remembered are `read` (each
    /// file's columns as one text, by the file's path); a file they leave out, or a read that fails, makes the table
    /// one whose files differ, so its view reads by name.
    pub(crate) fn differ(
        &mut self,
        table: &TableFiles,
        read: impl FnOnce(&[PathBuf]) -> Option<Vec<(String, String)>>,
    ) -> bool {
        if table.files.len() < 2 {
            return false;
        }
        let mut columns: Vec<Option<String>> = Vec::with_capacity(table.files.len());
        let mut keys = Vec::with_capacity(table.files.len());
        let mut unknown = Vec::new();
        for file in &table.files {
            let key = fingerprint(std::slice::from_ref(file));
            let known = key.as_ref().and_then(|k| self.index.get(k)).cloned();
            if let (Some(key), Some(_)) = (&key, &known) {
                self.used.insert(key.clone());
            }
            if known.is_none() {
                unknown.push(file.clone());
            }
            columns.push(known);
            keys.push(key);
        }
        if !unknown.is_empty() {
            let Some(read) = read(&unknown) else {
                return true;
            };
            let read: HashMap<String, String> = read.into_iter().collect();
            for ((file, key), slot) in table.files.iter().zip(&keys).zip(columns.iter_mut()) {
                if slot.is_some() {
                    continue;
                }
                let Some(text) = read.get(&file.display().to_string()) else {
                    return true;
                };
                let sum = hex(&Sha256::digest(text.as_bytes()));
                if let Some(key) = key {
                    self.index.insert(key.clone(), sum.clone());
                    self.known.push((key.clone(), sum.clone()));
                    self.used.insert(key.clone());
                    self.learnt = true;
                }
                *slot = Some(sum);
            }
        }
        let first = &columns[0];
        columns.iter().any(|c| c != first)
    }

    /// Keeps what was learnt, written whole; a cache that cannot be written costs only the next start's time.
    pub(crate) fn save(&self) {
        let Some(file) = self.file.as_deref().filter(|_| self.learnt) else {
            return;
        };
        let (used, unused): (Vec<_>, Vec<_>) = self
            .known
            .iter()
            .partition(|(key, _)| self.used.contains(key));
        let order: Vec<_> = unused.into_iter().chain(used).collect();
        let keep = &order[order.len().saturating_sub(REMEMBERED)..];
        let text: String = keep
            .iter()
            .map(|(key, columns)| format!("{key}\t{columns}\n"))
            .collect();
        if let Some(parent) = file.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = crate::core::atomic_file::write_whole(file, text.as_bytes());
    }
}

/// The file that keeps the columns read by `reading`.
fn memory_of(dir: &Path, reading: &str) -> PathBuf {
    dir.join(format!(
        "columns-{}.tsv",
        &hex(&Sha256::digest(reading.as_bytes()))[..16]
    ))
}

/// A set of files (or one) as the file system describes them now; none if one of them cannot be looked at.
pub(crate) fn fingerprint(files: &[PathBuf]) -> Option<String> {
    let mut hash = Sha256::new();
    for file in files {
        let meta = std::fs::metadata(file).ok()?;
        hash.update(path_bytes(file));
        hash.update([0]);
        for n in [
            meta.len() as i64,
            meta.dev() as i64,
            meta.ino() as i64,
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec(),
        ] {
            hash.update(n.to_le_bytes());
        }
    }
    Some(hex(&hash.finalize()))
}

/// Bytes as lowercase hexadecimal (a SHA-256 as the caches name it).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn path_bytes(path: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(files: Vec<PathBuf>) -> TableFiles {
        TableFiles {
            name: "t".into(),
            location: PathBuf::from("/"),
            files,
            skipped: Vec::new(),
            hive_partitioned: false,
        }
    }

    /// Columns read by another statement are kept in another file: a change to how footers are read never compares
    /// a file's new text with another file's old one.
    #[test]
    fn each_reading_has_its_own_memory() {
        let dir = Path::new("/cache/verdicts");
        assert_ne!(memory_of(dir, "SELECT a"), memory_of(dir, "SELECT b"));
        assert_eq!(memory_of(dir, "SELECT a"), memory_of(dir, "SELECT a"));
    }

    /// What is forgotten first is what went unused: files read at every start stay remembered however many new ones
    /// are learnt after them.
    #[test]
    fn the_files_in_use_are_the_last_forgotten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b, c) = (
            dir.path().join("a.parquet"),
            dir.path().join("b.parquet"),
            dir.path().join("c.parquet"),
        );
        for f in [&a, &b, &c] {
            std::fs::write(f, "x").expect("file");
        }
        let key = |f: &PathBuf| fingerprint(std::slice::from_ref(f)).expect("fingerprint");
        let sum = hex(&Sha256::digest(b"x INT32"));
        let filler = |i: usize| format!("{i:064x}");
        // a and b first (the oldest), then a full memory of other files.
        let mut text = format!("{}\t{sum}\n{}\t{sum}\n", key(&a), key(&b));
        for i in 0..REMEMBERED - 1 {
            text.push_str(&format!("{}\t{sum}\n", filler(i)));
        }
        let cache = dir.path().join("columns.tsv");
        std::fs::write(&cache, text).expect("cache");
        let never = |_: &[PathBuf]| -> Option<Vec<(String, String)>> {
            panic!("a remembered file was read")
        };
        let mut verdicts = Verdicts::at(Some(cache.clone()));
        assert!(!verdicts.differ(&table(vec![a.clone(), b.clone()]), never));
        // c is learnt: the memory is one over, and the oldest unused goes, not a or b.
        let c_columns = |files: &[PathBuf]| {
            Some(
                files
                    .iter()
                    .map(|f| (f.display().to_string(), "x INT32".to_string()))
                    .collect(),
            )
        };
        assert!(!verdicts.differ(&table(vec![a.clone(), c.clone()]), c_columns));
        verdicts.save();
        let next = Verdicts::at(Some(cache));
        assert_eq!(next.known.len(), REMEMBERED);
        for f in [&a, &b, &c] {
            assert!(next.index.contains_key(&key(f)), "{}", f.display());
        }
        assert!(!next.index.contains_key(&filler(0)) && !next.index.contains_key(&filler(1)));
        assert!(next.index.contains_key(&filler(2)));
    }

    /// Each file's footer is read once, in this run or the next; after a file is added only its footer is read, and
    /// a file changed in any way is read again.
    #[test]
    fn each_file_is_read_once_until_it_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.parquet"), dir.path().join("b.parquet"));
        std::fs::write(&a, "one").expect("a");
        std::fs::write(&b, "two").expect("b");
        let cache = dir.path().join("cache/columns.tsv");
        let t = table(vec![a.clone(), b.clone()]);
        let reads = std::cell::RefCell::new(Vec::<Vec<PathBuf>>::new());
        // Every file has the columns `x INT32`, but `odd`.
        let columns = |odd: Option<PathBuf>| {
            let reads = &reads;
            move |files: &[PathBuf]| {
                reads.borrow_mut().push(files.to_vec());
                Some(
                    files
                        .iter()
                        .map(|f| {
                            let text = if Some(f) == odd.as_ref() {
                                "x INT64"
                            } else {
                                "x INT32"
                            };
                            (f.display().to_string(), text.to_string())
                        })
                        .collect(),
                )
            }
        };
        let mut verdicts = Verdicts::at(Some(cache.clone()));
        assert!(!verdicts.differ(&t, columns(None)));
        assert!(
            !verdicts.differ(&t, columns(Some(b.clone()))),
            "remembered in this run"
        );
        verdicts.save();
        let mut next_run = Verdicts::at(Some(cache.clone()));
        assert!(
            !next_run.differ(&t, columns(Some(b.clone()))),
            "remembered in the next"
        );
        assert_eq!(*reads.borrow(), vec![vec![a.clone(), b.clone()]]);

        // A file added: only its footer is read, and it decides.
        let c = dir.path().join("c.parquet");
        std::fs::write(&c, "three").expect("c");
        assert!(next_run.differ(
            &table(vec![a.clone(), b.clone(), c.clone()]),
            columns(Some(c.clone()))
        ));
        assert_eq!(reads.borrow().last(), Some(&vec![c.clone()]));
        // Rewritten (a rewrite in place at the same size within the file system's clock tick would keep its
        // fingerprint; the lake's files are never rewritten — imports add files): read again.
        std::fs::remove_file(&b).expect("remove");
        std::fs::write(&b, "two, again").expect("rewrite");
        assert!(next_run.differ(&t, columns(Some(b.clone()))));
        assert_eq!(reads.borrow().last(), Some(&vec![b.clone()]));
        assert!(
            next_run.differ(&table(vec![b.clone(), a.clone()]), columns(None)),
            "b's new columns remembered"
        );
        assert_eq!(reads.borrow().len(), 3);

        // A footer that cannot be read, or a file the read leaves out, makes files that differ, remembered for none.
        let d = dir.path().join("d.parquet");
        std::fs::write(&d, "four").expect("d");
        let ad = table(vec![a.clone(), d.clone()]);
        assert!(next_run.differ(&ad, |_| None));
        assert!(next_run.differ(&ad, |_| Some(Vec::new())));
        assert!(!next_run.differ(&ad, columns(None)));

        // One file alone is read by nobody; a damaged cache is an empty memory, never a verdict.
        assert!(!next_run.differ(&table(vec![a.clone()]), |_| panic!("one file is not read")));
        std::fs::write(&cache, format!("garbage\tx\n{}\tzz\n", "0".repeat(64))).expect("damage");
        let mut damaged = Verdicts::at(Some(cache));
        let before = reads.borrow().len();
        assert!(!damaged.differ(&t, columns(None)));
        assert_eq!(reads.borrow().len(), before + 1);
    }
}
