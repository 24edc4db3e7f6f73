//! The runner's side of the hint workers: starts the `grade` binary as a worker, hands it one hint
//! at a time, and waits for the outcome within the hint's deadline and a short grace. A worker
//! that overruns (stuck in a builtin the engine cannot interrupt), or any worker when the run is
//! cancelled, is killed at once, so nothing keeps running; the next hint gets a fresh worker.

use std::io::Read;
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use super::engine::EngineOutcome;
use super::wire::{self, Assignment, Setup};
use super::worker::WORKER_ARG;
use crate::error::Error;

/// How long past its deadline a worker has to report a hint it stopped itself, before it is
/// killed.
pub const GRACE: Duration = Duration::from_millis(500);
/// How long a worker whose input was closed has to end by itself before it is killed.
const QUIT: Duration = Duration::from_millis(200);
/// How often a wait looks at the cancel flag.
const TICK: Duration = Duration::from_millis(20);

/// A running worker; dropping it kills it.
pub struct Worker {
    child: Child,
    /// `None` once closed, which tells the worker to end.
    input: Option<ChildStdin>,
    output: ChildStdout,
    /// Bytes read from the worker and not yet taken as a frame.
    pending: Vec<u8>,
}

/// What reading from a worker gave.
enum Received {
    Frame(Vec<u8>),
    Nothing,
    Ended,
}

/// How waiting for one hint ended.
#[derive(Debug)]
pub enum Waited {
    Reported(Box<EngineOutcome>),
    /// The deadline and the grace passed; the worker was killed.
    Overran,
    /// The run was cancelled; the worker was killed.
    Cancelled,
    /// The worker ended without reporting, for the reason given.
    Crashed(String),
}

impl Worker {
    pub fn start(program: &Path, setup: &Setup) -> Result<Worker, Error> {
        let mut child = Command::new(program)
            .arg(WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            // A worker needs nothing from the environment but the local time zone, the
            // certificates the system trusts and the proxies it must use.
            .env_clear()
            .envs(std::env::vars_os().filter(|(k, _)| {
                k.to_str().is_some_and(|k| {
                    let upper = k.to_ascii_uppercase();
                    k == "TZ"
                        || k == "SSL_CERT_FILE"
                        || k == "SSL_CERT_DIR"
                        || matches!(
                            upper.as_str(),
                            "HTTP_PROXY" | "HTTPS_PROXY" | "ALL_PROXY" | "NO_PROXY"
                        )
                })
            }))
            .spawn()
            .map_err(|e| {
                Error::Internal(format!(
                    "could not start a hint worker ({}): {e}",
                    program.display()
                ))
            })?;
        let (Some(mut input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(Error::Internal(
                "could not talk to a hint worker".to_string(),
            ));
        };
        if let Err(err) = setup.encode().send(&mut input) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::Internal(format!(
                "could not set up a hint worker: {err}"
            )));
        }
        Ok(Worker {
            child,
            input: Some(input),
            output,
            pending: Vec::new(),
        })
    }

    /// Runs one hint: hands it over and waits for the outcome until its deadline and the grace,
    /// or until `cancelled` says to stop.
    pub fn run(&mut self, assignment: &Assignment, cancelled: &dyn Fn() -> bool) -> Waited {
        let deadline = Instant::now() + assignment.timeout + GRACE;
        let sent = match &mut self.input {
            Some(input) => assignment.encode().send(input),
            None => Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe)),
        };
        if let Err(err) = sent {
            return Waited::Crashed(self.ended(&format!("could not hand it a hint ({err})")));
        }
        loop {
            if cancelled() {
                self.kill();
                return Waited::Cancelled;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                self.kill();
                return Waited::Overran;
            }
            match self.read(left.min(TICK)) {
                Received::Frame(frame) => {
                    return match wire::decode_outcome(&frame) {
                        Ok(outcome) => Waited::Reported(Box::new(outcome)),
                        Err(err) => {
                            self.kill();
                            Waited::Crashed(format!("the hint worker sent a broken report ({err})"))
                        }
                    }
                }
                Received::Ended => {
                    return Waited::Crashed(self.ended("it stopped without reporting"))
                }
                Received::Nothing => {}
            }
        }
    }

    /// The next frame, if one arrives within `timeout`. Read on the waiting thread itself, so an
    /// answer costs no hand-over between threads.
    fn read(&mut self, timeout: Duration) -> Received {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(frame) = wire::take_frame(&mut self.pending) {
                return match frame {
                    Ok(frame) => Received::Frame(frame),
                    Err(_) => Received::Ended,
                };
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if !readable(&self.output, left) {
                return Received::Nothing;
            }
            let mut chunk = [0u8; 64 << 10];
            match self.output.read(&mut chunk) {
                Ok(0) | Err(_) => return Received::Ended,
                Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// Why the worker ended, once it has.
    fn ended(&mut self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(1);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                _ => break None,
            }
        };
        self.kill();
        if status.is_some_and(forbidden) {
            return FORBIDDEN.to_string();
        }
        let how = match status {
            Some(status) => describe_exit(status),
            None => "it stopped answering".to_string(),
        };
        format!("the hint's worker process ended unexpectedly: {what}; {how}")
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Worker {
    /// An idle worker ends by itself when its input closes; it is given a moment for that, then
    /// killed.
    fn drop(&mut self) {
        drop(self.input.take());
        let deadline = Instant::now() + QUIT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        self.kill();
    }
}

/// Whether the worker's output has something to read within `timeout`.
#[cfg(unix)]
fn readable(output: &ChildStdout, timeout: Duration) -> bool {
    use std::os::fd::AsRawFd;
    let mut wanted = libc::pollfd {
        fd: output.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = timeout.as_millis().min(i32::MAX as u128) as i32;
    // SAFETY: one valid pollfd for an open descriptor.
    let ready = unsafe { libc::poll(&mut wanted, 1, millis) };
    ready > 0
}

/// Workers need Unix (they never start elsewhere); a read is tried as it comes.
#[cfg(not(unix))]
fn readable(_output: &ChildStdout, _timeout: Duration) -> bool {
    true
}

/// The verdict's words for a worker the sandbox stopped.
pub const FORBIDDEN: &str = "the hint tried something the sandbox forbids: its worker made a system call that running hints never needs (a file, a process, a socket other than TCP), and was stopped";

/// Whether the sandbox ended the worker: the kernel kills a process that makes a system call
/// outside the allow-list with SIGSYS.
fn forbidden(status: std::process::ExitStatus) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal() == Some(libc::SIGSYS)
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        false
    }
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn a_worker_the_sandbox_killed_is_told_apart() {
        let status = std::process::Command::new("sh")
            .args(["-c", "kill -SYS $$"])
            .status()
            .expect("sh runs");
        assert!(super::forbidden(status));
        let status = std::process::Command::new("sh")
            .args(["-c", "kill -KILL $$"])
            .status()
            .expect("sh runs");
        assert!(!super::forbidden(status));
    }
}

fn describe_exit(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                libc::SIGABRT => "SIGABRT, which usually means it ran out of memory",
                libc::SIGKILL => "SIGKILL",
                libc::SIGSEGV => "SIGSEGV, a crash",
                libc::SIGSYS => "SIGSYS, a forbidden system call",
                _ => "a signal",
            };
            return format!("it was ended by signal {signal} ({name})");
        }
    }
    format!("it exited with {status}")
}
