//! What the user asked for, in the library's terms: plain data the commands take.

use std::path::PathBuf;
use std::time::Duration;

use crate::catalog::Language;
use crate::diagnostic::Rule;
use crate::report::{ColorChoice, Format, GradebookFormat, Reports, ValidationFormat, Verbosity};
use crate::run;
use crate::validate::Level;

pub use crate::error::Exit;

/// What the user asked for, in the library's terms.
#[derive(Debug, Clone)]
pub enum Request {
    Grade(Box<GradeRequest>),
    List {
        source: Source,
        json: bool,
        /// freeCodeCamp's challenges by name instead of the catalog.
        freecodecamp: bool,
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
    Pull(PullRequest),
    Completions(clap_complete::Shell),
    Man(Option<String>),
}

/// `grade pull`: freeCodeCamp's challenges fetched into the cache, and into a folder.
#[derive(Debug, Clone)]
pub struct PullRequest {
    pub challenges: Vec<String>,
    /// Translations fetched besides English.
    pub languages: Vec<&'static Language>,
    pub to: Option<PathBuf>,
    pub remote: crate::curriculum::Remote,
    pub color: ColorChoice,
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
    /// Results of another class sharing ids are continued as this class's.
    pub same_class: bool,
    /// The longest a log goes without a progress line.
    pub log_every: std::time::Duration,
    pub jobs: usize,
    /// The gradebooks: `--report-csv`, `--report-json`, `--report-html`.
    pub reports: Reports,
    pub run: run::Config,
}

#[derive(Debug, Clone)]
pub struct MergeRequest {
    pub files: Vec<PathBuf>,
    /// Two results for one learner and challenge are an error.
    pub strict: bool,
    /// Results of classes sharing ids are joined as one class.
    pub same_class: bool,
    /// The language of the HTML gradebook's words.
    pub language: &'static Language,
    /// What goes to stdout when no report file is named.
    pub stdout: GradebookFormat,
    /// The gradebooks: `--report-csv`, `--report-json`, `--report-html`.
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
    /// Where freeCodeCamp's challenges named on the command line come from.
    pub remote: crate::curriculum::Remote,
}

#[derive(Debug, Clone)]
pub struct GradeRequest {
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
    /// `--report-junit`, `--report-json`, `--report-html`.
    pub reports: Reports,
    /// The flags that decide verdicts, as they were given, for the re-run line.
    pub grading_flags: Vec<String>,
    pub run: run::Config,
}

/// `grade lab`: the manifest, where the challenges are, and how the lab runs.
#[derive(Debug, Clone)]
pub struct LabRequest {
    pub manifest: PathBuf,
    pub challenges: Option<PathBuf>,
    /// Where the challenges come from when neither `--challenges` nor the manifest says.
    pub remote: crate::curriculum::Remote,
    /// Languages besides English; every translation with `all_languages`.
    pub languages: Vec<&'static Language>,
    pub all_languages: bool,
    pub rounds: usize,
    /// Only these apps, by name; all when empty.
    pub apps: Vec<String>,
    pub jobs: usize,
    pub format: ValidationFormat,
    /// The matrix as HTML (`--report-html`) and the findings as JSON (`--report-json`).
    pub reports: Reports,
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
