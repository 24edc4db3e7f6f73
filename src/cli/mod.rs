//! The command line: clap definitions, and their conversion into the library's requests. The only
//! user of clap: this file defines the flags, `request` the requests they become, and `values`
//! reads the values flags take.

mod grading;
mod lab;
mod request;
mod values;

pub use request::{
    BatchRequest, Exit, GradeRequest, LabRequest, MergeRequest, PullRequest, Request, ShowPart,
    Source, ValidateRequest,
};
pub use values::parse_size;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalog::Language;
use crate::diagnostic::Rule;
use crate::report::{
    ColorChoice, Format, GradebookFormat, ReportFile, Reports, ValidationFormat, Verbosity,
};
use crate::run;
use crate::validate::Level;
use grading::Grading;
use values::{at_least_one, cpus, locale, partition, seconds, LanguageParser, RuleParser};

const EXIT_CODES: &str = "\
Exit codes:
  0  every hint passed (validate: no errors, and no warnings with --deny warnings; batch: every
     learner graded or recorded as unreachable)
  1  at least one hint failed, errored or timed out (validate: problems were found)
  2  usage or input error: a bad flag or URL, an unknown challenge, a broken challenge file, an
     output that could not be written (batch, merge: results of another class that shares ids)
  3  the app did not start or did not answer (--start, --wait)
  4  grade itself could not work: a hint worker could not start, or the installed package lacks
     its binary
  130  stopped by Ctrl-C or SIGTERM (the hints that ran are reported)";

/// Grades a learner's deployed web app against course challenges by running each hint's real
/// test code against it.
#[derive(Debug, Parser)]
#[command(
    name = "grade",
    version,
    args_conflicts_with_subcommands = true,
    disable_help_subcommand = true,
    allow_negative_numbers = true,
    after_help = EXIT_CODES,
    override_usage = "grade --url URL [CHALLENGE]...\n       grade list\n       grade show CHALLENGE\n       grade validate PATH...\n       grade batch ROSTER [CHALLENGE]...\n       grade merge FILE...\n       grade lab MANIFEST\n       grade pull CHALLENGE..."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    grade: GradeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the challenges found
    List {
        /// Output format: `human` or a `json` document, on stdout
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
        /// List the names of freeCodeCamp's back-end challenges and projects, which grade
        /// fetches when one is named, instead of the catalog
        #[arg(long, conflicts_with = "challenges")]
        freecodecamp: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Check challenge files, and translations against English, for curriculum maintainers
    Validate {
        /// Curriculum roots with language folders, language folders, or files
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format: `human` on stderr, a `json` document or `github` annotations on stdout
        #[arg(long, value_enum, default_value_t = ValidationFormat::Human)]
        format: ValidationFormat,
        /// Report RULE as an error; `--deny warnings` makes every warning an error
        #[arg(long, value_name = "RULE", value_parser = RuleParser { with_warnings: true })]
        deny: Vec<String>,
        /// Report RULE as a warning
        #[arg(long, value_name = "RULE", value_parser = RuleParser { with_warnings: false })]
        warn: Vec<String>,
        /// Do not report RULE at all
        #[arg(long, value_name = "RULE", value_parser = RuleParser { with_warnings: false })]
        allow: Vec<String>,
        /// Check only the files changed since the git reference REF (committed, staged, unstaged
        /// or new), with their counterparts in the other languages
        #[arg(long, value_name = "REF")]
        changed_since: Option<String>,
        /// Print a list on stdout: `untranslated` texts (the same as in English), or the `rules`
        #[arg(long, value_enum, value_name = "WHAT")]
        list: Option<ValidateList>,
        /// Files checked at once [default: the number of CPUs]
        #[arg(short, long, value_name = "N", value_parser = at_least_one)]
        jobs: Option<usize>,
        /// When to use colors
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Grade a whole class: every learner of ROSTER against the challenges, into a results file
    /// and a gradebook
    Batch {
        /// A CSV file whose header names the learner's column (`name`, `learner` or `student`)
        /// and the app's (`url` or `app`), optionally `id` and `lang`, and any other columns
        /// (kept for the gradebook); or a JSON array of such objects
        #[arg(value_name = "ROSTER")]
        roster: PathBuf,
        /// Challenges to grade: files, folders, ids, dashedNames or blocks, or freeCodeCamp's by
        /// name or page URL (`timestamp-microservice`) [default: every challenge of --challenges
        /// DIR]
        #[arg(value_name = "CHALLENGE")]
        challenges_to_grade: Vec<String>,
        /// Where each learner's result on each challenge is appended as it finishes
        #[arg(long, value_name = "FILE", default_value = "grade-results.ndjson")]
        results: PathBuf,
        /// Continue the results file: what it holds for this roster and these challenges is not
        /// graded again (learners and challenges joined on their key and id)
        #[arg(long)]
        resume: bool,
        /// Grade again only these learners (by id or name) into the results file; their newer
        /// results replace the older ones
        #[arg(long, value_name = "LEARNER", num_args = 1..)]
        only: Vec<String>,
        /// Grade again the learners the results file records as unreachable
        #[arg(long)]
        retry_unreachable: bool,
        /// Grade slice K of N of the roster (from 1), by learner; `grade merge` joins the slices
        #[arg(long, value_name = "K/N", value_parser = partition)]
        partition: Option<(usize, usize)>,
        /// Hints at once against one host (scheme, name and port), across learners
        #[arg(long, value_name = "N", default_value_t = 2, value_parser = at_least_one)]
        per_host: usize,
        /// Continue results of another class whose ids this roster shares: they are one class
        /// (refused otherwise)
        #[arg(long)]
        same_class: bool,
        /// Seconds between progress lines in a log; hidden, for the tests, which cannot wait
        /// the minute it is
        #[arg(long, value_name = "SECONDS", default_value_t = 60, hide = true)]
        log_every: u64,
        /// Learners graded at once
        #[arg(short, long, value_name = "N", default_value_t = 8, value_parser = at_least_one)]
        jobs: usize,
        #[command(flatten)]
        reports: GradebookReports,
        #[command(flatten)]
        grading: Grading,
        #[command(flatten)]
        common: Common,
    },
    /// Join results files (the slices of a partitioned batch) into one gradebook
    Merge {
        /// Results files written by `grade batch --results`
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The gradebook on stdout when no report file is named: `csv`, `json` or `html`
        #[arg(long, value_enum, default_value_t = GradebookFormat::Csv)]
        format: GradebookFormat,
        #[command(flatten)]
        reports: GradebookReports,
        /// Fail when results for the same learner and challenge disagree (two files, or a regrade
        /// in one), instead of keeping the newest graded one
        #[arg(long)]
        strict: bool,
        /// Join results of classes whose ids overlap: they are one class (refused otherwise,
        /// naming the ids they share)
        #[arg(long)]
        same_class: bool,
        /// Language of the HTML gradebook's words [default: from LC_ALL, LC_MESSAGES or LANG]
        #[arg(long, value_name = "LANG", value_parser = LanguageParser { curriculum: false })]
        lang: Option<&'static Language>,
    },
    /// Run every hint against reference apps, in every language, round after round, against
    /// their mutants and against an app that answers 404, to find the broken, weak, flaky and
    /// drifted hints, for curriculum maintainers
    Lab(lab::LabArgs),
    /// Fetch freeCodeCamp's challenges into the cache, or into a folder that `--challenges DIR`
    /// reads, for machines and classrooms without a network
    Pull {
        /// freeCodeCamp challenges: dashedNames, ids, blocks or challenge page URLs
        #[arg(value_name = "CHALLENGE", required = true)]
        challenges: Vec<String>,
        /// Also fetch this translation (a folder name or code); may be given more than once
        #[arg(long, value_name = "LANG", value_parser = LanguageParser { curriculum: false })]
        lang: Vec<&'static Language>,
        /// Fetch every translation there is
        #[arg(long, conflicts_with = "lang")]
        all_languages: bool,
        /// Also write the files to DIR as `DIR/<language>/<block>/<id>.md`
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        #[command(flatten)]
        curriculum: CurriculumArgs,
        /// When to use colors
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Print a shell completion script: `grade completions bash > /etc/bash_completion.d/grade`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page, generated from these definitions: `grade man > grade.1`, and
    /// `grade man validate > grade-validate.1` for a subcommand's
    Man {
        /// The subcommand whose page to print: list, show, validate, batch, merge, lab, completions
        /// or man
        #[arg(value_name = "SUBCOMMAND")]
        subcommand: Option<String>,
    },
    /// Print one challenge's description and hints
    Show {
        /// An id, a dashedName or a file
        challenge: String,
        /// Print the challenge's markdown file as it is instead
        #[arg(long, conflicts_with = "code")]
        source: bool,
        /// Print the JavaScript code of hint N (from 1) instead
        #[arg(long, value_name = "N", value_parser = at_least_one)]
        code: Option<usize>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Args, Clone, Default)]
struct GradebookReports {
    /// Write the gradebook as CSV: a row per learner, passed and total per challenge (`not
    /// submitted` counts as 0), totals over every challenge; ids as they are, free text never
    /// read as a formula
    #[arg(long, value_name = "FILE")]
    report_csv: Option<PathBuf>,
    /// Write the gradebook as JSON, with every learner's hints
    #[arg(long, value_name = "FILE")]
    report_json: Option<PathBuf>,
    /// Write the gradebook as one self-contained HTML page
    #[arg(long, value_name = "FILE")]
    report_html: Option<PathBuf>,
    /// Write the grades as Canvas imports them: Student, ID, SIS User ID, SIS Login ID, Section,
    /// a column per challenge (points: hints passed) and a Points Possible row
    #[arg(long, value_name = "FILE")]
    report_canvas: Option<PathBuf>,
    /// Write the grades as Moodle's CSV grade import reads them: the roster's email (or ID
    /// number) and a numeric column per challenge (hints passed)
    #[arg(long, value_name = "FILE")]
    report_moodle: Option<PathBuf>,
}

/// The profile asked for, and the hint timeout: the one given, else the profile's own.
fn profile_and_timeout(profile: run::Profile, timeout: Option<f64>) -> (run::Profile, Duration) {
    let timeout = match (timeout, profile) {
        (Some(seconds), _) => Duration::from_secs_f64(seconds),
        (None, run::Profile::FreeCodeCamp) => run::FREECODECAMP_HINT_LIMIT,
        (None, run::Profile::Local) => Duration::from_secs(20),
    };
    (profile, timeout)
}

#[derive(Debug, Args)]
struct Common {
    /// Read challenges from this curriculum folder instead of the built-in catalog
    #[arg(long, value_name = "DIR")]
    challenges: Option<PathBuf>,
    /// Language of the hint texts: a folder name or code such as `german`, `de`, `pt-BR`
    /// [default: from LC_ALL, LC_MESSAGES or LANG]
    #[arg(long, value_name = "LANG", value_parser = LanguageParser { curriculum: false })]
    lang: Option<&'static Language>,
    /// When to use colors
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(flatten)]
    curriculum: CurriculumArgs,
}

/// Where freeCodeCamp's challenges named on the command line come from.
#[derive(Debug, Args, Clone, Default)]
struct CurriculumArgs {
    /// Fetch freeCodeCamp's challenges from this server of raw files, laid out as
    /// URL/OWNER/REPO/REF/PATH (a school's mirror) [default: https://raw.githubusercontent.com]
    #[arg(long, value_name = "URL", env = "GRADE_CURRICULUM_SOURCE")]
    curriculum_source: Option<String>,
    /// The branch, tag or commit of freeCodeCamp's curriculum to grade against [default: main]
    #[arg(long, value_name = "REF")]
    curriculum_ref: Option<String>,
    /// Ask the source again for challenge files cached within the day
    #[arg(long, conflicts_with = "offline")]
    refresh: bool,
    /// Never fetch: grade with the challenge files already cached (`grade pull` fills a folder
    /// for machines without a network)
    #[arg(long)]
    offline: bool,
}

impl CurriculumArgs {
    fn remote(&self) -> Result<crate::curriculum::Remote, String> {
        use crate::curriculum::{Remote, DEFAULT_REF, DEFAULT_SOURCE};
        let mut remote = Remote::new(
            self.curriculum_source.as_deref().unwrap_or(DEFAULT_SOURCE),
            self.curriculum_ref.as_deref().unwrap_or(DEFAULT_REF),
        )?;
        remote.refresh = self.refresh;
        remote.offline = self.offline;
        Ok(remote)
    }

    /// The flags as given, for a line that runs grade again the same way.
    fn words(&self) -> Vec<String> {
        let mut words = Vec::new();
        // A source set in the environment is still set when the line is run.
        let from_environment = std::env::var("GRADE_CURRICULUM_SOURCE").ok();
        if let Some(source) = self
            .curriculum_source
            .as_ref()
            .filter(|s| from_environment.as_ref() != Some(*s))
        {
            words.extend(["--curriculum-source".to_string(), source.clone()]);
        }
        if let Some(reference) = &self.curriculum_ref {
            words.extend(["--curriculum-ref".to_string(), reference.clone()]);
        }
        if self.offline {
            words.push("--offline".to_string());
        }
        words
    }
}

#[derive(Debug, Args)]
struct GradeArgs {
    /// The learner's app, for example https://my-app.example
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Start the app with this shell command (`PORT` is set), grade it, then stop it
    #[arg(long, value_name = "CMD")]
    start: Option<String>,
    /// Before grading, wait until the URL answers, for apps on hosts that sleep
    #[arg(long)]
    wait: bool,
    /// Seconds to wait for the app to answer, with `--start` or `--wait`
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = seconds)]
    ready_timeout: f64,
    /// Challenges to grade: files, folders, ids, dashedNames or blocks, or freeCodeCamp's by name
    /// or page URL (`timestamp-microservice`) [default: every challenge of --challenges DIR]
    #[arg(value_name = "CHALLENGE")]
    challenges_to_grade: Vec<String>,
    /// Output format: `human` on stderr; on stdout a `json` or `junit` document, a `tap` stream,
    /// or `github` annotations after the human output (both on stdout)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also write a JUnit XML report to FILE
    #[arg(long, value_name = "FILE")]
    report_junit: Option<PathBuf>,
    /// Also write the JSON report to FILE
    #[arg(long, value_name = "FILE")]
    report_json: Option<PathBuf>,
    /// Also write the results as one self-contained HTML page to FILE
    #[arg(long, value_name = "FILE")]
    report_html: Option<PathBuf>,
    /// Grade again whenever a file changes: restart the `--start` app, then run the challenges
    /// that did not pass first; Ctrl-C ends it
    #[arg(long)]
    watch: bool,
    /// The folder `--watch` watches (node_modules, .git and build folders are ignored)
    #[arg(long, value_name = "DIR", default_value = ".", requires = "watch")]
    watch_dir: PathBuf,
    /// Challenges graded at once; the output keeps the catalog order [default: the number of CPUs]
    #[arg(short, long, value_name = "N", value_parser = at_least_one)]
    jobs: Option<usize>,
    /// Stop at the first hint that does not pass
    #[arg(long)]
    fail_fast: bool,
    /// Show every hint's requests, and for hints that did not pass their headers and the first
    /// 2 KiB of each body
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
    /// Print only the hints that did not pass, and the summary
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    grading: Grading,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ValidateList {
    Untranslated,
    Rules,
}

impl GradebookReports {
    fn claim(self) -> Result<Reports, String> {
        Reports::claim([
            (ReportFile::Csv, self.report_csv),
            (ReportFile::Json, self.report_json),
            (ReportFile::Html, self.report_html),
            (ReportFile::Canvas, self.report_canvas),
            (ReportFile::Moodle, self.report_moodle),
        ])
    }
}

/// Writes the completion script for `shell`.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    use clap::CommandFactory;
    // Rendered into memory first: the generator panics when its output is closed early.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "grade", &mut script);
    let _ = out.write_all(&script);
}

/// Writes a man page in roff: `grade`'s, or a subcommand's (`grade-validate`), which is what the
/// main page's SEE ALSO names.
pub fn write_man(subcommand: Option<&str>, out: &mut dyn std::io::Write) -> Result<(), String> {
    use clap::CommandFactory;
    let command = Cli::command();
    let page_of = match subcommand {
        None => command,
        Some(name) => {
            let found = command.find_subcommand(name).cloned().ok_or_else(|| {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                format!(
                    "`{name}` is not a subcommand of grade\nhelp: use one of {}",
                    names.join(", ")
                )
            })?;
            found.name(format!("grade-{name}"))
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(page_of)
        .render(&mut page)
        .map_err(|e| format!("could not write the man page: {e}"))?;
    out.write_all(&page)
        .map_err(|e| format!("could not write the man page: {e}"))
}

/// Parses the process arguments; on a usage error clap prints it and exits with code 2.
pub fn parse() -> Result<Request, String> {
    Cli::parse().into_request()
}

impl Cli {
    pub fn into_request(self) -> Result<Request, String> {
        match self.command {
            Some(Command::List {
                format,
                freecodecamp,
                common,
            }) => Ok(Request::List {
                source: common.source(&[])?,
                json: matches!(format, ListFormat::Json),
                freecodecamp,
            }),
            Some(Command::Show {
                challenge,
                source,
                code,
                common,
            }) => Ok(Request::Show {
                source: common.source(std::slice::from_ref(&challenge))?,
                challenge,
                part: match (source, code) {
                    (true, _) => ShowPart::Source,
                    (_, Some(n)) => ShowPart::Code(n),
                    _ => ShowPart::Text,
                },
            }),
            Some(Command::Batch {
                roster,
                challenges_to_grade,
                results,
                resume,
                only,
                retry_unreachable,
                partition,
                per_host,
                same_class,
                log_every,
                jobs,
                reports,
                grading,
                common,
            }) => {
                let source = common.source(&challenges_to_grade)?;
                let run = grading.config(source.language, jobs)?;
                let reports = reports
                    .claim()?
                    .spare("the results file (--results)", &results)?;
                Ok(Request::Batch(Box::new(BatchRequest {
                    roster,
                    selection: challenges_to_grade,
                    source,
                    results,
                    resume,
                    only,
                    retry_unreachable,
                    partition,
                    per_host,
                    same_class,
                    log_every: Duration::from_secs(log_every.max(1)),
                    jobs,
                    reports,
                    run,
                })))
            }
            Some(Command::Merge {
                files,
                format,
                reports,
                strict,
                same_class,
                lang,
            }) => {
                let mut reports = reports.claim()?;
                for file in &files {
                    reports = reports.spare("a results file it reads", file)?;
                }
                Ok(Request::Merge(MergeRequest {
                    files,
                    strict,
                    same_class,
                    language: spoken_or_locale(lang),
                    stdout: format,
                    reports,
                }))
            }
            Some(Command::Lab(args)) => args.request(),
            Some(Command::Pull {
                challenges,
                lang,
                all_languages,
                to,
                curriculum,
                color,
            }) => {
                let mut languages: Vec<&'static Language> = lang;
                // A localized page URL brings its language along.
                languages.extend(
                    challenges
                        .iter()
                        .filter_map(|c| crate::curriculum::names::page(c)?.ok()?.language),
                );
                if all_languages {
                    languages = crate::curriculum::translations().collect();
                }
                Ok(Request::Pull(PullRequest {
                    challenges,
                    languages,
                    to,
                    remote: curriculum.remote()?,
                    color,
                }))
            }
            Some(Command::Completions { shell }) => Ok(Request::Completions(shell)),
            Some(Command::Man { subcommand }) => Ok(Request::Man(subcommand)),
            Some(Command::Validate {
                paths,
                format,
                deny,
                warn,
                allow,
                changed_since,
                list,
                jobs,
                color,
            }) => {
                if paths.is_empty() && list != Some(ValidateList::Rules) {
                    return Err(
                        "`grade validate` needs a PATH: a curriculum, a language folder or a file"
                            .to_string(),
                    );
                }
                // Later flags win over earlier ones for the same rule, as the user reads them.
                let mut levels = Vec::new();
                let mut deny_warnings = false;
                for (ids, level) in [
                    (&allow, Level::Allow),
                    (&warn, Level::Warn),
                    (&deny, Level::Deny),
                ] {
                    for id in ids {
                        match Rule::from_id(id) {
                            Some(rule) => levels.push((rule, level)),
                            None => deny_warnings = true,
                        }
                    }
                }
                Ok(Request::Validate(ValidateRequest {
                    paths,
                    format,
                    levels,
                    deny_warnings,
                    changed_since,
                    list_untranslated: list == Some(ValidateList::Untranslated),
                    list_rules: list == Some(ValidateList::Rules),
                    jobs: jobs.unwrap_or_else(cpus),
                    color,
                }))
            }
            None => self.grade.request(),
        }
    }
}

impl Common {
    /// Where challenges come from; the language is `--lang`, else that of a localized challenge
    /// page named among `challenges`, else the locale's.
    fn source(&self, challenges: &[String]) -> Result<Source, String> {
        let from_page = || {
            challenges
                .iter()
                .filter_map(|c| crate::curriculum::names::page(c)?.ok()?.language)
                .find(|l| crate::report::speaks(l))
        };
        Ok(Source {
            challenges: self.challenges.clone(),
            language: spoken_or_locale(self.lang.or_else(from_page)),
            color: self.color,
            remote: self.curriculum.remote()?,
        })
    }
}

/// The language asked for, else the locale's when the output speaks it, else English.
fn spoken_or_locale(asked: Option<&'static Language>) -> &'static Language {
    asked.unwrap_or_else(|| {
        let found = Language::from_locale(&locale());
        if crate::report::speaks(found) {
            found
        } else {
            crate::catalog::ENGLISH
        }
    })
}

impl GradeArgs {
    fn request(self) -> Result<Request, String> {
        if self.url.is_none() && self.start.is_none() {
            return Err("`--url URL` is required to grade\nhelp: for example `grade --url http://localhost:3000`, or `--start \"npm start\"` to start the app".into());
        }
        let source = self.common.source(&self.challenges_to_grade)?;
        if self.watch && self.format != Format::Human {
            return Err("`--watch` shows its rounds in the human output; leave out --format, or use --report-json FILE for a document of each round".into());
        }
        // The language decides which hint code runs: the re-run line repeats it whenever it is
        // not the English a shell without a locale would get.
        let mut grading_flags = Vec::new();
        if self.common.lang.is_some() || source.language.code != "en" {
            grading_flags.extend(["--lang".to_string(), source.language.code.to_string()]);
        }
        grading_flags.extend(self.grading.flags());
        grading_flags.extend(self.common.curriculum.words());
        let jobs = self.jobs.unwrap_or_else(cpus);
        let run = run::Config {
            jobs,
            fail_fast: self.fail_fast,
            ..self.grading.config(source.language, jobs)?
        };
        Ok(Request::Grade(Box::new(GradeRequest {
            source,
            verbosity: match (self.quiet, self.verbose) {
                (true, _) => Verbosity::Quiet,
                (_, true) => Verbosity::Verbose,
                _ => Verbosity::Normal,
            },
            url: self.url,
            start: self.start,
            wait: self.wait,
            ready_timeout: Duration::from_secs_f64(self.ready_timeout),
            selection: self.challenges_to_grade,
            format: self.format,
            reports: Reports::claim([
                (ReportFile::Junit, self.report_junit),
                (ReportFile::Json, self.report_json),
                (ReportFile::Html, self.report_html),
            ])?,
            watch: self.watch.then_some(self.watch_dir),
            grading_flags,
            run,
        })))
    }
}
