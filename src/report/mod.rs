//! Renders run events. One file per format; the runner never prints, these do.

mod collect;
mod files;
mod github;
pub mod gradebook;
mod html;
mod human;
mod json;
mod junit;
mod lab;
mod locale;
mod page;
pub use locale::{book_words, count, isolate, speaks, words, BookWords};
mod tap;
mod validation;

pub use files::{finish, stdout, to_stdout, ReportFile, Reports};
pub use github::Github;
pub use html::{write_html, write_lab_html};
pub use human::{
    bold, dimmed, error_label, heading, help_label, render_challenge, render_curriculum_names,
    render_diagnostics, render_list, render_list_json, warning_label, BatchProgress, Human,
    Verbosity,
};
pub use json::Json;
pub use junit::Junit;
pub use lab::{lab_json, lab_progress, render_snippets, write_lab, LAB_SCHEMA_VERSION};
pub use page::HtmlPage;
pub use tap::Tap;
pub use validation::{render_rules, ValidationFormat, ValidationReport};

use std::io::Write;

use crate::plan::Plan;
use crate::run::Event;

/// The output formats of `grade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Junit,
    Tap,
    /// GitHub Actions annotations, and a step summary.
    Github,
}

/// The formats of a gradebook, as a file (`--report-csv`, ...) or on stdout (`merge --format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradebookFormat {
    Csv,
    Json,
    Html,
}

pub use crate::escape::{json_safe, visible, visible_line};

/// `n` with an English noun in the form CLDR's English rules give (`1 file`, `2 files`), for
/// the messages that are English only.
pub fn english_count(n: usize, one: &'static str, other: &'static str) -> String {
    let forms: [(&str, &str); 2] = [("one", one), ("other", other)];
    let phrase = forms
        .iter()
        .find(|(category, _)| *category == locale::english_category(n))
        .map_or(other, |(_, form)| form);
    format!("{n} {phrase}")
}

/// Writes a line to stderr, as `eprintln!` does, but never panics: a reader that went away
/// (`2>&1 | head`) or a closed stderr costs the line, not the run.
pub fn say(line: &str) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(line.as_bytes());
    let _ = err.write_all(b"\n");
}

/// Sends every event to several reporters, such as the human output and a JUnit file.
pub struct Tee(pub Vec<Box<dyn Reporter>>);

impl Reporter for Tee {
    fn event(&mut self, plan: &Plan, event: &Event) {
        for reporter in &mut self.0 {
            reporter.event(plan, event);
        }
    }

    fn failure(&self) -> Option<String> {
        self.0.iter().find_map(|r| r.failure())
    }
}

/// Receives a run's events in order and renders them.
pub trait Reporter {
    fn event(&mut self, plan: &Plan, event: &Event);

    /// Why some of the output could not be written, if it could not: CI must not take a lost
    /// report for a green run.
    fn failure(&self) -> Option<String> {
        None
    }
}

/// A writer that keeps the first error it meets and writes nothing after it, so a reporter goes
/// on as if all was well and its caller still learns that the output was lost. A reader that
/// went away (`| head`) ends the output without an error: it took what it wanted.
pub struct Checked<W> {
    inner: W,
    /// What the output is, for the message: "stdout", "the JUnit report `r.xml`".
    name: String,
    error: Option<String>,
    /// The reader went away; nothing more is written.
    closed: bool,
}

impl<W: Write> Checked<W> {
    pub fn new(inner: W, name: impl Into<String>) -> Self {
        Checked {
            inner,
            name: name.into(),
            error: None,
            closed: false,
        }
    }

    pub fn error(&self) -> Option<String> {
        self.error.clone()
    }

    pub fn into_inner(self) -> W {
        self.inner
    }

    fn keep<T>(&mut self, result: std::io::Result<T>, fallback: T) -> std::io::Result<T> {
        match result {
            Ok(value) => Ok(value),
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(fallback)
            }
            Err(err) => {
                self.error = Some(format!("could not write {}: {err}", self.name));
                Ok(fallback)
            }
        }
    }
}

impl<W: Write> Write for Checked<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_some() || self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.keep(result, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.error.is_some() || self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.keep(result, ())
    }
}

/// Whether colors are used, decided once for the whole program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Settles colors from the flag, `NO_COLOR` and whether stderr is a terminal.
pub fn set_color(choice: ColorChoice) {
    use std::io::IsTerminal;
    let enabled = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    colored::control::set_override(enabled);
}
