//! `grade --watch`: grade, wait for the learner's change, restart the app, grade again.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::round::grade_round;
use crate::catalog::Entry;
use crate::cli::Exit;
use crate::cli::GradeRequest;
use crate::error::Error;
use crate::{launch, mistakes, prepare, report, run, watch};

/// `--watch`: grades, then waits for a change under `dir`, restarts a `--start` app, and grades
/// again, the challenges that did not pass last time first; until Ctrl-C.
pub fn rounds(
    request: &GradeRequest,
    catalog_order: Vec<&Entry>,
    paths: &[PathBuf],
    dir: &Path,
    cancel: &run::Cancel,
) -> Result<Exit, Error> {
    // Every report file grade writes there is its own change, not the learner's.
    let own: Vec<PathBuf> = request.reports.paths().map(Path::to_path_buf).collect();
    let mut watcher = watch::Watcher::new(dir, own)?;
    let words = report::words(request.source.language);
    let language = request.source.language;
    let mut round = 1;
    let mut entries = catalog_order.clone();
    let mut changed: Vec<PathBuf> = Vec::new();
    let mut app: Option<launch::App> = None;
    let mut url: Option<run::AppUrl> = None;
    let mut facts = mistakes::Facts::default();
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
        report::say(&format!("\n{}", report::heading(&heading)));
        // The app comes up for the first round, and again after each change when grade runs it;
        // an app that reloads itself is waited for.
        if url.is_none() {
            let mut this_round = request.clone();
            this_round.wait |= round > 1;
            match prepare::app(&this_round, cancel, round > 1)? {
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
            let (summary, failed) = grade_round(
                request,
                &entries,
                paths,
                url,
                std::mem::take(&mut facts),
                None,
            )?;
            if summary.interrupted {
                stop(&mut app, 0.5);
                return Ok(Exit::Interrupted);
            }
            // What did not pass comes first next time, the rest in catalog order.
            entries = catalog_order.clone();
            entries.sort_by_key(|e| !failed.contains(&e.id));
        }
        let shown = report::visible_line(&dir.display().to_string()).into_owned();
        let watching = words
            .watching
            .replace("{dir}", &report::isolate(words, &shown));
        report::say(&report::dimmed(&watching));
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
