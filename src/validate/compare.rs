//! A translation against its English original: front-matter fields, markers and sections, hint
//! count and code, and in every text the parts translators must leave as they are (the checks
//! translation platforms run before a string is accepted).

use std::collections::HashMap;

use super::facts::{Facts, Loaded, MarkerClass, MarkerFact, TextFact};
use crate::challenge::InlineKind;
use crate::diagnostic::{Diagnostic, Position, Rule};

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
                "{} hints here but {} in English",
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

/// Reports, once per text, a mark of `kinds` that the English text has and this one lost or
/// changed. A translation may add marks (code formatting, a link to a page in its language):
/// only what English has must be kept.
#[allow(clippy::too_many_arguments)]
fn same_marks(
    theirs: &TextFact,
    ours: &TextFact,
    loaded: &Loaded,
    path: &std::path::Path,
    rule: Rule,
    kinds: &[InlineKind],
    noun: &str,
    found: &mut Vec<Diagnostic>,
) {
    let pick = |t: &TextFact| -> Vec<usize> {
        t.marks
            .iter()
            .enumerate()
            .filter(|(_, m)| kinds.contains(&m.kind))
            .map(|(i, _)| i)
            .collect()
    };
    // Code and links are compared as sets: a translation may mention `x` once where English
    // says it twice. Tags are counted, since one more or one less breaks the markup.
    let counted = kinds.contains(&InlineKind::Tag);
    let mut wanted: Vec<&str> = Vec::new();
    for i in pick(theirs) {
        let key = theirs.marks[i].key.as_str();
        if counted || !wanted.contains(&key) {
            wanted.push(key);
        }
    }
    let mut unused: Vec<usize> = pick(ours);
    let mut lacking: Vec<&str> = Vec::new();
    for key in wanted {
        let exact = unused.iter().position(|&j| ours.marks[j].key == key);
        let local = || {
            unused
                .iter()
                .position(|&j| localized(kind_of(kinds), key, &ours.marks[j].key))
        };
        match exact.or_else(local) {
            Some(k) if counted => {
                unused.remove(k);
            }
            Some(_) => {}
            None => lacking.push(key),
        }
    }
    let Some(first) = lacking.first() else {
        return;
    };
    let shown = |key: &str| format!("`{}`", short(key));
    let label = ours.label();
    // A mark of ours that English does not have is most likely the changed one.
    let english_keys: Vec<&str> = pick(theirs)
        .into_iter()
        .map(|i| theirs.marks[i].key.as_str())
        .collect();
    let changed = unused
        .iter()
        .find(|&&j| !english_keys.contains(&ours.marks[j].key.as_str()));
    let more = match lacking.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let diagnostic = match changed {
        Some(&j) => {
            let mark = &ours.marks[j];
            Diagnostic::new(
                rule,
                path,
                loaded.position(mark.start),
                format!(
                    "{label} has {noun} {} where the English text has {}{more}",
                    shown(&mark.key),
                    shown(first)
                ),
            )
            .with_width(loaded.width(mark.start, mark.end))
        }
        None => Diagnostic::new(
            rule,
            path,
            loaded.position(ours.start),
            format!(
                "{label} lacks {noun} {}{more} that the English text has",
                shown(first)
            ),
        ),
    };
    found.push(diagnostic);
}

/// Every fenced code block of the English text is in the translation, unchanged and in order;
/// a translation may add one.
fn same_blocks(
    theirs: &TextFact,
    ours: &TextFact,
    loaded: &Loaded,
    path: &std::path::Path,
    found: &mut Vec<Diagnostic>,
) {
    let blocks = |t: &TextFact| -> Vec<usize> {
        t.marks
            .iter()
            .enumerate()
            .filter(|(_, m)| m.kind == InlineKind::Fence)
            .map(|(i, _)| i)
            .collect()
    };
    let (a, b) = (blocks(theirs), blocks(ours));
    let label = ours.label();
    let mut next = 0;
    for (number, &i) in a.iter().enumerate() {
        let e = &theirs.marks[i];
        if let Some(k) = b[next..].iter().position(|&j| ours.marks[j].key == e.key) {
            next += k + 1;
            continue;
        }
        // Compared with the block in the same place, if there is one.
        let Some(&j) = b.get(number).or(b.get(next)) else {
            found.push(Diagnostic::new(
                Rule::CodeBlock,
                path,
                loaded.position(ours.start),
                format!(
                    "{label} lacks code block {} of the English text (it has {} of {})",
                    number + 1,
                    b.len(),
                    a.len()
                ),
            ));
            return;
        };
        let t = &ours.marks[j];
        let diff = diff(&e.key, &t.key);
        let fence = loaded.position(t.start);
        let line = fence.line + 1 + diff.first.unwrap_or(0) as u32;
        let mut d = Diagnostic::new(
            Rule::CodeBlock,
            path,
            Position { line, col: 1 },
            format!(
                "code block {} in {label} differs from the English text's",
                number + 1
            ),
        );
        d.detail = Some(diff.shown());
        d.help = Some(
            "`-` lines are English, `+` lines this file; code blocks are not translated".into(),
        );
        found.push(d);
        return;
    }
}

fn kind_of(kinds: &[InlineKind]) -> InlineKind {
    kinds.first().copied().unwrap_or(InlineKind::Code)
}

/// Whether `ours` is `theirs` pointing at the same site's page in another language: for links,
/// the URLs; for tags, the same tag whose `href` or `src` is such a URL.
fn localized(kind: InlineKind, theirs: &str, ours: &str) -> bool {
    match kind {
        InlineKind::Link | InlineKind::Image => localized_url(theirs, ours),
        InlineKind::Tag => {
            let split = |tag: &str| -> Vec<String> {
                tag.trim_matches(['<', '>'])
                    .split(' ')
                    .map(str::to_string)
                    .collect()
            };
            let (a, b) = (split(theirs), split(ours));
            a.len() == b.len()
                && a.iter().zip(&b).all(|(x, y)| {
                    x == y
                        || ["href=", "src="].iter().any(|attr| {
                            let value = |t: &str| {
                                t.strip_prefix(attr)
                                    .map(|v| v.trim_matches('"').to_string())
                            };
                            match (value(x), value(y)) {
                                (Some(u), Some(v)) => localized_url(&u, &v),
                                _ => false,
                            }
                        })
                })
        }
        _ => false,
    }
}

/// Same site, and the translation's URL names a language (in its host, such as
/// `chinese.freecodecamp.org`, or in its path, such as `/zh-CN/docs`) that the English one
/// does not.
fn localized_url(theirs: &str, ours: &str) -> bool {
    let (Some((a_host, a_path)), Some((b_host, b_path))) = (split_url(theirs), split_url(ours))
    else {
        return false;
    };
    // The site: the last two labels of the host.
    let site = |host: &str| -> String {
        let labels: Vec<&str> = host.split('.').collect();
        labels[labels.len().saturating_sub(2)..].join(".")
    };
    let languages = |host: &str, path: &str| -> Vec<String> {
        let first_label = host.split('.').next().into_iter();
        let segments = path.split('/').filter(|s| !s.is_empty()).take(2);
        first_label
            .chain(segments)
            .map(str::to_ascii_lowercase)
            .filter(|t| is_language_token(t))
            .collect()
    };
    let ours = languages(b_host, b_path);
    let theirs = languages(a_host, a_path);
    site(a_host) == site(b_host) && ours.iter().any(|t| !theirs.contains(t))
}

/// The host and path of an absolute `http` or `https` URL, lower-cased host.
fn split_url(url: &str) -> Option<(&str, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    let path = rest[end..].split(['?', '#']).next().unwrap_or("");
    (!host.is_empty()).then_some((host, path))
}

/// A language or locale as sites write it: a curriculum language's folder, code or alias, or a
/// two-letter code with an optional region or script (`de`, `zh-cn`, `pt-br`, `zh-hans`).
fn is_language_token(token: &str) -> bool {
    if crate::catalog::Language::find(token).is_some() {
        return true;
    }
    let mut parts = token.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    first.len() == 2
        && first.chars().all(|c| c.is_ascii_lowercase())
        && rest.len() <= 1
        && rest
            .iter()
            .all(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A mark as shown in a message: one line, not too long.
fn short(key: &str) -> String {
    let line = key.lines().next().unwrap_or("");
    let mut shown: String = line.chars().take(60).collect();
    if shown.len() < line.len() || key.contains('\n') {
        shown.push('…');
    }
    shown
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
    use super::{diff, localized_url};

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
