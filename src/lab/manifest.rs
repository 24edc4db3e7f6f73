//! The lab manifest, which maintainers write once: the reference apps, the challenges each
//! solves, the mutants that break them on purpose, and the findings allowed, with a reason.
//! TOML read with spans, so every error names its line. The only user of toml.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::Language;
use crate::diagnostic::{Diagnostic, LineIndex, Position, Rule, Span};

/// A manifest read and checked: paths made absolute from its folder.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: PathBuf,
    /// The curriculum the challenges come from, when the manifest names one.
    pub challenges: Option<PathBuf>,
    pub apps: Vec<AppSpec>,
}

/// A reference app: known to solve its challenges.
#[derive(Debug, Clone)]
pub struct AppSpec {
    pub name: String,
    pub line: u32,
    /// A shell command, run as `--start` runs it.
    pub start: String,
    pub dir: PathBuf,
    /// The variable that tells the app its port.
    pub port_var: String,
    pub env: Vec<(String, String)>,
    /// Blocks, ids or dashedNames.
    pub challenges: Vec<String>,
    pub challenges_line: u32,
    pub mutants: Vec<Mutant>,
    pub allows: Vec<Allow>,
}

/// The app with a mistake made on purpose, switched on by its environment.
#[derive(Debug, Clone)]
pub struct Mutant {
    pub name: String,
    pub line: u32,
    pub env: Vec<(String, String)>,
    /// The challenges whose hints should catch it (blocks, ids or dashedNames); every challenge
    /// of the app when `None`.
    pub caught_by: Option<Vec<String>>,
}

/// Findings the maintainers know of and accept, with why.
#[derive(Debug, Clone)]
pub struct Allow {
    pub line: u32,
    pub challenge: String,
    /// Counted from 1; every hint of the challenge when `None`.
    pub hint: Option<usize>,
    pub rules: Vec<Rule>,
    pub reason: String,
    /// Only this mutant surviving.
    pub mutant: Option<String>,
    /// Only in this language.
    pub language: Option<&'static Language>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    challenges: Option<Spanned<String>>,
    #[serde(default)]
    app: Vec<Spanned<RawApp>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApp {
    name: Spanned<String>,
    start: Spanned<String>,
    dir: Option<Spanned<String>>,
    port_env: Option<Spanned<String>>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    challenges: Spanned<Vec<String>>,
    #[serde(default)]
    mutant: Vec<Spanned<RawMutant>>,
    #[serde(default)]
    allow: Vec<Spanned<RawAllow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMutant {
    name: Spanned<String>,
    env: Spanned<BTreeMap<String, String>>,
    caught_by: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    challenge: Spanned<String>,
    hint: Option<Spanned<i64>>,
    rules: Spanned<Vec<String>>,
    reason: Spanned<String>,
    mutant: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
}

/// Reads the manifest at `path`; every problem found, each at its line, when it cannot be used.
pub fn read(path: &Path) -> Result<Manifest, Vec<Diagnostic>> {
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                return Err(vec![problem(
                    path,
                    "",
                    Span::at(0),
                    "the manifest is not UTF-8 text".into(),
                )])
            }
        },
        Err(e) => {
            return Err(vec![problem(
                path,
                "",
                Span::at(0),
                format!("cannot read the lab manifest: {e}"),
            )])
        }
    };
    let raw: RawManifest = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e.span().map_or(Span::at(0), |r| Span::new(r.start, r.end));
            let message = e.message().trim().to_string();
            return Err(vec![problem(path, &text, span, message)]);
        }
    };
    let mut checker = Checker {
        path,
        text: &text,
        base: path.parent().unwrap_or(Path::new(".")),
        problems: Vec::new(),
    };
    let manifest = checker.manifest(raw);
    if checker.problems.is_empty() {
        Ok(manifest)
    } else {
        Err(checker.problems)
    }
}

fn span_of<T>(value: &Spanned<T>) -> Span {
    let range = value.span();
    Span::new(range.start, range.end)
}

/// A manifest problem at `span`, with the line it is on.
fn problem(path: &Path, text: &str, span: Span, message: String) -> Diagnostic {
    let index = LineIndex::new(text);
    let position = if text.is_empty() {
        Position { line: 1, col: 1 }
    } else {
        index.position(text, span.start)
    };
    let mut d = Diagnostic::new(Rule::LabManifest, path, position, message);
    // The whole value on its first line is underlined.
    let end = index.position(text, span.end);
    if end.line == position.line {
        d = d.with_width(end.col.saturating_sub(position.col));
    }
    d.attach_source(text, &index);
    d
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    base: &'a Path,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn fail(&mut self, span: Span, message: String) {
        self.problems
            .push(problem(self.path, self.text, span, message));
    }

    fn line(&self, span: Span) -> u32 {
        LineIndex::new(self.text)
            .position(self.text, span.start)
            .line
    }

    fn manifest(&mut self, raw: RawManifest) -> Manifest {
        let challenges = raw.challenges.map(|c| tidy(&self.base.join(c.get_ref())));
        if raw.app.is_empty() {
            self.fail(
                Span::at(0),
                "the manifest names no app: add an [[app]] table with its name, start command and challenges".into(),
            );
        }
        let mut apps: Vec<AppSpec> = Vec::new();
        for app in raw.app {
            let app_span = span_of(&app);
            let app = app.into_inner();
            if let Some(spec) = self.app(app, app_span) {
                if apps.iter().any(|a| a.name == spec.name) {
                    let span = Span::at(app_span.start);
                    self.fail(span, format!("a second app named `{}`", spec.name));
                }
                apps.push(spec);
            }
        }
        Manifest {
            path: self.path.to_path_buf(),
            challenges,
            apps,
        }
    }

    fn app(&mut self, raw: RawApp, span: Span) -> Option<AppSpec> {
        let name = raw.name.get_ref().trim().to_string();
        if name.is_empty() {
            self.fail(span_of(&raw.name), "an app needs a name".into());
        }
        if raw.start.get_ref().trim().is_empty() {
            self.fail(
                span_of(&raw.start),
                format!("app `{name}` has no start command"),
            );
        }
        let dir = match &raw.dir {
            Some(dir) => {
                let joined = tidy(&self.base.join(dir.get_ref()));
                if !joined.is_dir() {
                    self.fail(
                        span_of(dir),
                        format!("`{}` is not a folder", joined.display()),
                    );
                }
                joined
            }
            None => self.base.to_path_buf(),
        };
        let port_var = raw
            .port_env
            .as_ref()
            .map_or("PORT".to_string(), |p| p.get_ref().clone());
        if !port_var
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            || port_var.is_empty()
        {
            let span = raw.port_env.as_ref().map_or(span, span_of);
            self.fail(
                span,
                format!("`{port_var}` is not the name of an environment variable"),
            );
        }
        let challenges_span = span_of(&raw.challenges);
        let challenges = raw.challenges.into_inner();
        if challenges.is_empty() {
            self.fail(
                challenges_span,
                format!("app `{name}` names no challenge it solves"),
            );
        }
        let mut mutants: Vec<Mutant> = Vec::new();
        for mutant in raw.mutant {
            let mutant_span = span_of(&mutant);
            let mutant = mutant.into_inner();
            let mutant_name = mutant.name.get_ref().trim().to_string();
            if mutant_name.is_empty() {
                self.fail(span_of(&mutant.name), "a mutant needs a name".into());
            }
            if mutants.iter().any(|m| m.name == mutant_name) {
                self.fail(
                    span_of(&mutant.name),
                    format!("app `{name}` has a second mutant named `{mutant_name}`"),
                );
            }
            if mutant.env.get_ref().is_empty() {
                self.fail(
                    span_of(&mutant.env),
                    format!("mutant `{mutant_name}` sets no variable, so it is the reference app itself"),
                );
            }
            let caught_by = match mutant.caught_by {
                Some(list) => {
                    let list_span = span_of(&list);
                    let list = list.into_inner();
                    if list.is_empty() {
                        self.fail(list_span, "caught_by is empty: leave it out to mean every challenge of the app, and allow `mutant-survives` for a mutant no hint catches".into());
                    }
                    Some(list)
                }
                None => None,
            };
            mutants.push(Mutant {
                name: mutant_name,
                line: self.line(mutant_span),
                env: mutant.env.into_inner().into_iter().collect(),
                caught_by,
            });
        }
        let mut allows = Vec::new();
        for allow in raw.allow {
            let allow_span = span_of(&allow);
            if let Some(allow) = self.allow(allow.into_inner(), &mutants, &name) {
                allows.push(Allow {
                    line: self.line(allow_span),
                    ..allow
                });
            }
        }
        Some(AppSpec {
            name,
            line: self.line(span),
            start: raw.start.into_inner(),
            dir,
            port_var,
            env: raw.env.into_iter().collect(),
            challenges,
            challenges_line: self.line(challenges_span),
            mutants,
            allows,
        })
    }

    fn allow(&mut self, raw: RawAllow, mutants: &[Mutant], app: &str) -> Option<Allow> {
        let challenge = raw.challenge.get_ref().clone();
        let hint = match &raw.hint {
            Some(n) if *n.get_ref() < 1 => {
                self.fail(span_of(n), "hints are counted from 1".into());
                None
            }
            Some(n) => Some(*n.get_ref() as usize),
            None => None,
        };
        let mut rules = Vec::new();
        for id in raw.rules.get_ref() {
            match Rule::lab_from_id(id) {
                Some(rule) if rule != Rule::LabManifest && rule != Rule::UnusedAllow => {
                    rules.push(rule)
                }
                _ => {
                    let known: Vec<&str> = Rule::LAB[1..7].iter().map(|r| r.id()).collect();
                    self.fail(
                        span_of(&raw.rules),
                        format!(
                            "`{id}` is not a finding of grade lab; it finds {}",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        if raw.rules.get_ref().is_empty() {
            self.fail(
                span_of(&raw.rules),
                "an allowance names the rules it allows".into(),
            );
        }
        if raw.reason.get_ref().trim().is_empty() {
            self.fail(
                span_of(&raw.reason),
                "an allowance says why: give a reason".into(),
            );
        }
        if let Some(mutant) = &raw.mutant {
            if !mutants.iter().any(|m| &m.name == mutant.get_ref()) {
                self.fail(
                    span_of(mutant),
                    format!("app `{app}` has no mutant named `{}`", mutant.get_ref()),
                );
            }
        }
        let language = match &raw.lang {
            Some(lang) => match Language::find(lang.get_ref()) {
                Some(language) => Some(language),
                None => {
                    self.fail(
                        span_of(lang),
                        format!("`{}` is not a language grade knows", lang.get_ref()),
                    );
                    None
                }
            },
            None => None,
        };
        Some(Allow {
            line: 0,
            challenge,
            hint,
            rules,
            reason: raw.reason.into_inner().trim().to_string(),
            mutant: raw.mutant.map(Spanned::into_inner),
            language,
        })
    }
}

/// `path` with its `.` parts dropped and each `..` taking back the part before it, where there is
/// one: `fixtures/reference/../../x` is `x`, and `../x` stays. Paths in messages read as a person
/// would write them.
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut parts: Vec<Component> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(part),
            },
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        PathBuf::from(".")
    } else {
        parts.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::tidy;
    use std::path::{Path, PathBuf};

    #[test]
    fn paths_read_as_a_person_writes_them() {
        assert_eq!(tidy(Path::new("a/b/../../../c")), PathBuf::from("../c"));
        assert_eq!(tidy(Path::new("./a/./b/..")), PathBuf::from("a"));
        assert_eq!(tidy(Path::new("/x/../..")), PathBuf::from("/"));
        assert_eq!(tidy(Path::new("a/..")), PathBuf::from("."));
    }
}
