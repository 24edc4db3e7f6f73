//! The hints section: each hint a text followed by one ```js block, and the code fences of the
//! body, those left open and those that swallow a marker heading.

use super::markdown::Block;
use super::{marker_name, span_of};
use crate::challenge::{Hint, Section};
use crate::diagnostic::{Collector, Rule, Span};

/// Finds top-level code fences that are never closed or that swallow a marker heading, and
/// returns the starts of those that swallow one: their sections are lost, and code in them is
/// not a hint's.
pub(super) fn fences(
    source: &str,
    blocks: &[Block],
    sections: &[Section],
    diags: &mut Collector,
) -> Vec<usize> {
    let in_hints = |at: usize| {
        sections
            .iter()
            .any(|s| s.name == "hints" && at >= s.body.start && at < s.body.end)
    };
    let mut swallowing = Vec::new();
    for block in blocks {
        let Block::FencedCode {
            start,
            end,
            code_start,
            closed,
            ..
        } = block
        else {
            continue;
        };
        let swallowed = swallowed_markers(&source[*code_start..*end]);
        let opening = Span::new(*start, *code_start);
        let close_help = "close the block with a line that holds only ```";
        if let Some((offset, marker)) = swallowed.first() {
            swallowing.push(*start);
            let line = diags.position(code_start + offset).line;
            let more = match swallowed.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            let help = if *closed {
                "a later fence closes it; is a closing ``` missing before the marker?"
            } else {
                close_help
            };
            diags.add(
                Rule::SwallowedSection,
                opening,
                format!(
                    "this code block swallows the `{marker}` marker on line {line}{more}, so those sections are lost"
                ),
                Some(help),
            );
        } else if !closed && !in_hints(*start) {
            diags.add(
                Rule::UnclosedFence,
                opening,
                "this code fence is never closed; it runs to the end of the file",
                Some(close_help),
            );
        }
    }
    swallowing
}

/// Marker headings inside a code block's text: the byte offset of each and its text.
fn swallowed_markers(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim();
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) {
            let text = &trimmed[hashes..];
            if text.starts_with([' ', '\t']) && marker_name(text).is_some() {
                found.push((offset, text.trim().to_string()));
            }
        }
        offset += line.len();
    }
    found
}

const HINT_HELP: &str = "every hint is one block of text followed by one ```js block";

pub(super) fn hints(
    source: &str,
    blocks: &[Block],
    sections: &[Section],
    index: usize,
    swallowing: &[usize],
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
                    diags.add(
                        Rule::HintStructure,
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
                diags.add(
                    Rule::HintStructure,
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
                let swallows = swallowing.contains(start);
                if !closed && !swallows {
                    diags.add(
                        Rule::UnclosedFence,
                        Span::new(*start, *code_start),
                        format!(
                            "the code fence of hint {number} is never closed; it runs to the end of the file"
                        ),
                        Some("close the block with a line that holds only ```"),
                    );
                }
                let language = info.split_whitespace().next().unwrap_or("");
                if !matches!(language, "" | "js" | "javascript") {
                    diags.add(
                        Rule::HintStructure,
                        Span::new(*start, *code_start),
                        format!("hint {number} has a `{language}` block; hint code is JavaScript"),
                        Some("open the block with ```js"),
                    );
                }
                let Some(text_span) = text.take() else {
                    diags.add(
                        Rule::HintStructure,
                        Span::new(*start, *code_start),
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
                    swallows,
                });
            }
        }
    }
    if let Some(span) = text {
        diags.add(
            Rule::HintStructure,
            span,
            format!("hint {} has text but no code block", hints.len() + 1),
            Some(HINT_HELP),
        );
    }
    hints
}
