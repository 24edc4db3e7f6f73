//! What the CHALLENGE arguments of `grade` and `grade batch` select, read from files, folders
//! and the catalog, every selected challenge checked before anything runs.

use std::io;
use std::path::{Path, PathBuf};

use crate::catalog::{self, Catalog, Entry};
use crate::cli::Source;
use crate::curriculum::{self, names, Named};
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

/// The files and folders among `arguments`, which must exist and hold challenges, and the
/// names among them (ids, dashedNames, blocks and challenge page URLs).
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
        } else if names::is_page_url(argument) {
            names.push(argument.clone());
        } else if looks_like_path(argument) {
            return Err(format!("no such file or folder: `{argument}`"));
        } else {
            names.push(argument.clone());
        }
    }
    Ok((paths, names))
}

/// What grade says when asked to grade with no challenge named and only the built-in demo
/// block to grade: grading an unrelated app against it would only print failures.
fn nothing_named() -> String {
    format!(
        "name the challenge to grade\n  \
         a freeCodeCamp challenge by its name (`timestamp-microservice`), id, block\n  \
         (`back-end-development-and-apis-projects`) or page URL; a challenge file or folder; or\n  \
         the built-in demo block `user-sessions`, whose challenges `grade list` shows\n\
         {}: grade --url http://localhost:3000 timestamp-microservice",
        report::help_label()
    )
}

/// The names of `names` that the local catalog does not hold, read as freeCodeCamp's: each a
/// challenge or block to fetch; a name neither knows is an error with the closest known name.
pub(super) fn curriculum_names(
    names: &[String],
    catalog: Option<&Catalog>,
) -> Result<(Vec<String>, Vec<Named>), String> {
    let mut local = Vec::new();
    let mut remote = Vec::new();
    for name in names {
        if let Some(page) = names::page(name) {
            remote.push(page?);
            continue;
        }
        let here: Vec<&Entry> = catalog.map(|c| c.lookup(name)).unwrap_or_default();
        let there = names::lookup(name);
        match (!here.is_empty(), there) {
            (true, found) => {
                // The same challenge (a local copy of freeCodeCamp's file) needs no word.
                let other = match &found {
                    Some(names::Wanted::Challenge { id, .. }) => !here.iter().any(|e| e.id == *id),
                    Some(_) => true,
                    None => false,
                };
                if other {
                    report::say(&report::dimmed(&format!(
                        "`{name}` is taken from the local challenges; freeCodeCamp's challenge of that name is graded when named by its page URL"
                    )));
                }
                local.push(name.clone());
            }
            (false, Some(wanted)) => remote.push(Named {
                argument: name.clone(),
                wanted,
                language: None,
            }),
            // An id this build does not know may be a challenge added since.
            (false, None) if names::is_id(name) => remote.push(Named {
                argument: name.clone(),
                wanted: names::Wanted::UnknownId(name.clone()),
                language: None,
            }),
            (false, None) => {
                let mine: Vec<String> = catalog
                    .into_iter()
                    .flat_map(|c| &c.entries)
                    .map(|e| e.dashed_name().to_string())
                    .collect();
                let help = match names::suggestion(name, &mine) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "`grade list` shows the local challenges; freeCodeCamp's are named by dashedName, id, block or page URL".to_string(),
                };
                return Err(format!(
                    "no challenge has the id, dashedName or block `{name}`\n{}: {help}",
                    report::help_label()
                ));
            }
        }
    }
    Ok((local, remote))
}

/// What the CHALLENGE arguments name: files and folders read as they are, and ids or
/// dashedNames looked up in the catalog (all of it when nothing was named).
pub struct Selection {
    pub paths: Vec<PathBuf>,
    names: Vec<String>,
    files: Catalog,
    /// Read only when ids or names need it, or when no file was named.
    catalog: Option<Catalog>,
    /// freeCodeCamp's challenges fetched by name, in the order to grade them.
    fetched: Catalog,
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
            .or_else(|| within(&self.fetched).map(|i| i + 2_000_000))
            .unwrap_or(usize::MAX)
    }

    /// Reads what `arguments` name; freeCodeCamp's challenges are fetched in English and in
    /// `languages`.
    pub fn read(
        arguments: &[String],
        source: &Source,
        languages: &[&'static catalog::Language],
    ) -> Result<Selection, String> {
        if arguments.is_empty() && source.challenges.is_none() {
            return Err(nothing_named());
        }
        let (paths, names) = split_selection(arguments)?;
        let files = Catalog::load(&paths);
        let catalog = if !names.is_empty() || paths.is_empty() {
            Some(catalog_for(source)?)
        } else {
            None
        };
        let (names, remote) = curriculum_names(&names, catalog.as_ref())?;
        let fetched = if remote.is_empty() {
            Catalog::default()
        } else {
            let mut languages = languages.to_vec();
            languages.extend(remote.iter().filter_map(|n| n.language));
            in_order(fetch_saying(&remote, &languages, &source.remote)?)
        };
        // Only names the local catalog holds are looked up there; nothing else is graded from it
        // when everything named was fetched.
        let catalog =
            catalog.filter(|_| !names.is_empty() || (paths.is_empty() && remote.is_empty()));
        Ok(Selection {
            paths,
            names,
            files,
            catalog,
            fetched,
        })
    }

    /// The ids of the challenges fetched from freeCodeCamp's curriculum.
    pub fn fetched_ids(&self) -> Vec<String> {
        self.fetched.entries.iter().map(|e| e.id.clone()).collect()
    }

    /// The selected challenges, every one checked before anything runs; `None` after
    /// reporting errors, when nothing may be graded.
    pub fn entries(
        &self,
        language: &'static catalog::Language,
    ) -> Result<Option<Vec<&Entry>>, String> {
        let fetched: Vec<&Entry> = self.fetched.entries.iter().collect();
        selected(
            &self.files,
            self.catalog.as_ref(),
            &self.names,
            &self.paths,
            &fetched,
            language,
        )
    }
}

fn selected<'a>(
    files: &'a Catalog,
    catalog: Option<&'a Catalog>,
    names: &[String],
    paths: &[PathBuf],
    fetched: &[&'a Entry],
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
    // Fetched by name: named on purpose, in the block's order.
    named.extend(fetched.iter().copied());
    entries.extend(fetched.iter().copied());
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

/// The catalog that holds the one challenge `name` names for `grade show`: the local one, or
/// freeCodeCamp's challenge fetched.
pub fn catalog_naming(name: &str, source: &Source) -> Result<Catalog, String> {
    let local = catalog_for(source)?;
    let (here, remote) = curriculum_names(std::slice::from_ref(&name.to_string()), Some(&local))?;
    if !here.is_empty() {
        return Ok(local);
    }
    // In the block's order, so a block named shows its first challenge.
    Ok(in_order(fetch_saying(
        &remote,
        &[source.language],
        &source.remote,
    )?))
}

/// Fetches the named freeCodeCamp challenges in English and `languages` (or takes them from the
/// cache), saying what the user should know of how: the one way `grade`, `show`, `batch`,
/// `lab` and `pull` fetch.
pub(super) fn fetch_saying(
    named: &[Named],
    languages: &[&'static catalog::Language],
    remote: &curriculum::Remote,
) -> Result<curriculum::Fetched, String> {
    let wanted: Vec<names::Wanted> = named.iter().map(|n| n.wanted.clone()).collect();
    let fetched = curriculum::fetch(&wanted, languages, remote)?;
    for notice in &fetched.notices {
        report::say(&format!("{}: {notice}", report::warning_label()));
    }
    Ok(fetched)
}

/// Fetched files read as a catalog whose entries are in the order to grade them.
pub(super) fn in_order(fetched: curriculum::Fetched) -> Catalog {
    let mut catalog = Catalog::load(&fetched.paths());
    catalog
        .entries
        .sort_by_key(|e| fetched.order.iter().position(|id| *id == e.id));
    catalog
}
