//! The gradebook: learners by challenges, from result files, joined on who and what (the
//! learner's key and the challenge's id), never on a row or column number. When several records
//! hold the same learner and challenge, a graded one wins over an app that did not answer,
//! then the newest, and the gradebook says which it replaced. Reports are written as they are read: the index holds each result's counts and
//! where it lies in its file, and a learner's details are read back only while that learner is
//! written, so memory stays small however many learners there are.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use crate::results::{self, Record};

/// What a cell of the gradebook says, and where its record is.
#[derive(Debug, Clone)]
pub struct Cell {
    pub column: usize,
    pub unreachable: bool,
    pub passed: usize,
    pub total: usize,
    /// Hints that passed here and would fail on freeCodeCamp's site.
    pub flagged: usize,
    /// Whether each hint passed, in order.
    pub hints_passed: Vec<bool>,
    pub graded_at: String,
    /// Other origins whose answers the hints read, through the app's redirects.
    pub answered_by: Vec<String>,
    /// The result file and the record's offset in it.
    source: (usize, u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub id: String,
    pub dashed_name: String,
    pub title: String,
    /// The challenge's place in its catalog.
    pub order: usize,
}

impl Column {
    /// How the column is headed: the dashedName, or the id.
    pub fn name(&self) -> &str {
        if self.dashed_name.is_empty() {
            &self.id
        } else {
            &self.dashed_name
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub row: usize,
    /// The learner's key, which results are joined on.
    pub key: String,
    pub name: String,
    pub url: String,
    /// The roster's columns for the learner, in order.
    pub columns: Vec<(String, String)>,
    pub cells: Vec<Cell>,
    /// The learners (by name) whose apps answered for the same origin as this one's did: the
    /// origin of the URL given, or one its redirects led to.
    pub same_app_as: Vec<String>,
}

impl Row {
    pub fn passed(&self) -> usize {
        self.cells.iter().map(|c| c.passed).sum()
    }

    pub fn total(&self) -> usize {
        self.cells.iter().map(|c| c.total).sum()
    }

    pub fn flagged(&self) -> usize {
        self.cells.iter().map(|c| c.flagged).sum()
    }

    pub fn unreachable(&self) -> usize {
        self.cells.iter().filter(|c| c.unreachable).count()
    }

    /// Passed hints as a percentage of all, with one decimal.
    pub fn percent(&self) -> f64 {
        match self.total() {
            0 => 0.0,
            total => (self.passed() as f64 * 1000.0 / total as f64).round() / 10.0,
        }
    }

    /// When the learner was last graded.
    pub fn graded_at(&self) -> &str {
        self.cells
            .iter()
            .map(|c| c.graded_at.as_str())
            .max()
            .unwrap_or("")
    }

    pub fn cell(&self, column: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.column == column)
    }

    /// The other origins that answered for this learner's app, in the order first seen.
    pub fn answered_by(&self) -> Vec<String> {
        let mut origins: Vec<String> = Vec::new();
        for origin in self.cells.iter().flat_map(|c| &c.answered_by) {
            if !origins.contains(origin) {
                origins.push(origin.clone());
            }
        }
        origins
    }
}

/// A result that another for the same learner and challenge replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub learner: String,
    pub challenge: String,
    /// Where the replaced record was, and when it was graded.
    pub file: PathBuf,
    pub graded_at: String,
    /// When the record kept was graded.
    pub kept_at: String,
    pub why: Why,
}

/// Why one result was kept over another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The kept one was graded later.
    Newer,
    /// Both were graded at the same time; the kept one passed more hints.
    Better,
    /// The replaced one is newer but found the app not answering: a grade is not lost to an app
    /// that was down when it was graded again.
    AppDidNotAnswer,
}

/// Which learners and challenges a gradebook keeps, and in which order the learners come (the
/// current roster's); every one, in the order the results give, when `None`.
#[derive(Debug, Clone, Default)]
pub struct Only {
    /// Each learner kept, by key, as the current roster has them.
    pub learners: HashMap<String, Current>,
    pub challenges: HashSet<String>,
}

/// A learner as the current roster has them: their row, and the name and columns the gradebook
/// shows, whatever older results say.
#[derive(Debug, Clone, Default)]
pub struct Current {
    pub row: usize,
    pub name: String,
    pub columns: Vec<(String, String)>,
}

/// Every learner and challenge of some result files, in roster and catalog order.
#[derive(Debug, Clone, Default)]
pub struct Gradebook {
    files: Vec<PathBuf>,
    /// Records held in memory (one run's), for a gradebook not read from files.
    memory: Vec<Record>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Results replaced by newer ones for the same learner and challenge.
    pub replaced: Vec<Replaced>,
    /// The versions of `grade` and the profiles the results were graded with.
    pub versions: BTreeSet<String>,
    /// The fingerprints of the rosters the results were graded from.
    pub rosters: BTreeSet<String>,
    pub profiles: BTreeSet<String>,
    /// The slices found: for each count of slices, the slices present.
    pub partitions: BTreeMap<usize, BTreeSet<usize>>,
}

/// What one learner's row is built from while the files are read.
struct Gathered {
    row: usize,
    name: String,
    url: String,
    columns: Vec<(String, String)>,
    cells: HashMap<String, Cell>,
}

impl Gradebook {
    /// Indexes result files (one run's, or the slices of several machines), keeping the
    /// learners and challenges of `only` when given.
    pub fn read(files: &[PathBuf], only: Option<&Only>) -> Result<Gradebook, String> {
        let mut book = Gradebook {
            files: files.to_vec(),
            ..Gradebook::default()
        };
        let mut columns: HashMap<String, Column> = HashMap::new();
        let mut learners: HashMap<String, Gathered> = HashMap::new();
        for (index, path) in files.iter().enumerate() {
            results::scan(path, &mut |offset, record| {
                book.add(index, offset, record, only, &mut columns, &mut learners);
            })?;
        }
        book.finish(columns, learners, only);
        Ok(book)
    }

    /// The gradebook of records held in memory, such as one learner's run.
    pub fn from_records(records: Vec<Record>) -> Gradebook {
        let mut book = Gradebook::default();
        let mut columns = HashMap::new();
        let mut learners = HashMap::new();
        for (index, record) in records.iter().enumerate() {
            book.add(
                IN_MEMORY,
                index as u64,
                record.clone(),
                None,
                &mut columns,
                &mut learners,
            );
        }
        book.memory = records;
        book.finish(columns, learners, None);
        book
    }

    fn add(
        &mut self,
        file: usize,
        offset: u64,
        record: Record,
        only: Option<&Only>,
        columns: &mut HashMap<String, Column>,
        learners: &mut HashMap<String, Gathered>,
    ) {
        if only.is_some_and(|o| {
            !o.learners.contains_key(&record.learner) || !o.challenges.contains(&record.challenge)
        }) {
            return;
        }
        if !record.grade_version.is_empty() {
            self.versions.insert(record.grade_version.clone());
        }
        if !record.roster.is_empty() {
            self.rosters.insert(record.roster.clone());
        }
        if !record.profile.is_empty() {
            self.profiles.insert(record.profile.clone());
        }
        if let Some((k, n)) = record
            .partition
            .as_deref()
            .and_then(|p| p.split_once('/'))
            .and_then(|(k, n)| Some((k.parse::<usize>().ok()?, n.parse::<usize>().ok()?)))
        {
            self.partitions.entry(n).or_default().insert(k);
        }
        columns
            .entry(record.challenge.clone())
            .or_insert_with(|| Column {
                id: record.challenge.clone(),
                dashed_name: record.dashed_name.clone(),
                title: record.title.clone(),
                order: record.order,
            });
        let cell = Cell {
            column: 0,
            unreachable: record.status == "unreachable",
            passed: record.passed,
            total: record.total,
            flagged: record.would_fail_on_freecodecamp,
            hints_passed: record.hints.iter().map(|h| h.status == "passed").collect(),
            graded_at: record.graded_at.clone(),
            answered_by: record.answered_by.clone(),
            source: (file, offset),
        };
        let learner = learners
            .entry(record.learner.clone())
            .or_insert_with(|| Gathered {
                row: record.row,
                name: record.shown_name().to_string(),
                url: record.url.clone(),
                columns: record.columns.clone(),
                cells: HashMap::new(),
            });
        let challenge = record.challenge.clone();
        match learner.cells.get(&challenge) {
            // The same result twice (a file merged with a copy of itself): nothing to say.
            Some(kept) if same_result(kept, &cell) => {}
            // A graded result wins over an app that did not answer, then the newest, whatever
            // order the files come in; of two graded at once, the better.
            Some(kept) if rank(kept) > rank(&cell) => {
                self.replaced.push(Replaced {
                    learner: record.learner.clone(),
                    challenge,
                    file: self.file_of(file),
                    graded_at: record.graded_at.clone(),
                    kept_at: kept.graded_at.clone(),
                    why: why(kept, &cell),
                });
            }
            previous => {
                if let Some(old) = previous {
                    self.replaced.push(Replaced {
                        learner: record.learner.clone(),
                        challenge: challenge.clone(),
                        file: self.file_of(old.source.0),
                        graded_at: old.graded_at.clone(),
                        kept_at: record.graded_at.clone(),
                        why: why(&cell, old),
                    });
                }
                // The newest record also says who the learner is now.
                learner.row = record.row;
                learner.name = record.shown_name().to_string();
                learner.url = record.url.clone();
                if !record.columns.is_empty() {
                    learner.columns = record.columns.clone();
                }
                learner.cells.insert(challenge, cell);
            }
        }
    }

    fn file_of(&self, index: usize) -> PathBuf {
        self.files.get(index).cloned().unwrap_or_default()
    }

    fn finish(
        &mut self,
        columns: HashMap<String, Column>,
        learners: HashMap<String, Gathered>,
        only: Option<&Only>,
    ) {
        let mut columns: Vec<Column> = columns.into_values().collect();
        columns.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        let place: HashMap<&str, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut rows: Vec<Row> = learners
            .into_iter()
            .map(|(key, gathered)| {
                let current = only.and_then(|o| o.learners.get(&key));
                let mut cells: Vec<Cell> = gathered
                    .cells
                    .into_iter()
                    .map(|(challenge, mut cell)| {
                        cell.column = place[challenge.as_str()];
                        cell
                    })
                    .collect();
                cells.sort_by_key(|c| c.column);
                Row {
                    row: current.map_or(gathered.row, |c| c.row),
                    key,
                    name: current.map_or(gathered.name, |c| c.name.clone()),
                    url: gathered.url,
                    columns: current.map_or(gathered.columns, |c| c.columns.clone()),
                    cells,
                    same_app_as: Vec::new(),
                }
            })
            .collect();
        rows.sort_by(|a, b| (a.row, &a.key).cmp(&(b.row, &b.key)));
        // Learners answered by the same app: one gave the URL of another, or their redirects
        // led to the same origin, or to another learner's origin. Learners whose apps merely
        // share a host (paths of one server) are not flagged for that alone.
        let mut groups: BTreeMap<String, Vec<(usize, bool)>> = BTreeMap::new();
        for (i, row) in rows.iter().enumerate() {
            let url = crate::plan::normalize_url(&row.url);
            groups
                .entry(format!("url {url}"))
                .or_default()
                .push((i, true));
            if let Some(own) = crate::run::origin_of(&url) {
                groups.entry(own).or_default().push((i, false));
            }
            for origin in row.answered_by() {
                groups.entry(origin).or_default().push((i, true));
            }
        }
        for members in groups.values() {
            if members.len() < 2 || !members.iter().any(|(_, redirected)| *redirected) {
                continue;
            }
            for &(i, _) in members {
                for &(j, _) in members.iter().filter(|(j, _)| *j != i) {
                    let name = rows[j].name.clone();
                    if !rows[i].same_app_as.contains(&name) {
                        rows[i].same_app_as.push(name);
                    }
                }
            }
        }
        self.columns = columns;
        self.rows = rows;
    }

    /// The slices missing from a partitioned set: `(k, n)` for each slice k of n not found.
    pub fn missing_slices(&self) -> Vec<(usize, usize)> {
        let mut missing = Vec::new();
        for (&n, found) in &self.partitions {
            missing.extend((1..=n).filter(|k| !found.contains(k)).map(|k| (k, n)));
        }
        missing
    }

    /// The full record behind a cell.
    pub fn record(&self, cell: &Cell) -> Result<Record, String> {
        match cell.source {
            (IN_MEMORY, index) => self
                .memory
                .get(index as usize)
                .cloned()
                .ok_or_else(|| "a result is missing".to_string()),
            (file, offset) => results::read_at(&self.files[file], offset),
        }
    }

    /// How many learners passed each hint of each challenge, by column.
    pub fn hint_passes(&self) -> Vec<Vec<usize>> {
        let mut passes: Vec<Vec<usize>> = vec![Vec::new(); self.columns.len()];
        for row in &self.rows {
            for cell in &row.cells {
                let counts = &mut passes[cell.column];
                if counts.len() < cell.hints_passed.len() {
                    counts.resize(cell.hints_passed.len(), 0);
                }
                for (count, passed) in counts.iter_mut().zip(&cell.hints_passed) {
                    *count += usize::from(*passed);
                }
            }
        }
        passes
    }

    /// The roster's columns beside the name and the URL (an id, an email, a section), which the
    /// HTML page shows after them.
    pub fn other_roster_columns(&self) -> Vec<String> {
        let names = self.roster_columns();
        names
            .into_iter()
            .filter(|n| {
                !results::is_column(n, results::NAME_COLUMNS)
                    && !results::is_column(n, results::URL_COLUMNS)
            })
            .collect()
    }

    /// The roster's column names, in the order first seen; `learner` and `url` for results
    /// that kept none.
    fn roster_columns(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for row in &self.rows {
            for (name, _) in &row.columns {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        if names.is_empty() {
            names = vec!["learner".to_string(), "url".to_string()];
        }
        names
    }

    /// One row per learner, as learning systems import grades: the roster's columns (id,
    /// name, email, section: whatever it has), then a numeric `passed` and `total` column per
    /// challenge, then the totals, the percentage, the challenges whose app did not answer, the
    /// hints that would fail on freeCodeCamp, the other origins that answered for the app, the
    /// learners answered by the same app, and when the learner was graded. No cell reads as a
    /// date or a formula.
    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let roster = self.roster_columns();
        let mut header = roster.clone();
        for column in &self.columns {
            header.push(format!("{} passed", column.name()));
            header.push(format!("{} total", column.name()));
        }
        header.extend(
            [
                "passed",
                "total",
                "percent",
                "did not answer",
                "would fail on freeCodeCamp",
                "answered by",
                "same app as",
                "graded at",
            ]
            .map(String::from),
        );
        csv_line(out, &header)?;
        for row in &self.rows {
            let mut fields: Vec<String> = roster
                .iter()
                .map(|name| {
                    row.columns
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_else(|| match name.as_str() {
                            "learner" if row.columns.is_empty() => row.name.clone(),
                            "url" if row.columns.is_empty() => row.url.clone(),
                            _ => String::new(),
                        })
                })
                .collect();
            for column in 0..self.columns.len() {
                match row.cell(column) {
                    Some(cell) => {
                        fields.push(cell.passed.to_string());
                        fields.push(cell.total.to_string());
                    }
                    None => fields.extend([String::new(), String::new()]),
                }
            }
            fields.extend([
                row.passed().to_string(),
                row.total().to_string(),
                format!("{:.1}", row.percent()),
                row.unreachable().to_string(),
                row.flagged().to_string(),
                row.answered_by().join(" "),
                row.same_app_as.join("; "),
                row.graded_at().to_string(),
            ]);
            csv_line(out, &fields)?;
        }
        Ok(())
    }

    /// The gradebook as one JSON document, each learner's results with their hints; written
    /// learner by learner.
    pub fn write_json(&self, out: &mut dyn Write) -> Result<(), String> {
        let io = |e: std::io::Error| e.to_string();
        let columns: Vec<serde_json::Value> = self
            .columns
            .iter()
            .map(|c| json!({"id": c.id, "dashedName": c.dashed_name, "title": c.title}))
            .collect();
        write!(
            out,
            "{{\n  \"version\": {},\n  \"challenges\": {},\n  \"learners\": [",
            super::json::SCHEMA_VERSION,
            super::json_safe(serde_json::to_string(&columns).map_err(|e| e.to_string())?)
        )
        .map_err(io)?;
        for (i, row) in self.rows.iter().enumerate() {
            let mut results = Vec::new();
            for cell in &row.cells {
                let record = self.record(cell)?;
                results.push(json!({
                    "challenge": record.challenge,
                    "dashedName": record.dashed_name,
                    "status": record.status,
                    "passed": record.passed,
                    "total": record.total,
                    "would_fail_on_freecodecamp": record.would_fail_on_freecodecamp,
                    "graded_at": record.graded_at,
                    "answered_by": record.answered_by,
                    "language": record.language,
                    "reason": record.reason,
                    "hints": record.hints,
                }));
            }
            let roster: serde_json::Map<String, serde_json::Value> = row
                .columns
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            let learner = json!({
                "row": row.row,
                "learner": row.key,
                "name": row.name,
                "url": row.url,
                "roster": roster,
                "passed": row.passed(),
                "total": row.total(),
                "percent": row.percent(),
                "would_fail_on_freecodecamp": row.flagged(),
                "graded_at": row.graded_at(),
                "answered_by": row.answered_by(),
                "same_app_as": row.same_app_as,
                "results": results,
            });
            let comma = if i == 0 { "" } else { "," };
            write!(
                out,
                "{comma}\n    {}",
                super::json_safe(serde_json::to_string(&learner).map_err(|e| e.to_string())?)
            )
            .map_err(io)?;
        }
        writeln!(out, "\n  ]\n}}").map_err(io)
    }
}

/// How two results for one learner and challenge compare: the newer, then a graded one over an
/// app that did not answer, then the one with more passed; never the order of the files.
fn rank(cell: &Cell) -> (bool, &str, usize) {
    (!cell.unreachable, cell.graded_at.as_str(), cell.passed)
}

fn same_result(a: &Cell, b: &Cell) -> bool {
    a.graded_at == b.graded_at
        && a.unreachable == b.unreachable
        && a.passed == b.passed
        && a.total == b.total
        && a.hints_passed == b.hints_passed
}

/// Why `kept` wins over `replaced`.
fn why(kept: &Cell, replaced: &Cell) -> Why {
    if replaced.unreachable && !kept.unreachable && replaced.graded_at > kept.graded_at {
        Why::AppDidNotAnswer
    } else if kept.graded_at == replaced.graded_at {
        Why::Better
    } else {
        Why::Newer
    }
}

/// The file index of records held in memory.
const IN_MEMORY: usize = usize::MAX;

/// One CSV line: fields with a comma, a quote or a line break are quoted, quotes doubled; a
/// field that a spreadsheet would read as a formula or a date is prefixed with a quote mark.
fn csv_line(out: &mut dyn Write, fields: &[String]) -> std::io::Result<()> {
    let line: Vec<String> = fields
        .iter()
        .map(|field| {
            let field = if field.starts_with(['=', '+', '-', '@']) || looks_like_a_date(field) {
                format!("'{field}")
            } else {
                field.clone()
            };
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect();
    writeln!(out, "{}", line.join(","))
}

/// Text a spreadsheet would take for a date, such as `8/8` or `3-4`; timestamps of our own are
/// dates on purpose and are not asked about.
fn looks_like_a_date(field: &str) -> bool {
    let digits = |parts: &[&str]| {
        parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let slashed: Vec<&str> = field.split(['/', '-']).collect();
    let dotted: Vec<&str> = field.split('.').collect();
    // One dot is a decimal point; two make a date (`12.5.2026`).
    ((2..=3).contains(&slashed.len()) && digits(&slashed)) || (dotted.len() == 3 && digits(&dotted))
}

#[cfg(test)]
mod tests {
    use super::looks_like_a_date;

    #[test]
    fn fractions_and_day_month_pairs_read_as_dates() {
        for field in ["8/8", "1/12", "3-4", "2026-12-03", "12.5.2026"] {
            assert!(looks_like_a_date(field), "{field}");
        }
        for field in ["8", "87.5", "Ann Lee", "a/b", "2026-12-03T10:00:00Z", "-"] {
            assert!(!looks_like_a_date(field), "{field}");
        }
    }
}
