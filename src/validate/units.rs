//! What to validate, as work units: one block of a curriculum with its folder in every language,
//! so a translation is always checked beside its English original and memory holds one block at
//! a time. Folders are listed when a unit is checked, not before.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use crate::catalog::{Language, ENGLISH, LANGUAGES};

/// One block: its folder in each language, and which of its files are reported.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The block's folder below the language folder; for a tree without language folders, the
    /// folder itself.
    pub block: PathBuf,
    /// The first folder below the language folder (freeCodeCamp's superblock), for coverage.
    pub superblock: String,
    /// English first when present.
    pub parts: Vec<Part>,
    /// Translations every English file of the block should have.
    pub expected: Vec<&'static Language>,
}

impl Unit {
    /// A block below a language folder.
    fn in_language(block: PathBuf, parts: Vec<Part>, expected: Vec<&'static Language>) -> Unit {
        Unit {
            superblock: superblock(&block),
            block,
            parts,
            expected,
        }
    }

    /// A folder of a tree without language folders, which has no superblock.
    fn plain(block: PathBuf, parts: Vec<Part>) -> Unit {
        Unit {
            superblock: String::new(),
            block,
            parts,
            expected: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Part {
    pub language: &'static Language,
    pub dir: PathBuf,
    pub files: Files,
    pub report: Select,
    /// The folder keeps translations beside their originals, as `name.<language>.md`.
    pub suffixed: bool,
}

/// Which files of a folder belong to a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Files {
    /// Every challenge file in the folder.
    All,
    /// These files only.
    Only(BTreeSet<OsString>),
}

/// Which files of a part are reported; the others are read to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Select {
    All,
    None,
    Only(BTreeSet<OsString>),
}

impl Select {
    pub fn includes(&self, name: &OsString) -> bool {
        match self {
            Select::All => true,
            Select::None => false,
            Select::Only(names) => names.contains(name),
        }
    }

    fn merge(&mut self, other: Select) {
        *self = match (std::mem::replace(self, Select::None), other) {
            (Select::All, _) | (_, Select::All) => Select::All,
            (Select::None, other) | (other, Select::None) => other,
            (Select::Only(mut a), Select::Only(b)) => {
                a.extend(b);
                Select::Only(a)
            }
        };
    }
}

/// Units keyed by where they are, so paths given twice, or nested, are checked once.
#[derive(Debug, Default)]
pub struct Units {
    units: BTreeMap<(PathBuf, PathBuf), Unit>,
    /// Folders that could not be read.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Units {
    pub fn into_vec(self) -> Vec<Unit> {
        self.units.into_values().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    fn add(&mut self, root: &Path, unit: Unit) {
        let key = (root.to_path_buf(), unit.block.clone());
        match self.units.get_mut(&key) {
            None => {
                self.units.insert(key, unit);
            }
            Some(existing) => {
                for language in &unit.expected {
                    if !existing.expected.contains(language) {
                        existing.expected.push(language);
                    }
                }
                for part in unit.parts {
                    let same = existing
                        .parts
                        .iter_mut()
                        .find(|p| p.language == part.language && p.dir == part.dir);
                    match same {
                        Some(found) => {
                            if found.files != part.files {
                                found.files = match (&found.files, part.files) {
                                    (Files::Only(a), Files::Only(b)) => {
                                        Files::Only(a.iter().cloned().chain(b).collect())
                                    }
                                    _ => Files::All,
                                };
                            }
                            found.report.merge(part.report);
                        }
                        None => existing.parts.push(part),
                    }
                }
                existing.parts.sort_by_key(|p| rank(p.language));
            }
        }
    }
}

fn rank(language: &Language) -> usize {
    LANGUAGES
        .iter()
        .position(|l| l == language)
        .unwrap_or(usize::MAX)
}

/// The language folders directly inside `dir`, English first.
fn language_folders(dir: &Path) -> Vec<&'static Language> {
    LANGUAGES
        .iter()
        .filter(|l| dir.join(l.folder).is_dir())
        .collect()
}

/// Where a path sits in a curriculum: the folder holding the language folders, the language,
/// and the path below the language folder. The innermost folder named after a language counts.
fn locate(path: &Path) -> Option<(PathBuf, &'static Language, PathBuf)> {
    let components: Vec<Component> = path.components().collect();
    let index = components.iter().rposition(|c| {
        matches!(c, Component::Normal(name) if Language::from_folder(&name.to_string_lossy()).is_some())
    })?;
    let language = Language::from_folder(&components[index].as_os_str().to_string_lossy())?;
    let root: PathBuf = components[..index].iter().collect();
    let below: PathBuf = components[index + 1..].iter().collect();
    Some((root, language, below))
}

/// Adds the units for one path given on the command line.
pub fn discover(path: &Path, units: &mut Units) {
    if path.is_dir() {
        if !language_folders(path).is_empty() {
            curriculum(path, units);
        } else if let Some((root, language, below)) = locate(path) {
            within_language(&root, language, &below, units);
        } else {
            plain(path, units);
        }
    } else if let Some((root, language, below)) = locate(path.parent().unwrap_or(Path::new(""))) {
        let name = path.file_name().map(OsString::from).unwrap_or_default();
        let block = below;
        let only: BTreeSet<OsString> = [name].into();
        let mut parts = vec![Part {
            language,
            dir: root.join(language.folder).join(&block),
            files: Files::Only(only.clone()),
            report: Select::Only(only.clone()),
            suffixed: false,
        }];
        if language != ENGLISH && root.join(ENGLISH.folder).is_dir() {
            parts.insert(0, english_part(&root, &block, Select::None));
        }
        units.add(&root, Unit::in_language(block, parts, Vec::new()));
    } else {
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let name = path.file_name().map(OsString::from).unwrap_or_default();
        let only: BTreeSet<OsString> = [name].into();
        let (language, _) = crate::catalog::place(&dir, path);
        units.add(
            Path::new(""),
            Unit::plain(
                dir.clone(),
                vec![Part {
                    language,
                    dir,
                    files: Files::Only(only.clone()),
                    report: Select::Only(only),
                    suffixed: false,
                }],
            ),
        );
    }
}

/// The translations every English file should have: the other language folders, when there is
/// an English one to translate from.
fn expected_translations(languages: &[&'static Language]) -> Vec<&'static Language> {
    if languages.contains(&ENGLISH) {
        languages
            .iter()
            .copied()
            .filter(|l| *l != ENGLISH)
            .collect()
    } else {
        Vec::new()
    }
}

fn english_part(root: &Path, block: &Path, report: Select) -> Part {
    Part {
        language: ENGLISH,
        dir: root.join(ENGLISH.folder).join(block),
        files: Files::All,
        report,
        suffixed: false,
    }
}

fn superblock(block: &Path) -> String {
    block
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default()
}

/// A folder holding language folders: every block in every language, each reported.
fn curriculum(root: &Path, units: &mut Units) {
    let languages = language_folders(root);
    let mut blocks: BTreeSet<PathBuf> = BTreeSet::new();
    for language in &languages {
        let base = root.join(language.folder);
        folders_with_files(&base, &base, &mut blocks, units);
    }
    for block in blocks {
        let parts = languages
            .iter()
            .map(|language| Part {
                language,
                dir: root.join(language.folder).join(&block),
                files: Files::All,
                report: Select::All,
                suffixed: false,
            })
            .collect();
        let expected = expected_translations(&languages);
        units.add(root, Unit::in_language(block, parts, expected));
    }
    // Other folders beside the language folders are trees of their own.
    if let Ok(entries) = fs::read_dir(root) {
        let mut others: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                Language::from_folder(&name).is_none() && !skipped(&name)
            })
            .map(|e| e.path())
            .collect();
        others.sort();
        for other in others {
            plain(&other, units);
        }
    }
}

/// A language folder, or a folder inside one: its blocks in that language, compared with
/// English when it is a translation.
fn within_language(root: &Path, language: &'static Language, below: &Path, units: &mut Units) {
    let base = root.join(language.folder);
    let mut blocks = BTreeSet::new();
    folders_with_files(&base.join(below), &base, &mut blocks, units);
    let with_english = language != ENGLISH && root.join(ENGLISH.folder).is_dir();
    for block in blocks {
        let mut parts = vec![Part {
            language,
            dir: base.join(&block),
            files: Files::All,
            report: Select::All,
            suffixed: false,
        }];
        if with_english {
            parts.insert(0, english_part(root, &block, Select::None));
        }
        units.add(root, Unit::in_language(block, parts, Vec::new()));
    }
}

/// A tree without language folders: each folder with challenge files is a unit; a file named
/// `name.<language>.md` is that language's.
fn plain(dir: &Path, units: &mut Units) {
    let mut blocks = BTreeSet::new();
    folders_with_files(dir, Path::new(""), &mut blocks, units);
    for block in blocks {
        // Folder names below a plain tree may still name languages; each folder stands alone.
        let all = Part {
            language: ENGLISH,
            dir: block.clone(),
            files: Files::All,
            report: Select::All,
            suffixed: true,
        };
        let mut by_language: Vec<(&'static Language, BTreeSet<OsString>)> = Vec::new();
        for name in list(&all).unwrap_or_default() {
            let language = suffix_language(&name.to_string_lossy());
            match by_language.iter_mut().find(|(l, _)| *l == language) {
                Some((_, names)) => {
                    names.insert(name);
                }
                None => by_language.push((language, [name].into())),
            }
        }
        by_language.sort_by_key(|(l, _)| rank(l));
        let parts = by_language
            .into_iter()
            .map(|(language, names)| Part {
                language,
                dir: block.clone(),
                files: Files::Only(names),
                report: Select::All,
                suffixed: true,
            })
            .collect();
        units.add(Path::new(""), Unit::plain(block, parts));
    }
}

fn skipped(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules"
}

/// Every folder at or below `dir` that holds a challenge file, relative to `base`.
fn folders_with_files(dir: &Path, base: &Path, out: &mut BTreeSet<PathBuf>, units: &mut Units) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            units.unreadable.push((dir.to_path_buf(), err.to_string()));
            return;
        }
    };
    let mut has_files = false;
    let mut subdirs = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if skipped(&text) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            subdirs.push(entry.path());
        } else if kind.is_file() && is_challenge_file(&text) {
            has_files = true;
        }
    }
    if has_files {
        let relative = dir.strip_prefix(base).unwrap_or(dir);
        out.insert(relative.to_path_buf());
    }
    subdirs.sort();
    for sub in subdirs {
        folders_with_files(&sub, base, out, units);
    }
}

pub fn is_challenge_file(name: &str) -> bool {
    name.ends_with(".md") && !name.eq_ignore_ascii_case("readme.md")
}

/// The challenge files of a part, sorted by name.
pub fn list(part: &Part) -> Result<Vec<OsString>, String> {
    let mut names = Vec::new();
    match &part.files {
        Files::Only(only) => {
            for name in only {
                if part.dir.join(name).is_file() {
                    names.push(name.clone());
                }
            }
        }
        Files::All => {
            let entries = match fs::read_dir(&part.dir) {
                Ok(entries) => entries,
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(names),
                Err(err) => return Err(err.to_string()),
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let text = name.to_string_lossy();
                // Regular files only: reading a FIFO named `x.md` could block forever.
                let regular = entry.file_type().is_ok_and(|t| t.is_file());
                if !regular || skipped(&text) || !is_challenge_file(&text) {
                    continue;
                }
                names.push(name);
            }
        }
    }
    names.sort();
    Ok(names)
}

/// The language a `name.<language>.md` file names, English without a suffix.
fn suffix_language(name: &str) -> &'static Language {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    stem.rsplit_once('.')
        .and_then(|(_, suffix)| Language::from_folder(suffix))
        .unwrap_or(ENGLISH)
}

/// The name a file has in another language's folder: the same, except in a tree that keeps
/// translations beside originals (`x.md` and `x.german.md`).
pub fn counterpart_name(part: &Part, name: &OsString, english: &Part) -> OsString {
    if !part.suffixed {
        return name.clone();
    }
    let text = name.to_string_lossy();
    let stem = text.strip_suffix(".md").unwrap_or(&text);
    let base = stem
        .strip_suffix(&format!(".{}", part.language.folder))
        .unwrap_or(stem);
    if english.language == ENGLISH {
        OsString::from(format!("{base}.md"))
    } else {
        OsString::from(format!("{base}.{}.md", english.language.folder))
    }
}

/// Units for the files changed since `reference` in the git repository holding `path`, with
/// their counterparts in every language; files that were deleted bring their counterparts too.
pub fn changed_since(path: &Path, reference: &str, units: &mut Units) -> Result<(), String> {
    let anchor = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    let anchor = if anchor.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        anchor
    };
    let top = git(&anchor, &["rev-parse", "--show-toplevel"]).map(|t| PathBuf::from(t.trim_end_matches(['\n', '\0']))).map_err(|error| {
        if error.contains("not a git repository") {
            format!(
                "--changed-since needs a git repository, and `{}` is in none\nhelp: run it inside the curriculum's clone, or leave out --changed-since to check every file",
                path.display()
            )
        } else {
            error
        }
    })?;
    // The reference must name a commit before anything is compared with it.
    git(&top, &["rev-parse", "--verify", "--quiet", &format!("{reference}^{{commit}}")]).map_err(
        |_| {
            format!(
                "--changed-since {reference}: no commit is called `{reference}` in `{}`\nhelp: give a branch, a tag or a commit, such as `main` or `HEAD~3`",
                top.display()
            )
        },
    )?;
    let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
    let diff = git(
        &top,
        &["diff", "--name-only", "-z", "--no-renames", reference, "--"],
    )?;
    let untracked = git(&top, &["ls-files", "-z", "--others", "--exclude-standard"])?;
    for name in diff.split('\0').chain(untracked.split('\0')) {
        if !name.is_empty() && is_challenge_file(name) {
            changed.insert(PathBuf::from(name));
        }
    }
    // Changed files are named as the user named the path: below it, joined to it.
    let canonical = fs::canonicalize(path).map_err(|e| format!("`{}`: {e}", path.display()))?;
    let top = fs::canonicalize(&top).unwrap_or(top);
    for relative in changed {
        let absolute = top.join(&relative);
        let Ok(below) = absolute.strip_prefix(&canonical) else {
            if absolute == canonical {
                add_changed(path, units);
            }
            continue;
        };
        let shown = if below.as_os_str().is_empty() {
            path.to_path_buf()
        } else {
            path.join(below)
        };
        add_changed(&shown, units);
    }
    Ok(())
}

/// One changed file and its counterparts in every language folder beside its own.
fn add_changed(file: &Path, units: &mut Units) {
    let name = file.file_name().map(OsString::from).unwrap_or_default();
    let parent = file.parent().unwrap_or(Path::new(""));
    let Some((root, _, block)) = locate(parent) else {
        if file.is_file() {
            discover(file, units);
        }
        return;
    };
    let only: BTreeSet<OsString> = [name].into();
    let languages = language_folders(&root);
    let parts = languages
        .iter()
        .map(|language| Part {
            language,
            dir: root.join(language.folder).join(&block),
            files: Files::All,
            report: Select::Only(only.clone()),
            suffixed: false,
        })
        .collect();
    let expected = expected_translations(&languages);
    units.add(&root, Unit::in_language(block, parts, expected));
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "`git {}` failed in `{}`: {}",
            args.join(" "),
            dir.display(),
            stderr.trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
