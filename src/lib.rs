//! grader: grades a learner's deployed web app against course challenges.
//!
//! The pipeline, one module per stage:
//! markdown files --[`parse`]--> [`challenge::Challenge`]s --[`catalog`]--> entries by id and
//! language --[`plan`]--> a [`plan::Plan`] --[`run`]--> [`run::Event`]s --[`report`]--> text or JSON.
//!
//! Only this file wires the stages together.

pub mod batch;
pub mod catalog;
pub mod challenge;
pub mod cli;
pub mod diagnose;
pub mod diagnostic;
mod launch;
pub mod parse;
pub mod plan;
pub mod report;
pub mod run;
pub mod validate;
mod watch;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use catalog::{Catalog, Entry};
use cli::{
    BatchRequest, GradeRequest, MergeRequest, Reports, Request, ShowPart, Source, ValidateRequest,
};
use report::{Checked, Format, Reporter};

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

/// Carries out one request from the command line.
pub fn execute(request: Request) -> Exit {
    let result = match request {
        Request::Grade(grade) => run_grade(&grade),
        Request::List { source, json } => list(&source, json),
        Request::Show {
            source,
            challenge,
            part,
        } => show(&source, &challenge, part),
        Request::Validate(request) => run_validate(&request),
        Request::Batch(request) => run_batch(&request),
        Request::Merge(request) => run_merge(&request),
        Request::Completions(shell) => to_stdout(|out| {
            cli::write_completions(shell, out);
            Ok(())
        })
        .map(|()| Exit::Passed),
        Request::Man(subcommand) => {
            to_stdout(|out| cli::write_man(subcommand.as_deref(), out)).map(|()| Exit::Passed)
        }
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

fn colored_help() -> String {
    use colored::Colorize;
    "help".cyan().to_string()
}

/// Writes to stdout and says whether it worked. A reader that went away early (`| head`) is
/// not an error for a listing or a page.
fn to_stdout(write: impl FnOnce(&mut dyn Write) -> Result<(), String>) -> Result<(), String> {
    let mut out = Checked::new(io::stdout(), "stdout");
    write(&mut out)?;
    let _ = out.flush();
    match out.error() {
        Some(error) if !error.contains("Broken pipe") => Err(error),
        _ => Ok(()),
    }
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
    if catalog.entries.is_empty() {
        let place = source
            .challenges
            .as_ref()
            .map_or("the built-in catalog".to_string(), |d| {
                format!("`{}`", d.display())
            });
        return Err(format!("no challenges found in {place}"));
    }
    Ok(catalog)
}

/// Whether a command-line argument names a file or folder rather than an id or a dashedName.
fn looks_like_path(argument: &str) -> bool {
    argument.contains('/') || argument.contains('\\') || argument.ends_with(".md")
}

/// The files and folders among `arguments`, which must exist and hold challenges, and the ids
/// and dashedNames among them.
fn split_selection(arguments: &[String]) -> Result<(Vec<PathBuf>, Vec<String>), String> {
    let mut paths = Vec::new();
    let mut names = Vec::new();
    for argument in arguments {
        let path = Path::new(argument);
        if path.exists() {
            if path.is_dir() && catalog::files_under(path, &mut Vec::new()).is_empty() {
                return Err(format!("no challenge files in `{argument}`"));
            }
            paths.push(path.to_path_buf());
        } else if looks_like_path(argument) {
            return Err(format!("no such file or folder: `{argument}`"));
        } else {
            names.push(argument.clone());
        }
    }
    Ok((paths, names))
}

fn run_grade(request: &GradeRequest) -> Result<Exit, String> {
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
        return watch_rounds(request, entries, &selection.paths, dir, &cancel);
    }
    let Ready {
        url,
        mut app,
        facts,
    } = match prepare_app(request, &cancel, false)? {
        Ok(ready) => ready,
        Err(exit) => return Ok(exit),
    };
    let (summary, _) = grade_round(request, &entries, &selection.paths, &url, facts)?;
    if let Some(app) = &mut app {
        // After Ctrl-C a person is waiting: the app gets half a second to stop.
        let grace = if summary.interrupted { 0.5 } else { 3.0 };
        app.stop(Duration::from_secs_f64(grace));
    }
    Ok(exit_of(&summary))
}

fn exit_of(summary: &run::Summary) -> Exit {
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
fn grade_round(
    request: &GradeRequest,
    entries: &[&Entry],
    paths: &[PathBuf],
    url: &str,
    facts: diagnose::Facts,
) -> Result<(run::Summary, Vec<String>), String> {
    let plan = plan::plan(url, entries, request.source.language);
    let handles: Vec<String> = plan
        .challenges
        .iter()
        .map(|c| rerun_handle(c, paths))
        .collect();
    let mut reporter = reporters(request, rerun_prefix(request, url), handles)?;
    let mut diagnoser = diagnose::Diagnoser::new(facts);
    let mut failed: Vec<String> = Vec::new();
    let summary = run::execute(&plan, &request.run, &mut |event| {
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

/// `--watch`: grades, then waits for a change under `dir`, restarts a `--start` app, and grades
/// again, the challenges that did not pass last time first; until Ctrl-C.
fn watch_rounds(
    request: &GradeRequest,
    catalog_order: Vec<&Entry>,
    paths: &[PathBuf],
    dir: &Path,
    cancel: &run::Cancel,
) -> Result<Exit, String> {
    use colored::Colorize;
    let own: Vec<PathBuf> = [&request.report_json, &request.report_junit]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let mut watcher = watch::Watcher::new(dir, own)?;
    let words = report::words(request.source.language);
    let language = request.source.language;
    let mut round = 1;
    let mut entries = catalog_order.clone();
    let mut changed: Vec<PathBuf> = Vec::new();
    let mut app: Option<launch::App> = None;
    let mut url: Option<String> = None;
    let mut facts = diagnose::Facts::default();
    let stop = |app: &mut Option<launch::App>, grace: f64| {
        if let Some(app) = app {
            app.stop(Duration::from_secs_f64(grace));
        }
    };
    loop {
        let mut heading = format!("── {} ──", words.round.replace("{n}", &round.to_string()));
        if !changed.is_empty() {
            let names: Vec<String> = changed
                .iter()
                .take(3)
                .map(|p| report::visible_line(&p.display().to_string()).into_owned())
                .collect();
            let more = if changed.len() > 3 { ", …" } else { "" };
            heading = format!(
                "{heading} {}: {}{more}",
                report::count(language, words.files_changed, changed.len()),
                names.join(", ")
            );
        }
        eprintln!("\n{}", heading.cyan().bold());
        // The app comes up for the first round, and again after each change when grade runs it;
        // an app that reloads itself is waited for.
        if url.is_none() {
            let mut this_round = request.clone();
            this_round.wait |= round > 1;
            match prepare_app(&this_round, cancel, round > 1)? {
                Ok(ready) => {
                    url = Some(ready.url);
                    app = ready.app;
                    facts = ready.facts;
                }
                Err(Exit::Interrupted) => return Ok(Exit::Interrupted),
                // The app did not come up: the learner fixes it, and the next change tries again.
                Err(_) => {}
            }
        }
        if let Some(url) = &url {
            let (summary, failed) =
                grade_round(request, &entries, paths, url, std::mem::take(&mut facts))?;
            if summary.interrupted {
                stop(&mut app, 0.5);
                return Ok(Exit::Interrupted);
            }
            // What did not pass comes first next time, the rest in catalog order.
            entries = catalog_order.clone();
            entries.sort_by_key(|e| !failed.contains(&e.id));
        }
        let shown = report::visible_line(&dir.display().to_string()).into_owned();
        eprintln!(
            "{}",
            words
                .watching
                .replace("{dir}", &report::isolate(words, &shown))
                .dimmed()
        );
        match watcher.next_change(&|| cancel.is_requested()) {
            Some(files) => changed = files,
            None => {
                stop(&mut app, 0.5);
                return Ok(Exit::Interrupted);
            }
        }
        // A started app is restarted; one that reloads itself is waited for.
        stop(&mut app, 3.0);
        app = None;
        url = None;
        round += 1;
    }
}

/// What the CHALLENGE arguments name: files and folders read as they are, and ids or
/// dashedNames looked up in the catalog (all of it when nothing was named).
struct Selection {
    paths: Vec<PathBuf>,
    names: Vec<String>,
    files: Catalog,
    /// Read only when ids or names need it, or when no file was named.
    catalog: Option<Catalog>,
}

impl Selection {
    fn read(arguments: &[String], source: &Source) -> Result<Selection, String> {
        let (paths, names) = split_selection(arguments)?;
        let files = Catalog::load(&paths);
        let catalog = if !names.is_empty() || paths.is_empty() {
            Some(catalog_for(source)?)
        } else {
            None
        };
        Ok(Selection {
            paths,
            names,
            files,
            catalog,
        })
    }

    /// The selected challenges, every one checked before anything runs; `None` after
    /// reporting errors, when nothing may be graded.
    fn entries(&self, language: &'static catalog::Language) -> Result<Option<Vec<&Entry>>, String> {
        selected(&self.files, self.catalog.as_ref(), &self.names, language)
    }
}

fn selected<'a>(
    files: &'a Catalog,
    catalog: Option<&'a Catalog>,
    names: &[String],
    language: &'static catalog::Language,
) -> Result<Option<Vec<&'a Entry>>, String> {
    let mut entries: Vec<&Entry> = files.entries.iter().collect();
    if let Some(catalog) = catalog {
        entries.extend(plan::select(catalog, names)?);
    }
    if entries.is_empty() {
        return Err("no challenges to grade".to_string());
    }
    let mut problems = files.diagnostics.clone();
    problems.extend(plan::diagnostics(&entries, language));
    report::render_diagnostics(&mut io::stderr(), &problems);
    if problems.iter().any(|d| d.is_error()) {
        eprintln!(
            "{}: nothing was graded, because the challenges above have errors",
            colored_error()
        );
        return Ok(None);
    }
    Ok(Some(entries))
}

/// `grade batch`: every learner of the roster, into the results file, then the gradebook.
fn run_batch(request: &BatchRequest) -> Result<Exit, String> {
    use colored::Colorize;
    report::set_color(request.source.color);
    check_source(&request.source)?;
    let learners = match batch::roster::read(&request.roster) {
        Ok(learners) => learners,
        Err(problems) => {
            for problem in problems {
                eprintln!("{}: {problem}", colored_error());
            }
            return Ok(Exit::InputError);
        }
    };
    let selection = Selection::read(&request.selection, &request.source)?;
    let Some(entries) = selection.entries(request.source.language)? else {
        return Ok(Exit::InputError);
    };
    let learners: Vec<batch::roster::Learner> = match request.partition {
        Some((k, n)) => learners
            .into_iter()
            .filter(|l| batch::in_partition(&l.name, k, n))
            .collect(),
        None => learners,
    };
    let (results, done) = batch::results::Results::open(&request.results, request.resume)?;
    let work: Vec<batch::Work> = learners
        .into_iter()
        .map(|learner| {
            let columns = (0..entries.len())
                .filter(|&c| !done.contains(&(learner.name.clone(), entries[c].id.clone())))
                .collect();
            batch::Work { learner, columns }
        })
        .filter(|w| !w.columns.is_empty())
        .collect();
    let options = batch::Options {
        jobs: request.jobs,
        per_host: request.per_host,
        language: request.source.language,
        run: request.run.clone(),
    };
    let mut progress = report::BatchProgress::new(work.len());
    let summary = batch::grade(
        &work,
        &entries,
        &options,
        &results,
        &mut |event| match event {
            batch::Progress::Hint => progress.hint(),
            batch::Progress::Learner { .. } => progress.learner(),
        },
    )?;
    progress.finish();
    let seconds = summary.duration.as_secs_f64().max(0.001);
    let line = format!(
        "{} learners graded ({} did not answer), {} hints in {} ({:.1} hints/s); results in {}",
        summary.learners,
        summary.unreachable,
        summary.hints,
        run::http::seconds(summary.duration),
        summary.hints as f64 / seconds,
        request.results.display()
    );
    eprintln!("{}", line.bold());
    if summary.interrupted {
        eprintln!(
            "interrupted: grade batch {} --resume (with the same options) grades what is left",
            request.roster.display()
        );
        return Ok(Exit::Interrupted);
    }
    write_gradebook(&[results.path().to_path_buf()], &request.reports, None)?;
    Ok(Exit::Passed)
}

/// `grade merge`: result files joined into one gradebook.
fn run_merge(request: &MergeRequest) -> Result<Exit, String> {
    for file in &request.files {
        if !file.is_file() {
            return Err(format!("`{}` is not a results file", file.display()));
        }
    }
    let stdout = (request.reports.csv.is_none()
        && request.reports.json.is_none()
        && request.reports.html.is_none())
    .then_some(request.stdout);
    write_gradebook(&request.files, &request.reports, stdout)?;
    Ok(Exit::Passed)
}

/// Writes the gradebook of `files` to each report file asked for, and in `stdout`'s format to
/// stdout when one is given.
fn write_gradebook(
    files: &[PathBuf],
    reports: &Reports,
    stdout: Option<&str>,
) -> Result<(), String> {
    let book = report::gradebook::Gradebook::read(files)?;
    let write = |format: &str, out: &mut dyn Write| -> Result<(), String> {
        match format {
            "csv" => book.write_csv(out).map_err(|e| e.to_string()),
            "json" => book.write_json(out),
            _ => report::write_html(&book, "Gradebook", out),
        }
    };
    for (format, path) in [
        ("csv", &reports.csv),
        ("json", &reports.json),
        ("html", &reports.html),
    ] {
        if let Some(path) = path {
            let file = std::fs::File::create(path)
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            let mut out = io::BufWriter::new(file);
            write(format, &mut out)
                .and_then(|()| out.flush().map_err(|e| e.to_string()))
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        }
    }
    if let Some(format) = stdout {
        to_stdout(|out| write(format, out))?;
    }
    Ok(())
}

/// Two reports written to one file would overwrite each other.
fn check_report_paths(request: &GradeRequest) -> Result<(), String> {
    if let (Some(junit), Some(json)) = (&request.report_junit, &request.report_json) {
        let same = junit == json
            || matches!((junit.canonicalize(), json.canonicalize()), (Ok(a), Ok(b)) if a == b);
        if same {
            return Err(format!(
                "--report-junit and --report-json both write `{}`; give each its own file",
                json.display()
            ));
        }
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
    if request.source.language != catalog::ENGLISH {
        words.push(format!("--lang {}", request.source.language.code));
    }
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

/// The app, ready to be graded: the URL that answers, the running app under `--start`, and
/// what was seen of it for the diagnoses.
struct Ready {
    url: String,
    app: Option<launch::App>,
    facts: diagnose::Facts,
}

/// Starts the app for `--start`, waits for it with `--wait`, or checks once that it answers;
/// returns it ready, or the exit code when nothing answers.
fn prepare_app(
    request: &GradeRequest,
    cancel: &run::Cancel,
    restarting: bool,
) -> Result<Result<Ready, Exit>, String> {
    let mut facts = diagnose::Facts::default();
    if let Some(url) = &request.url {
        // An editor or a repository is never asked anything.
        if let Some(diagnosis) = diagnose::refused_url(url) {
            let language = request.source.language;
            let shown = |value: &str| report::visible_line(value).into_owned();
            eprintln!(
                "{}: {}",
                colored_error(),
                diagnosis.message_with(language, &shown)
            );
            eprintln!(
                "{}: {}",
                colored_help(),
                diagnosis.fix_with(language, &shown)
            );
            return Ok(Err(Exit::InputError));
        }
    }
    let Some(command) = &request.start else {
        let mut url = plan::normalize_url(request.url.as_deref().unwrap_or_default());
        run::check_url(&url)?;
        let answered = if request.wait {
            wait_until_up(request, &mut url, None, cancel, &mut facts)?
        } else {
            probe_once(request, &url, cancel)?
        };
        return Ok(answered.map(|took| {
            facts.first_answer = took;
            Ready {
                url,
                app: None,
                facts,
            }
        }));
    };
    let mut url = match &request.url {
        Some(url) => plan::normalize_url(url),
        None => format!("http://127.0.0.1:{}", launch::free_port()?),
    };
    run::check_url(&url)?;
    let port =
        plan::url_port(&url).ok_or_else(|| format!("`{url}` names no port for `--start`"))?;
    if launch::port_in_use(port) {
        eprintln!(
            "{}: port {port} is already in use, so `{command}` could not listen there and grade would grade whatever holds it",
            colored_error()
        );
        eprintln!(
            "{}: stop the program on port {port}, or pick a free port with --url http://localhost:PORT (or leave --url out and grade picks one)",
            colored_help()
        );
        return Ok(Err(Exit::AppUnavailable));
    }
    let mut app = launch::App::start(command, port)?;
    if request.format == Format::Human {
        use colored::Colorize;
        let line = if restarting {
            let words = report::words(request.source.language);
            words
                .restarted
                .replace("{command}", &report::isolate(words, command))
        } else {
            format!("started `{command}` on {url}")
        };
        eprintln!("{}", line.dimmed());
    }
    if let Err(exit) = wait_until_up(request, &mut url, Some(&mut app), cancel, &mut facts)? {
        return Ok(Err(exit));
    }
    // Something answers; it must be the app that was started.
    std::thread::sleep(Duration::from_millis(100));
    if let Some(status) = app.exited() {
        eprintln!(
            "{}: `{command}` ended ({status}), yet something answers on {url}: another program holds port {port}",
            colored_error()
        );
        show_log(Some(app.log()));
        return Ok(Err(Exit::AppUnavailable));
    }
    Ok(Ok(Ready {
        url,
        app: Some(app),
        facts,
    }))
}

/// The last lines of what the app printed.
fn show_log(log: Option<String>) {
    if let Some(log) = log.filter(|l| !l.trim().is_empty()) {
        eprintln!("the app's output:");
        let lines: Vec<&str> = log.lines().collect();
        for line in &lines[lines.len().saturating_sub(40)..] {
            eprintln!("  | {}", report::visible_line(line));
        }
    }
}

/// Before any hint runs: one bounded request to the app. When nothing answers there is one
/// diagnosis, not one error per hint.
fn probe_once(
    request: &GradeRequest,
    url: &str,
    cancel: &run::Cancel,
) -> Result<Result<Option<Duration>, Exit>, String> {
    let prober = run::Prober::new(request.run.insecure)?;
    let bound = request.run.timeout.min(Duration::from_secs(10));
    let asked = Instant::now();
    match prober.answers(url, bound, &|| cancel.is_requested()) {
        Ok(_) => Ok(Ok(Some(asked.elapsed()))),
        Err(unreachable) if unreachable.reason == run::http::Reason::Stopped => {
            Ok(Err(Exit::Interrupted))
        }
        Err(unreachable) => {
            eprintln!(
                "{}: {url} did not answer, so no hint was run: {}",
                colored_error(),
                unreachable.message
            );
            eprintln!("{}: {}", colored_help(), advice(&unreachable.reason));
            Ok(Err(Exit::AppUnavailable))
        }
    }
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
        Reason::Stopped | Reason::Other => "open the URL in a browser to see what is wrong",
    }
}

/// Polls `url` until it answers, with growing pauses, within `--ready-timeout`; returns how long
/// the first answer took to come (for an app grade did not start). An app started with `--start`
/// that listens on another port than the one it was given is graded there, and noted.
fn wait_until_up(
    request: &GradeRequest,
    url: &mut String,
    mut app: Option<&mut launch::App>,
    cancel: &run::Cancel,
    facts: &mut diagnose::Facts,
) -> Result<Result<Option<Duration>, Exit>, String> {
    let prober = run::Prober::new(request.run.insecure)?;
    let started = Instant::now();
    let deadline = started + request.ready_timeout;
    let mut pause = Duration::from_millis(50);
    // A sleeping host can take a minute to wake; there is no point asking it every 50 ms.
    let longest = if app.is_some() { 500 } else { 8000 };
    let failed = |message: String, log: Option<String>| {
        eprintln!("{}: {message}", colored_error());
        show_log(log);
        Ok(Err(Exit::AppUnavailable))
    };
    loop {
        if cancel.is_requested() {
            if let Some(app) = app.as_deref_mut() {
                app.stop(Duration::from_millis(500));
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
        let left = deadline.saturating_duration_since(Instant::now());
        let attempt = prober.answers(url, left.min(Duration::from_secs(5)), &|| {
            cancel.is_requested()
        });
        let why = match attempt {
            Ok(_) if app.is_some() => return Ok(Ok(None)),
            Ok(_) => return Ok(Ok(Some(started.elapsed()))),
            Err(unreachable) => unreachable.message,
        };
        if let Some(app) = app.as_deref() {
            if let Some(actual) = elsewhere(app, url) {
                let expected = plan::url_port(url).unwrap_or_default();
                facts.ignored_port = Some((expected, actual));
                *url = with_port(url, actual);
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
fn elsewhere(app: &launch::App, url: &str) -> Option<u16> {
    let expected = plan::url_port(url)?;
    let ports = app.listening_ports();
    (!ports.contains(&expected))
        .then(|| ports.first().copied())
        .flatten()
}

/// `url` with another port.
fn with_port(url: &str, port: u16) -> String {
    let expected = plan::url_port(url).unwrap_or_default();
    url.replacen(&format!(":{expected}"), &format!(":{port}"), 1)
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
        all.push(Box::new(report::HtmlPage::new(create(path)?, name)));
    }
    Ok(report::Tee(all))
}

/// The diagnostics with errors among every version of every entry.
fn broken(catalog: &Catalog) -> Vec<diagnostic::Diagnostic> {
    catalog
        .entries
        .iter()
        .flat_map(|e| &e.versions)
        .flat_map(|v| {
            v.parsed
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
        })
        .collect()
}

fn list(source: &Source, json: bool) -> Result<Exit, String> {
    report::set_color(source.color);
    let catalog = catalog_for(source)?;
    let problems = broken(&catalog);
    to_stdout(|out| {
        if json {
            report::render_list_json(out, &catalog, source.language);
        } else {
            report::render_list(out, &catalog, source.language);
        }
        Ok(())
    })?;
    report::render_diagnostics(&mut io::stderr(), &problems);
    Ok(if problems.is_empty() {
        Exit::Passed
    } else {
        Exit::InputError
    })
}

fn show(source: &Source, challenge: &str, part: ShowPart) -> Result<Exit, String> {
    report::set_color(source.color);
    let path = Path::new(challenge);
    let catalog = if path.exists() {
        if path.is_dir() {
            return Err(format!(
                "`{challenge}` is a folder; `grade show` shows one challenge"
            ));
        }
        Catalog::load(&[challenge.into()])
    } else if looks_like_path(challenge) {
        return Err(format!("no such file or folder: `{challenge}`"));
    } else {
        catalog_for(source)?
    };
    let entry = if path.exists() {
        catalog.entries.first()
    } else {
        catalog.lookup(challenge).into_iter().next()
    }
    .ok_or_else(|| format!("no challenge has the id or dashedName `{challenge}`\nhelp: `grade list` shows the challenges there are"))?;
    let version = entry.version(source.language);
    let diagnostics = &version.parsed.diagnostics;
    match part {
        ShowPart::Text => {
            to_stdout(|out| {
                report::render_challenge(out, entry, source.language);
                Ok(())
            })?;
        }
        ShowPart::Source => {
            let text = if version.builtin {
                catalog::builtin_source(&version.parsed.challenge.path)
                    .unwrap_or_default()
                    .to_string()
            } else {
                std::fs::read_to_string(&version.parsed.challenge.path).map_err(|e| {
                    format!(
                        "could not read `{}`: {e}",
                        version.parsed.challenge.path.display()
                    )
                })?
            };
            to_stdout(|out| {
                out.write_all(text.as_bytes())
                    .map_err(|e| format!("could not write stdout: {e}"))
            })?;
        }
        ShowPart::Code(number) => {
            let hints = &version.parsed.challenge.hints;
            let hint = hints.get(number - 1).ok_or_else(|| {
                format!(
                    "`{}` has {} hints; there is no hint {number}",
                    entry.dashed_name(),
                    hints.len()
                )
            })?;
            to_stdout(|out| {
                writeln!(out, "{}", hint.code).map_err(|e| format!("could not write stdout: {e}"))
            })?;
        }
    }
    report::render_diagnostics(&mut io::stderr(), diagnostics);
    Ok(if diagnostics.iter().any(|d| d.is_error()) {
        Exit::InputError
    } else {
        Exit::Passed
    })
}

fn run_validate(request: &ValidateRequest) -> Result<Exit, String> {
    report::set_color(request.color);
    if request.list_rules {
        let mut out = Checked::new(io::stdout(), "stdout");
        report::render_rules(&mut out);
        let _ = out.flush();
        return match out.error() {
            Some(error) => Err(error),
            None => Ok(Exit::Passed),
        };
    }
    let options = validate::Options {
        jobs: request.jobs,
        levels: request.levels.clone(),
        deny_warnings: request.deny_warnings,
        changed_since: request.changed_since.clone(),
    };
    let mut out = Checked::new(io::stdout(), "stdout");
    let mut log = io::stderr();
    let mut reporter = report::ValidationReport::new(
        request.format,
        &mut out,
        &mut log,
        request.list_untranslated,
    );
    let summary = validate::validate(&request.paths, &options, &mut |event| reporter.event(event))?;
    if summary.files == 0 && request.changed_since.is_none() {
        let places: Vec<String> = request
            .paths
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        return Err(format!("no challenge files in {}", places.join(", ")));
    }
    reporter.finish(&summary);
    let _ = out.flush();
    if let Some(error) = out.error() {
        return Err(error);
    }
    Ok(if summary.errors > 0 {
        Exit::Failed
    } else {
        Exit::Passed
    })
}
