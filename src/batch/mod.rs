//! `grade batch`: a class graded at once. Learners are graded in parallel, each learner's
//! challenges in order by the same runner `grade` uses, never more than a few hints at once
//! against one host; each learner and challenge is written to the results file as it finishes.
//! Nothing here keeps a learner once they are written.

pub mod roster;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::catalog::{Entry, Language};
use crate::error::Error;
use crate::mistakes::{Diagnoser, Facts};
use crate::plan;
use crate::results::{self, Results};
use crate::run::{self, HostGate, Outcome};
use roster::Learner;

/// How a class is graded.
#[derive(Debug, Clone)]
pub struct Options {
    /// Learners graded at once.
    pub jobs: usize,
    /// Hints at once against one host, across learners.
    pub per_host: usize,
    /// The language of learners whose row names none.
    pub language: &'static Language,
    /// How each learner's hints run; its `jobs` and `gate` are set here.
    pub run: run::Config,
    /// What each record says of the run it comes from.
    pub provenance: results::Run,
    /// Each selected challenge's place in its catalog, by column.
    pub orders: Vec<usize>,
}

/// One learner and the challenges still to grade for them, by column.
#[derive(Debug, Clone)]
pub struct Work {
    pub learner: Learner,
    pub columns: Vec<usize>,
}

/// What the grading threads tell the caller as they go.
#[derive(Debug, Clone)]
pub enum Progress {
    /// A hint finished for some learner.
    Hint,
    /// A learner is done: graded, or found unreachable.
    Learner { unreachable: bool },
    /// Nothing finished for a while: the learners being graded (their names), the one graded
    /// longest first, with how long each has been.
    Waiting(Vec<(String, Duration)>),
}

/// What a batch did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub learners: usize,
    pub unreachable: usize,
    pub hints: usize,
    pub duration: Duration,
    pub interrupted: bool,
    /// The most hints ever at once against one host.
    pub highest_per_host: usize,
}

/// Grades `work` against `entries` (the selected challenges, in column order), appending to
/// `results`, and reports progress to `progress` on this thread.
pub fn grade(
    work: &[Work],
    entries: &[&Entry],
    options: &Options,
    results: &Results,
    quiet_at_most: Duration,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary, Error> {
    let cancel = run::Cancel::install()?;
    let gate = Arc::new(HostGate::new(options.per_host));
    // Each learner's run has one worker, and the run's memory is shared by the learners graded at
    // once, so the whole process tree stays within it however many there are.
    let (pool, share) =
        run::Pool::within_memory(options.run.memory_limit, options.jobs, work.len());
    let mut config = options.run.clone();
    config.jobs = 1;
    config.memory_limit = share;
    config.gate = Some(gate.clone());
    let started = Instant::now();
    let mut summary = Summary::default();
    // The learners being graded, by their place in `work`, with when each started: what a
    // quiet stretch is waiting on.
    let in_flight: Mutex<BTreeMap<usize, Instant>> = Mutex::new(BTreeMap::new());
    // Checked often enough that a quiet stretch is told within a second of its bound.
    let pool = pool.tick(quiet_at_most.min(Duration::from_secs(1)));
    pool.run(
        work.len(),
        &|| cancel.is_requested(),
        || Ok(()),
        |(), index, progress| {
            let item = &work[index];
            lock(&in_flight).insert(index, Instant::now());
            let graded = grade_learner(
                item, entries, options, &config, &gate, results, &cancel, progress,
            );
            lock(&in_flight).remove(&index);
            graded
        },
        &mut |step| match step {
            run::Step::Note(event) => {
                match &event {
                    Progress::Hint => summary.hints += 1,
                    Progress::Learner { unreachable } => {
                        summary.learners += 1;
                        summary.unreachable += usize::from(*unreachable);
                    }
                    Progress::Waiting(_) => {}
                }
                progress(event);
            }
            run::Step::Quiet => {
                let mut waiting: Vec<(String, Duration)> = lock(&in_flight)
                    .iter()
                    .map(|(&i, since)| (work[i].learner.name.clone(), since.elapsed()))
                    .collect();
                waiting.sort_by_key(|w| std::cmp::Reverse(w.1));
                progress(Progress::Waiting(waiting));
            }
            run::Step::Done(..) => {}
        },
    )?;
    summary.duration = started.elapsed();
    summary.interrupted = cancel.is_requested();
    summary.highest_per_host = gate.highest();
    Ok(summary)
}

/// One learner: asked once whether their app answers, then graded, each challenge written as
/// it finishes. A challenge cut short by Ctrl-C is not written, so a resumed run grades it.
#[allow(clippy::too_many_arguments)]
fn grade_learner(
    item: &Work,
    entries: &[&Entry],
    options: &Options,
    config: &run::Config,
    gate: &HostGate,
    results: &Results,
    cancel: &run::Cancel,
    progress: &dyn Fn(Progress),
) -> Result<(), Error> {
    let learner = &item.learner;
    let language = learner.language.unwrap_or(options.language);
    let selected: Vec<&Entry> = item.columns.iter().map(|&c| entries[c]).collect();
    let plan = plan::plan(&learner.url, &selected, language);
    let stopped = || cancel.is_requested();
    let answered = {
        let Some(_admitted) = gate.enter(&HostGate::host_of(&learner.url), &stopped) else {
            return Ok(());
        };
        let prober = run::Prober::new(config.insecure, &config.allow_hosts, &learner.url)?;
        let asked = Instant::now();
        let bound = config.timeout.min(Duration::from_secs(10));
        prober
            .answers(&learner.url, bound, &|| cancel.is_requested())
            .map(|answered| (asked.elapsed(), answered))
    };
    let who = results::Who {
        key: learner.key.clone(),
        name: learner.name.clone(),
        row: learner.row,
        url: learner.url.clone(),
        columns: learner.columns.clone(),
    };
    let record_for = |index: usize| {
        results::record_for(
            &who,
            &options.provenance,
            &plan.challenges[index],
            options.orders[item.columns[index]],
        )
    };
    let (first_answer, answered) = match answered {
        Ok(found) => found,
        Err(unreachable) if unreachable.reason == run::http::Reason::Stopped => return Ok(()),
        Err(unreachable) => {
            for index in 0..plan.challenges.len() {
                let mut record = record_for(index);
                record.reason = Some(unreachable.message.clone());
                results.append(&record)?;
            }
            progress(Progress::Learner { unreachable: true });
            return Ok(());
        }
    };
    // The URL given is graded, as in `grade`; redirects to where `/` led are followed there.
    let mut config = config.clone();
    if run::other_origin(&plan.url, &answered) {
        config.led_to.push(answered);
    }
    let mut diagnoser = Diagnoser::new(Facts {
        first_answer: Some(first_answer),
        ..Facts::default()
    });
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut written: Result<(), String> = Ok(());
    let summary = run::execute(
        &plan,
        &config,
        &mut |event| match diagnoser.annotate(event) {
            // Counted as each hint finishes, not when its challenge's outcomes are released.
            run::Event::Progress { .. } => progress(Progress::Hint),
            run::Event::HintFinished { outcome, .. } => outcomes.push(*outcome),
            run::Event::ChallengeFinished { challenge } => {
                let planned = &plan.challenges[challenge];
                let done = std::mem::take(&mut outcomes);
                if done.len() == planned.hints.len() && written.is_ok() {
                    let record = results::graded(record_for(challenge), planned, &done);
                    written = results.append(&record);
                }
            }
            _ => {}
        },
    )?;
    written?;
    if !summary.interrupted {
        progress(Progress::Learner { unreachable: false });
    }
    Ok(())
}

/// Which learners a run grades, besides the roster: `--partition`, `--only` and
/// `--retry-unreachable`.
#[derive(Debug, Clone)]
pub struct Choice<'a> {
    pub partition: Option<(usize, usize)>,
    /// Learners by key or name; every learner when empty.
    pub only: &'a HashSet<&'a str>,
    pub retry_unreachable: bool,
}

/// The work of a run: each learner of `learners` the choice keeps, with the columns of
/// `entries` still to grade for them. What `done` holds for a learner at the address the roster
/// still gives is not graded again, unless the learner is named by `--only`, or was unreachable
/// and `--retry-unreachable` asks for them.
pub fn select(
    learners: Vec<Learner>,
    entries: &[&Entry],
    done: &[results::Done],
    choice: &Choice,
) -> Vec<Work> {
    let kept: HashMap<(&str, &str), &results::Done> = done
        .iter()
        .map(|d| ((d.learner.as_str(), d.challenge.as_str()), d))
        .collect();
    let only = choice.only;
    learners
        .into_iter()
        .filter(|l| match choice.partition {
            Some((k, n)) => in_partition(&l.key, k, n),
            None => true,
        })
        .filter(|l| {
            only.is_empty() || only.contains(l.key.as_str()) || only.contains(l.name.as_str())
        })
        .map(|learner| {
            let named = !only.is_empty();
            let columns = (0..entries.len())
                .filter(|&c| {
                    match kept.get(&(learner.key.as_str(), entries[c].id.as_str())) {
                        // Graded already, at the address the roster still gives.
                        Some(done) if done.url == learner.url => {
                            named || (choice.retry_unreachable && done.unreachable)
                        }
                        _ => true,
                    }
                })
                .collect();
            Work { learner, columns }
        })
        .filter(|w| !w.columns.is_empty())
        .collect()
}

/// Whether the learner `key` falls in slice `k` of `n` (from 1): by a hash of the key, so each
/// learner's slice never depends on the rest of the roster or its order.
pub fn in_partition(learner: &str, k: usize, n: usize) -> bool {
    // FNV-1a, 64 bits: stable across versions and machines.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in learner.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash % n as u64) as usize == k - 1
}

/// The lock, also after a thread that held it panicked: the map stays usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::in_partition;

    #[test]
    fn partitions_cover_every_learner_once() {
        let names: Vec<String> = (0..1000).map(|i| format!("learner-{i}")).collect();
        for n in 1..=5 {
            for name in &names {
                let slices = (1..=n).filter(|&k| in_partition(name, k, n)).count();
                assert_eq!(slices, 1, "{name} in {n}");
            }
            // Slices are roughly even.
            for k in 1..=n {
                let size = names.iter().filter(|name| in_partition(name, k, n)).count();
                assert!(size > 1000 / n / 2, "slice {k}/{n} has {size}");
            }
        }
    }
}
