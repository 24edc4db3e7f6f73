//! Reads the lab's verdicts for what a good hint would not do, each finding at the hint's line in
//! the file of its language (a mutant's at its line in the manifest), then applies the
//! manifest's allowances.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::manifest::{Allow, AppSpec, Manifest};
use super::{AppResult, Challenge, Finding, Hint, Lab, Version, Wording};
use crate::catalog::ENGLISH;
use crate::diagnostic::{Diagnostic, LineIndex, Position, Rule, Severity};
use crate::run::FREECODECAMP_HINT_LIMIT;

/// Finds what the verdicts of `lab` show, records which hints caught each mutant, and returns
/// the findings with the manifest's allowances applied; `problems` (broken challenge files) come
/// first and cannot be allowed. `changed` (the cells that changed between two versions of the
/// curriculum) are allowed as the others are.
pub(super) fn find(
    manifest: &Manifest,
    lab: &mut Lab,
    problems: Vec<Diagnostic>,
    mut changed: Vec<Finding>,
) -> Vec<Finding> {
    let mut sources = Sources::default();
    let mut findings: Vec<Finding> = problems
        .into_iter()
        .map(|diagnostic| Finding::new(diagnostic, "", None, None, None, None))
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
            found.push(Finding::new(
                d,
                &app.name,
                mutant.expected.first().cloned(),
                None,
                None,
                Some(format!("mutant:{}", mutant.name)),
            ));
        }
        let (here, rest): (Vec<Finding>, Vec<Finding>) =
            changed.into_iter().partition(|f| f.app == app.name);
        changed = rest;
        found.extend(here);
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
    let subject = format!("hint {number} of `{name}`");
    for version in &hint.versions {
        let is_english = version.language == ENGLISH;
        let same_code = !is_english && english.is_some_and(|e| same_code(&e.code, &version.code));
        let language = version.language.english;
        let mut add = |rule: Rule, message: String, said: Said, at: (u32, &str)| {
            let (line, column) = at;
            let mut d = Diagnostic::new(rule, &version.file, Position { line, col: 1 }, message);
            d.detail = said.detail;
            if let Some(severity) = said.severity {
                d.severity = severity;
            }
            sources.attach(&mut d);
            let mut finding = Finding::new(
                d,
                app,
                Some(challenge.id.clone()),
                Some(number),
                Some(version.language),
                Some(column.to_string()),
            );
            finding.wording = Some(said.wording);
            finding.pattern = said.pattern;
            found.push(finding);
        };
        let column = version.language.code;
        if !version.trials.is_empty() {
            let steady = version.steady();
            let failure = version.failure().and_then(explain_failure);
            if is_english && steady == Some(false) {
                add(
                    Rule::FailsOnReference,
                    format!(
                        "{subject} fails on the reference app `{app}` in every round: either the hint or the app is wrong"
                    ),
                    Said::new(&subject, "fails in every round", "", ": either the hint or the app is wrong")
                        .detail(failure.clone()),
                    (version.text_line, column),
                );
            }
            let english_flaky =
                english.is_some_and(|e| !e.trials.is_empty() && e.steady().is_none());
            if steady.is_none() && !(same_code && english_flaky) {
                let passed = version.trials.iter().filter(|t| t.passed()).count();
                add(
                    Rule::Flaky,
                    format!(
                        "{subject} passed in {passed} of {} rounds on the reference app `{app}` ({language})",
                        version.trials.len()
                    ),
                    Said::new(&subject, "passed in some rounds only", "", "")
                        .detail(failure.clone()),
                    (version.text_line, column),
                );
            }
            if let (false, Some(english)) = (is_english, english) {
                // A translation that lacks the hint runs English's; there is nothing to compare.
                let own = version.file != english.file;
                if let (true, Some(here), Some(there)) = (own, steady, english.steady()) {
                    if here != there {
                        let (line, detail) =
                            explain_difference(("English", english), (language, version));
                        add(
                            Rule::TranslationDiffers,
                            format!(
                                "{subject} {} in {language} but {} in English on the reference app `{app}`",
                                verdict(here),
                                verdict(there)
                            ),
                            Said::new(
                                &subject,
                                verdict(here),
                                &format!(" but {} in English", verdict(there)),
                                "",
                            )
                            .detail(Some(detail))
                            .pattern(verdict(here)),
                            (line, column),
                        );
                    }
                }
            }
            // The median, so one round slowed by a busy machine is not the hint's pace; an
            // error only when every round was over the limit.
            let limit = FREECODECAMP_HINT_LIMIT;
            let median = version.median();
            let english_slow = english.is_some_and(|e| e.median() > limit);
            if median > limit && !(same_code && english_slow) {
                let every = version.trials.iter().all(|t| t.took > limit);
                let rounds = version.trials.len();
                let how = if rounds == 1 {
                    "in its one round".to_string()
                } else if every {
                    format!("the median of {rounds} rounds, every one over the limit")
                } else {
                    format!(
                        "the median of {rounds} rounds, the fastest {:.1} s",
                        version
                            .trials
                            .iter()
                            .map(|t| t.took)
                            .min()
                            .unwrap_or_default()
                            .as_secs_f64()
                    )
                };
                add(
                    Rule::Slow,
                    format!(
                        "{subject} took {:.1} s ({how}) on the reference app `{app}` ({language}); freeCodeCamp's runner stops a hint after {} s",
                        median.as_secs_f64(),
                        limit.as_secs()
                    ),
                    Said::new(
                        &subject,
                        &format!("took longer than freeCodeCamp's {} s", limit.as_secs()),
                        "",
                        "",
                    )
                    .detail(Some(machine_load()))
                    .severity((!every).then_some(Severity::Warning))
                    .pattern(if every { "every round" } else { "median" }),
                    (version.text_line, column),
                );
            }
        }
        let vacuous = |v: &Version| v.empty.as_ref().is_some_and(|t| t.passed());
        if vacuous(version) && !(same_code && english.is_some_and(vacuous)) {
            add(
                Rule::Vacuous,
                format!(
                    "{subject} passes against an app that answers 404 to everything ({language}): it checks nothing the app does"
                ),
                Said::new(
                    &subject,
                    "passes against an app that answers 404 to everything",
                    "",
                    ": it checks nothing the app does",
                ),
                (version.text_line, "empty"),
            );
        }
    }
}

/// What a finding says besides its message: its words for a group, a detail, a severity other
/// than its rule's, and the pattern of verdicts it is grouped by.
pub(super) struct Said {
    wording: Wording,
    detail: Option<String>,
    severity: Option<Severity>,
    pattern: String,
}

impl Said {
    pub(super) fn new(subject: &str, verb: &str, tail: &str, end: &str) -> Said {
        Said {
            wording: Wording {
                head: format!("{subject} {verb}"),
                tail: tail.to_string(),
                end: end.to_string(),
            },
            detail: None,
            severity: None,
            pattern: String::new(),
        }
    }

    pub(super) fn detail(mut self, detail: Option<String>) -> Said {
        self.detail = detail;
        self
    }

    fn severity(mut self, severity: Option<Severity>) -> Said {
        self.severity = severity;
        self
    }

    pub(super) fn pattern(mut self, pattern: &str) -> Said {
        self.pattern = pattern.to_string();
        self
    }
}

/// The cells whose verdict on the reference app differs between the old version of the
/// curriculum (`old`) and the new one (`new`), each at the hint's line in the new file with its
/// line in the old one; a cell either version lost or did not run steadily is left out.
pub(super) fn between(new: &[AppResult], old: &[AppResult], names: (&str, &str)) -> Vec<Finding> {
    let (old_name, new_name) = names;
    let mut sources = Sources::default();
    let mut found = Vec::new();
    for (app, before) in new.iter().zip(old) {
        if app.problem.is_some() || before.problem.is_some() {
            continue;
        }
        for challenge in &app.challenges {
            let Some(earlier) = before.challenges.iter().find(|c| c.id == challenge.id) else {
                continue;
            };
            let name = shown_name(challenge);
            for hint in &challenge.hints {
                let Some(then) = earlier.hints.iter().find(|h| h.number == hint.number) else {
                    continue;
                };
                let subject = format!("hint {} of `{name}`", hint.number);
                for now in &hint.versions {
                    let Some(was) = then.version(now.language) else {
                        continue;
                    };
                    let (Some(passes), Some(passed)) = (now.steady(), was.steady()) else {
                        continue;
                    };
                    if passes == passed {
                        continue;
                    }
                    let language = now.language.english;
                    let change = format!(
                        "{} in {old_name} and {} in {new_name}",
                        verdict(passed),
                        verdict(passes)
                    );
                    let (line, diff) = explain_difference((old_name, was), (new_name, now));
                    let detail = format!(
                        "in {old_name}: {}:{}\nin {new_name}: {}:{}\n{diff}",
                        was.file.display(),
                        was.text_line,
                        now.file.display(),
                        now.text_line
                    );
                    let mut d = Diagnostic::new(
                        Rule::ChangedBetweenVersions,
                        &now.file,
                        Position { line, col: 1 },
                        format!(
                            "{subject} {change} on the reference app `{}` ({language})",
                            app.name
                        ),
                    );
                    d.detail = Some(detail);
                    sources.attach(&mut d);
                    let mut finding = Finding::new(
                        d,
                        &app.name,
                        Some(challenge.id.clone()),
                        Some(hint.number),
                        Some(now.language),
                        Some(now.language.code.to_string()),
                    );
                    let said = Said::new(&subject, &change, "", "").pattern(verdict(passes));
                    finding.wording = Some(said.wording);
                    finding.pattern = said.pattern;
                    found.push(finding);
                }
            }
        }
    }
    found
}

/// The machine's load when the findings were read, shown with `slow`: a loaded machine makes
/// hints slow that are not.
fn machine_load() -> String {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    match std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
    {
        Some(load) => format!("the machine's load: {load} over the last minute, on {cpus} CPUs"),
        None => format!("the machine's load is not known here; it has {cpus} CPUs"),
    }
}

/// A failed trial's message and the app's answer to its last request.
pub(super) fn explain_failure(trial: &super::Trial) -> Option<String> {
    let mut text = trial.message.clone()?;
    if let Some(answer) = &trial.answer {
        text.push_str("\nthe app's answer to its last request:\n");
        text.push_str(answer);
    }
    Some(text)
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

/// Why a hint behaves unlike another version of itself: the line of `ours` where their codes
/// first differ, and a detail with the two codes as a unified diff (the whole region that
/// differs), then each one's failure (its message in its language and the app's answer).
pub(super) fn explain_difference(
    theirs: (&str, &Version),
    ours: (&str, &Version),
) -> (u32, String) {
    let (their_name, their) = theirs;
    let (our_name, our) = ours;
    let (line, diff) = unified_diff(their, our);
    let mut detail = match diff {
        Some(diff) => format!("how the hint code differs:\n{diff}"),
        None => "the hint code is the same, blank lines and indentation aside".to_string(),
    };
    for (name, version) in [(their_name, their), (our_name, our)] {
        if let Some(why) = version.failure().and_then(explain_failure) {
            detail.push_str(&format!("\nwhy it fails in {name}:\n{why}"));
        }
    }
    (line.unwrap_or(our.text_line), detail)
}

/// The two codes as a unified diff, their files' lines in the hunk headers, blank lines and
/// indentation aside; and the line in `ours`'s file where they first differ. `None` when they
/// are the same.
fn unified_diff(theirs: &Version, ours: &Version) -> (Option<u32>, Option<String>) {
    let numbered = |code: &str| -> Vec<(u32, String)> {
        code.lines()
            .enumerate()
            .map(|(i, l)| (i as u32, l.trim().to_string()))
            .filter(|(_, l)| !l.is_empty())
            .collect()
    };
    let (a, b) = (numbered(&theirs.code), numbered(&ours.code));
    // The longest common subsequence, by dynamic programming: hint code is short.
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a[i].1 == b[j].1 {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    // Each line as kept (' '), removed ('-') or added ('+'), with its index in a and b.
    let mut ops: Vec<(char, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i].1 == b[j].1 {
            ops.push((' ', i, j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || table[i + 1][j] >= table[i][j + 1]) {
            // What was removed before what took its place, as unified diffs show it.
            ops.push(('-', i, j));
            i += 1;
        } else {
            ops.push(('+', i, j));
            j += 1;
        }
    }
    let Some(first) = ops.iter().position(|op| op.0 != ' ') else {
        return (None, None);
    };
    let last = ops.iter().rposition(|op| op.0 != ' ').unwrap_or(first);
    const CONTEXT: usize = 2;
    let from = first.saturating_sub(CONTEXT);
    let to = (last + CONTEXT).min(ops.len() - 1);
    let line_a = |i: usize| theirs.code_line + a.get(i).map_or(a.len() as u32, |l| l.0);
    let line_b = |j: usize| ours.code_line + b.get(j).map_or(b.len() as u32, |l| l.0);
    let hunk = &ops[from..=to];
    let count = |side: char| hunk.iter().filter(|op| op.0 == ' ' || op.0 == side).count();
    let mut text = format!(
        "--- {}\n+++ {}\n@@ -{},{} +{},{} @@",
        theirs.file.display(),
        ours.file.display(),
        line_a(hunk[0].1),
        count('-'),
        line_b(hunk[0].2),
        count('+')
    );
    for &(op, i, j) in hunk {
        let line = if op == '+' { &b[j].1 } else { &a[i].1 };
        text.push_str(&format!("\n{op} {line}"));
    }
    let at = ops[first];
    (Some(line_b(at.2)), Some(text))
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
        found.push(Finding::new(d, &app.name, None, None, None, None));
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
