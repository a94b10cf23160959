//! The shipped queries qlake runs for itself, each named once here: the code refers to them by these handles, never
//! by a string of its own, and a test holds every handle to a shipped query that parses. What a user edits in
//! `queries/` (the tiles, the drill steps) is read from the files' headers instead.

/// A shipped query qlake itself runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnQuery(&'static str);

impl OwnQuery {
    /// Explore's first level: the provinces.
    pub const PROVINCES_OVERVIEW: OwnQuery = OwnQuery("provinces-overview");
    /// `:find`'s hits.
    pub const FIND: OwnQuery = OwnQuery("find");
    /// The per-aspect scores under the Ratings pane's selected project.
    pub const PROJECT_SCORES: OwnQuery = OwnQuery("project-scores");
    /// The document shown in the where-from popup.
    pub const SOURCE_DOCUMENT: OwnQuery = OwnQuery("source-document");
    /// Where a `:find` hit on a programme opens (no query drills into it).
    pub const PROJECTS_OF_PROGRAMME: OwnQuery = OwnQuery("projects-of-programme");
    /// The lake's tables and columns (the console's list, Tab completion).
    pub const LAKE_COLUMNS: OwnQuery = OwnQuery("lake-columns");

    pub const ALL: [OwnQuery; 6] = [
        OwnQuery::PROVINCES_OVERVIEW,
        OwnQuery::FIND,
        OwnQuery::PROJECT_SCORES,
        OwnQuery::SOURCE_DOCUMENT,
        OwnQuery::PROJECTS_OF_PROGRAMME,
        OwnQuery::LAKE_COLUMNS,
    ];

    pub const fn name(self) -> &'static str {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::queries::Library;

    #[test]
    fn every_query_qlake_runs_itself_is_shipped_and_parses() {
        for own in OwnQuery::ALL {
            let name = own.name();
            let query = Library::shipped(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(query.name, name);
            if let Err(e) = query.sql() {
                panic!("{name}: {e}");
            }
        }
    }
}
