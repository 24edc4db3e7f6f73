//! Runs the lab's hints: each app started once per language (its own instance on its own port,
//! so hints that read the clock are paced per instance and no language sees another's data) and
//! once per mutant, the empty app shared by all; several at once, each stopped when its hints
//! are done.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::empty::EmptyApp;
use super::manifest::{AppSpec, Manifest};
use super::{AppResult, Challenge, Event, Hint, MutantResult, Options, Trial, Version};
use crate::catalog::{Entry, Language, ENGLISH};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::launch;
use crate::plan::{self, Plan};
use crate::run::{self, Status};

/// The longest failure message kept for a trial; reports show the start of it.
const MESSAGE_LIMIT: usize = 2000;

/// What running the lab gave, before findings are read from it.
pub(super) struct Ran {
    pub apps: Vec<AppResult>,
    pub runs: usize,
    pub interrupted: bool,
    /// Problems in the challenge files the lab read; their broken hints did not run.
    pub problems: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Reference(&'static Language),
    Mutant(usize),
    Empty(&'static Language),
}

#[derive(Debug, Clone, Copy)]
struct Task {
    app: usize,
    target: Target,
}

/// An app's hints planned in one language, and where each planned challenge is among the app's.
struct Planned {
    language: &'static Language,
    plan: Plan,
    challenge_of: Vec<usize>,
}

/// For one task: the trials of each hint, by (the app's challenge, hint index), one per round.
type Verdicts = BTreeMap<(usize, usize), Vec<Trial>>;

struct Done {
    verdicts: Verdicts,
    /// The instance ended while its hints ran (a mutant may; a reference app may not).
    ended: Option<String>,
    /// A reference instance ended twice: why, and the hints (by challenge and index) it could
    /// not run.
    lost: Option<(String, Vec<(usize, usize)>)>,
}

/// Why an app could not be used.
struct Failure {
    message: String,
    log: String,
}

struct Shared<'a> {
    manifest: &'a Manifest,
    options: &'a Options,
    plans: &'a [Vec<Planned>],
    empty: EmptyApp,
    cancel: run::Cancel,
    /// Ports handed out, so two instances started at once never get the same one.
    ports: Mutex<HashSet<u16>>,
    /// Each run's share of the hints' memory.
    memory: usize,
    emit: &'a (dyn Fn(Event) + Sync),
}

/// The lab's work: what each task runs, planned; then the tasks run, several at once; then
/// the verdicts assembled into the matrix of apps, challenges, hints and languages.
pub(super) fn run_all(
    manifest: &Manifest,
    entries: &[Vec<&Entry>],
    options: &Options,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<Ran, Error> {
    let planned = plan_tasks(manifest, entries, options);
    let (results, interrupted) = run_tasks(manifest, options, &planned, emit)?;
    Ok(assemble(manifest, entries, planned, results, interrupted))
}

/// Every app's hints planned in each language, and the tasks that run them.
struct Planning {
    plans: Vec<Vec<Planned>>,
    tasks: Vec<Task>,
    /// Problems in the challenge files; their broken hints are not planned.
    problems: Vec<Diagnostic>,
}

/// Plans each app's challenges in each language, and the tasks: the longest first, every
/// language of every app, then the mutants, then the empty app.
fn plan_tasks(manifest: &Manifest, entries: &[Vec<&Entry>], options: &Options) -> Planning {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let plans: Vec<Vec<Planned>> = entries
        .iter()
        .map(|app_entries| {
            options
                .languages
                .iter()
                .filter_map(|&language| {
                    let (chosen, challenge_of): (Vec<&Entry>, Vec<usize>) = app_entries
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.find(language).is_some())
                        .map(|(i, e)| (*e, i))
                        .unzip();
                    if chosen.is_empty() {
                        return None;
                    }
                    let plan = plan::plan("http://127.0.0.1", &chosen, language);
                    for d in &plan.diagnostics {
                        if !problems.contains(d) {
                            problems.push(d.clone());
                        }
                    }
                    Some(Planned {
                        language,
                        plan,
                        challenge_of,
                    })
                })
                .collect()
        })
        .collect();
    let mut tasks: Vec<Task> = Vec::new();
    for (app, planned) in plans.iter().enumerate() {
        tasks.extend(planned.iter().map(|p| Task {
            app,
            target: Target::Reference(p.language),
        }));
    }
    for (app, spec) in manifest.apps.iter().enumerate() {
        if options.references_only {
            break;
        }
        tasks.extend((0..spec.mutants.len()).map(|m| Task {
            app,
            target: Target::Mutant(m),
        }));
    }
    for (app, planned) in plans.iter().enumerate() {
        if options.references_only {
            break;
        }
        tasks.extend(planned.iter().map(|p| Task {
            app,
            target: Target::Empty(p.language),
        }));
    }
    Planning {
        plans,
        tasks,
        problems,
    }
}

/// What each task gave, by task (`None`: not run, after Ctrl-C or for an app that would not
/// start).
type TaskResults = Vec<Option<Result<Done, Failure>>>;

/// Runs the tasks through the ordered pool, each instance with its share of the memory.
fn run_tasks(
    manifest: &Manifest,
    options: &Options,
    planned: &Planning,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<(TaskResults, bool), Error> {
    let tasks = &planned.tasks;
    let (pool, memory) =
        run::Pool::within_memory(options.config.memory_limit, options.jobs, tasks.len());
    let shared = Shared {
        manifest,
        options,
        plans: &planned.plans,
        empty: EmptyApp::start()?,
        cancel: run::Cancel::install()?,
        ports: Mutex::new(HashSet::new()),
        memory,
        emit,
    };
    // Apps whose reference instance would not start are not started again for their other
    // tasks.
    let broken: Mutex<HashSet<usize>> = Mutex::new(HashSet::new());
    let finished = AtomicUsize::new(0);
    let mut results: TaskResults = (0..tasks.len()).map(|_| None).collect();
    pool.run(
        tasks.len(),
        &|| shared.cancel.is_requested(),
        || Ok(()),
        |(), index, _: &dyn Fn(())| {
            let task = tasks[index];
            let is_broken = broken
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(&task.app);
            if is_broken && !matches!(task.target, Target::Empty(_)) {
                return Ok(None);
            }
            let began = Instant::now();
            let result = run_task(&shared, task).inspect_err(|_| {
                // The other instances stop too: the lab cannot go on.
                shared.cancel.flag().store(true, Ordering::SeqCst);
            })?;
            let app = &manifest.apps[task.app];
            if let Err(failed) = &result {
                if matches!(task.target, Target::Reference(_)) {
                    broken
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(task.app);
                }
                (shared.emit)(Event::AppFailed {
                    app: app.name.clone(),
                    message: failed.message.clone(),
                    log: failed.log.clone(),
                });
            }
            if let Ok(Done {
                lost: Some((why, unrun)),
                ..
            }) = &result
            {
                (shared.emit)(Event::Restarted {
                    app: app.name.clone(),
                    message: format!("{why}; {} of its hints could not run", unrun.len()),
                    lost: true,
                });
            }
            (shared.emit)(Event::Ran {
                app: app.name.clone(),
                target: target_name(app, task.target),
                done: finished.fetch_add(1, Ordering::SeqCst) + 1,
                total: tasks.len(),
                took: began.elapsed(),
            });
            Ok(Some(result))
        },
        &mut |step| {
            if let run::Step::Done(index, result) = step {
                results[index] = result;
            }
        },
    )?;
    Ok((results, shared.cancel.is_requested()))
}

/// The matrix: every app's challenges and hints, each hint's versions by language with their
/// trials, the empty app's verdict and each mutant's.
fn assemble(
    manifest: &Manifest,
    entries: &[Vec<&Entry>],
    planned: Planning,
    results: TaskResults,
    interrupted: bool,
) -> Ran {
    let Planning {
        plans,
        tasks,
        problems,
    } = planned;
    let mut runs = 0;
    let mut apps: Vec<AppResult> = manifest
        .apps
        .iter()
        .zip(entries)
        .map(|(spec, app_entries)| AppResult {
            name: spec.name.clone(),
            line: spec.line,
            challenges: app_entries
                .iter()
                .map(|e| Challenge {
                    id: e.id.clone(),
                    dashed_name: e.dashed_name().to_string(),
                    title: e.version(ENGLISH).parsed.challenge.title().to_string(),
                    block: e.block().to_string(),
                    hints: Vec::new(),
                })
                .collect(),
            mutants: spec
                .mutants
                .iter()
                .map(|m| MutantResult {
                    name: m.name.clone(),
                    line: m.line,
                    expected: app_entries
                        .iter()
                        .filter(|e| match &m.caught_by {
                            Some(names) => names.iter().any(|n| super::names(e, n)),
                            None => true,
                        })
                        .map(|e| e.id.clone())
                        .collect(),
                    named: m.caught_by.is_some(),
                    caught_by: Vec::new(),
                    ended: None,
                })
                .collect(),
            problem: None,
            lost: Vec::new(),
        })
        .collect();
    // The rows first, from the plans: every hint in every language it is in.
    for (a, planned) in plans.iter().enumerate() {
        let mutants = manifest.apps[a].mutants.len();
        for p in planned {
            for (c, challenge) in p.plan.challenges.iter().enumerate() {
                let row = &mut apps[a].challenges[p.challenge_of[c]];
                for hint in &challenge.hints {
                    while row.hints.len() <= hint.index {
                        row.hints.push(Hint {
                            number: row.hints.len() + 1,
                            versions: Vec::new(),
                            mutants: vec![None; mutants],
                        });
                    }
                    row.hints[hint.index].versions.push(Version {
                        language: p.language,
                        file: hint.file.clone(),
                        text_line: hint.text_line,
                        code_line: hint.code_line,
                        code: hint.code.clone(),
                        text: hint.text.clone(),
                        trials: Vec::new(),
                        empty: None,
                        lost: None,
                    });
                }
            }
        }
    }
    for (task, result) in tasks.iter().zip(results) {
        let app = &mut apps[task.app];
        let done = match result {
            None => continue,
            Some(Err(failed)) => {
                app.problem.get_or_insert(failed.message);
                continue;
            }
            Some(Ok(done)) => done,
        };
        for ((challenge, hint), trials) in done.verdicts {
            runs += trials.len();
            let Some(row) = app.challenges[challenge].hints.get_mut(hint) else {
                continue;
            };
            match task.target {
                Target::Reference(language) | Target::Empty(language) => {
                    let Some(version) = row.versions.iter_mut().find(|v| v.language == language)
                    else {
                        continue;
                    };
                    if matches!(task.target, Target::Empty(_)) {
                        version.empty = trials.into_iter().next();
                    } else {
                        version.trials = trials;
                    }
                }
                Target::Mutant(m) => row.mutants[m] = trials.into_iter().next(),
            }
        }
        if let Target::Mutant(m) = task.target {
            app.mutants[m].ended = done.ended;
        }
        if let (Target::Reference(language), Some((why, unrun))) = (task.target, done.lost) {
            for &(challenge, hint) in &unrun {
                let version = app.challenges[challenge]
                    .hints
                    .get_mut(hint)
                    .and_then(|row| row.versions.iter_mut().find(|v| v.language == language));
                if let Some(version) = version {
                    version.lost = Some(why.clone());
                }
            }
            app.lost.push(format!(
                "{} ({}): {why}; {} could not run",
                app.name,
                language.code,
                if unrun.len() == 1 {
                    "1 hint".to_string()
                } else {
                    format!("{} hints", unrun.len())
                }
            ));
        }
    }
    Ran {
        apps,
        runs,
        interrupted,
        problems,
    }
}

/// How a task is named in progress lines.
fn target_name(app: &AppSpec, target: Target) -> String {
    match target {
        Target::Reference(language) => language.code.to_string(),
        Target::Mutant(m) => format!("mutant {}", app.mutants[m].name),
        Target::Empty(language) => format!("empty app ({})", language.code),
    }
}

/// Runs one task's hints: on an instance of its own, started for it and stopped after, or on the
/// empty app. A reference instance that ends while its hints run is started again once and its
/// round run again; if it ends again, the hints it did not pass in that round are lost, and
/// only they. `Err` when the lab itself cannot go on.
fn run_task(shared: &Shared, task: Task) -> Result<Result<Done, Failure>, Error> {
    let spec = &shared.manifest.apps[task.app];
    let (language, rounds) = match task.target {
        Target::Reference(language) => (language, shared.options.rounds),
        Target::Mutant(_) => (ENGLISH, 1),
        Target::Empty(language) => (language, 1),
    };
    let Some(planned) = shared.plans[task.app]
        .iter()
        .find(|p| p.language == language)
    else {
        return Ok(Ok(Done {
            verdicts: Verdicts::new(),
            ended: None,
            lost: None,
        }));
    };
    let mut env = spec.env.clone();
    let what = match task.target {
        Target::Mutant(m) => {
            let mutant = &spec.mutants[m];
            env.extend(mutant.env.iter().cloned());
            format!("app `{}`, mutant `{}`", spec.name, mutant.name)
        }
        _ => format!("app `{}`", spec.name),
    };
    let mut plan = planned.plan.clone();
    let mut instance = match task.target {
        Target::Empty(_) => {
            plan.url = shared.empty.url.clone();
            None
        }
        _ => match start(shared, spec, &env, &what)? {
            Ok((port, app)) => {
                plan.url = format!("http://127.0.0.1:{port}");
                Some((port, app))
            }
            Err(failed) => return Ok(Err(failed)),
        },
    };
    let config = run::Config {
        jobs: 1,
        retries: 0,
        fail_fast: false,
        memory_limit: shared.memory,
        accept_language: language.accept_language(),
        ..shared.options.config.clone()
    };
    let mut verdicts = Verdicts::new();
    let mut ended = None;
    let mut lost = None;
    let mut restarted = false;
    let mut round = 0;
    while round < rounds {
        if shared.cancel.is_requested() {
            break;
        }
        let mut this_round: Vec<((usize, usize), Trial)> = Vec::new();
        run::execute(&plan, &config, &mut |event| {
            if let run::Event::HintFinished {
                challenge,
                hint,
                outcome,
            } = event
            {
                let index = plan.challenges[challenge].hints[hint].index;
                this_round.push(((planned.challenge_of[challenge], index), trial(&outcome)));
            }
        })?;
        let status = instance.as_mut().and_then(|(_, app)| app.exited());
        let Some(status) = status else {
            for (cell, trial) in this_round {
                verdicts.entry(cell).or_default().push(trial);
            }
            round += 1;
            continue;
        };
        if !matches!(task.target, Target::Reference(_)) {
            ended = Some(format!("it ended ({status}) while its hints ran"));
            for (cell, trial) in this_round {
                verdicts.entry(cell).or_default().push(trial);
            }
            break;
        }
        let why = format!(
            "{what} (`{}`, {}) ended ({status}) while its hints ran",
            spec.start, language.code
        );
        if let Some((port, mut app)) = instance.take() {
            app.stop(Duration::from_secs(1));
            release(shared, port);
        }
        if !restarted {
            restarted = true;
            (shared.emit)(Event::Restarted {
                app: spec.name.clone(),
                message: format!("{why}; it is started again and the round run again"),
                lost: false,
            });
            match start(shared, spec, &env, &what)? {
                Ok((port, app)) => {
                    plan.url = format!("http://127.0.0.1:{port}");
                    instance = Some((port, app));
                    continue;
                }
                Err(failed) => {
                    lost = Some((format!("{why}, and {}", failed.message), Vec::new()));
                }
            }
        } else {
            lost = Some((format!("{why}, twice"), Vec::new()));
        }
        // What passed still counts; what did not may have met the dead instance.
        let mut unrun = Vec::new();
        for (cell, trial) in this_round {
            if trial.passed() {
                verdicts.entry(cell).or_default().push(trial);
            } else {
                unrun.push(cell);
            }
        }
        if let Some((_, cells)) = &mut lost {
            *cells = unrun;
        }
        break;
    }
    if let Some((port, mut app)) = instance {
        app.stop(Duration::from_secs(3));
        release(shared, port);
    }
    Ok(Ok(Done {
        verdicts,
        ended,
        lost,
    }))
}

/// What a hint's outcome is to the lab.
fn trial(outcome: &run::Outcome) -> Trial {
    let message = (outcome.status != Status::Passed).then(|| {
        let mut text = outcome.message.clone().unwrap_or_else(|| {
            match outcome.status {
                Status::TimedOut => "timed out",
                Status::Errored => "errored",
                _ => "failed",
            }
            .to_string()
        });
        if let (Some(expected), Some(actual)) = (&outcome.expected, &outcome.actual) {
            text.push_str(&format!("\nexpected: {expected}\nactual:   {actual}"));
        }
        match text.char_indices().nth(MESSAGE_LIMIT) {
            Some((end, _)) => format!("{}…", &text[..end]),
            None => text,
        }
    });
    let answer = (outcome.status != Status::Passed)
        .then(|| outcome.exchanges.last())
        .flatten()
        .map(|e| {
            let mut text = format!("{} {}", e.method, e.url);
            match (e.status, &e.error) {
                (Some(status), _) => text.push_str(&format!(" → {status}")),
                (None, Some(error)) => text.push_str(&format!(" → no answer: {error}")),
                (None, None) => text.push_str(" → no answer"),
            }
            if let Some(body) = e.response_body.as_deref().filter(|b| !b.is_empty()) {
                text.push('\n');
                text.push_str(body);
            }
            text
        });
    Trial {
        status: outcome.status,
        took: outcome.duration,
        message,
        answer,
    }
}

/// How many ports an instance is tried on when another process holds the one it was given.
const PORT_TRIES: usize = 5;

/// A port for an instance: a free one of `--ports`, or one the system gives, never one handed
/// out to another instance that still runs.
fn pick_port(shared: &Shared) -> Result<u16, String> {
    let mut taken = shared.ports.lock().unwrap_or_else(|e| e.into_inner());
    match shared.options.ports {
        None => loop {
            let port = launch::free_port()?;
            if taken.insert(port) {
                return Ok(port);
            }
        },
        Some((low, high)) => {
            let port = (low..=high)
                .find(|p| !taken.contains(p) && launch::port_free(*p))
                .ok_or_else(|| {
                    format!("no port of --ports {low}-{high} is free; give a wider range")
                })?;
            taken.insert(port);
            Ok(port)
        }
    }
}

/// Gives back a port whose instance has stopped.
fn release(shared: &Shared, port: u16) {
    shared
        .ports
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&port);
}

/// How an attempt to start an instance on one port went.
enum Started {
    Ready(launch::App),
    /// Another process holds the port: the app could not listen there, or what answers there
    /// is not the app.
    PortTaken(String),
    Failed(Failure),
}

/// Starts an instance of `spec` with `env` on a port of its own and waits until it answers.
/// Another process may take the port between its choice and the app's start: then the app is
/// started again on another port.
fn start(
    shared: &Shared,
    spec: &AppSpec,
    env: &[(String, String)],
    what: &str,
) -> Result<Result<(u16, launch::App), Failure>, String> {
    let mut taken = Vec::new();
    loop {
        let port = pick_port(shared)?;
        match start_on(shared, spec, env, what, port)? {
            Started::Ready(app) => return Ok(Ok((port, app))),
            Started::Failed(failed) => {
                release(shared, port);
                return Ok(Err(failed));
            }
            // The port stays handed out: whoever holds it may hold it a while.
            Started::PortTaken(why) => {
                taken.push(why);
                if taken.len() >= PORT_TRIES {
                    return Ok(Err(Failure {
                        message: format!(
                            "{what} (`{}` in {}) could not get a port of its own in {PORT_TRIES} tries: {}",
                            spec.start,
                            spec.dir.display(),
                            taken.join("; ")
                        ),
                        log: String::new(),
                    }));
                }
            }
        }
    }
}

/// Starts an instance on `port` and waits until it answers there, itself: the port must be one
/// its own processes listen on.
fn start_on(
    shared: &Shared,
    spec: &AppSpec,
    env: &[(String, String)],
    what: &str,
    port: u16,
) -> Result<Started, String> {
    let setting = launch::Setting {
        dir: Some(&spec.dir),
        port_var: Some(&spec.port_var),
        env,
    };
    let mut app = match launch::App::start_with(&spec.start, port, &setting) {
        Ok(app) => app,
        Err(message) => {
            return Ok(Started::Failed(Failure {
                message: format!("{what}: {message}"),
                log: String::new(),
            }))
        }
    };
    let url = format!("http://127.0.0.1:{port}");
    let prober = run::Prober::new(false, &[], &url)?;
    let deadline = Instant::now() + shared.options.ready_timeout;
    loop {
        if shared.cancel.is_requested() {
            return Ok(Started::Failed(Failure {
                message: format!("{what} was stopped before it answered"),
                log: String::new(),
            }));
        }
        if let Some(status) = app.exited() {
            let log = app.log();
            if log.contains("EADDRINUSE") || log.to_lowercase().contains("address already in use") {
                return Ok(Started::PortTaken(format!(
                    "port {port} was taken by another process before the app could listen there"
                )));
            }
            return Ok(Started::Failed(Failure {
                message: format!(
                    "{what} (`{}` in {}) ended ({status}) before it answered on {url}",
                    spec.start,
                    spec.dir.display()
                ),
                log,
            }));
        }
        let stop = || shared.cancel.is_requested();
        if prober.answers(&url, Duration::from_secs(2), &stop).is_ok() {
            if !launch::LISTS_PORTS || app.listening_ports().contains(&port) {
                return Ok(Started::Ready(app));
            }
            // Something answers, but not from the processes started here.
            app.stop(Duration::from_secs(1));
            return Ok(Started::PortTaken(format!(
                "another process answers on port {port}"
            )));
        }
        if Instant::now() >= deadline {
            let log = app.log();
            app.stop(Duration::from_secs(1));
            return Ok(Started::Failed(Failure {
                message: format!(
                    "{what} (`{}` in {}) did not answer on {url} within {} s; it is given its port in {}",
                    spec.start,
                    spec.dir.display(),
                    shared.options.ready_timeout.as_secs(),
                    spec.port_var
                ),
                log,
            }));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
