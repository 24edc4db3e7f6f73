//! Hints that never end, servers that never answer, hosts that must not be reached: each ends
//! within its deadline with a verdict that says why, and the next hint still runs.

use std::time::Duration;

use super::support::{assert_contains, grade, messages, statuses, Reply, Server, TempChallenge};

/// Runs each `code` as hint 1 with a passing hint 2 after it, with a 2 s deadline.
#[track_caller]
fn check_runaway(name: &str, code: &str, allowed: &[&str], message: &str) {
    let server = Server::start(|_| Reply::ok("hello"));
    let challenge = TempChallenge::new(
        name,
        &[("Runs away.", code), ("Still runs.", "assert.ok(true)")],
    );
    let run = grade(&[
        "--url",
        &server.url,
        "--timeout",
        "2",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(run.code, 1, "{name}: {}", run.stderr);
    let report = run.json();
    let got = statuses(&report);
    assert!(allowed.contains(&got[0].as_str()), "{name}: {got:?}");
    assert_eq!(got[1], "passed", "{name}: the next hint must still run");
    assert!(
        messages(&report)[0].contains(message),
        "{name}: {}",
        messages(&report)[0]
    );
    let took = report["challenges"][0]["hints"][0]["duration_ms"]
        .as_u64()
        .unwrap();
    assert!(
        took <= 3000,
        "{name} took {took} ms, more than the deadline plus one second"
    );
}

#[test]
fn an_endless_loop_is_stopped_at_the_deadline() {
    check_runaway(
        "loop",
        "while (true) {}",
        &["timed_out"],
        "did not finish within 2 s",
    );
}

#[test]
fn an_endless_loop_after_an_await_is_stopped_too() {
    check_runaway(
        "loop-after-await",
        "await fetch(code);\nwhile (true) {}",
        &["timed_out"],
        "did not finish within 2 s",
    );
}

#[test]
fn a_catastrophic_regex_is_stopped() {
    check_runaway(
        "regex",
        "/^(a+)+$/.test('a'.repeat(40) + 'b')",
        &["timed_out"],
        "did not finish within 2 s",
    );
}

#[test]
fn unbounded_allocation_hits_the_memory_limit() {
    check_runaway(
        "memory",
        "const parts = [];\nwhile (true) parts.push('x'.repeat(1 << 20) + parts.length);",
        &["errored", "timed_out"],
        "",
    );
}

#[test]
fn endless_recursion_hits_the_stack_limit() {
    check_runaway(
        "recursion",
        "function down(n) { return down(n + 1) + 1; }\ndown(0);",
        &["errored"],
        "RangeError: Maximum call stack size exceeded",
    );
}

#[test]
fn a_refused_connection_is_one_diagnosis_before_any_hint() {
    // Bind a port and drop it, so nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let challenge = TempChallenge::new(
        "refused",
        &[
            ("Home answers.", "await fetch(code)"),
            ("Again.", "await fetch(code)"),
        ],
    );
    let run = grade(&[
        "--url",
        &format!("http://127.0.0.1:{port}"),
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no hint ran: {}", run.stdout);
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        &format!("could not connect to 127.0.0.1:{port}: connection refused"),
    );
    assert_contains(
        &run.stderr,
        "help: is the app running? Start it, or let grade start it: --start",
    );
}

#[test]
fn a_server_that_answers_too_slowly_times_out_and_says_what_it_waited_for() {
    let server = Server::start(|seen| {
        let late = Reply::ok("late").delay(Duration::from_secs(5));
        if seen.path == "/" {
            Reply::ok("home")
        } else {
            late
        }
    });
    let challenge = TempChallenge::new(
        "slow",
        &[("Answers in time.", "await fetch(code + '/slow')")],
    );
    let run = grade(&[
        "--url",
        &server.url,
        "--timeout",
        "1",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(statuses(&report), ["timed_out"]);
    let message = &messages(&report)[0];
    assert!(
        message.contains(&format!(
            "still waiting for an answer to GET {}/slow",
            server.url
        )),
        "{message}"
    );
    assert!(
        run.elapsed < Duration::from_secs(4),
        "took {:?}",
        run.elapsed
    );
}

#[test]
fn hint_code_may_only_reach_the_graded_host() {
    let server = Server::start(|_| Reply::ok("hello"));
    let challenge = TempChallenge::new(
        "hosts",
        &[
            (
                "Metadata.",
                "await fetch('http://169.254.169.254/latest/meta-data/')",
            ),
            ("Files.", "await fetch('file:///etc/passwd')"),
            ("Elsewhere.", "await fetch('http://localhost.example/')"),
        ],
    );
    let run = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    let report = run.json();
    assert_eq!(statuses(&report), ["errored", "errored", "errored"]);
    let messages = messages(&report);
    assert_contains(
        &messages[0],
        "refused a request to http://169.254.169.254:80",
    );
    assert_contains(&messages[1], "refused `file:///etc/passwd`");
    assert_contains(
        &messages[2],
        "refused a request to http://localhost.example:80",
    );
    let allowed = grade(&[
        "--url",
        &server.url,
        "--allow-host",
        "169.254.169.254",
        "--timeout",
        "1",
        "--format",
        "json",
        challenge.path(),
    ]);
    let first = &super::support::messages(&allowed.json())[0];
    assert!(!first.contains("refused a request"), "{first}");
}

#[test]
fn a_hint_with_a_syntax_error_is_errored_at_its_line() {
    let server = Server::start(|_| Reply::ok("hello"));
    let challenge = TempChallenge::new(
        "syntax",
        &[
            ("Broken.", "const ok = 1;\nconst x = ;"),
            ("Fine.", "assert(true)"),
        ],
    );
    let run = grade(&["--url", &server.url, challenge.path()]);
    assert_eq!(run.code, 1);
    assert_contains(&run.stderr, "the hint does not compile: SyntaxError");
    assert_contains(&run.stderr, &format!("--> {}:14:11", challenge.path()));
    assert_contains(&run.stderr, "2 hints: 1 passed, 1 errored");
}

#[test]
fn hint_code_has_no_files_processes_or_modules() {
    let server = Server::start(|_| Reply::ok("hello"));
    let code = "const names = ['require', 'process', 'std', 'os', 'print', 'scriptArgs', 'Deno', 'Bun', 'module', '__graderHost'];\n\
                const global = new Function('return this')();\n\
                assert.deepEqual(names.filter((n) => typeof global[n] !== 'undefined'), [], 'nothing through new Function');\n\
                assert.deepEqual(names.filter((n) => typeof (0, eval)(`typeof ${n}`) !== 'string' || (0, eval)(`typeof ${n}`) !== 'undefined'), [], 'nothing through eval');\n\
                assert.deepEqual(names.filter((n) => typeof globalThis[n] !== 'undefined'), []);\n\
                let loaded = true;\n\
                try { await import('os'); } catch (e) { loaded = false; }\n\
                assert.isFalse(loaded, 'modules cannot be imported');";
    let challenge = TempChallenge::new("sandbox", &[("Nothing outside.", code)]);
    let run = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    assert_eq!(statuses(&run.json()), ["passed"], "{}", run.stdout);
}
