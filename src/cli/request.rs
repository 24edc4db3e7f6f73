//! What the user asked for, in the library's terms: plain data the commands take.

use std::path::PathBuf;
use std::time::Duration;

use crate::catalog::Language;
use crate::diagnostic::Rule;
use crate::report::{ColorChoice, Format, ValidationFormat, Verbosity};
use crate::run;
use crate::validate::Level;

/// The process exit codes; documented in `--help` and README.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Passed = 0,
    Failed = 1,
    /// A usage or input error, or an output that could not be written.
    InputError = 2,
    /// The app did not start or did not answer.
    AppUnavailable = 3,
    Interrupted = 130,
}

/// What the user asked for, in the library's terms.
#[derive(Debug, Clone)]
pub enum Request {
    Grade(Box<GradeRequest>),
    List {
        source: Source,
        json: bool,
    },
    Show {
        source: Source,
        challenge: String,
        part: ShowPart,
    },
    Validate(ValidateRequest),
    Batch(Box<BatchRequest>),
    Merge(MergeRequest),
    Lab(Box<LabRequest>),
    Completions(clap_complete::Shell),
    Man(Option<String>),
}

/// What `grade show` prints of a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShowPart {
    /// Its description and hints, in the chosen language.
    Text,
    /// Its markdown file as it is.
    Source,
    /// The code of one hint, counted from 1.
    Code(usize),
}

/// Where a gradebook is written.
#[derive(Debug, Clone, Default)]
pub struct Reports {
    pub csv: Option<PathBuf>,
    pub json: Option<PathBuf>,
    pub html: Option<PathBuf>,
}

impl Reports {
    /// Whether any gradebook file is asked for.
    pub fn any(&self) -> bool {
        self.csv.is_some() || self.json.is_some() || self.html.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct BatchRequest {
    pub roster: PathBuf,
    pub selection: Vec<String>,
    pub source: Source,
    pub results: PathBuf,
    pub resume: bool,
    /// Learners (by key or name) to grade again.
    pub only: Vec<String>,
    pub retry_unreachable: bool,
    pub partition: Option<(usize, usize)>,
    pub per_host: usize,
    pub jobs: usize,
    pub reports: Reports,
    pub run: run::Config,
}

#[derive(Debug, Clone)]
pub struct MergeRequest {
    pub files: Vec<PathBuf>,
    /// Two results for one learner and challenge are an error.
    pub strict: bool,
    /// The language of the HTML gradebook's words.
    pub language: &'static Language,
    /// What goes to stdout when no report file is named.
    pub stdout: &'static str,
    pub reports: Reports,
}

#[derive(Debug, Clone)]
pub struct ValidateRequest {
    pub paths: Vec<PathBuf>,
    pub format: ValidationFormat,
    /// Levels given to single rules, in the order given.
    pub levels: Vec<(Rule, Level)>,
    pub deny_warnings: bool,
    pub changed_since: Option<String>,
    pub list_untranslated: bool,
    pub list_rules: bool,
    pub jobs: usize,
    pub color: ColorChoice,
}

/// Where challenges come from and in which language they are shown.
#[derive(Debug, Clone)]
pub struct Source {
    pub challenges: Option<PathBuf>,
    pub language: &'static Language,
    pub color: ColorChoice,
}

#[derive(Debug, Clone)]
pub struct GradeRequest {
    pub report_html: Option<PathBuf>,
    /// With `--watch`: the folder whose changes start another round.
    pub watch: Option<PathBuf>,
    pub source: Source,
    pub verbosity: Verbosity,
    /// The app's URL; with `--start` and no URL, a free loopback port is chosen.
    pub url: Option<String>,
    pub start: Option<String>,
    pub wait: bool,
    pub ready_timeout: Duration,
    pub selection: Vec<String>,
    pub format: Format,
    pub report_junit: Option<PathBuf>,
    pub report_json: Option<PathBuf>,
    /// The flags that decide verdicts, as they were given, for the re-run line.
    pub grading_words: Vec<String>,
    pub run: run::Config,
}

/// `grade lab`: the manifest, where the challenges are, and how the lab runs.
#[derive(Debug, Clone)]
pub struct LabRequest {
    pub manifest: PathBuf,
    pub challenges: Option<PathBuf>,
    /// Languages besides English; every translation with `all_languages`.
    pub languages: Vec<&'static Language>,
    pub all_languages: bool,
    pub rounds: usize,
    /// Only these apps, by name; all when empty.
    pub apps: Vec<String>,
    pub jobs: usize,
    pub format: ValidationFormat,
    pub report_html: Option<PathBuf>,
    pub report_json: Option<PathBuf>,
    pub ready_timeout: Duration,
    pub color: ColorChoice,
    /// An older curriculum to run the same hints in, and its name in findings.
    pub baseline: Option<PathBuf>,
    pub baseline_name: Option<String>,
    /// One finding per cell rather than per challenge, hint, rule and verdict.
    pub ungrouped: bool,
    /// Only findings of these rules; all when empty.
    pub rules: Vec<Rule>,
    /// Known findings, counted apart; and where to write this run's.
    pub accept: Option<PathBuf>,
    pub write_accept: Option<PathBuf>,
    /// The ports instances may use, inclusive.
    pub ports: Option<(u16, u16)>,
    pub run: run::Config,
}
