//! The read-only gate in front of every user-written statement (`qlake sql`, the SQL console).
//!
//! DuckDB itself is locked down (no external access outside the lake, configuration locked), but an in-memory
//! database still accepts `CREATE`, `COPY` into the lake folder, and the like. This gate refuses anything that is
//! not one read-only statement before DuckDB sees it. It tokenizes the text the way DuckDB's lexer does for the
//! parts that matter (strings, quoted identifiers, comments, dollar quoting), so a keyword hidden in a string is
//! not refused and one hidden in a comment trick is not missed.

use crate::core::error::{Error, Result};

/// Statements that only read.
const READ_STARTS: &[&str] = &[
    "SELECT",
    "WITH",
    "FROM",
    "VALUES",
    "TABLE",
    "DESCRIBE",
    "SHOW",
    "SUMMARIZE",
    "EXPLAIN",
    "PIVOT",
    "UNPIVOT",
];

/// Keywords of statements that write, attach, install, load or configure. Refused wherever they stand as bare
/// words (a column with such a name can be written as a quoted identifier).
const WRITE_WORDS: &[&str] = &[
    "ABORT",
    "ALTER",
    "ATTACH",
    "BEGIN",
    "CALL",
    "CHECKPOINT",
    "COMMIT",
    "COPY",
    "CREATE",
    "DEALLOCATE",
    "DELETE",
    "DETACH",
    "DROP",
    "EXECUTE",
    "EXPORT",
    "FORCE",
    "GRANT",
    "IMPORT",
    "INSERT",
    "INSTALL",
    "LOAD",
    "MERGE",
    "PRAGMA",
    "PREPARE",
    "RESET",
    "REVOKE",
    "ROLLBACK",
    "SET",
    "TRUNCATE",
    "UPDATE",
    "USE",
    "VACUUM",
];

/// Functions that run SQL text or read the environment; refused when called.
const FORBIDDEN_CALLS: &[&str] = &["QUERY", "GETENV", "CURRENT_SETTING_SET"];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Symbol(char),
    Literal,
}

/// Refuses everything but a single read-only statement.
pub fn ensure_read_only(sql: &str) -> Result<()> {
    let tokens = tokenize(sql)?;
    let statements: Vec<&[Token]> = tokens
        .split(|t| *t == Token::Symbol(';'))
        .filter(|s| !s.is_empty())
        .collect();
    match statements.len() {
        0 => return Err(refused("the statement is empty")),
        1 => {}
        n => {
            return Err(refused(&format!(
                "{n} statements found; qlake runs exactly one read-only statement at a time"
            )));
        }
    }
    let statement = statements[0];
    // After any opening parentheses, the first token must be a keyword of a reading statement.
    match statement.iter().find(|t| **t != Token::Symbol('(')) {
        Some(Token::Word(w)) if READ_STARTS.contains(&w.as_str()) => {}
        Some(Token::Word(w)) => {
            return Err(refused(&format!(
                "`{w}` statements are not allowed; qlake runs read-only queries (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)"
            )));
        }
        _ => {
            return Err(refused(
                "a query must start with SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN",
            ));
        }
    }
    for (i, token) in statement.iter().enumerate() {
        let Token::Word(w) = token else { continue };
        let after_dot = i > 0 && statement[i - 1] == Token::Symbol('.');
        if after_dot {
            continue;
        }
        if WRITE_WORDS.contains(&w.as_str()) {
            return Err(refused(&format!(
                "`{w}` is not allowed: qlake is read-only (write {w:?} in double quotes if it is a column name)",
                w = w.to_ascii_lowercase()
            )));
        }
        let called = statement.get(i + 1) == Some(&Token::Symbol('('));
        if called && FORBIDDEN_CALLS.contains(&w.as_str()) {
            return Err(refused(&format!(
                "the function `{}` is not allowed",
                w.to_ascii_lowercase()
            )));
        }
    }
    Ok(())
}

fn refused(reason: &str) -> Error {
    Error::Refused {
        reason: reason.to_string(),
    }
}

fn tokenize(sql: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = sql.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            // DuckDB (like PostgreSQL) nests block comments.
            let mut depth = 0usize;
            loop {
                if i + 1 >= chars.len() {
                    return Err(refused("unterminated /* comment"));
                }
                if chars[i] == '/' && chars[i + 1] == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars[i + 1] == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '\'' {
            i = skip_quoted(&chars, i, '\'', false)
                .ok_or_else(|| refused("unterminated string literal"))?;
            tokens.push(Token::Literal);
        } else if c == '"' {
            i = skip_quoted(&chars, i, '"', false)
                .ok_or_else(|| refused("unterminated quoted identifier"))?;
            tokens.push(Token::Literal);
        } else if c == '$' {
            let tag_end = chars[i + 1..]
                .iter()
                .position(|&ch| !(ch.is_alphanumeric() || ch == '_'))
                .map(|p| i + 1 + p);
            match tag_end {
                Some(end) if chars[end] == '$' => {
                    let tag: String = chars[i..=end].iter().collect();
                    let rest: String = chars[end + 1..].iter().collect();
                    let close = rest
                        .find(&tag)
                        .ok_or_else(|| refused("unterminated $-quoted string"))?;
                    i = end + 1 + rest[..close].chars().count() + tag.chars().count();
                    tokens.push(Token::Literal);
                }
                // A positional parameter such as $1.
                _ => {
                    i += 1;
                    while i < chars.len() && chars[i].is_alphanumeric() {
                        i += 1;
                    }
                    tokens.push(Token::Literal);
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // E'...' strings take backslash escapes.
            if word.eq_ignore_ascii_case("e") && chars.get(i) == Some(&'\'') {
                i = skip_quoted(&chars, i, '\'', true)
                    .ok_or_else(|| refused("unterminated string literal"))?;
                tokens.push(Token::Literal);
            } else {
                tokens.push(Token::Word(word.to_ascii_uppercase()));
            }
        } else if c.is_ascii_digit() {
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_')
            {
                i += 1;
            }
            tokens.push(Token::Literal);
        } else {
            tokens.push(Token::Symbol(c));
            i += 1;
        }
    }
    Ok(tokens)
}

/// Index just past the closing quote, or None when the quote never closes.
fn skip_quoted(chars: &[char], open: usize, quote: char, backslash_escapes: bool) -> Option<usize> {
    let mut i = open + 1;
    while i < chars.len() {
        if backslash_escapes && chars[i] == '\\' {
            i += 2;
            continue;
        }
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(sql: &str) {
        assert!(
            ensure_read_only(sql).is_ok(),
            "should pass: {sql}: {:?}",
            ensure_read_only(sql)
        );
    }

    fn refused(sql: &str) {
        assert!(
            matches!(ensure_read_only(sql), Err(Error::Refused { .. })),
            "should be refused: {sql}"
        );
    }

    #[test]
    fn reads_pass() {
        ok("select 1");
        ok("SELECT 'drop table x; copy' AS s;");
        ok("with a as (select 1) select * from a");
        ok("from projects");
        ok("describe projects");
        ok("select \"load\" from t -- copy\n");
        ok("select $$ ; insert $$");
        ok("select t.set from t");
        ok("(select 1) union (select 2)");
        ok("select 1 /* ; drop */");
        // In an E-string a backslash escapes the quote, so all of this is one string literal.
        ok("select E'\\'; drop table x; --'");
    }

    #[test]
    fn writes_and_escapes_are_refused() {
        refused("copy projects to '/tmp/x.csv'");
        refused("select 1; select 2");
        refused("select 1; drop table x");
        refused("attach 'x.db'");
        refused("install httpfs");
        refused("load httpfs");
        refused("set threads=1");
        refused("pragma version");
        refused("create table x as select 1");
        refused("with a as (select 1) insert into x select * from a");
        refused("explain analyze copy x to 'y'");
        refused("select * from query('copy x to ''y''')");
        refused("select getenv('HOME')");
        refused("select 'unterminated");
        refused("select 1 /* open");
        refused("");
        refused("  ;  ");
    }
}
