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
}

/// Why an app could not be used.
struct Failure {
    message: String,
    log: String,
}

struct Shared<'a> {
    manifest: &'a Manifest,
    options: &'a Options,
    plans: Vec<Vec<Planned>>,
    empty: EmptyApp,
    cancel: run::Cancel,
    /// Ports handed out, so two instances started at once never get the same one.
    ports: Mutex<HashSet<u16>>,
    /// Each run's share of the hints' memory.
    memory: usize,
    emit: &'a (dyn Fn(Event) + Sync),
}

pub(super) fn run_all(
    manifest: &Manifest,
    entries: &[Vec<&Entry>],
    options: &Options,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<Ran, String> {
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
    // The longest first: every language of every app, then the mutants, then the empty app.
    let mut tasks: Vec<Task> = Vec::new();
    for (app, planned) in plans.iter().enumerate() {
        tasks.extend(planned.iter().map(|p| Task {
            app,
            target: Target::Reference(p.language),
        }));
    }
    for (app, spec) in manifest.apps.iter().enumerate() {
        tasks.extend((0..spec.mutants.len()).map(|m| Task {
            app,
            target: Target::Mutant(m),
        }));
    }
    for (app, planned) in plans.iter().enumerate() {
        tasks.extend(planned.iter().map(|p| Task {
            app,
            target: Target::Empty(p.language),
        }));
    }
    let jobs = run::workers_within(options.config.memory_limit, options.jobs)
        .min(tasks.len())
        .max(1);
    let shared = Shared {
        manifest,
        options,
        plans,
        empty: EmptyApp::start()?,
        cancel: run::Cancel::install()?,
        ports: Mutex::new(HashSet::new()),
        memory: options.config.memory_limit / jobs,
        emit,
    };
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Done, Failure>>>> =
        Mutex::new((0..tasks.len()).map(|_| None).collect());
    let mut failure: Option<String> = None;
    std::thread::scope(|scope| {
        let mut workers = Vec::new();
        for _ in 0..jobs {
            workers.push(scope.spawn(|| -> Result<(), String> {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(task) = tasks.get(index) else {
                        return Ok(());
                    };
                    if shared.cancel.is_requested() {
                        return Ok(());
                    }
                    // An app that would not start is not started again for its other tasks.
                    let broken = results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .iter()
                        .zip(&tasks)
                        .any(|(r, t)| {
                            t.app == task.app
                                && matches!(t.target, Target::Reference(_))
                                && matches!(r, Some(Err(_)))
                        });
                    if broken && !matches!(task.target, Target::Empty(_)) {
                        continue;
                    }
                    let began = Instant::now();
                    let result = run_task(&shared, *task)?;
                    let app = &manifest.apps[task.app];
                    if let Err(failed) = &result {
                        (shared.emit)(Event::AppFailed {
                            app: app.name.clone(),
                            message: failed.message.clone(),
                            log: failed.log.clone(),
                        });
                    }
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(result);
                    (shared.emit)(Event::Ran {
                        app: app.name.clone(),
                        target: target_name(app, task.target),
                        done: finished.fetch_add(1, Ordering::SeqCst) + 1,
                        total: tasks.len(),
                        took: began.elapsed(),
                    });
                }
            }));
        }
        for worker in workers {
            match worker.join() {
                Ok(Ok(())) => {}
                Ok(Err(message)) => {
                    failure.get_or_insert(message);
                    shared.cancel.flag().store(true, Ordering::SeqCst);
                }
                Err(_) => {
                    failure.get_or_insert("a lab thread failed".to_string());
                }
            }
        }
    });
    if let Some(message) = failure {
        return Err(message);
    }
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    let interrupted = shared.cancel.is_requested();
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
        })
        .collect();
    // The rows first, from the plans: every hint in every language it is in.
    for (a, planned) in shared.plans.iter().enumerate() {
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
    }
    Ok(Ran {
        apps,
        runs,
        interrupted,
        problems,
    })
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
/// empty app. `Err` when the lab itself cannot go on.
fn run_task(shared: &Shared, task: Task) -> Result<Result<Done, Failure>, String> {
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
    let (url, mut instance) = match task.target {
        Target::Empty(_) => (shared.empty.url.clone(), None),
        _ => match start(shared, spec, &env, &what)? {
            Ok((url, app)) => (url, Some(app)),
            Err(failed) => return Ok(Err(failed)),
        },
    };
    let mut plan = planned.plan.clone();
    plan.url = url;
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
    for _ in 0..rounds {
        if shared.cancel.is_requested() {
            break;
        }
        run::execute(&plan, &config, &mut |event| {
            if let run::Event::HintFinished {
                challenge,
                hint,
                outcome,
            } = event
            {
                let index = plan.challenges[challenge].hints[hint].index;
                verdicts
                    .entry((planned.challenge_of[challenge], index))
                    .or_default()
                    .push(trial(&outcome));
            }
        })?;
        if let Some(app) = &mut instance {
            if let Some(status) = app.exited() {
                ended = Some(format!("it ended ({status}) while its hints ran"));
                if matches!(task.target, Target::Reference(_)) {
                    return Ok(Err(Failure {
                        message: format!(
                            "{what} (`{}`) ended ({status}) while its hints ran",
                            spec.start
                        ),
                        log: app.log(),
                    }));
                }
                break;
            }
        }
    }
    if let Some(mut app) = instance {
        app.stop(Duration::from_secs(3));
    }
    Ok(Ok(Done { verdicts, ended }))
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
    Trial {
        status: outcome.status,
        took: outcome.duration,
        message,
    }
}

/// Starts an instance of `spec` with `env` on a port of its own and waits until it answers.
fn start(
    shared: &Shared,
    spec: &AppSpec,
    env: &[(String, String)],
    what: &str,
) -> Result<Result<(String, launch::App), Failure>, String> {
    let port = loop {
        let port = launch::free_port()?;
        if shared
            .ports
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(port)
        {
            break port;
        }
    };
    let setting = launch::Setting {
        dir: Some(&spec.dir),
        port_var: Some(&spec.port_var),
        env,
    };
    let mut app = match launch::App::start_with(&spec.start, port, &setting) {
        Ok(app) => app,
        Err(message) => {
            return Ok(Err(Failure {
                message: format!("{what}: {message}"),
                log: String::new(),
            }))
        }
    };
    let url = format!("http://127.0.0.1:{port}");
    let prober = run::Prober::new(false, &[])?;
    let deadline = Instant::now() + shared.options.ready_timeout;
    loop {
        if shared.cancel.is_requested() {
            return Ok(Err(Failure {
                message: format!("{what} was stopped before it answered"),
                log: String::new(),
            }));
        }
        if let Some(status) = app.exited() {
            return Ok(Err(Failure {
                message: format!(
                    "{what} (`{}` in {}) ended ({status}) before it answered on {url}",
                    spec.start,
                    spec.dir.display()
                ),
                log: app.log(),
            }));
        }
        let stop = || shared.cancel.is_requested();
        if prober.answers(&url, Duration::from_secs(2), &stop).is_ok() {
            return Ok(Ok((url, app)));
        }
        if Instant::now() >= deadline {
            let log = app.log();
            app.stop(Duration::from_secs(1));
            return Ok(Err(Failure {
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
