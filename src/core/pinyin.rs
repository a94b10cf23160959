//! Pinyin as people type it when searching Chinese names: whole syllables (`dangyang`) or each character's first
//! letter (`dy`), both finding 当阳. The readings are pinyin-data's (the `pinyin` crate), every reading of a
//! character counted. A search text becomes one regular expression of character classes, bound as a value — the
//! text never becomes SQL.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

/// The longest text read as initials: beyond that a run of letters is a word, not a name's initials.
const MOST_INITIALS: usize = 6;
/// How many ways of cutting a text into syllables are kept (`xian` is 先 or 西安).
const MOST_SEGMENTATIONS: usize = 8;
/// The longest text read as pinyin at all.
const MOST_LETTERS: usize = 40;

struct Readings {
    /// Each toneless syllable (ü written `v`) and the characters read so.
    syllables: BTreeMap<String, BTreeSet<char>>,
    /// Each first letter and the characters whose reading begins with it.
    initials: BTreeMap<char, BTreeSet<char>>,
}

fn readings() -> &'static Readings {
    static READINGS: OnceLock<Readings> = OnceLock::new();
    READINGS.get_or_init(|| {
        let mut syllables: BTreeMap<String, BTreeSet<char>> = BTreeMap::new();
        let mut initials: BTreeMap<char, BTreeSet<char>> = BTreeMap::new();
        // The CJK Unified Ideographs block: every character a Chinese place or firm name is written with.
        for c in ('\u{4E00}'..='\u{9FFF}')
            .filter_map(|c| Some(c).filter(|c| c.to_pinyin_multi().is_some()))
        {
            let Some(multi) = c.to_pinyin_multi() else {
                continue;
            };
            for reading in multi {
                let plain: String = reading
                    .plain()
                    .chars()
                    .map(|l| if l == 'ü' { 'v' } else { l })
                    .collect();
                if let Some(first) = plain.chars().next() {
                    initials.entry(first).or_default().insert(c);
                }
                // `lü` is typed `lv` or `lu`.
                if plain.contains('v') {
                    syllables
                        .entry(plain.replace('v', "u"))
                        .or_default()
                        .insert(c);
                }
                syllables.entry(plain).or_default().insert(c);
            }
        }
        Readings {
            syllables,
            initials,
        }
    })
}

/// The regular expression that finds the names `text` spells in pinyin or pinyin initials, or `None` when `text`
/// is not pinyin (not only letters, or no syllables and too long for initials).
pub fn pattern(text: &str) -> Option<String> {
    let letters: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\''))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if letters.len() < 2
        || letters.len() > MOST_LETTERS
        || !letters.chars().all(|c| c.is_ascii_lowercase())
    {
        return None;
    }
    let readings = readings();
    let mut alternatives: Vec<String> = segmentations(&letters, readings)
        .iter()
        .map(|syllables| {
            syllables
                .iter()
                .filter_map(|s| readings.syllables.get(*s).map(class))
                .collect()
        })
        .collect();
    if letters.len() <= MOST_INITIALS {
        let classes: Option<Vec<String>> = letters
            .chars()
            .map(|l| readings.initials.get(&l).map(class))
            .collect();
        alternatives.extend(classes.map(|c| c.concat()));
    }
    if alternatives.is_empty() {
        None
    } else {
        Some(alternatives.join("|"))
    }
}

/// Ways to cut `letters` into whole syllables, fewest syllables first.
fn segmentations<'a>(letters: &'a str, readings: &Readings) -> Vec<Vec<&'a str>> {
    // ways[i]: the cuts of letters[i..], built from the end.
    let n = letters.len();
    let mut ways: Vec<Vec<Vec<&str>>> = vec![Vec::new(); n + 1];
    ways[n].push(Vec::new());
    for start in (0..n).rev() {
        let mut here = Vec::new();
        // A syllable has at most six letters (`zhuang`).
        for end in (start + 1..=n.min(start + 6)).rev() {
            let syllable = &letters[start..end];
            if !readings.syllables.contains_key(syllable) {
                continue;
            }
            for rest in &ways[end] {
                if here.len() >= MOST_SEGMENTATIONS {
                    break;
                }
                let mut cut = vec![syllable];
                cut.extend(rest.iter().copied());
                here.push(cut);
            }
        }
        here.sort_by_key(Vec::len);
        ways[start] = here;
    }
    std::mem::take(&mut ways[0])
}

/// A character class of `chars`, runs of consecutive code points written as ranges.
fn class(chars: &BTreeSet<char>) -> String {
    let mut out = String::from("[");
    let mut run: Option<(char, char)> = None;
    let push = |out: &mut String, (first, last): (char, char)| {
        out.push(first);
        if last != first {
            if u32::from(last) > u32::from(first) + 1 {
                out.push('-');
            }
            out.push(last);
        }
    };
    for &c in chars {
        run = match run {
            Some((first, last)) if u32::from(last) + 1 == u32::from(c) => Some((first, c)),
            Some(done) => {
                push(&mut out, done);
                Some((c, c))
            }
            None => Some((c, c)),
        };
    }
    if let Some(done) = run {
        push(&mut out, done);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(text: &str, name: &str) -> bool {
        let Some(p) = pattern(text) else { return false };
        // The same question the SQL asks (`regexp_extract(name, pattern, 0) <> ''`), asked here of the characters.
        naive_match(&p, name)
    }

    /// A matcher for the patterns made here (alternatives of classes): enough to test them without an engine.
    fn naive_match(pattern: &str, name: &str) -> bool {
        let chars: Vec<char> = name.chars().collect();
        pattern.split('|').any(|alt| {
            let classes = parse_classes(alt);
            (0..chars.len()).any(|start| {
                classes.len() <= chars.len() - start
                    && classes
                        .iter()
                        .enumerate()
                        .all(|(i, set)| set(chars[start + i]))
            })
        })
    }

    fn parse_classes(alt: &str) -> Vec<Box<dyn Fn(char) -> bool>> {
        let mut out: Vec<Box<dyn Fn(char) -> bool>> = Vec::new();
        for body in alt.split('[').skip(1) {
            let body: Vec<char> = body.trim_end_matches(']').chars().collect();
            let mut ranges = Vec::new();
            let mut i = 0;
            while i < body.len() {
                if i + 2 < body.len() && body[i + 1] == '-' {
                    ranges.push((body[i], body[i + 2]));
                    i += 3;
                } else {
                    ranges.push((body[i], body[i]));
                    i += 1;
                }
            }
            out.push(Box::new(move |c| {
                ranges.iter().any(|(a, b)| (*a..=*b).contains(&c))
            }));
        }
        out
    }

    #[test]
    fn whole_syllables_and_initials_find_the_name() {
        assert!(finds("dangyang", "当阳市"));
        assert!(finds("dy", "当阳"));
        assert!(finds("DangYang", "湖北当阳"));
        assert!(finds("xiangyang", "襄阳"));
        assert!(finds("hb", "湖北省"));
        assert!(finds("xian", "西安"), "xi'an cut as two syllables");
        assert!(!finds("dangyang", "宜昌"));
        assert!(!finds("dy", "宜昌"));
    }

    #[test]
    fn what_is_not_pinyin_makes_no_pattern() {
        assert_eq!(pattern("武汉"), None);
        assert_eq!(pattern("a"), None);
        assert_eq!(pattern("2021"), None);
        assert_eq!(pattern("laser-cluster"), None);
        // Letters that are no syllables and too many for initials.
        assert_eq!(pattern("qqqqqqqq"), None);
        // A regular expression's own marks never reach the pattern: such a text is not pinyin.
        for hostile in [
            "dy.*",
            "[a-z]+",
            "a|b",
            "(?i)dy",
            "dy\\",
            "dy'; DROP TABLE projects; --",
        ] {
            assert_eq!(pattern(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn a_pattern_is_only_character_classes() {
        let p = pattern("dangyang").expect("pinyin");
        assert!(
            p.chars()
                .all(|c| matches!(c, '[' | ']' | '-' | '|') || c >= '\u{4E00}'),
            "{p}"
        );
    }
}
