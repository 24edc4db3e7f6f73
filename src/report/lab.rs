//! Renders `grade lab`: progress as apps finish, then the findings as `validate` shows them
//! (snippets for people, one JSON document, or GitHub annotations), the counts by rule, each
//! challenge's mutant score and a summary line. The JSON document also holds the whole matrix:
//! every hint's verdicts in every language, against the empty app and against each mutant.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use colored::Colorize;
use serde_json::json;

use super::validation::{annotation, diagnostic_json, severity_name, snippet};
use super::{english_count, visible_line, ValidationFormat};
use crate::diagnostic::{Rule, Severity};
use crate::lab::{Event, Lab, Trial};
use crate::run::Status;

/// The version of the lab's JSON document.
pub const LAB_SCHEMA_VERSION: u32 = 1;

/// A line on stderr as the lab goes, for people.
pub fn lab_progress(event: &Event) {
    match event {
        Event::Ran {
            app,
            target,
            done,
            total,
            took,
        } => super::say(&super::dimmed(&format!(
            "[{done}/{total}] {} {}: {}",
            visible_line(app),
            visible_line(target),
            seconds(*took)
        ))),
        Event::Restarted { app, message, lost } => {
            let label = if *lost {
                super::error_label()
            } else {
                super::warning_label()
            };
            super::say(&format!(
                "{label}: app `{}`: {}",
                visible_line(app),
                visible_line(message)
            ));
        }
        Event::AppFailed { app, message, log } => {
            super::say(&format!(
                "{}: app `{}` cannot be used: {}",
                super::error_label(),
                visible_line(app),
                visible_line(message)
            ));
            let lines: Vec<&str> = log.lines().collect();
            if !lines.is_empty() {
                super::say("its output:");
                for line in &lines[lines.len().saturating_sub(20)..] {
                    super::say(&format!("  | {}", visible_line(line)));
                }
            }
        }
    }
}

/// Problems shown as the lab's findings are, each with its source line (a manifest's mistakes).
pub fn render_snippets(out: &mut dyn Write, problems: &[crate::diagnostic::Diagnostic]) {
    for d in problems {
        let _ = writeln!(out, "{}\n", snippet(d));
    }
}

fn seconds(took: Duration) -> String {
    format!("{:.1} s", took.as_secs_f64())
}

/// Writes the lab's findings and summary as `format` asks: people's on `log`, JSON and
/// annotations on `out`.
pub fn write_lab(lab: &Lab, format: ValidationFormat, out: &mut dyn Write, log: &mut dyn Write) {
    match format {
        ValidationFormat::Human => {
            // What the manifest allows is known: one line each, after what is not.
            for finding in lab
                .findings
                .iter()
                .filter(|f| f.allowed.is_none() && !f.accepted)
            {
                let _ = writeln!(log, "{}\n", snippet(&finding.diagnostic));
            }
            // What was accepted as known: one line each, for the record.
            for finding in lab.findings.iter().filter(|f| f.accepted) {
                let d = &finding.diagnostic;
                let _ = writeln!(
                    log,
                    "{} {}:{}: {}",
                    format!("accepted[{}]", d.rule.id()).dimmed(),
                    visible_line(&d.path.display().to_string()),
                    d.position.line,
                    visible_line(&d.message),
                );
            }
            if lab.accepted() > 0 {
                let _ = writeln!(log);
            }
            for finding in &lab.findings {
                if let Some(reason) = &finding.allowed {
                    let d = &finding.diagnostic;
                    let _ = writeln!(
                        log,
                        "{} {}:{}: {}\n  {} {}",
                        format!("allowed[{}]", d.rule.id()).dimmed(),
                        visible_line(&d.path.display().to_string()),
                        d.position.line,
                        visible_line(&d.message),
                        "reason:".dimmed(),
                        visible_line(reason)
                    );
                }
            }
            if lab.findings.iter().any(|f| f.allowed.is_some()) {
                let _ = writeln!(log);
            }
        }
        ValidationFormat::Github => {
            for finding in &lab.findings {
                let d = &finding.diagnostic;
                let level = if finding.allowed.is_some() || finding.accepted {
                    "notice"
                } else {
                    severity_name(d.severity)
                };
                let _ = writeln!(out, "{}", annotation(d, "grade lab", level));
            }
        }
        ValidationFormat::Json => {
            let text =
                super::json_safe(serde_json::to_string_pretty(&lab_json(lab)).unwrap_or_default());
            let _ = writeln!(out, "{text}");
        }
    }
    if format != ValidationFormat::Json {
        counts(log, lab);
        scores(log, lab);
    }
    let _ = writeln!(log, "{}", summary_line(lab));
}

/// How many findings of each rule: those not allowed first, errors before warnings, then the
/// allowed ones.
fn counts(out: &mut dyn Write, lab: &Lab) {
    let mut rows: BTreeMap<(u8, Rule), usize> = BTreeMap::new();
    for finding in &lab.findings {
        let kind = match (&finding.allowed, finding.diagnostic.severity) {
            _ if finding.accepted => 3,
            (Some(_), _) => 2,
            (None, Severity::Error) => 0,
            (None, Severity::Warning) => 1,
        };
        *rows.entry((kind, finding.diagnostic.rule)).or_insert(0) += 1;
    }
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", "findings by rule".bold());
    let width = rows.keys().map(|(_, r)| r.id().len()).max().unwrap_or(0);
    for ((kind, rule), n) in rows {
        let label = match kind {
            0 => "error  ".red(),
            1 => "warning".yellow(),
            2 => "allowed".dimmed(),
            _ => "accepted".dimmed(),
        };
        let _ = writeln!(out, "  {label} {:<width$} {n:>7}", rule.id());
    }
    let _ = writeln!(out);
}

fn by_rule(lab: &Lab) -> BTreeMap<(Rule, Severity), usize> {
    let mut counts = BTreeMap::new();
    for finding in &lab.findings {
        let d = &finding.diagnostic;
        *counts.entry((d.rule, d.severity)).or_insert(0) += 1;
    }
    counts
}

/// Each challenge's mutant score: of the mutants its hints should catch, how many they caught.
fn scores(out: &mut dyn Write, lab: &Lab) {
    let mut rows: Vec<(String, (usize, usize), Vec<&str>)> = Vec::new();
    for app in &lab.apps {
        for c in &app.challenges {
            let (caught, total) = app.mutant_score(c);
            if total > 0 {
                let name = if c.dashed_name.is_empty() {
                    c.id.clone()
                } else {
                    c.dashed_name.clone()
                };
                rows.push((name, (caught, total), app.survivors(c)));
            }
        }
        if let Some((caught, total, survivors)) = app.app_score() {
            rows.push((
                format!("{} (any of its challenges)", app.name),
                (caught, total),
                survivors,
            ));
        }
    }
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        "mutant scores: the mutants each challenge's hints caught".bold()
    );
    let width = rows
        .iter()
        .map(|(n, ..)| visible_line(n).chars().count())
        .max()
        .unwrap_or(0);
    for (name, (caught, total), survivors) in rows {
        let score = format!("{caught} of {total}");
        let score = if caught == total {
            score.green()
        } else {
            score.yellow()
        };
        let left = if survivors.is_empty() {
            String::new()
        } else {
            format!("  survived: {}", visible_line(&survivors.join(", ")))
        };
        let _ = writeln!(out, "  {:<width$}  {score}{left}", visible_line(&name));
    }
    let _ = writeln!(out);
}

/// The summary line, without colour.
pub(super) fn summary_text(lab: &Lab) -> String {
    let mutants: usize = lab.apps.iter().map(|a| a.mutants.len()).sum();
    let allowed = lab.findings.iter().filter(|f| f.allowed.is_some()).count();
    let warnings = lab
        .findings
        .iter()
        .filter(|f| f.allowed.is_none() && !f.accepted && !f.diagnostic.is_error())
        .count();
    let mut line = format!(
        "{} ({}, {}, {}, {}, the empty app) in {}: {}",
        english_count(lab.runs, "hint run", "hint runs"),
        english_count(lab.apps.len(), "app", "apps"),
        english_count(lab.languages.len(), "language", "languages"),
        english_count(lab.rounds, "round", "rounds"),
        english_count(mutants, "mutant", "mutants"),
        seconds(lab.duration),
        english_count(lab.unallowed(), "finding", "findings"),
    );
    if allowed > 0 {
        line.push_str(&format!(", {allowed} allowed"));
    }
    if lab.accepted() > 0 {
        line.push_str(&format!(", {} accepted", lab.accepted()));
    }
    if warnings > 0 {
        line.push_str(&format!(
            ", {}",
            english_count(warnings, "warning", "warnings")
        ));
    }
    let lost: usize = lab.apps.iter().map(|a| a.lost.len()).sum();
    if lost > 0 {
        line.push_str(&format!(
            "; {} ended twice and left hints unrun",
            english_count(lost, "instance", "instances")
        ));
    }
    let broken = lab.apps.iter().filter(|a| a.problem.is_some()).count();
    if broken > 0 {
        line.push_str(&format!(
            "; {} could not be used",
            english_count(broken, "app", "apps")
        ));
    }
    if lab.interrupted {
        line.push_str("; stopped before the end, so no findings were read");
    }
    line
}

fn summary_line(lab: &Lab) -> String {
    let line = summary_text(lab);
    let allowed = lab.findings.iter().any(|f| f.allowed.is_some());
    let warnings = lab.findings.iter().any(|f| !f.diagnostic.is_error());
    if lab.unallowed() > 0 || lab.broken_apps() > 0 || lab.interrupted {
        line.red().bold().to_string()
    } else if allowed || warnings {
        line.yellow().bold().to_string()
    } else {
        line.green().bold().to_string()
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Failed => "failed",
        Status::Errored => "errored",
        Status::TimedOut => "timed out",
    }
}

fn trial_json(trial: &Trial) -> serde_json::Value {
    json!({
        "verdict": status_name(trial.status),
        "ms": trial.took.as_millis() as u64,
        "message": trial.message,
    })
}

/// The whole lab as one JSON document: the findings as `validate` writes them, with where they
/// belong, and the matrix.
pub fn lab_json(lab: &Lab) -> serde_json::Value {
    let diagnostics: Vec<serde_json::Value> = lab
        .findings
        .iter()
        .map(|f| {
            let mut value = diagnostic_json(&f.diagnostic);
            if let Some(object) = value.as_object_mut() {
                object.insert("allowed".into(), json!(f.allowed));
                object.insert("app".into(), json!(f.app));
                object.insert("challenge".into(), json!(f.challenge));
                object.insert("hint".into(), json!(f.hint));
                object.insert("language".into(), json!(f.language.map(|l| l.code)));
                object.insert("column".into(), json!(f.column));
                object.insert("accepted".into(), json!(f.accepted));
                let cells: Vec<serde_json::Value> = f
                    .cells
                    .iter()
                    .map(|c| {
                        json!({
                            "app": c.app,
                            "language": c.language.map(|l| l.code),
                            "column": c.column,
                            "file": c.path.display().to_string(),
                            "line": c.line,
                        })
                    })
                    .collect();
                object.insert("cells".into(), json!(cells));
            }
            value
        })
        .collect();
    let rules: serde_json::Map<String, serde_json::Value> = by_rule(lab)
        .iter()
        .map(|((rule, severity), n)| {
            (
                format!("{}:{}", severity_name(*severity), rule.id()),
                json!(n),
            )
        })
        .collect();
    let apps: Vec<serde_json::Value> = lab
        .apps
        .iter()
        .map(|app| {
            let challenges: Vec<serde_json::Value> = app
                .challenges
                .iter()
                .map(|c| {
                    let (caught, total) = app.mutant_score(c);
                    let hints: Vec<serde_json::Value> = c
                        .hints
                        .iter()
                        .map(|h| {
                            let languages: serde_json::Map<String, serde_json::Value> = h
                                .versions
                                .iter()
                                .map(|v| {
                                    let trials: Vec<serde_json::Value> =
                                        v.trials.iter().map(trial_json).collect();
                                    (
                                        v.language.code.to_string(),
                                        json!({
                                            "file": v.file.display().to_string(),
                                            "line": v.text_line,
                                            "rounds": trials,
                                            "empty_app": v.empty.as_ref().map(trial_json),
                                            "lost": v.lost,
                                        }),
                                    )
                                })
                                .collect();
                            let mutants: serde_json::Map<String, serde_json::Value> = app
                                .mutants
                                .iter()
                                .zip(&h.mutants)
                                .filter_map(|(m, t)| {
                                    t.as_ref().map(|t| (m.name.clone(), trial_json(t)))
                                })
                                .collect();
                            json!({
                                "number": h.number,
                                "text": h.versions.first().map(|v| v.text.clone()),
                                "languages": languages,
                                "mutants": mutants,
                            })
                        })
                        .collect();
                    json!({
                        "id": c.id,
                        "dashedName": c.dashed_name,
                        "title": c.title,
                        "block": c.block,
                        "mutant_score": { "caught": caught, "total": total },
                        "hints": hints,
                    })
                })
                .collect();
            let mutants: Vec<serde_json::Value> = app
                .mutants
                .iter()
                .map(|m| {
                    let caught: Vec<serde_json::Value> = m
                        .caught_by
                        .iter()
                        .map(|(c, h)| json!({ "challenge": c, "hint": h }))
                        .collect();
                    json!({
                        "name": m.name,
                        "line": m.line,
                        "named": m.named,
                        "expected": m.expected,
                        "caught_by": caught,
                        "survived": m.survived(),
                        "ended": m.ended,
                    })
                })
                .collect();
            let app_score = app
                .app_score()
                .map(|(caught, total, _)| json!({ "caught": caught, "total": total }));
            json!({
                "name": app.name,
                "problem": app.problem,
                "lost": app.lost,
                "mutant_score": app_score,
                "challenges": challenges,
                "mutants": mutants,
            })
        })
        .collect();
    let allowed = lab.findings.iter().filter(|f| f.allowed.is_some()).count();
    json!({
        "version": LAB_SCHEMA_VERSION,
        "manifest": lab.manifest.display().to_string(),
        "languages": lab.languages.iter().map(|l| l.code).collect::<Vec<_>>(),
        "rounds": lab.rounds,
        "runs": lab.runs,
        "duration_ms": lab.duration.as_millis() as u64,
        "interrupted": lab.interrupted,
        "diagnostics": diagnostics,
        "rules": rules,
        "apps": apps,
        "findings": lab.unallowed(),
        "allowed": allowed,
        "accepted": lab.accepted(),
    })
}
