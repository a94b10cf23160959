//! What people read, in their language. Every sentence of the interface, the help and the CLI's messages lives in
//! Project Fluent message files (`src/i18n/en/*.ftl`, `src/i18n/zh-CN/*.ftl`, compiled in); code names a message by
//! its id and hands its values as arguments, so plural forms and word order are each language's own. Machine-readable
//! output (JSON, CSV, exit codes) never goes through here.
//!
//! A leaf: it knows no terminal, no engine and no lake.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use include_dir::{Dir, include_dir};

static MESSAGES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/i18n");

/// The two languages qlake speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Chinese,
    English,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Chinese, Lang::English];

    /// The folder of this language's message files, a BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Chinese => "zh-CN",
            Lang::English => "en",
        }
    }

    /// `zh`, `zh-CN`, `zh_TW.UTF-8` read Chinese; `en…`, `C` and `POSIX` English; anything else is not a language
    /// qlake speaks.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Chinese)
        } else if tag.starts_with("en") || tag == "c" || tag.starts_with("c.") || tag == "posix" {
            Some(Lang::English)
        } else {
            None
        }
    }

    /// The language of the locale as POSIX orders it: LC_ALL, then LC_MESSAGES, then LANG (the first set decides;
    /// a locale of another language reads English).
    pub fn from_locale() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::from_tag(&value))
            .unwrap_or(Lang::English)
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Chinese => Lang::English,
            Lang::English => Lang::Chinese,
        }
    }
}

/// A value a message places: text as it is, a number for the plural forms (and written as the language writes it).
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(v)
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(v.clone())
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(v.to_string())
    }
}
impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(v: std::borrow::Cow<'_, str>) -> Arg {
        Arg::Text(v.into_owned())
    }
}
macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Arg {
                Arg::Number(v as f64)
            }
        }
    )*};
}
numbers!(usize, u128, u64, u32, u16, u8, i64, i32, f64);

type Bundle = FluentBundle<FluentResource>;

/// A language's messages, read the first time they are asked for (a run in one language never reads the other's).
fn bundle_of(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];
    BUNDLES[lang as usize].get_or_init(|| bundle(lang))
}

fn bundle(lang: Lang) -> Bundle {
    let tag = lang
        .tag()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // The isolation marks Fluent puts around each value are for right-to-left scripts; in a terminal they are
    // invisible characters that break widths.
    bundle.set_use_isolating(false);
    for (_, source) in sources(lang) {
        // A file that does not parse keeps the messages it could read: `tests` fails on it (every_file_parses).
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
        // A second definition of an id is refused by add_resource: `tests` names it (no_id_is_defined_twice).
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// Each message file of a language, by name.
pub fn sources(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let Some(folder) = MESSAGES.get_dir(lang.tag()) else {
        return Vec::new();
    };
    let mut files: Vec<(&str, &str)> = folder
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "ftl"))
        .filter_map(|f| Some((f.path().to_str()?, f.contents_utf8()?)))
        .collect();
    files.sort_unstable();
    files
}

/// The message `id` in `lang`, its values placed. A message missing from a language shows its id (the parity test
/// fails first).
pub fn text(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let bundle = bundle_of(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(t) => fluent_args.set(*name, FluentValue::from(t.as_str())),
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// A value of one of the lake's vocabularies (`kind`, `scope`, `qualifier`, …) in `lang`: the message
/// `vocab-NAME-VALUE`, else the value itself (a lake may hold values the messages do not know).
pub fn vocabulary(lang: Lang, name: &str, value: &str) -> String {
    let id = format!("vocab-{name}-{}", value.replace(' ', "-"));
    if has(lang, &id) {
        text(lang, &id, &[])
    } else {
        value.to_string()
    }
}

/// The columns whose values are one of the lake's vocabularies, named in the messages (`vocab-COLUMN-VALUE`;
/// docs/schema.md lists the values).
pub const VOCABULARIES: &[&str] = &[
    "kind",
    "class",
    "scope",
    "qualifier",
    "actual_qualifier",
    "size_class",
    "chain_role",
    "measure",
    "rule",
    "status",
    "rating",
];

/// The value among `values` that `text` names in any language (`专项资金` → `special fund`, `链主` → `chain master`),
/// looked up in every vocabulary: a person types the word they read.
pub fn vocabulary_value(text: &str, values: &[&str]) -> Option<String> {
    let text = text.trim();
    values
        .iter()
        .find(|value| {
            VOCABULARIES.iter().any(|name| {
                Lang::ALL.iter().any(|lang| {
                    has(*lang, &format!("vocab-{name}-{}", value.replace(' ', "-")))
                        && vocabulary(*lang, name, value) == text
                })
            })
        })
        .map(|value| value.to_string())
}

/// A result column's heading in `lang`: the message `column-NAME`, else the column's own name.
pub fn column_label(lang: Lang, name: &str) -> String {
    let id = format!("column-{name}");
    if has(lang, &id) {
        text(lang, &id, &[])
    } else {
        name.to_string()
    }
}

/// Whether a language has the message (the CLI's help looks up optional texts).
pub fn has(lang: Lang, id: &str) -> bool {
    bundle_of(lang).has_message(id)
}

/// `tr!(lang, "id")` or `tr!(lang, "id", name = value, …)`: the message in `lang`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal) => {
        $crate::i18n::text($lang, $id, &[])
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text($lang, $id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// The process's language for what the CLI prints (set once from `--lang`, the config and the locale) and for
/// errors shown at the edge.
static PROCESS_LANG: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(u8::MAX);

pub fn set_process_lang(lang: Lang) {
    PROCESS_LANG.store(lang as u8, std::sync::atomic::Ordering::Relaxed);
}

/// The language set for this process, else the locale's.
pub fn process_lang() -> Lang {
    match PROCESS_LANG.load(std::sync::atomic::Ordering::Relaxed) {
        0 => Lang::Chinese,
        1 => Lang::English,
        _ => Lang::from_locale(),
    }
}

#[cfg(test)]
mod tests;
