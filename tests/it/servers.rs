//! Hostile and broken servers: each ends within its bounds with a verdict and a message a person
//! can act on.

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::support::{
    assert_contains, grade, messages, reset, statuses, temp_dir, tls_server, RawServer, Seen,
    TempChallenge,
};

/// Grades one hint against `url`; returns its status and message.
fn verdict(url: &str, code: &str, extra: &[&str]) -> (String, String) {
    let challenge = TempChallenge::new("server", &[("The app answers.", code)]);
    let mut args = vec![
        "--url",
        url,
        "--timeout",
        "3",
        "--format",
        "json",
        challenge.path(),
    ];
    args.extend_from_slice(extra);
    let run = grade(&args);
    let report = run.json();
    (statuses(&report).remove(0), messages(&report).remove(0))
}

fn head(stream: &mut TcpStream, head: &str) {
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.flush();
}

#[test]
fn a_body_trickled_one_byte_a_second_times_out() {
    let server = RawServer::start(|mut stream: TcpStream, _: &Seen| {
        head(
            &mut stream,
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
        );
        for _ in 0..100 {
            if stream.write_all(b"x").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    let started = Instant::now();
    let (status, message) = verdict(
        &server.url,
        "await (await fetch(code + '/slow')).text()",
        &[],
    );
    assert_eq!(status, "timed_out");
    assert_contains(
        &message,
        &format!("still waiting for an answer to GET {}/slow", server.url),
    );
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
}

fn endless_zeros(stream: &mut TcpStream, chunked: bool) {
    let block = vec![0u8; 64 << 10];
    let chunk_head = format!("{:x}\r\n", block.len());
    let mut sent = 0usize;
    while sent < 1 << 30 {
        let ok = if chunked {
            stream
                .write_all(chunk_head.as_bytes())
                .and_then(|_| stream.write_all(&block))
                .and_then(|_| stream.write_all(b"\r\n"))
        } else {
            stream.write_all(&block)
        };
        if ok.is_err() {
            return;
        }
        sent += block.len();
    }
}

#[test]
fn a_one_gibibyte_body_is_cut_off_at_the_cap() {
    let server = RawServer::start(|mut stream: TcpStream, seen: &Seen| {
        if seen.path == "/declared" {
            head(
                &mut stream,
                "HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n",
            );
            endless_zeros(&mut stream, false);
        } else {
            head(
                &mut stream,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            );
            endless_zeros(&mut stream, true);
        }
    });
    for path in ["/declared", "/chunked"] {
        let (status, message) = verdict(
            &server.url,
            &format!("await (await fetch(code + '{path}')).text()"),
            &[],
        );
        assert_eq!(status, "errored", "{path}: {message}");
        assert_contains(
            &message,
            &format!(
                "the answer from {}{path} is larger than the 10 MiB limit (see --max-body)",
                server.url
            ),
        );
    }
    let (status, message) = verdict(
        &server.url,
        "await (await fetch(code + '/chunked')).text()",
        &["--max-body", "1MiB"],
    );
    assert_eq!(status, "errored");
    assert_contains(&message, "larger than the 1 MiB limit");
}

#[test]
fn a_gzip_bomb_is_capped_after_decompression() {
    use flate2::write::GzEncoder;
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![0u8; 1 << 20];
    for _ in 0..64 {
        encoder.write_all(&block).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    assert!(
        bomb.len() < 1 << 20,
        "the bomb is small on the wire: {} bytes",
        bomb.len()
    );
    let server = RawServer::start(move |mut stream: TcpStream, _: &Seen| {
        head(
            &mut stream,
            &format!(
                "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                bomb.len()
            ),
        );
        let _ = stream.write_all(&bomb);
    });
    let (status, message) = verdict(&server.url, "await (await fetch(code)).text()", &[]);
    assert_eq!(status, "errored");
    assert_contains(&message, "is larger than the 10 MiB limit");
}

#[test]
fn invalid_utf8_reads_with_replacement_characters() {
    let server = RawServer::start(|mut stream: TcpStream, _: &Seen| {
        head(&mut stream, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n\r\n");
        let _ = stream.write_all(&[b'H', 0xff, b'I']);
    });
    let (status, message) = verdict(
        &server.url,
        "assert.equal(await (await fetch(code)).text(), 'H\\uFFFDI')",
        &[],
    );
    assert_eq!(status, "passed", "{message}");
}

#[test]
fn a_connection_reset_in_mid_body_is_errored() {
    let server = RawServer::start(|mut stream: TcpStream, _: &Seen| {
        head(
            &mut stream,
            "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly ten b",
        );
        std::thread::sleep(Duration::from_millis(50));
        reset(stream);
    });
    let (status, message) = verdict(
        &server.url,
        "await (await fetch(code + '/cut')).text()",
        &[],
    );
    assert_eq!(status, "errored");
    assert_contains(
        &message,
        &format!(
            "the answer from {}/cut broke off after 10 bytes",
            server.url
        ),
    );
}

#[test]
fn a_close_delimited_http_1_0_answer_is_read_whole() {
    let server = RawServer::start(|mut stream: TcpStream, _: &Seen| {
        head(
            &mut stream,
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from 1.0, until the close",
        );
    });
    let (status, message) = verdict(
        &server.url,
        "assert.equal(await (await fetch(code)).text(), 'hello from 1.0, until the close')",
        &[],
    );
    assert_eq!(status, "passed", "{message}");
}

/// Grades one hint against `url`, which is expected not to answer; returns the exit code and
/// what `grade` said.
fn unreachable(url: &str, extra: &[&str]) -> (i32, String) {
    let challenge = TempChallenge::new("server", &[("The app answers.", "await fetch(code)")]);
    let mut args = vec!["--url", url, challenge.path()];
    args.extend_from_slice(extra);
    let run = grade(&args);
    assert!(
        !run.stderr.contains("The app answers."),
        "a hint ran:\n{}",
        run.stderr
    );
    (run.code, run.stderr)
}

#[test]
fn a_self_signed_certificate_is_refused_unless_insecure() {
    let url = tls_server();
    let (code, stderr) = unreachable(&url, &[]);
    assert_eq!(code, 3, "{stderr}");
    assert_contains(&stderr, "the TLS certificate of localhost is not trusted (it is signed by an unknown authority, for example self-signed)");
    assert_contains(
        &stderr,
        "help: if the app uses a certificate of its own (self-signed), pass --insecure (-k)",
    );
    let code = "assert.equal(await (await fetch(code)).text(), 'secure')";
    let (status, message) = verdict(&url, code, &["--insecure"]);
    assert_eq!(status, "passed", "{message}");
    let (status, message) = verdict(&url, code, &["-k"]);
    assert_eq!(status, "passed", "{message}");
}

#[test]
fn a_name_that_does_not_resolve_is_reported() {
    let (code, stderr) = unreachable("http://no-such-host.invalid", &[]);
    assert_eq!(code, 3, "{stderr}");
    assert_contains(&stderr, "the name `no-such-host.invalid` does not resolve");
    assert_contains(&stderr, "help: check the address for a typo");
}

#[test]
fn a_port_that_does_not_speak_http_is_reported() {
    let server = RawServer::start(|mut stream: TcpStream, _: &Seen| {
        head(&mut stream, "SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n");
    });
    let (code, stderr) = unreachable(&server.url, &[]);
    assert_eq!(code, 3, "{stderr}");
    assert_contains(&stderr, "did not answer in HTTP");
    assert_contains(&stderr, "help: the port answers, but not in HTTP");
}

#[test]
fn other_names_for_loopback_are_other_hosts() {
    let server = RawServer::start(|mut stream: TcpStream, _: &Seen| {
        head(
            &mut stream,
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        );
    });
    let port = server.url.rsplit(':').next().unwrap().to_string();
    for other in [
        format!("http://localhost:{port}"),
        format!("http://[::1]:{port}"),
        format!("http://127.0.0.2:{port}"),
    ] {
        let (status, message) = verdict(&server.url, &format!("await fetch('{other}')"), &[]);
        assert_eq!(status, "errored", "{other}");
        assert_contains(
            &message,
            &format!("hint code may only reach the app being graded (http://127.0.0.1:{port})"),
        );
    }
}

/// A server that answers `/` (so the app looks up) and nothing else, ever.
fn hanging_server() -> RawServer {
    RawServer::start(|mut stream: TcpStream, seen: &Seen| {
        if seen.path == "/" {
            head(
                &mut stream,
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nup",
            );
            return;
        }
        std::thread::sleep(Duration::from_secs(60));
        drop(stream);
    })
}

#[test]
fn a_server_that_never_answers_is_one_diagnosis() {
    let server = RawServer::start(|stream: TcpStream, _: &Seen| {
        std::thread::sleep(Duration::from_secs(60));
        drop(stream);
    });
    let (code, stderr) = unreachable(&server.url, &["--timeout", "1"]);
    assert_eq!(code, 3, "{stderr}");
    assert_contains(&stderr, "within 1 s");
    assert_contains(
        &stderr,
        "help: a free host that sleeps when idle can take a minute to wake: --wait",
    );
}

#[test]
fn a_run_ends_within_its_hints_deadlines_whatever_the_server_does() {
    let server = hanging_server();
    let hints = [
        ("One.", "await fetch(code + '/a')"),
        ("Two.", "await fetch(code + '/b')"),
        ("Three.", "await fetch(code + '/c')"),
    ];
    let challenge = TempChallenge::new("bounded", &hints);
    let started = Instant::now();
    let run = grade(&[
        "--url",
        &server.url,
        "--timeout",
        "1",
        "--format",
        "json",
        challenge.path(),
    ]);
    let elapsed = started.elapsed();
    assert_eq!(
        statuses(&run.json()),
        ["timed_out", "timed_out", "timed_out"]
    );
    assert!(
        elapsed < Duration::from_secs(3 + 3),
        "3 hints of 1 s took {elapsed:?}"
    );
}

/// Starts `grade`, sends it SIGINT after `delay`, and returns its exit code, stderr and how long
/// it took to stop after the signal.
fn interrupt(args: &[&str], delay: Duration, tmp: &std::path::Path) -> (i32, String, Duration) {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .env("TMPDIR", tmp)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let (stopped, took) = super::support::interrupt_and_wait(&mut child);
    assert!(stopped.is_some(), "grade did not stop after SIGINT");
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        took,
    )
}

#[test]
fn ctrl_c_stops_the_run_cleanly_and_leaves_no_file_behind() {
    let server = hanging_server();
    let tmp = temp_dir("interrupt");
    let waiting = TempChallenge::new(
        "waiting",
        &[
            ("Quick.", "assert(true)"),
            ("Waits.", "await fetch(code + '/wait')"),
            ("Never runs.", "assert(true)"),
        ],
    );
    let (code, stderr, stopped_in) = interrupt(
        &["--url", &server.url, "--timeout", "30", waiting.path()],
        Duration::from_millis(1500),
        &tmp,
    );
    assert_eq!(code, 130, "{stderr}");
    assert_contains(&stderr, "interrupted: the remaining hints did not run");
    assert_contains(&stderr, "1 hint: 1 passed");
    assert!(
        stopped_in < Duration::from_secs(2),
        "stopping took {stopped_in:?}"
    );
    let looping = TempChallenge::new("looping", &[("Spins.", "while (true) {}")]);
    let (code, stderr, stopped_in) = interrupt(
        &["--url", &server.url, "--timeout", "30", looping.path()],
        Duration::from_millis(1500),
        &tmp,
    );
    assert_eq!(code, 130, "{stderr}");
    assert!(
        stopped_in < Duration::from_secs(2),
        "stopping a loop took {stopped_in:?}"
    );
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "files left in TMPDIR: {left:?}");
}

#[test]
fn a_redirect_loop_stops_after_twenty_redirects() {
    let server = RawServer::start(|mut stream: TcpStream, seen: &Seen| {
        let next: u32 = seen.path.trim_start_matches("/hop/").parse().unwrap_or(0) + 1;
        head(
            &mut stream,
            // The connection ends with each answer; saying so keeps the client from reusing it.
            &format!("HTTP/1.1 302 Found\r\nLocation: /hop/{next}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
        );
    });
    let (status, message) = verdict(&server.url, "await fetch(code + '/hop/0')", &[]);
    assert_eq!(status, "errored");
    assert_contains(
        &message,
        &format!(
            "too many redirects: more than 20, the last one to {}/hop/21",
            server.url
        ),
    );
}
