//! The results file: one JSON line per learner and challenge, appended and flushed as each
//! challenge finishes, so a run stopped any way loses only what was in flight. A last line cut
//! short by a crash is found and dropped before the file grows again. `grade batch` writes these
//! records and the gradebook reports read them; neither owns them. A class is known by its
//! members: records carry the class they were graded for, and two classes that share a key are
//! one class only when the learners they share are the same people (same name or same app).
//! Keys and names are compared in Unicode NFC (the only unicode-normalization user).

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::plan::PlannedChallenge;
use crate::run::{Outcome, Status};

/// Who a record is about, as the roster names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Who {
    /// What results are joined on: the roster's `id` when it has one, else the name.
    pub key: String,
    pub name: String,
    /// The learner's row in the roster, from 1: the gradebook's order.
    pub row: usize,
    /// The app's URL as the roster gives it (normalized).
    pub url: String,
    /// Every column of the roster's row, in its order, for the gradebook exports.
    pub columns: Vec<(String, String)>,
}

/// The run a record comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// The class the roster belongs to: the identity its first results were written with.
    pub class: String,
    /// A fingerprint of the roster (its learners' keys and URLs) and of the selected challenges.
    pub roster: String,
    pub selection: String,
    /// `K/N` when the roster was graded in slices.
    pub partition: Option<String>,
    /// `local` or `freecodecamp`.
    pub profile: String,
    /// The version of freeCodeCamp's curriculum fetched challenges come from (`main`, a tag or
    /// a commit), when any were fetched.
    pub curriculum: Option<String>,
    /// The ids of the challenges fetched from it.
    pub fetched: Vec<String>,
}

/// One learner's result on one challenge. Files written before these fields existed still read:
/// a missing key is the learner's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The learner's key: the roster's `id`, else the name.
    pub learner: String,
    /// The learner's name as the roster writes it.
    #[serde(default)]
    pub name: String,
    /// The learner's row in the roster, from 1.
    pub row: usize,
    /// The roster's columns for this learner, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<(String, String)>,
    pub url: String,
    /// The origins other than the URL's own whose answers the hints read, reached through
    /// the app's redirects: an app that lets another app answer for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answered_by: Vec<String>,
    pub challenge: String,
    #[serde(rename = "dashedName")]
    pub dashed_name: String,
    pub title: String,
    /// The challenge's place in the catalog it was selected from, which orders the columns.
    #[serde(default)]
    pub order: usize,
    /// BCP 47 code of the language the hints were taken in.
    pub language: String,
    /// When the app was graded, UTC, `2026-12-03T10:04:46.125Z`.
    #[serde(default)]
    pub graded_at: String,
    /// The `grade` that graded it.
    #[serde(default)]
    pub grade_version: String,
    #[serde(default)]
    pub profile: String,
    /// The class the learner was graded in (see [`class_of`]); empty in older files.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub class: String,
    /// Fingerprints of the roster and of the selection the run was given.
    #[serde(default)]
    pub roster: String,
    #[serde(default)]
    pub selection: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<String>,
    /// The curriculum's version (a branch, tag or commit) the challenge was fetched at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curriculum_ref: Option<String>,
    /// `graded`, or `unreachable` when the app did not answer.
    pub status: String,
    pub passed: usize,
    pub total: usize,
    /// Hints that passed here but would fail on freeCodeCamp's site.
    #[serde(default)]
    pub would_fail_on_freecodecamp: usize,
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
    /// What freeCodeCamp's site would make of a hint that passed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub would_fail_on_freecodecamp: Vec<RiskRecord>,
    /// Answers a browser on freeCodeCamp's site could not read (no CORS headers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<RequestRecord>,
    /// For a hint that did not pass: the start of the last answer it got.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosisRecord {
    pub rule: String,
    pub message: String,
    pub fix: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskRecord {
    /// `cookie`, `slow` or `cors`.
    pub risk: String,
    pub detail: String,
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

/// The names a roster's column of learners' names may have, and of their apps' URLs; records
/// keep the roster's columns under the names it gave them.
pub const NAME_COLUMNS: &[&str] = &["name", "learner", "student"];
pub const URL_COLUMNS: &[&str] = &["url", "app"];

/// Which of `names` a roster's `header` is, ignoring case and a byte-order mark.
pub fn is_column(header: &str, names: &[&str]) -> bool {
    let header = header.trim_start_matches('\u{feff}').trim();
    names.iter().any(|n| header.eq_ignore_ascii_case(n))
}
/// How much of a failed hint's last answer a record keeps.
const ANSWER_KEPT: usize = 300;

/// A record of `who` on `challenge` (its place `order` in its catalog), before its outcome:
/// unreachable, or to be filled with [`graded`].
pub fn record_for(who: &Who, run: &Run, challenge: &PlannedChallenge, order: usize) -> Record {
    Record {
        learner: who.key.clone(),
        name: who.name.clone(),
        row: who.row,
        columns: who.columns.clone(),
        url: who.url.clone(),
        answered_by: Vec::new(),
        challenge: challenge.id.clone(),
        dashed_name: challenge.dashed_name.clone(),
        title: challenge.title.clone(),
        order,
        language: challenge.language.code.to_string(),
        graded_at: utc_now(),
        grade_version: env!("CARGO_PKG_VERSION").to_string(),
        profile: run.profile.clone(),
        class: run.class.clone(),
        roster: run.roster.clone(),
        selection: run.selection.clone(),
        partition: run.partition.clone(),
        curriculum_ref: run
            .curriculum
            .clone()
            .filter(|_| run.fetched.contains(&challenge.id)),
        status: "unreachable".to_string(),
        passed: 0,
        total: challenge.hints.len(),
        would_fail_on_freecodecamp: 0,
        reason: None,
        hints: Vec::new(),
        duration_ms: 0,
    }
}

/// `record` with the outcomes of `challenge`'s hints.
pub fn graded(mut record: Record, challenge: &PlannedChallenge, outcomes: &[Outcome]) -> Record {
    let english = crate::catalog::ENGLISH;
    let own = crate::run::origin_of(&crate::plan::normalize_url(&record.url));
    for exchange in outcomes.iter().flat_map(|o| &o.exchanges) {
        let answered = exchange.status.is_some_and(|s| !(300..400).contains(&s));
        let origin = crate::run::origin_of(&exchange.url);
        if let (true, Some(origin)) = (answered, origin) {
            if Some(&origin) != own.as_ref() && !record.answered_by.contains(&origin) {
                record.answered_by.push(origin);
            }
        }
    }
    record.hints = challenge
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
            would_fail_on_freecodecamp: outcome
                .site
                .iter()
                .map(|risk| RiskRecord {
                    risk: risk.kind().to_string(),
                    detail: risk.detail(),
                })
                .collect(),
            cors: outcome.cors.clone(),
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
            answer: (outcome.status != Status::Passed)
                .then(|| outcome.exchanges.last()?.response_body.clone())
                .flatten()
                .filter(|b| !b.is_empty())
                .map(|b| crate::run::http::shorten(&b, ANSWER_KEPT)),
            duration_ms: outcome.duration.as_millis() as u64,
        })
        .collect();
    record.status = "graded".to_string();
    record.passed = outcomes
        .iter()
        .filter(|o| o.status == Status::Passed)
        .count();
    record.would_fail_on_freecodecamp = record
        .hints
        .iter()
        .filter(|h| h.status == "passed" && !h.would_fail_on_freecodecamp.is_empty())
        .count();
    record.duration_ms = outcomes.iter().map(|o| o.duration.as_millis() as u64).sum();
    record
}

/// A learner's result on one challenge of one run of `grade` (its `--report-html` page).
pub fn record_of(
    row: usize,
    learner: &str,
    url: &str,
    order: usize,
    challenge: &PlannedChallenge,
    outcomes: &[Outcome],
) -> Record {
    let who = Who {
        key: learner.to_string(),
        name: learner.to_string(),
        row,
        url: url.to_string(),
        columns: Vec::new(),
    };
    graded(
        record_for(&who, &Run::default(), challenge, order),
        challenge,
        outcomes,
    )
}

impl Record {
    pub fn key(&self) -> (String, String) {
        (self.learner.clone(), self.challenge.clone())
    }

    /// The name to show: the roster's, or the key in files written before names were kept.
    pub fn shown_name(&self) -> &str {
        if self.name.is_empty() {
            &self.learner
        } else {
            &self.name
        }
    }

    /// Whether the learner was keyed by their name (the roster had no `id` column then), so a
    /// roster that gained an id column since still finds them by name.
    pub fn keyed_by_name(&self) -> bool {
        nfc(&self.learner) == nfc(self.shown_name())
            && !self.columns.iter().any(|(k, _)| is_column(k, ID_COLUMNS))
    }

    /// Keys, names and the class compared as NFC, whatever form the roster was saved in.
    pub fn normalize(&mut self) {
        self.learner = nfc(&self.learner);
        self.name = nfc(&self.name);
    }
}

/// The names a roster's column of student ids may have.
pub const ID_COLUMNS: &[&str] = &["id"];

/// `text` in Unicode normalization form C, so `Zoë` typed on a Mac (`e` and a combining
/// diaeresis) and elsewhere (`ë`) is one name.
pub fn nfc(text: &str) -> String {
    if is_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// Whether `text` changes under NFC, for saying so.
pub fn not_nfc(text: &str) -> bool {
    !is_nfc(text)
}

/// A class as its results know it: each key's newest name and app.
#[derive(Debug, Clone, Default)]
pub struct Members {
    pub by_key: std::collections::BTreeMap<String, Member>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub url: String,
    /// When the newest record of this member was graded.
    pub graded_at: String,
    /// Other names this key had in this class, older ones.
    pub former: std::collections::BTreeSet<String>,
}

impl Members {
    /// Adds what one record says of its learner (NFC already).
    pub fn add(&mut self, key: &str, name: &str, url: &str, graded_at: &str) {
        let member = self.by_key.entry(key.to_string()).or_default();
        if member.name.is_empty() || graded_at >= member.graded_at.as_str() {
            if !member.name.is_empty() && member.name != name {
                let old = std::mem::replace(&mut member.name, name.to_string());
                member.former.insert(old);
            }
            member.name = name.to_string();
            member.url = url.to_string();
            member.graded_at = graded_at.to_string();
        } else if member.name != name {
            member.former.insert(name.to_string());
        }
        member.former.remove(&member.name.clone());
    }

    /// Keys whose name changed within the class: (key, older names, newest name).
    pub fn renamed(&self) -> Vec<(&str, Vec<&str>, &str)> {
        self.by_key
            .iter()
            .filter(|(_, m)| !m.former.is_empty())
            .map(|(k, m)| {
                (
                    k.as_str(),
                    m.former.iter().map(String::as_str).collect(),
                    m.name.as_str(),
                )
            })
            .collect()
    }
}

/// How two classes that share keys compare.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Judgement {
    /// The keys both have.
    pub shared: usize,
    /// Shared keys that are the same person: the same name, or the same app under a new name.
    pub same: usize,
    /// Shared keys held by someone else in each: (key, name in the first, name in the second).
    pub strangers: Vec<(String, String, String)>,
    /// Shared keys of one person whose name changed: (key, first's name, second's name).
    pub renamed: Vec<(String, String, String)>,
}

impl Judgement {
    /// One class: they share learners, and most of those they share are the same people. A
    /// class that gained learners, lost some, was reordered or gained a column stays one class;
    /// two classes whose ids both run `s01`, `s02`, ... do not.
    pub fn one_class(&self) -> bool {
        self.same > 0 && self.same * 2 >= self.shared
    }
}

/// Compares the members two sets of results (or a roster and results) have in common.
pub fn judge(first: &Members, second: &Members) -> Judgement {
    let mut judgement = Judgement::default();
    for (key, a) in &first.by_key {
        let Some(b) = second.by_key.get(key) else {
            continue;
        };
        judgement.shared += 1;
        if a.name == b.name {
            judgement.same += 1;
        } else if !a.url.is_empty() && a.url == b.url {
            judgement.same += 1;
            judgement
                .renamed
                .push((key.clone(), a.name.clone(), b.name.clone()));
        } else {
            judgement
                .strangers
                .push((key.clone(), a.name.clone(), b.name.clone()));
        }
    }
    judgement
}

/// The identity a roster's first results are written with: a fingerprint of its learners'
/// keys and names (NFC, in key order), so it does not depend on the order of rows or on other
/// columns. A roster that grows keeps the identity of the results it continues (`--resume`).
pub fn class_of<'a>(learners: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut pairs: Vec<(String, String)> = learners
        .into_iter()
        .map(|(k, n)| (nfc(k), nfc(n)))
        .collect();
    pairs.sort();
    fingerprint(pairs.iter().flat_map(|(k, n)| [k.as_str(), n.as_str()]))
}

/// The time now, UTC, to the millisecond, as `2026-12-03T10:04:46.125Z`: these sort as text in
/// time order.
pub fn utc_now() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let seconds = now.as_secs();
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        now.subsec_millis()
    )
}

/// The proleptic Gregorian date of a day counted from 1970-01-01, by the algorithm of eras of
/// 400 years (146,097 days each).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A short fingerprint of some text: 16 hex digits of FNV-1a, stable across versions.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.as_bytes().iter().chain([&0u8]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// An open results file, appended to by the grading threads.
pub struct Results {
    path: PathBuf,
    file: Mutex<File>,
}

/// What a results file already holds for one learner and challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub learner: String,
    pub name: String,
    pub challenge: String,
    /// The challenge as messages name it: its dashedName, else its id.
    pub challenge_name: String,
    /// The class it was graded in (empty in older files).
    pub class: String,
    pub passed: usize,
    pub total: usize,
    pub graded_at: String,
    /// The learner was keyed by their name (no id column then).
    pub keyed_by_name: bool,
    /// The URL it was graded at, as the roster gave it.
    pub url: String,
    pub unreachable: bool,
    /// The fingerprint of the roster it was graded from.
    pub roster: String,
}

impl Results {
    /// Opens `path` for appending. With `append`, what it holds is kept (a torn last line is
    /// cut off) and returned, one entry per learner and challenge, the newest; without, the file
    /// must not hold results already, so two runs never mix by accident.
    pub fn open(path: &Path, append: bool) -> Result<(Results, Vec<Done>), String> {
        let fail =
            |e: std::io::Error| format!("cannot write the results `{}`: {e}", path.display());
        let existing = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if existing > 0 && !append {
            return Err(format!(
                "`{}` already holds results: pass --resume to continue that run, or give another --results file",
                path.display()
            ));
        }
        let mut done: Vec<Done> = Vec::new();
        let mut at: std::collections::HashMap<(String, String), usize> =
            std::collections::HashMap::new();
        if existing > 0 {
            let mut newest: std::collections::HashMap<(String, String), String> =
                std::collections::HashMap::new();
            let good = scan(path, &mut |_, mut record| {
                record.normalize();
                let key = record.key();
                if newest.get(&key).is_some_and(|t| *t > record.graded_at) {
                    return;
                }
                newest.insert(key.clone(), record.graded_at.clone());
                let entry = Done {
                    keyed_by_name: record.keyed_by_name(),
                    name: record.shown_name().to_string(),
                    learner: record.learner,
                    challenge_name: if record.dashed_name.is_empty() {
                        record.challenge.clone()
                    } else {
                        record.dashed_name.clone()
                    },
                    challenge: record.challenge,
                    class: record.class,
                    passed: record.passed,
                    total: record.total,
                    graded_at: record.graded_at,
                    url: record.url,
                    unreachable: record.status == "unreachable",
                    roster: record.roster,
                };
                match at.get(&key) {
                    Some(&i) => done[i] = entry,
                    None => {
                        at.insert(key, done.len());
                        done.push(entry);
                    }
                }
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
/// returns where the last whole line ends. A last line without its line break is a line cut
/// short and is not read; any whole line that is not a record is an error, and blank lines are
/// passed over.
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
        if complete && line.iter().all(u8::is_ascii_whitespace) {
            offset += read as u64;
            continue;
        }
        let parsed = serde_json::from_slice::<Record>(&line);
        match (parsed, complete) {
            (Ok(record), true) => each(offset, record),
            // The last line, torn (a crash while it was written): everything before it stands.
            (_, false) => return Ok(offset),
            // A whole line that is not a result (a torn one followed by more, or another file's
            // line) is never passed over in silence.
            (Err(e), true) => {
                let text = String::from_utf8_lossy(&line);
                let text = text.trim();
                // The gradebook JSON (`--report-json`) is one document, not a line per result.
                if offset == 0 && (text == "{" || text.starts_with("{\"version\"")) {
                    return Err(format!(
                        "{}:1: this is a gradebook (written by --report-json), not a results file\nhelp: merge the files grade batch wrote with --results (one result per line)",
                        path.display()
                    ));
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

#[cfg(test)]
mod tests {
    use super::{civil_from_days, judge, nfc, scan, Members};

    fn members(list: &[(&str, &str, &str)]) -> Members {
        let mut members = Members::default();
        for (key, name, url) in list {
            members.add(key, &nfc(name), url, "2026-12-01T00:00:00.000Z");
        }
        members
    }

    #[test]
    fn classes_are_one_when_most_shared_keys_are_the_same_people() {
        let a = members(&[
            ("s01", "Zoë", "http://a/1"),
            ("s02", "Li", "http://a/2"),
            ("s03", "Łukasz", "http://a/3"),
        ]);
        let b = members(&[("s01", "Bob", "http://b/1"), ("s02", "Carla", "http://b/2")]);
        let other = judge(&a, &b);
        assert!(!other.one_class());
        assert_eq!(other.strangers.len(), 2);
        // Grown, renamed at the same app, and saved decomposed: still one class.
        let grown = members(&[
            ("s01", "Zoe\u{308}", "http://a/1"),
            ("s02", "Li Lei", "http://a/2"),
            ("s04", "Mia", "http://a/4"),
        ]);
        let same = judge(&a, &grown);
        assert!(same.one_class(), "{same:?}");
        assert_eq!(
            same.renamed,
            [("s02".to_string(), "Li".to_string(), "Li Lei".to_string())]
        );
        assert!(
            !judge(&a, &members(&[("s09", "Eve", "x")])).one_class(),
            "nothing shared"
        );
    }

    #[test]
    fn a_whole_line_that_is_not_a_result_is_an_error_and_a_torn_one_is_not() {
        let dir = std::env::temp_dir().join(format!("grader-scan-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("results.ndjson");
        std::fs::write(&path, "\n{\"learner\": \"x\"}\n").unwrap();
        let error = scan(&path, &mut |_, _| {}).unwrap_err();
        assert!(error.contains(":2: not a result line"), "{error}");
        std::fs::write(&path, "{\"learner\": \"x\"").unwrap();
        assert_eq!(scan(&path, &mut |_, _| {}), Ok(0));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_790), (2026, 12, 3));
    }
}
