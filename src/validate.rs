//! `grade validate`: maintainer checks of every challenge file, and of every translation against
//! English. Files are checked in parallel, each reduced to a small summary as it is read, so
//! memory grows with the number of files, not with their size; the cross-file checks then work
//! on the summaries alone.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::catalog::{self, Language, ENGLISH};
use crate::challenge::Challenge;
use crate::diagnostic::{Diagnostic, Position, Severity};
use crate::parse::{self, Parsed};
use crate::run::SyntaxChecker;

/// How a validation runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads; each has its own JavaScript engine for compile checks.
    pub jobs: usize,
}

/// What validation found, sorted by file and position.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// The challenge types freeCodeCamp defines (0 html through 31); anything else is a typo.
const KNOWN_CHALLENGE_TYPES: std::ops::RangeInclusive<i64> = 0..=31;

/// Markers whose heading level is fixed wherever they appear.
const MARKER_LEVELS: &[(&str, u8)] = &[
    ("description", 1),
    ("instructions", 1),
    ("hints", 1),
    ("seed", 1),
    ("solutions", 1),
    ("notes", 1),
    ("assignment", 1),
    ("scene", 1),
    ("transcript", 1),
    ("explanation", 1),
    ("fillInTheBlank", 1),
    ("quizzes", 1),
    ("questions", 1),
    ("seed-contents", 2),
    ("before-user-code", 2),
    ("after-user-code", 2),
    ("sentence", 2),
    ("blanks", 2),
];

/// Front-matter fields every challenge needs.
const REQUIRED_FIELDS: &[&str] = &["id", "title", "challengeType", "dashedName"];

/// Validates every file under `paths` (curriculum roots, language folders or files).
pub fn validate(paths: &[PathBuf], options: &Options) -> Result<Report, String> {
    let mut diagnostics = Vec::new();
    let mut inputs = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        if !path.exists() {
            return Err(format!("`{}` does not exist", path.display()));
        }
        for file in catalog::files_under(path, &mut diagnostics) {
            if seen.insert(file.clone()) {
                inputs.push(Input::new(path, file, false));
            }
        }
        // A translation folder on its own is still compared with the English beside it.
        if let Some(english) = sibling_english(path) {
            for file in catalog::files_under(&english, &mut Vec::new()) {
                if seen.insert(file.clone()) {
                    inputs.push(Input::new(&english, file, true));
                }
            }
        }
    }
    let summaries = check_files(&inputs, options.jobs.max(1), &mut diagnostics)?;
    let files = inputs.iter().filter(|i| !i.compare_only).count();
    cross_check(&inputs, &summaries, &mut diagnostics);
    diagnostics.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
    diagnostics.dedup();
    Ok(Report { files, diagnostics })
}

fn sibling_english(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().to_string();
    let language = Language::from_folder(&name)?;
    let english = path.parent()?.join(ENGLISH.folder);
    (language != ENGLISH && english.is_dir()).then_some(english)
}

/// One file to check, and where it sits in its curriculum.
struct Input {
    path: PathBuf,
    language: &'static Language,
    block: String,
    /// The path below the language folder, which a translation shares with its original.
    key: PathBuf,
    /// Read only to compare translations with; its own problems are not reported.
    compare_only: bool,
    /// The folder holding the language folders, when the file sits in one; translations are
    /// expected only within the same curriculum.
    curriculum: Option<PathBuf>,
}

impl Input {
    fn new(root: &Path, path: PathBuf, compare_only: bool) -> Input {
        let (language, block) = catalog::place(root, &path);
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let components: Vec<_> = relative.components().collect();
        let is_language = |c: &std::path::Component| {
            Language::from_folder(&c.as_os_str().to_string_lossy()).is_some()
        };
        let position = components.iter().position(is_language);
        let after_language = position.map_or(0, |i| i + 1);
        let key = components[after_language.min(components.len())..]
            .iter()
            .collect();
        let root_is_language = root
            .components()
            .next_back()
            .is_some_and(|c| is_language(&c));
        let curriculum = match position {
            Some(i) => Some(
                components[..i]
                    .iter()
                    .fold(root.to_path_buf(), |p, c| p.join(c)),
            ),
            None if root_is_language && root != path => root.parent().map(Path::to_path_buf),
            None => None,
        };
        Input {
            path,
            language,
            block,
            key,
            compare_only,
            curriculum,
        }
    }
}

/// What the cross-file checks need of a file, kept small.
#[derive(Debug, Clone, Default)]
struct Summary {
    input: usize,
    id: Option<String>,
    challenge_type: Option<i64>,
    dashed_name: Option<String>,
    forum_topic_id: Option<i64>,
    /// Line of each front-matter field, by name.
    field_lines: Vec<(String, u32)>,
    sections: Vec<String>,
    hints_line: u32,
    hints: Vec<HintSummary>,
}

#[derive(Debug, Clone, Copy, Default)]
struct HintSummary {
    code_hash: u64,
    text_hash: u64,
    text_line: u32,
    code_line: u32,
    compiles: bool,
}

impl Summary {
    fn field_line(&self, name: &str) -> u32 {
        self.field_lines
            .iter()
            .find(|(k, _)| k == name)
            .map_or(1, |(_, l)| *l)
    }
}

fn check_files(
    inputs: &[Input],
    jobs: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Summary>, String> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(Summary, Vec<Diagnostic>)>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(inputs.len().max(1)) {
            scope.spawn(|| {
                let checker = match SyntaxChecker::new() {
                    Ok(checker) => checker,
                    Err(message) => {
                        *failure.lock().unwrap_or_else(|e| e.into_inner()) = Some(message);
                        return;
                    }
                };
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(index) else {
                        break;
                    };
                    let (summary, mut found) = check_file(index, input, &checker);
                    if input.compare_only {
                        found.clear();
                    }
                    let mut results = results.lock().unwrap_or_else(|e| e.into_inner());
                    results.push((summary, found));
                }
            });
        }
    });
    if let Some(message) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(message);
    }
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(s, _)| s.input);
    let mut summaries = Vec::with_capacity(results.len());
    for (summary, found) in results {
        diagnostics.extend(found);
        summaries.push(summary);
    }
    Ok(summaries)
}

fn check_file(index: usize, input: &Input, checker: &SyntaxChecker) -> (Summary, Vec<Diagnostic>) {
    let mut summary = Summary {
        input: index,
        ..Summary::default()
    };
    let bytes = match std::fs::read(&input.path) {
        Ok(bytes) => bytes,
        Err(err) => {
            return (
                summary,
                vec![catalog::read_error(&input.path, &err.to_string())],
            )
        }
    };
    let parsed = parse::parse_bytes(&input.path, &bytes);
    let mut found = parsed.diagnostics.clone();
    let challenge = &parsed.challenge;
    let path = &input.path;
    let error = |line: u32, col: u32, message: String| {
        Diagnostic::new(Severity::Error, path, Position { line, col }, message)
    };
    summary.field_lines = field_lines(challenge);
    let front = &challenge.front;
    if !front.fields.is_empty() {
        for field in REQUIRED_FIELDS {
            if !front.fields.iter().any(|(k, _)| k == field) {
                found.push(error(1, 1, format!("the front matter has no `{field}`")));
            }
        }
    }
    if let Some(kind) = front.challenge_type {
        if !KNOWN_CHALLENGE_TYPES.contains(&kind) {
            let line = summary.field_line("challengeType");
            found.push(error(line, 1, format!("unknown challengeType {kind}")));
        }
    }
    let index = crate::diagnostic::LineIndex::new(&challenge.source);
    let line_of = |offset: usize| index.position(&challenge.source, offset).line;
    for section in &challenge.sections {
        let expected = MARKER_LEVELS
            .iter()
            .find(|(name, _)| *name == section.name)
            .map(|(_, level)| *level);
        if let Some(level) = expected.filter(|l| *l != section.level) {
            let hashes = "#".repeat(level as usize);
            let mut diagnostic = error(
                line_of(section.heading.start),
                1,
                format!("`--{}--` must be a level-{level} heading", section.name),
            );
            diagnostic.help = Some(format!("write it as `{hashes} --{}--`", section.name));
            found.push(diagnostic);
        }
    }
    for hint in &challenge.hints {
        let compiled = checker.check(&hint.code);
        if let Err(syntax) = &compiled {
            let (line, col) = syntax.position.unwrap_or((1, 1));
            found.push(error(
                hint.code_line + line - 1,
                col,
                format!(
                    "hint {} does not compile: {}",
                    hint.index + 1,
                    syntax.message
                ),
            ));
        }
        summary.hints.push(HintSummary {
            code_hash: hash(&without_whitespace(&hint.code)),
            text_hash: hash(hint.text.trim()),
            text_line: line_of(hint.text_span.start),
            code_line: hint.code_line,
            compiles: compiled.is_ok(),
        });
    }
    summary.hints_line = challenge
        .sections
        .iter()
        .find(|s| s.name == "hints")
        .map_or(1, |s| line_of(s.heading.start));
    summary.sections = challenge.sections.iter().map(|s| s.name.clone()).collect();
    summary.id = front.id.clone();
    summary.challenge_type = front.challenge_type;
    summary.dashed_name = front.dashed_name.clone();
    summary.forum_topic_id = front.forum_topic_id;
    (summary, found)
}

/// The line of each top-level front-matter field.
fn field_lines(challenge: &Challenge) -> Vec<(String, u32)> {
    let front = &challenge.source[challenge.front.span.start..challenge.front.span.end];
    front
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (key, _) = line.split_once(':')?;
            let plain = !key.is_empty() && !key.starts_with([' ', '\t', '-', '#']);
            plain.then(|| (key.trim().to_string(), i as u32 + 1))
        })
        .collect()
}

fn without_whitespace(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

fn hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Checks that need several files: duplicates, and translations against English.
fn cross_check(inputs: &[Input], summaries: &[Summary], out: &mut Vec<Diagnostic>) {
    let input = |s: &Summary| &inputs[s.input];
    let checked: Vec<&Summary> = summaries
        .iter()
        .filter(|s| !input(s).compare_only)
        .collect();
    duplicates(inputs, &checked, out);

    let english: HashMap<&str, &Summary> = summaries
        .iter()
        .filter(|s| input(s).language == ENGLISH)
        .filter_map(|s| Some((s.id.as_deref()?, s)))
        .collect();
    if english.is_empty() {
        return;
    }
    let english_keys: HashSet<&Path> = english.values().map(|s| input(s).key.as_path()).collect();
    // The translation languages of each curriculum, in the order they are met.
    let mut languages: HashMap<&Path, Vec<&'static Language>> = HashMap::new();
    let mut present: HashSet<(&str, &str)> = HashSet::new();
    let mut present_keys: HashSet<(&str, &Path)> = HashSet::new();
    for s in summaries.iter().filter(|s| input(s).language != ENGLISH) {
        let language = input(s).language;
        if let Some(curriculum) = &input(s).curriculum {
            let list = languages.entry(curriculum.as_path()).or_default();
            if !list.contains(&language) {
                list.push(language);
            }
        }
        if let Some(id) = &s.id {
            present.insert((language.folder, id));
        }
        present_keys.insert((language.folder, &input(s).key));
    }
    let mut drifted = Vec::new();
    for translation in &checked {
        let t_input = input(translation);
        if t_input.language == ENGLISH {
            continue;
        }
        let Some(id) = translation.id.as_deref() else {
            continue;
        };
        match english.get(id) {
            Some(original) => compare(inputs, original, translation, out, &mut drifted),
            None => {
                let line = translation.field_line("id");
                let mut diagnostic = Diagnostic::new(
                    Severity::Error,
                    &t_input.path,
                    Position { line, col: 1 },
                    format!("no English challenge has the id `{id}`"),
                );
                if english_keys.contains(t_input.key.as_path()) {
                    diagnostic.help =
                        Some("the English file at the same path has another id".into());
                }
                out.push(diagnostic);
            }
        }
    }
    let mut originals: Vec<&&Summary> = english.values().collect();
    originals.sort_by_key(|s| s.input);
    for original in originals {
        let o_input = input(original);
        let id = original.id.as_deref().unwrap_or_default();
        let expected = o_input
            .curriculum
            .as_deref()
            .and_then(|c| languages.get(c))
            .map_or(&[][..], Vec::as_slice);
        for language in expected {
            let found = present.contains(&(language.folder, id))
                || present_keys.contains(&(language.folder, o_input.key.as_path()));
            if !found {
                out.push(Diagnostic::new(
                    Severity::Error,
                    &o_input.path,
                    Position { line: 1, col: 1 },
                    format!(
                        "there is no {} translation (expected {})",
                        language.folder,
                        Path::new(language.folder).join(&o_input.key).display()
                    ),
                ));
            }
        }
    }
    add_diffs(inputs, drifted, out);
}

fn duplicates(inputs: &[Input], checked: &[&Summary], out: &mut Vec<Diagnostic>) {
    let mut ids: HashMap<(&str, &str), &Path> = HashMap::new();
    let mut names: HashMap<(&str, &str, &str), &Path> = HashMap::new();
    for s in checked {
        let input = &inputs[s.input];
        let language = input.language.folder;
        if let Some(id) = s.id.as_deref() {
            if let Some(first) = ids.insert((language, id), &input.path) {
                ids.insert((language, id), first);
                out.push(Diagnostic::new(
                    Severity::Error,
                    &input.path,
                    Position {
                        line: s.field_line("id"),
                        col: 1,
                    },
                    format!("the id `{id}` is also used by {}", first.display()),
                ));
            }
        }
        if let Some(name) = s.dashed_name.as_deref() {
            let key = (language, input.block.as_str(), name);
            if let Some(first) = names.insert(key, &input.path) {
                names.insert(key, first);
                out.push(Diagnostic::new(
                    Severity::Error,
                    &input.path,
                    Position {
                        line: s.field_line("dashedName"),
                        col: 1,
                    },
                    format!(
                        "the dashedName `{name}` is also used by {} in this block",
                        first.display()
                    ),
                ));
            }
        }
    }
}

/// A hint whose code differs from English: the translation's input, the original's input, the
/// hint's index, and the line of its code in the translation.
type Drift = (usize, usize, usize, u32);

fn compare(
    inputs: &[Input],
    original: &Summary,
    translation: &Summary,
    out: &mut Vec<Diagnostic>,
    drifted: &mut Vec<Drift>,
) {
    let path = &inputs[translation.input].path;
    let error = |line: u32, message: String| {
        Diagnostic::new(Severity::Error, path, Position { line, col: 1 }, message)
    };
    let show = |v: Option<String>| v.map_or("missing".to_string(), |v| format!("`{v}`"));
    let fields = [
        (
            "challengeType",
            original.challenge_type.map(|v| v.to_string()),
            translation.challenge_type.map(|v| v.to_string()),
        ),
        (
            "dashedName",
            original.dashed_name.clone(),
            translation.dashed_name.clone(),
        ),
        (
            "forumTopicId",
            original.forum_topic_id.map(|v| v.to_string()),
            translation.forum_topic_id.map(|v| v.to_string()),
        ),
    ];
    for (field, english, here) in fields {
        if english != here {
            out.push(error(
                translation.field_line(field),
                format!(
                    "`{field}` is {} here but {} in English",
                    show(here),
                    show(english)
                ),
            ));
        }
    }
    for section in &original.sections {
        if !translation.sections.contains(section) {
            out.push(error(
                1,
                format!("the English file has a `--{section}--` section and this one does not"),
            ));
        }
    }
    if original.hints.len() != translation.hints.len() {
        out.push(error(
            translation.hints_line,
            format!(
                "{} hints here but {} in English",
                translation.hints.len(),
                original.hints.len()
            ),
        ));
        return;
    }
    for (index, (english, here)) in original.hints.iter().zip(&translation.hints).enumerate() {
        // A hint that does not compile is reported as such; comparing it would say it twice.
        if english.compiles && here.compiles && english.code_hash != here.code_hash {
            drifted.push((translation.input, original.input, index, here.code_line));
        }
        if english.text_hash == here.text_hash {
            out.push(Diagnostic::new(
                Severity::Warning,
                path,
                Position {
                    line: here.text_line,
                    col: 1,
                },
                format!(
                    "hint {}'s text is the same as in English; is it translated?",
                    index + 1
                ),
            ));
        }
    }
}

/// Reports each drifted hint with a short diff; files are read again only for these.
fn add_diffs(inputs: &[Input], drifted: Vec<Drift>, out: &mut Vec<Diagnostic>) {
    let mut cache: HashMap<usize, Parsed> = HashMap::new();
    for (translation, original, index, line) in drifted {
        for input in [translation, original] {
            cache.entry(input).or_insert_with(|| {
                let path = &inputs[input].path;
                parse::parse_bytes(path, &std::fs::read(path).unwrap_or_default())
            });
        }
        let code = |input: usize| {
            cache[&input]
                .challenge
                .hints
                .get(index)
                .map(|h| h.code.clone())
                .unwrap_or_default()
        };
        let mut diagnostic = Diagnostic::new(
            Severity::Error,
            &inputs[translation].path,
            Position { line, col: 1 },
            format!("hint {}'s code differs from English", index + 1),
        );
        diagnostic.detail = Some(short_diff(&code(original), &code(translation)));
        diagnostic.help = Some(format!(
            "`-` lines are from {}, `+` lines from this file",
            inputs[original].path.display()
        ));
        out.push(diagnostic);
        // Parsed files are only needed while their drifted hints are reported.
        if cache.len() > 64 {
            cache.clear();
        }
    }
}

/// A line diff of two snippets, blank lines and indentation ignored: `-` English, `+` here.
pub fn short_diff(english: &str, here: &str) -> String {
    const SHOWN: usize = 8;
    let a: Vec<&str> = english
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(400)
        .collect();
    let b: Vec<&str> = here
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(400)
        .collect();
    // Longest common subsequence, by the usual table.
    let mut table = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let mut lines = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || table[i + 1][j] >= table[i][j + 1]) {
            lines.push(format!("- {}", a[i]));
            i += 1;
        } else {
            lines.push(format!("+ {}", b[j]));
            j += 1;
        }
    }
    if lines.is_empty() {
        // Only whitespace inside lines differs, which the line view folds away.
        lines.push("(the code differs in spacing within a line)".to_string());
    }
    let more = lines.len().saturating_sub(SHOWN);
    lines.truncate(SHOWN);
    if more > 0 {
        lines.push(format!("… and {more} more changed lines"));
    }
    lines.join("\n")
}
