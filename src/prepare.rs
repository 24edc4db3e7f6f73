//! Reaching the app before grading: starting it for `--start`, waiting for it with `--wait`, or
//! asking it once; an app that listens on another port than it was given is found and graded
//! there. When nothing answers, one diagnosis and what to try, not one error per hint.

use std::time::{Duration, Instant};

use crate::cli::Exit;
use crate::cli::GradeRequest;
use crate::report::Format;
use crate::{launch, mistakes, report, run};

/// The app, ready to be graded: the URL that answers, the running app under `--start`, and
/// what was seen of it for the diagnoses.
pub struct Ready {
    /// Parsed once, here, from `--url` (or the port a started app got), and graded as it is.
    pub url: run::AppUrl,
    pub app: Option<launch::App>,
    pub facts: mistakes::Facts,
}

/// Starts the app for `--start`, waits for it with `--wait`, or checks once that it answers;
/// returns it ready, or the exit code when nothing answers.
pub fn app(
    request: &GradeRequest,
    cancel: &run::Cancel,
    restarting: bool,
) -> Result<Result<Ready, Exit>, String> {
    let mut facts = mistakes::Facts::default();
    if let Some(url) = &request.url {
        // An editor or a repository is never asked anything.
        if let Some(diagnosis) = mistakes::refused_url(url) {
            let language = request.source.language;
            let shown = |value: &str| report::visible_line(value).into_owned();
            report::say(&format!(
                "{}: {}",
                report::error_label(),
                diagnosis.message_with(language, &shown)
            ));
            report::say(&format!(
                "{}: {}",
                report::help_label(),
                diagnosis.fix_with(language, &shown)
            ));
            return Ok(Err(Exit::InputError));
        }
    }
    let Some(command) = &request.start else {
        let mut url = run::AppUrl::parse(request.url.as_deref().unwrap_or_default())?;
        let answered = if request.wait {
            wait_until_up(request, &mut url, None, cancel, &mut facts)?
        } else {
            probe_once(request, &url, cancel)?
        };
        return Ok(answered.map(|(took, answered)| {
            facts.first_answer = took;
            Ready {
                url: where_it_lives(&url, &answered, &mut facts),
                app: None,
                facts,
            }
        }));
    };
    let url = match &request.url {
        Some(url) => url.clone(),
        None => format!("http://127.0.0.1:{}", launch::free_port()?),
    };
    let mut url = run::AppUrl::parse(&url)?;
    let port = url.port();
    if launch::port_in_use(port) {
        report::say(&format!(
            "{}: port {port} is already in use, so `{command}` could not listen there and grade would grade whatever holds it",
            report::error_label()
        ));
        report::say(&format!(
            "{}: stop the program on port {port}, or pick a free port with --url http://localhost:PORT (or leave --url out and grade picks one)",
            report::help_label()
        ));
        return Ok(Err(Exit::AppUnavailable));
    }
    let mut app = launch::App::start(command, port)?;
    if request.format == Format::Human {
        let line = if restarting {
            let words = report::words(request.source.language);
            words
                .restarted
                .replace("{command}", &report::isolate(words, command))
        } else {
            format!("started `{command}` on {url}")
        };
        report::say(&report::dimmed(&line));
    }
    let answered = match wait_until_up(request, &mut url, Some(&mut app), cancel, &mut facts)? {
        Ok((_, answered)) => answered,
        Err(exit) => return Ok(Err(exit)),
    };
    // Something answers; it must be the app that was started.
    std::thread::sleep(Duration::from_millis(100));
    if let Some(status) = app.exited() {
        report::say(&format!(
            "{}: `{command}` ended ({status}), yet something answers on {url}: another program holds port {port}",
            report::error_label()
        ));
        show_log(Some(app.log()));
        return Ok(Err(Exit::AppUnavailable));
    }
    Ok(Ok(Ready {
        url: where_it_lives(&url, &answered, &mut facts),
        app: Some(app),
        facts,
    }))
}

/// The URL to grade: always `url`, as given. Where its redirects led, when that is another
/// origin, is said once: each hint's request follows its own redirects, as a browser's does.
fn where_it_lives(url: &run::AppUrl, answered: &str, facts: &mut mistakes::Facts) -> run::AppUrl {
    if run::other_origin(url.as_str(), answered) {
        report::say(&report::dimmed(&format!(
            "{} redirects to {}; hints are still sent to {}, each following its own redirects",
            report::visible_line(url.as_str()),
            report::visible_line(answered),
            report::visible_line(url.as_str())
        )));
        facts.led_to = Some(answered.to_string());
    }
    url.clone()
}

/// The last lines of what the app printed.
pub fn show_log(log: Option<String>) {
    if let Some(log) = log.filter(|l| !l.trim().is_empty()) {
        report::say("the app's output:");
        let lines: Vec<&str> = log.lines().collect();
        for line in &lines[lines.len().saturating_sub(40)..] {
            report::say(&format!("  | {}", report::visible_line(line)));
        }
    }
}

/// Before any hint runs: one bounded request to the app. When nothing answers there is one
/// diagnosis, not one error per hint.
fn probe_once(
    request: &GradeRequest,
    url: &run::AppUrl,
    cancel: &run::Cancel,
) -> Result<Result<(Option<Duration>, String), Exit>, String> {
    let prober = run::Prober::new(request.run.insecure, &request.run.allow_hosts, url.as_str())?;
    let bound = request.run.timeout.min(Duration::from_secs(10));
    let asked = Instant::now();
    match prober.answers(url.as_str(), bound, &|| cancel.is_requested()) {
        Ok(answered) => Ok(Ok((Some(asked.elapsed()), answered))),
        Err(unreachable) if unreachable.reason == run::http::Reason::Stopped => {
            say_interrupted(request);
            Ok(Err(Exit::Interrupted))
        }
        Err(unreachable) => {
            report::say(&format!(
                "{}: {url} did not answer, so no hint was run: {}",
                report::error_label(),
                unreachable.message
            ));
            report::say(&format!(
                "{}: {}",
                report::help_label(),
                advice(&unreachable.reason)
            ));
            Ok(Err(Exit::AppUnavailable))
        }
    }
}

/// Ctrl-C before the app answered: said as when it comes between hints, since none ran.
fn say_interrupted(request: &GradeRequest) {
    let words = report::words(request.source.language);
    report::say(&report::bold(words.interrupted));
}

/// What to try when an app does not answer.
fn advice(reason: &run::http::Reason) -> &'static str {
    use run::http::Reason;
    match reason {
        Reason::Refused => "is the app running? Start it, or let grade start it: --start \"npm start\"",
        Reason::Name => "check the address for a typo; it must be the app's live URL",
        Reason::Tls => "if the app uses a certificate of its own (self-signed), pass --insecure (-k); if it speaks plain HTTP, use http://",
        Reason::Timeout => "a free host that sleeps when idle can take a minute to wake: --wait waits for it (up to --ready-timeout)",
        Reason::NotHttp => "the port answers, but not in HTTP: check the port in the URL",
        Reason::Asleep => "a free host that sleeps when idle answers so while the app wakes: --wait waits for it (up to --ready-timeout)",
        Reason::Forbidden => "grade follows redirects only to public addresses, unless --allow-host names the place",
        Reason::PlainHttp => "the app speaks plain HTTP: give its URL with http://, not https://",
        Reason::Stopped | Reason::Other => "open the URL in a browser to see what is wrong",
    }
}

/// Polls `url` until it answers, with growing pauses, within `--ready-timeout`; returns how long
/// the first answer took to come (for an app grade did not start). An app started with `--start`
/// that listens on another port than the one it was given is graded there, and noted.
fn wait_until_up(
    request: &GradeRequest,
    url: &mut run::AppUrl,
    mut app: Option<&mut launch::App>,
    cancel: &run::Cancel,
    facts: &mut mistakes::Facts,
) -> Result<Result<(Option<Duration>, String), Exit>, String> {
    let prober = run::Prober::new(request.run.insecure, &request.run.allow_hosts, url.as_str())?;
    let started = Instant::now();
    let deadline = started + request.ready_timeout;
    let mut pause = Duration::from_millis(50);
    let mut last_said: Option<Instant> = None;
    // A sleeping host can take a minute to wake; there is no point asking it every 50 ms.
    let longest = if app.is_some() { 500 } else { 8000 };
    let failed = |message: String, log: Option<String>| {
        report::say(&format!("{}: {message}", report::error_label()));
        show_log(log);
        Ok(Err(Exit::AppUnavailable))
    };
    loop {
        if cancel.is_requested() {
            if let Some(app) = app.as_deref_mut() {
                app.stop(Duration::from_millis(500));
            }
            say_interrupted(request);
            return Ok(Err(Exit::Interrupted));
        }
        if let Some(app) = app.as_deref_mut() {
            if let Some(status) = app.exited() {
                let command = request.start.as_deref().unwrap_or_default();
                return failed(
                    format!("`{command}` ended ({status}) before {url} answered"),
                    Some(app.log()),
                );
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let attempt = prober.answers(url.as_str(), left.min(Duration::from_secs(5)), &|| {
            cancel.is_requested()
        });
        let why = match attempt {
            Ok(answered) if app.is_some() => return Ok(Ok((None, answered))),
            Ok(answered) => return Ok(Ok((Some(started.elapsed()), answered))),
            Err(unreachable) => unreachable.message,
        };
        // A host waking an app can take a minute: a log shows the wait goes on, at its start
        // and at least every 10 s.
        if app.is_none() && last_said.is_none_or(|t| t.elapsed() >= Duration::from_secs(9)) {
            report::say(&report::dimmed(&format!(
                "waiting for {} ({} so far, up to {}): {why}",
                report::visible_line(url.as_str()),
                run::http::seconds(Duration::from_secs(started.elapsed().as_secs())),
                run::http::seconds(request.ready_timeout)
            )));
            last_said = Some(Instant::now());
        }
        if let Some(app) = app.as_deref() {
            if let Some(actual) = elsewhere(app, url) {
                facts.ignored_port = Some((url.port(), actual));
                *url = url.with_port(actual);
                continue;
            }
        }
        if Instant::now() + pause >= deadline {
            let log = app.map(|a| a.log());
            return failed(
                format!(
                    "{url} did not answer within {}: {why}",
                    run::http::seconds(request.ready_timeout)
                ),
                log,
            );
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(longest));
    }
}

/// A port the started app listens on instead of the one in `url`, if it listens on one.
fn elsewhere(app: &launch::App, url: &run::AppUrl) -> Option<u16> {
    let expected = url.port();
    let ports = app.listening_ports();
    (!ports.contains(&expected))
        .then(|| ports.first().copied())
        .flatten()
}
