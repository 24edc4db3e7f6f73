//! The progress line of `grade batch` on a terminal, and its lines in a log.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// `grade batch` on a terminal: learners done, hints per second, and the time left. In a log
/// (CI, a file): a line at every tenth of the class, and whenever `quiet_at_most` passes
/// without one, naming the learner the run is waiting on, so a class held up by one slow app
/// is never silent.
pub struct BatchProgress {
    bar: Option<ProgressBar>,
    /// While the bar runs, Ctrl-C is not echoed into it.
    _quiet: Option<super::tty::QuietInterrupts>,
    hints: u64,
    /// The hints the run has to grade.
    all_hints: u64,
    learners: u64,
    total: u64,
    quiet_at_most: Duration,
    started: Instant,
    last_line: Instant,
}

impl BatchProgress {
    pub fn new(learners: usize, hints: usize, quiet_at_most: Duration) -> BatchProgress {
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
        let now = Instant::now();
        BatchProgress {
            _quiet: bar.as_ref().map(|_| super::tty::QuietInterrupts::new()),
            bar,
            hints: 0,
            all_hints: hints as u64,
            learners: 0,
            total: learners as u64,
            quiet_at_most,
            started: now,
            last_line: now,
        }
    }

    pub fn hint(&mut self) {
        self.hints += 1;
        if let Some(bar) = &self.bar {
            let seconds = bar.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!("{:.1} hints/s", self.hints as f64 / seconds));
        }
    }

    pub fn learner(&mut self) {
        self.learners += 1;
        if let Some(bar) = &self.bar {
            bar.set_position(self.learners);
        } else {
            let tenth = |n: u64| n * 10 / self.total.max(1);
            if tenth(self.learners) > tenth(self.learners - 1) {
                self.log(&[]);
            }
        }
    }

    /// Nothing finished for a while; in a log, a line once `quiet_at_most` has passed since the
    /// last, naming who the run waits on.
    pub fn waiting(&mut self, on: &[(String, Duration)]) {
        if self.bar.is_none() && self.last_line.elapsed() >= self.quiet_at_most {
            self.log(on);
        }
    }

    fn log(&mut self, waiting: &[(String, Duration)]) {
        self.last_line = Instant::now();
        let mut line = format!(
            "{} of {} graded, {} of {} done, in {}",
            self.learners,
            crate::report::english_count(self.total as usize, "learner", "learners"),
            self.hints,
            crate::report::english_count(self.all_hints as usize, "hint", "hints"),
            crate::run::http::seconds(self.started.elapsed())
        );
        if let Some((name, since)) = waiting.first() {
            line.push_str(&format!(
                "; waiting on `{}` (for {})",
                crate::report::visible_line(name),
                crate::run::http::seconds(*since)
            ));
            if waiting.len() > 1 {
                line.push_str(&format!(" and {} more", waiting.len() - 1));
            }
        }
        crate::report::say(&line);
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
