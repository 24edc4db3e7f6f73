//! The roster: who is graded and where their app is. A CSV file with a header, or a JSON array
//! of objects. The name is in a column called `name`, `learner` or `student`, the app's address in
//! `url` or `app`; `id` (a student id, the key results are joined on) and `lang` are optional,
//! and every other column (an email, a section) is kept for the gradebook. Every problem names
//! its line. The only user of the csv crate.

use std::collections::HashMap;
use std::path::Path;

use crate::catalog::Language;
use crate::results::{is_column as is, nfc, not_nfc, ID_COLUMNS, NAME_COLUMNS, URL_COLUMNS};

/// One learner to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    /// The learner's place in the roster, from 1: the gradebook keeps this order.
    pub row: usize,
    /// What results are joined on: the `id` column when the roster has one, else the name.
    pub key: String,
    pub name: String,
    /// Every column of the row, in the roster's order.
    pub columns: Vec<(String, String)>,
    /// The app's URL, normalized as freeCodeCamp does.
    pub url: String,
    /// The language of the hint texts for this learner, when the roster says.
    pub language: Option<&'static Language>,
    /// The name or the id was not in Unicode NFC as written (a roster saved on a Mac), and is
    /// now.
    pub normalized: bool,
}

/// Problems are reported together, up to this many.
const MAX_PROBLEMS: usize = 20;

/// Reads a roster file; `Err` holds one message per problem, each naming the file and line.
pub fn read(path: &Path) -> Result<Vec<Learner>, Vec<String>> {
    let bytes = std::fs::read(path)
        .map_err(|e| vec![format!("cannot read the roster `{}`: {e}", path.display())])?;
    let shown = path.display().to_string();
    let text = utf8(bytes, &shown)?;
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
    id: Option<String>,
    lang: Option<String>,
    columns: Vec<(String, String)>,
}

/// The names a column may have, by what it holds.
const NAME: &[&str] = NAME_COLUMNS;
const URL: &[&str] = URL_COLUMNS;
const ID: &[&str] = ID_COLUMNS;
const LANG: &[&str] = &["lang", "language"];

fn csv_rows(text: &str, shown: &str) -> Result<Vec<Row>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| vec![format!("{shown}:1: the header cannot be read: {e}")])?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let column = |names: &[&str]| headers.iter().position(|h| is(h, names));
    let (Some(learner), Some(url)) = (column(NAME), column(URL)) else {
        let mut problem = format!(
            "{shown}:1: the header must name the learner's column (`name`, `learner` or `student`) and the app's (`url` or `app`); it is `{}`",
            headers.join(",")
        );
        // Spreadsheets in many locales save "CSV" with semicolons.
        if headers.len() == 1 && headers[0].contains(';') {
            problem.push_str("\nhelp: the roster is separated by `;`; save it as CSV UTF-8 (comma delimited), or replace each `;` between fields with `,`");
        }
        return Err(vec![problem]);
    };
    let (id, lang) = (column(ID), column(LANG));
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
        if record.len() != headers.len() {
            let advice = if record.len() > headers.len() {
                "a comma inside a value needs quotes (\"Doe, Jane\")"
            } else {
                "a value is missing, or a quote is not closed"
            };
            problems.push(format!(
                "{shown}:{line}: the row has {} fields where the header names {}: {advice}",
                record.len(),
                headers.len()
            ));
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        rows.push(Row {
            line,
            learner: field(learner),
            url: field(url),
            id: id.map(field).filter(|v| !v.is_empty()),
            lang: lang.map(field).filter(|l| !l.is_empty()),
            columns: headers
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect(),
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
        let Some(object) = item.as_object() else {
            problems.push(format!(
                "{shown}:{line}: each entry is an object with `name` (or `learner`) and `url`"
            ));
            continue;
        };
        // Every field kept as text, in the object's order.
        let columns: Vec<(String, String)> = object
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect();
        let find = |names: &[&str]| {
            columns
                .iter()
                .find(|(k, _)| is(k, names))
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        rows.push(Row {
            line,
            learner: find(NAME).unwrap_or_default(),
            url: find(URL).unwrap_or_default(),
            id: find(ID),
            lang: find(LANG),
            columns,
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
    // Each key with the line it was first seen on.
    let mut names: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let at = format!("{shown}:{}", row.line);
        if row.learner.is_empty() {
            problems.push(format!("{at}: the learner has no name"));
            continue;
        }
        // Keys and names are compared as NFC: the same name saved on a Mac is the same learner.
        let normalized = not_nfc(&row.learner) || row.id.as_deref().is_some_and(not_nfc);
        let learner_name = nfc(&row.learner);
        let key = nfc(row.id.as_deref().unwrap_or(&row.learner));
        if let Some(first) = names.get(&key) {
            let what = if row.id.is_some() {
                "the id"
            } else {
                "the learner"
            };
            problems.push(format!(
                "{at}: {what} `{key}` is in the roster twice (first on line {first})"
            ));
            continue;
        }
        names.insert(key.clone(), row.line);
        if row.url.is_empty() {
            problems.push(format!("{at}: `{}` has no URL", row.learner));
            continue;
        }
        // Read once, here; what is graded is its normalized text.
        let url = match crate::run::AppUrl::parse(&row.url) {
            Ok(url) => url.as_str().to_string(),
            Err(why) => {
                problems.push(format!("{at}: {why}"));
                continue;
            }
        };
        if let Some(diagnosis) = crate::mistakes::refused_url(&url) {
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
            key,
            name: learner_name,
            normalized,
            columns: row.columns.into_iter().map(|(k, v)| (k, nfc(&v))).collect(),
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

/// The roster's text; one saved in another encoding is named with the line of its first byte
/// that is not UTF-8, and how to fix it.
fn utf8(bytes: Vec<u8>, shown: &str) -> Result<String, Vec<String>> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        let utf16 = e.as_bytes().starts_with(&[0xff, 0xfe]) || e.as_bytes().starts_with(&[0xfe, 0xff]);
        let found = if utf16 { "UTF-16" } else { "another encoding" };
        vec![format!(
            "{shown}:{line}: the roster is not UTF-8 text (it looks like {found}); save it as CSV UTF-8 and try again"
        )]
    })
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
