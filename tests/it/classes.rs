//! The edges of a class: two classes whose ids overlap are never fused (in `merge` or in
//! `--resume`), a challenge never submitted counts, ids reach a spreadsheet and learning
//! systems byte for byte while free text cannot run as a formula, a roster saved on a Mac is the
//! same class, a slow app never makes the log go silent, and the smaller things a teacher met.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::batch::{challenges, lines, Class};
use super::gradebook::write_file;
use super::support::{
    as_spreadsheet, assert_contains, grade, read_csv, root, soffice, temp_dir, Reply, Server,
};

/// `grade` with `args`, which must exit with `code`.
#[track_caller]
fn expect(code: i32, args: &[&str]) -> super::support::Run {
    let run = grade(args);
    assert_eq!(
        run.code, code,
        "{args:?}\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    run
}

/// `grade batch ROSTER --challenges FOLDER --results FILE` and `more`.
fn batch(
    code: i32,
    roster: &Path,
    folder: &Path,
    results: &Path,
    more: &[&str],
) -> super::support::Run {
    let mut args = vec![
        "batch",
        roster.to_str().unwrap(),
        "--challenges",
        folder.to_str().unwrap(),
        "--results",
        results.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    expect(code, &args)
}

/// The rows of a CSV gradebook as fields (a plain split: these have no quoted commas).
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// The field of `row` under the header `name`.
fn field<'a>(table: &'a [Vec<String>], row: &str, name: &str) -> &'a str {
    let column = table[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column `{name}` in {:?}", table[0]));
    let line = table
        .iter()
        .find(|r| r.iter().any(|f| f == row))
        .unwrap_or_else(|| panic!("no row with `{row}` in {table:?}"));
    &line[column]
}

/// Class A (Zoë, 李雷, Łukasz) and class B (Bob, Carla, Dan) both number their learners
/// `s01`-`s03`. Merging A's slices with B's file, or resuming B into A's results, is refused
/// with the ids and both names; `--same-class` joins them on purpose.
#[test]
fn two_classes_sharing_ids_are_never_fused_in_merge_or_resume() {
    let dir = temp_dir("two-classes");
    let class = Class::start(Duration::ZERO, |l, _| l == 4);
    let folder = challenges(&dir, 2);
    let a = write_file(
        &dir,
        "roster-A.csv",
        &format!(
            "id,name,url\ns01,Zoë Müller,{}\ns02,李雷,{}\ns03,Łukasz Nowak,{}\n",
            class.url(1),
            class.url(2),
            class.url(3)
        ),
    );
    let b = write_file(
        &dir,
        "roster-B.csv",
        &format!(
            "id,name,url\ns01,Bob Stone,{}\ns02,Carla Reyes,{}\ns03,Dan Okafor,{}\n",
            class.url(4),
            class.url(5),
            class.url(6)
        ),
    );
    let slices: Vec<PathBuf> = (1..=2).map(|k| dir.join(format!("A-{k}.ndjson"))).collect();
    for (k, slice) in slices.iter().enumerate() {
        let part = format!("{}/2", k + 1);
        batch(
            0,
            &a,
            &folder,
            slice,
            &["challenge-1", "--partition", &part],
        );
    }
    let b_file = dir.join("B.ndjson");
    batch(0, &b, &folder, &b_file, &["challenge-1"]);
    // Class B's other project: the files share no (learner, challenge) pair at all.
    let b_other = dir.join("B-project-2.ndjson");
    batch(0, &b, &folder, &b_other, &["challenge-2"]);
    for b_results in [&b_file, &b_other] {
        for order in [
            [&slices[0], &slices[1], b_results],
            [b_results, &slices[1], &slices[0]],
        ] {
            let mut args = vec!["merge"];
            args.extend(order.iter().map(|p| p.to_str().unwrap()));
            let run = expect(2, &args);
            assert_contains(&run.stderr, "hold results of two classes that share 3 keys");
            for (key, ours, theirs) in [
                ("s01", "Zoë Müller", "Bob Stone"),
                ("s02", "李雷", "Carla Reyes"),
                ("s03", "Łukasz Nowak", "Dan Okafor"),
            ] {
                let one = format!("`{key}` is `{ours}` in one and `{theirs}` in the other");
                let other = format!("`{key}` is `{theirs}` in one and `{ours}` in the other");
                assert!(
                    run.stderr.contains(&one) || run.stderr.contains(&other),
                    "{key} named with both names: {}",
                    run.stderr
                );
            }
            assert_contains(
                &run.stderr,
                "help: merge each class's results apart, or pass --same-class",
            );
            assert_eq!(run.stdout, "", "no gradebook is written");
        }
    }
    // Files written before results carried their class are told apart by their rosters.
    let old: Vec<PathBuf> = [&slices[0], &slices[1], &b_file]
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let text: String = lines(path)
                .into_iter()
                .map(|mut record| {
                    record.as_object_mut().unwrap().remove("class");
                    format!("{record}\n")
                })
                .collect();
            write_file(&dir, &format!("old-{i}.ndjson"), &text)
        })
        .collect();
    let run = expect(
        2,
        &[
            "merge",
            old[0].to_str().unwrap(),
            old[1].to_str().unwrap(),
            old[2].to_str().unwrap(),
        ],
    );
    assert_contains(&run.stderr, "hold results of two classes that share 3 keys");
    // Told they are one class, the merge joins them and says whose name changed.
    let run = expect(
        0,
        &[
            "merge",
            slices[0].to_str().unwrap(),
            slices[1].to_str().unwrap(),
            b_file.to_str().unwrap(),
            "--same-class",
        ],
    );
    assert_contains(
        &run.stderr,
        "renamed: `s01` was `Zoë Müller` and is `Bob Stone` now",
    );

    // Resuming class B (which shares only s01 with A) into A's results is refused, and the file
    // is left as it was.
    let a_file = dir.join("A.ndjson");
    batch(0, &a, &folder, &a_file, &[]);
    let before = std::fs::read(&a_file).unwrap();
    let b_one = write_file(
        &dir,
        "roster-B-one.csv",
        &format!(
            "id,name,url\ns01,Bob Stone,{}\ns09,Eve Park,{}\ns10,Fay Lund,{}\n",
            class.url(4),
            class.url(7),
            class.url(8)
        ),
    );
    let run = batch(2, &b_one, &folder, &a_file, &["--resume"]);
    assert_contains(
        &run.stderr,
        "holds the results of another class that shares 1 id with",
    );
    assert_contains(
        &run.stderr,
        "`s01` is `Zoë Müller` there and `Bob Stone` here",
    );
    assert_contains(&run.stderr, "or pass --same-class if they are one class");
    assert!(
        !run.stderr.contains("graded again at a new address"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(&a_file).unwrap(),
        before,
        "nothing was appended"
    );
    // A's own roster, grown by a learner and reordered, is still class A.
    let grown = write_file(
        &dir,
        "roster-A-grown.csv",
        &format!(
            "id,name,url\ns04,Mia Berg,{}\ns03,Łukasz Nowak,{}\ns02,李雷,{}\ns01,Zoë Müller,{}\n",
            class.url(9),
            class.url(3),
            class.url(2),
            class.url(1)
        ),
    );
    let run = batch(0, &grown, &folder, &a_file, &["--resume"]);
    assert_contains(&run.stderr, "new in the roster, graded now: `s04`");
    let classes: std::collections::BTreeSet<String> = lines(&a_file)
        .iter()
        .map(|r| r["class"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        classes.len(),
        1,
        "the grown roster keeps A's class: {classes:?}"
    );
    // A challenge no longer selected is named as a teacher knows it.
    let run = batch(0, &grown, &folder, &a_file, &["--resume", "challenge-1"]);
    assert_contains(&run.stderr, "no longer selected: `challenge-2`");
}

/// A learner who submitted only one of two projects scores 0 on the other: marked `not
/// submitted`, counted in the total, with a `submitted` count; the newest record names the
/// learner, and rows and values do not depend on the order of the files.
#[test]
fn a_learner_missing_a_project_counts_it_as_zero_and_is_marked_not_submitted() {
    let dir = temp_dir("not-submitted");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 2);
    let both = write_file(
        &dir,
        "class.csv",
        &format!(
            "id,name,url\ns1,alice,{}\ns2,bob,{}\n",
            class.url(1),
            class.url(2)
        ),
    );
    let first = dir.join("project-1.ndjson");
    batch(0, &both, &folder, &first, &["challenge-1"]);
    // Project 2 comes in later; bob never handed it in, and alice is Alice Lee now.
    let later = write_file(
        &dir,
        "later.csv",
        &format!("id,name,url\ns1,Alice Lee,{}\n", class.url(1)),
    );
    let second = dir.join("project-2.ndjson");
    batch(0, &later, &folder, &second, &["challenge-2"]);
    let mut outputs = Vec::new();
    for files in [[&first, &second], [&second, &first]] {
        let run = expect(
            0,
            &[
                "merge",
                files[0].to_str().unwrap(),
                files[1].to_str().unwrap(),
                "--format",
                "csv",
            ],
        );
        outputs.push(run.stdout);
    }
    assert_eq!(
        outputs[0], outputs[1],
        "the order of the files changes nothing"
    );
    let table = rows(&outputs[0]);
    assert_eq!(table[1][0], "s1", "rows by key: {table:?}");
    assert_eq!(
        table[1][1], "Alice Lee",
        "the newest record names the learner"
    );
    assert_eq!(field(&table, "s2", "challenge-2 passed"), "not submitted");
    assert_eq!(field(&table, "s2", "challenge-2 total"), "2");
    assert_eq!(
        [
            field(&table, "s2", "passed"),
            field(&table, "s2", "total"),
            field(&table, "s2", "submitted"),
            field(&table, "s2", "percent"),
        ],
        ["2", "4", "1", "50.0"],
        "{table:?}"
    );
    // Alice did both: above bob now, where 2 of 2 once made him 100 %.
    assert_eq!(
        [
            field(&table, "s1", "percent"),
            field(&table, "s1", "submitted")
        ],
        ["100.0", "2"]
    );
    let json = expect(
        0,
        &[
            "merge",
            first.to_str().unwrap(),
            second.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let book: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let bob = &book["learners"][1];
    assert_eq!(bob["total"], 4);
    assert_eq!(bob["submitted"], 1);
    assert_eq!(bob["results"][1]["status"], "not submitted");
    let page = dir.join("book.html");
    expect(
        0,
        &[
            "merge",
            first.to_str().unwrap(),
            second.to_str().unwrap(),
            "--report-html",
            page.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert_contains(
        &html,
        "class=\"cell missing\" data-sort=\"0\">not submitted</td>",
    );
    assert_contains(&html, "2 learners, 2 challenges: 6 of 8 hints passed");
    assert_contains(
        &html,
        "2/4<span class=\"submitted\">1 of 2 challenges submitted</span>",
    );
}

/// Ids are written as they are (`2024-0043`, `0042`, `-7`), free text that a spreadsheet would
/// run is guarded (a formula behind a leading space included), and control characters are
/// escaped, in the file and in `merge --format csv`.
#[test]
fn ids_stay_exact_and_free_text_cannot_run_in_a_spreadsheet() {
    let dir = temp_dir("csv-guard");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 1);
    // JSON keeps the leading space a CSV roster's reader would trim.
    let roster = write_file(
        &dir,
        "class.json",
        &format!(
            "[{{\"id\": \"2024-0043\", \"name\": \" =3+3\", \"url\": \"{}\"}},\n {{\"id\": \"0042\", \"name\": \"Ann\\u001b[31m Lee\\u0007\\u202e\", \"url\": \"{}\"}},\n {{\"id\": \"-7\", \"name\": \"@SUM(1)\", \"section\": \"+1\", \"url\": \"{}\"}}]\n",
            class.url(1),
            class.url(2),
            class.url(3)
        ),
    );
    let results = dir.join("r.ndjson");
    let csv = dir.join("book.csv");
    batch(
        0,
        &roster,
        &folder,
        &results,
        &["--report-csv", csv.to_str().unwrap()],
    );
    let text = read_csv(&csv);
    let merged = expect(0, &["merge", results.to_str().unwrap(), "--format", "csv"]);
    for text in [&text, &merged.stdout] {
        // The batch's rows follow the roster, the merge's the key.
        for start in [
            "2024-0043,' =3+3,",
            "0042,Ann\\u{1b}[31m Lee\\u{7}\\u{202e},",
            "-7,'@SUM(1),",
        ] {
            assert!(
                text.lines().any(|l| l.starts_with(start)),
                "{start} in {text}"
            );
        }
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "no control character raw: {text:?}"
        );
    }
    let Some(soffice) = soffice() else {
        eprintln!("skipped the spreadsheet: LibreOffice is not installed");
        return;
    };
    let sheet = as_spreadsheet(&soffice, &csv, &dir);
    assert!(!sheet.contains("table:formula"), "no cell is a formula");
    assert!(
        !sheet.contains("<text:p>6</text:p>"),
        "` =3+3` was not computed"
    );
}

/// The same names saved decomposed (as macOS saves text) are the same learners: `--resume`
/// grades nobody again and says it compared them in NFC, and `--only` finds them.
#[test]
fn a_roster_saved_on_a_mac_is_the_same_class() {
    let dir = temp_dir("nfd");
    let class = Class::start(Duration::ZERO, |_, _| false);
    let folder = challenges(&dir, 1);
    let results = dir.join("r.ndjson");
    let composed = write_file(
        &dir,
        "class.csv",
        &format!(
            "name,url\nZo\u{eb} M\u{fc}ller,{}\nAnn,{}\n",
            class.url(1),
            class.url(2)
        ),
    );
    batch(0, &composed, &folder, &results, &[]);
    let decomposed = write_file(
        &dir,
        "class-mac.csv",
        &format!(
            "name,url\nAnn,{}\nZoe\u{308} Mu\u{308}ller,{}\n",
            class.url(2),
            class.url(1)
        ),
    );
    let csv = dir.join("book.csv");
    let run = batch(
        0,
        &decomposed,
        &folder,
        &results,
        &["--resume", "--report-csv", csv.to_str().unwrap()],
    );
    assert_contains(&run.stderr, "in decomposed Unicode");
    assert_contains(&run.stderr, "compared in NFC");
    assert!(
        !run.stderr.contains("no longer in the roster"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("new in the roster"), "{}", run.stderr);
    assert_eq!(class.hits(1, 1), 2, "Zoë was graded once");
    assert_eq!(read_csv(&csv).lines().count(), 3, "one row each");
    // `--only` typed composed finds her in the decomposed roster.
    let run = batch(
        0,
        &decomposed,
        &folder,
        &results,
        &["--only", "Zo\u{eb} M\u{fc}ller"],
    );
    assert_contains(&run.stderr, "`Zoë Müller`: graded again, no change");
    assert_eq!(class.hits(1, 1), 4);
    let merged = expect(0, &["merge", results.to_str().unwrap()]);
    assert_eq!(merged.stdout.lines().count(), 3, "{}", merged.stdout);
}

/// One learner's app answers after 6 s: the log still gets a line on time, naming that learner,
/// and hints are counted as they finish.
#[test]
fn a_slow_host_never_makes_the_log_silent() {
    let dir = temp_dir("slow-host");
    let fast = Server::start(|_| Reply::ok("ok").header("access-control-allow-origin", "*"));
    let slow = Server::start(|seen| {
        let reply = Reply::ok("ok").header("access-control-allow-origin", "*");
        if seen.path == "/c1" {
            reply.delay(Duration::from_secs(6))
        } else {
            reply
        }
    });
    let folder = challenges(&dir, 1);
    let roster = write_file(
        &dir,
        "class.csv",
        &format!("name,url\nFast Fay,{}\nSlow Sam,{}\n", fast.url, slow.url),
    );
    // Every 2 s here, once a minute by default.
    let run = batch(
        0,
        &roster,
        &folder,
        &dir.join("r.ndjson"),
        &["--log-every", "2", "--timeout", "30"],
    );
    assert_contains(&run.stderr, "1 of 2 learners graded, 2 of 4 hints done, in");
    assert_contains(&run.stderr, "; waiting on `Slow Sam` (for ");
    assert_contains(
        &run.stderr,
        "2 learners graded (0 did not answer), 4 hints in",
    );
}

/// What a teacher met beside the big things: a roster language with no translation, an id
/// column added mid-course, a regraded slice merged with the whole class, `--only` outside the
/// slice, what `--only` changed, a `;` roster, a gradebook given to merge, and plurals.
#[test]
fn the_smaller_things_a_teacher_met() {
    let dir = temp_dir("smaller");
    let class = Class::start(Duration::ZERO, |l, _| l == 5);
    let folder = challenges(&dir, 1);
    // A roster language the challenges have no translation in is said, as `grade` says it.
    let korean = write_file(
        &dir,
        "ko.csv",
        &format!(
            "name,url,lang\nMin,{},ko\nAnn,{},de\n",
            class.url(7),
            class.url(8)
        ),
    );
    let run = batch(0, &korean, &folder, &dir.join("ko.ndjson"), &[]);
    assert_contains(
        &run.stderr,
        "note: 1 learner asks for `ko` (`Min`), and the selected challenges have no Korean translation; they are graded in English",
    );
    assert!(
        !run.stderr.contains("`de`"),
        "German is there: {}",
        run.stderr
    );

    // An id column added mid-course keeps the class and everyone's grades.
    let results = dir.join("class.ndjson");
    let names = write_file(
        &dir,
        "names.csv",
        &format!(
            "name,url\nZoë,{}\nBo,{}\nCy,{}\n",
            class.url(1),
            class.url(2),
            class.url(3)
        ),
    );
    batch(0, &names, &folder, &results, &[]);
    let ids = write_file(
        &dir,
        "ids.csv",
        &format!(
            "id,name,url\ns01,Zoë,{}\ns02,Bo,{}\ns03,Cy,{}\n",
            class.url(1),
            class.url(2),
            class.url(3)
        ),
    );
    let csv = dir.join("ids.csv.out");
    let run = batch(
        0,
        &ids,
        &folder,
        &results,
        &["--resume", "--report-csv", csv.to_str().unwrap()],
    );
    assert!(!run.stderr.contains("another class"), "{}", run.stderr);
    assert_eq!(class.hits(1, 1), 2, "nobody was graded again");
    let table = rows(&read_csv(&csv));
    assert_eq!(field(&table, "s01", "challenge-1 passed"), "2", "{table:?}");
    assert_eq!(table.len(), 4, "{table:?}");

    // --only names what changed: s01's app moved to one that fails.
    let moved = write_file(
        &dir,
        "moved.csv",
        &format!(
            "id,name,url\ns01,Zoë,{}\ns02,Bo,{}\ns03,Cy,{}\n",
            class.url(5),
            class.url(2),
            class.url(3)
        ),
    );
    let run = batch(0, &moved, &folder, &results, &["--only", "s01"]);
    assert_contains(&run.stderr, "`s01` (Zoë): challenge-1 2/2 → 0/2");

    // A slice outside --partition is an error, not "0 learners graded".
    let slice_of_s01 = (1..=3)
        .find(|&k| {
            let run = grade(&[
                "batch",
                ids.to_str().unwrap(),
                "--challenges",
                folder.to_str().unwrap(),
                "--results",
                dir.join(format!("probe-{k}.ndjson")).to_str().unwrap(),
                "--partition",
                &format!("{k}/3"),
                "--only",
                "s01",
            ]);
            run.code == 0
        })
        .expect("s01 is in one slice");
    let other = slice_of_s01 % 3 + 1;
    let run = batch(
        2,
        &ids,
        &folder,
        &dir.join("other-slice.ndjson"),
        &["--partition", &format!("{other}/3"), "--only", "s01"],
    );
    assert_contains(
        &run.stderr,
        &format!(
            "--only s01: `s01` (Zoë) is in slice {slice_of_s01}/3, not in --partition {other}/3"
        ),
    );

    // A slice regraded on its own merges with the whole class's older results.
    let slice = dir.join("slice.ndjson");
    batch(
        0,
        &ids,
        &folder,
        &slice,
        &["--partition", &format!("{slice_of_s01}/3")],
    );
    let run = expect(
        0,
        &["merge", results.to_str().unwrap(), slice.to_str().unwrap()],
    );
    assert!(!run.stderr.contains("missing"), "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 4, "{}", run.stdout);

    // A roster separated by `;` says so.
    let semicolons = write_file(
        &dir,
        "semi.csv",
        &format!("name;url\nAnn;{}\n", class.url(1)),
    );
    let run = batch(2, &semicolons, &folder, &dir.join("semi.ndjson"), &[]);
    assert_contains(&run.stderr, "help: the roster is separated by `;`");

    // The gradebook JSON is not a results file, and merge says which it is.
    let book = dir.join("book.json");
    expect(
        0,
        &[
            "merge",
            results.to_str().unwrap(),
            "--report-json",
            book.to_str().unwrap(),
        ],
    );
    let run = expect(2, &["merge", book.to_str().unwrap()]);
    assert_contains(
        &run.stderr,
        "book.json:1: this is a gradebook (written by --report-json), not a results file",
    );
    assert!(!run.stderr.contains("EOF"), "{}", run.stderr);

    // One learner, one hint: singular everywhere.
    let one = dir.join("one");
    let block = one.join("english").join("one");
    std::fs::create_dir_all(&block).unwrap();
    std::fs::write(
        block.join("only.md"),
        "---\nid: 0000000000000000000000d1\ntitle: Only\nchallengeType: 4\ndashedName: only\n---\n\n# --description--\n\nOne.\n\n# --hints--\n\n`/c1` should answer 200.\n\n```js\nconst res = await fetch(code + '/c1');\nassert.equal(res.status, 200);\n```\n",
    )
    .unwrap();
    let single = write_file(
        &dir,
        "single.csv",
        &format!("name,url\nAnn,{}\n", class.url(1)),
    );
    let page = dir.join("single.html");
    let run = batch(
        0,
        &single,
        &one,
        &dir.join("single.ndjson"),
        &[
            "--report-html",
            page.to_str().unwrap(),
            "--lang",
            "en",
            "--log-every",
            "1",
        ],
    );
    assert_contains(&run.stderr, "1 of 1 learner graded, 1 of 1 hint done");
    assert_contains(
        &run.stderr,
        "1 learner graded (0 did not answer), 1 hint in",
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert_contains(&html, "1 learner, 1 challenge: 1 of 1 hint passed");
    assert!(!html.contains("1 hints"), "no `1 hints` on the page");
}

/// Canvas's and Moodle's CSV grade imports take the exports as they are: the columns they
/// name, byte-exact ids, a Points Possible row, numbers. The examples in `docs/` are these.
#[test]
fn canvas_and_moodle_import_the_gradebook_as_they_document() {
    let dir = temp_dir("lms");
    let class = Class::start(Duration::ZERO, |l, c| l == 2 && c == 2);
    let folder = challenges(&dir, 2);
    let roster = write_file(
        &dir,
        "class.csv",
        &format!(
            "id,name,email,section,url\n2024-0043,Zoë Müller,zoe@school.example,Section A,{}\n0042,李雷,li.lei@school.example,Section A,{}\n-7,\"Nowak, Łukasz\",lukasz@school.example,Section B,{}\n",
            class.url(1),
            class.url(2),
            class.url(3)
        ),
    );
    let results = dir.join("r.ndjson");
    batch(0, &roster, &folder, &results, &["challenge-1"]);
    // Łukasz has not handed in challenge 2.
    let two = write_file(
        &dir,
        "two.csv",
        &format!(
            "id,name,email,section,url\n2024-0043,Zoë Müller,zoe@school.example,Section A,{}\n0042,李雷,li.lei@school.example,Section A,{}\n",
            class.url(1),
            class.url(2)
        ),
    );
    let second = dir.join("r2.ndjson");
    batch(0, &two, &folder, &second, &["challenge-2"]);
    let canvas = dir.join("canvas.csv");
    let moodle = dir.join("moodle.csv");
    expect(
        0,
        &[
            "merge",
            results.to_str().unwrap(),
            second.to_str().unwrap(),
            "--report-canvas",
            canvas.to_str().unwrap(),
            "--report-moodle",
            moodle.to_str().unwrap(),
        ],
    );
    let read = |args: &[&str]| -> serde_json::Value {
        let out = Command::new("python3")
            .arg(root().join("tests/consumers/lms_import.py"))
            .args(args)
            .output()
            .expect("python3 runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(&text).unwrap()
    };
    let taken = read(&["canvas", canvas.to_str().unwrap()]);
    assert_eq!(
        taken["assignments"],
        serde_json::json!(["Challenge 1", "Challenge 2"])
    );
    assert_eq!(
        taken["points_possible"],
        serde_json::json!({"Challenge 1": 2.0, "Challenge 2": 2.0})
    );
    let students = taken["students"].as_array().unwrap();
    let keys: Vec<&str> = students
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["-7", "0042", "2024-0043"], "ids byte for byte");
    assert!(students.iter().all(|s| s["matched_on"] == "sis_user_id"));
    assert_eq!(students[0]["name"], "Nowak, Łukasz");
    assert_eq!(students[0]["section"], "Section B");
    assert_eq!(
        students[0]["scores"],
        serde_json::json!({"Challenge 1": 2.0, "Challenge 2": 0.0}),
        "not submitted scores 0"
    );
    assert_eq!(
        students[1]["scores"],
        serde_json::json!({"Challenge 1": 2.0, "Challenge 2": 0.0})
    );
    let taken = read(&["moodle", moodle.to_str().unwrap(), "email"]);
    assert_eq!(taken["map_to"], "useremail");
    assert_eq!(
        taken["items"],
        serde_json::json!(["Challenge 1", "Challenge 2"])
    );
    let grades = taken["grades"].as_array().unwrap();
    assert_eq!(grades[2]["user"], "zoe@school.example");
    assert_eq!(
        grades[2]["grades"],
        serde_json::json!({"Challenge 1": 2.0, "Challenge 2": 2.0})
    );
    // A roster without an email or ID number cannot make a Moodle file, and says why.
    let bare = write_file(
        &dir,
        "bare.csv",
        &format!("name,url\nAnn,{}\n", class.url(1)),
    );
    let bare_results = dir.join("bare.ndjson");
    batch(0, &bare, &folder, &bare_results, &["challenge-1"]);
    let run = expect(
        2,
        &[
            "merge",
            bare_results.to_str().unwrap(),
            "--report-moodle",
            dir.join("m.csv").to_str().unwrap(),
        ],
    );
    assert_contains(
        &run.stderr,
        "--report-moodle: Moodle matches learners on their email or ID number",
    );
    // The examples in docs/ are these files.
    for (made, example) in [
        (&canvas, "docs/canvas-grades.csv"),
        (&moodle, "docs/moodle-grades.csv"),
    ] {
        let made = std::fs::read_to_string(made).unwrap();
        let path = root().join(example);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(made.as_str()) {
            std::fs::write(&path, &made).unwrap();
        }
    }
}
