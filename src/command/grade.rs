//! `grade --url URL [CHALLENGE]...`: one app graded once (a round of `round`), or round after
//! round with `--watch`; an app grade started is watched while it is graded.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::round::grade_round;
use super::selection::check_source;
use super::selection::Selection;
use crate::cli::Exit;
use crate::cli::GradeRequest;
use crate::error::Error;
use crate::prepare::{self, Ready};
use crate::report;
use crate::{launch, run};

pub fn run(request: &GradeRequest) -> Result<Exit, Error> {
    report::set_color(request.source.color);
    check_source(&request.source)?;
    request.reports.check_writable()?;
    let selection = Selection::read(
        &request.selection,
        &request.source,
        &[request.source.language],
    )?;
    let Some(entries) = selection.entries(request.source.language)? else {
        return Ok(Exit::InputError);
    };
    // The app comes up last, once the input is known to be good; it is stopped on every way out.
    let cancel = run::Cancel::install()?;
    if let Some(dir) = &request.watch {
        return super::watch::rounds(request, entries, &selection.paths, dir, &cancel);
    }
    let Ready {
        url,
        mut app,
        facts,
    } = match prepare::app(request, &cancel, false)? {
        Ok(ready) => ready,
        Err(exit) => return Ok(exit),
    };
    let Some(started) = app.take() else {
        let (summary, _) = grade_round(request, &entries, &selection.paths, &url, facts, None)?;
        return Ok(exit_of(&summary));
    };
    // An app grade started is watched while it is graded: when it ends, that is said at once
    // with its last output, and no further hint is sent to it.
    let app = Mutex::new(started);
    let halt = Arc::new(AtomicBool::new(false));
    let finished = AtomicBool::new(false);
    // Said once, by the watcher or after the round, whichever sees the end first.
    let said = AtomicBool::new(false);
    let say_ended = |app: &mut launch::App, within: Duration| {
        // The app stopped listening a moment before its shell ends.
        let deadline = std::time::Instant::now() + within;
        while app.exited().is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let Some(status) = app.exited() else {
            return false;
        };
        if !said.swap(true, Ordering::SeqCst) {
            let command = request.start.as_deref().unwrap_or_default();
            report::say(&format!(
                "{}: `{}` ended ({status}) while it was being graded; no further hint is sent to it",
                report::error_label(),
                report::visible_line(command)
            ));
            prepare::show_log(Some(app.log()));
        }
        true
    };
    let summary = std::thread::scope(|scope| {
        let (pid, ports) = {
            let app = app.lock().unwrap_or_else(|e| e.into_inner());
            (app.pid(), app.listening_ports())
        };
        let (app, finished, halt, say_ended) = (&app, &finished, &halt, &say_ended);
        scope.spawn(move || {
            while !finished.load(Ordering::SeqCst) {
                // Woken the moment the app ends, or when it is stopped after grading.
                launch::wait_ended(pid);
                let mut app = app.lock().unwrap_or_else(|e| e.into_inner());
                if finished.load(Ordering::SeqCst) {
                    return;
                }
                if say_ended(&mut app, Duration::ZERO) {
                    halt.store(true, Ordering::SeqCst);
                    return;
                }
                drop(app);
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let graded = grade_round(
            request,
            &entries,
            &selection.paths,
            &url,
            facts,
            Some((halt.clone(), pid, ports)),
        );
        // The round saw the app end before its watcher woke: it is said now.
        if graded.as_ref().is_ok_and(|(s, _)| s.halted) {
            say_ended(
                &mut app.lock().unwrap_or_else(|e| e.into_inner()),
                Duration::from_secs(2),
            );
        }
        finished.store(true, Ordering::SeqCst);
        // Stopping the app also wakes the watcher.
        let interrupted = graded.as_ref().is_ok_and(|(s, _)| s.interrupted);
        // After Ctrl-C a person is waiting: the app gets half a second to stop.
        let grace = if interrupted { 0.5 } else { 3.0 };
        app.lock()
            .unwrap_or_else(|e| e.into_inner())
            .stop(Duration::from_secs_f64(grace));
        graded
    });
    let (summary, _) = summary?;
    if summary.halted && !summary.interrupted {
        return Ok(Exit::AppUnavailable);
    }
    Ok(exit_of(&summary))
}

pub fn exit_of(summary: &run::Summary) -> Exit {
    if summary.interrupted {
        Exit::Interrupted
    } else if summary.all_passed() {
        Exit::Passed
    } else {
        Exit::Failed
    }
}
