//! `grade batch ROSTER`: every learner of a roster graded into the results file, then the
//! gradebook. Results are joined on who and what: a learner's key and a challenge's id. A run
//! resumed with another roster grades what is new and keeps what still applies; one that shares
//! no learner with the file is refused.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::merge::{what_replaced, write_gradebook};
use super::selection::check_source;
use super::selection::Selection;
use crate::batch::roster::Learner;
use crate::cli::BatchRequest;
use crate::cli::Exit;
use crate::report::gradebook::{Only, Why};
use crate::results::{self, Done};
use crate::{batch, report, run};

/// `grade batch`: every learner of the roster, into the results file, then the gradebook.
pub fn run(request: &BatchRequest) -> Result<Exit, String> {
    report::set_color(request.source.color);
    check_source(&request.source)?;
    let learners = match batch::roster::read(&request.roster) {
        Ok(learners) => learners,
        Err(problems) => {
            for problem in problems {
                report::say(&format!("{}: {problem}", report::error_label()));
            }
            return Ok(Exit::InputError);
        }
    };
    let selection = Selection::read(&request.selection, &request.source)?;
    let Some(entries) = selection.entries(request.source.language)? else {
        return Ok(Exit::InputError);
    };
    let provenance = results::Run {
        roster: results::fingerprint(
            learners
                .iter()
                .flat_map(|l| [l.key.as_str(), l.url.as_str()]),
        ),
        selection: results::fingerprint(entries.iter().map(|e| e.id.as_str())),
        partition: request.partition.map(|(k, n)| format!("{k}/{n}")),
        profile: request.run.profile.name().to_string(),
    };
    // Who is named by --only, checked against the whole roster before anything runs.
    let only: HashSet<&str> = request.only.iter().map(String::as_str).collect();
    for name in &only {
        if !learners.iter().any(|l| l.key == *name || l.name == *name) {
            return Err(format!(
                "--only {name}: no learner of `{}` has that id or name",
                request.roster.display()
            ));
        }
    }
    let roster_keys: HashSet<String> = learners.iter().map(|l| l.key.clone()).collect();
    let roster_rows: HashMap<String, report::gradebook::Current> = learners
        .iter()
        .map(|l| {
            let current = report::gradebook::Current {
                row: l.row,
                name: l.name.clone(),
                columns: l.columns.clone(),
            };
            (l.key.clone(), current)
        })
        .collect();
    let selected: HashSet<String> = entries.iter().map(|e| e.id.clone()).collect();
    let append = request.resume || !only.is_empty() || request.retry_unreachable;
    let (results, done) = results::Results::open(&request.results, append)?;
    if !done.is_empty() {
        if !done.iter().any(|d| roster_keys.contains(&d.learner)) {
            let theirs: BTreeSet<&str> = done.iter().map(|d| d.learner.as_str()).collect();
            return Err(format!(
                "`{}` holds the results of another class: none of its {} learners is in `{}`\nhelp: give this roster its own --results file",
                request.results.display(),
                theirs.len(),
                request.roster.display()
            ));
        }
        tell_what_was_kept(&done, &learners, &selected, &provenance.roster);
    }
    let kept: HashMap<(&str, &str), &Done> = done
        .iter()
        .map(|d| ((d.learner.as_str(), d.challenge.as_str()), d))
        .collect();
    let work: Vec<batch::Work> = learners
        .into_iter()
        .filter(|l| match request.partition {
            Some((k, n)) => batch::in_partition(&l.key, k, n),
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
                            named || (request.retry_unreachable && done.unreachable)
                        }
                        _ => true,
                    }
                })
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
        provenance,
        orders: entries.iter().map(|e| selection.order_of(e)).collect(),
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
        "{} graded ({} did not answer), {} in {} ({:.1} hints/s); results in {}",
        report::english_count(summary.learners, "learner", "learners"),
        summary.unreachable,
        report::english_count(summary.hints, "hint", "hints"),
        run::http::seconds(summary.duration),
        summary.hints as f64 / seconds,
        request.results.display()
    );
    report::say(&report::bold(&line));
    if summary.interrupted {
        report::say(&format!(
            "interrupted: grade batch {} --resume (with the same options) grades what is left",
            request.roster.display()
        ));
        return Ok(Exit::Interrupted);
    }
    // The gradebook of this roster and these challenges: results of learners or challenges
    // dropped since stay in the file, out of the gradebook.
    let only = Only {
        learners: roster_rows,
        challenges: selected,
    };
    tell_where_answers_came_from(results.path(), &only)?;
    let reports = &request.reports;
    if reports.any() {
        let replaced = write_gradebook(
            &[results.path().to_path_buf()],
            reports,
            None,
            Some(&only),
            request.source.language,
        )?;
        // A regrade replacing an older result is what was asked for; a grade kept over an app
        // that did not answer is not, and is said.
        for kept in replaced.iter().filter(|r| r.why == Why::AppDidNotAnswer) {
            report::say(&format!("kept: {}", what_replaced(kept)));
        }
    }
    Ok(Exit::Passed)
}

/// Says which learners' hints were answered by another origin, through their apps' redirects,
/// and which learners were answered by the same app: a grade another app earned.
fn tell_where_answers_came_from(path: &std::path::Path, only: &Only) -> Result<(), String> {
    let book = report::gradebook::Gradebook::read(&[path.to_path_buf()], Some(only))?;
    for row in &book.rows {
        let name = report::visible_line(&row.name);
        let origins = row.answered_by();
        if !origins.is_empty() {
            let origins: Vec<String> = origins
                .iter()
                .map(|o| report::visible_line(o).into_owned())
                .collect();
            report::say(&format!(
                "{}: `{name}`: answered by {} (the app's redirects led there)",
                report::warning_label(),
                origins.join(", ")
            ));
        }
        if !row.same_app_as.is_empty() {
            let others: Vec<String> = row
                .same_app_as
                .iter()
                .map(|o| format!("`{}`", report::visible_line(o)))
                .collect();
            report::say(&format!(
                "{}: `{name}`: answered by the same app as {}",
                report::warning_label(),
                others.join(", ")
            ));
        }
    }
    Ok(())
}

/// Says what a results file holds that this run keeps, and what no longer applies: learners no
/// longer in the roster, challenges no longer selected, and apps whose address changed (graded
/// again).
fn tell_what_was_kept(
    done: &[Done],
    learners: &[Learner],
    selected: &HashSet<String>,
    roster: &str,
) {
    let by_key: HashMap<&str, &Learner> = learners.iter().map(|l| (l.key.as_str(), l)).collect();
    let mut kept = 0;
    let mut gone_learners = BTreeSet::new();
    let mut gone_challenges = BTreeSet::new();
    let mut moved = BTreeSet::new();
    for entry in done {
        match by_key.get(entry.learner.as_str()) {
            None => {
                gone_learners.insert(entry.learner.as_str());
            }
            Some(_) if !selected.contains(&entry.challenge) => {
                gone_challenges.insert(entry.challenge.as_str());
            }
            Some(learner) if learner.url != entry.url => {
                moved.insert(entry.learner.as_str());
            }
            Some(_) => kept += 1,
        }
    }
    let changed = done
        .iter()
        .any(|d| !d.roster.is_empty() && d.roster != roster);
    let dropped = done.len() - kept;
    if !changed && dropped == 0 {
        return;
    }
    let new: Vec<&str> = learners
        .iter()
        .filter(|l| !done.iter().any(|d| d.learner == l.key))
        .map(|l| l.key.as_str())
        .collect();
    let mut lines = vec![format!(
        "the roster or the selection changed since these results were written: {} kept, {} left out of the gradebook",
        report::english_count(kept, "result", "results"),
        dropped
    )];
    let list = |items: &BTreeSet<&str>| {
        let shown: Vec<String> = items
            .iter()
            .take(10)
            .map(|s| format!("`{}`", report::visible_line(s)))
            .collect();
        let more = items.len().saturating_sub(10);
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    if !gone_learners.is_empty() {
        lines.push(format!(
            "  no longer in the roster: {}",
            list(&gone_learners)
        ));
    }
    if !gone_challenges.is_empty() {
        lines.push(format!("  no longer selected: {}", list(&gone_challenges)));
    }
    if !moved.is_empty() {
        lines.push(format!("  graded again at a new address: {}", list(&moved)));
    }
    if !new.is_empty() {
        let new: BTreeSet<&str> = new.into_iter().collect();
        lines.push(format!("  new in the roster, graded now: {}", list(&new)));
    }
    for line in lines {
        report::say(&line);
    }
}
