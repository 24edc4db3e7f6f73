//! A diagnosis appears only under an outcome its rule can explain: for each rule, a hint that
//! fails for another cause, on an app that makes the rule's mistake, shows none.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::support::{fixture_server, grade, Reply, Server, TempChallenge};

/// Each hint's status and diagnosis rule (or "-"), in order.
fn verdicts(args: &[&str]) -> Vec<(String, String)> {
    let run = grade(args);
    let report = run.json();
    report["challenges"][0]["hints"]
        .as_array()
        .unwrap_or_else(|| panic!("{}\n{}", run.stdout, run.stderr))
        .iter()
        .map(|h| {
            (
                h["status"].as_str().unwrap().to_string(),
                h["diagnosis"]["rule"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

fn pair(status: &str, rule: &str) -> (String, String) {
    (status.to_string(), rule.to_string())
}

/// A hint that fails by its own assertion, whatever the app answers.
const WRONG: (&str, &str) = (
    "Fails for its own reason.",
    "const res = await fetch(code + '/api/data');\nassert.equal(await res.text(), 'something else', 'the answer is checked');",
);

#[test]
fn missing_cors_headers_explain_only_what_the_sites_page_could_not_read() {
    // No CORS headers anywhere.
    let server = Server::start(|_| Reply::ok("data"));
    let challenge = TempChallenge::new(
        "cors",
        &[WRONG, ("Reads the answer.", "const res = await fetch(code + '/api/data');\nassert.equal(await res.text(), 'data');")],
    );
    let local = verdicts(&["--url", &server.url, "--format", "json", challenge.path()]);
    assert_eq!(local, [pair("failed", "-"), pair("passed", "-")]);
    let site = verdicts(&[
        "--url",
        &server.url,
        "--profile",
        "freecodecamp",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(
        site,
        [
            pair("failed", "cors-missing"),
            pair("failed", "cors-missing")
        ]
    );
}

#[test]
fn the_boilerplates_test_routes_explain_only_failures_that_asked_them() {
    let server = Server::start(|seen| match seen.path.as_str() {
        "/_api/get-tests" => {
            Reply::ok("{\"status\":\"unavailable\"}").header("content-type", "application/json")
        }
        "/_api/app-info" => Reply::ok("Not Found").status(404),
        _ => Reply::ok("data"),
    });
    let challenge = TempChallenge::new(
        "boilerplate",
        &[
            (
                "Asks the test route, then passes.",
                "await fetch(code + '/_api/get-tests');\nawait fetch(code + '/_api/app-info');\nassert.ok(true);",
            ),
            WRONG,
            (
                "Reads the test results.",
                "const tests = await (await fetch(code + '/_api/get-tests')).json();\nassert.isArray(tests);",
            ),
            (
                "Reads the app's information.",
                "const res = await fetch(code + '/_api/app-info');\nassert.equal(res.status, 200);",
            ),
        ],
    );
    let got = verdicts(&["--url", &server.url, "--format", "json", challenge.path()]);
    assert_eq!(
        got,
        [
            pair("passed", "-"),
            pair("failed", "-"),
            pair("failed", "node-env-test"),
            pair("failed", "api-routes-missing"),
        ]
    );
}

#[test]
fn a_sleeping_host_is_told_under_a_hint_it_explains_not_under_an_unrelated_failure() {
    // The first answer takes 5.5 s, as a free host waking up; the rest are quick.
    let asleep = Arc::new(AtomicBool::new(true));
    let server = Server::start(move |_| {
        let first = asleep.swap(false, Ordering::SeqCst);
        let reply = Reply::ok("data");
        if first {
            reply.delay(Duration::from_millis(5500))
        } else {
            reply
        }
    });
    let challenge = TempChallenge::new(
        "sleepy",
        &[WRONG, ("Reads the answer.", "const res = await fetch(code + '/api/data');\nassert.equal(await res.text(), 'data');")],
    );
    let got = verdicts(&["--url", &server.url, "--format", "json", challenge.path()]);
    assert_eq!(got, [pair("failed", "-"), pair("passed", "sleeping-host")]);
}

#[test]
fn an_ignored_port_is_a_note_under_a_passed_hint_not_under_a_failure() {
    let fixed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = fixture_server("projects-app");
    let command = format!("DEFECT_FIXED_PORT={fixed} exec node {server}");
    let challenge = TempChallenge::new(
        "port",
        &[
            (
                "Fails for its own reason.",
                "const res = await fetch(code + '/api/whoami');\nassert.equal(res.status, 418, 'the status is checked');",
            ),
            (
                "Answers.",
                "const res = await fetch(code + '/api/whoami');\nassert.equal(res.status, 200);",
            ),
        ],
    );
    let got = verdicts(&["--start", &command, "--format", "json", challenge.path()]);
    assert_eq!(got, [pair("failed", "-"), pair("passed", "port-ignored")]);
}
