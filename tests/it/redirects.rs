//! Redirects as a browser follows them: the URL given is graded, each request follows its own
//! redirects (method rules, at most 20, CORS on every answer under freeCodeCamp's profile), and
//! none reaches a private address the run was not given. The same hints run in headless
//! Chromium on freeCodeCamp's origin, so "as a browser does" is measured.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::support::{
    assert_contains, grade, in_chromium, messages, statuses, temp_dir, Reply, Server, TempChallenge,
};

const SITE: &str = "https://www.freecodecamp.org";

/// An answer any page may read.
fn open(body: &str) -> Reply {
    Reply::ok(body).header("access-control-allow-origin", "*")
}

fn redirect(status: u16, to: &str) -> Reply {
    open("").status(status).header("location", to)
}

/// A server on 127.0.0.2 that keeps a secret and counts who asked for it.
fn secret_service() -> (Server, Arc<AtomicUsize>) {
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    let server = Server::start_on("127.0.0.2", move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        open("the-secret-token")
    });
    (server, asked)
}

/// The learner's app: `/` leads to a landing page elsewhere, its API answers where it is, and
/// some of its routes redirect as deployed apps do.
fn learner_app(landing: &str, classmate: &str, strict: &str, secret: &str) -> Server {
    let (landing, classmate, strict, secret) = (
        landing.to_string(),
        classmate.to_string(),
        strict.to_string(),
        secret.to_string(),
    );
    Server::start(move |seen| {
        let path = seen.path.as_str();
        let length = seen
            .headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .map_or("0", |(_, v)| v.as_str());
        if let Some(n) = path.strip_prefix("/api/loop/") {
            let (at, end) = n.split_once('/').unwrap_or(("0", "0"));
            let (at, end): (u32, u32) = (at.parse().unwrap_or(0), end.parse().unwrap_or(0));
            return if at == end {
                open("end of the loop")
            } else {
                redirect(302, &format!("/api/loop/{}/{end}", at + 1))
            };
        }
        // Preflights are answered with a bare `Access-Control-Allow-Origin: *`, which does not
        // allow a JSON body's content type.
        if seen.method == "OPTIONS" {
            return open("").status(204);
        }
        match path {
            "/" => redirect(302, &format!("{landing}/")),
            "/api/json" => open("saved"),
            "/api/ok" => open("api"),
            "/api/echo" => open(&format!("{} {length}", seen.method)),
            "/api/elsewhere" => redirect(307, &format!("{classmate}/api/answer")),
            "/api/tainted" => redirect(307, &format!("{strict}/api/answer")),
            "/api/bare" => Reply::ok("").status(301).header("location", "/api/ok"),
            "/api/post-301" => redirect(301, "/api/echo"),
            "/api/post-303" => redirect(303, "/api/echo"),
            "/api/post-307" => redirect(307, "/api/echo"),
            "/api/private" => redirect(307, &format!("{secret}/latest/meta-data")),
            _ => open("not found").status(404),
        }
    })
}

#[test]
fn each_request_follows_its_own_redirects_as_chromium_does_and_none_reaches_a_private_address() {
    let landing = Server::start(|_| open("landing"));
    let classmate = Server::start(|_| open("classmate"));
    // An app that lets only freeCodeCamp's page read it, by name.
    let strict = Server::start(|_| Reply::ok("strict").header("access-control-allow-origin", SITE));
    let (secret, asked) = secret_service();
    let app = learner_app(&landing.url, &classmate.url, &strict.url, &secret.url);
    let post = |path: &str| {
        format!("const res = await fetch(code + '{path}', {{ method: 'POST', body: 'hello' }});")
    };
    // Each case: the hint, and whether the decision is the browser's (`true`) or grade's own.
    let cases: Vec<(String, bool)> = vec![
        // 1. The URL given answers its API though `/` leads elsewhere.
        (
            "const res = await fetch(code + '/api/ok');\nassert.equal(await res.text(), 'api');\nassert.isFalse(res.redirected);".into(),
            true,
        ),
        // 2. A redirect to another origin is followed; the answer is that origin's.
        (
            "const res = await fetch(code + '/api/elsewhere');\nassert.equal(await res.text(), 'classmate');\nassert.isTrue(res.redirected);\nassert.notInclude(res.url, code);".into(),
            true,
        ),
        // 3. After a redirect to another origin the request says `Origin: null`, which an app
        //    that names freeCodeCamp's origin does not let read.
        (
            "const res = await fetch(code + '/api/tainted');\nassert.equal(await res.text(), 'strict');".into(),
            true,
        ),
        // 4. A redirect without Access-Control-Allow-Origin stops the browser.
        (
            "const res = await fetch(code + '/api/bare');\nassert.equal(await res.text(), 'api');".into(),
            true,
        ),
        // 5-7. The method rules: 301 and 303 after POST become GET without a body, 307 keeps both.
        (format!("{}\nassert.equal(await res.text(), 'GET 0');", post("/api/post-301")), true),
        (format!("{}\nassert.equal(await res.text(), 'GET 0');", post("/api/post-303")), true),
        (format!("{}\nassert.equal(await res.text(), 'POST 5');", post("/api/post-307")), true),
        // 8-9. Twenty redirects are followed, the twenty-first is not.
        (
            "const res = await fetch(code + '/api/loop/0/20');\nassert.equal(await res.text(), 'end of the loop');".into(),
            true,
        ),
        (
            "const res = await fetch(code + '/api/loop/0/21');\nassert.equal(await res.text(), 'end of the loop');".into(),
            true,
        ),
        // 11. A JSON body's content type is not safelisted: the preflight names it, and an
        //     answer that does not allow it stops the browser.
        (
            "const res = await fetch(code + '/api/json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 1 }) });\nassert.equal(await res.text(), 'saved');".into(),
            true,
        ),
        // 10. A redirect to a private address: a learner's own browser follows it; grade, which
        //     may run inside a school's network, does not.
        (
            "const res = await fetch(code + '/api/private');\nassert.equal(await res.text(), 'the-secret-token');".into(),
            false,
        ),
    ];
    let hints: Vec<(String, String)> = cases
        .iter()
        .enumerate()
        .map(|(i, (code, _))| (format!("Redirect case {}.", i + 1), code.clone()))
        .collect();
    let pairs: Vec<(&str, &str)> = hints
        .iter()
        .map(|(t, c)| (t.as_str(), c.as_str()))
        .collect();
    let challenge = TempChallenge::new("redirect-cases", &pairs);
    let run = grade(&[
        "--url",
        &app.url,
        "--profile",
        "freecodecamp",
        "--format",
        "json",
        challenge.path(),
    ]);
    let graded = statuses(&run.json());
    let said = messages(&run.json());
    // The graded URL never moves; where `/` leads is said once.
    assert_eq!(run.json()["url"], app.url.as_str(), "{}", run.stderr);
    assert_contains(
        &run.stderr,
        &format!(
            "{} redirects to {}/; hints are still sent to {}",
            app.url, landing.url, app.url
        ),
    );
    let expected = [
        "passed", "passed", "failed", "failed", "passed", "passed", "passed", "passed", "errored",
        "failed", "errored",
    ];
    assert_eq!(graded, expected, "{said:#?}");
    assert_contains(&said[3], "Access-Control-Allow-Origin");
    assert_contains(&said[8], "too many redirects");
    assert_contains(
        &said[9],
        "the CORS preflight does not allow the header content-type",
    );
    let port = secret.url.rsplit(':').next().unwrap();
    assert_contains(
        &said[10],
        &format!("the redirect from {}/api/private to {}/latest/meta-data failed: refused http://127.0.0.2:{port}: 127.0.0.2 is a loopback address", app.url, secret.url),
    );
    assert_contains(&said[10], &format!("--allow-host 127.0.0.2:{port}"));
    assert_eq!(asked.load(Ordering::SeqCst), 0, "the secret was asked for");

    // Locally the answers are read, and each hint freeCodeCamp's page could not read is
    // flagged under it.
    let local = grade(&["--url", &app.url, "--format", "json", challenge.path()]);
    let hints = local.json()["challenges"][0]["hints"].clone();
    for i in [2, 3, 9] {
        assert_eq!(hints[i]["status"], "passed", "{}", hints[i]);
        let risks = hints[i]["would_fail_on_freecodecamp"].to_string();
        assert!(risks.contains("\"cors\""), "case {}: {risks}", i + 1);
    }
    assert_eq!(local.json()["summary"]["would_fail_on_freecodecamp"], 3);
    // `-q` still shows them, with why.
    let quiet = grade(&["--url", &app.url, "-q", challenge.path()]);
    assert_contains(&quiet.stderr, "✓ Redirect case 4.");
    assert_contains(&quiet.stderr, "would fail on freeCodeCamp");

    // The same hints in Chromium, on freeCodeCamp's origin.
    let dir = temp_dir("redirect-cases");
    let file = dir.join("cases.json");
    let codes: Vec<&str> = cases.iter().map(|(c, _)| c.as_str()).collect();
    std::fs::write(
        &file,
        serde_json::json!({ "origin": SITE, "code": app.url, "hints": codes }).to_string(),
    )
    .unwrap();
    let Some(browser) = in_chromium("hints.mjs", &[file.to_str().unwrap()]) else {
        return;
    };
    let browser: Vec<&str> = browser
        .as_array()
        .expect("verdicts")
        .iter()
        .map(|v| {
            if v["passed"] == true {
                "passed"
            } else {
                "failed"
            }
        })
        .collect();
    eprintln!("grade: {graded:?}\nChromium: {browser:?}");
    for (i, (_, as_browser)) in cases.iter().enumerate() {
        let passed = graded[i] == "passed";
        if *as_browser {
            assert_eq!(
                passed,
                browser[i] == "passed",
                "case {}: {}",
                i + 1,
                said[i]
            );
        } else {
            // The one decision that differs from the browser, on purpose.
            assert_eq!((passed, browser[i]), (false, "passed"), "case {}", i + 1);
        }
    }
}

#[test]
fn a_private_address_is_reached_only_when_the_app_is_there_or_allow_host_names_it() {
    let (secret, asked) = secret_service();
    let app = Server::start({
        let secret = secret.url.clone();
        move |seen| match seen.path.as_str() {
            "/" => open("home"),
            _ => redirect(307, &format!("{secret}/secret")),
        }
    });
    let challenge = TempChallenge::new(
        "private",
        &[(
            "Reads the answer.",
            "const res = await fetch(code + '/api');\nassert.equal(await res.text(), 'the-secret-token');",
        )],
    );
    let refused = grade(&["--url", &app.url, "--format", "json", challenge.path()]);
    assert_eq!(statuses(&refused.json()), ["errored"]);
    assert_eq!(asked.load(Ordering::SeqCst), 0);
    let port = secret.url.rsplit(':').next().unwrap();
    let allowed = grade(&[
        "--url",
        &app.url,
        "--allow-host",
        &format!("127.0.0.2:{port}"),
        "--format",
        "json",
        challenge.path(),
    ]);
    assert_eq!(statuses(&allowed.json()), ["passed"], "{}", allowed.stdout);
    // An app graded on 127.0.0.2 itself reaches it.
    let direct = grade(&["--url", &secret.url, "--format", "json", challenge.path()]);
    assert_eq!(statuses(&direct.json()), ["passed"]);
    assert!(asked.load(Ordering::SeqCst) >= 2);
}

#[test]
fn a_root_that_leads_to_a_private_address_is_refused_before_any_hint_even_by_name() {
    let (secret, asked) = secret_service();
    // The app is on 127.0.0.2; `localhost` is another loopback address to it, reached by name.
    let elsewhere = Server::start(|_| open("local"));
    let port = elsewhere.url.rsplit(':').next().unwrap().to_string();
    let app = Server::start_on("127.0.0.2", move |_| {
        redirect(302, &format!("http://localhost:{port}/"))
    });
    let challenge = TempChallenge::new("by-name", &[("Anything.", "assert.ok(true);")]);
    let run = grade(&["--url", &app.url, challenge.path()]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_contains(&run.stderr, "refused `localhost` resolves to ");
    assert_contains(
        &run.stderr,
        &format!("the redirect from {}/ to http://localhost:", app.url),
    );
    assert_contains(
        &run.stderr,
        "help: grade follows redirects only to public addresses",
    );
    drop(secret);
    assert_eq!(asked.load(Ordering::SeqCst), 0);
}

#[test]
fn a_batch_marks_answers_from_another_app_and_never_stores_a_private_answer() {
    let dir = temp_dir("answered-by");
    let challenge = TempChallenge::new(
        "api",
        &[(
            "The API answers.",
            "const res = await fetch(code + '/api');\nassert.equal(await res.text(), 'the-secret-token'.length ? 'api' : '');",
        )],
    );
    // Ada's app answers; Bob's sends every request to Ada's; Eve's sends its API to a private
    // service with a secret.
    let ada = Server::start(|seen| match seen.path.as_str() {
        "/api" => open("api"),
        _ => open("home"),
    });
    let bob = Server::start({
        let ada = ada.url.clone();
        move |seen| redirect(307, &format!("{ada}{}", seen.path))
    });
    let (secret, asked) = secret_service();
    let eve = Server::start({
        let secret = secret.url.clone();
        move |seen| match seen.path.as_str() {
            "/" => open("home"),
            _ => redirect(307, &format!("{secret}/latest/meta-data")),
        }
    });
    let roster = dir.join("roster.csv");
    std::fs::write(
        &roster,
        format!(
            "learner,url\nada,{}\nbob,{}\neve,{}\n",
            ada.url, bob.url, eve.url
        ),
    )
    .unwrap();
    let results = dir.join("results.ndjson");
    let (csv, json, html) = (
        dir.join("book.csv"),
        dir.join("book.json"),
        dir.join("book.html"),
    );
    let run = grade(&[
        "batch",
        roster.to_str().unwrap(),
        challenge.path(),
        "--results",
        results.to_str().unwrap(),
        "--report-csv",
        csv.to_str().unwrap(),
        "--report-json",
        json.to_str().unwrap(),
        "--report-html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(asked.load(Ordering::SeqCst), 0, "the secret was asked for");
    for file in [&results, &csv, &json, &html] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.contains("the-secret-token"), "{}", file.display());
    }
    // The batch's own output names both learners.
    assert_contains(
        &run.stderr,
        &format!(
            "`bob`: answered by {} (the app's redirects led there)",
            ada.url
        ),
    );
    assert_contains(&run.stderr, "`bob`: answered by the same app as `ada`");
    assert_contains(&run.stderr, "`ada`: answered by the same app as `bob`");
    assert!(!run.stderr.contains("`eve`: answered by"), "{}", run.stderr);
    let book: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let learners = book["learners"].as_array().unwrap();
    assert_eq!(learners[1]["answered_by"], serde_json::json!([ada.url]));
    assert_eq!(learners[1]["same_app_as"], serde_json::json!(["ada"]));
    assert_eq!(learners[0]["same_app_as"], serde_json::json!(["bob"]));
    assert_eq!(learners[2]["same_app_as"], serde_json::json!([]));
    assert_eq!(learners[1]["passed"], 1);
    assert_eq!(learners[2]["passed"], 0);
    let table = super::support::read_csv(&csv);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].ends_with(",answered by,same app as,graded at"),
        "{table}"
    );
    assert_contains(lines[2], &format!(",{},ada,", ada.url));
    assert_contains(lines[1], ",,bob,");
    let page = std::fs::read_to_string(&html)
        .unwrap()
        .replace("&#x2f;", "/");
    assert_contains(&page, &format!("answered by {}", ada.url));
    assert_contains(&page, "answered by the same app as bob");
}

/// The servers of the namespace test: a secret on a documentation address (192.0.2.10, as a
/// cloud's internal service would be) that counts who asked, an app that redirects to it by
/// address, and an app whose `/` leads to it by a name.
const NAMESPACE_SERVERS: &str = r#"
import http.server, sys, threading
asked = 0
class Secret(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        global asked
        asked += 1
        open(sys.argv[1], 'w').write(str(asked))
        self.send_response(200); self.send_header('Content-Length', '16'); self.end_headers()
        self.wfile.write(b'the-secret-token')
    def log_message(self, *a): pass
class App(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == '/':
            self.send_response(200); self.send_header('Content-Length', '4'); self.end_headers(); self.wfile.write(b'home')
        else:
            self.send_response(307); self.send_header('Location', 'http://192.0.2.10:8080/secret'); self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *a): pass
class ByName(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(302); self.send_header('Location', 'http://metadata.internal:8080/'); self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *a): pass
for handler, address in [(Secret, ('192.0.2.10', 8080)), (App, ('127.0.0.1', 8081)), (ByName, ('127.0.0.1', 8082))]:
    server = http.server.ThreadingHTTPServer(address, handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
print('ready', flush=True)
threading.Event().wait()
"#;

#[test]
fn in_a_network_namespace_a_documentation_address_is_refused_by_address_and_by_name() {
    let dir = temp_dir("namespace");
    let can = std::process::Command::new("unshare")
        .args(["-n", "-m", "sh", "-c", "ip link set lo up"])
        .status()
        .is_ok_and(|s| s.success());
    if !can {
        eprintln!("skipped: this machine cannot make a network namespace");
        return;
    }
    let challenge = TempChallenge::new(
        "metadata",
        &[(
            "Reads the answer.",
            "assert.equal(await (await fetch(code + '/latest')).text(), 'the-secret-token');",
        )],
    );
    std::fs::write(dir.join("servers.py"), NAMESPACE_SERVERS).unwrap();
    std::fs::write(
        dir.join("hosts"),
        "127.0.0.1 localhost\n192.0.2.10 metadata.internal\n",
    )
    .unwrap();
    let asked = dir.join("asked");
    let script = format!(
        "set -e\nip link set lo up\nip addr add 192.0.2.10/32 dev lo\nmount --bind {hosts} /etc/hosts\npython3 {servers} {asked} > {dir}/ready &\nfor i in $(seq 100); do grep -q ready {dir}/ready && break; sleep 0.05; done\n{grade} --url http://127.0.0.1:8081 --format json {challenge} > {dir}/by-address.json 2>&1 || true\n{grade} --url http://127.0.0.1:8082 {challenge} > {dir}/by-name.txt 2>&1 || true\nkill %1\n",
        hosts = dir.join("hosts").display(),
        servers = dir.join("servers.py").display(),
        asked = asked.display(),
        dir = dir.display(),
        grade = env!("CARGO_BIN_EXE_grade"),
        challenge = challenge.path(),
    );
    let status = std::process::Command::new("unshare")
        .args(["-n", "-m", "bash", "-c", &script])
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .status()
        .unwrap();
    assert!(status.success());
    let by_address = std::fs::read_to_string(dir.join("by-address.json")).unwrap();
    assert_contains(
        &by_address,
        "refused http://192.0.2.10:8080: 192.0.2.10 is a documentation address",
    );
    let by_name = std::fs::read_to_string(dir.join("by-name.txt")).unwrap();
    assert_contains(
        &by_name,
        "refused `metadata.internal` resolves to 192.0.2.10",
    );
    assert_contains(&by_name, "no hint was run");
    assert!(!asked.exists(), "the secret was asked for");
}
