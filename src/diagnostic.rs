//! `path:line:col` messages shared by every stage.
//!
//! Stages record byte spans; only this module turns a span into a line and a column, so every
//! message counts lines and columns the same way (1-based, columns in characters).

use std::fmt;
use std::path::{Path, PathBuf};

/// A byte range into a challenge file's text (after a BOM is stripped and CRLF folded to LF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn at(offset: usize) -> Self {
        Span::new(offset, offset)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A line and a column, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub position: Position,
    pub message: String,
    pub help: Option<String>,
    /// Further lines shown under the message, such as a diff.
    pub detail: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a known position, without help.
    pub fn new(severity: Severity, path: &Path, position: Position, message: String) -> Self {
        Diagnostic {
            severity,
            path: path.to_path_buf(),
            position,
            message,
            help: None,
            detail: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{label}: {}\n  --> {}:{}:{}",
            self.message,
            self.path.display(),
            self.position.line,
            self.position.col
        )?;
        if let Some(detail) = &self.detail {
            write!(f, "\n{detail}")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

/// Start offsets of every line of a text, to turn byte offsets into positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// The position of `offset` in `text`; offsets past the end land on the last position.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Position {
            line: line as u32 + 1,
            col: col as u32 + 1,
        }
    }
}

/// Collects diagnostics for one file, locating spans as they are added.
pub struct Collector<'a> {
    path: &'a Path,
    text: &'a str,
    index: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Collector<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Collector {
            path,
            text,
            index: LineIndex::new(text),
            diagnostics: Vec::new(),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.index.position(self.text, offset)
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>, help: Option<&str>) {
        self.push(Severity::Error, span, message.into(), help);
    }

    pub fn warning(&mut self, span: Span, message: impl Into<String>, help: Option<&str>) {
        self.push(Severity::Warning, span, message.into(), help);
    }

    /// Records a message whose position is already known (for example one reported by the YAML
    /// parser relative to the front matter).
    pub fn error_at(&mut self, position: Position, message: String) {
        self.diagnostics.push(Diagnostic::new(
            Severity::Error,
            self.path,
            position,
            message,
        ));
    }

    fn push(&mut self, severity: Severity, span: Span, message: String, help: Option<&str>) {
        let mut diagnostic =
            Diagnostic::new(severity, self.path, self.position(span.start), message);
        diagnostic.help = help.map(str::to_owned);
        self.diagnostics.push(diagnostic);
    }
}
