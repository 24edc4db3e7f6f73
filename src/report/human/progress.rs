//! The progress line of `grade batch` on a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// `grade batch` on a terminal: learners done, hints per second, and the time left; silent
/// elsewhere (a CI log gets the summary only).
pub struct BatchProgress {
    bar: Option<ProgressBar>,
    /// While the bar runs, Ctrl-C is not echoed into it.
    _quiet: Option<super::tty::QuietInterrupts>,
    hints: u64,
    learners: u64,
    total: u64,
    /// Without a bar (a log, CI), a line at every tenth of the class and at least once a
    /// minute while hints are still coming, so a long run is never silent.
    started: std::time::Instant,
    last_line: std::time::Instant,
}

/// The longest a run without a bar goes without a progress line.
const LOG_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

impl BatchProgress {
    pub fn new(learners: usize) -> BatchProgress {
        use std::io::IsTerminal;
        let bar =
            (std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()).then(|| {
                let bar = ProgressBar::with_draw_target(
                    Some(learners as u64),
                    ProgressDrawTarget::stderr(),
                );
                if let Ok(style) = ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} learners  {msg}  {elapsed} spent, about {eta} left",
                ) {
                    bar.set_style(style);
                }
                bar
            });
        let now = std::time::Instant::now();
        BatchProgress {
            _quiet: bar.as_ref().map(|_| super::tty::QuietInterrupts::new()),
            bar,
            hints: 0,
            learners: 0,
            total: learners as u64,
            started: now,
            last_line: now,
        }
    }

    pub fn hint(&mut self) {
        self.hints += 1;
        if let Some(bar) = &self.bar {
            let seconds = bar.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!("{:.1} hints/s", self.hints as f64 / seconds));
        } else if self.last_line.elapsed() >= LOG_EVERY {
            self.log();
        }
    }

    pub fn learner(&mut self) {
        self.learners += 1;
        if let Some(bar) = &self.bar {
            bar.set_position(self.learners);
        } else {
            let tenth = |n: u64| n * 10 / self.total.max(1);
            if tenth(self.learners) > tenth(self.learners - 1)
                || self.last_line.elapsed() >= LOG_EVERY
            {
                self.log();
            }
        }
    }

    fn log(&mut self) {
        self.last_line = std::time::Instant::now();
        crate::report::say(&format!(
            "{} of {} learners graded, {} hints, in {}",
            self.learners,
            self.total,
            self.hints,
            crate::run::http::seconds(self.started.elapsed())
        ));
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
