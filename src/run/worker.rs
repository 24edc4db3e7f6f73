//! A hint worker: the `grade` binary started by the runner in a hidden mode, one per job. It
//! reads its setup, then one hint at a time, runs each in a fresh engine and writes back each
//! outcome. It locks itself down once it has read what it needs, and keeps nothing between hints
//! but the compiled runtime and its HTTP connections. The parent kills it when a hint overruns.

use std::fs::File;
use std::io::{BufReader, BufWriter};

use super::engine::{self, Limits, Prelude};
use super::wire::{self, Assignment, Setup};
use super::{http, sandbox};

/// The first argument that makes `grade` a hint worker.
pub const WORKER_ARG: &str = "__hint-worker";

/// Whether this process was started as a hint worker.
pub fn is_worker() -> bool {
    std::env::args_os().nth(1).is_some_and(|a| a == WORKER_ARG)
}

/// Serves hints until the parent closes the pipe; the exit code says how it ended.
pub fn serve() -> u8 {
    sandbox::detach();
    sandbox::close_inherited();
    match serve_hints() {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("hint worker: {message}");
            1
        }
    }
}

fn serve_hints() -> Result<(), String> {
    let (mut input, mut output) = protocol_channel()?;
    let setup = match wire::receive(&mut input).map_err(|e| e.to_string())? {
        Some(frame) => Setup::decode(&frame)?,
        None => return Ok(()),
    };
    let prelude = Prelude::compile()?;
    let client = http::Client::new(
        setup.insecure,
        setup.system_roots,
        std::time::Duration::from_secs(10),
    )?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the async runtime: {e}"))?;
    // The local time zone is read from disk once, now, for dates in local time.
    #[cfg(unix)]
    // SAFETY: tzset only reads the environment and the zone file.
    unsafe {
        tzset();
    }
    sandbox::lock_down(setup.memory as usize)?;
    while let Some(frame) = wire::receive(&mut input).map_err(|e| e.to_string())? {
        let assignment = Assignment::decode(&frame)?;
        client.set_names(&assignment.names, &assignment.policy.local);
        let job = engine::Job {
            url: &assignment.url,
            code: &assignment.code,
            policy: assignment.policy.clone(),
            limits: Limits {
                timeout: assignment.timeout,
                memory: setup.memory as usize,
                stack: setup.stack as usize,
            },
        };
        let outcome = runtime.block_on(engine::run_hint(&prelude, &client, job));
        wire::encode_outcome(&outcome)
            .send(&mut output)
            .map_err(|e| format!("could not report to the runner: {e}"))?;
    }
    Ok(())
}

#[cfg(unix)]
extern "C" {
    fn tzset();
}

/// The pipes to the parent. Standard output is moved to a private descriptor for the frames and
/// pointed at standard error, so nothing a library prints can corrupt a frame.
fn protocol_channel() -> Result<(BufReader<File>, BufWriter<File>), String> {
    #[cfg(unix)]
    {
        use std::os::fd::FromRawFd;
        // SAFETY: duplicating and redirecting the process's own standard descriptors; the new
        // descriptor is owned by the `File` made from it.
        let frames = unsafe {
            let frames = libc::dup(1);
            if frames < 0 || libc::dup2(2, 1) < 0 {
                return Err(format!(
                    "could not set up the pipe to the runner: {}",
                    std::io::Error::last_os_error()
                ));
            }
            File::from_raw_fd(frames)
        };
        // SAFETY: standard input is open for the life of the process and read only here.
        let input = unsafe { File::from_raw_fd(0) };
        Ok((BufReader::new(input), BufWriter::new(frames)))
    }
    #[cfg(not(unix))]
    {
        Err("hint workers need a Unix system".to_string())
    }
}
