//! grader: grades a learner's deployed web app against course challenges.
//!
//! The pipeline, one module per stage:
//! markdown files --[`parse`]--> [`challenge::Challenge`]s --[`catalog`]--> entries by id and
//! language --[`plan`]--> a [`plan::Plan`] --[`run`]--> [`run::Event`]s --[`report`]--> text or JSON.
//!
//! Only this file wires the stages together.

pub mod catalog;
pub mod challenge;
pub mod cli;
pub mod diagnostic;
mod launch;
pub mod parse;
pub mod plan;
pub mod report;
pub mod run;
pub mod validate;

use std::io::{self, Write};
use std::path::Path;

use catalog::{Catalog, Entry};
use cli::{GradeRequest, Request, Source, ValidateRequest};
use report::{Format, Reporter};

/// The process exit codes; documented in `--help` and README.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Passed = 0,
    Failed = 1,
    InputError = 2,
    /// The app did not start or did not answer in time (`--start`, `--wait`).
    AppUnavailable = 3,
    Interrupted = 130,
}

/// Carries out one request from the command line.
pub fn execute(request: Request) -> Exit {
    let result = match request {
        Request::Grade(grade) => run_grade(&grade),
        Request::List(source) => list(&source),
        Request::Show { source, challenge } => show(&source, &challenge),
        Request::Validate(request) => run_validate(&request),
        Request::Completions(shell) => {
            cli::write_completions(shell, &mut io::stdout());
            Ok(Exit::Passed)
        }
        Request::Man => cli::write_man(&mut io::stdout()).map(|()| Exit::Passed),
    };
    result.unwrap_or_else(|message| {
        eprintln!("{}: {message}", colored_error());
        Exit::InputError
    })
}

fn colored_error() -> String {
    use colored::Colorize;
    "error".red().bold().to_string()
}

/// Fails when `--challenges` names something that is not a folder.
fn check_source(source: &Source) -> Result<(), String> {
    match &source.challenges {
        Some(dir) if !dir.is_dir() => {
            Err(format!("`{}` is not a folder of challenges", dir.display()))
        }
        _ => Ok(()),
    }
}

fn catalog_for(source: &Source) -> Result<Catalog, String> {
    check_source(source)?;
    let catalog = match &source.challenges {
        Some(dir) => Catalog::load(std::slice::from_ref(dir)),
        None => Catalog::builtin(),
    };
    if catalog.diagnostics.iter().any(|d| d.is_error()) {
        report::render_diagnostics(&mut io::stderr(), &catalog.diagnostics);
        return Err("could not read the challenges".to_string());
    }
    Ok(catalog)
}

fn run_grade(request: &GradeRequest) -> Result<Exit, String> {
    report::set_color(request.source.color);
    check_source(&request.source)?;
    // Arguments naming files or folders bring their own challenges; the rest are ids or names.
    let (paths, names): (Vec<&String>, Vec<&String>) = request
        .selection
        .iter()
        .partition(|s| Path::new(s).exists());
    let files = Catalog::load(&paths.iter().map(|p| p.into()).collect::<Vec<_>>());
    let mut entries: Vec<&Entry> = files.entries.iter().collect();
    // The catalog is read only when ids or names need it, or when no file was named.
    let catalog;
    if !names.is_empty() || paths.is_empty() {
        catalog = catalog_for(&request.source)?;
        let names: Vec<String> = names.into_iter().cloned().collect();
        entries.extend(plan::select(&catalog, &names)?);
    }
    if entries.is_empty() {
        return Err("no challenges to grade".to_string());
    }
    // The app comes up last, once the input is known to be good; dropping it stops it.
    let cancel = run::Cancel::install()?;
    let (url, mut app) = match prepare_app(request, &cancel)? {
        Ok(ready) => ready,
        Err(exit) => return Ok(exit),
    };
    let plan = plan::plan(&url, &entries, request.source.language);
    let mut stderr = io::stderr();
    report::render_diagnostics(&mut stderr, &files.diagnostics);
    report::render_diagnostics(&mut stderr, &plan.diagnostics);
    let input_errors = plan
        .diagnostics
        .iter()
        .chain(&files.diagnostics)
        .any(|d| d.is_error());

    let mut reporter = reporters(request)?;
    let summary = run::execute(&plan, &request.run, &mut |event| {
        reporter.event(&plan, &event)
    })?;
    if let Some(app) = &mut app {
        // After Ctrl-C a person is waiting: the app gets half a second to stop.
        let grace = if summary.interrupted { 0.5 } else { 3.0 };
        app.stop(std::time::Duration::from_secs_f64(grace));
    }
    Ok(if summary.interrupted {
        Exit::Interrupted
    } else if input_errors {
        Exit::InputError
    } else if summary.all_passed() {
        Exit::Passed
    } else {
        Exit::Failed
    })
}

/// Starts the app for `--start`, or waits for it with `--wait`; returns the URL to grade and the
/// running app, or the exit code when it never answered.
fn prepare_app(
    request: &GradeRequest,
    cancel: &run::Cancel,
) -> Result<Result<(String, Option<launch::App>), Exit>, String> {
    let Some(command) = &request.start else {
        let url = request.url.clone().unwrap_or_default();
        if request.wait {
            if let Err(exit) = wait_until_up(request, &url, None, cancel)? {
                return Ok(Err(exit));
            }
        }
        return Ok(Ok((url, None)));
    };
    let url = match &request.url {
        Some(url) => url.clone(),
        None => format!("http://127.0.0.1:{}", launch::free_port()?),
    };
    let port =
        plan::url_port(&url).ok_or_else(|| format!("`{url}` names no port for `--start`"))?;
    let mut app = launch::App::start(command, port)?;
    if request.format == Format::Human {
        use colored::Colorize;
        eprintln!("{}", format!("started `{command}` on {url}").dimmed());
    }
    match wait_until_up(request, &url, Some(&mut app), cancel)? {
        Ok(()) => Ok(Ok((url, Some(app)))),
        Err(exit) => Ok(Err(exit)),
    }
}

/// Polls `url` until it answers, with growing pauses, within `--ready-timeout`.
fn wait_until_up(
    request: &GradeRequest,
    url: &str,
    mut app: Option<&mut launch::App>,
    cancel: &run::Cancel,
) -> Result<Result<(), Exit>, String> {
    let prober = run::Prober::new(request.run.insecure)?;
    let deadline = std::time::Instant::now() + request.ready_timeout;
    let mut pause = std::time::Duration::from_millis(50);
    // A sleeping host can take a minute to wake; there is no point asking it every 50 ms.
    let longest = if app.is_some() { 500 } else { 8000 };
    let failed = |message: String, log: Option<String>| {
        eprintln!("{}: {message}", colored_error());
        if let Some(log) = log.filter(|l| !l.trim().is_empty()) {
            eprintln!("the app's output:");
            for line in log
                .lines()
                .rev()
                .take(40)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                eprintln!("  | {line}");
            }
        }
        Ok(Err(Exit::AppUnavailable))
    };
    loop {
        if cancel.is_requested() {
            if let Some(app) = app.as_deref_mut() {
                app.stop(std::time::Duration::from_millis(500));
            }
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
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let attempt = prober.answers(url, left.min(std::time::Duration::from_secs(5)), &|| {
            cancel.is_requested()
        });
        if attempt.is_ok() {
            return Ok(Ok(()));
        }
        if std::time::Instant::now() + pause >= deadline {
            let why = attempt.err().unwrap_or_default();
            let seconds = request.ready_timeout.as_secs_f64();
            let log = app.map(|a| a.log());
            return failed(
                format!("{url} did not answer within {seconds} s: {why}"),
                log,
            );
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(std::time::Duration::from_millis(longest));
    }
}

/// The reporters a grade request asks for: its format, and any report files.
fn reporters(request: &GradeRequest) -> Result<report::Tee, String> {
    let human = || -> Box<dyn Reporter> {
        let human = report::Human::new(io::stderr(), request.source.language, request.verbosity);
        Box::new(human.with_progress())
    };
    let mut all: Vec<Box<dyn Reporter>> = match request.format {
        Format::Human => vec![human()],
        Format::Json => vec![Box::new(report::Json::new(io::stdout()))],
        Format::Junit => vec![Box::new(report::Junit::new(io::stdout()))],
        Format::Tap => vec![Box::new(report::Tap::new(io::stdout()))],
        Format::Github => {
            let summary = std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|v| !v.is_empty())
                .map(std::path::PathBuf::from);
            // The human output goes on stdout too, inside the fence that keeps untrusted text
            // from being read as workflow commands.
            let human =
                report::Human::new(io::stdout(), request.source.language, request.verbosity);
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
        all.push(Box::new(report::Junit::new(create(path)?)));
    }
    if let Some(path) = &request.report_json {
        all.push(Box::new(report::Json::new(create(path)?)));
    }
    Ok(report::Tee(all))
}

fn list(source: &Source) -> Result<Exit, String> {
    report::set_color(source.color);
    let catalog = catalog_for(source)?;
    let mut out = io::stdout();
    report::render_list(&mut out, &catalog, source.language);
    let _ = out.flush();
    Ok(Exit::Passed)
}

fn show(source: &Source, challenge: &str) -> Result<Exit, String> {
    report::set_color(source.color);
    let from_file = Path::new(challenge)
        .exists()
        .then(|| Catalog::load(&[challenge.into()]));
    let catalog = match from_file {
        Some(catalog) => catalog,
        None => catalog_for(source)?,
    };
    let entry = if Path::new(challenge).exists() {
        catalog.entries.first()
    } else {
        catalog.lookup(challenge).into_iter().next()
    }
    .ok_or_else(|| format!("no challenge has the id or dashedName `{challenge}`\nhelp: `grade list` shows the challenges there are"))?;
    let mut out = io::stdout();
    report::render_diagnostics(
        &mut io::stderr(),
        &entry.version(source.language).parsed.diagnostics,
    );
    report::render_challenge(&mut out, entry, source.language);
    let _ = out.flush();
    Ok(Exit::Passed)
}

fn run_validate(request: &ValidateRequest) -> Result<Exit, String> {
    report::set_color(request.color);
    let options = validate::Options { jobs: request.jobs };
    let result = validate::validate(&request.paths, &options)?;
    let mut stdout = io::stdout();
    let mut stderr = io::stderr();
    let out: &mut dyn Write = match request.format {
        report::ValidationFormat::Human => &mut stderr,
        report::ValidationFormat::Json | report::ValidationFormat::Github => &mut stdout,
    };
    report::render_validation(out, &mut io::stderr(), &result, request.format);
    let _ = io::stdout().flush();
    let failed = result.errors() > 0 || (request.deny_warnings && result.warnings() > 0);
    Ok(if failed { Exit::Failed } else { Exit::Passed })
}
