//! The structure's "nevers" as tests rather than conventions: the modules of `src/core` and of `src/tui` import
//! one another without a cycle, the backend seam names no implementation, and the leaves import nothing of their
//! layer. The graph is read from the source: every `crate::`/`super::` path (use lists expanded), comments and test
//! modules left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file: its module path (`["tui", "app", "layout"]`) and its text without comments and test modules.
struct Source {
    module: Vec<String>,
    text: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("dir").filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The text with `//` comments cut and every `#[cfg(test)]` item (a test module, a test-only declaration) left out.
fn code_of(text: &str) -> String {
    let mut kept = String::new();
    for line in text.lines() {
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        kept.push_str(code);
        kept.push('\n');
    }
    // A test module runs to the end of the file by the house's habit; a test-only `mod x;` is one line.
    let mut out = String::new();
    let mut rest = kept.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        if trimmed.starts_with("mod ") && trimmed.find(';') < trimmed.find('{') {
            rest = &trimmed[trimmed.find(';').map_or(0, |i| i + 1)..];
        } else {
            rest = "";
        }
    }
    out.push_str(rest);
    out
}

/// Files a parent declares only for tests (`#[cfg(test)] mod probe;`).
fn test_only_modules(sources: &[(PathBuf, String)]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for (path, text) in sources {
        let dir = if path
            .file_name()
            .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
        {
            path.parent().map(Path::to_path_buf)
        } else {
            path.parent()
                .map(|p| p.join(path.file_stem().expect("stem")))
        };
        let Some(dir) = dir else { continue };
        let mut rest = text.as_str();
        while let Some(at) = rest.find("#[cfg(test)]") {
            rest = rest[at + "#[cfg(test)]".len()..].trim_start();
            if let Some(decl) = rest.strip_prefix("mod ").or(rest.strip_prefix("pub mod "))
                && let Some(name) = decl.split(';').next()
                && !name.contains('{')
            {
                out.insert(dir.join(format!("{}.rs", name.trim())));
                out.insert(dir.join(name.trim()).join("mod.rs"));
            }
        }
    }
    out
}

fn sources() -> Vec<Source> {
    let root = crate::support::project_dir().join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let raw: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("source");
            (f, text)
        })
        .collect();
    let test_only = test_only_modules(&raw);
    raw.into_iter()
        .filter(|(path, _)| {
            !test_only.contains(path) && !path.to_string_lossy().ends_with("_tests.rs")
        })
        .map(|(path, text)| {
            let relative = path.strip_prefix(&root).expect("under src");
            let mut module: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            Source {
                module,
                text: code_of(&text),
            }
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifiers of a path starting at `text` (`a::b::c`), and what follows it.
fn path_at(text: &str) -> (Vec<String>, &str) {
    let mut parts = Vec::new();
    let mut rest = text;
    loop {
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        parts.push(rest[..end].to_string());
        rest = &rest[end..];
        match rest.strip_prefix("::") {
            Some(r) if r.starts_with(is_ident) => rest = r,
            _ => break,
        }
    }
    (parts, rest)
}

/// Every path the text names from `crate::` or `super::`, absolute, a use list's entries each one path.
fn paths_named(source: &Source) -> Vec<Vec<String>> {
    let text = &source.text;
    let mut out = Vec::new();
    for (at, _) in text
        .match_indices("crate::")
        .chain(text.match_indices("super::"))
    {
        if text[..at].ends_with(is_ident) {
            continue;
        }
        let (mut parts, rest) = path_at(&text[at..]);
        let absolute = if parts.first().is_some_and(|p| p == "crate") {
            parts.remove(0);
            parts
        } else {
            // `super` is the parent of the file's module (of a `mod.rs`'s own module too).
            let mut base = source.module.clone();
            for part in parts {
                if part == "super" {
                    base.pop();
                } else {
                    base.push(part);
                }
            }
            base
        };
        // `crate::tui::{app::App, keymap}`: each entry's first name.
        if let Some(list) = rest.strip_prefix("::{") {
            let mut depth = 0;
            let mut entry = String::new();
            for c in list.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let (first, _) = path_at(entry.trim());
                        let mut p = absolute.clone();
                        p.extend(first.into_iter().take(1));
                        out.push(p);
                        entry.clear();
                        continue;
                    }
                    _ => {}
                }
                entry.push(c);
            }
            let (first, _) = path_at(entry.trim());
            let mut p = absolute.clone();
            p.extend(first.into_iter().take(1));
            out.push(p);
        } else {
            out.push(absolute);
        }
    }
    out
}

/// The modules of `layer` one level down (`core::engine`, `tui::app`) and which of them each imports.
fn graph(layer: &str) -> BTreeMap<String, BTreeSet<String>> {
    let all = sources();
    let node = |module: &[String]| -> Option<String> {
        (module.len() >= 2 && module[0] == layer).then(|| format!("{}::{}", module[0], module[1]))
    };
    let nodes: BTreeSet<String> = all.iter().filter_map(|s| node(&s.module)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for source in &all {
        let Some(from) = node(&source.module) else {
            continue;
        };
        for path in paths_named(source) {
            if let Some(to) = node(&path)
                && to != from
                && nodes.contains(&to)
            {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
        edges.entry(from).or_default();
    }
    edges
}

/// A cycle of the graph, as the modules along it, if there is one.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        at: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == at) {
            let mut found = path[start..].to_vec();
            found.push(at.to_string());
            return Some(found);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_string());
        for next in edges.get(at).into_iter().flatten() {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|start| visit(start, edges, &mut Vec::new(), &mut done))
}

#[test]
fn the_core_and_the_tui_have_no_import_cycle() {
    for layer in ["core", "tui"] {
        let edges = graph(layer);
        assert!(edges.len() > 10, "{layer}: {edges:?}");
        if let Some(found) = cycle(&edges) {
            panic!("{layer} imports in a cycle: {}", found.join(" → "));
        }
    }
}

/// The test above can fail: the reader sees a real edge in each direction, and the search finds a cycle made of them.
#[test]
fn the_cycle_search_sees_use_lists_super_and_a_cycle() {
    let core = graph("core");
    // `use crate::core::sql::{sql_ident, sql_literal}` in lakewriter.rs, `super::DUCKDB` in sql/literals.rs.
    assert!(core["core::lakewriter"].contains("core::sql"));
    assert!(core["core::sql"].contains("core::error"));
    let tui = graph("tui");
    assert!(tui["tui::view"].contains("tui::app"));
    assert!(tui["tui::panes"].contains("tui::view"));
    let mut with_cycle = tui.clone();
    with_cycle
        .entry("tui::app".into())
        .or_default()
        .insert("tui::panes".into());
    let found = cycle(&with_cycle).expect("app → panes → app");
    assert!(found.contains(&"tui::panes".to_string()), "{found:?}");
    // Comments and test modules are not imports.
    let source = Source {
        module: vec!["tui".into(), "grid".into()],
        text: code_of(
            "use crate::tui::jobs::Work; // crate::tui::app\n#[cfg(test)]\nmod tests { use crate::tui::view; }\n",
        ),
    };
    assert_eq!(paths_named(&source), vec![vec!["tui", "jobs", "Work"]]);
}

/// The seam and the leaves: `backend.rs` names no implementation of it; `core::format`, `tui::pane` and `tui::theme`
/// import nothing else of their layer, `core::sql` only errors, the gate and the contract; the pane table is the only module above both the app and the view
/// that the app never imports.
#[test]
fn the_seam_names_no_implementation_and_the_leaves_stand_alone() {
    let core = graph("core");
    let tui = graph("tui");
    let backend = &core["core::backend"];
    for implementation in ["core::engine", "core::remote"] {
        assert!(
            !backend.contains(implementation),
            "backend.rs imports {implementation}"
        );
    }
    assert!(
        core["core::sql"]
            .iter()
            .all(|m| ["core::error", "core::gate", "core::contract"].contains(&m.as_str())),
        "core::sql imports {:?}",
        core["core::sql"]
    );
    assert!(
        core["core::format"].is_empty(),
        "{:?}",
        core["core::format"]
    );
    assert!(tui["tui::pane"].is_empty(), "{:?}", tui["tui::pane"]);
    assert!(tui["tui::theme"].is_empty(), "{:?}", tui["tui::theme"]);
    for below in [
        "tui::app",
        "tui::view",
        "tui::keymap",
        "tui::jobs",
        "tui::grid",
    ] {
        assert!(
            !tui[below].contains("tui::panes"),
            "{below} imports the pane table"
        );
    }
}

/// The app's state is the crate's own: no field of `App` is public (drivers and tests read it through `access.rs`),
/// and the benchmark drives the headless session without reading the app at all.
#[test]
fn the_apps_fields_are_the_crates_own_and_the_benchmark_reads_the_session() {
    let root = crate::support::project_dir().join("src");
    let app = std::fs::read_to_string(root.join("tui/app/mod.rs")).expect("app");
    let start = app.find("pub struct App {").expect("App");
    let body = &app[start..start + app[start..].find("\n}\n").expect("end of App")];
    let public: Vec<&str> = body
        .lines()
        .filter(|l| l.trim_start().starts_with("pub ") && !l.contains("struct App"))
        .collect();
    assert!(public.is_empty(), "public fields of App: {public:?}");
    let mut files = Vec::new();
    rust_files(&root.join("bin/qlake-bench"), &mut files);
    assert!(files.len() > 3, "{files:?}");
    for file in files {
        let text = code_of(&std::fs::read_to_string(&file).expect("source"));
        // `app` as a word next to a dot: `session.app.x`, `app.x` (not `.append`).
        let reads_app = text.match_indices("app").any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + 3..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !word(before) && !word(after) && (before == Some('.') || after == Some('.'))
        });
        assert!(!reads_app, "{} reads the app", file.display());
    }
}
