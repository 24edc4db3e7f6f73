//! Hosts that sleep: a 502, 503 or 504 page while the app wakes is no answer, to the check
//! before grading, to `--wait` (which says it waits) and to `grade batch` (a learner whose host
//! never woke did not answer, and `--retry-unreachable` grades them again); and the check
//! before grading sends again once after a connection reset.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::support::{
    assert_contains, grade, reset, statuses, temp_dir, RawServer, Reply, Server, TempChallenge,
};

/// A host that answers `status` (with a waking-up page) to the first `asleep` requests, then
/// is the app: `ok` to everything.
fn waking(status: u16, asleep: usize) -> Server {
    let seen = Arc::new(AtomicUsize::new(0));
    Server::start(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) < asleep {
            Reply::ok("<h1>Your service is waking up</h1>")
                .status(status)
                .header("content-type", "text/html")
                .header("retry-after", "1")
        } else {
            Reply::ok("ok")
        }
    })
}

fn awake_hint() -> TempChallenge {
    TempChallenge::new(
        "awake",
        &[(
            "The app answers.",
            "assert.equal(await (await fetch(code)).text(), 'ok');",
        )],
    )
}

#[test]
fn a_waking_up_page_is_no_answer_and_wait_waits_past_it_saying_so() {
    let challenge = awake_hint();
    for status in [502, 503, 504] {
        let host = waking(status, 1000);
        let run = grade(&["--url", &host.url, challenge.path()]);
        assert_eq!(run.code, 3, "{status}: {}", run.stderr);
        assert_contains(&run.stderr, &format!("{}/ answered {status}", host.url));
        assert_contains(&run.stderr, "its host says the app is not up yet");
        assert_contains(&run.stderr, "help: a free host that sleeps when idle");
    }
    let host = waking(503, 3);
    let run = grade(&[
        "--url",
        &host.url,
        "--wait",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(statuses(&run.json()), ["passed"]);
    assert_contains(&run.stderr, &format!("waiting for {}", host.url));
    assert_contains(&run.stderr, "(Retry-After: 1)");
}

#[test]
fn the_check_before_grading_sends_again_once_after_a_reset() {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let server = RawServer::start(move |stream, _| {
        use std::io::Write;
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            reset(stream);
        } else {
            let mut stream = stream;
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    let run = grade(&[
        "--url",
        &server.url,
        "--format",
        "json",
        awake_hint().path(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(statuses(&run.json()), ["passed"]);
}

#[test]
fn a_learner_whose_host_never_woke_did_not_answer_and_is_graded_again_when_it_does() {
    let dir = temp_dir("asleep-batch");
    let sleeping = Arc::new(AtomicUsize::new(1));
    let flag = sleeping.clone();
    let host = Server::start(move |_| {
        if flag.load(Ordering::SeqCst) == 1 {
            Reply::ok("waking up").status(503)
        } else {
            Reply::ok("ok")
        }
    });
    let roster = dir.join("roster.csv");
    std::fs::write(&roster, format!("learner,url\nada,{}\n", host.url)).unwrap();
    let results = dir.join("results.ndjson");
    let challenge = awake_hint();
    let first = grade(&[
        "batch",
        roster.to_str().unwrap(),
        challenge.path(),
        "--results",
        results.to_str().unwrap(),
    ]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_contains(&first.stderr, "1 did not answer");
    let record: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&results).unwrap().trim()).unwrap();
    assert_eq!(record["status"], "unreachable");
    assert_contains(record["reason"].as_str().unwrap(), "answered 503");
    sleeping.store(0, Ordering::SeqCst);
    let again = grade(&[
        "batch",
        roster.to_str().unwrap(),
        challenge.path(),
        "--results",
        results.to_str().unwrap(),
        "--resume",
        "--retry-unreachable",
    ]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let text = std::fs::read_to_string(&results).unwrap();
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["status"], "graded");
    assert_eq!(last["passed"], 1);
}
