//! The flags of `grade lab`, and the request they become.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::values::{at_least_one, cpus, parse_size, seconds, LanguageParser};
use super::{LabRequest, Request};
use crate::catalog::Language;
use crate::diagnostic::Rule;
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
    /// An older version of the curriculum: every hint also runs there, and a cell whose verdict
    /// differs between the versions is `changed-between-versions`
    #[arg(long, value_name = "OLD_DIR")]
    baseline: Option<PathBuf>,
    /// The older version's name in findings, such as a git ref [default: OLD_DIR's folder name]
    #[arg(long, value_name = "NAME", requires = "baseline")]
    baseline_name: Option<String>,
    /// One finding per cell (app and language) instead of one per challenge, hint, rule and
    /// verdict
    #[arg(long)]
    ungrouped: bool,
    /// Only findings of this rule (repeatable)
    #[arg(long = "rule", value_name = "RULE", value_parser = lab_rule)]
    rules: Vec<Rule>,
    /// Known findings, as `--write-accept` writes them: they are counted apart and do not fail
    /// the lab
    #[arg(long, value_name = "FILE")]
    accept: Option<PathBuf>,
    /// Write every finding of this run to FILE, for `--accept`
    #[arg(long, value_name = "FILE")]
    write_accept: Option<PathBuf>,
    /// The ports the app instances may use, such as 41000-41999 [default: any free port]
    #[arg(long, value_name = "A-B", value_parser = port_range)]
    ports: Option<(u16, u16)>,
    /// When to use colors
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// A rule of `grade lab` by its id.
fn lab_rule(text: &str) -> Result<Rule, String> {
    Rule::lab_from_id(text).ok_or_else(|| {
        let ids: Vec<&str> = Rule::LAB.iter().map(|r| r.id()).collect();
        format!(
            "no finding of the lab is called `{text}`; they are {}",
            ids.join(", ")
        )
    })
}

/// `A-B`, two ports with A <= B.
fn port_range(text: &str) -> Result<(u16, u16), String> {
    let wrong = || format!("`{text}` is not a range of ports such as 41000-41999");
    let (a, b) = text.split_once('-').ok_or_else(wrong)?;
    let (a, b): (u16, u16) = match (a.trim().parse(), b.trim().parse()) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return Err(wrong()),
    };
    if a == 0 || a > b {
        return Err(wrong());
    }
    Ok((a, b))
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
                (ReportFile::Accept, self.write_accept.clone()),
            ])?,
            ready_timeout: Duration::from_secs_f64(self.ready_timeout),
            color: self.color,
            baseline: self.baseline,
            baseline_name: self.baseline_name,
            ungrouped: self.ungrouped,
            rules: self.rules,
            accept: self.accept,
            write_accept: self.write_accept,
            ports: self.ports,
            run: run::Config {
                timeout: Duration::from_secs_f64(self.timeout.unwrap_or(20.0)),
                allow_hosts: super::grading::allowed_hosts(&self.allow_host)?,
                memory_limit,
                ..run::Config::default()
            },
        })))
    }
}
