//! The key reference, `docs/keys.md` and `docs/keys.zh-CN.md`, generated from the keymap and the command table in
//! each language's words.

use crate::i18n::Lang;
use crate::tr;
use crate::tui::keymap::{Context, Keymap};

/// The key reference in `lang`: the keymap's keys per context, then the `:` commands, both generated from their
/// tables (a test keeps the files equal to this).
pub fn keys_markdown(keymap: &Keymap, lang: Lang) -> String {
    let text = |id: &str| crate::i18n::text(lang, id, &[]);
    let mut out = tr!(lang, "keys-doc-intro");
    out.push_str(
        "\n\n```toml\n[keys]\nquit = \"ctrl-q\"\nrun = \"f9\"\ngrid.export = \"x\"\n```\n",
    );
    let table =
        |first: String| format!("| {first} | {} |\n|---|---|\n", tr!(lang, "keys-doc-what"));
    for context in Context::ALL {
        out.push_str(&format!(
            "\n## {} (`{}`)\n\n| {} | {} | {} |\n|---|---|---|\n",
            context.title(lang),
            context.name(),
            tr!(lang, "keys-doc-keys"),
            tr!(lang, "keys-doc-action"),
            tr!(lang, "keys-doc-config-name"),
        ));
        for (_, keys, action) in keymap.listing(&[context]) {
            out.push_str(&format!(
                "| {} | {} | `{}` |\n",
                keys.join(", "),
                action.describe(lang),
                action.name()
            ));
        }
        if context == Context::Form {
            out.push_str(&format!("\n{}\n\n", tr!(lang, "keys-doc-fields")));
            out.push_str(&table(tr!(lang, "keys-doc-keys")));
            for (keys, what) in crate::tui::field::FIELD_KEYS {
                out.push_str(&format!("| {} | {} |\n", text(keys), text(what)));
            }
        }
        if context == Context::Console {
            out.push_str(&format!("\n{}\n\n", tr!(lang, "keys-doc-editor")));
            out.push_str(&table(tr!(lang, "keys-doc-keys")));
            for (keys, what) in crate::tui::app::console::EDITOR_KEYS {
                out.push_str(&format!("| {keys} | {} |\n", text(what)));
            }
        }
    }
    out.push_str(&format!(
        "\n## {}\n\n{}\n\n",
        tr!(lang, "keys-doc-mouse"),
        tr!(lang, "keys-doc-mouse-off")
    ));
    out.push_str(&table(tr!(lang, "keys-doc-mouse-column")));
    for (what, does) in crate::tui::app::mouse::MOUSE {
        out.push_str(&format!("| {} | {} |\n", text(what), text(does)));
    }
    out + &crate::tui::app::commands::markdown(lang)
}
