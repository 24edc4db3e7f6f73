//! The real freeCodeCamp corpus in ../shared/corpus (or `GRADER_CORPUS`): every file parses
//! cleanly, and broken copies of a real file each give one diagnostic at the right place.

use std::path::{Path, PathBuf};

use grader::catalog::Catalog;
use grader::parse::parse;

use super::support::diagnostic_lines;

pub(super) fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("GRADER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| super::support::root().join("../shared/corpus"));
    if dir.is_dir() {
        Some(dir)
    } else {
        // CI sets GRADER_CORPUS; a checkout without the corpus skips these tests.
        assert!(
            std::env::var_os("CI").is_none(),
            "the corpus is missing at {}",
            dir.display()
        );
        eprintln!("skipped: no corpus at {}", dir.display());
        None
    }
}

#[test]
fn every_corpus_file_parses_with_no_diagnostic() {
    let Some(dir) = corpus() else { return };
    let catalog = Catalog::load(&[dir.join("freecodecamp")]);
    assert!(catalog.diagnostics.is_empty(), "{:?}", catalog.diagnostics);
    let mut files = 0;
    let mut hints = 0;
    for entry in &catalog.entries {
        for version in &entry.versions {
            files += 1;
            hints += version.parsed.challenge.hints.len();
            assert!(
                version.parsed.diagnostics.is_empty(),
                "{}: {:?}",
                version.parsed.challenge.path.display(),
                version.parsed.diagnostics
            );
            assert!(!version.parsed.challenge.id().is_empty());
        }
    }
    assert_eq!(files, 690);
    assert_eq!(
        catalog.entries.len(),
        115,
        "challenges are grouped by id across languages"
    );
    assert!(hints > 2000, "only {hints} hints");
}

#[track_caller]
fn check_broken(original: &str, from: &str, to: &str, expected: &str) {
    assert!(
        original.contains(from),
        "the corpus file no longer contains {from:?}"
    );
    let broken = original.replacen(from, to, 1);
    let got = diagnostic_lines(&parse(Path::new("copy.md"), &broken));
    assert_eq!(got, [expected]);
}

#[test]
fn broken_copies_of_a_corpus_file_give_one_clear_diagnostic_each() {
    let Some(dir) = corpus() else { return };
    let path =
        dir.join("freecodecamp/english/advanced-node-and-express/58965611f9fc0f352b528e6c.md");
    let original = std::fs::read_to_string(&path).expect("the logout challenge is in the corpus");
    let line_of = |needle: &str| {
        original[..original.find(needle).unwrap()]
            .matches('\n')
            .count()
            + 1
    };

    check_broken(
        &original,
        "dashedName: logging-a-user-out\n---\n",
        "dashedName: logging-a-user-out\n",
        "1:1: the front matter opened on line 1 is never closed",
    );
    check_broken(
        &original,
        "challengeType: 2\n",
        "challengeType: [2\n",
        &format!(
            "{}:16: invalid YAML in front matter: did not find expected ',' or ']', while parsing a flow sequence",
            line_of("challengeType")
        ),
    );
    let second_code = original.rfind("```js").unwrap();
    let end = original[second_code..]
        .find("```\n\n")
        .map(|i| second_code + i + 4);
    let without_code = format!(
        "{}{}",
        &original[..second_code],
        end.map_or("", |e| &original[e..])
    );
    let got = diagnostic_lines(&parse(Path::new("copy.md"), &without_code));
    assert_eq!(
        got,
        [format!(
            "{}:1: hint 2 has text but no code block",
            line_of("`/logout` should redirect")
        )]
    );
    check_broken(
        &original,
        "`/logout` should redirect to the home page.\n\n",
        "",
        &format!(
            "{}:1: hint 2 has a code block but no text",
            line_of("`/logout` should redirect")
        ),
    );
    check_broken(
        &original,
        "# --hints--",
        "# --hintz--",
        &format!(
            "{}:1: the marker `--hintz--` is not known to this version of grade",
            line_of("# --hints--")
        ),
    );
}

/// Every hint of the corpus, in every language, against a server that answers anything: none
/// may end `errored` or `timed_out` for want of a runtime API. Hints refused by the host policy
/// (a few fetch files from another site) are the policy working, not a missing API.
#[test]
fn every_corpus_hint_in_every_language_runs_without_a_missing_runtime_api() {
    let Some(dir) = corpus() else { return };
    let server = super::support::Server::start(|_| {
        super::support::Reply::ok(r#"{"ok":true}"#).header("Content-Type", "application/json")
    });
    let root = dir.join("freecodecamp");
    let mut problems = Vec::new();
    let mut hints = 0;
    for language in [
        "english",
        "german",
        "portuguese",
        "espanol",
        "chinese",
        "japanese",
    ] {
        let run = super::support::grade(&[
            "--challenges",
            root.to_str().unwrap(),
            "--lang",
            language,
            "--url",
            &server.url,
            "--timeout",
            "10",
            "--no-cors-check",
            "--format",
            "json",
        ]);
        let report = run.json();
        for challenge in report["challenges"].as_array().unwrap() {
            assert_eq!(
                challenge["language"],
                grader::catalog::Language::find(language).unwrap().code
            );
            for hint in challenge["hints"].as_array().unwrap() {
                hints += 1;
                let status = hint["status"].as_str().unwrap();
                let message = hint["message"].as_str().unwrap_or("");
                if matches!(status, "errored" | "timed_out")
                    && !message.contains("refused a request to")
                {
                    problems.push(format!(
                        "{}: hint {}: {status}: {message}",
                        challenge["file"], hint["index"]
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} hints could not run:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(hints > 2000, "only {hints} hints ran");
}
