//! The parts of a text translators must leave as they are, compared with English: inline code,
//! link and image targets, HTML tags, and fenced code blocks. A link may point to the same site's
//! page in the translation's language.

use super::diff;

use super::super::facts::{Loaded, TextFact};
use crate::challenge::InlineKind;
use crate::diagnostic::{Diagnostic, Position, Rule};

/// Reports, once per text, a mark of `kinds` that the English text has and this one lost or
/// changed. A translation may add marks (code formatting, a link to a page in its language):
/// only what English has must be kept.
#[allow(clippy::too_many_arguments)]
pub(super) fn same_marks(
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
pub(super) fn same_blocks(
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
pub(super) fn localized_url(theirs: &str, ours: &str) -> bool {
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
