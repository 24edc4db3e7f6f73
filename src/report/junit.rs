//! `--format junit` and `--report-junit`: one testsuite per challenge, one testcase per hint,
//! written when the run ends. The only user of quick-junit.

use std::io::Write;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestRerun, TestSuite};

use super::collect::{details, plain_text, Collected};
use super::{visible, visible_line, Checked, Reporter};
use crate::plan::Plan;
use crate::run::{Event, Status};

pub struct Junit<W: Write> {
    out: Checked<W>,
    collected: Collected,
}

impl<W: Write> Junit<W> {
    /// Names the output in the message when it cannot be written.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.out = Checked::new(self.out.into_inner(), name);
        self
    }

    pub fn new(out: W) -> Self {
        Junit {
            out: Checked::new(out, "stdout"),
            collected: Collected::default(),
        }
    }
}

impl<W: Write> Reporter for Junit<W> {
    fn failure(&self) -> Option<String> {
        self.out.error()
    }

    fn event(&mut self, plan: &Plan, event: &Event) {
        if self.collected.record(event) {
            let report = report(plan, &self.collected);
            // A closed output is not worth a panic; the exit code still tells.
            let _ = report.serialize(&mut self.out);
            let _ = self.out.flush();
        }
    }
}

fn report(plan: &Plan, collected: &Collected) -> Report {
    let mut report = Report::new("grade");
    if let Some(summary) = collected.summary {
        report.set_time(summary.duration);
    }
    for (index, outcomes) in &collected.challenges {
        let challenge = &plan.challenges[*index];
        let mut suite = TestSuite::new(visible_line(&challenge.title).as_ref());
        suite.add_property(("id", challenge.id.as_str()));
        suite.add_property(("file", challenge.file.display().to_string().as_str()));
        suite.add_property(("language", challenge.language.code));
        for (hint, outcome) in challenge.hints.iter().zip(outcomes) {
            let name = format!("{}. {}", hint.index + 1, plain_text(&hint.text));
            let status = match outcome.status {
                Status::Passed => {
                    let mut status = TestCaseStatus::success();
                    if let TestCaseStatus::Success { flaky_runs } = &mut status {
                        for _ in 1..outcome.attempts {
                            flaky_runs.push(TestRerun::new(NonSuccessKind::Failure));
                        }
                    }
                    status
                }
                other => {
                    let (kind, ty) = match other {
                        Status::Failed => (NonSuccessKind::Failure, "failed"),
                        Status::TimedOut => (NonSuccessKind::Error, "timed_out"),
                        _ => (NonSuccessKind::Error, "errored"),
                    };
                    let mut status = TestCaseStatus::non_success(kind);
                    status.set_type(ty);
                    if let Some(message) = &outcome.message {
                        status.set_message(visible(message).as_ref());
                    }
                    let detail = details(outcome);
                    if !detail.is_empty() {
                        status.set_description(detail);
                    }
                    status
                }
            };
            let mut case = TestCase::new(name, status);
            case.set_classname(format!("{}.{}", challenge.block, challenge.dashed_name));
            case.set_time(outcome.duration);
            if !outcome.console.is_empty() {
                case.set_system_out(visible(&outcome.console.join("\n")).as_ref());
            }
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    report
}
