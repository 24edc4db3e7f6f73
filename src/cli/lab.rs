//! The flags of `grade lab`, and the request they become.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::values::{at_least_one, cpus, parse_size, seconds, LanguageParser};
use super::{LabRequest, Request};
use crate::catalog::Language;
use crate::report::{ColorChoice, ReportFile, Reports, ValidationFormat};
use crate::run;

#[derive(Debug, Args)]
pub(super) struct LabArgs {
    /// The lab manifest (TOML): each reference app, how it starts, the challenges it solves,
    /// its mutants and the findings allowed
    #[arg(value_name = "MANIFEST")]
    manifest: PathBuf,
    /// The curriculum folder [default: the manifest's `challenges`; without either, the
    /// challenges the manifest names are fetched from freeCodeCamp's curriculum]
    #[arg(long, value_name = "DIR")]
    challenges: Option<PathBuf>,
    #[command(flatten)]
    curriculum: super::CurriculumArgs,
    /// Languages to run besides English: folder names or codes, repeated or comma-separated
    #[arg(long, value_name = "LANG", value_delimiter = ',', value_parser = LanguageParser { curriculum: true })]
    lang: Vec<&'static Language>,
    /// Every language the challenges are translated into
    #[arg(long, conflicts_with = "lang")]
    all_languages: bool,
    /// Rounds of every hint on each reference app; a verdict that changes is `flaky`
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = at_least_one)]
    rounds: usize,
    /// Only these apps of the manifest, by name (repeatable)
    #[arg(long = "app", value_name = "NAME")]
    apps: Vec<String>,
    /// App instances run at once, each on its own port; most of their time is spent waiting
    /// on the apps [default: twice the number of CPUs, from 2 to 8]
    #[arg(short, long, value_name = "N", value_parser = at_least_one)]
    jobs: Option<usize>,
    /// Output format: `human` on stderr, a `json` document or `github` annotations on stdout
    #[arg(long, value_enum, default_value_t = ValidationFormat::Human)]
    format: ValidationFormat,
    /// Also write the matrix as one self-contained HTML page to FILE
    #[arg(long, value_name = "FILE")]
    report_html: Option<PathBuf>,
    /// Also write the JSON document (findings and the whole matrix) to FILE
    #[arg(long, value_name = "FILE")]
    report_json: Option<PathBuf>,
    /// Seconds each hint may take [default: 20]
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    timeout: Option<f64>,
    /// Seconds an app may take to answer once started
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    ready_timeout: f64,
    /// Another host that hint code may reach besides the app: `HOST` or `HOST:PORT`
    /// (repeatable)
    #[arg(long, value_name = "HOST[:PORT]")]
    allow_host: Vec<String>,
    /// Memory for the hints running at once, shared by them (at least 32MiB each)
    #[arg(long, value_name = "SIZE", default_value = "256MiB")]
    memory: String,
    /// When to use colors
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

impl LabArgs {
    pub(super) fn request(self) -> Result<Request, String> {
        let memory_limit = parse_size(&self.memory)?;
        if memory_limit < run::MIN_WORKER_MEMORY {
            return Err(format!(
                "--memory {} is too little: hints need at least {} MiB",
                self.memory,
                run::MIN_WORKER_MEMORY >> 20
            ));
        }
        Ok(Request::Lab(Box::new(LabRequest {
            manifest: self.manifest,
            challenges: self.challenges,
            remote: self.curriculum.remote()?,
            languages: self.lang,
            all_languages: self.all_languages,
            rounds: self.rounds,
            apps: self.apps,
            // The instances mostly wait on their apps, so more run at once than there are CPUs.
            jobs: self.jobs.unwrap_or_else(|| (2 * cpus()).clamp(2, 8)),
            format: self.format,
            reports: Reports::claim([
                (ReportFile::Html, self.report_html),
                (ReportFile::Json, self.report_json),
            ])?,
            ready_timeout: Duration::from_secs_f64(self.ready_timeout),
            color: self.color,
            run: run::Config {
                timeout: Duration::from_secs_f64(self.timeout.unwrap_or(20.0)),
                allow_hosts: super::grading::allowed_hosts(&self.allow_host)?,
                memory_limit,
                ..run::Config::default()
            },
        })))
    }
}
