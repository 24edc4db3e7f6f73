//! Challenges as plain data: front matter, sections and hints. No I/O and no parsing here.

use std::path::PathBuf;

use crate::diagnostic::Span;

/// One challenge file, as parsed.
#[derive(Debug, Clone, Default)]
pub struct Challenge {
    pub path: PathBuf,
    /// The file's text with any BOM removed and CRLF folded to LF; spans index into it.
    pub source: String,
    pub front: FrontMatter,
    pub sections: Vec<Section>,
    pub hints: Vec<Hint>,
    /// Headings meant as markers that are not `--name--`, so they open no section.
    pub odd_markers: Vec<OddMarker>,
    /// Code spans, links, images, HTML tags and fenced code blocks in the body, in file order.
    pub inline: Vec<Inline>,
}

impl Challenge {
    /// The markdown of the first section with this marker name, without its heading.
    pub fn section_text(&self, name: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|s| s.name == name)
            .map(|s| self.source[s.body.start..s.body.end].trim())
    }

    pub fn title(&self) -> &str {
        self.front.title.as_deref().unwrap_or("")
    }

    pub fn id(&self) -> &str {
        self.front.id.as_deref().unwrap_or("")
    }

    pub fn dashed_name(&self) -> &str {
        self.front.dashed_name.as_deref().unwrap_or("")
    }
}

/// The YAML front matter: the fields the grader knows, typed, and every other field kept as is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub id: Option<String>,
    pub title: Option<String>,
    pub challenge_type: Option<i64>,
    pub forum_topic_id: Option<i64>,
    pub dashed_name: Option<String>,
    /// Every field in file order, the known ones included.
    pub fields: Vec<(String, FieldValue)>,
    /// Where the front matter sits in the file (both `---` lines included).
    pub span: Span,
}

/// A front-matter value, independent of the YAML library that produced it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    List(Vec<FieldValue>),
    Map(Vec<(String, FieldValue)>),
}

/// A part of the body opened by a marker heading such as `# --hints--`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The marker without its dashes: `hints`, `seed-contents`.
    pub name: String,
    /// The heading level: 1 for `#`, 2 for `##`.
    pub level: u8,
    pub heading: Span,
    /// From the end of the heading line to the next marker heading of the same or a higher level.
    pub body: Span,
    /// Index of the enclosing section, for markers such as `## --seed-contents--`.
    pub parent: Option<usize>,
}

/// A heading that begins like a marker but is not one, such as `### --feedback---`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OddMarker {
    /// The heading's text, trimmed.
    pub text: String,
    pub level: u8,
    pub heading: Span,
}

/// What translators must leave as it is, found anywhere in a body: the kind, its byte range
/// relative to the body, and its text (the code, the link target, the tag, or a fenced block's
/// code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub kind: InlineKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InlineKind {
    Code,
    Link,
    Image,
    /// One HTML tag, opening or closing.
    Tag,
    /// A fenced code block at any depth.
    Fence,
}

/// One hint: a sentence shown to the learner and the JavaScript that checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// Position among the challenge's hints, from 0.
    pub index: usize,
    /// The hint text as markdown.
    pub text: String,
    pub text_span: Span,
    /// The text's first line in the file, from 1.
    pub text_line: u32,
    pub code: String,
    /// The code's first line in the file, from 1; JavaScript line numbers are mapped through it.
    pub code_line: u32,
    pub code_span: Span,
    /// The fence's info string (`js`, `javascript` or empty).
    pub fence_language: String,
    /// The fence swallows a marker heading: its code holds markdown, not only the hint's code.
    pub swallows: bool,
}
