//! What the CHALLENGE arguments of `grade` and `grade batch` select, read from files, folders
//! and the catalog, every selected challenge checked before anything runs.

use std::io;
use std::path::{Path, PathBuf};

use crate::catalog::{self, Catalog, Entry};
use crate::cli::Source;
use crate::{plan, report};

/// Fails when `--challenges` names something that is not a folder.
pub fn check_source(source: &Source) -> Result<(), String> {
    match &source.challenges {
        Some(dir) if !dir.is_dir() => {
            Err(format!("`{}` is not a folder of challenges", dir.display()))
        }
        _ => Ok(()),
    }
}

pub fn catalog_for(source: &Source) -> Result<Catalog, String> {
    check_source(source)?;
    let catalog = match &source.challenges {
        Some(dir) => Catalog::load(std::slice::from_ref(dir)),
        None => Catalog::builtin(),
    };
    // Warnings (a link that loops, a duplicate id) are said, and the challenges still load.
    if !catalog.diagnostics.is_empty() {
        report::render_diagnostics(&mut io::stderr(), &catalog.diagnostics);
    }
    if catalog.diagnostics.iter().any(|d| d.is_error()) {
        return Err("could not read the challenges".to_string());
    }
    if catalog.entries.is_empty() {
        let place = source
            .challenges
            .as_ref()
            .map_or("the built-in catalog".to_string(), |d| {
                format!("`{}`", d.display())
            });
        return Err(format!("no challenges found in {place}"));
    }
    Ok(catalog)
}

/// Whether a command-line argument names a file or folder rather than an id or a dashedName.
pub fn looks_like_path(argument: &str) -> bool {
    argument.contains('/') || argument.contains('\\') || argument.ends_with(".md")
}

/// The files and folders among `arguments`, which must exist and hold challenges, and the ids
/// and dashedNames among them.
fn split_selection(arguments: &[String]) -> Result<(Vec<PathBuf>, Vec<String>), String> {
    let mut paths = Vec::new();
    let mut names = Vec::new();
    for argument in arguments {
        let path = Path::new(argument);
        if path.exists() {
            if path.is_dir() && catalog::files_under(path, &mut Vec::new()).is_empty() {
                return Err(format!("no challenge files in `{argument}`"));
            }
            paths.push(path.to_path_buf());
        } else if looks_like_path(argument) {
            return Err(format!("no such file or folder: `{argument}`"));
        } else {
            names.push(argument.clone());
        }
    }
    Ok((paths, names))
}

/// What the CHALLENGE arguments name: files and folders read as they are, and ids or
/// dashedNames looked up in the catalog (all of it when nothing was named).
pub struct Selection {
    pub paths: Vec<PathBuf>,
    names: Vec<String>,
    files: Catalog,
    /// Read only when ids or names need it, or when no file was named.
    catalog: Option<Catalog>,
}

impl Selection {
    /// An entry's place in the catalog it comes from, which orders a gradebook's columns: its
    /// index in the catalog, or after the catalog, its index among the files named.
    pub fn order_of(&self, entry: &Entry) -> usize {
        let within =
            |catalog: &Catalog| catalog.entries.iter().position(|e| std::ptr::eq(e, entry));
        self.catalog
            .as_ref()
            .and_then(within)
            .or_else(|| within(&self.files).map(|i| i + 1_000_000))
            .unwrap_or(usize::MAX)
    }

    pub fn read(arguments: &[String], source: &Source) -> Result<Selection, String> {
        let (paths, names) = split_selection(arguments)?;
        let files = Catalog::load(&paths);
        let catalog = if !names.is_empty() || paths.is_empty() {
            Some(catalog_for(source)?)
        } else {
            None
        };
        Ok(Selection {
            paths,
            names,
            files,
            catalog,
        })
    }

    /// The selected challenges, every one checked before anything runs; `None` after
    /// reporting errors, when nothing may be graded.
    pub fn entries(
        &self,
        language: &'static catalog::Language,
    ) -> Result<Option<Vec<&Entry>>, String> {
        selected(
            &self.files,
            self.catalog.as_ref(),
            &self.names,
            &self.paths,
            language,
        )
    }
}

fn selected<'a>(
    files: &'a Catalog,
    catalog: Option<&'a Catalog>,
    names: &[String],
    paths: &[PathBuf],
    language: &'static catalog::Language,
) -> Result<Option<Vec<&'a Entry>>, String> {
    let mut entries: Vec<&Entry> = files.entries.iter().collect();
    // Named one by one (a file, an id or a dashedName), or found in a folder or the catalog.
    let mut named: Vec<&Entry> = files
        .entries
        .iter()
        .filter(|e| {
            e.versions.iter().any(|v| {
                paths
                    .iter()
                    .any(|p| p.is_file() && *p == v.parsed.challenge.path)
            })
        })
        .collect();
    if let Some(catalog) = catalog {
        let found = plan::select(catalog, names)?;
        if !names.is_empty() {
            named.extend(found.iter().copied());
        }
        entries.extend(found);
    }
    if entries.is_empty() {
        return Err("no challenges to grade".to_string());
    }
    // Only challenges checked against a running app are graded: one named on purpose that is
    // not is refused, and those a folder holds besides are left out, with a count.
    let refused: Vec<&Entry> = named.iter().copied().filter(|e| !gradable(e)).collect();
    if !refused.is_empty() {
        for entry in &refused {
            let challenge = &entry.version(language).parsed.challenge;
            report::say(&format!(
                "{}: `{}` is a challenge of type {}, which is checked in a browser, not graded against a running app",
                report::error_label(),
                report::visible_line(&challenge.path.display().to_string()),
                type_name(challenge.front.challenge_type)
            ));
        }
        report::say(&format!(
            "{}: grade grades the back-end challenges of type 2 and the back-end projects of type 4",
            report::help_label()
        ));
        return Ok(None);
    }
    let before = entries.len();
    entries.retain(|e| gradable(e));
    let left_out = before - entries.len();
    if left_out > 0 {
        let words = if left_out == 1 {
            "1 challenge was left out: it is".to_string()
        } else {
            format!(
                "{} were left out: they are",
                report::english_count(left_out, "challenge", "challenges")
            )
        };
        report::say(&report::dimmed(&format!(
            "{words} checked in a browser (not challengeType 2 or 4), not graded against a running app"
        )));
    }
    if entries.is_empty() {
        return Err("no challenges to grade: none of those selected is graded against a running app (challengeType 2 or 4)".to_string());
    }
    let mut problems = files.diagnostics.clone();
    problems.extend(plan::diagnostics(&entries, language));
    report::render_diagnostics(&mut io::stderr(), &problems);
    if problems.iter().any(|d| d.is_error()) {
        report::say(&format!(
            "{}: nothing was graded, because the challenges above have errors",
            report::error_label()
        ));
        return Ok(None);
    }
    Ok(Some(entries))
}

/// Whether a challenge is graded against a running app: freeCodeCamp's back-end challenges
/// (type 2) and projects (type 4), and a file that does not say.
fn gradable(entry: &Entry) -> bool {
    let kind = entry
        .find(catalog::ENGLISH)
        .unwrap_or(&entry.versions[0])
        .parsed
        .challenge
        .front
        .challenge_type;
    matches!(kind, None | Some(2 | 4))
}

/// A challenge type by its number and, for the common ones, what it is.
fn type_name(kind: Option<i64>) -> String {
    let what = match kind {
        Some(0) => " (HTML)",
        Some(1) => " (JavaScript)",
        Some(3) => " (front-end project)",
        Some(5) => " (JavaScript project)",
        Some(11) => " (video)",
        _ => "",
    };
    match kind {
        Some(n) => format!("{n}{what}"),
        None => "unknown".to_string(),
    }
}
