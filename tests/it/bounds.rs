//! Bounds no hint can break: a hint stuck in a native builtin is stopped and leaves nothing
//! running, Ctrl-C holds there too, everything a hint produces is capped, pending work is waited
//! for without a round limit, running out of memory says so, and no patch a hint makes to the
//! runtime turns a failure into a pass.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::start::{assert_none_left, processes_with, unique};
use super::support::{
    assert_contains, grade, grade_measured, interrupt_and_wait, messages, statuses, Reply, Server,
    TempChallenge,
};

/// Runs the hints with `--timeout SECONDS` and returns the JSON report.
fn report(server: &Server, seconds: &str, hints: &[(&str, &str)]) -> serde_json::Value {
    let challenge = TempChallenge::new("bounds", hints);
    let run = grade(&[
        "--url",
        &server.url,
        "--timeout",
        seconds,
        "--jobs",
        "1",
        "--format",
        "json",
        challenge.path(),
    ]);
    run.json()
}

fn hint_field<'a>(report: &'a serde_json::Value, index: usize, key: &str) -> &'a serde_json::Value {
    &report["challenges"][0]["hints"][index][key]
}

#[test]
fn native_builtins_that_never_yield_are_stopped_soon_after_the_deadline() {
    let server = Server::start(|_| Reply::ok("hello"));
    let loops = [
        "Array.prototype.reverse.call({length: 2**40})",
        "Array.prototype.copyWithin.call({length: 2**40}, 0, 1)",
        "Array.prototype.shift.call({length: 2**40})",
        "Array.prototype.splice.call({length: 2**40}, 0, 1)",
        "Array.prototype.toLocaleString.call({length: 2**40})",
        "Array.prototype.join.call({length: 2**32}, '')",
    ];
    let mut hints = Vec::new();
    for code in loops {
        hints.push(("Spins in a builtin.", code));
        hints.push(("Runs after it.", "assert.isTrue(true)"));
    }
    let report = report(&server, "2", &hints);
    let got = statuses(&report);
    for (i, code) in loops.iter().enumerate() {
        assert_eq!(
            got[2 * i],
            "timed_out",
            "{code}: {:?}",
            messages(&report)[2 * i]
        );
        assert_eq!(got[2 * i + 1], "passed", "the hint after {code} still runs");
        assert_contains(&messages(&report)[2 * i], "did not finish within 2 s");
        let took = hint_field(&report, 2 * i, "duration_ms").as_u64().unwrap();
        assert!(
            took <= 3000,
            "{code} was stopped after {took} ms, more than a second past its deadline"
        );
    }
}

#[test]
fn nothing_keeps_spinning_after_a_hint_stuck_in_a_builtin_is_stopped() {
    let server = Server::start(|_| Reply::ok("hello"));
    let challenge = TempChallenge::new(
        "spin-then-wait",
        &[
            ("Spins.", "Array.prototype.reverse.call({length: 2**40})"),
            ("Waits.", "await new Promise(r => setTimeout(r, 1500))"),
            (
                "Waits again.",
                "await new Promise(r => setTimeout(r, 1500))",
            ),
        ],
    );
    let (run, usage) = grade_measured(&[
        "--url",
        &server.url,
        "--timeout",
        "2",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(statuses(&run.json()), ["timed_out", "passed", "passed"]);
    // The stopped hint burns about 2.5 s of CPU; the two that wait burn almost none. A worker
    // left spinning would add three more seconds.
    assert!(
        usage.cpu < Duration::from_millis(3800),
        "the run used {:?} of CPU in {:?}",
        usage.cpu,
        run.elapsed
    );
}

#[test]
fn ctrl_c_inside_a_native_builtin_ends_grade_at_once_and_stops_the_app() {
    let marker = unique("native");
    let challenge = TempChallenge::new(
        "native-spin",
        &[(
            "Spins.",
            "await fetch(code);\nArray.prototype.reverse.call({length: 2**40})",
        )],
    );
    let server = super::support::fixture_server("logout-app");
    let command = format!("exec node {server} {marker}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(["--start", &command, "--timeout", "60", challenge.path()])
        .current_dir(super::support::root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while processes_with(&marker).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    // Long enough for the app to answer and the hint to be deep in the builtin.
    std::thread::sleep(Duration::from_millis(2500));
    let (stopped, took) = interrupt_and_wait(&mut child);
    assert!(stopped.is_some(), "grade did not stop");
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        took <= Duration::from_secs(1),
        "grade took {took:?} to stop"
    );
    assert_none_left(&marker);
    assert_eq!(
        orphaned_workers(),
        Vec::<String>::new(),
        "a hint worker was left behind"
    );
}

/// Hint workers whose `grade` is gone (they were handed to init); other tests' workers still
/// have their parent.
fn orphaned_workers() -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let orphans: Vec<String> = processes_with("__hint-worker")
            .into_iter()
            .filter(|line| {
                let pid = line.split(':').next().unwrap_or("");
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
                // The parent's pid is the fourth field, after the name in parentheses.
                let after_name = stat.rsplit(')').next().unwrap_or("");
                after_name.split_whitespace().nth(1) == Some("1")
            })
            .collect();
        if orphans.is_empty() || Instant::now() > deadline {
            return orphans;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_flood_of_console_output_is_capped_in_bytes() {
    let server = Server::start(|_| Reply::ok("hello"));
    let challenge = TempChallenge::new(
        "console-flood",
        &[(
            "Logs a lot.",
            "const s = 'y'.repeat(30 << 20); for (let i = 0; i < 60; i++) console.log(s);\nassert.fail('after the flood')",
        )],
    );
    let (run, usage) = grade_measured(&[
        "--url",
        &server.url,
        "--timeout",
        "20",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert!(
        run.stdout.len() < 2 << 20,
        "a report of {} bytes",
        run.stdout.len()
    );
    let report = run.json();
    assert_eq!(statuses(&report), ["failed"]);
    let console: Vec<String> = hint_field(&report, 0, "console")
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    let kept: usize = console.iter().map(String::len).sum();
    assert!(kept <= (1 << 20) + 1024, "{kept} bytes of console kept");
    assert_contains(console.last().unwrap(), "console output cut at 1024 KiB");
    assert!(
        usage.peak_rss < 250 << 20,
        "peak memory {} MiB",
        usage.peak_rss >> 20
    );
}

#[test]
fn a_flood_of_requests_is_counted_not_kept() {
    let server = Server::start(|_| Reply::ok("ok").delay(Duration::from_millis(1)));
    let challenge = TempChallenge::new(
        "request-flood",
        &[(
            "Posts forever.",
            "for (;;) { fetch(code + '/x', { method: 'POST', body: 'a' }); await new Promise(r => setTimeout(r, 0)); }",
        )],
    );
    let (run, usage) = grade_measured(&[
        "--url",
        &server.url,
        "--timeout",
        "3",
        "--no-cors-check",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert!(
        run.stdout.len() < 200 << 10,
        "a report of {} bytes",
        run.stdout.len()
    );
    let report = run.json();
    assert_eq!(statuses(&report), ["timed_out"]);
    let requests = hint_field(&report, 0, "requests").as_array().unwrap().len();
    assert_eq!(requests, 50, "the first 50 requests are kept");
    assert!(hint_field(&report, 0, "omitted_requests").as_u64().unwrap() > 0);
    let message = &messages(&report)[0];
    assert!(message.len() < 2048, "{message}");
    assert_contains(message, "still waiting for an answer to POST");
    assert!(
        usage.peak_rss < 250 << 20,
        "peak memory {} MiB",
        usage.peak_rss >> 20
    );
}

#[test]
fn pending_timers_are_waited_for_without_a_round_limit() {
    let server = Server::start(|_| Reply::ok("hello"));
    let report = report(
        &server,
        "10",
        &[
            (
                "A long chain of timeouts ends in a throw.",
                "let n = 0;\nconst step = () => { if (++n === 20000) throw new Error('chain end'); setTimeout(step, 0); };\nsetTimeout(step, 0);",
            ),
            (
                "An interval left running is cleared.",
                "let n = 0;\nsetInterval(() => { if (++n === 20000) throw new Error('x') }, 0)",
            ),
            (
                "A timer that throws later fails the hint.",
                "setTimeout(() => { throw new Error('late') }, 300)",
            ),
        ],
    );
    assert_eq!(statuses(&report), ["failed", "passed", "failed"]);
    assert_contains(&messages(&report)[0], "Error: chain end");
    assert_contains(
        hint_field(&report, 1, "notes")[0].as_str().unwrap(),
        "an interval (setInterval) was still running when nothing else was pending; it was cleared",
    );
    assert_contains(&messages(&report)[2], "Error: late");
}

#[test]
fn running_out_of_memory_is_errored_and_says_so() {
    let server = Server::start(|_| Reply::ok("hello"));
    let report = report(
        &server,
        "20",
        &[
            ("Objects without end.", "const a = [];\nwhile (true) a.push({})"),
            ("Promises without end.", "const f = () => Promise.resolve().then(f);\nf();"),
            (
                "Caught and ignored.",
                "try { const a = []; while (true) a.push('x'.repeat(1 << 20) + a.length); } catch (e) {}",
            ),
        ],
    );
    assert_eq!(statuses(&report), ["errored", "errored", "errored"]);
    for message in messages(&report) {
        assert_contains(&message, "the hint ran out of memory");
    }
}

/// Each hint patches the runtime and then makes an assertion that fails; each must fail.
#[test]
fn no_patch_to_the_runtime_turns_a_failure_into_a_pass() {
    let server = Server::start(|_| Reply::ok("hello"));
    let forgeries = [
        "Object.prototype.then = function (r) { delete Object.prototype.then; r({status: 'passed'}) };\nassert.equal(1, 2)",
        "Object.assign = () => ({ status: 'passed' });\nassert.equal(1, 2)",
        "Array.prototype[Symbol.iterator] = function* () {};\nsetTimeout(() => { throw new Error('late') }, 10)",
        "Map.prototype.values = function () { return [][Symbol.iterator]() };\nPromise.reject(new Error('unhandled'))",
        "Promise.prototype.then = function (ok) { ok() };\nreturn (async () => { assert.fail('x') })()",
        "Object.defineProperty(Promise.prototype, 'constructor', { get() { return function () {} } });\nreturn (async () => { assert.fail('x') })()",
        "Object.prototype.negate = true;\nassert.equal(1, 2)",
        "assert.equal = () => {};\nassert.equal(1, 2)",
        "globalThis.assert = { equal() {} };\nassert.equal(1, 2)",
        "JSON.stringify = () => '1'; JSON.parse = () => 1;\nassert.deepEqual({ a: 1 }, { a: 2 })",
        "Object.defineProperty(Error.prototype, 'name', { set() {}, get() { return 'X' } });\nassert.equal(1, 2)",
        "String.prototype.indexOf = () => 0; Array.prototype.indexOf = () => 0;\nassert.include('abc', 'z')",
        "RegExp.prototype.exec = () => ['']; RegExp.prototype.test = () => true;\nassert.match('abc', /z/)",
        "Object.keys = () => []; Object.getOwnPropertyNames = () => [];\nassert.deepEqual({ a: 1 }, { a: 2 })",
        "Map.prototype.has = () => false; Set.prototype.has = () => false;\nsetTimeout(() => assert.fail('in a timer'), 0)",
        "Function.prototype.call = function () {}; Function.prototype.apply = function () {};\nassert.isTrue(false)",
        "Error.prototype.toString = () => 'passed';\nthrow new Error('thrown')",
        "AssertionError.prototype.name = 'Passed';\nassert.strictEqual(1, '1')",
    ];
    let hints: Vec<(&str, &str)> = forgeries.iter().map(|code| ("Forges.", *code)).collect();
    let report = report(&server, "5", &hints);
    for (code, (status, message)) in forgeries
        .iter()
        .zip(statuses(&report).iter().zip(messages(&report)))
    {
        assert_ne!(status, "passed", "{code} passed: {message}");
        assert_ne!(status, "timed_out", "{code} timed out: {message}");
    }
}

#[test]
fn hint_code_reaches_only_the_graded_origin() {
    let other = Server::start(|_| Reply::ok("another service"));
    let other_port = other.url.rsplit(':').next().unwrap().to_string();
    // The app's redirects go anywhere public, but not to another private address.
    let private = Server::start_on("127.0.0.2", |_| Reply::ok("another service"));
    let private_port = private.url.rsplit(':').next().unwrap().to_string();
    let redirect = format!("http://127.0.0.2:{private_port}/admin");
    let server = Server::start(move |seen| match seen.path.as_str() {
        "/jump" => Reply::ok("").status(302).header("Location", &redirect),
        "/headers" => Reply::ok(&format!(
            "{:?}",
            seen.headers
                .iter()
                .find(|(k, _)| k == "host")
                .map(|(_, v)| v.clone())
        )),
        _ => Reply::ok("home"),
    });
    let report = report(
        &server,
        "5",
        &[
            ("Another port.", &format!("await fetch('http://127.0.0.1:{other_port}/')")),
            ("A redirect to another port.", "await fetch(code + '/jump')"),
            ("Credentials in the URL.", &format!("await fetch('http://user:pw@{}/')", server.url.trim_start_matches("http://"))),
            (
                "A Host header.",
                "const res = await fetch(code + '/headers', { headers: { Host: 'evil.example', Connection: 'close' } });\nassert.notInclude(await res.text(), 'evil');\nconsole.log('done');\nassert.fail('show the console')",
            ),
        ],
    );
    assert_eq!(
        statuses(&report),
        ["errored", "errored", "failed", "failed"]
    );
    let messages = messages(&report);
    assert_contains(
        &messages[0],
        &format!("refused a request to http://127.0.0.1:{other_port}"),
    );
    assert_contains(
        &messages[1],
        &format!("refused http://127.0.0.2:{private_port}: 127.0.0.2 is a loopback address"),
    );
    assert_contains(
        &messages[2],
        "Request cannot be constructed from a URL that includes credentials",
    );
    assert_contains(&messages[3], "show the console");
    let console = hint_field(&report, 3, "console").to_string();
    assert_contains(
        &console,
        "the header `host` was not sent: browsers do not let a page set it",
    );
    let refused = grade(&["--url", "http://user:pw@127.0.0.1:9/", "log-a-user-out"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert_contains(&refused.stderr, "includes credentials");
}

#[test]
fn untrusted_text_cannot_drive_the_terminal_or_the_ci_log() {
    let server = Server::start(|_| {
        Reply::ok("\u{1b}]0;owned\u{7}\u{1b}[2Jbody\r\n::add-mask::secret\n::error::forged")
    });
    let challenge = TempChallenge::new(
        "escapes",
        &[(
            "Shows the answer.",
            "const text = await (await fetch(code)).text();\nconsole.log(text);\nassert.equal(text, 'something else')",
        )],
    );
    let human = grade(&[
        "--url",
        &server.url,
        "-v",
        "--no-cors-check",
        challenge.path(),
    ]);
    assert!(!human.stderr.contains('\u{1b}'), "{}", human.stderr);
    assert_contains(&human.stderr, "\\u{1b}]0;owned");
    let github = grade(&[
        "--url",
        &server.url,
        "-v",
        "--no-cors-check",
        "--format",
        "github",
        challenge.path(),
    ]);
    let lines: Vec<&str> = github.stdout.lines().collect();
    let token = lines[0]
        .strip_prefix("::stop-commands::")
        .unwrap_or_else(|| panic!("no fence first: {}", github.stdout));
    let end = lines
        .iter()
        .position(|l| *l == format!("::{token}::"))
        .expect("the fence ends");
    for line in &lines[end + 1..] {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line}"
        );
        assert!(!line.contains("::add-mask::"), "{line}");
    }
    let inside = lines[1..end].join("\n");
    assert_contains(&inside, "::add-mask::secret");
    assert!(!github.stdout.contains('\u{1b}'));
}

#[test]
fn validate_compiles_hint_code_without_running_any_of_it() {
    let challenge = TempChallenge::new(
        "escape-the-wrapper",
        &[
            (
                "Closes the wrapper early.",
                "1)), (() => { while (true) {} })(), ((1",
            ),
            (
                "Closes the body early.",
                "}), (() => { while (true) {} })(), (async () => {",
            ),
            (
                "Spins in a builtin.",
                "Array.prototype.reverse.call({length: 2**40})",
            ),
        ],
    );
    let run = grade(&["validate", challenge.path()]);
    assert!(
        run.elapsed < Duration::from_secs(20),
        "took {:?}",
        run.elapsed
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
}

#[test]
fn hostile_front_matter_and_markers_are_refused_in_linear_time() {
    use grader::parse::parse;
    let deep = format!("---\nid: x\nx: {}\n---\n", "[".repeat(100_000));
    let parsed = parse(std::path::Path::new("deep.md"), &deep);
    assert!(
        parsed.diagnostics.iter().any(|d| d
            .message
            .contains("nests brackets more than 64 levels deep")),
        "{:?}",
        parsed.diagnostics
    );
    let mut repeated = String::from("---\nid: 000000000000000000000001\ntitle: t\nchallengeType: 2\ndashedName: t\n---\n\n# --hints--\n\nOne.\n\n```js\nassert(true)\n```\n\n");
    repeated.push_str(&"# --hints--\n\n".repeat(100_000));
    let parsed = parse(std::path::Path::new("markers.md"), &repeated);
    let second: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("a second `--hints--` section"))
        .collect();
    assert_eq!(second.len(), 1, "{:?}", parsed.diagnostics.len());
    assert_contains(
        &second[0].message,
        "(and 99999 more times); the first is on line 8",
    );
    assert_eq!(parsed.challenge.hints.len(), 1);
}
