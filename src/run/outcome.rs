//! What a run is given and what it produces: its configuration, the outcome of each hint, the
//! events in order, and the counts.

use std::path::PathBuf;
use std::time::Duration;

use super::http;
use super::{HostGate, Status};

/// How a run is bounded and what hint code may reach.
#[derive(Debug, Clone)]
pub struct Config {
    /// Deadline for one hint, set-up included.
    pub timeout: Duration,
    /// Memory for hints, shared evenly by the run's workers: each worker's hints get their share,
    /// and the shares together never exceed it.
    pub memory_limit: usize,
    pub stack_limit: usize,
    /// Hosts (`--allow-host HOST` or `HOST:PORT`, parsed once on the command line) that hint
    /// code may reach besides the graded origin.
    pub allow_hosts: Vec<super::http::Allowed>,
    /// URLs the app was seen to redirect to (where its `/` leads): their host names are
    /// resolved for the workers, which resolve nothing, so that redirects there are followed;
    /// hint code may not ask for them itself.
    pub led_to: Vec<String>,
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
    /// Set from outside when the app is gone (a `--start` app that ended): no further hint
    /// starts.
    pub halt: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// The first process of an app `grade` started, and the ports it listens on: checked,
    /// without waiting, before each hint is sent, so that no hint goes to an app that has ended
    /// (which then sets `halt`).
    pub app: Option<(u32, Vec<u16>)>,
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
            led_to: Vec::new(),
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
            halt: None,
            app: None,
        }
    }
}

/// How long freeCodeCamp's site lets a hint run.
pub const FREECODECAMP_HINT_LIMIT: Duration = Duration::from_secs(5);

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
    /// Under freeCodeCamp's profile: the hint failed because the site's page could not read an
    /// answer (no CORS headers), which is what the CORS diagnosis explains.
    pub cors_blocked: bool,
    /// Known mistakes that explain the outcome; filled between the runner and the reporters.
    pub diagnoses: Vec<crate::annotation::Diagnosis>,
}

/// What a hint relied on that freeCodeCamp's runner does not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteRisk {
    /// The hint relied on a cookie: one the app set and a later request sent back, or a
    /// Cookie header it wrote; the site's runner keeps no cookies and sends none.
    Cookie(http::CookieUse),
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

    /// What it was, in English, for documents and gradebooks.
    pub fn detail(&self) -> String {
        match self {
            SiteRisk::Cookie(cookie) => match (&cookie.name, &cookie.set_by) {
                (Some(name), Some(set_by)) => format!(
                    "the cookie `{name}` that the answer to {set_by} set, sent back with {}",
                    cookie.sent_with
                ),
                _ => format!(
                    "a Cookie header the hint wrote, sent with {}",
                    cookie.sent_with
                ),
            },
            SiteRisk::Slow(took) => format!("{} ms", took.as_millis()),
            SiteRisk::Cors(finding) => finding.clone(),
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
    /// The run was stopped because the app went away (`Config::halt`).
    pub halted: bool,
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
