//! The runtime hint code sees, against a scripted server: fetch, redirects, cookies, headers,
//! URL, URLSearchParams, console, timers, the four hint shapes and promises never awaited.

use std::sync::{Arc, Mutex};

use super::support::{
    assert_contains, grade, messages, statuses, Reply, Seen, Server, TempChallenge,
};

/// Grades `hints` against `server` and returns each hint's status and message.
fn run(server: &Server, hints: &[(&str, &str)]) -> Vec<(String, String)> {
    let challenge = TempChallenge::new("runtime", hints);
    let run = grade(&[
        "--url",
        &server.url,
        "--timeout",
        "5",
        "--format",
        "json",
        challenge.path(),
    ]);
    let report = run.json();
    statuses(&report)
        .into_iter()
        .zip(messages(&report))
        .collect()
}

#[track_caller]
fn check_all_pass(server: &Server, hints: &[(&str, &str)]) {
    for (i, (status, message)) in run(server, hints).iter().enumerate() {
        assert_eq!(
            status,
            "passed",
            "hint {} ({}): {message}",
            i + 1,
            hints[i].0
        );
    }
}

fn app(seen: &Seen) -> Reply {
    let cookie = seen
        .headers
        .iter()
        .find(|(k, _)| k == "cookie")
        .map(|(_, v)| v.clone());
    match seen.path.as_str() {
        "/" => Reply::ok("<h1>Home page</h1>"),
        "/json" => Reply::ok(r#"{"name":"grader","list":[1,2]}"#)
            .header("Content-Type", "application/json"),
        "/redirect" => Reply::ok("").status(302).header("Location", "/"),
        "/loop" => Reply::ok("").status(302).header("Location", "/loop"),
        "/login" => Reply::ok("in").header("Set-Cookie", "sid=abc; Path=/; HttpOnly"),
        "/whoami" => Reply::ok(&cookie.unwrap_or_else(|| "nobody".into())),
        "/echo-method" => Reply::ok(&seen.method),
        "/missing" => Reply::ok("Not Found").status(404),
        _ => Reply::ok("Not Found").status(404),
    }
}

#[test]
fn the_four_hint_shapes_run() {
    let server = Server::start(app);
    check_all_pass(
        &server,
        &[
            ("A bare body.", "const res = await fetch(code + '/');\nassert.match(await res.text(), /Home page/);"),
            ("An async arrow.", "async () => {\n  const res = await fetch(new URL('/', code));\n  assert.equal(res.status, 200);\n}"),
            ("getUserInput.", "async (getUserInput) => {\n  const res = await fetch(getUserInput('url') + '/json');\n  assert.deepEqual((await res.json()).list, [1, 2]);\n}"),
            ("jQuery.", "(getUserInput) =>\n  $.get(getUserInput('url') + '/json').then(\n    (data) => { assert.equal(data.name, 'grader'); },\n    (xhr) => { throw new Error(xhr.responseText); }\n  );"),
        ],
    );
}

#[test]
fn a_failure_inside_a_promise_the_hint_never_awaits_fails_the_hint() {
    let server = Server::start(app);
    let results = run(
        &server,
        &[
            ("Unawaited fetch.", "fetch(code + '/json').then((r) => r.json()).then((d) => { assert.equal(d.name, 'other'); });"),
            ("Unawaited jQuery.", "$.get(code + '/json').then((d) => { assert.equal(d.name, 'other', 'the name should be other'); });"),
            ("Unawaited failing request.", "$.get(code + '/missing').then((d) => { assert.ok(d); });"),
            ("Unawaited timer.", "setTimeout(() => { assert.fail('late failure'); }, 50);"),
            ("Passing unawaited.", "$.get(code + '/json').then((d) => { assert.equal(d.name, 'grader'); });"),
        ],
    );
    let got: Vec<&str> = results.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        got,
        ["failed", "failed", "failed", "failed", "passed"],
        "{results:?}"
    );
    assert_contains(&results[0].1, "expected 'grader' to equal 'other'");
    assert!(
        results[1]
            .1
            .contains("the name should be other: expected 'grader' to equal 'other'"),
        "{}",
        results[1].1
    );
    assert_contains(&results[2].1, "404");
    assert_contains(&results[3].1, "late failure");
}

#[test]
fn fetch_follows_redirects_or_not_as_asked() {
    let server = Server::start(app);
    check_all_pass(
        &server,
        &[
            ("Follow.", "const res = await fetch(code + '/redirect');\nassert.isTrue(res.redirected);\nassert.equal(res.url, code + '/');\nassert.equal(await res.text(), '<h1>Home page</h1>');"),
            ("Manual.", "const res = await fetch(code + '/redirect', { redirect: 'manual' });\nassert.equal(res.status, 302);\nassert.equal(res.headers.get('location'), '/');"),
            ("A loop is an error.", "try { await fetch(code + '/loop'); assert.fail('no error'); } catch (e) { assert.instanceOf(e, TypeError); assert.include(e.message, 'too many redirects'); }"),
            ("303 becomes GET.", "const res = await fetch(code + '/echo-method', { method: 'POST', body: 'x' });\nassert.equal(await res.text(), 'POST');"),
        ],
    );
}

#[test]
fn each_hint_has_its_own_cookie_jar() {
    let server = Server::start(app);
    check_all_pass(
        &server,
        &[
            ("Cookies are kept within a hint.", "await fetch(code + '/login');\nconst res = await fetch(code + '/whoami');\nassert.equal(await res.text(), 'sid=abc');"),
            ("And not shared with the next.", "const res = await fetch(code + '/whoami');\nassert.equal(await res.text(), 'nobody');"),
            ("A Cookie header is sent as written.", "const res = await fetch(code + '/whoami', { headers: { Cookie: 'sid=old' } });\nassert.equal(await res.text(), 'sid=old');"),
            ("Set-Cookie is readable.", "const res = await fetch(code + '/login');\nassert.match(res.headers.get('set-cookie'), /^sid=abc/);"),
        ],
    );
}

#[test]
fn requests_carry_methods_headers_and_bodies() {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let record = seen.clone();
    let server = Server::start(move |s| {
        record.lock().unwrap().push(s.clone());
        Reply::ok("ok")
    });
    check_all_pass(
        &server,
        &[
            ("Form body.", "await fetch(code + '/form', { method: 'post', body: new URLSearchParams({ a: '1 2', b: 'é' }) });"),
            ("Headers.", "await fetch(code + '/h', { headers: new Headers([['X-Test', 'yes']]) });"),
        ],
    );
    let seen = seen.lock().unwrap();
    let form = seen
        .iter()
        .find(|s| s.path == "/form")
        .expect("the form request");
    assert_eq!(form.method, "POST");
    assert!(form
        .headers
        .iter()
        .any(|(k, v)| k == "content-type" && v.starts_with("application/x-www-form-urlencoded")));
    let header = seen
        .iter()
        .find(|s| s.path == "/h" && s.method == "GET")
        .expect("the header request");
    assert!(header.headers.contains(&("x-test".into(), "yes".into())));
    assert!(header
        .headers
        .contains(&("origin".into(), "https://www.freecodecamp.org".into())));
    // A custom header makes the request not simple, so a browser would ask first.
    let preflight = seen
        .iter()
        .find(|s| s.path == "/h" && s.method == "OPTIONS")
        .expect("a CORS preflight");
    assert!(preflight
        .headers
        .contains(&("access-control-request-method".into(), "GET".into())));
    assert!(preflight
        .headers
        .contains(&("access-control-request-headers".into(), "x-test".into())));
    assert!(
        !seen
            .iter()
            .any(|s| s.path == "/form" && s.method == "OPTIONS"),
        "a form post is simple"
    );
}

#[test]
fn url_and_search_params_follow_the_whatwg_rules() {
    let server = Server::start(app);
    check_all_pass(
        &server,
        &[
            ("URL parts.", "const u = new URL('/a/../b?x=1#h', 'https://user:pw@example.com:8443/base/');\nassert.equal(u.href, 'https://user:pw@example.com:8443/b?x=1#h');\nassert.equal(u.origin, 'https://example.com:8443');\nassert.equal(u.pathname, '/b');\nassert.equal(u.searchParams.get('x'), '1');"),
            ("Search params write back.", "const u = new URL('http://x.example/p');\nu.searchParams.append('q', 'a b');\nassert.equal(u.href, 'http://x.example/p?q=a+b');\nu.pathname = '/other';\nassert.equal(String(u), 'http://x.example/other?q=a+b');"),
            ("Invalid URLs throw.", "assert.throws ? 0 : 0;\ntry { new URL('nope'); assert.fail('no error'); } catch (e) { assert.instanceOf(e, TypeError); }"),
            ("code is normalized.", "assert.notMatch(code, /\\/$/);\nassert.match(code, /^http:\\/\\//);"),
        ],
    );
}

#[test]
fn failures_keep_expected_actual_and_console_output() {
    let server = Server::start(app);
    let challenge = TempChallenge::new(
        "details",
        &[(
            "Equal.",
            "console.log('body was', { a: 1 });\nassert.strictEqual('a', 'b');",
        )],
    );
    let run = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    let hint = &run.json()["challenges"][0]["hints"][0];
    assert_eq!(hint["message"], "expected 'a' to equal 'b'");
    assert_eq!(hint["expected"], "'b'");
    assert_eq!(hint["actual"], "'a'");
    assert_eq!(hint["console"][0], "body was { a: 1 }");
    let human = grade(&["--url", &server.url, challenge.path()]);
    assert_contains(&human.stderr, "expected  'b'");
    assert_contains(&human.stderr, "actual    'a'");
    assert_contains(&human.stderr, "body was { a: 1 }");
}

#[test]
fn a_url_without_scheme_or_with_a_trailing_slash_is_normalized() {
    let server = Server::start(app);
    let bare = server.url.trim_start_matches("http://").to_string() + "/";
    let challenge = TempChallenge::new(
        "normalized",
        &[(
            "Code.",
            "assert.equal(code, 'http://' + new URL(code).host)",
        )],
    );
    let run = grade(&["--url", &bare, "--format", "json", challenge.path()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["url"], server.url);
}

#[test]
fn json_that_does_not_parse_fails_with_the_browser_wording() {
    let server = Server::start(app);
    let results = run(
        &server,
        &[("JSON.", "await (await fetch(code + '/missing')).json();")],
    );
    assert_eq!(results[0].0, "failed");
    assert_eq!(
        results[0].1,
        "SyntaxError: Unexpected token 'N', \"Not Found\" is not valid JSON"
    );
}

#[test]
fn answers_a_browser_on_freecodecamp_could_not_read_are_warned_about() {
    let server = Server::start(|seen: &Seen| {
        if seen.path.starts_with("/open") {
            Reply::ok("ok")
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Headers", "content-type")
        } else {
            Reply::ok("ok")
        }
    });
    let hints = [
        ("Open.", "await fetch(code + '/open');\nawait fetch(code + '/open/json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });"),
        ("Closed.", "await fetch(code + '/closed');"),
    ];
    let challenge = TempChallenge::new("cors", &hints);
    let run = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    assert_eq!(run.code, 0, "CORS findings are warnings, not failures");
    let hints = run.json()["challenges"][0]["hints"].clone();
    assert!(hints[0].get("cors").is_none(), "{hints}");
    assert_eq!(
        hints[1]["cors"][0],
        format!("GET {}/closed: the answer has no Access-Control-Allow-Origin for https://www.freecodecamp.org", server.url)
    );
    let human = grade(&["--url", &server.url, challenge.path()]);
    assert_contains(
        &human.stderr,
        "⚠ CORS: freeCodeCamp submits from its own site",
    );
    let off = grade(&[
        "--url",
        &server.url,
        "--no-cors-check",
        "--format",
        "json",
        challenge.path(),
    ]);
    assert!(off.json()["challenges"][0]["hints"][1]
        .get("cors")
        .is_none());
}
