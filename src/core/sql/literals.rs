//! The one place a parameter's value becomes SQL text. An engine that binds parameters never needs it; one that
//! cannot (a Flight SQL server without parameterised prepared statements, DuckDB's CLI in the benchmark) gets the
//! statement with each `$name` replaced by a strictly typed literal of its dialect. The placeholders are found by
//! DuckDB's own lexer (`gate::tokens`, the reading the gate decided by), never by a second one, and the result goes
//! through the gate again, whole.

use crate::core::error::{Error, Result};
use crate::core::gate::{self, CheckedSql, TokenKind};
use crate::core::sql::Value;

/// How an engine reads a string literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB and standard SQL: a quote is written twice, a backslash is itself.
    Standard,
    /// Spark SQL (Sail, Spark): a backslash escapes the next character, and `${…}` is substituted before parsing. A
    /// quote, a backslash and a dollar sign are written as `\u0027`, `\u005c` and `\u0024`, so the literal holds
    /// none of them: Spark reads one string token, and the very value.
    Spark,
    /// The MySQL family (Apache Doris, StarRocks): a backslash escapes the next character in a string, `"…"` is a
    /// string, `#` starts a comment and `||` is OR. A quote, a backslash and NUL are written `''`, `\\` and `\0`;
    /// names go in backquotes; `IS NOT DISTINCT FROM` is written `<=>`.
    MySql,
}

impl Dialect {
    /// Every dialect qlake writes, in the order its messages list them.
    pub const ALL: [Dialect; 3] = [Dialect::Standard, Dialect::Spark, Dialect::MySql];

    /// Its name in a saved query's `-- engines:` line, `--engine-dialect` and the config file.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Standard => super::DUCKDB,
            Dialect::Spark => super::SPARK,
            Dialect::MySql => super::MYSQL,
        }
    }

    /// The remote dialect named `name` (`spark`, `mysql`); the error lists those there are.
    pub fn remote(name: &str) -> Result<Dialect> {
        match name.trim().to_ascii_lowercase().as_str() {
            "spark" | "sail" => Ok(Dialect::Spark),
            "mysql" | "doris" | "starrocks" => Ok(Dialect::MySql),
            other => Err(Error::Usage(format!(
                "engine dialect `{other}`: qlake writes `spark` (Sail, Spark) or `mysql` (Apache Doris, StarRocks)"
            ))),
        }
    }

    /// How a user knows it, for messages.
    fn shown(self) -> &'static str {
        match self {
            Dialect::Standard => "standard-SQL",
            Dialect::Spark => "Spark",
            Dialect::MySql => "MySQL-family (Doris, StarRocks)",
        }
    }
}

/// `value` as a literal of `dialect`, of the type qlake binds for it.
pub fn literal(value: &Value, dialect: Dialect) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(n) => format!("CAST({} AS BIGINT)", text(&n.to_string(), dialect)),
        Value::Boolean(b) => b.to_string(),
        Value::Decimal(d) => format!("CAST({} AS DECIMAL(38, 10))", text(d, dialect)),
        Value::Date(d) => format!("DATE {}", text(d, dialect)),
        Value::Text(s) => text(s, dialect),
    }
}

fn text(s: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Standard => format!("'{}'", s.replace('\'', "''")),
        Dialect::Spark => format!(
            "'{}'",
            s.replace('\\', "\\u005c")
                .replace('\'', "\\u0027")
                .replace('$', "\\u0024")
        ),
        // A quote written twice ends the string where DuckDB's ends whether or not the server reads backslash
        // escapes (MySQL's NO_BACKSLASH_ESCAPES); Doris and StarRocks read them, so a backslash is `\\` and NUL `\0`.
        // Ctrl-Z is `\Z`: a Windows client would end the statement at it.
        Dialect::MySql => {
            let mut out = String::with_capacity(s.len() + 2);
            out.push('\'');
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\'' => out.push_str("''"),
                    '\0' => out.push_str("\\0"),
                    '\u{1a}' => out.push_str("\\Z"),
                    c => out.push(c),
                }
            }
            out.push('\'');
            out
        }
    }
}

/// A `$name` placeholder: where it is in the text, and its name.
struct Placeholder<'a> {
    start: usize,
    end: usize,
    name: &'a str,
}

/// The `$name` placeholders of `sql` in order, as DuckDB's lexer reads them (never inside a string or a comment). A
/// positional placeholder (`?`, `$1`) is an error: a remote engine gets named parameters only.
fn named_placeholders(sql: &CheckedSql) -> Result<Vec<Placeholder<'_>>> {
    let text = sql.as_str();
    let tokens = gate::tokens(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        let word = text[token.start..token.end].trim_end();
        let placeholder = match token.kind {
            TokenKind::Text | TokenKind::Comment => None,
            // DuckDB's lexer reads `$name` as one token or as `$` and a name, by version.
            _ if word == "$" => match tokens.get(i + 1) {
                Some(next) if next.start == token.start + 1 => {
                    let name = text[next.start..next.end].trim_end();
                    i += 1;
                    Some((token.start, next.start + name.len(), name))
                }
                _ => None,
            },
            _ if word.starts_with('$') && word.len() > 1 => {
                Some((token.start, token.start + word.len(), &word[1..]))
            }
            _ if word == "?" => {
                return Err(Error::Usage(
                    "a remote engine gets named parameters only ($name); this statement has a `?`"
                        .into(),
                ));
            }
            _ => None,
        };
        if let Some((start, end, name)) = placeholder {
            if name.chars().all(|c| c.is_ascii_digit()) {
                return Err(Error::Usage(format!(
                    "a remote engine gets named parameters only ($name); this statement has `${name}`"
                )));
            }
            found.push(Placeholder { start, end, name });
        }
        i += 1;
    }
    Ok(found)
}

/// The names of `sql`'s `$name` parameters, each once, in order of first use.
pub fn placeholders(sql: &CheckedSql) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for p in named_placeholders(sql)? {
        if !names.iter().any(|n| n == p.name) {
            names.push(p.name.to_string());
        }
    }
    Ok(names)
}

/// `sql` with every `$name` placeholder replaced by its value's literal. A placeholder without a value, or a
/// positional placeholder (`?`, `$1`), is an error naming it.
pub fn render(
    sql: &CheckedSql,
    params: &[(String, Value)],
    dialect: Dialect,
) -> Result<CheckedSql> {
    substitute(sql, params, |value| literal(value, dialect)).map(|(sql, _)| sql)
}

/// `sql` with every `$name` placeholder replaced by `?`, and the values in the order of the `?`s (a name used twice
/// is bound twice): for an engine that binds a prepared statement's positional parameters, so no value is ever
/// written into the text.
pub fn positional(
    sql: &CheckedSql,
    params: &[(String, Value)],
) -> Result<(CheckedSql, Vec<Value>)> {
    substitute(sql, params, |_| "?".to_string())
}

/// Each placeholder of `sql` replaced by what `write` makes of its value; the values in the order of the text. The
/// result goes through the gate again, whole.
fn substitute(
    sql: &CheckedSql,
    params: &[(String, Value)],
    write: impl Fn(&Value) -> String,
) -> Result<(CheckedSql, Vec<Value>)> {
    let text = sql.as_str();
    let mut out = String::with_capacity(text.len());
    let mut values = Vec::new();
    let mut copied = 0;
    for Placeholder { start, end, name } in named_placeholders(sql)? {
        let value = params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| Error::Usage(format!("parameter `{name}` has no value")))?;
        out.push_str(&text[copied..start]);
        out.push_str(&write(value));
        values.push(value.clone());
        copied = end;
    }
    out.push_str(&text[copied..]);
    Ok((gate::check(&out)?, values))
}

/// A checked statement written again for `dialect` from DuckDB's reading of it (its lexer's tokens, its parser's value
/// of each string), so the engine parses what the gate checked: every string literal is written from DuckDB's value
/// in the dialect's escaping (`'%\\'` is one string to DuckDB and must stay one on Spark, where `\\'` escapes the
/// quote), every quoted identifier in the dialect's quoting, every comment dropped (the dialects end comments
/// differently); numbers, keywords, names and operators are kept as written. A token that cannot be written so is
/// refused, naming it.
///
/// With a `database` (its parts: `[db]` or `[catalog, db]`), each of the lake's tables the statement names (not its
/// CTEs), at the place DuckDB's parse says it stands, is written `db.table`.
pub fn engine_text(
    sql: &CheckedSql,
    dialect: Dialect,
    database: Option<&[String]>,
) -> Result<String> {
    let text = sql.as_str();
    let tokens = gate::tokens(text);
    let qualifier = match database {
        None => None,
        Some(parts) => {
            let lake_tables: Vec<&str> = crate::core::contract::TABLES
                .iter()
                .map(|t| t.name)
                .collect();
            // DuckDB's parser reads these as a plain space before it parses (outside strings and quoted names), so
            // the places it gives are in a shorter text than the lexer's: a table would be qualified at the wrong
            // token. Found by an attack: `/*\u{3000}*/` moved the qualifier onto a CTE's name.
            if let Some(token) = tokens.iter().find(|t| {
                let whole = &text[t.start..t.end];
                let quoted = t.kind == TokenKind::Text || whole.starts_with('"');
                !quoted && whole.chars().any(stripped_by_duckdb)
            }) {
                let shown: String = text[token.start..token.end].chars().take(20).collect();
                return Err(Error::Usage(format!(
                    "`{}` holds a Unicode space (U+3000, U+00A0 …) outside a string: write an ASCII space, so \
                     the lake's tables can be placed in the engine's database exactly",
                    shown.trim()
                )));
            }
            let offsets = gate::table_offsets(sql, &lake_tables).ok_or_else(|| {
                Error::Usage("DuckDB's parse does not say where each table stands, so it cannot be qualified".into())
            })?;
            let written: Option<Vec<String>> =
                parts.iter().map(|p| identifier(p, dialect)).collect();
            let prefix = written
                .ok_or_else(|| cannot_send(&parts.join("."), dialect))?
                .join(".");
            Some((offsets, prefix))
        }
    };
    let lead = &text[..tokens.first().map_or(text.len(), |t| t.start)];
    if !lead.trim().is_empty() {
        return Err(cannot_send(lead.trim(), dialect));
    }
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(lead);
    let keyword = |i: usize, wanted: &str| {
        tokens.get(i).is_some_and(|t: &gate::Token| {
            t.kind == TokenKind::Keyword
                && text[t.start..t.end].trim_end().eq_ignore_ascii_case(wanted)
        })
    };
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        let whole = &text[token.start..token.end];
        let word = whole.trim_end();
        match token.kind {
            TokenKind::Text => {
                let value =
                    gate::string_literal_value(word).ok_or_else(|| cannot_send(word, dialect))?;
                out.push_str(&self::text(&value, dialect));
            }
            TokenKind::Comment => out.push(' '),
            // MySQL's null-safe equality has its own operator; `IS DISTINCT FROM` has none qlake can write without
            // the expression's bounds.
            _ if dialect == Dialect::MySql
                && keyword(i, "IS")
                && keyword(i + 1, "NOT")
                && keyword(i + 2, "DISTINCT")
                && keyword(i + 3, "FROM") =>
            {
                // `<=>` binds as `=` and LIKE do in MySQL, more tightly than IS NOT DISTINCT FROM in DuckDB: the
                // rewrite keeps the reading only where neither side can take another operator.
                if !operands_bounded(&tokens, text, i) {
                    return Err(Error::Usage(
                        "`IS NOT DISTINCT FROM` is written `<=>` for a MySQL-family engine (Doris, StarRocks), which \
                         binds it as tightly as `=` and LIKE; put each side in brackets, (a) IS NOT DISTINCT FROM (b), \
                         and the comparison beside it apart"
                            .into(),
                    ));
                }
                out.push_str("<=>");
                i += 3;
                let last = tokens[i];
                let whole = &text[last.start..last.end];
                out.extend(ascii_blanks(&whole[whole.trim_end().len()..]));
                i += 1;
                continue;
            }
            _ if dialect == Dialect::MySql && keyword(i, "IS") && keyword(i + 1, "DISTINCT") => {
                return Err(Error::Usage(
                    "`IS DISTINCT FROM` has no MySQL-family (Doris, StarRocks) form qlake writes, so the statement \
                     is not sent; write NOT (a IS NOT DISTINCT FROM b)"
                        .into(),
                ));
            }
            _ if dialect == Dialect::MySql && word == "||" => {
                return Err(Error::Usage(
                    "`||` is OR to a MySQL-family engine (Doris, StarRocks), not concatenation, so the statement is \
                     not sent; a query for it joins text with concat()"
                        .into(),
                ));
            }
            _ if dialect == Dialect::MySql && word == "::" => {
                return Err(Error::Usage(
                    "`::` is not a cast to a MySQL-family engine (Doris, StarRocks), so the statement is not sent; \
                     write CAST(x AS type)"
                        .into(),
                ));
            }
            _ if qualifier
                .as_ref()
                .is_some_and(|(offsets, _)| offsets.contains(&token.start)) =>
            {
                let prefix = qualifier
                    .as_ref()
                    .map(|(_, p)| p.as_str())
                    .unwrap_or_default();
                let name = if let Some(inner) =
                    word.strip_prefix('"').and_then(|w| w.strip_suffix('"'))
                {
                    inner.replace("\"\"", "\"")
                } else if let Some(inner) = word.strip_prefix('`').and_then(|w| w.strip_suffix('`'))
                {
                    inner.replace("``", "`")
                } else {
                    word.to_string()
                };
                let name = identifier(&name, dialect).ok_or_else(|| cannot_send(word, dialect))?;
                out.push_str(&format!("{prefix}.{name}"));
            }
            TokenKind::Identifier if word.starts_with('"') => {
                let inner = word
                    .strip_prefix('"')
                    .and_then(|w| w.strip_suffix('"'))
                    .filter(|_| word.len() >= 2)
                    .ok_or_else(|| cannot_send(word, dialect))?
                    .replace("\"\"", "\"");
                out.push_str(
                    &identifier(&inner, dialect).ok_or_else(|| cannot_send(word, dialect))?,
                );
            }
            TokenKind::Error => return Err(cannot_send(word, dialect)),
            // The engines read more than DuckDB outside strings and quoted names: a backslash escape, `${…}` (Spark),
            // `$…$` strings (Sail), `#` comments (MySQL), and Unicode spaces (U+00A0 …) that would split what DuckDB
            // read as one name.
            _ if dialect != Dialect::Standard
                && (word.contains('\\')
                    || word.contains('$')
                    || !word.is_ascii()
                    || (dialect == Dialect::MySql && word.contains('#'))) =>
            {
                return Err(cannot_send(word, dialect));
            }
            _ => out.push_str(word),
        }
        out.extend(ascii_blanks(&whole[word.len()..]));
        i += 1;
    }
    // Spark substitutes `${…}` across the whole text before it parses, so it must not form between two tokens either.
    if dialect == Dialect::Spark && out.contains("${") {
        return Err(cannot_send("${", dialect));
    }
    Ok(out)
}

/// Whether the two sides of the `IS NOT DISTINCT FROM` whose `IS` is token `is` are each one operand (a name, a
/// value, a call or a bracketed expression) standing between words that end an expression (AND, OR, WHERE, a comma,
/// a bracket …): then `<=>` reads alike in DuckDB and MySQL whatever their precedences.
fn operands_bounded(all: &[gate::Token], text: &str, is: usize) -> bool {
    // Comments stand between tokens without being any: the neighbours are the tokens around them.
    let tokens: Vec<gate::Token> = all
        .iter()
        .filter(|t| t.kind != TokenKind::Comment)
        .copied()
        .collect();
    let Some(is) = tokens.iter().position(|t| t.start == all[is].start) else {
        return false;
    };
    const BEFORE: [&str; 11] = [
        "AND", "OR", "WHERE", "ON", "WHEN", "THEN", "ELSE", "HAVING", "SELECT", "(", ",",
    ];
    const AFTER: [&str; 29] = [
        "AND",
        "OR",
        "THEN",
        "WHEN",
        "ELSE",
        "END",
        ")",
        ",",
        "GROUP",
        "ORDER",
        "LIMIT",
        "OFFSET",
        "HAVING",
        "UNION",
        "EXCEPT",
        "INTERSECT",
        ";",
        "AS",
        "FROM",
        "WHERE",
        "WINDOW",
        "QUALIFY",
        "LEFT",
        "RIGHT",
        "INNER",
        "FULL",
        "CROSS",
        "NATURAL",
        "JOIN",
    ];
    let word = |i: usize| {
        text[tokens[i].start..tokens[i].end]
            .trim_end()
            .to_ascii_uppercase()
    };
    let bracket_match = |from: usize, forward: bool| -> Option<usize> {
        let (open, close) = if forward { ("(", ")") } else { (")", "(") };
        let mut depth = 0usize;
        let mut i = from;
        loop {
            let w = word(i);
            if w == open {
                depth += 1;
            } else if w == close {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            i = if forward { i + 1 } else { i.checked_sub(1)? };
            if i >= tokens.len() {
                return None;
            }
        }
    };
    let name_like = |i: usize| {
        !matches!(tokens[i].kind, TokenKind::Operator | TokenKind::Comment)
            && !BEFORE.contains(&word(i).as_str())
            && !AFTER.contains(&word(i).as_str())
    };
    // The left operand ends just before IS; where does it start?
    let Some(end) = is.checked_sub(1) else {
        return false;
    };
    let mut start = if word(end) == ")" {
        match bracket_match(end, false) {
            // A call: the function's name before its bracket.
            Some(open) if open > 0 && name_like(open - 1) => open - 1,
            Some(open) => open,
            None => return false,
        }
    } else if name_like(end) {
        end
    } else {
        return false;
    };
    while start >= 2 && word(start - 1) == "." && name_like(start - 2) {
        start -= 2;
    }
    if start > 0 && !BEFORE.contains(&word(start - 1).as_str()) {
        return false;
    }
    // The right operand starts after FROM.
    let first = is + 4;
    if first >= tokens.len() {
        return false;
    }
    let mut last = if word(first) == "(" {
        match bracket_match(first, true) {
            Some(close) => close,
            None => return false,
        }
    } else if name_like(first) {
        if first + 1 < tokens.len() && word(first + 1) == "(" {
            match bracket_match(first + 1, true) {
                Some(close) => close,
                None => return false,
            }
        } else {
            first
        }
    } else {
        return false;
    };
    while last + 2 < tokens.len() && word(last + 1) == "." && name_like(last + 2) {
        last += 2;
    }
    last + 1 >= tokens.len() || AFTER.contains(&word(last + 1).as_str())
}

/// The blanks after a token as they go out: ASCII, since an engine may read U+3000 as part of a name.
fn ascii_blanks(blanks: &str) -> impl Iterator<Item = char> + '_ {
    blanks.chars().map(|c| if c.is_ascii() { c } else { ' ' })
}

/// The characters DuckDB's parser turns into a plain space before it parses (`Parser::StripUnicodeSpaces`).
fn stripped_by_duckdb(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{2000}'
            ..='\u{200b}' | '\u{202f}' | '\u{205f}' | '\u{2060}' | '\u{3000}' | '\u{feff}'
    )
}

/// A quoted identifier in `dialect`'s quoting; `None` where it cannot be written safely.
fn identifier(name: &str, dialect: Dialect) -> Option<String> {
    match dialect {
        Dialect::Standard => Some(format!("\"{}\"", name.replace('"', "\"\""))),
        // Spark substitutes `${…}` anywhere in the text before it parses.
        Dialect::Spark if name.contains("${") => None,
        Dialect::Spark | Dialect::MySql => Some(format!("`{}`", name.replace('`', "``"))),
    }
}

fn cannot_send(token: &str, dialect: Dialect) -> Error {
    let shown: String = token.chars().take(40).collect();
    Error::Usage(format!(
        "`{shown}` cannot be written for the {} engine exactly as DuckDB reads it, so the statement is not sent; \
         write it as a plain '…' string or name",
        dialect.shown()
    ))
}

#[cfg(test)]
mod tests;
