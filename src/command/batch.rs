//! `grade batch ROSTER`: every learner of a roster graded into the results file, then the
//! gradebook. Results are joined on who and what: a learner's key and a challenge's id. A run
//! resumed with another roster grades what is new and keeps what still applies; one of another
//! class (no learner in common, or its ids held by other people) is refused unless
//! `--same-class` says they are one.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::merge::{what_replaced, who, write_book};
use super::selection::check_source;
use super::selection::Selection;
use crate::batch::roster::Learner;
use crate::cli::BatchRequest;
use crate::cli::Exit;
use crate::error::Error;
use crate::report::gradebook::{Only, Reading, Why};
use crate::results::{self, Done};
use crate::{batch, report, run};

/// `grade batch`: every learner of the roster, into the results file, then the gradebook.
pub fn run(request: &BatchRequest) -> Result<Exit, Error> {
    report::set_color(request.source.color);
    check_source(&request.source)?;
    request.reports.check_writable()?;
    let learners = match batch::roster::read(&request.roster) {
        Ok(learners) => learners,
        Err(problems) => {
            for problem in problems {
                report::say(&format!("{}: {problem}", report::error_label()));
            }
            return Ok(Exit::InputError);
        }
    };
    let normalized: Vec<&Learner> = learners.iter().filter(|l| l.normalized).collect();
    if !normalized.is_empty() {
        report::say(&format!(
            "note: `{}` writes {} in decomposed Unicode (as macOS saves text); names and ids are compared in NFC, so they match however they were typed: {}",
            request.roster.display(),
            report::english_count(normalized.len(), "learner's name or id", "learners' names or ids"),
            list(normalized.iter().map(|l| l.name.as_str()).collect())
        ));
    }
    // The translations fetched are those the roster's learners read, and the default one.
    let mut languages = vec![request.source.language];
    for language in learners.iter().filter_map(|l| l.language) {
        if !languages.contains(&language) {
            languages.push(language);
        }
    }
    let selection = Selection::read(&request.selection, &request.source, &languages)?;
    let Some(entries) = selection.entries(request.source.language)? else {
        return Ok(Exit::InputError);
    };
    tell_untranslated(&learners, &entries);
    // Moodle matches on an email or ID number: a roster without them is told before grading.
    if request
        .reports
        .path(crate::report::ReportFile::Moodle)
        .is_some()
    {
        let has = |l: &Learner, names: &[&str]| {
            l.columns
                .iter()
                .any(|(k, v)| !v.is_empty() && results::is_column(k, names))
        };
        if let Some(learner) = learners.iter().find(|l| {
            !has(
                l,
                &[
                    "email",
                    "e-mail",
                    "email address",
                    "idnumber",
                    "id number",
                    "id",
                ],
            )
        }) {
            return Err(format!(
                "--report-moodle: Moodle matches learners on their email or ID number, and `{}` gives neither for {}\nhelp: add an `email` column to the roster",
                request.roster.display(),
                who(&learner.key, &learner.name)
            )
            .into());
        }
    }
    let provenance = results::Run {
        class: results::class_of(learners.iter().map(|l| (l.key.as_str(), l.name.as_str()))),
        roster: results::fingerprint(
            learners
                .iter()
                .flat_map(|l| [l.key.as_str(), l.url.as_str()]),
        ),
        selection: results::fingerprint(entries.iter().map(|e| e.id.as_str())),
        partition: request.partition.map(|(k, n)| format!("{k}/{n}")),
        profile: request.run.profile.name().to_string(),
        curriculum: (!selection.fetched_ids().is_empty())
            .then(|| request.source.remote.reference.clone()),
        fetched: selection.fetched_ids(),
    };
    // Who is named by --only (compared as NFC, as the roster is), checked against the whole
    // roster and the slice before anything runs.
    let only_names: Vec<String> = request.only.iter().map(|n| results::nfc(n)).collect();
    let only: HashSet<&str> = only_names.iter().map(String::as_str).collect();
    for name in &only {
        let Some(found) = learners.iter().find(|l| l.key == *name || l.name == *name) else {
            return Err(format!(
                "--only {name}: no learner of `{}` has that id or name",
                request.roster.display()
            )
            .into());
        };
        if let Some((k, n)) = request.partition {
            if !batch::in_partition(&found.key, k, n) {
                let theirs = (1..=n).find(|&s| batch::in_partition(&found.key, s, n));
                return Err(format!(
                    "--only {name}: {} is in slice {}/{n}, not in --partition {k}/{n}\nhelp: run it with --partition {}/{n}, or without --partition",
                    who(&found.key, &found.name),
                    theirs.unwrap_or(0),
                    theirs.unwrap_or(0)
                )
                .into());
            }
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
    let (results, mut done) = results::Results::open(&request.results, append)?;
    let mut provenance = provenance;
    let mut aliases: HashMap<String, String> = HashMap::new();
    if !done.is_empty() {
        // Learners graded before the roster had an id column were keyed by their name: they
        // are found by it, under their id now.
        let by_name: HashMap<&str, Vec<&Learner>> =
            learners.iter().fold(HashMap::new(), |mut map, l| {
                map.entry(l.name.as_str()).or_default().push(l);
                map
            });
        for entry in &mut done {
            if entry.keyed_by_name && !roster_keys.contains(&entry.learner) {
                if let Some([learner]) = by_name.get(entry.learner.as_str()).map(Vec::as_slice) {
                    aliases.insert(entry.learner.clone(), learner.key.clone());
                    entry.learner = learner.key.clone();
                }
            }
        }
        if !done.iter().any(|d| roster_keys.contains(&d.learner)) {
            let theirs: BTreeSet<&str> = done.iter().map(|d| d.learner.as_str()).collect();
            return Err(format!(
                "`{}` holds the results of another class: none of its {} is in `{}`\nhelp: give this roster its own --results file",
                request.results.display(),
                report::english_count(theirs.len(), "learner", "learners"),
                request.roster.display()
            ).into());
        }
        let mut ours = results::Members::default();
        for l in &learners {
            ours.add(&l.key, &l.name, &l.url, "");
        }
        let mut theirs = results::Members::default();
        for d in &done {
            theirs.add(&d.learner, &d.name, &d.url, &d.graded_at);
        }
        let judgement = results::judge(&theirs, &ours);
        if !judgement.one_class() && !request.same_class {
            let shown: Vec<String> = judgement
                .strangers
                .iter()
                .take(10)
                .map(|(key, theirs, ours)| {
                    format!(
                        "`{}` is `{}` there and `{}` here",
                        report::visible_line(key),
                        report::visible_line(theirs),
                        report::visible_line(ours)
                    )
                })
                .collect();
            return Err(format!(
                "`{}` holds the results of another class that shares {} with `{}`: {}\nhelp: give this roster its own --results file, or pass --same-class if they are one class",
                request.results.display(),
                report::english_count(judgement.strangers.len(), "id", "ids"),
                request.roster.display(),
                shown.join("; ")
            )
            .into());
        }
        let renamed = judgement.renamed.iter().chain(if request.same_class {
            &judgement.strangers[..]
        } else {
            &[]
        });
        for (key, was, now) in renamed {
            report::say(&format!(
                "renamed: `{}` was `{}` in `{}` and is `{}` in `{}` now",
                report::visible_line(key),
                report::visible_line(was),
                request.results.display(),
                report::visible_line(now),
                request.roster.display()
            ));
        }
        // The class keeps the identity its first results were written with, however the roster
        // grew since.
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for d in done.iter().filter(|d| !d.class.is_empty()) {
            *counts.entry(d.class.as_str()).or_default() += 1;
        }
        if let Some((class, _)) = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        {
            provenance.class = class.to_string();
        }
        tell_what_was_kept(&done, &learners, &selected, &provenance.roster);
    }
    let choice = batch::Choice {
        partition: request.partition,
        only: &only,
        retry_unreachable: request.retry_unreachable,
    };
    let work = batch::select(learners, &entries, &done, &choice);
    let options = batch::Options {
        jobs: request.jobs,
        per_host: request.per_host,
        language: request.source.language,
        run: request.run.clone(),
        provenance,
        orders: entries.iter().map(|e| selection.order_of(e)).collect(),
    };
    let hints: usize = work
        .iter()
        .map(|w| {
            w.columns
                .iter()
                .map(|&c| hints_of(entries[c]))
                .sum::<usize>()
        })
        .sum();
    let mut progress = report::BatchProgress::new(work.len(), hints, request.log_every);
    let summary = batch::grade(
        &work,
        &entries,
        &options,
        &results,
        request.log_every,
        &mut |event| match event {
            batch::Progress::Hint => progress.hint(),
            batch::Progress::Learner { .. } => progress.learner(),
            batch::Progress::Waiting(on) => progress.waiting(&on),
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
    if !only.is_empty() {
        tell_what_changed(&request.results, &done, &only_names, &aliases, &entries)?;
    }
    let book_only = Only {
        learners: roster_rows,
        challenges: selected,
    };
    // Read once: for where answers came from, and for the gradebook files asked for.
    let book = report::gradebook::Gradebook::read_with(
        &[results.path().to_path_buf()],
        Reading {
            only: Some(&book_only),
            same_class: request.same_class,
        },
    )?;
    tell_where_answers_came_from(&book);
    let reports = &request.reports;
    if reports.any() {
        write_book(&book, reports, None, request.source.language)?;
        // A regrade replacing an older result is what was asked for; a grade kept over an app
        // that did not answer is not, and is said.
        for kept in book
            .replaced
            .iter()
            .filter(|r| r.why == Why::AppDidNotAnswer)
        {
            report::say(&format!("kept: {}", what_replaced(kept)));
        }
    }
    Ok(Exit::Passed)
}

/// Says which learners' hints were answered by another origin, through their apps' redirects,
/// and which learners were answered by the same app: a grade another app earned.
fn tell_where_answers_came_from(book: &report::gradebook::Gradebook) {
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
                gone_challenges.insert(entry.challenge_name.as_str());
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
    // A result at an address the roster no longer gives is graded again now: replaced, not
    // left out.
    let regraded = done
        .iter()
        .filter(|d| moved.contains(d.learner.as_str()) && selected.contains(&d.challenge))
        .count();
    let dropped = done.len() - kept - regraded;
    if !changed && dropped == 0 && regraded == 0 {
        return;
    }
    let new: Vec<&str> = learners
        .iter()
        .filter(|l| !done.iter().any(|d| d.learner == l.key))
        .map(|l| l.key.as_str())
        .collect();
    let mut lines = vec![format!(
        "the roster or the selection changed since these results were written: {} kept, {} graded again, {} left out of the gradebook",
        report::english_count(kept, "result", "results"),
        regraded,
        dropped
    )];
    let list = |items: &BTreeSet<&str>| list(items.iter().copied().collect());
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

/// Up to ten items in backticks, and how many more.
fn list(items: Vec<&str>) -> String {
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
}

/// The hints a challenge has in English, which a learner in any language is graded on.
fn hints_of(entry: &crate::catalog::Entry) -> usize {
    entry
        .version(crate::catalog::ENGLISH)
        .parsed
        .challenge
        .hints
        .len()
}

/// Says, once per language, which learners asked (in the roster's `lang`) for a language some
/// selected challenges have no translation in, and that those are graded in English, as
/// `grade` says it for one learner.
fn tell_untranslated(learners: &[Learner], entries: &[&crate::catalog::Entry]) {
    let mut asked: Vec<(&'static crate::catalog::Language, Vec<&str>)> = Vec::new();
    for learner in learners {
        let Some(language) = learner.language else {
            continue;
        };
        match asked.iter_mut().find(|(l, _)| std::ptr::eq(*l, language)) {
            Some((_, names)) => names.push(&learner.name),
            None => asked.push((language, vec![&learner.name])),
        }
    }
    for (language, names) in asked {
        let missing: Vec<&str> = entries
            .iter()
            .filter(|e| e.find(language).is_none())
            .map(|e| e.dashed_name())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let all = missing.len() == entries.len();
        report::say(&format!(
            "note: {} {} `{}` ({}), and {} no {} translation; {} in English",
            report::english_count(names.len(), "learner", "learners"),
            if names.len() == 1 {
                "asks for"
            } else {
                "ask for"
            },
            language.code,
            list(names),
            if all {
                "the selected challenges have".to_string()
            } else {
                format!(
                    "{} {}",
                    list(missing.clone()),
                    if missing.len() == 1 { "has" } else { "have" }
                )
            },
            language.english,
            if all || missing.len() > 1 {
                "they are graded"
            } else {
                "it is graded"
            }
        ));
    }
}

/// After `--only`, each learner's grade before and after, challenge by challenge, where it
/// changed (`6/8 → 8/8`), or that it did not.
fn tell_what_changed(
    path: &std::path::Path,
    before: &[Done],
    named: &[String],
    aliases: &HashMap<String, String>,
    entries: &[&crate::catalog::Entry],
) -> Result<(), String> {
    let (_, after) = results::Results::open(path, true)?;
    for name in named {
        // The learner's results, the newest first (one may be under the name they were keyed
        // by before the roster had ids).
        let of = |list: &[Done]| -> Vec<Done> {
            let mut found: Vec<Done> = list
                .iter()
                .filter(|d| {
                    let key = aliases.get(&d.learner).unwrap_or(&d.learner);
                    key == name || d.name == *name
                })
                .cloned()
                .collect();
            found.sort_by(|a, b| b.graded_at.cmp(&a.graded_at));
            found
        };
        let (old, new) = (of(before), of(&after));
        let Some(first) = new.first() else {
            continue;
        };
        let mut changes = Vec::new();
        for entry in entries {
            let find = |list: &[Done]| {
                list.iter()
                    .find(|d| d.challenge == entry.id)
                    .map(|d| (d.passed, d.total, d.unreachable))
            };
            let shown = |found: Option<(usize, usize, bool)>| match found {
                None => "not submitted".to_string(),
                Some((_, _, true)) => "did not answer".to_string(),
                Some((passed, total, false)) => format!("{passed}/{total}"),
            };
            let (was, now) = (find(&old), find(&new));
            if was != now {
                // A regrade that found the app down never takes away a grade (the gradebook
                // keeps it), which is said here too.
                let kept = match (was, now) {
                    (Some((_, _, false)), Some((_, _, true))) => {
                        format!(" ({} kept)", shown(was))
                    }
                    _ => String::new(),
                };
                changes.push(format!(
                    "{} {} → {}{kept}",
                    entry.dashed_name(),
                    shown(was),
                    shown(now)
                ));
            }
        }
        let what = if changes.is_empty() {
            "graded again, no change".to_string()
        } else {
            changes.join(", ")
        };
        report::say(&format!("{}: {what}", who(&first.learner, &first.name)));
    }
    Ok(())
}
