//! The results file: one JSON line per learner and challenge, appended and flushed as each
//! challenge finishes, so a run stopped any way loses only what was in flight. A last line cut
//! short by a crash is found and dropped before the file grows again. `grade batch` writes these
//! records and the gradebook reports read them; neither owns them.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::plan::PlannedChallenge;
use crate::run::{Outcome, Status};

/// One learner's result on one challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The learner's row in the roster, from 1.
    pub row: usize,
    pub learner: String,
    pub url: String,
    /// BCP 47 code of the language the hints were taken in.
    pub language: String,
    /// The challenge's place among those graded, from 0.
    pub column: usize,
    pub challenge: String,
    #[serde(rename = "dashedName")]
    pub dashed_name: String,
    pub title: String,
    /// `graded`, or `unreachable` when the app did not answer.
    pub status: String,
    pub passed: usize,
    pub total: usize,
    /// Why the app was unreachable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<HintRecord>,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HintRecord {
    pub number: usize,
    pub text: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<DiagnosisRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<RequestRecord>,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosisRecord {
    pub rule: String,
    pub message: String,
    pub fix: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Requests kept per hint in a record.
const KEPT_REQUESTS: usize = 10;

/// A learner's result on one challenge, from its hints' outcomes.
pub fn record_of(
    row: usize,
    learner: &str,
    url: &str,
    column: usize,
    challenge: &PlannedChallenge,
    outcomes: &[Outcome],
) -> Record {
    let english = crate::catalog::ENGLISH;
    let hints: Vec<HintRecord> = challenge
        .hints
        .iter()
        .zip(outcomes)
        .map(|(hint, outcome)| HintRecord {
            number: hint.index + 1,
            text: hint.text.clone(),
            status: outcome.status.name().to_string(),
            message: outcome.message.clone(),
            expected: outcome.expected.clone(),
            actual: outcome.actual.clone(),
            diagnosis: outcome.diagnoses.first().map(|d| DiagnosisRecord {
                rule: d.rule.to_string(),
                message: d.message(english),
                fix: d.fix(english),
            }),
            requests: outcome
                .exchanges
                .iter()
                .take(KEPT_REQUESTS)
                .map(|e| RequestRecord {
                    method: e.method.clone(),
                    url: e.url.clone(),
                    status: e.status,
                    error: e.error.clone(),
                })
                .collect(),
            duration_ms: outcome.duration.as_millis() as u64,
        })
        .collect();
    Record {
        row,
        learner: learner.to_string(),
        url: url.to_string(),
        language: challenge.language.code.to_string(),
        column,
        challenge: challenge.id.clone(),
        dashed_name: challenge.dashed_name.clone(),
        title: challenge.title.clone(),
        status: "graded".to_string(),
        passed: outcomes
            .iter()
            .filter(|o| o.status == Status::Passed)
            .count(),
        total: challenge.hints.len(),
        reason: None,
        hints,
        duration_ms: outcomes.iter().map(|o| o.duration.as_millis() as u64).sum(),
    }
}

impl Record {
    pub fn key(&self) -> (String, String) {
        (self.learner.clone(), self.challenge.clone())
    }
}

/// An open results file, appended to by the grading threads.
pub struct Results {
    path: PathBuf,
    file: Mutex<File>,
}

impl Results {
    /// Opens `path` for appending. With `resume`, what it holds is kept (a torn last line is
    /// cut off) and its learner-challenge pairs are returned; without, the file must not hold
    /// results already, so two runs never mix by accident.
    pub fn open(path: &Path, resume: bool) -> Result<(Results, HashSet<(String, String)>), String> {
        let fail =
            |e: std::io::Error| format!("cannot write the results `{}`: {e}", path.display());
        let existing = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if existing > 0 && !resume {
            return Err(format!(
                "`{}` already holds results: pass --resume to continue that run, or give another --results file",
                path.display()
            ));
        }
        let mut done = HashSet::new();
        if existing > 0 {
            let good = scan(path, &mut |_, record| {
                done.insert(record.key());
            })?;
            if good < existing {
                // A line cut short by a crash: drop it, so the next line starts clean.
                let file = OpenOptions::new().write(true).open(path).map_err(fail)?;
                file.set_len(good).map_err(fail)?;
            }
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(fail)?;
        Ok((
            Results {
                path: path.to_path_buf(),
                file: Mutex::new(file),
            },
            done,
        ))
    }

    /// Appends one record as one line, flushed before returning.
    pub fn append(&self, record: &Record) -> Result<(), String> {
        let mut line =
            crate::escape::json_safe(serde_json::to_string(record).map_err(|e| e.to_string())?);
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(line.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| format!("cannot write the results `{}`: {e}", self.path.display()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Reads every whole record of a results file, handing each with its byte offset to `each`;
/// returns where the last whole line ends. A last line without its line break, or that is not
/// a record, is a line cut short and is not read; a bad line before it is an error.
pub fn scan(path: &Path, each: &mut dyn FnMut(u64, Record)) -> Result<u64, String> {
    let file = File::open(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let mut reader = BufReader::new(file);
    let mut offset = 0u64;
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        if read == 0 {
            return Ok(offset);
        }
        number += 1;
        let complete = line.ends_with(b"\n");
        let parsed = serde_json::from_slice::<Record>(&line);
        match (parsed, complete) {
            (Ok(record), true) => each(offset, record),
            // The last line, torn: everything before it stands.
            (_, false) => return Ok(offset),
            (Err(e), true) => {
                // A torn line followed by more is left by an older crash that nothing cleaned.
                let rest_is_empty = {
                    let mut rest = Vec::new();
                    let _ = reader.read_to_end(&mut rest);
                    rest.iter().all(u8::is_ascii_whitespace)
                };
                if rest_is_empty {
                    return Ok(offset);
                }
                return Err(format!(
                    "{}:{number}: not a result line: {e}",
                    path.display()
                ));
            }
        }
        offset += read as u64;
    }
}

/// The record that starts at `offset` of `path`.
pub fn read_at(path: &Path, offset: u64) -> Result<Record, String> {
    let fail = |e: String| format!("cannot read `{}`: {e}", path.display());
    let mut file = File::open(path).map_err(|e| fail(e.to_string()))?;
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| fail(e.to_string()))?;
    let mut line = Vec::new();
    BufReader::new(file)
        .read_until(b'\n', &mut line)
        .map_err(|e| fail(e.to_string()))?;
    serde_json::from_slice(&line).map_err(|e| fail(e.to_string()))
}
