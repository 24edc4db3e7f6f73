//! One file's checks, and the facts about it that checks across files need: its fields, its
//! markers, its hints, and its texts with the parts translators must leave alone.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::challenge::{Challenge, InlineKind};
use crate::diagnostic::{Diagnostic, LineIndex, Position, Rule};
use crate::parse::{marker_levels, Parsed};
use crate::run::SyntaxError;

/// The challenge types this version knows (freeCodeCamp's, 0 html to 31).
const KNOWN_CHALLENGE_TYPES: std::ops::RangeInclusive<i64> = 0..=31;

/// Front-matter fields every challenge needs.
const REQUIRED_FIELDS: &[&str] = &["id", "title", "challengeType", "dashedName"];

/// Sections that hold code, data or numbers rather than text for people.
const NOT_TEXT: &[&str] = &[
    "hints",
    "seed",
    "seed-contents",
    "before-user-code",
    "after-user-code",
    "solutions",
    "scene",
    "video-solution",
    "before-all",
    "before-each",
    "after-each",
    "after-all",
    "interactive",
    "audio-id",
    "audio",
    "speaking-audio",
];

/// What the cross-file checks need of one file.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub name: OsString,
    pub path: PathBuf,
    pub id: Option<String>,
    pub dashed_name: Option<String>,
    pub challenge_type: Option<i64>,
    pub forum_topic_id: Option<i64>,
    /// The line and text of the front-matter fields compared across files.
    pub fields: Vec<(&'static str, u32, String)>,
    pub markers: Vec<MarkerFact>,
    /// The front matter could be read; when not, its fields are not compared.
    pub front_ok: bool,
    /// A code block swallows a marker: the structure is not what the author meant, so it is not
    /// compared (the file's own error says why).
    pub swallowed: bool,
    pub hints_line: u32,
    pub hints: Vec<HintFact>,
    pub texts: Vec<TextFact>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerFact {
    /// The marker's name, or for a malformed one the heading's text.
    pub name: String,
    pub class: MarkerClass,
    pub level: u8,
    pub line: u32,
    pub width: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerClass {
    Known,
    Unknown,
    Malformed,
}

impl MarkerFact {
    /// The heading as written: `## --assignment--`.
    pub fn heading(&self) -> String {
        let hashes = "#".repeat(self.level as usize);
        match self.class {
            MarkerClass::Malformed if self.name.starts_with('<') => self.name.clone(),
            MarkerClass::Malformed => format!("{hashes} {}", self.name),
            _ => format!("{hashes} --{}--", self.name),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct HintFact {
    pub code: String,
    pub code_line: u32,
    /// Whether the code compiles; `None` when it was not checked.
    pub compiles: Option<bool>,
    /// The fence swallows a marker, so the code is not the hint's alone.
    pub swallows: bool,
}

/// A text for people: the own text of a section (without its nested sections) or a hint's text.
#[derive(Debug, Clone, Default)]
pub struct TextFact {
    /// The section's marker name, or `hints` for a hint's text.
    pub section: String,
    /// Which section of that name (or which hint), from 0.
    pub ordinal: usize,
    pub line: u32,
    /// Byte offset of the text in its file.
    pub start: usize,
    pub text: String,
    /// Whether there is anything to translate: letters outside code and tags.
    pub prose: bool,
    pub marks: Vec<Mark>,
}

impl TextFact {
    /// How a person names this text: "the description", "hint 2's text".
    pub fn label(&self) -> String {
        if self.section == "hints" {
            format!("hint {}'s text", self.ordinal + 1)
        } else if self.ordinal == 0 {
            format!("the `--{}--` text", self.section)
        } else {
            format!("`--{}--` text {}", self.section, self.ordinal + 1)
        }
    }
}

/// Something in a text that stays as it is in every translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub kind: InlineKind,
    /// Compared form: the code, the target, the tag without translatable attribute values.
    pub key: String,
    pub start: usize,
    pub end: usize,
}

/// Compiles hint code, remembering results by code so a translation's copy of English code is
/// compiled once.
pub trait Compile {
    fn compile(&mut self, code: &str) -> Result<(), SyntaxError>;
}

/// Reads a parsed file's facts, and reports what is wrong with it on its own: the parser's
/// findings, fields, challengeType, and (when `compile`) hint code that does not compile. Marker
/// findings are left to [`marker_findings`], since a translation's are judged against English.
pub fn read(
    name: OsString,
    parsed: &Parsed,
    compiler: Option<&mut dyn Compile>,
    found: &mut Vec<Diagnostic>,
) -> Facts {
    let index = &parsed.lines;
    let challenge = &parsed.challenge;
    let path = &challenge.path;
    let source = challenge.source.as_str();
    let line_of = |offset: usize| index.position(source, offset).line;
    let mut facts = Facts {
        name,
        path: path.clone(),
        ..Facts::default()
    };
    found.extend(parsed.diagnostics.iter().cloned());
    let front = &challenge.front;
    facts.fields = field_lines(challenge, index);
    let field_line = |facts: &Facts, name: &str| {
        facts
            .fields
            .iter()
            .find(|(k, _, _)| *k == name)
            .map_or(1, |(_, l, _)| *l)
    };
    if !front.fields.is_empty() {
        let missing: Vec<&str> = REQUIRED_FIELDS
            .iter()
            .copied()
            .filter(|f| !front.fields.iter().any(|(k, _)| k == f))
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let noun = if missing.len() == 1 {
                "field"
            } else {
                "fields"
            };
            found.push(Diagnostic::new(
                Rule::MissingField,
                path,
                Position { line: 1, col: 1 },
                format!("the front matter lacks the {noun} {list}"),
            ));
        }
    }
    if let Some(kind) = front.challenge_type {
        if !KNOWN_CHALLENGE_TYPES.contains(&kind) {
            let line = field_line(&facts, "challengeType");
            found.push(
                Diagnostic::new(
                    Rule::UnknownChallengeType,
                    path,
                    Position { line, col: 1 },
                    format!("challengeType {kind} is not known to this version of grade"),
                )
                .with_help("if freeCodeCamp added it since, a newer grade knows it"),
            );
        }
    }
    facts.markers = markers(challenge, index);
    facts.front_ok = !parsed
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::FrontMatter && d.is_error());
    facts.swallowed = parsed
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::SwallowedSection);
    facts.hints_line = challenge
        .sections
        .iter()
        .find(|s| s.name == "hints")
        .map_or(1, |s| line_of(s.heading.start));
    let mut compiler = compiler;
    for hint in &challenge.hints {
        let compiles = match compiler.as_deref_mut() {
            Some(compiler) if !hint.swallows => {
                let result = compiler.compile(&hint.code);
                if let Err(syntax) = &result {
                    let (line, col) = syntax.position.unwrap_or((1, 1));
                    found.push(Diagnostic::new(
                        Rule::HintSyntax,
                        path,
                        Position {
                            line: hint.code_line + line - 1,
                            col,
                        },
                        format!(
                            "hint {} does not compile: {}",
                            hint.index + 1,
                            syntax.message
                        ),
                    ));
                }
                Some(result.is_ok())
            }
            _ => None,
        };
        facts.hints.push(HintFact {
            code: hint.code.clone(),
            code_line: hint.code_line,
            compiles,
            swallows: hint.swallows,
        });
    }
    facts.texts = texts(challenge, index);
    facts.id = front.id.clone();
    facts.dashed_name = front.dashed_name.clone();
    facts.challenge_type = front.challenge_type;
    facts.forum_topic_id = front.forum_topic_id;
    facts
}

/// Line and text of the fields compared across files.
fn field_lines(challenge: &Challenge, index: &LineIndex) -> Vec<(&'static str, u32, String)> {
    const COMPARED: [&str; 4] = ["id", "challengeType", "dashedName", "forumTopicId"];
    let span = challenge.front.span;
    let front = &challenge.source[span.start..span.end];
    let first = index.position(&challenge.source, span.start).line;
    let mut out = Vec::new();
    for (i, line) in front.lines().enumerate() {
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        if let Some(name) = COMPARED.iter().find(|k| **k == key) {
            out.push((*name, first + i as u32, line.to_string()));
        }
    }
    out
}

fn markers(challenge: &Challenge, index: &LineIndex) -> Vec<MarkerFact> {
    let source = challenge.source.as_str();
    let mut out: Vec<(usize, MarkerFact)> = Vec::new();
    let width = |start: usize, end: usize| source[start..end].chars().count() as u32;
    for section in &challenge.sections {
        let class = if marker_levels(&section.name).is_some() {
            MarkerClass::Known
        } else {
            MarkerClass::Unknown
        };
        out.push((
            section.heading.start,
            MarkerFact {
                name: section.name.clone(),
                class,
                level: section.level,
                line: index.position(source, section.heading.start).line,
                width: width(section.heading.start, section.heading.end),
            },
        ));
    }
    for odd in &challenge.odd_markers {
        out.push((
            odd.heading.start,
            MarkerFact {
                name: odd.text.clone(),
                class: MarkerClass::Malformed,
                level: odd.level,
                line: index.position(source, odd.heading.start).line,
                width: width(odd.heading.start, odd.heading.end),
            },
        ));
    }
    out.sort_by_key(|(start, _)| *start);
    out.into_iter().map(|(_, m)| m).collect()
}

/// Markers at a level no curriculum file uses for them. (Unknown and malformed markers are the
/// parser's findings.) `skip` marks those already reported against English.
pub fn marker_findings(facts: &Facts, skip: &[bool], found: &mut Vec<Diagnostic>) {
    for (i, marker) in facts.markers.iter().enumerate() {
        if skip.get(i).copied().unwrap_or(false) || marker.class != MarkerClass::Known {
            continue;
        }
        let levels = marker_levels(&marker.name).unwrap_or(&[]);
        if levels.contains(&marker.level) {
            continue;
        }
        let written = levels
            .iter()
            .map(|l| format!("`{} --{}--`", "#".repeat(*l as usize), marker.name))
            .collect::<Vec<_>>()
            .join(" or ");
        found.push(
            Diagnostic::new(
                Rule::MarkerLevel,
                &facts.path,
                Position {
                    line: marker.line,
                    col: 1,
                },
                format!(
                    "`--{}--` is a level-{} heading, which no curriculum file uses",
                    marker.name, marker.level
                ),
            )
            .with_width(marker.width)
            .with_help(format!("write it as {written}")),
        );
    }
}

/// The texts for people in a file, with their marks.
fn texts(challenge: &Challenge, index: &LineIndex) -> Vec<TextFact> {
    let mut out = Vec::new();
    let mut ordinals: Vec<(&str, usize)> = Vec::new();
    for (i, section) in challenge.sections.iter().enumerate() {
        let name = section.name.as_str();
        if NOT_TEXT.contains(&name) || marker_levels(name).is_none() {
            continue;
        }
        let ordinal = match ordinals.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                ordinals.push((name, 0));
                0
            }
        };
        // The section's own text ends where its first nested section begins; nested sections
        // come after a section's own text in every curriculum file.
        let end = challenge
            .sections
            .iter()
            .filter(|s| s.parent == Some(i))
            .map(|s| s.heading.start)
            .min()
            .unwrap_or(section.body.end);
        out.push(text_fact(
            challenge,
            index,
            name,
            ordinal,
            section.body.start,
            end.max(section.body.start),
        ));
    }
    for hint in &challenge.hints {
        out.push(text_fact(
            challenge,
            index,
            "hints",
            hint.index,
            hint.text_span.start,
            hint.text_span.end,
        ));
    }
    out
}

fn text_fact(
    challenge: &Challenge,
    index: &LineIndex,
    section: &str,
    ordinal: usize,
    start: usize,
    end: usize,
) -> TextFact {
    let source = challenge.source.as_str();
    let raw = &source[start..end];
    let leading = raw.len() - raw.trim_start().len();
    let text = raw.trim();
    let first = start + leading;
    let inline = &challenge.inline;
    let from = inline.partition_point(|m| m.start < start);
    let mut marks = Vec::new();
    let mut prose = false;
    let mut cursor = start;
    for item in inline[from..].iter().take_while(|m| m.start < end) {
        if !prose {
            prose = has_letters(&source[cursor..item.start.max(cursor)]);
        }
        // Link text is prose; a link's mark is its target only.
        if !matches!(item.kind, InlineKind::Link | InlineKind::Image) {
            cursor = cursor.max(item.end);
        }
        marks.push(Mark {
            kind: item.kind,
            key: mark_key(item.kind, &item.text),
            start: item.start,
            end: item.end,
        });
    }
    if !prose {
        prose = has_letters(&source[cursor.min(end)..end]);
    }
    TextFact {
        section: section.to_string(),
        ordinal,
        line: index.position(source, first).line,
        start: first,
        text: text.to_string(),
        prose,
        marks,
    }
}

fn has_letters(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// The form in which a mark is compared.
fn mark_key(kind: InlineKind, text: &str) -> String {
    match kind {
        // Spacing is not compared (a no-break space or a space lost at an end is no defect),
        // but a span of spaces, `` ` ` ``, is not nothing.
        InlineKind::Code => {
            let words: Vec<&str> = text
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .collect();
            if words.is_empty() && !text.is_empty() {
                " ".to_string()
            } else {
                words.join(" ")
            }
        }
        InlineKind::Link | InlineKind::Image => text.trim().to_string(),
        InlineKind::Fence => text
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim_matches('\n')
            .to_string(),
        InlineKind::Tag => tag_key(text),
    }
}

/// Attributes whose values are text for people, which translations change.
const TRANSLATED_ATTRIBUTES: &[&str] = &[
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "label",
    "content",
    "value",
];

/// A tag as compared: its name and attributes in lower case, attributes sorted, and the values
/// of attributes that hold text for people left out.
fn tag_key(raw: &str) -> String {
    let inner = raw.trim_start_matches('<').trim_end_matches('>');
    let inner = inner.trim_end_matches('/').trim();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_end = inner
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let mut attributes = Vec::new();
    let bytes = inner.as_bytes();
    let mut i = name_end;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let key_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' {
            i += 1;
        }
        if key_start == i {
            break;
        }
        let key = inner[key_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let value_start;
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                value_start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                value = Some(&inner[value_start..i.min(inner.len())]);
                i += 1;
            } else {
                value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = Some(&inner[value_start..i]);
            }
        }
        let shown = match value {
            Some(_) if TRANSLATED_ATTRIBUTES.contains(&key.as_str()) => format!("{key}=…"),
            Some(v) => format!("{key}=\"{v}\""),
            None => key,
        };
        attributes.push(shown);
    }
    attributes.sort();
    let slash = if closing { "/" } else { "" };
    if attributes.is_empty() {
        format!("<{slash}{name}>")
    } else {
        format!("<{slash}{name} {}>", attributes.join(" "))
    }
}

/// A file read to compare with, or to report on.
pub struct Loaded {
    pub parsed: Parsed,
}

impl Loaded {
    pub fn read(path: &Path) -> Result<Loaded, std::io::Error> {
        let bytes = std::fs::read(path)?;
        let parsed = crate::parse::parse_bytes(path, &bytes);
        Ok(Loaded { parsed })
    }

    pub fn position(&self, offset: usize) -> Position {
        self.parsed
            .lines
            .position(&self.parsed.challenge.source, offset)
    }

    /// Characters from `start` to `end`, on the line of `start`.
    pub fn width(&self, start: usize, end: usize) -> u32 {
        let source = &self.parsed.challenge.source;
        source.get(start..end.min(source.len())).map_or(0, |s| {
            s.split('\n').next().unwrap_or("").chars().count() as u32
        })
    }

    /// Gives every diagnostic about this file the text of its line.
    pub fn attach(&self, found: &mut [Diagnostic]) {
        let path = &self.parsed.challenge.path;
        for d in found.iter_mut().filter(|d| &d.path == path) {
            d.attach_source(&self.parsed.challenge.source, &self.parsed.lines);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tag_key;

    #[test]
    fn tags_compare_without_text_for_people() {
        assert_eq!(
            tag_key(r#"<img src="a.png" alt="A cat">"#),
            r#"<img alt=… src="a.png">"#
        );
        assert_eq!(tag_key("</P>"), "</p>");
        assert_eq!(tag_key("<br/>"), "<br>");
        assert_eq!(
            tag_key("<input type=text required>"),
            r#"<input required type="text">"#
        );
    }
}
