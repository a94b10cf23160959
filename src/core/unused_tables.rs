//! The contract's tables a lake does not use: a chain-only bureau has no ratings or funding, and `lake check` should
//! say so instead of calling their emptiness an error. Kept in the lake as a short text file (one table name a line,
//! `#` comments), written by `lake init --tables` or edited by hand; read as hostile text — a name that is not a
//! contract table is an error naming the file and the line, and nothing from it ever reaches SQL.

use std::io::Read;
use std::path::Path;

use crate::core::contract;
use crate::core::error::{Error, Result};

/// The file's name in the lake's folder (a `_` name: no reader takes it for a table).
pub const FILE: &str = "_unused-tables.txt";

/// Larger than any list of the contract's tables with comments.
const MAX_BYTES: u64 = 64 * 1024;

/// The tables `lake init` fills itself: always used.
const REFERENCE: [&str; 3] = ["provinces", "cities", "sources"];

/// The tables the lake at `root` says it does not use (none when it has no such file).
pub fn read(root: &Path) -> Result<Vec<&'static str>> {
    let path = root.join(FILE);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let wrong = if meta.file_type().is_symlink() {
        Some("a symbolic link".to_string())
    } else if !meta.is_file() {
        Some("not a regular file".to_string())
    } else if meta.len() > MAX_BYTES {
        Some(format!("{} bytes, more than {MAX_BYTES}", meta.len()))
    } else {
        None
    };
    if let Some(wrong) = wrong {
        return Err(Error::Invalid(format!(
            "{}: {wrong}; it should be a short text file of table names (one a line)",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| f.take(MAX_BYTES).read_to_end(&mut bytes))
        .map_err(|e| Error::io(&path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        Error::Invalid(format!("{}: line {line}: not UTF-8 text", path.display()))
    })?;
    // Editors on Windows start a file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    parse(text)
        .map_err(|(line, why)| Error::Invalid(format!("{}: line {line}: {why}", path.display())))
}

/// The names of `text`, or the first bad line's number and what is wrong with it.
fn parse(text: &str) -> std::result::Result<Vec<&'static str>, (usize, String)> {
    let mut names = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let name = line.split('#').next().unwrap_or_default().trim();
        if name.is_empty() {
            continue;
        }
        let head: String = name.chars().take(60).collect();
        let shown = crate::core::cells::escape_control(&head).into_owned();
        let table = contract::table(name).ok_or_else(|| {
            (
                i + 1,
                format!(
                    "`{shown}` is not a table of the contract (tables: {})",
                    tables()
                ),
            )
        })?;
        if REFERENCE.contains(&table.name) {
            return Err((
                i + 1,
                format!(
                    "`{}` is filled by `lake init`: every lake uses it",
                    table.name
                ),
            ));
        }
        if !names.contains(&table.name) {
            names.push(table.name);
        }
    }
    Ok(names)
}

/// The file `lake init --tables USED` writes: every contract table not in `used` (nor a reference table), after a
/// line saying what it is.
pub fn text_for(used: &[String]) -> Result<String> {
    let used: Vec<&str> = used
        .iter()
        .map(|u| u.trim())
        .filter(|u| !u.is_empty())
        .collect();
    for name in &used {
        if contract::table(name).is_none() {
            return Err(Error::Usage(format!(
                "--tables: `{}` is not a table of the contract (tables: {})",
                crate::core::cells::escape_control(name),
                tables()
            )));
        }
    }
    let mut text = String::from(
        "# Tables of the contract this lake does not use: `lake check` notes them when empty.\n",
    );
    for table in contract::TABLES
        .iter()
        .filter(|t| !used.contains(&t.name) && !REFERENCE.contains(&t.name))
    {
        text.push_str(table.name);
        text.push('\n');
    }
    Ok(text)
}

fn tables() -> String {
    contract::TABLES
        .iter()
        .map(|t| t.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_comments_and_a_hostile_line() {
        assert_eq!(
            parse("# none of these\nratings\n  funding  # no money here\n\nratings\n"),
            Ok(vec!["ratings", "funding"])
        );
        assert!(
            matches!(parse("cities\n"), Err((1, why)) if why.contains("filled by `lake init`"))
        );
        let hidden = parse("ratings\0\n");
        assert!(
            matches!(&hidden, Err((1, why)) if why.contains("ratings\\x00")),
            "{hidden:?}"
        );
        let bad = parse("ratings\nx'); DROP TABLE y; --\n");
        assert!(
            matches!(&bad, Err((2, why)) if why.contains("is not a table")),
            "{bad:?}"
        );
        let text = text_for(&["chains".into(), "projects".into()]).expect("text");
        assert!(!text.lines().any(|l| l == "chains" || l == "projects"));
        assert!(text.lines().any(|l| l == "ratings"));
        assert!(!text.lines().any(|l| l == "sources"));
        assert!(text_for(&["ratingz".into()]).is_err());
    }
}
