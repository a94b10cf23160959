//! The key reference, `docs/keys.md`, generated from the keymap and the command table.

use crate::tui::keymap::{Context, Keymap};

/// `docs/keys.md`: the keymap's keys per context, then the `:` commands, both generated from their tables (a test
/// keeps the file equal to this).
pub fn keys_markdown(keymap: &Keymap) -> String {
    let mut out = String::from(
        "# Keys\n\nGenerated from the keymap in `src/tui/keymap.rs`; a test keeps this file in step. Every action can be \
         rebound in the config file, in every context it has (a plain character never replaces a key where text is typed) or \
         in one, named `context.action` with the context's name shown below, e.g.\n\n```toml\n[keys]\nquit = \"ctrl-q\"\nrun = \"f9\"\ngrid.export = \"x\"\n```\n",
    );
    for context in Context::ALL {
        out.push_str(&format!(
            "\n## {} (`{}`)\n\n| keys | action | name in config |\n|---|---|---|\n",
            context.title(),
            context.name()
        ));
        for (_, keys, action) in keymap.listing(&[context]) {
            out.push_str(&format!(
                "| {} | {} | `{}` |\n",
                keys.join(", "),
                action.describe(),
                action.name()
            ));
        }
        if context == Context::Form {
            out.push_str("\nEvery text field (prompts, the export file, forms) edits alike:\n\n| keys | what they do |\n|---|---|\n");
            for (keys, what) in crate::tui::field::FIELD_KEYS {
                out.push_str(&format!("| {keys} | {what} |\n"));
            }
        }
        if context == Context::Console {
            out.push_str("\nWhile editing, typed text goes into the SQL; the editor's own keys:\n\n| keys | what they do |\n|---|---|\n");
            for (keys, what) in crate::tui::app::console::EDITOR_KEYS {
                out.push_str(&format!("| {keys} | {what} |\n"));
            }
        }
    }
    out.push_str("\n## Mouse\n\n(`mouse = false` in the config file, or `QLAKE_MOUSE=0`, leaves the mouse to the terminal)\n\n| mouse | what it does |\n|---|---|\n");
    for (what, does) in crate::tui::app::mouse::MOUSE {
        out.push_str(&format!("| {what} | {does} |\n"));
    }
    out + &crate::tui::app::commands::markdown()
}
