//! `grade validate`: maintainer checks of every challenge file, and of every translation against
//! English.
//!
//! The work is split into blocks, each with its folder in every language, checked in parallel
//! and reported in order as they finish; a bounded number of blocks is in flight at once, so
//! memory depends on the largest block, not on the size of the curriculum.

pub mod compare;
pub mod consensus;
pub mod facts;
pub mod units;

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::catalog::{self, Language, ENGLISH};
use crate::diagnostic::{Diagnostic, Position, Rule, Severity};
use crate::error::Error;
use crate::run::{self, SyntaxChecker, SyntaxError};
use compare::{Outcome, Untranslated};
use facts::{Compile, Facts, Loaded};
use units::{Part, Unit, Units};

/// What a user asked of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not reported at all.
    Allow,
    /// Reported as a warning.
    Warn,
    /// Reported as an error.
    Deny,
}

/// How a validation runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Worker threads; each has its own JavaScript engine for compile checks.
    pub jobs: usize,
    /// Levels set for single rules, in the order given; a later one wins.
    pub levels: Vec<(Rule, Level)>,
    /// Every warning is an error.
    pub deny_warnings: bool,
    /// Only the files changed since this git reference, and their counterparts.
    pub changed_since: Option<String>,
}

impl Options {
    fn level(&self, rule: Rule) -> Option<Level> {
        self.levels
            .iter()
            .rev()
            .find(|(r, _)| *r == rule)
            .map(|(_, l)| *l)
    }

    /// The diagnostic as the user wants it, or `None` when its rule is allowed.
    fn apply(&self, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
        match self.level(diagnostic.rule) {
            Some(Level::Allow) => return None,
            Some(Level::Warn) => diagnostic.severity = Severity::Warning,
            Some(Level::Deny) => diagnostic.severity = Severity::Error,
            None if self.deny_warnings => diagnostic.severity = Severity::Error,
            None => {}
        }
        Some(diagnostic)
    }
}

/// What validation reports as it goes, block by block, in a stable order.
#[derive(Debug)]
pub enum Event<'a> {
    Findings(&'a [Diagnostic]),
    Untranslated(&'a [Untranslated]),
}

/// Totals, once every block is checked.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Findings by rule and severity.
    pub by_rule: BTreeMap<(Rule, Severity), usize>,
    /// Per language and superblock: texts with something to translate, and how many differ
    /// from English.
    pub coverage: Vec<Coverage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub language: &'static Language,
    pub superblock: String,
    pub texts: usize,
    pub translated: usize,
}

/// Blocks checked or waiting to be reported at once, per worker.
const IN_FLIGHT_PER_JOB: usize = 4;

/// Validates every file under `paths` (curriculum roots, language folders or files), reporting
/// to `sink` as blocks finish.
pub fn validate(
    paths: &[PathBuf],
    options: &Options,
    sink: &mut dyn FnMut(Event),
) -> Result<Summary, Error> {
    let mut units = Units::default();
    for path in paths {
        if !path.exists() {
            return Err(format!("`{}` does not exist", path.display()).into());
        }
        match &options.changed_since {
            Some(reference) => units::changed_since(path, reference, &mut units)?,
            None => units::discover(path, &mut units),
        }
    }
    let mut summary = Summary::default();
    let unreadable: Vec<Diagnostic> = units
        .unreadable
        .iter()
        .map(|(dir, why)| catalog::read_error(dir, why))
        .filter_map(|d| options.apply(d))
        .collect();
    count(&unreadable, &mut summary);
    if !unreadable.is_empty() {
        sink(Event::Findings(&unreadable));
    }
    let units = units.into_vec();
    let mut coverage: BTreeMap<(usize, String), (usize, usize)> = BTreeMap::new();
    run_units(&units, options, |unit, result| {
        summary.files += result.files;
        let findings: Vec<Diagnostic> = result
            .diagnostics
            .into_iter()
            .filter_map(|d| options.apply(d))
            .collect();
        count(&findings, &mut summary);
        if !findings.is_empty() {
            sink(Event::Findings(&findings));
        }
        if !result.untranslated.is_empty() {
            sink(Event::Untranslated(&result.untranslated));
        }
        for (language, texts, translated) in result.coverage {
            let rank = crate::catalog::LANGUAGES
                .iter()
                .position(|l| l == language)
                .unwrap_or(usize::MAX);
            let entry = coverage.entry((rank, unit.superblock.clone())).or_default();
            entry.0 += texts;
            entry.1 += translated;
        }
    })?;
    summary.coverage = coverage
        .into_iter()
        .filter_map(|((rank, superblock), (texts, translated))| {
            Some(Coverage {
                language: crate::catalog::LANGUAGES.get(rank)?,
                superblock,
                texts,
                translated,
            })
        })
        .collect();
    Ok(summary)
}

fn count(findings: &[Diagnostic], summary: &mut Summary) {
    for d in findings {
        *summary.by_rule.entry((d.rule, d.severity)).or_default() += 1;
        match d.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
        }
    }
}

/// What checking one block found.
#[derive(Debug, Default)]
struct UnitResult {
    files: usize,
    diagnostics: Vec<Diagnostic>,
    untranslated: Vec<Untranslated>,
    /// Per translation language: texts, translated.
    coverage: Vec<(&'static Language, usize, usize)>,
}

/// Checks units on `options.jobs` threads through the ordered pool and hands each result to
/// `report` in unit order, on this thread.
fn run_units(
    units: &[Unit],
    options: &Options,
    mut report: impl FnMut(&Unit, UnitResult),
) -> Result<(), Error> {
    if units.is_empty() {
        return Ok(());
    }
    let pool = run::Pool::new(options.jobs, units.len());
    let pool = pool.ahead(pool.threads() * IN_FLIGHT_PER_JOB);
    pool.run(
        units.len(),
        &|| false,
        || SyntaxChecker::new().map_err(Error::Internal),
        |checker, index, _: &dyn Fn(())| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_unit(&units[index], checker)
            }))
            .map_err(|_| {
                Error::Internal(format!(
                    "checking `{}` failed unexpectedly",
                    units[index].block.display()
                ))
            })
        },
        &mut |step| {
            if let run::Step::Done(index, result) = step {
                report(&units[index], result);
            }
        },
    )
}

/// Compile results of one block, by code: a translation's copy of the English code costs a
/// lookup.
struct Cached<'a> {
    checker: &'a SyntaxChecker,
    results: HashMap<String, Result<(), SyntaxError>>,
}

impl Compile for Cached<'_> {
    fn compile(&mut self, code: &str) -> Result<(), SyntaxError> {
        if let Some(result) = self.results.get(code) {
            return result.clone();
        }
        let result = self.checker.check(code);
        self.results.insert(code.to_string(), result.clone());
        result
    }
}

/// A file of a part, read and reduced to its facts.
struct Read {
    facts: Facts,
    loaded: Loaded,
}

fn read_file(
    part: &Part,
    name: &OsString,
    report: bool,
    compiler: &mut Cached,
    found: &mut Vec<Diagnostic>,
) -> Option<Read> {
    let path = part.dir.join(name);
    let loaded = match Loaded::read(&path) {
        Ok(loaded) => loaded,
        Err(err) => {
            if report {
                found.push(catalog::read_error(&path, &err.to_string()));
            }
            return None;
        }
    };
    let mut own = Vec::new();
    let compiler: Option<&mut dyn Compile> = if report { Some(compiler) } else { None };
    let facts = facts::read(name.clone(), &loaded.parsed, compiler, &mut own);
    if report {
        found.extend(own);
    }
    Some(Read { facts, loaded })
}

fn check_unit(unit: &Unit, checker: &SyntaxChecker) -> UnitResult {
    let mut result = UnitResult::default();
    let mut compiler = Cached {
        checker,
        results: HashMap::new(),
    };
    let found = &mut result.diagnostics;
    let english_part = unit.parts.iter().find(|p| p.language == ENGLISH);
    let mut english: Vec<Facts> = Vec::new();
    if let Some(part) = english_part {
        match units::list(part) {
            Ok(names) => {
                for name in names {
                    let report = part.report.includes(&name);
                    let mut own = Vec::new();
                    let Some(read) = read_file(part, &name, report, &mut compiler, &mut own) else {
                        found.extend(own);
                        continue;
                    };
                    if report {
                        result.files += 1;
                        facts::marker_findings(&read.facts, &[], &mut own);
                        read.loaded.attach(&mut own);
                        found.extend(own);
                    }
                    english.push(read.facts);
                }
            }
            Err(why) => found.push(catalog::read_error(&part.dir, &why)),
        }
        duplicates(&english, part, found);
    }
    let by_name: HashMap<&OsString, usize> = english
        .iter()
        .enumerate()
        .map(|(i, f)| (&f.name, i))
        .collect();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, f) in english.iter().enumerate() {
        if let Some(id) = f.id.as_deref() {
            by_id.entry(id).or_insert(i);
        }
    }
    // Translations with no English among the paths given, held against each other.
    let mut alone: Vec<consensus::File> = Vec::new();
    for part in unit.parts.iter().filter(|p| p.language != ENGLISH) {
        let names = match units::list(part) {
            Ok(names) => names,
            Err(why) => {
                found.push(catalog::read_error(&part.dir, &why));
                continue;
            }
        };
        let mut matched = vec![false; english.len()];
        let mut outcome = Outcome::default();
        let mut seen: Vec<Facts> = Vec::new();
        for name in names {
            let report = part.report.includes(&name);
            let mut own = Vec::new();
            let Some(read) = read_file(part, &name, report, &mut compiler, &mut own) else {
                found.extend(own);
                continue;
            };
            let original = english_part
                .and_then(|e| by_name.get(&units::counterpart_name(part, &name, e)))
                .or_else(|| read.facts.id.as_deref().and_then(|id| by_id.get(id)))
                .copied();
            if let Some(i) = original {
                matched[i] = true;
            }
            if report {
                result.files += 1;
                match original {
                    Some(i) => compare::compare(
                        &english[i],
                        &read.facts,
                        &read.loaded,
                        &mut own,
                        &mut outcome,
                    ),
                    None => {
                        facts::marker_findings(&read.facts, &[], &mut own);
                        if english_part.is_some() {
                            own.push(no_original(unit, &read.facts));
                        }
                    }
                }
                read.loaded.attach(&mut own);
                found.extend(own);
            }
            if english_part.is_none() {
                alone.push(consensus::File {
                    language: part.language,
                    facts: read.facts.clone(),
                    report,
                });
            }
            seen.push(slim(read.facts));
        }
        duplicates(&seen, part, found);
        if let Some(english_part) = english_part {
            if unit.expected.contains(&part.language) {
                missing(unit, part, english_part, &english, &matched, found);
            }
        }
        result
            .coverage
            .push((part.language, outcome.texts, outcome.translated));
        result.untranslated.extend(outcome.untranslated);
    }
    if !alone.is_empty() {
        let mut own = Vec::new();
        consensus::check(&alone, &mut own);
        // The snippets of these findings come from each file's own text.
        for d in &mut own {
            if let Ok(text) = std::fs::read_to_string(&d.path) {
                let index = crate::diagnostic::LineIndex::new(&text);
                d.attach_source(&text, &index);
            }
        }
        found.extend(own);
    }
    found.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
    found.dedup();
    result
}

/// Only what the duplicate checks need of a translation, once it has been compared.
fn slim(facts: Facts) -> Facts {
    Facts {
        name: facts.name,
        path: facts.path,
        id: facts.id,
        dashed_name: facts.dashed_name,
        fields: facts.fields,
        ..Facts::default()
    }
}

fn no_original(unit: &Unit, facts: &Facts) -> Diagnostic {
    let (line, width) = facts
        .fields
        .iter()
        .find(|(k, _, _)| *k == "id")
        .map_or((1, 0), |(_, l, text)| (*l, text.chars().count() as u32));
    let english = Path::new(ENGLISH.folder).join(&unit.block);
    let message = match &facts.id {
        Some(id) => format!(
            "no English challenge in {} has the id `{id}` or this file's name",
            english.display()
        ),
        None => format!(
            "no English challenge in {} has this file's name",
            english.display()
        ),
    };
    Diagnostic::new(
        Rule::NoOriginal,
        &facts.path,
        Position { line, col: 1 },
        message,
    )
    .with_width(width)
    .with_help("a translation keeps its English file's name and id")
}

/// One id, or one dashedName, twice in a block of one language.
fn duplicates(files: &[Facts], part: &Part, found: &mut Vec<Diagnostic>) {
    let mut ids: HashMap<&str, &Path> = HashMap::new();
    let mut names: HashMap<&str, &Path> = HashMap::new();
    for facts in files {
        let report = part.report.includes(&facts.name);
        let checks = [
            (&facts.id, &mut ids, "id", Rule::DuplicateId),
            (
                &facts.dashed_name,
                &mut names,
                "dashedName",
                Rule::DuplicateDashedName,
            ),
        ];
        for (value, map, field, rule) in checks {
            let Some(value) = value.as_deref() else {
                continue;
            };
            match map.get(value) {
                None => {
                    map.insert(value, &facts.path);
                }
                Some(first) if report => {
                    let (line, text) = facts
                        .fields
                        .iter()
                        .find(|(k, _, _)| *k == field)
                        .map_or((1, String::new()), |(_, l, t)| (*l, t.clone()));
                    let mut d = Diagnostic::new(
                        rule,
                        &facts.path,
                        Position { line, col: 1 },
                        format!(
                            "the {field} `{value}` is also used by {} in this block",
                            first.display()
                        ),
                    )
                    .with_width(text.chars().count() as u32);
                    if !text.is_empty() {
                        d.source_line = Some(text);
                    }
                    if rule == Rule::DuplicateId {
                        d.help = Some(
                            "an id may be reused in another block, but it names one challenge in a block".into(),
                        );
                    }
                    found.push(d);
                }
                Some(_) => {}
            }
        }
    }
}

/// English files of the block without a file in `part`'s language.
fn missing(
    unit: &Unit,
    part: &Part,
    english_part: &Part,
    english: &[Facts],
    matched: &[bool],
    found: &mut Vec<Diagnostic>,
) {
    let reported: Vec<&Facts> = english
        .iter()
        .zip(matched)
        .filter(|(f, m)| !**m && english_part.report.includes(&f.name))
        .map(|(f, _)| f)
        .collect();
    let Some(first) = reported.first() else {
        return;
    };
    let expected_dir = Path::new(part.language.folder).join(&unit.block);
    let start = Position { line: 1, col: 1 };
    if !part.dir.is_dir() && reported.len() > 1 {
        found.push(Diagnostic::new(
            Rule::MissingTranslation,
            &first.path,
            start,
            format!(
                "the block has no {} translation: there is no folder {} for its {} files",
                part.language.folder,
                expected_dir.display(),
                reported.len()
            ),
        ));
        return;
    }
    for facts in reported {
        found.push(Diagnostic::new(
            Rule::MissingTranslation,
            &facts.path,
            start,
            format!(
                "there is no {} translation (expected {})",
                part.language.folder,
                expected_dir.join(&facts.name).display()
            ),
        ));
    }
}
