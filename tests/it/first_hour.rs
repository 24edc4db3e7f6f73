//! A new user's first hour: requests as a browser sends them, names from the clock that never
//! collide, `--start` that grades only what it started, honest exit codes for broken inputs and
//! lost outputs, and the conventions of the command line.

use std::sync::{Arc, Mutex};

use super::support::{
    assert_contains, grade, grade_with_env, messages, statuses, App, Reply, Seen, Server,
    TempChallenge,
};

/// The header parser project: `/api/whoami` reports the browser's language and software.
#[test]
fn the_header_parser_sees_a_browsers_language_and_software() {
    let app = App::projects(&[]);
    let challenge = TempChallenge::new(
        "whoami",
        &[
            (
                "`/api/whoami` returns your preferred language.",
                "const data = await (await fetch(code + '/api/whoami')).json();\nassert(data.language && data.language.length > 0);",
            ),
            (
                "`/api/whoami` returns your software.",
                "$.get(code + '/api/whoami').then((data) => assert(data.software && data.software.length > 0), (xhr) => { throw new Error(xhr.responseText); });",
            ),
        ],
    );
    for _ in 0..20 {
        let run = grade(&["--url", &app.url, "--format", "json", challenge.path()]);
        assert_eq!(
            statuses(&run.json()),
            ["passed", "passed"],
            "{}",
            run.stdout
        );
    }
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let record = seen.clone();
    let server = Server::start(move |s| {
        record.lock().unwrap().push(s.clone());
        Reply::ok("{}")
    });
    let german = TempChallenge::new("headers", &[("Asks.", "await fetch(code + '/x')")]);
    let run = grade(&["--url", &server.url, "--lang", "de", german.path()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let seen = seen.lock().unwrap();
    let request = seen
        .iter()
        .find(|s| s.path == "/x")
        .expect("the hint's request");
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("accept-language"), Some("de,en;q=0.9"));
    assert_eq!(header("accept"), Some("*/*"));
    assert_eq!(header("origin"), Some("https://www.freecodecamp.org"));
    assert_eq!(header("sec-fetch-mode"), Some("cors"));
    assert!(header("user-agent").unwrap().starts_with("Mozilla/5.0"));
}

/// The metric converter: an app that answers one request twice makes Express close the socket
/// after a whole answer; the next hint's request must not fail on that pooled connection.
#[test]
fn a_connection_the_app_closed_after_answering_is_not_reused_blindly() {
    let app = App::projects(&[("DEFECT_DOUBLE_ANSWER", "1")]);
    let mut hints = Vec::new();
    for _ in 0..4 {
        hints.push((
            "An invalid number says so.",
            "const res = await fetch(code + '/api/convert?input=1//2kg');\nassert.equal(await res.text(), 'invalid number');",
        ));
        hints.push((
            "A valid input converts.",
            "const data = await (await fetch(code + '/api/convert?input=4kg')).json();\nassert.equal(data.returnUnit, 'lbs');",
        ));
    }
    let challenge = TempChallenge::new("convert", &hints);
    for round in 0..20 {
        let run = grade(&["--url", &app.url, "--format", "json", challenge.path()]);
        let report = run.json();
        assert!(
            statuses(&report).iter().all(|s| s == "passed"),
            "round {round}: {:?}",
            messages(&report)
        );
    }
}

/// The exercise tracker: each hint makes a user named from `Date.now()` cut to a tenth of a
/// second, and the app refuses a name that is taken.
#[test]
fn names_built_from_the_clock_never_collide() {
    let app = App::projects(&[]);
    let create = "const res = await fetch(code + '/api/users', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `username=fcc_test_${Date.now()}`.substring(0, 29) });\nconst user = await res.json();\nassert.exists(user._id, JSON.stringify(user));";
    let hints: Vec<(&str, &str)> = (0..5).map(|_| ("Makes a user.", create)).collect();
    let first = TempChallenge::new("tracker-one", &hints);
    let second = TempChallenge::new("tracker-second", &hints);
    for round in 0..20 {
        let run = grade(&[
            "--url",
            &app.url,
            "--jobs",
            "2",
            "--format",
            "json",
            first.path(),
            second.path(),
        ]);
        let report = run.json();
        assert_eq!(
            report["summary"]["passed"], 10,
            "round {round}: {}",
            run.stdout
        );
    }
}

#[test]
fn start_never_grades_a_program_it_did_not_start() {
    let holder = Server::start(|_| Reply::ok("an old instance"));
    let port = holder.url.rsplit(':').next().unwrap();
    let server = format!("node {}", super::support::fixture_server("projects-app"));
    let run = grade(&["--start", &server, "--url", &holder.url, "log-a-user-out"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_contains(&run.stderr, &format!("port {port} is already in use"));
    assert!(!run.stderr.contains("started `"), "{}", run.stderr);
}

#[test]
fn broken_or_missing_inputs_are_refused_before_anything_runs() {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let record = seen.clone();
    let server = Server::start(move |s| {
        record.lock().unwrap().push(s.clone());
        Reply::ok("ok")
    });
    // The grade binary itself, given as a challenge.
    let binary = env!("CARGO_BIN_EXE_grade");
    let run = grade(&["--url", &server.url, binary]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "the file is binary, not text");
    assert_contains(&run.stderr, "nothing was graded");
    assert!(seen.lock().unwrap().is_empty(), "no request may be sent");
    // A challenge with errors next to a good one: neither is graded.
    let broken = TempChallenge::from_text(
        "broken",
        "---\nid: 0000000000000000000000bb\ntitle: B\nchallengeType: 2\ndashedName: b\n---\n\n# --hints--\n\nNo code here.\n",
    );
    let good = TempChallenge::new("good", &[("Passes.", "assert(true)")]);
    let run = grade(&["--url", &server.url, broken.path(), good.path()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("Passes."), "{}", run.stderr);
    let shown = grade(&["show", broken.path()]);
    assert_eq!(shown.code, 2, "{}", shown.stderr);
    assert_contains(&shown.stderr, "hint 1 has text but no code block");
    // Missing paths and empty folders.
    let missing = grade(&["--url", &server.url, "/no/such/file.md"]);
    assert_eq!(missing.code, 2);
    assert_contains(
        &missing.stderr,
        "no such file or folder: `/no/such/file.md`",
    );
    let empty = super::support::temp_dir("empty");
    let empty_path = empty.to_str().unwrap();
    let run = grade(&["--url", &server.url, empty_path]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "no challenge files in");
    let run = grade(&["validate", empty_path]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "no challenge files in");
    let run = grade(&["list", "--challenges", empty_path]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "no challenges found in");
    assert!(seen.lock().unwrap().is_empty(), "no request may be sent");
}

#[test]
fn list_leaves_out_a_translation_it_cannot_read_and_says_why() {
    let root = super::support::temp_dir("list-broken");
    let write = |path: &str, text: &str| {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write(
        "english/block/a.md",
        "---\nid: 0000000000000000000000a1\ntitle: A\nchallengeType: 2\ndashedName: a\n---\n\n# --hints--\n\nOne.\n\n```js\nassert(true)\n```\n",
    );
    write(
        "german/block/a.md",
        "---\nid: [unclosed\n---\n\n# --hints--\n",
    );
    let run = grade(&["list", "--challenges", root.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    assert_contains(&run.stdout, "0000000000000000000000a1  a  A  [en; 1 hint]");
    assert_contains(&run.stderr, "invalid YAML in front matter");
    let json = grade(&["list", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let document: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(document["version"], 1);
    assert_eq!(document["challenges"][0]["dashedName"], "log-a-user-out");
    assert_eq!(document["challenges"][0]["builtin"], true);
}

#[test]
fn every_lost_output_is_an_error() {
    let server = Server::start(|_| Reply::ok("ok"));
    let challenge = TempChallenge::new("outputs", &[("Passes.", "assert(true)")]);
    let run = grade(&[
        "--url",
        &server.url,
        "--report-json",
        "/dev/full",
        challenge.path(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "could not write the JSON report `/dev/full`");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(["--url", &server.url, "--format", "json", challenge.path()])
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_contains(
        &String::from_utf8_lossy(&output.stderr),
        "could not write stdout",
    );
    let run = grade_with_env(
        &["--url", &server.url, "--format", "github", challenge.path()],
        &[("GITHUB_STEP_SUMMARY", "/no/such/folder/summary.md")],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "could not write the step summary");
    let same = grade(&[
        "--url",
        &server.url,
        "--report-junit",
        "r.xml",
        "--report-json",
        "r.xml",
        challenge.path(),
    ]);
    assert_eq!(same.code, 2);
    assert_contains(&same.stderr, "both write `r.xml`");
}

#[test]
fn the_command_line_follows_common_conventions() {
    for (args, message) in [
        (
            &["--url", "x", "--timeout", "0"][..],
            "0 is out of range: use a number of seconds greater than 0 and at most 3600",
        ),
        (&["--url", "x", "--timeout", "-1"][..], "-1 is out of range"),
        (
            &["--url", "x", "--jobs", "0"][..],
            "0 is out of range: use 1 or more",
        ),
        (&["--url", "x", "-j", "-2"][..], "-2 is out of range"),
    ] {
        let run = grade(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_contains(&run.stderr, message);
    }
    let page = grade(&["man"]);
    assert_contains(&page.stdout, "grade\\-validate(1)");
    let validate_page = grade(&["man", "validate"]);
    assert_eq!(validate_page.code, 0);
    assert_contains(&validate_page.stdout, ".TH grade-validate 1");
    let bash = grade(&["completions", "bash"]);
    assert_contains(&bash.stdout, "pt-BR");
    let code = grade(&["show", "log-a-user-out", "--code", "2"]);
    assert_eq!(code.code, 0, "{}", code.stderr);
    assert_contains(&code.stdout, "fetch");
    let source = grade(&["show", "log-a-user-out", "--source"]);
    assert!(source.stdout.starts_with("---\nid: "), "{}", source.stdout);
    let none = grade(&["show", "log-a-user-out", "--code", "9"]);
    assert_eq!(none.code, 2);
    assert_contains(&none.stderr, "there is no hint 9");
}

#[test]
fn a_failed_run_ends_with_the_command_that_reruns_what_failed() {
    let app = App::start(&[("DEFECT_NO_REDIRECT", "1")]);
    let run = grade(&["--url", &app.url, "log-a-user-out", "protect-a-route"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "to run only the challenges that did not pass:");
    assert_contains(
        &run.stderr,
        &format!("grade --url {} log-a-user-out\n", app.url),
    );
    // A built-in challenge's location says so, and how to see its file.
    assert_contains(
        &run.stderr,
        "--> built in: challenges/english/user-sessions/01-log-a-user-out.md:",
    );
    assert_contains(
        &run.stderr,
        "(see it with `grade show log-a-user-out --source`)",
    );
    let github = grade(&["--url", &app.url, "--format", "github", "log-a-user-out"]);
    let annotation = github
        .stdout
        .lines()
        .find(|l| l.starts_with("::error "))
        .expect("an annotation");
    assert!(!annotation.contains("file="), "{annotation}");
}
