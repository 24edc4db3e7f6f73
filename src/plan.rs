//! Which hints run, in what order, in which language, against which URL. Plain data, no I/O.

use std::path::PathBuf;

use crate::catalog::{Catalog, Entry, Language, ENGLISH};
use crate::diagnostic::Diagnostic;

/// Everything a run needs: the learner's URL and the hints to run, in order.
#[derive(Debug, Clone)]
pub struct Plan {
    pub url: String,
    pub challenges: Vec<PlannedChallenge>,
    /// Problems in the selected files; their broken hints are left out of the plan.
    pub diagnostics: Vec<Diagnostic>,
}

impl Plan {
    pub fn hint_count(&self) -> usize {
        self.challenges.iter().map(|c| c.hints.len()).sum()
    }
}

#[derive(Debug, Clone)]
pub struct PlannedChallenge {
    pub id: String,
    pub dashed_name: String,
    pub title: String,
    pub block: String,
    pub language: &'static Language,
    pub file: PathBuf,
    /// The file is part of `grade` itself, not one the user has.
    pub builtin: bool,
    pub hints: Vec<PlannedHint>,
}

#[derive(Debug, Clone)]
pub struct PlannedHint {
    /// Position among the challenge's hints, from 0.
    pub index: usize,
    /// Markdown, in the language it was taken from.
    pub text: String,
    pub code: String,
    /// The file the hint was read from (the English one when the translation lacked it).
    pub file: PathBuf,
    /// Where the hint's text starts in `file`; annotations point here.
    pub text_line: u32,
    pub code_line: u32,
    pub language: &'static Language,
    /// The file is part of `grade` itself, not one the user has.
    pub builtin: bool,
}

/// `code` as freeCodeCamp builds it from what a learner typed: `http://` added when there is no
/// scheme, and a trailing slash dropped.
pub fn normalize_url(input: &str) -> String {
    let trimmed = input.trim();
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("http://{trimmed}")
    };
    match with_scheme.strip_suffix('/') {
        Some(stripped) if !stripped.ends_with('/') => stripped.to_string(),
        _ => with_scheme,
    }
}

/// Builds the plan for `entries` (catalog order kept) in `language`, against `url` as it was read
/// where it came in (`run::AppUrl`, a roster's normalized URL).
pub fn plan(url: &str, entries: &[&Entry], language: &'static Language) -> Plan {
    let mut challenges = Vec::new();
    for entry in entries {
        let chosen = entry.version(language);
        let english = entry.find(ENGLISH);
        let challenge = &chosen.parsed.challenge;
        // Hint by hint: the chosen language where it has the hint, English where it does not.
        let count = challenge
            .hints
            .len()
            .max(english.map_or(0, |e| e.parsed.challenge.hints.len()));
        let hints = (0..count)
            .filter_map(|index| {
                let (hint, source) = match challenge.hints.get(index) {
                    Some(hint) => (hint, chosen),
                    None => (english?.parsed.challenge.hints.get(index)?, english?),
                };
                Some(PlannedHint {
                    index,
                    text: hint.text.clone(),
                    code: hint.code.clone(),
                    file: source.parsed.challenge.path.clone(),
                    text_line: hint.text_line,
                    code_line: hint.code_line,
                    language: source.language,
                    builtin: source.builtin,
                })
            })
            .collect();
        challenges.push(PlannedChallenge {
            id: entry.id.clone(),
            dashed_name: entry.dashed_name().to_string(),
            title: challenge.title().to_string(),
            block: chosen.block.clone(),
            language: chosen.language,
            file: challenge.path.clone(),
            builtin: chosen.builtin,
            hints,
        });
    }
    Plan {
        url: url.to_string(),
        challenges,
        diagnostics: diagnostics(entries, language),
    }
}

/// The problems of the files a plan for `entries` in `language` reads: the chosen version of
/// each, and the English one its missing hints come from.
pub fn diagnostics(entries: &[&Entry], language: &'static Language) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = Vec::new();
    for entry in entries {
        let chosen = entry.version(language);
        for version in [Some(chosen), entry.find(ENGLISH)].into_iter().flatten() {
            for diagnostic in &version.parsed.diagnostics {
                if !found.contains(diagnostic) {
                    found.push(diagnostic.clone());
                }
            }
        }
    }
    found
}

/// What the positional CHALLENGE arguments select: every entry when there are none.
pub fn select<'a>(catalog: &'a Catalog, names: &[String]) -> Result<Vec<&'a Entry>, String> {
    if names.is_empty() {
        return Ok(catalog.entries.iter().collect());
    }
    let mut selected: Vec<&Entry> = Vec::new();
    for name in names {
        let found = catalog.lookup(name);
        if found.is_empty() {
            return Err(format!(
                "no challenge has the id or dashedName `{name}`\nhelp: `grade list` shows the challenges there are"
            ));
        }
        for entry in found {
            if !selected.iter().any(|e| std::ptr::eq(*e, entry)) {
                selected.push(entry);
            }
        }
    }
    // Keep catalog order whatever order the names came in.
    selected.sort_by_key(|e| catalog.entries.iter().position(|x| std::ptr::eq(x, *e)));
    Ok(selected)
}
