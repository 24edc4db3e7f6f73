//! `--format json`: one document on stdout when the run ends.

use std::io::Write;

use serde_json::{json, Value};

use super::collect::Collected;
use super::{Checked, Reporter};
use crate::plan::Plan;
use crate::run::{Event, Outcome, Profile, Status, Summary};

/// Collects outcomes and writes the whole document at the end.
pub struct Json<W: Write> {
    out: Checked<W>,
    collected: Collected,
    profile: Profile,
}

impl<W: Write> Json<W> {
    /// Names the output in the message when it cannot be written.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.out = Checked::new(self.out.into_inner(), name);
        self
    }

    /// The profile the run grades as, named in the document.
    pub fn profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    pub fn new(out: W) -> Self {
        Json {
            out: Checked::new(out, "stdout"),
            collected: Collected::default(),
            profile: Profile::default(),
        }
    }
}

/// The version of the JSON documents' layout (docs/json.md); it grows when a field changes
/// meaning or goes away, not when one is added.
pub const SCHEMA_VERSION: u32 = 1;

impl<W: Write> Reporter for Json<W> {
    fn failure(&self) -> Option<String> {
        self.out.error()
    }

    fn event(&mut self, plan: &Plan, event: &Event) {
        if self.collected.record(event) {
            if let Some(summary) = &self.collected.summary {
                let document = document(plan, self.profile, &self.collected.challenges, summary);
                let text =
                    super::json_safe(serde_json::to_string_pretty(&document).unwrap_or_default());
                // A closed stdout (`grade ... | head`) is not worth a panic.
                let _ = writeln!(self.out, "{text}");
                let _ = self.out.flush();
            }
        }
    }
}

fn document(
    plan: &Plan,
    profile: Profile,
    outcomes: &[(usize, Vec<Outcome>)],
    summary: &Summary,
) -> Value {
    let challenges: Vec<Value> = outcomes
        .iter()
        .map(|(index, outcomes)| {
            let challenge = &plan.challenges[*index];
            let hints: Vec<Value> = challenge
                .hints
                .iter()
                .zip(outcomes)
                .map(|(hint, outcome)| {
                    let mut value = json!({
                        "number": hint.index + 1,
                        "index": hint.index,
                        "text": hint.text,
                        "language": hint.language.code,
                        "status": outcome.status.name(),
                        "message": outcome.message,
                        "duration_ms": outcome.duration.as_millis() as u64,
                    });
                    if outcome.attempts > 1 {
                        value["attempts"] = json!(outcome.attempts);
                        value["flaky"] = json!(outcome.is_flaky());
                    }
                    let extra = value.as_object_mut().expect("a JSON object");
                    if let Some(expected) = &outcome.expected {
                        extra.insert("expected".into(), json!(expected));
                    }
                    if let Some(actual) = &outcome.actual {
                        extra.insert("actual".into(), json!(actual));
                    }
                    if let Some((file, line, col)) = &outcome.location {
                        extra.insert(
                            "location".into(),
                            json!({"file": file.display().to_string(), "line": line, "col": col, "builtin": hint.builtin}),
                        );
                    }
                    if !outcome.cors.is_empty() {
                        extra.insert("cors".into(), json!(outcome.cors));
                    }
                    if let Some(diagnosis) = outcome.diagnoses.first() {
                        extra.insert(
                            "diagnosis".into(),
                            json!({
                                "rule": diagnosis.rule,
                                "message": diagnosis.message(crate::catalog::ENGLISH),
                                "fix": diagnosis.fix(crate::catalog::ENGLISH),
                            }),
                        );
                    }
                    if !outcome.site.is_empty() {
                        let risks: Vec<serde_json::Value> = outcome
                            .site
                            .iter()
                            .map(|risk| {
                                json!({"risk": risk.kind(), "detail": risk.detail()})
                            })
                            .collect();
                        extra.insert("would_fail_on_freecodecamp".into(), json!(risks));
                    }
                    if !outcome.console.is_empty() {
                        extra.insert("console".into(), json!(outcome.console));
                    }
                    if !outcome.notes.is_empty() {
                        extra.insert("notes".into(), json!(outcome.notes));
                    }
                    if outcome.status != Status::Passed && !outcome.exchanges.is_empty() {
                        let requests: Vec<Value> = outcome
                            .exchanges
                            .iter()
                            .map(|e| json!({"method": e.method, "url": e.url, "status": e.status, "error": e.error}))
                            .collect();
                        extra.insert("requests".into(), json!(requests));
                        if outcome.omitted_requests > 0 {
                            extra.insert("omitted_requests".into(), json!(outcome.omitted_requests));
                        }
                    }
                    value
                })
                .collect();
            json!({
                "id": challenge.id,
                "dashedName": challenge.dashed_name,
                "title": challenge.title,
                "block": challenge.block,
                "language": challenge.language.code,
                "file": challenge.file.display().to_string(),
                "builtin": challenge.builtin,
                "hints": hints,
            })
        })
        .collect();
    let flagged = outcomes
        .iter()
        .flat_map(|(_, outcomes)| outcomes)
        .filter(|o| o.status == Status::Passed && !o.site.is_empty())
        .count();
    json!({
        "version": SCHEMA_VERSION,
        "url": plan.url,
        "profile": profile.name(),
        "summary": {
            "passed": summary.passed,
            "failed": summary.failed,
            "errored": summary.errored,
            "timed_out": summary.timed_out,
            "total": summary.total(),
            "would_fail_on_freecodecamp": flagged,
            "interrupted": summary.interrupted,
            "duration_ms": summary.duration.as_millis() as u64,
        },
        "challenges": challenges,
    })
}
