//! Helpers shared by the integration tests: the `grade` binary, the fixture learner app, a small
//! HTTP server whose behaviour each test scripts, and challenge files written on the fly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a finished `grade` run left behind.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs `grade` with `args`, in English and without colors, killing it if it ever hangs.
pub fn grade(args: &[&str]) -> Run {
    grade_with_env(args, &[])
}

/// `grade` with `args`, from the project folder, in English and without colors, its output
/// piped; the helpers below start it.
pub fn grade_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_grade"));
    command
        .args(args)
        .current_dir(root())
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

pub fn grade_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let started = Instant::now();
    let mut command = grade_command(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the grade binary starts");
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let limit = Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting on grade") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("grade {args:?} did not finish within {limit:?}");
        }
        thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed: started.elapsed(),
    }
}

/// Sends SIGINT to a running `grade`, as Ctrl-C does, and waits for it to end, at most 10 s;
/// returns how it ended (`None`: still running) and how long after the signal.
pub fn interrupt_and_wait(child: &mut Child) -> (Option<std::process::ExitStatus>, Duration) {
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let signalled = Instant::now();
    loop {
        let status = child.try_wait().expect("waiting on grade");
        if status.is_some() || signalled.elapsed() >= Duration::from_secs(10) {
            return (status, signalled.elapsed());
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// What a finished run cost: the most memory any one of its processes held (grade or a hint
/// worker), and the CPU time of all of them together.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    pub peak_rss: u64,
    pub cpu: Duration,
}

/// Runs `grade` like [`grade`] and measures it with the kernel's accounting (`wait4`), which
/// includes every worker it started and waited for.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also measures it"
)]
pub fn grade_measured(args: &[&str]) -> (Run, Usage) {
    let started = Instant::now();
    let mut child = grade_command(args)
        .spawn()
        .expect("the grade binary starts");
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 is given our own child's pid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to a status and a rusage for our own child.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("grade {args:?} did not finish within 180 s");
        }
        thread::sleep(Duration::from_millis(10));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let run = Run {
        code,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed: started.elapsed(),
    };
    let measured = Usage {
        peak_rss: usage.ru_maxrss as u64 * 1024,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
    };
    (run, measured)
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The fixture learner app, running on a free loopback port until dropped.
pub struct App {
    child: Child,
    pub url: String,
}

impl App {
    /// Starts `fixtures/logout-app` (Express + Passport pages) with the given environment
    /// (defect flags).
    pub fn start(env: &[(&str, &str)]) -> App {
        App::start_fixture("logout-app", env)
    }

    /// Starts `fixtures/rest-api` (JSON under `/v1`) with the given environment.
    pub fn rest(env: &[(&str, &str)]) -> App {
        App::start_fixture("rest-api", env)
    }

    /// Starts `fixtures/projects-app` (routes of a few freeCodeCamp backend projects).
    pub fn projects(env: &[(&str, &str)]) -> App {
        App::start_fixture("projects-app", env)
    }

    fn start_fixture(name: &str, env: &[(&str, &str)]) -> App {
        let dir = root().join("fixtures").join(name);
        install_node_modules(&dir);
        let mut command = Command::new("node");
        command
            .arg("server.js")
            .current_dir(&dir)
            .env("PORT", "0")
            .env("HOST", "127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("node starts the fixture app");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("listening on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(url) => App { child, url },
            Err(_) => {
                let _ = child.kill();
                panic!("the fixture app did not start within 30 s");
            }
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The path of a fixture app's `server.js` relative to the project root, its npm packages
/// installed, for tests that start it through `grade --start`.
pub fn fixture_server(name: &str) -> String {
    install_node_modules(&root().join("fixtures").join(name));
    format!("fixtures/{name}/server.js")
}

/// Installs a fixture's npm packages from its lock file, once per fixture and test run.
pub fn install_node_modules(dir: &Path) {
    static INSTALLED: OnceLock<std::sync::Mutex<Vec<PathBuf>>> = OnceLock::new();
    let installed = INSTALLED.get_or_init(Default::default);
    let mut installed = installed.lock().unwrap_or_else(|e| e.into_inner());
    if installed.iter().any(|d| d == dir) {
        return;
    }
    installed.push(dir.to_path_buf());
    {
        if dir.join("node_modules/express").is_dir() {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(dir)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci failed in {}", dir.display());
    }
}

/// A scripted answer from the test server.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn ok(body: &str) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(mut self, status: u16) -> Reply {
        self.status = status;
        self
    }

    /// Sets a header; `Set-Cookie` may appear several times, any other name replaces the last.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if !name.eq_ignore_ascii_case("set-cookie") {
            self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        }
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// What the test server saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

/// A small HTTP/1.1 server on 127.0.0.1 with a free port; one thread per connection.
pub struct Server {
    pub url: String,
}

impl Server {
    pub fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_on("127.0.0.1", handler)
    }

    /// As [`Server::start`], on another loopback address (`127.0.0.2` stands for a host on the
    /// private network).
    pub fn start_on(
        address: &str,
        handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind((address, 0)).expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let handler: std::sync::Arc<Handler> = std::sync::Arc::new(handler);
        thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let handler = handler.clone();
                thread::spawn(move || serve(stream, &*handler));
            }
        });
        Server { url }
    }
}

fn serve(stream: TcpStream, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let path = parts.next().unwrap_or("").to_string();
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
                headers.push((name.trim().to_lowercase(), value.trim().to_string()));
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let reply = handler(&Seen {
            method,
            path,
            headers,
        });
        thread::sleep(reply.delay);
        let mut answer = format!(
            "HTTP/1.1 {} Scripted\r\nContent-Length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (name, value) in &reply.headers {
            answer.push_str(&format!("{name}: {value}\r\n"));
        }
        answer.push_str("\r\n");
        answer.push_str(&reply.body);
        // One write per answer, so Nagle's algorithm never holds half of it back.
        if writer.write_all(answer.as_bytes()).is_err() {
            return;
        }
    }
}

/// A challenge file with the given hints, each a (text, code) pair, in a fresh temporary folder.
pub struct TempChallenge {
    /// Removed with the challenge.
    _dir: TempDir,
    pub path: PathBuf,
}

impl TempChallenge {
    pub fn new(name: &str, hints: &[(&str, &str)]) -> TempChallenge {
        let mut text = format!(
            "---\nid: {:024x}\ntitle: {name}\nchallengeType: 2\ndashedName: {name}\n---\n\n# --hints--\n\n",
            name.len() * 7919 + hints.len()
        );
        for (hint, code) in hints {
            text.push_str(&format!("{hint}\n\n```js\n{code}\n```\n\n"));
        }
        TempChallenge::from_text(name, &text)
    }

    pub fn from_text(name: &str, text: &str) -> TempChallenge {
        let dir = temp_dir(name);
        let path = dir.join(format!("{name}.md"));
        std::fs::write(&path, text).expect("write the challenge");
        TempChallenge { _dir: dir, path }
    }

    pub fn path(&self) -> &str {
        self.path.to_str().expect("a UTF-8 path")
    }
}

/// A new empty folder under the system's temporary folder, removed when the test is done with
/// it, unless the test failed: then it stays, to be looked at.
pub fn temp_dir(name: &str) -> TempDir {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("grader-it-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    TempDir(dir)
}

pub struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = PathBuf;

    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The statuses of the hints of the first challenge in a JSON report.
pub fn statuses(report: &serde_json::Value) -> Vec<String> {
    report["challenges"][0]["hints"]
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| h["status"].as_str().expect("status").to_string())
        .collect()
}

pub fn messages(report: &serde_json::Value) -> Vec<String> {
    report["challenges"][0]["hints"]
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| h["message"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Diagnostics as `line:col: message`, the form the parser tests compare.
pub fn diagnostic_lines(parsed: &grader::parse::Parsed) -> Vec<String> {
    parsed
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.position.line, d.position.col, d.message))
        .collect()
}

/// Asserts that `haystack` contains `needle`, showing all of `haystack` when it does not.
#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find {needle:?} in:\n{haystack}"
    );
}

/// A server that reads each request's head and then hands the raw connection to `handler`,
/// for answers no well-behaved server gives.
pub struct RawServer {
    pub url: String,
}

impl RawServer {
    pub fn start(handler: impl Fn(TcpStream, &Seen) + Send + Sync + 'static) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let handler = std::sync::Arc::new(handler);
        thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let handler = handler.clone();
                thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                    if let Some(seen) = read_head(&stream) {
                        handler(stream, &seen);
                    }
                });
            }
        });
        RawServer { url }
    }
}

fn read_head(stream: &TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_lowercase(), value.trim().to_string()));
        }
    }
    Some(Seen {
        method,
        path,
        headers,
    })
}

/// Closes `stream` with a TCP reset rather than an orderly close.
pub fn reset(stream: TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket and a correctly sized option value.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
    drop(stream);
}

/// An https server on 127.0.0.1 with a self-signed certificate for `localhost`; answers "secure"
/// to every request. Its URL names `localhost`.
pub fn tls_server() -> String {
    tls_server_with_certificate().0
}

/// As [`tls_server`], with its certificate in PEM, for a trust store that holds it.
pub fn tls_server_with_certificate() -> (String, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).expect("a certificate");
    let pem = certified.cert.pem();
    let cert = certified.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::try_from(certified.key_pair.serialize_der())
        .expect("a key");
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("a server configuration");
    let config = std::sync::Arc::new(config);
    thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let config = config.clone();
            thread::spawn(move || {
                let Ok(connection) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                let mut buffer = [0u8; 4096];
                let mut head = Vec::new();
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buffer) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                let _ = tls.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure",
                );
                let _ = tls.flush();
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    (format!("https://localhost:{port}"), pem)
}

/// The npm consumers in tests/consumers (tap-parser, chai@4), installed from its lock file once
/// per run.
pub fn node_consumer() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = root().join("tests/consumers");
        let installed = ["tap-parser", "chai", "puppeteer-core"]
            .iter()
            .all(|p| dir.join("node_modules").join(p).is_dir());
        if !installed {
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir)
                .status()
                .expect("npm runs");
            assert!(status.success(), "could not install the npm consumers");
        }
        dir
    })
    .clone()
}

/// A tool the tests use, from `variable` or the usual places, installed with
/// `scripts/install-tool NAME` when it is missing; `None` outside CI when it cannot be (a test
/// that needs it then skips), and a failure in CI.
fn tool(name: &str, variable: &str, places: &[&str]) -> Option<PathBuf> {
    let find = || {
        std::env::var_os(variable)
            .map(PathBuf::from)
            .into_iter()
            .chain(places.iter().map(PathBuf::from))
            .find(|p| p.is_file())
    };
    if let Some(found) = find() {
        return Some(found);
    }
    let installed = Command::new(root().join("scripts/install-tool"))
        .arg(name)
        .status()
        .is_ok_and(|s| s.success());
    let found = find();
    assert!(
        found.is_some() || std::env::var_os("CI").is_none(),
        "{name} is missing and scripts/install-tool could not install it (exit: {installed})"
    );
    found
}

/// Chromium, for the HTML gradebook in a real browser.
pub fn chromium() -> Option<PathBuf> {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            tool(
                "chromium",
                "CHROMIUM",
                &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
            )
        })
        .clone()
}

/// LibreOffice's `soffice`, for the CSV gradebook in a spreadsheet.
pub fn soffice() -> Option<PathBuf> {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            tool(
                "libreoffice",
                "SOFFICE",
                &["/usr/bin/soffice", "/usr/bin/libreoffice"],
            )
        })
        .clone()
}

/// `csv` opened in LibreOffice as a teacher opens it (the import set to commas, double quotes
/// and UTF-8, which the file's byte-order mark picks) and saved as a flat spreadsheet in
/// `dir`: the spreadsheet's XML, whose cells say how each field was read.
pub fn as_spreadsheet(soffice: &Path, csv: &Path, dir: &Path) -> String {
    let out = dir.join("converted");
    let done = Command::new(soffice)
        .args([
            "--headless",
            "--infilter=CSV:44,34,76",
            "--convert-to",
            "fods",
            "--outdir",
        ])
        .arg(&out)
        .arg(csv)
        .env("HOME", dir)
        .output()
        .expect("soffice runs");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let name = csv.file_stem().expect("a file name").to_string_lossy();
    std::fs::read_to_string(out.join(format!("{name}.fods"))).expect("the converted sheet")
}

/// Runs `node` with `args` in `dir` and returns what it printed; fails the test if node fails.
pub fn node_output(args: &[&str], dir: &Path) -> Vec<u8> {
    node_output_with(args, dir, &[])
}

/// As [`node_output`], with `env` added to node's environment.
fn node_output_with(args: &[&str], dir: &Path, env: &[(&str, &Path)]) -> Vec<u8> {
    let output = Command::new("node")
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Runs a browser consumer (`node SCRIPT ARGS...` in the consumers' folder, with Chromium) and
/// returns the JSON document it prints; `None` when Chromium is not installed.
pub fn in_chromium(script: &str, args: &[&str]) -> Option<serde_json::Value> {
    let chromium = chromium()?;
    let mut all = vec![script];
    all.extend_from_slice(args);
    let printed = node_output_with(&all, &node_consumer(), &[("CHROMIUM", &chromium)]);
    Some(serde_json::from_slice(&printed).expect("a JSON document"))
}

/// A CSV gradebook written to a file: it starts with the byte-order mark spreadsheets read as
/// UTF-8, which is checked and left out.
pub fn read_csv(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("the CSV gradebook");
    text.strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("no byte-order mark at the start of {}", path.display()))
        .to_string()
}
