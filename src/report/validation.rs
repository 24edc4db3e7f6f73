//! Renders `grade validate` as it goes: each finding with its source line underlined for people,
//! one JSON document written as findings arrive, or GitHub annotations; then counts by rule, the
//! translation coverage, and a summary line. The only user of annotate-snippets.

use std::io::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use colored::Colorize;
use serde_json::json;

use super::github::{escape_data, escape_property};
use super::{visible, visible_line};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::validate::compare::Untranslated;
use crate::validate::{Event, Summary};

/// The output formats of `grade validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationFormat {
    Human,
    Json,
    Github,
}

/// Writes findings as they come. People read them on `log`; JSON and annotations go to `out`;
/// the list of untranslated texts, when asked for, goes to `out` as well.
pub struct ValidationReport<'a> {
    format: ValidationFormat,
    out: &'a mut dyn Write,
    log: &'a mut dyn Write,
    list_untranslated: bool,
    /// For JSON: whether the document has been opened.
    started: bool,
    /// For JSON: whether a finding has been written, so the next needs a comma.
    written: bool,
    /// For JSON: the untranslated texts, written after the findings.
    untranslated: Vec<Untranslated>,
}

impl<'a> ValidationReport<'a> {
    pub fn new(
        format: ValidationFormat,
        out: &'a mut dyn Write,
        log: &'a mut dyn Write,
        list_untranslated: bool,
    ) -> Self {
        ValidationReport {
            format,
            out,
            log,
            list_untranslated,
            started: false,
            written: false,
            untranslated: Vec::new(),
        }
    }

    /// Opens the JSON document on first use, so a run that fails before it writes nothing.
    fn start(&mut self) {
        if self.format == ValidationFormat::Json && !self.started {
            let _ = write!(
                self.out,
                "{{\n  \"version\": {},\n  \"diagnostics\": [",
                super::json::SCHEMA_VERSION
            );
        }
        self.started = true;
    }

    pub fn event(&mut self, event: Event) {
        match event {
            Event::Findings(findings) => {
                for d in findings {
                    self.finding(d);
                }
            }
            Event::Untranslated(texts) if self.list_untranslated => match self.format {
                ValidationFormat::Json => self.untranslated.extend(texts.iter().cloned()),
                _ => {
                    for t in texts {
                        let _ = writeln!(
                            self.out,
                            "{}:{}: {} is the same as in English",
                            visible_line(&t.path.display().to_string()),
                            t.line,
                            t.what
                        );
                    }
                }
            },
            Event::Untranslated(_) => {}
        }
    }

    fn finding(&mut self, d: &Diagnostic) {
        match self.format {
            ValidationFormat::Human => {
                let _ = writeln!(self.log, "{}\n", snippet(d));
            }
            ValidationFormat::Json => {
                self.start();
                let comma = if self.written { "," } else { "" };
                self.written = true;
                let text = super::json_safe(
                    serde_json::to_string_pretty(&diagnostic_json(d)).unwrap_or_default(),
                );
                let _ = write!(self.out, "{comma}\n    {}", text.replace('\n', "\n    "));
            }
            ValidationFormat::Github => {
                let _ = writeln!(
                    self.out,
                    "{}",
                    annotation(d, "grade validate", severity_name(d.severity))
                );
            }
        }
    }

    /// Ends the report with counts by rule, coverage and the summary line.
    pub fn finish(mut self, summary: &Summary) {
        self.start();
        match self.format {
            ValidationFormat::Json => {
                let end = if self.written { "\n  " } else { "" };
                let rules: serde_json::Map<String, serde_json::Value> = summary
                    .by_rule
                    .iter()
                    .map(|((rule, severity), n)| {
                        (
                            format!("{}:{}", severity_name(*severity), rule.id()),
                            json!(n),
                        )
                    })
                    .collect();
                let coverage: Vec<serde_json::Value> = summary
                    .coverage
                    .iter()
                    .map(|c| {
                        json!({
                            "language": c.language.folder,
                            "superblock": c.superblock,
                            "texts": c.texts,
                            "translated": c.translated,
                        })
                    })
                    .collect();
                let mut tail = serde_json::Map::new();
                if self.list_untranslated {
                    let list: Vec<serde_json::Value> = self
                        .untranslated
                        .iter()
                        .map(|t| {
                            json!({
                                "file": t.path.display().to_string(),
                                "line": t.line,
                                "what": t.what,
                            })
                        })
                        .collect();
                    tail.insert("untranslated".into(), json!(list));
                }
                tail.insert("files".into(), json!(summary.files));
                tail.insert("errors".into(), json!(summary.errors));
                tail.insert("warnings".into(), json!(summary.warnings));
                tail.insert("rules".into(), json!(rules));
                tail.insert("coverage".into(), json!(coverage));
                let _ = write!(self.out, "{end}]");
                for (key, value) in tail {
                    let text =
                        super::json_safe(serde_json::to_string_pretty(&value).unwrap_or_default());
                    let _ = write!(self.out, ",\n  \"{key}\": {}", text.replace('\n', "\n  "));
                }
                let _ = writeln!(self.out, "\n}}");
            }
            ValidationFormat::Human | ValidationFormat::Github => {
                rule_counts(self.log, summary);
                coverage(self.log, summary);
            }
        }
        let line = format!(
            "{} checked: {}, {}",
            super::english_count(summary.files, "file", "files"),
            super::english_count(summary.errors, "error", "errors"),
            super::english_count(summary.warnings, "warning", "warnings")
        );
        let line = if summary.errors > 0 {
            line.red().bold()
        } else if summary.warnings > 0 {
            line.yellow().bold()
        } else {
            line.green().bold()
        };
        let _ = writeln!(self.log, "{line}");
    }
}

pub(super) fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A finding as rustc shows one: the rule and message, the location, the line with the span
/// underlined, then any detail and help.
pub(super) fn snippet(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = visible_line(&d.message);
    let path = visible_line(&d.path.display().to_string()).into_owned();
    let title = level.primary_title(message.as_ref()).id(d.rule.id());
    let line = d.position.line as usize;
    let mut group: Group = match &d.source_line {
        Some(source) => {
            // Columns count characters; the span is found in the escaped line.
            let col = d.position.col.saturating_sub(1) as usize;
            let before: String = source.chars().take(col).collect();
            let covered: String = source.chars().skip(col).take(d.width as usize).collect();
            let shown = visible_line(source).into_owned();
            let start = visible_line(&before).len().min(shown.len());
            let end = (start + visible_line(&covered).len()).min(shown.len());
            title.element(
                Snippet::source(shown)
                    .line_start(line)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        None => title.element(
            Origin::path(path)
                .line(line)
                .char_column(d.position.col as usize),
        ),
    };
    if let Some(detail) = &d.detail {
        let lines: Vec<String> = detail
            .lines()
            .map(|l| {
                let l = visible_line(l);
                match l.chars().next() {
                    Some('-') => l.red().to_string(),
                    Some('+') => l.green().to_string(),
                    _ => l.into_owned(),
                }
            })
            .collect();
        group = group.element(Level::NOTE.message(lines.join("\n")));
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(visible(help).into_owned()));
    }
    let renderer = if colored::control::SHOULD_COLORIZE.should_colorize() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group]).to_string()
}

pub(super) fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    json!({
        "rule": d.rule.id(),
        "severity": severity_name(d.severity),
        "file": d.path.display().to_string(),
        "line": d.position.line,
        "col": d.position.col,
        "message": d.message,
        "detail": d.detail,
        "help": d.help,
    })
}

/// A GitHub Actions workflow command, titled with the command that found it (`grade validate`);
/// its data and properties are escaped as the runner expects.
pub(super) fn annotation(d: &Diagnostic, command: &str, level: &str) -> String {
    let mut message = d.message.clone();
    for extra in [&d.detail, &d.help].into_iter().flatten() {
        message.push('\n');
        message.push_str(extra);
    }
    format!(
        "::{level} file={},line={},col={},title={}::{}",
        escape_property(&d.path.display().to_string()),
        d.position.line,
        d.position.col,
        escape_property(&format!("{command} [{}]", d.rule.id())),
        escape_data(&message)
    )
}

fn rule_counts(out: &mut dyn Write, summary: &Summary) {
    counts_by_rule(out, &summary.by_rule);
}

/// How many findings of each rule, errors first, the most frequent first.
pub(super) fn counts_by_rule(
    out: &mut dyn Write,
    by_rule: &std::collections::BTreeMap<(Rule, Severity), usize>,
) {
    if by_rule.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", "findings by rule".bold());
    let width = by_rule
        .keys()
        .map(|(rule, _)| rule.id().len())
        .max()
        .unwrap_or(0);
    let mut rows: Vec<(&(Rule, Severity), &usize)> = by_rule.iter().collect();
    rows.sort_by(|a, b| b.0 .1.cmp(&a.0 .1).then(b.1.cmp(a.1)));
    for ((rule, severity), n) in rows {
        let label = match severity {
            Severity::Error => "error  ".red(),
            Severity::Warning => "warning".yellow(),
        };
        let _ = writeln!(out, "  {label} {:<width$} {n:>7}", rule.id());
    }
    let _ = writeln!(out);
}

fn coverage(out: &mut dyn Write, summary: &Summary) {
    let rows: Vec<_> = summary.coverage.iter().filter(|c| c.texts > 0).collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        "translation coverage: texts that differ from English (--list untranslated names the others)"
            .bold()
    );
    let language_width = rows
        .iter()
        .map(|c| c.language.folder.len())
        .max()
        .unwrap_or(0);
    let block_width = rows
        .iter()
        .map(|c| visible_line(&c.superblock).chars().count())
        .max()
        .unwrap_or(0);
    let percent = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
    let mut index = 0;
    while index < rows.len() {
        let language = rows[index].language;
        let (mut translated, mut texts) = (0, 0);
        while index < rows.len() && rows[index].language == language {
            let c = rows[index];
            translated += c.translated;
            texts += c.texts;
            let _ = writeln!(
                out,
                "  {:<language_width$}  {:<block_width$}  {:>7} of {:<7} {:>5.1}%",
                language.folder,
                visible_line(&c.superblock),
                c.translated,
                c.texts,
                percent(c.translated, c.texts)
            );
            index += 1;
        }
        let line = format!(
            "  {:<language_width$}  {:<block_width$}  {translated:>7} of {texts:<7} {:>5.1}%",
            language.folder,
            "(all)",
            percent(translated, texts)
        );
        let _ = writeln!(out, "{}", line.bold());
    }
    let _ = writeln!(out);
}

/// `grade validate --list rules`: every rule's id, default severity and what it finds.
pub fn render_rules(out: &mut dyn Write) {
    let width = Rule::ALL.iter().map(|r| r.id().len()).max().unwrap_or(0);
    for rule in Rule::ALL {
        let _ = writeln!(
            out,
            "{:<width$}  {:<7}  {}",
            rule.id(),
            severity_name(rule.severity()),
            rule.summary()
        );
    }
}
