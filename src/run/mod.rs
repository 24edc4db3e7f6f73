//! Executes a plan: each hint's real JavaScript in its own engine, against the learner's app.
//! Emits events and never prints; reporters decide what a person or a machine sees.

mod cancel;
mod engine;
pub mod http;
mod web;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::plan::Plan;
pub use engine::{SyntaxChecker, SyntaxError, Verdict as Status};

/// How a run is bounded and what hint code may reach.
#[derive(Debug, Clone)]
pub struct Config {
    /// Deadline for one hint, set-up included.
    pub timeout: Duration,
    pub memory_limit: usize,
    pub stack_limit: usize,
    /// Hosts that hint code may reach besides the graded app's own.
    pub allow_hosts: Vec<String>,
    pub max_body: usize,
    /// Accept TLS certificates that are not trusted (self-signed ones, for example).
    pub insecure: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timeout: Duration::from_secs(20),
            memory_limit: 256 << 20,
            // Well below the 2 MiB of a spawned thread and the 8 MiB of the main thread.
            stack_limit: 1 << 20,
            allow_hosts: Vec::new(),
            max_body: 10 << 20,
            insecure: false,
        }
    }
}

/// The result of one hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: Status,
    pub message: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// Where in the challenge file the failure was raised: the file, line and column.
    pub location: Option<(PathBuf, u32, u32)>,
    pub console: Vec<String>,
    pub exchanges: Vec<http::Exchange>,
    pub duration: Duration,
}

/// Counts by status, for the whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub errored: usize,
    pub timed_out: usize,
    pub duration: Duration,
    /// The run was stopped by Ctrl-C or SIGTERM before every hint ran.
    pub interrupted: bool,
}

impl Summary {
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.errored + self.timed_out
    }

    pub fn all_passed(&self) -> bool {
        self.total() == self.passed
    }

    fn count(&mut self, status: Status) {
        match status {
            Status::Passed => self.passed += 1,
            Status::Failed => self.failed += 1,
            Status::Errored => self.errored += 1,
            Status::TimedOut => self.timed_out += 1,
        }
    }
}

/// What happens during a run, in order. Indices point into the plan's challenges and hints.
#[derive(Debug, Clone)]
pub enum Event {
    ChallengeStarted {
        challenge: usize,
    },
    HintFinished {
        challenge: usize,
        hint: usize,
        outcome: Outcome,
    },
    ChallengeFinished {
        challenge: usize,
    },
    Finished {
        summary: Summary,
    },
}

/// Runs every hint of the plan in order. `Err` means the grader itself could not work (a bad URL,
/// no async runtime); a hint that fails is an outcome, not an error.
pub fn execute(
    plan: &Plan,
    config: &Config,
    emit: &mut dyn FnMut(Event),
) -> Result<Summary, String> {
    let host = graded_host(&plan.url)?;
    let mut allowed = vec![host];
    allowed.extend(config.allow_hosts.iter().cloned());
    let policy = http::Policy {
        allowed_hosts: allowed,
        max_body: config.max_body,
        insecure: config.insecure,
    };
    let client = http::Client::new(policy, config.timeout.min(Duration::from_secs(10)))?;
    let cancel = cancel::Cancel::install()?;
    let limits = engine::Limits {
        timeout: config.timeout,
        memory: config.memory_limit,
        stack: config.stack_limit,
        cancelled: cancel.flag(),
    };
    let prelude = engine::Prelude::compile()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the async runtime: {e}"))?;
    let started = Instant::now();
    let mut summary = Summary::default();
    runtime.block_on(async {
        'challenges: for (c, challenge) in plan.challenges.iter().enumerate() {
            emit(Event::ChallengeStarted { challenge: c });
            for (h, hint) in challenge.hints.iter().enumerate() {
                let hint_started = Instant::now();
                let run =
                    engine::run_hint(&prelude, &client, limits.clone(), &plan.url, &hint.code);
                let raw = tokio::select! {
                    raw = run => raw,
                    () = cancel.requested() => {
                        summary.interrupted = true;
                        emit(Event::ChallengeFinished { challenge: c });
                        break 'challenges;
                    }
                };
                if cancel.is_requested() {
                    // The hint was cut short by the interrupt, not by its own doing.
                    summary.interrupted = true;
                    emit(Event::ChallengeFinished { challenge: c });
                    break 'challenges;
                }
                let location = raw
                    .position
                    .map(|(line, col)| (hint.file.clone(), hint.code_line + line - 1, col));
                let outcome = Outcome {
                    status: raw.verdict,
                    message: raw.message,
                    expected: raw.expected,
                    actual: raw.actual,
                    location,
                    console: raw.console,
                    exchanges: raw.exchanges,
                    duration: hint_started.elapsed(),
                };
                summary.count(outcome.status);
                emit(Event::HintFinished {
                    challenge: c,
                    hint: h,
                    outcome,
                });
            }
            emit(Event::ChallengeFinished { challenge: c });
        }
    });
    // A name lookup runs on a blocking thread that cannot be cancelled; do not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(100));
    summary.duration = started.elapsed();
    emit(Event::Finished { summary });
    Ok(summary)
}

/// The host of the graded URL, which hint code may always reach.
fn graded_host(url: &str) -> Result<String, String> {
    let parts = web::parse(url, None).map_err(|_| format!("`{url}` is not a valid URL"))?;
    if !matches!(parts.protocol.as_str(), "http:" | "https:") {
        return Err(format!("`{url}` is not an http or https URL"));
    }
    if parts.hostname.is_empty() {
        return Err(format!("`{url}` has no host"));
    }
    Ok(parts
        .hostname
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string())
}
