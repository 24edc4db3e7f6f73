//! The flags that decide how hints run, shared by `grade` and `grade batch`.

use clap::Args;

use super::profile_and_timeout;
use super::values::{parse_size, seconds};
use crate::catalog::Language;
use crate::run;

/// The flags that decide how hints run, and so their verdicts; `grade` and `grade batch` take
/// them alike, and the re-run line repeats them.
#[derive(Debug, Args)]
pub(super) struct Grading {
    /// Seconds each hint may take, start-up included [default: 20, or 5 with --profile
    /// freecodecamp]
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    timeout: Option<f64>,
    /// Grade as `local` (a browser session: cookies kept, answers a browser on freeCodeCamp's
    /// site could not read only noted) or as `freecodecamp`'s own runner (5 s per hint, no
    /// cookies, such answers fail the hint)
    #[arg(long, value_enum, default_value_t = run::Profile::Local)]
    profile: run::Profile,
    /// Another host that hint code may reach besides the graded app's origin: `HOST` on any port,
    /// or `HOST:PORT` (repeatable); also lets requests and redirects reach it when it is on a
    /// loopback, private or link-local address
    #[arg(long, value_name = "HOST[:PORT]")]
    allow_host: Vec<String>,
    /// Accept TLS certificates that are not trusted, such as self-signed ones
    #[arg(short = 'k', long)]
    insecure: bool,
    /// Run a hint that did not pass up to N more times; one that then passes is reported flaky
    #[arg(long, value_name = "N", default_value_t = 0)]
    retries: u32,
    /// Do not send requests as from freeCodeCamp's site, nor warn about answers its browser could
    /// not read (CORS)
    #[arg(long)]
    no_cors_check: bool,
    /// Largest answer body a hint may read, such as `10MiB`
    #[arg(long, value_name = "SIZE", default_value = DEFAULT_MAX_BODY)]
    max_body: String,
    /// Memory for the hints of the whole run, shared by the hints running at once (at least
    /// 32MiB each; fewer run at once when it is small) [default: 32MiB a job, at least 256MiB]
    #[arg(long, value_name = "SIZE")]
    memory: Option<String>,
}

/// `--max-body` when it is not given; the re-run line leaves it out then.
const DEFAULT_MAX_BODY: &str = "10MiB";

/// `--allow-host` values, parsed once here, so a typo is a usage error before anything runs and
/// the runner takes them as they are.
pub(super) fn allowed_hosts(given: &[String]) -> Result<Vec<run::http::Allowed>, String> {
    given
        .iter()
        .map(|host| run::http::Allowed::from_flag(host).map_err(|e| format!("--allow-host: {e}")))
        .collect()
}

/// The run's memory when `--memory` is not given: enough for every job asked for to run.
fn default_memory(jobs: usize) -> usize {
    (run::MIN_WORKER_MEMORY.saturating_mul(jobs)).max(256 << 20)
}

impl Grading {
    /// How hints run, in the runner's terms: everything but `jobs` and the run's gate; `jobs`,
    /// the hints asked to run at once, sizes the default memory.
    pub(super) fn config(&self, language: &Language, jobs: usize) -> Result<run::Config, String> {
        let (profile, timeout) = profile_and_timeout(self.profile, self.timeout);
        if profile == run::Profile::FreeCodeCamp && self.no_cors_check {
            return Err("`--profile freecodecamp` checks CORS as the site's browser does; it cannot be combined with --no-cors-check".into());
        }
        let memory = match &self.memory {
            Some(text) => parse_size(text)?,
            None => default_memory(jobs),
        };
        if memory < run::MIN_WORKER_MEMORY {
            return Err(format!(
                "--memory {} is too little: hints need at least {} MiB",
                self.memory.as_deref().unwrap_or_default(),
                run::MIN_WORKER_MEMORY >> 20
            ));
        }
        Ok(run::Config {
            timeout,
            profile,
            allow_hosts: allowed_hosts(&self.allow_host)?,
            max_body: parse_size(&self.max_body)?,
            memory_limit: memory,
            insecure: self.insecure,
            retries: self.retries,
            cors_origin: (!self.no_cors_check).then(|| run::FREECODECAMP_ORIGIN.to_string()),
            accept_language: language.accept_language(),
            ..run::Config::default()
        })
    }

    /// These flags as they were given, as words of a command line that grades the same way.
    pub(super) fn flags(&self) -> Vec<String> {
        let mut flags = Vec::new();
        if self.profile == run::Profile::FreeCodeCamp {
            flags.extend(["--profile".to_string(), "freecodecamp".to_string()]);
        }
        if let Some(timeout) = self.timeout {
            flags.extend(["--timeout".to_string(), timeout.to_string()]);
        }
        for host in &self.allow_host {
            flags.extend(["--allow-host".to_string(), host.clone()]);
        }
        if self.insecure {
            flags.push("-k".to_string());
        }
        if self.retries > 0 {
            flags.extend(["--retries".to_string(), self.retries.to_string()]);
        }
        if self.no_cors_check {
            flags.push("--no-cors-check".to_string());
        }
        if self.max_body != DEFAULT_MAX_BODY {
            flags.extend(["--max-body".to_string(), self.max_body.clone()]);
        }
        if let Some(memory) = &self.memory {
            flags.extend(["--memory".to_string(), memory.clone()]);
        }
        flags
    }
}

#[cfg(test)]
mod tests {
    use super::default_memory;

    #[test]
    fn the_default_memory_lets_every_job_asked_for_run() {
        assert_eq!(default_memory(1), 256 << 20);
        assert_eq!(default_memory(8), 256 << 20);
        assert_eq!(default_memory(16), 512 << 20);
        assert_eq!(
            crate::run::workers_within(default_memory(16), 16),
            16,
            "-j 16 runs sixteen at once"
        );
    }
}
