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
