//! The lake's tables and columns as the SQL console knows them (the engine's own list, `Backend::columns`): listed beside the
//! editor, and completed with Tab. Words are found with DuckDB's own lexer (`gate::tokens`), the one behind the gate.

use crate::core::gate::{self, Token, TokenKind};
use crate::tui::app::App;
use crate::tui::app::dashboard::Table;
use crate::tui::jobs::{Outcome, Target, Work};

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub tables: Vec<CatalogTable>,
    pub loaded: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CatalogTable {
    pub name: String,
    /// Name and DuckDB type, in the table's order.
    pub columns: Vec<(String, String)>,
}

/// What Tab did.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// Text to insert at the cursor (may be empty).
    pub insert: String,
    /// Every name the word could become, when more than one.
    pub choices: Vec<String>,
}

impl Catalog {
    pub fn from_outcome(outcome: Outcome) -> Catalog {
        match outcome {
            Outcome::Rows { columns, rows, .. } => {
                let table = Table { columns, rows };
                let mut tables: Vec<CatalogTable> = Vec::new();
                for row in &table.rows {
                    let name = table.value(row, "table_name");
                    let column = (
                        table.value(row, "column_name"),
                        table.value(row, "data_type"),
                    );
                    match tables.last_mut() {
                        Some(last) if last.name == name => last.columns.push(column),
                        _ => tables.push(CatalogTable {
                            name,
                            columns: vec![column],
                        }),
                    }
                }
                Catalog {
                    tables,
                    loaded: true,
                    error: None,
                }
            }
            Outcome::Failed(e) => Catalog {
                loaded: true,
                error: Some(e),
                ..Catalog::default()
            },
            _ => Catalog::default(),
        }
    }

    /// The tables `sql` names (as identifiers in `tokens`, DuckDB's lexer's reading of it), in the catalogue's order.
    pub fn named_in(&self, sql: &str, tokens: &[Token]) -> Vec<&str> {
        let words: Vec<String> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Identifier)
            .map(|t| unquote(sql[t.start..t.end].trim()).to_lowercase())
            .collect();
        self.tables
            .iter()
            .filter(|t| words.contains(&t.name.to_lowercase()))
            .map(|t| t.name.as_str())
            .collect()
    }

    /// Complete `word` (what is typed before the cursor) from the tables' names and, first, the columns of the tables
    /// `sql` names, then every column: a unique name is completed whole, several to their common beginning.
    pub fn complete(&self, sql: &str, word: &str) -> Completion {
        let nothing = Completion {
            insert: String::new(),
            choices: Vec::new(),
        };
        if word.is_empty() {
            return nothing;
        }
        let named = self.named_in(sql, &gate::tokens(sql));
        let lower = word.to_lowercase();
        let matching = |names: &mut dyn Iterator<Item = &String>| -> Vec<String> {
            names
                .filter(|n| n.to_lowercase().starts_with(&lower))
                .cloned()
                .collect()
        };
        let mut choices = matching(&mut self.tables.iter().map(|t| &t.name));
        let named = &named;
        let columns_of = |only_named: bool| {
            self.tables
                .iter()
                .filter(move |t| !only_named || named.contains(&t.name.as_str()))
                .flat_map(|t| t.columns.iter().map(|(c, _)| c))
        };
        choices.extend(matching(&mut columns_of(true)));
        if choices.is_empty() {
            choices = matching(&mut columns_of(false));
        }
        let mut seen = std::collections::HashSet::new();
        choices.retain(|c| seen.insert(c.clone()));
        let Some(first) = choices.first() else {
            return nothing;
        };
        let common = choices
            .iter()
            .fold(first.clone(), |acc, c| common_prefix(&acc, c));
        let insert: String = common.chars().skip(word.chars().count()).collect();
        Completion {
            insert,
            choices: if choices.len() > 1 {
                choices
            } else {
                Vec::new()
            },
        }
    }
}

/// A name as written, without the double quotes that make it an identifier.
fn unquote(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
}

fn common_prefix(a: &str, b: &str) -> String {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
        .map(|(x, _)| x)
        .collect()
}

impl App {
    /// The catalogue's answer.
    pub(super) fn on_catalog(&mut self, outcome: Outcome) {
        self.catalog = Catalog::from_outcome(outcome);
    }

    /// Ask for the catalogue the first time the console shows.
    pub(crate) fn schedule_catalog(&mut self) {
        if self.catalog.loaded || self.requests.waiting(Target::Catalog) {
            return;
        }
        self.run(Target::Catalog, Work::Columns);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let table = |name: &str, columns: &[&str]| CatalogTable {
            name: name.into(),
            columns: columns
                .iter()
                .map(|c| (c.to_string(), "VARCHAR".to_string()))
                .collect(),
        };
        Catalog {
            tables: vec![
                table(
                    "enterprises",
                    &["enterprise_id", "name_zh", "province_code"],
                ),
                table("projects", &["project_id", "name_zh", "programme_id"]),
                table("programmes", &["programme_id", "province_code"]),
            ],
            loaded: true,
            error: None,
        }
    }

    #[test]
    fn a_unique_name_is_completed_whole_and_several_to_their_common_beginning() {
        let c = catalog();
        assert_eq!(c.complete("SELECT * FROM ent", "ent").insert, "erprises");
        let p = c.complete("SELECT * FROM pro", "pro");
        assert_eq!(p.insert, "");
        assert_eq!(p.choices, vec!["projects", "programmes"]);
        assert_eq!(c.complete("FROM progr", "progr").insert, "ammes");
        assert_eq!(c.complete("FROM x", "").choices, Vec::<String>::new());
    }

    #[test]
    fn the_columns_of_the_tables_named_come_first_and_alone_when_they_match() {
        let c = catalog();
        // `enterprises` is named: its `name_zh` is the only column meant, though projects have one too.
        let done = c.complete("SELECT name FROM enterprises", "name");
        assert_eq!((done.insert.as_str(), done.choices.len()), ("_zh", 0));
        // No table named and none matching: any table's columns.
        let any = c.complete("SELECT enterprise_", "enterprise_");
        assert_eq!(any.insert, "id");
        // A quoted name and a name inside a string: only the identifier counts.
        let sql = "SELECT 'projects' FROM \"enterprises\"";
        assert_eq!(c.named_in(sql, &gate::tokens(sql)), vec!["enterprises"]);
    }
}
