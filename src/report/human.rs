//! What a person reads on stderr: each hint with its text in the learner's language, why it did
//! not pass, and a summary. Also `grade list`, `grade show` and diagnostics. The only user of
//! `colored`.

use std::io::Write;

use colored::{ColoredString, Colorize};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{visible, visible_line, Reporter};
use crate::catalog::{Catalog, Entry, Language};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::markdown::{self, Style};
use crate::plan::Plan;
use crate::run::http::Exchange;
use crate::run::{Event, Outcome, Status, Summary};

/// The words around the hint texts, in the learner's language.
struct Labels {
    passed: &'static str,
    failed: &'static str,
    errored: &'static str,
    timed_out: &'static str,
    expected: &'static str,
    actual: &'static str,
    hints: &'static str,
}

const ENGLISH_LABELS: Labels = Labels {
    passed: "passed",
    failed: "failed",
    errored: "errored",
    timed_out: "timed out",
    expected: "expected",
    actual: "actual",
    hints: "hints",
};

fn labels(language: &Language) -> &'static Labels {
    const GERMAN: Labels = Labels {
        passed: "bestanden",
        failed: "nicht bestanden",
        errored: "Fehler",
        timed_out: "Zeit überschritten",
        expected: "erwartet",
        actual: "erhalten",
        hints: "Tests",
    };
    const PORTUGUESE: Labels = Labels {
        passed: "passou",
        failed: "falhou",
        errored: "erro",
        timed_out: "tempo esgotado",
        expected: "esperado",
        actual: "recebido",
        hints: "testes",
    };
    const SPANISH: Labels = Labels {
        passed: "superada",
        failed: "fallida",
        errored: "error",
        timed_out: "tiempo agotado",
        expected: "esperado",
        actual: "obtenido",
        hints: "pruebas",
    };
    const ARABIC: Labels = Labels {
        passed: "نجح",
        failed: "فشل",
        errored: "خطأ",
        timed_out: "انتهت المهلة",
        expected: "المتوقع",
        actual: "الفعلي",
        hints: "اختبارات",
    };
    const CHINESE: Labels = Labels {
        passed: "通过",
        failed: "未通过",
        errored: "出错",
        timed_out: "超时",
        expected: "预期",
        actual: "实际",
        hints: "项测试",
    };
    const JAPANESE: Labels = Labels {
        passed: "合格",
        failed: "不合格",
        errored: "エラー",
        timed_out: "タイムアウト",
        expected: "期待値",
        actual: "実際の値",
        hints: "件のテスト",
    };
    match language.folder {
        "german" => &GERMAN,
        "portuguese" => &PORTUGUESE,
        "espanol" => &SPANISH,
        "arabic" => &ARABIC,
        "chinese" | "chinese-traditional" => &CHINESE,
        "japanese" => &JAPANESE,
        _ => &ENGLISH_LABELS,
    }
}

/// Requests listed under a hint; the JSON report has the first 50 of them.
const SHOWN_REQUESTS: usize = 10;

/// Streams a run as it happens.
pub struct Human<W: Write> {
    out: W,
    labels: &'static Labels,
    verbosity: Verbosity,
    /// The challenge whose title is still to be printed, under `-q`.
    title_pending: Option<usize>,
    /// Whether the current challenge printed anything, under `-q`.
    printed: bool,
    /// CORS findings of the current challenge's hints, shown once after them.
    cors: Vec<String>,
    /// A progress bar under the output, on a terminal outside CI.
    bar: Option<ProgressBar>,
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
            labels: labels(language),
            verbosity,
            title_pending: None,
            printed: false,
            cors: Vec::new(),
            bar: None,
        }
    }

    /// Draws a progress bar on stderr while the run goes on, when stderr is a terminal and `CI`
    /// is not set.
    pub fn with_progress(mut self) -> Self {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} hints  {elapsed}")
            {
                bar.set_style(style);
            }
            self.bar = Some(bar);
        }
        self
    }

    fn challenge_started(&mut self, plan: &Plan, index: usize) {
        self.printed = false;
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
        if challenge.hints.is_empty() {
            let _ = writeln!(self.out, "  {}", "(no hints)".dimmed());
        }
    }

    fn hint_finished(&mut self, plan: &Plan, challenge: usize, hint: usize, outcome: &Outcome) {
        for finding in &outcome.cors {
            if !self.cors.contains(finding) {
                self.cors.push(finding.clone());
            }
        }
        if self.verbosity == Verbosity::Quiet {
            if outcome.status == Status::Passed {
                return;
            }
            if let Some(index) = self.title_pending.take() {
                self.title(plan, index);
            }
        }
        let planned = &plan.challenges[challenge].hints[hint];
        let (mark, word) = match outcome.status {
            Status::Passed => ("✓".green().bold(), self.labels.passed.green()),
            Status::Failed => ("✗".red().bold(), self.labels.failed.red()),
            Status::Errored => ("!".yellow().bold(), self.labels.errored.yellow()),
            Status::TimedOut => ("⏱".magenta().bold(), self.labels.timed_out.magenta()),
        };
        let text = styled_markdown(&planned.text);
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default();
        let timing = format!("({} ms)", outcome.duration.as_millis()).dimmed();
        if outcome.is_flaky() {
            let flaky = format!("flaky: passed on attempt {}", outcome.attempts).yellow();
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
            return;
        }
        if let Some(message) = &outcome.message {
            for line in message.lines() {
                let _ = writeln!(self.out, "      {}", visible_line(line).red());
            }
        }
        let width = self
            .labels
            .expected
            .chars()
            .count()
            .max(self.labels.actual.chars().count());
        for (label, value) in [
            (self.labels.expected, &outcome.expected),
            (self.labels.actual, &outcome.actual),
        ] {
            if let Some(value) = value {
                let pad = " ".repeat(width - label.chars().count());
                let _ = writeln!(
                    self.out,
                    "      {}{pad}  {}",
                    label.dimmed(),
                    shorten(&visible_line(value), 300)
                );
            }
        }
        if let Some((file, line, col)) = &outcome.location {
            let _ = writeln!(
                self.out,
                "      {}",
                format!(
                    "--> {}:{line}:{col}",
                    visible_line(&file.display().to_string())
                )
                .dimmed()
            );
        }
        self.exchanges(outcome, self.verbosity == Verbosity::Verbose);
        if !outcome.console.is_empty() {
            let _ = writeln!(self.out, "      {}", "console:".dimmed());
            for line in outcome.console.iter().take(20) {
                let _ = writeln!(self.out, "        {}", shorten(&visible_line(line), 500));
            }
            if outcome.console.len() > 20 {
                let more = format!(
                    "… and {} more lines (all of them in --format json)",
                    outcome.console.len() - 20
                );
                let _ = writeln!(self.out, "        {}", more.dimmed());
            }
        }
        for note in &outcome.notes {
            let _ = writeln!(
                self.out,
                "      {} {}",
                "note:".dimmed(),
                visible_line(note).dimmed()
            );
        }
    }

    /// The requests a hint made, in order, with the status of each; in `full`, their headers and
    /// the start of each body too.
    fn exchanges(&mut self, outcome: &Outcome, full: bool) {
        for exchange in outcome.exchanges.iter().take(SHOWN_REQUESTS) {
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
            }
        }
        let hidden = outcome.exchanges.len().saturating_sub(SHOWN_REQUESTS) as u64;
        if outcome.omitted_requests + hidden > 0 {
            let more = format!("… and {} more requests", outcome.omitted_requests + hidden);
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

    fn finished(&mut self, summary: &Summary) {
        let l = self.labels;
        let mut parts = vec![format!("{} {}", summary.passed, l.passed)
            .green()
            .to_string()];
        if summary.failed > 0 {
            parts.push(format!("{} {}", summary.failed, l.failed).red().to_string());
        }
        if summary.errored > 0 {
            parts.push(
                format!("{} {}", summary.errored, l.errored)
                    .yellow()
                    .to_string(),
            );
        }
        if summary.timed_out > 0 {
            parts.push(
                format!("{} {}", summary.timed_out, l.timed_out)
                    .magenta()
                    .to_string(),
            );
        }
        if summary.interrupted {
            let _ = writeln!(
                self.out,
                "{}",
                "interrupted: the remaining hints did not run"
                    .yellow()
                    .bold()
            );
        }
        let _ = writeln!(
            self.out,
            "{} {}: {}  {}",
            summary.total(),
            l.hints,
            parts.join(", "),
            format!("({:.2} s)", summary.duration.as_secs_f64()).dimmed()
        );
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
            } => self.hint_finished(plan, *challenge, *hint, outcome),
            Event::ChallengeFinished { .. } => {
                let findings = std::mem::take(&mut self.cors);
                if self.printed && !findings.is_empty() {
                    let _ = writeln!(
                        self.out,
                        "  {} {}",
                        "⚠ CORS:".yellow().bold(),
                        "freeCodeCamp submits from its own site, and a browser there could not read these answers:".yellow()
                    );
                    for finding in findings.iter().take(10) {
                        let _ = writeln!(self.out, "      {}", visible_line(finding));
                    }
                    if findings.len() > 10 {
                        let _ = writeln!(self.out, "      … and {} more", findings.len() - 10);
                    }
                    let _ = writeln!(self.out, "      {}", "help: send Access-Control-Allow-Origin (the `cors` package does), or pass --no-cors-check".dimmed());
                }
                if self.printed {
                    let _ = writeln!(self.out);
                }
            }
            Event::Finished { summary } => self.finished(summary),
        }
        let _ = self.out.flush();
    }
}

fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    format!("{cut}… ({} characters in all)", text.chars().count())
}

/// Markdown rendered for a terminal; inline code keeps its backticks when there is no color.
fn styled_markdown(text: &str) -> String {
    let colors = colored::control::SHOULD_COLORIZE.should_colorize();
    let lines = markdown::render(text);
    lines
        .iter()
        .map(|line| {
            line.iter()
                .map(|segment| {
                    let text = visible(&segment.text);
                    let piece: ColoredString = match segment.style {
                        Style::Plain => text.normal(),
                        Style::Strong | Style::Heading => text.bold(),
                        Style::Emphasis => text.italic(),
                        Style::Link => text.underline(),
                        Style::Code if colors => text.cyan(),
                        Style::CodeBlock => text.cyan(),
                        Style::Code => format!("`{text}`").normal(),
                    };
                    piece.to_string()
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Diagnostics in the house style: the message, the location, and help when the fix is known.
pub fn render_diagnostics(out: &mut dyn Write, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        write_diagnostic(out, d, "");
    }
}

/// One diagnostic, each line after `indent`: the message, its location, any detail (a diff's
/// `-` and `+` lines in color), and help.
pub(super) fn write_diagnostic(out: &mut dyn Write, d: &Diagnostic, indent: &str) {
    let label = match d.severity {
        Severity::Error => "error".red().bold(),
        Severity::Warning => "warning".yellow().bold(),
    };
    let _ = writeln!(out, "{indent}{label}: {}", d.message.bold());
    let location = format!(
        "{}:{}:{}",
        d.path.display(),
        d.position.line,
        d.position.col
    );
    let _ = writeln!(out, "{indent}  {} {location}", "-->".blue());
    for line in d.detail.iter().flat_map(|detail| detail.lines()) {
        let styled = match line.chars().next() {
            Some('-') => line.red(),
            Some('+') => line.green(),
            _ => line.dimmed(),
        };
        let _ = writeln!(out, "{indent}  {styled}");
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{indent}{}: {help}", "help".cyan());
    }
}

/// `grade list`: one line per challenge, grouped by block.
pub fn render_list(out: &mut dyn Write, catalog: &Catalog, language: &Language) {
    let mut block = None;
    for entry in &catalog.entries {
        let version = entry.version(language);
        if block != Some(entry.block()) {
            block = Some(entry.block());
            let name = if entry.block().is_empty() {
                "(no block)"
            } else {
                entry.block()
            };
            let _ = writeln!(out, "{}", name.bold());
        }
        let languages: Vec<&str> = entry.versions.iter().map(|v| v.language.code).collect();
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}",
            entry.id.dimmed(),
            entry.dashed_name(),
            version.parsed.challenge.title(),
            format!(
                "[{}; {} hints]",
                languages.join(" "),
                version.parsed.challenge.hints.len()
            )
            .dimmed()
        );
    }
}

/// `grade show`: the description, instructions and hints in the chosen language.
pub fn render_challenge(out: &mut dyn Write, entry: &Entry, language: &Language) {
    let version = entry.version(language);
    let challenge = &version.parsed.challenge;
    let _ = writeln!(out, "{}", challenge.title().bold().underline());
    let _ = writeln!(
        out,
        "{}\n",
        format!(
            "{} · {} · {} · {}",
            entry.id,
            entry.dashed_name(),
            version.language.name,
            challenge.path.display()
        )
        .dimmed()
    );
    for section in ["description", "instructions"] {
        if let Some(text) = challenge.section_text(section) {
            let _ = writeln!(out, "{}\n", styled_markdown(text));
        }
    }
    for hint in &challenge.hints {
        let text = styled_markdown(&hint.text);
        let _ = writeln!(
            out,
            "{} {}",
            format!("{}.", hint.index + 1).bold(),
            text.replace('\n', "\n   ")
        );
    }
}
