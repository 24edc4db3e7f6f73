//! Executes a plan: each hint's real JavaScript in its own engine, against the learner's app.
//! Emits events and never prints; reporters decide what a person or a machine sees.

mod cancel;
pub use cancel::Cancel;
mod engine;
pub mod http;
mod web;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::plan::{Plan, PlannedHint};
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
    /// Challenges graded at once, each on its own thread.
    pub jobs: usize,
    /// How many more times a hint that did not pass is run; one that then passes is flaky.
    pub retries: u32,
    /// Stop at the first hint that does not pass.
    pub fail_fast: bool,
    /// Send requests from this origin, as freeCodeCamp's browser does, and warn about answers
    /// that browser could not read; `None` turns that off.
    pub cors_origin: Option<String>,
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
            jobs: 1,
            retries: 0,
            fail_fast: false,
            cors_origin: Some(FREECODECAMP_ORIGIN.to_string()),
        }
    }
}

/// Where freeCodeCamp's pages, and so learners' submissions, come from.
pub const FREECODECAMP_ORIGIN: &str = "https://www.freecodecamp.org";

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
    /// From the first attempt to the verdict, retries included.
    pub duration: Duration,
    /// How many times the hint ran; more than one with `passed` means flaky.
    pub attempts: u32,
    /// Answers a browser on freeCodeCamp's site would be blocked from reading.
    pub cors: Vec<String>,
}

impl Outcome {
    /// Passed, but only after failing first.
    pub fn is_flaky(&self) -> bool {
        self.status == Status::Passed && self.attempts > 1
    }
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

    pub fn count(&mut self, status: Status) {
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
    /// A hint finished somewhere; sent as it happens, ahead of its challenge's ordered events.
    Progress {
        finished_hints: usize,
        total_hints: usize,
    },
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

/// Runs every hint of the plan: challenges on `config.jobs` threads, the hints of a challenge in
/// order. Events come out in catalog order whatever the number of threads. `Err` means the
/// grader itself could not work (a bad URL, no async runtime); a hint that fails is an outcome.
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
        cors_origin: config.cors_origin.clone(),
    };
    let cancel = cancel::Cancel::install()?;
    let started = Instant::now();
    let jobs = config.jobs.clamp(1, plan.challenges.len().max(1));
    let total_hints = plan.hint_count();
    let shared = Shared {
        plan,
        config,
        policy: &policy,
        cancel: &cancel,
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    };
    let mut summary = Summary::default();
    let mut failure = None;
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..jobs {
            let sender = sender.clone();
            let shared = &shared;
            scope.spawn(move || {
                if let Err(message) = worker(shared, &sender) {
                    let _ = sender.send(Message::Failed(message));
                }
            });
        }
        drop(sender);
        // Results arrive in any order; they are released in catalog order.
        let mut waiting: BTreeMap<usize, ChallengeResult> = BTreeMap::new();
        let mut next = 0;
        let mut finished_hints = 0;
        for message in receiver {
            match message {
                Message::HintDone => {
                    finished_hints += 1;
                    emit(Event::Progress {
                        finished_hints,
                        total_hints,
                    });
                }
                Message::Failed(message) => {
                    failure.get_or_insert(message);
                    shared.stop.store(true, Ordering::SeqCst);
                }
                Message::Done(index, result) => {
                    waiting.insert(index, result);
                    while let Some(result) = waiting.remove(&next) {
                        release(next, result, &shared, &mut summary, emit);
                        next += 1;
                    }
                }
            }
        }
        // After an interrupt some challenges never ran; release what did, in order.
        for (index, result) in std::mem::take(&mut waiting) {
            release(index, result, &shared, &mut summary, emit);
        }
    });
    if let Some(message) = failure {
        return Err(message);
    }
    summary.interrupted |= cancel.is_requested();
    summary.duration = started.elapsed();
    emit(Event::Finished { summary });
    Ok(summary)
}

/// What every worker thread shares.
struct Shared<'a> {
    plan: &'a Plan,
    config: &'a Config,
    policy: &'a http::Policy,
    cancel: &'a cancel::Cancel,
    /// The next challenge to take.
    next: AtomicUsize,
    /// Set by `--fail-fast` after a failure, or when a worker could not start.
    stop: AtomicBool,
}

enum Message {
    HintDone,
    Done(usize, ChallengeResult),
    Failed(String),
}

/// The outcomes of one challenge's hints, in order; fewer than planned when the run stopped.
struct ChallengeResult {
    outcomes: Vec<Outcome>,
}

fn release(
    index: usize,
    result: ChallengeResult,
    shared: &Shared,
    summary: &mut Summary,
    emit: &mut dyn FnMut(Event),
) {
    if shared.config.fail_fast && summary.total() > summary.passed {
        // An earlier challenge failed: what ran after it in parallel is not reported.
        return;
    }
    emit(Event::ChallengeStarted { challenge: index });
    for (hint, outcome) in result.outcomes.into_iter().enumerate() {
        summary.count(outcome.status);
        if outcome.status != Status::Passed && shared.config.fail_fast {
            shared.stop.store(true, Ordering::SeqCst);
        }
        emit(Event::HintFinished {
            challenge: index,
            hint,
            outcome,
        });
    }
    emit(Event::ChallengeFinished { challenge: index });
}

/// One thread: its own async runtime, engine prelude and HTTP client (none of them can be
/// shared between threads), taking challenges until there are none left.
fn worker(shared: &Shared, sender: &mpsc::Sender<Message>) -> Result<(), String> {
    let config = shared.config;
    let client = http::Client::new(
        shared.policy.clone(),
        config.timeout.min(Duration::from_secs(10)),
    )?;
    let prelude = engine::Prelude::compile()?;
    let limits = engine::Limits {
        timeout: config.timeout,
        memory: config.memory_limit,
        stack: config.stack_limit,
        cancelled: shared.cancel.flag(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the async runtime: {e}"))?;
    let stopped = || shared.cancel.is_requested() || shared.stop.load(Ordering::SeqCst);
    while !stopped() {
        let index = shared.next.fetch_add(1, Ordering::SeqCst);
        let Some(challenge) = shared.plan.challenges.get(index) else {
            break;
        };
        let mut outcomes = Vec::new();
        runtime.block_on(async {
            for hint in &challenge.hints {
                let Some(outcome) =
                    run_with_retries(shared, &prelude, &client, &limits, hint).await
                else {
                    break;
                };
                let failed = outcome.status != Status::Passed;
                outcomes.push(outcome);
                let _ = sender.send(Message::HintDone);
                if stopped() || (failed && config.fail_fast) {
                    break;
                }
            }
        });
        let _ = sender.send(Message::Done(index, ChallengeResult { outcomes }));
    }
    // A name lookup runs on a blocking thread that cannot be cancelled; do not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(100));
    Ok(())
}

/// Runs a hint, again up to `--retries` times while it does not pass; `None` when the run was
/// interrupted meanwhile.
async fn run_with_retries(
    shared: &Shared<'_>,
    prelude: &engine::Prelude,
    client: &http::Client,
    limits: &engine::Limits,
    hint: &PlannedHint,
) -> Option<Outcome> {
    let started = Instant::now();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let run = engine::run_hint(
            prelude,
            client,
            limits.clone(),
            &shared.plan.url,
            &hint.code,
        );
        let raw = tokio::select! {
            raw = run => raw,
            () = shared.cancel.requested() => return None,
        };
        // A hint cut short by the interrupt says nothing about the app.
        if shared.cancel.is_requested() {
            return None;
        }
        if raw.verdict == Status::Passed || attempts > shared.config.retries {
            let location = raw
                .position
                .map(|(line, col)| (hint.file.clone(), hint.code_line + line - 1, col));
            return Some(Outcome {
                status: raw.verdict,
                message: raw.message,
                expected: raw.expected,
                actual: raw.actual,
                location,
                console: raw.console,
                exchanges: raw.exchanges,
                duration: started.elapsed(),
                attempts,
                cors: raw.cors,
            });
        }
    }
}

/// Asks whether an app answers yet, for `--start` and `--wait`.
pub struct Prober {
    runtime: tokio::runtime::Runtime,
    client: http::Client,
}

impl Prober {
    pub fn new(insecure: bool) -> Result<Prober, String> {
        let policy = http::Policy {
            allowed_hosts: Vec::new(),
            max_body: 0,
            insecure,
            cors_origin: None,
        };
        let client = http::Client::new(policy, Duration::from_secs(5))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("could not start the async runtime: {e}"))?;
        Ok(Prober { runtime, client })
    }

    /// The status `url` answers with, or why it did not answer within `timeout`.
    pub fn answers(&self, url: &str, timeout: Duration) -> Result<u16, String> {
        self.runtime.block_on(async {
            match tokio::time::timeout(timeout, self.client.probe(url)).await {
                Ok(result) => result,
                Err(_) => Err(format!(
                    "no answer from {url} within {} s",
                    timeout.as_secs_f64()
                )),
            }
        })
    }
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
