//! The roster: who is graded and where their app is. A CSV file with a header (`learner,url`,
//! optionally `lang`) or a JSON array of `{"learner", "url", "lang"}` objects. Every problem names
//! its line. The only user of the csv crate.

use std::collections::HashSet;
use std::path::Path;

use crate::catalog::Language;

/// One learner to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    /// The learner's place in the roster, from 1: the gradebook keeps this order.
    pub row: usize,
    pub name: String,
    /// The app's URL, normalized as freeCodeCamp does.
    pub url: String,
    /// The language of the hint texts for this learner, when the roster says.
    pub language: Option<&'static Language>,
}

/// Problems are reported together, up to this many.
const MAX_PROBLEMS: usize = 20;

/// Reads a roster file; `Err` holds one message per problem, each naming the file and line.
pub fn read(path: &Path) -> Result<Vec<Learner>, Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![format!("cannot read the roster `{}`: {e}", path.display())])?;
    let shown = path.display().to_string();
    let rows = if text.trim_start().starts_with('[') {
        json_rows(&text, &shown)?
    } else {
        csv_rows(&text, &shown)?
    };
    check(rows, &shown)
}

/// A roster row as read: its line, and its fields.
struct Row {
    line: usize,
    learner: String,
    url: String,
    lang: Option<String>,
}

fn csv_rows(text: &str, shown: &str) -> Result<Vec<Row>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![format!("{shown}:1: the header cannot be read: {e}")])?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
    };
    let (Some(learner), Some(url)) = (column("learner"), column("url")) else {
        return Err(vec![format!(
            "{shown}:1: the header must name the columns `learner` and `url` (and may name `lang`); it is `{}`",
            headers.iter().collect::<Vec<_>>().join(",")
        )]);
    };
    let lang = column("lang");
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.push(format!("{shown}:{line}: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        rows.push(Row {
            line,
            learner: field(learner),
            url: field(url),
            lang: lang.map(field).filter(|l| !l.is_empty()),
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn json_rows(text: &str, shown: &str) -> Result<Vec<Row>, Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| vec![format!("{shown}:{}: invalid JSON: {e}", e.line())])?;
    let Some(items) = value.as_array() else {
        return Err(vec![format!(
            "{shown}:1: a JSON roster is an array of {{\"learner\", \"url\"}} objects"
        )]);
    };
    let lines = element_lines(text);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let text_of = |key: &str| item.get(key).and_then(|v| v.as_str()).map(str::to_string);
        if !item.is_object() {
            problems.push(format!(
                "{shown}:{line}: each entry is an object with `learner` and `url`"
            ));
            continue;
        }
        rows.push(Row {
            line,
            learner: text_of("learner").unwrap_or_default(),
            url: text_of("url").unwrap_or_default(),
            lang: text_of("lang").filter(|l| !l.is_empty()),
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// The line on which each element of a top-level JSON array starts.
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if depth == 1 && expecting && !c.is_whitespace() && c != ']' {
            lines.push(line);
            expecting = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}

fn check(rows: Vec<Row>, shown: &str) -> Result<Vec<Learner>, Vec<String>> {
    let mut learners = Vec::new();
    let mut problems = Vec::new();
    let mut names = HashSet::new();
    for row in rows {
        let at = format!("{shown}:{}", row.line);
        if row.learner.is_empty() {
            problems.push(format!("{at}: the learner has no name"));
            continue;
        }
        if !names.insert(row.learner.clone()) {
            problems.push(format!(
                "{at}: the learner `{}` is in the roster twice",
                row.learner
            ));
            continue;
        }
        if row.url.is_empty() {
            problems.push(format!("{at}: `{}` has no URL", row.learner));
            continue;
        }
        let url = crate::plan::normalize_url(&row.url);
        if let Err(why) = crate::run::check_url(&url) {
            problems.push(format!("{at}: {why}"));
            continue;
        }
        if let Some(diagnosis) = crate::diagnose::refused_url(&url) {
            problems.push(format!(
                "{at}: {}",
                diagnosis.message(crate::catalog::ENGLISH)
            ));
            continue;
        }
        let language = match &row.lang {
            Some(lang) => match Language::find(lang) {
                Some(language) => Some(language),
                None => {
                    problems.push(format!("{at}: `{lang}` is not a language grade knows"));
                    continue;
                }
            },
            None => None,
        };
        learners.push(Learner {
            row: learners.len() + problems.len() + 1,
            name: row.learner,
            url,
            language,
        });
    }
    if !problems.is_empty() {
        problems.truncate(MAX_PROBLEMS);
        return Err(problems);
    }
    if learners.is_empty() {
        return Err(vec![format!("{shown}: the roster has no learners")]);
    }
    // Rows count from 1 in roster order, whatever was skipped.
    for (i, learner) in learners.iter_mut().enumerate() {
        learner.row = i + 1;
    }
    Ok(learners)
}

#[cfg(test)]
mod tests {
    use super::element_lines;

    #[test]
    fn each_array_element_is_found_on_its_line() {
        let text = "[\n  {\"learner\": \"a\"},\n\n  {\"learner\": \"b\",\n   \"url\": \"[x]\"}\n]";
        assert_eq!(element_lines(text), [2, 4]);
        assert_eq!(element_lines("[]"), Vec::<usize>::new());
    }
}
