//! Parallel grading: the output keeps the catalog order and is the same whatever `--jobs` is,
//! apart from timings; retries mark flaky hints; `--fail-fast` stops at the first failure.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::support::{grade, temp_dir, Reply, Server, TempDir};

/// A folder of `count` challenges of three hints each; hint 2 of every third challenge fails.
fn block(count: usize) -> TempDir {
    let scratch = temp_dir("jobs");
    let dir = scratch.join("english").join("block");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..count {
        let failing = if i % 3 == 0 {
            "assert.equal(await r.text(), 'other', 'the page should say other')"
        } else {
            "assert.equal(await r.text(), 'ok')"
        };
        let text = format!(
            "---\nid: {i:024x}\ntitle: Challenge {i}\nchallengeType: 2\ndashedName: challenge-{i}\n---\n\n# --hints--\n\nFirst.\n\n```js\nconst r = await fetch(code + '/{i}/a');\nassert.equal(await r.text(), 'ok')\n```\n\nSecond.\n\n```js\nconst r = await fetch(code + '/{i}/b');\n{failing}\n```\n\nThird.\n\n```js\nassert.isTrue(true)\n```\n"
        );
        std::fs::write(dir.join(format!("{i:02}.md")), text).unwrap();
    }
    scratch
}

/// Timings replaced, so that runs can be compared.
fn without_timings(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = match line.find("\"duration_ms\": ") {
            Some(i) => format!("{}\"duration_ms\": 0,", &line[..i]),
            None => line.to_string(),
        };
        let line = match (
            line.rfind('('),
            line.ends_with(" ms)") || line.ends_with(" s)"),
        ) {
            (Some(i), true) => line[..i].to_string(),
            _ => line,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn any_number_of_jobs_gives_the_same_output_in_catalog_order() {
    let server = Server::start(|_| Reply::ok("ok").delay(Duration::from_millis(20)));
    let root = block(10);
    let dir = root.to_str().unwrap();
    let serial = grade(&[
        "--url",
        &server.url,
        "--challenges",
        dir,
        "--jobs",
        "1",
        "--format",
        "json",
    ]);
    let parallel = grade(&[
        "--url",
        &server.url,
        "--challenges",
        dir,
        "--jobs",
        "8",
        "--format",
        "json",
    ]);
    assert_eq!(serial.code, 1);
    assert_eq!(parallel.code, 1);
    assert_eq!(
        without_timings(&serial.stdout),
        without_timings(&parallel.stdout)
    );
    let titles: Vec<String> = parallel.json()["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..10).map(|i| format!("Challenge {i}")).collect();
    assert_eq!(titles, expected);
    let serial = grade(&["--url", &server.url, "--challenges", dir, "--jobs", "1"]);
    let parallel = grade(&["--url", &server.url, "--challenges", dir, "--jobs", "8"]);
    assert_eq!(
        without_timings(&serial.stderr),
        without_timings(&parallel.stderr)
    );
}

#[test]
fn fail_fast_stops_at_the_first_failure() {
    let server = Server::start(|_| Reply::ok("ok"));
    let root = block(6);
    for jobs in ["1", "4"] {
        let run = grade(&[
            "--url",
            &server.url,
            "--challenges",
            root.to_str().unwrap(),
            "--jobs",
            jobs,
            "--fail-fast",
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 1);
        let report = run.json();
        assert_eq!(report["summary"]["total"], 2, "jobs {jobs}: {report}");
        assert_eq!(report["summary"]["failed"], 1);
        assert_eq!(report["challenges"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn a_hint_that_passes_on_a_retry_is_flaky() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = Server::start(move |seen| {
        // The check that the app answers comes first; it is not counted.
        if seen.path == "/" {
            return Reply::ok("here");
        }
        // Fails the first two requests of the hint, then answers.
        if counter.fetch_add(1, Ordering::SeqCst) < 2 {
            Reply::ok("down").status(503)
        } else {
            Reply::ok("up")
        }
    });
    let challenge = super::support::TempChallenge::new(
        "flaky",
        &[(
            "Comes up.",
            "assert.equal((await fetch(code + '/up')).status, 200)",
        )],
    );
    let no_retry = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    assert_eq!(no_retry.code, 1);
    let retried = grade(&[
        "--url",
        &server.url,
        "--retries",
        "2",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(retried.code, 0, "{}", retried.stdout);
    let hint = &retried.json()["challenges"][0]["hints"][0];
    assert_eq!(hint["status"], "passed");
    assert_eq!(hint["attempts"], 2);
    assert_eq!(hint["flaky"], true);
    calls.store(0, Ordering::SeqCst);
    let human = grade(&["--url", &server.url, "--retries", "3", challenge.path()]);
    super::support::assert_contains(&human.stderr, "flaky: passed on attempt 3");
}
