//! Reads the lab's verdicts for what a good hint would not do, each finding at the hint's line in
//! the file of its language (a mutant's at its line in the manifest), then applies the
//! manifest's allowances.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::manifest::{Allow, AppSpec, Manifest};
use super::{AppResult, Challenge, Finding, Hint, Lab, Version};
use crate::catalog::ENGLISH;
use crate::diagnostic::{Diagnostic, LineIndex, Position, Rule, Severity};
use crate::run::FREECODECAMP_HINT_LIMIT;

/// Finds what the verdicts of `lab` show, records which hints caught each mutant, and returns
/// the findings with the manifest's allowances applied; `problems` (broken challenge files) come
/// first and cannot be allowed.
pub(super) fn find(manifest: &Manifest, lab: &mut Lab, problems: Vec<Diagnostic>) -> Vec<Finding> {
    let mut sources = Sources::default();
    let mut findings: Vec<Finding> = problems
        .into_iter()
        .map(|diagnostic| Finding {
            diagnostic,
            allowed: None,
            app: String::new(),
            challenge: None,
            hint: None,
            language: None,
            column: None,
        })
        .collect();
    for (spec, app) in manifest.apps.iter().zip(lab.apps.iter_mut()) {
        if app.problem.is_some() {
            continue;
        }
        let mut found = Vec::new();
        for challenge in &app.challenges {
            for hint in &challenge.hints {
                hint_findings(&app.name, challenge, hint, &mut sources, &mut found);
            }
        }
        catch_mutants(app);
        for mutant in &app.mutants {
            if !mutant.survived() || !ran_against(app, mutant_index(app, &mutant.name)) {
                continue;
            }
            let names: Vec<String> = app
                .challenges
                .iter()
                .filter(|c| mutant.expected.contains(&c.id))
                .map(|c| format!("`{}`", shown_name(c)))
                .collect();
            let mut d = Diagnostic::new(
                Rule::MutantSurvives,
                &manifest.path,
                Position {
                    line: mutant.line,
                    col: 1,
                },
                format!(
                    "mutant `{}` of app `{}` survives: no hint of {} fails against it",
                    mutant.name,
                    app.name,
                    names.join(", ")
                ),
            )
            .with_help("add a hint that catches this mistake, or allow `mutant-survives` for it in the manifest with a reason");
            if let Some(ended) = &mutant.ended {
                d.detail = Some(ended.clone());
            }
            sources.attach(&mut d);
            found.push(Finding {
                diagnostic: d,
                allowed: None,
                app: app.name.clone(),
                challenge: mutant.expected.first().cloned(),
                hint: None,
                language: None,
                column: Some(format!("mutant:{}", mutant.name)),
            });
        }
        allow(manifest, spec, app, &mut found, &mut sources);
        findings.extend(found);
    }
    findings
}

fn mutant_index(app: &AppResult, name: &str) -> usize {
    app.mutants.iter().position(|m| m.name == name).unwrap_or(0)
}

/// Whether any hint ran against mutant `m`.
fn ran_against(app: &AppResult, m: usize) -> bool {
    app.challenges
        .iter()
        .flat_map(|c| &c.hints)
        .any(|h| h.mutants.get(m).is_some_and(Option::is_some))
}

/// A mutant is caught by a hint of a challenge that should catch it which passes on the
/// reference app in English, every round, and does not pass against the mutant.
fn catch_mutants(app: &mut AppResult) {
    for m in 0..app.mutants.len() {
        let mut caught = Vec::new();
        for challenge in &app.challenges {
            if !app.mutants[m].expected.contains(&challenge.id) {
                continue;
            }
            for hint in &challenge.hints {
                let good = hint
                    .version(ENGLISH)
                    .is_some_and(|v| v.steady() == Some(true));
                let failed = hint.mutants[m].as_ref().is_some_and(|t| !t.passed());
                if good && failed {
                    caught.push((challenge.id.clone(), hint.number));
                }
            }
        }
        app.mutants[m].caught_by = caught;
    }
}

/// How a challenge is named in messages.
fn shown_name(challenge: &Challenge) -> &str {
    if challenge.dashed_name.is_empty() {
        &challenge.id
    } else {
        &challenge.dashed_name
    }
}

fn verdict(passed: bool) -> &'static str {
    if passed {
        "passes"
    } else {
        "fails"
    }
}

/// The findings of one hint in every language. A translation is not told again what English is
/// told for the same code: the same finding belongs to English's file.
fn hint_findings(
    app: &str,
    challenge: &Challenge,
    hint: &Hint,
    sources: &mut Sources,
    found: &mut Vec<Finding>,
) {
    let english = hint.version(ENGLISH);
    let name = shown_name(challenge);
    let number = hint.number;
    for version in &hint.versions {
        let is_english = version.language == ENGLISH;
        let same_code = !is_english && english.is_some_and(|e| same_code(&e.code, &version.code));
        let language = version.language.english;
        let mut add =
            |rule: Rule, message: String, detail: Option<String>, line: u32, column: &str| {
                let mut d =
                    Diagnostic::new(rule, &version.file, Position { line, col: 1 }, message);
                d.detail = detail;
                sources.attach(&mut d);
                found.push(Finding {
                    diagnostic: d,
                    allowed: None,
                    app: app.to_string(),
                    challenge: Some(challenge.id.clone()),
                    hint: Some(number),
                    language: Some(version.language),
                    column: Some(column.to_string()),
                });
            };
        let column = version.language.code;
        if !version.trials.is_empty() {
            let steady = version.steady();
            let failure = version.failure().and_then(|t| t.message.clone());
            if is_english && steady == Some(false) {
                add(
                    Rule::FailsOnReference,
                    format!(
                        "hint {number} of `{name}` fails on the reference app `{app}` in every round: either the hint or the app is wrong"
                    ),
                    failure.clone(),
                    version.text_line,
                    column,
                );
            }
            let english_flaky =
                english.is_some_and(|e| !e.trials.is_empty() && e.steady().is_none());
            if steady.is_none() && !(same_code && english_flaky) {
                let passed = version.trials.iter().filter(|t| t.passed()).count();
                add(
                    Rule::Flaky,
                    format!(
                        "hint {number} of `{name}` passed in {passed} of {} rounds on the reference app `{app}` ({language})",
                        version.trials.len()
                    ),
                    failure.clone(),
                    version.text_line,
                    column,
                );
            }
            if let (false, Some(english)) = (is_english, english) {
                // A translation that lacks the hint runs English's; there is nothing to compare.
                let own = version.file != english.file;
                if let (true, Some(here), Some(there)) = (own, steady, english.steady()) {
                    if here != there {
                        let (line, detail) = first_difference(english, version);
                        let mut detail = detail;
                        let why = if here {
                            english.failure().and_then(|t| t.message.clone())
                        } else {
                            failure.clone()
                        };
                        if let Some(why) = why {
                            let whose = if here { "English" } else { language };
                            detail.push_str(&format!("\nwhy it fails in {whose}:\n{why}"));
                        }
                        add(
                            Rule::TranslationDiffers,
                            format!(
                                "hint {number} of `{name}` {} in {language} but {} in English on the reference app `{app}`",
                                verdict(here),
                                verdict(there)
                            ),
                            Some(detail),
                            line,
                            column,
                        );
                    }
                }
            }
            let slowest = version.slowest();
            let english_slow = english.is_some_and(|e| e.slowest() > FREECODECAMP_HINT_LIMIT);
            if slowest > FREECODECAMP_HINT_LIMIT && !(same_code && english_slow) {
                add(
                    Rule::Slow,
                    format!(
                        "hint {number} of `{name}` took {:.1} s on the reference app `{app}` ({language}); freeCodeCamp's runner stops a hint after {} s",
                        slowest.as_secs_f64(),
                        FREECODECAMP_HINT_LIMIT.as_secs()
                    ),
                    None,
                    version.text_line,
                    column,
                );
            }
        }
        let vacuous = |v: &Version| v.empty.as_ref().is_some_and(|t| t.passed());
        if vacuous(version) && !(same_code && english.is_some_and(vacuous)) {
            add(
                Rule::Vacuous,
                format!(
                    "hint {number} of `{name}` passes against an app that answers 404 to everything ({language}): it checks nothing the app does"
                ),
                None,
                version.text_line,
                "empty",
            );
        }
    }
}

/// Whether two hint codes are the same, blank lines and indentation aside.
fn same_code(a: &str, b: &str) -> bool {
    let lines = |code: &str| -> Vec<String> {
        code.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    lines(a) == lines(b)
}

/// The first line where a translation's hint code differs from English's: the line in the
/// translation's file, and the two lines, English's first.
fn first_difference(english: &Version, translation: &Version) -> (u32, String) {
    let numbered = |code: &str| -> Vec<(usize, String)> {
        code.lines()
            .enumerate()
            .map(|(i, l)| (i, l.trim().to_string()))
            .filter(|(_, l)| !l.is_empty())
            .collect()
    };
    let (ours, theirs) = (numbered(&translation.code), numbered(&english.code));
    let at = (0..ours.len().max(theirs.len()))
        .find(|&i| ours.get(i).map(|l| &l.1) != theirs.get(i).map(|l| &l.1));
    let Some(at) = at else {
        return (
            translation.text_line,
            "the hint code is the same as English's, blank lines and indentation aside".into(),
        );
    };
    let line_of = |v: &Version, lines: &[(usize, String)]| {
        lines
            .get(at)
            .map_or(v.code_line + lines.len() as u32, |(i, _)| {
                v.code_line + *i as u32
            })
    };
    let shown = |lines: &[(usize, String)]| {
        lines
            .get(at)
            .map_or("(the code ends here)".to_string(), |(_, l)| l.clone())
    };
    let english_line = line_of(english, &theirs);
    let translation_line = line_of(translation, &ours);
    let detail = format!(
        "the first line of hint code that differs:\n- {}:{english_line}: {}\n+ {}:{translation_line}: {}",
        english.file.display(),
        shown(&theirs),
        translation.file.display(),
        shown(&ours)
    );
    (translation_line, detail)
}

/// Applies the app's allowances to its findings: an allowed finding becomes a warning that
/// says why; an allowance that allows nothing is a warning of its own.
fn allow(
    manifest: &Manifest,
    spec: &AppSpec,
    app: &AppResult,
    found: &mut Vec<Finding>,
    sources: &mut Sources,
) {
    let mut used = vec![false; spec.allows.len()];
    for finding in found.iter_mut() {
        let Some(i) = spec.allows.iter().position(|a| matches(a, app, finding)) else {
            continue;
        };
        used[i] = true;
        let allowance = &spec.allows[i];
        finding.allowed = Some(allowance.reason.clone());
        finding.diagnostic.severity = Severity::Warning;
        finding.diagnostic.help = Some(format!(
            "allowed by {}:{}: {}",
            manifest.path.display(),
            allowance.line,
            allowance.reason
        ));
    }
    for (allowance, used) in spec.allows.iter().zip(used) {
        if used {
            continue;
        }
        let ids: Vec<&str> = allowance.rules.iter().map(|r| r.id()).collect();
        let mut d = Diagnostic::new(
            Rule::UnusedAllow,
            &manifest.path,
            Position {
                line: allowance.line,
                col: 1,
            },
            format!(
                "this allowance of {} for `{}`{} matched no finding",
                ids.join(", "),
                allowance.challenge,
                allowance
                    .hint
                    .map_or(String::new(), |h| format!(", hint {h}"))
            ),
        )
        .with_help("remove it if what it allowed was fixed");
        sources.attach(&mut d);
        found.push(Finding {
            diagnostic: d,
            allowed: None,
            app: app.name.clone(),
            challenge: None,
            hint: None,
            language: None,
            column: None,
        });
    }
}

fn matches(allowance: &Allow, app: &AppResult, finding: &Finding) -> bool {
    if !allowance.rules.contains(&finding.diagnostic.rule) {
        return false;
    }
    if finding.diagnostic.rule == Rule::MutantSurvives {
        // Allowed for the challenges it should have been caught by, and only by name if named.
        let mutant = finding
            .column
            .as_deref()
            .and_then(|c| c.strip_prefix("mutant:"))
            .unwrap_or_default();
        let Some(result) = app.mutants.iter().find(|m| m.name == mutant) else {
            return false;
        };
        let names_one = app
            .challenges
            .iter()
            .filter(|c| result.expected.contains(&c.id))
            .any(|c| c.named(&allowance.challenge));
        return names_one && allowance.mutant.as_deref().is_none_or(|m| m == mutant);
    }
    if allowance.mutant.is_some() {
        return false;
    }
    let Some(challenge) = app
        .challenges
        .iter()
        .find(|c| Some(&c.id) == finding.challenge.as_ref())
    else {
        return false;
    };
    challenge.named(&allowance.challenge)
        && allowance.hint.is_none_or(|h| Some(h) == finding.hint)
        && allowance
            .language
            .is_none_or(|l| finding.language == Some(l))
}

/// The files findings point into, read once each, for the lines reports show.
#[derive(Default)]
struct Sources {
    files: HashMap<PathBuf, Option<(String, LineIndex)>>,
}

impl Sources {
    fn attach(&mut self, d: &mut Diagnostic) {
        let read = |path: &Path| {
            std::fs::read_to_string(path).ok().map(|text| {
                let index = LineIndex::new(&text);
                (text, index)
            })
        };
        if let Some((text, index)) = self
            .files
            .entry(d.path.clone())
            .or_insert_with(|| read(&d.path))
        {
            d.attach_source(text, index);
        }
    }
}
