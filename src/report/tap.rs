//! `--format tap`: TAP version 14, streamed; a subtest per challenge, a test point per hint, and
//! YAML diagnostics for a hint that did not pass.

use std::io::Write;

use super::collect::plain_text;
use super::{visible_line, Checked, Reporter};
use crate::plan::Plan;
use crate::run::{Event, Outcome, Status};

pub struct Tap<W: Write> {
    out: Checked<W>,
    started: bool,
    /// Test points of the current challenge, and whether all passed.
    points: usize,
    all_passed: bool,
    /// Challenges reported so far: the top-level test points.
    challenges: usize,
}

impl<W: Write> Tap<W> {
    /// Names the output in the message when it cannot be written.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.out = Checked::new(self.out.into_inner(), name);
        self
    }

    pub fn new(out: W) -> Self {
        Tap {
            out: Checked::new(out, "stdout"),
            started: false,
            points: 0,
            all_passed: true,
            challenges: 0,
        }
    }

    fn hint(&mut self, plan: &Plan, challenge: usize, hint: usize, outcome: &Outcome) {
        let planned = &plan.challenges[challenge].hints[hint];
        self.points += 1;
        let ok = outcome.status == Status::Passed;
        self.all_passed &= ok;
        // A description may not contain `#` unescaped, which would start a directive.
        let text = visible_line(&plain_text(&planned.text))
            .replace('\\', "\\\\")
            .replace('#', "\\#");
        let mark = if ok { "ok" } else { "not ok" };
        let _ = writeln!(self.out, "    {mark} {} - {text}", self.points);
        if ok && !outcome.is_flaky() {
            return;
        }
        let mut fields: Vec<(&str, String)> = Vec::new();
        let status = match outcome.status {
            Status::Passed => "flaky",
            Status::Failed => "failed",
            Status::Errored => "errored",
            Status::TimedOut => "timed_out",
        };
        fields.push(("status", quoted(status)));
        if let Some(message) = &outcome.message {
            fields.push(("message", quoted(message)));
        }
        fields.push(("severity", quoted(if ok { "comment" } else { "fail" })));
        if let Some(expected) = &outcome.expected {
            fields.push(("expected", quoted(expected)));
        }
        if let Some(actual) = &outcome.actual {
            fields.push(("actual", quoted(actual)));
        }
        if let Some((file, line, col)) = &outcome.location {
            let at = format!(
                "{{ file: {}, line: {line}, column: {col} }}",
                quoted(&file.display().to_string())
            );
            fields.push(("at", at));
        }
        if outcome.attempts > 1 {
            fields.push(("attempts", outcome.attempts.to_string()));
        }
        fields.push(("duration_ms", outcome.duration.as_millis().to_string()));
        let _ = writeln!(self.out, "      ---");
        for (key, value) in fields {
            let _ = writeln!(self.out, "      {key}: {value}");
        }
        if !outcome.console.is_empty() {
            let _ = writeln!(self.out, "      console:");
            for line in &outcome.console {
                let _ = writeln!(self.out, "        - {}", quoted(line));
            }
        }
        if !outcome.exchanges.is_empty() {
            let _ = writeln!(self.out, "      requests:");
            for e in &outcome.exchanges {
                let status = e.status.map_or("null".to_string(), |s| s.to_string());
                let _ = writeln!(
                    self.out,
                    "        - {{ method: {}, url: {}, status: {status} }}",
                    quoted(&e.method),
                    quoted(&e.url)
                );
            }
        }
        let _ = writeln!(self.out, "      ...");
    }
}

/// A YAML double-quoted scalar; JSON's string syntax is valid YAML.
fn quoted(text: &str) -> String {
    super::json_safe(serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string()))
}

impl<W: Write> Reporter for Tap<W> {
    fn failure(&self) -> Option<String> {
        self.out.error()
    }

    fn event(&mut self, plan: &Plan, event: &Event) {
        if !self.started {
            self.started = true;
            let _ = writeln!(self.out, "TAP version 14");
        }
        match event {
            Event::Progress { .. } => return,
            Event::ChallengeStarted { challenge } => {
                let title = visible_line(&plan.challenges[*challenge].title);
                let _ = writeln!(self.out, "# Subtest: {title}");
                self.points = 0;
                self.all_passed = true;
            }
            Event::HintFinished {
                challenge,
                hint,
                outcome,
            } => self.hint(plan, *challenge, *hint, outcome),
            Event::ChallengeFinished { challenge } => {
                self.challenges += 1;
                let _ = writeln!(self.out, "    1..{}", self.points);
                let mark = if self.all_passed { "ok" } else { "not ok" };
                let title = visible_line(&plan.challenges[*challenge].title).replace('#', "\\#");
                let _ = writeln!(self.out, "{mark} {} - {title}", self.challenges);
            }
            Event::Finished { summary } => {
                let _ = writeln!(self.out, "1..{}", self.challenges);
                let _ = writeln!(
                    self.out,
                    "# {} passed, {} failed, {} errored, {} timed out",
                    summary.passed, summary.failed, summary.errored, summary.timed_out
                );
                if summary.interrupted {
                    let _ = writeln!(self.out, "Bail out! interrupted");
                }
            }
        }
        let _ = self.out.flush();
    }
}
