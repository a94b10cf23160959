//! Whether a table's files agree on their columns, remembered per set of files in qlake's cache: comparing the 80
//! footers of the 100M lake's enterprises cost 40-100 ms of every start (docs/performance.md), for an answer that
//! changes only when the files do. A set of files is known by each file's path, size, inode and change times; a file
//! rewritten, replaced, added or removed makes a new set, judged again.

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

/// At most this many sets are remembered (the newest kept): a few lakes, each imported into many times.
const REMEMBERED: usize = 4096;

pub(crate) struct Verdicts {
    file: Option<PathBuf>,
    /// Set of files → whether they differ, in the order learnt.
    known: Vec<(String, bool)>,
    index: HashMap<String, bool>,
    learnt: bool,
}

impl Verdicts {
    /// The verdicts kept in qlake's cache folder.
    pub(crate) fn load() -> Verdicts {
        Verdicts::at(Some(
            dir(&crate::core::config::dirs().cache).join("schemas-v1.tsv"),
        ))
    }

    /// The verdicts kept in `file` (none: nothing is remembered between runs). A missing or unreadable file is an
    /// empty memory: the verdicts are judged again, never guessed.
    pub(crate) fn at(file: Option<PathBuf>) -> Verdicts {
        let known: Vec<(String, bool)> = file
            .as_deref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .map(|text| {
                text.lines()
                    .filter_map(|line| {
                        let (key, verdict) = line.split_once('\t')?;
                        let differ = match verdict {
                            "differ" => true,
                            "agree" => false,
                            _ => return None,
                        };
                        (key.len() == 64).then(|| (key.to_string(), differ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let index = known.iter().cloned().collect();
        Verdicts {
            file,
            known,
            index,
            learnt: false,
        }
    }

    /// Whether `table`'s files differ: remembered for this very set of files, else `judge`d and remembered.
    pub(crate) fn differ(&mut self, table: &TableFiles, judge: impl FnOnce() -> bool) -> bool {
        if table.files.len() < 2 {
            return judge();
        }
        let Some(key) = fingerprint(&table.files) else {
            return judge();
        };
        if let Some(differ) = self.index.get(&key) {
            return *differ;
        }
        let differ = judge();
        self.index.insert(key.clone(), differ);
        self.known.push((key, differ));
        self.learnt = true;
        differ
    }

    /// Keeps what was learnt, written whole; a cache that cannot be written costs only the next start's time.
    pub(crate) fn save(&self) {
        let Some(file) = self.file.as_deref().filter(|_| self.learnt) else {
            return;
        };
        let keep = &self.known[self.known.len().saturating_sub(REMEMBERED)..];
        let text: String = keep
            .iter()
            .map(|(key, differ)| format!("{key}\t{}\n", if *differ { "differ" } else { "agree" }))
            .collect();
        if let Some(parent) = file.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = crate::core::atomic_file::write_whole(file, text.as_bytes());
    }
}

/// A set of files as the file system describes them now; none if one of them cannot be looked at.
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
    Some(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
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

    /// A set judged once is not judged again, in this run or the next; a file changed in any way is judged again.
    #[test]
    fn a_set_of_files_is_judged_once_until_a_file_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.parquet"), dir.path().join("b.parquet"));
        std::fs::write(&a, "one").expect("a");
        std::fs::write(&b, "two").expect("b");
        let cache = dir.path().join("cache/verdicts.tsv");
        let t = table(vec![a.clone(), b.clone()]);
        let judged = std::cell::Cell::new(0);
        let judge = |answer: bool| {
            judged.set(judged.get() + 1);
            answer
        };
        let mut verdicts = Verdicts::at(Some(cache.clone()));
        assert!(!verdicts.differ(&t, || judge(false)));
        assert!(
            !verdicts.differ(&t, || judge(true)),
            "remembered in this run"
        );
        verdicts.save();
        let mut next_run = Verdicts::at(Some(cache.clone()));
        assert!(
            !next_run.differ(&t, || judge(true)),
            "remembered in the next"
        );
        assert_eq!(judged.get(), 1);

        // Rewritten, added to, or removed from: judged again. (A rewrite in place at the same size within the file
        // system's clock tick would keep its fingerprint; the lake's files are never rewritten — imports add files.)
        std::fs::remove_file(&b).expect("remove");
        std::fs::write(&b, "two, again").expect("rewrite");
        assert!(next_run.differ(&t, || judge(true)));
        let c = dir.path().join("c.parquet");
        std::fs::write(&c, "three").expect("c");
        assert!(next_run.differ(&table(vec![a.clone(), b.clone(), c]), || judge(true)));
        assert!(!next_run.differ(&table(vec![b, a]), || judge(false)));
        assert_eq!(judged.get(), 4);

        // A damaged cache is an empty memory, never a verdict.
        std::fs::write(&cache, "garbage\tdiffer\nxyz").expect("damage");
        let mut damaged = Verdicts::at(Some(cache));
        assert!(damaged.differ(&t, || judge(true)));
        assert_eq!(judged.get(), 5);
    }
}
