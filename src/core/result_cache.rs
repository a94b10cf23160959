//! The dashboard's tiles remembered per state of the lake: on the 100M lake their queries are 300–400 ms of every
//! start (docs/performance.md) for figures that change only when the lake's files do. An answer is found again only
//! for the same statement with the same parameters, over the very same files of the tables it reads (each file's
//! path, size, inode and change times, as [`crate::core::schema_verdicts`] knows a set of files), read by the very same
//! qlake binary; a file of one of those tables added, removed or rewritten, another query text or another build is a
//! new key, and the query runs. Which tables a statement reads is DuckDB's parse of it, as the gate keeps it; that
//! reading is kept beside the results, so a start finds them from a query's text before (or without) parsing it.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::core::gate::CheckedSql;
use crate::core::lake::TableFiles;
use crate::core::sql::Value;

/// The folder of the remembered results, one of qlake's own that the sandbox keeps writable.
pub fn dir(cache: &Path) -> PathBuf {
    cache.join("results")
}

/// At most this many results are kept (the newest): a few lakes' tiles, each lake in a few states.
const KEPT: usize = 256;

/// A result as the dashboard shows it: its columns, and each cell's display text (`None` for NULL).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Remembered {
    pub columns: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<Option<String>>>,
}

/// Where the results of one state of one lake are kept.
#[derive(Debug, Clone)]
pub struct ResultCache {
    dir: PathBuf,
    /// This binary.
    build: String,
    /// Each table's files, as one fingerprint per table (by name with ASCII letters lowercased, as DuckDB resolves
    /// names).
    tables: std::collections::BTreeMap<String, String>,
    /// Every table's, for a statement that may read beyond the tables it names.
    whole: String,
}

impl ResultCache {
    /// The cache for `tables` as the file system describes them now, kept in `dir`; none when a file cannot be
    /// looked at (nothing is then remembered, never guessed).
    pub fn of(tables: &[TableFiles], dir: PathBuf) -> Option<ResultCache> {
        let mut whole = Sha256::new();
        let mut each = std::collections::BTreeMap::new();
        for table in tables {
            let files = crate::core::schema_verdicts::fingerprint(&table.files)?;
            whole.update(table.name.as_bytes());
            whole.update([0]);
            whole.update(files.as_bytes());
            each.insert(table.name.to_ascii_lowercase(), files);
        }
        Some(ResultCache {
            dir,
            build: build()?.to_string(),
            tables: each,
            whole: hex(&whole.finalize()),
        })
    }

    /// A result is keyed by the files of the tables its statement reads, so a change to one table leaves what reads
    /// only others remembered (an import of enterprises recomputes the key figures, not the ratings); a statement
    /// that may read more, or names what is not a lake table, is keyed by every table's files.
    fn file(&self, named: Option<&[String]>, text: &str, params: &[(String, Value)]) -> PathBuf {
        let mut hash = Sha256::new();
        hash.update(self.build.as_bytes());
        hash.update([0]);
        let read: Option<Vec<(&String, &String)>> =
            named.and_then(|names| names.iter().map(|n| self.tables.get_key_value(n)).collect());
        match read {
            Some(read) => {
                for (name, files) in read {
                    hash.update(name.as_bytes());
                    hash.update([0]);
                    hash.update(files.as_bytes());
                    hash.update([0]);
                }
            }
            None => {
                hash.update(b"every table\0");
                hash.update(self.whole.as_bytes());
            }
        }
        hash.update([1]);
        hash.update(text.as_bytes());
        for (name, value) in params {
            hash.update([0]);
            hash.update(name.as_bytes());
            hash.update([0]);
            hash.update(format!("{value:?}").as_bytes());
        }
        self.dir.join(format!("{}.json", hex(&hash.finalize())))
    }

    /// The result remembered for this statement over this state of the lake. A damaged entry is no answer.
    pub fn get(&self, sql: &CheckedSql, params: &[(String, Value)]) -> Option<Remembered> {
        let named = sql.named_tables();
        read_result(&self.file(named.as_deref(), sql.as_str(), params))
    }

    /// The result remembered for a statement not yet checked, found by its text alone: which tables it reads is what
    /// the gate said of the same text when its result was kept ([`ResultCache::put`]), by this same build. Nothing is
    /// run, so nothing needs the gate's verdict; a text never kept, or its reading lost, is no answer.
    pub fn get_unchecked(&self, text: &str, params: &[(String, Value)]) -> Option<Remembered> {
        let named: Option<Vec<String>> = read_json(&self.reads_file(text))?;
        read_result(&self.file(named.as_deref(), text, params))
    }

    /// Where the tables a text reads are kept: one file per text and build, whatever the lake's state.
    fn reads_file(&self, text: &str) -> PathBuf {
        let mut hash = Sha256::new();
        hash.update(self.build.as_bytes());
        hash.update([0]);
        hash.update(text.as_bytes());
        self.dir.join(format!("{}.{READS}", hex(&hash.finalize())))
    }

    /// Keeps `result`, written whole; a cache that cannot be written costs only the next start's time.
    pub fn put(&self, sql: &CheckedSql, params: &[(String, Value)], result: &Remembered) {
        let Ok(text) = serde_json::to_vec(result) else {
            return;
        };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let named = sql.named_tables();
        let reads = self.reads_file(sql.as_str());
        if let Ok(named_text) = serde_json::to_vec(&named)
            && std::fs::read(&reads).ok().as_ref() != Some(&named_text)
        {
            let _ = crate::core::atomic_file::write_whole(&reads, &named_text);
        }
        let _ = crate::core::atomic_file::write_whole(
            &self.file(named.as_deref(), sql.as_str(), params),
            &text,
        );
        self.forget_oldest();
    }

    /// Past [`KEPT`] results (and as many texts' readings), the oldest go.
    fn forget_oldest(&self) {
        for extension in ["json", READS] {
            forget_oldest(
                &self.dir,
                KEPT,
                |path| path.extension().is_some_and(|x| x == extension),
                |path| {
                    let _ = std::fs::remove_file(path);
                },
            );
        }
    }
}

/// The extension of a text's reading: the tables the gate found it reads, as JSON (`null`: it may read any).
const READS: &str = "reads";

/// The most of a remembered file read: a tile's result is a few KiB; a larger file is not one qlake wrote.
const READ_AT_MOST: u64 = 16 * 1024 * 1024;

/// A remembered file's JSON, when it is a regular file within [`READ_AT_MOST`].
fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    let text = crate::core::config::read_small_file(path, READ_AT_MOST).ok()?;
    serde_json::from_str(&text).ok()
}

fn read_result(path: &Path) -> Option<Remembered> {
    read_json(path)
}

/// Past `kept` entries of `dir` that `counted` selects, the least recently changed are taken away by `remove`: what
/// qlake remembers in its cache stays bounded.
pub(crate) fn forget_oldest(
    dir: &Path,
    kept: usize,
    counted: impl Fn(&Path) -> bool,
    remove: impl Fn(&Path),
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| counted(&e.path()))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if entries.len() <= kept {
        return;
    }
    entries.sort();
    for (_, path) in &entries[..entries.len() - kept] {
        remove(path);
    }
}

/// This binary, known as a file: another build (whose figures may be computed or shown otherwise) is another key.
pub(crate) fn build() -> Option<&'static str> {
    static BUILD: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    BUILD
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            Some(format!(
                "{}\0{}",
                env!("CARGO_PKG_VERSION"),
                crate::core::schema_verdicts::fingerprint(&[exe])?
            ))
        })
        .as_deref()
}

pub(crate) use crate::core::schema_verdicts::hex;

#[cfg(test)]
mod tests {
    use super::*;

    fn table(files: Vec<PathBuf>) -> TableFiles {
        TableFiles {
            name: "enterprises".into(),
            location: PathBuf::from("/"),
            files,
            skipped: Vec::new(),
            hive_partitioned: false,
        }
    }

    fn result(n: &str) -> Remembered {
        Remembered {
            columns: vec!["n".into()],
            numeric: vec![true],
            rows: vec![vec![Some(n.into())], vec![None]],
        }
    }

    /// Found again for the same statement, parameters and files only; a file added or rewritten, another text or
    /// another parameter value finds nothing; a damaged entry is no answer.
    #[test]
    fn a_result_is_found_again_only_for_the_same_statement_over_the_same_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("a.parquet");
        std::fs::write(&a, "one").expect("a");
        let cache_dir = dir.path().join("results");
        let sql = crate::core::gate::check("SELECT count(*) AS n FROM enterprises").expect("sql");
        let other = crate::core::gate::check("SELECT count(*) AS n FROM enterprises WHERE true")
            .expect("sql");
        let year = |y| vec![("year".to_string(), Value::Integer(y))];

        let cache = ResultCache::of(&[table(vec![a.clone()])], cache_dir.clone()).expect("cache");
        assert_eq!(cache.get(&sql, &year(2021)), None);
        cache.put(&sql, &year(2021), &result("7"));
        let again = ResultCache::of(&[table(vec![a.clone()])], cache_dir.clone()).expect("cache");
        assert_eq!(again.get(&sql, &year(2021)), Some(result("7")));
        assert_eq!(again.get(&sql, &year(2022)), None);
        assert_eq!(again.get(&other, &year(2021)), None);

        let b = dir.path().join("b.parquet");
        std::fs::write(&b, "two").expect("b");
        let added =
            ResultCache::of(&[table(vec![a.clone(), b])], cache_dir.clone()).expect("cache");
        assert_eq!(added.get(&sql, &year(2021)), None);
        std::fs::remove_file(&a).expect("remove");
        std::fs::write(&a, "one, rewritten").expect("rewrite");
        let rewritten =
            ResultCache::of(&[table(vec![a.clone()])], cache_dir.clone()).expect("cache");
        assert_eq!(rewritten.get(&sql, &year(2021)), None);

        rewritten.put(&sql, &year(2021), &result("8"));
        for entry in std::fs::read_dir(&cache_dir).expect("dir").flatten() {
            std::fs::write(entry.path(), "{\"columns\": [").expect("damage");
        }
        assert_eq!(rewritten.get(&sql, &year(2021)), None);
        // A file that cannot be looked at: no cache at all.
        assert!(ResultCache::of(&[table(vec![dir.path().join("gone")])], cache_dir).is_none());
    }

    /// A text is found without the gate only as its checked statement was kept: what the gate said it reads comes
    /// from that check. A text never kept, its reading lost, damaged or changed finds nothing, or what the changed
    /// reading keys (never the result of another state of the tables the statement reads).
    #[test]
    fn a_text_is_found_unchecked_only_through_what_its_check_said() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (e, r) = (dir.path().join("e.parquet"), dir.path().join("r.parquet"));
        std::fs::write(&e, "e").expect("e");
        std::fs::write(&r, "r").expect("r");
        let cache_dir = dir.path().join("results");
        let lake = |ratings: &Path| {
            ResultCache::of(
                &[
                    named("enterprises", vec![e.clone()]),
                    named("ratings", vec![ratings.to_path_buf()]),
                ],
                cache_dir.clone(),
            )
            .expect("cache")
        };
        let text = "SELECT count(*) AS n FROM enterprises";
        let sql = crate::core::gate::check(text).expect("sql");
        let cache = lake(&r);
        assert_eq!(cache.get_unchecked(text, &[]), None, "never kept");
        cache.put(&sql, &[], &result("7"));
        assert_eq!(cache.get_unchecked(text, &[]), Some(result("7")));
        assert_eq!(
            cache.get_unchecked(&format!("{text} "), &[]),
            None,
            "another text"
        );

        let reads = cache.reads_file(text);
        assert_eq!(
            std::fs::read_to_string(&reads).expect("reads"),
            r#"["enterprises"]"#
        );
        // Ratings rewritten: the statement reads only enterprises, and its reading says so, so it is still found...
        std::fs::write(&r, "r, rewritten").expect("rewrite");
        let later = lake(&r);
        assert_eq!(later.get_unchecked(text, &[]), Some(result("7")));
        // ...while a reading that says otherwise keys what it says: every table's files, or ratings', of which none
        // was kept for this state.
        std::fs::write(&reads, "null").expect("tamper");
        assert_eq!(later.get_unchecked(text, &[]), None);
        std::fs::write(&reads, r#"["ratings"]"#).expect("tamper");
        assert_eq!(later.get_unchecked(text, &[]), None);
        for damaged in ["", "[", "{\"a\": 1}", "[1]"] {
            std::fs::write(&reads, damaged).expect("damage");
            assert_eq!(later.get_unchecked(text, &[]), None, "{damaged}");
        }
        let cache = later;
        std::fs::remove_file(&reads).expect("lose");
        assert_eq!(cache.get_unchecked(text, &[]), None, "reading lost");
        // Kept again, the reading is written again; the checked lookup never needed it.
        assert_eq!(cache.get(&sql, &[]), Some(result("7")));
        cache.put(&sql, &[], &result("7"));
        assert_eq!(cache.get_unchecked(text, &[]), Some(result("7")));
    }

    fn named(name: &str, files: Vec<PathBuf>) -> TableFiles {
        TableFiles {
            name: name.into(),
            ..table(files)
        }
    }

    /// A change to one table's files leaves a result that reads only others found; a result that reads it, may read
    /// beyond what it names (a table function) or names no lake table is not.
    #[test]
    fn a_result_is_kept_across_a_change_to_a_table_it_does_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("write");
            path
        };
        let (e1, r1) = (file("e1.parquet", "e"), file("r1.parquet", "r"));
        let cache_dir = dir.path().join("results");
        let lake = |enterprises: Vec<PathBuf>, ratings: Vec<PathBuf>| {
            ResultCache::of(
                &[named("Enterprises", enterprises), named("ratings", ratings)],
                cache_dir.clone(),
            )
            .expect("cache")
        };
        let check = |sql: &str| crate::core::gate::check(sql).expect("sql");
        let statements = [
            check("SELECT count(*) FROM ratings"),
            check("WITH enterprises AS (SELECT 1) SELECT count(*) FROM RATINGS, enterprises"),
            check("SELECT count(*) FROM enterprises"),
            check("SELECT (SELECT count(*) FROM enterprises) FROM ratings"),
            check("SELECT count(*) FROM ratings, read_parquet('e1.parquet')"),
            check("SELECT count(*) FROM ratings, main.enterprises"),
            check("SELECT count(*) FROM duckdb_tables"),
            // The anchor of a recursive CTE reads the table its name shadows everywhere else.
            check(
                "WITH RECURSIVE enterprises AS (SELECT * FROM enterprises UNION SELECT * FROM enterprises) \
                 SELECT count(*) FROM enterprises",
            ),
        ];
        let before = lake(vec![e1.clone()], vec![r1.clone()]);
        for sql in &statements {
            before.put(sql, &[], &result("1"));
        }
        // Found by the checked statement, and by its text alone exactly when it is (a first screen's tiles).
        let found = |cache: &ResultCache| -> Vec<bool> {
            statements
                .iter()
                .map(|sql| {
                    let checked = cache.get(sql, &[]);
                    assert_eq!(cache.get_unchecked(sql.as_str(), &[]), checked, "{sql}");
                    checked.is_some()
                })
                .collect()
        };
        assert_eq!(found(&before), vec![true; 8]);
        let e2 = file("e2.parquet", "more enterprises");
        let imported = lake(vec![e1.clone(), e2], vec![r1.clone()]);
        assert_eq!(
            found(&imported),
            vec![true, true, false, false, false, false, false, false]
        );
        // Enterprises as they were at first, ratings changed: what reads enterprises alone is found again.
        let rated = lake(vec![e1], vec![r1, file("r2.parquet", "more ratings")]);
        assert_eq!(
            found(&rated),
            vec![false, false, true, false, false, false, false, true]
        );
    }
}
