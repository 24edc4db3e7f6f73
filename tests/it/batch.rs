//! `grade batch` and `grade merge`: rosters and their errors, the per-host limit as a server
//! measures it, a run killed with SIGKILL and resumed, partitions merged into what one run gives,
//! and the HTML gradebook in a real browser.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::support::{assert_contains, grade, root, temp_dir, Reply, Server};

/// Challenges that each ask `code + '/cN'` twice; a learner passes `cN` when the server says so.
pub(super) fn challenges(dir: &Path, count: usize) -> PathBuf {
    let folder = dir.join("challenges").join("english").join("class");
    std::fs::create_dir_all(&folder).unwrap();
    for n in 1..=count {
        let text = format!(
            "---\nid: 0000000000000000000000c{n}\ntitle: Challenge {n}\nchallengeType: 4\ndashedName: challenge-{n}\n---\n\n# --description--\n\nRoute {n}.\n\n# --hints--\n\n`/c{n}` should answer 200.\n\n```js\nconst res = await fetch(code + '/c{n}');\nassert.equal(res.status, 200, 'GET /c{n}');\n```\n\n`/c{n}` should say ok.\n\n```js\nconst res = await fetch(code + '/c{n}');\nassert.equal(await res.text(), 'ok');\n```\n"
        );
        std::fs::write(folder.join(format!("{n:02}-challenge-{n}.md")), &text).unwrap();
        // A German translation, for learners whose row asks for German.
        let german = dir.join("challenges").join("german").join("class");
        std::fs::create_dir_all(&german).unwrap();
        let text = text
            .replace("should answer 200.", "sollte mit 200 antworten.")
            .replace("should say ok.", "sollte ok sagen.");
        std::fs::write(german.join(format!("{n:02}-challenge-{n}.md")), text).unwrap();
    }
    dir.join("challenges")
}

/// A server for a whole class: `/learner-N/...` is learner N's app. It counts requests per
/// path, and the most handled at once.
pub(super) struct Class {
    server: Server,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    highest: Arc<AtomicUsize>,
}

impl Class {
    /// `fails(learner, challenge)` says which answers are 404; each answer takes `delay`.
    pub(super) fn start(delay: Duration, fails: fn(usize, usize) -> bool) -> Class {
        let hits = Arc::new(Mutex::new(HashMap::<String, usize>::new()));
        let active = Arc::new(AtomicUsize::new(0));
        let highest = Arc::new(AtomicUsize::new(0));
        let (h, a, m) = (hits.clone(), active.clone(), highest.clone());
        let server = Server::start(move |seen| {
            let now = a.fetch_add(1, Ordering::SeqCst) + 1;
            m.fetch_max(now, Ordering::SeqCst);
            *h.lock().unwrap().entry(seen.path.clone()).or_default() += 1;
            std::thread::sleep(delay);
            a.fetch_sub(1, Ordering::SeqCst);
            let mut parts = seen.path.trim_start_matches('/').split('/');
            let learner = parts.next().unwrap_or("").trim_start_matches("learner-");
            let challenge = parts.next().unwrap_or("").trim_start_matches('c');
            // Answers a browser on freeCodeCamp's site could read, so nothing is flagged.
            let reply = match (learner.parse(), challenge.parse()) {
                (Ok(l), Ok(c)) if fails(l, c) => Reply::ok("no").status(404),
                _ => Reply::ok("ok"),
            };
            reply.header("access-control-allow-origin", "*")
        });
        Class {
            server,
            hits,
            highest,
        }
    }

    pub(super) fn url(&self, learner: usize) -> String {
        format!("{}/learner-{learner}", self.server.url)
    }

    pub(super) fn hits(&self, learner: usize, challenge: usize) -> usize {
        let path = format!("/learner-{learner}/c{challenge}");
        self.hits.lock().unwrap().get(&path).copied().unwrap_or(0)
    }
}

fn roster(dir: &Path, rows: &[(String, String)]) -> PathBuf {
    let mut text = String::from("learner,url\n");
    for (learner, url) in rows {
        text.push_str(&format!("{learner},{url}\n"));
    }
    let path = dir.join("roster.csv");
    std::fs::write(&path, text).unwrap();
    path
}

pub(super) fn lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `grade batch ROSTER --challenges DIR --results FILE`.
fn batch_into(roster: &Path, challenges: &str, results: &Path) -> super::support::Run {
    grade(&[
        "batch",
        roster.to_str().unwrap(),
        "--challenges",
        challenges,
        "--results",
        results.to_str().unwrap(),
    ])
}

#[test]
fn rosters_are_read_from_csv_or_json_and_their_errors_name_the_line() {
    let dir = temp_dir("rosters");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let challenges = challenges(&dir, 1);
    let challenges = challenges.to_str().unwrap();
    let csv = dir.join("good.csv");
    std::fs::write(
        &csv,
        format!(
            "Learner,URL,lang\n\"Lovelace, Ada\",{},de\nGrace,{},\n",
            class.url(1),
            class.url(2)
        ),
    )
    .unwrap();
    let results = dir.join("csv.ndjson");
    let run = batch_into(&csv, challenges, &results);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = lines(&results);
    assert_eq!(found.len(), 2);
    let ada = found
        .iter()
        .find(|r| r["learner"] == "Lovelace, Ada")
        .unwrap();
    assert_eq!(ada["language"], "de");
    assert_eq!(ada["hints"][0]["text"], "`/c1` sollte mit 200 antworten.");
    assert_eq!(ada["passed"], 2);

    let json = dir.join("good.json");
    std::fs::write(
        &json,
        format!(
            "[\n  {{\"learner\": \"ada\", \"url\": \"{}\"}},\n  {{\"learner\": \"grace\", \"url\": \"{}\", \"lang\": \"zh\"}}\n]\n",
            class.url(1),
            class.url(2)
        ),
    )
    .unwrap();
    let results = dir.join("json.ndjson");
    let run = batch_into(&json, challenges, &results);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(lines(&results).len(), 2);

    // A bad URL on line 7 is named as line 7, and every problem is told at once.
    let mut text = String::from("learner,url\n");
    for n in 1..=5 {
        text.push_str(&format!("l{n},{}\n", class.url(n)));
    }
    text.push_str("broken,ftp://files.example/app\n");
    text.push_str("l1,http://127.0.0.1:9\n");
    text.push_str("editor,https://github.com/learner/project\n");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, text).unwrap();
    let run = grade(&["batch", bad.to_str().unwrap(), "--challenges", challenges]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let shown = bad.display();
    assert_contains(
        &run.stderr,
        &format!("{shown}:7: `ftp://files.example/app` is not an http or https URL"),
    );
    assert_contains(
        &run.stderr,
        &format!("{shown}:8: the learner `l1` is in the roster twice (first on line 2)"),
    );
    assert_contains(
        &run.stderr,
        &format!("{shown}:9: `https://github.com/learner/project` is a page of GitHub"),
    );
    // A roster saved in Latin-1 names the line of its first such byte; a short row is a
    // missing value, not a comma.
    let latin = dir.join("latin.csv");
    std::fs::write(
        &latin,
        b"learner,url\nann,http://a.example\nZo\xeb,http://b.example\n",
    )
    .unwrap();
    let run = grade(&["batch", latin.to_str().unwrap(), "--challenges", challenges]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        &format!("{}:3: the roster is not UTF-8 text", latin.display()),
    );
    let short = dir.join("short.csv");
    std::fs::write(&short, "learner,url,group\nann,http://a.example\n").unwrap();
    let run = grade(&["batch", short.to_str().unwrap(), "--challenges", challenges]);
    assert_contains(
        &run.stderr,
        "the row has 2 fields where the header names 3: a value is missing",
    );
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        "[\n  {\"learner\": \"a\", \"url\": \"http://127.0.0.1:1\"},\n  {\"learner\": \"b\",\n   \"url\": \"not a url\"}\n]\n",
    )
    .unwrap();
    let run = grade(&["batch", bad.to_str().unwrap(), "--challenges", challenges]);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        &format!("{}:3: `http://not a url` is not a valid URL", bad.display()),
    );
    for (name, text, message) in [
        (
            "header.csv",
            "name,link\na,http://x.example\n",
            ":1: the header must name the learner's column (`name`, `learner` or `student`) and the app's (`url` or `app`)",
        ),
        (
            "lang.csv",
            "learner,url,lang\na,http://x.example,klingon\n",
            ":2: `klingon` is not a language grade knows",
        ),
        ("empty.csv", "learner,url\n", ": the roster has no learners"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let run = grade(&["batch", path.to_str().unwrap(), "--challenges", challenges]);
        assert_eq!(run.code, 2, "{name}");
        assert_contains(&run.stderr, message);
    }
    // Results are never mixed by accident.
    let results = dir.join("csv.ndjson");
    let again = batch_into(&csv, challenges, &results);
    assert_eq!(again.code, 2);
    assert_contains(&again.stderr, "already holds results: pass --resume");
}

#[test]
fn no_host_sees_more_hints_at_once_than_the_per_host_limit() {
    let dir = temp_dir("per-host");
    let class = Class::start(Duration::from_millis(60), |_, _| false);
    let challenges = challenges(&dir, 2);
    // Twelve learners, all on one host: eight graded at once, at most two hints against it.
    let rows: Vec<(String, String)> = (1..=12).map(|n| (format!("l{n}"), class.url(n))).collect();
    let roster = roster(&dir, &rows);
    let results = dir.join("r.ndjson");
    let run = grade(&[
        "batch",
        roster.to_str().unwrap(),
        "--challenges",
        challenges.to_str().unwrap(),
        "--results",
        results.to_str().unwrap(),
        "-j",
        "8",
        "--per-host",
        "2",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(lines(&results).len(), 24);
    let highest = class.highest.load(Ordering::SeqCst);
    assert!(highest <= 2, "the server saw {highest} requests at once");
    assert_eq!(
        highest, 2,
        "eight learners at once should have reached the limit"
    );
}

#[test]
fn a_run_killed_with_sigkill_resumes_without_grading_anything_twice_but_what_was_in_flight() {
    let dir = temp_dir("resume");
    let class = Class::start(Duration::from_millis(40), |l, c| (l + c) % 3 == 0);
    let challenges = challenges(&dir, 3);
    let rows: Vec<(String, String)> = (1..=10).map(|n| (format!("l{n}"), class.url(n))).collect();
    let roster = roster(&dir, &rows);
    let results = dir.join("r.ndjson");
    let args = [
        "batch",
        roster.to_str().unwrap(),
        "--challenges",
        challenges.to_str().unwrap(),
        "--results",
        results.to_str().unwrap(),
        "-j",
        "2",
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::fs::read_to_string(&results).map_or(0, |t| t.lines().count()) < 8 {
        assert!(Instant::now() < deadline, "no results were written");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let written: BTreeSet<(String, String)> = lines(&results)
        .iter()
        .map(|r| {
            (
                r["learner"].as_str().unwrap().into(),
                r["challenge"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(written.len() < 30, "the run ended before it was killed");
    let hits_before: BTreeMap<(usize, usize), usize> = (1..=10)
        .flat_map(|l| (1..=3).map(move |c| (l, c)))
        .map(|(l, c)| ((l, c), class.hits(l, c)))
        .collect();
    // A line cut short, as a crash in the middle of a write leaves it.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&results)
        .unwrap();
    std::io::Write::write_all(&mut file, b"{\"row\":3,\"learner\":\"l3\",\"ur").unwrap();
    drop(file);

    let mut resumed: Vec<&str> = args.to_vec();
    resumed.push("--resume");
    let run = grade(&resumed);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = lines(&results);
    let keys: Vec<(String, String)> = all
        .iter()
        .map(|r| {
            (
                r["learner"].as_str().unwrap().into(),
                r["challenge"].as_str().unwrap().into(),
            )
        })
        .collect();
    let unique: BTreeSet<_> = keys.iter().cloned().collect();
    assert_eq!(keys.len(), 30, "each learner and challenge once");
    assert_eq!(unique.len(), 30);
    for ((learner, challenge), before) in hits_before {
        let key = (
            format!("l{learner}"),
            format!("0000000000000000000000c{challenge}"),
        );
        if written.contains(&key) {
            assert_eq!(
                class.hits(learner, challenge),
                before,
                "{key:?} was written before the kill and graded again"
            );
        } else {
            assert!(
                class.hits(learner, challenge) > before,
                "{key:?} was never graded"
            );
        }
    }
}

/// The gradebook as CSV, and as JSON without times, which differ from run to run.
fn gradebook(files: &[&Path], dir: &Path, name: &str) -> (String, serde_json::Value) {
    let csv = dir.join(format!("{name}.csv"));
    let json = dir.join(format!("{name}.json"));
    let mut args = vec!["merge"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend([
        "--report-csv",
        csv.to_str().unwrap(),
        "--report-json",
        json.to_str().unwrap(),
    ]);
    let run = grade(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("duration_ms");
                map.remove("graded_at");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    // The CSV without its last column, when each learner was graded.
    let csv: String = super::support::read_csv(&csv)
        .lines()
        .map(|l| format!("{}\n", l.rsplit_once(',').map_or(l, |(rest, _)| rest)))
        .collect();
    (csv, value)
}

#[test]
fn partitions_merged_give_what_one_run_gives() {
    let dir = temp_dir("partitions");
    let class = Class::start(Duration::ZERO, |l, c| (l * c) % 4 == 1);
    let challenges = challenges(&dir, 2);
    let mut rows: Vec<(String, String)> = (1..=9)
        .map(|n| (format!("learner {n}"), class.url(n)))
        .collect();
    rows.push(("nobody home".into(), "http://127.0.0.1:9".into()));
    let roster = roster(&dir, &rows);
    let grade_into = |results: &Path, partition: Option<&str>| {
        let mut args = vec![
            "batch",
            roster.to_str().unwrap(),
            "--challenges",
            challenges.to_str().unwrap(),
            "--results",
            results.to_str().unwrap(),
        ];
        if let Some(k) = partition {
            args.extend(["--partition", k]);
        }
        let run = grade(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    let whole = dir.join("whole.ndjson");
    grade_into(&whole, None);
    let parts: Vec<PathBuf> = (1..=3)
        .map(|k| dir.join(format!("part-{k}.ndjson")))
        .collect();
    let mut sizes = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        grade_into(part, Some(&format!("{}/3", k + 1)));
        sizes.push(lines(part).len());
    }
    assert_eq!(sizes.iter().sum::<usize>(), 20, "{sizes:?}");
    assert!(
        sizes.iter().all(|&s| s > 0),
        "every slice has learners: {sizes:?}"
    );
    let (csv, json) = gradebook(&[&whole], &dir, "one");
    let part_refs: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
    let (merged_csv, merged_json) = gradebook(&part_refs, &dir, "merged");
    assert_eq!(merged_csv, csv);
    assert_eq!(merged_json, json);
    // The CSV reads as a gradebook: a row per learner in key order (a merge has no roster),
    // passed/total per cell.
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "learner,url,challenge-1 passed,challenge-1 total,challenge-2 passed,challenge-2 total,passed,total,submitted,percent,did not answer,would fail on freeCodeCamp,answered by,same app as");
    assert_eq!(rows.len(), 11);
    assert!(rows[1].starts_with("learner 1,"), "{csv}");
    assert_eq!(
        *rows.last().unwrap(),
        "nobody home,http://127.0.0.1:9,0,2,0,2,0,4,2,0.0,2,0,,"
    );
    let bad = grade(&["batch", roster.to_str().unwrap(), "--partition", "4/3"]);
    assert_eq!(bad.code, 2);
}

/// What the browser saw of a gradebook page.
pub(super) fn in_browser(page: &Path, learner: &str, column: usize) -> Option<serde_json::Value> {
    super::support::in_chromium(
        "gradebook.mjs",
        &[page.to_str().unwrap(), learner, &column.to_string()],
    )
}

#[test]
fn the_html_gradebook_sorts_and_opens_a_cells_hints_in_a_real_browser() {
    let dir = temp_dir("html");
    let class = Class::start(Duration::ZERO, |l, c| l == 2 && c == 1);
    let challenges = challenges(&dir, 2);
    let rows = vec![
        ("ada".to_string(), class.url(1)),
        ("<b>bob</b>".to_string(), class.url(2)),
        ("carol".to_string(), "http://127.0.0.1:9".to_string()),
    ];
    let roster = roster(&dir, &rows);
    let results = dir.join("r.ndjson");
    let html = dir.join("gradebook.html");
    let run = grade(&[
        "batch",
        roster.to_str().unwrap(),
        "--challenges",
        challenges.to_str().unwrap(),
        "--results",
        results.to_str().unwrap(),
        "--report-html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        !page.contains("<b>bob</b>"),
        "markup from the roster is escaped"
    );
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http"),
        "nothing is loaded"
    );
    let Some(seen) = in_browser(&html, "<b>bob</b>", 0) else {
        return;
    };
    assert_eq!(
        seen["requests"],
        serde_json::json!([]),
        "the page asks for nothing"
    );
    let names = |key: &str| -> Vec<String> {
        seen[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[0].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("before"), ["ada", "<b>bob</b>", "carol"]);
    assert_eq!(
        seen["before"][0],
        serde_json::json!(["ada", class.url(1), "2/2", "2/2", "4/4", "0"])
    );
    assert_eq!(seen["before"][2][2], "did not answer");
    assert_eq!(names("ascending"), ["carol", "<b>bob</b>", "ada"]);
    assert_eq!(names("descending"), ["ada", "<b>bob</b>", "carol"]);
    let details = &seen["details"];
    assert_eq!(details["hiddenBefore"], true);
    assert_eq!(details["visible"], true);
    assert_eq!(details["heading"], "<b>bob</b> · Challenge 1");
    let hints = details["hints"].as_array().unwrap();
    assert_eq!(hints.len(), 2);
    assert_eq!(hints[0]["status"], "failed");
    assert_contains(
        hints[0]["text"].as_str().unwrap(),
        "GET /c1: expected 404 to equal 200",
    );
    assert_contains(
        hints[0]["requests"][0].as_str().unwrap(),
        &format!("GET {}/c1 404", class.url(2)),
    );

    // One run's page, with `grade --report-html`.
    let single = dir.join("single.html");
    let run = grade(&[
        "--url",
        &class.url(1),
        "--challenges",
        challenges.to_str().unwrap(),
        "--report-html",
        single.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let seen = in_browser(&single, &class.url(1), 1).unwrap();
    assert_eq!(seen["before"].as_array().unwrap().len(), 1);
    assert_eq!(
        seen["details"]["heading"],
        format!("{} · Challenge 2", class.url(1))
    );
}
