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
    /// Its hints: what a learner who never submitted it scores 0 of.
    pub hints: usize,
}

impl Column {
    /// How messages name the challenge: its dashedName, else its title, else its id.
    pub fn shown(&self) -> &str {
        match (self.dashed_name.is_empty(), self.title.is_empty()) {
            (false, _) => &self.dashed_name,
            (true, false) => &self.title,
            (true, true) => &self.id,
        }
    }

    /// How a learning system's column is headed: the title, else the dashedName or id.
    pub fn title_or_name(&self) -> &str {
        if self.title.is_empty() {
            self.name()
        } else {
            &self.title
        }
    }

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
    /// The hints of the challenges the learner never submitted (no result at all): they count
    /// in the total as 0 passed.
    pub unsubmitted_hints: usize,
    /// The learners (by name) whose apps answered for the same origin as this one's did: the
    /// origin of the URL given, or one its redirects led to.
    pub same_app_as: Vec<String>,
}

impl Row {
    pub fn passed(&self) -> usize {
        self.cells.iter().map(|c| c.passed).sum()
    }

    /// The hints of every challenge of the gradebook, submitted or not.
    pub fn total(&self) -> usize {
        self.cells.iter().map(|c| c.total).sum::<usize>() + self.unsubmitted_hints
    }

    /// The challenges with a result (graded, or an app that did not answer).
    pub fn submitted(&self) -> usize {
        self.cells.len()
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
    /// The learner's name in the record kept.
    pub name: String,
    pub challenge: String,
    /// The challenge as messages name it (its dashedName).
    pub challenge_name: String,
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
    /// The slices found: for each selection and count of slices, the slices present.
    pub partitions: BTreeMap<(String, usize), BTreeSet<usize>>,
    /// Selections that also have results of a whole class (no slice): their slices are never
    /// missing.
    whole: BTreeSet<String>,
    /// Results of two classes that share keys held by different people: refused unless told
    /// they are one class.
    pub strangers: Vec<Strangers>,
    /// Keys whose learner's name changed within a class: (key, older names, newest name).
    pub renamed: Vec<(String, Vec<String>, String)>,
    /// Keys of learners graded before the roster had ids, found by their name: (name, id).
    pub aliased: Vec<(String, String)>,
    /// Keys and names in files that were not in Unicode NFC, and are compared as NFC.
    pub normalized: usize,
}

/// Two classes whose results share keys held by different people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strangers {
    /// A file of each class.
    pub files: (PathBuf, PathBuf),
    /// Each shared key, with its learner's name in each class.
    pub keys: Vec<(String, String, String)>,
}

/// How a gradebook is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading<'a> {
    /// The learners and challenges to keep, in the current roster's order.
    pub only: Option<&'a Only>,
    /// Results of different classes that share keys are one class (`--same-class`).
    pub same_class: bool,
}

/// What is known of a class's results before they are indexed.
#[derive(Debug, Default)]
struct ClassSeen {
    members: results::Members,
    /// The first file it was found in.
    file: usize,
    /// Keys of learners keyed by their name.
    by_name: BTreeSet<String>,
}

/// What one learner's row is built from while the files are read.
struct Gathered {
    row: usize,
    name: String,
    url: String,
    columns: Vec<(String, String)>,
    /// When the newest of the learner's records was graded.
    newest: String,
    cells: HashMap<String, Cell>,
}

impl Gradebook {
    /// Indexes result files (one run's, or the slices of several machines), keeping the
    /// learners and challenges of `only` when given.
    pub fn read(files: &[PathBuf], only: Option<&Only>) -> Result<Gradebook, String> {
        Gradebook::read_with(
            files,
            Reading {
                only,
                same_class: false,
            },
        )
    }

    /// Indexes result files as `reading` says. A first pass learns the classes the files hold
    /// (who each key is), which decides whether they may be joined and which old keys (names,
    /// from before the roster had ids) are whose; the second indexes the results.
    pub fn read_with(files: &[PathBuf], reading: Reading) -> Result<Gradebook, String> {
        let mut book = Gradebook {
            files: files.to_vec(),
            ..Gradebook::default()
        };
        let mut classes: BTreeMap<String, ClassSeen> = BTreeMap::new();
        for (index, path) in files.iter().enumerate() {
            results::scan(path, &mut |_, record| {
                let (key, name) = (
                    results::nfc(&record.learner),
                    results::nfc(record.shown_name()),
                );
                // Results written before classes were recorded are told apart by the roster
                // they were graded from: the slices of one roster are one class, and two
                // rosters are compared as two classes are.
                let class = match (record.class.is_empty(), record.roster.is_empty()) {
                    (false, _) => record.class.clone(),
                    (true, false) => format!("roster {}", record.roster),
                    (true, true) => String::new(),
                };
                let class = classes.entry(class).or_insert_with(|| ClassSeen {
                    file: index,
                    ..ClassSeen::default()
                });
                if record.keyed_by_name() {
                    class.by_name.insert(key.clone());
                }
                class
                    .members
                    .add(&key, &name, &record.url, &record.graded_at);
            })?;
        }
        book.judge_classes(&classes, reading.same_class);
        let aliases = book.aliases(&classes, reading.only);
        let mut columns: HashMap<String, Column> = HashMap::new();
        let mut learners: HashMap<String, Gathered> = HashMap::new();
        for (index, path) in files.iter().enumerate() {
            results::scan(path, &mut |offset, mut record| {
                if results::not_nfc(&record.learner) || results::not_nfc(&record.name) {
                    book.normalized += 1;
                }
                record.normalize();
                if let Some(id) = aliases.get(&record.learner) {
                    record.learner = id.clone();
                }
                book.add(
                    index,
                    offset,
                    record,
                    reading.only,
                    &mut columns,
                    &mut learners,
                );
            })?;
        }
        book.finish(columns, learners, reading.only);
        Ok(book)
    }

    /// Which classes of the files are one: each pair that shares keys is compared (unless told
    /// they are one class), and keys held by different people in two classes are strangers.
    /// Names changed within a class are noted.
    fn judge_classes(&mut self, classes: &BTreeMap<String, ClassSeen>, same_class: bool) {
        // Each renamed key: the names it had, and its newest name with when that was graded.
        let mut renamed: BTreeMap<String, (BTreeSet<String>, String, String)> = BTreeMap::new();
        let mut note = |key: &str, name: &str, at: &str| {
            let entry = renamed.entry(key.to_string()).or_default();
            entry.0.insert(name.to_string());
            if at >= entry.2.as_str() {
                entry.1 = name.to_string();
                entry.2 = at.to_string();
            }
        };
        for seen in classes.values() {
            for (key, former, now) in seen.members.renamed() {
                for name in former {
                    note(key, name, "");
                }
                note(key, now, &seen.members.by_key[key].graded_at);
            }
        }
        let list: Vec<(&String, &ClassSeen)> = classes.iter().collect();
        for (i, (a_id, a)) in list.iter().enumerate() {
            for (b_id, b) in &list[i + 1..] {
                // Results older than rosters' fingerprints belong to any class.
                if a_id.is_empty() || b_id.is_empty() {
                    continue;
                }
                let judgement = results::judge(&a.members, &b.members);
                if judgement.shared == 0 {
                    continue;
                }
                if same_class || judgement.one_class() {
                    // Told they are one class, the strangers are the same learners renamed.
                    let strangers: &[(String, String, String)] = if same_class {
                        &judgement.strangers
                    } else {
                        &[]
                    };
                    for (key, _, _) in judgement.renamed.iter().chain(strangers) {
                        for seen in [a, b] {
                            let member = &seen.members.by_key[key];
                            note(key, &member.name, &member.graded_at);
                        }
                    }
                } else {
                    self.strangers.push(Strangers {
                        files: (self.file_of(a.file), self.file_of(b.file)),
                        keys: judgement.strangers,
                    });
                }
            }
        }
        self.renamed = renamed
            .into_iter()
            .map(|(key, (mut former, now, _))| {
                former.remove(&now);
                (key, former.into_iter().collect::<Vec<_>>(), now)
            })
            .filter(|(_, former, _)| !former.is_empty())
            .collect();
    }

    /// Keys that were names (results from before the roster had an id column) and the id their
    /// learner has now: from the current roster when given, else from newer results of one
    /// class. A name two learners share is left alone.
    fn aliases(
        &mut self,
        classes: &BTreeMap<String, ClassSeen>,
        only: Option<&Only>,
    ) -> HashMap<String, String> {
        // Each name, and the ids learners with that name have.
        let mut ids_of: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        match only {
            Some(only) => {
                for (key, current) in &only.learners {
                    if *key != current.name {
                        ids_of.entry(current.name.as_str()).or_default().insert(key);
                    }
                }
            }
            None => {
                for seen in classes.values() {
                    for (key, member) in &seen.members.by_key {
                        if !seen.by_name.contains(key) {
                            ids_of.entry(member.name.as_str()).or_default().insert(key);
                        }
                    }
                }
            }
        }
        let mut aliases = HashMap::new();
        for seen in classes.values() {
            for key in &seen.by_name {
                if let Some(ids) = ids_of.get(key.as_str()) {
                    if ids.len() == 1 && !ids.contains(key.as_str()) {
                        let id = ids.iter().next().map(|s| s.to_string()).unwrap_or_default();
                        aliases.insert(key.clone(), id);
                    }
                }
            }
        }
        let mut aliased: Vec<(String, String)> = aliases
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        aliased.sort();
        self.aliased = aliased;
        aliases
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
        match record
            .partition
            .as_deref()
            .and_then(|p| p.split_once('/'))
            .and_then(|(k, n)| Some((k.parse::<usize>().ok()?, n.parse::<usize>().ok()?)))
        {
            Some((k, n)) => {
                self.partitions
                    .entry((record.selection.clone(), n))
                    .or_default()
                    .insert(k);
            }
            None => {
                self.whole.insert(record.selection.clone());
            }
        }
        let column = columns
            .entry(record.challenge.clone())
            .or_insert_with(|| Column {
                id: record.challenge.clone(),
                dashed_name: record.dashed_name.clone(),
                title: record.title.clone(),
                order: record.order,
                hints: record.total,
            });
        column.hints = column.hints.max(record.total);
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
                newest: record.graded_at.clone(),
                cells: HashMap::new(),
            });
        // The newest record says who the learner is now (name, app, row, columns), whichever
        // challenge it is on and whatever order the files come in; of two at once, the greater
        // name and app, so the choice never depends on that order either.
        let newer = (
            record.graded_at.as_str(),
            record.shown_name(),
            record.url.as_str(),
        ) > (
            learner.newest.as_str(),
            learner.name.as_str(),
            learner.url.as_str(),
        );
        if newer {
            learner.newest = record.graded_at.clone();
            learner.row = record.row;
            learner.name = record.shown_name().to_string();
            learner.url = record.url.clone();
            if !record.columns.is_empty() {
                learner.columns = record.columns.clone();
            }
        }
        let challenge = record.challenge.clone();
        let challenge_name = column.shown().to_string();
        match learner.cells.get(&challenge) {
            // The same result twice (a file merged with a copy of itself): nothing to say.
            Some(kept) if same_result(kept, &cell) => {}
            // A graded result wins over an app that did not answer, then the newest, whatever
            // order the files come in; of two graded at once, the better.
            Some(kept) if rank(kept) > rank(&cell) => {
                self.replaced.push(Replaced {
                    learner: record.learner.clone(),
                    name: learner.name.clone(),
                    challenge,
                    challenge_name,
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
                        name: learner.name.clone(),
                        challenge: challenge.clone(),
                        challenge_name,
                        file: self.file_of(old.source.0),
                        graded_at: old.graded_at.clone(),
                        kept_at: record.graded_at.clone(),
                        why: why(&cell, old),
                    });
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
                // A challenge with no result is not submitted: 0 of its hints.
                let unsubmitted_hints = columns
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !cells.iter().any(|c| c.column == *i))
                    .map(|(_, c)| c.hints)
                    .sum();
                Row {
                    unsubmitted_hints,
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
        // Rows follow the current roster; without one (a merge), the key, so the order never
        // depends on which file was read last.
        if only.is_some() {
            rows.sort_by(|a, b| (a.row, &a.key).cmp(&(b.row, &b.key)));
        } else {
            rows.sort_by(|a, b| a.key.cmp(&b.key));
        }
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
    /// A slice regraded on its own and merged with the whole class's results of the same
    /// selection misses nothing.
    pub fn missing_slices(&self) -> Vec<(usize, usize)> {
        let mut missing = Vec::new();
        for ((selection, n), found) in &self.partitions {
            if self.whole.contains(selection) {
                continue;
            }
            missing.extend((1..=*n).filter(|k| !found.contains(k)).map(|k| (k, *n)));
        }
        missing.sort();
        missing.dedup();
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

    /// One row per learner, for a person in a spreadsheet: the roster's columns (id, name,
    /// email, section: whatever it has), then a `passed` and `total` column per challenge
    /// (`not submitted` where the learner has no result, which counts as 0), then the totals over
    /// every challenge, the challenges submitted, the percentage, the challenges whose app did
    /// not answer, the hints that would fail on freeCodeCamp, the other origins that answered
    /// for the app, the learners answered by the same app, and when the learner was graded.
    /// Free text is kept from being read as a formula or a date; ids and numbers are as they are.
    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let roster = self.roster_columns();
        let mut header: Vec<Field> = roster.iter().map(|n| Field::Text(n.clone())).collect();
        for column in &self.columns {
            header.push(Field::Text(format!("{} passed", column.name())));
            header.push(Field::Text(format!("{} total", column.name())));
        }
        header.extend(
            [
                "passed",
                "total",
                "submitted",
                "percent",
                "did not answer",
                "would fail on freeCodeCamp",
                "answered by",
                "same app as",
                "graded at",
            ]
            .map(|h| Field::Text(h.to_string())),
        );
        csv_line(out, &header)?;
        for row in &self.rows {
            let mut fields: Vec<Field> = roster
                .iter()
                .map(|name| {
                    let value = row
                        .columns
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_else(|| match name.as_str() {
                            "learner" if row.columns.is_empty() => row.name.clone(),
                            "url" if row.columns.is_empty() => row.url.clone(),
                            _ => String::new(),
                        });
                    // An id is what a learning system matches on: byte for byte.
                    if results::is_column(name, results::ID_COLUMNS) {
                        Field::Exact(value)
                    } else {
                        Field::Text(value)
                    }
                })
                .collect();
            for (index, column) in self.columns.iter().enumerate() {
                match row.cell(index) {
                    Some(cell) => {
                        fields.push(Field::Exact(cell.passed.to_string()));
                        fields.push(Field::Exact(cell.total.to_string()));
                    }
                    None => {
                        fields.push(Field::Text(NOT_SUBMITTED.to_string()));
                        fields.push(Field::Exact(column.hints.to_string()));
                    }
                }
            }
            fields.extend(
                [
                    row.passed().to_string(),
                    row.total().to_string(),
                    row.submitted().to_string(),
                    format!("{:.1}", row.percent()),
                    row.unreachable().to_string(),
                    row.flagged().to_string(),
                ]
                .map(Field::Exact),
            );
            fields.push(Field::Text(row.answered_by().join(" ")));
            fields.push(Field::Text(row.same_app_as.join("; ")));
            fields.push(Field::Exact(row.graded_at().to_string()));
            csv_line(out, &fields)?;
        }
        Ok(())
    }

    /// The roster's value of the first of its columns named one of `names` (compared without
    /// case, spaces or underscores).
    fn roster_value(row: &Row, names: &[&str]) -> Option<String> {
        let squeeze = |s: &str| {
            s.trim_start_matches('\u{feff}')
                .chars()
                .filter(|c| !matches!(c, ' ' | '_' | '-'))
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        names.iter().find_map(|name| {
            row.columns
                .iter()
                .find(|(n, _)| squeeze(n) == squeeze(name))
                .map(|(_, v)| v.clone())
        })
    }

    /// The gradebook as Canvas imports grades: `Student`, `ID`, `SIS User ID`, `SIS Login ID`,
    /// `Section`, then one column per challenge headed by its title, a `Points Possible` row
    /// (each challenge's hints), and each learner's points (hints passed; 0 when not
    /// submitted). Roster columns named as Canvas names them (`sis_user_id`, `SIS Login ID`,
    /// `section`, ...) fill those columns; `canvas_id` fills `ID`, the roster's `id` fills
    /// `SIS User ID` when it has no `sis_user_id`, and `login` or `login_id` fills
    /// `SIS Login ID`. Values are written byte for byte. Returns the learners Canvas could not
    /// match (none of the three ids).
    pub fn write_canvas(&self, out: &mut dyn Write) -> std::io::Result<Vec<String>> {
        let mut header: Vec<String> = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
            .map(String::from)
            .to_vec();
        header.extend(self.columns.iter().map(|c| c.title_or_name().to_string()));
        plain_line(out, &header)?;
        let mut possible = vec!["Points Possible".to_string()];
        possible.extend(std::iter::repeat_n(String::new(), 4));
        possible.extend(self.columns.iter().map(|c| c.hints.to_string()));
        plain_line(out, &possible)?;
        let mut unmatched = Vec::new();
        for row in &self.rows {
            let canvas_id = Self::roster_value(row, &["canvas_id", "canvas_user_id"]);
            let sis_user = Self::roster_value(row, &["sis_user_id", "sis user id"])
                .or_else(|| Self::roster_value(row, results::ID_COLUMNS));
            let sis_login = Self::roster_value(row, &["sis_login_id", "login_id", "login"]);
            let section = Self::roster_value(row, &["section"]);
            if [&canvas_id, &sis_user, &sis_login]
                .iter()
                .all(|v| v.as_deref().unwrap_or("").is_empty())
            {
                unmatched.push(row.name.clone());
            }
            let mut fields = vec![
                row.name.clone(),
                canvas_id.unwrap_or_default(),
                sis_user.unwrap_or_default(),
                sis_login.unwrap_or_default(),
                section.unwrap_or_default(),
            ];
            fields.extend(
                (0..self.columns.len())
                    .map(|c| row.cell(c).map_or(0, |cell| cell.passed).to_string()),
            );
            plain_line(out, &fields)?;
        }
        Ok(unmatched)
    }

    /// Which roster column a Moodle file identifies learners by: `email`, else `idnumber`,
    /// else the roster's `id` (as Moodle's ID number); `None` when the roster has none of them.
    pub fn moodle_identifier(&self) -> Option<(&'static str, &'static [&'static str])> {
        const CHOICES: [(&str, &[&str]); 3] = [
            ("email", &["email", "email address", "e-mail"]),
            ("idnumber", &["idnumber", "id number"]),
            ("idnumber", results::ID_COLUMNS),
        ];
        CHOICES.into_iter().find(|(_, names)| {
            self.rows
                .iter()
                .all(|r| Self::roster_value(r, names).is_some_and(|v| !v.is_empty()))
        })
    }

    /// The gradebook as Moodle's grade import reads a CSV file: the identifier column (`email`
    /// or `idnumber`, [`Gradebook::moodle_identifier`]) and one numeric column per challenge,
    /// headed by its title: the hints passed (0 when not submitted).
    pub fn write_moodle(&self, out: &mut dyn Write) -> Result<(), String> {
        let Some((identifier, names)) = self.moodle_identifier() else {
            return Err("Moodle matches learners on their email or ID number, and the roster has neither an `email` nor an `idnumber` (or `id`) column for every learner\nhelp: add an `email` column to the roster".to_string());
        };
        let io = |e: std::io::Error| e.to_string();
        let mut header = vec![identifier.to_string()];
        header.extend(self.columns.iter().map(|c| c.title_or_name().to_string()));
        plain_line(out, &header).map_err(io)?;
        for row in &self.rows {
            let mut fields = vec![Self::roster_value(row, names).unwrap_or_default()];
            fields.extend(
                (0..self.columns.len())
                    .map(|c| row.cell(c).map_or(0, |cell| cell.passed).to_string()),
            );
            plain_line(out, &fields).map_err(io)?;
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
            for (index, column) in self.columns.iter().enumerate() {
                let Some(cell) = row.cell(index) else {
                    results.push(json!({
                        "challenge": column.id,
                        "dashedName": column.dashed_name,
                        "status": NOT_SUBMITTED,
                        "passed": 0,
                        "total": column.hints,
                    }));
                    continue;
                };
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
                "submitted": row.submitted(),
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

/// What a learner who has no result on a challenge is marked with.
pub const NOT_SUBMITTED: &str = "not submitted";

/// A CSV field for a spreadsheet, by what it holds.
enum Field {
    /// Free text (a name, a section, a heading): never read as a formula or a date.
    Text(String),
    /// An id, a number or a time of our own: written as it is.
    Exact(String),
}

/// One CSV line for a spreadsheet. Control characters are escaped (`\u{1b}`) so nothing
/// reaches a terminal or a cell raw. Free text that a spreadsheet would run as a formula (by
/// OWASP's rule: starting with `=`, `+`, `-`, `@`, a tab or a carriage return, after any
/// leading spaces, which LibreOffice skips) or read as a date gets a leading `'`.
fn csv_line(out: &mut dyn Write, fields: &[Field]) -> std::io::Result<()> {
    let line: Vec<String> = fields
        .iter()
        .map(|field| {
            let field = match field {
                Field::Text(text) => {
                    let formula = text.starts_with(['\t', '\r'])
                        || text
                            .trim_start_matches([' ', '\u{a0}', '\u{3000}'])
                            .starts_with([
                                '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}',
                                '\u{ff20}',
                            ]);
                    let text = crate::escape::visible_line(text).into_owned();
                    if formula || looks_like_a_date(&text) {
                        format!("'{text}")
                    } else {
                        text
                    }
                }
                Field::Exact(text) => crate::escape::visible_line(text).into_owned(),
            };
            quoted(field)
        })
        .collect();
    writeln!(out, "{}", line.join(","))
}

/// One CSV line for a learning system: every value byte for byte, quoted only where CSV needs.
fn plain_line(out: &mut dyn Write, fields: &[String]) -> std::io::Result<()> {
    let line: Vec<String> = fields.iter().cloned().map(quoted).collect();
    writeln!(out, "{}", line.join(","))
}

/// A field with a comma, a quote or a line break is quoted, its quotes doubled.
fn quoted(field: String) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
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
    use super::{csv_line, looks_like_a_date, Field};

    #[track_caller]
    fn check(field: Field, expected: &str) {
        let mut out = Vec::new();
        csv_line(&mut out, &[field]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), format!("{expected}\n"));
    }

    #[test]
    fn free_text_is_guarded_and_ids_and_numbers_are_as_they_are() {
        check(Field::Text("=3+3".into()), "'=3+3");
        check(Field::Text(" =3+3".into()), "' =3+3");
        check(Field::Text("\u{a0}+1".into()), "'\u{a0}+1");
        check(Field::Text("-7".into()), "'-7");
        check(Field::Text("@SUM(A1)".into()), "'@SUM(A1)");
        check(Field::Text("\t=1".into()), "'\\u{9}=1");
        check(Field::Text("\r=1".into()), "'\\u{d}=1");
        check(Field::Text("8/8".into()), "'8/8");
        check(Field::Text("Ann Lee".into()), "Ann Lee");
        check(Field::Text("Doe, Jane".into()), "\"Doe, Jane\"");
        check(
            Field::Text("a\u{1b}[31m\u{7}\u{202e}".into()),
            "a\\u{1b}[31m\\u{7}\\u{202e}",
        );
        check(Field::Exact("2024-0043".into()), "2024-0043");
        check(Field::Exact("0042".into()), "0042");
        check(Field::Exact("-7".into()), "-7");
        check(Field::Exact("87.5".into()), "87.5");
        check(Field::Exact("s\u{1b}1".into()), "s\\u{1b}1");
    }

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
