use super::*;

fn policy(lake: &Path, exports: Exports, own: Vec<PathBuf>) -> Policy {
    Policy {
        command: "test",
        protected: vec![lake.to_path_buf()],
        own,
        exports,
        inside: Vec::new(),
    }
}

#[test]
fn the_lake_and_the_path_to_it_get_no_rule() {
    let top = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(top.path()).unwrap();
    let lake = root.join("work/lake");
    std::fs::create_dir_all(lake.join("ratings")).unwrap();
    std::fs::create_dir_all(root.join("work/exports")).unwrap();
    std::fs::write(root.join("work/notes.txt"), b"x").unwrap();
    std::os::unix::fs::symlink(&lake, root.join("work/lake-link")).unwrap();
    let grants = grants(&policy(
        &lake,
        Exports::Anywhere,
        vec![root.join("cache/duckdb-tmp")],
    ));
    let granted: Vec<&PathBuf> = grants.iter().map(|(p, _)| p).collect();
    assert!(granted.contains(&&root.join("work/exports")));
    assert!(granted.contains(&&root.join("work/notes.txt")));
    assert!(granted.contains(&&root.join("cache/duckdb-tmp")));
    for path in &granted {
        assert!(
            !lake.starts_with(path) && !path.starts_with(&lake),
            "{} reaches into the lake",
            path.display()
        );
    }
    assert!(!granted.contains(&&root.join("work/lake-link")));
}

#[test]
fn an_export_into_a_folder_above_the_lake_is_no_rule_but_the_helper() {
    let top = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(top.path()).unwrap();
    let lake = root.join("lake");
    std::fs::create_dir_all(&lake).unwrap();
    let above = policy(&lake, Exports::Into(root.clone()), Vec::new());
    assert!(grants(&above).is_empty());
    assert!(above.needs_link_helper());
    let beside = policy(&lake, Exports::Into(root.join("out")), Vec::new());
    assert_eq!(grants(&beside), vec![(root.join("out"), Grant::Full)]);
    assert!(!beside.needs_link_helper());
    assert!(!policy(&lake, Exports::Nowhere, Vec::new()).needs_link_helper());
}

#[test]
fn every_other_protected_lake_is_left_out_too() {
    let top = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(top.path()).unwrap();
    let (a, b) = (root.join("a/lake"), root.join("b/lake"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::create_dir_all(root.join("b/other")).unwrap();
    let mut both = policy(&a, Exports::Anywhere, Vec::new());
    both.protected.push(b.clone());
    let granted: Vec<PathBuf> = grants(&both).into_iter().map(|(p, _)| p).collect();
    assert!(granted.contains(&root.join("b/other")));
    assert!(!granted.contains(&root.join("b")), "{granted:?}");
    for path in &granted {
        assert!(
            !b.starts_with(path) && !a.starts_with(path),
            "{}",
            path.display()
        );
    }
}
