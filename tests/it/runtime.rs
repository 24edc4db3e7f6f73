//! The runtime hint code sees, against a scripted server: fetch, redirects, cookies, headers,
//! URL, URLSearchParams, console, timers, the four hint shapes and promises never awaited.

use std::sync::{Arc, Mutex};

use super::support::{
    assert_contains, grade, messages, statuses, Reply, Seen, Server, TempChallenge,
};

/// Grades `hints` against `server` and returns each hint's status and message.
pub(super) fn run(server: &Server, hints: &[(&str, &str)]) -> Vec<(String, String)> {
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
            ("Manual is an opaque redirect, as in a browser.", "const res = await fetch(code + '/redirect', { redirect: 'manual' });\nassert.equal(res.status, 0);\nassert.equal(res.type, 'opaqueredirect');\nassert.isFalse(res.ok);\nassert.isNull(res.headers.get('location'));\nassert.equal(await res.text(), '');"),
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

fn echo_server() -> Server {
    Server::start(|seen: &Seen| {
        let content_type = seen
            .headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map_or("", |(_, v)| v.as_str())
            .to_string();
        match seen.path.as_str() {
            "/page" => Reply::ok("<!DOCTYPE html><html><head><title>Upload</title></head><body><form action=\"/api/fileanalyse\" method=\"post\" enctype=\"multipart/form-data\"><input id=\"inputfield\" type=\"file\" name=\"upfile\"><input type=\"submit\" value=\"Upload\" class=\"btn primary\"></form><p>a &amp; b</p><ul><li>one<li>two</ul></body></html>").header("Content-Type", "text/html"),
            "/binary" => Reply::ok("\u{1}\u{2}").header("Content-Type", "application/octet-stream"),
            _ => Reply::ok(&format!("{} {}", seen.method, content_type)),
        }
    })
}

#[test]
fn xml_http_request_runs_like_a_browser_and_its_checks_count() {
    let server = echo_server();
    let xhr = |check: &str| {
        format!(
            "const x = new XMLHttpRequest();\nconst states = [];\nx.onreadystatechange = function () {{\n  states.push(this.readyState);\n  if (this.readyState !== 4 || this.status !== 200) throw new Error('not yet');\n  {check}\n}};\nx.open('POST', code + '/x', true);\nx.setRequestHeader('Content-type', 'application/x-www-form-urlencoded');\nx.send('a=1');"
        )
    };
    let results = run(
        &server,
        &[
            ("Passes at DONE.", &xhr("assert.match(this.responseText, /^POST application\\/x-www-form-urlencoded/);")),
            ("Fails at DONE.", &xhr("assert.equal(this.responseText, 'other', 'the answer should be other');")),
            ("Events in order.", "const x = new XMLHttpRequest();\nconst seen = [];\nx.onreadystatechange = () => seen.push(x.readyState);\nawait new Promise((resolve) => { x.onload = resolve; x.open('GET', code + '/x'); x.send(); });\nassert.deepEqual(seen, [1, 2, 3, 4]);\nassert.equal(x.getResponseHeader('content-type'), 'text/plain');\nassert.equal(x.status, 200);"),
        ],
    );
    assert_eq!(results[0].0, "passed", "{}", results[0].1);
    assert_eq!(results[1].0, "failed");
    assert_contains(&results[1].1, "the answer should be other: expected");
    assert_eq!(results[2].0, "passed", "{}", results[2].1);
}

#[test]
fn form_data_blobs_and_files_go_out_as_multipart() {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let record = seen.clone();
    let server = Server::start(move |s| {
        record.lock().unwrap().push(s.clone());
        Reply::ok(r#"{"name":"icon","type":"image/png","size":4}"#)
            .header("Content-Type", "application/json")
    });
    check_all_pass(
        &server,
        &[
            ("Multipart.", "const form = new FormData();\nform.append('upfile', new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), 'icon');\nform.append('note', 'hello');\nconst res = await fetch(code + '/api/fileanalyse', { method: 'POST', body: form });\nconst parsed = await res.json();\nassert.equal(parsed.name, 'icon');"),
            ("jQuery with FormData.", "const form = new FormData();\nform.append('upfile', new File(['abc'], 'a.txt', { type: 'text/plain' }));\nconst data = await $.ajax({ url: code + '/api/fileanalyse', type: 'POST', data: form, processData: false, contentType: false });\nassert.equal(data.type, 'image/png');"),
            ("Blob and File.", "const blob = new Blob(['é', new Uint8Array([33])], { type: 'Text/Plain' });\nassert.equal(blob.size, 3);\nassert.equal(blob.type, 'text/plain');\nassert.equal(await blob.text(), 'é!');\nconst file = new File([blob], 'x.txt');\nassert.equal(file.name, 'x.txt');\nassert.equal((await file.arrayBuffer()).byteLength, 3);"),
        ],
    );
    let seen = seen.lock().unwrap();
    let upload = seen.iter().find(|s| s.path == "/api/fileanalyse").unwrap();
    let content_type = &upload
        .headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .unwrap()
        .1;
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
}

#[test]
fn the_rest_of_the_browser_runtime_is_there() {
    let server = echo_server();
    check_all_pass(
        &server,
        &[
            ("Text codecs.", "const bytes = new TextEncoder().encode('héllo');\nassert.equal(bytes.length, 6);\nassert.equal(new TextDecoder().decode(bytes), 'héllo');"),
            ("Base64.", "assert.equal(btoa('hello'), 'aGVsbG8=');\nassert.equal(atob('aGVsbG8='), 'hello');\nassert.throws ? 0 : 0;\nlet threw = false;\ntry { btoa('é€'); } catch (e) { threw = true; }\nassert.isTrue(threw);"),
            ("structuredClone.", "const a = { d: new Date(0), m: new Map([[1, { x: [1, 2] }]]), s: new Set([1]) };\nconst b = structuredClone(a);\nassert.notStrictEqual(b.m.get(1), a.m.get(1));\nassert.deepEqual(b.m.get(1), { x: [1, 2] });\nassert.equal(b.d.getTime(), 0);"),
            ("Binary answers.", "const res = await fetch(code + '/binary');\nconst bytes = new Uint8Array(await res.arrayBuffer());\nassert.deepEqual(Array.from(bytes), [1, 2]);\nconst again = await (await fetch(code + '/binary')).blob();\nassert.equal(again.type, 'application/octet-stream');"),
            ("AbortController.", "const controller = new AbortController();\ncontroller.abort();\nlet name = '';\ntry { await fetch(code + '/x', { signal: controller.signal }); } catch (e) { name = e.name; }\nassert.equal(name, 'AbortError');"),
            ("setInterval.", "let n = 0;\nawait new Promise((resolve) => { const id = setInterval(() => { n += 1; if (n === 3) { clearInterval(id); resolve(); } }, 5); });\nassert.equal(n, 3);"),
            ("Request and Response.", "const req = new Request(code + '/x', { method: 'PUT', body: 'b' });\nassert.equal(await (await fetch(req)).text(), 'PUT text/plain;charset=UTF-8');\nconst res = Response.json({ a: 1 });\nassert.deepEqual(await res.json(), { a: 1 });"),
            ("DOMParser.", "const html = await (await fetch(code + '/page')).text();\nconst doc = new DOMParser().parseFromString(html, 'text/html');\nassert.ok(doc.querySelector('input[type=\"file\"]'));\nassert.ok(doc.querySelector('form input[name=upfile]#inputfield'));\nassert.equal(doc.querySelectorAll('form > input').length, 2);\nassert.equal(doc.querySelector('.btn.primary').value, 'Upload');\nassert.equal(doc.title, 'Upload');\nassert.equal(doc.querySelector('p').textContent, 'a & b');\nassert.equal(doc.querySelectorAll('li').length, 2);\nassert.isNull(doc.querySelector('input[type=\"text\"]'));"),
        ],
    );
}

#[test]
fn dates_format_in_en_us_as_node_does() {
    // Each case: a time in ms since 1970 and toLocale*String options; Node gives the expected text.
    let cases = r#"[
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "weekday": "short", "month": "short", "day": "2-digit", "year": "numeric"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "weekday": "long", "year": "numeric", "month": "long", "day": "numeric"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "month": "short", "day": "numeric"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "month": "long", "year": "numeric"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "month": "2-digit", "day": "2-digit", "year": "numeric"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "year": "2-digit", "month": "numeric", "day": "numeric"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "weekday": "long"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "weekday": "short", "month": "numeric", "day": "numeric", "year": "numeric"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "dateStyle": "full"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "dateStyle": "medium"}],
      ["toLocaleDateString", 1795305600000, {"timeZone": "UTC", "dateStyle": "short"}],
      ["toLocaleDateString", 0, {"timeZone": "UTC", "weekday": "short", "month": "short", "day": "2-digit", "year": "numeric"}],
      ["toLocaleDateString", 951782400000, {"timeZone": "UTC", "weekday": "short", "month": "short", "day": "2-digit", "year": "numeric"}],
      ["toLocaleTimeString", 1795351530000, {"timeZone": "UTC"}],
      ["toLocaleTimeString", 1795351530000, {"timeZone": "UTC", "hour": "2-digit", "minute": "2-digit"}],
      ["toLocaleTimeString", 1795351530000, {"timeZone": "UTC", "hour12": false}],
      ["toLocaleTimeString", 1795305600000, {"timeZone": "UTC"}],
      ["toLocaleString", 1795351530000, {"timeZone": "UTC"}],
      ["toLocaleString", 1795351530000, {"timeZone": "UTC", "dateStyle": "medium", "timeStyle": "short"}],
      ["toLocaleString", 1795351530000, {"timeZone": "UTC", "month": "short", "day": "numeric", "hour": "numeric", "minute": "2-digit"}]
    ]"#;
    let script = format!(
        "const cases = {cases};\nconsole.log(JSON.stringify(cases.map(([method, time, options]) => new Date(time)[method]('en-US', options))));"
    );
    let expected = String::from_utf8(super::support::node_output(
        &["-e", &script],
        &super::support::root(),
    ))
    .unwrap();
    let code = format!(
        "const cases = {cases};\nconst got = cases.map(([method, time, options]) => new Date(time)[method]('en-US', options));\nassert.deepEqual(got, {expected});\nassert.equal(new Intl.DateTimeFormat('en-US', {{ timeZone: 'UTC' }}).format(new Date(0)), '1/1/1970');"
    );
    let server = Server::start(app);
    let results = run(&server, &[("Dates.", &code)]);
    assert_eq!(results[0].0, "passed", "{}", results[0].1);
}

#[test]
fn jquery_ajax_behaves_as_jquery_does() {
    let server = Server::start(|seen: &Seen| {
        let header = |name: &str| {
            seen.headers
                .iter()
                .find(|(k, _)| k == name)
                .map_or(String::new(), |(_, v)| v.clone())
        };
        match seen.path.as_str() {
            "/json" => Reply::ok(r#"{"answer":42}"#).header("Content-Type", "application/json"),
            "/missing" => Reply::ok(r#"{"error":"not here"}"#)
                .header("Content-Type", "application/json")
                .status(404),
            "/text-json" => Reply::ok(r#"{"as":"text"}"#),
            path => Reply::ok(&format!(
                "{} {path} {} {}",
                seen.method,
                header("content-type"),
                header("x-token")
            )),
        }
    });
    check_all_pass(
        &server,
        &[
            ("JSON by content type.", "const data = await $.get(code + '/json');\nassert.deepEqual(data, { answer: 42 });"),
            ("dataType json.", "const data = await $.ajax({ url: code + '/text-json', dataType: 'json' });\nassert.equal(data.as, 'text');"),
            ("getJSON.", "const data = await $.getJSON(code + '/text-json');\nassert.equal(data.as, 'text');"),
            ("Text stays text.", "const data = await $.get(code + '/text-json');\nassert.isString(data);"),
            ("Query from data.", "const data = await $.get(code + '/q', { a: 1, b: 'x y' });\nassert.equal(data, 'GET /q?a=1&b=x+y  ');"),
            ("Post an object.", "const data = await $.post(code + '/p', { name: 'n' });\nassert.equal(data, 'POST /p application/x-www-form-urlencoded; charset=UTF-8 ');"),
            ("Headers and method.", "const data = await $.ajax({ url: code + '/h', method: 'PUT', data: '{}', contentType: 'application/json', headers: { 'X-Token': 't' } });\nassert.equal(data, 'PUT /h application/json t');"),
            ("Callbacks.", "const seen = [];\nawait new Promise((resolve) => $.ajax({ url: code + '/json', success: (d, status) => seen.push(status, d.answer), complete: resolve }));\nassert.deepEqual(seen, ['success', 42]);"),
            ("done, fail, always.", "const seen = [];\nconst jq = $.get(code + '/missing').done(() => seen.push('done')).fail((xhr, status) => seen.push(status, xhr.status, xhr.responseJSON.error)).always(() => seen.push('always'));\nawait jq.then(null, () => {});\nawait new Promise((r) => setTimeout(r, 0));\nassert.deepEqual(seen, ['error', 404, 'not here', 'always']);"),
            ("A rejection carries an xhr.", "try { await $.get(code + '/missing'); assert.fail('no rejection'); } catch (xhr) { assert.equal(xhr.status, 404); assert.equal(xhr.statusText, 'Not Found'); assert.include(xhr.responseText, 'not here'); assert.equal(xhr.getResponseHeader('content-type'), 'application/json'); }"),
            ("then with jQuery's arguments.", "await $.get(code + '/json').then((data, status, xhr) => { assert.equal(status, 'success'); assert.equal(xhr.status, 200); });"),
            ("An error callback.", "const seen = [];\nawait new Promise((resolve) => $.ajax({ url: code + '/missing', error: (xhr) => { seen.push(xhr.status); resolve(); } }));\nassert.deepEqual(seen, [404]);"),
        ],
    );
}

#[test]
fn a_preflight_is_sent_once_per_request_kind_as_browsers_cache_it() {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let record = seen.clone();
    let server = Server::start(move |s| {
        record.lock().unwrap().push(s.clone());
        Reply::ok("{}")
            .header("Access-Control-Allow-Origin", "*")
            .header("Access-Control-Allow-Headers", "content-type")
    });
    let post = "await fetch(code + '/api', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });";
    check_all_pass(&server, &[("Twice.", &format!("{post}\n{post}"))]);
    let seen = seen.lock().unwrap();
    let preflights = seen.iter().filter(|s| s.method == "OPTIONS").count();
    let posts = seen.iter().filter(|s| s.method == "POST").count();
    assert_eq!((preflights, posts), (1, 2));
}
