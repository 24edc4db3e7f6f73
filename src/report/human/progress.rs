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
}

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
        BatchProgress {
            _quiet: bar.as_ref().map(|_| super::tty::QuietInterrupts::new()),
            bar,
            hints: 0,
            learners: 0,
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
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
