//! Simplified and traditional Chinese script: text that differs only in script (連雲港 / 连云港) is the same text to
//! a reader. `traditional.tsv` (made by `scripts/make-script-table` from OpenCC's dictionary, Apache License 2.0)
//! gives each traditional character the simplified one it reads as.

use std::collections::HashMap;
use std::sync::OnceLock;

const TSV: &str = include_str!("traditional.tsv");

fn table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TSV.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (t, s) = l.split_once('\t')?;
                let (mut t, mut s) = (t.chars(), s.chars());
                Some((t.next()?, s.next()?))
            })
            .collect()
    })
}

/// `text` in simplified script: each traditional character replaced by its simplified reading.
pub fn simplified(text: &str) -> String {
    let table = table();
    text.chars().map(|c| *table.get(&c).unwrap_or(&c)).collect()
}

/// `text` as a search reads it: simplified script, and full-width letters, digits and signs (Ａ, １, ＋) as their
/// half-width forms — how people type a name is not how the lake must write it.
pub fn search_form(text: &str) -> String {
    simplified(text)
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Whether `text` holds a character of the traditional script that simplified writes otherwise.
pub fn has_traditional(text: &str) -> bool {
    let table = table();
    text.chars().any(|c| table.contains_key(&c))
}

/// The table as the two argument strings of SQL's `translate(text, from, to)`: a statement folds script itself.
pub fn sql_translate_pairs() -> (String, String) {
    let table = table();
    let mut pairs: Vec<(char, char)> = table.iter().map(|(t, s)| (*t, *s)).collect();
    pairs.sort_unstable();
    (
        pairs.iter().map(|(t, _)| *t).collect(),
        pairs.iter().map(|(_, s)| *s).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_reads_either_script_and_full_width_forms() {
        assert_eq!(search_form("當陽"), "当阳");
        assert_eq!(search_form("江蘇"), "江苏");
        assert_eq!(search_form("ＨＢ－２０２１"), "HB-2021");
        assert_eq!(search_form("武汉　激光"), "武汉 激光");
    }

    #[test]
    fn traditional_reads_as_simplified() {
        assert_eq!(simplified("連雲港市質量強鏈"), "连云港市质量强链");
        assert_eq!(simplified("当阳 Hubei 2024"), "当阳 Hubei 2024");
        assert!(has_traditional("江蘇"));
        assert!(!has_traditional("江苏"));
        assert!(table().len() > 4000);
    }
}
