//! The shipped forms of `grade`. The npm packages are installed from their tarballs into an empty
//! folder, offline and with no Rust toolchain on PATH, and run through their launcher with
//! `npx`; the GitHub Action's own steps run as a runner runs them, against the fixture app. The
//! tarballs are packed from this test's `grade` unless `GRADER_NPM_DIST` names a folder of built
//! ones: `.ci/run` packs the portable release binary there, so CI tests the real artifacts.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use super::start::{assert_none_left, processes_with, unique};
use super::support::{assert_contains, fixture_server, root, temp_dir, App, Run, TempChallenge};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The npm platform of the machine running the tests (CI builds release artifacts on x64 and
/// arm64 Linux).
fn platform() -> &'static str {
    match std::env::consts::ARCH {
        "aarch64" => "linux-arm64-gnu",
        _ => "linux-x64-gnu",
    }
}

/// Its Rust target, as the release archives name it.
fn target() -> &'static str {
    match std::env::consts::ARCH {
        "aarch64" => "aarch64-unknown-linux-gnu",
        _ => "x86_64-unknown-linux-gnu",
    }
}

/// Its `runner.arch`, as GitHub's runners name it.
fn runner_arch() -> &'static str {
    match std::env::consts::ARCH {
        "aarch64" => "ARM64",
        _ => "X64",
    }
}

#[test]
fn npx_grade_prints_its_version_and_lists_the_catalog() {
    let run = npx_grade(&["--version"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), format!("grade {VERSION}"));

    let run = npx_grade(&["list"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stdout, "log-a-user-out");
}

#[test]
fn npx_grade_grades_the_fixture_app() {
    let start = format!("node {}", absolute_server());
    let run = npx_grade(
        &["--start", &start, "log-a-user-out", "--format", "json"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["summary"]["passed"], 3, "{}", run.stdout);
}

#[test]
fn exit_codes_pass_through_the_launcher() {
    let start = format!("node {}", absolute_server());
    let failing = npx_grade(
        &["--start", &start, "log-a-user-out"],
        &[("DEFECT_NO_404", "1")],
    );
    assert_eq!(failing.code, 1, "{}", failing.stderr);
    assert_contains(&failing.stderr, "3 hints: 2 passed, 1 failed");
    // Run through npx, the line that grades again says so.
    assert_contains(&failing.stderr, "\n  npx grade --start ");

    let usage = npx_grade(&["--no-such-flag"], &[]);
    assert_eq!(usage.code, 2, "{}", usage.stderr);

    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let nobody = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let unreachable = npx_grade(&["--url", &nobody, "log-a-user-out"], &[]);
    assert_eq!(unreachable.code, 3, "{}", unreachable.stderr);
}

/// A signal sent to the launcher alone, as a supervisor or `kill` sends it, is passed on; grade
/// stops its app and reports, and its 130 comes back through the launcher and npx.
#[test]
fn ctrl_c_sent_to_the_launcher_exits_130_and_stops_the_app() {
    let marker = unique("npm-launcher");
    let looping = looping_challenge();
    let start = format!("node {} {marker}", absolute_server());
    let mut child = npm_command("npx")
        .arg("grade")
        .args(["--start", &start, "--timeout", "30", looping.path()])
        .current_dir(installed())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("npx starts");
    let stderr = collect(child.stderr.take().expect("piped stderr"));
    wait_for_app(&marker);
    let launcher = pid_of(&marker, |line| {
        line.starts_with("node ") && line.contains("/.bin/grade ")
    });
    let binary = pid_of(&marker, |line| {
        line.contains(&format!("cli-{}/bin/grade ", platform()))
    });
    // The binary reads the launcher's own standard input, not a copy.
    assert_eq!(
        std::fs::read_link(format!("/proc/{launcher}/fd/0")).unwrap(),
        std::fs::read_link(format!("/proc/{binary}/fd/0")).unwrap(),
    );
    // SAFETY: signalling a process this test started (through npx).
    unsafe { libc::kill(launcher, libc::SIGINT) };
    let status = wait_at_most(&mut child, Duration::from_secs(10));
    let stderr = stderr.join().expect("stderr reader");
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert_contains(&stderr, "interrupted");
    assert_stopped(&marker, &stderr);
}

/// A terminal's Ctrl-C reaches the whole foreground group: the launcher and grade both get it,
/// and the launcher still waits for grade and exits with its 130.
#[test]
fn ctrl_c_in_a_terminal_exits_130_and_stops_the_app() {
    use std::os::unix::process::CommandExt;
    let marker = unique("npm-terminal");
    let looping = looping_challenge();
    let start = format!("node {} {marker}", absolute_server());
    let launcher = installed().join("node_modules/.bin/grade");
    let mut child = npm_command(launcher.to_str().expect("a UTF-8 path"))
        .args(["--start", &start, "--timeout", "30", looping.path()])
        .current_dir(installed())
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the launcher starts");
    let stderr = collect(child.stderr.take().expect("piped stderr"));
    wait_for_app(&marker);
    // SAFETY: signalling the process group this test made.
    unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGINT) };
    let status = wait_at_most(&mut child, Duration::from_secs(10));
    let stderr = stderr.join().expect("stderr reader");
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert_stopped(&marker, &stderr);
}

/// Every push and pull request runs `.ci/run`, CI's one list of steps, whatever files it
/// changes: a change to `src/` is never left without CI.
#[test]
fn a_workflow_runs_ci_on_every_push_and_pull_request() {
    let folder = root().join(".github/workflows");
    let mut runs_ci = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("a workflow is YAML");
        let on = &workflow["on"];
        // A trigger filtered by path or branch would let some changes through unchecked.
        let every = |event: &str| {
            on.get(event).is_some_and(|filters| {
                ["paths", "paths-ignore", "branches", "branches-ignore"]
                    .iter()
                    .all(|f| filters.get(f).is_none())
            })
        };
        let steps = workflow["jobs"]
            .as_mapping()
            .into_iter()
            .flatten()
            .flat_map(|(_, job)| job["steps"].as_sequence().into_iter().flatten());
        let mut calls_ci = false;
        for step in steps {
            calls_ci |= step["run"]
                .as_str()
                .is_some_and(|run| run.contains(".ci/run"));
        }
        if every("push") && every("pull_request") && calls_ci {
            runs_ci.push(path);
        }
    }
    assert_eq!(
        runs_ci.len(),
        1,
        "one workflow runs .ci/run on every change: {runs_ci:?}"
    );
}

/// A broken install exits with grade's "could not work" code, 4, never the 1 of a failing hint.
#[test]
fn without_its_platform_package_the_launcher_exits_4_and_says_how_to_build_from_source() {
    let (main, _) = tarballs();
    let dir = temp_dir("npm-main-only");
    npm_install(&dir, &[main.as_path()]);
    let platform_package = dir.join(format!("node_modules/@grader/cli-{}", platform()));
    assert!(!platform_package.exists());
    let run = output(
        npm_command("npx")
            .args(["grade", "--version"])
            .current_dir(&dir),
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        &format!("`@grader/cli-{}`, is not installed", platform()),
    );
    assert_contains(&run.stderr, "cargo install --locked --path .");

    // A platform no package is built for.
    let launcher = dir.join("node_modules/@grader/cli/bin/grade.js");
    let script = format!(
        "Object.defineProperty(process, 'platform', {{ value: 'aix' }}); require({:?})",
        launcher.to_str().expect("a UTF-8 path")
    );
    let run = output(npm_command("node").args(["-e", &script]).current_dir(&dir));
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_contains(&run.stderr, "there is no prebuilt `grade` for aix");
    assert_contains(&run.stderr, "cargo install --locked --path .");
}

#[test]
fn the_action_grades_the_fixture_app_with_a_given_binary() {
    let args = format!("--start \"node {}\"", absolute_server());
    let inputs = [
        ("binary", env!("CARGO_BIN_EXE_grade")),
        ("args", args.as_str()),
        ("challenges", "log-a-user-out"),
    ];
    let passed = run_action(&inputs, &[], &[]);
    assert_eq!(passed.code, 0, "{}{}", passed.stdout, passed.stderr);
    assert_eq!(passed.outputs["exit-code"], "0");
    assert_contains(&passed.stdout, "::stop-commands::");
    assert_contains(&passed.summary, "3 hints: 3 passed");
    let folder = Path::new(env!("CARGO_BIN_EXE_grade")).parent().unwrap();
    assert_eq!(passed.path, vec![folder.to_string_lossy().into_owned()]);

    let failed = run_action(&inputs, &[], &[("DEFECT_NO_404", "1")]);
    assert_eq!(failed.code, 1, "{}{}", failed.stdout, failed.stderr);
    assert_eq!(failed.outputs["exit-code"], "1");
    assert_contains(&failed.stdout, "::error title=Log a User Out%3A hint 3::");
    assert_contains(&failed.summary, "3 hints: 2 passed, 1 failed");
}

#[test]
fn the_action_installs_a_release_archive_once_its_checksum_matches() {
    let target = target();
    let archives = temp_dir("action-release");
    let made = Command::new(root().join("scripts/archive-release"))
        .arg(target)
        .arg(installed_binary())
        .arg(&archives)
        .output()
        .expect("scripts/archive-release runs");
    assert!(made.status.success(), "{made:?}");
    let archive = format!("grade-{target}.tar.gz");
    let bytes = std::fs::read(archives.join(&archive)).unwrap();
    let checksum = std::fs::read(archives.join(format!("{archive}.sha256"))).unwrap();
    let release = format!("/example/grader/releases/download/v{VERSION}/");
    let mut files = BTreeMap::new();
    files.insert(format!("{release}{archive}"), bytes.clone());
    files.insert(format!("{release}{archive}.sha256"), checksum);
    let server = FileServer::start(files);
    let app = App::start(&[]);
    let inputs = [
        ("url", app.url.as_str()),
        ("challenges", "log-a-user-out"),
        ("version", VERSION),
    ];
    let context = [
        ("github.server_url", server.url.as_str()),
        ("github.action_repository", "example/grader"),
        ("github.action_ref", "main"),
    ];
    let run = run_action(&inputs, &context, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_contains(&run.stdout, &format!("grade {VERSION}"));
    assert_contains(&run.summary, "3 hints: 3 passed");
    assert_eq!(run.path.len(), 1);
    assert!(
        run.path[0].ends_with(&format!("grade-{VERSION}-{target}")),
        "{:?}",
        run.path
    );

    // An archive that is not the one the checksum names is refused before it is unpacked.
    let mut files = BTreeMap::new();
    files.insert(format!("{release}{archive}"), bytes);
    files.insert(
        format!("{release}{archive}.sha256"),
        format!("{}  {archive}\n", "0".repeat(64)).into_bytes(),
    );
    let tampered = FileServer::start(files);
    let context = [
        ("github.server_url", tampered.url.as_str()),
        ("github.action_repository", "example/grader"),
    ];
    let run = run_action(&inputs, &context, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_contains(&run.stdout, "::error title=grade action::");
    assert_contains(&run.stdout, "but the release says 0000");
}

/// Which release the action downloads: the version asked for, else its own tag when that is a
/// version, else the latest; from the action's repository, else the one in the path the runner
/// checked it out to.
#[test]
fn the_action_picks_the_release_from_its_version_or_its_ref() {
    // Where a runner checks actions out: _actions/OWNER/REPO/REF, here a link to this one.
    let runner = temp_dir("action-checkout");
    let checkout = runner.join("_actions/someone/grader/v3.1.0");
    std::fs::create_dir_all(checkout.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(root(), &checkout).unwrap();
    let checkout = checkout.to_str().expect("a UTF-8 path");
    let archive = format!("grade-{}.tar.gz", target());
    let cases = [
        (
            "1.2.3",
            vec![("github.action_repository", "o/r")],
            format!("/o/r/releases/download/v1.2.3/{archive}"),
        ),
        (
            "",
            vec![
                ("github.action_repository", "o/r"),
                ("github.action_ref", "v2.0.1"),
            ],
            format!("/o/r/releases/download/v2.0.1/{archive}"),
        ),
        (
            "",
            vec![
                ("github.action_repository", "o/r"),
                ("github.action_ref", "main"),
            ],
            format!("/o/r/releases/latest/download/{archive}"),
        ),
        (
            "",
            vec![("github.action_path", checkout)],
            format!("/someone/grader/releases/download/v3.1.0/{archive}"),
        ),
    ];
    for (version, mut context, expected) in cases {
        let server = FileServer::start(BTreeMap::new());
        context.push(("github.server_url", server.url.as_str()));
        let run = run_action(&[("version", version)], &context, &[]);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        assert_contains(&run.stdout, "could not download");
        assert_eq!(server.requested(), vec![expected]);
    }
}

/// The folder the npm packages were installed into, once per test run.
fn installed() -> &'static Path {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let (main, platform) = tarballs();
        let dir = scratch_dir("npm-install");
        npm_install(&dir, &[main.as_path(), platform.as_path()]);
        dir
    })
}

/// The main package's tarball and this platform's: from GRADER_NPM_DIST, or packed from
/// this test's binary (without its debug information, which would only slow the packing).
fn tarballs() -> (PathBuf, PathBuf) {
    static TARBALLS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    TARBALLS
        .get_or_init(|| {
            let names = (
                format!("grader-cli-{VERSION}.tgz"),
                format!("grader-cli-{}-{VERSION}.tgz", platform()),
            );
            if let Some(dist) = std::env::var_os("GRADER_NPM_DIST") {
                let dist = PathBuf::from(dist);
                let found = (dist.join(&names.0), dist.join(&names.1));
                for tarball in [&found.0, &found.1] {
                    assert!(
                        tarball.is_file(),
                        "GRADER_NPM_DIST has no {}",
                        tarball.display()
                    );
                }
                return found;
            }
            let out = scratch_dir("npm-pack");
            let binary = out.join("grade");
            let stripped = Command::new("objcopy")
                .args(["--strip-debug", env!("CARGO_BIN_EXE_grade")])
                .arg(&binary)
                .status()
                .is_ok_and(|s| s.success());
            if !stripped {
                std::fs::copy(env!("CARGO_BIN_EXE_grade"), &binary).expect("copy grade");
            }
            let packed = Command::new(root().join("scripts/pack-npm"))
                .arg("--out")
                .arg(&out)
                .arg(format!("{}={}", platform(), binary.display()))
                .output()
                .expect("scripts/pack-npm runs");
            assert!(
                packed.status.success(),
                "scripts/pack-npm failed: {}",
                String::from_utf8_lossy(&packed.stderr)
            );
            (out.join(&names.0), out.join(&names.1))
        })
        .clone()
}

/// The binary npm installed from the platform package.
fn installed_binary() -> PathBuf {
    installed().join(format!("node_modules/@grader/cli-{}/bin/grade", platform()))
}

/// `npm install --offline` of the given tarballs into `dir` (given a package.json of its own,
/// so that npm does not look for a project above it), with no Rust on PATH and an empty cache.
/// Offline, npm looks up nothing in the registry (not even the other platforms' packages, which
/// it would otherwise ask for, and retry for many minutes without a network), so everything
/// comes from the tarballs.
fn npm_install(dir: &Path, tarballs: &[&Path]) {
    std::fs::write(
        dir.join("package.json"),
        "{ \"name\": \"learner-project\", \"private\": true }\n",
    )
    .expect("write package.json");
    let run = output(
        npm_command("npm")
            .arg("install")
            .args(tarballs)
            .current_dir(dir),
    );
    assert_eq!(
        run.code, 0,
        "npm install failed:\n{}\n{}",
        run.stdout, run.stderr
    );
}

/// `program` (npm, npx, node or the launcher) with PATH stripped of cargo and rustc, npm offline
/// with a cache of its own that starts empty, in English and without colors.
fn npm_command(program: &str) -> Command {
    let path = path_without_rust();
    let mut command = Command::new(
        std::env::split_paths(&path)
            .map(|dir| dir.join(program))
            .find(|candidate| candidate.is_file())
            .unwrap_or_else(|| PathBuf::from(program)),
    );
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO") || key.starts_with("RUSTUP") || key.starts_with("npm_") {
            command.env_remove(&*key);
        }
    }
    command
        .env("PATH", &path)
        .env("npm_config_cache", cache_dir())
        .env("npm_config_offline", "true")
        .env("npm_config_audit", "false")
        .env("npm_config_fund", "false")
        .env("npm_config_update_notifier", "false")
        .env("npm_config_loglevel", "error")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    command
}

fn cache_dir() -> PathBuf {
    static CACHE: OnceLock<PathBuf> = OnceLock::new();
    CACHE.get_or_init(|| scratch_dir("npm-cache")).clone()
}

/// A folder under cargo's temporary folder for integration tests, emptied now: what this test
/// binary shares between its tests (the tarballs, the install, npm's cache) lives until the next
/// run, instead of piling up in the system's temporary folder.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ship-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch folder");
    dir
}

fn path_without_rust() -> OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("cargo").exists() && !dir.join("rustc").exists())
        .collect();
    assert!(
        kept.iter().any(|dir| dir.join("node").is_file()),
        "node shares its folder with cargo or rustc; this test needs them apart"
    );
    std::env::join_paths(kept).expect("a valid PATH")
}

/// `npx grade ARGS` in the installed folder, with `env` added.
fn npx_grade(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = npm_command("npx");
    command.arg("grade").args(args).current_dir(installed());
    for (key, value) in env {
        command.env(key, value);
    }
    output(&mut command)
}

/// Runs `command` to its end (at most 180 s), its output piped.
fn output(command: &mut Command) -> Run {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let stdout = collect(child.stdout.take().expect("piped stdout"));
    let stderr = collect(child.stderr.take().expect("piped stderr"));
    let status = wait_at_most(&mut child, Duration::from_secs(180));
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed: started.elapsed(),
    }
}

fn collect(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[track_caller]
fn wait_at_most(child: &mut Child, limit: Duration) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting on the child") {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("still running after {limit:?}");
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// The fixture app's server.js by its absolute path, its npm packages installed, for `--start`
/// commands run from another folder.
fn absolute_server() -> String {
    root()
        .join(fixture_server("logout-app"))
        .to_str()
        .expect("a UTF-8 path")
        .to_string()
}

fn looping_challenge() -> TempChallenge {
    TempChallenge::new(
        "looping-npm",
        &[("Spins.", "await fetch(code);\nwhile (true) {}")],
    )
}

/// Waits until the app started with `marker` in its command runs, and its hint has had time to
/// start spinning.
#[track_caller]
fn wait_for_app(marker: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let app = format!(": node {} {marker}", absolute_server());
    let app_up = || {
        processes_with(marker)
            .iter()
            .any(|line| line.contains(&app))
    };
    while !app_up() {
        assert!(Instant::now() < deadline, "the app did not start");
        thread::sleep(Duration::from_millis(50));
    }
    thread::sleep(Duration::from_millis(800));
}

/// The pid of the one process with `marker` whose command line `matches`.
#[track_caller]
fn pid_of(marker: &str, matches: impl Fn(&str) -> bool) -> libc::pid_t {
    let found: Vec<libc::pid_t> = processes_with(marker)
        .iter()
        .filter_map(|line| {
            let (pid, command) = line.split_once(": ")?;
            matches(command).then(|| pid.parse().ok())?
        })
        .collect();
    assert_eq!(found.len(), 1, "{:?}", processes_with(marker));
    found[0]
}

/// The app started with `marker` is gone and its port no longer answers.
#[track_caller]
fn assert_stopped(marker: &str, stderr: &str) {
    assert_none_left(marker);
    let url = stderr
        .split(" on http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in:\n{stderr}"));
    assert!(
        TcpStream::connect_timeout(&url.parse().expect("host:port"), Duration::from_secs(1))
            .is_err(),
        "{url} still answers"
    );
}

/// What running the action's steps left behind.
struct ActionRun {
    code: i32,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
    /// The folders the steps added to PATH.
    path: Vec<String>,
    summary: String,
}

/// Runs the steps of action.yml as a runner runs a composite action's `bash` steps: each
/// `env` evaluated (the `${{ }}` expressions the action uses, from `inputs`, `context` and the
/// outputs of earlier steps), then `bash --noprofile --norc -eo pipefail` on the script, with
/// the runner's files for outputs, PATH and the step summary, stopping at the first step that
/// fails. `env` is added to every step (the fixture's defect flags).
fn run_action(
    inputs: &[(&str, &str)],
    context: &[(&str, &str)],
    env: &[(&str, &str)],
) -> ActionRun {
    let action: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap())
            .expect("action.yml is YAML");
    let mut values = BTreeMap::new();
    let declared = action["inputs"].as_mapping().expect("inputs");
    for (name, input) in declared {
        let name = name.as_str().expect("an input name");
        values.insert(
            format!("inputs.{name}"),
            input["default"].as_str().unwrap_or("").to_string(),
        );
    }
    for (name, value) in inputs {
        let key = format!("inputs.{name}");
        assert!(values.contains_key(&key), "action.yml has no input {name}");
        values.insert(key, value.to_string());
    }
    let root_path = root().to_string_lossy().into_owned();
    for (key, value) in [
        ("github.action_path", root_path.as_str()),
        ("github.action_ref", ""),
        ("github.action_repository", ""),
        ("github.repository", "example/workflow"),
        ("github.server_url", "http://127.0.0.1:9"),
        ("runner.os", "Linux"),
        ("runner.arch", runner_arch()),
    ]
    .into_iter()
    .chain(context.iter().copied())
    {
        values.insert(key.to_string(), value.to_string());
    }
    let runner = temp_dir("action-runner");
    let workspace = runner.join("workspace");
    let temp = runner.join("temp");
    std::fs::create_dir_all(&workspace).unwrap();
    std::fs::create_dir_all(&temp).unwrap();
    let path_file = runner.join("path");
    let summary_file = runner.join("summary.md");
    std::fs::write(&path_file, "").unwrap();
    std::fs::write(&summary_file, "").unwrap();
    let mut run = ActionRun {
        code: 0,
        stdout: String::new(),
        stderr: String::new(),
        outputs: BTreeMap::new(),
        path: Vec::new(),
        summary: String::new(),
    };
    let steps = action["runs"]["steps"].as_sequence().expect("steps");
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    for (index, step) in steps.iter().enumerate() {
        assert_eq!(step["shell"].as_str(), Some("bash"), "step {index}");
        let script = step["run"].as_str().expect("a run step");
        assert!(
            !script.contains("${{"),
            "step {index} puts an expression into its script; pass it through env instead"
        );
        let file = runner.join(format!("step-{index}.sh"));
        std::fs::write(&file, script).unwrap();
        let output_file = runner.join(format!("output-{index}"));
        std::fs::write(&output_file, "").unwrap();
        let directory = match step["working-directory"].as_str() {
            Some(dir) => workspace.join(evaluate(dir, &values)),
            None => workspace.clone(),
        };
        let added = std::fs::read_to_string(&path_file).unwrap();
        let mut path: Vec<PathBuf> = added.lines().rev().map(PathBuf::from).collect();
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&file)
            .current_dir(directory)
            .env("PATH", std::env::join_paths(path).unwrap())
            .env("GITHUB_ACTION_PATH", &values["github.action_path"])
            .env("GITHUB_ACTIONS", "true")
            .env("CI", "true")
            .env("GITHUB_WORKSPACE", &workspace)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_PATH", &path_file)
            .env("GITHUB_STEP_SUMMARY", &summary_file)
            .env("RUNNER_TEMP", &temp)
            .env("LANG", "C")
            .env("NO_COLOR", "1");
        if let Some(variables) = step["env"].as_mapping() {
            for (key, value) in variables {
                let value = value.as_str().expect("an env value");
                command.env(key.as_str().expect("an env name"), evaluate(value, &values));
            }
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let finished = output(&mut command);
        run.stdout.push_str(&finished.stdout);
        run.stderr.push_str(&finished.stderr);
        run.code = finished.code;
        if let Some(id) = step["id"].as_str() {
            for (key, value) in read_outputs(&output_file) {
                values.insert(format!("steps.{id}.outputs.{key}"), value);
            }
        }
        if run.code != 0 {
            break;
        }
    }
    if let Some(outputs) = action["outputs"].as_mapping() {
        for (name, output) in outputs {
            let value = evaluate(output["value"].as_str().expect("an output value"), &values);
            run.outputs
                .insert(name.as_str().expect("an output name").to_string(), value);
        }
    }
    run.path = std::fs::read_to_string(&path_file)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    run.summary = std::fs::read_to_string(&summary_file).unwrap();
    run
}

/// Replaces each `${{ name }}` in `text` with its value; a step's output not set is empty, as
/// on a runner, and any other name fails the test, so that the action uses nothing this test
/// does not give it.
fn evaluate(text: &str, values: &BTreeMap<String, String>) -> String {
    let mut result = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        result.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("a closed expression") + start;
        let name = rest[start + 3..end].trim();
        match values.get(name) {
            Some(value) => result.push_str(value),
            None if name.starts_with("steps.") => {}
            None => panic!("action.yml uses `${{{{ {name} }}}}`, which this runner does not know"),
        }
        rest = &rest[end + 2..];
    }
    result.push_str(rest);
    result
}

/// The `name=value` lines (and `name<<DELIMITER` blocks) a step wrote to GITHUB_OUTPUT.
fn read_outputs(file: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut outputs = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delimiter)) = line.split_once("<<") {
            let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
            outputs.push((name.to_string(), value.join("\n")));
        } else if let Some((name, value)) = line.split_once('=') {
            outputs.push((name.to_string(), value.to_string()));
        }
    }
    outputs
}

/// A stand-in for the release downloads: serves the given bytes at the given paths over HTTP
/// on 127.0.0.1, 404 elsewhere, and records what was asked for.
struct FileServer {
    url: String,
    requested: Arc<Mutex<Vec<String>>>,
}

impl FileServer {
    fn start(files: BTreeMap<String, Vec<u8>>) -> FileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requested = Arc::new(Mutex::new(Vec::new()));
        let seen = requested.clone();
        let files = Arc::new(files);
        thread::spawn(move || {
            for mut stream in listener.incoming().map_while(Result::ok) {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head);
                let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
                seen.lock().unwrap().push(path.clone());
                let (status, body) = match files.get(&path) {
                    Some(bytes) => ("200 OK", bytes.as_slice()),
                    None => ("404 Not Found", &b"not found"[..]),
                };
                let _ = stream.write_all(
                    format!(
                        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .as_bytes(),
                );
                let _ = stream.write_all(body);
            }
        });
        FileServer { url, requested }
    }

    fn requested(&self) -> Vec<String> {
        self.requested.lock().unwrap().clone()
    }
}
