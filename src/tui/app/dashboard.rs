//! The dashboard's tiles and the ratings pane's per-aspect scores: small results read by column name, never by
//! position.

use crate::core::queries::{Library, TileKind};
use crate::tui::grid::{Row, cell_text};

/// A small result kept whole, its cells read by column name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The text of `column` in `row` ("" for NULL or a column the result does not have).
    pub fn value(&self, row: &Row, column: &str) -> String {
        cell_text(&self.columns, row, column)
    }

    /// The first row's `column`.
    pub fn first(&self, column: &str) -> Option<String> {
        self.rows.first().map(|r| self.value(r, column))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Tile {
    /// Which tile it is; `None` for a chart a pane draws from its grid.
    pub kind: Option<TileKind>,
    pub query: String,
    pub title: String,
    /// The title for a Chinese reader, where the query gives one.
    pub title_zh: Option<String>,
    pub table: Table,
    pub error: Option<String>,
    pub loaded: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    pub tiles: Vec<Tile>,
    /// The province selected in the overview.
    pub card: usize,
}

impl Tile {
    /// The title in `lang` (the English one where the query gives no Chinese).
    pub fn title_in(&self, lang: crate::i18n::Lang) -> &str {
        match (&self.title_zh, lang) {
            (Some(zh), crate::i18n::Lang::Chinese) => zh,
            _ => &self.title,
        }
    }
}

impl Dashboard {
    pub fn new(library: &Library) -> Dashboard {
        // The tiles are the queries that claim them (`-- tile:`): editing `queries/` changes the overview.
        let tiles = library
            .tiles()
            .into_iter()
            .map(|(kind, q)| Tile {
                kind: Some(kind),
                query: q.name.clone(),
                // not text: the prefix the shipped tile queries' titles share
                title: q.title.trim_start_matches("Dashboard: ").to_string(),
                title_zh: q
                    .title_zh
                    .as_deref()
                    .map(|t| t.trim_start_matches("总览：").to_string()),
                ..Tile::default()
            })
            .collect();
        Dashboard { tiles, card: 0 }
    }

    /// The tile of `kind`, if a query claims it.
    pub fn tile(&self, kind: TileKind) -> Option<&Tile> {
        self.tiles.iter().find(|t| t.kind == Some(kind))
    }

    /// The headlines tile (the reconciliations) and the province's headline row for `measure` in it: the published
    /// figure the key figures and their `i` show, with the lake's count of its slice.
    pub fn headline(&self, province: &str, measure: &str) -> Option<(&Table, &Row)> {
        let table = &self.tile(TileKind::Headlines)?.table;
        let row = table.rows.iter().find(|r| {
            table.value(r, "province_code") == province
                && table.value(r, "measure") == measure
                && table.value(r, "headline") == "true"
        })?;
        Some((table, row))
    }

    /// Provinces in the overview (the key figures' rows).
    pub fn provinces(&self) -> usize {
        self.tile(TileKind::KeyFigures)
            .map_or(0, |t| t.table.rows.len())
    }

    /// Load every tile again.
    pub fn reload(&mut self) {
        for t in &mut self.tiles {
            t.loaded = false;
        }
    }
}

/// What a headline figure counts, as the reader's language says it: in Chinese what the source calls it
/// (`metric_zh`) with the English label's years, in English the label.
pub fn headline_label(table: &Table, row: &Row, lang: crate::i18n::Lang) -> String {
    let label = table.value(row, "label");
    if lang != crate::i18n::Lang::Chinese {
        return label;
    }
    let years = label
        .rsplit(' ')
        .next()
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or_default();
    format!("{} {years}", table.value(row, "metric_zh"))
        .trim()
        .to_string()
}

/// The per-aspect scores under the selected rating.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// The project they are of, and the rows (`aspect_zh`, `aspect_en`, `score`, `max_score`).
    pub shown: Option<(String, Table)>,
    /// The project last asked for (its answer may still be out).
    pub asked: Option<String>,
}
