//! One round of `grade`: the selected challenges graded once against the app, with the
//! reporters the request asks for and the line that grades again what did not pass. `grade`
//! runs one round, `--watch` one after another.

use std::io;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::catalog::Entry;
use crate::cli::GradeRequest;
use crate::error::Error;
use crate::report::{self, Format, ReportFile, Reporter};
use crate::{mistakes, plan, run};

/// Grades `entries` once against `url`, reporting as the request asks; returns the summary and
/// the ids of the challenges that did not pass.
pub fn grade_round(
    request: &GradeRequest,
    entries: &[&Entry],
    paths: &[PathBuf],
    url: &run::AppUrl,
    facts: mistakes::Facts,
    halt: Option<(Arc<AtomicBool>, u32, Vec<u16>)>,
) -> Result<(run::Summary, Vec<String>), Error> {
    let plan = plan::plan(url.as_str(), entries, request.source.language);
    let handles: Vec<String> = plan
        .challenges
        .iter()
        .map(|c| rerun_handle(c, paths))
        .collect();
    let mut reporter = reporters(request, rerun_prefix(request, url.as_str()), handles)?;
    // Redirects of the hints' requests to where `/` led are followed there.
    let mut config = request.run.clone();
    config.led_to.extend(facts.led_to.clone());
    // A started app is checked before each hint, and the watcher halts the run when it ends.
    if let Some((flag, pid, ports)) = halt {
        config.app = Some((pid, ports));
        config.halt = Some(flag);
    }
    let mut diagnoser = mistakes::Diagnoser::new(facts);
    let mut failed: Vec<String> = Vec::new();
    let summary = run::execute(&plan, &config, &mut |event| {
        let event = diagnoser.annotate(event);
        if let run::Event::HintFinished {
            challenge, outcome, ..
        } = &event
        {
            let id = &plan.challenges[*challenge].id;
            if outcome.status != run::Status::Passed && !failed.contains(id) {
                failed.push(id.clone());
            }
        }
        reporter.event(&plan, &event)
    })?;
    if let Some(failure) = reporter.failure() {
        return Err(failure.into());
    }
    Ok((summary, failed))
}

/// How the re-run command names a challenge: by its file when it was named by file, else by
/// its dashedName (or id).
fn rerun_handle(challenge: &plan::PlannedChallenge, paths: &[PathBuf]) -> String {
    if !challenge.builtin
        && !paths.is_empty()
        && paths.iter().any(|p| challenge.file.starts_with(p))
    {
        return shell_quote(&challenge.file.display().to_string());
    }
    if challenge.dashed_name.is_empty() {
        challenge.id.clone()
    } else {
        challenge.dashed_name.clone()
    }
}

/// The start of a command that grades the same app in the same way.
fn rerun_prefix(request: &GradeRequest, url: &str) -> String {
    // The npm launcher says when it ran through npx, where a bare `grade` may not be on PATH.
    let launched_by_npx = std::env::var("GRADE_LAUNCHER").is_ok_and(|l| l == "npx");
    let program = if launched_by_npx {
        "npx grade"
    } else {
        "grade"
    };
    let mut words = vec![program.to_string()];
    match &request.start {
        Some(command) => {
            words.push(format!("--start {}", shell_quote(command)));
            if let Some(url) = &request.url {
                words.push(format!("--url {}", shell_quote(url)));
            }
        }
        None => words.push(format!("--url {}", shell_quote(url))),
    }
    if let Some(dir) = &request.source.challenges {
        words.push(format!(
            "--challenges {}",
            shell_quote(&dir.display().to_string())
        ));
    }
    // Every flag that can change a verdict, the language included: only the selection differs.
    words.extend(request.grading_flags.iter().map(|w| shell_quote(w)));
    words.join(" ")
}

/// `text` as one shell word.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The reporters a grade request asks for: its format, and any report files.
fn reporters(
    request: &GradeRequest,
    rerun: String,
    handles: Vec<String>,
) -> Result<report::Tee, String> {
    let language = request.source.language;
    let mut all: Vec<Box<dyn Reporter>> = match request.format {
        Format::Human => {
            let human = report::Human::new(io::stderr(), language, request.verbosity)
                .with_rerun(rerun, handles);
            vec![Box::new(human.with_progress())]
        }
        Format::Json => vec![Box::new(
            report::Json::new(io::stdout()).profile(request.run.profile),
        )],
        Format::Junit => vec![Box::new(report::Junit::new(io::stdout()))],
        Format::Tap => vec![Box::new(report::Tap::new(io::stdout()))],
        Format::Github => {
            let summary = std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from);
            // The human output goes on stdout too, inside the fence that keeps untrusted text
            // from being read as workflow commands.
            let human = report::Human::new(io::stdout(), language, request.verbosity)
                .with_rerun(rerun, handles);
            vec![Box::new(
                report::Github::new(io::stdout(), summary).with_human(Box::new(human)),
            )]
        }
    };
    let reports = &request.reports;
    if let Some((out, path)) = reports.create(ReportFile::Junit)? {
        let name = format!("the JUnit report `{}`", path.display());
        all.push(Box::new(report::Junit::new(out).named(name)));
    }
    if let Some((out, path)) = reports.create(ReportFile::Json)? {
        let name = format!("the JSON report `{}`", path.display());
        all.push(Box::new(
            report::Json::new(out)
                .named(name)
                .profile(request.run.profile),
        ));
    }
    if let Some((out, path)) = reports.create(ReportFile::Html)? {
        let name = format!("the HTML report `{}`", path.display());
        all.push(Box::new(report::HtmlPage::new(out, name, language)));
    }
    Ok(report::Tee(all))
}
