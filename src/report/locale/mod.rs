//! The words of the human output in every language the curriculum is translated into, counted
//! phrases chosen by CLDR plural rules (the only user of intl_pluralrules and unic-langid), and
//! the display width of text, for columns that line up in any script (the only user of
//! unicode-width).

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

mod book;
mod words;

pub use book::{book_words, BookWords};

use crate::catalog::Language;
use words::{
    ARABIC, CHINESE, ENGLISH, GERMAN, ITALIAN, JAPANESE, KOREAN, PORTUGUESE, SPANISH, SWAHILI,
    TRADITIONAL_CHINESE, UKRAINIAN,
};

/// A phrase with a count: the form for each CLDR plural category the language has (`zero`,
/// `one`, `two`, `few`, `many`), and `other`, which every language has. `{n}` is the count.
pub type Plural = &'static [(&'static str, &'static str)];

/// Everything the human output says around the hint texts, in one language.
pub struct Words {
    /// The status of one hint.
    pub passed: &'static str,
    pub failed: &'static str,
    pub errored: &'static str,
    pub timed_out: &'static str,
    pub expected: &'static str,
    pub actual: &'static str,
    /// The summary: "{n} hints: {n} passed, {n} failed".
    pub hints: Plural,
    pub passed_count: Plural,
    pub failed_count: Plural,
    pub errored_count: Plural,
    pub timed_out_count: Plural,
    /// "flaky: passed on attempt {n}".
    pub flaky: &'static str,
    pub console: &'static str,
    pub note: &'static str,
    pub more_lines: Plural,
    pub more_requests: Plural,
    pub more: Plural,
    pub cors_title: &'static str,
    pub cors_help: &'static str,
    pub help: &'static str,
    pub no_hints: &'static str,
    pub interrupted: &'static str,
    /// Where a built-in challenge lives: "built in".
    pub built_in: &'static str,
    /// "see it with {command}".
    pub see_source: &'static str,
    /// Said under a challenge that has no translation in this language.
    pub untranslated: &'static str,
    /// The same for a challenge shown in a language other than English: `{language}` is its name.
    pub shown_as_written: &'static str,
    /// Before the command that runs only what did not pass.
    pub rerun: &'static str,
    /// Between the counts of the summary.
    pub separator: &'static str,
    /// The note on a hint that left an interval running.
    pub interval_cleared: &'static str,
    /// Before what a passing hint relied on that freeCodeCamp's runner does not give.
    pub would_fail: &'static str,
    /// "it sends back the cookie {cookie} that the answer to {set} set ({sent})".
    pub risk_cookie: &'static str,
    /// "it sends a Cookie header it wrote ({sent})".
    pub risk_written_cookie: &'static str,
    /// "it took {seconds}".
    pub risk_slow: &'static str,
    /// "a browser there could not read {request}".
    pub risk_cors: &'static str,
    /// The labels of a diagnosis and of its fix.
    pub diagnosis: &'static str,
    pub fix: &'static str,
    /// The heading of a `--watch` round: "round {n}".
    pub round: &'static str,
    /// "{n} files changed".
    pub files_changed: Plural,
    /// "watching {dir}; change a file to grade again, Ctrl-C to stop".
    pub watching: &'static str,
    /// "restarted `{command}`".
    pub restarted: &'static str,
    /// "{hints} in {challenges} did not run", after `--fail-fast` or when the app went away.
    pub not_run: &'static str,
    /// "{n} challenges".
    pub challenges: Plural,
    /// Whether lines run right to left, so code and URLs in them need isolating.
    pub right_to_left: bool,
}

/// Whether the output has words in `language`: `--lang` takes only these.
pub fn speaks(language: &Language) -> bool {
    language.code == "en" || !std::ptr::eq(words(language), &ENGLISH)
}

/// The languages the output speaks besides English, in the order of every table of words.
const SPOKEN: [&str; 11] = [
    "de", "pt-BR", "es", "it", "ar", "zh-CN", "zh-TW", "ja", "ko", "uk", "sw",
];

/// `language`'s entry of a table of words, whose others are in the order of [`SPOKEN`];
/// English's for a language without its own.
fn pick<T>(language: &Language, english: &'static T, others: [&'static T; 11]) -> &'static T {
    SPOKEN
        .iter()
        .position(|code| *code == language.code)
        .map_or(english, |i| others[i])
}

/// The words for `language`; English for a language without its own.
pub fn words(language: &Language) -> &'static Words {
    pick(
        language,
        &ENGLISH,
        [
            &GERMAN,
            &PORTUGUESE,
            &SPANISH,
            &ITALIAN,
            &ARABIC,
            &CHINESE,
            &TRADITIONAL_CHINESE,
            &JAPANESE,
            &KOREAN,
            &UKRAINIAN,
            &SWAHILI,
        ],
    )
}

/// `phrase` for the count `n` in `language`, by its CLDR plural rules.
pub fn count(language: &Language, phrase: Plural, n: usize) -> String {
    let category = category(language, n);
    let name = match category {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    };
    let form = phrase
        .iter()
        .find(|(c, _)| *c == name)
        .or_else(|| phrase.iter().find(|(c, _)| *c == "other"))
        .map_or("{n}", |(_, f)| *f);
    form.replace("{n}", &n.to_string())
}

fn category(language: &Language, n: usize) -> PluralCategory {
    let primary = language.code.split('-').next().unwrap_or("en");
    let rules = primary
        .parse::<unic_langid::LanguageIdentifier>()
        .ok()
        .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok());
    rules
        .and_then(|r| r.select(n as u64).ok())
        .unwrap_or(if n == 1 {
            PluralCategory::ONE
        } else {
            PluralCategory::OTHER
        })
}

/// How many terminal columns `text` takes: CJK characters take two.
/// The CLDR plural category of `n` in English: `one` or `other`.
pub fn english_category(n: usize) -> &'static str {
    match category(crate::catalog::ENGLISH, n) {
        PluralCategory::ONE => "one",
        _ => "other",
    }
}

pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `columns` display columns.
pub fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// Keeps left-to-right text (code, a URL, a command) in its order inside a right-to-left line,
/// with the Unicode first-strong isolate around it.
pub fn isolate(words: &Words, text: &str) -> String {
    if words.right_to_left {
        format!("\u{2068}{text}\u{2069}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Language;

    #[track_caller]
    fn check(language: &str, phrase: fn(&Words) -> Plural, n: usize, expected: &str) {
        let language = Language::find(language).unwrap();
        assert_eq!(count(language, phrase(words(language)), n), expected);
    }

    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        check("en", |w| w.hints, 1, "1 hint");
        check("en", |w| w.hints, 0, "0 hints");
        check("pt-BR", |w| w.failed_count, 2, "2 falharam");
        check("pt-BR", |w| w.failed_count, 1, "1 falhou");
        check("es", |w| w.failed_count, 2, "2 fallidas");
        check("uk", |w| w.hints, 2, "2 тести");
        check("uk", |w| w.hints, 5, "5 тестів");
        check("uk", |w| w.hints, 21, "21 тест");
        check("ar", |w| w.hints, 2, "اختباران");
        check("ar", |w| w.hints, 5, "5 اختبارات");
        check("ja", |w| w.hints, 1, "1 件のテスト");
    }

    #[test]
    fn width_counts_wide_characters_twice() {
        assert_eq!(width("期待値"), 6);
        assert_eq!(pad("期待値", 8), "期待値  ");
        assert_eq!(pad("expected", 8), "expected");
    }
}
