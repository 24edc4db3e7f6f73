//! Benchmarks for the two costs that scale with a curriculum: parsing challenge files, and
//! setting up a fresh engine for each hint (in the hint worker, with the round trip to it and the
//! worker's start amortized over the run).
//!
//! `cargo bench` reads the corpus from `GRADER_CORPUS` (default `../shared/corpus`).

use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use grader::catalog::{Catalog, ENGLISH};
use grader::run::{self, Config};

fn corpus_files() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = std::env::var_os("GRADER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus"));
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read a corpus file");
            (p, bytes)
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") && !path.ends_with("README.md") {
            out.push(path);
        }
    }
}

fn parse_corpus(c: &mut Criterion) {
    let files = corpus_files();
    if files.is_empty() {
        eprintln!("no corpus found; set GRADER_CORPUS");
        return;
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function(
        format!("corpus ({} files, {} KiB)", files.len(), bytes / 1024),
        |b| {
            b.iter(|| {
                for (path, text) in &files {
                    black_box(grader::parse::parse_bytes(path, text));
                }
            })
        },
    );
    group.finish();
}

/// A challenge with `count` copies of one hint, planned against `url`.
fn plan_of(url: &str, count: usize, code: &str) -> grader::plan::Plan {
    let dir = std::env::temp_dir().join(format!("grader-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let mut text = String::from("---\nid: 00000000000000000000bbbb\ntitle: Bench\nchallengeType: 2\ndashedName: bench\n---\n\n# --hints--\n\n");
    for i in 0..count {
        text.push_str(&format!("Hint {i}.\n\n```js\n{code}\n```\n\n"));
    }
    let path = dir.join("bench.md");
    std::fs::write(&path, text).expect("write the bench challenge");
    let catalog = Catalog::load(&[path]);
    let entries: Vec<_> = catalog.entries.iter().collect();
    let plan = grader::plan::plan(url, &entries, ENGLISH);
    let _ = std::fs::remove_dir_all(&dir);
    plan
}

/// A loopback server that answers every request with a small page, keep-alive.
fn loopback_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut writer = stream;
                loop {
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    let body = r#"{"ok":true,"page":"<h1>Home page</h1>"}"#;
                    // One write per answer, so Nagle's algorithm never holds half of it back.
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if writer.write_all(answer.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

/// The `grade` binary, which the runner starts as its hint worker.
fn worker() -> Option<PathBuf> {
    Some(PathBuf::from(env!("CARGO_BIN_EXE_grade")))
}

/// Trivial and fetching hints, 50 to a run; and a trivial one 500 times in one run, where the
/// worker's start and its compiling the runtime, paid once per run, all but vanish: what each
/// further hint costs.
fn hints(c: &mut Criterion) {
    let config = Config {
        timeout: Duration::from_secs(10),
        worker_program: worker(),
        ..Config::default()
    };
    let url = loopback_server();
    let mut group = c.benchmark_group("hint");
    let fetch = "const res = await fetch(code);\nassert.match(await res.text(), /Home page/);";
    for (name, code, count) in [
        (
            "trivial (engine set-up + assert)",
            "assert.isTrue(true)",
            50,
        ),
        ("one fetch on loopback", fetch, 50),
        ("trivial, 500 in one run", "assert.isTrue(true)", 500),
    ] {
        let plan = plan_of(&url, count, code);
        group.throughput(Throughput::Elements(count as u64));
        if count > 50 {
            // A run takes long enough that fewer samples still measure it well.
            group.sample_size(10);
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                let summary = run::execute(&plan, &config, &mut |_| {}).expect("a run");
                assert_eq!(summary.passed, count);
            })
        });
    }
    group.finish();
}

/// Every hint of the corpus, in every language, against a loopback server that answers anything.
fn corpus_hints(c: &mut Criterion) {
    let dir = std::env::var_os("GRADER_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus"))
        .join("freecodecamp");
    if !dir.is_dir() {
        eprintln!("no corpus found; set GRADER_CORPUS");
        return;
    }
    let url = loopback_server();
    let catalog = Catalog::load(&[dir]);
    let entries: Vec<_> = catalog.entries.iter().collect();
    let plans: Vec<_> = [
        "english",
        "german",
        "portuguese",
        "espanol",
        "chinese",
        "japanese",
    ]
    .iter()
    .map(|l| {
        grader::plan::plan(
            &url,
            &entries,
            grader::catalog::Language::find(l).expect("a language"),
        )
    })
    .collect();
    let hints: usize = plans.iter().map(|p| p.hint_count()).sum();
    let config = Config {
        timeout: Duration::from_secs(10),
        cors_origin: None,
        worker_program: worker(),
        ..Config::default()
    };
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Elements(hints as u64));
    group.sample_size(10);
    group.bench_function(
        format!("every hint, six languages ({hints} hints, 1 job)"),
        |b| {
            b.iter(|| {
                for plan in &plans {
                    black_box(run::execute(plan, &config, &mut |_| {}).expect("a run"));
                }
            })
        },
    );
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = parse_corpus, hints, corpus_hints
}
criterion_main!(benches);
