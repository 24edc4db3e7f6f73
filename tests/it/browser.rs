//! The runtime where a browser's verdict was measured to differ: aborts end their request and
//! reject with the browser's error, a microtask that throws fails the hint as a timer's callback
//! does, many fetches at once wait their turn on the host (six at a time), and the runtime's own
//! code calls only builtins captured before hint code runs.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::support::{root, Reply, Server};

/// Runs `hints` against `server` with a short deadline; their statuses and messages.
fn run(server: &Server, hints: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    super::runtime::run(server, hints).into_iter().unzip()
}

#[test]
fn an_abort_ends_the_request_and_rejects_as_a_browser_does() {
    // `/slow` answers long after the hint's deadline: only an abort that ends the request lets
    // these hints finish.
    let server = Server::start(|seen| match seen.path.as_str() {
        "/slow" => Reply::ok("late").delay(Duration::from_secs(8)),
        _ => Reply::ok("ok"),
    });
    let (statuses, said) = run(
        &server,
        &[
            (
                "AbortController.abort() rejects with AbortError.",
                "const c = new AbortController();\nconst pending = fetch(code + '/slow', { signal: c.signal });\nsetTimeout(() => c.abort(), 50);\nlet name;\ntry { await pending; } catch (e) { name = e.name; }\nassert.equal(name, 'AbortError');",
            ),
            (
                "AbortSignal.timeout() rejects with TimeoutError.",
                "let name;\ntry { await fetch(code + '/slow', { signal: AbortSignal.timeout(100) }); } catch (e) { name = e.name; }\nassert.equal(name, 'TimeoutError');",
            ),
            (
                "xhr.abort() ends the request and fires abort.",
                "const xhr = new XMLHttpRequest();\nxhr.open('GET', code + '/slow');\nlet aborted = false;\nxhr.onabort = () => { aborted = true; };\nxhr.send();\nsetTimeout(() => xhr.abort(), 50);\nawait new Promise((resolve) => setTimeout(resolve, 200));\nassert.isTrue(aborted);\nassert.equal(xhr.readyState, 0);",
            ),
        ],
    );
    assert_eq!(statuses, ["passed"; 3], "{said:#?}");
}

#[test]
fn an_exception_in_a_microtask_fails_the_hint_like_one_in_a_timer() {
    let server = Server::start(|_| Reply::ok("ok"));
    let (statuses, said) = run(
        &server,
        &[
            (
                "Without an await.",
                "queueMicrotask(() => { throw new Error('boom in a microtask'); });",
            ),
            (
                "After an await.",
                "await fetch(code);\nqueueMicrotask(() => { throw new Error('boom after an await'); });\nawait new Promise((resolve) => setTimeout(resolve, 20));",
            ),
            (
                "A microtask that does not throw runs.",
                "let ran = false;\nqueueMicrotask(() => { ran = true; });\nawait Promise.resolve();\nassert.isTrue(ran);",
            ),
        ],
    );
    assert_eq!(statuses, ["failed", "failed", "passed"], "{said:#?}");
    assert!(said[0].contains("boom in a microtask"), "{said:#?}");
    assert!(said[1].contains("boom after an await"), "{said:#?}");
}

#[test]
fn three_hundred_fetches_at_once_wait_their_turn_six_to_a_host() {
    let active = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (a, m) = (active.clone(), most.clone());
    let server = Server::start(move |_| {
        let now = a.fetch_add(1, Ordering::SeqCst) + 1;
        m.fetch_max(now, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(2));
        a.fetch_sub(1, Ordering::SeqCst);
        Reply::ok("ok")
    });
    let (statuses, said) = run(
        &server,
        &[(
            "Three hundred requests at once are all answered.",
            "const all = await Promise.all(Array.from({ length: 300 }, (_, i) => fetch(code + '/n/' + i).then((r) => r.text())));\nassert.equal(all.filter((t) => t === 'ok').length, 300);",
        )],
    );
    assert_eq!(statuses, ["passed"], "{said:#?}");
    let most = most.load(Ordering::SeqCst);
    assert!((1..=6).contains(&most), "{most} requests at once");
}

#[test]
fn hint_code_that_replaces_builtins_does_not_break_the_runtime() {
    let server = Server::start(|_| Reply::ok("{\"ok\":true}"));
    let (statuses, said) = run(
        &server,
        &[(
            "The runtime does not call what the hint replaced.",
            "Object.defineProperty = () => { throw new Error('live defineProperty'); };\nObject.keys = () => { throw new Error('live keys'); };\nMath.max = () => { throw new Error('live max'); };\nconst res = await fetch(code);\nassert.deepEqual(await res.json(), { ok: true });\nassert.equal(new URL('/a', code).pathname, '/a');\nconst doc = new DOMParser().parseFromString('<p>&#65;</p>', 'text/html');\nassert.equal(doc.querySelector('p').textContent, 'A');",
        )],
    );
    assert_eq!(statuses, ["passed"], "{said:#?}");
}

/// Calls of a builtin through its global (`Object.keys(`, `Math.max(`, `p.Object.keys(`) in
/// `line`, which hint code could have replaced by the time the call runs.
fn live_calls(line: &str) -> Vec<String> {
    const GLOBALS: [&str; 24] = [
        "Object",
        "Array",
        "Reflect",
        "JSON",
        "Math",
        "Promise",
        "String",
        "Number",
        "Symbol",
        "Date",
        "RegExp",
        "Map",
        "Set",
        "WeakMap",
        "WeakSet",
        "Error",
        "Function",
        "Proxy",
        "Uint8Array",
        "ArrayBuffer",
        "BigInt",
        "Boolean",
        "globalThis",
        "Intl",
    ];
    let code = line.split("//").next().unwrap_or("");
    let mut found = Vec::new();
    for name in GLOBALS {
        let mut from = 0;
        while let Some(at) = code[from..].find(name).map(|i| i + from) {
            from = at + name.len();
            let before = code[..at].trim_end_matches("p.");
            let boundary = before
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$' || c == '.'));
            let rest = &code[at + name.len()..];
            let Some(member) = rest.strip_prefix('.') else {
                continue;
            };
            let method: String = member
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let call = member[method.len()..].trim_start().starts_with('(');
            if boundary && call && !method.is_empty() {
                found.push(format!("{name}.{method}("));
            }
        }
    }
    found
}

#[test]
fn the_runtime_calls_no_builtin_through_its_live_global() {
    assert_eq!(live_calls("  Object.keys(x);"), ["Object.keys("]);
    assert_eq!(live_calls("const m = p.Math.max(1, 2);"), ["Math.max("]);
    assert!(live_calls("ObjectKeys(x); p.ObjectKeys(x); a.Object.keys(x)").is_empty());
    assert!(live_calls("Date.prototype.x = 1; // Object.keys(x)").is_empty());
    // The captures themselves are made before any hint code runs, and the samples of kinds are
    // taken once per worker before it too.
    let exempt = ["primordials.js", "kinds.js"];
    let mut offenders = Vec::new();
    let dir = root().join("src/run/js");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".js") || exempt.contains(&name.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            for call in live_calls(line) {
                offenders.push(format!("src/run/js/{name}:{}: {call}", number + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "live builtins called:\n{}",
        offenders.join("\n")
    );
}
