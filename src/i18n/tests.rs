//! The message files against each other and against the code: a message in one language is in the other, every id
//! the code names exists, and no sentence is left in the TUI's code.

use std::collections::BTreeSet;
use std::path::Path;

use super::{Lang, sources};

/// The ids a language defines (messages and terms), each with the file it is in.
fn ids(lang: Lang) -> Vec<(String, &'static str)> {
    let mut ids = Vec::new();
    for (file, source) in sources(lang) {
        let resource = match fluent_syntax::parser::parse(source) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("{file} does not parse: {errors:?}"),
        };
        for entry in resource.body {
            match entry {
                fluent_syntax::ast::Entry::Message(m) => ids.push((m.id.name.to_string(), file)),
                fluent_syntax::ast::Entry::Term(t) => ids.push((format!("-{}", t.id.name), file)),
                _ => {}
            }
        }
    }
    ids
}

#[test]
fn every_file_parses_and_no_id_is_defined_twice() {
    for lang in Lang::ALL {
        assert!(
            !sources(lang).is_empty(),
            "no message files for {}",
            lang.tag()
        );
        let mut seen = std::collections::BTreeMap::new();
        for (id, file) in ids(lang) {
            if let Some(first) = seen.insert(id.clone(), file) {
                panic!(
                    "{}: {id} is defined in {first} and again in {file}",
                    lang.tag()
                );
            }
        }
    }
}

#[test]
fn every_message_is_in_both_languages() {
    let zh: BTreeSet<String> = ids(Lang::Chinese).into_iter().map(|(id, _)| id).collect();
    let en: BTreeSet<String> = ids(Lang::English).into_iter().map(|(id, _)| id).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(only_en.is_empty(), "in en but not in zh-CN: {only_en:?}");
    assert!(only_zh.is_empty(), "in zh-CN but not in en: {only_zh:?}");
}

/// Every Rust file under `src/`, with its text.
fn rust_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.push((path.display().to_string(), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.sort();
    out
}

/// The ids the code names: the first literal of each `tr!(lang, "id"…)`.
fn ids_named_in_code() -> Vec<(String, String)> {
    let mut named = Vec::new();
    // The message layer's own files show the macro in examples.
    for (file, text) in rust_files()
        .into_iter()
        .filter(|(f, _)| !f.contains("/src/i18n/"))
    {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("tr!(") {
            // `include_str!(` is not `tr!(`.
            let part_of_a_name = rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
            rest = &rest[at + "tr!(".len()..];
            let Some(open) = rest.find('"') else { break };
            // The id is the first string literal of the call, after the language expression.
            if part_of_a_name || rest[..open].contains(')') {
                continue;
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('"') else { break };
            named.push((after[..close].to_string(), file.clone()));
        }
    }
    named
}

#[test]
fn every_id_the_code_names_exists_in_both_languages() {
    let named = ids_named_in_code();
    assert!(named.len() > 50, "the scan found only {} ids", named.len());
    for lang in Lang::ALL {
        for (id, file) in &named {
            assert!(
                super::has(lang, id),
                "{file} names {id}, which {} does not have",
                lang.tag()
            );
        }
    }
}

#[test]
fn a_value_is_placed_and_plurals_are_the_languages_own() {
    let en = super::text(
        Lang::English,
        "test-rows",
        &[("count", super::Arg::from(1usize))],
    );
    let en_many = super::text(
        Lang::English,
        "test-rows",
        &[("count", super::Arg::from(3usize))],
    );
    let zh = super::text(
        Lang::Chinese,
        "test-rows",
        &[("count", super::Arg::from(3usize))],
    );
    assert_eq!(en, "1 row");
    assert_eq!(en_many, "3 rows");
    assert_eq!(zh, "3 行");
    assert!(!en.contains('\u{2068}'), "no isolation marks in a terminal");
}

/// The string literals of a Rust file's non-test code, with their line numbers (raw strings and escapes read
/// simply: enough to find sentences).
fn literals(text: &str) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = Vec::new();
    let mut marked = false;
    for (n, line) in code.lines().enumerate() {
        let line = line.trim_start();
        // `// not text: WHY` on a literal's line or the line above says it is a value, a name or an id that only
        // looks like English (a vocabulary's value, a key in the state file).
        let marked_here = std::mem::replace(&mut marked, line.starts_with("// not text"))
            || line.contains("// not text");
        if line.starts_with("//") || line.starts_with("#[") || marked_here {
            continue;
        }
        let mut rest = line;
        while let Some(open) = rest.find('"') {
            // A char literal '"' is not a string.
            if rest[..open].ends_with('\'') {
                rest = &rest[open + 1..];
                continue;
            }
            let body = &rest[open + 1..];
            let mut end = None;
            let mut escaped = false;
            for (i, c) in body.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { break };
            out.push((n + 1, body[..end].to_string()));
            rest = &body[end + 1..];
        }
    }
    out
}

/// Whether a literal reads as a sentence or a label people read: two English words in a row, or a capitalised
/// word. Identifiers, SQL (upper-case keywords), key names and format strings are not.
fn reads_as_text(literal: &str) -> bool {
    let words: Vec<&str> = literal
        .split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let lower_word =
        |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_lowercase() || c == '\'');
    let phrase = literal
        .split(' ')
        .collect::<Vec<_>>()
        .windows(2)
        .any(|pair| {
            lower_word(pair[0].trim_matches(|c: char| !c.is_ascii_alphabetic()))
                && lower_word(pair[1].trim_matches(|c: char| !c.is_ascii_alphabetic()))
                && pair[0]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && pair[1].starts_with(|c: char| c.is_ascii_lowercase())
        });
    // Key names are the same in every language.
    const KEYS: &[&str] = &[
        "Ctrl",
        "Alt",
        "Shift",
        "Enter",
        "Esc",
        "Tab",
        "Home",
        "End",
        "Backspace",
        "Del",
        "Delete",
    ];
    let capitalised = words.iter().any(|w| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && w.len() >= 3
            && chars.all(|c| c.is_ascii_lowercase())
            && !KEYS.contains(w)
    });
    phrase || capitalised
}

#[test]
fn no_sentence_is_left_in_the_tuis_code() {
    let mut found = Vec::new();
    for (file, text) in rust_files() {
        if !file.contains("/src/tui/") || file.ends_with("_tests.rs") || file.ends_with("/tests.rs")
        {
            continue;
        }
        for (line, literal) in literals(&text) {
            // SQL is not read by people (upper-case keywords; a lower-case function list starts with SELECT).
            if reads_as_text(&literal) && !literal.contains("SELECT") {
                found.push(format!("{file}:{line}: \"{literal}\""));
            }
        }
    }
    assert!(
        found.is_empty(),
        "sentences in the TUI's code, not in the message files:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scanner_tells_sentences_from_code() {
    assert!(reads_as_text("no rows"));
    assert!(reads_as_text("Export"));
    assert!(reads_as_text("the lake changed: {n} rows"));
    assert!(!reads_as_text("province_code"));
    assert!(!reads_as_text("cities-of-province"));
    assert!(!reads_as_text(" WHERE CAST({} AS STRING) = $qlake_filter"));
    assert!(!reads_as_text("{name}={value}"));
    assert!(!reads_as_text("ctrl-r"));
}

#[test]
fn a_chinese_tag_or_locale_reads_chinese() {
    assert_eq!(Lang::from_tag("zh"), Some(Lang::Chinese));
    assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::Chinese));
    assert_eq!(Lang::from_tag("zh_CN.UTF-8"), Some(Lang::Chinese));
    assert_eq!(Lang::from_tag("en"), Some(Lang::English));
    assert_eq!(Lang::from_tag("C.UTF-8"), Some(Lang::English));
    assert_eq!(Lang::from_tag("fr_FR.UTF-8"), None);
}
