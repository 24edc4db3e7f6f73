//! Known findings: the file `--write-accept` writes and `--accept` reads, one finding of one
//! cell a line (rule, app, challenge id, hint and column, tab-separated), so that a lab in CI
//! fails on new findings only.

use std::collections::HashSet;
use std::path::Path;

use super::Finding;

const HEADER: &str = "# findings of `grade lab` accepted as known, one a line: rule, app, challenge id, hint and column, separated by tabs";

/// The keys a file of accepted findings lists; a line that is not one is an error at its line.
pub fn read(path: &Path) -> Result<HashSet<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the accepted findings `{}`: {e}",
            path.display()
        )
    })?;
    let mut keys = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.split('\t').count() != 5 {
            return Err(format!(
                "{}:{}: not an accepted finding: it has rule, app, challenge, hint and column separated by tabs\nhelp: write the file with --write-accept",
                path.display(),
                i + 1
            ));
        }
        keys.insert(line.to_string());
    }
    Ok(keys)
}

/// Marks the findings `keys` lists as accepted; each finding is of one cell here (before
/// grouping). Returns how many keys matched no finding.
pub fn apply(findings: &mut [Finding], keys: &HashSet<String>) -> usize {
    let mut used = HashSet::new();
    for finding in findings.iter_mut() {
        let Some(cell) = finding.cells.first() else {
            continue;
        };
        let key = finding.accept_key(cell);
        if keys.contains(&key) {
            finding.accepted = true;
            used.insert(key);
        }
    }
    keys.len() - used.len()
}

/// Writes every cell of `findings` (the manifest's allowances aside) as accepted.
pub fn write(path: &Path, findings: &[Finding]) -> Result<(), String> {
    let mut lines: Vec<String> = findings
        .iter()
        .filter(|f| f.allowed.is_none() && !f.app.is_empty())
        .flat_map(|f| f.cells.iter().map(move |c| f.accept_key(c)))
        .collect();
    lines.sort();
    lines.dedup();
    let mut text = format!("{HEADER}\n");
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    std::fs::write(path, text).map_err(|e| {
        format!(
            "cannot write the accepted findings `{}`: {e}",
            path.display()
        )
    })
}
