//! `--format github`: GitHub Actions annotations at the hint's line in its challenge file, and a
//! Markdown summary appended to `$GITHUB_STEP_SUMMARY` when that is set.

use std::io::Write;
use std::path::PathBuf;

use super::collect::{plain_text, Collected};
use super::{visible, visible_line, Checked, Reporter};
use crate::plan::Plan;
use crate::run::{Event, Status};

pub struct Github<W: Write> {
    out: Checked<W>,
    collected: Collected,
    summary_file: Option<PathBuf>,
    /// The human output, printed on the same stream inside a `::stop-commands::` fence.
    human: Option<Box<dyn Reporter>>,
    /// The token that ends the fence; unguessable, so untrusted text cannot end it.
    token: String,
    started: bool,
    annotations: Vec<String>,
    /// Why the step summary could not be written, if it could not.
    summary_error: Option<String>,
}

impl<W: Write> Github<W> {
    /// Names the output in the message when it cannot be written.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.out = Checked::new(self.out.into_inner(), name);
        self
    }

    /// `summary_file` is where the Markdown summary is appended, usually `$GITHUB_STEP_SUMMARY`.
    pub fn new(out: W, summary_file: Option<PathBuf>) -> Self {
        Github {
            out: Checked::new(out, "stdout"),
            collected: Collected::default(),
            summary_file,
            human: None,
            token: fence_token(),
            started: false,
            annotations: Vec::new(),
            summary_error: None,
        }
    }

    /// Prints `human`'s output first, on the same stream, with workflow commands stopped while it
    /// runs: an app's answer or a hint's message can hold a line that GitHub would otherwise
    /// take for a command (`::add-mask::`, `::error::`).
    pub fn with_human(mut self, human: Box<dyn Reporter>) -> Self {
        self.human = Some(human);
        self
    }
}

/// A random token for `::stop-commands::`.
fn fence_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut token = String::from("grade-");
    for _ in 0..2 {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        token.push_str(&format!("{:016x}", hasher.finish()));
    }
    token
}

/// Escapes an annotation's message as the Actions runner expects, with control characters
/// written out.
pub fn escape_data(text: &str) -> String {
    visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes an annotation property (file, title), which also may not contain `:` or `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl<W: Write> Reporter for Github<W> {
    fn failure(&self) -> Option<String> {
        self.out.error().or_else(|| self.summary_error.clone())
    }

    fn event(&mut self, plan: &Plan, event: &Event) {
        if let Some(human) = &mut self.human {
            if !self.started {
                let _ = writeln!(self.out, "::stop-commands::{}", self.token);
                let _ = self.out.flush();
            }
            human.event(plan, event);
        }
        self.started = true;
        if let Event::HintFinished {
            challenge,
            hint,
            outcome,
        } = event
        {
            let planned = &plan.challenges[*challenge].hints[*hint];
            let kind = match outcome.status {
                Status::Passed if outcome.is_flaky() => Some("warning"),
                Status::Passed => None,
                _ => Some("error"),
            };
            if let Some(kind) = kind {
                let title = format!("{}: hint {}", plan.challenges[*challenge].title, hint + 1);
                let mut message = plain_text(&planned.text);
                if outcome.is_flaky() {
                    message.push_str(&format!("\nflaky: passed on attempt {}", outcome.attempts));
                }
                if let Some(reason) = &outcome.message {
                    message.push('\n');
                    message.push_str(reason);
                }
                for diagnosis in &outcome.diagnoses {
                    let english = crate::catalog::ENGLISH;
                    message.push_str(&format!(
                        "\ndiagnosis: {}\nfix: {}",
                        diagnosis.message(english),
                        diagnosis.fix(english)
                    ));
                }
                // A built-in challenge's file is not in the repository, so the annotation
                // points at no file.
                let place = if planned.builtin {
                    String::new()
                } else {
                    format!(
                        "file={},line={},",
                        escape_property(&planned.file.display().to_string()),
                        planned.text_line
                    )
                };
                self.annotations.push(format!(
                    "::{kind} {place}title={}::{}",
                    escape_property(&title),
                    escape_data(&message)
                ));
            }
        }
        if self.collected.record(event) {
            if self.human.is_some() {
                let _ = writeln!(self.out, "::{}::", self.token);
            }
            for annotation in std::mem::take(&mut self.annotations) {
                let _ = writeln!(self.out, "{annotation}");
            }
            if let Some(path) = &self.summary_file {
                let markdown = step_summary(plan, &self.collected);
                let written = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .and_then(|mut file| file.write_all(markdown.as_bytes()));
                if let Err(err) = written {
                    self.summary_error = Some(format!(
                        "could not write the step summary `{}` ($GITHUB_STEP_SUMMARY): {err}",
                        path.display()
                    ));
                }
            }
        }
        let _ = self.out.flush();
    }
}

/// A Markdown table of challenges and the hints that did not pass.
fn step_summary(plan: &Plan, collected: &Collected) -> String {
    let mut out = format!("## grade: {}\n\n", code_span(&plan.url));
    if let Some(s) = collected.summary {
        out.push_str(&format!(
            "{}: {} passed, {} failed, {} errored, {} timed out{}\n\n",
            super::english_count(s.total(), "hint", "hints"),
            s.passed,
            s.failed,
            s.errored,
            s.timed_out,
            if s.interrupted { " (interrupted)" } else { "" }
        ));
    }
    out.push_str("| challenge | passed | hints that did not pass |\n| --- | --- | --- |\n");
    for (index, outcomes) in &collected.challenges {
        let challenge = &plan.challenges[*index];
        let passed = outcomes
            .iter()
            .filter(|o| o.status == Status::Passed)
            .count();
        let failing: Vec<String> = challenge
            .hints
            .iter()
            .zip(outcomes)
            .filter(|(_, o)| o.status != Status::Passed)
            .map(|(h, o)| {
                format!(
                    "{}. {} — {}",
                    h.index + 1,
                    code_span(&plain_text(&h.text)),
                    code_span(o.message.as_deref().unwrap_or(""))
                )
            })
            .collect();
        out.push_str(&format!(
            "| {} | {passed}/{} | {} |\n",
            code_span(&challenge.title),
            outcomes.len(),
            failing.join("<br>")
        ));
    }
    out.push('\n');
    out
}

/// Untrusted text (from the app, the hint or a challenge file) as a code span in a table cell:
/// nothing in it becomes a link, an image, HTML or emphasis, whatever it holds, and a pipe is
/// escaped so that it stays in its cell.
fn code_span(text: &str) -> String {
    let line = visible_line(text);
    if line.trim().is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in line.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick needs a space between it and the fence.
    let pad = if line.starts_with('`') || line.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", line.replace('|', "\\|"))
}
