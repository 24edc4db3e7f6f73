//! Findings grouped: one per challenge, hint, rule and pattern of verdicts, holding for every
//! language and app it was found in, so that one fact seen in eleven translations is said once.

use std::collections::BTreeMap;

use super::Finding;
use crate::catalog::Language;
use crate::diagnostic::{Rule, Severity};

type Key = (
    Rule,
    Option<String>,
    Option<usize>,
    String,
    bool,
    Option<String>,
    Severity,
);

/// `findings` grouped, each group where its first finding was; a finding that holds for several
/// cells is worded for all of them and says where else it is.
pub fn group(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let mut index: BTreeMap<Key, usize> = BTreeMap::new();
    for finding in findings {
        if finding.wording.is_none() {
            out.push(finding);
            continue;
        }
        let key = (
            finding.diagnostic.rule,
            finding.challenge.clone(),
            finding.hint,
            finding.pattern.clone(),
            finding.accepted,
            finding.allowed.clone(),
            finding.diagnostic.severity,
        );
        match index.get(&key) {
            Some(&i) => out[i].cells.extend(finding.cells),
            None => {
                index.insert(key, out.len());
                out.push(finding);
            }
        }
    }
    for finding in &mut out {
        if finding.cells.len() > 1 {
            reword(finding);
        }
    }
    out
}

/// The languages and apps of a group, as its message names them.
fn reword(finding: &mut Finding) {
    let Some(wording) = &finding.wording else {
        return;
    };
    let mut languages: Vec<&'static Language> = Vec::new();
    let mut apps: Vec<&str> = Vec::new();
    for cell in &finding.cells {
        if let Some(language) = cell.language.filter(|l| !languages.contains(l)) {
            languages.push(language);
        }
        if !apps.contains(&cell.app.as_str()) {
            apps.push(&cell.app);
        }
    }
    let languages = match languages.as_slice() {
        [one] => one.english.to_string(),
        many => format!(
            "{} languages ({})",
            many.len(),
            many.iter().map(|l| l.code).collect::<Vec<_>>().join(", ")
        ),
    };
    let apps = match apps.as_slice() {
        [one] => format!("the reference app `{one}`"),
        many => format!(
            "{} reference apps ({})",
            many.len(),
            many.iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    finding.diagnostic.message = format!(
        "{} in {languages}{} on {apps}{}",
        wording.head, wording.tail, wording.end
    );
    let others: Vec<String> = finding.cells[1..]
        .iter()
        .map(|c| {
            let column = c
                .language
                .map(|l| l.code.to_string())
                .or_else(|| c.column.clone())
                .unwrap_or_default();
            format!(
                "  {}:{} ({column}, app `{}`)",
                c.path.display(),
                c.line,
                c.app
            )
        })
        .collect();
    let also = format!("it holds as well at:\n{}", others.join("\n"));
    finding.diagnostic.detail = Some(match finding.diagnostic.detail.take() {
        Some(detail) => format!("{detail}\n{also}"),
        None => also,
    });
}
