//! `grade merge FILE...`: results files joined into one gradebook, on the learner's key and the
//! challenge's id. It checks what it joins: a slice missing from a partitioned set is named
//! (exit 1), results replaced by newer ones are said (an error with `--strict`), and files from
//! different versions of `grade` or different profiles are said.

use std::io::Write;
use std::path::PathBuf;

use crate::catalog::Language;
use crate::cli::Exit;
use crate::cli::MergeRequest;
use crate::error::Error;
use crate::report::gradebook::{Gradebook, Only, Replaced, Why};
use crate::report::{self, GradebookFormat, ReportFile, Reports};

/// `grade merge`: result files joined into one gradebook.
pub fn run(request: &MergeRequest) -> Result<Exit, Error> {
    for file in &request.files {
        if !file.exists() {
            return Err(format!("`{}` does not exist", file.display()).into());
        }
        if !file.is_file() {
            return Err(format!("`{}` is not a results file", file.display()).into());
        }
    }
    request.reports.check_writable()?;
    let book = Gradebook::read(&request.files, None)?;
    let missing = book.missing_slices();
    if !missing.is_empty() {
        for (k, n) in &missing {
            report::say(&format!(
                "{}: slice {k}/{n} is missing: its learners would be left out of the gradebook",
                report::error_label()
            ));
        }
        report::say(&format!(
            "{}: merge the results of every slice (grade batch --partition K/{} for each K)",
            report::help_label(),
            missing[0].1
        ));
        return Ok(Exit::Failed);
    }
    for replaced in &book.replaced {
        let label = if request.strict {
            report::error_label()
        } else {
            "replaced".to_string()
        };
        report::say(&format!("{label}: {}", what_replaced(replaced)));
    }
    if request.strict && !book.replaced.is_empty() {
        return Ok(Exit::Failed);
    }
    for (what, found) in [
        ("versions of grade", &book.versions),
        ("profiles", &book.profiles),
    ] {
        if found.len() > 1 {
            let found: Vec<&str> = found.iter().map(String::as_str).collect();
            report::say(&format!(
                "note: the results were graded with different {what}: {}",
                found.join(", ")
            ));
        }
    }
    if book.rosters.len() > 1 {
        report::say(&format!(
            "note: the results were graded from {} rosters (a roster that changed, or slices of different classes); the gradebook has every learner any of them named",
            book.rosters.len()
        ));
    }
    let stdout = (!request.reports.any()).then_some(request.stdout);
    write_book(&book, &request.reports, stdout, request.language)?;
    Ok(Exit::Passed)
}

fn or_unknown(time: &str) -> &str {
    if time.is_empty() {
        "an unknown time"
    } else {
        time
    }
}

/// Which result was kept over which, and why, for a person.
pub fn what_replaced(replaced: &Replaced) -> String {
    let (at, file, kept) = (
        or_unknown(&replaced.graded_at),
        replaced.file.display(),
        or_unknown(&replaced.kept_at),
    );
    let what = match replaced.why {
        Why::Newer => format!(
            "the result graded at {at} (in `{file}`) is replaced by the newer one graded at {kept}"
        ),
        Why::Better => format!(
            "two results graded at {at} disagree; the one that passed more hints is kept (the other is in `{file}`)"
        ),
        Why::AppDidNotAnswer => format!(
            "the app did not answer when graded at {at} (in `{file}`); the grade from {kept} is kept"
        ),
    };
    format!(
        "`{}` on `{}`: {what}",
        report::visible_line(&replaced.learner),
        report::visible_line(&replaced.challenge),
    )
}

/// Writes the gradebook of `files` (of `only`'s learners and challenges, when given) to each
/// report file asked for, and in `stdout`'s format to stdout when one is given; returns what
/// it kept over what.
pub fn write_gradebook(
    files: &[PathBuf],
    reports: &Reports,
    stdout: Option<GradebookFormat>,
    only: Option<&Only>,
    language: &'static Language,
) -> Result<Vec<Replaced>, String> {
    let book = Gradebook::read(files, only)?;
    write_book(&book, reports, stdout, language)?;
    Ok(book.replaced)
}

fn write_book(
    book: &Gradebook,
    reports: &Reports,
    stdout: Option<GradebookFormat>,
    language: &'static Language,
) -> Result<(), String> {
    let write = |format: GradebookFormat, out: &mut dyn Write| -> Result<(), String> {
        match format {
            GradebookFormat::Csv => book.write_csv(out).map_err(|e| e.to_string()),
            GradebookFormat::Json => book.write_json(out),
            GradebookFormat::Html => report::write_html(book, None, language, out),
        }
    };
    for (format, kind) in [
        (GradebookFormat::Csv, ReportFile::Csv),
        (GradebookFormat::Json, ReportFile::Json),
        (GradebookFormat::Html, ReportFile::Html),
    ] {
        reports.write(kind, |out| {
            // A CSV file starts with a byte-order mark, which tells Excel it is UTF-8 (without
            // it `Zoë` opens as `ZoÃ«`); on standard output, read by programs, it does not.
            let mark = if format == GradebookFormat::Csv {
                "\u{feff}"
            } else {
                ""
            };
            out.write_all(mark.as_bytes())
                .map_err(|e| e.to_string())
                .and_then(|()| write(format, out))
        })?;
    }
    if let Some(format) = stdout {
        report::to_stdout(|out| write(format, out))?;
    }
    Ok(())
}
