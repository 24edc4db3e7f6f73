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
    pub rule: Rule,
    pub severity: Severity,
    pub path: PathBuf,
    pub position: Position,
    /// How many characters from `position` the finding covers on its line; 0 marks a point.
    pub width: u32,
    pub message: String,
    pub help: Option<String>,
    /// Further lines shown under the message, such as a diff.
    pub detail: Option<String>,
    /// The text of the line at `position`, kept so a report can show it without the file.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `rule`, with the rule's severity, at a known position, without help.
    pub fn new(rule: Rule, path: &Path, position: Position, message: String) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity(),
            path: path.to_path_buf(),
            position,
            width: 0,
            message,
            help: None,
            detail: None,
            source_line: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_width(mut self, width: u32) -> Self {
        self.width = width;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Records the text of the diagnostic's line from `text`, the file it points into.
    pub fn attach_source(&mut self, text: &str, index: &LineIndex) {
        if self.source_line.is_none() {
            self.source_line = index.line_text(text, self.position.line).map(clip_line);
        }
    }
}

/// Lines longer than this are cut when kept for display; minified code can be one huge line.
const MAX_SHOWN_LINE: usize = 400;

fn clip_line(line: &str) -> String {
    match line.char_indices().nth(MAX_SHOWN_LINE) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.to_string(),
    }
}

/// What a diagnostic is about. Every diagnostic has one, so users can allow or deny a kind of
/// finding by its id, and reports can count findings by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    Read,
    Encoding,
    FrontMatter,
    YamlType,
    MissingField,
    UnknownChallengeType,
    UnknownMarker,
    MalformedMarker,
    MarkerLevel,
    DuplicateSection,
    UnclosedFence,
    SwallowedSection,
    HintStructure,
    HintSyntax,
    DuplicateId,
    DuplicateDashedName,
    MissingTranslation,
    NoOriginal,
    FieldDiffers,
    TranslatedMarker,
    SectionsDiffer,
    HintCount,
    CodeDiffers,
    InlineCode,
    LinkTarget,
    HtmlTags,
    CodeBlock,
    // What `grade lab` finds by running hints; not rules of `validate`.
    LabManifest,
    FailsOnReference,
    TranslationDiffers,
    Flaky,
    Slow,
    Vacuous,
    MutantSurvives,
    UnusedAllow,
    ChangedBetweenVersions,
}

impl Rule {
    pub const ALL: [Rule; 27] = [
        Rule::Read,
        Rule::Encoding,
        Rule::FrontMatter,
        Rule::YamlType,
        Rule::MissingField,
        Rule::UnknownChallengeType,
        Rule::UnknownMarker,
        Rule::MalformedMarker,
        Rule::MarkerLevel,
        Rule::DuplicateSection,
        Rule::UnclosedFence,
        Rule::SwallowedSection,
        Rule::HintStructure,
        Rule::HintSyntax,
        Rule::DuplicateId,
        Rule::DuplicateDashedName,
        Rule::MissingTranslation,
        Rule::NoOriginal,
        Rule::FieldDiffers,
        Rule::TranslatedMarker,
        Rule::SectionsDiffer,
        Rule::HintCount,
        Rule::CodeDiffers,
        Rule::InlineCode,
        Rule::LinkTarget,
        Rule::HtmlTags,
        Rule::CodeBlock,
    ];

    /// The findings of `grade lab`, which runs hints against reference apps.
    pub const LAB: [Rule; 9] = [
        Rule::LabManifest,
        Rule::FailsOnReference,
        Rule::TranslationDiffers,
        Rule::Flaky,
        Rule::Slow,
        Rule::Vacuous,
        Rule::MutantSurvives,
        Rule::UnusedAllow,
        Rule::ChangedBetweenVersions,
    ];

    /// The id users write in `--allow`, `--deny` and `--warn`, and reports print.
    pub fn id(self) -> &'static str {
        self.describe().0
    }

    /// The severity a finding of this rule has unless the user says otherwise.
    pub fn severity(self) -> Severity {
        self.describe().1
    }

    /// One line on what the rule finds.
    pub fn summary(self) -> &'static str {
        self.describe().2
    }

    /// Whether the rule compares a translation with its English original.
    pub fn is_translation_check(self) -> bool {
        (Rule::MissingTranslation..=Rule::CodeBlock).contains(&self)
    }

    /// A rule of `validate` by its id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    /// A rule of `grade lab` by its id.
    pub fn lab_from_id(id: &str) -> Option<Rule> {
        Rule::LAB.into_iter().find(|r| r.id() == id)
    }

    fn describe(self) -> (&'static str, Severity, &'static str) {
        use Severity::{Error, Warning};
        match self {
            Rule::Read => ("read", Error, "a file or folder cannot be read"),
            Rule::Encoding => ("encoding", Error, "a file is not UTF-8"),
            Rule::FrontMatter => (
                "front-matter",
                Error,
                "the YAML front matter is missing, unclosed, invalid or of the wrong shape",
            ),
            Rule::YamlType => (
                "yaml-type",
                Warning,
                "YAML reads a text field such as an id as a number or a boolean",
            ),
            Rule::MissingField => (
                "missing-field",
                Error,
                "the front matter lacks id, title, challengeType or dashedName",
            ),
            Rule::UnknownChallengeType => (
                "unknown-challenge-type",
                Warning,
                "a challengeType not known to this version of grade",
            ),
            Rule::UnknownMarker => (
                "unknown-marker",
                Warning,
                "a section marker not known to this version of grade",
            ),
            Rule::MalformedMarker => (
                "malformed-marker",
                Warning,
                "a heading meant as a marker that is not `--name--`, so it opens no section",
            ),
            Rule::MarkerLevel => (
                "marker-level",
                Error,
                "a marker at a heading level the curriculum never uses for it, or not the English file's",
            ),
            Rule::DuplicateSection => (
                "duplicate-section",
                Error,
                "a second section of a kind that is read once; only the first is read",
            ),
            Rule::UnclosedFence => (
                "unclosed-fence",
                Warning,
                "a code fence never closed, which runs to the end of the file",
            ),
            Rule::SwallowedSection => (
                "swallowed-section",
                Error,
                "a code block that swallows a section marker, so the section is lost",
            ),
            Rule::HintStructure => (
                "hint-structure",
                Error,
                "a hint that is not one block of text followed by one ```js block",
            ),
            Rule::HintSyntax => (
                "hint-syntax",
                Error,
                "hint code that does not compile as JavaScript",
            ),
            Rule::DuplicateId => ("duplicate-id", Error, "one id used twice in a block"),
            Rule::DuplicateDashedName => (
                "duplicate-dashed-name",
                Error,
                "one dashedName used twice in a block",
            ),
            Rule::MissingTranslation => (
                "missing-translation",
                Error,
                "an English challenge with no file in a translation folder",
            ),
            Rule::NoOriginal => (
                "no-original",
                Error,
                "a translation with no English challenge to be translated from",
            ),
            Rule::FieldDiffers => (
                "field-differs",
                Error,
                "id, challengeType, dashedName or forumTopicId differs from English",
            ),
            Rule::TranslatedMarker => (
                "translated-marker",
                Error,
                "a section marker translated or misspelt where English has a known one",
            ),
            Rule::SectionsDiffer => (
                "sections-differ",
                Error,
                "a translation lacks a section the English file has, or has one it lacks",
            ),
            Rule::HintCount => (
                "hint-count",
                Error,
                "a translation has more or fewer hints than English",
            ),
            Rule::CodeDiffers => (
                "code-differs",
                Error,
                "hint code differs from English (blank lines and indentation aside)",
            ),
            Rule::InlineCode => (
                "inline-code",
                Error,
                "a text's inline code spans differ from the English text's",
            ),
            Rule::LinkTarget => (
                "link-target",
                Error,
                "a text's link or image targets differ from the English text's",
            ),
            Rule::HtmlTags => (
                "html-tags",
                Error,
                "a text's HTML tags or their attributes differ from the English text's",
            ),
            Rule::CodeBlock => (
                "code-block",
                Error,
                "a fenced code block in a text differs from the English text's",
            ),
            Rule::LabManifest => (
                "lab-manifest",
                Error,
                "the lab manifest cannot be read, or names what does not exist",
            ),
            Rule::FailsOnReference => (
                "fails-on-reference",
                Error,
                "a hint fails in English on the reference app, in every round",
            ),
            Rule::TranslationDiffers => (
                "translation-differs",
                Error,
                "a translation's verdict on the reference app differs from English's",
            ),
            Rule::Flaky => (
                "flaky",
                Error,
                "a hint's verdict on the reference app differs between rounds",
            ),
            Rule::Slow => (
                "slow",
                Error,
                "a hint takes over 5 s on the reference app, so it fails on freeCodeCamp's runner",
            ),
            Rule::Vacuous => (
                "vacuous",
                Error,
                "a hint passes against an app that answers 404 to everything",
            ),
            Rule::MutantSurvives => (
                "mutant-survives",
                Error,
                "no hint of the challenges a mutant should be caught by fails against it",
            ),
            Rule::UnusedAllow => (
                "unused-allow",
                Warning,
                "an allowance in the manifest that matched no finding",
            ),
            Rule::ChangedBetweenVersions => (
                "changed-between-versions",
                Error,
                "a hint whose verdict on the reference app differs between two versions of the curriculum",
            ),
        }
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
            "{label}[{}]: {}\n  --> {}:{}:{}",
            self.rule.id(),
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

    /// The text of line `line` (from 1), without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: u32) -> Option<&'t str> {
        let start = *self.line_starts.get((line as usize).checked_sub(1)?)?;
        let rest = text.get(start..)?;
        Some(rest.split('\n').next().unwrap_or(""))
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

    /// Records a finding of `rule` at `span`, with the rule's severity.
    pub fn add(&mut self, rule: Rule, span: Span, message: impl Into<String>, help: Option<&str>) {
        let position = self.position(span.start);
        let end = span.end.min(self.text.len());
        // The underline stays on the span's first line.
        let width = self.text.get(span.start..end).map_or(0, |s| {
            s.split('\n').next().unwrap_or("").chars().count() as u32
        });
        let mut diagnostic = Diagnostic::new(rule, self.path, position, message.into());
        diagnostic.width = width;
        diagnostic.help = help.map(str::to_owned);
        self.diagnostics.push(diagnostic);
    }

    /// Records a finding whose position is already known (for example one reported by the YAML
    /// parser relative to the front matter).
    pub fn add_at(&mut self, rule: Rule, position: Position, message: String) {
        self.diagnostics
            .push(Diagnostic::new(rule, self.path, position, message));
    }

    /// The diagnostics, each with the text of its line, and the text's line index.
    pub fn finish(self) -> (Vec<Diagnostic>, LineIndex) {
        let mut diagnostics = self.diagnostics;
        for d in &mut diagnostics {
            d.attach_source(self.text, &self.index);
        }
        (diagnostics, self.index)
    }
}
