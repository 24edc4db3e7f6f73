//! Renders `grade validate` results: grouped by file for people, one JSON document, or GitHub
//! annotations.

use std::io::Write;

use colored::Colorize;
use serde_json::json;

use super::github::{escape_data, escape_property};
use super::human::write_diagnostic;
use crate::diagnostic::{Diagnostic, Severity};
use crate::validate::Report;

/// The output formats of `grade validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationFormat {
    Human,
    Json,
    Github,
}

/// Writes the report in `format` to `out`, and a one-line summary to `summary`.
pub fn render_validation(
    out: &mut dyn Write,
    summary: &mut dyn Write,
    report: &Report,
    format: ValidationFormat,
) {
    match format {
        ValidationFormat::Human => human(out, report),
        ValidationFormat::Json => {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&document(report)).unwrap_or_default()
            );
        }
        ValidationFormat::Github => {
            for d in &report.diagnostics {
                let _ = writeln!(out, "{}", annotation(d));
            }
        }
    }
    let line = format!(
        "{} files checked: {} errors, {} warnings",
        report.files,
        report.errors(),
        report.warnings()
    );
    let line = if report.errors() > 0 {
        line.red().bold()
    } else if report.warnings() > 0 {
        line.yellow().bold()
    } else {
        line.green().bold()
    };
    let _ = writeln!(summary, "{line}");
}

fn human(out: &mut dyn Write, report: &Report) {
    let mut current = None;
    for d in &report.diagnostics {
        if current != Some(&d.path) {
            if current.is_some() {
                let _ = writeln!(out);
            }
            current = Some(&d.path);
            let _ = writeln!(out, "{}", d.path.display().to_string().bold().underline());
        }
        write_diagnostic(out, d, "  ");
    }
    if current.is_some() {
        let _ = writeln!(out);
    }
}

fn document(report: &Report) -> serde_json::Value {
    let diagnostics: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "file": d.path.display().to_string(),
                "line": d.position.line,
                "col": d.position.col,
                "message": d.message,
                "detail": d.detail,
                "help": d.help,
            })
        })
        .collect();
    json!({
        "version": super::json::SCHEMA_VERSION,
        "files": report.files,
        "errors": report.errors(),
        "warnings": report.warnings(),
        "diagnostics": diagnostics,
    })
}

/// A GitHub Actions workflow command; its data and properties are escaped as the runner expects.
fn annotation(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = d.message.clone();
    for extra in [&d.detail, &d.help].into_iter().flatten() {
        message.push('\n');
        message.push_str(extra);
    }
    format!(
        "::{kind} file={},line={},col={},title={}::{}",
        escape_property(&d.path.display().to_string()),
        d.position.line,
        d.position.col,
        escape_property("grade validate"),
        escape_data(&message)
    )
}
