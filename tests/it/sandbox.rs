//! What a worker may hold: the run's memory budget holds for the whole process tree, whatever a
//! hint uploads or downloads at any `--jobs`, and a worker keeps no descriptor it inherited.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use super::support::{grade_command, temp_dir, RawServer, Seen, TempChallenge};

const MIB: u64 = 1 << 20;

/// Reads and drops an upload, then answers; answers 100 MiB to a download.
fn serve(mut stream: TcpStream, seen: &Seen) {
    if seen.path.starts_with("/upload") {
        let length: u64 = seen
            .headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut left = length;
        let mut buffer = vec![0u8; 64 << 10];
        while left > 0 {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => return,
                Ok(n) => left = left.saturating_sub(n as u64),
            }
        }
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\naccess-control-allow-origin: *\r\n\r\nok",
        );
    } else {
        let _ = stream.write_all(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\naccess-control-allow-origin: *\r\n\r\n",
                100 * MIB
            )
            .as_bytes(),
        );
        let chunk = vec![0u8; 64 << 10];
        for _ in 0..(100 * MIB / chunk.len() as u64) {
            if stream.write_all(&chunk).is_err() {
                return;
            }
        }
    }
}

/// The pids of `root` and everything it started, from `/proc`.
fn tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            parents.push((pid, ppid));
        }
    }
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    found
}

/// A field of `/proc/PID/status` in bytes.
fn status_bytes(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Samples the memory of the tree under `root` until `done`: the most its processes' resident
/// sets held together at one sample, and the sum of each process's own peak (`VmHWM`), which
/// no sample can miss and which bounds the tree's peak from above.
fn watch_tree(root: u32, done: Arc<AtomicBool>) -> thread::JoinHandle<(u64, u64)> {
    thread::spawn(move || {
        let mut peaks: HashMap<u32, u64> = HashMap::new();
        let mut most_at_once = 0;
        while !done.load(Ordering::SeqCst) {
            let mut now = 0;
            for pid in tree(root) {
                now += status_bytes(pid, "VmRSS:").unwrap_or(0);
                if let Some(peak) = status_bytes(pid, "VmHWM:") {
                    let kept = peaks.entry(pid).or_default();
                    *kept = (*kept).max(peak);
                }
            }
            most_at_once = most_at_once.max(now);
            thread::sleep(Duration::from_millis(5));
        }
        (most_at_once, peaks.values().sum())
    })
}

#[test]
fn nine_uploads_and_downloads_of_100_mib_run_out_of_memory_and_the_tree_stays_small() {
    let server = RawServer::start(serve);
    let hints = [
        (
            "Nine uploads at once.",
            "const blob = new Blob([new Uint8Array(100 * 1024 * 1024)]);\nawait Promise.all(Array.from({ length: 9 }, () => fetch(code + '/upload', { method: 'POST', body: blob })));",
        ),
        (
            "Nine downloads at once.",
            "await Promise.all(Array.from({ length: 9 }, () => fetch(code + '/download').then((r) => r.arrayBuffer())));",
        ),
    ];
    for jobs in 1..=8 {
        // As many challenges as jobs, so that every worker is busy at once.
        let challenges: Vec<TempChallenge> = (0..jobs)
            .map(|i| TempChallenge::new(&format!("memory-{jobs}-{i}"), &hints))
            .collect();
        let mut args = vec![
            "--url".to_string(),
            server.url.clone(),
            "--jobs".to_string(),
            jobs.to_string(),
            "--max-body".to_string(),
            "1GiB".to_string(),
            "--timeout".to_string(),
            "60".to_string(),
            "--format".to_string(),
            "json".to_string(),
        ];
        args.extend(challenges.iter().map(|c| c.path().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = grade_command(&args).spawn().expect("grade starts");
        let done = Arc::new(AtomicBool::new(false));
        let sampler = watch_tree(child.id(), done.clone());
        let mut stdout = String::new();
        child
            .stdout
            .take()
            .expect("piped stdout")
            .read_to_string(&mut stdout)
            .expect("stdout");
        let status = child.wait().expect("grade ends");
        done.store(true, Ordering::SeqCst);
        let (at_once, peaks) = sampler.join().expect("the sampler");
        eprintln!(
            "-j {jobs}: {} MiB at once, peaks adding up to {} MiB",
            at_once / MIB,
            peaks / MIB
        );
        assert_eq!(status.code(), Some(1), "-j {jobs}: {stdout}");
        let report: serde_json::Value = serde_json::from_str(&stdout).expect("a JSON report");
        for challenge in report["challenges"].as_array().expect("challenges") {
            for hint in challenge["hints"].as_array().expect("hints") {
                assert_eq!(hint["status"], "errored", "-j {jobs}: {hint}");
                let message = hint["message"].as_str().unwrap_or_default();
                assert!(
                    message.contains("ran out of memory"),
                    "-j {jobs}: {message}"
                );
            }
        }
        assert!(
            at_once < 600 * MIB && peaks < 600 * MIB,
            "-j {jobs}: the tree held {} MiB at once, its processes' peaks add up to {} MiB",
            at_once / MIB,
            peaks / MIB
        );
    }
}

#[test]
fn a_worker_holds_no_descriptor_it_inherited() {
    use std::os::fd::AsRawFd;
    use std::os::unix::process::CommandExt;

    let server = RawServer::start(|mut stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
    });
    let dir = temp_dir("inherited");
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "the caller's file").unwrap();
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(&secret)
        .unwrap();
    let challenge = TempChallenge::new(
        "inherited",
        &[(
            "Waits a moment.",
            "await new Promise((resolve) => setTimeout(resolve, 1500));\nassert.ok(true);",
        )],
    );
    let raw = file.as_raw_fd();
    let mut command = grade_command(&["--url", &server.url, "--jobs", "1", challenge.path()]);
    // The caller's shell left a writable descriptor 7 open, without close-on-exec.
    // SAFETY: dup2 is async-signal-safe and both descriptors are valid in the child.
    unsafe {
        command.pre_exec(move || {
            if libc::dup2(raw, 7) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.stdout(Stdio::null()).spawn().expect("grade starts");
    let mut worker_fds: Option<Vec<String>> = None;
    for _ in 0..300 {
        let workers: Vec<u32> = tree(child.id())
            .into_iter()
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains("__hint-worker"))
            })
            .collect();
        if let Some(worker) = workers.first() {
            // Once the worker runs the hint (its sandbox is in place), list what it holds.
            thread::sleep(Duration::from_millis(600));
            let fds: Vec<String> = std::fs::read_dir(format!("/proc/{worker}/fd"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| {
                    let target = std::fs::read_link(e.path()).unwrap_or_default();
                    format!(
                        "{} -> {}",
                        e.file_name().to_string_lossy(),
                        target.display()
                    )
                })
                .collect();
            worker_fds = Some(fds);
            break;
        }
        thread::sleep(Duration::from_millis(10));
    }
    let status = child.wait().expect("grade ends");
    assert_eq!(status.code(), Some(0));
    let fds = worker_fds.expect("a worker was seen");
    assert!(!fds.is_empty(), "the worker's descriptors were listed");
    for fd in &fds {
        assert!(!fd.contains("secret.txt"), "the worker holds {fd}: {fds:?}");
        assert!(!fd.starts_with("7 "), "the worker holds {fd}: {fds:?}");
    }
}
