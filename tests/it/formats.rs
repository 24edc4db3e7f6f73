//! Every output format rendered from one shared set of outcomes (snapshots), and the JUnit and
//! TAP outputs read back by real consumers of those formats.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use grader::catalog::{Language, ENGLISH};
use grader::diagnose::Diagnosis;
use grader::plan::{Plan, PlannedChallenge, PlannedHint};
use grader::report::{self, ColorChoice, Reporter};
use grader::run::http::{CookieUse, Exchange};
use grader::run::{Event, Outcome, SiteRisk, Status, Summary};

use super::support::{root, temp_dir};

fn hint(index: usize, text: &str, file: &str) -> PlannedHint {
    PlannedHint {
        index,
        text: text.to_string(),
        code: "assert(true)".to_string(),
        file: PathBuf::from(file),
        text_line: 10 + 6 * index as u32,
        code_line: 13 + 6 * index as u32,
        language: ENGLISH,
        builtin: false,
    }
}

fn outcome(status: Status) -> Outcome {
    Outcome {
        status,
        message: None,
        expected: None,
        actual: None,
        location: None,
        console: Vec::new(),
        exchanges: Vec::new(),
        omitted_requests: 0,
        notes: Vec::new(),
        duration: Duration::from_millis(12),
        attempts: 1,
        cors: Vec::new(),
        site: Vec::new(),
        diagnoses: Vec::new(),
        cors_blocked: false,
    }
}

/// Two challenges; every status, a flaky hint, console output and requests among their hints.
fn fixture() -> (Plan, Vec<Event>) {
    let first = "challenges/english/block/first.md";
    let second = "challenges/english/block/second.md";
    let language: &'static Language = ENGLISH;
    let plan = Plan {
        url: "http://app.example".to_string(),
        challenges: vec![
            PlannedChallenge {
                id: "0000000000000000000000a1".into(),
                dashed_name: "first".into(),
                title: "First challenge".into(),
                block: "block".into(),
                language,
                file: first.into(),
                builtin: false,
                hints: vec![
                    hint(0, "`/` should answer *200*.", first),
                    hint(1, "The page should say `Home page`.", first),
                    hint(
                        2,
                        "The API should answer in time, with # and | in the text.",
                        first,
                    ),
                ],
            },
            PlannedChallenge {
                id: "0000000000000000000000a2".into(),
                dashed_name: "second".into(),
                title: "Second challenge".into(),
                block: "block".into(),
                language,
                file: second.into(),
                builtin: false,
                hints: vec![
                    hint(0, "The source should be served.", second),
                    hint(1, "It comes up eventually.", second),
                ],
            },
        ],
        diagnostics: Vec::new(),
    };
    let mut failed = outcome(Status::Failed);
    failed.message =
        Some("the home page should say so: expected 'Not Found' to match /Home page/".into());
    failed.expected = Some("/Home page/".into());
    failed.actual = Some("'Not Found'".into());
    failed.location = Some((PathBuf::from(first), 20, 3));
    failed.console = vec!["status was 404".into()];
    failed.exchanges = vec![Exchange::new("GET", "http://app.example/", Some(404), None)];
    let mut timed_out = outcome(Status::TimedOut);
    timed_out.message = Some("the hint did not finish within 20 s: still waiting for an answer to GET http://app.example/api".into());
    let mut errored = outcome(Status::Errored);
    errored.message = Some("TypeError: fetch failed: could not connect to app.example:80: connection refused (is the app running?)".into());
    errored.exchanges = vec![Exchange::new(
        "GET",
        "http://app.example/_api/server.js",
        None,
        Some(
            "could not connect to app.example:80: connection refused (is the app running?)".into(),
        ),
    )];
    failed.diagnoses = vec![Diagnosis {
        rule: "api-routes-missing",
        values: vec![("path", "/_api/get-tests".into())],
    }];
    let mut flaky = outcome(Status::Passed);
    flaky.attempts = 2;
    let mut risky = outcome(Status::Passed);
    risky.site = vec![
        SiteRisk::Cookie(CookieUse {
            name: Some("connect.sid".into()),
            set_by: Some("POST http://app.example/login".into()),
            sent_with: "GET http://app.example/profile".into(),
        }),
        SiteRisk::Slow(Duration::from_millis(6200)),
    ];
    let results = [
        (0, vec![risky, failed, timed_out]),
        (1, vec![errored, flaky]),
    ];
    let mut events = Vec::new();
    let mut summary = Summary::default();
    for (challenge, outcomes) in results {
        events.push(Event::ChallengeStarted { challenge });
        for (hint, outcome) in outcomes.into_iter().enumerate() {
            summary.count(outcome.status);
            events.push(Event::HintFinished {
                challenge,
                hint,
                outcome: Box::new(outcome),
            });
        }
        events.push(Event::ChallengeFinished { challenge });
    }
    summary.duration = Duration::from_millis(1234);
    events.push(Event::Finished { summary });
    (plan, events)
}

fn render(reporter: &mut dyn Reporter) {
    let (plan, events) = fixture();
    for event in &events {
        reporter.event(&plan, event);
    }
}

/// Renders into a shared buffer the reporter writes to.
#[derive(Clone, Default)]
struct Buffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn human() -> String {
    report::set_color(ColorChoice::Never);
    let buffer = Buffer::default();
    render(&mut report::Human::new(
        buffer.clone(),
        ENGLISH,
        report::Verbosity::Normal,
    ));
    buffer.text()
}

fn json() -> String {
    let buffer = Buffer::default();
    render(&mut report::Json::new(buffer.clone()));
    buffer.text()
}

fn junit() -> String {
    let buffer = Buffer::default();
    render(&mut report::Junit::new(buffer.clone()));
    buffer.text()
}

fn tap() -> String {
    let buffer = Buffer::default();
    render(&mut report::Tap::new(buffer.clone()));
    buffer.text()
}

fn github(summary: Option<PathBuf>) -> String {
    let buffer = Buffer::default();
    render(&mut report::Github::new(buffer.clone(), summary));
    buffer.text()
}

#[test]
fn human_output() {
    insta::assert_snapshot!(human());
}

#[test]
fn json_output() {
    insta::assert_snapshot!(json());
}

#[test]
fn junit_output() {
    insta::assert_snapshot!(junit());
}

#[test]
fn tap_output() {
    insta::assert_snapshot!(tap());
}

#[test]
fn github_output_and_step_summary() {
    let dir = temp_dir("github");
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let annotations = github(Some(summary.clone()));
    let markdown = std::fs::read_to_string(&summary).unwrap();
    assert!(
        markdown.starts_with("earlier step\n"),
        "the summary is appended to"
    );
    insta::assert_snapshot!(format!("{annotations}\n--- step summary ---\n{markdown}"));
}

/// Runs `command`, feeding it `input`, and parses its stdout as JSON.
fn consume(command: &mut Command, input: &str) -> serde_json::Value {
    use std::io::Write;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the consumer starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "consumer failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// junitparser installed for these tests, once per run, under target/.
fn python_consumer() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = root().join("target/consumers/python");
        if !dir.join("junitparser").is_dir() {
            let status = Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--target",
                ])
                .arg(&dir)
                .arg("junitparser==5.0.3")
                .status()
                .expect("pip runs");
            assert!(status.success(), "could not install junitparser");
        }
        dir
    })
    .clone()
}

#[test]
fn a_real_junit_parser_reads_the_junit_output() {
    let dir = temp_dir("junit");
    let file = dir.join("report.xml");
    std::fs::write(&file, junit()).unwrap();
    let read = consume(
        Command::new("python3")
            .arg(root().join("tests/consumers/junit.py"))
            .arg(&file)
            .env("PYTHONPATH", python_consumer()),
        "",
    );
    let suites = read["suites"].as_array().unwrap();
    assert_eq!(suites.len(), 2);
    assert_eq!(suites[0]["name"], "First challenge");
    assert_eq!(
        (
            suites[0]["tests"].as_u64(),
            suites[0]["failures"].as_u64(),
            suites[0]["errors"].as_u64()
        ),
        (Some(3), Some(1), Some(1))
    );
    let cases = suites[0]["cases"].as_array().unwrap();
    assert_eq!(cases[0]["name"], "1. / should answer 200.");
    assert_eq!(cases[0]["results"], serde_json::json!([]));
    assert_eq!(cases[1]["results"], serde_json::json!(["Failure"]));
    assert_eq!(
        cases[1]["messages"][0],
        "the home page should say so: expected 'Not Found' to match /Home page/"
    );
    assert_eq!(cases[1]["system_out"], "status was 404");
    assert_eq!(cases[1]["classname"], "block.first");
    assert_eq!(cases[2]["results"], serde_json::json!(["Error"]));
    assert_eq!(
        (suites[1]["tests"].as_u64(), suites[1]["errors"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn a_real_tap_parser_reads_the_tap_output() {
    let dir = super::support::node_consumer();
    let read = consume(
        Command::new("node")
            .arg(dir.join("tap.mjs"))
            .current_dir(&dir),
        &tap(),
    );
    assert_eq!(read["ok"], false);
    assert_eq!(read["count"], 2);
    assert_eq!(read["fail"], 2);
    let subtests = read["subtests"].as_array().unwrap();
    assert_eq!(subtests.len(), 2);
    assert_eq!(subtests[0]["name"], "First challenge");
    assert_eq!(
        (
            subtests[0]["count"].as_u64(),
            subtests[0]["pass"].as_u64(),
            subtests[0]["fail"].as_u64()
        ),
        (Some(3), Some(1), Some(2))
    );
    let diag = &subtests[0]["diag"][0];
    assert_eq!(
        diag["message"],
        "the home page should say so: expected 'Not Found' to match /Home page/"
    );
    assert_eq!(diag["expected"], "/Home page/");
    assert_eq!(diag["at"]["line"], 20);
    assert_eq!(
        (subtests[1]["pass"].as_u64(), subtests[1]["fail"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn report_files_are_written_alongside_the_human_output() {
    let server = super::support::Server::start(|_| super::support::Reply::ok("ok"));
    let challenge = super::support::TempChallenge::new(
        "files",
        &[
            ("Fine.", "assert(true)"),
            ("Not fine.", "assert(false, 'nope')"),
        ],
    );
    let dir = temp_dir("reports");
    let junit = dir.join("junit.xml");
    let json = dir.join("report.json");
    let run = super::support::grade(&[
        "--url",
        &server.url,
        challenge.path(),
        "--report-junit",
        junit.to_str().unwrap(),
        "--report-json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    super::support::assert_contains(&run.stderr, "2 hints: 1 passed, 1 failed");
    let xml = std::fs::read_to_string(&junit).unwrap();
    super::support::assert_contains(&xml, "<failure message=\"nope\" type=\"failed\">");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(document["summary"]["failed"], 1);
    let bad = super::support::grade(&[
        "--url",
        &server.url,
        challenge.path(),
        "--report-junit",
        "/no/such/dir/x.xml",
    ]);
    assert_eq!(bad.code, 2);
    super::support::assert_contains(&bad.stderr, "cannot write the report `/no/such/dir/x.xml`");
}

/// A run with `n` hints of each status (none when `n` is 0), one with expected and actual values,
/// console lines and requests beyond what is shown, a note, a CORS finding and a challenge in
/// English only, rendered in `language`.
fn counted(language: &'static Language, n: usize) -> String {
    report::set_color(ColorChoice::Never);
    let file = "work/block/counted.md";
    let statuses = [
        Status::Passed,
        Status::Failed,
        Status::Errored,
        Status::TimedOut,
    ];
    let hints: Vec<PlannedHint> = (0..4 * n)
        .map(|i| {
            hint(
                i,
                &format!(
                    "Hint {} checks `/api/{i}` and [a link](http://app.example/{i}).",
                    i + 1
                ),
                file,
            )
        })
        .collect();
    let plan = Plan {
        url: "http://app.example".to_string(),
        challenges: vec![PlannedChallenge {
            id: "0000000000000000000000c1".into(),
            dashed_name: "counted".into(),
            title: "Counted".into(),
            block: "block".into(),
            language: ENGLISH,
            file: file.into(),
            builtin: false,
            hints: hints.clone(),
        }],
        diagnostics: Vec::new(),
    };
    let buffer = Buffer::default();
    let mut human = report::Human::new(buffer.clone(), language, report::Verbosity::Normal)
        .with_rerun(
            "grade --url http://app.example".into(),
            vec!["counted".into()],
        );
    let mut summary = Summary::default();
    human.event(&plan, &Event::ChallengeStarted { challenge: 0 });
    for (i, _) in hints.iter().enumerate() {
        let mut result = outcome(statuses[i / n.max(1)]);
        if i == n {
            result.message = Some("expected 'a' to equal 'b'".into());
            result.expected = Some("'b'".into());
            result.actual = Some("'a'".into());
            result.console = (0..n + 20).map(|l| format!("line {l}")).collect();
            result.exchanges = (0..n + 10)
                .map(|r| Exchange::new("GET", &format!("http://app.example/{r}"), Some(200), None))
                .collect();
            result.notes = vec!["an interval (setInterval) was still running when nothing else was pending; it was cleared".into()];
            result.cors = vec!["GET http://app.example/: the answer has no Access-Control-Allow-Origin for https://www.freecodecamp.org".into()];
        }
        summary.count(result.status);
        human.event(
            &plan,
            &Event::HintFinished {
                challenge: 0,
                hint: i,
                outcome: Box::new(result),
            },
        );
    }
    human.event(&plan, &Event::ChallengeFinished { challenge: 0 });
    summary.duration = Duration::from_millis(1234);
    human.event(&plan, &Event::Finished { summary });
    buffer.text()
}

#[test]
fn human_output_in_every_language_with_counts_zero_one_two_and_five() {
    for code in ["de", "pt-BR", "es", "ar", "zh", "ja"] {
        let language = Language::find(code).unwrap();
        let rendered: Vec<String> = [0, 1, 2, 5]
            .iter()
            .map(|&n| format!("=== {n} of each ===\n{}", counted(language, n)))
            .collect();
        insta::assert_snapshot!(format!("human_in_{code}"), rendered.join("\n"));
    }
}
