//! Executes a plan: each hint's real JavaScript in a worker process, in a fresh engine, against
//! the learner's app. Emits events and never prints; reporters decide what a person or a machine
//! sees.

mod budget;
mod cancel;
pub use cancel::Cancel;
mod engine;
pub mod http;
mod pool;
mod sandbox;
mod web;
mod wire;
mod worker;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::plan::{Plan, PlannedHint};
pub use engine::{SyntaxChecker, SyntaxError, Verdict as Status, INTERVAL_CLEARED};
pub use http::Prober;
pub use worker::{is_worker, serve as serve_worker};

/// How a run is bounded and what hint code may reach.
#[derive(Debug, Clone)]
pub struct Config {
    /// Deadline for one hint, set-up included.
    pub timeout: Duration,
    /// Memory for hints, shared evenly by the jobs: each worker's hints get their share.
    pub memory_limit: usize,
    pub stack_limit: usize,
    /// Hosts (`HOST` or `HOST:PORT`) that hint code may reach besides the graded origin.
    pub allow_hosts: Vec<String>,
    pub max_body: usize,
    /// Accept TLS certificates that are not trusted (self-signed ones, for example).
    pub insecure: bool,
    /// Challenges graded at once, each on its own thread with its own worker.
    pub jobs: usize,
    /// How many more times a hint that did not pass is run; one that then passes is flaky.
    pub retries: u32,
    /// Stop at the first hint that does not pass.
    pub fail_fast: bool,
    /// Send requests from this origin, as freeCodeCamp's browser does, and warn about answers
    /// that browser could not read; `None` turns that off.
    pub cors_origin: Option<String>,
    /// What requests say in `Accept-Language`.
    pub accept_language: String,
    /// The program run as a hint worker; the running `grade` binary when `None`.
    pub worker_program: Option<PathBuf>,
    /// Whose runner to grade as.
    pub profile: Profile,
    /// Bounds the hints run at once against one host, across runs that share it.
    pub gate: Option<std::sync::Arc<HostGate>>,
}

/// At most `limit` hints at once against one host (its scheme, name and port), however many
/// runs share the gate: a class graded in parallel must not flood the app of two learners who
/// share a server.
#[derive(Debug)]
pub struct HostGate {
    limit: usize,
    busy: std::sync::Mutex<std::collections::HashMap<String, usize>>,
    freed: std::sync::Condvar,
    /// The most hints ever at once against one host.
    highest: AtomicUsize,
}

/// A place taken at a host; dropping it gives the place back.
pub struct Admitted<'a> {
    gate: &'a HostGate,
    host: String,
}

impl HostGate {
    pub fn new(limit: usize) -> HostGate {
        HostGate {
            limit: limit.max(1),
            busy: std::sync::Mutex::default(),
            freed: std::sync::Condvar::new(),
            highest: AtomicUsize::new(0),
        }
    }

    /// The key of `url`'s host, as the gate counts.
    pub fn host_of(url: &str) -> String {
        match graded_origin(url) {
            Ok(origin) => format!(
                "{}://{}:{}",
                origin.scheme.as_deref().unwrap_or(""),
                origin.host,
                origin.port.unwrap_or(0)
            ),
            Err(_) => url.to_string(),
        }
    }

    /// Waits for a place at `host`; `None` when `stop()` turns true first.
    pub fn enter(&self, host: &str, stop: &dyn Fn() -> bool) -> Option<Admitted<'_>> {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if stop() {
                return None;
            }
            let taken = busy.entry(host.to_string()).or_default();
            if *taken < self.limit {
                *taken += 1;
                self.highest.fetch_max(*taken, Ordering::SeqCst);
                return Some(Admitted {
                    gate: self,
                    host: host.to_string(),
                });
            }
            busy = self
                .freed
                .wait_timeout(busy, Duration::from_millis(50))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The most hints that were ever at once against one host.
    pub fn highest(&self) -> usize {
        self.highest.load(Ordering::SeqCst)
    }
}

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        let mut busy = self.gate.busy.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(taken) = busy.get_mut(&self.host) {
            *taken = taken.saturating_sub(1);
            if *taken == 0 {
                busy.remove(&self.host);
            }
        }
        self.gate.freed.notify_all();
    }
}

/// Whose runner hints are graded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// A real browser session: cookies kept, `--timeout` per hint, CORS problems noted; a hint
    /// that passes only thanks to what freeCodeCamp's runner lacks is flagged.
    #[default]
    Local,
    /// As freeCodeCamp's site runs hints: 5 s each, no cookies, an answer its page could not
    /// read (CORS) never reaches the hint, which fails.
    FreeCodeCamp,
}

impl Profile {
    /// The name `--profile` takes, also the JSON document's `profile`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Local => "local",
            Profile::FreeCodeCamp => "freecodecamp",
        }
    }
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
            accept_language: "en-US,en;q=0.9".to_string(),
            worker_program: None,
            profile: Profile::Local,
            gate: None,
        }
    }
}

/// How long freeCodeCamp's site lets a hint run.
pub const FREECODECAMP_HINT_LIMIT: Duration = Duration::from_secs(5);

/// The smallest share of memory a worker's hints get, however many jobs there are.
const MIN_WORKER_MEMORY: usize = 48 << 20;

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
    /// Requests made after the first ones, which are kept whole, only counted.
    pub omitted_requests: u64,
    /// What the runtime did on the hint's behalf, such as clearing an interval it left running.
    pub notes: Vec<String>,
    /// From the first attempt to the verdict, retries included.
    pub duration: Duration,
    /// How many times the hint ran; more than one with `passed` means flaky.
    pub attempts: u32,
    /// Answers a browser on freeCodeCamp's site would be blocked from reading.
    pub cors: Vec<String>,
    /// Why a hint that passed would not pass on freeCodeCamp's site (local profile only).
    pub site: Vec<SiteRisk>,
    /// Known mistakes that explain the outcome; filled between the runner and the reporters.
    pub diagnoses: Vec<crate::diagnose::Diagnosis>,
}

/// What a hint relied on that freeCodeCamp's runner does not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteRisk {
    /// The hint passed sending a cookie (the first request that did) and fails without; the
    /// site's runner sends none.
    Cookie(String),
    /// The hint took longer than the site's 5 s.
    Slow(Duration),
    /// An answer the site's page could not read (the finding).
    Cors(String),
}

impl SiteRisk {
    pub fn kind(&self) -> &'static str {
        match self {
            SiteRisk::Cookie(_) => "cookie",
            SiteRisk::Slow(_) => "slow",
            SiteRisk::Cors(_) => "cors",
        }
    }
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
        outcome: Box<Outcome>,
    },
    ChallengeFinished {
        challenge: usize,
    },
    Finished {
        summary: Summary,
    },
}

/// Runs every hint of the plan: challenges on `config.jobs` threads, each with its own hint
/// worker, the hints of a challenge in order. Events come out in catalog order whatever the
/// number of threads. `Err` means the grader itself could not work (a bad URL, no worker); a
/// hint that fails is an outcome.
pub fn execute(
    plan: &Plan,
    config: &Config,
    emit: &mut dyn FnMut(Event),
) -> Result<Summary, String> {
    let cancel = cancel::Cancel::install()?;
    let started = Instant::now();
    let jobs = config.jobs.clamp(1, plan.challenges.len().max(1));
    let share = (config.memory_limit / jobs)
        .max(MIN_WORKER_MEMORY)
        .min(config.memory_limit);
    let shared = Shared {
        plan,
        config,
        reach: Reach::of(&plan.url, config)?,
        setup: wire::Setup {
            insecure: config.insecure,
            memory: share as u64,
            stack: config.stack_limit as u64,
        },
        program: match &config.worker_program {
            Some(program) => program.clone(),
            None => std::env::current_exe()
                .map_err(|e| format!("could not find the grade program to run hints: {e}"))?,
        },
        cancel: &cancel,
        // A run right after another (a script grading in a loop) must not repeat the last names
        // of the one before: the first hint that reads the clock waits as if one had just ended.
        clock: std::sync::Mutex::new(SystemTime::now()),
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    };
    let total_hints = plan.hint_count();
    let mut summary = Summary::default();
    let mut failure = None;
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..jobs {
            let sender = sender.clone();
            let shared = &shared;
            scope.spawn(move || {
                if let Err(message) = job(shared, &sender) {
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
        for host in &config.allow_hosts {
            allowed.push(http::Allowed::from_flag(host).map_err(|e| format!("--allow-host: {e}"))?);
        }
        let mut names: Vec<(String, Vec<std::net::SocketAddr>)> = Vec::new();
        for place in &allowed {
            if names.iter().any(|(n, _)| *n == place.host) {
                continue;
            }
            let addresses = http::resolve(&place.host, 0, Duration::from_secs(5));
            names.push((place.host.clone(), addresses));
        }
        Ok(Reach {
            policy: http::Policy {
                allowed,
                max_body: config.max_body,
                cors_origin: config.cors_origin.clone(),
                accept_language: config.accept_language.clone(),
                cookies: config.profile == Profile::Local,
                strict_cors: config.profile == Profile::FreeCodeCamp,
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
    /// The next challenge to take.
    next: AtomicUsize,
    /// Set by `--fail-fast` after a failure, or when a job could not start.
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
            outcome: Box::new(outcome),
        });
    }
    emit(Event::ChallengeFinished { challenge: index });
}

/// One job: a thread and the worker it hands hints to, taking challenges until there are none
/// left.
fn job(shared: &Shared, sender: &mpsc::Sender<Message>) -> Result<(), String> {
    let mut worker: Option<pool::Worker> = None;
    let stopped = || shared.cancel.is_requested() || shared.stop.load(Ordering::SeqCst);
    while !stopped() {
        let index = shared.next.fetch_add(1, Ordering::SeqCst);
        let Some(challenge) = shared.plan.challenges.get(index) else {
            break;
        };
        let mut outcomes = Vec::new();
        for hint in &challenge.hints {
            let Some(outcome) = run_with_retries(shared, &mut worker, hint)? else {
                break;
            };
            let failed = outcome.status != Status::Passed;
            outcomes.push(outcome);
            let _ = sender.send(Message::HintDone);
            if stopped() || (failed && shared.config.fail_fast) {
                break;
            }
        }
        let _ = sender.send(Message::Done(index, ChallengeResult { outcomes }));
    }
    Ok(())
}

/// Runs a hint, again up to `--retries` times while it does not pass; `None` when the run was
/// interrupted meanwhile.
fn run_with_retries(
    shared: &Shared,
    worker: &mut Option<pool::Worker>,
    hint: &PlannedHint,
) -> Result<Option<Outcome>, String> {
    let started = Instant::now();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let attempt_started = Instant::now();
        let Some(raw) = run_once(shared, worker, hint, true)? else {
            return Ok(None);
        };
        let took = attempt_started.elapsed();
        if raw.verdict == Status::Passed || attempts > shared.config.retries {
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
            };
            // A hint that passed sending a cookie is run once more without any: only if it
            // then fails did it pass thanks to the cookie, which the site's runner never sends.
            let mut needed_cookie = None;
            if let (Profile::Local, Status::Passed, Some(request)) =
                (shared.config.profile, outcome.status, raw.cookie_sent)
            {
                let Some(without) = run_once(shared, worker, hint, false)? else {
                    return Ok(None);
                };
                if without.verdict != Status::Passed {
                    needed_cookie = Some(request);
                }
            }
            as_on_the_site(&mut outcome, shared.config.profile, needed_cookie, took);
            return Ok(Some(outcome));
        }
    }
}

/// What freeCodeCamp's runner makes of an outcome: under its profile, an answer its page could
/// not read fails the hint (there the request never comes back, and the hint waits out its 5 s);
/// otherwise a hint that passed is flagged for what it relied on that the site does not give.
fn as_on_the_site(
    outcome: &mut Outcome,
    profile: Profile,
    needed_cookie: Option<String>,
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
            }
        }
        Profile::Local if outcome.status == Status::Passed => {
            if let Some(request) = needed_cookie {
                outcome.site.push(SiteRisk::Cookie(request));
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
    cookies: bool,
) -> Result<Option<engine::EngineOutcome>, String> {
    let running = match worker {
        Some(running) => running,
        None => worker.insert(pool::Worker::start(&shared.program, &shared.setup)?),
    };
    let _clock = reads_the_clock(&hint.code).then(|| pace(shared));
    let stop = || shared.cancel.is_requested();
    let _admitted = match &shared.config.gate {
        Some(gate) => match gate.enter(&HostGate::host_of(&shared.plan.url), &stop) {
            Some(admitted) => Some(admitted),
            None => return Ok(None),
        },
        None => None,
    };
    let mut policy = shared.reach.policy.clone();
    policy.cookies &= cookies;
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
        pool::Waited::Reported(outcome) => outcome,
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

/// The step of the clock that hints build "unique" names from: `Date.now()`, some cut to a tenth
/// of a second (the exercise tracker's `fcc_test_${Date.now()}`.substring(0, 29) keeps 11 of
/// its 13 digits). On the site each hint pays a round trip to a distant host; on loopback
/// several would run within one tenth and make the same name.
const CLOCK_SPACING: Duration = Duration::from_millis(100);

/// Whether hint code reads the clock.
fn reads_the_clock(code: &str) -> bool {
    code.contains("Date.now") || code.contains("new Date") || code.contains("Date()")
}

/// Hints that read the clock run one at a time, across all jobs, each starting in a later tenth
/// of a second of the clock (`CLOCK_SPACING`, counted from the epoch as `Date.now()` is) than
/// the one in which the previous one ended: every clock reading of one then falls in a later
/// tenth than every reading of the one before, so even names cut to tenths differ, and
/// `Date.now()` stays true. A hint that ran for a while leaves only the rest of its last tenth
/// to wait; one that ends at once still waits nearly a whole tenth. The guard is held while the
/// hint runs; dropping it records when it ended.
fn pace<'a>(shared: &'a Shared) -> Paced<'a> {
    let last = shared.clock.lock().unwrap_or_else(|e| e.into_inner());
    let wait = next_tenth(*last)
        .duration_since(SystemTime::now())
        .unwrap_or_default()
        // A clock set back while grading must not hold the run for as long.
        .min(CLOCK_SPACING);
    let ready = Instant::now() + wait;
    while Instant::now() < ready && !shared.cancel.is_requested() {
        let left = ready.saturating_duration_since(Instant::now());
        std::thread::sleep(left.min(Duration::from_millis(20)));
    }
    Paced(last)
}

/// The start of the tenth of a second after the one `at` falls in.
fn next_tenth(at: SystemTime) -> SystemTime {
    let step = CLOCK_SPACING.as_millis();
    let millis = at
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let next = (millis / step + 1) * step;
    UNIX_EPOCH + Duration::from_millis(u64::try_from(next).unwrap_or(u64::MAX))
}

/// Holds the clock for one hint; see [`pace`].
struct Paced<'a>(std::sync::MutexGuard<'a, SystemTime>);

impl Drop for Paced<'_> {
    fn drop(&mut self) {
        *self.0 = SystemTime::now();
    }
}

/// Checks that `url` can be graded: http or https, with a host, without credentials.
pub fn check_url(url: &str) -> Result<(), String> {
    graded_origin(url).map(|_| ())
}

/// The origin of the graded URL, which hint code may always reach.
fn graded_origin(url: &str) -> Result<http::Allowed, String> {
    let parts = web::parse(url, None).map_err(|_| format!("`{url}` is not a valid URL"))?;
    if !matches!(parts.protocol.as_str(), "http:" | "https:") {
        return Err(format!("`{url}` is not an http or https URL"));
    }
    if parts.hostname.is_empty() {
        return Err(format!("`{url}` has no host"));
    }
    if !parts.username.is_empty() || !parts.password.is_empty() {
        return Err(format!(
            "`{url}` includes credentials (user:password@), which browsers refuse to send this way"
        ));
    }
    http::Allowed::origin_of(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_tenth_starts_after_the_one_a_time_falls_in() {
        let at = |ms| UNIX_EPOCH + Duration::from_millis(ms);
        assert_eq!(next_tenth(at(1_700_000_001_234)), at(1_700_000_001_300));
        // A time on a boundary is in the tenth it opens.
        assert_eq!(next_tenth(at(1_700_000_001_300)), at(1_700_000_001_400));
        assert_eq!(next_tenth(at(1_700_000_001_399)), at(1_700_000_001_400));
    }
}
