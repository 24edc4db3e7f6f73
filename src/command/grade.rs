//! `grade --url URL [CHALLENGE]...`: one app graded once, or round after round with `--watch`;
//! the reporters the request asks for, and the line that grades again what did not pass.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::selection::check_source;
use super::selection::Selection;
use crate::catalog::Entry;
use crate::cli::Exit;
use crate::cli::GradeRequest;
use crate::prepare::{self, Ready};
use crate::report::{self, Format, Reporter};
use crate::{diagnose, launch, plan, run};

pub fn run(request: &GradeRequest) -> Result<Exit, String> {
    report::set_color(request.source.color);
    check_source(&request.source)?;
    check_report_paths(request)?;
    let selection = Selection::read(&request.selection, &request.source)?;
    let Some(entries) = selection.entries(request.source.language)? else {
        return Ok(Exit::InputError);
    };
    // The app comes up last, once the input is known to be good; it is stopped on every way out.
    let cancel = run::Cancel::install()?;
    if let Some(dir) = &request.watch {
        return super::watch::rounds(request, entries, &selection.paths, dir, &cancel);
    }
    let Ready {
        url,
        mut app,
        facts,
    } = match prepare::app(request, &cancel, false)? {
        Ok(ready) => ready,
        Err(exit) => return Ok(exit),
    };
    let Some(started) = app.take() else {
        let (summary, _) = grade_round(request, &entries, &selection.paths, &url, facts, None)?;
        return Ok(exit_of(&summary));
    };
    // An app grade started is watched while it is graded: when it ends, that is said at once
    // with its last output, and no further hint is sent to it.
    let app = Mutex::new(started);
    let halt = Arc::new(AtomicBool::new(false));
    let finished = AtomicBool::new(false);
    // Said once, by the watcher or after the round, whichever sees the end first.
    let said = AtomicBool::new(false);
    let say_ended = |app: &mut launch::App, within: Duration| {
        // The app stopped listening a moment before its shell ends.
        let deadline = std::time::Instant::now() + within;
        while app.exited().is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let Some(status) = app.exited() else {
            return false;
        };
        if !said.swap(true, Ordering::SeqCst) {
            let command = request.start.as_deref().unwrap_or_default();
            report::say(&format!(
                "{}: `{}` ended ({status}) while it was being graded; no further hint is sent to it",
                report::error_label(),
                report::visible_line(command)
            ));
            prepare::show_log(Some(app.log()));
        }
        true
    };
    let summary = std::thread::scope(|scope| {
        let (pid, ports) = {
            let app = app.lock().unwrap_or_else(|e| e.into_inner());
            (app.pid(), app.listening_ports())
        };
        let (app, finished, halt, say_ended) = (&app, &finished, &halt, &say_ended);
        scope.spawn(move || {
            while !finished.load(Ordering::SeqCst) {
                // Woken the moment the app ends, or when it is stopped after grading.
                launch::wait_ended(pid);
                let mut app = app.lock().unwrap_or_else(|e| e.into_inner());
                if finished.load(Ordering::SeqCst) {
                    return;
                }
                if say_ended(&mut app, Duration::ZERO) {
                    halt.store(true, Ordering::SeqCst);
                    return;
                }
                drop(app);
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let graded = grade_round(
            request,
            &entries,
            &selection.paths,
            &url,
            facts,
            Some((halt.clone(), pid, ports)),
        );
        // The round saw the app end before its watcher woke: it is said now.
        if graded.as_ref().is_ok_and(|(s, _)| s.halted) {
            say_ended(
                &mut app.lock().unwrap_or_else(|e| e.into_inner()),
                Duration::from_secs(2),
            );
        }
        finished.store(true, Ordering::SeqCst);
        // Stopping the app also wakes the watcher.
        let interrupted = graded.as_ref().is_ok_and(|(s, _)| s.interrupted);
        // After Ctrl-C a person is waiting: the app gets half a second to stop.
        let grace = if interrupted { 0.5 } else { 3.0 };
        app.lock()
            .unwrap_or_else(|e| e.into_inner())
            .stop(Duration::from_secs_f64(grace));
        graded
    });
    let (summary, _) = summary?;
    if summary.halted && !summary.interrupted {
        return Ok(Exit::AppUnavailable);
    }
    Ok(exit_of(&summary))
}

pub fn exit_of(summary: &run::Summary) -> Exit {
    if summary.interrupted {
        Exit::Interrupted
    } else if summary.all_passed() {
        Exit::Passed
    } else {
        Exit::Failed
    }
}

/// Grades `entries` once against `url`, reporting as the request asks; returns the summary and
/// the ids of the challenges that did not pass.
pub fn grade_round(
    request: &GradeRequest,
    entries: &[&Entry],
    paths: &[PathBuf],
    url: &str,
    facts: diagnose::Facts,
    halt: Option<(Arc<AtomicBool>, u32, Vec<u16>)>,
) -> Result<(run::Summary, Vec<String>), String> {
    let plan = plan::plan(url, entries, request.source.language);
    let handles: Vec<String> = plan
        .challenges
        .iter()
        .map(|c| rerun_handle(c, paths))
        .collect();
    let mut reporter = reporters(request, rerun_prefix(request, url), handles)?;
    // Redirects of the hints' requests to where `/` led are followed there.
    let mut config = request.run.clone();
    config.led_to.extend(facts.led_to.clone());
    // A started app is checked before each hint, and the watcher halts the run when it ends.
    if let Some((flag, pid, ports)) = halt {
        config.app = Some((pid, ports));
        config.halt = Some(flag);
    }
    let mut diagnoser = diagnose::Diagnoser::new(facts);
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
        return Err(failure);
    }
    Ok((summary, failed))
}

/// Two reports written to one file would overwrite each other.
/// Every report file can be written, each its own: checked before anything runs, all in the
/// same words, so a bad path is found before the app is started, not after grading.
fn check_report_paths(request: &GradeRequest) -> Result<(), String> {
    let reports = [
        ("--report-junit", &request.report_junit),
        ("--report-json", &request.report_json),
        ("--report-html", &request.report_html),
    ];
    let given: Vec<(&str, &PathBuf)> = reports
        .iter()
        .filter_map(|(flag, path)| path.as_ref().map(|p| (*flag, p)))
        .collect();
    for (i, (flag, path)) in given.iter().enumerate() {
        for (other, earlier) in &given[..i] {
            let same = path == earlier
                || matches!((path.canonicalize(), earlier.canonicalize()), (Ok(a), Ok(b)) if a == b);
            if same {
                return Err(format!(
                    "{other} and {flag} both write `{}`; give each its own file",
                    path.display()
                ));
            }
        }
    }
    for (_, path) in given {
        super::writable(path)?;
    }
    Ok(())
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
    let mut words = vec!["grade".to_string()];
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
    words.extend(request.grading_words.iter().map(|w| shell_quote(w)));
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
    let create = |path: &Path| {
        std::fs::File::create(path)
            .map(io::BufWriter::new)
            .map_err(|e| format!("cannot write the report `{}`: {e}", path.display()))
    };
    if let Some(path) = &request.report_junit {
        let name = format!("the JUnit report `{}`", path.display());
        all.push(Box::new(report::Junit::new(create(path)?).named(name)));
    }
    if let Some(path) = &request.report_json {
        let name = format!("the JSON report `{}`", path.display());
        all.push(Box::new(
            report::Json::new(create(path)?)
                .named(name)
                .profile(request.run.profile),
        ));
    }
    if let Some(path) = &request.report_html {
        let name = format!("the HTML report `{}`", path.display());
        all.push(Box::new(report::HtmlPage::new(
            create(path)?,
            name,
            language,
        )));
    }
    Ok(report::Tee(all))
}
