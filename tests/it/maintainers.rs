//! `grade lab` for maintainers of a curriculum in many languages: instances that keep their
//! ports to themselves and are started again when they end, two versions of the curriculum
//! compared, findings grouped across languages and apps, accepted findings and explanations.

use std::path::{Path, PathBuf};

use super::support::{assert_contains, grade, install_node_modules, root, temp_dir, Run};

const ID: &str = "5a1b2c3d4e5f60718293a4c6";
const ANSWER: &str = "const res = await fetch(code + '/api/answer');\nconst body = await res.json();\nassert.strictEqual(body.answer, 42, 'the answer is 42');";
const GREETING: &str = "const res = await fetch(code + '/api/greeting');\nconst body = await res.json();\nassert.equal(body.greeting, 'hello', 'the greeting is hello');";

/// Writes challenge `check` into `dir`, in each language folder with its hints.
fn curriculum(dir: &Path, languages: &[(&str, &[&str])]) {
    for (folder, hints) in languages {
        let block = dir.join(folder).join("lab-check");
        std::fs::create_dir_all(&block).unwrap();
        let mut text = format!("---\nid: {ID}\ntitle: Check\nchallengeType: 2\ndashedName: check\n---\n\n# --description--\n\nA challenge for the lab.\n\n# --hints--\n\n");
        for (i, code) in hints.iter().enumerate() {
            text.push_str(&format!("Hint number {}.\n\n```js\n{code}\n```\n\n", i + 1));
        }
        std::fs::write(block.join("check.md"), text).unwrap();
    }
}

/// A manifest in `dir` whose apps (name, start command, extra lines) run `fixtures/lab-check`
/// against the curriculum in `dir/new`.
fn manifest(dir: &Path, apps: &[(&str, &str, &str)]) -> PathBuf {
    let app = root().join("fixtures/lab-check");
    install_node_modules(&app);
    let mut body = "challenges = \"new\"\n".to_string();
    for (name, start, extra) in apps {
        body.push_str(&format!(
            "\n[[app]]\nname = \"{name}\"\nstart = \"{start}\"\ndir = \"{}\"\nchallenges = [\"check\"]\n{extra}\n",
            app.display()
        ));
    }
    let path = dir.join("lab.toml");
    std::fs::write(&path, body).unwrap();
    path
}

fn lab(manifest: &Path, args: &[&str]) -> Run {
    let mut all = vec!["lab", manifest.to_str().unwrap(), "--format", "json"];
    all.extend_from_slice(args);
    grade(&all)
}

fn rules(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

fn verdicts(report: &serde_json::Value, hint: usize, language: &str) -> Vec<String> {
    report["apps"][0]["challenges"][0]["hints"][hint]["languages"][language]["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["verdict"].as_str().unwrap().to_string())
        .collect()
}

/// A program that takes the port the lab gives the app, once, from a process of its own
/// session, as another program may between the lab's choice of the port and the app's start;
/// it answers every request with a wrong answer, and writes its pid to `pid` once it listens.
const OCCUPY: &str = r#"'use strict';
const fs = require('fs');
const path = require('path');
const marker = path.join(__dirname, 'pid');
if (process.argv[2] === 'serve') {
  require('http')
    .createServer((req, res) => res.end('{"answer":41,"greeting":"hi"}'))
    .listen(Number(process.env.PORT), '127.0.0.1', () => fs.writeFileSync(marker, String(process.pid)));
  setTimeout(() => process.exit(0), 60000);
} else if (!fs.existsSync(marker)) {
  const { spawn } = require('child_process');
  spawn(process.execPath, [__filename, 'serve'], { detached: true, stdio: 'ignore' }).unref();
  const until = Date.now() + 10000;
  const wait = () => (fs.existsSync(marker) || Date.now() > until ? process.exit(0) : setTimeout(wait, 20));
  wait();
}
"#;

#[test]
fn a_port_taken_by_another_process_between_choice_and_start_is_left_for_another() {
    let dir = temp_dir("port-taken");
    curriculum(&dir.join("new"), &[("english", &[ANSWER, GREETING])]);
    std::fs::write(dir.join("occupy.js"), OCCUPY).unwrap();
    let start = format!("node {} && node server.js", dir.join("occupy.js").display());
    let manifest = manifest(&dir, &[("check", &start, "")]);
    let run = lab(&manifest, &["--rounds", "1", "--ports", "42300-42399"]);
    let pid = std::fs::read_to_string(dir.join("pid")).unwrap_or_default();
    if let Ok(pid) = pid.trim().parse::<i32>() {
        // SAFETY: ends the program this test started; it ends itself within a minute anyway.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
    assert!(!pid.is_empty(), "the other process took the port");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert!(rules(&report).is_empty(), "{report}");
    assert_eq!(verdicts(&report, 0, "en"), ["passed"]);
    assert_eq!(verdicts(&report, 1, "en"), ["passed"]);
}

#[test]
fn an_instance_that_ends_is_started_again_once_and_only_the_hints_it_could_not_run_are_lost() {
    let dir = temp_dir("instance-ends");
    curriculum(
        &dir.join("new"),
        &[("english", &[ANSWER, GREETING, ANSWER])],
    );
    let once = dir.join("died");
    let extra = format!(
        "env = {{ DIES_AT = \"/api/answer\", DIES_ONCE = \"{}\" }}",
        once.display()
    );
    let manifest_once = manifest(&dir, &[("check", "node server.js", &extra)]);
    let run = lab(&manifest_once, &["--rounds", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "it is started again and the round run again");
    let report = run.json();
    assert!(rules(&report).is_empty(), "{report}");
    for hint in 0..3 {
        assert_eq!(verdicts(&report, hint, "en"), ["passed", "passed"]);
    }
    // Dying every time: hints 1 and 2 pass before it ends, hint 3 could never run.
    let manifest_always = manifest(
        &dir,
        &[(
            "check",
            "node server.js",
            "env = { DIES_AT = \"/api/greeting\" }",
        )],
    );
    let run = lab(&manifest_always, &["--rounds", "1"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert!(rules(&report).is_empty(), "{report}");
    assert_eq!(verdicts(&report, 0, "en"), ["passed"]);
    assert_eq!(verdicts(&report, 1, "en"), ["passed"]);
    assert!(verdicts(&report, 2, "en").is_empty());
    let lost = &report["apps"][0]["challenges"][0]["hints"][2]["languages"]["en"]["lost"];
    assert_contains(
        lost.as_str().unwrap(),
        "ended (exit status: 1) while its hints ran",
    );
    assert_contains(
        report["apps"][0]["lost"][0].as_str().unwrap(),
        "check (en): app `check` (`node server.js`, en) ended",
    );
    assert!(report["apps"][0]["problem"].is_null());
    assert_contains(&run.stderr, "1 instance ended twice and left hints unrun");
}

/// In the order of the catalog's languages.
const TRANSLATIONS: [&str; 5] = ["german", "portuguese", "espanol", "japanese", "italian"];
const GREETING_CHANGED: &str = "const response = await fetch(code + '/api/greeting');\nconst data = await response.json();\nassert.equal(data.greeting, 'hallo', 'the greeting is hallo');";
const ANSWER_OLD_SHAPE: &str = "(getUserInput) =>\n  $.get(getUserInput('url') + '/api/answer').then(\n    (data) => {\n      assert.strictEqual(data.answer, 42);\n    },\n    (xhr) => {\n      throw new Error(xhr.responseText);\n    }\n  );";

/// Two versions of `check` in English and five translations: in the old one every language
/// has the same hints (hint 1 in the old shape of hint code); in the new one hint 2 of all five
/// translations was changed at once, and now fails.
fn two_versions(dir: &Path) -> PathBuf {
    let mut old: Vec<(&str, &[&str])> = vec![("english", &[ANSWER_OLD_SHAPE, GREETING])];
    let mut new: Vec<(&str, &[&str])> = vec![("english", &[ANSWER, GREETING])];
    for folder in TRANSLATIONS {
        old.push((folder, &[ANSWER_OLD_SHAPE, GREETING]));
        new.push((folder, &[ANSWER, GREETING_CHANGED]));
    }
    curriculum(&dir.join("old"), &old);
    curriculum(&dir.join("new"), &new);
    let mutants = "\n  [[app.mutant]]\n  name = \"wrong-answer\"\n  env = { MUTANT_WRONG_ANSWER = \"1\" }\n\n  [[app.mutant]]\n  name = \"answer-as-text\"\n  env = { MUTANT_STRING_ANSWER = \"1\" }\n";
    manifest(dir, &[("check", "node server.js", mutants)])
}

const ALL: [&str; 6] = ["en", "de", "pt-BR", "es", "ja", "it"];

#[test]
fn a_hint_changed_in_five_translations_at_once_is_one_finding_per_rule_across_versions() {
    let dir = temp_dir("five-at-once");
    let manifest = two_versions(&dir);
    let old = dir.join("old");
    let base = [
        "--all-languages",
        "--rounds",
        "1",
        "--baseline",
        old.to_str().unwrap(),
        "--baseline-name",
        "2025",
    ];
    let run = lab(&manifest, &base);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["languages"], serde_json::json!(ALL));
    assert_eq!(
        rules(&report),
        ["translation-differs", "changed-between-versions"],
        "{report}"
    );
    let d = &report["diagnostics"];
    assert_eq!(
        d[0]["message"],
        "hint 2 of `check` fails in 5 languages (de, pt-BR, es, ja, it) but passes in English on the reference app `check`"
    );
    assert_eq!(
        d[1]["message"],
        "hint 2 of `check` passes in 2025 and fails in new in 5 languages (de, pt-BR, es, ja, it) on the reference app `check`"
    );
    // Each names its five cells, at the first line that differs in each file, and the old
    // file's line.
    for finding in [&d[0], &d[1]] {
        let cells = finding["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 5);
        for (cell, folder) in cells.iter().zip(TRANSLATIONS) {
            let file = dir.join("new").join(folder).join("lab-check/check.md");
            assert_eq!(Path::new(cell["file"].as_str().unwrap()), file);
            let text = std::fs::read_to_string(&file).unwrap();
            let line = text
                .lines()
                .position(|l| l.contains("const response"))
                .unwrap()
                + 1;
            assert_eq!(cell["line"].as_u64().unwrap(), line as u64);
        }
    }
    let detail = d[1]["detail"].as_str().unwrap();
    assert_contains(detail, "in 2025: ");
    assert_contains(
        detail,
        &format!("{}", old.join("german/lab-check/check.md").display()),
    );
    // Explained: the whole region that differs as a unified diff, the assertion's message and
    // the app's answer to the request that failed.
    let detail = d[0]["detail"].as_str().unwrap();
    assert_contains(detail, "@@ -");
    for line in [
        "- const res = await fetch(code + '/api/greeting');",
        "- const body = await res.json();",
        "- assert.equal(body.greeting, 'hello', 'the greeting is hello');",
        "+ const response = await fetch(code + '/api/greeting');",
        "+ const data = await response.json();",
        "+ assert.equal(data.greeting, 'hallo', 'the greeting is hallo');",
    ] {
        assert_contains(detail, line);
    }
    assert_contains(detail, "why it fails in German:\nthe greeting is hallo");
    assert_contains(
        detail,
        "the app's answer to its last request:\nGET http://127.0.0.1:",
    );
    assert_contains(detail, "/api/greeting → 200\n{\"greeting\":\"hello\"}");
    assert_contains(detail, "it holds as well at:");
    // Both versions ran every hint in every language: hint 1 passes in both shapes.
    for language in ALL {
        assert_eq!(verdicts(&report, 0, language), ["passed"], "{language}");
    }

    // One per cell when asked; one rule when asked.
    let mut args = base.to_vec();
    args.push("--ungrouped");
    let ungrouped = lab(&manifest, &args).json();
    assert_eq!(ungrouped["diagnostics"].as_array().unwrap().len(), 10);
    let mut args = base.to_vec();
    args.extend(["--rule", "changed-between-versions"]);
    let filtered = lab(&manifest, &args).json();
    assert_eq!(rules(&filtered), ["changed-between-versions"]);

    // Accepted as known, they count apart and the lab passes; a cell no longer accepted is new.
    let accepted = dir.join("accepted.tsv");
    let mut args = base.to_vec();
    args.extend(["--write-accept", accepted.to_str().unwrap()]);
    assert_eq!(lab(&manifest, &args).code, 1);
    let text = std::fs::read_to_string(&accepted).unwrap();
    assert_eq!(
        text.lines().filter(|l| !l.starts_with('#')).count(),
        10,
        "{text}"
    );
    assert_contains(
        &text,
        "changed-between-versions\tcheck\t5a1b2c3d4e5f60718293a4c6\t2\tde\n",
    );
    let mut args = base.to_vec();
    args.extend(["--accept", accepted.to_str().unwrap()]);
    let run = lab(&manifest, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["accepted"], 2);
    assert_eq!(report["findings"], 0);
    let without_japanese: String = text
        .lines()
        .filter(|l| !l.starts_with("translation-differs") || !l.ends_with("\tja"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&accepted, without_japanese).unwrap();
    let run = lab(&manifest, &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let new: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["accepted"] == false)
        .collect();
    assert_eq!(new.len(), 1, "{report}");
    assert_eq!(
        new[0]["message"],
        "hint 2 of `check` fails in Japanese but passes in English on the reference app `check`"
    );
    // The page opens with the findings, each linking to its cells, and the contents.
    let page = dir.join("lab.html");
    let mut html = base.to_vec();
    html.extend(["--report-html", page.to_str().unwrap()]);
    lab(&manifest, &html);
    if let Some(seen) =
        super::support::in_chromium("lab-navigate.mjs", &[page.to_str().unwrap(), "480"])
    {
        assert_eq!(
            seen["requests"],
            serde_json::json!([]),
            "the page works offline"
        );
        let layout = &seen["layout"];
        assert_eq!(layout["findingsFirst"], true);
        let listed = layout["findings"].as_array().unwrap();
        assert_eq!(listed.len(), 2, "{layout}");
        assert_contains(
            listed[0]["text"].as_str().unwrap(),
            "error[translation-differs]",
        );
        assert_eq!(listed[0]["links"].as_array().unwrap().len(), 5);
        assert_eq!(
            layout["contents"],
            serde_json::json!(["#app-1", "#app-1-1"])
        );
        assert_eq!(seen["opensDetails"]["heading"], "hint 2 of check · German");
        assert_contains(
            &seen["opensDetails"]["findings"].to_string(),
            "error[translation-differs]",
        );
        // At 480 pixels the matrix scrolls; its last column can be reached, the hint column
        // stays.
        let scrolled = &seen["scrolled"];
        assert_eq!(scrolled["overflows"], true, "{scrolled}");
        assert_eq!(scrolled["lastColumn"], "answer-as-text");
        assert_eq!(scrolled["lastVisible"], true, "{scrolled}");
        assert_eq!(scrolled["hintColumnVisible"], true, "{scrolled}");
    }
    // The manifest may allow a change between versions, as any finding.
    let allowed = std::fs::read_to_string(&manifest).unwrap()
        + "\n  [[app.allow]]\n  challenge = \"check\"\n  hint = 2\n  rules = [\"changed-between-versions\"]\n  reason = \"the greeting changed on purpose\"\n";
    std::fs::write(&manifest, allowed).unwrap();
    let run = lab(&manifest, &base);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["findings"], 1, "{report}");
    assert_eq!(report["allowed"], 1, "{report}");
    let d = &report["diagnostics"][1];
    assert_eq!(d["rule"], "changed-between-versions");
    assert_eq!(d["allowed"], "the greeting changed on purpose");
    assert_eq!(d["cells"].as_array().unwrap().len(), 5);
    // A line that is not a finding is refused at its line.
    std::fs::write(&accepted, "# known\nnot a finding\n").unwrap();
    let run = lab(&manifest, &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        &format!("{}:2: not an accepted finding", accepted.display()),
    );
}

#[test]
fn a_misspelt_challenge_in_a_manifest_is_shown_in_its_line_with_what_it_may_mean() {
    let dir = temp_dir("misspelt");
    curriculum(&dir.join("new"), &[("english", &[ANSWER])]);
    let manifest = manifest(&dir, &[("check", "node server.js", "")]);
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("challenges = [\"check\"]", "challenges = [\"chekc\"]");
    std::fs::write(&manifest, text).unwrap();
    let run = grade(&["lab", manifest.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "app `check` names `chekc`, which is no block, id or dashedName of the challenges",
    );
    assert_contains(&run.stderr, "lab.toml:7:15");
    assert_contains(&run.stderr, "challenges = [\"chekc\"]");
    assert_contains(&run.stderr, "^^^^^^^");
    assert_contains(&run.stderr, "did you mean `check`?");
}

#[test]
fn slow_goes_by_the_median_of_the_rounds_and_is_an_error_only_when_every_round_is_slow() {
    let dir = temp_dir("slow-median");
    let slow =
        "const res = await fetch(code + '/api/slow');\nassert.isTrue((await res.json()).done);";
    curriculum(&dir.join("new"), &[("english", &[slow])]);
    // Slow in the first and third rounds only: a warning with the figure and the load.
    let manifest = manifest(
        &dir,
        &[("check", "node server.js", "env = { SLOW_EVERY = \"2\" }")],
    );
    let run = lab(&manifest, &["--rounds", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["severity"].as_str()),
        (Some("slow"), Some("warning"))
    );
    let message = d["message"].as_str().unwrap();
    assert_contains(message, "hint 1 of `check` took 5.");
    assert_contains(message, "(the median of 3 rounds, the fastest 0.");
    assert_contains(d["detail"].as_str().unwrap(), "the machine's load: ");
    // Slow in one round of two: the median is not over the limit.
    let run = lab(&manifest, &["--rounds", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(rules(&run.json()).is_empty());
}
