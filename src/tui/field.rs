//! One text field, the same in every prompt, dialog and form: a cursor that ←/→, Home and End move, Backspace and
//! Delete, Ctrl+U (to the start) and Ctrl+W (a word back), and a prefilled value that is selected — the first key
//! typed replaces it, as in any text box.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The keys every field takes (typed text is the value, so they are not in the rebindable keymap): the help and
/// docs/keys.md list them from here. Both are message ids, (the keys, what they do): one row's keys are words
/// ("any text").
pub const FIELD_KEYS: &[(&str, &str)] = &[
    ("field-keys-move", "field-move"),
    ("field-keys-delete", "field-delete"),
    ("field-keys-ctrl-u", "field-delete-to-start"),
    ("field-keys-ctrl-w", "field-delete-word"),
    ("field-keys-any-text", "field-replaces"),
    ("field-keys-home", "field-home"),
];

/// Where the caret shows in a field's text.
pub const CARET: char = '█';

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    text: String,
    /// In characters, at most the text's length.
    cursor: usize,
    /// The text is a suggestion or a default: typing replaces it, Backspace clears it, a movement keeps it.
    selected: bool,
}

impl Field {
    /// A field holding `text`, the cursor at its end.
    pub fn new(text: &str) -> Field {
        Field {
            text: text.to_string(),
            cursor: text.chars().count(),
            selected: false,
        }
    }

    /// A field holding a suggestion or a default, selected.
    pub fn prefilled(text: &str) -> Field {
        Field {
            selected: !text.is_empty(),
            ..Field::new(text)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Replace the text (a choice picked, a format's extension): the cursor goes to its end.
    pub fn set(&mut self, text: &str) {
        *self = Field::new(text);
    }

    /// The text with the caret where the cursor is.
    pub fn with_caret(&self) -> String {
        let byte = self.byte(self.cursor);
        format!("{}{CARET}{}", &self.text[..byte], &self.text[byte..])
    }

    /// The text before and after the cursor.
    pub fn split_at_cursor(&self) -> (&str, &str) {
        self.text.split_at(self.byte(self.cursor))
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// A key typed into the field; false when it is not the field's (the keymap gets it). `arrows`: whether ←/→
    /// move the cursor here (a form's choice takes them to pick).
    pub fn key(&mut self, event: &KeyEvent, arrows: bool) -> bool {
        let only_ctrl = event.modifiers == KeyModifiers::CONTROL;
        let plain = !event.modifiers.contains(KeyModifiers::CONTROL)
            && !event.modifiers.contains(KeyModifiers::ALT);
        let len = self.text.chars().count();
        let was_selected = std::mem::take(&mut self.selected);
        match event.code {
            KeyCode::Char('u') if only_ctrl => {
                let byte = self.byte(self.cursor);
                self.text.replace_range(..byte, "");
                self.cursor = 0;
            }
            KeyCode::Char('w') if only_ctrl => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                let blank = |c: char| c.is_whitespace() || c == '/';
                while start > 0 && chars.get(start - 1).is_some_and(|c| blank(*c)) {
                    start -= 1;
                }
                while start > 0 && chars.get(start - 1).is_some_and(|c| !blank(*c)) {
                    start -= 1;
                }
                let (from, to) = (self.byte(start), self.byte(self.cursor));
                self.text.replace_range(from..to, "");
                self.cursor = start;
            }
            KeyCode::Char(c) if plain => {
                if was_selected {
                    self.text.clear();
                    self.cursor = 0;
                }
                let byte = self.byte(self.cursor);
                self.text.insert(byte, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if was_selected => {
                self.text.clear();
                self.cursor = 0;
            }
            KeyCode::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    let byte = self.byte(self.cursor);
                    self.text.remove(byte);
                }
            }
            KeyCode::Delete => {
                if self.cursor < len {
                    let byte = self.byte(self.cursor);
                    self.text.remove(byte);
                }
            }
            KeyCode::Left if arrows => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right if arrows => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            _ => {
                self.selected = was_selected;
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(field: &mut Field, keys: &[KeyEvent]) {
        for k in keys {
            field.key(k, true);
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn one_behaviour_for_every_field() {
        // A suggestion is replaced by typing, cleared by Backspace, kept by a movement.
        let mut f = Field::prefilled("ratings-by-year.csv");
        press(&mut f, &[key(KeyCode::Char('r'))]);
        assert_eq!(f.as_str(), "r");
        let mut f = Field::prefilled("ratings.csv");
        press(&mut f, &[key(KeyCode::Home), key(KeyCode::Char('x'))]);
        assert_eq!(f.as_str(), "xratings.csv");
        let mut f = Field::prefilled("2021");
        press(&mut f, &[key(KeyCode::Backspace)]);
        assert_eq!(f.as_str(), "");
        // The cursor moves over characters, Chinese ones too; Delete takes the one under it.
        let mut f = Field::new("湖北.csv");
        press(
            &mut f,
            &[
                key(KeyCode::Home),
                key(KeyCode::Right),
                key(KeyCode::Char('x')),
                key(KeyCode::Delete),
            ],
        );
        assert_eq!(f.as_str(), "湖x.csv");
        assert_eq!(f.with_caret(), format!("湖x{CARET}.csv"));
        press(&mut f, &[key(KeyCode::End), ctrl('w')]);
        assert_eq!(f.as_str(), "");
        let mut f = Field::new("~/out/r.csv");
        press(&mut f, &[ctrl('w')]);
        assert_eq!(f.as_str(), "~/out/");
        press(&mut f, &[key(KeyCode::Left), ctrl('u')]);
        assert_eq!((f.as_str(), f.with_caret()), ("/", format!("{CARET}/")));
        // Without arrows (a form's choice), ←/→ are left to the keymap.
        let mut f = Field::new("good");
        assert!(!f.key(&key(KeyCode::Left), false));
    }
}
