//! Markdown challenge text -> [`Challenge`] and diagnostics. Never panics and never fails: what
//! cannot be understood becomes a diagnostic, and everything else is still returned.

pub mod front_matter;
pub mod markdown;

use std::path::Path;

use crate::challenge::{Challenge, Hint, Section};
use crate::diagnostic::{Collector, Diagnostic, Span};
use markdown::Block;

/// Every section marker a challenge may use, without its dashes.
pub const KNOWN_MARKERS: &[&str] = &[
    "description",
    "instructions",
    "hints",
    "seed",
    "seed-contents",
    "before-user-code",
    "after-user-code",
    "solutions",
    "notes",
    "assignment",
    "questions",
    "question",
    "text",
    "answers",
    "video-solution",
    "scene",
    "transcript",
    "explanation",
    "fillInTheBlank",
    "sentence",
    "blanks",
    "feedback",
    "quizzes",
    "quiz",
    "answer",
    "distractors",
    "interactive",
    "before-all",
    "before-each",
    "after-each",
    "after-all",
];

/// A parsed file: the challenge as far as it could be read, and what was wrong with it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub challenge: Challenge,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses raw file bytes; text that is not UTF-8 is a diagnostic, read with replacement characters.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Parsed {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(path, text),
        Err(err) => {
            let text = String::from_utf8_lossy(bytes);
            let mut parsed = parse(path, &text);
            let prefix = normalize(&String::from_utf8_lossy(&bytes[..err.valid_up_to()]));
            let mut diags = Collector::new(path, &parsed.challenge.source);
            diags.error(
                Span::at(prefix.len()),
                "the file is not valid UTF-8",
                Some("save the file as UTF-8"),
            );
            parsed.diagnostics.splice(0..0, diags.diagnostics);
            parsed
        }
    }
}

/// Parses one challenge file's text.
pub fn parse(path: &Path, raw: &str) -> Parsed {
    let source = normalize(raw);
    let mut diags = Collector::new(path, &source);
    let (front, body_start) = front_matter::parse(&source, &mut diags);
    let blocks: Vec<Block> = markdown::blocks(&source[body_start..])
        .into_iter()
        .map(|block| shift(block, body_start))
        .collect();
    let sections = sections(&source, &blocks, &mut diags);
    let hints = sections
        .iter()
        .position(|s| s.name == "hints")
        .map(|i| hints(&source, &blocks, &sections, i, &mut diags))
        .unwrap_or_default();
    unclosed_fences(&blocks, &sections, &mut diags);
    let diagnostics = diags.diagnostics;
    Parsed {
        challenge: Challenge {
            path: path.to_path_buf(),
            source,
            front,
            sections,
            hints,
        },
        diagnostics,
    }
}

/// Drops a BOM and folds CRLF, and a lone CR, to LF. YAML and CommonMark both end a line at a
/// lone CR, so every stage then counts the same lines; since a CR only ever ends a line, columns
/// are unchanged.
fn normalize(raw: &str) -> String {
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

fn shift(block: Block, by: usize) -> Block {
    match block {
        Block::Heading {
            level,
            text,
            start,
            end,
        } => Block::Heading {
            level,
            text,
            start: start + by,
            end: end + by,
        },
        Block::FencedCode {
            info,
            code,
            start,
            end,
            code_start,
            closed,
        } => Block::FencedCode {
            info,
            code,
            start: start + by,
            end: end + by,
            code_start: code_start + by,
            closed,
        },
        Block::IndentedCode { start, end } => Block::IndentedCode {
            start: start + by,
            end: end + by,
        },
        Block::Text { start, end } => Block::Text {
            start: start + by,
            end: end + by,
        },
    }
}

fn span_of(block: &Block) -> Span {
    match *block {
        Block::Heading { start, end, .. }
        | Block::FencedCode { start, end, .. }
        | Block::IndentedCode { start, end }
        | Block::Text { start, end } => Span::new(start, end),
    }
}

/// The marker name when a heading's whole text is `--name--`.
fn marker_name(heading: &str) -> Option<&str> {
    let name = heading.trim().strip_prefix("--")?.strip_suffix("--")?;
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then_some(name)
}

fn sections(source: &str, blocks: &[Block], diags: &mut Collector) -> Vec<Section> {
    let markers: Vec<(String, u8, Span)> = blocks
        .iter()
        .filter_map(|block| match block {
            Block::Heading {
                level, text, start, ..
            } => marker_name(text).map(|name| {
                let line_end = source[*start..]
                    .find('\n')
                    .map_or(source.len(), |i| start + i + 1);
                (name.to_string(), *level, Span::new(*start, line_end))
            }),
            _ => None,
        })
        .collect();
    // Where each section ends: at the next marker of the same or a higher level. One pass from
    // the end with a stack of the markers still open keeps this linear.
    let mut ends = vec![source.len(); markers.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, (_, level, heading)) in markers.iter().enumerate().rev() {
        while let Some(&next) = open.last() {
            if markers[next].1 > *level {
                open.pop();
            } else {
                break;
            }
        }
        if let Some(&next) = open.last() {
            ends[i] = markers[next].2.start;
        }
        ends[i] = ends[i].max(heading.end);
        open.push(i);
    }
    let mut sections: Vec<Section> = Vec::with_capacity(markers.len());
    let mut enclosing: Vec<usize> = Vec::new();
    let mut unknown_reported = 0;
    // The first section of each singular kind under each parent, and how many came after it.
    let mut firsts: std::collections::HashMap<(Option<usize>, &str), (usize, usize)> =
        std::collections::HashMap::new();
    for (i, (name, level, heading)) in markers.iter().enumerate() {
        if !KNOWN_MARKERS.contains(&name.as_str()) && unknown_reported < MAX_REPORTED {
            unknown_reported += 1;
            diags.error(
                *heading,
                format!("unknown section marker `--{name}--`"),
                Some("known markers include `--description--`, `--instructions--`, `--hints--`, `--seed--` and `--solutions--`"),
            );
        }
        while enclosing
            .last()
            .is_some_and(|&s| sections[s].level >= *level)
        {
            enclosing.pop();
        }
        let parent = enclosing.last().copied();
        if SINGULAR_MARKERS.contains(&name.as_str()) {
            firsts
                .entry((parent, name.as_str()))
                .and_modify(|(_, more)| *more += 1)
                .or_insert((i, 0));
        }
        enclosing.push(i);
        sections.push(Section {
            name: name.clone(),
            level: *level,
            heading: *heading,
            body: Span::new(heading.end, ends[i]),
            parent,
        });
    }
    let mut repeated: Vec<(usize, usize)> =
        firsts.into_values().filter(|(_, more)| *more > 0).collect();
    repeated.sort_unstable();
    for (first, more) in repeated {
        let name = &sections[first].name;
        let second = sections[first + 1..]
            .iter()
            .find(|s| s.name == *name && s.parent == sections[first].parent)
            .map_or(sections[first].heading, |s| s.heading);
        let line = diags.position(sections[first].heading.start).line;
        let times = if more > 1 {
            format!(" (and {} more times)", more - 1)
        } else {
            String::new()
        };
        diags.error(
            second,
            format!("a second `--{name}--` section{times}; the first is on line {line}, and only it is read"),
            Some("merge the sections into one"),
        );
    }
    sections
}

/// Markers that may appear once under their parent; a second one is a mistake whose content
/// would be ignored.
const SINGULAR_MARKERS: &[&str] = &[
    "description",
    "instructions",
    "hints",
    "seed",
    "solutions",
    "notes",
    "scene",
    "fillInTheBlank",
    "transcript",
    "explanation",
    "before-user-code",
    "after-user-code",
];

/// Diagnostics of one kind reported per file; a file with thousands of bad markers needs a few.
const MAX_REPORTED: usize = 20;

/// Unclosed fences outside the hints section (those in it are reported with their hint).
fn unclosed_fences(blocks: &[Block], sections: &[Section], diags: &mut Collector) {
    let hints: Vec<Span> = sections
        .iter()
        .filter(|s| s.name == "hints")
        .map(|s| s.body)
        .collect();
    for block in blocks {
        if let Block::FencedCode {
            start,
            closed: false,
            ..
        } = block
        {
            if !hints.iter().any(|h| *start >= h.start && *start < h.end) {
                diags.error(
                    Span::at(*start),
                    "this code fence is never closed",
                    Some("close the block with a line that holds only ```"),
                );
            }
        }
    }
}

const HINT_HELP: &str = "every hint is one block of text followed by one ```js block";

fn hints(
    source: &str,
    blocks: &[Block],
    sections: &[Section],
    index: usize,
    diags: &mut Collector,
) -> Vec<Hint> {
    let section = &sections[index];
    // Blocks of the hints section that do not sit under a nested marker.
    let nested: Vec<Span> = sections
        .iter()
        .filter(|s| s.parent == Some(index))
        .map(|s| Span::new(s.heading.start, s.body.end))
        .collect();
    let inside = |span: Span| {
        span.start >= section.body.start
            && span.start < section.body.end
            && !nested
                .iter()
                .any(|n| span.start >= n.start && span.start < n.end)
    };
    let mut hints = Vec::new();
    let mut text: Option<Span> = None;
    for block in blocks.iter().filter(|b| inside(span_of(b))) {
        let number = hints.len() + 1;
        match block {
            Block::Heading { text: t, .. } if marker_name(t).is_some() => {}
            Block::Heading { .. } | Block::Text { .. } => {
                let span = span_of(block);
                if let Some(previous) = text {
                    diags.error(
                        span,
                        format!("hint {number} has more than one block of text before its code"),
                        Some(HINT_HELP),
                    );
                    text = Some(Span::new(previous.start, span.end));
                } else {
                    text = Some(span);
                }
            }
            Block::IndentedCode { .. } => {
                diags.error(
                    span_of(block),
                    format!("hint {number} has indented code; hint code must be a fenced block"),
                    Some(HINT_HELP),
                );
                text = None;
            }
            Block::FencedCode {
                info,
                code,
                start,
                end,
                code_start,
                closed,
            } => {
                if !closed {
                    diags.error(
                        Span::at(*start),
                        format!("the code fence of hint {number} is never closed"),
                        Some("close the block with a line that holds only ```"),
                    );
                }
                let language = info.split_whitespace().next().unwrap_or("");
                if !matches!(language, "" | "js" | "javascript") {
                    diags.error(
                        Span::at(*start),
                        format!("hint {number} has a `{language}` block; hint code is JavaScript"),
                        Some("open the block with ```js"),
                    );
                }
                let Some(text_span) = text.take() else {
                    diags.error(
                        Span::at(*start),
                        format!("hint {number} has a code block but no text"),
                        Some(HINT_HELP),
                    );
                    continue;
                };
                let code_line = diags.position(*code_start).line;
                hints.push(Hint {
                    index: hints.len(),
                    text: source[text_span.start..text_span.end].trim().to_string(),
                    text_span,
                    text_line: diags.position(text_span.start).line,
                    code: code.clone(),
                    code_line,
                    code_span: Span::new(*code_start, *end),
                    fence_language: language.to_string(),
                });
            }
        }
    }
    if let Some(span) = text {
        diags.error(
            span,
            format!("hint {} has text but no code block", hints.len() + 1),
            Some(HINT_HELP),
        );
    }
    hints
}
