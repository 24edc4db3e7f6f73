//! The differential test of `assert`: every call in tests/consumers/chai-cases.js runs in real
//! chai@4 under Node and in grade's engine. Pass or fail must agree on every case, and the
//! messages on at least 95% of them.

use super::support::{grade, node_consumer, node_output, Reply, Server, TempChallenge};

#[test]
fn assert_agrees_with_real_chai() {
    let dir = node_consumer();
    let expected: Vec<serde_json::Value> =
        serde_json::from_slice(&node_output(&["chai.js"], &dir)).unwrap();
    assert!(expected.len() >= 300, "only {} cases", expected.len());
    let hints: Vec<(String, String)> = expected
        .iter()
        .enumerate()
        .map(|(i, case)| {
            (
                format!("Case {}.", i + 1),
                case["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = hints
        .iter()
        .map(|(t, c)| (t.as_str(), c.as_str()))
        .collect();
    let challenge = TempChallenge::new("chai", &pairs);
    let server = Server::start(|_| Reply::ok("ok"));
    let run = grade(&[
        "--url",
        &server.url,
        "--timeout",
        "5",
        "--jobs",
        "1",
        "--format",
        "json",
        challenge.path(),
    ]);
    let report = run.json();
    let ours = report["challenges"][0]["hints"].as_array().unwrap();
    assert_eq!(ours.len(), expected.len());
    let mut disagreements = Vec::new();
    let mut different_messages = Vec::new();
    for (case, hint) in expected.iter().zip(ours) {
        let code = case["code"].as_str().unwrap();
        let chai_passed = case["pass"].as_bool().unwrap();
        let we_passed = hint["status"] == "passed";
        let ours = hint["message"].as_str().unwrap_or("");
        if chai_passed != we_passed {
            disagreements.push(format!(
                "{code}\n    chai: {}\n    ours: {} {ours}",
                if chai_passed {
                    "passed"
                } else {
                    case["message"].as_str().unwrap_or("")
                },
                hint["status"]
            ));
            continue;
        }
        if chai_passed {
            continue;
        }
        let name = case["name"].as_str().unwrap_or("");
        let message = case["message"].as_str().unwrap_or("");
        let theirs = if name == "AssertionError" {
            message.to_string()
        } else {
            format!("{name}: {message}")
        };
        if theirs != ours {
            different_messages.push(format!("{code}\n    chai: {theirs}\n    ours: {ours}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} cases pass in one and fail in the other:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    let failing = expected
        .iter()
        .filter(|c| !c["pass"].as_bool().unwrap())
        .count();
    let agreeing = expected.len() - different_messages.len();
    eprintln!(
        "messages agree on {agreeing} of {} cases; they differ on:\n{}",
        expected.len(),
        different_messages.join("\n")
    );
    assert!(
        agreeing * 100 >= expected.len() * 95,
        "messages agree on only {agreeing} of {} cases ({failing} failing):\n{}",
        expected.len(),
        different_messages.join("\n")
    );
}
