//! Renders run events. One file per format; the runner never prints, these do.

mod collect;
mod github;
mod human;
mod json;
mod junit;
mod tap;
mod validation;

pub use github::Github;
pub use human::{render_challenge, render_diagnostics, render_list, Human, Verbosity};
pub use json::Json;
pub use junit::Junit;
pub use tap::Tap;
pub use validation::{render_validation, ValidationFormat};

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

/// Text from an app or a hint as it may be shown: control characters (escape sequences that
/// would drive a terminal, carriage returns that would overwrite a line) and the characters that
/// reorder text on screen are written as `\u{..}` escapes. Line breaks and tabs stay.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    escape_where(text, |c| c != '\n' && c != '\t' && needs_escape(c))
}

/// As [`visible`], for text that must stay on one line: line breaks and tabs are escaped too.
pub fn visible_line(text: &str) -> std::borrow::Cow<'_, str> {
    escape_where(text, needs_escape)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape_where(text: &str, escape: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    if !text.chars().any(&escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Sends every event to several reporters, such as the human output and a JUnit file.
pub struct Tee(pub Vec<Box<dyn Reporter>>);

impl Reporter for Tee {
    fn event(&mut self, plan: &Plan, event: &Event) {
        for reporter in &mut self.0 {
            reporter.event(plan, event);
        }
    }
}

/// Receives a run's events in order and renders them.
pub trait Reporter {
    fn event(&mut self, plan: &Plan, event: &Event);
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
