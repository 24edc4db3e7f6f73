//! What `list`, `show` and the checks before a run print: challenges, their hints as styled
//! markdown, and diagnostics in the house style.

use std::io::Write;

use colored::{ColoredString, Colorize};

use super::super::locale::{self, Words};
use super::super::{visible, visible_line};
use crate::catalog::{Catalog, Entry, Language};
use crate::curriculum::names::Known;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::markdown::{self, Style};

/// Diagnostics in the house style: the message, the location, and help when the fix is known.
pub fn render_diagnostics(out: &mut dyn Write, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        write_diagnostic(out, d, "");
    }
}

/// One diagnostic, each line after `indent`: the message, its location, any detail (a diff's
/// `-` and `+` lines in color), and help.
pub(super) fn write_diagnostic(out: &mut dyn Write, d: &Diagnostic, indent: &str) {
    let label = match d.severity {
        Severity::Error => "error".red().bold(),
        Severity::Warning => "warning".yellow().bold(),
    };
    let _ = writeln!(out, "{indent}{label}: {}", visible_line(&d.message).bold());
    let location = format!(
        "{}:{}:{}",
        visible_line(&d.path.display().to_string()),
        d.position.line,
        d.position.col
    );
    let _ = writeln!(out, "{indent}  {} {location}", "-->".blue());
    for line in d.detail.iter().flat_map(|detail| detail.lines()) {
        let line = visible_line(line);
        let styled = match line.chars().next() {
            Some('-') => line.red(),
            Some('+') => line.green(),
            _ => line.dimmed(),
        };
        let _ = writeln!(out, "{indent}  {styled}");
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{indent}{}: {help}", "help".cyan());
    }
}

/// Between items that hold commas themselves: a semicolon in the script's own form.
pub(super) fn list_separator(words: &locale::Words) -> &'static str {
    match words.separator {
        "，" | "、" => "；",
        "، " => "؛ ",
        _ => "; ",
    }
}

/// Whether a version has errors, so `list` leaves it out.
fn readable(entry: &Entry) -> bool {
    entry.versions.iter().any(|v| !v.parsed.has_errors())
}

/// `grade list`: one line per challenge, grouped by block; files with errors are left out (their
/// diagnostics are printed instead).
pub fn render_list(out: &mut dyn Write, catalog: &Catalog, language: &'static Language) {
    let words = locale::words(language);
    let mut block = None;
    for entry in catalog.entries.iter().filter(|e| readable(e)) {
        let version = entry.version(language);
        if block != Some(entry.block()) {
            block = Some(entry.block());
            let name = if entry.block().is_empty() {
                "(no block)"
            } else {
                entry.block()
            };
            let _ = writeln!(out, "{}", visible_line(name).bold());
        }
        let languages: Vec<&str> = entry.versions.iter().map(|v| v.language.code).collect();
        let hints = locale::count(language, words.hints, version.parsed.challenge.hints.len());
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}",
            visible_line(&entry.id).dimmed(),
            visible_line(entry.dashed_name()),
            visible_line(version.parsed.challenge.title()),
            format!("[{}; {hints}]", languages.join(" ")).dimmed()
        );
    }
}

/// `grade list --format json`: one document, versioned like the others.
pub fn render_list_json(out: &mut dyn Write, catalog: &Catalog, language: &'static Language) {
    let challenges: Vec<serde_json::Value> = catalog
        .entries
        .iter()
        .filter(|e| readable(e))
        .map(|entry| {
            let version = entry.version(language);
            serde_json::json!({
                "id": entry.id,
                "dashedName": entry.dashed_name(),
                "title": version.parsed.challenge.title(),
                "block": entry.block(),
                "language": version.language.code,
                "languages": entry.versions.iter().map(|v| v.language.code).collect::<Vec<_>>(),
                "hints": version.parsed.challenge.hints.len(),
                "file": version.parsed.challenge.path.display().to_string(),
                "builtin": version.builtin,
            })
        })
        .collect();
    let document = serde_json::json!({
        "version": super::super::json::SCHEMA_VERSION,
        "challenges": challenges,
    });
    let _ = writeln!(
        out,
        "{}",
        super::super::json_safe(serde_json::to_string_pretty(&document).unwrap_or_default())
    );
}

/// `grade show`: the description, instructions and hints in the chosen language.
pub fn render_challenge(out: &mut dyn Write, entry: &Entry, language: &'static Language) {
    let words = locale::words(language);
    let version = entry.version(language);
    let challenge = &version.parsed.challenge;
    let _ = writeln!(
        out,
        "{}",
        visible_line(challenge.title()).bold().underline()
    );
    let place = if version.builtin {
        format!("{} ({})", challenge.path.display(), words.built_in)
    } else {
        challenge.path.display().to_string()
    };
    let _ = writeln!(
        out,
        "{}\n",
        format!(
            "{} · {} · {} · {}",
            entry.id,
            entry.dashed_name(),
            version.language.name,
            place
        )
        .dimmed()
    );
    if version.language != language {
        let _ = writeln!(out, "{}\n", untranslated(words, version.language).dimmed());
    }
    for section in ["description", "instructions"] {
        if let Some(text) = challenge.section_text(section) {
            let _ = writeln!(out, "{}\n", styled_markdown(text, words));
        }
    }
    for hint in &challenge.hints {
        let text = styled_markdown(&hint.text, words);
        let _ = writeln!(
            out,
            "{} {}",
            format!("{}.", hint.index + 1).bold(),
            text.replace('\n', "\n   ")
        );
    }
}

/// Markdown rendered for a terminal; inline code keeps its backticks when there is no color, and
/// in a right-to-left language code and links are isolated so they keep their order.
pub(super) fn styled_markdown(text: &str, words: &Words) -> String {
    let colors = colored::control::SHOULD_COLORIZE.should_colorize();
    let lines = markdown::render(text);
    lines
        .iter()
        .map(|line| {
            line.iter()
                .map(|segment| {
                    let text = visible(&segment.text);
                    let piece: ColoredString = match segment.style {
                        Style::Plain => text.normal(),
                        Style::Strong | Style::Heading => text.bold(),
                        Style::Emphasis => text.italic(),
                        Style::Link => locale::isolate(words, &text).underline(),
                        Style::Url => locale::isolate(words, &text).normal(),
                        Style::Code if colors => locale::isolate(words, &text).cyan(),
                        Style::CodeBlock => text.cyan(),
                        Style::Code => locale::isolate(words, &format!("`{text}`")).normal(),
                    };
                    piece.to_string()
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What is said over a challenge shown in another language than the one asked for: English,
/// or the language it was written in, by its own name.
pub(super) fn untranslated(words: &Words, shown: &Language) -> String {
    if shown.code == "en" {
        words.untranslated.to_string()
    } else {
        words.shown_as_written.replace("{language}", shown.name)
    }
}

/// The names of freeCodeCamp's challenges that `grade` fetches when one is named: by block, each
/// challenge's dashedName and id; or a JSON array of them.
pub fn render_curriculum_names(out: &mut dyn Write, known: &[Known], json: bool) {
    if json {
        let items: Vec<serde_json::Value> = known
            .iter()
            .map(|k| serde_json::json!({"block": k.block, "id": k.id, "dashedName": k.dashed_name}))
            .collect();
        let _ = writeln!(out, "{}", serde_json::Value::Array(items));
        return;
    }
    let mut block = "";
    for k in known {
        if k.block != block {
            block = k.block;
            let _ = writeln!(out, "{}", block.bold());
        }
        let _ = writeln!(out, "  {:<52} {}", k.dashed_name, k.id.dimmed());
    }
    let _ = writeln!(
        out,
        "\n{}",
        "grade any of them by its name, its id, its block or its page URL: grade --url URL timestamp-microservice".dimmed()
    );
}
