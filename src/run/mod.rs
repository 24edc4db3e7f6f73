//! Executes a plan: each hint's real JavaScript in a worker process, in a fresh engine, against
//! the learner's app. Emits events and never prints; reporters decide what a person or a machine
//! sees. This file runs the jobs through the ordered pool (`ordered`), which releases their
//! results in order; `outcome` holds what a run produces, `gate` bounds the hints at once per
//! host, `pace` spaces the hints that read the clock.

mod budget;
mod cancel;
pub use cancel::Cancel;
mod engine;
mod gate;
pub mod http;
mod ordered;
mod outcome;
pub use ordered::{workers_within, Pool, Step, MIN_WORKER_MEMORY};
mod pace;
mod pool;
mod sandbox;
mod web;
pub use web::AppUrl;
mod wire;
mod worker;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::error::Error;
use crate::plan::{Plan, PlannedHint};
pub use engine::{SyntaxChecker, SyntaxError, Verdict as Status, INTERVAL_CLEARED};
pub use gate::{Admitted, HostGate};
pub use http::Prober;
pub use outcome::{
    Config, Event, Outcome, Profile, SiteRisk, Summary, FREECODECAMP_HINT_LIMIT,
    FREECODECAMP_ORIGIN,
};
use pace::{pace, reads_the_clock};
pub use wire::decode_untrusted as decode_untrusted_frames;
pub use worker::{is_worker, serve as serve_worker};

/// Runs every hint of the plan: challenges on `config.jobs` threads, each with its own hint
/// worker, the hints of a challenge in order. Events come out in catalog order whatever the
/// number of threads. `Err` means the grader itself could not work (a bad URL, no worker); a
/// hint that fails is an outcome.
pub fn execute(
    plan: &Plan,
    config: &Config,
    emit: &mut dyn FnMut(Event),
) -> Result<Summary, Error> {
    let cancel = cancel::Cancel::install()?;
    let started = Instant::now();
    // The run's memory is shared by its workers, so the whole process tree stays within it.
    let (pool, share) =
        Pool::within_memory(config.memory_limit, config.jobs, plan.challenges.len());
    let shared = Shared {
        plan,
        config,
        reach: Reach::of(&plan.url, config)?,
        setup: wire::Setup {
            insecure: config.insecure,
            system_roots: http::system_roots_for(&plan.url),
            memory: share as u64,
            stack: config.stack_limit as u64,
        },
        program: match &config.worker_program {
            Some(program) => program.clone(),
            None => std::env::current_exe().map_err(|e| {
                Error::Internal(format!(
                    "could not find the grade program to run hints: {e}"
                ))
            })?,
        },
        cancel: &cancel,
        // A run right after another (a script grading in a loop) must not repeat the last names
        // of the one before: the first hint that reads the clock waits as if one had just ended.
        clock: std::sync::Mutex::new(SystemTime::now()),
        stop: AtomicBool::new(false),
    };
    let total_hints = plan.hint_count();
    let mut summary = Summary::default();
    let mut finished_hints = 0;
    // Challenges run in any order; their results are released in catalog order.
    pool.run(
        plan.challenges.len(),
        &|| shared.stopped(),
        || Ok(None),
        |worker, index, hint_done| {
            run_challenge(&shared, worker, index, hint_done)
                // The others stop too: a run without workers is no run.
                .inspect_err(|_| shared.stop.store(true, Ordering::SeqCst))
        },
        &mut |step| match step {
            Step::Note(()) => {
                finished_hints += 1;
                emit(Event::Progress {
                    finished_hints,
                    total_hints,
                });
            }
            Step::Done(index, result) => release(index, result, &shared, &mut summary, emit),
            Step::Quiet => {}
        },
    )?;
    summary.interrupted |= cancel.is_requested();
    summary.halted = config
        .halt
        .as_ref()
        .is_some_and(|h| h.load(Ordering::SeqCst));
    summary.duration = started.elapsed();
    emit(Event::Finished { summary });
    Ok(summary)
}

/// Where hint code may go: the graded origin and the allowed hosts, with the addresses their
/// names resolve to, looked up once for the run.
struct Reach {
    policy: http::Policy,
    names: Vec<(String, Vec<std::net::SocketAddr>)>,
}

impl Reach {
    fn of(url: &str, config: &Config) -> Result<Reach, String> {
        let origin = graded_origin(url)?;
        let mut allowed = vec![origin];
        allowed.extend(config.allow_hosts.iter().cloned());
        let mut names: Vec<(String, Vec<std::net::SocketAddr>)> = Vec::new();
        // The proxies' names are resolved here too, and they may be at any address.
        let proxies = http::Proxies::from_env()?.hosts();
        let hosts = allowed.iter().map(|a| a.host.clone());
        let led_to = config.led_to.iter().filter_map(|u| graded_origin(u).ok());
        for host in hosts
            .chain(proxies.iter().cloned())
            .chain(led_to.map(|a| a.host))
        {
            if names.iter().any(|(n, _)| *n == host) {
                continue;
            }
            let addresses = http::resolve(&host, 0, Duration::from_secs(5));
            names.push((host, addresses));
        }
        // The private addresses of the app, of the allowed hosts and of the proxies, never
        // those of a host the app only redirects to.
        let local = names
            .iter()
            .filter(|(n, _)| allowed.iter().any(|a| a.host == *n) || proxies.contains(n))
            .flat_map(|(_, addresses)| addresses.iter().map(std::net::SocketAddr::ip))
            .filter(|ip| http::non_public(*ip).is_some())
            .collect();
        Ok(Reach {
            policy: http::Policy {
                allowed,
                max_body: config.max_body,
                cors_origin: config.cors_origin.clone(),
                accept_language: config.accept_language.clone(),
                cookies: config.profile == Profile::Local,
                strict_cors: config.profile == Profile::FreeCodeCamp,
                local: http::Local(local),
            },
            names,
        })
    }
}

/// What every job thread shares.
struct Shared<'a> {
    plan: &'a Plan,
    config: &'a Config,
    reach: Reach,
    setup: wire::Setup,
    program: PathBuf,
    cancel: &'a cancel::Cancel,
    /// When the last hint that reads the clock ended, by the clock hints read; see [`pace`].
    clock: std::sync::Mutex<SystemTime>,
    /// Set by `--fail-fast` after a failure, or when a job could not start.
    stop: AtomicBool,
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
            outcome: Box::new(outcome),
        });
    }
    emit(Event::ChallengeFinished { challenge: index });
}

impl Shared<'_> {
    /// Whether no further hint is to run: Ctrl-C, `--fail-fast`, a job that could not start, or
    /// the app grade started ended.
    fn stopped(&self) -> bool {
        let halted = self
            .config
            .halt
            .as_ref()
            .is_some_and(|h| h.load(Ordering::SeqCst));
        self.cancel.is_requested() || self.stop.load(Ordering::SeqCst) || halted
    }
}

/// One challenge's hints, in order, handed to the job's worker (started when there is none).
fn run_challenge(
    shared: &Shared,
    worker: &mut Option<pool::Worker>,
    index: usize,
    hint_done: &dyn Fn(()),
) -> Result<ChallengeResult, Error> {
    let mut outcomes = Vec::new();
    for hint in &shared.plan.challenges[index].hints {
        // No hint goes to a started app that has ended.
        if app_ended(shared.config) {
            break;
        }
        let Some(outcome) = run_with_retries(shared, worker, hint)? else {
            break;
        };
        let failed = outcome.status != Status::Passed;
        outcomes.push(outcome);
        hint_done(());
        if shared.stopped() || (failed && shared.config.fail_fast) {
            break;
        }
    }
    Ok(ChallengeResult { outcomes })
}

/// Whether the app `grade` started has ended, checked now: then `halt` is set, and no further
/// hint starts.
fn app_ended(config: &Config) -> bool {
    let Some((pid, ports)) = &config.app else {
        return false;
    };
    let ended = crate::launch::has_ended(*pid, ports);
    if ended {
        if let Some(halt) = &config.halt {
            halt.store(true, Ordering::SeqCst);
        }
    }
    ended
}

/// Runs a hint, again up to `--retries` times while it does not pass; `None` when the run was
/// interrupted meanwhile.
fn run_with_retries(
    shared: &Shared,
    worker: &mut Option<pool::Worker>,
    hint: &PlannedHint,
) -> Result<Option<Outcome>, Error> {
    let started = Instant::now();
    let mut attempts = 0;
    // What went wrong the first time, kept for the report whatever the last attempt says.
    let mut first: Option<String> = None;
    loop {
        attempts += 1;
        let attempt_started = Instant::now();
        let Some(mut raw) = run_once(shared, worker, hint)? else {
            return Ok(None);
        };
        let took = attempt_started.elapsed();
        if raw.verdict != Status::Passed && attempts <= shared.config.retries {
            first.get_or_insert_with(|| {
                format!(
                    "attempt 1 {}: {}",
                    raw.verdict.name(),
                    raw.message.as_deref().unwrap_or("")
                )
            });
            // An app that said when to ask again (429 or 503 with Retry-After) is asked then,
            // within the hint's deadline.
            if let Some(wait) = retry_after(&raw.exchanges) {
                let until = Instant::now() + wait.min(shared.config.timeout);
                while Instant::now() < until && !shared.cancel.is_requested() {
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
            continue;
        }
        if let Some(first) = first.take() {
            raw.notes.insert(0, first);
        }
        let location = raw
            .position
            .map(|(line, col)| (hint.file.clone(), hint.code_line + line - 1, col));
        let mut outcome = Outcome {
            status: raw.verdict,
            message: raw.message,
            expected: raw.expected,
            actual: raw.actual,
            location,
            console: raw.console,
            exchanges: raw.exchanges,
            omitted_requests: raw.omitted_requests,
            notes: raw.notes,
            duration: started.elapsed(),
            attempts,
            cors: raw.cors,
            site: Vec::new(),
            diagnoses: Vec::new(),
            cors_blocked: false,
        };
        // What the hint relied on is read from what it sent and received; it is never run
        // again to find out, since a second run sends real requests to the app.
        as_on_the_site(&mut outcome, shared.config.profile, raw.cookie, took);
        return Ok(Some(outcome));
    }
}

/// How long the last answer of a failed attempt asked to wait before asking again: a 429 or
/// 503 with `Retry-After` in seconds.
fn retry_after(exchanges: &[http::Exchange]) -> Option<Duration> {
    let last = exchanges.iter().rev().find(|e| e.status.is_some())?;
    if !matches!(last.status, Some(429 | 503)) {
        return None;
    }
    let value = last
        .response_headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))?;
    value.1.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// What freeCodeCamp's runner makes of an outcome: under its profile, an answer its page could
/// not read fails the hint (there the request never comes back, and the hint waits out its 5 s);
/// otherwise a hint that passed is flagged for what it relied on that the site does not give.
fn as_on_the_site(
    outcome: &mut Outcome,
    profile: Profile,
    cookie: Option<http::CookieUse>,
    took: Duration,
) {
    match profile {
        Profile::FreeCodeCamp => {
            if let (Some(finding), false) =
                (outcome.cors.first(), outcome.status == Status::TimedOut)
            {
                outcome.status = Status::Failed;
                outcome.message = Some(format!(
                    "freeCodeCamp's page could not read an answer, so on the site this hint would wait until it timed out: {finding}"
                ));
                outcome.expected = None;
                outcome.actual = None;
                outcome.cors_blocked = true;
            }
        }
        Profile::Local if outcome.status == Status::Passed => {
            if let Some(cookie) = cookie {
                outcome.site.push(SiteRisk::Cookie(cookie));
            }
            if took > FREECODECAMP_HINT_LIMIT {
                outcome.site.push(SiteRisk::Slow(took));
            }
            if let Some(finding) = outcome.cors.first() {
                outcome.site.push(SiteRisk::Cors(finding.clone()));
            }
        }
        Profile::Local => {}
    }
}

/// Runs a hint once in the job's worker, starting one when there is none; `None` when the run
/// was interrupted.
fn run_once(
    shared: &Shared,
    worker: &mut Option<pool::Worker>,
    hint: &PlannedHint,
) -> Result<Option<engine::EngineOutcome>, Error> {
    let running = match worker {
        Some(running) => running,
        None => worker.insert(pool::Worker::start(&shared.program, &shared.setup)?),
    };
    let _clock = reads_the_clock(&hint.code).then(|| pace(&shared.clock, shared.cancel));
    let stop = || shared.cancel.is_requested();
    let _admitted = match &shared.config.gate {
        Some(gate) => match gate.enter(&HostGate::host_of(&shared.plan.url), &stop) {
            Some(admitted) => Some(admitted),
            None => return Ok(None),
        },
        None => None,
    };
    let policy = shared.reach.policy.clone();
    let assignment = wire::Assignment {
        url: shared.plan.url.clone(),
        code: hint.code.clone(),
        timeout: shared.config.timeout,
        policy,
        names: shared.reach.names.clone(),
    };
    let waited = running.run(&assignment, &|| shared.cancel.is_requested());
    // A hint cut short by the interrupt says nothing about the app.
    if shared.cancel.is_requested() {
        *worker = None;
        return Ok(None);
    }
    Ok(Some(match waited {
        pool::Waited::Reported(outcome) => *outcome,
        pool::Waited::Cancelled => {
            *worker = None;
            return Ok(None);
        }
        pool::Waited::Overran => {
            *worker = None;
            engine::EngineOutcome::new(
                Status::TimedOut,
                Some(format!(
                    "the hint did not finish within {} and was stopped (it was stuck inside a builtin function the engine cannot interrupt, such as an operation on a huge array)",
                    http::seconds(shared.config.timeout)
                )),
            )
        }
        pool::Waited::Crashed(message) => {
            *worker = None;
            engine::EngineOutcome::new(Status::Errored, Some(message))
        }
    }))
}

/// The origin of `url` (`scheme://host:port`, the port only when not the scheme's own), or
/// `None` for a URL without one.
pub fn origin_of(url: &str) -> Option<String> {
    web::parse(url, None)
        .ok()
        .map(|p| p.origin)
        .filter(|o| o != "null")
}

/// Whether `answered` is on another origin than `given` (scheme, host and port).
pub fn other_origin(given: &str, answered: &str) -> bool {
    match (web::parse(given, None), web::parse(answered, None)) {
        (Ok(given), Ok(answered)) => given.origin != answered.origin && answered.origin != "null",
        _ => false,
    }
}

/// The origin of the graded URL, which hint code may always reach.
fn graded_origin(url: &str) -> Result<http::Allowed, String> {
    let url = AppUrl::parse(url)?;
    http::Allowed::origin_of(url.as_str())
}
