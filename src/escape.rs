//! Untrusted text (from an app, a hint or a file) made safe to show: control characters (escape
//! sequences that would drive a terminal, carriage returns that would overwrite a line, NUL, BEL)
//! and the characters that reorder text on screen (bidi embeddings, overrides and isolates, the
//! marks, line and paragraph separators) are written as escapes, in every format; so are the
//! invisible characters that have no place in text a person reads (tag characters, the word
//! joiner and invisible operators, a byte-order mark inside text). The zero-width joiners and
//! spaces and the soft hyphen stay: Persian, Thai, emoji and German text need them.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Text as it may be shown: each such character as `\u{..}`. Line breaks and tabs stay.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && c != '\t' && needs_escape(c))
}

/// As [`visible`], for text that must stay on one line: line breaks and tabs are escaped too.
pub fn visible_line(text: &str) -> Cow<'_, str> {
    escape_where(text, needs_escape)
}

/// Whether a character must never reach a reader as it is.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
                | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{180e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

fn escape_where(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text (as serde_json writes it, which escapes only C0 controls) with every other such
/// character written as a JSON `\uXXXX` escape, so a reader of the document sees it for what it
/// is. They can only stand inside strings, where the escape means the same character.
pub fn json_safe(serialized: String) -> String {
    if !serialized.chars().any(needs_escape) {
        return serialized;
    }
    let mut out = String::with_capacity(serialized.len() + 16);
    for c in serialized.chars() {
        if needs_escape(c) && c != '\n' {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_meaning_and_loses_its_hidden_characters() {
        let text = "a\u{202e}b\u{2066}c\u{9b}d\u{1b}e\u{7f}f\u{2028}";
        let json = json_safe(serde_json::to_string(text).unwrap());
        assert!(json.chars().all(|c| !needs_escape(c)), "{json}");
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        // Pretty documents keep their line breaks between fields.
        let pretty = json_safe("{\n  \"a\": \"\u{202e}\"\n}".to_string());
        assert_eq!(pretty, "{\n  \"a\": \"\\u202e\"\n}");
    }

    #[test]
    fn hidden_characters_are_shown_and_the_joiners_of_real_scripts_stay() {
        assert_eq!(
            visible("a\u{e0041}b\u{feff}c\u{2060}d"),
            "a\\u{e0041}b\\u{feff}c\\u{2060}d"
        );
        let persian = "می\u{200c}خواهم 👩\u{200d}💻 Stra\u{ad}ße";
        assert_eq!(visible(persian), persian);
    }
}
