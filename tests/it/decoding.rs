//! Answers as a browser reads them: every compression a current browser accepts (gzip,
//! deflate, br, zstd), within the same caps against bombs; a UTF-8 byte-order mark dropped by
//! `text()`, `json()` and jQuery.

use std::io::Write;
use std::sync::{Arc, Mutex};

use super::support::{assert_contains, grade, messages, statuses, RawServer, TempChallenge};

fn compress(encoding: &str, body: &[u8]) -> Vec<u8> {
    match encoding {
        "gzip" => {
            let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            out.write_all(body).unwrap();
            out.finish().unwrap()
        }
        "deflate" => {
            let mut out = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            out.write_all(body).unwrap();
            out.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            {
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                writer.write_all(body).unwrap();
            }
            out
        }
        "zstd" => zstd::encode_all(body, 3).unwrap(),
        _ => body.to_vec(),
    }
}

/// A host that answers `/ENCODING` with `body` compressed that way (as a host that always
/// compresses does), and records the Accept-Encoding it was sent.
fn compressing(body: Vec<u8>) -> (RawServer, Arc<Mutex<Vec<String>>>) {
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let seen_by = accepted.clone();
    let server = RawServer::start(move |mut stream, seen| {
        let encoding = seen.path.trim_start_matches('/');
        if let Some((_, v)) = seen.headers.iter().find(|(k, _)| k == "accept-encoding") {
            seen_by.lock().unwrap().push(v.clone());
        }
        let data = compress(encoding, &body);
        let mut head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
            data.len()
        );
        if matches!(encoding, "gzip" | "deflate" | "br" | "zstd") {
            head.push_str(&format!("Content-Encoding: {encoding}\r\n"));
        }
        head.push_str("\r\n");
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&data);
    });
    (server, accepted)
}

#[test]
fn every_compression_a_browser_accepts_is_read_and_a_bomb_is_still_capped() {
    let (server, accepted) = compressing(br#"{"ok":true}"#.to_vec());
    let hints: Vec<(String, String)> = ["gzip", "deflate", "br", "zstd"]
        .iter()
        .map(|e| {
            (
                format!("A {e} answer is read."),
                format!("const res = await fetch(code + '/{e}');\nassert.deepEqual(await res.json(), {{ ok: true }});"),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = hints
        .iter()
        .map(|(t, c)| (t.as_str(), c.as_str()))
        .collect();
    let challenge = TempChallenge::new("compressed", &pairs);
    let run = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    assert_eq!(
        statuses(&run.json()),
        ["passed"; 4],
        "{:?}",
        messages(&run.json())
    );
    let accepted = accepted.lock().unwrap();
    assert!(
        accepted.iter().any(|a| a == "gzip, deflate, br, zstd"),
        "{accepted:?}"
    );
    // 20 MiB of zeros is a few kilobytes in brotli or zstd: the cap is on what it becomes.
    let (bomb, _) = compressing(vec![0; 20 << 20]);
    let challenge = TempChallenge::new(
        "bomb",
        &[
            (
                "A brotli bomb is capped.",
                "await (await fetch(code + '/br')).text();",
            ),
            (
                "A zstd bomb is capped.",
                "await (await fetch(code + '/zstd')).text();",
            ),
        ],
    );
    let run = grade(&[
        "--url",
        &bomb.url,
        "--max-body",
        "1MiB",
        "--format",
        "json",
        challenge.path(),
    ]);
    let said = messages(&run.json());
    assert_eq!(statuses(&run.json()), ["errored", "errored"], "{said:?}");
    for message in &said {
        assert_contains(message, "is larger than the 1 MiB limit (see --max-body)");
    }
}

#[test]
fn a_byte_order_mark_is_dropped_by_text_json_and_jquery() {
    let mut body = b"\xEF\xBB\xBF".to_vec();
    body.extend_from_slice(br#"{"name":"Zo\u00eb"}"#);
    let (server, _) = compressing(body);
    let challenge = TempChallenge::new(
        "bom",
        &[
            (
                "json() reads it.",
                "const res = await fetch(code + '/plain');\nassert.equal((await res.json()).name, 'Zoë');",
            ),
            (
                "text() starts with the brace.",
                "const res = await fetch(code + '/gzip');\nassert.equal((await res.text())[0], '{');",
            ),
            (
                "$.getJSON reads it.",
                "const data = await $.getJSON(code + '/plain');\nassert.equal(data.name, 'Zoë');",
            ),
        ],
    );
    let run = grade(&["--url", &server.url, "--format", "json", challenge.path()]);
    assert_eq!(
        statuses(&run.json()),
        ["passed"; 3],
        "{:?}",
        messages(&run.json())
    );
}

#[test]
fn a_certificate_authority_of_ssl_cert_file_or_dir_is_trusted_beside_the_built_in_ones() {
    let (secure, pem) = super::support::tls_server_with_certificate();
    let dir = super::support::temp_dir("trust");
    let file = dir.join("school-ca.pem");
    std::fs::write(&file, &pem).unwrap();
    let challenge = TempChallenge::new(
        "trusted",
        &[(
            "The app answers over TLS.",
            "assert.equal(await (await fetch(code)).text(), 'secure');",
        )],
    );
    let untrusted = grade(&["--url", &secure, challenge.path()]);
    assert_eq!(untrusted.code, 3, "{}", untrusted.stderr);
    assert_contains(&untrusted.stderr, "is not trusted");
    let run = super::support::grade_with_env(
        &["--url", &secure, "--format", "json", challenge.path()],
        &[("SSL_CERT_FILE", file.to_str().unwrap())],
    );
    assert_eq!(statuses(&run.json()), ["passed"], "{}", run.stderr);
    // A folder of certificates, named by their hash as `c_rehash` names them, is read too.
    let folder = dir.join("certs");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("school.pem"), &pem).unwrap();
    let rehashed = std::process::Command::new("openssl")
        .args(["rehash", folder.to_str().unwrap()])
        .status()
        .is_ok_and(|s| s.success());
    if rehashed {
        let run = super::support::grade_with_env(
            &["--url", &secure, "--format", "json", challenge.path()],
            &[("SSL_CERT_DIR", folder.to_str().unwrap())],
        );
        assert_eq!(statuses(&run.json()), ["passed"], "{}", run.stderr);
    }
}

#[test]
fn a_proxy_from_the_environment_carries_requests_to_other_hosts_as_curl_sends_them() {
    // A proxy on loopback that answers an absolute-form request itself.
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let proxy = super::support::Server::start(move |seen| {
        log.lock()
            .unwrap()
            .push(format!("{} {}", seen.method, seen.path));
        super::support::Reply::ok("through the proxy")
    });
    let direct = super::support::Server::start(|_| super::support::Reply::ok("direct"));
    let challenge = TempChallenge::new(
        "proxied",
        &[(
            "The app answers.",
            "assert.equal(await (await fetch(code + '/api')).text(), 'through the proxy');",
        )],
    );
    // A name that resolves nowhere: only the proxy can reach it.
    let run = super::support::grade_with_env(
        &[
            "--url",
            "http://app.example",
            "--format",
            "json",
            challenge.path(),
        ],
        &[("HTTP_PROXY", &proxy.url)],
    );
    assert_eq!(statuses(&run.json()), ["passed"], "{}", run.stderr);
    assert!(
        asked
            .lock()
            .unwrap()
            .contains(&"GET http://app.example/api".to_string()),
        "{:?}",
        asked.lock().unwrap()
    );
    // NO_PROXY names it: it is reached directly, and does not resolve.
    let bypassed = super::support::grade_with_env(
        &["--url", "http://app.example", challenge.path()],
        &[("http_proxy", &proxy.url), ("NO_PROXY", "example")],
    );
    assert_eq!(bypassed.code, 3, "{}", bypassed.stderr);
    assert_contains(&bypassed.stderr, "does not resolve");
    // A loopback app is reached directly, whatever the proxy.
    let before = asked.lock().unwrap().len();
    let local = TempChallenge::new(
        "direct",
        &[(
            "The app answers.",
            "assert.equal(await (await fetch(code)).text(), 'direct');",
        )],
    );
    let run = super::support::grade_with_env(
        &["--url", &direct.url, "--format", "json", local.path()],
        &[("ALL_PROXY", &proxy.url)],
    );
    assert_eq!(statuses(&run.json()), ["passed"], "{}", run.stderr);
    assert_eq!(asked.lock().unwrap().len(), before);
}
