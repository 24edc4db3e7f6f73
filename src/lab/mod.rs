//! `grade lab`: every hint of the challenges a reference app solves, run against that app in
//! every language, round after round; against the same app with mistakes made on purpose (its
//! mutants); and once against an app that answers 404 to everything. What a good hint would not
//! do there is a finding: failing on the right app, a translation that behaves unlike English, a
//! verdict that changes between rounds, slowness, passing against nothing, a mutant no hint
//! catches.
//!
//! `manifest` reads what the maintainers wrote, `trials` starts the apps and runs the hints,
//! `findings` reads the verdicts. Reporters render the result.

pub mod accept;
mod empty;
mod findings;
mod group;
pub mod manifest;
mod trials;

use std::path::PathBuf;
use std::time::Duration;

use crate::catalog::{Catalog, Entry, Language, ENGLISH};
use crate::diagnostic::{Diagnostic, Position, Rule};
use crate::error::Error;
use crate::run::{self, Status};
pub use group::group;
pub use manifest::Manifest;

/// How the lab runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The languages run, English first.
    pub languages: Vec<&'static Language>,
    pub rounds: usize,
    /// Apps (or mutants, or languages of an app) run at once, each its own instance.
    pub jobs: usize,
    /// How long an app may take to answer once started.
    pub ready_timeout: Duration,
    /// The ports instances may use, inclusive; any free one when `None`.
    pub ports: Option<(u16, u16)>,
    /// Only the reference apps in each language: no mutants, no empty app (a baseline's run).
    pub references_only: bool,
    /// How hints run; the lab sets the jobs, the language and the share of memory of each run.
    pub config: run::Config,
}

/// One run of one hint.
#[derive(Debug, Clone)]
pub struct Trial {
    pub status: Status,
    pub took: Duration,
    /// Why it did not pass: the assertion's message, with expected and actual.
    pub message: Option<String>,
    /// When it did not pass: the app's answer to the last request it made (request line,
    /// status and the start of the body).
    pub answer: Option<String>,
}

impl Trial {
    pub fn passed(&self) -> bool {
        self.status == Status::Passed
    }
}

/// A hint in one language, and what it did.
#[derive(Debug, Clone)]
pub struct Version {
    pub language: &'static Language,
    /// The file it was read from: a translation's, or English's when the translation lacks it.
    pub file: PathBuf,
    pub text_line: u32,
    pub code_line: u32,
    pub code: String,
    pub text: String,
    /// On the reference app, one per round.
    pub trials: Vec<Trial>,
    /// On the empty app, once.
    pub empty: Option<Trial>,
    /// Why some of its rounds could not run: its instance ended twice while its hints ran.
    pub lost: Option<String>,
}

impl Version {
    /// Passed in every round, failed in every round, or neither (`None`).
    pub fn steady(&self) -> Option<bool> {
        let first = self.trials.first()?.passed();
        self.trials
            .iter()
            .all(|t| t.passed() == first)
            .then_some(first)
    }

    /// The first trial that did not pass.
    pub fn failure(&self) -> Option<&Trial> {
        self.trials.iter().find(|t| !t.passed())
    }

    pub fn slowest(&self) -> Duration {
        self.trials.iter().map(|t| t.took).max().unwrap_or_default()
    }

    /// The median time of its rounds (of two, the shorter: one slow round of two is not the
    /// hint's pace).
    pub fn median(&self) -> Duration {
        let mut took: Vec<Duration> = self.trials.iter().map(|t| t.took).collect();
        took.sort_unstable();
        took.get(took.len().saturating_sub(1) / 2)
            .copied()
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct Hint {
    /// Counted from 1, as maintainers and the manifest count.
    pub number: usize,
    /// In the order of the lab's languages; a language the challenge is not in is absent.
    pub versions: Vec<Version>,
    /// In English against each of the app's mutants, in the manifest's order.
    pub mutants: Vec<Option<Trial>>,
}

impl Hint {
    pub fn version(&self, language: &Language) -> Option<&Version> {
        self.versions.iter().find(|v| v.language == language)
    }
}

#[derive(Debug, Clone)]
pub struct Challenge {
    pub id: String,
    pub dashed_name: String,
    pub title: String,
    pub block: String,
    pub hints: Vec<Hint>,
}

impl Challenge {
    /// Whether a manifest's name (a block, an id or a dashedName) names this challenge.
    pub fn named(&self, name: &str) -> bool {
        self.id == name || self.dashed_name == name || self.block == name
    }
}

/// What became of a mutant.
#[derive(Debug, Clone)]
pub struct MutantResult {
    pub name: String,
    pub line: u32,
    /// The ids of the challenges whose hints should catch it.
    pub expected: Vec<String>,
    /// The manifest named them (`caught_by`); else they are every challenge of the app.
    pub named: bool,
    /// The hints that caught it: they pass on the reference app and not against it, as
    /// (challenge id, hint number).
    pub caught_by: Vec<(String, usize)>,
    /// It ended while its hints ran, and how.
    pub ended: Option<String>,
}

impl MutantResult {
    pub fn survived(&self) -> bool {
        self.caught_by.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct AppResult {
    pub name: String,
    pub line: u32,
    pub challenges: Vec<Challenge>,
    pub mutants: Vec<MutantResult>,
    /// Why the lab could not use it: it did not start; its verdicts are then left without
    /// findings.
    pub problem: Option<String>,
    /// Instances that ended twice while their hints ran, each with the hints it could not run;
    /// the other instances' verdicts still count.
    pub lost: Vec<String>,
}

impl AppResult {
    /// The mutants `challenge` is scored on: those it should catch. A mutant the manifest ties
    /// to no challenge counts for a challenge only when the app solves that one alone; else it
    /// is in [`AppResult::app_score`].
    fn scored<'a>(&'a self, challenge: &'a Challenge) -> impl Iterator<Item = &'a MutantResult> {
        let alone = self.challenges.len() == 1;
        self.mutants
            .iter()
            .filter(move |m| (m.named || alone) && m.expected.contains(&challenge.id))
    }

    /// Of the mutants that `challenge` should catch, how many its hints caught.
    pub fn mutant_score(&self, challenge: &Challenge) -> (usize, usize) {
        let caught_here = |m: &&MutantResult| m.caught_by.iter().any(|(c, _)| *c == challenge.id);
        let caught = self.scored(challenge).filter(caught_here).count();
        (caught, self.scored(challenge).count())
    }

    /// The mutants `challenge` should catch that its hints did not.
    pub fn survivors<'a>(&'a self, challenge: &'a Challenge) -> Vec<&'a str> {
        self.scored(challenge)
            .filter(|m| !m.caught_by.iter().any(|(c, _)| *c == challenge.id))
            .map(|m| m.name.as_str())
            .collect()
    }

    /// For an app that solves several challenges: of its mutants tied to none of them, how
    /// many a hint of any caught, and the names of those that survived.
    pub fn app_score(&self) -> Option<(usize, usize, Vec<&str>)> {
        let loose: Vec<&MutantResult> = self.mutants.iter().filter(|m| !m.named).collect();
        if self.challenges.len() < 2 || loose.is_empty() {
            return None;
        }
        let survivors: Vec<&str> = loose
            .iter()
            .filter(|m| m.survived())
            .map(|m| m.name.as_str())
            .collect();
        Some((loose.len() - survivors.len(), loose.len(), survivors))
    }
}

/// A finding, with where in the matrix it belongs and whether the manifest allows it. Grouped,
/// one finding holds for several cells: its fields name the first, `cells` all of them.
#[derive(Debug, Clone)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    /// The manifest's reason, when it allows the finding.
    pub allowed: Option<String>,
    /// Listed in the file given to `--accept`: known, counted apart, not failing the lab.
    pub accepted: bool,
    pub app: String,
    pub challenge: Option<String>,
    pub hint: Option<usize>,
    /// The language of the hint's file.
    pub language: Option<&'static Language>,
    /// The matrix column it is shown in: a language's code, `empty`, or `mutant:NAME`.
    pub column: Option<String>,
    /// Every cell it holds for, its own first.
    pub cells: Vec<Cell>,
    /// Its words for several cells; `None` for a finding that is never grouped.
    pub wording: Option<Wording>,
    /// What the verdicts were (`fails`, `passes`, `passes/fails`): findings of one rule that
    /// differ in it are not grouped.
    pub pattern: String,
}

/// One cell of the matrix a finding holds for.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub app: String,
    pub language: Option<&'static Language>,
    pub column: Option<String>,
    pub path: PathBuf,
    pub line: u32,
}

/// How a grouped finding is said: `{head} in {languages}{tail} on {apps}{end}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Wording {
    pub head: String,
    pub tail: String,
    pub end: String,
}

impl Finding {
    /// A finding of one cell.
    pub fn new(
        diagnostic: Diagnostic,
        app: &str,
        challenge: Option<String>,
        hint: Option<usize>,
        language: Option<&'static Language>,
        column: Option<String>,
    ) -> Finding {
        let cell = Cell {
            app: app.to_string(),
            language,
            column: column.clone(),
            path: diagnostic.path.clone(),
            line: diagnostic.position.line,
        };
        Finding {
            diagnostic,
            allowed: None,
            accepted: false,
            app: app.to_string(),
            challenge,
            hint,
            language,
            column,
            cells: vec![cell],
            wording: None,
            pattern: String::new(),
        }
    }

    /// The key `--accept` knows a cell's finding by: rule, app, challenge, hint and column.
    pub fn accept_key(&self, cell: &Cell) -> String {
        let column = cell
            .language
            .map(|l| l.code.to_string())
            .or_else(|| cell.column.clone())
            .unwrap_or_else(|| "-".to_string());
        let column = if cell.column.as_deref() == Some("empty") {
            format!("empty:{column}")
        } else {
            column
        };
        [
            self.diagnostic.rule.id().to_string(),
            cell.app.clone(),
            self.challenge.clone().unwrap_or_else(|| "-".to_string()),
            self.hint.map_or("-".to_string(), |h| h.to_string()),
            column,
        ]
        .join("\t")
    }
}

/// Everything the lab saw.
#[derive(Debug, Clone)]
pub struct Lab {
    pub manifest: PathBuf,
    pub languages: Vec<&'static Language>,
    pub rounds: usize,
    pub apps: Vec<AppResult>,
    pub findings: Vec<Finding>,
    /// Hint runs made, all apps and rounds together.
    pub runs: usize,
    pub duration: Duration,
    pub interrupted: bool,
}

impl Lab {
    /// Findings the manifest does not allow: what makes the lab fail.
    pub fn unallowed(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.allowed.is_none() && !f.accepted && f.diagnostic.is_error())
            .count()
    }

    /// Findings listed in the `--accept` file.
    pub fn accepted(&self) -> usize {
        self.findings.iter().filter(|f| f.accepted).count()
    }

    /// Apps the lab could not use, in whole or in part.
    pub fn broken_apps(&self) -> usize {
        self.apps
            .iter()
            .filter(|a| a.problem.is_some() || !a.lost.is_empty())
            .count()
    }
}

/// What happens as the lab goes, for reporters.
#[derive(Debug, Clone)]
pub enum Event {
    /// An app's instance, against one target, finished.
    Ran {
        app: String,
        target: String,
        done: usize,
        total: usize,
        took: Duration,
    },
    /// An app could not be used.
    AppFailed {
        app: String,
        message: String,
        log: String,
    },
    /// An app's instance ended while its hints ran and was started again, or ended twice and
    /// left some hints unrun.
    Restarted {
        app: String,
        message: String,
        lost: bool,
    },
}

/// The challenges each app of `manifest` solves, found in `catalog`; every name that finds
/// nothing is a problem at its line.
pub fn resolve<'c>(
    manifest: &Manifest,
    catalog: &'c Catalog,
) -> Result<Vec<Vec<&'c Entry>>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let at = |line: u32, message: String| {
        Diagnostic::new(
            Rule::LabManifest,
            &manifest.path,
            Position { line, col: 1 },
            message,
        )
    };
    let mut all = Vec::new();
    for app in &manifest.apps {
        let mut entries: Vec<&Entry> = Vec::new();
        for name in &app.challenges {
            let found: Vec<&Entry> = catalog.entries.iter().filter(|e| names(e, name)).collect();
            if found.is_empty() {
                let mut d = at(
                    app.challenges_line,
                    format!("app `{}` names `{name}`, which is no block, id or dashedName of the challenges", app.name),
                );
                point_at(&mut d, manifest, name);
                if let Some(near) = closest(catalog, name) {
                    d.help = Some(format!("did you mean `{near}`?"));
                }
                problems.push(d);
            }
            for entry in found {
                if !entries.iter().any(|e| std::ptr::eq(*e, entry)) {
                    entries.push(entry);
                }
            }
        }
        entries.sort_by_key(|e| catalog.entries.iter().position(|x| std::ptr::eq(x, *e)));
        let solves = |name: &str| entries.iter().any(|e| names(e, name));
        for mutant in &app.mutants {
            for name in mutant.caught_by.iter().flatten() {
                if !solves(name) {
                    let mut d = at(
                        mutant.line,
                        format!("mutant `{}` is to be caught by `{name}`, which is not among the challenges of app `{}`", mutant.name, app.name),
                    );
                    point_at(&mut d, manifest, name);
                    if let Some(near) = closest(catalog, name) {
                        d.help = Some(format!("did you mean `{near}`?"));
                    }
                    problems.push(d);
                }
            }
        }
        for allow in &app.allows {
            if !solves(&allow.challenge) {
                let mut d = at(
                    allow.line,
                    format!(
                        "the allowance names `{}`, which is not among the challenges of app `{}`",
                        allow.challenge, app.name
                    ),
                );
                point_at(&mut d, manifest, &allow.challenge);
                if let Some(near) = closest(catalog, &allow.challenge) {
                    d.help = Some(format!("did you mean `{near}`?"));
                }
                problems.push(d);
            }
        }
        all.push(entries);
    }
    if problems.is_empty() {
        Ok(all)
    } else {
        Err(problems)
    }
}

/// Puts `d` at `name` as the manifest writes it on `d`'s line, with the line shown.
fn point_at(d: &mut Diagnostic, manifest: &Manifest, name: &str) {
    let Ok(text) = std::fs::read_to_string(&manifest.path) else {
        return;
    };
    let index = crate::diagnostic::LineIndex::new(&text);
    let quoted = [format!("\"{name}\""), format!("'{name}'")];
    // On the line given, or a little below it (a mutant's `caught_by` follows its table's line).
    let from = d.position.line.saturating_sub(1) as usize;
    let found = text
        .lines()
        .enumerate()
        .skip(from)
        .take(12)
        .find_map(|(i, line)| {
            let at = quoted.iter().find_map(|q| line.find(q.as_str()))?;
            Some((i, line[..at].chars().count()))
        });
    if let Some((i, col)) = found {
        d.position.line = i as u32 + 1;
        d.position.col = col as u32 + 1;
        d.width = name.chars().count() as u32 + 2;
    }
    d.attach_source(&text, &index);
}

/// The block, id or dashedName of `catalog` nearest to a misspelt `name`: a few edits away.
fn closest(catalog: &Catalog, name: &str) -> Option<String> {
    let limit = (name.chars().count() / 3).clamp(2, 4);
    let mut best: Option<(usize, &str)> = None;
    for entry in &catalog.entries {
        let dashed = entry
            .versions
            .iter()
            .map(|v| v.parsed.challenge.dashed_name());
        for candidate in dashed.chain([entry.block(), entry.id.as_str()]) {
            if candidate.is_empty() {
                continue;
            }
            let distance = crate::parse::edit_distance(name, candidate);
            if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, candidate));
            }
        }
    }
    best.map(|(_, near)| near.to_string())
}

fn names(entry: &Entry, name: &str) -> bool {
    entry.id == name
        || entry.block() == name
        || entry
            .versions
            .iter()
            .any(|v| v.parsed.challenge.dashed_name() == name)
}

/// An older version of the curriculum to run the same hints in.
pub struct Baseline<'c> {
    /// For each app of the manifest, the challenges of the old version with the ids of its
    /// challenges in the new one.
    pub entries: Vec<Vec<&'c Entry>>,
    /// How findings name the old version and the new one.
    pub name: String,
    pub new_name: String,
}

/// The files of an old version of the curriculum under `old` that hold one of the challenges of
/// `entries`, read into a catalog; the rest of the old version is only glanced at (the `id` line
/// of its front matter), so a whole curriculum as a baseline costs little memory.
pub fn baseline_catalog(old: &std::path::Path, entries: &[Vec<&Entry>]) -> Catalog {
    let wanted: std::collections::HashSet<&str> = entries
        .iter()
        .flatten()
        .map(|e| e.id.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    let mut diagnostics = Vec::new();
    let files: Vec<std::path::PathBuf> = crate::catalog::files_under(old, &mut diagnostics)
        .into_iter()
        .filter(|file| {
            let Ok(bytes) = std::fs::read(file) else {
                // Read again by the catalog, which says why it cannot be.
                return true;
            };
            let text = String::from_utf8_lossy(&bytes);
            let id = text.lines().take(40).find_map(|line| {
                let value = line.strip_prefix("id:")?.trim();
                Some(value.trim_matches(|c| c == '"' || c == '\''))
            });
            id.is_some_and(|id| wanted.contains(id))
        })
        .collect();
    let mut catalog = Catalog::load(&files);
    diagnostics.append(&mut catalog.diagnostics);
    catalog.diagnostics = diagnostics;
    catalog
}

/// The challenges of `old` with the ids of those in `entries`, app by app.
pub fn baseline_entries<'c>(entries: &[Vec<&Entry>], old: &'c Catalog) -> Vec<Vec<&'c Entry>> {
    entries
        .iter()
        .map(|app| {
            app.iter()
                .filter_map(|e| {
                    old.entries
                        .iter()
                        .find(|o| !e.id.is_empty() && o.id == e.id)
                })
                .collect()
        })
        .collect()
}

/// Runs the lab: every app of `manifest` with the challenges `entries` found for it (as
/// [`resolve`] gives them), reporting to `emit` as it goes.
pub fn run(
    manifest: &Manifest,
    entries: &[Vec<&Entry>],
    options: &Options,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<Lab, Error> {
    run_against(manifest, entries, None, options, emit)
}

/// Runs the lab as [`run`] does, and with a `baseline` its reference apps once more in the old
/// version, each cell whose verdict differs between the two a finding.
pub fn run_against(
    manifest: &Manifest,
    entries: &[Vec<&Entry>],
    baseline: Option<&Baseline>,
    options: &Options,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<Lab, Error> {
    let started = std::time::Instant::now();
    let mut languages = vec![ENGLISH];
    languages.extend(options.languages.iter().filter(|l| **l != ENGLISH));
    let options = Options {
        languages,
        ..options.clone()
    };
    let ran = trials::run_all(manifest, entries, &options, emit)?;
    let mut lab = Lab {
        manifest: manifest.path.clone(),
        languages: options.languages.clone(),
        rounds: options.rounds,
        apps: ran.apps,
        findings: Vec::new(),
        runs: ran.runs,
        duration: Duration::ZERO,
        interrupted: ran.interrupted,
    };
    let old = match baseline {
        Some(baseline) if !lab.interrupted => {
            let only = Options {
                references_only: true,
                ..options.clone()
            };
            let old = trials::run_all(manifest, &baseline.entries, &only, emit)?;
            lab.runs += old.runs;
            lab.interrupted |= old.interrupted;
            Some(old)
        }
        _ => None,
    };
    if !lab.interrupted {
        let changed = match (&old, baseline) {
            (Some(old), Some(baseline)) => {
                let names = (baseline.name.as_str(), baseline.new_name.as_str());
                findings::between(&lab.apps, &old.apps, names)
            }
            _ => Vec::new(),
        };
        lab.findings = findings::find(manifest, &mut lab, ran.problems, changed);
    }
    lab.duration = started.elapsed();
    Ok(lab)
}
