//! Whether a table's files agree on their columns, from each file's columns remembered in qlake's cache: comparing
//! the 124 footers of the 100M lake's enterprises cost 40-100 ms of every start (docs/performance.md), for an answer
//! that changes only when the files do; and after an import only the new file's footer is read (38 ms → 4 ms at
//! 100M). A file is known by its path, size, inode and change times; one rewritten or replaced is read again.

use std::cell::OnceCell;
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

/// A remembered file's line: its key, a tab and its columns' sum, each a SHA-256 in hexadecimal.
const KEY: usize = 64;
const LINE: usize = KEY + 1 + 64;

pub(crate) struct Verdicts {
    file: Option<PathBuf>,
    /// Read when a table of several files is first compared: a lake whose tables are each one file reads nothing.
    memory: OnceCell<Memory>,
    /// File → the SHA-256 of its columns (names and types, in name order), learnt in this run, in the order learnt.
    learnt: Vec<(String, String)>,
    /// Where each learnt file is in `learnt`.
    learnt_at: HashMap<String, usize>,
    /// The files looked up or learnt in this run: kept last, so that what is forgotten first is what went unused.
    used: std::collections::HashSet<String>,
}

/// The files' columns remembered from earlier runs, as read.
struct Memory {
    /// Nothing in it is copied or checked at reading but where each line starts: a full memory is 16,384 lines, 2 MB,
    /// and parsing it whole cost a start on the 1M lake 19 ms (docs/performance.md), where a start looks up a few
    /// hundred files at most.
    text: String,
    /// Where each line of the right shape starts in `text`, plus one (0: a free slot), at the slot of the first 16
    /// digits of its key (a SHA-256's, so as good as random) or after it: a table of open addressing, at most half
    /// full, built in one pass. Keys with the same first digits are told apart by the whole key.
    slots: Vec<u32>,
}

impl Memory {
    /// The memory kept in `file`. A missing or unreadable file is an empty memory, and a line of another shape is no
    /// memory: the files' footers are read again, never guessed.
    fn read(file: Option<&Path>) -> Memory {
        let text = file.and_then(read_memory).unwrap_or_default();
        let mut slots = vec![0u32; (text.len() / LINE * 2 + 1).next_power_of_two()];
        let mut start = 0usize;
        for line in text.split_inclusive('\n') {
            let body = line.strip_suffix('\n').unwrap_or(line);
            let body = body.strip_suffix('\r').unwrap_or(body);
            if let (true, Some(prefix), Ok(slot)) = (
                body.len() == LINE,
                key_prefix(body),
                u32::try_from(start + 1),
            ) {
                let from = slot_of(prefix, &slots);
                let free = (0..MAX_PROBES)
                    .map(|n| (from + n) % slots.len())
                    .find(|i| slots[*i] == 0);
                if let Some(i) = free {
                    slots[i] = slot;
                }
            }
            start += line.len();
        }
        Memory { text, slots }
    }

    /// The columns' sum remembered for the file of `key`.
    fn find(&self, key: &str) -> Option<&str> {
        let from = slot_of(key_prefix(key)?, &self.slots);
        (0..MAX_PROBES)
            .map(|n| self.slots[(from + n) % self.slots.len()])
            .take_while(|slot| *slot != 0)
            .map(|slot| slot as usize - 1)
            .filter(|at| self.text.get(*at..*at + KEY) == Some(key))
            // A line of another shape is passed over: the key may be further on.
            .find_map(|at| self.line_at(at).map(|(_, columns)| columns))
    }

    /// Every line of the right shape, as key and columns' sum, in the file's order.
    fn lines(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut starts: Vec<usize> = self
            .slots
            .iter()
            .filter(|slot| **slot != 0)
            .map(|slot| *slot as usize - 1)
            .collect();
        starts.sort_unstable();
        starts.into_iter().filter_map(|at| self.line_at(at))
    }

    /// The line starting at `at`, as key and columns' sum, when both are whole SHA-256s.
    fn line_at(&self, at: usize) -> Option<(&str, &str)> {
        let line = self.text.get(at..at + LINE)?;
        let (key, columns) = line.split_once('\t')?;
        (is_sha256(key) && is_sha256(columns)).then_some((key, columns))
    }
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

    /// The verdicts kept in `file` (none: nothing is remembered between runs), read when first needed ([`Memory`]).
    pub(crate) fn at(file: Option<PathBuf>) -> Verdicts {
        Verdicts {
            file,
            memory: OnceCell::new(),
            learnt: Vec::new(),
            learnt_at: HashMap::new(),
            used: std::collections::HashSet::new(),
        }
    }

    fn memory(&self) -> &Memory {
        self.memory
            .get_or_init(|| Memory::read(self.file.as_deref()))
    }

    /// The columns' sum remembered for the file of `key`, in this run or an earlier one.
    fn remembered(&self, key: &str) -> Option<&str> {
        match self.learnt_at.get(key) {
            Some(i) => self.learnt.get(*i).map(|(_, columns)| columns.as_str()),
            None => self.memory().find(key),
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
            let known = key
                .as_deref()
                .and_then(|k| self.remembered(k))
                .map(str::to_string);
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
                // A file named twice in the table is learnt once.
                if let Some(key) = key.as_ref().filter(|k| !self.learnt_at.contains_key(*k)) {
                    self.learnt_at.insert(key.clone(), self.learnt.len());
                    self.learnt.push((key.clone(), sum.clone()));
                    self.used.insert(key.clone());
                }
                *slot = Some(sum);
            }
        }
        let first = &columns[0];
        columns.iter().any(|c| c != first)
    }

    /// Keeps what was learnt, written whole; a cache that cannot be written costs only the next start's time.
    pub(crate) fn save(&self) {
        let Some(file) = self.file.as_deref().filter(|_| !self.learnt.is_empty()) else {
            return;
        };
        let (used, unused): (Vec<_>, Vec<_>) = self
            .memory()
            .lines()
            .partition(|(key, _)| self.used.contains(*key));
        let learnt = self.learnt.iter().map(|(k, c)| (k.as_str(), c.as_str()));
        // A key written twice (by hand: qlake writes the memory whole) is kept once, where it was used last.
        let mut order: Vec<(&str, &str)> = unused.into_iter().chain(used).chain(learnt).collect();
        let mut seen = std::collections::HashSet::new();
        order.reverse();
        order.retain(|(key, _)| seen.insert(*key));
        order.reverse();
        let keep = &order[order.len().saturating_sub(REMEMBERED)..];
        let mut text = String::with_capacity(keep.len() * (LINE + 1));
        for (key, columns) in keep {
            text.push_str(key);
            text.push('\t');
            text.push_str(columns);
            text.push('\n');
        }
        if let Some(parent) = file.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = crate::core::atomic_file::write_whole(file, text.as_bytes());
    }

    /// How many files are remembered, from earlier runs and this one.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.memory().lines().count() + self.learnt.len()
    }
}

/// At most this many slots are looked at for a key. SHA-256 keys in a table at most half full need one or two; lines
/// made to share their first digits beyond this are forgotten (their footers read again) instead of costing every
/// start a time that grows with the square of their number.
const MAX_PROBES: usize = 64;

/// The memory in `file`, at most [`READ_AT_MOST`] of it; `None` when it cannot be read.
fn read_memory(file: &Path) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(file).ok()?;
    let size = file.metadata().ok()?.len().min(READ_AT_MOST);
    let mut text = String::with_capacity(usize::try_from(size).ok()?);
    file.take(READ_AT_MOST).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The slot a key's first digits start looking from.
fn slot_of(prefix: u64, slots: &[u32]) -> usize {
    // `slots` has a power of two's length, which the digits' low bits index evenly.
    (prefix as usize) & (slots.len() - 1)
}

/// The first 16 digits of a key, as a number (the rest is checked when the line is read).
fn key_prefix(key: &str) -> Option<u64> {
    let digits = key.get(..16)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(digits, 16).ok()
}

fn is_sha256(text: &str) -> bool {
    text.len() == KEY && text.bytes().all(|b| b.is_ascii_hexdigit())
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
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    text
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

    /// Columns read from files' footers: each file with `columns`.
    fn each_with(columns: &'static str) -> impl Fn(&[PathBuf]) -> Option<Vec<(String, String)>> {
        move |files| {
            Some(
                files
                    .iter()
                    .map(|f| (f.display().to_string(), columns.to_string()))
                    .collect(),
            )
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
        let filler = |i: usize| hex(&Sha256::digest(i.to_le_bytes()));
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
        assert!(!verdicts.differ(&table(vec![a.clone(), c.clone()]), each_with("x INT32")));
        verdicts.save();
        let next = Verdicts::at(Some(cache));
        assert_eq!(next.len(), REMEMBERED);
        for f in [&a, &b, &c] {
            assert!(next.remembered(&key(f)).is_some(), "{}", f.display());
        }
        assert!(next.remembered(&filler(0)).is_none() && next.remembered(&filler(1)).is_none());
        assert_eq!(next.remembered(&filler(2)), Some(sum.as_str()));
    }

    /// Lines are found by their keys' first digits: keys that share them are told apart by the whole key, and a line
    /// of another shape among them is no memory, found by no key and dropped when the memory is written again.
    #[test]
    fn keys_with_the_same_first_digits_are_told_apart() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = dir.path().join("columns.tsv");
        let same = "0123456789abcdef";
        let key = |rest: &str| format!("{same}{rest:0>48}");
        let sum = |n: u8| hex(&Sha256::digest([n]));
        let text = [
            format!("{}\t{}", key("2"), sum(2)),
            format!("{}\t{}", key("1"), "zz".repeat(32)),
            format!("{}\t{}", key("3").to_uppercase(), sum(3)),
            format!("{}\t{}", key("1"), sum(1)),
            format!("{}\t{}x", key("4"), &sum(4)[1..]),
            format!("+{}\t{}", &key("5")[1..], sum(5)),
        ];
        // Lines made to share the first digits: the first MAX_PROBES lines of that shape are found (five above take a
        // slot: all but the one whose key starts with `+`), the rest forgotten.
        let filler = |n: usize| key(&format!("f{n:x}"));
        let fillers: Vec<String> = (0..200)
            .map(|n| format!("{}\t{}", filler(n), sum(7)))
            .collect();
        std::fs::write(&cache, [&text[..], &fillers].concat().join("\n")).expect("cache");
        let mut verdicts = Verdicts::at(Some(cache.clone()));
        assert_eq!(verdicts.remembered(&key("1")), Some(sum(1).as_str()));
        assert_eq!(verdicts.remembered(&key("2")), Some(sum(2).as_str()));
        for rest in ["3", "4", "5", "6"] {
            assert_eq!(verdicts.remembered(&key(rest)), None, "{rest}");
        }
        let kept = MAX_PROBES - 5;
        assert_eq!(
            verdicts.remembered(&filler(kept - 1)),
            Some(sum(7).as_str())
        );
        assert_eq!(verdicts.remembered(&filler(kept)), None);
        assert_eq!(
            verdicts.len(),
            3 + kept,
            "the upper-case key is a key, if not ours"
        );
        // Something learnt makes it write the memory again, without the lines of another shape.
        let file = dir.path().join("a.parquet");
        std::fs::write(&file, "a").expect("file");
        let other = dir.path().join("b.parquet");
        std::fs::write(&other, "b").expect("file");
        assert!(!verdicts.differ(&table(vec![file.clone(), other.clone()]), each_with("x")));
        verdicts.save();
        let written = std::fs::read_to_string(&cache).expect("written");
        assert_eq!(written.lines().count(), 3 + kept + 2, "{written}");
        assert!(written.lines().all(|l| l.len() == LINE), "{written}");
        let next = Verdicts::at(Some(cache));
        assert_eq!(next.remembered(&key("1")), Some(sum(1).as_str()));
        let learnt = fingerprint(std::slice::from_ref(&file)).expect("fingerprint");
        assert_eq!(
            next.remembered(&learnt),
            Some(hex(&Sha256::digest(b"x")).as_str())
        );
    }

    /// A memory whose lines end in CRLF (edited elsewhere) is still a memory; a key written twice, or a file named
    /// twice in a table, is written back once.
    #[test]
    fn crlf_lines_are_read_and_each_key_is_written_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.parquet"), dir.path().join("b.parquet"));
        std::fs::write(&a, "a").expect("a");
        std::fs::write(&b, "b").expect("b");
        let key = |f: &PathBuf| fingerprint(std::slice::from_ref(f)).expect("fingerprint");
        let sum = hex(&Sha256::digest(b"x"));
        let other = hex(&Sha256::digest(b"another file"));
        let cache = dir.path().join("columns.tsv");
        let text = format!("{}\t{sum}\r\n{other}\t{sum}\r\n{other}\t{sum}\r\n", key(&a));
        std::fs::write(&cache, text).expect("cache");
        let mut verdicts = Verdicts::at(Some(cache.clone()));
        assert_eq!(verdicts.remembered(&key(&a)), Some(sum.as_str()));
        let b_read = |files: &[PathBuf]| {
            assert!(files.iter().all(|f| *f == b), "{files:?}");
            Some(vec![(b.display().to_string(), "x".to_string())])
        };
        assert!(!verdicts.differ(&table(vec![a.clone(), b.clone(), b.clone()]), b_read));
        verdicts.save();
        let written = std::fs::read_to_string(&cache).expect("written");
        let lines: Vec<&str> = written.lines().collect();
        assert_eq!(
            lines,
            [
                format!("{other}\t{sum}"),
                format!("{}\t{sum}", key(&a)),
                format!("{}\t{sum}", key(&b))
            ],
            "unused first, then used, each once, without CR"
        );
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
