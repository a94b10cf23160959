//! `lake undo`: one import taken out again, the files it placed removed only where they are still what it wrote.

use super::*;

/// Take import `id` out of the lake at `root`: exactly its files and its record. Refused, naming them, when rows
/// left in the lake refer to rows it brought (a programme whose projects stay), unless `force`; refused, naming the
/// entry and the file, when the log names a file its import did not write (`log::check_removal`: `force` accepts
/// only a file an older qlake recorded without its size and SHA-256).
pub fn undo(root: &Path, id: &str, force: bool) -> Result<Entry> {
    // The language of the problems said (`errors.ftl`).
    let lang = crate::i18n::process_lang();
    let lake = Lake::open(root, LakeOrigin::Flag)?;
    let _lock = log::LakeLock::acquire(&lake.root, true)?;
    let entry = log::find(&lake.root, id)?;
    // Every file the log names is checked to be one its import wrote before anything else happens.
    let removal = log::check_removal(&lake.root, &entry, force)?;
    if !force {
        let gone: Vec<PathBuf> = removal.paths();
        let tables = lake.tables()?;
        let without: Vec<TableFiles> = tables
            .iter()
            .cloned()
            .map(|mut t| {
                t.files.retain(|f| !gone.contains(f));
                t
            })
            .filter(|t| !t.files.is_empty())
            .collect();
        // A table left with no file has no view, so the check below cannot see rows referring to it: any file of
        // another table that refers to it keeps the undo from running.
        let emptied: Vec<&str> = tables
            .iter()
            .filter(|t| !t.files.is_empty() && !without.iter().any(|w| w.name == t.name))
            .map(|t| t.name.as_str())
            .collect();
        // Between the tables named, each in backticks.
        let between = format!("`{}`", crate::tr!(lang, "err-list-separator"));
        let referring: Vec<String> = without
            .iter()
            .filter(|t| {
                crate::core::contract::table(&t.name).is_some_and(|c| {
                    c.columns.iter().any(|col| {
                        col.references()
                            .is_some_and(|(to, _)| emptied.contains(&to))
                    })
                })
            })
            .map(|t| {
                crate::tr!(
                    lang,
                    "err-undo-would-empty",
                    table = &t.name,
                    emptied = emptied.join(between.as_str())
                )
            })
            .collect();
        let after = if referring.is_empty() {
            newly_broken(&lake, tables, without, &check::check_tables, &|p| {
                p.message.contains(check::DANGLING)
            })?
            .into_iter()
            .map(|b| b.shown)
            .collect()
        } else {
            referring
        };
        if !after.is_empty() {
            return Err(Error::Invalid(format!(
                "{}\n{}",
                crate::tr!(
                    lang,
                    "err-undo-would-leave-dangling",
                    root = lake.root.display().to_string(),
                    id = id
                ),
                after.join("\n")
            )));
        }
    }
    log::remove(&lake.root, &entry, removal)?;
    Ok(entry)
}
