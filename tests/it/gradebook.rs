//! A gradebook a teacher can trust: results joined on the learner's key and the challenge's id,
//! through a roster that changes, regrades merged in either order, projects graded apart, slices
//! that are missing, and results that disagree; exports a spreadsheet reads as numbers, with the
//! roster's columns; and the freeCodeCamp marks in every format.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::batch::{challenges, in_browser, lines, Class};
use super::support::{
    as_spreadsheet, assert_contains, grade, read_csv, soffice, temp_dir, Reply, Server,
};

/// Writes `text` to the file `name` in `dir`: a roster, or a results file made by hand.
pub(super) fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `grade batch` with `args` after the roster; panics unless it exits 0.
fn batch(roster: &Path, args: &[&str]) -> super::support::Run {
    let mut all = vec!["batch", roster.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = grade(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// The CSV gradebook of `files`, as rows of fields keyed by the first column.
fn merged(files: &[&Path], extra: &[&str]) -> (super::support::Run, HashMap<String, Vec<String>>) {
    let mut args = vec!["merge"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(["--format", "csv"]);
    args.extend_from_slice(extra);
    let run = grade(&args);
    let rows = run
        .stdout
        .lines()
        .map(|l| {
            let fields: Vec<String> = l.split(',').map(str::to_string).collect();
            (fields[0].clone(), fields)
        })
        .collect();
    (run, rows)
}

#[test]
fn a_learner_added_at_the_top_of_the_roster_then_resumed_keeps_everyone_s_grades() {
    let dir = temp_dir("inserted");
    // Learner 1 (alice) passes everything; learner 3 (zoe) fails challenge 1.
    let class = Class::start(Duration::ZERO, |l, c| l == 3 && c == 1);
    let folder = challenges(&dir, 2);
    let folder = folder.to_str().unwrap();
    let results = dir.join("class.ndjson");
    let results = results.to_str().unwrap();
    let first = write_file(
        &dir,
        "first.csv",
        &format!("name,url\nalice,{}\nbob,{}\n", class.url(1), class.url(2)),
    );
    batch(&first, &["--challenges", folder, "--results", results]);
    let second = write_file(
        &dir,
        "second.csv",
        &format!(
            "name,url\nzoe,{}\nalice,{}\nbob,{}\n",
            class.url(3),
            class.url(1),
            class.url(2)
        ),
    );
    let csv = dir.join("book.csv");
    let run = batch(
        &second,
        &[
            "--challenges",
            folder,
            "--results",
            results,
            "--resume",
            "--report-csv",
            csv.to_str().unwrap(),
        ],
    );
    assert_contains(&run.stderr, "new in the roster, graded now: `zoe`");
    // Alice was not graded again, and keeps her own grades.
    assert_eq!(
        class.hits(1, 1),
        2,
        "alice's challenge 1 was asked once per hint"
    );
    let text = read_csv(&csv);
    let rows: HashMap<&str, Vec<&str>> = text
        .lines()
        .map(|l| (l.split(',').next().unwrap(), l.split(',').collect()))
        .collect();
    assert_eq!(
        rows["alice"][2..8],
        ["2", "2", "2", "2", "4", "4"],
        "{text}"
    );
    assert_eq!(rows["zoe"][2..8], ["0", "2", "2", "2", "2", "4"], "{text}");
    // In roster order: zoe first now.
    assert!(text.lines().nth(1).unwrap().starts_with("zoe,"), "{text}");
}

#[test]
fn a_regrade_merged_in_either_order_lands_under_its_own_learner() {
    let dir = temp_dir("regrade");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 1);
    let folder = folder.to_str().unwrap();
    // Jonas's app was down when the class was graded.
    let roster = write_file(
        &dir,
        "class.csv",
        &format!(
            "name,url\nalice,{}\njonas,http://127.0.0.1:9\n",
            class.url(1)
        ),
    );
    let class_file = dir.join("class.ndjson");
    batch(
        &roster,
        &[
            "--challenges",
            folder,
            "--results",
            class_file.to_str().unwrap(),
        ],
    );
    // Regraded later, alone, into a file of its own, at his working app.
    let late = write_file(
        &dir,
        "jonas.csv",
        &format!("name,url\njonas,{}\n", class.url(2)),
    );
    let jonas_file = dir.join("jonas.ndjson");
    batch(
        &late,
        &[
            "--challenges",
            folder,
            "--results",
            jonas_file.to_str().unwrap(),
        ],
    );
    let (first, one) = merged(&[&class_file, &jonas_file], &[]);
    let (second, other) = merged(&[&jonas_file, &class_file], &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(one, other, "the order of the files does not matter");
    assert_eq!(one.len(), 3, "a header and two learners: {one:?}");
    assert_eq!(one["alice"][1], class.url(1));
    assert_eq!(one["jonas"][1], class.url(2), "jonas's row has his own app");
    assert_eq!(one["jonas"][2..4], ["2", "2"]);
    // Said, in both orders: the unreachable result was replaced by the newer one.
    for run in [&first, &second] {
        // Named as a teacher knows them: the learner and the challenge's dashedName.
        assert_contains(&run.stderr, "`jonas` on `challenge-1`");
        assert_contains(&run.stderr, "is replaced by the newer one");
    }
    // --strict makes it an error.
    let (strict, _) = merged(&[&class_file, &jonas_file], &["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
}

#[test]
fn two_projects_graded_apart_merge_into_two_columns() {
    let dir = temp_dir("projects");
    let class = Class::start(Duration::ZERO, |l, c| l == 1 && c == 2);
    let folder = challenges(&dir, 2);
    let folder = folder.to_str().unwrap();
    let roster = write_file(
        &dir,
        "class.csv",
        &format!("name,url\nalice,{}\nbob,{}\n", class.url(1), class.url(2)),
    );
    let first = dir.join("first.ndjson");
    let second = dir.join("second.ndjson");
    batch(
        &roster,
        &[
            "--challenges",
            folder,
            "--results",
            first.to_str().unwrap(),
            "challenge-1",
        ],
    );
    batch(
        &roster,
        &[
            "--challenges",
            folder,
            "--results",
            second.to_str().unwrap(),
            "challenge-2",
        ],
    );
    let (run, rows) = merged(&[&second, &first], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Columns in catalog order, whatever the order of the files.
    assert_eq!(
        rows["name"][2..6],
        [
            "challenge-1 passed",
            "challenge-1 total",
            "challenge-2 passed",
            "challenge-2 total"
        ]
    );
    assert_eq!(rows["alice"][2..6], ["2", "2", "0", "2"]);
    assert_eq!(rows["bob"][2..6], ["2", "2", "2", "2"]);
    let page = dir.join("book.html");
    let html = grade(&[
        "merge",
        first.to_str().unwrap(),
        second.to_str().unwrap(),
        "--report-html",
        page.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(html.code, 0);
    assert_contains(
        &std::fs::read_to_string(&page).unwrap(),
        "2 learners, 2 challenges",
    );
}

#[test]
fn resuming_onto_another_class_s_results_is_refused() {
    let dir = temp_dir("another-class");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 1);
    let folder = folder.to_str().unwrap();
    let results = dir.join("r.ndjson");
    let results = results.to_str().unwrap();
    let ours = write_file(
        &dir,
        "a.csv",
        &format!("name,url\nalice,{}\n", class.url(1)),
    );
    batch(&ours, &["--challenges", folder, "--results", results]);
    let theirs = write_file(&dir, "b.csv", &format!("name,url\nyuki,{}\n", class.url(2)));
    let run = grade(&[
        "batch",
        theirs.to_str().unwrap(),
        "--challenges",
        folder,
        "--results",
        results,
        "--resume",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "holds the results of another class");
    assert_eq!(lines(Path::new(results)).len(), 1, "nothing was added");
}

#[test]
fn a_missing_slice_is_named_and_fails_the_merge() {
    let dir = temp_dir("slices");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 1);
    let folder = folder.to_str().unwrap();
    let rows: String = (1..=9)
        .map(|n| format!("learner {n},{}\n", class.url(n)))
        .collect();
    let roster = write_file(&dir, "class.csv", &format!("name,url\n{rows}"));
    let parts: Vec<PathBuf> = (1..=3)
        .map(|k| dir.join(format!("part-{k}.ndjson")))
        .collect();
    for (k, part) in parts.iter().enumerate() {
        let slice = format!("{}/3", k + 1);
        batch(
            &roster,
            &[
                "--challenges",
                folder,
                "--results",
                part.to_str().unwrap(),
                "--partition",
                &slice,
            ],
        );
    }
    let (run, _) = merged(&[&parts[0], &parts[2]], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "slice 2/3 is missing");
    let (run, rows) = merged(&[&parts[0], &parts[1], &parts[2]], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(rows.len(), 10);
}

#[test]
fn only_and_retry_unreachable_regrade_on_purpose_and_the_newest_wins() {
    let dir = temp_dir("only");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 1);
    let folder = folder.to_str().unwrap();
    let results = dir.join("r.ndjson");
    let results = results.to_str().unwrap();
    let down = write_file(
        &dir,
        "down.csv",
        &format!(
            "id,name,url\ns1,alice,{}\ns2,bob,http://127.0.0.1:9\n",
            class.url(1)
        ),
    );
    batch(&down, &["--challenges", folder, "--results", results]);
    // Bob's app is up now, at the same address as before: only --retry-unreachable regrades it.
    let up = write_file(
        &dir,
        "up.csv",
        &format!(
            "id,name,url\ns1,alice,{}\ns2,bob,http://127.0.0.1:9\n",
            class.url(1)
        ),
    );
    let csv = dir.join("book.csv");
    batch(
        &up,
        &[
            "--challenges",
            folder,
            "--results",
            results,
            "--retry-unreachable",
            "--report-csv",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(class.hits(1, 1), 2, "alice was not graded again");
    assert_eq!(
        lines(Path::new(results)).len(),
        3,
        "bob's unreachable result was graded again"
    );
    // --only regrades one learner, by id or name; the newer line wins in the gradebook.
    batch(
        &up,
        &[
            "--challenges",
            folder,
            "--results",
            results,
            "--only",
            "alice",
            "--report-csv",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(class.hits(1, 1), 4, "alice was graded again");
    let text = read_csv(&csv);
    assert_eq!(text.lines().count(), 3, "one row per learner: {text}");
    let bad = grade(&[
        "batch",
        up.to_str().unwrap(),
        "--challenges",
        folder,
        "--results",
        results,
        "--only",
        "nobody",
    ]);
    assert_eq!(bad.code, 2);
    assert_contains(&bad.stderr, "--only nobody: no learner");
}

#[test]
fn rosters_take_common_headers_keep_their_columns_and_refuse_stray_commas() {
    let dir = temp_dir("headers");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 1);
    let folder = folder.to_str().unwrap();
    let roster = write_file(
        &dir,
        "lms.csv",
        &format!(
            "Student,ID,Email,Section,App\n\"Doe, Jane\",s-001,jane@school.example,A,{}\n",
            class.url(1)
        ),
    );
    let csv = dir.join("book.csv");
    let results = dir.join("r.ndjson");
    batch(
        &roster,
        &[
            "--challenges",
            folder,
            "--results",
            results.to_str().unwrap(),
            "--report-csv",
            csv.to_str().unwrap(),
        ],
    );
    let text = read_csv(&csv);
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("Student,ID,Email,Section,App,challenge-1 passed"),
        "{header}"
    );
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("\"Doe, Jane\",s-001,jane@school.example,A,"),
        "{text}"
    );
    assert_eq!(lines(&results)[0]["learner"], "s-001", "joined on the id");
    let stray = write_file(
        &dir,
        "stray.csv",
        &format!("name,url\nDoe, Jane,{}\n", class.url(1)),
    );
    let run = grade(&[
        "batch",
        stray.to_str().unwrap(),
        "--challenges",
        folder,
        "--results",
        dir.join("s.ndjson").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        "stray.csv:2: the row has 3 fields where the header names 2",
    );
}

#[test]
fn a_spreadsheet_reads_every_score_as_a_number_and_keeps_the_id_and_email() {
    let Some(soffice) = soffice() else {
        eprintln!("skipped: LibreOffice is not installed");
        return;
    };
    let dir = temp_dir("spreadsheet");
    let class = Class::start(Duration::ZERO, |l, c| l == 2 && c == 1);
    let folder = challenges(&dir, 2);
    let roster = write_file(
        &dir,
        "class.csv",
        &format!(
            "id,name,email,url\n2024-0043,Ann Lee,ann@school.example,{}\n0042,=cmd(),bo@school.example,{}\n",
            class.url(1),
            class.url(2)
        ),
    );
    let csv = dir.join("book.csv");
    batch(
        &roster,
        &[
            "--challenges",
            folder.to_str().unwrap(),
            "--results",
            dir.join("r.ndjson").to_str().unwrap(),
            "--report-csv",
            csv.to_str().unwrap(),
        ],
    );
    // As a teacher opens it: the import dialog set to UTF-8, which the file's mark picks.
    let sheet = as_spreadsheet(&soffice, &csv, &dir);
    // Each row's cells, as the spreadsheet typed them: (type, text).
    let rows: Vec<Vec<(String, String)>> = sheet
        .split("<table:table-row")
        .skip(1)
        .map(|row| {
            row.split("<table:table-cell")
                .skip(1)
                .flat_map(|cell| {
                    // Equal cells side by side are written once, with a count.
                    let repeated: usize = cell
                        .split("table:number-columns-repeated=\"")
                        .nth(1)
                        .and_then(|r| r.split('"').next())
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(1);
                    let kind = cell
                        .split("office:value-type=\"")
                        .nth(1)
                        .and_then(|r| r.split('"').next())
                        .unwrap_or("empty")
                        .to_string();
                    let text = cell
                        .split("<text:p>")
                        .nth(1)
                        .and_then(|r| r.split("</text:p>").next())
                        .unwrap_or("")
                        .to_string();
                    std::iter::repeat_n((kind, text), repeated)
                })
                .collect()
        })
        .collect();
    let header: Vec<&str> = rows[0].iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(header[..4], ["id", "name", "email", "url"], "{header:?}");
    // Ids are written as they are, for a learning system that matches on them; how a
    // spreadsheet types them is its own business.
    let raw = read_csv(&csv);
    assert!(
        raw.lines()
            .nth(1)
            .unwrap()
            .starts_with("2024-0043,Ann Lee,"),
        "{raw}"
    );
    assert!(
        raw.lines().nth(2).unwrap().starts_with("0042,'=cmd(),"),
        "{raw}"
    );
    for row in &rows[1..3] {
        // name, email, url are text; every score, total, count and percentage a number.
        for (kind, text) in &row[1..4] {
            assert_eq!(kind, "string", "{text} is text: {row:?}");
        }
        for (kind, text) in &row[4..14] {
            assert_eq!(kind, "float", "{text} is a number: {row:?}");
        }
    }
    assert_eq!(rows[1][2].1, "ann@school.example");
    assert_eq!(rows[2][4].1, "0", "the failed challenge scores 0 of 2");
}

#[test]
fn the_freecodecamp_marks_reach_every_gradebook() {
    let dir = temp_dir("marks");
    // Learner 1 answers without CORS headers; learner 2 takes 5.5 s with one hint.
    let no_cors = Server::start(|_| Reply::ok("ok"));
    let slow = Server::start(|seen| {
        let reply = Reply::ok("ok").header("access-control-allow-origin", "*");
        if seen.path == "/c1" {
            reply.delay(Duration::from_millis(5500))
        } else {
            reply
        }
    });
    let folder = challenges(&dir, 1);
    let roster = write_file(
        &dir,
        "class.csv",
        &format!("name,url\nnocors,{}\nslow,{}\n", no_cors.url, slow.url),
    );
    let csv = dir.join("book.csv");
    let json = dir.join("book.json");
    let html = dir.join("book.html");
    batch(
        &roster,
        &[
            "--challenges",
            folder.to_str().unwrap(),
            "--results",
            dir.join("r.ndjson").to_str().unwrap(),
            "--report-csv",
            csv.to_str().unwrap(),
            "--report-json",
            json.to_str().unwrap(),
            "--report-html",
            html.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    let text = read_csv(&csv);
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "would fail on freeCodeCamp")
        .unwrap();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_ne!(fields[column], "0", "{line}");
    }
    let book: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let kinds: Vec<String> = book["learners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let hint = &l["results"][0]["hints"][0];
            hint["would_fail_on_freecodecamp"][0]["risk"]
                .as_str()
                .unwrap_or("-")
                .to_string()
        })
        .collect();
    assert_eq!(kinds, ["cors", "slow"]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert_eq!(
        page.matches("class=\"mark\"").count(),
        2,
        "a mark in each learner's cell"
    );
    assert_contains(&page, "would fail on freeCodeCamp");
}

#[test]
fn the_html_gradebook_is_readable_on_a_wide_screen_and_a_phone() {
    let dir = temp_dir("html-look");
    let class = Class::start(Duration::ZERO, |l, c| (l + c) % 3 == 0);
    let folder = challenges(&dir, 3);
    let rows: String = (1..=30)
        .map(|n| format!("Learner number {n},{}\n", class.url(n)))
        .collect();
    let roster = write_file(&dir, "class.csv", &format!("name,url\n{rows}"));
    let page = dir.join("book.html");
    batch(
        &roster,
        &[
            "--challenges",
            folder.to_str().unwrap(),
            "--results",
            dir.join("r.ndjson").to_str().unwrap(),
            "--report-html",
            page.to_str().unwrap(),
            "--lang",
            "de",
        ],
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert_contains(&html, "<html lang=\"de\">");
    assert_contains(&html, "Notenbuch");
    assert_contains(&html, "Lernende, die jeden Test bestanden");
    let Some(seen) = in_browser(&page, "Learner number 2", 0) else {
        return;
    };
    let look = &seen["look"];
    // Colours by the share of hints passed: a full cell is green, an empty one red.
    let full: Vec<u8> = serde_json::from_value(look["fullColour"].clone()).unwrap();
    let none: Vec<u8> = serde_json::from_value(look["noneColour"].clone()).unwrap();
    assert!(full[1] > full[0], "a full cell is green: {full:?}");
    assert!(none[0] > none[1], "an empty cell is red: {none:?}");
    assert_eq!(
        look["headerStays"], true,
        "the header stays in place when the table scrolls"
    );
    assert_eq!(
        look["nameStaysOnPhone"], true,
        "the name column stays in view at 400 px"
    );
    assert!(look["footer"].as_str().unwrap().contains("·"), "{look}");
    let details = &seen["details"];
    assert_eq!(details["visible"], true);
    assert!(
        details["hints"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["answer"].as_str().is_some_and(|a| a.contains("no"))),
        "a failed hint shows what the app answered: {details}"
    );
}

#[test]
fn after_a_resume_the_gradebook_shows_the_roster_as_it_is_now() {
    let dir = temp_dir("renamed");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 1);
    let folder = folder.to_str().unwrap();
    let results = dir.join("class.ndjson");
    let results = results.to_str().unwrap();
    let first = write_file(
        &dir,
        "first.csv",
        &format!("id,name,group,url\ns1,Zoë,A,{}\n", class.url(1)),
    );
    batch(&first, &["--challenges", folder, "--results", results]);
    let second = write_file(
        &dir,
        "second.csv",
        &format!("id,name,group,url\ns1,Zoe Brown,B,{}\n", class.url(1)),
    );
    let csv = dir.join("book.csv");
    let csv_arg = csv.to_str().unwrap();
    let html = dir.join("book.html");
    let html_arg = html.to_str().unwrap();
    let args = [
        "--challenges",
        folder,
        "--results",
        results,
        "--resume",
        "--report-csv",
        csv_arg,
        "--report-html",
        html_arg,
    ];
    batch(&second, &args);
    let text = read_csv(&csv);
    let row = text
        .lines()
        .find(|l| l.starts_with("s1,"))
        .expect("s1's row");
    assert!(row.starts_with("s1,Zoe Brown,B,"), "{text}");
    assert_eq!(class.hits(1, 1), 2, "s1 was graded once");
    // The page shows the roster's other columns too, as they are now.
    let page = std::fs::read_to_string(&html).unwrap();
    assert_contains(&page, "<th class=\"other\" data-type=\"text\">id</th><th class=\"other\" data-type=\"text\">group</th>");
    assert_contains(
        &page,
        "<td class=\"other\">s1</td><td class=\"other\">B</td>",
    );
    assert!(
        !page.contains("Zoë"),
        "the old name is gone, details included"
    );
}

/// A regrade that finds the app down does not take away the grade it had, and says so; a file
/// merged with a copy of itself says nothing; results of two rosters are noted.
#[test]
fn an_app_down_at_a_regrade_keeps_its_grade_and_copies_say_nothing() {
    let dir = temp_dir("down-at-regrade");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 1);
    let folder = folder.to_str().unwrap();
    let results = dir.join("class.ndjson");
    let results_arg = results.to_str().unwrap();
    let roster = write_file(
        &dir,
        "roster.csv",
        &format!("id,name,url\ns1,alice,{}\n", class.url(1)),
    );
    batch(&roster, &["--challenges", folder, "--results", results_arg]);
    let copy = dir.join("copy.ndjson");
    std::fs::copy(&results, &copy).unwrap();
    let (run, rows) = merged(&[&results, &copy], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("replaced"), "{}", run.stderr);
    assert_eq!(rows["s1"][3..5], ["2", "2"], "{}", run.stdout);
    // The app is down now: nothing listens on port 9.
    let down = write_file(
        &dir,
        "down.csv",
        "id,name,url\ns1,alice,http://127.0.0.1:9\n",
    );
    let book = dir.join("after-down.csv");
    let regrade = batch(
        &down,
        &[
            "--challenges",
            folder,
            "--results",
            results_arg,
            "--only",
            "s1",
            "--report-csv",
            book.to_str().unwrap(),
        ],
    );
    // The batch says it too.
    assert_contains(&regrade.stderr, "kept: `s1` (alice) on `challenge-1`");
    assert_contains(&regrade.stderr, "0 left out of the gradebook");
    assert_contains(&regrade.stderr, "the app did not answer when graded at");
    let (run, rows) = merged(&[&results], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "the app did not answer when graded at");
    assert_contains(&run.stderr, "is kept");
    assert_eq!(
        rows["s1"][3..5],
        ["2", "2"],
        "the grade stays: {}",
        run.stdout
    );
    // Another roster's results, merged in: noted.
    let other = dir.join("other.ndjson");
    let text = std::fs::read_to_string(&copy)
        .unwrap()
        .replace("\"roster\":\"", "\"roster\":\"x");
    std::fs::write(&other, text).unwrap();
    let (run, _) = merged(&[&copy, &other], &[]);
    assert_contains(&run.stderr, "graded from 2 rosters");
}
