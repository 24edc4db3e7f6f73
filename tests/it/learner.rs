//! The learner's loop: the mistakes learners make most, each diagnosed under the hint it breaks
//! on a fixture app that makes it (and none on the apps that do not); grading as freeCodeCamp's
//! own runner does; and `--watch` grading again after a fix.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::start::{assert_none_left, unique};
use super::support::{
    assert_contains, fixture_server, grade, interrupt_and_wait, root, temp_dir, App, TempChallenge,
};

/// Hints as the quality-assurance projects write them: one reads an ordinary route, one the
/// boilerplate's test results, in the `getUserInput` shape.
const QA_CHALLENGE: &str = r#"---
id: 0000000000000000000000d1
title: Quality checks
challengeType: 4
dashedName: quality-checks
---

# --description--

The routes a quality-assurance project is checked through.

# --hints--

`/api/whoami` should answer.

```js
async (getUserInput) => {
  const res = await fetch(getUserInput('url') + '/api/whoami');
  assert.equal(res.status, 200);
  assert.property(await res.json(), 'software');
};
```

All 16 unit tests are complete and passing.

```js
async (getUserInput) => {
  try {
    const getTests = await $.get(getUserInput('url') + '/_api/get-tests');
    assert.isArray(getTests);
    const unitTests = getTests.filter(test => !!test.context.match(/Unit Tests/gi));
    assert.isAtLeast(unitTests.length, 16, 'At least 16 tests passed');
    unitTests.forEach(test => assert.equal(test.state, 'passed'));
  } catch (err) {
    throw new Error(err.responseText || err.message);
  }
};
```
"#;

/// Each hint's status and diagnosis rule (or "-"), in order.
fn verdicts(report: &serde_json::Value) -> Vec<(String, String)> {
    report["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["hints"].as_array().unwrap().iter())
        .map(|h| {
            let rule = h["diagnosis"]["rule"].as_str().unwrap_or("-").to_string();
            (h["status"].as_str().unwrap().to_string(), rule)
        })
        .collect()
}

fn pair(status: &str, rule: &str) -> (String, String) {
    (status.to_string(), rule.to_string())
}

fn graded(url: &str, challenge: &TempChallenge, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--url", url, challenge.path(), "--format", "json"];
    args.extend(extra);
    let run = grade(&args);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    run.json()
}

#[test]
fn each_known_mistake_is_diagnosed_under_the_hint_it_breaks() {
    let challenge = TempChallenge::from_text("qa", QA_CHALLENGE);

    // The boilerplate shows its test results only with NODE_ENV=test.
    let app = App::projects(&[]);
    let report = graded(&app.url, &challenge, &[]);
    assert_eq!(
        verdicts(&report),
        [pair("passed", "-"), pair("failed", "node-env-test")]
    );
    let diagnosis = &report["challenges"][0]["hints"][1]["diagnosis"];
    assert_contains(
        diagnosis["message"].as_str().unwrap(),
        "{\"status\":\"unavailable\"}",
    );
    assert_contains(diagnosis["fix"].as_str().unwrap(), "NODE_ENV=test");
    drop(app);

    // The `/_api` routes deleted.
    let app = App::projects(&[("NODE_ENV", "test"), ("DEFECT_NO_API_ROUTES", "1")]);
    let report = graded(&app.url, &challenge, &[]);
    assert_eq!(
        verdicts(&report),
        [pair("passed", "-"), pair("failed", "api-routes-missing")]
    );
    drop(app);

    // A host asleep: its first answer takes 6 s, the ones after are quick. Told under the first
    // hint, which passes here and would time out on the site.
    let app = App::projects(&[("NODE_ENV", "test"), ("DEFECT_SLEEPY", "6000")]);
    let report = graded(&app.url, &challenge, &[]);
    assert_eq!(
        verdicts(&report),
        [pair("passed", "sleeping-host"), pair("passed", "-")]
    );
    drop(app);

    // No CORS headers: freeCodeCamp's page cannot read the answers.
    let app = App::projects(&[("NODE_ENV", "test"), ("DEFECT_NO_CORS", "1")]);
    let report = graded(&app.url, &challenge, &["--profile", "freecodecamp"]);
    assert_eq!(report["profile"], "freecodecamp");
    assert_eq!(
        verdicts(&report),
        [
            pair("failed", "cors-missing"),
            pair("failed", "cors-missing")
        ]
    );
    drop(app);

    // An app that listens on a port of its own choosing, whatever PORT says, under --start: it
    // is found, graded where it listens, and the mistake is told.
    let fixed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = fixture_server("projects-app");
    let command = format!("NODE_ENV=test DEFECT_FIXED_PORT={fixed} exec node {server}");
    let run = grade(&["--start", &command, challenge.path(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        verdicts(&report),
        [pair("passed", "port-ignored"), pair("passed", "-")]
    );
    assert_contains(
        report["challenges"][0]["hints"][0]["diagnosis"]["message"]
            .as_str()
            .unwrap(),
        &format!("the app listens on port {fixed}"),
    );

    // An editor or a repository is refused before anything is sent, with the reason.
    for (url, site) in [
        (
            "https://github.com/learner/boilerplate-project-metricimpconverter",
            "GitHub",
        ),
        ("https://replit.com/@learner/boilerplate", "Replit"),
        ("https://glitch.com/edit/#!/my-app", "Glitch"),
        ("https://codesandbox.io/s/abc123", "CodeSandbox"),
    ] {
        let run = grade(&["--url", url, challenge.path()]);
        assert_eq!(run.code, 2, "{url}");
        assert_contains(&run.stderr, &format!("is a page of {site}"));
        assert_contains(&run.stderr, "no request was sent");
    }
    // In the learner's language.
    let run = grade(&[
        "--url",
        "https://github.com/x/y",
        challenge.path(),
        "--lang",
        "de",
    ]);
    assert_contains(&run.stderr, "ist eine Seite von GitHub");

    // The correct apps: nothing to diagnose.
    let app = App::projects(&[("NODE_ENV", "test")]);
    let report = graded(&app.url, &challenge, &[]);
    assert_eq!(
        verdicts(&report),
        [pair("passed", "-"), pair("passed", "-")]
    );
    drop(app);
    for (app, challenges) in [
        (
            App::start(&[]),
            [
                "log-a-user-out",
                "protect-a-route",
                "logging-out-ends-the-session",
            ]
            .as_slice(),
        ),
        (
            App::rest(&[]),
            ["log-out-a-web-user", "report-the-outcome-of-a-log-out"].as_slice(),
        ),
    ] {
        let mut args = vec!["--url", app.url.as_str(), "--format", "json"];
        args.extend(challenges);
        let run = grade(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let report = run.json();
        assert!(
            verdicts(&report)
                .iter()
                .all(|(s, r)| s == "passed" && r == "-"),
            "{report:#}"
        );
    }
}

#[test]
fn the_freecodecamp_profile_fails_what_the_site_would_and_the_local_one_flags_it() {
    let risks = |report: &serde_json::Value, challenge: usize, hint: usize| -> Vec<String> {
        report["challenges"][challenge]["hints"][hint]["would_fail_on_freecodecamp"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|r| r["risk"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };

    // A session: the site's runner keeps no cookies, so no login survives to the next request.
    let app = App::start(&[]);
    let site = grade(&[
        "--url",
        &app.url,
        "protect-a-route",
        "--profile",
        "freecodecamp",
        "--format",
        "json",
    ]);
    assert_eq!(site.code, 1, "{}", site.stderr);
    assert_eq!(site.json()["challenges"][0]["hints"][1]["status"], "failed");
    let local = grade(&["--url", &app.url, "protect-a-route", "--format", "json"]);
    assert_eq!(local.code, 0, "{}", local.stderr);
    let report = local.json();
    assert_eq!(risks(&report, 0, 1), ["cookie"]);
    // A hint that sends a cookie it does not need is not flagged.
    let local = grade(&["--url", &app.url, "log-a-user-out", "--format", "json"]);
    let report = local.json();
    for hint in 0..3 {
        assert!(risks(&report, 0, hint).is_empty(), "{report:#}");
    }
    let human = grade(&["--url", &app.url, "protect-a-route"]);
    assert_contains(
        &human.stderr,
        "passes here; would fail on freeCodeCamp: it sends back the cookie `connect.sid` that the answer to POST ",
    );
    drop(app);

    let challenge = TempChallenge::from_text("slow", QA_CHALLENGE);
    // A slow answer: 5.5 s is within grade's 20 s, beyond the site's 5 s.
    let app = App::projects(&[("NODE_ENV", "test"), ("DEFECT_SLOW", "5500")]);
    let site = graded(&app.url, &challenge, &["--profile", "freecodecamp"]);
    assert_eq!(site["challenges"][0]["hints"][0]["status"], "timed_out");
    let local = graded(&app.url, &challenge, &[]);
    assert_eq!(local["challenges"][0]["hints"][0]["status"], "passed");
    assert_eq!(risks(&local, 0, 0), ["slow"]);
    drop(app);

    // An answer without CORS headers.
    let app = App::projects(&[("NODE_ENV", "test"), ("DEFECT_NO_CORS", "1")]);
    let site = graded(&app.url, &challenge, &["--profile", "freecodecamp"]);
    let hint = &site["challenges"][0]["hints"][0];
    assert_eq!(hint["status"], "failed");
    assert_contains(
        hint["message"].as_str().unwrap(),
        "freeCodeCamp's page could not read an answer",
    );
    let local = graded(&app.url, &challenge, &[]);
    assert_eq!(local["challenges"][0]["hints"][0]["status"], "passed");
    assert_eq!(risks(&local, 0, 0), ["cors"]);
    drop(app);

    let conflict = grade(&[
        "--url",
        "http://localhost:1",
        "--profile",
        "freecodecamp",
        "--no-cors-check",
    ]);
    assert_eq!(conflict.code, 2);
}

/// The lines grade printed so far.
struct Output(Arc<Mutex<String>>);

impl Output {
    fn wait_for(&self, needle: &str, after: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let text = self.0.lock().unwrap().clone();
            if let Some(at) = text[after.min(text.len())..].find(needle) {
                return after + at + needle.len();
            }
            assert!(
                Instant::now() < deadline,
                "waited for {needle:?} in:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }
}

#[test]
fn watch_grades_again_after_a_fix_with_the_app_restarted_once() {
    let scratch = temp_dir("watch");
    let dir = scratch.join("app");
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = root().join("fixtures/logout-app");
    fixture_server("logout-app");
    #[cfg(unix)]
    std::os::unix::fs::symlink(fixture.join("node_modules"), dir.join("node_modules")).unwrap();
    let original = std::fs::read_to_string(fixture.join("server.js")).unwrap();
    // The app notes each start, so the test can count them.
    let counting = format!(
        "require('fs').appendFileSync(__dirname + '/starts.log', 'started\\n');\n{original}"
    );
    let broken = counting.replace(
        "openRoute: process.env.DEFECT_OPEN_ROUTE === '1',",
        "openRoute: true,",
    );
    assert_ne!(broken, counting);
    let server = dir.join("server.js");
    std::fs::write(&server, &broken).unwrap();
    let marker = unique("watch");
    let command = format!("exec node {} {marker}", server.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_grade"))
        .args([
            "--watch",
            "--watch-dir",
            dir.to_str().unwrap(),
            "--start",
            &command,
        ])
        .args(["log-a-user-out", "protect-a-route"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output = Output(Arc::new(Mutex::new(String::new())));
    let sink = output.0.clone();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut text = sink.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    let at = output.wait_for("── round 1 ──", 0);
    let at = output.wait_for("5 hints: 4 passed, 1 failed", at);
    let at = output.wait_for("watching ", at);
    std::fs::write(&server, &counting).unwrap();
    let at = output.wait_for("── round 2 ── 1 file changed: server.js", at);
    let round_two = at;
    let at = output.wait_for("5 hints: 5 passed", at);
    output.wait_for("watching ", at);
    let text = output.text();
    // What failed last time comes first.
    let protect = text[round_two..].find("Protect a Route").unwrap();
    let log_out = text[round_two..].find("Log a User Out").unwrap();
    assert!(protect < log_out, "{text}");
    assert_contains(&text[round_two..], "restarted `exec node");
    let starts = std::fs::read_to_string(dir.join("starts.log")).unwrap();
    assert_eq!(
        starts.lines().count(),
        2,
        "the app started once, then once more:\n{text}"
    );

    // A folder made while watching is watched from then on.
    std::fs::create_dir(dir.join("routes")).unwrap();
    let at = output.wait_for("── round 3 ── 1 file changed: routes", at);
    let at = output.wait_for("watching ", at);
    std::fs::write(dir.join("routes/extra.js"), "module.exports = {};\n").unwrap();
    let at = output.wait_for("── round 4 ── 1 file changed: routes/extra.js", at);
    output.wait_for("watching ", at);

    let (stopped, _) = interrupt_and_wait(&mut child);
    let status =
        stopped.unwrap_or_else(|| panic!("grade --watch did not stop:\n{}", output.text()));
    assert_eq!(status.code(), Some(130), "{}", output.text());
    assert_none_left(&marker);
}
