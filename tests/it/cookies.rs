//! Cookies within one hint behave as in a browser: path and domain matching, expiry, deletion by
//! `Max-Age=0` or a past `Expires`, `HttpOnly` still sent, `Secure` only to https and to
//! loopback hosts (which browsers also treat as secure contexts).

use super::support::{grade, messages, statuses, Reply, Seen, Server, TempChallenge};

/// `/…/set-NAME` sets the cookie named in the table; `/…/echo` answers the Cookie header.
fn cookie_server(seen: &Seen) -> Reply {
    let cookie = seen
        .headers
        .iter()
        .find(|(k, _)| k == "cookie")
        .map_or(String::new(), |(_, v)| v.clone());
    let set = |value: &str| Reply::ok("set").header("Set-Cookie", value);
    let path = seen.path.as_str();
    match path.rsplit('/').next().unwrap_or("") {
        "echo" => Reply::ok(&cookie),
        "set-path" => set("p=1; Path=/a"),
        "set-plain" => set("plain=1; Path=/"),
        "delete-max-age" => set("plain=; Max-Age=0; Path=/"),
        "delete-expires" => set("plain=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"),
        "set-short" => set("short=1; Max-Age=1; Path=/"),
        "set-http-only" => set("h=1; HttpOnly; Path=/"),
        "set-secure" => set("s=1; Secure; Path=/"),
        "set-other-domain" => set("d=1; Domain=other.example; Path=/"),
        "set-two" => Reply::ok("two")
            .header("Set-Cookie", "one=1; Path=/")
            .header("Set-Cookie", "two=2; Path=/"),
        _ => Reply::ok("").status(404),
    }
}

const ECHO: &str = "const echo = async (path = '/echo') => (await fetch(code + path)).text();\n";

#[test]
fn cookies_follow_the_browser_rules_within_a_hint() {
    let server = Server::start(cookie_server);
    let localhost = server.url.replace("127.0.0.1", "localhost");
    let hints: Vec<(&str, String)> = vec![
        ("Path.", format!("{ECHO}await fetch(code + '/a/set-path');\nassert.include(await echo('/a/b/echo'), 'p=1');\nassert.notInclude(await echo('/c/echo'), 'p=1');")),
        ("Max-Age=0 deletes.", format!("{ECHO}await fetch(code + '/set-plain');\nassert.include(await echo(), 'plain=1');\nawait fetch(code + '/delete-max-age');\nassert.notInclude(await echo(), 'plain');")),
        ("A past Expires deletes.", format!("{ECHO}await fetch(code + '/set-plain');\nawait fetch(code + '/delete-expires');\nassert.notInclude(await echo(), 'plain');")),
        ("Max-Age expires.", format!("{ECHO}await fetch(code + '/set-short');\nassert.include(await echo(), 'short=1');\nawait new Promise((r) => setTimeout(r, 2100));\nassert.notInclude(await echo(), 'short');")),
        ("HttpOnly is still sent.", format!("{ECHO}await fetch(code + '/set-http-only');\nassert.include(await echo(), 'h=1');")),
        ("Secure goes to a loopback host, a secure context.", format!("{ECHO}await fetch(code + '/set-secure');\nassert.include(await echo(), 's=1');")),
        ("Another domain is refused.", format!("{ECHO}await fetch(code + '/set-other-domain');\nassert.notInclude(await echo(), 'd=1');")),
        ("Host-only cookies stay on their host.", format!("{ECHO}await fetch(code + '/set-plain');\nconst other = await (await fetch('{localhost}/echo')).text();\nassert.notInclude(other, 'plain');")),
        ("Several Set-Cookie headers.", format!("{ECHO}const res = await fetch(code + '/set-two');\nassert.deepEqual(res.headers.getSetCookie(), ['one=1; Path=/', 'two=2; Path=/']);\nassert.equal(res.headers.get('set-cookie'), 'one=1; Path=/, two=2; Path=/');\nconst sent = (await echo()).split('; ').sort();\nassert.deepEqual(sent, ['one=1', 'two=2']);")),
    ];
    let pairs: Vec<(&str, &str)> = hints.iter().map(|(t, c)| (*t, c.as_str())).collect();
    let challenge = TempChallenge::new("cookies", &pairs);
    let run = grade(&[
        "--url",
        &server.url,
        "--allow-host",
        "localhost",
        "--timeout",
        "10",
        "--format",
        "json",
        challenge.path(),
    ]);
    let report = run.json();
    let results: Vec<(String, String)> = statuses(&report)
        .into_iter()
        .zip(messages(&report))
        .collect();
    for (i, (status, message)) in results.iter().enumerate() {
        assert_eq!(status, "passed", "{}: {message}", hints[i].0);
    }
}
