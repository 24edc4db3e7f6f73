//! `--start` starts the learner's app in its own process group and stops all of it whatever
//! happens: a passing run, a failing one, an app that never comes up, Ctrl-C. `--wait` waits for
//! a slow host.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::support::{assert_contains, grade, grade_with_env, interrupt_and_wait, TempChallenge};

/// Processes whose command line contains `marker`.
pub(super) fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(bytes) = std::fs::read(entry.path().join("cmdline")) {
            let line = String::from_utf8_lossy(&bytes).replace('\0', " ");
            if line.contains(marker) {
                found.push(format!("{}: {line}", entry.file_name().to_string_lossy()));
            }
        }
    }
    found
}

/// Waits briefly for the processes to go, since signals take a moment to land.
#[track_caller]
pub(super) fn assert_none_left(marker: &str) {
    let deadline = Instant::now() + Duration::from_secs(3);
    while !processes_with(marker).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        processes_with(marker),
        Vec::<String>::new(),
        "processes left behind"
    );
}

/// The fixture app, plus a second process in the same group that would outlive a careless stop.
fn command(marker: &str) -> String {
    let server = super::support::fixture_server("logout-app");
    format!("node -e 'setInterval(() => {{}}, 1000)' {marker} & exec node {server} {marker}")
}

pub(super) fn unique(name: &str) -> String {
    format!("grader-marker-{name}-{}", std::process::id())
}

#[test]
fn a_passing_run_stops_the_app_and_everything_it_started() {
    let marker = unique("pass");
    let run = grade(&["--start", &command(&marker), "log-a-user-out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "started `node -e");
    assert_contains(&run.stderr, "3 hints: 3 passed");
    assert_none_left(&marker);
}

#[test]
fn a_failing_run_stops_the_app_too() {
    let marker = unique("fail");
    let run = grade_with_env(
        &[
            "--start",
            &command(&marker),
            "log-a-user-out",
            "--format",
            "json",
        ],
        &[("DEFECT_NO_404", "1")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.json()["summary"]["failed"], 1);
    assert_none_left(&marker);
}

#[test]
fn an_app_that_ends_early_exits_3_and_shows_its_output() {
    let run = grade(&[
        "--start",
        "echo starting up; echo 'Error: Cannot find module express' >&2; exit 1",
        "log-a-user-out",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "ended (exit status: 1) before http://127.0.0.1:",
    );
    // Its output and its errors come through two pipes, in either order.
    assert_contains(&run.stderr, "the app's output:\n");
    assert_contains(&run.stderr, "  | starting up\n");
    assert_contains(&run.stderr, "  | Error: Cannot find module express\n");
}

#[test]
fn an_app_that_never_answers_exits_3_within_the_ready_timeout() {
    let marker = unique("silent");
    let started = Instant::now();
    let run = grade(&[
        "--start",
        &format!("node -e 'setInterval(() => {{}}, 1000)' {marker}"),
        "--ready-timeout",
        "1",
        "log-a-user-out",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_contains(&run.stderr, "did not answer within 1 s");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
    assert_none_left(&marker);
}

/// Starts `grade --start START CHALLENGE` (`START` holds `marker`), waits until grade and the
/// app are both up and then `settle` more, sends Ctrl-C, and returns how grade ended.
fn interrupted(marker: &str, start: &str, challenge: &str, settle: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(["--start", start, "--timeout", "30", challenge])
        .current_dir(super::support::root())
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // grade itself, whose arguments hold the marker, and the app.
    let deadline = Instant::now() + Duration::from_secs(20);
    while processes_with(marker).len() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(settle);
    let (stopped, _) = interrupt_and_wait(&mut child);
    assert!(stopped.is_some(), "grade did not stop");
    child.wait_with_output().unwrap()
}

#[test]
fn ctrl_c_stops_the_run_and_the_app() {
    let marker = unique("interrupt");
    let looping = TempChallenge::new(
        "looping-app",
        &[("Spins.", "await fetch(code);\nwhile (true) {}")],
    );
    // Until the hint is spinning.
    let output = interrupted(
        &marker,
        &command(&marker),
        looping.path(),
        Duration::from_millis(800),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert_none_left(&marker);
}

/// Ctrl-C while a started app has not answered yet: said, exit 130, the app stopped.
#[test]
fn ctrl_c_before_the_app_answers_says_so_and_stops_it() {
    let marker = unique("interrupt-early");
    let start = format!("exec node -e 'setInterval(() => {{}}, 1000)' {marker}");
    let output = interrupted(&marker, &start, "log-a-user-out", Duration::ZERO);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_none_left(&marker);
}

#[test]
fn wait_polls_until_a_slow_host_answers() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The host wakes up after a second and a half.
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
        for stream in listener.incoming().flatten() {
            use std::io::{Read, Write};
            let mut stream = stream;
            let mut buffer = [0u8; 1024];
            let _ = stream.read(&mut buffer);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    let url = format!("http://127.0.0.1:{port}");
    let challenge = TempChallenge::new(
        "awake",
        &[(
            "Awake.",
            "assert.equal(await (await fetch(code)).text(), 'ok')",
        )],
    );
    let without = grade(&["--url", &url, challenge.path(), "--format", "json"]);
    assert_eq!(
        without.code, 3,
        "without --wait the sleeping host is not graded: {}",
        without.stderr
    );
    assert_contains(&without.stderr, "did not answer, so no hint was run");
    assert_contains(&without.stderr, "help: is the app running?");
    assert_eq!(without.stderr.matches("error:").count(), 1, "one diagnosis");
    let with = grade(&[
        "--url",
        &url,
        "--wait",
        challenge.path(),
        "--format",
        "json",
    ]);
    assert_eq!(with.code, 0, "{}", with.stderr);
    let nobody = grade(&[
        "--url",
        "http://127.0.0.1:9",
        "--wait",
        "--ready-timeout",
        "1",
        challenge.path(),
    ]);
    assert_eq!(nobody.code, 3);
    assert_contains(
        &nobody.stderr,
        "http://127.0.0.1:9 did not answer within 1 s",
    );
}
