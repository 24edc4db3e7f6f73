//! `grade merge FILE...`: results files joined into one gradebook.

use std::io::{self, Write};
use std::path::PathBuf;

use super::to_stdout;
use crate::cli::Exit;
use crate::cli::{MergeRequest, Reports};
use crate::report;

/// `grade merge`: result files joined into one gradebook.
pub fn run(request: &MergeRequest) -> Result<Exit, String> {
    for file in &request.files {
        if !file.is_file() {
            return Err(format!("`{}` is not a results file", file.display()));
        }
    }
    let stdout = (request.reports.csv.is_none()
        && request.reports.json.is_none()
        && request.reports.html.is_none())
    .then_some(request.stdout);
    write_gradebook(&request.files, &request.reports, stdout)?;
    Ok(Exit::Passed)
}

/// Writes the gradebook of `files` to each report file asked for, and in `stdout`'s format to
/// stdout when one is given.
pub fn write_gradebook(
    files: &[PathBuf],
    reports: &Reports,
    stdout: Option<&str>,
) -> Result<(), String> {
    let book = report::gradebook::Gradebook::read(files)?;
    let write = |format: &str, out: &mut dyn Write| -> Result<(), String> {
        match format {
            "csv" => book.write_csv(out).map_err(|e| e.to_string()),
            "json" => book.write_json(out),
            _ => report::write_html(&book, "Gradebook", out),
        }
    };
    for (format, path) in [
        ("csv", &reports.csv),
        ("json", &reports.json),
        ("html", &reports.html),
    ] {
        if let Some(path) = path {
            let file = std::fs::File::create(path)
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            let mut out = io::BufWriter::new(file);
            write(format, &mut out)
                .and_then(|()| out.flush().map_err(|e| e.to_string()))
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        }
    }
    if let Some(format) = stdout {
        to_stdout(|out| write(format, out))?;
    }
    Ok(())
}
