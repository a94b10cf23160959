//! Reading a saved query's file: its `--` header (name, title, description, typed parameters, drill) and its SQL,
//! and parameter values typed by people.

use std::collections::BTreeMap;
use std::path::Path;

use crate::core::contract;
use crate::core::error::{Error, Result};
use crate::core::sql::Value;

use super::{Drill, Origin, Param, ParamKind, SavedQuery, Statement, TileKind};

/// Parse one value of a parameter; the error says what was expected.
pub fn parse_value(kind: &ParamKind, raw: &str) -> std::result::Result<Value, String> {
    // The language of the problem said (`errors.ftl`); the value is shown quoted and escaped as Rust's `{:?}` does.
    let lang = crate::i18n::process_lang();
    if raw.contains('\0') {
        return Err(crate::tr!(lang, "err-value-nul"));
    }
    let shown = || format!("{raw:?}");
    let trimmed = raw.trim();
    match kind {
        ParamKind::Text => Ok(Value::Text(raw.to_string())),
        ParamKind::Search => Ok(Value::Text(crate::core::script::search_form(raw.trim()))),
        ParamKind::Integer => trimmed
            .parse::<i64>()
            .map(Value::Integer)
            .map_err(|_| crate::tr!(lang, "err-value-not-integer", value = shown())),
        ParamKind::Decimal => {
            let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
            let valid = !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
                && digits.matches('.').count() <= 1
                && digits.chars().any(|c| c.is_ascii_digit());
            if valid {
                Ok(Value::Decimal(trimmed.to_string()))
            } else {
                Err(crate::tr!(lang, "err-value-not-decimal", value = shown()))
            }
        }
        ParamKind::Boolean => match trimmed.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Ok(Value::Boolean(true)),
            "false" | "no" | "0" | "off" => Ok(Value::Boolean(false)),
            _ => Err(crate::tr!(lang, "err-value-not-boolean", value = shown())),
        },
        ParamKind::Date => {
            if is_date(trimmed) {
                Ok(Value::Date(trimmed.to_string()))
            } else {
                Err(crate::tr!(lang, "err-value-not-date", value = shown()))
            }
        }
        ParamKind::Choice(values) => {
            match choose(values, trimmed).map(str::to_string).or_else(|| {
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                crate::i18n::vocabulary_value(&crate::core::script::search_form(trimmed), &values)
            }) {
                Some(value) => Ok(Value::Text(value)),
                None => Err(crate::tr!(
                    lang,
                    "err-value-not-a-choice",
                    value = shown(),
                    choices = values.join(crate::tr!(lang, "err-list-separator").as_str())
                )),
            }
        }
        // Which values the lake holds is the lake's to say (`lake_values`); a province may be named as people name it.
        ParamKind::ChoiceOf {
            column: "province_code",
            ..
        } => {
            let codes: Vec<String> = contract::PROVINCES
                .iter()
                .map(|(code, _, _)| code.to_string())
                .collect();
            choose(&codes, trimmed)
                .map(|code| Value::Text(code.to_string()))
                .ok_or_else(|| crate::tr!(lang, "err-value-not-a-province", value = shown()))
        }
        // A vocabulary's value may be given as people read it (`专项资金` for `special fund`).
        ParamKind::ChoiceOf { table, column } => {
            let allowed = contract::table(table)
                .and_then(|t| t.column(column))
                .map_or(&[][..], |c| c.allowed);
            let named =
                crate::i18n::vocabulary_value(&crate::core::script::search_form(trimmed), allowed);
            Ok(Value::Text(named.unwrap_or_else(|| trimmed.to_string())))
        }
    }
}

/// The choice a person meant: the value itself in any case, or another name of it — a province's Chinese or English
/// name with or without 省/市/自治区 (`湖北`, `hubei` for CN-HB), a rating's Chinese name (`优秀` for excellent).
pub fn choose<'a>(values: &'a [String], typed: &str) -> Option<&'a str> {
    let typed = typed.trim();
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    values
        .iter()
        .find(|v| same(v, typed) || aliases(v).iter().any(|a| same(a, typed)))
        .map(String::as_str)
}

fn aliases(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((_, zh, en)) = contract::PROVINCES
        .iter()
        .find(|(code, _, _)| *code == value)
    {
        out.push(zh.to_string());
        out.push(en.to_string());
        let short = [
            "维吾尔自治区",
            "壮族自治区",
            "回族自治区",
            "自治区",
            "省",
            "市",
        ]
        .iter()
        .find_map(|suffix| zh.strip_suffix(suffix));
        out.extend(short.map(str::to_string));
        out.extend(en.split(" (").next().map(str::to_string));
        out.extend(value.strip_prefix("CN-").map(str::to_string));
    }
    if let Some(i) = contract::RATINGS.iter().position(|r| *r == value) {
        out.extend(contract::RATINGS_ZH.get(i).map(|z| z.to_string()));
    }
    out
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    if y.to_string().len() != 4 || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    d <= days[(m - 1) as usize]
}

/// Parse a query file. Errors name the file and line.
pub fn parse(text: &str, path: &Path, origin: Origin) -> Result<SavedQuery> {
    let err =
        |line: usize, msg: String| Error::Invalid(format!("{}:{line}: {msg}", path.display()));
    let mut fields: BTreeMap<&str, String> = BTreeMap::new();
    let mut description = Vec::new();
    let mut description_zh: Vec<String> = Vec::new();
    let mut described_zh: Vec<(String, String, usize)> = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    let mut drills = Vec::new();
    let mut engines: Option<Vec<String>> = None;
    let mut tile: Option<TileKind> = None;
    let mut body_start = text.len();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        let Some(header) = trimmed.strip_prefix("--") else {
            if trimmed.is_empty() {
                offset += line.len();
                continue;
            }
            body_start = offset;
            break;
        };
        offset += line.len();
        let header = header.trim();
        if header.is_empty() {
            continue;
        }
        let Some((key, value)) = header.split_once(':') else {
            return Err(err(
                number,
                format!("expected `key: value` in the header, found {header:?}"),
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "name" | "title" | "title_zh" => {
                let key: &'static str = match key {
                    "name" => "name",
                    "title" => "title",
                    _ => "title_zh",
                };
                if fields.insert(key, value.to_string()).is_some() {
                    return Err(err(number, format!("`{key}` given twice")));
                }
            }
            "description" => description.push(value.to_string()),
            "description_zh" => description_zh.push(value.to_string()),
            "drill" => drills.push(parse_drill(value).map_err(|m| err(number, m))?),
            "tile" => {
                if tile.is_some() {
                    return Err(err(number, "`tile` given twice".into()));
                }
                tile = Some(TileKind::from_name(value).ok_or_else(|| {
                    err(
                        number,
                        format!(
                            "unknown tile `{value}` (use {})",
                            TileKind::ALL.map(TileKind::name).join(", ")
                        ),
                    )
                })?);
            }
            "engines" => {
                if engines.is_some() {
                    return Err(err(number, "`engines` given twice".into()));
                }
                engines = Some(parse_engines(value).map_err(|m| err(number, m))?);
            }
            // `-- param_zh NAME: 描述`: a declared parameter's description for a reader of Chinese.
            _ if key.starts_with("param_zh ") => {
                let name = key["param_zh ".len()..].trim();
                if described_zh.iter().any(|(n, _, _)| n == name) {
                    return Err(err(number, format!("`param_zh {name}` given twice")));
                }
                described_zh.push((name.to_string(), value.to_string(), number));
            }
            _ if key.starts_with("param ") => {
                let name = key["param ".len()..].trim();
                let param = parse_param(name, value).map_err(|m| err(number, m))?;
                if params.iter().any(|p| p.name == param.name) {
                    return Err(err(
                        number,
                        format!("parameter `{}` declared twice", param.name),
                    ));
                }
                params.push(param);
            }
            other => {
                return Err(err(
                    number,
                    format!(
                        "unknown header key `{other}` (use name, title, title_zh, description, description_zh, param NAME, \
                         param_zh NAME, drill, engines, tile)"
                    ),
                ));
            }
        }
    }
    for (name, text, number) in described_zh {
        match params.iter_mut().find(|p| p.name == name) {
            Some(param) => param.description_zh = Some(text),
            None => {
                return Err(err(
                    number,
                    format!(
                        "`param_zh {name}` describes no declared parameter (declare it with `-- param {name}:`)"
                    ),
                ));
            }
        }
    }
    let name = fields
        .remove("name")
        .ok_or_else(|| err(1, "the header has no `-- name:` line".into()))?;
    check_query_name(&name).map_err(|e| err(1, e))?;
    let sql = text[body_start..]
        .trim()
        .trim_end_matches(';')
        .trim()
        .to_string();
    if sql.is_empty() {
        return Err(err(
            text.lines().count().max(1),
            "the file has a header but no SQL statement".into(),
        ));
    }
    let body_line = text[..body_start].matches('\n').count() + 1;
    let statement = match origin {
        Origin::User => Statement::checked_now(sql).map_err(|e| err(body_line, e.to_string()))?,
        Origin::Shipped => Statement::checked_when_used(sql),
    };
    for param in &params {
        if !statement.text().contains(&format!("${}", param.name)) {
            return Err(err(
                1,
                format!(
                    "parameter `{}` is declared but the SQL never uses ${}",
                    param.name, param.name
                ),
            ));
        }
    }
    Ok(SavedQuery {
        title: fields.remove("title").unwrap_or_else(|| name.clone()),
        title_zh: fields.remove("title_zh"),
        name,
        description: description.join(" "),
        // Chinese runs on without spaces between its lines.
        description_zh: description_zh.concat(),
        params,
        drills,
        tile,
        engines: engines.unwrap_or_else(|| vec![DUCKDB.to_string()]),
        statement,
        path: path.to_path_buf(),
        origin,
        overrides_shipped: false,
    })
}

fn is_query_name(name: &str) -> bool {
    check_query_name(name).is_ok()
}

/// The one rule for a saved query's name, used by the loader and by the TUI's save-as, with the one message.
pub fn check_query_name(name: &str) -> std::result::Result<(), String> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "query name {name:?} may hold only lowercase letters, digits, '-' and '_'"
        ))
    }
}

/// A user query file for `sql` named `name`, as the SQL console's save-as writes it.
pub fn query_file_text(name: &str, params: &[(String, String)], sql: &str) -> String {
    let mut text =
        format!("-- name: {name}\n-- title: {name}\n-- description: saved from the SQL console\n");
    for (param, kind) in params {
        text.push_str(&format!("-- param {param}: {kind}\n"));
    }
    text.push_str(sql);
    text.push('\n');
    text
}

/// The one rule for a parameter's name, with its message (a saved query's `$name`).
pub fn parse_param_name(name: &str) -> std::result::Result<(), String> {
    if is_param_name(name) {
        Ok(())
    } else {
        Err(format!(
            "parameter name {name:?} may hold only lowercase letters, digits and '_'"
        ))
    }
}

fn is_param_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub use crate::core::sql::{DUCKDB, MYSQL, SPARK};

/// `-- engines: duckdb, spark`: each known, none twice.
fn parse_engines(value: &str) -> std::result::Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for word in value.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        if ![DUCKDB, SPARK, MYSQL].contains(&word) {
            return Err(format!(
                "unknown engine `{word}` in `engines` (use {DUCKDB}, {SPARK}, {MYSQL})"
            ));
        }
        if out.iter().any(|w| w == word) {
            return Err(format!("engine `{word}` named twice"));
        }
        out.push(word.to_string());
    }
    if out.is_empty() {
        return Err(format!(
            "`engines` names none (use {DUCKDB}, {SPARK}, {MYSQL})"
        ));
    }
    Ok(out)
}

/// `TYPE [= DEFAULT] [required|optional] [| description]`
/// Whether `spec` is a parameter declaration the loader accepts (`TYPE [= DEFAULT] [required|optional]`).
pub fn check_param_spec(name: &str, spec: &str) -> std::result::Result<(), String> {
    parse_param(name, spec).map(|_| ())
}

fn parse_param(name: &str, spec: &str) -> std::result::Result<Param, String> {
    if !is_param_name(name) {
        return Err(format!(
            "parameter name {name:?} may hold only lowercase letters, digits and '_'"
        ));
    }
    let (spec, description) = match spec.split_once('|') {
        Some((s, d)) => (s.trim(), d.trim().to_string()),
        None => (spec.trim(), String::new()),
    };
    let (kind_text, rest) = if let Some(named) = spec.strip_prefix("choice of ") {
        // `choice of table.column`, then the rest.
        let named = named.trim_start();
        let end = named.find(char::is_whitespace).unwrap_or(named.len());
        (&spec[..spec.len() - named.len() + end], named[end..].trim())
    } else if let Some(open) = spec.strip_prefix("choice(") {
        let close = open.find(')').ok_or("choice( has no closing )")?;
        (
            &spec[.."choice(".len() + close + 1],
            open[close + 1..].trim(),
        )
    } else {
        match spec.split_once(char::is_whitespace) {
            Some((k, r)) => (k, r.trim()),
            None => (spec, ""),
        }
    };
    let kind = parse_kind(kind_text)?;
    let mut default = None;
    let mut required = None;
    let mut rest = rest;
    if let Some(after) = rest.strip_prefix('=') {
        let after = after.trim();
        let (value, tail) = match after.rsplit_once(char::is_whitespace) {
            Some((v, t)) if t == "required" || t == "optional" => (v.trim(), t),
            _ => (after, ""),
        };
        parse_value(&kind, value).map_err(|why| format!("default of `{name}`: {why}"))?;
        default = Some(value.to_string());
        rest = tail;
    }
    match rest {
        "" => {}
        "required" => required = Some(true),
        "optional" => required = Some(false),
        other => {
            return Err(format!(
                "unexpected {other:?} after the type of `{name}` (expected `= DEFAULT`, `required` or `optional`)"
            ));
        }
    }
    Ok(Param {
        name: name.to_string(),
        kind,
        required: required.unwrap_or(default.is_none()),
        default,
        description,
        description_zh: None,
    })
}

pub fn parse_kind(text: &str) -> std::result::Result<ParamKind, String> {
    Ok(match text {
        "text" => ParamKind::Text,
        "search" => ParamKind::Search,
        "integer" => ParamKind::Integer,
        "decimal" => ParamKind::Decimal,
        "boolean" => ParamKind::Boolean,
        "date" => ParamKind::Date,
        _ if text.starts_with("choice of ") => {
            let named = text["choice of ".len()..].trim();
            let (table, column) = named.split_once('.').ok_or_else(|| {
                format!("`choice of {named}`: name a table's column, as in provinces.province_code")
            })?;
            let table = contract::table(table)
                .ok_or_else(|| format!("`choice of {named}`: the lake has no table `{table}`"))?;
            let column = table.column(column).ok_or_else(|| {
                format!(
                    "`choice of {named}`: table `{}` has no column `{column}`",
                    table.name
                )
            })?;
            ParamKind::ChoiceOf {
                table: table.name,
                column: column.name,
            }
        }
        _ if text.starts_with("choice(") && text.ends_with(')') => {
            let values: Vec<String> = text["choice(".len()..text.len() - 1]
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            if values.is_empty() {
                return Err("choice() needs at least one value".into());
            }
            ParamKind::Choice(values)
        }
        other => {
            return Err(format!(
                "unknown parameter type {other:?} (text, integer, decimal, boolean, date, choice(a, b), \
                 choice of table.column)"
            ));
        }
    })
}

/// `QUERY PARAM=COLUMN [PARAM=COLUMN ...]`
fn parse_drill(spec: &str) -> std::result::Result<Drill, String> {
    let mut words = spec.split_whitespace();
    let query = words.next().ok_or("drill needs a query name")?.to_string();
    if !is_query_name(&query) {
        return Err(format!("drill target {query:?} is not a query name"));
    }
    let mut bind = Vec::new();
    let mut when = None;
    while let Some(word) = words.next() {
        if word == "when" {
            let condition = words
                .next()
                .and_then(|w| w.split_once('='))
                .ok_or("`when` needs COLUMN=VALUE")?;
            when = Some((condition.0.to_string(), condition.1.to_string()));
            if let Some(extra) = words.next() {
                return Err(format!("unexpected {extra:?} after the `when` condition"));
            }
            break;
        }
        let (param, column) = word
            .split_once('=')
            .ok_or_else(|| format!("drill binding {word:?} is not PARAM=COLUMN"))?;
        bind.push((param.to_string(), column.to_string()));
    }
    Ok(Drill { query, bind, when })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(header: &str) -> Result<SavedQuery> {
        parse(
            &format!("-- name: q\n{header}SELECT 1"),
            Path::new("q.sql"),
            Origin::User,
        )
    }

    #[test]
    fn a_parameter_is_described_in_chinese_only_once_and_only_if_declared() {
        let parse = |header: &str| {
            parse(
                &format!("-- name: q\n{header}SELECT $year"),
                Path::new("q.sql"),
                Origin::User,
            )
        };
        let q =
            parse("-- param year: integer | Year\n-- param_zh year: 年份\n").expect("described");
        assert_eq!(q.params[0].description_in(true), "年份");
        assert_eq!(q.params[0].description_in(false), "Year");
        let undeclared =
            parse("-- param year: integer | Year\n-- param_zh yaer: 年份\n").expect_err("typo");
        assert!(
            undeclared
                .to_string()
                .contains("`param_zh yaer` describes no declared parameter"),
            "{undeclared}"
        );
        let twice = parse("-- param year: integer\n-- param_zh year: 年\n-- param_zh year: 年份\n")
            .expect_err("twice");
        assert!(twice.to_string().contains("given twice"), "{twice}");
    }

    #[test]
    fn a_query_is_for_duckdb_unless_it_says_more() {
        assert_eq!(query("").expect("plain").engines, [DUCKDB]);
        let both = query("-- engines: duckdb, spark\n").expect("both");
        assert!(both.runs_on(DUCKDB) && both.runs_on(SPARK));
        for (bad, says) in [
            ("-- engines: duckdb, doris\n", "unknown engine `doris`"),
            ("-- engines: spark, spark\n", "named twice"),
            ("-- engines:\n", "names none"),
            ("-- engines: duckdb\n-- engines: spark\n", "given twice"),
        ] {
            let e = query(bad).expect_err(bad).to_string();
            assert!(e.contains(says) && e.contains("q.sql:"), "{e}");
        }
    }
}
