//! Apps as they are deployed: behind a redirect to https or to another host, graded at the URL
//! given, each request following its own redirects, with one line that says where `/` leads; a
//! refused origin names the flag that would allow it.

use super::support::{assert_contains, grade, tls_server, Reply, Server, TempChallenge};

/// A server that sends every request to the same path on `to` with a 301, as a host that moved
/// its app (to https, another port or another host) does.
fn moved_to(to: &str) -> Server {
    let to = to.to_string();
    Server::start(move |seen| {
        Reply::ok("moved")
            .status(301)
            .header("location", &format!("{to}{}", seen.path))
    })
}

fn secure_hints(front: &str) -> TempChallenge {
    TempChallenge::new(
        "moved",
        &[
            (
                "The app answers from its new place.",
                "const res = await fetch(code + '/api');\nassert.equal(await res.text(), 'secure');\nassert.match(res.url, /^https:/);",
            ),
            (
                "The address the learner gave leads there.",
                &format!("const res = await fetch('{front}/x');\nassert.equal(await res.text(), 'secure');\nassert.isTrue(res.redirected);"),
            ),
        ],
    )
}

#[test]
fn an_app_behind_a_redirect_to_https_on_another_port_is_graded_at_the_url_given() {
    let secure = tls_server();
    let front = moved_to(&secure);
    let challenge = secure_hints(&front.url);
    let run = grade(&[
        "--url",
        &front.url,
        "-k",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let said = format!(
        "{} redirects to {secure}/; hints are still sent to {}, each following its own redirects",
        front.url, front.url
    );
    assert_eq!(run.stderr.matches(&said).count(), 1, "{}", run.stderr);
    assert_eq!(run.json()["url"], front.url.as_str());
}

#[test]
fn an_app_moved_to_another_host_is_reached_through_the_address_given() {
    let secure = tls_server();
    // 127.0.0.1 and localhost are two hosts to a browser.
    let front = moved_to(&secure);
    let challenge = TempChallenge::new(
        "moved-host",
        &[(
            "The address the learner gave still works.",
            "const res = await fetch(code + '/through');\nassert.equal(await res.text(), 'secure');\nassert.isTrue(res.redirected);",
        )],
    );
    assert!(front.url.contains("127.0.0.1") && secure.contains("localhost"));
    let run = grade(&[
        "--url",
        &front.url,
        "-k",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_contains(
        &run.stderr,
        &format!("hints are still sent to {}", front.url),
    );
}

#[test]
fn a_refused_origin_names_the_flag_that_would_allow_it_in_every_format() {
    let app = Server::start(|_| Reply::ok("app"));
    let elsewhere = Server::start(|_| Reply::ok("elsewhere"));
    let port = elsewhere.url.rsplit(':').next().unwrap().to_string();
    let challenge = TempChallenge::new(
        "refused",
        &[(
            "Reaches another service.",
            &format!("await fetch('{}/data');", elsewhere.url),
        )],
    );
    let flag = format!("--allow-host 127.0.0.1:{port}");
    let json = grade(&["--url", &app.url, "--format", "json", challenge.path()]);
    assert_contains(
        json.json()["challenges"][0]["hints"][0]["message"]
            .as_str()
            .unwrap(),
        &flag,
    );
    let human = grade(&["--url", &app.url, challenge.path()]);
    assert_contains(&human.stderr, &flag);
    // A CDN on its scheme's own port is allowed by its name alone.
    let cdn = TempChallenge::new(
        "cdn",
        &[(
            "Fetches a sample from a CDN.",
            "await fetch('https://cdn.freecodecamp.org/weather-icons/01d.png');",
        )],
    );
    let run = grade(&["--url", &app.url, "--format", "json", cdn.path()]);
    assert_contains(
        run.json()["challenges"][0]["hints"][0]["message"]
            .as_str()
            .unwrap(),
        "pass --allow-host cdn.freecodecamp.org",
    );
    // With the flag, the refusal is gone.
    let allowed = grade(&[
        "--url",
        &app.url,
        "--allow-host",
        &format!("127.0.0.1:{port}"),
        challenge.path(),
    ]);
    assert_eq!(allowed.code, 0, "{}", allowed.stderr);
}

#[test]
fn a_passed_session_hint_is_never_sent_twice() {
    for (fixture, challenges) in [
        (
            "logout-app",
            &[
                "log-a-user-out",
                "protect-a-route",
                "logging-out-ends-the-session",
            ][..],
        ),
        (
            "rest-api",
            &["log-out-a-web-user", "report-the-outcome-of-a-log-out"][..],
        ),
    ] {
        let dir = super::support::temp_dir("request-log");
        let log = dir.join("requests.txt");
        let log_path = log.to_str().unwrap().to_string();
        let env = [("REQUEST_LOG", log_path.as_str())];
        let app = match fixture {
            "logout-app" => super::support::App::start(&env),
            _ => super::support::App::rest(&env),
        };
        // `-v` lists every request of every hint, passed ones included.
        let mut args = vec!["--url", app.url.as_str(), "--jobs", "1", "-v"];
        args.extend_from_slice(challenges);
        let run = grade(&args);
        assert_eq!(run.code, 0, "{fixture}: {}", run.stderr);
        let sent = run
            .stderr
            .lines()
            .filter(|l| l.trim_start().starts_with("→ "))
            .count();
        let seen = std::fs::read_to_string(&log).unwrap_or_default();
        // The app saw the one check before grading, then exactly what the hints sent.
        let at_app = seen.lines().filter(|l| !l.starts_with("OPTIONS ")).count();
        assert_eq!(
            at_app,
            sent + 1,
            "{fixture}: the app saw\n{seen}\n{}",
            run.stderr
        );
        // And the passed hints that rely on the session say so, without a second run.
        assert_contains(&run.stderr, "it sends back the cookie");
    }
}

#[test]
fn a_started_app_that_ends_while_graded_is_said_at_once_and_the_run_exits_3() {
    let dir = super::support::temp_dir("dies");
    let script = dir.join("dies.js");
    std::fs::write(
        &script,
        "let n = 0;\nrequire('http').createServer((req, res) => {\n  n += 1;\n  res.end('ok');\n  if (n === 3) { console.log('out of memory, giving up'); process.exit(7); }\n}).listen(process.env.PORT);\n",
    )
    .unwrap();
    let hints: Vec<(String, String)> = (1..=6)
        .map(|i| {
            (
                format!("Request {i} is answered."),
                "const res = await fetch(code);\nassert.equal(await res.text(), 'ok');".to_string(),
            )
        })
        .collect();
    let hints: Vec<(&str, &str)> = hints
        .iter()
        .map(|(t, c)| (t.as_str(), c.as_str()))
        .collect();
    let challenge = TempChallenge::new("dies", &hints);
    let command = format!("node {}", script.display());
    let run = grade(&["--start", &command, "--jobs", "1", challenge.path()]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "ended (exit status: 7) while it was being graded",
    );
    assert_contains(&run.stderr, "out of memory, giving up");
    // No cascade: at most the hint in flight meets a closed port.
    let errored = run.stderr.lines().filter(|l| l.starts_with("  ! ")).count();
    assert!(errored <= 1, "{}", run.stderr);
    assert_contains(&run.stderr, "did not run");
}

/// The statuses of every hint of every challenge in a JSON report, in order.
fn all_statuses(report: &serde_json::Value) -> Vec<String> {
    report["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["hints"].as_array().unwrap())
        .map(|h| h["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_printed_rerun_line_gives_the_same_verdicts() {
    let secure = tls_server();
    let challenge = TempChallenge::new(
        "rerun",
        &[
            (
                "Answers.",
                "const res = await fetch(code);\nassert.equal(await res.text(), 'secure');",
            ),
            (
                "Says something else.",
                "const res = await fetch(code);\nassert.equal(await res.text(), 'other');",
            ),
        ],
    );
    for profile in ["local", "freecodecamp"] {
        let args = [
            "--url",
            secure.as_str(),
            "-k",
            "--profile",
            profile,
            "--timeout",
            "4",
            "--retries",
            "1",
            "--lang",
            "de",
            challenge.path(),
        ];
        let first = grade(&args);
        assert_eq!(first.code, 1, "{}", first.stderr);
        let line = first
            .stderr
            .lines()
            .skip_while(|l| !l.ends_with(':') || l.starts_with(' '))
            .find(|l| l.trim_start().starts_with("grade "))
            .unwrap_or_else(|| panic!("no re-run line:\n{}", first.stderr))
            .trim()
            .to_string();
        for flag in [
            "-k",
            &format!("--profile {profile}"),
            "--timeout 4",
            "--retries 1",
            "--lang de",
        ] {
            if profile == "local" && flag.starts_with("--profile") {
                continue;
            }
            assert_contains(&line, flag);
        }
        let json = |extra: &str| {
            let command = format!("{} --format json", line.replacen("grade", extra, 1));
            let out = std::process::Command::new("sh")
                .args(["-c", &command])
                .current_dir(super::support::root())
                .env("LANG", "C")
                .output()
                .expect("sh runs");
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap_or_else(|e| {
                panic!("{command}: {e}\n{}", String::from_utf8_lossy(&out.stderr))
            })
        };
        let again = json(env!("CARGO_BIN_EXE_grade"));
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let original = grade(&args).json();
        assert_eq!(
            all_statuses(&again),
            all_statuses(&original),
            "{profile}: {line}"
        );
        assert_eq!(again["profile"], profile);
    }
}

fn challenge_of_type(kind: u8, name: &str, id: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {name}\nchallengeType: {kind}\ndashedName: {name}\n---\n\n# --description--\n\nA page.\n\n# --hints--\n\nThe page answers.\n\n```js\nconst res = await fetch(code);\nassert.equal(res.status, 200);\n```\n"
    )
}

#[test]
fn challenges_not_graded_against_an_app_are_refused_or_left_out_with_a_count() {
    let app = Server::start(|_| Reply::ok("page"));
    // Named on purpose: refused before anything runs, naming the file and the type.
    let html = TempChallenge::from_text(
        "html-page",
        &challenge_of_type(0, "html-page", "0000000000000000000000e1"),
    );
    let run = grade(&["--url", &app.url, html.path()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, html.path());
    assert_contains(&run.stderr, "is a challenge of type 0 (HTML)");
    assert!(
        !run.stderr.contains("The page answers."),
        "nothing ran: {}",
        run.stderr
    );
    // A folder that mixes types: the back-end ones are graded, the rest counted once.
    let dir = super::support::temp_dir("mixed");
    for (kind, name, id) in [
        (0, "a-page", "0000000000000000000000e2"),
        (1, "a-function", "0000000000000000000000e3"),
        (2, "an-endpoint", "0000000000000000000000e4"),
    ] {
        std::fs::write(
            dir.join(format!("{name}.md")),
            challenge_of_type(kind, name, id),
        )
        .unwrap();
    }
    let run = grade(&["--url", &app.url, "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let graded: Vec<&str> = report["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["dashedName"].as_str().unwrap())
        .collect();
    assert_eq!(graded, ["an-endpoint"]);
    assert_eq!(
        run.stderr.matches("were left out").count(),
        1,
        "{}",
        run.stderr
    );
    assert_contains(&run.stderr, "2 challenges were left out");
}

#[test]
fn a_closed_stderr_is_not_a_panic() {
    let mut child = super::support::grade_command(&[
        "--url",
        "http://127.0.0.1:9",
        "--report-json",
        "/proc/version",
        "-q",
        "log-a-user-out",
    ])
    .spawn()
    .expect("grade starts");
    // The reader went away, as `2>&1 | head -3` leaves it.
    drop(child.stderr.take());
    let status = child.wait().expect("grade ends");
    assert_eq!(status.code(), Some(2));
}

#[test]
fn every_report_path_is_checked_before_anything_runs_in_the_same_words() {
    let app = Server::start(|_| Reply::ok("page"));
    for flag in ["--report-json", "--report-junit", "--report-html"] {
        let run = grade(&["--url", &app.url, flag, "/proc/version", "log-a-user-out"]);
        assert_eq!(run.code, 2, "{flag}: {}", run.stderr);
        assert_contains(
            &run.stderr,
            "error: cannot write the report `/proc/version`",
        );
        assert!(
            !run.stderr.contains("Log a User Out"),
            "{flag}: nothing ran: {}",
            run.stderr
        );
    }
}

#[test]
fn help_says_where_the_github_format_writes() {
    let help = grade(&["--help"]);
    assert_contains(
        &help.stdout,
        "annotations after the human output (both on stdout)",
    );
    let man = grade(&["man"]);
    assert_contains(&man.stdout, "after the human output (both on stdout)");
    assert!(!help.stdout.contains("human output on stderr) on stdout"));
}

#[test]
fn a_language_the_output_does_not_speak_is_refused_with_those_it_does() {
    for code in ["fr", "ru", "french"] {
        let run = grade(&["list", "--lang", code]);
        assert_eq!(run.code, 2, "{code}");
        assert_contains(&run.stderr, "grade does not speak");
        assert_contains(&run.stderr, "use one of english, german");
    }
    // `grade lab --lang` names curriculum folders, French among them; the others speak.
    let listed = grade(&["completions", "bash"]);
    let script = &listed.stdout;
    let lab = script.find("grade__subcmd__lab)").expect("the lab's case");
    let after = lab
        + script[lab..]
            .find("grade__subcmd__list)")
            .expect("the next case");
    assert!(script[lab..after].contains(" fr "), "the lab offers French");
    let others = format!("{}{}", &script[..lab], &script[after..]);
    assert!(!others.contains(" fr "), "French is not offered");
}

#[test]
fn a_file_graded_by_path_takes_the_language_of_its_folder() {
    let app = Server::start(|_| Reply::ok("page"));
    let run = grade(&[
        "--url",
        &app.url,
        "--format",
        "json",
        "challenges/german/user-sessions/01-log-a-user-out.md",
    ]);
    let report = run.json();
    assert_eq!(report["challenges"][0]["language"], "de", "{}", run.stderr);
}

#[test]
fn a_binary_file_is_one_error() {
    let dir = super::support::temp_dir("binary");
    let file = dir.join("image.md");
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(&file, bytes).unwrap();
    let run = grade(&["--url", "http://127.0.0.1:9", file.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(
        errors,
        [
            "error: the file is binary, not text",
            "error: nothing was graded, because the challenges above have errors"
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn fail_fast_says_how_many_hints_and_challenges_never_ran() {
    let app = Server::start(|_| Reply::ok("page"));
    let run = grade(&[
        "--url",
        &app.url,
        "--fail-fast",
        "--jobs",
        "1",
        "log-a-user-out",
        "protect-a-route",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // log-a-user-out fails at its first hint: its 2 others and protect-a-route's 2 never run.
    assert_contains(&run.stderr, "4 hints in 2 challenges did not run");
}

#[test]
fn show_keeps_the_targets_of_links() {
    let challenge = TempChallenge::from_text(
        "links",
        "---\nid: 0000000000000000000000e9\ntitle: Links\nchallengeType: 2\ndashedName: links\n---\n\n# --description--\n\nClone <a href=\"https://example.org/repo\" target=\"_blank\">this repo</a>, read [the guide](https://example.org/guide) and <a href=\"https://example.org/same\">https://example.org/same</a>.\n\n# --hints--\n\nIt answers.\n\n```js\nassert.ok(true);\n```\n",
    );
    let run = grade(&["show", challenge.path(), "--color", "never"]);
    assert_contains(&run.stdout, "this repo (https://example.org/repo)");
    assert_contains(&run.stdout, "the guide (https://example.org/guide)");
    assert_eq!(
        run.stdout.matches("https://example.org/same").count(),
        1,
        "{}",
        run.stdout
    );
}

#[test]
fn changed_since_outside_git_says_what_is_wrong() {
    let dir = super::support::temp_dir("nogit");
    std::fs::create_dir_all(dir.join("english/block")).unwrap();
    std::fs::copy(
        super::support::root().join("challenges/english/user-sessions/01-log-a-user-out.md"),
        dir.join("english/block/01.md"),
    )
    .unwrap();
    let run = grade(&[
        "validate",
        dir.join("english").to_str().unwrap(),
        "--changed-since",
        "HEAD",
    ]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "--changed-since needs a git repository");
    assert!(!run.stderr.contains("fatal:"), "{}", run.stderr);
}

#[test]
fn completion_offers_rule_names_for_allow_warn_and_deny() {
    let run = grade(&["completions", "bash"]);
    for flag in ["--allow)", "--warn)", "--deny)"] {
        let at = run.stdout.find(flag).unwrap_or_else(|| panic!("{flag}"));
        let next = &run.stdout[at..at + 400];
        assert!(next.contains("code-differs"), "{flag}: {next}");
        assert!(!next.contains("compgen -f"), "{flag}: {next}");
    }
}

#[test]
fn expected_and_actual_come_together_and_an_unspecified_failure_shows_the_answer() {
    let app = Server::start(|_| Reply::ok("{\"total\":3}"));
    let challenge = TempChallenge::new(
        "shown",
        &[
            ("Compares with undefined.", "assert.equal(undefined, 'x');"),
            (
                "Says nothing.",
                "const data = await (await fetch(code)).json();\nassert(data.missing);",
            ),
        ],
    );
    let run = grade(&["--url", &app.url, challenge.path()]);
    assert_contains(&run.stderr, "expected  'x'\n      actual    undefined");
    assert_contains(&run.stderr, "Unspecified AssertionError");
    assert_contains(&run.stderr, "< {\"total\":3}");
}

#[test]
fn ctrl_c_on_a_terminal_leaves_no_progress_bar_behind() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let app = Server::start(|_| Reply::ok("page"));
    let challenge = TempChallenge::new(
        "slow",
        &[
            ("Quick.", "assert.ok(true);"),
            (
                "Slow.",
                "await new Promise((resolve) => setTimeout(resolve, 5000));",
            ),
        ],
    );
    let command = format!(
        "{} --url {} {}",
        env!("CARGO_BIN_EXE_grade"),
        app.url,
        challenge.path()
    );
    // A terminal that echoes control characters, as most do.
    let mut child = std::process::Command::new("script")
        .args([
            "-q",
            "-e",
            "-c",
            &format!("stty echoctl; {command}"),
            "/dev/null",
        ])
        .env_remove("CI")
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("script starts");
    std::thread::sleep(std::time::Duration::from_millis(2000));
    use std::io::{Read, Write};
    // Ctrl-C, typed on the terminal.
    let _ = child.stdin.as_mut().unwrap().write_all(b"\x03");
    let mut out = String::new();
    let _ = child.stdout.take().unwrap().read_to_string(&mut out);
    let _ = child.wait();
    assert!(out.contains("interrupted"), "{out}");
    assert!(
        !out.contains("^C"),
        "Ctrl-C was echoed into the bar: {out:?}"
    );
}
