//! A translation against its English original: front-matter fields, markers and sections, hint
//! count and code, and in every text the parts translators must leave as they are (the checks
//! translation platforms run before a string is accepted); `marks` compares those parts.

mod marks;

use std::collections::HashMap;

use super::facts::{Facts, Loaded, MarkerClass, MarkerFact, TextFact};
use crate::challenge::InlineKind;
use crate::diagnostic::{Diagnostic, Position, Rule};
use marks::{same_blocks, same_marks};

/// A text that reads the same as in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untranslated {
    pub path: std::path::PathBuf,
    pub line: u32,
    pub what: String,
}

/// What comparing one translation found besides diagnostics.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Texts with something to translate, and how many of them differ from English.
    pub texts: usize,
    pub translated: usize,
    pub untranslated: Vec<Untranslated>,
}

/// Compares `here`, a translation loaded as `loaded`, with `english`.
pub fn compare(
    english: &Facts,
    here: &Facts,
    loaded: &Loaded,
    found: &mut Vec<Diagnostic>,
    outcome: &mut Outcome,
) {
    // Fields of a front matter that cannot be read are its error, not a difference.
    if english.front_ok && here.front_ok {
        fields(english, here, found);
    }
    let before = found.len();
    let skip = if english.swallowed || here.swallowed {
        vec![false; here.markers.len()]
    } else {
        markers(english, here, found)
    };
    // Where sections are lost or misplaced, hints and texts would be compared with the wrong
    // counterparts; the structure is reported once, and fixing it comes first.
    let sound = found.len() == before && !english.swallowed && !here.swallowed;
    super::facts::marker_findings(here, &skip, found);
    // A marker reported against English is not reported again as unknown or malformed.
    let lines: Vec<u32> = here
        .markers
        .iter()
        .zip(&skip)
        .filter(|(_, s)| **s)
        .map(|(m, _)| m.line)
        .collect();
    found.retain(|d| {
        !(matches!(d.rule, Rule::UnknownMarker | Rule::MalformedMarker)
            && d.path == here.path
            && lines.contains(&d.position.line))
    });
    if sound {
        hints(english, here, found);
    }
    texts(english, here, loaded, sound, found, outcome);
}

fn fields(english: &Facts, here: &Facts, found: &mut Vec<Diagnostic>) {
    let show = |v: Option<String>| v.map_or("missing".to_string(), |v| format!("`{v}`"));
    let compared = [
        ("id", english.id.clone(), here.id.clone()),
        (
            "challengeType",
            english.challenge_type.map(|v| v.to_string()),
            here.challenge_type.map(|v| v.to_string()),
        ),
        (
            "dashedName",
            english.dashed_name.clone(),
            here.dashed_name.clone(),
        ),
        (
            "forumTopicId",
            english.forum_topic_id.map(|v| v.to_string()),
            here.forum_topic_id.map(|v| v.to_string()),
        ),
    ];
    for (field, theirs, ours) in compared {
        if theirs == ours {
            continue;
        }
        let (line, width) = here
            .fields
            .iter()
            .find(|(k, _, _)| *k == field)
            .map_or((1, 0), |(_, l, text)| (*l, text.chars().count() as u32));
        found.push(
            Diagnostic::new(
                Rule::FieldDiffers,
                &here.path,
                Position { line, col: 1 },
                format!(
                    "`{field}` is {} here but {} in English",
                    show(ours),
                    show(theirs)
                ),
            )
            .with_width(width),
        );
    }
}

/// Lines up the translation's markers with the English file's and reports what differs. Returns
/// which of the translation's markers were reported here, so their own checks stay quiet.
fn markers(english: &Facts, here: &Facts, found: &mut Vec<Diagnostic>) -> Vec<bool> {
    let theirs = &english.markers;
    let ours = &here.markers;
    let same = |e: &MarkerFact, t: &MarkerFact| {
        t.class != MarkerClass::Malformed && e.name == t.name && e.level == t.level
    };
    // The longest common subsequence of identical markers lines the two up; what lies between
    // two matched pairs is a gap, settled on its own.
    let (n, m) = (theirs.len(), ours.len());
    let mut table = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if same(&theirs[i], &ours[j]) {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    // Each gap: the English markers in it, ours, and our matched marker that ends it.
    let mut gaps: Vec<(Vec<usize>, Vec<usize>, Option<usize>)> =
        vec![(Vec::new(), Vec::new(), None)];
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && same(&theirs[i], &ours[j]) {
            if let Some(gap) = gaps.last_mut() {
                gap.2 = Some(j);
            }
            gaps.push((Vec::new(), Vec::new(), None));
            i += 1;
            j += 1;
        } else if i < n && (j == m || table[i + 1][j] >= table[i][j + 1]) {
            if let Some(gap) = gaps.last_mut() {
                gap.0.push(i);
            }
            i += 1;
        } else {
            if let Some(gap) = gaps.last_mut() {
                gap.1.push(j);
            }
            j += 1;
        }
    }
    let mut reported = vec![false; m];
    let mut missing: Vec<(&MarkerFact, u32)> = Vec::new();
    for (gap_theirs, gap_ours, next) in gaps {
        // A marker English does not know is no standard to hold a translation to.
        let mut standing: Vec<usize> = gap_theirs
            .into_iter()
            .filter(|&i| theirs[i].class == MarkerClass::Known)
            .collect();
        // Where a lost section would have been: before the next marker here, else after the
        // last one.
        let anchor = gap_ours
            .first()
            .copied()
            .or(next)
            .or(m.checked_sub(1))
            .map_or(1, |j| ours[j].line);
        for &j in &gap_ours {
            let t = &ours[j];
            let prefer = [
                |e: &MarkerFact, t: &MarkerFact| e.name == t.name,
                |e: &MarkerFact, t: &MarkerFact| {
                    e.name.eq_ignore_ascii_case(t.name.trim_matches('-'))
                },
                |e: &MarkerFact, t: &MarkerFact| e.level == t.level,
                |_: &MarkerFact, t: &MarkerFact| t.class != MarkerClass::Known,
            ];
            let Some(k) = prefer
                .iter()
                .find_map(|p| standing.iter().position(|&i| p(&theirs[i], t)))
            else {
                continue;
            };
            let e = &theirs[standing.remove(k)];
            reported[j] = true;
            found.push(marker_mismatch(e, t, &here.path));
        }
        for &j in &gap_ours {
            if !reported[j] && ours[j].class == MarkerClass::Known {
                reported[j] = true;
                found.push(
                    Diagnostic::new(
                        Rule::SectionsDiffer,
                        &here.path,
                        Position {
                            line: ours[j].line,
                            col: 1,
                        },
                        format!(
                            "this file has a `--{}--` section that the English file lacks",
                            ours[j].name
                        ),
                    )
                    .with_width(ours[j].width),
                );
            }
        }
        missing.extend(standing.into_iter().map(|i| (&theirs[i], anchor)));
    }
    if let Some((first, anchor)) = missing.first() {
        let names: Vec<String> = missing
            .iter()
            .take(4)
            .map(|(m, _)| format!("`--{}--` (line {})", m.name, m.line))
            .collect();
        let more = match missing.len() {
            0..=4 => String::new(),
            n => format!(" and {} more", n - 4),
        };
        let message = if missing.len() == 1 {
            format!(
                "the English file has a `--{}--` section (line {} there) that this one lacks",
                first.name, first.line
            )
        } else {
            format!(
                "this file lacks {} of the English file's sections: {}{more}",
                missing.len(),
                names.join(", ")
            )
        };
        found.push(Diagnostic::new(
            Rule::SectionsDiffer,
            &here.path,
            Position {
                line: *anchor,
                col: 1,
            },
            message,
        ));
    }
    reported
}

/// A marker of the translation that stands where English has another.
fn marker_mismatch(e: &MarkerFact, t: &MarkerFact, path: &std::path::Path) -> Diagnostic {
    let at = Position {
        line: t.line,
        col: 1,
    };
    let help = format!("write it as `{}`", e.heading());
    let similar = e.name.eq_ignore_ascii_case(t.name.trim_matches('-'));
    let (rule, message) = if e.name == t.name && t.class != MarkerClass::Malformed {
        (
            Rule::MarkerLevel,
            format!(
                "`--{}--` is a level-{} heading here but level-{} in English",
                t.name, t.level, e.level
            ),
        )
    } else if t.name.starts_with('<') {
        (
            Rule::TranslatedMarker,
            format!(
                "`{}` is HTML, not a marker; the English file has `{}` here",
                t.name,
                e.heading()
            ),
        )
    } else if t.class == MarkerClass::Malformed && similar {
        (
            Rule::TranslatedMarker,
            format!(
                "`{}` is not a marker; the English file has `{}` here",
                t.heading(),
                e.heading()
            ),
        )
    } else if similar {
        (
            Rule::TranslatedMarker,
            format!(
                "`{}` is `{}` in English; markers are case-sensitive",
                t.heading(),
                e.heading()
            ),
        )
    } else if t.class == MarkerClass::Known {
        (
            Rule::TranslatedMarker,
            format!(
                "`{}` stands where the English file has `{}`",
                t.heading(),
                e.heading()
            ),
        )
    } else {
        (
            Rule::TranslatedMarker,
            format!(
                "`{}` stands where the English file has `{}`; markers are never translated",
                t.heading(),
                e.heading()
            ),
        )
    };
    let diagnostic = Diagnostic::new(rule, path, at, message);
    diagnostic.with_width(t.width).with_help(help)
}

fn hints(english: &Facts, here: &Facts, found: &mut Vec<Diagnostic>) {
    if english.hints.len() != here.hints.len() {
        found.push(Diagnostic::new(
            Rule::HintCount,
            &here.path,
            Position {
                line: here.hints_line,
                col: 1,
            },
            format!(
                "the number of hints is {} here and {} in English",
                here.hints.len(),
                english.hints.len()
            ),
        ));
        return;
    }
    for (index, (theirs, ours)) in english.hints.iter().zip(&here.hints).enumerate() {
        // Code that does not compile is reported as such; comparing it would say it twice.
        let comparable = theirs.compiles != Some(false)
            && ours.compiles != Some(false)
            && !theirs.swallows
            && !ours.swallows;
        if !comparable || same_code(&theirs.code, &ours.code) {
            continue;
        }
        let diff = diff(&theirs.code, &ours.code);
        let line = ours.code_line + diff.first.unwrap_or(0) as u32;
        let mut diagnostic = Diagnostic::new(
            Rule::CodeDiffers,
            &here.path,
            Position { line, col: 1 },
            format!("hint {}'s code differs from English", index + 1),
        );
        diagnostic.detail = Some(diff.shown());
        diagnostic.help = Some(format!(
            "`-` lines are from {}, `+` lines from this file",
            english.path.display()
        ));
        found.push(diagnostic);
    }
}

/// Code is the same when only whitespace differs.
fn same_code(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let mut a = a.chars().filter(|c| !c.is_whitespace());
    let mut b = b.chars().filter(|c| !c.is_whitespace());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (x, y) if x == y => {}
            _ => return false,
        }
    }
}

fn texts(
    english: &Facts,
    here: &Facts,
    loaded: &Loaded,
    check: bool,
    found: &mut Vec<Diagnostic>,
    outcome: &mut Outcome,
) {
    let count =
        |facts: &Facts, section: &str| facts.texts.iter().filter(|t| t.section == section).count();
    let ours: HashMap<(&str, usize), &TextFact> = here
        .texts
        .iter()
        .map(|t| ((t.section.as_str(), t.ordinal), t))
        .collect();
    for theirs in &english.texts {
        // Texts pair up only where the file has as many of that kind as English; otherwise
        // the structure differs, which is reported once, and pairing would mislead.
        let Some(text) = ours.get(&(theirs.section.as_str(), theirs.ordinal)) else {
            continue;
        };
        if count(english, &theirs.section) != count(here, &theirs.section) {
            continue;
        }
        if theirs.prose {
            outcome.texts += 1;
            if theirs.text == text.text {
                outcome.untranslated.push(Untranslated {
                    path: here.path.clone(),
                    line: text.line,
                    what: theirs.label(),
                });
            } else {
                outcome.translated += 1;
            }
        }
        if !check || theirs.text == text.text {
            continue;
        }
        let checks = [
            (Rule::InlineCode, &[InlineKind::Code][..], "inline code"),
            (
                Rule::LinkTarget,
                &[InlineKind::Link, InlineKind::Image][..],
                "the link target",
            ),
            (Rule::HtmlTags, &[InlineKind::Tag][..], "the HTML tag"),
        ];
        for (rule, kinds, noun) in checks {
            same_marks(theirs, text, loaded, &here.path, rule, kinds, noun, found);
        }
        same_blocks(theirs, text, loaded, &here.path, found);
    }
}

/// A line diff of two snippets, blank lines and indentation ignored: `-` English, `+` here.
pub struct Diff {
    pub lines: Vec<String>,
    /// The first line of `here` that differs, counted from 0 among all its lines.
    pub first: Option<usize>,
}

impl Diff {
    /// The first few changed lines, for a message.
    pub fn shown(&self) -> String {
        const SHOWN: usize = 8;
        if self.lines.is_empty() {
            // Only whitespace inside lines differs, which the line view folds away.
            return "(the code differs in spacing within a line)".to_string();
        }
        let mut lines: Vec<String> = self.lines.iter().take(SHOWN).cloned().collect();
        let more = self.lines.len().saturating_sub(SHOWN);
        if more > 0 {
            lines.push(format!("… and {more} more changed lines"));
        }
        lines.join("\n")
    }
}

pub fn diff(english: &str, here: &str) -> Diff {
    const LIMIT: usize = 400;
    let significant = |text: &str| -> Vec<(usize, String)> {
        text.lines()
            .enumerate()
            .map(|(i, l)| (i, l.trim().to_string()))
            .filter(|(_, l)| !l.is_empty())
            .take(LIMIT)
            .collect()
    };
    let a = significant(english);
    let b = significant(here);
    // Longest common subsequence, by the usual table.
    let mut table = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i].1 == b[j].1 {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let mut lines = Vec::new();
    let mut first = None;
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i].1 == b[j].1 {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || table[i + 1][j] >= table[i][j + 1]) {
            lines.push(format!("- {}", a[i].1));
            // A line missing here is located at the line that follows in this file.
            first = first.or(Some(
                b.get(j)
                    .map_or_else(|| b.last().map_or(0, |l| l.0), |l| l.0),
            ));
            i += 1;
        } else {
            lines.push(format!("+ {}", b[j].1));
            first = first.or(Some(b[j].0));
            j += 1;
        }
    }
    Diff { lines, first }
}

#[cfg(test)]
mod tests {
    use super::diff;
    use super::marks::localized_url;

    #[test]
    fn a_link_to_the_same_sites_page_in_another_language_counts_as_kept() {
        let kept = [
            (
                "https://www.freecodecamp.org/news/a/",
                "https://chinese.freecodecamp.org/news/a/",
            ),
            (
                "https://www.freecodecamp.org/news/a/",
                "https://www.freecodecamp.org/chinese/news/b/",
            ),
            (
                "https://developer.mozilla.org/en-US/docs/Web",
                "https://developer.mozilla.org/zh-CN/docs/Web",
            ),
            (
                "https://learn.microsoft.com/training/x",
                "https://learn.microsoft.com/de-de/training/x",
            ),
        ];
        for (english, here) in kept {
            assert!(localized_url(english, here), "{here}");
        }
        let changed = [
            (
                "https://www.freecodecamp.org/news/a/",
                "https://example.com/de/news/a/",
            ),
            (
                "https://www.freecodecamp.org/news/a/",
                "https://www.freecodecamp.org/news/b/",
            ),
            ("/learn/a", "/chinese/learn/a"),
            (
                "https://https://www.freecodecamp.org/news/a",
                "https://www.freecodecamp.org/news/a",
            ),
        ];
        for (english, here) in changed {
            assert!(!localized_url(english, here), "{here}");
        }
    }

    #[test]
    fn a_diff_locates_the_first_differing_line_of_this_file() {
        let d = diff("a\nb\nc\n", "a\n\n  b\nx\nc\n");
        assert_eq!(d.lines, ["+ x"]);
        assert_eq!(d.first, Some(3));
        let d = diff("a\nb\nc\n", "a\nc\n");
        assert_eq!(d.lines, ["- b"]);
        assert_eq!(d.first, Some(1));
        assert_eq!(diff("a", "a").first, None);
    }
}
