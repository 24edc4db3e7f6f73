//! Gathers a run's outcomes for the formats that are written whole at the end.

use crate::run::{Event, Outcome, Summary};

/// The outcomes of each challenge that ran, by its index in the plan, and the summary.
#[derive(Debug, Default)]
pub struct Collected {
    pub challenges: Vec<(usize, Vec<Outcome>)>,
    pub summary: Option<Summary>,
}

impl Collected {
    /// Records `event`; true when the run has finished.
    pub fn record(&mut self, event: &Event) -> bool {
        match event {
            Event::Progress { .. } | Event::ChallengeFinished { .. } => {}
            Event::ChallengeStarted { challenge } => self.challenges.push((*challenge, Vec::new())),
            Event::HintFinished { outcome, .. } => {
                if let Some((_, outcomes)) = self.challenges.last_mut() {
                    outcomes.push((**outcome).clone());
                }
            }
            Event::Finished { summary } => {
                self.summary = Some(*summary);
                return true;
            }
        }
        false
    }
}

/// The hint text without markdown, for formats that show plain text.
pub fn plain_text(markdown: &str) -> String {
    let plain = crate::parse::markdown::plain(&crate::parse::markdown::render(markdown));
    super::visible_line(&plain.replace('\n', " ")).into_owned()
}

/// Expected, actual, location and requests of a hint that did not pass, one per line.
pub fn details(outcome: &Outcome) -> String {
    let mut lines = Vec::new();
    if let Some(expected) = &outcome.expected {
        lines.push(format!("expected: {expected}"));
    }
    if let Some(actual) = &outcome.actual {
        lines.push(format!("actual:   {actual}"));
    }
    if let Some((file, line, col)) = &outcome.location {
        lines.push(format!("at {}:{line}:{col}", file.display()));
    }
    for exchange in &outcome.exchanges {
        let status = exchange.status.map_or("-".to_string(), |s| s.to_string());
        let error = exchange
            .error
            .as_deref()
            .map_or(String::new(), |e| format!(" ({e})"));
        lines.push(format!(
            "{} {} {status}{error}",
            exchange.method, exchange.url
        ));
    }
    super::visible(&lines.join("\n")).into_owned()
}
