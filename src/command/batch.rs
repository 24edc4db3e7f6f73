//! `grade batch ROSTER`: every learner of a roster graded into the results file, then the
//! gradebook.

use super::merge::write_gradebook;
use super::selection::check_source;
use super::selection::Selection;
use crate::cli::BatchRequest;
use crate::cli::Exit;
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
    let learners: Vec<batch::roster::Learner> = match request.partition {
        Some((k, n)) => learners
            .into_iter()
            .filter(|l| batch::in_partition(&l.name, k, n))
            .collect(),
        None => learners,
    };
    let (results, done) = crate::results::Results::open(&request.results, request.resume)?;
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
    write_gradebook(&[results.path().to_path_buf()], &request.reports, None)?;
    Ok(Exit::Passed)
}
