//! The library of saved queries: the shipped ones, then the user's overriding them by name, each file parsed and
//! checked, the broken ones kept apart; which query fills each tile of the overview.

use super::*;

/// A saved query is a page of SQL: its file holds a statement of at most the gate's limit and a header; a larger file
/// (or a FIFO, or a device) is refused rather than read.
pub(super) const MAX_QUERY_FILE_BYTES: u64 =
    crate::core::gate::MAX_STATEMENT_BYTES as u64 + 64 * 1024;

/// All saved queries: shipped ones, then the user's (overriding by name). Files that fail to parse are returned
/// separately so one broken file does not hide the rest.
#[derive(Debug, Default)]
pub struct Library {
    pub queries: BTreeMap<String, SavedQuery>,
    pub broken: Vec<Error>,
    /// The dialect of the engine its queries are sent to (`None`: embedded DuckDB's).
    engine: Option<&'static str>,
}

impl Library {
    /// The same queries, for an engine reading `dialect`: [`Library::runnable`] refuses those not written for it.
    pub fn for_engine(mut self, dialect: &'static str) -> Library {
        self.engine = Some(dialect);
        self
    }

    /// The dialect of the engine the queries go to.
    pub fn engine(&self) -> &'static str {
        self.engine.unwrap_or(DUCKDB)
    }

    /// A query to send to this library's engine: one whose `-- engines:` line does not name the engine's dialect is
    /// refused before anything is sent, since it would mean something else there, or fail.
    pub fn runnable(&self, name: &str) -> Result<&SavedQuery> {
        let query = self.get(name)?;
        let engine = self.engine();
        if !query.runs_on(engine) {
            let lang = crate::i18n::process_lang();
            return Err(Error::Usage(crate::tr!(
                lang,
                "err-query-not-for-engine",
                query = name,
                engines = query
                    .engines
                    .join(crate::tr!(lang, "err-list-separator").as_str()),
                engine = engine
            )));
        }
        Ok(query)
    }

    /// One shipped query as the program ships it, never a user's override of it: for what qlake itself runs.
    pub fn shipped(name: &str) -> Result<SavedQuery> {
        let file = format!("{name}.sql");
        let path = Path::new("queries").join(&file);
        let text = SHIPPED
            .get_file(&file)
            .and_then(|f| f.contents_utf8())
            .ok_or_else(|| Error::Invalid(format!("{}: not shipped", path.display())))?;
        parse(text, &path, Origin::Shipped)
    }

    pub fn load(user_dir: Option<&Path>) -> Library {
        let mut library = Library::default();
        let mut shipped: Vec<_> = SHIPPED
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "sql"))
            .collect();
        shipped.sort_by_key(|f| f.path());
        for file in shipped {
            let path = Path::new("queries").join(file.path());
            match file
                .contents_utf8()
                .ok_or_else(|| Error::Invalid(format!("{}: not UTF-8", path.display())))
            {
                Ok(text) => library.add(parse(text, &path, Origin::Shipped)),
                Err(e) => library.broken.push(e),
            }
        }
        if let Some(dir) = user_dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            {
                match crate::core::config::read_small_file(&path, MAX_QUERY_FILE_BYTES) {
                    Ok(text) => library.add(parse(&text, &path, Origin::User)),
                    Err(e) => library.broken.push(Error::io(&path, e)),
                }
            }
        }
        library.check_tiles();
        library
    }

    /// The query each tile of the overview shows, in the tiles' order: a user's query claiming a tile takes it from
    /// the shipped one.
    pub fn tiles(&self) -> Vec<(TileKind, &SavedQuery)> {
        TileKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let claim = |origin: Origin| {
                    self.queries
                        .values()
                        .find(|q| q.tile == Some(kind) && q.origin == origin)
                };
                claim(Origin::User)
                    .or_else(|| claim(Origin::Shipped))
                    .map(|q| (kind, q))
            })
            .collect()
    }

    /// Two queries of one origin claiming one tile: the second is an error naming both files, and keeps no claim.
    fn check_tiles(&mut self) {
        for kind in TileKind::ALL {
            for origin in [Origin::Shipped, Origin::User] {
                let claims: Vec<(String, PathBuf)> = self
                    .queries
                    .values()
                    .filter(|q| q.tile == Some(kind) && q.origin == origin)
                    .map(|q| (q.name.clone(), q.path.clone()))
                    .collect();
                let Some((_, first)) = claims.first().cloned() else {
                    continue;
                };
                for (name, path) in claims.into_iter().skip(1) {
                    self.broken.push(Error::Invalid(format!(
                        "{}: tile `{}` is already claimed by {}",
                        path.display(),
                        kind.name(),
                        first.display()
                    )));
                    if let Some(query) = self.queries.get_mut(&name) {
                        query.tile = None;
                    }
                }
            }
        }
    }

    fn add(&mut self, parsed: Result<SavedQuery>) {
        match parsed {
            Ok(mut query) => {
                if let Some(previous) = self.queries.get(&query.name) {
                    if previous.origin == query.origin {
                        self.broken.push(Error::Invalid(format!(
                            "{}: query `{}` is already defined in {}",
                            query.path.display(),
                            query.name,
                            previous.path.display()
                        )));
                        return;
                    }
                    query.overrides_shipped = query.origin == Origin::User;
                    // An override by name keeps the tile of the query it replaces unless it claims one itself (a
                    // user's version of a tile query written before `-- tile:` existed stays on the overview).
                    if query.tile.is_none() {
                        query.tile = previous.tile;
                    }
                }
                self.queries.insert(query.name.clone(), query);
            }
            Err(e) => self.broken.push(e),
        }
    }

    /// The query, or a usage error naming the closest names.
    pub fn get(&self, name: &str) -> Result<&SavedQuery> {
        if let Some(q) = self.queries.get(name) {
            return Ok(q);
        }
        let mut scored: Vec<(usize, &str)> = self
            .queries
            .keys()
            .map(|k| (edit_distance(name, k), k.as_str()))
            .filter(|(d, k)| *d <= 3 || k.contains(name))
            .collect();
        scored.sort();
        let lang = crate::i18n::process_lang();
        Err(Error::Usage(if scored.is_empty() {
            crate::tr!(lang, "err-query-unknown", name = name)
        } else {
            let closest = scored
                .iter()
                .take(3)
                .map(|(_, k)| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(crate::tr!(lang, "err-list-separator").as_str());
            crate::tr!(
                lang,
                "err-query-unknown-did-you-mean",
                name = name,
                closest = closest
            )
        }))
    }
}

/// The user's query folder.
pub fn user_dir() -> Option<PathBuf> {
    crate::core::config::dirs()
        .config
        .map(|d| d.join("queries"))
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}
