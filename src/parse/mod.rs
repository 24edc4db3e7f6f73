//! Markdown challenge text -> [`Challenge`] and diagnostics. Never panics and never fails: what
//! cannot be understood becomes a diagnostic, and everything else is still returned.

pub mod front_matter;
mod hints;
pub mod markdown;

use std::path::Path;

use crate::challenge::{Challenge, Inline, OddMarker, Section};
use crate::diagnostic::{Collector, Diagnostic, LineIndex, Rule, Span};
use hints::{fences, hints};
use markdown::Block;

/// Every section marker this version knows, without its dashes, with the heading levels it may
/// have: those of freeCodeCamp's challenge parser, and those its English curriculum uses (which
/// freeCodeCamp builds every day, so they are valid by definition).
pub const MARKERS: &[(&str, &[u8])] = &[
    ("description", &[1]),
    ("instructions", &[1]),
    ("hints", &[1]),
    ("seed", &[1]),
    ("solutions", &[1, 2]),
    ("notes", &[1]),
    ("assignment", &[1, 2]),
    ("questions", &[1]),
    ("question", &[1, 3]),
    ("scene", &[1]),
    ("transcript", &[1]),
    ("explanation", &[1]),
    ("fillInTheBlank", &[1]),
    ("quizzes", &[1]),
    ("interactive", &[1]),
    ("speaking-section", &[1]),
    ("before-all", &[1]),
    ("before-each", &[1]),
    ("after-each", &[1]),
    ("after-all", &[1]),
    ("seed-contents", &[2]),
    ("before-user-code", &[2]),
    ("after-user-code", &[2]),
    ("text", &[2, 4]),
    ("answers", &[2]),
    ("video-solution", &[2, 3]),
    ("sentence", &[2]),
    ("blanks", &[2]),
    ("quiz", &[2]),
    ("speaking-audio", &[2]),
    ("feedback", &[3]),
    ("audio-id", &[3]),
    ("answer", &[4]),
    ("distractors", &[4]),
    ("audio", &[4]),
];

/// The heading levels a known marker may have; `None` for a marker this version does not know.
pub fn marker_levels(name: &str) -> Option<&'static [u8]> {
    MARKERS.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

/// A parsed file: the challenge as far as it could be read, and what was wrong with it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub challenge: Challenge,
    pub diagnostics: Vec<Diagnostic>,
    /// Where each line of the challenge's text starts.
    pub lines: LineIndex,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses raw file bytes; text that is not UTF-8 is a diagnostic, read with replacement characters.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Parsed {
    // A binary file (NUL bytes early on, as git tells them) is one problem, not one per line of
    // what a text parser makes of it.
    if bytes[..bytes.len().min(8192)].contains(&0) {
        let mut parsed = parse(path, "");
        let mut diags = Collector::new(path, "");
        diags.add(
            Rule::Encoding,
            Span::at(0),
            "the file is binary, not text",
            Some("a challenge is a markdown file saved as UTF-8 text"),
        );
        parsed.diagnostics = diags.finish().0;
        return parsed;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(path, text),
        Err(err) => {
            let text = String::from_utf8_lossy(bytes);
            let mut parsed = parse(path, &text);
            let prefix = normalize(&String::from_utf8_lossy(&bytes[..err.valid_up_to()]));
            let mut diags = Collector::new(path, &parsed.challenge.source);
            diags.add(
                Rule::Encoding,
                Span::at(prefix.len()),
                "the file is not valid UTF-8",
                Some("save the file as UTF-8"),
            );
            parsed.diagnostics.splice(0..0, diags.finish().0);
            parsed
        }
    }
}

/// Parses one challenge file's text.
pub fn parse(path: &Path, raw: &str) -> Parsed {
    let source = normalize(raw);
    let mut diags = Collector::new(path, &source);
    let (front, body_start) = front_matter::parse(&source, &mut diags);
    let scan = markdown::scan(&source[body_start..]);
    let blocks: Vec<Block> = scan
        .blocks
        .into_iter()
        .map(|block| shift(block, body_start))
        .collect();
    let inline: Vec<Inline> = scan
        .inline
        .into_iter()
        .map(|mut item| {
            item.start += body_start;
            item.end += body_start;
            item
        })
        .collect();
    let (sections, odd_markers) = sections(&source, &blocks, &mut diags);
    let swallowing = fences(&source, &blocks, &sections, &mut diags);
    let hints = sections
        .iter()
        .position(|s| s.name == "hints")
        .map(|i| hints(&source, &blocks, &sections, i, &swallowing, &mut diags))
        .unwrap_or_default();
    let (diagnostics, lines) = diags.finish();
    Parsed {
        lines,
        challenge: Challenge {
            path: path.to_path_buf(),
            source,
            front,
            sections,
            hints,
            odd_markers,
            inline,
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

/// What a heading is to the section splitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind<'a> {
    /// `--name--`: opens a section, known or not.
    Marker(&'a str),
    /// Begins with `--` but is not `--name--` (`--explanation`, `--feedback---`, `--描述--`):
    /// meant as a marker, yet it opens no section.
    Malformed,
    Plain,
}

/// Classifies a heading's text.
pub fn marker_kind(heading: &str) -> MarkerKind<'_> {
    let text = heading.trim();
    let name = text
        .strip_prefix("--")
        .and_then(|t| t.strip_suffix("--"))
        .unwrap_or("");
    let edges_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let valid = edges_ok(name.chars().next())
        && edges_ok(name.chars().next_back())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        return MarkerKind::Marker(name);
    }
    // One word with dashes at one end at least, such as `-blanks--` or `--explanation`.
    let word = text.trim_matches('-');
    let dashed = (text.starts_with('-') || text.ends_with("--")) && text.contains("--");
    if dashed
        && !word.is_empty()
        && word.chars().count() <= 40
        && !word.contains(char::is_whitespace)
    {
        MarkerKind::Malformed
    } else {
        MarkerKind::Plain
    }
}

/// The marker in an HTML heading such as `<h1 spaces-before="0">--hints--</h1>`, which a
/// translation tool can leave where a marker was: level and text.
fn html_marker(html: &str) -> Option<(u8, &str)> {
    let rest = html.trim().strip_prefix("<h")?;
    let level = rest.chars().next()?.to_digit(10)?;
    if !(1..=6).contains(&level) {
        return None;
    }
    let (_, inner) = rest.split_once('>')?;
    let (text, _) = inner.split_once("</h")?;
    let text = text.trim();
    (text.starts_with("--") && text.len() > 2).then_some((level as u8, text))
}

/// The marker name when a heading's whole text is `--name--`.
fn marker_name(heading: &str) -> Option<&str> {
    match marker_kind(heading) {
        MarkerKind::Marker(name) => Some(name),
        _ => None,
    }
}

fn sections(
    source: &str,
    blocks: &[Block],
    diags: &mut Collector,
) -> (Vec<Section>, Vec<OddMarker>) {
    let mut markers: Vec<(String, u8, Span)> = Vec::new();
    let mut odd = Vec::new();
    let mut reported = 0;
    for block in blocks {
        if let Block::Text { start, end } = block {
            if let Some((level, text)) = html_marker(&source[*start..*end]) {
                let line_end = source[*start..].find('\n').map_or(*end, |i| start + i);
                let heading = Span::new(*start, line_end);
                let help = closest_marker(text.trim_matches('-')).map(|known| {
                    format!("write it as `{} --{known}--`", "#".repeat(level as usize))
                });
                diags.add(
                    Rule::MalformedMarker,
                    heading,
                    format!("`{text}` is in an HTML heading, so it opens no section"),
                    help.as_deref(),
                );
                odd.push(OddMarker {
                    text: source[*start..line_end].trim().to_string(),
                    level,
                    heading,
                });
            }
            continue;
        }
        let Block::Heading {
            level, text, start, ..
        } = block
        else {
            continue;
        };
        let line_end = source[*start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let heading = Span::new(*start, line_end);
        match marker_kind(text) {
            MarkerKind::Marker(name) => {
                if marker_levels(name).is_none() && reported < MAX_REPORTED {
                    reported += 1;
                    diags.add(
                        Rule::UnknownMarker,
                        heading,
                        format!("the marker `--{name}--` is not known to this version of grade"),
                        Some(&match closest_marker(name) {
                            Some(known) => format!("did you mean `--{known}--`?"),
                            None => {
                                "its section is read but not checked; a newer grade may know it"
                                    .to_string()
                            }
                        }),
                    );
                }
                markers.push((name.to_string(), *level, heading));
            }
            MarkerKind::Malformed => {
                let text = text.trim();
                if reported < MAX_REPORTED {
                    reported += 1;
                    let help = match closest_marker(text.trim_matches('-')) {
                        Some(known) => format!("write it as `--{known}--`"),
                        None => "a marker is two dashes, a name of letters, digits and dashes, and two dashes".to_string(),
                    };
                    diags.add(
                        Rule::MalformedMarker,
                        heading,
                        format!("`{text}` looks like a marker but is not `--name--`, so it opens no section"),
                        Some(&help),
                    );
                }
                odd.push(OddMarker {
                    text: text.to_string(),
                    level: *level,
                    heading,
                });
            }
            MarkerKind::Plain => {}
        }
    }
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
    // The first section of each singular kind under each parent, and how many came after it.
    let mut firsts: std::collections::HashMap<(Option<usize>, &str), (usize, usize)> =
        std::collections::HashMap::new();
    for (i, (name, level, heading)) in markers.iter().enumerate() {
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
            body: Span::new((heading.end + 1).min(ends[i]), ends[i]),
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
        diags.add(
            Rule::DuplicateSection,
            second,
            format!("a second `--{name}--` section{times}; the first is on line {line}, and only it is read"),
            Some("merge the sections into one"),
        );
    }
    (sections, odd)
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

/// The known marker a mistyped name most likely means: the same but for case, or at most two
/// edits away.
fn closest_marker(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let mut best: Option<(usize, &'static str)> = None;
    for (known, _) in MARKERS {
        let distance = edit_distance(&lower, &known.to_ascii_lowercase());
        if distance <= 2 && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, known));
        }
    }
    best.map(|(_, known)| known)
}

/// Levenshtein distance of two short strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}
