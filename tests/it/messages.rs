//! What grade says where a learner's setup goes wrong, each against a server of our own: a
//! scheme missing its colon, https asked of an http app, a URL whose path every request
//! repeats, an address read only from `X-Forwarded-For` (the diagnoses in every language of the
//! output), and `--retries` that waits as the app asked and keeps the first attempt's error.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::support::{assert_contains, grade, Reply, Server, TempChallenge};

fn diagnosis(run: &super::support::Run, hint: usize) -> serde_json::Value {
    run.json()["challenges"][0]["hints"][hint]["diagnosis"].clone()
}

#[test]
fn a_scheme_missing_its_colon_is_refused_with_the_url_it_meant_in_every_language() {
    let challenge = TempChallenge::new("any", &[("Anything.", "assert.ok(true);")]);
    let run = grade(&["--url", "http//localhost:4001", challenge.path()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "`http//localhost:4001` is missing part of `://`",
    );
    assert_contains(&run.stderr, "help: use http://localhost:4001");
    assert!(!run.stderr.contains("http://http"), "{}", run.stderr);
    let german = grade(&[
        "--url",
        "https:/app.example",
        "--lang",
        "de",
        challenge.path(),
    ]);
    assert_eq!(german.code, 2, "{}", german.stderr);
    assert_contains(&german.stderr, "verwende https://app.example");
}

#[test]
fn https_asked_of_an_http_app_says_it_speaks_plain_http() {
    // As Node answers bytes that are not HTTP (a TLS hello): 400 in plain HTTP.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut stream in listener.incoming().map_while(Result::ok) {
            let mut hello = [0u8; 512];
            let _ = stream.read(&mut hello);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
        }
    });
    let url = format!("https://127.0.0.1:{port}");
    let challenge = TempChallenge::new("any", &[("Anything.", "assert.ok(true);")]);
    let run = grade(&["--url", &url, challenge.path()]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        &format!("127.0.0.1:{port} answered in plain HTTP, not TLS"),
    );
    assert_contains(
        &run.stderr,
        "help: the app speaks plain HTTP: give its URL with http://",
    );
    assert!(!run.stderr.contains("InvalidContentType"), "{}", run.stderr);
}

#[test]
fn a_url_with_a_path_that_requests_repeat_is_diagnosed() {
    let server = Server::start(|seen| match seen.path.as_str() {
        "/api/users" | "/api" => Reply::ok("[]"),
        _ => Reply::ok("Cannot GET").status(404),
    });
    let challenge = TempChallenge::new(
        "users",
        &[(
            "Lists users.",
            "const res = await fetch(code + '/api/users');\nassert.equal(res.status, 200);",
        )],
    );
    let url = format!("{}/api", server.url);
    let run = grade(&["--url", &url, "--format", "json", challenge.path()]);
    let found = diagnosis(&run, 0);
    assert_eq!(found["rule"], "url-with-path", "{}", run.stdout);
    assert_contains(
        found["message"].as_str().unwrap(),
        "`/api/api/users` repeats `/api`",
    );
    let spanish = grade(&["--url", &url, "--lang", "es", challenge.path()]);
    assert_contains(&spanish.stderr, "da la URL raíz de la app, sin `/api`");
}

#[test]
fn an_address_read_only_from_x_forwarded_for_is_diagnosed() {
    // As the header parser project that trusts only the header a host's proxy adds.
    let server = Server::start(|seen| {
        let forwarded = seen
            .headers
            .iter()
            .find(|(k, _)| k == "x-forwarded-for")
            .map(|(_, v)| format!("\"{v}\""))
            .unwrap_or_else(|| "null".to_string());
        Reply::ok(&format!(
            "{{\"ipaddress\":{forwarded},\"language\":\"en-US\",\"software\":\"x\"}}"
        ))
        .header("content-type", "application/json")
    });
    let challenge = TempChallenge::new(
        "whoami",
        &[(
            "The answer has an address.",
            "const data = await (await fetch(code + '/api/whoami')).json();\nassert.isString(data.ipaddress);",
        )],
    );
    let run = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    let found = diagnosis(&run, 0);
    assert_eq!(found["rule"], "forwarded-for-only", "{}", run.stdout);
    assert_contains(found["fix"].as_str().unwrap(), "req.ip");
    let japanese = grade(&["--url", &server.url, "--lang", "ja", challenge.path()]);
    assert_contains(&japanese.stderr, "X-Forwarded-For だけから読んでいます");
}

#[test]
fn retries_wait_for_retry_after_and_keep_the_first_attempts_error() {
    // The app is busy: it answers 503 with `Retry-After: 1`, and only a request that comes a
    // second later gets through.
    let refused_at = Arc::new(AtomicU64::new(0));
    let at = refused_at.clone();
    let now = || {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64
    };
    let server = Server::start(move |seen| {
        if seen.path == "/" {
            return Reply::ok("home");
        }
        let first = at.load(Ordering::SeqCst);
        if first != 0 && now() >= first + 1000 {
            return Reply::ok("ok");
        }
        if first == 0 {
            at.store(now(), Ordering::SeqCst);
        }
        Reply::ok("busy").status(503).header("retry-after", "1")
    });
    let challenge = TempChallenge::new(
        "busy",
        &[(
            "The API answers.",
            "const res = await fetch(code + '/api');\nassert.equal(res.status, 200, 'the API answers 200');",
        )],
    );
    let run = grade(&[
        "--url",
        &server.url,
        "--retries",
        "1",
        "--format",
        "json",
        challenge.path(),
    ]);
    let hint = &run.json()["challenges"][0]["hints"][0];
    assert_eq!(hint["status"], "passed", "{}", run.stdout);
    assert_eq!(hint["attempts"], 2, "{hint}");
    let notes = hint["notes"].to_string();
    assert_contains(&notes, "attempt 1 failed: the API answers 200");
}

#[test]
fn expected_is_shown_only_where_an_assertion_expects_a_value() {
    let server = Server::start(|_| Reply::ok("ok"));
    let challenge = TempChallenge::new(
        "expected",
        &[
            ("isTrue fails.", "assert.isTrue(false);"),
            ("approximately fails.", "assert.approximately(1.5, 1, 0.1);"),
        ],
    );
    let run = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    let hints = &run.json()["challenges"][0]["hints"];
    assert_eq!(hints[0]["expected"], "true", "{}", hints[0]);
    assert_eq!(hints[0]["actual"], "false", "{}", hints[0]);
    assert!(hints[1]["expected"].is_null(), "{}", hints[1]);
    let human = grade(&["--url", &server.url, challenge.path()]);
    assert!(!human.stderr.contains("undefined"), "{}", human.stderr);
}
