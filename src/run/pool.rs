//! The runner's side of the hint workers: starts the `grade` binary as a worker, hands it one hint
//! at a time, and waits for the outcome within the hint's deadline and a short grace. A worker
//! that overruns (stuck in a builtin the engine cannot interrupt), or any worker when the run is
//! cancelled, is killed at once, so nothing keeps running; the next hint gets a fresh worker.

use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::engine::EngineOutcome;
use super::wire::{self, Assignment, Setup};
use super::worker::WORKER_ARG;

/// How long past its deadline a worker has to report a hint it stopped itself, before it is
/// killed.
pub const GRACE: Duration = Duration::from_millis(500);
/// How often a wait looks at the cancel flag.
const TICK: Duration = Duration::from_millis(20);

/// A running worker; dropping it kills it.
pub struct Worker {
    child: Child,
    input: ChildStdin,
    frames: Receiver<Option<Vec<u8>>>,
}

/// How waiting for one hint ended.
#[derive(Debug)]
pub enum Waited {
    Reported(EngineOutcome),
    /// The deadline and the grace passed; the worker was killed.
    Overran,
    /// The run was cancelled; the worker was killed.
    Cancelled,
    /// The worker ended without reporting, for the reason given.
    Crashed(String),
}

impl Worker {
    pub fn start(program: &Path, setup: &Setup) -> Result<Worker, String> {
        let mut child = Command::new(program)
            .arg(WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            // A worker needs nothing from the environment but the local time zone.
            .env_clear()
            .envs(std::env::vars_os().filter(|(k, _)| k == "TZ"))
            .spawn()
            .map_err(|e| format!("could not start a hint worker ({}): {e}", program.display()))?;
        let (Some(mut input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err("could not talk to a hint worker".to_string());
        };
        if let Err(err) = setup.encode().send(&mut input) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("could not set up a hint worker: {err}"));
        }
        let (sender, frames) = mpsc::channel();
        std::thread::Builder::new()
            .name("hint-worker-reader".into())
            .spawn(move || {
                let mut output = BufReader::new(output);
                loop {
                    let frame = wire::receive(&mut output).ok().flatten();
                    let end = frame.is_none();
                    if sender.send(frame).is_err() || end {
                        return;
                    }
                }
            })
            .map_err(|e| format!("could not start a thread: {e}"))?;
        Ok(Worker {
            child,
            input,
            frames,
        })
    }

    /// Runs one hint: hands it over and waits for the outcome until its deadline and the grace,
    /// or until `cancelled` says to stop.
    pub fn run(&mut self, assignment: &Assignment, cancelled: &dyn Fn() -> bool) -> Waited {
        let deadline = Instant::now() + assignment.timeout + GRACE;
        if let Err(err) = assignment.encode().send(&mut self.input) {
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
            match self.frames.recv_timeout(left.min(TICK)) {
                Ok(Some(frame)) => {
                    return match wire::decode_outcome(&frame) {
                        Ok(outcome) => Waited::Reported(outcome),
                        Err(err) => {
                            self.kill();
                            Waited::Crashed(format!("the hint worker sent a broken report ({err})"))
                        }
                    }
                }
                Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                    return Waited::Crashed(self.ended("it stopped without reporting"))
                }
                Err(RecvTimeoutError::Timeout) => {}
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
    fn drop(&mut self) {
        let _ = self.input.flush();
        self.kill();
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
