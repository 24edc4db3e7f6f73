//! freeCodeCamp's challenges by name: fetched from a server of raw files laid out as the Git
//! host lays them out (this project's own challenge files in `fixtures/curriculum`, never
//! freeCodeCamp's), cached in a temporary folder, revalidated, used offline, pulled into a
//! folder; and `grade --url` with nothing named.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use super::support::{
    assert_contains, grade_with_env, install_node_modules, root, statuses, temp_dir, Reply, Run,
    Server, TempDir,
};

const TIMESTAMP: &str = "bd7158d8c443edefaeb5bdef";
const BLOCK: &str = "back-end-development-and-apis-projects";
/// A challenge of the test block that no name compiled into `grade` knows.
const LATER: &str = "5f0000000000000000000001";

/// How the mirror answers.
const SERVE: u8 = 0;
const UNAVAILABLE: u8 = 1;
const HTML: u8 = 2;

/// A mirror of the curriculum over a copy of `fixtures/curriculum` that the test may change,
/// with ETags, and a log of every request (its path, and whether it was conditional).
struct Mirror {
    server: Server,
    files: TempDir,
    mode: Arc<AtomicU8>,
    seen: Arc<Mutex<Vec<(String, bool)>>>,
    cache: TempDir,
}

impl Mirror {
    fn start() -> Mirror {
        let files = temp_dir("mirror");
        copy_tree(&root().join("fixtures/curriculum"), &files);
        let mode = Arc::new(AtomicU8::new(SERVE));
        let seen: Arc<Mutex<Vec<(String, bool)>>> = Arc::default();
        let (dir, serving, log) = (files.to_path_buf(), mode.clone(), seen.clone());
        let server = Server::start(move |request| {
            let conditional = request
                .headers
                .iter()
                .find(|(k, _)| k == "if-none-match")
                .map(|(_, v)| v.clone());
            log.lock()
                .unwrap()
                .push((request.path.clone(), conditional.is_some()));
            match serving.load(Ordering::SeqCst) {
                UNAVAILABLE => return Reply::ok("busy").status(503),
                HTML => {
                    return Reply::ok("<!DOCTYPE html><html><body>Rate limited</body></html>")
                        .header("Content-Type", "text/html")
                }
                _ => {}
            }
            let relative = request.path.trim_start_matches('/');
            if relative.contains("..") {
                return Reply::ok("no").status(400);
            }
            match std::fs::read_to_string(dir.join(relative)) {
                Ok(text) => {
                    let etag = format!("\"{:x}\"", fnv(text.as_bytes()));
                    if conditional.as_deref() == Some(etag.as_str()) {
                        return Reply::ok("").status(304).header("ETag", &etag);
                    }
                    Reply::ok(&text).header("ETag", &etag)
                }
                Err(_) => Reply::ok("404: Not Found").status(404),
            }
        });
        Mirror {
            server,
            files,
            mode,
            seen,
            cache: temp_dir("cache"),
        }
    }

    fn grade(&self, args: &[&str]) -> Run {
        let cache = self.cache.to_str().unwrap();
        grade_with_env(
            args,
            &[
                ("GRADE_CURRICULUM_SOURCE", &self.server.url),
                ("XDG_CACHE_HOME", cache),
            ],
        )
    }

    fn requests(&self) -> Vec<(String, bool)> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }

    fn english(&self, id: &str) -> PathBuf {
        self.files.join(format!(
            "freeCodeCamp/freeCodeCamp/main/curriculum/challenges/english/blocks/{BLOCK}/{id}.md"
        ))
    }

    fn cached(&self, id: &str) -> PathBuf {
        self.cache.join(format!(
            "grade/freeCodeCamp/freeCodeCamp/main/curriculum/challenges/english/blocks/{BLOCK}/{id}.md"
        ))
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn timestamp_app() -> &'static str {
    install_node_modules(&root().join("fixtures/reference"));
    "node fixtures/reference/timestamp.js"
}

fn ids(report: &serde_json::Value) -> Vec<String> {
    report["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

fn hint_texts(report: &serde_json::Value) -> Vec<String> {
    report["challenges"][0]["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_name_an_id_a_block_and_page_urls_grade_the_files_they_name() {
    let mirror = Mirror::start();
    let app = timestamp_app();
    let page = format!(
        "https://www.freecodecamp.org/learn/back-end-development-and-apis/{BLOCK}/timestamp-microservice"
    );
    for name in ["timestamp-microservice", TIMESTAMP, page.as_str()] {
        let run = mirror.grade(&["--start", app, "--format", "json", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let report = run.json();
        assert_eq!(ids(&report), [TIMESTAMP], "{name}");
        assert_eq!(statuses(&report), ["passed"; 5], "{name}");
        assert_eq!(report["challenges"][0]["language"], "en", "{name}");
    }
    // The localized page brings its language: the Spanish file, and Spanish words around it.
    let spanish = format!(
        "https://www.freecodecamp.org/espanol/learn/back-end-development-and-apis/{BLOCK}/timestamp-microservice/"
    );
    let run = mirror.grade(&["--start", app, "--format", "json", &spanish]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["challenges"][0]["language"], "es");
    assert!(hint_texts(&report)[0].starts_with("Una fecha"), "{report}");
    // A block: its challenges in the order of its structure file; the header parser's hints
    // fail against the timestamp app.
    let run = mirror.grade(&["--start", app, "--format", "json", BLOCK]);
    let report = run.json();
    assert_eq!(
        ids(&report),
        [TIMESTAMP, "bd7158d8c443edefaeb5bdff", LATER],
        "in the block's order"
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let requested: Vec<String> = mirror.requests().into_iter().map(|(p, _)| p).collect();
    assert!(requested.iter().any(|p| p.ends_with(&format!(
        "/freeCodeCamp/freeCodeCamp/main/curriculum/structure/blocks/{BLOCK}.json"
    ))));
    assert!(requested.iter().any(|p| p.ends_with(&format!(
        "/freeCodeCamp/i18n-curriculum/main/curriculum/challenges/espanol/blocks/{BLOCK}/{TIMESTAMP}.md"
    ))));
}

#[test]
fn a_second_run_sends_nothing_within_the_day_and_only_revalidations_after() {
    let mirror = Mirror::start();
    let app = timestamp_app();
    let first = mirror.grade(&["--start", app, "timestamp-microservice"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(mirror.requests().len(), 1);
    let second = mirror.grade(&["--start", app, "timestamp-microservice"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(
        mirror.requests(),
        [],
        "a copy checked today is used as it is"
    );
    // A day later (the copy's check moved back), and with --refresh: a conditional request,
    // answered 304, and the same grade.
    let meta = mirror.cached(TIMESTAMP).with_extension("md.meta");
    let text = std::fs::read_to_string(&meta).unwrap();
    let old: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut old = old;
    old["checked"] = serde_json::json!(old["checked"].as_u64().unwrap() - 2 * 86_400);
    std::fs::write(&meta, old.to_string()).unwrap();
    for args in [vec!["--start", app], vec!["--start", app, "--refresh"]] {
        let mut args = args;
        args.push("timestamp-microservice");
        let run = mirror.grade(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let requests = mirror.requests();
        assert_eq!(requests.len(), 1, "{requests:?}");
        assert!(requests[0].1, "the request revalidates: {requests:?}");
    }
}

#[test]
fn the_cache_stands_in_when_the_source_fails_and_offline_needs_it() {
    let mirror = Mirror::start();
    let app = timestamp_app();
    let empty = mirror.grade(&[
        "--offline",
        "--url",
        "http://127.0.0.1:9",
        "timestamp-microservice",
    ]);
    assert_eq!(empty.code, 2, "{}", empty.stderr);
    assert_contains(
        &empty.stderr,
        "`timestamp-microservice` in English is not in the cache, and --offline",
    );
    assert_contains(&empty.stderr, "grade pull");
    assert_contains(&empty.stderr, "--challenges DIR");
    assert_eq!(mirror.requests(), [], "--offline touches no network");
    assert_eq!(
        mirror
            .grade(&["--start", app, "timestamp-microservice"])
            .code,
        0
    );
    mirror.requests();
    // The source answers 503: the cached copy grades, and one line says so and how old it is.
    mirror.mode.store(UNAVAILABLE, Ordering::SeqCst);
    let run = mirror.grade(&[
        "--start",
        app,
        "--refresh",
        "--format",
        "json",
        "timestamp-microservice",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(statuses(&run.json()), ["passed"; 5]);
    assert_contains(&run.stderr, "the server answered 503");
    assert_contains(
        &run.stderr,
        "the cached copies are used, the oldest fetched",
    );
    // No server at all.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let cache = mirror.cache.to_str().unwrap();
    let run = grade_with_env(
        &["--start", app, "--refresh", "timestamp-microservice"],
        &[
            ("GRADE_CURRICULUM_SOURCE", &gone),
            ("XDG_CACHE_HOME", cache),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "the cached copies are used");
    // Offline, the cache is enough; a translation never fetched gives way to English.
    mirror.requests();
    let run = mirror.grade(&["--start", app, "--offline", "timestamp-microservice"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = mirror.grade(&[
        "--start",
        app,
        "--offline",
        "--lang",
        "es",
        "timestamp-microservice",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "`timestamp-microservice` in Spanish could not be had, so English stands in",
    );
    assert_contains(&run.stderr, "no está traducido al español");
    assert_eq!(mirror.requests(), [], "--offline touches no network");
}

#[test]
fn a_change_upstream_comes_with_refresh_and_an_html_page_never_replaces_a_good_copy() {
    let mirror = Mirror::start();
    let app = timestamp_app();
    let json = |args: &[&str]| {
        let mut all = vec!["--start", app, "--format", "json"];
        all.extend_from_slice(args);
        all.push("timestamp-microservice");
        let run = mirror.grade(&all);
        assert!(run.code <= 1, "{}", run.stderr);
        (run.json(), run.stderr)
    };
    let (before, _) = json(&[]);
    let file = mirror.english(TIMESTAMP);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("as a number.", "as a number, changed upstream."),
    )
    .unwrap();
    let (cached, _) = json(&[]);
    assert_eq!(
        hint_texts(&cached),
        hint_texts(&before),
        "the copy of today stays"
    );
    let (refreshed, _) = json(&["--refresh"]);
    assert!(
        hint_texts(&refreshed)[0].ends_with("changed upstream."),
        "{refreshed}"
    );
    // An HTML page in place of the file: said, and the good copy graded and kept.
    let kept = std::fs::read(mirror.cached(TIMESTAMP)).unwrap();
    mirror.mode.store(HTML, Ordering::SeqCst);
    let (graded, stderr) = json(&["--refresh"]);
    assert_contains(
        &stderr,
        "is not a curriculum file: it has no front matter with an id",
    );
    assert_eq!(hint_texts(&graded), hint_texts(&refreshed));
    assert_eq!(std::fs::read(mirror.cached(TIMESTAMP)).unwrap(), kept);
    // With nothing cached, the same page is an error.
    let fresh = Mirror::start();
    fresh.mode.store(HTML, Ordering::SeqCst);
    let run = fresh.grade(&["--url", "http://127.0.0.1:9", "timestamp-microservice"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "is not a curriculum file");
}

#[test]
fn pulled_files_graded_from_a_folder_give_the_same_verdicts() {
    let mirror = Mirror::start();
    let app = timestamp_app();
    let dir = temp_dir("pulled");
    let to = dir.join("curriculum");
    let pull = mirror.grade(&[
        "pull",
        "timestamp-microservice",
        "--lang",
        "es",
        "--to",
        to.to_str().unwrap(),
    ]);
    assert_eq!(pull.code, 0, "{}", pull.stderr);
    assert_contains(
        &pull.stderr,
        "pulled 1 challenge in English, Spanish (2 files)",
    );
    assert!(to.join(format!("espanol/{BLOCK}/{TIMESTAMP}.md")).is_file());
    for lang in ["en", "es"] {
        let fetched = mirror.grade(&[
            "--start", app, "--lang", lang, "--format", "json", TIMESTAMP,
        ]);
        let from_disk = mirror.grade(&[
            "--start",
            app,
            "--lang",
            lang,
            "--format",
            "json",
            "--challenges",
            to.to_str().unwrap(),
            TIMESTAMP,
        ]);
        let (a, b) = (fetched.json(), from_disk.json());
        assert_eq!(statuses(&a), statuses(&b), "{lang}");
        assert_eq!(hint_texts(&a), hint_texts(&b), "{lang}");
        assert_eq!(
            a["challenges"][0]["language"],
            b["challenges"][0]["language"]
        );
    }
}

#[test]
fn names_that_are_not_there_get_help() {
    let mirror = Mirror::start();
    let run = mirror.grade(&["--url", "http://127.0.0.1:9", "timestamp-microservise"]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "did you mean `timestamp-microservice`?");
    let run = mirror.grade(&[
        "--url",
        "http://127.0.0.1:9",
        "https://www.freecodecamp.org/news/x",
    ]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "is not a challenge page of freeCodeCamp");
    assert_eq!(
        mirror.requests(),
        [],
        "nothing is fetched for a name that is not there"
    );
    // A name the local challenges and freeCodeCamp's both have: the local one, and a word.
    let dir = temp_dir("mine");
    std::fs::write(
        dir.join("mine.md"),
        "---\nid: 0000000000000000000000f1\ntitle: Mine\nchallengeType: 2\ndashedName: timestamp-microservice\n---\n\n# --hints--\n\nThe home page answers.\n\n```js\nassert.isTrue((await fetch(code)).ok);\n```\n",
    )
    .unwrap();
    let server = Server::start(|_| Reply::ok("home"));
    let run = mirror.grade(&[
        "--url",
        &server.url,
        "--challenges",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "timestamp-microservice",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(ids(&run.json()), ["0000000000000000000000f1"]);
    assert_contains(
        &run.stderr,
        "`timestamp-microservice` is taken from the local challenges",
    );
    assert_eq!(mirror.requests(), []);
    // A translation not made upstream: English, hint by hint, with the notice.
    let app = timestamp_app();
    let run = mirror.grade(&["--start", app, "--lang", "de", "timestamp-microservice"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "nicht ins Deutsche übersetzt");
}

#[test]
fn a_pinned_ref_is_what_is_fetched() {
    let mirror = Mirror::start();
    copy_tree(&mirror.files.join("freeCodeCamp/freeCodeCamp/main"), &{
        let v = mirror.files.join("freeCodeCamp/freeCodeCamp/v2026.1");
        std::fs::create_dir_all(&v).unwrap();
        v
    });
    let app = timestamp_app();
    // The block: the header parser's hints fail against this app, so the re-run line shows.
    let run = mirror.grade(&["--start", app, "--curriculum-ref", "v2026.1", BLOCK]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let requests = mirror.requests();
    assert!(
        requests.iter().all(|(p, _)| p.contains("/v2026.1/")),
        "{requests:?}"
    );
    assert_contains(&run.stderr, "--curriculum-ref v2026.1");
    let run = mirror.grade(&[
        "--url",
        "http://127.0.0.1:9",
        "--curriculum-ref",
        "../x",
        "timestamp-microservice",
    ]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "is not a branch, tag or commit");
}

#[test]
fn grade_with_no_challenge_named_grades_nothing_it_was_not_asked_to() {
    let run = grade_with_env(&["--url", "http://127.0.0.1:9"], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "name the challenge to grade");
    assert_contains(&run.stderr, "timestamp-microservice");
    assert_contains(&run.stderr, "`user-sessions`");
    assert!(!run.stderr.contains("failed"), "{}", run.stderr);
    // Named, the built-in block is graded as before (the app is down: exit 3 or a failure).
    let run = grade_with_env(&["--url", "http://127.0.0.1:9", "user-sessions"], &[]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("name the challenge"), "{}", run.stderr);
}

/// A Spanish challenge file, with no folder or suffix that says so.
fn spanish_text(id: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: La fecha de hoy\nchallengeType: 2\ndashedName: la-fecha\n---\n\n# --description--\n\nEsta es una prueba de la API que debe responder con la fecha de hoy para el usuario.\n\n# --hints--\n\nLa ruta `/` debe responder con un estado de éxito para que el usuario vea la página.\n\n```js\nconst res = await fetch(code);\nassert.isTrue(res.ok);\n```\n\nLa respuesta debe ser un texto que no esté vacío y que tenga el nombre de la página.\n\n```js\nconst text = await (await fetch(code)).text();\nassert.isAbove(text.length, 0);\n```\n"
    )
}

#[test]
fn a_files_language_comes_from_its_name_or_its_words_and_every_notice_says_it() {
    let server = Server::start(|_| Reply::ok("hola"));
    let dir = temp_dir("languages");
    // `name.es.md`: Spanish by its code; asked in Spanish, it needs no notice.
    let coded = dir.join("fecha.es.md");
    std::fs::write(&coded, spanish_text("00000000000000000000e501")).unwrap();
    let coded = coded.to_str().unwrap();
    let run = grade_with_env(&["--url", &server.url, "--lang", "es", coded], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("no está traducido"), "{}", run.stderr);
    let run = grade_with_env(&["--url", &server.url, "--format", "json", coded], &[]);
    assert_eq!(run.json()["challenges"][0]["language"], "es");
    // No mark at all: its words say Spanish; asked in English, the notice names Spanish.
    let plain = dir.join("fecha.md");
    std::fs::write(&plain, spanish_text("00000000000000000000e502")).unwrap();
    let plain = plain.to_str().unwrap();
    let run = grade_with_env(&["--url", &server.url, plain], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "it is shown as written, in Español");
    assert!(!run.stderr.contains("shown in English"), "{}", run.stderr);
    let run = grade_with_env(&["--url", &server.url, "--format", "json", plain], &[]);
    assert_eq!(run.json()["challenges"][0]["language"], "es");
    // An English file stays English.
    let english = dir.join("english.md");
    std::fs::write(
        &english,
        "---\nid: 00000000000000000000e503\ntitle: Today\nchallengeType: 2\n---\n\n# --hints--\n\nThe home page should answer with a success status when the user opens it, and that is all.\n\n```js\nassert.isTrue((await fetch(code)).ok);\n```\n",
    )
    .unwrap();
    let run = grade_with_env(
        &[
            "--url",
            &server.url,
            "--format",
            "json",
            english.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.json()["challenges"][0]["language"], "en");
}

#[test]
fn a_lab_manifest_without_a_folder_and_a_batch_use_freecodecamps_challenges_by_name() {
    let mirror = Mirror::start();
    install_node_modules(&root().join("fixtures/reference"));
    let dir = temp_dir("lab-by-name");
    let manifest = dir.join("lab.toml");
    let reference = root().join("fixtures/reference");
    std::fs::write(
        &manifest,
        format!(
            "[[app]]\nname = \"timestamp\"\nstart = \"node timestamp.js\"\ndir = {:?}\nport_env = \"PORT\"\nchallenges = [\"timestamp-microservice\"]\n\n  [[app.mutant]]\n  name = \"no-invalid-date-error\"\n  env = {{ MUTANT_NO_INVALID_ERROR = \"1\" }}\n  caught_by = [\"timestamp-microservice\"]\n",
            reference.display().to_string()
        ),
    )
    .unwrap();
    let run = mirror.grade(&[
        "lab",
        manifest.to_str().unwrap(),
        "--lang",
        "es",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let requested: Vec<String> = mirror.requests().into_iter().map(|(p, _)| p).collect();
    assert!(
        requested.iter().any(|p| p.contains("/espanol/")),
        "{requested:?}"
    );
    assert_contains(&run.stdout, "no-invalid-date-error");
    // A teacher's batch: the pinned version is recorded with every result.
    let app = std::process::Command::new("node")
        .arg(reference.join("timestamp.js"))
        .env("PORT", "0")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut app = Kill(app);
    let port = {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(app.0.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        line.trim().rsplit(' ').next().unwrap().to_string()
    };
    let roster = dir.join("roster.csv");
    std::fs::write(
        &roster,
        format!("id,name,url\ns1,Ada,http://127.0.0.1:{port}\ns2,Grace,http://127.0.0.1:{port}\n"),
    )
    .unwrap();
    let results = dir.join("results.ndjson");
    let run = mirror.grade(&[
        "batch",
        roster.to_str().unwrap(),
        "timestamp-microservice",
        "--results",
        results.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let records = std::fs::read_to_string(&results).unwrap();
    let lines: Vec<serde_json::Value> = records
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{records}");
    for record in &lines {
        assert_eq!(record["curriculum_ref"], "main", "{record}");
        assert_eq!(record["passed"], 5, "{record}");
    }
}

#[test]
fn a_challenge_newer_than_the_build_is_found_by_its_id_or_its_page() {
    let mirror = Mirror::start();
    let app = timestamp_app();
    let page = format!(
        "https://www.freecodecamp.org/learn/back-end-development-and-apis/{BLOCK}/a-challenge-added-later"
    );
    for name in [LATER, page.as_str()] {
        let run = mirror.grade(&["--start", app, "--format", "json", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(ids(&run.json()), [LATER], "{name}");
    }
    let run = mirror.grade(&["--url", "http://127.0.0.1:9", "5f00000000000000000000ff"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "has a challenge with the id `5f00000000000000000000ff`",
    );
    // `grade show` takes the same names.
    let run = mirror.grade(&["show", "timestamp-microservice"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stdout, "Timestamp Microservice");
    assert_contains(&run.stdout, "A date such as `2015-12-25`");
}
