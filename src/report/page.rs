//! `grade --report-html FILE`: one run's results as the gradebook page of a single learner, the
//! app's URL, written when the run finishes.

use std::io::Write;

use super::gradebook::Gradebook;
use super::{Checked, Reporter};
use crate::catalog::Language;
use crate::plan::Plan;
use crate::results::{record_of, Record};
use crate::run::{Event, Outcome};

pub struct HtmlPage<W: Write> {
    out: Checked<W>,
    language: &'static Language,
    outcomes: Vec<Outcome>,
    records: Vec<Record>,
}

impl<W: Write> HtmlPage<W> {
    pub fn new(out: W, name: String, language: &'static Language) -> Self {
        HtmlPage {
            out: Checked::new(out, name),
            language,
            outcomes: Vec::new(),
            records: Vec::new(),
        }
    }
}

impl<W: Write> Reporter for HtmlPage<W> {
    fn event(&mut self, plan: &Plan, event: &Event) {
        match event {
            Event::HintFinished { outcome, .. } => self.outcomes.push((**outcome).clone()),
            Event::ChallengeFinished { challenge } => {
                let outcomes = std::mem::take(&mut self.outcomes);
                let planned = &plan.challenges[*challenge];
                if outcomes.len() == planned.hints.len() {
                    self.records.push(record_of(
                        1, &plan.url, &plan.url, *challenge, planned, &outcomes,
                    ));
                }
            }
            Event::Finished { .. } => {
                let book = Gradebook::from_records(std::mem::take(&mut self.records));
                let title = format!("grade: {}", plan.url);
                if let Err(error) =
                    super::write_html(&book, Some(&title), self.language, &mut self.out)
                {
                    let _ = writeln!(self.out, "<!-- {error} -->");
                }
                let _ = self.out.flush();
            }
            _ => {}
        }
    }

    fn failure(&self) -> Option<String> {
        self.out.error()
    }
}
