//! What every command does with its outputs and its errors, the same way in each: report files
//! claimed once (by the file they are, not as typed), a stdout whose reader went away, the
//! report files `--watch` writes, and the exit code of an error that is not the user's.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{
    assert_contains, grade_command, interrupt_and_wait, temp_dir, Reply, Run, Server, TempChallenge,
};

/// `grade` with `args`, run in `dir`.
fn grade_in(dir: &Path, args: &[&str]) -> Run {
    let output = grade_command(args)
        .current_dir(dir)
        .output()
        .expect("the grade binary starts");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: Duration::ZERO,
    }
}

#[track_caller]
fn refused(dir: &Path, args: &[&str], message: &str) {
    let run = grade_in(dir, args);
    assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    assert_contains(&run.stderr, message);
}

#[test]
fn two_flags_naming_one_file_are_refused_by_every_command() {
    let dir = temp_dir("one-file");
    let absolute = dir.join("same.out");
    let absolute = absolute.to_str().unwrap();
    // The same file by a relative and an absolute path, in each command that writes reports.
    refused(
        &dir,
        &[
            "--url",
            "http://127.0.0.1:9",
            "--report-junit",
            "same.out",
            "--report-json",
            absolute,
        ],
        "--report-junit and --report-json both write",
    );
    refused(
        &dir,
        &[
            "merge",
            "a.ndjson",
            "--report-csv",
            "same.out",
            "--report-json",
            absolute,
        ],
        "--report-csv and --report-json both write",
    );
    refused(
        &dir,
        &[
            "batch",
            "roster.csv",
            "--report-csv",
            "./same.out",
            "--report-html",
            "same.out",
        ],
        "--report-csv and --report-html both write",
    );
    refused(
        &dir,
        &[
            "lab",
            "lab.toml",
            "--report-html",
            "same.out",
            "--report-json",
            absolute,
        ],
        "--report-html and --report-json both write",
    );
    // Nothing was written, not even to check that the file can be.
    assert!(!dir.join("same.out").exists());

    // A report never overwrites the results a command reads or appends to.
    let results = dir.join("results.ndjson");
    std::fs::write(&results, "kept\n").unwrap();
    refused(
        &dir,
        &[
            "merge",
            "results.ndjson",
            "--report-csv",
            results.to_str().unwrap(),
        ],
        "--report-csv would overwrite `",
    );
    refused(
        &dir,
        &[
            "batch",
            "roster.csv",
            "--results",
            "results.ndjson",
            "--report-json",
            "./results.ndjson",
        ],
        "--report-json would overwrite `./results.ndjson`, the results file (--results)",
    );
    assert_eq!(std::fs::read_to_string(&results).unwrap(), "kept\n");
}

#[test]
fn merge_checks_its_report_files_before_it_reads_anything() {
    let dir = temp_dir("merge-unwritable");
    std::fs::write(dir.join("results.ndjson"), "").unwrap();
    let run = grade_in(
        &dir,
        &[
            "merge",
            "results.ndjson",
            "--report-csv",
            "/no/such/folder/book.csv",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "cannot write the report `/no/such/folder/book.csv`",
    );
}

/// Each command's stdout, its reader gone before it writes a byte: the output ends there, and
/// the command ends as it would have, without a message about stdout.
#[test]
fn a_reader_that_went_away_ends_the_output_quietly_in_every_command() {
    let challenge = TempChallenge::new("closed-stdout", &[("Passes.", "assert(true)")]);
    let server = Server::start(|_| Reply::ok("ok"));
    let cases: [&[&str]; 6] = [
        &["validate", "--list", "rules"],
        &["validate", "--format", "json", challenge.path()],
        &["list"],
        &["show", "log-a-user-out"],
        &["man"],
        &["--url", &server.url, "--format", "json", challenge.path()],
    ];
    for args in cases {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = grade_command(args)
            .stdout(writer)
            .output()
            .expect("the grade binary starts");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("could not write"), "{args:?}: {stderr}");
    }
}

/// `--watch` takes none of the reports it writes in the watched folder for the learner's change:
/// the next round names only the file the learner changed.
#[test]
fn watch_ignores_every_report_file_it_writes() {
    let server = Server::start(|_| Reply::ok("ok"));
    let challenge = TempChallenge::new("watched-reports", &[("Passes.", "assert(true)")]);
    let dir = temp_dir("watched-reports");
    std::fs::write(dir.join("app.js"), "// the learner's app\n").unwrap();
    let mut child = grade_command(&[
        "--watch",
        "--watch-dir",
        dir.to_str().unwrap(),
        "--url",
        &server.url,
        "--report-html",
        "r.html",
        "--report-json",
        "r.json",
        "--report-junit",
        "r.xml",
        challenge.path(),
    ])
    .current_dir(&dir)
    .stdout(Stdio::null())
    .spawn()
    .expect("the grade binary starts");
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut text = sink.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    let wait_for = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !text.lock().unwrap().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "waited for {needle:?} in:\n{}",
                text.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("watching ");
    for report in ["r.html", "r.json", "r.xml"] {
        assert!(dir.join(report).is_file(), "{report} was written");
    }
    std::fs::write(dir.join("app.js"), "// changed\n").unwrap();
    wait_for("── round 2 ──");
    wait_for("1 hint: 1 passed");
    let (stopped, _) = interrupt_and_wait(&mut child);
    assert_eq!(stopped.and_then(|s| s.code()), Some(130));
    let text = text.lock().unwrap().clone();
    assert_contains(&text, "── round 2 ── 1 file changed: app.js\n");
    assert!(!text.contains("round 3"), "{text}");
}

/// A hint worker that cannot start is `grade`'s failure, not the user's: exit 4, not 2. The
/// program is removed from under it by the app's start command, so no worker can be started.
#[test]
fn a_worker_that_cannot_start_exits_with_the_internal_error_code() {
    let dir = temp_dir("no-worker");
    let program = dir.join("grade");
    std::fs::copy(env!("CARGO_BIN_EXE_grade"), &program).unwrap();
    let challenge = TempChallenge::new("no-worker", &[("Passes.", "assert(true)")]);
    let start = format!(
        "rm -f '{}' && exec python3 -m http.server \"$PORT\" --bind 127.0.0.1",
        program.display()
    );
    let output = Command::new(&program)
        .args(["--start", &start, challenge.path()])
        .current_dir(&dir)
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the copy of grade starts");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert_contains(&stderr, "error: could not start a hint worker");
}

/// Every exit code `grade` has is documented where a user or a maintainer looks: `--help`, the
/// README's table and ARCHITECTURE.md's invariants.
#[test]
fn every_exit_code_is_documented_in_help_readme_and_architecture() {
    let help = crate::support::grade(&["--help"]);
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let architecture =
        std::fs::read_to_string(crate::support::root().join("ARCHITECTURE.md")).unwrap();
    let codes = [
        grader::Exit::Passed,
        grader::Exit::Failed,
        grader::Exit::InputError,
        grader::Exit::AppUnavailable,
        grader::Exit::Internal,
        grader::Exit::Interrupted,
    ];
    for exit in codes {
        let code = exit as u8;
        assert_contains(&help.stdout, &format!("\n  {code}  "));
        assert_contains(&readme, &format!("\n| {code} | "));
        let named = [
            format!("{code} ("),
            format!(" {code},"),
            format!(" {code})"),
        ];
        assert!(
            named.iter().any(|n| architecture.contains(n.as_str())),
            "ARCHITECTURE.md does not name exit code {code}"
        );
    }
}
