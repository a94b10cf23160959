//! After an import: does the table now write a place's name in both scripts (连云港市 in `cities`, 連雲港 in a
//! project's title)? A search for one spelling does not find the other, so the bureau is told.

use crate::core::contract;
use crate::core::engine::Engine;
use crate::core::error::Result;
use crate::core::gate;
use crate::core::lake::Lake;
use crate::core::script;
use crate::core::sql::sql_ident;

/// At most this many values of a column are looked at (an enterprises table has millions of names).
const LOOKED_AT: usize = 100_000;

/// One line for each Chinese text column of `table` that writes a name of the lake's cities or provinces in the
/// other script, with up to three examples; none when the table keeps to one script.
pub fn warnings(lake: &Lake, table: &str) -> Result<Vec<String>> {
    let Some(table) = contract::table(table) else {
        return Ok(Vec::new());
    };
    let columns: Vec<&str> = table
        .columns
        .iter()
        .map(|c| c.name)
        .filter(|c| c.ends_with("_zh") || *c == "name")
        .collect();
    if columns.is_empty() {
        return Ok(Vec::new());
    }
    let engine = Engine::open(lake)?;
    let text = |sql: &str| -> Result<Vec<String>> {
        let rows = engine.query_rows(&gate::check(sql)?, "looking at the lake's script")?;
        Ok(rows
            .into_iter()
            .filter_map(|r| r.into_iter().next())
            .collect())
    };
    // The names as the lake's reference tables write them, without the suffix a title leaves off (市, 省 …).
    let mut names: Vec<String> = Vec::new();
    for reference in ["cities", "provinces"] {
        for name in text(&format!(
            "SELECT DISTINCT name_zh FROM {}",
            sql_ident(reference)
        ))? {
            let short = ["自治州", "地区", "市", "省", "盟"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .unwrap_or(&name)
                .to_string();
            if short.chars().count() >= 2 && !script::has_traditional(&short) {
                names.push(short);
            }
        }
    }
    let mut lines = Vec::new();
    for column in columns {
        let values = text(&format!(
            "SELECT DISTINCT {c} FROM (SELECT {c} FROM {t} WHERE {c} IS NOT NULL LIMIT {LOOKED_AT}) AS v",
            c = sql_ident(column),
            t = sql_ident(table.name)
        ))?;
        let mut examples: Vec<String> = Vec::new();
        let mut count = 0;
        for value in values.iter().filter(|v| script::has_traditional(v)) {
            let folded = script::simplified(value);
            if let Some(name) = names
                .iter()
                .find(|n| folded.contains(n.as_str()) && !value.contains(n.as_str()))
            {
                count += 1;
                if examples.len() < 3 {
                    let shown: String = value.chars().take(20).collect();
                    examples.push(format!("{shown} ({name})"));
                }
            }
        }
        if count > 0 {
            lines.push(format!(
                "`{}.{column}` writes {count} value{} in traditional script where the lake's cities and provinces are \
                 simplified, e.g. {}: a search for one spelling does not find the other",
                table.name,
                if count == 1 { "" } else { "s" },
                examples.join(", ")
            ));
        }
    }
    Ok(lines)
}
