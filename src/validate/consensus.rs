//! Translations held against each other where no English file is among the paths given (as in
//! a repository of translations alone): what must not be translated (id, dashedName,
//! challengeType, forumTopicId, the section markers, the hints' code, the inline code of the
//! texts) must agree. A file that differs from the agreement of all the others is an error
//! naming them; a dashedName that is another's cut short (at a `-`) is an error whatever the
//! count; two translations alone that differ, or a split with no agreement, are warnings.

use std::collections::HashMap;
use std::path::PathBuf;

use super::compare::diff;
use super::facts::{Facts, MarkerClass};
use crate::catalog::Language;
use crate::challenge::InlineKind;
use crate::diagnostic::{Diagnostic, Position, Rule, Severity};

/// One translation of a challenge.
pub struct File {
    pub language: &'static Language,
    pub facts: Facts,
    /// Its findings are reported (else it is read only to compare with).
    pub report: bool,
}

/// What one file says on one point, and where.
struct Said {
    value: String,
    /// What the message shows of it.
    shown: String,
    line: u32,
    /// The code, for a diff.
    code: Option<String>,
}

/// Checks each challenge's translations (files of one name across the languages) against each
/// other.
pub fn check(files: &[File], found: &mut Vec<Diagnostic>) {
    let mut by_name: Vec<(&std::ffi::OsString, Vec<&File>)> = Vec::new();
    let mut index: HashMap<&std::ffi::OsString, usize> = HashMap::new();
    for file in files {
        match index.get(&file.facts.name) {
            Some(&i) => by_name[i].1.push(file),
            None => {
                index.insert(&file.facts.name, by_name.len());
                by_name.push((&file.facts.name, vec![file]));
            }
        }
    }
    for (_, group) in by_name {
        if group.len() > 1 {
            challenge(&group, found);
        }
    }
}

fn challenge(files: &[&File], found: &mut Vec<Diagnostic>) {
    let field = |f: &File, name: &str| {
        f.facts
            .fields
            .iter()
            .find(|(k, _, _)| *k == name)
            .map_or(1, |(_, l, _)| *l)
    };
    let front: Vec<&File> = files.iter().copied().filter(|f| f.facts.front_ok).collect();
    type Read = fn(&Facts) -> Option<String>;
    let fields: [(&str, Read); 4] = [
        ("id", |f| f.id.clone()),
        ("dashedName", |f| f.dashed_name.clone()),
        ("challengeType", |f| f.challenge_type.map(|v| v.to_string())),
        ("forumTopicId", |f| f.forum_topic_id.map(|v| v.to_string())),
    ];
    for (name, read) in fields {
        let said: Vec<(&File, Said)> = front
            .iter()
            .map(|f| {
                let value = read(&f.facts);
                let shown = value
                    .as_ref()
                    .map_or("missing".to_string(), |v| format!("`{v}`"));
                let said = Said {
                    value: value.unwrap_or_default(),
                    shown,
                    line: field(f, name),
                    code: None,
                };
                (*f, said)
            })
            .collect();
        let what = format!("`{name}`");
        judge(Rule::FieldDiffers, &what, said, name == "dashedName", found);
    }
    let sound: Vec<&File> = files
        .iter()
        .copied()
        .filter(|f| !f.facts.swallowed)
        .collect();
    let markers: Vec<(&File, Said)> = sound
        .iter()
        .map(|f| {
            let known: Vec<String> = f
                .facts
                .markers
                .iter()
                .filter(|m| m.class == MarkerClass::Known)
                .map(|m| m.heading())
                .collect();
            let said = Said {
                value: known.join("\n"),
                shown: known.join(", "),
                line: f.facts.markers.first().map_or(1, |m| m.line),
                code: None,
            };
            (*f, said)
        })
        .collect();
    if judge(Rule::SectionsDiffer, "the sections", markers, false, found) {
        // Hints and texts line up only where the sections do.
        return;
    }
    let counts: Vec<(&File, Said)> = sound
        .iter()
        .map(|f| {
            let n = f.facts.hints.len();
            let said = Said {
                value: n.to_string(),
                shown: n.to_string(),
                line: f.facts.hints_line,
                code: None,
            };
            (*f, said)
        })
        .collect();
    if judge(Rule::HintCount, "the number of hints", counts, false, found) {
        return;
    }
    let hints = sound.first().map_or(0, |f| f.facts.hints.len());
    for i in 0..hints {
        let said: Vec<(&File, Said)> = sound
            .iter()
            .filter_map(|f| {
                let hint = f.facts.hints.get(i)?;
                // Code that does not compile is its file's own error.
                if hint.compiles == Some(false) || hint.swallows {
                    return None;
                }
                let value: String = hint.code.chars().filter(|c| !c.is_whitespace()).collect();
                Some((
                    *f,
                    Said {
                        value,
                        shown: String::new(),
                        line: hint.code_line,
                        code: Some(hint.code.clone()),
                    },
                ))
            })
            .collect();
        judge(
            Rule::CodeDiffers,
            &format!("hint {}'s code", i + 1),
            said,
            false,
            found,
        );
    }
    let first = sound.first().map(|f| &f.facts.texts);
    for text in first.into_iter().flatten() {
        let count = |facts: &Facts| {
            facts
                .texts
                .iter()
                .filter(|t| t.section == text.section)
                .count()
        };
        let said: Vec<(&File, Said)> = sound
            .iter()
            .filter_map(|f| {
                let ours = f
                    .facts
                    .texts
                    .iter()
                    .find(|t| t.section == text.section && t.ordinal == text.ordinal)?;
                if first.is_some_and(|_| count(&f.facts) != count(&sound[0].facts)) {
                    return None;
                }
                let mut code: Vec<&str> = ours
                    .marks
                    .iter()
                    .filter(|m| m.kind == InlineKind::Code)
                    .map(|m| m.key.as_str())
                    .collect();
                code.sort_unstable();
                let shown = if code.is_empty() {
                    "none".to_string()
                } else {
                    code.iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                Some((
                    *f,
                    Said {
                        value: code.join("\u{1}"),
                        shown,
                        line: ours.line,
                        code: None,
                    },
                ))
            })
            .collect();
        judge(
            Rule::InlineCode,
            &format!("the inline code of {}", text.label()),
            said,
            false,
            found,
        );
    }
}

/// Judges one point the files should agree on; returns whether they do not.
fn judge(
    rule: Rule,
    what: &str,
    said: Vec<(&File, Said)>,
    cut_short: bool,
    found: &mut Vec<Diagnostic>,
) -> bool {
    let n = said.len();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, (_, s)) in said.iter().enumerate() {
        match groups.iter_mut().find(|(v, _)| *v == s.value) {
            Some((_, members)) => members.push(i),
            None => groups.push((s.value.clone(), vec![i])),
        }
    }
    if groups.len() < 2 {
        return false;
    }
    let languages = |members: &[usize]| -> String {
        let names: Vec<&str> = members
            .iter()
            .map(|&i| said[i].0.language.english)
            .collect();
        match names.as_slice() {
            [one] => one.to_string(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => String::new(),
        }
    };
    let paths = |members: &[usize]| -> Vec<PathBuf> {
        members
            .iter()
            .map(|&i| said[i].0.facts.path.clone())
            .collect()
    };
    let mut report = |i: usize, against: &[usize], message: String, severity: Severity| {
        let (file, s) = &said[i];
        if !file.report {
            return;
        }
        let mut line = s.line;
        let mut detail = String::new();
        if let (Some(ours), Some(theirs)) = (&s.code, &said[against[0]].1.code) {
            let d = diff(theirs, ours);
            line += d.first.unwrap_or(0) as u32;
            detail.push_str(&d.shown());
            detail.push('\n');
        }
        let listed: Vec<String> = paths(against)
            .iter()
            .map(|p| format!("  {}", p.display()))
            .collect();
        detail.push_str(&format!(
            "the files it disagrees with:\n{}",
            listed.join("\n")
        ));
        let mut d = Diagnostic::new(rule, &file.facts.path, Position { line, col: 1 }, message);
        d.severity = severity;
        d.detail = Some(detail);
        if s.code.is_some() {
            d.help = Some(format!(
                "`-` lines are from {}, `+` lines from this file",
                said[against[0]].0.facts.path.display()
            ));
        }
        found.push(d);
    };
    let shown = |i: usize| -> String {
        let s = &said[i].1;
        if s.shown.is_empty() {
            String::new()
        } else {
            format!(" ({})", s.shown)
        }
    };
    // A dashedName that another is cut short of: the short one is wrong, however many share it.
    if cut_short {
        let mut any = false;
        for (value, members) in &groups {
            let longer = groups.iter().find(|(other, _)| {
                other.len() > value.len()
                    && other.starts_with(value.as_str())
                    && other[value.len()..].starts_with('-')
            });
            let Some((_, longer)) = longer else {
                continue;
            };
            any = true;
            for &i in members {
                report(
                    i,
                    longer,
                    format!(
                        "{what} is {} here, cut short of {} in {}",
                        said[i].1.shown,
                        said[longer[0]].1.shown,
                        languages(longer)
                    ),
                    Severity::Error,
                );
            }
        }
        if any {
            return true;
        }
    }
    groups.sort_by_key(|(_, members)| std::cmp::Reverse(members.len()));
    let (_, agreed) = &groups[0];
    if n >= 3 && agreed.len() == n - 1 {
        let i = groups[1].1[0];
        report(
            i,
            agreed,
            format!(
                "{what} differs here{} from the {} other translations, which agree{}: {}",
                shown(i),
                agreed.len(),
                shown(agreed[0]),
                languages(agreed)
            ),
            Severity::Error,
        );
        return true;
    }
    // No agreement to hold a file to: which is right is not known.
    let against = agreed.clone();
    for (_, members) in &groups[1..] {
        for &i in members {
            let message = if n == 2 {
                format!(
                    "{what} differs here{} from the {} translation{}, and there is no English file or third translation to tell which is right",
                    shown(i),
                    languages(&against),
                    shown(against[0])
                )
            } else {
                format!(
                    "{what} differs here{} from {}{}, and the translations do not agree on it",
                    shown(i),
                    languages(&against),
                    shown(against[0])
                )
            };
            report(i, &against, message, Severity::Warning);
        }
    }
    true
}
