//! The markdown layer: top-level blocks for the section splitter, and styled text for terminals.
//! The only user of pulldown-cmark.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::challenge::{Inline, InlineKind};

/// A top-level block of a markdown body, with byte offsets relative to that body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        start: usize,
        end: usize,
    },
    FencedCode {
        info: String,
        code: String,
        start: usize,
        end: usize,
        /// Where the code itself begins (the line after the opening fence).
        code_start: usize,
        closed: bool,
    },
    IndentedCode {
        start: usize,
        end: usize,
    },
    /// Paragraphs, lists, quotes, HTML: text as far as hints are concerned.
    Text {
        start: usize,
        end: usize,
    },
}

/// The blocks of a body and the inline parts found in it.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub blocks: Vec<Block>,
    pub inline: Vec<Inline>,
}

/// Splits `text` into its top-level blocks, and collects code spans, links, images, HTML tags
/// and fenced code blocks, in one pass.
pub fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut depth = 0usize;
    let mut current: Option<Block> = None;
    // The open fenced block at any depth: its start and its code so far.
    let mut fence: Option<(usize, usize, String)> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::Link { dest_url, .. } => out.inline.push(Inline {
                        kind: InlineKind::Link,
                        start: range.start,
                        end: range.end,
                        text: dest_url.to_string(),
                    }),
                    Tag::Image { dest_url, .. } => out.inline.push(Inline {
                        kind: InlineKind::Image,
                        start: range.start,
                        end: range.end,
                        text: dest_url.to_string(),
                    }),
                    Tag::CodeBlock(CodeBlockKind::Fenced(_)) => {
                        fence = Some((range.start, range.end, String::new()));
                    }
                    _ => {}
                }
                if depth == 0 {
                    current = Some(match tag {
                        Tag::Heading { level, .. } => Block::Heading {
                            level: heading_level(level),
                            text: String::new(),
                            start: range.start,
                            end: range.end,
                        },
                        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                            let source = &text[range.clone()];
                            let code_start =
                                source.find('\n').map_or(range.end, |i| range.start + i + 1);
                            Block::FencedCode {
                                info: info.trim().to_string(),
                                code: String::new(),
                                start: range.start,
                                end: range.end,
                                code_start,
                                closed: fence_is_closed(source),
                            }
                        }
                        Tag::CodeBlock(CodeBlockKind::Indented) => Block::IndentedCode {
                            start: range.start,
                            end: range.end,
                        },
                        _ => Block::Text {
                            start: range.start,
                            end: range.end,
                        },
                    });
                }
                depth += 1;
            }
            Event::End(tag) => {
                if tag == TagEnd::CodeBlock {
                    if let Some((start, end, code)) = fence.take() {
                        out.inline.push(Inline {
                            kind: InlineKind::Fence,
                            start,
                            end,
                            text: code,
                        });
                    }
                }
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.blocks.extend(current.take());
                }
            }
            Event::Text(ref s) | Event::Code(ref s) => {
                if let Some((_, _, code)) = &mut fence {
                    code.push_str(s);
                }
                if matches!(event, Event::Code(_)) {
                    out.inline.push(Inline {
                        kind: InlineKind::Code,
                        start: range.start,
                        end: range.end,
                        text: s.to_string(),
                    });
                }
                match &mut current {
                    Some(Block::Heading { text, .. })
                    | Some(Block::FencedCode { code: text, .. }) => text.push_str(s),
                    _ => {}
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                tags(&html, range.start, &mut out.inline);
                if depth == 0 {
                    out.blocks.push(Block::Text {
                        start: range.start,
                        end: range.end,
                    });
                }
            }
            Event::Rule if depth == 0 => {
                out.blocks.push(Block::Text {
                    start: range.start,
                    end: range.end,
                });
            }
            _ => {}
        }
    }
    out
}

/// The HTML tags in `html`, which starts at `offset` of the body. A tag's text is its name and
/// its attributes, each as written; comments and declarations are skipped.
fn tags(html: &str, base: usize, out: &mut Vec<Inline>) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        let rest = &bytes[start + 1..];
        let opens = rest.first().is_some_and(|b| b.is_ascii_alphabetic())
            || (rest.first() == Some(&b'/')
                && rest.get(1).is_some_and(|b| b.is_ascii_alphabetic()));
        if !opens {
            i = start + 1;
            continue;
        }
        // The tag ends at the first `>` outside quotes.
        let mut quote = None;
        let mut end = None;
        for (j, &b) in rest.iter().enumerate() {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => {
                    end = Some(start + 1 + j + 1);
                    break;
                }
                None => {}
            }
        }
        let Some(end) = end else { break };
        out.push(Inline {
            kind: InlineKind::Tag,
            start: base + start,
            end: base + end,
            text: html[start..end].to_string(),
        });
        i = end;
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A fenced block is closed when its last line is a fence of the same character, at least as
/// long as the opening one. pulldown-cmark runs an unclosed fence to the end of the document.
fn fence_is_closed(source: &str) -> bool {
    let trimmed = source.trim_end();
    let opening = trimmed.trim_start();
    let fence_char = match opening.chars().next() {
        Some(c @ ('`' | '~')) => c,
        _ => return false,
    };
    let fence_len = opening.chars().take_while(|&c| c == fence_char).count();
    let Some((_, last)) = trimmed.rsplit_once('\n') else {
        return false;
    };
    let last = last.trim();
    last.len() >= fence_len && last.chars().all(|c| c == fence_char)
}

/// How a piece of rendered text should look; reporters map these to colors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Strong,
    Emphasis,
    Code,
    /// A line of a fenced or indented code block.
    CodeBlock,
    Link,
    /// Where a link goes, shown after its text.
    Url,
    Heading,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub style: Style,
    pub text: String,
}

/// One line of rendered text.
pub type Line = Vec<Segment>;

/// Renders markdown into styled lines for a terminal: inline code, emphasis, links with their
/// address, lists with bullets, code blocks indented, HTML tags dropped.
pub fn render(markdown: &str) -> Vec<Line> {
    let mut renderer = Renderer::default();
    for event in Parser::new_ext(markdown, Options::empty()) {
        renderer.event(event);
    }
    renderer.finish()
}

#[derive(Default)]
struct Renderer {
    lines: Vec<Line>,
    line: Line,
    styles: Vec<Style>,
    links: Vec<String>,
    lists: Vec<Option<u64>>,
    in_code_block: bool,
    /// HTML links open: their target and the text shown so far.
    anchors: Vec<(String, String)>,
}

impl Renderer {
    fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or(Style::Plain)
    }

    fn push(&mut self, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some((_, shown)) = self.anchors.last_mut() {
            shown.push_str(text);
        }
        match self.line.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => self.line.push(Segment {
                style,
                text: text.to_string(),
            }),
        }
    }

    fn break_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
    }

    /// Ends a block: flushes the line and leaves one blank line before the next block.
    fn end_block(&mut self) {
        if !self.line.is_empty() {
            self.break_line();
        }
        if self.lists.is_empty() && self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(Vec::new());
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { .. } => self.styles.push(Style::Heading),
                Tag::Strong => self.styles.push(Style::Strong),
                Tag::Emphasis => self.styles.push(Style::Emphasis),
                Tag::Link { dest_url, .. } => {
                    self.links.push(dest_url.to_string());
                    self.styles.push(Style::Link);
                }
                Tag::List(start) => {
                    if !self.line.is_empty() {
                        self.break_line();
                    }
                    self.lists.push(start);
                }
                Tag::Item => {
                    if !self.line.is_empty() {
                        self.break_line();
                    }
                    let indent = "  ".repeat(self.lists.len().saturating_sub(1));
                    let bullet = match self.lists.last_mut() {
                        Some(Some(n)) => {
                            *n += 1;
                            format!("{indent}{}. ", *n - 1)
                        }
                        _ => format!("{indent}• "),
                    };
                    self.push(Style::Plain, &bullet);
                }
                Tag::CodeBlock(_) => {
                    self.in_code_block = true;
                    self.styles.push(Style::Code);
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    self.styles.pop();
                    self.end_block();
                }
                TagEnd::Strong | TagEnd::Emphasis => {
                    self.styles.pop();
                }
                TagEnd::Link => {
                    self.styles.pop();
                    if let Some(url) = self.links.pop() {
                        self.push(Style::Plain, " (");
                        self.push(Style::Url, &url);
                        self.push(Style::Plain, ")");
                    }
                }
                TagEnd::Paragraph => self.end_block(),
                TagEnd::List(_) => {
                    self.lists.pop();
                    self.end_block();
                }
                TagEnd::Item if !self.line.is_empty() => self.break_line(),
                TagEnd::CodeBlock => {
                    self.in_code_block = false;
                    self.styles.pop();
                    self.end_block();
                }
                _ => {}
            },
            Event::Text(text) => {
                if self.in_code_block {
                    for (i, line) in text.split('\n').enumerate() {
                        if i > 0 {
                            self.break_line();
                        }
                        if !line.is_empty() {
                            self.push(Style::Plain, "    ");
                            self.push(Style::CodeBlock, line);
                        }
                    }
                } else {
                    let style = self.style();
                    self.push(style, &text);
                }
            }
            Event::Code(code) => self.push(Style::Code, &code),
            Event::SoftBreak => self.push(Style::Plain, " "),
            Event::HardBreak => self.break_line(),
            Event::InlineHtml(html) => {
                // An `<a href>` split over events: its text comes between them, its target after.
                if let Some(href) = anchor_href(&html) {
                    self.anchors.push((href, String::new()));
                    self.styles.push(Style::Link);
                } else if html.trim().eq_ignore_ascii_case("</a>") {
                    if let Some((href, text)) = self.anchors.pop() {
                        self.styles.pop();
                        if text.trim() != href {
                            self.push(Style::Plain, " (");
                            self.push(Style::Url, &href);
                            self.push(Style::Plain, ")");
                        }
                    }
                } else {
                    let style = self.style();
                    self.push(style, &strip_tags(&html));
                }
            }
            Event::Html(html) => {
                let style = self.style();
                self.push(style, &strip_tags(&html));
            }
            Event::Rule => {
                self.push(Style::Plain, "―――");
                self.end_block();
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Vec<Line> {
        if !self.line.is_empty() {
            self.break_line();
        }
        while self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        self.lines
    }
}

/// Drops HTML tags, keeping the text between them, and the target of a link after its text
/// (unless the text is the target); a newline inside a block becomes a space.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut tag = String::new();
    let mut in_tag = false;
    let mut anchors: Vec<(String, usize)> = Vec::new();
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
                tag.push(c);
            }
            '>' if in_tag => {
                in_tag = false;
                tag.push(c);
                if let Some(href) = anchor_href(&tag) {
                    anchors.push((href, out.len()));
                } else if tag.eq_ignore_ascii_case("</a>") {
                    if let Some((href, from)) = anchors.pop() {
                        if out[from..].trim() != href {
                            out.push_str(&format!(" ({href})"));
                        }
                    }
                }
            }
            c if in_tag => tag.push(c),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The target of an opening `<a href="...">` tag.
fn anchor_href(tag: &str) -> Option<String> {
    let lower = tag.trim().to_ascii_lowercase();
    if !lower.starts_with("<a ") && !lower.starts_with("<a\n") {
        return None;
    }
    let at = lower.find("href=")? + "href=".len();
    let rest = &tag.trim()[at..];
    let (quote, rest) = match rest.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &rest[1..]),
        _ => (None, rest),
    };
    let end = match quote {
        Some(q) => rest.find(q)?,
        None => rest.find([' ', '>']).unwrap_or(rest.len()),
    };
    Some(rest[..end].to_string()).filter(|h| !h.is_empty())
}

/// The rendered text without styles, one string per line.
pub fn plain(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|line| line.iter().map(|s| s.text.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}
