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
    }
    out + &crate::tui::app::commands::markdown()
}
