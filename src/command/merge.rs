//! `grade merge FILE...`: results files joined into one gradebook, on the learner's key and the
//! challenge's id. It checks what it joins: a slice missing from a partitioned set is named
//! (exit 1), results replaced by newer ones are said (an error with `--strict`), and files from
//! different versions of `grade` or different profiles are said. Results of two classes that
//! share keys held by different people are never joined (exit 2) unless `--same-class` says
//! they are one.

use std::io::{self, Write};

use crate::catalog::Language;
use crate::cli::Exit;
use crate::cli::MergeRequest;
use crate::error::Error;
use crate::report::gradebook::{Gradebook, Reading, Replaced, Why};
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
    let book = Gradebook::read_with(
        &request.files,
        Reading {
            only: None,
            same_class: request.same_class,
        },
    )?;
    if !book.strangers.is_empty() {
        for strangers in &book.strangers {
            report::say(&format!(
                "{}: {}",
                report::error_label(),
                two_classes(strangers)
            ));
        }
        report::say(&format!(
            "{}: merge each class's results apart, or pass --same-class if they are one class",
            report::help_label()
        ));
        return Ok(Exit::InputError);
    }
    tell_who_changed(&book);
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
            "note: the results were graded from {} rosters of one class (a roster that changed since); the gradebook has every learner any of them named",
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
        "{} on `{}`: {what}",
        who(&replaced.learner, &replaced.name),
        report::visible_line(&replaced.challenge_name),
    )
}

/// A learner for a person: `key` (name), or the key alone when it is the name.
pub fn who(key: &str, name: &str) -> String {
    if name.is_empty() || name == key {
        format!("`{}`", report::visible_line(key))
    } else {
        format!(
            "`{}` ({})",
            report::visible_line(key),
            report::visible_line(name)
        )
    }
}

/// Two classes that share keys held by different people, for a person.
pub fn two_classes(strangers: &crate::report::gradebook::Strangers) -> String {
    let shown: Vec<String> = strangers
        .keys
        .iter()
        .take(10)
        .map(|(key, a, b)| {
            format!(
                "`{}` is `{}` in one and `{}` in the other",
                report::visible_line(key),
                report::visible_line(a),
                report::visible_line(b)
            )
        })
        .collect();
    let more = strangers.keys.len().saturating_sub(10);
    let more = if more > 0 {
        format!(", and {more} more")
    } else {
        String::new()
    };
    format!(
        "`{}` and `{}` hold results of two classes that share {}: {}{more}",
        strangers.files.0.display(),
        strangers.files.1.display(),
        report::english_count(strangers.keys.len(), "key", "keys"),
        shown.join("; ")
    )
}

/// Says which learners' names changed within their class, which old keys (names, from before
/// the roster had ids) were found under an id, and when keys or names were normalized.
pub fn tell_who_changed(book: &Gradebook) {
    for (key, former, now) in &book.renamed {
        let former: Vec<String> = former
            .iter()
            .map(|f| format!("`{}`", report::visible_line(f)))
            .collect();
        report::say(&format!(
            "renamed: `{}` was {} and is `{}` now (the newest result's name is shown)",
            report::visible_line(key),
            former.join(", "),
            report::visible_line(now)
        ));
    }
    if !book.aliased.is_empty() {
        let shown: Vec<String> = book
            .aliased
            .iter()
            .take(10)
            .map(|(name, id)| {
                format!(
                    "`{}` → `{}`",
                    report::visible_line(name),
                    report::visible_line(id)
                )
            })
            .collect();
        report::say(&format!(
            "note: {} graded before the roster had ids are joined to their id by name: {}",
            report::english_count(book.aliased.len(), "learner", "learners"),
            shown.join(", ")
        ));
    }
    if book.normalized > 0 {
        report::say(&format!(
            "note: {} hold names or keys in decomposed Unicode (as macOS saves them); they are compared in NFC, so `Zoë` is one learner however it was typed",
            report::english_count(book.normalized, "result", "results")
        ));
    }
}

/// Writes `book` to each report file asked for, and in `stdout`'s format to stdout when one
/// is given.
pub fn write_book(
    book: &Gradebook,
    reports: &Reports,
    stdout: Option<GradebookFormat>,
    language: &'static Language,
) -> Result<(), String> {
    // Checked before any file is written, so a roster Moodle cannot match costs nothing.
    if reports.path(ReportFile::Moodle).is_some() && book.moodle_identifier().is_none() {
        if let Err(why) = book.write_moodle(&mut io::sink()) {
            return Err(format!("--report-moodle: {why}"));
        }
    }
    let write = |kind: ReportFile, out: &mut dyn Write| -> Result<(), String> {
        match kind {
            ReportFile::Csv => book.write_csv(out).map_err(|e| e.to_string()),
            ReportFile::Json => book.write_json(out),
            ReportFile::Canvas => {
                let unmatched = book.write_canvas(out).map_err(|e| e.to_string())?;
                if !unmatched.is_empty() {
                    report::say(&format!(
                        "{}: Canvas matches learners on ID, SIS User ID or SIS Login ID, and the roster gives none for {}",
                        report::warning_label(),
                        report::english_count(unmatched.len(), "learner", "learners")
                    ));
                }
                Ok(())
            }
            ReportFile::Moodle => book.write_moodle(out),
            ReportFile::Html | ReportFile::Junit | ReportFile::Accept => {
                report::write_html(book, None, language, out)
            }
        }
    };
    for kind in [
        ReportFile::Csv,
        ReportFile::Json,
        ReportFile::Html,
        ReportFile::Canvas,
        ReportFile::Moodle,
    ] {
        reports.write(kind, |out| {
            // A CSV file starts with a byte-order mark, which tells Excel it is UTF-8 (without
            // it `Zoë` opens as `ZoÃ«`); on standard output, read by programs, it does not.
            let mark = if kind == ReportFile::Csv {
                "\u{feff}"
            } else {
                ""
            };
            out.write_all(mark.as_bytes())
                .map_err(|e| e.to_string())
                .and_then(|()| write(kind, out))
        })?;
    }
    if let Some(format) = stdout {
        let kind = match format {
            GradebookFormat::Csv => ReportFile::Csv,
            GradebookFormat::Json => ReportFile::Json,
            GradebookFormat::Html => ReportFile::Html,
        };
        report::to_stdout(|out| write(kind, out))?;
    }
    Ok(())
}
