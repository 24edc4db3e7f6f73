//! The gradebook: learners by challenges, from result files. Reports are written as they are
//! read: the index holds each result's counts and where it lies in its file, and a learner's
//! details are read back only while that learner is written, so memory stays small however many
//! learners there are.

use std::collections::BTreeMap;
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
    /// The result file and the record's offset in it.
    source: (usize, u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub id: String,
    pub dashed_name: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub row: usize,
    pub learner: String,
    pub url: String,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn passed(&self) -> usize {
        self.cells.iter().map(|c| c.passed).sum()
    }

    pub fn total(&self) -> usize {
        self.cells.iter().map(|c| c.total).sum()
    }

    pub fn cell(&self, column: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.column == column)
    }
}

/// Every learner and challenge of some result files, in roster and catalog order.
#[derive(Debug, Clone, Default)]
pub struct Gradebook {
    files: Vec<PathBuf>,
    /// Records held in memory (one run's), for a gradebook not read from files.
    memory: Vec<Record>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Gradebook {
    /// Indexes result files (one run's, or the partial files of several machines). A learner
    /// and challenge found twice keeps its last result.
    pub fn read(files: &[PathBuf]) -> Result<Gradebook, String> {
        let mut columns: BTreeMap<usize, Column> = BTreeMap::new();
        let mut rows: BTreeMap<usize, Row> = BTreeMap::new();
        for (index, path) in files.iter().enumerate() {
            results::scan(path, &mut |offset, record| {
                columns.entry(record.column).or_insert_with(|| Column {
                    id: record.challenge.clone(),
                    dashed_name: record.dashed_name.clone(),
                    title: record.title.clone(),
                });
                let row = rows.entry(record.row).or_insert_with(|| Row {
                    row: record.row,
                    learner: record.learner.clone(),
                    url: record.url.clone(),
                    cells: Vec::new(),
                });
                let cell = Cell {
                    column: record.column,
                    unreachable: record.status == "unreachable",
                    passed: record.passed,
                    total: record.total,
                    source: (index, offset),
                };
                match row.cells.iter_mut().find(|c| c.column == record.column) {
                    Some(existing) => *existing = cell,
                    None => row.cells.push(cell),
                }
            })?;
        }
        // Columns are numbered among the challenges graded; fill gaps so every row lines up.
        let columns: Vec<Column> = match columns.keys().next_back() {
            Some(&last) => (0..=last)
                .map(|i| {
                    columns.remove(&i).unwrap_or(Column {
                        id: String::new(),
                        dashed_name: format!("challenge {}", i + 1),
                        title: String::new(),
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        let mut rows: Vec<Row> = rows.into_values().collect();
        for row in &mut rows {
            row.cells.sort_by_key(|c| c.column);
        }
        Ok(Gradebook {
            files: files.to_vec(),
            memory: Vec::new(),
            columns,
            rows,
        })
    }

    /// The gradebook of records held in memory, such as one learner's run.
    pub fn from_records(records: Vec<Record>) -> Gradebook {
        let mut rows: BTreeMap<usize, Row> = BTreeMap::new();
        let mut columns: BTreeMap<usize, Column> = BTreeMap::new();
        for (index, record) in records.iter().enumerate() {
            columns.entry(record.column).or_insert_with(|| Column {
                id: record.challenge.clone(),
                dashed_name: record.dashed_name.clone(),
                title: record.title.clone(),
            });
            rows.entry(record.row)
                .or_insert_with(|| Row {
                    row: record.row,
                    learner: record.learner.clone(),
                    url: record.url.clone(),
                    cells: Vec::new(),
                })
                .cells
                .push(Cell {
                    column: record.column,
                    unreachable: record.status == "unreachable",
                    passed: record.passed,
                    total: record.total,
                    source: (IN_MEMORY, index as u64),
                });
        }
        Gradebook {
            files: Vec::new(),
            memory: records,
            columns: columns.into_values().collect(),
            rows: rows.into_values().collect(),
        }
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

    /// One row per learner: name, URL, `passed/total` per challenge (or `unreachable`), then
    /// the learner's totals.
    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut header = vec!["learner".to_string(), "url".to_string()];
        header.extend(self.columns.iter().map(|c| {
            if c.dashed_name.is_empty() {
                c.id.clone()
            } else {
                c.dashed_name.clone()
            }
        }));
        header.extend(["passed".to_string(), "total".to_string()]);
        csv_line(out, &header)?;
        for row in &self.rows {
            let mut fields = vec![row.learner.clone(), row.url.clone()];
            for column in 0..self.columns.len() {
                fields.push(match row.cell(column) {
                    Some(cell) if cell.unreachable => "unreachable".to_string(),
                    Some(cell) => format!("{}/{}", cell.passed, cell.total),
                    None => String::new(),
                });
            }
            fields.push(row.passed().to_string());
            fields.push(row.total().to_string());
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
                    "status": record.status,
                    "passed": record.passed,
                    "total": record.total,
                    "reason": record.reason,
                    "hints": record.hints,
                }));
            }
            let learner = json!({
                "row": row.row,
                "learner": row.learner,
                "url": row.url,
                "passed": row.passed(),
                "total": row.total(),
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

/// The file index of records held in memory.
const IN_MEMORY: usize = usize::MAX;

/// One CSV line: fields with a comma, a quote or a line break are quoted, quotes doubled; a
/// field that a spreadsheet would read as a formula is prefixed with a quote mark.
fn csv_line(out: &mut dyn Write, fields: &[String]) -> std::io::Result<()> {
    let line: Vec<String> = fields
        .iter()
        .map(|field| {
            let field = if field.starts_with(['=', '+', '-', '@']) {
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
