//! The keymap's own tests.
use super::*;

#[test]
fn parses_keys_and_scripts() {
    assert_eq!(
        Key::parse("ctrl-r"),
        Some(Key {
            code: KeyCodeOrd::Char('r'),
            ctrl: true,
            alt: false
        })
    );
    assert_eq!(Key::parse("F5").map(|k| k.code), Some(KeyCodeOrd::F(5)));
    assert_eq!(Key::parse("G").map(|k| k.code), Some(KeyCodeOrd::Char('G')));
    assert!(Key::parse("nonsense").is_none());
    let keys = parse_script("j j <enter> ab <esc>").expect("parses");
    assert_eq!(keys.len(), 6);
    assert!(parse_script("<bogus>").is_err());
}

#[test]
fn overrides_replace_defaults() {
    let mut o = BTreeMap::new();
    o.insert("quit".to_string(), "ctrl-q".to_string());
    let map = crate::tui::panes::keymap(&o).expect("valid");
    let q = Key::parse("q").expect("key");
    let ctrl_q = Key::parse("ctrl-q").expect("key");
    assert_eq!(map.action(Context::Grid, q), None);
    assert_eq!(map.action(Context::Grid, ctrl_q), Some(Action::Quit));
    o.insert("fly".to_string(), "x".to_string());
    assert!(crate::tui::panes::keymap(&o).is_err());
}

#[test]
fn a_rebound_action_keeps_every_context_it_had() {
    let mut o = BTreeMap::new();
    o.insert("export".to_string(), "x".to_string());
    let map = crate::tui::panes::keymap(&o).expect("valid");
    let key = |k: &str| Key::parse(k).expect("key");
    assert_eq!(map.action(Context::Grid, key("x")), Some(Action::Export));
    assert_eq!(map.action(Context::Grid, key("e")), None);
    // A plain `x` would be typed into the console's editor: its Ctrl+E stays.
    assert_eq!(map.action(Context::Console, key("x")), None);
    assert_eq!(
        map.action(Context::Console, key("ctrl-e")),
        Some(Action::Export)
    );
    // A chord replaces it everywhere; a qualified name rebinds one context only.
    let mut o = BTreeMap::new();
    o.insert("export".to_string(), "ctrl-x".to_string());
    o.insert("console.run".to_string(), "f9".to_string());
    let map = crate::tui::panes::keymap(&o).expect("valid");
    assert_eq!(
        map.action(Context::Console, key("ctrl-x")),
        Some(Action::Export)
    );
    assert_eq!(
        map.action(Context::Grid, key("ctrl-x")),
        Some(Action::Export)
    );
    assert_eq!(map.action(Context::Console, key("ctrl-e")), None);
    assert_eq!(map.action(Context::Console, key("f9")), Some(Action::Run));
    assert_eq!(map.action(Context::Console, key("f5")), None);
    let mut o = BTreeMap::new();
    o.insert("sidebar.run".to_string(), "f9".to_string());
    let e = crate::tui::panes::keymap(&o).expect_err("unknown context");
    assert!(e.contains("`sidebar`"), "{e}");
}

#[test]
fn a_key_given_to_two_actions_is_refused() {
    let mut o = BTreeMap::new();
    o.insert("cancel".to_string(), "q".to_string());
    let e = crate::tui::panes::keymap(&o).expect_err("conflict");
    assert!(e.contains("`cancel`") && e.contains("`quit`"), "{e}");
    // Swapping two keys in one go is fine.
    let mut o = BTreeMap::new();
    o.insert("cancel".to_string(), "q".to_string());
    o.insert("quit".to_string(), "ctrl-c".to_string());
    let map = crate::tui::panes::keymap(&o).expect("a swap");
    assert_eq!(
        map.action(Context::Global, Key::parse("q").expect("key")),
        Some(Action::Cancel)
    );
}

#[test]
fn every_key_round_trips_through_events() {
    for (_, text, _) in DEFAULTS {
        let key = Key::parse(text).expect("default keys parse");
        assert_eq!(Key::from_event(&key.to_event()), Some(key), "{text}");
    }
}
