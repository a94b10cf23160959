use super::*;

fn entry(table: &str) -> Entry {
    Entry {
        id: "i".into(),
        at: String::new(),
        user: String::new(),
        table: table.into(),
        source_file: String::new(),
        sha256: String::new(),
        rows: 0,
        files: Vec::new(),
        written: Vec::new(),
        unreconciled: None,
        shape: Vec::new(),
        allowed: Vec::new(),
    }
}

#[test]
fn only_paths_an_import_writes_are_removable() {
    let projects = entry("projects");
    assert_eq!(
        importable(&projects, "projects/import-i.parquet"),
        Some(("projects", "import-i.parquet"))
    );
    for refused in [
        // Another import's file, and the table's own.
        "projects/import-1.parquet",
        "projects/projects.parquet",
        "/home/me/notes.txt",
        "../victim/only.txt",
        "projects/../../victim/only.txt",
        "projects/a/b.parquet",
        "projects/.hidden.parquet",
        "projects/_staging-1.parquet",
        "projects/.parquet",
        "projects/notes.txt",
        "projects/",
        "projects",
        "ratings/ratings.parquet",
        "_sources/doc.txt",
        "./projects/x.parquet",
        "projects/x.parquet\0",
    ] {
        assert_eq!(importable(&projects, refused), None, "{refused}");
    }
    let sources = entry("sources");
    assert!(importable(&sources, "_sources/notice-2023.txt").is_some());
    assert!(importable(&sources, "sources/import-i.parquet").is_some());
    for refused in [
        "_sources/../x.txt",
        "_sources/a b.txt",
        "_sources/x.md",
        "_sources/.txt",
    ] {
        assert_eq!(importable(&sources, refused), None, "{refused}");
    }
    // A table folder that is not the contract's.
    assert_eq!(importable(&entry("notes"), "notes/x.parquet"), None);
}

#[test]
fn old_entries_read_without_sizes_and_new_ones_keep_them() {
    let old = r#"{"id":"a","at":"t","user":"u","table":"projects","source_file":"f","sha256":"s","rows":1,"files":["projects/import-a.parquet"]}"#;
    let e: Entry = serde_json::from_str(old).expect("old entry");
    assert!(e.written.is_empty());
    let mut new = e.clone();
    new.written = vec![Written::of_bytes("projects/import-a.parquet", b"abc")];
    let back: Entry =
        serde_json::from_str(&serde_json::to_string(&new).expect("json")).expect("entry");
    assert_eq!(back, new);
    assert_eq!(back.written[0].bytes, 3);
    assert_eq!(
        back.written[0].sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
