//! What a person reads: each hint with its text in the learner's language, why it did not
//! pass, and a summary, every word around the hint texts in that language too. Also `grade
//! list`, `grade show` and diagnostics (`listing`), the progress of `grade batch` (`progress`),
//! and the styles of the commands' own lines (`style`). The files of this folder are the only
//! users of `colored` and `indicatif`.

mod listing;
mod progress;
mod style;
mod tty;

pub use listing::{
    render_challenge, render_curriculum_names, render_diagnostics, render_list, render_list_json,
};
pub use progress::BatchProgress;
pub use style::{bold, dimmed, error_label, heading, help_label, warning_label};

use std::io::Write;

use colored::Colorize;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::locale::{self, Words};
use super::{visible_line, Reporter};
use crate::catalog::Language;
use crate::plan::{Plan, PlannedChallenge};
use crate::run::http::Exchange;
use crate::run::SiteRisk;
use crate::run::{Event, Outcome, Status, Summary};
use listing::{list_separator, styled_markdown};

/// Requests listed under a hint; the JSON report has the first 50 of them.
const SHOWN_REQUESTS: usize = 10;
/// Console lines shown under a hint; the JSON report has all that were kept.
const SHOWN_CONSOLE: usize = 20;
/// CORS findings shown under a challenge.
const SHOWN_CORS: usize = 10;

/// Streams a run as it happens.
pub struct Human<W: Write> {
    out: W,
    language: &'static Language,
    words: &'static Words,
    verbosity: Verbosity,
    /// The challenge whose title is still to be printed, under `-q`.
    title_pending: Option<usize>,
    /// Whether the current challenge printed anything, under `-q`.
    printed: bool,
    /// Whether a hint of the current challenge did not pass.
    failing: bool,
    /// CORS findings of the current challenge's hints, shown once after them.
    cors: Vec<String>,
    /// A progress bar under the output, on a terminal outside CI.
    bar: Option<ProgressBar>,
    /// While the bar runs, Ctrl-C is not echoed into it.
    _quiet: Option<tty::QuietInterrupts>,
    /// The command that grades the same app again, and how it names each planned challenge.
    rerun: Option<(String, Vec<String>)>,
    /// Challenges with a hint that did not pass, by index in the plan.
    to_rerun: Vec<usize>,
    /// Hints that ran, by challenge index in the plan.
    ran: std::collections::HashMap<usize, usize>,
    /// Hints and challenges that never ran (some or all of their hints), once the run ends.
    not_run: Option<(usize, usize)>,
}

/// How much the human output says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Only hints that did not pass, and the summary.
    Quiet,
    Normal,
    /// The requests of every hint, with headers and the start of each body for those that did
    /// not pass.
    Verbose,
}

impl<W: Write> Human<W> {
    pub fn new(out: W, language: &'static Language, verbosity: Verbosity) -> Self {
        Human {
            out,
            language,
            words: locale::words(language),
            verbosity,
            title_pending: None,
            printed: false,
            failing: false,
            cors: Vec::new(),
            bar: None,
            _quiet: None,
            rerun: None,
            to_rerun: Vec::new(),
            ran: std::collections::HashMap::new(),
            not_run: None,
        }
    }

    /// Draws a progress bar on stderr while the run goes on, when stderr is a terminal and `CI`
    /// is not set.
    pub fn with_progress(mut self) -> Self {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
            self._quiet = Some(tty::QuietInterrupts::new());
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len}  {elapsed}") {
                bar.set_style(style);
            }
            self.bar = Some(bar);
        }
        self
    }

    /// Ends a run that did not pass with the command that runs only what did not pass: `prefix`
    /// followed by the handles of those challenges (one per planned challenge).
    pub fn with_rerun(mut self, prefix: String, handles: Vec<String>) -> Self {
        self.rerun = Some((prefix, handles));
        self
    }

    fn challenge_started(&mut self, plan: &Plan, index: usize) {
        self.printed = false;
        self.failing = false;
        if self.verbosity == Verbosity::Quiet {
            self.title_pending = Some(index);
            return;
        }
        self.title(plan, index);
    }

    fn title(&mut self, plan: &Plan, index: usize) {
        self.printed = true;
        let challenge = &plan.challenges[index];
        let place = [challenge.block.as_str(), challenge.dashed_name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" › ");
        let _ = writeln!(
            self.out,
            "{}  {}",
            visible_line(&challenge.title).bold(),
            visible_line(&place).dimmed()
        );
        if challenge.language != self.language {
            let notice = listing::untranslated(self.words, challenge.language);
            let _ = writeln!(self.out, "  {}", notice.dimmed());
        }
        if challenge.hints.is_empty() {
            let _ = writeln!(self.out, "  {}", self.words.no_hints.dimmed());
        }
    }

    fn hint_finished(&mut self, plan: &Plan, challenge: usize, hint: usize, outcome: &Outcome) {
        for finding in &outcome.cors {
            if !self.cors.contains(finding) {
                self.cors.push(finding.clone());
            }
        }
        if outcome.status != Status::Passed {
            self.failing = true;
        }
        if self.verbosity == Verbosity::Quiet {
            // A hint that passed here but would fail on freeCodeCamp is still shown, with why.
            if outcome.status == Status::Passed && outcome.site.is_empty() {
                return;
            }
            if let Some(index) = self.title_pending.take() {
                self.title(plan, index);
            }
        }
        let words = self.words;
        let planned = &plan.challenges[challenge].hints[hint];
        let (mark, word) = match outcome.status {
            Status::Passed => ("✓".green().bold(), words.passed.green()),
            Status::Failed => ("✗".red().bold(), words.failed.red()),
            Status::Errored => ("!".yellow().bold(), words.errored.yellow()),
            Status::TimedOut => ("⏱".magenta().bold(), words.timed_out.magenta()),
        };
        let text = styled_markdown(&planned.text, words);
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default();
        let timing = format!("({} ms)", outcome.duration.as_millis()).dimmed();
        if outcome.is_flaky() {
            let flaky = words
                .flaky
                .replace("{n}", &outcome.attempts.to_string())
                .yellow();
            let _ = writeln!(self.out, "  {mark} {first}  {flaky} {timing}");
        } else if outcome.status == Status::Passed {
            let _ = writeln!(self.out, "  {mark} {first}  {timing}");
        } else {
            let _ = writeln!(self.out, "  {mark} {first}  {word} {timing}");
        }
        for line in lines {
            let _ = writeln!(self.out, "    {line}");
        }
        if outcome.status == Status::Passed {
            if self.verbosity == Verbosity::Verbose {
                self.exchanges(outcome, false);
            }
            self.site_risks(outcome);
            self.diagnoses(outcome);
            self.notes(outcome);
            return;
        }
        if let Some(message) = &outcome.message {
            for line in message.lines() {
                let _ = writeln!(self.out, "      {}", visible_line(line).red());
            }
        }
        let width = locale::width(words.expected).max(locale::width(words.actual));
        for (label, value) in [
            (words.expected, &outcome.expected),
            (words.actual, &outcome.actual),
        ] {
            if let Some(value) = value {
                let _ = writeln!(
                    self.out,
                    "      {}  {}",
                    locale::pad(label, width).dimmed(),
                    shorten(&visible_line(value), 300)
                );
            }
        }
        self.diagnoses(outcome);
        if let Some((file, line, col)) = &outcome.location {
            let path = visible_line(&file.display().to_string()).into_owned();
            let place = if planned.builtin {
                let command = format!(
                    "grade show {} --source",
                    handle_of(&plan.challenges[challenge])
                );
                let see = words.see_source.replace(
                    "{command}",
                    &locale::isolate(words, &format!("`{command}`")),
                );
                format!("--> {}: {path}:{line}:{col} ({see})", words.built_in)
            } else {
                format!("--> {path}:{line}:{col}")
            };
            let _ = writeln!(self.out, "      {}", place.dimmed());
        }
        self.exchanges(outcome, self.verbosity == Verbosity::Verbose);
        if !outcome.console.is_empty() {
            let _ = writeln!(self.out, "      {}", words.console.dimmed());
            for line in outcome.console.iter().take(SHOWN_CONSOLE) {
                let _ = writeln!(self.out, "        {}", shorten(&visible_line(line), 500));
            }
            let hidden = outcome.console.len().saturating_sub(SHOWN_CONSOLE);
            if hidden > 0 {
                let more = locale::count(self.language, words.more_lines, hidden);
                let _ = writeln!(self.out, "        {}", more.dimmed());
            }
        }
        self.notes(outcome);
    }

    /// What a hint that passed relied on that freeCodeCamp's runner does not give.
    fn site_risks(&mut self, outcome: &Outcome) {
        if outcome.site.is_empty() {
            return;
        }
        let words = self.words;
        let risks: Vec<String> = outcome
            .site
            .iter()
            .map(|risk| match risk {
                SiteRisk::Cookie(cookie) => {
                    let shown = |text: &str| locale::isolate(words, &visible_line(text));
                    match (&cookie.name, &cookie.set_by) {
                        (Some(name), Some(set_by)) => words
                            .risk_cookie
                            .replace("{cookie}", &shown(&format!("`{name}`")))
                            .replace("{set}", &shown(set_by))
                            .replace("{sent}", &shown(&cookie.sent_with)),
                        _ => words
                            .risk_written_cookie
                            .replace("{sent}", &shown(&cookie.sent_with)),
                    }
                }
                SiteRisk::Slow(took) => words.risk_slow.replace(
                    "{seconds}",
                    &locale::isolate(words, &crate::run::http::seconds(*took)),
                ),
                SiteRisk::Cors(finding) => {
                    let request = finding.split(": ").next().unwrap_or(finding);
                    words
                        .risk_cors
                        .replace("{request}", &locale::isolate(words, &visible_line(request)))
                }
            })
            .collect();
        // A full-width colon carries its own space.
        let gap = if words.would_fail.ends_with('：') {
            ""
        } else {
            " "
        };
        let _ = writeln!(
            self.out,
            "      {}{gap}{}",
            words.would_fail.yellow(),
            risks.join(list_separator(words)).yellow()
        );
    }

    /// Known mistakes that explain the outcome, each with its fix.
    fn diagnoses(&mut self, outcome: &Outcome) {
        let words = self.words;
        let shown = |value: &str| visible_line(value).into_owned();
        for diagnosis in &outcome.diagnoses {
            let _ = writeln!(
                self.out,
                "      {} {}",
                format!("{}:", words.diagnosis).yellow().bold(),
                diagnosis.message_with(self.language, &shown).yellow()
            );
            let _ = writeln!(
                self.out,
                "      {} {}",
                format!("{}:", words.fix).cyan(),
                diagnosis.fix_with(self.language, &shown)
            );
        }
    }

    fn notes(&mut self, outcome: &Outcome) {
        for note in &outcome.notes {
            let note = if note == crate::run::INTERVAL_CLEARED {
                self.words.interval_cleared.into()
            } else {
                visible_line(note)
            };
            let _ = writeln!(
                self.out,
                "      {} {}",
                self.words.note.dimmed(),
                note.dimmed()
            );
        }
    }

    /// The requests a hint made, in order, with the status of each; in `full`, their headers and
    /// the start of each body too.
    fn exchanges(&mut self, outcome: &Outcome, full: bool) {
        // An assertion without a message of its own says nothing of what the app answered: its
        // last answer is shown, as `-v` would show it.
        let unspecified = outcome
            .message
            .as_deref()
            .is_some_and(|m| m.trim() == "Unspecified AssertionError");
        let shown = outcome.exchanges.len().min(SHOWN_REQUESTS);
        for (index, exchange) in outcome.exchanges.iter().take(SHOWN_REQUESTS).enumerate() {
            let status = match (exchange.status, &exchange.error) {
                (_, Some(error)) => visible_line(error).yellow().to_string(),
                (Some(status), None) => status.to_string(),
                (None, None) => "-".to_string(),
            };
            let _ = writeln!(
                self.out,
                "      {} {} {} {status}",
                "→".dimmed(),
                visible_line(&exchange.method).dimmed(),
                visible_line(&exchange.url).dimmed()
            );
            if full {
                self.exchange_details(exchange);
            } else if unspecified && index + 1 == shown {
                if let Some(body) = exchange.response_body.as_deref().filter(|b| !b.is_empty()) {
                    let line = visible_line(&shorten_body(body, 300)).into_owned();
                    let _ = writeln!(self.out, "        {} {}", "<".dimmed(), line.dimmed());
                }
            }
        }
        let hidden = outcome.exchanges.len().saturating_sub(SHOWN_REQUESTS) as u64;
        let more = outcome.omitted_requests + hidden;
        if more > 0 {
            let more = locale::count(self.language, self.words.more_requests, more as usize);
            let _ = writeln!(self.out, "      {}", more.dimmed());
        }
    }

    fn exchange_details(&mut self, exchange: &Exchange) {
        let sides = [
            (">", &exchange.request_headers, &exchange.request_body),
            ("<", &exchange.response_headers, &exchange.response_body),
        ];
        for (arrow, headers, body) in sides {
            for (name, value) in headers {
                let _ = writeln!(
                    self.out,
                    "        {} {}",
                    arrow.dimmed(),
                    format!("{}: {}", visible_line(name), visible_line(value)).dimmed()
                );
            }
            if let Some(body) = body.as_deref().filter(|b| !b.is_empty()) {
                for line in body.lines() {
                    let _ = writeln!(
                        self.out,
                        "        {} {}",
                        arrow.dimmed(),
                        visible_line(line)
                    );
                }
            }
        }
    }

    fn challenge_finished(&mut self, challenge: usize) {
        if self.failing {
            self.to_rerun.push(challenge);
        }
        let findings = std::mem::take(&mut self.cors);
        if self.printed && !findings.is_empty() {
            let words = self.words;
            let _ = writeln!(
                self.out,
                "  {} {}",
                "⚠".yellow().bold(),
                words.cors_title.yellow()
            );
            for finding in findings.iter().take(SHOWN_CORS) {
                let _ = writeln!(self.out, "      {}", visible_line(finding));
            }
            if findings.len() > SHOWN_CORS {
                let more = locale::count(self.language, words.more, findings.len() - SHOWN_CORS);
                let _ = writeln!(self.out, "      {more}");
            }
            let _ = writeln!(
                self.out,
                "      {}",
                format!("{}: {}", words.help, words.cors_help).dimmed()
            );
        }
        if self.printed {
            let _ = writeln!(self.out);
        }
    }

    fn finished(&mut self, summary: &Summary) {
        let words = self.words;
        let language = self.language;
        let mut parts = vec![locale::count(language, words.passed_count, summary.passed)
            .green()
            .to_string()];
        for (n, phrase, color) in [
            (summary.failed, words.failed_count, colored::Color::Red),
            (summary.errored, words.errored_count, colored::Color::Yellow),
            (
                summary.timed_out,
                words.timed_out_count,
                colored::Color::Magenta,
            ),
        ] {
            if n > 0 {
                parts.push(locale::count(language, phrase, n).color(color).to_string());
            }
        }
        if summary.interrupted {
            let _ = writeln!(self.out, "{}", words.interrupted.yellow().bold());
        } else if let Some((hints, challenges)) = self.not_run.filter(|(h, _)| *h > 0) {
            let line = words
                .not_run
                .replace("{hints}", &locale::count(language, words.hints, hints))
                .replace(
                    "{challenges}",
                    &locale::count(language, words.challenges, challenges),
                );
            let _ = writeln!(self.out, "{}", line.yellow());
        }
        let _ = writeln!(
            self.out,
            "{}: {}  {}",
            locale::count(language, words.hints, summary.total()),
            parts.join(words.separator),
            format!("({:.2} s)", summary.duration.as_secs_f64()).dimmed()
        );
        if let Some((prefix, handles)) = &self.rerun {
            if !self.to_rerun.is_empty() && !summary.interrupted {
                let mut command = prefix.clone();
                for index in &self.to_rerun {
                    if let Some(handle) = handles.get(*index) {
                        command.push(' ');
                        command.push_str(handle);
                    }
                }
                let _ = writeln!(self.out, "{}", words.rerun.dimmed());
                let _ = writeln!(self.out, "  {}", visible_line(&command));
            }
        }
    }
}

/// How a challenge is named on a command line: its dashedName, or its id.
fn handle_of(challenge: &PlannedChallenge) -> &str {
    if challenge.dashed_name.is_empty() {
        &challenge.id
    } else {
        &challenge.dashed_name
    }
}

impl<W: Write> Reporter for Human<W> {
    fn event(&mut self, plan: &Plan, event: &Event) {
        let Some(bar) = self.bar.clone() else {
            self.handle(plan, event);
            return;
        };
        match event {
            Event::Progress {
                finished_hints,
                total_hints,
            } => {
                bar.set_length(*total_hints as u64);
                bar.set_position(*finished_hints as u64);
            }
            Event::Finished { .. } => {
                bar.finish_and_clear();
                self.handle(plan, event);
            }
            // The bar steps aside while lines are written, then redraws under them.
            _ => bar.suspend(|| self.handle(plan, event)),
        }
    }
}

impl<W: Write> Human<W> {
    fn handle(&mut self, plan: &Plan, event: &Event) {
        match event {
            Event::Progress { .. } => return,
            Event::ChallengeStarted { challenge } => self.challenge_started(plan, *challenge),
            Event::HintFinished {
                challenge,
                hint,
                outcome,
            } => {
                *self.ran.entry(*challenge).or_default() += 1;
                self.hint_finished(plan, *challenge, *hint, outcome);
            }
            Event::ChallengeFinished { challenge } => self.challenge_finished(*challenge),
            Event::Finished { summary } => {
                let (mut hints, mut challenges) = (0, 0);
                for (index, planned) in plan.challenges.iter().enumerate() {
                    let left = planned.hints.len() - self.ran.get(&index).copied().unwrap_or(0);
                    hints += left;
                    challenges += usize::from(left > 0);
                }
                self.not_run = Some((hints, challenges));
                self.finished(summary);
            }
        }
        let _ = self.out.flush();
    }
}

/// An answer's body cut to `limit` characters. The body kept is already a preview of the first
/// 2 KiB that ends by saying how large the whole answer was; that size is what is said.
fn shorten_body(body: &str, limit: usize) -> String {
    let whole = body
        .rfind("… (")
        .filter(|at| body.ends_with(" bytes in all)") && body[*at..].len() < 40)
        .map(|at| &body[at + "… ".len()..]);
    match whole {
        Some(size) if body.chars().count() > limit => {
            let cut: String = body.chars().take(limit).collect();
            format!("{cut}… {size}")
        }
        _ => shorten(body, limit),
    }
}

fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    format!("{cut}… ({} characters in all)", text.chars().count())
}

#[cfg(test)]
mod tests {
    use super::shorten_body;

    #[test]
    fn a_cut_body_says_the_size_of_the_whole_answer() {
        let preview = format!("{}… (4352 bytes in all)", "a".repeat(2048));
        assert_eq!(
            shorten_body(&preview, 5),
            "aaaaa… (4352 bytes in all)",
            "the size of the answer, not of its preview"
        );
        assert_eq!(shorten_body("short", 300), "short");
        assert_eq!(shorten_body("abcdef", 3), "abc… (6 characters in all)");
    }
}
