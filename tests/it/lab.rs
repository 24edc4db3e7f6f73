//! `grade lab`: each finding shown by a challenge written for it against `fixtures/lab-check`, a
//! small Express app whose routes misbehave on purpose; the manifest's allowances and errors; an
//! app that does not start; the HTML matrix in Chromium; and the reference apps of the five
//! backend projects against the shared corpus in every language.

use std::path::{Path, PathBuf};

use super::support::{assert_contains, grade, install_node_modules, root, temp_dir, Run};

const ANSWER: &str = "const res = await fetch(code + '/api/answer');\nconst body = await res.json();\nassert.strictEqual(body.answer, 42);";

/// A curriculum with one challenge, `check`, in English and optionally German, and a manifest
/// that ties it to `fixtures/lab-check`; `extra` is added to the app's table.
struct Lab {
    dir: super::support::TempDir,
    manifest: PathBuf,
}

impl Lab {
    fn new(name: &str, english: &[&str], german: Option<&[&str]>, extra: &str) -> Lab {
        let app = root().join("fixtures/lab-check");
        install_node_modules(&app);
        let dir = temp_dir(name);
        for (folder, hints) in [("english", Some(english)), ("german", german)] {
            let Some(hints) = hints else { continue };
            let block = dir.join(folder).join("lab-check");
            std::fs::create_dir_all(&block).unwrap();
            let mut text = "---\nid: 5a1b2c3d4e5f60718293a4b5\ntitle: Check\nchallengeType: 2\ndashedName: check\n---\n\n# --description--\n\nA challenge for the lab.\n\n# --hints--\n\n".to_string();
            for (i, code) in hints.iter().enumerate() {
                text.push_str(&format!("Hint number {}.\n\n```js\n{code}\n```\n\n", i + 1));
            }
            std::fs::write(block.join("check.md"), text).unwrap();
        }
        let manifest = dir.join("lab.toml");
        let body = format!(
            "challenges = \".\"\n\n[[app]]\nname = \"check\"\nstart = \"node server.js\"\ndir = \"{}\"\nchallenges = [\"check\"]\n{extra}",
            app.display()
        );
        std::fs::write(&manifest, body).unwrap();
        Lab { dir, manifest }
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["lab", self.manifest.to_str().unwrap(), "--format", "json"];
        all.extend_from_slice(args);
        grade(&all)
    }

    fn file(&self, folder: &str) -> PathBuf {
        self.dir.join(folder).join("lab-check/check.md")
    }
}

/// The findings of a lab's JSON document, as (rule, severity, file, line, message).
fn findings(report: &serde_json::Value) -> Vec<(String, String, String, u64, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn rules(report: &serde_json::Value) -> Vec<String> {
    findings(report).into_iter().map(|f| f.0).collect()
}

/// The line of `needle` in `file`, from 1.
fn line_of(file: &Path, needle: &str) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .expect("the line is there") as u64
        + 1
}

#[test]
fn a_hint_broken_on_purpose_fails_on_the_reference_app() {
    let broken = "const res = await fetch(code + '/api/answer');\nconst body = await res.json();\nassert.strictEqual(body.answer, 43, 'the answer should be 43');";
    let lab = Lab::new("broken", &[ANSWER, broken], None, "");
    let run = lab.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let found = findings(&report);
    assert_eq!(rules(&report), ["fails-on-reference"], "{found:?}");
    let (_, severity, file, line, message) = &found[0];
    assert_eq!(severity, "error");
    assert_eq!(Path::new(file), lab.file("english"));
    assert_eq!(*line, line_of(&lab.file("english"), "Hint number 2."));
    assert_contains(
        message,
        "hint 2 of `check` fails on the reference app `check`",
    );
    // The failure itself is shown.
    let detail = report["diagnostics"][0]["detail"].as_str().unwrap();
    assert_contains(detail, "the answer should be 43");
    assert_contains(detail, "expected: 43");
    // The hint that is right passed in both rounds.
    let hints = &report["apps"][0]["challenges"][0]["hints"];
    let verdicts: Vec<&str> = hints[0]["languages"]["en"]["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["passed", "passed"]);
}

#[test]
fn a_translation_changed_on_purpose_differs_from_english() {
    let english = "const res = await fetch(code + '/api/greeting');\nconst body = await res.json();\nassert.equal(body.greeting, 'hello');";
    let german = "const res = await fetch(code + '/api/greeting');\nconst body = await res.json();\nassert.equal(body.greeting, 'hallo');";
    let lab = Lab::new("drift", &[ANSWER, english], Some(&[ANSWER, german]), "");
    let run = lab.run(&["--lang", "de"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let found = findings(&report);
    assert_eq!(rules(&report), ["translation-differs"], "{found:?}");
    let (_, _, file, line, message) = &found[0];
    // At the first line that differs, in the German file.
    assert_eq!(Path::new(file), lab.file("german"));
    assert_eq!(*line, line_of(&lab.file("german"), "'hallo'"));
    assert_contains(
        message,
        "hint 2 of `check` fails in German but passes in English on the reference app `check`",
    );
    let detail = report["diagnostics"][0]["detail"].as_str().unwrap();
    assert_contains(detail, "- ");
    assert_contains(detail, "assert.equal(body.greeting, 'hello');");
    assert_contains(detail, "+ ");
    assert_contains(detail, "assert.equal(body.greeting, 'hallo');");
    assert_contains(detail, "why it fails in German");
    // The hint that is the same in both languages is no finding.
    assert_eq!(report["languages"], serde_json::json!(["en", "de"]));
}

#[test]
fn a_hint_that_flips_between_rounds_is_flaky() {
    let coin = "const res = await fetch(code + '/api/coin');\nassert.equal((await res.json()).side, 'heads');";
    let lab = Lab::new("flaky", &[ANSWER, coin], None, "");
    let run = lab.run(&["--rounds", "2"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let found = findings(&report);
    assert_eq!(rules(&report), ["flaky"], "{found:?}");
    assert_contains(
        &found[0].4,
        "hint 2 of `check` passed in 1 of 2 rounds on the reference app `check` (English)",
    );
    // One round cannot show it.
    let once = lab.run(&["--rounds", "1"]);
    assert_eq!(once.code, 0, "{}", once.stderr);
    assert!(rules(&once.json()).is_empty());
}

#[test]
fn a_hint_on_a_slow_route_is_slow() {
    let slow =
        "const res = await fetch(code + '/api/slow');\nassert.isTrue((await res.json()).done);";
    let lab = Lab::new("slow", &[ANSWER, slow], None, "");
    let run = lab.run(&["--rounds", "1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let found = findings(&report);
    assert_eq!(rules(&report), ["slow"], "{found:?}");
    assert_contains(&found[0].4, "hint 2 of `check` took 5.");
    assert_contains(&found[0].4, "freeCodeCamp's runner stops a hint after 5 s");
}

#[test]
fn a_hint_that_passes_against_the_empty_app_is_vacuous() {
    let vacuous =
        "const res = await fetch(code + '/api/no-such-route');\nassert.isAtLeast(res.status, 400);";
    let lab = Lab::new("vacuous", &[ANSWER, vacuous], None, "");
    let run = lab.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let found = findings(&report);
    assert_eq!(rules(&report), ["vacuous"], "{found:?}");
    assert_eq!(found[0].3, line_of(&lab.file("english"), "Hint number 2."));
    assert_contains(
        &found[0].4,
        "passes against an app that answers 404 to everything",
    );
    // The hint that checks the app failed against the empty app.
    let hints = &report["apps"][0]["challenges"][0]["hints"];
    assert_eq!(
        hints[0]["languages"]["en"]["empty_app"]["verdict"],
        "failed"
    );
    assert_eq!(
        hints[1]["languages"]["en"]["empty_app"]["verdict"],
        "passed"
    );
}

const MUTANTS: &str = "
  [[app.mutant]]
  name = \"wrong-answer\"
  env = { MUTANT_WRONG_ANSWER = \"1\" }

  [[app.mutant]]
  name = \"answer-as-text\"
  env = { MUTANT_STRING_ANSWER = \"1\" }
";

#[test]
fn a_mutant_no_hint_catches_survives_and_one_a_hint_catches_does_not() {
    // assert.equal compares loosely: "42" passes for 42.
    let loose = "const res = await fetch(code + '/api/answer');\nassert.equal((await res.json()).answer, 42);";
    let lab = Lab::new("mutants", &[loose], None, MUTANTS);
    let run = lab.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let found = findings(&report);
    assert_eq!(rules(&report), ["mutant-survives"], "{found:?}");
    let (_, _, file, line, message) = &found[0];
    assert_eq!(Path::new(file), lab.manifest);
    assert_eq!(*line, line_of(&lab.manifest, "[[app.mutant]]") + 4);
    assert_contains(
        message,
        "mutant `answer-as-text` of app `check` survives: no hint of `check` fails against it",
    );
    let mutants = &report["apps"][0]["mutants"];
    assert_eq!(mutants[0]["survived"], false);
    assert_eq!(
        mutants[0]["caught_by"],
        serde_json::json!([{ "challenge": "5a1b2c3d4e5f60718293a4b5", "hint": 1 }])
    );
    assert_eq!(mutants[1]["survived"], true);
    assert_eq!(
        report["apps"][0]["challenges"][0]["mutant_score"],
        serde_json::json!({ "caught": 1, "total": 2 })
    );
    // A strict hint catches both.
    let strict = Lab::new("mutants-strict", &[ANSWER], None, MUTANTS);
    let run = strict.run(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let human = grade(&["lab", strict.manifest.to_str().unwrap()]);
    assert_contains(&human.stderr, "check  2 of 2");
}

#[test]
fn findings_the_manifest_allows_are_warnings_with_the_reason_and_stale_allowances_are_said() {
    let vacuous =
        "const res = await fetch(code + '/api/no-such-route');\nassert.isAtLeast(res.status, 400);";
    let allow = "
  [[app.allow]]
  challenge = \"check\"
  hint = 2
  rules = [\"vacuous\"]
  reason = \"checks only that unknown routes are refused\"

  [[app.allow]]
  challenge = \"check\"
  hint = 1
  rules = [\"flaky\"]
  reason = \"it once was\"
";
    let lab = Lab::new("allowed", &[ANSWER, vacuous], None, allow);
    let run = lab.run(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let found = findings(&report);
    assert_eq!(rules(&report), ["vacuous", "unused-allow"], "{found:?}");
    assert_eq!(found[0].1, "warning");
    assert_eq!(
        report["diagnostics"][0]["allowed"],
        "checks only that unknown routes are refused"
    );
    assert_eq!(found[1].1, "warning");
    assert_eq!(found[1].3, line_of(&lab.manifest, "hint = 1") - 2);
    assert_eq!(report["findings"], 0);
    assert_eq!(report["allowed"], 1);
    // People see the reason and where it is allowed.
    let human = grade(&["lab", lab.manifest.to_str().unwrap()]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert_contains(&human.stderr, "allowed[vacuous] ");
    assert_contains(
        &human.stderr,
        "reason: checks only that unknown routes are refused",
    );
    assert_contains(&human.stderr, "warning[unused-allow]");
    assert_contains(&human.stderr, "0 findings, 1 allowed, 1 warning");
}

#[test]
fn a_manifest_with_mistakes_is_refused_with_the_line_of_each() {
    let lab = Lab::new("bad-manifest", &[ANSWER], None, "port = 3000\n");
    let run = grade(&["lab", lab.manifest.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "error[lab-manifest]: unknown field `port`");
    assert_contains(&run.stderr, "lab.toml:8:1");

    let lab = Lab::new(
        "bad-allow",
        &[ANSWER],
        None,
        "\n  [[app.allow]]\n  challenge = \"no-such-challenge\"\n  rules = [\"slowish\"]\n  reason = \"\"\n",
    );
    let run = grade(&["lab", lab.manifest.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "`slowish` is not a finding of grade lab");
    assert_contains(&run.stderr, "lab.toml:11:11");
    assert_contains(&run.stderr, "an allowance says why: give a reason");
    assert_contains(&run.stderr, "lab.toml:12:12");

    // Names are checked against the curriculum.
    let lab = Lab::new(
        "unknown-name",
        &[ANSWER],
        None,
        "\n  [[app.allow]]\n  challenge = \"no-such-challenge\"\n  rules = [\"vacuous\"]\n  reason = \"why not\"\n",
    );
    let run = grade(&["lab", lab.manifest.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "the allowance names `no-such-challenge`, which is not among the challenges of app `check`",
    );
    assert_contains(&run.stderr, "lab.toml:10:15");
}

#[test]
fn an_app_that_does_not_start_is_said_with_its_output_and_exit_3() {
    let lab = Lab::new(
        "no-start",
        &[ANSWER],
        None,
        "env = { START_FAILS = \"1\" }\n",
    );
    let run = grade(&["lab", lab.manifest.to_str().unwrap()]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_contains(&run.stderr, "app `check` cannot be used");
    assert_contains(&run.stderr, "ended (exit status: 1) before it answered");
    assert_contains(&run.stderr, "cannot start: DATABASE_URL is not set");
    assert_contains(&run.stderr, "1 app could not be used");
}

#[test]
fn the_lab_matrix_opens_a_cells_findings_in_a_real_browser() {
    let broken = "const res = await fetch(code + '/api/answer');\nassert.strictEqual((await res.json()).answer, 43);";
    let coin = "const res = await fetch(code + '/api/coin');\nassert.equal((await res.json()).side, 'heads');";
    let lab = Lab::new(
        "html",
        &[ANSWER, broken, coin],
        Some(&[ANSWER, broken, coin]),
        MUTANTS,
    );
    let page = lab.dir.join("lab.html");
    let run = grade(&[
        "lab",
        lab.manifest.to_str().unwrap(),
        "--lang",
        "de",
        "--report-html",
        page.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert_contains(&html, "mutants caught: 2 of 2");
    let Some(seen) = super::support::in_chromium("lab.mjs", &[page.to_str().unwrap(), "fail"])
    else {
        return;
    };
    assert_eq!(
        seen["requests"],
        serde_json::json!([]),
        "the page works offline"
    );
    let matrix = &seen["matrices"][0];
    assert_eq!(
        matrix["columns"],
        serde_json::json!(["en", "de", "wrong-answer", "answer-as-text"])
    );
    let cell = |row: usize, column: usize| &matrix["rows"][row][column];
    // Hint 1 passed in both rounds in both languages, failed against the 404 app and caught
    // both mutants; hint 2 fails everywhere; hint 3 flips.
    assert_eq!(cell(0, 0)["text"], "✓✓");
    assert_eq!(cell(0, 0)["class"], "pass");
    assert_eq!(cell(0, 2)["class"], "quiet");
    assert_eq!(cell(0, 3)["class"], "caught");
    assert_eq!(cell(1, 0)["class"], "fail");
    assert_eq!(cell(1, 0)["text"], "✗✗⚑");
    assert_eq!(cell(2, 0)["class"], "flaky");
    // Colours a person tells apart: green, red, amber.
    let colour =
        |row: usize, column: usize| cell(row, column)["colour"].as_str().unwrap().to_string();
    let (green, red, amber) = (colour(0, 0), colour(1, 0), colour(2, 0));
    assert!(
        green != red && red != amber && green != amber,
        "{green} {red} {amber}"
    );
    assert_eq!(seen["hiddenBefore"], true);
    let details = &seen["details"];
    assert_eq!(details["visible"], true);
    assert_eq!(details["heading"], "hint 2 of check · English");
    assert_contains(
        details["findings"][0].as_str().unwrap(),
        "error[fails-on-reference]",
    );
    assert_contains(details["trials"][0].as_str().unwrap(), "round 1");
    assert_contains(details["trials"][0].as_str().unwrap(), "expected: 43");
}

/// The acceptance run: the five backend projects' reference apps, in all six languages of the
/// shared corpus, two rounds, with their mutants and the empty app.
#[test]
fn the_reference_apps_pass_every_hint_of_the_five_projects_in_every_language() {
    let Some(corpus) = std::env::var_os("GRADER_CORPUS") else {
        eprintln!("GRADER_CORPUS is not set; the corpus lab is skipped");
        return;
    };
    let reference = root().join("fixtures/reference");
    install_node_modules(&reference);
    let dir = temp_dir("reference-lab");
    let json = dir.join("lab.json");
    let run = grade(&[
        "lab",
        "fixtures/reference/lab.toml",
        "--challenges",
        Path::new(&corpus).join("freecodecamp").to_str().unwrap(),
        "--all-languages",
        "--report-json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(
        report["languages"].as_array().unwrap().len(),
        6,
        "{}",
        report["languages"]
    );
    // Nothing the manifest does not allow, and no hint fails in English but the one that needs
    // a file from freeCodeCamp's CDN.
    assert_eq!(report["findings"], 0);
    let failing: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "fails-on-reference")
        .map(|d| format!("{} {}", d["challenge"], d["hint"]))
        .collect();
    assert_eq!(failing.len(), 1, "{failing:?}");
    let apps = report["apps"].as_array().unwrap();
    assert_eq!(apps.len(), 5);
    for app in apps {
        let score = &app["challenges"][0]["mutant_score"];
        assert!(score["caught"].as_u64().unwrap() >= 1, "{app}");
    }
}

/// Three lesson blocks (Basic Node and Express, Managing Packages with npm, Information Security
/// with HelmetJS), whose English hints are of the older `$.get` era and whose translations use
/// `await fetch`: on the right apps both eras agree, in every language.
#[test]
fn the_lesson_blocks_behave_alike_in_both_eras_of_hint_code() {
    let Some(corpus) = std::env::var_os("GRADER_CORPUS") else {
        eprintln!("GRADER_CORPUS is not set; the corpus lab is skipped");
        return;
    };
    install_node_modules(&root().join("fixtures/reference-lessons"));
    let run = grade(&[
        "lab",
        "fixtures/reference-lessons/lab.toml",
        "--challenges",
        Path::new(&corpus).join("freecodecamp").to_str().unwrap(),
        "--all-languages",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["findings"], 0);
    assert!(!rules(&report).contains(&"translation-differs".to_string()));
    let challenges: usize = report["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["challenges"].as_array().unwrap().len())
        .sum();
    assert!(challenges >= 36, "{challenges}");
    // Every mutant but the two the manifest explains is caught.
    let survivors: Vec<&str> = report["apps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["mutants"].as_array().unwrap())
        .filter(|m| m["survived"] == true)
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(survivors, ["author-empty", "hsts-milliseconds"]);
}
